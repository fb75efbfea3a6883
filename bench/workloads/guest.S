// The guest's entry point and exception vectors (EL1).
//
// The hypervisor enters guest_start at EL1h with
//   x0 = job, x1 = repetitions, x2 = data window, x3 = its size (below the stack),
//   x4 = TTBR0_EL1 (ASID in [63:48]), x5 = TCR_EL1, x6 = MAIR_EL1
// and SP_EL1 at the top of the data window.  Like an OS kernel, the guest
// turns its MMU and caches on itself, runs guest_main() and reports the result
// with the HC_DONE hypercall.  Any exception taken to EL1 is reported with HC_PANIC.

#define HC_DONE 0x1000
#define HC_PANIC 0x1001

    .text
    .global guest_start
guest_start:
    msr     mair_el1, x6
    msr     tcr_el1, x5
    msr     ttbr0_el1, x4
    ldr     x9, =guest_vectors
    msr     vbar_el1, x9
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    mrs     x9, sctlr_el1
    orr     x9, x9, #(1 << 0)           // M
    orr     x9, x9, #(1 << 2)           // C
    orr     x9, x9, #(1 << 12)          // I
    msr     sctlr_el1, x9
    isb
    bl      guest_main                  // struct kresult in x0 (checksum), x1 (errors)
    mov     x2, x1
    mov     x1, x0
    mov     x0, #HC_DONE
    hvc     #0
1:  b       1b
    .ltorg

.macro GUEST_VENTRY
    .balign 0x80
    mrs     x1, esr_el1
    mrs     x2, elr_el1
    mrs     x3, far_el1
    mov     x0, #HC_PANIC
    hvc     #0
1:  b       1b
.endm

    .section .vectors, "ax"
    .balign 2048
guest_vectors:
    .rept 16
    GUEST_VENTRY
    .endr
