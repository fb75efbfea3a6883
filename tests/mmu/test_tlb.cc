// The modelled TLB hierarchy: tags, stale entries, TLBI scopes, statistics.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "mmu/tlb.h"
#include "tests/mmu/nested.h"

using namespace mmu;
using namespace mmu_test;

namespace {

struct Xlate {
  TlbHierarchy& tlb;
  uint64_t operator()(const TranslationRegs& r, uint64_t va,
                      AccessType type = AccessType::Read) const {
    bool held;
    const Translation t = tlb.translate(r, va, type, held);
    return t.ok() ? t.pa : ~0ull;
  }
};

std::map<std::string, uint64_t> stats_of(const TlbHierarchy& tlb) {
  std::map<std::string, uint64_t> m;
  tlb.for_each_stat("cpu0", [&](const std::string& k, uint64_t v) { m[k] = v; });
  return m;
}

// The random steps of the property tests (deterministic per seed).
struct XorShift {
  uint64_t s;
  uint64_t operator()() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
};

}  // namespace

TEST_CASE("TLB: a cold nested walk counts 24 references, then hits", "[tlb]") {
  Nested n;
  TlbHierarchy tlb(TlbHierarchyConfig{}, n.mem);
  Xlate x{tlb};
  const auto r = n.regs();
  CHECK(x(r, Nested::kVa + 8) == Nested::kIpa + Nested::kS2Offset + 8);
  CHECK(tlb.stats().walks == 1);
  CHECK(tlb.stats().walk_refs == 24);
  CHECK(tlb.stats().refs_hist[24] == 1);
  CHECK(x(r, Nested::kVa + 16) == Nested::kIpa + Nested::kS2Offset + 16);
  CHECK(tlb.stats().walks == 1);
  CHECK(tlb.dtlb().counters.hit == 1);
  // A neighbouring page: the walk cache gives the last-level table, whose IPA hits in
  // the IPA cache; the new output IPA walks stage 2: 1 + 4 references.
  n.s1.map(Nested::kVa + 0x1000, Nested::kIpa + 0x1000, 3, kAF | kApRwAll);
  n.s2_page(Nested::kIpa + 0x1000);
  CHECK(x(r, Nested::kVa + 0x1000) == Nested::kIpa + 0x1000 + Nested::kS2Offset);
  CHECK(tlb.stats().walk_refs == 24 + 5);
  const auto s = stats_of(tlb);
  CHECK(s.at("cpu0.walk.count") == 2);
  CHECK(s.at("cpu0.walk.refs") == 29);
  CHECK(s.at("cpu0.walk.refs_hist.5") == 1);
  CHECK(s.at("cpu0.tlb.main.fill") == 2);
  CHECK(s.at("cpu0.tlb.vmid.1.hit") == 1);
  CHECK(s.at("cpu0.tlb.vmid.1.miss") == 2);
  CHECK(s.at("cpu0.tlb.s2.hit") == 1);
  CHECK(s.at("cpu0.tlb.walk.miss") == 1);
  CHECK(s.at("cpu0.tlb.walk.hit") == 1);
  CHECK(s.at("cpu0.tlb.walk.fill") == 1);
}

TEST_CASE("TLB: without a walk cache every stage-1 level is walked again", "[tlb]") {
  Nested n;
  TlbHierarchyConfig cfg;
  cfg.walk.entries = 0;
  TlbHierarchy tlb(cfg, n.mem);
  Xlate x{tlb};
  const auto r = n.regs();
  CHECK(x(r, Nested::kVa) == Nested::kIpa + Nested::kS2Offset);
  // The stage-1 tables' IPAs hit in the IPA cache, the new output IPA walks stage 2:
  // 4 + 4 references.
  n.s1.map(Nested::kVa + 0x1000, Nested::kIpa + 0x1000, 3, kAF | kApRwAll);
  n.s2_page(Nested::kIpa + 0x1000);
  CHECK(x(r, Nested::kVa + 0x1000) == Nested::kIpa + 0x1000 + Nested::kS2Offset);
  CHECK(tlb.stats().walk_refs == 24 + 8);
  const auto s = stats_of(tlb);
  CHECK(s.at("cpu0.tlb.s2.hit") == 4);
  CHECK(s.count("cpu0.tlb.walk.miss") == 0);
}

