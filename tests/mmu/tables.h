// Translation tables built in a byte array, for the walker and TLB tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "mmu/bus.h"
#include "mmu/walk.h"

namespace mmu_test {

// Descriptor bits (Arm ARM D8.3).
constexpr uint64_t kAF = 1ull << 10;
constexpr uint64_t kNG = 1ull << 11;
constexpr uint64_t kApRwEl1 = 0ull << 6;  // AP[2:1] = 00
constexpr uint64_t kApRwAll = 1ull << 6;  // 01
constexpr uint64_t kApRoEl1 = 2ull << 6;  // 10
constexpr uint64_t kApRoAll = 3ull << 6;  // 11
constexpr uint64_t kPXN = 1ull << 53;
constexpr uint64_t kUXN = 1ull << 54;  // XN in the EL2 regime and at stage 2
constexpr uint64_t kPXNTable = 1ull << 59;
constexpr uint64_t kXNTable = 1ull << 60;
constexpr uint64_t kApTableNoEl0 = 1ull << 61;
constexpr uint64_t kApTableRo = 1ull << 62;
constexpr uint64_t attr_index(unsigned i) { return uint64_t{i} << 2; }
// Stage 2.
constexpr uint64_t kS2RW = 3ull << 6;
constexpr uint64_t kS2RO = 1ull << 6;
constexpr uint64_t kS2WO = 2ull << 6;
constexpr uint64_t kS2NormalWB = 0xFull << 2;
constexpr uint64_t kS2Device = 0x1ull << 2;  // Device-nGnRE

// MAIR: attr0 Normal WB, attr1 Device-nGnRnE, attr2 Normal NC, attr3 Device-nGnRE.
constexpr uint64_t kMair = 0x04'44'00'FFull;

// Physical memory: a byte array at `base`; outside is a bus error. Also a Bus, so the
// TLB model can read descriptors from it.
class Memory : public mmu::Bus {
 public:
  Memory(uint64_t base, uint64_t size) : base_(base), bytes_(size, 0) {}
  bool contains(uint64_t pa, uint64_t n) const {
    return pa >= base_ && pa - base_ + n <= bytes_.size();
  }
  void put64(uint64_t pa, uint64_t v) { std::memcpy(&bytes_[pa - base_], &v, 8); }
  uint64_t get64(uint64_t pa) const {
    uint64_t v;
    std::memcpy(&v, &bytes_[pa - base_], 8);
    return v;
  }
  mmu::BusResult read(uint64_t pa, void* data, unsigned size) override {
    ++reads;
    if (!contains(pa, size)) return mmu::BusResult::Error;
    std::memcpy(data, &bytes_[pa - base_], size);
    return mmu::BusResult::Ok;
  }
  mmu::BusResult write(uint64_t pa, const void* data, unsigned size) override {
    if (!contains(pa, size)) return mmu::BusResult::Error;
    std::memcpy(&bytes_[pa - base_], data, size);
    return mmu::BusResult::Ok;
  }
  uint8_t* host_page(uint64_t pa, bool) override {
    return contains(pa & ~0xFFFull, 0x1000) ? &bytes_[(pa & ~0xFFFull) - base_] : nullptr;
  }
  unsigned reads = 0;

 private:
  uint64_t base_;
  std::vector<uint8_t> bytes_;
};

// A plain walk environment over Memory (no caches).
class Env : public mmu::WalkEnv {
 public:
  explicit Env(Memory& m) : mem(m) {}
  bool read_descriptor(uint64_t pa, uint64_t& desc) override {
    if (!mem.contains(pa, 8)) return false;
    desc = mem.get64(pa);
    return true;
  }
  Memory& mem;
};

// One translation table tree. Tables are allocated from `next`, granule-aligned;
// `write_offset` is added to every table address when writing (stage-1 tables that
// live at IPA X are stored at PA X + offset under an offset stage 2).
struct Tables {
  Memory& mem;
  unsigned grain;      // 12, 14, 16
  unsigned inputsize;  // 64 - TxSZ
  int start;           // start level
  uint64_t root = 0;
  uint64_t next;
  uint64_t write_offset = 0;

