// The GIC's TLM wrapper through a test initiator and the router, and the generic
// timer's outputs against simulated time. SystemC allows one elaboration per process,
// so the tests share one harness, elaborated on first use.
#include <memory>

#include <tlm_utils/simple_initiator_socket.h>
#include <catch2/catch.hpp>
#include <systemc>
#include <tlm>

#include "gic/gic_module.h"
#include "isa/cpu.h"
#include "sim/generic_timer.h"
#include "sim/router.h"
#include "tests/tlm_test_initiator.h"

namespace {

using G = gic::Gicv2;
using sc_core::SC_NS;
using sc_core::sc_time;

constexpr uint64_t kDist = 0x08000000, kCpu = 0x08010000, kHyp = 0x08030000, kVcpu = 0x08040000;

using TestInitiator = el2sim_test::TlmTestInitiator;

// A core that never runs: the timer reads its system registers.
struct NullBus : mmu::Bus {
  mmu::BusResult read(uint64_t, void*, unsigned) override { return mmu::BusResult::Error; }
  mmu::BusResult write(uint64_t, const void*, unsigned) override { return mmu::BusResult::Error; }
  uint8_t* host_page(uint64_t, bool) override { return nullptr; }
};

struct Harness {
  sim::Router router{"router"};
  gic::GicModule gic{"gic", gic::Config{}, sc_time(3, SC_NS)};
  TestInitiator init{"init"};
  NullBus bus;
  isa::SystemHooks hooks;
  isa::Cpu cpu{isa::CpuConfig{}, bus, hooks};
  sim::GenericTimer timer{"timer", 62500000, cpu};  // 16 ns per tick
  bool irq = false, virq = false;
  std::vector<std::pair<uint64_t, bool>> timer_events;  // (ns, level) of the phys timer

  Harness() {
    router.map("gic.distributor", kDist, 0x10000, gic.dist_socket);
    router.map("gic.cpu_interface", kCpu, 0x10000, gic.cpu_socket);
    router.map("gic.hyp_interface", kHyp, 0x10000, gic.hyp_socket);
    router.map("gic.virtual_cpu_interface", kVcpu, 0x10000, gic.vcpu_socket);
    router.connect_initiator(init.socket);
    gic.gic().irq_out = [this](unsigned, bool l) { irq = l; };
    gic.gic().virq_out = [this](unsigned, bool l) { virq = l; };
    const unsigned ppis[3] = {30, 27, 26};
    timer.output = [this, ppis](unsigned which, bool level) {
      gic.gic().set_ppi(0, ppis[which], level);
      if (which == sim::GenericTimer::Phys)
        timer_events.emplace_back(sc_core::sc_time_stamp().value() / 1000, level);
    };
    cpu.reset(0);
  }
};

Harness& harness() {
  static std::unique_ptr<Harness> h;
  if (!h) {
    h = std::make_unique<Harness>();
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
  }
  return *h;
}

}  // namespace

