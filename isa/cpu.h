// One AArch64 processing element (PE): architectural state and the step loop.
//
// The core is plain C++: it talks to memory through mmu::Bus and to the platform
// (PSCI firmware, semihosting, the wait-for-interrupt machinery) through SystemHooks,
// so unit tests can drive it without a SystemC kernel.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "isa/decode.h"
#include "isa/exception.h"
#include "isa/pmu.h"
#include "isa/sysregs.h"
#include "mmu/bus.h"
#include "mmu/mmu.h"
#include "mmu/tlb.h"

namespace isa {

class Cpu;

// What a core needs from the platform it sits in.
class SystemHooks {
 public:
  virtual ~SystemHooks() = default;
  // An SMC/HVC that the platform's firmware serves (PSCI when it is the conduit).
  // Returns true when handled: the instruction then completes like a call that
  // returned, without an exception.
  virtual bool smc_call(Cpu& cpu) { return false; }
  virtual bool hvc_call(Cpu& cpu) { return false; }
  // HLT #0xF000 with semihosting enabled. Returns true when handled.
  virtual bool semihosting_call(Cpu& cpu) { return false; }
  // The core executed WFI/WFE without a trap: it stops its batch so the platform can
  // advance time to the next event.
  virtual void wait_for_event(Cpu& cpu, bool wfe) {}
  // The system counter (CNTPCT_EL0) now, in counter ticks. The platform derives it
  // from simulated time; standalone, it counts retired instructions.
  virtual uint64_t physical_count(const Cpu& cpu);
  // A generic timer register (CNT*_CTL/CVAL/TVAL, CNTVOFF_EL2, CNTHCTL_EL2,
  // CNTKCTL_EL1) was written: the platform's timer model re-evaluates its outputs.
  virtual void timer_changed(Cpu& cpu) {}
  // The core's cycle count now (the PMU's CPU_CYCLES), with `extra_insns` more
  // instructions retired. The platform's cycle model counts them; standalone, one
  // cycle per retired instruction.
  virtual uint64_t cycles(const Cpu& cpu, unsigned extra_insns);
  // The PMU's overflow interrupt request changed (isa/pmu.h).
  virtual void pmu_irq_changed(Cpu& cpu, bool level) {}
};

// Observers of execution, for --trace. Only called when attached.
class Tracer {
 public:
  virtual ~Tracer() = default;
  virtual void on_insn(const Cpu& cpu, uint64_t pc, uint32_t raw, unsigned el) = 0;
  virtual void on_exception(const Cpu& cpu, const Exception& e, unsigned from_el, unsigned to_el,
                            uint64_t vector) = 0;
};

// Why a run() batch stopped early.
enum class StopReason : uint8_t { None, Budget, Halt, Wfi, Shutdown };

struct Pstate {
  uint8_t n = 0, z = 0, c = 0, v = 0;  // condition flags, each 0 or 1
  uint8_t d = 1, a = 1, i = 1, f = 1;  // DAIF masks
  uint8_t sp = 1;                      // SPSel: 1 selects SP_ELx
  uint8_t el = 2;                      // current exception level
  uint8_t ss = 0;                      // software step
  uint8_t il = 0;                      // illegal execution state
};

// The DFSC/IFSC (fault status code) that reports a translation or access fault.
uint32_t fault_status_code(const mmu::Fault& f);

// SPSR_ELx layout of a PSTATE (Arm ARM C5.2.18), as exception entry saves it.
uint32_t pack_spsr(const Pstate& p);
// PSTATE.{N, Z, C, V} and {D, A, I, F} from their SPSR/CPSR bit positions.
inline void unpack_flags_and_masks(Pstate& p, uint64_t spsr) {
  p.n = (spsr >> 31) & 1;
  p.z = (spsr >> 30) & 1;
  p.c = (spsr >> 29) & 1;
  p.v = (spsr >> 28) & 1;
  p.d = (spsr >> 9) & 1;
  p.a = (spsr >> 8) & 1;
  p.i = (spsr >> 7) & 1;
  p.f = (spsr >> 6) & 1;
}

struct CpuConfig {
  unsigned index = 0;           // MPIDR_EL1.Aff0
  bool has_el2 = true;          // virtualization extensions present
  unsigned pa_bits = 44;        // ID_AA64MMFR0_EL1.PARange (Cortex-A57: 44)
  bool semihosting = true;      // HLT #0xF000 is a semihosting call
  uint64_t cntfrq = 62500000;   // CNTFRQ_EL0 reset value
  mmu::TlbHierarchyConfig tlb;  // the modelled TLBs
  // Run the specialised bodies of common encodings (isa/fastpath.h); false runs every
  // instruction through its table body (tests compare the two).
  bool specialised_bodies = true;
};

class Cpu : private mmu::TlbObserver {
 public:
  Cpu(const CpuConfig& cfg, mmu::Bus& bus, SystemHooks& hooks);
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;

  // Reset: EL2h when EL2 is present (EL1h otherwise), DAIF masked, registers at
  // their reset values, PC = entry.
  void reset(uint64_t entry);

