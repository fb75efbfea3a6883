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
constexpr uint32_t kLdxrX3X2 = 0xC85F7C43;    // ldxr x3, [x2]
constexpr uint32_t kStxrW4X1X2 = 0xC8047C41;  // stxr w4, x1, [x2]
constexpr uint32_t kDcZvaX2 = 0xD50B7422;     // dc zva, x2

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

// Instructions with an effect before their store: the watchpoint stops them before it.
TEST_CASE("watchpoints stop exclusives and DC ZVA before any effect", "[watch]") {
  el2sim_test::TestCore t;
  const uint64_t addr = el2sim_test::TestCore::kData + 0x140;  // 64-byte aligned
  Cpu::WatchHit hit;
  SECTION("a store exclusive keeps its monitor and succeeds when stepped over") {
    t.write64(addr, 0x1111);
    t.load({kLdxrX3X2, kStxrW4X1X2, kNop});
    t.cpu.set_x(1, 0x2222);
    t.cpu.set_x(2, addr);
    t.cpu.set_x(4, 7);
    t.cpu.add_watchpoint(addr, 8, Cpu::kWatchWrite);
    t.cpu.run(10);
    CHECK(t.cpu.pc() == el2sim_test::TestCore::kCode + 4);  // at the store exclusive
    CHECK(t.cpu.x(4) == 7);
    CHECK(t.read64(addr) == 0x1111);
    REQUIRE(t.cpu.take_watch_hit(hit));
    CHECK(hit.write);
    // GDB's step over it: the monitor the load set still holds, so the store passes.
    t.cpu.remove_watchpoint(addr, 8, Cpu::kWatchWrite);
    t.cpu.run(1);
    CHECK(t.cpu.x(4) == 0);
    CHECK(t.read64(addr) == 0x2222);
  }
  SECTION("DC ZVA writes none of its block when a watchpoint is in it") {
    for (uint64_t off = 0; off < 64; off += 8) t.write64(addr + off, 0x5A5A + off);
    t.load({kDcZvaX2, kNop});
    t.cpu.set_x(2, addr + 8);  // any address in the block
    t.cpu.add_watchpoint(addr + 40, 4, Cpu::kWatchWrite);
    t.cpu.run(10);
    CHECK(t.cpu.pc() == el2sim_test::TestCore::kCode);
    for (uint64_t off = 0; off < 64; off += 8) CHECK(t.read64(addr + off) == 0x5A5A + off);
    REQUIRE(t.cpu.take_watch_hit(hit));
    CHECK(hit.va == addr + 40);
    t.cpu.remove_watchpoint(addr + 40, 4, Cpu::kWatchWrite);
    t.cpu.run(1);
    for (uint64_t off = 0; off < 64; off += 8) CHECK(t.read64(addr + off) == 0);
  }
}

// Instructions of several accesses: a watchpoint on a later one stops the instruction
// before its first, so that stepping over it makes every access once.
TEST_CASE("watchpoints stop pairs and structures before their first access", "[watch]") {
  constexpr uint32_t kStpX1X4X2 = 0xA9001041;  // stp x1, x4, [x2]
  constexpr uint32_t kLdpX3X5X2 = 0xA9401443;  // ldp x3, x5, [x2]
  constexpr uint32_t kStpQ0Q1X2 = 0xAD000440;  // stp q0, q1, [x2]
  constexpr uint32_t kSt1V0V1X2 = 0x4C00A040;  // st1 {v0.16b, v1.16b}, [x2]
  el2sim_test::TestCore t;
  const uint64_t addr = el2sim_test::TestCore::kData + 0x200;
  for (uint64_t off = 0; off < 32; off += 8) t.write64(addr + off, 0x5A5A + off);
  t.cpu.set_x(1, 0x1111);
  t.cpu.set_x(4, 0x4444);
  t.cpu.set_x(2, addr);
  t.cpu.vreg(0)[0] = 0xA0;
  t.cpu.vreg(0)[1] = 0xA1;
  t.cpu.vreg(1)[0] = 0xB0;
  t.cpu.vreg(1)[1] = 0xB1;
  Cpu::WatchHit hit;
  // Runs the one instruction against a watchpoint, checks that it stopped with memory
  // unchanged, then steps over it as GDB does.
  const auto stop_then_step = [&](uint32_t insn, uint64_t watch_va, Cpu::WatchKind kind) {
    t.load({insn, kNop});
    t.cpu.add_watchpoint(watch_va, 4, kind);
    t.cpu.run(10);
    CHECK(t.cpu.pc() == el2sim_test::TestCore::kCode);
    CHECK(t.cpu.stats().insns_by_el[2] == 0);
    for (uint64_t off = 0; off < 32; off += 8) CHECK(t.read64(addr + off) == 0x5A5A + off);
    REQUIRE(t.cpu.take_watch_hit(hit));
    CHECK(hit.va == watch_va);
    t.cpu.remove_watchpoint(watch_va, 4, kind);
    t.cpu.run(1);
    CHECK(t.cpu.pc() == el2sim_test::TestCore::kCode + 4);
  };
  SECTION("STP with a watchpoint on its second register's word") {
    stop_then_step(kStpX1X4X2, addr + 12, Cpu::kWatchWrite);
    CHECK(t.read64(addr) == 0x1111);
    CHECK(t.read64(addr + 8) == 0x4444);
  }
  SECTION("LDP with a read watchpoint on its second word") {
    t.cpu.set_x(3, 0x33);
    stop_then_step(kLdpX3X5X2, addr + 8, Cpu::kWatchRead);
    CHECK(t.cpu.x(3) == 0x5A5A);
    CHECK(t.cpu.x(5) == 0x5A62);
  }
  SECTION("STP of Q registers with a watchpoint in the second register's bytes") {
    stop_then_step(kStpQ0Q1X2, addr + 24, Cpu::kWatchWrite);
    CHECK(t.read64(addr) == 0xA0);
    CHECK(t.read64(addr + 24) == 0xB1);
  }
  SECTION("ST1 of two registers with a watchpoint in the second register's bytes") {
    stop_then_step(kSt1V0V1X2, addr + 16, Cpu::kWatchAccess);
    CHECK(t.read64(addr + 8) == 0xA1);
    CHECK(t.read64(addr + 16) == 0xB0);
  }
}
