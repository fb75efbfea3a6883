// PSTATE access: CurrentEL at EL2/EL1, NZCV (MRS/MSR, all 16 values), DAIF
// (MSR DAIFSet/DAIFClr immediates, MSR/MRS DAIF register), SPSel; at EL0
// DAIF accesses trap to EL1 (EC 0x18) unless SCTLR_EL1.UMA=1.
#include "exc_test.h"

const char test_name[] = "pstate";

#define SCTLR_UMA (1ull << 9)

static void pstate_common(const char* el) {
  char n[40];
  struct t_group g;
  snprintf(n, sizeof n, "%s_nzcv_all", el);
  tg_begin(&g, n);
  for (u64 f = 0; f < 16; f++) {
    u64 v = OP1("msr nzcv, %1\n\tmrs %0, nzcv", f << 28 | 0x0fffffffull);  // other bits RES0
    tg_check(&g, v, f << 28, f, 0);
  }
  tg_end(&g);
  snprintf(n, sizeof n, "%s_daif_all", el);
  tg_begin(&g, n);
  for (u64 d = 0; d < 16; d++) {
    u64 v = OP1("msr daif, %1\n\tmrs %0, daif\n\tmsr daifset, #0xf", d << 6 | 0x3f);
    tg_check(&g, v, d << 6, d, 0);
  }
  tg_end(&g);
  snprintf(n, sizeof n, "%s_daifclr_2", el);
  t_check(n, OP1("msr daifset, #0xf\n\tmsr daifclr, #2\n\tmrs %0, daif\n\tmsr daifset, #0xf", 0),
          0x340);
  snprintf(n, sizeof n, "%s_daifclr_9", el);
  t_check(n, OP1("msr daifset, #0xf\n\tmsr daifclr, #9\n\tmrs %0, daif\n\tmsr daifset, #0xf", 0),
          0x180);
  snprintf(n, sizeof n, "%s_daifset_4", el);
  t_check(n, OP1("msr daifclr, #0xf\n\tmsr daifset, #4\n\tmrs %0, daif\n\tmsr daifset, #0xf", 0),
          0x100);
}

static u64 at_el1(u64 arg) {
  (void)arg;
  t_check("el1_currentel", sysreg_read(CurrentEL), 4);
  pstate_common("el1");
  return 1;
}

static u64 el0_trapped(u64 arg) {
  (void)arg;
  u64 a = TRAP_AT("msr daifset, #0x3");
  t_check_exc("el0_daifset_uma0", 1, 0x400, ESR(EC_SYSREG, SYSREG_ISS(0, 3, 4, 3, 6, 31, 0)), a);
  a = TRAP_AT("msr daifclr, #0x8");
  t_check_exc("el0_daifclr_uma0", 1, 0x400, ESR(EC_SYSREG, SYSREG_ISS(0, 3, 4, 8, 7, 31, 0)), a);
  a = TRAP_AT("mrs x2, daif");
  t_check_exc("el0_mrs_daif_uma0", 1, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 3, 4, 2, 1, 2, 1)), a);
  a = TRAP_AT("msr daif, x3");
  t_check_exc("el0_msr_daif_uma0", 1, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 3, 4, 2, 1, 3, 0)), a);
  u64 f = OP1("msr nzcv, %1\n\tmrs %0, nzcv", 0xa0000000ull);
  t_check("el0_nzcv", f, 0xa0000000ull);
  return 2;
}

static u64 el0_uma(u64 arg) {
  (void)arg;
  exc_reset();
  pstate_common("el0_uma1");
  exc_disarm();
  t_check("el0_uma1_no_traps", g_exc.count, 0);
  return 3;
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("EL2");
  t_check("el2_currentel", sysreg_read(CurrentEL), 8);
  pstate_common("el2");
  t_check("el2_spsel",
          OP1("mov x9, sp\n\tmsr spsel, #0\n\tmrs %0, spsel\n\tmsr spsel, #1\n\t"
              "mov sp, x9",
              0) << 1 |
              sysreg_read(spsel),
          1);
  t_section("EL1");
  t_check("el1_ret", run_el1(at_el1, 0), 1);
  t_section("EL0");
  t_check("el0_ret", run_el0(el0_trapped, 0), 2);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | SCTLR_UMA);
  isb();
  t_check("el0_uma_ret", run_el0(el0_uma, 0), 3);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
}
