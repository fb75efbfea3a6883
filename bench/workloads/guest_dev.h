// What the guests of hvc-storm and mmio-storm and the hypervisor agree on:
// the function of the HC_MIX hypercall and the emulated device's registers.
#ifndef EL2SIM_BENCH_GUEST_DEV_H
#define EL2SIM_BENCH_GUEST_DEV_H
#include "bench.h"

// HC_MIX(a, b)
static inline u64 hc_mix_fn(u64 a, u64 b) { return (a ^ (b >> 3)) + 0x9E3779B97F4A7C15ull; }

// The emulated device at MMIO_IPA: four 64-bit registers; an access of 1, 2, 4
// or 8 bytes at offset o reaches the bytes o % 8 .. of register o / 8.
#define DEV_ID 0                  // read-only: DEV_ID_VALUE
#define DEV_SCRATCH 1             // read/write
#define DEV_COUNTER 2             // read-only: the number of earlier reads of COUNTER
#define DEV_ACCUM 3               // a write adds the value written; a read returns the sum
#define DEV_ID_VALUE 0x4F494D4Du  // "MMIO"
#endif
