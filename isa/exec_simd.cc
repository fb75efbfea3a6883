// SIMD&FP register-transfer bodies (Arm ARM C7.2): loads and stores of B/H/S/D/Q
// registers, the AdvSIMD structure loads and stores, and the moves between and into
// SIMD&FP registers.
//
// Every body checks its decode-time UNDEFINED cases first, then
// CheckFPAdvSIMDEnabled64(), then (for a base of SP) CheckSPAlignment(). Loads complete
// all their accesses before any register is written, and a faulting access returns
// before writeback. A write of a B/H/S/D register (V[t] = data with fewer than 128
// bits) clears the rest of the 128-bit register; Q = 0 vector forms clear the upper
// 64 bits.
#include <bit>
#include <cstring>

#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/ldst.h"
#include "isa/simd.h"

namespace isa {

namespace {

using simd::get_elem;
using simd::set_elem;
using simd::set_v;
using simd::set_v_halves;

using namespace ldst;  // the addressing of the load/store encodings

// ---- lanes ----

// Replicate(element, 64 / esize) with the element size in bytes.
constexpr uint64_t replicate_bytes(uint64_t element, unsigned ebytes) {
  return replicate(element, 8 * ebytes);
}

// ---- accesses ----

inline Cpu::MemOp simd_op(unsigned t) {
  Cpu::MemOp op;
  op.simd = true;
  op.rt = static_cast<uint8_t>(t);
  return op;
}

// Mem[address, 1 << scale]: into data[0..1], zero-extended to 128 bits.
inline bool read_fp(Cpu& cpu, uint64_t address, unsigned scale, uint64_t data[2],
                    const Cpu::MemOp& op) {
  if (scale == 4) return cpu.read128(address, data, op);
  data[1] = 0;
  return cpu.read(address, 1u << scale, data[0], op);
}
inline bool write_fp(Cpu& cpu, uint64_t address, unsigned scale, const uint64_t* v,
                     const Cpu::MemOp& op) {
  if (scale == 4) return cpu.write128(address, v, op);
  return cpu.write(address, 1u << scale, v[0], op);
}

// ---- single register ----

// scale = opc<1>:size of the single-register forms; above 4 is UNDEFINED.
bool fp_scale(Cpu& cpu, uint32_t insn, unsigned& scale) {
  scale = (bit(insn, 23) << 2) | bits(insn, 31, 30);
  if (scale > 4) return cpu.undefined();
  return true;
}

template <bool kLoad, Index kIndex>
void ldst_fp(Cpu& cpu, uint32_t insn, unsigned scale, uint64_t offset) {
  if (!cpu.check_fp_enabled()) return;
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  if constexpr (kIndex != Index::Post) address += offset;
  const Cpu::MemOp op = simd_op(t);
  if constexpr (kLoad) {
    uint64_t data[2];
    if (!read_fp(cpu, address, scale, data, op)) return;
    set_v_halves(cpu, t, data);
  } else {
    if (!write_fp(cpu, address, scale, cpu.vreg(t), op)) return;
  }
  if constexpr (kIndex != Index::Offset) {
    if constexpr (kIndex == Index::Post) address += offset;
    cpu.set_x_or_sp(n, address);
  }
}

template <bool kLoad, Index kIndex>
void ldst_fp_imm9(Cpu& cpu, uint32_t insn) {
  unsigned scale = 0;
  if (!fp_scale(cpu, insn, scale)) return;
  ldst_fp<kLoad, kIndex>(cpu, insn, scale, imm9(insn));
}

template <bool kLoad>
void ldst_fp_uoff(Cpu& cpu, uint32_t insn) {
  unsigned scale = 0;
  if (!fp_scale(cpu, insn, scale)) return;
  ldst_fp<kLoad, Index::Offset>(cpu, insn, scale, uimm12(insn, scale));
}

template <bool kLoad>
void ldst_fp_reg(Cpu& cpu, uint32_t insn) {
  unsigned scale = 0;
  uint64_t offset;
  if (!fp_scale(cpu, insn, scale) || !reg_offset(cpu, insn, scale, offset)) return;
  ldst_fp<kLoad, Index::Offset>(cpu, insn, scale, offset);
}

// ---- pairs ----

// LDP/STP/LDNP/STNP (SIMD&FP): opc 00 S, 01 D, 10 Q; 11 is UNDEFINED.
template <bool kLoad, Index kIndex>
void ldst_fp_pair(Cpu& cpu, uint32_t insn) {
  const unsigned opc = bits(insn, 31, 30);
  if (opc == 3) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const unsigned scale = 2 + opc;
  const unsigned bytes = 1u << scale;
  const unsigned n = field_n(insn);
  const unsigned t = field_t(insn);
  const unsigned t2 = field_t2(insn);
  const uint64_t offset = imm7(insn, scale);
  uint64_t address;
  if (!base_address(cpu, n, address)) return;
  if constexpr (kIndex != Index::Post) address += offset;
  Cpu::MemOp op = simd_op(t);
  // A watchpoint on either element stops the pair before its first access.
  if (cpu.watch_stop(address, 2 * bytes, !kLoad)) return;
  if constexpr (kLoad) {
    uint64_t data1[2], data2[2];
    if (!read_fp(cpu, address, scale, data1, op)) return;
    op.rt = static_cast<uint8_t>(t2);
    if (!read_fp(cpu, address + bytes, scale, data2, op)) return;
    set_v_halves(cpu, t, data1);
    set_v_halves(cpu, t2, data2);  // Rt == Rt2: Rt2 wins (QEMU)
  } else {
    if (!write_fp(cpu, address, scale, cpu.vreg(t), op)) return;
    op.rt = static_cast<uint8_t>(t2);
    if (!write_fp(cpu, address + bytes, scale, cpu.vreg(t2), op)) return;
  }
  if constexpr (kIndex != Index::Offset) {
    if constexpr (kIndex == Index::Post) address += offset;
    cpu.set_x_or_sp(n, address);
  }
}

// ---- AdvSIMD structures ----

// Post-index writeback of the structure forms: Rm == 31 adds the bytes transferred.
inline void structure_writeback(Cpu& cpu, uint32_t insn, uint64_t address, uint64_t offs) {
  const unsigned m = field_m(insn);
  if (m != 31) offs = cpu.x(m);
  cpu.set_x_or_sp(field_n(insn), address + offs);
}

// LD1-LD4/ST1-ST4 (multiple structures).
template <bool kLoad>
void ldst_multiple(Cpu& cpu, uint32_t insn, bool wback) {
  const unsigned q = bit(insn, 30);
  const unsigned size = bits(insn, 11, 10);
  unsigned rpt, selem;
  switch (bits(insn, 15, 12)) {
    case 0b0000:
      rpt = 1, selem = 4;
      break;
    case 0b0010:
      rpt = 4, selem = 1;
      break;
    case 0b0100:
      rpt = 1, selem = 3;
      break;
    case 0b0110:
      rpt = 3, selem = 1;
      break;
    case 0b0111:
      rpt = 1, selem = 1;
      break;
    case 0b1000:
      rpt = 1, selem = 2;
      break;
    default:
      rpt = 2, selem = 1;
      break;  // 0b1010
  }
  if (size == 3 && q == 0 && selem != 1) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const unsigned t = field_t(insn);
  uint64_t address;
  if (!base_address(cpu, field_n(insn), address)) return;
  const unsigned ebytes = 1u << size;
  const unsigned elements = (q ? 16 : 8) >> size;
  const unsigned nregs = rpt * selem;  // one of rpt and selem is 1
  const Cpu::MemOp op = simd_op(t);
  // The structures are contiguous: a watchpoint anywhere in them stops the
  // instruction before its first access.
  if (cpu.watch_stop(address, nregs * elements * ebytes, !kLoad)) return;
  // Consecutive whole registers: 64-bit accesses, each as aligned as its elements;
  // otherwise one access per element.
  const bool whole = selem == 1 && (address & 7) == 0;
  uint64_t offs = 0;
  if constexpr (kLoad) {
    uint64_t buf[4][2] = {};
    if (whole) {
      for (unsigned r = 0; r < rpt; ++r)
        for (unsigned h = 0; h <= q; ++h, offs += 8)
          if (!cpu.read(address + offs, 8, buf[r][h], op)) return;
    } else {
      for (unsigned r = 0; r < rpt; ++r)
        for (unsigned e = 0; e < elements; ++e)
          for (unsigned s = 0; s < selem; ++s, offs += ebytes) {
            uint64_t data;
            if (!cpu.read(address + offs, ebytes, data, op)) return;
            set_elem(buf[r + s], e, ebytes, data);
          }
    }
    for (unsigned i = 0; i < nregs; ++i) set_v_halves(cpu, (t + i) % 32, buf[i]);
  } else {
    if (whole) {
      for (unsigned r = 0; r < rpt; ++r)
        for (unsigned h = 0; h <= q; ++h, offs += 8)
          if (!cpu.write(address + offs, 8, cpu.vreg((t + r) % 32)[h], op)) return;
    } else {
      for (unsigned r = 0; r < rpt; ++r)
        for (unsigned e = 0; e < elements; ++e)
          for (unsigned s = 0; s < selem; ++s, offs += ebytes)
            if (!cpu.write(address + offs, ebytes, get_elem(cpu.vreg((t + r + s) % 32), e, ebytes),
                           op))
              return;
    }
  }
  const uint64_t accesses = offs / (whole ? 8 : ebytes);  // one lookup each
  if (accesses > pmu_event::kDataLookupsPerStep) cpu.many_data_lookups();
  if (wback) structure_writeback(cpu, insn, address, offs);
}

// LD1-LD4/ST1-ST4 (single structure): one lane of selem consecutive registers.
template <bool kLoad>
void ldst_single(Cpu& cpu, uint32_t insn, bool wback) {
  const unsigned q = bit(insn, 30);
  const unsigned s_bit = bit(insn, 12);
  const unsigned size = bits(insn, 11, 10);
  const unsigned opcode = bits(insn, 15, 13);
  const unsigned selem = (((opcode & 1) << 1) | bit(insn, 21)) + 1;
  unsigned scale = opcode >> 1;
  unsigned index;
  bool undef = false;
  switch (scale) {
    case 0:
      index = (q << 3) | (s_bit << 2) | size;
      break;
    case 1:
      undef = size & 1;
      index = (q << 2) | (s_bit << 1) | (size >> 1);
      break;
    default:  // 2
      undef = (size & 2) || ((size & 1) && s_bit);
      if (size & 1) {
        index = q;
        scale = 3;
      } else {
        index = (q << 1) | s_bit;
      }
      break;
  }
  if (undef) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const unsigned t = field_t(insn);
  uint64_t address;
  if (!base_address(cpu, field_n(insn), address)) return;
  const unsigned ebytes = 1u << scale;
  const Cpu::MemOp op = simd_op(t);
  if (cpu.watch_stop(address, selem * ebytes, !kLoad)) return;  // as ldst_multiple
  uint64_t offs = 0;
  if constexpr (kLoad) {
    uint64_t data[4];
    for (unsigned s = 0; s < selem; ++s, offs += ebytes)
      if (!cpu.read(address + offs, ebytes, data[s], op)) return;
    for (unsigned s = 0; s < selem; ++s) set_elem(cpu.vreg((t + s) % 32), index, ebytes, data[s]);
  } else {
    for (unsigned s = 0; s < selem; ++s, offs += ebytes)
      if (!cpu.write(address + offs, ebytes, get_elem(cpu.vreg((t + s) % 32), index, ebytes), op))
        return;
  }
  if (selem > pmu_event::kDataLookupsPerStep) cpu.many_data_lookups();
  if (wback) structure_writeback(cpu, insn, address, offs);
}

// LD1R-LD4R: one element per register, replicated to every lane.
void load_replicate(Cpu& cpu, uint32_t insn, bool wback) {
  if (!cpu.check_fp_enabled()) return;
  const unsigned q = bit(insn, 30);
  const unsigned ebytes = 1u << bits(insn, 11, 10);
  const unsigned selem = ((bit(insn, 13) << 1) | bit(insn, 21)) + 1;
  const unsigned t = field_t(insn);
  uint64_t address;
  if (!base_address(cpu, field_n(insn), address)) return;
  const Cpu::MemOp op = simd_op(t);
  if (cpu.watch_stop(address, selem * ebytes, false)) return;  // as ldst_multiple
  uint64_t data[4];
  uint64_t offs = 0;
  for (unsigned s = 0; s < selem; ++s, offs += ebytes)
    if (!cpu.read(address + offs, ebytes, data[s], op)) return;
  for (unsigned s = 0; s < selem; ++s) {
    const uint64_t rep = replicate_bytes(data[s], ebytes);
    set_v(cpu, (t + s) % 32, rep, q ? rep : 0);
  }
  if (selem > pmu_event::kDataLookupsPerStep) cpu.many_data_lookups();
  if (wback) structure_writeback(cpu, insn, address, offs);
}

// ---- immediates ----

// VFPExpandImm(imm8) for single (N = 32) and double (N = 64) precision.
constexpr uint64_t vfp_expand_imm(unsigned imm8, bool is64) {
  const uint64_t sign = imm8 >> 7;
  const uint64_t b = (imm8 >> 6) & 1;
  const uint64_t cd = (imm8 >> 4) & 3;
  const uint64_t efgh = imm8 & 0xF;
  if (is64) {
    const uint64_t exp = ((b ^ 1) << 10) | ((b ? 0xFFull : 0) << 2) | cd;
    return (sign << 63) | (exp << 52) | (efgh << 48);
  }
  const uint64_t exp = ((b ^ 1) << 7) | ((b ? 0x1Full : 0) << 2) | cd;
  return (sign << 31) | (exp << 23) | (efgh << 19);
}

// AdvSIMDExpandImm(op, cmode, imm8).
constexpr uint64_t advsimd_expand_imm(unsigned op, unsigned cmode, uint64_t imm8) {
  switch (cmode >> 1) {
    case 0:
      return replicate_bytes(imm8, 4);
    case 1:
      return replicate_bytes(imm8 << 8, 4);
    case 2:
      return replicate_bytes(imm8 << 16, 4);
    case 3:
      return replicate_bytes(imm8 << 24, 4);
    case 4:
      return replicate_bytes(imm8, 2);
    case 5:
      return replicate_bytes(imm8 << 8, 2);
    case 6:
      return (cmode & 1) ? replicate_bytes((imm8 << 16) | 0xFFFF, 4)
                         : replicate_bytes((imm8 << 8) | 0xFF, 4);
    default:
      if ((cmode & 1) == 0 && op == 0) return replicate_bytes(imm8, 1);
      if ((cmode & 1) == 0) {  // each bit of imm8 becomes a byte of ones or zeros
        uint64_t r = 0;
        for (unsigned i = 0; i < 8; ++i)
          if ((imm8 >> i) & 1) r |= 0xFFull << (8 * i);
        return r;
      }
      return op == 0 ? replicate_bytes(vfp_expand_imm(static_cast<unsigned>(imm8), false), 4)
                     : vfp_expand_imm(static_cast<unsigned>(imm8), true);
  }
}

enum class ImmOp : uint8_t { Movi, Mvni, Orr, Bic };

// MOVI/MVNI/ORR/BIC/FMOV (vector, immediate).
void modified_immediate(Cpu& cpu, uint32_t insn, ImmOp operation) {
  if (!cpu.check_fp_enabled()) return;
  const unsigned q = bit(insn, 30);
  const unsigned imm8 = (bits(insn, 18, 16) << 5) | bits(insn, 9, 5);
  const uint64_t imm = advsimd_expand_imm(bit(insn, 29), bits(insn, 15, 12), imm8);
  uint64_t* v = cpu.vreg(field_t(insn));
  auto apply = [&](uint64_t operand) -> uint64_t {
    switch (operation) {
      case ImmOp::Movi:
        return imm;
      case ImmOp::Mvni:
        return ~imm;
      case ImmOp::Orr:
        return operand | imm;
      case ImmOp::Bic:
        return operand & ~imm;
    }
    return imm;
  };
  v[0] = apply(v[0]);
  v[1] = q ? apply(v[1]) : 0;
}

// ---- copies ----

// size = LowestSetBit(imm5); 4 or more (imm5 == x0000) is UNDEFINED.
constexpr unsigned imm5_size(uint32_t insn) {
  return static_cast<unsigned>(std::countr_zero(bits(insn, 20, 16) | 0x20u));
}
constexpr unsigned imm5_index(uint32_t insn, unsigned size) {
  return bits(insn, 20, 16) >> (size + 1);
}

}  // namespace

// ---- LDR/STR (SIMD&FP) ----

void exec_STR_imm_fpsimd_post(Cpu& cpu, uint32_t insn) {
  ldst_fp_imm9<false, Index::Post>(cpu, insn);
}
void exec_STR_imm_fpsimd_pre(Cpu& cpu, uint32_t insn) {
  ldst_fp_imm9<false, Index::Pre>(cpu, insn);
}
void exec_STR_imm_fpsimd_uoff(Cpu& cpu, uint32_t insn) { ldst_fp_uoff<false>(cpu, insn); }
void exec_STUR_fpsimd(Cpu& cpu, uint32_t insn) { ldst_fp_imm9<false, Index::Offset>(cpu, insn); }
void exec_STR_reg_fpsimd(Cpu& cpu, uint32_t insn) { ldst_fp_reg<false>(cpu, insn); }
void exec_LDR_imm_fpsimd_post(Cpu& cpu, uint32_t insn) {
  ldst_fp_imm9<true, Index::Post>(cpu, insn);
}
void exec_LDR_imm_fpsimd_pre(Cpu& cpu, uint32_t insn) { ldst_fp_imm9<true, Index::Pre>(cpu, insn); }
void exec_LDR_imm_fpsimd_uoff(Cpu& cpu, uint32_t insn) { ldst_fp_uoff<true>(cpu, insn); }
void exec_LDUR_fpsimd(Cpu& cpu, uint32_t insn) { ldst_fp_imm9<true, Index::Offset>(cpu, insn); }
void exec_LDR_reg_fpsimd(Cpu& cpu, uint32_t insn) { ldst_fp_reg<true>(cpu, insn); }

// LDR (literal, SIMD&FP): opc 00 S, 01 D, 10 Q; 11 is UNDEFINED.
void exec_LDR_lit_fpsimd(Cpu& cpu, uint32_t insn) {
  const unsigned opc = bits(insn, 31, 30);
  if (opc == 3) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const unsigned t = field_t(insn);
  const uint64_t address =
      cpu.pc() + (static_cast<uint64_t>(sign_extend(bits(insn, 23, 5), 19)) << 2);
  uint64_t data[2];
  if (!read_fp(cpu, address, 2 + opc, data, simd_op(t))) return;
  set_v_halves(cpu, t, data);
}

// ---- LDP/STP/LDNP/STNP (SIMD&FP) ----

void exec_STP_fpsimd_post(Cpu& cpu, uint32_t insn) { ldst_fp_pair<false, Index::Post>(cpu, insn); }
void exec_STP_fpsimd_pre(Cpu& cpu, uint32_t insn) { ldst_fp_pair<false, Index::Pre>(cpu, insn); }
void exec_STP_fpsimd_off(Cpu& cpu, uint32_t insn) { ldst_fp_pair<false, Index::Offset>(cpu, insn); }
void exec_STNP_fpsimd(Cpu& cpu, uint32_t insn) { ldst_fp_pair<false, Index::Offset>(cpu, insn); }
void exec_LDP_fpsimd_post(Cpu& cpu, uint32_t insn) { ldst_fp_pair<true, Index::Post>(cpu, insn); }
void exec_LDP_fpsimd_pre(Cpu& cpu, uint32_t insn) { ldst_fp_pair<true, Index::Pre>(cpu, insn); }
void exec_LDP_fpsimd_off(Cpu& cpu, uint32_t insn) { ldst_fp_pair<true, Index::Offset>(cpu, insn); }
void exec_LDNP_fpsimd(Cpu& cpu, uint32_t insn) { ldst_fp_pair<true, Index::Offset>(cpu, insn); }

// ---- multiple structures ----

void exec_ST1_mult1(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, false); }
void exec_ST1_mult1_post(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, true); }
void exec_ST1_mult2(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, false); }
void exec_ST1_mult2_post(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, true); }
void exec_ST1_mult3(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, false); }
void exec_ST1_mult3_post(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, true); }
void exec_ST1_mult4(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, false); }
void exec_ST1_mult4_post(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, true); }
void exec_ST2_mult(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, false); }
void exec_ST2_mult_post(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, true); }
void exec_ST3_mult(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, false); }
void exec_ST3_mult_post(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, true); }
void exec_ST4_mult(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, false); }
void exec_ST4_mult_post(Cpu& cpu, uint32_t insn) { ldst_multiple<false>(cpu, insn, true); }
void exec_LD1_mult1(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, false); }
void exec_LD1_mult1_post(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, true); }
void exec_LD1_mult2(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, false); }
void exec_LD1_mult2_post(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, true); }
void exec_LD1_mult3(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, false); }
void exec_LD1_mult3_post(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, true); }
void exec_LD1_mult4(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, false); }
void exec_LD1_mult4_post(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, true); }
void exec_LD2_mult(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, false); }
void exec_LD2_mult_post(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, true); }
void exec_LD3_mult(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, false); }
void exec_LD3_mult_post(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, true); }
void exec_LD4_mult(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, false); }
void exec_LD4_mult_post(Cpu& cpu, uint32_t insn) { ldst_multiple<true>(cpu, insn, true); }

