// Benchmark workloads (bench/): shared definitions.
//
// Every image starts at EL2 with the MMU off (tests/firmware/lib/start.S),
// prints a deterministic transcript on the PL011 and powers off with PSCI
// SYSTEM_OFF; the transcript is identical on el2sim and on QEMU.
//
// Memory (RAM is 0x40000000..0x4fffffff, the image is at 0x40200000):
//   0x44000000  the data window of the kernels (DATA_SIZE): VA = IPA = PA for the
//               plain workloads and the first guest; the second guest of vm-switch
//               sees the same VA and IPA, which its stage 2 maps to DATA_PA_VM2.
//               A guest's EL1 stack is at the top of its window.
//   0x48000000  translation tables (tests/firmware/include/mmu.h PT_POOL_BASE)
//   0x4c000000  the data window of the second guest (DATA_PA_VM2)
#ifndef EL2SIM_BENCH_H
#define EL2SIM_BENCH_H
#include "fw.h"

#ifndef BENCH_SCALE
#define BENCH_SCALE 1  // the smoke images divide the repetitions by 100
#endif

#define DATA_VA 0x44000000ull
#define DATA_SIZE 0x00800000ull  // 8 MiB
#define DATA_PA_VM2 0x4c000000ull
#define GUEST_STACK_SIZE 0x10000ull  // at the top of the window
#define MMIO_IPA 0x0b000000ull       // nothing of QEMU's virt is here; stage 2 leaves it unmapped

// ---- kernels (kernels.c) ---------------------------------------------------
// Pure computations: the only memory a kernel writes is its data window and
// its stack, so two guests can run the same code at once (vm-switch).
enum { K_SORT, K_MATMUL, K_CRC, K_DICT, K_PTRCHASE, K_COUNT };
// Guest-only loops (guest.c)
enum { G_HVC_STORM = 16, G_MMIO_STORM = 17 };

struct kresult {
  u64 checksum;
  u64 errors;  // failed self-checks (0 when the kernel computed correctly)
};

// Runs kernel id for reps repetitions with [mem, mem + size) as its data.
void kernel_run(unsigned id, u64 reps, u64 mem, u64 size, struct kresult* r);
const char* kernel_name(unsigned id);
u64 kernel_reps(unsigned id);  // the repetitions of a full run, divided by BENCH_SCALE

// ---- hypervisor (hyp.c, hyp.S) ---------------------------------------------
// Hypercalls (HVC #0, function in x0, result in x0)
#define HC_DONE 0x1000   // x1 = checksum, x2 = errors: the guest has finished
#define HC_PANIC 0x1001  // x1 = ESR_EL1, x2 = ELR_EL1, x3 = FAR_EL1: unexpected guest exception
#define HC_MIX 0x2000    // x1, x2 -> x0: the trivial hypercall of hvc-storm

// The EL1 state a switch saves and restores (hyp.c vcpu_put/vcpu_load).
struct el1_sysregs {
  u64 sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
  u64 tpidr_el1, tpidr_el0, tpidrro_el0, sp_el0, sp_el1, elr_el1, spsr_el1;
  u64 esr, far, afsr0, afsr1, par, cpacr, cntkctl, csselr, cntv_ctl, cntv_cval;
};

// A virtual CPU. hyp.S relies on the offsets of x[], elr and spsr.
struct vcpu {
  u64 x[31];  // guest x0..x30, saved on every exit
  u64 pad;
  u64 elr, spsr;  // ELR_EL2 (guest PC), SPSR_EL2
  struct el1_sysregs sys;
  u64 vttbr, hcr;
  unsigned id;
  int done;
  struct kresult result;
  u64 exits;
};

// Exit reasons passed by hyp.S
#define EXIT_SYNC 0
#define EXIT_IRQ 1
#define EXIT_OTHER 2

// Handlers a workload installs; each returns the vCPU to resume, or 0 to
// leave hyp_run().  The HC_DONE and HC_PANIC hypercalls are handled by hyp.c
// (hyp_on_done decides what runs next).
struct hyp_ops {
  struct vcpu* (*hvc)(struct vcpu* v);                     // other hypercalls
  struct vcpu* (*dabt)(struct vcpu* v, u64 esr, u64 ipa);  // stage-2 data aborts
  struct vcpu* (*irq)(struct vcpu* v);
  struct vcpu* (*done)(struct vcpu* v);  // after HC_DONE (default: leave hyp_run)
};
extern struct hyp_ops g_hyp_ops;

// Builds the stage-2 tables of VM vmid (data window at data_pa) and the guest's
// stage-1 tables, and sets the vCPU up to enter guest_start at EL1h with
// x0 = job, x1 = reps, x2 = DATA_VA, x3 = DATA_SIZE - GUEST_STACK_SIZE.
void vcpu_init(struct vcpu* v, unsigned vmid, u64 data_pa, u64 job, u64 reps);
void hyp_init(void);  // VBAR_EL2 = hyp_vectors, VTCR_EL2, an empty table pool
void vcpu_put(struct vcpu* v);
void vcpu_load(struct vcpu* v);
// Loads v and runs guests until a handler returns 0.
void hyp_run(struct vcpu* v);
__attribute__((noreturn)) void hyp_panic(const char* fmt, ...)
    __attribute__((format(printf, 1, 2)));

// Runs one kernel in a guest (the mmu-* workloads) and returns its result.
void run_kernel_in_guest(unsigned id, u64 reps, struct kresult* r);
// Prints "<name>: checksum 0x..." and a self-check line.
void report_kernel(const char* name, const struct kresult* r);

// ---- guest side (guest.S, guest.c) -----------------------------------------
void guest_start(void);  // the EL1 entry point (guest.S)
#endif
