// Loads and stores with a register offset: LSL #0/#size, UXTW, SXTW, SXTX
// (scaled and unscaled) for B/H/W/X, LDRSB/LDRSH/LDRSW, STRB/STRH/STR.
#include "ldst.h"

const char test_name[] = "ldst_reg";

#define GARBAGE 0xdead000000000000ull  // upper bits that UXTW/SXTW must ignore

static void test_loads(void) {
  buf_fill();
  u64 base = (u64)buf + 128;
  const u8* p = buf + 128;
  // 64-bit index, LSL
  t_check("ldrb_x", LDX("ldrb %w0, [x9, x10]", base, 17), p[17]);
  t_check("ldrb_x_lsl0", LDX("ldrb %w0, [x9, x10, lsl #0]", base, (u64)-17), p[-17]);
  t_check("ldrh_x", LDX("ldrh %w0, [x9, x10]", base, 6), le_read(p + 6, 2));
  t_check("ldrh_x_lsl1", LDX("ldrh %w0, [x9, x10, lsl #1]", base, (u64)-3), le_read(p - 6, 2));
  t_check("ldr_w_x_lsl2", LDX("ldr %w0, [x9, x10, lsl #2]", base, 7), le_read(p + 28, 4));
  t_check("ldr_x_x", LDX("ldr %0, [x9, x10]", base, (u64)-40), le_read(p - 40, 8));
  t_check("ldr_x_x_lsl3", LDX("ldr %0, [x9, x10, lsl #3]", base, (u64)-5), le_read(p - 40, 8));
  t_check("ldrsb_x_x", LDX("ldrsb %0, [x9, x10]", base, 1), sx(p[1], 8));
  t_check("ldrsh_w_x_lsl1", LDX("ldrsh %w0, [x9, x10, lsl #1]", base, 9),
          (u32)sx(le_read(p + 18, 2), 16));
  t_check("ldrsw_x_lsl2", LDX("ldrsw %0, [x9, x10, lsl #2]", base, (u64)-9),
          sx(le_read(p - 36, 4), 32));
  // UXTW: 32-bit unsigned index
  t_check("ldrb_uxtw", LDX("ldrb %w0, [x9, w10, uxtw]", base - 0x100, GARBAGE | 0x105), p[5]);
  t_check("ldrh_uxtw1", LDX("ldrh %w0, [x9, w10, uxtw #1]", base - 0x200, GARBAGE | 0x104),
          le_read(p + 8, 2));
  t_check("ldr_w_uxtw", LDX("ldr %w0, [x9, w10, uxtw]", base - 0x10000, GARBAGE | 0x10008),
          le_read(p + 8, 4));
  t_check("ldr_x_uxtw3", LDX("ldr %0, [x9, w10, uxtw #3]", base - 0x80000, GARBAGE | 0x10002),
          le_read(p + 16, 8));
  t_check("ldrsh_x_uxtw", LDX("ldrsh %0, [x9, w10, uxtw]", base - 0x1000, GARBAGE | 0x1002),
          sx(le_read(p + 2, 2), 16));
  // SXTW: 32-bit signed index
  t_check("ldrb_sxtw", LDX("ldrb %w0, [x9, w10, sxtw]", base, GARBAGE | 0xfffffff1), p[-15]);
  t_check("ldrsb_w_sxtw", LDX("ldrsb %w0, [x9, w10, sxtw #0]", base, GARBAGE | 0xffffffff),
          (u32)sx(p[-1], 8));
  t_check("ldrh_sxtw1", LDX("ldrh %w0, [x9, w10, sxtw #1]", base, GARBAGE | 0xfffffffe),
          le_read(p - 4, 2));
  t_check("ldr_w_sxtw2", LDX("ldr %w0, [x9, w10, sxtw #2]", base, GARBAGE | 0xfffffffd),
          le_read(p - 12, 4));
  t_check("ldr_x_sxtw3", LDX("ldr %0, [x9, w10, sxtw #3]", base, GARBAGE | 0x00000003),
          le_read(p + 24, 8));
  t_check("ldrsw_sxtw", LDX("ldrsw %0, [x9, w10, sxtw]", base, GARBAGE | 0xfffffff8),
          sx(le_read(p - 8, 4), 32));
  // SXTX: 64-bit signed index (same as LSL)
  t_check("ldr_x_sxtx3", LDX("ldr %0, [x9, x10, sxtx #3]", base, (u64)-2), le_read(p - 16, 8));
  t_check("ldr_w_sxtx", LDX("ldr %w0, [x9, x10, sxtx]", base, (u64)-20), le_read(p - 20, 4));
  t_check("ldrsh_x_sxtx1", LDX("ldrsh %0, [x9, x10, sxtx #1]", base, 11),
          sx(le_read(p + 22, 2), 16));
  // SP as the base register
  u64 v = OP2("mov x10, sp\n\tmov sp, %1\n\tldr %0, [sp, %2, lsl #3]\n\tmov sp, x10", base, 3);
  t_check("ldr_x_sp_reg", v, le_read(p + 24, 8));
  // PRFM (register) has no architectural effect
  v = LDX("prfm pldl1keep, [x9, x10]\n\tprfm pstl1keep, [x9, w10, sxtw #3]\n\tmov %0, #9", base, 2);
  t_check("prfm_reg", v, 9);
}

static void test_stores(void) {
  buf_fill();
  u64 base = (u64)buf + 128;
  u8* q = ref + 128;
  STB("strb %w2, [x9, x10]", base, 0x11, 3);
  le_write(q + 3, 1, 0x11);
  STB("strb %w2, [x9, w10, sxtw]", base, 0x22, GARBAGE | 0xfffffffb);
  le_write(q - 5, 1, 0x22);
  STB("strh %w2, [x9, x10, lsl #1]", base, 0x3344, 5);
  le_write(q + 10, 2, 0x3344);
  STB("strh %w2, [x9, w10, uxtw]", base - 0x100, 0x5566, GARBAGE | 0x10c);
  le_write(q + 12, 2, 0x5566);
  STB("str %w2, [x9, x10, lsl #2]", base, 0x778899aa, (u64)-6);
  le_write(q - 24, 4, 0x778899aa);
  STB("str %w2, [x9, w10, sxtw #2]", base, 0xbbccddee, GARBAGE | 0xfffffff9);
  le_write(q - 28, 4, 0xbbccddee);
  STB("str %2, [x9, x10, lsl #3]", base, 0x0102030405060708ull, 4);
  le_write(q + 32, 8, 0x0102030405060708ull);
  STB("str %2, [x9, w10, uxtw #3]", base - 0x800, 0x1112131415161718ull, GARBAGE | 0x105);
  le_write(q + 40, 8, 0x1112131415161718ull);
  STB("str %2, [x9, x10, sxtx]", base, 0x2122232425262728ull, (u64)-48);
  le_write(q - 48, 8, 0x2122232425262728ull);
  STB("str xzr, [x9, x10]", base, 0, 56);
  le_write(q + 56, 8, 0);
  t_true("str_reg_offsets", buf_matches());
  u64 got = 0;
  for (unsigned i = 0; i < BUF_SIZE; i++) got = got * 31 + buf[i];
  t_value("buf_hash", got);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("loads");
  test_loads();
  t_section("stores");
  test_stores();
}