  // Execute up to max_insns instructions; returns the number retired. Stops early
  // when a hook asks to (stop()).
  uint64_t run(uint64_t max_insns);
  void stop(StopReason r) {
    stop_ = r;
    exit_ |= kExitEnd;
  }
  StopReason stop_reason() const { return stop_; }

  void set_tracer(Tracer* t) { tracer_ = t; }

  // ---- general-purpose registers (register 31 is XZR or SP by encoding) ----
  uint64_t x(unsigned n) const { return n == 31 ? 0 : x_[n]; }
  uint64_t x_or_sp(unsigned n) const { return n == 31 ? sp() : x_[n]; }
  uint32_t w(unsigned n) const { return static_cast<uint32_t>(x(n)); }
  void set_x(unsigned n, uint64_t v) {
    if (n != 31) x_[n] = v;
  }
  void set_w(unsigned n, uint32_t v) { set_x(n, v); }
  void set_x_or_sp(unsigned n, uint64_t v) {
    if (n == 31)
      set_sp(v);
    else
      x_[n] = v;
  }
  // The register file as the predecoded bodies index it: [31] reads as zero and must
  // not be written, [32] is where they write XZR results (see Decoded).
  uint64_t* xregs() { return x_.data(); }
  static constexpr unsigned kXzrRead = 31, kXzrWrite = 32;
  uint64_t sp() const { return sp_el_[pstate_.sp ? pstate_.el : 0]; }
  void set_sp(uint64_t v) { sp_el_[pstate_.sp ? pstate_.el : 0] = v; }
  uint64_t& sp_el(unsigned el) { return sp_el_[el]; }

  // ---- PC and control flow ----
  uint64_t pc() const { return pc_; }
  // The PC that a branch or exception return to `target` sets at the current EL: the
  // target without its tag where TBI applies to instruction addresses
  // (AArch64.BranchAddr). Bodies branch to the target as it is; the step loop strips
  // the tag (strip_pc_tag) before the PC is fetched from, is an interrupt's return
  // address, or is returned by run().
  uint64_t branch_addr(uint64_t target) const;
  void set_pc(uint64_t v) { pc_ = v; }  // outside of an instruction body
  // Inside an instruction body: the next instruction is at target.
  void branch_to(uint64_t target) {
    next_pc_ = target;
    exit_ |= kExitBranch;
  }
  uint64_t next_pc() const { return exit_ & kExitBranch ? next_pc_ : pc_ + 4; }
  // Inside an instruction body: end the straight-line run after this instruction, so
  // that the step loop looks at the core's state again (translation, EL, interrupts)
  // before fetching the next one.
  void end_run() { exit_ |= kExitEnd; }

  Pstate& pstate() { return pstate_; }
  const Pstate& pstate() const { return pstate_; }
  unsigned el() const { return pstate_.el; }
  uint32_t nzcv() const {
    return (uint32_t{pstate_.n} << 31) | (uint32_t{pstate_.z} << 30) | (uint32_t{pstate_.c} << 29) |
           (uint32_t{pstate_.v} << 28);
  }
  void set_nzcv(uint32_t v) {
    pstate_.n = (v >> 31) & 1;
    pstate_.z = (v >> 30) & 1;
    pstate_.c = (v >> 29) & 1;
    pstate_.v = (v >> 28) & 1;
  }
  // ConditionHolds() of the Arm ARM (C1.2.4).
  bool condition_holds(unsigned cond) const;

  // ---- SIMD&FP register file ----
  // V registers as two 64-bit halves, element 0 in the low half (little-endian lanes).
  uint64_t* vreg(unsigned n) { return v_[n].data(); }
  const uint64_t* vreg(unsigned n) const { return v_[n].data(); }
  uint32_t fpcr = 0;
  uint32_t fpsr = 0;
  // CheckFPAdvSIMDEnabled64(): raises the CPACR_EL1.FPEN / CPTR_EL2.TFP trap and
  // returns false when SIMD&FP is disabled at the current EL.
  bool check_fp_enabled() {
    if (fp_enabled()) [[likely]]
      return true;
    return check_fp_enabled_slow();
  }
  // The common case of that, which raises nothing: EL2, or CPACR_EL1.FPEN = 0b11, and
  // CPTR_EL2.TFP clear (without EL2 CPTR_EL2 keeps its reset value, TFP clear). False
  // says only that check_fp_enabled() must decide.
  bool fp_enabled() const {
    return (pstate_.el == 2 || ((sr_.CPACR_EL1 >> 20) & 3) == 3) && !(sr_.CPTR_EL2 & (1u << 10));
  }
  bool check_fp_enabled_slow();

  // ---- system registers ----
  SysRegs& sr() { return sr_; }
  const SysRegs& sr() const { return sr_; }
  // The performance monitors: counters and controls (the PM* registers).
  Pmu& pmu() { return pmu_; }
  const Pmu& pmu() const { return pmu_; }
  // An instruction that makes more data lookups than a pair (isa/pmu.h) calls this.
  void many_data_lookups() {
    if (pmu_.enabled()) [[unlikely]]
      pmu_.after_many_lookups(*this);
  }
  const CpuConfig& config() const { return cfg_; }

