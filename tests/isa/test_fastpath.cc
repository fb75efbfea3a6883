// The specialised bodies of isa/fastpath.h against the table bodies they stand in for:
// random encodings of every encoding that has one, random registers, flags and memory,
// executed by two cores that differ only in CpuConfig::specialised_bodies. Everything
// architectural must come out the same, and so must the TLB statistics.
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>

#include "isa/decode.h"
#include "isa/fastpath.h"
#include "isa/fp.h"
#include "isa/sysreg_table.h"
#include "test_support.h"

namespace {

using el2sim_test::TestCore;

constexpr uint64_t kDataSize = 64 * 1024;

// A core whose configuration differs from TestCore's only in specialised_bodies.
isa::CpuConfig config(bool specialised) {
  isa::CpuConfig c = TestCore::config(true);
  c.specialised_bodies = specialised;
  return c;
}

uint64_t random_value(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0:
      return TestCore::kData + rng() % kDataSize;  // a pointer into the data region
    case 1:
      return TestCore::kData + (rng() % kDataSize & ~7ull);
    case 2:
      return rng() % 64;
    case 3:
      return ~0ull - rng() % 4;
    case 4:
      return uint64_t{1} << (rng() % 64);
    default:
      return rng();
  }
}

// The same random state, memory and warm host caches in both cores; the instruction
// at a random place in its page (the step loop's bodies see the page's VA, not the PC).
void setup(TestCore& c, uint32_t insn, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const uint64_t at = TestCore::kCode + rng() % 1024 * 4;
  c.cpu.reset(at);
  for (uint64_t a = 0; a < kDataSize; a += 8) {
    const uint64_t v = rng();
    std::memcpy(c.bus.at(TestCore::kData + a), &v, 8);
  }
  c.load({insn}, at);
  // Touch every data page for reading and writing, so that loads and stores in
  // range take the host-pointer paths.
  isa::Cpu::MemOp op;
  for (uint64_t a = 0; a < kDataSize; a += 0x1000) {
    uint64_t v;
    c.cpu.read(TestCore::kData + a, 8, v, op);
    c.cpu.write(TestCore::kData + a, 8, v, op);
  }
  for (unsigned r = 0; r < 31; ++r) c.cpu.set_x(r, random_value(rng));
  c.cpu.sp_el(2) = TestCore::kData + (rng() % kDataSize & ~15ull);
  if (rng() % 8 == 0) c.cpu.sp_el(2) += 8;  // misaligned SP (SCTLR_EL2.SA is set)
  c.cpu.set_nzcv(static_cast<uint32_t>(rng() % 16) << 28);
  // V registers: random bits, or (mostly) single- or double-precision numbers near one,
  // whose arithmetic the FP bodies' fast case takes.
  const auto near_one32 = [&] { return 0x3E000000u + static_cast<uint32_t>(rng() % 0x02000000u); };
  for (unsigned r = 0; r < 32; ++r) {
    for (unsigned half = 0; half < 2; ++half) {
      const unsigned kind = static_cast<unsigned>(rng() % 4);
      uint64_t v = rng();
      if (kind == 1) v = near_one32() | uint64_t{near_one32()} << 32;
      if (kind >= 2) v = 0x3FC0000000000000ull + rng() % 0x0040000000000000ull;
      c.cpu.vreg(r)[half] = (rng() & 1 ? v : v | uint64_t{1} << 63);
    }
  }
  // FPSR.IXC mostly set (the vector fast case needs it), FPCR now and then rounding
  // toward zero or flushing to zero.
  c.cpu.fpsr = rng() % 4 ? isa::fp::kIxc : 0;
  c.cpu.fpcr = rng() % 8 == 0 ? 3u << 22 : rng() % 8 == 0 ? isa::fp::kFpcrFz : 0;
  // Now and then SIMD&FP accesses trap to EL2 (CPTR_EL2.TFP): the bodies of the SIMD&FP
  // loads and stores must leave that to the table body.
  c.cpu.sr().CPTR_EL2 = rng() % 8 == 0 ? 1u << 10 : 0;
}

