// Exception vectors for EL2 and EL1.  Every entry pushes a struct exc_frame
// (include/fw.h) on the handler's stack and calls
//   exc_dispatch(frame, el, vector_offset)
// which may change frame->elr/spsr; the stub then restores and ERETs.

#define FRAME_SIZE (36 * 8)

.macro VENTRY el, off
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\off
    b       exc_common_el\el
.endm

.macro COMMON el
exc_common_el\el:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x1, sp_el0
    stp     x30, x1, [sp, #240]
    mrs     x1, elr_el\el
    mrs     x2, spsr_el\el
    stp     x1, x2, [sp, #256]
    mrs     x1, esr_el\el
    mrs     x2, far_el\el
    stp     x1, x2, [sp, #272]
    mov     x2, x0
    mov     x0, sp
    mov     x1, #\el
    bl      exc_dispatch
    ldp     x1, x2, [sp, #256]
    msr     elr_el\el, x1
    msr     spsr_el\el, x2
    ldp     x30, x1, [sp, #240]
    msr     sp_el0, x1
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    add     sp, sp, #FRAME_SIZE
    eret
.endm

    .section .vectors, "ax"
    .balign 2048
    .global vectors_el2
vectors_el2:
    VENTRY 2, 0x000
    VENTRY 2, 0x080
    VENTRY 2, 0x100
    VENTRY 2, 0x180
    VENTRY 2, 0x200
    VENTRY 2, 0x280
    VENTRY 2, 0x300
    VENTRY 2, 0x380
    VENTRY 2, 0x400
    VENTRY 2, 0x480
    VENTRY 2, 0x500
    VENTRY 2, 0x580
    VENTRY 2, 0x600
    VENTRY 2, 0x680
    VENTRY 2, 0x700
    VENTRY 2, 0x780

    .balign 2048
    .global vectors_el1
vectors_el1:
    VENTRY 1, 0x000
    VENTRY 1, 0x080
    VENTRY 1, 0x100
    VENTRY 1, 0x180
    VENTRY 1, 0x200
    VENTRY 1, 0x280
    VENTRY 1, 0x300
    VENTRY 1, 0x380
    VENTRY 1, 0x400
    VENTRY 1, 0x480
    VENTRY 1, 0x500
    VENTRY 1, 0x580
    VENTRY 1, 0x600
    VENTRY 1, 0x680
    VENTRY 1, 0x700
    VENTRY 1, 0x780

    .text
    COMMON 2
    COMMON 1
