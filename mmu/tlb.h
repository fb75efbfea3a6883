// The modelled TLB hierarchy of one core: instruction and data micro-TLBs, a main
// TLB of final (stage-1, or combined stage-1+2) translations, an IPA cache of
// stage-2 translations and a walk cache of stage-1 walks up to their last level, each
// set-associative with a configurable replacement policy.
//
// Entries are tagged by translation regime, VMID, ASID, global bit, leaf level and
// page size, and keep whatever they held until evicted or invalidated by TLBI: a
// guest that forgets a TLBI sees the old mapping, as on hardware. This is what the
// architecture and the statistics see; the core's host-pointer cache (isa::Cpu) is a
// separate speed device. Each of its entries is tied to the entry of the structure
// that an access looks up first (the micro-TLB of its kind; the main TLB when that is
// absent), so an access the host cache serves is by construction a hit there: the
// core counts it in the tied entry (fast_hits, stamp) and the hierarchy folds those
// counts into the statistics before anyone reads them. When a tied entry leaves, the
// observer drops the host entries tied to it.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "mmu/bus.h"
#include "mmu/walk.h"

namespace mmu {

enum class Replacement : uint8_t { LRU, RoundRobin, Random };

struct TlbConfig {
  unsigned entries = 0;  // 0: the structure is absent
  unsigned ways = 1;     // entries / ways sets; ways == entries: fully associative
  Replacement policy = Replacement::LRU;
};

// Defaults after the Cortex-A53 TRM (10-entry micro-TLBs, 512-entry 4-way main TLB,
// 64-entry 4-way walk cache and IPA cache).
struct TlbHierarchyConfig {
  TlbConfig itlb{10, 10, Replacement::LRU};
  TlbConfig dtlb{10, 10, Replacement::LRU};
  TlbConfig main{512, 4, Replacement::LRU};
  TlbConfig ipa{64, 4, Replacement::LRU};
  // The walk cache: for the region one next-to-last-level descriptor maps (2 MiB with
  // 4K pages), the address of its last-level table and the hierarchical controls
  // (APTable, XNTable, PXNTable) gathered on the way, so that a walk that hits starts
  // at the last level. Walks that end in a block leave nothing there.
  TlbConfig walk{64, 4, Replacement::LRU};
  uint64_t seed = 1;  // for Replacement::Random: runs stay deterministic
};

// TLB maintenance operations of ARMv8.0 (the IS forms act the same on one core).
enum class TlbiOp : uint8_t {
  VMALLE1,
  VAE1,
  VALE1,
  ASIDE1,
  VAAE1,
  VAALE1,
  IPAS2E1,
  IPAS2LE1,
  VMALLS12E1,
  ALLE1,
  ALLE2,
  VAE2,
  VALE2,
  kCount,
};
const char* tlbi_name(TlbiOp op);

struct TlbCounters {
  uint64_t hit = 0, miss = 0, fill = 0, evict = 0;
};

// One set-associative structure.
class Tlb {
 public:
  // The context an entry belongs to.
  struct Tag {
    Regime regime = Regime::EL10;
    uint16_t vmid = 0;
    uint16_t asid = 0;
    // bit 0: stage 1 enabled, bit 1: stage 2 enabled, bit 2: an instruction fetch with
    // stage 1 disabled (Normal memory, where a data access is Device: tag_of)
    uint8_t ctx = 0;
  };
  struct Entry {
    // What a lookup compares comes first, in one cache line of the host.
    // regime, VMID, ctx and shift in one word for lookups (match_word); 0 when invalid.
    uint64_t match = 0;
    uint64_t key = 0;    // VA base (IPA base in the IPA cache), aligned to 1 << shift
    uint64_t stamp = 0;  // LRU: the core's host cache also writes it on every hit it serves
    // Hits the host cache served with this entry and not yet counted in the
    // statistics, and the ASID they were made under (folded by TlbHierarchy).
    mutable uint64_t fast_hits = 0;
    uint16_t fast_asid = 0;
    // The observer's record of where it keeps what it tied to this entry (cleared by
    // a fill, handed back to it when the entry leaves).
    uint8_t observer_bits = 0;
    bool valid = false;
    Regime regime = Regime::EL10;
    uint8_t ctx = 0;
    uint8_t shift = 12;
    uint16_t vmid = 0;
    // The translation; the IPA cache keeps its stage-2 mapping in the same fields
    // (set_s2, s2).
    Mapping m;
    void set_s2(const S2Mapping& s) {
      m.ipa_base = s.ipa_base;
      m.pa_base = s.pa_base;
      m.shift = s.shift;
      m.s2_level = s.level;
      m.attr = s.memattr;
      m.sh = s.sh;
      m.perms = s.perms;
    }
    S2Mapping s2() const {
      S2Mapping s;
      s.ipa_base = m.ipa_base;
      s.pa_base = m.pa_base;
      s.shift = m.shift;
      s.level = m.s2_level;
      s.memattr = m.attr;
      s.sh = m.sh;
      s.perms = m.perms;
      return s;
    }
    // The walk cache keeps a last-level table's address (an IPA under stage 2) in
    // m.ipa_base and the table descriptors' bits 59-62 in m.perms; its entries are
    // tagged with the ASID they were walked under.
    void set_walk(uint64_t table, uint64_t table_bits, uint16_t asid) {
      m = Mapping{};
      m.ipa_base = table;
      m.perms = static_cast<uint16_t>((table_bits >> 59) & 0xF);
      m.asid = asid;
      m.global = false;
    }
    uint64_t walk_table() const { return m.ipa_base; }
    uint64_t walk_table_bits() const { return uint64_t{m.perms} << 59; }
  };
  // Whether the range of 2^shift bytes at `base` holds `va` in its bits 55:0, the
  // address bits a TLBI operand carries (bits of `base` below `shift` are ignored).
  static constexpr bool range_holds(uint64_t base, unsigned shift, uint64_t va) {
    return (((base ^ va) & ((uint64_t{1} << 56) - 1)) >> shift) == 0;
  }
  static constexpr uint64_t match_word(const Tag& tag, unsigned shift) {
    return uint64_t{static_cast<uint8_t>(tag.regime)} | uint64_t{tag.vmid} << 8 |
           uint64_t{tag.ctx} << 24 | uint64_t{shift} << 32 | uint64_t{1} << 40;
  }

