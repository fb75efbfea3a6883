// EL0: ERET from EL2 to EL0t; SVC and BRK from EL0 taken to EL1 (vector
// 0x400, SPSR_EL1 = EL0t); HVC, SMC, ERET, MRS CurrentEL and MSR SPSel at EL0
// are UNDEFINED (EC 0x00 to EL1); with HCR_EL2.TGE=1 the same SVC, BRK and
// UNDEFINED exceptions are routed to EL2 (vector 0x400).
#include "exc_test.h"

const char test_name[] = "exc_el0";

static u64 at_el0(u64 tge) {
  unsigned el = tge ? 2 : 1;
  u64 a;
  a = TRAP_AT("svc #0x1");
  t_check_exc(tge ? "tge_svc" : "svc", el, 0x400, ESR(EC_SVC64, 1), a + 4);
  a = TRAP_AT("msr nzcv, xzr\n\tsvc #0xabc");
  t_check(tge ? "tge_svc_spsr" : "svc_spsr", g_exc.spsr, 0x3c0);
  a = TRAP_AT("brk #0x77");
  t_check_exc(tge ? "tge_brk" : "brk", el, 0x400, ESR(EC_BRK64, 0x77), a);
  a = TRAP_AT("hvc #0x2");
  t_check_exc(tge ? "tge_hvc_undef" : "hvc_undef", el, 0x400, ESR(EC_UNKNOWN, 0), a);
  a = TRAP_AT("smc #0x3");
  t_check_exc(tge ? "tge_smc_undef" : "smc_undef", el, 0x400, ESR(EC_UNKNOWN, 0), a);
  a = TRAP_AT("eret");
  t_check_exc(tge ? "tge_eret_undef" : "eret_undef", el, 0x400, ESR(EC_UNKNOWN, 0), a);
  a = TRAP_AT("mrs x9, CurrentEL");
  t_check_exc(tge ? "tge_currentel_undef" : "currentel_undef", el, 0x400, ESR(EC_UNKNOWN, 0), a);
  a = TRAP_AT("msr spsel, #1");
  t_check_exc(tge ? "tge_spsel_undef" : "spsel_undef", el, 0x400, ESR(EC_UNKNOWN, 0), a);
  a = TRAP_AT(".inst 0x00000000");
  t_check_exc(tge ? "tge_udf" : "udf", el, 0x400, ESR(EC_UNKNOWN, 0), a);
  // NZCV is accessible at EL0.
  u64 f = OP1("mov x9, #0x50000000\n\tmsr nzcv, x9\n\tmrs %0, nzcv", 0);
  t_check(tge ? "tge_el0_nzcv" : "el0_nzcv", f, 0x50000000);
  return 0xe10 + tge;
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("EL0 with HCR_EL2.TGE=0");
  t_check("ret_tge0", run_el0(at_el0, 0), 0xe10);
  t_section("EL0 with HCR_EL2.TGE=1");
  set_hcr(HCR_DEFAULT | HCR_TGE);
  t_check("ret_tge1", run_el0(at_el0, 1), 0xe11);
  set_hcr(HCR_DEFAULT);
  t_section("EL0 again with TGE=0");
  t_check("ret_again", run_el0(at_el0, 0), 0xe10);
}
