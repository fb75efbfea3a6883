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

// A predecoded instruction: the raw word it was decoded from, its table body, and
// for the encodings that dominate compiled code a specialised body (op, executed
// inline by the step loop; isa/fastpath.h) with its operands ready-made.
struct Decoded;
using ExecFn = void (*)(Cpu&, const Decoded&);
using RawExecFn = void (*)(Cpu&, uint32_t);
struct Decoded {
  uint32_t raw = 0;
  uint16_t id = 0;                         // InsnId
  uint16_t op = 0;                         // FastOp (0: decode on first execution)
  uint8_t rd = 0, rn = 0, rm = 0, ra = 0;  // register numbers (see isa/fastpath.h)
  uint8_t shift = 0;                       // shift amount, bit number...
  uint16_t cond = 0;                       // condition as a set of NZCV values
  uint64_t imm = 0;                        // immediate / offset / target offset
  uint64_t imm2 = 0;                       // a second one (bitfield masks, a branch's offset)
  ExecFn fn = nullptr;                     // the table body (or one of its own, see fastpath.cc)
  const void* label = nullptr;             // where the step loop runs op (Cpu::decode_slot)
};

// Fill in the predecoded instruction for d.raw: d.id, d.fn, and d.op with the operand
// fields when a specialised body covers it (isa/fastpath.cc). An encoding that the step
// loop runs as a table body (op Generic) may get a body of its own in d.fn, which
// does the same with fields decoded once (MRS of counters and computed registers, ADC
// and SBC, the variable shifts, REV).
void predecode(Decoded& d);
// For a slot of a page of predecoded instructions at `offset` (the PC's low 12 bits):
// the specialised bodies that read the PC take the VA of the page instead, so their
// PC-relative immediates become offsets from it, and a branch keeps its own offset in
// imm2 (Cpu::run_loop derives the PC from the page's VA where it needs it).
void place_in_page(Decoded& d, unsigned offset);

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
  SimdAlu,  // AdvSIMD integer arithmetic, compares, shifts, permutes (vector and scalar)
  SimdMul,  // AdvSIMD integer multiplies and multiply-accumulates
  FpAlu,    // FP add/subtract, compare, min/max, conversions, rounding (scalar and vector)
  FpMul,    // FP multiplies, fused multiply-adds, reciprocal steps
  FpDiv,    // FP divide and square root
  Crypto,   // Cryptographic Extension: AES rounds and mix columns, SHA-1 and SHA-256
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
  RawExecFn exec;  // the body, on the raw instruction word
  ExecFn run;      // the same behind the step loop's calling convention
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
