// Prints "hello" on the PL011 and powers off with PSCI SYSTEM_OFF.
#include "guest.inc"
  .globl _start
_start:
  guest_init
  print msg
  psci 0x84000008
  b .
msg: .asciz "hello\n"
