// The host-pointer cache counts in the modelled TLBs: every access it serves is a hit
// in the micro-TLB entry it is tied to (hit counters, LRU state), and an entry that
// leaves the micro-TLB takes the host entries tied to it along.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "tests/isa/test_support.h"
#include "tests/mmu/tables.h"

using namespace mmu_test;
using el2sim_test::FlatBus;
using el2sim_test::RecordingHooks;

namespace {

constexpr uint64_t kRam = 0x40000000;
constexpr uint64_t kCode = 0x40000000;
constexpr uint64_t kData = 0x40100000;  // pages A, B, C, D follow each other
constexpr uint64_t kS2 = 0x40200000;    // stage-2 tables
constexpr uint16_t kVmid = 3;

constexpr uint32_t ldr_x9(unsigned n) { return 0xF9400009 | (n << 5); }  // LDR x9, [xn]
constexpr uint32_t kStrX9X0 = 0xF9000009;                                // STR x9, [x0]
constexpr uint32_t kSubsX2 = 0xF1000442;                                 // SUBS x2, x2, #1
constexpr uint32_t kNop = 0xD503201F;
constexpr uint32_t b_ne(int insns) {  // B.NE by `insns` instructions
  return 0x54000001 | ((static_cast<uint32_t>(insns) & 0x7FFFF) << 5);
}

// A guest at EL1 with stage 2 on (identity map of its code and data pages): every
// access goes through the modelled TLBs.
struct Guest {
  explicit Guest(const mmu::TlbHierarchyConfig& tlb = {})
      : bus(kRam, 4 << 20), cpu(config(tlb), bus, hooks) {
    cpu.reset(kCode);
    for (uint64_t p = 0; p < 4; ++p) s2_map(kCode + p * 0x1000);
    for (uint64_t p = 0; p < 4; ++p) s2_map(kData + p * 0x1000);
    auto& sr = cpu.sr();
    sr.VTCR_EL2 = vtcr(24, 1, 0, 4);
    sr.VTTBR_EL2 = kS2 | (uint64_t{kVmid} << 48);
    sr.HCR_EL2 |= 1;  // VM
    cpu.pstate().el = 1;
    cpu.invalidate_host_pages();
  }
  static isa::CpuConfig config(const mmu::TlbHierarchyConfig& tlb) {
    isa::CpuConfig c;
    c.tlb = tlb;
    return c;
  }
  uint64_t read64(uint64_t pa) {
    uint64_t v;
    std::memcpy(&v, bus.at(pa), 8);
    return v;
  }
  void write64(uint64_t pa, uint64_t v) { std::memcpy(bus.at(pa), &v, 8); }
  void load(std::initializer_list<uint32_t> code) {
    uint64_t a = kCode;
    for (uint32_t w : code) {
      std::memcpy(bus.at(a), &w, 4);
      a += 4;
    }
    cpu.set_pc(kCode);
  }
  // Stage 2, 4K granule, start level 1 with two concatenated tables (IPA 40 bits).
  void s2_map(uint64_t ipa) {
    uint64_t t = kS2;
    for (int level = 1; level < 3; ++level) {
      const unsigned bits = level == 1 ? 10 : 9;
      const uint64_t slot = t + ((ipa >> (12 + 9 * (3 - level))) & ((1ull << bits) - 1)) * 8;
      uint64_t d = read64(slot);
      if ((d & 3) != 3) {
        d = next_table_ | 3;
        next_table_ += 0x1000;
        write64(slot, d);
      }
      t = d & 0xFFFFFFFFF000ull;
    }
    write64(t + ((ipa >> 12) & 511) * 8, ipa | kAF | kS2RW | kS2NormalWB | 3);
  }
  std::map<std::string, uint64_t> stats() const {
    std::map<std::string, uint64_t> m;
    cpu.tlb().for_each_stat("cpu0", [&](const std::string& k, uint64_t v) { m[k] = v; });
    return m;
  }
  const mmu::Tlb& dtlb() const { return cpu.tlb().dtlb(); }
  const mmu::Tlb& itlb() const { return cpu.tlb().itlb(); }

