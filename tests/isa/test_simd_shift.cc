// AdvSIMD shift by immediate (vector and scalar) and three different (vector and
// scalar): expected values worked out lane by lane from the Arm ARM pseudocode.
#include <catch2/catch.hpp>

#include "isa/decode.h"
#include "tests/isa/test_support.h"

using el2sim_test::TestCore;

namespace {

constexpr uint32_t kQc = 1u << 27;  // FPSR.QC

void set_v(TestCore& t, unsigned n, uint64_t lo, uint64_t hi) {
  t.cpu.vreg(n)[0] = lo;
  t.cpu.vreg(n)[1] = hi;
}

// One instruction on V0 = d, V1 = n, V2 = m (Vd is V0); the expected V0 and FPSR.QC.
struct Case {
  uint32_t insn;
  const char* text;
  uint64_t d0, d1, n0, n1, m0, m1;
  uint64_t lo, hi;
  bool qc;
};

void run_cases(std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    INFO(c.text);
    TestCore t;
    t.load({c.insn});
    set_v(t, 0, c.d0, c.d1);
    set_v(t, 1, c.n0, c.n1);
    set_v(t, 2, c.m0, c.m1);
    t.cpu.fpsr = 0;
    t.step();
    CHECK(t.cpu.pc() == TestCore::kCode + 4);
    CHECK(t.cpu.vreg(0)[0] == c.lo);
    CHECK(t.cpu.vreg(0)[1] == c.hi);
    CHECK(((t.cpu.fpsr & kQc) != 0) == c.qc);
  }
}

constexpr uint64_t kOnes = ~0ull;

}  // namespace

TEST_CASE("AdvSIMD shift right by immediate (vector and scalar)", "[simd_shift]") {
  run_cases({
      // bytes 00 7F FE 80 FF 01 7F 80 | EF CD AB 89 67 45 23 01, arithmetic >> 8
      {0x4f080420, "sshr v0.16b, v1.16b, #8", 0, 0, 0x807F01FF80FE7F00, 0x0123456789ABCDEF, 0, 0,
       0xFF0000FFFFFF0000, 0x00000000FFFFFFFF, false},
      // (x + 2^63) >> 64 needs 65 bits: all-ones -> 1, 0x7FFF... -> 0
      {0x6f402420, "urshr v0.2d, v1.2d, #64", 0, 0, kOnes, 0x7FFFFFFFFFFFFFFF, 0, 0, 1, 0, false},
      {0x6f402420, "urshr v0.2d, v1.2d, #64 (2^63)", 0, 0, 0x8000000000000000, 0, 0, 0, 1, 0,
       false},
      // (SInt(x) + 2^63) >> 64 is 0 for every 64-bit x
      {0x4f402420, "srshr v0.2d, v1.2d, #64", 9, 9, 0x8000000000000000, kOnes, 0, 0, 0, 0, false},
      // lanes n 80000000 7FFFFFFF 0 FFFFFFFF: rounded >> 32 is 1 0 0 1, added to
      // d FFFFFFFF 1 0 12345678 (the first wraps)
      {0x6f203420, "ursra v0.4s, v1.4s, #32", 0x00000001FFFFFFFF, 0x1234567800000000,
       0x7FFFFFFF80000000, 0xFFFFFFFF00000000, 0, 0, 0x0000000100000000, 0x1234567900000000, false},
      // n 0010 FFFF 7FFF 8000 | 0 0 0008 FFF8 >> 3 = 2 -1 0FFF F000 | 0 0 1 -1, plus d
      {0x4f1d1420, "ssra v0.8h, v1.8h, #3", 0x0001000100010001, 0, 0x80007FFFFFFF0010,
       0xFFF8000800000000, 0, 0, 0xF001100000000003, 0xFFFF000100000000, false},
      {0x7f7f1420, "usra d0, d1, #1", 0x8000000000000000, 0xDEAD, kOnes, 0xBEEF, 0, 0, kOnes, 0,
       false},
      {0x5f403420, "srsra d0, d1, #64", 5, 0xAA, 0x8000000000000000, 1, 0, 0, 5, 0, false},
  });
}

