// Floating-point code as a C compiler writes it: double and float arithmetic, fused
// multiply-adds and square roots (written as instructions), conversions between precisions (half
// precision included) and to and from 32- and 64-bit integers, rounding to integral in each
// direction, minimum and maximum, comparisons with NaNs and conditional selects.
// Values with an exactly known result are checked; the rest print a hash of their bits,
// which the transcript comparison with QEMU checks.
#include "fp.h"

const char test_name[] = "fp_kernels";

static u64 rng_state = 0x2545F4914F6CDD1Dull;
static u64 rnd(void) { return t_rand(&rng_state); }

static u64 h;  // FNV-1a over the results of a section
static void mix(u64 v) {
  for (int i = 0; i < 8; ++i) h = (h ^ ((v >> (8 * i)) & 0xFF)) * 0x100000001b3ull;
}
static void begin(void) { h = 0xcbf29ce484222325ull; }

// A double from random bits: any exponent, NaNs and infinities included.
static double any_double(void) { return from_bits_d(rnd()); }
// A double of moderate size: [-1024, 1024) with random fraction bits.
static double moderate(void) { return (double)(s64)(rnd() >> 11) / (double)(1ull << 42) - 1024.0; }

__attribute__((noinline)) static double sum_to(int n) {
  double s = 0;
  for (int i = 1; i <= n; ++i) s += i;
  return s;
}

// Newton's iteration for the square root, against the instruction.
__attribute__((noinline)) static double newton_sqrt(double x) {
  double r = x > 1 ? x / 2 : 1;
  for (int i = 0; i < 60; ++i) r = 0.5 * (r + x / r);
  return r;
}

// exp(x) by its series, log by Newton on exp: the kind of code a libm has.
__attribute__((noinline)) static double exp_series(double x) {
  double term = 1, s = 1;
  for (int i = 1; i < 40; ++i) {
    term *= x / i;
    s += term;
  }
  return s;
}

__attribute__((noinline)) static int mandel(double cr, double ci) {
  double zr = 0, zi = 0;
  int n = 0;
  while (n < 200 && zr * zr + zi * zi <= 4.0) {
    const double t = zr * zr - zi * zi + cr;
    zi = 2 * zr * zi + ci;
    zr = t;
    ++n;
  }
  return n;
}

__attribute__((noinline)) static float dot_f(const float* a, const float* b, int n) {
  float s = 0;
  for (int i = 0; i < n; ++i) s = fmadf(a[i], b[i], s);
  return s;
}

static float fa[256], fb[256];

