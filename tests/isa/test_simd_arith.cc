// AdvSIMD integer three-same (vector and scalar) and by-element operations. The
// expected values are the Arm ARM pseudocode worked out lane by lane.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "isa/decode.h"
#include "tests/isa/test_support.h"

using el2sim_test::b16;
using el2sim_test::d2;
using el2sim_test::h8;
using el2sim_test::s4;
using el2sim_test::TestCore;
using el2sim_test::V128;

namespace {

constexpr uint32_t kQc = 1u << 27;
constexpr uint64_t kJunk = 0x5A5A5A5A5A5A5A5A;

struct Simd : el2sim_test::SimdCore {
  bool qc() const { return (t.cpu.fpsr & kQc) != 0; }
};

struct Case {
  uint32_t insn;
  const char* text;
  V128 expect;
  bool qc;
};

// Runs each case with V0 = d, V1 = n, V2 = m and FPSR.QC clear, and checks V0 and QC.
void run_cases(V128 d, V128 n, V128 m, std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    INFO(c.text);
    Simd s;
    s.set(0, d);
    s.set(1, n);
    s.set(2, m);
    REQUIRE(s.exec(c.insn));
    CHECK(s.get(0).lo == c.expect.lo);
    CHECK(s.get(0).hi == c.expect.hi);
    CHECK(s.qc() == c.qc);
  }
}

}  // namespace

TEST_CASE("AdvSIMD halving add and subtract", "[simd_arith]") {
  const V128 n = b16({0x7F, 0x80, 0xFF, 0x01, 0x80, 0x03, 0xFE, 0x00});
  const V128 m = b16({0x01, 0x80, 0x01, 0xFF, 0x7F, 0x00, 0xFF, 0x01});
  run_cases(d2(kJunk, kJunk), n, m,
            {
                {0x4e220420, "shadd v0.16b, v1.16b, v2.16b",
                 b16({0x40, 0x80, 0x00, 0x00, 0xFF, 0x01, 0xFE, 0x00}), false},
                {0x6e220420, "uhadd v0.16b, v1.16b, v2.16b",
                 b16({0x40, 0x80, 0x80, 0x80, 0x7F, 0x01, 0xFE, 0x00}), false},
                {0x4e221420, "srhadd v0.16b, v1.16b, v2.16b",
                 b16({0x40, 0x80, 0x00, 0x00, 0x00, 0x02, 0xFF, 0x01}), false},
                {0x6e221420, "urhadd v0.16b, v1.16b, v2.16b",
                 b16({0x40, 0x80, 0x80, 0x80, 0x80, 0x02, 0xFF, 0x01}), false},
                {0x4e222420, "shsub v0.16b, v1.16b, v2.16b",
                 b16({0x3F, 0x00, 0xFF, 0x01, 0x80, 0x01, 0xFF, 0xFF}), false},
                {0x6e222420, "uhsub v0.16b, v1.16b, v2.16b",
                 b16({0x3F, 0x00, 0x7F, 0x81, 0x00, 0x01, 0xFF, 0xFF}), false},
            });
}

TEST_CASE("AdvSIMD saturating add and subtract (vector)", "[simd_arith]") {
  const V128 n = h8({0x7FFF, 0x8000, 0x0001, 0xFFFF, 0x8000, 0x1234, 0, 0x7FFF});
  const V128 m = h8({0x0001, 0xFFFF, 0x0002, 0x0001, 0x8000, 0x4321, 0, 0x8000});
  run_cases(
      d2(kJunk, kJunk), n, m,
      {
          {0x4e620c20, "sqadd v0.8h, v1.8h, v2.8h",
           h8({0x7FFF, 0x8000, 3, 0, 0x8000, 0x5555, 0, 0xFFFF}), true},
          {0x6e620c20, "uqadd v0.8h, v1.8h, v2.8h",
           h8({0x8000, 0xFFFF, 3, 0xFFFF, 0xFFFF, 0x5555, 0, 0xFFFF}), true},
          {0x4e622c20, "sqsub v0.8h, v1.8h, v2.8h",
           h8({0x7FFE, 0x8001, 0xFFFF, 0xFFFE, 0, 0xCF13, 0, 0x7FFF}), true},
          {0x6e622c20, "uqsub v0.8h, v1.8h, v2.8h", h8({0x7FFE, 0, 0, 0xFFFE, 0, 0, 0, 0}), true},
          // Q = 0: the lower four lanes, the upper half cleared
          {0x0e620c20, "sqadd v0.4h, v1.4h, v2.4h", h8({0x7FFF, 0x8000, 3, 0}), true},
      });
  run_cases(d2(kJunk, kJunk), h8({1, 2, 3, 4, 0x7FFF}), h8({1, 2, 3, 4, 1}),
            {{0x0e620c20, "sqadd v0.4h, v1.4h, v2.4h (no saturation)", h8({2, 4, 6, 8}), false}});
  run_cases(d2(kJunk, kJunk), d2(0x7FFFFFFFFFFFFFFF, 0x8000000000000000), d2(1, ~0ull),
            {
                {0x4ee20c20, "sqadd v0.2d, v1.2d, v2.2d",
                 d2(0x7FFFFFFFFFFFFFFF, 0x8000000000000000), true},
                {0x6ee20c20, "uqadd v0.2d, v1.2d, v2.2d", d2(0x8000000000000000, ~0ull), true},
            });
}

