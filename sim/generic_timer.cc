#include "sim/generic_timer.h"

#include <algorithm>
#include <limits>

namespace sim {

namespace {

constexpr uint64_t kPicoPerSecond = 1000000000000ull;
constexpr uint64_t kCtlEnable = 1, kCtlImask = 2;

}  // namespace

GenericTimer::GenericTimer(sc_core::sc_module_name name, uint64_t frequency_hz, const isa::Cpu& cpu)
    : sc_module(name), frequency_hz_(frequency_hz ? frequency_hz : 1), cpu_(cpu) {
  SC_HAS_PROCESS(GenericTimer);
  SC_METHOD(on_compare);
  sensitive << compare_event_;
  dont_initialize();
}

uint64_t GenericTimer::count_at(const sc_core::sc_time& t) const {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(t.value()) * frequency_hz_ /
                               kPicoPerSecond);
}

void GenericTimer::reset() {
  compare_event_.cancel();
  last_ = sc_core::SC_ZERO_TIME;
  armed_ = false;
  for (unsigned i = 0; i < kOutputs; ++i) {
    if (level_[i]) {
      level_[i] = false;
      if (output) output(i, false);
    }
  }
}

void GenericTimer::on_compare() { update(sc_core::sc_time_stamp()); }

bool GenericTimer::update(const sc_core::sc_time& at) {
  const sc_core::sc_time now = std::max(at, last_);
  last_ = now;
  const isa::SysRegs& sr = cpu_.sr();
  const bool el2 = cpu_.config().has_el2;
  const uint64_t phys = count_at(now);
  struct View {
    uint64_t ctl, cval, offset;
    bool present;
  };
  const View views[kOutputs] = {
      {sr.CNTP_CTL_EL0, sr.CNTP_CVAL_EL0, 0, true},
      {sr.CNTV_CTL_EL0, sr.CNTV_CVAL_EL0, el2 ? sr.CNTVOFF_EL2 : 0, true},
      {sr.CNTHP_CTL_EL2, sr.CNTHP_CVAL_EL2, 0, el2},
  };
  bool changed = false;
  armed_ = false;
  uint64_t next_ps = std::numeric_limits<uint64_t>::max();
  for (unsigned i = 0; i < kOutputs; ++i) {
    const View& v = views[i];
    const bool enabled = v.present && (v.ctl & kCtlEnable);
    const bool met = enabled && phys - v.offset >= v.cval;
    const bool lvl = met && !(v.ctl & kCtlImask);
    if (lvl != level_[i]) {
      level_[i] = lvl;
      changed = true;
      if (output) output(i, lvl);
    }
    if (enabled && !met && !(v.ctl & kCtlImask)) {
      // The physical count at which the condition becomes true, and its time.
      const uint64_t target = v.cval + v.offset;
      if (target < v.cval) continue;  // beyond the counter's range
      const unsigned __int128 ps =
          (static_cast<unsigned __int128>(target) * kPicoPerSecond + frequency_hz_ - 1) /
          frequency_hz_;
      if (ps >= std::numeric_limits<uint64_t>::max()) continue;
      armed_ = true;
      next_ps = std::min(next_ps, static_cast<uint64_t>(ps));
    }
  }
  compare_event_.cancel();
  if (armed_) {
    const sc_core::sc_time when = sc_core::sc_time::from_value(next_ps);
    const sc_core::sc_time stamp = sc_core::sc_time_stamp();
    compare_event_.notify(when > stamp ? when - stamp : sc_core::SC_ZERO_TIME);
  }
  return changed;
}

}  // namespace sim
