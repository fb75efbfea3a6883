// FP operations whose results and FPSR flags are fully defined by the
// architecture (IEEE 754 plus the Arm rules for NaNs, FZ and saturation):
// division by zero, invalid operation with and without default NaN,
// signalling NaN propagation, overflow, inexact, the four rounding modes,
// flush-to-zero of a denormal input, saturating conversions, SQADD setting
// FPSR.QC, cumulative flags.
#include "ops.h"

const char test_name[] = "fp_flags";

#define FPCR_AHP (1u << 26)
#define FPCR_DN (1u << 25)
#define FPCR_FZ (1u << 24)
#define FPCR_RMODE(x) ((u64)(x) << 22)
#define FPSR_IOC 0x01u
#define FPSR_DZC 0x02u
#define FPSR_OFC 0x04u
#define FPSR_UFC 0x08u
#define FPSR_IXC 0x10u
#define FPSR_IDC 0x80u
#define FPSR_QC (1u << 27)

// Run a double op d0 = op(d1, d2) under fpcr with FPSR cleared; returns the
// result bits, *fpsr = FPSR afterwards.
#define FOP(ins, a, b, fpcr, fpsr)                                                         \
  ({                                                                                       \
    u64 r_, s_ = (u64)(a);                                                                 \
    __asm__ volatile("msr fpcr, %3\n\tmsr fpsr, xzr\n\tfmov d1, %1\n\tfmov d2, %2\n\t" ins \
                     "\n\tmrs %0, fpsr\n\tmov %1, %0\n\tfmov %0, d0\n\tmsr fpcr, xzr"      \
                     : "=&r"(r_), "+&r"(s_)                                                \
                     : "r"((u64)(b)), "r"((u64)(fpcr))                                     \
                     : "v0", "v1", "v2", "memory");                                        \
    *(fpsr) = s_;                                                                          \
    r_;                                                                                    \
  })

#define ONE 0x3ff0000000000000ull
#define THREE 0x4008000000000000ull
#define DMAX 0x7fefffffffffffffull
#define PINF 0x7ff0000000000000ull
#define DNAN 0x7ff8000000000000ull

void test_main(u64 dtb) {
  (void)dtb;
  t_section("flags");
  u64 s, r;
  r = FOP("fdiv d0, d1, d2", ONE, 0, 0, &s);
  t_check("fdiv_1_0", r, PINF);
  t_check("fdiv_1_0_fpsr", s, FPSR_DZC);
  r = FOP("fdiv d0, d1, d2", 0, 0, 0, &s);
  t_check("fdiv_0_0", r, DNAN);
  t_check("fdiv_0_0_fpsr", s, FPSR_IOC);
  r = FOP("fsqrt d0, d1", 0xbff0000000000000ull, 0, FPCR_DN, &s);
  t_check("fsqrt_m1_dn", r, DNAN);
  t_check("fsqrt_m1_fpsr", s, FPSR_IOC);
  // A signalling NaN operand is quietened (DN=0) or replaced (DN=1).
  r = FOP("fadd d0, d1, d2", 0x7ff0000000000123ull, ONE, 0, &s);
  t_check("fadd_snan", r, 0x7ff8000000000123ull);
  t_check("fadd_snan_fpsr", s, FPSR_IOC);
  r = FOP("fadd d0, d1, d2", 0x7ff0000000000123ull, ONE, FPCR_DN, &s);
  t_check("fadd_snan_dn", r, DNAN);
  r = FOP("fmul d0, d1, d2", DMAX, THREE, 0, &s);
  t_check("fmul_overflow", r, PINF);
  t_check("fmul_overflow_fpsr", s, FPSR_OFC | FPSR_IXC);
  r = FOP("fmul d0, d1, d2", DMAX, THREE, FPCR_RMODE(3), &s);
  t_check("fmul_overflow_rz", r, DMAX);
  r = FOP("fdiv d0, d1, d2", ONE, THREE, 0, &s);
  t_check("fdiv_1_3_rn", r, 0x3fd5555555555555ull);
  t_check("fdiv_1_3_fpsr", s, FPSR_IXC);
  r = FOP("fdiv d0, d1, d2", ONE, THREE, FPCR_RMODE(1), &s);
  t_check("fdiv_1_3_rp", r, 0x3fd5555555555556ull);
  r = FOP("fdiv d0, d1, d2", ONE, THREE, FPCR_RMODE(2), &s);
  t_check("fdiv_1_3_rm", r, 0x3fd5555555555555ull);
  r = FOP("fdiv d0, d1, d2", ONE | (1ull << 63), THREE, FPCR_RMODE(2), &s);
  t_check("fdiv_m1_3_rm", r, 0xbfd5555555555556ull);
  r = FOP("fadd d0, d1, d2", ONE, 0x3ca0000000000000ull, 0, &s);  // 1 + 2^-53: tie to even
  t_check("fadd_tie_even", r, ONE);
  t_check("fadd_tie_fpsr", s, FPSR_IXC);
  r = FOP("fadd d0, d1, d2", 0x0000000000000001ull, 0, FPCR_FZ, &s);  // denormal input flushed
  t_check("fadd_fz_denormal", r, 0);
  t_check("fadd_fz_fpsr", s, FPSR_IDC);
  r = FOP("fadd d0, d1, d2", 0x0000000000000001ull, 0, 0, &s);
  t_check("fadd_denormal_nofz", r, 1);
  t_check("fadd_denormal_nofz_fpsr", s, 0);
  r = FOP("fcvtzs x9, d1\n\tfmov d0, x9", 0x43e0000000000000ull, 0, 0, &s);  // 2^63
  t_check("fcvtzs_saturate", r, 0x7fffffffffffffffull);
  t_check("fcvtzs_saturate_fpsr", s, FPSR_IOC);
  r = FOP("fcvtzu w9, d1\n\tfmov d0, x9", 0xc000000000000000ull, 0, 0, &s);  // -2.0
  t_check("fcvtzu_negative", r, 0);
  t_check("fcvtzu_negative_fpsr", s, FPSR_IOC);
  r = FOP("scvtf d0, x9", 0, 0, 0, &s);
  (void)r;
  r = FOP("mov x9, #-3\n\tscvtf d0, x9", 0, 0, 0, &s);
  t_check("scvtf_m3", r, 0xc008000000000000ull);
  r = FOP("fcvt s0, d1\n\tfmov w9, s0\n\tfmov d0, x9", 0x3ff0000000000001ull, 0, 0, &s);
  t_check("fcvt_d_to_s", r, 0x3f800000ull);
  t_check("fcvt_d_to_s_fpsr", s, FPSR_IXC);
  // Saturating integer SIMD op sets FPSR.QC.
  r = FOP("sqadd d0, d1, d2", 0x7fffffffffffffffull, 1, 0, &s);
  t_check("sqadd_sat", r, 0x7fffffffffffffffull);
  t_check("sqadd_sat_fpsr", s, FPSR_QC);
  // FPSR flags are cumulative: a second op keeps the first op's flags.
  u64 acc;
  __asm__ volatile(
      "msr fpsr, xzr\n\tfmov d1, #1.0\n\tmovi d2, #0\n\tfdiv d0, d1, d2\n\t"
      "fmov d2, #3.0\n\tfdiv d0, d1, d2\n\tmrs %0, fpsr"
      : "=r"(acc)::"v0", "v1", "v2");
  t_check("fpsr_cumulative", acc, FPSR_DZC | FPSR_IXC);
  sysreg_write(fpsr, 0);
}
