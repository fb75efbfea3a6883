#include "sim/router.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace sim {

Router::Router(sc_core::sc_module_name name)
    : sc_module(name), target_socket("target_socket"), initiator_socket("initiator_socket") {
  target_socket.register_b_transport(this, &Router::b_transport);
  target_socket.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
  target_socket.register_transport_dbg(this, &Router::transport_dbg);
  initiator_socket.register_invalidate_direct_mem_ptr(this, &Router::invalidate_direct_mem_ptr);
}

void Router::add_entry(const std::string& name, uint64_t base, uint64_t size) {
  if (size == 0 || base + size < base)
    throw std::invalid_argument(fmt::format("router: {}: empty or wrapping range", name));
  for (const auto& e : entries_) {
    if (base < e.base + e.size && e.base < base + size)
      throw std::invalid_argument(
          fmt::format("router: {} at 0x{:x} overlaps {} at 0x{:x}", name, base, e.name, e.base));
  }
  // Ports are numbered in binding order; the table is kept sorted for decode.
  const unsigned port = static_cast<unsigned>(entries_.size());
  entries_.push_back({name, base, size, port});
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.base < b.base; });
}

const Router::Entry* Router::decode(uint64_t addr) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), addr,
                             [](uint64_t a, const Entry& e) { return a < e.base; });
  if (it == entries_.begin()) return nullptr;
  --it;
  return addr - it->base < it->size ? &*it : nullptr;
}

void Router::b_transport(int, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const uint64_t addr = tx.get_address();
  const Entry* e = decode(addr);
  if (e == nullptr || tx.get_data_length() > e->size - (addr - e->base)) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  tx.set_address(addr - e->base);
  initiator_socket[e->port]->b_transport(tx, delay);
  tx.set_address(addr);
}

bool Router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi) {
  const uint64_t addr = tx.get_address();
  const Entry* e = decode(addr);
  if (e == nullptr) {
    // No DMI anywhere in the gap around addr.
    uint64_t lo = 0, hi = ~0ull;
    for (const auto& x : entries_) {
      if (x.base + x.size <= addr) lo = std::max(lo, x.base + x.size);
      if (x.base > addr) hi = std::min(hi, x.base - 1);
    }
    dmi.set_start_address(lo);
    dmi.set_end_address(hi);
    return false;
  }
  tx.set_address(addr - e->base);
  const bool ok = initiator_socket[e->port]->get_direct_mem_ptr(tx, dmi);
  tx.set_address(addr);
  // Back to global addresses, clipped to the mapped window.
  uint64_t start = dmi.get_start_address();
  uint64_t end = dmi.get_end_address();
  if (end > e->size - 1) end = e->size - 1;
  // dmi_ptr points at the byte of the start address, which only moves by e->base.
  dmi.set_start_address(e->base + start);
  dmi.set_end_address(e->base + end);
  return ok;
}

unsigned Router::transport_dbg(int, tlm::tlm_generic_payload& tx) {
  const uint64_t addr = tx.get_address();
  const Entry* e = decode(addr);
  if (e == nullptr) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  const unsigned len =
      static_cast<unsigned>(std::min<uint64_t>(tx.get_data_length(), e->size - (addr - e->base)));
  const unsigned full = tx.get_data_length();
  tx.set_address(addr - e->base);
  tx.set_data_length(len);
  const unsigned n = initiator_socket[e->port]->transport_dbg(tx);
  tx.set_address(addr);
  tx.set_data_length(full);
  return n;
}

void Router::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
  for (const auto& e : entries_) {
    if (e.port != static_cast<unsigned>(port)) continue;
    const uint64_t gs = e.base + std::min<uint64_t>(start, e.size - 1);
    const uint64_t ge = e.base + std::min<uint64_t>(end, e.size - 1);
    for (unsigned i = 0; i < target_socket.size(); ++i)
      target_socket[i]->invalidate_direct_mem_ptr(gs, ge);
  }
}

}  // namespace sim
