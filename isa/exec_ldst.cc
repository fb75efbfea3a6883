// Integer load/store bodies (Arm ARM C6.2): LDR/STR and their byte, halfword and
// sign-extending forms in every addressing mode, PRFM, pairs, exclusives and the
// load-acquire/store-release forms.
//
// Common rules, as in the shared pseudocode of the Arm ARM:
//  - a base of register 31 is SP, checked by CheckSPAlignment() (not for PRFM);
//  - a body returns as soon as an access faults, before any register is written, so a
//    faulting instruction never writes back its base or a destination register;
//  - CONSTRAINED UNPREDICTABLE overlaps follow QEMU 7.2 (the functional reference):
//    a load with writeback and Rn == Rt writes Rt first and then the base, so the
//    written-back address wins (Constraint_UNKNOWN: Rn gets an UNKNOWN value, which
//    here is the address); a store with writeback and Rn == Rt stores the original
//    value of Rt (Constraint_NONE). LDP with Rt == Rt2 writes Rt2 and then Rt, so Rt
//    wins; LDXP writes Rt and then Rt2, so Rt2 wins.
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/ldst.h"

namespace isa {

namespace {

using namespace ldst;  // the addressing of the load/store encodings

// What a single-register load does with the data: its size, sign extension and the
// width of the destination register.
struct LoadKind {
  unsigned bytes;
  bool sign;
  bool sf;  // 64-bit destination
};

constexpr LoadKind kByte{1, false, false};
constexpr LoadKind kHalf{2, false, false};
constexpr LoadKind kSignedWord{4, true, true};
// LDR (32/64 by size<0>), LDRSB/LDRSH (opc<0> = 1: 32-bit destination).
constexpr LoadKind ldr_kind(uint32_t insn) {
  return bit(insn, 30) ? LoadKind{8, false, true} : LoadKind{4, false, false};
}
constexpr LoadKind ldrs_kind(uint32_t insn, unsigned bytes) {
  return LoadKind{bytes, true, bit(insn, 22) == 0};
}
// LDP/LDNP: 32 or 64-bit by opc<1>.
constexpr LoadKind pair_kind(uint32_t insn) {
  return bit(insn, 31) ? LoadKind{8, false, true} : LoadKind{4, false, false};
}
// STR: 4 or 8 bytes by size<0>.
constexpr unsigned str_bytes(uint32_t insn) { return bit(insn, 30) ? 8 : 4; }

// The value a load writes to its destination register.
constexpr uint64_t load_value(uint64_t data, const LoadKind& k) {
  if (k.sign) data = static_cast<uint64_t>(sign_extend(data, 8 * k.bytes));
  return k.sf ? data : static_cast<uint32_t>(data);
}

// LDR/LDRB/LDRH/LDRSB/LDRSH/LDRSW and their unscaled and unprivileged forms.
template <Index kIndex>
void load_register(Cpu& cpu, uint32_t insn, uint64_t offset, const LoadKind& k,
                   bool unpriv = false) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  if constexpr (kIndex != Index::Post) address += offset;
  Cpu::MemOp op;
  op.unpriv = unpriv;
  op.rt = static_cast<uint8_t>(t);
  op.sign_extend = k.sign;
  op.sf = k.sf;
  op.syndrome_valid = kIndex == Index::Offset;  // no ISS with writeback
  uint64_t data;
  if (!cpu.read(address, k.bytes, data, op)) return;
  cpu.set_x(t, load_value(data, k));
  if constexpr (kIndex != Index::Offset) {  // after X[t]: with n == t the address wins
    if constexpr (kIndex == Index::Post) address += offset;
    cpu.set_x_or_sp(n, address);
  }
}

// STR/STRB/STRH and their unscaled and unprivileged forms.
template <Index kIndex>
void store_register(Cpu& cpu, uint32_t insn, uint64_t offset, unsigned bytes, bool unpriv = false) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  if constexpr (kIndex != Index::Post) address += offset;
  Cpu::MemOp op;
  op.unpriv = unpriv;
  op.rt = static_cast<uint8_t>(t);
  op.sf = bytes == 8;
  op.syndrome_valid = kIndex == Index::Offset;
  if (!cpu.write(address, bytes, cpu.x(t), op)) return;  // X[t] before writeback
  if constexpr (kIndex != Index::Offset) {
    if constexpr (kIndex == Index::Post) address += offset;
    cpu.set_x_or_sp(n, address);
  }
}

