// Bodies of the AdvSIMD integer shift-by-immediate (vector and scalar) and three-different
// groups (Arm ARM C7.2).
//
// Shift by immediate: esize = 8 << HighestSetBit(immh); a right shift is
// 2 * esize - UInt(immh:immb) (1 to esize), a left shift UInt(immh:immb) - esize (0 to
// esize - 1). immh = 0000 is the modified-immediate space in the vector group (the table
// gives those words to MOVI and its kin; the rest are UNDEFINED here) and unallocated in
// the scalar group. Rounding shifts add 1 << (shift - 1) before shifting, in 128-bit
// arithmetic, as the sum needs esize + 1 bits (URSHR #64 on 64-bit lanes).
//
// Three different: the long forms widen elements of esize = 8 << size to 2 * esize, the
// wide forms take a first operand of 2 * esize elements, the high-narrowing forms keep
// the upper half of a 2 * esize result. The "2" forms (Q = 1) read the upper halves of
// the narrow sources and the high-narrowing ones write the upper half of Vd, keeping
// the lower.
//
// Every body checks its decode-time UNDEFINED cases first, then
// CheckFPAdvSIMDEnabled64(). Sources are copied before Vd is written.
#include <bit>

#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/simd.h"

namespace isa {

namespace {

using simd::read_vec;
using simd::to_int;
using simd::Vec;
using simd::write_part;

using simd::field_d;
using simd::field_m;
using simd::field_n;

// Vpart[n, part] of a copied register, as the low 64 bits of a Vec.
inline Vec read_part(const Cpu& cpu, unsigned n, bool part) {
  return Vec{{cpu.vreg(n)[part ? 1 : 0], 0}};
}

// ---- shift by immediate ----

// The operands of a shift by immediate: element size (bits) and shift amount.
struct ShiftImm {
  unsigned esize;
  unsigned shift;
};

enum class ShiftDir : uint8_t { Right, Left };

// Which immh values an encoding allows: Vector (immh<3>:Q = 10 reserved), Scalar64
// (immh<3> must be 1), Scalar (any but 0000), Narrow (immh<3> = 1 reserved, vector or
// scalar).
enum class ImmhRule : uint8_t { Vector, Scalar64, Scalar, Narrow };

// Decode immh:immb; false (the caller raises UNDEFINED) for immh = 0000 and the values
// the rule reserves.
inline bool decode_shift(uint32_t insn, ImmhRule rule, ShiftDir dir, ShiftImm& s) {
  const unsigned immh = bits(insn, 22, 19);
  const bool q = bit(insn, 30);
  if (immh == 0) return false;
  switch (rule) {
    case ImmhRule::Vector:
      if ((immh & 8) && !q) return false;
      break;
    case ImmhRule::Scalar64:
      if (!(immh & 8)) return false;
      break;
    case ImmhRule::Scalar:
      break;
    case ImmhRule::Narrow:
      if (immh & 8) return false;
      break;
  }
  s.esize = 8u << (std::bit_width(immh) - 1);
  const unsigned immhb = bits(insn, 22, 16);
  s.shift = dir == ShiftDir::Right ? 2 * s.esize - immhb : immhb - s.esize;
  return true;
}

// A shift whose result elements are as wide as the source's: Elem[result, e, esize] =
// op(Elem[operand, e, esize], Elem[Vd, e, esize], esize, shift, sat); FPSR.QC set when
// any lane saturates. Vector (Q selects 64 or 128 bits) or scalar (one element).
template <ImmhRule kRule, ShiftDir kDir, typename Op>
void shift_same(Cpu& cpu, uint32_t insn, Op op) {
  ShiftImm s;
  if (!simd::enter(cpu, !decode_shift(insn, kRule, kDir, s))) return;
  constexpr bool kScalar = kRule != ImmhRule::Vector;
  const bool q = bit(insn, 30);
  const unsigned ebytes = s.esize / 8;
  const unsigned elements = kScalar ? 1 : (q ? 16 : 8) / ebytes;
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec d = read_vec(cpu, field_d(insn));
  Vec r;
  bool sat = false;
  for (unsigned e = 0; e < elements; ++e)
    r.set(e, ebytes, op(n.get(e, ebytes), d.get(e, ebytes), s.esize, s.shift, sat));
  if (sat) simd::set_qc(cpu);
  if (kScalar)
    simd::write_scalar(cpu, field_d(insn), ebytes, r.w[0]);
  else
    simd::write_vec(cpu, field_d(insn), r, q);
}

// SSHR, USHR, SSRA, USRA, SRSHR, URSHR, SRSRA, URSRA:
// (Int(x, unsigned) + round_const) >> shift, added to Vd's element when accumulating.
template <bool kUnsigned, bool kRound, bool kAccumulate>
uint64_t shr_elem(uint64_t x, uint64_t d, unsigned esize, unsigned shift, bool&) {
  const __int128 round_const = kRound ? __int128{1} << (shift - 1) : 0;
  const auto element = static_cast<uint64_t>((to_int(x, esize, kUnsigned) + round_const) >> shift);
  return kAccumulate ? d + element : element;
}

// SRI: the shifted element inserted under LSR(Ones(esize), shift); shift = esize keeps Vd.
uint64_t sri_elem(uint64_t x, uint64_t d, unsigned esize, unsigned shift, bool&) {
  if (shift >= esize) return d;
  const uint64_t mask = ones(esize) >> shift;
  return (d & ~mask) | (x >> shift);
}

// SHL: LSL(element, shift).
uint64_t shl_elem(uint64_t x, uint64_t, unsigned, unsigned shift, bool&) { return x << shift; }

// SLI: the shifted element inserted under LSL(Ones(esize), shift).
uint64_t sli_elem(uint64_t x, uint64_t d, unsigned esize, unsigned shift, bool&) {
  const uint64_t mask = ones(esize) << shift;
  return (d & ~mask) | (x << shift);
}

// SQSHL, UQSHL, SQSHLU (immediate): SatQ(Int(x, src_unsigned) << shift, esize,
// dst_unsigned).
template <bool kSrcUnsigned, bool kDstUnsigned>
uint64_t qshl_elem(uint64_t x, uint64_t, unsigned esize, unsigned shift, bool& sat) {
  const __int128 element = to_int(x, esize, kSrcUnsigned) * (__int128{1} << shift);
  return kDstUnsigned ? simd::sat_unsigned(element, esize, sat)
                      : simd::sat_signed(element, esize, sat);
}

// A shift right narrowing elements of 2 * esize to esize: Elem[result, e, esize] =
// op(Elem[operand, e, 2 * esize], esize, shift, sat). Vector: Vpart[d, Q] = result
// (64 bits); scalar: one element.
template <bool kScalar, typename Op>
void shift_narrow(Cpu& cpu, uint32_t insn, Op op) {
  ShiftImm s;
  if (!simd::enter(cpu, !decode_shift(insn, ImmhRule::Narrow, ShiftDir::Right, s))) return;
  const unsigned ebytes = s.esize / 8;
  const unsigned elements = kScalar ? 1 : 8 / ebytes;
  const Vec n = read_vec(cpu, field_n(insn));
  Vec r;
  bool sat = false;
  for (unsigned e = 0; e < elements; ++e)
    r.set(e, ebytes, op(n.get(e, 2 * ebytes), s.esize, s.shift, sat));
  if (sat) simd::set_qc(cpu);
  if (kScalar)
    simd::write_scalar(cpu, field_d(insn), ebytes, r.w[0]);
  else
    write_part(cpu, field_d(insn), r.w[0], bit(insn, 30));
}

enum class Sat : uint8_t { None, Signed, Unsigned };

// SHRN, RSHRN, SQSHRN, UQSHRN, SQRSHRN, UQRSHRN, SQSHRUN, SQRSHRUN:
// (Int(x, src_unsigned) + round_const) >> shift, truncated or saturated to esize.
template <bool kSrcUnsigned, bool kRound, Sat kSat>
uint64_t shrn_elem(uint64_t x, unsigned esize, unsigned shift, bool& sat) {
  const __int128 round_const = kRound ? __int128{1} << (shift - 1) : 0;
  const __int128 element = (to_int(x, 2 * esize, kSrcUnsigned) + round_const) >> shift;
  if constexpr (kSat == Sat::Signed) return simd::sat_signed(element, esize, sat);
  if constexpr (kSat == Sat::Unsigned) return simd::sat_unsigned(element, esize, sat);
  return static_cast<uint64_t>(element);
}

// SSHLL, USHLL: Int(Elem[Vpart[n, Q], e, esize], unsigned) << shift, to 2 * esize.
template <bool kUnsigned>
void shift_long(Cpu& cpu, uint32_t insn) {
  ShiftImm s;
  if (!simd::enter(cpu, !decode_shift(insn, ImmhRule::Narrow, ShiftDir::Left, s))) return;
  const unsigned ebytes = s.esize / 8;
  const Vec n = read_part(cpu, field_n(insn), bit(insn, 30));
  Vec r;
  for (unsigned e = 0; e < 8 / ebytes; ++e) {
    const __int128 element = to_int(n.get(e, ebytes), s.esize, kUnsigned) << s.shift;
    r.set(e, 2 * ebytes, static_cast<uint64_t>(element));
  }
  simd::write_vec(cpu, field_d(insn), r, true);
}

// ---- three different ----

// Which size values an encoding allows: Long (11 reserved), Doubling (00 and 11
// reserved), Poly (00 only: 11 is PMULL_64, isa/exec_crypto.cc).
enum class SizeRule : uint8_t { Long, Doubling, Poly };

inline bool size_allowed(unsigned size, SizeRule rule) {
  switch (rule) {
    case SizeRule::Long:
      return size != 3;
    case SizeRule::Doubling:
      return size == 1 || size == 2;
    case SizeRule::Poly:
      return size == 0;
  }
  return false;
}

// The source shapes of the long forms: both operands Vpart (Long), the first a full
// register of 2 * esize elements (Wide), or one element each (Scalar).
enum class LongShape : uint8_t { Long, Wide, Scalar };

// A three-different form with results of 2 * esize: Elem[result, e, 2 * esize] =
// op(element1, element2, Elem[Vd, e, 2 * esize], esize, sat), the elements taken as
// Int(..., unsigned); FPSR.QC set when any lane saturates.
template <LongShape kShape, SizeRule kRule, bool kUnsigned, typename Op>
void three_long(Cpu& cpu, uint32_t insn, Op op) {
  const unsigned size = bits(insn, 23, 22);
  if (!simd::enter(cpu, !size_allowed(size, kRule))) return;
  const bool part = kShape != LongShape::Scalar && bit(insn, 30);
  const unsigned esize = 8u << size, ebytes = esize / 8;
  const unsigned elements = kShape == LongShape::Scalar ? 1 : 8 / ebytes;
  const Vec n = kShape == LongShape::Wide ? read_vec(cpu, field_n(insn))
                                          : read_part(cpu, field_n(insn), part);
  const Vec m = read_part(cpu, field_m(insn), part);
  const Vec d = read_vec(cpu, field_d(insn));
  const unsigned nsize = kShape == LongShape::Wide ? 2 * esize : esize;
  Vec r;
  bool sat = false;
  for (unsigned e = 0; e < elements; ++e) {
    const __int128 a = to_int(n.get(e, nsize / 8), nsize, kUnsigned);
    const __int128 b = to_int(m.get(e, ebytes), esize, kUnsigned);
    r.set(e, 2 * ebytes, op(a, b, d.get(e, 2 * ebytes), esize, sat));
  }
  if (sat) simd::set_qc(cpu);
  if (kShape == LongShape::Scalar)
    simd::write_scalar(cpu, field_d(insn), 2 * ebytes, r.w[0]);
  else
    simd::write_vec(cpu, field_d(insn), r, true);
}

uint64_t add_elem(__int128 a, __int128 b, uint64_t, unsigned, bool&) {
  return static_cast<uint64_t>(a + b);
}
uint64_t sub_elem(__int128 a, __int128 b, uint64_t, unsigned, bool&) {
  return static_cast<uint64_t>(a - b);
}
// SABDL, UABDL, SABAL, UABAL: Abs(element1 - element2), added to Vd's element when
// accumulating.
template <bool kAccumulate>
uint64_t abd_elem(__int128 a, __int128 b, uint64_t d, unsigned, bool&) {
  const auto absdiff = static_cast<uint64_t>(a > b ? a - b : b - a);
  return kAccumulate ? d + absdiff : absdiff;
}
// SMULL, UMULL, SMLAL, UMLAL, SMLSL, UMLSL: the product, alone or added to or
// subtracted from Vd's element.
enum class Acc : uint8_t { None, Add, Sub };
template <Acc kAcc>
uint64_t mul_elem(__int128 a, __int128 b, uint64_t d, unsigned, bool&) {
  const auto product = static_cast<uint64_t>(a * b);
  if constexpr (kAcc == Acc::Add) return d + product;
  if constexpr (kAcc == Acc::Sub) return d - product;
  return product;
}
// SQDMULL, SQDMLAL, SQDMLSL: SignedSatQ(2 * element1 * element2, 2 * esize), then
// (accumulating) SignedSatQ(Vd's element +/- product, 2 * esize).
template <Acc kAcc>
uint64_t sqdmull_elem(__int128 a, __int128 b, uint64_t d, unsigned esize, bool& sat) {
  const unsigned wide = 2 * esize;
  const uint64_t product = simd::sat_signed(2 * a * b, wide, sat);
  if constexpr (kAcc == Acc::None) return product;
  const __int128 acc = to_int(d, wide, false);
  const __int128 p = to_int(product, wide, false);
  return simd::sat_signed(kAcc == Acc::Add ? acc + p : acc - p, wide, sat);
}
// PMULL: the polynomial (carry-less) product over {0,1}.
uint64_t pmull_elem(__int128 a, __int128 b, uint64_t, unsigned esize, bool&) {
  const auto x = static_cast<uint64_t>(a), y = static_cast<uint64_t>(b);
  uint64_t result = 0;
  for (unsigned i = 0; i < esize; ++i)
    if ((y >> i) & 1) result ^= x << i;
  return result;
}

// ADDHN, RADDHN, SUBHN, RSUBHN: the upper half of element1 +/- element2 (+ 1 <<
// (esize - 1) when rounding), elements of 2 * esize; Vpart[d, Q] = result.
template <bool kSub, bool kRound>
void three_narrow_high(Cpu& cpu, uint32_t insn) {
  const unsigned size = bits(insn, 23, 22);
  if (!simd::enter(cpu, size == 3)) return;
  const unsigned esize = 8u << size, ebytes = esize / 8;
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec m = read_vec(cpu, field_m(insn));
  const uint64_t round_const = kRound ? uint64_t{1} << (esize - 1) : 0;
  Vec r;
  for (unsigned e = 0; e < 8 / ebytes; ++e) {
    const uint64_t a = n.get(e, 2 * ebytes), b = m.get(e, 2 * ebytes);
    const uint64_t sum = (kSub ? a - b : a + b) + round_const;
    r.set(e, ebytes, sum >> esize);
  }
  write_part(cpu, field_d(insn), r.w[0], bit(insn, 30));
}

}  // namespace

// ---- AdvSIMD shift by immediate (vector) ----

void exec_SSHR_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, shr_elem<false, false, false>);
}
void exec_USHR_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, shr_elem<true, false, false>);
}
void exec_SSRA_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, shr_elem<false, false, true>);
}
void exec_USRA_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, shr_elem<true, false, true>);
}
void exec_SRSHR_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, shr_elem<false, true, false>);
}
void exec_URSHR_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, shr_elem<true, true, false>);
}
void exec_SRSRA_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, shr_elem<false, true, true>);
}
void exec_URSRA_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, shr_elem<true, true, true>);
}
void exec_SRI_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Right>(cpu, insn, sri_elem);
}
void exec_SHL_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Left>(cpu, insn, shl_elem);
}
void exec_SLI_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Left>(cpu, insn, sli_elem);
}
void exec_SQSHLU_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Left>(cpu, insn, qshl_elem<false, true>);
}
void exec_SQSHL_imm_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Left>(cpu, insn, qshl_elem<false, false>);
}
void exec_UQSHL_imm_vec(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Vector, ShiftDir::Left>(cpu, insn, qshl_elem<true, true>);
}
void exec_SHRN(Cpu& cpu, uint32_t insn) {
  shift_narrow<false>(cpu, insn, shrn_elem<true, false, Sat::None>);
}
void exec_RSHRN(Cpu& cpu, uint32_t insn) {
  shift_narrow<false>(cpu, insn, shrn_elem<true, true, Sat::None>);
}
void exec_SQSHRUN_vec(Cpu& cpu, uint32_t insn) {
  shift_narrow<false>(cpu, insn, shrn_elem<false, false, Sat::Unsigned>);
}
void exec_SQRSHRUN_vec(Cpu& cpu, uint32_t insn) {
  shift_narrow<false>(cpu, insn, shrn_elem<false, true, Sat::Unsigned>);
}
void exec_SQSHRN_vec(Cpu& cpu, uint32_t insn) {
  shift_narrow<false>(cpu, insn, shrn_elem<false, false, Sat::Signed>);
}
void exec_UQSHRN_vec(Cpu& cpu, uint32_t insn) {
  shift_narrow<false>(cpu, insn, shrn_elem<true, false, Sat::Unsigned>);
}
void exec_SQRSHRN_vec(Cpu& cpu, uint32_t insn) {
  shift_narrow<false>(cpu, insn, shrn_elem<false, true, Sat::Signed>);
}
void exec_UQRSHRN_vec(Cpu& cpu, uint32_t insn) {
  shift_narrow<false>(cpu, insn, shrn_elem<true, true, Sat::Unsigned>);
}
void exec_SSHLL(Cpu& cpu, uint32_t insn) { shift_long<false>(cpu, insn); }
void exec_USHLL(Cpu& cpu, uint32_t insn) { shift_long<true>(cpu, insn); }

