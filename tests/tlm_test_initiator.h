// A TLM-2.0 initiator for unit tests of the SystemC modules: blocking accesses of
// any size with the response status, 8- and 32-bit helpers that require success,
// and a record of the DMI invalidations the target sends back.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <catch2/catch.hpp>
#include <cstdint>
#include <systemc>
#include <tlm>
#include <utility>
#include <vector>

namespace el2sim_test {

struct TlmTestInitiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<TlmTestInitiator> socket;
  std::vector<std::pair<uint64_t, uint64_t>> invalidations;

  explicit TlmTestInitiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
    socket.register_invalidate_direct_mem_ptr(this, &TlmTestInitiator::invalidate);
  }
  void invalidate(sc_dt::uint64 s, sc_dt::uint64 e) { invalidations.emplace_back(s, e); }

  // `local_offset`: how far the initiator's local time is ahead of the kernel's (the
  // delay it passes in, as a temporally decoupled core does).
  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                  sc_core::sc_time* delay_out = nullptr,
                                  sc_core::sc_time local_offset = sc_core::SC_ZERO_TIME) {
    tlm::tlm_generic_payload tx;
    tx.set_command(cmd);
    tx.set_address(addr);
    tx.set_data_ptr(static_cast<unsigned char*>(data));
    tx.set_data_length(len);
    tx.set_streaming_width(len);
    tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = local_offset;
    socket->b_transport(tx, delay);
    if (delay_out) *delay_out = delay;
    return tx.get_response_status();
  }
  uint32_t r32(uint64_t addr) {
    uint32_t v = 0xDEADBEEF;
    REQUIRE(access(tlm::TLM_READ_COMMAND, addr, &v, 4) == tlm::TLM_OK_RESPONSE);
    return v;
  }
  void w32(uint64_t addr, uint32_t v) {
    REQUIRE(access(tlm::TLM_WRITE_COMMAND, addr, &v, 4) == tlm::TLM_OK_RESPONSE);
  }
  uint8_t r8(uint64_t addr) {
    uint8_t v = 0xAA;
    REQUIRE(access(tlm::TLM_READ_COMMAND, addr, &v, 1) == tlm::TLM_OK_RESPONSE);
    return v;
  }
  void w8(uint64_t addr, uint8_t v) {
    REQUIRE(access(tlm::TLM_WRITE_COMMAND, addr, &v, 1) == tlm::TLM_OK_RESPONSE);
  }
};

}  // namespace el2sim_test