  Tlb(const char* name, const TlbConfig& cfg, uint64_t* rng);
  const char* name() const { return name_; }
  bool present() const { return !entries_.empty(); }

  // The entry that maps `key` in the context, or nullptr. The ASID is ignored for
  // global entries and when match_asid is false (the IPA cache). Counts nothing.
  Entry* lookup(const Tag& tag, bool match_asid, uint64_t key) {
    // Page sizes from the smallest, then ways from the lowest: the first entry that
    // matches is the one returned, whatever else may overlap it.
    const size_t ways = cfg_.ways;
    const uint64_t want_match = match_word(tag, 0);
    uint32_t shifts = shifts_present_;
    while (shifts) {
      const unsigned shift = static_cast<unsigned>(__builtin_ctz(shifts));
      shifts &= shifts - 1;
      if (Entry* e = find(tag, match_asid, key, shift, want_match, ways)) return e;
    }
    return nullptr;
  }
  // The same for entries of one size only (1 << shift).
  Entry* lookup_size(const Tag& tag, bool match_asid, uint64_t key, unsigned shift) {
    if (!((shifts_present_ >> shift) & 1)) return nullptr;
    return find(tag, match_asid, key, shift, match_word(tag, 0), cfg_.ways);
  }
  // The entry a fill of `key` replaces under the replacement policy (an invalid one
  // first). It still holds what it held: the caller settles and reports that, then
  // hands it to install().
  Entry& victim(uint64_t key, uint8_t shift);
  // Make `v`, which victim() chose, the entry for `key` in the context (counting the
  // fill, and the eviction when `v` was valid).
  Entry& install(Entry& v, const Tag& tag, uint64_t key, uint8_t shift);
  Entry& fill(const Tag& tag, uint64_t key, uint8_t shift) {
    return install(victim(key, shift), tag, key, shift);
  }
  // Invalidate every entry the predicate selects, handing each to `drop` first;
  // returns how many.
  template <typename Pred, typename Drop>
  unsigned invalidate(Pred pred, Drop drop) {
    unsigned n = 0;
    for (size_t i = 0; i < entries_.size(); ++i) n += invalidate_if(i, pred, drop);
    if (n) invalidated_some();
    return n;
  }
  // The same for an operation by address, whose predicate selects only entries whose
  // range holds `va` in its bits 55:0: only the set that `va` indexes for each page size
  // present is visited, and only its entries whose key holds `va` reach the predicate
  // (every entry is scanned where the set index could depend on bits above 55, or the
  // sets are not a power of two).
  template <typename Pred, typename Drop>
  unsigned invalidate_va(uint64_t va, Pred pred, Drop drop) {
    const uint32_t shifts = shifts_present_;
    if (shifts == 0) return 0;
    const unsigned widest = 31 - static_cast<unsigned>(__builtin_clz(shifts));
    if (!pow2_sets_ || widest + static_cast<unsigned>(std::popcount(set_mask_)) > 56)
      return invalidate(pred, drop);
    const size_t ways = cfg_.ways;
    unsigned n = 0;
    for (uint32_t s = shifts; s; s &= s - 1) {
      const auto shift = static_cast<uint8_t>(__builtin_ctz(s));
      const size_t first = static_cast<size_t>(set_of(va, shift)) * ways;
      for (size_t w = 0; w < ways; ++w) {
        // (The key word has the entry's own shift in its low bits.)
        const uint64_t k = keys_[first + w];
        if (k == kNoKey || !range_holds(k, static_cast<unsigned>(k & 63), va)) continue;
        n += invalidate_if(first + w, pred, drop);
      }
    }
    if (n) invalidated_some();
    return n;
  }
  template <typename F>
  void for_each_entry(F f) const {
    for (const Entry& e : entries_) f(e);
  }
  // The replacement clock: the host cache stamps the entries it hits from it.
  uint64_t* clock() { return &clock_; }

