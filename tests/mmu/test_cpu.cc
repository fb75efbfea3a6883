// The core with translation on: abort syndromes, AT + PAR_EL1, TLBI through the
// instruction stream, and the host-pointer cache kept within the modelled TLB.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "tests/isa/test_support.h"
#include "tests/mmu/tables.h"

using namespace mmu_test;
using el2sim_test::TestCore;

namespace {

constexpr uint32_t kLdrX1X0 = 0xF9400001;    // LDR x1, [x0]
constexpr uint32_t kLdrshW3X0 = 0x79C00003;  // LDRSH w3, [x0]
constexpr uint32_t kStrX1X0 = 0xF9000001;    // STR x1, [x0]
constexpr uint32_t kLdpX1X2X0 = 0xA9400801;  // LDP x1, x2, [x0]
constexpr uint32_t kLdarX5X0 = 0xC8DFFC05;   // LDAR x5, [x0]
constexpr uint32_t kAtS1E1R = 0xD5087800;    // AT S1E1R, x0
constexpr uint32_t kAtS12E1R = 0xD50C7880;   // AT S12E1R, x0
constexpr uint32_t kAtS12E1W = 0xD50C78A0;   // AT S12E1W, x0
constexpr uint32_t kTlbiVmalle1 = 0xD508871F;
constexpr uint32_t kTlbiVmalls12e1 = 0xD50C87DF;
constexpr uint32_t kLdrX1X3 = 0xF9400061;        // LDR x1, [x3]
constexpr uint32_t kLdrX4X5 = 0xF94000A4;        // LDR x4, [x5]
constexpr uint32_t kMsrSctlrEl2X2 = 0xD51C1002;  // MSR SCTLR_EL2, x2
constexpr uint32_t kIsb = 0xD5033FDF;

constexpr uint64_t kCode = TestCore::kCode;  // 0x40000000
constexpr uint64_t kS2 = 0x40200000;         // stage-2 tables (PA)
constexpr uint64_t kData = 0x40100000;       // mapped data page
constexpr uint64_t kHole = 0x40101000;       // IPA not mapped at stage 2

// 4K-granule tables written straight into the core's RAM: `start` is the start
// level, `top_bits` the index width there (9, or 10 for two concatenated tables).
class Builder {
 public:
  Builder(TestCore& c, uint64_t root, int start, unsigned top_bits, uint64_t alloc)
      : c_(c), root_(root), start_(start), top_bits_(top_bits), next_(alloc) {}
  uint64_t slot(uint64_t addr, int level) {
    uint64_t t = root_;
    for (int l = start_; l < level; ++l) {
      const uint64_t s = t + index(addr, l) * 8;
      uint64_t d = c_.read64(s);
      if ((d & 3) != 3) {
        d = next_ | 3;
        next_ += 0x1000;
        c_.write64(s, d);
      }
      t = d & 0xFFFFFFFFF000ull;
    }
    return t + index(addr, level) * 8;
  }
  void map(uint64_t addr, uint64_t oa, uint64_t attrs = kAF | kS2RW | kS2NormalWB) {
    c_.write64(slot(addr, 3), oa | attrs | 3);
  }

