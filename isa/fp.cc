// Floating-point arithmetic with the Arm architecture's semantics (see isa/fp.h). The
// comments name the Arm ARM pseudocode functions each piece follows.
#include "isa/fp.h"

#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace isa::fp {

namespace {

using u128 = unsigned __int128;

// An interchange format: exponent and fraction widths, bias.
struct Fmt {
  unsigned esize, ebits, fbits;
  int bias;
  constexpr uint64_t exp_mask() const { return ((uint64_t{1} << ebits) - 1) << fbits; }
  constexpr uint64_t frac_mask() const { return (uint64_t{1} << fbits) - 1; }
  constexpr uint64_t quiet_bit() const { return uint64_t{1} << (fbits - 1); }
  constexpr uint64_t sign() const { return uint64_t{1} << (esize - 1); }
  constexpr int min_exp() const { return 1 - bias; }  // the exponent of the smallest normal
  constexpr uint64_t min_normal() const { return uint64_t{1} << fbits; }
  constexpr uint64_t infinity(bool s) const { return (s ? sign() : 0) | exp_mask(); }
  constexpr uint64_t zero(bool s) const { return s ? sign() : 0; }
};

constexpr Fmt kHalf{16, 5, 10, 15};
constexpr Fmt kSingle{32, 8, 23, 127};
constexpr Fmt kDouble{64, 11, 52, 1023};

constexpr const Fmt& fmt(unsigned esize) {
  return esize == 64 ? kDouble : esize == 32 ? kSingle : kHalf;
}

uint64_t max_normal_bits(const Fmt& f, bool s) {
  // The largest exponent below all-ones, every fraction bit set.
  return f.zero(s) | (f.exp_mask() - (uint64_t{1} << f.fbits)) | f.frac_mask();
}

enum class Kind : uint8_t { Zero, Finite, Inf, QNaN, SNaN };

// FPUnpack: the kind, sign and (for Finite) the value mant * 2^exp, mant != 0.
struct Unpacked {
  Kind kind;
  bool sign;
  uint64_t mant = 0;
  int exp = 0;
  uint64_t mag = 0;  // the magnitude bits (0 for a zero, flushed ones included)
  bool nan() const { return kind == Kind::QNaN || kind == Kind::SNaN; }
  bool zero() const { return kind == Kind::Zero; }
  bool inf() const { return kind == Kind::Inf; }
};

// FPUnpackBase. `flush`: FPCR.FZ applies to this operand (a denormal reads as zero and
// raises input denormal). `alt16`: Arm's alternative half precision (no infinities or
// NaNs; exponent 31 is a normal exponent).
Unpacked unpack(uint64_t x, const Fmt& f, bool flush, Env& env, bool alt16 = false) {
  const bool s = (x & f.sign()) != 0;
  const uint64_t e = (x & f.exp_mask()) >> f.fbits;
  const uint64_t frac = x & f.frac_mask();
  if (e == 0) {
    if (frac == 0) return {Kind::Zero, s};
    if (flush) {
      env.flags |= kIdc;
      return {Kind::Zero, s};
    }
    return {Kind::Finite, s, frac, f.min_exp() - static_cast<int>(f.fbits), frac};
  }
  if (e == (f.exp_mask() >> f.fbits) && !alt16) {
    if (frac == 0) return {Kind::Inf, s, 0, 0, x & ~f.sign()};
    return {(frac & f.quiet_bit()) ? Kind::QNaN : Kind::SNaN, s};
  }
  return {Kind::Finite, s, frac | f.min_normal(),
          static_cast<int>(e) - f.bias - static_cast<int>(f.fbits), x & ~f.sign()};
}

Unpacked unpack(uint64_t x, unsigned esize, Env& env) {
  return unpack(x, fmt(esize), env.fz(), env);
}

// FPProcessNaN.
uint64_t process_nan(const Unpacked& u, uint64_t x, const Fmt& f, Env& env) {
  if (u.kind == Kind::SNaN) {
    env.flags |= kIoc;
    x |= f.quiet_bit();
  }
  return env.dn() ? default_nan(f.esize) : x;
}

// FPProcessNaNs / FPProcessNaNs3: the first signalling NaN, else the first quiet NaN.
// False when no operand is a NaN.
bool process_nans(const Unpacked* u, const uint64_t* x, unsigned n, const Fmt& f, Env& env,
                  uint64_t& result) {
  for (unsigned i = 0; i < n; ++i) {
    if (u[i].kind == Kind::SNaN) {
      result = process_nan(u[i], x[i], f, env);
      return true;
    }
  }
  for (unsigned i = 0; i < n; ++i) {
    if (u[i].kind == Kind::QNaN) {
      result = process_nan(u[i], x[i], f, env);
      return true;
    }
  }
  return false;
}

// Whether a rounding mode sends an overflow to infinity (else to the largest normal).
bool overflow_to_inf(Rounding r, bool sign) {
  switch (r) {
    case Rounding::TieEven:
    case Rounding::TieAway:
      return true;
    case Rounding::PosInf:
      return !sign;
    case Rounding::NegInf:
      return sign;
    default:
      return false;
  }
}

// Whether to add one to the truncated magnitude `q`, the discarded part compared with
// half a unit: cmp < 0 below, 0 exactly half, > 0 above; `inexact` when non-zero.
bool round_up(Rounding r, bool sign, uint64_t q, int cmp, bool inexact) {
  switch (r) {
    case Rounding::TieEven:
      return cmp > 0 || (cmp == 0 && (q & 1));
    case Rounding::TieAway:
      return cmp >= 0;
    case Rounding::PosInf:
      return inexact && !sign;
    case Rounding::NegInf:
      return inexact && sign;
    default:
      return false;
  }
}

int bit_width128(u128 x) {
  const uint64_t hi = static_cast<uint64_t>(x >> 64);
  return hi ? 64 + std::bit_width(hi) : std::bit_width(static_cast<uint64_t>(x));
}

// x >> shift (shift >= 0, any size), with the discarded part compared with half of the
// unit: *cmp as in round_up(), *inexact when anything was discarded.
u128 shift_right(u128 x, int shift, int& cmp, bool& inexact) {
  if (shift <= 0) {
    cmp = -1;
    inexact = false;
    return x;
  }
  if (shift > 128) {
    cmp = -1;
    inexact = x != 0;
    return 0;
  }
  const u128 q = shift == 128 ? 0 : x >> shift;
  const u128 rem = shift == 128 ? x : x & ((u128{1} << shift) - 1);
  const u128 half = u128{1} << (shift - 1);
  cmp = rem < half ? -1 : rem == half ? 0 : 1;
  inexact = rem != 0;
  return q;
}

// FPRoundBase: the value (-1)^sign * mant * 2^exp (mant != 0) rounded to f. `flush`:
// FPCR.FZ applies to the result (tiny results become zero, raising underflow only).
// `alt16`: the result is Arm's alternative half precision.
uint64_t round_pack(bool sign, u128 mant, int exp, const Fmt& f, Rounding r, bool flush, bool alt16,
                    Env& env) {
  const int F = static_cast<int>(f.fbits);
  const int top = bit_width128(mant) - 1 + exp;  // the value is in [2^top, 2^(top+1))
  if (flush && top < f.min_exp()) {
    env.flags |= kUfc;
    return f.zero(sign);
  }
  int biased = top - f.min_exp() + 1;
  const bool tiny = biased <= 0;
  if (tiny) biased = 0;
  // The unit in the last place: 2^(top - F) for a normal result, 2^(min_exp - F) for a
  // denormal one.
  const int ulp = (tiny ? f.min_exp() : top) - F;
  int cmp;
  bool inexact;
  u128 q;
  if (ulp >= exp) {
    q = shift_right(mant, ulp - exp, cmp, inexact);
  } else {
    q = mant << (exp - ulp);  // exact; fits, as the result has at most F + 1 bits
    cmp = -1;
    inexact = false;
  }
  uint64_t m = static_cast<uint64_t>(q);
  if (tiny && inexact) env.flags |= kUfc;
  if (r == Rounding::Odd) {
    if (inexact) m |= 1;
  } else if (round_up(r, sign, m, cmp, inexact)) {
    ++m;
    if (biased == 0 && m == (uint64_t{1} << F)) biased = 1;  // rounded up to the normals
    if (m == (uint64_t{1} << (F + 1))) {
      m >>= 1;
      ++biased;
    }
  }
  const int max_biased = static_cast<int>((f.exp_mask() >> f.fbits));
  if (alt16) {
    if (biased > max_biased) {
      env.flags |= kIoc;
      return f.zero(sign) | 0x7FFF;
    }
  } else if (biased >= max_biased) {
    env.flags |= kOfc | kIxc;
    return overflow_to_inf(r, sign) ? f.infinity(sign) : max_normal_bits(f, sign);
  }
  if (inexact) env.flags |= kIxc;
  return f.zero(sign) | (static_cast<uint64_t>(biased) << f.fbits) | (m & f.frac_mask());
}

// ---- the host's IEEE 754 arithmetic under a chosen rounding mode ----

// Keeps the compiler from moving a floating-point operation across the changes of the
// host's floating-point environment around it.
template <typename T>
inline void pin(T& v) {
  asm volatile("" : "+m"(v));
}

#if defined(__x86_64__)
// The SSE control/status register: rounding control (bits 14:13), flags (5:0).
class HostEnv {
 public:
  explicit HostEnv(Rounding r) : saved_(_mm_getcsr()) {
    static constexpr uint32_t kRc[4] = {0x0000, 0x4000, 0x2000, 0x6000};  // RN RP RM RZ
    // Flags cleared, rounding set, flush-to-zero (15) and denormals-are-zero (6) off.
    _mm_setcsr((saved_ & ~0xE07Fu) | kRc[static_cast<unsigned>(r) & 3]);
  }
  ~HostEnv() { _mm_setcsr(saved_); }
  HostEnv(const HostEnv&) = delete;
  HostEnv& operator=(const HostEnv&) = delete;
  // The Arm flags of the host's invalid, divide-by-zero, overflow and inexact flags.
  uint32_t flags() const {
    const uint32_t csr = _mm_getcsr();
    return ((csr & 0x01) ? kIoc : 0) | ((csr & 0x04) ? kDzc : 0) | ((csr & 0x08) ? kOfc : 0) |
           ((csr & 0x20) ? kIxc : 0);
  }

