// AdvSIMD integer arithmetic as compiled code uses it. Loops that the compiler
// vectorises (this file is built with the loop vectoriser on) are checked against the
// same loops in scalar C (vectorisation disabled); the string routines of a C library
// written with NEON intrinsics (strlen, memchr, a byte histogram) against plain C;
// and chains of intrinsics over the saturating, rounding, narrowing, widening,
// permuting and table-lookup instructions print a hash of their results, which the
// transcript comparison with QEMU checks.
#include <arm_neon.h>

#include "fw.h"

const char test_name[] = "simd_kernels";

#define SCALAR _Pragma("clang loop vectorize(disable) interleave(disable) unroll(disable)")
#define N 1024

static u64 rng_state = 0x9E3779B97F4A7C15ull;
static u64 rnd(void) { return t_rand(&rng_state); }

static u8 a8[N] __attribute__((aligned(16)));
static u8 b8[N] __attribute__((aligned(16)));
static s16 a16[N] __attribute__((aligned(16)));
static s16 b16[N] __attribute__((aligned(16)));
static u32 a32[N] __attribute__((aligned(16)));
static u32 b32[N] __attribute__((aligned(16)));
static u32 out_v[N] __attribute__((aligned(16)));
static u32 out_s[N] __attribute__((aligned(16)));
static u8 out8_v[N] __attribute__((aligned(16)));
static u8 out8_s[N] __attribute__((aligned(16)));

static void fill(void) {
  SCALAR for (unsigned i = 0; i < N; ++i) {
    u64 r = rnd();
    a8[i] = (u8)r;
    b8[i] = (u8)(r >> 8);
    a16[i] = (s16)(r >> 16);
    b16[i] = (s16)(r >> 32);
    a32[i] = (u32)(r >> 24);
    b32[i] = (u32)rnd();
  }
}

// ---- vectorised loops, each with its scalar twin ----

__attribute__((noinline)) static u32 sum_u8_v(const u8* p) {
  u32 s = 0;
  for (unsigned i = 0; i < N; ++i) s += p[i];
  return s;
}
__attribute__((noinline)) static u32 sum_u8_s(const u8* p) {
  u32 s = 0;
  SCALAR for (unsigned i = 0; i < N; ++i) s += p[i];
  return s;
}

__attribute__((noinline)) static s64 dot_s16_v(const s16* x, const s16* y) {
  s32 s = 0;
  for (unsigned i = 0; i < N; ++i) s += (s32)x[i] * y[i];
  return s;
}
__attribute__((noinline)) static s64 dot_s16_s(const s16* x, const s16* y) {
  s32 s = 0;
  SCALAR for (unsigned i = 0; i < N; ++i) s += (s32)x[i] * y[i];
  return s;
}

__attribute__((noinline)) static s16 max_s16_v(const s16* x) {
  s16 m = -32768;
  for (unsigned i = 0; i < N; ++i) m = x[i] > m ? x[i] : m;
  return m;
}
__attribute__((noinline)) static s16 max_s16_s(const s16* x) {
  s16 m = -32768;
  SCALAR for (unsigned i = 0; i < N; ++i) m = x[i] > m ? x[i] : m;
  return m;
}

__attribute__((noinline)) static u16 min_u16_v(const u16* x) {
  u16 m = 0xFFFF;
  for (unsigned i = 0; i < N; ++i) m = x[i] < m ? x[i] : m;
  return m;
}
__attribute__((noinline)) static u16 min_u16_s(const u16* x) {
  u16 m = 0xFFFF;
  SCALAR for (unsigned i = 0; i < N; ++i) m = x[i] < m ? x[i] : m;
  return m;
}

__attribute__((noinline)) static void axpy_v(u32* o, const u32* x, const u32* y, u32 k) {
  for (unsigned i = 0; i < N; ++i) o[i] = k * x[i] + (y[i] >> 3) - (x[i] ^ y[i]);
}
__attribute__((noinline)) static void axpy_s(u32* o, const u32* x, const u32* y, u32 k) {
  SCALAR for (unsigned i = 0; i < N; ++i) o[i] = k * x[i] + (y[i] >> 3) - (x[i] ^ y[i]);
}

