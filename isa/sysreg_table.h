// The system register table (Arm ARM C5.3, D13): one entry per MRS/MSR encoding of
// an ARMv8.0 AArch64-only PE with EL0-EL2 and no EL3, Cortex-A57-like.
//
// Each entry names the register as the Arm ARM does and gives its storage (a field
// of SysRegs, or read/write functions for computed registers), the lowest EL that
// may access it, whether it is read-only or write-only, its writable bits and RES1
// bits, the traps that apply to it and the side effects of a write. MRS and MSR
// (isa/exec_system.cc) go through sysreg_read()/sysreg_write(), which perform the
// access checks in the Arm ARM's priority order: UNDEFINED first, then the traps
// that EL1 controls for EL0 accesses, then the EL2 traps.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "isa/sysregs.h"

namespace isa {

class Cpu;

// The 16-bit register key op0:op1:CRn:CRm:op2, which is insn<20:5> of MRS/MSR/SYS.
constexpr uint16_t sysreg_key(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                              unsigned op2) {
  return static_cast<uint16_t>((op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2);
}
constexpr uint16_t sysreg_key_of(uint32_t insn) {
  return static_cast<uint16_t>((insn >> 5) & 0xFFFF);
}

enum class SysRegAccess : uint8_t { RW, RO, WO };

// Access rules of an entry, a bit each. EL0 rules send EL0 accesses to EL1 (to EL2
// when HCR_EL2.TGE is set); EL2 rules send EL0/EL1 accesses to EL2 with EC 0x18.
namespace sysreg_rule {
// UNDEFINED cases
constexpr uint32_t kUndefEl0Write = 1u << 0;       // readable at EL0, writable from EL1
constexpr uint32_t kUndefWriteBelowTop = 1u << 1;  // writable only at the highest EL
constexpr uint32_t kUndefSpSel0 = 1u << 2;         // SP_EL0 while PSTATE.SP == 0
// Traps controlled from EL1 for EL0 accesses
constexpr uint32_t kEl0UCT = 1u << 3;     // SCTLR_EL1.UCT (CTR_EL0)
constexpr uint32_t kEl0UMA = 1u << 4;     // SCTLR_EL1.UMA (DAIF)
constexpr uint32_t kEl0CntFrq = 1u << 5;  // CNTKCTL_EL1.{EL0PCTEN,EL0VCTEN} both 0
constexpr uint32_t kEl0CntPct = 1u << 6;  // CNTKCTL_EL1.EL0PCTEN
constexpr uint32_t kEl0CntVct = 1u << 7;  // CNTKCTL_EL1.EL0VCTEN
constexpr uint32_t kEl0CntP = 1u << 8;    // CNTKCTL_EL1.EL0PTEN
constexpr uint32_t kEl0CntV = 1u << 9;    // CNTKCTL_EL1.EL0VTEN
constexpr uint32_t kEl0Pmu = 1u << 10;    // PMUSERENR_EL0.EN
constexpr uint32_t kEl0PmuCR = 1u << 11;  // ... or PMUSERENR_EL0.CR for a read
constexpr uint32_t kEl0PmuER = 1u << 12;  // ... or PMUSERENR_EL0.ER
constexpr uint32_t kEl0PmuSW = 1u << 13;  // ... or PMUSERENR_EL0.SW for a write
constexpr uint32_t kEl0TDCC = 1u << 14;   // MDSCR_EL1.TDCC
// SIMD&FP: CPACR_EL1.FPEN and CPTR_EL2.TFP (EC 0x07, Cpu::check_fp_enabled())
constexpr uint32_t kFP = 1u << 15;
// Traps to EL2
constexpr uint32_t kTID1 = 1u << 16;      // HCR_EL2.TID1
constexpr uint32_t kTID2 = 1u << 17;      // HCR_EL2.TID2
constexpr uint32_t kTID3 = 1u << 18;      // HCR_EL2.TID3
constexpr uint32_t kTACR = 1u << 19;      // HCR_EL2.TACR
constexpr uint32_t kTVM = 1u << 20;       // HCR_EL2.TVM (writes) and TRVM (reads)
constexpr uint32_t kTIDCP = 1u << 21;     // HCR_EL2.TIDCP (IMPLEMENTATION DEFINED regs)
constexpr uint32_t kTCPAC = 1u << 22;     // CPTR_EL2.TCPAC (CPACR_EL1 at EL1)
constexpr uint32_t kEL1PCTEN = 1u << 23;  // CNTHCTL_EL2.EL1PCTEN == 0
constexpr uint32_t kEL1PCEN = 1u << 24;   // CNTHCTL_EL2.EL1PCEN == 0
constexpr uint32_t kTPM = 1u << 25;       // MDCR_EL2.TPM
constexpr uint32_t kTPMCR = 1u << 26;     // MDCR_EL2.TPMCR
constexpr uint32_t kTDA = 1u << 27;       // MDCR_EL2.TDA (or TDE, or HCR_EL2.TGE)
constexpr uint32_t kTDOSA = 1u << 28;     // MDCR_EL2.TDOSA (or TDE, or HCR_EL2.TGE)
constexpr uint32_t kTDRA = 1u << 29;      // MDCR_EL2.TDRA (or TDE, or HCR_EL2.TGE)
}  // namespace sysreg_rule

// Side effects of a write.
namespace sysreg_effect {
constexpr uint8_t kTranslation = 1u << 0;     // Cpu::invalidate_host_pages(kEl10): EL1&0 regime
constexpr uint8_t kTranslationEl2 = 1u << 3;  // Cpu::invalidate_host_pages(kEl2): EL2 regime
constexpr uint8_t kInterrupts = 1u << 1;      // Cpu::update_interrupt_pending()
constexpr uint8_t kTimer = 1u << 2;           // generic timer state (the timer model's hook)
}  // namespace sysreg_effect

struct SysRegInfo {
  std::string_view name;  // as the Arm ARM spells it
  uint16_t key = 0;       // sysreg_key(op0, op1, CRn, CRm, op2)
  uint8_t min_el = 1;     // lower ELs: UNDEFINED
  SysRegAccess access = SysRegAccess::RW;
  uint32_t rules = 0;                       // sysreg_rule bits
  uint64_t SysRegs::*field = nullptr;       // plain storage, or nullptr
  uint64_t (*read)(Cpu&) = nullptr;         // computed read; neither: reads as zero
  void (*write)(Cpu&, uint64_t) = nullptr;  // computed write; neither: ignored
  uint64_t wmask = ~0ull;                   // writable bits (others keep their value)
  uint64_t res1 = 0;                        // bits that read as one
  uint8_t effects = 0;                      // sysreg_effect bits
};

// The whole table, in Arm ARM encoding order.
std::span<const SysRegInfo> sysreg_table();
// The entry for an encoding (the unallocated ID space op0=3, op1=0, CRn=0,
// CRm=1..7 maps to one read-as-zero entry); nullptr when the encoding is unallocated.
const SysRegInfo* sysreg_lookup(uint16_t key);
// The entry of a register by its Arm ARM name, e.g. "HCR_EL2"; nullptr if unknown.
const SysRegInfo* sysreg_find(std::string_view name);

// MRS and MSR of the register that insn (an MRS/MSR word) names, at the current EL:
// the access checks, then the read or the write with its masks and side effects.
// They return false when UNDEFINED or a trap was raised (the body then returns).
bool sysreg_read(Cpu& cpu, uint32_t insn, uint64_t& value);
bool sysreg_write(Cpu& cpu, uint32_t insn, uint64_t value);

// Whether MRS of r above EL0 is its read alone: no UNDEFINED case and no trap applies
// above EL0 and nothing but the PC and the instructions retired (counters) needs to be
// settled first. The PMU's registers are not: their event counts need the step loop's
// pending counts. (The step loop's specialised MRS bodies.)
bool sysreg_read_is_plain_above_el0(const SysRegInfo& r);

// The access checks alone (for the SYS bodies and tests).
bool sysreg_check_access(Cpu& cpu, const SysRegInfo& r, bool is_read, uint32_t insn);

// Unchecked accesses, as a debugger or the platform sees the registers: no EL or
// trap checks, but the same masks, computed values and side effects.
uint64_t sysreg_get(Cpu& cpu, const SysRegInfo& r);
void sysreg_set(Cpu& cpu, const SysRegInfo& r, uint64_t value);

// HCR_EL2 as it applies to the current state: zero when EL2 is not implemented.
uint64_t effective_hcr(const Cpu& cpu);

// HCR_EL2 bits of ARMv8.0.
namespace hcr_el2 {
constexpr uint64_t kVM = 1ull << 0;
constexpr uint64_t kFMO = 1ull << 3;
constexpr uint64_t kIMO = 1ull << 4;
constexpr uint64_t kAMO = 1ull << 5;
constexpr uint64_t kVF = 1ull << 6;
constexpr uint64_t kVI = 1ull << 7;
constexpr uint64_t kVSE = 1ull << 8;
constexpr uint64_t kDC = 1ull << 12;
constexpr uint64_t kTWI = 1ull << 13;
constexpr uint64_t kTWE = 1ull << 14;
constexpr uint64_t kTID0 = 1ull << 15;
constexpr uint64_t kTID1 = 1ull << 16;
constexpr uint64_t kTID2 = 1ull << 17;
constexpr uint64_t kTID3 = 1ull << 18;
constexpr uint64_t kTSC = 1ull << 19;
constexpr uint64_t kTIDCP = 1ull << 20;
constexpr uint64_t kTACR = 1ull << 21;
constexpr uint64_t kTSW = 1ull << 22;
constexpr uint64_t kTPC = 1ull << 23;
constexpr uint64_t kTPU = 1ull << 24;
constexpr uint64_t kTTLB = 1ull << 25;
constexpr uint64_t kTVM = 1ull << 26;
constexpr uint64_t kTGE = 1ull << 27;
constexpr uint64_t kTDZ = 1ull << 28;
constexpr uint64_t kHCD = 1ull << 29;
constexpr uint64_t kTRVM = 1ull << 30;
constexpr uint64_t kRW = 1ull << 31;
constexpr uint64_t kCD = 1ull << 32;
constexpr uint64_t kID = 1ull << 33;
constexpr uint64_t kWriteMask = (1ull << 34) - 1;  // bits 63:34 are RES0 in ARMv8.0
}  // namespace hcr_el2

// SCTLR_EL1 bits that control EL0.
namespace sctlr_el1 {
constexpr uint64_t kUMA = 1ull << 9;
constexpr uint64_t kDZE = 1ull << 14;
constexpr uint64_t kUCT = 1ull << 15;
constexpr uint64_t knTWI = 1ull << 16;
constexpr uint64_t knTWE = 1ull << 18;
constexpr uint64_t kUCI = 1ull << 26;
}  // namespace sctlr_el1

// MDCR_EL2 bits of ARMv8.0.
namespace mdcr_el2 {
constexpr uint64_t kHPMN = 0x1F;  // a field: the first counter reserved for EL2
constexpr uint64_t kTPMCR = 1ull << 5;
constexpr uint64_t kTPM = 1ull << 6;
constexpr uint64_t kHPME = 1ull << 7;
constexpr uint64_t kTDE = 1ull << 8;
constexpr uint64_t kTDA = 1ull << 9;
constexpr uint64_t kTDOSA = 1ull << 10;
constexpr uint64_t kTDRA = 1ull << 11;
}  // namespace mdcr_el2

}  // namespace isa
