// SP alignment faults (EC 0x26, ISS 0, ELR = the instruction): a load/store
// with SP as the base while SP is not 16-byte aligned, with SCTLR_EL2.SA (at
// EL2t: the handler runs on the aligned SP_EL2), SCTLR_EL1.SA (at EL1t) and
// SCTLR_EL1.SA0 (at EL0); no fault when SA=0 or when SP is only used by
// arithmetic.  SP is kept 8-byte aligned so that an implementation without
// the check makes an aligned access instead.
//
// QEMU 7.2 does not implement SP alignment checking: the *_sp_align checks
// are listed in qemu_deviations.txt, so QEMU's result for them is ignored and
// el2sim must PASS them.
#include "exc_test.h"

const char test_name[] = "sp_align";

static u8 alt_stack[1024] __attribute__((aligned(16)));
#define MISALIGNED_SP ((u64)alt_stack + 512 + 8)

static u64 at_el1(u64 arg) {
  (void)arg;
  u64 a;
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | SCTLR_SA);
  isb();
  exc_reset();
  __asm__ volatile(
      "mov x10, sp\n\tmsr sp_el0, %1\n\tmsr spsel, #0\n\tadr %0, 1f\n"
      "1:\tldr x11, [sp]\n\tmsr spsel, #1\n\tmov sp, x10"
      : "=&r"(a)
      : "r"(MISALIGNED_SP)
      : "x10", "x11", "memory");
  exc_disarm();
  t_check_exc("el1t_sp_align", 1, 0x000, ESR(EC_SP_ALIGN, 0), a);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  isb();
  exc_reset();
  __asm__ volatile(
      "mov x10, sp\n\tmsr sp_el0, %0\n\tmsr spsel, #0\n"
      "ldr x11, [sp]\n\tmsr spsel, #1\n\tmov sp, x10"
      :
      : "r"(MISALIGNED_SP)
      : "x10", "x11", "memory");
  exc_disarm();
  t_check("el1t_sa0_no_fault", g_exc.count, 0);
  return 7;
}

static u64 at_el0(u64 arg) {
  (void)arg;
  u64 a;
  exc_reset();
  __asm__ volatile(
      "mov x10, sp\n\tmov x11, %1\n\tmov sp, x11\n\tadr %0, 1f\n"
      "1:\tstr x11, [sp, #-16]!\n\tmov sp, x10"
      : "=&r"(a)
      : "r"(MISALIGNED_SP)
      : "x10", "x11", "memory");
  exc_disarm();
  t_check_exc("el0_sp_align", 1, 0x400, ESR(EC_SP_ALIGN, 0), a);
  return 8;
}

void test_main(u64 dtb) {
  (void)dtb;
  u64 a;
  t_section("EL2t");
  sysreg_write(sctlr_el2, SCTLR_EL2_DEFAULT | SCTLR_SA);
  isb();
  exc_reset();
  __asm__ volatile(
      "mov x10, sp\n\tmsr sp_el0, %1\n\tmsr spsel, #0\n\tadr %0, 1f\n"
      "1:\tldp x11, x12, [sp]\n\tmsr spsel, #1\n\tmov sp, x10"
      : "=&r"(a)
      : "r"(MISALIGNED_SP)
      : "x10", "x11", "x12", "memory");
  exc_disarm();
  t_check_exc("el2t_sp_align", 2, 0x000, ESR(EC_SP_ALIGN, 0), a);
  // Arithmetic on a misaligned SP does not fault.
  exc_reset();
  u64 v = OP1("mov x10, sp\n\tmov sp, %1\n\tadd sp, sp, #4\n\tmov %0, sp\n\tmov sp, x10",
              (u64)alt_stack + 512);
  exc_disarm();
  t_check("el2_misaligned_sp_add", v - (u64)alt_stack, 516);
  t_check("el2_misaligned_sp_add_no_fault", g_exc.count, 0);
  sysreg_write(sctlr_el2, SCTLR_EL2_DEFAULT);
  isb();
  exc_reset();
  __asm__ volatile(
      "mov x10, sp\n\tmsr sp_el0, %0\n\tmsr spsel, #0\n"
      "ldp x11, x12, [sp]\n\tmsr spsel, #1\n\tmov sp, x10"
      :
      : "r"(MISALIGNED_SP)
      : "x10", "x11", "x12", "memory");
  exc_disarm();
  t_check("el2t_sa0_no_fault", g_exc.count, 0);
  t_section("EL1t");
  t_check("el1_ret", run_el1(at_el1, 0), 7);
  t_section("EL0");
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | SCTLR_SA0);
  isb();
  t_check("el0_ret", run_el0(at_el0, 0), 8);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  isb();
}
