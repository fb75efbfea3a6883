#include "sim/image_loader.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "sim/read_limited.h"

namespace sim {

namespace {

constexpr unsigned EM_AARCH64 = 183;
constexpr uint32_t PT_LOAD = 1;

template <typename T>
T get(const std::vector<uint8_t>& f, size_t off) {
  T v;
  std::memcpy(&v, f.data() + off, sizeof v);
  return v;
}

}  // namespace

const char* elf_machine_name(unsigned machine) {
  switch (machine) {
    case 0:
      return "none";
    case 3:
      return "i386";
    case 8:
      return "MIPS";
    case 20:
      return "PowerPC";
    case 21:
      return "PowerPC64";
    case 22:
      return "S390";
    case 40:
      return "ARM";
    case 50:
      return "IA-64";
    case 62:
      return "x86-64";
    case 183:
      return "AArch64";
    case 243:
      return "RISC-V";
    case 258:
      return "LoongArch";
  }
  return "unknown";
}

std::vector<uint8_t> read_file(const std::string& path, uint64_t limit, const std::string& what) {
  return read_limited<ImageError, std::vector<uint8_t>>(path, "a file", limit, what);
}

KernelImage parse_elf(const std::vector<uint8_t>& f, const std::string& name,
                      const MachineModel& m) {
  if (f.size() < 16) throw ImageError(fmt::format("{}: truncated ELF header", name));
  if (f[4] != 2)
    throw ImageError(fmt::format("{}: ELF class {} ({}), expected ELF64", name, f[4],
                                 f[4] == 1 ? "32-bit" : "invalid"));
  if (f[5] != 1)
    throw ImageError(fmt::format("{}: {} ELF, expected little-endian", name,
                                 f[5] == 2 ? "big-endian" : "invalid-endian"));
  if (f.size() < 64) throw ImageError(fmt::format("{}: truncated ELF header", name));
  const uint16_t machine = get<uint16_t>(f, 18);
  if (machine != EM_AARCH64)
    throw ImageError(fmt::format("{}: ELF machine {} ({}), expected AArch64 (183)", name, machine,
                                 elf_machine_name(machine)));
  const uint16_t type = get<uint16_t>(f, 16);
  if (type != 2 /* ET_EXEC */ && type != 3 /* ET_DYN */)
    throw ImageError(fmt::format("{}: ELF type {}, expected an executable", name, type));
  KernelImage img;
  img.kind = KernelImage::Kind::Elf;
  img.entry = get<uint64_t>(f, 24);
  const uint64_t phoff = get<uint64_t>(f, 32);
  const uint16_t phentsize = get<uint16_t>(f, 54);
  const uint16_t phnum = get<uint16_t>(f, 56);
  if (phnum == 0) throw ImageError(fmt::format("{}: ELF file has no program headers", name));
  if (phentsize < 56)
    throw ImageError(fmt::format("{}: ELF program header size {}, expected 56", name, phentsize));
  if (phoff > f.size() || uint64_t{phnum} * phentsize > f.size() - phoff)
    throw ImageError(fmt::format("{}: truncated: program headers end beyond the file ({} bytes)",
                                 name, f.size()));
  img.low = ~0ull;
  img.high = 0;
  for (unsigned i = 0; i < phnum; ++i) {
    const size_t ph = phoff + size_t{i} * phentsize;
    if (get<uint32_t>(f, ph) != PT_LOAD) continue;
    const uint64_t offset = get<uint64_t>(f, ph + 8);
    const uint64_t paddr = get<uint64_t>(f, ph + 24);
    const uint64_t filesz = get<uint64_t>(f, ph + 32);
    const uint64_t memsz = get<uint64_t>(f, ph + 40);
    if (memsz == 0) continue;
    if (filesz > memsz)
      throw ImageError(fmt::format("{}: segment {}: file size 0x{:x} exceeds memory size 0x{:x}",
                                   name, i, filesz, memsz));
    if (offset > f.size() || filesz > f.size() - offset)
      throw ImageError(
          fmt::format("{}: truncated: segment {} (0x{:x} bytes at file offset "
                      "0x{:x}) ends beyond the file ({} bytes)",
                      name, i, filesz, offset, f.size()));
    if (paddr + memsz < paddr || !m.memory_containing(paddr, memsz))
      throw ImageError(fmt::format("{}: segment {} at 0x{:x}-0x{:x} is outside RAM and flash", name,
                                   i, paddr, paddr + memsz - 1));
    Segment s;
    s.addr = paddr;
    s.bytes.assign(f.begin() + static_cast<std::ptrdiff_t>(offset),
                   f.begin() + static_cast<std::ptrdiff_t>(offset + filesz));
    s.zeros = memsz - filesz;
    img.low = std::min(img.low, s.addr);
    img.high = std::max(img.high, s.end());
    img.segments.push_back(std::move(s));
  }
  if (img.segments.empty())
    throw ImageError(fmt::format("{}: ELF file has no loadable segment", name));
  // Segments that overlap would leave memory to the order of loading; QEMU refuses
  // them too ("Some ROM regions are overlapping").
  std::vector<size_t> order(img.segments.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return img.segments[a].addr < img.segments[b].addr; });
  for (size_t k = 1; k < order.size(); ++k) {
    const Segment& lo = img.segments[order[k - 1]];
    const Segment& hi = img.segments[order[k]];
    if (hi.addr < lo.end())
      throw ImageError(fmt::format("{}: loadable segments overlap: 0x{:x}-0x{:x} and 0x{:x}-0x{:x}",
                                   name, lo.addr, lo.end() - 1, hi.addr, hi.end() - 1));
  }
  if (!m.memory_containing(img.entry, 4))
    throw ImageError(
        fmt::format("{}: entry point 0x{:x} is outside RAM and flash", name, img.entry));
  return img;
}