TEST_CASE("AdvSIMD saturation leaves FPSR.QC set", "[simd_arith]") {
  Simd s;
  s.t.cpu.fpsr = kQc;
  s.set(1, h8({1}));
  s.set(2, h8({2}));
  REQUIRE(s.exec(0x4e620c20));  // sqadd v0.8h, v1.8h, v2.8h
  CHECK(s.get(0).lo == 3);
  CHECK(s.qc());
}

TEST_CASE("AdvSIMD compares (register, vector)", "[simd_arith]") {
  const V128 n = s4({1, 0xFFFFFFFF, 0x80000000, 5});
  const V128 m = s4({0xFFFFFFFF, 1, 0x80000000, 2});
  const uint32_t t = 0xFFFFFFFF;
  run_cases(d2(kJunk, kJunk), n, m,
            {
                {0x4ea23420, "cmgt v0.4s, v1.4s, v2.4s", s4({t, 0, 0, t}), false},
                {0x6ea23420, "cmhi v0.4s, v1.4s, v2.4s", s4({0, t, 0, t}), false},
                {0x4ea23c20, "cmge v0.4s, v1.4s, v2.4s", s4({t, 0, t, t}), false},
                {0x6ea23c20, "cmhs v0.4s, v1.4s, v2.4s", s4({0, t, t, t}), false},
                {0x6ea28c20, "cmeq v0.4s, v1.4s, v2.4s", s4({0, 0, t, 0}), false},
                {0x4ea28c20, "cmtst v0.4s, v1.4s, v2.4s", s4({t, t, t, 0}), false},
            });
}

TEST_CASE("AdvSIMD shifts by register (vector)", "[simd_arith]") {
  // Shift counts are the signed low byte of each Vm element: 1, -1, 8, -8, 1, -128, 7,
  // 127, 127, -128, 1.
  const V128 n = b16({0x81, 0x81, 0x81, 0x81, 0x40, 0x40, 0x01, 0x01, 0x00, 0xFF, 0xFF});
  const V128 m = b16({0x01, 0xFF, 0x08, 0xF8, 0x01, 0x80, 0x07, 0x7F, 0x7F, 0x80, 0x01});
  run_cases(d2(kJunk, kJunk), n, m,
            {
                {0x4e224420, "sshl v0.16b, v1.16b, v2.16b",
                 b16({0x02, 0xC0, 0x00, 0xFF, 0x80, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFE}), false},
                {0x6e224420, "ushl v0.16b, v1.16b, v2.16b",
                 b16({0x02, 0x40, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0xFE}), false},
                {0x4e225420, "srshl v0.16b, v1.16b, v2.16b",
                 b16({0x02, 0xC1, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0xFE}), false},
                {0x6e225420, "urshl v0.16b, v1.16b, v2.16b",
                 b16({0x02, 0x41, 0x00, 0x01, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0xFE}), false},
                {0x4e224c20, "sqshl v0.16b, v1.16b, v2.16b",
                 b16({0x80, 0xC0, 0x80, 0xFF, 0x7F, 0x00, 0x7F, 0x7F, 0x00, 0xFF, 0xFE}), true},
                {0x6e224c20, "uqshl v0.16b, v1.16b, v2.16b",
                 b16({0xFF, 0x40, 0xFF, 0x00, 0x80, 0x00, 0x80, 0xFF, 0x00, 0x00, 0xFF}), true},
                {0x4e225c20, "sqrshl v0.16b, v1.16b, v2.16b",
                 b16({0x80, 0xC1, 0x80, 0x00, 0x7F, 0x00, 0x7F, 0x7F, 0x00, 0x00, 0xFE}), true},
                {0x6e225c20, "uqrshl v0.16b, v1.16b, v2.16b",
                 b16({0xFF, 0x41, 0xFF, 0x01, 0x80, 0x00, 0x80, 0xFF, 0x00, 0x00, 0xFF}), true},
            });
}

