// The Performance Monitors Extension (PMUv3 of ARMv8.0, Arm ARM D7 and D13.4) of a
// Cortex-A57: PMCR_EL0.N = 6 event counters of 32 bits and the 64-bit cycle counter,
// with EL0/EL1/EL2 filtering, MDCR_EL2.HPMN partitioning, overflow flags and the
// overflow interrupt.
//
// The counters count what el2sim's model knows exactly: instructions retired,
// exceptions taken and returned from, cycles (the cycle model's clock, the one the
// generic timer's counter follows) and the TLB model's lookups and refills. They are
// kept lazily: a counting counter holds its value and the value its event source had
// when it was last settled, so that nothing is done per instruction. A counter is
// settled before anything that changes whether it counts (an EL change, a write to a
// control register) and when it is read. The core (sim/core.cc) plans its batch to
// end where the first counter of instructions, cycles or TLB events may overflow, so
// that the overflow interrupt comes at the instruction that overflows it. For a TLB
// event a batch is the counter's remaining events over the most that one instruction
// adds (pmu_event::kFetchLookupsPerStep, kDataLookupsPerStep); once fewer remain, the
// batches are one instruction long. A change of EL, and a write to a register that
// starts such a counter or moves it closer to its overflow, ends the batch so that
// the core plans again. Exceptions and returns settle every counter, so an exception
// event's overflow requests the interrupt at the exception or return that caused it.
#pragma once

#include <array>
#include <cstdint>

namespace isa {

class Cpu;

// Event numbers (Arm ARM D7.10): the ones PMCEID0/1_EL0 report as implemented.
namespace pmu_event {
constexpr uint16_t kSwIncr = 0x00;
constexpr uint16_t kL1iTlbRefill = 0x02;
constexpr uint16_t kL1dTlbRefill = 0x05;
constexpr uint16_t kInstRetired = 0x08;
constexpr uint16_t kExcTaken = 0x09;
constexpr uint16_t kExcReturn = 0x0A;
constexpr uint16_t kCpuCycles = 0x11;
constexpr uint16_t kL1dTlb = 0x25;
constexpr uint16_t kL1iTlb = 0x26;
constexpr uint16_t kL2dTlbRefill = 0x2D;
constexpr uint16_t kL2dTlb = 0x2F;
// The most events of a TLB event that one instruction adds, as the core plans for: an
// instruction fetch looks up the instruction micro-TLB once, a load or store pair the
// data micro-TLB twice, and the main TLB serves both. An instruction that makes more
// data lookups (a SIMD structure load or store looks up each element; an access across
// a page looks up both pages, so a pair with such an element makes three) may
// overflow a counter sooner than planned: it ends the batch (Pmu::after_many_lookups),
// so that the interrupt still comes at it.
constexpr unsigned kFetchLookupsPerStep = 1;
constexpr unsigned kDataLookupsPerStep = 2;
}  // namespace pmu_event

class Pmu {
 public:
  static constexpr unsigned kCounters = 6;   // PMCR_EL0.N
  static constexpr unsigned kCycleBit = 31;  // the cycle counter in PMCNTEN/PMINTEN/PMOVS
  static constexpr uint64_t kPmcrReset = 0x41013000ull;  // IMP 0x41, IDCODE 0x01, N 6
  static constexpr uint64_t kPmceid0 = 0x00020725ull;    // events 0x00-0x1F
  static constexpr uint64_t kPmceid1 = 0x0000A060ull;    // events 0x20-0x3F

  void reset();

  // ---- the registers, as MRS/MSR at the current EL see them ----
  uint64_t read_pmcr(Cpu& cpu) const;
  void write_pmcr(Cpu& cpu, uint64_t v);
  // PMCNTENSET/CLR, PMINTENSET/CLR, PMOVSSET/CLR: the bits of counters reserved for
  // EL2 (n >= MDCR_EL2.HPMN) read as zero and ignore writes below EL2.
  uint64_t read_cnten(Cpu& cpu) const { return cnten_ & visible(cpu); }
  void write_cntenset(Cpu& cpu, uint64_t v);
  void write_cntenclr(Cpu& cpu, uint64_t v);
  uint64_t read_inten(Cpu& cpu) const { return inten_ & visible(cpu); }
  void write_intenset(Cpu& cpu, uint64_t v);
  void write_intenclr(Cpu& cpu, uint64_t v);
  uint64_t read_ovs(Cpu& cpu);
  void write_ovsset(Cpu& cpu, uint64_t v);
  void write_ovsclr(Cpu& cpu, uint64_t v);
  void write_swinc(Cpu& cpu, uint64_t v);
  uint64_t read_selr() const { return selr_; }
  void write_selr(uint64_t v) { selr_ = v & 0x1F; }
  // Counter n (0..5) or, for n == 31, the cycle counter's filter (PMXEVTYPER with
  // PMSELR_EL0.SEL == 31). A counter that does not exist, or that is reserved for
  // EL2 below EL2, reads as zero and ignores writes (a CONSTRAINED UNPREDICTABLE
  // choice, QEMU's too).
  uint64_t read_evcntr(Cpu& cpu, unsigned n);
  void write_evcntr(Cpu& cpu, unsigned n, uint64_t v);
  uint64_t read_evtyper(Cpu& cpu, unsigned n) const;
  void write_evtyper(Cpu& cpu, unsigned n, uint64_t v);
  uint64_t read_ccntr(Cpu& cpu);
  void write_ccntr(Cpu& cpu, uint64_t v);
  uint64_t read_ccfiltr() const { return filter_[kCycle]; }
  void write_ccfiltr(Cpu& cpu, uint64_t v) { write_evtyper(cpu, kCycleBit, v); }
  // MDCR_EL2 (HPMN, HPME) decides which counters count: the core writes it here.
  void write_mdcr(Cpu& cpu, uint64_t v);