  mutable TlbCounters counters;  // hits include the folded fast_hits
  std::array<uint64_t, static_cast<size_t>(TlbiOp::kCount)> invalidated{};

 private:
  template <typename Pred, typename Drop>
  unsigned invalidate_if(size_t i, Pred& pred, Drop& drop) {
    Entry& e = entries_[i];
    if (!e.valid || !pred(e)) return 0;
    drop(e);
    e.valid = false;
    e.match = 0;
    e.stamp = 0;  // replacement takes invalid entries first (fill)
    forget_key(i);
    forget_shift(e.shift);
    return 1;
  }
  void invalidated_some() {
    lru_order_stale_ = true;  // stamps went back to 0
  }
  Entry* find(const Tag& tag, bool match_asid, uint64_t key, unsigned shift, uint64_t want_match,
              size_t ways) {
    const uint64_t want_key = key_word(key, shift);
    if (filter_[filter_of(want_key)] == 0) return nullptr;
    const size_t first = static_cast<size_t>(set_of(key, static_cast<uint8_t>(shift))) * ways;
    const uint64_t* k = keys_.data() + first;
    for (size_t w = 0; w < ways; ++w) {
      if (k[w] != want_key) continue;
      Entry& e = entries_[first + w];
      if (e.match != (want_match | uint64_t{shift} << 32)) continue;
      if (match_asid && !e.m.global && e.m.asid != tag.asid) continue;
      if (cfg_.policy == Replacement::LRU) e.stamp = ++clock_;
      return &e;
    }
    return nullptr;
  }
  unsigned set_of(uint64_t key, uint8_t shift) const {
    const uint64_t n = key >> shift;
    return static_cast<unsigned>(pow2_sets_ ? n & set_mask_ : n % sets_);
  }

