// Data-processing instruction bodies (Arm ARM C6.2).
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"

namespace isa {

void exec_ADD_imm(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  const uint64_t imm = uint64_t{bits(insn, 21, 10)} << (bit(insn, 22) ? 12 : 0);
  if (bits(insn, 23, 22) > 1) return (void)cpu.undefined();
  const uint64_t r = cpu.x_or_sp(bits(insn, 9, 5)) + imm;
  cpu.set_x_or_sp(bits(insn, 4, 0), sf ? r : static_cast<uint32_t>(r));
}

}  // namespace isa
