// Bodies of the AdvSIMD floating-point groups (Arm ARM C7.2): the FP encodings of three
// same, two-register miscellaneous, scalar pairwise, across lanes, vector x indexed
// element and the fixed-point conversions of shift by immediate, vector and scalar forms,
// single and double precision (esize = 32 << sz).
//
// Every element operation goes through isa/fp.h with one fp::Env built from FPCR; its
// flags accumulate over the lanes and are ORed into FPSR once Vd is written (no FP
// exception traps, so nothing can stop the instruction between lanes). Every body checks
// its reserved encodings (UNDEFINED) first, then CheckFPAdvSIMDEnabled64(). Sources are
// copied before Vd is written. Q = 0 vector forms clear bits 127:64 of Vd (the "2"
// narrowing forms write the upper half and keep the lower); scalar forms clear Vd above
// the element.
#include <cstdint>
#include <optional>
#include <type_traits>

#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/fp.h"
#include "isa/simd.h"

namespace isa {

namespace {

using simd::enter;
using simd::read_vec;
using simd::Vec;
using simd::write_vec;

using simd::field_d;
using simd::field_m;
using simd::field_n;
using simd::field_q;

using fp::Env;
using fp::Rounding;

// esize from sz (bit 22): 32 or 64.
constexpr unsigned fp_esize(uint32_t insn) { return bit(insn, 22) ? 64 : 32; }
// sz == 1 with Q == 0: the reserved 1D arrangement of the vector forms.
constexpr bool one_d(uint32_t insn) { return bit(insn, 22) && !field_q(insn); }

// The lanes an instruction works on: `elements` elements of `esize` bits; a scalar form
// is one element with q false, so that write_vec clears the rest of Vd.
struct Shape {
  unsigned esize;
  unsigned elements;
  bool q;
  unsigned ebytes() const { return esize / 8; }
};
constexpr Shape vector_shape(uint32_t insn) {
  const unsigned esize = fp_esize(insn);
  return Shape{esize, (field_q(insn) ? 128 : 64) / esize, field_q(insn)};
}
constexpr Shape scalar_shape(uint32_t insn) { return Shape{fp_esize(insn), 1, false}; }

// All ones (true) or zero: the result of the compares.
constexpr uint64_t mask(bool cond, unsigned esize) { return cond ? ones(esize) : 0; }

// ---- element operations ----

// Binary: op(Elem[Vn], Elem[Vm], Elem[Vd], esize, env); Vd's element is the accumulator of
// FMLA/FMLS and unused by the others.
#define FP_BINARY(name, expr)                                                    \
  constexpr auto name = [](uint64_t a, uint64_t b, uint64_t acc, unsigned esize, \
                           Env& env) -> uint64_t {                               \
    (void)acc;                                                                   \
    return expr;                                                                 \
  }
FP_BINARY(kFadd, fp::add(a, b, esize, env));
FP_BINARY(kFsub, fp::sub(a, b, esize, env));
FP_BINARY(kFmul, fp::mul(a, b, esize, env));
FP_BINARY(kFmulx, fp::mulx(a, b, esize, env));
FP_BINARY(kFdiv, fp::div(a, b, esize, env));
FP_BINARY(kFmax, fp::max(a, b, esize, env));
FP_BINARY(kFmin, fp::min(a, b, esize, env));
FP_BINARY(kFmaxnm, fp::maxnum(a, b, esize, env));
FP_BINARY(kFminnm, fp::minnum(a, b, esize, env));
FP_BINARY(kFrecps, fp::recip_step(a, b, esize, env));
FP_BINARY(kFrsqrts, fp::rsqrt_step(a, b, esize, env));
// FABD: FPAbs(FPSub()), a NaN result's sign cleared too.
FP_BINARY(kFabd, fp::abs(fp::sub(a, b, esize, env), esize));
// FMLA: FPMulAdd(Vd, Vn, Vm); FMLS negates the element of Vn first.
FP_BINARY(kFmla, fp::muladd(acc, a, b, esize, env));
FP_BINARY(kFmls, fp::muladd(acc, fp::neg(a, esize), b, esize, env));
FP_BINARY(kFcmeq, mask(fp::compare_eq(a, b, esize, env), esize));
FP_BINARY(kFcmge, mask(fp::compare_ge(a, b, esize, env), esize));
FP_BINARY(kFcmgt, mask(fp::compare_gt(a, b, esize, env), esize));
FP_BINARY(kFacge, mask(fp::compare_ge(fp::abs(a, esize), fp::abs(b, esize), esize, env), esize));
FP_BINARY(kFacgt, mask(fp::compare_gt(fp::abs(a, esize), fp::abs(b, esize), esize, env), esize));
#undef FP_BINARY

// Unary: op(Elem[Vn], esize, env).
#define FP_UNARY(name, expr)                                                   \
  constexpr auto name = [](uint64_t a, unsigned esize, Env& env) -> uint64_t { \
    (void)esize;                                                               \
    (void)env;                                                                 \
    return expr;                                                               \
  }
FP_UNARY(kFabs, fp::abs(a, esize));
FP_UNARY(kFneg, fp::neg(a, esize));
FP_UNARY(kFsqrt, fp::sqrt(a, esize, env));
FP_UNARY(kFrecpe, fp::recip_estimate(a, esize, env));
FP_UNARY(kFrsqrte, fp::rsqrt_estimate(a, esize, env));
FP_UNARY(kFrecpx, fp::recpx(a, esize, env));
FP_UNARY(kUrecpe, fp::unsigned_recip_estimate(static_cast<uint32_t>(a)));
FP_UNARY(kUrsqrte, fp::unsigned_rsqrt_estimate(static_cast<uint32_t>(a)));
// The compares with zero; FCMLE and FCMLT compare zero with the element.
FP_UNARY(kFcmgt0, mask(fp::compare_gt(a, 0, esize, env), esize));
FP_UNARY(kFcmge0, mask(fp::compare_ge(a, 0, esize, env), esize));
FP_UNARY(kFcmeq0, mask(fp::compare_eq(a, 0, esize, env), esize));
FP_UNARY(kFcmle0, mask(fp::compare_ge(0, a, esize, env), esize));
FP_UNARY(kFcmlt0, mask(fp::compare_gt(0, a, esize, env), esize));
// SCVTF/UCVTF (integer): FixedToFP with 0 fraction bits, FPCR's rounding.
FP_UNARY(kScvtf, fp::from_fixed(a, esize, 0, false, esize, env.rounding(), env));
FP_UNARY(kUcvtf, fp::from_fixed(a, esize, 0, true, esize, env.rounding(), env));
// FRINTX (exact) and FRINTI round with FPCR's mode.
FP_UNARY(kFrintx, fp::round_int(a, esize, env.rounding(), true, env));
FP_UNARY(kFrinti, fp::round_int(a, esize, env.rounding(), false, env));
#undef FP_UNARY

// FRINTN/M/P/Z/A: FPRoundInt with the instruction's rounding mode.
template <Rounding kMode>
constexpr auto kFrint =
    [](uint64_t a, unsigned esize, Env& env) { return fp::round_int(a, esize, kMode, false, env); };
// FCVT<mode>S/U (integer): FPToFixed with 0 fraction bits to an integer of esize bits.
template <Rounding kMode, bool kUnsigned>
constexpr auto kFcvtInt = [](uint64_t a, unsigned esize, Env& env) {
  return fp::to_fixed(a, esize, 0, kUnsigned, esize, kMode, env);
};

// ---- shapes of the groups ----

// Element e of v for an element size that is a constant (single and double
// precision: a shift within a 64-bit word) or a variable one.
template <unsigned kEb>
uint64_t lane(const Vec& v, unsigned e, std::integral_constant<unsigned, kEb>) {
  if constexpr (kEb == 8) return v.w[e & 1];
  return (v.w[(e >> 1) & 1] >> (32 * (e & 1))) & 0xFFFFFFFF;
}
inline uint64_t lane(const Vec& v, unsigned e, unsigned eb) { return v.get(e, eb); }

// The vector of f(e, ebytes) for each element e. Single- and double-precision element
// sizes come as constants (std::integral_constant, for lane()), and their results are
// put together a 64-bit word at a time, which keeps the host's store forwarding
// where byte-addressed element writes would not.
template <typename F>
[[gnu::always_inline]] inline Vec map_elements(unsigned eb, unsigned elements, F&& f) {
  Vec r;
  switch (eb) {
    case 4: {
      const std::integral_constant<unsigned, 4> k;
      for (unsigned i = 0; 2 * i < elements; ++i) {
        const uint64_t lo = f(2 * i, k) & 0xFFFFFFFF;
        const uint64_t hi = 2 * i + 1 < elements ? f(2 * i + 1, k) & 0xFFFFFFFF : 0;
        r.w[i & 1] = lo | hi << 32;
      }
      break;
    }
    case 8:
      for (unsigned e = 0; e < elements; ++e)
        r.w[e & 1] = f(e, std::integral_constant<unsigned, 8>{});
      break;
    default:
      for (unsigned e = 0; e < elements; ++e) r.set(e, eb, f(e, eb));
      break;
  }
  return r;
}

// Element-wise binary (three same, vector or scalar).
// `vec`, where given, is the operation fp::vec_fast() runs on all lanes at once for the
// common case of `op`; the lanes go one by one through `op` where it declines.
template <typename Op>
void binary(Cpu& cpu, uint32_t insn, bool reserved, Shape s, Op op, std::optional<fp::VecOp> vec) {
  if (!enter(cpu, reserved)) return;
  const unsigned eb = s.ebytes();
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec m = read_vec(cpu, field_m(insn));
  const Vec d = read_vec(cpu, field_d(insn));
  Env env{cpu.fpcr, 0, cpu.fpsr};
  Vec r;
  if (!vec || !fp::vec_fast(*vec, s.esize, s.elements, n.w, m.w, d.w, r.w, env)) {
    r = map_elements(eb, s.elements, [&](unsigned e, auto k) {
      return op(lane(n, e, k), lane(m, e, k), lane(d, e, k), s.esize, env);
    });
  }
  write_vec(cpu, field_d(insn), r, s.q);
  cpu.fpsr |= env.flags;
}
template <typename Op>
void binary_vec(Cpu& cpu, uint32_t insn, Op op, std::optional<fp::VecOp> vec = std::nullopt) {
  binary(cpu, insn, one_d(insn), vector_shape(insn), op, vec);
}
template <typename Op>
void binary_scalar(Cpu& cpu, uint32_t insn, Op op) {
  binary(cpu, insn, false, scalar_shape(insn), op, std::nullopt);
}

// Pairwise (vector): element e of the result is op of the elements 2e and 2e + 1 of the
// concatenation Vm:Vn.
template <typename Op>
void pairwise_vec(Cpu& cpu, uint32_t insn, Op op) {
  if (!enter(cpu, one_d(insn))) return;
  const Shape s = vector_shape(insn);
  const unsigned eb = s.ebytes();
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec m = read_vec(cpu, field_m(insn));
  auto concat = [&](unsigned i) {
    return i < s.elements ? n.get(i, eb) : m.get(i - s.elements, eb);
  };
  Env env{cpu.fpcr, 0, cpu.fpsr};
  Vec r;
  for (unsigned e = 0; e < s.elements; ++e)
    r.set(e, eb, op(concat(2 * e), concat(2 * e + 1), 0, s.esize, env));
  write_vec(cpu, field_d(insn), r, s.q);
  cpu.fpsr |= env.flags;
}

// Pairwise (scalar): op of the two elements of the low 2 * esize bits of Vn.
template <typename Op>
void pairwise_scalar(Cpu& cpu, uint32_t insn, Op op) {
  if (!enter(cpu, false)) return;
  const Shape s = scalar_shape(insn);
  const unsigned eb = s.ebytes();
  const Vec n = read_vec(cpu, field_n(insn));
  Env env{cpu.fpcr, 0, cpu.fpsr};
  Vec r;
  r.set(0, eb, op(n.get(0, eb), n.get(1, eb), 0, s.esize, env));
  write_vec(cpu, field_d(insn), r, false);
  cpu.fpsr |= env.flags;
}

// Across lanes (FMAXNMV...): Reduce() of the four single-precision elements, the tree
// op(op(e0, e1), op(e2, e3)); sz == 1 and Q == 0 are reserved.
template <typename Op>
void across_lanes(Cpu& cpu, uint32_t insn, Op op) {
  if (!enter(cpu, bit(insn, 22) || !field_q(insn))) return;
  const Vec n = read_vec(cpu, field_n(insn));
  Env env{cpu.fpcr, 0, cpu.fpsr};
  const uint64_t lo = op(n.get(0, 4), n.get(1, 4), 0, 32, env);
  const uint64_t hi = op(n.get(2, 4), n.get(3, 4), 0, 32, env);
  Vec r;
  r.set(0, 4, op(lo, hi, 0, 32, env));
  write_vec(cpu, field_d(insn), r, false);
  cpu.fpsr |= env.flags;
}

// By element: op(Elem[Vn, e], Elem[Vm, index], Elem[Vd, e]); Rm = M:Rm, index H:L
// (single) or H (double, L == 1 reserved); sz == 1 with Q == 0 is reserved (vector).
// (`vec` as for binary(), with Elem[Vm, index] in every lane of its second operand.)
template <typename Op>
void by_element(Cpu& cpu, uint32_t insn, bool scalar, Op op,
                std::optional<fp::VecOp> vec = std::nullopt) {
  const bool sz = bit(insn, 22);
  const unsigned l = bit(insn, 21), h = bit(insn, 11);
  if (!enter(cpu, (sz && l) || (!scalar && one_d(insn)))) return;
  const Shape s = scalar ? scalar_shape(insn) : vector_shape(insn);
  const unsigned eb = s.ebytes();
  const unsigned index = sz ? h : (h << 1 | l);
  const Vec n = read_vec(cpu, field_n(insn));
  const uint64_t element2 = read_vec(cpu, field_m(insn)).get(index, eb);
  const Vec d = read_vec(cpu, field_d(insn));
  Env env{cpu.fpcr, 0, cpu.fpsr};
  Vec r;
  const uint64_t replicated = eb == 4 ? element2 | element2 << 32 : element2;
  const uint64_t m[2] = {replicated, replicated};
  if (!vec || !fp::vec_fast(*vec, s.esize, s.elements, n.w, m, d.w, r.w, env)) {
    r = map_elements(eb, s.elements, [&](unsigned e, auto k) {
      return op(lane(n, e, k), element2, lane(d, e, k), s.esize, env);
    });
  }
  write_vec(cpu, field_d(insn), r, s.q);
  cpu.fpsr |= env.flags;
}

// Element-wise unary (two-register miscellaneous, vector or scalar).
template <typename Op>
void unary(Cpu& cpu, uint32_t insn, bool reserved, Shape s, Op op) {
  if (!enter(cpu, reserved)) return;
  const unsigned eb = s.ebytes();
  const Vec n = read_vec(cpu, field_n(insn));
  Env env{cpu.fpcr, 0, cpu.fpsr};
  const Vec r = map_elements(eb, s.elements,
                             [&](unsigned e, auto k) { return op(lane(n, e, k), s.esize, env); });
  write_vec(cpu, field_d(insn), r, s.q);
  cpu.fpsr |= env.flags;
}
template <typename Op>
void unary_vec(Cpu& cpu, uint32_t insn, Op op) {
  unary(cpu, insn, one_d(insn), vector_shape(insn), op);
}
template <typename Op>
void unary_scalar(Cpu& cpu, uint32_t insn, Op op) {
  unary(cpu, insn, false, scalar_shape(insn), op);
}

// FCVTN/FCVTN2, FCVTXN/FCVTXN2: the elements of Vn (2 * esize bits, esize = 16 << sz)
// converted to esize bits into Vpart[d, Q].
void narrow_vec(Cpu& cpu, uint32_t insn, bool reserved, Rounding rounding, bool fpcr_mode) {
  if (!enter(cpu, reserved)) return;
  const unsigned esize = bit(insn, 22) ? 32 : 16;
  const unsigned eb = esize / 8;
  const Vec n = read_vec(cpu, field_n(insn));
  Env env{cpu.fpcr, 0, cpu.fpsr};
  if (fpcr_mode) rounding = env.rounding();
  Vec r;
  for (unsigned e = 0; e < 64 / esize; ++e)
    r.set(e, eb, fp::convert(n.get(e, 2 * eb), 2 * esize, esize, rounding, env));
  simd::write_part(cpu, field_d(insn), r.w[0], field_q(insn));
  cpu.fpsr |= env.flags;
}

// The fixed-point conversions of shift by immediate: esize from immh (01xx: 32, 1xxx:
// 64; 0000 to 001x are reserved: no 8-bit form, no FP16), fbits = 2 * esize -
// UInt(immh:immb); immh<3>:Q = 10 is reserved (vector).
template <typename Op>
void fixed_point(Cpu& cpu, uint32_t insn, bool scalar, Op op) {
  const unsigned immh = bits(insn, 22, 19);
  const bool q = field_q(insn);
  if (!enter(cpu, immh < 4 || (!scalar && (immh & 8) && !q))) return;
  const unsigned esize = (immh & 8) ? 64 : 32;
  const unsigned fbits = 2 * esize - bits(insn, 22, 16);
  const Shape s = scalar ? Shape{esize, 1, false} : Shape{esize, (q ? 128 : 64) / esize, q};
  const unsigned eb = s.ebytes();
  const Vec n = read_vec(cpu, field_n(insn));
  Env env{cpu.fpcr, 0, cpu.fpsr};
  Vec r;
  for (unsigned e = 0; e < s.elements; ++e) r.set(e, eb, op(n.get(e, eb), esize, fbits, env));
  write_vec(cpu, field_d(insn), r, s.q);
  cpu.fpsr |= env.flags;
}
template <bool kUnsigned>
constexpr auto kCvtfFixed = [](uint64_t a, unsigned esize, unsigned fbits, Env& env) {
  return fp::from_fixed(a, esize, fbits, kUnsigned, esize, env.rounding(), env);
};
template <bool kUnsigned>
constexpr auto kFcvtzFixed = [](uint64_t a, unsigned esize, unsigned fbits, Env& env) {
  return fp::to_fixed(a, esize, fbits, kUnsigned, esize, Rounding::Zero, env);
};

}  // namespace

// ---- AdvSIMD three same (FP) ----

void exec_FMAXNM_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFmaxnm); }
void exec_FMLA_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFmla, fp::VecOp::MulAdd); }
void exec_FADD_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFadd, fp::VecOp::Add); }
void exec_FMULX_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFmulx); }
void exec_FCMEQ_reg_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFcmeq); }
void exec_FMAX_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFmax); }
void exec_FRECPS_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFrecps); }
void exec_FMINNM_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFminnm); }
void exec_FMLS_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFmls, fp::VecOp::MulSub); }
void exec_FSUB_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFsub, fp::VecOp::Sub); }
void exec_FMIN_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFmin); }
void exec_FRSQRTS_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFrsqrts); }
void exec_FMAXNMP_vec(Cpu& cpu, uint32_t insn) { pairwise_vec(cpu, insn, kFmaxnm); }
void exec_FADDP_vec(Cpu& cpu, uint32_t insn) { pairwise_vec(cpu, insn, kFadd); }
void exec_FMUL_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFmul, fp::VecOp::Mul); }
void exec_FCMGE_reg_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFcmge); }
void exec_FACGE_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFacge); }
void exec_FMAXP_vec(Cpu& cpu, uint32_t insn) { pairwise_vec(cpu, insn, kFmax); }
void exec_FDIV_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFdiv, fp::VecOp::Div); }
void exec_FMINNMP_vec(Cpu& cpu, uint32_t insn) { pairwise_vec(cpu, insn, kFminnm); }
void exec_FABD_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFabd); }
void exec_FCMGT_reg_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFcmgt); }
void exec_FACGT_vec(Cpu& cpu, uint32_t insn) { binary_vec(cpu, insn, kFacgt); }
void exec_FMINP_vec(Cpu& cpu, uint32_t insn) { pairwise_vec(cpu, insn, kFmin); }

