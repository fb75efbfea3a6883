#include "mmu/mmu.h"

namespace mmu {

namespace {
constexpr uint64_t kHcrVM = 1ull << 0;
constexpr uint64_t kHcrDC = 1ull << 12;
constexpr uint64_t kSctlrM = 1ull << 0;
}  // namespace

Translation translate_mmu_off(const TranslationRegs& regs, uint64_t va, AccessType type) {
  Translation t;
  if (regs.pa_bits < 64 && (va >> regs.pa_bits) != 0) {
    t.fault.kind = FaultKind::AddressSize;
    t.fault.level = 0;
    return t;
  }
  t.pa = va;
  const bool dc = regs.regime == Regime::EL10 && (regs.hcr & kHcrDC);
  t.mem = (type == AccessType::Fetch || dc) ? MemType::Normal : MemType::Device;
  return t;
}

Translation translate(const TranslationRegs& regs, uint64_t va, AccessType type) {
  const bool s1_on = regs.sctlr & kSctlrM;
  const bool s2_on = regs.regime == Regime::EL10 && (regs.hcr & kHcrVM);
  if (!s1_on && !s2_on) return translate_mmu_off(regs, va, type);
  // Stage-1 and stage-2 walks arrive with the MMU issue; until then an enabled MMU
  // is reported as a level-0 translation fault so that guests see an architectural
  // abort rather than silently wrong addresses.
  Translation t;
  t.fault.kind = FaultKind::Translation;
  t.fault.level = 0;
  t.fault.stage2 = !s1_on && s2_on;
  return t;
}

}  // namespace mmu
