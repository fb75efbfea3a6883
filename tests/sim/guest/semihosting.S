// Semihosting: SYS_WRITE0, SYS_WRITEC, SYS_OPEN(":tt", "w") + SYS_WRITE, then
// SYS_EXIT(ADP_Stopped_ApplicationExit, 7).
#include "guest.inc"
  .globl _start
_start:
  guest_init
  mov w0, #0x04            // SYS_WRITE0
  adr x1, msg
  hlt #0xf000
  mov w0, #0x03            // SYS_WRITEC
  adr x1, bang
  hlt #0xf000
  mov w0, #0x01            // SYS_OPEN
  adr x1, open_block
  hlt #0xf000
  adr x1, write_block
  str x0, [x1]
  mov w0, #0x05            // SYS_WRITE
  hlt #0xf000
  mov x19, x0              // bytes not written: 0
  mov w0, #0x18            // SYS_EXIT
  adr x1, exit_block
  add x9, x19, #7
  str x9, [x1, #8]
  hlt #0xf000
  b .
  .balign 8
open_block: .quad tt, 4, 3
write_block: .quad 0, text, 5
exit_block: .quad 0x20026, 0
tt: .asciz ":tt"
msg: .asciz "semi "
bang: .ascii "!"
text: .ascii "text\n"
