// Bodies of the scalar floating-point data-processing groups (isa/a64_fp.inc).
//
// Every body rejects ftype 10 (reserved) and 11 (half precision: FEAT_FP16, absent;
// FCVT alone takes it, as a source or destination) as UNDEFINED, then checks
// CheckFPAdvSIMDEnabled64(). The element operations are isa/fp.h's; the FPSR flags they
// raise are ORed into FPSR once the result is written.
#include "isa/alu.h"
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/fp.h"
#include "isa/simd.h"

namespace isa {

namespace {

using fp::Rounding;

using simd::field_d;
using simd::field_m;
using simd::field_n;

constexpr unsigned field_a(uint32_t insn) { return bits(insn, 14, 10); }
constexpr unsigned field_cond(uint32_t insn) { return bits(insn, 15, 12); }

// The element size of an ftype value: 32, 64, 16 (half precision) or 0 (reserved).
constexpr unsigned type_esize(unsigned ftype) {
  constexpr unsigned kSizes[4] = {32, 64, 0, 16};
  return kSizes[ftype & 3];
}

// The single or double precision operand size of ftype (insn<23:22>), after the
// UNDEFINED and FP-enabled checks; 0 when the body must stop.
unsigned enter(Cpu& cpu, uint32_t insn) {
  const unsigned esize = type_esize(bits(insn, 23, 22));
  if (!simd::enter(cpu, esize != 32 && esize != 64)) return 0;
  return esize;
}

uint64_t read_fp(const Cpu& cpu, unsigned n, unsigned esize) {
  return cpu.vreg(n)[0] & ones(esize);
}
// V[d] = the esize-bit value, the rest of the register cleared.
void write_fp(Cpu& cpu, unsigned d, uint64_t value) { simd::set_v(cpu, d, value, 0); }

// Rd = op(Rn, Rm) for FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM.
using BinaryOp = uint64_t (*)(uint64_t, uint64_t, unsigned, fp::Env&);
void binary(Cpu& cpu, uint32_t insn, BinaryOp op, bool negate = false) {
  const unsigned esize = enter(cpu, insn);
  if (!esize) return;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  uint64_t r =
      op(read_fp(cpu, field_n(insn), esize), read_fp(cpu, field_m(insn), esize), esize, env);
  if (negate) r = fp::neg(r, esize);
  write_fp(cpu, field_d(insn), r);
  cpu.fpsr |= env.flags;
}

// FMADD, FMSUB, FNMADD, FNMSUB: Ra (negated for the N forms) + Rn (negated for the
// subtracting forms) * Rm, fused.
void muladd(Cpu& cpu, uint32_t insn, bool neg_addend, bool neg_product) {
  const unsigned esize = enter(cpu, insn);
  if (!esize) return;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  uint64_t a = read_fp(cpu, field_a(insn), esize);
  uint64_t n = read_fp(cpu, field_n(insn), esize);
  if (neg_addend) a = fp::neg(a, esize);
  if (neg_product) n = fp::neg(n, esize);
  write_fp(cpu, field_d(insn), fp::muladd(a, n, read_fp(cpu, field_m(insn), esize), esize, env));
  cpu.fpsr |= env.flags;
}

// FRINT<x>: rounding `r`, or FPCR's mode when `fpcr_mode`; `exact` for FRINTX.
void round_int(Cpu& cpu, uint32_t insn, Rounding r, bool fpcr_mode, bool exact) {
  const unsigned esize = enter(cpu, insn);
  if (!esize) return;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  if (fpcr_mode) r = env.rounding();
  write_fp(cpu, field_d(insn),
           fp::round_int(read_fp(cpu, field_n(insn), esize), esize, r, exact, env));
  cpu.fpsr |= env.flags;
}

// The operands of the conversions between FP and integer or fixed point: the FP size,
// after the UNDEFINED (reserved ftype; a 32-bit fixed-point form with scale < 32, that
// is fbits > 32) and FP-enabled checks, 0 when the body must stop; the integer size
// and the fraction bits.
struct Convert {
  unsigned esize, int_size, fbits;
};
Convert enter_convert(Cpu& cpu, uint32_t insn, bool fixed) {
  const bool sf = bit(insn, 31);
  const unsigned scale = bits(insn, 15, 10);
  const unsigned esize = type_esize(bits(insn, 23, 22));
  if (!simd::enter(cpu, (esize != 32 && esize != 64) || (fixed && !sf && scale < 32)))
    return {0, 0, 0};
  return {esize, sf ? 64u : 32u, fixed ? 64 - scale : 0};
}

// FCVT<x><S/U> (integer) and FCVTZ<S/U> (fixed-point): Xd/Wd = FPToFixed(Vn).
void to_int(Cpu& cpu, uint32_t insn, Rounding r, bool is_unsigned, bool fixed) {
  const Convert c = enter_convert(cpu, insn, fixed);
  if (!c.esize) return;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  cpu.set_x(field_d(insn), fp::to_fixed(read_fp(cpu, field_n(insn), c.esize), c.esize, c.fbits,
                                        is_unsigned, c.int_size, r, env));
  cpu.fpsr |= env.flags;
}

// SCVTF/UCVTF (integer and fixed-point): Vd = FixedToFP(Xn/Wn), FPCR's rounding.
void from_int(Cpu& cpu, uint32_t insn, bool is_unsigned, bool fixed) {
  const Convert c = enter_convert(cpu, insn, fixed);
  if (!c.esize) return;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  write_fp(cpu, field_d(insn),
           fp::from_fixed(cpu.x(field_n(insn)), c.int_size, c.fbits, is_unsigned, c.esize,
                          env.rounding(), env));
  cpu.fpsr |= env.flags;
}

// FCMP/FCMPE (register and zero forms): PSTATE.NZCV = FPCompare(Vn, Vm or +0.0).
void compare(Cpu& cpu, uint32_t insn, bool with_zero, bool signal_nans) {
  const unsigned esize = enter(cpu, insn);
  if (!esize) return;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  const uint64_t m = with_zero ? 0 : read_fp(cpu, field_m(insn), esize);
  set_nzcv(cpu, fp::compare(read_fp(cpu, field_n(insn), esize), m, esize, signal_nans, env));
  cpu.fpsr |= env.flags;
}

// FCCMP/FCCMPE: the comparison when the condition holds, else NZCV = nzcv.
void cond_compare(Cpu& cpu, uint32_t insn, bool signal_nans) {
  const unsigned esize = enter(cpu, insn);
  if (!esize) return;
  if (!cpu.condition_holds(field_cond(insn))) return set_nzcv(cpu, bits(insn, 3, 0));
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  set_nzcv(cpu, fp::compare(read_fp(cpu, field_n(insn), esize), read_fp(cpu, field_m(insn), esize),
                            esize, signal_nans, env));
  cpu.fpsr |= env.flags;
}

}  // namespace

// ---- conversions between floating-point and integer or fixed-point ----

void exec_SCVTF_fp_fix(Cpu& cpu, uint32_t insn) { from_int(cpu, insn, false, true); }
void exec_UCVTF_fp_fix(Cpu& cpu, uint32_t insn) { from_int(cpu, insn, true, true); }
void exec_FCVTZS_fp_fix(Cpu& cpu, uint32_t insn) { to_int(cpu, insn, Rounding::Zero, false, true); }
void exec_FCVTZU_fp_fix(Cpu& cpu, uint32_t insn) { to_int(cpu, insn, Rounding::Zero, true, true); }

void exec_FCVTNS_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::TieEven, false, false);
}
void exec_FCVTNU_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::TieEven, true, false);
}
void exec_FCVTPS_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::PosInf, false, false);
}
void exec_FCVTPU_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::PosInf, true, false);
}
void exec_FCVTMS_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::NegInf, false, false);
}
void exec_FCVTMU_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::NegInf, true, false);
}
void exec_FCVTZS_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::Zero, false, false);
}
void exec_FCVTZU_fp_int(Cpu& cpu, uint32_t insn) { to_int(cpu, insn, Rounding::Zero, true, false); }
void exec_FCVTAS_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::TieAway, false, false);
}
void exec_FCVTAU_fp_int(Cpu& cpu, uint32_t insn) {
  to_int(cpu, insn, Rounding::TieAway, true, false);
}
void exec_SCVTF_fp_int(Cpu& cpu, uint32_t insn) { from_int(cpu, insn, false, false); }
void exec_UCVTF_fp_int(Cpu& cpu, uint32_t insn) { from_int(cpu, insn, true, false); }

