// LDR/STR of B/H/W/X with unsigned offset, pre-index, post-index and unscaled
// (LDUR/STUR) addressing; LDRSB/LDRSH/LDRSW to W and X; LDR (literal) incl.
// LDRSW; zero-extension of W loads; PRFM (immediate and literal).
#include "ldst.h"

const char test_name[] = "ldst_imm";

__attribute__((used, aligned(8))) const u64 lit_x = 0x8877665544332211ull;

static void test_loads(void) {
  buf_fill();
  u64 base = (u64)buf + 64, wb;
  const u8* p = buf + 64;
  // unsigned offset
  t_check("ldrb_uoff", LDB("ldrb %w0, [x9, #5]", base, &wb), p[5]);
  t_check("ldrh_uoff", LDB("ldrh %w0, [x9, #6]", base, &wb), le_read(p + 6, 2));
  t_check("ldr_w_uoff", LDB("ldr %w0, [x9, #12]", base, &wb), le_read(p + 12, 4));
  t_check("ldr_x_uoff", LDB("ldr %0, [x9, #24]", base, &wb), le_read(p + 24, 8));
  t_check("ldr_x_uoff_max", LDB("ldr %0, [x9, #32760]", base - 32760 + 8, &wb), le_read(p + 8, 8));
  t_check("ldrsb_x_uoff", LDB("ldrsb %0, [x9, #1]", base, &wb), sx(p[1], 8));
  t_check("ldrsb_w_uoff", LDB("ldrsb %w0, [x9, #1]", base, &wb), (u32)sx(p[1], 8));
  t_check("ldrsh_x_uoff", LDB("ldrsh %0, [x9, #2]", base, &wb), sx(le_read(p + 2, 2), 16));
  t_check("ldrsh_w_uoff", LDB("ldrsh %w0, [x9, #2]", base, &wb), (u32)sx(le_read(p + 2, 2), 16));
  t_check("ldrsw_uoff", LDB("ldrsw %0, [x9, #4]", base, &wb), sx(le_read(p + 4, 4), 32));
  // pre-index (writeback before the access)
  t_check("ldrb_pre", LDB("ldrb %w0, [x9, #-3]!", base, &wb), p[-3]);
  t_check("ldrb_pre_wb", wb - base, (u64)-3);
  t_check("ldrh_pre", LDB("ldrh %w0, [x9, #-2]!", base, &wb), le_read(p - 2, 2));
  t_check("ldrh_pre_wb", wb - base, (u64)-2);
  t_check("ldr_w_pre", LDB("ldr %w0, [x9, #252]!", base - 128, &wb), le_read(p + 124, 4));
  t_check("ldr_w_pre_wb", wb - base, 124);
  t_check("ldr_x_pre", LDB("ldr %0, [x9, #-256]!", base + 256, &wb), le_read(p, 8));
  t_check("ldr_x_pre_wb", wb - base, 0);
  t_check("ldrsb_w_pre", LDB("ldrsb %w0, [x9, #7]!", base, &wb), (u32)sx(p[7], 8));
  t_check("ldrsh_x_pre", LDB("ldrsh %0, [x9, #10]!", base, &wb), sx(le_read(p + 10, 2), 16));
  t_check("ldrsw_pre", LDB("ldrsw %0, [x9, #-4]!", base, &wb), sx(le_read(p - 4, 4), 32));
  t_check("ldrsw_pre_wb", wb - base, (u64)-4);
  // post-index (access at the old base, then writeback)
  t_check("ldrb_post", LDB("ldrb %w0, [x9], #255", base, &wb), p[0]);
  t_check("ldrb_post_wb", wb - base, 255);
  t_check("ldrh_post", LDB("ldrh %w0, [x9], #-256", base + 2, &wb), le_read(p + 2, 2));
  t_check("ldrh_post_wb", wb - base, (u64)-254);
  t_check("ldr_w_post", LDB("ldr %w0, [x9], #4", base + 8, &wb), le_read(p + 8, 4));
  t_check("ldr_x_post", LDB("ldr %0, [x9], #8", base + 16, &wb), le_read(p + 16, 8));
  t_check("ldr_x_post_wb", wb - base, 24);
  t_check("ldrsb_x_post", LDB("ldrsb %0, [x9], #1", base + 3, &wb), sx(p[3], 8));
  t_check("ldrsh_w_post", LDB("ldrsh %w0, [x9], #2", base + 4, &wb),
          (u32)sx(le_read(p + 4, 2), 16));
  t_check("ldrsw_post", LDB("ldrsw %0, [x9], #-8", base + 20, &wb), sx(le_read(p + 20, 4), 32));
  t_check("ldrsw_post_wb", wb - base, 12);
  // unscaled
  t_check("ldurb", LDB("ldurb %w0, [x9, #-1]", base, &wb), p[-1]);
  t_check("ldurh", LDB("ldurh %w0, [x9, #-256]", base + 200, &wb), le_read(p - 56, 2));
  t_check("ldur_w", LDB("ldur %w0, [x9, #-12]", base, &wb), le_read(p - 12, 4));
  t_check("ldur_x", LDB("ldur %0, [x9, #248]", base - 128, &wb), le_read(p + 120, 8));
  t_check("ldursb_w", LDB("ldursb %w0, [x9, #-5]", base, &wb), (u32)sx(p[-5], 8));
  t_check("ldursb_x", LDB("ldursb %0, [x9, #-5]", base, &wb), sx(p[-5], 8));
  t_check("ldursh_w", LDB("ldursh %w0, [x9, #-2]", base, &wb), (u32)sx(le_read(p - 2, 2), 16));
  t_check("ldursh_x", LDB("ldursh %0, [x9, #14]", base, &wb), sx(le_read(p + 14, 2), 16));
  t_check("ldursw", LDB("ldursw %0, [x9, #-16]", base, &wb), sx(le_read(p - 16, 4), 32));
  t_check("ldr_w_zero_ext", LDB("mov %0, #-1\n\tldr %w0, [x9]", base, &wb), le_read(p, 4));
  // SP as the base register
  u64 v = OP1("mov x10, sp\n\tmov sp, %1\n\tldr %0, [sp, #8]\n\tmov sp, x10", base);
  t_check("ldr_x_sp_base", v, le_read(p + 8, 8));
  v =
      OP1("mov x10, sp\n\tmov sp, %1\n\tldr %0, [sp, #16]!\n\tmov x9, sp\n\tmov sp, x10\n\t"
          "sub x9, x9, %1\n\tadd %0, %0, x9",
          base);
  t_check("ldr_x_sp_pre", v, le_read(p + 16, 8) + 16);
}

