// RAM: a TLM-2.0 target with read/write DMI over zero-filled host memory.
#pragma once

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "sim/host_memory.h"

namespace sim {

class Ram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Ram> socket;

  // latency: of one bus (non-DMI) access, and the latency DMI users are told.
  Ram(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time latency);

  HostMemory& memory() { return mem_; }

  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(tlm::tlm_generic_payload& tx);

 private:
  HostMemory mem_;
  sc_core::sc_time latency_;
};

// Shared by Ram and Flash: bounds and byte-enable checks, then the copy. Returns false
// (with the response status set) when the access is refused.
bool memory_access(uint8_t* base, uint64_t size, tlm::tlm_generic_payload& tx, bool allow_write);

}  // namespace sim
