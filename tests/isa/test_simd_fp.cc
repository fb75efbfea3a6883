// AdvSIMD floating-point groups (vector and scalar forms). The expected values are the
// Arm ARM pseudocode (FPAdd, FPMulAdd, FPRecipEstimate, FPToFixed, Reduce...) worked
// out lane by lane: 0x3F800000 is 1.0f, 0x3FF0000000000000 is 1.0, 0x7F800001 a
// signalling NaN whose quiet form is 0x7FC00001.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "isa/decode.h"
#include "tests/isa/test_support.h"

using el2sim_test::d2;
using el2sim_test::h8;
using el2sim_test::s4;
using el2sim_test::TestCore;
using el2sim_test::V128;

namespace {

constexpr uint64_t kJunk = 0x5A5A5A5A5A5A5A5A;

// FPSR cumulative flags and FPCR controls.
constexpr uint32_t kIoc = 1u << 0, kDzc = 1u << 1, kOfc = 1u << 2, kUfc = 1u << 3, kIxc = 1u << 4,
                   kIdc = 1u << 7;
constexpr uint32_t kDn = 1u << 25, kFz = 1u << 24;
constexpr uint32_t kRp = 1u << 22, kRm = 2u << 22, kRz = 3u << 22;

// Single precision.
constexpr uint32_t kS1 = 0x3F800000, kS2 = 0x40000000, kS3 = 0x40400000, kS4 = 0x40800000,
                   kS5 = 0x40A00000, kS6 = 0x40C00000, kS7 = 0x40E00000, kSHalf = 0x3F000000,
                   kS1p5 = 0x3FC00000, kS2p5 = 0x40200000, kSm1 = 0xBF800000, kSm2 = 0xC0000000,
                   kSm3 = 0xC0400000, kSm2p5 = 0xC0200000, kSInf = 0x7F800000, kSmInf = 0xFF800000,
                   kSm0 = 0x80000000, kSSnan = 0x7F800001, kSQuieted = 0x7FC00001,
                   kSDefault = 0x7FC00000;
constexpr uint32_t kSOnes = 0xFFFFFFFF;
// Double precision.
constexpr uint64_t kD1 = 0x3FF0000000000000, kD2 = 0x4000000000000000, kD3 = 0x4008000000000000,
                   kDHalf = 0x3FE0000000000000, kD7 = 0x401C000000000000, kDm2 = 0xC000000000000000;

using Simd = el2sim_test::SimdCore;

struct Case {
  uint32_t insn;
  const char* text;
  V128 expect;
  uint32_t flags;  // FPSR after the instruction (cleared before)
};

// Runs each case with FPCR = fpcr, V0 = d, V1 = n, V2 = m, and checks V0 and FPSR.
void run_cases(uint32_t fpcr, V128 d, V128 n, V128 m, std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    INFO(c.text);
    Simd s;
    s.t.cpu.fpcr = fpcr;
    s.t.cpu.fpsr = 0;
    s.set(0, d);
    s.set(1, n);
    s.set(2, m);
    REQUIRE(s.exec(c.insn));
    CHECK(s.get(0).lo == c.expect.lo);
    CHECK(s.get(0).hi == c.expect.hi);
    CHECK(s.t.cpu.fpsr == c.flags);
  }
}
void run_cases(V128 d, V128 n, V128 m, std::initializer_list<Case> cases) {
  run_cases(0, d, n, m, cases);
}
constexpr V128 kJunkV{kJunk, kJunk};

}  // namespace

TEST_CASE("AdvSIMD FP three same: arithmetic and signalling NaNs", "[simd_fp]") {
  const V128 n = s4({kS1, kS2p5, kSm1, kSSnan});
  const V128 m = s4({kS2, kSHalf, kSInf, kS1});
  run_cases(kJunkV, n, m,
            {
                {0x4e22d420, "fadd v0.4s", s4({kS3, kS3, kSInf, kSQuieted}), kIoc},
                {0x4ea2d420, "fsub v0.4s", s4({kSm1, kS2, kSmInf, kSQuieted}), kIoc},
                {0x6e22dc20, "fmul v0.4s", s4({kS2, 0x3FA00000, kSmInf, kSQuieted}), kIoc},
                {0x4e22dc20, "fmulx v0.4s", s4({kS2, 0x3FA00000, kSmInf, kSQuieted}), kIoc},
                {0x6e22fc20, "fdiv v0.4s", s4({kSHalf, kS5, kSm0, kSQuieted}), kIoc},
                {0x6ea2d420, "fabd v0.4s", s4({kS1, kS2, kSInf, kSQuieted}), kIoc},
                {0x4e22f420, "fmax v0.4s", s4({kS2, kS2p5, kSInf, kSQuieted}), kIoc},
                {0x4ea2f420, "fmin v0.4s", s4({kS1, kSHalf, kSm1, kSQuieted}), kIoc},
                // a signalling NaN is not a "missing" operand for FMAXNM/FMINNM
                {0x4e22c420, "fmaxnm v0.4s", s4({kS2, kS2p5, kSInf, kSQuieted}), kIoc},
                {0x4ea2c420, "fminnm v0.4s", s4({kS1, kSHalf, kSm1, kSQuieted}), kIoc},
                {0x4e22e420, "fcmeq v0.4s", s4({0, 0, 0, 0}), kIoc},
                {0x6e22e420, "fcmge v0.4s", s4({0, kSOnes, 0, 0}), kIoc},
                {0x6ea2e420, "fcmgt v0.4s", s4({0, kSOnes, 0, 0}), kIoc},
                {0x6e22ec20, "facge v0.4s", s4({0, kSOnes, 0, 0}), kIoc},
                {0x6ea2ec20, "facgt v0.4s", s4({0, kSOnes, 0, 0}), kIoc},
            });
}