  const char* name_;
  TlbConfig cfg_;
  unsigned sets_ = 1;
  bool pow2_sets_ = true;
  uint64_t set_mask_ = 0;       // sets_ - 1 (a mask when sets_ is a power of two)
  std::vector<Entry> entries_;  // sets_ * ways
  // What a lookup compares first, apart from the entries so that a set's are in one
  // host cache line: the key with the shift in its low bits (keys are aligned to at
  // least 4 KiB), kNoKey for an invalid entry.
  static constexpr uint64_t kNoKey = ~0ull;
  static constexpr uint64_t key_word(uint64_t key, unsigned shift) {
    return (key & ~((uint64_t{1} << shift) - 1)) | shift;
  }
  std::vector<uint64_t> keys_;
  // How many valid entries have a key word of each hash: a lookup skips a page size
  // when its bucket is empty, which is exact (a miss only ever skips entries that
  // cannot match), and most lookups of a page size that holds nothing end there.
  static constexpr unsigned kFilterBits = 10;
  static constexpr size_t filter_of(uint64_t key_word) {
    return static_cast<size_t>((key_word * 0x9E3779B97F4A7C15ull) >> (64 - kFilterBits));
  }
  std::array<uint32_t, size_t{1} << kFilterBits> filter_{};
  void forget_key(size_t i) {
    if (keys_[i] != kNoKey) --filter_[filter_of(keys_[i])];
    keys_[i] = kNoKey;
  }
  std::vector<unsigned> rr_;  // round-robin pointer per set
  // A fully associative LRU structure of many ways (a micro-TLB) does not scan for
  // its victim on every fill: it keeps its ways in a ring ordered by (stamp, way), each
  // with the stamp it had when placed, the oldest at lru_head_. A stamp only grows
  // after that (the clock only grows; only invalidate() writes 0, and it asks for a new
  // order), so when the head's recorded stamp is still its entry's, no entry is older.
  // When it is not, the entry was touched since: it moves back to its new place. A
  // fill makes the head the newest entry, which turns the ring by one.
  struct LruRank {
    uint64_t stamp;
    uint32_t way;
    bool before(const LruRank& o) const {
      return stamp < o.stamp || (stamp == o.stamp && way < o.way);
    }
  };
  bool lru_ring_ = false;  // the structure uses the ring
  std::vector<LruRank> lru_order_;
  size_t lru_head_ = 0;
  bool lru_order_stale_ = true;  // order the ring again from the entries' stamps
  Entry& lru_victim_ring();
  // Each entry touched since it was placed costs the ring a move. Where most are (a
  // working set that fits and is hit often) a scan of the stamps costs less: when
  // kRingMoves moves came in fewer fills, lru_ring_ is cleared (victim() scans) until
  // kScanFills more fills, and the ring is ordered again then. Both choose the same
  // victim.
  static constexpr unsigned kRingMoves = 64, kScanFills = 1024;
  bool ring_capable_ = false;  // lru_ring_ may be set
  unsigned ring_moves_ = 0;
  uint64_t ring_moves_since_ = 0;  // counters.fill when ring_moves_ was 0
  uint64_t ring_again_at_ = 0;     // while lru_ring_ is clear: counters.fill to set it
  uint64_t* rng_;                  // the hierarchy's xorshift state (Replacement::Random)
  uint64_t next_random() {
    uint64_t& s = *rng_;
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  uint64_t clock_ = 0;
  // Bit n: some valid entry has shift n (12..30: pages and blocks of the 4K, 16K and
  // 64K granules), and how many.
  uint32_t shifts_present_ = 0;
  std::array<uint32_t, 32> shift_count_{};
  void note_shift(uint8_t shift) {
    if (shift_count_[shift]++ == 0) shifts_present_ |= 1u << shift;
  }
  void forget_shift(uint8_t shift) {
    if (--shift_count_[shift] == 0) shifts_present_ &= ~(1u << shift);
  }
};

// (Inline, as install(): every fill of the hierarchy's translate() makes one.)
inline Tlb::Entry& Tlb::victim(uint64_t key, uint8_t shift) {
  if (lru_ring_) return lru_victim_ring();  // one set: no index to compute
  const unsigned s = set_of(key, shift);
  const size_t ways = cfg_.ways;
  Entry* set = &entries_[static_cast<size_t>(s) * ways];
  if (cfg_.policy == Replacement::LRU) [[likely]] {
    if (ring_capable_ && counters.fill >= ring_again_at_) [[unlikely]] {
      lru_ring_ = true;
      lru_order_stale_ = true;
      return lru_victim_ring();
    }
    // One pass: an invalid entry has stamp 0 and every valid one a later stamp, so the
    // first entry with the lowest stamp is the first invalid one if any, else the
    // least recently used.
    // (Selects rather than branches: which entry is older is not predictable.)
    uint64_t oldest = set[0].stamp;
    size_t way = 0;
    for (size_t w = 1; w < ways; ++w) {
      const uint64_t stamp = set[w].stamp;
      way = stamp < oldest ? w : way;
      oldest = stamp < oldest ? stamp : oldest;
    }
    return set[way];
  }
  unsigned w = 0;
  while (w < ways && set[w].valid) ++w;
  if (w < ways) return set[w];
  if (cfg_.policy == Replacement::RoundRobin) {
    Entry& v = set[rr_[s]];
    rr_[s] = (rr_[s] + 1) % cfg_.ways;
    return v;
  }
  return set[next_random() % ways];
}

[[gnu::always_inline]] inline Tlb::Entry& Tlb::install(Entry& v, const Tag& tag, uint64_t key,
                                                       uint8_t shift) {
  if (v.valid) {
    ++counters.evict;
    if (v.shift != shift) {  // (a page replacing a page leaves the counts as they are)
      forget_shift(v.shift);
      note_shift(shift);
    }
  } else {
    note_shift(shift);
  }
  ++counters.fill;
  v.valid = true;
  v.fast_hits = 0;  // the caller has folded them (only tie targets have any)
  v.observer_bits = 0;
  v.match = match_word(tag, shift);
  v.regime = tag.regime;
  v.vmid = tag.vmid;
  v.ctx = tag.ctx;
  v.key = key & ~((uint64_t{1} << shift) - 1);
  v.shift = shift;
  v.stamp = ++clock_;
  const size_t i = static_cast<size_t>(&v - entries_.data());
  if (lru_ring_ && !lru_order_stale_) {
    // The newest entry: the head of the ring when victim() chose it, and then its
    // tail, one turn on.
    LruRank& head = lru_order_[lru_head_];
    if (head.way == i) {
      head.stamp = v.stamp;
      lru_head_ = lru_head_ + 1 == lru_order_.size() ? 0 : lru_head_ + 1;
    } else {
      lru_order_stale_ = true;
    }
  }
  forget_key(i);
  keys_[i] = key_word(key, shift);
  ++filter_[filter_of(keys_[i])];
  return v;
}

// Receives the entries that leave the structures a host-pointer cache ties its
// entries to (TlbHierarchy::tie_target), so it can drop the ones tied to them.
class TlbObserver {
 public:
  virtual ~TlbObserver() = default;
  // `slot` (about to be reused, or invalid) holds the translation of [va_base, va_base +
  // 2^shift).
  // `from` is the structure that holds `slot`; `observer_bits` what the entry held in
  // Tlb::Entry::observer_bits.
  virtual void tlb_dropped(const Tlb& from, const Tlb::Entry* slot, uint64_t va_base,
                           unsigned shift, unsigned observer_bits) = 0;
  // After a TLBI of every entry of a context (ALL, VMALL, ASID); one by address drops
  // its entries one by one instead.
  virtual void tlb_flushed() = 0;
};

class TlbHierarchy final : public WalkEnv {
 public:
  TlbHierarchy(const TlbHierarchyConfig& cfg, Bus& bus);