__attribute__((noinline)) static u32 sad_v(const u8* x, const u8* y) {
  u32 s = 0;
  for (unsigned i = 0; i < N; ++i) s += (u32)(x[i] > y[i] ? x[i] - y[i] : y[i] - x[i]);
  return s;
}
__attribute__((noinline)) static u32 sad_s(const u8* x, const u8* y) {
  u32 s = 0;
  SCALAR for (unsigned i = 0; i < N; ++i) s += (u32)(x[i] > y[i] ? x[i] - y[i] : y[i] - x[i]);
  return s;
}

__attribute__((noinline)) static void clamp_v(u8* o, const s16* x) {
  for (unsigned i = 0; i < N; ++i) {
    s32 v = x[i] >> 4;
    o[i] = (u8)(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}
__attribute__((noinline)) static void clamp_s(u8* o, const s16* x) {
  SCALAR for (unsigned i = 0; i < N; ++i) {
    s32 v = x[i] >> 4;
    o[i] = (u8)(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}

__attribute__((noinline)) static u32 count_eq_v(const u8* x, const u8* y) {
  u32 c = 0;
  for (unsigned i = 0; i < N; ++i) c += (x[i] & 5) == (y[i] & 5);
  return c;
}
__attribute__((noinline)) static u32 count_eq_s(const u8* x, const u8* y) {
  u32 c = 0;
  SCALAR for (unsigned i = 0; i < N; ++i) c += (x[i] & 5) == (y[i] & 5);
  return c;
}

__attribute__((noinline)) static void varshift_v(u32* o, const u32* x, const u8* s) {
  for (unsigned i = 0; i < N; ++i) o[i] = (x[i] << (s[i] & 15)) | (x[i] >> (s[i] & 7));
}
__attribute__((noinline)) static void varshift_s(u32* o, const u32* x, const u8* s) {
  SCALAR for (unsigned i = 0; i < N; ++i) o[i] = (x[i] << (s[i] & 15)) | (x[i] >> (s[i] & 7));
}

__attribute__((noinline)) static void widen_mul_v(u32* o, const s16* x, const s16* y) {
  for (unsigned i = 0; i < N; ++i) o[i] = (u32)((s32)x[i] * y[i] - (s32)x[i]);
}
__attribute__((noinline)) static void widen_mul_s(u32* o, const s16* x, const s16* y) {
  SCALAR for (unsigned i = 0; i < N; ++i) o[i] = (u32)((s32)x[i] * y[i] - (s32)x[i]);
}

__attribute__((noinline)) static void absdiff16_v(u32* o, const s16* x, const s16* y) {
  for (unsigned i = 0; i < N; ++i) {
    s32 d = (s32)x[i] - y[i];
    o[i] = (u32)(d < 0 ? -d : d);
  }
}
__attribute__((noinline)) static void absdiff16_s(u32* o, const s16* x, const s16* y) {
  SCALAR for (unsigned i = 0; i < N; ++i) {
    s32 d = (s32)x[i] - y[i];
    o[i] = (u32)(d < 0 ? -d : d);
  }
}

// ---- string routines in the style of a C library's AdvSIMD ones ----

// strlen: 16 bytes at a time from an aligned pointer, CMEQ against zero, UMAXV to test
// for any, then the position through SHRN's 4-bit-per-byte mask and CLZ of its reverse.
__attribute__((noinline)) static unsigned strlen_neon(const char* s) {
  const u8* p = (const u8*)((u64)s & ~15ull);
  const unsigned skip = (unsigned)((u64)s & 15);
  uint8x16_t v = vld1q_u8(p);
  uint8x16_t z = vceqq_u8(v, vdupq_n_u8(0));
  // Ignore the bytes before s.
  u64 mask = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(z), 4)), 0);
  mask &= ~0ull << (4 * skip);
  while (mask == 0) {
    p += 16;
    v = vld1q_u8(p);
    z = vceqq_u8(v, vdupq_n_u8(0));
    if (vmaxvq_u8(z) == 0) continue;
    mask = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(z), 4)), 0);
  }
  const unsigned pos = (unsigned)__builtin_ctzll(mask) / 4;
  return (unsigned)(p + pos - (const u8*)s);
}

