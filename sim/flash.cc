#include "sim/flash.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "sim/ram.h"

namespace sim {

namespace {

constexpr unsigned kDevices = Flash::kBankWidth / Flash::kDeviceWidth;
constexpr uint8_t kStatusReady = 0x80;
constexpr uint8_t kStatusEraseError = 0x20;
constexpr uint8_t kStatusProgramError = 0x10;
// Intel/Sharp identifiers as QEMU's virt board sets them (id0, id1).
constexpr uint8_t kManufacturerId = 0x89;
constexpr uint8_t kDeviceId = 0x18;

}  // namespace

Flash::Flash(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time latency)
    : sc_module(name), socket("socket"), mem_(size), latency_(latency) {
  socket.register_b_transport(this, &Flash::b_transport);
  socket.register_get_direct_mem_ptr(this, &Flash::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &Flash::transport_dbg);

  // The CFI query table of one device, as pflash_cfi01_realize builds it.
  const uint64_t blocks = size >= kSectorSize ? size / kSectorSize : 1;  // per device
  const uint64_t sector_per_device = kSectorSize / kDevices;
  const uint64_t device_len = sector_per_device * blocks;
  auto& t = cfi_;
  t[0x10] = 'Q';
  t[0x11] = 'R';
  t[0x12] = 'Y';
  t[0x13] = 0x01;  // Intel command set
  t[0x15] = 0x31;  // primary extended table at 0x31
  t[0x1B] = 0x45;
  t[0x1C] = 0x55;
  t[0x1F] = 0x07;
  t[0x20] = 0x07;
  t[0x21] = 0x0a;
  t[0x23] = 0x04;
  t[0x24] = 0x04;
  t[0x25] = 0x04;
  t[0x27] = static_cast<uint8_t>(device_len ? std::countr_zero(device_len) : 0);
  t[0x28] = 0x02;  // x8/x16 interface
  t[0x2A] = 0x0B;  // 2 KiB write buffer per device
  t[0x2C] = 0x01;  // one uniform erase region
  t[0x2D] = static_cast<uint8_t>(blocks - 1);
  t[0x2E] = static_cast<uint8_t>((blocks - 1) >> 8);
  t[0x2F] = static_cast<uint8_t>(sector_per_device >> 8);
  t[0x30] = static_cast<uint8_t>(sector_per_device >> 16);
  t[0x31] = 'P';
  t[0x32] = 'R';
  t[0x33] = 'I';
  t[0x34] = '1';
  t[0x35] = '0';
  t[0x3f] = 0x01;
}

void Flash::reset() {
  status_ = 0;
  enter_read_array();
}

uint32_t Flash::replicate(uint32_t per_device) const {
  uint32_t v = per_device & 0xffff;
  return v | (v << 16);
}

uint32_t Flash::mode_read(uint64_t offset) const {
  const uint64_t boff = offset >> std::countr_zero(kBankWidth);
  switch (cmd_) {
    case 0x90:
      switch (boff & 0xff) {
        case 0:
          return replicate(kManufacturerId);
        case 1:
          return replicate(kDeviceId);
        default:
          return 0;
      }
    case 0x98:
      return boff < cfi_.size() ? replicate(cfi_[boff]) : 0;
    default:
      return replicate(status_);  // program, erase, status, buffered write
  }
}

void Flash::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const uint64_t addr = tx.get_address();
  const unsigned len = tx.get_data_length();
  if (addr >= mem_.size() || len > mem_.size() - addr || len == 0) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (tx.get_byte_enable_ptr() != nullptr || tx.get_streaming_width() < len) {
    tx.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  delay += latency_;
  uint8_t* data = tx.get_data_ptr();
  if (tx.is_read()) {
    if (read_array_mode()) {
      std::memcpy(data, mem_.data() + addr, len);
      tx.set_dmi_allowed(true);
      dmi_granted_ = true;
    } else {
      // Each bank-width word answers for its own offset; narrower reads take bytes of it.
      for (unsigned i = 0; i < len; ++i) {
        const uint64_t a = addr + i;
        const uint32_t word = mode_read(a & ~uint64_t{kBankWidth - 1});
        data[i] = static_cast<uint8_t>(word >> (8 * (a & (kBankWidth - 1))));
      }
      tx.set_dmi_allowed(false);
    }
  } else if (tx.is_write()) {
    command_write(addr, data, len);
    tx.set_dmi_allowed(false);
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

void Flash::data_write(uint64_t offset, const uint8_t* data, unsigned len) {
  std::memcpy(mem_.data() + offset, data, len);
}

void Flash::command_write(uint64_t offset, const uint8_t* data, unsigned len) {
  uint64_t value = 0;
  std::memcpy(&value, data, len < 8 ? len : 8);
  const uint8_t cmd = static_cast<uint8_t>(value);
  if (wcycle_ == 0) leave_read_array();  // QEMU leaves ROM mode on any first-cycle write
  switch (wcycle_) {
    case 0:
      switch (cmd) {
        case 0x00:
        case 0xf0:
        case 0xff:
          enter_read_array();
          return;
        case 0x10:
        case 0x40:
        case 0x60:
        case 0x98:
          break;
        case 0x20:
        case 0x28:
        case 0xe8:
          status_ |= kStatusReady;
          break;
        case 0x50:
          status_ = 0;
          enter_read_array();
          return;
        case 0x70:
        case 0x90:
          cmd_ = cmd;
          return;
        default:
          enter_read_array();
          return;  // unknown command
      }
      ++wcycle_;
      cmd_ = cmd;
      return;
    case 1:
      switch (cmd_) {
        case 0x10:
        case 0x40:
          data_write(offset, data, len);
          status_ |= kStatusReady;
          wcycle_ = 0;  // reads return the status until the next command
          return;
        case 0x20:
        case 0x28:
          if (cmd == 0xd0) {
            const uint64_t start = offset & ~(kSectorSize - 1);
            const uint64_t len = std::min<uint64_t>(kSectorSize, mem_.size() - start);
            std::memset(mem_.data() + start, 0xff, len);
            status_ |= kStatusReady;
            wcycle_ = 0;
          } else {
            if (cmd != 0xff) status_ |= kStatusEraseError;
            enter_read_array();
          }
          return;
        case 0xe8:
          // The word count minus one, per device; each bus write carries one word of
          // every device, so it counts bank-width writes.
          counter_ = static_cast<uint32_t>(value & 0xffff);
          ++wcycle_;
          return;
        case 0x60:
          if (cmd == 0xd0 || cmd == 0x01) {
            status_ |= kStatusReady;
            wcycle_ = 0;
          } else {
            enter_read_array();
          }
          return;
        case 0x98:
          if (cmd == 0xff) enter_read_array();
          return;  // other writes are ignored in query mode
        default:
          enter_read_array();
          return;
      }
    case 2:
      if (cmd_ != 0xe8) {
        enter_read_array();
        return;
      }
      data_write(offset, data, len);
      status_ |= kStatusReady;
      if (counter_ == 0)
        ++wcycle_;
      else
        --counter_;
      return;
    case 3:
      if (cmd_ == 0xe8 && cmd == 0xd0) {
        status_ |= kStatusReady;
        wcycle_ = 0;
      } else {
        status_ |= kStatusProgramError;
        enter_read_array();
      }
      return;
    default:
      enter_read_array();
      return;
  }
}

void Flash::enter_read_array() {
  cmd_ = 0;
  wcycle_ = 0;
  // An initiator remembers a refusal until an invalidation: tell it DMI is back.
  if (dmi_refused_) {
    dmi_refused_ = false;
    socket->invalidate_direct_mem_ptr(0, mem_.size() - 1);
  }
}

void Flash::leave_read_array() {
  // Any write may change what a read returns: withdraw the read-only DMI pointers.
  if (dmi_granted_) {
    dmi_granted_ = false;
    socket->invalidate_direct_mem_ptr(0, mem_.size() - 1);
  }
}

bool Flash::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
  dmi.set_start_address(0);
  dmi.set_end_address(mem_.size() - 1);
  if (!read_array_mode()) {
    dmi.allow_none();
    dmi_refused_ = true;
    return false;
  }
  dmi_granted_ = true;
  dmi.set_dmi_ptr(mem_.data());
  dmi.allow_read();
  dmi.set_read_latency(latency_);
  return true;  // read-only: the initiator checks is_write_allowed()
}

unsigned Flash::transport_dbg(tlm::tlm_generic_payload& tx) {
  // Debug access sees and programs the array directly (image loading), in any mode.
  return memory_access(mem_.data(), mem_.size(), tx, true) ? tx.get_data_length() : 0;
}

}  // namespace sim
