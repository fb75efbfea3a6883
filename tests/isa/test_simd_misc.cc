// AdvSIMD integer two-register miscellaneous (vector and scalar), across-lanes, scalar
// pairwise, permute, extract and table-lookup instructions. The expected values are
// worked out lane by lane from the Arm ARM pseudocode (comments give the lanes, element
// 0 first).
#include <catch2/catch.hpp>

#include "tests/isa/test_support.h"

using el2sim_test::TestCore;

namespace {

constexpr uint32_t kQc = 1u << 27;

struct V {
  uint64_t lo, hi;
};

void set_v(TestCore& t, unsigned n, V v) {
  t.cpu.vreg(n)[0] = v.lo;
  t.cpu.vreg(n)[1] = v.hi;
}

// Bytes 0x00..0x0F and 0x10..0x1F, element 0 first; the old destination value.
constexpr V kIota = {0x0706050403020100, 0x0F0E0D0C0B0A0908};
constexpr V kIota2 = {0x1716151413121110, 0x1F1E1D1C1B1A1918};
constexpr V kOld = {0x1111111111111111, 0x2222222222222222};

// One instruction with v0 = d, v1 = n, v2 = m: the value of v0 and FPSR.QC after it.
struct Case {
  uint32_t insn;
  const char* text;
  V n, m, d, want;
  bool qc;
};

void run_cases(std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    INFO(c.text);
    TestCore t;
    t.load({c.insn});
    set_v(t, 0, c.d);
    set_v(t, 1, c.n);
    set_v(t, 2, c.m);
    t.step();
    CHECK(t.cpu.pc() == TestCore::kCode + 4);
    CHECK(t.cpu.vreg(0)[0] == c.want.lo);
    CHECK(t.cpu.vreg(0)[1] == c.want.hi);
    CHECK(((t.cpu.fpsr & kQc) != 0) == c.qc);
  }
}

}  // namespace

