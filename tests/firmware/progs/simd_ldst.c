// SIMD&FP register loads/stores of B/H/S/D/Q: unsigned offset, pre-index,
// post-index, register offset (LSL/UXTW/SXTW/SXTX), unscaled (LDUR/STUR),
// literal (S/D/Q), LDP/STP and LDNP/STNP of S/D/Q.  Scalar loads must zero
// the rest of the 128-bit register.
#include "ldst.h"

const char test_name[] = "simd_ldst";

// ins loads v0 (base x9, index x10); returns lo 64 bits, *hi = upper 64, *wb = x9.
#define VLD(ins, base, idx, hi, wb)                                                         \
  ({                                                                                        \
    u64 lo_, hi_, wb_;                                                                      \
    __asm__ volatile("movi v0.2d, #0xffffffffffffffff\n\tmov x9, %3\n\tmov x10, %4\n\t" ins \
                     "\n\tmov %0, v0.d[0]\n\tmov %1, v0.d[1]\n\tmov %2, x9"                 \
                     : "=&r"(lo_), "=&r"(hi_), "=&r"(wb_)                                   \
                     : "r"((u64)(base)), "r"((u64)(idx))                                    \
                     : "x9", "x10", "v0", "memory");                                        \
    *(hi) = hi_;                                                                            \
    *(wb) = wb_;                                                                            \
    lo_;                                                                                    \
  })
// ins stores v0 = {lo, hi} (base x9, index x10); returns x9.
#define VST(ins, base, idx, lo, hi)                                                        \
  ({                                                                                       \
    u64 wb_;                                                                               \
    __asm__ volatile("fmov d0, %2\n\tmov v0.d[1], %3\n\tmov x9, %1\n\tmov x10, %4\n\t" ins \
                     "\n\tmov %0, x9"                                                      \
                     : "=&r"(wb_)                                                          \
                     : "r"((u64)(base)), "r"((u64)(lo)), "r"((u64)(hi)), "r"((u64)(idx))   \
                     : "x9", "x10", "v0", "memory");                                       \
    wb_;                                                                                   \
  })

static char nbuf[48];
#define NM(a, b) (snprintf(nbuf, sizeof nbuf, "%s_%s", a, b), nbuf)

static void check_ld(const char* name, u64 lo, u64 hi, const u8* src, unsigned size) {
  t_check(NM(name, "lo"), lo, le_read(src, size < 8 ? size : 8));
  t_check(NM(name, "hi"), hi, size == 16 ? le_read(src + 8, 8) : 0);
}

