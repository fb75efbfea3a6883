// Floating-point arithmetic with the Arm architecture's semantics (Arm ARM, the
// pseudocode library's FPAdd, FPMulAdd, FPRound, FPToFixed, FPCompare, FPRecipEstimate
// and their kin): FPCR.{AHP, DN, FZ, RMode} and the cumulative FPSR exception flags
// {IOC, DZC, OFC, UFC, IXC, IDC}. Floating-point exception traps are not implemented
// (the FPCR trap-enable bits are RAZ/WI, as on the Cortex-A57).
//
// Values are raw bit patterns in the low `esize` bits of a uint64_t: 16 (half
// precision, IEEE or, with FPCR.AHP, Arm's alternative format; conversions only, FP16
// arithmetic is not implemented), 32 or 64. Results have the bits above esize clear.
//
// Arithmetic on finite, non-NaN operands uses the host's IEEE 754 operations under the
// rounding mode FPCR selects, and then applies the Arm rules the host does not share:
// NaN propagation and the default NaN, flush-to-zero of inputs and outputs, and
// underflow detected before rounding. Conversions, rounding to integral and the
// estimates are exact integer code. Every function is a pure function of its inputs
// and the Env, so runs are deterministic on any host with IEEE 754 binary32/binary64.
#pragma once

#include <cstdint>

namespace isa::fp {

// FPCR fields.
constexpr uint32_t kFpcrAhp = 1u << 26;
constexpr uint32_t kFpcrDn = 1u << 25;
constexpr uint32_t kFpcrFz = 1u << 24;
constexpr unsigned kFpcrRModeShift = 22;

// FPSR cumulative exception bits.
constexpr uint32_t kIoc = 1u << 0;  // invalid operation
constexpr uint32_t kDzc = 1u << 1;  // divide by zero
constexpr uint32_t kOfc = 1u << 2;  // overflow
constexpr uint32_t kUfc = 1u << 3;  // underflow
constexpr uint32_t kIxc = 1u << 4;  // inexact
constexpr uint32_t kIdc = 1u << 7;  // input denormal

// The rounding modes of FPRound: the four of FPCR.RMode, and those instructions name
// themselves (FCVTA*, FRINTA: ties away; FCVTXN: round to odd).
enum class Rounding : uint8_t { TieEven = 0, PosInf = 1, NegInf = 2, Zero = 3, TieAway, Odd };

// The FPCR an operation reads and the exception flags it raises. A body builds one
// from cpu.fpcr (and cpu.fpsr), runs its element operations through it, and ORs
// `flags` into cpu.fpsr at the end:
//   fp::Env env{cpu.fpcr, 0, cpu.fpsr}; ...; cpu.fpsr |= env.flags;
struct Env {
  uint32_t fpcr = 0;
  uint32_t flags = 0;  // FPSR bits raised (kIoc...kIdc)
  // FPSR before the instruction, where the caller gives it: an inexact flag already set
  // need not be detected again, which lets more operations take the fast path.
  uint32_t fpsr = 0;

