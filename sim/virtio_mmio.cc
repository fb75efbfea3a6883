#include "sim/virtio_mmio.h"

#include <cstring>

namespace sim {

VirtioMmioBank::VirtioMmioBank(sc_core::sc_module_name name, uint64_t slot_size,
                               sc_core::sc_time latency)
    : sc_module(name), socket("socket"), slot_size_(slot_size), latency_(latency) {
  socket.register_b_transport(this, &VirtioMmioBank::b_transport);
  socket.register_transport_dbg(this, &VirtioMmioBank::transport_dbg);
}

uint32_t VirtioMmioBank::read(uint64_t offset) const {
  switch (offset % slot_size_) {
    case 0x000:
      return kMagic;
    case 0x004:
      return kVersion;
    case 0x00c:
      return kVendor;
    default:
      return 0;  // DeviceID (0x008) 0: no device
  }
}

void VirtioMmioBank::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const unsigned len = tx.get_data_length();
  const uint64_t addr = tx.get_address();
  if (tx.get_byte_enable_ptr() != nullptr || (len != 1 && len != 2 && len != 4 && len != 8) ||
      (addr & (len - 1)) != 0) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  if (tx.is_read()) {
    uint8_t* data = tx.get_data_ptr();
    for (unsigned part = 0; part < len; part += 4) {
      const uint64_t a = addr + part;
      const uint32_t v = read(a & ~uint64_t{3}) >> ((a & 3) * 8);
      std::memcpy(data + part, &v, len < 4 ? len : 4);
    }
  }
  delay += latency_;
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned VirtioMmioBank::transport_dbg(tlm::tlm_generic_payload& tx) {
  if (!tx.is_read() || tx.get_data_length() != 4 || (tx.get_address() & 3) != 0) return 0;
  const uint32_t v = read(tx.get_address());
  std::memcpy(tx.get_data_ptr(), &v, 4);
  return 4;
}

}  // namespace sim