  // Translate one access through the TLBs (walking and filling on a miss). `tie`
  // receives the entry of tie_target(type) that now holds the translation (a dummy
  // entry when no regime is active), or nullptr: a host cache may keep the
  // translation while that entry does, and counts its hits there.
  Translation translate(const TranslationRegs& regs, uint64_t va, AccessType type,
                        Tlb::Entry*& tie);
  // The same, telling only whether there is a tie.
  Translation translate(const TranslationRegs& regs, uint64_t va, AccessType type, bool& held);
  // The structure an access of this type looks up first: its micro-TLB, else the
  // main TLB, else none.
  Tlb* tie_target(AccessType type) {
    Tlb* micro = micro_for(type);
    return micro->present() ? micro : main_.present() ? &main_ : nullptr;
  }
  // The tie translate() gives while no translation regime is active (VA = PA, nothing
  // cached or counted).
  bool untracked(const Tlb::Entry* tie) const { return tie == &untracked_; }
  // The replacement clock of tie_target(type) (a dummy one when there is none).
  uint64_t* tie_clock(AccessType type) {
    Tlb* t = tie_target(type);
    return t ? t->clock() : &untracked_clock_;
  }
  // A translation that neither looks up nor fills the TLBs nor counts (debugger,
  // semihosting); it still walks through the IPA cache of nothing: a plain walk.
  Translation translate_uncached(const TranslationRegs& regs, uint64_t va, AccessType type,
                                 Mapping* m = nullptr);
  // A translation for AT: through the TLBs (it may fill them, like hardware).
  Translation translate_at(const TranslationRegs& regs, uint64_t va, AccessType type, Mapping* m);