// Register-offset forms.
void load_register_offset(Cpu& cpu, uint32_t insn, const LoadKind& k, unsigned scale) {
  uint64_t offset;
  if (!reg_offset(cpu, insn, scale, offset)) return;
  load_register<Index::Offset>(cpu, insn, offset, k);
}
void store_register_offset(Cpu& cpu, uint32_t insn, unsigned scale) {
  uint64_t offset;
  if (!reg_offset(cpu, insn, scale, offset)) return;
  store_register<Index::Offset>(cpu, insn, offset, 1u << scale);
}

// LDR (literal), LDRSW (literal): address = PC + imm19 * 4.
void load_literal(Cpu& cpu, uint32_t insn, const LoadKind& k) {
  const unsigned t = field_t(insn);
  const uint64_t address =
      cpu.pc() + (static_cast<uint64_t>(sign_extend(bits(insn, 23, 5), 19)) << 2);
  Cpu::MemOp op;
  op.syndrome_valid = true;
  op.rt = static_cast<uint8_t>(t);
  op.sign_extend = k.sign;
  op.sf = k.sf;
  uint64_t data;
  if (!cpu.read(address, k.bytes, data, op)) return;
  cpu.set_x(t, load_value(data, k));
}

// LDP/LDPSW/LDNP: two element-sized accesses, the first at the lower address. Both
// loads complete before any register is written.
template <Index kIndex>
void load_pair(Cpu& cpu, uint32_t insn, const LoadKind& k) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned t2 = field_t2(insn);
  const uint64_t offset = imm7(insn, k.bytes == 8 ? 3 : 2);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  if constexpr (kIndex != Index::Post) address += offset;
  Cpu::MemOp op;
  op.rt = static_cast<uint8_t>(t);
  op.sign_extend = k.sign;
  op.sf = k.sf;
  uint64_t data1, data2;
  // A watchpoint on either element stops the pair before its first read (which may
  // be of a device register with a side effect).
  if (cpu.watch_stop(address, 2 * k.bytes, false)) return;
  if (!cpu.read(address, k.bytes, data1, op)) return;
  op.rt = static_cast<uint8_t>(t2);
  if (!cpu.read(address + k.bytes, k.bytes, data2, op)) return;
  cpu.set_x(t2, load_value(data2, k));
  cpu.set_x(t, load_value(data1, k));  // Rt == Rt2: Rt wins (QEMU)
  if constexpr (kIndex != Index::Offset) {
    if constexpr (kIndex == Index::Post) address += offset;
    cpu.set_x_or_sp(n, address);
  }
}

// STP/STNP.
template <Index kIndex>
void store_pair(Cpu& cpu, uint32_t insn) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned t2 = field_t2(insn);
  const unsigned bytes = bit(insn, 31) ? 8 : 4;
  const uint64_t offset = imm7(insn, bytes == 8 ? 3 : 2);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  if constexpr (kIndex != Index::Post) address += offset;
  Cpu::MemOp op;
  op.rt = static_cast<uint8_t>(t);
  op.sf = bytes == 8;
  // A watchpoint on either element stops the pair before its first write.
  if (cpu.watch_stop(address, 2 * bytes, true)) return;
  if (!cpu.write(address, bytes, cpu.x(t), op)) return;
  op.rt = static_cast<uint8_t>(t2);
  if (!cpu.write(address + bytes, bytes, cpu.x(t2), op)) return;
  if constexpr (kIndex != Index::Offset) {
    if constexpr (kIndex == Index::Post) address += offset;
    cpu.set_x_or_sp(n, address);
  }
}

// ---- exclusives and ordered accesses ----

// The size of an exclusive or ordered access: 1, 2, or 4/8 by size.
constexpr unsigned excl_bytes(uint32_t insn) { return 1u << bits(insn, 31, 30); }

// AArch64.SetExclusiveMonitors(): mark the local monitor on the physical address.
// Called after the load succeeded, so the translation cannot fault.
void set_exclusive_monitors(Cpu& cpu, uint64_t address, unsigned bytes, const Cpu::MemOp& op) {
  uint64_t pa;
  if (cpu.cached_pa(address, bytes, false, pa) ||
      cpu.translate_data(address, mmu::AccessType::Read, bytes, op, pa))
    cpu.exclusive_mark(pa, bytes);
}