TEST_CASE("AdvSIMD REV16/REV32/REV64, pairwise add long, CLS/CLZ/CNT/NOT/RBIT", "[simd_misc]") {
  const V z = {0, 0};
  run_cases({
      // bytes reversed within each doubleword
      {0x4e200820,
       "rev64 v0.16b, v1.16b",
       kIota,
       z,
       kOld,
       {0x0001020304050607, 0x08090A0B0C0D0E0F},
       false},
      {0x4ea00820,
       "rev64 v0.4s, v1.4s",
       kIota,
       z,
       kOld,
       {0x0302010007060504, 0x0B0A09080F0E0D0C},
       false},
      // halfwords swapped within each word
      {0x6e600820,
       "rev32 v0.8h, v1.8h",
       kIota,
       z,
       kOld,
       {0x0504070601000302, 0x0D0C0F0E09080B0A},
       false},
      {0x0e201820, "rev16 v0.8b, v1.8b", kIota, z, kOld, {0x0607040502030001, 0}, false},
      // h: 0001 FFFF 7FFF 8000 | 8000 8000 7FFF 7FFF -> s: 0, -1, -65536, 65534
      {0x4e602820,
       "saddlp v0.4s, v1.8h",
       {0x80007FFFFFFF0001, 0x7FFF7FFF80008000},
       z,
       kOld,
       {0xFFFFFFFF00000000, 0x0000FFFEFFFF0000},
       false},
      // unsigned: 0x0001 + 0xFFFF, 0x7FFF + 0x8000
      {0x2e602820,
       "uaddlp v0.2s, v1.4h",
       {0x80007FFFFFFF0001, 0x7FFF7FFF80008000},
       z,
       kOld,
       {0x0000FFFF00010000, 0},
       false},
      // -1 + -2^31
      {0x0ea02820,
       "saddlp v0.1d, v1.2s",
       {0x80000000FFFFFFFF, 0x1234},
       z,
       kOld,
       {0xFFFFFFFF7FFFFFFF, 0},
       false},
      // (-1 + -2^31) + 5, (2^31 - 1) * 2 + -1
      {0x4ea06820,
       "sadalp v0.2d, v1.4s",
       {0x80000000FFFFFFFF, 0x7FFFFFFF7FFFFFFF},
       z,
       {5, 0xFFFFFFFFFFFFFFFF},
       {0xFFFFFFFF80000004, 0x00000000FFFFFFFD},
       false},
      // 0xFF + 0xFF + 0x1111, 0xFF + 0xFF + 0x2222
      {0x6e206820,
       "uadalp v0.8h, v1.16b",
       {~0ull, ~0ull},
       z,
       kOld,
       {0x130F130F130F130F, 0x2420242024202420},
       false},
      // b: 00 FF 01 80 40 C0 3F F8 -> 7 7 6 0 0 1 1 4
      {0x0e204820,
       "cls v0.8b, v1.8b",
       {0xF83FC0408001FF00, 0xFFFF},
       z,
       kOld,
       {0x0401010000060707, 0},
       false},
      // s: 0x00010000 -> 14, 0xFFFFFFFF -> 31, 0xFFFF8000 -> 16, 0x80000000 -> 0
      {0x4ea04820,
       "cls v0.4s, v1.4s",
       {0xFFFFFFFF00010000, 0x80000000FFFF8000},
       z,
       kOld,
       {0x0000001F0000000E, 0x0000000000000010},
       false},
      // h: 0000 0001 8000 00FF | 0100 7FFF FFFF 0010 -> 16 15 0 8 | 7 1 0 11
      {0x6e604820,
       "clz v0.8h, v1.8h",
       {0x00FF800000010000, 0x0010FFFF7FFF0100},
       z,
       kOld,
       {0x00080000000F0010, 0x000B000000010007},
       false},
      // b: 00..07 | 33 AA 55 01 00 7F 80 FF
      {0x4e205820,
       "cnt v0.16b, v1.16b",
       {kIota.lo, 0xFF807F000155AA33},
       z,
       kOld,
       {0x0302020102010100, 0x0801070001040404},
       false},
      {0x6e205820,
       "not v0.16b, v1.16b",
       {0xFF00F0F012345678, 0},
       z,
       kOld,
       {0x00FF0F0FEDCBA987, ~0ull},
       false},
      // b: 78 56 34 12 0F F0 80 01 -> 1E 6A 2C 48 F0 0F 01 80
      {0x2e605820,
       "rbit v0.8b, v1.8b",
       {0x0180F00F12345678, 0xFFFF},
       z,
       kOld,
       {0x80010FF0482C6A1E, 0},
       false},
  });
}