 private:
  uint64_t index(uint64_t addr, int level) const {
    const unsigned bits = level == start_ ? top_bits_ : 9;
    return (addr >> (12 + 9 * (3 - level))) & ((1ull << bits) - 1);
  }
  TestCore& c_;
  uint64_t root_;
  int start_;
  unsigned top_bits_;
  uint64_t next_;
};

struct Stage2 : Builder {
  explicit Stage2(TestCore& c) : Builder(c, kS2, 1, 10, kS2 + 0x2000) {}
};

void enter_el1_guest(TestCore& c) {
  auto& sr = c.cpu.sr();
  sr.VTCR_EL2 = vtcr(24, 1, 0, 4);
  sr.VTTBR_EL2 = kS2 | (3ull << 48);
  sr.HCR_EL2 |= 1;  // VM
  sr.VBAR_EL2 = 0x40300000;
  c.cpu.pstate().el = 1;
  c.cpu.invalidate_host_pages();
}

// EL2 stage 1, not enabled yet: 39-bit VAs from level 1, 4K granule, tables at root.
constexpr uint64_t kEl2Attrs = kAF | attr_index(0) | kApRwEl1 | (3ull << 8);  // Normal, RW
void el2_stage1_regs(TestCore& c, uint64_t root) {
  auto& sr = c.cpu.sr();
  sr.MAIR_EL2 = kMair;
  sr.TCR_EL2 =
      25 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (2ull << 16) | (1ull << 23) | (1ull << 31);
  sr.TTBR0_EL2 = root;
}

// TLB geometries under which the host cache must change no statistic: the default,
// 2-entry micro-TLBs, those with a 4-entry 2-way main TLB, and no micro-TLBs (fetches
// and data then share the main TLB).
std::vector<mmu::TlbHierarchyConfig> small_geometries() {
  mmu::TlbHierarchyConfig two, small_main, no_micro;
  two.itlb = two.dtlb = {2, 2, mmu::Replacement::LRU};
  small_main = two;
  small_main.main = {4, 2, mmu::Replacement::LRU};
  no_micro.itlb.entries = no_micro.dtlb.entries = 0;
  no_micro.main = {4, 4, mmu::Replacement::LRU};
  return {mmu::TlbHierarchyConfig{}, two, small_main, no_micro};
}

std::map<std::string, uint64_t> tlb_stats(const TestCore& c) {
  std::map<std::string, uint64_t> stats;
  c.cpu.tlb().for_each_stat("cpu0", [&](const std::string& k, uint64_t v) { stats[k] = v; });
  return stats;
}

isa::CpuConfig with_tlb(const mmu::TlbHierarchyConfig& tlb) {
  isa::CpuConfig cfg;
  cfg.has_el2 = true;
  cfg.tlb = tlb;
  return cfg;
}

// LDR or STR (one in four) of x1 at [x(10 + n)], n < registers, from a 64-bit LCG.
uint32_t random_access(uint64_t& rng, size_t registers) {
  rng = rng * 6364136223846793005ull + 1442695040888963407ull;
  const unsigned n = 10 + static_cast<unsigned>((rng >> 33) % registers);
  return ((rng >> 20) & 3) == 0 ? (0xF9000001 | n << 5) : (0xF9400001 | n << 5);
}

// Runs run(tlb, reference) under each of small_geometries() with the host caches
// (reference false) and with them emptied before every instruction (true), checks
// that the statistics are the same, and returns those of the first runs.
template <typename Run>
std::vector<std::map<std::string, uint64_t>> same_as_reference(Run run) {
  std::vector<std::map<std::string, uint64_t>> all;
  int variant = 0;
  for (const mmu::TlbHierarchyConfig& tlb : small_geometries()) {
    CAPTURE(variant++);
    all.push_back(run(tlb, false));
    CHECK(all.back() == run(tlb, true));
  }
  return all;
}

void setup(TestCore& c, Stage2& s2) {
  s2.map(kCode, kCode);
  s2.map(kData, kData);
  s2.map(0x40001000, 0x40001000);
  enter_el1_guest(c);
}

}  // namespace

