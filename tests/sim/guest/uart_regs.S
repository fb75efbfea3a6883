// Reads the PL011's identification and reset-value registers and prints them.
#include "guest.inc"
  .globl _start
_start:
  guest_init
  ldr w0, [x28, #0xfe0]
  bl puthex
  ldr w0, [x28, #0xfe4]
  bl puthex
  ldr w0, [x28, #0xfe8]
  bl puthex
  ldr w0, [x28, #0xff0]
  bl puthex
  ldr w0, [x28, #0xffc]
  bl puthex
  ldr w0, [x28, #UARTFR]
  bl puthex
  ldr w0, [x28, #0x30]     // UARTCR
  bl puthex
  ldr w0, [x28, #0x34]     // UARTIFLS
  bl puthex
  ldr w0, [x28, #0x3c]     // UARTRIS (TX interrupt raised by the writes above)
  bl puthex
  psci 0x84000008
  b .
