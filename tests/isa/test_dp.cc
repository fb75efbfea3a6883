// Base integer data-processing instructions: results, NZCV, register 31 as XZR or SP,
// 32-bit zero extension, and the UNDEFINED reserved encodings. Encodings come from
// llvm-mc (-triple=aarch64 -mattr=+crc); the assembly is beside each one.
#include <catch2/catch.hpp>
#include <cstdint>

#include "isa/decode.h"
#include "tests/isa/test_support.h"

using namespace isa;

namespace {

constexpr uint64_t kVbar = 0x40080000;
constexpr uint64_t kGarbage = 0xDEADBEEFCAFEF00Dull;

// A core that executes one instruction at a time at the reset PC.
struct Dp : el2sim_test::TestCore {
  Dp() { cpu.sr().VBAR_EL2 = kVbar; }
  // Execute `insn` at `at`, which must complete without an exception.
  void run(uint32_t insn, uint64_t at = kCode) {
    load({insn}, at);
    cpu.set_pc(at);
    step();
    INFO("insn " << std::hex << insn);
    REQUIRE(cpu.pc() == at + 4);
  }
  // Execute `insn`, which must take UNDEFINED: EC 0 to EL2 at VBAR_EL2 + 0x200.
  void run_undefined(uint32_t insn) {
    load({insn});
    cpu.set_pc(kCode);
    step();
    INFO("insn " << std::hex << insn);
    CHECK(cpu.sr().ESR_EL2 >> 26 == 0);
    CHECK(cpu.sr().ELR_EL2 == kCode);
    CHECK(cpu.pc() == kVbar + 0x200);
  }
  void set_flags(unsigned nzcv) { cpu.set_nzcv(nzcv << 28); }
  unsigned flags() const { return cpu.nzcv() >> 28; }
  uint64_t x(unsigned n) const { return cpu.x(n); }
  void set(unsigned n, uint64_t v) { cpu.set_x(n, v); }
};

constexpr unsigned N = 8, Z = 4, C = 2, V = 1;

// The Arm ARM's condition table (C1.2.4), written out independently of the core.
bool condition_reference(unsigned cond, unsigned nzcv) {
  const bool n = nzcv & N, z = nzcv & Z, c = nzcv & C, v = nzcv & V;
  switch (cond) {
    case 0x0:
      return z;  // EQ
    case 0x1:
      return !z;  // NE
    case 0x2:
      return c;  // CS
    case 0x3:
      return !c;  // CC
    case 0x4:
      return n;  // MI
    case 0x5:
      return !n;  // PL
    case 0x6:
      return v;  // VS
    case 0x7:
      return !v;  // VC
    case 0x8:
      return c && !z;  // HI
    case 0x9:
      return !c || z;  // LS
    case 0xA:
      return n == v;  // GE
    case 0xB:
      return n != v;  // LT
    case 0xC:
      return !z && n == v;  // GT
    case 0xD:
      return z || n != v;  // LE
    default:
      return true;  // AL, NV
  }
}

}  // namespace

TEST_CASE("dp: every encoding decodes to its own table entry", "[isa][dp]") {
  const struct {
    uint32_t insn;
    InsnId id;
  } cases[] = {
      {0x10FFFFC3 /* adr x3, #-8 */, InsnId::ADR},
      {0xB0000003 /* adrp x3, #4096 */, InsnId::ADRP},
      {0x117FFFE1 /* add w1, wsp, #4095, lsl #12 */, InsnId::ADD_imm},
      {0xB1000441 /* adds x1, x2, #1 */, InsnId::ADDS_imm},
      {0xD100045F /* sub sp, x2, #1 */, InsnId::SUB_imm},
      {0x71000441 /* subs w1, w2, #1 */, InsnId::SUBS_imm},
      {0x92401C41 /* and x1, x2, #0xff */, InsnId::AND_imm},
      {0x3200F041 /* orr w1, w2, #0x55555555 */, InsnId::ORR_imm},
      {0xD201F041 /* eor x1, x2, #0xaaaaaaaaaaaaaaaa */, InsnId::EOR_imm},
      {0x72000041 /* ands w1, w2, #1 */, InsnId::ANDS_imm},
      {0x92E00021 /* movn x1, #1, lsl #48 */, InsnId::MOVN},
      {0x52A00021 /* movz w1, #1, lsl #16 */, InsnId::MOVZ},
      {0xF2C00021 /* movk x1, #1, lsl #32 */, InsnId::MOVK},
      {0x93431841 /* sbfx x1, x2, #3, #4 */, InsnId::SBFM},
      {0x331D0C41 /* bfi w1, w2, #3, #4 */, InsnId::BFM},
      {0xD37DF041 /* lsl x1, x2, #3 */, InsnId::UBFM},
      {0x93C20C41 /* ror x1, x2, #3 */, InsnId::EXTR},
      {0x8AC31441 /* and x1, x2, x3, ror #5 */, InsnId::AND_shift},
      {0x0A230041 /* bic w1, w2, w3 */, InsnId::BIC_shift},
      {0xAA0203E1 /* mov x1, x2 */, InsnId::ORR_shift},
      {0x2A2203E1 /* mvn w1, w2 */, InsnId::ORN_shift},
      {0xCA83FC41 /* eor x1, x2, x3, asr #63 */, InsnId::EOR_shift},
      {0xCA230041 /* eon x1, x2, x3 */, InsnId::EON_shift},
      {0x6A02003F /* tst w1, w2 */, InsnId::ANDS_shift},
      {0xEA630841 /* bics x1, x2, x3, lsr #2 */, InsnId::BICS_shift},
      {0x8B030C41 /* add x1, x2, x3, lsl #3 */, InsnId::ADD_shift},
      {0x2B837C41 /* adds w1, w2, w3, asr #31 */, InsnId::ADDS_shift},
      {0xCB0203E1 /* neg x1, x2 */, InsnId::SUB_shift},
      {0x6B02003F /* cmp w1, w2 */, InsnId::SUBS_shift},
      {0x8B23485F /* add sp, x2, w3, uxtw #2 */, InsnId::ADD_ext},
      {0xAB2363E1 /* adds x1, sp, x3 */, InsnId::ADDS_ext},
      {0xCB238041 /* sub x1, x2, w3, sxtb */, InsnId::SUB_ext},
      {0xEB2333FF /* cmp sp, w3, uxth #4 */, InsnId::SUBS_ext},
      {0x9A030041 /* adc x1, x2, x3 */, InsnId::ADC},
      {0x3A030041 /* adcs w1, w2, w3 */, InsnId::ADCS},
      {0xDA0203E1 /* ngc x1, x2 */, InsnId::SBC},
      {0x7A030041 /* sbcs w1, w2, w3 */, InsnId::SBCS},
      {0xBA420024 /* ccmn x1, x2, #4, eq */, InsnId::CCMN_reg},
      {0x7A42802F /* ccmp w1, w2, #15, hi */, InsnId::CCMP_reg},
      {0x3A5FB820 /* ccmn w1, #31, #0, lt */, InsnId::CCMN_imm},
      {0xFA451822 /* ccmp x1, #5, #2, ne */, InsnId::CCMP_imm},
      {0x9A830041 /* csel x1, x2, x3, eq */, InsnId::CSEL},
      {0x1A9F07E1 /* cset w1, ne */, InsnId::CSINC},
      {0xDA9FA3E1 /* csetm x1, lt */, InsnId::CSINV},
      {0x5A82D441 /* cneg w1, w2, gt */, InsnId::CSNEG},
      {0xDAC00041 /* rbit x1, x2 */, InsnId::RBIT_int},
      {0x5AC00441 /* rev16 w1, w2 */, InsnId::REV16_int},
      {0x5AC00841 /* rev w1, w2 */, InsnId::REV_32},
      {0xDAC00841 /* rev32 x1, x2 */, InsnId::REV32_int},
      {0xDAC00C41 /* rev x1, x2 */, InsnId::REV_64},
      {0xDAC01041 /* clz x1, x2 */, InsnId::CLZ_int},
      {0x5AC01441 /* cls w1, w2 */, InsnId::CLS_int},
      {0x9AC30841 /* udiv x1, x2, x3 */, InsnId::UDIV},
      {0x1AC30C41 /* sdiv w1, w2, w3 */, InsnId::SDIV},
      {0x9AC32041 /* lsl x1, x2, x3 */, InsnId::LSLV},
      {0x1AC32441 /* lsr w1, w2, w3 */, InsnId::LSRV},
      {0x9AC32841 /* asr x1, x2, x3 */, InsnId::ASRV},
      {0x1AC32C41 /* ror w1, w2, w3 */, InsnId::RORV},
      {0x1AC34041 /* crc32b w1, w2, w3 */, InsnId::CRC32B},
      {0x1AC34441 /* crc32h w1, w2, w3 */, InsnId::CRC32H},
      {0x1AC34841 /* crc32w w1, w2, w3 */, InsnId::CRC32W},
      {0x9AC34C41 /* crc32x w1, w2, x3 */, InsnId::CRC32X},
      {0x1AC35041 /* crc32cb w1, w2, w3 */, InsnId::CRC32CB},
      {0x1AC35441 /* crc32ch w1, w2, w3 */, InsnId::CRC32CH},
      {0x1AC35841 /* crc32cw w1, w2, w3 */, InsnId::CRC32CW},
      {0x9AC35C41 /* crc32cx w1, w2, x3 */, InsnId::CRC32CX},
      {0x9B031041 /* madd x1, x2, x3, x4 */, InsnId::MADD},
      {0x1B03FC41 /* mneg w1, w2, w3 */, InsnId::MSUB},
      {0x9B237C41 /* smull x1, w2, w3 */, InsnId::SMADDL},
      {0x9B239041 /* smsubl x1, w2, w3, x4 */, InsnId::SMSUBL},
      {0x9B437C41 /* smulh x1, x2, x3 */, InsnId::SMULH},
      {0x9BA31041 /* umaddl x1, w2, w3, x4 */, InsnId::UMADDL},
      {0x9BA3FC41 /* umnegl x1, w2, w3 */, InsnId::UMSUBL},
      {0x9BC37C41 /* umulh x1, x2, x3 */, InsnId::UMULH},
  };
  for (const auto& c : cases) {
    INFO(std::hex << c.insn << " decoded as " << insn_name(decode(c.insn)));
    CHECK(decode(c.insn) == c.id);
  }
}

