// WFI/WFE with a wake-up event already pending complete at once: no low-power
// state, so neither the wait hook nor the HCR_EL2.TWI/TWE trap applies.
#include <catch2/catch.hpp>

#include "tests/isa/test_support.h"

using el2sim_test::TestCore;

namespace {
constexpr uint32_t kWfi = 0xd503207f;
constexpr uint32_t kWfe = 0xd503205f;
constexpr uint64_t kHcrIMO = 1ull << 4, kHcrVI = 1ull << 7, kHcrTWI = 1ull << 13,
                   kHcrTWE = 1ull << 14;
}  // namespace

TEST_CASE("WFI at EL1 with a masked virtual IRQ pending completes untrapped", "[wfi]") {
  TestCore t;
  t.load({kWfi, kWfe});
  t.cpu.pstate().el = 1;
  t.cpu.pstate().i = 1;
  t.cpu.sr().HCR_EL2 |= kHcrIMO | kHcrVI | kHcrTWI | kHcrTWE;
  t.cpu.update_interrupt_pending();
  REQUIRE(t.cpu.wakeup_pending());
  t.step();
  CHECK(t.cpu.pc() == TestCore::kCode + 4);
  CHECK(t.cpu.el() == 1);
  t.step();
  CHECK(t.cpu.pc() == TestCore::kCode + 8);
  CHECK(t.hooks.waits == 0);
}

TEST_CASE("WFI at EL1 with nothing pending is trapped by HCR_EL2.TWI", "[wfi]") {
  TestCore t;
  t.load({kWfi});
  t.cpu.pstate().el = 1;
  t.cpu.sr().HCR_EL2 |= kHcrTWI | kHcrIMO;  // IMO without VI: nothing pending
  REQUIRE_FALSE(t.cpu.wakeup_pending());
  t.step();
  CHECK(t.cpu.el() == 2);
  CHECK((t.cpu.sr().ESR_EL2 >> 26) == 0x01);
  CHECK(t.cpu.sr().ELR_EL2 == TestCore::kCode);
  CHECK(t.hooks.waits == 0);
}

TEST_CASE("a virtual IRQ is no wake-up event at EL2", "[wfi]") {
  TestCore t;
  t.load({kWfi});
  t.cpu.sr().HCR_EL2 |= kHcrIMO | kHcrVI;
  t.cpu.update_interrupt_pending();
  CHECK_FALSE(t.cpu.wakeup_pending());
  t.step();
  CHECK(t.hooks.waits == 1);
}
