#!/usr/bin/python3
"""Random A64 instruction-sequence generator (in the spirit of QEMU's risu).

Writes one self-contained AArch64 assembly file from a seed.  The image, linked
with tests/conformance/link.ld, starts at EL2 (QEMU -kernel and el2sim --kernel),
initialises X0-X30, NZCV, V0-V31 and a 4 KiB scratch buffer from the seed, drops
to the chosen exception level, and runs N blocks of random valid A64
instructions.  After each block it prints

    B<block, 4 hex digits> <64-bit FNV-1a hash of the architectural state>

where the state is X0-X30, NZCV, FPSR, V0-V31, the per-EL exception logs (count, last
ESR, last ELR, a hash of every ESR/ELR/SPSR taken) and the scratch buffer.  With
--full it also prints every register (used by run_conf.py to show both states
of the first differing block).  It ends with "END" and PSCI SYSTEM_OFF.

Rules the generator keeps (the same image must be architecturally
deterministic):  no UNPREDICTABLE or CONSTRAINED UNPREDICTABLE encodings
(writeback with Rn == Rt, LDP with Rt == Rt2, exclusive status register equal
to a data or base register, ...), every data access inside the scratch buffer and,
with the MMU off (memory is Device: unaligned accesses fault), aligned to its size,
SP is never touched by random code (it points at the state area), and
instructions that would observe IMPLEMENTATION DEFINED state (ID registers,
ACTLR, CTR, WFI without a trap, SMC without HCR_EL2.TSC) are emitted only where a
trap makes the outcome architectural.  Branches are forward and stay in the
block.  Exceptions go to the handlers in the image, which log ESR/ELR/SPSR into
the state and resume after the instruction.

--mmu on turns on stage-1 translation for the test EL's regime and, at EL0/EL1,
stage 2 (HCR_EL2.VM), with the tables of MmuMap: the scratch buffer is Normal
memory seen through two 4 KiB pages that are not contiguous in either stage's
output, and loads and stores of every form but the exclusive and ordered ones are
unaligned, a quarter of them across the page boundary in the middle of the buffer.

The AdvSIMD groups (risu_simd_arith.py, risu_simd_misc.py, risu_simd_shift.py for the
integer ones, risu_simd_fp.py for floating point), the scalar floating-point
groups (risu_fp.py) and the Cryptographic Extension (risu_crypto.py) have generator
modules of their own; RISUGEN_ONLY=arith,misc,shift,simdfp,fp,crypto in the
environment restricts the image to the named groups' instructions (a development aid;
run_conf.py passes the environment on).

Usage: risugen.py --seed N [--blocks 200] [--insns 24] [--el 0|1|2]
                  [--hcr-traps random|none|0xMASK] [--full] [--mmu off|on] -o out.S
Python 3 standard library only; the output is a function of the arguments.
"""
import argparse
import os
import random
import sys

from risu_enc import enc
import risu_simd_arith
import risu_simd_misc
import risu_simd_shift
import risu_simd_fp
import risu_fp
import risu_crypto

# (weight, function of a Gen) pairs: each emits one instruction with Gen.inst().
SIMD_GROUPS = {"arith": risu_simd_arith.GENERATORS, "misc": risu_simd_misc.GENERATORS,
               "shift": risu_simd_shift.GENERATORS, "simdfp": risu_simd_fp.GENERATORS,
               "fp": risu_fp.GENERATORS, "crypto": risu_crypto.GENERATORS}
SIMD_GENERATORS = [g for gens in SIMD_GROUPS.values() for g in gens]
# A development aid: RISUGEN_ONLY=arith,misc generates those SIMD groups' instructions
# and nothing else.
ONLY = [x for x in os.environ.get("RISUGEN_ONLY", "").split(",") if x]
if any(x not in SIMD_GROUPS for x in ONLY):
    sys.exit("risugen.py: RISUGEN_ONLY=%s: the groups are %s" %
             (",".join(ONLY), ", ".join(SIMD_GROUPS)))

SCRATCH_SIZE = 4096
# State area layout (byte offsets from SP, which points at `state`).
OFF_X = 0          # x0..x30
OFF_NZCV = 248
OFF_V = 256        # v0..v31, 16 bytes each
OFF_EXC1 = 768     # EL1 log: count, last ESR, last ELR, hash, last SPSR
OFF_EXC2 = 808     # EL2 log
OFF_TMP = 848      # handler scratch (not hashed): EL1 handler, then EL2 handler
STATE_HASHED = 848
OFF_SVC1 = 912     # (MMU on) registers of the EL1 and EL2 handlers' services
OFF_SVC2 = 944
STATE_SIZE = 1024

HCR_RW = 1 << 31
HCR_VM = 1 << 0

# The MMU-on variant (docs/conformance.md).  The scratch buffer is seen through a
# window of two 4 KiB pages at WINDOW_VA, at its middle: the buffer's offset
# PAGE_CROSS is the page boundary.  Window page 0 maps (at first) to the physical
# page P2 of `scratch_pa` (P0-P3), page 1 to P0, so the output is not contiguous; at
# EL0/EL1 stage 1 maps them to the IPAs WINDOW_IPA + 0x1000 and WINDOW_IPA, and
# stage 2 maps those to P2 and P0, so that neither stage is contiguous either.  RAM (the image)
# is at IPA RAM_IPA + (PA - 0x40000000) at EL0/EL1: both stages offset it, the two
# together are the identity.
PAGE_CROSS = 0x800
WINDOW_VA = 0x80000000
WINDOW_IPA = 0xC0000000
RAM_PA = 0x40000000
RAM_IPA = 0x80000000
RAM_SIZE = 256 << 20           # configs/virt.json and run_conf.py's -m 256M
IMAGE_2M = 0x40200000           # the image's 2 MiB region (tests/conformance/link.ld)
UART_PA = 0x09000000
SCRATCH_VA = WINDOW_VA + PAGE_CROSS
# Trap bits the EL1 variant draws from (Arm ARM D13.2.46, HCR_EL2).
HCR_TRAPS = {
    "TWI": 1 << 13, "TWE": 1 << 14, "TID1": 1 << 16, "TID2": 1 << 17, "TID3": 1 << 18,
    "TSC": 1 << 19, "TACR": 1 << 21, "TSW": 1 << 22, "TPC": 1 << 23, "TPU": 1 << 24,
    "TTLB": 1 << 25, "TVM": 1 << 26, "TRVM": 1 << 30,
}

COND = ["eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
        "al"]


