// Code that rewrites itself, for progs/smc.c. Each rewrite is followed by the
// sequence the Arm ARM asks for before the new instruction runs (B2.4.4): clean
// to the point of unification, invalidate the instruction cache, ISB.
    .text

    .macro sync_insn reg
    dc      cvau, \reg
    dsb     ish
    ic      ivau, \reg
    dsb     ish
    isb
    .endm

// u64 patch_ahead(u32 insn): writes insn over the instruction at 1f, a few words
// further on in the same page, then runs it; returns X0 as it leaves it.
    .global patch_ahead
    .p2align 4
patch_ahead:
    adr     x1, 1f
    str     w0, [x1]
    sync_insn x1
1:  movz    x0, #0x111
    ret

// u64 loop_patch(void): a loop that rewrites the immediate of its own ADD on every
// iteration (1, 2, ..., 8) and then runs it: returns the sum, 36, when every
// rewrite is seen.
    .global loop_patch
    .p2align 4
loop_patch:
    mov     x2, #0
    mov     x3, #1
    adr     x4, 2f
    ldr     w5, 2f
    and     w5, w5, #0xffc003ff     // the ADD with imm12 = 0
1:  orr     w6, w5, w3, lsl #10
    str     w6, [x4]
    sync_insn x4
2:  add     x2, x2, #0
    add     x3, x3, #1
    cmp     x3, #9
    b.ne    1b
    mov     x0, x2
    ret

// u64 patch_pair(u64 two_insns): writes two instructions with one STP-sized store
// (STR Xt) over the pair at 1f and runs them.
    .global patch_pair
    .p2align 4
patch_pair:
    adr     x1, 1f
    str     x0, [x1]
    sync_insn x1
    mov     x0, #0
1:  movz    x0, #0x222
    movk    x0, #0x333, lsl #16
    ret
