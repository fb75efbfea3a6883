// Guest code (EL1, stage 1 and stage 2 on): the integer kernels, the
// hypercall loop of hvc-storm and the device-register loop of mmio-storm.
// Like the kernels, it writes nothing but its stack and data window.
#include "bench.h"
#include "guest_dev.h"

static inline u64 hvc_mix(u64 a, u64 b) {
  register u64 x0 __asm__("x0") = HC_MIX;
  register u64 x1 __asm__("x1") = a;
  register u64 x2 __asm__("x2") = b;
  __asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2) : "memory");
  return x0;
}

// Millions of hypercalls with a little work between them; the guest checks
// every result against its own computation of the function.
static void hvc_storm(u64 calls, struct kresult* r) {
  u64 acc = 0x243F6A8885A308D3ull;
  for (u64 i = 0; i < calls; i++) {
    u64 a = i * 0x9E3779B97F4A7C15ull;
    u64 v = hvc_mix(a, acc);
    if (v != hc_mix_fn(a, acc)) r->errors++;
    acc = (acc << 7 | acc >> 57) ^ v;
  }
  r->checksum = acc;
}

// Loads and stores of the emulated device (guest_dev.h) of every size, with
// zero and sign extension; each one traps to EL2.  The guest tracks what the
// device must answer and counts disagreements.
#define LD(ins, off)                                                                 \
  ({                                                                                 \
    u64 v_;                                                                          \
    __asm__ volatile(ins ", [%1, #" #off "]" : "=r"(v_) : "r"(MMIO_IPA) : "memory"); \
    v_;                                                                              \
  })
#define ST(ins, off, v) \
  __asm__ volatile(ins ", [%1, #" #off "]" ::"r"((u64)(v)), "r"(MMIO_IPA) : "memory")

static void mmio_storm(u64 iters, struct kresult* r) {
  u64 h = 0, scratch = 0, accum = 0, reads = 0;
  if ((u32)LD("ldr %w0", 0x00) != DEV_ID_VALUE) r->errors++;
  for (u64 i = 0; i < iters; i++) {
    u64 x = (i + 1) * 0xD6E8FEB86659FD93ull;
    ST("str %0", 0x08, x);  // SCRATCH, 64 bits
    scratch = x;
    u64 hi = LD("ldr %w0", 0x0c);  // upper half, zero-extended
    if (hi != scratch >> 32) r->errors++;
    ST("strh %w0", 0x0a, i);  // bytes 2-3 of SCRATCH
    scratch = (scratch & ~0xFFFF0000ull) | (i & 0xFFFF) << 16;
    u64 sh = LD("ldrsh %0", 0x0a);  // sign-extended to 64 bits
    if (sh != (u64)(s64)(s16)(scratch >> 16)) r->errors++;
    u64 sw = LD("ldrsb %w0", 0x0f);  // sign-extended to 32 bits
    if (sw != (u64)(u32)(s32)(s8)(scratch >> 56)) r->errors++;
    ST("strb %w0", 0x18, x >> 8);  // ACCUM += byte
    accum += (x >> 8) & 0xFF;
    u64 cnt = LD("ldr %0", 0x10);  // COUNTER: reads of it so far
    if (cnt != reads) r->errors++;
    reads++;
    if ((i & 7) == 0) {
      ST("str xzr", 0x08, 0);  // (ignored operand) a store of XZR
      scratch = 0;
      if (LD("ldr %0", 0x08) != 0) r->errors++;
    }
    h = (h ^ x ^ LD("ldr %0", 0x18)) * 0x100000001b3ull;
  }
  if (LD("ldr %0", 0x18) != accum) r->errors++;
  r->checksum = h ^ accum;
}

struct kresult guest_main(u64 job, u64 reps, u64 mem, u64 size) {
  struct kresult r = {0, 0};
  if (job < K_COUNT)
    kernel_run((unsigned)job, reps, mem, size, &r);
  else if (job == G_HVC_STORM)
    hvc_storm(reps, &r);
  else if (job == G_MMIO_STORM)
    mmio_storm(reps, &r);
  else
    r.errors = 1;
  return r;
}