static void test_literal(void) {
  u64 v;
  __asm__ volatile("ldr %0, 1f\n\tb 2f\n\t.balign 8\n1: .quad 0x0123456789abcdef\n2:" : "=r"(v));
  t_check("ldr_lit_x", v, 0x0123456789abcdefull);
  __asm__ volatile("ldr %w0, 1f\n\tb 2f\n\t.balign 4\n1: .word 0xfedcba98\n2:" : "=r"(v));
  t_check("ldr_lit_w", v, 0xfedcba98ull);
  __asm__ volatile("ldrsw %0, 1f\n\tb 2f\n\t.balign 4\n1: .word 0x80000001\n2:" : "=r"(v));
  t_check("ldrsw_lit", v, 0xffffffff80000001ull);
  __asm__ volatile("ldrsw %0, 1f\n\tb 2f\n\t.balign 4\n1: .word 0x7ffffffe\n2:" : "=r"(v));
  t_check("ldrsw_lit_pos", v, 0x7ffffffeull);
  __asm__ volatile("ldr %0, lit_x" : "=r"(v));
  t_check("ldr_lit_rodata", v, 0x8877665544332211ull);
  __asm__ volatile(
      "prfm pldl1keep, 1f\n\tprfm pstl2strm, [%1, #64]\n\tprfm plil3keep, [%1]\n\t"
      "prfum pldl1strm, [%1, #-1]\n\tmov %0, #1\n\tb 2f\n1: .word 0\n2:"
      : "=r"(v)
      : "r"(buf));
  t_check("prfm_no_effect", v, 1);
  (void)lit_x;
}