 private:
  uint32_t saved_;
};
#endif

// The C floating-point environment, for the host's fma (which may be a library routine
// that reads the rounding mode from it) and for hosts other than x86-64.
class CEnv {
 public:
  explicit CEnv(Rounding r) : saved_(std::fegetround()) {
    static constexpr int kModes[4] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    std::fesetround(kModes[static_cast<unsigned>(r) & 3]);
    std::feclearexcept(FE_ALL_EXCEPT);
  }
  ~CEnv() {
    std::feclearexcept(FE_ALL_EXCEPT);
    std::fesetround(saved_);
  }
  CEnv(const CEnv&) = delete;
  CEnv& operator=(const CEnv&) = delete;
  uint32_t flags() const {
    const int e = std::fetestexcept(FE_ALL_EXCEPT);
    return ((e & FE_INVALID) ? kIoc : 0) | ((e & FE_DIVBYZERO) ? kDzc : 0) |
           ((e & FE_OVERFLOW) ? kOfc : 0) | ((e & FE_INEXACT) ? kIxc : 0);
  }

 private:
  int saved_;
};

#if defined(__x86_64__)
using ArithEnv = HostEnv;
#else
using ArithEnv = CEnv;
#endif

enum class Op : uint8_t { Add, Sub, Mul, Div, Sqrt, Fma };

#if defined(__x86_64__)
// The fused multiply-add instruction of the host's FMA extension, which rounds as MXCSR
// says; used where the host has it (otherwise the C library's fma under <cfenv>).
__attribute__((target("fma"))) double fma_insn(double a, double b, double c) {
  return __builtin_fma(a, b, c);
}
__attribute__((target("fma"))) float fma_insn(float a, float b, float c) {
  return __builtin_fmaf(a, b, c);
}
// Known once, before any instruction runs (a function-local static would test its
// guard on every fused multiply-add).
const bool kHostHasFma = (__builtin_cpu_init(), __builtin_cpu_supports("fma"));
inline bool host_has_fma() { return kHostHasFma; }
#endif

template <typename T>
T host_op(Op op, T a, T b, T c) {
  pin(a);
  pin(b);
  pin(c);
  T r;
  switch (op) {
    case Op::Add:
      r = a + b;
      break;
    case Op::Sub:
      r = a - b;
      break;
    case Op::Mul:
      r = a * b;
      break;
    case Op::Div:
      r = a / b;
      break;
    case Op::Sqrt:
      r = std::sqrt(a);
      break;
    default:
#if defined(__x86_64__)
      if (host_has_fma()) {
        r = fma_insn(a, b, c);
        break;
      }
#endif
      r = std::fma(a, b, c);
      break;
  }
  pin(r);
  return r;
}

template <typename T>
T host_run(Op op, T a, T b, T c, Rounding r, uint32_t& flags) {
#if defined(__x86_64__)
  const bool library_fma = op == Op::Fma && !host_has_fma();
#else
  const bool library_fma = op == Op::Fma;
#endif
  if (library_fma) {
    CEnv e(r);
    const T v = host_op(op, a, b, c);
    flags = e.flags();
    return v;
  }
  ArithEnv e(r);
  const T v = host_op(op, a, b, c);
  flags = e.flags();
  return v;
}

// A fused multiply-add that is exact to the last bit whatever the host: the error terms
// of the fast path below.
template <typename T>
T exact_fma(T a, T b, T c) {
#if defined(__x86_64__)
  if (host_has_fma()) return fma_insn(a, b, c);
#endif
  return std::fma(a, b, c);
}

// The common case without touching the host's floating-point environment (whose
// control register writes stall the host's pipeline): round to nearest, a result that
// is a normal number well clear of underflow and overflow, so that the only flag it can
// raise is inexact. That is known without the host's flags where FPSR.IXC is already
// set; otherwise the rounding error is computed exactly (TwoSum, or the fused
// multiply-add residual of a product, quotient or square root) where it is
// representable, which the exponent bounds below ensure. False: take the general path.
template <typename T, typename Bits>
[[gnu::always_inline]] inline bool fast_arith(Op op, T x, T y, T z, const Fmt& f, Env& env,
                                              uint64_t& out) {
  const int emax = static_cast<int>(f.exp_mask() >> f.fbits);
  const int fb = static_cast<int>(f.fbits);
  auto e = [&](T t) {
    return static_cast<int>((std::bit_cast<Bits>(t) & f.exp_mask()) >> f.fbits);
  };
  const bool ixc_known = ((env.flags | env.fpsr) & kIxc) != 0;
  T v;
  bool inexact = true;
  switch (op) {
    case Op::Add:
    case Op::Sub: {
      const T yy = op == Op::Sub ? -y : y;
      v = x + yy;
      // (operands below the top binade: TwoSum's intermediate differences stay finite)
      if (e(v) < 2 || e(v) >= emax || e(x) >= emax - 1 || e(y) >= emax - 1) return false;
      if (!ixc_known) {  // TwoSum: exact in round to nearest without overflow
        const T bb = v - x;
        inexact = (x - (v - bb)) + (yy - bb) != 0;
      }
      break;
    }
    case Op::Mul:
      v = x * y;
      if (e(v) < fb + 2 || e(v) >= emax || e(x) == 0 || e(y) == 0) return false;
      if (!ixc_known) inexact = exact_fma(x, y, -v) != 0;
      break;
    case Op::Div:
      v = x / y;
      if (e(v) < 2 || e(v) >= emax || e(x) == 0 || e(y) == 0 || e(v) + e(y) < f.bias + fb + 2)
        return false;
      if (!ixc_known) inexact = exact_fma(-v, y, x) != 0;
      break;
    case Op::Sqrt:
      v = std::sqrt(x);
      if (e(v) < (f.bias + fb) / 2 + 2 || e(v) >= emax) return false;
      if (!ixc_known) inexact = exact_fma(-v, v, x) != 0;
      break;
    default:  // Fma: no cheap exact error; only where inexact is known
      if (!ixc_known) return false;
      v = exact_fma(x, y, z);
      if (e(v) < 2 || e(v) >= emax) return false;
      break;
  }
  if (inexact) env.flags |= kIxc;
  out = std::bit_cast<Bits>(v);
  return true;
}

template <typename T, typename Bits>
uint64_t arith_t(Op op, uint64_t a, uint64_t b, uint64_t c, const Fmt& f, Env& env) {
  const Rounding r = env.rounding();
  if (r == Rounding::TieEven) {
    uint64_t out;
    if (fast_arith<T, Bits>(op, std::bit_cast<T>(static_cast<Bits>(a)),
                            std::bit_cast<T>(static_cast<Bits>(b)),
                            std::bit_cast<T>(static_cast<Bits>(c)), f, env, out))
      return out;
  }
  uint32_t hflags = 0;
  const T x = std::bit_cast<T>(static_cast<Bits>(a));
  const T y = std::bit_cast<T>(static_cast<Bits>(b));
  const T z = std::bit_cast<T>(static_cast<Bits>(c));
  const T v = host_run(op, x, y, z, r, hflags);
  uint64_t bits = std::bit_cast<Bits>(v);
  if (std::isnan(v)) {  // an invalid operation: the operands were not NaNs
    env.flags |= kIoc;
    return default_nan(f.esize);
  }
  env.flags |= hflags & (kIoc | kDzc | kOfc);
  const bool inexact = (hflags & kIxc) != 0;
  const uint64_t mag = bits & ~f.sign();
  // Underflow is detected before rounding: the exact result is below the smallest
  // normal. A rounded result below it was; one equal to it (rounded up to it) was when
  // the result rounded toward zero is below it.
  bool tiny = mag < f.min_normal() && (mag != 0 || inexact);
  if (mag == f.min_normal() && inexact) {
    uint32_t ignored;
    const T t = host_run(op, x, y, z, Rounding::Zero, ignored);
    tiny = (std::bit_cast<Bits>(t) & ~f.sign()) < f.min_normal();
  }
  if (tiny && env.fz()) {  // flushed to zero: underflow, not inexact
    env.flags |= kUfc;
    return bits & f.sign();
  }
  if (tiny && inexact) env.flags |= kUfc;
  if (inexact) env.flags |= kIxc;
  return bits;
}

// The host operation on operands that are not NaNs (already flushed where FZ applies).
uint64_t arith(Op op, uint64_t a, uint64_t b, uint64_t c, const Fmt& f, Env& env) {
  if (f.esize == 64) return arith_t<double, uint64_t>(op, a, b, c, f, env);
  return arith_t<float, uint32_t>(op, a, b, c, f, env);
}

// A normal number or a zero: an operand the arithmetic takes as it is.
constexpr bool plain(uint64_t x, const Fmt& f) {
  const uint64_t e = (x & f.exp_mask()) >> f.fbits;
  return e - 1 < (f.exp_mask() >> f.fbits) - 1 || (x & ~f.sign()) == 0;
}

// The common case of add, sub, mul, div and muladd in one inlined piece per format:
// round to nearest, operands that are normal numbers or zeros (so FZ, DN and the NaN
// rules have nothing to do) and a result that fast_arith accepts. False: the general
// path, which gives the same result more slowly.
template <typename T, typename Bits>
[[gnu::always_inline]] inline bool fast_entry(Op op, uint64_t a, uint64_t b, uint64_t c, Env& env,
                                              uint64_t& out) {
  constexpr const Fmt& f = sizeof(T) == 8 ? kDouble : kSingle;
  if (env.rounding() != Rounding::TieEven || !plain(a, f) || !plain(b, f) ||
      (op == Op::Fma && !plain(c, f)))
    return false;
  return fast_arith<T, Bits>(op, std::bit_cast<T>(static_cast<Bits>(a)),
                             std::bit_cast<T>(static_cast<Bits>(b)),
                             std::bit_cast<T>(static_cast<Bits>(c)), f, env, out);
}

[[gnu::always_inline]] inline bool fast(Op op, uint64_t a, uint64_t b, uint64_t c, unsigned esize,
                                        Env& env, uint64_t& out) {
  if (esize == 32) return fast_entry<float, uint32_t>(op, a, b, c, env, out);
  if (esize == 64) return fast_entry<double, uint64_t>(op, a, b, c, env, out);
  return false;
}

// An operand as the arithmetic sees it: flushed to a signed zero when FZ applies.
uint64_t flushed(uint64_t x, const Unpacked& u, const Fmt& f) {
  return u.kind == Kind::Zero ? f.zero(u.sign) : x;
}

[[gnu::noinline]] uint64_t binary(Op op, uint64_t a, uint64_t b, unsigned esize, Env& env) {
  const Fmt& f = fmt(esize);
  if (plain(a, f) && plain(b, f)) return arith(op, a, b, 0, f, env);
  const Unpacked u[2] = {unpack(a, esize, env), unpack(b, esize, env)};
  const uint64_t x[2] = {a, b};
  uint64_t result;
  if (process_nans(u, x, 2, f, env, result)) return result;
  return arith(op, flushed(a, u[0], f), flushed(b, u[1], f), 0, f, env);
}

uint64_t constant(const Fmt& f, double v) {
  return f.esize == 64 ? std::bit_cast<uint64_t>(v)
                       : std::bit_cast<uint32_t>(static_cast<float>(v));
}

// The values of two operands that are not NaNs compared: -1, 0, 1. The magnitude bits
// of an IEEE format order as the magnitudes do (the infinities last).
int compare_values(const Unpacked& a, const Unpacked& b) {
  const int64_t x = a.sign ? -static_cast<int64_t>(a.mag) : static_cast<int64_t>(a.mag);
  const int64_t y = b.sign ? -static_cast<int64_t>(b.mag) : static_cast<int64_t>(b.mag);
  return x < y ? -1 : x > y ? 1 : 0;
}

uint64_t max_min(uint64_t a, uint64_t b, unsigned esize, bool is_max, Env& env) {
  const Fmt& f = fmt(esize);
  const Unpacked u[2] = {unpack(a, esize, env), unpack(b, esize, env)};
  const uint64_t x[2] = {a, b};
  uint64_t result;
  if (process_nans(u, x, 2, f, env, result)) return result;
  const int c = compare_values(u[0], u[1]);
  const unsigned pick = (is_max ? c > 0 : c < 0) ? 0 : 1;
  if (u[0].zero() && u[1].zero()) {
    const bool s = is_max ? (u[0].sign && u[1].sign) : (u[0].sign || u[1].sign);
    return f.zero(s);
  }
  return flushed(x[pick], u[pick], f);
}

// FPMaxNum / FPMinNum: a quiet NaN against a number (or a signalling NaN) reads as the
// infinity that loses.
uint64_t max_min_num(uint64_t a, uint64_t b, unsigned esize, bool is_max, Env& env) {
  const Fmt& f = fmt(esize);
  Env probe{env.fpcr};
  const Kind ka = unpack(a, f, false, probe).kind;
  const Kind kb = unpack(b, f, false, probe).kind;
  if (ka == Kind::QNaN && kb != Kind::QNaN)
    a = f.infinity(is_max);
  else if (ka != Kind::QNaN && kb == Kind::QNaN)
    b = f.infinity(is_max);
  return max_min(a, b, esize, is_max, env);
}

// RecipEstimate: a in [256, 512) → an estimate in [256, 512).
uint32_t recip_estimate_int(uint32_t a) {
  a = a * 2 + 1;
  const uint32_t b = (1u << 19) / a;
  return (b + 1) / 2;
}

// RecipSqrtEstimate: a in [128, 512) → an estimate in [256, 512).
uint32_t rsqrt_estimate_int(uint32_t a) {
  if (a < 256) {
    a = a * 2 + 1;
  } else {
    a = (a >> 1) << 1;
    a = (a + 1) * 2;
  }
  uint32_t b = 512;
  while (uint64_t{a} * (b + 1) * (b + 1) < (uint64_t{1} << 28)) ++b;
  return (b + 1) / 2;
}

}  // namespace

