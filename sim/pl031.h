// ARM PL031 real-time clock (DDI 0224), as QEMU's virt board has it at 0x0901_0000,
// SPI 2. For determinism the clock does not read the host: RTCDR counts whole seconds
// of simulated time from a fixed epoch (kEpoch, 2024-01-01T00:00:00Z) plus whatever
// RTCLR loaded (RTCLR reads back the value last loaded). RTCMR raises the (level) interrupt when
// the count reaches it; the control register reads 1 (always enabled), as in QEMU. Identification
// registers are QEMU's (PeriphID 0x31 0x10 0x14 0x00, CellID 0x0d 0xf0 0x05 0xb1).
#pragma once

#include <cstdint>
#include <functional>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

namespace sim {

class Pl031 : public sc_core::sc_module {
 public:
  static constexpr uint32_t kEpoch = 1704067200;  // 2024-01-01T00:00:00Z
  enum : uint32_t {
    RTCDR = 0x00,
    RTCMR = 0x04,
    RTCLR = 0x08,
    RTCCR = 0x0c,
    RTCIMSC = 0x10,
    RTCRIS = 0x14,
    RTCMIS = 0x18,
    RTCICR = 0x1c,
  };

  tlm_utils::simple_target_socket<Pl031> socket;
  std::function<void(bool)> irq_changed;  // the interrupt line's new level

  SC_HAS_PROCESS(Pl031);
  Pl031(sc_core::sc_module_name name, sc_core::sc_time latency);

  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& tx);
  void reset();
  uint64_t bad_accesses() const { return bad_accesses_; }
  // A match is scheduled and unmasked: the interrupt line can rise while the core sleeps.
  bool armed() const { return match_scheduled_ && (im_ & 1) != 0; }

 private:
  uint32_t read(uint64_t offset, const sc_core::sc_time& now);
  void write(uint64_t offset, uint32_t value, const sc_core::sc_time& now);
  uint32_t count(const sc_core::sc_time& now) const;
  void schedule_match(const sc_core::sc_time& now);
  void catch_up(const sc_core::sc_time& now);  // a scheduled match due by `now` happens
  void on_match();
  void update_irq();

  sc_core::sc_time latency_;
  sc_core::sc_event match_event_;
  int64_t tick_offset_ = kEpoch;  // RTCDR = tick_offset_ + whole simulated seconds
  uint32_t mr_ = 0;
  uint32_t lr_ = 0;
  uint32_t im_ = 0;
  uint32_t is_ = 0;
  bool level_ = false;
  bool match_scheduled_ = false;
  sc_core::sc_time match_at_;  // when the scheduled match happens
  uint64_t bad_accesses_ = 0;
};

}  // namespace sim
