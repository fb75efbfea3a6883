#!/usr/bin/python3
"""Random differential testing of system registers, their traps and the generic timer.

For every seed: generate an image that makes a random sequence of system-register
accesses (MRS, MSR), system instructions (cache and TLB maintenance, address
translation), exception-generating instructions, floating-point accesses and WFI
(where it traps or a virtual interrupt wakes it), each at EL0, EL1 or EL2, under
random trap controls (HCR_EL2, CPTR_EL2, MDCR_EL2, CNTHCTL_EL2, CPACR_EL1,
CNTKCTL_EL1, SCTLR_EL1, PMUSERENR_EL0) and virtual interrupts (HCR_EL2.VI/VF/VSE,
taken where an access unmasks them); build it (clang --target=aarch64-none-elf,
ld.lld), run it on el2sim and on qemu-system-aarch64, and compare the transcripts: one
line per access, with the value read and the exception it took (the exception level it
went to and its syndrome), then the value of every register readable at EL2. The
generic timers compare their counts with CVALs and offsets far apart (multiples of
2^40 against counts below 2^39), and the timers' interrupt lines are read at the
distributor, so nothing depends on time; the counters themselves are compared above
bit 39 and TVAL only for its traps.

On a difference it prints the first differing line and the accesses before it. Fails
on any difference, a non-zero exit, a timeout, or a missing QEMU or toolchain (never a
skip).

  sysreg_diff.py --el2sim build/bin/el2sim --seeds 1-50
  sysreg_diff.py --el2sim ... --seeds 7 --keep /tmp/sr   # keep the images
"""
import sys

from risugen import CONSOLE, FINISH
from run_conf import ENTER_LOWER_EL, TranscriptGen, report_routine, transcript_main

GICD_ISPENDR0 = 0x08000200
# The interrupt lines a run can raise: the PMU's (PPI 7, INTID 23) and the timers'
# (CNTHP 26, CNTV 27, CNTP 30).
PPI_LINES = (1 << 23) | (1 << 26) | (1 << 27) | (1 << 30)

HCR = {"FMO": 3, "IMO": 4, "AMO": 5, "VF": 6, "VI": 7, "VSE": 8, "TWI": 13, "TWE": 14,
       "TID0": 15, "TID1": 16, "TID2": 17, "TID3": 18, "TSC": 19, "TIDCP": 20, "TACR": 21,
       "TSW": 22, "TPC": 23, "TPU": 24, "TTLB": 25, "TVM": 26, "TGE": 27, "TDZ": 28,
       "TRVM": 30, "RW": 31, "CD": 32, "ID": 33}
VIRTUAL = (("VI", "IMO"), ("VF", "FMO"), ("VSE", "AMO"))  # virtual interrupts, routing

# The registers: name -> (lowest EL, access, write policy, compare). Write policies
# name a method of Gen (w_<policy>) that returns a value, or "none" (never written: the
# run's own vectors, SCTLR_EL2). Compare: a mask of the bits ARMv8.0 defines, without
# EL3, AArch32 or mixed endianness (QEMU 7.2 keeps whatever is written to most
# registers, RES0 bits included, and reads RES1 bits as written; el2sim keeps the
# defined bits and reads RES1 bits as one), "none" (only the exception is compared:
# TVAL, which depends on time; the IMPLEMENTATION DEFINED registers, which QEMU 7.2
# makes RAZ/WI), "hi" (bits 63:39 only: the counters) or "par" (see at_el()).
ALL = (1 << 64) - 1
LOW32 = 0xFFFFFFFF
REGS = {}


def regs(min_el, access, wpol, cmp, *names):
    for n in names:
        REGS[n] = (min_el, access, wpol, cmp)


