// Address translation (VMSAv8-64) for one core.
//
// The types shared by the walkers (mmu/walk.h) and the TLB model (mmu/tlb.h), and the
// MMU-off behaviour. The modelled, tagged TLBs and the simulator's own host-pointer
// cache are separate things: the latter lives in isa::Cpu and only ever caches
// translations that the modelled main TLB holds.
#pragma once

#include <cstdint>

namespace mmu {

enum class AccessType : uint8_t { Fetch, Read, Write };

// Memory type after translation (Arm ARM B2.7).
enum class MemType : uint8_t { Normal, Device };

// Translation regimes of an ARMv8.0 core without EL3 (Arm ARM D8.1).
enum class Regime : uint8_t { EL10, EL2 };

// The registers that decide a translation, copied from the core's system registers.
struct TranslationRegs {
  Regime regime = Regime::EL10;
  bool el0 = false;       // the access is made at (or as if at) EL0
  uint64_t sctlr = 0;     // SCTLR_EL1 or SCTLR_EL2, per regime
  uint64_t tcr = 0;       // TCR_EL1 or TCR_EL2
  uint64_t ttbr0 = 0;     // TTBR0_EL1 or TTBR0_EL2
  uint64_t ttbr1 = 0;     // TTBR1_EL1 (EL1&0 only)
  uint64_t mair = 0;      // MAIR_EL1 or MAIR_EL2
  uint64_t hcr = 0;       // HCR_EL2 (stage 2 enable, DC, ...)
  uint64_t vtcr = 0;      // VTCR_EL2
  uint64_t vttbr = 0;     // VTTBR_EL2
  unsigned pa_bits = 44;  // ID_AA64MMFR0_EL1.PARange as a bit count
  // AT S1E0*/S1E1*: stop at the IPA (stage 2 still applies to the walk's own reads).
  bool stage1_only = false;
};

enum class FaultKind : uint8_t {
  None,
  AddressSize,
  Translation,
  AccessFlag,
  Permission,
  Alignment,
  SyncExternal,
  SyncExternalOnWalk,
};

struct Fault {
  FaultKind kind = FaultKind::None;
  int level = 0;
  bool stage2 = false;
  bool s1ptw = false;  // stage-2 fault on a stage-1 table walk
  uint64_t ipa = 0;    // for HPFAR_EL2, when stage2
};

struct Translation {
  uint64_t pa = 0;
  MemType mem = MemType::Normal;
  Fault fault;
  bool ok() const { return fault.kind == FaultKind::None; }
};

// Translation with the stage-1 MMU disabled for the regime (Arm ARM D8.2.10): the
// output address is the input address; data accesses are Device-nGnRnE unless
// HCR_EL2.DC is set, instruction fetches Normal. An input address beyond the
// implemented PA size is an address-size fault at level 0 (its top byte ignored under
// TBI).
Translation translate_mmu_off(const TranslationRegs& regs, uint64_t va, AccessType type);

// The walkers (stage 1, stage 2, the nested walk and the permission checks) are in
// mmu/walk.h; the modelled TLBs in mmu/tlb.h.

}  // namespace mmu
