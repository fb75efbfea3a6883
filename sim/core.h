// One core as a SystemC module: an SC_THREAD that runs isa::Cpu in batches of a
// quantum's worth of instructions, a TLM-2.0 initiator that implements mmu::Bus (DMI
// host pages obtained from the router, b_transport for the rest), and the platform
// firmware hooks (PSCI over SMC/HVC, semihosting, WFI) that isa::Cpu calls.
//
// SystemC is never in the per-instruction path: the thread yields only at quantum
// boundaries (tlm_quantumkeeper) and before waiting in WFI. Time is cycles / frequency;
// every instruction (and every exception taken) costs `cpi` cycles, and a bus (non-DMI) access adds
// the latency the target annotates, rounded up to whole cycles.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <systemc>
#include <tlm>

#include "isa/cpu.h"
#include "mmu/bus.h"
#include "sim/psci.h"
#include "sim/semihosting.h"

namespace sim {

class Core;

// What a core needs from the machine around it (implemented by sim::Platform).
class CoreHost {
 public:
  virtual ~CoreHost() = default;
  // Load the boot images and set the core's entry state (time zero, and after a reset).
  virtual void boot(Core& core) = 0;
  // Called at every quantum boundary, after the core synchronised (host input).
  virtual void quantum_boundary(Core& core) = 0;
  // Whether anything could ever wake a core waiting in WFI/WFE (an armed timer,
  // host input the guest listens for); false makes the wait a reported deadlock.
  virtual bool wake_up_possible(const Core& core) = 0;
  // A generic timer register was written (the core's local time is core.now()).
  // Returns true when an interrupt output changed: the core then syncs.
  virtual bool timer_changed(Core& core) { return false; }
  // The core's PMU overflow interrupt request changed: drive its PPI.
  virtual void pmu_irq_changed(Core& core, bool level) {}
  // While the core sleeps in WFI/WFE: whether something outside SystemC's events (host
  // input at quantum boundaries) could wake it, so the sleep must end at each quantum.
  virtual bool wake_needs_polling(const Core& core) { return true; }
  // PSCI SYSTEM_RESET: reset every device of the machine (the core resets itself).
  virtual void system_reset(Core& core) = 0;
  // End of the run with an exit status; message (may be empty) goes to stderr.
  virtual void finish(int status, const std::string& message) = 0;
  // Host console for semihosting.
  virtual SemihostingConsole& semihosting_console() = 0;
};

// A debugger attached to a core (sim/gdb_stub.h).
class CoreDebugger {
 public:
  virtual ~CoreDebugger() = default;
  // Before each batch: stop and serve the debugger when it asks (a breakpoint at the
  // PC, a finished step, its user's interrupt), and lower the batch's budget (to one
  // instruction while it compares PCs). False: the debugger ended the run.
  virtual bool before_batch(Core& core, uint64_t& budget) = 0;
  // The run ended with this exit status.
  virtual void run_ended(int status) = 0;
  // While the core sleeps in WFI/WFE: whether the debugger is attached (the core then
  // wakes at every quantum boundary to ask), and whether it asks to stop (the sleep
  // ends, the next batch stops for it).
  virtual bool attached() const = 0;
  virtual bool interrupt_pending() = 0;
};

// The system counter's value after `cycles` of a core's clock, as simulated time in
// picoseconds gives it: floor(floor(cycles * 1e12 / core_hz) * counter_hz / 1e12). Where
// both frequencies divide 1e12 (1 GHz and 62.5 MHz do) and the picoseconds fit in 64
// bits, that is floor(cycles * p / t) for the picoseconds p of a cycle and t of a tick,
// and with t / gcd(p, t) a power of two a multiplication and a shift: MRS of the
// counters runs it, in delay loops at every iteration.
class CounterScale {
 public:
  CounterScale(uint64_t core_hz, uint64_t counter_hz);
  uint64_t ticks(uint64_t cycles) const {
    if (cycles <= fast_max_) [[likely]]
      return cycles * mul_ >> shift_;
    return ticks_exact(cycles);
  }
  uint64_t ticks_exact(uint64_t cycles) const;  // the 128-bit computation

 private:
  uint64_t core_hz_, counter_hz_;
  uint64_t mul_ = 0, fast_max_ = 0;  // fast_max_ 0: only cycles 0 (0 ticks)
  unsigned shift_ = 0;
};

struct CoreConfig {
  isa::CpuConfig cpu;
  uint64_t frequency_hz = 1000000000;
  uint64_t cpi = 1;
  PsciConduit psci = PsciConduit::Smc;
  uint64_t max_insns = 0;  // 0: no limit
  SemihostingLayout layout;
};

class Core : public sc_core::sc_module, public mmu::Bus, public isa::SystemHooks {
 public:
  tlm_utils::simple_initiator_socket<Core> socket;

  Core(sc_core::sc_module_name name, const CoreConfig& cfg, CoreHost& host);
  ~Core() override;