# EL0-accessible.
regs(0, "r", "none", ALL, "ctr_el0", "dczid_el0", "mdccsr_el0")
regs(0, "rw", "any", ALL, "nzcv", "tpidr_el0", "tpidrro_el0", "pmccntr_el0")
regs(0, "rw", "any", 0x07F70000, "fpcr")  # AHP DN FZ RMode Stride Len
regs(0, "rw", "any", 0xF800009F, "fpsr")
regs(0, "rw", "daif", ALL, "daif")
# The PMU: six event counters, evtCount 10 bits wide, no EL3 filtering (NSK, NSU, M).
PMU_COUNTERS = 0x8000003F
PMU_FILTER = 0xC8000000  # P U NSH
regs(0, "rw", "any", PMU_COUNTERS, "pmcntenset_el0", "pmcntenclr_el0", "pmovsclr_el0",
     "pmovsset_el0")
regs(0, "rw", "any", LOW32, "pmxevcntr_el0", *[f"pmevcntr{n}_el0" for n in range(6)])
regs(0, "rw", "any", PMU_FILTER | 0x3FF, "pmxevtyper_el0",
     *[f"pmevtyper{n}_el0" for n in range(6)])
regs(0, "rw", "any", PMU_FILTER, "pmccfiltr_el0")
regs(0, "rw", "pmuserenr", 0xF, "pmuserenr_el0")
regs(0, "rw", "pmcr", 0xFFFFFF7F, "pmcr_el0")  # not LP (ARMv8.5)
regs(0, "rw", "pmselr", 0x1F, "pmselr_el0")
regs(0, "w", "any", ALL, "pmswinc_el0")
regs(0, "rw", "any", LOW32, "cntfrq_el0")
regs(0, "rw", "any", 0x7, "cntp_ctl_el0", "cntv_ctl_el0")
regs(0, "rw", "cval", ALL, "cntp_cval_el0", "cntv_cval_el0")
regs(0, "r", "none", "hi", "cntpct_el0", "cntvct_el0")
regs(0, "r", "none", "none", "cntp_tval_el0", "cntv_tval_el0")
# EL1.
regs(1, "r", "none", LOW32, "midr_el1")  # VPIDR_EL2 at EL1
regs(1, "r", "none", ALL, "revidr_el1", "currentel", "isr_el1", "ccsidr_el1",
     "clidr_el1", "aidr_el1", "vbar_el1", "oslsr_el1", "mdrar_el1", "id_aa64pfr1_el1",
     "id_aa64dfr0_el1", "id_aa64dfr1_el1", "id_aa64afr0_el1", "id_aa64afr1_el1",
     "id_aa64isar0_el1", "id_aa64isar1_el1", "id_aa64mmfr1_el1")
# EL0, EL1 and EL2 without AArch32 (QEMU 7.2's Cortex-A57 has it: 0x222); PARange and
# the granules only (el2sim has no mixed endianness or Secure memory: QEMU 0x1124).
regs(1, "r", "none", 0xFFFFFFFFFFFFF000, "id_aa64pfr0_el1")
regs(1, "r", "none", 0xFFFFFFFFFFFF00FF, "id_aa64mmfr0_el1")
regs(1, "r", "none", 0xFF41FFFFFF, "mpidr_el1")  # VMPIDR_EL2 at EL1
regs(1, "rw", "any", ALL & ~1, "ttbr0_el1", "ttbr1_el1")  # not CnP (ARMv8.2)
regs(1, "rw", "any", ALL, "elr_el1", "sp_el0", "far_el1", "mair_el1", "tpidr_el1")
regs(1, "rw", "any", "none", "actlr_el1", "afsr0_el1", "afsr1_el1", "amair_el1")
regs(1, "rw", "any", 0x10300000, "cpacr_el1")  # TTA FPEN
regs(1, "rw", "any", 0x77FFFFFFBF, "tcr_el1")
regs(1, "rw", "any", 0xF03003DF, "spsr_el1")  # NZCV SS IL DAIF M
regs(1, "rw", "any", LOW32, "esr_el1", "contextidr_el1")
regs(1, "rw", "any", PMU_COUNTERS, "pmintenset_el1", "pmintenclr_el1")
regs(1, "rw", "any", 0x3FF, "cntkctl_el1")
regs(1, "rw", "any", 0xF, "csselr_el1")
regs(1, "rw", "any", 1, "osdlr_el1")
regs(1, "rw", "any", "par", "par_el1")
# M A C SA SA0 CP15BEN ITD SED UMA I DZE UCT nTWI nTWE WXN UCI
regs(1, "rw", "sctlr", 0x040DD3BF, "sctlr_el1")
regs(1, "rw", "spsel", ALL, "spsel")
regs(1, "rw", "mdscr", 0xF001, "mdscr_el1")  # SS TDCC KDE HDE MDE
regs(1, "w", "any", ALL, "oslar_el1")
# Breakpoints and watchpoints are not modelled (their registers read as zero): only
# their traps are compared, and only zero is written (QEMU would arm them).
regs(1, "rw", "zero", "none", "dbgbvr0_el1", "dbgbcr0_el1", "dbgwvr0_el1", "dbgwcr0_el1",
     "dbgbcr5_el1", "mdccint_el1")
