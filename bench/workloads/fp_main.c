// The floating-point workload (group "fp"): at EL2 with the MMU off, repetitions of
//  - an n-body step in double precision (FADD, FMUL, FMADD, FDIV, FSQRT: 16 bodies),
//  - a 32x32 single-precision matrix product with AdvSIMD (FMLA by element, .4s),
//  - conversions and rounding (SCVTF, FCVTZS, FRINTX, FCVT between precisions).
// Self-checks: the matrix product against a scalar one (the same roundings: every lane
// of FMLA is one fused multiply-add, as in the scalar loop), and the conversions'
// round trips; the checksum, printed, is compared with QEMU's transcript.
#include <arm_neon.h>

#include "bench.h"
#include "fp.h"

#ifndef BENCH_NAME
#error "BENCH_NAME must be defined"
#endif

const char test_name[] = BENCH_NAME;

#define BODIES 16
#define MDIM 32
#define REPS (10000 / BENCH_SCALE)

static double px[BODIES], py[BODIES], pz[BODIES], vx[BODIES], vy[BODIES], vz[BODIES], mass[BODIES];
static float ma[MDIM * MDIM] __attribute__((aligned(16)));
static float mb[MDIM * MDIM] __attribute__((aligned(16)));
static float mc[MDIM * MDIM] __attribute__((aligned(16)));

static void init(void) {
  u64 s = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < BODIES; ++i) {
    px[i] = (double)(t_rand(&s) >> 40) / 65536.0;
    py[i] = (double)(t_rand(&s) >> 40) / 65536.0;
    pz[i] = (double)(t_rand(&s) >> 40) / 65536.0;
    vx[i] = vy[i] = vz[i] = 0;
    mass[i] = 1.0 + (double)(t_rand(&s) >> 54);
  }
  for (int i = 0; i < MDIM * MDIM; ++i) {
    ma[i] = (float)(s32)(t_rand(&s) >> 40) / 4096.0f;
    mb[i] = (float)((s32)(t_rand(&s) >> 40) - (1 << 23)) / (float)(1 << 29);  // |b| <= 1/64
  }
}

static void nbody_step(double dt) {
  for (int i = 0; i < BODIES; ++i) {
    double ax = 0, ay = 0, az = 0;
    for (int j = 0; j < BODIES; ++j) {
      if (j == i) continue;
      const double dx = px[j] - px[i], dy = py[j] - py[i], dz = pz[j] - pz[i];
      const double d2 = dx * dx + dy * dy + dz * dz + 0.01;
      const double inv = mass[j] / (d2 * fsqrt(d2));
      ax += dx * inv;
      ay += dy * inv;
      az += dz * inv;
    }
    vx[i] += ax * dt;
    vy[i] += ay * dt;
    vz[i] += az * dt;
  }
  for (int i = 0; i < BODIES; ++i) {
    px[i] += vx[i] * dt;
    py[i] += vy[i] * dt;
    pz[i] += vz[i] * dt;
  }
}

// C = A * B with AdvSIMD: four columns of a row of C at a time.
static void matmul_neon(void) {
  for (int i = 0; i < MDIM; ++i) {
    for (int j = 0; j < MDIM; j += 4) {
      float32x4_t acc = vdupq_n_f32(0.0f);
      for (int k = 0; k < MDIM; k += 4) {
        const float32x4_t a = vld1q_f32(&ma[i * MDIM + k]);
        acc = vfmaq_laneq_f32(acc, vld1q_f32(&mb[(k + 0) * MDIM + j]), a, 0);
        acc = vfmaq_laneq_f32(acc, vld1q_f32(&mb[(k + 1) * MDIM + j]), a, 1);
        acc = vfmaq_laneq_f32(acc, vld1q_f32(&mb[(k + 2) * MDIM + j]), a, 2);
        acc = vfmaq_laneq_f32(acc, vld1q_f32(&mb[(k + 3) * MDIM + j]), a, 3);
      }
      vst1q_f32(&mc[i * MDIM + j], acc);
    }
  }
}

// One element of C as the scalar loop computes it, in the same order.
static float matmul_elem(int i, int j) {
  float acc = 0.0f;
  for (int k = 0; k < MDIM; ++k) acc = fmadf(mb[k * MDIM + j], ma[i * MDIM + k], acc);
  return acc;
}

void test_main(u64 dtb) {
  (void)dtb;
  struct kresult r = {0, 0};
  init();
  printf("%s: %u repetitions at EL2, MMU off\n", BENCH_NAME, (unsigned)REPS);
  for (u64 rep = 0; rep < REPS; ++rep) {
    nbody_step(0.001);
    matmul_neon();
    // one element of the product checked against the scalar loop
    const int i = (int)(rep % MDIM), j = (int)((rep * 7) % MDIM);
    if (bits_f(mc[i * MDIM + j]) != bits_f(matmul_elem(i, j))) r.errors++;
    ma[rep % (MDIM * MDIM)] += 0.5f;  // the next product differs
    // conversions and rounding: round trips that must hold
    const double x = px[rep % BODIES] * 1000.0;
    const s64 n = (s64)x;                                    // FCVTZS
    if ((double)n > x + 1 || (double)n < x - 1) r.errors++;  // SCVTF
    const double rn = __builtin_rint(x);                     // FRINTX
    const float f = (float)rn;                               // FCVT
    if ((double)f != rn && __builtin_fabs(rn) < 16777216.0) r.errors++;
    r.checksum = r.checksum * 31 + bits_d(px[rep % BODIES]) + bits_f(mc[rep % (MDIM * MDIM)]);
  }
  report_kernel(BENCH_NAME, &r);
}
