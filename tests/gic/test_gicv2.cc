// The distributor and the physical CPU interface, driven directly (IHI 0048B).
#include <catch2/catch.hpp>

#include "gic/gicv2.h"

namespace {

using G = gic::Gicv2;

struct Fixture {
  gic::Config cfg;
  G gic;
  bool irq = false, fiq = false;
  int irq_changes = 0;

  explicit Fixture(unsigned cpus = 1) : cfg(make(cpus)), gic(cfg) {
    gic.irq_out = [this](unsigned, bool l) {
      irq = l;
      ++irq_changes;
    };
    gic.fiq_out = [this](unsigned, bool l) { fiq = l; };
  }
  static gic::Config make(unsigned cpus) {
    gic::Config c;
    c.num_cpus = cpus;
    return c;
  }
  uint32_t d(uint32_t off, unsigned cpu = 0) { return gic.dist_read(cpu, off, 4); }
  void dw(uint32_t off, uint32_t v, unsigned cpu = 0) { gic.dist_write(cpu, off, 4, v); }
  uint8_t db(uint32_t off, unsigned cpu = 0) {
    return static_cast<uint8_t>(gic.dist_read(cpu, off, 1));
  }
  void dbw(uint32_t off, uint8_t v, unsigned cpu = 0) { gic.dist_write(cpu, off, 1, v); }
  uint32_t c(uint32_t off, unsigned cpu = 0) { return gic.cpu_read(cpu, off); }
  void cw(uint32_t off, uint32_t v, unsigned cpu = 0) { gic.cpu_write(cpu, off, v); }

  // Enable distributor and CPU interface (both groups), priority mask open.
  void enable_all(unsigned cpu = 0) {
    dw(G::GICD_CTLR, 3);
    cw(G::GICC_CTLR, 3, cpu);
    cw(G::GICC_PMR, 0xFF, cpu);
  }
  void enable_irq(unsigned id, uint8_t prio, unsigned cpu = 0) {
    dbw(G::GICD_IPRIORITYR + id, prio, cpu);
    if (id >= 32) dbw(G::GICD_ITARGETSR + id, 1, cpu);
    dw(G::GICD_ISENABLER + (id / 32) * 4, 1u << (id % 32), cpu);
  }
};

}  // namespace

TEST_CASE("GICD identification and type", "[gic][dist]") {
  Fixture f(2);
  // ITLinesNumber = 288/32 - 1, CPUNumber = 2 - 1.
  CHECK(f.d(G::GICD_TYPER) == (8u | (1u << 5)));
  CHECK(f.d(G::GICD_IIDR) == 0x43B);
  CHECK(f.d(G::GICD_CTLR) == 0);
  f.dw(G::GICD_CTLR, 0xFFFFFFFF);
  CHECK(f.d(G::GICD_CTLR) == 3);
  // Reserved and unimplemented offsets are RAZ/WI.
  f.dw(0x040, 0x1234);
  CHECK(f.d(0x040) == 0);
  CHECK(f.d(G::GICD_ISENABLER + 0x7C) == 0);  // beyond ITLinesNumber
  // Component ID (CIDR0..3 = 0x0D 0xF0 0x05 0xB1), PIDR2 architecture version 2.
  CHECK(f.d(0xFF0) == 0x0D);
  CHECK(f.d(0xFFC) == 0xB1);
  CHECK(f.d(0xFE8) == 0x2B);
}

