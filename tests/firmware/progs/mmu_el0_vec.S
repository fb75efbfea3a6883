// EL1 exception vectors of mmu_el0.  The EL0 tables map the image read-only
// (AP = 0b11), so these vectors use only SP_EL1 (stack_el1, mapped EL1 RW)
// and the record page EL0_REC (EL1 RW): they record one exception
// (count, vector offset, ESR_EL1, FAR_EL1, ELR_EL1) and resume after the
// faulting instruction, or at X30 after an instruction abort (the EL0 code
// branched there with BLR).  SVC #0xFFFF (the end of the EL0 function) goes
// back to EL2 with HVC #0xFFFF, as the runtime's vectors do.
#define EL0_REC 0x4900f000

.macro V off
    .balign 0x80
    stp     x0, x1, [sp, #-16]!
    mov     x0, #\off
    b       el0v_common
.endm

    .section .text.mmu_el0_vectors, "ax"
    .balign 2048
    .global mmu_el0_vectors
mmu_el0_vectors:
    V 0x000
    V 0x080
    V 0x100
    V 0x180
    V 0x200
    V 0x280
    V 0x300
    V 0x380
    V 0x400
    V 0x480
    V 0x500
    V 0x580
    V 0x600
    V 0x680
    V 0x700
    V 0x780

el0v_common:
    stp     x2, x3, [sp, #-16]!
    mrs     x2, esr_el1
    lsr     x3, x2, #26
    cmp     x3, #0x15               // SVC64
    b.ne    1f
    and     x3, x2, #0xffff
    mov     x1, #0xffff
    cmp     x3, x1
    b.ne    1f
    ldp     x2, x3, [sp], #16
    ldp     x0, x1, [sp], #16
    hvc     #0xffff                 // x0 = the EL0 function's result
1:  ldr     x1, =EL0_REC
    ldr     x3, [x1]
    add     x3, x3, #1
    str     x3, [x1]
    str     x0, [x1, #8]
    str     x2, [x1, #16]
    mrs     x3, far_el1
    str     x3, [x1, #24]
    mrs     x3, elr_el1
    str     x3, [x1, #32]
    lsr     x2, x2, #26
    cmp     x2, #0x20               // instruction abort from EL0
    b.eq    2f
    cmp     x2, #0x21
    b.eq    2f
    add     x3, x3, #4
    msr     elr_el1, x3
    b       3f
2:  msr     elr_el1, x30
3:  ldp     x2, x3, [sp], #16
    ldp     x0, x1, [sp], #16
    eret
    .ltorg
