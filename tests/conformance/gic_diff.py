#!/usr/bin/python3
"""Random differential testing of the GICv2 and its virtualization extensions.

For every seed: generate an image (EL2, every exception masked) that makes a random
sequence of accesses to the distributor, the CPU interface, GICH and GICV, reads
ISR_EL1 at EL2 (the physical IRQ and FIQ) and at EL1 with HCR_EL2.IMO/FMO set (the
virtual ones), unmasks IRQ or FIQ for a moment at EL2 or EL1 (reporting the vector
taken, if any), and runs WFI at EL1 with HCR_EL2.TWI set (completed where a virtual
interrupt is pending, trapped otherwise) and at EL2 where ISR_EL1 shows a physical one
pending; build it (clang --target=aarch64-none-elf, ld.lld), run it on el2sim and on
qemu-system-aarch64, and compare the transcripts: one line per read, its value, then a
dump of every register the sequence can change. Values favour what makes interrupts
interact: few INTIDs (the SGIs, the PPIs, the first SPIs), the maintenance interrupt's
PPI, list registers naming the same virtual and physical INTIDs, EOIs and
deactivations of the last acknowledged INTID. Nothing depends on time (no timer is
enabled), so both simulators must agree access by access.

On a difference it prints the first differing read and the accesses before it.
Fails on any difference, a non-zero exit, a timeout, or a missing QEMU or toolchain
(never a skip).

  gic_diff.py --el2sim build/bin/el2sim --seeds 1-50
  gic_diff.py --el2sim ... --seeds 7 --keep /tmp/gic   # keep the images
"""
import sys

from risugen import CONSOLE, FINISH
from run_conf import ENTER_LOWER_EL, TranscriptGen, report_routine, transcript_main


GICD, GICC, GICH, GICV = 0x08000000, 0x08010000, 0x08030000, 0x08040000
NUM_LRS = 4

# CPU-interface layout (GICC and GICV): offset -> (name, access)
CPU_REGS = {0x00: ("CTLR", "rw"), 0x04: ("PMR", "rw"), 0x08: ("BPR", "rw"),
            0x0C: ("IAR", "r"), 0x10: ("EOIR", "w"), 0x14: ("RPR", "r"),
            0x18: ("HPPIR", "r"), 0x1C: ("ABPR", "rw"), 0x20: ("AIAR", "r"),
            0x24: ("AEOIR", "w"), 0x28: ("AHPPIR", "r"), 0xD0: ("APR0", "rw"),
            0xE0: ("NSAPR0", "rw"), 0xFC: ("IIDR", "r"), 0x1000: ("DIR", "w")}
HYP_REGS = {0x00: ("HCR", "rw"), 0x04: ("VTR", "r"), 0x08: ("VMCR", "rw"),
            0x10: ("MISR", "r"), 0x20: ("EISR0", "r"), 0x30: ("ELRSR0", "r"),
            0xF0: ("APR", "rw")}
for _n in range(NUM_LRS):
    HYP_REGS[0x100 + 4 * _n] = (f"LR{_n}", "rw")
# Distributor bit and byte arrays: base -> (name, bits per INTID)
DIST_ARRAYS = {0x080: ("IGROUPR", 1), 0x100: ("ISENABLER", 1), 0x180: ("ICENABLER", 1),
               0x200: ("ISPENDR", 1), 0x280: ("ICPENDR", 1), 0x300: ("ISACTIVER", 1),
               0x380: ("ICACTIVER", 1), 0x400: ("IPRIORITYR", 8), 0x800: ("ITARGETSR", 8),
               0xC00: ("ICFGR", 2)}
# INTIDs the run works with: the SGIs, the PPIs (25 is the maintenance interrupt) and
# the first SPIs (Gen.intid() adds the special ones and some past the board's 288).
INTIDS = list(range(0, 48))