TEST_CASE("AdvSIMD SUQADD/USQADD, SQABS/SQNEG, ABS/NEG, compares with zero (vector)",
          "[simd_misc]") {
  const V z = {0, 0};
  run_cases({
      // n (unsigned) 01 FF 80 10 00 7F FF 02, d (signed) 7F 80 80 F0 80 01 00 FE:
      // 128 -> 7F (sat), 127, 0, 0, -128, 128 -> 7F (sat), 255 -> 7F (sat), 0
      {0x4e203820,
       "suqadd v0.16b, v1.16b",
       {0x02FF7F001080FF01, 0},
       z,
       {0xFE000180F080807F, 0x2222222222222222},
       {0x007F7F8000007F7F, 0x2222222222222222},
       true},
      // n (signed) -2^31, -1, 2^31 - 1, 1; d (unsigned) 0x90000000, 0, 0x80000000, 0xFFFFFFFF:
      // 0x10000000, -1 -> 0 (sat), 0xFFFFFFFF, 2^32 -> 0xFFFFFFFF (sat)
      {0x6ea03820,
       "usqadd v0.4s, v1.4s",
       {0xFFFFFFFF80000000, 0x000000017FFFFFFF},
       z,
       {0x0000000090000000, 0xFFFFFFFF80000000},
       {0x0000000010000000, ~0ull},
       true},
      // 2^64 - 1 + -2^63 = 2^63 - 1; 1 + 2^63 - 1 = 2^63 -> 2^63 - 1 (sat)
      {0x4ee03820,
       "suqadd v0.2d, v1.2d",
       {~0ull, 1},
       z,
       {0x8000000000000000, 0x7FFFFFFFFFFFFFFF},
       {0x7FFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF},
       true},
      // h: 8000 FFFF 7FFF 8001 | 0000 0005 FFFB C000
      {0x4e607820,
       "sqabs v0.8h, v1.8h",
       {0x80017FFFFFFF8000, 0xC000FFFB00050000},
       z,
       kOld,
       {0x7FFF7FFF00017FFF, 0x4000000500050000},
       true},
      {0x6ee07820,
       "sqneg v0.2d, v1.2d",
       {0x8000000000000000, 1},
       z,
       kOld,
       {0x7FFFFFFFFFFFFFFF, ~0ull},
       true},
      // b: F0 10 80 FF 01 00 81 7F -> 10 F0 7F (sat) 01 FF 00 7F 81
      {0x2e207820,
       "sqneg v0.8b, v1.8b",
       {0x7F810001FF8010F0, 0x8080},
       z,
       kOld,
       {0x817F00FF017FF010, 0},
       true},
      {0x2e207820,
       "sqneg v0.8b, v1.8b (no saturation)",
       {0x7F810001FF0010F0, 0x8080},
       z,
       kOld,
       {0x817F00FF0100F010, 0},
       false},
      // the most negative value has no positive counterpart: ABS leaves it (no QC)
      {0x4ee0b820,
       "abs v0.2d, v1.2d",
       {0x8000000000000000, 0xFFFFFFFFFFFFFFFE},
       z,
       kOld,
       {0x8000000000000000, 2},
       false},
      // b: 0A F6 00 7F 01 FF 81 80 -> 0A 0A 00 7F 01 01 7F 80
      {0x0e20b820,
       "abs v0.8b, v1.8b",
       {0x8081FF017F00F60A, 0x8080},
       z,
       kOld,
       {0x807F01017F000A0A, 0},
       false},
      // h: FFFF 0000 0001 8000 | 0000 0000 0002 7FFF
      {0x6e60b820,
       "neg v0.8h, v1.8h",
       {0x800000010000FFFF, 0x7FFF000200000000},
       z,
       kOld,
       {0x8000FFFF00000001, 0x8001FFFE00000000},
       false},
      // s: 0, 1, -2^31, -1
      {0x4ea08820,
       "cmgt v0.4s, v1.4s, #0",
       {0x0000000100000000, 0xFFFFFFFF80000000},
       z,
       kOld,
       {0xFFFFFFFF00000000, 0},
       false},
      {0x6ea08820,
       "cmge v0.4s, v1.4s, #0",
       {0x0000000100000000, 0xFFFFFFFF80000000},
       z,
       kOld,
       {~0ull, 0},
       false},
      {0x4ea09820,
       "cmeq v0.4s, v1.4s, #0",
       {0x0000000100000000, 0xFFFFFFFF80000000},
       z,
       kOld,
       {0x00000000FFFFFFFF, 0},
       false},
      {0x6ea09820,
       "cmle v0.4s, v1.4s, #0",
       {0x0000000100000000, 0xFFFFFFFF80000000},
       z,
       kOld,
       {0x00000000FFFFFFFF, ~0ull},
       false},
      {0x4ea0a820,
       "cmlt v0.4s, v1.4s, #0",
       {0x0000000100000000, 0xFFFFFFFF80000000},
       z,
       kOld,
       {0, ~0ull},
       false},
      // b: 80 00 00 00 01 00 FF 00 | 00 x 8
      {0x4e209820,
       "cmeq v0.16b, v1.16b, #0",
       {0x00FF000100000080, 0},
       z,
       kOld,
       {0xFF00FF00FFFFFF00, ~0ull},
       false},
  });
}

