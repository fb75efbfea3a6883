// The integer workloads: one kernel (BENCH_KERNEL), at EL2 with the MMU off,
// or with BENCH_MMU at EL1 with its own stage-1 tables under a stage-2 map
// (the mmu-* workloads).  The build defines BENCH_NAME ("sort", "mmu-sort", ...).
#include "bench.h"

#if !defined(BENCH_KERNEL) || !defined(BENCH_NAME)
#error "BENCH_KERNEL and BENCH_NAME must be defined"
#endif
#ifndef BENCH_MMU
#define BENCH_MMU 0
#endif

const char test_name[] = BENCH_NAME;

void test_main(u64 dtb) {
  (void)dtb;
  struct kresult r;
  u64 reps = kernel_reps(BENCH_KERNEL);
  printf("%s: %lu repetitions%s\n", kernel_name(BENCH_KERNEL), reps,
         BENCH_MMU ? " at EL1, stage 1 and stage 2 on" : " at EL2, MMU off");
#if BENCH_MMU
  run_kernel_in_guest(BENCH_KERNEL, reps, &r);
#else
  kernel_run(BENCH_KERNEL, reps, DATA_VA, DATA_SIZE, &r);
#endif
  report_kernel(kernel_name(BENCH_KERNEL), &r);
}
