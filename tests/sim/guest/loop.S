// Spins forever: --max-insns stops it (status 3).
  .globl _start
_start:
  b _start
