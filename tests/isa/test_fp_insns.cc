// The scalar floating-point instructions (isa/a64_fp.inc): operands, the written
// registers, NZCV and FPSR, the UNDEFINED encodings and the FP trap. The expected values
// are worked out by hand; the arithmetic itself is tested in test_fp.cc.
#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <utility>

#include "tests/isa/test_support.h"

namespace {

constexpr uint64_t kJunk = 0x5A5A5A5A5A5A5A5A;
constexpr uint32_t kIoc = 1, kIxc = 1u << 4;
constexpr uint32_t kRP = 1u << 22, kRM = 2u << 22;

struct Fp : el2sim_test::SimdCore {
  Fp() {
    for (unsigned i = 0; i < 4; ++i) t.cpu.vreg(i)[1] = kJunk;
    t.cpu.vreg(0)[0] = kJunk;
  }
  Fp& v(unsigned n, uint64_t lo) {
    t.cpu.vreg(n)[0] = lo;
    return *this;
  }
  Fp& x(unsigned n, uint64_t value) {
    t.cpu.set_x(n, value);
    return *this;
  }
  Fp& fpcr(uint32_t value) {
    t.cpu.fpcr = value;
    return *this;
  }
  Fp& nzcv(unsigned f) {
    t.cpu.pstate().n = f >> 3 & 1;
    t.cpu.pstate().z = f >> 2 & 1;
    t.cpu.pstate().c = f >> 1 & 1;
    t.cpu.pstate().v = f & 1;
    return *this;
  }
  uint64_t lo(unsigned n) { return t.cpu.vreg(n)[0]; }
  uint64_t hi(unsigned n) { return t.cpu.vreg(n)[1]; }
  unsigned flags() {
    const auto& p = t.cpu.pstate();
    return unsigned(p.n) << 3 | unsigned(p.z) << 2 | unsigned(p.c) << 1 | unsigned(p.v);
  }
};

struct Case {
  uint32_t insn;
  const char* text;
  uint64_t expect;
  uint32_t fpsr;
};

// V1 = n, V2 = m, V3 = a; checks V0 (the whole register: the rest cleared) and FPSR.
void run_cases(uint64_t n, uint64_t m, uint64_t a, std::initializer_list<Case> cases,
               uint32_t fpcr = 0) {
  for (const Case& c : cases) {
    INFO(c.text);
    Fp f;
    f.v(1, n).v(2, m).v(3, a).fpcr(fpcr);
    REQUIRE(f.exec(c.insn));
    CHECK(f.lo(0) == c.expect);
    CHECK(f.hi(0) == 0);
    CHECK(f.t.cpu.fpsr == c.fpsr);
  }
}

}  // namespace

TEST_CASE("FP two-source arithmetic", "[fp_insns]") {
  run_cases(0x3FC00000, 0x40100000, 0,  // 1.5, 2.25
            {
                {0x1e222820, "fadd s0, s1, s2", 0x40700000, 0},
                {0x1e223820, "fsub s0, s1, s2", 0xBF400000, 0},
                {0x1e221820, "fdiv s0, s1, s2", 0x3F2AAAAB, kIxc},
                {0x1e228820, "fnmul s0, s1, s2", 0xC0580000, 0},
                {0x1e224820, "fmax s0, s1, s2", 0x40100000, 0},
            });
  run_cases(0x3FF8000000000000, 0x4002000000000000, 0,
            {
                {0x1e622820, "fadd d0, d1, d2", 0x400E000000000000, 0},
                {0x1e620820, "fmul d0, d1, d2", 0x400B000000000000, 0},
                {0x1e627820, "fminnm d0, d1, d2", 0x3FF8000000000000, 0},
            });
  // The junk above bit 31 of a single-precision operand is not read.
  run_cases(0xFFFFFFFF3FC00000, 0x1234567840100000, 0,
            {{0x1e222820, "fadd s0, s1, s2 (upper bits)", 0x40700000, 0}});
  // FNMUL negates a NaN result too; FPCR's rounding mode is used.
  run_cases(0x7FC00001, 0x3F800000, 0, {{0x1e228820, "fnmul s0, s1, s2 (NaN)", 0xFFC00001, 0}});
  run_cases(0x3F800000, 0x33800000, 0, {{0x1e222820, "fadd s0, s1, s2 (RP)", 0x3F800001, kIxc}},
            kRP);
}

