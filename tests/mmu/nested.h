// A two-stage setup: stage-2 tables (4K, 44-bit IPA, start level 0) that map IPA X to
// PA X + kS2Offset page by page, and stage-1 tables (4K, 48-bit VA, start level 0)
// stored at IPAs, so that a cold walk makes 4 + 4 levels of references.
#pragma once

#include "tests/mmu/tables.h"

namespace mmu_test {

struct Nested {
  static constexpr uint64_t kRam = 0x40000000;
  static constexpr uint64_t kS2Tables = 0x40000000;  // PA
  static constexpr uint64_t kS1Tables = 0x41000000;  // IPA (stored at + kS2Offset)
  static constexpr uint64_t kS2Offset = 0x01000000;
  static constexpr uint64_t kVa = 0x0000008080604000ull;
  static constexpr uint64_t kIpa = 0x41800000;  // the data page's IPA

  Memory mem{kRam, 64 << 20};
  Tables s2{mem, 12, 44, 0, kS2Tables};
  Tables s1{mem, 12, 48, 0, kS1Tables, kS2Offset};

  Nested(uint64_t s1_leaf = kAF | kApRwAll, uint64_t s2_leaf = kAF | kS2RW | kS2NormalWB) {
    s1.map(kVa, kIpa, 3, s1_leaf);
    for (uint64_t ipa = kS1Tables; ipa < s1.next; ipa += 0x1000) s2_page(ipa, s2_leaf);
    s2_page(kIpa, s2_leaf);
  }
  void s2_page(uint64_t ipa, uint64_t leaf = kAF | kS2RW | kS2NormalWB) {
    s2.map(ipa, ipa + kS2Offset, 3, leaf);
  }
  // The IPA of the stage-1 descriptor for kVa at a level.
  uint64_t s1_desc_ipa(int level) { return s1.desc_addr(kVa, level) - kS2Offset; }
  mmu::TranslationRegs regs(uint16_t vmid = 1) const {
    mmu::TranslationRegs r = el1_regs(s1.root);
    r.hcr = 1;  // VM
    r.vtcr = vtcr(20, 2, 0, 4);
    r.vttbr = s2.root | (uint64_t{vmid} << 48);
    return r;
  }
};

}  // namespace mmu_test
