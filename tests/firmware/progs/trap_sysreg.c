// System-register traps from EL1 to EL2 (EC 0x18, ISS = Op0/Op2/Op1/CRn/Rt/
// CRm/direction, ELR = the instruction): HCR_EL2.TID3 (ID_AA64MMFR0_EL1,
// ID_AA64PFR0_EL1 reads), TVM (writes of SCTLR_EL1, TTBR0_EL1, TCR_EL1,
// MAIR_EL1 - the register keeps its value), TRVM (reads of the same),
// TACR (ACTLR_EL1), TTLB (TLBI VMALLE1); and the untrapped accesses.
#include "exc_test.h"

const char test_name[] = "trap_sysreg";

#define HCR_TTLB (1ull << 25)

static u64 at_el1(u64 which) {
  u64 a;
  switch (which) {
    case 0:  // TID3
      a = TRAP_AT("mrs x5, id_aa64mmfr0_el1");
      t_check_exc("tid3_id_aa64mmfr0", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 0, 7, 0, 5, 1)),
                  a);
      a = TRAP_AT("mrs x17, id_aa64pfr0_el1");
      t_check_exc("tid3_id_aa64pfr0", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 0, 4, 0, 17, 1)),
                  a);
      a = TRAP_AT("mrs x0, id_aa64isar0_el1");
      t_check_exc("tid3_id_aa64isar0", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 0, 6, 0, 0, 1)),
                  a);
      break;
    case 1: {  // TVM
      u64 before = sysreg_read(sctlr_el1);
      a = TRAP_AT("mov x3, #0\n\tmsr sctlr_el1, x3");
      t_check_exc("tvm_sctlr_el1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 1, 0, 0, 3, 0)),
                  a + 4);
      t_check("tvm_sctlr_el1_unchanged", sysreg_read(sctlr_el1), before);
      a = TRAP_AT("msr ttbr0_el1, x30");
      t_check_exc("tvm_ttbr0_el1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 2, 0, 0, 30, 0)), a);
      a = TRAP_AT("msr tcr_el1, xzr");
      t_check_exc("tvm_tcr_el1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 2, 0, 2, 31, 0)), a);
      a = TRAP_AT("msr mair_el1, x1");
      t_check_exc("tvm_mair_el1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 10, 2, 0, 1, 0)), a);
      t_check("tvm_mair_el1_unchanged", sysreg_read(mair_el1), 0x0123456789abcdefull);
      a = TRAP_AT("msr contextidr_el1, x2");
      t_check_exc("tvm_contextidr_el1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 13, 0, 1, 2, 0)),
                  a);
      break;
    }
    case 2:  // TRVM
      a = TRAP_AT("mrs x4, sctlr_el1");
      t_check_exc("trvm_sctlr_el1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 1, 0, 0, 4, 1)), a);
      a = TRAP_AT("mrs x6, ttbr1_el1");
      t_check_exc("trvm_ttbr1_el1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 2, 0, 1, 6, 1)), a);
      // writes are not trapped by TRVM
      exc_reset();
      sysreg_write(mair_el1, 0x0123456789abcdefull);
      exc_disarm();
      t_check("trvm_write_not_trapped", g_exc.count, 0);
      break;
    case 3:  // TACR
      a = TRAP_AT("mrs x7, actlr_el1");
      t_check_exc("tacr_actlr_read", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 1, 0, 1, 7, 1)), a);
      a = TRAP_AT("msr actlr_el1, x8");
      t_check_exc("tacr_actlr_write", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(3, 0, 1, 0, 1, 8, 0)), a);
      break;
    case 4:  // TTLB
      a = TRAP_AT("tlbi vmalle1");
      t_check_exc("ttlb_tlbi_vmalle1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(1, 0, 8, 7, 0, 31, 0)),
                  a);
      a = TRAP_AT("tlbi vae1, x9");
      t_check_exc("ttlb_tlbi_vae1", 2, 0x400, ESR(EC_SYSREG, SYSREG_ISS(1, 0, 8, 7, 1, 9, 0)), a);
      break;
    default: {  // no traps enabled: the same accesses complete at EL1
      exc_reset();
      u64 v = sysreg_read(sctlr_el1);
      sysreg_write(sctlr_el1, v);
      sysreg_write(mair_el1, 0x0123456789abcdefull);
      (void)sysreg_read(id_aa64mmfr0_el1);
      __asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb" ::: "memory");
      exc_disarm();
      t_check("untrapped_count", g_exc.count, 0);
      t_check("untrapped_mair", sysreg_read(mair_el1), 0x0123456789abcdefull);
      break;
    }
  }
  return which;
}

void test_main(u64 dtb) {
  (void)dtb;
  static const u64 bits[] = {HCR_TID3, HCR_TVM, HCR_TRVM, HCR_TACR, HCR_TTLB, 0};
  static const char* const names[] = {"TID3", "TVM", "TRVM", "TACR", "TTLB", "none"};
  sysreg_write(mair_el1, 0x0123456789abcdefull);
  for (unsigned i = 0; i < ARRAY_SIZE(bits); i++) {
    t_section(names[i]);
    set_hcr(HCR_DEFAULT | bits[i]);
    t_check("el1_ret", run_el1(at_el1, i), i);
    set_hcr(HCR_DEFAULT);
  }
}
