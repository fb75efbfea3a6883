#include "isa/pmu.h"

#include <algorithm>

#include "isa/cpu.h"
#include "isa/sysreg_table.h"

namespace isa {

namespace {

constexpr uint64_t kPmcrE = 1u << 0;
constexpr uint64_t kPmcrP = 1u << 1;
constexpr uint64_t kPmcrC = 1u << 2;
constexpr uint64_t kPmcrD = 1u << 3;
constexpr uint64_t kPmcrLC = 1u << 6;
constexpr uint64_t kPmcrStored = 0x79;  // E, D, X, DP, LC (P and C are actions)
// PMEVTYPER<n>_EL0 / PMCCFILTR_EL0: P (EL1 not counted), U (EL0 not counted), NSH (EL2
// counted). NSK, NSU and M are RES0 without EL3; evtCount is 10 bits in ARMv8.0.
constexpr uint64_t kFilterP = 1u << 31;
constexpr uint64_t kFilterU = 1u << 30;
constexpr uint64_t kFilterNSH = 1u << 27;
constexpr uint64_t kTyperMask = kFilterP | kFilterU | kFilterNSH | 0x3FF;
constexpr uint64_t kCcfiltrMask = kFilterP | kFilterU | kFilterNSH;
constexpr uint64_t kCycleDivider = 64;  // PMCR_EL0.D

}  // namespace

void Pmu::reset() { *this = Pmu{}; }

unsigned Pmu::hpmn(const Cpu& cpu) const {
  if (!cpu.config().has_el2) return kCounters;
  return std::min<unsigned>(cpu.sr().MDCR_EL2 & mdcr_el2::kHPMN, kCounters);
}

uint64_t Pmu::visible(const Cpu& cpu) const {
  const unsigned n = cpu.el() < 2 ? hpmn(cpu) : kCounters;
  return ((1ull << n) - 1) | (1ull << kCycleBit);
}

bool Pmu::counts_at(const Cpu& cpu, unsigned i, unsigned el) const {
  // Enabled: PMCNTENSET and PMCR_EL0.E, or MDCR_EL2.HPME for the counters reserved
  // for EL2.
  if (!(cnten_ & bit_of(i))) return false;
  const bool reserved = i != kCycle && i >= hpmn(cpu);
  if (!(reserved ? (cpu.sr().MDCR_EL2 & mdcr_el2::kHPME) != 0 : (pmcr_ & kPmcrE) != 0))
    return false;
  const uint64_t f = filter_[i];
  switch (el) {
    case 0:
      return !(f & kFilterU);
    case 1:
      return !(f & kFilterP);
    default:
      return (f & kFilterNSH) != 0;
  }
}

uint64_t Pmu::source(Cpu& cpu, uint16_t event, unsigned retiring) const {
  switch (event) {
    case pmu_event::kInstRetired:
      return cpu.instructions_retired() + retiring;
    case pmu_event::kCpuCycles:
      return cpu.hooks().cycles(cpu, retiring);
    case pmu_event::kExcTaken:
      return cpu.stats().exceptions;
    case pmu_event::kExcReturn:
      return cpu.stats().exception_returns;
    default:
      break;
  }
  // (The caller has settled the TLB hierarchy's counts: settle_tlb().)
  const mmu::TlbHierarchy::VaStructures s = cpu.tlb().va_structures();
  // The TLB levels: a micro TLB where the model has one, else the main TLB is level 1
  // and there is no level 2.
  const mmu::Tlb& l1i = s.itlb.present() ? s.itlb : s.main;
  const mmu::Tlb& l1d = s.dtlb.present() ? s.dtlb : s.main;
  const bool has_level2 = s.itlb.present() || s.dtlb.present();
  switch (event) {
    case pmu_event::kL1iTlbRefill:
      return l1i.counters.fill;
    case pmu_event::kL1dTlbRefill:
      return l1d.counters.fill;
    case pmu_event::kL1iTlb:
      return l1i.counters.hit + l1i.counters.miss;
    case pmu_event::kL1dTlb:
      return l1d.counters.hit + l1d.counters.miss;
    case pmu_event::kL2dTlbRefill:
      return has_level2 ? s.main.counters.fill : 0;
    case pmu_event::kL2dTlb:
      return has_level2 ? s.main.counters.hit + s.main.counters.miss : 0;
    default:  // SW_INCR (counted by PMSWINC_EL0 writes) and events not implemented
      return 0;
  }
}

void Pmu::add(unsigned i, uint64_t delta) {
  if (delta == 0) return;
  uint64_t& v = value_[i];
  bool overflow;
  if (i == kCycle) {
    // PMCR_EL0.LC: the overflow of all 64 bits, else of the low 32 bits.
    overflow = (pmcr_ & kPmcrLC) ? v + delta < v : (v & 0xFFFFFFFF) + delta > 0xFFFFFFFF;
    v += delta;
  } else {
    overflow = v + delta > 0xFFFFFFFF;
    v = (v + delta) & 0xFFFFFFFF;
  }
  if (overflow) ovs_ |= bit_of(i);
}

uint32_t Pmu::tlb_mask() const {
  uint32_t m = 0;
  for (unsigned i = 0; i < kCounters; ++i) {
    switch (event_of(i)) {
      case pmu_event::kL1iTlbRefill:
      case pmu_event::kL1iTlb:
      case pmu_event::kL1dTlbRefill:
      case pmu_event::kL1dTlb:
      case pmu_event::kL2dTlbRefill:
      case pmu_event::kL2dTlb:
        m |= 1u << i;
        break;
      default:
        break;
    }
  }
  return m;
}

void Pmu::settle_tlb(Cpu& cpu, uint32_t slots) const {
  if (slots & tlb_mask()) cpu.tlb().settle();
}

void Pmu::settle(Cpu& cpu, unsigned i, unsigned retiring) {
  settle_tlb(cpu, live_ & (1u << i));
  settle_counter(cpu, i, retiring);
}

void Pmu::settle_counter(Cpu& cpu, unsigned i, unsigned retiring) {
  if (!(live_ & (1u << i))) return;
  const uint64_t now = source(cpu, event_of(i), retiring);
  uint64_t delta = now - base_[i];
  if (i == kCycle && (pmcr_ & kPmcrD)) {
    delta /= kCycleDivider;  // the remainder waits for the next settle
    base_[i] += delta * kCycleDivider;
  } else {
    base_[i] = now;
  }
  add(i, delta);
}

void Pmu::settle_all(Cpu& cpu, unsigned retiring) {
  settle_tlb(cpu, live_);
  for (unsigned i = 0; i < kSlots; ++i) settle_counter(cpu, i, retiring);
}

void Pmu::refilter(const Cpu& cpu) {
  for (unsigned el = 0; el < 3; ++el) {
    uint32_t m = 0;
    for (unsigned i = 0; i < kSlots; ++i)
      if (counts_at(cpu, i, el)) m |= 1u << i;
    counting_at_[el] = m;
  }
  enabled_ = counting_at_[0] | counting_at_[1] | (cpu.config().has_el2 ? counting_at_[2] : 0);
}

void Pmu::relive(Cpu& cpu, unsigned retiring) {
  const uint32_t live = counting_at_[cpu.el()];
  const uint32_t starting = live & ~live_;
  settle_tlb(cpu, starting);
  for (unsigned i = 0; i < kSlots; ++i)
    if (starting & (1u << i)) base_[i] = source(cpu, event_of(i), retiring);
  live_ = live;
  update_irq(cpu);
}

void Pmu::update_irq(Cpu& cpu) {
  // A counter's overflow requests the interrupt while PMINTENSET enables it and the
  // counter's enable (PMCR_EL0.E, or MDCR_EL2.HPME for the counters reserved for EL2)
  // is set.
  bool level = false;
  const uint64_t pending = ovs_ & inten_;
  if (pending) {
    const unsigned n = hpmn(cpu);
    const uint64_t low = ((1ull << n) - 1) | (1ull << kCycleBit);
    const uint64_t high = ((1ull << kCounters) - 1) & ~low;
    level = ((pmcr_ & kPmcrE) && (pending & low)) ||
            ((cpu.sr().MDCR_EL2 & mdcr_el2::kHPME) && (pending & high));
  }
  if (level != irq_) {
    irq_ = level;
    cpu.hooks().pmu_irq_changed(cpu, level);
  }
}

// ---- registers ----

uint64_t Pmu::read_pmcr(Cpu& cpu) const {
  uint64_t v = pmcr_;
  if (cpu.el() < 2 && cpu.config().has_el2)  // N reads as MDCR_EL2.HPMN below EL2
    v = (v & ~(0x1Full << 11)) | (uint64_t{cpu.sr().MDCR_EL2 & mdcr_el2::kHPMN} << 11);
  return v;
}

void Pmu::write_pmcr(Cpu& cpu, uint64_t v) {
  settle_all(cpu);
  // P resets the event counters that the current EL sees (below EL2, those under
  // HPMN); C resets the cycle counter.
  if (v & kPmcrP) {
    const uint64_t vis = visible(cpu);
    for (unsigned i = 0; i < kCounters; ++i)
      if (vis & bit_of(i)) value_[i] = 0;
  }
  if (v & kPmcrC) value_[kCycle] = 0;
  pmcr_ = (pmcr_ & ~kPmcrStored) | (v & kPmcrStored);
  refilter(cpu);
  relive(cpu);
  replan(cpu);
}

void Pmu::write_cntenset(Cpu& cpu, uint64_t v) {
  settle_all(cpu);
  cnten_ |= v & visible(cpu);
  refilter(cpu);
  relive(cpu);
  replan(cpu);
}

void Pmu::write_cntenclr(Cpu& cpu, uint64_t v) {
  settle_all(cpu);
  cnten_ &= ~(v & visible(cpu));
  refilter(cpu);
  relive(cpu);
}

void Pmu::write_intenset(Cpu& cpu, uint64_t v) {
  inten_ |= v & visible(cpu);
  update_irq(cpu);
}

void Pmu::write_intenclr(Cpu& cpu, uint64_t v) {
  inten_ &= ~(v & visible(cpu));
  update_irq(cpu);
}

uint64_t Pmu::read_ovs(Cpu& cpu) {
  sync(cpu);
  return ovs_ & visible(cpu);
}

void Pmu::write_ovsset(Cpu& cpu, uint64_t v) {
  settle_all(cpu);
  ovs_ |= v & visible(cpu);
  update_irq(cpu);
}

void Pmu::write_ovsclr(Cpu& cpu, uint64_t v) {
  settle_all(cpu);  // an overflow that happened before the write is cleared too
  ovs_ &= ~(v & visible(cpu));
  update_irq(cpu);
}

void Pmu::write_swinc(Cpu& cpu, uint64_t v) {
  // Each counter that counts SW_INCR and counts at this EL steps by one.
  const uint64_t sel = v & visible(cpu) & ((1ull << kCounters) - 1);
  for (unsigned i = 0; i < kCounters; ++i) {
    if ((sel & bit_of(i)) && (live_ & (1u << i)) && event_of(i) == pmu_event::kSwIncr) add(i, 1);
  }
  update_irq(cpu);
}

uint64_t Pmu::read_evcntr(Cpu& cpu, unsigned n) {
  if (n >= kCounters || !(visible(cpu) & bit_of(n))) return 0;
  settle(cpu, n);
  update_irq(cpu);
  return value_[n];
}

void Pmu::write_evcntr(Cpu& cpu, unsigned n, uint64_t v) {
  if (n >= kCounters || !(visible(cpu) & bit_of(n))) return;
  settle(cpu, n);
  value_[n] = v & 0xFFFFFFFF;
  update_irq(cpu);
  replan(cpu);
}

uint64_t Pmu::read_evtyper(Cpu& cpu, unsigned n) const {
  if (n == kCycleBit) return filter_[kCycle];
  if (n >= kCounters || !(visible(cpu) & bit_of(n))) return 0;
  return filter_[n];
}

void Pmu::write_evtyper(Cpu& cpu, unsigned n, uint64_t v) {
  unsigned i;
  if (n == kCycleBit) {
    i = kCycle;
    v &= kCcfiltrMask;
  } else {
    if (n >= kCounters || !(visible(cpu) & bit_of(n))) return;
    i = n;
    v &= kTyperMask;
  }
  if (!cpu.config().has_el2) v &= ~kFilterNSH;
  settle(cpu, i);
  live_ &= ~(1u << i);  // a new event or filter: counting starts again from now
  filter_[i] = v;
  refilter(cpu);
  relive(cpu);
  replan(cpu);
}

uint64_t Pmu::read_ccntr(Cpu& cpu) {
  settle(cpu, kCycle);
  update_irq(cpu);
  return value_[kCycle];
}

void Pmu::write_ccntr(Cpu& cpu, uint64_t v) {
  settle(cpu, kCycle);
  value_[kCycle] = v;
  update_irq(cpu);
  replan(cpu);
}

void Pmu::write_mdcr(Cpu& cpu, uint64_t v) {
  settle_all(cpu);
  cpu.sr().MDCR_EL2 = v;
  refilter(cpu);
  relive(cpu);
  replan(cpu);
}

// ---- the core's side ----

void Pmu::before_el_change(Cpu& cpu, unsigned retiring) {
  settle_all(cpu, retiring);
  live_before_ = live_;
}

void Pmu::after_el_change(Cpu& cpu, unsigned retiring) {
  live_ = 0;  // settled: every counter that counts at the new EL starts from now
  relive(cpu, retiring);
  // Other counters of instructions, cycles or TLB events count now: the core's batch,
  // planned to end at the first overflow of those that counted before, ends here to
  // plan again.
  if (live_ != live_before_ && (live_ & planned_mask()) != 0) cpu.stop(StopReason::Budget);
}

uint32_t Pmu::planned_mask() const {
  uint32_t m = tlb_mask();
  for (unsigned i = 0; i < kSlots; ++i) {
    const uint16_t e = event_of(i);
    if (e == pmu_event::kInstRetired || e == pmu_event::kCpuCycles) m |= 1u << i;
  }
  return m;
}

unsigned Pmu::per_step_max(Cpu& cpu, unsigned i) const {
  const mmu::TlbHierarchy::VaStructures s = cpu.tlb().va_structures();
  // Level 1 is the main TLB where the model has no micro-TLB of the kind (source()):
  // it serves fetches and data alike.
  constexpr unsigned kBoth = pmu_event::kFetchLookupsPerStep + pmu_event::kDataLookupsPerStep;
  switch (event_of(i)) {
    case pmu_event::kInstRetired:
      return 1;
    case pmu_event::kL1iTlbRefill:
    case pmu_event::kL1iTlb:
      return s.itlb.present() ? pmu_event::kFetchLookupsPerStep : kBoth;
    case pmu_event::kL1dTlbRefill:
    case pmu_event::kL1dTlb:
      return s.dtlb.present() ? pmu_event::kDataLookupsPerStep : kBoth;
    case pmu_event::kL2dTlbRefill:
    case pmu_event::kL2dTlb:
      return s.itlb.present() || s.dtlb.present() ? kBoth : 0;  // no level 2
    default:
      return 0;  // cycles: cycles_to_overflow(); the others are not planned for
  }
}

void Pmu::after_many_lookups(Cpu& cpu) const {
  if (live_ & tlb_mask()) cpu.stop(StopReason::Budget);
}

void Pmu::replan(Cpu& cpu) const {
  if (live_ & planned_mask()) cpu.stop(StopReason::Budget);
}

void Pmu::sync(Cpu& cpu) {
  settle_all(cpu);
  update_irq(cpu);
}

uint64_t Pmu::insns_to_overflow(Cpu& cpu) const {
  settle_tlb(cpu, live_);
  uint64_t best = ~0ull;
  for (unsigned i = 0; i < kCounters; ++i) {
    if (!(live_ & (1u << i))) continue;
    const unsigned per_step = per_step_max(cpu, i);
    if (per_step == 0) continue;
    const uint64_t pending = source(cpu, event_of(i), 0) - base_[i];
    const uint64_t room = (uint64_t{1} << 32) - value_[i];
    // The instructions that cannot overflow it, adding at most per_step events each;
    // at least one, the one that may.
    const uint64_t left = room > pending ? room - pending : 0;
    best = std::min(best, std::max<uint64_t>(1, left / per_step));
  }
  return best;
}

uint64_t Pmu::cycles_to_overflow(Cpu& cpu) const {
  uint64_t best = ~0ull;
  const uint64_t now = cpu.hooks().cycles(cpu, 0);
  for (unsigned i = 0; i < kSlots; ++i) {
    if (!(live_ & (1u << i)) || event_of(i) != pmu_event::kCpuCycles) continue;
    const uint64_t pending = now - base_[i];
    uint64_t room;
    if (i == kCycle) {
      room = (pmcr_ & kPmcrLC) ? ~value_[i] + 1 : (uint64_t{1} << 32) - (value_[i] & 0xFFFFFFFF);
      if (room == 0) continue;  // 2^64 cycles away
      if (pmcr_ & kPmcrD) room = room > (~0ull / kCycleDivider) ? ~0ull : room * kCycleDivider;
    } else {
      room = (uint64_t{1} << 32) - value_[i];
    }
    best = std::min(best, room > pending ? room - pending : 1);
  }
  return best;
}

}  // namespace isa
