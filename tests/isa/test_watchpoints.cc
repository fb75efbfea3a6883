// A debugger's watchpoints (Cpu::add_watchpoint): a load or store that touches the
// watched bytes stops the core before its instruction, which does not execute.
#include <catch2/catch.hpp>
#include <cstdint>

#include "tests/isa/test_support.h"

using namespace isa;

namespace {

constexpr uint32_t kStrX1X2 = 0xF9000041;  // str x1, [x2]
constexpr uint32_t kLdrX3X2 = 0xF9400043;  // ldr x3, [x2]
constexpr uint32_t kNop = 0xD503201F;

}  // namespace

TEST_CASE("watchpoints stop before the access", "[watch]") {
  el2sim_test::TestCore t;
  const uint64_t addr = el2sim_test::TestCore::kData + 0x108;
  t.write64(addr, 0x1111);
  t.load({kLdrX3X2, kStrX1X2, kLdrX3X2, kNop});
  t.cpu.set_x(1, 0x2222);
  t.cpu.set_x(2, addr);
  Cpu::WatchHit hit;
  SECTION("a write watchpoint lets loads through and stops a store") {
    t.cpu.add_watchpoint(addr + 4, 2, Cpu::kWatchWrite);
    t.cpu.run(10);
    CHECK(t.cpu.x(3) == 0x1111);
    CHECK(t.cpu.pc() == el2sim_test::TestCore::kCode + 4);  // at the store
    CHECK(t.read64(addr) == 0x1111);                        // not written
    CHECK(t.cpu.stats().insns_by_el[2] == 1);               // the store did not retire
    REQUIRE(t.cpu.take_watch_hit(hit));
    CHECK(hit.va == addr + 4);
    CHECK(hit.write);
    CHECK(!t.cpu.take_watch_hit(hit));  // reported once
    // Stepping over it, as GDB does: remove, step, insert.
    t.cpu.remove_watchpoint(addr + 4, 2, Cpu::kWatchWrite);
    t.cpu.run(1);
    CHECK(t.read64(addr) == 0x2222);
    t.cpu.add_watchpoint(addr + 4, 2, Cpu::kWatchWrite);
    t.cpu.run(2);
    CHECK(t.cpu.x(3) == 0x2222);
    CHECK(!t.cpu.take_watch_hit(hit));
  }
  SECTION("a read watchpoint stops the first load") {
    t.cpu.add_watchpoint(addr, 8, Cpu::kWatchRead);
    t.cpu.run(10);
    CHECK(t.cpu.pc() == el2sim_test::TestCore::kCode);
    CHECK(t.cpu.x(3) == 0);
    REQUIRE(t.cpu.take_watch_hit(hit));
    CHECK(!hit.write);
    CHECK(hit.kind == Cpu::kWatchRead);
  }
  SECTION("an access watchpoint beside the accessed bytes does not stop") {
    t.cpu.add_watchpoint(addr + 8, 8, Cpu::kWatchAccess);
    t.cpu.run(4);
    CHECK(t.cpu.pc() == el2sim_test::TestCore::kCode + 16);
    CHECK(t.read64(addr) == 0x2222);
    CHECK(!t.cpu.take_watch_hit(hit));
  }
  SECTION("a load that ran at full speed before stops once the watchpoint is set") {
    t.cpu.run(1);  // the load, through the host-pointer path afterwards
    t.cpu.set_pc(el2sim_test::TestCore::kCode);
    t.cpu.add_watchpoint(addr, 1, Cpu::kWatchAccess);
    t.cpu.run(10);
    CHECK(t.cpu.pc() == el2sim_test::TestCore::kCode);
    CHECK(t.cpu.take_watch_hit(hit));
  }
}
