// The virtualization extensions: GICH list registers and maintenance, GICV as the
// guest sees it (IHI 0048B chapter 5).
#include <catch2/catch.hpp>

#include "gic/gicv2.h"

namespace {

using G = gic::Gicv2;

// LR: VirtualID, priority (8-bit value, 5 bits kept), state, group 1, HW/PhysicalID.
uint32_t lr(unsigned vid, uint8_t prio, unsigned state, bool grp1 = false, bool hw = false,
            unsigned pid = 0, bool eoi = false) {
  uint32_t v = vid | (uint32_t{prio} >> 3) << 23 | state << 28;
  if (grp1) v |= G::LR_Grp1;
  if (hw) v |= G::LR_HW | (pid << 10);
  if (eoi) v |= G::LR_EOI;
  return v;
}

struct VFixture {
  G gic{gic::Config{}};
  bool irq = false, virq = false, vfiq = false;
  VFixture() {
    gic.irq_out = [this](unsigned, bool l) { irq = l; };
    gic.virq_out = [this](unsigned, bool l) { virq = l; };
    gic.vfiq_out = [this](unsigned, bool l) { vfiq = l; };
  }
  uint32_t h(uint32_t off) { return gic.hyp_read(0, off); }
  void hw(uint32_t off, uint32_t v) { gic.hyp_write(0, off, v); }
  uint32_t v(uint32_t off) { return gic.vcpu_read(0, off); }
  void vw(uint32_t off, uint32_t val) { gic.vcpu_write(0, off, val); }
  // The guest's side: both groups enabled, priority mask open.
  void guest_enable() {
    vw(G::GICC_CTLR, 3);
    vw(G::GICC_PMR, 0xFF);
  }
};

}  // namespace

TEST_CASE("GICH_VTR, VMCR and the GICV view of it", "[gic][virt]") {
  VFixture f;
  // PRIbits 5, PREbits 5, ListRegs 4 (QEMU's value).
  CHECK(f.h(G::GICH_VTR) == 0x90000003);
  CHECK(f.h(G::GICH_ELRSR0) == 0xF);
  CHECK(f.h(G::GICH_ELRSR1) == 0);
  CHECK(f.v(G::GICC_BPR) == 2);
  CHECK(f.v(G::GICC_ABPR) == 3);
  f.vw(G::GICC_CTLR, 0x201);
  f.vw(G::GICC_PMR, 0xF8);
  f.vw(G::GICC_BPR, 0);  // clamped to the minimum 2
  CHECK(f.v(G::GICC_BPR) == 2);
  // VMCR: VMPriMask [31:27], VMBP [23:21], VMABP [20:18], VEM [9], VMGrp0En [0].
  CHECK(f.h(G::GICH_VMCR) == ((0x1Fu << 27) | (2u << 21) | (3u << 18) | 0x201));
  f.hw(G::GICH_VMCR, (0x10u << 27) | (4u << 21) | (5u << 18) | 0x2);
  CHECK(f.v(G::GICC_PMR) == 0x80);
  CHECK(f.v(G::GICC_BPR) == 4);
  CHECK(f.v(G::GICC_ABPR) == 5);
  CHECK(f.v(G::GICC_CTLR) == 0x2);
  CHECK(f.v(G::GICC_IIDR) == 0x0002043B);
}

TEST_CASE("LR injection, virtual acknowledge and EOI through GICV", "[gic][virt]") {
  VFixture f;
  f.guest_enable();
  f.hw(G::GICH_LR0, lr(42, 0xA0, 1));
  CHECK_FALSE(f.virq);  // GICH_HCR.En clear
  f.hw(G::GICH_HCR, G::HCR_En);
  CHECK(f.virq);
  CHECK(f.h(G::GICH_ELRSR0) == 0xE);
  CHECK(f.v(G::GICC_HPPIR) == 42);
  CHECK(f.v(G::GICC_IAR) == 42);
  CHECK_FALSE(f.virq);
  CHECK(f.h(G::GICH_LR0) == lr(42, 0xA0, 2));
  CHECK(f.v(G::GICC_RPR) == 0xA0);
  CHECK(f.h(G::GICH_APR) == 1u << (0xA0 >> 3));
  CHECK(f.v(G::GICC_IAR) == G::kSpurious);
  f.vw(G::GICC_EOIR, 42);
  CHECK(f.h(G::GICH_LR0) == lr(42, 0xA0, 0));
  CHECK(f.h(G::GICH_APR) == 0);
  CHECK(f.v(G::GICC_RPR) == 0xFF);
  CHECK(f.h(G::GICH_ELRSR0) == 0xF);
  CHECK_FALSE(f.irq);  // no maintenance interrupt was asked for
}