TEST_CASE("AdvSIMD SRI, SLI and SHL", "[simd_shift]") {
  run_cases({
      // shift = esize: the mask is empty, Vd is kept
      {0x6f404420, "sri v0.2d, v1.2d, #64", 0x1111, 0x2222, kOnes, kOnes, 0, 0, 0x1111, 0x2222,
       false},
      // d FF, mask 1F: FF -> FF, 00 -> E0, 80 -> F0; the upper half cleared
      {0x2f0d4420, "sri v0.8b, v1.8b, #3", kOnes, 0x1234, 0x80000000000000FF, 0, 0, 0,
       0xF0E0E0E0E0E0E0FF, 0, false},
      // shift 0: the mask is every bit, the result is Vn
      {0x6f205420, "sli v0.4s, v1.4s, #0", 1, 2, 0x0123456789ABCDEF, 0xFEDCBA9876543210, 0, 0,
       0x0123456789ABCDEF, 0xFEDCBA9876543210, false},
      // bit 63 from n<0> (0), bits 62:0 of d kept
      {0x7f7f5420, "sli d0, d1, #63", kOnes, 7, 2, 7, 0, 0, 0x7FFFFFFFFFFFFFFF, 0, false},
      // FFFF 0001 0002 0003 << 15 = 8000 8000 0000 8000
      {0x0f1f5420, "shl v0.4h, v1.4h, #15", kOnes, kOnes, 0x000300020001FFFF, kOnes, 0, 0,
       0x8000000080008000, 0, false},
  });
}

TEST_CASE("AdvSIMD saturating shift left by immediate", "[simd_shift]") {
  run_cases({
      // bytes 40 7F FF 80 00 01 3F 20 << 1, unsigned saturation: negative -> 0 (QC)
      {0x6f096420, "sqshlu v0.16b, v1.16b, #1", 0, 0, 0x203F010080FF7F40, 0, 0, 0,
       0x407E02000000FE80, 0, true},
      {0x6f096420, "sqshlu v0.16b, v1.16b, #1 (no saturation)", 0, 0, 0x0102030405060708,
       0x7F7F7F7F7F7F7F7F, 0, 0, 0x020406080A0C0E10, 0xFEFEFEFEFEFEFEFE, false},
      {0x7f086420, "sqshlu b0, b1, #0", kOnes, kOnes, 0xFF, 0, 0, 0, 0, 0, true},
      // 0800 F800 F7FF 07FF | FFFE 0000 0001 FFFF << 4: 7FFF (QC), 8000 exactly,
      // 8000 (QC), 7FF0 | FFE0 0 0010 FFF0
      {0x4f147420, "sqshl v0.8h, v1.8h, #4", 0, 0, 0x07FFF7FFF8000800, 0xFFFF00010000FFFE, 0, 0,
       0x7FF0800080007FFF, 0xFFF000100000FFE0, true},
      {0x7f3f7420, "uqshl s0, s1, #31", kOnes, kOnes, 0xFFFFFFFF00000001, 5, 0, 0, 0x80000000, 0,
       false},
      {0x7f3f7420, "uqshl s0, s1, #31 (saturating)", 0, 0, 2, 0, 0, 0, 0xFFFFFFFF, 0, true},
      {0x5f7f7420, "sqshl d0, d1, #63 (-1 -> INT64_MIN)", 0, 0, kOnes, 0, 0, 0, 0x8000000000000000,
       0, false},
      {0x5f7f7420, "sqshl d0, d1, #63 (1 saturates)", 0, 0, 1, 0, 0, 0, 0x7FFFFFFFFFFFFFFF, 0,
       true},
      {0x6f417420, "uqshl v0.2d, v1.2d, #1", 0, 0, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0, 0,
       kOnes, 0xFFFFFFFFFFFFFFFE, true},
  });
}