// ---- AdvSIMD scalar three same (FP) ----

void exec_FMULX_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFmulx); }
void exec_FCMEQ_reg_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFcmeq); }
void exec_FRECPS_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFrecps); }
void exec_FRSQRTS_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFrsqrts); }
void exec_FCMGE_reg_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFcmge); }
void exec_FACGE_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFacge); }
void exec_FABD_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFabd); }
void exec_FCMGT_reg_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFcmgt); }
void exec_FACGT_scalar(Cpu& cpu, uint32_t insn) { binary_scalar(cpu, insn, kFacgt); }

// ---- AdvSIMD two-register miscellaneous (FP, vector) ----

// FCVTN: double to single (sz = 1) or single to half (sz = 0), FPCR's rounding.
void exec_FCVTN(Cpu& cpu, uint32_t insn) { narrow_vec(cpu, insn, false, Rounding::TieEven, true); }
// FCVTXN: double to single, round to odd; sz = 0 is reserved.
void exec_FCVTXN_vec(Cpu& cpu, uint32_t insn) {
  narrow_vec(cpu, insn, !bit(insn, 22), Rounding::Odd, false);
}
// FCVTL/FCVTL2: the elements of Vpart[n, Q] (esize = 16 << sz) converted to 2 * esize.
void exec_FCVTL(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const unsigned esize = bit(insn, 22) ? 32 : 16;
  const unsigned eb = esize / 8;
  const Vec n{{cpu.vreg(field_n(insn))[field_q(insn) ? 1 : 0], 0}};
  Env env{cpu.fpcr, 0, cpu.fpsr};
  Vec r;
  for (unsigned e = 0; e < 64 / esize; ++e)
    r.set(e, 2 * eb, fp::convert(n.get(e, eb), esize, 2 * esize, env.rounding(), env));
  write_vec(cpu, field_d(insn), r, true);
  cpu.fpsr |= env.flags;
}
void exec_FRINTN_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrint<Rounding::TieEven>); }
void exec_FRINTM_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrint<Rounding::NegInf>); }
void exec_FRINTP_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrint<Rounding::PosInf>); }
void exec_FRINTZ_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrint<Rounding::Zero>); }
void exec_FRINTA_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrint<Rounding::TieAway>); }
void exec_FRINTX_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrintx); }
void exec_FRINTI_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrinti); }
void exec_FCVTNS_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::TieEven, false>);
}
void exec_FCVTMS_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::NegInf, false>);
}
void exec_FCVTAS_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::TieAway, false>);
}
void exec_FCVTPS_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::PosInf, false>);
}
void exec_FCVTZS_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::Zero, false>);
}
void exec_FCVTNU_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::TieEven, true>);
}
void exec_FCVTMU_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::NegInf, true>);
}
void exec_FCVTAU_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::TieAway, true>);
}
void exec_FCVTPU_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::PosInf, true>);
}
void exec_FCVTZU_int_vec(Cpu& cpu, uint32_t insn) {
  unary_vec(cpu, insn, kFcvtInt<Rounding::Zero, true>);
}
void exec_SCVTF_int_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kScvtf); }
void exec_UCVTF_int_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kUcvtf); }
void exec_FCMGT_zero_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFcmgt0); }
void exec_FCMGE_zero_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFcmge0); }
void exec_FCMEQ_zero_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFcmeq0); }
void exec_FCMLE_zero_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFcmle0); }
void exec_FCMLT_zero_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFcmlt0); }
void exec_FABS_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFabs); }
void exec_FNEG_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFneg); }
void exec_FSQRT_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFsqrt); }
void exec_FRECPE_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrecpe); }
void exec_FRSQRTE_vec(Cpu& cpu, uint32_t insn) { unary_vec(cpu, insn, kFrsqrte); }
// URECPE/URSQRTE: 32-bit integer elements only; sz = 1 is reserved.
void exec_URECPE(Cpu& cpu, uint32_t insn) {
  unary(cpu, insn, bit(insn, 22), vector_shape(insn), kUrecpe);
}
void exec_URSQRTE(Cpu& cpu, uint32_t insn) {
  unary(cpu, insn, bit(insn, 22), vector_shape(insn), kUrsqrte);
}

