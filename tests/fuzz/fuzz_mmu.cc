// libFuzzer target: the MMU under guest-controlled page tables and translation
// registers: the stage-1 and stage-2 walks (mmu/walk.h) and the modelled TLB hierarchy
// (mmu/tlb.h). Guest misbehaviour (bad descriptors, nonsense TCR/VTCR/TTBR values)
// must be an architectural fault, never a crash, hang or sanitizer report.
//
// The input: a header (modes, PA size, geometries, ASID, VMID, the TLBs' geometry and
// replacement policies, regions without direct access), the stage-1 and stage-2
// mappings to build, register fields or raw register values, descriptor corruptions
// or raw bytes for the memory, then operations until it runs out (each takes at least
// one byte, so the run is bounded by the input): translations through the TLBs, plain
// and AT-style ones, IPA-cache lookups, TLBIs of every kind, hits of the core's
// host-pointer cache (its entries tied to TLB entries, dropped through TlbObserver),
// ASID, VMID, regime and EL changes, descriptor writes, register changes, DMI changes.
// Well-formed tables come from the helpers of tests/mmu/tables.h; registers are
// derived from them unless the input asks for set fields or raw values.
//
// The oracle (a mismatch traps, so libFuzzer reports it):
//  - TlbHierarchy::translate_uncached() is a plain walk whatever the TLBs hold: it must
//    give what mmu::translate() gives over a fresh walk environment (same fault, or the
//    same mapping), always; with no translation regime, so must translate_mmu_off().
//  - While no descriptor and no register other than an ASID or VMID has changed since
//    the TLBs were last emptied (TLBI ALLE1 and ALLE2, or reset(); at the start they
//    are empty), what the TLBs give (translate, translate_at, the IPA cache's stage2)
//    must be what a plain walk gives: the same fault (kind, level, stage 2, S1PTW, IPA)
//    or the same PA and memory type (for translate_at, the same mapping but for the
//    ASID it was walked under: a global entry serves every ASID). ASIDs and VMIDs tag
//    the entries, so changing them keeps the oracle. After any other change a TLB may
//    architecturally hold stale entries, so nothing is compared until the next full
//    invalidation (the run goes on: it must still not crash).
//  - A tie that translate() gives holds the translation, and keeps holding it until
//    the observer drops it; the statistics obey the sums tlb.h implies.
#include <algorithm>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "mmu/tlb.h"
#include "mmu/walk.h"
#include "tests/mmu/tables.h"

