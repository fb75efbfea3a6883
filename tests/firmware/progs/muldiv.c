// MADD/MSUB/MUL/MNEG (32/64), SMADDL/SMSUBL/UMADDL/UMSUBL/SMULL/UMULL/SMNEGL/
// UMNEGL, SMULH/UMULH, SDIV/UDIV (32/64) incl. division by zero and INT_MIN/-1.
#include "ops.h"

const char test_name[] = "muldiv";

// The reference results avoid the instructions under test: products by
// shift-and-add, quotients by restoring division.
static void mul128(u64 a, u64 b, u64* lo, u64* hi) {
  u64 l = 0, h = 0;
  for (unsigned i = 0; i < 64; i++) {
    if (!((b >> i) & 1)) continue;
    u64 add_lo = a << i, add_hi = i ? a >> (64 - i) : 0;
    u64 nl = l + add_lo;
    h += add_hi + (nl < l);
    l = nl;
  }
  *lo = l;
  *hi = h;
}
static u64 mul(u64 a, u64 b) {
  u64 lo, hi;
  mul128(a, b, &lo, &hi);
  return lo;
}
static u64 umulh(u64 a, u64 b) {
  u64 lo, hi;
  mul128(a, b, &lo, &hi);
  return hi;
}
static u64 smulh(u64 a, u64 b) {
  u64 h = umulh(a, b);
  if ((s64)a < 0) h -= b;
  if ((s64)b < 0) h -= a;
  return h;
}
static u64 udiv(u64 a, u64 b) {
  if (b == 0) return 0;
  u64 q = 0, r = 0;
  for (int i = 63; i >= 0; i--) {
    int top = (int)(r >> 63);
    r = r << 1 | ((a >> i) & 1);
    if (top || r >= b) {
      r -= b;
      q |= 1ull << i;
    }
  }
  return q;
}
static u64 ref_sdiv64(u64 a, u64 b) {
  if (b == 0) return 0;
  int neg = ((s64)a < 0) != ((s64)b < 0);
  u64 q = udiv((s64)a < 0 ? -a : a, (s64)b < 0 ? -b : b);  // 2^63 / 1 wraps as required
  return neg ? -q : q;
}
static u32 ref_sdiv32(u32 a, u32 b) { return (u32)ref_sdiv64((u64)(s64)(s32)a, (u64)(s64)(s32)b); }

static void test_mul(void) {
  struct t_group g;
  tg_begin(&g, "madd_msub");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++) {
      u64 a = k_vals[i], b = k_vals[j], c = 0x0f0f0f0f0f0f0f0full + i;
      tg_check(&g, OP3("madd %0, %1, %2, %3", a, b, c), c + mul(a, b), a, b);
      tg_check(&g, OP3("msub %0, %1, %2, %3", a, b, c), c - mul(a, b), a, b);
      tg_check(&g, OP3("madd %w0, %w1, %w2, %w3", a, b, c), (u32)(c + mul(a, b)), a, b);
      tg_check(&g, OP3("msub %w0, %w1, %w2, %w3", a, b, c), (u32)(c - mul(a, b)), a, b);
      tg_check(&g, OP2("mul %0, %1, %2", a, b), mul(a, b), a, b);
      tg_check(&g, OP2("mneg %w0, %w1, %w2", a, b), (u32)(-mul(a, b)), a, b);
    }
  tg_end(&g);
  tg_begin(&g, "long_mul");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++) {
      u64 a = k_vals[i], b = k_vals[j], c = 0x8000000000000001ull - i;
      u64 ua = (u32)a, ub = (u32)b;
      u64 sp = mul((u64)(s64)(s32)ua, (u64)(s64)(s32)ub), up = mul(ua, ub);
      tg_check(&g, OP3("smaddl %0, %w1, %w2, %3", a, b, c), c + sp, a, b);
      tg_check(&g, OP3("smsubl %0, %w1, %w2, %3", a, b, c), c - sp, a, b);
      tg_check(&g, OP3("umaddl %0, %w1, %w2, %3", a, b, c), c + up, a, b);
      tg_check(&g, OP3("umsubl %0, %w1, %w2, %3", a, b, c), c - up, a, b);
      tg_check(&g, OP2("smull %0, %w1, %w2", a, b), sp, a, b);
      tg_check(&g, OP2("umull %0, %w1, %w2", a, b), up, a, b);
      tg_check(&g, OP2("smnegl %0, %w1, %w2", a, b), -sp, a, b);
      tg_check(&g, OP2("umnegl %0, %w1, %w2", a, b), -(up), a, b);
      tg_check(&g, OP2("smulh %0, %1, %2", a, b), smulh(a, b), a, b);
      tg_check(&g, OP2("umulh %0, %1, %2", a, b), umulh(a, b), a, b);
    }
  tg_end(&g);
  t_check("umulh_max", OP2("umulh %0, %1, %2", ~0ull, ~0ull), 0xfffffffffffffffeull);
  t_check("smulh_min_min", OP2("smulh %0, %1, %2", 1ull << 63, 1ull << 63), 1ull << 62);
  t_check("smulh_neg", OP2("smulh %0, %1, %2", ~0ull, 5), ~0ull);
}

static void test_div(void) {
  struct t_group g;
  tg_begin(&g, "div");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++) {
      u64 a = k_vals[i], b = k_vals[j];
      tg_check(&g, OP2("udiv %0, %1, %2", a, b), udiv(a, b), a, b);
      tg_check(&g, OP2("sdiv %0, %1, %2", a, b), ref_sdiv64(a, b), a, b);
      tg_check(&g, OP2("udiv %w0, %w1, %w2", a, b), udiv((u32)a, (u32)b), a, b);
      tg_check(&g, OP2("sdiv %w0, %w1, %w2", a, b), ref_sdiv32((u32)a, (u32)b), a, b);
    }
  tg_end(&g);
  t_check("udiv_by_zero", OP2("udiv %0, %1, %2", 1234, 0), 0);
  t_check("sdiv_by_zero", OP2("sdiv %0, %1, %2", ~0ull, 0), 0);
  t_check("sdiv_w_by_zero", OP2("sdiv %w0, %w1, %w2", 0x80000000u, 0), 0);
  t_check("sdiv_min_m1", OP2("sdiv %0, %1, %2", 1ull << 63, ~0ull), 1ull << 63);
  t_check("sdiv_w_min_m1", OP2("sdiv %w0, %w1, %w2", 0x80000000u, ~0ull), 0x80000000ull);
  t_check("sdiv_round_to_zero", OP2("sdiv %0, %1, %2", (u64)-7, 2), (u64)-3);
  t_check("sdiv_w_neg_neg", OP2("sdiv %w0, %w1, %w2", (u32)-7, (u32)-2), 3);
  t_check("udiv_w_ignores_top", OP2("udiv %w0, %w1, %w2", 0xffffffff00000010ull, 0x100000002ull),
          8);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("multiply");
  test_mul();
  t_section("divide");
  test_div();
}
