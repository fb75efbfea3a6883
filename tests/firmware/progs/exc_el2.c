// Synchronous exceptions taken from EL2 to EL2: SVC, HVC, BRK with their
// ESR_EL2 (EC, IL, ISS = imm16), ELR_EL2 (next instruction for SVC/HVC, the
// instruction itself for BRK), SPSR_EL2 (NZCV, DAIF, EL2h), PSTATE on entry
// (DAIF all masked, EL2, SPSel=1), vector offset 0x200; nested exception.
#include "exc_test.h"

const char test_name[] = "exc_el2";

static volatile u64 in_daif, in_el, in_spsel, nested_seen;

static int hook_inspect(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)f;
  (void)el;
  (void)vec;
  in_daif = sysreg_read(daif);
  in_el = sysreg_read(CurrentEL);
  in_spsel = sysreg_read(spsel);
  return 0;  // default policy continues
}

static int hook_nested(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)el;
  (void)vec;
  if (((f->esr >> 26) & 0x3f) == EC_BRK64 && (f->esr & 0xffff) == 0x11) {
    // A second exception from inside the handler: SPSR/ELR are overwritten and
    // must be restored by software; the frame keeps the outer values.
    u64 elr = sysreg_read(elr_el2), spsr = sysreg_read(spsr_el2);
    __asm__ volatile("svc #0x22" ::: "memory");
    nested_seen = (g_exc.esr & 0xffff) == 0x22 && (g_exc.spsr & 0x0fffffff) == 0x3c9;
    sysreg_write(elr_el2, elr);
    sysreg_write(spsr_el2, spsr);
    f->elr += 4;
    return 1;
  }
  return 0;
}

void test_main(u64 dtb) {
  (void)dtb;
  u64 a;
  t_section("svc/hvc/brk at EL2");
  a = TRAP_AT("svc #0");
  t_check_exc("svc_0", 2, 0x200, ESR(EC_SVC64, 0), a + 4);
  a = TRAP_AT("svc #0xffee");
  t_check_exc("svc_ffee", 2, 0x200, ESR(EC_SVC64, 0xffee), a + 4);
  a = TRAP_AT("hvc #0x1234");
  t_check_exc("hvc_1234", 2, 0x200, ESR(EC_HVC64, 0x1234), a + 4);
  a = TRAP_AT("brk #0");
  t_check_exc("brk_0", 2, 0x200, ESR(EC_BRK64, 0), a);
  exc_reset();
  __asm__ volatile("msr nzcv, xzr\n\tadr %0, 1f\n1:\tbrk #0xf00d" : "=r"(a)::"cc", "memory");
  exc_disarm();
  t_check_exc("brk_f00d", 2, 0x200, ESR(EC_BRK64, 0xf00d), a);
  t_check("brk_spsr", g_exc.spsr, 0x3c9);

  t_section("SPSR_EL2 captures NZCV and DAIF");
  __asm__ volatile("msr daifclr, #0x2\n\tmsr daifset, #0xd" ::: "memory");  // D A F set, I clear
  exc_reset();
  __asm__ volatile("mov x9, #0x90000000\n\tmsr nzcv, x9\n\tsvc #1" ::: "x9", "cc", "memory");
  exc_disarm();
  __asm__ volatile("msr daifset, #0xf" ::: "memory");
  t_check("svc_spsr_nzcv_daif", g_exc.spsr, 0x90000349);
  exc_reset();
  __asm__ volatile("mov x9, #0x60000000\n\tmsr nzcv, x9\n\tbrk #2" ::: "x9", "cc", "memory");
  exc_disarm();
  t_check("brk_spsr_zc", g_exc.spsr, 0x600003c9);

  t_section("PSTATE on entry");
  g_exc_hook = hook_inspect;
  __asm__ volatile("msr daifclr, #0xf" ::: "memory");
  TRAP_AT("msr nzcv, xzr\n\tsvc #3");
  __asm__ volatile("msr daifset, #0xf" ::: "memory");
  g_exc_hook = 0;
  t_check("entry_daif_all_masked", in_daif, 0x3c0);
  t_check("entry_currentel", in_el, 0x8);
  t_check("entry_spsel", in_spsel, 1);
  t_check("entry_spsr_daif_clear", g_exc.spsr, 0x9);

  t_section("nested");
  g_exc_hook = hook_nested;
  a = TRAP_AT("brk #0x11");
  g_exc_hook = 0;
  t_check("nested_inner_svc", nested_seen, 1);
  t_check("nested_count", g_exc.count, 2);
  t_check("nested_resume", 1, 1);
  (void)a;
}