TEST_CASE("stage-2 data abort from EL1: ISS with ISV, SAS, SSE, SRT, SF; HPFAR", "[cpu]") {
  TestCore c;
  Stage2 s2(c);
  setup(c, s2);
  c.load({kLdrX1X0, kLdrshW3X0, kLdpX1X2X0, kLdarX5X0, kStrX1X0});
  c.cpu.set_x(0, kHole + 0x28);
  c.cpu.set_pc(kCode);
  c.step();
  auto& sr = c.cpu.sr();
  CHECK(c.cpu.el() == 2);
  const uint64_t esr = sr.ESR_EL2;
  CHECK((esr >> 26) == 0x24);      // data abort from a lower EL
  CHECK(((esr >> 24) & 1) == 1);   // ISV
  CHECK(((esr >> 22) & 3) == 3);   // SAS: doubleword
  CHECK(((esr >> 21) & 1) == 0);   // SSE
  CHECK(((esr >> 16) & 31) == 1);  // SRT
  CHECK(((esr >> 15) & 1) == 1);   // SF
  CHECK(((esr >> 6) & 1) == 0);    // WnR
  CHECK((esr & 0x3F) == 0x07);     // translation fault, level 3
  CHECK(sr.FAR_EL2 == kHole + 0x28);
  CHECK(sr.HPFAR_EL2 == (kHole >> 12) << 4);

  // LDRSH w3: halfword, sign-extended, 32-bit register.
  c.cpu.pstate().el = 1;
  c.cpu.set_pc(kCode + 4);
  c.step();
  CHECK(((sr.ESR_EL2 >> 24) & 1) == 1);
  CHECK(((sr.ESR_EL2 >> 22) & 3) == 1);
  CHECK(((sr.ESR_EL2 >> 21) & 1) == 1);
  CHECK(((sr.ESR_EL2 >> 16) & 31) == 3);
  CHECK(((sr.ESR_EL2 >> 15) & 1) == 0);

  // LDP carries no instruction syndrome.
  c.cpu.pstate().el = 1;
  c.cpu.set_pc(kCode + 8);
  c.step();
  CHECK((sr.ESR_EL2 >> 26) == 0x24);
  CHECK(((sr.ESR_EL2 >> 24) & 1) == 0);

  // LDAR: AR set.
  c.cpu.pstate().el = 1;
  c.cpu.set_pc(kCode + 12);
  c.step();
  CHECK(((sr.ESR_EL2 >> 24) & 1) == 1);
  CHECK(((sr.ESR_EL2 >> 14) & 1) == 1);
  CHECK(((sr.ESR_EL2 >> 16) & 31) == 5);

  // STR: WnR.
  c.cpu.pstate().el = 1;
  c.cpu.set_pc(kCode + 16);
  c.step();
  CHECK(((sr.ESR_EL2 >> 6) & 1) == 1);
  CHECK(((sr.ESR_EL2 >> 24) & 1) == 1);
}

TEST_CASE("AT S12E1R/W and S1E1R into PAR_EL1", "[cpu][at]") {
  TestCore c;
  Stage2 s2(c);
  s2.map(kData, 0x40180000, kAF | kS2RO | kS2NormalWB);
  c.cpu.sr().VTCR_EL2 = vtcr(24, 1, 0, 4);
  c.cpu.sr().VTTBR_EL2 = kS2 | (3ull << 48);
  c.cpu.sr().HCR_EL2 |= 1;
  c.load({kAtS12E1R, kAtS12E1W, kAtS1E1R, kAtS12E1R});
  c.cpu.set_x(0, kData + 0x123);
  c.step();  // at EL2
  uint64_t par = c.cpu.sr().PAR_EL1;
  CHECK((par & 1) == 0);
  CHECK((par & 0xFFFFFFFFF000ull) == 0x40180000);
  CHECK((par >> 56) == 0x00);  // stage 1 off: Device-nGnRnE data
  c.step();                    // write: stage-2 permission fault in PAR
  par = c.cpu.sr().PAR_EL1;
  CHECK((par & 1) == 1);
  CHECK(((par >> 1) & 0x3F) == 0x0F);  // permission, level 3
  CHECK(((par >> 9) & 1) == 1);        // S: stage 2
  CHECK(((par >> 8) & 1) == 0);        // not on a walk
  c.step();                            // S1E1R: stage 1 only, the IPA
  par = c.cpu.sr().PAR_EL1;
  CHECK((par & 1) == 0);
  CHECK((par & 0xFFFFFFFFF000ull) == kData);
  c.cpu.set_x(0, kHole);
  c.step();
  par = c.cpu.sr().PAR_EL1;
  CHECK((par & 1) == 1);
  CHECK(((par >> 1) & 0x3F) == 0x07);
  CHECK(((par >> 9) & 1) == 1);
}

namespace {

// Stage 1 on for the guest: identity maps of the code and data pages, tables at IPA
// 0x40010000.. (identity at stage 2); VA 0x50000000's level-3 table lies at the
// IPA kHole, which stage 2 does not map.
void stage1_on(TestCore& c, Stage2& s2) {
  for (uint64_t ipa = 0x40010000; ipa < 0x40020000; ipa += 0x1000) s2.map(ipa, ipa);
  Builder s1(c, 0x40010000, 0, 9, 0x40011000);
  s1.map(kCode, kCode, kAF | kApRwEl1);
  s1.map(kData, kData, kAF | kApRwEl1);
  c.write64(s1.slot(0x50000000, 2), kHole | 3);
  auto& sr = c.cpu.sr();
  sr.TTBR0_EL1 = 0x40010000;
  sr.TCR_EL1 = 16 | (1ull << 23) | (4ull << 32);
  sr.MAIR_EL1 = kMair;
  sr.VBAR_EL1 = 0x40002000;
  sr.SCTLR_EL1 |= 1;
  c.cpu.invalidate_host_pages();
}

}  // namespace

