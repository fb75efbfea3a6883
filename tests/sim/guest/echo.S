// Reads bytes from the PL011 until '.', echoes each in upper case, then powers off.
#include "guest.inc"
  .globl _start
_start:
  guest_init
1:ldr w1, [x28, #UARTFR]
  tbnz w1, #4, 1b          // RXFE: wait for a byte
  ldr w1, [x28, #UARTDR]
  and w1, w1, #0xff
  cmp w1, #'.'
  b.eq 2f
  cmp w1, #'a'
  b.lt 3f
  cmp w1, #'z'
  b.gt 3f
  sub w1, w1, #32
3:strb w1, [x28, #UARTDR]
  b 1b
2:mov w1, #'\n'
  strb w1, [x28, #UARTDR]
  psci 0x84000008
  b .
