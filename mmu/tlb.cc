#include "mmu/tlb.h"

#include <cstring>

#include "mmu/walk_impl.h"

namespace mmu {

namespace {

constexpr uint64_t mask_below(unsigned n) { return n >= 64 ? ~0ull : (uint64_t{1} << n) - 1; }

// An address of a TLBI operand lies in the entry's block or page (VA[55:12]).
bool va_match(const Tlb::Entry& e, uint64_t va) { return Tlb::range_holds(e.key, e.shift, va); }
// The same for an entry of the translation TLBs: in the stage-1 block or page the entry
// is part of (Arm ARM: a TLBI by VA removes every entry of the translation of the
// address, however stage 2 splits it).
bool s1_va_match(const Tlb::Entry& e, uint64_t va) {
  return Tlb::range_holds(e.key, e.shift > e.m.s1_shift ? e.shift : e.m.s1_shift, va);
}

}  // namespace

const char* tlbi_name(TlbiOp op) {
  static constexpr const char* kNames[] = {
      "VMALLE1",  "VAE1",       "VALE1", "ASIDE1", "VAAE1", "VAALE1", "IPAS2E1",
      "IPAS2LE1", "VMALLS12E1", "ALLE1", "ALLE2",  "VAE2",  "VALE2",
  };
  return kNames[static_cast<size_t>(op)];
}

// ---------------------------------------------------------------------------
// One structure

Tlb::Tlb(const char* name, const TlbConfig& cfg, uint64_t* rng)
    : name_(name), cfg_(cfg), rng_(rng) {
  if (cfg_.entries == 0) return;
  if (cfg_.ways == 0 || cfg_.ways > cfg_.entries) cfg_.ways = cfg_.entries;
  sets_ = cfg_.entries / cfg_.ways;
  pow2_sets_ = (sets_ & (sets_ - 1)) == 0;
  set_mask_ = sets_ - 1;
  entries_.resize(static_cast<size_t>(sets_) * cfg_.ways);
  keys_.resize(entries_.size(), kNoKey);
  rr_.resize(sets_, 0);
  ring_capable_ = cfg_.policy == Replacement::LRU && sets_ == 1 && cfg_.ways >= 8;
  lru_ring_ = ring_capable_;
  if (lru_ring_) lru_order_.resize(cfg_.ways);
}

Tlb::Entry& Tlb::lru_victim_ring() {
  const size_t n = lru_order_.size();
  if (lru_order_stale_) {
    // Insertion sort by (stamp, way): invalid entries (stamp 0) first, lowest way
    // first, as the scan of victim() would choose.
    for (size_t w = 0; w < n; ++w) {
      const LruRank r{entries_[w].stamp, static_cast<uint32_t>(w)};
      size_t i = w;
      for (; i > 0 && r.before(lru_order_[i - 1]); --i) lru_order_[i] = lru_order_[i - 1];
      lru_order_[i] = r;
    }
    lru_head_ = 0;
    lru_order_stale_ = false;
  }
  for (;;) {
    const LruRank head = lru_order_[lru_head_];
    const uint64_t now = entries_[head.way].stamp;
    if (now == head.stamp) return entries_[head.way];
    // Touched since it was placed: the ranks recorded before its new stamp move one
    // place towards the head, and it takes the place behind them.
    const LruRank r{now, head.way};
    size_t i = lru_head_;
    for (size_t k = 1; k < n; ++k) {
      const size_t j = i + 1 == n ? 0 : i + 1;
      if (!lru_order_[j].before(r)) break;
      lru_order_[i] = lru_order_[j];
      i = j;
    }
    lru_order_[i] = r;
    if (++ring_moves_ == kRingMoves) {
      if (counters.fill - ring_moves_since_ < kRingMoves) {
        lru_ring_ = false;
        ring_again_at_ = counters.fill + kScanFills;
      }
      ring_moves_ = 0;
      ring_moves_since_ = counters.fill;
    }
  }
}

// ---------------------------------------------------------------------------
// The hierarchy

TlbHierarchy::TlbHierarchy(const TlbHierarchyConfig& cfg, Bus& bus)
    : cfg_(cfg),
      bus_(bus),
      rng_(cfg.seed ? cfg.seed : 1),
      itlb_("itlb", cfg.itlb, &rng_),
      dtlb_("dtlb", cfg.dtlb, &rng_),
      main_("main", cfg.main, &rng_),
      ipa_("ipa", cfg.ipa, &rng_),
      walk_("walk", cfg.walk, &rng_),
      host_pages_(bus),
      by_vmid_(256),
      by_asid_(65536) {}

bool TlbHierarchy::read_descriptor_bus(uint64_t pa, uint64_t& desc) {
  uint64_t v = 0;
  if (bus_.read(pa, &v, 8) != BusResult::Ok) return false;
  desc = v;
  return true;
}

S2Mapping TlbHierarchy::stage2_miss(const TranslationRegs& regs, uint64_t ipa) {
  const bool cached = use_ipa_cache_ && ipa_.present();
  if (cached) {
    ++ipa_.counters.miss;
    ++stats_.s2_miss;
  }
  // (One return: the result is built in the caller's place.)
  S2Mapping r = walk_detail::walk_stage2(regs, ipa, *this);
  if (cached && r.ok()) ipa_.fill(ipa_tag(regs), r.ipa_base, r.shift).set_s2(r);
  return r;
}

void TlbHierarchy::settle() const {
  for (const Tlb* t : {&itlb_, &dtlb_, &main_})
    if (is_tie_target(*t)) t->for_each_entry([&](const Tlb::Entry& e) { fold(*t, e); });
}

Tlb::Entry* TlbHierarchy::tie_to(const Tlb& t, Tlb::Entry& e, uint16_t asid) const {
  if (e.fast_asid != asid) fold(t, e);
  e.fast_asid = asid;
  return &e;
}

// Inlined into its three callers (all in this file), where the structure is known.
[[gnu::always_inline]] inline Tlb::Entry& TlbHierarchy::fill(Tlb& t, const Tlb::Tag& tag,
                                                             uint64_t key, uint8_t shift) {
  Tlb::Entry& v = t.victim(key, shift);
  if (v.valid) {
    if (&t == &main_) {  // the per-VMID and per-ASID counters count main-TLB evictions
      ++by_vmid_[v.vmid].evict;
      ++by_asid_[v.m.asid].evict;
    }
    if (is_tie_target(t)) {
      fold(t, v);
      if (observer_) observer_->tlb_dropped(t, &v, v.key, v.shift, v.observer_bits);
    }
  }
  return t.install(v, tag, key, shift);
}

void TlbHierarchy::walk_and_fill(const TranslationRegs& regs, const Tlb::Tag& tag, uint64_t va,
                                 AccessType type, Tlb::Entry*& tie, Mapping* out, Translation& t) {
  refs = 0;
  Mapping m;
  const uint64_t key = strip_tag(regs, va);
  walk_tag_ = &tag;
  walk_key_ = key;
  walk_detail::translate_into(regs, va, type, *this, &m, t);
  walk_tag_ = nullptr;
  ++stats_.walks;
  stats_.walk_refs += refs;
  ++stats_.refs_hist[refs < 25 ? refs : 25];
  if (!t.ok()) {
    ++stats_.walk_faults;
    return;
  }
  if (out) *out = m;
  if (m.s1_shift > m.shift) splintered_ = true;
  if (main_.present()) {
    Tlb::Entry& e = fill(main_, tag, key, m.shift);
    e.m = m;
    ++by_vmid_[tag.vmid].fill;
    ++by_asid_[tag.asid].fill;
    tie = tie_to(main_, e, tag.asid);
  }
  if (Tlb* micro = micro_for(type); micro->present()) {
    Tlb::Entry& e = fill(*micro, tag, key, m.shift);
    e.m = m;
    tie = tie_to(*micro, e, tag.asid);
  }
}

Translation TlbHierarchy::translate(const TranslationRegs& regs, uint64_t va, AccessType type,
                                    Tlb::Entry*& tie) {
  // Every path returns t, so that it is built in the caller's place (a copy would read
  // back as wide words the fields just stored narrower, which the host cannot forward).
  Translation t;
  tie = nullptr;
  const Tlb::Tag tag = tag_of(regs, type);
  if (tag.ctx == 0) {
    // No translation regime is active: nothing is cached (Arm ARM D8.2.10).
    tie = &untracked_;
    refs = 0;
    walk_detail::translate_into(regs, va, type, *this, nullptr, t);
    return t;
  }
  const uint64_t key = strip_tag(regs, va);
  Tlb* micro = micro_for(type);
  Tlb::Entry* e = nullptr;
  Tlb* holder = nullptr;  // the tie target that holds the translation now
  if (micro->present()) {
    e = micro->lookup(tag, true, key);
    if (e) {
      ++micro->counters.hit;
      holder = micro;
    } else {
      ++micro->counters.miss;
    }
  }
  if (e == nullptr && main_.present()) {
    e = main_.lookup(tag, true, key);
    if (e) {
      ++main_.counters.hit;
      holder = &main_;
      if (micro->present()) {
        // (The micro-TLB's fill leaves the main TLB's entry as it is.)
        Tlb::Entry& from = *e;
        e = &fill(*micro, tag, key, from.shift);
        e->m = from.m;
        holder = micro;
      }
    } else {
      ++main_.counters.miss;
    }
  }
  if (e == nullptr) {
    ++stats_.s1_miss;
    ++by_vmid_[tag.vmid].miss;
    ++by_asid_[tag.asid].miss;
    walk_and_fill(regs, tag, va, type, tie, nullptr, t);
    return t;
  }
  ++stats_.s1_hit;
  ++by_vmid_[tag.vmid].hit;
  ++by_asid_[tag.asid].hit;
  if (!permitted(e->m, regs, type)) [[unlikely]] {
    t.fault = check_permission_slow(e->m, regs, va, type);
    if (!t.ok()) return t;
  }
  t.pa = e->m.pa(key);
  t.mem = e->m.mem;
  tie = tie_to(*holder, *e, tag.asid);
  return t;
}

Translation TlbHierarchy::translate(const TranslationRegs& regs, uint64_t va, AccessType type,
                                    bool& held) {
  Tlb::Entry* tie = nullptr;
  const Translation t = translate(regs, va, type, tie);
  held = tie != nullptr;
  return t;
}

Translation TlbHierarchy::translate_uncached(const TranslationRegs& regs, uint64_t va,
                                             AccessType type, Mapping* m) {
  const unsigned saved_refs = refs;
  use_ipa_cache_ = false;
  const Translation t = walk_detail::translate(regs, va, type, *this, m);
  use_ipa_cache_ = true;
  refs = saved_refs;
  return t;
}

Translation TlbHierarchy::translate_at(const TranslationRegs& regs, uint64_t va, AccessType type,
                                       Mapping* m) {
  // AT reports the translation as a walk finds it; PAR_EL1's attributes need the
  // full mapping, so walk through the IPA cache and fill the main TLB like a miss.
  const Tlb::Tag tag = tag_of(regs, type);
  Translation t;
  // AT S1E0*/S1E1* under stage 2 stop at the IPA, which the main TLB's combined
  // entries do not hold: walk (through the IPA cache) without looking up or filling.
  if (tag.ctx == 0 || (regs.stage1_only && (tag.ctx & 2))) {
    refs = 0;
    walk_detail::translate_into(regs, va, type, *this, m, t);
    return t;
  }
  Tlb::Entry* tie = nullptr;
  const uint64_t key = strip_tag(regs, va);
  if (main_.present()) {
    if (const Tlb::Entry* e = main_.lookup(tag, true, key)) {
      t.fault = check_permission(e->m, regs, va, type);
      if (!t.ok()) return t;
      t.pa = e->m.pa(key);
      t.mem = e->m.mem;
      if (m) *m = e->m;
      return t;
    }
  }
  walk_and_fill(regs, tag, va, type, tie, m, t);
  return t;
}

void TlbHierarchy::reset() {
  settle();  // the hits were made; only the entries go
  for (Tlb* t : {&itlb_, &dtlb_, &main_, &ipa_, &walk_})
    t->invalidate([](const Tlb::Entry&) { return true; }, [](const Tlb::Entry&) {});
  splintered_ = false;
  if (observer_) observer_->tlb_flushed();
}

void TlbHierarchy::tlbi(TlbiOp op, const TranslationRegs& regs, uint64_t xt) {
  ++stats_.tlbi[static_cast<size_t>(op)];
  const uint16_t vmid = static_cast<uint16_t>((regs.vttbr >> 48) & 0xFF);
  const bool as16 = (regs.tcr >> 36) & 1;  // TCR_EL1.AS when regs are the EL1&0 ones
  const uint16_t asid = static_cast<uint16_t>(as16 ? xt >> 48 : (xt >> 48) & 0xFF);
  const uint64_t va = (xt & mask_below(44)) << 12;
  const uint64_t ipa = (xt & mask_below(36)) << 12;
  const auto el1 = [vmid](const Tlb::Entry& e) {
    return e.regime == Regime::EL10 && e.vmid == vmid;
  };
  // Stage-1 (and combined) structures, then the stage-2 one.
  auto s1_pred = [&](const Tlb::Entry& e) -> bool {
    switch (op) {
      case TlbiOp::VMALLE1:
      case TlbiOp::VMALLS12E1:
        return el1(e);
      case TlbiOp::VAE1:
      case TlbiOp::VALE1:  // every entry of these structures is a last-level one
        return el1(e) && (e.m.global || e.m.asid == asid) && s1_va_match(e, va);
      case TlbiOp::ASIDE1:
        return el1(e) && !e.m.global && e.m.asid == asid;
      case TlbiOp::VAAE1:
      case TlbiOp::VAALE1:
        return el1(e) && s1_va_match(e, va);
      case TlbiOp::ALLE1:
        return e.regime == Regime::EL10;
      case TlbiOp::ALLE2:
        return e.regime == Regime::EL2;
      case TlbiOp::VAE2:
      case TlbiOp::VALE2:
        return e.regime == Regime::EL2 && s1_va_match(e, va);
      case TlbiOp::IPAS2E1:
      case TlbiOp::IPAS2LE1:
        // Stage-2-only entries: combined entries need not go (the Arm ARM asks for a
        // TLBI VMALLE1 after IPAS2E1 for that), and here they do not.
      case TlbiOp::kCount:
        return false;
    }
    return false;
  };
  auto s2_pred = [&](const Tlb::Entry& e) -> bool {
    switch (op) {
      case TlbiOp::IPAS2E1:
      case TlbiOp::IPAS2LE1:  // the IPA cache holds leaf (last-level) entries only
        return el1(e) && va_match(e, ipa);
      case TlbiOp::VMALLS12E1:
        return el1(e);
      case TlbiOp::ALLE1:
        return e.regime == Regime::EL10;
      default:
        return false;
    }
  };
  // The walk cache: its entries serve one ASID (never global) and go as stage-1
  // entries do, except that an operation by VA takes them for every ASID (more than it
  // must; nothing a TLBI may leave is relied on), and operations on the last level only
  // leave them, as the architecture allows.
  auto walk_pred = [&](const Tlb::Entry& e) -> bool {
    switch (op) {
      case TlbiOp::VAE1:
        return el1(e) && va_match(e, va);
      case TlbiOp::VALE1:
      case TlbiOp::VAALE1:
      case TlbiOp::VALE2:
        return false;
      default:
        return s1_pred(e);
    }
  };
  const size_t k = static_cast<size_t>(op);
  const auto none = [](const Tlb::Entry&) {};
  bool by_va = false, by_ipa = false;
  switch (op) {
    case TlbiOp::VAE1:
    case TlbiOp::VALE1:
    case TlbiOp::VAAE1:
    case TlbiOp::VAALE1:
    case TlbiOp::VAE2:
    case TlbiOp::VALE2:
      by_va = true;
      break;
    case TlbiOp::IPAS2E1:
    case TlbiOp::IPAS2LE1:
      by_ipa = true;
      break;
    default:
      break;
  }
  if (!by_va && !by_ipa) {
    // The observer drops the whole host cache after these: the entries going only
    // need their pending hits counted.
    for (Tlb* t : {&itlb_, &dtlb_, &main_})
      t->invalidated[k] += t->invalidate(s1_pred, [&](const Tlb::Entry& e) { fold(*t, e); });
    ipa_.invalidated[k] += ipa_.invalidate(s2_pred, none);
    walk_.invalidated[k] += walk_.invalidate(walk_pred, none);
    if (observer_) observer_->tlb_flushed();
    recheck_splintered();
    return;
  }
  // By address: the few entries that can hold the address are looked at, and the host
  // entries tied to those that go are dropped as on an eviction; the rest stay.
  if (by_ipa) {
    // (Stage-2-only entries: no host entry is tied to the IPA cache.)
    ipa_.invalidated[k] += ipa_.invalidate_va(ipa, s2_pred, none);
    return;
  }
  for (Tlb* t : {&itlb_, &dtlb_, &main_}) {
    const bool tied = is_tie_target(*t);
    const auto drop = [&](const Tlb::Entry& e) {
      fold(*t, e);
      if (tied && observer_) observer_->tlb_dropped(*t, &e, e.key, e.shift, e.observer_bits);
    };
    t->invalidated[k] +=
        splintered_ ? t->invalidate(s1_pred, drop) : t->invalidate_va(va, s1_pred, drop);
  }
  walk_.invalidated[k] += walk_.invalidate_va(va, walk_pred, none);
  if (splintered_) recheck_splintered();
}

void TlbHierarchy::recheck_splintered() {
  bool any = false;
  for (const Tlb* t : {&itlb_, &dtlb_, &main_})
    t->for_each_entry([&](const Tlb::Entry& e) { any |= e.valid && e.m.s1_shift > e.shift; });
  splintered_ = any;
}

}  // namespace mmu
