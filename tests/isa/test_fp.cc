// The floating-point library (isa/fp.h) against values worked out by hand from the Arm
// ARM pseudocode: NaN propagation, flush-to-zero, underflow before rounding, the
// rounding modes, conversions and the estimates.
#include <catch2/catch.hpp>

#include <cstdint>

#include "isa/fp.h"

using namespace isa::fp;

namespace {

constexpr uint32_t kRN = 0, kRP = 1u << 22, kRM = 2u << 22, kRZ = 3u << 22;

constexpr uint64_t kOne32 = 0x3F800000, kTwo32 = 0x40000000, kInf32 = 0x7F800000;
constexpr uint64_t kQNaN32 = 0x7FC00001, kSNaN32 = 0x7F800002;
constexpr uint64_t kMinNormal32 = 0x00800000;
constexpr uint64_t kOne64 = 0x3FF0000000000000;

// The result and the flags of one operation under an FPCR.
struct R {
  uint64_t v;
  uint32_t flags;
};
template <typename F>
R run(uint32_t fpcr, F f) {
  Env env{fpcr};
  const uint64_t v = f(env);
  return R{v, env.flags};
}

}  // namespace

TEST_CASE("FP add: rounding modes and inexact", "[fp]") {
  const uint64_t tiny = 0x33800000;  // 2^-24: half an ulp of 1.0
  R r = run(kRN, [&](Env& e) { return add(kOne32, tiny, 32, e); });
  CHECK(r.v == kOne32);  // a tie, to even
  CHECK(r.flags == kIxc);
  r = run(kRP, [&](Env& e) { return add(kOne32, tiny, 32, e); });
  CHECK(r.v == 0x3F800001);
  r = run(kRZ, [&](Env& e) { return sub(kOne32, tiny, 32, e); });
  CHECK(r.v == 0x3F7FFFFF);  // 1 - 2^-24 is exact in single precision
  CHECK(r.flags == 0);
  // x - x is +0, except -0 when rounding toward minus infinity
  CHECK(run(kRN, [&](Env& e) { return sub(kOne32, kOne32, 32, e); }).v == 0);
  CHECK(run(kRM, [&](Env& e) { return sub(kOne32, kOne32, 32, e); }).v == 0x80000000);
  // double precision
  r = run(kRN, [&](Env& e) { return add(kOne64, kOne64, 64, e); });
  CHECK(r.v == 0x4000000000000000);
  CHECK(r.flags == 0);
}

TEST_CASE("FP NaN propagation and the default NaN", "[fp]") {
  // The first signalling NaN wins over any quiet NaN, made quiet, invalid operation.
  R r = run(kRN, [&](Env& e) { return add(kQNaN32, kSNaN32, 32, e); });
  CHECK(r.v == 0x7FC00002);
  CHECK(r.flags == kIoc);
  r = run(kRN, [&](Env& e) { return mul(kQNaN32 | 0x80000000, kOne32, 32, e); });
  CHECK(r.v == (kQNaN32 | 0x80000000));  // the sign kept
  CHECK(r.flags == 0);
  // FPCR.DN: the default NaN
  r = run(kFpcrDn, [&](Env& e) { return add(kOne32, kSNaN32, 32, e); });
  CHECK(r.v == 0x7FC00000);
  CHECK(r.flags == kIoc);
  // infinity - infinity, 0 * infinity, 0 / 0, sqrt(-1): the default NaN
  CHECK(run(kRN, [&](Env& e) { return sub(kInf32, kInf32, 32, e); }).v == 0x7FC00000);
  r = run(kRN, [&](Env& e) { return mul(0, 0xFFF0000000000000, 64, e); });
  CHECK(r.v == 0x7FF8000000000000);
  CHECK(r.flags == kIoc);
  CHECK(run(kRN, [&](Env& e) { return div(0, 0, 32, e); }).v == 0x7FC00000);
  r = run(kRN, [&](Env& e) { return sqrt(0xBF800000, 32, e); });
  CHECK(r.v == 0x7FC00000);
  CHECK(r.flags == kIoc);
  CHECK(run(kRN, [&](Env& e) { return sqrt(0x80000000, 32, e); }).v == 0x80000000);
  // muladd: the addend's NaN first; a quiet NaN addend with infinity * 0 is invalid
  r = run(kRN, [&](Env& e) { return muladd(kQNaN32, kSNaN32, kOne32, 32, e); });
  CHECK(r.v == 0x7FC00002);
  CHECK(r.flags == kIoc);
  r = run(kRN, [&](Env& e) { return muladd(kQNaN32, kInf32, 0, 32, e); });
  CHECK(r.v == 0x7FC00000);
  CHECK(r.flags == kIoc);
  r = run(kRN, [&](Env& e) { return muladd(kQNaN32, kTwo32, 0, 32, e); });
  CHECK(r.v == kQNaN32);
  CHECK(r.flags == 0);
}

