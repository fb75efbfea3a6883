// Bodies of the AdvSIMD integer three-same (vector and scalar) and vector-by-element groups.
//
// Every body rejects the reserved size/Q values of its encoding (UNDEFINED) first, then
// checks CheckFPAdvSIMDEnabled64(), then copies its source registers before writing Vd.
// U (bit 29) selects the unsigned form of the signed/unsigned pairs; where U selects
// between two operations instead (SQDMULH/SQRDMULH, MUL/PMUL, ADD/SUB...), the element
// operations say so. Saturating operations set FPSR.QC when any element saturates.
#include <algorithm>

#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/simd.h"

namespace isa {

namespace {

using simd::to_int;
using simd::Vec;

using simd::field_d;
using simd::field_m;
using simd::field_n;
using simd::field_q;
using simd::field_size;
using simd::field_u;

// Sets of element sizes (bit `size`) that an encoding allows; the others are reserved.
constexpr unsigned kB = 1, kH = 2, kS = 4, kD = 8;
constexpr unsigned kBHS = kB | kH | kS, kHS = kH | kS, kAll = kBHS | kD;

// One element position of an operation: the elements of Vd (its value before the
// instruction, for the accumulating forms), of the first and of the second operand.
// The operation returns the result element (its low bits, as many as the destination
// element has) and sets `sat` where it saturated.
struct Lane {
  uint64_t d, n, m;
  unsigned esize;  // the source elements' size in bits
  bool u;          // the unsigned form
  bool sat = false;

