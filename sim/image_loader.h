// Boot images: AArch64 ELF executables, arm64 Linux Images and raw binaries, parsed
// and checked against the machine's memory before anything is loaded. Errors name the
// file and the problem (`image.elf: ELF machine 62 (x86-64), expected AArch64 (183)`).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/machine_model.h"

namespace sim {

class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bytes to place at a physical address (zero-fill included).
struct Segment {
  uint64_t addr = 0;
  std::vector<uint8_t> bytes;
  uint64_t zeros = 0;  // zeros after the bytes (an ELF segment's p_memsz beyond p_filesz)
  uint64_t end() const { return addr + bytes.size() + zeros; }
};

struct KernelImage {
  enum class Kind : uint8_t { Elf, LinuxImage, Raw };
  Kind kind = Kind::Raw;
  uint64_t entry = 0;
  std::vector<Segment> segments;
  uint64_t low = 0, high = 0;  // first byte used, first byte not used (as QEMU computes)
};

// The whole of a file, a pipe or a character device, of at most `limit` bytes (more is
// refused with `what`, which says why that is the limit). Throws ImageError.
std::vector<uint8_t> read_file(const std::string& path, uint64_t limit, const std::string& what);
// What --kernel reads at most: an ELF file is not bounded by the machine's memory (its
// debug information is not loaded).
constexpr uint64_t kMaxKernelFile = uint64_t{1} << 30;

// ELF64/EM_AARCH64 with its PT_LOAD segments (by physical address) inside RAM or flash.
KernelImage parse_elf(const std::vector<uint8_t>& file, const std::string& name,
                      const MachineModel& m);
// Not an ELF: an arm64 Image (magic "ARM\x64" at 0x38) or a raw binary, placed as QEMU
// does: at RAM base + text_offset (+2 MiB if text_offset < 4 KiB, since QEMU keeps the
// bottom of RAM for its boot stub) when the header gives an image_size, else at RAM
// base + 0x80000.
KernelImage parse_linux_or_raw(const std::vector<uint8_t>& file, const std::string& name,
                               const MachineModel& m);
// Either of the above, by the ELF magic.
KernelImage load_kernel_image(const std::string& path, const MachineModel& m);

const char* elf_machine_name(unsigned machine);

}  // namespace sim
