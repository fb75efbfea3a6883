// WFI with nothing that can wake the core: el2sim reports a deadlock (status 4).
#include "guest.inc"
  .globl _start
_start:
  guest_init
  print msg
  wfi
  b .
msg: .asciz "waiting\n"
