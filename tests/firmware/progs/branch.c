// B, BL, BR, BLR, RET, RET Xn, B.cond (16 conditions x 16 NZCV values),
// CBZ/CBNZ (W and X), TBZ/TBNZ on every bit, backward loops, long B.
#include "ops.h"

const char test_name[] = "branch";

u64 bcond_mask(u64 nzcv);
u64 tbnz_bits(u64 v);
u64 tbz_bits(u64 v);
u64 tbz_w(u64 v);
u64 cb_bits(u64 v);
u64 bl_link(void);
u64 blr_link(void);
u64 br_table(u64 i);
u64 ret_xn(void);
u64 loop_count(u64 n);
u64 b_far(void);

void test_main(u64 dtb) {
  (void)dtb;
  struct t_group g;
  tg_begin(&g, "bcond");
  for (unsigned f = 0; f < 16; f++) {
    u64 exp = 0;
    for (unsigned c = 0; c < 16; c++) exp |= (u64)cond_holds(c, f) << c;
    tg_check(&g, bcond_mask(f), exp, f, 0);
  }
  tg_end(&g);
  t_check("bcond_z", bcond_mask(0x4), 0xe6a9);  // per-condition table for NZCV=0100
  tg_begin(&g, "tbz_tbnz");
  for (unsigned i = 0; i < N_VALS; i++) {
    tg_check(&g, tbnz_bits(k_vals[i]), k_vals[i], k_vals[i], 0);
    tg_check(&g, tbz_bits(k_vals[i]), ~k_vals[i], k_vals[i], 1);
    u64 w = 0;
    static const unsigned bits[] = {0, 5, 16, 31};
    for (unsigned b = 0; b < 4; b++) {
      unsigned set = (k_vals[i] >> bits[b]) & 1;
      w |= (u64)set << bits[b] | (u64)!set << (32 + bits[b]);
    }
    tg_check(&g, tbz_w(k_vals[i]), w, k_vals[i], 2);
  }
  tg_end(&g);
  t_check("cb_zero", cb_bits(0), 0x5);
  t_check("cb_one", cb_bits(1), 0xa);
  t_check("cb_upper_only", cb_bits(0x100000000ull), 0x6);
  t_check("cb_top_bit", cb_bits(1ull << 63), 0x6);
  t_check("bl_link", bl_link(), 4);
  t_check("blr_link", blr_link(), 4);
  for (unsigned i = 0; i < 4; i++) {
    char name[16];
    snprintf(name, sizeof name, "br_table_%u", i);
    t_check(name, br_table(i), 10 * i + 7);
  }
  t_check("ret_xn", ret_xn(), 0x5a5);
  t_check("loop_count_0", loop_count(0), 0);
  t_check("loop_count_100", loop_count(100), 300);
  t_check("b_far", b_far(), 7);
}