// ---- AdvSIMD scalar two-register miscellaneous (FP) ----

// FCVTXN (scalar): Sd = the double Dn rounded to odd; sz = 0 is reserved.
void exec_FCVTXN_scalar(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, !bit(insn, 22))) return;
  Env env{cpu.fpcr, 0, cpu.fpsr};
  Vec r;
  r.set(0, 4, fp::convert(cpu.vreg(field_n(insn))[0], 64, 32, Rounding::Odd, env));
  write_vec(cpu, field_d(insn), r, false);
  cpu.fpsr |= env.flags;
}
void exec_FCVTNS_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::TieEven, false>);
}
void exec_FCVTMS_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::NegInf, false>);
}
void exec_FCVTAS_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::TieAway, false>);
}
void exec_FCVTPS_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::PosInf, false>);
}
void exec_FCVTZS_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::Zero, false>);
}
void exec_FCVTNU_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::TieEven, true>);
}
void exec_FCVTMU_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::NegInf, true>);
}
void exec_FCVTAU_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::TieAway, true>);
}
void exec_FCVTPU_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::PosInf, true>);
}
void exec_FCVTZU_int_scalar(Cpu& cpu, uint32_t insn) {
  unary_scalar(cpu, insn, kFcvtInt<Rounding::Zero, true>);
}
void exec_SCVTF_int_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kScvtf); }
void exec_UCVTF_int_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kUcvtf); }
void exec_FCMGT_zero_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kFcmgt0); }
void exec_FCMGE_zero_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kFcmge0); }
void exec_FCMEQ_zero_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kFcmeq0); }
void exec_FCMLE_zero_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kFcmle0); }
void exec_FCMLT_zero_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kFcmlt0); }
void exec_FRECPE_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kFrecpe); }
void exec_FRSQRTE_scalar(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kFrsqrte); }
void exec_FRECPX(Cpu& cpu, uint32_t insn) { unary_scalar(cpu, insn, kFrecpx); }