TEST_CASE("AdvSIMD FP three same: quiet NaNs, signed zeros, absolute compares", "[simd_fp]") {
  const V128 n = s4({0x7FC00003, kSm0, kSm3, 0xFFC00005});
  const V128 m = s4({kS1, 0, kS2, kS1});
  run_cases(kJunkV, n, m,
            {
                {0x4e22c420, "fmaxnm v0.4s", s4({kS1, 0, kS2, kS1}), 0},
                {0x4ea2c420, "fminnm v0.4s", s4({kS1, kSm0, kSm3, kS1}), 0},
                {0x4e22f420, "fmax v0.4s", s4({0x7FC00003, 0, kS2, 0xFFC00005}), 0},
                {0x4ea2f420, "fmin v0.4s", s4({0x7FC00003, kSm0, kSm3, 0xFFC00005}), 0},
                {0x4e22d420, "fadd v0.4s", s4({0x7FC00003, 0, kSm1, 0xFFC00005}), 0},
                // FABD clears the sign of a NaN result too
                {0x6ea2d420, "fabd v0.4s", s4({0x7FC00003, 0, kS5, 0x7FC00005}), 0},
                // FCMEQ is quiet, FCMGE/FACGE/FACGT signal on a quiet NaN
                {0x4e22e420, "fcmeq v0.4s", s4({0, kSOnes, 0, 0}), 0},
                {0x6e22e420, "fcmge v0.4s", s4({0, kSOnes, 0, 0}), kIoc},
                {0x6e22ec20, "facge v0.4s", s4({0, kSOnes, kSOnes, 0}), kIoc},
                {0x6ea2ec20, "facgt v0.4s", s4({0, 0, kSOnes, 0}), kIoc},
            });
}

TEST_CASE("AdvSIMD FP multiply-add and reciprocal steps", "[simd_fp]") {
  run_cases(s4({kS1, kSHalf, kSm1, kS1}), s4({kS2, kS2, kS1, kSInf}), s4({kS3, 0xBE800000, kS1, 0}),
            {
                // infinity times zero: the default NaN
                {0x4e22cc20, "fmla v0.4s", s4({kS7, 0, 0, kSDefault}), kIoc},
                {0x4ea2cc20, "fmls v0.4s", s4({0xC0A00000, kS1, kSm2, kSDefault}), kIoc},
            });
  // Fused: -(1 + 2^-22) + (1 + 2^-23)^2 = 2^-46 exactly (unfused it would be 0).
  run_cases(s4({0xBF800002, 0xBF800002}), s4({0x3F800001, 0x3F800001}),
            s4({0x3F800001, 0x3F800001}),
            {{0x0e22cc20, "fmla v0.2s", s4({0x28800000, 0x28800000}), 0}});
  run_cases(kJunkV, s4({kS1, kSInf, kSHalf, kS2}), s4({kS1, 0, kS2, kS3}),
            {
                {0x4e22fc20, "frecps v0.4s", s4({kS1, kS2, kS1, 0xC0800000}), 0},
                {0x4ea2fc20, "frsqrts v0.4s", s4({kS1, kS1p5, kS1, 0xBFC00000}), 0},
            });
  run_cases(d2(kD1, kD1), d2(kD2, kDHalf), d2(kD3, kDm2),
            {{0x4e62cc20, "fmla v0.2d", d2(kD7, 0), 0}});
}

TEST_CASE("AdvSIMD FP pairwise (vector)", "[simd_fp]") {
  run_cases(kJunkV, s4({kS1, kS2, kS3, kS4}), s4({kS5, kS6, kS7, 0x41000000}),
            {
                {0x6e22d420, "faddp v0.4s", s4({kS3, kS7, 0x41300000, 0x41700000}), 0},
                {0x6e22f420, "fmaxp v0.4s", s4({kS2, kS4, kS6, 0x41000000}), 0},
                {0x6ea2f420, "fminp v0.4s", s4({kS1, kS3, kS5, kS7}), 0},
                {0x2e22d420, "faddp v0.2s", s4({kS3, 0x41300000}), 0},
            });
  run_cases(kJunkV, s4({0x7FC00003, kS2, kSm1, kSm3}), s4({0x7FC00004, 0x7FC00005, kSHalf, kSSnan}),
            {
                {0x6e22c420, "fmaxnmp v0.4s", s4({kS2, kSm1, 0x7FC00004, kSQuieted}), kIoc},
                {0x6ea2c420, "fminnmp v0.4s", s4({kS2, kSm3, 0x7FC00004, kSQuieted}), kIoc},
                {0x6e22f420, "fmaxp v0.4s", s4({0x7FC00003, kSm1, 0x7FC00004, kSQuieted}), kIoc},
                {0x6ea2f420, "fminp v0.4s", s4({0x7FC00003, kSm3, 0x7FC00004, kSQuieted}), kIoc},
            });
  run_cases(kJunkV, d2(kD1, kD2), d2(0x4010000000000000, kDHalf),
            {{0x6e62d420, "faddp v0.2d", d2(kD3, 0x4012000000000000), 0}});
  SECTION("faddp v1.4s, v2.4s, v1.4s (Vd is Vm)") {
    Simd s;
    s.set(1, s4({kS1, kS2, kS3, kS4}));
    s.set(2, s4({kS5, kS5, kS1, kS1}));
    REQUIRE(s.exec(0x6e21d441));
    CHECK(s.get(1).lo == s4({0x41200000, kS2}).lo);
    CHECK(s.get(1).hi == s4({0, 0, kS3, kS7}).hi);
  }
}

