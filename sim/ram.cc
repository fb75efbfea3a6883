#include "sim/ram.h"

#include <cstring>

namespace sim {

bool memory_access(uint8_t* base, uint64_t size, tlm::tlm_generic_payload& tx, bool allow_write) {
  const uint64_t addr = tx.get_address();
  const unsigned len = tx.get_data_length();
  if (addr >= size || len > size - addr) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (tx.get_byte_enable_ptr() != nullptr || tx.get_streaming_width() < len) {
    tx.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return false;
  }
  if (tx.is_read()) {
    std::memcpy(tx.get_data_ptr(), base + addr, len);
  } else if (tx.is_write()) {
    if (allow_write) std::memcpy(base + addr, tx.get_data_ptr(), len);
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

Ram::Ram(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time latency)
    : sc_module(name), socket("socket"), mem_(size), latency_(latency) {
  socket.register_b_transport(this, &Ram::b_transport);
  socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &Ram::transport_dbg);
}

void Ram::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  if (memory_access(mem_.data(), mem_.size(), tx, true)) {
    delay += latency_;
    tx.set_dmi_allowed(true);
  }
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi) {
  dmi.set_dmi_ptr(mem_.data());
  dmi.set_start_address(0);
  dmi.set_end_address(mem_.size() - 1);
  dmi.allow_read_write();
  dmi.set_read_latency(latency_);
  dmi.set_write_latency(latency_);
  return true;
}

unsigned Ram::transport_dbg(tlm::tlm_generic_payload& tx) {
  return memory_access(mem_.data(), mem_.size(), tx, true) ? tx.get_data_length() : 0;
}

}  // namespace sim