TEST_CASE("TLB: the walk cache keeps last-level tables per context; TLBI scopes", "[tlb]") {
  Memory mem(0x40000000, 16 << 20);
  TlbHierarchyConfig cfg;
  cfg.itlb.entries = cfg.dtlb.entries = cfg.main.entries = 0;  // every access walks
  TlbHierarchy tlb(cfg, mem);
  Xlate x{tlb};
  Tables t(mem, 12, 48, 0, 0x40000000);
  t.map(0x5000, 0x40a00000, 3, kAF | kNG);
  t.map(0x6000, 0x40a01000, 3, kAF | kNG);
  t.map(0x40000000, 0x40c00000, 2, kAF);  // a 2 MiB block: nothing for the walk cache
  auto r = el1_regs(t.root | (7ull << 48));
  const auto refs = [&] { return tlb.stats().walk_refs; };
  CHECK(x(r, 0x5008) == 0x40a00008);
  CHECK(refs() == 4);
  CHECK(x(r, 0x6008) == 0x40a01008);
  CHECK(refs() == 4 + 1);
  CHECK(x(r, 0x40000010) == 0x40c00010);
  CHECK(x(r, 0x40000010) == 0x40c00010);
  CHECK(refs() == 4 + 1 + 3 + 3);
  CHECK(tlb.walk_cache().counters.fill == 1);
  // Another ASID walks for itself.
  auto r8 = el1_regs(t.root | (8ull << 48));
  CHECK(x(r8, 0x5008) == 0x40a00008);
  CHECK(refs() == 11 + 4);
  CHECK(x(r8, 0x5008) == 0x40a00008);
  CHECK(refs() == 15 + 1);

  // The level-2 descriptor of 0x5000 now names another last-level table, which maps
  // 0x5000 elsewhere: a walk keeps using the cached table until a TLBI takes it.
  Tables u(mem, 12, 48, 0, 0x40400000);
  u.map(0x5000, 0x40b00000, 3, kAF | kNG);
  const uint64_t l2 = t.desc_addr(0x5000, 2);
  const uint64_t old_l2 = mem.get64(l2);
  mem.put64(l2, (u.desc_addr(0x5000, 3) & ~0xFFFull) | 3);
  CHECK(x(r, 0x5008) == 0x40a00008);                          // stale table
  tlb.tlbi(TlbiOp::VALE1, r, (7ull << 48) | (0x5000 >> 12));  // last level only
  CHECK(x(r, 0x5008) == 0x40a00008);
  tlb.tlbi(TlbiOp::ASIDE1, r, 8ull << 48);  // another ASID's entry
  CHECK(x(r, 0x5008) == 0x40a00008);
  CHECK(x(r8, 0x5008) == 0x40b00008);  // ASID 8 walked again and found the new table
  tlb.tlbi(TlbiOp::VAE1, r, (9ull << 48) | (0x5000 >> 12));  // by VA: every ASID
  CHECK(x(r, 0x5008) == 0x40b00008);
  CHECK(tlb.walk_cache().invalidated[static_cast<size_t>(TlbiOp::VAE1)] == 2);
  mem.put64(l2, old_l2);
  CHECK(x(r, 0x5008) == 0x40b00008);
  tlb.tlbi(TlbiOp::IPAS2E1, r, 0x5);  // stage 2 only: the walk cache holds stage 1
  CHECK(x(r, 0x5008) == 0x40b00008);
  tlb.tlbi(TlbiOp::VMALLE1, r, 0);
  CHECK(x(r, 0x5008) == 0x40a00008);
  const auto s = stats_of(tlb);
  CHECK(s.at("cpu0.tlb.walk.inval.VAE1") == 2);
  CHECK(s.at("cpu0.tlb.walk.inval.ASIDE1") == 1);
  CHECK(s.at("cpu0.tlb.walk.inval.VMALLE1") == 1);
  CHECK(s.count("cpu0.tlb.walk.inval.VALE1") == 0);
}

