// Stack-pointer selection: SPSel at EL2 and EL1 chooses SP_EL0 or SP_ELx
// (MOV from SP reads the selected one), exceptions taken from ELxt use vector
// offset 0x000, from ELxh 0x200, from a lower EL 0x400; the handler always
// runs on SP_ELx; SPSR.M records t/h.  MRS SP_EL0 with SPSel=0 and MRS SP_EL1
// at EL1 are UNDEFINED.
#include "exc_test.h"

const char test_name[] = "spsel";

static u8 alt_stack[4096] __attribute__((aligned(16)));
#define ALT_TOP ((u64)alt_stack + sizeof alt_stack)

// With SPSel=0: record SP and raise "ins"; SP_EL0 = top.
#define ON_SP0(ins, top, sp_seen)                                          \
  ({                                                                       \
    u64 a_;                                                                \
    exc_reset();                                                           \
    __asm__ volatile(                                                      \
        "mov x10, sp\n\tmsr sp_el0, %2\n\tmsr spsel, #0\n\tmov %1, sp\n\t" \
        "adr %0, 1f\n1:\t" ins "\n\tmsr spsel, #1\n\tmov sp, x10"          \
        : "=&r"(a_), "=&r"(sp_seen)                                        \
        : "r"((u64)(top))                                                  \
        : "x10", "cc", "memory");                                          \
    exc_disarm();                                                          \
    a_;                                                                    \
  })

static volatile u64 handler_sp;
static int hook_sp(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)el;
  (void)vec;
  handler_sp = (u64)f;  // the frame lives on the handler's stack
  return 0;
}

static u64 at_el1(u64 arg) {
  (void)arg;
  u64 sp_seen, a;
  t_check("el1_spsel_reset", sysreg_read(spsel), 1);
  a = ON_SP0("svc #0x10", ALT_TOP - 32, sp_seen);
  t_check("el1t_sp_is_sp_el0", sp_seen, ALT_TOP - 32);
  t_check_exc("el1t_svc", 1, 0x000, ESR(EC_SVC64, 0x10), a + 4);
  t_check("el1t_svc_spsr_m", g_exc.spsr & 0xf, 0x4);
  a = ON_SP0("mrs x9, sp_el0", ALT_TOP, sp_seen);
  t_check_exc("el1t_mrs_sp_el0_undef", 1, 0x000, ESR(EC_UNKNOWN, 0), a);
  a = TRAP_AT("svc #0x11");
  t_check_exc("el1h_svc", 1, 0x200, ESR(EC_SVC64, 0x11), a + 4);
  t_check("el1h_svc_spsr_m", g_exc.spsr & 0xf, 0x5);
  a = ON_SP0("hvc #0x12", ALT_TOP, sp_seen);
  t_check_exc("el1t_hvc_to_el2", 2, 0x400, ESR(EC_HVC64, 0x12), a + 4);
  t_check("el1t_hvc_spsr_el2_m", g_exc.spsr & 0xf, 0x4);
  a = TRAP_AT("mrs x9, sp_el1");
  t_check_exc("el1_mrs_sp_el1_undef", 1, 0x200, ESR(EC_UNKNOWN, 0), a);
  u64 v = OP1("msr sp_el0, %1\n\tmrs %0, sp_el0", 0x1230);
  t_check("el1h_sp_el0_rw", v, 0x1230);
  return 5;
}

static u64 at_el1t(u64 arg) {
  (void)arg;
  u64 sp = OP1("mov %0, sp", 0);
  t_check("el1t_spsel", sysreg_read(spsel), 0);
  t_true("el1t_runs_on_sp_el0", sp <= (u64)stack_el0_top && sp > (u64)stack_el0_top - 0x8000);
  u64 a = TRAP_AT("svc #0x30");
  t_check_exc("el1t_eret_svc", 1, 0x000, ESR(EC_SVC64, 0x30), a + 4);
  a = TRAP_AT("hvc #0x31");
  t_check_exc("el1t_eret_hvc", 2, 0x400, ESR(EC_HVC64, 0x31), a + 4);
  t_check("el1t_eret_hvc_spsr", g_exc.spsr & 0x3ff, 0x3c4);
  return 6;
}

void test_main(u64 dtb) {
  (void)dtb;
  u64 sp_seen, a;
  t_section("EL2");
  t_check("el2_spsel", sysreg_read(spsel), 1);
  g_exc_hook = hook_sp;
  a = ON_SP0("brk #0x20", ALT_TOP - 16, sp_seen);
  g_exc_hook = 0;
  t_check("el2t_sp_is_sp_el0", sp_seen, ALT_TOP - 16);
  t_check_exc("el2t_brk", 2, 0x000, ESR(EC_BRK64, 0x20), a);
  t_check("el2t_brk_spsr", g_exc.spsr & 0xf, 0x8);
  t_true("el2t_handler_not_on_sp_el0", handler_sp > ALT_TOP || handler_sp < (u64)alt_stack);
  a = ON_SP0("svc #0x21", ALT_TOP, sp_seen);
  t_check_exc("el2t_svc", 2, 0x000, ESR(EC_SVC64, 0x21), a + 4);
  a = TRAP_AT("svc #0x22");
  t_check_exc("el2h_svc", 2, 0x200, ESR(EC_SVC64, 0x22), a + 4);
  t_check("el2h_svc_spsr", g_exc.spsr & 0xf, 0x9);
  a = ON_SP0("mrs x9, sp_el0", ALT_TOP, sp_seen);
  t_check_exc("el2t_mrs_sp_el0_undef", 2, 0x000, ESR(EC_UNKNOWN, 0), a);
  u64 v = OP1("mov x9, sp\n\tmsr spsel, #0\n\tmrs %0, spsel\n\tmsr spsel, #1\n\tmov sp, x9", 0);
  t_check("el2_spsel_read_0", v, 0);
  v = OP1("msr sp_el1, %1\n\tmrs %0, sp_el1", 0xabc0);
  t_check("el2_sp_el1_rw", v, 0xabc0);
  t_section("EL1");
  t_check("el1_ret", run_el1(at_el1, 0), 5);
  t_section("EL1t entered by ERET");
  // ERET straight to EL1t: the EL1 code runs on SP_EL0.
  t_check("el1t_ret", el_call(SPSR_EL1t | SPSR_DAIF, at_el1t, 0, stack_el0_top), 6);
}