  // ---- memory ----
  // Data accesses at the current EL (or as if at EL0 for unprivileged forms). On a
  // fault they raise the abort and return false; the body must then return.
  struct MemOp {
    bool unpriv = false;     // LDTR/STTR
    bool exclusive = false;  // LDXR/STXR family: alignment always checked
    bool ordered = false;    // LDAR/STLR family: alignment always checked
    bool simd = false;       // SIMD&FP register transfer
    uint8_t rt = 0;          // for the data-abort syndrome
    bool sign_extend = false;
    bool sf = false;           // 64-bit destination register
    bool cache_maint = false;  // DC/IC by VA: a fault reports ESR ISS.CM = 1, WnR = 1
    // A stage-2 data abort taken to EL2 carries the instruction syndrome (ESR ISS.ISV
    // with SAS/SSE/SRT/SF/AR): single general-purpose register loads and stores
    // without writeback. Pairs, exclusives, SIMD&FP and writeback forms leave it false.
    bool syndrome_valid = false;
    bool acqrel = false;  // ISS.AR: load-acquire / store-release
    uint8_t size = 0;     // access size in bytes for ISS.SAS (set by the slow path)
  };
  bool read(uint64_t va, unsigned size, uint64_t& out, const MemOp& op);
  // The host-pointer fast path alone: true with `h` pointing at host memory for an
  // aligned access of `size` bytes at va at the current EL, counted as a hit in the
  // modelled TLB entry it is tied to; false when the access needs the full path
  // (read/write). With count = 2, two consecutive accesses of `size` bytes (a pair),
  // both in the page.
  bool host_for_read(uint64_t va, unsigned size, uint8_t*& h, unsigned count = 1) {
    return read_hit(host_[pstate_.el], va, size, count, h);
  }
  bool host_for_write(uint64_t va, unsigned size, uint8_t*& h, unsigned count = 1) {
    return host_hit(host_[pstate_.el].write[(va >> 12) % kHostEntries], va, size, count, h);
  }
  // The physical address of an aligned data access of `size` bytes at va that the
  // host-pointer cache holds at the current EL (for reading, or writing), counted as the
  // lookup it stands for, as host_for_read/host_for_write count theirs: the tied TLB
  // entry holds the translation. False when the cache does not hold it (the caller
  // then translates: translate_data).
  bool cached_pa(uint64_t va, unsigned size, bool write, uint64_t& pa) {
    const HostCache& hc = host_[pstate_.el];
    const HostEntry& e = (write ? hc.write : hc.read)[(va >> 12) % kHostEntries];
    uint8_t* h;
    if (tlb_.untracked(e.tie) || !host_hit(e, va, size, 1, h)) return false;
    pa = e.tie->m.pa(va);
    return true;
  }
  // The same inside the step loop, where the current EL's cache is at hand.
  bool run_host_read(uint64_t va, unsigned size, uint8_t*& h, unsigned count = 1) {
    return read_hit(*run_host_, va, size, count, h);
  }
  bool run_host_write(uint64_t va, unsigned size, uint8_t*& h, unsigned count = 1) {
    return host_hit(run_host_->write[(va >> 12) % kHostEntries], va, size, count, h);
  }
  bool write(uint64_t va, unsigned size, uint64_t value, const MemOp& op);
  bool read128(uint64_t va, uint64_t out[2], const MemOp& op);
  bool write128(uint64_t va, const uint64_t value[2], const MemOp& op);
  // Translate for a data access without accessing memory (exclusive monitors, DC ZVA).
  bool translate_data(uint64_t va, mmu::AccessType type, unsigned size, const MemOp& op,
                      uint64_t& pa);
  // After translate_data() found pa for a write at va: the host-pointer cache entry
  // the full path would fill, so that the write, made next, takes the fast path (a
  // store exclusive translates to check its monitor first).
  void fill_host_for_write(uint64_t va, uint64_t pa, const MemOp& op);
  mmu::Bus& bus() { return bus_; }
  // The modelled TLBs (TLBI, AT and statistics use them).
  mmu::TlbHierarchy& tlb() { return tlb_; }
  const mmu::TlbHierarchy& tlb() const { return tlb_; }
  // A translation for a debugger or semihosting: walks the tables without touching
  // the TLBs, statistics or architectural state.
  mmu::Translation translate_debug(uint64_t va, mmu::AccessType type) {
    return tlb_.translate_uncached(translation_regs(false), va, type);
  }
  // CheckSPAlignment(): a load/store based on SP (Rn == 31) with SCTLR_ELx.SA (SA0 at
  // EL0) set and SP not 16-byte aligned raises the SP alignment fault (EC 0x26) and
  // returns false.
  bool check_sp_alignment();