// AArch64.ExclusiveMonitorsPass(): alignment and translation faults are taken first;
// then the local monitor is checked and always cleared. Returns false with `faulted`
// set when the check raised an abort (or a debugger's watchpoint stopped the core).
bool exclusive_monitors_pass(Cpu& cpu, uint64_t address, unsigned bytes, const Cpu::MemOp& op,
                             bool& faulted) {
  // A debugger's watchpoint stops the instruction before the monitor is cleared: it
  // executes again, whole, when the debugger steps over it.
  faulted = cpu.watch_stop(address, bytes, true);
  if (faulted) return false;
  uint64_t pa;
  if (!cpu.cached_pa(address, bytes, true, pa)) {
    faulted = !cpu.translate_data(address, mmu::AccessType::Write, bytes, op, pa);
    if (faulted) return false;
    cpu.fill_host_for_write(address, pa, op);  // the store, if made, then hits it
  }
  const bool passed = cpu.exclusive_check(pa, bytes);
  cpu.exclusive_clear();
  return passed;
}

Cpu::MemOp exclusive_op(unsigned t, unsigned bytes) {
  Cpu::MemOp op;
  op.exclusive = true;
  op.rt = static_cast<uint8_t>(t);
  op.sf = bytes == 8;
  return op;
}

// LDXR/LDAXR (B/H/-).
void load_exclusive(Cpu& cpu, uint32_t insn) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned bytes = excl_bytes(insn);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  const Cpu::MemOp op = exclusive_op(t, bytes);
  uint64_t data;
  if (!cpu.read(address, bytes, data, op)) return;
  set_exclusive_monitors(cpu, address, bytes, op);
  cpu.set_x(t, data);
}

// STXR/STLXR (B/H/-): Rs = 0 when the store was made, 1 when the monitor failed.
void store_exclusive(Cpu& cpu, uint32_t insn) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned s = field_s(insn);
  const unsigned bytes = excl_bytes(insn);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  const Cpu::MemOp op = exclusive_op(t, bytes);
  const uint64_t data = cpu.x(t);
  bool faulted;
  const bool passed = exclusive_monitors_pass(cpu, address, bytes, op, faulted);
  if (faulted) return;
  if (passed && !cpu.write(address, bytes, data, op)) return;
  cpu.set_w(s, passed ? 0 : 1);
}

// LDXP/LDAXP: one access of 8 (two W) or 16 (two X) bytes, aligned to its size.
void load_exclusive_pair(Cpu& cpu, uint32_t insn) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned t2 = field_t2(insn);
  const bool is64 = bit(insn, 30);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  const unsigned bytes = is64 ? 16 : 8;
  const Cpu::MemOp op = exclusive_op(t, is64 ? 8 : 4);
  uint64_t data[2];
  if (is64) {
    if (!cpu.read128(address, data, op)) return;
  } else {
    if (!cpu.read(address, 8, data[0], op)) return;
    data[1] = data[0] >> 32;
    data[0] &= 0xFFFFFFFFull;
  }
  set_exclusive_monitors(cpu, address, bytes, op);
  cpu.set_x(t, data[0]);
  cpu.set_x(t2, data[1]);  // Rt == Rt2: Rt2 wins (QEMU)
}

// STXP/STLXP.
void store_exclusive_pair(Cpu& cpu, uint32_t insn) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned t2 = field_t2(insn);
  const unsigned s = field_s(insn);
  const bool is64 = bit(insn, 30);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  const unsigned bytes = is64 ? 16 : 8;
  const Cpu::MemOp op = exclusive_op(t, is64 ? 8 : 4);
  const uint64_t data[2] = {cpu.x(t), cpu.x(t2)};
  bool faulted;
  const bool passed = exclusive_monitors_pass(cpu, address, bytes, op, faulted);
  if (faulted) return;
  if (passed) {
    const bool ok = is64 ? cpu.write128(address, data, op)
                         : cpu.write(address, 8, (data[1] << 32) | (data[0] & 0xFFFFFFFFull), op);
    if (!ok) return;
  }
  cpu.set_w(s, passed ? 0 : 1);
}