TEST_CASE("S1PTW: a stage-2 fault on the guest's walk goes to EL2", "[cpu]") {
  TestCore c;
  Stage2 s2(c);
  setup(c, s2);
  stage1_on(c, s2);
  c.load({kLdrX1X0, kStrX1X0, kAtS1E1R, kLdrX1X0});
  c.cpu.set_x(0, 0x50000010);
  c.step();
  auto& sr = c.cpu.sr();
  REQUIRE(c.cpu.el() == 2);
  CHECK((sr.ESR_EL2 >> 26) == 0x24);
  CHECK(((sr.ESR_EL2 >> 7) & 1) == 1);   // S1PTW
  CHECK((sr.ESR_EL2 & 0x3F) == 0x07);    // the stage-2 level
  CHECK(((sr.ESR_EL2 >> 24) & 1) == 0);  // no ISV on a walk
  CHECK(sr.FAR_EL2 == 0x50000010);
  CHECK(sr.HPFAR_EL2 == (kHole >> 12) << 4);
  CHECK(((sr.ESR_EL2 >> 6) & 1) == 0);  // WnR: a load
  // A store: WnR is the instruction's, also for a fault on the walk's read.
  c.cpu.pstate().el = 1;
  c.cpu.set_pc(kCode + 4);
  c.step();
  CHECK(((sr.ESR_EL2 >> 7) & 1) == 1);
  CHECK(((sr.ESR_EL2 >> 6) & 1) == 1);
  // AT S1E1R at EL1: the stage-2 fault on its walk is an exception to EL2 (CM, WnR).
  c.cpu.pstate().el = 1;
  c.cpu.set_pc(kCode + 8);
  c.step();
  CHECK(c.cpu.el() == 2);
  CHECK((sr.ESR_EL2 >> 26) == 0x24);
  CHECK(((sr.ESR_EL2 >> 8) & 1) == 1);
  CHECK(((sr.ESR_EL2 >> 7) & 1) == 1);
  CHECK(((sr.ESR_EL2 >> 6) & 1) == 1);
  // The same AT at EL2 reports in PAR_EL1 (F, PTW, S, FST = the stage-2 level).
  c.cpu.set_pc(kCode + 8);
  sr.PAR_EL1 = 0;
  c.step();
  CHECK(c.cpu.el() == 2);
  CHECK((sr.PAR_EL1 & 1) == 1);
  CHECK(((sr.PAR_EL1 >> 8) & 1) == 1);
  CHECK(((sr.PAR_EL1 >> 9) & 1) == 1);
  CHECK(((sr.PAR_EL1 >> 1) & 0x3F) == 0x07);
  // A stage-1 translation fault at EL1 is taken to EL1.
  c.cpu.pstate().el = 1;
  c.cpu.set_x(0, 0x60000000);
  c.cpu.set_pc(kCode + 12);
  c.step();
  CHECK(c.cpu.el() == 1);
  CHECK((sr.ESR_EL1 >> 26) == 0x25);
  CHECK((sr.ESR_EL1 & 0x3F) == 0x06);  // level 2
  CHECK(sr.FAR_EL1 == 0x60000000);
  CHECK(c.cpu.pc() == 0x40002200);
}