TEST_CASE("FP division by zero and overflow", "[fp]") {
  R r = run(kRN, [&](Env& e) { return div(kOne32, 0x80000000, 32, e); });
  CHECK(r.v == 0xFF800000);
  CHECK(r.flags == kDzc);
  const uint64_t max32 = 0x7F7FFFFF;
  r = run(kRN, [&](Env& e) { return mul(max32, kTwo32, 32, e); });
  CHECK(r.v == kInf32);
  CHECK(r.flags == (kOfc | kIxc));
  r = run(kRZ, [&](Env& e) { return mul(max32, kTwo32, 32, e); });
  CHECK(r.v == max32);
  r = run(kRM, [&](Env& e) { return mul(max32, kTwo32, 32, e); });
  CHECK(r.v == max32);
  r = run(kRM, [&](Env& e) { return mul(max32 | 0x80000000, kTwo32, 32, e); });
  CHECK(r.v == 0xFF800000);
}

TEST_CASE("FP underflow is detected before rounding", "[fp]") {
  // (1 - 2^-24) * 2^-126 = 2^-126 - 2^-150: below the smallest normal, halfway between
  // two denormal neighbours; rounds (to even) up to 2^-126. Tiny and inexact.
  R r = run(kRN, [&](Env& e) { return mul(0x3F7FFFFF, kMinNormal32, 32, e); });
  CHECK(r.v == kMinNormal32);
  CHECK(r.flags == (kUfc | kIxc));
  // An exact denormal result is tiny but exact: no underflow.
  r = run(kRN, [&](Env& e) { return sub(0x00C00000, kMinNormal32, 32, e); });
  CHECK(r.v == 0x00400000);
  CHECK(r.flags == 0);
  // 2^-149 / 2: halfway to zero, rounds to even (zero). Underflow and inexact.
  r = run(kRN, [&](Env& e) { return mul(1, 0x3F000000, 32, e); });
  CHECK(r.v == 0);
  CHECK(r.flags == (kUfc | kIxc));
}

TEST_CASE("FP flush-to-zero", "[fp]") {
  // A denormal input reads as zero: input denormal.
  R r = run(kFpcrFz, [&](Env& e) { return add(1, kOne32, 32, e); });
  CHECK(r.v == kOne32);
  CHECK(r.flags == kIdc);
  // A tiny result becomes a zero of its sign: underflow, not inexact; also when it
  // rounds up to the smallest normal, and when it is exact.
  r = run(kFpcrFz, [&](Env& e) { return mul(0xBF7FFFFF, kMinNormal32, 32, e); });
  CHECK(r.v == 0x80000000);
  CHECK(r.flags == kUfc);
  r = run(kFpcrFz, [&](Env& e) { return sub(0x00C00000, kMinNormal32, 32, e); });
  CHECK(r.v == 0);
  CHECK(r.flags == kUfc);
  // Without FZ the same input is a number.
  r = run(kRN, [&](Env& e) { return add(1, 1, 32, e); });
  CHECK(r.v == 2);
  CHECK(r.flags == 0);
}

TEST_CASE("FP max, min and the number forms", "[fp]") {
  CHECK(run(kRN, [&](Env& e) { return max(0, 0x80000000, 32, e); }).v == 0);
  CHECK(run(kRN, [&](Env& e) { return min(0, 0x80000000, 32, e); }).v == 0x80000000);
  CHECK(run(kRN, [&](Env& e) { return max(kOne32, kTwo32, 32, e); }).v == kTwo32);
  R r = run(kRN, [&](Env& e) { return max(kQNaN32, kOne32, 32, e); });
  CHECK(r.v == kQNaN32);
  r = run(kRN, [&](Env& e) { return maxnum(kQNaN32, kOne32, 32, e); });
  CHECK(r.v == kOne32);
  CHECK(r.flags == 0);
  r = run(kRN, [&](Env& e) { return minnum(kOne32, kQNaN32, 32, e); });
  CHECK(r.v == kOne32);
  r = run(kRN, [&](Env& e) { return maxnum(kSNaN32, kOne32, 32, e); });
  CHECK(r.v == 0x7FC00002);
  CHECK(r.flags == kIoc);
  r = run(kRN, [&](Env& e) { return maxnum(kQNaN32, kQNaN32 + 1, 32, e); });
  CHECK(r.v == kQNaN32);
  // FZ: a denormal operand is a zero
  r = run(kFpcrFz, [&](Env& e) { return max(0x80000001, 0x80000000, 32, e); });
  CHECK(r.v == 0x80000000);
  CHECK(r.flags == kIdc);
}