// memchr: CMEQ against the byte, ADDP to fold, then the first match.
__attribute__((noinline)) static long memchr_neon(const u8* s, u8 c, unsigned n) {
  const uint8x16_t cv = vdupq_n_u8(c);
  const uint8x16_t bitmask = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
  for (unsigned i = 0; i + 16 <= n; i += 16) {
    uint8x16_t m = vandq_u8(vceqq_u8(vld1q_u8(s + i), cv), bitmask);
    uint8x16_t f = vpaddq_u8(m, m);
    f = vpaddq_u8(f, f);
    f = vpaddq_u8(f, f);
    const unsigned bits16 = vgetq_lane_u16(vreinterpretq_u16_u8(f), 0);
    if (bits16) return (long)(i + (unsigned)__builtin_ctz(bits16));
  }
  return -1;
}

static unsigned strlen_c(const char* s) {
  unsigned n = 0;
  SCALAR while (s[n])++ n;
  return n;
}
static long memchr_c(const u8* s, u8 c, unsigned n) {
  SCALAR for (unsigned i = 0; i < n; ++i) if (s[i] == c) return (long)i;
  return -1;
}

// Population count of a buffer: CNT, UADDLP and UADALP, ADDV.
__attribute__((noinline)) static u32 popcount_neon(const u8* p, unsigned n) {
  uint16x8_t acc = vdupq_n_u16(0);
  for (unsigned i = 0; i < n; i += 16) acc = vpadalq_u8(acc, vcntq_u8(vld1q_u8(p + i)));
  return vaddlvq_u16(acc);
}
static u32 popcount_c(const u8* p, unsigned n) {
  u32 c = 0;
  SCALAR for (unsigned i = 0; i < n; ++i) {
    u8 b = p[i];
    SCALAR for (unsigned k = 0; k < 8; ++k) c += (b >> k) & 1;
  }
  return c;
}

// ---- intrinsic chains, hashed (compared with QEMU's transcript) ----

static u64 chain_saturating(void) {
  u64 h = 0;
  for (unsigned i = 0; i + 16 <= N; i += 16) {
    int16x8_t x = vld1q_s16(a16 + i / 2), y = vld1q_s16(b16 + i / 2);
    int16x8_t s = vqaddq_s16(x, y);
    s = vqsubq_s16(s, vqdmulhq_s16(x, y));
    s = vqrdmulhq_s16(s, y);
    int32x4_t w = vqdmull_s16(vget_low_s16(s), vget_high_s16(x));
    w = vqdmlal_high_s16(w, s, y);
    w = vqrshlq_s32(w, vmovl_s16(vget_low_s16(y)));
    int16x4_t n = vqrshrn_n_s32(w, 7);
    uint8x8_t u = vqshrun_n_s16(vcombine_s16(n, vqabs_s16(vget_high_s16(s))), 3);
    uint8x16_t q =
        vqaddq_u8(vld1q_u8(a8 + i), vcombine_u8(u, vqmovn_u16(vld1q_u16((const u16*)b16 + i / 2))));
    q = vqsubq_u8(q, vld1q_u8(b8 + i));
    int8x16_t sq = vqnegq_s8(vqabsq_s8(vreinterpretq_s8_u8(q)));
    sq = vuqaddq_s8(sq, vld1q_u8(b8 + i));
    uint64x2_t r = vreinterpretq_u64_s8(sq);
    h = h * 31 + vgetq_lane_u64(r, 0) + (vgetq_lane_u64(r, 1) << 1);
  }
  return h;
}

