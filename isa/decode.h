// The A64 decode table (see isa/a64.inc): one line per encoding, in the Arm ARM's
// encoding names, feeding decode, the trace's names, the timing classes and the
// per-instruction statistics.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace isa {

class Cpu;

// Timing/statistics class of an encoding.
enum class InsnClass : uint8_t {
  IntAlu,
  IntMul,
  IntDiv,
  Branch,
  Load,
  Store,
  Exclusive,
  System,
  Barrier,
  Hint,
  Exception,  // SVC/HVC/SMC/BRK/HLT/ERET
  FpMove,
  FpLoad,
  FpStore,
};

enum class InsnId : uint16_t {
#define INST(id, name, pattern, cls) id,
#define OVERLAP(winner, loser)
#include "isa/a64.inc"
#undef INST
#undef OVERLAP
  kUnallocated,
};

constexpr size_t kNumInsns = static_cast<size_t>(InsnId::kUnallocated);

struct InsnInfo {
  InsnId id;
  std::string_view ident;    // table identifier, e.g. "ADD_imm"
  std::string_view name;     // Arm ARM encoding name, e.g. "ADD (immediate)"
  std::string_view pattern;  // 32 characters, bit 31 first
  uint32_t mask;
  uint32_t value;
  InsnClass cls;
  void (*exec)(Cpu&, uint32_t);
};

struct OverlapDecl {
  InsnId winner;
  InsnId loser;
};

// Every entry of the table, in table order.
std::span<const InsnInfo> insn_table();
// Every declared overlap: where both patterns match, `winner` is the encoding.
std::span<const OverlapDecl> overlap_table();
// Decode one instruction word; InsnId::kUnallocated when no entry matches.
InsnId decode(uint32_t raw);
const InsnInfo* insn_info(InsnId id);  // nullptr for kUnallocated
std::string_view insn_name(InsnId id);
// The body of an unallocated encoding: UNDEFINED.
void exec_unallocated(Cpu& cpu, uint32_t insn);

// Pattern parsing, usable at compile time.
constexpr uint32_t pattern_mask(std::string_view p) {
  uint32_t m = 0;
  for (char ch : p) m = (m << 1) | ((ch == '0' || ch == '1') ? 1u : 0u);
  return m;
}
constexpr uint32_t pattern_value(std::string_view p) {
  uint32_t v = 0;
  for (char ch : p) v = (v << 1) | (ch == '1' ? 1u : 0u);
  return v;
}

// Instruction bodies: exec_<id>(Cpu&, uint32_t insn), one per table entry.
#define INST(id, name, pattern, cls) void exec_##id(Cpu& cpu, uint32_t insn);
#define OVERLAP(winner, loser)
#include "isa/a64.inc"
#undef INST
#undef OVERLAP

}  // namespace isa