TEST_CASE("TLBI from the instruction stream; the host cache follows the TLB", "[cpu][tlbi]") {
  TestCore c;
  Stage2 s2(c);
  setup(c, s2);
  s2.map(0x40102000, 0x40103000);  // IPA page 0x40102000 -> PA 0x40103000
  c.write64(0x40103000, 0x1111);
  c.write64(0x40104000, 0x2222);
  c.load({kLdrX1X0, kLdrX1X0, kTlbiVmalle1, kLdrX1X0, kTlbiVmalls12e1, kLdrX1X0});
  c.cpu.set_x(0, 0x40102000);
  c.cpu.set_pc(kCode);
  c.step();
  CHECK(c.cpu.x(1) == 0x1111);
  s2.map(0x40102000, 0x40104000);  // remap at stage 2 without TLBI
  c.step();
  CHECK(c.cpu.x(1) == 0x1111);  // the TLB (and the host cache with it) still hold it
  c.step();                     // TLBI VMALLE1: combined entries go, the IPA cache stays
  c.step();
  CHECK(c.cpu.x(1) == 0x1111);
  c.cpu.pstate().el = 2;  // the hypervisor's TLBI VMALLS12E1 removes stage 2 too
  c.step();
  c.cpu.pstate().el = 1;
  c.cpu.invalidate_host_pages();
  c.step();
  CHECK(c.cpu.x(1) == 0x2222);
  CHECK(c.cpu.tlb().stats().tlbi[static_cast<size_t>(mmu::TlbiOp::VMALLE1)] == 1);
  CHECK(c.cpu.tlb().stats().tlbi[static_cast<size_t>(mmu::TlbiOp::VMALLS12E1)] == 1);
  CHECK(c.cpu.tlb().vmid_counters(3).miss >= 1);
}

TEST_CASE("MMU-off reads through the RAM region; it goes when translation turns on",
          "[cpu][flat]") {
  // At EL2 with SCTLR_EL2.M = 0 (VA = PA, Device memory), reads are made straight
  // from the RAM's host region once a full-path read has found it.
  TestCore c;
  c.write64(kData, 0xAAAA);
  c.write64(kData + 0x2000, 0xBBBB);
  c.write64(kData + 0x40000, 0xCCCC);
  c.write64(kData + 0xFF8, 0x1234);
  c.write64(kData + 0x1000, 0x5678);
  c.cpu.sr().VBAR_EL2 = 0x40300000;
  c.cpu.set_x(0, kData);
  c.cpu.set_x(3, kData + 0x40000);

  SECTION("reads anywhere in RAM, pairs across pages; unaligned ones still fault") {
    c.load({kLdrX1X0, kLdrX1X3, kLdpX1X2X0, kLdrX4X5});
    c.step(2);
    CHECK(c.cpu.x(1) == 0xCCCC);
    c.cpu.set_x(0, kData + 0xFF8);  // a pair that crosses into the next page
    c.step();
    CHECK(c.cpu.x(1) == 0x1234);
    CHECK(c.cpu.x(2) == 0x5678);
    c.cpu.set_x(5, kData + 4);  // unaligned: Device memory, an alignment fault
    c.step();
    CHECK(c.cpu.pc() == 0x40300200);
    CHECK((c.cpu.sr().ESR_EL2 >> 26) == 0x25);   // data abort, same EL
    CHECK((c.cpu.sr().ESR_EL2 & 0x3F) == 0x21);  // alignment fault
    CHECK(c.cpu.sr().FAR_EL2 == kData + 4);
  }

  SECTION("a pair that runs past the end of RAM is an external abort") {
    const uint64_t end = TestCore::kRamBase + (4 << 20);
    c.load({kLdrX1X0, kLdpX1X2X0});
    c.step();
    c.cpu.set_x(0, end - 8);
    c.step();
    CHECK(c.cpu.pc() == 0x40300200);
    CHECK((c.cpu.sr().ESR_EL2 & 0x3F) == 0x10);  // synchronous external abort
    CHECK(c.cpu.sr().FAR_EL2 == end);            // the second register's access
  }

  SECTION("MSR SCTLR_EL2 turning the MMU on: reads are translated from then on") {
    // EL2 stage 1: 39-bit VA from level 1; the code page identity-mapped, kData's page
    // mapped to the page two above it.
    constexpr uint64_t kS1 = 0x40200000;
    Builder s1(c, kS1, 1, 9, kS1 + 0x1000);
    s1.map(kCode, kCode, kEl2Attrs);
    s1.map(kData, kData + 0x2000, kEl2Attrs);
    el2_stage1_regs(c, kS1);
    c.cpu.set_x(2, c.cpu.sr().SCTLR_EL2 | 1);
    c.load({kLdrX1X0, kLdrX1X3, kMsrSctlrEl2X2, kIsb, kLdrX1X0});
    c.step(2);
    CHECK(c.cpu.x(1) == 0xCCCC);
    c.step(3);
    CHECK(c.cpu.x(1) == 0xBBBB);
  }
}

