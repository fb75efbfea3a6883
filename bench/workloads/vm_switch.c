// vm-switch: two guests (VMID 1 and 2, each with its own stage-2 tables and
// its own data window behind the same IPA) run integer kernels at EL1; the
// EL2 physical timer (CNTHP, INTID 26, routed to EL2 by HCR_EL2.IMO through
// the GICv2 distributor and CPU interface) interrupts them every
// SLICE_TICKS and the hypervisor switches to the other guest: all GPRs,
// ELR/SPSR_EL2, the EL1 system registers and VTTBR_EL2.  Each guest reports
// completion with HC_DONE; when both are done EL2 prints their checksums,
// which do not depend on when the switches happened.
#include "bench.h"
#include "gic.h"

const char test_name[] = "vm-switch";

#define SLICE_TICKS 1250  // 20 us at 62.5 MHz

static struct vcpu g_vcpu[2];
static u64 g_timer_switches;

static struct vcpu* other(struct vcpu* v) { return v == &g_vcpu[0] ? &g_vcpu[1] : &g_vcpu[0]; }

static struct vcpu* switch_to(struct vcpu* from, struct vcpu* to) {
  vcpu_put(from);
  vcpu_load(to);
  return to;
}

static struct vcpu* on_irq(struct vcpu* v) {
  u32 iar = gicc_r(GICC_IAR);
  u32 id = iar & 0x3FF;
  if (id == 1023) return v;  // spurious
  if (id != INTID_HYP_TIMER) hyp_panic("unexpected interrupt %u", id);
  sysreg_write(cnthp_tval_el2, SLICE_TICKS);  // the next slice (the line drops)
  isb();
  gicc_w(GICC_EOIR, iar);
  struct vcpu* next = other(v);
  if (next->done) return v;
  g_timer_switches++;
  return switch_to(v, next);
}

static struct vcpu* on_done(struct vcpu* v) {
  struct vcpu* next = other(v);
  if (!next->done) return switch_to(v, next);
  sysreg_write(cnthp_ctl_el2, 0);  // both finished: timer off, back to the host
  isb();
  return 0;
}

void test_main(u64 dtb) {
  (void)dtb;
  static const unsigned kern[2] = {K_SORT, K_DICT};
  u64 reps[2];
  for (int i = 0; i < 2; i++) {
    reps[i] = kernel_reps(kern[i]) / 2 ? kernel_reps(kern[i]) / 2 : 1;
    printf("vm-switch: guest %d (VMID %d) runs %s, %lu repetitions\n", i + 1, i + 1,
           kernel_name(kern[i]), reps[i]);
  }
  hyp_init();
  vcpu_init(&g_vcpu[0], 1, DATA_VA, kern[0], reps[0]);
  vcpu_init(&g_vcpu[1], 2, DATA_PA_VM2, kern[1], reps[1]);
  g_hyp_ops.irq = on_irq;
  g_hyp_ops.done = on_done;

  gic_init();
  gic_enable_irq(INTID_HYP_TIMER, 0x80);
  sysreg_write(cnthp_tval_el2, SLICE_TICKS);
  sysreg_write(cnthp_ctl_el2, 1);  // enabled, not masked
  isb();
  hyp_run(&g_vcpu[0]);
  gic_disable_irq(INTID_HYP_TIMER);

  t_check("vm-switch: guest 1 finished", g_vcpu[0].done, 1);
  t_check("vm-switch: guest 2 finished", g_vcpu[1].done, 1);
  t_true("vm-switch: the timer switched guests", g_timer_switches >= 1);
  for (int i = 0; i < 2; i++) {
    char name[32];
    snprintf(name, sizeof name, "vm-switch: guest %d %s", i + 1, kernel_name(kern[i]));
    report_kernel(name, &g_vcpu[i].result);
  }
}
