// Address decoder between the cores (initiators) and the memories and devices
// (targets). The decode table comes from the machine model: each target is bound under
// a name with its base and size, never by port index. Addresses are made
// target-relative on the way down (b_transport, get_direct_mem_ptr, transport_dbg) and
// DMI ranges and invalidations are translated back on the way up.
#pragma once

#include <string>
#include <vector>

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <systemc>
#include <tlm>

namespace sim {

class Router : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Router> target_socket;        // cores bind here
  tlm_utils::multi_passthrough_initiator_socket<Router> initiator_socket;  // to targets

  explicit Router(sc_core::sc_module_name name);

  // Map [base, base+size) to a target socket. Throws std::invalid_argument on overlap.
  template <typename Socket>
  void map(const std::string& name, uint64_t base, uint64_t size, Socket& target) {
    add_entry(name, base, size);
    initiator_socket.bind(target);
  }
  // Bind an initiator (a core).
  template <typename Socket>
  void connect_initiator(Socket& s) {
    s.bind(target_socket);
  }

  struct Entry {
    std::string name;
    uint64_t base;
    uint64_t size;
    unsigned port;
  };
  const std::vector<Entry>& entries() const { return entries_; }
  // Decode; nullptr for an unmapped address.
  const Entry* decode(uint64_t addr) const;

 private:
  void add_entry(const std::string& name, uint64_t base, uint64_t size);

  void b_transport(int id, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(int id, tlm::tlm_generic_payload& tx);
  void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);

  std::vector<Entry> entries_;  // sorted by base
};

}  // namespace sim