// ---- one source ----

void exec_FABS_fp(Cpu& cpu, uint32_t insn) {
  const unsigned esize = enter(cpu, insn);
  if (esize) write_fp(cpu, field_d(insn), fp::abs(read_fp(cpu, field_n(insn), esize), esize));
}
void exec_FNEG_fp(Cpu& cpu, uint32_t insn) {
  const unsigned esize = enter(cpu, insn);
  if (esize) write_fp(cpu, field_d(insn), fp::neg(read_fp(cpu, field_n(insn), esize), esize));
}
void exec_FSQRT_fp(Cpu& cpu, uint32_t insn) {
  const unsigned esize = enter(cpu, insn);
  if (!esize) return;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  write_fp(cpu, field_d(insn), fp::sqrt(read_fp(cpu, field_n(insn), esize), esize, env));
  cpu.fpsr |= env.flags;
}

// FCVT: between any two of half, single and double precision (ftype the source, opc
// insn<16:15> the destination); equal or reserved types are UNDEFINED.
void exec_FCVT_fp(Cpu& cpu, uint32_t insn) {
  const unsigned from = type_esize(bits(insn, 23, 22));
  const unsigned to = type_esize(bits(insn, 16, 15));
  if (!simd::enter(cpu, from == 0 || to == 0 || from == to)) return;
  fp::Env env{cpu.fpcr, 0, cpu.fpsr};
  write_fp(cpu, field_d(insn),
           fp::convert(read_fp(cpu, field_n(insn), from), from, to, env.rounding(), env));
  cpu.fpsr |= env.flags;
}