namespace {

using mmu::AccessType;
using mmu::Fault;
using mmu::FaultKind;
using mmu::Mapping;
using mmu::Regime;
using mmu::TlbHierarchy;
using mmu::TlbiOp;
using mmu::Translation;
using mmu::TranslationRegs;
using mmu_test::Memory;
using mmu_test::Tables;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

constexpr uint64_t mask_below(unsigned n) { return n >= 64 ? ~0ull : (uint64_t{1} << n) - 1; }

// Memory: 2 MiB of RAM in four regions (the last one for raw bytes only); outside it,
// a descriptor read is a bus error.
constexpr uint64_t kBase = 0x40000000;
constexpr uint64_t kMemSize = 0x200000;
constexpr uint64_t kRegion = 0x80000;
constexpr uint64_t kS2Tables = kBase;                 // stage-2 tables (PA)
constexpr uint64_t kS1Tables = kBase + kRegion;       // EL1&0 stage-1 tables (PA)
constexpr uint64_t kEl2Tables = kBase + 2 * kRegion;  // EL2 stage-1 tables (PA)
// With the offset layout, EL1&0 stage-1 tables at IPA X are stored at PA X + kS1Offset.
constexpr uint64_t kS1Offset = 0x40000000;
// Output addresses of the stage-1 leaves (IPAs, PAs in the EL2 regime) start here;
// stage 2 maps IPA X to PA X + kS2DataOffset. Neither need be memory.
constexpr uint64_t kDataIpa = 0x20000000;
constexpr uint64_t kS2DataOffset = 0x80000000;

// The input, read front to back; zeros once it has run out.
class Input {
 public:
  Input(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  bool empty() const { return n_ == 0; }
  uint64_t take(unsigned bytes) {
    uint64_t v = 0;
    const size_t k = n_ < bytes ? n_ : bytes;
    std::memcpy(&v, p_, k);
    p_ += k;
    n_ -= k;
    return v;
  }
  uint8_t u8() { return static_cast<uint8_t>(take(1)); }
  uint16_t u16() { return static_cast<uint16_t>(take(2)); }
  uint32_t u32() { return static_cast<uint32_t>(take(4)); }
  uint64_t u64() { return take(8); }
  // Up to `n` bytes of the input itself.
  const uint8_t* bytes(size_t& n) {
    if (n > n_) n = n_;
    const uint8_t* p = p_;
    p_ += n;
    n_ -= n;
    return p;
  }

 private:
  const uint8_t* p_;
  size_t n_;
};

// The system registers the translation registers come from (as isa::Cpu keeps them).
enum Reg : uint8_t {
  kSctlrEl1,
  kSctlrEl2,
  kTcrEl1,
  kTcrEl2,
  kTtbr0El1,
  kTtbr1El1,
  kTtbr0El2,
  kMairEl1,
  kMairEl2,
  kHcr,
  kVtcr,
  kVttbr,
  kRegs
};

struct Sys {
  uint64_t r[kRegs] = {};
  Regime regime = Regime::EL10;
  bool el0 = false;
  unsigned pa_bits = 44;
  // As isa::Cpu::translation_regs() builds them.
  TranslationRegs regs() const {
    TranslationRegs t;
    t.el0 = el0 && regime == Regime::EL10;
    t.hcr = r[kHcr];
    t.vtcr = r[kVtcr];
    t.vttbr = r[kVttbr];
    t.pa_bits = pa_bits;
    t.regime = regime;
    if (regime == Regime::EL2) {
      t.sctlr = r[kSctlrEl2];
      t.tcr = r[kTcrEl2];
      t.ttbr0 = r[kTtbr0El2];
      t.mair = r[kMairEl2];
    } else {
      t.sctlr = r[kSctlrEl1];
      t.tcr = r[kTcrEl1];
      t.ttbr0 = r[kTtbr0El1];
      t.ttbr1 = r[kTtbr1El1];
      t.mair = r[kMairEl1];
    }
    return t;
  }
  // The EL1&0 registers, which TLBI takes (isa/exec_system.cc).
  TranslationRegs el10_regs() const {
    Sys s = *this;
    s.regime = Regime::EL10;
    s.el0 = false;
    return s.regs();
  }
};

// The register fields an input may set. `tag`: the field is an ASID or VMID, which
// the TLB entries are tagged with (changing it keeps the oracle).
struct Field {
  Reg reg;
  uint8_t lsb, width;
  bool tag;
};
constexpr Field kFields[] = {
    {kTcrEl1, 0, 6, false},     // T0SZ (out-of-range values included)
    {kTcrEl1, 7, 1, false},     // EPD0
    {kTcrEl1, 14, 2, false},    // TG0 (11: reserved)
    {kTcrEl1, 16, 6, false},    // T1SZ
    {kTcrEl1, 22, 1, false},    // A1
    {kTcrEl1, 23, 1, false},    // EPD1
    {kTcrEl1, 30, 2, false},    // TG1 (00: reserved)
    {kTcrEl1, 32, 3, false},    // IPS (110, 111: reserved)
    {kTcrEl1, 36, 1, false},    // AS
    {kTcrEl1, 37, 2, false},    // TBI0, TBI1
    {kTcrEl2, 0, 6, false},     // T0SZ
    {kTcrEl2, 14, 2, false},    // TG0
    {kTcrEl2, 16, 3, false},    // PS
    {kTcrEl2, 20, 1, false},    // TBI
    {kVtcr, 0, 6, false},       // T0SZ
    {kVtcr, 6, 2, false},       // SL0 (invalid combinations included)
    {kVtcr, 14, 2, false},      // TG0
    {kVtcr, 16, 3, false},      // PS
    {kSctlrEl1, 0, 2, false},   // M, A
    {kSctlrEl1, 19, 1, false},  // WXN
    {kSctlrEl2, 0, 2, false},   // M, A
    {kSctlrEl2, 19, 1, false},  // WXN
    {kHcr, 0, 1, false},        // VM
    {kHcr, 2, 1, false},        // PTW
    {kHcr, 12, 1, false},       // DC
    {kTtbr0El1, 0, 48, false},  // BADDR and CnP (beyond the PA size included)
    {kTtbr1El1, 0, 48, false},
    {kTtbr0El2, 0, 48, false},
    {kVttbr, 0, 48, false},
    {kMairEl1, 0, 64, false},
    {kMairEl2, 0, 64, false},
    {kTtbr0El1, 48, 16, true},  // ASID
    {kTtbr1El1, 48, 16, true},
    {kVttbr, 48, 8, true},  // VMID
    // RES0 above the 8-bit VMID: neither the walk nor the tags use them.
    {kVttbr, 56, 8, true},
};
constexpr size_t kNumFields = sizeof(kFields) / sizeof(kFields[0]);
constexpr const Field& asid_field(unsigned ttbr) { return kFields[kNumFields - 4 + ttbr]; }
constexpr const Field& kVmidField = kFields[kNumFields - 2];

void set_field(Sys& s, const Field& f, uint64_t v) {
  const uint64_t m = mask_below(f.width) << f.lsb;
  s.r[f.reg] = (s.r[f.reg] & ~m) | ((v << f.lsb) & m);
}

// Set one field from the input; true if the field is a tag (the oracle stays).
bool set_field_from(Sys& s, Input& in) {
  const Field& f = kFields[in.u8() % kNumFields];
  const uint8_t how = in.u8();
  uint64_t v = in.u64();
  // A base address is mostly one in memory (8-byte aligned), so the walk goes on.
  if (f.width == 48 && (how & 1)) v = (kBase + (v % kMemSize)) & ~7ull;
  set_field(s, f, v);
  return f.tag;
}

// Granules: 0 4K, 1 16K, 2 64K, 3 4K.
unsigned grain_of(uint8_t sel) {
  static constexpr unsigned kGrain[4] = {12, 14, 16, 12};
  return kGrain[sel & 3];
}
uint64_t tg0_of(unsigned grain) { return grain == 16 ? 1 : grain == 14 ? 2 : 0; }
uint64_t tg1_of(unsigned grain) { return grain == 16 ? 3 : grain == 14 ? 1 : 2; }
// PS/IPS encodings of the implemented PA sizes.
uint64_t ps_of(unsigned pa_bits) {
  switch (pa_bits) {
    case 32:
      return 0;
    case 36:
      return 1;
    case 40:
      return 2;
    case 42:
      return 3;
    case 44:
      return 4;
    default:
      return 5;
  }
}
unsigned level_lsb(unsigned grain, int level) {
  return grain + static_cast<unsigned>(3 - level) * (grain - 3);
}
// The start level of a stage-1 walk (as the Arm ARM derives it from TxSZ).
int s1_start(unsigned grain, unsigned inputsize) {
  const unsigned stride = grain - 3;
  return 4 - static_cast<int>((inputsize - grain + stride - 1) / stride);
}

// Tables that stay inside their region: a map() is made only when the tables it may
// allocate fit.
struct Tree {
  Tables t;
  uint64_t begin, end;  // the region, as addresses in the tables' own space
  Tree(Memory& mem, unsigned grain, unsigned inputsize, int start, uint64_t at, uint64_t limit,
       uint64_t offset = 0)
      : t(mem, grain, inputsize, start, at, offset), begin(at), end(limit) {}
  // The bytes the tables may have written: PA and size.
  std::pair<uint64_t, uint64_t> written() const {
    return {begin + t.write_offset, std::min(t.next, end) - begin};
  }
  bool fits(int level) const {
    const uint64_t g = uint64_t{1} << t.grain;
    return t.next + g + static_cast<uint64_t>(level - t.start) * g <= end;
  }
  // Map and record the descriptors on the way (their PAs).
  bool map(uint64_t va, uint64_t oa, int level, uint64_t attrs, uint64_t table_bits,
           std::vector<uint64_t>& descs) {
    if (level < t.start || !fits(level)) return false;
    t.map(va, oa, level, attrs, table_bits);
    for (int l = t.start; l <= level; ++l) descs.push_back(t.desc_addr(va, l));
    return true;
  }
};

// Stage-1 descriptor attributes from one input byte: AP, nG, UXN, PXN, AttrIndx, AF.
uint64_t s1_attrs(uint8_t a) {
  uint64_t d = uint64_t{a & 3u} << 6 | mmu_test::attr_index((a >> 5) & 3) | 3ull << 8;
  if (a & 4) d |= mmu_test::kNG;
  if (a & 8) d |= mmu_test::kUXN;
  if (a & 16) d |= mmu_test::kPXN;
  if (!(a & 0x80)) d |= mmu_test::kAF;
  return d;
}
// Table-descriptor controls: none, APTable[0] (no EL0), APTable[1] (read-only), XN and PXN.
uint64_t table_bits_of(uint8_t sel) {
  static constexpr uint64_t kBits[8] = {0,
                                        0,
                                        0,
                                        0,
                                        mmu_test::kApTableNoEl0,
                                        mmu_test::kApTableRo,
                                        mmu_test::kXNTable,
                                        mmu_test::kPXNTable};
  return kBits[sel & 7];
}
// Stage-2 descriptor attributes: S2AP, MemAttr, XN, AF.
uint64_t s2_attrs(uint8_t a) {
  static constexpr uint64_t kAp[4] = {mmu_test::kS2RW, mmu_test::kS2RW, mmu_test::kS2RO,
                                      mmu_test::kS2WO};
  static constexpr uint64_t kMem[4] = {mmu_test::kS2NormalWB, mmu_test::kS2NormalWB,
                                       mmu_test::kS2Device, 0x5ull << 2 /* Normal NC */};
  uint64_t d = kAp[a & 3] | kMem[(a >> 2) & 3] | 3ull << 8;
  if (a & 16) d |= mmu_test::kUXN;
  if (!(a & 32)) d |= mmu_test::kAF;
  return d;
}
// A leaf level from two bits: mostly pages, else the blocks the granule allows.
int leaf_level(uint8_t sel, unsigned grain) {
  switch (sel & 3) {
    case 2:
      return 2;
    case 3:
      return grain == 12 ? 1 : 2;
    default:
      return 3;
  }
}

mmu::TlbConfig tlb_config(uint8_t a, uint8_t b) {
  static constexpr unsigned kSets[16] = {0, 1, 1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 12, 16, 32, 64};
  mmu::TlbConfig c;
  const unsigned sets = kSets[a & 15];
  c.ways = 1 + (b & 31u);
  c.entries = sets * c.ways;
  static constexpr mmu::Replacement kPolicy[4] = {mmu::Replacement::LRU, mmu::Replacement::LRU,
                                                  mmu::Replacement::RoundRobin,
                                                  mmu::Replacement::Random};
  c.policy = kPolicy[(b >> 5) & 3];
  return c;
}

bool same_fault(const Fault& a, const Fault& b) {
  return a.kind == b.kind && a.level == b.level && a.stage2 == b.stage2 && a.s1ptw == b.s1ptw &&
         (!a.stage2 || a.ipa == b.ipa);
}
bool same_translation(const Translation& a, const Translation& b) {
  if (!same_fault(a.fault, b.fault)) return false;
  return !a.ok() || (a.pa == b.pa && a.mem == b.mem);
}
// Two mappings of the same translation. The ASID is the one the entry was walked
// under, which a global entry's user need not share.
bool same_mapping(const Mapping& a, const Mapping& b, bool asid) {
  return a.va_base == b.va_base && a.ipa_base == b.ipa_base && a.pa_base == b.pa_base &&
         a.shift == b.shift && a.s1_level == b.s1_level && a.s2_level == b.s2_level &&
         a.s2 == b.s2 && a.global == b.global && (!asid || a.asid == b.asid) &&
         a.perms == b.perms && a.mem == b.mem && a.attr == b.attr && a.sh == b.sh;
}

// The statistics: what tlb.h says they add up to.
struct Counts {
  uint64_t translate = 0;          // TlbHierarchy::translate() calls with a regime active
  uint64_t fetch = 0;              // of them, instruction fetches
  uint64_t at = 0;                 // translate_at() calls with a regime active
  uint64_t reset_dropped[5] = {};  // entries reset() took, per structure
  // The ASIDs and VMIDs of those calls: the only ones with counters.
  std::bitset<65536> asid_seen;
  std::bitset<256> vmid_seen;
  std::vector<uint16_t> asids, vmids;
  void saw(const TranslationRegs& r) {
    const uint16_t a = mmu::current_asid(r), v = mmu::current_vmid(r);
    if (!asid_seen[a]) asids.push_back(a);
    if (!vmid_seen[v]) vmids.push_back(v);
    asid_seen[a] = true;
    vmid_seen[v] = true;
  }
};

unsigned valid_entries(const mmu::Tlb& t) {
  unsigned n = 0;
  t.for_each_entry([&](const mmu::Tlb::Entry& e) { n += e.valid; });
  return n;
}

void check_stats(const TlbHierarchy& tlb, const Counts& c, const mmu::TlbHierarchyConfig& cfg) {
  const TlbHierarchy::Stats& s = tlb.stats();
  check(s.s1_hit + s.s1_miss == c.translate);
  const mmu::Tlb* all[5] = {&tlb.itlb(), &tlb.dtlb(), &tlb.main(), &tlb.ipa(), &tlb.walk_cache()};
  const mmu::TlbConfig* sizes[5] = {&cfg.itlb, &cfg.dtlb, &cfg.main, &cfg.ipa, &cfg.walk};
  for (size_t i = 0; i < 5; ++i) {
    const mmu::Tlb& t = *all[i];
    const mmu::TlbCounters& k = t.counters;
    if (!t.present()) {
      check((k.hit | k.miss | k.fill | k.evict) == 0);
      continue;
    }
    // Every fill makes an entry valid (evicting one, or not); TLBI counts what it
    // invalidates, reset() counts nothing (the fuzzer counted what it took).
    uint64_t inval = 0;
    for (uint64_t n : t.invalidated) inval += n;
    const unsigned valid = valid_entries(t);
    check(valid <= sizes[i]->entries);
    check(k.evict <= k.fill);
    check(k.fill - k.evict == valid + inval + c.reset_dropped[i]);
  }
  // Each translate() looks up its micro-TLB (when present), then the main TLB unless
  // the micro-TLB hit.
  if (tlb.itlb().present()) check(tlb.itlb().counters.hit + tlb.itlb().counters.miss == c.fetch);
  if (tlb.dtlb().present())
    check(tlb.dtlb().counters.hit + tlb.dtlb().counters.miss == c.translate - c.fetch);
  if (tlb.main().present())
    check(tlb.main().counters.hit + tlb.main().counters.miss ==
          c.translate - tlb.itlb().counters.hit - tlb.dtlb().counters.hit);
  check(tlb.ipa().counters.hit == s.s2_hit && tlb.ipa().counters.miss == s.s2_miss);
  // Walks: each miss of translate() walks, and so may translate_at().
  check(s.walks >= s.s1_miss && s.walks <= s.s1_miss + c.at);
  check(s.walk_faults <= s.walks);
  uint64_t walks = 0, refs = 0;
  for (size_t n = 0; n < s.refs_hist.size(); ++n) {
    walks += s.refs_hist[n];
    refs += n * s.refs_hist[n];
  }
  check(walks == s.walks);
  check(s.refs_hist.back() ? refs <= s.walk_refs : refs == s.walk_refs);
  // The per-VMID and per-ASID counters add up to the VA lookups and the main TLB's
  // fills and evictions.
  for (int a = 0; a < 2; ++a) {
    mmu::TlbCounters sum;
    for (uint16_t id : a ? c.asids : c.vmids) {
      const mmu::TlbCounters& k = a ? tlb.asid_counters(id) : tlb.vmid_counters(id);
      sum.hit += k.hit;
      sum.miss += k.miss;
      sum.fill += k.fill;
      sum.evict += k.evict;
    }
    check(sum.hit == s.s1_hit && sum.miss == s.s1_miss);
    check(sum.fill == tlb.main().counters.fill && sum.evict == tlb.main().counters.evict);
  }
}

// After a TLBI, the Arm ARM's scope: no entry is left that the operation must remove.
// In the translation TLBs, an entry of its regime (EL1&0: of the current VMID) that
// the operation selects: all of them (VMALLE1, VMALLS12E1, ALLE1, ALLE2), those of the
// operand's ASID that are not global (ASIDE1), or those whose stage-1 block or page
// holds the operand's address, however small the piece of it the entry maps (VAE1 and
// VALE1: of its ASID, or global; VAAE1, VAALE1, VAE2, VALE2). In the IPA cache, the
// current VMID's stage-2 entries holding the operand's IPA (IPAS2E1, IPAS2LE1) or all
// of them (VMALLS12E1, ALLE1). In the walk cache, the walks' cached tables as the
// translation TLBs', but for the last-level operations, which may leave them.
void check_tlbi(const TlbHierarchy& tlb, TlbiOp k, const TranslationRegs& r, uint64_t xt) {
  using mmu::Tlb;
  const uint16_t vmid = static_cast<uint16_t>((r.vttbr >> 48) & 0xFF);
  const uint16_t asid = static_cast<uint16_t>((r.tcr >> 36) & 1 ? xt >> 48 : (xt >> 48) & 0xFF);
  const uint64_t va = (xt & mask_below(44)) << 12;
  const uint64_t ipa = (xt & mask_below(36)) << 12;
  const auto holds = [](const Tlb::Entry& e, uint64_t a) {
    const unsigned s1 = e.m.s1_shift > e.shift ? e.m.s1_shift : e.shift;
    return ((e.key ^ a) & mask_below(56)) >> s1 == 0;
  };
  const auto el1 = [&](const Tlb::Entry& e) { return e.regime == Regime::EL10 && e.vmid == vmid; };
  // Whether the operation must remove e, an entry of the translation TLBs (walk: of
  // the walk cache).
  const auto must_go = [&](const Tlb::Entry& e, bool walk) {
    switch (k) {
      case TlbiOp::VMALLE1:
      case TlbiOp::VMALLS12E1:
        return el1(e);
      case TlbiOp::ALLE1:
        return e.regime == Regime::EL10;
      case TlbiOp::ALLE2:
        return e.regime == Regime::EL2;
      case TlbiOp::ASIDE1:
        return el1(e) && !e.m.global && e.m.asid == asid;
      case TlbiOp::VAE1:
      case TlbiOp::VALE1:
        return !(walk && k == TlbiOp::VALE1) && el1(e) && (e.m.global || e.m.asid == asid) &&
               holds(e, va);
      case TlbiOp::VAAE1:
      case TlbiOp::VAALE1:
        return !(walk && k == TlbiOp::VAALE1) && el1(e) && holds(e, va);
      case TlbiOp::VAE2:
      case TlbiOp::VALE2:
        return !(walk && k == TlbiOp::VALE2) && e.regime == Regime::EL2 && holds(e, va);
      case TlbiOp::IPAS2E1:
      case TlbiOp::IPAS2LE1:
      case TlbiOp::kCount:
        return false;
    }
    return false;
  };
  for (const mmu::Tlb* t : {&tlb.itlb(), &tlb.dtlb(), &tlb.main()})
    t->for_each_entry([&](const Tlb::Entry& e) { check(!e.valid || !must_go(e, false)); });
  tlb.walk_cache().for_each_entry(
      [&](const Tlb::Entry& e) { check(!e.valid || !must_go(e, true)); });
  tlb.ipa().for_each_entry([&](const Tlb::Entry& e) {
    if (!e.valid || e.regime != Regime::EL10) return;
    const bool by_ipa = k == TlbiOp::IPAS2E1 || k == TlbiOp::IPAS2LE1;
    check(!(k == TlbiOp::ALLE1 ||
            (e.vmid == vmid && (k == TlbiOp::VMALLS12E1 || (by_ipa && holds(e, ipa))))));
  });
}

// The named statistics are the counters (a walk over every ASID's counters: once).
void check_named_stats(const TlbHierarchy& tlb) {
  const TlbHierarchy::Stats& s = tlb.stats();
  uint64_t sum[2][4] = {};
  bool named_ok = true;
  tlb.for_each_stat("f", [&](const std::string& k, uint64_t v) {
    const bool vmid = k.rfind("f.tlb.vmid.", 0) == 0, asid = k.rfind("f.tlb.asid.", 0) == 0;
    if (vmid || asid) {
      const std::string what = k.substr(k.rfind('.') + 1);
      sum[asid][what == "hit" ? 0 : what == "miss" ? 1 : what == "fill" ? 2 : 3] += v;
    } else if (k == "f.tlb.main.hit") {
      named_ok = named_ok && v == tlb.main().counters.hit;
    } else if (k == "f.tlb.s1.miss") {
      named_ok = named_ok && v == s.s1_miss;
    } else if (k == "f.walk.count") {
      named_ok = named_ok && v == s.walks;
    }
  });
  check(named_ok);
  for (int a = 0; a < 2; ++a) {
    check(sum[a][0] == s.s1_hit && sum[a][1] == s.s1_miss);
    check(sum[a][2] == tlb.main().counters.fill && sum[a][3] == tlb.main().counters.evict);
  }
}

// The memory of every run, zero at its start: the run clears what it wrote.
Memory& memory() {
  static Memory m(kBase, kMemSize);
  return m;
}

// The bus: the memory, with regions that may have no direct access (their descriptors
// are then read through Bus::read).
class FuzzBus final : public mmu::Bus {
 public:
  explicit FuzzBus(Memory& m) : mem_(m) {}
  unsigned no_dmi = 0;  // bit n: region n of the memory has no host pointer
  mmu::BusResult read(uint64_t pa, void* data, unsigned size) override {
    return mem_.read(pa, data, size);
  }
  mmu::BusResult write(uint64_t pa, const void* data, unsigned size) override {
    return mem_.write(pa, data, size);
  }
  uint8_t* host_page(uint64_t pa, bool write) override {
    if (pa >= kBase && pa - kBase < kMemSize && ((no_dmi >> ((pa - kBase) / kRegion)) & 1))
      return nullptr;
    return mem_.host_page(pa, write);
  }

