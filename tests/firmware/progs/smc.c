// Self-modifying and generated code: instructions written by stores (word, byte,
// doubleword), over code that already ran, ahead in the same page, in a loop that
// rewrites itself, and in a buffer of generated functions that is written while it
// holds code. Each rewrite is followed by DC CVAU, IC IVAU and ISB.
#include "fw.h"

const char test_name[] = "smc";

u64 patch_ahead(u32 insn);
u64 loop_patch(void);
u64 patch_pair(u64 two_insns);

// A page of generated code, in RAM (.bss) that was never code before.
static u32 gen[1024] __attribute__((aligned(4096)));

static void sync_range(const void* p, unsigned len) {
  for (uintptr_t a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + len; a += 64)
    __asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
  __asm__ volatile("dsb ish" ::: "memory");
  for (uintptr_t a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + len; a += 64)
    __asm__ volatile("ic ivau, %0" ::"r"(a) : "memory");
  __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

static u32 movz_x0(unsigned imm16) { return 0xd2800000u | imm16 << 5; }
static const u32 kRet = 0xd65f03c0u;
static const u32 kAddX0Imm1 = 0x91000400u;  // add x0, x0, #1

typedef u64 (*fn_t)(void);

// The function at gen[at]: movz x0, #imm; `adds` times add x0, x0, #1; ret.
static fn_t emit(unsigned at, unsigned imm, unsigned adds) {
  volatile u32* p = &gen[at];
  p[0] = movz_x0(imm);
  for (unsigned i = 0; i < adds; i++) p[1 + i] = kAddX0Imm1;
  p[1 + adds] = kRet;
  sync_range(&gen[at], (2 + adds) * 4);
  return (fn_t)(uintptr_t)&gen[at];
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("rewritten in place");
  t_check("ahead_first", patch_ahead(movz_x0(0x1234)), 0x1234);
  t_check("ahead_again", patch_ahead(movz_x0(0x4321)), 0x4321);
  t_check("ahead_same", patch_ahead(movz_x0(0x4321)), 0x4321);
  t_check("loop", loop_patch(), 36);
  t_check("loop_again", loop_patch(), 36);
  const u64 pair = (u64)movz_x0(0x777) | (u64)0xf2a00000u << 32;  // movk x0, #0, lsl #16
  t_check("pair", patch_pair(pair), 0x777);
  t_check("pair_again", patch_pair((u64)movz_x0(0x55) | (u64)0xf2a02460u << 32), 0x1230055);

  t_section("generated");
  t_check("gen_first", emit(0, 7, 0)(), 7);
  t_check("gen_rewrite", emit(0, 9, 3)(), 12);
  t_check("gen_next", emit(8, 100, 1)(), 101);
  t_check("gen_first_kept", ((fn_t)(uintptr_t)&gen[0])(), 12);
  // Byte by byte: the first instruction becomes movz x0, #0x5a.
  volatile u8* b = (volatile u8*)&gen[0];
  const u32 w = movz_x0(0x5a);
  for (unsigned i = 0; i < 4; i++) b[i] = (u8)(w >> (8 * i));
  sync_range(&gen[0], 4);
  t_check("gen_bytes", ((fn_t)(uintptr_t)&gen[0])(), 0x5a + 3);
  // Many rewrites of one function, each run once.
  u64 sum = 0;
  for (unsigned i = 0; i < 64; i++) sum += emit(16, i, i & 3)();
  t_check("gen_many", sum, 2016 + 96);
}