  __int128 in() const { return to_int(n, esize, u); }
  __int128 im() const { return to_int(m, esize, u); }
  __int128 sn() const { return sign_extend(n, esize); }
  __int128 sm() const { return sign_extend(m, esize); }
  // SignedSatQ/UnsignedSatQ(value, width) as the form's signedness selects.
  uint64_t satq(__int128 value, unsigned width) {
    return u ? simd::sat_unsigned(value, width, sat) : simd::sat_signed(value, width, sat);
  }
  uint64_t sats(__int128 value, unsigned width) { return simd::sat_signed(value, width, sat); }
};

constexpr uint64_t mask_if(bool c) { return c ? ~0ull : 0; }

// ---- the element operations ----

// The shift by register of SSHL, USHL, SQSHL, UQSHL, SRSHL, URSHL, SQRSHL and UQRSHL:
// (Int(n) + round_const) << shift, shift = SInt(m<7:0>), round_const = 1 << (-shift - 1)
// for right shifts with rounding. A left shift by esize or more of a non-zero value
// returns +/-2^126, whose low 64 bits are zero and which saturates.
__int128 shift_reg(const Lane& l, bool rounding) {
  const int shift = static_cast<int8_t>(l.m & 0xFF);
  const __int128 x = l.in();
  if (shift >= 0) {
    if (x == 0) return 0;
    if (shift >= static_cast<int>(l.esize))
      return x > 0 ? __int128{1} << 126 : -(__int128{1} << 126);
    return x * (__int128{1} << shift);
  }
  // x fits in 65 signed bits: shifting right by 65 (with or without rounding) gives
  // what any larger amount gives.
  const int r = std::min(-shift, 65);
  const __int128 round = rounding ? __int128{1} << (r - 1) : 0;
  return (x + round) >> r;
}

// SQDMULH, SQRDMULH: SignedSatQ((2 * n * m + round_const) >> esize, esize).
uint64_t doubling_mul_high(Lane& l, bool rounding) {
  const __int128 round = rounding ? __int128{1} << (l.esize - 1) : 0;
  return l.sats((2 * l.sn() * l.sm() + round) >> l.esize, l.esize);
}

// SQDMULL, SQDMLAL, SQDMLSL: the product SignedSatQ(2 * n * m, 2 * esize), then (with
// acc = +1/-1) SignedSatQ(d +/- product, 2 * esize).
uint64_t doubling_mul_long(Lane& l, int acc) {
  const unsigned w = 2 * l.esize;
  const uint64_t product = l.sats(2 * l.sn() * l.sm(), w);
  if (acc == 0) return product;
  const __int128 p = sign_extend(product, w);
  return l.sats(sign_extend(l.d, w) + (acc > 0 ? p : -p), w);
}

// PMUL: the low 8 bits of the polynomial product over {0,1}.
uint64_t poly_mul8(uint64_t n, uint64_t m) {
  uint64_t r = 0;
  for (unsigned i = 0; i < 8; ++i)
    if ((n >> i) & 1) r ^= m << i;
  return r;
}

__int128 abs_diff(const Lane& l) {
  const __int128 diff = l.in() - l.im();
  return diff < 0 ? -diff : diff;
}

// ---- the element loops ----

// Reserved vector sizes: a size not in `sizes`, and size 11 with Q == 0.
bool vector_size_reserved(uint32_t insn, unsigned sizes) {
  const unsigned size = field_size(insn);
  return !((sizes >> size) & 1) || (size == 3 && !field_q(insn));
}

// AdvSIMD three same (vector): Elem[d, e] = op(Elem[d, e], Elem[n, e], Elem[m, e]).
template <typename Op>
void three_same(Cpu& cpu, uint32_t insn, unsigned sizes, Op op) {
  if (!simd::enter(cpu, vector_size_reserved(insn, sizes))) return;
  const unsigned ebytes = 1u << field_size(insn);
  const bool q = field_q(insn);
  const Vec d = simd::read_vec(cpu, field_d(insn));
  const Vec n = simd::read_vec(cpu, field_n(insn));
  const Vec m = simd::read_vec(cpu, field_m(insn));
  Vec result;
  bool sat = false;
  for (unsigned e = 0; e < (q ? 16 : 8) / ebytes; ++e) {
    Lane l{d.get(e, ebytes), n.get(e, ebytes), m.get(e, ebytes), 8 * ebytes, field_u(insn)};
    result.set(e, ebytes, static_cast<uint64_t>(op(l)));
    sat |= l.sat;
  }
  if (sat) simd::set_qc(cpu);
  simd::write_vec(cpu, field_d(insn), result, q);
}

// The pairwise forms: with concat = V[m]:V[n] (Vn's elements first),
// Elem[d, e] = op(concat[2e], concat[2e + 1]).
template <typename Op>
void three_same_pairwise(Cpu& cpu, uint32_t insn, unsigned sizes, Op op) {
  if (!simd::enter(cpu, vector_size_reserved(insn, sizes))) return;
  const unsigned ebytes = 1u << field_size(insn);
  const bool q = field_q(insn);
  const unsigned elements = (q ? 16 : 8) / ebytes;
  const Vec n = simd::read_vec(cpu, field_n(insn));
  const Vec m = simd::read_vec(cpu, field_m(insn));
  auto concat = [&](unsigned i) {
    return i < elements ? n.get(i, ebytes) : m.get(i - elements, ebytes);
  };
  Vec result;
  for (unsigned e = 0; e < elements; ++e) {
    Lane l{0, concat(2 * e), concat(2 * e + 1), 8 * ebytes, field_u(insn)};
    result.set(e, ebytes, static_cast<uint64_t>(op(l)));
  }
  simd::write_vec(cpu, field_d(insn), result, q);
}

// AdvSIMD scalar three same: V[d] = op(Elem[n, 0], Elem[m, 0]), a scalar of size `size`.
template <typename Op>
void scalar_three_same(Cpu& cpu, uint32_t insn, unsigned sizes, Op op) {
  const unsigned size = field_size(insn);
  if (!simd::enter(cpu, !((sizes >> size) & 1))) return;
  const unsigned ebytes = 1u << size;
  Lane l{0, simd::get_elem(cpu.vreg(field_n(insn)), 0, ebytes),
         simd::get_elem(cpu.vreg(field_m(insn)), 0, ebytes), 8 * ebytes, field_u(insn)};
  const uint64_t result = static_cast<uint64_t>(op(l));
  if (l.sat) simd::set_qc(cpu);
  simd::write_scalar(cpu, field_d(insn), ebytes, result);
}

// The element of a by-element encoding: size 01 (16-bit), index H:L:M and Vm = Rm<3:0>;
// size 10 (32-bit), index H:L and Vm = M:Rm. Sizes 00 and 11 are reserved.
bool element_size_reserved(uint32_t insn) {
  const unsigned size = field_size(insn);
  return size != 1 && size != 2;
}
uint64_t indexed_element(const Cpu& cpu, uint32_t insn) {
  const unsigned hl = (bit(insn, 11) << 1) | bit(insn, 21);
  if (field_size(insn) == 1)
    return simd::get_elem(cpu.vreg(bits(insn, 19, 16)), (hl << 1) | bit(insn, 20), 2);
  return simd::get_elem(cpu.vreg(field_m(insn)), hl, 4);
}

// AdvSIMD vector x indexed element, same-size result:
// Elem[d, e] = op(Elem[d, e], Elem[n, e], element).
template <typename Op>
void by_element(Cpu& cpu, uint32_t insn, Op op) {
  if (!simd::enter(cpu, element_size_reserved(insn))) return;
  const unsigned ebytes = 1u << field_size(insn);
  const bool q = field_q(insn);
  const uint64_t element = indexed_element(cpu, insn);
  const Vec d = simd::read_vec(cpu, field_d(insn));
  const Vec n = simd::read_vec(cpu, field_n(insn));
  Vec result;
  bool sat = false;
  for (unsigned e = 0; e < (q ? 16 : 8) / ebytes; ++e) {
    Lane l{d.get(e, ebytes), n.get(e, ebytes), element, 8 * ebytes, field_u(insn)};
    result.set(e, ebytes, static_cast<uint64_t>(op(l)));
    sat |= l.sat;
  }
  if (sat) simd::set_qc(cpu);
  simd::write_vec(cpu, field_d(insn), result, q);
}

// The long forms: the source elements come from the lower (Q == 0) or upper (Q == 1,
// the "2" variant) half of Vn, the results are twice as wide and fill all of Vd:
// Elem[d, e, 2 * esize] = op(Elem[d, e, 2 * esize], Elem[Vpart(n, Q), e], element).
template <typename Op>
void by_element_long(Cpu& cpu, uint32_t insn, Op op) {
  if (!simd::enter(cpu, element_size_reserved(insn))) return;
  const unsigned ebytes = 1u << field_size(insn);
  const unsigned elements = 8 / ebytes;
  const unsigned part = field_q(insn) ? elements : 0;
  const uint64_t element = indexed_element(cpu, insn);
  const Vec d = simd::read_vec(cpu, field_d(insn));
  const Vec n = simd::read_vec(cpu, field_n(insn));
  Vec result;
  bool sat = false;
  for (unsigned e = 0; e < elements; ++e) {
    Lane l{d.get(e, 2 * ebytes), n.get(part + e, ebytes), element, 8 * ebytes, field_u(insn)};
    result.set(e, 2 * ebytes, static_cast<uint64_t>(op(l)));
    sat |= l.sat;
  }
  if (sat) simd::set_qc(cpu);
  simd::write_vec(cpu, field_d(insn), result, true);
}

// AdvSIMD scalar x indexed element: V[d] = op(Elem[d, 0], Elem[n, 0], element), a
// scalar of the element's size or, with `wide`, of twice that.
template <typename Op>
void scalar_by_element(Cpu& cpu, uint32_t insn, bool wide, Op op) {
  if (!simd::enter(cpu, element_size_reserved(insn))) return;
  const unsigned ebytes = 1u << field_size(insn);
  const unsigned dbytes = wide ? 2 * ebytes : ebytes;
  Lane l{simd::get_elem(cpu.vreg(field_d(insn)), 0, dbytes),
         simd::get_elem(cpu.vreg(field_n(insn)), 0, ebytes), indexed_element(cpu, insn), 8 * ebytes,
         field_u(insn)};
  const uint64_t result = static_cast<uint64_t>(op(l));
  if (l.sat) simd::set_qc(cpu);
  simd::write_scalar(cpu, field_d(insn), dbytes, result);
}

// ---- element operations shared by several encodings ----

constexpr auto op_qadd = [](Lane& l) { return l.satq(l.in() + l.im(), l.esize); };
constexpr auto op_qsub = [](Lane& l) { return l.satq(l.in() - l.im(), l.esize); };
constexpr auto op_cmgt = [](Lane& l) { return mask_if(l.in() > l.im()); };   // CMGT, CMHI
constexpr auto op_cmge = [](Lane& l) { return mask_if(l.in() >= l.im()); };  // CMGE, CMHS
constexpr auto op_shl = [](Lane& l) { return shift_reg(l, false); };         // SSHL, USHL
constexpr auto op_qshl = [](Lane& l) { return l.satq(shift_reg(l, false), l.esize); };
constexpr auto op_rshl = [](Lane& l) { return shift_reg(l, true); };
constexpr auto op_qrshl = [](Lane& l) { return l.satq(shift_reg(l, true), l.esize); };
constexpr auto op_add = [](Lane& l) { return l.n + l.m; };
constexpr auto op_sub = [](Lane& l) { return l.n - l.m; };
constexpr auto op_cmtst = [](Lane& l) { return mask_if((l.n & l.m) != 0); };
constexpr auto op_cmeq = [](Lane& l) { return mask_if(l.n == l.m); };
constexpr auto op_sqdmulh = [](Lane& l) { return doubling_mul_high(l, false); };
constexpr auto op_sqrdmulh = [](Lane& l) { return doubling_mul_high(l, true); };
constexpr auto op_max = [](Lane& l) { return std::max(l.in(), l.im()); };
constexpr auto op_min = [](Lane& l) { return std::min(l.in(), l.im()); };
constexpr auto op_mul = [](Lane& l) { return l.n * l.m; };
constexpr auto op_mla = [](Lane& l) { return l.d + l.n * l.m; };
constexpr auto op_mls = [](Lane& l) { return l.d - l.n * l.m; };

}  // namespace

// ---- AdvSIMD three same (vector) ----

void exec_SHADD(Cpu& cpu, uint32_t insn) {
  three_same(cpu, insn, kBHS, [](Lane& l) { return (l.in() + l.im()) >> 1; });
}
void exec_UHADD(Cpu& cpu, uint32_t insn) { exec_SHADD(cpu, insn); }
void exec_SRHADD(Cpu& cpu, uint32_t insn) {
  three_same(cpu, insn, kBHS, [](Lane& l) { return (l.in() + l.im() + 1) >> 1; });
}
void exec_URHADD(Cpu& cpu, uint32_t insn) { exec_SRHADD(cpu, insn); }
void exec_SHSUB(Cpu& cpu, uint32_t insn) {
  three_same(cpu, insn, kBHS, [](Lane& l) { return (l.in() - l.im()) >> 1; });
}
void exec_UHSUB(Cpu& cpu, uint32_t insn) { exec_SHSUB(cpu, insn); }
void exec_SQADD_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_qadd); }
void exec_UQADD_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_qadd); }
void exec_SQSUB_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_qsub); }
void exec_UQSUB_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_qsub); }
void exec_CMGT_reg_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_cmgt); }
void exec_CMHI_reg_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_cmgt); }
void exec_CMGE_reg_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_cmge); }
void exec_CMHS_reg_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_cmge); }
void exec_SSHL_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_shl); }
void exec_USHL_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_shl); }
void exec_SQSHL_reg_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_qshl); }
void exec_UQSHL_reg_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_qshl); }
void exec_SRSHL_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_rshl); }
void exec_URSHL_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_rshl); }
void exec_SQRSHL_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_qrshl); }
void exec_UQRSHL_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_qrshl); }
void exec_SMAX(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, op_max); }
void exec_UMAX(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, op_max); }
void exec_SMIN(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, op_min); }
void exec_UMIN(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, op_min); }
void exec_SABD(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, abs_diff); }
void exec_UABD(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, abs_diff); }
// SABA, UABA: Elem[d, e] + |n - m|.
void exec_SABA(Cpu& cpu, uint32_t insn) {
  three_same(cpu, insn, kBHS, [](Lane& l) { return l.d + static_cast<uint64_t>(abs_diff(l)); });
}
void exec_UABA(Cpu& cpu, uint32_t insn) { exec_SABA(cpu, insn); }
void exec_ADD_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_add); }
void exec_SUB_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_sub); }
void exec_CMTST_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_cmtst); }
void exec_CMEQ_reg_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kAll, op_cmeq); }
void exec_MLA_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, op_mla); }
void exec_MLS_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, op_mls); }
void exec_MUL_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kBHS, op_mul); }
void exec_PMUL(Cpu& cpu, uint32_t insn) {
  three_same(cpu, insn, kB, [](Lane& l) { return poly_mul8(l.n, l.m); });
}
void exec_SMAXP(Cpu& cpu, uint32_t insn) { three_same_pairwise(cpu, insn, kBHS, op_max); }
void exec_UMAXP(Cpu& cpu, uint32_t insn) { three_same_pairwise(cpu, insn, kBHS, op_max); }
void exec_SMINP(Cpu& cpu, uint32_t insn) { three_same_pairwise(cpu, insn, kBHS, op_min); }
void exec_UMINP(Cpu& cpu, uint32_t insn) { three_same_pairwise(cpu, insn, kBHS, op_min); }
void exec_ADDP_vec(Cpu& cpu, uint32_t insn) { three_same_pairwise(cpu, insn, kAll, op_add); }
void exec_SQDMULH_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kHS, op_sqdmulh); }
void exec_SQRDMULH_vec(Cpu& cpu, uint32_t insn) { three_same(cpu, insn, kHS, op_sqrdmulh); }