TEST_CASE("dp: ADD/SUB (immediate), SP and NZCV", "[isa][dp]") {
  Dp c;
  SECTION("ADD with shifted immediate, 32-bit result zero-extends") {
    c.set(1, 0xFFFFFFFF00000001ull);
    c.run(0x117FFC20 /* add w0, w1, #0xfff, lsl #12 */);
    CHECK(c.x(0) == 0x00FFF001);
  }
  SECTION("ADD/SUB read and write SP; flags untouched") {
    c.set_flags(N | V);
    c.cpu.set_sp(0x1000);
    c.run(0x910043FF /* add sp, sp, #16 */);
    CHECK(c.cpu.sp() == 0x1010);
    c.run(0xD10083E0 /* sub x0, sp, #0x20 */);
    CHECK(c.x(0) == 0xFF0);
    c.run(0x910003E2 /* mov x2, sp */);
    CHECK(c.x(2) == 0x1010);
    CHECK(c.flags() == (N | V));
  }
  SECTION("ADD to WSP zero-extends into SP") {
    c.cpu.set_sp(0x1FFFFFFFEull);
    c.run(0x110013FF /* add wsp, wsp, #4 */);
    CHECK(c.cpu.sp() == 2);
  }
  SECTION("ADDS 32-bit: signed overflow, carry out, zero") {
    c.set(1, 0x7FFFFFFF);
    c.run(0x31000420 /* adds w0, w1, #1 */);
    CHECK(c.x(0) == 0x80000000);
    CHECK(c.flags() == (N | V));
    c.set(1, ~0ull);
    c.run(0x31000420 /* adds w0, w1, #1 */);
    CHECK(c.x(0) == 0);
    CHECK(c.flags() == (Z | C));
  }
  SECTION("ADDS 64-bit: no carry from bit 31, signed overflow, carry out") {
    c.set(1, 0xFFFFFFFF);
    c.run(0xB1000420 /* adds x0, x1, #1 */);
    CHECK(c.x(0) == 0x100000000ull);
    CHECK(c.flags() == 0);
    c.set(1, 0x7FFFFFFFFFFFFFFFull);
    c.run(0xB1000420 /* adds x0, x1, #1 */);
    CHECK(c.x(0) == 0x8000000000000000ull);
    CHECK(c.flags() == (N | V));
    c.set(1, ~0ull);
    c.run(0xB1000420 /* adds x0, x1, #1 */);
    CHECK(c.x(0) == 0);
    CHECK(c.flags() == (Z | C));
  }
  SECTION("SUBS: borrow clears C; INT_MIN - 1 overflows") {
    c.set(1, 0);
    c.run(0x71000420 /* subs w0, w1, #1 */);
    CHECK(c.x(0) == 0xFFFFFFFF);
    CHECK(c.flags() == N);
    c.set(1, 0x80000000);
    c.run(0x71000420 /* subs w0, w1, #1 */);
    CHECK(c.x(0) == 0x7FFFFFFF);
    CHECK(c.flags() == (C | V));
    c.set(1, 0x8000000000000000ull);
    c.run(0xF1000420 /* subs x0, x1, #1 */);
    CHECK(c.x(0) == 0x7FFFFFFFFFFFFFFFull);
    CHECK(c.flags() == (C | V));
    c.set(1, 1);
    c.run(0xF1000420 /* subs x0, x1, #1 */);
    CHECK(c.x(0) == 0);
    CHECK(c.flags() == (Z | C));
  }
  SECTION("CMP/CMN read SP as Rn and write XZR, not SP") {
    c.cpu.set_sp(16);
    c.run(0xF10043FF /* cmp sp, #16 */);
    CHECK(c.flags() == (Z | C));
    CHECK(c.cpu.sp() == 16);
    c.run(0xF10047FF /* cmp sp, #17 */);
    CHECK(c.flags() == N);
    c.set(1, 0xFFFFFFFF);
    c.run(0x3100043F /* cmn w1, #1 */);
    CHECK(c.flags() == (Z | C));
    CHECK(c.cpu.sp() == 16);
  }
}