TEST_CASE("AdvSIMD FP double precision and 64-bit vectors", "[simd_fp]") {
  run_cases(kJunkV, d2(kD1, 0x7FF0000000000001), d2(kD2, kD1),
            {{0x4e62d420, "fadd v0.2d", d2(kD3, 0x7FF8000000000001), kIoc}});
  run_cases(kJunkV, d2(kD1, 0xFFF8000000000007), d2(kD3, kD1),
            {{0x6ee2d420, "fabd v0.2d", d2(kD2, 0x7FF8000000000007), 0}});
  // Q = 0: two lanes, the upper half cleared
  run_cases(kJunkV, s4({kS1, kS2, kS3, kS4}), s4({kS1, kS2, kS3, kS4}),
            {
                {0x0e22d420, "fadd v0.2s", s4({kS2, kS4}), 0},
                {0x2e22dc20, "fmul v0.2s", s4({kS1, kS4}), 0},
            });
}

TEST_CASE("AdvSIMD FP: FPCR.DN, FPCR.FZ and the rounding modes", "[simd_fp]") {
  run_cases(kDn, kJunkV, s4({kSSnan, 0x7FC00003, kS1, kS1}), s4({kS1, kS1, kS1, kS1}),
            {{0x4e22d420, "fadd v0.4s (DN)", s4({kSDefault, kSDefault, kS2, kS2}), kIoc}});
  // Denormal inputs: flushed (IDC) with FZ, used (and inexact) without.
  const V128 n = s4({0x00000001, 0x80000001, kS1, 0x00800000});
  const V128 m = s4({kS1, 0, 0x00000001, 0x00800000});
  run_cases(kFz, kJunkV, n, m,
            {{0x4e22d420, "fadd v0.4s (FZ)", s4({kS1, 0, kS1, 0x01000000}), kIdc}});
  run_cases(0, kJunkV, n, m,
            {{0x4e22d420, "fadd v0.4s", s4({kS1, 0x80000001, kS1, 0x01000000}), kIxc}});
  // Denormal outputs: flushed to zero with FZ (underflow, not inexact).
  const V128 n2 = s4({0x00800000, 0x80800000, kS1, kS2});
  const V128 m2 = s4({kSHalf, kSHalf, kS1, kS2});
  run_cases(kFz, kJunkV, n2, m2, {{0x6e22dc20, "fmul v0.4s (FZ)", s4({0, kSm0, kS1, kS4}), kUfc}});
  run_cases(0, kJunkV, n2, m2,
            {{0x6e22dc20, "fmul v0.4s", s4({0x00400000, 0x80400000, kS1, kS4}), 0}});
  // 1 + 1.5 * 2^-24, -(1 + 1.5 * 2^-24), 1 + 2^-24 (a tie), -(1 + 2^-24)
  const V128 n3 = s4({kS1, kSm1, kS1, kSm1});
  const V128 m3 = s4({0x33C00000, 0xB3C00000, 0x33800000, 0xB3800000});
  const uint32_t fadd = 0x4e22d420;
  run_cases(0, kJunkV, n3, m3, {{fadd, "RN", s4({0x3F800001, 0xBF800001, kS1, kSm1}), kIxc}});
  run_cases(kRp, kJunkV, n3, m3, {{fadd, "RP", s4({0x3F800001, kSm1, 0x3F800001, kSm1}), kIxc}});
  run_cases(kRm, kJunkV, n3, m3, {{fadd, "RM", s4({kS1, 0xBF800001, kS1, 0xBF800001}), kIxc}});
  run_cases(kRz, kJunkV, n3, m3, {{fadd, "RZ", s4({kS1, kSm1, kS1, kSm1}), kIxc}});
  SECTION("flags accumulate in FPSR") {
    Simd s;
    s.t.cpu.fpsr = kDzc;
    s.set(1, s4({kSSnan}));
    REQUIRE(s.exec(fadd));
    CHECK(s.t.cpu.fpsr == (kDzc | kIoc));
  }
}

