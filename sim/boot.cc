#include "sim/boot.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/fdt_builder.h"

namespace sim {

namespace {

constexpr uint64_t kMiB = 1ull << 20;

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

const MemoryRegion* first_flash(const MachineModel& m) {
  for (const auto& r : m.memory)
    if (r.kind == MemoryRegion::Kind::Flash) return &r;
  return nullptr;
}

}  // namespace

BootPlan plan_boot(const MachineModel& m, const BootOptions& opts) {
  BootPlan plan;
  const MemoryRegion& ram = m.boot_ram();
  if (opts.kernel && opts.bios)
    throw ImageError(
        "--kernel together with --bios needs a firmware interface (fw-cfg) "
        "that is not modelled; give one of them");
  if (!opts.kernel && !opts.bios) throw ImageError("nothing to run: give --kernel or --bios");

  ChosenInfo chosen;
  chosen.bootargs = opts.append;
  uint64_t dtb_addr = ram.base;
  uint64_t dtb_limit = ram.end();
  uint64_t image_high = ram.base;
  bool linux_boot = false;

  if (opts.bios) {
    const MemoryRegion* flash = first_flash(m);
    if (!flash)
      throw ImageError(fmt::format("{}: the machine has no flash for --bios", *opts.bios));
    std::vector<uint8_t> data =
        read_file(*opts.bios, flash->size,
                  fmt::format("the size of flash \"{}\", where --bios goes", flash->name));
    if (data.empty()) throw ImageError(fmt::format("{}: empty image", *opts.bios));
    plan.segments.push_back({flash->base, std::move(data)});
    plan.entry = flash->base;
    if (opts.initrd) throw ImageError("--initrd needs --kernel (firmware loads its own initrd)");
  } else {
    KernelImage img = load_kernel_image(*opts.kernel, m);
    plan.entry = img.entry;
    image_high = std::max(image_high, img.high);
    linux_boot = img.kind != KernelImage::Kind::Elf;
    if (!linux_boot) {
      if (img.low > ram.base || img.high <= ram.base) {
        dtb_addr = ram.base;
        if (img.low > ram.base && img.low < ram.end()) dtb_limit = img.low;
      } else {
        dtb_addr = align_up(img.high, 2 * kMiB);
      }
    }
    for (auto& s : img.segments) plan.segments.push_back(std::move(s));

    uint64_t initrd_end = 0;
    const uint64_t initrd_start =
        align_up(std::max(ram.base + std::min(ram.size / 2, 128 * kMiB), img.high), 0x1000);
    if (opts.initrd) {
      std::vector<uint8_t> data =
          read_file(*opts.initrd, ram.size, "the size of the machine's RAM");
      if (initrd_start >= ram.end() || data.size() > ram.end() - initrd_start)
        throw ImageError(
            fmt::format("{}: initrd of {} bytes at 0x{:x} does not fit in RAM "
                        "after the kernel",
                        *opts.initrd, data.size(), initrd_start));
      initrd_end = initrd_start + data.size();
      plan.initrd = {initrd_start, initrd_end};
      chosen.initrd = plan.initrd;
      image_high = std::max(image_high, initrd_end);
      plan.segments.push_back({initrd_start, std::move(data)});
    }
    if (linux_boot) dtb_addr = align_up(opts.initrd ? initrd_end : initrd_start, 2 * kMiB);
  }

  std::vector<uint8_t> dtb;
  if (opts.dtb)
    dtb = patch_user_fdt(read_file(*opts.dtb, ram.size, "the size of the machine's RAM"), *opts.dtb,
                         chosen);
  else
    dtb = build_fdt(m, chosen);
  if (dtb_addr < ram.base || dtb_addr >= dtb_limit || dtb.size() > dtb_limit - dtb_addr)
    throw ImageError(fmt::format("not enough RAM for the device tree ({} bytes) at 0x{:x}",
                                 dtb.size(), dtb_addr));
  if (dtb_addr != ram.base) image_high = std::max(image_high, dtb_addr + dtb.size());
  plan.dtb_addr = dtb_addr;
  plan.dtb_size = dtb.size();
  plan.segments.push_back({dtb_addr, std::move(dtb)});
  // Register state at entry: a Linux image gets the DTB in x0; ELF and firmware get
  // zeroes, as on QEMU.
  if (linux_boot) plan.x[0] = dtb_addr;
  // SYS_HEAPINFO: the heap from the end of what was loaded in RAM to the top of RAM,
  // the stack below the top (QEMU's common_semi_find_bases does much the same).
  plan.layout.heap_base = align_up(image_high, 16);
  plan.layout.heap_limit = ram.end();
  plan.layout.stack_base = ram.end();
  plan.layout.stack_limit = 0;
  return plan;
}

}  // namespace sim
