// ADD/SUB/ADDS/SUBS (immediate, shifted register, extended register), CMP/CMN,
// ADC/ADCS/SBC/SBCS, NEG/NGC, 32- and 64-bit, with the NZCV flags.
#include "ops.h"

const char test_name[] = "addsub";

static u64 shift_reg(u64 v, int type, unsigned amt, int sf) {
  unsigned w = sf ? 64 : 32;
  u64 m = sf ? ~0ull : 0xffffffffull;
  v &= m;
  if (amt == 0) return v;
  switch (type) {
    case 0:
      return (v << amt) & m;
    case 1:
      return v >> amt;
    case 2:
      if (sf) return (u64)((s64)v >> amt);
      return (u64)(u32)((s32)(u32)v >> amt);
    default:
      return ((v >> amt) | (v << (w - amt))) & m;
  }
}

static u64 extend_reg(u64 v, int opt, unsigned sh) {
  u64 r;
  switch (opt) {
    case 0:
      r = (u8)v;
      break;
    case 1:
      r = (u16)v;
      break;
    case 2:
      r = (u32)v;
      break;
    case 3:
      r = v;
      break;
    case 4:
      r = (u64)(s64)(s8)v;
      break;
    case 5:
      r = (u64)(s64)(s16)v;
      break;
    case 6:
      r = (u64)(s64)(s32)v;
      break;
    default:
      r = v;
      break;
  }
  return r << sh;
}

static void test_flags(void) {
  struct t_group g;
  unsigned f;
  // 64-bit ADDS/SUBS/ADCS/SBCS over all pairs, both carry-in values.
  const char* names[8] = {"adds_x",    "subs_x",    "adcs_x_c0", "adcs_x_c1",
                          "sbcs_x_c0", "sbcs_x_c1", "adds_w",    "subs_w"};
  for (int op = 0; op < 8; op++) {
    tg_begin(&g, names[op]);
    for (unsigned i = 0; i < N_VALS; i++)
      for (unsigned j = 0; j < N_VALS; j++) {
        u64 a = k_vals[i], b = k_vals[j], r = 0, er;
        unsigned ef;
        switch (op) {
          case 0:
            r = OP2F("adds %0, %2, %3", a, b, 0, &f);
            er = add_with_carry(a, b, 0, 1, &ef);
            break;
          case 1:
            r = OP2F("subs %0, %2, %3", a, b, 0, &f);
            er = add_with_carry(a, ~b, 1, 1, &ef);
            break;
          case 2:
            r = OP2F("adcs %0, %2, %3", a, b, 0, &f);
            er = add_with_carry(a, b, 0, 1, &ef);
            break;
          case 3:
            r = OP2F("adcs %0, %2, %3", a, b, 2, &f);
            er = add_with_carry(a, b, 1, 1, &ef);
            break;
          case 4:
            r = OP2F("sbcs %0, %2, %3", a, b, 0xd, &f);
            er = add_with_carry(a, ~b, 0, 1, &ef);
            break;
          case 5:
            r = OP2F("sbcs %0, %2, %3", a, b, 0xf, &f);
            er = add_with_carry(a, ~b, 1, 1, &ef);
            break;
          case 6:
            r = OP2F("adds %w0, %w2, %w3", a, b, 0xf, &f);
            er = add_with_carry(a, b, 0, 0, &ef);
            break;
          default:
            r = OP2F("subs %w0, %w2, %w3", a, b, 0, &f);
            er = add_with_carry(a, ~b, 1, 0, &ef);
            break;
        }
        tg_check(&g, r << 4 | f, er << 4 | ef, a, b);
      }
    tg_end(&g);
  }
  // 32-bit ADCS/SBCS
  tg_begin(&g, "adcs_sbcs_w");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++)
      for (unsigned c = 0; c < 2; c++) {
        u64 a = k_vals[i], b = k_vals[j];
        unsigned ef;
        u64 r = OP2F("adcs %w0, %w2, %w3", a, b, c << 1, &f);
        u64 er = add_with_carry(a, b, c, 0, &ef);
        tg_check(&g, r << 4 | f, er << 4 | ef, a, b);
        r = OP2F("sbcs %w0, %w2, %w3", a, b, c << 1, &f);
        er = add_with_carry(a, ~b, c, 0, &ef);
        tg_check(&g, r << 4 | f, er << 4 | ef, a, b);
      }
  tg_end(&g);
  // ADC/SBC without flags must leave NZCV alone.
  u64 r = OP2F("adc %0, %2, %3", 5, 7, 0xa, &f);
  t_check("adc_c1_result", r, 13);
  t_check("adc_c1_flags_kept", f, 0xa);
  r = OP2F("sbc %0, %2, %3", 5, 7, 0x5, &f);
  t_check("sbc_c0_result", r, (u64)-3);
  t_check("sbc_c0_flags_kept", f, 0x5);
  r = OP2F("sbc %w0, %w2, %w3", 5, 7, 0x2, &f);
  t_check("sbc_w_c1_result", r, 0xfffffffe);
  r = OP2F("ngc %0, %2", 9, 0, 0x0, &f);
  t_check("ngc_c0", r, (u64)-10);
  r = OP2F("ngcs %w0, %w2", 0, 0, 0x2, &f);
  t_check("ngcs_w_zero_c1", r << 4 | f, 0x6);
  r = OP2F("negs %0, %2", 0x8000000000000000ull, 0, 0, &f);
  t_check("negs_x_min", r << 4 | f, 0x8000000000000000ull << 4 | 0x9);
  r = OP2F("negs %w0, %w2", 0, 0, 0, &f);
  t_check("negs_w_zero", r << 4 | f, 0x6);
  r = OP2F("neg %0, %2, lsl #4", 3, 0, 0xf, &f);
  t_check("neg_lsl4", r, (u64)-48);
  OP2F("cmp %2, %3", 3, 5, 0, &f);
  t_check("cmp_3_5", f, 0x8);
  OP2F("cmn %w2, %w3", 0x80000000u, 0x80000000u, 0, &f);
  t_check("cmn_w_overflow", f, 0x7);
  OP2F("cmp %2, #0xfff", 0xfff, 0, 0, &f);
  t_check("cmp_imm_eq", f, 0x6);
  OP2F("cmn %2, #1, lsl #12", (u64)-4096, 0, 0, &f);
  t_check("cmn_imm_lsl12", f, 0x6);
  OP2F("cmp %w2, #1", 0x80000000u, 0, 0, &f);
  t_check("cmp_w_imm_v", f, 0x3);
}

