// Reads the PL011's data register (the guest now listens for input), then WFI with
// nothing else that can wake the core. Once the host's input has ended no byte can
// come either: el2sim reports a deadlock (status 4) instead of polling forever.
#include "guest.inc"
  .globl _start
_start:
  guest_init
  ldr w1, [x28, #UARTDR]
  print msg
  wfi
  b .
msg: .asciz "waiting\n"
