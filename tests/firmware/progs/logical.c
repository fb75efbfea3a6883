// AND/ORR/EOR/ANDS (immediate: bitmask patterns of every element size),
// AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register incl. ROR), TST, MVN, MOV.
#include "ops.h"

const char test_name[] = "logical";

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
      return sf ? (u64)((s64)v >> amt) : (u64)(u32)((s32)(u32)v >> amt);
    default:
      return ((v >> amt) | (v << (w - amt))) & m;
  }
}

static unsigned nz(u64 r, int sf) {
  return sf ? (unsigned)(r >> 63) << 3 | (r == 0) << 2
            : (unsigned)((r >> 31) & 1) << 3 | ((u32)r == 0) << 2;
}

#define IMM_X(name, imm)                                                \
  do {                                                                  \
    u64 v = 0x0123456789abcdefull;                                      \
    t_check("and_" name, OP1("and %0, %1, #" #imm, v), v&(u64)(imm));   \
    t_check("orr_" name, OP1("orr %0, %1, #" #imm, v), v | (u64)(imm)); \
    t_check("eor_" name, OP1("eor %0, %1, #" #imm, v), v ^ (u64)(imm)); \
  } while (0)

#define IMM_W(name, imm)                                                           \
  do {                                                                             \
    u64 v = 0xfedcba9876543210ull;                                                 \
    t_check("and_w_" name, OP1("and %w0, %w1, #" #imm, v), (u32)v&(u32)(imm));     \
    t_check("orr_w_" name, OP1("orr %w0, %w1, #" #imm, v), (u32)v | (u32)(imm));   \
    t_check("eor_w_" name, OP1("eor %w0, %w1, #" #imm, v), (u32)(v ^ (u32)(imm))); \
  } while (0)

static void test_imm(void) {
  IMM_X("e64_1", 0x1);
  IMM_X("e64_ror", 0x8000000000000001);
  IMM_X("e64_63ones", 0x7fffffffffffffff);
  IMM_X("e32", 0x00ff000000ff0000);
  IMM_X("e16", 0x0ff00ff00ff00ff0);
  IMM_X("e8", 0x8181818181818181);
  IMM_X("e4", 0x7777777777777777);
  IMM_X("e2", 0x5555555555555555);
  IMM_W("e32", 0x80000003);
  IMM_W("e16", 0x00010001);
  IMM_W("e8", 0xfefefefe);
  IMM_W("e2", 0xaaaaaaaa);
  IMM_W("e32_lo", 0xffff);
  unsigned f;
  u64 r = OP2F("ands %0, %2, #0xff00000000000000", 0x8100000000000001ull, 0, 0xf, &f);
  t_check("ands_imm_n", r << 4 | f, 0x81ull << 60 | 0x8);
  r = OP2F("ands %w0, %w2, #0xf0", 0xffffff0f, 0, 0x3, &f);
  t_check("ands_w_imm_z", r << 4 | f, 0x4);
  OP2F("tst %2, #0x3", 0x4, 0, 0xf, &f);
  t_check("tst_imm_z", f, 0x4);
  OP2F("tst %w2, #0x80000000", 0x80000000, 0, 0x0, &f);
  t_check("tst_w_imm_n", f, 0x8);
  // ORR with SP as destination (MOV SP, #imm alias is not allowed; ORR is).
  r = OP1("mov x9, sp\n\torr sp, xzr, #0x40000000\n\tmov %0, sp\n\tmov sp, x9", 0);
  t_check("orr_imm_to_sp", r, 0x40000000);
  t_check("mov_bitmask_imm", OP1("mov %0, #0xffff0000ffff0000", 0), 0xffff0000ffff0000ull);
}

#define REG(name, ins_x, ins_w, op, type, amt)                                     \
  do {                                                                             \
    struct t_group g_;                                                             \
    tg_begin(&g_, name);                                                           \
    for (unsigned i = 0; i < N_VALS; i++)                                          \
      for (unsigned j = 0; j < N_VALS; j++) {                                      \
        u64 a = k_vals[i], b = k_vals[j];                                          \
        u64 sx = shift_reg(b, type, amt, 1), sw = shift_reg(b, type, (amt)&31, 0); \
        tg_check(&g_, OP2(ins_x, a, b), op(a, sx), a, b);                          \
        tg_check(&g_, OP2(ins_w, a, b), (u32)op(a, sw), a, b);                     \
      }                                                                            \
    tg_end(&g_);                                                                   \
  } while (0)

#define F_AND(a, b) ((a) & (b))
#define F_BIC(a, b) ((a) & ~(b))
#define F_ORR(a, b) ((a) | (b))
#define F_ORN(a, b) ((a) | ~(b))
#define F_EOR(a, b) ((a) ^ (b))
#define F_EON(a, b) ((a) ^ ~(b))

static void test_reg(void) {
  REG("and_lsl3", "and %0, %1, %2, lsl #3", "and %w0, %w1, %w2, lsl #3", F_AND, 0, 3);
  REG("bic_lsr17", "bic %0, %1, %2, lsr #17", "bic %w0, %w1, %w2, lsr #17", F_BIC, 1, 17);
  REG("orr_asr40", "orr %0, %1, %2, asr #40", "orr %w0, %w1, %w2, asr #8", F_ORR, 2, 40);
  REG("orn_ror12", "orn %0, %1, %2, ror #12", "orn %w0, %w1, %w2, ror #12", F_ORN, 3, 12);
  REG("eor_ror63", "eor %0, %1, %2, ror #63", "eor %w0, %w1, %w2, ror #31", F_EOR, 3, 63);
  REG("eon", "eon %0, %1, %2", "eon %w0, %w1, %w2", F_EON, 0, 0);
  struct t_group g;
  unsigned f;
  tg_begin(&g, "ands_bics_flags");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++) {
      u64 a = k_vals[i], b = k_vals[j];
      u64 r = OP2F("ands %0, %2, %3, ror #1", a, b, 0xf, &f);
      u64 e = a & shift_reg(b, 3, 1, 1);
      tg_check(&g, r ^ f, e ^ nz(e, 1), a, b);
      r = OP2F("bics %w0, %w2, %w3, asr #2", a, b, 0x3, &f);
      e = (u32)(a & ~shift_reg(b, 2, 2, 0));
      tg_check(&g, r ^ ((u64)f << 32), e ^ ((u64)nz(e, 0) << 32), a, b);
    }
  tg_end(&g);
  OP2F("tst %2, %3, lsl #1", 0x8000000000000000ull, 0x4000000000000000ull, 0x3, &f);
  t_check("tst_reg_n", f, 0x8);
  t_check("mvn", OP1("mvn %0, %1", 0x00ff00ff00ff00ffull), 0xff00ff00ff00ff00ull);
  t_check("mvn_w_lsr", OP1("mvn %w0, %w1, lsr #4", 0xf0f0f0f0ull), 0xf0f0f0f0);
  t_check("mov_reg_w_zero_ext", OP1("mov %w0, %w1", ~0ull), 0xffffffffull);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("immediate");
  test_imm();
  t_section("register");
  test_reg();
}