static void test_imm(void) {
  t_check("add_imm", OP1("add %0, %1, #0xabc", 0x1000), 0x1abc);
  t_check("add_imm_lsl12", OP1("add %0, %1, #0xabc, lsl #12", 0x1), 0xabc001);
  t_check("sub_imm", OP1("sub %0, %1, #1", 0), ~0ull);
  t_check("sub_imm_lsl12", OP1("sub %0, %1, #0xfff, lsl #12", 0x1000000), 0x1000);
  t_check("add_w_imm_wrap", OP1("add %w0, %w1, #2", 0x1ffffffffull), 1);
  t_check("sub_w_imm", OP1("sub %w0, %w1, #0x10, lsl #12", 0), 0xffff0000u);
  unsigned f;
  u64 r = OP2F("adds %0, %2, #4095", (u64)-4095, 0, 0, &f);
  t_check("adds_imm_zero", r << 4 | f, 0x6);
  r = OP2F("subs %w0, %w2, #1", 0x80000000u, 0, 0, &f);
  t_check("subs_w_imm_overflow", r << 4 | f, 0x7fffffffull << 4 | 0x3);
  // SP as source and destination of ADD (immediate); MOV to/from SP.
  u64 d =
      OP1("mov x9, sp\n\tadd sp, sp, #-0 + 0x10\n\tmov %0, sp\n\tmov sp, x9\n\tsub %0, %0, x9", 0);
  t_check("add_sp_imm", d, 0x10);
  d = OP1("mov x9, sp\n\tsub x10, sp, #0x20, lsl #12\n\tsub %0, x9, x10", 0);
  t_check("sub_from_sp_lsl12", d, 0x20000);
}

#define SHIFTED(name, ins_x, ins_w, type, amt)                                           \
  do {                                                                                   \
    struct t_group g_;                                                                   \
    tg_begin(&g_, name);                                                                 \
    for (unsigned i = 0; i < N_VALS; i++)                                                \
      for (unsigned j = 0; j < N_VALS; j++) {                                            \
        u64 a = k_vals[i], b = k_vals[j];                                                \
        tg_check(&g_, OP2(ins_x, a, b), a + shift_reg(b, type, amt, 1), a, b);           \
        tg_check(&g_, OP2(ins_w, a, b),                                                  \
                 (u32)((u32)a - (u32)shift_reg(b, type, amt > 31 ? 31 : amt, 0)), a, b); \
      }                                                                                  \
    tg_end(&g_);                                                                         \
  } while (0)

