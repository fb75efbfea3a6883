// The system register table and the MRS/MSR access checks (Arm ARM C5.3, D13, and
// the per-register accessibility pseudocode).
#include "isa/sysreg_table.h"

#include <array>

#include "isa/bits.h"
#include "isa/cpu.h"

namespace isa {

namespace {

using namespace sysreg_rule;
using sysreg_effect::kInterrupts;
using sysreg_effect::kTimer;
using sysreg_effect::kTranslation;
using sysreg_effect::kTranslationEl2;
constexpr auto RO = SysRegAccess::RO;
constexpr auto WO = SysRegAccess::WO;

constexpr uint16_t K(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return sysreg_key(op0, op1, crn, crm, op2);
}

bool has_el2(const Cpu& cpu) { return cpu.config().has_el2; }

// ---------------------------------------------------------------------------
// Computed registers

// PSTATE fields (Arm ARM C5.2)
uint64_t read_NZCV(Cpu& cpu) { return cpu.nzcv(); }
void write_NZCV(Cpu& cpu, uint64_t v) { cpu.set_nzcv(static_cast<uint32_t>(v)); }

uint64_t read_DAIF(Cpu& cpu) {
  const Pstate& p = cpu.pstate();
  return (uint64_t{p.d} << 9) | (uint64_t{p.a} << 8) | (uint64_t{p.i} << 7) | (uint64_t{p.f} << 6);
}
void write_DAIF(Cpu& cpu, uint64_t v) {
  Pstate& p = cpu.pstate();
  p.d = (v >> 9) & 1;
  p.a = (v >> 8) & 1;
  p.i = (v >> 7) & 1;
  p.f = (v >> 6) & 1;
  cpu.update_interrupt_pending();
}

uint64_t read_SPSel(Cpu& cpu) { return cpu.pstate().sp; }
void write_SPSel(Cpu& cpu, uint64_t v) { cpu.pstate().sp = v & 1; }
uint64_t read_CurrentEL(Cpu& cpu) { return uint64_t{cpu.el()} << 2; }

uint64_t read_SP_EL0(Cpu& cpu) { return cpu.sp_el(0); }
void write_SP_EL0(Cpu& cpu, uint64_t v) { cpu.sp_el(0) = v; }
uint64_t read_SP_EL1(Cpu& cpu) { return cpu.sp_el(1); }
void write_SP_EL1(Cpu& cpu, uint64_t v) { cpu.sp_el(1) = v; }

// FPCR: AHP, DN, FZ, RMode, Stride, Len. The exception trap enables are RAZ/WI
// because trapped floating-point exceptions are not implemented (as on Cortex-A57).
constexpr uint64_t kFpcrMask = 0x07F70000;
// FPSR: N, Z, C, V (AArch32 only, kept as written), QC and the cumulative flags.
constexpr uint64_t kFpsrMask = 0xF800009F;
uint64_t read_FPCR(Cpu& cpu) { return cpu.fpcr; }
void write_FPCR(Cpu& cpu, uint64_t v) { cpu.fpcr = static_cast<uint32_t>(v & kFpcrMask); }
uint64_t read_FPSR(Cpu& cpu) { return cpu.fpsr; }
void write_FPSR(Cpu& cpu, uint64_t v) { cpu.fpsr = static_cast<uint32_t>(v & kFpsrMask); }

// Identification. Reads of MIDR_EL1/MPIDR_EL1 at EL1 return VPIDR_EL2/VMPIDR_EL2
// when EL2 is implemented (Arm ARM D13.2, MIDR_EL1 accessibility).
uint64_t read_MIDR(Cpu& cpu) {
  return cpu.el() == 1 && has_el2(cpu) ? cpu.sr().VPIDR_EL2 : cpu.sr().MIDR_EL1;
}
uint64_t read_MPIDR(Cpu& cpu) {
  return cpu.el() == 1 && has_el2(cpu) ? cpu.sr().VMPIDR_EL2 : cpu.sr().MPIDR_EL1;
}

// CCSIDR_EL1 of the cache CSSELR_EL1 selects (Cortex-A57 TRM): 32 KiB 2-way L1 D,
// 48 KiB 3-way L1 I, 2 MiB 16-way L2; other selections read as zero.
uint64_t read_CCSIDR(Cpu& cpu) {
  switch (cpu.sr().CSSELR_EL1 & 0xF) {
    case 0:
      return 0x701fe00a;  // Level 1, data
    case 1:
      return 0x201fe012;  // Level 1, instruction
    case 2:
      return 0x70ffe07a;  // Level 2, unified
    default:
      return 0;
  }
}

// DCZID_EL0: BS from the reset value; DZP reads 1 where DC ZVA is prohibited.
uint64_t read_DCZID(Cpu& cpu) {
  const unsigned el = cpu.el();
  const bool dzp = (el == 0 && !(cpu.sr().SCTLR_EL1 & sctlr_el1::kDZE)) ||
                   (el <= 1 && (effective_hcr(cpu) & hcr_el2::kTDZ));
  return (cpu.sr().DCZID_EL0 & 0xF) | (uint64_t{dzp} << 4);
}

// ISR_EL1: pending physical interrupts, or the virtual ones at EL1 where
// HCR_EL2.{IMO,FMO,AMO} route them.
uint64_t read_ISR(Cpu& cpu) {
  const uint64_t hcr = effective_hcr(cpu);
  const bool virt = cpu.el() == 1 && !(hcr & hcr_el2::kTGE);
  const bool i =
      virt && (hcr & hcr_el2::kIMO) ? (hcr & hcr_el2::kVI) || cpu.virq_line() : cpu.irq_line();
  const bool f =
      virt && (hcr & hcr_el2::kFMO) ? (hcr & hcr_el2::kVF) || cpu.vfiq_line() : cpu.fiq_line();
  const bool a = virt && (hcr & hcr_el2::kAMO) && (hcr & hcr_el2::kVSE);
  return (uint64_t{a} << 8) | (uint64_t{i} << 7) | (uint64_t{f} << 6);
}

// Generic timer (Arm ARM D11): the counters and the TVAL/CTL views of each timer.
uint64_t physical_count(Cpu& cpu) { return cpu.hooks().physical_count(cpu); }
uint64_t virtual_count(Cpu& cpu) {
  return physical_count(cpu) - (has_el2(cpu) ? cpu.sr().CNTVOFF_EL2 : 0);
}
uint64_t read_CNTPCT(Cpu& cpu) { return physical_count(cpu); }
uint64_t read_CNTVCT(Cpu& cpu) { return virtual_count(cpu); }

template <uint64_t SysRegs::*kCtl, uint64_t SysRegs::*kCval, bool kVirtual>
struct GenericTimer {
  static uint64_t count(Cpu& cpu) { return kVirtual ? virtual_count(cpu) : physical_count(cpu); }
  // CTL: ENABLE and IMASK as written; ISTATUS = enabled and CVAL <= count.
  static uint64_t read_ctl(Cpu& cpu) {
    const uint64_t ctl = cpu.sr().*kCtl & 3;
    const bool istatus = (ctl & 1) && count(cpu) >= cpu.sr().*kCval;
    return ctl | (uint64_t{istatus} << 2);
  }
  static void write_ctl(Cpu& cpu, uint64_t v) { cpu.sr().*kCtl = v & 3; }
  // TVAL: the signed 32-bit distance from the count to CVAL.
  static uint64_t read_tval(Cpu& cpu) {
    return static_cast<uint32_t>(cpu.sr().*kCval - count(cpu));
  }
  static void write_tval(Cpu& cpu, uint64_t v) {
    cpu.sr().*kCval = count(cpu) + static_cast<uint64_t>(sign_extend(v & 0xFFFFFFFF, 32));
  }
};
using PhysTimer = GenericTimer<&SysRegs::CNTP_CTL_EL0, &SysRegs::CNTP_CVAL_EL0, false>;
using VirtTimer = GenericTimer<&SysRegs::CNTV_CTL_EL0, &SysRegs::CNTV_CVAL_EL0, true>;
using HypTimer = GenericTimer<&SysRegs::CNTHP_CTL_EL2, &SysRegs::CNTHP_CVAL_EL2, false>;

// Performance monitors (isa/pmu.h).
uint64_t read_PMCR(Cpu& cpu) { return cpu.pmu().read_pmcr(cpu); }
void write_PMCR(Cpu& cpu, uint64_t v) { cpu.pmu().write_pmcr(cpu, v); }
uint64_t read_PMCNTEN(Cpu& cpu) { return cpu.pmu().read_cnten(cpu); }
void write_PMCNTENSET(Cpu& cpu, uint64_t v) { cpu.pmu().write_cntenset(cpu, v); }
void write_PMCNTENCLR(Cpu& cpu, uint64_t v) { cpu.pmu().write_cntenclr(cpu, v); }
uint64_t read_PMINTEN(Cpu& cpu) { return cpu.pmu().read_inten(cpu); }
void write_PMINTENSET(Cpu& cpu, uint64_t v) { cpu.pmu().write_intenset(cpu, v); }
void write_PMINTENCLR(Cpu& cpu, uint64_t v) { cpu.pmu().write_intenclr(cpu, v); }
uint64_t read_PMOVS(Cpu& cpu) { return cpu.pmu().read_ovs(cpu); }
void write_PMOVSSET(Cpu& cpu, uint64_t v) { cpu.pmu().write_ovsset(cpu, v); }
void write_PMOVSCLR(Cpu& cpu, uint64_t v) { cpu.pmu().write_ovsclr(cpu, v); }
void write_PMSWINC(Cpu& cpu, uint64_t v) { cpu.pmu().write_swinc(cpu, v); }
uint64_t read_PMSELR(Cpu& cpu) { return cpu.pmu().read_selr(); }
void write_PMSELR(Cpu& cpu, uint64_t v) { cpu.pmu().write_selr(v); }
uint64_t read_PMCEID0(Cpu&) { return Pmu::kPmceid0; }
uint64_t read_PMCEID1(Cpu&) { return Pmu::kPmceid1; }
uint64_t read_PMCCNTR(Cpu& cpu) { return cpu.pmu().read_ccntr(cpu); }
void write_PMCCNTR(Cpu& cpu, uint64_t v) { cpu.pmu().write_ccntr(cpu, v); }
uint64_t read_PMCCFILTR(Cpu& cpu) { return cpu.pmu().read_ccfiltr(); }
void write_PMCCFILTR(Cpu& cpu, uint64_t v) { cpu.pmu().write_ccfiltr(cpu, v); }
template <unsigned kN>
uint64_t read_PMEVCNTR(Cpu& cpu) {
  return cpu.pmu().read_evcntr(cpu, kN);
}
template <unsigned kN>
void write_PMEVCNTR(Cpu& cpu, uint64_t v) {
  cpu.pmu().write_evcntr(cpu, kN, v);
}
template <unsigned kN>
uint64_t read_PMEVTYPER(Cpu& cpu) {
  return cpu.pmu().read_evtyper(cpu, kN);
}
template <unsigned kN>
void write_PMEVTYPER(Cpu& cpu, uint64_t v) {
  cpu.pmu().write_evtyper(cpu, kN, v);
}
// PMXEVTYPER/PMXEVCNTR: the counter PMSELR_EL0.SEL selects (31: PMCCFILTR_EL0 for
// the type; the count reads as zero and ignores writes, as QEMU's).
uint64_t read_PMXEVTYPER(Cpu& cpu) {
  return cpu.pmu().read_evtyper(cpu, static_cast<unsigned>(cpu.pmu().read_selr()));
}
void write_PMXEVTYPER(Cpu& cpu, uint64_t v) {
  cpu.pmu().write_evtyper(cpu, static_cast<unsigned>(cpu.pmu().read_selr()), v);
}
uint64_t read_PMXEVCNTR(Cpu& cpu) {
  return cpu.pmu().read_evcntr(cpu, static_cast<unsigned>(cpu.pmu().read_selr()));
}
void write_PMXEVCNTR(Cpu& cpu, uint64_t v) {
  cpu.pmu().write_evcntr(cpu, static_cast<unsigned>(cpu.pmu().read_selr()), v);
}
uint64_t read_MDCR_EL2(Cpu& cpu) { return cpu.sr().MDCR_EL2; }
void write_MDCR_EL2(Cpu& cpu, uint64_t v) { cpu.pmu().write_mdcr(cpu, v); }

// OS lock: OSLAR_EL1.OSLK sets OSLSR_EL1.OSLK (bit 1).
void write_OSLAR(Cpu& cpu, uint64_t v) {
  cpu.sr().OSLSR_EL1 = (cpu.sr().OSLSR_EL1 & ~2ull) | ((v & 1) << 1);
}

// ---------------------------------------------------------------------------
// Write masks and RES1 bits of ARMv8.0 without AArch32, EL3 or mixed endianness.

// SCTLR_EL1: M A C SA SA0 CP15BEN ITD SED UMA I DZE UCT nTWI nTWE WXN UCI.
constexpr uint64_t kSctlrEl1Mask = 0x040DD3BF;
constexpr uint64_t kSctlrEl1Res1 = 0x30D00800;
// SCTLR_EL2 (no VHE): M A C SA I WXN.
constexpr uint64_t kSctlrEl2Mask = 0x0008100F;
constexpr uint64_t kSctlrEl2Res1 = 0x30C50830;
constexpr uint64_t kTcrEl1Mask = 0x77FFFFFFBF;  // bits 6 and 35 RES0, 39+ RES0
constexpr uint64_t kTcrEl2Mask = 0x0017FF3F;    // T0SZ IRGN0 ORGN0 SH0 TG0 PS TBI
constexpr uint64_t kTcrEl2Res1 = 0x80800000;
constexpr uint64_t kVtcrMask = 0x0007FFFF;  // T0SZ SL0 IRGN0 ORGN0 SH0 TG0 PS
constexpr uint64_t kVtcrRes1 = 0x80000000;
constexpr uint64_t kTtbrMask = ~1ull;                   // CnP (ARMv8.2) RES0
constexpr uint64_t kTtbr0El2Mask = 0x0000FFFFFFFFFFFE;  // no ASID without VHE
constexpr uint64_t kVttbrMask = 0x00FFFFFFFFFFFFFE;     // 8-bit VMID
constexpr uint64_t kSpsrMask = 0xF03003DF;              // NZCV SS IL DAIF M[4:0]
constexpr uint64_t kCptrEl2Mask = 0x80100400;           // TCPAC TTA TFP
constexpr uint64_t kCptrEl2Res1 = 0x000033FF;
constexpr uint64_t kVbarMask = ~0x7FFull;
constexpr uint64_t kLow32 = 0xFFFFFFFF;

// ---------------------------------------------------------------------------
// The table, in encoding order (op0, op1, CRn, CRm, op2), one register per line
// like the decode table.
// clang-format off
constexpr SysRegInfo kTable[] = {
    // ---- op0=2: debug (ARMv8.0 self-hosted debug; breakpoints and watchpoints are
    // not implemented, their registers read as zero and ignore writes) ----
    {.name = "OSDTRRX_EL1", .key = K(2, 0, 0, 0, 2), .rules = kTDA},
    {.name = "DBGBVR0_EL1", .key = K(2, 0, 0, 0, 4), .rules = kTDA},
    {.name = "DBGBCR0_EL1", .key = K(2, 0, 0, 0, 5), .rules = kTDA},
    {.name = "DBGWVR0_EL1", .key = K(2, 0, 0, 0, 6), .rules = kTDA},
    {.name = "DBGWCR0_EL1", .key = K(2, 0, 0, 0, 7), .rules = kTDA},
    {.name = "DBGBVR1_EL1", .key = K(2, 0, 0, 1, 4), .rules = kTDA},
    {.name = "DBGBCR1_EL1", .key = K(2, 0, 0, 1, 5), .rules = kTDA},
    {.name = "DBGWVR1_EL1", .key = K(2, 0, 0, 1, 6), .rules = kTDA},
    {.name = "DBGWCR1_EL1", .key = K(2, 0, 0, 1, 7), .rules = kTDA},
    {.name = "MDCCINT_EL1", .key = K(2, 0, 0, 2, 0), .rules = kTDA},
    {.name = "MDSCR_EL1", .key = K(2, 0, 0, 2, 2), .rules = kTDA, .field = &SysRegs::MDSCR_EL1},
    {.name = "DBGBVR2_EL1", .key = K(2, 0, 0, 2, 4), .rules = kTDA},
    {.name = "DBGBCR2_EL1", .key = K(2, 0, 0, 2, 5), .rules = kTDA},
    {.name = "DBGWVR2_EL1", .key = K(2, 0, 0, 2, 6), .rules = kTDA},
    {.name = "DBGWCR2_EL1", .key = K(2, 0, 0, 2, 7), .rules = kTDA},
    {.name = "OSDTRTX_EL1", .key = K(2, 0, 0, 3, 2), .rules = kTDA},
    {.name = "DBGBVR3_EL1", .key = K(2, 0, 0, 3, 4), .rules = kTDA},
    {.name = "DBGBCR3_EL1", .key = K(2, 0, 0, 3, 5), .rules = kTDA},
    {.name = "DBGWVR3_EL1", .key = K(2, 0, 0, 3, 6), .rules = kTDA},
    {.name = "DBGWCR3_EL1", .key = K(2, 0, 0, 3, 7), .rules = kTDA},
    {.name = "DBGBVR4_EL1", .key = K(2, 0, 0, 4, 4), .rules = kTDA},
    {.name = "DBGBCR4_EL1", .key = K(2, 0, 0, 4, 5), .rules = kTDA},
    {.name = "DBGBVR5_EL1", .key = K(2, 0, 0, 5, 4), .rules = kTDA},
    {.name = "DBGBCR5_EL1", .key = K(2, 0, 0, 5, 5), .rules = kTDA},
    {.name = "OSECCR_EL1", .key = K(2, 0, 0, 6, 2), .rules = kTDA},
    {.name = "MDRAR_EL1", .key = K(2, 0, 1, 0, 0), .access = RO, .rules = kTDRA},
    {.name = "OSLAR_EL1", .key = K(2, 0, 1, 0, 4), .access = WO, .rules = kTDOSA, .write = write_OSLAR},
    {.name = "OSLSR_EL1", .key = K(2, 0, 1, 1, 4), .access = RO, .rules = kTDOSA, .field = &SysRegs::OSLSR_EL1},
    {.name = "OSDLR_EL1", .key = K(2, 0, 1, 3, 4), .rules = kTDOSA, .field = &SysRegs::OSDLR_EL1, .wmask = 1},
    {.name = "DBGPRCR_EL1", .key = K(2, 0, 1, 4, 4), .rules = kTDOSA},
    {.name = "DBGCLAIMSET_EL1", .key = K(2, 0, 7, 8, 6), .rules = kTDA},
    {.name = "DBGCLAIMCLR_EL1", .key = K(2, 0, 7, 9, 6), .rules = kTDA},
    {.name = "DBGAUTHSTATUS_EL1", .key = K(2, 0, 7, 14, 6), .access = RO, .rules = kTDA},
    {.name = "MDCCSR_EL0", .key = K(2, 3, 0, 1, 0), .min_el = 0, .access = RO, .rules = kEl0TDCC | kTDA},
    {.name = "DBGVCR32_EL2", .key = K(2, 4, 0, 7, 0), .min_el = 2},

    // ---- op0=3, op1=0: EL1 registers and identification ----
    {.name = "MIDR_EL1", .key = K(3, 0, 0, 0, 0), .access = RO, .read = read_MIDR},
    {.name = "MPIDR_EL1", .key = K(3, 0, 0, 0, 5), .access = RO, .read = read_MPIDR},
    {.name = "REVIDR_EL1", .key = K(3, 0, 0, 0, 6), .access = RO, .rules = kTID1, .field = &SysRegs::REVIDR_EL1},
    // AArch32 identification: zero, as AArch32 is not implemented at any EL.
    {.name = "ID_PFR0_EL1", .key = K(3, 0, 0, 1, 0), .access = RO, .rules = kTID3},
    {.name = "ID_PFR1_EL1", .key = K(3, 0, 0, 1, 1), .access = RO, .rules = kTID3},
    {.name = "ID_DFR0_EL1", .key = K(3, 0, 0, 1, 2), .access = RO, .rules = kTID3},
    {.name = "ID_AFR0_EL1", .key = K(3, 0, 0, 1, 3), .access = RO, .rules = kTID3},
    {.name = "ID_MMFR0_EL1", .key = K(3, 0, 0, 1, 4), .access = RO, .rules = kTID3},
    {.name = "ID_MMFR1_EL1", .key = K(3, 0, 0, 1, 5), .access = RO, .rules = kTID3},
    {.name = "ID_MMFR2_EL1", .key = K(3, 0, 0, 1, 6), .access = RO, .rules = kTID3},
    {.name = "ID_MMFR3_EL1", .key = K(3, 0, 0, 1, 7), .access = RO, .rules = kTID3},
    {.name = "ID_ISAR0_EL1", .key = K(3, 0, 0, 2, 0), .access = RO, .rules = kTID3},
    {.name = "ID_ISAR1_EL1", .key = K(3, 0, 0, 2, 1), .access = RO, .rules = kTID3},
    {.name = "ID_ISAR2_EL1", .key = K(3, 0, 0, 2, 2), .access = RO, .rules = kTID3},
    {.name = "ID_ISAR3_EL1", .key = K(3, 0, 0, 2, 3), .access = RO, .rules = kTID3},
    {.name = "ID_ISAR4_EL1", .key = K(3, 0, 0, 2, 4), .access = RO, .rules = kTID3},
    {.name = "ID_ISAR5_EL1", .key = K(3, 0, 0, 2, 5), .access = RO, .rules = kTID3},
    {.name = "MVFR0_EL1", .key = K(3, 0, 0, 3, 0), .access = RO, .rules = kTID3},
    {.name = "MVFR1_EL1", .key = K(3, 0, 0, 3, 1), .access = RO, .rules = kTID3},
    {.name = "MVFR2_EL1", .key = K(3, 0, 0, 3, 2), .access = RO, .rules = kTID3},
    {.name = "ID_AA64PFR0_EL1", .key = K(3, 0, 0, 4, 0), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64PFR0_EL1},
    {.name = "ID_AA64PFR1_EL1", .key = K(3, 0, 0, 4, 1), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64PFR1_EL1},
    {.name = "ID_AA64DFR0_EL1", .key = K(3, 0, 0, 5, 0), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64DFR0_EL1},
    {.name = "ID_AA64DFR1_EL1", .key = K(3, 0, 0, 5, 1), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64DFR1_EL1},
    {.name = "ID_AA64AFR0_EL1", .key = K(3, 0, 0, 5, 4), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64AFR0_EL1},
    {.name = "ID_AA64AFR1_EL1", .key = K(3, 0, 0, 5, 5), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64AFR1_EL1},
    {.name = "ID_AA64ISAR0_EL1", .key = K(3, 0, 0, 6, 0), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64ISAR0_EL1},
    {.name = "ID_AA64ISAR1_EL1", .key = K(3, 0, 0, 6, 1), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64ISAR1_EL1},
    {.name = "ID_AA64MMFR0_EL1", .key = K(3, 0, 0, 7, 0), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64MMFR0_EL1},
    {.name = "ID_AA64MMFR1_EL1", .key = K(3, 0, 0, 7, 1), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64MMFR1_EL1},
    // ARMv8.2 names this encoding; on ARMv8.0 it is in the RAZ ID space.
    {.name = "ID_AA64MMFR2_EL1", .key = K(3, 0, 0, 7, 2), .access = RO, .rules = kTID3, .field = &SysRegs::ID_AA64MMFR2_EL1},
    {.name = "SCTLR_EL1", .key = K(3, 0, 1, 0, 0), .rules = kTVM, .field = &SysRegs::SCTLR_EL1, .wmask = kSctlrEl1Mask, .res1 = kSctlrEl1Res1, .effects = kTranslation},
    {.name = "ACTLR_EL1", .key = K(3, 0, 1, 0, 1), .rules = kTACR, .field = &SysRegs::ACTLR_EL1},
    {.name = "CPACR_EL1", .key = K(3, 0, 1, 0, 2), .rules = kTCPAC, .field = &SysRegs::CPACR_EL1, .wmask = 0x10300000},  // FPEN, TTA
    {.name = "TTBR0_EL1", .key = K(3, 0, 2, 0, 0), .rules = kTVM, .field = &SysRegs::TTBR0_EL1, .wmask = kTtbrMask, .effects = kTranslation},
    {.name = "TTBR1_EL1", .key = K(3, 0, 2, 0, 1), .rules = kTVM, .field = &SysRegs::TTBR1_EL1, .wmask = kTtbrMask, .effects = kTranslation},
    {.name = "TCR_EL1", .key = K(3, 0, 2, 0, 2), .rules = kTVM, .field = &SysRegs::TCR_EL1, .wmask = kTcrEl1Mask, .effects = kTranslation},
    {.name = "SPSR_EL1", .key = K(3, 0, 4, 0, 0), .field = &SysRegs::SPSR_EL1, .wmask = kSpsrMask},
    {.name = "ELR_EL1", .key = K(3, 0, 4, 0, 1), .field = &SysRegs::ELR_EL1},
    {.name = "SP_EL0", .key = K(3, 0, 4, 1, 0), .rules = kUndefSpSel0, .read = read_SP_EL0, .write = write_SP_EL0},
    {.name = "SPSel", .key = K(3, 0, 4, 2, 0), .read = read_SPSel, .write = write_SPSel},
    {.name = "CurrentEL", .key = K(3, 0, 4, 2, 2), .access = RO, .read = read_CurrentEL},
    {.name = "AFSR0_EL1", .key = K(3, 0, 5, 1, 0), .rules = kTVM, .field = &SysRegs::AFSR0_EL1},
    {.name = "AFSR1_EL1", .key = K(3, 0, 5, 1, 1), .rules = kTVM, .field = &SysRegs::AFSR1_EL1},
    {.name = "ESR_EL1", .key = K(3, 0, 5, 2, 0), .rules = kTVM, .field = &SysRegs::ESR_EL1, .wmask = kLow32},
    {.name = "FAR_EL1", .key = K(3, 0, 6, 0, 0), .rules = kTVM, .field = &SysRegs::FAR_EL1},
    {.name = "PAR_EL1", .key = K(3, 0, 7, 4, 0), .field = &SysRegs::PAR_EL1},
    {.name = "PMINTENSET_EL1", .key = K(3, 0, 9, 14, 1), .rules = kTPM, .read = read_PMINTEN, .write = write_PMINTENSET},
    {.name = "PMINTENCLR_EL1", .key = K(3, 0, 9, 14, 2), .rules = kTPM, .read = read_PMINTEN, .write = write_PMINTENCLR},
    {.name = "MAIR_EL1", .key = K(3, 0, 10, 2, 0), .rules = kTVM, .field = &SysRegs::MAIR_EL1, .effects = kTranslation},
    {.name = "AMAIR_EL1", .key = K(3, 0, 10, 3, 0), .rules = kTVM, .field = &SysRegs::AMAIR_EL1},
    {.name = "VBAR_EL1", .key = K(3, 0, 12, 0, 0), .field = &SysRegs::VBAR_EL1, .wmask = kVbarMask},
    {.name = "ISR_EL1", .key = K(3, 0, 12, 1, 0), .access = RO, .read = read_ISR},
    {.name = "CONTEXTIDR_EL1", .key = K(3, 0, 13, 0, 1), .rules = kTVM, .field = &SysRegs::CONTEXTIDR_EL1, .wmask = kLow32},
    {.name = "TPIDR_EL1", .key = K(3, 0, 13, 0, 4), .field = &SysRegs::TPIDR_EL1},
    {.name = "CNTKCTL_EL1", .key = K(3, 0, 14, 1, 0), .field = &SysRegs::CNTKCTL_EL1, .wmask = 0x3FF, .effects = kTimer},

    // ---- op0=3, op1=1: cache identification, Cortex-A57 IMPLEMENTATION DEFINED ----
    {.name = "CCSIDR_EL1", .key = K(3, 1, 0, 0, 0), .access = RO, .rules = kTID2, .read = read_CCSIDR},
    {.name = "CLIDR_EL1", .key = K(3, 1, 0, 0, 1), .access = RO, .rules = kTID2, .field = &SysRegs::CLIDR_EL1},
    {.name = "AIDR_EL1", .key = K(3, 1, 0, 0, 7), .access = RO, .rules = kTID1, .field = &SysRegs::AIDR_EL1},
    {.name = "L2CTLR_EL1", .key = K(3, 1, 11, 0, 2), .rules = kTIDCP},
    {.name = "L2ECTLR_EL1", .key = K(3, 1, 11, 0, 3), .rules = kTIDCP},
    {.name = "L2ACTLR_EL1", .key = K(3, 1, 15, 0, 0), .rules = kTIDCP},
    {.name = "CPUACTLR_EL1", .key = K(3, 1, 15, 2, 0), .rules = kTIDCP},
    {.name = "CPUECTLR_EL1", .key = K(3, 1, 15, 2, 1), .rules = kTIDCP},
    {.name = "CPUMERRSR_EL1", .key = K(3, 1, 15, 2, 2), .rules = kTIDCP},
    {.name = "L2MERRSR_EL1", .key = K(3, 1, 15, 2, 3), .rules = kTIDCP},
    {.name = "CBAR_EL1", .key = K(3, 1, 15, 3, 0), .access = RO, .rules = kTIDCP},

    // ---- op0=3, op1=2 ----
    {.name = "CSSELR_EL1", .key = K(3, 2, 0, 0, 0), .rules = kTID2, .field = &SysRegs::CSSELR_EL1, .wmask = 0xF},

    // ---- op0=3, op1=3: EL0-accessible registers ----
    {.name = "CTR_EL0", .key = K(3, 3, 0, 0, 1), .min_el = 0, .access = RO, .rules = kEl0UCT | kTID2, .field = &SysRegs::CTR_EL0},
    {.name = "DCZID_EL0", .key = K(3, 3, 0, 0, 7), .min_el = 0, .access = RO, .read = read_DCZID},
    {.name = "NZCV", .key = K(3, 3, 4, 2, 0), .min_el = 0, .read = read_NZCV, .write = write_NZCV, .wmask = 0xF0000000},
    {.name = "DAIF", .key = K(3, 3, 4, 2, 1), .min_el = 0, .rules = kEl0UMA, .read = read_DAIF, .write = write_DAIF, .wmask = 0x3C0},
    {.name = "FPCR", .key = K(3, 3, 4, 4, 0), .min_el = 0, .rules = kFP, .read = read_FPCR, .write = write_FPCR},
    {.name = "FPSR", .key = K(3, 3, 4, 4, 1), .min_el = 0, .rules = kFP, .read = read_FPSR, .write = write_FPSR},
    {.name = "PMCR_EL0", .key = K(3, 3, 9, 12, 0), .min_el = 0, .rules = kEl0Pmu | kTPM | kTPMCR, .read = read_PMCR, .write = write_PMCR},
    {.name = "PMCNTENSET_EL0", .key = K(3, 3, 9, 12, 1), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMCNTEN, .write = write_PMCNTENSET},
    {.name = "PMCNTENCLR_EL0", .key = K(3, 3, 9, 12, 2), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMCNTEN, .write = write_PMCNTENCLR},
    {.name = "PMOVSCLR_EL0", .key = K(3, 3, 9, 12, 3), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMOVS, .write = write_PMOVSCLR},
    {.name = "PMSWINC_EL0", .key = K(3, 3, 9, 12, 4), .min_el = 0, .access = WO, .rules = kEl0Pmu | kEl0PmuSW | kTPM, .write = write_PMSWINC},
    {.name = "PMSELR_EL0", .key = K(3, 3, 9, 12, 5), .min_el = 0, .rules = kEl0Pmu | kEl0PmuER | kTPM, .read = read_PMSELR, .write = write_PMSELR},
    {.name = "PMCEID0_EL0", .key = K(3, 3, 9, 12, 6), .min_el = 0, .access = RO, .rules = kEl0Pmu | kTPM, .read = read_PMCEID0},
    {.name = "PMCEID1_EL0", .key = K(3, 3, 9, 12, 7), .min_el = 0, .access = RO, .rules = kEl0Pmu | kTPM, .read = read_PMCEID1},
    {.name = "PMCCNTR_EL0", .key = K(3, 3, 9, 13, 0), .min_el = 0, .rules = kEl0Pmu | kEl0PmuCR | kTPM, .read = read_PMCCNTR, .write = write_PMCCNTR},
    {.name = "PMXEVTYPER_EL0", .key = K(3, 3, 9, 13, 1), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMXEVTYPER, .write = write_PMXEVTYPER},
    {.name = "PMXEVCNTR_EL0", .key = K(3, 3, 9, 13, 2), .min_el = 0, .rules = kEl0Pmu | kEl0PmuER | kTPM, .read = read_PMXEVCNTR, .write = write_PMXEVCNTR},
    {.name = "PMUSERENR_EL0", .key = K(3, 3, 9, 14, 0), .min_el = 0, .rules = kUndefEl0Write | kTPM, .field = &SysRegs::PMUSERENR_EL0, .wmask = 0xF},
    {.name = "PMOVSSET_EL0", .key = K(3, 3, 9, 14, 3), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMOVS, .write = write_PMOVSSET},
    {.name = "TPIDR_EL0", .key = K(3, 3, 13, 0, 2), .min_el = 0, .field = &SysRegs::TPIDR_EL0},
    {.name = "TPIDRRO_EL0", .key = K(3, 3, 13, 0, 3), .min_el = 0, .rules = kUndefEl0Write, .field = &SysRegs::TPIDRRO_EL0},
    {.name = "CNTFRQ_EL0", .key = K(3, 3, 14, 0, 0), .min_el = 0, .rules = kUndefWriteBelowTop | kEl0CntFrq, .field = &SysRegs::CNTFRQ_EL0, .wmask = kLow32},
    {.name = "CNTPCT_EL0", .key = K(3, 3, 14, 0, 1), .min_el = 0, .access = RO, .rules = kEl0CntPct | kEL1PCTEN, .read = read_CNTPCT},
    {.name = "CNTVCT_EL0", .key = K(3, 3, 14, 0, 2), .min_el = 0, .access = RO, .rules = kEl0CntVct, .read = read_CNTVCT},
    {.name = "CNTP_TVAL_EL0", .key = K(3, 3, 14, 2, 0), .min_el = 0, .rules = kEl0CntP | kEL1PCEN, .read = PhysTimer::read_tval, .write = PhysTimer::write_tval, .effects = kTimer},
    {.name = "CNTP_CTL_EL0", .key = K(3, 3, 14, 2, 1), .min_el = 0, .rules = kEl0CntP | kEL1PCEN, .read = PhysTimer::read_ctl, .write = PhysTimer::write_ctl, .effects = kTimer},
    {.name = "CNTP_CVAL_EL0", .key = K(3, 3, 14, 2, 2), .min_el = 0, .rules = kEl0CntP | kEL1PCEN, .field = &SysRegs::CNTP_CVAL_EL0, .effects = kTimer},
    {.name = "CNTV_TVAL_EL0", .key = K(3, 3, 14, 3, 0), .min_el = 0, .rules = kEl0CntV, .read = VirtTimer::read_tval, .write = VirtTimer::write_tval, .effects = kTimer},
    {.name = "CNTV_CTL_EL0", .key = K(3, 3, 14, 3, 1), .min_el = 0, .rules = kEl0CntV, .read = VirtTimer::read_ctl, .write = VirtTimer::write_ctl, .effects = kTimer},
    {.name = "CNTV_CVAL_EL0", .key = K(3, 3, 14, 3, 2), .min_el = 0, .rules = kEl0CntV, .field = &SysRegs::CNTV_CVAL_EL0, .effects = kTimer},
    {.name = "PMEVCNTR0_EL0", .key = K(3, 3, 14, 8, 0), .min_el = 0, .rules = kEl0Pmu | kEl0PmuER | kTPM, .read = read_PMEVCNTR<0>, .write = write_PMEVCNTR<0>},
    {.name = "PMEVCNTR1_EL0", .key = K(3, 3, 14, 8, 1), .min_el = 0, .rules = kEl0Pmu | kEl0PmuER | kTPM, .read = read_PMEVCNTR<1>, .write = write_PMEVCNTR<1>},
    {.name = "PMEVCNTR2_EL0", .key = K(3, 3, 14, 8, 2), .min_el = 0, .rules = kEl0Pmu | kEl0PmuER | kTPM, .read = read_PMEVCNTR<2>, .write = write_PMEVCNTR<2>},
    {.name = "PMEVCNTR3_EL0", .key = K(3, 3, 14, 8, 3), .min_el = 0, .rules = kEl0Pmu | kEl0PmuER | kTPM, .read = read_PMEVCNTR<3>, .write = write_PMEVCNTR<3>},
    {.name = "PMEVCNTR4_EL0", .key = K(3, 3, 14, 8, 4), .min_el = 0, .rules = kEl0Pmu | kEl0PmuER | kTPM, .read = read_PMEVCNTR<4>, .write = write_PMEVCNTR<4>},
    {.name = "PMEVCNTR5_EL0", .key = K(3, 3, 14, 8, 5), .min_el = 0, .rules = kEl0Pmu | kEl0PmuER | kTPM, .read = read_PMEVCNTR<5>, .write = write_PMEVCNTR<5>},
    {.name = "PMEVTYPER0_EL0", .key = K(3, 3, 14, 12, 0), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMEVTYPER<0>, .write = write_PMEVTYPER<0>},
    {.name = "PMEVTYPER1_EL0", .key = K(3, 3, 14, 12, 1), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMEVTYPER<1>, .write = write_PMEVTYPER<1>},
    {.name = "PMEVTYPER2_EL0", .key = K(3, 3, 14, 12, 2), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMEVTYPER<2>, .write = write_PMEVTYPER<2>},
    {.name = "PMEVTYPER3_EL0", .key = K(3, 3, 14, 12, 3), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMEVTYPER<3>, .write = write_PMEVTYPER<3>},
    {.name = "PMEVTYPER4_EL0", .key = K(3, 3, 14, 12, 4), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMEVTYPER<4>, .write = write_PMEVTYPER<4>},
    {.name = "PMEVTYPER5_EL0", .key = K(3, 3, 14, 12, 5), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMEVTYPER<5>, .write = write_PMEVTYPER<5>},
    {.name = "PMCCFILTR_EL0", .key = K(3, 3, 14, 15, 7), .min_el = 0, .rules = kEl0Pmu | kTPM, .read = read_PMCCFILTR, .write = write_PMCCFILTR},

    // ---- op0=3, op1=4: EL2 ----
    {.name = "VPIDR_EL2", .key = K(3, 4, 0, 0, 0), .min_el = 2, .field = &SysRegs::VPIDR_EL2, .wmask = kLow32},
    {.name = "VMPIDR_EL2", .key = K(3, 4, 0, 0, 5), .min_el = 2, .field = &SysRegs::VMPIDR_EL2, .wmask = 0xFF41FFFFFF, .res1 = 1ull << 31},  // Aff3 U MT Aff2..0
    {.name = "SCTLR_EL2", .key = K(3, 4, 1, 0, 0), .min_el = 2, .field = &SysRegs::SCTLR_EL2, .wmask = kSctlrEl2Mask, .res1 = kSctlrEl2Res1, .effects = kTranslationEl2},
    {.name = "ACTLR_EL2", .key = K(3, 4, 1, 0, 1), .min_el = 2, .field = &SysRegs::ACTLR_EL2},
    // HCR_EL2.RW is RAO/WI: EL1 is AArch64-only.
    {.name = "HCR_EL2", .key = K(3, 4, 1, 1, 0), .min_el = 2, .field = &SysRegs::HCR_EL2, .wmask = hcr_el2::kWriteMask & ~hcr_el2::kRW, .res1 = hcr_el2::kRW, .effects = kTranslation | kInterrupts},
    {.name = "MDCR_EL2", .key = K(3, 4, 1, 1, 1), .min_el = 2, .read = read_MDCR_EL2, .write = write_MDCR_EL2, .wmask = 0xFFF},  // HPMN TPMCR TPM HPME TDE TDA TDOSA TDRA
    {.name = "CPTR_EL2", .key = K(3, 4, 1, 1, 2), .min_el = 2, .field = &SysRegs::CPTR_EL2, .wmask = kCptrEl2Mask, .res1 = kCptrEl2Res1},
    {.name = "HSTR_EL2", .key = K(3, 4, 1, 1, 3), .min_el = 2, .field = &SysRegs::HSTR_EL2, .wmask = 0xBFEF},  // T0-T3, T5-T13, T15 (AArch32 EL1 only)
    {.name = "HACR_EL2", .key = K(3, 4, 1, 1, 7), .min_el = 2, .field = &SysRegs::HACR_EL2},
    {.name = "TTBR0_EL2", .key = K(3, 4, 2, 0, 0), .min_el = 2, .field = &SysRegs::TTBR0_EL2, .wmask = kTtbr0El2Mask, .effects = kTranslationEl2},
    {.name = "TCR_EL2", .key = K(3, 4, 2, 0, 2), .min_el = 2, .field = &SysRegs::TCR_EL2, .wmask = kTcrEl2Mask, .res1 = kTcrEl2Res1, .effects = kTranslationEl2},
    {.name = "VTTBR_EL2", .key = K(3, 4, 2, 1, 0), .min_el = 2, .field = &SysRegs::VTTBR_EL2, .wmask = kVttbrMask, .effects = kTranslation},
    {.name = "VTCR_EL2", .key = K(3, 4, 2, 1, 2), .min_el = 2, .field = &SysRegs::VTCR_EL2, .wmask = kVtcrMask, .res1 = kVtcrRes1, .effects = kTranslation},
    {.name = "DACR32_EL2", .key = K(3, 4, 3, 0, 0), .min_el = 2, .field = &SysRegs::DACR32_EL2, .wmask = kLow32},
    {.name = "SPSR_EL2", .key = K(3, 4, 4, 0, 0), .min_el = 2, .field = &SysRegs::SPSR_EL2, .wmask = kSpsrMask},
    {.name = "ELR_EL2", .key = K(3, 4, 4, 0, 1), .min_el = 2, .field = &SysRegs::ELR_EL2},
    {.name = "SP_EL1", .key = K(3, 4, 4, 1, 0), .min_el = 2, .read = read_SP_EL1, .write = write_SP_EL1},
    {.name = "SPSR_irq", .key = K(3, 4, 4, 3, 0), .min_el = 2, .field = &SysRegs::SPSR_irq, .wmask = kLow32},
    {.name = "SPSR_abt", .key = K(3, 4, 4, 3, 1), .min_el = 2, .field = &SysRegs::SPSR_abt, .wmask = kLow32},
    {.name = "SPSR_und", .key = K(3, 4, 4, 3, 2), .min_el = 2, .field = &SysRegs::SPSR_und, .wmask = kLow32},
    {.name = "SPSR_fiq", .key = K(3, 4, 4, 3, 3), .min_el = 2, .field = &SysRegs::SPSR_fiq, .wmask = kLow32},
    {.name = "IFSR32_EL2", .key = K(3, 4, 5, 0, 1), .min_el = 2, .field = &SysRegs::IFSR32_EL2, .wmask = kLow32},
    {.name = "AFSR0_EL2", .key = K(3, 4, 5, 1, 0), .min_el = 2, .field = &SysRegs::AFSR0_EL2},
    {.name = "AFSR1_EL2", .key = K(3, 4, 5, 1, 1), .min_el = 2, .field = &SysRegs::AFSR1_EL2},
    {.name = "ESR_EL2", .key = K(3, 4, 5, 2, 0), .min_el = 2, .field = &SysRegs::ESR_EL2, .wmask = kLow32},
    {.name = "FPEXC32_EL2", .key = K(3, 4, 5, 3, 0), .min_el = 2, .rules = kFP, .field = &SysRegs::FPEXC32_EL2, .wmask = kLow32},
    {.name = "FAR_EL2", .key = K(3, 4, 6, 0, 0), .min_el = 2, .field = &SysRegs::FAR_EL2},
    {.name = "HPFAR_EL2", .key = K(3, 4, 6, 0, 4), .min_el = 2, .field = &SysRegs::HPFAR_EL2, .wmask = 0xFFFFFFFFF0},  // FIPA[39:4]
    {.name = "MAIR_EL2", .key = K(3, 4, 10, 2, 0), .min_el = 2, .field = &SysRegs::MAIR_EL2, .effects = kTranslationEl2},
    {.name = "AMAIR_EL2", .key = K(3, 4, 10, 3, 0), .min_el = 2, .field = &SysRegs::AMAIR_EL2},
    {.name = "VBAR_EL2", .key = K(3, 4, 12, 0, 0), .min_el = 2, .field = &SysRegs::VBAR_EL2, .wmask = kVbarMask},
    // The reset vector is IMPLEMENTATION DEFINED; it reads as zero here, as on QEMU.
    {.name = "RVBAR_EL2", .key = K(3, 4, 12, 0, 1), .min_el = 2, .access = RO},
    {.name = "TPIDR_EL2", .key = K(3, 4, 13, 0, 2), .min_el = 2, .field = &SysRegs::TPIDR_EL2},
    {.name = "CNTVOFF_EL2", .key = K(3, 4, 14, 0, 3), .min_el = 2, .field = &SysRegs::CNTVOFF_EL2, .effects = kTimer},
    {.name = "CNTHCTL_EL2", .key = K(3, 4, 14, 1, 0), .min_el = 2, .field = &SysRegs::CNTHCTL_EL2, .wmask = 0xFF, .effects = kTimer},  // EL1PCTEN EL1PCEN EVNTEN EVNTDIR EVNTI
    {.name = "CNTHP_TVAL_EL2", .key = K(3, 4, 14, 2, 0), .min_el = 2, .read = HypTimer::read_tval, .write = HypTimer::write_tval, .effects = kTimer},
    {.name = "CNTHP_CTL_EL2", .key = K(3, 4, 14, 2, 1), .min_el = 2, .read = HypTimer::read_ctl, .write = HypTimer::write_ctl, .effects = kTimer},
    {.name = "CNTHP_CVAL_EL2", .key = K(3, 4, 14, 2, 2), .min_el = 2, .field = &SysRegs::CNTHP_CVAL_EL2, .effects = kTimer},
};
// clang-format on

// The unallocated encodings of the ID space (op0=3, op1=0, CRn=0, CRm=1..7) are
// reserved for future ID registers and read as zero at EL1 and EL2; HCR_EL2.TID3
// traps them like the named ones.
constexpr SysRegInfo kReservedId = {
    .name = "(reserved ID register)", .key = K(3, 0, 0, 1, 0), .access = RO, .rules = kTID3};

// Direct index over op0 in {2, 3}: key - 0x8000 -> table index + 1; 0 = unallocated.
constexpr uint16_t kReservedIdSlot = 0xFFFF;
constexpr std::array<uint16_t, 0x8000> build_index() {
  std::array<uint16_t, 0x8000> index{};
  for (unsigned crm = 1; crm <= 7; ++crm)
    for (unsigned op2 = 0; op2 <= 7; ++op2) index[K(3, 0, 0, crm, op2) - 0x8000] = kReservedIdSlot;
  for (size_t i = 0; i < std::size(kTable); ++i) {
    const uint16_t key = kTable[i].key;
    if (key < 0x8000) throw "a system register key has op0 < 2";
    uint16_t& slot = index[key - 0x8000];
    if (slot != 0 && slot != kReservedIdSlot) throw "two system registers share an encoding";
    slot = static_cast<uint16_t>(i + 1);
  }
  return index;
}
constexpr std::array<uint16_t, 0x8000> kIndex = build_index();

// ---------------------------------------------------------------------------
// Access checks

constexpr uint32_t kEl0Rules = kEl0UCT | kEl0UMA | kEl0CntFrq | kEl0CntPct | kEl0CntVct | kEl0CntP |
                               kEl0CntV | kEl0Pmu | kEl0TDCC;
constexpr uint32_t kEl2Rules = kTID1 | kTID2 | kTID3 | kTACR | kTVM | kTIDCP | kTCPAC | kEL1PCTEN |
                               kEL1PCEN | kTPM | kTPMCR | kTDA | kTDOSA | kTDRA;

// The EL1 controls of EL0 accesses (SCTLR_EL1, CNTKCTL_EL1, PMUSERENR_EL0, MDSCR_EL1).
bool el0_trapped(const Cpu& cpu, const SysRegInfo& r, bool is_read) {
  const SysRegs& sr = cpu.sr();
  const uint32_t rules = r.rules;
  if ((rules & kEl0UCT) && !(sr.SCTLR_EL1 & sctlr_el1::kUCT)) return true;
  if ((rules & kEl0UMA) && !(sr.SCTLR_EL1 & sctlr_el1::kUMA)) return true;
  const uint64_t cntkctl = sr.CNTKCTL_EL1;
  if ((rules & kEl0CntFrq) && !(cntkctl & 3)) return true;        // EL0PCTEN, EL0VCTEN
  if ((rules & kEl0CntPct) && !(cntkctl & 1)) return true;        // EL0PCTEN
  if ((rules & kEl0CntVct) && !(cntkctl & 2)) return true;        // EL0VCTEN
  if ((rules & kEl0CntP) && !(cntkctl & (1u << 9))) return true;  // EL0PTEN
  if ((rules & kEl0CntV) && !(cntkctl & (1u << 8))) return true;  // EL0VTEN
  if (rules & kEl0Pmu) {
    const uint64_t u = sr.PMUSERENR_EL0;
    const bool en = u & 1;
    const bool sw = (rules & kEl0PmuSW) && !is_read && (u & 2);
    const bool cr = (rules & kEl0PmuCR) && is_read && (u & 4);
    // ER: reads of the event counters, reads and writes of PMSELR_EL0.
    const bool er = (rules & kEl0PmuER) && (u & 8) && (is_read || r.key == K(3, 3, 9, 12, 5));
    if (!(en || sw || cr || er)) return true;
  }
  if ((rules & kEl0TDCC) && (sr.MDSCR_EL1 & (1u << 12))) return true;
  return false;
}

// The EL2 controls of EL0/EL1 accesses (HCR_EL2, CPTR_EL2, CNTHCTL_EL2, MDCR_EL2).
bool el2_trapped(const Cpu& cpu, const SysRegInfo& r, bool is_read) {
  const SysRegs& sr = cpu.sr();
  const uint32_t rules = r.rules;
  const uint64_t hcr = sr.HCR_EL2;
  if ((rules & kTID1) && (hcr & hcr_el2::kTID1)) return true;
  if ((rules & kTID2) && (hcr & hcr_el2::kTID2)) return true;
  if ((rules & kTID3) && (hcr & hcr_el2::kTID3)) return true;
  if ((rules & kTACR) && (hcr & hcr_el2::kTACR)) return true;
  if ((rules & kTVM) && (hcr & (is_read ? hcr_el2::kTRVM : hcr_el2::kTVM))) return true;
  if ((rules & kTIDCP) && (hcr & hcr_el2::kTIDCP)) return true;
  if ((rules & kTCPAC) && cpu.el() == 1 && (sr.CPTR_EL2 & (1ull << 31))) return true;
  if ((rules & kEL1PCTEN) && !(sr.CNTHCTL_EL2 & 1)) return true;
  if ((rules & kEL1PCEN) && !(sr.CNTHCTL_EL2 & 2)) return true;
  const uint64_t mdcr = sr.MDCR_EL2;
  if ((rules & kTPM) && (mdcr & mdcr_el2::kTPM)) return true;
  if ((rules & kTPMCR) && (mdcr & mdcr_el2::kTPMCR)) return true;
  // MDCR_EL2.TDE (and HCR_EL2.TGE, which makes TDE behave as 1) force TDA/TDOSA/TDRA.
  const bool tde = (mdcr & mdcr_el2::kTDE) || (hcr & hcr_el2::kTGE);
  if ((rules & kTDA) && (tde || (mdcr & mdcr_el2::kTDA))) return true;
  if ((rules & kTDOSA) && (tde || (mdcr & mdcr_el2::kTDOSA))) return true;
  if ((rules & kTDRA) && (tde || (mdcr & mdcr_el2::kTDRA))) return true;
  return false;
}

void apply_effects(Cpu& cpu, uint8_t effects) {
  if (effects & kTranslation) cpu.invalidate_host_pages(Cpu::kEl10);
  if (effects & kTranslationEl2) cpu.invalidate_host_pages(Cpu::kEl2);
  if (effects & kInterrupts) cpu.update_interrupt_pending();
  if (effects & kTimer) {
    cpu.event_streams_changed();
    cpu.hooks().timer_changed(cpu);
  }
}

}  // namespace

std::span<const SysRegInfo> sysreg_table() { return {kTable, std::size(kTable)}; }

const SysRegInfo* sysreg_lookup(uint16_t key) {
  if (key < 0x8000) return nullptr;
  const uint16_t slot = kIndex[key - 0x8000];
  if (slot == 0) return nullptr;
  if (slot == kReservedIdSlot) return &kReservedId;
  return &kTable[slot - 1];
}

const SysRegInfo* sysreg_find(std::string_view name) {
  for (const auto& r : kTable)
    if (r.name == name) return &r;
  return nullptr;
}

uint64_t effective_hcr(const Cpu& cpu) { return cpu.config().has_el2 ? cpu.sr().HCR_EL2 : 0; }

bool sysreg_check_access(Cpu& cpu, const SysRegInfo& r, bool is_read, uint32_t insn) {
  const unsigned el = cpu.el();
  // UNDEFINED: below the register's EL, the wrong direction, the special cases.
  if (el < r.min_el) return cpu.undefined();
  if (r.access == (is_read ? SysRegAccess::WO : SysRegAccess::RO)) return cpu.undefined();
  const uint32_t rules = r.rules;
  if (rules == 0) [[likely]]
    return true;
  if (!is_read && (rules & kUndefEl0Write) && el == 0) return cpu.undefined();
  if (!is_read && (rules & kUndefWriteBelowTop) && el < (has_el2(cpu) ? 2u : 1u))
    return cpu.undefined();
  if ((rules & kUndefSpSel0) && cpu.pstate().sp == 0) return cpu.undefined();
  // Traps that EL1 controls for EL0, taken to EL1 (EL2 with HCR_EL2.TGE).
  if (el == 0 && (rules & kEl0Rules) && el0_trapped(cpu, r, is_read))
    return cpu.trap_sysreg(insn, cpu.route_sync_target());
  // SIMD&FP access traps (EC 0x07) of CPACR_EL1 and CPTR_EL2.
  if ((rules & kFP) && !cpu.check_fp_enabled()) return false;
  // Traps to EL2.
  if (el <= 1 && has_el2(cpu) && (rules & kEl2Rules) && el2_trapped(cpu, r, is_read))
    return cpu.trap_sysreg(insn, 2);
  return true;
}

bool sysreg_read_is_plain_above_el0(const SysRegInfo& r) {
  // Only EL0 rules, and not the PMU's (its EL2 rules, kTPM and kTPMCR, are not EL0's).
  return r.access != SysRegAccess::WO && (r.rules & ~(kEl0Rules & ~kEl0Pmu)) == 0;
}

uint64_t sysreg_get(Cpu& cpu, const SysRegInfo& r) {
  uint64_t v = 0;
  if (r.read)
    v = r.read(cpu);
  else if (r.field)
    v = cpu.sr().*r.field;
  return v | r.res1;
}

void sysreg_set(Cpu& cpu, const SysRegInfo& r, uint64_t value) {
  const uint64_t v = (value & r.wmask) | r.res1;
  if (r.write) {
    r.write(cpu, v);
  } else if (r.field) {
    uint64_t& f = cpu.sr().*r.field;
    f = (f & ~r.wmask) | v;
  }
  if (r.effects) apply_effects(cpu, r.effects);
}

bool sysreg_read(Cpu& cpu, uint32_t insn, uint64_t& value) {
  const SysRegInfo* r = sysreg_lookup(sysreg_key_of(insn));
  if (r == nullptr) return cpu.undefined();
  if (!sysreg_check_access(cpu, *r, true, insn)) return false;
  value = sysreg_get(cpu, *r);
  return true;
}

bool sysreg_write(Cpu& cpu, uint32_t insn, uint64_t value) {
  const SysRegInfo* r = sysreg_lookup(sysreg_key_of(insn));
  if (r == nullptr) return cpu.undefined();
  if (!sysreg_check_access(cpu, *r, false, insn)) return false;
  sysreg_set(cpu, *r, value);
  return true;
}

}  // namespace isa