TEST_CASE("A block's dtlb entry replaced by a page's takes its host entries along", "[cpu][tlb]") {
  // EL2 stage 1 with micro-TLBs of two entries: VA 0x80000000 is a 2 MiB block, A and
  // B are pages. The host entry made for a load from the block is tied to the block's
  // dtlb entry, as one of the large ones.
  TestCore c(with_tlb(small_geometries()[1]));  // 2-entry micro-TLBs
  constexpr uint64_t kS1 = 0x40300000, kBlockVa = 0x80000000, kBlockPa = 0x40200000;
  constexpr uint64_t kA = kData, kB = kData + 0x1000;
  Builder s1(c, kS1, 1, 9, kS1 + 0x1000);
  s1.map(kCode, kCode, kEl2Attrs);
  s1.map(kA, kA, kEl2Attrs);
  s1.map(kB, kB, kEl2Attrs);
  c.write64(s1.slot(kBlockVa, 2), kBlockPa | kEl2Attrs | 1);
  c.write64(kBlockPa + 0x1F8, 0xB10C);
  el2_stage1_regs(c, kS1);
  c.cpu.sr().SCTLR_EL2 |= 1;
  c.cpu.invalidate_host_pages();
  c.load({kLdrX1X0, kLdrX1X3, kLdrX4X5, kLdrX1X0, kLdrX1X0});
  c.cpu.set_x(0, kBlockVa + 0x1F8);
  c.cpu.set_x(3, kA);
  c.cpu.set_x(5, kB);
  // (dtlb() folds the hits the host cache counted into the counters.)
  const auto dtlb = [&]() -> const mmu::Tlb& { return c.cpu.tlb().dtlb(); };
  c.step();
  bool block_entry = false;
  dtlb().for_each_entry([&](const mmu::Tlb::Entry& e) { block_entry |= e.valid && e.shift == 21; });
  REQUIRE(block_entry);
  c.step(2);  // A, then B replaces the block's entry (the least recently used)
  CHECK(dtlb().counters.miss == 3);
  CHECK(dtlb().counters.evict == 1);
  c.step();  // the block again: a miss (its entry is gone), not a host-cache hit
  CHECK(c.cpu.x(1) == 0xB10C);
  CHECK(dtlb().counters.miss == 4);
  CHECK(dtlb().counters.hit == 0);
  c.step();  // and then a hit in the refilled entry
  CHECK(dtlb().counters.miss == 4);
  CHECK(dtlb().counters.hit == 1);
}

TEST_CASE("A non-global block after an ASID switch with no TLBI: the new walk's PA", "[cpu][tlb]") {
  // EL1, stage 1, a non-global 2 MiB block: reads in two of its pages (the second a hit
  // in the block's dtlb entry, through the full path: the page has no host entry yet).
  // Then TTBR0_EL1 takes another ASID and the block's descriptor another PA, with no
  // TLBI: the read that follows, in a third page, must walk (the old ASID's entry does
  // not match it) and read the new PA.
  TestCore c;
  constexpr uint64_t kS1 = 0x40300000, kBlockVa = 0x80000000;
  constexpr uint64_t kOldPa = 0x40200000, kNewPa = 0x40000000;
  constexpr uint64_t kNormal = kAF | attr_index(0) | kApRwEl1 | (3ull << 8);
  constexpr uint32_t kMsrTtbr0El1X2 = 0xD5182002;  // MSR TTBR0_EL1, x2
  Builder s1(c, kS1, 1, 9, kS1 + 0x1000);
  s1.map(kCode, kCode, kNormal);
  const uint64_t block = s1.slot(kBlockVa, 2);
  c.write64(block, kOldPa | kNormal | kNG | 1);
  c.write64(kOldPa + 0x1F8000, 0x1111);
  c.write64(kNewPa + 0x1F8000, 0x2222);
  auto& sr = c.cpu.sr();
  sr.MAIR_EL1 = kMair;
  sr.TCR_EL1 = 25 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23) | (2ull << 32);
  sr.TTBR0_EL1 = kS1 | (5ull << 48);
  sr.SCTLR_EL1 |= 1;
  c.cpu.pstate().el = 1;
  c.cpu.invalidate_host_pages();
  c.load({kLdrX1X0, kLdrX4X5, kMsrTtbr0El1X2, kIsb, kLdrX1X3});
  c.cpu.set_x(0, kBlockVa + 0x1000);
  c.cpu.set_x(5, kBlockVa + 0x2000);
  c.cpu.set_x(2, kS1 | (6ull << 48));
  c.cpu.set_x(3, kBlockVa + 0x1F8000);
  c.step(2);
  REQUIRE(c.cpu.tlb().dtlb().counters.hit == 1);  // the second read, in the block's entry
  c.write64(block, kNewPa | kNormal | kNG | 1);
  c.step(3);
  CHECK(c.cpu.x(1) == 0x2222);
  CHECK(c.cpu.tlb().stats().walks == 3);  // the code page, the block under ASIDs 5 and 6
}

