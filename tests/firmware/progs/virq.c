// Virtual interrupts from HCR_EL2: VI (with IMO) is taken at EL1 as an IRQ
// (vector 0x280 from EL1h, 0x480 from EL0) when PSTATE.I is clear, VF (with
// FMO) as an FIQ (0x300), VSE (with AMO) as an SError (0x380); ISR_EL1 shows
// them pending; masked they stay pending and WFI still completes; without
// IMO, VI has no effect; virtual interrupts are never taken at EL2.
// The EL1 handler asks EL2 (HVC #0xFFFE) to clear HCR_EL2.{VI,VF,VSE}.
#include "exc_test.h"

const char test_name[] = "virq";

// Unmask with "unmask" (a daifclr), record the address after it.
#define UNMASK_AT(unmask)                                                     \
  ({                                                                          \
    u64 a_;                                                                   \
    exc_reset();                                                              \
    __asm__ volatile("adr %0, 1f\n\t" unmask "\n1:\tnop\n\tmsr daifset, #0xf" \
                     : "=&r"(a_)::"memory");                                  \
    exc_disarm();                                                             \
    a_;                                                                       \
  })

static void check_async(const char* name, unsigned el, unsigned vec, u64 elr) {
  char n[48];
  snprintf(n, sizeof n, "%s_taken", name);
  t_check(n, g_exc.count << 16 | g_exc.el << 12 | g_exc.vec, 1u << 16 | el << 12 | vec);
  snprintf(n, sizeof n, "%s_elr", name);
  t_check(n, g_exc.elr - elr, 0);
  snprintf(n, sizeof n, "%s_spsr", name);
  t_check(n, g_exc.spsr & 0x3cf, 0x3c5 & ~(vec == 0x280 ? 0x80u : vec == 0x300 ? 0x40u : 0x100u));
}

static u64 el1_irq(u64 arg) {
  (void)arg;
  t_check("el1_isr_vi_pending", sysreg_read(isr_el1), 0x80);
  // Masked: WFI completes because an interrupt is pending.
  exc_reset();
  __asm__ volatile("wfi" ::: "memory");
  exc_disarm();
  t_check("el1_wfi_with_pending_virq", g_exc.count, 0);
  u64 a = UNMASK_AT("msr daifclr, #2");
  check_async("el1_virq", 1, 0x280, a);
  t_check("el1_isr_after", sysreg_read(isr_el1), 0);
  return 1;
}

static u64 el1_fiq(u64 arg) {
  (void)arg;
  t_check("el1_isr_vf_pending", sysreg_read(isr_el1), 0x40);
  u64 a = UNMASK_AT("msr daifclr, #1");
  check_async("el1_vfiq", 1, 0x300, a);
  return 2;
}

static u64 el1_serror(u64 arg) {
  (void)arg;
  t_check("el1_isr_vse_pending", sysreg_read(isr_el1), 0x100);
  u64 a = UNMASK_AT("msr daifclr, #4");
  check_async("el1_vserror", 1, 0x380, a);
  return 3;
}

static u64 el1_no_imo(u64 arg) {
  (void)arg;
  t_check("el1_no_imo_isr", sysreg_read(isr_el1), 0);
  UNMASK_AT("msr daifclr, #2");
  t_check("el1_no_imo_not_taken", g_exc.count, 0);
  return 4;
}

static u64 el0_irq(u64 arg) {
  (void)arg;
  u64 a = UNMASK_AT("msr daifclr, #2");  // SCTLR_EL1.UMA=1 allows this at EL0
  char n[32];
  snprintf(n, sizeof n, "el0_virq_taken");
  t_check(n, g_exc.count << 16 | g_exc.el << 12 | g_exc.vec, 1u << 16 | 1u << 12 | 0x480);
  t_check("el0_virq_elr", g_exc.elr - a, 0);
  t_check("el0_virq_spsr", g_exc.spsr & 0x3cf, 0x340);
  return 5;
}

void test_main(u64 dtb) {
  (void)dtb;
  u64 base = HCR_DEFAULT | HCR_IMO | HCR_FMO | HCR_AMO;
  t_section("VI");
  set_hcr(base | HCR_VI);
  t_check("ret_irq", run_el1(el1_irq, 0), 1);
  t_check("vi_cleared", sysreg_read(hcr_el2) & HCR_VI, 0);
  t_section("VF");
  set_hcr(base | HCR_VF);
  t_check("ret_fiq", run_el1(el1_fiq, 0), 2);
  t_section("VSE");
  set_hcr(base | HCR_VSE);
  t_check("ret_serror", run_el1(el1_serror, 0), 3);
  t_section("VI without IMO");
  set_hcr(HCR_DEFAULT | HCR_VI);
  t_check("ret_no_imo", run_el1(el1_no_imo, 0), 4);
  t_section("VI at EL2");
  set_hcr(base | HCR_VI);
  UNMASK_AT("msr daifclr, #0xf");
  t_check("el2_virq_not_taken", g_exc.count, 0);
  t_section("VI from EL0");
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | (1 << 9));  // UMA
  isb();
  t_check("ret_el0", run_el0(el0_irq, 0), 5);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  set_hcr(HCR_DEFAULT);
}