static void test_shifted(void) {
  SHIFTED("add_lsl0_sub_w", "add %0, %1, %2", "sub %w0, %w1, %w2", 0, 0);
  SHIFTED("add_lsl1_sub_w", "add %0, %1, %2, lsl #1", "sub %w0, %w1, %w2, lsl #1", 0, 1);
  SHIFTED("add_lsl63_sub_w31", "add %0, %1, %2, lsl #63", "sub %w0, %w1, %w2, lsl #31", 0, 63);
  SHIFTED("add_lsr7_sub_w", "add %0, %1, %2, lsr #7", "sub %w0, %w1, %w2, lsr #7", 1, 7);
  SHIFTED("add_lsr63_sub_w31", "add %0, %1, %2, lsr #63", "sub %w0, %w1, %w2, lsr #31", 1, 63);
  SHIFTED("add_asr5_sub_w", "add %0, %1, %2, asr #5", "sub %w0, %w1, %w2, asr #5", 2, 5);
  SHIFTED("add_asr63_sub_w31", "add %0, %1, %2, asr #63", "sub %w0, %w1, %w2, asr #31", 2, 63);
  struct t_group g;
  unsigned f;
  tg_begin(&g, "subs_x_asr12_flags");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++) {
      u64 a = k_vals[i], b = k_vals[j];
      unsigned ef;
      u64 r = OP2F("subs %0, %2, %3, asr #12", a, b, 0, &f);
      u64 er = add_with_carry(a, ~shift_reg(b, 2, 12, 1), 1, 1, &ef);
      tg_check(&g, r ^ f, er ^ ef, a, b);
    }
  tg_end(&g);
  tg_begin(&g, "adds_w_lsr3_flags");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++) {
      u64 a = k_vals[i], b = k_vals[j];
      unsigned ef;
      u64 r = OP2F("adds %w0, %w2, %w3, lsr #3", a, b, 0, &f);
      u64 er = add_with_carry(a, shift_reg(b, 1, 3, 0), 0, 0, &ef);
      tg_check(&g, r ^ ((u64)f << 40), er ^ ((u64)ef << 40), a, b);
    }
  tg_end(&g);
}

#define EXTENDED(name, ins, opt, sh)                                     \
  do {                                                                   \
    struct t_group g_;                                                   \
    tg_begin(&g_, name);                                                 \
    for (unsigned i = 0; i < N_VALS; i++)                                \
      for (unsigned j = 0; j < N_VALS; j++) {                            \
        u64 a = k_vals[i], b = k_vals[j];                                \
        tg_check(&g_, OP2(ins, a, b), a + extend_reg(b, opt, sh), a, b); \
      }                                                                  \
    tg_end(&g_);                                                         \
  } while (0)

static void test_extended(void) {
  EXTENDED("add_uxtb", "add %0, %1, %w2, uxtb", 0, 0);
  EXTENDED("add_uxth_1", "add %0, %1, %w2, uxth #1", 1, 1);
  EXTENDED("add_uxtw_2", "add %0, %1, %w2, uxtw #2", 2, 2);
  EXTENDED("add_uxtx_3", "add %0, %1, %2, uxtx #3", 3, 3);
  EXTENDED("add_sxtb_4", "add %0, %1, %w2, sxtb #4", 4, 4);
  EXTENDED("add_sxth", "add %0, %1, %w2, sxth", 5, 0);
  EXTENDED("add_sxtw_1", "add %0, %1, %w2, sxtw #1", 6, 1);
  EXTENDED("add_sxtx_2", "add %0, %1, %2, sxtx #2", 7, 2);
  struct t_group g;
  tg_begin(&g, "sub_w_sxtb_uxth");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++) {
      u64 a = k_vals[i], b = k_vals[j];
      tg_check(&g, OP2("sub %w0, %w1, %w2, sxtb #2", a, b), (u32)(a - extend_reg(b, 4, 2)), a, b);
      tg_check(&g, OP2("sub %w0, %w1, %w2, uxth #4", a, b), (u32)(a - extend_reg(b, 1, 4)), a, b);
    }
  tg_end(&g);
  unsigned f;
  u64 r = OP2F("subs %0, %2, %w3, sxtw", 0, 0xffffffffu, 0, &f);
  t_check("subs_sxtw_flags", r << 4 | f, 0x10);  // 0 - (-1) = 1: C=0
  r = OP2F("cmp %2, %w3, uxtw", 0x100000000ull, 0xffffffffu, 0, &f);
  t_check("cmp_uxtw_flags", f, 0x2);
  // SP as the first operand: "add xd, sp, wm, uxtw" and LSL alias of UXTX.
  r = OP1("mov x9, sp\n\tadd %0, sp, %w1, uxtw #3\n\tsub %0, %0, x9", 0x80000001u);
  t_check("add_sp_uxtw3", r, 0x400000008ull);
  r = OP1("mov x9, sp\n\tadd %0, sp, %1, lsl #2\n\tsub %0, %0, x9", 5);
  t_check("add_sp_lsl2", r, 20);
  r = OP1("mov x9, sp\n\tsub sp, sp, %1\n\tmov %0, sp\n\tmov sp, x9\n\tsub %0, x9, %0", 0x40);
  t_check("sub_sp_reg", r, 0x40);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("flags");
  test_flags();
  t_section("immediate");
  test_imm();
  t_section("shifted register");
  test_shifted();
  t_section("extended register");
  test_extended();
}