TEST_CASE("dp: ADD/SUB (shifted register)", "[isa][dp]") {
  Dp c;
  SECTION("shifts") {
    c.set(1, 1);
    c.set(2, 1);
    c.run(0x8B02FC20 /* add x0, x1, x2, lsl #63 */);
    CHECK(c.x(0) == 0x8000000000000001ull);
    c.set(1, 5);
    c.set(2, 0x80000000);
    c.run(0x4B827C20 /* sub w0, w1, w2, asr #31 */);
    CHECK(c.x(0) == 6);
    c.set(1, 0x8000000000000000ull);
    c.set(2, ~0ull);
    c.run(0xAB420420 /* adds x0, x1, x2, lsr #1 */);
    CHECK(c.x(0) == ~0ull);
    CHECK(c.flags() == N);
  }
  SECTION("SUBS flags at the edges") {
    c.set(1, 0x7FFFFFFF);
    c.set(2, 0xFFFFFFFF);
    c.run(0x6B020020 /* subs w0, w1, w2 */);
    CHECK(c.x(0) == 0x80000000);
    CHECK(c.flags() == (N | V));
    c.set(1, 0);
    c.run(0xEB0103E0 /* negs x0, x1 */);
    CHECK(c.x(0) == 0);
    CHECK(c.flags() == (Z | C));
    c.set(1, 0x8000000000000000ull);
    c.run(0xEB0103E0 /* negs x0, x1 */);
    CHECK(c.x(0) == 0x8000000000000000ull);
    CHECK(c.flags() == (N | V));
    c.set(1, 42);
    c.set(2, 42);
    c.run(0xEB02003F /* cmp x1, x2 */);
    CHECK(c.flags() == (Z | C));
    c.set(1, 1);
    c.set(2, 2);
    c.run(0x6B02003F /* cmp w1, w2 */);
    CHECK(c.flags() == N);
  }
  SECTION("register 31 is XZR") {
    c.set(0, kGarbage);
    c.set(1, 7);
    c.run(0xCB0103E0 /* sub x0, xzr, x1 */);
    CHECK(c.x(0) == static_cast<uint64_t>(-7));
  }
  SECTION("reserved: ROR shift, 32-bit shift amount >= 32") {
    c.run_undefined(0x8B020020 /* add x0, x1, x2 */ | (3u << 22));
    c.run_undefined(0x2B020020 /* adds w0, w1, w2 */ | (32u << 10));
  }
}

TEST_CASE("dp: ADD/SUB (extended register)", "[isa][dp]") {
  Dp c;
  SECTION("SP as Rn and Rd") {
    c.cpu.set_sp(0x1000);
    c.set(1, 0xFFFFFFFF);
    c.run(0x8B21D3E0 /* add x0, sp, w1, sxtw #4 */);
    CHECK(c.x(0) == 0xFF0);
    c.set(1, 0x100);
    c.set(2, 0x23);
    c.run(0x8B22603F /* add sp, x1, x2, uxtx */);
    CHECK(c.cpu.sp() == 0x123);
    c.set(1, 0x3);
    c.run(0xCB2163FF /* sub sp, sp, x1 */);
    CHECK(c.cpu.sp() == 0x120);
    c.run(0xCB2153FF /* sub sp, sp, w1, uxtw #4 */);
    CHECK(c.cpu.sp() == 0xF0);
  }
  SECTION("ADDS writes XZR for Rd=31, reads SP for Rn=31") {
    c.cpu.set_sp(0x100);
    c.set(1, 0x1FF);
    c.run(0xAB2103E0 /* adds x0, sp, w1, uxtb */);
    CHECK(c.x(0) == 0x1FF);
    CHECK(c.flags() == 0);
    c.set(3, 0x10);
    c.cpu.set_sp(0x100);
    c.run(0xEB2333FF /* cmp sp, w3, uxth #4 */);
    CHECK(c.flags() == (Z | C));
    CHECK(c.cpu.sp() == 0x100);
  }
  SECTION("every extension, with shifts") {
    c.set(1, 0x100);
    c.set(2, 0x80);
    c.run(0x8B229020 /* add x0, x1, w2, sxtb #4 */);
    CHECK(c.x(0) == 0xFFFFFFFFFFFFF900ull);
    c.set(1, 0);
    c.set(2, 0x8000);
    c.run(0x0B22A420 /* add w0, w1, w2, sxth #1 */);
    CHECK(c.x(0) == 0xFFFF0000);
    c.set(1, 1);
    c.set(2, ~0ull);
    c.run(0x8B224020 /* add x0, x1, w2, uxtw */);
    CHECK(c.x(0) == 0x100000000ull);
    c.run(0x8B220C20 /* add x0, x1, w2, uxtb #3 */);
    CHECK(c.x(0) == 0x7F9);
    c.run(0x8B222820 /* add x0, x1, w2, uxth #2 */);
    CHECK(c.x(0) == 0x3FFFD);
    c.run(0xCB22C020 /* sub x0, x1, w2, sxtw */);
    CHECK(c.x(0) == 2);
    c.run(0xCB22E420 /* sub x0, x1, x2, sxtx #1 */);
    CHECK(c.x(0) == 3);
    c.set(2, 0x123456789ull);
    c.run(0x0B227020 /* add w0, w1, w2, uxtx #4 */);
    CHECK(c.x(0) == 0x34567891);
  }
  SECTION("Rm=31 is XZR") {
    c.set(1, 5);
    c.run(0x8B3FC020 /* add x0, x1, wzr, sxtw */);
    CHECK(c.x(0) == 5);
  }
  SECTION("reserved: shift > 4, opt != 00") {
    c.run_undefined(0x8B224020 /* add x0, x1, w2, uxtw */ | (5u << 10));
    c.run_undefined(0x8B224020 /* add x0, x1, w2, uxtw */ | (1u << 22));
  }
}

TEST_CASE("dp: ADC/ADCS/SBC/SBCS carry in and out", "[isa][dp]") {
  Dp c;
  c.set_flags(C);
  c.set(1, ~0ull);
  c.set(2, 0);
  c.run(0xBA020020 /* adcs x0, x1, x2 */);
  CHECK(c.x(0) == 0);
  CHECK(c.flags() == (Z | C));
  c.set(1, 0x7FFFFFFF);
  c.run(0x3A020020 /* adcs w0, w1, w2 */);
  CHECK(c.x(0) == 0x80000000);
  CHECK(c.flags() == (N | V));
  c.set_flags(C);
  c.set(1, 1);
  c.set(2, 2);
  c.run(0x9A020020 /* adc x0, x1, x2 */);
  CHECK(c.x(0) == 4);
  CHECK(c.flags() == C);
  c.set_flags(0);
  c.run(0x1A020020 /* adc w0, w1, w2 */);
  CHECK(c.x(0) == 3);
  // SBC: Rn - Rm - NOT(C)
  c.set_flags(0);
  c.set(1, 0);
  c.set(2, 0);
  c.run(0x7A020020 /* sbcs w0, w1, w2 */);
  CHECK(c.x(0) == 0xFFFFFFFF);
  CHECK(c.flags() == N);
  c.set_flags(C);
  c.run(0x7A020020 /* sbcs w0, w1, w2 */);
  CHECK(c.x(0) == 0);
  CHECK(c.flags() == (Z | C));
  c.set_flags(0);
  c.set(1, 10);
  c.set(2, 3);
  c.run(0xDA020020 /* sbc x0, x1, x2 */);
  CHECK(c.x(0) == 6);
  c.set_flags(C);
  c.set(1, 0x8000000000000000ull);
  c.set(2, 1);
  c.run(0xFA020020 /* sbcs x0, x1, x2 */);
  CHECK(c.x(0) == 0x7FFFFFFFFFFFFFFFull);
  CHECK(c.flags() == (C | V));
}

