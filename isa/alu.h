// Arithmetic helpers of the integer data-processing instructions, named after the Arm
// ARM's pseudocode (AddWithCarry, DecodeBitMasks, ConditionHolds), shared by the table bodies
// (isa/exec_dp.cc) and the specialised predecoded bodies (isa/fastpath.cc).
#pragma once

#include <bit>
#include <cstdint>

#include "isa/bits.h"
#include "isa/cpu.h"

namespace isa {

// ---- operand and result width ----

constexpr uint64_t trunc(uint64_t x, bool sf) { return sf ? x : static_cast<uint32_t>(x); }
constexpr unsigned datasize(bool sf) { return sf ? 64 : 32; }

// ---- flags ----

struct Flags {
  uint8_t n, z, c, v;
};

// PSTATE.{N,Z,C,V} = f.
inline void set_flags(Cpu& cpu, Flags f) {
  Pstate& p = cpu.pstate();
  p.n = f.n;
  p.z = f.z;
  p.c = f.c;
  p.v = f.v;
}

// PSTATE.{N,Z,C,V} = nzcv<3:0> (the nzcv immediate of CCMP/FCCMP, FPCompare's result).
inline void set_nzcv(Cpu& cpu, unsigned nzcv) {
  set_flags(cpu, {static_cast<uint8_t>(nzcv >> 3 & 1), static_cast<uint8_t>(nzcv >> 2 & 1),
                  static_cast<uint8_t>(nzcv >> 1 & 1), static_cast<uint8_t>(nzcv & 1)});
}

// The N and Z flags of a datasize-wide result, with C and V clear (logical ops).
constexpr Flags logic_flags(uint64_t result, bool sf) {
  return {static_cast<uint8_t>(result >> (datasize(sf) - 1) & 1), static_cast<uint8_t>(result == 0),
          0, 0};
}

struct AddResult {
  uint64_t result;
  Flags flags;
};

// AddWithCarry(x, y, carry_in) on datasize(sf)-bit operands (Arm ARM J1.1.3).
constexpr AddResult add_with_carry(uint64_t x, uint64_t y, unsigned carry_in, bool sf) {
  if (sf) {
    const uint64_t r = x + y + carry_in;
    const bool c = carry_in ? r <= x : r < x;
    const bool v = ((x ^ r) & (y ^ r)) >> 63;
    return {r, {static_cast<uint8_t>(r >> 63), r == 0, c, v}};
  }
  const uint64_t wide = uint64_t{static_cast<uint32_t>(x)} + static_cast<uint32_t>(y) + carry_in;
  const uint32_t r = static_cast<uint32_t>(wide);
  const bool v = ((static_cast<uint32_t>(x) ^ r) & (static_cast<uint32_t>(y) ^ r)) >> 31;
  return {r, {static_cast<uint8_t>(r >> 31), r == 0, static_cast<uint8_t>(wide >> 32), v}};
}

// ---- operand decoding ----

enum class ShiftType : unsigned { LSL, LSR, ASR, ROR };

// ShiftReg(): the datasize-wide value x shifted by amount (< datasize).
constexpr uint64_t shift_reg(uint64_t x, ShiftType type, unsigned amount, bool sf) {
  const unsigned n = datasize(sf);
  x = trunc(x, sf);
  switch (type) {
    case ShiftType::LSL:
      return trunc(x << amount, sf);
    case ShiftType::LSR:
      return x >> amount;
    case ShiftType::ASR:
      return trunc(static_cast<uint64_t>(sign_extend(x, n) >> amount), sf);
    case ShiftType::ROR:
      return ror(x, amount, n);
  }
  return 0;
}

// ConditionHolds() (Arm ARM C1.2.4) on the flags N, Z, C and V.
constexpr bool condition_passes(unsigned cond, bool n, bool z, bool c, bool v) {
  bool r;
  switch (cond >> 1) {
    case 0:
      r = z;
      break;  // EQ/NE
    case 1:
      r = c;
      break;  // CS/CC
    case 2:
      r = n;
      break;  // MI/PL
    case 3:
      r = v;
      break;  // VS/VC
    case 4:
      r = c && !z;
      break;  // HI/LS
    case 5:
      r = n == v;
      break;  // GE/LT
    case 6:
      r = n == v && !z;
      break;  // GT/LE
    default:
      r = true;
      break;  // AL/NV
  }
  if ((cond & 1) && cond != 0xF) r = !r;
  return r;
}

struct BitMasks {
  uint64_t wmask, tmask;
  bool ok;  // false: the encoding is UNDEFINED
};

// DecodeBitMasks() (Arm ARM J1.1.3), masks replicated to 64 bits; callers truncate.
constexpr BitMasks decode_bit_masks(unsigned imm_n, unsigned imms, unsigned immr, bool immediate) {
  const unsigned combined = (imm_n << 6) | (~imms & 0x3F);
  if (combined == 0) return {0, 0, false};
  const unsigned len = std::bit_width(combined) - 1;  // HighestSetBit
  if (len < 1) return {0, 0, false};
  const unsigned levels = (1u << len) - 1;
  if (immediate && (imms & levels) == levels) return {0, 0, false};
  const unsigned s = imms & levels;
  const unsigned r = immr & levels;
  const unsigned esize = 1u << len;
  const unsigned d = (s - r) & levels;
  const uint64_t welem = ones(s + 1);
  const uint64_t telem = ones(d + 1);
  return {replicate(ror(welem, r, esize), esize), replicate(telem, esize), true};
}

}  // namespace isa
