// The GICv2 virtualization extensions: a list register injects a virtual interrupt
// that the guest at EL1 acknowledges and completes through GICV; the maintenance
// interrupt (PPI 9 / INTID 25) for an EOI of an LR with the EOI bit, for an EOI that
// matches no LR (EOICount with LRENPIE) and for underflow (UIE); a hardware-linked
// LR for the virtual timer (with CNTVOFF_EL2): the hypervisor takes the physical
// PPI 27 with EOImode 1, forwards it, and the guest's EOI deactivates it.
#include "gic.h"

const char test_name[] = "gic_virt";

static volatile u32 g_log[16];
static volatile unsigned g_nlog;
static volatile u32 g_misr[4];
static volatile unsigned g_nmisr;

static void log_event(u32 v) {
  if (g_nlog < 16) g_log[g_nlog++] = v;
}

// The guest's IRQ handler: acknowledge through GICV, silence the virtual timer.
static void guest_irq(void) {
  u32 iar = gicv_r(GICC_IAR);
  u32 id = iar & 0x3FF;
  log_event(1u << 16 | id);
  if (id == INTID_VIRT_TIMER) {
    sysreg_write(cntv_ctl_el0, 0);
    isb();
  }
  if (id < 1020) gicv_w(GICC_EOIR, iar);
}

// The hypervisor's IRQ handler (physical interrupts routed by HCR_EL2.IMO).
static void hyp_irq(void) {
  u32 iar = gicc_r(GICC_IAR);
  u32 id = iar & 0x3FF;
  log_event(2u << 16 | id);
  if (id == INTID_MAINT) {
    u32 misr = gich_r(GICH_MISR);
    if (g_nmisr < 4) g_misr[g_nmisr++] = misr;
    if (misr & 1) {  // EOI: free the LRs that asked for it
      u32 eisr = gich_r(GICH_EISR0);
      for (unsigned n = 0; n < 4; ++n)
        if (eisr & (1u << n)) gich_w(GICH_LR(n), 0);
    }
    // LRENP: consume EOICount; underflow: stop asking.
    gich_w(GICH_HCR, 1);
  } else if (id == INTID_VIRT_TIMER) {
    // Forward to the guest as a hardware interrupt; drop priority only.
    gich_w(GICH_LR(0),
           LR_HW | LR_PID(INTID_VIRT_TIMER) | LR_PENDING | LR_PRIO(0xA0) | INTID_VIRT_TIMER);
  }
  if (id < 1020) gicc_w(GICC_EOIR, iar);
}

static int irq_hook(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)f;
  if ((vec & 0x180) != 0x080) return 0;
  if (el == 1)
    guest_irq();
  else
    hyp_irq();
  return 1;
}

static u64 guest_wait_one(u64 arg) {
  (void)arg;
  wfi_until(&g_nlog, 1, 100000);
  irq_unmask();
  for (volatile int i = 0; i < 200; ++i) {
  }
  irq_mask();
  return g_nlog;
}

static u64 guest_run(u64 arg) {
  irq_unmask();
  for (volatile u64 i = 0; i < arg; ++i) {
  }
  irq_mask();
  return g_nlog;
}

static u64 guest_vtimer(u64 arg) {
  (void)arg;
  sysreg_write(cntv_cval_el0, sysreg_read(cntvct_el0) + 3000);
  sysreg_write(cntv_ctl_el0, 1);
  isb();
  wfi_until(&g_nlog, 2, 100000);
  return g_nlog;
}

// Guest: acknowledge LR 0's interrupt, then EOI an ID that no LR holds.
static u64 guest_eoi_stray(u64 arg) {
  (void)arg;
  u32 iar = gicv_r(GICC_IAR);
  log_event(1u << 16 | iar);
  irq_unmask();
  gicv_w(GICC_EOIR, 99);  // no LR: EOICount, maintenance
  for (volatile int i = 0; i < 200; ++i) {
  }
  irq_mask();
  return iar;
}