TEST_CASE("FP compare", "[fp]") {
  Env env{0};
  CHECK(compare(kOne32, kOne32, 32, false, env) == 0x6);
  CHECK(compare(kOne32, kTwo32, 32, false, env) == 0x8);
  CHECK(compare(kTwo32, kOne32, 32, false, env) == 0x2);
  CHECK(compare(0, 0x80000000, 32, false, env) == 0x6);
  CHECK(env.flags == 0);
  CHECK(compare(kQNaN32, kOne32, 32, false, env) == 0x3);
  CHECK(env.flags == 0);
  CHECK(compare(kQNaN32, kOne32, 32, true, env) == 0x3);
  CHECK(env.flags == kIoc);
  Env e2{0};
  CHECK(!compare_eq(kQNaN32, kQNaN32, 32, e2));
  CHECK(e2.flags == 0);
  CHECK(!compare_ge(kQNaN32, kOne32, 32, e2));
  CHECK(e2.flags == kIoc);
  Env e3{0};
  CHECK(compare_ge(kOne32, kOne32, 32, e3));
  CHECK(!compare_gt(kOne32, kOne32, 32, e3));
  CHECK(compare_gt(kOne64 + 1, kOne64, 64, e3));
  CHECK(e3.flags == 0);
}

TEST_CASE("FP round to integral", "[fp]") {
  const uint64_t two_half = 0x40200000, m_half = 0xBF000000;
  CHECK(run(kRN, [&](Env& e) { return round_int(two_half, 32, Rounding::TieEven, false, e); }).v ==
        kTwo32);
  CHECK(run(kRN, [&](Env& e) { return round_int(two_half, 32, Rounding::TieAway, false, e); }).v ==
        0x40400000);
  R r = run(kRN, [&](Env& e) { return round_int(m_half, 32, Rounding::PosInf, false, e); });
  CHECK(r.v == 0x80000000);  // -0.5 up: -0
  CHECK(r.flags == 0);
  r = run(kRN, [&](Env& e) { return round_int(two_half, 32, Rounding::TieEven, true, e); });
  CHECK(r.flags == kIxc);  // FRINTX
  r = run(kRN, [&](Env& e) { return round_int(0x4B800001, 32, Rounding::NegInf, true, e); });
  CHECK(r.v == 0x4B800001);  // 2^24 + 2: already integral
  CHECK(r.flags == 0);
  r = run(kRN,
          [&](Env& e) { return round_int(0xC00C000000000000, 64, Rounding::NegInf, false, e); });
  CHECK(r.v == 0xC010000000000000);  // -3.5 down: -4
}

