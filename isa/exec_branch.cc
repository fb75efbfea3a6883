// Branch instruction bodies (Arm ARM C6.2).
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"

namespace isa {

namespace {

// PC + SignExtend(insn<hi:lo>:'00', 64): the target of a PC-relative branch.
inline uint64_t branch_target(const Cpu& cpu, uint32_t insn, unsigned hi, unsigned lo) {
  return cpu.pc() + (static_cast<uint64_t>(sign_extend(bits(insn, hi, lo), hi - lo + 1)) << 2);
}

constexpr unsigned kLinkRegister = 30;

}  // namespace

void exec_B_uncond(Cpu& cpu, uint32_t insn) { cpu.branch_to(branch_target(cpu, insn, 25, 0)); }

void exec_BL(Cpu& cpu, uint32_t insn) {
  cpu.set_x(kLinkRegister, cpu.pc() + 4);
  cpu.branch_to(branch_target(cpu, insn, 25, 0));
}

void exec_B_cond(Cpu& cpu, uint32_t insn) {
  if (cpu.condition_holds(bits(insn, 3, 0))) cpu.branch_to(branch_target(cpu, insn, 23, 5));
}

void exec_CBZ(Cpu& cpu, uint32_t insn) {
  const uint64_t operand = cpu.x(bits(insn, 4, 0));
  if ((bit(insn, 31) ? operand : static_cast<uint32_t>(operand)) == 0)
    cpu.branch_to(branch_target(cpu, insn, 23, 5));
}

void exec_CBNZ(Cpu& cpu, uint32_t insn) {
  const uint64_t operand = cpu.x(bits(insn, 4, 0));
  if ((bit(insn, 31) ? operand : static_cast<uint32_t>(operand)) != 0)
    cpu.branch_to(branch_target(cpu, insn, 23, 5));
}

void exec_TBZ(Cpu& cpu, uint32_t insn) {
  const unsigned bit_pos = (bit(insn, 31) << 5) | bits(insn, 23, 19);
  if (((cpu.x(bits(insn, 4, 0)) >> bit_pos) & 1) == 0)
    cpu.branch_to(branch_target(cpu, insn, 18, 5));
}

void exec_TBNZ(Cpu& cpu, uint32_t insn) {
  const unsigned bit_pos = (bit(insn, 31) << 5) | bits(insn, 23, 19);
  if (((cpu.x(bits(insn, 4, 0)) >> bit_pos) & 1) != 0)
    cpu.branch_to(branch_target(cpu, insn, 18, 5));
}

void exec_BR(Cpu& cpu, uint32_t insn) { cpu.branch_to(cpu.x(bits(insn, 9, 5))); }

void exec_BLR(Cpu& cpu, uint32_t insn) {
  const uint64_t target = cpu.x(bits(insn, 9, 5));  // read before X30 is written
  cpu.set_x(kLinkRegister, cpu.pc() + 4);
  cpu.branch_to(target);
}

void exec_RET(Cpu& cpu, uint32_t insn) { cpu.branch_to(cpu.x(bits(insn, 9, 5))); }

}  // namespace isa
