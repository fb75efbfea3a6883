// Helpers for the load/store tests: a buffer with a known byte pattern and
// little-endian reference reads written byte by byte.
#ifndef EL2SIM_FW_LDST_H
#define EL2SIM_FW_LDST_H
#include "ops.h"

#define BUF_SIZE 256
static u8 buf[BUF_SIZE] __attribute__((aligned(16)));
static u8 ref[BUF_SIZE] __attribute__((aligned(16)));

static inline u8 pattern_byte(unsigned i) { return (u8)(0x81 + i * 0x35 + (i >> 3)); }

static inline void buf_fill(void) {
  for (unsigned i = 0; i < BUF_SIZE; i++) {
    buf[i] = pattern_byte(i);
    ref[i] = buf[i];
  }
}

static inline u64 le_read(const u8* p, unsigned size) {
  u64 v = 0;
  for (unsigned i = 0; i < size; i++) v |= (u64)p[i] << (8 * i);
  return v;
}
static inline void le_write(u8* p, unsigned size, u64 v) {
  for (unsigned i = 0; i < size; i++) p[i] = (u8)(v >> (8 * i));
}
static inline u64 sx(u64 v, unsigned bits) {
  return bits >= 64 ? v : (u64)((s64)(v << (64 - bits)) >> (64 - bits));
}
// 1 if buf == ref
static inline int buf_matches(void) { return memcmp(buf, ref, BUF_SIZE) == 0; }

// Load with the base in x9: returns the loaded value; *wb = x9 afterwards.
#define LDB(ins, base, wb)                                 \
  ({                                                       \
    u64 v_, b_;                                            \
    __asm__ volatile("mov x9, %2\n\t" ins "\n\tmov %1, x9" \
                     : "=&r"(v_), "=&r"(b_)                \
                     : "r"((u64)(base))                    \
                     : "x9", "x10", "memory");             \
    *(wb) = b_;                                            \
    v_;                                                    \
  })
// Store %1 with the base in x9 (and an index in x10): returns x9 afterwards.
#define STB(ins, base, val, idx)                                          \
  ({                                                                      \
    u64 b_;                                                               \
    __asm__ volatile("mov x9, %1\n\tmov x10, %3\n\t" ins "\n\tmov %0, x9" \
                     : "=&r"(b_)                                          \
                     : "r"((u64)(base)), "r"((u64)(val)), "r"((u64)(idx)) \
                     : "x9", "x10", "memory");                            \
    b_;                                                                   \
  })
// Load with the base in x9 and the index in x10.
#define LDX(ins, base, idx)                              \
  ({                                                     \
    u64 v_;                                              \
    __asm__ volatile("mov x9, %1\n\tmov x10, %2\n\t" ins \
                     : "=&r"(v_)                         \
                     : "r"((u64)(base)), "r"((u64)(idx)) \
                     : "x9", "x10", "memory");           \
    v_;                                                  \
  })
#endif