 private:
  Memory& mem_;
};

// The core's host-pointer cache as the TLB model sees it (isa::Cpu): entries tied to
// the entry a translation gave, whose hits it counts there (Cpu::count_hit), dropped
// when the observer reports that entry leaving and after every TLBI.
struct HostCache final : mmu::TlbObserver {
  struct Tie {
    mmu::Tlb::Entry* e;
    AccessType type;
    uint64_t key, pa;  // the page (VA without its tag) and its PA
  };
  std::vector<Tie> ties;  // the last few
  void tlb_dropped(const mmu::Tlb&, const mmu::Tlb::Entry* slot, uint64_t, unsigned,
                   unsigned) override {
    std::erase_if(ties, [&](const Tie& t) { return t.e == slot; });
  }
  void tlb_flushed() override { ties.clear(); }
};

// One run.
struct Run {
  Input in;
  Memory& mem = memory();
  FuzzBus bus{mem};
  HostCache host;
  std::vector<std::pair<uint64_t, uint64_t>> dirty;  // what to clear: PA, bytes
  Sys sys;
  mmu::TlbHierarchyConfig cfg;
  std::vector<uint64_t> probes;  // VAs the tables map
  std::vector<uint64_t> ipas;    // their IPAs (under stage 2)
  std::vector<uint64_t> descs;   // PAs of descriptors the tables hold
  Counts counts;
  // The oracle holds while neither flag is set: a change of the tables or of a
  // register that is not a tag sets both; TLBI ALLE1 clears the first, ALLE2 the
  // second, reset() both.
  bool stale_el1 = false, stale_el2 = false;
  bool named_checked = false;

