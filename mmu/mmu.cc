#include "mmu/mmu.h"

#include "mmu/walk.h"

namespace mmu {

namespace {
constexpr uint64_t kHcrDC = 1ull << 12;
}  // namespace

Translation translate_mmu_off(const TranslationRegs& regs, uint64_t va, AccessType type) {
  Translation t;
  const uint64_t addr = strip_tag(regs, va);  // TBI applies with the MMU off too
  if (regs.pa_bits < 64 && (addr >> regs.pa_bits) != 0) {
    t.fault.kind = FaultKind::AddressSize;
    t.fault.level = 0;
    return t;
  }
  t.pa = addr;
  const bool dc = regs.regime == Regime::EL10 && (regs.hcr & kHcrDC);
  t.mem = (type == AccessType::Fetch || dc) ? MemType::Normal : MemType::Device;
  return t;
}

}  // namespace mmu