TEST_CASE("AdvSIMD XTN/SQXTN/UQXTN/SQXTUN (and the 2 forms), SHLL", "[simd_misc]") {
  const V z = {0, 0};
  run_cases({
      {0x0e212820, "xtn v0.8b, v1.8h", kIota, z, kOld, {0x0E0C0A0806040200, 0}, false},
      // the upper half written, the lower kept
      {0x4e212820, "xtn2 v0.16b, v1.8h", kIota, z, kOld, {kOld.lo, 0x0E0C0A0806040200}, false},
      // s: 32768 -> 7FFF (sat), -32769 -> 8000 (sat), -32768, 0x1234
      {0x0e614820,
       "sqxtn v0.4h, v1.4s",
       {0xFFFF7FFF00008000, 0x00001234FFFF8000},
       z,
       kOld,
       {0x1234800080007FFF, 0},
       true},
      // s: 2, 1, 0x7FFF, -1: no saturation
      {0x4e614820,
       "sqxtn2 v0.8h, v1.4s",
       {0x0000000100000002, 0xFFFFFFFF00007FFF},
       z,
       kOld,
       {kOld.lo, 0xFFFF7FFF00010002},
       false},
      // d: 2^32 -> FFFFFFFF (sat), 0xFFFFFFFF
      {0x2ea14820,
       "uqxtn v0.2s, v1.2d",
       {0x0000000100000000, 0x00000000FFFFFFFF},
       z,
       kOld,
       {~0ull, 0},
       true},
      // h: -1 -> 0, 255, 256 -> FF, -32768 -> 0, 32767 -> FF, 0, 128, 1
      {0x2e212820,
       "sqxtun v0.8b, v1.8h",
       {0x8000010000FFFFFF, 0x0001008000007FFF},
       z,
       kOld,
       {0x018000FF00FFFF00, 0},
       true},
      // b: FF 01 02 03 -> h: FF00 0100 0200 0300 ... (zero-extended, shifted by 8)
      {0x2e213820,
       "shll v0.8h, v1.8b, #8",
       {0x07060504030201FF, 0xFFFF},
       z,
       kOld,
       {0x030002000100FF00, 0x0700060005000400},
       false},
      // the upper half's words: FFFFFFFF, 80000000
      {0x6ea13820,
       "shll2 v0.2d, v1.4s, #32",
       {0x1234, 0x80000000FFFFFFFF},
       z,
       kOld,
       {0xFFFFFFFF00000000, 0x8000000000000000},
       false},
  });
}

TEST_CASE("AdvSIMD scalar two-register miscellaneous", "[simd_misc]") {
  const V z = {0, 0};
  run_cases({
      // 0xF0 (unsigned) + 0x11 = 257 -> 7F
      {0x5e203820, "suqadd b0, b1", {0xAAAAAAAAAAAAAAF0, ~0ull}, z, kOld, {0x7F, 0}, true},
      // -2 + 0x1111 (unsigned)
      {0x7e603820, "usqadd h0, h1", {0xAAAAAAAAAAAAFFFE, ~0ull}, z, kOld, {0x110F, 0}, false},
      {0x5ee07820,
       "sqabs d0, d1",
       {0x8000000000000000, ~0ull},
       z,
       kOld,
       {0x7FFFFFFFFFFFFFFF, 0},
       true},
      {0x7ea07820, "sqneg s0, s1", {0xDEADBEEF00000005, ~0ull}, z, kOld, {0xFFFFFFFB, 0}, false},
      {0x5ee08820, "cmgt d0, d1, #0 (-1)", {~0ull, 0}, z, kOld, {0, 0}, false},
      {0x5ee08820, "cmgt d0, d1, #0 (1)", {1, 0}, z, kOld, {~0ull, 0}, false},
      {0x7ee08820, "cmge d0, d1, #0 (-1)", {~0ull, 0}, z, kOld, {0, 0}, false},
      {0x5ee09820, "cmeq d0, d1, #0 (-1)", {~0ull, 0}, z, kOld, {0, 0}, false},
      {0x5ee09820, "cmeq d0, d1, #0 (0)", {0, ~0ull}, z, kOld, {~0ull, 0}, false},
      {0x7ee09820, "cmle d0, d1, #0 (-1)", {~0ull, 0}, z, kOld, {~0ull, 0}, false},
      {0x5ee0a820, "cmlt d0, d1, #0 (-1)", {~0ull, 0}, z, kOld, {~0ull, 0}, false},
      {0x5ee0b820, "abs d0, d1", {0xFFFFFFFFFFFFFFF0, 0}, z, kOld, {0x10, 0}, false},
      {0x7ee0b820, "neg d0, d1", {1, 0}, z, kOld, {~0ull, 0}, false},
      // 0x12345 -> FFFF
      {0x7e612820, "sqxtun h0, s1", {0xFFFFFFFF00012345, 0}, z, kOld, {0xFFFF, 0}, true},
      // -2^31 fits
      {0x5ea14820, "sqxtn s0, d1", {0xFFFFFFFF80000000, 0}, z, kOld, {0x80000000, 0}, false},
      // 0x0100 -> FF
      {0x7e214820, "uqxtn b0, h1", {0xFFFFFFFFFFFF0100, 0}, z, kOld, {0xFF, 0}, true},
  });
}

