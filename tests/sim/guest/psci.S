// PSCI results as hex lines, compared with QEMU's.
#include "guest.inc"
  .globl _start
_start:
  guest_init
  psci 0x84000000          // PSCI_VERSION
  bl puthex
  mov x1, #0x84000000 & 0xffff
  movz x1, #0x8400, lsl #16
  movk x1, #0x0008         // FEATURES(SYSTEM_OFF)
  psci 0x8400000a
  bl puthex
  movz x1, #0x8400, lsl #16
  movk x1, #0x0005         // FEATURES(MIGRATE): not supported
  psci 0x8400000a
  bl puthex
  movz x1, #0x8400, lsl #16
  movk x1, #0x000a         // FEATURES(PSCI_FEATURES)
  psci 0x8400000a
  bl puthex
  psci 0x84000006          // MIGRATE_INFO_TYPE
  bl puthex
  mov x1, #0
  mov x2, #0
  psci 0xc4000004          // AFFINITY_INFO(cpu 0, level 0): ON
  bl puthex
  mov x1, #1
  mov x2, #0
  psci 0xc4000004          // AFFINITY_INFO(cpu 1): no such cpu
  bl puthex
  mov x1, #0
  mov x2, #0
  mov x3, #0
  psci 0xc4000003          // CPU_ON(cpu 0): already on
  bl puthex
  mov x1, #7
  psci 0xc4000003          // CPU_ON(cpu 7): invalid
  bl puthex
  psci 0x8400ff00          // unknown function
  bl puthex
  psci 0xc4000005          // MIGRATE
  bl puthex
  print done
  psci 0x84000008
  b .
done: .asciz "done\n"
