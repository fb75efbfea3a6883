// CLZ/CLS/RBIT/REV/REV16/REV32 (32- and 64-bit), references by bit loops.
#include "ops.h"

const char test_name[] = "bitops";

static u64 ref_clz(u64 v, unsigned w) {
  unsigned n = 0;
  for (int i = (int)w - 1; i >= 0 && !((v >> i) & 1); i--) n++;
  return n;
}
static u64 ref_cls(u64 v, unsigned w) {
  unsigned top = (v >> (w - 1)) & 1, n = 0;
  for (int i = (int)w - 2; i >= 0 && ((v >> i) & 1) == top; i--) n++;
  return n;
}
static u64 ref_rbit(u64 v, unsigned w) {
  u64 r = 0;
  for (unsigned i = 0; i < w; i++)
    if ((v >> i) & 1) r |= 1ull << (w - 1 - i);
  return r;
}
// Reverse the bytes inside each container of c bytes, over w bits.
static u64 ref_rev(u64 v, unsigned w, unsigned c) {
  u64 r = 0;
  for (unsigned byte = 0; byte < w / 8; byte++) {
    unsigned base = byte / c * c, pos = byte % c;
    u64 b = (v >> (8 * byte)) & 0xff;
    r |= b << (8 * (base + c - 1 - pos));
  }
  return r;
}

static const u64 extra[] = {0x0000000000000100ull, 0x00000000ffff8000ull, 0x4000000000000000ull,
                            0xc000000000000000ull, 0x0000800000000000ull, 0x00000001ull,
                            0xfffffffe00000000ull, 0x3fffffffffffffffull};

static void check_all(struct t_group* g, u64 a) {
  u64 w = a & 0xffffffffull;
  tg_check(g, OP1("clz %0, %1", a), ref_clz(a, 64), a, 0);
  tg_check(g, OP1("clz %w0, %w1", a), ref_clz(w, 32), a, 1);
  tg_check(g, OP1("cls %0, %1", a), ref_cls(a, 64), a, 2);
  tg_check(g, OP1("cls %w0, %w1", a), ref_cls(w, 32), a, 3);
  tg_check(g, OP1("rbit %0, %1", a), ref_rbit(a, 64), a, 4);
  tg_check(g, OP1("rbit %w0, %w1", a), ref_rbit(w, 32), a, 5);
  tg_check(g, OP1("rev %0, %1", a), ref_rev(a, 64, 8), a, 6);
  tg_check(g, OP1("rev %w0, %w1", a), ref_rev(w, 32, 4), a, 7);
  tg_check(g, OP1("rev16 %0, %1", a), ref_rev(a, 64, 2), a, 8);
  tg_check(g, OP1("rev16 %w0, %w1", a), ref_rev(w, 32, 2), a, 9);
  tg_check(g, OP1("rev32 %0, %1", a), ref_rev(a, 64, 4), a, 10);
}

void test_main(u64 dtb) {
  (void)dtb;
  struct t_group g;
  tg_begin(&g, "bitops_vals");
  for (unsigned i = 0; i < N_VALS; i++) check_all(&g, k_vals[i]);
  for (unsigned i = 0; i < ARRAY_SIZE(extra); i++) check_all(&g, extra[i]);
  tg_end(&g);
  tg_begin(&g, "bitops_walk");
  for (unsigned i = 0; i < 64; i++) {
    check_all(&g, 1ull << i);
    check_all(&g, ~(1ull << i));
    check_all(&g, ~0ull >> i);
  }
  tg_end(&g);
  t_check("clz_zero", OP1("clz %0, %1", 0), 64);
  t_check("clz_w_zero", OP1("clz %w0, %w1", 0xffffffff00000000ull), 32);
  t_check("cls_ones", OP1("cls %0, %1", ~0ull), 63);
  t_check("cls_w_0x40000000", OP1("cls %w0, %w1", 0x40000000), 0);
  t_check("rbit_1", OP1("rbit %0, %1", 1), 1ull << 63);
  t_check("rev_x", OP1("rev %0, %1", 0x0102030405060708ull), 0x0807060504030201ull);
  t_check("rev16_x", OP1("rev16 %0, %1", 0x0102030405060708ull), 0x0201040306050807ull);
  t_check("rev32_x", OP1("rev32 %0, %1", 0x0102030405060708ull), 0x0403020108070605ull);
  t_check("rev_w", OP1("rev %w0, %w1", 0xaabbccdd11223344ull), 0x44332211ull);
}