// ---- AdvSIMD scalar pairwise (FP) ----

void exec_FMAXNMP_scalar(Cpu& cpu, uint32_t insn) { pairwise_scalar(cpu, insn, kFmaxnm); }
void exec_FADDP_scalar(Cpu& cpu, uint32_t insn) { pairwise_scalar(cpu, insn, kFadd); }
void exec_FMAXP_scalar(Cpu& cpu, uint32_t insn) { pairwise_scalar(cpu, insn, kFmax); }
void exec_FMINNMP_scalar(Cpu& cpu, uint32_t insn) { pairwise_scalar(cpu, insn, kFminnm); }
void exec_FMINP_scalar(Cpu& cpu, uint32_t insn) { pairwise_scalar(cpu, insn, kFmin); }

// ---- AdvSIMD across lanes (FP) ----

void exec_FMAXNMV(Cpu& cpu, uint32_t insn) { across_lanes(cpu, insn, kFmaxnm); }
void exec_FMAXV(Cpu& cpu, uint32_t insn) { across_lanes(cpu, insn, kFmax); }
void exec_FMINNMV(Cpu& cpu, uint32_t insn) { across_lanes(cpu, insn, kFminnm); }
void exec_FMINV(Cpu& cpu, uint32_t insn) { across_lanes(cpu, insn, kFmin); }

