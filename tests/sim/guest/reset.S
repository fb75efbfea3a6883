// PSCI SYSTEM_RESET: RAM keeps its contents, the image is reloaded and the core
// restarts at the entry point. A marker outside the image counts the boots.
#include "guest.inc"
  .equ MARKER, 0x40400000
  .globl _start
_start:
  guest_init
  movz x9, #(MARKER >> 16), lsl #16
  ldr x10, [x9]
  add x10, x10, #1
  str x10, [x9]
  mov x0, x10
  bl puthex
  cmp x10, #2
  b.ge 1f
  psci 0x84000009          // SYSTEM_RESET
  b .
1:psci 0x84000008          // SYSTEM_OFF
  b .