TEST_CASE("FP fused multiply-add", "[fp_insns]") {
  run_cases(0x40000000, 0x40400000, 0x3F800000,  // n = 2, m = 3, a = 1
            {
                {0x1f020c20, "fmadd s0, s1, s2, s3", 0x40E00000, 0},
                {0x1f028c20, "fmsub s0, s1, s2, s3", 0xC0A00000, 0},
                {0x1f220c20, "fnmadd s0, s1, s2, s3", 0xC0E00000, 0},
                {0x1f228c20, "fnmsub s0, s1, s2, s3", 0x40A00000, 0},
            });
  // FMSUB negates Rn before the NaN is chosen: a NaN Rn comes out with its sign flipped.
  run_cases(0x7FC00001, 0x40400000, 0x3F800000,
            {{0x1f028c20, "fmsub s0, s1, s2, s3 (NaN)", 0xFFC00001, 0}});
}

TEST_CASE("FP compares set NZCV", "[fp_insns]") {
  struct C {
    uint32_t insn;
    const char* text;
    uint64_t n, m;
    unsigned nzcv_before, nzcv;
    uint32_t fpsr;
  };
  const uint64_t qnan = 0x7FC00000, one5 = 0x3FC00000, two25 = 0x40100000;
  const C cases[] = {
      {0x1e222020, "fcmp s1, s2 (less)", one5, two25, 0, 0x8, 0},
      {0x1e222020, "fcmp s1, s2 (greater)", two25, one5, 0, 0x2, 0},
      {0x1e222020, "fcmp s1, s2 (equal)", one5, one5, 0, 0x6, 0},
      {0x1e222020, "fcmp s1, s2 (unordered)", one5, qnan, 0, 0x3, 0},
      {0x1e222030, "fcmpe s1, s2 (unordered)", one5, qnan, 0, 0x3, kIoc},
      {0x1e602028, "fcmp d1, #0.0 (-0)", 0x8000000000000000, kJunk, 0, 0x6, 0},
      {0x1e602038, "fcmpe d1, #0.0 (-1)", 0xBFF0000000000000, kJunk, 0, 0x8, 0},
      {0x1e220425, "fccmp s1, s2, #5, eq (false)", one5, qnan, 0x0, 0x5, 0},
      {0x1e220425, "fccmp s1, s2, #5, eq (true)", one5, two25, 0x4, 0x8, 0},
      {0x1e62143a, "fccmpe d1, d2, #10, ne (true, NaN)", 0x7FF8000000000000, 0, 0x0, 0x3, kIoc},
      {0x1e62143a, "fccmpe d1, d2, #10, ne (false)", 0x7FF8000000000000, 0, 0x4, 0xA, 0},
  };
  for (const C& c : cases) {
    INFO(c.text);
    Fp f;
    f.v(1, c.n).v(2, c.m).nzcv(c.nzcv_before);
    REQUIRE(f.exec(c.insn));
    CHECK(f.flags() == c.nzcv);
    CHECK(f.t.cpu.fpsr == c.fpsr);
  }
  Fp f;
  f.v(1, 1).v(2, 2).nzcv(0x4);
  REQUIRE(f.exec(0x1e620c20));  // fcsel d0, d1, d2, eq
  CHECK(f.lo(0) == 1);
  CHECK(f.hi(0) == 0);
  Fp g;
  g.v(1, 1).v(2, 2).nzcv(0);
  REQUIRE(g.exec(0x1e620c20));
  CHECK(g.lo(0) == 2);
}