TEST_CASE("Virtual priorities: PMR, preemption, group 0 as vFIQ", "[gic][virt]") {
  VFixture f;
  f.guest_enable();
  f.hw(G::GICH_HCR, G::HCR_En);
  f.hw(G::GICH_LR0, lr(40, 0x80, 1));
  f.hw(G::GICH_LR0 + 4, lr(41, 0x40, 1));
  CHECK(f.v(G::GICC_IAR) == 41);
  CHECK_FALSE(f.virq);  // 0x80 does not preempt 0x40
  f.vw(G::GICC_EOIR, 41);
  CHECK(f.virq);
  f.vw(G::GICC_PMR, 0x80);
  CHECK_FALSE(f.virq);
  CHECK(f.v(G::GICC_IAR) == G::kSpurious);
  f.vw(G::GICC_PMR, 0xFF);
  f.vw(G::GICC_CTLR, 3 | G::CTLR_FIQEn);
  CHECK(f.vfiq);
  CHECK_FALSE(f.virq);
  // A Group 1 LR is a vIRQ; the guest's IAR needs AckCtl, AIAR takes it.
  f.hw(G::GICH_LR0, lr(40, 0x80, 1, true));
  CHECK(f.virq);
  CHECK_FALSE(f.vfiq);
  CHECK(f.v(G::GICC_IAR) == 1022);
  CHECK(f.v(G::GICC_AHPPIR) == 40);
  CHECK(f.v(G::GICC_AIAR) == 40);
  f.vw(G::GICC_AEOIR, 40);
  CHECK(f.h(G::GICH_LR0) == lr(40, 0x80, 0, true));
  // Group disabled in the guest's CTLR: not a candidate.
  f.hw(G::GICH_LR0, lr(40, 0x80, 1, true));
  f.vw(G::GICC_CTLR, 1);
  CHECK_FALSE(f.virq);
}

TEST_CASE("HW-linked LR: the guest's EOI deactivates the physical interrupt", "[gic][virt]") {
  VFixture f;
  // The hypervisor takes physical PPI 27 with EOImode 1 and only drops priority.
  f.gic.dist_write(0, G::GICD_CTLR, 4, 1);
  f.gic.dist_write(0, G::GICD_ISENABLER, 4, 1u << 27);
  f.gic.cpu_write(0, G::GICC_CTLR, 1 | G::CTLR_EOImode);
  f.gic.cpu_write(0, G::GICC_PMR, 0xFF);
  f.gic.set_ppi(0, 27, true);
  CHECK(f.irq);
  CHECK(f.gic.cpu_read(0, G::GICC_IAR) == 27);
  f.gic.cpu_write(0, G::GICC_EOIR, 27);
  CHECK(f.gic.is_active(0, 27));
  CHECK_FALSE(f.irq);
  // Forward it to the guest.
  f.guest_enable();
  f.hw(G::GICH_HCR, G::HCR_En);
  f.hw(G::GICH_LR0 + 8, lr(27, 0xA0, 1, false, true, 27));
  CHECK(f.virq);
  CHECK(f.v(G::GICC_IAR) == 27);
  // The guest silences the source, then EOIs: the physical interrupt is deactivated.
  f.gic.set_ppi(0, 27, false);
  f.vw(G::GICC_EOIR, 27);
  CHECK_FALSE(f.gic.is_active(0, 27));
  CHECK(f.h(G::GICH_LR0 + 8) == lr(27, 0xA0, 0, false, true, 27));
  CHECK(f.h(G::GICH_EISR0) == 0);  // HW LRs never ask for EOI maintenance
  // Without the guest's help the source stays quiet.
  CHECK_FALSE(f.irq);
}

