// NOR flash (the virt board's two CFI banks), in read-array mode only: readable by bus
// and read-only DMI, loaded by --bios through debug transport. Bus writes are accepted
// and ignored for now; the CFI command set (program, erase, query) arrives with a later
// issue, and will withdraw DMI (invalidate_direct_mem_ptr) while not in read-array mode.
#pragma once

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "sim/host_memory.h"

namespace sim {

class Flash : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Flash> socket;

  Flash(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time latency);

  HostMemory& memory() { return mem_; }

  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(tlm::tlm_generic_payload& tx);

 private:
  HostMemory mem_;
  sc_core::sc_time latency_;
};

}  // namespace sim
