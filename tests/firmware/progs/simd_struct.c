// Structure loads/stores: LD1 (1-4 registers), LD2/LD3/LD4 (de-interleaving),
// ST1-ST4, single-lane LD1-LD4/ST1-ST4, LD1R-LD4R, for 8B/16B/4H/8H/2S/4S/1D/2D,
// without writeback and with post-index by immediate and by register.
// Registers are read back with UMOV to general-purpose registers.
#include "ldst.h"

const char test_name[] = "simd_struct";

static u8 outv[64] __attribute__((aligned(16)));  // v0..v3 after the instruction
static u8 expv[64] __attribute__((aligned(16)));

// Prefill v0..v3 (byte 0x10*(r+1) + lane), run ins with x9 = base, x10 = inc,
// dump v0..v3 to outv; returns x9.
#define VRUN(ins, base, inc)                                                                      \
  ({                                                                                              \
    u64 wb_;                                                                                      \
    __asm__ volatile(                                                                             \
        "adr x11, 9f\n\tld1 {v0.16b-v3.16b}, [x11]\n\tb 8f\n\t.balign 16\n9:\n\t"                 \
        ".byte "                                                                                  \
        "0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17,0x18,0x19,0x1a,0x1b,0x1c,0x1d,0x1e,0x1f\n\t"     \
        ".byte "                                                                                  \
        "0x20,0x21,0x22,0x23,0x24,0x25,0x26,0x27,0x28,0x29,0x2a,0x2b,0x2c,0x2d,0x2e,0x2f\n\t"     \
        ".byte "                                                                                  \
        "0x30,0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x3a,0x3b,0x3c,0x3d,0x3e,0x3f\n\t"     \
        ".byte 0x40,0x41,0x42,0x43,0x44,0x45,0x46,0x47,0x48,0x49,0x4a,0x4b,0x4c,0x4d,0x4e,0x4f\n" \
        "8:\n\tmov x9, %1\n\tmov x10, %2\n\tmov x12, %3\n\t" ins                                  \
        "\n\t"                                                                                    \
        "mov x11, v0.d[0]\n\tstr x11, [x12, #0]\n\tmov x11, v0.d[1]\n\tstr x11, [x12, #8]\n\t"    \
        "mov x11, v1.d[0]\n\tstr x11, [x12, #16]\n\tmov x11, v1.d[1]\n\tstr x11, [x12, #24]\n\t"  \
        "mov x11, v2.d[0]\n\tstr x11, [x12, #32]\n\tmov x11, v2.d[1]\n\tstr x11, [x12, #40]\n\t"  \
        "mov x11, v3.d[0]\n\tstr x11, [x12, #48]\n\tmov x11, v3.d[1]\n\tstr x11, [x12, #56]\n\t"  \
        "mov %0, x9"                                                                              \
        : "=&r"(wb_)                                                                              \
        : "r"((u64)(base)), "r"((u64)(inc)), "r"(outv)                                            \
        : "x9", "x10", "x11", "x12", "v0", "v1", "v2", "v3", "memory");                           \
    wb_;                                                                                          \
  })

static void exp_prefill(void) {
  for (unsigned r = 0; r < 4; r++)
    for (unsigned i = 0; i < 16; i++) expv[r * 16 + i] = (u8)(0x10 * (r + 1) + i);
}

// Expected registers after LDk (multiple structures, or LD1 with k registers
// when consecutive=1) from src; regbytes 8 or 16; esize in bytes.
static void exp_ld_multi(const u8* src, unsigned k, unsigned esize, unsigned regbytes,
                         int consecutive) {
  exp_prefill();
  unsigned n = regbytes / esize;
  for (unsigned r = 0; r < k; r++) {
    for (unsigned j = 0; j < n; j++) {
      unsigned idx = consecutive ? r * n + j : j * k + r;
      memcpy(&expv[r * 16 + j * esize], src + idx * esize, esize);
    }
    if (regbytes == 8) memset(&expv[r * 16 + 8], 0, 8);
  }
}