static void test_loads(void) {
  buf_fill();
  u64 base = (u64)buf + 128, hi, wb, lo;
  const u8* p = buf + 128;
  lo = VLD("ldr b0, [x9, #7]", base, 0, &hi, &wb);
  check_ld("ldr_b_uoff", lo, hi, p + 7, 1);
  lo = VLD("ldr h0, [x9, #14]", base, 0, &hi, &wb);
  check_ld("ldr_h_uoff", lo, hi, p + 14, 2);
  lo = VLD("ldr s0, [x9, #60]", base, 0, &hi, &wb);
  check_ld("ldr_s_uoff", lo, hi, p + 60, 4);
  lo = VLD("ldr d0, [x9, #64]", base - 64, 0, &hi, &wb);
  check_ld("ldr_d_uoff", lo, hi, p, 8);
  lo = VLD("ldr q0, [x9, #65520]", base - 65520 + 16, 0, &hi, &wb);
  check_ld("ldr_q_uoff_max", lo, hi, p + 16, 16);
  lo = VLD("ldr b0, [x9, #-1]!", base, 0, &hi, &wb);
  check_ld("ldr_b_pre", lo, hi, p - 1, 1);
  t_check("ldr_b_pre_wb", wb - base, (u64)-1);
  lo = VLD("ldr h0, [x9, #2]!", base, 0, &hi, &wb);
  check_ld("ldr_h_pre", lo, hi, p + 2, 2);
  lo = VLD("ldr s0, [x9, #-256]!", base + 256 - 8, 0, &hi, &wb);
  check_ld("ldr_s_pre", lo, hi, p - 8, 4);
  lo = VLD("ldr d0, [x9, #255]!", base - 255 + 24, 0, &hi, &wb);
  check_ld("ldr_d_pre", lo, hi, p + 24, 8);
  t_check("ldr_d_pre_wb", wb - base, 24);
  lo = VLD("ldr q0, [x9, #-32]!", base, 0, &hi, &wb);
  check_ld("ldr_q_pre", lo, hi, p - 32, 16);
  t_check("ldr_q_pre_wb", wb - base, (u64)-32);
  lo = VLD("ldr b0, [x9], #3", base + 5, 0, &hi, &wb);
  check_ld("ldr_b_post", lo, hi, p + 5, 1);
  t_check("ldr_b_post_wb", wb - base, 8);
  lo = VLD("ldr h0, [x9], #-2", base + 6, 0, &hi, &wb);
  check_ld("ldr_h_post", lo, hi, p + 6, 2);
  lo = VLD("ldr s0, [x9], #4", base + 36, 0, &hi, &wb);
  check_ld("ldr_s_post", lo, hi, p + 36, 4);
  lo = VLD("ldr d0, [x9], #-8", base + 40, 0, &hi, &wb);
  check_ld("ldr_d_post", lo, hi, p + 40, 8);
  lo = VLD("ldr q0, [x9], #16", base + 48, 0, &hi, &wb);
  check_ld("ldr_q_post", lo, hi, p + 48, 16);
  t_check("ldr_q_post_wb", wb - base, 64);
  // register offset
  lo = VLD("ldr b0, [x9, x10]", base, (u64)-9, &hi, &wb);
  check_ld("ldr_b_reg", lo, hi, p - 9, 1);
  lo = VLD("ldr h0, [x9, x10, lsl #1]", base, 5, &hi, &wb);
  check_ld("ldr_h_reg_lsl1", lo, hi, p + 10, 2);
  lo = VLD("ldr s0, [x9, w10, sxtw #2]", base, 0xffffffff0000fffcull | 0xffff0000ull, &hi, &wb);
  check_ld("ldr_s_reg_sxtw2", lo, hi, p - 16, 4);
  lo = VLD("ldr d0, [x9, w10, uxtw #3]", base - 0x80000, 0xabcd000000010004ull, &hi, &wb);
  check_ld("ldr_d_reg_uxtw3", lo, hi, p + 32, 8);
  lo = VLD("ldr q0, [x9, x10, lsl #4]", base, (u64)-4, &hi, &wb);
  check_ld("ldr_q_reg_lsl4", lo, hi, p - 64, 16);
  lo = VLD("ldr q0, [x9, x10, sxtx]", base, 80, &hi, &wb);
  check_ld("ldr_q_reg_sxtx", lo, hi, p + 80, 16);
  // unscaled
  lo = VLD("ldur b0, [x9, #-3]", base, 0, &hi, &wb);
  check_ld("ldur_b", lo, hi, p - 3, 1);
  lo = VLD("ldur h0, [x9, #-4]", base, 0, &hi, &wb);
  check_ld("ldur_h", lo, hi, p - 4, 2);
  lo = VLD("ldur s0, [x9, #-20]", base, 0, &hi, &wb);
  check_ld("ldur_s", lo, hi, p - 20, 4);
  lo = VLD("ldur d0, [x9, #-40]", base, 0, &hi, &wb);
  check_ld("ldur_d", lo, hi, p - 40, 8);
  lo = VLD("ldur q0, [x9, #-256]", base + 256 - 48, 0, &hi, &wb);
  check_ld("ldur_q", lo, hi, p - 48, 16);
  // literal
  lo = VLD("ldr s0, 1f\n\tb 2f\n\t.balign 16\n1: .quad 0x1122334455667788, 0x99aabbccddeeff00\n2:",
           0, 0, &hi, &wb);
  t_check("ldr_s_lit", lo << 1 | (hi != 0), 0x55667788ull << 1);
  lo = VLD("ldr d0, 1f\n\tb 2f\n\t.balign 16\n1: .quad 0x1122334455667788, 0x99aabbccddeeff00\n2:",
           0, 0, &hi, &wb);
  t_check("ldr_d_lit", lo, 0x1122334455667788ull);
  t_check("ldr_d_lit_hi", hi, 0);
  lo = VLD("ldr q0, 1f\n\tb 2f\n\t.balign 16\n1: .quad 0x1122334455667788, 0x99aabbccddeeff00\n2:",
           0, 0, &hi, &wb);
  t_check("ldr_q_lit_lo", lo, 0x1122334455667788ull);
  t_check("ldr_q_lit_hi", hi, 0x99aabbccddeeff00ull);
}