TEST_CASE("AdvSIMD FP scalar three same", "[simd_fp]") {
  const V128 junk_hi = d2(0, kJunk);
  run_cases(kJunkV, s4({kSInf, kS1, kS1, kS1}), s4({kSm0, kS1, kS1, kS1}),
            {
                {0x5e22dc20, "fmulx s0, s1, s2", s4({kSm2}), 0},
                {0x5e22fc20, "frecps s0, s1, s2", s4({kS2}), 0},
            });
  run_cases(kJunkV, d2(0, kJunk), d2(0xFFF0000000000000, kJunk),
            {{0x5e62dc20, "fmulx d0, d1, d2", d2(kDm2, 0), 0}});
  run_cases(kJunkV, s4({0xFFC00005, kS1}), s4({kS1, kS1}),
            {
                {0x7ea2d420, "fabd s0, s1, s2", s4({0x7FC00005}), 0},
                {0x5e22e420, "fcmeq s0, s1, s2", s4({0}), 0},
                {0x7e22e420, "fcmge s0, s1, s2", s4({0}), kIoc},
            });
  run_cases(kJunkV, s4({kS2, 0}), s4({kS2, kS1}),
            {{0x5e22e420, "fcmeq s0, s1, s2 (equal)", s4({kSOnes}), 0}});
  run_cases(kJunkV, s4({kSm2}), s4({kS2}), {{0x7e22ec20, "facge s0, s1, s2", s4({kSOnes}), 0}});
  run_cases(kJunkV, d2(kD1, kJunk), d2(kD3, kJunk),
            {{0x7ee2d420, "fabd d0, d1, d2", d2(kD2, 0), 0}});
  run_cases(kJunkV, d2(0xC008000000000000, junk_hi.hi), d2(kD2, 0),
            {
                {0x7ee2ec20, "facgt d0, d1, d2", d2(~0ull, 0), 0},
                {0x7ee2e420, "fcmgt d0, d1, d2", d2(0, 0), 0},
            });
  run_cases(kJunkV, d2(kD2, kJunk), d2(kD2, kJunk),
            {{0x5ee2fc20, "frsqrts d0, d1, d2", d2(0xBFE0000000000000, 0), 0}});
}

TEST_CASE("AdvSIMD FP round to integral (vector)", "[simd_fp]") {
  // 2.5, -2.5, 1.5, -0.4
  const V128 n = s4({kS2p5, kSm2p5, kS1p5, 0xBECCCCCD});
  run_cases(kJunkV, n, kJunkV,
            {
                {0x4e218820, "frintn v0.4s", s4({kS2, kSm2, kS2, kSm0}), 0},
                {0x6e218820, "frinta v0.4s", s4({kS3, kSm3, kS2, kSm0}), 0},
                {0x4ea18820, "frintp v0.4s", s4({kS3, kSm2, kS2, kSm0}), 0},
                {0x4e219820, "frintm v0.4s", s4({kS2, kSm3, kS1, kSm1}), 0},
                {0x4ea19820, "frintz v0.4s", s4({kS2, kSm2, kS1, kSm0}), 0},
                {0x6e219820, "frintx v0.4s", s4({kS2, kSm2, kS2, kSm0}), kIxc},
                {0x6ea19820, "frinti v0.4s", s4({kS2, kSm2, kS2, kSm0}), 0},
            });
  run_cases(kRp, kJunkV, n, kJunkV,
            {{0x6ea19820, "frinti v0.4s (RP)", s4({kS3, kSm2, kS2, kSm0}), 0}});
  run_cases(kRm, kJunkV, n, kJunkV,
            {{0x6e219820, "frintx v0.4s (RM)", s4({kS2, kSm3, kS1, kSm1}), kIxc}});
  run_cases(kJunkV, s4({kSSnan, kSInf, kSm0, 0x00000001}), kJunkV,
            {{0x4ea19820, "frintz v0.4s (specials)", s4({kSQuieted, kSInf, kSm0, 0}), kIoc}});
}

TEST_CASE("AdvSIMD FP conversions to and from integers (vector)", "[simd_fp]") {
  const V128 n = s4({kS2p5, kSm2p5, kS1p5, 0xBECCCCCD});
  run_cases(kJunkV, n, kJunkV,
            {
                {0x4e21a820, "fcvtns v0.4s", s4({2, 0xFFFFFFFE, 2, 0}), kIxc},
                {0x4e21c820, "fcvtas v0.4s", s4({3, 0xFFFFFFFD, 2, 0}), kIxc},
                {0x4ea1a820, "fcvtps v0.4s", s4({3, 0xFFFFFFFE, 2, 0}), kIxc},
                {0x4e21b820, "fcvtms v0.4s", s4({2, 0xFFFFFFFD, 1, 0xFFFFFFFF}), kIxc},
                {0x4ea1b820, "fcvtzs v0.4s", s4({2, 0xFFFFFFFE, 1, 0}), kIxc},
                // negative results saturate to 0 (invalid); -0.4 rounding to 0 is only inexact
                {0x6e21a820, "fcvtnu v0.4s", s4({2, 0, 2, 0}), kIoc | kIxc},
                {0x6e21c820, "fcvtau v0.4s", s4({3, 0, 2, 0}), kIoc | kIxc},
                {0x6ea1a820, "fcvtpu v0.4s", s4({3, 0, 2, 0}), kIoc | kIxc},
                {0x6e21b820, "fcvtmu v0.4s", s4({2, 0, 1, 0}), kIoc | kIxc},
                {0x6ea1b820, "fcvtzu v0.4s", s4({2, 0, 1, 0}), kIoc | kIxc},
            });
  run_cases(kJunkV, d2(0xFFF0000000000000, 0x7FF8000000000000), kJunkV,
            {{0x4ee1b820, "fcvtzs v0.2d", d2(0x8000000000000000, 0), kIoc}});
  const V128 ints = s4({1, 0xFFFFFFFF, 0x7FFFFFFF, 0x01000001});
  run_cases(kJunkV, ints, kJunkV,
            {
                {0x4e21d820, "scvtf v0.4s", s4({kS1, kSm1, 0x4F000000, 0x4B800000}), kIxc},
                {0x6e21d820, "ucvtf v0.4s", s4({kS1, 0x4F800000, 0x4F000000, 0x4B800000}), kIxc},
            });
  run_cases(kRp, kJunkV, ints, kJunkV,
            {{0x4e21d820, "scvtf v0.4s (RP)", s4({kS1, kSm1, 0x4F000000, 0x4B800001}), kIxc}});
}

