#include "isa/cpu.h"

#include <algorithm>
#include <cstring>

#include "isa/alu.h"
#include "isa/bits.h"
#include "isa/decode.h"
#include "isa/fastpath.h"

namespace isa {

namespace {

constexpr uint64_t kPageMask = 0xFFFull;

}  // namespace

Cpu::Cpu(const CpuConfig& cfg, mmu::Bus& bus, SystemHooks& hooks)
    : cfg_(cfg), bus_(bus), hooks_(hooks), tlb_(cfg.tlb, bus) {
  tlb_.set_observer(this);
  dclock_ = tlb_.tie_clock(mmu::AccessType::Read);
  iclock_ = tlb_.tie_clock(mmu::AccessType::Fetch);
  shared_tie_clock_ = iclock_ == dclock_;
  dtie_target_ = tlb_.tie_target(mmu::AccessType::Read);
  itie_target_ = tlb_.tie_target(mmu::AccessType::Fetch);
  run_loop<false>(0);  // publishes fast_labels_, runs nothing
  reset(0);
}

bool Cpu::condition_holds(unsigned cond) const {
  return condition_passes(cond, pstate_.n, pstate_.z, pstate_.c, pstate_.v);
}

// ---------------------------------------------------------------------------
// The step loop

uint64_t Cpu::run(uint64_t max_insns) {
  stop_ = StopReason::None;
  return tracer_ ? run_loop<true>(max_insns) : run_loop<false>(max_insns);
}

// The loop executes runs (docs/performance.md): it steps through a page's predecoded
// slots (one written since it was decoded holds op Decode again, see DecodedPage),
// follows branches taken and page ends into pages the fetch cache holds, and stops when
// the budget is spent or a body sets exit_ for something it does not follow itself: an
// exception raised, a state change that the loop must look at before the next fetch
// (end_run), a branch it cannot follow. Nothing else is done per instruction:
// retired-instruction and itlb-hit counts are derived from the PC at the end of each
// stretch, which is also where a cycle model will charge its costs.
template <bool kTrace>
uint64_t Cpu::run_loop(uint64_t max_insns) {
  using namespace fast;
  static const void* const kLabels[] = {&&op_Decode, &&op_Generic, &&op_PageEnd, &&op_BudgetEnd,
#define EL2SIM_FAST_OP_LABEL(name, kind, body) &&op_##name,
                                        EL2SIM_FAST_OPS(EL2SIM_FAST_OP_LABEL)
#undef EL2SIM_FAST_OP_LABEL
  };
  static_assert(std::size(kLabels) == static_cast<size_t>(FastOp::kCount));
  if constexpr (!kTrace) fast_labels_ = kLabels;
  uint64_t n = 0;
  // Every step counts against the budget, an exception taken included, so that a
  // batch that only takes exceptions (a fault loop) still ends.
  uint64_t steps = 0;
  while (steps < max_insns) {
    if (async_pending_) {
      strip_pc_tag();  // the return address of an interrupt taken here
      const bool taken = check_async();
      if (stop_ != StopReason::None) break;
      if (taken) {
        ++steps;
        continue;
      }
    }
    const unsigned el = pstate_.el;
    FetchCache* fc = &fetch_[el][fetch_slot(pc_)];
    uint64_t counted = 0;  // fetches of this run that a translation counted already
    if ((pc_ & ~(kPageMask & ~3ull)) != fc->va_page) [[unlikely]] {
      exit_ = 0;
      strip_pc_tag();       // (a tagged PC is never in the fetch cache: its pages are untagged)
      if (!fetch_slow()) {  // instruction abort or PC alignment fault
        exc_pending_ = false;
        take_exception(exc_);
        ++steps;
        continue;
      }
      counted = 1;
      if (fc->va_page == ~0ull) {  // no host page (a device): one instruction at a time
        if constexpr (kTrace) tracer_->on_insn(*this, pc_, slow_decoded_.raw, el);
        slow_decoded_.fn(*this, slow_decoded_);
        ++steps;
        if (exc_pending_) {
          exc_pending_ = false;
          if (debug_halt_) [[unlikely]] {  // the instruction did not execute
            debug_halt_ = false;
            stop_ = StopReason::Budget;
            break;
          }
          take_exception(exc_);
        } else {
          pc_ = exit_ & kExitBranch ? next_pc_ : pc_ + 4;
          ++stats_.insns_by_el[el];
          ++n;
        }
        if (stop_ != StopReason::None) break;
        continue;
      }
    }
    const uint64_t budget = max_insns - steps;  // instructions this run may retire
    // The retired count before the current stretch and the stretch's start live in
    // `done` and `spc` during the run, and the VA of the current page in `vpage`: the
    // PC is never stepped, the slot pointer d is (pc_at gives the PC of a slot where
    // one is needed). pc_, run_done_ and run_pc_ are brought up to date before any
    // code outside the loop runs (pc_ before a table body).
    uint64_t done = 0, spc = pc_;
    uint64_t vpage = pc_ & ~kPageMask;
    uint64_t pc;  // where the run goes on: after a page's end, a branch taken, a stop
    Decoded* page = fc->page->insns.data();
    const uint8_t* hpage = fc->host;  // the page's host address
    Decoded* d = page + ((pc_ & kPageMask) >> 2);
    const auto offset_of = [&](const Decoded* s) { return static_cast<unsigned>(s - page) * 4; };
    const auto pc_at = [&](const Decoded* s) { return vpage + offset_of(s); };
    // A stretch ends at the page's end, where slot 1024 (op PageEnd) takes the loop to
    // the next page, or where the budget runs out first: that slot is lent op
    // BudgetEnd while the stretch runs (run_lent_, given back by give_back), so that
    // stepping to the next slot is all a body does.
    const auto give_back = [&] {
      if (run_lent_) {
        run_lent_->op = run_lent_op_;
        run_lent_->label = run_lent_label_;
        run_lent_ = nullptr;
      }
    };
    const auto lend_budget_end = [&] {
      const uint64_t left = budget - done;
      if (left >= static_cast<uint64_t>(page + 1024 - d)) return;
      run_lent_ = d + left;
      run_lent_op_ = run_lent_->op;
      run_lent_label_ = run_lent_->label;
      run_lent_->op = static_cast<uint16_t>(FastOp::BudgetEnd);
      run_lent_->label = kLabels[run_lent_->op];
    };
    lend_budget_end();
    uint64_t target;  // of a branch taken
    exit_ = 0;
    run_pc_ = pc_;
    run_done_ = 0;
    run_tie_ = fc->tie;
    run_counted_ = counted;
    run_host_ = &host_[el];
    in_run_ = true;
    // Threaded dispatch: each body jumps to the next through the label table.
  dispatch:
    if constexpr (kTrace) {
      if (d->op == static_cast<uint16_t>(FastOp::PageEnd) ||
          d->op == static_cast<uint16_t>(FastOp::BudgetEnd))
        goto* kLabels[d->op];
      if (d->op == static_cast<uint16_t>(FastOp::Decode)) {
        std::memcpy(&d->raw, hpage + offset_of(d), 4);
        decode_slot(*d, offset_of(d));
      }
      pc_ = pc_at(d);
      run_done_ = done;
      run_pc_ = spc;
      tracer_->on_insn(*this, pc_, d->raw, el);
      goto* kLabels[d->op];
    } else {
      goto* const_cast<void*>(d->label);
    }
  op_Decode:  // a slot not decoded yet, or written since (untraced loop only)
    std::memcpy(&d->raw, hpage + offset_of(d), 4);
    decode_slot(*d, offset_of(d));
    goto* const_cast<void*>(d->label);
  op_Generic:
    pc_ = pc_at(d);
    run_done_ = done;
    run_pc_ = spc;
    d->fn(*this, *d);
    goto check_exit;
  op_PageEnd:  // the run goes on at the next page's first instruction
    pc = vpage + 0x1000;
    done += (pc - spc) >> 2;
    spc = pc;
    if (done == budget) goto stop_at_pc;
    goto other_page;
  op_BudgetEnd:  // the instruction at d is beyond the budget
    give_back();
    pc = pc_at(d);
    done += (pc - spc) >> 2;
    spc = pc;
    goto stop_at_pc;
#define EL2SIM_FAST_OP_BODY(name, kind, body) op_##name : EL2SIM_FAST_OP_##kind(body)
#define EL2SIM_FAST_OP_Alu(body) \
  body(*this, *d);               \
  goto next;
#define EL2SIM_FAST_OP_Page(body) \
  body(*this, *d, vpage);         \
  goto next;
#define EL2SIM_FAST_OP_Flow(body)              \
  if (body(*this, *d, vpage)) goto op_Generic; \
  goto next;
#define EL2SIM_FAST_OP_Branch(body)             \
  if (body(*this, *d, vpage, target)) {         \
    pc = vpage + d->imm2; /* the branch's PC */ \
    goto taken;                                 \
  }                                             \
  goto next;
    EL2SIM_FAST_OPS(EL2SIM_FAST_OP_BODY)
#undef EL2SIM_FAST_OP_BODY
#undef EL2SIM_FAST_OP_Alu
#undef EL2SIM_FAST_OP_Page
#undef EL2SIM_FAST_OP_Flow
#undef EL2SIM_FAST_OP_Branch
  check_exit:
    if (exit_) [[unlikely]] {
      if (exit_ != kExitBranch) goto run_end;
      target = next_pc_;
      exit_ = 0;
      pc = pc_;  // the branch's (op_Generic set it)
      goto taken;
    }
    goto next;
  taken:
    // pc is the branch's. A branch taken continues the run while there is budget left
    // and the target is in this page or in another one the fetch cache holds.
    done += ((pc - spc) >> 2) + 1;
    pc = spc = target;
    if ((target & ~(kPageMask & ~3ull)) == fc->va_page) [[likely]] {
      d = page + ((pc & kPageMask) >> 2);
      // With more than a page of budget left nothing is lent (the budget only shrinks):
      // a loop's branch back costs no more.
      if (budget - done > 1024) [[likely]]
        goto dispatch;
      give_back();
      if (done == budget) goto stop_at_pc;
      lend_budget_end();
      goto dispatch;
    }
    give_back();
    if (done == budget) [[unlikely]]
      goto stop_at_pc;
    goto other_page;
  next:
    ++d;
    goto dispatch;
  other_page:
    // pc is in another page (or misaligned): go on there if the fetch cache holds it.
    fc = &fetch_[el][fetch_slot(pc)];
    if ((pc & ~(kPageMask & ~3ull)) != fc->va_page) goto stop_at_pc;
    // The fetches so far were hits in the previous page's entry.
    count_run_fetches(done);
    run_tie_ = fc->tie;
    page = fc->page->insns.data();
    hpage = fc->host;
    vpage = pc & ~kPageMask;
    d = page + ((pc & kPageMask) >> 2);
    lend_budget_end();
    goto dispatch;
  stop_at_pc:  // the run stops before the instruction at pc
    pc_ = pc;
  run_end:
    give_back();
    run_done_ = done;
    run_pc_ = spc;
    // Retired in the run: the stretches before, the straight-line part of the last one,
    // and its last instruction when that ended the run without an exception.
    uint64_t k = run_done_ + ((pc_ - run_pc_) >> 2);
    if (exit_) {
      commit_fetch_hits();
      in_run_ = false;
      if (exc_pending_) {
        exc_pending_ = false;
        stats_.insns_by_el[el] += k;
        n += k;
        if (debug_halt_) [[unlikely]] {  // the instruction at pc_ did not execute
          debug_halt_ = false;
          steps += k;
          stop_ = StopReason::Budget;
          break;
        }
        steps += k + 1;
        take_exception(exc_);
        if (stop_ != StopReason::None) break;
        continue;
      }
      ++k;
      pc_ = exit_ & kExitBranch ? next_pc_ : pc_ + 4;
    } else {
      // Every instruction of the run was fetched (commit_fetch_hits would count the one
      // at the PC too, which is the next one here).
      count_run_fetches(k);
      in_run_ = false;
    }
    stats_.insns_by_el[el] += k;
    n += k;
    steps += k;
    if (stop_ != StopReason::None) [[unlikely]]
      break;
  }
  if (stop_ == StopReason::None) stop_ = StopReason::Budget;
  strip_pc_tag();
  return n;
}

uint64_t Cpu::branch_addr(uint64_t target) const {
  // AddrTop() of an instruction address: TBI of the regime, and of the half of the
  // EL1&0 range that bit 55 selects (no TBID in ARMv8.0); the EL2 regime's single
  // range is zero-extended, the EL1&0 one sign-extended from bit 55.
  const bool upper = (target >> 55) & 1;
  if (pstate_.el == 2) {
    if (!((sr_.TCR_EL2 >> 20) & 1)) return target;
    return target & ((uint64_t{1} << 56) - 1);
  }
  if (!((sr_.TCR_EL1 >> (upper ? 38 : 37)) & 1)) return target;
  return upper ? target | ~((uint64_t{1} << 56) - 1) : target & ((uint64_t{1} << 56) - 1);
}

void Cpu::decode_slot(Decoded& d, unsigned offset) {
  predecode(d);
  if (!cfg_.specialised_bodies) {
    d.op = static_cast<uint16_t>(FastOp::Generic);
    if (const InsnInfo* info = insn_info(static_cast<InsnId>(d.id))) d.fn = info->run;
  } else {
    place_in_page(d, offset);
  }
  d.label = fast_labels_[d.op];
}

bool Cpu::fetch_slow() {
  const unsigned el = pstate_.el, slot_index = fetch_slot(pc_);
  FetchCache& fc = fetch_[el][slot_index];
  fc.va_page = ~0ull;
  if (pc_ & 3) {
    Exception e;
    e.ec = Ec::PCAlign;
    e.far_valid = true;
    e.far = pc_;
    e.return_address = pc_;
    return raise(e);
  }
  const mmu::TranslationRegs& regs = current_translation_regs(false);
  mmu::Tlb::Entry* tie = nullptr;
  const mmu::Translation t = tlb_.translate(regs, pc_, mmu::AccessType::Fetch, tie);
  if (!t.ok()) return raise_insn_abort(pc_, t.fault);
  const uint64_t pa_page = t.pa & ~kPageMask;
  uint8_t* host = tie ? tlb_.host_pages().get(pa_page, false) : nullptr;
  if (host) {
    auto& slot = decoded_pages_[pa_page];
    if (!slot) {
      slot = std::make_unique<DecodedPage>();
      code_filter_[code_filter_bit(pa_page) / 64] |= uint64_t{1} << (code_filter_bit(pa_page) % 64);
      // Decoded on first execution (op Decode, and its label for the untraced loop).
      slot->insns[1024].op = static_cast<uint16_t>(FastOp::PageEnd);
      for (Decoded& d : slot->insns) d.label = fast_labels_[d.op];
      protect_code_page(host);
    }
    fc.va_page = pc_ & ~kPageMask;
    fc.host = host;
    fc.page = slot.get();
    fc.tie = tie;
    fetch_filled_[el].insert(slot_index);
    if (tie->shift > 12)
      fetch_large_[el].insert(slot_index);
    else
      fetch_large_[el].erase(slot_index);
    return true;
  }
  // No direct access (a device): fetch through the bus every time.
  uint32_t raw;
  if (bus_.read(t.pa, &raw, 4) != mmu::BusResult::Ok) {
    mmu::Fault f;
    f.kind = mmu::FaultKind::SyncExternal;
    return raise_insn_abort(pc_, f);
  }
  slow_decoded_.raw = raw;
  decode_slot(slow_decoded_, static_cast<unsigned>(pc_ & kPageMask));
  return true;
}

void Cpu::invalidate_host_pages(unsigned els) {
  ++regs_generation_;  // (all three: HCR_EL2 and the stage-2 registers serve both regimes)
  for (unsigned el = 0; el < 3; ++el) {
    if (!(els & (1u << el))) continue;
    HostCache& hc = host_[el];
    hc.filled.for_each([&](unsigned i) { hc.entry(i).tag = ~0ull; });
    hc.filled.clear();
    hc.large.clear();
    hc.flat_span = 0;
    fetch_filled_[el].for_each([&](unsigned i) { fetch_[el][i].va_page = ~0ull; });
    fetch_filled_[el].clear();
    fetch_large_[el].clear();
  }
  end_run();
}

void Cpu::tlb_dropped(const mmu::Tlb& from, const mmu::Tlb::Entry* slot, uint64_t va_base,
                      unsigned shift, unsigned observer_bits) {
  // Fetches are tied to the fetch tie target, data to the data one (the same
  // structure when there are no micro-TLBs). The common case first, with no call (a
  // data micro-TLB's page): only the host caches that held an entry tied to it, in the
  // page's slot.
  if (&from == dtie_target_ && &from != itie_target_ && shift <= 12) [[likely]] {
    drop_host_page_entries(slot, va_base, observer_bits);
    return;
  }
  tlb_dropped_other(from, slot, va_base, shift, observer_bits);
}

void Cpu::tlb_dropped_other(const mmu::Tlb& from, const mmu::Tlb::Entry* slot, uint64_t va_base,
                            unsigned shift, unsigned observer_bits) {
  if (&from == itie_target_) drop_fetch_entries(slot, va_base, shift);
  if (&from != dtie_target_) return;
  if (shift <= 12) {
    drop_host_page_entries(slot, va_base, observer_bits);
    return;
  }
  // A block's host entries are among the slots recorded as tied to large blocks.
  for (HostCache& hc : host_) {
    size_t kept = 0;
    for (const uint32_t i : hc.large) {
      HostEntry& e = hc.entry(i);
      if (e.tag == ~0ull) continue;  // stale: prune
      // Tied to the dropped entry: it goes, whatever `slot` maps next (the fill that
      // follows may put a page there).
      if (e.tie == slot) {
        e.tag = ~0ull;
        continue;
      }
      if (e.tie->shift <= 12) continue;  // the slot was refilled for a page: prune
      hc.large[kept++] = i;
    }
    hc.large.resize(kept);
  }
}

void Cpu::drop_fetch_entries(const mmu::Tlb::Entry* slot, uint64_t va_base, unsigned shift) {
  // A page's fetch entries are in the page's slot; a block's are among those recorded
  // as tied to blocks (which drops the stale ones it meets).
  if (shift <= 12) {
    const unsigned i = fetch_slot(va_base);
    for (auto& per_el : fetch_)
      if (per_el[i].tie == slot) per_el[i].va_page = ~0ull;
  } else {
    for (unsigned el = 0; el < 3; ++el)
      fetch_large_[el].for_each([&](unsigned i) {
        FetchCache& fc = fetch_[el][i];
        if (fc.va_page != ~0ull && fc.tie != slot) return;
        fc.va_page = ~0ull;
        fetch_large_[el].erase(i);
      });
  }
  if (run_tie_ == slot) end_run();
}

void Cpu::dmi_invalidated() {
  tlb_.forget_host_pages();
  invalidate_host_pages();
}

void Cpu::drop_decoded_pages() {
  dmi_invalidated();
  decoded_pages_.clear();
  code_filter_ = {};
}

void Cpu::protect_code_page(const uint8_t* host) {
  const auto page = reinterpret_cast<uint64_t>(host);
  for (HostCache& hc : host_)
    hc.filled.for_each([&](unsigned i) {
      if (i < kHostEntries) return;  // a read slot
      HostEntry& e = hc.entry(i);
      if (e.tag != ~0ull && e.tag + e.addend == page) e.tag = ~0ull;
    });
}

Cpu::DecodedPage* Cpu::decoded_page(uint64_t pa) {
  if (!((code_filter_[code_filter_bit(pa) / 64] >> (code_filter_bit(pa) % 64)) & 1)) return nullptr;
  const auto it = decoded_pages_.find(pa & ~kPageMask);
  return it == decoded_pages_.end() ? nullptr : it->second.get();
}

bool Cpu::invalidate_code(uint64_t pa, unsigned len) {
  DecodedPage* page = decoded_page(pa);
  if (!page) return false;
  const uint64_t first = (pa & kPageMask) >> 2, last = ((pa & kPageMask) + len - 1) >> 2;
  for (uint64_t i = first; i <= last && i < 1024; ++i) {
    // Only the op and its label: the slot may be the one executing (a store that
    // writes itself), whose body still reads its operands.
    Decoded& d = page->insns[i];
    const bool lent = &d == run_lent_;  // the run's budget still ends there
    (lent ? run_lent_op_ : d.op) = static_cast<uint16_t>(FastOp::Decode);
    (lent ? run_lent_label_ : d.label) = fast_labels_[static_cast<size_t>(FastOp::Decode)];
  }
  return true;
}

void Cpu::code_written(uint64_t pa, uint64_t len) {
  while (len > 0) {
    const uint64_t chunk = std::min<uint64_t>(len, 0x1000 - (pa & kPageMask));
    invalidate_code(pa, static_cast<unsigned>(chunk));
    pa += chunk;
    len -= chunk;
  }
}

// ---------------------------------------------------------------------------
// The generic timer's event streams

namespace {

constexpr uint64_t kEvntEn = 1u << 2, kEvntDir = 1u << 3, kEvntFields = 0xFC;

// How many counts after `count` the stream's next event comes (at count + 1 + the
// result): the selected bit goes 0 to 1 at counts congruent to 2^bit modulo 2^(bit+1),
// 1 to 0 at multiples of 2^(bit+1). Modular, so a virtual count that wraps works.
uint64_t counts_to_event(uint64_t ctl, uint64_t count) {
  const unsigned bit = static_cast<unsigned>((ctl >> 4) & 0xF);
  const uint64_t period = uint64_t{2} << bit;
  const uint64_t phase = (ctl & kEvntDir) ? 0 : period / 2;
  return (phase - (count + 1)) & (period - 1);
}

}  // namespace

Cpu::EventStream Cpu::stream_settings(unsigned i) const {
  EventStream s;
  if (i == 0) {
    s.ctl = sr_.CNTKCTL_EL1 & kEvntFields;
    s.offset = cfg_.has_el2 ? sr_.CNTVOFF_EL2 : 0;
  } else if (cfg_.has_el2) {
    s.ctl = sr_.CNTHCTL_EL2 & kEvntFields;
  }
  return s;
}

bool Cpu::poll_event_streams() { return poll_event_streams_at(hooks_.physical_count(*this)); }

bool Cpu::poll_event_streams_at(uint64_t phys) {
  bool fired = false;
  for (EventStream& s : streams_) {
    const uint64_t now = phys - s.offset;
    if ((s.ctl & kEvntEn) && counts_to_event(s.ctl, s.seen) < now - s.seen) fired = true;
    s.seen = now;
  }
  if (fired) event_register = true;
  return fired;
}

void Cpu::event_streams_changed() {
  const uint64_t phys = hooks_.physical_count(*this);
  poll_event_streams_at(phys);  // what the old settings made up to now
  for (unsigned i = 0; i < streams_.size(); ++i) {
    streams_[i] = stream_settings(i);
    streams_[i].seen = phys - streams_[i].offset;
  }
}

uint64_t Cpu::next_event_stream_count() {
  const uint64_t phys = hooks_.physical_count(*this);
  uint64_t next = ~0ull;
  for (const EventStream& s : streams_) {
    if (!(s.ctl & kEvntEn)) continue;
    const uint64_t d = counts_to_event(s.ctl, phys - s.offset);
    if (d < ~0ull - 1 - phys) next = std::min(next, phys + 1 + d);
  }
  return next;
}

// ---------------------------------------------------------------------------
// Memory

mmu::TranslationRegs Cpu::translation_regs(bool el0_access) const {
  mmu::TranslationRegs r;
  r.el0 = el0_access || pstate_.el == 0;
  r.hcr = sr_.HCR_EL2;
  r.vtcr = sr_.VTCR_EL2;
  r.vttbr = sr_.VTTBR_EL2;
  r.pa_bits = cfg_.pa_bits;
  if (pstate_.el == 2 && !el0_access) {
    r.regime = mmu::Regime::EL2;
    r.sctlr = sr_.SCTLR_EL2;
    r.tcr = sr_.TCR_EL2;
    r.ttbr0 = sr_.TTBR0_EL2;
    r.mair = sr_.MAIR_EL2;
  } else {
    r.regime = mmu::Regime::EL10;
    r.sctlr = sr_.SCTLR_EL1;
    r.tcr = sr_.TCR_EL1;
    r.ttbr0 = sr_.TTBR0_EL1;
    r.ttbr1 = sr_.TTBR1_EL1;
    r.mair = sr_.MAIR_EL1;
  }
  return r;
}

namespace {

// Little-endian host access of 1, 2, 4 or 8 bytes, each size a constant-size copy.
inline uint64_t load_le(const uint8_t* p, unsigned size) {
  switch (size) {
    case 1:
      return fast::load_host<1>(p);
    case 2:
      return fast::load_host<2>(p);
    case 4:
      return fast::load_host<4>(p);
    default:
      return fast::load_host<8>(p);
  }
}

inline void store_le(uint8_t* p, unsigned size, uint64_t value) {
  switch (size) {
    case 1:
      return fast::store_host<1>(p, value);
    case 2:
      return fast::store_host<2>(p, value);
    case 4:
      return fast::store_host<4>(p, value);
    default:
      return fast::store_host<8>(p, value);
  }
}

// The copy of one access of 1, 2, 4, 8 or 16 bytes, each a constant-size copy (no
// call of the library's memcpy for a few bytes).
inline void copy_sized(void* to, const void* from, unsigned size) {
  switch (size) {
    case 1:
      std::memcpy(to, from, 1);
      break;
    case 2:
      std::memcpy(to, from, 2);
      break;
    case 4:
      std::memcpy(to, from, 4);
      break;
    case 8:
      std::memcpy(to, from, 8);
      break;
    default:  // 16
      std::memcpy(to, from, size);
  }
}

}  // namespace

bool Cpu::read(uint64_t va, unsigned size, uint64_t& out, const MemOp& op) {
  uint8_t* h;
  if (!op.unpriv && host_for_read(va, size, h)) [[likely]] {
    out = load_le(h, size);
    return true;
  }
  uint64_t v = 0;
  if (!data_access_slow(va, size, &v, false, op)) return false;
  out = v;
  return true;
}

bool Cpu::write(uint64_t va, unsigned size, uint64_t value, const MemOp& op) {
  uint8_t* h;
  if (!op.unpriv && host_for_write(va, size, h)) [[likely]] {
    store_le(h, size, value);
    return true;
  }
  return data_access_slow(va, size, &value, true, op);
}

bool Cpu::read128(uint64_t va, uint64_t out[2], const MemOp& op) {
  uint8_t* h;
  if (!op.unpriv && host_for_read(va, 16, h)) [[likely]] {
    // Two 8-byte loads: memory that 8-byte stores (or one 16-byte store) wrote just
    // before forwards to each, where one 16-byte load of two 8-byte stores would stall.
    out[0] = fast::load_host<8>(h);
    out[1] = fast::load_host<8>(h + 8);
    return true;
  }
  return data_access_slow(va, 16, out, false, op);
}

bool Cpu::write128(uint64_t va, const uint64_t value[2], const MemOp& op) {
  uint8_t* h;
  if (!op.unpriv && host_for_write(va, 16, h)) [[likely]] {
    // (In 8-byte halves, as read128: a V register is written a 64-bit word at a time.)
    fast::store_host<8>(h, value[0]);
    fast::store_host<8>(h + 8, value[1]);
    return true;
  }
  uint64_t tmp[2] = {value[0], value[1]};
  return data_access_slow(va, 16, tmp, true, op);
}

bool Cpu::translate_data(uint64_t va, mmu::AccessType type, unsigned size, const MemOp& op,
                         uint64_t& pa) {
  commit_fetch_hits();
  const mmu::TranslationRegs& regs = current_translation_regs(op.unpriv && pstate_.el == 1);
  const bool write = type == mmu::AccessType::Write;
  // Alignment (Arm ARM B2.5.2): exclusives and ordered accesses always, every access
  // while SCTLR_ELx.A is set, and every access to Device memory, must be aligned to
  // their size. The first three are the instruction's own requirement, checked before
  // the translation (AArch64.CheckAlignment): their Alignment fault takes priority over
  // any MMU fault, of either stage. The memory type is known only once translated.
  const bool unaligned = (va & (size - 1)) != 0;
  const auto alignment_fault = [&] {
    mmu::Fault f;
    f.kind = mmu::FaultKind::Alignment;
    return raise_data_abort(va, f, write, op);
  };
  if (unaligned && (op.exclusive || op.ordered || ((regs.sctlr >> 1) & 1) /* SCTLR_ELx.A */))
      [[unlikely]]
    return alignment_fault();
  const mmu::Translation t = tlb_.translate(regs, va, type, tlb_tie_);
  if (!t.ok()) return raise_data_abort(va, t.fault, write, with_size(op, size));
  if (unaligned && t.mem == mmu::MemType::Device) return alignment_fault();
  pa = t.pa;
  return true;
}

bool Cpu::check_sp_alignment() {
  if ((sp() & 15) == 0) [[likely]]
    return true;
  const unsigned el = pstate_.el;
  const uint64_t sctlr = el == 2 ? sr_.SCTLR_EL2 : sr_.SCTLR_EL1;
  const bool check = el == 0 ? ((sctlr >> 4) & 1) /* SA0 */ : ((sctlr >> 3) & 1) /* SA */;
  if (!check) return true;
  Exception e;
  e.ec = Ec::SPAlign;
  e.iss = 0;
  e.return_address = pc_;
  e.target_el = route_sync_target();
  return raise(e);
}

void Cpu::add_watchpoint(uint64_t va, uint64_t len, WatchKind kind) {
  watch_.push_back({va, len ? len : 1, kind});
  invalidate_host_pages();  // the watched pages lose their host entries
}

void Cpu::remove_watchpoint(uint64_t va, uint64_t len, WatchKind kind) {
  for (auto it = watch_.begin(); it != watch_.end(); ++it) {
    if (it->va == va && it->len == (len ? len : 1) && it->kind == kind) {
      watch_.erase(it);
      break;
    }
  }
}

bool Cpu::watched_page(uint64_t va) const {
  for (const Watchpoint& w : watch_) {
    if ((va & ~kPageMask) <= ((w.va + w.len - 1) & ~kPageMask) &&
        (w.va & ~kPageMask) <= (va & ~kPageMask))
      return true;
  }
  return false;
}

bool Cpu::watch_hits(uint64_t va, unsigned size, bool write) {
  for (const Watchpoint& w : watch_) {
    if (!(w.kind & (write ? kWatchWrite : kWatchRead))) continue;
    if (va + size <= w.va || w.va + w.len <= va) continue;
    watch_hit_ = WatchHit{std::max(va, w.va), w.kind, write};
    return true;
  }
  return false;
}

// (Inline: the full path of every load and store that fills a slot runs it.)
[[gnu::always_inline]] inline void Cpu::fill_host_slot(uint64_t va, uint8_t* host, bool write,
                                                       const MemOp& op) {
  // Ordinary accesses at the current EL only, tied to the TLB entry that holds the
  // translation.
  if (op.unpriv || !tlb_tie_ || shared_tie_clock_ || (!watch_.empty() && watched_page(va))) return;
  HostCache& hc = host_[pstate_.el];
  const unsigned slot = (va >> 12) % kHostEntries + (write ? kHostEntries : 0);
  HostEntry& e = hc.entry(slot);
  hc.filled.insert(slot);
  e.tag = va & ~kPageMask;
  e.dropped = ~0ull;
  e.addend = reinterpret_cast<uint64_t>(host) - e.tag;
  e.tie = tlb_tie_;
  tlb_tie_->observer_bits |= static_cast<uint8_t>(1u << (2 * pstate_.el + (write ? 1 : 0)));
  if (tlb_tie_->shift > 12) {
    // Refills of a slot add it again: rebuild the list when it grows past the cache.
    if (hc.large.size() >= 2 * kHostEntries) {
      hc.large.clear();
      for (uint32_t i = 0; i < 2 * kHostEntries; ++i) {
        const HostEntry& h = hc.entry(i);
        if (h.tag != ~0ull && h.tie->shift > 12) hc.large.push_back(i);
      }
    }
    hc.large.push_back(slot);
  }
}

bool Cpu::data_access_slow(uint64_t va, unsigned size, void* data, bool write, const MemOp& op) {
  // A watched access does not happen: the core stops before the instruction, as a
  // watchpoint debug event would (GDB steps over it itself).
  if (watch_stop(va, size, write)) return false;
  {
    const HostCache& hc = host_[pstate_.el];
    const HostEntry& last = (write ? hc.write : hc.read)[(va >> 12) % kHostEntries];
    if (last.dropped == (va & ~kPageMask))  // a hint only: a prefetch never faults
      __builtin_prefetch(reinterpret_cast<const void*>(va + last.addend));
  }
  const auto type = write ? mmu::AccessType::Write : mmu::AccessType::Read;
  // (`op` is read field by field, never copied whole here: its caller has just stored
  // it byte by byte, and a wide load of those stores would stall the host. Its size,
  // for the syndrome of an abort, is filled in where one is raised.)
  // An access that crosses a page is made byte by byte after both translations
  // succeed (Normal memory only: a Device access that is unaligned faults above).
  if ((va & kPageMask) + size > 0x1000) [[unlikely]]
    return access_across_pages(va, size, data, write, op);
  uint64_t pa;
  if (!translate_data(va, type, size, op, pa)) return false;
  if (uint8_t* host = tlb_.host_pages().get(pa & ~kPageMask, write)) {
    bool code = false;
    if (write) {
      copy_sized(host + (pa & kPageMask), data, size);
      code = invalidate_code(pa, size);  // a page of code keeps taking this path
    } else {
      copy_sized(data, host + (pa & kPageMask), size);
      // The slot below is filled too: reads that alternate between two regions (code
      // in flash, stack in RAM) find the other one there.
      if (tlb_.untracked(tlb_tie_) && !op.unpriv && va == pa && watch_.empty())
        set_flat_region(host_[pstate_.el], pa);
    }
    if (!code) fill_host_slot(va, host, write, op);
    return true;
  }
  const auto r = write ? bus_.write(pa, data, size) : bus_.read(pa, data, size);
  if (r != mmu::BusResult::Ok) {
    mmu::Fault f;
    f.kind = mmu::FaultKind::SyncExternal;
    return raise_data_abort(va, f, write, with_size(op, size));
  }
  if (write) invalidate_code(pa, size);
  return true;
}

void Cpu::fill_host_for_write(uint64_t va, uint64_t pa, const MemOp& op) {
  if (decoded_page(pa)) return;  // a page of code keeps its stores on the full path
  if (uint8_t* host = tlb_.host_pages().get(pa & ~kPageMask, true))
    fill_host_slot(va, host, true, op);
}

bool Cpu::access_across_pages(uint64_t va, unsigned size, void* data, bool write,
                              const MemOp& op_in) {
  const MemOp op = with_size(op_in, size);
  const auto type = write ? mmu::AccessType::Write : mmu::AccessType::Read;
  // One lookup of each page, as the hardware makes: the first byte's and the last's.
  uint64_t pa_first, pa_last;
  if (!translate_data(va, type, size, op, pa_first)) return false;
  if (!translate_data(va + size - 1, type, 1, op, pa_last)) return false;
  many_data_lookups();  // two here: with another access, an instruction makes three
  const unsigned in_first = static_cast<unsigned>(0x1000 - (va & kPageMask));
  auto* bytes = static_cast<uint8_t*>(data);
  for (unsigned i = 0; i < size; ++i) {
    const uint64_t pa = i < in_first ? pa_first + i : pa_last - (size - 1 - i);
    const auto r = write ? bus_.write(pa, bytes + i, 1) : bus_.read(pa, bytes + i, 1);
    if (r != mmu::BusResult::Ok) {
      mmu::Fault f;
      f.kind = mmu::FaultKind::SyncExternal;
      return raise_data_abort(va + i, f, write, op);
    }
    if (write) invalidate_code(pa, 1);
  }
  return true;
}

void Cpu::set_flat_region(HostCache& hc, uint64_t pa) {
  const mmu::Bus::HostRange r = bus_.host_range(pa, false);
  // Only what the flat translation reaches: addresses below the PA size.
  const uint64_t limit = cfg_.pa_bits >= 64 ? ~0ull : uint64_t{1} << cfg_.pa_bits;
  if (r.size < 0x1000 || r.base >= limit) return;
  const uint64_t size = std::min(r.size, limit - r.base);
  hc.flat_base = r.base;
  hc.flat_span = size - 31;
  hc.flat_host = r.host;
}

uint32_t fault_status_code(const mmu::Fault& f) {
  switch (f.kind) {
    case mmu::FaultKind::AddressSize:
      return fsc::AddressSize(f.level);
    case mmu::FaultKind::Translation:
      return fsc::Translation(f.level);
    case mmu::FaultKind::AccessFlag:
      return fsc::AccessFlag(f.level);
    case mmu::FaultKind::Permission:
      return fsc::Permission(f.level);
    case mmu::FaultKind::Alignment:
      return fsc::kAlignment;
    case mmu::FaultKind::SyncExternal:
      return fsc::kSyncExternal;
    case mmu::FaultKind::SyncExternalOnWalk:
      return fsc::kSyncExternalOnWalk(f.level);
    case mmu::FaultKind::None:
      break;
  }
  return 0;
}

Exception Cpu::abort_exception(uint64_t va, const mmu::Fault& f, Ec lower, Ec same) const {
  Exception e;
  e.return_address = pc_;
  e.far_valid = true;
  e.far = va;
  e.target_el = f.stage2 ? 2 : route_sync_target();
  e.ec = e.target_el > static_cast<int>(pstate_.el) ? lower : same;
  e.iss = fault_status_code(f);
  if (f.s1ptw) e.iss |= 1u << 7;  // S1PTW
  if (f.stage2) {
    e.ipa_valid = true;
    e.ipa = f.ipa;
  }
  return e;
}

bool Cpu::raise_data_abort(uint64_t va, const mmu::Fault& f, bool write, const MemOp& op) {
  Exception e = abort_exception(va, f, Ec::DataAbortLower, Ec::DataAbortSame);
  // WnR: whether the instruction writes (ESR_ELx.ISS.WnR), also for a stage-2 fault
  // on its stage-1 walk (S1PTW), whose fault record keeps the access's write flag
  // although the walk only reads descriptors; 1 for cache maintenance and AT.
  if (write || op.cache_maint) e.iss |= 1u << 6;
  if (op.cache_maint) e.iss |= 1u << 8;  // CM
  // The instruction syndrome, for a hypervisor to emulate the access: stage-2 aborts
  // taken to EL2 (not on a stage-1 walk) of single-register loads and stores.
  if (op.syndrome_valid && f.stage2 && !f.s1ptw && e.target_el == 2 && !op.cache_maint) {
    const unsigned sas = op.size >= 8 ? 3 : op.size >= 4 ? 2 : op.size >= 2 ? 1 : 0;
    e.iss |= 1u << 24;                                // ISV
    e.iss |= sas << 22;                               // SAS
    if (op.sign_extend && !write) e.iss |= 1u << 21;  // SSE
    e.iss |= uint32_t{op.rt & 31u} << 16;             // SRT
    if (op.sf) e.iss |= 1u << 15;                     // SF
    if (op.acqrel) e.iss |= 1u << 14;                 // AR
  }
  return raise(e);
}

bool Cpu::raise_insn_abort(uint64_t va, const mmu::Fault& f) {
  return raise(abort_exception(va, f, Ec::InsnAbortLower, Ec::InsnAbortSame));
}

}  // namespace isa

namespace isa {

uint64_t SystemHooks::physical_count(const Cpu& cpu) { return cpu.instructions_retired(); }
uint64_t SystemHooks::cycles(const Cpu& cpu, unsigned extra_insns) {
  return cpu.instructions_retired() + extra_insns;
}

}  // namespace isa