# EL2.
regs(2, "r", "none", 0x0008100F, "sctlr_el2")  # M A C SA I WXN
regs(2, "r", "none", ALL, "vbar_el2", "rvbar_el2")
regs(2, "rw", "any", ALL, "elr_el2", "sp_el1", "far_el2", "mair_el2", "tpidr_el2")
regs(2, "rw", "any", "none", "actlr_el2", "hacr_el2", "afsr0_el2", "afsr1_el2",
     "amair_el2")
regs(2, "rw", "any", LOW32, "vpidr_el2", "dacr32_el2", "spsr_irq", "spsr_abt", "spsr_und",
     "spsr_fiq", "ifsr32_el2", "esr_el2", "fpexc32_el2", "dbgvcr32_el2")
regs(2, "rw", "any", 0xFF41FFFFFF, "vmpidr_el2")  # Aff3 U MT Aff2-0
regs(2, "rw", "any", 0x80100400, "cptr_el2")  # TCPAC TTA TFP
regs(2, "rw", "any", 0xBFEF, "hstr_el2")
regs(2, "rw", "any", 0xFFFFFFFFFFFE, "ttbr0_el2")  # no ASID, no CnP
regs(2, "rw", "any", 0x0017FF3F, "tcr_el2")  # T0SZ IRGN0 ORGN0 SH0 TG0 PS TBI
regs(2, "rw", "any", 0x00FFFFFFFFFFFFFE, "vttbr_el2")  # 8-bit VMID
regs(2, "rw", "any", 0x0007FFFF, "vtcr_el2")  # T0SZ SL0 IRGN0 ORGN0 SH0 TG0 PS
regs(2, "rw", "any", 0xF03003DF, "spsr_el2")
regs(2, "rw", "any", 0xFFFFFFFF0, "hpfar_el2")  # FIPA, 44-bit physical addresses
regs(2, "rw", "any", 0xFF, "cnthctl_el2")  # EL1PCTEN EL1PCEN EVNTEN EVNTDIR EVNTI
regs(2, "rw", "any", 0x7, "cnthp_ctl_el2")
regs(2, "rw", "hcr", (1 << 34) - 1, "hcr_el2")
regs(2, "rw", "mdcr", 0xFFF, "mdcr_el2")
regs(2, "rw", "cval", ALL, "cnthp_cval_el2")
regs(2, "rw", "cntvoff", ALL, "cntvoff_el2")
regs(2, "r", "none", "none", "cnthp_tval_el2")