TEST_CASE("AdvSIMD FP compares with zero, FABS, FNEG, FSQRT", "[simd_fp]") {
  run_cases(kJunkV, s4({kS1, kSm0, kSm1, kSDefault}), kJunkV,
            {
                {0x4ea0c820, "fcmgt v0.4s, #0", s4({kSOnes, 0, 0, 0}), kIoc},
                {0x6ea0c820, "fcmge v0.4s, #0", s4({kSOnes, kSOnes, 0, 0}), kIoc},
                {0x4ea0d820, "fcmeq v0.4s, #0", s4({0, kSOnes, 0, 0}), 0},
                {0x6ea0d820, "fcmle v0.4s, #0", s4({0, kSOnes, kSOnes, 0}), kIoc},
                {0x4ea0e820, "fcmlt v0.4s, #0", s4({0, 0, kSOnes, 0}), kIoc},
            });
  run_cases(kJunkV, s4({kSm1, kSQuieted, kSm0, 0xFF800001}), kJunkV,
            {
                // bit operations: NaNs keep their payload and are not quietened
                {0x4ea0f820, "fabs v0.4s", s4({kS1, kSQuieted, 0, kSSnan}), 0},
                {0x6ea0f820, "fneg v0.4s", s4({kS1, 0xFFC00001, 0, kSSnan}), 0},
                {0x0ea0f820, "fabs v0.2s", s4({kS1, kSQuieted}), 0},
            });
  run_cases(kJunkV, s4({kS4, kS2, kSm1, kSm0}), kJunkV,
            {{0x6ea1f820, "fsqrt v0.4s", s4({kS2, 0x3FB504F3, kSDefault, kSm0}), kIoc | kIxc}});
}

TEST_CASE("AdvSIMD FP estimates", "[simd_fp]") {
  run_cases(kJunkV, s4({kS1, kS2, 0, kSInf}), kJunkV,
            {{0x4ea1d820, "frecpe v0.4s", s4({0x3F7F8000, 0x3EFF8000, kSInf, 0}), kDzc}});
  run_cases(
      kJunkV, s4({kS1, kS4, kSm1, 0}), kJunkV,
      {{0x6ea1d820, "frsqrte v0.4s", s4({0x3F7F8000, 0x3EFF8000, kSDefault, kSInf}), kIoc | kDzc}});
  run_cases(
      kJunkV, s4({0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 0xC0000000}), kJunkV,
      {{0x4ea1c820, "urecpe v0.4s", s4({0xFF800000, 0xFFFFFFFF, 0x80000000, 0xAA800000}), 0}});
  run_cases(
      kJunkV, s4({0x40000000, 0x3FFFFFFF, 0xFFFFFFFF, 0x80000000}), kJunkV,
      {{0x6ea1c820, "ursqrte v0.4s", s4({0xFF800000, 0xFFFFFFFF, 0x80000000, 0xB4800000}), 0}});
}

TEST_CASE("AdvSIMD FP conversions between precisions", "[simd_fp]") {
  // 1.0, 65520 (rounds to 2^16: overflow), 2^-24 (the smallest half denormal), sNaN
  run_cases(kJunkV, s4({kS1, 0x477FF000, 0x33800000, kSSnan}), kJunkV,
            {{0x0e216820, "fcvtn v0.4h, v1.4s", h8({0x3C00, 0x7C00, 0x0001, 0x7E00}),
              kIoc | kOfc | kIxc}});
  run_cases(kJunkV, d2(kD1, 0x3FF0000000000001), kJunkV,
            {
                {0x4e616820, "fcvtn2 v0.4s, v1.2d", d2(kJunk, s4({kS1, kS1}).lo), kIxc},
                // round to odd: 1 + 2^-52 becomes 1 + 2^-23
                {0x2e616820, "fcvtxn v0.2s, v1.2d", s4({kS1, 0x3F800001}), kIxc},
                {0x6e616820, "fcvtxn2 v0.4s, v1.2d", d2(kJunk, s4({kS1, 0x3F800001}).lo), kIxc},
            });
  run_cases(kJunkV, h8({0x3C00, 0x7C00, 0x0001, 0x7D00, 0x4000}), kJunkV,
            {{0x0e217820, "fcvtl v0.4s, v1.4h", s4({kS1, kSInf, 0x33800000, 0x7FE00000}), kIoc}});
  run_cases(kJunkV, s4({kS1, kS1, kS1p5, kSm0}), kJunkV,
            {{0x4e617820, "fcvtl2 v0.2d, v1.4s", d2(0x3FF8000000000000, 0x8000000000000000), 0}});
}