bool is_nan(uint64_t x, unsigned esize) {
  const Fmt& f = fmt(esize);
  return (x & f.exp_mask()) == f.exp_mask() && (x & f.frac_mask()) != 0;
}

uint64_t default_nan(unsigned esize) {
  const Fmt& f = fmt(esize);
  return f.exp_mask() | f.quiet_bit();
}

uint64_t add(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  uint64_t out;
  if (fast(Op::Add, a, b, 0, esize, env, out)) return out;
  return binary(Op::Add, a, b, esize, env);
}
uint64_t sub(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  uint64_t out;
  if (fast(Op::Sub, a, b, 0, esize, env, out)) return out;
  return binary(Op::Sub, a, b, esize, env);
}
uint64_t mul(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  uint64_t out;
  if (fast(Op::Mul, a, b, 0, esize, env, out)) return out;
  return binary(Op::Mul, a, b, esize, env);
}
uint64_t div(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  uint64_t out;
  if (fast(Op::Div, a, b, 0, esize, env, out)) return out;
  return binary(Op::Div, a, b, esize, env);
}

uint64_t mulx(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  const Fmt& f = fmt(esize);
  Env probe{env.fpcr};
  const Unpacked ua = unpack(a, esize, probe), ub = unpack(b, esize, probe);
  if (!ua.nan() && !ub.nan() && ((ua.inf() && ub.zero()) || (ua.zero() && ub.inf()))) {
    env.flags |= probe.flags;  // input denormal, where a zero was flushed
    return constant(f, 2.0) | f.zero(ua.sign != ub.sign);
  }
  return mul(a, b, esize, env);
}