  FlatBus bus;
  RecordingHooks hooks;
  isa::Cpu cpu;
  uint64_t next_table_ = kS2 + 0x2000;
};

// Micro-TLBs of two entries, fully associative, LRU.
mmu::TlbHierarchyConfig two_entry_micro() {
  mmu::TlbHierarchyConfig t;
  t.itlb = {2, 2, mmu::Replacement::LRU};
  t.dtlb = {2, 2, mmu::Replacement::LRU};
  return t;
}

// A loop of loads over pages A, B, C in turn (with a 2-entry dtlb, each load of a
// third page evicts), a store, and N iterations.
void load_pages_loop(Guest& g, uint64_t iterations) {
  g.load({ldr_x9(0), ldr_x9(1), ldr_x9(0), ldr_x9(3), kStrX9X0, kSubsX2, b_ne(-6)});
  g.cpu.set_x(0, kData);
  g.cpu.set_x(1, kData + 0x1008);
  g.cpu.set_x(3, kData + 0x2010);
  g.cpu.set_x(2, iterations);
}

}  // namespace

TEST_CASE("TLB counting: N loads to one page are N dtlb hits minus the cold miss", "[tlb][count]") {
  constexpr uint64_t kN = 1000;
  Guest g;
  g.write64(kData + 0x40, 0x1234);
  g.load({ldr_x9(0), kSubsX2, b_ne(-2)});
  g.cpu.set_x(0, kData + 0x40);
  g.cpu.set_x(2, kN);
  CHECK(g.cpu.run(3 * kN) == 3 * kN);
  CHECK(g.cpu.x(9) == 0x1234);
  CHECK(g.cpu.x(2) == 0);
  CHECK(g.dtlb().counters.miss == 1);
  CHECK(g.dtlb().counters.hit == kN - 1);
  // Fetches: 3N instructions from one page, one itlb lookup each.
  CHECK(g.itlb().counters.miss == 1);
  CHECK(g.itlb().counters.hit == 3 * kN - 1);
  const auto s = g.stats();
  CHECK(s.at("cpu0.tlb.dtlb.hit") == kN - 1);
  CHECK(s.at("cpu0.tlb.itlb.hit") == 3 * kN - 1);
  CHECK(s.at("cpu0.tlb.main.miss") == 2);
  CHECK(s.at("cpu0.tlb.s1.hit") == 4 * kN - 2);
  CHECK(s.at("cpu0.tlb.vmid.3.hit") == 4 * kN - 2);
  CHECK(s.at("cpu0.tlb.vmid.3.miss") == 2);
}

TEST_CASE("TLB counting: a K-instruction loop counts one itlb hit per instruction",
          "[tlb][count]") {
  constexpr uint64_t kIter = 250, kK = 8;
  Guest g;
  // K - 2 NOPs, SUBS, B.NE back to the start.
  g.load({kNop, kNop, kNop, kNop, kNop, kNop, kSubsX2, b_ne(-7)});
  g.cpu.set_x(2, kIter);
  CHECK(g.cpu.run(kIter * kK) == kIter * kK);
  CHECK(g.cpu.pc() == kCode + kK * 4);
  CHECK(g.itlb().counters.miss == 1);
  CHECK(g.itlb().counters.hit == kIter * kK - 1);
  CHECK(g.dtlb().counters.hit + g.dtlb().counters.miss == 0);
  // Across a page boundary: the next page is one more miss, then hits again.
  const uint64_t hits = g.itlb().counters.hit;
  g.cpu.set_pc(kCode + 0x1000 - 8);  // zeroed memory there: UDF, so place NOPs
  const uint32_t nop = kNop;
  for (uint64_t a = kCode + 0x1000 - 8; a < kCode + 0x1000 + 16; a += 4)
    std::memcpy(g.bus.at(a), &nop, 4);
  CHECK(g.cpu.run(6) == 6);
  CHECK(g.itlb().counters.miss == 2);
  CHECK(g.itlb().counters.hit == hits + 5);
}