void exec_FRINTN_fp(Cpu& cpu, uint32_t insn) {
  round_int(cpu, insn, Rounding::TieEven, false, false);
}
void exec_FRINTP_fp(Cpu& cpu, uint32_t insn) {
  round_int(cpu, insn, Rounding::PosInf, false, false);
}
void exec_FRINTM_fp(Cpu& cpu, uint32_t insn) {
  round_int(cpu, insn, Rounding::NegInf, false, false);
}
void exec_FRINTZ_fp(Cpu& cpu, uint32_t insn) { round_int(cpu, insn, Rounding::Zero, false, false); }
void exec_FRINTA_fp(Cpu& cpu, uint32_t insn) {
  round_int(cpu, insn, Rounding::TieAway, false, false);
}
void exec_FRINTX_fp(Cpu& cpu, uint32_t insn) {
  round_int(cpu, insn, Rounding::TieEven, true, true);
}
void exec_FRINTI_fp(Cpu& cpu, uint32_t insn) {
  round_int(cpu, insn, Rounding::TieEven, true, false);
}

// ---- compares and selects ----

void exec_FCMP_fp(Cpu& cpu, uint32_t insn) { compare(cpu, insn, false, false); }
void exec_FCMP_fp_zero(Cpu& cpu, uint32_t insn) { compare(cpu, insn, true, false); }
void exec_FCMPE_fp(Cpu& cpu, uint32_t insn) { compare(cpu, insn, false, true); }
void exec_FCMPE_fp_zero(Cpu& cpu, uint32_t insn) { compare(cpu, insn, true, true); }
void exec_FCCMP_fp(Cpu& cpu, uint32_t insn) { cond_compare(cpu, insn, false); }
void exec_FCCMPE_fp(Cpu& cpu, uint32_t insn) { cond_compare(cpu, insn, true); }

void exec_FCSEL_fp(Cpu& cpu, uint32_t insn) {
  const unsigned esize = enter(cpu, insn);
  if (!esize) return;
  const unsigned src = cpu.condition_holds(field_cond(insn)) ? field_n(insn) : field_m(insn);
  write_fp(cpu, field_d(insn), read_fp(cpu, src, esize));
}

// ---- two and three sources ----

void exec_FMUL_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::mul); }
void exec_FDIV_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::div); }
void exec_FADD_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::add); }
void exec_FSUB_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::sub); }
void exec_FMAX_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::max); }
void exec_FMIN_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::min); }
void exec_FMAXNM_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::maxnum); }
void exec_FMINNM_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::minnum); }
// FNMUL: FPNeg(FPMul()), a NaN result's sign flipped too.
void exec_FNMUL_fp(Cpu& cpu, uint32_t insn) { binary(cpu, insn, fp::mul, true); }

void exec_FMADD_fp(Cpu& cpu, uint32_t insn) { muladd(cpu, insn, false, false); }
void exec_FMSUB_fp(Cpu& cpu, uint32_t insn) { muladd(cpu, insn, false, true); }
void exec_FNMADD_fp(Cpu& cpu, uint32_t insn) { muladd(cpu, insn, true, true); }
void exec_FNMSUB_fp(Cpu& cpu, uint32_t insn) { muladd(cpu, insn, true, false); }

}  // namespace isa