TEST_CASE("GICD enable, pending and active bits", "[gic][dist]") {
  Fixture f;
  // SGIs are permanently enabled.
  CHECK(f.d(G::GICD_ISENABLER) == 0x0000FFFF);
  f.dw(G::GICD_ICENABLER, 0xFFFFFFFF);
  CHECK(f.d(G::GICD_ISENABLER) == 0x0000FFFF);
  f.dw(G::GICD_ISENABLER + 4, 0x5);  // SPIs 32 and 34
  CHECK(f.d(G::GICD_ICENABLER + 4) == 0x5);
  f.dw(G::GICD_ICENABLER + 4, 0x1);
  CHECK(f.d(G::GICD_ISENABLER + 4) == 0x4);
  // Pending: set and clear; SGI bits of ISPENDR are ignored.
  f.dw(G::GICD_ISPENDR, 0xFFFFFFFF);
  CHECK(f.d(G::GICD_ISPENDR) == 0xFFFF0000);
  f.dw(G::GICD_ICPENDR, 0x00010000);
  CHECK(f.d(G::GICD_ICPENDR) == 0xFFFE0000);
  // Active.
  f.dw(G::GICD_ISACTIVER + 4, 0x80000000);
  CHECK(f.d(G::GICD_ISACTIVER + 4) == 0x80000000);
  f.dw(G::GICD_ICACTIVER + 4, 0x80000000);
  CHECK(f.d(G::GICD_ICACTIVER + 4) == 0);
  // Byte access to a bit register.
  f.dbw(G::GICD_ISENABLER + 5, 0x01);  // INTID 40
  CHECK(f.d(G::GICD_ISENABLER + 4) == 0x104);
  // Groups.
  f.dw(G::GICD_IGROUPR + 4, 0xF0F0F0F0);
  CHECK(f.d(G::GICD_IGROUPR + 4) == 0xF0F0F0F0);
}

TEST_CASE("GICD priorities and targets by byte and word", "[gic][dist]") {
  Fixture f(2);
  f.dw(G::GICD_IPRIORITYR + 32, 0x44332211);
  CHECK(f.db(G::GICD_IPRIORITYR + 33) == 0x22);
  f.dbw(G::GICD_IPRIORITYR + 34, 0xA0);
  CHECK(f.d(G::GICD_IPRIORITYR + 32) == 0x44A02211);
  // SGIs/PPIs: ITARGETSR reads as the accessing CPU's bit, writes ignored.
  CHECK(f.d(G::GICD_ITARGETSR, 0) == 0x01010101);
  CHECK(f.d(G::GICD_ITARGETSR + 28, 1) == 0x02020202);
  f.dw(G::GICD_ITARGETSR, 0xFFFFFFFF);
  CHECK(f.d(G::GICD_ITARGETSR) == 0x01010101);
  // SPIs: bits of CPUs that do not exist read as zero (QEMU keeps them).
  f.dw(G::GICD_ITARGETSR + 32, 0xFFFFFFFF);
  CHECK(f.d(G::GICD_ITARGETSR + 32) == 0x03030303);
  f.dbw(G::GICD_ITARGETSR + 33, 0x02);
  CHECK(f.db(G::GICD_ITARGETSR + 33) == 0x02);
}

TEST_CASE("GICD_ITARGETSR with one processor: RAZ/WI, every SPI targets it", "[gic][dist]") {
  Fixture f;
  CHECK(f.d(G::GICD_ITARGETSR) == 0);
  f.dw(G::GICD_ITARGETSR + 32, 0xFFFFFFFF);
  CHECK(f.d(G::GICD_ITARGETSR + 32) == 0);
  f.enable_all();
  f.dbw(G::GICD_IPRIORITYR + 40, 0x80);
  f.dw(G::GICD_ISENABLER + 4, 1u << 8);
  f.gic.set_spi(40, true);
  CHECK(f.irq);
  CHECK(f.c(G::GICC_IAR) == 40);
}

TEST_CASE("GICC_CTLR keeps the bits of a CPU interface without Security Extensions or bypass",
          "[gic][cpuif]") {
  Fixture f;
  f.cw(G::GICC_CTLR, 0xFFFFFFFF);
  CHECK(f.c(G::GICC_CTLR) == 0x21F);
}

TEST_CASE("GICD_ICFGR: SGIs edge and fixed, PPIs and SPIs configurable", "[gic][dist]") {
  Fixture f;
  CHECK(f.d(G::GICD_ICFGR) == 0xAAAAAAAA);
  f.dw(G::GICD_ICFGR, 0);
  CHECK(f.d(G::GICD_ICFGR) == 0xAAAAAAAA);
  CHECK(f.d(G::GICD_ICFGR + 8) == 0);
  f.dw(G::GICD_ICFGR + 8, 0xFFFFFFFF);
  CHECK(f.d(G::GICD_ICFGR + 8) == 0xAAAAAAAA);  // bit 0 of each field is reserved
}