  // TLBI with its operand Xt; regs give the current VMID (VTTBR_EL2) and regime bits.
  void tlbi(TlbiOp op, const TranslationRegs& regs, uint64_t xt);

  void set_observer(TlbObserver* o) { observer_ = o; }
  // The host pages of physical pages, for descriptor reads and for the core's own
  // accesses; forget_host_pages() when the bus withdraws DMI.
  HostPages& host_pages() { return host_pages_; }
  void forget_host_pages() { host_pages_.clear(); }
  // Empty every structure (PE reset), without counting.
  void reset();

  // WalkEnv (inline: the walks of mmu/walk_impl.h call these for every level)
  bool read_descriptor(uint64_t pa, uint64_t& desc) override {
    // Descriptors are 8-byte aligned: tables in RAM are read through its host pointer.
    if (const uint8_t* host = host_pages_.get(pa & ~0xFFFull, false)) [[likely]] {
      std::memcpy(&desc, host + (pa & 0xFF8), 8);
      return true;
    }
    return read_descriptor_bus(pa, desc);
  }
  // (Inlined into the walks, whose every level calls it.)
  [[gnu::always_inline]] S2Mapping stage2(const TranslationRegs& regs, uint64_t ipa,
                                          bool s1_walk) override {
    if (use_ipa_cache_ && ipa_.present()) [[likely]] {
      if (Tlb::Entry* e = ipa_.lookup(ipa_tag(regs), false, ipa)) {
        ++ipa_.counters.hit;
        ++stats_.s2_hit;
        return e->s2();
      }
    }
    return stage2_miss(regs, ipa);
  }
  // The walk cache serves the walks of walk_and_fill(), which knows their context.
  bool last_table(const TranslationRegs&, uint64_t, unsigned region, uint64_t& table,
                  uint64_t& table_bits) {
    if (walk_tag_ == nullptr || !walk_.present()) return false;
    const Tlb::Entry* e = walk_.lookup_size(*walk_tag_, true, walk_key_, region);
    if (e == nullptr) {
      ++walk_.counters.miss;
      return false;
    }
    ++walk_.counters.hit;
    table = e->walk_table();
    table_bits = e->walk_table_bits();
    return true;
  }
  // (Out of line: only a walk that missed calls it.)
  [[gnu::noinline]] void keep_last_table(const TranslationRegs&, uint64_t, unsigned region,
                                         uint64_t table, uint64_t table_bits) {
    if (walk_tag_ == nullptr || !walk_.present()) return;
    walk_.fill(*walk_tag_, walk_key_, static_cast<uint8_t>(region))
        .set_walk(table, table_bits, walk_tag_->asid);
  }

