// Inline-assembly wrappers shared by the ISA tests.  The instruction string
// uses %0 for the result, %1/%2/%3 for the inputs (add "w" for 32-bit forms).
// NZCV, x9 and x10 are clobbered: instruction strings may use x9/x10 as scratch.
#ifndef EL2SIM_FW_OPS_H
#define EL2SIM_FW_OPS_H
#include "fw.h"

#define OP1(ins, a)                                                                  \
  ({                                                                                 \
    u64 r_;                                                                          \
    __asm__ volatile(ins : "=&r"(r_) : "r"((u64)(a)) : "cc", "memory", "x9", "x10"); \
    r_;                                                                              \
  })
#define OP2(ins, a, b)                               \
  ({                                                 \
    u64 r_;                                          \
    __asm__ volatile(ins                             \
                     : "=&r"(r_)                     \
                     : "r"((u64)(a)), "r"((u64)(b))  \
                     : "cc", "memory", "x9", "x10"); \
    r_;                                              \
  })
#define OP3(ins, a, b, c)                                          \
  ({                                                               \
    u64 r_;                                                        \
    __asm__ volatile(ins                                           \
                     : "=&r"(r_)                                   \
                     : "r"((u64)(a)), "r"((u64)(b)), "r"((u64)(c)) \
                     : "cc", "memory", "x9", "x10");               \
    r_;                                                            \
  })
// Sets NZCV to nzcv_in (bits 31:28 of the argument's low nibble << 28),
// runs ins, returns the result and stores the new NZCV nibble in *nzcv_out.
#define OP2F(ins, a, b, nzcv_in, nzcv_out)                                     \
  ({                                                                           \
    u64 r_, f_;                                                                \
    __asm__ volatile("msr nzcv, %4\n\t" ins "\n\tmrs %1, nzcv"                 \
                     : "=&r"(r_), "=&r"(f_)                                    \
                     : "r"((u64)(a)), "r"((u64)(b)), "r"((u64)(nzcv_in) << 28) \
                     : "cc", "memory", "x9", "x10");                           \
    *(nzcv_out) = (unsigned)(f_ >> 28);                                        \
    r_;                                                                        \
  })

// NZCV nibble helpers
#define NZCV_N 8u
#define NZCV_Z 4u
#define NZCV_C 2u
#define NZCV_V 1u

// The Arm ARM's ConditionHolds(cond) over a NZCV nibble.
static inline int cond_holds(unsigned cond, unsigned nzcv) {
  int n = (nzcv >> 3) & 1, z = (nzcv >> 2) & 1, c = (nzcv >> 1) & 1, v = nzcv & 1;
  int r;
  switch (cond >> 1) {
    case 0:
      r = z;
      break;
    case 1:
      r = c;
      break;
    case 2:
      r = n;
      break;
    case 3:
      r = v;
      break;
    case 4:
      r = c && !z;
      break;
    case 5:
      r = n == v;
      break;
    case 6:
      r = n == v && !z;
      break;
    default:
      r = 1;
      break;
  }
  if ((cond & 1) && cond != 15) r = !r;
  return r;
}

// AddWithCarry (Arm ARM shared pseudocode), for 32 (sf=0) or 64 (sf=1) bits.
static inline u64 add_with_carry(u64 x, u64 y, unsigned carry, int sf, unsigned* nzcv) {
  if (!sf) {
    u32 a = (u32)x, b = (u32)y;
    u64 usum = (u64)a + b + carry;
    s64 ssum = (s64)(s32)a + (s32)b + (s64)carry;
    u32 r = (u32)usum;
    *nzcv = (r >> 31) << 3 | (r == 0) << 2 | (usum != r) << 1 | (ssum != (s32)r);
    return r;
  }
  unsigned __int128 usum = (unsigned __int128)x + y + carry;
  __int128 ssum = (__int128)(s64)x + (s64)y + (__int128)carry;
  u64 r = (u64)usum;
  *nzcv = (unsigned)(r >> 63) << 3 | (r == 0) << 2 | (usum != r) << 1 | (ssum != (s64)r);
  return r;
}

static const u64 k_vals[] = {
    0x0ull,
    0x1ull,
    0x7full,
    0x80ull,
    0xffffull,
    0x7fffffffull,
    0x80000000ull,
    0xffffffffull,
    0x100000000ull,
    0x123456789abcdef0ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0xfedcba9876543210ull,
    0xffffffffffffffffull,
};
#define N_VALS (sizeof(k_vals) / sizeof(k_vals[0]))

#endif
