// The hypervisor's exception entry and exit (EL2, MMU off).
//
// TPIDR_EL2 points at the running struct vcpu (bench.h).  An exception from
// the guest saves x0..x30, ELR_EL2 and SPSR_EL2 into it and calls
//   struct vcpu *hyp_handle(struct vcpu *v, u64 reason)
// on the EL2 stack; the vCPU it returns (the same one or another) is restored
// and entered with ERET; 0 returns from hyp_run() to the host code.
// Exceptions taken from EL2 itself are fatal (hyp_panic_el2).

#define VCPU_X 0
#define VCPU_ELR 256
#define VCPU_SPSR 264
#define EXIT_SYNC 0
#define EXIT_IRQ 1
#define EXIT_OTHER 2

.macro GUEST_EXIT reason
    .balign 0x80
    stp     x0, x1, [sp, #-16]!
    mov     x1, #\reason
    b       hyp_exit
.endm

.macro EL2_FAULT kind
    .balign 0x80
    mov     x0, #\kind
    b       hyp_el2_fault
.endm

    .section .vectors, "ax"
    .balign 2048
    .global hyp_vectors
hyp_vectors:
    EL2_FAULT 0     // current EL, SP_EL0
    EL2_FAULT 1
    EL2_FAULT 2
    EL2_FAULT 3
    EL2_FAULT 4     // current EL, SP_EL2
    EL2_FAULT 5
    EL2_FAULT 6
    EL2_FAULT 7
    GUEST_EXIT EXIT_SYNC    // lower EL, AArch64
    GUEST_EXIT EXIT_IRQ
    GUEST_EXIT EXIT_OTHER   // FIQ
    GUEST_EXIT EXIT_OTHER   // SError
    EL2_FAULT 12    // lower EL, AArch32
    EL2_FAULT 13
    EL2_FAULT 14
    EL2_FAULT 15

    .text
hyp_exit:
    mrs     x0, tpidr_el2
    stp     x2, x3, [x0, #VCPU_X + 16]
    stp     x4, x5, [x0, #VCPU_X + 32]
    stp     x6, x7, [x0, #VCPU_X + 48]
    stp     x8, x9, [x0, #VCPU_X + 64]
    stp     x10, x11, [x0, #VCPU_X + 80]
    stp     x12, x13, [x0, #VCPU_X + 96]
    stp     x14, x15, [x0, #VCPU_X + 112]
    stp     x16, x17, [x0, #VCPU_X + 128]
    stp     x18, x19, [x0, #VCPU_X + 144]
    stp     x20, x21, [x0, #VCPU_X + 160]
    stp     x22, x23, [x0, #VCPU_X + 176]
    stp     x24, x25, [x0, #VCPU_X + 192]
    stp     x26, x27, [x0, #VCPU_X + 208]
    stp     x28, x29, [x0, #VCPU_X + 224]
    str     x30, [x0, #VCPU_X + 240]
    ldp     x2, x3, [sp], #16           // the guest's x0, x1
    stp     x2, x3, [x0, #VCPU_X]
    mrs     x2, elr_el2
    mrs     x3, spsr_el2
    stp     x2, x3, [x0, #VCPU_ELR]
    bl      hyp_handle
    cbz     x0, hyp_to_host
    msr     tpidr_el2, x0
// Enters the vCPU x0 (its EL1 system registers are loaded).
hyp_enter:
    ldp     x2, x3, [x0, #VCPU_ELR]
    msr     elr_el2, x2
    msr     spsr_el2, x3
    ldp     x2, x3, [x0, #VCPU_X + 16]
    ldp     x4, x5, [x0, #VCPU_X + 32]
    ldp     x6, x7, [x0, #VCPU_X + 48]
    ldp     x8, x9, [x0, #VCPU_X + 64]
    ldp     x10, x11, [x0, #VCPU_X + 80]
    ldp     x12, x13, [x0, #VCPU_X + 96]
    ldp     x14, x15, [x0, #VCPU_X + 112]
    ldp     x16, x17, [x0, #VCPU_X + 128]
    ldp     x18, x19, [x0, #VCPU_X + 144]
    ldp     x20, x21, [x0, #VCPU_X + 160]
    ldp     x22, x23, [x0, #VCPU_X + 176]
    ldp     x24, x25, [x0, #VCPU_X + 192]
    ldp     x26, x27, [x0, #VCPU_X + 208]
    ldp     x28, x29, [x0, #VCPU_X + 224]
    ldr     x30, [x0, #VCPU_X + 240]
    ldp     x0, x1, [x0, #VCPU_X]
    eret

// void hyp_enter_first(struct vcpu *v): saves the host's callee-saved
// registers and stack pointer, then enters v.  hyp_to_host returns from it.
    .global hyp_enter_first
hyp_enter_first:
    ldr     x9, =hyp_host_ctx
    stp     x19, x20, [x9, #0]
    stp     x21, x22, [x9, #16]
    stp     x23, x24, [x9, #32]
    stp     x25, x26, [x9, #48]
    stp     x27, x28, [x9, #64]
    stp     x29, x30, [x9, #80]
    mov     x10, sp
    str     x10, [x9, #96]
    msr     tpidr_el2, x0
    b       hyp_enter

hyp_to_host:
    ldr     x9, =hyp_host_ctx
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ldr     x10, [x9, #96]
    mov     sp, x10
    ret

hyp_el2_fault:
    ldr     x1, =stack_el2_top          // the stack may be what failed
    mov     sp, x1
    mrs     x1, esr_el2
    mrs     x2, elr_el2
    mrs     x3, far_el2
    bl      hyp_el2_fault_c
1:  b       1b
    .ltorg

    .bss
    .balign 16
hyp_host_ctx:
    .skip   112