  Run(const uint8_t* data, size_t size) : in(data, size) {}
  ~Run() {
    static const std::vector<uint8_t> zeros(kMemSize);
    for (const auto& [pa, n] : dirty) mem.write(pa, zeros.data(), static_cast<unsigned>(n));
  }
  bool oracle() const { return !stale_el1 && !stale_el2; }
  void changed() { stale_el1 = stale_el2 = true; }

  void build();
  void go();
  uint64_t pick_va();
  uint64_t pick_ipa();
  // The oracle: the same translation by the plain walker over the same memory.
  Translation plain(const TranslationRegs& regs, uint64_t va, AccessType type,
                    Mapping* m = nullptr) {
    mmu_test::Env env(mem);
    return mmu::translate(regs, va, type, env, m);
  }
  void translate(TlbHierarchy& tlb, uint8_t how);
  void host_hits(TlbHierarchy& tlb);
  void translate_at(TlbHierarchy& tlb, uint8_t how);
  void uncached(TlbHierarchy& tlb, uint8_t how);
  void stage2(TlbHierarchy& tlb);
  void write_descriptor();
  void overlay();
};

// The header: modes, geometries, registers and TLBs; then the tables.
void Run::build() {
  const uint8_t mode = in.u8();
  const uint8_t h1 = in.u8(), lo = in.u8(), hi = in.u8(), el2 = in.u8(), s2g = in.u8();
  const uint8_t h6 = in.u8(), asid = in.u8(), vmid = in.u8();
  static constexpr unsigned kPaBits[8] = {32, 36, 40, 42, 44, 48, 44, 44};
  sys.pa_bits = kPaBits[h1 & 7];
  sys.regime = (mode & 1) ? Regime::EL2 : Regime::EL10;
  sys.el0 = mode & 4;
  const bool offset = mode & 8;  // EL1&0 stage-1 tables at IPA X, PA X + kS1Offset
  const unsigned reg_mode = (mode >> 4) & 3, mem_mode = (mode >> 6) & 3;
  for (mmu::TlbConfig* t : {&cfg.itlb, &cfg.dtlb, &cfg.main, &cfg.ipa, &cfg.walk}) {
    const uint8_t a = in.u8();
    *t = tlb_config(a, in.u8());
  }
  cfg.seed = in.u8();
  const uint8_t h20 = in.u8();  // regions without direct access; SCTLR bits
  bus.no_dmi = h20 & 15;

  // Geometries.
  const unsigned g_lo = grain_of(lo), g_hi = grain_of(hi), g_el2 = grain_of(el2);
  const unsigned in_lo = 25 + (lo >> 2) % 24, in_hi = 25 + (hi >> 2) % 24;
  const unsigned in_el2 = 25 + (el2 >> 2) % 24;
  const unsigned g_s2 = grain_of(s2g);
  unsigned in_s2 = 25 + (s2g >> 2) % 24;
  if (in_s2 > sys.pa_bits) in_s2 = sys.pa_bits;
  // Stage 2's start level: one of those that are consistent with the input size and
  // whose (concatenated) start table fits in a quarter of its region.
  int s2_start = -1;
  unsigned sl0 = h6 & 3;
  {
    int ok[3];
    unsigned n = 0;
    for (unsigned s = 0; s < 3; ++s) {
      const int start = (g_s2 == 12 ? 2 : 3) - static_cast<int>(s);
      const unsigned lsb = level_lsb(g_s2, start);
      if (in_s2 <= lsb || in_s2 - lsb > g_s2 - 3 + 4) continue;
      if ((uint64_t{8} << (in_s2 - lsb)) > kRegion / 4) continue;
      ok[n++] = static_cast<int>(s);
    }
    if (n) {
      sl0 = static_cast<unsigned>(ok[(h6 & 3) % n]);
      s2_start = (g_s2 == 12 ? 2 : 3) - static_cast<int>(sl0);
    }
  }
  const bool tables = mem_mode != 3;
  const uint64_t s1_at = offset ? kS1Tables - kS1Offset : kS1Tables;
  const uint64_t s1_off = offset ? kS1Offset : 0;
  Tree t_lo(mem, g_lo, in_lo, s1_start(g_lo, in_lo), s1_at, s1_at + kRegion / 2, s1_off);
  Tree t_hi(mem, g_hi, in_hi, s1_start(g_hi, in_hi), s1_at + kRegion / 2, s1_at + kRegion, s1_off);
  Tree t_el2(mem, g_el2, in_el2, s1_start(g_el2, in_el2), kEl2Tables, kEl2Tables + kRegion);
  Tree t_s2(mem, g_s2, in_s2, s2_start < 0 ? 3 : s2_start, kS2Tables, kS2Tables + kRegion);

  // Mappings: stage-1 leaves (lower or upper half of the EL1&0 regime, or EL2) and the
  // stage-2 mappings of their output IPAs.
  const unsigned maps = tables ? 1 + in.u8() % 8 : 0;
  for (unsigned i = 0; i < maps; ++i) {
    const uint8_t kind = in.u8();
    const uint32_t index = in.u32();
    const uint8_t a1 = in.u8(), a2 = in.u8();
    Tree& t = (kind & 3) == 3 ? t_el2 : (kind & 3) == 2 ? t_hi : t_lo;
    const int level = leaf_level(kind >> 2, t.t.grain);
    const unsigned lsb = level_lsb(t.t.grain, level);
    uint64_t va = (uint64_t{index} << lsb) & mask_below(t.t.inputsize);
    if (&t == &t_hi) va |= ~mask_below(t.t.inputsize);
    const uint64_t size = uint64_t{1} << lsb;
    const uint64_t oa = ((kDataIpa + size - 1) & ~(size - 1)) + i * size;
    if (!t.map(va, oa, level, s1_attrs(a1), table_bits_of(kind >> 4), descs)) continue;
    const uint64_t probe = va + ((uint64_t{i} * 0x1238) & (size - 1) & ~7ull);
    probes.push_back(probe);
    if (&t == &t_el2) continue;
    const uint64_t ipa = oa + (probe - va);
    ipas.push_back(ipa);
    if (s2_start < 0) continue;
    const int l2 = std::max(leaf_level(a2 >> 6, g_s2), s2_start);
    const uint64_t s2_size = uint64_t{1} << level_lsb(g_s2, l2);
    const uint64_t ipa_base = ipa & ~(s2_size - 1);
    t_s2.map(ipa_base, ipa_base + kS2DataOffset, l2, s2_attrs(a2), 0, descs);
  }
  // Stage 2 maps the IPAs of the stage-1 tables (pages or blocks).
  if (tables && s2_start >= 0) {
    const int l2 = std::max(leaf_level(h6 >> 2, g_s2), s2_start);
    const uint64_t step = uint64_t{1} << level_lsb(g_s2, l2);
    const uint64_t end = std::max(t_lo.t.next, t_hi.t.next);
    const uint64_t attrs = (h6 & 0x80) ? mmu_test::kAF | mmu_test::kS2RW | mmu_test::kS2Device
                                       : mmu_test::kAF | mmu_test::kS2RW | mmu_test::kS2NormalWB;
    for (uint64_t ipa = s1_at & ~(step - 1); ipa < end; ipa += step)
      if (!t_s2.map(ipa, ipa + s1_off, l2, attrs, 0, descs)) break;
  }

  // What the tables wrote (each allocates from the start of its part of a region).
  for (const Tree* t : {&t_lo, &t_hi, &t_el2, &t_s2}) dirty.push_back(t->written());

  // Registers, from the tables.
  uint64_t* r = sys.r;
  // M (stage 1 on unless h20 says off: flat, or flat under stage 2), A, WXN.
  r[kSctlrEl1] = (h20 & 0x10 ? 0 : 1) | (h20 & 0x40 ? 2 : 0) | (h1 & 0x80 ? 1ull << 19 : 0);
  r[kSctlrEl2] = (h20 & 0x20 ? 0 : 1) | (h20 & 0x80 ? 1ull << 19 : 0);
  // T0SZ, TG0, T1SZ, TG1, IPS; A1, AS, TBI0, TBI1 from h1.
  r[kTcrEl1] = (64 - in_lo) | tg0_of(g_lo) << 14 | uint64_t{64 - in_hi} << 16 | tg1_of(g_hi) << 30 |
               ps_of(sys.pa_bits) << 32 | uint64_t{(h1 >> 3) & 1u} << 22 |
               uint64_t{(h1 >> 4) & 7u} << 36;
  r[kTcrEl2] = (64 - in_el2) | tg0_of(g_el2) << 14 | ps_of(sys.pa_bits) << 16 |
               uint64_t{(h6 >> 6) & 1u} << 20;
  r[kTtbr0El1] = t_lo.t.root | uint64_t{asid} << 48;
  r[kTtbr1El1] = t_hi.t.root | uint64_t{asid} << 48;
  r[kTtbr0El2] = t_el2.t.root;
  r[kMairEl1] = r[kMairEl2] = mmu_test::kMair;
  r[kHcr] = (mode & 2 ? 1 : 0) | (h6 & 0x10 ? 1ull << 2 : 0) | (h6 & 0x20 ? 1ull << 12 : 0);
  r[kVtcr] = mmu_test::vtcr(64 - in_s2, sl0, static_cast<unsigned>(tg0_of(g_s2)),
                            static_cast<unsigned>(ps_of(sys.pa_bits)));
  r[kVttbr] = (s2_start < 0 ? kS2Tables : t_s2.t.root) | uint64_t{vmid} << 48;
  if (reg_mode == 2) {
    for (unsigned k = in.u8() % 8; k > 0; --k) set_field_from(sys, in);
  } else if (reg_mode == 3) {
    for (uint64_t& v : sys.r) v = in.u64();
  }

  // Memory: the tables as built, corrupted at chosen descriptors, or with raw bytes
  // laid over them (or over nothing).
  if (mem_mode == 1) {
    for (unsigned k = in.u8() % 8; k > 0; --k) write_descriptor();
  } else if (mem_mode >= 2) {
    for (unsigned k = 1 + in.u8() % 4; k > 0; --k) overlay();
  }
}

// Raw input bytes at a chosen place in memory.
void Run::overlay() {
  const uint8_t where = in.u8();
  const uint64_t at = kBase + (where & 3) * kRegion + (uint64_t{in.u16()} << 3) % kRegion;
  size_t n = in.u16() % 2048;
  const uint8_t* p = in.bytes(n);
  const uint64_t room = kBase + kMemSize - at;
  if (n > room) n = room;
  mem.write(at, p, static_cast<unsigned>(n));
  dirty.emplace_back(at, n);
}

// A descriptor write: a bit flipped, a value XORed or a new value, at a recorded
// descriptor or anywhere in memory.
void Run::write_descriptor() {
  const uint8_t how = in.u8();
  uint64_t pa;
  if (!descs.empty() && !(how & 1))
    pa = descs[in.u8() % descs.size()];
  else
    pa = kBase + (in.u32() % kMemSize & ~7ull);
  uint64_t v = mem.get64(pa);
  switch ((how >> 1) & 3) {
    case 0:
    case 1:
      v ^= uint64_t{1} << (in.u8() & 63);
      break;
    case 2:
      v ^= in.u64();
      break;
    default:
      v = in.u64();
  }
  mem.put64(pa, v);
  dirty.emplace_back(pa, 8);
}

// A VA: near one the tables map (or an IPA stage 2 maps: the VA of stage 1 off), or raw.
uint64_t Run::pick_va() {
  const uint8_t sel = in.u8();
  const std::vector<uint64_t>& from = (sel & 7) == 3 ? ipas : probes;
  if ((sel & 7) == 5)  // a page number (sign-extended)
    return static_cast<uint64_t>(static_cast<int32_t>(in.u32())) << 12;
  if (from.empty() || (sel & 7) == 4) return in.u64();
  const uint64_t va = from[(sel >> 3) % from.size()];
  switch (sel & 7) {
    case 1:
      return va + (static_cast<uint64_t>(static_cast<int8_t>(in.u8())) << 12);  // nearby pages
    case 2:
      return va ^ (uint64_t{in.u8()} << 56);  // a tag in the top byte
    default:
      return va + (uint64_t{in.u8()} << 3);  // in the same page
  }
}

uint64_t Run::pick_ipa() {
  const uint8_t sel = in.u8();
  if (ipas.empty() || (sel & 1)) return sel & 2 ? in.u64() : in.u32();
  return ipas[(sel >> 2) % ipas.size()] + (uint64_t{in.u8()} << 3);
}

AccessType access_of(uint8_t how) { return static_cast<AccessType>(how % 3); }
bool active(const TranslationRegs& r) { return mmu::stage1_enabled(r) || mmu::stage2_enabled(r); }

// A translation through the TLBs: the tie it gives, and the oracle.
void Run::translate(TlbHierarchy& tlb, uint8_t how) {
  const TranslationRegs regs = sys.regs();
  const uint64_t va = pick_va();
  const AccessType type = access_of(how);
  Translation t;
  mmu::Tlb::Entry* tie = nullptr;
  bool held = false;
  if (how & 0x80) {
    t = tlb.translate(regs, va, type, held);
  } else {
    t = tlb.translate(regs, va, type, tie);
    held = tie != nullptr;
  }
  if (!active(regs)) {
    // Nothing cached or counted: the untracked tie.
    check(held && (how & 0x80 || tlb.untracked(tie)));
  } else {
    ++counts.translate;
    counts.fetch += type == AccessType::Fetch;
    counts.saw(regs);
    // The tie is the entry of the structure looked up first that now holds the
    // translation; a fault leaves none.
    check(held == (t.ok() && tlb.tie_target(type) != nullptr));
    if (tie) {
      const uint64_t key = mmu::strip_tag(regs, va) & ~0xFFFull;
      check(tie->valid && tie->m.pa(key) == (t.pa & ~0xFFFull) && tie->m.mem == t.mem);
      if (host.ties.size() == 8) host.ties.erase(host.ties.begin());
      host.ties.push_back({tie, type, key, t.pa & ~0xFFFull});
    }
  }
  if (oracle()) check(same_translation(t, plain(regs, va, type)));
}

// Hits of the host-pointer cache: the tied entry must still hold what it gave.
void Run::host_hits(TlbHierarchy& tlb) {
  const uint8_t sel = in.u8();
  if (host.ties.empty()) return;
  const HostCache::Tie& t = host.ties[(sel >> 2) % host.ties.size()];
  check(t.e->valid && ((t.e->key ^ t.key) >> t.e->shift) == 0 && t.e->m.pa(t.key) == t.pa);
  for (unsigned n = 1 + (sel & 3); n > 0; --n) {
    // Cpu::count_hit
    ++t.e->fast_hits;
    uint64_t* clock = tlb.tie_clock(t.type);
    if (t.e->stamp != *clock) t.e->stamp = ++*clock;
    ++counts.translate;
    counts.fetch += t.type == AccessType::Fetch;
  }
}

// translate_at(): through the main TLB, filling it; AT S1E0/S1E1 stop at the IPA.
void Run::translate_at(TlbHierarchy& tlb, uint8_t how) {
  TranslationRegs regs = sys.regs();
  const uint64_t va = pick_va();
  const AccessType type = access_of(how);
  regs.stage1_only = how & 0x40;
  Mapping m, pm;
  const Translation t = tlb.translate_at(regs, va, type, &m);
  if (active(regs)) {
    ++counts.at;
    counts.saw(regs);
  }
  if (oracle()) {
    check(same_translation(t, plain(regs, va, type, &pm)));
    if (t.ok()) check(same_mapping(m, pm, false));
  }
}

// translate_uncached(): a plain walk, whatever the TLBs hold.
void Run::uncached(TlbHierarchy& tlb, uint8_t how) {
  TranslationRegs regs = sys.regs();
  const uint64_t va = pick_va();
  const AccessType type = access_of(how);
  regs.stage1_only = how & 0x40;
  Mapping m, pm;
  const Translation t = tlb.translate_uncached(regs, va, type, &m);
  const Translation p = plain(regs, va, type, &pm);
  check(same_translation(t, p));
  // With no translation regime, translate_mmu_off() is the same flat translation.
  if (!active(regs)) check(same_translation(mmu::translate_mmu_off(regs, va, type), p));
  if (!t.ok()) return;
  check(same_mapping(m, pm, true));
  // The inline permission check lets pass what the full one lets pass.
  for (uint8_t k = 0; k < 3; ++k) {
    const AccessType a = static_cast<AccessType>(k);
    check(same_fault(mmu::check_permission(m, regs, va, a),
                     mmu::check_permission_slow(m, regs, va, a)));
  }
}

// The IPA cache: a stage-2 translation through it, against a plain stage-2 walk.
void Run::stage2(TlbHierarchy& tlb) {
  const TranslationRegs regs = sys.regs();
  const uint64_t ipa = pick_ipa();
  if (!mmu::stage2_enabled(regs)) return;
  const mmu::S2Mapping s = tlb.stage2(regs, ipa, false);
  if (!oracle()) return;
  mmu_test::Env env(mem);
  const mmu::S2Mapping p = mmu::walk_stage2(regs, ipa, env);
  check(same_fault(s.fault, p.fault));
  if (p.ok())
    check(s.ipa_base == p.ipa_base && s.pa_base == p.pa_base && s.shift == p.shift &&
          s.level == p.level && s.memattr == p.memattr && s.sh == p.sh && s.perms == p.perms);
}

void Run::go() {
  build();
  TlbHierarchy tlb(cfg, bus);
  tlb.set_observer(&host);
  // Operations, each taking at least one byte: bounded by the input.
  for (unsigned ops = 0; !in.empty() && ops < 4096; ++ops) {
    const uint8_t op = in.u8();
    switch (op & 31) {
      default:  // 0-7, 26-29
        translate(tlb, in.u8());
        break;
      case 8:
      case 9:
        host_hits(tlb);
        break;
      case 10:
      case 30:
        uncached(tlb, in.u8());
        break;
      case 11:
      case 31:
        translate_at(tlb, in.u8());
        break;
      case 12:
      case 13: {  // TLBI, with the EL1&0 registers (as the core gives them)
        const TlbiOp k = static_cast<TlbiOp>(in.u8() % static_cast<uint8_t>(TlbiOp::kCount));
        const uint8_t sel = in.u8();
        uint64_t xt;
        if (sel & 1)
          xt = in.u64();
        else if (sel & 2)
          xt = pick_ipa() >> 12;
        else
          xt = (pick_va() >> 12 & mask_below(44)) | uint64_t{in.u16()} << 48;
        tlb.tlbi(k, sys.el10_regs(), xt);
        check_tlbi(tlb, k, sys.el10_regs(), xt);
        if (k == TlbiOp::ALLE1) stale_el1 = false;
        if (k == TlbiOp::ALLE2) stale_el2 = false;
        break;
      }
      case 14:  // ASID: TTBR0_EL1 or TTBR1_EL1 (the core drops its host cache)
        set_field(sys, asid_field((op >> 5) & 1), in.u16());
        host.tlb_flushed();
        break;
      case 15:  // VMID
        set_field(sys, kVmidField, in.u8());
        host.tlb_flushed();
        break;
      case 16:  // regime, EL0
        if (op & 0x20) sys.regime = sys.regime == Regime::EL2 ? Regime::EL10 : Regime::EL2;
        if (op & 0x40) sys.el0 = !sys.el0;
        host.tlb_flushed();
        break;
      case 17:
      case 18:
        write_descriptor();
        changed();
        break;
      case 19:
      case 20:
        if (!set_field_from(sys, in)) changed();
        host.tlb_flushed();
        break;
      case 21:
        if (op & 0x20) {
          static constexpr size_t kN = 5;
          const mmu::Tlb* all[kN] = {&tlb.itlb(), &tlb.dtlb(), &tlb.main(), &tlb.ipa(),
                                     &tlb.walk_cache()};
          for (size_t i = 0; i < kN; ++i) counts.reset_dropped[i] += valid_entries(*all[i]);
          tlb.reset();
        } else {
          tlb.tlbi(TlbiOp::ALLE1, sys.el10_regs(), 0);
          tlb.tlbi(TlbiOp::ALLE2, sys.el10_regs(), 0);
        }
        stale_el1 = stale_el2 = false;
        break;
      case 22:
        stage2(tlb);
        break;
      case 23:
        check_stats(tlb, counts, cfg);
        if ((op & 0x20) && !named_checked) check_named_stats(tlb);
        named_checked = named_checked || (op & 0x20);
        break;
      case 24: {  // pa_bits is the core's, not the guest's: changing it is a change too
        static constexpr unsigned kPaBits[6] = {32, 36, 40, 42, 44, 48};
        sys.pa_bits = kPaBits[in.u8() % 6];
        changed();
        host.tlb_flushed();
        break;
      }
      case 25:  // a region gains or loses direct access (the bus withdraws DMI)
        bus.no_dmi ^= 1u << ((op >> 5) & 3);
        tlb.forget_host_pages();
        host.tlb_flushed();
        break;
    }
  }
  check_stats(tlb, counts, cfg);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Run run(data, size);
  run.go();
  return 0;
}
