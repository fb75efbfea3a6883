// Bit-manipulation helpers named after the Arm ARM's pseudocode functions.
#pragma once

#include <bit>
#include <cstdint>

namespace isa {

// insn<hi:lo>
constexpr uint32_t bits(uint32_t insn, unsigned hi, unsigned lo) {
  return (insn >> lo) & ((2u << (hi - lo)) - 1u);
}
constexpr uint32_t bit(uint32_t insn, unsigned n) { return (insn >> n) & 1u; }

// SignExtend(x<n-1:0>, 64)
constexpr int64_t sign_extend(uint64_t x, unsigned n) {
  return n >= 64 ? static_cast<int64_t>(x) : static_cast<int64_t>(x << (64 - n)) >> (64 - n);
}

constexpr uint64_t ones(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

// Replicate(x<esize-1:0>, 64 / esize): x must already fit in esize bits.
constexpr uint64_t replicate(uint64_t x, unsigned esize) {
  return esize >= 64 ? x : x * (~0ull / ones(esize));
}

constexpr uint64_t ror(uint64_t x, unsigned shift, unsigned width) {
  shift %= width;
  if (shift == 0) return x & ones(width);
  return ((x >> shift) | (x << (width - shift))) & ones(width);
}

}  // namespace isa
