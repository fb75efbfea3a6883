#include "mmu/mmu.h"

namespace mmu {

namespace {
constexpr uint64_t kHcrDC = 1ull << 12;
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

}  // namespace mmu
