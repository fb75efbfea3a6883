// Helpers for the exception-model tests.
#ifndef EL2SIM_FW_EXC_TEST_H
#define EL2SIM_FW_EXC_TEST_H
#include "ops.h"

// Executes ins (which must raise exactly one exception that the default
// policy resumes from) with exceptions armed; returns the address of ins.
#define TRAP_AT(ins)                                                      \
  ({                                                                      \
    u64 a_;                                                               \
    exc_reset();                                                          \
    __asm__ volatile("adr %0, 1f\n1:\t" ins : "=&r"(a_)::"cc", "memory"); \
    exc_disarm();                                                         \
    a_;                                                                   \
  })

// Executes the load or store ins with exceptions armed and returns its address (for
// the ELR check). In ins, %[a] is the address and %[v] the data register, which holds
// *(data) before and is written back to it after (what a load read, or left as it
// was when the access faulted).
#define MEM_AT(ins, addr, data)                              \
  ({                                                         \
    u64 mem_pc_, mem_v_ = *(data);                           \
    exc_reset();                                             \
    __asm__ volatile("adr %[pc], 1f\n1:\t" ins               \
                     : [pc] "=&r"(mem_pc_), [v] "+r"(mem_v_) \
                     : [a] "r"((u64)(addr))                  \
                     : "memory");                            \
    exc_disarm();                                            \
    *(data) = mem_v_;                                        \
    mem_pc_;                                                 \
  })

// ISS of a trapped MSR/MRS/SYS (EC 0x18), Arm ARM D13.2.37.
#define SYSREG_ISS(op0, op1, crn, crm, op2, rt, read)                                  \
  (((u64)(op0) << 20) | ((u64)(op2) << 17) | ((u64)(op1) << 14) | ((u64)(crn) << 10) | \
   ((u64)(rt) << 5) | ((u64)(crm) << 1) | (u64)(read))

// ISS of a trapped WFI/WFE or SIMD&FP access from AArch64: CV=1, COND=0b1110.
#define ISS_CV_AL 0x1E00000ull

static inline void set_hcr(u64 v) {
  sysreg_write(hcr_el2, v);
  isb();
}
#endif
