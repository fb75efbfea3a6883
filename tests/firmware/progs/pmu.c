// The performance monitors (PMUv3): identification, the cycle counter and its EL
// filters, software increments, PMSELR_EL0 indirection, overflow flags, and the
// overflow interrupt (PPI 7, INTID 23) of an event counter and of the cycle counter,
// taken at EL2 through the GIC. Only what both simulators count exactly is compared:
// QEMU's cycles follow host time, so cycle counts are checked for moving or not.
#include "gic.h"

const char test_name[] = "pmu";

#define INTID_PMU 23
#define PMCR_E 1u
#define PMCR_P 2u
#define PMCR_C 4u
#define FILTER_P (1u << 31)    // EL1 not counted
#define FILTER_NSH (1u << 27)  // EL2 counted
#define CYCLE (1u << 31)

static volatile unsigned g_irqs;
static volatile u64 g_ovs;

// IRQ at EL2: note the overflow flags and clear them, which drops the request.
static int irq_hook(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)f;
  (void)el;
  if ((vec & 0x180) != 0x080) return 0;
  u32 iar = gicc_r(GICC_IAR);
  if ((iar & 0x3FF) == INTID_PMU) {
    g_ovs = sysreg_read(pmovsset_el0);
    sysreg_write(pmovsclr_el0, g_ovs);
    isb();
    ++g_irqs;
  }
  if ((iar & 0x3FF) < 1020) gicc_w(GICC_EOIR, iar);
  return 1;
}

static void spin(unsigned n) {
  for (volatile unsigned i = 0; i < n; ++i) {
  }
}

// Cycles the cycle counter counts over a short loop.
static u64 cycles_over_loop(void) {
  isb();
  u64 a = sysreg_read(pmccntr_el0);
  spin(200);
  isb();
  return sysreg_read(pmccntr_el0) - a;
}

