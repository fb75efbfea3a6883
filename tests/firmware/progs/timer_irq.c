// Generic timer interrupts through the GIC: the EL2 physical timer (CNTHP, PPI 10 /
// INTID 26) taken at EL2; the EL1 physical timer (CNTP, INTID 30) taken at EL1 with
// HCR_EL2.IMO clear and at EL2 with IMO set; the virtual timer (CNTV, INTID 27)
// counting CNTPCT - CNTVOFF_EL2. CTL.ISTATUS follows the condition whatever IMASK
// says; IMASK and ENABLE gate the (level-sensitive) output. The core sleeps in WFI
// until the interrupt comes.
#include "gic.h"

const char test_name[] = "timer_irq";

static volatile u32 g_log[8];
static volatile unsigned g_nlog;

// IRQ handler for EL1 and EL2: acknowledge, mask the timer's output, EOI.
static int irq_hook(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)f;
  if ((vec & 0x180) != 0x080) return 0;
  u32 iar = gicc_r(GICC_IAR);
  u32 id = iar & 0x3FF;
  if (g_nlog < 8) g_log[g_nlog++] = el << 16 | (vec & 0x600) << 4 | id;
  if (id == INTID_HYP_TIMER) sysreg_write(cnthp_ctl_el2, 3);
  if (id == INTID_PHYS_TIMER) sysreg_write(cntp_ctl_el0, 3);
  if (id == INTID_VIRT_TIMER) sysreg_write(cntv_ctl_el0, 3);
  isb();
  if (id < 1020) gicc_w(GICC_EOIR, iar);
  return 1;
}

static u64 el1_phys_timer(u64 arg) {
  (void)arg;
  g_nlog = 0;
  sysreg_write(cntp_tval_el0, 200000);  // 3.2 ms: QEMU counts host time
  sysreg_write(cntp_ctl_el0, 1);
  isb();
  t_check("el1_ptimer_istatus_before", sysreg_read(cntp_ctl_el0), 1);
  wfi_until(&g_nlog, 1, 1000000);
  t_check("el1_ptimer_istatus_after", sysreg_read(cntp_ctl_el0), 7);
  t_check("el1_ptimer_tval_negative", (s32)sysreg_read(cntp_tval_el0) <= 0, 1);
  sysreg_write(cntp_ctl_el0, 0);
  return g_nlog == 1 ? g_log[0] : 0xBAD;
}

static u64 el1_virt_timer(u64 arg) {
  (void)arg;
  g_nlog = 0;
  t_check("el1_cntvct_behind_cntpct", sysreg_read(cntvct_el0) < sysreg_read(cntpct_el0), 1);
  sysreg_write(cntv_cval_el0, sysreg_read(cntvct_el0) + 200000);
  sysreg_write(cntv_ctl_el0, 1);
  isb();
  wfi_until(&g_nlog, 1, 1000000);
  t_check("el1_vtimer_istatus_after", sysreg_read(cntv_ctl_el0), 7);
  sysreg_write(cntv_ctl_el0, 0);
  return g_nlog == 1 ? g_log[0] : 0xBAD;
}

void test_main(u64 dtb) {
  (void)dtb;
  g_exc_hook = irq_hook;
  gic_init();
  sysreg_write(cnthctl_el2, 3);  // EL1PCTEN, EL1PCEN: EL1 uses the physical timer
  sysreg_write(cntvoff_el2, 0);
  set_hcr(HCR_DEFAULT | HCR_IMO);

  t_section("EL2 physical timer");
  gic_enable_irq(INTID_HYP_TIMER, 0x80);
  sysreg_write(cnthp_cval_el2, 0);
  sysreg_write(cnthp_ctl_el2, 3);  // enabled, masked: condition met, output low
  isb();
  t_check("hyp_ctl_met_masked", sysreg_read(cnthp_ctl_el2), 7);
  t_check("hyp_masked_not_pending", gic_is_pending(INTID_HYP_TIMER), 0);
  sysreg_write(cnthp_ctl_el2, 1);
  isb();
  t_check("hyp_unmasked_pending", gic_is_pending(INTID_HYP_TIMER), 1);
  t_check("hyp_hppir", gicc_r(GICC_HPPIR), INTID_HYP_TIMER);
  sysreg_write(cnthp_ctl_el2, 0);
  isb();
  t_check("hyp_disabled_not_pending", gic_is_pending(INTID_HYP_TIMER), 0);
  t_check("hyp_disabled_istatus", sysreg_read(cnthp_ctl_el2), 0);
  g_nlog = 0;
  sysreg_write(cnthp_tval_el2, 200000);
  sysreg_write(cnthp_ctl_el2, 1);
  isb();
  t_check("hyp_istatus_before", sysreg_read(cnthp_ctl_el2), 1);
  wfi_until(&g_nlog, 1, 1000000);
  t_check("hyp_taken", g_nlog, 1);
  t_check("hyp_irq", g_log[0], 2u << 16 | 0x2000 | INTID_HYP_TIMER);  // EL2, current EL
  t_check("hyp_istatus_after", sysreg_read(cnthp_ctl_el2), 7);
  t_check("hyp_not_active", gic_is_active(INTID_HYP_TIMER), 0);
  sysreg_write(cnthp_ctl_el2, 0);
  gic_disable_irq(INTID_HYP_TIMER);

  t_section("EL1 physical timer at EL1");
  gic_enable_irq(INTID_PHYS_TIMER, 0x80);
  set_hcr(HCR_DEFAULT);
  t_check("el1_ptimer_irq", run_el1(el1_phys_timer, 0), 1u << 16 | 0x2000 | INTID_PHYS_TIMER);

  t_section("EL1 physical timer routed to EL2");
  set_hcr(HCR_DEFAULT | HCR_IMO);
  t_check("el1_ptimer_to_el2", run_el1(el1_phys_timer, 0),
          2u << 16 | 0x4000 | INTID_PHYS_TIMER);  // EL2, from a lower EL
  gic_disable_irq(INTID_PHYS_TIMER);

  t_section("virtual timer with CNTVOFF_EL2");
  gic_enable_irq(INTID_VIRT_TIMER, 0x80);
  sysreg_write(cntvoff_el2, sysreg_read(cntpct_el0) / 2);
  set_hcr(HCR_DEFAULT);
  t_check("el1_vtimer_irq", run_el1(el1_virt_timer, 0), 1u << 16 | 0x2000 | INTID_VIRT_TIMER);
  gic_disable_irq(INTID_VIRT_TIMER);
  sysreg_write(cntvoff_el2, 0);
  g_exc_hook = 0;
}