TEST_CASE("TLB: two VMIDs with overlapping IPAs stay apart; VTTBR switch keeps both", "[tlb]") {
  Nested a;  // VMID 1
  TlbHierarchy tlb(TlbHierarchyConfig{}, a.mem);
  Xlate x{tlb};
  // A second stage 2 (VMID 2) in the same memory mapping the same IPAs elsewhere.
  Tables s2b(a.mem, 12, 44, 0, 0x43000000);
  for (uint64_t ipa = Nested::kS1Tables; ipa < a.s1.next; ipa += 0x1000)
    s2b.map(ipa, ipa + Nested::kS2Offset, 3, kAF | kS2RW | kS2NormalWB);
  s2b.map(Nested::kIpa, 0x43800000, 3, kAF | kS2RW | kS2NormalWB);
  auto r1 = a.regs(1);
  auto r2 = a.regs(2);
  r2.vttbr = s2b.root | (2ull << 48);
  CHECK(x(r1, Nested::kVa) == Nested::kIpa + Nested::kS2Offset);
  CHECK(x(r2, Nested::kVa) == 0x43800000);
  // Switch back and forth without TLBI: both hit.
  const uint64_t walks = tlb.stats().walks;
  for (int i = 0; i < 3; ++i) {
    CHECK(x(r1, Nested::kVa) == Nested::kIpa + Nested::kS2Offset);
    CHECK(x(r2, Nested::kVa) == 0x43800000);
  }
  CHECK(tlb.stats().walks == walks);
  CHECK(tlb.vmid_counters(1).hit == 3);
  CHECK(tlb.vmid_counters(2).hit == 3);
  const auto s = stats_of(tlb);
  CHECK(s.at("cpu0.tlb.vmid.1.hit") == 3);
  CHECK(s.at("cpu0.tlb.vmid.2.hit") == 3);
  CHECK(s.at("cpu0.tlb.vmid.2.miss") == 1);
}

TEST_CASE("TLB: a forgotten TLBI leaves the old mapping visible", "[tlb]") {
  Memory mem(0x40000000, 16 << 20);
  TlbHierarchy tlb(TlbHierarchyConfig{}, mem);
  Xlate x{tlb};
  Tables t(mem, 12, 48, 0, 0x40000000);
  const uint64_t d = t.map(0x5000, 0x40a00000, 3, kAF | kNG);
  auto r = el1_regs(t.root | (7ull << 48));
  CHECK(x(r, 0x5008) == 0x40a00008);
  mem.put64(d, 0x40b00000 | kAF | kNG | 3);  // remap without TLBI
  CHECK(x(r, 0x5008) == 0x40a00008);         // stale, as on hardware
  tlb.tlbi(TlbiOp::VAE1, r, (7ull << 48) | (0x5000 >> 12));
  CHECK(x(r, 0x5008) == 0x40b00008);
  // Unmapping without TLBI: the stale entry still translates.
  mem.put64(d, 0);
  CHECK(x(r, 0x5008) == 0x40b00008);
  tlb.tlbi(TlbiOp::VALE1, r, (7ull << 48) | (0x5000 >> 12));
  CHECK(x(r, 0x5008) == ~0ull);
}

namespace {

// Two pages under ASID 1 (one global, one not) and one under ASID 2, all filled; then
// the descriptors are changed so a refill shows which entries an operation removed.
struct Scoped {
  Memory mem{0x40000000, 16 << 20};
  TlbHierarchy tlb{TlbHierarchyConfig{}, mem};
  Tables t{mem, 12, 48, 0, 0x40000000};
  uint64_t dg, dn, dn2;
  static constexpr uint64_t kG = 0x1000, kN = 0x2000, kN2 = 0x3000;
  Scoped() {
    dg = t.map(kG, 0x40a01000, 3, kAF);
    dn = t.map(kN, 0x40a02000, 3, kAF | kNG);
    dn2 = t.map(kN2, 0x40a03000, 3, kAF | kNG);
    Xlate x{tlb};
    x(asid(1), kG);
    x(asid(1), kN);
    x(asid(2), kN2);
    for (uint64_t d : {dg, dn, dn2}) mem.put64(d, mem.get64(d) + 0x100000);
  }
  TranslationRegs asid(uint16_t a) const { return el1_regs(t.root | (uint64_t{a} << 48)); }
  // true: the entry was invalidated (a refill sees the new descriptor).
  bool gone(uint64_t va, uint16_t a) {
    Xlate x{tlb};
    return (x(asid(a), va) & 0x00100000) != 0;
  }
};

}  // namespace

