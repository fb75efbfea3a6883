// Lane access and saturation helpers shared by the AdvSIMD bodies (isa/exec_simd*.cc),
// named after the Arm ARM's pseudocode (Elem[], V[], SignedSatQ, UnsignedSatQ).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#include "isa/bits.h"
#include "isa/cpu.h"

namespace isa::simd {

static_assert(std::endian::native == std::endian::little,
              "lane access assumes a little-endian host");

// The fields of the AdvSIMD data-processing encodings: Rd, Rn, Rm, size, Q and U.
constexpr unsigned field_d(uint32_t insn) { return bits(insn, 4, 0); }
constexpr unsigned field_n(uint32_t insn) { return bits(insn, 9, 5); }
constexpr unsigned field_m(uint32_t insn) { return bits(insn, 20, 16); }
constexpr unsigned field_size(uint32_t insn) { return bits(insn, 23, 22); }
constexpr bool field_q(uint32_t insn) { return bit(insn, 30) != 0; }
constexpr bool field_u(uint32_t insn) { return bit(insn, 29) != 0; }

// The start of every AdvSIMD body: UNDEFINED for a reserved encoding, then
// CheckFPAdvSIMDEnabled64(). False when the body must stop.
inline bool enter(Cpu& cpu, bool reserved) {
  if (reserved) {
    cpu.undefined();
    return false;
  }
  return cpu.check_fp_enabled();
}

// Int(x<esize-1:0>, unsigned).
inline __int128 to_int(uint64_t x, unsigned esize, bool is_unsigned) {
  return is_unsigned ? __int128{x & ones(esize)} : __int128{sign_extend(x, esize)};
}

// Elem[v, index, 8 * ebytes], zero-extended. (Each element size is a copy of constant
// size, a plain load, rather than a call of memcpy with a variable size.)
inline uint64_t get_elem(const uint64_t* v, unsigned index, unsigned ebytes) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(v) + index * ebytes;
  switch (ebytes) {
    case 1:
      return *p;
    case 2: {
      uint16_t r;
      std::memcpy(&r, p, 2);
      return r;
    }
    case 4: {
      uint32_t r;
      std::memcpy(&r, p, 4);
      return r;
    }
    default: {
      uint64_t r;
      std::memcpy(&r, p, 8);
      return r;
    }
  }
}
// Elem[v, index, 8 * ebytes] = value<8 * ebytes - 1:0>.
inline void set_elem(uint64_t* v, unsigned index, unsigned ebytes, uint64_t value) {
  uint8_t* p = reinterpret_cast<uint8_t*>(v) + index * ebytes;
  switch (ebytes) {
    case 1:
      *p = static_cast<uint8_t>(value);
      break;
    case 2: {
      const auto x = static_cast<uint16_t>(value);
      std::memcpy(p, &x, 2);
      break;
    }
    case 4: {
      const auto x = static_cast<uint32_t>(value);
      std::memcpy(p, &x, 4);
      break;
    }
    default:
      std::memcpy(p, &value, 8);
      break;
  }
}
// V[d] = {lo, hi}.
inline void set_v(Cpu& cpu, unsigned d, uint64_t lo, uint64_t hi) {
  uint64_t* v = cpu.vreg(d);
  v[0] = lo;
  v[1] = hi;
}
// The two 64-bit halves at p, read as two 8-byte loads. Halves stored apart (a load
// of 8 bytes or less into p[0], p[1] = 0; a V register written a 64-bit word at a
// time) would otherwise be copied with one 16-byte load, which the host cannot forward
// from two stores and so waits for both to reach its cache (a third of the time of a
// SIMD&FP load).
inline void load_halves(const uint64_t p[2], uint64_t& lo, uint64_t& hi) {
  lo = p[0];
  hi = p[1];
  asm("" : "+r"(lo), "+r"(hi));  // keeps them two loads, each forwarded from its store
}
// V[d] = {data[0], data[1]}, a half at a time.
inline void set_v_halves(Cpu& cpu, unsigned d, const uint64_t data[2]) {
  uint64_t lo, hi;
  load_halves(data, lo, hi);
  set_v(cpu, d, lo, hi);
}

// A 128-bit value of a V register, copied out so that the destination may be one of
// the sources. Element i of size ebytes bytes.
struct Vec {
  uint64_t w[2] = {0, 0};
  uint64_t get(unsigned i, unsigned ebytes) const { return get_elem(w, i, ebytes); }
  int64_t sget(unsigned i, unsigned ebytes) const {
    return sign_extend(get_elem(w, i, ebytes), 8 * ebytes);
  }
  void set(unsigned i, unsigned ebytes, uint64_t value) { set_elem(w, i, ebytes, value); }
};
// (A half at a time: registers are written 64 bits at a time.)
inline Vec read_vec(const Cpu& cpu, unsigned n) {
  uint64_t lo, hi;
  load_halves(cpu.vreg(n), lo, hi);
  return Vec{{lo, hi}};
}
// V[d] = value, 128 bits when q, else the low 64 bits with the upper half cleared (a
// write of a 64-bit vector or of a scalar narrower than 128 bits).
inline void write_vec(Cpu& cpu, unsigned d, const Vec& value, bool q) {
  set_v(cpu, d, value.w[0], q ? value.w[1] : 0);
}
// Vpart[d, part] = value: part 0 writes the lower 64 bits and clears the upper, part 1
// (the "2" forms) writes the upper 64 bits and keeps the lower.
inline void write_part(Cpu& cpu, unsigned d, uint64_t value, bool part) {
  if (part)
    cpu.vreg(d)[1] = value;
  else
    set_v(cpu, d, value, 0);
}
// V[d] = the scalar value<8 * ebytes - 1:0>, the rest of the register cleared.
inline void write_scalar(Cpu& cpu, unsigned d, unsigned ebytes, uint64_t value) {
  set_v(cpu, d, value & ones(8 * ebytes), 0);
}

// FPSR.QC, the cumulative saturation bit.
constexpr uint32_t kFpsrQc = 1u << 27;
inline void set_qc(Cpu& cpu) { cpu.fpsr |= kFpsrQc; }

// SignedSatQ(value, esize): the value clamped to esize bits (as its low esize bits),
// sat set when it did not fit.
inline uint64_t sat_signed(__int128 value, unsigned esize, bool& sat) {
  const __int128 max = (__int128{1} << (esize - 1)) - 1;
  const __int128 min = -max - 1;
  if (value > max) {
    sat = true;
    value = max;
  } else if (value < min) {
    sat = true;
    value = min;
  }
  return static_cast<uint64_t>(value) & ones(esize);
}
// UnsignedSatQ(value, esize).
inline uint64_t sat_unsigned(__int128 value, unsigned esize, bool& sat) {
  const __int128 max = (__int128{1} << esize) - 1;
  if (value > max) {
    sat = true;
    value = max;
  } else if (value < 0) {
    sat = true;
    value = 0;
  }
  return static_cast<uint64_t>(value) & ones(esize);
}

}  // namespace isa::simd
