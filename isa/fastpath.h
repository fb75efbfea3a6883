// Specialised bodies of the encodings that dominate compiled code, executed inline by
// the step loop (isa/cpu.cc), which jumps from one to the next through a table of
// labels (threaded dispatch): no call, no return, no decoding of fields at run time.
//
// isa/fastpath.cc picks one of them for an instruction word at predecode time and
// fills in its operands: register numbers with XZR already mapped (Cpu::kXzrRead for
// a source, Cpu::kXzrWrite for a destination), immediates decoded, scaled,
// sign-extended or negated, the condition as the set of NZCV values that pass it.
// Whatever a specialised body does not handle is left to the table body (Decoded::fn,
// isa/exec_*.cc), which then runs from the start:
//  - at predecode: register 31 where it would be SP (but in ADD and SUB without
//    flags), ROR in ADD and SUB (reserved), EXTR other than ROR, the CONSTRAINED
//    UNPREDICTABLE register overlaps, UNDEFINED field values;
//  - at execution: an access that the host-pointer cache does not serve (first touch
//    of a page, devices, faults, unaligned or page-crossing accesses) or an SP base
//    that is not 16-byte aligned (the table body applies SCTLR_ELx.SA).
// Both implement the same instruction: the instruction unit tests run through the step
// loop, and the firmware and conformance suites compare whole programs with QEMU.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "isa/alu.h"
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/fp.h"
#include "isa/ldst.h"
#include "isa/sysreg_table.h"

#define EL2SIM_INLINE inline __attribute__((always_inline))

