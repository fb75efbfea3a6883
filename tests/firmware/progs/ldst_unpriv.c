// Unprivileged loads/stores LDTR/LDTRB/LDTRH/LDTRSB/LDTRSH/LDTRSW and
// STTR/STTRB/STTRH at EL1 (MMU off: they access memory like LDR/STR), and
// the same instructions at EL2 and EL0, where they behave as LDR/STR.
#include "ldst.h"

const char test_name[] = "ldst_unpriv";

static u64 unpriv_body(u64 tag) {
  const char* el = tag == 1 ? "el1" : tag == 2 ? "el2" : "el0";
  char name[40];
  buf_fill();
  u64 base = (u64)buf + 128, wb;
  const u8* p = buf + 128;
  u8* q = ref + 128;
#define N(s) (snprintf(name, sizeof name, "%s_%s", el, s), name)
  if (tag != 0)  // CurrentEL is not accessible at EL0
    t_check(N("current_el"), OP1("mrs %0, CurrentEL\n\tlsr %0, %0, #2", 0), tag);
  t_check(N("ldtrb"), LDB("ldtrb %w0, [x9, #3]", base, &wb), p[3]);
  t_check(N("ldtrh"), LDB("ldtrh %w0, [x9, #-2]", base, &wb), le_read(p - 2, 2));
  t_check(N("ldtr_w"), LDB("ldtr %w0, [x9, #255]", base - 251, &wb), le_read(p + 4, 4));
  t_check(N("ldtr_x"), LDB("ldtr %0, [x9, #-256]", base + 256 + 8, &wb), le_read(p + 8, 8));
  t_check(N("ldtrsb_w"), LDB("ldtrsb %w0, [x9, #1]", base, &wb), (u32)sx(p[1], 8));
  t_check(N("ldtrsb_x"), LDB("ldtrsb %0, [x9, #1]", base, &wb), sx(p[1], 8));
  t_check(N("ldtrsh_w"), LDB("ldtrsh %w0, [x9, #10]", base, &wb), (u32)sx(le_read(p + 10, 2), 16));
  t_check(N("ldtrsh_x"), LDB("ldtrsh %0, [x9, #10]", base, &wb), sx(le_read(p + 10, 2), 16));
  t_check(N("ldtrsw"), LDB("ldtrsw %0, [x9, #-12]", base, &wb), sx(le_read(p - 12, 4), 32));
  t_check(N("ldtr_base_kept"), wb, base);
  STB("sttrb %w2, [x9, #5]", base, 0x5a, 0);
  q[5] = 0x5a;
  STB("sttrh %w2, [x9, #-6]", base, 0xa55a, 0);
  le_write(q - 6, 2, 0xa55a);
  STB("sttr %w2, [x9, #16]", base, 0xcafef00d, 0);
  le_write(q + 16, 4, 0xcafef00d);
  STB("sttr %2, [x9, #-32]", base, 0x0123456789abcdefull, 0);
  le_write(q - 32, 8, 0x0123456789abcdefull);
  t_true(N("sttr_all"), buf_matches());
#undef N
  return 0x600d + tag;
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("EL2");
  t_check("el2_ret", unpriv_body(2), 0x600f);
  t_section("EL1");
  t_check("el1_ret", run_el1(unpriv_body, 1), 0x600e);
  t_section("EL0");
  t_check("el0_ret", run_el0(unpriv_body, 0), 0x600d);
}