# System instructions: name -> lowest EL (below it: UNDEFINED). Those that take an
# address take the scratch line's (x1).
SYS = {"dc zva": 0, "dc civac": 0, "dc cvac": 0, "dc cvau": 0, "ic ivau": 0, "dc ivac": 1,
       "dc isw": 1, "dc csw": 1, "dc cisw": 1, "ic iallu": 1, "ic ialluis": 1,
       "tlbi vmalle1": 1, "tlbi vmalle1is": 1, "tlbi vae1": 1, "tlbi aside1is": 1,
       "tlbi vaae1": 1, "at s1e1r": 1, "at s1e1w": 1, "at s1e0r": 1, "at s1e0w": 1,
       "tlbi alle2": 2, "tlbi vmalls12e1": 2, "tlbi alle1": 2, "tlbi ipas2e1is": 2,
       "tlbi vae2": 2, "at s12e1r": 2, "at s12e0w": 2, "at s1e2r": 2}
NO_OPERAND = ("ic iallu", "ic ialluis", "tlbi vmalle1", "tlbi vmalle1is", "tlbi alle2",
              "tlbi vmalls12e1", "tlbi alle1")


class Gen(TranscriptGen):
    """One seed's access sequence, as assembly text and a description per line."""

    def __init__(self, seed, ops):
        super().__init__(seed)
        self.nops = ops
        self.hcr = 1 << HCR["RW"]  # as the generator last wrote it (only EL2 writes it)
        # QEMU 7.2 lets EL0 at the registers PMUSERENR_EL0.ER, CR and SW open without
        # looking at MDCR_EL2.TPM: a seed either sets those or TPM, never both.
        self.pmu_el0 = self.r.random() < 0.5
        # CNTHCTL_EL2 as last written at EL2: QEMU 7.2 traps EL0's reads of CNTPCT_EL0
        # on EL1PCEN (bit 1) instead of EL1PCTEN (bit 0), so EL0 reads it only while the
        # two are equal.
        self.cnthctl = 3

    # --- values -------------------------------------------------------------
    def w_any(self):
        r = self.r
        c = r.random()
        if c < 0.15:
            return 0
        if c < 0.25:
            return (1 << 64) - 1
        if c < 0.5:
            return 1 << r.randrange(64)
        if c < 0.6:
            return r.getrandbits(32)
        return r.getrandbits(64)

    def w_zero(self):
        return 0

    def w_daif(self):
        """D set or clear, at most one of A, I and F clear (see unmask_op)."""
        r = self.r
        return r.choice([0, 0x200]) | 0x1C0 & ~r.choice([0, 0x100, 0x80, 0x40])

    def w_spsel(self):
        return self.r.randrange(2)

    def w_pmselr(self):
        return self.r.choice([0, 1, 2, 5, 6, 7, 30, 31, self.r.getrandbits(64)])

    def w_pmcr(self):
        """Not E: no counter counts (with PMCR_EL0.E clear and MDCR_EL2.HPME clear)."""
        return self.w_any() & ~1

    def w_mdcr(self):
        """HPMN the number of counters (EL1 and EL0 see all six: QEMU 7.2 ignores HPMN),
        HPME clear, TPMCR clear (QEMU 7.2 does not trap PMCR_EL0 on it; MDCR_EL2.TPM
        traps it along with the other PMU registers), TPM clear where the seed gives
        EL0 the PMU (pmu_el0)."""
        v = self.w_any() & ~((1 << 7) | (1 << 5) | 0x1F) | 6
        return v & ~(1 << 6) if self.pmu_el0 else v

    def w_pmuserenr(self):
        """EN and, where the seed gives EL0 the PMU (pmu_el0), ER, CR and SW."""
        return self.w_any() & (0xF if self.pmu_el0 else 0x1)

    def w_sctlr(self):
        """Not M (translation), EE or E0E (endianness): the run's code must keep
        running as it is."""
        return self.w_any() & ~((1 << 0) | (1 << 25) | (1 << 24))

    def w_mdscr(self):
        """Not SS, KDE or MDE: no debug exception; not TDCC (QEMU 7.2 does not trap on
        it)."""
        return self.w_any() & ~((1 << 0) | (1 << 12) | (1 << 13) | (1 << 15))

    def w_cval(self):
        """A compare value far from any count the run reaches: the counts are below
        2^39 plus a multiple of 2^40 (w_cntvoff)."""
        r = self.r
        c = r.random()
        if c < 0.2:
            return 0
        if c < 0.3:
            return (1 << 64) - 1
        return (self.offset_multiple() << 40) + (1 << 39)

    def offset_multiple(self):
        return self.r.choice([0, 1, 2, (1 << 24) - 1, 1 << 23, self.r.getrandbits(24)])

    def w_cntvoff(self):
        """The virtual count is the physical count minus this: a multiple of 2^40."""
        return (-(self.offset_multiple() << 40)) & ((1 << 64) - 1)

    def w_hcr(self):
        """Trap and routing controls and virtual interrupts; never VM or DC (the run's
        code has no stage 2), E2H or HCD (the run's EL1 code ends with HVC), and RW set
        (EL1 is AArch64)."""
        r = self.r
        v = 0
        for bit in HCR.values():
            if r.random() < 0.15:
                v |= 1 << bit
        if r.random() < 0.1:
            v |= r.getrandbits(64) & ~((1 << 0) | (1 << 12) | (1 << 29) | (1 << 34))
        if r.random() < 0.3:  # a virtual interrupt and its routing, to be taken
            pend, route = r.choice([("VI", "IMO"), ("VF", "FMO"), ("VSE", "AMO")])
            v |= 1 << HCR[pend] | 1 << HCR[route]
        return v | 1 << HCR["RW"]

    # --- transcript ---------------------------------------------------------
    def at_el(self, el, desc, code, cmp=ALL):
        """Runs the instructions code at EL el (EL0 and EL1 through a snippet entered
        by ERET with every exception masked) and reports x0 (as cmp says) and the
        exceptions taken on the way."""
        self.line(desc)
        self.emit("mov x0, #0")
        self.emit("mov x20, #0")
        self.emit("mov x22, #0")
        self.run_at(el, code)
        if cmp == "none":
            self.emit("mov x0, #0")
        elif cmp == "hi":
            self.emit("lsr x0, x0, #39")
        elif cmp != "par" and cmp != ALL:
            self.mov("x3", cmp)
            self.emit("and x0, x0, x3")
        if cmp == "par":
            # Successful translations without SH[1:0] (bits 8:7): QEMU 7.2 reports the
            # shareability of Device and Normal Non-cacheable memory as it is, not as
            # Outer Shareable (0b10) as the Arm ARM's PAREncodeShareability() does.
            self.emit("bic x3, x0, #0x180")
            self.emit("tst x0, #1")
            self.emit("csel x0, x3, x0, eq")
        self.report()

    def pick_el(self, min_el):
        """An EL at or above min_el half the time; EL1 never while HCR_EL2.TGE is set
        (the run's EL1 code is not meant to run then)."""
        r = self.r
        els = [0, 1, 1, 2] if r.random() < 0.5 else [e for e in (0, 1, 1, 2) if e >= min_el]
        el = r.choice(els)
        if el == 1 and self.hcr >> HCR["TGE"] & 1:
            el = r.choice([0, 2])
        return el

    def reg_op(self, name=None, el=None, direction=None):
        r = self.r
        name = name or r.choice(list(REGS))
        min_el, access, wpol, cmp = REGS[name]
        if el is None:
            el = self.pick_el(min_el)
            if el == 0 and name == "cntpct_el0" and self.cnthctl & 3 in (1, 2):
                el = 2 if self.hcr >> HCR["TGE"] & 1 else r.choice([1, 2])
        if direction is None:
            direction = r.choice(["r", "w"]) if access == "rw" else access
            if direction == "w" and wpol == "none":
                direction = "r"
        if direction == "r":
            self.at_el(el, f"EL{el}: mrs {name}", [f"mrs x0, {name}"], cmp)
            return
        if name == "hcr_el2" and el != 2:
            v = self.w_any()  # an UNDEFINED write: any value
        else:
            v = getattr(self, "w_" + wpol)()
        self.mov("x1", v)
        self.at_el(el, f"EL{el}: msr {name}, 0x{v:x}", [f"msr {name}, x1"])
        if name == "hcr_el2" and el == 2:
            self.hcr = v
        if name == "cnthctl_el2" and el == 2:
            self.cnthctl = v

    def sys_op(self):
        r = self.r
        name = r.choice(list(SYS))
        el = self.pick_el(SYS[name])
        code = [name if name in NO_OPERAND else f"{name}, x1"]
        if name.startswith("dc") or name.startswith("ic") or name.startswith("at"):
            self.emit("adr x1, scratch")
            if r.random() < 0.3:
                self.emit(f"add x1, x1, #{r.randrange(64)}")
        else:
            self.mov("x1", self.w_any())
        if name.startswith("at") and el >= 1:
            code += ["isb", "mrs x0, par_el1"]
        self.at_el(el, f"EL{el}: {name}", code, "par" if name.startswith("at") else ALL)

    def exc_op(self):
        r = self.r
        el = self.pick_el(0)
        imm = r.randrange(0x10000)
        if imm == 0x77:
            imm = 0x78
        kinds = ["svc", "hvc"]
        # SMC at EL1 only where HCR_EL2.TSC traps it (untrapped, it is a PSCI call),
        # never at EL2.
        if el == 0 or (el == 1 and self.hcr >> HCR["TSC"] & 1):
            kinds.append("smc")
        kind = r.choice(kinds)
        if kind == "hvc" and el == 2:
            kind = "svc"
        self.at_el(el, f"EL{el}: {kind} #0x{imm:x}", [f"{kind} #0x{imm:x}"])

    def wfi_op(self):
        """WFI at EL0 or EL1 where it cannot wait: HCR_EL2.TWI traps it (to EL2, or to EL1
        from EL0 where SCTLR_EL1.nTWI is clear, which comes first), or a virtual IRQ or
        FIQ that IMO or FMO routes is pending, so it completes at once and does not trap
        (AArch64.CheckForWFxTrap traps only a WFI that would wait). HCR_EL2 is written
        anew where it allows neither, or holds a virtual interrupt that its routing bit or
        TGE leaves disabled (QEMU 7.2 takes those as pending, so that helper_wfi returns
        untrapped), or VSE (taking the virtual SError clears it: whether it is still
        pending depends on the unmasks before). Not WFE: QEMU 7.2 never traps it."""
        r = self.r

        def wakes(v):  # a virtual IRQ or FIQ pending and enabled
            return not v >> HCR["TGE"] & 1 and any(
                v >> HCR[pend] & v >> HCR[route] & 1 for pend, route in VIRTUAL[:2])

        def unsafe(v):  # VSE, or a virtual interrupt pending that is not enabled
            return v >> HCR["VSE"] & 1 or any(
                v >> HCR[pend] & 1 and (v >> HCR["TGE"] & 1 or not v >> HCR[route] & 1)
                for pend, route in VIRTUAL)
        if unsafe(self.hcr) or not (self.hcr >> HCR["TWI"] & 1 or wakes(self.hcr)):
            v = self.w_hcr() & ~(1 << HCR["VSE"])
            for pend, route in VIRTUAL:
                if v >> HCR["TGE"] & 1 or not v >> HCR[route] & 1:
                    v &= ~(1 << HCR[pend])
            if not wakes(v):
                v |= 1 << HCR["TWI"]
            self.mov("x1", v)
            self.at_el(2, f"EL2: msr hcr_el2, 0x{v:x}", ["msr hcr_el2, x1"])
            self.hcr = v
        el = 0 if self.hcr >> HCR["TGE"] & 1 else r.choice([0, 1])
        self.at_el(el, f"EL{el}: wfi", ["wfi"])

    def fp_op(self):
        r = self.r
        el = self.pick_el(0)
        if r.random() < 0.5:
            self.mov("x1", self.w_any())
            self.at_el(el, f"EL{el}: fmov d0, x1", ["fmov d0, x1"])
        else:
            self.at_el(el, f"EL{el}: fmov x0, d0", ["fmov x0, d0"])

    def unmask_op(self):
        """Unmasks one of SError, IRQ and FIQ for a moment: a pending virtual interrupt
        (HCR_EL2 VSE/VI/VF with AMO/IMO/FMO) is taken at EL1. One at a time: which of
        several pending interrupts is taken first is IMPLEMENTATION DEFINED (el2sim takes
        SError, FIQ, IRQ; QEMU 7.2 IRQ, FIQ, SError)."""
        el = self.pick_el(0)
        name, bit = self.r.choice([("A", 0x100), ("I", 0x80), ("F", 0x40)])
        # MSR DAIF, not DAIFClr/DAIFSet: QEMU 7.2 swaps Op1 and Op2 in the syndrome of
        # those (trapped at EL0).
        self.at_el(el, f"EL{el}: unmask {name}",
                   [f"mov x2, #0x{0x3c0 & ~bit:x}", "msr daif, x2", "isb", "mov x2, #0x3c0",
                    "msr daif, x2"])

    def lines_op(self):
        self.at_el(2, "GICD_ISPENDR0 (PMU and timer lines)",
                   [f"movz x2, #0x{GICD_ISPENDR0 & 0xFFFF:x}",
                    f"movk x2, #0x{GICD_ISPENDR0 >> 16:x}, lsl #16", "ldr w0, [x2]",
                    f"movz w3, #0x{PPI_LINES & 0xFFFF:x}",
                    f"movk w3, #0x{PPI_LINES >> 16:x}, lsl #16", "and w0, w0, w3"])

    def op(self):
        r = self.r
        c = r.random()
        if c < 0.06:
            self.reg_op("hcr_el2", 2, "w")
        elif c < 0.14:
            self.reg_op(r.choice(["cptr_el2", "mdcr_el2", "cnthctl_el2", "cpacr_el1",
                                  "cntkctl_el1", "sctlr_el1", "pmuserenr_el0"]), 2, "w")
        elif c < 0.22:
            self.sys_op()
        elif c < 0.27:
            self.exc_op()
        elif c < 0.30:
            self.fp_op()
        elif c < 0.31:
            self.wfi_op()
        elif c < 0.34:
            self.unmask_op()
        elif c < 0.38:
            self.lines_op()
        else:
            self.reg_op()

    def dump(self):
        """Every readable register, read at EL2 at the end, then the interrupt lines."""
        for name, (_, access, _, cmp) in REGS.items():
            if access != "w":
                self.at_el(2, f"EL2: mrs {name} (final)", [f"mrs x0, {name}"], cmp)
        self.lines_op()

    def generate(self):
        for _ in range(self.nops):
            self.op()
        self.dump()
        return (PROLOGUE + "\n".join(self.lines) + "\n" + EPILOGUE + "\n".join(self.snippets)
                + "\n" + DATA)