uint64_t sqrt(uint64_t a, unsigned esize, Env& env) {
  const Fmt& f = fmt(esize);
  const Unpacked u = unpack(a, esize, env);
  if (u.nan()) return process_nan(u, a, f, env);
  return arith(Op::Sqrt, flushed(a, u, f), 0, 0, f, env);
}

namespace {
// FPMulAdd past the fast path: NaNs, infinities, denormals, rounding modes.
[[gnu::noinline]] uint64_t muladd_slow(uint64_t addend, uint64_t a, uint64_t b, unsigned esize,
                                       Env& env) {
  const Fmt& f = fmt(esize);
  if (plain(addend, f) && plain(a, f) && plain(b, f)) return arith(Op::Fma, a, b, addend, f, env);
  const Unpacked u[3] = {unpack(addend, esize, env), unpack(a, esize, env), unpack(b, esize, env)};
  const uint64_t x[3] = {addend, a, b};
  uint64_t result;
  const bool nan = process_nans(u, x, 3, f, env, result);
  // A quiet NaN addend with infinity times zero: the default NaN, invalid operation.
  if (u[0].kind == Kind::QNaN && ((u[1].inf() && u[2].zero()) || (u[1].zero() && u[2].inf()))) {
    env.flags |= kIoc;
    return default_nan(esize);
  }
  if (nan) return result;
  return arith(Op::Fma, flushed(a, u[1], f), flushed(b, u[2], f), flushed(addend, u[0], f), f, env);
}
}  // namespace

