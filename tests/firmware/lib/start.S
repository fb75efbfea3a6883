// Entry point: QEMU's -kernel (and el2sim --kernel) enters here at EL2h with
// x0 = device tree address.
    .section .text.boot, "ax"
    .global _start
_start:
    mov     x19, x0
    ldr     x1, =stack_el2_top
    mov     sp, x1
    // Zero .bss (16-byte aligned, multiple of 16 bytes).
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    stp     xzr, xzr, [x1], #16
    b       1b
2:  ldr     x1, =vectors_el2
    msr     vbar_el2, x1
    ldr     x1, =vectors_el1
    msr     vbar_el1, x1
    // Known state for every register whose reset value is UNKNOWN and that
    // the tests depend on.
    mov     x1, #(1 << 31)          // HCR_EL2.RW
    msr     hcr_el2, x1
    ldr     x1, =0x30C50830         // SCTLR_EL2: RES1, MMU/caches/alignment checks off
    msr     sctlr_el2, x1
    ldr     x1, =0x30D00800         // SCTLR_EL1: RES1, MMU/caches/alignment checks off
    msr     sctlr_el1, x1
    mov     x1, #0x33FF             // CPTR_EL2: RES1, no FP/trace/CPACR traps
    msr     cptr_el2, x1
    mov     x1, #(3 << 20)          // CPACR_EL1.FPEN = 0b11
    msr     cpacr_el1, x1
    msr     vttbr_el2, xzr
    msr     sp_el0, xzr
    msr     daifset, #0xf
    isb
    mov     x0, x19
    bl      fw_main
    b       psci_system_off
    .ltorg