namespace isa::fast {

template <bool kSf>
constexpr uint64_t tr(uint64_t v) {
  return trunc(v, kSf);
}

// NZCV of x + y (kSub: x - y) on datasize-wide operands (AddWithCarry() with a carry
// in of 0, or 1 for the subtraction of ~y).
template <bool kSf, bool kSub>
EL2SIM_INLINE uint64_t add_sub_flags(Cpu& cpu, uint64_t x, uint64_t y) {
  using U = std::conditional_t<kSf, uint64_t, uint32_t>;
  U r = static_cast<U>(x);
  const U b = static_cast<U>(y);
  Pstate& p = cpu.pstate();
#if defined(__x86_64__)
  // The host computes the same four flags: one instruction and four flag stores
  // instead of a dozen. x86's carry is a borrow on subtraction, Arm's C its inverse.
  if constexpr (kSub) {
    asm("sub %[b], %[r]\n\tsets %[n]\n\tsete %[z]\n\tsetae %[c]\n\tseto %[v]"
        : [r] "+r"(r), [n] "=m"(p.n), [z] "=m"(p.z), [c] "=m"(p.c), [v] "=m"(p.v)
        : [b] "r"(b)
        : "cc");
  } else {
    asm("add %[b], %[r]\n\tsets %[n]\n\tsete %[z]\n\tsetc %[c]\n\tseto %[v]"
        : [r] "+r"(r), [n] "=m"(p.n), [z] "=m"(p.z), [c] "=m"(p.c), [v] "=m"(p.v)
        : [b] "r"(b)
        : "cc");
  }
#else
  using S = std::make_signed_t<U>;
  const U a = r;
  S sr;
  bool c, v;
  if constexpr (kSub) {
    c = a >= b;  // C = NOT borrow
    v = __builtin_sub_overflow(static_cast<S>(a), static_cast<S>(b), &sr);
  } else {
    c = __builtin_add_overflow(a, b, &r);
    v = __builtin_add_overflow(static_cast<S>(a), static_cast<S>(b), &sr);
  }
  r = static_cast<U>(sr);
  p.n = sr < 0;
  p.z = r == 0;
  p.c = c;
  p.v = v;
#endif
  return r;
}

// ConditionHolds() as a set: bit (N<<3 | Z<<2 | C<<1 | V) is set when cond passes.
constexpr uint16_t condition_set(unsigned cond) {
  uint16_t set = 0;
  for (unsigned f = 0; f < 16; ++f)
    if (condition_passes(cond, f & 8, f & 4, f & 2, f & 1))
      set = static_cast<uint16_t>(set | (1u << f));
  return set;
}

EL2SIM_INLINE bool passes(const Cpu& cpu, const Decoded& d) {
  // PSTATE.{N,Z,C,V} are four bytes of 0 or 1: one multiply gathers them into a nibble.
  uint32_t w;
  std::memcpy(&w, &cpu.pstate().n, 4);
  return (d.cond >> ((w * 0x08040201u) >> 24)) & 1;
}

// ShiftReg() with the type in d.ra (LSL, LSR, ASR; kLsl: known to be LSL) and the
// amount in d.shift.
template <bool kSf, bool kLsl>
EL2SIM_INLINE uint64_t shifted(uint64_t x, const Decoded& d) {
  if constexpr (kLsl) return tr<kSf>(x << d.shift);
  // (Tests in this order, not a switch: GCC makes a jump table of that, which costs the
  // common LSR and ASR more.)
  if (d.ra == 1) return tr<kSf>(x) >> d.shift;
  if (d.ra == 2)
    return tr<kSf>(static_cast<uint64_t>(sign_extend(tr<kSf>(x), kSf ? 64 : 32) >> d.shift));
  if (d.ra == 3) {  // ROR: logical operations only
    if constexpr (kSf) return std::rotr(x, d.shift);
    return std::rotr(static_cast<uint32_t>(x), d.shift);
  }
  return tr<kSf>(x << d.shift);
}

// ---- data processing ----

// ADD/SUB (immediate) without flags, Rd and Rn not SP; imm is negated for SUB.
template <bool kSf>
EL2SIM_INLINE void add_imm(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  x[d.rd] = tr<kSf>(x[d.rn] + d.imm);
}

// ADD/SUB (immediate) without flags where Rd or Rn is SP (MOV to and from SP, stack
// frames made and dropped); imm is negated for SUB.
template <bool kSf>
EL2SIM_INLINE void add_imm_sp(Cpu& cpu, const Decoded& d) {
  cpu.set_x_or_sp(d.rd, tr<kSf>(cpu.x_or_sp(d.rn) + d.imm));
}

// ADDS/SUBS (immediate), Rn not SP.
template <bool kSf, bool kSub>
EL2SIM_INLINE void adds_imm(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  x[d.rd] = add_sub_flags<kSf, kSub>(cpu, x[d.rn], d.imm);
}

// ADD/ADDS/SUB/SUBS (shifted register).
template <bool kSf, bool kSub, bool kFlags, bool kLsl>
EL2SIM_INLINE void addsub_shift(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  const uint64_t op2 = shifted<kSf, kLsl>(x[d.rm], d);
  if constexpr (!kFlags) {
    x[d.rd] = tr<kSf>(kSub ? x[d.rn] - op2 : x[d.rn] + op2);
  } else {
    x[d.rd] = add_sub_flags<kSf, kSub>(cpu, x[d.rn], op2);
  }
}

// ADD/SUB (extended register) without flags, 64-bit: the extend in imm2 (0: UXTB ..
// 7: SXTX, as option), the left shift in d.shift; kSp: Rd or Rn is SP.
template <bool kSub, bool kSp>
EL2SIM_INLINE void addsub_ext(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  const uint64_t m = x[d.rm];
  uint64_t v;
  switch (d.imm2) {
    case 0:
      v = static_cast<uint8_t>(m);
      break;
    case 1:
      v = static_cast<uint16_t>(m);
      break;
    case 2:
      v = static_cast<uint32_t>(m);
      break;
    case 4:
      v = static_cast<uint64_t>(int64_t{static_cast<int8_t>(m)});
      break;
    case 5:
      v = static_cast<uint64_t>(int64_t{static_cast<int16_t>(m)});
      break;
    case 6:
      v = static_cast<uint64_t>(int64_t{static_cast<int32_t>(m)});
      break;
    default:
      v = m;
      break;
  }
  v <<= d.shift;
  if constexpr (kSp) {
    cpu.set_x_or_sp(d.rd, kSub ? cpu.x_or_sp(d.rn) - v : cpu.x_or_sp(d.rn) + v);
  } else {
    x[d.rd] = kSub ? x[d.rn] - v : x[d.rn] + v;
  }
}

enum class Logic { And, Orr, Eor, Ands };

template <Logic kOp>
constexpr uint64_t logic(uint64_t a, uint64_t b) {
  if constexpr (kOp == Logic::Orr) return a | b;
  if constexpr (kOp == Logic::Eor) return a ^ b;
  return a & b;
}

// AND/ORR/EOR/ANDS and the inverting BIC/ORN/EON/BICS (shifted register).
template <bool kSf, Logic kOp, bool kInvert, bool kLsl>
EL2SIM_INLINE void logic_shift(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  uint64_t op2 = shifted<kSf, kLsl>(x[d.rm], d);
  if constexpr (kInvert) op2 = ~op2;
  const uint64_t r = tr<kSf>(logic<kOp>(x[d.rn], op2));
  if constexpr (kOp == Logic::Ands) set_flags(cpu, logic_flags(r, kSf));
  x[d.rd] = r;
}

// AND/ORR/EOR/ANDS (immediate); imm is the decoded bitmask. Rd is not SP.
template <bool kSf, Logic kOp>
EL2SIM_INLINE void logic_imm(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  const uint64_t r = tr<kSf>(logic<kOp>(x[d.rn], d.imm));
  if constexpr (kOp == Logic::Ands) set_flags(cpu, logic_flags(r, kSf));
  x[d.rd] = r;
}

// NOP, the hints this core implements as NOP (YIELD; HINT: PACIASP, BTI, CSDB, ESB and
// the unallocated ones) and the barriers DSB, DMB and ISB (accesses complete in order
// and code writes are seen at once in this model), which need none of the system
// instructions' bookkeeping.
EL2SIM_INLINE void nop(Cpu&, const Decoded&) {}

// MOVZ/MOVN: the whole value is known at predecode.
EL2SIM_INLINE void mov_const(Cpu& cpu, const Decoded& d) { cpu.xregs()[d.rd] = d.imm; }

// MOVK: imm is the shifted immediate, imm2 the mask of the field it replaces.
template <bool kSf>
EL2SIM_INLINE void movk(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  x[d.rd] = tr<kSf>((x[d.rd] & ~d.imm2) | d.imm);
}

// UBFM/SBFM: imm = wmask, imm2 = tmask, shift = immr, ra = imms.
template <bool kSf, bool kSigned>
EL2SIM_INLINE void bitfield(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  uint64_t rotated;
  if constexpr (kSf) {
    rotated = std::rotr(x[d.rn], d.shift);
  } else {
    rotated = std::rotr(static_cast<uint32_t>(x[d.rn]), d.shift);
  }
  const uint64_t bot = rotated & d.imm;
  uint64_t r;
  if constexpr (kSigned) {
    const uint64_t top = (x[d.rn] >> d.ra) & 1 ? ~0ull : 0;
    r = (top & ~d.imm2) | (bot & d.imm2);
  } else {
    r = bot & d.imm2;
  }
  x[d.rd] = tr<kSf>(r);
}

// CSEL/CSINC/CSINV/CSNEG.
template <bool kSf, bool kInv, bool kInc>
EL2SIM_INLINE void cond_select(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  uint64_t r;
  if (passes(cpu, d)) {
    r = x[d.rn];
  } else {
    r = x[d.rm];
    if constexpr (kInv) r = ~r;
    if constexpr (kInc) ++r;
  }
  x[d.rd] = tr<kSf>(r);
}

// CCMP/CCMN (register, or immediate in imm): the comparison's flags when the
// condition passes, the instruction's nzcv (in shift, N at bit 3) otherwise.
template <bool kSf, bool kSub, bool kImm>
EL2SIM_INLINE void cond_compare(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  if (passes(cpu, d)) {
    add_sub_flags<kSf, kSub>(cpu, x[d.rn], kImm ? d.imm : x[d.rm]);
  } else {
    set_flags(cpu, {static_cast<uint8_t>(d.shift >> 3), static_cast<uint8_t>((d.shift >> 2) & 1),
                    static_cast<uint8_t>((d.shift >> 1) & 1), static_cast<uint8_t>(d.shift & 1)});
  }
}

// BFM: imm = wmask, imm2 = tmask, shift = immr.
template <bool kSf>
EL2SIM_INLINE void bfm(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  uint64_t rotated;
  if constexpr (kSf) {
    rotated = std::rotr(x[d.rn], d.shift);
  } else {
    rotated = std::rotr(static_cast<uint32_t>(x[d.rn]), d.shift);
  }
  const uint64_t dst = x[d.rd];
  const uint64_t bot = (dst & ~d.imm) | (rotated & d.imm);
  x[d.rd] = tr<kSf>((dst & ~d.imm2) | (bot & d.imm2));
}

// UDIV/SDIV: division by zero gives 0, the most negative value / -1 wraps.
template <bool kSf, bool kSigned>
EL2SIM_INLINE void divide(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  using U = std::conditional_t<kSf, uint64_t, uint32_t>;
  using S = std::make_signed_t<U>;
  const U n = static_cast<U>(x[d.rn]), m = static_cast<U>(x[d.rm]);
  U r;
  if (m == 0) {
    r = 0;
  } else if constexpr (kSigned) {
    r = static_cast<S>(m) == -1 ? static_cast<U>(0 - n)
                                : static_cast<U>(static_cast<S>(n) / static_cast<S>(m));
  } else {
    r = n / m;
  }
  x[d.rd] = r;
}

// The next three run as table bodies of their own (op Generic, see run_alu in
// isa/fastpath.cc), not from labels of the step loop.
// ADC/ADCS/SBC/SBCS: x[n] + x[m] + C (SBC: x[n] + NOT(x[m]) + C), AddWithCarry().
template <bool kSf, bool kSub, bool kFlags>
EL2SIM_INLINE void add_carry(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  const uint64_t op2 = kSub ? ~x[d.rm] : x[d.rm];
  if constexpr (kFlags) {
    const AddResult r = add_with_carry(x[d.rn], op2, cpu.pstate().c, kSf);
    set_flags(cpu, r.flags);
    x[d.rd] = tr<kSf>(r.result);
  } else {
    x[d.rd] = tr<kSf>(x[d.rn] + op2 + cpu.pstate().c);
  }
}

// LSLV/LSRV/ASRV/RORV: the shift amount is x[m] modulo the datasize.
template <bool kSf, unsigned kType>
EL2SIM_INLINE void shift_var(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  using U = std::conditional_t<kSf, uint64_t, uint32_t>;
  using S = std::make_signed_t<U>;
  const U v = static_cast<U>(x[d.rn]);
  const unsigned amount = static_cast<unsigned>(x[d.rm]) % (kSf ? 64 : 32);
  U r;
  if constexpr (kType == 0) {
    r = static_cast<U>(v << amount);
  } else if constexpr (kType == 1) {
    r = static_cast<U>(v >> amount);
  } else if constexpr (kType == 2) {
    r = static_cast<U>(static_cast<S>(v) >> amount);
  } else {
    r = std::rotr(v, static_cast<int>(amount));
  }
  x[d.rd] = r;
}

// REV (64-bit) and REV (32-bit): the bytes of the register reversed.
template <bool kSf>
EL2SIM_INLINE void rev(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  if constexpr (kSf)
    x[d.rd] = __builtin_bswap64(x[d.rn]);
  else
    x[d.rd] = __builtin_bswap32(static_cast<uint32_t>(x[d.rn]));
}

// UMULH/SMULH.
template <bool kSigned>
EL2SIM_INLINE void mul_high(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  if constexpr (kSigned) {
    const __int128 p = __int128{static_cast<int64_t>(x[d.rn])} * static_cast<int64_t>(x[d.rm]);
    x[d.rd] = static_cast<uint64_t>(p >> 64);
  } else {
    const unsigned __int128 p = static_cast<unsigned __int128>(x[d.rn]) * x[d.rm];
    x[d.rd] = static_cast<uint64_t>(p >> 64);
  }
}

// UMADDL/SMADDL/UMSUBL/SMSUBL: 32 x 32 -> 64-bit products.
template <bool kSigned, bool kSub>
EL2SIM_INLINE void madd_long(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  uint64_t p;
  if constexpr (kSigned) {
    p = static_cast<uint64_t>(int64_t{static_cast<int32_t>(x[d.rn])} *
                              int64_t{static_cast<int32_t>(x[d.rm])});
  } else {
    p = uint64_t{static_cast<uint32_t>(x[d.rn])} * static_cast<uint32_t>(x[d.rm]);
  }
  x[d.rd] = kSub ? x[d.ra] - p : x[d.ra] + p;
}

// MADD/MSUB.
template <bool kSf, bool kSub>
EL2SIM_INLINE void madd(Cpu& cpu, const Decoded& d) {
  uint64_t* x = cpu.xregs();
  const uint64_t p = x[d.rn] * x[d.rm];
  x[d.rd] = tr<kSf>(kSub ? x[d.ra] - p : x[d.ra] + p);
}

// ADR/ADRP: imm is the result's offset from the VA of the instruction's page (`page`):
// ADRP's as decoded, ADR's once place_in_page has added the instruction's own offset.
EL2SIM_INLINE void adr(Cpu& cpu, const Decoded& d, uint64_t page) {
  cpu.xregs()[d.rd] = page + d.imm;
}

// ---- branches ----

// A Branch body returns whether the branch is taken, with its target in `target`;
// the step loop then continues the run there or ends it. `page` is the VA of the page
// the instruction is in: the immediate targets are offsets from it (place_in_page),
// and imm2 is the instruction's own offset there.

EL2SIM_INLINE bool b(Cpu&, const Decoded& d, uint64_t page, uint64_t& target) {
  target = page + d.imm;
  return true;
}

EL2SIM_INLINE bool bl(Cpu& cpu, const Decoded& d, uint64_t page, uint64_t& target) {
  cpu.xregs()[30] = page + d.imm2 + 4;
  target = page + d.imm;
  return true;
}

EL2SIM_INLINE bool b_cond(Cpu& cpu, const Decoded& d, uint64_t page, uint64_t& target) {
  target = page + d.imm;
  return passes(cpu, d);
}

template <bool kSf, bool kNonZero>
EL2SIM_INLINE bool cbz(Cpu& cpu, const Decoded& d, uint64_t page, uint64_t& target) {
  target = page + d.imm;
  return (tr<kSf>(cpu.xregs()[d.rd]) == 0) != kNonZero;
}

template <bool kNonZero>
EL2SIM_INLINE bool tbz(Cpu& cpu, const Decoded& d, uint64_t page, uint64_t& target) {
  target = page + d.imm;
  return static_cast<bool>((cpu.xregs()[d.rd] >> d.shift) & 1) == kNonZero;
}

EL2SIM_INLINE bool br(Cpu& cpu, const Decoded& d, uint64_t, uint64_t& target) {
  target = cpu.xregs()[d.rn];
  return true;
}

EL2SIM_INLINE bool blr(Cpu& cpu, const Decoded& d, uint64_t page, uint64_t& target) {
  uint64_t* x = cpu.xregs();
  target = x[d.rn];
  x[30] = page + d.imm2 + 4;
  return true;
}

// A Flow body returns true when the instruction needs its table body: the step loop
// then runs that from the start (nothing was changed).
EL2SIM_INLINE bool slow() { return true; }

// ---- loads and stores ----

using ldst::Index;
// What a load does with the data: zero-extend, sign-extend to 32 or to 64 bits.
enum class Ext : uint8_t { Zero, Sign32, Sign64 };

template <unsigned kSize>
EL2SIM_INLINE uint64_t load_host(const uint8_t* h) {
  if constexpr (kSize == 1) {
    return *h;
  } else if constexpr (kSize == 2) {
    uint16_t v;
    std::memcpy(&v, h, 2);
    return v;
  } else if constexpr (kSize == 4) {
    uint32_t v;
    std::memcpy(&v, h, 4);
    return v;
  } else {
    uint64_t v;
    std::memcpy(&v, h, 8);
    return v;
  }
}

template <unsigned kSize>
EL2SIM_INLINE void store_host(uint8_t* h, uint64_t value) {
  if constexpr (kSize == 1) {
    *h = static_cast<uint8_t>(value);
  } else if constexpr (kSize == 2) {
    const auto v = static_cast<uint16_t>(value);
    std::memcpy(h, &v, 2);
  } else if constexpr (kSize == 4) {
    const auto v = static_cast<uint32_t>(value);
    std::memcpy(h, &v, 4);
  } else {
    std::memcpy(h, &value, 8);
  }
}

template <unsigned kSize, Ext kExt>
constexpr uint64_t extend(uint64_t v) {
  if constexpr (kExt == Ext::Zero) {
    return v;
  } else {
    const auto s = static_cast<uint64_t>(sign_extend(v, 8 * kSize));
    return kExt == Ext::Sign32 ? static_cast<uint32_t>(s) : s;
  }
}

// The base register: X[n], or SP when it is 16-byte aligned (otherwise the table body
// decides whether SCTLR_ELx.SA faults).
EL2SIM_INLINE bool base_of(Cpu& cpu, const Decoded& d, uint64_t& base) {
  if (d.rn != 31) [[likely]] {
    base = cpu.xregs()[d.rn];
    return true;
  }
  base = cpu.sp();
  return (base & 15) == 0;
}

template <Index kIndex>
EL2SIM_INLINE void write_back(Cpu& cpu, const Decoded& d, uint64_t base, uint64_t address) {
  if constexpr (kIndex != Index::Offset) {
    const uint64_t v = kIndex == Index::Post ? base + d.imm : address;
    if (d.rn == 31)
      cpu.set_sp(v);
    else
      cpu.xregs()[d.rn] = v;
  }
}

// Single-register loads and stores, immediate offset (scaled, unscaled, pre, post).
template <unsigned kSize, Ext kExt, Index kIndex>
EL2SIM_INLINE bool load_imm(Cpu& cpu, const Decoded& d, uint64_t) {
  uint64_t base;
  if (!base_of(cpu, d, base)) [[unlikely]]
    return slow();
  const uint64_t address = kIndex == Index::Post ? base : base + d.imm;
  uint8_t* h;
  if (!cpu.run_host_read(address, kSize, h)) [[unlikely]]
    return slow();
  cpu.xregs()[d.rd] = extend<kSize, kExt>(load_host<kSize>(h));
  write_back<kIndex>(cpu, d, base, address);
  return false;
}

template <unsigned kSize, Index kIndex>
EL2SIM_INLINE bool store_imm(Cpu& cpu, const Decoded& d, uint64_t) {
  uint64_t base;
  if (!base_of(cpu, d, base)) [[unlikely]]
    return slow();
  const uint64_t address = kIndex == Index::Post ? base : base + d.imm;
  uint8_t* h;
  if (!cpu.run_host_write(address, kSize, h)) [[unlikely]]
    return slow();
  store_host<kSize>(h, cpu.xregs()[d.rd]);
  write_back<kIndex>(cpu, d, base, address);
  return false;
}

// Register offset: X[m] LSL #shift (kLsl: LSL or SXTX), or ExtendReg() as
// ((X[m] & imm2) ^ imm) - imm, then LSL #shift, where imm2 keeps the source bits (32 or
// 64) and imm is the sign bit to extend (or 0).
template <bool kLsl>
EL2SIM_INLINE uint64_t reg_offset(const Decoded& d, const uint64_t* x) {
  if constexpr (kLsl) return x[d.rm] << d.shift;
  return (((x[d.rm] & d.imm2) ^ d.imm) - d.imm) << d.shift;
}

// Register offset forms, Rn not SP.
template <unsigned kSize, Ext kExt, bool kLsl>
EL2SIM_INLINE bool load_reg(Cpu& cpu, const Decoded& d, uint64_t) {
  uint64_t* x = cpu.xregs();
  uint8_t* h;
  if (!cpu.run_host_read(x[d.rn] + reg_offset<kLsl>(d, x), kSize, h)) [[unlikely]]
    return slow();
  x[d.rd] = extend<kSize, kExt>(load_host<kSize>(h));
  return false;
}

template <unsigned kSize, bool kLsl>
EL2SIM_INLINE bool store_reg(Cpu& cpu, const Decoded& d, uint64_t) {
  uint64_t* x = cpu.xregs();
  uint8_t* h;
  if (!cpu.run_host_write(x[d.rn] + reg_offset<kLsl>(d, x), kSize, h)) [[unlikely]]
    return slow();
  store_host<kSize>(h, x[d.rd]);
  return false;
}

// LDR/STR (immediate, SIMD&FP) of an S, D or Q register (kSize 4, 8, 16; rd is Vt),
// while SIMD&FP accesses do not trap (otherwise the table body raises the trap). A
// load writes the whole register (zeros above kSize), a half at a time.
template <unsigned kSize, Index kIndex>
EL2SIM_INLINE bool load_fp_imm(Cpu& cpu, const Decoded& d, uint64_t) {
  uint64_t base;
  if (!cpu.fp_enabled() || !base_of(cpu, d, base)) [[unlikely]]
    return slow();
  const uint64_t address = kIndex == Index::Post ? base : base + d.imm;
  uint8_t* h;
  if (!cpu.run_host_read(address, kSize, h)) [[unlikely]]
    return slow();
  uint64_t* v = cpu.vreg(d.rd);
  if constexpr (kSize == 16) {
    v[0] = load_host<8>(h);
    v[1] = load_host<8>(h + 8);
  } else {
    v[0] = load_host<kSize>(h);
    v[1] = 0;
  }
  write_back<kIndex>(cpu, d, base, address);
  return false;
}

template <unsigned kSize, Index kIndex>
EL2SIM_INLINE bool store_fp_imm(Cpu& cpu, const Decoded& d, uint64_t) {
  uint64_t base;
  if (!cpu.fp_enabled() || !base_of(cpu, d, base)) [[unlikely]]
    return slow();
  const uint64_t address = kIndex == Index::Post ? base : base + d.imm;
  uint8_t* h;
  if (!cpu.run_host_write(address, kSize, h)) [[unlikely]]
    return slow();
  const uint64_t* v = cpu.vreg(d.rd);
  if constexpr (kSize == 16) {
    store_host<8>(h, v[0]);
    store_host<8>(h + 8, v[1]);
  } else {
    store_host<kSize>(h, v[0]);
  }
  write_back<kIndex>(cpu, d, base, address);
  return false;
}

// AdvSIMD FP arithmetic of the common case (fp::vec_fast), vector forms: three same
// (Vn, Vm), or by element (Vn and Elem[Vm, shift] in every lane). imm is the element
// size (32 or 64), imm2 the number of lanes. Where vec_fast declines (a lane outside
// its fast case) or SIMD&FP accesses trap, the table body runs the instruction.
template <fp::VecOp kOp, bool kByElement>
EL2SIM_INLINE bool fp_vec(Cpu& cpu, const Decoded& d, uint64_t) {
  if (!cpu.fp_enabled()) [[unlikely]]
    return slow();
  const unsigned esize = static_cast<unsigned>(d.imm);
  uint64_t m[2];
  const uint64_t* vm = cpu.vreg(d.rm);
  if constexpr (kByElement) {
    const uint64_t e =
        esize == 64 ? vm[d.shift & 1] : (vm[d.shift >> 1 & 1] >> (32 * (d.shift & 1))) & 0xFFFFFFFF;
    m[0] = m[1] = esize == 64 ? e : e | e << 32;
  } else {
    m[0] = vm[0];
    m[1] = vm[1];
  }
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  uint64_t r[2];
  if (!fp::vec_fast(kOp, esize, static_cast<unsigned>(d.imm2), cpu.vreg(d.rn), m, cpu.vreg(d.rd), r,
                    env)) [[unlikely]]
    return slow();
  // (A 64-bit vector's upper lanes come back zero: Vd's upper half is cleared.)
  uint64_t* v = cpu.vreg(d.rd);
  v[0] = r[0];
  v[1] = r[1];
  cpu.fpsr |= env.flags;
  return false;
}

// Scalar FADD, FSUB, FMUL, FDIV, FMADD and FMSUB (Ra in ra): the table bodies' element
// operations with the operands decoded once; imm is the element size (32 or 64).
template <fp::VecOp kOp>
EL2SIM_INLINE bool fp_scalar(Cpu& cpu, const Decoded& d, uint64_t) {
  if (!cpu.fp_enabled()) [[unlikely]]
    return slow();
  const unsigned esize = static_cast<unsigned>(d.imm);
  const uint64_t mask = esize == 64 ? ~0ull : 0xFFFFFFFF;
  const uint64_t n = cpu.vreg(d.rn)[0] & mask, m = cpu.vreg(d.rm)[0] & mask;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  uint64_t r;
  if constexpr (kOp == fp::VecOp::Add) r = fp::add(n, m, esize, env);
  if constexpr (kOp == fp::VecOp::Sub) r = fp::sub(n, m, esize, env);
  if constexpr (kOp == fp::VecOp::Mul) r = fp::mul(n, m, esize, env);
  if constexpr (kOp == fp::VecOp::Div) r = fp::div(n, m, esize, env);
  if constexpr (kOp == fp::VecOp::MulAdd || kOp == fp::VecOp::MulSub) {
    const uint64_t a = cpu.vreg(d.ra)[0] & mask;
    r = fp::muladd(a, kOp == fp::VecOp::MulSub ? fp::neg(n, esize) : n, m, esize, env);
  }
  uint64_t* v = cpu.vreg(d.rd);
  v[0] = r;
  v[1] = 0;
  cpu.fpsr |= env.flags;
  return false;
}

// LDR (literal): imm is the literal's offset from the page's VA (place_in_page).
template <unsigned kSize>
EL2SIM_INLINE bool load_literal(Cpu& cpu, const Decoded& d, uint64_t page) {
  uint8_t* h;
  if (!cpu.run_host_read(page + d.imm, kSize, h)) [[unlikely]]
    return slow();
  cpu.xregs()[d.rd] = load_host<kSize>(h);
  return false;
}

// MRS of a register held in SysRegs that has no access rules (no trap to check, no
// value to compute): imm is its SysRegInfo. Below the register's EL the table body
// makes the instruction UNDEFINED.
EL2SIM_INLINE bool mrs_field(Cpu& cpu, const Decoded& d, uint64_t) {
  const auto& r = *reinterpret_cast<const SysRegInfo*>(d.imm);
  if (cpu.el() < r.min_el) [[unlikely]]
    return slow();
  cpu.xregs()[d.rd] = cpu.sr().*r.field | r.res1;
  return false;
}

// LDP/STP of two kSize-byte registers (Rt in rd, Rt2 in rm), both in one page.
template <unsigned kSize, Index kIndex>
EL2SIM_INLINE bool load_pair(Cpu& cpu, const Decoded& d, uint64_t) {
  uint64_t base;
  if (!base_of(cpu, d, base)) [[unlikely]]
    return slow();
  const uint64_t address = kIndex == Index::Post ? base : base + d.imm;
  uint8_t* h;
  if (!cpu.run_host_read(address, kSize, h, 2)) [[unlikely]]
    return slow();
  uint64_t* x = cpu.xregs();
  x[d.rm] = load_host<kSize>(h + kSize);
  x[d.rd] = load_host<kSize>(h);
  write_back<kIndex>(cpu, d, base, address);
  return false;
}

template <unsigned kSize, Index kIndex>
EL2SIM_INLINE bool store_pair(Cpu& cpu, const Decoded& d, uint64_t) {
  uint64_t base;
  if (!base_of(cpu, d, base)) [[unlikely]]
    return slow();
  const uint64_t address = kIndex == Index::Post ? base : base + d.imm;
  uint8_t* h;
  if (!cpu.run_host_write(address, kSize, h, 2)) [[unlikely]]
    return slow();
  uint64_t* x = cpu.xregs();
  store_host<kSize>(h, x[d.rd]);
  store_host<kSize>(h + kSize, x[d.rm]);
  write_back<kIndex>(cpu, d, base, address);
  return false;
}

}  // namespace isa::fast