TEST_CASE("Acknowledge and end of interrupt", "[gic][cpu]") {
  Fixture f;
  f.enable_all();
  f.enable_irq(40, 0x80);
  CHECK(f.c(G::GICC_IAR) == G::kSpurious);
  CHECK_FALSE(f.irq);
  f.dw(G::GICD_ISPENDR + 4, 1u << 8);
  CHECK(f.irq);
  CHECK(f.c(G::GICC_HPPIR) == 40);
  CHECK(f.c(G::GICC_RPR) == 0xFF);
  CHECK(f.c(G::GICC_IAR) == 40);
  CHECK_FALSE(f.irq);
  CHECK(f.c(G::GICC_RPR) == 0x80);
  CHECK(f.d(G::GICD_ISACTIVER + 4) == 1u << 8);
  CHECK(f.d(G::GICD_ISPENDR + 4) == 0);
  // Active priority 0x80 is preemption level 0x40: APR2 bit 0.
  CHECK(f.c(G::GICC_APR0) == 0);
  CHECK(f.c(G::GICC_APR0 + 8) == 1);
  CHECK(f.c(G::GICC_IAR) == G::kSpurious);
  f.cw(G::GICC_EOIR, 40);
  CHECK(f.c(G::GICC_RPR) == 0xFF);
  CHECK(f.d(G::GICD_ISACTIVER + 4) == 0);
  CHECK(f.c(G::GICC_IIDR) == 0x0002043B);
}

TEST_CASE("Disabled distributor or CPU interface holds the output low", "[gic][cpu]") {
  Fixture f;
  f.enable_irq(33, 0x10);
  f.cw(G::GICC_PMR, 0xFF);
  f.gic.set_spi(33, true);
  CHECK_FALSE(f.irq);
  f.dw(G::GICD_CTLR, 1);
  CHECK_FALSE(f.irq);
  f.cw(G::GICC_CTLR, 1);
  CHECK(f.irq);
  f.cw(G::GICC_PMR, 0x10);  // priority must be strictly higher than the mask
  CHECK_FALSE(f.irq);
  CHECK(f.c(G::GICC_HPPIR) == G::kSpurious);
  CHECK(f.c(G::GICC_IAR) == G::kSpurious);
  f.cw(G::GICC_PMR, 0x11);
  CHECK(f.irq);
}

TEST_CASE("Group enables: the distributor's hide a group, the CPU interface's a winner",
          "[gic][cpu]") {
  Fixture f;
  f.enable_irq(33, 0x10);  // Group 0, the higher priority
  f.enable_irq(34, 0x40);
  f.dw(G::GICD_IGROUPR + 4, 1u << 2);  // 34: Group 1
  f.cw(G::GICC_PMR, 0xFF);
  f.gic.set_spi(33, true);
  f.gic.set_spi(34, true);
  // Distributor or CPU interface disabled: nothing to acknowledge (IHI 0048B 4.4.4).
  f.cw(G::GICC_CTLR, 3 | G::CTLR_AckCtl);
  CHECK(f.c(G::GICC_HPPIR) == G::kSpurious);
  CHECK(f.c(G::GICC_IAR) == G::kSpurious);
  f.dw(G::GICD_CTLR, 3);
  f.cw(G::GICC_CTLR, G::CTLR_AckCtl | G::CTLR_EOImode);
  CHECK(f.c(G::GICC_HPPIR) == G::kSpurious);
  CHECK(f.c(G::GICC_IAR) == G::kSpurious);
  CHECK_FALSE(f.gic.is_active(0, 33));
  // Group 0 disabled in the CPU interface: Group 0's 33 is still the highest priority
  // pending interrupt, so there is none to signal or acknowledge, although Group 1's
  // 34 is enabled there.
  f.cw(G::GICC_CTLR, 2 | G::CTLR_AckCtl);
  CHECK_FALSE(f.irq);
  CHECK(f.c(G::GICC_HPPIR) == G::kSpurious);
  CHECK(f.c(G::GICC_IAR) == G::kSpurious);
  f.cw(G::GICC_CTLR, 3 | G::CTLR_AckCtl);
  CHECK(f.irq);
  CHECK(f.c(G::GICC_HPPIR) == 33);
  // Group 0 disabled in the distributor instead: 33 is not forwarded, and 34 is the
  // highest priority pending interrupt.
  f.dw(G::GICD_CTLR, 2);
  CHECK(f.irq);
  CHECK(f.c(G::GICC_HPPIR) == 34);
  CHECK(f.c(G::GICC_IAR) == 34);
  CHECK(f.gic.is_active(0, 34));
  CHECK_FALSE(f.gic.is_active(0, 33));
}

