// One AArch64 processing element (PE): architectural state and the step loop.
//
// The core is plain C++: it talks to memory through mmu::Bus and to the platform
// (PSCI firmware, semihosting, the wait-for-interrupt machinery) through SystemHooks,
// so unit tests can drive it without a SystemC kernel.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "isa/exception.h"
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

// A predecoded instruction: the raw word it was decoded from and its body.
using ExecFn = void (*)(Cpu&, uint32_t);
struct Decoded {
  uint32_t raw = 0;
  uint16_t id = 0;
  ExecFn fn = nullptr;
};

struct CpuConfig {
  unsigned index = 0;           // MPIDR_EL1.Aff0
  bool has_el2 = true;          // virtualization extensions present
  unsigned pa_bits = 44;        // ID_AA64MMFR0_EL1.PARange (Cortex-A57: 44)
  bool semihosting = true;      // HLT #0xF000 is a semihosting call
  uint64_t cntfrq = 62500000;   // CNTFRQ_EL0 reset value
  mmu::TlbHierarchyConfig tlb;  // the modelled TLBs
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
  void stop(StopReason r) { stop_ = r; }
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
  uint64_t sp() const { return sp_el_[pstate_.sp ? pstate_.el : 0]; }
  void set_sp(uint64_t v) { sp_el_[pstate_.sp ? pstate_.el : 0] = v; }
  uint64_t& sp_el(unsigned el) { return sp_el_[el]; }

  // ---- PC and control flow ----
  uint64_t pc() const { return pc_; }
  void set_pc(uint64_t v) { pc_ = v; }                    // outside of an instruction body
  void branch_to(uint64_t target) { next_pc_ = target; }  // inside an instruction body
  uint64_t next_pc() const { return next_pc_; }

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
  bool check_fp_enabled();

  // ---- system registers ----
  SysRegs& sr() { return sr_; }
  const SysRegs& sr() const { return sr_; }
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
  bool write(uint64_t va, unsigned size, uint64_t value, const MemOp& op);
  bool read128(uint64_t va, uint64_t out[2], const MemOp& op);
  bool write128(uint64_t va, const uint64_t value[2], const MemOp& op);
  // Translate for a data access without accessing memory (exclusive monitors, DC ZVA).
  bool translate_data(uint64_t va, mmu::AccessType type, unsigned size, const MemOp& op,
                      uint64_t& pa);
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
  // Drop cached host pointers and decoded-page links: call after any change of
  // translation registers, EL, TLB maintenance, or when the bus withdraws DMI.
  void invalidate_host_pages();
  // Also forget every predecoded page (after a bus remap of code memory).
  void drop_decoded_pages();
  // Used by the decode trampoline: cache the body for the slot at the current PC.
  void install_decoded(uint32_t raw, uint16_t id, ExecFn fn);

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

  // ---- statistics ----
  struct Stats {
    std::array<uint64_t, 4> insns_by_el{};
    // exceptions[ec][target_el], for Sync; irq/fiq/serror by target EL.
    std::array<std::array<uint64_t, 4>, 64> sync_exceptions{};
    std::array<std::array<uint64_t, 4>, 3> async_exceptions{};
  };
  const Stats& stats() const { return stats_; }
  uint64_t instructions_retired() const {
    return stats_.insns_by_el[0] + stats_.insns_by_el[1] + stats_.insns_by_el[2] +
           stats_.insns_by_el[3];
  }

  SystemHooks& hooks() { return hooks_; }

 private:
  template <bool kTrace>
  uint64_t run_loop(uint64_t max_insns);
  const Decoded* fetch();  // fast path; nullptr when an exception was raised
  const Decoded* fetch_slow();
  const Decoded* fetch_cached();  // the fetch cache's slot for the PC, counting nothing
  bool data_access_slow(uint64_t va, unsigned size, void* data, bool write, const MemOp& op);
  bool raise_data_abort(uint64_t va, const mmu::Fault& f, bool write, const MemOp& op);
  bool raise_insn_abort(uint64_t va, const mmu::Fault& f);
  // mmu::TlbObserver: keep the host-pointer cache within what its tied entries hold.
  void tlb_dropped(const mmu::Tlb::Entry* slot, uint64_t va_base, unsigned shift) override;
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

  std::array<uint64_t, 31> x_{};
  std::array<uint64_t, 3> sp_el_{};
  std::array<std::array<uint64_t, 2>, 32> v_{};
  uint64_t pc_ = 0;
  uint64_t next_pc_ = 0;
  Pstate pstate_;
  SysRegs sr_;

  bool exc_pending_ = false;
  Exception exc_;
  StopReason stop_ = StopReason::None;

  bool excl_valid_ = false;
  uint64_t excl_pa_ = 0;
  unsigned excl_size_ = 0;

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
    uint64_t tag = ~0ull;  // VA page number, ~0 = invalid
    uint8_t* host = nullptr;
    mmu::Tlb::Entry* tie = nullptr;
  };
  // What the modelled structure does on a lookup that hits `e`: a few instructions,
  // no call; TlbHierarchy folds fast_hits into the statistics when they are read.
  static void count_hit(mmu::Tlb::Entry* e, uint64_t* clock) {
    ++e->fast_hits;
    e->stamp = ++*clock;
  }
  static constexpr unsigned kHostEntries = 256;
  std::array<HostEntry, kHostEntries> host_read_{};
  std::array<HostEntry, kHostEntries> host_write_{};

  // Predecoded instructions by physical page; the fetch fast path keeps the last one.
  struct DecodedPage {
    std::array<Decoded, 1024> insns;
  };
  std::unordered_map<uint64_t, std::unique_ptr<DecodedPage>> decoded_pages_;
  struct FetchCache {
    uint64_t va_page = ~0ull;  // VA of the page (low 12 bits zero), ~0 = invalid
    const uint8_t* host = nullptr;
    DecodedPage* page = nullptr;
    mmu::Tlb::Entry* tie = nullptr;  // one itlb hit per instruction fetched
  } fetch_;
  Decoded slow_decoded_;  // for fetches without a host page (devices)

  Stats stats_;
};

}  // namespace isa