TEST_CASE("Maintenance interrupt: EOI, LRENP/EOICount, underflow, NP", "[gic][virt]") {
  VFixture f;
  f.gic.dist_write(0, G::GICD_CTLR, 4, 1);
  f.gic.dist_write(0, G::GICD_ISENABLER, 4, 1u << 25);
  f.gic.cpu_write(0, G::GICC_CTLR, 1);
  f.gic.cpu_write(0, G::GICC_PMR, 0xFF);
  f.guest_enable();
  f.hw(G::GICH_HCR, G::HCR_En);

  // EOI maintenance: an LR with the EOI bit.
  f.hw(G::GICH_LR0, lr(50, 0x80, 1, false, false, 0, true));
  CHECK(f.h(G::GICH_MISR) == 0);
  CHECK(f.v(G::GICC_IAR) == 50);
  f.vw(G::GICC_EOIR, 50);
  CHECK(f.h(G::GICH_EISR0) == 1);
  CHECK(f.h(G::GICH_ELRSR0) == 0xE);  // not free until the hypervisor clears it
  CHECK(f.h(G::GICH_MISR) == 1);
  CHECK(f.irq);
  CHECK(f.gic.cpu_read(0, G::GICC_IAR) == 25);
  f.hw(G::GICH_LR0, 0);
  CHECK(f.h(G::GICH_MISR) == 0);
  f.gic.cpu_write(0, G::GICC_EOIR, 25);
  CHECK_FALSE(f.irq);

  // An EOI with no matching LR counts in EOICount; LRENPIE raises LRENP.
  f.vw(G::GICC_APR0, 1);  // something active at priority 0
  f.vw(G::GICC_EOIR, 77);
  CHECK(f.h(G::GICH_HCR) == (1u << 27 | G::HCR_En));
  CHECK(f.h(G::GICH_MISR) == 0);
  f.hw(G::GICH_HCR, G::HCR_En | G::HCR_LRENPIE | (1u << 27));
  CHECK(f.h(G::GICH_MISR) == 4);
  CHECK(f.irq);
  f.hw(G::GICH_HCR, G::HCR_En);
  CHECK_FALSE(f.irq);

  // Underflow: at most one valid LR.
  f.hw(G::GICH_LR0, lr(60, 0x80, 1));
  f.hw(G::GICH_LR0 + 4, lr(61, 0x80, 1));
  f.hw(G::GICH_HCR, G::HCR_En | G::HCR_UIE);
  CHECK(f.h(G::GICH_MISR) == 0);
  CHECK(f.v(G::GICC_IAR) == 60);
  f.vw(G::GICC_EOIR, 60);
  CHECK(f.h(G::GICH_MISR) == 2);
  CHECK(f.irq);
  // No pending: NPIE.
  f.hw(G::GICH_HCR, G::HCR_En | G::HCR_NPIE);
  CHECK(f.h(G::GICH_MISR) == 0);
  CHECK(f.v(G::GICC_IAR) == 61);
  CHECK(f.h(G::GICH_MISR) == 8);
  // VGrp0E/VGrp1D follow the guest's enables.
  f.hw(G::GICH_HCR, G::HCR_En | G::HCR_VGrp0EIE | G::HCR_VGrp1DIE);
  CHECK(f.h(G::GICH_MISR) == 0x10);
  f.vw(G::GICC_CTLR, 0);
  CHECK(f.h(G::GICH_MISR) == 0x80);
  // With En clear the maintenance interrupt is low.
  f.hw(G::GICH_HCR, G::HCR_VGrp1DIE);
  CHECK_FALSE(f.gic.is_pending(0, 25));
}

TEST_CASE("GICV_IAR and GICV_HPPIR read 1023 while GICH_HCR.En is clear", "[gic][virt]") {
  VFixture f;
  f.guest_enable();
  f.hw(G::GICH_LR0, lr(40, 0x10, 1));
  CHECK_FALSE(f.virq);
  CHECK(f.v(G::GICC_HPPIR) == G::kSpurious);
  CHECK(f.v(G::GICC_IAR) == G::kSpurious);
  CHECK(f.h(G::GICH_LR0) == lr(40, 0x10, 1));  // still pending, not acknowledged
  f.hw(G::GICH_HCR, G::HCR_En);
  CHECK(f.virq);
  CHECK(f.v(G::GICC_HPPIR) == 40);
  CHECK(f.v(G::GICC_IAR) == 40);
  CHECK(f.h(G::GICH_LR0) == lr(40, 0x10, 2));
}

TEST_CASE("Virtual EOImode: DIR deactivates", "[gic][virt]") {
  VFixture f;
  f.vw(G::GICC_CTLR, 1 | G::CTLR_EOImode);
  f.vw(G::GICC_PMR, 0xFF);
  f.hw(G::GICH_HCR, G::HCR_En);
  f.hw(G::GICH_LR0 + 12, lr(70, 0x10, 1));
  CHECK(f.v(G::GICC_IAR) == 70);
  f.vw(G::GICC_EOIR, 70);
  CHECK(f.h(G::GICH_LR0 + 12) == lr(70, 0x10, 2));
  CHECK(f.v(G::GICC_RPR) == 0xFF);
  f.vw(G::GICC_DIR, 70);
  CHECK(f.h(G::GICH_LR0 + 12) == lr(70, 0x10, 0));
  // A spurious ID written to GICV_DIR is ignored: it matches no LR but is not counted
  // in EOICount either; an ID that matches no LR is.
  f.vw(G::GICC_DIR, 1023);
  CHECK(f.h(G::GICH_HCR) >> 27 == 0);
  f.vw(G::GICC_DIR, 71);
  CHECK(f.h(G::GICH_HCR) >> 27 == 1);
  // A virtual SGI reports its source CPU from the LR.
  f.hw(G::GICH_LR0 + 4, lr(3, 0x10, 1) | (2u << 10));
  CHECK(f.v(G::GICC_IAR) == (3u | (2u << 10)));
}