  // ---- statistics ----
  struct Stats {
    uint64_t walks = 0;      // translation walks started (TLB misses that walked)
    uint64_t walk_refs = 0;  // descriptor reads of all walks
    uint64_t walk_faults = 0;
    std::array<uint64_t, 26> refs_hist{};  // walks by reference count (25: 25 or more)
    uint64_t s1_hit = 0, s1_miss = 0;      // VA lookups (micro or main TLB)
    uint64_t s2_hit = 0, s2_miss = 0;      // IPA lookups (IPA cache)
    std::array<uint64_t, static_cast<size_t>(TlbiOp::kCount)> tlbi{};  // operations
  };
  // Every reader of the statistics settles the host cache's pending hits first.
  const Stats& stats() const {
    settle();
    return stats_;
  }
  const Tlb& itlb() const {
    settle();
    return itlb_;
  }
  const Tlb& dtlb() const {
    settle();
    return dtlb_;
  }
  const Tlb& main() const {
    settle();
    return main_;
  }
  const Tlb& ipa() const { return ipa_; }
  const Tlb& walk_cache() const { return walk_; }
  // The VA structures as they stand: their hit counts are final after settle(), which
  // a reader of several counters calls once (the accessors above settle each time).
  struct VaStructures {
    const Tlb& itlb;
    const Tlb& dtlb;
    const Tlb& main;
  };
  VaStructures va_structures() const { return {itlb_, dtlb_, main_}; }
  // Per-VMID (8 bits) and per-ASID (16 bits) counters of the VA lookups (main and
  // micro TLBs as one): hit, miss, fill, evict.
  const TlbCounters& vmid_counters(uint16_t vmid) const {
    settle();
    return by_vmid_[vmid & 0xFF];
  }
  const TlbCounters& asid_counters(uint16_t asid) const {
    settle();
    return by_asid_[asid];
  }
  // Fold the hits the host cache counted in tied entries into the statistics.
  void settle() const;
  // Write the statistics as "prefix.tlb.main.hit" style pairs.
  template <typename Sink>
  void for_each_stat(const std::string& prefix, Sink sink) const;

 private:
  Tlb* micro_for(AccessType type) { return type == AccessType::Fetch ? &itlb_ : &dtlb_; }
  // The IPA cache's context: stage 2 of the current VMID.
  static Tlb::Tag ipa_tag(const TranslationRegs& regs) {
    Tlb::Tag tag;
    tag.regime = Regime::EL10;
    tag.vmid = current_vmid(regs);
    tag.ctx = 2;
    return tag;
  }
  bool read_descriptor_bus(uint64_t pa, uint64_t& desc);  // a page without a host pointer
  // Stage 2 past the IPA cache: a walk, and a fill when the cache is in use.
  S2Mapping stage2_miss(const TranslationRegs& regs, uint64_t ipa);
  static Tlb::Tag tag_of(const TranslationRegs& regs, AccessType type) {
    Tlb::Tag t;
    t.regime = regs.regime;
    t.vmid = current_vmid(regs);
    t.asid = current_asid(regs);
    t.ctx = static_cast<uint8_t>((stage1_enabled(regs) ? 1 : 0) | (stage2_enabled(regs) ? 2 : 0));
    // Stage 1 off under stage 2: the memory type of the flat stage 1 depends on the
    // access (instruction fetches Normal, data Device-nGnRnE unless HCR_EL2.DC; Arm ARM
    // D8.2.10), so fetches and data accesses keep apart entries.
    if (t.ctx == 2 && type == AccessType::Fetch) t.ctx |= 4;
    return t;
  }
  // A miss: walk, and fill the main TLB and the micro-TLB. `t` is the caller's result
  // (default-constructed).
  void walk_and_fill(const TranslationRegs& regs, const Tlb::Tag& tag, uint64_t va, AccessType type,
                     Tlb::Entry*& tie, Mapping* out, Translation& t);
  // Fill `t`, settling and reporting the entry it evicts (a main-TLB eviction also
  // counts for its VMID and ASID).
  Tlb::Entry& fill(Tlb& t, const Tlb::Tag& tag, uint64_t key, uint8_t shift);
  // Count an entry's pending host-cache hits as hits of `t`, whose entry it is.
  void fold(const Tlb& t, const Tlb::Entry& e) const {
    const uint64_t n = e.fast_hits;
    if (n == 0) return;
    e.fast_hits = 0;
    t.counters.hit += n;
    stats_.s1_hit += n;
    by_vmid_[e.vmid & 0xFF].hit += n;
    by_asid_[e.fast_asid].hit += n;
  }
  // `e`, an entry of `t`, is the tie of an access under `asid`: keep the ASID of its
  // pending hits right (a global entry serves several ASIDs).
  Tlb::Entry* tie_to(const Tlb& t, Tlb::Entry& e, uint16_t asid) const;
  // splintered_ again from the entries the translation TLBs hold.
  void recheck_splintered();
  bool is_tie_target(const Tlb& t) const {
    return &t == &itlb_ || &t == &dtlb_ || (&t == &main_ && (!itlb_.present() || !dtlb_.present()));
  }