  // ---- the core's side ----
  // Any counter enabled (counting at some EL): the EL changes need to settle.
  bool enabled() const { return enabled_ != 0; }
  // Around a change of EL: settle at the old EL, then start counting at the new one.
  // `retiring` instructions (an ERET: 1) not yet counted retire at the old EL.
  void before_el_change(Cpu& cpu, unsigned retiring);
  void after_el_change(Cpu& cpu, unsigned retiring);
  // Settle every counter: overflow flags and the interrupt line up to date.
  void sync(Cpu& cpu);
  // Instructions after which the first counter of instructions or TLB events may
  // overflow, and cycles after which the first counter of cycles does (~0 when none):
  // the core's batch ends there.
  uint64_t insns_to_overflow(Cpu& cpu) const;
  uint64_t cycles_to_overflow(Cpu& cpu) const;
  // The overflow interrupt request (the PMU's PPI).
  bool irq() const { return irq_; }
  // The instruction under way made more data lookups than kDataLookupsPerStep: while a
  // counter of TLB events counts, the batch ends after it. (The instructions before it
  // in the batch cannot have overflowed such a counter, so the interrupt comes at the
  // one that did, if it did.)
  void after_many_lookups(Cpu& cpu) const;

 private:
  static constexpr unsigned kCycle = kCounters;  // index of the cycle counter below
  static constexpr unsigned kSlots = kCounters + 1;
  // Bits of PMCNTEN/PMINTEN/PMOVS that the current EL sees.
  uint64_t visible(const Cpu& cpu) const;
  unsigned hpmn(const Cpu& cpu) const;
  static uint64_t bit_of(unsigned i) { return i == kCycle ? 1ull << kCycleBit : 1ull << i; }
  uint16_t event_of(unsigned i) const {
    return i == kCycle ? 0x11 : static_cast<uint16_t>(filter_[i] & 0x3FF);
  }
  // The event's source now; a TLB event's after settle_tlb().
  uint64_t source(Cpu& cpu, uint16_t event, unsigned retiring) const;
  uint32_t tlb_mask() const;  // slots counting TLB events
  // Fold the host cache's pending hits into the TLB model's counts, once, when a
  // counter of `slots` counts a TLB event.
  void settle_tlb(Cpu& cpu, uint32_t slots) const;
  bool counts_at(const Cpu& cpu, unsigned i, unsigned el) const;
  // Bring counter i's value up to date and record overflows.
  void settle(Cpu& cpu, unsigned i, unsigned retiring = 0);
  void settle_counter(Cpu& cpu, unsigned i, unsigned retiring);  // settle() after settle_tlb()
  void settle_all(Cpu& cpu, unsigned retiring = 0);
  // The counters that count at the current EL (counting_at_); those that start, start
  // from now.
  void relive(Cpu& cpu, unsigned retiring = 0);
  // Recompute counting_at_ and enabled_ after a write to what decides them.
  void refilter(const Cpu& cpu);
  void add(unsigned i, uint64_t delta);
  void update_irq(Cpu& cpu);

  uint64_t pmcr_ = kPmcrReset;  // E, D, X, DP, LC stored; N and the IDs read-only
  uint64_t cnten_ = 0, inten_ = 0, ovs_ = 0;
  uint64_t selr_ = 0;
  std::array<uint64_t, kSlots> value_{};   // PMEVCNTR<n> (32 bits), PMCCNTR (64)
  std::array<uint64_t, kSlots> base_{};    // the source at the last settle (live only)
  std::array<uint64_t, kSlots> filter_{};  // PMEVTYPER<n>, PMCCFILTR
  uint32_t planned_mask() const;           // slots the core plans its batch for
  // The most events of counter i's event one instruction adds; 0: not planned for.
  unsigned per_step_max(Cpu& cpu, unsigned i) const;
  // A planned counter counts, or is closer to its overflow, from now: the core's
  // batch ends after this instruction, to plan again.
  void replan(Cpu& cpu) const;
  uint32_t live_ = 0;         // counting at the current EL (bit i: slot i)
  uint32_t live_before_ = 0;  // live_ before the EL change under way
  uint32_t enabled_ = 0;      // enabled, at whatever EL
  // Slots counting at EL0, EL1 and EL2 (PMCR_EL0.E, PMCNTENSET_EL0, the filters,
  // MDCR_EL2.HPMN and HPME): a change of EL looks its live slots up here.
  std::array<uint32_t, 3> counting_at_{};
  bool irq_ = false;
};

}  // namespace isa