void test_main(u64 dtb) {
  (void)dtb;
  g_exc_hook = irq_hook;
  gic_init();
  gic_enable_irq(INTID_MAINT, 0x40);
  set_hcr(HCR_DEFAULT | HCR_IMO);
  t_check("vtr_listregs", gich_r(GICH_VTR) & 0x3F, 3);
  t_check("elrsr_empty", gich_r(GICH_ELRSR0), 0xF);
  // Guest CPU interface: group 0 enabled, priority mask 0xF8.
  gich_w(GICH_VMCR, 0x1Fu << 27 | 1);
  t_check("gicv_pmr", gicv_r(GICC_PMR), 0xF8);
  t_check("gicv_ctlr", gicv_r(GICC_CTLR), 1);

  t_section("LR injection");
  gich_w(GICH_LR(0), LR_PENDING | LR_PRIO(0xA0) | 42);
  gich_w(GICH_HCR, 1);
  t_check("elrsr_lr0_used", gich_r(GICH_ELRSR0), 0xE);
  g_nlog = 0;
  t_check("guest_events", run_el1(guest_wait_one, 0), 1);
  t_check("guest_iar", g_log[0], 1u << 16 | 42);
  t_check("lr0_after_eoi", gich_r(GICH_LR(0)), LR_PRIO(0xA0) | 42);
  t_check("elrsr_after", gich_r(GICH_ELRSR0), 0xF);
  t_check("gich_apr_after", gich_r(GICH_APR), 0);

  t_section("maintenance on EOI");
  g_nlog = 0;
  g_nmisr = 0;
  gich_w(GICH_LR(1), LR_PENDING | LR_EOI | LR_PRIO(0x80) | 43);
  t_check("guest_events_eoi", run_el1(guest_wait_one, 0), 2);
  t_check("eoi_guest_iar", g_log[0], 1u << 16 | 43);
  t_check("eoi_maint_taken", g_log[1], 2u << 16 | INTID_MAINT);
  t_check("eoi_misr", g_misr[0], 1);
  t_check("eoi_lr1_freed", gich_r(GICH_LR(1)), 0);
  t_check("eoi_misr_clear", gich_r(GICH_MISR), 0);

  t_section("maintenance on EOICount (LRENPIE)");
  g_nlog = 0;
  g_nmisr = 0;
  gich_w(GICH_LR(0), LR_PENDING | LR_PRIO(0x80) | 44);
  gich_w(GICH_HCR, 1 | 1u << 2);  // En, LRENPIE
  t_check("stray_guest_iar", run_el1(guest_eoi_stray, 0), 44);
  t_check("stray_maint_taken", g_nlog >= 2 ? g_log[1] : 0, 2u << 16 | INTID_MAINT);
  t_check("stray_misr", g_misr[0], 4);
  t_check("stray_lr0_still_active", gich_r(GICH_LR(0)) >> 28, 2);
  gich_w(GICH_LR(0), 0);
  gich_w(GICH_APR, 0);

  t_section("maintenance on underflow (UIE)");
  g_nlog = 0;
  g_nmisr = 0;
  gich_w(GICH_LR(0), LR_PENDING | LR_PRIO(0x80) | 45);
  gich_w(GICH_LR(1), LR_PENDING | LR_PRIO(0x90) | 46);
  gich_w(GICH_HCR, 1 | 1u << 1);  // En, UIE
  t_check("uie_misr_two_valid", gich_r(GICH_MISR), 0);
  run_el1(guest_run, 2000);
  t_check("uie_first", g_log[0], 1u << 16 | 45);
  t_check("uie_maint", g_log[1], 2u << 16 | INTID_MAINT);
  t_check("uie_misr", g_misr[0], 2);
  t_check("uie_second", g_log[2], 1u << 16 | 46);
  t_check("uie_events", g_nlog, 3);

  t_section("HW-linked virtual timer");
  g_nlog = 0;
  gic_enable_irq(INTID_VIRT_TIMER, 0x80);
  gicc_w(GICC_CTLR, 1 | 1u << 9);  // EOImode: EOIR drops priority, DIR deactivates
  sysreg_write(cntvoff_el2, sysreg_read(cntpct_el0) - 1000);
  gich_w(GICH_HCR, 1);
  t_check("vt_guest_events", run_el1(guest_vtimer, 0), 2);
  t_check("vt_hyp_first", g_log[0], 2u << 16 | INTID_VIRT_TIMER);
  t_check("vt_guest_second", g_log[1], 1u << 16 | INTID_VIRT_TIMER);
  t_check("vt_phys_deactivated", gic_is_active(INTID_VIRT_TIMER), 0);
  t_check("vt_lr0_done", gich_r(GICH_LR(0)) >> 28, 0x8);  // HW set, state invalid
  t_check("vt_rpr_idle", gicc_r(GICC_RPR), 0xFF);

  gich_w(GICH_HCR, 0);
  gicc_w(GICC_CTLR, 1);
  gic_disable_irq(INTID_VIRT_TIMER);
  g_exc_hook = 0;
}