// LDAR/STLR (B/H/-): ordinary accesses that are always alignment-checked. A single PE
// with in-order memory needs no further ordering.
void load_acquire(Cpu& cpu, uint32_t insn) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned bytes = excl_bytes(insn);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  Cpu::MemOp op;
  op.ordered = true;
  op.syndrome_valid = true;
  op.acqrel = true;
  op.rt = static_cast<uint8_t>(t);
  op.sf = bytes == 8;
  uint64_t data;
  if (!cpu.read(address, bytes, data, op)) return;
  cpu.set_x(t, data);
}

void store_release(Cpu& cpu, uint32_t insn) {
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned bytes = excl_bytes(insn);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  Cpu::MemOp op;
  op.ordered = true;
  op.syndrome_valid = true;
  op.acqrel = true;
  op.rt = static_cast<uint8_t>(t);
  op.sf = bytes == 8;
  cpu.write(address, bytes, cpu.x(t), op);
}

}  // namespace

// ---- literal ----

void exec_LDR_lit(Cpu& cpu, uint32_t insn) { load_literal(cpu, insn, ldr_kind(insn)); }
void exec_LDRSW_lit(Cpu& cpu, uint32_t insn) { load_literal(cpu, insn, kSignedWord); }
// PRFM is a hint: no access, no fault.
void exec_PRFM_lit(Cpu&, uint32_t) {}

// ---- immediate: post-index, pre-index, unsigned offset ----

void exec_STRB_imm_post(Cpu& cpu, uint32_t insn) {
  store_register<Index::Post>(cpu, insn, imm9(insn), 1);
}
void exec_STRB_imm_pre(Cpu& cpu, uint32_t insn) {
  store_register<Index::Pre>(cpu, insn, imm9(insn), 1);
}
void exec_STRB_imm_uoff(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, uimm12(insn, 0), 1);
}
void exec_LDRB_imm_post(Cpu& cpu, uint32_t insn) {
  load_register<Index::Post>(cpu, insn, imm9(insn), kByte);
}
void exec_LDRB_imm_pre(Cpu& cpu, uint32_t insn) {
  load_register<Index::Pre>(cpu, insn, imm9(insn), kByte);
}
void exec_LDRB_imm_uoff(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, uimm12(insn, 0), kByte);
}
void exec_LDRSB_imm_post(Cpu& cpu, uint32_t insn) {
  load_register<Index::Post>(cpu, insn, imm9(insn), ldrs_kind(insn, 1));
}
void exec_LDRSB_imm_pre(Cpu& cpu, uint32_t insn) {
  load_register<Index::Pre>(cpu, insn, imm9(insn), ldrs_kind(insn, 1));
}
void exec_LDRSB_imm_uoff(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, uimm12(insn, 0), ldrs_kind(insn, 1));
}
void exec_STRH_imm_post(Cpu& cpu, uint32_t insn) {
  store_register<Index::Post>(cpu, insn, imm9(insn), 2);
}
void exec_STRH_imm_pre(Cpu& cpu, uint32_t insn) {
  store_register<Index::Pre>(cpu, insn, imm9(insn), 2);
}
void exec_STRH_imm_uoff(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, uimm12(insn, 1), 2);
}
void exec_LDRH_imm_post(Cpu& cpu, uint32_t insn) {
  load_register<Index::Post>(cpu, insn, imm9(insn), kHalf);
}
void exec_LDRH_imm_pre(Cpu& cpu, uint32_t insn) {
  load_register<Index::Pre>(cpu, insn, imm9(insn), kHalf);
}
void exec_LDRH_imm_uoff(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, uimm12(insn, 1), kHalf);
}
void exec_LDRSH_imm_post(Cpu& cpu, uint32_t insn) {
  load_register<Index::Post>(cpu, insn, imm9(insn), ldrs_kind(insn, 2));
}
void exec_LDRSH_imm_pre(Cpu& cpu, uint32_t insn) {
  load_register<Index::Pre>(cpu, insn, imm9(insn), ldrs_kind(insn, 2));
}
void exec_LDRSH_imm_uoff(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, uimm12(insn, 1), ldrs_kind(insn, 2));
}
void exec_STR_imm_post(Cpu& cpu, uint32_t insn) {
  store_register<Index::Post>(cpu, insn, imm9(insn), str_bytes(insn));
}
void exec_STR_imm_pre(Cpu& cpu, uint32_t insn) {
  store_register<Index::Pre>(cpu, insn, imm9(insn), str_bytes(insn));
}
void exec_STR_imm_uoff(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, uimm12(insn, bits(insn, 31, 30)), str_bytes(insn));
}
void exec_LDR_imm_post(Cpu& cpu, uint32_t insn) {
  load_register<Index::Post>(cpu, insn, imm9(insn), ldr_kind(insn));
}
void exec_LDR_imm_pre(Cpu& cpu, uint32_t insn) {
  load_register<Index::Pre>(cpu, insn, imm9(insn), ldr_kind(insn));
}
void exec_LDR_imm_uoff(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, uimm12(insn, bits(insn, 31, 30)), ldr_kind(insn));
}
void exec_LDRSW_imm_post(Cpu& cpu, uint32_t insn) {
  load_register<Index::Post>(cpu, insn, imm9(insn), kSignedWord);
}
void exec_LDRSW_imm_pre(Cpu& cpu, uint32_t insn) {
  load_register<Index::Pre>(cpu, insn, imm9(insn), kSignedWord);
}
void exec_LDRSW_imm_uoff(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, uimm12(insn, 2), kSignedWord);
}
void exec_PRFM_imm(Cpu&, uint32_t) {}

