// Exclusives: LDXR/STXR and LDAXR/STLXR (B/H/W/X), LDXP/STXP and
// LDAXP/STLXP (W, X), success status 0, failure status 1 after CLREX or
// without a preceding load-exclusive (memory unchanged); LDAR/STLR (B/H/W/X);
// an atomic increment loop.
#include "ldst.h"

const char test_name[] = "ldst_excl";

// ld: load-exclusive into %0 from [x9]; st: store-exclusive of %3 with the
// status in %1.  Returns the loaded value, *status = status.
#define EXCL(ld, st, addr, val, status)                  \
  ({                                                     \
    u64 v_, s_;                                          \
    __asm__ volatile("mov x9, %2\n\t" ld "\n\t" st       \
                     : "=&r"(v_), "=&r"(s_)              \
                     : "r"((u64)(addr)), "r"((u64)(val)) \
                     : "x9", "memory");                  \
    *(status) = s_;                                      \
    v_;                                                  \
  })

static void test_single(void) {
  buf_fill();
  u8* p = buf + 64;
  u8* q = ref + 64;
  u64 st, v;
  v = EXCL("ldxrb %w0, [x9]", "stxrb %w1, %w3, [x9]", p + 1, 0xa1, &st);
  t_check("ldxrb", v, q[1]);
  t_check("stxrb_status", st, 0);
  q[1] = 0xa1;
  v = EXCL("ldxrh %w0, [x9]", "stxrh %w1, %w3, [x9]", p + 2, 0xb2b2, &st);
  t_check("ldxrh", v, le_read(q + 2, 2));
  t_check("stxrh_status", st, 0);
  le_write(q + 2, 2, 0xb2b2);
  v = EXCL("ldxr %w0, [x9]", "stxr %w1, %w3, [x9]", p + 4, 0xc3c3c3c3, &st);
  t_check("ldxr_w", v, le_read(q + 4, 4));
  t_check("stxr_w_status", st, 0);
  le_write(q + 4, 4, 0xc3c3c3c3);
  v = EXCL("ldxr %0, [x9]", "stxr %w1, %3, [x9]", p + 8, 0xd4d4d4d4d4d4d4d4ull, &st);
  t_check("ldxr_x", v, le_read(q + 8, 8));
  t_check("stxr_x_status", st, 0);
  le_write(q + 8, 8, 0xd4d4d4d4d4d4d4d4ull);
  v = EXCL("ldaxrb %w0, [x9]", "stlxrb %w1, %w3, [x9]", p + 16, 0x15, &st);
  t_check("ldaxrb", v, q[16]);
  t_check("stlxrb_status", st, 0);
  q[16] = 0x15;
  v = EXCL("ldaxrh %w0, [x9]", "stlxrh %w1, %w3, [x9]", p + 18, 0x2626, &st);
  t_check("ldaxrh", v, le_read(q + 18, 2));
  le_write(q + 18, 2, 0x2626);
  v = EXCL("ldaxr %w0, [x9]", "stlxr %w1, %w3, [x9]", p + 20, 0x37373737, &st);
  t_check("ldaxr_w", v, le_read(q + 20, 4));
  le_write(q + 20, 4, 0x37373737);
  v = EXCL("ldaxr %0, [x9]", "stlxr %w1, %3, [x9]", p + 24, 0x4848484848484848ull, &st);
  t_check("ldaxr_x", v, le_read(q + 24, 8));
  t_check("stlxr_x_status", st, 0);
  le_write(q + 24, 8, 0x4848484848484848ull);
  t_true("exclusive_stores_done", buf_matches());

  // Failing store-exclusives: the location must keep its value.
  v = EXCL("ldxr %0, [x9]\n\tclrex", "stxr %w1, %3, [x9]", p + 32, 0x1111, &st);
  t_check("stxr_after_clrex_status", st, 1);
  v = EXCL("ldaxr %w0, [x9]\n\tclrex #15", "stlxr %w1, %w3, [x9]", p + 40, 0x2222, &st);
  t_check("stlxr_after_clrex15_status", st, 1);
  EXCL("ldxrb %w0, [x9]", "stxrb %w1, %w3, [x9]", p + 48, 0x33, &st);
  q[48] = 0x33;
  v = EXCL("mov %0, #0", "stxrb %w1, %w3, [x9]", p + 48, 0x44, &st);
  t_check("stxrb_second_status", st, 1);
  v = EXCL("mov %0, #0", "stxrh %w1, %w3, [x9]", p + 50, 0x55, &st);
  t_check("stxrh_no_monitor_status", st, 1);
  t_true("failed_stores_no_effect", buf_matches());
  // A register status of 1 is set by a failure, 0 by success, regardless of
  // the previous register contents.
  u64 s2;
  __asm__ volatile(
      "mov x9, %1\n\tmov %w0, #7\n1: ldxr x10, [x9]\n\tadd x10, x10, #1\n\t"
      "stxr %w0, x10, [x9]\n\tcbnz %w0, 1b"
      : "=&r"(s2)
      : "r"(p + 56)
      : "x9", "x10", "memory");
  le_write(q + 56, 8, le_read(q + 56, 8) + 1);
  t_check("atomic_inc_status", s2, 0);
  t_true("atomic_inc_value", buf_matches());
}

