// Branch instruction bodies (Arm ARM C6.2).
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"

namespace isa {

void exec_B_uncond(Cpu& cpu, uint32_t insn) {
  cpu.branch_to(cpu.pc() + static_cast<uint64_t>(sign_extend(bits(insn, 25, 0), 26) * 4));
}

}  // namespace isa