// ---- unscaled (LDUR...) and unprivileged (LDTR...) ----

void exec_STURB(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, imm9(insn), 1);
}
void exec_STTRB(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, imm9(insn), 1, true);
}
void exec_LDURB(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), kByte);
}
void exec_LDTRB(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), kByte, true);
}
void exec_LDURSB(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), ldrs_kind(insn, 1));
}
void exec_LDTRSB(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), ldrs_kind(insn, 1), true);
}
void exec_STURH(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, imm9(insn), 2);
}
void exec_STTRH(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, imm9(insn), 2, true);
}
void exec_LDURH(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), kHalf);
}
void exec_LDTRH(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), kHalf, true);
}
void exec_LDURSH(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), ldrs_kind(insn, 2));
}
void exec_LDTRSH(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), ldrs_kind(insn, 2), true);
}
void exec_STUR(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, imm9(insn), str_bytes(insn));
}
void exec_STTR(Cpu& cpu, uint32_t insn) {
  store_register<Index::Offset>(cpu, insn, imm9(insn), str_bytes(insn), true);
}
void exec_LDUR(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), ldr_kind(insn));
}
void exec_LDTR(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), ldr_kind(insn), true);
}
void exec_LDURSW(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), kSignedWord);
}
void exec_LDTRSW(Cpu& cpu, uint32_t insn) {
  load_register<Index::Offset>(cpu, insn, imm9(insn), kSignedWord, true);
}
void exec_PRFUM(Cpu&, uint32_t) {}

// ---- register offset ----

void exec_STRB_reg(Cpu& cpu, uint32_t insn) { store_register_offset(cpu, insn, 0); }
void exec_LDRB_reg(Cpu& cpu, uint32_t insn) { load_register_offset(cpu, insn, kByte, 0); }
void exec_LDRSB_reg(Cpu& cpu, uint32_t insn) {
  load_register_offset(cpu, insn, ldrs_kind(insn, 1), 0);
}
void exec_STRH_reg(Cpu& cpu, uint32_t insn) { store_register_offset(cpu, insn, 1); }
void exec_LDRH_reg(Cpu& cpu, uint32_t insn) { load_register_offset(cpu, insn, kHalf, 1); }
void exec_LDRSH_reg(Cpu& cpu, uint32_t insn) {
  load_register_offset(cpu, insn, ldrs_kind(insn, 2), 1);
}
void exec_STR_reg(Cpu& cpu, uint32_t insn) { store_register_offset(cpu, insn, bits(insn, 31, 30)); }
void exec_LDR_reg(Cpu& cpu, uint32_t insn) {
  load_register_offset(cpu, insn, ldr_kind(insn), bits(insn, 31, 30));
}
void exec_LDRSW_reg(Cpu& cpu, uint32_t insn) { load_register_offset(cpu, insn, kSignedWord, 2); }
void exec_PRFM_reg(Cpu& cpu, uint32_t insn) {
  uint64_t offset;
  reg_offset(cpu, insn, 3, offset);  // only the UNDEFINED option values have an effect
}

