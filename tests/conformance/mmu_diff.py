#!/usr/bin/python3
"""Random differential testing of address translation: the EL1&0 regime's stage 1
and stage 2, and the EL2 regime, faults included.

For every seed: generate an image that sets up several random translation regimes in
turn (per phase: TCR_EL1 with both halves, 4 KiB or 64 KiB granules, input and output
sizes, TBI, EPD1; MAIR_EL1; SCTLR_EL1.M, A and WXN; HCR_EL2.VM, DC and PTW; VTCR_EL2
with its start level and concatenated root tables; TCR_EL2, MAIR_EL2 and SCTLR_EL2)
with random tables: pages and blocks at every level the granule allows, every access
permission, execute-never and memory attribute, table attributes, ignored bits, and
faults made on purpose (invalid and reserved descriptors, the access flag clear,
output and table addresses past the output size, stage-1 tables that stage 2 does not
map, maps read-protected or maps as Device under HCR_EL2.PTW). Then it makes random AT
instructions at EL2 (all ten) and EL1 (PAR_EL1, or the data abort a stage-2 fault on
the walk takes to EL2), loads, stores, DC ZVA and instruction fetches at EL0, EL1 and
EL2 (with SCTLR_EL2.M set around them), and compares, on el2sim and
qemu-system-aarch64, one transcript line each: the value read or PAR_EL1, the
exception taken with its syndrome, FAR and HPFAR_EL2. Loads, stores and fetches reach
only pages of a pool whose words say their own address (and, as code, are SVCs whose
immediates do), or fault: the generator knows where each translation it built leads.
Between regimes TLBI ALLE2 and ALLE1 clear the TLBs. Within one, about one operation
in seven changes an entry of the tables (a stage-1 leaf or table descriptor of the
EL1&0 regime, a stage-2 leaf or table descriptor, a page of stage 2's table window, a
leaf of the EL2 regime) between two runs of one probe (a load, a BLR or an AT) of an
address it translates, and makes the change visible as the Arm ARM requires:
break-before-make with a TLBI that covers it (by VA, by VA at the last level, by VA
for every ASID, by ASID, by IPA then VMALLE1, the whole VMID, the whole regime; from
EL2, or from EL1 where EL1 may), or a switch to an ASID (TCR_EL1.AS 8 or 16 bits) or a
VMID the regime has not used. A TLB that keeps what the sequence must remove shows the
old translation.

On a difference it prints the first differing line and the operations before it.
Fails on any difference, a non-zero exit, a timeout, or a missing QEMU or toolchain
(never a skip).

  mmu_diff.py --el2sim build/bin/el2sim --seeds 1-50
  mmu_diff.py --el2sim ... --seeds 7 --keep /tmp/mmu   # keep the images
"""
import sys

from risugen import CONSOLE, FINISH
from run_conf import ENTER_LOWER_EL, TranscriptGen, report_routine, transcript_main

IMAGE = (0x40200000, 0x200000)  # the image (linked at 0x40200000): identity at both stages
DATA = (0x44000000, 0x100000)  # the data pool: each doubleword holds its address ^ DATA_TAG
CODE = (0x44100000, 0x10000)  # the code pool: each word is SVC #(0x8000 | offset / 4)
TABLES = 0x44800000  # the translation tables, a 64 KiB slot each
TABLES_END = 0x4C000000
DATA_TAG = 0xDA7A000000000000
PA_BITS = 44  # the Cortex-A57's PARange
SIZE_ENC = {32: 0, 36: 1, 40: 2, 42: 3, 44: 4, 48: 5}  # TCR.IPS, VTCR.PS
SENTINEL = 0x5E17E1005E17E100
SCTLR_EL2_RES1 = 0x30C50830
# The registers a test instruction may name: not x1 (the address), x3-x7 or x20-x26
# (the handlers'), x27-x28 (SCTLR_EL2 with and without M), nor the console routine's
# x9-x15.
RT = ["x0", "x2", "x8", "x16", "x17", "x18", "x19"]

MASK64 = (1 << 64) - 1
# AT of the EL1&0 regime: stage 1 only (EL1 may issue these), and both stages (EL2 only).
AT_S1 = ["s1e1r", "s1e1w", "s1e0r", "s1e0w"]
AT_S12 = ["s12e1r", "s12e1w", "s12e0r", "s12e0w"]
EL1_TLBI = ("vae1", "vale1", "vaae1", "vaale1", "aside1", "vmalle1")  # EL1 may issue them
CHANGED = {"s1": "a stage-1 leaf", "table": "a stage-1 table descriptor", "s2": "a stage-2 leaf",
           "s2table": "a stage-2 table descriptor",
           "window": "a stage-2 leaf of the table window",
           "el2": "an EL2 leaf"}  # what a TLB maintenance operation changes, in reports


def pool_contains(pool, pa, size=1):
    return pool[0] <= pa and pa + size <= pool[0] + pool[1]


class Leaf:
    """A block or page descriptor: the input range [va, va + size) maps to out."""

    def __init__(self, va, size, out, attrs, bad):
        self.va, self.size, self.out, self.attrs, self.bad = va, size, out, attrs, bad


class Tree:
    """A translation table tree being built: one TTBR's half of stage 1, or stage 2.
    Tables are allocated from the generator's slots; entries map a table's physical
    address to {index: ("table", child physical address, address written, attrs, bad)
    or ("leaf", Leaf)}."""

    def __init__(self, gen, stage, granule, inputsize, start, upper=False, physical=False):
        self.gen = gen
        self.stage = stage
        self.physical = physical  # tables at PAs, never through stage 2 (the EL2 regime)
        self.g = granule
        self.s = granule - 3
        self.inputsize = inputsize
        self.start = start
        self.upper = upper  # the TTBR1 half: input addresses sign-extended
        self.root_bits = inputsize - self.lsb(start)
        assert 1 <= self.root_bits <= self.s + 4
        self.root = gen.new_table(8 << self.root_bits, stage, physical)
        self.entries = {self.root: {}}

    def lsb(self, level):
        return self.g + self.s * (3 - level)

    def index(self, va, level):
        bits = self.root_bits if level == self.start else self.s
        return (va >> self.lsb(level)) & ((1 << bits) - 1)

    def block_levels(self):
        """The levels where a block or page descriptor is valid (ARMv8.0)."""
        return [1, 2, 3] if self.g == 12 else [2, 3]

    def lookup(self, va):
        """The leaf mapping va, and whether the walk to it is broken on purpose; None
        where the walk meets an empty entry."""
        t = self.root
        bad = False
        for level in range(self.start, 4):
            e = self.entries[t].get(self.index(va, level))
            if e is None:
                return None, True
            if e[0] == "leaf":
                return e[1], bad or e[1].bad
            bad = bad or e[4]
            t = e[1]
        raise AssertionError("a walk past level 3")

    def resolve(self, va):
        """(output address, leaf, broken) for va as the tree maps it, or None where the
        walk meets an empty entry."""
        leaf, bad = self.lookup(va)
        if leaf is None:
            return None
        return leaf.out + ((va - leaf.va) & (leaf.size - 1)), leaf, bad

    def table_attrs(self, va):
        """The hierarchical attributes (APTable, UXNTable, PXNTable) the tables on va's
        path add up to, those set only."""
        out = {}
        t = self.root
        for level in range(self.start, 4):
            e = self.entries[t].get(self.index(va, level))
            if e is None or e[0] == "leaf":
                break
            for k in ("ap", "uxn", "pxn"):
                if e[3].get(k):
                    out[k] = out.get(k, 0) | e[3][k]
            t = e[1]
        return out

    def insert(self, va, level, make_leaf, table_attrs):
        """Adds a leaf for va at level (made by make_leaf(va base, size)), with new
        tables on the way (table_attrs() gives their attributes and badness). Returns the
        leaf, or None where the place is taken."""
        t = self.root
        for lv in range(self.start, level):
            idx = self.index(va, lv)
            e = self.entries[t].get(idx)
            if e is None:
                child = self.gen.new_table(8 << self.s, self.stage, self.physical)
                self.entries[child] = {}
                attrs, bad = table_attrs()
                e = ("table", child, self.gen.table_address(child, self.stage, self.physical),
                     attrs, bad)
                self.entries[t][idx] = e
            elif e[0] == "leaf":
                return None
            t = e[1]
        idx = self.index(va, level)
        if idx in self.entries[t]:
            return None
        size = 1 << self.lsb(level)
        leaf = make_leaf(va & ~(size - 1) & MASK64, size)
        self.entries[t][idx] = ("leaf", leaf, level)
        return leaf

    def slot(self, va):
        """(table's physical address, index) of the leaf entry that maps va."""
        t = self.root
        for level in range(self.start, 4):
            idx = self.index(va, level)
            e = self.entries[t][idx]
            if e[0] == "leaf":
                return t, idx
            t = e[1]
        raise AssertionError("a walk past level 3")

    def path(self, va):
        """The physical addresses of the tables a walk of va reads."""
        out = []
        t = self.root
        for level in range(self.start, 4):
            out.append(t)
            e = self.entries[t].get(self.index(va, level))
            if e is None or e[0] == "leaf":
                break
            t = e[1]
        return out

    def tables(self):
        """(table's physical address, index, first input address, size of the input
        range) of every table descriptor."""
        out = []

        def visit(t, level, base):
            for idx, e in self.entries[t].items():
                if e[0] == "table":
                    va = base | idx << self.lsb(level)
                    out.append((t, idx, va, 1 << self.lsb(level)))
                    visit(e[1], level + 1, va)
        visit(self.root, self.start, MASK64 - (1 << self.inputsize) + 1 if self.upper else 0)
        return out

    def descriptors(self):
        """(physical address, value) of every entry."""
        out = []
        for t, ents in self.entries.items():
            for idx, e in ents.items():
                if e[0] == "table":
                    out.append((t + 8 * idx, self.gen.table_desc(e, self)))
                else:
                    out.append((t + 8 * idx, self.gen.leaf_desc(e[1], e[2], self)))
        return out