  Rounding rounding() const { return static_cast<Rounding>((fpcr >> kFpcrRModeShift) & 3); }
  bool dn() const { return (fpcr & kFpcrDn) != 0; }
  bool fz() const { return (fpcr & kFpcrFz) != 0; }
  bool ahp() const { return (fpcr & kFpcrAhp) != 0; }
};

// ---- bit-level operations (no exceptions, no FPCR) ----

constexpr uint64_t sign_bit(unsigned esize) { return uint64_t{1} << (esize - 1); }
// FPNeg, FPAbs: the sign bit flipped or cleared, NaNs included.
constexpr uint64_t neg(uint64_t x, unsigned esize) { return x ^ sign_bit(esize); }
constexpr uint64_t abs(uint64_t x, unsigned esize) { return x & (sign_bit(esize) - 1); }
bool is_nan(uint64_t x, unsigned esize);
// FPDefaultNaN(): positive, quiet, zero payload.
uint64_t default_nan(unsigned esize);

// ---- arithmetic (esize 32 or 64) ----

uint64_t add(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t sub(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t mul(uint64_t a, uint64_t b, unsigned esize, Env& env);
// FPMulX: FPMul, except that infinity times zero is 2.0 with the product's sign.
uint64_t mulx(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t div(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t sqrt(uint64_t a, unsigned esize, Env& env);
// FPMulAdd: addend + a * b with one rounding. FMSUB, FNMADD, FNMSUB and FMLS negate
// their operands with neg() first, as the pseudocode does (NaNs' signs included).
uint64_t muladd(uint64_t addend, uint64_t a, uint64_t b, unsigned esize, Env& env);
// The vector forms' common case in one call (AdvSIMD three same and by element): `op`
// on `lanes` elements of `esize` bits (32 or 64) packed as a V register holds them, n
// and m the operands, d the accumulator of the multiply-adds (MulSub, FMLS, negates n's
// elements). True, with the result in r and the flags added to env, where every lane
// is the element operation's fast case: round to nearest, operands that are normal
// numbers or zeros, and a result that is a normal number clear of underflow and
// overflow (FPSR.IXC already set, for the multiply-adds). False, with r and env as they
// were, where some lane is not: the caller then runs the element operations lane by
// lane, which give the same results.
enum class VecOp : uint8_t { Add, Sub, Mul, Div, MulAdd, MulSub };
bool vec_fast(VecOp op, unsigned esize, unsigned lanes, const uint64_t n[2], const uint64_t m[2],
              const uint64_t d[2], uint64_t r[2], Env& env);
// FPMax, FPMin (a NaN operand gives a NaN), FPMaxNum, FPMinNum (a quiet NaN and a
// number give the number). +0 is greater than -0.
uint64_t max(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t min(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t maxnum(uint64_t a, uint64_t b, unsigned esize, Env& env);
uint64_t minnum(uint64_t a, uint64_t b, unsigned esize, Env& env);
// FPRecipStepFused (FRECPS): 2.0 - a * b, fused; infinity times zero gives 2.0.
uint64_t recip_step(uint64_t a, uint64_t b, unsigned esize, Env& env);
// FPRSqrtStepFused (FRSQRTS): (3.0 - a * b) / 2, fused; infinity times zero gives 1.5.
uint64_t rsqrt_step(uint64_t a, uint64_t b, unsigned esize, Env& env);
// FPRecipEstimate (FRECPE), FPRSqrtEstimate (FRSQRTE), FPRecpX (FRECPX).
uint64_t recip_estimate(uint64_t a, unsigned esize, Env& env);
uint64_t rsqrt_estimate(uint64_t a, unsigned esize, Env& env);
uint64_t recpx(uint64_t a, unsigned esize, Env& env);
// UnsignedRecipEstimate (URECPE), UnsignedRSqrtEstimate (URSQRTE): 32-bit elements.
uint32_t unsigned_recip_estimate(uint32_t a);
uint32_t unsigned_rsqrt_estimate(uint32_t a);

// ---- comparisons (esize 32 or 64) ----

// FPCompare for FCMP/FCMPE/FCCMP/FCCMPE: the NZCV nibble (N 8, Z 4, C 2, V 1):
// equal 0110, less 1000, greater 0010, unordered 0011. Invalid operation for a
// signalling NaN, or with `signal_nans` (the E forms) for any NaN.
uint32_t compare(uint64_t a, uint64_t b, unsigned esize, bool signal_nans, Env& env);
// FPCompareEQ (a quiet NaN raises nothing), FPCompareGE, FPCompareGT (any NaN raises
// invalid operation): the comparisons of FCMEQ, FCMGE, FCMGT, FACGE, FACGT (whose
// callers pass abs() of the operands).
bool compare_eq(uint64_t a, uint64_t b, unsigned esize, Env& env);
bool compare_ge(uint64_t a, uint64_t b, unsigned esize, Env& env);
bool compare_gt(uint64_t a, uint64_t b, unsigned esize, Env& env);

// ---- rounding and conversions ----

// FPRoundInt (FRINTN/P/M/Z/A/I, `exact` false) and FRINTX (`exact` true: inexact when
// the value changes). esize 32 or 64.
uint64_t round_int(uint64_t a, unsigned esize, Rounding rounding, bool exact, Env& env);
// FPConvert between precisions (FCVT, FCVTL, FCVTN; FCVTXN with Rounding::Odd): from
// and to esize 16, 32 or 64. Half precision follows FPCR.AHP.
uint64_t convert(uint64_t a, unsigned from_esize, unsigned to_esize, Rounding rounding, Env& env);
// FPToFixed: a (esize 32 or 64) times 2^fbits, rounded, saturated to a signed or
// unsigned integer of int_size (32 or 64) bits, returned in the low int_size bits. A
// NaN gives 0; NaNs and out-of-range values raise invalid operation, inexact results
// inexact.
uint64_t to_fixed(uint64_t a, unsigned esize, unsigned fbits, bool is_unsigned, unsigned int_size,
                  Rounding rounding, Env& env);
// FixedToFP: the int_size-bit (signed or unsigned) integer x divided by 2^fbits, rounded
// to esize (32 or 64). FZ applies to the result.
uint64_t from_fixed(uint64_t x, unsigned int_size, unsigned fbits, bool is_unsigned, unsigned esize,
                    Rounding rounding, Env& env);

}  // namespace isa::fp