  TlbHierarchyConfig cfg_;
  Bus& bus_;
  uint64_t rng_;
  Tlb itlb_, dtlb_, main_, ipa_, walk_;
  TlbObserver* observer_ = nullptr;
  bool use_ipa_cache_ = true;  // the IPA cache; false in translate_uncached
  // The context and VA (tag removed) of the walk walk_and_fill() is making, for the
  // walk cache; nullptr outside it.
  const Tlb::Tag* walk_tag_ = nullptr;
  uint64_t walk_key_ = 0;
  // Whether the translation TLBs may hold an entry smaller than its stage-1
  // translation (Mapping::s1_shift): then a TLBI by VA looks at every entry, as the
  // pieces lie in sets the operand's address does not index.
  bool splintered_ = false;
  HostPages host_pages_;
  // Statistics: mutable because the const readers settle pending host-cache hits.
  mutable Stats stats_;
  mutable std::vector<TlbCounters> by_vmid_;
  mutable std::vector<TlbCounters> by_asid_;
  // The tie while no translation regime is active: nothing is cached or counted.
  Tlb::Entry untracked_;
  uint64_t untracked_clock_ = 0;
};

template <typename Sink>
void TlbHierarchy::for_each_stat(const std::string& prefix, Sink sink) const {
  settle();
  for (const Tlb* t : {&itlb_, &dtlb_, &main_, &ipa_, &walk_}) {
    if (!t->present()) continue;
    const std::string p = prefix + ".tlb." + t->name() + ".";
    sink(p + "hit", t->counters.hit);
    sink(p + "miss", t->counters.miss);
    sink(p + "fill", t->counters.fill);
    sink(p + "evict", t->counters.evict);
    for (size_t i = 0; i < t->invalidated.size(); ++i)
      if (t->invalidated[i])
        sink(p + "inval." + tlbi_name(static_cast<TlbiOp>(i)), t->invalidated[i]);
  }
  sink(prefix + ".tlb.s1.hit", stats_.s1_hit);
  sink(prefix + ".tlb.s1.miss", stats_.s1_miss);
  sink(prefix + ".tlb.s2.hit", stats_.s2_hit);
  sink(prefix + ".tlb.s2.miss", stats_.s2_miss);
  for (size_t i = 0; i < stats_.tlbi.size(); ++i)
    if (stats_.tlbi[i]) sink(prefix + ".tlbi." + tlbi_name(static_cast<TlbiOp>(i)), stats_.tlbi[i]);
  // The per-VMID and per-ASID counters, of the tags that were used.
  const auto by_tag = [&](const char* kind, const std::vector<TlbCounters>& counters) {
    for (size_t i = 0; i < counters.size(); ++i) {
      const TlbCounters& c = counters[i];
      if (!(c.hit | c.miss | c.fill | c.evict)) continue;
      const std::string p = prefix + ".tlb." + kind + "." + std::to_string(i) + ".";
      sink(p + "hit", c.hit);
      sink(p + "miss", c.miss);
      sink(p + "fill", c.fill);
      sink(p + "evict", c.evict);
    }
  };
  by_tag("vmid", by_vmid_);
  by_tag("asid", by_asid_);
  sink(prefix + ".walk.count", stats_.walks);
  sink(prefix + ".walk.refs", stats_.walk_refs);
  sink(prefix + ".walk.faults", stats_.walk_faults);
  for (size_t n = 0; n < stats_.refs_hist.size(); ++n)
    if (stats_.refs_hist[n])
      sink(prefix + ".walk.refs_hist." + std::to_string(n), stats_.refs_hist[n]);
}

}  // namespace mmu