TEST_CASE("TLB counting: micro-TLB LRU state sees the accesses the host cache serves",
          "[tlb][count]") {
  Guest g(two_entry_micro());
  const uint64_t a = kData, b = kData + 0x1000, c = kData + 0x2000;
  g.write64(b, 0xB);
  g.load({ldr_x9(0), ldr_x9(1), ldr_x9(0), ldr_x9(3), ldr_x9(0), ldr_x9(1)});
  g.cpu.set_x(0, a);
  g.cpu.set_x(1, b);
  g.cpu.set_x(3, c);
  g.cpu.run(3);  // A, B, A: the second A is served by the host cache
  CHECK(g.dtlb().counters.miss == 2);
  CHECK(g.dtlb().counters.hit == 1);
  g.cpu.run(1);  // C evicts the least recently used entry: B, not A
  CHECK(g.dtlb().counters.miss == 3);
  CHECK(g.dtlb().counters.evict == 1);
  g.cpu.run(1);  // A still there
  CHECK(g.dtlb().counters.miss == 3);
  CHECK(g.dtlb().counters.hit == 2);
  // B is gone from the dtlb, and so from the host cache (its slot now holds C): a
  // miss that the main TLB answers and that refills the dtlb.
  const uint64_t main_hits = g.cpu.tlb().main().counters.hit;
  const uint64_t fills = g.dtlb().counters.fill;
  g.cpu.run(1);
  CHECK(g.cpu.x(9) == 0xB);
  CHECK(g.dtlb().counters.miss == 4);
  CHECK(g.dtlb().counters.fill == fills + 1);
  CHECK(g.cpu.tlb().main().counters.hit == main_hits + 1);
}

TEST_CASE("TLB counting: an evicted micro-TLB entry stops the host cache serving its page",
          "[tlb][count]") {
  Guest g(two_entry_micro());
  const uint64_t a = kData, b = kData + 0x1000, c = kData + 0x2000;
  g.write64(a, 0xA);
  g.write64(c, 0xC);
  g.load({ldr_x9(0), ldr_x9(1), ldr_x9(3), ldr_x9(0), ldr_x9(0)});
  g.cpu.set_x(0, a);
  g.cpu.set_x(1, b);
  g.cpu.set_x(3, c);
  g.cpu.run(3);  // A, B, C: C evicts A, whose host entry must go with it
  CHECK(g.dtlb().counters.evict == 1);
  CHECK(g.dtlb().counters.hit == 0);
  g.cpu.run(1);  // A: a miss that refills (evicting B), not a host-cache hit
  CHECK(g.cpu.x(9) == 0xA);
  CHECK(g.dtlb().counters.miss == 4);
  CHECK(g.dtlb().counters.hit == 0);
  CHECK(g.dtlb().counters.fill == 4);
  g.cpu.run(1);  // A again: now the host cache serves it, as a dtlb hit
  CHECK(g.dtlb().counters.miss == 4);
  CHECK(g.dtlb().counters.hit == 1);
}

TEST_CASE("TLB counting: the host cache changes no statistic, and runs repeat exactly",
          "[tlb][count]") {
  // Default micro-TLBs, two-entry ones, and none (fetches and data then share the main
  // TLB and its LRU order).
  for (const int variant : {0, 1, 2}) {
    mmu::TlbHierarchyConfig cfg = variant == 1 ? two_entry_micro() : mmu::TlbHierarchyConfig{};
    if (variant == 2) {  // and a main TLB small enough for its LRU order to matter
      cfg.itlb.entries = cfg.dtlb.entries = 0;
      cfg.main = {2, 2, mmu::Replacement::LRU};
    }
    CAPTURE(variant);
    // Reference: every access takes the slow path (the host cache emptied before each
    // instruction), so the modelled hierarchy sees each lookup itself.
    Guest ref(cfg);
    load_pages_loop(ref, 50);
    for (int i = 0; i < 7 * 50; ++i) {
      ref.cpu.invalidate_host_pages();
      REQUIRE(ref.cpu.run(1) == 1);
    }
    Guest fast(cfg);
    load_pages_loop(fast, 50);
    CHECK(fast.cpu.run(7 * 50) == 7 * 50);
    Guest again(cfg);
    load_pages_loop(again, 50);
    CHECK(again.cpu.run(7 * 50) == 7 * 50);
    CHECK(fast.stats() == ref.stats());
    CHECK(again.stats() == fast.stats());
    if (variant != 2) CHECK(fast.dtlb().counters.hit > 0);
  }
}