uint64_t muladd(uint64_t addend, uint64_t a, uint64_t b, unsigned esize, Env& env) {
  uint64_t out;
  if (fast(Op::Fma, a, b, addend, esize, env, out)) return out;
  return muladd_slow(addend, a, b, esize, env);
}

namespace {
// vec_fast() for one operation and format: every lane through fast_arith, the flags
// in a copy of env that is kept only when all lanes took the fast case.
template <VecOp kOp, typename T, typename Bits>
[[gnu::always_inline]] inline bool vec_lanes(unsigned lanes, const uint64_t n[2],
                                             const uint64_t m[2], const uint64_t d[2],
                                             uint64_t r[2], Env& env) {
  constexpr const Fmt& f = sizeof(T) == 8 ? kDouble : kSingle;
  constexpr unsigned kBits = 8 * sizeof(T);
  constexpr unsigned kPerWord = 64 / kBits;
  constexpr uint64_t kLane = static_cast<Bits>(~Bits{0});
  constexpr Op kArith = kOp == VecOp::Add   ? Op::Add
                        : kOp == VecOp::Sub ? Op::Sub
                        : kOp == VecOp::Mul ? Op::Mul
                        : kOp == VecOp::Div ? Op::Div
                                            : Op::Fma;
  constexpr uint64_t kFlip = kOp == VecOp::MulSub ? f.sign() : 0;
  Env e = env;
  uint64_t out[2] = {0, 0};
  for (unsigned i = 0; i < lanes; ++i) {
    const unsigned w = i / kPerWord, sh = (i % kPerWord) * kBits;
    const uint64_t a = ((n[w] >> sh) & kLane) ^ kFlip;
    const uint64_t b = (m[w] >> sh) & kLane;
    const uint64_t c = (d[w] >> sh) & kLane;
    if (!plain(a, f) || !plain(b, f) || (kArith == Op::Fma && !plain(c, f))) return false;
    uint64_t v;
    if (!fast_arith<T, Bits>(kArith, std::bit_cast<T>(static_cast<Bits>(a)),
                             std::bit_cast<T>(static_cast<Bits>(b)),
                             std::bit_cast<T>(static_cast<Bits>(c)), f, e, v))
      return false;
    out[w] |= v << sh;
  }
  r[0] = out[0];
  r[1] = out[1];
  env.flags = e.flags;
  return true;
}

template <typename T, typename Bits>
[[gnu::always_inline]] inline bool vec_ops(VecOp op, unsigned lanes, const uint64_t n[2],
                                           const uint64_t m[2], const uint64_t d[2], uint64_t r[2],
                                           Env& env) {
  switch (op) {
    case VecOp::Add:
      return vec_lanes<VecOp::Add, T, Bits>(lanes, n, m, d, r, env);
    case VecOp::Sub:
      return vec_lanes<VecOp::Sub, T, Bits>(lanes, n, m, d, r, env);
    case VecOp::Mul:
      return vec_lanes<VecOp::Mul, T, Bits>(lanes, n, m, d, r, env);
    case VecOp::Div:
      return vec_lanes<VecOp::Div, T, Bits>(lanes, n, m, d, r, env);
    case VecOp::MulAdd:
      return vec_lanes<VecOp::MulAdd, T, Bits>(lanes, n, m, d, r, env);
    case VecOp::MulSub:
      return vec_lanes<VecOp::MulSub, T, Bits>(lanes, n, m, d, r, env);
  }
  return false;
}

[[gnu::noinline]] bool vec_formats(VecOp op, unsigned esize, unsigned lanes, const uint64_t n[2],
                                   const uint64_t m[2], const uint64_t d[2], uint64_t r[2],
                                   Env& env) {
  if (esize == 32) return vec_ops<float, uint32_t>(op, lanes, n, m, d, r, env);
  if (esize == 64) return vec_ops<double, uint64_t>(op, lanes, n, m, d, r, env);
  return false;
}

#if defined(__x86_64__)
// Where FPSR.IXC is already set (floating-point code sets it early, and it stays set),
// the fast case of Add, Sub, Mul and the multiply-adds needs no exact error term: all
// lanes are then computed and checked at once in the host's vector registers, under the
// conditions fast_arith() sets for each lane. Lanes past `lanes` are computed too, on
// whatever those bits hold, and then ignored (the host raises no trap and its flags are
// not read here). Compiled for hosts with the FMA extension.
using S32x4 = int32_t __attribute__((vector_size(16)));
using S64x2 = int64_t __attribute__((vector_size(16)));
template <typename T>
struct HostVec;
template <>
struct HostVec<float> {
  using S = S32x4;
  using F = __m128;
  static constexpr unsigned kLanes = 4;
};
template <>
struct HostVec<double> {
  using S = S64x2;
  using F = __m128d;
  static constexpr unsigned kLanes = 2;
};

// The checks compare magnitudes (the sign bit cleared), which order as signed integers
// do: an exponent field in [lo, hi) is a magnitude in [lo << fbits, hi << fbits).
template <VecOp kOp, typename T>
[[gnu::always_inline]] __attribute__((target("fma"))) inline bool vec_simd(
    unsigned lanes, const uint64_t n[2], const uint64_t m[2], const uint64_t d[2], uint64_t r[2],
    Env& env) {
  using S = typename HostVec<T>::S;
  using F = typename HostVec<T>::F;
  using E = std::remove_reference_t<decltype(S{}[0])>;
  constexpr const Fmt& f = sizeof(T) == 8 ? kDouble : kSingle;
  constexpr E kSign = static_cast<E>(f.sign());
  constexpr E kMinNormal = E{1} << f.fbits;  // the magnitude of exponent field 1
  constexpr E kInf = static_cast<E>(f.exp_mask());
  S a, b, c;
  std::memcpy(&a, n, 16);
  std::memcpy(&b, m, 16);
  std::memcpy(&c, d, 16);
  if constexpr (kOp == VecOp::MulSub) a ^= kSign;
  S live;
  for (unsigned i = 0; i < HostVec<T>::kLanes; ++i) live[i] = i < lanes ? -1 : 0;
  const S ma = a & ~kSign, mb = b & ~kSign;
  // plain(): a normal number or a zero.
  const auto plain_lanes = [&](S mag) { return (mag >= kMinNormal && mag < kInf) | (mag == 0); };
  S ok = plain_lanes(ma) & plain_lanes(mb);
  if constexpr (kOp == VecOp::MulAdd || kOp == VecOp::MulSub) ok &= plain_lanes(c & ~kSign);
  const F x = std::bit_cast<F>(a), y = std::bit_cast<F>(b), z = std::bit_cast<F>(c);
  F v;
  if constexpr (std::is_same_v<T, float>) {
    if constexpr (kOp == VecOp::Add) v = _mm_add_ps(x, y);
    if constexpr (kOp == VecOp::Sub) v = _mm_sub_ps(x, y);
    if constexpr (kOp == VecOp::Mul) v = _mm_mul_ps(x, y);
    if constexpr (kOp == VecOp::MulAdd || kOp == VecOp::MulSub) v = _mm_fmadd_ps(x, y, z);
  } else {
    if constexpr (kOp == VecOp::Add) v = _mm_add_pd(x, y);
    if constexpr (kOp == VecOp::Sub) v = _mm_sub_pd(x, y);
    if constexpr (kOp == VecOp::Mul) v = _mm_mul_pd(x, y);
    if constexpr (kOp == VecOp::MulAdd || kOp == VecOp::MulSub) v = _mm_fmadd_pd(x, y, z);
  }
  const S result = std::bit_cast<S>(v);
  const S mr = result & ~kSign;
  // The bounds of fast_arith(): a result exponent in [2, emax) ([fbits + 2, emax) for a
  // product, whose operands are not zeros), and operands of a sum below the top binade.
  if constexpr (kOp == VecOp::Add || kOp == VecOp::Sub) {
    ok &=
        (mr >= 2 * kMinNormal) & (mr < kInf) & (ma < kInf - kMinNormal) & (mb < kInf - kMinNormal);
  } else if constexpr (kOp == VecOp::Mul) {
    ok &= (mr >= static_cast<E>(f.fbits + 2) * kMinNormal) & (mr < kInf) & (ma >= kMinNormal) &
          (mb >= kMinNormal);
  } else {
    ok &= (mr >= 2 * kMinNormal) & (mr < kInf);
  }
  uint64_t all[2];
  const S checked = ok | ~live;
  std::memcpy(all, &checked, 16);
  if ((all[0] & all[1]) != ~0ull) return false;
  const S out = result & live;
  std::memcpy(r, &out, 16);
  env.flags |= kIxc;
  return true;
}

template <typename T>
[[gnu::always_inline]] __attribute__((target("fma"))) inline bool vec_simd_ops(
    VecOp op, unsigned lanes, const uint64_t n[2], const uint64_t m[2], const uint64_t d[2],
    uint64_t r[2], Env& env) {
  switch (op) {
    case VecOp::Add:
      return vec_simd<VecOp::Add, T>(lanes, n, m, d, r, env);
    case VecOp::Sub:
      return vec_simd<VecOp::Sub, T>(lanes, n, m, d, r, env);
    case VecOp::Mul:
      return vec_simd<VecOp::Mul, T>(lanes, n, m, d, r, env);
    case VecOp::MulAdd:
      return vec_simd<VecOp::MulAdd, T>(lanes, n, m, d, r, env);
    case VecOp::MulSub:
      return vec_simd<VecOp::MulSub, T>(lanes, n, m, d, r, env);
    case VecOp::Div:
      break;
  }
  return vec_formats(op, 8 * sizeof(T), lanes, n, m, d, r, env);
}

__attribute__((target("fma"))) bool vec_simd_fma(VecOp op, unsigned esize, unsigned lanes,
                                                 const uint64_t n[2], const uint64_t m[2],
                                                 const uint64_t d[2], uint64_t r[2], Env& env) {
  if (esize == 32) return vec_simd_ops<float>(op, lanes, n, m, d, r, env);
  if (esize == 64) return vec_simd_ops<double>(op, lanes, n, m, d, r, env);
  return false;
}
#endif
}  // namespace

