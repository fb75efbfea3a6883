#!/usr/bin/python3
"""Random A64 instruction-sequence generator (in the spirit of QEMU's risu).

Writes one self-contained AArch64 assembly file from a seed.  The image, linked
with tests/conformance/link.ld, starts at EL2 (QEMU -kernel and el2sim --kernel),
initialises X0-X30, NZCV, V0-V31 and a 4 KiB scratch buffer from the seed, drops
to the chosen exception level, and runs N blocks of random valid A64
instructions.  After each block it prints

    B<block, 4 hex digits> <64-bit FNV-1a hash of the architectural state>

where the state is X0-X30, NZCV, V0-V31, the per-EL exception logs (count, last
ESR, last ELR, a hash of every ESR/ELR/SPSR taken) and the scratch buffer.  With
--full it also prints every register (used by run_conf.py to show both states
of the first differing block).  It ends with "END" and PSCI SYSTEM_OFF.

Rules the generator keeps (the same image must be architecturally
deterministic):  no UNPREDICTABLE or CONSTRAINED UNPREDICTABLE encodings
(writeback with Rn == Rt, LDP with Rt == Rt2, exclusive status register equal
to a data or base register, ...), every data access inside the scratch buffer and
aligned to its size (the MMU is off, so memory is Device: unaligned accesses
fault), SP is never touched by random code (it points at the state area), and
instructions that would observe IMPLEMENTATION DEFINED state (ID registers,
ACTLR, CTR, WFI without a trap, SMC without HCR_EL2.TSC) are emitted only where a
trap makes the outcome architectural.  Branches are forward and stay in the
block.  Exceptions go to the handlers in the image, which log ESR/ELR/SPSR into
the state and resume after the instruction.

Usage: risugen.py --seed N [--blocks 200] [--insns 24] [--el 0|1|2]
                  [--hcr-traps random|none|0xMASK] [--full] [--mmu off] -o out.S
Python 3 standard library only; the output is a function of the arguments.
"""
import argparse
import random
import sys

SCRATCH_SIZE = 4096
# State area layout (byte offsets from SP, which points at `state`).
OFF_X = 0          # x0..x30
OFF_NZCV = 248
OFF_V = 256        # v0..v31, 16 bytes each
OFF_EXC1 = 768     # EL1 log: count, last ESR, last ELR, hash, last SPSR
OFF_EXC2 = 808     # EL2 log
OFF_TMP = 848      # handler scratch (not hashed): EL1 handler, then EL2 handler
STATE_HASHED = 848
STATE_SIZE = 1024

HCR_RW = 1 << 31
# Trap bits the EL1 variant draws from (Arm ARM D13.2.46, HCR_EL2).
HCR_TRAPS = {
    "TWI": 1 << 13, "TWE": 1 << 14, "TID1": 1 << 16, "TID2": 1 << 17, "TID3": 1 << 18,
    "TSC": 1 << 19, "TACR": 1 << 21, "TSW": 1 << 22, "TPC": 1 << 23, "TPU": 1 << 24,
    "TTLB": 1 << 25, "TVM": 1 << 26, "TRVM": 1 << 30,
}

COND = ["eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
        "al"]


