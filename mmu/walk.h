// Translation table walks of VMSAv8-64 (Arm ARM D5/D8: AArch64.S1Translate,
// AArch64.S2Translate, AArch64.CheckPermission), as pure functions of the
// translation registers and a descriptor-read callback.
//
// The nested walk is literal: every stage-1 descriptor address goes through
// WalkEnv::stage2(), which walks stage 2 (or, in the modelled TLBs, looks the IPA up
// in the IPA cache first), so a cold 4+4-level walk makes 24 descriptor reads. (The
// modelled TLBs' walk cache lets a stage-1 walk start at its last level.)
#pragma once

#include <cstdint>

#include "mmu/mmu.h"

namespace mmu {

// Permission bits of a mapping, before SCTLR.WXN (which is applied at check time).
namespace perm {
constexpr uint16_t kR0 = 1 << 0;  // stage 1: EL0 read
constexpr uint16_t kW0 = 1 << 1;  // stage 1: EL0 write
constexpr uint16_t kX0 = 1 << 2;  // stage 1: EL0 execute
constexpr uint16_t kR1 = 1 << 3;  // stage 1: EL1 (or EL2 in the EL2 regime) read
constexpr uint16_t kW1 = 1 << 4;
constexpr uint16_t kX1 = 1 << 5;
constexpr uint16_t kS2R = 1 << 6;  // stage 2: S2AP[0]
constexpr uint16_t kS2W = 1 << 7;  // stage 2: S2AP[1]
constexpr uint16_t kS2X = 1 << 8;  // stage 2: !XN
constexpr uint16_t kAll = 0x1FF;
}  // namespace perm

// A stage-2 mapping of one IPA block or page.
struct S2Mapping {
  uint64_t ipa_base = 0;  // aligned to 1 << shift
  uint64_t pa_base = 0;
  uint8_t shift = 12;     // log2 of the block or page size
  int8_t level = 0;       // level of the leaf descriptor
  uint8_t memattr = 0xF;  // MemAttr[3:0] (0xF: Normal WB when stage 2 is off)
  uint8_t sh = 0;
  uint16_t perms = perm::kS2R | perm::kS2W | perm::kS2X;
  Fault fault;
  bool ok() const { return fault.kind == FaultKind::None; }
};

// The result of a full translation: what a TLB entry holds. VA, IPA and PA are
// aligned to 1 << shift, the smaller of the stage-1 and stage-2 sizes.
struct Mapping {
  // (The small fields first, next to a TLB entry's tag words: a lookup compares global
  // and asid with them.)
  uint8_t shift = 12;
  int8_t s1_level = 0;
  int8_t s2_level = 0;
  bool s2 = false;     // stage 2 applied (permission faults then report the IPA)
  bool global = true;  // !nG (always global in the EL2 regime)
  // The size (1 << s1_shift) of the stage-1 translation this is part of: above shift
  // where stage 2 maps the range in smaller pieces, each a TLB entry of its own, which
  // a TLBI by VA anywhere in the stage-1 range removes.
  uint8_t s1_shift = 12;
  uint16_t asid = 0;  // the ASID the entry was walked under
  uint16_t perms = perm::kAll;
  MemType mem = MemType::Normal;
  uint8_t attr = 0xFF;    // combined attributes in MAIR encoding (for PAR_EL1)
  uint8_t sh = 0;         // combined shareability (for PAR_EL1)
  uint64_t va_base = 0;   // tag byte removed
  uint64_t ipa_base = 0;  // stage-1 output
  uint64_t pa_base = 0;
  uint64_t pa(uint64_t va) const { return pa_base | (va & ((uint64_t{1} << shift) - 1)); }
};

struct WalkResult {
  Mapping m;
  Fault fault;
  bool ok() const { return fault.kind == FaultKind::None; }
};

// The fields of TCR/VTCR and TTBR/VTTBR that shape a walk, decoded. A WalkEnv keeps
// the last one of each kind with the register values it came from: a walk under the
// same registers skips the decoding and its checks.
struct WalkGeometry {
  uint64_t ctl = 0, ttbr = 0;  // TCR_ELx or VTCR_EL2, and the TTBR it is used with
  uint64_t other = ~0ull;      // the rest: PA size, regime, TTBR half (~0: empty)
  uint64_t base = 0;           // table base (PA for stage 2, IPA for stage 1 under stage 2)
  uint8_t grain = 12, inputsize = 48, outputsize = 48;
  int8_t start = 0;
  bool tbi = false, epd = false;
  bool bad = false;       // the setting itself faults (translation fault, level 0)
  bool base_bad = false;  // BADDR beyond the output size (address size fault, level 0)
  // Per level from `start`: the lowest input-address bit it resolves and the mask of
  // its index. Output addresses: the bits of a next-level table address, and the
  // bits at or above the output size (zero when that is 48).
  uint8_t lsb[4] = {};
  uint64_t index_mask[4] = {};
  uint64_t table_mask = 0, oa_limit = 0;
};

// What a walk needs from its surroundings.
class WalkEnv {
 public:
  virtual ~WalkEnv() = default;
  // One 64-bit little-endian descriptor read at a physical address; false on a bus
  // error (a synchronous external abort on the walk).
  virtual bool read_descriptor(uint64_t pa, uint64_t& desc) = 0;
  // Stage-2 translation of an IPA. The default walks (walk_stage2); a model with an
  // IPA cache overrides it. s1_walk: the IPA is a stage-1 descriptor address.
  virtual S2Mapping stage2(const TranslationRegs& regs, uint64_t ipa, bool s1_walk);
  // A walk cache for stage 1 (the walkers call these statically, on the type they are
  // instantiated for: a model with a walk cache hides them). last_table() gives the
  // last-level table that maps `va` and the bits 59-62 of the table descriptors above
  // it, if cached; keep_last_table() is told them by a walk that read a last-level
  // descriptor. `region` is log2 of what one next-to-last-level descriptor maps.
  bool last_table(const TranslationRegs&, uint64_t /*va*/, unsigned /*region*/, uint64_t& /*table*/,
                  uint64_t& /*table_bits*/) {
    return false;
  }
  void keep_last_table(const TranslationRegs&, uint64_t /*va*/, unsigned /*region*/,
                       uint64_t /*table*/, uint64_t /*table_bits*/) {}
  // Descriptor reads made so far (incremented by the walkers).
  unsigned refs = 0;
  // Decoded geometries: stage 1 by TTBR half (lower, upper), stage 2.
  WalkGeometry s1_geometry[2], s2_geometry;
};

// Stage 2 from VTTBR_EL2/VTCR_EL2 for one IPA. Faults have stage2 set and the IPA.
S2Mapping walk_stage2(const TranslationRegs& regs, uint64_t ipa, WalkEnv& env);

// The whole translation of the regime (stage 1, then stage 2 when HCR_EL2.VM or DC
// applies to the EL1&0 regime), without a permission check. MMU-off regimes map
// flat. Faults: translation, address size, access flag, external abort on walk, and
// stage-2 faults of the nested walk (s1ptw).
WalkResult walk(const TranslationRegs& regs, uint64_t va, bool fetch, WalkEnv& env);

// AArch64.CheckPermission for stage 1 then stage 2. Returns a permission fault, or
// FaultKind::None. va is needed for the IPA of a stage-2 fault. (Below.)
inline Fault check_permission(const Mapping& m, const TranslationRegs& regs, uint64_t va,
                              AccessType type);

// Walk and check.
Translation translate(const TranslationRegs& regs, uint64_t va, AccessType type, WalkEnv& env,
                      Mapping* mapping = nullptr);

// Helpers of the registers, shared with the TLB model (inline: every TLB lookup
// uses them).
inline bool stage1_enabled(const TranslationRegs& regs) {
  if (regs.regime == Regime::EL10 && (regs.hcr & (1ull << 12)) /* HCR_EL2.DC */) return false;
  return regs.sctlr & 1;  // SCTLR_ELx.M
}
inline bool stage2_enabled(const TranslationRegs& regs) {
  return regs.regime == Regime::EL10 && (regs.hcr & ((1ull << 0) | (1ull << 12)));  // VM, DC
}
// The ASID of a stage-1 EL1&0 translation (TCR_EL1.A1 and AS), 0 in the EL2 regime.
inline uint16_t current_asid(const TranslationRegs& regs) {
  if (regs.regime != Regime::EL10) return 0;
  const bool a1 = (regs.tcr >> 22) & 1;
  const bool as16 = (regs.tcr >> 36) & 1;
  const uint64_t asid = (a1 ? regs.ttbr1 : regs.ttbr0) >> 48;
  return static_cast<uint16_t>(as16 ? asid : asid & 0xFF);
}
inline uint16_t current_vmid(const TranslationRegs& regs) {
  return regs.regime == Regime::EL10 ? static_cast<uint16_t>((regs.vttbr >> 48) & 0xFF) : 0;
}
// The VA with the top byte cleared or sign-extended per TBI (for TLB lookups).
inline uint64_t strip_tag(const TranslationRegs& regs, uint64_t va) {
  bool tbi;
  if (regs.regime == Regime::EL2)
    tbi = (regs.tcr >> 20) & 1;
  else
    tbi = ((va >> 55) & 1) ? (regs.tcr >> 38) & 1 : (regs.tcr >> 37) & 1;
  if (!tbi) return va;
  return ((va >> 55) & 1) ? (va | 0xFF00000000000000ull) : (va & 0x00FFFFFFFFFFFFFFull);
}

// The whole check, for the accesses check_permission() does not let pass at once and
// fetches under SCTLR.WXN (out of line: rare).
[[gnu::noinline]] inline Fault check_permission_slow(const Mapping& m, const TranslationRegs& regs,
                                                     uint64_t va, AccessType type) {
  Fault f;
  const bool el0 = regs.regime == Regime::EL10 && regs.el0;
  const uint16_t r = el0 ? perm::kR0 : perm::kR1;
  const uint16_t w = el0 ? perm::kW0 : perm::kW1;
  const uint16_t x = el0 ? perm::kX0 : perm::kX1;
  bool s1_fail = false;
  if (stage1_enabled(regs)) {
    switch (type) {
      case AccessType::Fetch:
        // SCTLR.WXN: writable at this EL means not executable.
        s1_fail = !(m.perms & x) || ((regs.sctlr & (1ull << 19) /* SCTLR.WXN */) && (m.perms & w));
        break;
      case AccessType::Read:
        s1_fail = !(m.perms & r);
        break;
      case AccessType::Write:
        s1_fail = !(m.perms & w);
        break;
    }
  }
  if (s1_fail) {
    f.kind = FaultKind::Permission;
    f.level = m.s1_level;
    return f;
  }
  if (!m.s2) return f;
  bool s2_fail = false;
  switch (type) {
    case AccessType::Fetch:
      s2_fail = !(m.perms & perm::kS2X);
      break;
    case AccessType::Read:
      s2_fail = !(m.perms & perm::kS2R);
      break;
    case AccessType::Write:
      s2_fail = !(m.perms & perm::kS2W);
      break;
  }
  if (s2_fail) {
    f.kind = FaultKind::Permission;
    f.level = m.s2_level;
    f.stage2 = true;
    f.ipa = m.ipa_base | (strip_tag(regs, va) & ((uint64_t{1} << m.shift) - 1));
  }
  return f;
}

// (inline: every TLB hit checks permissions) Whether the permission bits allow the
// access, which settles it unless SCTLR.WXN takes execution away (then false: the
// whole check decides). Hot paths test this and build a Fault only when it fails.
inline bool permitted(const Mapping& m, const TranslationRegs& regs, AccessType type) {
  const bool el0 = regs.regime == Regime::EL10 && regs.el0;
  uint16_t need = 0;
  if (stage1_enabled(regs)) {
    static constexpr uint16_t kS1[2][3] = {{perm::kX1, perm::kR1, perm::kW1},
                                           {perm::kX0, perm::kR0, perm::kW0}};
    need = kS1[el0][static_cast<unsigned>(type)];
    if (type == AccessType::Fetch && (regs.sctlr & (1ull << 19)) /* SCTLR.WXN */) [[unlikely]]
      return false;
  }
  if (m.s2) {
    static constexpr uint16_t kS2[3] = {perm::kS2X, perm::kS2R, perm::kS2W};
    need |= kS2[static_cast<unsigned>(type)];
  }
  return (m.perms & need) == need;
}

// The check: no fault when permitted(), else the whole check, out of line.
inline Fault check_permission(const Mapping& m, const TranslationRegs& regs, uint64_t va,
                              AccessType type) {
  if (permitted(m, regs, type)) [[likely]]
    return Fault{};
  return check_permission_slow(m, regs, va, type);
}

}  // namespace mmu