static u64 chain_shifts(void) {
  u64 h = 0;
  for (unsigned i = 0; i + 4 <= N; i += 4) {
    uint32x4_t x = vld1q_u32(a32 + i), y = vld1q_u32(b32 + i);
    uint32x4_t s = vsraq_n_u32(vrshrq_n_u32(x, 5), y, 9);
    s = vsliq_n_u32(s, x, 7);
    s = vsriq_n_u32(s, y, 30);
    int32x4_t t = vrsraq_n_s32(vreinterpretq_s32_u32(x), vreinterpretq_s32_u32(y), 31);
    t = vshlq_s32(t, vreinterpretq_s32_u32(vandq_u32(y, vdupq_n_u32(0x8000003F))));
    uint16x4_t n = vrshrn_n_u32(s, 16);
    uint16x8_t n2 = vshrn_high_n_u32(n, vreinterpretq_u32_s32(t), 3);
    uint32x4_t l = vshll_high_n_u16(n2, 16);
    uint64x2_t d = vrshlq_u64(vreinterpretq_u64_u32(l), vreinterpretq_s64_u32(y));
    uint64x2_t e = vqshlq_n_u64(d, 11);
    int64x2_t f = vreinterpretq_s64_u64(vqshluq_n_s64(vreinterpretq_s64_u32(x), 2));
    h = h * 31 + vgetq_lane_u64(e, 0) + vgetq_lane_u64(e, 1) + (u64)vgetq_lane_s64(f, 1);
  }
  return h;
}

static u64 chain_permute(void) {
  u64 h = 0;
  const uint8x16x2_t tbl = {{vld1q_u8(a8), vld1q_u8(a8 + 16)}};
  for (unsigned i = 0; i + 16 <= N; i += 16) {
    uint8x16_t x = vld1q_u8(a8 + i), y = vld1q_u8(b8 + i);
    uint8x16_t z = vzip1q_u8(x, y);
    z = veorq_u8(z, vuzp2q_u8(y, x));
    z = vaddq_u8(z, vtrn1q_u8(z, x));
    z = vextq_u8(z, y, 5);
    z = vrev64q_u8(z);
    uint8x16_t t = vqtbl2q_u8(tbl, vandq_u8(y, vdupq_n_u8(0x3F)));
    t = vqtbx1q_u8(t, x, vshrq_n_u8(y, 3));
    uint16x8_t w = vrev32q_u16(vreinterpretq_u16_u8(vaddq_u8(z, t)));
    uint32x4_t c = vclzq_u32(vreinterpretq_u32_u16(w));
    int16x8_t cls = vclsq_s16(vreinterpretq_s16_u16(w));
    uint8x16_t rb = vrbitq_u8(z);
    h = h * 31 + vaddvq_u32(c) + (u64)vaddvq_s16(cls) * 7 + vaddlvq_u8(rb) +
        ((u64)vmaxvq_u8(t) << 32) + ((u64)vminvq_u8(z) << 40);
  }
  return h;
}

static u64 chain_widen(void) {
  u64 h = 0;
  for (unsigned i = 0; i + 8 <= N; i += 8) {
    int16x8_t x = vld1q_s16(a16 + i), y = vld1q_s16(b16 + i);
    int32x4_t m = vmull_high_s16(x, y);
    m = vmlsl_s16(m, vget_low_s16(x), vget_low_s16(y));
    m = vmlaq_laneq_s32(m, vmovl_s16(vget_low_s16(y)), vreinterpretq_s32_s16(x), 3);
    int64x2_t l = vabdl_high_s32(m, vreinterpretq_s32_s16(y));
    l = vabal_s32(l, vget_low_s32(m), vget_high_s32(m));
    uint16x8_t ad = vabdq_u16(vreinterpretq_u16_s16(x), vreinterpretq_u16_s16(y));
    uint32x4_t pa = vpaddlq_u16(ad);
    pa = vpadalq_u16(pa, vreinterpretq_u16_s16(vhaddq_s16(x, y)));
    uint32x4_t rh = vrhaddq_u32(pa, vreinterpretq_u32_s32(m));
    int8x8_t hn = vraddhn_s16(x, y);
    uint8x8_t pm =
        vreinterpret_u8_p8(vmul_p8(vreinterpret_p8_s8(hn), vreinterpret_p8_s16(vget_low_s16(x))));
    poly16x8_t pl = vmull_p8(vreinterpret_p8_u8(pm), vreinterpret_p8_s8(hn));
    uint64x2_t tst = vtstq_u64(vreinterpretq_u64_s64(l), vreinterpretq_u64_u32(rh));
    h = h * 31 + (u64)vgetq_lane_s64(l, 0) + vgetq_lane_u64(tst, 1) + vaddvq_u32(rh) +
        vgetq_lane_u64(vreinterpretq_u64_p16(pl), 1);
  }
  return h;
}