def enc(pattern, **fields):
    """Fill a 32-character pattern (bit 31 first) from named one-letter fields."""
    assert len(pattern) == 32, pattern
    word = 0
    widths = {}
    for ch in pattern:
        if ch not in "01":
            widths[ch] = widths.get(ch, 0) + 1
    pos = dict(widths)
    for ch in pattern:
        word <<= 1
        if ch == "1":
            word |= 1
        elif ch != "0":
            pos[ch] -= 1
            value = fields[ch]
            assert 0 <= value < (1 << widths[ch]), (pattern, ch, value)
            word |= (value >> pos[ch]) & 1
    return word


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

    def set_addr(self, n, offset):
        """Xn = scratch + offset (ADRP + ADD)."""
        self.emit(f"adrp x{n}, scratch")
        self.emit(f"add x{n}, x{n}, #:lo12:scratch")
        if offset >= 0:
            self.emit(f"add x{n}, x{n}, #{offset}")
        else:
            self.emit(f"sub x{n}, x{n}, #{-offset}")

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
            self.set_addr(n, base)
            w = enc("ss111001ooiiiiiiiiiiiinnnnnttttt", s=size, o=opc, i=imm, n=n, t=t)
        else:
            imm = self.r(-256 // nbytes, 255 // nbytes) * nbytes
            base = self.r(256, SCRATCH_SIZE - 256 - 8) & ~(nbytes - 1)
            self.set_addr(n, base)
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
        self.set_addr(n, base)
        if option == 2:  # UXTW: junk above bit 31, index non-negative
            idx = abs(idx)
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
        self.set_addr(n, self.r(512, 2048) & ~(nbytes - 1))
        w = enc("oo10100fffiiiiiiiuuuuunnnnnttttt", o=opc, f=(form << 1) | load, i=imm & 0x7F,
                u=t2, n=n, t=t)
        self.inst(w, f"load/store pair {nbytes}B")

    def g_ldst_lit(self, blk):
        lab = self.new_label(blk)
        opc = self.r(0, 2)
        t = self.reg()
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
        if k == 2 and size >= 2:  # LD(A)XP / ST(L)XP, aligned to the pair
            t2 = self.reg(avoid=(t, n))
            self.set_addr(n, self.r(0, 63) * 2 * nbytes)
            self.emit(f"ld{a}xp {name(t)}, {name(t2)}, [x{n}]")
            d1, d2 = self.reg(), self.reg()
            s_ = self.reg(zr=False, avoid=(d1, d2, n))
            self.emit(f"st{l}xp w{s_}, {name(d1)}, {name(d2)}, [x{n}]")
            return
        self.set_addr(n, self.r(0, 2047) & ~(nbytes - 1))
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
            self.set_addr(n, self.r(0, SCRATCH_SIZE // 2) & ~(nbytes - 1))
            w = enc("ss111101ooiiiiiiiiiiiinnnnnttttt", s=size, o=opc,
                    i=self.r(0, (SCRATCH_SIZE // nbytes) // 4), n=n, t=t)
        elif form == 4:
            m = self.reg(zr=False, avoid=(n,))
            S = self.r(0, 1)
            opt = self.rng.choice([2, 3, 6, 7])
            self.set_addr(n, 1024)
            k = self.r(-32, 32)
            if opt == 2:
                k = abs(k)
            idx = k if S else k * nbytes  # S: the index is scaled by the access size
            if opt in (2, 6):
                val = (self.rng.getrandbits(32) << 32) | (idx & 0xFFFFFFFF)
            else:
                val = idx & 0xFFFFFFFFFFFFFFFF
            self.set_reg(m, val)
            w = enc("ss111100oo1mmmmmpppS10nnnnnttttt", s=size, o=opc, m=m, p=opt, S=S, n=n,
                    t=t)
        else:
            imm = self.r(-256 // nbytes, 255 // nbytes) * nbytes
            self.set_addr(n, self.r(256, SCRATCH_SIZE - 256 - 16) & ~(nbytes - 1))
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
        self.set_addr(n, self.r(1024, 2048) & ~15)
        w = enc("oo10110fffiiiiiiiuuuuunnnnnttttt", o=opc, f=(form << 1) | load,
                i=self.r(-16, 16) & 0x7F, u=t2, n=n, t=t)
        self.inst(w, f"SIMD&FP load/store pair {nbytes}B")

    def g_fp_struct(self):
        q = self.r(0, 1)
        load = self.r(0, 1)
        n = self.pick_base()
        self.set_addr(n, self.r(0, 1024) & ~15)
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
            self.inst(w, "LD/ST single structure")
        else:  # LDnR
            if not load:
                return self.g_fp_struct()
            R = self.r(0, 1)
            e = self.r(0, 1)
            w = enc("0q0011010LRmmmmm11e0zznnnnnttttt", q=q, L=1, R=R, m=m if post else 0,
                    e=e, z=self.r(0, 3), n=n, t=t) | (post << 23)
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
    g = Gen(rng, el, hcr)
    g.mmu_on = mmu_on
    o = []
    w = o.append
    w(f"// Generated by tests/conformance/risugen.py --seed {seed} --blocks {blocks} "
      f"--insns {insns} --el {el} hcr=0x{hcr:x}{' --full' if full else ''}")
    w(f".equ FULL_DUMP, {1 if full else 0}")
    w(f".equ TEST_EL, {el}")
    w(f".equ HCR_VALUE, 0x{hcr:x}")
    w(f".equ MMU_ON, {1 if mmu_on else 0}")
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
            w(f"    b 1f")
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
    str x0, [sp, #OFF_NZCV]
    mov x0, #\n
    bl dump_state
    RESTORE_GPRS
.endm

.macro RESTORE_GPRS
    ldr x0, [sp, #OFF_NZCV]
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
    // Stage-1 identity map for the test EL's regime: 1 GiB blocks, Device below
    // 1 GiB (UART), Normal write-back for RAM. MAIR attr0 Device-nGnRnE, attr1 WB.
    adrp x1, page_table
    ldr x2, =0xff00
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
    msr mair_el1, x2
    msr ttbr0_el1, x1
    ldr x2, =0x280803520        // TCR_EL1: IPS 40-bit, TG1 4K, EPD1, 4K, WB, T0SZ 32
    msr tcr_el1, x2
    tlbi vmalle1
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
    adrp x1, scratch
    add x1, x1, #:lo12:scratch
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

// w0: character.  PL011 data register, waiting while the TX FIFO is full.
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

finish:
    adr x0, end_msg
    bl putstr
    movz x0, #0x0008
    movk x0, #0x8400, lsl #16
    smc #0
    b .
end_msg:
    .asciz "END\n"
    .balign 4
bad_msg:
    .asciz "UNEXPECTED EXCEPTION\n"
    .balign 4

unexpected:
    adr x0, bad_msg
    bl putstr
    b finish

// Synchronous exception handlers: log ESR/ELR/SPSR, resume after the
// instruction (SVC/HVC already point past it).  SVC #0xffff (EL0) and HVC
// #0xffff (EL1) are the end-of-test calls.  SP_ELx all point at the state area.
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
                    help="on: stage-1 identity map for the test EL's regime (EL1 or EL2)")
    ap.add_argument("--full", action="store_true", help="print every register per block")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    if a.mmu == "on" and a.el == 0:
        ap.error("--mmu on is for --el 1 and --el 2 (EL0 needs an EL0-accessible map, "
                 "which is PXN at EL1)")
    text = gen_image(a.seed, a.blocks, a.insns, a.el, a.hcr_traps, a.full, a.mmu == "on")
    with open(a.output, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
