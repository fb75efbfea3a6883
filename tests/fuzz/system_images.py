#!/usr/bin/python3
"""Random whole-system images: the core, the GIC, the timer and the devices together.

Each seed gives a raw image (loaded at the RAM base + 0x80000, entered at EL2) of
random code biased towards what the per-module fuzz targets do not reach together:
loads and stores of every size to the device windows, the gaps between them, RAM and
the image itself; system register reads and writes, mostly of the registers that
change translation, trapping, the timers and exception state, with values that set
single bits or known-interesting patterns; TLB, AT, cache and instruction-cache
maintenance; HVC/SMC with PSCI function IDs; SVC, ERET, DAIF changes, forward
branches, random words (none from the branch and system group: a random branch back
makes a loop the run never leaves), drops to EL1 and EL0, and set-ups of the GIC and
a timer with IRQs unmasked, then sometimes WFI or WFE, and WFEs that an event stream
of the timer ends; at its end the body branches
back to its start. The synchronous handlers of EL2 and EL1 skip the instruction that
trapped and return, the IRQ and FIQ handlers acknowledge the interrupt, so a run goes
on through whatever the random code does to the machine (MMU on with random tables,
traps enabled, timers firing).

A run passes when el2sim ends with the instruction limit (3), a deadlock it
diagnoses (4) or PSCI SYSTEM_OFF (0), within the time limit, and prints no
sanitizer report; with --twice, a second run of the same image must give the same
exit status, console output, messages and statistics. Anything else (a crash, an
internal error, a hang, a bad-image error, a difference) fails it, and --keep keeps
the image.

  tests/fuzz/system_images.py --el2sim build/bin/el2sim --seeds 1-32 --twice
  tests/fuzz/system_images.py --el2sim build-asan/bin/el2sim --seeds 1-5000 --jobs 2 --keep /tmp/sys

The output is a pure function of the seed (Python's random.Random).
"""
import argparse
import concurrent.futures
import os
import random
import struct
import subprocess
import sys
import tempfile

LOAD = 0x40080000  # where el2sim and QEMU load a raw image on the virt board
VECTORS = LOAD + 0x10000  # VBAR_EL2; VBAR_EL1 is VECTORS + 0x800
BODY_WORDS = 4096

# Device windows, gaps and memory of configs/virt.json (and one address past RAM).
TARGETS = [0x08000000, 0x08010000, 0x08030000, 0x08040000, 0x09000000, 0x09010000,
           0x0A000000, 0x0A003E00, 0x00000000, 0x04000000, 0x40000000, LOAD,
           0x4FF00000, 0x50000000, 0x09020000, 0x08020000, 0x0C000000]

# (op0, op1, CRn, CRm, op2): HCR/SCTLR/TCR/TTBR/VTCR/VTTBR/MAIR, SPSR/ELR, the timers
# and their controls, CPTR/CPACR/MDCR/HSTR, VPIDR/VMPIDR, SPSel/DAIF/NZCV, SP_ELx,
# VBAR_EL1, CNTKCTL, PAR, CurrentEL, SPSR/ELR/ESR/FAR of EL1 and EL2.
SYSREGS = [(3, 4, 1, 1, 0), (3, 4, 1, 0, 0), (3, 0, 1, 0, 0), (3, 0, 2, 0, 2), (3, 4, 2, 0, 2),
           (3, 0, 2, 0, 0), (3, 4, 2, 0, 0), (3, 4, 2, 1, 2), (3, 4, 2, 1, 0), (3, 0, 10, 2, 0),
           (3, 4, 4, 0, 0), (3, 4, 4, 0, 1), (3, 3, 14, 2, 0), (3, 3, 14, 2, 1), (3, 3, 14, 3, 0),
           (3, 3, 14, 3, 1), (3, 4, 14, 2, 0), (3, 4, 14, 2, 1), (3, 4, 14, 1, 0), (3, 4, 14, 0, 3),
           (3, 4, 1, 1, 2), (3, 0, 1, 0, 2), (3, 4, 1, 1, 1), (3, 4, 1, 1, 3), (3, 4, 0, 0, 0),
           (3, 4, 0, 0, 5), (3, 0, 4, 2, 0), (3, 3, 4, 2, 1), (3, 3, 4, 2, 0), (3, 0, 4, 1, 0),
           (3, 4, 4, 1, 0), (3, 0, 12, 0, 0), (3, 0, 14, 1, 0), (3, 0, 7, 4, 0), (3, 0, 4, 2, 2),
           (3, 0, 4, 0, 0), (3, 0, 4, 0, 1), (3, 0, 5, 2, 0), (3, 0, 6, 0, 0), (3, 4, 5, 2, 0),
           (3, 4, 6, 0, 0), (3, 4, 6, 0, 4)]