  isa::Cpu& cpu() { return *cpu_; }
  const isa::Cpu& cpu() const { return *cpu_; }
  const CoreConfig& config() const { return cfg_; }
  void set_debugger(CoreDebugger* d) { debugger_ = d; }
  uint64_t cycles() const { return cycles_; }
  uint64_t instructions() const { return instructions_; }

  // Debug (untimed, side-effect-free) physical access through the router; returns
  // the number of bytes transferred.
  size_t debug_write(uint64_t pa, const void* data, size_t len);
  size_t debug_read(uint64_t pa, void* data, size_t len);
  // The same writing `len` zeros (an ELF segment's p_memsz beyond its p_filesz): whole
  // pages of host memory are handed back to the host, which reads them as zeros, so
  // that a large .bss costs no host memory.
  uint64_t debug_zero(uint64_t pa, uint64_t len);
  // Guest-virtual access with the current translation regime, without raising
  // exceptions (for semihosting parameter blocks). False on a fault.
  bool guest_read(uint64_t va, void* data, size_t len);
  bool guest_write(uint64_t va, const void* data, size_t len);

  // ---- mmu::Bus ----
  mmu::BusResult read(uint64_t pa, void* data, unsigned size) override;
  mmu::BusResult write(uint64_t pa, const void* data, unsigned size) override;
  uint8_t* host_page(uint64_t pa, bool write) override;
  HostRange host_range(uint64_t pa, bool write) override;

  // ---- isa::SystemHooks ----
  bool smc_call(isa::Cpu& cpu) override;
  bool hvc_call(isa::Cpu& cpu) override;
  bool semihosting_call(isa::Cpu& cpu) override;
  void wait_for_event(isa::Cpu& cpu, bool wfe) override;
  uint64_t physical_count(const isa::Cpu& cpu) override;
  void timer_changed(isa::Cpu& cpu) override;
  uint64_t cycles(const isa::Cpu& cpu, unsigned extra_insns) override;
  void pmu_irq_changed(isa::Cpu& cpu, bool level) override;

  // An interrupt line of this core changed: a core sleeping in WFI/WFE re-checks.
  void notify_interrupt() { wake_event_.notify(sc_core::SC_ZERO_TIME); }
  // This core's current time, the running batch's instructions included.
  sc_core::sc_time now() const { return cycles_to_time(current_cycles()); }

  struct Counters {
    uint64_t bus_reads = 0, bus_writes = 0, bus_errors = 0;
    uint64_t dmi_grants = 0, dmi_invalidations = 0;
    uint64_t psci_calls = 0, semihosting_calls = 0, wfi = 0, resets = 0;
    uint64_t wfe_stream_wakes = 0;  // WFE waits ended by an event stream's event
  };
  const Counters& counters() const { return counters_; }

  // Simulated time of this core's local clock (cycles / frequency).
  sc_core::sc_time local_time() const { return cycles_to_time(cycles_); }

 private:
  void thread();
  mmu::BusResult transport(tlm::tlm_command cmd, uint64_t pa, void* data, unsigned size);
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);
  bool psci_call(isa::Cpu& cpu);
  sc_core::sc_time cycles_to_time(uint64_t cycles) const;
  uint64_t time_to_cycles(const sc_core::sc_time& t) const;  // rounded up
  sc_core::sc_time count_to_time(uint64_t count) const;      // of the system counter
  uint64_t current_cycles() const;    // cycles_ plus the running batch's instructions
  uint64_t exceptions_taken() const;  // so far, from the core's statistics

  CoreConfig cfg_;
  CoreHost& host_;
  std::unique_ptr<isa::Cpu> cpu_;
  Semihosting semihosting_;
  tlm_utils::tlm_quantumkeeper qk_;
  tlm::tlm_generic_payload tx_;

  CoreDebugger* debugger_ = nullptr;
  CounterScale counter_;       // the system counter (physical_count)
  uint64_t cycles_ = 0;        // this core's clock
  uint64_t idle_cycles_ = 0;   // of which asleep in WFI/WFE (the PMU does not count them)
  uint64_t instructions_ = 0;  // retired, over the whole run (resets included)
  uint64_t steps_ = 0;         // instructions plus exceptions taken (--max-insns)
  uint64_t batch_base_ = 0;    // cpu_->instructions_retired() when the batch began
  bool in_batch_ = false;

  // What the current batch ended with (set by the hooks).
  enum class Event : uint8_t { None, Wait, Off, Reset, Exit };
  Event event_ = Event::None;
  int exit_status_ = 0;
  std::string exit_message_;
  uint64_t wait_pc_ = 0;
  bool wait_wfe_ = false;

  // DMI regions granted by the router, and ranges where it refused.
  std::vector<tlm::tlm_dmi> dmi_;
  struct Range {
    uint64_t start, end;
  };
  std::vector<Range> no_dmi_;
  bool drop_decoded_pending_ = false;
  bool sync_pending_ = false;  // interrupt state changed in the batch: sync after it
  sc_core::sc_event wake_event_;

  Counters counters_;
};

}  // namespace sim