std::string state(TestCore& c) {
  std::string s;
  for (unsigned r = 0; r < 31; ++r) s += std::to_string(c.cpu.x(r)) + " ";
  s += "sp " + std::to_string(c.cpu.sp_el(2)) + " pc " + std::to_string(c.cpu.pc());
  s += " nzcv " + std::to_string(c.cpu.nzcv()) + " el " + std::to_string(c.cpu.el());
  s += " esr " + std::to_string(c.cpu.sr().ESR_EL2) + " far " + std::to_string(c.cpu.sr().FAR_EL2);
  s += " elr " + std::to_string(c.cpu.sr().ELR_EL2) + " esr1 " + std::to_string(c.cpu.sr().ESR_EL1);
  s += " retired " + std::to_string(c.cpu.instructions_retired());
  s += " fpsr " + std::to_string(c.cpu.fpsr) + " fpcr " + std::to_string(c.cpu.fpcr);
  // Every system register that SysRegs holds (an MSR's target among them).
  for (const isa::SysRegInfo& r : isa::sysreg_table())
    if (r.field != nullptr)
      s += " " + std::string(r.name) + " " + std::to_string(c.cpu.sr().*r.field);
  for (unsigned r = 0; r < 32; ++r)
    s += " v" + std::to_string(r) + " " + std::to_string(c.cpu.vreg(r)[0]) + ":" +
         std::to_string(c.cpu.vreg(r)[1]);
  uint64_t h = 1469598103934665603ull;
  for (uint64_t a = 0; a < kDataSize; ++a)
    h = (h ^ *c.bus.at(TestCore::kData + a)) * 1099511628211ull;
  s += " mem " + std::to_string(h);
  const auto& t = c.cpu.tlb().stats();
  s += " tlb " + std::to_string(t.s1_hit) + "/" + std::to_string(t.s1_miss);
  return s;
}

}  // namespace