TEST_CASE("AdvSIMD shift right narrow", "[simd_shift]") {
  const uint64_t n0 = 0x123456789ABCDEF0, n1 = 0x0FEDCBA987654321;
  run_cases({
      // halfwords DEF0 9ABC 5678 1234 4321 8765 CBA9 0FED >> 8
      {0x0f088420, "shrn v0.8b, v1.8h, #8", kOnes, kOnes, n0, n1, 0, 0, 0x0FCB874312569ADE, 0,
       false},
      {0x4f088420, "shrn2 v0.16b, v1.8h, #8", 0x1111111111111111, 0x2222222222222222, n0, n1, 0, 0,
       0x1111111111111111, 0x0FCB874312569ADE, false},
      // FFFFFFFF80000000 + 2^31 = 2^64 -> 0; 17FFFFFFF + 2^31 -> 1
      {0x0f208c20, "rshrn v0.2s, v1.2d, #32", 0, 0, 0xFFFFFFFF80000000, 0x000000017FFFFFFF, 0, 0,
       0x0000000100000000, 0, false},
      // 7FFFFFFF -> 7FFF (QC), -65536 -> 8000, -65537 -> -32769 -> 8000 (QC), FFFE -> 7FFF
      {0x0f1f9420, "sqshrn v0.4h, v1.4s, #1", 0, 0, 0xFFFF00007FFFFFFF, 0x0000FFFEFFFEFFFF, 0, 0,
       0x7FFF800080007FFF, 0, true},
      // -0x8001 + 0x8000 = -1 >> 16 = -1: saturates to 0 (QC)
      {0x7f108c20, "sqrshrun h0, s1, #16", kOnes, kOnes, 0xFFFF7FFF, 0, 0, 0, 0, 0, true},
      // -0x8000 + 0x8000 = 0: no saturation
      {0x7f108c20, "sqrshrun h0, s1, #16 (0)", kOnes, kOnes, 0xFFFF8000, 0, 0, 0, 0, 0, false},
      {0x7f108c20, "sqrshrun h0, s1, #16 (8000)", 0, 0, 0x7FFF8000, 0, 0, 0, 0x8000, 0, false},
      // (FFFF + 80) >> 8 = 100 saturates to FF (QC); (FF7F + 80) >> 8 = FF
      {0x7f089c20, "uqrshrn b0, h1, #8", 0, 0, 0xFFFF, 0, 0, 0, 0xFF, 0, true},
      {0x7f089c20, "uqrshrn b0, h1, #8 (FF7F)", 0, 0, 0xFF7F, 0, 0, 0, 0xFF, 0, false},
      // 7FFF8000 -> 8000 -> 7FFF (QC), 17FFF -> 1, FFFF8000 -> 0, 80000000 -> -32768;
      // written to the upper half, the lower kept
      {0x4f109c20, "sqrshrn2 v0.8h, v1.4s, #16", 0xAAAAAAAAAAAAAAAA, 0x5555555555555555,
       0x00017FFF7FFF8000, 0x80000000FFFF8000, 0, 0, 0xAAAAAAAAAAAAAAAA, 0x8000000000017FFF, true},
      // 8000 -> 0 (QC), 07F8 -> FF, 0800 -> 100 -> FF (QC), 0007 -> 0, FFFF -> -1 -> 0
      {0x2f0d8420, "sqshrun v0.8b, v1.8h, #3", kOnes, kOnes, 0x0007080007F88000, kOnes, 0, 0,
       0x0000000000FFFF00, 0, true},
      {0x7f209420, "uqshrn s0, d1, #32", 0, kOnes, kOnes, 0, 0, 0, 0xFFFFFFFF, 0, false},
  });
}

TEST_CASE("AdvSIMD shift left long (SSHLL, USHLL)", "[simd_shift]") {
  run_cases({
      // SXTL: bytes 80 7F FF 01 00 00 00 10
      {0x0f08a420, "sshll v0.8h, v1.8b, #0", 0, 0, 0x1000000001FF7F80, 0xFFFF, 0, 0,
       0x0001FFFF007FFF80, 0x0010000000000000, false},
      // the upper words FFFFFFFF 00000001 << 31
      {0x6f3fa420, "ushll2 v0.2d, v1.4s, #31", 0, 0, 0x1234, 0x00000001FFFFFFFF, 0, 0,
       0x7FFFFFFF80000000, 0x80000000, false},
  });
}