TEST_CASE("GIC TLM: distributor by word and byte, latency", "[gic][tlm]") {
  Harness& h = harness();
  h.gic.gic().reset();
  TestInitiator& t = h.init;
  sc_time delay;
  uint32_t v = 0;
  REQUIRE(t.access(tlm::TLM_READ_COMMAND, kDist + G::GICD_TYPER, &v, 4, &delay) ==
          tlm::TLM_OK_RESPONSE);
  CHECK(v == 8);
  CHECK(delay == sc_time(3, SC_NS));
  t.w8(kDist + G::GICD_IPRIORITYR + 33, 0x60);
  CHECK(t.r32(kDist + G::GICD_IPRIORITYR + 32) == 0x6000);
  CHECK(t.r8(kDist + G::GICD_ITARGETSR + 30) == 0);  // one processor: RAZ
  // An 8-byte access is two words.
  uint64_t wide = 0x0000000300000001ull;
  REQUIRE(t.access(tlm::TLM_WRITE_COMMAND, kDist + G::GICD_CTLR, &wide, 8) == tlm::TLM_OK_RESPONSE);
  CHECK(t.r32(kDist + G::GICD_CTLR) == 1);
  // Misaligned: a bus error.
  REQUIRE(t.access(tlm::TLM_READ_COMMAND, kDist + 2, &v, 4) == tlm::TLM_BURST_ERROR_RESPONSE);
  // Past a block's registers, in the rest of its 64 KiB window: an address error (the
  // core's external abort), for reads and writes of every size; the last word answers.
  const struct {
    uint64_t base, size;
  } blocks[] = {{kDist, 0x1000}, {kCpu, 0x2000}, {kHyp, 0x1000}, {kVcpu, 0x2000}};
  for (const auto& b : blocks) {
    CAPTURE(b.base);
    CHECK(t.access(tlm::TLM_READ_COMMAND, b.base + b.size - 4, &v, 4) == tlm::TLM_OK_RESPONSE);
    for (const uint64_t off : {b.size, b.size + 0x800, uint64_t{0xFFF8}}) {
      CAPTURE(off);
      for (const unsigned len : {1u, 4u, 8u}) {
        CHECK(t.access(tlm::TLM_READ_COMMAND, b.base + off, &wide, len) ==
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
        CHECK(t.access(tlm::TLM_WRITE_COMMAND, b.base + off, &wide, len) ==
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
      }
    }
  }
  // The register logic alone reads nothing past the distributor either.
  CHECK(h.gic.gic().dist_read(0, 0x1FD0, 4) == 0);
  CHECK(h.gic.gic().dist_read(0, 0xFFFC, 4) == 0);
  // The CPU interface takes words only: a byte read is zero.
  CHECK(t.r8(kCpu + G::GICC_IIDR) == 0);
  CHECK(t.r32(kCpu + G::GICC_IIDR) == 0x0002043B);
}

TEST_CASE("GIC TLM: enable, pend, acknowledge, EOI through the sockets", "[gic][tlm]") {
  Harness& h = harness();
  h.gic.gic().reset();
  TestInitiator& t = h.init;
  t.w32(kDist + G::GICD_CTLR, 1);
  t.w32(kCpu + G::GICC_CTLR, 1);
  t.w32(kCpu + G::GICC_PMR, 0xF0);
  t.w8(kDist + G::GICD_IPRIORITYR + 33, 0x20);
  t.w8(kDist + G::GICD_ITARGETSR + 33, 1);
  t.w32(kDist + G::GICD_ISENABLER + 4, 2);
  CHECK_FALSE(h.irq);
  h.gic.gic().set_spi(33, true);  // the UART's line
  CHECK(h.irq);
  CHECK(t.r32(kCpu + G::GICC_IAR) == 33);
  CHECK_FALSE(h.irq);
  h.gic.gic().set_spi(33, false);
  t.w32(kCpu + G::GICC_EOIR, 33);
  CHECK_FALSE(h.irq);
  CHECK(t.r32(kCpu + G::GICC_IAR) == 1023);
  // SGI to self through GICD_SGIR.
  t.w32(kDist + G::GICD_SGIR, (2u << 24) | 3);
  CHECK(h.irq);
  CHECK(t.r32(kCpu + G::GICC_IAR) == 3);
  t.w32(kCpu + G::GICC_EOIR, 3);
  CHECK_FALSE(h.irq);
}

TEST_CASE("GIC TLM: GICH list register and GICV acknowledge", "[gic][tlm]") {
  Harness& h = harness();
  h.gic.gic().reset();
  TestInitiator& t = h.init;
  t.w32(kVcpu + G::GICC_CTLR, 1);
  t.w32(kVcpu + G::GICC_PMR, 0xF8);
  t.w32(kHyp + G::GICH_HCR, G::HCR_En);
  t.w32(kHyp + G::GICH_LR0, 44u | (0x10u << 23) | (1u << 28));
  CHECK(h.virq);
  CHECK(t.r32(kVcpu + G::GICC_IAR) == 44);
  CHECK_FALSE(h.virq);
  t.w32(kVcpu + G::GICC_EOIR, 44);
  CHECK(t.r32(kHyp + G::GICH_ELRSR0) == 0xF);
  CHECK(t.r32(kHyp + G::GICH_VTR) == 0x90000003);
}

TEST_CASE("Generic timer: the output rises at the compare time", "[timer][tlm]") {
  Harness& h = harness();
  h.gic.gic().reset();
  h.timer.reset();
  h.timer_events.clear();
  isa::SysRegs& sr = h.cpu.sr();
  const sc_time start = sc_core::sc_time_stamp();
  const uint64_t now_ticks = h.timer.count_at(start);
  // Compare 1000 ticks (16 us) from now, enabled, not masked.
  sr.CNTP_CVAL_EL0 = now_ticks + 1000;
  sr.CNTP_CTL_EL0 = 1;
  CHECK_FALSE(h.timer.update(start));
  CHECK(h.timer.armed());
  CHECK_FALSE(h.timer.level(sim::GenericTimer::Phys));
  sc_core::sc_start(sc_time(15999, SC_NS));
  CHECK_FALSE(h.timer.level(sim::GenericTimer::Phys));
  sc_core::sc_start(sc_time(2, SC_NS));
  CHECK(h.timer.level(sim::GenericTimer::Phys));
  REQUIRE(h.timer_events.size() == 1);
  CHECK(h.timer_events[0].first == (start.value() / 1000) + 16000);
  CHECK_FALSE(h.timer.armed());
  // The level reaches the GIC as PPI 14 (INTID 30), level-sensitive.
  CHECK(h.gic.gic().is_pending(0, 30));
  // IMASK drops the output; the condition (ISTATUS) stays met.
  sr.CNTP_CTL_EL0 = 3;
  CHECK(h.timer.update(sc_core::sc_time_stamp()));
  CHECK_FALSE(h.timer.level(sim::GenericTimer::Phys));
  CHECK_FALSE(h.gic.gic().is_pending(0, 30));
  // Disabled: low and not armed.
  sr.CNTP_CTL_EL0 = 0;
  h.timer.update(sc_core::sc_time_stamp());
  CHECK_FALSE(h.timer.armed());
}

TEST_CASE("Generic timer: virtual timer counts CNTPCT - CNTVOFF_EL2", "[timer][tlm]") {
  Harness& h = harness();
  h.timer.reset();
  isa::SysRegs& sr = h.cpu.sr();
  const sc_time start = sc_core::sc_time_stamp();
  const uint64_t phys = h.timer.count_at(start);
  sr.CNTVOFF_EL2 = phys;   // virtual count 0 now
  sr.CNTV_CVAL_EL0 = 100;  // 1.6 us
  sr.CNTV_CTL_EL0 = 1;
  h.timer.update(start);
  CHECK_FALSE(h.timer.level(sim::GenericTimer::Virt));
  sc_core::sc_start(sc_time(1599, SC_NS));
  CHECK_FALSE(h.timer.level(sim::GenericTimer::Virt));
  sc_core::sc_start(sc_time(1, SC_NS));
  CHECK(h.timer.level(sim::GenericTimer::Virt));
  CHECK(h.gic.gic().is_pending(0, 27));
  // Moving the offset back makes the condition false again.
  sr.CNTVOFF_EL2 = 0;
  sr.CNTV_CVAL_EL0 = phys + 1000000;
  CHECK(h.timer.update(sc_core::sc_time_stamp()));
  CHECK_FALSE(h.timer.level(sim::GenericTimer::Virt));
  sr.CNTV_CTL_EL0 = 0;
  h.timer.update(sc_core::sc_time_stamp());
  // The hypervisor timer: already met when written.
  sr.CNTHP_CVAL_EL2 = 0;
  sr.CNTHP_CTL_EL2 = 1;
  CHECK(h.timer.update(sc_core::sc_time_stamp()));
  CHECK(h.timer.level(sim::GenericTimer::Hyp));
  CHECK(h.gic.gic().is_pending(0, 26));
  sr.CNTHP_CTL_EL2 = 0;
  h.timer.update(sc_core::sc_time_stamp());
}