TEST_CASE("TLBI scopes of the EL1 operations", "[tlb][tlbi]") {
  SECTION("ASIDE1 removes that ASID's non-global entries only") {
    Scoped s;
    s.tlb.tlbi(TlbiOp::ASIDE1, s.asid(1), 1ull << 48);
    CHECK_FALSE(s.gone(Scoped::kG, 1));
    CHECK(s.gone(Scoped::kN, 1));
    CHECK_FALSE(s.gone(Scoped::kN2, 2));
  }
  SECTION("VAE1 matches the ASID or a global entry") {
    Scoped s;
    s.tlb.tlbi(TlbiOp::VAE1, s.asid(1), (2ull << 48) | (Scoped::kN >> 12));
    CHECK_FALSE(s.gone(Scoped::kN, 1));
    s.tlb.tlbi(TlbiOp::VAE1, s.asid(1), (2ull << 48) | (Scoped::kG >> 12));
    CHECK(s.gone(Scoped::kG, 1));
  }
  SECTION("VAAE1 and VAALE1 match every ASID") {
    Scoped s;
    s.tlb.tlbi(TlbiOp::VAAE1, s.asid(1), Scoped::kN >> 12);
    CHECK(s.gone(Scoped::kN, 1));
    s.tlb.tlbi(TlbiOp::VAALE1, s.asid(1), Scoped::kN2 >> 12);
    CHECK(s.gone(Scoped::kN2, 2));
    CHECK_FALSE(s.gone(Scoped::kG, 1));
  }
  SECTION("by VA in the upper range (TTBR1): the operand's VA[55:12] names the page") {
    Memory mem{0x40000000, 16 << 20};
    TlbHierarchy tlb{TlbHierarchyConfig{}, mem};
    Tables t{mem, 12, 48, 0, 0x40000000};
    constexpr uint64_t kHi = 0xFFFF000000005000ull;
    const uint64_t d = t.map(kHi, 0x40a05000, 3, kAF);
    const TranslationRegs regs = el1_regs(0, t.root);
    Xlate x{tlb};
    REQUIRE(x(regs, kHi) == 0x40a05000);
    mem.put64(d, mem.get64(d) + 0x100000);
    CHECK(x(regs, kHi) == 0x40a05000);  // held: the TLB keeps the old mapping
    tlb.tlbi(TlbiOp::VAAE1, regs, (kHi >> 12) & ((1ull << 44) - 1));
    CHECK(x(regs, kHi) == 0x40b05000);
  }
  SECTION("VMALLE1 removes the current VMID's stage-1 entries only") {
    Scoped s;
    auto other = s.asid(1);
    other.vttbr = 5ull << 48;
    s.tlb.tlbi(TlbiOp::VMALLE1, other, 0);
    CHECK_FALSE(s.gone(Scoped::kG, 1));
    s.tlb.tlbi(TlbiOp::VMALLE1, s.asid(1), 0);
    CHECK(s.gone(Scoped::kG, 1));
    CHECK(s.gone(Scoped::kN2, 2));
    CHECK(s.tlb.main().invalidated[static_cast<size_t>(TlbiOp::VMALLE1)] == 3);
  }
  SECTION("ALLE1 removes every EL1&0 entry; EL2 operations do not touch them") {
    Scoped s;
    s.tlb.tlbi(TlbiOp::ALLE2, s.asid(1), 0);
    s.tlb.tlbi(TlbiOp::VAE2, s.asid(1), Scoped::kG >> 12);
    CHECK_FALSE(s.gone(Scoped::kG, 1));
    auto other = s.asid(1);
    other.vttbr = 9ull << 48;
    s.tlb.tlbi(TlbiOp::ALLE1, other, 0);
    CHECK(s.gone(Scoped::kN, 1));
  }
}

TEST_CASE("TLBI of the EL2 regime", "[tlb][tlbi]") {
  Memory mem(0x40000000, 16 << 20);
  TlbHierarchy tlb(TlbHierarchyConfig{}, mem);
  Xlate x{tlb};
  Tables t(mem, 12, 48, 0, 0x40000000);
  const uint64_t d1 = t.map(0x1000, 0x40a01000, 3, kAF);
  const uint64_t d2 = t.map(0x2000, 0x40a02000, 3, kAF);
  const TranslationRegs r = el2_regs(t.root);
  x(r, 0x1000);
  x(r, 0x2000);
  mem.put64(d1, mem.get64(d1) + 0x100000);
  mem.put64(d2, mem.get64(d2) + 0x100000);
  tlb.tlbi(TlbiOp::VMALLE1, el1_regs(0), 0);  // EL1 operations leave EL2 entries
  CHECK(x(r, 0x1000) == 0x40a01000);
  tlb.tlbi(TlbiOp::VALE2, r, 0x1000 >> 12);
  CHECK(x(r, 0x1000) == 0x40b01000);
  CHECK(x(r, 0x2000) == 0x40a02000);
  tlb.tlbi(TlbiOp::ALLE2, r, 0);
  CHECK(x(r, 0x2000) == 0x40b02000);
}