  Tables(Memory& m, unsigned grain_bits, unsigned input_bits, int start_level, uint64_t alloc_at,
         uint64_t offset = 0)
      : mem(m),
        grain(grain_bits),
        inputsize(input_bits),
        start(start_level),
        next(alloc_at),
        write_offset(offset) {
    // The start table (concatenated tables for stage 2 where the input needs them).
    const unsigned bits = inputsize - lsb(start);
    root = alloc(uint64_t{8} << bits);
  }
  unsigned stride() const { return grain - 3; }
  unsigned lsb(int level) const { return grain + static_cast<unsigned>(3 - level) * stride(); }
  uint64_t alloc(uint64_t bytes) {
    const uint64_t g = uint64_t{1} << grain;
    const uint64_t align = bytes > g ? bytes : g;
    next = (next + align - 1) & ~(align - 1);
    const uint64_t a = next;
    next += align;
    return a;
  }
  uint64_t index(uint64_t va, int level) const {
    const unsigned lo = lsb(level);
    const unsigned hi = level == start ? inputsize : lo + stride();
    return (va >> lo) & ((uint64_t{1} << (hi - lo)) - 1);
  }
  uint64_t slot(uint64_t table, uint64_t va, int level) const {
    return table + index(va, level) * 8 + write_offset;
  }
  // The table at `level` for va, creating table descriptors (with `table_bits`).
  uint64_t table_for(uint64_t va, int level, uint64_t table_bits = 0) {
    uint64_t t = root;
    for (int l = start; l < level; ++l) {
      const uint64_t s = slot(t, va, l);
      uint64_t d = mem.get64(s);
      if ((d & 3) != 3) {
        d = alloc(uint64_t{1} << grain) | 3 | table_bits;
        mem.put64(s, d);
      }
      t = d & 0x0000FFFFFFFFF000ull & ~((uint64_t{1} << grain) - 1);
    }
    return t;
  }
  // A leaf at `level` (a page at 3, a block above) with the given attribute bits.
  uint64_t map(uint64_t va, uint64_t oa, int level, uint64_t attrs, uint64_t table_bits = 0) {
    const uint64_t t = table_for(va, level, table_bits);
    const uint64_t s = slot(t, va, level);
    mem.put64(s, oa | attrs | (level == 3 ? 3 : 1));
    return s;  // the descriptor's physical address
  }
  // The descriptor address for va at level (after map()).
  uint64_t desc_addr(uint64_t va, int level) { return slot(table_for(va, level), va, level); }
};

// Registers for the EL1&0 regime: 4K granules, 48-bit VAs, 44-bit PAs, MMU on.
inline mmu::TranslationRegs el1_regs(uint64_t ttbr0, uint64_t ttbr1 = 0) {
  mmu::TranslationRegs r;
  r.regime = mmu::Regime::EL10;
  r.sctlr = 1;
  // T0SZ=16, T1SZ=16, TG0=4K, TG1=4K (0b10), IPS=44 bits (0b100).
  r.tcr = 16 | (16ull << 16) | (2ull << 30) | (4ull << 32);
  r.ttbr0 = ttbr0;
  r.ttbr1 = ttbr1;
  r.mair = kMair;
  r.pa_bits = 44;
  return r;
}

// Registers for the EL2 regime: 4K granule, 48-bit VAs, 44-bit PAs, MMU on.
inline mmu::TranslationRegs el2_regs(uint64_t ttbr0) {
  mmu::TranslationRegs r;
  r.regime = mmu::Regime::EL2;
  r.sctlr = 1;
  r.tcr = 16 | (4ull << 16);  // T0SZ=16, TG0=4K, PS=44 bits (0b100)
  r.ttbr0 = ttbr0;
  r.mair = kMair;
  return r;
}

// VTCR_EL2 for 4K granules, 48-bit IPA... limited to PA size: T0SZ, SL0, TG0, PS.
constexpr uint64_t vtcr(unsigned t0sz, unsigned sl0, unsigned tg0, unsigned ps) {
  return t0sz | (uint64_t{sl0} << 6) | (uint64_t{tg0} << 14) | (uint64_t{ps} << 16) | (1ull << 31);
}

}  // namespace mmu_test