TEST_CASE("AdvSIMD across lanes and ADDP (scalar)", "[simd_misc]") {
  const V z = {0, 0};
  run_cases({
      // 16 x -128 = -2048
      {0x4e303820,
       "saddlv h0, v1.16b",
       {0x8080808080808080, 0x8080808080808080},
       z,
       kOld,
       {0xF800, 0},
       false},
      // 4 x 0xFFFFFFFF
      {0x6eb03820, "uaddlv d0, v1.4s", {~0ull, ~0ull}, z, kOld, {0x3FFFFFFFC, 0}, false},
      // -1 + 32767 - 32768 - 32768 = -32770 (the upper half ignored)
      {0x0e703820,
       "saddlv s0, v1.4h",
       {0x800080007FFFFFFF, 0x1234},
       z,
       kOld,
       {0xFFFF7FFE, 0},
       false},
      // b: 05 04 03 02 01 00 FF 80 (the upper half ignored)
      {0x0e30a820,
       "smaxv b0, v1.8b",
       {0x80FF000102030405, 0x7F7F7F7F7F7F7F7F},
       z,
       kOld,
       {0x05, 0},
       false},
      {0x6e70a820,
       "umaxv h0, v1.8h",
       {0x80007FFF0001FFFE, 0x0000FFFF12348001},
       z,
       kOld,
       {0xFFFF, 0},
       false},
      {0x4eb1a820,
       "sminv s0, v1.4s",
       {0x7FFFFFFF00000000, 0x80000001FFFFFFFF},
       z,
       kOld,
       {0x80000001, 0},
       false},
      {0x6e31a820,
       "uminv b0, v1.16b",
       {0x0505050505050505, 0x0404040404040403},
       z,
       kOld,
       {0x03, 0},
       false},
      // 0xFFFF + 3 + 0x7000 + 0x8000 = 0x1F002
      {0x0e71b820, "addv h0, v1.4h", {0x800070000003FFFF, 0x1234}, z, kOld, {0xF002, 0}, false},
      // 0 + 1 + ... + 15
      {0x4e31b820, "addv b0, v1.16b", kIota, z, kOld, {0x78, 0}, false},
      {0x5ef1b820, "addp d0, v1.2d", {~0ull, 3}, z, kOld, {2, 0}, false},
  });
}

TEST_CASE("AdvSIMD permute and EXT", "[simd_misc]") {
  run_cases({
      // s: n 03020100 07060504 0B0A0908 0F0E0D0C, m 13121110 ...
      {0x4e821820,
       "uzp1 v0.4s, v1.4s, v2.4s",
       kIota,
       kIota2,
       kOld,
       {0x0B0A090803020100, 0x1B1A191813121110},
       false},
      {0x0e025820, "uzp2 v0.8b, v1.8b, v2.8b", kIota, kIota2, kOld, {0x1715131107050301, 0}, false},
      {0x4e022820,
       "trn1 v0.16b, v1.16b, v2.16b",
       kIota,
       kIota2,
       kOld,
       {0x1606140412021000, 0x1E0E1C0C1A0A1808},
       false},
      {0x0e426820, "trn2 v0.4h, v1.4h, v2.4h", kIota, kIota2, kOld, {0x1716070613120302, 0}, false},
      {0x4e423820,
       "zip1 v0.8h, v1.8h, v2.8h",
       kIota,
       kIota2,
       kOld,
       {0x1312030211100100, 0x1716070615140504},
       false},
      {0x0e827820, "zip2 v0.2s, v1.2s, v2.2s", kIota, kIota2, kOld, {0x1716151407060504, 0}, false},
      {0x4ec27820, "zip2 v0.2d, v1.2d, v2.2d", kIota, kIota2, kOld, {kIota.hi, kIota2.hi}, false},
      {0x6e021820,
       "ext v0.16b, v1.16b, v2.16b, #3",
       kIota,
       kIota2,
       kOld,
       {0x0A09080706050403, 0x1211100F0E0D0C0B},
       false},
      {0x2e023820,
       "ext v0.8b, v1.8b, v2.8b, #7",
       kIota,
       kIota2,
       kOld,
       {0x1615141312111007, 0},
       false},
  });
}

