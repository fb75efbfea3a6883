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

// ---------------------------------------------------------------------------
// The generic timer's event streams end a WFE (Arm ARM D11.2.3).

namespace {
constexpr uint32_t kSevl = 0xd50320bf;
constexpr uint32_t kMsrCntkctlX1 = 0xd518e101;  // msr cntkctl_el1, x1
constexpr uint32_t kMsrCnthctlX1 = 0xd51ce101;  // msr cnthctl_el2, x1
constexpr uint32_t kMsrCntvoffX2 = 0xd51ce062;  // msr cntvoff_el2, x2
constexpr uint64_t kEvntEn = 1u << 2, kEvntDir = 1u << 3;
constexpr uint64_t evnti(unsigned bit) { return uint64_t{bit} << 4; }

// A core at EL2 whose counter the test sets, running `setup` then WFEs from kCode.
struct StreamCore {
  explicit StreamCore(std::initializer_list<uint32_t> setup) {
    std::vector<uint32_t> words(setup);
    for (int i = 0; i < 64; ++i) words.push_back(kWfe);
    uint64_t a = TestCore::kCode;
    t.cpu.code_written(a, words.size() * 4);
    for (uint32_t w : words) {
      std::memcpy(t.bus.at(a), &w, 4);
      a += 4;
    }
    t.hooks.count = 0;
  }
  // Run one WFE at count `c`: whether it completed without waiting.
  bool wfe_at(uint64_t c) {
    t.hooks.count = c;
    const int before = t.hooks.waits;
    t.step();
    return t.hooks.waits == before;
  }
  TestCore t;
};
}  // namespace

TEST_CASE("the EL2 event stream: an event each time the EVNTI bit of CNTPCT rises", "[wfe]") {
  StreamCore s({kMsrCnthctlX1});
  s.t.cpu.set_x(1, 3 | kEvntEn | evnti(2));  // bit 2 rises at counts 4, 12, 20...
  s.t.hooks.count = 1;
  s.t.step();  // the write: the stream starts from count 1
  CHECK(s.t.cpu.next_event_stream_count() == 4);
  CHECK_FALSE(s.wfe_at(3));  // nothing yet: the core waits
  CHECK(s.wfe_at(4));        // the event at 4 set the Event Register: WFE clears it
  CHECK_FALSE(s.wfe_at(4));  // consumed
  CHECK_FALSE(s.wfe_at(11));
  CHECK(s.t.cpu.next_event_stream_count() == 12);
  CHECK(s.wfe_at(100));  // several events since: one Event Register
  CHECK_FALSE(s.wfe_at(100));
  CHECK(s.t.cpu.next_event_stream_count() == 108);
}

TEST_CASE("EVNTDIR selects the falling edge", "[wfe]") {
  StreamCore s({kMsrCnthctlX1});
  s.t.cpu.set_x(1, kEvntEn | kEvntDir | evnti(2));  // bit 2 falls at counts 8, 16...
  s.t.hooks.count = 3;
  s.t.step();
  CHECK(s.t.cpu.next_event_stream_count() == 8);
  CHECK_FALSE(s.wfe_at(7));
  CHECK(s.wfe_at(8));
  CHECK_FALSE(s.wfe_at(15));
  CHECK(s.wfe_at(16));
}

TEST_CASE("with EVNTEN clear no stream event ends a WFE", "[wfe]") {
  StreamCore s({kMsrCnthctlX1});
  s.t.cpu.set_x(1, 3 | evnti(0));
  s.t.step();
  CHECK(s.t.cpu.next_event_stream_count() == ~0ull);
  CHECK_FALSE(s.wfe_at(1000));
  CHECK_FALSE(s.wfe_at(100000));
}

TEST_CASE("the EL1 event stream counts CNTPCT - CNTVOFF_EL2, also across its wrap", "[wfe]") {
  StreamCore s({kMsrCntvoffX2, kMsrCntkctlX1});
  s.t.cpu.set_x(2, 3);                   // CNTVCT = CNTPCT - 3
  s.t.cpu.set_x(1, kEvntEn | evnti(1));  // bit 1 of CNTVCT rises at 2, 6, 10...
  s.t.hooks.count = 10;
  s.t.step(2);
  CHECK(s.t.cpu.next_event_stream_count() == 13);  // CNTVCT 10
  CHECK_FALSE(s.wfe_at(12));
  CHECK(s.wfe_at(13));
  // A virtual count that wraps: from 2^64 - 6, bit 2 falls at the wrap, CNTVCT 0.
  StreamCore w({kMsrCntvoffX2, kMsrCntkctlX1});
  w.t.cpu.set_x(2, 1000 + 6);  // at CNTPCT 1000, CNTVCT = 2^64 - 6
  w.t.cpu.set_x(1, kEvntEn | kEvntDir | evnti(2));
  w.t.hooks.count = 1000;
  w.t.step(2);
  CHECK(w.t.cpu.next_event_stream_count() == 1006);  // CNTVCT 0
  CHECK_FALSE(w.wfe_at(1005));
  CHECK(w.wfe_at(1006));
  CHECK_FALSE(w.wfe_at(1013));
  CHECK(w.wfe_at(1014));  // CNTVCT 8
}

TEST_CASE("events made under the old settings count; new settings start from the write", "[wfe]") {
  StreamCore s({kMsrCnthctlX1, kMsrCnthctlX1});
  s.t.cpu.set_x(1, kEvntEn | evnti(3));  // rises at 8, 24...
  s.t.step();
  s.t.hooks.count = 9;  // an event at 8
  s.t.cpu.set_x(1, 0);  // the stream off
  s.t.step();
  CHECK(s.wfe_at(9));  // the event made before the write still sets the register
  CHECK_FALSE(s.wfe_at(1000));
}

TEST_CASE("SEVL then WFE, and WFE after an event, complete without waiting", "[wfe]") {
  StreamCore s({kMsrCnthctlX1, kSevl});
  s.t.cpu.set_x(1, kEvntEn | evnti(4));
  s.t.step(2);
  CHECK(s.wfe_at(0));        // SEVL's event
  CHECK_FALSE(s.wfe_at(1));  // then the stream's, at 16
  CHECK(s.wfe_at(16));
}