TEST_CASE("AdvSIMD FP scalar two-register miscellaneous", "[simd_fp]") {
  run_cases(kJunkV, s4({0x4F000000, kS1, kS1, kS1}), kJunkV,
            {{0x5ea1b820, "fcvtzs s0, s1 (2^31 saturates)", s4({0x7FFFFFFF}), kIoc}});
  run_cases(kJunkV, d2(0xC004000000000000, kJunk), kJunkV,
            {{0x5e61a820, "fcvtns d0, d1", d2(0xFFFFFFFFFFFFFFFE, 0), kIxc}});
  run_cases(kJunkV, d2(~0ull, kJunk), kJunkV,
            {{0x5e61d820, "scvtf d0, d1", d2(0xBFF0000000000000, 0), 0}});
  run_cases(kJunkV, s4({0xFFFFFFFF, 1, 1, 1}), kJunkV,
            {{0x7e21d820, "ucvtf s0, s1", s4({0x4F800000}), kIxc}});
  run_cases(kJunkV, d2(0x8000000000000000, kJunk), kJunkV,
            {{0x7ee0d820, "fcmle d0, d1, #0", d2(~0ull, 0), 0}});
  run_cases(kJunkV, d2(kD2, kJunk), kJunkV,
            {{0x5ee1d820, "frecpe d0, d1", d2(0x3FDFF00000000000, 0), 0}});
  run_cases(kJunkV, s4({kS4, kS1}), kJunkV, {{0x7ea1d820, "frsqrte s0, s1", s4({0x3EFF8000}), 0}});
  run_cases(kJunkV, s4({kS2p5, kS1}), kJunkV, {{0x7e21c820, "fcvtau s0, s1", s4({3}), kIxc}});
  run_cases(kJunkV, d2(0x3FF0000000000001, kJunk), kJunkV,
            {{0x7e616820, "fcvtxn s0, d1", s4({0x3F800001}), kIxc}});
  // FRECPX: the exponent inverted, the fraction cleared; zero gives the largest exponent.
  run_cases(kJunkV, s4({kS3, kS1}), kJunkV, {{0x5ea1f820, "frecpx s0, s1 (3.0)", s4({kS1}), 0}});
  run_cases(kJunkV, s4({0, kS1}), kJunkV, {{0x5ea1f820, "frecpx s0, s1 (0)", s4({0x7F000000}), 0}});
  run_cases(kJunkV, s4({0xBF000000, kS1}), kJunkV,
            {{0x5ea1f820, "frecpx s0, s1 (-0.5)", s4({0xC0800000}), 0}});
  run_cases(kJunkV, s4({kSSnan, kS1}), kJunkV,
            {{0x5ea1f820, "frecpx s0, s1 (sNaN)", s4({kSQuieted}), kIoc}});
}

TEST_CASE("AdvSIMD FP scalar pairwise and across lanes", "[simd_fp]") {
  run_cases(kJunkV, d2(kD1, kD2), kJunkV, {{0x7e70d820, "faddp d0, v1.2d", d2(kD3, 0), 0}});
  run_cases(kJunkV, s4({0x7FC00002, kS1, kS5, kS5}), kJunkV,
            {
                {0x7e30f820, "fmaxp s0, v1.2s", s4({0x7FC00002}), 0},
                {0x7e30c820, "fmaxnmp s0, v1.2s", s4({kS1}), 0},
                {0x7eb0f820, "fminp s0, v1.2s", s4({0x7FC00002}), 0},
                {0x7eb0c820, "fminnmp s0, v1.2s", s4({kS1}), 0},
            });
  run_cases(kJunkV, s4({kS1, 0x7FC00007, kSm2, kS3}), kJunkV,
            {
                {0x6e30c820, "fmaxnmv s0, v1.4s", s4({kS3}), 0},
                {0x6e30f820, "fmaxv s0, v1.4s", s4({0x7FC00007}), 0},
                {0x6eb0c820, "fminnmv s0, v1.4s", s4({kSm2}), 0},
            });
  // Reduce() is a tree: min(min(e0, e1), min(e2, e3)). Here min(qNaN A, quiet(sNaN B))
  // gives A; a left-to-right fold would end with min(A, sNaN B) = quiet B.
  run_cases(kJunkV, s4({0x7FC0000A, kS1, 0x7F80000B, kS2}), kJunkV,
            {{0x6eb0f820, "fminv s0, v1.4s", s4({0x7FC0000A}), kIoc}});
  run_cases(kJunkV, s4({0x7FC0000A, 0x7FC0000C, kS5, kS2}), kJunkV,
            {{0x6eb0c820, "fminnmv s0, v1.4s (two NaNs)", s4({kS2}), 0}});
}