TEST_CASE("AdvSIMD shifts by register (scalar, 64-bit)", "[simd_arith]") {
  // Only Vm<7:0> counts: the rest of the element is ignored.
  run_cases(d2(kJunk, kJunk), d2(0x8000000000000001, kJunk), d2(0xFFFFFFFFFFFFFF01, kJunk),
            {{0x5ee24420, "sshl d0, d1, d2 (shift 1)", d2(2, 0), false},
             {0x7ee24420, "ushl d0, d1, d2 (shift 1)", d2(2, 0), false}});
  // shift -63
  run_cases(d2(kJunk, kJunk), d2(0x8000000000000001, kJunk), d2(0xC1, kJunk),
            {{0x5ee24420, "sshl d0, d1, d2 (shift -63)", d2(~0ull, 0), false},
             {0x5ee25420, "srshl d0, d1, d2 (shift -63)", d2(~0ull, 0), false}});
  // (0xC000000000000000 + 2^62) >> 63 needs 65 bits before the shift.
  run_cases(d2(kJunk, kJunk), d2(0xC000000000000000, kJunk), d2(0xC1, kJunk),
            {{0x7ee25420, "urshl d0, d1, d2 (shift -63)", d2(2, 0), false},
             {0x7ee25c20, "uqrshl d0, d1, d2 (shift -63)", d2(2, 0), false}});
  // shift -64 with rounding: (x + 2^63) >> 64
  run_cases(d2(kJunk, kJunk), d2(0x8000000000000000, kJunk), d2(0xC0, kJunk),
            {{0x7ee25420, "urshl d0, d1, d2 (shift -64)", d2(1, 0), false},
             {0x5ee25420, "srshl d0, d1, d2 (shift -64)", d2(0, 0), false},
             {0x5ee24420, "sshl d0, d1, d2 (shift -64)", d2(~0ull, 0), false}});
  run_cases(d2(kJunk, kJunk), d2(1, kJunk), d2(63, kJunk),
            {{0x7ee24c20, "uqshl d0, d1, d2 (shift 63)", d2(0x8000000000000000, 0), false},
             {0x5ee24c20, "sqshl d0, d1, d2 (shift 63)", d2(0x7FFFFFFFFFFFFFFF, 0), true}});
  run_cases(d2(kJunk, kJunk), d2(1, kJunk), d2(64, kJunk),
            {{0x7ee24c20, "uqshl d0, d1, d2 (shift 64)", d2(~0ull, 0), true},
             {0x7ee24420, "ushl d0, d1, d2 (shift 64)", d2(0, 0), false}});
  run_cases(d2(kJunk, kJunk), d2(0x7FFFFFFF, kJunk), d2(0xFF, kJunk),
            {{0x5ea25c20, "sqrshl s0, s1, s2 (shift -1)", d2(0x40000000, 0), false}});
}

TEST_CASE("AdvSIMD max, min, absolute difference and accumulate", "[simd_arith]") {
  const V128 d = h8({1, 2, 3, 4, 5, 6, 7, 8});
  const V128 n = h8({0x8000, 0x7FFF, 0x0005, 0xFFFF});
  const V128 m = h8({0x7FFF, 0x8000, 0x0003, 0x0001});
  run_cases(d, n, m,
            {
                {0x4e626420, "smax v0.8h, v1.8h, v2.8h", h8({0x7FFF, 0x7FFF, 5, 1}), false},
                {0x6e626420, "umax v0.8h, v1.8h, v2.8h", h8({0x8000, 0x8000, 5, 0xFFFF}), false},
                {0x4e626c20, "smin v0.8h, v1.8h, v2.8h", h8({0x8000, 0x8000, 3, 0xFFFF}), false},
                {0x6e626c20, "umin v0.8h, v1.8h, v2.8h", h8({0x7FFF, 0x7FFF, 3, 1}), false},
                {0x4e627420, "sabd v0.8h, v1.8h, v2.8h", h8({0xFFFF, 0xFFFF, 2, 2}), false},
                {0x6e627420, "uabd v0.8h, v1.8h, v2.8h", h8({1, 1, 2, 0xFFFE}), false},
                {0x4e627c20, "saba v0.8h, v1.8h, v2.8h", h8({0, 1, 5, 6, 5, 6, 7, 8}), false},
                {0x6e627c20, "uaba v0.8h, v1.8h, v2.8h", h8({2, 3, 5, 2, 5, 6, 7, 8}), false},
            });
}