class Phase:
    """One translation regime: its registers, its trees and what it maps."""


class Gen(TranscriptGen):
    def __init__(self, seed, phases, ops):
        super().__init__(seed)
        self.nphases = phases
        self.nops = ops
        self.next_slot = TABLES
        self.writes = []  # (pa, value) of every descriptor
        self.zero = []  # (pa, size) of every table
        self.phase = None

    # --- tables -------------------------------------------------------------
    def new_table(self, size, stage, physical=False):
        """A table of size bytes in its own 64 KiB slot (a concatenated stage-2 root
        aligned to its size); a stage-1 table of the EL1&0 regime is mapped in stage 2's
        table window."""
        align = max(size, 0x10000)
        pa = (self.next_slot + align - 1) & ~(align - 1)
        self.next_slot = pa + align
        if self.next_slot > TABLES_END:
            raise RuntimeError("mmu_diff: the tables do not fit")
        self.zero.append((pa, size))
        if stage == 1 and not physical and self.phase is not None and self.phase.vm:
            self.s2_map_table(pa, align)
        return pa

    def table_address(self, pa, stage, physical=False):
        """The address a descriptor holds for the table at pa: its IPA for a stage-1
        table under stage 2 (its slot's alias in the table window), else pa."""
        p = self.phase
        if stage == 1 and not physical and p.vm:
            return p.window + (pa - TABLES)
        return pa

    def s2_map_table(self, pa, size):
        """Maps a stage-1 table's slot in the stage-2 table window, by stage-2 pages:
        good for the first tables of a phase (the roots and the image's path), random
        for the others."""
        p = self.phase
        good = p.s1_tables_good
        fault, s2ap, memattr = (None, 3, 0xF) if good else self.window_draw()
        page = 1 << p.s2.g
        for off in range(0, max(size, page), page):
            def make(base, sz, off=off):
                return Leaf(base, sz, pa + off, self.window_attrs(fault, s2ap, memattr), fault)
            leaf = p.s2.insert(p.window + (pa - TABLES) + off, 3, make, lambda: ({}, None))
            assert leaf is not None
            p.s2_all.append(leaf)
            if not good:
                p.s2_window.append(leaf)

    def window_draw(self):
        """The fault on purpose (or None), S2AP and MemAttr of a table window's pages."""
        r = self.r
        fault = None
        s2ap = r.choice([1, 3])  # readable
        memattr = r.choice([0xF, 0xA, 0x5, 0xE, 0x6])  # Normal
        if r.random() < 0.25:
            fault = r.choice(["invalid", "af", "noread", "device", "oa"])
        if fault == "noread":
            s2ap = r.choice([0, 2])
        elif fault == "device":  # a fault only under HCR_EL2.PTW
            memattr = r.randrange(4)
        return fault, s2ap, memattr

    def window_attrs(self, fault, s2ap, memattr):
        """A table window page's attributes."""
        r = self.r
        attrs = {"s2ap": s2ap, "memattr": memattr, "sh": 3, "af": fault != "af",
                 "xn": int(r.random() < 0.5), "sw": r.getrandbits(4)}
        if fault == "oa":
            attrs["oa_bit"] = self.oa_bit(self.phase.ps)
        return attrs

    def table_desc(self, e, tree):
        _, _, addr, attrs, bad = e
        v = addr | 3
        if tree.stage == 1:
            v |= attrs.get("ap", 0) << 61 | attrs.get("uxn", 0) << 60 | attrs.get(
                "pxn", 0) << 59 | attrs.get("ns", 0) << 63
        return self.mark_fault(v, bad, attrs)

    @staticmethod
    def mark_fault(v, bad, attrs):
        """Descriptor v with the fault made on purpose: invalid (bit 0 clear), reserved
        (a level-3 descriptor with bit 1 clear) or an address bit past the output size
        (attrs' oa_bit); the access flag is the leaf's own attribute."""
        if bad == "invalid":
            return v & ~1
        if bad == "reserved":
            return v & ~2
        if bad == "oa":
            return v | 1 << attrs["oa_bit"]
        return v

    def leaf_desc(self, leaf, level, tree):
        a = leaf.attrs
        v = leaf.out | 1 | (2 if level == 3 else 0)
        if tree.stage == 1:
            v |= a["idx"] << 2 | a["ns"] << 5 | a["ap"] << 6 | a["sh"] << 8 | a["nG"] << 11
            v |= a["pxn"] << 53 | a["uxn"] << 54 | a["sw"] << 55
        else:
            v |= a["memattr"] << 2 | a["s2ap"] << 6 | a["sh"] << 8 | a["xn"] << 54
            v |= a["sw"] << 55
        if a["af"]:
            v |= 1 << 10
        return self.mark_fault(v, leaf.bad, a)

    # --- random attributes --------------------------------------------------
    def mair(self):
        """Device types and Normal memory of every cacheability, but Write-Back transient
        (0b01RW): QEMU 7.2 drops the transient hint where stage 2 makes such a half
        Write-Through (its combine_cacheattr_nibble gives 0b10RW, the Arm ARM's
        S2CombineS1AttrHints 0b00RW)."""
        r = self.r
        normal = [0x4, 0x1, 0x2, 0x3] + list(range(8, 16))
        v = 0
        for i in range(8):
            if r.random() < 0.3:
                a = r.choice([0x00, 0x04, 0x08, 0x0C])
            else:
                a = r.choice([0x44, 0xFF, 0xBB, 0xAA, 0xEE]) if r.random() < 0.5 else \
                    r.choice(normal) << 4 | r.choice(normal)
            v |= a << (8 * i)
        return v

    def walk_attrs(self):
        """A TCR's or VTCR's IRGN, ORGN and SH for its table walks (bits 5:0 of the
        field group; SH not 0b01, which is reserved)."""
        r = self.r
        return r.randrange(4) | r.randrange(4) << 2 | r.choice([0, 2, 3]) << 4

    def oa_bit(self, size_bits):
        """An output-address bit past the output size (size_bits, at most 44), below 48."""
        return self.r.randrange(size_bits, 48)

    def s1_table_attrs(self, el2=False):
        """A new stage-1 table's attributes and fault: APTable, UXNTable (XNTable at
        EL2), PXNTable (RES0 at EL2: not set there), NSTable; invalid, or its address
        past the output size."""
        r = self.r
        p = self.phase
        attrs = {}
        if r.random() < 0.35:
            attrs = {"ap": r.randrange(4), "uxn": int(r.random() < 0.3),
                     "pxn": 0 if el2 else int(r.random() < 0.3)}
        attrs["ns"] = r.getrandbits(1)
        bad = None
        if r.random() < 0.08:
            bad = "invalid"
        elif r.random() < 0.05:
            bad = "oa"
            attrs["oa_bit"] = self.oa_bit(p.ps2 if el2 else p.ips)
        return attrs, bad

    def s2_table_fault(self):
        """A new stage-2 table descriptor's attributes (none) and fault: invalid, or
        its address past the output size."""
        attrs, bad = {}, None
        if self.r.random() < 0.06:
            bad = "invalid"
        elif self.r.random() < 0.04:
            bad = "oa"
            attrs["oa_bit"] = self.oa_bit(self.phase.ps)
        return attrs, bad

    def s1_leaf(self, base, size, out, level, el2=False):
        """A stage-1 leaf of the EL1&0 regime, or of the EL2 regime (el2: one privilege
        level and no ASID, so nG and PXN clear; bit 54 is XN)."""
        r = self.r
        p = self.phase
        attrs = {"idx": r.randrange(8), "ns": r.getrandbits(1), "ap": r.randrange(4),
                 "sh": r.choice([0, 2, 3]), "nG": 0 if el2 else r.getrandbits(1),
                 "pxn": 0 if el2 else int(r.random() < 0.25), "uxn": int(r.random() < 0.25),
                 "sw": r.getrandbits(4) if r.random() < 0.3 else 0,
                 "af": r.random() < 0.92}
        return Leaf(base, size, out & ~(size - 1), attrs,
                    self.leaf_fault(attrs, level, p.ps2 if el2 else p.ips))

    def s2_leaf(self, base, size, out, level):
        r = self.r
        p = self.phase
        if r.random() < 0.3:
            memattr = r.randrange(4)  # Device
        else:
            memattr = r.randrange(1, 4) << 2 | r.randrange(1, 4)
        attrs = {"memattr": memattr, "s2ap": r.choice([3, 3, 1, 2, 0]),
                 "sh": r.choice([0, 2, 3]), "xn": int(r.random() < 0.2),
                 "sw": r.getrandbits(4) if r.random() < 0.3 else 0,
                 "af": r.random() < 0.92}
        return Leaf(base, size, out & ~(size - 1), attrs, self.leaf_fault(attrs, level, p.ps))

    def leaf_fault(self, attrs, level, size_bits):
        """The fault a new leaf makes on purpose, or None: an invalid descriptor, a level-3
        one with bit 1 clear (reserved), an output address past size_bits, or (attrs'
        af) the access flag clear."""
        c = self.r.random()
        if c < 0.05:
            return "invalid"
        if c < 0.08 and level == 3:
            return "reserved"
        if c < 0.12:
            attrs["oa_bit"] = self.oa_bit(size_bits)
            return "oa"
        return None if attrs["af"] else "af"

    # --- a phase ------------------------------------------------------------
    def s1_start(self, g, inputsize):
        s = g - 3
        return 4 - -(-(inputsize - g) // s)

    def new_phase(self, n):
        r = self.r
        p = Phase()
        self.phase = p
        p.n = n
        p.vm = r.random() < 0.8
        p.dc = p.vm and r.random() < 0.06
        p.ptw = p.vm and r.random() < 0.3
        p.m = not p.dc and r.random() < 0.88
        p.a = r.random() < 0.1
        p.wxn = r.random() < 0.2
        p.mair = self.mair()
        p.ips_enc = r.choice([32, 36, 40, 42, 44, 44, 48])
        p.ips = min(p.ips_enc, PA_BITS)  # the size that applies (TCR_EL1.IPS capped)
        p.s1_leaves = []
        p.s2_all = []  # every stage-2 leaf
        p.s2_test = []  # those to pool pages
        p.s2_reserved = []  # IPA ranges the test leaves keep out of
        p.s2_window = []  # the table window's pages that map tables off the image's path
        p.s1_tables_good = True
        # Stage 2 first: stage-1 tables are mapped in its window as they are made.
        if p.vm:
            g2 = r.choice([12, 16])
            p.ps_enc = r.choice([32, 36, 40, 42, 44, 44, 48])
            p.ps = min(p.ps_enc, PA_BITS)
            ipa_bits = r.randrange(32, p.ps + 1)
            starts = [lv for lv in ((0, 1, 2) if g2 == 12 else (1, 2, 3))
                      if 1 <= ipa_bits - (g2 + (g2 - 3) * (3 - lv)) <= g2 - 3 + 4
                      and not (lv == 0 and ipa_bits - (g2 + (g2 - 3) * 3) > g2 - 3)]
            start = r.choice(starts)
            if start == (0 if g2 == 12 else 1):
                # QEMU 7.2 refuses these start levels unless VTCR_EL2.PS is above 42 bits
                # (the Arm ARM's AArch64.S2InvalidSL looks at PAMax, 44 here).
                p.ps_enc = r.choice([44, 48])
                p.ps = PA_BITS
            p.s2 = Tree(self, 2, g2, ipa_bits, start)
            p.ipa_bits = ipa_bits
            # The stage-1 tables' IPAs: below the stage-1 output size too (a root past
            # it would be an address size fault on every walk, the image's included).
            top = min(ipa_bits, p.ips)
            p.window = r.choice([0x80000000, 0xC0000000, 1 << (top - 1)])
            if p.window + (TABLES_END - TABLES) > 1 << top:
                p.window = 0x80000000
            p.s2_reserved.append((p.window, TABLES_END - TABLES))
            # The image, identity, as one block or pages.
            self.s2_identity()
        else:
            p.ps = PA_BITS
            p.ipa_bits = p.ips
        # Stage 1: TTBR0 with the image, TTBR1.
        g0 = r.choice([12, 16])
        t0sz = r.randrange(16, 34)  # the image's VA needs 31 bits
        p.in0 = 64 - t0sz
        p.t0 = Tree(self, 1, g0, p.in0, self.s1_start(g0, p.in0))
        g1 = r.choice([12, 16])
        t1sz = r.randrange(16, 40)
        p.in1 = 64 - t1sz
        p.t1 = Tree(self, 1, g1, p.in1, self.s1_start(g1, p.in1), upper=True)
        p.epd1 = r.random() < 0.1
        p.tbi0 = r.getrandbits(1)
        p.tbi1 = r.getrandbits(1)
        self.s1_identity(p.t0, 3)  # read-only at EL1 and EL0
        p.mair = p.mair & ~0xFF | 0xFF  # the image's code: Normal memory
        p.s1_tables_good = False
        if p.vm:
            for _ in range(r.randrange(2, 10)):
                self.add_s2_leaf()
        for _ in range(r.randrange(4, 16)):
            self.add_s1_leaf()
        p.as16 = r.getrandbits(1)  # TCR_EL1.AS: 16-bit ASIDs
        p.asid = r.getrandbits(16 if p.as16 else 8)
        p.vmid = r.getrandbits(8)
        p.used_asids = {p.asid}
        p.used_vmids = {p.vmid}
        p.fetched = set()  # the 4 KiB pages of the EL1&0 regime's BLRs (VA)
        p.tcr = (t0sz | self.walk_attrs() << 8 | (0 if g0 == 12 else 1) << 14 | t1sz << 16
                 | r.getrandbits(1) << 22 | int(p.epd1) << 23 | self.walk_attrs() << 24
                 | (2 if g1 == 12 else 3) << 30
                 | SIZE_ENC[p.ips_enc] << 32 | p.as16 << 36 | p.tbi0 << 37 | p.tbi1 << 38)
        p.ttbr0 = self.table_address(p.t0.root, 1) | p.asid << 48
        p.ttbr1 = self.table_address(p.t1.root, 1) | p.asid << 48
        # M A C SA I UCT nTWI nTWE WXN UCI DZE + RES1
        p.sctlr = (0x30D00800 | int(p.m) | int(p.a) << 1 | r.getrandbits(1) << 2
                   | r.getrandbits(1) << 12 | 1 << 14 | 1 << 15 | 1 << 16 | 1 << 18
                   | int(p.wxn) << 19 | 1 << 26)
        p.hcr = 1 << 31 | int(p.vm) | int(p.ptw) << 2 | int(p.dc) << 12
        if p.vm:
            s2 = p.s2
            sl0 = (2 - s2.start) if s2.g == 12 else (3 - s2.start)
            p.vtcr = (64 - s2.inputsize | sl0 << 6 | self.walk_attrs() << 8
                      | (0 if s2.g == 12 else 1) << 14
                      | SIZE_ENC[p.ps_enc] << 16 | 1 << 31)
            p.vttbr = s2.root | p.vmid << 48
        else:
            p.vtcr = 1 << 31
            p.vttbr = p.vmid << 48  # the VMID tags the EL1&0 regime's entries still
        self.el2_regime()
        for tree in (p.t0, p.t1, p.e2) + ((p.s2,) if p.vm else ()):
            self.writes += tree.descriptors()
        return p

    def el2_regime(self):
        """The EL2 regime's registers and tables (TTBR0_EL2: physical addresses, the
        image mapped VA = PA read-only): SCTLR_EL2.M is set only around the operations
        that use it (op_line's mmu2), so the run's own code at EL2 runs with it clear."""
        r = self.r
        p = self.phase
        g = r.choice([12, 16])
        t0sz = r.randrange(16, 34)  # the image's VA needs 31 bits
        p.in2 = 64 - t0sz
        p.ps2_enc = r.choice([32, 36, 40, 42, 44, 44, 48])
        p.ps2 = min(p.ps2_enc, PA_BITS)
        p.tbi2 = r.getrandbits(1)
        p.e2 = Tree(self, 1, g, p.in2, self.s1_start(g, p.in2), physical=True)
        self.s1_identity(p.e2, 2)  # AP[2:1] = 0b10: read-only (AP[1] is ignored at EL2)
        p.el2_leaves = []
        for _ in range(r.randrange(3, 12)):
            self.add_el2_leaf()
        p.mair2 = self.mair() & ~0xFF | 0xFF
        p.tcr2 = (t0sz | self.walk_attrs() << 8 | (0 if g == 12 else 1) << 14
                  | SIZE_ENC[p.ps2_enc] << 16 | p.tbi2 << 20
                  | 1 << 23 | 1 << 31)
        p.ttbr2 = p.e2.root
        p.a2 = r.random() < 0.1
        # M A C I WXN + RES1
        p.sctlr2 = (SCTLR_EL2_RES1 | 1 | int(p.a2) << 1 | r.getrandbits(1) << 2
                    | r.getrandbits(1) << 12 | int(r.random() < 0.2) << 19)

    def add_el2_leaf(self):
        p = self.phase
        t = p.e2
        for _ in range(20):
            place = self.random_place(t, t.inputsize)
            if place is None:
                continue
            level, _, va = place
            out = self.el2_out()
            leaf = t.insert(va, level,
                            lambda base, sz: self.s1_leaf(base, sz, out, level, el2=True),
                            lambda: self.s1_table_attrs(el2=True))
            if leaf is not None:
                p.el2_leaves.append(leaf)
                return

    def el2_out(self):
        """An output address for a leaf of the EL2 regime: in a pool, or anywhere."""
        r = self.r
        return self.pool_target() if r.random() < 0.8 else r.randrange(1 << (self.phase.ps2 + 1))

    def identity_level(self, t):
        """The level at which tree t maps the image: of the levels whose blocks or pages
        fit it and its alignment (from the largest), the first one, or each later one with
        even odds."""
        level = 3
        for lv in t.block_levels():
            if lv >= t.start and (1 << t.lsb(lv)) <= IMAGE[1] and IMAGE[0] % (1 << t.lsb(lv)) == 0:
                level = lv if self.r.random() < 0.5 or level == 3 else level
        return level

    def map_image(self, t, level, attrs):
        """Tree t maps the image to itself (VA = IPA, or IPA = PA) at level, with attrs;
        returns the leaves."""
        step = 1 << t.lsb(level)
        return [t.insert(va, level, lambda base, sz: Leaf(base, sz, base, dict(attrs), None),
                         lambda: ({}, None))
                for va in range(IMAGE[0] & ~(step - 1), IMAGE[0] + IMAGE[1], step)]

    def s2_identity(self):
        """Stage 2 maps the image IPA = PA, Normal Write-Back, readable, writable and
        executable: by pages or 2 MiB blocks, or three times in ten (where the start
        level allows) one 1 GiB block."""
        p = self.phase
        s2 = p.s2
        level = self.identity_level(s2)
        if self.r.random() < 0.3 and 1 in s2.block_levels() and s2.start <= 1:
            level = 1  # a 1 GiB block
        for leaf in self.map_image(s2, level, {"memattr": 0xF, "s2ap": 3, "sh": 3, "xn": 0,
                                               "sw": 0, "af": True}):
            p.s2_all.append(leaf)
            p.s2_reserved.append((leaf.va, leaf.size))

    def s1_identity(self, t, ap):
        """Tree t (TTBR0_EL1's or TTBR0_EL2's) maps the image VA = IPA (or PA),
        read-only (AP ap) and executable, with MAIR index 0 (Normal Write-Back)."""
        self.map_image(t, self.identity_level(t), {"idx": 0, "ns": 0, "ap": ap, "sh": 3,
                                                   "nG": 0, "pxn": 0, "uxn": 0, "sw": 0,
                                                   "af": True})

    def pool_target(self, kind=None):
        """A physical address in the data or code pool."""
        r = self.r
        pool = kind or (DATA if r.random() < 0.75 else CODE)
        return pool[0] + r.randrange(pool[1]) & ~7

    def random_place(self, tree, span_bits):
        """A level for a new leaf of tree (one where its granule allows a block, or a
        page, twice as likely), its size, and an address below 2^span_bits aligned to it;
        None where the level is above the tree's start."""
        r = self.r
        level = r.choice(tree.block_levels() + [3, 3])
        if level < tree.start:
            return None
        size = 1 << tree.lsb(level)
        return level, size, r.randrange(1 << span_bits) & ~(size - 1)

    def add_s2_leaf(self):
        p = self.phase
        s2 = p.s2
        for _ in range(20):
            place = self.random_place(s2, p.ipa_bits)
            if place is None:
                continue
            level, size, ipa = place
            if any(ipa < b + n and b < ipa + size for b, n in p.s2_reserved):
                continue
            pa = self.pool_target()
            leaf = s2.insert(ipa, level, lambda base, sz: self.s2_leaf(base, sz, pa, level),
                             self.s2_table_fault)
            if leaf is not None:
                p.s2_all.append(leaf)
                p.s2_test.append(leaf)
                return

    def add_s1_leaf(self):
        r = self.r
        p = self.phase
        for _ in range(20):
            tree = p.t0 if r.random() < 0.65 else p.t1
            place = self.random_place(tree, tree.inputsize)
            if place is None:
                continue
            level, _, va = place
            if tree.upper:
                va |= MASK64 - (1 << tree.inputsize) + 1
            out = self.s1_out()
            leaf = tree.insert(va, level, lambda base, sz: self.s1_leaf(base, sz, out, level),
                               lambda: self.s1_table_attrs())
            if leaf is not None:
                p.s1_leaves.append(leaf)
                return

    def s1_out(self):
        """An output address for a stage-1 leaf of the EL1&0 regime: a pool address
        through a stage-2 leaf, or anywhere."""
        r = self.r
        p = self.phase
        c = r.random()
        if p.vm and p.s2_test and c < 0.8:
            s2leaf = r.choice(p.s2_test)
            return s2leaf.va + (self.pool_target() - s2leaf.out) % s2leaf.size
        if not p.vm and c < 0.8:
            return self.pool_target()
        return r.randrange(1 << min(p.ips, p.ipa_bits + 1))

    # --- where an address leads ---------------------------------------------
    def s2_walk(self, ipa):
        """(PA, leaf, broken) for ipa under stage 2 (as built), or None where unmapped."""
        p = self.phase
        if not p.vm:
            return ipa, None, False
        if ipa >> p.s2.inputsize:
            return None
        return p.s2.resolve(ipa)

    def s1_walk(self, va):
        """(IPA, leaf, broken) for va under stage 1 (as built), or None where it faults
        for certain."""
        p = self.phase
        top = va >> 55 & 1
        tbi = p.tbi1 if top else p.tbi0
        if not p.m or p.dc:
            # VA = IPA, the tag ignored under TBI (AArch64.TranslateAddressS1Off: bits
            # 55 up, or 63 up, must be zero); past the output size it faults.
            return (va & ((1 << 56) - 1) if tbi else va), None, False
        x = va
        if tbi:
            x = (va & ((1 << 56) - 1)) | ((MASK64 ^ ((1 << 56) - 1)) if top else 0)
        tree = p.t1 if top else p.t0
        if top:
            if p.epd1 or (x >> tree.inputsize) != (MASK64 >> tree.inputsize):
                return None
        elif x >> tree.inputsize:
            return None
        return tree.resolve(x)

    def el2_walk(self, va):
        """(PA, leaf, broken) for va under the EL2 regime with SCTLR_EL2.M set (as built),
        or None where it faults for certain. One range, zero-extended under TBI."""
        p = self.phase
        x = va & ((1 << 56) - 1) if p.tbi2 else va
        if x >> p.e2.inputsize:
            return None
        return p.e2.resolve(x)

    def destination(self, va, el2=False):
        """The PA va leads to (if nothing faults), or None where it faults for certain;
        at EL2 with SCTLR_EL2.M set where el2."""
        if el2:
            w = self.el2_walk(va)
            return None if w is None else w[0]
        s1 = self.s1_walk(va)
        if s1 is None:
            return None
        s2 = self.s2_walk(s1[0])
        if s2 is None:
            return None
        return s2[0]

    def safe_va(self, pool, size, el2=False):
        """A VA whose access of size bytes (64: DC, a whole block), if it does not fault,
        lands in pool; or one that faults for certain. None if none was found."""
        r = self.r
        for _ in range(60):
            va = self.candidate_va(pool, el2)
            if va is None:
                continue
            if size == 64:
                va = va & ~63 | r.randrange(64)
            elif r.random() < 0.7:
                va &= ~(min(size, 8) - 1)
            elif (va & 0xFFF) + size > 0x1000:
                va -= size
            if size != 64 and (va & 0xFFF) + size > 0x1000:
                continue
            dest = self.destination(va, el2)
            if dest is None:
                return va
            if pool_contains(pool, dest & ~63 if size == 64 else dest, size):
                return va
        return None

    def candidate_va(self, pool, el2=False):
        """A VA that, as the tables were built, leads to pool; sometimes any VA."""
        r = self.r
        p = self.phase
        target = self.pool_target(pool)
        flat = not p.m or p.dc
        if r.random() < 0.1:
            return r.getrandbits(64) if r.random() < 0.3 else r.randrange(1 << p.in0)
        if el2:
            leaf = r.choice(p.el2_leaves)
            return self.tag(leaf.va + (target - leaf.out) % leaf.size)
        if flat:  # VA = IPA
            if not p.vm:
                return target
            hits = [lf for lf in p.s2_all if lf.out <= target < lf.out + lf.size]
            if not hits:
                return None
            lf = r.choice(hits)
            return lf.va + (target - lf.out)
        if not p.s1_leaves:
            return None
        return self.tag(self.s1_va_to(r.choice(p.s1_leaves), target))

    def s1_va_to(self, leaf, target):
        """A VA in stage-1 leaf's range that, as the tables were built, leads to the PA
        target if one does; else one of the same offset in the leaf."""
        ipa = leaf.out + (target - leaf.out) % leaf.size
        if self.phase.vm:
            # An IPA in the leaf's output range that stage 2 maps to target.
            hits = [lf for lf in self.phase.s2_all if lf.out <= target < lf.out + lf.size
                    and leaf.out <= lf.va + (target - lf.out) < leaf.out + leaf.size]
            if hits:
                lf = self.r.choice(hits)
                ipa = lf.va + (target - lf.out)
        return leaf.va + (ipa - leaf.out)

    def tag(self, va):
        """Sometimes a tag in the top byte."""
        if self.r.random() < 0.1:
            return va & ((1 << 56) - 1) | self.r.getrandbits(8) << 56
        return va

    # --- operations ---------------------------------------------------------
    def any_va(self):
        r = self.r
        p = self.phase
        c = r.random()
        if c < 0.6 and p.s1_leaves:
            leaf = r.choice(p.s1_leaves)
            return self.tag(leaf.va + (r.randrange(leaf.size) & ~7))
        if c < 0.7:
            return IMAGE[0] + r.randrange(IMAGE[1])
        if c < 0.8 and p.vm:
            leaf = r.choice(p.s2_all)
            return leaf.va + r.randrange(leaf.size)
        if c < 0.9:
            return r.getrandbits(64)
        return r.randrange(1 << p.in0) if r.random() < 0.5 else \
            MASK64 - r.randrange(1 << p.in1)

    @staticmethod
    def leaf_text(kind, leaf, broken, tables=None):
        """A leaf in a report: which tree, its size and attributes, the table attributes
        on its path, and whether it is broken on purpose."""
        return (f"({kind} {leaf.size:#x} {leaf.attrs}{f' tables {tables}' if tables else ''}"
                f"{' broken' if broken else ''})")

    def describe(self, va, el2=False):
        if el2:
            w = self.el2_walk(va)
            if w is None:
                return f"VA 0x{va:x} (unmapped at EL2)"
            tables = self.phase.e2.table_attrs(va & ((1 << 56) - 1))
            return f"VA 0x{va:x} -> PA 0x{w[0]:x} {self.leaf_text('EL2', w[1], w[2], tables)}"
        s1 = self.s1_walk(va)
        if s1 is None:
            return f"VA 0x{va:x} (unmapped)"
        ipa, l1, b1 = s1
        s = f"VA 0x{va:x}"
        if l1 is not None:
            tree = self.phase.t1 if va >> 55 & 1 else self.phase.t0
            s += f" -> IPA 0x{ipa:x} {self.leaf_text('s1', l1, b1, tree.table_attrs(va))}"
        s2 = self.s2_walk(ipa)
        if s2 is None:
            return s + " -> (s2 unmapped)"
        pa, l2, b2 = s2
        if l2 is not None:
            s += f" -> PA 0x{pa:x} {self.leaf_text('s2', l2, b2)}"
        return s

    def at_op(self, el):
        r = self.r
        va = self.any_va()
        ins = r.choice(AT_S1 + AT_S12 if el == 2 else AT_S1)
        self.at_line(el, ins, va, f"at {ins}")

    def at_line(self, el, ins, va, what, mmu2=False):
        """A transcript line of AT ins of va run at el: PAR_EL1, without what is UNKNOWN
        or IMPLEMENTATION DEFINED (par_mask) and, where QEMU 7.2 gets it wrong, the
        Device type (par_device_type)."""
        self.emit("bl clear")
        self.mov("x1", va)
        post = ["bl par_mask"]
        if ins.startswith("s12") and self.qemu_device_type_differs(va):
            post.append("bl par_device_type")
        self.op_line(el, what, va, [f"at {ins}, x1", "isb", "mrs x0, par_el1"], post=post,
                     mmu2=mmu2)

    def at_el2_op(self):
        """AT S1E2R or S1E2W of an address of the EL2 regime, with SCTLR_EL2.M set (three
        times in four) or clear (VA = PA)."""
        r = self.r
        p = self.phase
        c = r.random()
        if c < 0.6:
            leaf = r.choice(p.el2_leaves)
            va = self.tag(leaf.va + (r.randrange(leaf.size) & ~7))
        elif c < 0.7:
            va = IMAGE[0] + r.randrange(IMAGE[1])
        elif c < 0.85:
            va = r.randrange(1 << p.in2)
        else:
            va = r.getrandbits(64)
        ins = r.choice(["s1e2r", "s1e2w"])
        mmu2 = r.random() < 0.75
        self.at_line(2, ins, va, f"at {ins}{'' if mmu2 else ' (SCTLR_EL2.M clear)'}", mmu2)

    def qemu_device_type_differs(self, va):
        """Whether va's translation, as built, combines Device memory at one stage with
        Normal memory at the other where QEMU 7.2 gets the Device type wrong: its
        combined_attrs_nofwb takes the Normal stage's inner nibble for a Device type
        (0b0100 Non-cacheable as nGnRE, 0b1000 as nGRE), where the Arm ARM keeps the
        Device stage's type."""
        p = self.phase
        s1 = self.s1_walk(va)
        if s1 is None or not p.vm:
            return False
        s2 = self.s2_walk(s1[0])
        if s2 is None or s2[1] is None:
            return False
        if s1[1] is None:
            a1 = 0xFF if p.dc else 0x00  # stage 1 off: Normal (HCR_EL2.DC) or Device-nGnRnE
        else:
            a1 = p.mair >> (8 * s1[1].attrs["idx"]) & 0xFF
        m2 = s2[1].attrs["memattr"]
        d1, d2 = a1 >> 4 == 0, m2 >> 2 == 0
        if d1 == d2:
            return False
        if d1:  # Device at stage 1: QEMU takes an inner Non-cacheable stage 2 as nGnRE
            lo1, lo2 = a1 & 0xF, 4 if m2 & 3 == 1 else 0xB
        else:
            lo1, lo2 = a1 & 0xF, (m2 & 3) << 2
        arm = a1 & 0xC if d1 else (m2 & 3) << 2
        if lo1 == 0 or lo2 == 0:
            qemu = 0
        elif 4 in (lo1, lo2):
            qemu = 4
        elif 8 in (lo1, lo2):
            qemu = 8
        else:
            qemu = 0xC
        return qemu != arm

    def access_op(self, el):
        r = self.r
        forms = [("ldr {x}, [x1]", 8, "x"), ("ldr {w}, [x1]", 4, "x"), ("ldrh {w}, [x1]", 2, "x"),
                 ("ldrb {w}, [x1]", 1, "x"), ("ldrsb {x}, [x1]", 1, "x"),
                 ("ldrsh {w}, [x1]", 2, "x"), ("ldrsw {x}, [x1]", 4, "x"),
                 ("str {x}, [x1]", 8, "s"), ("str {w}, [x1]", 4, "s"), ("strh {w}, [x1]", 2, "s"),
                 ("strb {w}, [x1]", 1, "s"), ("ldar {x}, [x1]", 8, "x"), ("stlr {w}, [x1]", 4, "s"),
                 ("ldp x0, x2, [x1]", 16, "p"), ("stp x0, x2, [x1]", 16, "sp"),
                 ("ldr {x}, [x1], #8", 8, "w"), ("dc zva, x1", 64, "z")]
        fmt, size, kind = r.choice(forms)
        va = self.safe_va(DATA, size, el == 2)
        if va is None:
            return
        rt = r.choice(RT)
        ins = fmt.format(x=rt, w="w" + rt[1:])
        self.emit("bl clear")
        self.mov("x1", va)
        post = []
        if kind in ("x", "w"):
            self.mov(rt, SENTINEL)
            post = [f"mov x0, {rt}"] + (["eor x0, x0, x1"] if kind == "w" else [])
        elif kind == "s":
            self.mov(rt, r.getrandbits(64))
        elif kind == "p":
            self.mov("x0", SENTINEL)
            self.mov("x2", SENTINEL)
            post = ["eor x0, x0, x2, ror #32"]
        elif kind == "sp":
            self.mov("x0", r.getrandbits(64))
            self.mov("x2", r.getrandbits(64))
            post = ["mov x0, #0"]
        if kind in ("s", "sp", "z"):
            post = ["mov x0, #0"]
        self.op_line(el, ins, va, [ins], post=post, tagged=va >> 56 != 0, mmu2=el == 2)

    def fetch_op(self, el):
        """BLR into the code pool, at EL0 or EL1 (the EL1&0 regime) or at EL2 (the EL2
        regime, SCTLR_EL2.M set), where the memory is Normal (fetches from Device memory
        are left out)."""
        va = None
        for _ in range(20):
            va = self.safe_va(CODE, 4, el == 2)
            if va is None or va >> 56:
                va = None
                continue
            va &= ~3
            if not self.device_fetch(va, el == 2):
                break
            va = None
        if va is None:
            return
        if el != 2:
            self.phase.fetched.add(va & ~0xFFF)
        self.emit("bl clear")
        self.mov("x1", va)
        self.op_line(el, "blr x1", va, ["blr x1"], mmu2=el == 2)

    def device_fetch(self, va, el2=False):
        """Whether a fetch from va, as the tables were built, is from Device memory (such
        fetches are left out); at EL2 with SCTLR_EL2.M set where el2."""
        p = self.phase
        if el2:
            w = self.el2_walk(va)
            return w is not None and (p.mair2 >> (8 * w[1].attrs["idx"]) & 0xF0) == 0
        s1 = self.s1_walk(va)
        if s1 is None:
            return False
        if s1[1] is not None and (p.mair >> (8 * s1[1].attrs["idx"]) & 0xF0) == 0:
            return True
        s2 = self.s2_walk(s1[0])
        return s2 is not None and s2[1] is not None and s2[1].attrs["memattr"] < 4

    def op_line(self, el, what, va, code, post=(), tagged=False, mmu2=False):
        """A transcript line of code run at el (EL2: in line; mmu2: with SCTLR_EL2.M set
        around it, x27 and x28 holding SCTLR_EL2 with and without it)."""
        self.line(f"phase {self.phase.n} EL{el}: {what} {self.describe(va, mmu2)}")
        if mmu2:
            code = ["msr sctlr_el2, x27", "isb", *code, "msr sctlr_el2, x28", "isb"]
        self.run_at(el, code)
        for ins in post:
            self.emit(ins)
        if tagged:  # FAR_ELx bits 63:56 are UNKNOWN for a tagged address
            self.emit("and x21, x21, #0x00ffffffffffffff")
        self.report()

    # --- TLB maintenance ----------------------------------------------------
    def maint_op(self):
        """Changes one translation table entry of the phase between two runs of a probe
        (a load, a BLR or an AT) of an address it translates, and makes the change
        visible as the Arm ARM requires: break-before-make (the entry invalid, a TLBI
        sequence that covers it, then the new entry), or the new entry and a switch to an
        ASID or a VMID the phase has not used. A TLB that keeps what the sequence removes
        shows the old translation, where QEMU walks the new one."""
        r = self.r
        p = self.phase
        kinds = ["el2"]
        if p.m and not p.dc and p.s1_leaves:
            kinds += ["s1", "s1", "s1", "table"]
        if p.vm and p.s2_test:
            kinds += ["s2", "s2", "s2table"]
        if p.vm and p.m and not p.dc and p.s2_window:
            kinds += ["window"]
        fetch = r.random() < 0.3
        pool = CODE if fetch else DATA
        kind = r.choice(kinds)
        change = getattr(self, f"change_{kind}")(self.pool_target(pool))
        if change is None:
            return
        va, el2, tree, t, idx, new, steps = change
        va &= ~3 if fetch else ~7
        e = tree.entries[t][idx]
        if e[0] == "leaf":
            leaf = e[1]
            old = (leaf.out, leaf.attrs, leaf.bad)

            def put(state):
                leaf.out, leaf.attrs, leaf.bad = state
        else:
            old = e

            def put(state):
                tree.entries[t][idx] = state
        def safe():  # the probe's access stays in its pool, or faults, as the tables are
            dest = self.destination(va, el2)
            return dest is None or (pool_contains(pool, dest, 4 if fetch else 8)
                                    and not (fetch and self.device_fetch(va, el2)))
        safe_old = safe()
        put(new)
        safe_new = safe()
        put(old)
        el = 2 if el2 else r.choice([0, 1, 1])
        if not (safe_old and safe_new):
            probe = ("at", "s1e2r" if el2 else r.choice(AT_S1 + AT_S12))
        else:
            probe = ("fetch", "blr x1") if fetch else ("load", "ldr x0, [x1]")
        self.probe(el, va, probe, "before a change")
        put(new)
        e = tree.entries[t][idx]
        value = self.leaf_desc(e[1], e[2], tree) if e[0] == "leaf" else self.table_desc(e, tree)
        what = self.change_entry(t + 8 * idx, value, steps)
        self.probe(el, va, probe, f"after {CHANGED[kind]} changed at PA 0x{t + 8 * idx:x} "
                   f"and {what}")

    def probe(self, el, va, probe, when):
        kind, ins = probe
        if kind == "at":
            self.at_line(2, ins, va, f"at {ins} {when}", mmu2=ins == "s1e2r")
            return
        self.emit("bl clear")
        self.mov("x1", va)
        if kind == "load":
            self.mov("x0", SENTINEL)
        elif el != 2:
            self.phase.fetched.add(va & ~0xFFF)
        self.op_line(el, f"{ins} {when}", va, [ins], mmu2=el == 2)

    def change_entry(self, pa, value, steps):
        """Writes value to the descriptor at pa and runs steps: TLBIs (op, Xt) after the
        descriptor is made invalid and before it is written (break-before-make), or
        ("asid",) or ("vmid",) after it is written. Returns the steps as text."""
        r = self.r
        p = self.phase
        self.mov("x16", pa)
        self.mov("x17", value)
        if steps[0][0] in ("asid", "vmid"):
            self.emit("str x17, [x16]")
            self.emit("dsb ish")
            if steps[0][0] == "asid":
                p.asid = self.fresh(p.used_asids, 16 if p.as16 else 8, p.asid)
                p.ttbr0 = p.ttbr0 & ~(0xFFFF << 48) | p.asid << 48
                p.ttbr1 = p.ttbr1 & ~(0xFFFF << 48) | p.asid << 48
                regs = (("ttbr0_el1", p.ttbr0), ("ttbr1_el1", p.ttbr1))
                what = f"ASID 0x{p.asid:x}"
            else:
                p.vmid = self.fresh(p.used_vmids, 8, p.vmid)
                p.vttbr = p.vttbr & ~(0xFFFF << 48) | p.vmid << 48
                regs = (("vttbr_el2", p.vttbr),)
                what = f"VMID 0x{p.vmid:x}"
            for reg, v in regs:
                self.mov("x1", v)
                self.emit(f"msr {reg}, x1")
            self.emit("isb")
            return "a switch to " + what
        self.emit("str xzr, [x16]")
        self.emit("dsb ish")
        done = []
        for op, xt in steps:
            at_el1 = op in EL1_TLBI and r.random() < 0.4
            ins = f"tlbi {op}{'is' if r.random() < 0.5 else ''}" + (
                "" if op.startswith(("vmall", "all")) else ", x1")
            self.mov("x1", xt)
            if at_el1:
                # Issued by EL1: a line of its own (an exception would show there).
                self.line(f"phase {p.n} EL1: {ins} (x1 0x{xt:x})")
                self.emit("bl clear")
                self.mov("x1", xt)
                self.run_at(1, [ins, "dsb ish"])
                self.report()
                done.append(f"{ins} at EL1")
            else:
                self.emit(ins)
                self.emit("dsb ish")
                done.append(ins)
        self.emit("str x17, [x16]")
        self.emit("dsb ish")
        self.emit("isb")
        return "; ".join(f"{d} (x1 0x{xt:x})" if "x1" in d else d
                         for d, (_, xt) in zip(done, steps))

    def fresh(self, used, bits, old):
        """An ASID or VMID of bits bits not in used (and now in it): sometimes one that
        differs from old only in its upper byte."""
        r = self.r
        while True:
            v = r.getrandbits(bits)
            if bits == 16 and r.random() < 0.3:
                v = old ^ r.randrange(1, 256) << 8
            if v not in used:
                used.add(v)
                return v

    def invalidations(self, ops, asid_ok=False):
        """One of the ways to make a change of the EL1&0 regime visible: ops (lists of
        TLBI (op, Xt) that cover it), the whole VMID or the whole regime, a new VMID, or
        (asid_ok: the old entry not global) a TLBI by ASID or a new ASID."""
        r = self.r
        p = self.phase
        ways = ops + [[("vmalls12e1", 0)], [("alle1", 0)], [("vmid",)]]
        if asid_ok:
            ways += [[("aside1", p.asid << 48)], [("asid",)]]
        return r.choice(ways)

    def tlbi_va(self, leaf):
        """Xt's VA field for a TLBI by VA: a page of the leaf's range (bits 55:12)."""
        return (leaf.va + self.r.randrange(leaf.size)) >> 12 & ((1 << 44) - 1)

    def tlbi_ipa(self, leaf):
        """Xt's IPA field for a TLBI by IPA: a page of a stage-2 leaf's range (IPA bits
        47:12)."""
        return self.tlbi_va(leaf) & ((1 << 36) - 1)

    def leading(self, cands, va_of, target, el2=False):
        """One of cands and its probe address va_of(c): one where the address leads to
        target's pool as the tables are now, through no entry broken on purpose and
        within the output size (so that a TLB may hold the translation), if one of ten
        drawn does."""
        pool = CODE if pool_contains(CODE, target) else DATA
        for _ in range(10):
            c = self.r.choice(cands)
            va = va_of(c)
            walks = [self.el2_walk(va)] if el2 else [self.s1_walk(va)]
            if walks[0] is not None and not el2:
                walks.append(self.s2_walk(walks[0][0]))
            if None not in walks and not any(w[2] for w in walks) and \
                    walks[0][0] >> (self.phase.ps2 if el2 else self.phase.ips) == 0 and \
                    pool_contains(pool, walks[-1][0]):
                break
        return c, va

    def change_s1(self, target):
        """A stage-1 leaf of the EL1&0 regime drawn anew."""
        p = self.phase
        leaf, va = self.leading(p.s1_leaves, lambda lf: self.s1_va_to(lf, target), target)
        tree = p.t1 if leaf.va >> 63 else p.t0
        t, idx = tree.slot(leaf.va)
        level = tree.entries[t][idx][2]
        new = self.s1_leaf(leaf.va, leaf.size, self.s1_out(), level)
        # QEMU 7.2 keeps the code it translated from pages of a block, or of a 64 KiB
        # page, other than the one a TLBI by VA names (tb_flush_jmp_cache() clears that
        # page's entries only): by VA only where the code run from the leaf (if any,
        # the probe's included) was in one 4 KiB page, and naming that page.
        fetched = p.fetched | ({va & ~0xFFF} if pool_contains(CODE, target) else set())
        fetched = sorted(pg for pg in fetched if leaf.va <= pg < leaf.va + leaf.size)
        xt = fetched[0] >> 12 & ((1 << 44) - 1) if fetched else self.tlbi_va(leaf)
        ops = [[("vmalle1", 0)]]
        if len(fetched) <= 1:
            ops += [[("vae1", xt | p.asid << 48)], [("vale1", xt | p.asid << 48)],
                    [("vaae1", xt)], [("vaale1", xt)]]
        steps = self.invalidations(ops, asid_ok=leaf.attrs["nG"] == 1)
        return va, False, tree, t, idx, (new.out, new.attrs, new.bad), steps

    def change_table(self, target):
        """The attributes (APTable, XNTable, PXNTable, NSTable) and the fault on purpose of
        a stage-1 table descriptor of the EL1&0 regime drawn anew (not on the image's
        path); by VMID or the whole regime, as a TLBI by VA covers one page's walk only."""
        r = self.r
        p = self.phase
        tree = r.choice([p.t0, p.t1])
        tables = [x for x in tree.tables()
                  if not (x[2] < IMAGE[0] + IMAGE[1] and IMAGE[0] < x[2] + x[3])]
        if not tables:
            return None
        under = [(x, lf) for x in tables for lf in p.s1_leaves if x[2] <= lf.va < x[2] + x[3]]
        if under:
            ((t, idx, _, _), _), va = self.leading(under, lambda u: self.s1_va_to(u[1], target),
                                                   target)
        else:
            t, idx, base, size = r.choice(tables)
            va = base + r.randrange(size)
        e = tree.entries[t][idx]
        attrs, bad = self.s1_table_attrs()
        return va, False, tree, t, idx, e[:3] + (attrs, bad), self.invalidations(
            [[("vmalle1", 0)]])

    def s2_probe(self, leaves, target):
        """One of the stage-2 leaves and a VA that reaches it: through a stage-1 leaf
        whose output range meets its input range, or with stage 1 off; None if no
        stage-1 leaf does."""
        r = self.r
        p = self.phase
        if not p.m or p.dc:
            return self.leading(leaves, lambda lf: lf.va + (target - lf.out) % lf.size, target)
        pairs = [(lf, l2) for l2 in leaves for lf in p.s1_leaves
                 if lf.out < l2.va + l2.size and l2.va < lf.out + lf.size]
        if not pairs:
            return None

        def va_of(pair):
            lf, l2 = pair
            ipa = l2.va + (target - l2.out) % l2.size
            if not lf.out <= ipa < lf.out + lf.size:
                lo, hi = max(lf.out, l2.va), min(lf.out + lf.size, l2.va + l2.size)
                ipa = lo + r.randrange(hi - lo)
            return lf.va + (ipa - lf.out)
        (_, leaf), va = self.leading(pairs, va_of, target)
        return leaf, va

    def change_s2(self, target):
        """A stage-2 leaf to a pool drawn anew; probed through a stage-1 leaf that leads
        into it, or with stage 1 off."""
        r = self.r
        p = self.phase
        probe = self.s2_probe(p.s2_test, target)
        if probe is None:
            return None
        leaf, va = probe
        t, idx = p.s2.slot(leaf.va)
        level = p.s2.entries[t][idx][2]
        new = self.s2_leaf(leaf.va, leaf.size, self.pool_target(), level)
        xt = self.tlbi_ipa(leaf)
        steps = self.invalidations([[(r.choice(["ipas2e1", "ipas2le1"]), xt), ("vmalle1", 0)]])
        return va, False, p.s2, t, idx, (new.out, new.attrs, new.bad), steps

    def change_s2table(self, target):
        """A stage-2 table descriptor made invalid, its address put past the output size,
        or made good again, where the input range it covers holds only leaves to pools:
        made visible by IPAS2E1 (every level) on a page of each of those leaves then
        VMALLE1, or by VMID or the whole regime; probed through one of them."""
        r = self.r
        p = self.phase
        kept = [lf for lf in p.s2_all if lf not in p.s2_test]  # the image, the window
        tables = [x for x in p.s2.tables()
                  if not any(x[2] < lf.va + lf.size and lf.va < x[2] + x[3] for lf in kept)]
        if not tables:
            return None
        t, idx, base, size = r.choice(tables)
        under = [lf for lf in p.s2_test if base <= lf.va < base + size]
        probe = self.s2_probe(under, target)
        if probe is None:
            return None
        _, va = probe
        e = p.s2.entries[t][idx]
        attrs, bad = {}, None
        if e[4] is None:
            bad = r.choice(["invalid", "oa"])
            if bad == "oa":
                attrs["oa_bit"] = self.oa_bit(p.ps)
        ops = [("ipas2e1", self.tlbi_ipa(lf)) for lf in under]
        steps = self.invalidations([ops + [("vmalle1", 0)]])
        return va, False, p.s2, t, idx, e[:3] + (attrs, bad), steps

    def change_window(self, target):
        """A page of stage 2's table window (one that maps stage-1 tables off the
        image's path) drawn anew: its permission, memory type and fault on purpose, so
        stage-1 walks that read those tables fault at stage 2 (S1PTW) or stop faulting;
        probed through a stage-1 leaf whose walk reads one of them."""
        r = self.r
        p = self.phase
        w = r.choice(p.s2_window)
        cands = [lf for lf in p.s1_leaves
                 if any(w.out <= pa < w.out + w.size
                        for pa in (p.t1 if lf.va >> 63 else p.t0).path(lf.va))]
        if not cands:
            return None
        _, va = self.leading(cands, lambda lf: self.s1_va_to(lf, target), target)
        t, idx = p.s2.slot(w.va)
        fault, s2ap, memattr = self.window_draw()
        attrs = self.window_attrs(fault, s2ap, memattr)
        xt = self.tlbi_ipa(w)
        steps = self.invalidations([[(r.choice(["ipas2e1", "ipas2le1"]), xt), ("vmalle1", 0)]])
        return va, False, p.s2, t, idx, (w.out, attrs, fault), steps

    def change_el2(self, target):
        """A leaf of the EL2 regime drawn anew: by VA or ALLE2."""
        r = self.r
        p = self.phase
        leaf, va = self.leading(p.el2_leaves, lambda lf: lf.va + (target - lf.out) % lf.size,
                                target, el2=True)
        t, idx = p.e2.slot(leaf.va)
        level = p.e2.entries[t][idx][2]
        new = self.s1_leaf(leaf.va, leaf.size, self.el2_out(), level, el2=True)
        steps = r.choice([[(r.choice(["vae2", "vale2"]), self.tlbi_va(leaf))], [("alle2", 0)]])
        return va, True, p.e2, t, idx, (new.out, new.attrs, new.bad), steps

    def phase_setup(self, p):
        self.line(f"phase {p.n}: TCR_EL1 0x{p.tcr:x} MAIR 0x{p.mair:x} SCTLR 0x{p.sctlr:x} "
                  f"HCR 0x{p.hcr:x} VTCR 0x{p.vtcr:x} TCR_EL2 0x{p.tcr2:x} "
                  f"MAIR_EL2 0x{p.mair2:x} SCTLR_EL2 0x{p.sctlr2:x}")
        for reg, v in (("hcr_el2", 1 << 31), ("sctlr_el1", 0x30D00800), ("tcr_el1", p.tcr),
                       ("mair_el1", p.mair), ("ttbr0_el1", p.ttbr0), ("ttbr1_el1", p.ttbr1),
                       ("vtcr_el2", p.vtcr), ("vttbr_el2", p.vttbr), ("sctlr_el1", p.sctlr),
                       ("hcr_el2", p.hcr), ("tcr_el2", p.tcr2), ("mair_el2", p.mair2),
                       ("ttbr0_el2", p.ttbr2)):
            self.mov("x1", v)
            self.emit(f"msr {reg}, x1")
        self.mov("x27", p.sctlr2)
        self.mov("x28", SCTLR_EL2_RES1)
        self.emit("dsb ish")
        self.emit("tlbi alle2")
        self.emit("tlbi alle1")
        self.emit("dsb ish")
        self.emit("isb")
        self.emit("bl clear")
        self.emit("mrs x0, tcr_el1")
        self.report()

    def op(self):
        r = self.r
        c = r.random()
        if r.random() < 0.15:
            self.maint_op()
        elif c < 0.26:
            self.at_op(2)
        elif c < 0.34:
            self.at_el2_op()
        elif c < 0.46:
            self.at_op(1)
        elif c < 0.62:
            self.access_op(1)
        elif c < 0.74:
            self.access_op(0)
        elif c < 0.84:
            self.access_op(2)
        elif c < 0.89:
            self.fetch_op(1)
        elif c < 0.94:
            self.fetch_op(0)
        else:
            self.fetch_op(2)

    def generate(self):
        phases = [self.new_phase(n) for n in range(self.nphases)]
        for p in phases:
            self.phase = p
            self.phase_setup(p)
            for _ in range(self.nops):
                self.op()
        self.phase = None
        self.line("data pool checksum")
        self.emit("bl clear")
        self.emit("bl checksum")
        self.report()
        zero = "\n".join(f"    .quad 0x{a:x}, 0x{s:x}" for a, s in self.zero)
        writes = "\n".join(f"    .quad 0x{a:x}, 0x{v:x}" for a, v in self.writes)
        return (PROLOGUE + "\n".join(self.lines) + "\n" + EPILOGUE + "\n".join(self.snippets)
                + "\n\n    .data\n    .balign 8\nzero_list:\n" + zero + "\n    .quad 0, 0\n"
                + "write_list:\n" + writes + "\n    .quad 0, 0\n")


def branch_vectors(label, handler):
    """A vector table at label whose entry at offset off branches to handler(off)."""
    return f"\n    .balign 2048\n{label}:\n" + "".join(
        f"    .balign 128\n    b {handler(off)}\n" for off in range(0, 0x800, 0x80))


PROLOGUE = f"""// generated by mmu_diff.py
    .equ DATA_START_HI, 0x{DATA[0] >> 16:x}
    .equ DATA_END_HI, 0x{(DATA[0] + DATA[1]) >> 16:x}
    .section .text.boot, "ax"
    .global _start
_start:
    msr daifset, #0xf
    movz x28, #0x{SCTLR_EL2_RES1 & 0xFFFF:x}
    movk x28, #0x{SCTLR_EL2_RES1 >> 16:x}, lsl #16  // SCTLR_EL2 with the MMU off
    adr x0, vectors
    msr vbar_el2, x0
    adr x0, vectors_el1
    msr vbar_el1, x0
    mov x0, #(1 << 31)
    msr hcr_el2, x0
    isb
    movz w5, #0x0077
    movk w5, #0x5a00, lsl #16   // ESR_EL2 of HVC #0x77 (the end of EL1 code)
    movz w6, #0x0077
    movk w6, #0x5600, lsl #16   // ESR_EL1 of SVC #0x77 (the end of EL0 code)
    // The data pool: each doubleword its address ^ DATA_TAG.
    movz x0, #0x{DATA[0] >> 16:x}, lsl #16
    movz x1, #0x{(DATA[0] + DATA[1]) >> 16:x}, lsl #16
    movz x2, #0x{DATA_TAG >> 48:x}, lsl #48
1:  eor x3, x0, x2
    str x3, [x0], #8
    cmp x0, x1
    b.lo 1b
    // The code pool: each word SVC #(0x8000 | offset / 4).
    movz x0, #0x{CODE[0] >> 16:x}, lsl #16
    movz x1, #0x{(CODE[0] + CODE[1]) >> 16:x}, lsl #16
    movz w2, #0x0001
    movk w2, #0xd410, lsl #16   // SVC #0x8000
1:  str w2, [x0], #4
    add w2, w2, #0x20           // the next immediate
    cmp x0, x1
    b.lo 1b
    // The tables: zeroed, then their entries written.
    adr x0, zero_list
1:  ldp x1, x2, [x0], #16
    cbz x1, 3f
2:  str xzr, [x1], #8
    subs x2, x2, #8
    b.ne 2b
    b 1b
3:  adr x0, write_list
1:  ldp x1, x2, [x0], #16
    cbz x1, 2f
    str x2, [x1]
    b 1b
2:  dsb ish
    ic iallu
    dsb ish
    isb
"""

EPILOGUE = r"""    b finish

// Clears the record of the next operation.
clear:
    mov x0, #0
    mov x20, #0
    mov x21, #0
    mov x22, #0
    mov x23, #0
    ret

// PAR_EL1 in x0 without what is UNKNOWN or IMPLEMENTATION DEFINED: for a completed
// translation ATTR, PA, bit 11 and SH (SH only for Normal cacheable memory: QEMU 7.2
// reports the shareability of Device and Normal Non-cacheable memory as it is, not as
// Outer Shareable); for a fault FST, PTW and S.
par_mask:
    tbnz x0, #0, 1f
    movz x3, #0xf981
    movk x3, #0xffff, lsl #16
    movk x3, #0xffff, lsl #32
    movk x3, #0xff00, lsl #48
    and x0, x0, x3
    lsr x3, x0, #56
    cmp x3, #0x44
    b.eq 2f
    tst x3, #0xf0
    b.ne 3f
2:  bic x0, x0, #0x180
3:  ret
1:  mov x3, #0xb7f
    and x0, x0, x3
    // PTW (a stage-2 fault on the stage-1 walk): FST's level as in el2_sync.
    tbz x0, #8, 2f
    bic x0, x0, #6
2:  ret

// A completed translation to Device memory: without the Device type, ATTR[3:2]
// (qemu_device_type_differs in mmu_diff.py).
par_device_type:
    tbnz x0, #0, 1f
    tst x0, #(0xf0 << 56)
    b.ne 1f
    bic x0, x0, #(0xc << 56)
1:  ret

// The data pool's checksum in x0.
checksum:
    movz x1, #DATA_START_HI, lsl #16
    movz x2, #DATA_END_HI, lsl #16
    mov x0, #0
1:  ldr x3, [x1], #8
    eor x0, x3, x0, ror #59
    cmp x1, x2
    b.lo 1b
    ret

// x0: value, x1: line number.  Prints "nnnn value count syndrome far hpfar".
""" + report_routine([("x26", 16), ("x22", 1), ("x20", 10), ("x21", 16), ("x23", 11)]) + """
// at_el1, at_el0: the code at x4, which ends with HVC #0x77 (SVC #0x77 at EL0, passed
// on by EL1), or an exception ends it, back to at_el*'s caller.
""" + ENTER_LOWER_EL + r"""
// A synchronous exception taken to EL2 from EL1 or EL0: the end of the code, or
// recorded (the syndrome with the exception level in bits 35:32, FAR_EL2 and
// HPFAR_EL2 for an abort) and the end.
el2_sync:
    mrs x3, spsr_el2
    and x3, x3, #0xc
    cmp x3, #0x8
    b.eq unexpected
    mrs x3, esr_el2
    cmp w3, w5
    b.eq 2f
    add x22, x22, #1
    orr x20, x3, #(2 << 32)
    lsr x7, x3, #26
    cmp x7, #0x20
    b.eq 1f
    cmp x7, #0x24
    b.ne 2f
1:  mrs x21, far_el2
    mrs x23, hpfar_el2
    // A stage-2 fault on a stage-1 walk (S1PTW): its level is the stage-2 lookup's
    // (Arm ARM, AArch64.SecondStageWalk), QEMU 7.2 reports the stage-1 walk's.
    tbz x3, #7, 2f
    bic x20, x20, #3
2:  mov x30, x24
    ret

// A synchronous exception taken to EL2 from EL2, in an operation of the EL2 regime
// (SCTLR_EL2.M set): recorded (FAR_EL2 for an abort), then the run goes on after the
// access (a data abort), or after the BLR (an instruction abort, a PC alignment
// fault, or the SVC the code pool holds).
el2_same:
    mrs x3, esr_el2
    add x22, x22, #1
    orr x20, x3, #(2 << 32)
    lsr x7, x3, #26
    cmp x7, #0x25
    b.eq 1f
    cmp x7, #0x15
    b.eq 3f
    cmp x7, #0x21
    b.eq 2f
    cmp x7, #0x22
    b.ne unexpected
2:  mrs x21, far_el2
3:  msr elr_el2, x30
    eret
    // A data abort: ISS[24:14] (ISV and the instruction syndrome) cleared. ESR_EL2
    // holds an instruction syndrome for stage-2 aborts only (the Arm ARM's ISV); QEMU
    // 7.2 gives one to EL2's own stage-1 aborts too.
1:  bic x20, x20, #0x1ffc000
    mrs x21, far_el2
    mrs x7, elr_el2
    add x7, x7, #4
    msr elr_el2, x7
    eret

unexpected:
    msr sctlr_el2, x28          // the EL2 regime off: the console is not mapped
    isb
    adr x0, unexpected_msg
    bl putstr
    mrs x0, esr_el2
    mov x1, #8
    bl puthex
    mov w0, #' '
    bl putc
    mrs x0, elr_el2
    mov x1, #16
    bl puthex
    mov w0, #'\n'
    bl putc
    b finish
unexpected_msg:
    .asciz "UNEXPECTED EXCEPTION AT EL2, ESR "
    .balign 4

// A synchronous exception taken to EL1: the end of EL0 code, or recorded (the
// syndrome, FAR_EL1 for an abort or a PC alignment fault) and the end.
el1_sync:
    mrs x3, esr_el1
    cmp w3, w6
    b.eq 2f
    add x22, x22, #1
    orr x20, x3, #(1 << 32)
    lsr x7, x3, #26
    cmp x7, #0x20
    b.lo 2f
    cmp x7, #0x25
    b.hi 2f
    cmp x7, #0x23
    b.eq 2f
    mrs x21, far_el1
2:  hvc #0x77

el1_async:
    hvc #0x78

""" + CONSOLE + FINISH + branch_vectors(
    "vectors", lambda off: {0x200: "el2_same", 0x400: "el2_sync"}.get(off, "unexpected")) \
    + branch_vectors("vectors_el1", lambda off: "el1_sync" if off % 0x200 == 0 else "el1_async") \
    + """

// The EL0 and EL1 code of the run.
"""


def add_args(ap):
    ap.add_argument("--phases", type=int, default=4, help="translation regimes per seed")
    ap.add_argument("--ops", type=int, default=60, help="operations per phase")
    ap.add_argument("--context", type=int, default=30,
                    help="operations shown before a differing line")


def main():
    return transcript_main(__doc__, "mmu", add_args, lambda a, seed: Gen(seed, a.phases, a.ops),
                           lambda a: f"{a.phases} phases x {a.ops} operations each")


if __name__ == "__main__":
    sys.exit(main())