TEST_CASE("AdvSIMD FP by element", "[simd_fp]") {
  run_cases(s4({kS1, kS1, kS1, kS1}), s4({kS1, kS2, kS3, kS4}),
            s4({0x12345678, kSSnan, kSDefault, kS2}),
            {{0x4fa21820, "fmla v0.4s, v1.4s, v2.s[3]", s4({kS3, kS5, kS7, 0x41100000}), 0}});
  run_cases(d2(kD1, kDHalf), d2(kD2, 0xBFF0000000000000), d2(0x7FF0000000000001, kDHalf),
            {{0x4fc25820, "fmls v0.2d, v1.2d, v2.d[1]", d2(0, kD1), 0}});
  run_cases(kJunkV, s4({kS1p5, kSm2, kS7, kS7}), s4({0, 0, kS4, 0}),
            {{0x0f829820, "fmul v0.2s, v1.2s, v2.s[2]", s4({kS6, 0xC1000000}), 0}});
  run_cases(kJunkV, s4({kSInf, kSmInf, kS1, kS2}), s4({0, kS1, kS1, kS1}),
            {{0x6f829020, "fmulx v0.4s, v1.4s, v2.s[0]", s4({kS2, kSm2, 0, 0}), 0}});
  run_cases(kJunkV, s4({kS2, kS1, kS1, kS1}), s4({kS1, kS2p5, kS1, kS1}),
            {{0x5fa29020, "fmul s0, s1, v2.s[1]", s4({kS5}), 0}});
  run_cases(d2(kD1, kJunk), d2(kD2, kJunk), d2(kJunk, kD3),
            {{0x5fc21820, "fmla d0, d1, v2.d[1]", d2(kD7, 0), 0}});
  run_cases(s4({kS1, kS1, kS1, kS1}), s4({kS2, kS1, kS1, kS1}), s4({0, 0, 0x3E800000, 0}),
            {{0x5f825820, "fmls s0, s1, v2.s[2]", s4({kSHalf}), 0}});
  run_cases(kJunkV, d2(0x7FF0000000000000, kJunk), d2(kJunk, 0x8000000000000000),
            {{0x7fc29820, "fmulx d0, d1, v2.d[1]", d2(kDm2, 0), 0}});
  SECTION("Rm = M:Rm (v17)") {
    Simd s;
    s.set(1, s4({kS1, kS2, kS3, kS4}));
    s.set(17, s4({0, kS3, 0, 0}));
    REQUIRE(s.exec(0x4fb19020));  // fmul v0.4s, v1.4s, v17.s[1]
    CHECK(s.get(0).lo == s4({kS3, kS6}).lo);
    CHECK(s.get(0).hi == s4({0, 0, 0x41100000, 0x41400000}).hi);
  }
  SECTION("Vd is Vm") {
    Simd s;
    s.set(1, s4({kS1, kS2, kS3, kS4}));
    s.set(2, s4({kS1, kS2, kS1, kS1}));
    REQUIRE(s.exec(0x4fa21022));  // fmla v2.4s, v1.4s, v2.s[1]
    CHECK(s.get(2).lo == s4({kS3, kS6}).lo);
    CHECK(s.get(2).hi == s4({0, 0, kS7, 0x41100000}).hi);
  }
}

TEST_CASE("AdvSIMD FP fixed-point conversions", "[simd_fp]") {
  run_cases(kJunkV, s4({16, 0xFFFFFFF8, 1, 0x7FFFFFFF}), kJunkV,
            {{0x4f3ce420, "scvtf v0.4s, v1.4s, #4", s4({kS1, 0xBF000000, 0x3D800000, 0x4D000000}),
              kIxc}});
  run_cases(kJunkV, d2(0x8000000000000000, 1), kJunkV,
            {{0x6f40e420, "ucvtf v0.2d, v1.2d, #64", d2(kDHalf, 0x3BF0000000000000), 0}});
  run_cases(
      kJunkV, s4({0x3FE00000, 0xBFE00000, 0x4E800000, kSDefault}), kJunkV,
      {{0x4f3ffc20, "fcvtzs v0.4s, v1.4s, #1", s4({3, 0xFFFFFFFD, 0x7FFFFFFF, 0}), kIoc | kIxc}});
  run_cases(kJunkV, d2(0x3FF8000000000000, kJunk), kJunkV,
            {{0x7f60fc20, "fcvtzu d0, d1, #32", d2(0x180000000, 0), 0}});
  run_cases(kJunkV, s4({0x3E800000, kS1}), kJunkV,
            {{0x5f20fc20, "fcvtzs s0, s1, #32", s4({0x40000000}), 0}});
  run_cases(kJunkV, d2(3, kJunk), kJunkV,
            {{0x5f7fe420, "scvtf d0, d1, #1", d2(0x3FF8000000000000, 0), 0}});
  run_cases(kJunkV, s4({0xFFFFFF00, 1}), kJunkV,
            {{0x7f38e420, "ucvtf s0, s1, #8", s4({0x4B7FFFFF}), 0}});
  run_cases(kJunkV, s4({kSHalf, 0xBF000000, 1, 1}), kJunkV,
            {{0x2f21fc20, "fcvtzu v0.2s, v1.2s, #31", s4({0x40000000, 0}), kIoc}});
}

