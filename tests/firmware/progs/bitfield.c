// UBFM/SBFM/BFM (and the aliases LSL/LSR/ASR #imm, UBFX/SBFX/UBFIZ/SBFIZ,
// BFI/BFXIL, SXTB/SXTH/SXTW, UXTB/UXTH), EXTR/ROR #imm, LSLV/LSRV/ASRV/RORV.
#include "ops.h"

const char test_name[] = "bitfield";

static u64 ones(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

static u64 sext(u64 v, unsigned bits, unsigned width) {
  // sign-extend v[bits-1:0] to width bits
  u64 m = ones(bits);
  v &= m;
  if (bits < 64 && (v >> (bits - 1)) & 1) v |= ~m;
  return v & ones(width);
}

// Reference semantics of the bitfield moves written from their aliases'
// definitions (not from DecodeBitMasks), for width 32 or 64.
static u64 ref_bfm(int op, u64 dst, u64 src, unsigned r, unsigned s, unsigned w) {
  src &= ones(w);
  dst &= ones(w);
  if (s >= r) {  // extract src[s:r] to the bottom
    unsigned len = s - r + 1;
    u64 field = (src >> r) & ones(len);
    if (op == 0) return field;                // UBFX
    if (op == 1) return sext(field, len, w);  // SBFX
    return (dst & ~ones(len)) | field;        // BFXIL
  }
  // insert src[s:0] at bit w-r
  unsigned len = s + 1, lsb = w - r;
  u64 field = (src & ones(len)) << lsb;
  if (op == 0) return field;                               // UBFIZ
  if (op == 1) return sext(src, len, w) << lsb & ones(w);  // SBFIZ
  return (dst & ~(ones(len) << lsb)) | field;              // BFI
}

#define BFM3(name, r, s)                                                                     \
  do {                                                                                       \
    struct t_group g_;                                                                       \
    tg_begin(&g_, name);                                                                     \
    for (unsigned i = 0; i < N_VALS; i++) {                                                  \
      u64 a = k_vals[i], d = k_vals[N_VALS - 1 - i];                                         \
      tg_check(&g_, OP1("ubfm %0, %1, #" #r ", #" #s, a), ref_bfm(0, 0, a, r, s, 64), a, 0); \
      tg_check(&g_, OP1("sbfm %0, %1, #" #r ", #" #s, a), ref_bfm(1, 0, a, r, s, 64), a, 0); \
      tg_check(&g_, OP2("mov %0, %2\n\tbfm %0, %1, #" #r ", #" #s, a, d),                    \
               ref_bfm(2, d, a, r, s, 64), a, d);                                            \
      tg_check(&g_, OP1("ubfm %w0, %w1, #(" #r "&31), #(" #s "&31)", a),                     \
               ref_bfm(0, 0, a, (r)&31, (s)&31, 32), a, 0);                                  \
      tg_check(&g_, OP1("sbfm %w0, %w1, #(" #r "&31), #(" #s "&31)", a),                     \
               ref_bfm(1, 0, a, (r)&31, (s)&31, 32), a, 0);                                  \
      tg_check(&g_, OP2("mov %0, %2\n\tbfm %w0, %w1, #(" #r "&31), #(" #s "&31)", a, d),     \
               ref_bfm(2, d, a, (r)&31, (s)&31, 32), a, d);                                  \
    }                                                                                        \
    tg_end(&g_);                                                                             \
  } while (0)

static void test_bfm(void) {
  BFM3("bfm_r0_s0", 0, 0);
  BFM3("bfm_r0_s7", 0, 7);
  BFM3("bfm_r0_s15", 0, 15);
  BFM3("bfm_r0_s31", 0, 31);
  BFM3("bfm_r0_s63", 0, 63);
  BFM3("bfm_r1_s63", 1, 63);
  BFM3("bfm_r63_s63", 63, 63);
  BFM3("bfm_r4_s11", 4, 11);
  BFM3("bfm_r31_s30", 31, 30);
  BFM3("bfm_r60_s3", 60, 3);
  BFM3("bfm_r1_s0", 1, 0);
  BFM3("bfm_r33_s62", 33, 62);
  BFM3("bfm_r40_s20", 40, 20);
  BFM3("bfm_r12_s34", 12, 34);
}

static void test_aliases(void) {
  u64 v = 0x8123456789abcdefull;
  t_check("lsl_imm", OP1("lsl %0, %1, #4", v), v << 4);
  t_check("lsr_imm", OP1("lsr %0, %1, #60", v), 8);
  t_check("asr_imm", OP1("asr %0, %1, #60", v), ~0ull - 7);
  t_check("lsl_w_imm", OP1("lsl %w0, %w1, #31", 3), 0x80000000ull);
  t_check("asr_w_imm", OP1("asr %w0, %w1, #4", 0x80000000u), 0xf8000000ull);
  t_check("ubfx", OP1("ubfx %0, %1, #8, #12", v), 0xbcdull);
  t_check("sbfx", OP1("sbfx %0, %1, #4, #8", v), ~0ull - 0x21);
  t_check("ubfiz", OP1("ubfiz %0, %1, #56, #8", 0x1ff), 0xff00000000000000ull);
  t_check("sbfiz_w", OP1("sbfiz %w0, %w1, #8, #4", 0x8), 0xfffff800ull);
  t_check("bfi", OP2("mov %0, %2\n\tbfi %0, %1, #16, #8", 0xab, ~0ull), 0xffffffffffabffffull);
  t_check("bfxil_w", OP2("mov %0, %2\n\tbfxil %w0, %w1, #28, #4", 0xa0000000u, 0x12345678ull),
          0x1234567aull);
  t_check("sxtb", OP1("sxtb %0, %w1", 0x180), ~0x7full);
  t_check("sxth", OP1("sxth %0, %w1", 0x8000), ~0x7fffull);
  t_check("sxtw", OP1("sxtw %0, %w1", 0x80000000u), ~0x7fffffffull);
  t_check("sxtb_w", OP1("sxtb %w0, %w1", 0xff), 0xffffffffull);
  t_check("uxtb_w", OP1("uxtb %w0, %w1", 0x1ff), 0xff);
  t_check("uxth_w", OP1("uxth %w0, %w1", 0x18001), 0x8001);
}

static u64 ror64(u64 v, unsigned n) { return n ? v >> n | v << (64 - n) : v; }
static u32 ror32(u32 v, unsigned n) { return n ? v >> n | v << (32 - n) : v; }

static void test_extr_shifts(void) {
  u64 hi = 0x0123456789abcdefull, lo = 0xfedcba9876543210ull;
  t_check("extr_0", OP2("extr %0, %1, %2, #0", hi, lo), lo);
  t_check("extr_8", OP2("extr %0, %1, %2, #8", hi, lo), hi << 56 | lo >> 8);
  t_check("extr_63", OP2("extr %0, %1, %2, #63", hi, lo), hi << 1 | lo >> 63);
  t_check("extr_w_12", OP2("extr %w0, %w1, %w2, #12", hi, lo),
          (u32)((u32)hi << 20 | (u32)lo >> 12));
  t_check("ror_imm", OP1("ror %0, %1, #36", hi), ror64(hi, 36));
  t_check("ror_w_imm", OP1("ror %w0, %w1, #1", 1), 0x80000000ull);
  struct t_group g;
  static const unsigned amts[] = {0, 1, 7, 31, 32, 33, 63, 64, 65, 127, 0xffffffc1u};
  tg_begin(&g, "shiftv");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < ARRAY_SIZE(amts); j++) {
      u64 a = k_vals[i], n = amts[j] | 0x5a00000000000000ull;  // upper bits ignored
      unsigned sh64 = (unsigned)n & 63, sh32 = (unsigned)n & 31;
      tg_check(&g, OP2("lslv %0, %1, %2", a, n), a << sh64, a, n);
      tg_check(&g, OP2("lsrv %0, %1, %2", a, n), a >> sh64, a, n);
      tg_check(&g, OP2("asrv %0, %1, %2", a, n), (u64)((s64)a >> sh64), a, n);
      tg_check(&g, OP2("rorv %0, %1, %2", a, n), ror64(a, sh64), a, n);
      tg_check(&g, OP2("lsl %w0, %w1, %w2", a, n), (u32)((u32)a << sh32), a, n);
      tg_check(&g, OP2("lsr %w0, %w1, %w2", a, n), (u32)a >> sh32, a, n);
      tg_check(&g, OP2("asr %w0, %w1, %w2", a, n), (u32)((s32)(u32)a >> sh32), a, n);
      tg_check(&g, OP2("ror %w0, %w1, %w2", a, n), ror32((u32)a, sh32), a, n);
    }
  tg_end(&g);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("bfm");
  test_bfm();
  t_section("aliases");
  test_aliases();
  t_section("extr and variable shifts");
  test_extr_shifts();
}