TEST_CASE("AdvSIMD add, subtract, multiply (vector)", "[simd_arith]") {
  run_cases(d2(kJunk, kJunk), d2(~0ull, 5), d2(1, 0x10),
            {
                {0x4ee28420, "add v0.2d, v1.2d, v2.2d", d2(0, 0x15), false},
                {0x6ee28420, "sub v0.2d, v1.2d, v2.2d", d2(~0ull - 1, 0xFFFFFFFFFFFFFFF5), false},
            });
  run_cases(s4({1, 2, 3, 4}), s4({0x10000, 0xFFFFFFFF, 3, 0x80000000}),
            s4({0x10000, 0xFFFFFFFF, 5, 2}),
            {
                {0x4ea29c20, "mul v0.4s, v1.4s, v2.4s", s4({0, 1, 15, 0}), false},
                {0x4ea29420, "mla v0.4s, v1.4s, v2.4s", s4({1, 3, 18, 4}), false},
                {0x6ea29420, "mls v0.4s, v1.4s, v2.4s", s4({1, 1, 0xFFFFFFF4, 4}), false},
            });
  // Polynomial: (x+1)^2 = x^2+1; 0xFF * x; x^7 * x^7 (x^14, beyond 8 bits);
  // (x^3+x^2+x+1)^2 = x^6+x^4+x^2+1.
  run_cases(d2(kJunk, kJunk), b16({0x03, 0xFF, 0x80, 0x0F}), b16({0x03, 0x02, 0x80, 0x0F}),
            {{0x6e229c20, "pmul v0.16b, v1.16b, v2.16b", b16({0x05, 0xFE, 0x00, 0x55}), false}});
}

TEST_CASE("AdvSIMD pairwise operations take Vn's pairs first", "[simd_arith]") {
  const uint32_t t = 0xFFFFFFFF;
  run_cases(d2(kJunk, kJunk), s4({1, 2, 3, 4}), s4({10, 20, 30, 40}),
            {{0x4ea2bc20, "addp v0.4s, v1.4s, v2.4s", s4({3, 7, 30, 70}), false}});
  run_cases(
      d2(kJunk, kJunk), s4({1, t, 0x80000000, 7}), s4({5, 6, 0xFFFFFFFE, t}),
      {
          {0x4ea2a420, "smaxp v0.4s, v1.4s, v2.4s", s4({1, 7, 6, t}), false},
          {0x6ea2a420, "umaxp v0.4s, v1.4s, v2.4s", s4({t, 0x80000000, 6, t}), false},
          {0x4ea2ac20, "sminp v0.4s, v1.4s, v2.4s", s4({t, 0x80000000, 5, 0xFFFFFFFE}), false},
          {0x6ea2ac20, "uminp v0.4s, v1.4s, v2.4s", s4({1, 7, 5, 0xFFFFFFFE}), false},
      });
  // Q = 0: Vn's and Vm's lower halves only, the upper half of Vd cleared.
  V128 n = b16({1, 2, 3, 4, 5, 6, 7, 8});
  V128 m = b16({10, 20, 30, 40, 50, 60, 70, 80});
  n.hi = m.hi = kJunk;
  run_cases(
      d2(kJunk, kJunk), n, m,
      {{0x0e22bc20, "addp v0.8b, v1.8b, v2.8b", b16({3, 7, 11, 15, 30, 70, 110, 150}), false}});
  run_cases(d2(kJunk, kJunk), d2(1, 2), d2(3, ~0ull),
            {{0x4ee2bc20, "addp v0.2d, v1.2d, v2.2d", d2(3, 2), false}});
}

TEST_CASE("AdvSIMD SQDMULH and SQRDMULH (vector)", "[simd_arith]") {
  const V128 n = h8({0x8000, 0x8000, 0x4000, 0x0001, 0x7FFF, 0xFFFF, 0x0100, 0});
  const V128 m = h8({0x8000, 0x7FFF, 0x4000, 0x4000, 0x7FFF, 0x0001, 0x0080, 0});
  run_cases(d2(kJunk, kJunk), n, m,
            {
                {0x4e62b420, "sqdmulh v0.8h, v1.8h, v2.8h",
                 h8({0x7FFF, 0x8001, 0x2000, 0, 0x7FFE, 0xFFFF, 1, 0}), true},
                {0x6e62b420, "sqrdmulh v0.8h, v1.8h, v2.8h",
                 h8({0x7FFF, 0x8001, 0x2000, 1, 0x7FFE, 0, 1, 0}), true},
            });
  run_cases(
      d2(kJunk, kJunk), h8({0x7FFF, 0x8000}), h8({0x8000, 0x7FFF}),
      {{0x4e62b420, "sqdmulh v0.8h, v1.8h, v2.8h (no saturation)", h8({0x8001, 0x8001}), false}});
  run_cases(d2(kJunk, kJunk), s4({0x80000000, 0x80000000}), s4({0x80000000, 0x7FFFFFFF}),
            {{0x4ea2b420, "sqdmulh v0.4s, v1.4s, v2.4s", s4({0x7FFFFFFF, 0x80000001}), true}});
}