void test_main(u64 dtb) {
  (void)dtb;
  fill();

  t_section("vectorised loops");
  t_check("sum_u8", sum_u8_v(a8), sum_u8_s(a8));
  t_check("dot_s16", (u64)dot_s16_v(a16, b16), (u64)dot_s16_s(a16, b16));
  t_check("max_s16", (u64)(s64)max_s16_v(a16), (u64)(s64)max_s16_s(a16));
  t_check("min_u16", min_u16_v((const u16*)b16), min_u16_s((const u16*)b16));
  t_check("sad_u8", sad_v(a8, b8), sad_s(a8, b8));
  t_check("count_eq", count_eq_v(a8, b8), count_eq_s(a8, b8));
  axpy_v(out_v, a32, b32, 2654435761u);
  axpy_s(out_s, a32, b32, 2654435761u);
  t_check("axpy", t_hash(out_v, sizeof out_v), t_hash(out_s, sizeof out_s));
  clamp_v(out8_v, a16);
  clamp_s(out8_s, a16);
  t_check("clamp", t_hash(out8_v, sizeof out8_v), t_hash(out8_s, sizeof out8_s));
  varshift_v(out_v, a32, b8);
  varshift_s(out_s, a32, b8);
  t_check("varshift", t_hash(out_v, sizeof out_v), t_hash(out_s, sizeof out_s));
  widen_mul_v(out_v, a16, b16);
  widen_mul_s(out_s, a16, b16);
  t_check("widen_mul", t_hash(out_v, sizeof out_v), t_hash(out_s, sizeof out_s));
  absdiff16_v(out_v, a16, b16);
  absdiff16_s(out_s, a16, b16);
  t_check("absdiff16", t_hash(out_v, sizeof out_v), t_hash(out_s, sizeof out_s));

  t_section("string routines");
  // Strings of every length 0..40 at every alignment 0..15 in a zero-free buffer.
  static char buf[96] __attribute__((aligned(16)));
  unsigned bad = 0;
  SCALAR for (unsigned align = 0; align < 16; ++align) {
    SCALAR for (unsigned len = 0; len <= 40; ++len) {
      SCALAR for (unsigned k = 0; k < sizeof buf; ++k) buf[k] = (char)('a' + (k * 7 + len) % 26);
      buf[align + len] = 0;
      bad += strlen_neon(buf + align) != strlen_c(buf + align);
    }
  }
  t_check("strlen_mismatches", bad, 0);
  bad = 0;
  SCALAR for (unsigned c = 0; c < 256; c += 5) bad +=
      memchr_neon(a8, (u8)c, N) != memchr_c(a8, (u8)c, N);
  t_check("memchr_mismatches", bad, 0);
  t_check("popcount", popcount_neon(a8, N), popcount_c(a8, N));

  t_section("intrinsic chains");
  t_value("saturating", chain_saturating());
  t_value("shifts", chain_shifts());
  t_value("permute", chain_permute());
  t_value("widen", chain_widen());
  u64 fpsr;
  __asm__ volatile("mrs %0, fpsr" : "=r"(fpsr));
  t_value("fpsr_qc", (fpsr >> 27) & 1);
}
