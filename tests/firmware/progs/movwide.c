// MOVZ/MOVN/MOVK at every halfword position (32- and 64-bit), ADR, ADRP.
#include "ops.h"

const char test_name[] = "movwide";

extern char adr_target_near[], adr_target_page[];

static void test_movwide(void) {
  t_check("movz_hw0", OP1("movz %0, #0xbeef", 0), 0xbeef);
  t_check("movz_hw1", OP1("movz %0, #0xbeef, lsl #16", 0), 0xbeef0000ull);
  t_check("movz_hw2", OP1("movz %0, #0xbeef, lsl #32", 0), 0xbeef00000000ull);
  t_check("movz_hw3", OP1("movz %0, #0xbeef, lsl #48", 0), 0xbeef000000000000ull);
  t_check("movz_w_hw1", OP1("movz %w0, #0x8001, lsl #16", 0), 0x80010000ull);
  t_check("movn_hw0", OP1("movn %0, #0x1234", 0), ~0x1234ull);
  t_check("movn_hw1", OP1("movn %0, #0x1234, lsl #16", 0), ~0x12340000ull);
  t_check("movn_hw2", OP1("movn %0, #0x1234, lsl #32", 0), ~0x123400000000ull);
  t_check("movn_hw3", OP1("movn %0, #0x1234, lsl #48", 0), ~0x1234000000000000ull);
  t_check("movn_w_hw0", OP1("movn %w0, #0x1234", 0), 0xffffedcbull);
  t_check("movn_w_hw1", OP1("movn %w0, #0xffff, lsl #16", 0), 0xffffull);
  u64 v = 0x1111222233334444ull;
  t_check("movk_hw0", OP1("mov %0, %1\n\tmovk %0, #0xaaaa", v), 0x111122223333aaaaull);
  t_check("movk_hw1", OP1("mov %0, %1\n\tmovk %0, #0xaaaa, lsl #16", v), 0x11112222aaaa4444ull);
  t_check("movk_hw2", OP1("mov %0, %1\n\tmovk %0, #0xaaaa, lsl #32", v), 0x1111aaaa33334444ull);
  t_check("movk_hw3", OP1("mov %0, %1\n\tmovk %0, #0xaaaa, lsl #48", v), 0xaaaa222233334444ull);
  t_check("movk_w_hw1_clears_top", OP1("mov %0, %1\n\tmovk %w0, #0xaaaa, lsl #16", v),
          0xaaaa4444ull);
  t_check("mov_seq_64",
          OP1("movz %0, #0xdef0\n\tmovk %0, #0x9abc, lsl #16\n\t"
              "movk %0, #0x5678, lsl #32\n\tmovk %0, #0x1234, lsl #48",
              0),
          0x123456789abcdef0ull);
  t_check("mov_wide_alias", OP1("mov %0, #-2", 0), ~1ull);
  t_check("mov_w_wide_alias", OP1("mov %w0, #0x7fff0000", 0), 0x7fff0000ull);
}

static void test_adr(void) {
  u64 near = (u64)adr_target_near, page = (u64)adr_target_page;
  u64 here, r;
  __asm__ volatile("adr %0, adr_target_near" : "=r"(r));
  t_check("adr_fwd", r - near, 0);
  __asm__ volatile("1: adr %0, 1b\n\tadr %1, 2f\n\t2:" : "=r"(here), "=r"(r));
  t_check("adr_self_to_next", r - here, 8);
  __asm__ volatile("adr %0, . - 0x40" : "=r"(r));
  __asm__ volatile("adr %0, ." : "=r"(here));
  t_check("adr_back_0x40", (here - r) >= 0x40 && (here - r) < 0x100, 1);
  __asm__ volatile("adrp %0, adr_target_page" : "=r"(r));
  t_check("adrp_page", r, page & ~0xfffull);
  t_check("adrp_target_page_offset", page & 0xfff, 0x123);
  __asm__ volatile("adrp %0, adr_target_page + 0x1000000" : "=r"(r));
  t_check("adrp_plus_16m", r - (page & ~0xfffull), 0x1000000);
  __asm__ volatile("adrp %0, . - 0x100000" : "=r"(r));
  __asm__ volatile("adr %0, ." : "=r"(here));
  t_check("adrp_back_1m", (here & ~0xfffull) - r, 0x100000);
  __asm__ volatile("adrp %0, adr_target_page\n\tadd %0, %0, :lo12:adr_target_page" : "=r"(r));
  t_check("adrp_add_lo12", r, page);
}

__asm__(
    ".pushsection .text.adr_targets, \"ax\"\n"
    ".global adr_target_near\n"
    "adr_target_near: ret\n"
    ".balign 4096\n"
    ".skip 0x123\n"
    ".global adr_target_page\n"
    "adr_target_page: .byte 0\n"
    ".balign 4\n"
    ".popsection\n");

void test_main(u64 dtb) {
  (void)dtb;
  t_section("move wide");
  test_movwide();
  t_section("adr/adrp");
  test_adr();
}
