// The physical bus as the core sees it: a slow path for any access and a direct host
// pointer for memory that allows it (RAM, flash in read-array mode).
//
// sim::Core implements it over TLM-2.0 (b_transport and DMI); unit tests implement it
// over a byte array.
#pragma once

#include <cstdint>

namespace mmu {

enum class BusResult : uint8_t { Ok, Error };

class Bus {
 public:
  virtual ~Bus() = default;
  // One physical access of 1, 2, 4, 8 or 16 bytes, little-endian, naturally contained
  // in a 4 KiB page. Error becomes a synchronous external abort in the guest.
  virtual BusResult read(uint64_t pa, void* data, unsigned size) = 0;
  virtual BusResult write(uint64_t pa, const void* data, unsigned size) = 0;
  // Host pointer to the start of the 4 KiB page holding pa, valid until the bus
  // calls Cpu::invalidate_host_pages(); nullptr if the page has no direct access.
  virtual uint8_t* host_page(uint64_t pa, bool write) = 0;
};

}  // namespace mmu
