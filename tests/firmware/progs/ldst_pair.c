// LDP/STP (W, X) with signed offset, pre-index and post-index, LDPSW (all
// three), LDNP/STNP, SP as base.
#include "ldst.h"

const char test_name[] = "ldst_pair";

// Load pair with base x9; returns a ^ rotated b so both registers count,
// and stores them separately too.
#define LDP2(ins, base, a, b, wb)                          \
  do {                                                     \
    u64 a_, b_, w_;                                        \
    __asm__ volatile("mov x9, %3\n\t" ins "\n\tmov %2, x9" \
                     : "=&r"(a_), "=&r"(b_), "=&r"(w_)     \
                     : "r"((u64)(base))                    \
                     : "x9", "memory");                    \
    *(a) = a_;                                             \
    *(b) = b_;                                             \
    *(wb) = w_;                                            \
  } while (0)

#define STP2(ins, base, a, b)                                         \
  ({                                                                  \
    u64 w_;                                                           \
    __asm__ volatile("mov x9, %1\n\t" ins "\n\tmov %0, x9"            \
                     : "=&r"(w_)                                      \
                     : "r"((u64)(base)), "r"((u64)(a)), "r"((u64)(b)) \
                     : "x9", "memory");                               \
    w_;                                                               \
  })

static void test_ldp(void) {
  buf_fill();
  u64 base = (u64)buf + 128, a, b, wb;
  const u8* p = buf + 128;
  LDP2("ldp %0, %1, [x9]", base, &a, &b, &wb);
  t_check("ldp_x_a", a, le_read(p, 8));
  t_check("ldp_x_b", b, le_read(p + 8, 8));
  LDP2("ldp %0, %1, [x9, #-512]", base + 512 - 64, &a, &b, &wb);
  t_check("ldp_x_min_a", a, le_read(p - 64, 8));
  t_check("ldp_x_min_b", b, le_read(p - 56, 8));
  LDP2("ldp %0, %1, [x9, #504]", base - 504 + 16, &a, &b, &wb);
  t_check("ldp_x_max_a", a, le_read(p + 16, 8));
  t_check("ldp_x_max_b", b, le_read(p + 24, 8));
  LDP2("ldp %w0, %w1, [x9, #-8]", base, &a, &b, &wb);
  t_check("ldp_w_a", a, le_read(p - 8, 4));
  t_check("ldp_w_b", b, le_read(p - 4, 4));
  LDP2("ldp %w0, %w1, [x9, #252]", base - 128, &a, &b, &wb);
  t_check("ldp_w_max_a", a, le_read(p + 124, 4));
  t_check("ldp_w_max_b", b, le_read(p + 128, 4));
  LDP2("ldp %0, %1, [x9, #16]!", base, &a, &b, &wb);
  t_check("ldp_x_pre_a", a, le_read(p + 16, 8));
  t_check("ldp_x_pre_b", b, le_read(p + 24, 8));
  t_check("ldp_x_pre_wb", wb - base, 16);
  LDP2("ldp %w0, %w1, [x9, #-256]!", base + 128, &a, &b, &wb);
  t_check("ldp_w_pre_a", a, le_read(p - 128, 4));
  t_check("ldp_w_pre_wb", wb - base, (u64)-128);
  LDP2("ldp %0, %1, [x9], #-16", base, &a, &b, &wb);
  t_check("ldp_x_post_a", a, le_read(p, 8));
  t_check("ldp_x_post_b", b, le_read(p + 8, 8));
  t_check("ldp_x_post_wb", wb - base, (u64)-16);
  LDP2("ldp %w0, %w1, [x9], #8", base + 40, &a, &b, &wb);
  t_check("ldp_w_post_b", b, le_read(p + 44, 4));
  t_check("ldp_w_post_wb", wb - base, 48);
  LDP2("ldpsw %0, %1, [x9, #8]", base, &a, &b, &wb);
  t_check("ldpsw_a", a, sx(le_read(p + 8, 4), 32));
  t_check("ldpsw_b", b, sx(le_read(p + 12, 4), 32));
  LDP2("ldpsw %0, %1, [x9, #-16]!", base, &a, &b, &wb);
  t_check("ldpsw_pre_a", a, sx(le_read(p - 16, 4), 32));
  t_check("ldpsw_pre_b", b, sx(le_read(p - 12, 4), 32));
  t_check("ldpsw_pre_wb", wb - base, (u64)-16);
  LDP2("ldpsw %0, %1, [x9], #24", base + 24, &a, &b, &wb);
  t_check("ldpsw_post_a", a, sx(le_read(p + 24, 4), 32));
  t_check("ldpsw_post_b", b, sx(le_read(p + 28, 4), 32));
  t_check("ldpsw_post_wb", wb - base, 48);
  LDP2("ldnp %0, %1, [x9, #32]", base, &a, &b, &wb);
  t_check("ldnp_x_a", a, le_read(p + 32, 8));
  t_check("ldnp_x_b", b, le_read(p + 40, 8));
  LDP2("ldnp %w0, %w1, [x9, #-32]", base, &a, &b, &wb);
  t_check("ldnp_w_a", a, le_read(p - 32, 4));
  t_check("ldnp_w_b", b, le_read(p - 28, 4));
}