PROLOGUE = """// generated by sysreg_diff.py
    .section .text.boot, "ax"
    .global _start
_start:
    msr daifset, #0xf
    msr nzcv, xzr               // UNKNOWN at reset
    adr x0, vectors
    msr vbar_el2, x0
    adr x0, vectors_el1
    msr vbar_el1, x0
    mov x0, #(1 << 31)
    msr hcr_el2, x0
    adr x0, stack_el1
    msr sp_el1, x0
    isb
    movz w5, #0x0077
    movk w5, #0x5a00, lsl #16   // ESR_EL2 of HVC #0x77 (the end of EL1 code)
    movz w6, #0x0077
    movk w6, #0x5600, lsl #16   // ESR_EL1/EL2 of SVC #0x77 (the end of EL0 code)
"""

def async_handler(el):
    """An interrupt taken to EL el (x7: the vector offset): recorded, masked on the
    return."""
    return f"""el{el}_async:
    add x22, x22, #1
    orr x20, x7, #({el} << 32)
    orr x20, x20, #(1 << 31)
    mrs x3, spsr_el{el}
    orr x3, x3, #0x1c0
    msr spsr_el{el}, x3
    eret
"""


def vector_table(label, el):
    """A vector table: the synchronous vectors branch to {el}_sync, the others to
    {el}_async with their offset in x7."""
    out = f"\n    .balign 2048\n{label}:"
    for off in range(0, 0x800, 0x80):
        if off:
            out += "\n    .balign 128"
        out += (f"\n    b {el}_sync" if off % 0x200 == 0
                else f"\n    mov x7, #0x{off:x}\n    b {el}_async")
    return out + "\n"