KernelImage parse_linux_or_raw(const std::vector<uint8_t>& f, const std::string& name,
                               const MachineModel& m) {
  if (f.empty()) throw ImageError(fmt::format("{}: empty image", name));
  const MemoryRegion& ram = m.boot_ram();
  KernelImage img;
  img.kind = KernelImage::Kind::Raw;
  uint64_t offset = 0x80000;  // QEMU's KERNEL64_LOAD_ADDR
  uint64_t size = f.size();
  if (f.size() > 0x38 + 4 && std::memcmp(f.data() + 0x38, "ARM\x64", 4) == 0) {
    img.kind = KernelImage::Kind::LinuxImage;
    if (f.size() < 0x40) throw ImageError(fmt::format("{}: truncated arm64 Image header", name));
    const uint64_t text_offset = get<uint64_t>(f, 0x08);
    const uint64_t image_size = get<uint64_t>(f, 0x10);
    if (image_size != 0) {
      offset = text_offset;
      if (offset < 0x1000) offset += 2 << 20;  // QEMU: clear of its boot stub
      size = std::max<uint64_t>(image_size, f.size());
    }
  }
  if (offset > ram.size || size > ram.size - offset)
    throw ImageError(
        fmt::format("{}: image of {} bytes at 0x{:x} does not fit in RAM "
                    "(0x{:x}-0x{:x})",
                    name, size, ram.base + offset, ram.base, ram.end() - 1));
  Segment s;
  s.addr = ram.base + offset;
  s.bytes = f;
  img.entry = s.addr;
  img.low = s.addr;
  img.high = s.addr + size;
  img.segments.push_back(std::move(s));
  return img;
}

KernelImage load_kernel_image(const std::string& path, const MachineModel& m) {
  const std::vector<uint8_t> f = read_file(path, kMaxKernelFile, "a kernel image is at most 1 GiB");
  if (f.size() >= 4 && std::memcmp(f.data(),
                                   "\x7f"
                                   "ELF",
                                   4) == 0)
    return parse_elf(f, path, m);
  return parse_linux_or_raw(f, path, m);
}

}  // namespace sim