bool vec_fast(VecOp op, unsigned esize, unsigned lanes, const uint64_t n[2], const uint64_t m[2],
              const uint64_t d[2], uint64_t r[2], Env& env) {
  if (env.rounding() != Rounding::TieEven) return false;
#if defined(__x86_64__)
  if (host_has_fma() && ((env.flags | env.fpsr) & kIxc) != 0)
    return vec_simd_fma(op, esize, lanes, n, m, d, r, env);
#endif
  return vec_formats(op, esize, lanes, n, m, d, r, env);
}

uint64_t max(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  return max_min(a, b, esize, true, env);
}
uint64_t min(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  return max_min(a, b, esize, false, env);
}
uint64_t maxnum(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  return max_min_num(a, b, esize, true, env);
}
uint64_t minnum(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  return max_min_num(a, b, esize, false, env);
}

// The start of FPRecipStepFused and FPRSqrtStepFused: the first operand negated, NaN
// operands, infinity times zero (`inf_times_zero`); true with the result when that is
// all, else the operands as the arithmetic takes them in p and q.
bool fused_step_start(uint64_t a, uint64_t b, const Fmt& f, double inf_times_zero, Env& env,
                      Unpacked (&u)[2], uint64_t& p, uint64_t& q, uint64_t& result) {
  a = neg(a, f.esize);
  u[0] = unpack(a, f.esize, env);
  u[1] = unpack(b, f.esize, env);
  const uint64_t x[2] = {a, b};
  if (process_nans(u, x, 2, f, env, result)) return true;
  if ((u[0].inf() && u[1].zero()) || (u[0].zero() && u[1].inf())) {
    result = constant(f, inf_times_zero);
    return true;
  }
  p = flushed(a, u[0], f);
  q = flushed(b, u[1], f);
  return false;
}

