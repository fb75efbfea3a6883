// NOR flash as QEMU's virt board models it (hw/block/pflash_cfi01.c, created by
// virt_flash_create1): an Intel/Sharp command-set CFI bank of two x16 devices side by
// side (bank width 4, device width 2), 256 KiB erase blocks. Loaded by --bios through
// debug transport.
//
// Commands (the low byte of a bus write, replicated per device by the software):
//   0xFF/0xF0/0x00 read array; 0x98 CFI query; 0x90 device ID; 0x70 read status;
//   0x50 clear status; 0x10/0x40 single-word program; 0x20 + 0xD0 block erase (to
//   0xFF); 0xE8 count data... 0xD0 buffered program; 0x60 + 0x01/0xD0 (un)lock (no-op).
// Reads in the non-array modes return the status, ID or query table replicated per
// device, as QEMU does. DMI (read-only) is granted only in read-array mode; leaving it
// withdraws DMI through invalidate_direct_mem_ptr, so every read then reaches
// b_transport; returning to it after a refused DMI request invalidates again, so the
// initiator forgets the refusal and asks anew. Contents live only in host memory: nothing is
// persisted to a host file.
#pragma once

#include <array>
#include <cstdint>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "sim/host_memory.h"

namespace sim {

class Flash : public sc_core::sc_module {
 public:
  static constexpr unsigned kBankWidth = 4;
  static constexpr unsigned kDeviceWidth = 2;
  static constexpr uint64_t kSectorSize = 256 * 1024;

  tlm_utils::simple_target_socket<Flash> socket;

  Flash(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time latency);

  HostMemory& memory() { return mem_; }
  bool read_array_mode() const { return cmd_ == 0 && wcycle_ == 0; }
  uint8_t status() const { return status_; }

  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(tlm::tlm_generic_payload& tx);

  // Back to read-array mode with a clear status (a system reset).
  void reset();

 private:
  uint32_t mode_read(uint64_t offset) const;  // one bank-width word in a non-array mode
  void command_write(uint64_t offset, const uint8_t* data, unsigned len);
  void data_write(uint64_t offset, const uint8_t* data, unsigned len);
  void enter_read_array();
  void leave_read_array();
  uint32_t replicate(uint32_t per_device) const;

  HostMemory mem_;
  sc_core::sc_time latency_;
  std::array<uint8_t, 0x52> cfi_{};
  uint8_t cmd_ = 0;  // 0: read array
  unsigned wcycle_ = 0;
  uint8_t status_ = 0;
  uint32_t counter_ = 0;  // buffered program: bank-width words still to come, minus one
  bool dmi_granted_ = false;
  bool dmi_refused_ = false;  // a refusal to withdraw on return to read-array mode
};

}  // namespace sim
