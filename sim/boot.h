// Boot planning, as QEMU 7.2's hw/arm/boot.c does it for the virt board:
//  --bios FILE   image at the first flash bank, PC = its base, DTB at RAM base, x0 = 0.
//  --kernel ELF  segments at their physical addresses, PC = e_entry, x0 = 0 (QEMU passes
//                nothing to an ELF); DTB at RAM base when the image leaves the start of
//                RAM free, else after the image (2 MiB aligned).
//  --kernel Image/raw  (a "Linux" image) at RAM base + 0x80000 (Image: text_offset
//                rules), initrd at max(RAM base + min(RAM/2, 128 MiB), image end), DTB
//                at the next 2 MiB boundary after the initrd, x0 = DTB, x1-x3 = 0.
//                (QEMU enters through a 4-instruction stub at RAM base that sets x0;
//                el2sim sets the registers directly.)
// The plan is plain data; the platform writes it into memory at time zero and after
// every PSCI SYSTEM_RESET.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/image_loader.h"
#include "sim/machine_model.h"
#include "sim/semihosting.h"

namespace sim {

struct BootOptions {
  std::optional<std::string> kernel, bios, dtb, append, initrd;
};

struct BootPlan {
  std::vector<Segment> segments;  // images, initrd and DTB
  uint64_t entry = 0;
  std::array<uint64_t, 4> x{};  // x0-x3 at entry
  uint64_t dtb_addr = 0;
  size_t dtb_size = 0;
  std::optional<std::pair<uint64_t, uint64_t>> initrd;
  SemihostingLayout layout;  // for SYS_HEAPINFO
};

// Throws ImageError or FdtError with the message to print after "el2sim: ".
BootPlan plan_boot(const MachineModel& m, const BootOptions& opts);

}  // namespace sim
