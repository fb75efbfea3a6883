// A bank of virtio-mmio transports with nothing plugged in, as QEMU's virt board has
// them (32 slots of 0x200 bytes from 0x0a00_0000, SPI 16+n). Each reads as QEMU's
// backend-less transport: MagicValue "virt" (0x74726976), Version 1 (QEMU's default
// legacy transport), DeviceID 0 (no device, so no driver claims it), VendorID "QEMU"
// (0x554d4551); every other register reads as zero and ignores writes.
#pragma once

#include <cstdint>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

namespace sim {

class VirtioMmioBank : public sc_core::sc_module {
 public:
  static constexpr uint32_t kMagic = 0x74726976;
  static constexpr uint32_t kVersion = 1;
  static constexpr uint32_t kVendor = 0x554d4551;

  tlm_utils::simple_target_socket<VirtioMmioBank> socket;

  VirtioMmioBank(sc_core::sc_module_name name, uint64_t slot_size, sc_core::sc_time latency);

  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& tx);
  uint32_t read(uint64_t offset) const;  // a 32-bit register, offset from the bank base

 private:
  uint64_t slot_size_;
  sc_core::sc_time latency_;
};

}  // namespace sim