TEST_CASE("The host cache changes no TLB statistic: random accesses, pages and blocks",
          "[cpu][tlb]") {
  // EL2 stage 1: two 2 MiB blocks (three pages used in one, two in the other, each a
  // host entry of its own tied to the block's entry) and four pages of data; code in
  // four chunks, three in pages and one in a block, each of random loads and stores
  // ending in a BR to the next. The program runs once with the host caches and once
  // with them emptied before every instruction, so that the model sees every lookup
  // itself; the statistics must be the same. Several TLB geometries, so that entries
  // of both sizes replace each other in the micro-TLBs and the main TLB.
  constexpr uint64_t kS1 = 0x40300000, kBlockPa = 0x40200000, kBlockVa = 0x80000000;
  const std::vector<uint64_t> data = {kBlockVa + 0x008,    kBlockVa + 0x1010,   kBlockVa + 0x5018,
                                      kBlockVa + 0x200020, kBlockVa + 0x203028, kData + 0x30,
                                      kData + 0x1038,      kData + 0x2040,      kData + 0x3048};
  const std::vector<uint64_t> chunks = {kCode + 0x100, kCode + 0x1080, kCode + 0x2040,
                                        kBlockVa + 0x7020};
  constexpr unsigned kChunk = 100, kSteps = 1000;
  std::vector<uint32_t> code;
  uint64_t rng = 0x1234567;
  for (unsigned i = 0; i < kChunk * chunks.size(); ++i)
    code.push_back(random_access(rng, data.size()));
  const auto run = [&](const mmu::TlbHierarchyConfig& tlb, bool reference) {
    TestCore c(with_tlb(tlb));
    Builder s1(c, kS1, 1, 9, kS1 + 0x1000);
    for (uint64_t p = 0; p < 3; ++p) s1.map(kCode + p * 0x1000, kCode + p * 0x1000, kEl2Attrs);
    for (uint64_t p = 0; p < 4; ++p) s1.map(kData + p * 0x1000, kData + p * 0x1000, kEl2Attrs);
    c.write64(s1.slot(kBlockVa, 2), kBlockPa | kEl2Attrs | 1);
    c.write64(s1.slot(kBlockVa + 0x200000, 2), kBlockPa | kEl2Attrs | 1);
    el2_stage1_regs(c, kS1);
    c.cpu.sr().SCTLR_EL2 |= 1;
    c.cpu.invalidate_host_pages();
    for (size_t k = 0; k < chunks.size(); ++k) {
      // Every VA here is its PA but for the block's (VA - kBlockVa + kBlockPa).
      const uint64_t pa = chunks[k] >= kBlockVa ? chunks[k] - kBlockVa + kBlockPa : chunks[k];
      std::vector<uint32_t> words(code.begin() + k * kChunk, code.begin() + (k + 1) * kChunk);
      words.push_back(0xD61F0000 | (20 + static_cast<uint32_t>(k)) << 5);  // BR x(20 + k)
      for (size_t i = 0; i < words.size(); ++i) std::memcpy(c.bus.at(pa + 4 * i), &words[i], 4);
      c.cpu.code_written(pa, 4 * words.size());
      c.cpu.set_x(20 + static_cast<unsigned>(k), chunks[(k + 1) % chunks.size()]);
    }
    for (size_t i = 0; i < data.size(); ++i) c.cpu.set_x(10 + static_cast<unsigned>(i), data[i]);
    c.cpu.set_x(1, 0x5A5A);
    c.cpu.set_pc(chunks[0]);
    for (unsigned i = 0; i < kSteps; ++i) {
      if (reference) c.cpu.invalidate_host_pages();
      REQUIRE(c.cpu.run(1) == 1);
    }
    return tlb_stats(c);
  };
  for (const auto& stats : same_as_reference(run)) {
    CHECK(stats.at("cpu0.tlb.s1.miss") > 0);
    CHECK(stats.at("cpu0.tlb.s1.hit") > kSteps);
  }
}