# Register values worth more than their share of random bits: HCR_EL2.RW with traps,
# SCTLR_ELx with the MMU on, SPSRs of EL2h/EL1h/EL1t/EL0t, PSCI function IDs,
# addresses of the image, RAM and the stack, TCR/VTCR-like settings.
PATTERNS = [0x80000000, 0x80000001, 0x80000019, 0x8000003F, 0x30D00800, 0x30D00801, 0x3C9,
            0x3C5, 0x3C4, 0x3C0, 0x84000000, 0x84000008, 0x84000009, 0xC4000003, 0x84000002,
            LOAD, 0x40000000, 0x48000000, 0x80803520, 0x80023519]

# (Not CPU_OFF or SYSTEM_OFF, which would end most runs early; random x0 values and
# the patterns above still reach them now and then.)
PSCI_IDS = [0x84000000, 0x84000001, 0x84000004, 0x84000006, 0x8400000A, 0xC4000003,
            0xC4000001, 0x84000003, 0x84000009]


def movx(rd, v):
    """MOVZ/MOVK: v into Xrd."""
    out = [0xD2800000 | ((v & 0xFFFF) << 5) | rd]
    for hw in range(1, 4):
        part = (v >> (16 * hw)) & 0xFFFF
        if part:
            out.append(0xF2800000 | (hw << 21) | (part << 5) | rd)
    return out


def sysreg(op0, op1, crn, crm, op2, rt, read):
    """MRS (read) or MSR/SYS."""
    return (0xD5000000 | (int(read) << 21) | (op0 << 19) | (op1 << 16) | (crn << 12) |
            (crm << 8) | (op2 << 5) | rt)


def value(r):
    k = r.random()
    if k < 0.3:
        return r.getrandbits(64)
    if k < 0.6:
        return r.getrandbits(r.choice([4, 8, 12, 16]))
    if k < 0.8:
        return 1 << r.randrange(64) | r.choice([0, 1, 0x80000000, 0x3C5, 0x3C9, 0x3C4, 0x5])
    return r.choice(PATTERNS)


def body(r):
    w = movx(0, VECTORS) + [0xD51CC000]  # msr vbar_el2, x0
    w += movx(0, VECTORS + 0x800) + [0xD518C000]  # msr vbar_el1, x0
    w += movx(0, 0x48000000) + [0x9100001F]  # mov sp, x0
    for i in range(1, 9):  # x1-x8: addresses; x9-x15: values
        w += movx(i, r.choice(TARGETS) + r.randrange(0, 0x1000, 4))
    start = len(w)
    while len(w) < BODY_WORDS - 1:
        k = r.random()
        if k < 0.01:
            w += irq_setup(r)
        elif k < 0.014:
            w += stream_wait(r)
        elif k < 0.02:
            w += drop(r)
        elif k < 0.30:  # LDR/STR (unsigned offset) of 1, 2, 4 or 8 bytes
            rn = r.randint(1, 8)
            rt = r.randint(9, 15) if r.random() < 0.8 else r.randint(0, 30)
            size = r.choice([0, 1, 2, 3, 2, 2])
            opc = (0x39000000, 0x79000000, 0xB9000000, 0xF9000000)[size]
            load = r.random() < 0.5
            w.append(opc | (int(load) << 22) | (r.randrange(0, 512) << 10) | (rn << 5) | rt)
        elif k < 0.40:
            w += movx(r.randint(9, 15), value(r))
        elif k < 0.45:
            w += movx(r.randint(1, 8), r.choice(TARGETS) + r.randrange(0, 0x10000, 4))
        elif k < 0.55:  # any system register encoding (op0 3, some 2)
            op0 = 3 if r.random() < 0.9 else 2
            w.append(sysreg(op0, r.choice([0, 3, 4, 4, 0, 5, 6]), r.randint(0, 15),
                            r.randint(0, 15), r.randint(0, 7), r.randint(9, 15),
                            r.random() < 0.5))
        elif k < 0.64:
            w.append(sysreg(*r.choice(SYSREGS), r.randint(9, 15), r.random() < 0.3))
        elif k < 0.66:  # PSCI or another call, by HVC or SMC
            w += movx(0, r.choice(PSCI_IDS + [r.getrandbits(32)]))
            w.append(r.choice([0xD4000002, 0xD4000003]))
        elif k < 0.71:  # TLBI, AT, DC, IC
            w.append(sysreg(1, r.choice([0, 3, 4]), r.choice([7, 8]), r.randint(0, 15),
                            r.randint(0, 7), r.randint(1, 15), False))
        elif k < 0.76:  # HVC, SVC, SMC with a random immediate
            w.append(r.choice([0xD4000002, 0xD4000001, 0xD4000003]) | (r.getrandbits(16) << 5))
        elif k < 0.78:  # ERET, SEV, MSR DAIFClr/DAIFSet (WFI and WFE: in irq_setup)
            w.append(r.choice([0xD69F03E0, 0xD503209F, 0xD50340FF | (r.getrandbits(4) << 8),
                               0xD50340DF | (r.getrandbits(4) << 8)]))
        elif k < 0.84:  # B forward, up to 64 instructions (a loop would never end)
            w.append(0x14000000 | r.randint(1, 64))
        else:  # a random word outside the branch, exception and system group
            word = r.getrandbits(32)
            while (word >> 26) & 7 == 0b101:
                word = r.getrandbits(32)
            w.append(word)
    w = w[:BODY_WORDS - 1]
    w.append(0x14000000 | ((start - len(w)) & 0x3FFFFFF))  # B back: run the body again
    return w