  // Exclusive monitor (local): LDXR marks, STXR checks and clears, CLREX clears.
  void exclusive_mark(uint64_t pa, unsigned size) {
    excl_valid_ = true;
    excl_pa_ = pa;
    excl_size_ = size;
  }
  bool exclusive_check(uint64_t pa, unsigned size) const {
    return excl_valid_ && excl_pa_ == pa && excl_size_ == size;
  }
  void exclusive_clear() { excl_valid_ = false; }

  // ---- exceptions ----
  // Record an exception for the step loop to take. Always returns false, so a body
  // can write `return cpu.raise(e);` from a bool helper.
  bool raise(const Exception& e) {
    exc_ = e;
    exc_pending_ = true;
    exit_ |= kExitEnd;
    return false;
  }
  // Common raises, named after the Arm ARM's pseudocode.
  bool undefined();  // UNDEFINED: EC 0x00 to EL1 (EL2 from EL2, or with TGE)
  // A trapped MSR/MRS/SYS (EC 0x18) with the instruction's ISS, to target_el.
  bool trap_sysreg(uint32_t insn, int target_el);
  // Route and enter an exception: ESR/ELR/SPSR/FAR, PSTATE, vector (Arm ARM D1.10).
  void take_exception(const Exception& e);
  // ERET: restore PSTATE from SPSR_ELx and PC from ELR_ELx (with illegal-return checks).
  void exception_return();
  // The exception level that a Sync exception raised with kRoute is taken to.
  int route_sync_target() const;

  // The translation registers for the current regime (or for EL0 when el0 is set).
  mmu::TranslationRegs translation_regs(bool el0_access) const;
  // The same, kept per regime (and for EL0 apart) from one translation to the next
  // until invalidate_host_pages(), which every write of a translation register makes
  // (so must any code that writes one in SysRegs directly).
  const mmu::TranslationRegs& current_translation_regs(bool el0_access) {
    // 0: the EL2 regime; 1: EL1&0 at EL1; 2: EL1&0 as EL0.
    const unsigned k = pstate_.el == 2 && !el0_access ? 0 : el0_access || pstate_.el == 0 ? 2 : 1;
    RegsCache& c = regs_cache_[k];
    if (c.generation != regs_generation_) [[unlikely]] {
      c.regs = translation_regs(el0_access);
      c.generation = regs_generation_;
    }
    return c.regs;
  }
  // Drop cached host pointers and decoded-page links: call after any change of
  // translation registers (also one made in SysRegs directly: the translations keep
  // their registers until then, see current_translation_regs) or TLB maintenance
  // (dmi_invalidated() calls it). The caches are kept per exception level (an
  // exception or ERET switches between them); `els` selects which to drop (bit n: ELn).
  static constexpr unsigned kAllEls = 7, kEl10 = 3, kEl2 = 4;
  void invalidate_host_pages(unsigned els = kAllEls);
  // The bus withdrew DMI: also forget the host pages of physical pages
  // (TlbHierarchy::host_pages(), which the walks and this core's accesses share).
  void dmi_invalidated();
  // Also forget every predecoded page (after a bus remap of code memory).
  void drop_decoded_pages();
  // Physical memory [pa, pa + len) was written from outside this core's stores (a
  // debugger, semihosting, a loader): the predecoded instructions there decode again.
  void code_written(uint64_t pa, uint64_t len);

  // ---- interrupts (the GIC and timers drive these later) ----
  void set_irq_line(bool level) {
    irq_line_ = level;
    update_interrupt_pending();
  }
  void set_fiq_line(bool level) {
    fiq_line_ = level;
    update_interrupt_pending();
  }
  // The GIC's virtual CPU interface signals (vIRQ, vFIQ): pending virtual interrupts
  // as if HCR_EL2.VI/VF were set (the Arm ARM ORs the two).
  void set_virq_line(bool level) {
    virq_line_ = level;
    update_interrupt_pending();
  }
  void set_vfiq_line(bool level) {
    vfiq_line_ = level;
    update_interrupt_pending();
  }
  bool irq_line() const { return irq_line_; }  // ISR_EL1 reads the pending lines
  bool fiq_line() const { return fiq_line_; }
  bool virq_line() const { return virq_line_; }
  bool vfiq_line() const { return vfiq_line_; }
  // A WFI/WFE wake-up event is pending (Arm ARM D1.16.2): a physical IRQ or FIQ
  // whatever PSTATE masks say, or a virtual one at EL0/EL1 routed by HCR_EL2.
  bool wakeup_pending() const;
  void update_interrupt_pending();

  // ---- event register (WFE/SEV/SEVL) ----
  bool event_register = false;

  // ---- the generic timer's event streams (Arm ARM D11.2.3) ----
  // CNTKCTL_EL1.{EVNTEN,EVNTDIR,EVNTI} make an event each time the selected bit of the
  // virtual count (CNTPCT - CNTVOFF_EL2) goes 0 to 1 (EVNTDIR 0) or 1 to 0 (EVNTDIR 1);
  // CNTHCTL_EL2's fields the same from the physical count. An event sets the Event
  // Register. Nothing counts them as they happen: poll_event_streams() sets the Event
  // Register when a stream made an event since the last poll (WFE polls, the only
  // reader), and event_streams_changed(), after a write to CNTKCTL_EL1, CNTHCTL_EL2 or
  // CNTVOFF_EL2, polls under the old settings and starts the new ones from now.
  bool poll_event_streams();
  void event_streams_changed();
  // The physical count at which the next stream event happens; UINT64_MAX if none
  // (for a WFE that sleeps: the platform wakes it then).
  uint64_t next_event_stream_count();

