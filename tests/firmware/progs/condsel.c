// CSEL/CSINC/CSINV/CSNEG and the aliases CSET/CSETM/CINC/CINV/CNEG over all
// 16 conditions and all 16 NZCV values; CCMP/CCMN (immediate and register).
#include "ops.h"

const char test_name[] = "condsel";

#define CSEL_ALL(cc, code)                                                                       \
  do {                                                                                           \
    for (unsigned f = 0; f < 16; f++) {                                                          \
      unsigned fo;                                                                               \
      int h = cond_holds(code, f);                                                               \
      u64 a = 0x1111111111111111ull * (f + 1), b = 0xfedcba9876543210ull ^ f;                    \
      tg_check(&g, OP2F("csel %0, %2, %3, " cc, a, b, f, &fo), h ? a : b, code, f);              \
      tg_check(&g, fo, f, code, f);                                                              \
      tg_check(&g, OP2F("csinc %0, %2, %3, " cc, a, b, f, &fo), h ? a : b + 1, code, f);         \
      tg_check(&g, OP2F("csinv %0, %2, %3, " cc, a, b, f, &fo), h ? a : ~b, code, f);            \
      tg_check(&g, OP2F("csneg %0, %2, %3, " cc, a, b, f, &fo), h ? a : -b, code, f);            \
      tg_check(&g, OP2F("csel %w0, %w2, %w3, " cc, a, b, f, &fo), (u32)(h ? a : b), code, f);    \
      tg_check(&g, OP2F("csinc %w0, %w2, %w3, " cc, a, ~0ull, f, &fo), h ? (u32)a : 0, code, f); \
      tg_check(&g, OP2F("csneg %w0, %w2, %w3, " cc, a, b, f, &fo), (u32)(h ? a : -b), code, f);  \
      if (code < 14) {                                                                           \
        tg_check(&g, OP2F("cset %0, " cc, 0, 0, f, &fo), h, code, f);                            \
        tg_check(&g, OP2F("csetm %w0, " cc, 0, 0, f, &fo), h ? 0xffffffffull : 0, code, f);      \
        tg_check(&g, OP2F("cinc %0, %2, " cc, a, 0, f, &fo), h ? a + 1 : a, code, f);            \
        tg_check(&g, OP2F("cinv %0, %2, " cc, a, 0, f, &fo), h ? ~a : a, code, f);               \
        tg_check(&g, OP2F("cneg %0, %2, " cc, a, 0, f, &fo), h ? -a : a, code, f);               \
      }                                                                                          \
    }                                                                                            \
  } while (0)

static void test_csel(void) {
  struct t_group g;
  tg_begin(&g, "csel_eq_ne");
  CSEL_ALL("eq", 0);
  CSEL_ALL("ne", 1);
  tg_end(&g);
  tg_begin(&g, "csel_cs_cc");
  CSEL_ALL("cs", 2);
  CSEL_ALL("cc", 3);
  tg_end(&g);
  tg_begin(&g, "csel_mi_pl");
  CSEL_ALL("mi", 4);
  CSEL_ALL("pl", 5);
  tg_end(&g);
  tg_begin(&g, "csel_vs_vc");
  CSEL_ALL("vs", 6);
  CSEL_ALL("vc", 7);
  tg_end(&g);
  tg_begin(&g, "csel_hi_ls");
  CSEL_ALL("hi", 8);
  CSEL_ALL("ls", 9);
  tg_end(&g);
  tg_begin(&g, "csel_ge_lt");
  CSEL_ALL("ge", 10);
  CSEL_ALL("lt", 11);
  tg_end(&g);
  tg_begin(&g, "csel_gt_le");
  CSEL_ALL("gt", 12);
  CSEL_ALL("le", 13);
  tg_end(&g);
  tg_begin(&g, "csel_al_nv");
  CSEL_ALL("al", 14);
  CSEL_ALL("nv", 15);
  tg_end(&g);
}

// CCMP: if cond then flags = CMP(a, b) else flags = nzcv_imm.
#define CCMP_ALL(cc, code)                                   \
  do {                                                       \
    for (unsigned f = 0; f < 16; f++)                        \
      for (unsigned i = 0; i < N_VALS; i += 3) {             \
        unsigned fo, ef;                                     \
        u64 a = k_vals[i], b = k_vals[(i * 5 + f) % N_VALS]; \
        int h = cond_holds(code, f);                         \
        OP2F("ccmp %2, %3, #0x5, " cc, a, b, f, &fo);        \
        add_with_carry(a, ~b, 1, 1, &ef);                    \
        tg_check(&g, fo, h ? ef : 0x5, a, b);                \
        OP2F("ccmn %w2, %w3, #0xa, " cc, a, b, f, &fo);      \
        add_with_carry(a, b, 0, 0, &ef);                     \
        tg_check(&g, fo, h ? ef : 0xa, a, b);                \
        OP2F("ccmp %2, #31, #0x3, " cc, a, 0, f, &fo);       \
        add_with_carry(a, ~31ull, 1, 1, &ef);                \
        tg_check(&g, fo, h ? ef : 0x3, a, 31);               \
        OP2F("ccmn %w2, #0, #0xc, " cc, a, 0, f, &fo);       \
        add_with_carry(a, 0, 0, 0, &ef);                     \
        tg_check(&g, fo, h ? ef : 0xc, a, 0);                \
      }                                                      \
  } while (0)

static void test_ccmp(void) {
  struct t_group g;
  tg_begin(&g, "ccmp_eq_ne");
  CCMP_ALL("eq", 0);
  CCMP_ALL("ne", 1);
  tg_end(&g);
  tg_begin(&g, "ccmp_cs_cc");
  CCMP_ALL("cs", 2);
  CCMP_ALL("cc", 3);
  tg_end(&g);
  tg_begin(&g, "ccmp_mi_pl");
  CCMP_ALL("mi", 4);
  CCMP_ALL("pl", 5);
  tg_end(&g);
  tg_begin(&g, "ccmp_vs_vc");
  CCMP_ALL("vs", 6);
  CCMP_ALL("vc", 7);
  tg_end(&g);
  tg_begin(&g, "ccmp_hi_ls");
  CCMP_ALL("hi", 8);
  CCMP_ALL("ls", 9);
  tg_end(&g);
  tg_begin(&g, "ccmp_ge_lt");
  CCMP_ALL("ge", 10);
  CCMP_ALL("lt", 11);
  tg_end(&g);
  tg_begin(&g, "ccmp_gt_le");
  CCMP_ALL("gt", 12);
  CCMP_ALL("le", 13);
  tg_end(&g);
  tg_begin(&g, "ccmp_al_nv");
  CCMP_ALL("al", 14);
  CCMP_ALL("nv", 15);
  tg_end(&g);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("conditional select");
  test_csel();
  t_section("conditional compare");
  test_ccmp();
}