TEST_CASE("dp: logical (immediate) and DecodeBitMasks", "[isa][dp]") {
  Dp c;
  SECTION("64-bit immediates of every element size") {
    const struct {
      uint32_t insn;
      uint64_t value;
    } cases[] = {
        {0xB24003E0 /* orr x0, xzr, #0x1 */, 0x1},
        {0xB24103E0 /* orr x0, xzr, #0x8000000000000000 */, 0x8000000000000000ull},
        {0xB200F3E0 /* orr x0, xzr, #0x5555555555555555 */, 0x5555555555555555ull},
        {0xB203E7E0 /* orr x0, xzr, #0x6666666666666666 */, 0x6666666666666666ull},
        {0xB200E7E0 /* orr x0, xzr, #0x3333333333333333 */, 0x3333333333333333ull},
        {0xB200CFE0 /* orr x0, xzr, #0x0f0f0f0f0f0f0f0f */, 0x0f0f0f0f0f0f0f0full},
        {0xB2009FE0 /* orr x0, xzr, #0x00ff00ff00ff00ff */, 0x00ff00ff00ff00ffull},
        {0xB2003FE0 /* orr x0, xzr, #0x0000ffff0000ffff */, 0x0000ffff0000ffffull},
        {0xB2407FE0 /* orr x0, xzr, #0x00000000ffffffff */, 0x00000000ffffffffull},
        {0xB240FBE0 /* orr x0, xzr, #0x7fffffffffffffff */, 0x7fffffffffffffffull},
        {0xB27FFBE0 /* orr x0, xzr, #0xfffffffffffffffe */, 0xfffffffffffffffeull},
        {0xB2420FE0 /* orr x0, xzr, #0xc000000000000003 */, 0xc000000000000003ull},
        {0xB20C1FE0 /* orr x0, xzr, #0x0ff000000ff00000 */, 0x0ff000000ff00000ull},
        {0xB20187E0 /* orr x0, xzr, #0x8001800180018001 */, 0x8001800180018001ull},
    };
    for (const auto& t : cases) {
      INFO(std::hex << t.insn);
      REQUIRE(decode(t.insn) == InsnId::ORR_imm);
      c.set(0, kGarbage);
      c.run(t.insn);
      CHECK(c.x(0) == t.value);
    }
  }
  SECTION("32-bit immediates zero-extend") {
    c.set(0, kGarbage);
    c.run(0x320107E0 /* orr w0, wzr, #0x80000001 */);
    CHECK(c.x(0) == 0x80000001);
    c.run(0x321E3FE0 /* orr w0, wzr, #0x0003fffc */);
    CHECK(c.x(0) == 0x0003fffc);
    c.run(0x3200F3E0 /* orr w0, wzr, #0x55555555 */);
    CHECK(c.x(0) == 0x55555555);
    c.set(1, ~0ull);
    c.run(0x12041C20 /* and w0, w1, #0xf000000f */);
    CHECK(c.x(0) == 0xF000000F);
  }
  SECTION("AND/EOR, and Rd=31 is SP") {
    c.set(1, 0x1234);
    c.run(0x92401C20 /* and x0, x1, #0xff */);
    CHECK(c.x(0) == 0x34);
    c.set(1, ~0ull);
    c.run(0xD201F020 /* eor x0, x1, #0xaaaaaaaaaaaaaaaa */);
    CHECK(c.x(0) == 0x5555555555555555ull);
    c.run(0xB27403FF /* orr sp, xzr, #0x1000 */);
    CHECK(c.cpu.sp() == 0x1000);
    c.run(0x927CEC3F /* and sp, x1, #0xfffffffffffffff0 */);
    CHECK(c.cpu.sp() == 0xFFFFFFFFFFFFFFF0ull);
  }
  SECTION("ANDS sets N and Z and clears C and V; Rd=31 is XZR") {
    c.set_flags(C | V);
    c.set(1, ~0ull);
    c.run(0xF2410020 /* ands x0, x1, #0x8000000000000000 */);
    CHECK(c.x(0) == 0x8000000000000000ull);
    CHECK(c.flags() == N);
    c.set(1, 0x100000002ull);
    c.run(0x72000020 /* ands w0, w1, #1 */);
    CHECK(c.x(0) == 0);
    CHECK(c.flags() == Z);
    c.set(1, 0x80000000);
    c.cpu.set_sp(0x77);
    c.run(0x7201003F /* tst w1, #0x80000000 */);
    CHECK(c.flags() == N);
    CHECK(c.cpu.sp() == 0x77);
  }
  SECTION("reserved immediates are UNDEFINED") {
    c.run(0x1200F020);  // AND w0, w1, #0x55555555 (N=0, imms=111100): allowed
    CHECK(c.x(0) == 0);
    c.run_undefined(0x12000020 /* and w0, w1, #1 */ | (1u << 22));  // N=1 with sf=0
    c.run_undefined(0x9240FC20);  // N=1, imms=111111: all-ones element
    c.run_undefined(0x1200F820);  // N=0, imms=111110: no element size
    c.run_undefined(0x1200F420);  // N=0, imms=111101: all-ones 2-bit element
    c.run_undefined(0x7200FC20);  // ANDS, N=0, imms=111111
  }
}

TEST_CASE("dp: MOVN/MOVZ/MOVK", "[isa][dp]") {
  Dp c;
  c.set(0, kGarbage);
  c.run(0xD2E24680 /* movz x0, #0x1234, lsl #48 */);
  CHECK(c.x(0) == 0x1234000000000000ull);
  c.set(0, kGarbage);
  c.run(0x12800000 /* movn w0, #0 */);
  CHECK(c.x(0) == 0xFFFFFFFF);
  c.run(0x12A24680 /* movn w0, #0x1234, lsl #16 */);
  CHECK(c.x(0) == 0xEDCBFFFF);
  c.run(0x92A24680 /* movn x0, #0x1234, lsl #16 */);
  CHECK(c.x(0) == 0xFFFFFFFFEDCBFFFFull);
  c.set(0, 0x1111222233334444ull);
  c.run(0xF2D7DDE0 /* movk x0, #0xbeef, lsl #32 */);
  CHECK(c.x(0) == 0x1111BEEF33334444ull);
  c.run(0xF2F95FC0 /* movk x0, #0xcafe, lsl #48 */);
  CHECK(c.x(0) == 0xCAFEBEEF33334444ull);
  c.run(0x72BE01A0 /* movk w0, #0xf00d, lsl #16 */);
  CHECK(c.x(0) == 0xF00D4444);
  c.run(0x529FFFE0 /* movz w0, #0xffff */);
  CHECK(c.x(0) == 0xFFFF);
  SECTION("hw<1>=1 with sf=0, and opc=01, are UNDEFINED") {
    c.run_undefined(0x52800020 /* movz w0, #1 */ | (2u << 21));
    c.run_undefined(0x12800020 /* movn w0, #1 */ | (3u << 21));
    c.run_undefined(0x72800020 /* movk w0, #1 */ | (2u << 21));
    c.run_undefined(0x32800020);  // opc=01
    CHECK(c.x(0) == 0xFFFF);
  }
}

TEST_CASE("dp: ADR/ADRP", "[isa][dp]") {
  Dp c;
  const uint64_t at = el2sim_test::TestCore::kCode + 0x10;
  c.run(0x10FFFF80 /* adr x0, #-16 */, at);
  CHECK(c.x(0) == el2sim_test::TestCore::kCode);
  c.run(0x707FFFE0 /* adr x0, #0xfffff */, at);
  CHECK(c.x(0) == at + 0xFFFFF);
  c.run(0x10800000 /* adr x0, #-0x100000 */, at);
  CHECK(c.x(0) == at - 0x100000);
  c.run(0xF0FFFFE0 /* adrp x0, #-4096 */, at);
  CHECK(c.x(0) == 0x3FFFF000);
  c.run(0xB0000000 /* adrp x0, #0x1000 */, at);
  CHECK(c.x(0) == 0x40001000);
  c.run(0x90800000 /* adrp x0, #-4294967296 */, at);
  CHECK(c.x(0) == 0xFFFFFFFF40000000ull);
  c.run(0xF07FFFE0 /* adrp x0, #4294963200 */, at);
  CHECK(c.x(0) == 0x40000000ull + 0xFFFFF000ull);
}