static void test_stores(void) {
  buf_fill();
  u64 base = (u64)buf + 128, wb;
  u8* q = ref + 128;
  u64 val = 0xf1e2d3c4b5a69788ull;
  STB("strb %w2, [x9, #3]", base, val, 0);
  le_write(q + 3, 1, val);
  STB("strh %w2, [x9, #6]", base, val, 0);
  le_write(q + 6, 2, val);
  STB("str %w2, [x9, #12]", base, val, 0);
  le_write(q + 12, 4, val);
  STB("str %2, [x9, #16]", base, val, 0);
  le_write(q + 16, 8, val);
  t_true("str_uoff", buf_matches());
  wb = STB("strb %w2, [x9, #-1]!", base, ~val, 0);
  le_write(q - 1, 1, ~val);
  t_check("strb_pre_wb", wb - base, (u64)-1);
  wb = STB("strh %w2, [x9, #-4]!", base, val >> 8, 0);
  le_write(q - 4, 2, val >> 8);
  t_check("strh_pre_wb", wb - base, (u64)-4);
  wb = STB("str %w2, [x9, #-32]!", base, val >> 4, 0);
  le_write(q - 32, 4, val >> 4);
  wb = STB("str %2, [x9, #40]!", base, ~val, 0);
  le_write(q + 40, 8, ~val);
  t_check("str_x_pre_wb", wb - base, 40);
  t_true("str_pre", buf_matches());
  wb = STB("strb %w2, [x9], #-7", base + 50, val, 0);
  le_write(q + 50, 1, val);
  t_check("strb_post_wb", wb - base, 43);
  wb = STB("strh %w2, [x9], #2", base + 52, val, 0);
  le_write(q + 52, 2, val);
  wb = STB("str %w2, [x9], #4", base + 56, val, 0);
  le_write(q + 56, 4, val);
  wb = STB("str %2, [x9], #-64", base + 64, val, 0);
  le_write(q + 64, 8, val);
  t_check("str_x_post_wb", wb - base, 0);
  t_true("str_post", buf_matches());
  STB("sturb %w2, [x9, #-9]", base, 0x5a, 0);
  le_write(q - 9, 1, 0x5a);
  STB("sturh %w2, [x9, #-18]", base, 0xa55a, 0);
  le_write(q - 18, 2, 0xa55a);
  STB("stur %w2, [x9, #-44]", base, 0x11223344, 0);
  le_write(q - 44, 4, 0x11223344);
  STB("stur %2, [x9, #-256]", base + 344, val, 0);
  le_write(q + 88, 8, val);
  STB("stur %2, [x9, #-24]", base + 16, 0, 0);
  le_write(q - 8, 8, 0);
  STB("str xzr, [x9, #72]", base, 0, 0);
  le_write(q + 72, 8, 0);
  STB("strh wzr, [x9, #80]", base, 0, 0);
  le_write(q + 80, 2, 0);
  t_true("stur_and_zr", buf_matches());
  u64 sp_check =
      OP2("mov x10, sp\n\tmov sp, %1\n\tstr %2, [sp, #-16]!\n\tmov %0, sp\n\t"
          "mov sp, x10\n\tsub %0, %1, %0",
          base + 112, val);
  le_write(q + 96, 8, val);
  t_check("str_sp_pre_wb", sp_check, 16);
  t_true("str_sp_data", buf_matches());
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("loads");
  test_loads();
  t_section("literal");
  test_literal();
  t_section("stores");
  test_stores();
}