TEST_CASE("Level-sensitive sources re-pend while asserted; edge sources latch", "[gic][cpu]") {
  Fixture f;
  f.enable_all();
  f.enable_irq(33, 0x20);
  f.gic.set_spi(33, true);
  CHECK(f.c(G::GICC_IAR) == 33);
  CHECK(f.gic.is_pending(0, 33));  // active and pending: still asserted
  CHECK_FALSE(f.irq);              // but not signalled while active
  f.cw(G::GICC_EOIR, 33);
  CHECK(f.irq);
  f.gic.set_spi(33, false);
  CHECK_FALSE(f.irq);
  CHECK_FALSE(f.gic.is_pending(0, 33));

  // Edge: a pulse latches, the level afterwards does not matter.
  f.dw(G::GICD_ICFGR + 8, 0x8);  // INTID 33 edge
  f.gic.set_spi(33, true);
  f.gic.set_spi(33, false);
  CHECK(f.irq);
  CHECK(f.c(G::GICC_IAR) == 33);
  CHECK_FALSE(f.gic.is_pending(0, 33));
  f.cw(G::GICC_EOIR, 33);
  CHECK_FALSE(f.irq);
}

TEST_CASE("Priorities, preemption and the binary point", "[gic][cpu]") {
  Fixture f;
  f.enable_all();
  f.enable_irq(32, 0x80);
  f.enable_irq(33, 0x40);
  f.enable_irq(34, 0x7F);
  f.dw(G::GICD_ISPENDR + 4, 1);  // 32 at 0x80
  CHECK(f.c(G::GICC_IAR) == 32);
  // Higher priority preempts.
  f.dw(G::GICD_ISPENDR + 4, 2);
  CHECK(f.irq);
  CHECK(f.c(G::GICC_IAR) == 33);
  CHECK(f.c(G::GICC_RPR) == 0x40);
  f.cw(G::GICC_EOIR, 33);
  CHECK(f.c(G::GICC_RPR) == 0x80);
  f.cw(G::GICC_EOIR, 32);
  // Binary point 3: group priority is bits [7:4]; 0x7F (group 0x70) preempts 0x80,
  // but with BPR 7 (no preemption) nothing does.
  f.cw(G::GICC_BPR, 7);
  CHECK(f.c(G::GICC_BPR) == 7);
  f.dw(G::GICD_ISPENDR + 4, 1);
  CHECK(f.c(G::GICC_IAR) == 32);
  CHECK(f.c(G::GICC_RPR) == 0x00);
  f.dw(G::GICD_ISPENDR + 4, 4);
  CHECK_FALSE(f.irq);
  CHECK(f.c(G::GICC_IAR) == G::kSpurious);
  f.cw(G::GICC_EOIR, 32);
  CHECK(f.c(G::GICC_IAR) == 34);
  f.cw(G::GICC_EOIR, 34);
  f.cw(G::GICC_BPR, 3);
  f.dw(G::GICD_ISPENDR + 4, 1);
  CHECK(f.c(G::GICC_IAR) == 32);
  CHECK(f.c(G::GICC_RPR) == 0x80);
  f.dbw(G::GICD_IPRIORITYR + 34, 0x8F);  // same group priority as the running 0x80
  f.dw(G::GICD_ISPENDR + 4, 4);
  CHECK_FALSE(f.irq);
  f.dbw(G::GICD_IPRIORITYR + 34, 0x7F);  // group priority 0x70 preempts
  CHECK(f.irq);
  CHECK(f.c(G::GICC_IAR) == 34);
  CHECK(f.c(G::GICC_RPR) == 0x70);
  // Ties: lowest INTID first.
  f.cw(G::GICC_EOIR, 34);
  f.cw(G::GICC_EOIR, 32);
  f.dbw(G::GICD_IPRIORITYR + 33, 0x50);
  f.dbw(G::GICD_IPRIORITYR + 34, 0x50);
  f.dw(G::GICD_ISPENDR + 4, 6);
  CHECK(f.c(G::GICC_HPPIR) == 33);
  // The minimum binary point is 0 (ABPR: 1).
  f.cw(G::GICC_BPR, 0);
  f.cw(G::GICC_ABPR, 0);
  CHECK(f.c(G::GICC_BPR) == 0);
  CHECK(f.c(G::GICC_ABPR) == 1);
}