TEST_CASE("dp: bitfield moves and their aliases", "[isa][dp]") {
  Dp c;
  SECTION("UBFX/SBFX") {
    c.set(1, 0x123456789ABCDEF0ull);
    c.run(0xD3485C20 /* ubfx x0, x1, #8, #16 */);
    CHECK(c.x(0) == 0xBCDE);
    c.set(1, 0xF80);
    c.set(0, kGarbage);
    c.run(0x13042C20 /* sbfx w0, w1, #4, #8 */);
    CHECK(c.x(0) == 0xFFFFFFF8);
    c.set(1, 0x8000000000000000ull);
    c.run(0x937CFC20 /* sbfx x0, x1, #60, #4 */);
    CHECK(c.x(0) == 0xFFFFFFFFFFFFFFF8ull);
    c.set(1, 0x7000000000000000ull);
    c.run(0x937CFC20 /* sbfx x0, x1, #60, #4 */);
    CHECK(c.x(0) == 7);
  }
  SECTION("BFI/BFXIL keep the other bits of Rd") {
    c.set(0, 0x0123456789ABCDEFull);
    c.set(1, 0xFA);
    c.run(0xB3440C20 /* bfi x0, x1, #60, #4 */);
    CHECK(c.x(0) == 0xA123456789ABCDEFull);
    c.set(0, 0xFFFFFFFF12345678ull);
    c.set(1, 0xAB00);
    c.run(0x33083C20 /* bfxil w0, w1, #8, #8 */);
    CHECK(c.x(0) == 0x123456AB);
    c.set(1, 0x5);
    c.run(0x33040C20 /* bfi w0, w1, #28, #4 */);
    CHECK(c.x(0) == 0x523456AB);
    c.set(0, 0xFFFF);
    c.run(0xB37C1FE0 /* bfc x0, #4, #8 */);
    CHECK(c.x(0) == 0xF00F);
  }
  SECTION("immediate shifts") {
    c.set(1, 3);
    c.set(0, kGarbage);
    c.run(0x53010020 /* lsl w0, w1, #31 */);
    CHECK(c.x(0) == 0x80000000);
    c.run(0xD3420420 /* lsl x0, x1, #62 */);
    CHECK(c.x(0) == 0xC000000000000000ull);
    c.set(1, 0x8000000000000000ull);
    c.run(0xD37FFC20 /* lsr x0, x1, #63 */);
    CHECK(c.x(0) == 1);
    c.run(0x937FFC20 /* asr x0, x1, #63 */);
    CHECK(c.x(0) == ~0ull);
    c.set(1, 0x80000000);
    c.run(0x131F7C20 /* asr w0, w1, #31 */);
    CHECK(c.x(0) == 0xFFFFFFFF);
    c.run(0x531F7C20 /* lsr w0, w1, #31 */);
    CHECK(c.x(0) == 1);
  }
  SECTION("sign and zero extensions") {
    c.set(1, 0x80);
    c.run(0x93401C20 /* sxtb x0, w1 */);
    CHECK(c.x(0) == 0xFFFFFFFFFFFFFF80ull);
    c.set(1, 0x8000);
    c.run(0x13003C20 /* sxth w0, w1 */);
    CHECK(c.x(0) == 0xFFFF8000);
    c.set(1, 0xFFFFFFFF80000000ull);
    c.run(0x93407C20 /* sxtw x0, w1 */);
    CHECK(c.x(0) == 0xFFFFFFFF80000000ull);
    c.set(1, 0x7FFFFFFF);
    c.run(0x93407C20 /* sxtw x0, w1 */);
    CHECK(c.x(0) == 0x7FFFFFFF);
    c.set(1, 0x1FF);
    c.run(0x53001C20 /* uxtb w0, w1 */);
    CHECK(c.x(0) == 0xFF);
    c.set(1, 0xFFFFFFFFFFFFFFFFull);
    c.run(0x53003C20 /* uxth w0, w1 */);
    CHECK(c.x(0) == 0xFFFF);
  }
  SECTION("SBFIZ/UBFIZ") {
    c.set(1, 0x80);
    c.run(0x93481C20 /* sbfiz x0, x1, #56, #8 */);
    CHECK(c.x(0) == 0x8000000000000000ull);
    c.run(0x937C1C20 /* sbfiz x0, x1, #4, #8 */);
    CHECK(c.x(0) == 0xFFFFFFFFFFFFF800ull);
    c.set(1, 0x1AB);
    c.run(0x531C1C20 /* ubfiz w0, w1, #4, #8 */);
    CHECK(c.x(0) == 0xAB0);
  }
  SECTION("N != sf, and sf=0 with immr or imms >= 32, are UNDEFINED") {
    c.run_undefined(0xD3485C20 /* ubfx x0, x1, #8, #16 */ & ~(1u << 22));
    c.run_undefined(0x13042C20 /* sbfx w0, w1, #4, #8 */ | (1u << 22));
    c.run_undefined(0x53017C20 /* lsr w0, w1, #1 */ | (32u << 16));
    c.run_undefined(0x33083C20 /* bfxil w0, w1, #8, #8 */ | (32u << 10));
    c.run_undefined(0x73000020);  // opc=11
  }
}

TEST_CASE("dp: EXTR and ROR (immediate)", "[isa][dp]") {
  Dp c;
  c.set(1, 0x11);
  c.set(2, 0xAABBCCDDEEFF0011ull);
  c.run(0x93C22020 /* extr x0, x1, x2, #8 */);
  CHECK(c.x(0) == 0x11AABBCCDDEEFF00ull);
  c.run(0x93C20020 /* extr x0, x1, x2, #0 */);
  CHECK(c.x(0) == 0xAABBCCDDEEFF0011ull);
  c.run(0x93C2FC20 /* extr x0, x1, x2, #63 */);
  CHECK(c.x(0) == 0x23);
  c.set(1, 0xFFFFFFFF00000001ull);
  c.set(2, 0x12345678);
  c.run(0x13821020 /* extr w0, w1, w2, #4 */);
  CHECK(c.x(0) == 0x11234567);
  c.set(1, 0x12345678);
  c.run(0x13811020 /* ror w0, w1, #4 */);
  CHECK(c.x(0) == 0x81234567);
  c.run(0x93C11020 /* ror x0, x1, #4 */);
  CHECK(c.x(0) == 0x8000000001234567ull);
  c.run_undefined(0x93C22020 /* extr x0, x1, x2, #8 */ & ~(1u << 22));
  c.run_undefined(0x13821020 /* extr w0, w1, w2, #4 */ | (32u << 10));
}