TEST_CASE("specialised bodies match the table bodies", "[fastpath]") {
  TestCore fast(config(true)), table(config(false));
  std::mt19937_64 rng(20261121);
  std::map<std::string, unsigned> covered;
  // One instruction at an EL on both cores, when it has a specialised body.
  const auto check = [&](std::string_view ident, uint32_t insn, unsigned el, unsigned sp = 1) {
    isa::Decoded d;
    d.raw = insn;
    isa::predecode(d);
    // (A table body of its own, for the step loop's table path, is compared too.)
    if (d.op == static_cast<uint16_t>(isa::FastOp::Generic) &&
        d.fn == isa::insn_info(static_cast<isa::InsnId>(d.id))->run)
      return;
    const uint64_t seed = rng();
    setup(fast, insn, seed);
    setup(table, insn, seed);
    for (TestCore* c : {&fast, &table}) {
      c->cpu.pstate().sp = static_cast<uint8_t>(sp);
      if (el == c->cpu.el()) continue;
      c->cpu.pstate().el = static_cast<uint8_t>(el);  // as an exception return would
      c->cpu.invalidate_host_pages();
    }
    fast.cpu.run(1);
    table.cpu.run(1);
    INFO(ident << " " << std::hex << insn << " at EL" << el);
    REQUIRE(state(fast) == state(table));
    ++covered[std::string(ident)];
    using isa::FastOp;
    const auto op = static_cast<FastOp>(d.op);
    if (op == FastOp::AddImmSp64 || op == FastOp::AddImmSp32 || op == FastOp::AddExtSp64 ||
        op == FastOp::SubExtSp64)
      ++covered["ADD or SUB with SP"];
  };
  for (const isa::InsnInfo& info : isa::insn_table()) {
    for (unsigned i = 0; i < 400; ++i) {
      const auto insn = static_cast<uint32_t>((rng() & ~info.mask) | info.value);
      if (isa::decode(insn) == info.id) check(info.ident, insn, 2);
    }
  }
  // ROR (immediate), EXTR with Rn = Rm (random encodings seldom have it), at the edges
  // of lsb, both sizes.
  for (const uint32_t lsb : {0u, 1u, 31u, 32u, 63u})
    for (const uint32_t sf : {0u, 1u})
      for (unsigned i = 0; i < 8; ++i) {
        const auto r = static_cast<uint32_t>(rng() % 32), rd = static_cast<uint32_t>(rng() % 32);
        check("EXTR", 0x13800000u | sf << 31 | sf << 22 | r << 16 | lsb << 10 | r << 5 | rd, 2);
      }
  // MRS of every register in the table (random encodings seldom name one), at every
  // EL: the body must leave the registers of a higher EL to the table body.
  for (const isa::SysRegInfo& r : isa::sysreg_table())
    for (unsigned el = 0; el <= 2; ++el)
      for (unsigned sp = 0; sp <= 1; ++sp)  // SP_EL0 is UNDEFINED while it is the SP
        check("MRS", el2sim_test::mrs(static_cast<unsigned>(rng() % 32), r.key), el, sp);
  // The same for MSR: the body must also keep the register's read-only bits (its mask)
  // and leave the registers with rules, computed writes or side effects to the table.
  for (const isa::SysRegInfo& r : isa::sysreg_table())
    for (unsigned el = 0; el <= 2; ++el)
      for (const unsigned rt : {static_cast<unsigned>(rng() % 31), 31u})
        check("MSR_reg", el2sim_test::msr(r.key, rt), el);
  // Every encoding with a specialised body was exercised.
  for (const char* id : {"ADD_imm",
                         "SUBS_imm",
                         "AND_imm",
                         "MOVK",
                         "UBFM",
                         "SBFM",
                         "BFM",
                         "ADR",
                         "ADRP",
                         "ADD_shift",
                         "SUBS_shift",
                         "ADD_ext",
                         "EOR_shift",
                         "BICS_shift",
                         "CSINC",
                         "CSNEG",
                         "CCMP_reg",
                         "CCMN_imm",
                         "MADD",
                         "UDIV",
                         "SDIV",
                         "UMULH",
                         "SMADDL",
                         "B_uncond",
                         "BL",
                         "B_cond",
                         "CBZ",
                         "CBNZ",
                         "TBZ",
                         "TBNZ",
                         "BR",
                         "BLR",
                         "RET",
                         "LDRB_imm_uoff",
                         "LDRSB_imm_uoff",
                         "LDRSH_imm_uoff",
                         "LDR_imm_uoff",
                         "LDR_imm_pre",
                         "LDR_imm_post",
                         "LDRB_imm_post",
                         "LDUR",
                         "LDURSW",
                         "STR_imm_uoff",
                         "STRB_imm_pre",
                         "STUR",
                         "STRH_imm_uoff",
                         "LDR_reg",
                         "LDRSW_reg",
                         "STRB_reg",
                         "STRH_reg",
                         "LDR_lit",
                         "LDP_off",
                         "LDP_pre",
                         "LDP_post",
                         "STP_off",
                         "STP_pre",
                         "STP_post",
                         "LDR_imm_fpsimd_uoff",
                         "LDUR_fpsimd",
                         "LDR_imm_fpsimd_pre",
                         "LDR_imm_fpsimd_post",
                         "STR_imm_fpsimd_uoff",
                         "STUR_fpsimd",
                         "STR_imm_fpsimd_pre",
                         "STR_imm_fpsimd_post",
                         "FADD_vec",
                         "FSUB_vec",
                         "FMUL_vec",
                         "FDIV_vec",
                         "FMLA_vec",
                         "FMLS_vec",
                         "FMUL_elem_vec",
                         "FMLA_elem_vec",
                         "FMLS_elem_vec",
                         "FADD_fp",
                         "FSUB_fp",
                         "FMUL_fp",
                         "FDIV_fp",
                         "FMADD_fp",
                         "FMSUB_fp",
                         "SUB_imm",
                         "ADD or SUB with SP",
                         "EXTR",
                         "MRS",
                         "MSR_reg",
                         "NOP",
                         "HINT",
                         "YIELD",
                         "DSB",
                         "DMB",
                         "ISB"}) {
    INFO(id);
    CHECK(covered[id] > 20);
  }
}

TEST_CASE("MSR keeps the table body where a write is more than its masks", "[fastpath]") {
  // Access rules (traps), a computed write or a side effect (new translations, pending
  // interrupts, the timer) need sysreg_write; the one-instruction comparison above
  // cannot see every side effect, so the choice itself is checked here.
  unsigned plain = 0, kept = 0;
  for (const isa::SysRegInfo& r : isa::sysreg_table()) {
    isa::Decoded d;
    d.raw = el2sim_test::msr(r.key, 3);
    isa::predecode(d);
    const bool table = d.op == static_cast<uint16_t>(isa::FastOp::Generic) &&
                       d.fn == isa::insn_info(isa::InsnId::MSR_reg)->run;
    const bool more = r.access == isa::SysRegAccess::RO || r.rules != 0 || r.field == nullptr ||
                      r.write != nullptr || r.effects != 0;
    INFO(r.name);
    CHECK(table == more);
    (table ? kept : plain) += 1;
  }
  CHECK(plain > 10);  // ELR_ELx, SPSR_ELx, TPIDR_ELx, VBAR_ELx, ...
  CHECK(kept > 50);
}
