// Declarative register maps for memory-mapped devices: a table of (offset, width, name,
// read handler, write handler), and one routine that serves a TLM access from it.
//
// Accesses of 1, 2 or 4 bytes read or write the register they fall in (sub-word reads
// return the addressed bytes; a sub-word write at the register's offset writes the
// zero-extended value, elsewhere it is ignored); an 8-byte access is split into two
// 4-byte ones, as QEMU splits wide accesses to 32-bit devices. Offsets that hold no
// register read as zero and ignore writes (and are counted), like QEMU's devices.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include <tlm>

namespace sim {

template <typename Device>
struct RegisterDesc {
  uint32_t offset;
  unsigned width;  // bytes
  const char* name;
  uint32_t (Device::*read)();             // nullptr: write-only, reads as zero
  void (Device::*write)(uint32_t value);  // nullptr: read-only, writes ignored
};

template <typename Device>
class RegisterMap {
 public:
  explicit RegisterMap(std::vector<RegisterDesc<Device>> regs) : regs_(std::move(regs)) {}

  const RegisterDesc<Device>* find(uint64_t offset) const {
    for (const auto& r : regs_)
      if (offset >= r.offset && offset < r.offset + r.width) return &r;
    return nullptr;
  }
  const std::vector<RegisterDesc<Device>>& registers() const { return regs_; }

  // Serve one TLM access. Sets the response status; bad_accesses counts accesses to
  // offsets without a register.
  void access(Device& dev, tlm::tlm_generic_payload& tx, uint64_t& bad_accesses) const {
    const unsigned len = tx.get_data_length();
    if (tx.get_byte_enable_ptr() != nullptr || (len != 1 && len != 2 && len != 4 && len != 8) ||
        (tx.get_address() & (len - 1)) != 0) {
      tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
      return;
    }
    unsigned char* data = tx.get_data_ptr();
    for (unsigned part = 0; part < len; part += 4) {
      const unsigned n = len < 4 ? len : 4;
      const uint64_t addr = tx.get_address() + part;
      const RegisterDesc<Device>* r = find(addr);
      if (r == nullptr) ++bad_accesses;
      const unsigned shift = r ? static_cast<unsigned>(addr - r->offset) * 8 : 0;
      if (tx.is_read()) {
        uint32_t v = (r && r->read) ? (dev.*(r->read))() >> shift : 0;
        std::memcpy(data + part, &v, n);
      } else if (tx.is_write()) {
        uint32_t v = 0;
        std::memcpy(&v, data + part, n);
        if (r && r->write && shift == 0) (dev.*(r->write))(v);
      }
    }
    tx.set_response_status(tlm::TLM_OK_RESPONSE);
  }

 private:
  std::vector<RegisterDesc<Device>> regs_;
};

}  // namespace sim
