// libFuzzer target: the JSON machine-model parser and validator. Bad input must end
// in sim::ModelError (or a clean parse), never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/machine_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    sim::MachineModel m = sim::parse_machine_model(text, "fuzz.json");
    (void)m.mapped_ranges();
    (void)m.memory_containing(0x40000000, 0x1000);
  } catch (const sim::ModelError&) {
  }
  (void)sim::parse_size_string(text);
  return 0;
}
