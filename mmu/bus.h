// The physical bus as the core sees it: a slow path for any access and a direct host
// pointer for memory that allows it (RAM, flash in read-array mode).
//
// sim::Core implements it over TLM-2.0 (b_transport and DMI); unit tests implement it
// over a byte array.
#pragma once

#include <array>
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
  // calls Cpu::dmi_invalidated(); nullptr if the page has no direct access.
  virtual uint8_t* host_page(uint64_t pa, bool write) = 0;
  // The whole directly accessible range that holds pa's page (a DMI region), valid
  // as host_page()'s answers are; size 0 when the page has no direct access. A bus
  // that knows no more than host_page() answers with the page alone.
  struct HostRange {
    uint64_t base = 0;  // physical, 4 KiB aligned
    uint64_t size = 0;  // a multiple of 4 KiB
    uint8_t* host = nullptr;
  };
  virtual HostRange host_range(uint64_t pa, bool write) {
    uint8_t* host = host_page(pa, write);
    return host ? HostRange{pa & ~0xFFFull, 0x1000, host} : HostRange{};
  }
};

// The bus's answers to host_page(), for reads and for writes (direct-mapped; a page
// without direct access is not kept, so it is asked again). Valid until the bus
// withdraws DMI: its owner clears it then.
class HostPages {
 public:
  explicit HostPages(Bus& bus) : bus_(bus) {}
  // `page`: a physical address with the low 12 bits clear.
  uint8_t* get(uint64_t page, bool write) {
    Page& p = pages_[write][(page >> 12) % kPages];
    if (p.page == page) [[likely]]
      return p.host;
    uint8_t* host = bus_.host_page(page, write);
    if (host) p = {page, host};
    return host;
  }
  void clear() { pages_ = {}; }

 private:
  struct Page {
    uint64_t page = ~0ull;
    uint8_t* host = nullptr;
  };
  static constexpr unsigned kPages = 1024;
  Bus& bus_;
  std::array<std::array<Page, kPages>, 2> pages_{};
};

}  // namespace mmu