TEST_CASE("AdvSIMD three different: add, subtract, absolute difference", "[simd_shift]") {
  run_cases({
      // 80+80 = -256, 7F+7F = FE, FF+01 = 0, 01+FF = 0; the upper halves ignored
      {0x0e220020, "saddl v0.8h, v1.8b, v2.8b", kOnes, kOnes, 0x01FF7F80, kOnes, 0xFF017F80, kOnes,
       0x0000000000FEFF00, 0, false},
      {0x6ea20020, "uaddl2 v0.2d, v1.4s, v2.4s", 0, 0, 0, kOnes, 0, 0x00000001FFFFFFFF, 0x1FFFFFFFE,
       0x100000000, false},
      // 80000000-1, 0-(-1), 5-(-32768), 7FFFFFFF-5
      {0x0e623020, "ssubw v0.4s, v1.4s, v2.4h", 0, 0, 0x0000000080000000, 0x7FFFFFFF00000005,
       0x00058000FFFF0001, 0, 0x000000017FFFFFFF, 0x7FFFFFFA00008005, false},
      // halfwords 0..7 minus the upper bytes FF 01 02 00 80 00 00 01
      {0x6e223020, "usubw2 v0.8h, v1.8h, v2.16b", 0, 0, 0x0003000200010000, 0x0007000600050004, 0,
       0x01000080000201FF, 0x000300000000FF01, 0x000600060005FF84, false},
      // 80FF+1 = 8100, FFFF+1 = 10000 (truncated), 1234+0100 = 1334
      {0x0e224020, "addhn v0.8b, v1.8h, v2.8h", kOnes, kOnes, 0x00001234FFFF80FF, 0,
       0x0000010000010001, 0, 0x0000000000130081, 0, false},
      // FFFFFFFF80000000 + 0 + 2^31 wraps to 0; 7FFFFFFF + 1 + 2^31 = 1_00000000
      {0x6ea24020, "raddhn2 v0.4s, v1.2d, v2.2d", 0x1234, 0x5678, 0xFFFFFFFF80000000, 0x7FFFFFFF, 0,
       1, 0x1234, 0x0000000100000000, false},
      // 10000-1, 0-1, 80000000-0, 12345678-5678
      {0x0e626020, "subhn v0.4h, v1.4s, v2.4s", kOnes, kOnes, 0x0000000000010000,
       0x1234567880000000, 0x0000000100000001, 0x0000567800000000, 0x12348000FFFF0000, 0, false},
      // 0100-0081+80 = FF, 0-1+80 = 1007F (16 bits: 007F), 80+80 = 100, 7F80+80 = 8000
      {0x2e226020, "rsubhn v0.8b, v1.8h, v2.8h", kOnes, kOnes, 0x7F80008000000100, 0,
       0x0000000000010081, 0, 0x80010000, 0, false},
      // |8000-7FFF| = FFFF, |5-7| = 2, |FFFF-1| = 2, 0; added to 1 1 0 FFFFFFFF
      {0x0e625020, "sabal v0.4s, v1.4h, v2.4h", 0x0000000100000001, 0xFFFFFFFF00000000,
       0x0000FFFF00058000, 0, 0x0000000100077FFF, 0, 0x0000000300010000, 0xFFFFFFFF00000002, false},
      {0x6e227020, "uabdl2 v0.8h, v1.16b, v2.16b", kOnes, kOnes, 0, 0x8010FF00, 0, 0x7F2000FF,
       0x0001001000FF00FF, 0, false},
      // 0 - FFFFFFFF wraps in 64 bits; 5 - 3
      {0x2ea22020, "usubl v0.2d, v1.2s, v2.2s", 0, 0, 0x0000000500000000, 0, 0x00000003FFFFFFFF, 0,
       0xFFFFFFFF00000001, 2, false},
  });
}

