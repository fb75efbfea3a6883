// Dropping from EL2 to a lower EL (or to EL2t) and coming back.
//
// u64 el_call(u64 spsr, u64 (*fn)(u64), u64 arg, void *stack_top)
//   Saves the EL2 callee-saved context, sets SP_EL0 to stack_top and SP_EL1
//   to stack_el1_top,
//   and ERETs to a trampoline at the PSTATE given by spsr; the trampoline
//   calls fn(arg) and returns the result with HVC #0xFFFF (EL1, EL2t) or
//   SVC #0xFFFF (EL0).  exc_dispatch() recognises these and calls el_return.
// void el_return(u64 result)   (called at EL2h from exc_dispatch)

    .text
    .global el_call
el_call:
    ldr     x9, =el_ctx
    stp     x19, x20, [x9, #0]
    stp     x21, x22, [x9, #16]
    stp     x23, x24, [x9, #32]
    stp     x25, x26, [x9, #48]
    stp     x27, x28, [x9, #64]
    stp     x29, x30, [x9, #80]
    mov     x10, sp
    str     x10, [x9, #96]
    msr     spsr_el2, x0
    msr     sp_el0, x3
    ldr     x10, =stack_el1_top
    msr     sp_el1, x10
    and     x11, x0, #0xc           // target EL
    ldr     x10, =el_tramp_svc
    ldr     x12, =el_tramp_hvc
    cmp     x11, #0
    csel    x10, x10, x12, eq
    msr     elr_el2, x10
    mov     x16, x1
    mov     x0, x2
    mov     x29, #0
    mov     x30, #0
    isb
    eret

el_tramp_hvc:
    blr     x16
    hvc     #0xffff
1:  b       1b

el_tramp_svc:
    blr     x16
    svc     #0xffff
1:  b       1b

    .global el_return
el_return:
    ldr     x9, =el_ctx
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ldr     x10, [x9, #96]
    mov     sp, x10
    ret

    .global current_el
current_el:
    mrs     x0, CurrentEL
    lsr     x0, x0, #2
    ret

    .global psci_system_off
psci_system_off:
    ldr     x0, =0x84000008
    smc     #0
1:  wfi
    b       1b
    .ltorg

    .bss
    .balign 16
el_ctx:
    .skip   112
