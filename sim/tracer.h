// --trace: one line per retired-or-faulting instruction and one per exception.
//   0000000040000000 EL2 d2800020  mov x0, #1
//   exception Sync EC=0x16 (HVC64) EL1->EL2 ELR=0000000040000010 ESR=5a000000
//   vector=0000000040001400
// Disassembly is Capstone's (CS_ARCH_ARM64), cached per encoding, and per (PC,
// encoding) for the PC-relative encodings whose text names a target address.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "isa/cpu.h"

namespace sim {

class Disassembler {
 public:
  Disassembler();
  ~Disassembler();
  Disassembler(const Disassembler&) = delete;
  Disassembler& operator=(const Disassembler&) = delete;
  // "mov x0, #1"; "<unknown>" for what Capstone cannot decode.
  const std::string& disassemble(uint64_t pc, uint32_t raw);
  static bool pc_relative(uint32_t raw);

 private:
  size_t handle_ = 0;
  std::unordered_map<uint32_t, std::string> by_encoding_;
  std::unordered_map<uint64_t, std::unordered_map<uint32_t, std::string>> by_pc_;
};

class TextTracer : public isa::Tracer {
 public:
  explicit TextTracer(FILE* out) : out_(out) {}
  void on_insn(const isa::Cpu& cpu, uint64_t pc, uint32_t raw, unsigned el) override;
  void on_exception(const isa::Cpu& cpu, const isa::Exception& e, unsigned from_el, unsigned to_el,
                    uint64_t vector) override;

 private:
  FILE* out_;
  Disassembler dis_;
};

}  // namespace sim
