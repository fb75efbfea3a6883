#include "mmu/mmu.h"

#include "mmu/walk_impl.h"

namespace mmu {

// The flat stage 1 the walks use (walk_detail::stage1_off), as a translation.
Translation translate_mmu_off(const TranslationRegs& regs, uint64_t va, AccessType type) {
  Translation t;
  Mapping m;
  if (!walk_detail::stage1_off(regs, va, type == AccessType::Fetch, m, t.fault)) return t;
  t.pa = strip_tag(regs, va);  // flat: the address itself, its tag removed
  t.mem = walk_detail::attr_is_device(m.attr) ? MemType::Device : MemType::Normal;
  return t;
}

}  // namespace mmu