TEST_CASE("AdvSIMD TBL/TBX", "[simd_misc]") {
  // indices 0F 00 10 FF 01 08 07 20 | 05 05 05 05 0E 0E 0E 0E into 10..1F
  const V idx = {0x20070801FF10000F, 0x0E0E0E0E05050505};
  run_cases({
      {0x4e020020,
       "tbl v0.16b, {v1.16b}, v2.16b",
       kIota2,
       idx,
       kOld,
       {0x001718110000101F, 0x1E1E1E1E15151515},
       false},
      // out of range: the destination's byte (11) kept; Q = 0 clears the upper half
      {0x0e021020, "tbx v0.8b, {v1.16b}, v2.8b", kIota2, idx, kOld, {0x111718111111101F, 0}, false},
  });

  SECTION("three registers wrapping from V31 to V0, V0 also the destination") {
    TestCore t;
    t.load({0x4e0243c0});  // tbl v0.16b, {v30.16b, v31.16b, v0.16b}, v2.16b
    set_v(t, 30, kIota);
    set_v(t, 31, kIota2);
    set_v(t, 0, {0x2726252423222120, 0x2F2E2D2C2B2A2928});
    // 00 10 20 2F 30 FF 1F 0F | 21..28
    set_v(t, 2, {0x0F1FFF302F201000, 0x2827262524232221});
    t.step();
    CHECK(t.cpu.vreg(0)[0] == 0x0F1F00002F201000);
    CHECK(t.cpu.vreg(0)[1] == 0x2827262524232221);
  }
  SECTION("four registers, TBX") {
    TestCore t;
    t.load({0x4e057020});  // tbx v0.16b, {v1.16b, v2.16b, v3.16b, v4.16b}, v5.16b
    set_v(t, 0, kOld);
    set_v(t, 1, kIota);
    set_v(t, 2, kIota2);
    set_v(t, 3, {0x2726252423222120, 0x2F2E2D2C2B2A2928});
    set_v(t, 4, {0x3736353433323130, 0x3F3E3D3C3B3A3938});
    // 00 3F 40 FF 20 30 10 41 | 08 07 .. 01
    set_v(t, 5, {0x41103020FF403F00, 0x0102030405060708});
    t.step();
    CHECK(t.cpu.vreg(0)[0] == 0x1110302011113F00);
    CHECK(t.cpu.vreg(0)[1] == 0x0102030405060708);
  }
}

TEST_CASE("AdvSIMD misc: the destination may be a source", "[simd_misc]") {
  struct Alias {
    uint32_t insn;
    const char* text;
    V v1, want;
  };
  const Alias cases[] = {
      {0x4e013821, "zip1 v1.16b, v1.16b, v1.16b", kIota, {0x0303020201010000, 0x0707060605050404}},
      {0x6e014021, "ext v1.16b, v1.16b, v1.16b, #8", kIota, {kIota.hi, kIota.lo}},
      // v1[e] = e + 1 (mod 16): v1[v1[e]] = e + 2
      {0x4e010021,
       "tbl v1.16b, {v1.16b}, v1.16b",
       {0x0807060504030201, 0x000F0E0D0C0B0A09},
       {0x0908070605040302, 0x01000F0E0D0C0B0A}},
      // h[e] = (2e + 1) << 8 | 2e, plus 2e + 2e + 1
      {0x4e206821, "sadalp v1.8h, v1.16b", kIota, {0x0713050D03070101, 0x0F2B0D250B1F0919}},
      {0x4e614821,
       "sqxtn2 v1.8h, v1.4s",
       {0x0000000100000002, 0xFFFFFFFF00007FFF},
       {0x0000000100000002, 0xFFFF7FFF00010002}},
  };
  for (const Alias& c : cases) {
    INFO(c.text);
    TestCore t;
    t.load({c.insn});
    set_v(t, 1, c.v1);
    t.step();
    CHECK(t.cpu.vreg(1)[0] == c.want.lo);
    CHECK(t.cpu.vreg(1)[1] == c.want.hi);
  }
}