// ---- single structure ----

void exec_ST1_single_b(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST1_single_b_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST1_single_h(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST1_single_h_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST1_single_s(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST1_single_s_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST2_single_b(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST2_single_b_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST2_single_h(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST2_single_h_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST2_single_s(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST2_single_s_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST3_single_b(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST3_single_b_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST3_single_h(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST3_single_h_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST3_single_s(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST3_single_s_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST4_single_b(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST4_single_b_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST4_single_h(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST4_single_h_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_ST4_single_s(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, false); }
void exec_ST4_single_s_post(Cpu& cpu, uint32_t insn) { ldst_single<false>(cpu, insn, true); }
void exec_LD1_single_b(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD1_single_b_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD1_single_h(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD1_single_h_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD1_single_s(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD1_single_s_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD2_single_b(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD2_single_b_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD2_single_h(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD2_single_h_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD2_single_s(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD2_single_s_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD3_single_b(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD3_single_b_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD3_single_h(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD3_single_h_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD3_single_s(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD3_single_s_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD4_single_b(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD4_single_b_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD4_single_h(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD4_single_h_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD4_single_s(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, false); }
void exec_LD4_single_s_post(Cpu& cpu, uint32_t insn) { ldst_single<true>(cpu, insn, true); }
void exec_LD1R(Cpu& cpu, uint32_t insn) { load_replicate(cpu, insn, false); }
void exec_LD1R_post(Cpu& cpu, uint32_t insn) { load_replicate(cpu, insn, true); }
void exec_LD2R(Cpu& cpu, uint32_t insn) { load_replicate(cpu, insn, false); }
void exec_LD2R_post(Cpu& cpu, uint32_t insn) { load_replicate(cpu, insn, true); }
void exec_LD3R(Cpu& cpu, uint32_t insn) { load_replicate(cpu, insn, false); }
void exec_LD3R_post(Cpu& cpu, uint32_t insn) { load_replicate(cpu, insn, true); }
void exec_LD4R(Cpu& cpu, uint32_t insn) { load_replicate(cpu, insn, false); }
void exec_LD4R_post(Cpu& cpu, uint32_t insn) { load_replicate(cpu, insn, true); }

// ---- FMOV ----

void exec_FMOV_gen_s_from_w(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  set_v(cpu, field_t(insn), cpu.w(field_n(insn)), 0);
}
void exec_FMOV_gen_w_from_s(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  cpu.set_x(field_t(insn), static_cast<uint32_t>(cpu.vreg(field_n(insn))[0]));
}
void exec_FMOV_gen_d_from_x(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  set_v(cpu, field_t(insn), cpu.x(field_n(insn)), 0);
}
void exec_FMOV_gen_x_from_d(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  cpu.set_x(field_t(insn), cpu.vreg(field_n(insn))[0]);
}
// Vpart[d, 1] = X[n]: the low half is kept.
void exec_FMOV_gen_d1_from_x(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  cpu.vreg(field_t(insn))[1] = cpu.x(field_n(insn));
}
void exec_FMOV_gen_x_from_d1(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  cpu.set_x(field_t(insn), cpu.vreg(field_n(insn))[1]);
}
// FMOV (register): ftype 00 single, 01 double.
void exec_FMOV_reg(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  const uint64_t v = cpu.vreg(field_n(insn))[0];
  set_v(cpu, field_t(insn), bit(insn, 22) ? v : static_cast<uint32_t>(v), 0);
}
void exec_FMOV_imm(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  set_v(cpu, field_t(insn), vfp_expand_imm(bits(insn, 20, 13), bit(insn, 22)), 0);
}

// ---- modified immediate ----

void exec_MOVI_32(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Movi); }
void exec_MOVI_16(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Movi); }
void exec_MOVI_32_ones(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Movi); }
void exec_MOVI_8(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Movi); }
void exec_MOVI_64(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Movi); }
void exec_MVNI_32(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Mvni); }
void exec_MVNI_16(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Mvni); }
void exec_MVNI_32_ones(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Mvni); }
void exec_ORR_vec_imm_32(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Orr); }
void exec_ORR_vec_imm_16(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Orr); }
void exec_BIC_vec_imm_32(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Bic); }
void exec_BIC_vec_imm_16(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Bic); }
void exec_FMOV_vec_imm_s(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Movi); }
void exec_FMOV_vec_imm_d(Cpu& cpu, uint32_t insn) { modified_immediate(cpu, insn, ImmOp::Movi); }

// ---- copies ----

// DUP (element): V[d] = Replicate(Elem[V[n], index]); .1D (size 3, Q = 0) is UNDEFINED.
void exec_DUP_elem(Cpu& cpu, uint32_t insn) {
  const unsigned size = imm5_size(insn);
  const unsigned q = bit(insn, 30);
  if (size > 3 || (size == 3 && q == 0)) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const unsigned ebytes = 1u << size;
  const uint64_t rep =
      replicate_bytes(get_elem(cpu.vreg(field_n(insn)), imm5_index(insn, size), ebytes), ebytes);
  set_v(cpu, field_t(insn), rep, q ? rep : 0);
}

// DUP (general): V[d] = Replicate(X[n]<esize-1:0>).
void exec_DUP_gen(Cpu& cpu, uint32_t insn) {
  const unsigned size = imm5_size(insn);
  const unsigned q = bit(insn, 30);
  if (size > 3 || (size == 3 && q == 0)) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const unsigned ebytes = 1u << size;
  const uint64_t rep = replicate_bytes(cpu.x(field_n(insn)) & ones(8 * ebytes), ebytes);
  set_v(cpu, field_t(insn), rep, q ? rep : 0);
}

// SMOV: Q:imm5 = xxxxx1 (B), xxxx10 (H), 1xx100 (S to X); other values UNDEFINED.
void exec_SMOV(Cpu& cpu, uint32_t insn) {
  const unsigned size = imm5_size(insn);
  const unsigned q = bit(insn, 30);
  if (size > 2 || (size == 2 && q == 0)) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const unsigned ebytes = 1u << size;
  const uint64_t e = static_cast<uint64_t>(
      sign_extend(get_elem(cpu.vreg(field_n(insn)), imm5_index(insn, size), ebytes), 8 * ebytes));
  cpu.set_x(field_t(insn), q ? e : static_cast<uint32_t>(e));
}

// UMOV: Q = 0 with B/H/S to W, Q = 1 with D to X; other values UNDEFINED.
void exec_UMOV(Cpu& cpu, uint32_t insn) {
  const unsigned size = imm5_size(insn);
  const unsigned q = bit(insn, 30);
  if (q ? size != 3 : size > 2) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  cpu.set_x(field_t(insn), get_elem(cpu.vreg(field_n(insn)), imm5_index(insn, size), 1u << size));
}

// INS (general): Elem[V[d], index] = X[n]<esize-1:0>; the other lanes are kept.
void exec_INS_gen(Cpu& cpu, uint32_t insn) {
  const unsigned size = imm5_size(insn);
  if (size > 3) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  set_elem(cpu.vreg(field_t(insn)), imm5_index(insn, size), 1u << size, cpu.x(field_n(insn)));
}

// INS (element): Elem[V[d], imm5 index] = Elem[V[n], imm4 index].
void exec_INS_elem(Cpu& cpu, uint32_t insn) {
  const unsigned size = imm5_size(insn);
  if (size > 3) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const unsigned ebytes = 1u << size;
  const uint64_t e = get_elem(cpu.vreg(field_n(insn)), bits(insn, 14, 11) >> size, ebytes);
  set_elem(cpu.vreg(field_t(insn)), imm5_index(insn, size), ebytes, e);
}

// DUP (element, scalar), the MOV (scalar) alias: V[d] = Elem[V[n], index].
void exec_DUP_elem_scalar(Cpu& cpu, uint32_t insn) {
  const unsigned size = imm5_size(insn);
  if (size > 3) {
    cpu.undefined();
    return;
  }
  if (!cpu.check_fp_enabled()) return;
  const uint64_t e = get_elem(cpu.vreg(field_n(insn)), imm5_index(insn, size), 1u << size);
  set_v(cpu, field_t(insn), e, 0);
}

}  // namespace isa

// ---------------------------------------------------------------------------
// AdvSIMD three same, logical (Arm ARM C7.2: AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF)

namespace isa {

namespace {

// Applies op(d, n, m) to each 64-bit half; the upper half is zeroed when Q == 0.
template <typename Op>
void vec_logical(Cpu& cpu, uint32_t insn, Op op) {
  if (!cpu.check_fp_enabled()) return;
  const unsigned d = field_t(insn);
  const uint64_t* vn = cpu.vreg(field_n(insn));
  const uint64_t* vm = cpu.vreg(field_m(insn));
  const uint64_t* vd = cpu.vreg(d);
  const uint64_t lo = op(vd[0], vn[0], vm[0]);
  const uint64_t hi = bit(insn, 30) ? op(vd[1], vn[1], vm[1]) : 0;
  set_v(cpu, d, lo, hi);
}

}  // namespace

void exec_AND_vec(Cpu& cpu, uint32_t insn) {
  vec_logical(cpu, insn, [](uint64_t, uint64_t n, uint64_t m) { return n & m; });
}
void exec_BIC_vec_reg(Cpu& cpu, uint32_t insn) {
  vec_logical(cpu, insn, [](uint64_t, uint64_t n, uint64_t m) { return n & ~m; });
}
void exec_ORR_vec_reg(Cpu& cpu, uint32_t insn) {
  vec_logical(cpu, insn, [](uint64_t, uint64_t n, uint64_t m) { return n | m; });
}
void exec_ORN_vec(Cpu& cpu, uint32_t insn) {
  vec_logical(cpu, insn, [](uint64_t, uint64_t n, uint64_t m) { return n | ~m; });
}
void exec_EOR_vec(Cpu& cpu, uint32_t insn) {
  vec_logical(cpu, insn, [](uint64_t, uint64_t n, uint64_t m) { return n ^ m; });
}
// BSL: Vd selects between Vn (1 bits) and Vm (0 bits).
void exec_BSL(Cpu& cpu, uint32_t insn) {
  vec_logical(cpu, insn, [](uint64_t d, uint64_t n, uint64_t m) { return (n & d) | (m & ~d); });
}
// BIT: insert Vn bits where Vm is 1.
void exec_BIT(Cpu& cpu, uint32_t insn) {
  vec_logical(cpu, insn, [](uint64_t d, uint64_t n, uint64_t m) { return (n & m) | (d & ~m); });
}
// BIF: insert Vn bits where Vm is 0.
void exec_BIF(Cpu& cpu, uint32_t insn) {
  vec_logical(cpu, insn, [](uint64_t d, uint64_t n, uint64_t m) { return (n & ~m) | (d & m); });
}

}  // namespace isa