TEST_CASE("The walk cache in the EL2 regime: table controls kept, TLBI of EL2", "[tlb][tlbi]") {
  Memory mem(0x40000000, 16 << 20);
  TlbHierarchyConfig cfg;
  cfg.itlb.entries = cfg.dtlb.entries = cfg.main.entries = 0;  // every access walks
  TlbHierarchy tlb(cfg, mem);
  Tables t(mem, 12, 48, 0, 0x40000000);
  // Read-only through APTable[1] of the tables above, writable in the page descriptors.
  t.map(0x1000, 0x40a01000, 3, kAF | kApRwEl1, kApTableRo);
  t.map(0x2000, 0x40a02000, 3, kAF | kApRwEl1, kApTableRo);
  const TranslationRegs r = el2_regs(t.root);
  bool held;
  CHECK(tlb.translate(r, 0x1000, AccessType::Write, held).fault.kind == FaultKind::Permission);
  CHECK(tlb.stats().walk_refs == 4);
  // The walk cache gives the table and its controls: still read-only.
  CHECK(tlb.translate(r, 0x2000, AccessType::Write, held).fault.kind == FaultKind::Permission);
  CHECK(tlb.translate(r, 0x2000, AccessType::Read, held).pa == 0x40a02000);
  CHECK(tlb.stats().walk_refs == 4 + 1 + 1);
  CHECK(tlb.walk_cache().counters.hit == 2);
  tlb.tlbi(TlbiOp::VMALLE1, el1_regs(0), 0);  // EL1 operations leave EL2 entries
  tlb.tlbi(TlbiOp::VALE2, r, 0x1000 >> 12);   // last level only
  tlb.translate(r, 0x1000, AccessType::Read, held);
  CHECK(tlb.stats().walk_refs == 7);
  tlb.tlbi(TlbiOp::VAE2, r, 0x1000 >> 12);
  tlb.translate(r, 0x1000, AccessType::Read, held);
  CHECK(tlb.stats().walk_refs == 7 + 4);
  tlb.tlbi(TlbiOp::ALLE1, el1_regs(0), 0);
  tlb.translate(r, 0x1000, AccessType::Read, held);
  CHECK(tlb.stats().walk_refs == 11 + 1);
  tlb.tlbi(TlbiOp::ALLE2, r, 0);
  tlb.translate(r, 0x1000, AccessType::Read, held);
  CHECK(tlb.stats().walk_refs == 12 + 4);
  CHECK(tlb.walk_cache().invalidated[static_cast<size_t>(TlbiOp::VAE2)] == 1);
  CHECK(tlb.walk_cache().invalidated[static_cast<size_t>(TlbiOp::ALLE2)] == 1);
}

TEST_CASE("IPAS2E1 removes stage-2 entries only; VMALLE1 then the combined ones", "[tlb][tlbi]") {
  Nested n;
  TlbHierarchy tlb(TlbHierarchyConfig{}, n.mem);
  Xlate x{tlb};
  const auto r = n.regs();
  const uint64_t old_pa = Nested::kIpa + Nested::kS2Offset;
  CHECK(x(r, Nested::kVa) == old_pa);
  // The hypervisor moves the guest page.
  n.s2.map(Nested::kIpa, 0x43000000, 3, kAF | kS2RW | kS2NormalWB);
  tlb.tlbi(TlbiOp::IPAS2E1, r, Nested::kIpa >> 12);
  CHECK(tlb.ipa().invalidated[static_cast<size_t>(TlbiOp::IPAS2E1)] == 1);
  CHECK(x(r, Nested::kVa) == old_pa);  // the combined entry survives
  tlb.tlbi(TlbiOp::VMALLE1, r, 0);
  CHECK(x(r, Nested::kVa) == 0x43000000);
  // VMALLS12E1 removes both kinds.
  n.s2.map(Nested::kIpa, 0x43100000, 3, kAF | kS2RW | kS2NormalWB);
  tlb.tlbi(TlbiOp::VMALLS12E1, r, 0);
  CHECK(x(r, Nested::kVa) == 0x43100000);
  const auto s = stats_of(tlb);
  CHECK(s.at("cpu0.tlbi.IPAS2E1") == 1);
  CHECK(s.at("cpu0.tlb.ipa.inval.IPAS2E1") == 1);
}