TEST_CASE("dp: logical (shifted register)", "[isa][dp]") {
  Dp c;
  c.set(1, 0xFF0);
  c.set(2, 0xFF);
  c.run(0x8A021020 /* and x0, x1, x2, lsl #4 */);
  CHECK(c.x(0) == 0xFF0);
  c.set(1, 0xFFFFFFFF);
  c.set(2, 0xF0);
  c.run(0x0A621020 /* bic w0, w1, w2, lsr #4 */);
  CHECK(c.x(0) == 0xFFFFFFF0);
  c.set(1, 0);
  c.set(2, 0xAB);
  c.run(0x2AC22020 /* orr w0, w1, w2, ror #8 */);
  CHECK(c.x(0) == 0xAB000000);
  c.run(0xAAC22020 /* orr x0, x1, x2, ror #8 */);
  CHECK(c.x(0) == 0xAB00000000000000ull);
  c.set(1, 0);
  c.run(0xAA2103E0 /* mvn x0, x1 */);
  CHECK(c.x(0) == ~0ull);
  c.run(0x2A2103E0 /* mvn w0, w1 */);
  CHECK(c.x(0) == 0xFFFFFFFF);
  c.set(1, 5);
  c.set(2, 0x8000000000000000ull);
  c.run(0xCA82FC20 /* eor x0, x1, x2, asr #63 */);
  CHECK(c.x(0) == ~5ull);
  c.set(1, 0xF0F0F0F0);
  c.set(2, 0xFFFF0000);
  c.run(0x4A220020 /* eon w0, w1, w2 */);
  CHECK(c.x(0) == 0xF0F00F0F);
  c.set(2, 0x80000000);
  c.run(0x2A827FE0 /* orr w0, wzr, w2, asr #31 */);
  CHECK(c.x(0) == 0xFFFFFFFF);
  SECTION("ANDS/BICS flags") {
    c.set_flags(C | V);
    c.set(1, 0x8000000000000001ull);
    c.set(2, 0x8000000000000000ull);
    c.run(0xEA020020 /* ands x0, x1, x2 */);
    CHECK(c.x(0) == 0x8000000000000000ull);
    CHECK(c.flags() == N);
    c.set(1, 0x100000000ull);
    c.set(2, 0x100000000ull);
    c.run(0x6A020020 /* ands w0, w1, w2 */);
    CHECK(c.x(0) == 0);
    CHECK(c.flags() == Z);
    c.set(1, 0x80000000);
    c.set(2, 0);
    c.run(0x6A220020 /* bics w0, w1, w2 */);
    CHECK(c.x(0) == 0x80000000);
    CHECK(c.flags() == N);
    c.run(0xEA01803F /* tst x1, x1, lsl #32 */);
    CHECK(c.flags() == Z);
  }
  SECTION("sf=0 with imm6<5>=1 is UNDEFINED") {
    c.run_undefined(0x0A020020 /* and w0, w1, w2 */ | (32u << 10));
    c.run_undefined(0x6A220020 /* bics w0, w1, w2 */ | (63u << 10));
  }
}

TEST_CASE("dp: CCMN/CCMP", "[isa][dp]") {
  Dp c;
  c.set(1, 5);
  c.set(2, 5);
  c.set_flags(Z);
  c.run(0xFA420029 /* ccmp x1, x2, #9, eq */);  // holds: compare
  CHECK(c.flags() == (Z | C));
  c.set_flags(0);
  c.run(0xFA420029 /* ccmp x1, x2, #9, eq */);  // fails: nzcv
  CHECK(c.flags() == (N | V));
  c.set(1, 0xFFFFFFFF);
  c.set_flags(0);
  c.run(0x3A411824 /* ccmn w1, #1, #4, ne */);
  CHECK(c.flags() == (Z | C));
  c.set_flags(Z);
  c.run(0x3A411824 /* ccmn w1, #1, #4, ne */);
  CHECK(c.flags() == Z);
  c.set(1, 0);
  c.run(0x7A5FE820 /* ccmp w1, #31, #0, al */);
  CHECK(c.flags() == N);
  c.set_flags(0);
  c.run(0xFA42202F /* ccmp x1, x2, #15, hs */);
  CHECK(c.flags() == (N | Z | C | V));
  c.set(1, 0x8000000000000000ull);
  c.set_flags(0);
  c.run(0xFA415820 /* ccmp x1, #1, #0, pl */);
  CHECK(c.flags() == (C | V));
  c.set(1, 0x7FFFFFFF);
  c.set(2, 1);
  c.set_flags(0);
  c.run(0x3A427020 /* ccmn w1, w2, #0, vc */);
  CHECK(c.flags() == (N | V));
  c.set(1, 0);
  c.run(0xFA5FE020 /* ccmp x1, xzr, #0, al */);
  CHECK(c.flags() == (Z | C));
}

TEST_CASE("dp: CSEL for every condition and every NZCV", "[isa][dp]") {
  Dp c;
  c.set(1, 0x1111);
  c.set(2, 0x2222);
  const uint32_t csel = 0x9A820020 /* csel x0, x1, x2, eq */;
  for (unsigned cond = 0; cond < 16; ++cond) {
    for (unsigned nzcv = 0; nzcv < 16; ++nzcv) {
      INFO("cond " << cond << " nzcv " << nzcv);
      c.set_flags(nzcv);
      c.run(csel | (cond << 12));
      CHECK(c.x(0) == (condition_reference(cond, nzcv) ? 0x1111u : 0x2222u));
      CHECK(c.flags() == nzcv);
    }
  }
}

TEST_CASE("dp: CSINC/CSINV/CSNEG and aliases", "[isa][dp]") {
  Dp c;
  c.set(1, 0x1111);
  c.set(2, 0xFFFFFFFF);
  c.set_flags(0);
  c.run(0x1A820420 /* csinc w0, w1, w2, eq */);
  CHECK(c.x(0) == 0);
  c.run(0x9A820420 /* csinc x0, x1, x2, eq */);
  CHECK(c.x(0) == 0x100000000ull);
  c.run(0x9A821420 /* csinc x0, x1, x2, ne */);
  CHECK(c.x(0) == 0x1111);
  c.run(0xDA820020 /* csinv x0, x1, x2, eq */);
  CHECK(c.x(0) == 0xFFFFFFFF00000000ull);
  c.run(0x5A820020 /* csinv w0, w1, w2, eq */);
  CHECK(c.x(0) == 0);
  c.set(2, 5);
  c.run(0xDA820420 /* csneg x0, x1, x2, eq */);
  CHECK(c.x(0) == static_cast<uint64_t>(-5));
  c.run(0x5A820420 /* csneg w0, w1, w2, eq */);
  CHECK(c.x(0) == 0xFFFFFFFB);
  c.set(2, 0x80000000);
  c.run(0x5A820420 /* csneg w0, w1, w2, eq */);
  CHECK(c.x(0) == 0x80000000);
  c.run(0x1A9F07E0 /* cset w0, ne */);
  CHECK(c.x(0) == 1);
  c.run(0x1A9F17E0 /* cset w0, eq */);
  CHECK(c.x(0) == 0);
  c.run(0xDA9F03E0 /* csetm x0, ne */);
  CHECK(c.x(0) == ~0ull);
  c.run(0x5A9F03E0 /* csetm w0, ne */);
  CHECK(c.x(0) == 0xFFFFFFFF);
  c.set(1, 41);
  c.run(0x9A810420 /* cinc x0, x1, ne */);
  CHECK(c.x(0) == 42);
  c.run(0xDA810420 /* cneg x0, x1, ne */);
  CHECK(c.x(0) == static_cast<uint64_t>(-41));
  c.run(0xDA810020 /* cinv x0, x1, ne */);
  CHECK(c.x(0) == ~41ull);
  c.set_flags(Z);
  c.run(0xDA810420 /* cneg x0, x1, ne */);
  CHECK(c.x(0) == 41);
}

