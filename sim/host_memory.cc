#include "sim/host_memory.h"

#include <sys/mman.h>

#include <new>

namespace sim {

HostMemory::HostMemory(uint64_t size) : size_(size) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  data_ = static_cast<uint8_t*>(p);
  // Guest RAM in the host's huge pages where it has them (transparent huge pages in
  // "madvise" mode): a guest that touches memory at random then misses the host's TLB
  // far less. Only a hint: without it the pages are 4 KiB ones.
  madvise(data_, size_, MADV_HUGEPAGE);
}

HostMemory::~HostMemory() { munmap(data_, size_); }

void HostMemory::clear() {
  // Give the pages back: they read as zero again on the next touch.
  madvise(data_, size_, MADV_DONTNEED);
}

}  // namespace sim