TEST_CASE("AdvSIMD three different: multiplies", "[simd_shift]") {
  run_cases({
      // 80000000^2 = 2^62, +1; -1 * 1 + 8000000000000000 wraps
      {0x0ea28020, "smlal v0.2d, v1.2s, v2.2s", 1, 0x8000000000000000, 0xFFFFFFFF80000000, 0,
       0x0000000180000000, 0, 0x4000000000000001, 0x7FFFFFFFFFFFFFFF, false},
      // upper halfwords FFFF 2 0 1 times FFFF 3 1234 1, subtracted from 0 0 5 FFFFFFFF
      {0x6e62a020, "umlsl2 v0.4s, v1.8h, v2.8h", 0, 0xFFFFFFFF00000005, 0, 0x000100000002FFFF, 0,
       0x000112340003FFFF, 0xFFFFFFFA0001FFFF, 0xFFFFFFFE00000005, false},
      {0x0ea2c020, "smull v0.2d, v1.2s, v2.2s", 0, 0, 0x7FFFFFFF80000000, 0, 0x8000000080000000, 0,
       0x4000000000000000, 0xC000000080000000, false},
      {0x2ea2c020, "umull v0.2d, v1.2s, v2.2s", 0, 0, 0x00000002FFFFFFFF, 0, 0x80000000FFFFFFFF, 0,
       0xFFFFFFFE00000001, 0x100000000, false},
      // 2 * 8000 * 8000 = 2^31 saturates (QC); 2*(-32768*32767) = 80010000;
      // 2 * 7FFF^2 = 7FFE0002; 2 * -1 = FFFFFFFE
      {0x0e62d020, "sqdmull v0.4s, v1.4h, v2.4h", 0, 0, 0xFFFF7FFF80008000, 0, 0x00017FFF7FFF8000,
       0, 0x800100007FFFFFFF, 0xFFFFFFFE7FFE0002, true},
      // lane 0: 7FFF...F + 2 saturates; lane 1: the product of INT32_MIN^2 saturates to
      // 7FFF...F, then -1 + it = 7FFF...FE
      {0x0ea29020, "sqdmlal v0.2d, v1.2s, v2.2s", 0x7FFFFFFFFFFFFFFF, kOnes, 0x8000000000000001, 0,
       0x8000000000000001, 0, 0x7FFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFE, true},
      // QC from the product's saturation alone
      {0x0ea29020, "sqdmlal v0.2d, v1.2s, v2.2s (product saturates)", 0, kOnes, 0x8000000000000001,
       0, 0x8000000000000001, 0, 2, 0x7FFFFFFFFFFFFFFE, true},
      {0x0ea29020, "sqdmlal v0.2d, v1.2s, v2.2s (no saturation)", 0, 0, 0x0000000200000001, 0,
       0xFFFFFFFF00000003, 0, 6, 0xFFFFFFFFFFFFFFFC, false},
      // upper halfwords 4 FFFF 8000 0 times 4 1 8000 1234, added to 7FFFFFF0 80000000 0 5:
      // 7FFFFFF0 + 32 saturates, INT32_MIN - 2 saturates, the product 2^31 saturates
      {0x4e629020, "sqdmlal2 v0.4s, v1.8h, v2.8h", 0x800000007FFFFFF0, 0x0000000500000000, 0,
       0x00008000FFFF0004, 0, 0x1234800000010004, 0x800000007FFFFFFF, 0x000000057FFFFFFF, true},
      // INT32_MIN - 2 saturates; the element above bit 31 of d is ignored and cleared
      {0x5e62b020, "sqdmlsl s0, h1, h2", 0xFFFFFFFF80000000, kOnes, 1, 0, 1, 0, 0x80000000, 0,
       true},
      // 0 - SatQ(2 * 8000 * 8000) = 0 - 7FFFFFFF
      {0x5e62b020, "sqdmlsl s0, h1, h2 (min * min)", 0, 0, 0x8000, 0, 0x8000, 0, 0x80000001, 0,
       true},
      {0x5ea2d020, "sqdmull d0, s1, s2", 0, 0, 0x80000000, 0, 0x80000000, 0, 0x7FFFFFFFFFFFFFFF, 0,
       true},
      // polynomial: FF*FF = 5555, 03*03 = 05, 80*80 = 4000, 02*81 = 0102
      {0x0e22e020, "pmull v0.8h, v1.8b, v2.8b", kOnes, kOnes, 0x028003FF, kOnes, 0x818003FF, kOnes,
       0x0102400000055555, 0, false},
      {0x4e22e020, "pmull2 v0.8h, v1.16b, v2.16b", 0, 0, kOnes, 0x0F, kOnes, 0x0F, 0x55, 0, false},
  });
}