void test_main(u64 dtb) {
  (void)dtb;
  t_section("exact results");
  // volatile operands: computed by the instructions, not folded by the compiler
  static volatile double two = 2.0, m25 = -2.5, tenth = 0.1, ten = 10.0, one = 1.0, mzero = -0.0,
                         zero = 0.0, third = 1.0 / 3.0, e18 = 1e18, e19 = 1.8e19,
                         nan = __builtin_nan("");
  static volatile float twof = 2.0f, pif = 3.14159f, bigf = 70000.0f;
  static volatile u64 all_ones = ~0ull;
  static volatile s32 odd24 = -16777217;
  t_check("sum_1_to_1000", bits_d(sum_to(1000)), bits_d(500500.0));
  t_check("sqrt2", bits_d(fsqrt(two)), 0x3FF6A09E667F3BCDull);
  t_true("newton_sqrt2_within_1ulp", bits_d(fsqrt(two)) - bits_d(newton_sqrt(two)) <= 1);
  t_check("sqrtf2", bits_f(fsqrtf(twof)), 0x3FB504F3);
  t_check("third_times_3", bits_d(third * 3.0), bits_d(1.0));
  t_check("fma_exact", bits_d(fmad(tenth, ten, -one)), 0x3C90000000000000ull);  // 2^-54
  static volatile double product;
  product = tenth * ten;  // rounded to 1.0 before the subtraction (no contraction)
  t_check("mul_rounded", bits_d(product - one), 0);
  t_check("floor", bits_d(__builtin_floor(m25)), bits_d(-3.0));
  t_check("ceil", bits_d(__builtin_ceil(m25)), bits_d(-2.0));
  t_check("trunc", bits_d(__builtin_trunc(m25)), bits_d(-2.0));
  t_check("round", bits_d(__builtin_round(m25)), bits_d(-3.0));
  t_check("rint", bits_d(__builtin_rint(m25)), bits_d(-2.0));
  t_check("fmin_nan", bits_d(__builtin_fmin(nan, -m25)), bits_d(2.5));
  t_check("fmax_zeros", bits_d(__builtin_fmax(mzero, zero)), 0);
  t_check("fmin_zeros", bits_d(__builtin_fmin(zero, mzero)), 0x8000000000000000ull);
  t_check("d_to_s64", (u64)(s64)-e18, (u64)-1000000000000000000ll);
  t_check("d_to_u64", (u64)e19, 18000000000000000000ull);
  t_check("u64_to_d", bits_d((double)all_ones), 0x43F0000000000000ull);
  t_check("s32_to_f", bits_f((float)odd24), 0xCB800000);  // a tie, to even
  t_check("half_round_trip", bits_f((float)(__fp16)pif), 0x40490000);
  t_check("half_overflow", bits_f((float)(__fp16)bigf), 0x7F800000);
  t_check("nan_unordered", __builtin_isunordered(nan, one), 1);
  t_check("nan_less", nan < one, 0);
  t_check("nan_not_equal", nan != nan, 1);
  t_check("exp1_top_bits", bits_d(exp_series(one)) >> 4, 0x4005BF0A8B145769ull >> 4);

  t_section("hashes (compared with QEMU)");
  begin();
  for (int i = 0; i < 2000; ++i) {
    const double a = any_double(), b = any_double(), c = any_double();
    mix(bits_d(a + b));
    mix(bits_d(a - b));
    mix(bits_d(a * b));
    mix(bits_d(a / b));
    mix(bits_d(fmad(a, b, c)));
    mix(bits_d(fsqrt(__builtin_fabs(a))));
    mix(bits_d(__builtin_fmin(a, b)));
    mix(bits_d(__builtin_fmax(a, b)));
    mix(bits_f((float)a));
    mix((u64)(a < b) | (u64)(a == b) << 1 | (u64)(a >= b) << 2);
    mix(bits_d(a < b ? c : a));
  }
  t_value("random_doubles", h);
  begin();
  for (int i = 0; i < 2000; ++i) {
    const double a = moderate(), b = moderate();
    const float f = (float)a, g = (float)b;
    mix((u64)(s64)a);
    mix((u64)(s32)a);
    mix((u64)(u32)__builtin_fabs(a));
    mix((u64)(s64)(a * 1e15));
    mix(bits_d(__builtin_floor(a)) ^ bits_d(__builtin_ceil(b)));
    mix(bits_d(__builtin_round(a)) ^ bits_d(__builtin_trunc(b)));
    mix(bits_f(f * g + 1.0f));
    mix(bits_f(f / (g + 0.5f)));
    mix(bits_f(fsqrtf(__builtin_fabsf(f))));
    mix(bits_d((double)(s64)rnd()));
    mix(bits_f((float)rnd()));
    mix(bits_f((float)(__fp16)f));
    mix(bits_d((double)f * (double)g));
  }
  t_value("moderate_values", h);
  begin();
  int total = 0;
  for (int y = -20; y < 20; ++y)
    for (int x = -40; x < 20; ++x) total += mandel(x / 20.0, y / 20.0);
  mix((u64)total);
  for (int i = 0; i < 256; ++i) {
    fa[i] = (float)moderate();
    fb[i] = (float)moderate() / 64.0f;
  }
  mix(bits_f(dot_f(fa, fb, 256)));
  for (int i = -20; i <= 20; ++i) mix(bits_d(exp_series(i / 4.0)));
  t_value("kernels", h);
  t_value("mandel_total", (u64)total);
}
