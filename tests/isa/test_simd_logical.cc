// AdvSIMD three-same logical operations, MOV (vector) among them.
#include <catch2/catch.hpp>

#include "tests/isa/test_support.h"

using el2sim_test::TestCore;

namespace {
void set_v(TestCore& t, unsigned n, uint64_t lo, uint64_t hi) {
  t.cpu.vreg(n)[0] = lo;
  t.cpu.vreg(n)[1] = hi;
}
}  // namespace

TEST_CASE("AdvSIMD logical (register) forms", "[simd]") {
  struct Case {
    uint32_t insn;
    const char* text;
    uint64_t lo, hi;
  };
  // v0 = d (destination's old value), v1 = n, v2 = m
  const uint64_t d0 = 0xF0F0F0F0F0F0F0F0, d1 = 0x0123456789ABCDEF;
  const uint64_t n0 = 0xFF00FF00FF00FF00, n1 = 0xAAAAAAAAAAAAAAAA;
  const uint64_t m0 = 0x0FF00FF00FF00FF0, m1 = 0x5555555555550000;
  const Case cases[] = {
      {0x4e221c20, "and v0.16b, v1.16b, v2.16b", n0 & m0, n1 & m1},
      {0x4e621c20, "bic v0.16b, v1.16b, v2.16b", n0 & ~m0, n1 & ~m1},
      {0x4ea21c20, "orr v0.16b, v1.16b, v2.16b", n0 | m0, n1 | m1},
      {0x4ee21c20, "orn v0.16b, v1.16b, v2.16b", n0 | ~m0, n1 | ~m1},
      {0x6e221c20, "eor v0.16b, v1.16b, v2.16b", n0 ^ m0, n1 ^ m1},
      {0x6e621c20, "bsl v0.16b, v1.16b, v2.16b", (n0 & d0) | (m0 & ~d0), (n1 & d1) | (m1 & ~d1)},
      {0x6ea21c20, "bit v0.16b, v1.16b, v2.16b", (n0 & m0) | (d0 & ~m0), (n1 & m1) | (d1 & ~m1)},
      {0x6ee21c20, "bif v0.16b, v1.16b, v2.16b", (n0 & ~m0) | (d0 & m0), (n1 & ~m1) | (d1 & m1)},
      {0x0ea21c20, "orr v0.8b, v1.8b, v2.8b", n0 | m0, 0},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    TestCore t;
    t.load({c.insn});
    set_v(t, 0, d0, d1);
    set_v(t, 1, n0, n1);
    set_v(t, 2, m0, m1);
    t.step();
    CHECK(t.cpu.pc() == TestCore::kCode + 4);
    CHECK(t.cpu.vreg(0)[0] == c.lo);
    CHECK(t.cpu.vreg(0)[1] == c.hi);
  }
}

TEST_CASE("MOV (vector) is trapped by CPTR_EL2.TFP", "[simd]") {
  TestCore t;
  t.load({0x4ea11c20});  // mov v0.16b, v1.16b
  t.cpu.sr().CPTR_EL2 |= 1u << 10;
  t.step();
  CHECK((t.cpu.sr().ESR_EL2 >> 26) == 0x07);
  CHECK(t.cpu.sr().ELR_EL2 == TestCore::kCode);
}