// The specialised bodies: X(name, kind, body), kind Alu (cannot end the run: no
// exception, no branch, no state the loop caches; does not read the PC), Page (the
// same, but reads the VA of the instruction's page), Branch (returns whether taken and
// the target) or Flow (a load or store: returns whether the instruction needs its table
// body). Branch and Flow bodies are given the page's VA too: the step loop keeps that,
// not the PC, which it derives where it needs it (see Cpu::run_loop).
// The step loop makes one label per line; FastOp numbers them in this order.
// clang-format off
#define EL2SIM_FAST_OPS(X)                                                                   \
  X(AddImm64, Alu, add_imm<true>)                                                            \
  X(AddImm32, Alu, add_imm<false>)                                                           \
  X(AddsImm64, Alu, (adds_imm<true, false>))                                                 \
  X(AddsImm32, Alu, (adds_imm<false, false>))                                                \
  X(SubsImm64, Alu, (adds_imm<true, true>))                                                  \
  X(SubsImm32, Alu, (adds_imm<false, true>))                                                 \
  X(AddShift64, Alu, (addsub_shift<true, false, false, true>))                              \
  X(AddShift32, Alu, (addsub_shift<false, false, false, true>))                             \
  X(SubShift64, Alu, (addsub_shift<true, true, false, true>))                               \
  X(SubShift32, Alu, (addsub_shift<false, true, false, true>))                              \
  X(AddsShift64, Alu, (addsub_shift<true, false, true, true>))                              \
  X(AddsShift32, Alu, (addsub_shift<false, false, true, true>))                             \
  X(SubsShift64, Alu, (addsub_shift<true, true, true, true>))                               \
  X(SubsShift32, Alu, (addsub_shift<false, true, true, true>))                              \
  X(AddExt64, Alu, (addsub_ext<false, false>))                                              \
  X(SubExt64, Alu, (addsub_ext<true, false>))                                               \
  X(AddExtSp64, Alu, (addsub_ext<false, true>))                                             \
  X(SubExtSp64, Alu, (addsub_ext<true, true>))                                              \
  X(AddImmSp64, Alu, add_imm_sp<true>)                                                      \
  X(AddImmSp32, Alu, add_imm_sp<false>)                                                     \
  X(And64, Alu, (logic_shift<true, Logic::And, false, true>))                               \
  X(Bic64, Alu, (logic_shift<true, Logic::And, true, true>))                                \
  X(Orr64, Alu, (logic_shift<true, Logic::Orr, false, true>))                               \
  X(Orn64, Alu, (logic_shift<true, Logic::Orr, true, true>))                                \
  X(Eor64, Alu, (logic_shift<true, Logic::Eor, false, true>))                               \
  X(Eon64, Alu, (logic_shift<true, Logic::Eor, true, true>))                                \
  X(Ands64, Alu, (logic_shift<true, Logic::Ands, false, true>))                             \
  X(Bics64, Alu, (logic_shift<true, Logic::Ands, true, true>))                              \
  X(And32, Alu, (logic_shift<false, Logic::And, false, true>))                              \
  X(Bic32, Alu, (logic_shift<false, Logic::And, true, true>))                               \
  X(Orr32, Alu, (logic_shift<false, Logic::Orr, false, true>))                              \
  X(Orn32, Alu, (logic_shift<false, Logic::Orr, true, true>))                               \
  X(Eor32, Alu, (logic_shift<false, Logic::Eor, false, true>))                              \
  X(Eon32, Alu, (logic_shift<false, Logic::Eor, true, true>))                               \
  X(Ands32, Alu, (logic_shift<false, Logic::Ands, false, true>))                            \
  X(Bics32, Alu, (logic_shift<false, Logic::Ands, true, true>))                             \
  X(AddShift64Any, Alu, (addsub_shift<true, false, false, false>))                          \
  X(AddShift32Any, Alu, (addsub_shift<false, false, false, false>))                         \
  X(SubShift64Any, Alu, (addsub_shift<true, true, false, false>))                           \
  X(SubShift32Any, Alu, (addsub_shift<false, true, false, false>))                          \
  X(AddsShift64Any, Alu, (addsub_shift<true, false, true, false>))                          \
  X(AddsShift32Any, Alu, (addsub_shift<false, false, true, false>))                         \
  X(SubsShift64Any, Alu, (addsub_shift<true, true, true, false>))                           \
  X(SubsShift32Any, Alu, (addsub_shift<false, true, true, false>))                          \
  X(And64Any, Alu, (logic_shift<true, Logic::And, false, false>))                           \
  X(Bic64Any, Alu, (logic_shift<true, Logic::And, true, false>))                            \
  X(Orr64Any, Alu, (logic_shift<true, Logic::Orr, false, false>))                           \
  X(Orn64Any, Alu, (logic_shift<true, Logic::Orr, true, false>))                            \
  X(Eor64Any, Alu, (logic_shift<true, Logic::Eor, false, false>))                           \
  X(Eon64Any, Alu, (logic_shift<true, Logic::Eor, true, false>))                            \
  X(Ands64Any, Alu, (logic_shift<true, Logic::Ands, false, false>))                         \
  X(Bics64Any, Alu, (logic_shift<true, Logic::Ands, true, false>))                          \
  X(And32Any, Alu, (logic_shift<false, Logic::And, false, false>))                          \
  X(Bic32Any, Alu, (logic_shift<false, Logic::And, true, false>))                           \
  X(Orr32Any, Alu, (logic_shift<false, Logic::Orr, false, false>))                          \
  X(Orn32Any, Alu, (logic_shift<false, Logic::Orr, true, false>))                           \
  X(Eor32Any, Alu, (logic_shift<false, Logic::Eor, false, false>))                          \
  X(Eon32Any, Alu, (logic_shift<false, Logic::Eor, true, false>))                           \
  X(Ands32Any, Alu, (logic_shift<false, Logic::Ands, false, false>))                        \
  X(Bics32Any, Alu, (logic_shift<false, Logic::Ands, true, false>))                         \
  X(AndImm64, Alu, (logic_imm<true, Logic::And>))                                            \
  X(OrrImm64, Alu, (logic_imm<true, Logic::Orr>))                                            \
  X(EorImm64, Alu, (logic_imm<true, Logic::Eor>))                                            \
  X(AndsImm64, Alu, (logic_imm<true, Logic::Ands>))                                          \
  X(AndImm32, Alu, (logic_imm<false, Logic::And>))                                           \
  X(OrrImm32, Alu, (logic_imm<false, Logic::Orr>))                                           \
  X(EorImm32, Alu, (logic_imm<false, Logic::Eor>))                                           \
  X(AndsImm32, Alu, (logic_imm<false, Logic::Ands>))                                         \
  X(MovConst, Alu, mov_const)                                                                \
  X(Movk64, Alu, movk<true>)                                                                 \
  X(Movk32, Alu, movk<false>)                                                                \
  X(Ubfm64, Alu, (bitfield<true, false>))                                                    \
  X(Ubfm32, Alu, (bitfield<false, false>))                                                   \
  X(Sbfm64, Alu, (bitfield<true, true>))                                                     \
  X(Sbfm32, Alu, (bitfield<false, true>))                                                    \
  X(Csel64, Alu, (cond_select<true, false, false>))                                          \
  X(Csinc64, Alu, (cond_select<true, false, true>))                                          \
  X(Csinv64, Alu, (cond_select<true, true, false>))                                          \
  X(Csneg64, Alu, (cond_select<true, true, true>))                                           \
  X(Csel32, Alu, (cond_select<false, false, false>))                                         \
  X(Csinc32, Alu, (cond_select<false, false, true>))                                         \
  X(Csinv32, Alu, (cond_select<false, true, false>))                                         \
  X(Csneg32, Alu, (cond_select<false, true, true>))                                          \
  X(Madd64, Alu, (madd<true, false>))                                                        \
  X(Msub64, Alu, (madd<true, true>))                                                         \
  X(Madd32, Alu, (madd<false, false>))                                                       \
  X(Msub32, Alu, (madd<false, true>))                                                        \
  X(Ccmp64, Alu, (cond_compare<true, true, false>))                                         \
  X(Ccmp32, Alu, (cond_compare<false, true, false>))                                        \
  X(Ccmn64, Alu, (cond_compare<true, false, false>))                                        \
  X(Ccmn32, Alu, (cond_compare<false, false, false>))                                       \
  X(CcmpImm64, Alu, (cond_compare<true, true, true>))                                       \
  X(CcmpImm32, Alu, (cond_compare<false, true, true>))                                      \
  X(CcmnImm64, Alu, (cond_compare<true, false, true>))                                      \
  X(CcmnImm32, Alu, (cond_compare<false, false, true>))                                     \
  X(Bfm64, Alu, bfm<true>)                                                                  \
  X(Bfm32, Alu, bfm<false>)                                                                 \
  X(Udiv64, Alu, (divide<true, false>))                                                     \
  X(Udiv32, Alu, (divide<false, false>))                                                    \
  X(Sdiv64, Alu, (divide<true, true>))                                                      \
  X(Sdiv32, Alu, (divide<false, true>))                                                     \
  X(Umulh, Alu, mul_high<false>)                                                            \
  X(Smulh, Alu, mul_high<true>)                                                             \
  X(Umaddl, Alu, (madd_long<false, false>))                                                 \
  X(Umsubl, Alu, (madd_long<false, true>))                                                  \
  X(Smaddl, Alu, (madd_long<true, false>))                                                  \
  X(Smsubl, Alu, (madd_long<true, true>))                                                   \
  X(Nop, Alu, nop)                                                                          \
  X(Adr, Page, adr)                                                                         \
  X(B, Branch, b)                                                                              \
  X(Bl, Branch, bl)                                                                            \
  X(BCond, Branch, b_cond)                                                                     \
  X(Cbz64, Branch, (cbz<true, false>))                                                         \
  X(Cbnz64, Branch, (cbz<true, true>))                                                         \
  X(Cbz32, Branch, (cbz<false, false>))                                                        \
  X(Cbnz32, Branch, (cbz<false, true>))                                                        \
  X(Tbz, Branch, tbz<false>)                                                                   \
  X(Tbnz, Branch, tbz<true>)                                                                   \
  X(Br, Branch, br)                                                                            \
  X(Blr, Branch, blr)                                                                          \
  X(Ldrb, Flow, (load_imm<1, Ext::Zero, Index::Offset>))                                     \
  X(Ldrh, Flow, (load_imm<2, Ext::Zero, Index::Offset>))                                     \
  X(LdrW, Flow, (load_imm<4, Ext::Zero, Index::Offset>))                                     \
  X(LdrX, Flow, (load_imm<8, Ext::Zero, Index::Offset>))                                     \
  X(LdrsbW, Flow, (load_imm<1, Ext::Sign32, Index::Offset>))                                 \
  X(LdrsbX, Flow, (load_imm<1, Ext::Sign64, Index::Offset>))                                 \
  X(LdrshW, Flow, (load_imm<2, Ext::Sign32, Index::Offset>))                                 \
  X(LdrshX, Flow, (load_imm<2, Ext::Sign64, Index::Offset>))                                 \
  X(Ldrsw, Flow, (load_imm<4, Ext::Sign64, Index::Offset>))                                  \
  X(LdrbPre, Flow, (load_imm<1, Ext::Zero, Index::Pre>))                                     \
  X(LdrbPost, Flow, (load_imm<1, Ext::Zero, Index::Post>))                                   \
  X(LdrWPre, Flow, (load_imm<4, Ext::Zero, Index::Pre>))                                     \
  X(LdrWPost, Flow, (load_imm<4, Ext::Zero, Index::Post>))                                   \
  X(LdrXPre, Flow, (load_imm<8, Ext::Zero, Index::Pre>))                                     \
  X(LdrXPost, Flow, (load_imm<8, Ext::Zero, Index::Post>))                                   \
  X(Strb, Flow, (store_imm<1, Index::Offset>))                                               \
  X(Strh, Flow, (store_imm<2, Index::Offset>))                                               \
  X(StrW, Flow, (store_imm<4, Index::Offset>))                                               \
  X(StrX, Flow, (store_imm<8, Index::Offset>))                                               \
  X(StrbPre, Flow, (store_imm<1, Index::Pre>))                                               \
  X(StrbPost, Flow, (store_imm<1, Index::Post>))                                             \
  X(StrWPre, Flow, (store_imm<4, Index::Pre>))                                               \
  X(StrWPost, Flow, (store_imm<4, Index::Post>))                                             \
  X(StrXPre, Flow, (store_imm<8, Index::Pre>))                                               \
  X(StrXPost, Flow, (store_imm<8, Index::Post>))                                             \
  X(LdrbReg, Flow, (load_reg<1, Ext::Zero, true>))                                           \
  X(LdrhReg, Flow, (load_reg<2, Ext::Zero, true>))                                           \
  X(LdrWReg, Flow, (load_reg<4, Ext::Zero, true>))                                           \
  X(LdrXReg, Flow, (load_reg<8, Ext::Zero, true>))                                           \
  X(LdrswReg, Flow, (load_reg<4, Ext::Sign64, true>))                                        \
  X(StrbReg, Flow, (store_reg<1, true>))                                                     \
  X(StrhReg, Flow, (store_reg<2, true>))                                                     \
  X(StrWReg, Flow, (store_reg<4, true>))                                                     \
  X(StrXReg, Flow, (store_reg<8, true>))                                                     \
  X(LdrbRegExt, Flow, (load_reg<1, Ext::Zero, false>))                                       \
  X(LdrhRegExt, Flow, (load_reg<2, Ext::Zero, false>))                                       \
  X(LdrWRegExt, Flow, (load_reg<4, Ext::Zero, false>))                                       \
  X(LdrXRegExt, Flow, (load_reg<8, Ext::Zero, false>))                                       \
  X(LdrswRegExt, Flow, (load_reg<4, Ext::Sign64, false>))                                    \
  X(StrbRegExt, Flow, (store_reg<1, false>))                                                 \
  X(StrhRegExt, Flow, (store_reg<2, false>))                                                 \
  X(StrWRegExt, Flow, (store_reg<4, false>))                                                 \
  X(StrXRegExt, Flow, (store_reg<8, false>))                                                 \
  X(Fadd, Flow, fp_scalar<fp::VecOp::Add>)                                                 \
  X(Fsub, Flow, fp_scalar<fp::VecOp::Sub>)                                                 \
  X(Fmul, Flow, fp_scalar<fp::VecOp::Mul>)                                                 \
  X(Fdiv, Flow, fp_scalar<fp::VecOp::Div>)                                                 \
  X(Fmadd, Flow, fp_scalar<fp::VecOp::MulAdd>)                                             \
  X(Fmsub, Flow, fp_scalar<fp::VecOp::MulSub>)                                             \
  X(FaddVec, Flow, (fp_vec<fp::VecOp::Add, false>))                                        \
  X(FsubVec, Flow, (fp_vec<fp::VecOp::Sub, false>))                                        \
  X(FmulVec, Flow, (fp_vec<fp::VecOp::Mul, false>))                                        \
  X(FdivVec, Flow, (fp_vec<fp::VecOp::Div, false>))                                        \
  X(FmlaVec, Flow, (fp_vec<fp::VecOp::MulAdd, false>))                                     \
  X(FmlsVec, Flow, (fp_vec<fp::VecOp::MulSub, false>))                                     \
  X(FmulElem, Flow, (fp_vec<fp::VecOp::Mul, true>))                                        \
  X(FmlaElem, Flow, (fp_vec<fp::VecOp::MulAdd, true>))                                     \
  X(FmlsElem, Flow, (fp_vec<fp::VecOp::MulSub, true>))                                     \
  X(LdrWLit, Flow, load_literal<4>)                                                          \
  X(LdrXLit, Flow, load_literal<8>)                                                          \
  X(MrsField, Flow, mrs_field)                                                                \
  X(LdrS, Flow, (load_fp_imm<4, Index::Offset>))                                           \
  X(LdrSPre, Flow, (load_fp_imm<4, Index::Pre>))                                           \
  X(LdrSPost, Flow, (load_fp_imm<4, Index::Post>))                                         \
  X(LdrD, Flow, (load_fp_imm<8, Index::Offset>))                                           \
  X(LdrDPre, Flow, (load_fp_imm<8, Index::Pre>))                                           \
  X(LdrDPost, Flow, (load_fp_imm<8, Index::Post>))                                         \
  X(LdrQ, Flow, (load_fp_imm<16, Index::Offset>))                                          \
  X(LdrQPre, Flow, (load_fp_imm<16, Index::Pre>))                                          \
  X(LdrQPost, Flow, (load_fp_imm<16, Index::Post>))                                        \
  X(StrS, Flow, (store_fp_imm<4, Index::Offset>))                                          \
  X(StrSPre, Flow, (store_fp_imm<4, Index::Pre>))                                          \
  X(StrSPost, Flow, (store_fp_imm<4, Index::Post>))                                        \
  X(StrD, Flow, (store_fp_imm<8, Index::Offset>))                                          \
  X(StrDPre, Flow, (store_fp_imm<8, Index::Pre>))                                          \
  X(StrDPost, Flow, (store_fp_imm<8, Index::Post>))                                        \
  X(StrQ, Flow, (store_fp_imm<16, Index::Offset>))                                         \
  X(StrQPre, Flow, (store_fp_imm<16, Index::Pre>))                                         \
  X(StrQPost, Flow, (store_fp_imm<16, Index::Post>))                                       \
  X(LdpW, Flow, (load_pair<4, Index::Offset>))                                               \
  X(LdpWPre, Flow, (load_pair<4, Index::Pre>))                                               \
  X(LdpWPost, Flow, (load_pair<4, Index::Post>))                                             \
  X(LdpX, Flow, (load_pair<8, Index::Offset>))                                               \
  X(LdpXPre, Flow, (load_pair<8, Index::Pre>))                                               \
  X(LdpXPost, Flow, (load_pair<8, Index::Post>))                                             \
  X(StpW, Flow, (store_pair<4, Index::Offset>))                                              \
  X(StpWPre, Flow, (store_pair<4, Index::Pre>))                                              \
  X(StpWPost, Flow, (store_pair<4, Index::Post>))                                            \
  X(StpX, Flow, (store_pair<8, Index::Offset>))                                              \
  X(StpXPre, Flow, (store_pair<8, Index::Pre>))                                              \
  X(StpXPost, Flow, (store_pair<8, Index::Post>))
// clang-format on

namespace isa {

// Decode: the slot must be (re)decoded; Generic: the table body (Decoded::fn).
enum class FastOp : uint16_t {
  Decode,
  Generic,
  PageEnd,    // the slot after a page's last (the step loop's)
  BudgetEnd,  // lent to the slot where a run's budget ends (the step loop's)
#define EL2SIM_FAST_OP_ENUM(name, kind, body) name,
  EL2SIM_FAST_OPS(EL2SIM_FAST_OP_ENUM)
#undef EL2SIM_FAST_OP_ENUM
      kCount,
};

}  // namespace isa