  // ---- watchpoints (a debugger's) ----
  // A load or store that would touch [va, va + len) with an access of the given kind
  // stops the run before its instruction, which does not execute (a watchpoint debug
  // event's behaviour). Pages that hold a watchpoint take the full access
  // path (no host entries), so the fast paths need no test.
  enum WatchKind : uint8_t { kWatchWrite = 1, kWatchRead = 2, kWatchAccess = 3 };
  void add_watchpoint(uint64_t va, uint64_t len, WatchKind kind);
  void remove_watchpoint(uint64_t va, uint64_t len, WatchKind kind);
  struct WatchHit {
    uint64_t va = 0;  // the watched address the access touched
    WatchKind kind = kWatchAccess;
    bool write = false;
  };
  // For instructions with effects before their access (a store exclusive clears the
  // monitor; DC ZVA writes its block in parts; a pair or a structure makes its
  // accesses one after another): whether a watchpoint stops the whole access before
  // any of them. True: the core stops before the instruction, which must return at
  // once.
  bool watch_stop(uint64_t va, unsigned size, bool write) {
    if (watch_.empty()) [[likely]]
      return false;
    if (!watch_hits(va, size, write)) return false;
    debug_halt();
    return true;
  }
  // The hit that ended the last run, if one did (cleared by reading it).
  bool take_watch_hit(WatchHit& hit) {
    if (!watch_hit_) return false;
    hit = *watch_hit_;
    watch_hit_.reset();
    return true;
  }

  // ---- statistics ----
  struct Stats {
    std::array<uint64_t, 4> insns_by_el{};
    // exceptions[ec][target_el], for Sync; irq/fiq/serror by target EL.
    std::array<std::array<uint64_t, 4>, 64> sync_exceptions{};
    std::array<std::array<uint64_t, 4>, 3> async_exceptions{};
    uint64_t exceptions = 0;         // all of the above
    uint64_t exception_returns = 0;  // ERETs executed (illegal returns included)
  };
  const Stats& stats() const { return stats_; }
  // Exact at any point, also inside an instruction body in the middle of a run (the
  // step loop folds a straight-line run into stats_ when it ends).
  uint64_t instructions_retired() const {
    return stats_.insns_by_el[0] + stats_.insns_by_el[1] + stats_.insns_by_el[2] +
           stats_.insns_by_el[3] + (in_run_ ? run_done_ + ((pc_ - run_pc_) >> 2) : 0);
  }

  SystemHooks& hooks() { return hooks_; }

 private:
  template <bool kTrace>
  uint64_t run_loop(uint64_t max_insns);
  // Points the fetch cache at the PC's page (translating it, which counts one itlb
  // lookup). Returns false when the fetch raised an exception, and leaves the
  // fetch cache invalid for a page without host memory (slow_decoded_ then holds the
  // instruction, fetched over the bus).
  bool fetch_slow();
  // pc_ = branch_addr(pc_) where that may change it: bits 63:55 not all equal (a tag,
  // or bit 55 set under a zero top byte, which TBI1 sign-extends).
  void strip_pc_tag() {
    if (const uint64_t top = pc_ >> 55; top != 0 && top != 0x1FF) [[unlikely]]
      pc_ = branch_addr(pc_);
  }
  // predecode() and place_in_page() for the slot at `offset` in its page, honouring
  // specialised_bodies.
  void decode_slot(Decoded& d, unsigned offset);
  // The step loop's (untraced) label for each FastOp: a slot holds the label of its op,
  // so dispatch is one indirect jump. run_loop<false>(0) in the constructor sets it.
  const void* const* fast_labels_ = nullptr;
  bool data_access_slow(uint64_t va, unsigned size, void* data, bool write, const MemOp& op);
  // data_access_slow() of an access that crosses a page: byte by byte, after both ends
  // translate, each with one TLB lookup (out of line: rare).
  [[gnu::noinline]] bool access_across_pages(uint64_t va, unsigned size, void* data, bool write,
                                             const MemOp& op);
  // What the aborts of fault `f` at `va` share: FAR, the target EL (EL2 for a stage-2
  // fault) and the class (`lower` when it is above the current EL, else `same`), the
  // IPA of a stage-2 fault, and the ISS's fault status code and S1PTW bit.
  Exception abort_exception(uint64_t va, const mmu::Fault& f, Ec lower, Ec same) const;
  bool raise_data_abort(uint64_t va, const mmu::Fault& f, bool write, const MemOp& op);
  // `op` with the access size for an abort's syndrome (ISS.SAS), unless it has one.
  static MemOp with_size(const MemOp& op, unsigned size) {
    MemOp o = op;
    if (o.size == 0) o.size = static_cast<uint8_t>(size);
    return o;
  }
  bool raise_insn_abort(uint64_t va, const mmu::Fault& f);
  // mmu::TlbObserver: keep the host-pointer cache within what its tied entries hold.
  // A tied entry's observer_bits: bit 2 * EL + write for each host cache that has
  // held an entry tied to it.
  void tlb_dropped(const mmu::Tlb& from, const mmu::Tlb::Entry* slot, uint64_t va_base,
                   unsigned shift, unsigned observer_bits) override;
  void tlb_flushed() override { invalidate_host_pages(); }
  bool check_async();  // true when it took an exception