static u64 el1_cycles(u64 arg) {
  (void)arg;
  return cycles_over_loop();
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("identification");
  u64 pmcr = sysreg_read(pmcr_el0);
  t_check("pmcr_imp", pmcr >> 24, 0x41);
  t_check("pmcr_n", (pmcr >> 11) & 0x1F, 6);
  t_check("pmcr_e_at_reset", pmcr & PMCR_E, 0);
  t_check("dfr0_pmuver", (sysreg_read(id_aa64dfr0_el1) >> 8) & 0xF, 1);
  u64 ceid0 = sysreg_read(pmceid0_el0);
  t_check("ceid0_sw_incr", ceid0 & 1, 1);
  t_check("ceid0_cpu_cycles", (ceid0 >> 17) & 1, 1);

  t_section("cycle counter");
  sysreg_write(pmccfiltr_el0, FILTER_NSH);
  sysreg_write(pmcntenset_el0, CYCLE);
  sysreg_write(pmcr_el0, PMCR_E | PMCR_C);
  t_check("cntenset", sysreg_read(pmcntenset_el0), CYCLE);
  t_true("counts_at_el2", cycles_over_loop() > 0);
  sysreg_write(pmcr_el0, 0);
  t_check("stopped_by_pmcr_e", cycles_over_loop(), 0);
  sysreg_write(pmcr_el0, PMCR_E);
  sysreg_write(pmccfiltr_el0, 0);
  t_check("filtered_at_el2", cycles_over_loop(), 0);
  t_true("counts_at_el1", run_el1(el1_cycles, 0) > 0);
  sysreg_write(pmccfiltr_el0, FILTER_P | FILTER_NSH);
  t_check("filtered_at_el1", run_el1(el1_cycles, 0), 0);
  t_check("pmccfiltr", sysreg_read(pmccfiltr_el0), FILTER_P | FILTER_NSH);
  sysreg_write(pmcntenclr_el0, CYCLE);
  t_check("cntenclr", sysreg_read(pmcntenset_el0), 0);
  sysreg_write(pmccntr_el0, 0x123456789ull);
  t_check("pmccntr_64_bits", sysreg_read(pmccntr_el0), 0x123456789ull);

  t_section("software increment");
  sysreg_write(pmevtyper0_el0, FILTER_NSH);  // SW_INCR, counted at EL2
  sysreg_write(pmevtyper1_el0, 0);           // SW_INCR, not counted at EL2
  sysreg_write(pmcr_el0, PMCR_E | PMCR_P);
  sysreg_write(pmcntenset_el0, 3);
  for (int i = 0; i < 3; ++i) sysreg_write(pmswinc_el0, 3);
  t_check("swinc_counted", sysreg_read(pmevcntr0_el0), 3);
  t_check("swinc_filtered", sysreg_read(pmevcntr1_el0), 0);
  sysreg_write(pmselr_el0, 0);
  t_check("xevtyper", sysreg_read(pmxevtyper_el0), FILTER_NSH);
  t_check("xevcntr", sysreg_read(pmxevcntr_el0), 3);
  sysreg_write(pmselr_el0, 1);
  sysreg_write(pmxevcntr_el0, 0x40);
  t_check("evcntr1_through_xevcntr", sysreg_read(pmevcntr1_el0), 0x40);
  sysreg_write(pmcr_el0, PMCR_E | PMCR_P);
  t_check("pmcr_p_resets", sysreg_read(pmevcntr0_el0) | sysreg_read(pmevcntr1_el0), 0);

  t_section("overflow");
  sysreg_write(pmevcntr0_el0, 0xFFFFFFFF);
  t_check("no_overflow_yet", sysreg_read(pmovsset_el0), 0);
  sysreg_write(pmswinc_el0, 1);
  t_check("wrapped", sysreg_read(pmevcntr0_el0), 0);
  t_check("ovs_set", sysreg_read(pmovsset_el0), 1);
  sysreg_write(pmovsclr_el0, 1);
  t_check("ovs_cleared", sysreg_read(pmovsset_el0), 0);

  t_section("overflow interrupt");
  g_exc_hook = irq_hook;
  set_hcr(HCR_DEFAULT | HCR_IMO);  // physical IRQs go to EL2, where they are taken
  gic_init();
  gic_enable_irq(INTID_PMU, 0x80);
  sysreg_write(pmintenset_el1, 1);
  t_check("intenset", sysreg_read(pmintenset_el1), 1);
  sysreg_write(pmevcntr0_el0, 0xFFFFFFFF);
  irq_unmask();
  sysreg_write(pmswinc_el0, 1);
  isb();
  for (int i = 0; i < 1000 && g_irqs == 0; ++i) isb();
  irq_mask();
  t_check("swinc_irq", g_irqs, 1);
  t_check("swinc_irq_ovs", g_ovs, 1);
  t_check("swinc_irq_not_pending", gic_is_pending(INTID_PMU), 0);

  sysreg_write(pmintenclr_el1, 1);
  sysreg_write(pmintenset_el1, CYCLE);
  sysreg_write(pmccfiltr_el0, FILTER_NSH);
  sysreg_write(pmccntr_el0, 0xFFFFF000);  // 4096 cycles from overflowing bit 31
  sysreg_write(pmcntenset_el0, CYCLE);
  irq_unmask();
  for (unsigned i = 0; i < 100000000 && g_irqs < 2; ++i) {
  }
  irq_mask();
  t_check("ccntr_irq", g_irqs, 2);
  t_check("ccntr_irq_ovs", g_ovs, CYCLE);
  t_true("ccntr_past_2_32", sysreg_read(pmccntr_el0) >= 0x100000000ull);

  sysreg_write(pmcr_el0, 0);
  sysreg_write(pmcntenclr_el0, ~0ull);
  sysreg_write(pmintenclr_el1, ~0ull);
  set_hcr(HCR_DEFAULT);
}