TEST_CASE("FP conversions between precisions", "[fp]") {
  // double 1 + 2^-30 to single: inexact
  R r = run(kRN, [&](Env& e) { return convert(0x3FF0000004000000, 64, 32, Rounding::TieEven, e); });
  CHECK(r.v == kOne32);
  CHECK(r.flags == kIxc);
  // 1e300 overflows single precision; toward zero gives the largest normal
  r = run(kRN, [&](Env& e) { return convert(0x7E37E43C8800759C, 64, 32, Rounding::TieEven, e); });
  CHECK(r.v == kInf32);
  CHECK(r.flags == (kOfc | kIxc));
  CHECK(run(kRN, [&](Env& e) {
          return convert(0x7E37E43C8800759C, 64, 32, Rounding::Zero, e);
        }).v == 0x7F7FFFFF);
  // single to double: exact; a signalling NaN made quiet with its payload's top bits
  CHECK(run(kRN, [&](Env& e) { return convert(kOne32, 32, 64, Rounding::TieEven, e); }).v ==
        kOne64);
  r = run(kRN, [&](Env& e) { return convert(kSNaN32, 32, 64, Rounding::TieEven, e); });
  CHECK(r.v == 0x7FF8000040000000);
  CHECK(r.flags == kIoc);
  // single 65520 to half: halfway between 65504 and 65536, so rounds to infinity
  r = run(kRN, [&](Env& e) { return convert(0x477FF000, 32, 16, Rounding::TieEven, e); });
  CHECK(r.v == 0x7C00);
  CHECK(r.flags == (kOfc | kIxc));
  // ... and in the alternative format (AHP), where exponent 31 is a number: 65536
  r = run(kFpcrAhp, [&](Env& e) { return convert(0x477FF000, 32, 16, Rounding::TieEven, e); });
  CHECK(r.v == 0x7C00);
  CHECK(r.flags == kIxc);
  r = run(kFpcrAhp, [&](Env& e) { return convert(kQNaN32, 32, 16, Rounding::TieEven, e); });
  CHECK(r.v == 0);
  CHECK(r.flags == kIoc);
  r = run(kFpcrAhp, [&](Env& e) { return convert(0xFF800000, 32, 16, Rounding::TieEven, e); });
  CHECK(r.v == 0xFFFF);
  CHECK(r.flags == kIoc);
  // half 0x7D00 (a signalling NaN) to single; half 0x7C00 read with AHP is 65536
  r = run(kRN, [&](Env& e) { return convert(0x7D00, 16, 32, Rounding::TieEven, e); });
  CHECK(r.v == 0x7FE00000);
  CHECK(r.flags == kIoc);
  CHECK(run(kFpcrAhp, [&](Env& e) { return convert(0x7C00, 16, 32, Rounding::TieEven, e); }).v ==
        0x47800000);
  // the smallest half denormal to single, exactly
  CHECK(run(kRN, [&](Env& e) { return convert(0x0001, 16, 32, Rounding::TieEven, e); }).v ==
        0x33800000);
  // round to odd (FCVTXN): 1 + 2^-30 to single is 1 + 2^-23
  CHECK(run(kRN, [&](Env& e) { return convert(0x3FF0000004000000, 64, 32, Rounding::Odd, e); }).v ==
        0x3F800001);
}

TEST_CASE("FP to and from integers and fixed point", "[fp]") {
  const uint64_t two_half = 0x40200000;
  R r =
      run(kRN, [&](Env& e) { return to_fixed(two_half, 32, 0, false, 32, Rounding::TieEven, e); });
  CHECK(r.v == 2);
  CHECK(r.flags == kIxc);
  r = run(kRN, [&](Env& e) { return to_fixed(0xBFC00000, 32, 0, true, 32, Rounding::TieEven, e); });
  CHECK(r.v == 0);  // -1.5 rounds to -2: below the unsigned range
  CHECK(r.flags == kIoc);
  r = run(kRN, [&](Env& e) { return to_fixed(0xBE99999A, 32, 0, true, 64, Rounding::Zero, e); });
  CHECK(r.v == 0);  // -0.3 toward zero: 0, inexact only
  CHECK(r.flags == kIxc);
  r = run(kRN, [&](Env& e) { return to_fixed(0x4F32D05E, 32, 0, false, 32, Rounding::Zero, e); });
  CHECK(r.v == 0x7FFFFFFF);  // 3e9
  CHECK(r.flags == kIoc);
  r = run(kRN, [&](Env& e) { return to_fixed(0xCF32D05E, 32, 0, false, 64, Rounding::Zero, e); });
  CHECK(r.v == static_cast<uint64_t>(-3000000000ll));
  CHECK(r.flags == 0);
  r = run(kRN, [&](Env& e) { return to_fixed(kQNaN32, 32, 0, false, 32, Rounding::Zero, e); });
  CHECK(r.v == 0);
  CHECK(r.flags == kIoc);
  CHECK(run(kRN, [&](Env& e) {
          return to_fixed(0x3FA00000, 32, 2, false, 32, Rounding::Zero, e);
        }).v == 5);  // 1.25 * 4
  r = run(kRN,
          [&](Env& e) { return to_fixed(0x43F0000000000000, 64, 0, true, 64, Rounding::Zero, e); });
  CHECK(r.v == ~uint64_t{0});  // 2^64
  CHECK(r.flags == kIoc);

  r = run(kRN, [&](Env& e) {
    return from_fixed(0x7FFFFFFFFFFFFFFF, 64, 0, false, 32, Rounding::TieEven, e);
  });
  CHECK(r.v == 0x5F000000);  // 2^63
  CHECK(r.flags == kIxc);
  CHECK(run(kRN, [&](Env& e) { return from_fixed(3, 32, 1, false, 32, Rounding::TieEven, e); }).v ==
        0x3FC00000);
  CHECK(run(kRN, [&](Env& e) {
          return from_fixed(0xFFFFFFFF, 32, 0, false, 64, Rounding::TieEven, e);
        }).v == 0xBFF0000000000000);
  CHECK(run(kRN, [&](Env& e) {
          return from_fixed(0xFFFFFFFF, 32, 0, true, 64, Rounding::TieEven, e);
        }).v == 0x41EFFFFFFFE00000);
  CHECK(run(kRN, [&](Env& e) { return from_fixed(0, 64, 3, false, 64, Rounding::NegInf, e); }).v ==
        0);
}

