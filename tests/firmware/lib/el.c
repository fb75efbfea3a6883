#include "fw.h"

u64 run_el1(u64 (*fn)(u64), u64 arg) {
  return el_call(SPSR_EL1h | SPSR_DAIF, fn, arg, stack_el0_top);
}

u64 run_el0(u64 (*fn)(u64), u64 arg) {
  return el_call(SPSR_EL0t | SPSR_DAIF, fn, arg, stack_el0_top);
}