TEST_CASE("AdvSIMD misc: QC is cumulative", "[simd_misc]") {
  TestCore t;
  t.load({0x4e205820, 0x5ee07820});  // cnt v0.16b, v1.16b; sqabs d0, d1
  t.cpu.fpsr = kQc | (1u << 4);
  set_v(t, 1, {1, 0});
  t.step(2);
  CHECK(t.cpu.fpsr == (kQc | (1u << 4)));
  CHECK(t.cpu.vreg(0)[0] == 1);
}

TEST_CASE("AdvSIMD misc: reserved encodings are UNDEFINED", "[simd_misc]") {
  const struct {
    uint32_t insn;
    const char* text;
  } cases[] = {
      {0x4ee00820, "rev64 size 11"},
      {0x6ea00820, "rev32 size 10"},
      {0x0e601820, "rev16 size 01"},
      {0x2e201820, "rev16 with U = 1 (unallocated)"},
      {0x4ee02820, "saddlp size 11"},
      {0x6ee06820, "uadalp size 11"},
      {0x0ee03820, "suqadd .1d"},
      {0x4ee04820, "cls size 11"},
      {0x4e605820, "cnt size 01"},
      {0x6ea05820, "not/rbit size 10 (unallocated)"},
      {0x0ee07820, "sqabs .1d"},
      {0x0ee09820, "cmeq (zero) .1d"},
      {0x2ea0a820, "cmlt (zero) with U = 1 (unallocated)"},
      {0x0ee0b820, "abs .1d"},
      {0x0ee12820, "xtn size 11"},
      {0x2ee13820, "shll size 11"},
      {0x0e213820, "shll with U = 0 (unallocated)"},
      {0x6ee14820, "uqxtn2 size 11"},
      {0x5ea08820, "cmgt (zero, scalar) size 10"},
      {0x5e20b820, "abs (scalar) size 00"},
      {0x7e60b820, "neg (scalar) size 01"},
      {0x5ee14820, "sqxtn (scalar) size 11"},
      {0x5e212820, "xtn scalar (unallocated)"},
      {0x4ef1b820, "addv size 11"},
      {0x2eb03820, "uaddlv .2s (size 10, Q = 0)"},
      {0x0eb0a820, "smaxv .2s"},
      {0x5eb1b820, "addp (scalar) size 10"},
      {0x0ec21820, "uzp1 .1d"},
      {0x2e024020, "ext .8b #8"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    TestCore t;
    t.load({c.insn});
    set_v(t, 0, kOld);
    set_v(t, 1, kIota);
    t.cpu.sr().CPTR_EL2 |= 1u << 10;  // UNDEFINED is taken before the FP trap
    t.step();
    CHECK((t.cpu.sr().ESR_EL2 >> 26) == 0x00);
    CHECK(t.cpu.sr().ELR_EL2 == TestCore::kCode);
    CHECK(t.cpu.vreg(0)[0] == kOld.lo);
    CHECK(t.cpu.vreg(0)[1] == kOld.hi);
  }
}

TEST_CASE("AdvSIMD misc instructions are trapped by CPTR_EL2.TFP", "[simd_misc]") {
  for (uint32_t insn : {0x4e205820u /* cnt v0.16b, v1.16b */, 0x4e020020u /* tbl */,
                        0x5ef1b820u /* addp d0, v1.2d */}) {
    INFO(insn);
    TestCore t;
    t.load({insn});
    set_v(t, 0, kOld);
    t.cpu.sr().CPTR_EL2 |= 1u << 10;
    t.step();
    CHECK((t.cpu.sr().ESR_EL2 >> 26) == 0x07);
    CHECK(t.cpu.sr().ELR_EL2 == TestCore::kCode);
    CHECK(t.cpu.vreg(0)[0] == kOld.lo);
  }
}
