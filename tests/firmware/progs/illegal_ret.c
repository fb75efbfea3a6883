// Illegal exception returns: ERET with SPSR_ELx.M naming a higher EL (EL3
// from EL2, EL2 from EL1), a reserved mode (M = 0b0001 / EL0h, 0b0010) sets
// PSTATE.IL and stays at the current EL; the next instruction takes an
// Illegal Execution state exception (EC 0x0E) at that EL with ELR = the
// ERET target and SPSR.IL = 1; DAIF/NZCV come from the SPSR; a legal ERET
// clears IL.
#include "exc_test.h"

const char test_name[] = "illegal_ret";

static void eret_el2(const char* name, u64 spsr) {
  char n[48];
  u64 target;
  exc_reset();
  __asm__ volatile(
      "msr spsr_el2, %1\n\tadr %0, 1f\n\tmsr elr_el2, %0\n\t"
      "mov x10, sp\n\teret\n"
      "1:\tnop\n\tmov sp, x10\n\tmsr daifset, #0xf"
      : "=&r"(target)
      : "r"(spsr)
      : "x10", "cc", "memory");
  exc_disarm();
  snprintf(n, sizeof n, "el2_%s", name);
  t_check_exc(n, 2, 0x200, ESR(EC_ILLEGAL, 0), target);
  snprintf(n, sizeof n, "el2_%s_spsr", name);
  // PSTATE.{EL,SP} unchanged (EL2h), IL set, NZCV and DAIF from the SPSR.
  t_check(n, g_exc.spsr, (spsr & 0xf00003c0ull) | SPSR_IL | SPSR_EL2h);
}

static u64 at_el1(u64 arg) {
  (void)arg;
  char n[48];
  static const u64 modes[] = {SPSR_EL2h | SPSR_DAIF, SPSR_EL2t | 0x80000000ull | SPSR_DAIF,
                              0x1 | SPSR_DAIF, 0xd | SPSR_DAIF};
  static const char* const names[] = {"to_el2h", "to_el2t", "to_m0001", "to_el3h"};
  for (unsigned i = 0; i < 4; i++) {
    u64 target;
    exc_reset();
    __asm__ volatile(
        "msr spsr_el1, %1\n\tadr %0, 1f\n\tmsr elr_el1, %0\n\t"
        "eret\n"
        "1:\tnop\n\tmsr daifset, #0xf"
        : "=&r"(target)
        : "r"(modes[i])
        : "cc", "memory");
    exc_disarm();
    snprintf(n, sizeof n, "el1_%s", names[i]);
    t_check_exc(n, 1, 0x200, ESR(EC_ILLEGAL, 0), target);
    snprintf(n, sizeof n, "el1_%s_spsr", names[i]);
    t_check(n, g_exc.spsr, (modes[i] & 0xf00003c0ull) | SPSR_IL | SPSR_EL1h);
  }
  return 9;
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("EL2");
  eret_el2("to_el3h", 0xd | SPSR_DAIF);
  eret_el2("to_el3t_nzcv", 0xc | SPSR_DAIF | 0x60000000ull);
  eret_el2("to_m0001", 0x1 | SPSR_DAIF);
  eret_el2("to_m0010_daif_d", 0x2 | (0x8ull << 6));
  eret_el2("to_m0011", 0x3 | SPSR_DAIF);
  // After the handler cleared IL, execution is normal again.
  t_check("el2_after_illegal_currentel", sysreg_read(CurrentEL), 0x8);
  t_check("el2_after_illegal_no_exc", g_exc.count, 1);
  t_section("EL1");
  t_check("el1_ret", run_el1(at_el1, 0), 9);
}
