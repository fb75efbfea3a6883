// ERET from EL2 to EL1 and exceptions from EL1: SVC and BRK taken to EL1
// (vector 0x200, ESR_EL1/ELR_EL1/SPSR_EL1), HVC taken to EL2 (vector 0x400,
// SPSR_EL2 = EL1h), SMC trapped to EL2 by HCR_EL2.TSC (EC 0x17, ELR = the SMC),
// ERET from EL1 to EL1 with a new PSTATE, and back to EL2.
#include "exc_test.h"

const char test_name[] = "exc_el1";

extern char el1_eret_target[];

static u64 at_el1(u64 arg) {
  u64 a;
  t_check("el1_currentel", sysreg_read(CurrentEL), 0x4);
  t_check("el1_spsel", sysreg_read(spsel), 1);
  t_check("el1_daif_from_spsr", sysreg_read(daif), 0x3c0);
  a = TRAP_AT("msr nzcv, xzr\n\tsvc #0x15");
  t_check_exc("el1_svc", 1, 0x200, ESR(EC_SVC64, 0x15), a + 8);
  t_check("el1_svc_spsr_el1", g_exc.spsr, 0x3c5);
  a = TRAP_AT("brk #0x3c");
  t_check_exc("el1_brk", 1, 0x200, ESR(EC_BRK64, 0x3c), a);
  a = TRAP_AT("mov x9, #0x40000000\n\tmsr nzcv, x9\n\thvc #0x16");
  t_check_exc("el1_hvc", 2, 0x400, ESR(EC_HVC64, 0x16), a + 12);
  t_check("el1_hvc_spsr_el2", g_exc.spsr, 0x400003c5);
  a = TRAP_AT("smc #0x17");
  t_check_exc("el1_smc_tsc", 2, 0x400, ESR(EC_SMC64, 0x17), a);
  // ERET at EL1 to an EL1 label with NZCV=1001 and D/A masked only.
  u64 nzcv, daif;
  __asm__ volatile(
      "ldr x9, =0x90000305\n\tmsr spsr_el1, x9\n\tadr x9, el1_eret_target\n\tmsr elr_el1, x9\n\t"
      "eret\n"
      "el1_eret_target:\n\tmrs %0, nzcv\n\tmrs %1, daif\n\tmsr daifset, #0xf"
      : "=r"(nzcv), "=r"(daif)::"x9", "cc", "memory");
  t_check("el1_eret_nzcv", nzcv, 0x90000000);
  t_check("el1_eret_daif", daif, 0x300);
  return arg + 1;
}

void test_main(u64 dtb) {
  (void)dtb;
  set_hcr(HCR_DEFAULT | HCR_TSC);
  t_check("returned_from_el1", run_el1(at_el1, 41), 42);
  t_check("back_at_el2", sysreg_read(CurrentEL), 0x8);
  // Two round trips in a row leave EL2 state intact.
  t_check("second_round_trip", run_el1(at_el1, 99), 100);
  set_hcr(HCR_DEFAULT);
  t_check("el1_eret_target_aligned", (u64)el1_eret_target & 3, 0);
}