TEST_CASE("TLBI by VA removes every piece of a stage-1 block that stage 2 maps by pages",
          "[tlb][tlbi]") {
  // A 2 MiB stage-1 block over 4 KiB stage-2 pages: each page of the block in use is a
  // TLB entry of its own, and a TLBI by VA anywhere in the block removes them all (the
  // Arm ARM's operations by VA take every entry of the address's stage-1 translation).
  Nested n;
  TlbHierarchy tlb(TlbHierarchyConfig{}, n.mem);
  Xlate x{tlb};
  const auto r = n.regs();
  constexpr uint64_t kBlock = 0x0000008080800000ull;  // in Nested::kVa's level-2 table
  const uint64_t d = n.s1.map(kBlock, 0x42000000, 2, kAF | kApRwAll);
  for (uint64_t ipa : {0x42005000ull, 0x42205000ull}) n.s2_page(ipa);
  for (TlbiOp op : {TlbiOp::VAE1, TlbiOp::VALE1, TlbiOp::VAAE1, TlbiOp::VAALE1}) {
    n.mem.put64(d, 0x42000000 | kAF | kApRwAll | 1);
    tlb.tlbi(TlbiOp::VMALLE1, r, 0);
    CHECK(x(r, kBlock + 0x5008) == 0x42005008 + Nested::kS2Offset);
    n.mem.put64(d, 0x42200000 | kAF | kApRwAll | 1);
    tlb.tlbi(op, r, (kBlock + 0x1FF000) >> 12);  // the block's last page
    CHECK(x(r, kBlock + 0x5008) == 0x42205008 + Nested::kS2Offset);
  }
}

TEST_CASE("translate_at: AT S1E1 under stage 2 gives the IPA and leaves the main TLB alone",
          "[tlb]") {
  // The main TLB holds combined (stage 1+2) translations: an AT that stops at the IPA
  // must neither be answered from it nor fill it.
  Nested n;
  TlbHierarchy tlb(TlbHierarchyConfig{}, n.mem);
  Xlate x{tlb};
  const TranslationRegs r = n.regs();
  TranslationRegs s1 = r;
  s1.stage1_only = true;
  Mapping m;
  Translation t = tlb.translate_at(s1, Nested::kVa + 8, AccessType::Read, &m);
  REQUIRE(t.ok());
  CHECK(t.pa == Nested::kIpa + 8);
  CHECK(m.pa_base == Nested::kIpa);
  CHECK(tlb.main().counters.fill == 0);
  CHECK(x(r, Nested::kVa + 8) == Nested::kIpa + Nested::kS2Offset + 8);
  t = tlb.translate_at(s1, Nested::kVa + 8, AccessType::Read, &m);  // the main TLB holds it now
  CHECK(t.pa == Nested::kIpa + 8);
  CHECK(m.pa_base == Nested::kIpa);
  // AT S12E1: through the main TLB.
  t = tlb.translate_at(r, Nested::kVa + 8, AccessType::Read, &m);
  CHECK(t.pa == Nested::kIpa + Nested::kS2Offset + 8);
  CHECK(tlb.main().counters.fill == 1);
}

TEST_CASE("Stage 1 off under stage 2: fetches and data accesses do not share entries", "[tlb]") {
  // With SCTLR_EL1.M = 0 (HCR_EL2.VM = 1, DC = 0) the flat stage 1 makes instruction
  // fetches Normal and data accesses Device-nGnRnE: one page, two memory types.
  Nested n;
  const uint64_t page = 0x41900000;
  n.s2_page(page);
  TranslationRegs r = n.regs();
  r.sctlr = 0;
  for (const bool fetch_first : {true, false}) {
    CAPTURE(fetch_first);
    TlbHierarchy tlb(TlbHierarchyConfig{}, n.mem);
    bool held;
    tlb.translate(r, page, fetch_first ? AccessType::Fetch : AccessType::Read, held);
    const Translation f = tlb.translate(r, page + 8, AccessType::Fetch, held);
    const Translation d = tlb.translate(r, page + 8, AccessType::Read, held);
    REQUIRE(f.ok());
    REQUIRE(d.ok());
    CHECK(f.pa == page + Nested::kS2Offset + 8);
    CHECK(d.pa == f.pa);
    CHECK(f.mem == MemType::Normal);
    CHECK(d.mem == MemType::Device);
  }
}