def irq_setup(r):
    """Enable the GIC, the PPIs and the physical or virtual timer to fire soon; route
    IRQs to EL2 (mostly), unmask them, and sometimes wait for one (WFI or WFE: a wait
    with nothing armed would end the run as a deadlock)."""
    w = movx(16, 0x08000000) + [0x52800031, 0xB9000211]  # GICD_CTLR = 1
    w += [0x12800011, 0xB9010211]  # GICD_ISENABLER0 = ~0
    w += movx(16, 0x08010000) + [0x52800031, 0xB9000211]  # GICC_CTLR = 1
    w += [0x52801FF1, 0xB9000611]  # GICC_PMR = 0xFF
    crm = r.choice([2, 3])  # CNTP_* or CNTV_*
    w += movx(17, r.randint(1, 2000)) + [sysreg(3, 3, 14, crm, 0, 17, False)]  # TVAL
    w += [0x52800031, sysreg(3, 3, 14, crm, 1, 17, False)]  # CTL = 1: enabled, unmasked
    if r.random() < 0.8:
        w += movx(17, 0x80000010 | r.choice([0, 0x8, 0x28]))  # RW, IMO (FMO, AMO)
        w.append(sysreg(3, 4, 1, 1, 0, 17, False))  # HCR_EL2
    w.append(0xD50342FF)  # msr daifclr, #2
    if r.random() < 0.5:
        w.append(r.choice([0xD503207F, 0xD503205F]))
    return w


def stream_wait(r):
    """Turn on an event stream of the generic timer (CNTHCTL_EL2's from the physical
    count or CNTKCTL_EL1's from the virtual one: EVNTEN, a random EVNTDIR and EVNTI) and
    wait in WFE, sometimes after a SEVL: the stream's events end the waits."""
    ctl = 0x4 | r.choice([0, 0x8]) | r.randrange(16) << 4
    w = movx(17, ctl | r.choice([0, 3]))
    w.append(sysreg(3, r.choice([4, 0]), 14, 1, 0, 17, False))  # CNTHCTL_EL2 / CNTKCTL_EL1
    if r.random() < 0.3:
        w.append(0xD50320BF)  # sevl
    w += [0xD503205F] * r.randint(1, 3)  # wfe
    return w


def drop(r):
    """ERET to the next instruction at EL1h, EL1t or EL0t, with HCR_EL2.RW and some
    trap or interrupt-routing bits."""
    w = movx(17, 0x80000000 | (r.getrandbits(32) & r.choice([0, 0x18, 0x38, 0x6F000, 0x7FFFF])))
    w.append(sysreg(3, 4, 1, 1, 0, 17, False))  # HCR_EL2
    w += movx(17, r.choice([0x3C5, 0x3C4, 0x3C0, 0x5, 0x4, 0x0]))
    w.append(sysreg(3, 4, 4, 0, 0, 17, False))  # SPSR_EL2
    w.append(0x10000071)  # adr x17, .+12
    w.append(sysreg(3, 4, 4, 0, 1, 17, False))  # ELR_EL2
    w.append(0xD69F03E0)  # eret
    return w


