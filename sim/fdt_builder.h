// The device tree handed to the guest: generated from the machine model with libfdt,
// laid out like the one QEMU's virt board generates (node names, compatibles, phandles
// 0x8000 clock / 0x8001 cpu / 0x8002 GIC, interrupt specifiers), minus the devices
// el2sim does not model (fw-cfg, virtio-mmio, PCIe, PL031, PL061, PMU) and minus the
// random seeds (a run must be deterministic). A user-supplied --dtb is checked and gets
// the same /chosen patching QEMU applies.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/machine_model.h"

namespace sim {

class FdtError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ChosenInfo {
  std::optional<std::string> bootargs;
  std::optional<std::pair<uint64_t, uint64_t>> initrd;  // start, end (exclusive)
};

// Generate the tree for the model (packed blob). Throws FdtError (libfdt failures).
std::vector<uint8_t> build_fdt(const MachineModel& m, const ChosenInfo& chosen);
// Check a user-supplied blob (fdt_check_header and a full structure walk) and patch
// /chosen. `name` is for messages. Throws FdtError.
std::vector<uint8_t> patch_user_fdt(const std::vector<uint8_t>& blob, const std::string& name,
                                    const ChosenInfo& chosen);

}  // namespace sim