uint64_t recip_step(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  const Fmt& f = fmt(esize);
  Unpacked u[2];
  uint64_t p, q, result;
  if (fused_step_start(a, b, f, 2.0, env, u, p, q, result)) return result;
  return arith(Op::Fma, p, q, constant(f, 2.0), f, env);
}

uint64_t rsqrt_step(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  const Fmt& f = fmt(esize);
  Unpacked u[2];
  uint64_t p, q, result;
  if (fused_step_start(a, b, f, 1.5, env, u, p, q, result)) return result;
  // (3 - p * q) / 2 with one rounding: halve the larger operand when that is exact (its
  // exponent field is 2 or more) and add to 1.5. Otherwise both are below 2^-1021 or so
  // and the sum is 3 less a tiny product, whose halving is exact.
  const uint64_t pm = p & ~f.sign(), qm = q & ~f.sign();
  uint64_t& big = pm >= qm ? p : q;
  if (((big & f.exp_mask()) >> f.fbits) >= 2 && !u[0].inf() && !u[1].inf()) {
    big -= uint64_t{1} << f.fbits;
    return arith(Op::Fma, p, q, constant(f, 1.5), f, env);
  }
  if (u[0].inf() || u[1].inf()) return f.infinity(u[0].sign != u[1].sign);
  Env sum{env.fpcr};
  const uint64_t s = arith(Op::Fma, p, q, constant(f, 3.0), f, sum);
  env.flags |= sum.flags;
  if ((s & ~f.sign()) == 0) return s;
  return s - (uint64_t{1} << f.fbits);  // s is near 3: halving decrements the exponent
}

uint64_t recip_estimate(uint64_t a, unsigned esize, Env& env) {
  const Fmt& f = fmt(esize);
  const Unpacked u = unpack(a, esize, env);
  if (u.nan()) return process_nan(u, a, f, env);
  if (u.inf()) return f.zero(u.sign);
  if (u.zero()) {
    env.flags |= kDzc;
    return f.infinity(u.sign);
  }
  // |a| < 2^-(bias + 1): the reciprocal overflows.
  const int top = static_cast<int>(std::bit_width(u.mant)) - 1 + u.exp;
  if (top < -(f.bias + 1)) {
    env.flags |= kOfc | kIxc;
    return overflow_to_inf(env.rounding(), u.sign) ? f.infinity(u.sign)
                                                   : max_normal_bits(f, u.sign);
  }
  if (env.fz() && top >= f.bias - 1) {
    env.flags |= kUfc;
    return f.zero(u.sign);
  }
  // The fraction as 52 bits, the biased exponent; denormals normalised by one or two.
  uint64_t fraction = (a & f.frac_mask()) << (52 - f.fbits);
  int exp = static_cast<int>((a & f.exp_mask()) >> f.fbits);
  if (exp == 0) {
    if (((fraction >> 51) & 1) == 0) {
      exp = -1;
      fraction = (fraction << 2) & ((uint64_t{1} << 52) - 1);
    } else {
      fraction = (fraction << 1) & ((uint64_t{1} << 52) - 1);
    }
  }
  const uint32_t scaled = 256 | static_cast<uint32_t>(fraction >> 44);
  int result_exp = (esize == 64 ? 2045 : 253) - exp;
  const uint32_t estimate = recip_estimate_int(scaled);
  fraction = uint64_t{estimate & 0xFF} << 44;
  if (result_exp == 0) {
    fraction = (uint64_t{1} << 51) | (fraction >> 1);
  } else if (result_exp == -1) {
    fraction = (uint64_t{1} << 50) | (fraction >> 2);
    result_exp = 0;
  }
  return f.zero(u.sign) | (static_cast<uint64_t>(result_exp) << f.fbits) |
         (fraction >> (52 - f.fbits));
}

uint64_t rsqrt_estimate(uint64_t a, unsigned esize, Env& env) {
  const Fmt& f = fmt(esize);
  const Unpacked u = unpack(a, esize, env);
  if (u.nan()) return process_nan(u, a, f, env);
  if (u.zero()) {
    env.flags |= kDzc;
    return f.infinity(u.sign);
  }
  if (u.sign) {
    env.flags |= kIoc;
    return default_nan(esize);
  }
  if (u.inf()) return 0;
  uint64_t fraction = (a & f.frac_mask()) << (52 - f.fbits);
  int exp = static_cast<int>((a & f.exp_mask()) >> f.fbits);
  if (exp == 0) {
    while (((fraction >> 51) & 1) == 0) {
      fraction <<= 1;
      --exp;
    }
    fraction = (fraction << 1) & ((uint64_t{1} << 52) - 1);
  }
  // An even exponent scales into [0.5, 1), an odd one into [0.25, 0.5).
  const uint32_t s = (exp & 1) == 0 ? (0x100 | static_cast<uint32_t>((fraction >> 44) & 0xFF))
                                    : (0x80 | static_cast<uint32_t>((fraction >> 45) & 0x7F));
  const int result_exp = ((esize == 64 ? 3068 : 380) - exp) / 2;
  const uint32_t estimate = rsqrt_estimate_int(s);
  return (static_cast<uint64_t>(result_exp) << f.fbits) |
         (uint64_t{estimate & 0xFF} << (f.fbits - 8));
}