TEST_CASE("SGIs: target list filters, source CPU, CPENDSGIR/SPENDSGIR", "[gic][sgi]") {
  Fixture f(3);
  for (unsigned c = 0; c < 3; ++c) f.enable_all(c);
  // Filter 0: target list (CPUs 1 and 2), from CPU 0.
  f.dw(G::GICD_SGIR, (0u << 24) | (0x6u << 16) | 5, 0);
  CHECK_FALSE(f.gic.is_pending(0, 5));
  CHECK(f.gic.is_pending(1, 5));
  CHECK(f.gic.is_pending(2, 5));
  CHECK(f.db(G::GICD_SPENDSGIR + 5, 1) == 0x01);
  // Filter 1: all but self (from CPU 2).
  f.dw(G::GICD_SGIR, (1u << 24) | 5, 2);
  CHECK(f.db(G::GICD_SPENDSGIR + 5, 1) == 0x05);
  CHECK(f.db(G::GICD_SPENDSGIR + 5, 0) == 0x04);
  CHECK(f.db(G::GICD_SPENDSGIR + 5, 2) == 0x01);
  // Filter 2: self only.
  f.dw(G::GICD_SGIR, (2u << 24) | (0xFFu << 16) | 7, 1);
  CHECK(f.db(G::GICD_CPENDSGIR + 7, 1) == 0x02);
  CHECK(f.db(G::GICD_SPENDSGIR + 7, 0) == 0);
  // Filter 3 is reserved: nothing happens.
  f.dw(G::GICD_SGIR, (3u << 24) | 9, 0);
  CHECK(f.d(G::GICD_SPENDSGIR + 8, 0) == 0);
  // GICD_SGIR is write-only.
  CHECK(f.d(G::GICD_SGIR) == 0);
  // Acknowledge on CPU 1: SGI 5 from CPU 0 first, then from CPU 2.
  CHECK(f.c(G::GICC_IAR, 1) == (5u | (0u << 10)));
  // SGI 5 (from CPU 2) is active and pending now, so not a candidate: SGI 7 is.
  CHECK(f.c(G::GICC_HPPIR, 1) == (7u | (1u << 10)));
  f.cw(G::GICC_EOIR, 5, 1);
  CHECK(f.c(G::GICC_IAR, 1) == (5u | (2u << 10)));
  f.cw(G::GICC_EOIR, 5u | (2u << 10), 1);
  CHECK(f.c(G::GICC_IAR, 1) == (7u | (1u << 10)));
  f.cw(G::GICC_EOIR, 7u | (1u << 10), 1);
  CHECK(f.c(G::GICC_IAR, 1) == G::kSpurious);
  // CPENDSGIR clears sources; SPENDSGIR sets them (only existing CPUs).
  f.dbw(G::GICD_SPENDSGIR + 3, 0xFF, 2);
  CHECK(f.db(G::GICD_SPENDSGIR + 3, 2) == 0x07);
  f.dbw(G::GICD_CPENDSGIR + 3, 0x05, 2);
  CHECK(f.db(G::GICD_SPENDSGIR + 3, 2) == 0x02);
  CHECK(f.d(G::GICD_ISPENDR, 2) == ((1u << 3) | (1u << 5)));
}