def vectors(r, elr_read, elr_write, op1):
    """16 handlers. Synchronous: some reads of system registers of their EL or below, then
    ELR += 4, ERET. IRQ and FIQ: acknowledge and end the interrupt at the GIC CPU
    interface and at GICV, set both timers to fire again. SError: ERET."""
    regs = [x for x in SYSREGS if x[1] in (0, 3, op1)]  # they exist at the handler's EL
    v = []
    for slot in range(16):
        kind = slot % 4
        h = []
        if kind == 0:
            if r.random() < 0.3:  # (an UNDEFINED read here would recurse)
                h = [sysreg(*r.choice(regs), 16, True) for _ in range(r.randint(1, 2))]
            h += [elr_read, 0x91001231, elr_write]  # x17 = ELR; x17 += 4; ELR = x17
        elif kind in (1, 2):
            for base in (0x08010000, 0x08040000):
                h += movx(16, base)
                h += [0xB9400E11, 0xB9001211]  # ldr w17, [x16, #0xc] (IAR); str w17, [x16, #0x10]
            # msr cntp_tval_el0, x17; msr cntv_tval_el0, x17 (a timer left met would
            # interrupt again at once)
            h += movx(17, r.randint(50, 5000))
            h += [sysreg(3, 3, 14, 2, 0, 17, False), sysreg(3, 3, 14, 3, 0, 17, False)]
        h.append(0xD69F03E0)
        v += h + [0xD503201F] * (32 - len(h))  # NOP to the next handler
    return v


def image(seed):
    r = random.Random(seed)
    words = body(r)
    words += [0] * ((VECTORS - LOAD) // 4 - len(words))  # UDF #0 up to the vectors
    words += vectors(r, 0xD53C4031, 0xD51C4031, 4)  # EL2: mrs/msr x17, elr_el2
    words += vectors(r, 0xD5384031, 0xD5184031, 0)  # EL1: mrs/msr x17, elr_el1
    return struct.pack("<%dI" % len(words), *words)


def run_el2sim(cmd, timeout):
    """(exit status or None on a timeout, stdout, stderr)"""
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return None, b"", "timed out after %d s" % timeout


def run_one(el2sim, seed, steps, timeout, keep, twice):
    img = image(seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "s%d.bin" % seed)
        with open(path, "wb") as f:
            f.write(img)
        stats = [os.path.join(tmp, "stats%d.json" % i) for i in (1, 2)]
        cmd = [el2sim, "--kernel", path, "--no-semihosting", "--max-insns", str(steps)]
        rc, out, err = run_el2sim(cmd + ["--stats", stats[0]], timeout)
        bad = (rc not in (0, 3, 4) or "Sanitizer" in err or "runtime error" in err)
        if not bad and twice:
            # The same image again: the same console output, the same statistics.
            rc2, out2, err2 = run_el2sim(cmd + ["--stats", stats[1]], timeout)
            with open(stats[0], "rb") as a, open(stats[1], "rb") as b:
                same_stats = a.read() == b.read()
            if (rc2, out2, err2) != (rc, out, err) or not same_stats:
                bad = True
                err = "not deterministic: the second run differs (%s)" % (
                    "statistics" if not same_stats else "exit status or output")
        if bad and keep:
            os.makedirs(keep, exist_ok=True)
            with open(os.path.join(keep, "s%d.bin" % seed), "wb") as f:
                f.write(img)
    if not bad:
        return None
    return "seed %d: exit %s: %s" % (seed, rc, err.strip()[-2000:])


def parse_seeds(text):
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += range(int(a), int(b or a) + 1)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--el2sim", required=True)
    ap.add_argument("--seeds", default="1-32", help="e.g. 1-100,200")
    ap.add_argument("--steps", type=int, default=200000, help="--max-insns per run")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per run")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--keep", help="directory for the images of failing seeds")
    ap.add_argument("--twice", action="store_true",
                    help="run each image twice: the output and statistics must be the same")
    ap.add_argument("--write", metavar="FILE", help="write the image of the first seed and exit")
    args = ap.parse_args()
    seeds = parse_seeds(args.seeds)
    if args.write:
        with open(args.write, "wb") as f:
            f.write(image(seeds[0]))
        return 0
    if not os.access(args.el2sim, os.X_OK):
        print("system_images.py: %s: not an executable" % args.el2sim, file=sys.stderr)
        return 2
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(lambda s: run_one(args.el2sim, s, args.steps, args.timeout,
                                                args.keep, args.twice), seeds))
    failures = [r for r in results if r]
    for f in failures:
        print("FAIL " + f)
    print("%d seeds x %d steps: %d failed" % (len(seeds), args.steps, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
