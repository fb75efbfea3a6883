// FMOV (general<->SIMD&FP, top half, immediate, register), MOVI/MVNI (every
// form), ORR/BIC (vector immediate), DUP (element, general), INS (element,
// general), UMOV, SMOV.  Expected values written out by hand from the
// architectural definitions.
#include "ops.h"

const char test_name[] = "simd_mov";

// Run ins with x9/x10 inputs; read v0 back as lo/hi.
#define V0(ins, a, b, hi)                                                                      \
  ({                                                                                           \
    u64 lo_, hi_;                                                                              \
    __asm__ volatile(                                                                          \
        "movi v0.2d, #0xffffffffffffffff\n\t"                                                  \
        "movi v1.16b, #0\n\tmov x9, %2\n\tmov x10, %3\n\t"                                     \
        "mov v1.d[0], x9\n\tmov v1.d[1], x10\n\t" ins "\n\tmov %0, v0.d[0]\n\tmov %1, v0.d[1]" \
        : "=&r"(lo_), "=&r"(hi_)                                                               \
        : "r"((u64)(a)), "r"((u64)(b))                                                         \
        : "x9", "x10", "v0", "v1", "memory");                                                  \
    *(hi) = hi_;                                                                               \
    lo_;                                                                                       \
  })
// v1 = {a, b}; ins writes %0 (a general register).
#define GR(ins, a, b)                                                          \
  ({                                                                           \
    u64 r_;                                                                    \
    __asm__ volatile(                                                          \
        "mov x9, %1\n\tmov x10, %2\n\tmov v1.d[0], x9\n\tmov v1.d[1], x10\n\t" \
        "mov %0, #0x5555\n\t" ins                                              \
        : "=&r"(r_)                                                            \
        : "r"((u64)(a)), "r"((u64)(b))                                         \
        : "x9", "x10", "v1", "memory");                                        \
    r_;                                                                        \
  })

#define CHK(name, ins, a, b, elo, ehi)     \
  do {                                     \
    u64 chi_, clo_ = V0(ins, a, b, &chi_); \
    t_check(name "_lo", clo_, elo);        \
    t_check(name "_hi", chi_, ehi);        \
  } while (0)

static const u64 A = 0x0123456789abcdefull, B = 0xfedcba9876543210ull;