# The exception handlers keep to x3, x7 and x20-x22: x20 holds the last exception (its
# syndrome, the exception level it was taken to in bits 35:32, bit 31 set for an
# interrupt with the vector offset instead), x22 counts them.
EPILOGUE = r"""    b finish

// x0: value, x1: line number.  Prints "nnnn vvvvvvvvvvvvvvvv c eeeeeeeeee".
""" + report_routine([("x26", 16), ("x22", 1), ("x20", 10)]) + """
// at_el1, at_el0: the code at x4, which ends with HVC #0x77 (SVC #0x77 at EL0), back
// to at_el*'s caller.
""" + ENTER_LOWER_EL + r"""
// A synchronous exception taken to EL2: the end of EL1 or EL0 code, or recorded and
// stepped over (HVC and SVC have already been).
el2_sync:
    mrs x3, esr_el2
    cmp w3, w5
    b.eq 2f
    cmp w3, w6
    b.eq 2f
    // el1_sync's read of ESR_EL1, trapped by HCR_EL2.TRVM: emulated.
    mrs x7, elr_el2
    adr x21, el1_esr
    cmp x7, x21
    b.ne 3f
    mrs x3, esr_el1
    add x7, x7, #4
    msr elr_el2, x7
    eret
3:
    add x22, x22, #1
    orr x20, x3, #(2 << 32)
    lsr x7, x3, #26
    cmp x7, #0x15
    b.eq 1f
    cmp x7, #0x16
    b.eq 1f
    mrs x7, elr_el2
    add x7, x7, #4
    msr elr_el2, x7
1:  eret
2:  mov x30, x24
    ret

""" + async_handler(2) + r"""
el1_sync:
el1_esr:
    mrs x3, esr_el1
    cmp w3, w6
    b.ne 1f
    hvc #0x77
1:  add x22, x22, #1
    orr x20, x3, #(1 << 32)
    lsr x7, x3, #26
    cmp x7, #0x15
    b.eq 2f
    mrs x7, elr_el1
    add x7, x7, #4
    msr elr_el1, x7
2:  eret

""" + async_handler(1) + """
""" + CONSOLE + FINISH + vector_table("vectors", "el2") + vector_table("vectors_el1", "el1") \
    + """

// The EL0 and EL1 code of the run.
"""

DATA = """
    .data
    .balign 64
scratch:
    .space 256
    .balign 16
    .space 256
stack_el1:
"""


def add_args(ap):
    ap.add_argument("--ops", type=int, default=300, help="random accesses per seed")
    ap.add_argument("--context", type=int, default=30,
                    help="accesses shown before a differing line")


def main():
    return transcript_main(__doc__, "sysreg", add_args, lambda a, seed: Gen(seed, a.ops),
                           lambda a: f"{a.ops} accesses each")


if __name__ == "__main__":
    sys.exit(main())