static void test_stp(void) {
  buf_fill();
  u64 base = (u64)buf + 128, wb;
  u8* q = ref + 128;
  u64 x = 0x0123456789abcdefull, y = 0xfedcba9876543210ull;
  STP2("stp %2, %3, [x9]", base, x, y);
  le_write(q, 8, x);
  le_write(q + 8, 8, y);
  STP2("stp %w2, %w3, [x9, #-8]", base, x, y);
  le_write(q - 8, 4, x);
  le_write(q - 4, 4, y);
  wb = STP2("stp %2, %3, [x9, #32]!", base, y, x);
  le_write(q + 32, 8, y);
  le_write(q + 40, 8, x);
  t_check("stp_x_pre_wb", wb - base, 32);
  wb = STP2("stp %w2, %w3, [x9, #-64]!", base, ~x, ~y);
  le_write(q - 64, 4, ~x);
  le_write(q - 60, 4, ~y);
  t_check("stp_w_pre_wb", wb - base, (u64)-64);
  wb = STP2("stp %2, %3, [x9], #-512", base + 64, x ^ y, x + y);
  le_write(q + 64, 8, x ^ y);
  le_write(q + 72, 8, x + y);
  t_check("stp_x_post_wb", wb - base, (u64)-448);
  wb = STP2("stp %w2, %w3, [x9], #4", base - 96, 1, 2);
  le_write(q - 96, 4, 1);
  le_write(q - 92, 4, 2);
  t_check("stp_w_post_wb", wb - base, (u64)-92);
  STP2("stnp %2, %3, [x9, #80]", base, y, y);
  le_write(q + 80, 8, y);
  le_write(q + 88, 8, y);
  STP2("stnp %w2, %w3, [x9, #-112]", base, x, 0);
  le_write(q - 112, 4, x);
  le_write(q - 108, 4, 0);
  STP2("stp xzr, %2, [x9, #96]", base, x, 0);
  le_write(q + 96, 8, 0);
  le_write(q + 104, 8, x);
  t_true("stp_all_forms", buf_matches());
  // SP as base: push/pop pair.
  u64 r =
      OP2("mov x10, sp\n\tmov sp, %1\n\tstp %2, %1, [sp, #-16]!\n\tldp x9, %0, [sp], #16\n\t"
          "cmp x9, %2\n\tcsel %0, %0, xzr, eq\n\tmov x9, sp\n\tmov sp, x10\n\tsub %0, %0, x9",
          base + 128, x);
  t_check("stp_ldp_sp", r, 0);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("ldp");
  test_ldp();
  t_section("stp");
  test_stp();
}