// ---- AdvSIMD scalar shift by immediate ----

void exec_SSHR_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, shr_elem<false, false, false>);
}
void exec_USHR_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, shr_elem<true, false, false>);
}
void exec_SSRA_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, shr_elem<false, false, true>);
}
void exec_USRA_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, shr_elem<true, false, true>);
}
void exec_SRSHR_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, shr_elem<false, true, false>);
}
void exec_URSHR_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, shr_elem<true, true, false>);
}
void exec_SRSRA_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, shr_elem<false, true, true>);
}
void exec_URSRA_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, shr_elem<true, true, true>);
}
void exec_SRI_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Right>(cpu, insn, sri_elem);
}
void exec_SHL_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Left>(cpu, insn, shl_elem);
}
void exec_SLI_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar64, ShiftDir::Left>(cpu, insn, sli_elem);
}
void exec_SQSHLU_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar, ShiftDir::Left>(cpu, insn, qshl_elem<false, true>);
}
void exec_SQSHL_imm_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar, ShiftDir::Left>(cpu, insn, qshl_elem<false, false>);
}
void exec_UQSHL_imm_scalar(Cpu& cpu, uint32_t insn) {
  shift_same<ImmhRule::Scalar, ShiftDir::Left>(cpu, insn, qshl_elem<true, true>);
}
void exec_SQSHRUN_scalar(Cpu& cpu, uint32_t insn) {
  shift_narrow<true>(cpu, insn, shrn_elem<false, false, Sat::Unsigned>);
}
void exec_SQRSHRUN_scalar(Cpu& cpu, uint32_t insn) {
  shift_narrow<true>(cpu, insn, shrn_elem<false, true, Sat::Unsigned>);
}
void exec_SQSHRN_scalar(Cpu& cpu, uint32_t insn) {
  shift_narrow<true>(cpu, insn, shrn_elem<false, false, Sat::Signed>);
}
void exec_UQSHRN_scalar(Cpu& cpu, uint32_t insn) {
  shift_narrow<true>(cpu, insn, shrn_elem<true, false, Sat::Unsigned>);
}
void exec_SQRSHRN_scalar(Cpu& cpu, uint32_t insn) {
  shift_narrow<true>(cpu, insn, shrn_elem<false, true, Sat::Signed>);
}
void exec_UQRSHRN_scalar(Cpu& cpu, uint32_t insn) {
  shift_narrow<true>(cpu, insn, shrn_elem<true, true, Sat::Unsigned>);
}