static void exp_ld_lane(const u8* src, unsigned k, unsigned esize, unsigned lane) {
  exp_prefill();
  for (unsigned r = 0; r < k; r++) memcpy(&expv[r * 16 + lane * esize], src + r * esize, esize);
}

static void exp_ld_rep(const u8* src, unsigned k, unsigned esize, unsigned regbytes) {
  exp_prefill();
  for (unsigned r = 0; r < k; r++) {
    for (unsigned j = 0; j < regbytes / esize; j++)
      memcpy(&expv[r * 16 + j * esize], src + r * esize, esize);
    if (regbytes == 8) memset(&expv[r * 16 + 8], 0, 8);
  }
}

static void check_regs(const char* name, unsigned k) {
  int ok = memcmp(outv, expv, 16 * k) == 0;
  u64 h = 0;
  for (unsigned i = 0; i < 16 * k; i++) h = h * 131 + outv[i];
  printf("%s: v0..v%u hash=0x%016lx %s\n", name, k - 1, h, ok ? "PASS" : "FAIL");
  if (!ok) {
    t_fail("%s register contents", name);
    for (unsigned r = 0; r < k; r++)
      printf("  v%u got %016lx%016lx expected %016lx%016lx\n", r, le_read(outv + r * 16 + 8, 8),
             le_read(outv + r * 16, 8), le_read(expv + r * 16 + 8, 8), le_read(expv + r * 16, 8));
  } else {
    t_true(name, 1);
  }
}

#define LDM(name, ins, k, esize, rb, consec, wbexp) \
  do {                                              \
    u64 wb = VRUN(ins, src, 24);                    \
    exp_ld_multi(src, k, esize, rb, consec);        \
    check_regs(name, k);                            \
    t_check(name "_wb", wb - (u64)src, wbexp);      \
  } while (0)

static void test_ld(void) {
  buf_fill();
  const u8* src = buf + 64;
  LDM("ld1_1r_8b", "ld1 {v0.8b}, [x9]", 1, 1, 8, 1, 0);
  LDM("ld1_1r_16b_post", "ld1 {v0.16b}, [x9], #16", 1, 1, 16, 1, 16);
  LDM("ld1_2r_4h", "ld1 {v0.4h, v1.4h}, [x9]", 2, 2, 8, 1, 0);
  LDM("ld1_2r_8h_postreg", "ld1 {v0.8h, v1.8h}, [x9], x10", 2, 2, 16, 1, 24);
  LDM("ld1_3r_2s_post", "ld1 {v0.2s, v1.2s, v2.2s}, [x9], #24", 3, 4, 8, 1, 24);
  LDM("ld1_3r_4s", "ld1 {v0.4s, v1.4s, v2.4s}, [x9]", 3, 4, 16, 1, 0);
  LDM("ld1_4r_1d", "ld1 {v0.1d, v1.1d, v2.1d, v3.1d}, [x9]", 4, 8, 8, 1, 0);
  LDM("ld1_4r_2d_post", "ld1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x9], #64", 4, 8, 16, 1, 64);
  LDM("ld2_8b", "ld2 {v0.8b, v1.8b}, [x9]", 2, 1, 8, 0, 0);
  LDM("ld2_16b_post", "ld2 {v0.16b, v1.16b}, [x9], #32", 2, 1, 16, 0, 32);
  LDM("ld2_4s", "ld2 {v0.4s, v1.4s}, [x9]", 2, 4, 16, 0, 0);
  LDM("ld2_2d_postreg", "ld2 {v0.2d, v1.2d}, [x9], x10", 2, 8, 16, 0, 24);
  LDM("ld3_8b", "ld3 {v0.8b, v1.8b, v2.8b}, [x9]", 3, 1, 8, 0, 0);
  LDM("ld3_8h_post", "ld3 {v0.8h, v1.8h, v2.8h}, [x9], #48", 3, 2, 16, 0, 48);
  LDM("ld3_2s", "ld3 {v0.2s, v1.2s, v2.2s}, [x9]", 3, 4, 8, 0, 0);
  LDM("ld3_2d", "ld3 {v0.2d, v1.2d, v2.2d}, [x9]", 3, 8, 16, 0, 0);
  LDM("ld4_16b", "ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x9]", 4, 1, 16, 0, 0);
  LDM("ld4_4h_post", "ld4 {v0.4h, v1.4h, v2.4h, v3.4h}, [x9], #32", 4, 2, 8, 0, 32);
  LDM("ld4_4s_postreg", "ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x9], x10", 4, 4, 16, 0, 24);
  LDM("ld4_2d", "ld4 {v0.2d, v1.2d, v2.2d, v3.2d}, [x9]", 4, 8, 16, 0, 0);
}

