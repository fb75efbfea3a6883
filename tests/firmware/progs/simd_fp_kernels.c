// AdvSIMD floating point as compiled code uses it. Element-wise loops that the compiler
// vectorises (this file is built with the loop vectoriser on) must give bit for bit the
// results of the same loops in scalar C (vectorisation disabled): a vector lane rounds
// as the scalar instruction does. Then chains of intrinsics over the pairwise,
// across-lanes, by-element, estimate, conversion and fixed-point instructions print a
// hash of their results (and of FPSR), which the transcript comparison with QEMU checks.
#include <arm_neon.h>

#include "fw.h"

const char test_name[] = "simd_fp_kernels";

#define SCALAR _Pragma("clang loop vectorize(disable) interleave(disable) unroll(disable)")
#define N 1024

static u64 rng_state = 0x853C49E6748FEA9Bull;
static u64 rnd(void) { return t_rand(&rng_state); }

static float fa[N] __attribute__((aligned(16)));
static float fb[N] __attribute__((aligned(16)));
static double da[N] __attribute__((aligned(16)));
static double db[N] __attribute__((aligned(16)));
static float outf_v[N] __attribute__((aligned(16)));
static float outf_s[N] __attribute__((aligned(16)));
static double outd_v[N] __attribute__((aligned(16)));
static double outd_s[N] __attribute__((aligned(16)));
static s32 outi_v[N] __attribute__((aligned(16)));
static s32 outi_s[N] __attribute__((aligned(16)));

static void fill(void) {
  SCALAR for (unsigned i = 0; i < N; ++i) {
    const u64 r = rnd();
    // moderate values with random fraction bits, some negative, a few zeros
    fa[i] = (float)(s32)(r >> 40) / 4096.0f;
    fb[i] = (float)(s32)((r >> 16) & 0xFFFFFF) / 65536.0f - 100.0f;
    da[i] = (double)(s64)(r >> 8) / 1e12;
    db[i] = (double)(s32)r / 3.0;
  }
}

// ---- vectorised loops, each with its scalar twin ----

#define TWIN(name, type, body)                                \
  __attribute__((noinline)) static void name##_v(type* out) { \
    for (unsigned i = 0; i < N; ++i) body;                    \
  }                                                           \
  __attribute__((noinline)) static void name##_s(type* out) { \
    SCALAR for (unsigned i = 0; i < N; ++i) body;             \
  }

TWIN(saxpy, float, out[i] = 2.5f * fa[i] + fb[i])  // contracted: FMLA / FMADD
TWIN(fdiv, float, out[i] = fa[i] / (fb[i] + 0.5f))
TWIN(fminmax, float, out[i] = fa[i] < fb[i] ? fa[i] : fb[i])
TWIN(dmul, double, out[i] = da[i] * db[i] - da[i])
TWIN(ddiv, double, out[i] = db[i] / (da[i] + 1.0))
TWIN(to_int, s32, out[i] = (s32)(fa[i] * 3.0f))
TWIN(from_int, float, out[i] = (float)(s32)(i * 2654435761u) * 0.25f)
TWIN(widen, double, out[i] = (double)fa[i] * fb[i])
TWIN(narrow, float, out[i] = (float)(da[i] * 1e-3))
TWIN(fabs_neg, float, out[i] = -__builtin_fabsf(fa[i] - fb[i]))
TWIN(fcmp_select, double, out[i] = da[i] >= db[i] ? da[i] : -db[i])

// ---- intrinsic chains ----

static u64 chains(void) {
  u64 h = 0;
  float32x4_t acc = vdupq_n_f32(0.0f);
  float64x2_t accd = vdupq_n_f64(1.0);
  for (unsigned i = 0; i + 4 <= N; i += 4) {
    const float32x4_t a = vld1q_f32(fa + i), b = vld1q_f32(fb + i);
    acc = vfmaq_laneq_f32(acc, a, b, 3);                             // FMLA (by element)
    const float32x4_t p = vpaddq_f32(a, b);                          // FADDP
    const float32x4_t m = vpmaxnmq_f32(p, vabdq_f32(a, b));          // FMAXNMP, FABD
    const float32x4_t e = vrecpeq_f32(vabsq_f32(m));                 // FRECPE
    const float32x4_t s = vmulq_f32(e, vrecpsq_f32(e, m));           // FRECPS
    const float32x4_t r = vrsqrteq_f32(vabsq_f32(a));                // FRSQRTE
    const float32x4_t rs = vrsqrtsq_f32(vmulq_f32(r, r), a);         // FRSQRTS
    const int32x4_t q = vcvtq_n_s32_f32(vrndnq_f32(s), 4);           // FRINTN, FCVTZS #4
    const float32x4_t back = vcvtq_n_f32_s32(q, 8);                  // SCVTF #8
    const uint32x4_t c = vcgtq_f32(back, vmulxq_f32(rs, a));         // FCMGT, FMULX
    const float64x2_t w = vcvt_f64_f32(vget_low_f32(s));             // FCVTL
    const float32x4_t n = vcvt_high_f32_f64(vcvt_f32_f64(w), accd);  // FCVTN, FCVTN2
    accd = vfmaq_f64(accd, w, vdupq_n_f64(vcvtxd_f32_f64(vgetq_lane_f64(w, 0))));  // FCVTXN
    h = h * 31 + vgetq_lane_u32(c, 1) + vgetq_lane_s32(q, 2);
    h = h * 31 + (u32)vgetq_lane_u32(vreinterpretq_u32_f32(n), 3);
    h = h * 31 + (u32)vgetq_lane_u32(vreinterpretq_u32_f32(vrndaq_f32(rs)), 0);
    h = h * 31 + (u32)vgetq_lane_u32(vcvtaq_u32_f32(m), 1);                      // FCVTAU
    h = h * 31 + (u32)vgetq_lane_u32(vrecpeq_u32(vreinterpretq_u32_f32(a)), 2);  // URECPE
  }
  u32 bits;
  float f = vmaxvq_f32(acc) + vminnmvq_f32(acc);  // FMAXV, FMINNMV
  memcpy(&bits, &f, 4);
  h = h * 31 + bits;
  double d = vaddvq_f64(accd);  // FADDP (scalar)
  u64 dbits;
  memcpy(&dbits, &d, 8);
  return h * 31 + dbits;
}

void test_main(u64 dtb) {
  (void)dtb;
  fill();
  t_section("vectorised loops against scalar ones");
#define CHECK_TWIN(name, out) \
  name##_v(out##_v);          \
  name##_s(out##_s);          \
  t_check(#name, t_hash(out##_v, sizeof out##_v), t_hash(out##_s, sizeof out##_s))
  CHECK_TWIN(saxpy, outf);
  CHECK_TWIN(fdiv, outf);
  CHECK_TWIN(fminmax, outf);
  CHECK_TWIN(dmul, outd);
  CHECK_TWIN(ddiv, outd);
  CHECK_TWIN(to_int, outi);
  CHECK_TWIN(from_int, outf);
  CHECK_TWIN(widen, outd);
  CHECK_TWIN(narrow, outf);
  CHECK_TWIN(fabs_neg, outf);
  CHECK_TWIN(fcmp_select, outd);

  t_section("intrinsic chains (compared with QEMU)");
  u64 fpsr;
  __asm__ volatile("msr fpsr, xzr");
  t_value("chains", chains());
  __asm__ volatile("mrs %0, fpsr" : "=r"(fpsr));
  t_value("chains_fpsr", fpsr);
}
