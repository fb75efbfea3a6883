// libFuzzer target: the kernel image loader (ELF64, arm64 Image, raw) against a
// machine with the virt board's memory map (flash at 0, 256 MiB of RAM at 1 GiB). Bad
// images must end in sim::ImageError, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/image_loader.h"
#include "sim/machine_model.h"

namespace {
const sim::MachineModel& model() {
  static const sim::MachineModel m =
      sim::load_machine_model(EL2SIM_SOURCE_DIR "/configs/virt.json");
  return m;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> file(data, data + size);
  try {
    (void)sim::parse_elf(file, "fuzz.elf", model());
  } catch (const sim::ImageError&) {
  }
  try {
    (void)sim::parse_linux_or_raw(file, "fuzz.bin", model());
  } catch (const sim::ImageError&) {
  }
  return 0;
}
