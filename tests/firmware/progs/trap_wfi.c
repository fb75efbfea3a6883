// WFI traps: HCR_EL2.TWI traps WFI at EL1 to EL2 (EC 0x01, ISS CV=1 COND=0xE
// TI=0, ELR = the WFI); at EL0 SCTLR_EL1.nTWI=0 traps to EL1 first, with
// nTWI=1 the HCR_EL2.TWI trap takes it to EL2.  (An untrapped WFI would wait:
// see the virq test for a WFI woken by a pending virtual interrupt.)
#include "exc_test.h"

const char test_name[] = "trap_wfi";

#define SCTLR_nTWI (1ull << 16)

static u64 at_el1(u64 arg) {
  (void)arg;
  u64 a = TRAP_AT("wfi");
  t_check_exc("el1_wfi_twi", 2, 0x400, ESR(EC_WFX, ISS_CV_AL), a);
  t_check("el1_wfi_spsr", g_exc.spsr & 0xfff, 0x3c5);
  return 1;
}

static u64 at_el0(u64 expect_el) {
  u64 a = TRAP_AT("wfi");
  t_check_exc(expect_el == 1 ? "el0_wfi_ntwi0" : "el0_wfi_ntwi1_twi", (unsigned)expect_el, 0x400,
              ESR(EC_WFX, ISS_CV_AL), a);
  return 2;
}

void test_main(u64 dtb) {
  (void)dtb;
  set_hcr(HCR_DEFAULT | HCR_TWI);
  t_check("el1_ret", run_el1(at_el1, 0), 1);
  t_check("el0_ret_ntwi0", run_el0(at_el0, 1), 2);  // SCTLR_EL1.nTWI = 0: EL1 first
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | SCTLR_nTWI);
  isb();
  t_check("el0_ret_ntwi1", run_el0(at_el0, 2), 2);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  set_hcr(HCR_DEFAULT);
}
