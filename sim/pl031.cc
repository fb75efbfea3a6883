#include "sim/pl031.h"

#include <cstring>

namespace sim {

namespace {

constexpr uint8_t kIds[8] = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

uint64_t whole_seconds(const sc_core::sc_time& t) {
  return static_cast<uint64_t>(t.value() / sc_core::sc_time(1, sc_core::SC_SEC).value());
}

}  // namespace

Pl031::Pl031(sc_core::sc_module_name name, sc_core::sc_time latency)
    : sc_module(name), socket("socket"), latency_(latency) {
  socket.register_b_transport(this, &Pl031::b_transport);
  socket.register_transport_dbg(this, &Pl031::transport_dbg);
  SC_METHOD(on_match);
  sensitive << match_event_;
  dont_initialize();
}

void Pl031::reset() {
  tick_offset_ = kEpoch;
  mr_ = lr_ = im_ = is_ = 0;
  match_event_.cancel();
  match_scheduled_ = false;
  update_irq();
}

uint32_t Pl031::count(const sc_core::sc_time& now) const {
  return static_cast<uint32_t>(tick_offset_ + static_cast<int64_t>(whole_seconds(now)));
}

void Pl031::schedule_match(const sc_core::sc_time& now) {
  // The count reaches RTCMR at the start of second (mr - offset), modulo 2^32; a match
  // now raises the status at once, before the access that made it returns (as QEMU).
  // Matches further away than kHorizon are not scheduled: simulated time never gets
  // there (and sc_time would overflow).
  constexpr uint32_t kHorizon = 1u << 24;  // about 194 days
  match_event_.cancel();
  match_scheduled_ = false;
  const uint32_t ahead = mr_ - count(now);
  if (ahead == 0) {
    on_match();
    return;
  }
  if (ahead > kHorizon) return;
  const sc_core::sc_time base = sc_core::sc_time_stamp();
  match_scheduled_ = true;
  match_at_ = sc_core::sc_time(static_cast<double>(whole_seconds(now) + ahead), sc_core::SC_SEC);
  match_event_.notify(match_at_ > base ? match_at_ - base : sc_core::SC_ZERO_TIME);
}

void Pl031::catch_up(const sc_core::sc_time& now) {
  // The accessing core runs ahead of the kernel's time within its quantum: a match
  // that is due at its time has happened, whether or not the event has fired yet.
  if (match_scheduled_ && now >= match_at_) {
    match_event_.cancel();
    on_match();
  }
}

void Pl031::on_match() {
  match_scheduled_ = false;
  is_ |= 1;
  update_irq();
}

void Pl031::update_irq() {
  const bool level = (is_ & im_ & 1) != 0;
  if (level == level_) return;
  level_ = level;
  if (irq_changed) irq_changed(level);
}

uint32_t Pl031::read(uint64_t offset, const sc_core::sc_time& now) {
  if (offset >= 0xfe0 && offset < 0x1000) return kIds[(offset - 0xfe0) >> 2];
  switch (offset) {
    case RTCDR:
      return count(now);
    case RTCMR:
      return mr_;
    case RTCLR:
      return lr_;
    case RTCCR:
      return 1;  // permanently enabled
    case RTCIMSC:
      return im_;
    case RTCRIS:
      return is_;
    case RTCMIS:
      return is_ & im_;
    case RTCICR:
      return 0;  // write-only
    default:
      ++bad_accesses_;
      return 0;
  }
}

void Pl031::write(uint64_t offset, uint32_t value, const sc_core::sc_time& now) {
  switch (offset) {
    case RTCLR:
      lr_ = value;
      tick_offset_ = static_cast<int64_t>(value) - static_cast<int64_t>(whole_seconds(now));
      schedule_match(now);
      break;
    case RTCMR:
      mr_ = value;
      schedule_match(now);
      break;
    case RTCIMSC:
      im_ = value & 1;
      update_irq();
      break;
    case RTCICR:
      is_ &= ~value;
      update_irq();
      break;
    case RTCCR:
      break;  // writes ignored: the clock cannot be stopped (as QEMU)
    default:
      ++bad_accesses_;
      break;
  }
}

void Pl031::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const unsigned len = tx.get_data_length();
  const uint64_t addr = tx.get_address();
  if (tx.get_byte_enable_ptr() != nullptr || (len != 1 && len != 2 && len != 4 && len != 8) ||
      (addr & (len - 1)) != 0 || addr >= 0x1000) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  const sc_core::sc_time now = sc_core::sc_time_stamp() + delay;
  catch_up(now);
  uint8_t* data = tx.get_data_ptr();
  for (unsigned part = 0; part < len; part += 4) {
    const unsigned n = len < 4 ? len : 4;
    const uint64_t a = addr + part;
    const uint64_t reg = a & ~uint64_t{3};
    const unsigned shift = static_cast<unsigned>(a - reg) * 8;
    if (tx.is_read()) {
      const uint32_t v = read(reg, now) >> shift;
      std::memcpy(data + part, &v, n);
    } else if (tx.is_write() && shift == 0) {
      uint32_t v = 0;
      std::memcpy(&v, data + part, n);
      write(reg, v, now);
    }
  }
  delay += latency_;
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned Pl031::transport_dbg(tlm::tlm_generic_payload& tx) {
  if (!tx.is_read() || tx.get_data_length() != 4 || (tx.get_address() & 3) != 0) return 0;
  const uint64_t bad = bad_accesses_;
  const uint32_t v = read(tx.get_address(), sc_core::sc_time_stamp());
  bad_accesses_ = bad;
  std::memcpy(tx.get_data_ptr(), &v, 4);
  return 4;
}

}  // namespace sim