TEST_CASE("AdvSIMD FP: reserved encodings are UNDEFINED", "[simd_fp]") {
  const uint32_t insns[] = {
      0x0e62d420,  // fadd .1d (sz = 1, Q = 0)
      0x0e62cc20,  // fmla .1d
      0x2e62d420,  // faddp .1d
      0x0e618820,  // frintn .1d
      0x0ee1b820,  // fcvtzs .1d
      0x0ee0c820,  // fcmgt (zero) .1d
      0x4ee1c820,  // urecpe, sz = 1
      0x6ee1c820,  // ursqrte, sz = 1
      0x2e216820,  // fcvtxn, sz = 0
      0x7e216820,  // fcvtxn (scalar), sz = 0
      0x2e30f820,  // fmaxv .2s (Q = 0)
      0x6e70f820,  // fmaxv, sz = 1
      0x4fe21820,  // fmla (by element) .2d with L = 1
      0x0fc29820,  // fmul (by element) .1d
      0x5fe21820,  // fmla (by element, scalar) d with L = 1
      0x4f08e420,  // scvtf (fixed-point), immh = 0001
      0x4f10e420,  // scvtf (fixed-point), immh = 0010 (half precision)
      0x4f00fc20,  // fcvtzs (fixed-point), immh = 0000
      0x2f40e420,  // ucvtf (fixed-point) .1d
      0x5f08e420,  // scvtf (fixed-point, scalar), immh = 0001
      0x5f00fc20,  // fcvtzs (fixed-point, scalar), immh = 0000
  };
  for (uint32_t insn : insns) {
    INFO(std::hex << insn << " " << isa::insn_name(isa::decode(insn)));
    CHECK(isa::decode(insn) != isa::InsnId::kUnallocated);
    Simd s;
    s.set(0, kJunkV);
    s.set(1, s4({kSSnan, kSSnan, kSSnan, kSSnan}));
    s.t.cpu.fpsr = 0;
    REQUIRE_FALSE(s.exec(insn));
    CHECK(s.ec() == 0x00);
    CHECK(s.t.cpu.sr().ELR_EL2 == TestCore::kCode);
    CHECK(s.get(0).lo == kJunk);
    CHECK(s.get(0).hi == kJunk);
    CHECK(s.t.cpu.fpsr == 0);
  }
}

TEST_CASE("AdvSIMD FP: half-precision and later-extension encodings stay unallocated",
          "[simd_fp]") {
  using isa::InsnId;
  CHECK(isa::decode(0x4e421420) == InsnId::kUnallocated);  // fadd v0.8h (FEAT_FP16)
  CHECK(isa::decode(0x4ef9b820) == InsnId::kUnallocated);  // fcvtzs v0.8h
  CHECK(isa::decode(0x4e30c820) == InsnId::kUnallocated);  // fmaxnmv h0, v1.8h
  CHECK(isa::decode(0x5e30d820) == InsnId::kUnallocated);  // faddp h0, v1.2h
  CHECK(isa::decode(0x4f021020) == InsnId::kUnallocated);  // fmla v0.8h, v1.8h, v2.h[0]
  CHECK(isa::decode(0x5f029020) == InsnId::kUnallocated);  // fmul h0, h1, v2.h[0]
  CHECK(isa::decode(0x5e422420) == InsnId::kUnallocated);  // fcmeq h0, h1, h2
  CHECK(isa::decode(0x5ef9d820) == InsnId::kUnallocated);  // frecpe h0, h1
  CHECK(isa::decode(0x0e22ec20) == InsnId::kUnallocated);  // fmlal (FEAT_FHM)
  CHECK(isa::decode(0x4ea2dc20) == InsnId::kUnallocated);  // three same U=0 a=1 11011
  CHECK(isa::decode(0x6ea2fc20) == InsnId::kUnallocated);  // three same U=1 a=1 11111
  CHECK(isa::decode(0x4e22d420) == InsnId::FADD_vec);
  CHECK(isa::decode(0x0f00e420) == InsnId::MOVI_8);   // SCVTF (fixed-point) with immh = 0
  CHECK(isa::decode(0x6f00e420) == InsnId::MOVI_64);  // UCVTF (fixed-point) with immh = 0
}

TEST_CASE("AdvSIMD FP is trapped by CPTR_EL2.TFP", "[simd_fp]") {
  for (uint32_t insn : {0x4e22d420u /* fadd v0.4s */, 0x6e30c820u /* fmaxnmv */,
                        0x5f20fc20u /* fcvtzs s0, s1, #32 */}) {
    INFO(std::hex << insn);
    Simd s;
    s.t.cpu.sr().CPTR_EL2 |= 1u << 10;
    s.set(0, kJunkV);
    s.set(1, s4({kSSnan}));
    s.t.cpu.fpsr = 0;
    REQUIRE_FALSE(s.exec(insn));
    CHECK(s.ec() == 0x07);
    CHECK(s.t.cpu.sr().ELR_EL2 == TestCore::kCode);
    CHECK(s.get(0).lo == kJunk);
    CHECK(s.t.cpu.fpsr == 0);
  }
  // A reserved encoding is UNDEFINED before the trap check.
  Simd s;
  s.t.cpu.sr().CPTR_EL2 |= 1u << 10;
  REQUIRE_FALSE(s.exec(0x0e62d420));  // fadd .1d
  CHECK(s.ec() == 0x00);
}