// ---- pairs ----

void exec_STP_post(Cpu& cpu, uint32_t insn) { store_pair<Index::Post>(cpu, insn); }
void exec_STP_pre(Cpu& cpu, uint32_t insn) { store_pair<Index::Pre>(cpu, insn); }
void exec_STP_off(Cpu& cpu, uint32_t insn) { store_pair<Index::Offset>(cpu, insn); }
void exec_LDP_post(Cpu& cpu, uint32_t insn) { load_pair<Index::Post>(cpu, insn, pair_kind(insn)); }
void exec_LDP_pre(Cpu& cpu, uint32_t insn) { load_pair<Index::Pre>(cpu, insn, pair_kind(insn)); }
void exec_LDP_off(Cpu& cpu, uint32_t insn) { load_pair<Index::Offset>(cpu, insn, pair_kind(insn)); }
void exec_LDPSW_post(Cpu& cpu, uint32_t insn) { load_pair<Index::Post>(cpu, insn, kSignedWord); }
void exec_LDPSW_pre(Cpu& cpu, uint32_t insn) { load_pair<Index::Pre>(cpu, insn, kSignedWord); }
void exec_LDPSW_off(Cpu& cpu, uint32_t insn) { load_pair<Index::Offset>(cpu, insn, kSignedWord); }
// The non-temporal hint has no effect on a model without caches.
void exec_STNP(Cpu& cpu, uint32_t insn) { store_pair<Index::Offset>(cpu, insn); }
void exec_LDNP(Cpu& cpu, uint32_t insn) { load_pair<Index::Offset>(cpu, insn, pair_kind(insn)); }

// ---- exclusives, acquire/release ----

void exec_STXRB(Cpu& cpu, uint32_t insn) { store_exclusive(cpu, insn); }
void exec_STLXRB(Cpu& cpu, uint32_t insn) { store_exclusive(cpu, insn); }
void exec_LDXRB(Cpu& cpu, uint32_t insn) { load_exclusive(cpu, insn); }
void exec_LDAXRB(Cpu& cpu, uint32_t insn) { load_exclusive(cpu, insn); }
void exec_STXRH(Cpu& cpu, uint32_t insn) { store_exclusive(cpu, insn); }
void exec_STLXRH(Cpu& cpu, uint32_t insn) { store_exclusive(cpu, insn); }
void exec_LDXRH(Cpu& cpu, uint32_t insn) { load_exclusive(cpu, insn); }
void exec_LDAXRH(Cpu& cpu, uint32_t insn) { load_exclusive(cpu, insn); }
void exec_STXR(Cpu& cpu, uint32_t insn) { store_exclusive(cpu, insn); }
void exec_STLXR(Cpu& cpu, uint32_t insn) { store_exclusive(cpu, insn); }
void exec_LDXR(Cpu& cpu, uint32_t insn) { load_exclusive(cpu, insn); }
void exec_LDAXR(Cpu& cpu, uint32_t insn) { load_exclusive(cpu, insn); }
void exec_STXP(Cpu& cpu, uint32_t insn) { store_exclusive_pair(cpu, insn); }
void exec_STLXP(Cpu& cpu, uint32_t insn) { store_exclusive_pair(cpu, insn); }
void exec_LDXP(Cpu& cpu, uint32_t insn) { load_exclusive_pair(cpu, insn); }
void exec_LDAXP(Cpu& cpu, uint32_t insn) { load_exclusive_pair(cpu, insn); }
void exec_STLRB(Cpu& cpu, uint32_t insn) { store_release(cpu, insn); }
void exec_LDARB(Cpu& cpu, uint32_t insn) { load_acquire(cpu, insn); }
void exec_STLRH(Cpu& cpu, uint32_t insn) { store_release(cpu, insn); }
void exec_LDARH(Cpu& cpu, uint32_t insn) { load_acquire(cpu, insn); }
void exec_STLR(Cpu& cpu, uint32_t insn) { store_release(cpu, insn); }
void exec_LDAR(Cpu& cpu, uint32_t insn) { load_acquire(cpu, insn); }

}  // namespace isa
