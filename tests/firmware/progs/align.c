// Alignment faults: PC alignment (BLR to an address with bits[1:0] != 0,
// EC 0x22, ELR = FAR = the target), data alignment with SCTLR_ELx.A=1 (EC 0x25/0x24,
// DFSC 0x21, WnR, FAR = the address), load/store-exclusive and
// load-acquire/store-release of unaligned addresses (always checked).
// SP alignment faults are in sp_align.c.
#include "exc_test.h"

const char test_name[] = "align";

static u8 data[64] __attribute__((aligned(16)));

// Data-abort syndrome without the fields that may legitimately differ for an
// alignment fault (ISV and the instruction syndrome it validates).
#define DABT_MASK (~0x1ffc000ull)
#define DFSC_ALIGN 0x21

static void check_dabt(const char* name, unsigned el, unsigned ec, int wnr, u64 elr, u64 far) {
  char n[48];
  snprintf(n, sizeof n, "%s_esr", name);
  t_check(n, g_exc.esr & DABT_MASK, ESR(ec, (wnr ? 1u << 6 : 0) | DFSC_ALIGN));
  snprintf(n, sizeof n, "%s_el_vec", name);
  t_check(n, g_exc.el << 12 | g_exc.vec, (u64)el << 12 | 0x200);  // current EL, SP_ELx
  snprintf(n, sizeof n, "%s_elr", name);
  t_check(n, g_exc.elr - elr, 0);
  snprintf(n, sizeof n, "%s_far", name);
  t_check(n, g_exc.far, far);
}

#define AT(ins, reg_val)                                    \
  ({                                                        \
    u64 a_;                                                 \
    exc_reset();                                            \
    __asm__ volatile("mov x9, %1\n\tadr %0, 1f\n1:\t" ins   \
                     : "=&r"(a_)                            \
                     : "r"((u64)(reg_val))                  \
                     : "x9", "x10", "x11", "cc", "memory"); \
    exc_disarm();                                           \
    a_;                                                     \
  })

static void pc_align(const char* el_name, unsigned el, unsigned vec) {
  char n[48];
  for (unsigned off = 1; off < 4; off++) {
    u64 target = (u64)&pc_align + off;
    exc_reset();
    __asm__ volatile("blr %0" ::"r"(target) : "x30", "memory");
    exc_disarm();
    snprintf(n, sizeof n, "%s_pc_align_%u", el_name, off);
    t_check_exc(n, el, vec, ESR(EC_PC_ALIGN, 0), target);
    snprintf(n, sizeof n, "%s_pc_align_%u_far", el_name, off);
    t_check(n, g_exc.far, target);
  }
}

static void data_align_checked(const char* el_name, unsigned el) {
  // SCTLR_ELx.A = 1 (set by the caller): every unaligned access faults.
  char n[48];
  unsigned ec = EC_DABT_CUR;
  u64 p = (u64)data + 16, a;
  a = AT("ldr x10, [x9]", p + 4);
  snprintf(n, sizeof n, "%s_ldr_x_plus4", el_name);
  check_dabt(n, el, ec, 0, a, p + 4);
  a = AT("ldrh w10, [x9, #1]", p);
  snprintf(n, sizeof n, "%s_ldrh_plus1", el_name);
  check_dabt(n, el, ec, 0, a, p + 1);
  a = AT("str w9, [x9]", p + 2);
  snprintf(n, sizeof n, "%s_str_w_plus2", el_name);
  check_dabt(n, el, ec, 1, a, p + 2);
  a = AT("mov x10, #0\n\tldrb w10, [x9, #3]\n\tmov x11, x10", p);  // bytes never fault
  snprintf(n, sizeof n, "%s_ldrb_no_fault", el_name);
  t_check(n, g_exc.count, 0);
  (void)a;
}

static void excl_align(const char* el_name, unsigned el) {
  // Exclusives and acquire/release check alignment whatever SCTLR_ELx.A is.
  char n[48];
  u64 p = (u64)data + 32, a;
  a = AT("ldxr x10, [x9]", p + 4);
  snprintf(n, sizeof n, "%s_ldxr_x_plus4", el_name);
  check_dabt(n, el, EC_DABT_CUR, 0, a, p + 4);
  a = AT("ldaxr w10, [x9]", p + 2);
  snprintf(n, sizeof n, "%s_ldaxr_w_plus2", el_name);
  check_dabt(n, el, EC_DABT_CUR, 0, a, p + 2);
  a = AT("ldxp x10, x11, [x9]", p + 8);
  snprintf(n, sizeof n, "%s_ldxp_x_plus8", el_name);
  check_dabt(n, el, EC_DABT_CUR, 0, a, p + 8);
  a = AT("ldar x10, [x9]", p + 4);
  snprintf(n, sizeof n, "%s_ldar_x_plus4", el_name);
  check_dabt(n, el, EC_DABT_CUR, 0, a, p + 4);
  a = AT("stlrh w10, [x9]", p + 1);
  snprintf(n, sizeof n, "%s_stlrh_plus1", el_name);
  check_dabt(n, el, EC_DABT_CUR, 1, a, p + 1);
}

static u64 at_el1(u64 arg) {
  (void)arg;
  pc_align("el1", 1, 0x200);
  excl_align("el1", 1);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | SCTLR_A);
  isb();
  data_align_checked("el1", 1);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  isb();
  return 7;
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("EL2");
  pc_align("el2", 2, 0x200);
  excl_align("el2", 2);
  sysreg_write(sctlr_el2, SCTLR_EL2_DEFAULT | SCTLR_A);
  isb();
  data_align_checked("el2", 2);
  sysreg_write(sctlr_el2, SCTLR_EL2_DEFAULT);
  isb();
  t_section("EL1");
  t_check("el1_ret", run_el1(at_el1, 0), 7);
}
