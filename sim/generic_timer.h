// The generic timer's interrupt outputs (Arm ARM D11): the EL1 physical timer
// (CNTP_*), the virtual timer (CNTV_*, counting CNTPCT - CNTVOFF_EL2) and the EL2
// physical timer (CNTHP_*), each a level-sensitive output that is high while the
// timer is enabled, not masked and its condition (count >= CVAL) is met.
//
// The registers live in the core (isa::SysRegs, read and written by the system
// register table); this module evaluates them. The counter is derived from simulated
// time exactly as the core derives CNTPCT_EL0 (time in ps * frequency / 1e12), so a
// run is deterministic. update() is called by the core after every write to a timer
// register (with the core's local time) and by an SC_METHOD at the next compare time
// (with the kernel's time); time never goes backwards for the evaluation.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include <systemc>

#include "isa/cpu.h"

namespace sim {

class GenericTimer : public sc_core::sc_module {
 public:
  enum Output : unsigned { Phys = 0, Virt = 1, Hyp = 2, kOutputs = 3 };

  GenericTimer(sc_core::sc_module_name name, uint64_t frequency_hz, const isa::Cpu& cpu);

  // Called when an output level changes: (which, level).
  std::function<void(unsigned, bool)> output;

  // Re-evaluate the outputs at time `now` (clamped to be monotonic) and schedule the
  // next compare event. Returns true when an output changed.
  bool update(const sc_core::sc_time& now);
  // Whether some timer will assert its output later (enabled, unmasked, not yet met).
  bool armed() const { return armed_; }
  bool level(unsigned which) const { return level_[which]; }
  // The counter at a simulated time.
  uint64_t count_at(const sc_core::sc_time& t) const;
  void reset();

 private:
  void on_compare();

  uint64_t frequency_hz_;
  const isa::Cpu& cpu_;
  sc_core::sc_event compare_event_;
  sc_core::sc_time last_ = sc_core::SC_ZERO_TIME;
  std::array<bool, kOutputs> level_{};
  bool armed_ = false;
};

}  // namespace sim
