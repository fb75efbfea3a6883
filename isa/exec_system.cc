// System-space bodies (Arm ARM C6.2, C5).
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"

namespace isa {

void exec_HINT(Cpu& cpu, uint32_t insn) {}

}  // namespace isa
