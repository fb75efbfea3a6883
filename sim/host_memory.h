// Zero-filled host memory for a simulated RAM or flash, committed lazily by the host OS
// (an untouched 256 MiB RAM costs nothing).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sim {

class HostMemory {
 public:
  explicit HostMemory(uint64_t size);
  ~HostMemory();
  HostMemory(const HostMemory&) = delete;
  HostMemory& operator=(const HostMemory&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }
  // Back to all zeroes (machine reset).
  void clear();

 private:
  uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace sim