  CpuConfig cfg_;
  mmu::Bus& bus_;
  SystemHooks& hooks_;
  Tracer* tracer_ = nullptr;
  mmu::TlbHierarchy tlb_;
  mmu::Tlb::Entry* tlb_tie_ = nullptr;  // the last translate_data() result's tie
  // The replacement clocks of the structures host entries tie to (data, fetch).
  uint64_t* dclock_ = nullptr;
  uint64_t* iclock_ = nullptr;
  // Those structures (tlb_dropped), or nullptr.
  const mmu::Tlb* dtie_target_ = nullptr;
  const mmu::Tlb* itie_target_ = nullptr;
  // iclock_ == dclock_: one structure behind fetches and data (no micro-TLBs). Data
  // accesses then take the full path (no host entries are made for them), which
  // counts the run's fetches first and keeps the structure's replacement order.
  bool shared_tie_clock_ = false;

  // X0-X30, then a register that always reads 0 (XZR for the predecoded bodies, which
  // index this array with register numbers), then one that absorbs their writes to XZR.
  std::array<uint64_t, 33> x_{};
  std::array<uint64_t, 3> sp_el_{};
  std::array<std::array<uint64_t, 2>, 32> v_{};
  uint64_t pc_ = 0;
  uint64_t next_pc_ = 0;
  Pstate pstate_;
  SysRegs sr_;
  Pmu pmu_;

  bool exc_pending_ = false;
  Exception exc_;
  StopReason stop_ = StopReason::None;
  // Why the current straight-line run must end after this instruction.
  static constexpr uint8_t kExitEnd = 1, kExitBranch = 2;
  uint8_t exit_ = 0;
  // A run: straight-line stretches joined by branches taken within the page or into a
  // page the fetch cache holds, and by page ends. The current stretch began at
  // run_pc_; run_done_ instructions retired before it.
  bool in_run_ = false;
  uint64_t run_pc_ = 0;
  uint64_t run_done_ = 0;
  // The run's fetches are hits in the itlb entry of the current page (run_tie_); they
  // are counted in it before any TLB operation can evict it (commit_fetch_hits), when
  // the run moves to another page and when it ends. run_counted_ fetches are counted.
  mmu::Tlb::Entry* run_tie_ = nullptr;
  uint64_t run_counted_ = 0;

 public:
  // Count the current run's instruction fetches not counted yet, the executing one
  // included, as hits in the current page's itlb entry (done before a TLB lookup,
  // maintenance or statistics read).
  void commit_fetch_hits() {
    if (in_run_) count_run_fetches(run_done_ + ((pc_ - run_pc_) >> 2) + 1);
  }

 private:
  // The run has fetched `fetched` instructions: count those not counted yet as hits in
  // the current page's itlb entry.
  void count_run_fetches(uint64_t fetched) {
    if (fetched > run_counted_) {
      run_tie_->fast_hits += fetched - run_counted_;
      run_tie_->stamp = ++*iclock_;
      run_counted_ = fetched;
    }
  }

  bool excl_valid_ = false;
  uint64_t excl_pa_ = 0;
  unsigned excl_size_ = 0;

  // The event streams as last polled: the EVNT* fields (bits 2-7) and the counter's
  // offset they were set up with, and the count (of that counter) seen then.
  struct EventStream {
    uint64_t ctl = 0, offset = 0, seen = 0;
  };
  std::array<EventStream, 2> streams_{};  // [0] CNTKCTL_EL1 (virtual), [1] CNTHCTL_EL2
  EventStream stream_settings(unsigned i) const;
  bool poll_event_streams_at(uint64_t phys);  // phys: the physical count now

  bool irq_line_ = false, fiq_line_ = false;
  bool virq_line_ = false, vfiq_line_ = false;
  bool async_pending_ = false;  // an interrupt may need taking: checked per instruction