// ---- AdvSIMD three different ----

void exec_SADDL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, false>(cpu, insn, add_elem);
}
void exec_UADDL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, true>(cpu, insn, add_elem);
}
void exec_SADDW(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Wide, SizeRule::Long, false>(cpu, insn, add_elem);
}
void exec_UADDW(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Wide, SizeRule::Long, true>(cpu, insn, add_elem);
}
void exec_SSUBL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, false>(cpu, insn, sub_elem);
}
void exec_USUBL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, true>(cpu, insn, sub_elem);
}
void exec_SSUBW(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Wide, SizeRule::Long, false>(cpu, insn, sub_elem);
}
void exec_USUBW(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Wide, SizeRule::Long, true>(cpu, insn, sub_elem);
}
void exec_ADDHN(Cpu& cpu, uint32_t insn) { three_narrow_high<false, false>(cpu, insn); }
void exec_RADDHN(Cpu& cpu, uint32_t insn) { three_narrow_high<false, true>(cpu, insn); }
void exec_SUBHN(Cpu& cpu, uint32_t insn) { three_narrow_high<true, false>(cpu, insn); }
void exec_RSUBHN(Cpu& cpu, uint32_t insn) { three_narrow_high<true, true>(cpu, insn); }
void exec_SABAL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, false>(cpu, insn, abd_elem<true>);
}
void exec_UABAL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, true>(cpu, insn, abd_elem<true>);
}
void exec_SABDL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, false>(cpu, insn, abd_elem<false>);
}
void exec_UABDL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, true>(cpu, insn, abd_elem<false>);
}
void exec_SMLAL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, false>(cpu, insn, mul_elem<Acc::Add>);
}
void exec_UMLAL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, true>(cpu, insn, mul_elem<Acc::Add>);
}
void exec_SMLSL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, false>(cpu, insn, mul_elem<Acc::Sub>);
}
void exec_UMLSL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, true>(cpu, insn, mul_elem<Acc::Sub>);
}
void exec_SMULL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, false>(cpu, insn, mul_elem<Acc::None>);
}
void exec_UMULL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Long, true>(cpu, insn, mul_elem<Acc::None>);
}
void exec_SQDMLAL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Doubling, false>(cpu, insn, sqdmull_elem<Acc::Add>);
}
void exec_SQDMLSL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Doubling, false>(cpu, insn, sqdmull_elem<Acc::Sub>);
}
void exec_SQDMULL_vec(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Doubling, false>(cpu, insn, sqdmull_elem<Acc::None>);
}
void exec_PMULL(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Long, SizeRule::Poly, true>(cpu, insn, pmull_elem);
}

// ---- AdvSIMD scalar three different ----

void exec_SQDMLAL_scalar(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Scalar, SizeRule::Doubling, false>(cpu, insn, sqdmull_elem<Acc::Add>);
}
void exec_SQDMLSL_scalar(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Scalar, SizeRule::Doubling, false>(cpu, insn, sqdmull_elem<Acc::Sub>);
}
void exec_SQDMULL_scalar(Cpu& cpu, uint32_t insn) {
  three_long<LongShape::Scalar, SizeRule::Doubling, false>(cpu, insn, sqdmull_elem<Acc::None>);
}

}  // namespace isa