#define LDL(name, ins, k, esize, lane, wbexp)  \
  do {                                         \
    u64 wb = VRUN(ins, src, 24);               \
    exp_ld_lane(src, k, esize, lane);          \
    check_regs(name, k);                       \
    t_check(name "_wb", wb - (u64)src, wbexp); \
  } while (0)
#define LDR_(name, ins, k, esize, rb, wbexp)   \
  do {                                         \
    u64 wb = VRUN(ins, src, 24);               \
    exp_ld_rep(src, k, esize, rb);             \
    check_regs(name, k);                       \
    t_check(name "_wb", wb - (u64)src, wbexp); \
  } while (0)

static void test_ld_lane_rep(void) {
  buf_fill();
  const u8* src = buf + 96;
  LDL("ld1_lane_b15", "ld1 {v0.b}[15], [x9]", 1, 1, 15, 0);
  LDL("ld1_lane_h3_post", "ld1 {v0.h}[3], [x9], #2", 1, 2, 3, 2);
  LDL("ld1_lane_s2", "ld1 {v0.s}[2], [x9]", 1, 4, 2, 0);
  LDL("ld1_lane_d1_postreg", "ld1 {v0.d}[1], [x9], x10", 1, 8, 1, 24);
  LDL("ld2_lane_b7", "ld2 {v0.b, v1.b}[7], [x9]", 2, 1, 7, 0);
  LDL("ld2_lane_s1_post", "ld2 {v0.s, v1.s}[1], [x9], #8", 2, 4, 1, 8);
  LDL("ld3_lane_h5", "ld3 {v0.h, v1.h, v2.h}[5], [x9]", 3, 2, 5, 0);
  LDL("ld3_lane_d0_post", "ld3 {v0.d, v1.d, v2.d}[0], [x9], #24", 3, 8, 0, 24);
  LDL("ld4_lane_s3", "ld4 {v0.s, v1.s, v2.s, v3.s}[3], [x9]", 4, 4, 3, 0);
  LDL("ld4_lane_b0_postreg", "ld4 {v0.b, v1.b, v2.b, v3.b}[0], [x9], x10", 4, 1, 0, 24);
  LDR_("ld1r_8b", "ld1r {v0.8b}, [x9]", 1, 1, 8, 0);
  LDR_("ld1r_4s_post", "ld1r {v0.4s}, [x9], #4", 1, 4, 16, 4);
  LDR_("ld1r_1d", "ld1r {v0.1d}, [x9]", 1, 8, 8, 0);
  LDR_("ld2r_8h", "ld2r {v0.8h, v1.8h}, [x9]", 2, 2, 16, 0);
  LDR_("ld3r_2s_postreg", "ld3r {v0.2s, v1.2s, v2.2s}, [x9], x10", 3, 4, 8, 24);
  LDR_("ld4r_2d_post", "ld4r {v0.2d, v1.2d, v2.2d, v3.2d}, [x9], #32", 4, 8, 16, 32);
  LDR_("ld4r_16b", "ld4r {v0.16b, v1.16b, v2.16b, v3.16b}, [x9]", 4, 1, 16, 0);
}

// Stores: v0..v3 hold the prefill pattern; expected memory computed in C.
static void exp_prefill_regs(u8 regs[64]) {
  for (unsigned r = 0; r < 4; r++)
    for (unsigned i = 0; i < 16; i++) regs[r * 16 + i] = (u8)(0x10 * (r + 1) + i);
}