// ---- AdvSIMD vector and scalar x indexed element (FP) ----

void exec_FMLA_elem_vec(Cpu& cpu, uint32_t insn) {
  by_element(cpu, insn, false, kFmla, fp::VecOp::MulAdd);
}
void exec_FMLS_elem_vec(Cpu& cpu, uint32_t insn) {
  by_element(cpu, insn, false, kFmls, fp::VecOp::MulSub);
}
void exec_FMUL_elem_vec(Cpu& cpu, uint32_t insn) {
  by_element(cpu, insn, false, kFmul, fp::VecOp::Mul);
}
void exec_FMULX_elem_vec(Cpu& cpu, uint32_t insn) { by_element(cpu, insn, false, kFmulx); }
void exec_FMLA_elem_scalar(Cpu& cpu, uint32_t insn) {
  by_element(cpu, insn, true, kFmla, fp::VecOp::MulAdd);
}
void exec_FMLS_elem_scalar(Cpu& cpu, uint32_t insn) {
  by_element(cpu, insn, true, kFmls, fp::VecOp::MulSub);
}
void exec_FMUL_elem_scalar(Cpu& cpu, uint32_t insn) {
  by_element(cpu, insn, true, kFmul, fp::VecOp::Mul);
}
void exec_FMULX_elem_scalar(Cpu& cpu, uint32_t insn) { by_element(cpu, insn, true, kFmulx); }

