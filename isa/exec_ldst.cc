// Integer load/store bodies (Arm ARM C6.2).
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"

namespace isa {

void exec_STR_imm_uoff(Cpu& cpu, uint32_t insn) {
  const unsigned size = bits(insn, 31, 30);
  const unsigned n = bits(insn, 9, 5);
  const unsigned t = bits(insn, 4, 0);
  const uint64_t addr = cpu.x_or_sp(n) + (uint64_t{bits(insn, 21, 10)} << size);
  Cpu::MemOp op;
  op.rt = static_cast<uint8_t>(t);
  cpu.write(addr, 1u << size, cpu.x(t), op);
}

}  // namespace isa
