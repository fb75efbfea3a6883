// Branch kernels for progs/branch.c.
    .text
    .set .Lidx_eq, 0
    .set .Lidx_ne, 1
    .set .Lidx_cs, 2
    .set .Lidx_cc, 3
    .set .Lidx_mi, 4
    .set .Lidx_pl, 5
    .set .Lidx_vs, 6
    .set .Lidx_vc, 7
    .set .Lidx_hi, 8
    .set .Lidx_ls, 9
    .set .Lidx_ge, 10
    .set .Lidx_lt, 11
    .set .Lidx_gt, 12
    .set .Lidx_le, 13
    .set .Lidx_al, 14
    .set .Lidx_nv, 15

// u64 bcond_mask(u64 nzcv_nibble): bit c set if B.<c> was taken.
    .global bcond_mask
bcond_mask:
    lsl     x0, x0, #28
    msr     nzcv, x0
    mov     x1, #0
    .irp c, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
    b.\c    1f
    b       2f
1:  orr     x1, x1, #(1 << .Lidx_\c)
2:
    .endr
    mov     x0, x1
    ret

// u64 tbnz_bits(u64 v): bit i set if TBNZ #i was taken (should equal v).
    .global tbnz_bits
tbnz_bits:
    mov     x1, #0
    mov     x2, #1
    .irp b, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
    tbnz    x0, #\b, 1f
    b       2f
1:  orr     x1, x1, x2, lsl #\b
2:
    .endr
    mov     x0, x1
    ret

// u64 tbz_bits(u64 v): bit i set if TBZ #i was taken (should equal ~v).
    .global tbz_bits
tbz_bits:
    mov     x1, #0
    mov     x2, #1
    .irp b, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
    tbz     x0, #\b, 1f
    b       2f
1:  orr     x1, x1, x2, lsl #\b
2:
    .endr
    mov     x0, x1
    ret

// u64 tbz_w(u64 v): TBZ/TBNZ with a W register (bits 0..31): bit i of the
// result = TBNZ w0,#i taken, bit 32+i = TBZ w0,#i taken.
    .global tbz_w
tbz_w:
    mov     x1, #0
    mov     x2, #1
    .irp b, 0,5,16,31
    tbnz    w0, #\b, 1f
    b       2f
1:  orr     x1, x1, x2, lsl #\b
2:  tbz     w0, #\b, 3f
    b       4f
3:  orr     x1, x1, x2, lsl #(32 + \b)
4:
    .endr
    mov     x0, x1
    ret

// u64 cb_bits(u64 v): bit0 CBZ x, bit1 CBNZ x, bit2 CBZ w, bit3 CBNZ w taken.
    .global cb_bits
cb_bits:
    mov     x1, #0
    cbz     x0, 1f
    b       2f
1:  orr     x1, x1, #1
2:  cbnz    x0, 1f
    b       2f
1:  orr     x1, x1, #2
2:  cbz     w0, 1f
    b       2f
1:  orr     x1, x1, #4
2:  cbnz    w0, 1f
    b       2f
1:  orr     x1, x1, #8
2:  mov     x0, x1
    ret

// u64 bl_link(void): returns (x30 after BL) - (address of the BL).
    .global bl_link
bl_link:
    mov     x9, x30
    adr     x2, 1f
1:  bl      2f
    b       3f
2:  sub     x0, x30, x2
    ret                     // returns to the B 3f after the BL
3:  mov     x30, x9
    ret

// u64 blr_link(void): (x30 after BLR) - (address of the BLR) and the target ran.
    .global blr_link
blr_link:
    mov     x9, x30
    adr     x3, 2f
    mov     x0, #0
    adr     x2, 1f
1:  blr     x3
    mov     x30, x9
    ret
2:  sub     x0, x30, x2
    ret

// u64 br_table(u64 i): BR into a table of 4 entries, each returning 10*i+7.
    .global br_table
br_table:
    adr     x1, 1f
    add     x1, x1, x0, lsl #3
    br      x1
1:  mov     x0, #7
    ret
    mov     x0, #17
    ret
    mov     x0, #27
    ret
    mov     x0, #37
    ret

// u64 ret_xn(void): RET X5 to a label; returns 0x5a5.
    .global ret_xn
ret_xn:
    adr     x5, 1f
    mov     x0, #0
    ret     x5
    mov     x0, #0xbad
1:  add     x0, x0, #0x5a5
    ret

// u64 loop_count(u64 n): backward B.NE / CBNZ / B loops; returns 3n.
    .global loop_count
loop_count:
    mov     x1, #0
    mov     x2, x0
    cbz     x0, 4f
1:  add     x1, x1, #1
    subs    x2, x2, #1
    b.ne    1b
    mov     x2, x0
2:  add     x1, x1, #1
    sub     x2, x2, #1
    cbnz    x2, 2b
    mov     x2, x0
3:  add     x1, x1, #1
    sub     x2, x2, #1
    cmp     x2, #0
    b.eq    4f
    b       3b
4:  mov     x0, x1
    ret

// u64 b_far(void): unconditional B across 1 MiB of padding and back.
    .global b_far
b_far:
    mov     x0, #1
    b       far_target
far_back:
    add     x0, x0, #2
    ret
    .pushsection .text.far, "ax"
    .skip   0x100000
far_target:
    add     x0, x0, #4
    b       far_back
    .popsection