// ---- AdvSIMD (scalar) shift by immediate: fixed-point conversions ----

void exec_SCVTF_fix_vec(Cpu& cpu, uint32_t insn) {
  fixed_point(cpu, insn, false, kCvtfFixed<false>);
}
void exec_UCVTF_fix_vec(Cpu& cpu, uint32_t insn) {
  fixed_point(cpu, insn, false, kCvtfFixed<true>);
}
void exec_FCVTZS_fix_vec(Cpu& cpu, uint32_t insn) {
  fixed_point(cpu, insn, false, kFcvtzFixed<false>);
}
void exec_FCVTZU_fix_vec(Cpu& cpu, uint32_t insn) {
  fixed_point(cpu, insn, false, kFcvtzFixed<true>);
}
void exec_SCVTF_fix_scalar(Cpu& cpu, uint32_t insn) {
  fixed_point(cpu, insn, true, kCvtfFixed<false>);
}
void exec_UCVTF_fix_scalar(Cpu& cpu, uint32_t insn) {
  fixed_point(cpu, insn, true, kCvtfFixed<true>);
}
void exec_FCVTZS_fix_scalar(Cpu& cpu, uint32_t insn) {
  fixed_point(cpu, insn, true, kFcvtzFixed<false>);
}
void exec_FCVTZU_fix_scalar(Cpu& cpu, uint32_t insn) {
  fixed_point(cpu, insn, true, kFcvtzFixed<true>);
}

}  // namespace isa