TEST_CASE("FP estimates and steps", "[fp]") {
  // FRECPE(1.0) = FRSQRTE(1.0) = 511/512
  CHECK(run(kRN, [&](Env& e) { return recip_estimate(kOne32, 32, e); }).v == 0x3F7F8000);
  CHECK(run(kRN, [&](Env& e) { return rsqrt_estimate(kOne32, 32, e); }).v == 0x3F7F8000);
  // FRSQRTE(4.0): odd exponent 129, scaled 128, estimate 511: 511/1024
  CHECK(run(kRN, [&](Env& e) { return rsqrt_estimate(0x40800000, 32, e); }).v == 0x3EFF8000);
  R r = run(kRN, [&](Env& e) { return recip_estimate(0x80000000, 32, e); });
  CHECK(r.v == 0xFF800000);
  CHECK(r.flags == kDzc);
  r = run(kRN, [&](Env& e) { return rsqrt_estimate(0xBF800000, 32, e); });
  CHECK(r.v == 0x7FC00000);
  CHECK(r.flags == kIoc);
  // a reciprocal that overflows: 2^-130 (a denormal)
  r = run(kRZ, [&](Env& e) { return recip_estimate(0x00080000, 32, e); });
  CHECK(r.v == 0x7F7FFFFF);
  CHECK(r.flags == (kOfc | kIxc));
  // FZ and a large operand: the reciprocal is tiny
  r = run(kFpcrFz, [&](Env& e) { return recip_estimate(0x7E800000, 32, e); });
  CHECK(r.v == 0);
  CHECK(r.flags == kUfc);
  CHECK(run(kRN, [&](Env& e) { return recip_estimate(kOne64, 64, e); }).v == 0x3FEFF00000000000);
  CHECK(unsigned_recip_estimate(0x80000000) == 0xFF800000);
  CHECK(unsigned_recip_estimate(0x7FFFFFFF) == 0xFFFFFFFF);
  CHECK(unsigned_rsqrt_estimate(0x3FFFFFFF) == 0xFFFFFFFF);
  CHECK(unsigned_rsqrt_estimate(0x40000000) == 0xFF800000);

  CHECK(run(kRN, [&](Env& e) { return recip_step(kOne32, kOne32, 32, e); }).v == kOne32);
  CHECK(run(kRN, [&](Env& e) { return recip_step(kInf32, 0, 32, e); }).v == kTwo32);
  CHECK(run(kRN, [&](Env& e) { return rsqrt_step(kOne32, kOne32, 32, e); }).v == kOne32);
  CHECK(run(kRN, [&](Env& e) { return rsqrt_step(0, 0xFF800000, 32, e); }).v == 0x3FC00000);
  // (3 - (-1.5 * 2^64) * 2^64) / 2 = 1.5 * 2^127 + 1.5: finite, though 3 - a * b is not
  r = run(kRN, [&](Env& e) { return rsqrt_step(0xDFC00000, 0x5F800000, 32, e); });
  CHECK(r.v == 0x7F400000);
  CHECK(r.flags == kIxc);
  CHECK(run(kRN, [&](Env& e) { return recpx(kOne32, 32, e); }).v == kTwo32);
  CHECK(run(kRN, [&](Env& e) { return recpx(0x80000000, 32, e); }).v == 0xFF000000);
  R x = run(kRN, [&](Env& e) { return mulx(kInf32, 0x80000000, 32, e); });
  CHECK(x.v == 0xC0000000);
  CHECK(x.flags == 0);
}