void test_main(u64 dtb) {
  (void)dtb;
  t_section("fmov");
  CHK("fmov_s_w", "fmov s0, w9", A, B, 0x89abcdefull, 0);
  CHK("fmov_d_x", "fmov d0, x9", A, B, A, 0);
  CHK("fmov_top_x", "fmov v0.d[1], x10", A, B, ~0ull, B);
  CHK("fmov_d_d", "fmov d0, d1", A, B, A, 0);
  CHK("fmov_s_s", "fmov s0, s1", A, B, 0x89abcdefull, 0);
  CHK("fmov_d_imm_1", "fmov d0, #1.0", 0, 0, 0x3ff0000000000000ull, 0);
  CHK("fmov_s_imm_m0_5", "fmov s0, #-0.5", 0, 0, 0xbf000000ull, 0);
  CHK("fmov_d_imm_31", "fmov d0, #31.0", 0, 0, 0x403f000000000000ull, 0);
  CHK("fmov_s_imm_0_125", "fmov s0, #0.125", 0, 0, 0x3e000000ull, 0);
  CHK("fmov_2d_imm", "fmov v0.2d, #-2.0", 0, 0, 0xc000000000000000ull, 0xc000000000000000ull);
  CHK("fmov_4s_imm", "fmov v0.4s, #1.5", 0, 0, 0x3fc000003fc00000ull, 0x3fc000003fc00000ull);
  CHK("fmov_2s_imm", "fmov v0.2s, #2.5", 0, 0, 0x4020000040200000ull, 0);
  t_check("fmov_x_d", GR("fmov %0, d1", A, B), A);
  t_check("fmov_w_s", GR("fmov %w0, s1", A, B), 0x89abcdefull);
  t_check("fmov_x_top", GR("fmov %0, v1.d[1]", A, B), B);
  t_section("movi/mvni");
  CHK("movi_16b", "movi v0.16b, #0xa5", 0, 0, 0xa5a5a5a5a5a5a5a5ull, 0xa5a5a5a5a5a5a5a5ull);
  CHK("movi_8b", "movi v0.8b, #0x3c", 0, 0, 0x3c3c3c3c3c3c3c3cull, 0);
  CHK("movi_4h_lsl8", "movi v0.4h, #0x81, lsl #8", 0, 0, 0x8100810081008100ull, 0);
  CHK("movi_8h", "movi v0.8h, #0x7e", 0, 0, 0x007e007e007e007eull, 0x007e007e007e007eull);
  CHK("movi_2s_lsl24", "movi v0.2s, #0xf0, lsl #24", 0, 0, 0xf0000000f0000000ull, 0);
  CHK("movi_4s_lsl16", "movi v0.4s, #0x12, lsl #16", 0, 0, 0x0012000000120000ull,
      0x0012000000120000ull);
  CHK("movi_4s_lsl8", "movi v0.4s, #0x34, lsl #8", 0, 0, 0x0000340000003400ull,
      0x0000340000003400ull);
  CHK("movi_2s_msl8", "movi v0.2s, #0x56, msl #8", 0, 0, 0x000056ff000056ffull, 0);
  CHK("movi_4s_msl16", "movi v0.4s, #0x78, msl #16", 0, 0, 0x0078ffff0078ffffull,
      0x0078ffff0078ffffull);
  CHK("movi_d_bytemask", "movi d0, #0xff00ff0000ffff00", 0, 0, 0xff00ff0000ffff00ull, 0);
  CHK("movi_2d_bytemask", "movi v0.2d, #0x00ff0000000000ff", 0, 0, 0x00ff0000000000ffull,
      0x00ff0000000000ffull);
  CHK("mvni_4h", "mvni v0.4h, #0x12", 0, 0, 0xffedffedffedffedull, 0);
  CHK("mvni_8h_lsl8", "mvni v0.8h, #0x12, lsl #8", 0, 0, 0xedffedffedffedffull,
      0xedffedffedffedffull);
  CHK("mvni_2s_lsl16", "mvni v0.2s, #0x80, lsl #16", 0, 0, 0xff7fffffff7fffffull, 0);
  CHK("mvni_4s_msl8", "mvni v0.4s, #0x01, msl #8", 0, 0, 0xfffffe00fffffe00ull,
      0xfffffe00fffffe00ull);
  CHK("mvni_2s_msl16", "mvni v0.2s, #0x01, msl #16", 0, 0, 0xfffe0000fffe0000ull, 0);
  CHK("orr_4s_imm", "mov v0.16b, v1.16b\n\torr v0.4s, #0x80, lsl #24", 0x1, 0x2,
      0x8000000080000001ull, 0x8000000080000002ull);
  CHK("bic_8h_imm", "mov v0.16b, v1.16b\n\tbic v0.8h, #0xff", A, B, 0x0100450089000000ull + 0xcd00,
      0xfe00ba0076003200ull);
  CHK("bic_2s_imm_lsl8", "mov v0.16b, v1.16b\n\tbic v0.2s, #0xff, lsl #8", A, B,
      0x0123006789ab00efull, 0);
  t_section("dup/ins");
  CHK("dup_16b_elem", "dup v0.16b, v1.b[9]", A, B, 0x3232323232323232ull, 0x3232323232323232ull);
  CHK("dup_4h_elem", "dup v0.4h, v1.h[1]", A, B, 0x89ab89ab89ab89abull, 0);
  CHK("dup_4s_elem", "dup v0.4s, v1.s[3]", A, B, 0xfedcba98fedcba98ull, 0xfedcba98fedcba98ull);
  CHK("dup_2d_elem", "dup v0.2d, v1.d[0]", A, B, A, A);
  CHK("dup_s_scalar", "dup s0, v1.s[2]", A, B, 0x76543210ull, 0);
  CHK("dup_8b_gen", "dup v0.8b, w9", 0x1234, 0, 0x3434343434343434ull, 0);
  CHK("dup_8h_gen", "dup v0.8h, w9", 0x1234, 0, 0x1234123412341234ull, 0x1234123412341234ull);
  CHK("dup_2s_gen", "dup v0.2s, w9", A, 0, 0x89abcdef89abcdefull, 0);
  CHK("dup_2d_gen", "dup v0.2d, x10", 0, B, B, B);
  CHK("ins_b_gen", "ins v0.b[3], w9", 0x1a2b, 0, 0xffffffff2bffffffull, ~0ull);
  CHK("ins_h_gen", "mov v0.h[6], w9", 0x1a2b, 0, ~0ull, 0xffff1a2bffffffffull);
  CHK("ins_s_gen", "mov v0.s[0], w9", A, 0, 0xffffffff89abcdefull, ~0ull);
  CHK("ins_d_gen", "mov v0.d[1], x9", A, 0, ~0ull, A);
  CHK("ins_b_elem", "mov v0.b[15], v1.b[0]", A, B, ~0ull, 0xefffffffffffffffull);
  CHK("ins_h_elem", "mov v0.h[0], v1.h[7]", A, B, 0xfffffffffffffedcull, ~0ull);
  CHK("ins_s_elem", "mov v0.s[1], v1.s[2]", A, B, 0x76543210ffffffffull, ~0ull);
  CHK("ins_d_elem", "mov v0.d[0], v1.d[1]", A, B, B, ~0ull);
  CHK("mov_16b", "mov v0.16b, v1.16b", A, B, A, B);
  CHK("mov_8b", "mov v0.8b, v1.8b", A, B, A, 0);
  t_section("umov/smov");
  t_check("umov_b", GR("umov %w0, v1.b[15]", A, B), 0xfe);
  t_check("umov_h", GR("umov %w0, v1.h[2]", A, B), 0x4567);
  t_check("umov_s", GR("mov %w0, v1.s[3]", A, B), 0xfedcba98ull);
  t_check("umov_d", GR("mov %0, v1.d[1]", A, B), B);
  t_check("smov_w_b", GR("smov %w0, v1.b[0]", A, B), 0xffffffefull);
  t_check("smov_x_b", GR("smov %0, v1.b[6]", A, B), 0x23);
  t_check("smov_w_h", GR("smov %w0, v1.h[1]", A, B), 0xffff89abull);
  t_check("smov_x_h", GR("smov %0, v1.h[7]", A, B), 0xfffffffffffffedcull);
  t_check("smov_x_s", GR("smov %0, v1.s[1]", A, B), 0x01234567ull);
  t_check("smov_x_s_neg", GR("smov %0, v1.s[3]", A, B), 0xfffffffffedcba98ull);
}