TEST_CASE("replacement policies", "[tlb]") {
  Memory mem(0x40000000, 16 << 20);
  Tables t(mem, 12, 48, 0, 0x40000000);
  for (uint64_t i = 0; i < 8; ++i) t.map(i << 12, 0x40800000 + (i << 12), 3, kAF);
  const auto r = el1_regs(t.root);
  for (Replacement p : {Replacement::LRU, Replacement::RoundRobin, Replacement::Random}) {
    CAPTURE(static_cast<int>(p));
    TlbHierarchyConfig cfg;
    cfg.itlb.entries = cfg.dtlb.entries = 0;
    cfg.main = TlbConfig{4, 4, p};
    TlbHierarchy a(cfg, mem), b(cfg, mem);
    Xlate xa{a}, xb{b};
    for (int round = 0; round < 3; ++round)
      for (uint64_t i = 0; i < 6; ++i) {
        xa(r, i << 12);
        xb(r, i << 12);
      }
    CHECK(a.main().counters.evict > 0);
    // Deterministic: the same inputs give the same statistics.
    CHECK(a.main().counters.hit == b.main().counters.hit);
    CHECK(a.main().counters.evict == b.main().counters.evict);
    if (p == Replacement::LRU) {
      // LRU keeps the most recently used page.
      const uint64_t walks = a.stats().walks;
      xa(r, 5 << 12);
      CHECK(a.stats().walks == walks);
    }
  }
}

TEST_CASE("permissions are checked on TLB hits", "[tlb]") {
  Memory mem(0x40000000, 16 << 20);
  TlbHierarchy tlb(TlbHierarchyConfig{}, mem);
  Tables t(mem, 12, 48, 0, 0x40000000);
  t.map(0x1000, 0x40a01000, 3, kAF | kApRoAll);
  auto r = el1_regs(t.root);
  bool held;
  REQUIRE(tlb.translate(r, 0x1000, AccessType::Read, held).ok());
  CHECK(held);
  const Translation w = tlb.translate(r, 0x1000, AccessType::Write, held);
  CHECK(w.fault.kind == FaultKind::Permission);
  CHECK(w.fault.level == 3);
  CHECK(tlb.stats().walks == 1);
}

TEST_CASE("lookups find what a scan of every entry finds, through fills and TLBIs", "[tlb]") {
  // Random fills of 4K and 2M entries under two ASIDs and VMIDs, lookups and
  // invalidations (by predicate, and by address); each lookup must return the entry a
  // plain scan picks (the smallest page size, then the lowest index), including after
  // the key filter's buckets have filled and emptied many times.
  for (const TlbConfig cfg :
       {TlbConfig{10, 10, Replacement::LRU}, TlbConfig{64, 4, Replacement::LRU},
        TlbConfig{48, 3, Replacement::RoundRobin}}) {
    CAPTURE(cfg.entries, cfg.ways);
    uint64_t rng = 7;
    Tlb tlb("t", cfg, &rng);
    XorShift next{0x1234567};
    unsigned found = 0;
    for (int step = 0; step < 20000; ++step) {
      Tlb::Tag tag;
      tag.vmid = static_cast<uint16_t>(next() % 2);
      tag.asid = static_cast<uint16_t>(next() % 2);
      tag.ctx = 3;
      const uint8_t shift = next() % 4 == 0 ? 21 : 12;
      const uint64_t key = (next() % 64) << 12;
      switch (next() % 8) {
        case 0:
        case 1: {
          Tlb::Entry& e = tlb.fill(tag, key, shift);
          e.m.global = next() % 4 == 0;
          e.m.asid = tag.asid;
          break;
        }
        case 2:
          tlb.invalidate([&](const Tlb::Entry& e) { return e.vmid == tag.vmid && e.key == key; },
                         [](const Tlb::Entry&) {});
          break;
        case 3: {
          // By address (a TLBI by VA): what it takes is what a scan of every entry finds.
          const uint64_t va = key | (next() % 0x200000 & ~0xFFFull);
          const auto pred = [&](const Tlb::Entry& e) {
            return e.vmid == tag.vmid && ((e.key ^ va) >> e.shift) == 0;
          };
          unsigned want = 0;
          tlb.for_each_entry([&](const Tlb::Entry& e) { want += e.valid && pred(e); });
          unsigned dropped = 0;
          CHECK(tlb.invalidate_va(va, pred, [&](const Tlb::Entry&) { ++dropped; }) == want);
          CHECK(dropped == want);
          unsigned left = 0;
          tlb.for_each_entry([&](const Tlb::Entry& e) { left += e.valid && pred(e); });
          CHECK(left == 0);
          break;
        }
        default: {
          const Tlb::Entry* want = nullptr;
          tlb.for_each_entry([&](const Tlb::Entry& e) {
            if (!e.valid || ((e.key ^ key) >> e.shift) != 0 || e.regime != tag.regime ||
                e.vmid != tag.vmid || e.ctx != tag.ctx || (!e.m.global && e.m.asid != tag.asid))
              return;
            if (want == nullptr || e.shift < want->shift) want = &e;
          });
          const Tlb::Entry* got = tlb.lookup(tag, true, key);
          CHECK(got == want);
          found += got != nullptr;
        }
      }
    }
    CHECK(found > 1000);
  }
}