TEST_CASE("dp: RBIT/REV16/REV32/REV", "[isa][dp]") {
  Dp c;
  c.set(1, 1);
  c.run(0xDAC00020 /* rbit x0, x1 */);
  CHECK(c.x(0) == 0x8000000000000000ull);
  c.set(1, 0x0123456789ABCDEFull);
  c.run(0xDAC00020 /* rbit x0, x1 */);
  CHECK(c.x(0) == 0xF7B3D591E6A2C480ull);
  c.set(1, 0xFFFFFFFF00000001ull);
  c.run(0x5AC00020 /* rbit w0, w1 */);
  CHECK(c.x(0) == 0x80000000);
  c.set(1, 0x12345678);
  c.run(0x5AC00020 /* rbit w0, w1 */);
  CHECK(c.x(0) == 0x1E6A2C48);
  c.set(1, 0x1122334455667788ull);
  c.run(0xDAC00420 /* rev16 x0, x1 */);
  CHECK(c.x(0) == 0x2211443366558877ull);
  c.run(0x5AC00420 /* rev16 w0, w1 */);
  CHECK(c.x(0) == 0x66558877);
  c.run(0xDAC00820 /* rev32 x0, x1 */);
  CHECK(c.x(0) == 0x4433221188776655ull);
  c.run(0x5AC00820 /* rev w0, w1 */);
  CHECK(c.x(0) == 0x88776655);
  c.run(0xDAC00C20 /* rev x0, x1 */);
  CHECK(c.x(0) == 0x8877665544332211ull);
  c.run_undefined(0x5AC00C20);  // REV with sf=0, opc=11
}

TEST_CASE("dp: CLZ/CLS at every width", "[isa][dp]") {
  Dp c;
  const struct {
    uint64_t in;
    uint64_t clz64, cls64, clz32, cls32;
  } cases[] = {
      {0, 64, 63, 32, 31},
      {~0ull, 0, 63, 0, 31},
      {1, 63, 62, 31, 30},
      {0x8000000000000000ull, 0, 0, 32, 31},
      {0xC000000000000000ull, 0, 1, 32, 31},
      {0xFFFFFFFF00000000ull, 0, 31, 32, 31},
      {0x80000000, 32, 31, 0, 0},
      {0x00FFFFFF, 40, 39, 8, 7},
      {0xFF000000, 32, 31, 0, 7},
      {0x00010000, 47, 46, 15, 14},
  };
  for (const auto& t : cases) {
    INFO(std::hex << t.in);
    c.set(1, t.in);
    c.run(0xDAC01020 /* clz x0, x1 */);
    CHECK(c.x(0) == t.clz64);
    c.run(0xDAC01420 /* cls x0, x1 */);
    CHECK(c.x(0) == t.cls64);
    c.run(0x5AC01020 /* clz w0, w1 */);
    CHECK(c.x(0) == t.clz32);
    c.run(0x5AC01420 /* cls w0, w1 */);
    CHECK(c.x(0) == t.cls32);
  }
}

TEST_CASE("dp: UDIV/SDIV edge cases", "[isa][dp]") {
  Dp c;
  c.set(1, 7);
  c.set(2, 2);
  c.run(0x9AC20820 /* udiv x0, x1, x2 */);
  CHECK(c.x(0) == 3);
  c.set(2, 0);
  c.run(0x9AC20820 /* udiv x0, x1, x2 */);
  CHECK(c.x(0) == 0);
  c.run(0x1AC20820 /* udiv w0, w1, w2 */);
  CHECK(c.x(0) == 0);
  c.set(1, 0xFFFFFFFF00000010ull);
  c.set(2, 0x100000004ull);
  c.run(0x1AC20820 /* udiv w0, w1, w2 */);
  CHECK(c.x(0) == 4);
  c.set(1, ~0ull);
  c.set(2, 1);
  c.run(0x9AC20820 /* udiv x0, x1, x2 */);
  CHECK(c.x(0) == ~0ull);
  c.set(1, static_cast<uint64_t>(-7));
  c.set(2, 2);
  c.run(0x9AC20C20 /* sdiv x0, x1, x2 */);
  CHECK(c.x(0) == static_cast<uint64_t>(-3));
  c.set(1, 7);
  c.set(2, static_cast<uint64_t>(-2));
  c.run(0x9AC20C20 /* sdiv x0, x1, x2 */);
  CHECK(c.x(0) == static_cast<uint64_t>(-3));
  c.set(1, 0x8000000000000000ull);
  c.set(2, ~0ull);
  c.run(0x9AC20C20 /* sdiv x0, x1, x2 */);
  CHECK(c.x(0) == 0x8000000000000000ull);
  c.set(2, 0);
  c.run(0x9AC20C20 /* sdiv x0, x1, x2 */);
  CHECK(c.x(0) == 0);
  c.set(1, 0x80000000);
  c.set(2, 0xFFFFFFFF);
  c.run(0x1AC20C20 /* sdiv w0, w1, w2 */);
  CHECK(c.x(0) == 0x80000000);
  c.set(1, 0xFFFFFFF9);
  c.set(2, 2);
  c.run(0x1AC20C20 /* sdiv w0, w1, w2 */);
  CHECK(c.x(0) == 0xFFFFFFFD);
  c.set(2, 0);
  c.run(0x1AC20C20 /* sdiv w0, w1, w2 */);
  CHECK(c.x(0) == 0);
  c.set(1, 0x00000000FFFFFFFFull);  // -1 as W, 2^32-1 as X
  c.set(2, 0xFFFFFFFFFFFFFFFFull);
  c.run(0x9AC20C20 /* sdiv x0, x1, x2 */);
  CHECK(c.x(0) == 0xFFFFFFFF00000001ull);
}

TEST_CASE("dp: LSLV/LSRV/ASRV/RORV take the amount modulo the width", "[isa][dp]") {
  Dp c;
  c.set(1, 0x8000000000000001ull);
  c.set(2, 65);
  c.run(0x9AC22020 /* lsl x0, x1, x2 */);
  CHECK(c.x(0) == 2);
  c.set(1, 0x80000001);
  c.set(2, 33);
  c.run(0x1AC22020 /* lsl w0, w1, w2 */);
  CHECK(c.x(0) == 2);
  c.set(1, 0xFFFFFFFF80000000ull);
  c.set(2, 31);
  c.run(0x1AC22420 /* lsr w0, w1, w2 */);
  CHECK(c.x(0) == 1);
  c.run(0x9AC22420 /* lsr x0, x1, x2 */);
  CHECK(c.x(0) == 0x1FFFFFFFFull);
  c.set(1, 0x8000000000000000ull);
  c.set(2, 63);
  c.run(0x9AC22820 /* asr x0, x1, x2 */);
  CHECK(c.x(0) == ~0ull);
  c.set(2, 64);
  c.run(0x9AC22820 /* asr x0, x1, x2 */);
  CHECK(c.x(0) == 0x8000000000000000ull);
  c.set(1, 0x80000000);
  c.set(2, 4);
  c.run(0x1AC22820 /* asr w0, w1, w2 */);
  CHECK(c.x(0) == 0xF8000000);
  c.set(1, 1);
  c.set(2, 1);
  c.run(0x9AC22C20 /* ror x0, x1, x2 */);
  CHECK(c.x(0) == 0x8000000000000000ull);
  c.set(2, 36);
  c.run(0x1AC22C20 /* ror w0, w1, w2 */);
  CHECK(c.x(0) == 0x10000000);
}