#define EXCLP(ld, st, addr, v1, v2, o1, o2, status)                     \
  do {                                                                  \
    u64 a_, b_, s_;                                                     \
    __asm__ volatile("mov x9, %3\n\t" ld "\n\t" st                      \
                     : "=&r"(a_), "=&r"(b_), "=&r"(s_)                  \
                     : "r"((u64)(addr)), "r"((u64)(v1)), "r"((u64)(v2)) \
                     : "x9", "memory");                                 \
    *(o1) = a_;                                                         \
    *(o2) = b_;                                                         \
    *(status) = s_;                                                     \
  } while (0)

static void test_pair(void) {
  buf_fill();
  u8* p = buf + 128;
  u8* q = ref + 128;
  u64 a, b, st;
  EXCLP("ldxp %0, %1, [x9]", "stxp %w2, %4, %5, [x9]", p, 0x1010101010101010ull,
        0x2020202020202020ull, &a, &b, &st);
  t_check("ldxp_x_a", a, le_read(q, 8));
  t_check("ldxp_x_b", b, le_read(q + 8, 8));
  t_check("stxp_x_status", st, 0);
  le_write(q, 8, 0x1010101010101010ull);
  le_write(q + 8, 8, 0x2020202020202020ull);
  EXCLP("ldxp %w0, %w1, [x9]", "stxp %w2, %w4, %w5, [x9]", p + 16, 0x30303030, 0x40404040, &a, &b,
        &st);
  t_check("ldxp_w_a", a, le_read(q + 16, 4));
  t_check("ldxp_w_b", b, le_read(q + 20, 4));
  t_check("stxp_w_status", st, 0);
  le_write(q + 16, 4, 0x30303030);
  le_write(q + 20, 4, 0x40404040);
  EXCLP("ldaxp %0, %1, [x9]", "stlxp %w2, %4, %5, [x9]", p + 32, 0x5050505050505050ull,
        0x6060606060606060ull, &a, &b, &st);
  t_check("ldaxp_x_a", a, le_read(q + 32, 8));
  t_check("ldaxp_x_b", b, le_read(q + 40, 8));
  t_check("stlxp_x_status", st, 0);
  le_write(q + 32, 8, 0x5050505050505050ull);
  le_write(q + 40, 8, 0x6060606060606060ull);
  EXCLP("ldaxp %w0, %w1, [x9]", "stlxp %w2, %w4, %w5, [x9]", p + 48, 0x70707070, 0x80808080, &a, &b,
        &st);
  t_check("ldaxp_w_b", b, le_read(q + 52, 4));
  t_check("stlxp_w_status", st, 0);
  le_write(q + 48, 4, 0x70707070);
  le_write(q + 52, 4, 0x80808080);
  EXCLP("ldaxp %0, %1, [x9]\n\tclrex", "stlxp %w2, %4, %5, [x9]", p + 64, 1, 2, &a, &b, &st);
  t_check("stlxp_after_clrex_status", st, 1);
  EXCLP("mov %0, #0\n\tmov %1, #0", "stxp %w2, %w4, %w5, [x9]", p + 80, 1, 2, &a, &b, &st);
  t_check("stxp_no_monitor_status", st, 1);
  t_true("pair_stores", buf_matches());
}

static void test_acq_rel(void) {
  buf_fill();
  u8* p = buf + 192;
  u8* q = ref + 192;
  u64 wb;
  t_check("ldarb", LDB("ldarb %w0, [x9]", p + 3, &wb), q[3]);
  t_check("ldarh", LDB("ldarh %w0, [x9]", p + 6, &wb), le_read(q + 6, 2));
  t_check("ldar_w", LDB("ldar %w0, [x9]", p + 12, &wb), le_read(q + 12, 4));
  t_check("ldar_x", LDB("ldar %0, [x9]", p + 16, &wb), le_read(q + 16, 8));
  STB("stlrb %w2, [x9]", p + 1, 0x9a, 0);
  q[1] = 0x9a;
  STB("stlrh %w2, [x9]", p + 2, 0xabcd, 0);
  le_write(q + 2, 2, 0xabcd);
  STB("stlr %w2, [x9]", p + 8, 0x12345678, 0);
  le_write(q + 8, 4, 0x12345678);
  STB("stlr %2, [x9]", p + 24, 0x0fedcba987654321ull, 0);
  le_write(q + 24, 8, 0x0fedcba987654321ull);
  t_true("stlr_all", buf_matches());
  u64 v = OP1("mov x10, sp\n\tmov sp, %1\n\tldar %0, [sp]\n\tmov sp, x10", p + 32);
  t_check("ldar_sp_base", v, le_read(q + 32, 8));
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("single");
  test_single();
  t_section("pair");
  test_pair();
  t_section("acquire/release");
  test_acq_rel();
}