TEST_CASE("LRU replaces the least recently used entry, however it was last used", "[tlb]") {
  // Random fills, lookups, stamps written the way the core's host cache writes them
  // (count_hit) and invalidations, against a recency list kept beside the structure:
  // each fill must replace the first invalid entry, else the least recently used one.
  // Fully associative structures of 8 ways and more take their victims from a ring
  // (Tlb::lru_victim_ring), or from a scan while the ring's moves cost more (this
  // sequence has stretches of each), the others from a scan.
  for (const TlbConfig cfg :
       {TlbConfig{10, 10, Replacement::LRU}, TlbConfig{32, 32, Replacement::LRU},
        TlbConfig{4, 4, Replacement::LRU}}) {
    CAPTURE(cfg.entries);
    uint64_t rng = 7;
    Tlb tlb("t", cfg, &rng);
    std::vector<const Tlb::Entry*> slots;
    tlb.for_each_entry([&](const Tlb::Entry& e) { slots.push_back(&e); });
    std::vector<const Tlb::Entry*> recency;  // valid entries, least recently used first
    auto touch = [&](const Tlb::Entry* e) {
      std::erase(recency, e);
      recency.push_back(e);
    };
    XorShift next{0xC0FFEE};
    Tlb::Tag tag;
    tag.ctx = 1;
    unsigned fills = 0, stamped = 0;
    for (int step = 0; step < 30000; ++step) {
      const uint64_t key = (next() % (cfg.entries + cfg.entries / 2)) << 12;
      switch (next() % 8) {
        case 0:
        case 1:
        case 2: {
          if (const Tlb::Entry* e = tlb.lookup(tag, true, key)) {  // held: a use
            touch(e);
            break;
          }
          const Tlb::Entry* want = nullptr;
          for (const Tlb::Entry* e : slots)
            if (!e->valid) {
              want = e;
              break;
            }
          if (want == nullptr) want = recency.front();
          Tlb::Entry& got = tlb.fill(tag, key, 12);
          REQUIRE(&got == want);
          touch(&got);
          ++fills;
          break;
        }
        case 3:
        case 4:  // a lookup
          if (const Tlb::Entry* e = tlb.lookup(tag, true, key)) touch(e);
          break;
        case 5:
        case 6: {  // a host-cache hit: the core stamps the entry from the structure's clock
          const Tlb::Entry* e = slots[next() % slots.size()];
          if (!e->valid) break;
          const_cast<Tlb::Entry*>(e)->stamp = ++*tlb.clock();
          touch(e);
          ++stamped;
          break;
        }
        default:
          if (next() % 4 == 0) {
            const unsigned n = tlb.invalidate([&](const Tlb::Entry& e) { return e.key == key; },
                                              [](const Tlb::Entry&) {});
            if (n) std::erase_if(recency, [&](const Tlb::Entry* e) { return !e->valid; });
          }
      }
    }
    CHECK(fills > 3000);
    CHECK(stamped > 3000);
  }
}

TEST_CASE("An LRU ring handed an entry it did not choose orders itself again", "[tlb]") {
  // install() is meant for the entry victim() chose; handed another, the ring must not
  // take that fill for the turn of its head (the least recently used entry would then
  // look recently used).
  uint64_t rng = 1;
  Tlb tlb("t", TlbConfig{10, 10, Replacement::LRU}, &rng);
  Tlb::Tag tag;
  tag.ctx = 1;
  std::vector<Tlb::Entry*> e;
  for (uint64_t k = 0; k < 10; ++k) e.push_back(&tlb.fill(tag, k << 12, 12));
  REQUIRE(&tlb.victim(0, 12) == e[0]);   // the oldest
  tlb.install(*e[5], tag, 0x20000, 12);  // refilled in place of another
  CHECK(&tlb.victim(0, 12) == e[0]);     // still the oldest
  CHECK(&tlb.fill(tag, 0x30000, 12) == e[0]);
  CHECK(&tlb.fill(tag, 0x31000, 12) == e[1]);
  CHECK(tlb.lookup(tag, true, 0x20000) == e[5]);
}