#define STM(name, ins, k, esize, rb, consec, wbexp)                           \
  do {                                                                        \
    u8 regs[64];                                                              \
    exp_prefill_regs(regs);                                                   \
    buf_fill();                                                               \
    u8* dst = buf + 64;                                                       \
    u64 wb = VRUN(ins, dst, 24);                                              \
    unsigned n = (rb) / (esize);                                              \
    for (unsigned r = 0; r < (k); r++)                                        \
      for (unsigned j = 0; j < n; j++) {                                      \
        unsigned idx = (consec) ? r * n + j : j * (k) + r;                    \
        memcpy(ref + 64 + idx * (esize), &regs[r * 16 + j * (esize)], esize); \
      }                                                                       \
    t_true(name, buf_matches());                                              \
    t_check(name "_wb", wb - (u64)dst, wbexp);                                \
  } while (0)
#define STL(name, ins, k, esize, lane, wbexp)                                  \
  do {                                                                         \
    u8 regs[64];                                                               \
    exp_prefill_regs(regs);                                                    \
    buf_fill();                                                                \
    u8* dst = buf + 64;                                                        \
    u64 wb = VRUN(ins, dst, 24);                                               \
    for (unsigned r = 0; r < (k); r++)                                         \
      memcpy(ref + 64 + r * (esize), &regs[r * 16 + (lane) * (esize)], esize); \
    t_true(name, buf_matches());                                               \
    t_check(name "_wb", wb - (u64)dst, wbexp);                                 \
  } while (0)

static void test_st(void) {
  STM("st1_1r_16b", "st1 {v0.16b}, [x9]", 1, 1, 16, 1, 0);
  STM("st1_2r_2s_post", "st1 {v0.2s, v1.2s}, [x9], #16", 2, 4, 8, 1, 16);
  STM("st1_3r_8h_postreg", "st1 {v0.8h, v1.8h, v2.8h}, [x9], x10", 3, 2, 16, 1, 24);
  STM("st1_4r_1d", "st1 {v0.1d, v1.1d, v2.1d, v3.1d}, [x9]", 4, 8, 8, 1, 0);
  STM("st2_8b", "st2 {v0.8b, v1.8b}, [x9]", 2, 1, 8, 0, 0);
  STM("st2_2d_post", "st2 {v0.2d, v1.2d}, [x9], #32", 2, 8, 16, 0, 32);
  STM("st3_4s", "st3 {v0.4s, v1.4s, v2.4s}, [x9]", 3, 4, 16, 0, 0);
  STM("st3_4h_postreg", "st3 {v0.4h, v1.4h, v2.4h}, [x9], x10", 3, 2, 8, 0, 24);
  STM("st4_16b_post", "st4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x9], #64", 4, 1, 16, 0, 64);
  STM("st4_2s", "st4 {v0.2s, v1.2s, v2.2s, v3.2s}, [x9]", 4, 4, 8, 0, 0);
  STL("st1_lane_b9", "st1 {v0.b}[9], [x9]", 1, 1, 9, 0);
  STL("st1_lane_d1_post", "st1 {v0.d}[1], [x9], #8", 1, 8, 1, 8);
  STL("st2_lane_h6", "st2 {v0.h, v1.h}[6], [x9]", 2, 2, 6, 0);
  STL("st3_lane_s2_postreg", "st3 {v0.s, v1.s, v2.s}[2], [x9], x10", 3, 4, 2, 24);
  STL("st4_lane_d0", "st4 {v0.d, v1.d, v2.d, v3.d}[0], [x9]", 4, 8, 0, 0);
  STL("st4_lane_b13_post", "st4 {v0.b, v1.b, v2.b, v3.b}[13], [x9], #4", 4, 1, 13, 4);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("ld multiple");
  test_ld();
  t_section("ld lane / replicate");
  test_ld_lane_rep();
  t_section("st");
  test_st();
}
