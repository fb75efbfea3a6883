// SIMD&FP access traps (EC 0x07, ISS CV=1 COND=0xE, ELR = the instruction):
// CPACR_EL1.FPEN=00 traps EL1 and EL0 to EL1, FPEN=01 traps EL0 only,
// FPEN=11 traps nothing; CPTR_EL2.TFP traps EL1 and EL2 to EL2; CPACR_EL1
// has priority over CPTR_EL2 at EL1.  FPCR/FPSR accesses are trapped too.
// This file is compiled -mgeneral-regs-only (the C code must not touch the
// trapped registers); the FP instructions are written in assembly only and
// use only registers that no C code in the image uses.
#include "exc_test.h"

#define FPX ".arch_extension fp\n\t.arch_extension simd\n\t"

const char test_name[] = "trap_fp";

static void set_cpacr(u64 fpen) {
  sysreg_write(cpacr_el1, fpen << 20);
  isb();
}
static void set_cptr(u64 v) {
  sysreg_write(cptr_el2, v);
  isb();
}

static u64 at_el1(u64 expect_el) {
  char name[40];
  u64 a;
  unsigned vec = expect_el == 1 ? 0x200 : 0x400;
  a = TRAP_AT(FPX "fmov d0, x9");
  snprintf(name, sizeof name, "el1_fmov_to_el%lu", expect_el);
  t_check_exc(name, (unsigned)expect_el, vec, ESR(EC_FP, ISS_CV_AL), a);
  a = TRAP_AT(FPX "mrs x9, fpcr");
  snprintf(name, sizeof name, "el1_mrs_fpcr_to_el%lu", expect_el);
  t_check_exc(name, (unsigned)expect_el, vec, ESR(EC_FP, ISS_CV_AL), a);
  a = TRAP_AT(FPX "ldr q3, [sp]");
  snprintf(name, sizeof name, "el1_ldr_q_to_el%lu", expect_el);
  t_check_exc(name, (unsigned)expect_el, vec, ESR(EC_FP, ISS_CV_AL), a);
  return 1;
}

static u64 el1_no_trap(u64 arg) {
  (void)arg;
  u64 v;
  exc_reset();
  __asm__ volatile(FPX "mov x9, #0x1234\n\tfmov d0, x9\n\tfmov %0, d0" : "=r"(v)::"x9");
  exc_disarm();
  t_check("el1_fp_allowed_count", g_exc.count, 0);
  t_check("el1_fp_allowed_value", v, 0x1234);
  return 2;
}

static u64 at_el0(u64 arg) {
  (void)arg;
  u64 a = TRAP_AT(FPX "fmov s0, w9");
  t_check_exc("el0_fmov_fpen01", 1, 0x400, ESR(EC_FP, ISS_CV_AL), a);
  return 3;
}

static u64 at_el0_ldr(u64 arg) {
  (void)arg;
  u64 a = TRAP_AT(FPX "ldr q3, [sp]");
  t_check_exc("el0_ldr_q_fpen01", 1, 0x400, ESR(EC_FP, ISS_CV_AL), a);
  return 4;
}

static u64 el0_no_trap(u64 arg) {
  (void)arg;
  u64 v;
  exc_reset();
  __asm__ volatile(FPX "movi v1.4s, #7\n\tmov %w0, v1.s[2]" : "=r"(v));
  exc_disarm();
  t_check("el0_fp_allowed", v + g_exc.count * 1000, 7);
  return 4;
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("CPACR_EL1.FPEN");
  set_cpacr(0);
  t_check("fpen00_el1", run_el1(at_el1, 1), 1);
  set_cpacr(1);
  t_check("fpen01_el1", run_el1(el1_no_trap, 0), 2);
  t_check("fpen01_el0", run_el0(at_el0, 0), 3);
  t_check("fpen01_el0_ldr_q", run_el0(at_el0_ldr, 0), 4);
  set_cpacr(3);
  t_check("fpen11_el0", run_el0(el0_no_trap, 0), 4);
  t_section("CPTR_EL2.TFP");
  set_cptr(CPTR_EL2_DEFAULT | CPTR_TFP);
  t_check("tfp_el1", run_el1(at_el1, 2), 1);
  u64 a = TRAP_AT(FPX "fmov s1, w9");
  t_check_exc("tfp_el2_fmov", 2, 0x200, ESR(EC_FP, ISS_CV_AL), a);
  a = TRAP_AT(FPX "msr fpsr, xzr");
  t_check_exc("tfp_el2_msr_fpsr", 2, 0x200, ESR(EC_FP, ISS_CV_AL), a);
  t_section("priority");
  set_cpacr(0);
  t_check("fpen00_and_tfp_el1", run_el1(at_el1, 1), 1);
  set_cptr(CPTR_EL2_DEFAULT);
  set_cpacr(3);
}