namespace {

// An operand for the vector test: mostly numbers whose operations stay well inside the
// normal range (the vector fast case), otherwise values at and past its edges.
uint64_t vec_operand(uint64_t& s, unsigned esize) {
  auto next = [&] {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  };
  const unsigned fbits = esize == 64 ? 52 : 23, ebits = esize == 64 ? 11 : 8;
  const uint64_t emax = (uint64_t{1} << ebits) - 1, bias = emax >> 1;
  const uint64_t r = next(), frac = next() & ((uint64_t{1} << fbits) - 1);
  const uint64_t sign = (r & 1) << (esize - 1);
  uint64_t exp;
  switch ((r >> 1) % 16) {
    case 0:  // zero, denormal, infinity, NaN
      return sign | ((r >> 8) & 1 ? emax << fbits : 0) | ((r >> 9) & 1 ? frac : 0);
    case 1:  // any exponent
      exp = (r >> 8) % (emax + 1);
      break;
    case 2:  // near the bottom of the normal range
      exp = 1 + (r >> 8) % 4;
      break;
    case 3:  // near the top
      exp = emax - 1 - (r >> 8) % 4;
      break;
    default:  // around one
      exp = bias - 8 + (r >> 8) % 17;
      break;
  }
  return sign | exp << fbits | frac;
}

uint64_t lane_of(const uint64_t v[2], unsigned i, unsigned esize) {
  const unsigned per_word = 64 / esize;
  const uint64_t mask = esize == 64 ? ~0ull : (uint64_t{1} << esize) - 1;
  return (v[i / per_word] >> (i % per_word * esize)) & mask;
}

}  // namespace

TEST_CASE("FP vec_fast gives what the element operations give lane by lane", "[fp]") {
  // Every lane through the element operation, in order, with one Env as the
  // instruction bodies do; vec_fast must agree wherever it answers, and must leave r
  // and the Env alone where it declines.
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  unsigned answered = 0, declined = 0;
  for (const VecOp op :
       {VecOp::Add, VecOp::Sub, VecOp::Mul, VecOp::Div, VecOp::MulAdd, VecOp::MulSub}) {
    for (const unsigned esize : {32u, 64u}) {
      for (unsigned lanes = 1; lanes <= 128 / esize; lanes *= 2) {
        for (int iter = 0; iter < 4000; ++iter) {
          const uint32_t fpcr = (iter % 8 == 0) ? kRZ : (iter % 8 == 1) ? kFpcrFz : 0;
          const uint32_t fpsr = iter % 3 == 0 ? 0 : kIxc;
          uint64_t v[3][2];
          for (auto& reg : v)
            for (auto& w : reg) {
              w = esize == 64 ? vec_operand(seed, 64)
                              : vec_operand(seed, 32) | vec_operand(seed, 32) << 32;
            }
          Env ref{fpcr, 0, fpsr};
          uint64_t want[2] = {0, 0};
          for (unsigned i = 0; i < lanes; ++i) {
            const uint64_t a = lane_of(v[0], i, esize), b = lane_of(v[1], i, esize);
            const uint64_t c = lane_of(v[2], i, esize);
            uint64_t x = 0;
            switch (op) {
              case VecOp::Add:
                x = add(a, b, esize, ref);
                break;
              case VecOp::Sub:
                x = sub(a, b, esize, ref);
                break;
              case VecOp::Mul:
                x = mul(a, b, esize, ref);
                break;
              case VecOp::Div:
                x = div(a, b, esize, ref);
                break;
              case VecOp::MulAdd:
                x = muladd(c, a, b, esize, ref);
                break;
              case VecOp::MulSub:
                x = muladd(c, neg(a, esize), b, esize, ref);
                break;
            }
            want[i * esize / 64] |= x << (i * esize % 64);
          }
          Env env{fpcr, 0, fpsr};
          uint64_t got[2] = {0x1111, 0x2222};
          if (vec_fast(op, esize, lanes, v[0], v[1], v[2], got, env)) {
            ++answered;
            INFO("op " << static_cast<int>(op) << " esize " << esize << " lanes " << lanes
                       << " iter " << iter);
            REQUIRE(got[0] == want[0]);
            REQUIRE(got[1] == want[1]);
            REQUIRE(env.flags == ref.flags);
          } else {
            ++declined;
            REQUIRE(got[0] == 0x1111);
            REQUIRE(got[1] == 0x2222);
            REQUIRE(env.flags == 0);
          }
        }
      }
    }
  }
  // Both ways were taken many times: the comparison above says something.
  CHECK(answered > 20000);
  CHECK(declined > 20000);
}
