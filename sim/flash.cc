#include "sim/flash.h"

#include "sim/ram.h"

namespace sim {

Flash::Flash(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time latency)
    : sc_module(name), socket("socket"), mem_(size), latency_(latency) {
  socket.register_b_transport(this, &Flash::b_transport);
  socket.register_get_direct_mem_ptr(this, &Flash::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &Flash::transport_dbg);
}

void Flash::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  // Writes are CFI commands on real flash; until those are modelled they are ignored.
  if (memory_access(mem_.data(), mem_.size(), tx, /*allow_write=*/false)) {
    delay += latency_;
    tx.set_dmi_allowed(tx.is_read());
  }
}

bool Flash::get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi) {
  dmi.set_dmi_ptr(mem_.data());
  dmi.set_start_address(0);
  dmi.set_end_address(mem_.size() - 1);
  dmi.allow_read();
  dmi.set_read_latency(latency_);
  return true;  // read-only: the initiator checks is_write_allowed()
}

unsigned Flash::transport_dbg(tlm::tlm_generic_payload& tx) {
  // Debug writes program the array directly (image loading).
  return memory_access(mem_.data(), mem_.size(), tx, true) ? tx.get_data_length() : 0;
}

}  // namespace sim