TEST_CASE("AdvSIMD shift and three-different forms with Vd == Vn", "[simd_shift]") {
  struct Alias {
    uint32_t insn;
    const char* text;
    uint64_t v0, v1, lo, hi;
  };
  const Alias cases[] = {
      // -2 >> 1 + -2, 2 >> 1 + 2, 80000000 >> 1 + 80000000 (wraps), 7FFFFFFF >> 1 + 7FFFFFFF
      {0x4f3f1421, "ssra v1.4s, v1.4s, #1", 0x00000002FFFFFFFE, 0x7FFFFFFF80000000,
       0x00000003FFFFFFFD, 0xBFFFFFFE40000000},
      // the whole source is read before the upper half is written
      {0x4f0c8421, "shrn2 v1.16b, v1.8h, #4", 0x123456789ABCDEF0, 0x0FEDCBA987654321,
       0x123456789ABCDEF0, 0xFEBA76322367ABEF},
      // halfwords FF80 0 0 0 1 1 1 1 plus the bytes 80 FF 0 ...
      {0x0e211021, "saddw v1.8h, v1.8h, v1.8b", 0x000000000000FF80, 0x0001000100010001,
       0x00000000FFFFFF00, 0x0001000100010001},
  };
  for (const Alias& c : cases) {
    INFO(c.text);
    TestCore t;
    t.load({c.insn});
    set_v(t, 1, c.v0, c.v1);
    t.step();
    CHECK(t.cpu.vreg(1)[0] == c.lo);
    CHECK(t.cpu.vreg(1)[1] == c.hi);
  }
}

TEST_CASE("AdvSIMD shift and three-different reserved encodings are UNDEFINED", "[simd_shift]") {
  const uint32_t words[] = {
      0x2f7f0420,  // USHR (vector), immh = 1xxx with Q = 0
      0x0f408420,  // SHRN, immh = 1xxx
      0x0f40a420,  // SSHLL, immh = 1xxx
      0x0f008c20,  // RSHRN, immh = 0000 (no modified-immediate encoding)
      0x6f008c20,  // SQRSHRUN2, immh = 0000
      0x5f200420,  // SSHR (scalar), immh = 0100 (64-bit only)
      0x7f205420,  // SLI (scalar), immh = 01xx
      0x5f007420,  // SQSHL (immediate, scalar), immh = 0000
      0x5f409420,  // SQSHRN (scalar), immh = 1xxx
      0x0ee20020,  // SADDL, size = 11
      0x0e22d020,  // SQDMULL (vector), size = 00
      0x5ee2d020,  // SQDMULL (scalar), size = 11
      0x5e22b020,  // SQDMLSL (scalar), size = 00
      0x0e62e020,  // PMULL, size = 01
      0x4ee24020,  // ADDHN2, size = 11
  };
  for (uint32_t w : words) {
    INFO("insn 0x" << std::hex << w);
    TestCore t;
    t.load({w});
    set_v(t, 0, 0x1111, 0x2222);
    t.step();
    CHECK((t.cpu.sr().ESR_EL2 >> 26) == 0x00);
    CHECK(t.cpu.sr().ELR_EL2 == TestCore::kCode);
    CHECK(t.cpu.vreg(0)[0] == 0x1111);
    CHECK(t.cpu.vreg(0)[1] == 0x2222);
  }
}

TEST_CASE("AdvSIMD shift by immediate: immh = 0000 is modified immediate", "[simd_shift]") {
  CHECK(isa::decode(0x0f000420) == isa::InsnId::MOVI_32);  // SSHR's opcode
  CHECK(isa::decode(0x6f006420) == isa::InsnId::MVNI_32);  // SQSHLU's opcode
  CHECK(isa::decode(0x0f00a420) == isa::InsnId::MOVI_16);  // SSHLL's opcode
  CHECK(isa::decode(0x0f008c20) == isa::InsnId::RSHRN);    // o2 = 1: no MOVI form
  CHECK(isa::decode(0x0f080420) == isa::InsnId::SSHR_vec);
}

TEST_CASE("USHR (vector) is trapped by CPTR_EL2.TFP", "[simd_shift]") {
  TestCore t;
  t.load({0x6f7f0420});  // ushr v0.2d, v1.2d, #1
  set_v(t, 0, 0x1111, 0x2222);
  t.cpu.sr().CPTR_EL2 |= 1u << 10;
  t.step();
  CHECK((t.cpu.sr().ESR_EL2 >> 26) == 0x07);
  CHECK(t.cpu.sr().ELR_EL2 == TestCore::kCode);
  CHECK(t.cpu.vreg(0)[0] == 0x1111);
}