class Gen:
    def __init__(self, rng, el, hcr):
        self.rng = rng
        self.el = el
        self.hcr = hcr
        self.lines = []      # the current block's instructions (text)
        self.label_n = 0
        self.pending = []    # (position, label) of forward branch targets
        self.literals = []   # (label, directive) for the block's literal pool
        self.branch = None   # (entries to skip, label) of the branch just emitted
        self.mmu_on = False
        self.mmu = None      # MmuMap with the MMU on

    # ---- helpers ----
    def r(self, a, b):
        return self.rng.randint(a, b)

    def reg(self, zr=True, avoid=()):
        """A random register number (31 = XZR/WZR where zr is True)."""
        while True:
            n = self.r(0, 31 if zr else 30)
            if n not in avoid:
                return n

    def emit(self, text):
        self.lines.append(text)

    def inst(self, word, comment):
        self.emit(f".inst 0x{word:08x}  // {comment}")

    def new_label(self, blk):
        self.label_n += 1
        return f".Lb{blk}_{self.label_n}"

    def rand64(self):
        k = self.r(0, 5)
        if k == 0:
            return self.rng.choice([0, 1, 0xFFFFFFFFFFFFFFFF, 0x8000000000000000,
                                    0x7FFFFFFFFFFFFFFF, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF])
        if k == 1:
            return self.r(0, 0xFFFF)
        return self.rng.getrandbits(64)

    def set_reg(self, n, value):
        """Materialise a 64-bit constant in Xn (MOVZ + MOVK)."""
        self.emit(f"movz x{n}, #0x{value & 0xFFFF:x}")
        for sh in (16, 32, 48):
            part = (value >> sh) & 0xFFFF
            if part:
                self.emit(f"movk x{n}, #0x{part:x}, lsl #{sh}")

    def set_addr(self, n, offset, span=0, ea=0):
        """Xn = scratch + offset (ADRP + ADD; MOVZ + MOVK with the MMU on).

        With the MMU on (Normal memory) and `span` given, the bytes the access reads
        or writes from scratch + offset + ea, the offset moves: one time in four so
        that the access straddles the page boundary at PAGE_CROSS, otherwise by up to
        7 bytes either way (any alignment), the access staying inside the buffer."""
        if self.mmu_on:
            if span:
                offset = self.unaligned(offset, span, ea)
            # The window is at a fixed VA (no PC-relative form reaches an absolute one).
            va = SCRATCH_VA + offset
            self.emit(f"movz x{n}, #0x{va & 0xFFFF:x}")
            self.emit(f"movk x{n}, #0x{va >> 16:x}, lsl #16")
            return
        self.emit(f"adrp x{n}, scratch")
        self.emit(f"add x{n}, x{n}, #:lo12:scratch")
        if offset >= 0:
            self.emit(f"add x{n}, x{n}, #{offset}")
        else:
            self.emit(f"sub x{n}, x{n}, #{-offset}")

    def unaligned(self, offset, span, ea):
        if span > 1 and self.r(0, 3) == 0:
            return self.r(PAGE_CROSS - span + 1, PAGE_CROSS - 1) - ea
        delta = self.r(-7, 7)
        for d in (delta, -delta, 0):
            if 0 <= offset + ea + d and offset + ea + d + span <= SCRATCH_SIZE:
                return offset + d
        return offset

    def set_addr_later(self, mark, n, offset, span=0, ea=0):
        """set_addr(), its lines placed at `mark` (before what was emitted since)."""
        rest = self.lines[mark:]
        del self.lines[mark:]
        self.set_addr(n, offset, span, ea)
        self.lines.extend(rest)

    # ---- integer data processing ----
    def g_addsub_imm(self):
        op, s, sf = self.r(0, 1), self.r(0, 1), self.r(0, 1)
        d = self.reg(zr=bool(s))  # 31 is SP for ADD/SUB, XZR for ADDS/SUBS
        n = self.reg(zr=False)
        w = enc("zosj00010hiiiiiiiiiiiinnnnnddddd", z=sf, o=op, s=s, j=1, h=self.r(0, 1),
                i=self.r(0, 4095), n=n, d=d)
        self.inst(w, "add/sub (immediate)")

    def g_logical_imm(self):
        sf = self.r(0, 1)
        while True:
            N = self.r(0, 1) if sf else 0
            immr = self.r(0, 63 if sf else 31)
            imms = self.r(0, 63 if sf else 31)
            x = (N << 6) | (~imms & 0x3F)
            if x == 0:
                continue
            length = x.bit_length() - 1
            if length < 1:
                continue
            levels = (1 << length) - 1
            if (imms & levels) == levels:
                continue
            break
        opc = self.r(0, 3)
        d = self.reg(zr=(opc == 3))  # ANDS writes XZR; the others write SP for 31
        w = enc("zoo100100Nrrrrrrssssssnnnnnddddd", z=sf, o=opc, N=N, r=immr, s=imms,
                n=self.reg(), d=d)
        self.inst(w, "logical (immediate)")

    def g_movewide(self):
        sf = self.r(0, 1)
        opc = self.rng.choice([0, 2, 3])
        w = enc("zoo100101hhiiiiiiiiiiiiiiiiddddd", z=sf, o=opc, h=self.r(0, 3 if sf else 1),
                i=self.r(0, 0xFFFF), d=self.reg())
        self.inst(w, "move wide")

    def g_bitfield(self):
        sf = self.r(0, 1)
        lim = 63 if sf else 31
        w = enc("zoo100110Nrrrrrrssssssnnnnnddddd", z=sf, o=self.r(0, 2), N=sf,
                r=self.r(0, lim), s=self.r(0, lim), n=self.reg(), d=self.reg())
        self.inst(w, "bitfield")

    def g_extr(self):
        sf = self.r(0, 1)
        w = enc("z00100111N0mmmmmssssssnnnnnddddd", z=sf, N=sf, m=self.reg(),
                s=self.r(0, 63 if sf else 31), n=self.reg(), d=self.reg())
        self.inst(w, "EXTR")

    def g_logical_shift(self):
        sf = self.r(0, 1)
        w = enc("zoo01010ttNmmmmmaaaaaannnnnddddd", z=sf, o=self.r(0, 3), t=self.r(0, 3),
                N=self.r(0, 1), m=self.reg(), a=self.r(0, 63 if sf else 31), n=self.reg(),
                d=self.reg())
        self.inst(w, "logical (shifted register)")

    def g_addsub_shift(self):
        sf = self.r(0, 1)
        w = enc("zos01011tt0mmmmmaaaaaannnnnddddd", z=sf, o=self.r(0, 1), s=self.r(0, 1),
                t=self.r(0, 2), m=self.reg(), a=self.r(0, 63 if sf else 31), n=self.reg(),
                d=self.reg())
        self.inst(w, "add/sub (shifted register)")

    def g_addsub_ext(self):
        sf, s = self.r(0, 1), self.r(0, 1)
        opt = self.r(0, 7)
        op = self.r(0, 1)
        w = enc("zps01011001mmmmmoooaaannnnnddddd", z=sf, p=op, s=s, m=self.reg(), o=opt,
                a=self.r(0, 4), n=self.reg(zr=False), d=self.reg(zr=bool(s)))
        self.inst(w, "add/sub (extended register)")

    def g_adc(self):
        sf = self.r(0, 1)
        w = enc("zos11010000mmmmm000000nnnnnddddd", z=sf, o=self.r(0, 1), s=self.r(0, 1),
                m=self.reg(), n=self.reg(), d=self.reg())
        self.inst(w, "ADC/SBC")

    def g_ccmp(self):
        sf = self.r(0, 1)
        imm = self.r(0, 1)
        w = enc("zo111010010mmmmmcccci0nnnnn0ffff", z=sf, o=self.r(0, 1), m=self.reg(),
                c=self.r(0, 15), i=imm, n=self.reg(), f=self.r(0, 15))
        self.inst(w, "CCMN/CCMP")

    def g_csel(self):
        sf = self.r(0, 1)
        w = enc("zo011010100mmmmmcccc0pnnnnnddddd", z=sf, o=self.r(0, 1), m=self.reg(),
                c=self.r(0, 15), p=self.r(0, 1), n=self.reg(), d=self.reg())
        self.inst(w, "conditional select")

    def g_dp1(self):
        sf = self.r(0, 1)
        opc = self.r(0, 5) if sf else self.rng.choice([0, 1, 2, 4, 5])
        w = enc("z101101011000000000ooonnnnnddddd", z=sf, o=opc, n=self.reg(), d=self.reg())
        self.inst(w, "data processing (1 source)")

    def g_dp2(self):
        sf = self.r(0, 1)
        k = self.r(0, 2)
        if k == 0:
            opc = self.rng.choice([2, 3])  # UDIV, SDIV
        elif k == 1:
            opc = self.r(8, 11)  # LSLV..RORV
        else:
            sz = self.r(0, 3)
            sf = 1 if sz == 3 else 0
            opc = 0x10 | (self.r(0, 1) << 2) | sz  # CRC32{C}{B,H,W,X}
        w = enc("z0011010110mmmmmoooooonnnnnddddd", z=sf, m=self.reg(), o=opc, n=self.reg(),
                d=self.reg())
        self.inst(w, "data processing (2 source)")

    def g_dp3(self):
        k = self.r(0, 2)
        if k == 0:  # MADD/MSUB
            w = enc("z0011011000mmmmmoaaaaannnnnddddd", z=self.r(0, 1), m=self.reg(),
                    o=self.r(0, 1), a=self.reg(), n=self.reg(), d=self.reg())
        elif k == 1:  # SMADDL/SMSUBL/UMADDL/UMSUBL
            w = enc("10011011u01mmmmmoaaaaannnnnddddd", u=self.r(0, 1), m=self.reg(),
                    o=self.r(0, 1), a=self.reg(), n=self.reg(), d=self.reg())
        else:  # SMULH/UMULH
            w = enc("10011011u10mmmmm011111nnnnnddddd", u=self.r(0, 1), m=self.reg(),
                    n=self.reg(), d=self.reg())
        self.inst(w, "data processing (3 source)")

    def g_adr(self):
        w = enc("pll10000hhhhhhhhhhhhhhhhhhhddddd", p=self.r(0, 1), l=self.r(0, 3),
                h=self.r(0, 0x7FFFF) if self.r(0, 1) else self.r(0, 64), d=self.reg())
        self.inst(w, "ADR/ADRP")

    def g_nzcv(self):
        n = self.reg(zr=False)
        if self.r(0, 1):
            self.emit(f"msr nzcv, x{n}")
        else:
            self.emit(f"mrs x{n}, nzcv")

    # ---- loads and stores on the scratch buffer ----
    def pick_base(self, avoid=()):
        return self.reg(zr=False, avoid=avoid)

    def g_ldst_imm(self):
        # size, opc -> (bytes, is-load); opc 2/3 on sizes 0..2 are sign-extending loads.
        size = self.r(0, 3)
        opc = self.r(0, 3) if size < 2 else (self.r(0, 2) if size == 2 else self.r(0, 1))
        nbytes = 1 << size
        load = opc != 0
        form = self.r(0, 4)  # 0 uoff, 1 post, 2 pre, 3 unscaled, 4 unprivileged
        t = self.reg()
        n = self.pick_base(avoid=(t,) if form in (1, 2) else ())
        if form == 0:
            imm = self.r(0, (SCRATCH_SIZE // nbytes) // 4)
            base = self.r(0, SCRATCH_SIZE // 2) & ~(nbytes - 1)
            self.set_addr(n, base, nbytes, imm * nbytes)
            w = enc("ss111001ooiiiiiiiiiiiinnnnnttttt", s=size, o=opc, i=imm, n=n, t=t)
        else:
            # imm9 is a byte offset: any value with the MMU on (Normal memory).
            if self.mmu_on:
                imm = self.r(-256, 255)
            else:
                imm = self.r(-256 // nbytes, 255 // nbytes) * nbytes
            base = self.r(256, SCRATCH_SIZE - 256 - 8) & ~(nbytes - 1)
            self.set_addr(n, base, nbytes, 0 if form == 1 else imm)
            kind = {1: 1, 2: 3, 3: 0, 4: 2}[form]
            w = enc("ss111000oo0iiiiiiiiikknnnnnttttt", s=size, o=opc, i=imm & 0x1FF, k=kind,
                    n=n, t=t)
        self.inst(w, f"load/store {'post' if form == 1 else 'pre' if form == 2 else ''}"
                     f" {nbytes}B {'ld' if load else 'st'}")

    def g_ldst_reg(self):
        size = self.r(0, 3)
        opc = self.r(0, 3) if size < 2 else (self.r(0, 2) if size == 2 else self.r(0, 1))
        nbytes = 1 << size
        t = self.reg()
        n = self.pick_base()
        m = self.reg(zr=False, avoid=(n,))
        option = self.rng.choice([2, 3, 6, 7])
        S = self.r(0, 1)
        scale = size if S else 0
        k = self.r(-64, 64)
        idx = k if scale else k * nbytes  # S: the index is scaled by the access size
        base = self.r(1024, 2048) & ~(nbytes - 1)
        if option == 2:  # UXTW: index non-negative
            idx = abs(idx)
        self.set_addr(n, base, nbytes, idx << scale)
        if option == 2:  # UXTW: junk above bit 31
            val = (self.rng.getrandbits(32) << 32) | idx
        elif option == 6:  # SXTW: junk above bit 31
            val = (self.rng.getrandbits(32) << 32) | (idx & 0xFFFFFFFF)
        else:
            val = idx & 0xFFFFFFFFFFFFFFFF
        self.set_reg(m, val)
        w = enc("ss111000oo1mmmmmpppS10nnnnnttttt", s=size, o=opc, m=m, p=option, S=S, n=n, t=t)
        self.inst(w, f"load/store (register) {nbytes}B")

    def g_ldst_pair(self):
        opc = self.r(0, 2)  # 00: 32-bit, 01: LDPSW (load only), 10: 64-bit
        load = self.r(0, 1)
        if opc == 1:
            load = 1
        nbytes = 8 if opc == 2 else 4
        form = self.r(0, 3)  # 0 no-allocate, 1 post, 2 offset, 3 pre
        if opc == 1 and form == 0:
            form = 2
        t = self.reg()
        t2 = self.reg(avoid=(t,) if load else ())
        wb = form in (1, 3)
        n = self.pick_base(avoid=(t, t2) if wb else ())
        imm = self.r(-16, 16)
        self.set_addr(n, self.r(512, 2048) & ~(nbytes - 1), 2 * nbytes,
                      0 if form == 1 else imm * nbytes)
        w = enc("oo10100fffiiiiiiiuuuuunnnnnttttt", o=opc, f=(form << 1) | load, i=imm & 0x7F,
                u=t2, n=n, t=t)
        self.inst(w, f"load/store pair {nbytes}B")

    def g_ldst_lit(self, blk):
        lab = self.new_label(blk)
        opc = self.r(0, 2)
        t = self.reg()
        if self.mmu_on and self.r(0, 1):
            # Normal memory: the literal 4 bytes off its alignment (the pool stays
            # 4-aligned, as LDR (literal) needs).
            self.literals.append((lab + "_pad", f".4byte 0x{self.rng.getrandbits(32):08x}"))
        self.literals.append((lab, f".quad 0x{self.rng.getrandbits(64):016x}"))
        mn = {0: f"ldr w{t}", 1: f"ldr x{t}", 2: f"ldrsw x{t}"}[opc]
        if t == 31:
            self.emit(f"prfm pldl1keep, {lab}")
        else:
            self.emit(f"{mn}, {lab}")

    def g_exclusive(self):
        size = self.r(0, 3)
        nbytes = 1 << size
        k = self.r(0, 2)
        r = "x" if size == 3 else "w"

        def name(n):
            return f"{r}zr" if n == 31 else f"{r}{n}"
        n = self.pick_base()
        # The base must survive the load: a failing store-exclusive to another address
        # may or may not abort (IMPLEMENTATION DEFINED).
        t = self.reg(avoid=(n,))
        a = "a" if self.r(0, 1) else ""
        l = "l" if self.r(0, 1) else ""
        # Aligned even with the MMU on: an unaligned exclusive or ordered access
        # faults on Normal memory too (Arm ARM B2.5.2); then anywhere in the buffer.
        if k == 2 and size >= 2:  # LD(A)XP / ST(L)XP, aligned to the pair
            t2 = self.reg(avoid=(t, n))
            pairs = SCRATCH_SIZE // (2 * nbytes) if self.mmu_on else 64
            self.set_addr(n, self.r(0, pairs - 1) * 2 * nbytes)
            self.emit(f"ld{a}xp {name(t)}, {name(t2)}, [x{n}]")
            d1, d2 = self.reg(), self.reg()
            s_ = self.reg(zr=False, avoid=(d1, d2, n))
            self.emit(f"st{l}xp w{s_}, {name(d1)}, {name(d2)}, [x{n}]")
            return
        self.set_addr(n, self.r(0, SCRATCH_SIZE - 8 if self.mmu_on else 2047) & ~(nbytes - 1))
        sfx = {0: "b", 1: "h", 2: "", 3: ""}[size]
        if k == 0:  # load-acquire / store-release
            op = "ldar" if self.r(0, 1) else "stlr"
            self.emit(f"{op}{sfx} {name(t)}, [x{n}]")
            return
        self.emit(f"ld{a}xr{sfx} {name(t)}, [x{n}]")
        d = self.reg()
        s_ = self.reg(zr=False, avoid=(d, n))
        self.emit(f"st{l}xr{sfx} w{s_}, {name(d)}, [x{n}]")

    # ---- SIMD&FP ----
    def g_fp_ldst(self):
        # size:opc -> bytes: B=0, H=1, S=2, D=3, Q=(size 0, opc<1> = 1)
        q = self.r(0, 4) == 0
        size = 0 if q else self.r(0, 3)
        nbytes = 16 if q else 1 << size
        load = self.r(0, 1)
        opc = (2 if q else 0) | load
        t = self.r(0, 31)
        form = self.r(0, 4)  # 0 uoff, 1 post, 2 pre, 3 unscaled, 4 register
        n = self.pick_base()
        if form == 0:
            base = self.r(0, SCRATCH_SIZE // 2) & ~(nbytes - 1)
            imm = self.r(0, (SCRATCH_SIZE // nbytes) // 4)
            self.set_addr(n, base, nbytes, imm * nbytes)
            w = enc("ss111101ooiiiiiiiiiiiinnnnnttttt", s=size, o=opc, i=imm, n=n, t=t)
        elif form == 4:
            m = self.reg(zr=False, avoid=(n,))
            S = self.r(0, 1)
            opt = self.rng.choice([2, 3, 6, 7])
            k = self.r(-32, 32)
            if opt == 2:
                k = abs(k)
            idx = k if S else k * nbytes  # S: the index is scaled by the access size
            if opt in (2, 6):
                val = (self.rng.getrandbits(32) << 32) | (idx & 0xFFFFFFFF)
            else:
                val = idx & 0xFFFFFFFFFFFFFFFF
            self.set_addr(n, 1024, nbytes, k * nbytes)
            self.set_reg(m, val)
            w = enc("ss111100oo1mmmmmpppS10nnnnnttttt", s=size, o=opc, m=m, p=opt, S=S, n=n,
                    t=t)
        else:
            if self.mmu_on:
                imm = self.r(-256, 255)
            else:
                imm = self.r(-256 // nbytes, 255 // nbytes) * nbytes
            self.set_addr(n, self.r(256, SCRATCH_SIZE - 256 - 16) & ~(nbytes - 1), nbytes,
                          0 if form == 1 else imm)
            kind = {1: 1, 2: 3, 3: 0}[form]
            w = enc("ss111100oo0iiiiiiiiikknnnnnttttt", s=size, o=opc, i=imm & 0x1FF, k=kind,
                    n=n, t=t)
        self.inst(w, f"SIMD&FP load/store {nbytes}B")

    def g_fp_pair(self):
        opc = self.r(0, 2)  # S, D, Q
        nbytes = 4 << opc
        load = self.r(0, 1)
        form = self.r(0, 3)
        t = self.r(0, 31)
        t2 = self.r(0, 31)
        while load and t2 == t:
            t2 = self.r(0, 31)
        n = self.pick_base()
        base = self.r(1024, 2048) & ~15
        imm = self.r(-16, 16)
        self.set_addr(n, base, 2 * nbytes, 0 if form == 1 else imm * nbytes)
        w = enc("oo10110fffiiiiiiiuuuuunnnnnttttt", o=opc, f=(form << 1) | load,
                i=imm & 0x7F, u=t2, n=n, t=t)
        self.inst(w, f"SIMD&FP load/store pair {nbytes}B")

    def g_fp_struct(self):
        q = self.r(0, 1)
        load = self.r(0, 1)
        n = self.pick_base()
        base = self.r(0, 1024) & ~15
        mark = len(self.lines)  # the address set-up goes here once the size is known
        t = self.r(0, 31)
        post = self.r(0, 1)
        m = 0
        if post:
            m = self.reg(avoid=(n,))  # 31: post-index by the transfer size
            if m != 31:
                self.set_reg(m, self.r(-4, 8) * 16 & 0xFFFFFFFFFFFFFFFF)
        k = self.r(0, 2)
        if k == 0:  # multiple structures
            op = self.rng.choice([0b0000, 0b0010, 0b0100, 0b0110, 0b0111, 0b1000, 0b1010])
            size = self.r(0, 3)
            if size == 3 and q == 0 and op in (0b0000, 0b0100, 0b1000):
                size = 2  # LD2/3/4 .1D is reserved
            w = enc("0q0011000L0mmmmmoooozznnnnnttttt", q=q, L=load, m=m if post else 0,
                    o=op, z=size, n=n, t=t) | (post << 23)
            nregs = {0b0000: 4, 0b0010: 4, 0b0100: 3, 0b0110: 3, 0b0111: 1}.get(op, 2)
            self.set_addr_later(mark, n, base, nregs * (8 << q))
            self.inst(w, "LD/ST multiple structures")
        elif k == 1:  # single structure
            R = self.r(0, 1)
            o3 = self.r(0, 2)  # 0: 8-bit, 1: 16-bit, 2: 32/64-bit
            S = self.r(0, 1)
            if o3 == 0:
                size = self.r(0, 3)
            elif o3 == 1:
                size = self.r(0, 1) << 1  # size<0> = 0
            else:
                size = self.rng.choice([0, 0, 1])  # 00: 32-bit, 01: 64-bit
                if size == 1:
                    S = 0
            s1 = self.r(0, 1)  # opcode<0>: LD1/LD3 vs LD2/LD4 with R
            w = enc("0q0011010LRmmmmmooeSzznnnnnttttt", q=q, L=load, R=R, m=m if post else 0,
                    o=o3, e=s1, S=S, z=size, n=n, t=t) | (post << 23)
            esize = 8 if o3 == 2 and size == 1 else 1 << o3
            self.set_addr_later(mark, n, base, ((s1 << 1 | R) + 1) * esize)
            self.inst(w, "LD/ST single structure")
        else:  # LDnR
            if not load:
                self.set_addr_later(mark, n, base)
                return self.g_fp_struct()
            R = self.r(0, 1)
            e = self.r(0, 1)
            size = self.r(0, 3)
            w = enc("0q0011010LRmmmmm11e0zznnnnnttttt", q=q, L=1, R=R, m=m if post else 0,
                    e=e, z=size, n=n, t=t) | (post << 23)
            self.set_addr_later(mark, n, base, ((e << 1 | R) + 1) << size)
            self.inst(w, "LDnR")

    def g_fp_move(self):
        k = self.r(0, 8)
        rd, rn = self.r(0, 31), self.r(0, 31)
        if k == 0:  # FMOV general: (sf, type, rmode, opcode)
            sf, ty, rm, op = self.rng.choice([(0, 0, 0, 7), (0, 0, 0, 6), (1, 1, 0, 7),
                                              (1, 1, 0, 6), (1, 2, 1, 7), (1, 2, 1, 6)])
            to_fp = op == 7
            w = enc("z0011110tt1rrooo000000nnnnnddddd", z=sf, t=ty, r=rm, o=op,
                    n=self.reg() if to_fp else rn, d=rd if to_fp else self.reg())
            self.inst(w, "FMOV (general)")
        elif k == 1:
            w = enc("000111100p100000010000nnnnnddddd", p=self.r(0, 1), n=rn, d=rd)
            self.inst(w, "FMOV (register)")
        elif k == 2:
            w = enc("000111100p1iiiiiiii10000000ddddd", p=self.r(0, 1), i=self.r(0, 255), d=rd)
            self.inst(w, "FMOV (scalar, immediate)")
        elif k == 3:  # modified immediate
            op = self.r(0, 1)
            cmode = self.r(0, 15)
            q = self.r(0, 1)
            if cmode == 15 and op == 1:
                q = 1  # FMOV .2D; the 64-bit form is unallocated
            w = enc("0qo0111100000hhhcccc01eeeeeddddd", q=q, o=op, h=self.r(0, 7), c=cmode,
                    e=self.r(0, 31), d=rd)
            self.inst(w, "AdvSIMD modified immediate")
        elif k == 4:  # DUP element / general, SMOV, UMOV, INS
            sz = self.r(0, 3)
            idx = self.r(0, (16 >> sz) - 1)
            imm5 = ((idx << 1) | 1) << sz
            sub = self.r(0, 5)
            if sub == 0:  # DUP (element)
                q = 1 if sz == 3 else self.r(0, 1)
                w = enc("0q001110000iiiii000001nnnnnddddd", q=q, i=imm5, n=rn, d=rd)
            elif sub == 1:  # DUP (general)
                q = 1 if sz == 3 else self.r(0, 1)
                w = enc("0q001110000iiiii000011nnnnnddddd", q=q, i=imm5, n=self.reg(), d=rd)
            elif sub == 2:  # SMOV: W from B/H (Q=0), X from B/H/S (Q=1)
                sz = self.r(0, 2)
                q = 1 if sz == 2 else self.r(0, 1)
                idx = self.r(0, (16 >> sz) - 1)
                w = enc("0q001110000iiiii001011nnnnnddddd", q=q, i=((idx << 1) | 1) << sz,
                        n=rn, d=self.reg())
            elif sub == 3:  # UMOV: W from B/H/S, X from D
                q = 1 if sz == 3 else 0
                w = enc("0q001110000iiiii001111nnnnnddddd", q=q, i=imm5, n=rn, d=self.reg())
            elif sub == 4:
                w = enc("01001110000iiiii000111nnnnnddddd", i=imm5, n=self.reg(), d=rd)
            else:
                idx2 = self.r(0, (16 >> sz) - 1)
                w = enc("01101110000iiiii0jjjj1nnnnnddddd", i=imm5, j=(idx2 << sz) & 0xF,
                        n=rn, d=rd)
            self.inst(w, "DUP/SMOV/UMOV/INS")
        elif k == 5:
            sz = self.r(0, 3)
            idx = self.r(0, (16 >> sz) - 1)
            w = enc("01011110000iiiii000001nnnnnddddd", i=((idx << 1) | 1) << sz, n=rn, d=rd)
            self.inst(w, "DUP (element, scalar)")
        else:  # AdvSIMD three same logical
            w = enc("0qu01110oo1mmmmm000111nnnnnddddd", q=self.r(0, 1), u=self.r(0, 1),
                    o=self.r(0, 3), m=self.r(0, 31), n=rn, d=rd)
            self.inst(w, "AdvSIMD logical")

    def g_fpcr(self):
        n = self.reg(zr=False)
        k = self.r(0, 3)
        if k == 0:
            self.set_reg(n, self.rng.getrandbits(64) & 0x07C00000)
            self.emit(f"msr fpcr, x{n}")
        elif k == 1:
            self.set_reg(n, self.rng.getrandbits(64) & 0xF800009F)
            self.emit(f"msr fpsr, x{n}")
        else:
            self.emit(f"mrs x{n}, {'fpcr' if k == 2 else 'fpsr'}")

    # ---- system instructions, per EL ----
    def g_system(self):
        el, hcr = self.el, self.hcr
        n = self.reg(zr=False)
        choices = ["udf", "svc", "brk", "tpidr"]
        if el == 0:
            choices += ["wfi", "hvc_el0", "smc_el0", "dc_zva", "ctr", "daif", "dc_cvau", "eret",
                        "priv_reg", "tpidrro"]
        if el >= 1:
            choices += ["tpidr1", "dc_cvac", "tlbi", "ic", "dc_sw", "tvm", "hvc"]
            if el == 1:
                if hcr & HCR_TRAPS["TWI"]:
                    choices.append("wfi")
                # No WFE: QEMU 7.2 implements WFE as a yield and never traps it
                # (HCR_EL2.TWE, SCTLR_EL1.nTWE); see docs/conformance.md.
                if hcr & HCR_TRAPS["TSC"]:
                    choices.append("smc")
                if hcr & HCR_TRAPS["TID3"]:
                    choices.append("id3")
                if hcr & HCR_TRAPS["TACR"]:
                    choices.append("actlr")
                if hcr & HCR_TRAPS["TID2"]:
                    choices.append("ctr")
                if hcr & HCR_TRAPS["TID1"]:
                    choices.append("aidr")
        if el == 2:
            choices += ["tpidr2"]
        c = self.rng.choice(choices)
        imm = self.r(0, 0xFFFE)
        if self.mmu_on and imm >= 0xFFF0:
            imm -= 0x10  # SVC/HVC #0xfffb-#0xfffe are the handlers' services (g_remap)
        if c == "udf":
            self.emit(f".inst 0x{self.r(0, 0xFFFF):08x}  // UDF")
        elif c == "svc":
            self.emit(f"svc #0x{imm:x}")
        elif c == "hvc" or c == "hvc_el0":
            self.emit(f"hvc #0x{imm:x}")
        elif c == "smc" or c == "smc_el0":
            self.emit(f"smc #0x{imm:x}")
        elif c == "brk":
            self.emit(f"brk #0x{imm:x}")
        elif c == "tpidr":
            if self.r(0, 1):
                self.emit(f"msr tpidr_el0, x{n}")
            else:
                self.emit(f"mrs x{n}, tpidr_el0")
        elif c == "tpidrro":
            self.emit(f"mrs x{n}, tpidrro_el0" if self.r(0, 1) else f"msr tpidrro_el0, x{n}")
        elif c == "tpidr1":
            self.emit(f"msr tpidr_el1, x{n}" if self.r(0, 1) else f"mrs x{n}, tpidr_el1")
        elif c == "tpidr2":
            self.emit(f"msr tpidr_el2, x{n}" if self.r(0, 1) else f"mrs x{n}, tpidr_el2")
        elif c == "wfi":
            self.emit("wfi")
        elif c == "wfe":
            self.emit("wfe")
        elif c == "dc_zva":
            self.set_addr(n, self.r(0, 3) * 64)
            self.emit(f"dc zva, x{n}")
        elif c == "ctr":
            self.emit(f"mrs x{n}, ctr_el0")
        elif c == "aidr":
            self.emit(f"mrs x{n}, aidr_el1")
        elif c == "daif":
            # Not MSR DAIFSet/DAIFClr: QEMU 7.2 swaps Op1 and Op2 in the ISS of the
            # SCTLR_EL1.UMA trap (docs/conformance.md).
            self.emit(self.rng.choice([f"mrs x{n}, daif", f"msr daif, x{n}"]))
        elif c == "dc_cvau":
            self.set_addr(n, self.r(0, 63) * 64)
            self.emit(self.rng.choice([f"dc cvau, x{n}", f"ic ivau, x{n}", f"dc civac, x{n}"]))
        elif c == "eret":
            self.emit("eret")
        elif c == "priv_reg":
            self.emit(self.rng.choice([f"mrs x{n}, sctlr_el1", f"mrs x{n}, currentel",
                                       f"msr tpidr_el1, x{n}", f"mrs x{n}, hcr_el2",
                                       f"mrs x{n}, midr_el1"]))
        elif c == "dc_cvac":
            self.set_addr(n, self.r(0, 63) * 64)
            self.emit(self.rng.choice([f"dc cvac, x{n}", f"dc civac, x{n}", f"dc ivac, x{n}"]))
        elif c == "tlbi":
            self.emit(self.rng.choice(["tlbi vmalle1", "tlbi vmalle1is", f"tlbi vae1, x{n}",
                                       f"tlbi aside1is, x{n}"]))
        elif c == "ic":
            self.emit(self.rng.choice(["ic iallu", "ic ialluis"]))
        elif c == "dc_sw":
            self.set_reg(n, self.r(0, 3) << 1)  # level field only; set/way 0
            self.emit(self.rng.choice([f"dc isw, x{n}", f"dc csw, x{n}", f"dc cisw, x{n}"]))
        elif c == "tvm":
            regs = ["ttbr0_el1", "ttbr1_el1", "mair_el1", "contextidr_el1"]
            r = self.rng.choice(regs)
            # With the MMU on, an untrapped write would change the live translation.
            writable = not self.mmu_on or (self.hcr & HCR_TRAPS["TVM"])
            if writable and self.r(0, 1):
                if r.startswith("ttbr"):
                    val = self.rng.getrandbits(44) & ~0xFFF
                elif r == "contextidr_el1":
                    val = self.rng.getrandbits(32)
                else:
                    val = self.rng.getrandbits(64)
                self.set_reg(n, val)
                self.emit(f"msr {r}, x{n}")
            else:
                self.emit(f"mrs x{n}, {r}")
        elif c == "id3":
            self.emit(f"mrs x{n}, " + self.rng.choice(["id_aa64pfr0_el1", "id_aa64isar0_el1",
                                                       "id_aa64mmfr0_el1", "mvfr0_el1",
                                                       "id_pfr0_el1"]))
        elif c == "actlr":
            self.emit(f"mrs x{n}, actlr_el1" if self.r(0, 1) else f"msr actlr_el1, x{n}")
        elif c == "smc":
            self.emit(f"smc #0x{imm:x}")

    # ---- translation table changes (MMU on) ----
    def set_symbol(self, n, label):
        """Xn = the address of a symbol in the image (ADRP + ADD)."""
        self.emit(f"adrp x{n}, {label}")
        self.emit(f"add x{n}, x{n}, #:lo12:{label}")

    def tlbi_ops(self, root, pages, leaf):
        """TLBI instructions that drop every cached translation of the window pages
        `pages` made with root's tables (leaf: only the last level changed), as
        (operation, operand or None) pairs."""
        is_ = self.rng.choice(["", "is"])
        va = [(WINDOW_VA >> 12) + p for p in pages]
        if self.el == 2:
            k = self.r(0, 2 if leaf else 1)
            if k == 0:
                return [(f"vae2{is_}", v) for v in va]
            if k == 1:
                return [(f"alle2{is_}", None)]
            return [(f"vale2{is_}", v) for v in va]
        asid = self.mmu.asid[root] << 48
        k = self.r(0, 5 if leaf else 3)
        if k == 0:
            return [(f"vae1{is_}", asid | v) for v in va]
        if k == 1:
            return [(f"vaae1{is_}", v) for v in va]
        if k == 2:
            return [(f"aside1{is_}", asid)]
        if k == 3:
            return [(f"vmalle1{is_}", None)]
        if k == 4:
            return [(f"vale1{is_}", asid | v) for v in va]
        return [(f"vaale1{is_}", v) for v in va]

    def g_remap(self):
        """A change to the scratch window's translation, made the architectural way
        (break, TLBI, make): a level-3 entry to another page, or a root's level-2
        entry to its other level-3 table; at EL1 also a TTBR0_EL1 switch to the other
        root (ASID-tagged, no TLBI) and, through HVC #0xfffd/#0xfffe to the EL2
        handler, a rotation of stage 2's window entries.  EL0 asks the EL1 handler
        (SVC #0xfffb/#0xfffc: root a's other level-3 table) or, through it, EL2."""
        if self.el == 0:
            # (The EL1 services' TLBIs do nothing if --hcr-traps makes TTLB trap them.)
            lo = 0xFFFD if self.hcr & HCR_TRAPS["TTLB"] else 0xFFFB
            self.emit(f"svc #0x{self.r(lo, 0xFFFE):x}")
            return
        choices = ["leaf", "table"]
        if self.el == 1:
            choices = ["s2", "asid"]
            if not self.hcr & HCR_TRAPS["TTLB"]:  # a trapped TLBI does nothing
                choices += ["leaf", "table", "leaf"]
        c = self.rng.choice(choices)
        if c == "s2":
            self.emit(f"hvc #0x{self.r(0xFFFD, 0xFFFE):x}")
            return
        a = self.reg(zr=False)
        b = self.reg(zr=False, avoid=(a,))
        root = self.rng.choice(self.mmu.roots)
        if c == "asid":
            self.set_symbol(a, "s1_l1" if root == "a" else f"s1_l1_{root}")
            self.set_reg(b, self.mmu.ttbr0(root))
            self.emit(f"add x{a}, x{a}, x{b}")
            self.emit(f"msr ttbr0_el1, x{a}")
            self.emit("isb")
            return
        c_ = self.reg(zr=False, avoid=(a, b))
        if c == "leaf":
            page = self.r(0, 1)
            self.set_symbol(a, f"s1_l3_window_{root}{self.r(1, 2)}")
            target = self.r(0, 3)
            if self.mmu.stage2:
                self.set_reg(b, WINDOW_IPA + (target << 12) | self.mmu.window_attr)
            else:
                self.set_symbol(b, "scratch_pa")
                attr = self.mmu.window_attr
                self.emit(f"add x{b}, x{b}, #{target}, lsl #12")
                self.emit(f"add x{b}, x{b}, #0x{attr & 0xFFF:x}")
                self.emit(f"orr x{b}, x{b}, #0x{attr & ~0xFFF:x}")
            entry, ops = f"[x{a}, #{8 * page}]", self.tlbi_ops(root, [page], True)
        else:
            self.set_symbol(a, f"s1_l2_window_{root}")
            self.set_symbol(b, f"s1_l3_window_{root}{self.r(1, 2)}")
            self.set_reg(c_, self.mmu.to_ipa + 3)  # the table's IPA, a table descriptor
            self.emit(f"add x{b}, x{b}, x{c_}")
            entry, ops = f"[x{a}]", self.tlbi_ops(root, [0, 1], False)
        self.emit(f"str xzr, {entry}")
        self.emit("dsb ishst")
        for op, val in ops:
            if val is None:
                self.emit(f"tlbi {op}")
            else:
                self.set_reg(c_, val)
                self.emit(f"tlbi {op}, x{c_}")
        self.emit("dsb ish")
        self.emit(f"str x{b}, {entry}")
        self.emit("dsb ish")
        self.emit("isb")

    # ---- branches ----
    def g_branch(self, blk):
        """A forward branch over 0..3 of the following instructions of the block."""
        lab = self.new_label(blk)
        skip = self.r(0, 3)
        k = self.r(0, 6)
        n = self.reg()
        nn = "zr" if n == 31 else str(n)
        if k == 0:
            self.emit(f"b {lab}")
        elif k == 1:
            self.emit(f"b.{self.rng.choice(COND)} {lab}")
        elif k == 2:
            self.emit(f"{self.rng.choice(['cbz', 'cbnz'])} {self.rng.choice('wx')}{nn}, {lab}")
        elif k == 3:
            self.emit(f"{self.rng.choice(['tbz', 'tbnz'])} x{nn}, #{self.r(0, 63)}, {lab}")
        elif k == 4:
            self.emit(f"bl {lab}")
        else:
            m = self.reg(zr=False)
            self.emit(f"adr x{m}, {lab}")
            self.emit(self.rng.choice([f"br x{m}", f"blr x{m}", f"ret x{m}"]))
        self.branch = (skip, lab)

    def gen_block(self, blk, ninsns):
        self.lines = []
        self.pending = []
        self.literals = []
        table = [
            (6, self.g_addsub_imm), (4, self.g_logical_imm), (3, self.g_movewide),
            (4, self.g_bitfield), (2, self.g_extr), (4, self.g_logical_shift),
            (4, self.g_addsub_shift), (3, self.g_addsub_ext), (3, self.g_adc), (3, self.g_ccmp),
            (4, self.g_csel), (3, self.g_dp1), (4, self.g_dp2), (3, self.g_dp3), (1, self.g_adr),
            (2, self.g_nzcv), (5, self.g_ldst_imm), (3, self.g_ldst_reg), (3, self.g_ldst_pair),
            (1, lambda: self.g_ldst_lit(blk)), (2, self.g_exclusive), (3, self.g_fp_ldst),
            (2, self.g_fp_pair), (3, self.g_fp_struct), (5, self.g_fp_move), (1, self.g_fpcr),
            (3, self.g_system), (4, lambda: self.g_branch(blk)),
        ]
        if self.mmu_on:
            table.append((2, self.g_remap))
        # The AdvSIMD integer groups, one module each (risu_simd_*.py).
        for weight, fn in SIMD_GENERATORS:
            table.append((weight, lambda fn=fn: fn(self)))
        if ONLY:  # RISUGEN_ONLY: the named SIMD groups alone
            table = [(w, lambda fn=fn: fn(self)) for name, gens in SIMD_GROUPS.items()
                     if name in ONLY for w, fn in gens]
        total = sum(w for w, _ in table)
        for _ in range(ninsns):
            x = self.r(1, total)
            before = len(self.lines)
            for w, fn in table:
                x -= w
                if x <= 0:
                    fn()
                    break
            # One entry per generated item, so that a branch target never splits an
            # address set-up from its access or an exclusive pair.
            if len(self.lines) > before + 1:
                self.lines[before:] = ["\n    ".join(self.lines[before:])]
            if self.branch:
                skip, lab = self.branch
                self.pending.append((len(self.lines) + skip, lab))
                self.branch = None
        out = []
        for i, line in enumerate(self.lines):
            for pos, lab in self.pending:
                if pos == i:
                    out.append(f"{lab}:")
            out.append("    " + line)
        for pos, lab in self.pending:
            if pos >= len(self.lines):
                out.append(f"{lab}:")
        return out


class MmuMap:
    """The translation tables of the MMU-on variant, drawn from the seed.

    Stage 1 of the test EL's regime (VA -> PA at EL2, VA -> IPA at EL0/EL1) and, at
    EL0/EL1, stage 2 (IPA -> PA, VMID from the seed), each 4 KiB granule with 32-bit
    input addresses (level 1 first).  The image is mapped by 1 GiB or 2 MiB blocks or
    4 KiB pages (the granule drawn per seed and stage; always pages for stage 1 at
    EL0, where the code must be read-only: PXN is implied at EL1 for pages EL0 can
    write).  With pages, code is read-only and data execute-never; the boot code fills
    the image's level-3 tables, as where code ends is known only at link time.  The
    UART is Device memory, the scratch window two Normal pages (write-back or
    non-cacheable, drawn per seed) that EL0 can access (AP[1] = 1, nG = 1).

    The window can change while the test runs (Gen.g_remap): each stage-1 root (a;
    at EL1 also b, with its own ASID, for TTBR0_EL1 switches) has a level-2 table whose
    window entry points at one of two level-3 tables (root 1 and 2, 8 KiB aligned
    pairs), each mapping the window's pages to any of four pages: the IPA pages
    WINDOW_IPA + 0x1000 * i at EL0/EL1, which stage 2 maps to the physical pages
    S2_WINDOW[i] of scratch_pa; the physical pages themselves at EL2.
    """
    # Stage 1 (lower attributes): AttrIndx, SH inner shareable, AF; AP, nG, XN.
    S1_NORMAL = (1 << 2) | (3 << 8) | (1 << 10)
    S1_DEVICE = (0 << 2) | (1 << 10)
    AP_EL0 = 1 << 6        # AP[1]: EL0 access
    AP_RO = 1 << 7         # AP[2]: read-only
    NG = 1 << 11
    PXN = 1 << 53
    UXN = 1 << 54          # XN in the EL2 regime
    # Stage 2: MemAttr Normal write-back (0b1111) or Device-nGnRE (0b0001), S2AP, SH, AF.
    S2_NORMAL = (0xF << 2) | (3 << 6) | (3 << 8) | (1 << 10)
    S2_NORMAL_RO = (0xF << 2) | (1 << 6) | (3 << 8) | (1 << 10)
    S2_DEVICE = (0x1 << 2) | (3 << 6) | (1 << 10) | (1 << 54)
    S2_XN = 1 << 54
    # The window's initial maps, (page 0, page 1) -> IPA page (EL0/EL1) or physical
    # page (EL2) index, and stage 2's IPA page -> physical page.  Root a's first table
    # is the one in use at the start: page 0 -> P2, page 1 -> P0 in the end, and
    # neither stage is contiguous.
    WINDOW_MAPS = {"a1": (1, 0), "a2": (3, 2), "b1": (2, 1), "b2": (0, 3)}
    WINDOW_MAPS_EL2 = {"a1": (2, 0), "a2": (1, 3)}
    S2_WINDOW = (0, 2, 3, 1)

    def __init__(self, rng, el):
        self.el = el
        self.stage2 = el < 2
        grains = ("1G", "2M", "4K")
        self.s1 = "4K" if el == 0 else rng.choice(grains)
        self.s2 = rng.choice(grains) if self.stage2 else None
        self.vmid = rng.randint(1, 255)
        self.asid = {"a": rng.randint(1, 127), "b": rng.randint(128, 255)}
        self.scratch_attr = rng.choice([1, 2])  # MAIR attr1 Normal WB, attr2 Normal NC
        self.roots = ("a", "b") if el == 1 else ("a",)
        # IPA - PA of the image's tables (stage-1 descriptors and TTBR0_EL1 hold IPAs).
        self.to_ipa = RAM_IPA - RAM_PA if self.stage2 else 0
        attr = (self.scratch_attr << 2) | (3 << 8) | (1 << 10) | 3
        if self.stage2:
            attr |= self.AP_EL0 | self.NG | self.UXN | self.PXN
        else:
            attr |= self.UXN
        self.window_attr = attr

    def describe(self):
        text = f"stage 1 {self.s1}"
        if self.stage2:
            text += (f", stage 2 {self.s2}, VMID {self.vmid}, ASIDs "
                     f"{', '.join(str(self.asid[r]) for r in self.roots)}")
        return text + f", scratch MAIR attr{self.scratch_attr}"

    def window_desc(self, page):
        """The stage-1 window descriptor that maps to page `page` (0-3), as assembler text."""
        if self.stage2:
            return f"0x{WINDOW_IPA + (page << 12) | self.window_attr:x}"
        return f"scratch_pa + 0x{(page << 12) + self.window_attr:x}"

    def ttbr0(self, root):
        """TTBR0_EL1 - the address of root's level-1 table: the IPA offset and ASID."""
        return (self.asid[root] << 48) + self.to_ipa

    def s1_attrs(self):
        """(code, data, code and data, device) lower and upper attributes of stage 1."""
        xn = self.UXN if self.el == 2 else self.UXN | self.PXN
        if self.el == 2:
            return (self.S1_NORMAL | self.AP_RO, self.S1_NORMAL | xn, self.S1_NORMAL,
                    self.S1_DEVICE | xn)
        if self.el == 1:
            return (self.S1_NORMAL | self.AP_RO | self.UXN, self.S1_NORMAL | self.NG | xn,
                    self.S1_NORMAL, self.S1_DEVICE | xn)
        # EL0: code read-only at EL0 and EL1 (executable at both), data and the UART
        # read/write at EL0 (so PXN, implied at EL1 anyway).
        return (self.S1_NORMAL | self.AP_RO | self.AP_EL0,
                self.S1_NORMAL | self.AP_EL0 | self.NG | xn, None,
                self.S1_DEVICE | self.AP_EL0 | xn)

    def equs(self):
        code, data, _, _ = self.s1_attrs()
        return {
            "S1_IMG_L3": int(self.s1 == "4K"), "S2_IMG_L3": int(self.s2 == "4K"),
            "S1_IMG_OUT": IMAGE_2M - RAM_PA + (RAM_IPA if self.stage2 else RAM_PA),
            "S1_CODE_ATTR": code | 3, "S1_DATA_ATTR": data | 3,
            "S2_CODE_ATTR": self.S2_NORMAL_RO | 3, "S2_DATA_ATTR": self.S2_NORMAL | self.S2_XN | 3,
            "TTBR0_EL1_ADD": self.ttbr0("a"), "VTTBR_VMID": self.vmid << 48,
            "ASID_A": self.asid["a"], "WINDOW_IPA": WINDOW_IPA,
            "OFF_SVC1": OFF_SVC1, "OFF_SVC2": OFF_SVC2,
        }

    @staticmethod
    def table(w, label, entries, align=4096):
        """A 4 KiB table: entries {index: assembler expression}, zero elsewhere."""
        w(f"    .balign {align}")
        w(f"{label}:")
        pos = 0
        for i in sorted(entries):
            if i > pos:
                w(f"    .fill {i - pos}, 8, 0")
            w(f"    .quad {entries[i]}")
            pos = i + 1
        if pos < 512:
            w(f"    .fill {512 - pos}, 8, 0")

    def emit_tables(self, w):
        code, data, both, device = self.s1_attrs()
        ram_out = RAM_IPA if self.stage2 else RAM_PA

        def tbl(label, off=0):
            return f"{label} + 0x{off + 3:x}"
        for root in self.roots:
            l1 = {UART_PA >> 30: f"0x{device | 1:x}",
                  WINDOW_VA >> 30: tbl(f"s1_l2_window_{root}", self.to_ipa)}
            if self.s1 == "1G":
                l1[RAM_PA >> 30] = f"0x{ram_out | both | 1:x}"
            else:
                l1[RAM_PA >> 30] = tbl("s1_l2_ram", self.to_ipa)
            self.table(w, "s1_l1" if root == "a" else f"s1_l1_{root}", l1)
        if self.s1 != "1G":
            blk = both if self.s1 == "2M" else data
            l2 = {i: f"0x{ram_out + (i << 21) | blk | 1:x}" for i in range(RAM_SIZE >> 21)}
            if self.s1 == "4K":
                l2[(IMAGE_2M - RAM_PA) >> 21] = tbl("s1_l3_image", self.to_ipa)
            self.table(w, "s1_l2_ram", l2)
            if self.s1 == "4K":
                self.table(w, "s1_l3_image", {})  # filled by the boot code
        maps = self.WINDOW_MAPS if self.stage2 else self.WINDOW_MAPS_EL2
        for root in self.roots:
            self.table(w, f"s1_l2_window_{root}", {0: tbl(f"s1_l3_window_{root}1", self.to_ipa)})
            for n in (1, 2):
                self.table(w, f"s1_l3_window_{root}{n}",
                           {i: self.window_desc(p) for i, p in enumerate(maps[f"{root}{n}"])},
                           8192 if n == 1 else 4096)
        if not self.stage2:
            return
        self.table(w, "s2_l1", {
            UART_PA >> 30: tbl("s2_l2_device"),
            RAM_IPA >> 30: (f"0x{RAM_PA | self.S2_NORMAL | 1:x}" if self.s2 == "1G"
                            else tbl("s2_l2_ram")),
            WINDOW_IPA >> 30: tbl("s2_l2_window")})
        self.table(w, "s2_l2_device", {UART_PA >> 21: f"0x{UART_PA | self.S2_DEVICE | 1:x}"})
        if self.s2 != "1G":
            l2 = {i: f"0x{RAM_PA + (i << 21) | self.S2_NORMAL | 1:x}"
                  for i in range(RAM_SIZE >> 21)}
            if self.s2 == "4K":
                l2[(IMAGE_2M - RAM_PA) >> 21] = tbl("s2_l3_image")
            self.table(w, "s2_l2_ram", l2)
            if self.s2 == "4K":
                self.table(w, "s2_l3_image", {})  # filled by the boot code
        self.table(w, "s2_l2_window", {0: tbl("s2_l3_window")})
        s2 = self.S2_NORMAL | self.S2_XN | 3
        self.table(w, "s2_l3_window", {i: f"scratch_pa + 0x{(p << 12) + s2:x}"
                                       for i, p in enumerate(self.S2_WINDOW)})


def gen_image(seed, blocks, insns, el, hcr_mode, full, mmu_on=False):
    rng = random.Random(seed * 1000003 + el)
    if el == 1 and hcr_mode == "random":
        hcr = 0
        for bit in HCR_TRAPS.values():
            if rng.random() < 0.5:
                hcr |= bit
    elif hcr_mode in ("random", "none"):
        hcr = 0
    else:
        hcr = int(hcr_mode, 0)
    hcr |= HCR_RW
    mmu = None
    if mmu_on:
        mmu = MmuMap(rng, el)
        if mmu.stage2:
            hcr |= HCR_VM
    g = Gen(rng, el, hcr)
    g.mmu_on = mmu_on
    g.mmu = mmu
    o = []
    w = o.append
    w(f"// Generated by tests/conformance/risugen.py --seed {seed} --blocks {blocks} "
      f"--insns {insns} --el {el} hcr=0x{hcr:x}{' --full' if full else ''}"
      f"{' --mmu on: ' + mmu.describe() if mmu else ''}")
    w(f".equ FULL_DUMP, {1 if full else 0}")
    w(f".equ TEST_EL, {el}")
    w(f".equ HCR_VALUE, 0x{hcr:x}")
    w(f".equ MMU_ON, {1 if mmu_on else 0}")
    if mmu:
        for k, v in mmu.equs().items():
            w(f".equ {k}, 0x{v:x}")
    w(PRELUDE)
    w("    .text")
    w("    .balign 4")
    w("test_body:")
    w("    RESTORE_V")      # V0-V31, NZCV, X0-X30 from the seeded state area
    w("    RESTORE_GPRS")
    for b in range(blocks):
        w(f"    .global block_{b}")
        w(f"block_{b}:")
        o.extend(g.gen_block(b, insns))
        w(f"    .global block_{b}_end")
        w(f"block_{b}_end:")
        w(f"    SAVE_AND_DUMP {b}")
        if g.literals:
            w("    b 1f")
            w("    .balign 8")
            for lab, d in g.literals:
                w(f"{lab}: {d}")
            w("1:")
    w("    b test_end")
    w("    .ltorg")
    # Seeded initial state.
    w("    .data")
    w("    .balign 4096")
    w("    .global state")
    w("state:")
    for i in range(31):
        w(f"    .quad 0x{g.rand64():016x}")
    w(f"    .quad 0x{rng.getrandbits(4) << 28:x}")  # NZCV
    for i in range(32):
        w(f"    .quad 0x{rng.getrandbits(64):016x}, 0x{rng.getrandbits(64):016x}")
    w(f"    .fill {STATE_SIZE - OFF_EXC1}, 1, 0")
    if mmu:
        emit_mmu_data(w, rng, mmu)
        return "\n".join(o) + "\n"
    w("    .balign 4096")
    w("    .global page_table")
    w("page_table:")  # level 1, 4 KiB granule, T0SZ = 32: 1 GiB blocks
    w("    .quad 0x0040000000000401")  # 0x00000000: Device-nGnRnE (attr 0), AF, (U)XN
    w("    .quad 0x0000000040000705")  # 0x40000000: Normal WB (attr 1), inner shareable, AF
    w("    .fill 510, 8, 0")
    w("    .balign 4096")
    w("    .global scratch")
    w("scratch:")
    for i in range(SCRATCH_SIZE // 8):
        w(f"    .quad 0x{rng.getrandbits(64):016x}")
    w("    .balign 4096")
    return "\n".join(o) + "\n"


def emit_mmu_data(w, rng, mmu):
    """The tables and the scratch buffer's physical pages P0-P3 of the MMU-on
    variant: the buffer's first half at P2 + 0x800, its second half at P0, seeded
    random data in the rest of the four pages (what an access translated with the
    wrong page would read)."""
    mmu.emit_tables(w)
    buf = [rng.getrandbits(64) for _ in range(SCRATCH_SIZE // 8)]
    half = PAGE_CROSS // 8
    fill = [rng.getrandbits(64) for _ in range(4 * 512 - len(buf))]
    pages = [buf[half:] + fill[0:512 - half], fill[512 - half:1024 - half],
             fill[1024 - half:1536 - 2 * half] + buf[:half], fill[1536 - 2 * half:]]
    w("    .balign 4096")
    w("    .global scratch_pa")
    w("scratch_pa:")
    for page in pages:
        assert len(page) == 512
        for v in page:
            w(f"    .quad 0x{v:016x}")
    w("    .global image_end")
    w("image_end:")
    w("    .global scratch")
    w(f"    .set scratch, 0x{SCRATCH_VA:x}")


# The console routines of every generated image (gic_diff.py's too): putc (w0),
# puthex (x0, x1 digits), putdec2 (x0 < 100) and putstr (x0), on the PL011 at 0x09000000.
CONSOLE = r"""// w0: character.  PL011 data register, waiting while the TX FIFO is full.
putc:
    mov x9, #0x09000000
1:  ldr w10, [x9, #0x18]
    tbnz w10, #5, 1b
    str w0, [x9]
    ret

// x0: value, x1: number of hex digits.
puthex:
    mov x11, x30
    mov x12, x0
    mov x13, x1
1:  sub x13, x13, #1
    lsl x14, x13, #2
    lsr x0, x12, x14
    and x0, x0, #0xf
    cmp x0, #10
    add x15, x0, #'0'
    add x0, x0, #('a' - 10)
    csel x0, x15, x0, lo
    bl putc
    cbnz x13, 1b
    mov x30, x11
    ret

// x0: 0..99, two decimal digits.
putdec2:
    mov x11, x30
    mov x14, #10
    udiv x12, x0, x14
    msub x13, x12, x14, x0
    add x0, x12, #'0'
    bl putc
    add x0, x13, #'0'
    bl putc
    mov x30, x11
    ret

putstr:  // x0: NUL-terminated string
    mov x16, x30
    mov x17, x0
1:  ldrb w0, [x17], #1
    cbz w0, 2f
    bl putc
    b 1b
2:  mov x30, x16
    ret
"""

# How every generated image ends (gic_diff.py's and sysreg_diff.py's too): finish
# prints END, the runners' sign of a complete run, and turns the machine off with PSCI
# SYSTEM_OFF.
FINISH = r"""finish:
    adr x0, end_msg
    bl putstr
    movz x0, #0x0008
    movk x0, #0x8400, lsl #16
    smc #0
    b .
end_msg:
    .asciz "END\n"
    .balign 4
"""

PRELUDE = r"""
// ---------------------------------------------------------------- runtime
.equ OFF_NZCV, 248
.equ OFF_V, 256
.equ OFF_EXC1, 768
.equ OFF_EXC2, 808
.equ OFF_TMP1, 848
.equ OFF_TMP2, 880
.equ STATE_HASHED, 848
.equ SCRATCH_SIZE, 4096

// Block end: save X0-X30 and NZCV into the state area (SP), print the state of
// block \n, restore everything.  V registers are stored by dump_state.
.macro SAVE_AND_DUMP n
    stp x0, x1, [sp, #0]
    stp x2, x3, [sp, #16]
    stp x4, x5, [sp, #32]
    stp x6, x7, [sp, #48]
    stp x8, x9, [sp, #64]
    stp x10, x11, [sp, #80]
    stp x12, x13, [sp, #96]
    stp x14, x15, [sp, #112]
    stp x16, x17, [sp, #128]
    stp x18, x19, [sp, #144]
    stp x20, x21, [sp, #160]
    stp x22, x23, [sp, #176]
    stp x24, x25, [sp, #192]
    stp x26, x27, [sp, #208]
    stp x28, x29, [sp, #224]
    str x30, [sp, #240]
    mrs x0, nzcv
    str w0, [sp, #OFF_NZCV]
    mrs x0, fpsr                // QC and the cumulative FP flags, hashed with NZCV,
    str w0, [sp, #OFF_NZCV + 4] // then cleared: each block shows its own saturations
    msr fpsr, xzr
    mov x0, #\n
    bl dump_state
    RESTORE_GPRS
.endm

.macro RESTORE_GPRS
    ldr w0, [sp, #OFF_NZCV]
    msr nzcv, x0
    ldp x0, x1, [sp, #0]
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x14, x15, [sp, #112]
    ldp x16, x17, [sp, #128]
    ldp x18, x19, [sp, #144]
    ldp x20, x21, [sp, #160]
    ldp x22, x23, [sp, #176]
    ldp x24, x25, [sp, #192]
    ldp x26, x27, [sp, #208]
    ldp x28, x29, [sp, #224]
    ldr x30, [sp, #240]
.endm

.macro RESTORE_V
    ldp q0, q1, [sp, #OFF_V + 0]
    ldp q2, q3, [sp, #OFF_V + 32]
    ldp q4, q5, [sp, #OFF_V + 64]
    ldp q6, q7, [sp, #OFF_V + 96]
    ldp q8, q9, [sp, #OFF_V + 128]
    ldp q10, q11, [sp, #OFF_V + 160]
    ldp q12, q13, [sp, #OFF_V + 192]
    ldp q14, q15, [sp, #OFF_V + 224]
    ldp q16, q17, [sp, #OFF_V + 256]
    ldp q18, q19, [sp, #OFF_V + 288]
    ldp q20, q21, [sp, #OFF_V + 320]
    ldp q22, q23, [sp, #OFF_V + 352]
    ldp q24, q25, [sp, #OFF_V + 384]
    ldp q26, q27, [sp, #OFF_V + 416]
    ldp q28, q29, [sp, #OFF_V + 448]
    ldp q30, q31, [sp, #OFF_V + 480]
.endm

    .section .text.boot, "ax"
    .global _start
_start:
    adrp x0, state
    add x0, x0, #:lo12:state
    mov sp, x0
    msr sp_el1, x0
    msr sp_el0, x0
    adr x1, vectors_el2
    msr vbar_el2, x1
    adr x1, vectors_el1
    msr vbar_el1, x1
    ldr x1, =HCR_VALUE
    msr hcr_el2, x1
    ldr x1, =0x30C50830         // SCTLR_EL2: RES1, MMU/caches/alignment checks off
    msr sctlr_el2, x1
    ldr x1, =0x30D00800         // SCTLR_EL1: RES1, MMU off, EL0 cache/WFx/DAIF traps on
    msr sctlr_el1, x1
    mov x1, #0x33FF             // CPTR_EL2: RES1, no traps
    msr cptr_el2, x1
    mov x1, #(3 << 20)          // CPACR_EL1.FPEN = 0b11
    msr cpacr_el1, x1
    msr vttbr_el2, xzr
    msr mdcr_el2, xzr
    msr hstr_el2, xzr
    msr tpidr_el0, xzr
    msr tpidrro_el0, xzr
    msr tpidr_el1, xzr
    msr tpidr_el2, xzr
    msr ttbr0_el1, xzr
    msr ttbr1_el1, xzr
    msr mair_el1, xzr
    msr contextidr_el1, xzr
    msr fpcr, xzr
    msr fpsr, xzr
    msr daifset, #0xf
    isb
.if MMU_ON
    // The MMU-on variant: risugen.py's tables (MmuMap), the image's level-3 tables
    // filled here. MAIR attr0 Device-nGnRnE, attr1 Normal WB, attr2 Normal NC.
    ldr x1, =image_end
    mov x2, #0x40400000
    cmp x1, x2
    b.hi image_too_large            // the level-3 tables cover the image's 2 MiB
.if S1_IMG_L3
    adrp x1, s1_l3_image
    ldr x2, =S1_IMG_OUT
    ldr x3, =S1_CODE_ATTR
    ldr x4, =S1_DATA_ATTR
    bl fill_l3
.endif
.if S2_IMG_L3
    adrp x1, s2_l3_image
    mov x2, #0x40200000
    ldr x3, =S2_CODE_ATTR
    ldr x4, =S2_DATA_ATTR
    bl fill_l3
.endif
    ldr x2, =0x44ff00
    adrp x1, s1_l1
.if TEST_EL == 2
    msr mair_el2, x2
    msr ttbr0_el2, x1
    ldr x2, =0x80823520         // TCR_EL2: RES1, PS 40-bit, 4K, SH/RGN WB, T0SZ 32
    msr tcr_el2, x2
    tlbi alle2
    dsb sy
    isb
    ldr x1, =0x30C51835         // SCTLR_EL2 + M, C, I
    msr sctlr_el2, x1
.else
    // Stage 1 (its tables at their IPAs, ASID from the seed), then stage 2
    // (HCR_EL2.VM is in HCR_VALUE).
    msr mair_el1, x2
    ldr x2, =TTBR0_EL1_ADD
    add x1, x1, x2
    msr ttbr0_el1, x1
    ldr x2, =0x280803520        // TCR_EL1: IPS 40-bit, TG1 4K, EPD1, 4K, WB, T0SZ 32
    msr tcr_el1, x2
    adrp x1, s2_l1
    ldr x2, =VTTBR_VMID
    orr x1, x1, x2
    msr vttbr_el2, x1
    ldr x2, =0x80023560         // VTCR_EL2: RES1, PS 40-bit, 4K, SH/RGN WB, SL0 level 1, T0SZ 32
    msr vtcr_el2, x2
    tlbi alle1
    dsb sy
    isb
    ldr x1, =0x30D01805         // SCTLR_EL1 + M, C, I
    msr sctlr_el1, x1
.endif
    isb
.endif
.if TEST_EL == 2
    b test_body
.else
    adr x1, test_body
    msr elr_el2, x1
.if TEST_EL == 1
    mov x1, #0x3c5              // EL1h, DAIF masked
.else
    mov x1, #0x3c0              // EL0t, DAIF masked
.endif
    msr spsr_el2, x1
    isb
    eret
.endif
    .ltorg

.if MMU_ON
// x1: a level-3 table for VA 0x40200000-0x403fffff, x2: the output address of its
// first page, x3/x4: the attributes of the pages below `state` (code) and from it.
fill_l3:
    adrp x5, state
    mov x6, #0x40200000
    mov x7, #512
1:  cmp x6, x5
    csel x8, x3, x4, lo
    orr x8, x8, x2
    str x8, [x1], #8
    add x2, x2, #0x1000
    add x6, x6, #0x1000
    subs x7, x7, #1
    b.ne 1b
    ret

image_too_large:                    // off without "END": run_conf.py reports it
    adr x0, too_large_msg
    bl putstr
    movz x0, #0x0008
    movk x0, #0x8400, lsl #16
    smc #0
    b .
too_large_msg:
    .asciz "IMAGE TOO LARGE FOR THE MMU MAP\n"
    .balign 4
.endif

// x0 = block number, X0-X30/NZCV already in the state area.  Stores V0-V31,
// hashes the state and the scratch buffer, prints, then restores X0-X30/NZCV and
// returns to the block end (x30 on entry).
dump_state:
    mov x28, x30
    mov x27, x0
    stp q0, q1, [sp, #OFF_V + 0]
    stp q2, q3, [sp, #OFF_V + 32]
    stp q4, q5, [sp, #OFF_V + 64]
    stp q6, q7, [sp, #OFF_V + 96]
    stp q8, q9, [sp, #OFF_V + 128]
    stp q10, q11, [sp, #OFF_V + 160]
    stp q12, q13, [sp, #OFF_V + 192]
    stp q14, q15, [sp, #OFF_V + 224]
    stp q16, q17, [sp, #OFF_V + 256]
    stp q18, q19, [sp, #OFF_V + 288]
    stp q20, q21, [sp, #OFF_V + 320]
    stp q22, q23, [sp, #OFF_V + 352]
    stp q24, q25, [sp, #OFF_V + 384]
    stp q26, q27, [sp, #OFF_V + 416]
    stp q28, q29, [sp, #OFF_V + 448]
    stp q30, q31, [sp, #OFF_V + 480]
    // FNV-1a over 64-bit words: the hashed state, then the scratch buffer.
    ldr x20, =0xcbf29ce484222325
    ldr x21, =0x100000001b3
    mov x1, sp
    mov x2, #(STATE_HASHED / 8)
    bl hash_words
    mov x26, x20                        // (state hash, for the full dump)
.if MMU_ON
    ldr x1, =scratch                    // through the window
.else
    adrp x1, scratch
    add x1, x1, #:lo12:scratch
.endif
    mov x2, #(SCRATCH_SIZE / 8)
    bl hash_words
    mov w0, #'B'
    bl putc
    mov x0, x27
    mov x1, #4
    bl puthex
    mov w0, #' '
    bl putc
    mov x0, x20
    mov x1, #16
    bl puthex
    mov w0, #'\n'
    bl putc
.if FULL_DUMP
    bl dump_full
.endif
    mov x30, x28
    ret

// x1 = address, x2 = words; x20 = hash in/out, x21 = FNV prime.
hash_words:
1:  ldr x3, [x1], #8
    eor x20, x20, x3
    mul x20, x20, x21
    subs x2, x2, #1
    b.ne 1b
    ret

.if FULL_DUMP
// Every register, one per line: " x07 0123456789abcdef".
dump_full:
    mov x25, x30
    mov x24, #0
1:  mov w0, #' '
    bl putc
    mov w0, #'x'
    bl putc
    mov x0, x24
    mov x1, #2
    bl putdec2
    mov w0, #' '
    bl putc
    ldr x0, [sp, x24, lsl #3]
    mov x1, #16
    bl puthex
    mov w0, #'\n'
    bl putc
    add x24, x24, #1
    cmp x24, #32                        // x0..x30, then NZCV (slot 31)
    b.ne 1b
    mov x24, #0
2:  mov w0, #' '
    bl putc
    mov w0, #'v'
    bl putc
    mov x0, x24
    mov x1, #2
    bl putdec2
    mov w0, #' '
    bl putc
    add x23, sp, #OFF_V
    add x23, x23, x24, lsl #4
    ldr x0, [x23, #8]
    mov x1, #16
    bl puthex
    ldr x0, [x23]
    mov x1, #16
    bl puthex
    mov w0, #'\n'
    bl putc
    add x24, x24, #1
    cmp x24, #32
    b.ne 2b
    // exception logs: count, last ESR, last ELR, hash, last SPSR (EL1 then EL2)
    mov x24, #0
3:  mov w0, #' '
    bl putc
    mov w0, #'e'
    bl putc
    mov x0, x24
    mov x1, #2
    bl putdec2
    mov w0, #' '
    bl putc
    add x23, sp, #OFF_EXC1
    ldr x0, [x23, x24, lsl #3]
    mov x1, #16
    bl puthex
    mov w0, #'\n'
    bl putc
    add x24, x24, #1
    cmp x24, #10
    b.ne 3b
    mov w0, #' '
    bl putc
    mov w0, #'s'
    bl putc
    mov w0, #' '
    bl putc
    mov x0, x20
    mov x1, #16
    bl puthex
    mov w0, #'\n'
    bl putc
    mov x30, x25
    ret
.endif

""" + CONSOLE + r"""
// Every test path ends here, at TEST_EL: back to EL2 and off.
test_end:
.if TEST_EL == 2
    b finish
.elseif TEST_EL == 1
    hvc #0xffff
.else
    svc #0xffff
.endif
    b .

""" + FINISH + r"""bad_msg:
    .asciz "UNEXPECTED EXCEPTION\n"
    .balign 4
.if MMU_ON
abort_msg:
    .asciz "UNEXPECTED ABORT, ESR "
    .balign 4
.endif

unexpected:
    adr x0, bad_msg
    bl putstr
    b finish

// Synchronous exception handlers: log ESR/ELR/SPSR, resume after the
// instruction (SVC/HVC already point past it).  SVC #0xffff (EL0) and HVC
// #0xffff (EL1) are the end-of-test calls.  SP_ELx all point at the state area.
.if MMU_ON
// The handlers' services for g_remap (risugen.py), with x0 = ESR, x1 = EC, x2 = the
// immediate; they keep x0 and x1 (and the log, after them, takes them as any SVC/HVC).  EL1: SVC #0xfffb/#0xfffc switch root a's window
// entry to its other level-3 table (TLBI VMALLE1IS / ASIDE1IS); #0xfffd/#0xfffe are
// passed on to EL2 as HVC.  EL2: HVC #0xfffd/#0xfffe rotate stage 2's window entries
// (TLBI VMALLS12E1IS / IPAS2E1IS for each page, then VMALLE1IS).
.macro SERVICE_EL1
    cmp x1, #0x15
    b.ne 6f
    mov x3, #0xfffb
    subs x3, x2, x3
    b.lo 6f                         // x3: 0-3 for #0xfffb-#0xfffe
    cmp x3, #2
    b.hs 5f
    str x4, [sp, #OFF_SVC1]
    adrp x2, s1_l2_window_a
    add x2, x2, #:lo12:s1_l2_window_a
    ldr x4, [x2]
    str xzr, [x2]
    dsb ishst
    cbz x3, 7f
    movz x3, #ASID_A, lsl #48
    tlbi aside1is, x3
    b 8f
7:  tlbi vmalle1is
8:  dsb ish
    eor x4, x4, #0x1000             // the other table of the pair
    str x4, [x2]
    dsb ish
    isb
    ldr x4, [sp, #OFF_SVC1]
    b 6f
5:  b.ne 9f
    hvc #0xfffd
    b 6f
9:  hvc #0xfffe
6:
.endm

.macro SERVICE_EL2
    cmp x1, #0x16
    b.ne 6f
    mov x3, #0xfffd
    subs x3, x2, x3
    b.lo 6f                         // x3: 0 for #0xfffd, 1 for #0xfffe
    str x4, [sp, #OFF_SVC2]
    str x5, [sp, #OFF_SVC2 + 8]
    str x6, [sp, #OFF_SVC2 + 16]
    str x7, [sp, #OFF_SVC2 + 24]
    adrp x2, s2_l3_window
    add x2, x2, #:lo12:s2_l3_window
    ldp x4, x5, [x2]
    ldp x6, x7, [x2, #16]
    stp xzr, xzr, [x2]
    stp xzr, xzr, [x2, #16]
    dsb ishst
    cbz x3, 7f
    mov x3, #(WINDOW_IPA >> 12)
    tlbi ipas2e1is, x3
    add x3, x3, #1
    tlbi ipas2e1is, x3
    add x3, x3, #1
    tlbi ipas2e1is, x3
    add x3, x3, #1
    tlbi ipas2e1is, x3
    dsb ish
    tlbi vmalle1is
    b 8f
7:  tlbi vmalls12e1is
8:  dsb ish
    stp x5, x6, [x2]                // IPA page i -> what page i + 1 mapped to
    stp x7, x4, [x2, #16]
    dsb ish
    isb
    ldr x7, [sp, #OFF_SVC2 + 24]
    ldr x6, [sp, #OFF_SVC2 + 16]
    ldr x5, [sp, #OFF_SVC2 + 8]
    ldr x4, [sp, #OFF_SVC2]
6:
.endm
.endif

.macro SYNC_HANDLER el, log, tmp
    // NZCV := 0 first (ERET restores the flags from SPSR): QEMU 7.2 clears NZCV on
    // exception entry, the architecture keeps them, and a trapped ESR_EL1 read
    // (HCR_EL2.TRVM) below would show the difference in SPSR_EL2.
    msr nzcv, xzr
    str x0, [sp, #\tmp]
    str x1, [sp, #\tmp + 8]
    str x2, [sp, #\tmp + 16]
    str x3, [sp, #\tmp + 24]
esr_read_el\el:                     // trapped to EL2 by HCR_EL2.TRVM: EL2 emulates it
    mrs x0, esr_el\el
    ubfx x1, x0, #26, #6
.if MMU_ON
    // No access is meant to fault: EC 0x20-0x26 (aborts, PC and SP alignment) end
    // the test with a line that run_conf.py reports.
    sub x3, x1, #0x20
    cmp x3, #6
    b.hi 3f
    mov x24, x0
    adr x0, abort_msg
    bl putstr
    mov x0, x24
    mov x1, #8
    bl puthex
    mov w0, #'\n'
    bl putc
.if \el == 2
    b finish
.else
    hvc #0xffff
.endif
3:
.if TEST_EL < 2
    and x2, x0, #0xffff
    SERVICE_EL\el
.endif
.endif
    and x2, x0, #0xffff
    mov x3, #0xffff
    cmp x2, x3
    b.ne 1f
.if \el == 2
    cmp x1, #0x16                   // HVC #0xffff: end of test
    b.eq finish
.else
    cmp x1, #0x15                   // SVC #0xffff from EL0: on to EL2
    b.ne 1f
    hvc #0xffff
.endif
1:  ldr x2, [sp, #\log]
    add x2, x2, #1
    str x2, [sp, #\log]
    str x0, [sp, #\log + 8]
    mrs x2, elr_el\el
    str x2, [sp, #\log + 16]
    ldr x3, [sp, #\log + 24]
    ror x3, x3, #13
    eor x3, x3, x0
    ror x3, x3, #13
    eor x3, x3, x2
    mrs x2, spsr_el\el
    str x2, [sp, #\log + 32]
    ror x3, x3, #13
    eor x3, x3, x2
    str x3, [sp, #\log + 24]
    cmp x1, #0x15
    b.eq 2f
    cmp x1, #0x16
    b.eq 2f
    mrs x2, elr_el\el
    add x2, x2, #4
    msr elr_el\el, x2
    sub x2, x2, #4
.if \el == 2
    // The EL1 handler's own ESR_EL1 read, trapped by TRVM: give it ESR_EL1.
    adr x3, esr_read_el1
    cmp x2, x3
    b.ne 2f
    mrs x3, esr_el1
    str x3, [sp, #\tmp]
.endif
2:  ldr x3, [sp, #\tmp + 24]
    ldr x2, [sp, #\tmp + 16]
    ldr x1, [sp, #\tmp + 8]
    ldr x0, [sp, #\tmp]
    eret
.endm

.macro VECTORS el
    .balign 0x800
vectors_el\el:
    .set vi, 0
    .rept 16
    .balign 0x80
    .if (vi == 4) || (vi == 8)
    b sync_el\el
    .else
    b unexpected
    .endif
    .set vi, vi + 1
    .endr
sync_el\el:
    SYNC_HANDLER \el, OFF_EXC\el, OFF_TMP\el
.endm

    VECTORS 2
    VECTORS 1
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--blocks", type=int, default=200)
    ap.add_argument("--insns", type=int, default=24, help="random instructions per block")
    ap.add_argument("--el", type=int, choices=(0, 1, 2), default=2)
    ap.add_argument("--hcr-traps", default="random",
                    help="HCR_EL2 trap bits at EL1: random (from the seed), none, or a mask")
    ap.add_argument("--mmu", choices=("off", "on"), default="off",
                    help="on: stage-1 translation for the test EL's regime, and stage 2 at "
                         "EL0/EL1, with unaligned and page-crossing accesses")
    ap.add_argument("--full", action="store_true", help="print every register per block")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    text = gen_image(a.seed, a.blocks, a.insns, a.el, a.hcr_traps, a.full, a.mmu == "on")
    with open(a.output, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