TEST_CASE("FP conversions to and from general registers", "[fp_insns]") {
  struct C {
    uint32_t insn;
    const char* text;
    uint64_t v1, x2;
    uint64_t expect;  // X0 for conversions to integers, V0 otherwise
    bool to_int;
    uint32_t fpsr;
    uint32_t fpcr = 0;
  };
  const C cases[] = {
      {0x1e58f420, "fcvtzs w0, d1, #3 (2.6)", 0x4004CCCCCCCCCCCD, 0, 20, true, kIxc},
      {0x9e19fc20, "fcvtzu x0, s1, #1 (-1)", 0xBF800000, 0, 0, true, kIoc},
      {0x1e620040, "scvtf d0, w2 (-5)", 0, 0xDEADBEEFFFFFFFFB, 0xC014000000000000, false, 0},
      {0x9e230040, "ucvtf s0, x2 (2^64 - 1)", 0, ~0ull, 0x5F800000, false, kIxc},
      {0x1e02f040, "scvtf s0, w2, #4 (40)", 0, 40, 0x40200000, false, 0},
      {0x9e390020, "fcvtzu x0, s1 (2^40)", 0x53800000, 0, 1ull << 40, true, 0},
      {0x1e200020, "fcvtns w0, s1 (-2.5)", 0xC0200000, 0, 0xFFFFFFFE, true, kIxc},
      {0x9e640020, "fcvtas x0, d1 (2.5)", 0x4004000000000000, 0, 3, true, kIxc},
      {0x1e300020, "fcvtms w0, s1 (-0.5)", 0xBF000000, 0, 0xFFFFFFFF, true, kIxc},
      {0x9e680020, "fcvtps x0, d1 (0.1)", 0x3FB999999999999A, 0, 1, true, kIxc},
      {0x1e200020, "fcvtns w0, s1 (NaN)", 0x7FC00000, 0, 0, true, kIoc},
      {0x1e620040, "scvtf d0, w2 (RM)", 0, 0xFFFFFFFF, 0xBFF0000000000000, false, 0, kRM},
  };
  for (const C& c : cases) {
    INFO(c.text);
    Fp f;
    f.v(1, c.v1).x(2, c.x2).x(0, kJunk).fpcr(c.fpcr);
    REQUIRE(f.exec(c.insn));
    if (c.to_int) {
      CHECK(f.t.cpu.x(0) == c.expect);
    } else {
      CHECK(f.lo(0) == c.expect);
      CHECK(f.hi(0) == 0);
    }
    CHECK(f.t.cpu.fpsr == c.fpsr);
  }
}

TEST_CASE("FP one-source operations", "[fp_insns]") {
  run_cases(0x3F800000, 0, 0, {{0x1e23c020, "fcvt h0, s1", 0x3C00, 0}});
  run_cases(0xC000, 0, 0, {{0x1ee2c020, "fcvt d0, h1", 0xC000000000000000, 0}});
  run_cases(0x3FD5555555555555, 0, 0, {{0x1e624020, "fcvt s0, d1", 0x3EAAAAAB, kIxc}});
  run_cases(0x40200000, 0, 0,  // 2.5
            {
                {0x1e274020, "frintx s0, s1", 0x40000000, kIxc},
                {0x1e27c020, "frinti s0, s1", 0x40000000, 0},
                {0x1e244020, "frintn s0, s1", 0x40000000, 0},
            });
  run_cases(0x40200000, 0, 0,
            {
                {0x1e274020, "frintx s0, s1 (RP)", 0x40400000, kIxc},
                {0x1e27c020, "frinti s0, s1 (RP)", 0x40400000, 0},
                {0x1e244020, "frintn s0, s1 (RP)", 0x40000000, 0},
            },
            kRP);
  run_cases(0xC004000000000000, 0, 0,
            {{0x1e664020, "frinta d0, d1 (-2.5)", 0xC008000000000000, 0}});
  run_cases(0x4000000000000000, 0, 0, {{0x1e61c020, "fsqrt d0, d1 (2)", 0x3FF6A09E667F3BCD, kIxc}});
  // FABS and FNEG change the sign bit alone: no exception for a signalling NaN.
  run_cases(0xFFF0000000000001, 0, 0, {{0x1e60c020, "fabs d0, d1", 0x7FF0000000000001, 0}});
  run_cases(0x7F800001, 0, 0, {{0x1e214020, "fneg s0, s1", 0xFF800001, 0}});
}

TEST_CASE("FP: half precision, reserved types and the FP trap", "[fp_insns]") {
  const uint32_t undefined[] = {
      0x1ee22820,                                  // fadd h0, h1, h2 (FEAT_FP16)
      0x1ea22820,                                  // ftype 10
      0x1e224020,                                  // fcvt s0, s1: the same type
      0x1e234020,                                  // fcvt to ftype 10
      (0x1e58f420u & ~(0x3Fu << 10)) | 31u << 10,  // fcvtzs w0, d1, #33
      0x1ee20c20,                                  // fcsel h0, h1, h2, eq
  };
  for (uint32_t insn : undefined) {
    INFO(std::hex << insn);
    Fp f;
    REQUIRE_FALSE(f.exec(insn));
    CHECK(f.ec() == 0x00);
    CHECK(f.lo(0) == kJunk);
  }
  Fp f;
  f.t.cpu.sr().CPTR_EL2 |= 1u << 10;
  REQUIRE_FALSE(f.exec(0x1e222820));  // fadd s0, s1, s2
  CHECK(f.ec() == 0x07);
  CHECK(f.lo(0) == kJunk);
}