TEST_CASE("dp: CRC32 and CRC32C of \"123456789\"", "[isa][dp]") {
  Dp c;
  const uint64_t first8 = 0x3837363534333231ull;  // "12345678", little-endian
  SECTION("CRC32X + CRC32B") {
    c.set(0, 0xFFFFFFFF);
    c.set(2, first8);
    c.set(3, '9');
    c.run(0x9AC24C00 /* crc32x w0, w0, x2 */);
    c.run(0x1AC34000 /* crc32b w0, w0, w3 */);
    CHECK((c.x(0) ^ 0xFFFFFFFF) == 0xCBF43926);
    c.set(0, 0xFFFFFFFF);
    c.run(0x9AC25C00 /* crc32cx w0, w0, x2 */);
    c.run(0x1AC35000 /* crc32cb w0, w0, w3 */);
    CHECK((c.x(0) ^ 0xFFFFFFFF) == 0xE3069283);
  }
  SECTION("CRC32W + CRC32H + CRC32B, upper bits of the operands ignored") {
    c.set(0, 0xAAAAAAAAFFFFFFFFull);
    c.set(2, 0xBBBBBBBB34333231ull);
    c.set(3, 0xCCCC3635);
    c.set(4, 0xDDDDDD3837);
    c.set(5, 0xEEEEEE39);
    c.run(0x1AC24800 /* crc32w w0, w0, w2 */);
    c.run(0x1AC34400 /* crc32h w0, w0, w3 */);
    c.run(0x1AC44400 /* crc32h w0, w0, w4 */);
    c.run(0x1AC54000 /* crc32b w0, w0, w5 */);
    CHECK(c.x(0) == (0xCBF43926 ^ 0xFFFFFFFF));
    c.set(0, 0xFFFFFFFF);
    c.run(0x1AC25800 /* crc32cw w0, w0, w2 */);
    c.run(0x1AC35400 /* crc32ch w0, w0, w3 */);
    c.run(0x1AC45400 /* crc32ch w0, w0, w4 */);
    c.run(0x1AC55000 /* crc32cb w0, w0, w5 */);
    CHECK(c.x(0) == (0xE3069283 ^ 0xFFFFFFFF));
  }
  SECTION("one byte at a time") {
    c.set(0, 0xFFFFFFFF);
    c.set(1, 0xFFFFFFFF);
    for (char ch : {'1', '2', '3', '4', '5', '6', '7', '8', '9'}) {
      c.set(2, static_cast<uint8_t>(ch));
      c.run(0x1AC24000 /* crc32b w0, w0, w2 */);
      c.run(0x1AC25021 /* crc32cb w1, w1, w2 */);
    }
    CHECK((c.x(0) ^ 0xFFFFFFFF) == 0xCBF43926);
    CHECK((c.x(1) ^ 0xFFFFFFFF) == 0xE3069283);
  }
  SECTION("CRC32X with sf=0, and CRC32B/H/W with sf=1, are UNDEFINED") {
    c.run_undefined(0x9AC34C41 /* crc32x w1, w2, x3 */ & ~(1u << 31));
    c.run_undefined(0x1AC34041 /* crc32b w1, w2, w3 */ | (1u << 31));
    c.run_undefined(0x1AC35441 /* crc32ch w1, w2, w3 */ | (1u << 31));
    c.run_undefined(0x1AC35841 /* crc32cw w1, w2, w3 */ | (1u << 31));
  }
}

TEST_CASE("dp: multiply and multiply-accumulate", "[isa][dp]") {
  Dp c;
  c.set(1, 3);
  c.set(2, 4);
  c.set(3, 5);
  c.run(0x9B020C20 /* madd x0, x1, x2, x3 */);
  CHECK(c.x(0) == 17);
  c.set(3, 10);
  c.run(0x9B028C20 /* msub x0, x1, x2, x3 */);
  CHECK(c.x(0) == static_cast<uint64_t>(-2));
  c.run(0x1B02FC20 /* mneg w0, w1, w2 */);
  CHECK(c.x(0) == 0xFFFFFFF4);
  c.set(1, 0x8000000000000000ull);
  c.set(2, 2);
  c.set(3, 1);
  c.run(0x9B020C20 /* madd x0, x1, x2, x3 */);
  CHECK(c.x(0) == 1);
  c.set(1, 0x10000);
  c.set(2, 0x10000);
  c.run(0x1B027C20 /* mul w0, w1, w2 */);
  CHECK(c.x(0) == 0);
  c.set(1, 0x12345678FFFFFFFFull);
  c.set(2, 0x9ABCDEF0FFFFFFFFull);
  c.run(0x1B027C20 /* mul w0, w1, w2 */);
  CHECK(c.x(0) == 1);
  SECTION("long multiplies use the W operands") {
    c.set(1, 0x12345678FFFFFFFEull);  // -2
    c.set(2, 3);
    c.set(3, 10);
    c.run(0x9B220C20 /* smaddl x0, w1, w2, x3 */);
    CHECK(c.x(0) == 4);
    c.run(0x9B228C20 /* smsubl x0, w1, w2, x3 */);
    CHECK(c.x(0) == 16);
    c.set(1, 0x80000000);
    c.set(2, 0x80000000);
    c.run(0x9B227C20 /* smull x0, w1, w2 */);
    CHECK(c.x(0) == 0x4000000000000000ull);
    c.set(1, 0xFFFFFFFF);
    c.set(2, 0xFFFFFFFF);
    c.set(3, 1);
    c.run(0x9BA20C20 /* umaddl x0, w1, w2, x3 */);
    CHECK(c.x(0) == 0xFFFFFFFE00000002ull);
    c.run(0x9B227C20 /* smull x0, w1, w2 */);
    CHECK(c.x(0) == 1);
    c.set(1, 2);
    c.set(2, 3);
    c.run(0x9BA2FC20 /* umnegl x0, w1, w2 */);
    CHECK(c.x(0) == static_cast<uint64_t>(-6));
    c.run(0x9BA28C20 /* umsubl x0, w1, w2, x3 */);
    CHECK(c.x(0) == static_cast<uint64_t>(-5));
  }
  SECTION("SMULH/UMULH") {
    c.set(1, ~0ull);
    c.set(2, 1);
    c.run(0x9B427C20 /* smulh x0, x1, x2 */);
    CHECK(c.x(0) == ~0ull);
    c.run(0x9BC27C20 /* umulh x0, x1, x2 */);
    CHECK(c.x(0) == 0);
    c.set(2, ~0ull);
    c.run(0x9BC27C20 /* umulh x0, x1, x2 */);
    CHECK(c.x(0) == 0xFFFFFFFFFFFFFFFEull);
    c.run(0x9B427C20 /* smulh x0, x1, x2 */);
    CHECK(c.x(0) == 0);
    c.set(1, 0x8000000000000000ull);
    c.set(2, 0x8000000000000000ull);
    c.run(0x9B427C20 /* smulh x0, x1, x2 */);
    CHECK(c.x(0) == 0x4000000000000000ull);
    c.set(1, 0x100000000ull);
    c.set(2, 0x100000000ull);
    c.run(0x9BC27C20 /* umulh x0, x1, x2 */);
    CHECK(c.x(0) == 1);
  }
  SECTION("the long forms with sf=0 are UNDEFINED") {
    c.run_undefined(0x9B231041 /* smaddl x1, w2, w3, x4 */ & ~(1u << 31));
    c.run_undefined(0x9BC37C41 /* umulh x1, x2, x3 */ & ~(1u << 31));
  }
}