class Gen(TranscriptGen):
    """One seed's access sequence, as assembly text and a description per read."""

    def __init__(self, seed, ops, probe=None):
        super().__init__(seed)
        self.nops = ops
        self.probe = probe
        # One binary point per run for each interface (GICx_ABPR one above GICx_BPR, so
        # both groups split priorities alike), set first and never changed: with the
        # binary point changed under active interrupts, or active priorities written
        # that no acknowledge made, IHI 0048B leaves preemption UNPREDICTABLE (QEMU 7.2
        # then refused to acknowledge a list register whose group priority was above the
        # running priority, el2sim acknowledged it).
        self.bp = self.r.randrange(7)
        self.vbp = self.r.randrange(2, 7)

    # --- values -------------------------------------------------------------
    def bits(self, width=32):
        r = self.r
        c = r.random()
        if c < 0.15:
            return 0
        if c < 0.25:
            return (1 << width) - 1
        if c < 0.55:
            return 1 << r.randrange(width)
        if c < 0.75:
            return (1 << r.randrange(width)) | (1 << r.randrange(width))
        return r.getrandbits(width)

    def prio(self):
        r = self.r
        return r.choice([0x00, 0x08, 0x10, 0x40, 0x78, 0x80, 0xA0, 0xF0, 0xF8, 0xFF,
                         r.randrange(256)])

    def intid(self):
        r = self.r
        c = r.random()
        if c < 0.05:
            return r.choice([1020, 1021, 1022, 1023, 287, 288, 300])
        if c < 0.25:
            return 25  # the maintenance interrupt
        return r.choice(INTIDS)

    def vmcr_bp(self):
        """GICH_VMCR's VBPR and VABPR fields: the run's virtual binary points."""
        return self.vbp << 21 | (self.vbp + 1) << 18

    def enables(self, v):
        """Both group enables of a CTLR (bits 0 and 1) set or both clear. QEMU 7.2 picks
        the highest priority pending interrupt from every group as soon as one group is
        enabled, does not signal it if its group is disabled, but acknowledges it from
        GICC_IAR; el2sim, as IHI 0048B, ignores a group the distributor disables and has
        no interrupt to give when the CPU interface disables the chosen one's group."""
        return v | 3 if v & 1 else v & ~3

    def lr_value(self, n):
        """A value for GICH_LR<n>. Each list register takes its own virtual INTIDs (those
        equal to n modulo the number of list registers): IHI 0048B makes two list
        registers with the same virtual INTID UNPREDICTABLE (QEMU 7.2 and el2sim then
        change different ones), and so are the special INTIDs 1020-1023. A hardware
        interrupt has a virtual INTID of 16 or more (QEMU 7.2 returns LR bits [12:10] with
        an SGI's INTID in GICV_IAR even with HW set, where they are RES0), and a software
        one a source CPU of 0 (QEMU 7.2 leaves it out of GICV_HPPIR)."""
        r = self.r
        hw = r.random() < 0.3
        v = (hw << 31) | (r.random() < 0.5) << 30 | r.randrange(4) << 28
        v |= (self.prio() >> 3) << 23
        if hw:
            v |= (self.intid() & 0x3FF) << 10
        else:
            v |= (r.random() < 0.4) << 19
        if r.random() < 0.03:
            v = r.getrandbits(32)
            hw = v >> 31
        while True:
            vid = self.intid() & 0x3FF
            if vid % NUM_LRS == n and vid < 1020 and not (hw and vid < 16):
                break
        if not hw and vid < 16:
            v &= ~(7 << 10)
        return (v & ~0x3FF) | vid

    # --- accesses -----------------------------------------------------------
    def write(self, addr, value, desc, size=4):
        self.log.append(f"write{'b' if size == 1 else ''} {desc} <- 0x{value:x}")
        self.mov("x2", addr)
        self.mov("w1", value)
        self.emit(f"str{'b' if size == 1 else ''} w1, [x2]")

    def write_reg(self, addr, reg, desc):
        """Writes the value a register holds: the last INTID acknowledged (w19 for GICC,
        w21 for GICV) or the last value read from an active priorities register (w23,
        w27, w28)."""
        what = "the last acknowledge" if reg in ("w19", "w21") else "read last"
        self.log.append(f"write {desc} <- {reg} ({what})")
        self.mov("x2", addr)
        self.emit(f"str {reg}, [x2]")

    def read(self, addr, desc, size=4, keep=None):
        self.line(f"read{'b' if size == 1 else ''} {desc}")
        self.mov("x2", addr)
        self.emit(f"ldr{'b' if size == 1 else ''} w0, [x2]")
        if keep:
            self.emit(f"mov {keep}, w0")
        self.report()

    def at_el(self, el, desc, el2_code, el1_routine):
        """A transcript line from code run after DSB and ISB at EL2 (the instructions
        el2_code) or at EL1 (the routine el1_routine, through at_el1), which leaves its
        value in w0."""
        self.line(desc)
        self.emit("dsb sy")
        self.emit("isb")
        if el == 2:
            for ins in el2_code:
                self.emit(ins)
        else:
            self.emit(f"adr x4, {el1_routine}")
            self.emit("bl at_el1")
        self.report()

    def isr(self, el):
        self.at_el(el, f"read ISR_EL1 at EL{el}", ["mrs x0, isr_el1"], "el1_isr")

    def take(self, el, which):
        """Unmasks IRQ or FIQ for a moment at EL2 (the physical one) or EL1 (the virtual
        one; a physical one routed to EL2 is taken there first): reports 0, or the
        vector that took it (0xeeee0xxx at EL2, 0xeeee1xxx at EL1)."""
        self.at_el(el, f"unmask {which} at EL{el}",
                   ["mov w0, #0", f"msr daifclr, #{2 if which == 'IRQ' else 1}", "isb",
                    "msr daifset, #3"], f"el1_take_{which.lower()}")

    def wfi(self, el):
        """WFI, every exception masked. At EL1, with HCR_EL2.TWI set: 1 where it
        completes (a wake-up event is pending: a virtual IRQ or FIQ from GICV, which IMO
        and FMO enable), ESR_EL2 where it is trapped to EL2, as it would wait; a
        physical interrupt routed to EL2 is taken before it, as for ISR_EL1. At EL2,
        where no trap applies, only if ISR_EL1 shows a physical IRQ or FIQ pending (a
        wake-up event: 1 once it completes), else 3 without a WFI."""
        self.at_el(el, f"WFI at EL{el}",
                   ["mov w0, #3", "mrs x3, isr_el1", "tst x3, #0xc0", "b.eq 1f", "wfi",
                    "mov w0, #1", "1:"], "el1_wfi")

    def dist_op(self):
        r = self.r
        c = r.random()
        if c < 0.06:
            v = self.enables(r.choice([0, 3, 3, r.getrandbits(32)]))
            return ("w", GICD, "GICD_CTLR", v) if r.random() < 0.6 else ("r", GICD, "GICD_CTLR")
        if c < 0.09:
            off = r.choice([0x004, 0x008])
            return ("r", GICD + off, {4: "GICD_TYPER", 8: "GICD_IIDR"}[off])
        if c < 0.17:
            # GICD_SGIR: target list filter, targets, NSATT, SGI. Not the reserved filter
            # 0b11, which IHI 0048B leaves undefined (QEMU 7.2 sends to every CPU, el2sim
            # ignores the write).
            v = (r.choice([0, 0, 1, 2]) << 24 | r.choice([1, 1, 0, 0xFF, r.randrange(256)]) << 16
                 | (r.random() < 0.2) << 15 | r.randrange(16))
            if r.random() < 0.05:
                v = r.getrandbits(32)
                if (v >> 24) & 3 == 3:
                    v &= ~(1 << 25)
            return ("w", GICD + 0xF00, "GICD_SGIR", v)
        if c < 0.23:
            base = r.choice([0xF10, 0xF20])
            n = r.randrange(4)
            name = f"GICD_{'CPENDSGIR' if base == 0xF10 else 'SPENDSGIR'}{n}"
            if r.random() < 0.5:
                return ("r", GICD + base + 4 * n, name)
            # Set-pending writes set source CPU 0's bit (the one CPU there is) in every
            # byte: QEMU 7.2 keeps the bits of CPUs that do not exist, which IHI 0048B
            # makes RAZ/WI, and makes an SGI pending for a byte of zero as well.
            if r.random() < 0.5:
                b = r.randrange(4)
                v = self.bits(8) if base == 0xF10 else 0x01
                return ("wb", GICD + base + 4 * n + b, f"{name} byte {b}", v)
            return ("w", GICD + base + 4 * n, name, self.bits() if base == 0xF10 else 0x01010101)
        base = r.choice(list(DIST_ARRAYS))
        name, bpi = DIST_ARRAYS[base]
        intid = self.intid() if r.random() < 0.97 else r.randrange(320)
        intid = min(intid, 1019)
        per_word = 32 // bpi
        n = intid // per_word
        addr = GICD + base + 4 * n
        desc = f"GICD_{name}{n}"
        if name == "ISACTIVER" and n > 0:
            # An SPI made active there stays active in QEMU 7.2 after a deactivation
            # or an EOI (GICD_ICACTIVER does clear it).
            return ("r", addr, desc)
        if bpi == 8 and r.random() < 0.5:
            b = r.randrange(4)
            if r.random() < 0.5:
                return ("rb", addr + b, f"{desc} byte {b}")
            return ("wb", addr + b, f"{desc} byte {b}", self.prio())
        if r.random() < 0.4:
            return ("r", addr, desc)
        if bpi == 8:
            v = self.prio() | self.prio() << 8 | self.prio() << 16 | self.prio() << 24
        elif bpi == 2:
            v = self.bits() & (0xAAAAAAAA if r.random() < 0.8 else 0xFFFFFFFF)
        else:
            v = self.bits()
            if r.random() < 0.6:  # one INTID's bit
                v = 1 << (intid % 32)
        return ("w", addr, desc, v)

    def cpu_op(self, base, prefix, iar_reg):
        r = self.r
        # Not the aliased Group 1 registers GICx_AIAR, AEOIR and AHPPIR: QEMU 7.2 reads
        # them as zero and ignores writes (see docs/conformance.md).
        off = r.choice([0x00, 0x04, 0x08, 0x0C, 0x0C, 0x0C, 0x10, 0x10, 0x14, 0x18, 0x1C, 0xD0,
                        0xE0, 0xFC, 0x1000, 0x1000])
        name, acc = CPU_REGS[off]
        desc = f"{prefix}_{name}"
        apr_reg = {"GICC_APR0": "w23", "GICC_NSAPR0": "w27", "GICV_APR0": "w28"}.get(desc)
        if acc == "r" or (acc == "rw" and r.random() < 0.35):
            return ("r", base + off, desc, None, iar_reg if name == "IAR" else apr_reg)
        if apr_reg:  # zero, or the value read last (IHI 0048B: nothing else)
            return ("wreg", base + off, desc, apr_reg) if r.random() < 0.7 else \
                ("w", base + off, desc, 0)
        if name in ("EOIR", "DIR"):
            if r.random() < 0.75:
                return ("wreg", base + off, desc, iar_reg)
            # Source CPU 0, as acknowledged: another one makes the write UNPREDICTABLE
            # (QEMU 7.2 then matches the list register by INTID alone).
            return ("w", base + off, desc, self.intid())
        if name == "CTLR":
            v = self.enables(r.choice([0, 3, 0x203, 0x200, 0x7, 0xB, 0x13, 0x1F])
                             if r.random() < 0.8 else r.getrandbits(10))
        elif name == "PMR":
            v = self.prio()
        elif name in ("BPR", "ABPR"):
            v = (self.vbp if prefix == "GICV" else self.bp) + (name == "ABPR")
        else:
            v = self.bits()
        return ("w", base + off, desc, v)

    def hyp_op(self):
        r = self.r
        off = r.choice([0x00, 0x00, 0x04, 0x08, 0x10, 0x10, 0x20, 0x30, 0xF0]
                       + [0x100 + 4 * n for n in range(NUM_LRS)] * 3)
        name, acc = HYP_REGS[off]
        desc = f"GICH_{name}"
        if acc == "r" or r.random() < 0.3:
            return ("r", GICH + off, desc, None, "w28" if name == "APR" else None)
        if name == "HCR":
            v = r.choice([1, 1, 3, 5, 9, 0x11, 0x21, 0x41, 0x81, 0, 0xFF]) \
                | (r.randrange(32) << 27 if r.random() < 0.2 else 0)
        elif name == "VMCR":
            # VENG0/VENG1, AckCtl, FIQEn, CBPR, VEOIM; VBPR, VABPR; VPMR
            v = self.enables(r.randrange(1024) if r.random() < 0.5 else r.choice([0, 3, 0x203]))
            v |= self.vmcr_bp() | (self.prio() >> 3) << 27
        elif name == "APR":
            return ("wreg", GICH + off, desc, "w28") if r.random() < 0.7 else \
                ("w", GICH + off, desc, 0)
        else:
            v = self.lr_value((off - 0x100) // 4)
        return ("w", GICH + off, desc, v)

    def op(self):
        r = self.r
        c = r.random()
        if c < 0.05:
            return ("isr", r.choice([2, 1]))
        if c < 0.08:
            return ("take", r.choice([2, 1]), r.choice(["IRQ", "FIQ"]))
        if c < 0.10:
            return ("wfi", r.choice([1, 1, 2]))
        if c < 0.42:
            return self.dist_op()
        if c < 0.62:
            return self.cpu_op(GICC, "GICC", "w19")
        if c < 0.80:
            return self.hyp_op()
        return self.cpu_op(GICV, "GICV", "w21")

    def do(self, op):
        kind = op[0]
        if kind == "isr":
            self.isr(op[1])
        elif kind == "take":
            self.take(op[1], op[2])
        elif kind == "wfi":
            self.wfi(op[1])
        elif kind == "r":
            self.read(op[1], op[2], keep=op[4] if len(op) > 4 else None)
        elif kind == "rb":
            self.read(op[1], op[2], size=1)
        elif kind == "w":
            self.write(op[1], op[3], op[2])
        elif kind == "wb":
            self.write(op[1], op[3], op[2], size=1)
        elif kind == "wreg":
            self.write_reg(op[1], op[3], op[2])

    def dump(self):
        """Every register the run can change, at the end."""
        for off, (name, _) in sorted(DIST_ARRAYS.items()):
            bpi = DIST_ARRAYS[off][1]
            for n in range(48 * bpi // 32):
                self.read(GICD + off + 4 * n, f"GICD_{name}{n} (final)")
        self.read(GICD, "GICD_CTLR (final)")
        for n in range(4):
            self.read(GICD + 0xF10 + 4 * n, f"GICD_CPENDSGIR{n} (final)")
        for off, (name, acc) in sorted(CPU_REGS.items()):
            if acc == "rw" or name in ("RPR", "HPPIR"):
                self.read(GICC + off, f"GICC_{name} (final)")
        for off, (name, acc) in sorted(HYP_REGS.items()):
            self.read(GICH + off, f"GICH_{name} (final)")
        for off, (name, acc) in sorted(CPU_REGS.items()):
            if acc == "rw" or name in ("RPR", "HPPIR"):
                self.read(GICV + off, f"GICV_{name} (final)")
        self.isr(2)
        self.isr(1)

    def generate(self):
        self.write(GICC + 0x08, self.bp, "GICC_BPR")
        self.write(GICC + 0x1C, self.bp + 1, "GICC_ABPR")
        self.write(GICH + 0x08, self.vmcr_bp(), "GICH_VMCR")
        for i in range(self.nops):
            self.do(self.op())
            if self.probe is not None:
                self.read(self.probe, f"probe 0x{self.probe:x}")
        self.dump()
        body = "\n".join(self.lines)
        return PROLOGUE + body + "\n" + EPILOGUE


PROLOGUE = """// generated by gic_diff.py
    .section .text.boot, "ax"
    .global _start
_start:
    msr daifset, #0xf
    adr x0, vectors
    msr vbar_el2, x0
    adr x0, vectors_el1
    msr vbar_el1, x0
    // EL1 is AArch64; physical IRQ and FIQ go to EL2, so ISR_EL1 at EL1 shows the
    // virtual ones; WFI at EL1 is trapped (TWI) unless one of those is pending.
    mov x0, #(1 << 31)
    orr x0, x0, #(1 << 4) | (1 << 3)
    orr x0, x0, #(1 << 13)
    msr hcr_el2, x0
    isb
    mov w19, #1023
    mov w21, #1023
    mov w23, #0
    mov w27, #0
    mov w28, #0
"""

EPILOGUE = """    b finish

// w0: value, x1: read number.  Prints "nnnn vvvvvvvv".
""" + report_routine([("x26", 8)]) + """
// at_el1: the EL1 code at x4, which ends with HVC #0: back to the caller with its
// result in w0.
""" + ENTER_LOWER_EL + """el1_isr:
    mrs x0, isr_el1
    hvc #0
el1_wfi:
    mov w0, #1
    wfi
    hvc #0
el1_take_irq:
    mov w0, #0
    msr daifclr, #2
    isb
    msr daifset, #3
    hvc #0
el1_take_fiq:
    mov w0, #0
    msr daifclr, #1
    isb
    msr daifset, #3
    hvc #0

""" + CONSOLE + FINISH + """
unexpected:
    adr x0, unexpected_msg
    bl putstr
    mrs x0, esr_el2
    mov x1, #8
    bl puthex
    movz x0, #0x0008
    movk x0, #0x8400, lsl #16
    smc #0
    b .

    .balign 2048
vectors:
    .rept 5
    b unexpected
    .balign 128
    .endr
    // IRQ and FIQ at EL2, unmasked by take(): reported with the vector, masked again
    // on the return.
    movz w0, #0x0280
    b 1f
    .balign 128
    movz w0, #0x0300
1:  movk w0, #0xeeee, lsl #16
    mrs x3, spsr_el2
    orr x3, x3, #0xc0
    msr spsr_el2, x3
    eret
    .balign 128
    b unexpected
    .balign 128
    // lower EL, AArch64, synchronous: the HVC that ends at_el1's code, or el1_wfi's
    // WFI trapped (EC 0x01: w0 = ESR_EL2, and on past it)
    mrs x3, esr_el2
    lsr x3, x3, #26
    cmp x3, #0x01
    b.eq 2f
    cmp x3, #0x16
    b.ne unexpected
    mov x30, x24
    ret
2:  mrs x0, esr_el2
    mrs x3, elr_el2
    add x3, x3, #4
    msr elr_el2, x3
    eret
    .balign 128
    // IRQ and FIQ from EL1 (HCR_EL2.IMO/FMO route them here whatever PSTATE at EL1
    // says): reported instead of ISR_EL1, with the vector taken.
    movz w0, #0x0480
    movk w0, #0xeeee, lsl #16
    mov x30, x24
    ret
    .balign 128
    movz w0, #0x0500
    movk w0, #0xeeee, lsl #16
    mov x30, x24
    ret
    .balign 128
    .rept 5
    b unexpected
    .balign 128
    .endr

    // EL1's vectors (the IRQ and FIQ ones at 0x280 and 0x300 are those a virtual
    // interrupt takes): each reports its offset and goes back to EL2.
    .balign 2048
vectors_el1:
""" + "".join(f"""    movz w0, #0x{0x1000 + off:x}
    movk w0, #0xeeee, lsl #16
    hvc #0
    .balign 128
""" for off in range(0, 0x800, 0x80)) + """
unexpected_msg:
    .asciz "UNEXPECTED EXCEPTION, ESR "
    .balign 4
"""


def add_args(ap):
    ap.add_argument("--ops", type=int, default=400, help="random accesses per seed")
    ap.add_argument("--context", type=int, default=40,
                    help="accesses shown before a differing read")
    ap.add_argument("--probe", type=lambda x: int(x, 0),
                    help="read this address after every access too (to find where a "
                         "difference starts)")


def main():
    return transcript_main(__doc__, "gic", add_args, lambda a, seed: Gen(seed, a.ops, a.probe),
                           lambda a: f"{a.ops} accesses each")


if __name__ == "__main__":
    sys.exit(main())