TEST_CASE("AdvSIMD scalar three same", "[simd_arith]") {
  struct ScalarCase {
    uint32_t insn;
    const char* text;
    uint64_t n, m, expect;
    bool qc;
  };
  const ScalarCase cases[] = {
      {0x5e220c20, "sqadd b0, b1, b2", 0x7F, 0x01, 0x7F, true},
      {0x5e620c20, "sqadd h0, h1, h2", 0x8000, 0x8000, 0x8000, true},
      {0x5ea20c20, "sqadd s0, s1, s2", 0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF, true},
      {0x5ee20c20, "sqadd d0, d1, d2", 0x8000000000000000, ~0ull, 0x8000000000000000, true},
      {0x5ee20c20, "sqadd d0, d1, d2", 5, ~0ull, 4, false},
      {0x7e220c20, "uqadd b0, b1, b2", 0xF0, 0x0F, 0xFF, false},
      {0x7e220c20, "uqadd b0, b1, b2", 0xF0, 0x10, 0xFF, true},
      {0x7ee22c20, "uqsub d0, d1, d2", 5, 6, 0, true},
      {0x5ea22c20, "sqsub s0, s1, s2", 0x80000000, 1, 0x80000000, true},
      {0x5ee23420, "cmgt d0, d1, d2", 1, ~0ull, ~0ull, false},
      {0x7ee23420, "cmhi d0, d1, d2", 1, ~0ull, 0, false},
      {0x5ee23c20, "cmge d0, d1, d2", 7, 7, ~0ull, false},
      {0x7ee23c20, "cmhs d0, d1, d2", 6, 7, 0, false},
      {0x5ee28420, "add d0, d1, d2", ~0ull, 2, 1, false},
      {0x7ee28420, "sub d0, d1, d2", 1, 2, ~0ull, false},
      {0x5ee28c20, "cmtst d0, d1, d2", 0x100000000, 0x100000000, ~0ull, false},
      {0x5ee28c20, "cmtst d0, d1, d2", 0x100000000, 0x0FFFFFFFF, 0, false},
      {0x7ee28c20, "cmeq d0, d1, d2", 3, 3, ~0ull, false},
      {0x5ea2b420, "sqdmulh s0, s1, s2", 0x80000000, 0x80000000, 0x7FFFFFFF, true},
      {0x7e62b420, "sqrdmulh h0, h1, h2", 0x4000, 0x0001, 1, false},
  };
  for (const ScalarCase& c : cases) {
    INFO(c.text);
    Simd s;
    s.set(0, d2(kJunk, kJunk));
    // The bits of Vn and Vm above the element are ignored.
    const unsigned esize = 8u << ((c.insn >> 22) & 3);
    const uint64_t above = esize == 64 ? 0 : kJunk << esize;
    s.set(1, d2(c.n | above, kJunk));
    s.set(2, d2(c.m | above, kJunk));
    REQUIRE(s.exec(c.insn));
    CHECK(s.get(0).lo == c.expect);
    CHECK(s.get(0).hi == 0);
    CHECK(s.qc() == c.qc);
  }
}