TEST_CASE("The host cache changes no TLB statistic: EL0 and EL1 sharing TLB entries",
          "[cpu][tlb]") {
  // The EL1&0 regime (ASID 5), stage 1 only: EL0 code makes random loads and stores
  // and now and then an SVC; the EL1 handler makes random accesses of its own and
  // returns. The two levels' host caches tie entries to the same micro-TLB entries
  // (global and non-global pages, a 2 MiB block), so replacing one must drop the host
  // entries of both. As above, against a run with the host caches emptied before every
  // instruction, for several TLB geometries.
  constexpr uint64_t kS1 = 0x40300000, kBlockPa = 0x40200000, kBlockVa = 0x80000000;
  constexpr uint64_t kVbar = kCode, kHandler = kCode + 0x400, kUser = kCode + 0x1000;
  constexpr uint64_t kUserAttrs = kAF | attr_index(0) | kApRwAll | (3ull << 8) | kPXN;
  constexpr uint64_t kCodeAttrs = kAF | attr_index(0) | kApRoAll | (3ull << 8);
  const std::vector<uint64_t> data = {kBlockVa + 0x008, kBlockVa + 0x1010, kBlockVa + 0x5018,
                                      kData + 0x30,     kData + 0x1038,    kData + 0x2040,
                                      kData + 0x3048};
  uint64_t rng = 0x7654321;
  const auto access = [&] { return random_access(rng, data.size()); };
  std::vector<uint32_t> user, handler;
  for (unsigned i = 0; i < 300; ++i) user.push_back(i % 25 == 24 ? 0xD4000001 : access());  // SVC
  user.push_back(0x14000000 | (static_cast<uint32_t>(-300) & 0x3FFFFFF));  // B to the start
  for (unsigned i = 0; i < 12; ++i) handler.push_back(access());
  handler.push_back(0xD69F03E0);  // ERET
  const auto run = [&](const mmu::TlbHierarchyConfig& tlb, bool reference) {
    TestCore c(with_tlb(tlb));
    Builder s1(c, kS1, 1, 9, kS1 + 0x1000);
    s1.map(kCode, kCode, kCodeAttrs | kUXN);  // the vectors: EL1 only
    s1.map(kUser, kUser, kCodeAttrs | kNG);
    s1.map(kData, kData, kUserAttrs);  // global
    for (uint64_t p = 1; p < 4; ++p)
      s1.map(kData + p * 0x1000, kData + p * 0x1000, kUserAttrs | kNG);
    c.write64(s1.slot(kBlockVa, 2), kBlockPa | kUserAttrs | kNG | 1);
    for (const auto& [pa, words] : {std::pair{kHandler, &handler}, std::pair{kUser, &user}}) {
      for (size_t i = 0; i < words->size(); ++i) std::memcpy(c.bus.at(pa + 4 * i), &(*words)[i], 4);
      c.cpu.code_written(pa, 4 * words->size());
    }
    auto& sr = c.cpu.sr();
    sr.MAIR_EL1 = kMair;
    sr.TCR_EL1 = 25 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23) | (2ull << 32);
    sr.TTBR0_EL1 = kS1 | (5ull << 48);
    sr.VBAR_EL1 = kVbar;
    sr.SCTLR_EL1 |= 1;
    c.cpu.pstate().el = 0;  // EL0t
    c.cpu.pstate().sp = 0;
    c.cpu.invalidate_host_pages();
    for (size_t i = 0; i < data.size(); ++i) c.cpu.set_x(10 + static_cast<unsigned>(i), data[i]);
    c.cpu.set_x(1, 0x5A5A);
    c.cpu.set_pc(kUser);
    uint64_t svcs = 0;
    for (unsigned i = 0; i < 2000; ++i) {
      if (reference) c.cpu.invalidate_host_pages();
      c.cpu.run(1);
      svcs += c.cpu.pc() == kHandler;
    }
    CHECK(svcs > 50);
    CHECK(c.cpu.pstate().el <= 1);
    return tlb_stats(c);
  };
  for (const auto& stats : same_as_reference(run)) CHECK(stats.at("cpu0.tlb.asid.5.miss") > 0);
}
