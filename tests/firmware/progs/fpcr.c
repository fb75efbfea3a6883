// FPCR/FPSR: MRS/MSR round trips of the architecturally writable bits
// (FPCR.AHP/DN/FZ/RMode, FPSR cumulative flags and QC).  The flags that FP
// arithmetic sets are tested in fp_flags.c.
#include "ops.h"

const char test_name[] = "fpcr";

#define FPCR_AHP (1u << 26)
#define FPCR_DN (1u << 25)
#define FPCR_FZ (1u << 24)
#define FPCR_RMODE(x) ((u64)(x) << 22)
#define FPSR_IOC 0x01u
#define FPSR_DZC 0x02u
#define FPSR_OFC 0x04u
#define FPSR_UFC 0x08u
#define FPSR_IXC 0x10u
#define FPSR_IDC 0x80u
#define FPSR_QC (1u << 27)

void test_main(u64 dtb) {
  (void)dtb;
  t_section("round trips");
  static const u64 fpcr_vals[] = {0,
                                  FPCR_AHP,
                                  FPCR_DN,
                                  FPCR_FZ,
                                  FPCR_RMODE(1),
                                  FPCR_RMODE(2),
                                  FPCR_RMODE(3),
                                  FPCR_AHP | FPCR_DN | FPCR_FZ | FPCR_RMODE(3)};
  for (unsigned i = 0; i < ARRAY_SIZE(fpcr_vals); i++) {
    char name[24];
    snprintf(name, sizeof name, "fpcr_rt_%u", i);
    sysreg_write(fpcr, fpcr_vals[i]);
    t_check(name, sysreg_read(fpcr), fpcr_vals[i]);
  }
  sysreg_write(fpcr, 0);
  static const u64 fpsr_vals[] = {0,        FPSR_IOC, FPSR_DZC, FPSR_OFC,     FPSR_UFC,
                                  FPSR_IXC, FPSR_IDC, FPSR_QC,  0x0800009full};
  for (unsigned i = 0; i < ARRAY_SIZE(fpsr_vals); i++) {
    char name[24];
    snprintf(name, sizeof name, "fpsr_rt_%u", i);
    sysreg_write(fpsr, fpsr_vals[i]);
    t_check(name, sysreg_read(fpsr), fpsr_vals[i]);
  }
  sysreg_write(fpsr, 0);
}