// ---- AdvSIMD scalar three same ----

void exec_SQADD_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kAll, op_qadd); }
void exec_UQADD_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kAll, op_qadd); }
void exec_SQSUB_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kAll, op_qsub); }
void exec_UQSUB_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kAll, op_qsub); }
void exec_CMGT_reg_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_cmgt); }
void exec_CMHI_reg_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_cmgt); }
void exec_CMGE_reg_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_cmge); }
void exec_CMHS_reg_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_cmge); }
void exec_SSHL_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_shl); }
void exec_USHL_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_shl); }
void exec_SQSHL_reg_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kAll, op_qshl); }
void exec_UQSHL_reg_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kAll, op_qshl); }
void exec_SRSHL_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_rshl); }
void exec_URSHL_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_rshl); }
void exec_SQRSHL_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kAll, op_qrshl); }
void exec_UQRSHL_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kAll, op_qrshl); }
void exec_ADD_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_add); }
void exec_SUB_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_sub); }
void exec_CMTST_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_cmtst); }
void exec_CMEQ_reg_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kD, op_cmeq); }
void exec_SQDMULH_scalar(Cpu& cpu, uint32_t insn) { scalar_three_same(cpu, insn, kHS, op_sqdmulh); }
void exec_SQRDMULH_scalar(Cpu& cpu, uint32_t insn) {
  scalar_three_same(cpu, insn, kHS, op_sqrdmulh);
}