static void test_stores(void) {
  buf_fill();
  u64 base = (u64)buf + 128, wb;
  u8* q = ref + 128;
  u64 lo = 0x0706050403020100ull, hi = 0x0f0e0d0c0b0a0908ull;
  VST("str b0, [x9, #1]", base, 0, lo ^ 0xaa, hi);
  le_write(q + 1, 1, lo ^ 0xaa);
  VST("str h0, [x9, #2]", base, 0, lo, hi);
  le_write(q + 2, 2, lo);
  VST("str s0, [x9, #4]", base, 0, lo, hi);
  le_write(q + 4, 4, lo);
  VST("str d0, [x9, #8]", base, 0, ~lo, hi);
  le_write(q + 8, 8, ~lo);
  VST("str q0, [x9, #16]", base, 0, lo, hi);
  le_write(q + 16, 8, lo);
  le_write(q + 24, 8, hi);
  t_true("str_uoff", buf_matches());
  wb = VST("str b0, [x9, #-33]!", base, 0, 0x33, 0);
  le_write(q - 33, 1, 0x33);
  t_check("str_b_pre_wb", wb - base, (u64)-33);
  wb = VST("str h0, [x9, #-36]!", base, 0, 0x3636, 0);
  le_write(q - 36, 2, 0x3636);
  wb = VST("str s0, [x9, #-40]!", base, 0, 0x40404040, 0);
  le_write(q - 40, 4, 0x40404040);
  wb = VST("str d0, [x9, #-48]!", base, 0, 0x4848484848484848ull, 0);
  le_write(q - 48, 8, 0x4848484848484848ull);
  wb = VST("str q0, [x9, #-64]!", base, 0, lo, hi);
  le_write(q - 64, 8, lo);
  le_write(q - 56, 8, hi);
  t_check("str_q_pre_wb", wb - base, (u64)-64);
  t_true("str_pre", buf_matches());
  wb = VST("str b0, [x9], #1", base + 32, 0, 0x20, 0);
  le_write(q + 32, 1, 0x20);
  wb = VST("str h0, [x9], #2", base + 34, 0, 0x2222, 0);
  le_write(q + 34, 2, 0x2222);
  wb = VST("str s0, [x9], #4", base + 36, 0, 0x24242424, 0);
  le_write(q + 36, 4, 0x24242424);
  wb = VST("str d0, [x9], #8", base + 40, 0, 0x2828282828282828ull, 0);
  le_write(q + 40, 8, 0x2828282828282828ull);
  wb = VST("str q0, [x9], #-48", base + 48, 0, hi, lo);
  le_write(q + 48, 8, hi);
  le_write(q + 56, 8, lo);
  t_check("str_q_post_wb", wb - base, 0);
  t_true("str_post", buf_matches());
  VST("str b0, [x9, x10]", base, 64, 0x64, 0);
  le_write(q + 64, 1, 0x64);
  VST("str h0, [x9, x10, lsl #1]", base, 33, 0x6666, 0);
  le_write(q + 66, 2, 0x6666);
  VST("str s0, [x9, w10, uxtw #2]", base, 0x5500000000000011ull, 0x68686868, 0);
  le_write(q + 68, 4, 0x68686868);
  VST("str d0, [x9, w10, sxtw #3]", base, 0xfffffff7ull, 0x7272727272727272ull, 0);
  le_write(q - 72, 8, 0x7272727272727272ull);
  VST("str q0, [x9, x10, lsl #4]", base, 5, lo, ~hi);
  le_write(q + 80, 8, lo);
  le_write(q + 88, 8, ~hi);
  VST("stur b0, [x9, #-97]", base, 0, 0x97, 0);
  le_write(q - 97, 1, 0x97);
  VST("stur h0, [x9, #-100]", base, 0, 0x1001, 0);
  le_write(q - 100, 2, 0x1001);
  VST("stur s0, [x9, #-104]", base, 0, 0x10041004, 0);
  le_write(q - 104, 4, 0x10041004);
  VST("stur d0, [x9, #-112]", base, 0, 0x1120112011201120ull, 0);
  le_write(q - 112, 8, 0x1120112011201120ull);
  VST("stur q0, [x9, #-16]", base + 112, 0, ~lo, hi);
  le_write(q + 96, 8, ~lo);
  le_write(q + 104, 8, hi);
  t_true("str_reg_and_unscaled", buf_matches());
}