  // Host-pointer speed cache: not an architectural TLB. Each entry is tied to the
  // modelled TLB entry that holds its translation, in the structure the access looks
  // up first (the micro-TLB of its kind; see TlbHierarchy::tie_target), or to a dummy
  // one for MMU-off flat mappings; for RAM with a direct host page. A hit here is a
  // hit in that entry, so it counts one there and stamps it for LRU (count_hit), and
  // TlbObserver drops the entry when the tied one leaves.
  struct HostEntry {
    uint64_t tag = ~0ull;  // VA of the page (low 12 bits zero), ~0 = invalid
    uint64_t addend = 0;   // host address - VA
    mmu::Tlb::Entry* tie = nullptr;
    // The tag the entry held when its tie left (~0: none since its fill). The full
    // path prefetches va + addend when it finds the VA's page here: it is likely to
    // translate to the same host page, and the guest's data then arrives while the TLB
    // model works. (Also makes 32 bytes: the index scales with a shift.)
    uint64_t dropped = ~0ull;
  };
  // What the modelled structure does on a lookup that hits `e`: a few instructions,
  // no call; TlbHierarchy folds fast_hits into the statistics when they are read.
  // An entry that holds the structure's latest stamp already is its most recently
  // used: stamping it again would not change the replacement order.
  // (n lookups in a row: the first stamps it, and the others find the latest stamp.)
  static void count_hit(mmu::Tlb::Entry* e, uint64_t* clock, unsigned n = 1) {
    e->fast_hits += n;
    if (e->stamp != *clock) e->stamp = ++*clock;
  }
  static constexpr unsigned kHostEntries = 1024;
  // One compare checks the page and the alignment: the tag has the low bits clear.
  bool host_hit(const HostEntry& e, uint64_t va, unsigned size, unsigned count, uint8_t*& h) {
    if ((va & (~0xFFFull | (size - 1))) != e.tag) [[unlikely]]
      return false;
    if (count > 1 && (va & 0xFFF) + size * count > 0x1000) return false;
    count_hit(e.tie, dclock_, count);  // one lookup per access (of count in a row)
    h = reinterpret_cast<uint8_t*>(va + e.addend);
    return true;
  }
  // Slot numbers below N: which slots of a cache to visit (an invalidation, a drop)
  // instead of all of them. May hold slots that were invalidated since.
  template <unsigned N>
  struct SlotSet {
    static_assert(N % 64 == 0);
    std::array<uint64_t, N / 64> words{};
    void insert(unsigned i) { words[i / 64] |= uint64_t{1} << (i % 64); }
    void erase(unsigned i) { words[i / 64] &= ~(uint64_t{1} << (i % 64)); }
    void clear() { words = {}; }
    // f(i) for each slot i, as a word stood when its visit began (f may erase).
    template <typename F>
    void for_each(F f) const {
      for (size_t w = 0; w < words.size(); ++w)
        for (uint64_t b = words[w]; b; b &= b - 1)
          f(static_cast<unsigned>(w * 64 + static_cast<unsigned>(__builtin_ctzll(b))));
    }
  };
  struct HostCache;
  // A read in the flat region (aligned, as Device memory requires); the callers read
  // at most 32 bytes from h (a pair of 16-byte registers).
  static bool flat_hit(const HostCache& hc, uint64_t va, unsigned size, uint8_t*& h);
  // A read served by a level's caches: its flat region, else its read slot.
  bool read_hit(const HostCache& hc, uint64_t va, unsigned size, unsigned count, uint8_t*& h);
  struct HostCache {
    // Reads while no translation regime is active (MMU off: VA = PA, Device memory,
    // nothing counted): the directly accessible region (RAM) the last full-path read
    // found, read without a slot. An access of up to 32 bytes may start at
    // flat_base + [0, flat_span); flat_span is 0 while there is none.
    uint64_t flat_base = 0;
    uint64_t flat_span = 0;
    uint8_t* flat_host = nullptr;
    std::array<HostEntry, kHostEntries> read{};
    std::array<HostEntry, kHostEntries> write{};
    // Slot i < kHostEntries is read[i], else write[i - kHostEntries].
    HostEntry& entry(uint32_t i) { return i < kHostEntries ? read[i] : write[i - kHostEntries]; }
    // The slots filled since the last invalidation of the level.
    SlotSet<2 * kHostEntries> filled;
    // Slots (write slots + kHostEntries) whose tie maps more than a page: dropping such
    // a tie visits these instead of every slot its block could cover. May hold stale
    // slots; they are pruned as they are visited.
    std::vector<uint32_t> large;
  };
  std::array<HostCache, 3> host_{};  // by exception level (PSTATE.EL indexes it)
  // current_translation_regs(): valid while generation is regs_generation_, which
  // invalidate_host_pages() advances.
  struct RegsCache {
    mmu::TranslationRegs regs;
    uint64_t generation = 0;
  };
  std::array<RegsCache, 3> regs_cache_{};
  uint64_t regs_generation_ = 1;
  // Make the region of pa (just read at va = pa with no regime active) the flat one.
  void set_flat_region(HostCache& hc, uint64_t pa);
  // Fill the current EL's slot of va (a read or write one) with host page `host`, tied
  // to tlb_tie_, unless the access may not take the fast path (unprivileged, watched,
  // no tie).
  void fill_host_slot(uint64_t va, uint8_t* host, bool write, const MemOp& op);
  HostCache* run_host_ = &host_[2];  // the current run's (its EL's)