TEST_CASE("Group 0 as FIQ with FIQEn; Group 1 and AckCtl", "[gic][cpu]") {
  Fixture f;
  f.enable_all();
  f.enable_irq(32, 0x40);
  f.cw(G::GICC_CTLR, 3 | G::CTLR_FIQEn);
  f.dw(G::GICD_ISPENDR + 4, 1);
  CHECK(f.fiq);
  CHECK_FALSE(f.irq);
  CHECK(f.c(G::GICC_IAR) == 32);
  f.cw(G::GICC_EOIR, 32);
  // Group 1 signals IRQ; without AckCtl, GICC_IAR returns 1022 and AIAR takes it.
  f.dw(G::GICD_IGROUPR + 4, 1);
  f.dw(G::GICD_ISPENDR + 4, 1);
  CHECK(f.irq);
  CHECK_FALSE(f.fiq);
  CHECK(f.c(G::GICC_HPPIR) == 1022);
  CHECK(f.c(G::GICC_AHPPIR) == 32);
  CHECK(f.c(G::GICC_IAR) == 1022);
  CHECK(f.c(G::GICC_AIAR) == 32);
  // Group 1 priority 0x40 (ABPR 1: all bits are group priority): NSAPR1 bit 0.
  CHECK(f.c(G::GICC_NSAPR0 + 4) == 1);
  CHECK(f.c(G::GICC_APR0 + 4) == 0);
  f.cw(G::GICC_AEOIR, 32);
  CHECK(f.c(G::GICC_NSAPR0 + 4) == 0);
  CHECK_FALSE(f.gic.is_active(0, 32));
  // With AckCtl, IAR acknowledges Group 1 too.
  f.cw(G::GICC_CTLR, 3 | G::CTLR_AckCtl);
  f.dw(G::GICD_ISPENDR + 4, 1);
  CHECK(f.c(G::GICC_IAR) == 32);
  // Group 1 disabled in the distributor: not signalled.
  f.cw(G::GICC_EOIR, 32);
  f.dw(G::GICD_CTLR, 1);
  f.dw(G::GICD_ISPENDR + 4, 1);
  CHECK_FALSE(f.irq);
}

TEST_CASE("EOImode: priority drop on EOIR, deactivation on DIR", "[gic][cpu]") {
  Fixture f;
  f.enable_all();
  f.cw(G::GICC_CTLR, 3 | G::CTLR_EOImode);
  f.enable_irq(27, 0xA0);
  f.gic.set_ppi(0, 27, true);
  CHECK(f.irq);
  CHECK(f.c(G::GICC_IAR) == 27);
  f.cw(G::GICC_EOIR, 27);
  CHECK(f.c(G::GICC_RPR) == 0xFF);
  CHECK(f.gic.is_active(0, 27));
  CHECK_FALSE(f.irq);  // active: not signalled again
  f.cw(G::GICC_DIR, 27);
  CHECK_FALSE(f.gic.is_active(0, 27));
  CHECK(f.irq);  // the level is still asserted
  // Spurious IDs are ignored by EOIR.
  f.cw(G::GICC_EOIR, 1023);
  CHECK(f.irq);
}

TEST_CASE("SPI targets select the CPU interface", "[gic][dist]") {
  Fixture f(2);
  f.enable_all(0);
  f.enable_all(1);
  f.enable_irq(40, 0x10);
  f.dbw(G::GICD_ITARGETSR + 40, 0x2);
  f.gic.set_spi(40, true);
  CHECK(f.c(G::GICC_HPPIR, 0) == G::kSpurious);
  CHECK(f.c(G::GICC_HPPIR, 1) == 40);
  f.dbw(G::GICD_ITARGETSR + 40, 0x0);
  CHECK(f.c(G::GICC_HPPIR, 1) == G::kSpurious);
}

TEST_CASE("Reset clears state but keeps input levels", "[gic]") {
  Fixture f;
  f.enable_all();
  f.enable_irq(30, 0x10);
  f.gic.set_ppi(0, 30, true);
  CHECK(f.irq);
  f.gic.reset();
  CHECK_FALSE(f.irq);
  f.enable_all();
  f.enable_irq(30, 0x10);
  CHECK(f.irq);
}
