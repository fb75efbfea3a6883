// libFuzzer target: --dtb validation and /chosen patching (patch_user_fdt). Bad blobs
// must end in sim::FdtError, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/fdt_builder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> blob(data, data + size);
  sim::ChosenInfo chosen;
  chosen.bootargs = "console=ttyAMA0";
  chosen.initrd = std::make_pair(uint64_t{0x48000000}, uint64_t{0x48100000});
  try {
    (void)sim::patch_user_fdt(blob, "fuzz.dtb", chosen);
  } catch (const sim::FdtError&) {
  }
  try {
    (void)sim::patch_user_fdt(blob, "fuzz.dtb", sim::ChosenInfo{});
  } catch (const sim::FdtError&) {
  }
  return 0;
}