static void test_pairs(void) {
  buf_fill();
  u64 base = (u64)buf + 128, a0, a1, b0, b1, wb;
  const u8* p = buf + 128;
#define VLDP(ins, b)                                                           \
  __asm__ volatile(                                                            \
      "movi v0.2d, #0xffffffffffffffff\n\tmovi v1.2d, #0xffffffffffffffff\n\t" \
      "mov x9, %5\n\t" ins                                                     \
      "\n\tmov %0, v0.d[0]\n\tmov %1, v0.d[1]\n\tmov %2, v1.d[0]\n\t"          \
      "mov %3, v1.d[1]\n\tmov %4, x9"                                          \
      : "=&r"(a0), "=&r"(a1), "=&r"(b0), "=&r"(b1), "=&r"(wb)                  \
      : "r"((u64)(b))                                                          \
      : "x9", "v0", "v1", "memory")
  VLDP("ldp s0, s1, [x9, #-8]", base);
  t_check("ldp_s_a", a0 | a1 << 32, le_read(p - 8, 4));
  t_check("ldp_s_b", b0 | b1 << 32, le_read(p - 4, 4));
  VLDP("ldp d0, d1, [x9, #16]!", base);
  t_check("ldp_d_pre_a", a0 ^ a1, le_read(p + 16, 8));
  t_check("ldp_d_pre_b", b0 ^ b1, le_read(p + 24, 8));
  t_check("ldp_d_pre_wb", wb - base, 16);
  VLDP("ldp q0, q1, [x9], #-32", base + 32);
  t_check("ldp_q_post_a_lo", a0, le_read(p + 32, 8));
  t_check("ldp_q_post_a_hi", a1, le_read(p + 40, 8));
  t_check("ldp_q_post_b_lo", b0, le_read(p + 48, 8));
  t_check("ldp_q_post_b_hi", b1, le_read(p + 56, 8));
  t_check("ldp_q_post_wb", wb - base, 0);
  VLDP("ldp q0, q1, [x9, #-1024]", base + 1024 - 64);
  t_check("ldp_q_min_b_hi", b1, le_read(p - 40, 8));
  VLDP("ldp s0, s1, [x9], #252", base + 8);
  t_check("ldp_s_post_b", b0, le_read(p + 12, 4));
  t_check("ldp_s_post_wb", wb - base, 260);
  VLDP("ldnp d0, d1, [x9, #-16]", base);
  t_check("ldnp_d_a", a0, le_read(p - 16, 8));
  t_check("ldnp_d_b", b0, le_read(p - 8, 8));
  VLDP("ldnp q0, q1, [x9, #64]", base);
  t_check("ldnp_q_b_hi", b1, le_read(p + 88, 8));
  VLDP("ldnp s0, s1, [x9]", base);
  t_check("ldnp_s_b", b0 | b1, le_read(p + 4, 4));
  // stores
  u8* q = ref + 128;
#define VSTP(ins, b, x, y)                                                   \
  __asm__ volatile(                                                          \
      "fmov d0, %1\n\tmov v0.d[1], %2\n\tfmov d1, %2\n\tmov v1.d[1], %1\n\t" \
      "mov x9, %3\n\t" ins "\n\tmov %0, x9"                                  \
      : "=&r"(wb)                                                            \
      : "r"((u64)(x)), "r"((u64)(y)), "r"((u64)(b))                          \
      : "x9", "v0", "v1", "memory")
  u64 x = 0x0123456789abcdefull, y = 0xfedcba9876543210ull;
  VSTP("stp s0, s1, [x9, #8]", base, x, y);
  le_write(q + 8, 4, x);
  le_write(q + 12, 4, y);
  VSTP("stp d0, d1, [x9, #-16]!", base, x, y);
  le_write(q - 16, 8, x);
  le_write(q - 8, 8, y);
  t_check("stp_d_pre_wb", wb - base, (u64)-16);
  VSTP("stp q0, q1, [x9], #64", base + 32, x, y);
  le_write(q + 32, 8, x);
  le_write(q + 40, 8, y);
  le_write(q + 48, 8, y);
  le_write(q + 56, 8, x);
  t_check("stp_q_post_wb", wb - base, 96);
  VSTP("stnp d0, d1, [x9, #64]", base, y, x);
  le_write(q + 64, 8, y);
  le_write(q + 72, 8, x);
  VSTP("stnp q0, q1, [x9, #-64]", base, y, x);
  le_write(q - 64, 8, y);
  le_write(q - 56, 8, x);
  le_write(q - 48, 8, x);
  le_write(q - 40, 8, y);
  VSTP("stnp s0, s1, [x9, #-24]", base, y, x);
  le_write(q - 24, 4, y);
  le_write(q - 20, 4, x);
  t_true("stp_all", buf_matches());
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("loads");
  test_loads();
  t_section("stores");
  test_stores();
  t_section("pairs");
  test_pairs();
}