TEST_CASE("AdvSIMD vector x indexed element", "[simd_arith]") {
  SECTION("same-size results") {
    // The element comes from the full 128-bit Vm: Vm<3:0> with index H:L:M for 16 bits.
    Simd s;
    s.set(1, h8({1, 2, 3, 4, 5, 6, 7, 0xFFFF}));
    s.set(15, h8({9, 9, 9, 9, 9, 9, 9, 3}));
    REQUIRE(s.exec(0x4f7f8820));  // mul v0.8h, v1.8h, v15.h[7]
    CHECK(s.get(0).lo == h8({3, 6, 9, 12}).lo);
    CHECK(s.get(0).hi == h8({0, 0, 0, 0, 15, 18, 21, 0xFFFD}).hi);
  }
  SECTION("32-bit elements take Vm from M:Rm") {
    Simd s;
    s.set(0, s4({1, 1, 1, 1}));
    s.set(1, s4({1, 2, 3, 0xFFFFFFFF}));
    s.set(31, s4({7, 7, 7, 10}));
    REQUIRE(s.exec(0x6fbf0820));  // mla v0.4s, v1.4s, v31.s[3]
    CHECK(s.get(0).lo == s4({11, 21}).lo);
    CHECK(s.get(0).hi == s4({0, 0, 31, 0xFFFFFFF7}).hi);
  }
  run_cases(h8({100, 100, 100, 100, 1, 1, 1, 1}), h8({1, 2, 3, 4}), h8({5}),
            {{0x2f424020, "mls v0.4h, v1.4h, v2.h[0]", h8({95, 90, 85, 80}), false}});
  // Long forms: the lower half of Vn, or the upper half for the "2" variants.
  const V128 n16 = h8({0xFFFF, 2, 0x8000, 0x7FFF, 0xFFFF, 2, 0x8000, 0x7FFF});
  const V128 m16 = h8({0, 0x8000, 0, 0, 0x0003});
  run_cases(s4({1, 2, 3, 4}), n16, m16,
            {
                {0x0f52a020, "smull v0.4s, v1.4h, v2.h[1]",
                 s4({0x00008000, 0xFFFF0000, 0x40000000, 0xC0008000}), false},
                {0x6f52a020, "umull2 v0.4s, v1.8h, v2.h[1]",
                 s4({0x7FFF8000, 0x00010000, 0x40000000, 0x3FFF8000}), false},
                // element 3 * n: -3, 6, -98304, 98301
                {0x0f422820, "smlal v0.4s, v1.4h, v2.h[4]",
                 s4({0xFFFFFFFE, 8, 0xFFFE8003, 0x18001}), false},
                // element 3 * n: 196605, 6, 98304, 98301
                {0x2f426820, "umlsl v0.4s, v1.4h, v2.h[4]",
                 s4({0xFFFD0004, 0xFFFFFFFC, 0xFFFE8003, 0xFFFE8007}), false},
            });
  run_cases(
      d2(1, 2), s4({0xFFFFFFFF, 2, 3, 0xFFFFFFFF}), s4({0, 0, 0xFFFFFFFF, 0}),
      {{0x2f822820, "umlal v0.2d, v1.2s, v2.s[2]", d2(0xFFFFFFFE00000002, 0x200000000), false}});
  run_cases(d2(0, 0), s4({9, 9, 3, 0xFFFFFFFF}), s4({2}),
            {{0x4f826020, "smlsl2 v0.2d, v1.4s, v2.s[0]", d2(0xFFFFFFFFFFFFFFFA, 2), false}});
}

TEST_CASE("AdvSIMD saturating doubling multiplies by element", "[simd_arith]") {
  run_cases(d2(kJunk, kJunk), h8({0x8000, 0x4000, 1, 0xFFFF}), h8({0, 0, 0, 0x8000}),
            {{0x0f72b020, "sqdmull v0.4s, v1.4h, v2.h[3]",
              s4({0x7FFFFFFF, 0xC0000000, 0xFFFF0000, 0x00010000}), true}});
  run_cases(d2(kJunk, kJunk), s4({0, 0, 0x80000000, 3}), s4({0, 0x80000000}),
            {{0x4fa2b020, "sqdmull2 v0.2d, v1.4s, v2.s[1]",
              d2(0x7FFFFFFFFFFFFFFF, 0xFFFFFFFD00000000), true}});
  // The product saturates (2 * min * min) and the accumulation brings it back.
  run_cases(d2(0x7FFFFFFFFFFFFFFF, 0x8000000000000000), s4({1, 0x80000000}), s4({0, 0x80000000}),
            {{0x0fa23020, "sqdmlal v0.2d, v1.2s, v2.s[1]", d2(0x7FFFFFFEFFFFFFFF, ~0ull), true}});
  // The accumulation saturates alone.
  run_cases(s4({0x7FFFFFFF, 0x80000000, 0, 0}), h8({9, 9, 9, 9, 1, 1, 0x8000, 0}), h8({0x8000}),
            {{0x4f423020, "sqdmlal2 v0.4s, v1.8h, v2.h[0]",
              s4({0x7FFEFFFF, 0x80000000, 0x7FFFFFFF, 0}), true}});
  run_cases(
      s4({0x80000000, 0x7FFFFFFF, 0, 5}), h8({1, 0xFFFF, 0, 0}), h8({1}),
      {{0x0f427020, "sqdmlsl v0.4s, v1.4h, v2.h[0]", s4({0x80000000, 0x7FFFFFFF, 0, 5}), true}});
  run_cases(s4({10, 20, 0x10000000, 0}), h8({1, 2, 0x8000, 0}), h8({2}),
            {{0x0f427020, "sqdmlsl v0.4s, v1.4h, v2.h[0] (no saturation)",
              s4({6, 12, 0x10020000, 0}), false}});
  run_cases(d2(kJunk, kJunk), s4({0x80000000, 0x40000000, 0x7FFFFFFF, 1}),
            s4({0, 0, 0, 0x80000000}),
            {{0x4fa2c820, "sqdmulh v0.4s, v1.4s, v2.s[3]",
              s4({0x7FFFFFFF, 0xC0000000, 0x80000001, 0xFFFFFFFF}), true}});
  run_cases(d2(kJunk, kJunk), h8({1, 0xFFFF, 0x7FFF}), h8({0, 0, 0, 0, 0, 0x4000}),
            {{0x4f52d820, "sqrdmulh v0.8h, v1.8h, v2.h[5]", h8({1, 0, 0x4000}), false}});
}