  // Predecoded instructions by physical page; the fetch cache points at them. A slot
  // is decoded when first executed, and again after a write to its word: a page that
  // holds predecoded instructions has no host write entry, so every store to it takes
  // data_access_slow, which marks the slots it writes for decoding (invalidate_code). The
  // step loop then never compares an instruction with memory.
  struct DecodedPage {
    std::array<Decoded, 1025> insns;  // and op PageEnd after the last
  };
  std::unordered_map<uint64_t, std::unique_ptr<DecodedPage>> decoded_pages_;
  // Bit (page number % 4096) is set while some page of decoded_pages_ has that number:
  // a write to a page whose bit is clear holds no decoded instruction (no map lookup).
  std::array<uint64_t, 64> code_filter_{};
  static unsigned code_filter_bit(uint64_t pa) { return static_cast<unsigned>(pa >> 12) & 4095; }
  // The predecoded instructions of pa's page, or nullptr (most pages: one bit test).
  DecodedPage* decoded_page(uint64_t pa);
  // The slot of the running stretch lent op BudgetEnd (see run_loop), and what it held.
  Decoded* run_lent_ = nullptr;
  uint16_t run_lent_op_ = 0;
  const void* run_lent_label_ = nullptr;
  // A page that now holds predecoded instructions loses its host write entries (host:
  // its host address), at every exception level.
  void protect_code_page(const uint8_t* host);
  // Mark the slots of [pa, pa + len) within one page for decoding; false when the page
  // holds no predecoded instructions.
  bool invalidate_code(uint64_t pa, unsigned len);
  struct FetchCache {
    uint64_t va_page = ~0ull;  // VA of the page (low 12 bits zero), ~0 = invalid
    const uint8_t* host = nullptr;
    DecodedPage* page = nullptr;
    mmu::Tlb::Entry* tie = nullptr;  // one itlb hit per instruction fetched
  };
  // By exception level, then direct-mapped by VA page: a run goes on across pages
  // (calls, page ends) while the target page's entry is here. (Code mapped by blocks
  // has one itlb entry for many pages: the entries here are what keeps the pages of a
  // kernel's call paths apart.)
  static constexpr unsigned kFetchEntries = 1024;
  std::array<std::array<FetchCache, kFetchEntries>, 3> fetch_{};
  static unsigned fetch_slot(uint64_t va) { return (va >> 12) % kFetchEntries; }
  // Per exception level, the entries filled since the last invalidation and those tied
  // to an itlb entry larger than a page (a page's can only be in the page's entry), so
  // that neither an invalidation nor an itlb eviction visits every entry.
  std::array<SlotSet<kFetchEntries>, 3> fetch_filled_{}, fetch_large_{};
  // What tlb_dropped() does for anything but a data micro-TLB's page.
  [[gnu::noinline]] void tlb_dropped_other(const mmu::Tlb& from, const mmu::Tlb::Entry* slot,
                                           uint64_t va_base, unsigned shift,
                                           unsigned observer_bits);
  // The fetch entries tied to `slot`, an itlb entry (its range given) that leaves.
  void drop_fetch_entries(const mmu::Tlb::Entry* slot, uint64_t va_base, unsigned shift);
  // The host entries tied to `slot`, a page's entry: they can only be in the page's
  // slot, of the host caches its observer bits name.
  void drop_host_page_entries(const mmu::Tlb::Entry* slot, uint64_t va_base,
                              unsigned observer_bits) {
    const unsigned i = (va_base >> 12) % kHostEntries;
    for (unsigned bits = observer_bits; bits; bits &= bits - 1) {
      const unsigned b = static_cast<unsigned>(__builtin_ctz(bits));
      HostEntry& e = (b & 1 ? host_[b >> 1].write : host_[b >> 1].read)[i];
      if (e.tie == slot) {
        e.dropped = e.tag;
        e.tag = ~0ull;
      }
    }
  }
  Decoded slow_decoded_;  // for fetches without a host page (devices)

  Stats stats_;

  struct Watchpoint {
    uint64_t va, len;
    WatchKind kind;
  };
  std::vector<Watchpoint> watch_;
  std::optional<WatchHit> watch_hit_;
  bool debug_halt_ = false;  // with exc_pending_: stop before the instruction instead
  bool watched_page(uint64_t va) const;
  bool watch_hits(uint64_t va, unsigned size, bool write);  // records watch_hit_
  void debug_halt() {
    debug_halt_ = true;
    exc_pending_ = true;
    exit_ |= kExitEnd;
  }
};

inline bool Cpu::flat_hit(const HostCache& hc, uint64_t va, unsigned size, uint8_t*& h) {
  if (hc.flat_span == 0) return false;  // the common case when the MMU is on
  const uint64_t off = va - hc.flat_base;
  if (off >= hc.flat_span || (va & (size - 1)) != 0) return false;
  h = hc.flat_host + off;
  return true;
}

inline bool Cpu::read_hit(const HostCache& hc, uint64_t va, unsigned size, unsigned count,
                          uint8_t*& h) {
  return flat_hit(hc, va, size, h) ||
         host_hit(hc.read[(va >> 12) % kHostEntries], va, size, count, h);
}

}  // namespace isa
