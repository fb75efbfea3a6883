// Stores over instructions: a predecoded slot that is written decodes again before it
// next runs, however the store reaches it (isa/cpu.h, DecodedPage).
#include <catch2/catch.hpp>
#include <cstdint>

#include "tests/isa/test_support.h"

namespace {

using el2sim_test::TestCore;

constexpr uint32_t movz_x0(unsigned imm16) { return 0xd2800000u | imm16 << 5; }
constexpr uint32_t kNop = 0xd503201fu;
constexpr uint32_t kStrW1X2 = 0xb9000041u;  // str w1, [x2]
constexpr uint32_t kStrW3X4 = 0xb9000083u;  // str w3, [x4]
constexpr uint32_t kBrX2 = 0xd61f0040u;     // br x2
constexpr uint32_t kBrX5 = 0xd61f00a0u;     // br x5

// Run the MOVZ #1 at `at` once, so that its slot holds it decoded.
void decode_movz_at(TestCore& t, uint64_t at) {
  t.cpu.set_pc(at);
  t.step();
  REQUIRE(t.cpu.x(0) == 1);
}

}  // namespace

TEST_CASE("code writes: a store ahead in the same run is seen", "[isa][smc]") {
  TestCore t;
  t.load({movz_x0(1), kStrW1X2, kNop, kNop, movz_x0(1)});
  t.cpu.set_x(1, movz_x0(5));
  t.cpu.set_x(2, TestCore::kCode + 16);
  decode_movz_at(t, TestCore::kCode + 16);
  t.cpu.set_pc(TestCore::kCode);
  t.cpu.run(5);  // one run
  CHECK(t.cpu.x(0) == 5);
  CHECK(t.cpu.pc() == TestCore::kCode + 20);
}

TEST_CASE("code writes: a store exclusive over an instruction is seen", "[isa][smc]") {
  // The monitor check translates the store first; the host entry it may leave for the
  // store must not be one for a page of code.
  TestCore t;
  constexpr uint32_t kLdxrW6X2 = 0x885f7c46u;    // ldxr w6, [x2]
  constexpr uint32_t kStxrW7W1X2 = 0x88077c41u;  // stxr w7, w1, [x2]
  t.load({kLdxrW6X2, kStxrW7W1X2, kNop, kNop, movz_x0(1)});
  t.cpu.set_x(1, movz_x0(5));
  t.cpu.set_x(2, TestCore::kCode + 16);
  decode_movz_at(t, TestCore::kCode + 16);
  t.cpu.set_x(7, 2);
  t.cpu.set_pc(TestCore::kCode);
  t.cpu.run(5);
  CHECK(t.cpu.x(6) == movz_x0(1));
  CHECK(t.cpu.x(7) == 0);  // the store was made
  CHECK(t.cpu.x(0) == 5);
}

TEST_CASE("code writes: a store to the slot where the budget ends", "[isa][smc]") {
  TestCore t;
  t.load({kStrW1X2, kNop, movz_x0(1)});
  t.cpu.set_x(1, movz_x0(5));
  t.cpu.set_x(2, TestCore::kCode + 8);
  decode_movz_at(t, TestCore::kCode + 8);
  t.cpu.set_x(0, 0);
  t.cpu.set_pc(TestCore::kCode);
  const uint64_t before = t.cpu.instructions_retired();
  CHECK(t.cpu.run(2) == 2);  // the run stops before the rewritten slot
  CHECK(t.cpu.instructions_retired() == before + 2);
  CHECK(t.cpu.pc() == TestCore::kCode + 8);
  CHECK(t.cpu.x(0) == 0);
  t.cpu.run(1);
  CHECK(t.cpu.x(0) == 5);
}

TEST_CASE("code writes: a page written as data and then run as code", "[isa][smc]") {
  // The first store leaves a host write entry for the data page; running code there
  // must take it away, so that the second store, to an instruction already decoded,
  // is seen.
  TestCore t;
  constexpr uint64_t kData = TestCore::kData;
  t.load({kStrW1X2, kBrX2});
  t.load({0, kStrW3X4, kBrX5}, kData);
  t.cpu.set_x(1, movz_x0(7));
  t.cpu.set_x(2, kData);
  t.cpu.set_x(3, movz_x0(9));
  t.cpu.set_x(4, kData);
  t.cpu.set_x(5, kData);
  t.cpu.run(3);  // str, br, movz #7
  REQUIRE(t.cpu.x(0) == 7);
  t.cpu.run(3);  // str, br, movz #9
  CHECK(t.cpu.x(0) == 9);
  CHECK(t.cpu.pc() == kData + 4);
}

TEST_CASE("code writes: a loader's write is seen", "[isa][smc]") {
  TestCore t;
  t.load({movz_x0(3)});
  t.step();
  REQUIRE(t.cpu.x(0) == 3);
  t.load({movz_x0(4)});  // Cpu::code_written
  t.cpu.set_pc(TestCore::kCode);
  t.step();
  CHECK(t.cpu.x(0) == 4);
}