// ---- AdvSIMD vector x indexed element ----

void exec_MLA_elem(Cpu& cpu, uint32_t insn) { by_element(cpu, insn, op_mla); }
void exec_MLS_elem(Cpu& cpu, uint32_t insn) { by_element(cpu, insn, op_mls); }
void exec_MUL_elem(Cpu& cpu, uint32_t insn) { by_element(cpu, insn, op_mul); }
void exec_SQDMULH_elem_vec(Cpu& cpu, uint32_t insn) { by_element(cpu, insn, op_sqdmulh); }
void exec_SQRDMULH_elem_vec(Cpu& cpu, uint32_t insn) { by_element(cpu, insn, op_sqrdmulh); }
// SMLAL, UMLAL, SMLSL, UMLSL, SMULL, UMULL (by element): d +/- Int(n) * Int(m), modulo
// 2^(2 * esize).
void exec_SMLAL_elem(Cpu& cpu, uint32_t insn) {
  by_element_long(cpu, insn, [](Lane& l) { return l.d + static_cast<uint64_t>(l.in() * l.im()); });
}
void exec_UMLAL_elem(Cpu& cpu, uint32_t insn) { exec_SMLAL_elem(cpu, insn); }
void exec_SMLSL_elem(Cpu& cpu, uint32_t insn) {
  by_element_long(cpu, insn, [](Lane& l) { return l.d - static_cast<uint64_t>(l.in() * l.im()); });
}
void exec_UMLSL_elem(Cpu& cpu, uint32_t insn) { exec_SMLSL_elem(cpu, insn); }
void exec_SMULL_elem(Cpu& cpu, uint32_t insn) {
  by_element_long(cpu, insn, [](Lane& l) { return l.in() * l.im(); });
}
void exec_UMULL_elem(Cpu& cpu, uint32_t insn) { exec_SMULL_elem(cpu, insn); }
void exec_SQDMLAL_elem_vec(Cpu& cpu, uint32_t insn) {
  by_element_long(cpu, insn, [](Lane& l) { return doubling_mul_long(l, +1); });
}
void exec_SQDMLSL_elem_vec(Cpu& cpu, uint32_t insn) {
  by_element_long(cpu, insn, [](Lane& l) { return doubling_mul_long(l, -1); });
}
void exec_SQDMULL_elem_vec(Cpu& cpu, uint32_t insn) {
  by_element_long(cpu, insn, [](Lane& l) { return doubling_mul_long(l, 0); });
}

// ---- AdvSIMD scalar x indexed element ----

void exec_SQDMLAL_elem_scalar(Cpu& cpu, uint32_t insn) {
  scalar_by_element(cpu, insn, true, [](Lane& l) { return doubling_mul_long(l, +1); });
}
void exec_SQDMLSL_elem_scalar(Cpu& cpu, uint32_t insn) {
  scalar_by_element(cpu, insn, true, [](Lane& l) { return doubling_mul_long(l, -1); });
}
void exec_SQDMULL_elem_scalar(Cpu& cpu, uint32_t insn) {
  scalar_by_element(cpu, insn, true, [](Lane& l) { return doubling_mul_long(l, 0); });
}
void exec_SQDMULH_elem_scalar(Cpu& cpu, uint32_t insn) {
  scalar_by_element(cpu, insn, false, op_sqdmulh);
}
void exec_SQRDMULH_elem_scalar(Cpu& cpu, uint32_t insn) {
  scalar_by_element(cpu, insn, false, op_sqrdmulh);
}

}  // namespace isa