TEST_CASE("AdvSIMD scalar x indexed element", "[simd_arith]") {
  SECTION("sqdmlal s0, h1, v15.h[7]: the accumulation saturates") {
    Simd s;
    s.set(0, d2(0xAAAAAAAA7FFFFFF0, kJunk));
    s.set(1, d2(0x12347FFF, kJunk));
    s.set(15, h8({0, 0, 0, 0, 0, 0, 0, 0x7FFF}));
    REQUIRE(s.exec(0x5f7f3820));
    CHECK(s.get(0).lo == 0x7FFFFFFF);
    CHECK(s.get(0).hi == 0);
    CHECK(s.qc());
  }
  run_cases(d2(kJunk, kJunk), d2(0x80000000, kJunk), s4({0, 0x80000000}),
            {{0x5fa2b020, "sqdmull d0, s1, v2.s[1]", d2(0x7FFFFFFFFFFFFFFF, 0), true}});
  run_cases(d2(0x10, kJunk), d2(3, kJunk), s4({4}),
            {{0x5f827020, "sqdmlsl d0, s1, v2.s[0]", d2(0xFFFFFFFFFFFFFFF8, 0), false}});
  run_cases(d2(kJunk, kJunk), d2(0x8000, kJunk), h8({0, 0, 0x8000}),
            {{0x5f62c020, "sqdmulh h0, h1, v2.h[2]", d2(0x7FFF, 0), true}});
  run_cases(d2(kJunk, kJunk), d2(0x40000000, kJunk), s4({0, 0, 0, 1}),
            {{0x5fa2d820, "sqrdmulh s0, s1, v2.s[3]", d2(1, 0), false}});
}

TEST_CASE("AdvSIMD arithmetic with Vd among the sources", "[simd_arith]") {
  SECTION("add v1.16b, v1.16b, v1.16b") {
    Simd s;
    s.set(1, b16({1, 2, 0x80, 0xFF}));
    REQUIRE(s.exec(0x4e218421));
    CHECK(s.get(1).lo == b16({2, 4, 0, 0xFE}).lo);
  }
  SECTION("mla v0.8h, v0.8h, v0.h[1]: the element is read before the write") {
    Simd s;
    s.set(0, h8({2, 3, 4, 5, 6, 7, 8, 9}));
    REQUIRE(s.exec(0x6f500000));
    // d + d * 3
    CHECK(s.get(0).lo == h8({8, 12, 16, 20}).lo);
    CHECK(s.get(0).hi == h8({0, 0, 0, 0, 24, 28, 32, 36}).hi);
  }
  SECTION("smull2 v1.4s, v1.8h, v1.h[0]: the upper half is read before the write") {
    Simd s;
    s.set(1, h8({0xFFFE, 0, 0, 0, 1, 2, 3, 0x8000}));
    REQUIRE(s.exec(0x4f41a021));
    CHECK(s.get(1).lo == s4({0xFFFFFFFE, 0xFFFFFFFC}).lo);
    CHECK(s.get(1).hi == s4({0, 0, 0xFFFFFFFA, 0x00010000}).hi);
  }
  SECTION("addp v1.4s, v2.4s, v1.4s") {
    Simd s;
    s.set(1, s4({10, 20, 30, 40}));
    s.set(2, s4({1, 2, 3, 4}));
    REQUIRE(s.exec(0x4ea1bc41));
    CHECK(s.get(1).lo == s4({3, 7}).lo);
    CHECK(s.get(1).hi == s4({0, 0, 30, 70}).hi);
  }
}