uint64_t recpx(uint64_t a, unsigned esize, Env& env) {
  const Fmt& f = fmt(esize);
  const Unpacked u = unpack(a, esize, env);
  if (u.nan()) return process_nan(u, a, f, env);
  const uint64_t e = (a & f.exp_mask()) >> f.fbits;
  const uint64_t all = f.exp_mask() >> f.fbits;
  const uint64_t r = e == 0 ? all - 1 : (~e & all);
  return f.zero(u.sign) | (r << f.fbits);
}

uint32_t unsigned_recip_estimate(uint32_t a) {
  if ((a >> 31) == 0) return 0xFFFFFFFF;
  return (recip_estimate_int(a >> 23) & 0x1FF) << 23;
}

uint32_t unsigned_rsqrt_estimate(uint32_t a) {
  if ((a >> 30) == 0) return 0xFFFFFFFF;
  return (rsqrt_estimate_int(a >> 23) & 0x1FF) << 23;
}

uint32_t compare(uint64_t a, uint64_t b, unsigned esize, bool signal_nans, Env& env) {
  const Unpacked ua = unpack(a, esize, env), ub = unpack(b, esize, env);
  if (ua.nan() || ub.nan()) {
    if (signal_nans || ua.kind == Kind::SNaN || ub.kind == Kind::SNaN) env.flags |= kIoc;
    return 0x3;
  }
  const int c = compare_values(ua, ub);
  return c == 0 ? 0x6 : c < 0 ? 0x8 : 0x2;
}

// From FPCompare's NZCV: equal 0110, greater 0010.
bool compare_eq(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  return compare(a, b, esize, false, env) == 0x6;
}
bool compare_ge(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  const uint32_t nzcv = compare(a, b, esize, true, env);
  return nzcv == 0x6 || nzcv == 0x2;
}
bool compare_gt(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  return compare(a, b, esize, true, env) == 0x2;
}

uint64_t round_int(uint64_t a, unsigned esize, Rounding rounding, bool exact, Env& env) {
  const Fmt& f = fmt(esize);
  const Unpacked u = unpack(a, esize, env);
  if (u.nan()) return process_nan(u, a, f, env);
  if (u.inf()) return a;
  if (u.zero()) return f.zero(u.sign);
  if (u.exp >= 0) return a;  // already integral
  int cmp;
  bool inexact;
  uint64_t q = static_cast<uint64_t>(shift_right(u.mant, -u.exp, cmp, inexact));
  if (round_up(rounding, u.sign, q, cmp, inexact)) ++q;
  if (inexact && exact) env.flags |= kIxc;
  if (q == 0) return f.zero(u.sign);
  Env ignored{0};
  return round_pack(u.sign, q, 0, f, Rounding::Zero, false, false, ignored);
}

uint64_t convert(uint64_t a, unsigned from_esize, unsigned to_esize, Rounding rounding, Env& env) {
  const Fmt& from = fmt(from_esize);
  const Fmt& to = fmt(to_esize);
  const bool alt_in = from_esize == 16 && env.ahp();
  const bool alt_out = to_esize == 16 && env.ahp();
  // FPUnpackCV: FZ applies to single and double operands only.
  const Unpacked u = unpack(a, from, from_esize != 16 && env.fz(), env, alt_in);
  if (u.nan()) {
    if (alt_out) {
      env.flags |= kIoc;
      return to.zero(u.sign);
    }
    if (u.kind == Kind::SNaN) env.flags |= kIoc;
    if (env.dn()) return default_nan(to_esize);
    // FPConvertNaN: the sign, and the payload's top bits, made quiet.
    const uint64_t frac51 = (a & (from.frac_mask() >> 1)) << (51 - (from.fbits - 1));
    return to.zero(u.sign) | to.exp_mask() | to.quiet_bit() | (frac51 >> (51 - (to.fbits - 1)));
  }
  if (u.inf()) {
    if (alt_out) {
      env.flags |= kIoc;
      return to.zero(u.sign) | 0x7FFF;
    }
    return to.infinity(u.sign);
  }
  if (u.zero()) return to.zero(u.sign);
  // FPRoundCV: FZ applies to single and double results.
  return round_pack(u.sign, u.mant, u.exp, to, rounding, to_esize != 16 && env.fz(), alt_out, env);
}

uint64_t to_fixed(uint64_t a, unsigned esize, unsigned fbits, bool is_unsigned, unsigned int_size,
                  Rounding rounding, Env& env) {
  const Unpacked u = unpack(a, esize, env);
  const uint64_t mask = int_size == 64 ? ~uint64_t{0} : (uint64_t{1} << int_size) - 1;
  if (u.nan()) {
    env.flags |= kIoc;
    return 0;
  }
  const __int128 max =
      is_unsigned ? (__int128{1} << int_size) - 1 : (__int128{1} << (int_size - 1)) - 1;
  const __int128 min = is_unsigned ? 0 : -(__int128{1} << (int_size - 1));
  auto saturate = [&](bool sign) {
    env.flags |= kIoc;
    return static_cast<uint64_t>(sign ? min : max) & mask;
  };
  if (u.zero()) return 0;
  if (u.inf()) return saturate(u.sign);
  const int exp = u.exp + static_cast<int>(fbits);
  // A magnitude of 2^64 or more is out of every range.
  if (static_cast<int>(std::bit_width(u.mant)) - 1 + exp >= 64) return saturate(u.sign);
  int cmp = -1;
  bool inexact = false;
  u128 q = exp >= 0 ? u128{u.mant} << exp : shift_right(u.mant, -exp, cmp, inexact);
  if (round_up(rounding, u.sign, static_cast<uint64_t>(q), cmp, inexact)) ++q;
  const __int128 v = u.sign ? -static_cast<__int128>(q) : static_cast<__int128>(q);
  if (v > max || v < min) return saturate(v < 0);
  if (inexact) env.flags |= kIxc;
  return static_cast<uint64_t>(v) & mask;
}

uint64_t from_fixed(uint64_t x, unsigned int_size, unsigned fbits, bool is_unsigned, unsigned esize,
                    Rounding rounding, Env& env) {
  const Fmt& f = fmt(esize);
  if (int_size < 64) x &= (uint64_t{1} << int_size) - 1;
  if (x == 0) return 0;
  bool sign = false;
  u128 mag = x;
  if (!is_unsigned && ((x >> (int_size - 1)) & 1)) {
    sign = true;
    mag = (u128{1} << int_size) - x;
  }
  return round_pack(sign, mag, -static_cast<int>(fbits), f, rounding, env.fz(), false, env);
}

}  // namespace isa::fp