TEST_CASE("AdvSIMD arithmetic: reserved sizes are UNDEFINED", "[simd_arith]") {
  const uint32_t insns[] = {
      0x4ee20420,  // shadd, size 11
      0x4ee26420,  // smax, size 11
      0x4ee29420,  // mla, size 11
      0x0ee28420,  // add, size 11 with Q = 0
      0x0ee20c20,  // sqadd, size 11 with Q = 0
      0x0ee2bc20,  // addp, size 11 with Q = 0
      0x4e22b420,  // sqdmulh (vector), size 00
      0x4ee2b420,  // sqdmulh (vector), size 11
      0x6e629c20,  // pmul, size 01
      0x5ea28420,  // add (scalar), size 10
      0x5e224420,  // sshl (scalar), size 00
      0x7e628c20,  // cmeq (register, scalar), size 01
      0x5e22b420,  // sqdmulh (scalar), size 00
      0x7ee2b420,  // sqrdmulh (scalar), size 11
      0x4f028020,  // mul (by element), size 00
      0x4fc28020,  // mul (by element), size 11
      0x0f02a020,  // smull (by element), size 00
      0x5fc2c020,  // sqdmulh (by element, scalar), size 11
      0x5f02b020,  // sqdmull (by element, scalar), size 00
  };
  for (uint32_t insn : insns) {
    INFO(std::hex << insn << " " << isa::insn_name(isa::decode(insn)));
    CHECK(isa::decode(insn) != isa::InsnId::kUnallocated);
    Simd s;
    s.set(0, d2(kJunk, kJunk));
    REQUIRE_FALSE(s.exec(insn));
    CHECK(s.ec() == 0x00);
    CHECK(s.t.cpu.sr().ELR_EL2 == TestCore::kCode);
    CHECK(s.get(0).lo == kJunk);
    CHECK(s.get(0).hi == kJunk);
  }
}

TEST_CASE("AdvSIMD arithmetic: RDM, DotProd and FP16 encodings stay unallocated", "[simd_arith]") {
  using isa::InsnId;
  // The FP opcodes of these groups are the AdvSIMD FP lines (isa/a64_simd_fp.inc).
  CHECK(isa::decode(0x4e22d420) == InsnId::FADD_vec);        // fadd v0.4s, v1.4s, v2.4s
  CHECK(isa::decode(0x4f821020) == InsnId::FMLA_elem_vec);   // fmla v0.4s, v1.4s, v2.s[0]
  CHECK(isa::decode(0x4fc29820) == InsnId::FMUL_elem_vec);   // fmul v0.2d, v1.2d, v2.d[1]
  CHECK(isa::decode(0x6f829020) == InsnId::FMULX_elem_vec);  // fmulx v0.4s, v1.4s, v2.s[0]
  CHECK(isa::decode(0x4f029020) == InsnId::kUnallocated);    // fmul v0.8h, v1.8h, v2.h[0]
  CHECK(isa::decode(0x6f82d020) == InsnId::kUnallocated);    // sqrdmlah v0.4s, v1.4s, v2.s[0]
  CHECK(isa::decode(0x7f82f020) == InsnId::kUnallocated);    // sqrdmlsh s0, s1, v2.s[0]
  CHECK(isa::decode(0x6e828420) == InsnId::kUnallocated);    // sqrdmlah v0.4s, v1.4s, v2.4s
  CHECK(isa::decode(0x4f82e020) == InsnId::kUnallocated);    // sdot v0.4s, v1.16b, v2.4b[0]
  CHECK(isa::decode(0x6ea2bc20) == InsnId::kUnallocated);    // U=1 opcode 10111
  CHECK(isa::decode(0x4e221c20) == InsnId::AND_vec);         // opcode 00011 stays logical
  CHECK(isa::decode(0x4e220420) == InsnId::SHADD);
  CHECK(isa::decode(0x6e220420) == InsnId::UHADD);
  CHECK(isa::decode(0x0f72b020) == InsnId::SQDMULL_elem_vec);
  CHECK(isa::decode(0x5f7f3820) == InsnId::SQDMLAL_elem_scalar);
}

TEST_CASE("AdvSIMD arithmetic is trapped by CPTR_EL2.TFP", "[simd_arith]") {
  const uint32_t insns[] = {
      0x4e620c20,  // sqadd v0.8h, v1.8h, v2.8h
      0x5ee28420,  // add d0, d1, d2
      0x0f72b020,  // sqdmull v0.4s, v1.4h, v2.h[3]
      0x5fa2d820,  // sqrdmulh s0, s1, v2.s[3]
  };
  for (uint32_t insn : insns) {
    INFO(std::hex << insn);
    Simd s;
    s.t.cpu.sr().CPTR_EL2 |= 1u << 10;
    s.set(0, d2(kJunk, kJunk));
    REQUIRE_FALSE(s.exec(insn));
    CHECK(s.ec() == 0x07);
    CHECK(s.t.cpu.sr().ELR_EL2 == TestCore::kCode);
    CHECK(s.get(0).lo == kJunk);
  }
  // A reserved size is UNDEFINED before the trap check.
  Simd s;
  s.t.cpu.sr().CPTR_EL2 |= 1u << 10;
  REQUIRE_FALSE(s.exec(0x0ee28420));  // add, size 11 with Q = 0
  CHECK(s.ec() == 0x00);
}
