// Predecoding: which body runs an instruction word, with its operands ready-made
// (see isa/fastpath.h for the specialised bodies and what they leave to the table).
#include "isa/fastpath.h"

#include "isa/alu.h"
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"

namespace isa {

namespace {

void run_unallocated(Cpu& cpu, const Decoded&) { cpu.undefined(); }

// MRS of a register whose read is plain above EL0 but not a plain load (a counter, a
// computed register), or of SP_EL0 (Linux's `current`), UNDEFINED only while it is the
// stack pointer: a table body that skips the register lookup, the access checks and
// the settling of the step loop's pending counts that the system instructions' body
// does first. imm is the register's SysRegInfo.
void run_mrs_read(Cpu& cpu, const Decoded& d) {
  const auto& r = *reinterpret_cast<const SysRegInfo*>(d.imm);
  if (cpu.el() == 0 || cpu.el() < r.min_el ||
      ((r.rules & sysreg_rule::kUndefSpSel0) && cpu.pstate().sp == 0))
    return insn_info(InsnId::MRS)->run(cpu, d);
  cpu.set_x(d.raw & 31, sysreg_get(cpu, r));
}

// MSR of a register that SysRegs holds, with no access rules, no computed write and no
// side effect: a table body that skips the register lookup, the access checks and the
// settling of the step loop's pending counts, and writes the field with its masks as
// sysreg_set would. imm is the register's SysRegInfo. (A table body, not a specialised
// one: a label of its own in the step loop moved GCC's register allocation there.)
void run_msr_field(Cpu& cpu, const Decoded& d) {
  const auto& r = *reinterpret_cast<const SysRegInfo*>(d.imm);
  if (cpu.el() < r.min_el) return insn_info(InsnId::MSR_reg)->run(cpu, d);
  uint64_t& f = cpu.sr().*r.field;
  f = (f & ~r.wmask) | (cpu.x(d.raw & 31) & r.wmask) | r.res1;
}

// A specialised ALU body run as a table body of its own (op Generic): the operands come
// ready-made, without a label in the step loop (each label there moves GCC's register
// allocation of the loop; these instructions are not frequent enough to pay for one).
template <void (*F)(Cpu&, const Decoded&)>
void run_alu(Cpu& cpu, const Decoded& d) {
  F(cpu, d);
}

constexpr uint8_t xzr_dest(unsigned r) {  // a destination where 31 is XZR
  return static_cast<uint8_t>(r == 31 ? Cpu::kXzrWrite : r);
}

constexpr uint64_t sext(uint64_t v, unsigned n) { return static_cast<uint64_t>(sign_extend(v, n)); }

// The variant of a shifted-register body for shifts other than LSL: the ...Any ops
// follow the LSL ones in the same order (isa/fastpath.h).
constexpr FastOp any_shift(FastOp op) {
  using enum FastOp;
  const auto i = static_cast<unsigned>(op);
  if (op >= AddShift64 && op <= SubsShift32)
    return static_cast<FastOp>(i - static_cast<unsigned>(AddShift64) +
                               static_cast<unsigned>(AddShift64Any));
  return static_cast<FastOp>(i - static_cast<unsigned>(And64) + static_cast<unsigned>(And64Any));
}

// A specialised body for the instruction in d (with its id), or Generic.
FastOp specialise(Decoded& d, InsnId id) {
  using enum FastOp;
  const uint32_t insn = d.raw;
  const bool sf = bit(insn, 31);
  const unsigned rd = bits(insn, 4, 0), rn = bits(insn, 9, 5), rm = bits(insn, 20, 16);
  d.rd = static_cast<uint8_t>(rd);
  d.rn = static_cast<uint8_t>(rn);
  d.rm = static_cast<uint8_t>(rm);
  const uint64_t imm9 = sext(bits(insn, 20, 12), 9);
  const uint64_t uimm12 = bits(insn, 21, 10);
  const unsigned size_log2 = bits(insn, 31, 30);  // loads and stores
  const bool wide = size_log2 == 3;
  switch (id) {
    // ---- data processing (immediate) ----
    case InsnId::ADD_imm:
    case InsnId::SUB_imm: {
      const uint64_t imm = uimm12 << (bit(insn, 22) ? 12 : 0);
      d.imm = id == InsnId::SUB_imm ? 0 - imm : imm;
      if (rd == 31 || rn == 31) return sf ? AddImmSp64 : AddImmSp32;
      return sf ? AddImm64 : AddImm32;
    }
    case InsnId::ADDS_imm:
    case InsnId::SUBS_imm:
      if (rn == 31) return Generic;  // SP
      d.rd = xzr_dest(rd);
      d.imm = uimm12 << (bit(insn, 22) ? 12 : 0);
      if (id == InsnId::SUBS_imm) return sf ? SubsImm64 : SubsImm32;
      return sf ? AddsImm64 : AddsImm32;
    case InsnId::AND_imm:
    case InsnId::ORR_imm:
    case InsnId::EOR_imm:
    case InsnId::ANDS_imm: {
      if (!sf && bit(insn, 22)) return Generic;
      const BitMasks m =
          decode_bit_masks(bit(insn, 22), bits(insn, 15, 10), bits(insn, 21, 16), true);
      if (!m.ok) return Generic;
      d.imm = trunc(m.wmask, sf);
      if (id == InsnId::ANDS_imm) {
        d.rd = xzr_dest(rd);
        return sf ? AndsImm64 : AndsImm32;
      }
      if (rd == 31) return Generic;  // SP
      if (id == InsnId::AND_imm) return sf ? AndImm64 : AndImm32;
      if (id == InsnId::ORR_imm) return sf ? OrrImm64 : OrrImm32;
      return sf ? EorImm64 : EorImm32;
    }
    case InsnId::NOP:
    case InsnId::HINT:
    case InsnId::YIELD:
    case InsnId::DSB:
    case InsnId::DMB:
    case InsnId::ISB:
      return Nop;
    case InsnId::MOVZ:
    case InsnId::MOVN:
    case InsnId::MOVK: {
      const unsigned hw = bits(insn, 22, 21);
      if (!sf && hw >= 2) return Generic;
      const uint64_t imm = uint64_t{bits(insn, 20, 5)} << (hw * 16);
      d.rd = xzr_dest(rd);
      if (id == InsnId::MOVK) {
        d.imm = imm;
        d.imm2 = 0xFFFFull << (hw * 16);
        return sf ? Movk64 : Movk32;
      }
      d.imm = trunc(id == InsnId::MOVN ? ~imm : imm, sf);
      return MovConst;
    }
    case InsnId::UBFM:
    case InsnId::SBFM: {
      const unsigned n = bit(insn, 22), immr = bits(insn, 21, 16), imms = bits(insn, 15, 10);
      if (n != sf || (!sf && (immr >= 32 || imms >= 32))) return Generic;
      const BitMasks m = decode_bit_masks(n, imms, immr, false);
      d.rd = xzr_dest(rd);
      d.imm = m.wmask;
      d.imm2 = m.tmask;
      d.shift = static_cast<uint8_t>(immr);
      d.ra = static_cast<uint8_t>(imms);
      if (id == InsnId::UBFM) return sf ? Ubfm64 : Ubfm32;
      return sf ? Sbfm64 : Sbfm32;
    }
    case InsnId::ADR:
    case InsnId::ADRP: {
      const uint64_t imm = sext((uint64_t{bits(insn, 23, 5)} << 2) | bits(insn, 30, 29), 21);
      d.rd = xzr_dest(rd);
      d.imm = id == InsnId::ADRP ? imm << 12 : imm;
      return Adr;
    }

    // ---- data processing (register) ----
    case InsnId::ADD_shift:
    case InsnId::ADDS_shift:
    case InsnId::SUB_shift:
    case InsnId::SUBS_shift: {
      const unsigned type = bits(insn, 23, 22), amount = bits(insn, 15, 10);
      if (type == 3 || (!sf && amount >= 32)) return Generic;
      d.rd = xzr_dest(rd);
      d.ra = static_cast<uint8_t>(type);
      d.shift = static_cast<uint8_t>(amount);
      FastOp op;
      switch (id) {
        case InsnId::ADD_shift:
          op = sf ? AddShift64 : AddShift32;
          break;
        case InsnId::ADDS_shift:
          op = sf ? AddsShift64 : AddsShift32;
          break;
        case InsnId::SUB_shift:
          op = sf ? SubShift64 : SubShift32;
          break;
        default:
          op = sf ? SubsShift64 : SubsShift32;
          break;
      }
      return type == 0 ? op : any_shift(op);
    }
    case InsnId::ADD_ext:
    case InsnId::SUB_ext: {
      const unsigned shift = bits(insn, 12, 10);
      if (!sf || shift > 4) return Generic;  // 32-bit, UNDEFINED
      d.imm2 = bits(insn, 15, 13);
      d.shift = static_cast<uint8_t>(shift);
      if (rd == 31 || rn == 31) return id == InsnId::SUB_ext ? SubExtSp64 : AddExtSp64;
      return id == InsnId::SUB_ext ? SubExt64 : AddExt64;
    }
    case InsnId::AND_shift:
    case InsnId::BIC_shift:
    case InsnId::ORR_shift:
    case InsnId::ORN_shift:
    case InsnId::EOR_shift:
    case InsnId::EON_shift:
    case InsnId::ANDS_shift:
    case InsnId::BICS_shift: {
      const unsigned type = bits(insn, 23, 22), amount = bits(insn, 15, 10);
      if (!sf && amount >= 32) return Generic;  // UNDEFINED
      d.rd = xzr_dest(rd);
      d.ra = static_cast<uint8_t>(type);
      d.shift = static_cast<uint8_t>(amount);
      // And64..Bics64 then And32..Bics32, each ordered by opc and then N.
      const unsigned k = bits(insn, 30, 29) * 2 + bit(insn, 21) + (sf ? 0 : 8);
      const auto op = static_cast<FastOp>(static_cast<unsigned>(And64) + k);
      return type == 0 ? op : any_shift(op);
    }
    case InsnId::CSEL:
    case InsnId::CSINC:
    case InsnId::CSINV:
    case InsnId::CSNEG: {
      d.rd = xzr_dest(rd);
      d.cond = fast::condition_set(bits(insn, 15, 12));
      const unsigned k = bit(insn, 30) * 2 + bit(insn, 10) + (sf ? 0 : 4);
      return static_cast<FastOp>(static_cast<unsigned>(Csel64) + k);
    }
    case InsnId::CCMP_reg:
    case InsnId::CCMN_reg:
    case InsnId::CCMP_imm:
    case InsnId::CCMN_imm: {
      d.cond = fast::condition_set(bits(insn, 15, 12));
      d.shift = static_cast<uint8_t>(bits(insn, 3, 0));  // nzcv
      d.imm = rm;                                        // imm5 (immediate forms)
      const bool cmp = id == InsnId::CCMP_reg || id == InsnId::CCMP_imm;
      if (id == InsnId::CCMP_imm || id == InsnId::CCMN_imm) {
        if (cmp) return sf ? CcmpImm64 : CcmpImm32;
        return sf ? CcmnImm64 : CcmnImm32;
      }
      if (cmp) return sf ? Ccmp64 : Ccmp32;
      return sf ? Ccmn64 : Ccmn32;
    }
    case InsnId::BFM: {
      const unsigned n = bit(insn, 22), immr = bits(insn, 21, 16), imms = bits(insn, 15, 10);
      if (n != sf || (!sf && (immr >= 32 || imms >= 32))) return Generic;
      const BitMasks m = decode_bit_masks(n, imms, immr, false);
      if (rd == 31) return Generic;  // writes XZR, reads it as the destination too
      d.imm = m.wmask;
      d.imm2 = m.tmask;
      d.shift = static_cast<uint8_t>(immr);
      return sf ? Bfm64 : Bfm32;
    }
    case InsnId::EXTR: {
      // ROR (immediate), EXTR with Rn = Rm, is UBFM's rotation with nothing masked.
      const unsigned lsb = bits(insn, 15, 10);
      if (bit(insn, 22) != sf || (!sf && lsb >= 32) || rn != rm) return Generic;
      d.rd = xzr_dest(rd);
      d.imm = d.imm2 = sf ? ~0ull : 0xFFFFFFFFull;
      d.shift = static_cast<uint8_t>(lsb);
      return sf ? Ubfm64 : Ubfm32;
    }
    case InsnId::UDIV:
    case InsnId::SDIV:
      d.rd = xzr_dest(rd);
      if (id == InsnId::SDIV) return sf ? Sdiv64 : Sdiv32;
      return sf ? Udiv64 : Udiv32;
    case InsnId::ADC:
    case InsnId::ADCS:
    case InsnId::SBC:
    case InsnId::SBCS: {
      d.rd = xzr_dest(rd);
      // ADC, SBC, ADCS, SBCS, then the same for 32 bits.
      static constexpr ExecFn kBodies[] = {&run_alu<fast::add_carry<true, false, false>>,
                                           &run_alu<fast::add_carry<true, true, false>>,
                                           &run_alu<fast::add_carry<true, false, true>>,
                                           &run_alu<fast::add_carry<true, true, true>>,
                                           &run_alu<fast::add_carry<false, false, false>>,
                                           &run_alu<fast::add_carry<false, true, false>>,
                                           &run_alu<fast::add_carry<false, false, true>>,
                                           &run_alu<fast::add_carry<false, true, true>>};
      d.fn = kBodies[bit(insn, 29) * 2 + bit(insn, 30) + (sf ? 0 : 4)];
      return Generic;
    }
    case InsnId::LSLV:
    case InsnId::LSRV:
    case InsnId::ASRV:
    case InsnId::RORV: {
      d.rd = xzr_dest(rd);
      // In the order of op2 (insn<11:10>), then the same for 32 bits.
      static constexpr ExecFn kBodies[] = {
          &run_alu<fast::shift_var<true, 0>>,  &run_alu<fast::shift_var<true, 1>>,
          &run_alu<fast::shift_var<true, 2>>,  &run_alu<fast::shift_var<true, 3>>,
          &run_alu<fast::shift_var<false, 0>>, &run_alu<fast::shift_var<false, 1>>,
          &run_alu<fast::shift_var<false, 2>>, &run_alu<fast::shift_var<false, 3>>};
      d.fn = kBodies[bits(insn, 11, 10) + (sf ? 0 : 4)];
      return Generic;
    }
    case InsnId::REV_64:
    case InsnId::REV_32:
      d.rd = xzr_dest(rd);
      d.fn = id == InsnId::REV_64 ? &run_alu<fast::rev<true>> : &run_alu<fast::rev<false>>;
      return Generic;
    case InsnId::UMULH:
    case InsnId::SMULH:
      d.rd = xzr_dest(rd);
      return id == InsnId::UMULH ? Umulh : Smulh;
    case InsnId::UMADDL:
    case InsnId::UMSUBL:
    case InsnId::SMADDL:
    case InsnId::SMSUBL:
      d.rd = xzr_dest(rd);
      d.ra = static_cast<uint8_t>(bits(insn, 14, 10));
      if (id == InsnId::UMADDL) return Umaddl;
      if (id == InsnId::UMSUBL) return Umsubl;
      if (id == InsnId::SMADDL) return Smaddl;
      return Smsubl;
    case InsnId::MADD:
    case InsnId::MSUB:
      d.rd = xzr_dest(rd);
      d.ra = static_cast<uint8_t>(bits(insn, 14, 10));
      if (id == InsnId::MSUB) return sf ? Msub64 : Msub32;
      return sf ? Madd64 : Madd32;

    // ---- branches ----
    case InsnId::B_uncond:
    case InsnId::BL:
      d.imm = sext(bits(insn, 25, 0), 26) << 2;
      return id == InsnId::BL ? Bl : B;
    case InsnId::B_cond:
      d.imm = sext(bits(insn, 23, 5), 19) << 2;
      d.cond = fast::condition_set(bits(insn, 3, 0));
      return BCond;
    case InsnId::CBZ:
      d.imm = sext(bits(insn, 23, 5), 19) << 2;
      return sf ? Cbz64 : Cbz32;
    case InsnId::CBNZ:
      d.imm = sext(bits(insn, 23, 5), 19) << 2;
      return sf ? Cbnz64 : Cbnz32;
    case InsnId::TBZ:
    case InsnId::TBNZ:
      d.imm = sext(bits(insn, 18, 5), 14) << 2;
      d.shift = static_cast<uint8_t>((bit(insn, 31) << 5) | bits(insn, 23, 19));
      return id == InsnId::TBNZ ? Tbnz : Tbz;
    case InsnId::BR:
    case InsnId::RET:
      return Br;
    case InsnId::BLR:
      return Blr;

    // ---- loads and stores (loads write XZR through xzr_dest; stores read it) ----
    case InsnId::LDRB_imm_uoff:
    case InsnId::LDURB:
      d.rd = xzr_dest(rd);
      d.imm = id == InsnId::LDURB ? imm9 : uimm12;
      return Ldrb;
    case InsnId::LDRH_imm_uoff:
    case InsnId::LDURH:
      d.rd = xzr_dest(rd);
      d.imm = id == InsnId::LDURH ? imm9 : uimm12 << 1;
      return Ldrh;
    case InsnId::LDR_imm_uoff:
    case InsnId::LDUR:
      d.rd = xzr_dest(rd);
      d.imm = id == InsnId::LDUR ? imm9 : uimm12 << size_log2;
      return wide ? LdrX : LdrW;
    case InsnId::LDRSB_imm_uoff:
    case InsnId::LDURSB:
      d.rd = xzr_dest(rd);
      d.imm = id == InsnId::LDURSB ? imm9 : uimm12;
      return bit(insn, 22) ? LdrsbW : LdrsbX;
    case InsnId::LDRSH_imm_uoff:
    case InsnId::LDURSH:
      d.rd = xzr_dest(rd);
      d.imm = id == InsnId::LDURSH ? imm9 : uimm12 << 1;
      return bit(insn, 22) ? LdrshW : LdrshX;
    case InsnId::LDRSW_imm_uoff:
    case InsnId::LDURSW:
      d.rd = xzr_dest(rd);
      d.imm = id == InsnId::LDURSW ? imm9 : uimm12 << 2;
      return Ldrsw;
    case InsnId::STRB_imm_uoff:
    case InsnId::STURB:
      d.imm = id == InsnId::STURB ? imm9 : uimm12;
      return Strb;
    case InsnId::STRH_imm_uoff:
    case InsnId::STURH:
      d.imm = id == InsnId::STURH ? imm9 : uimm12 << 1;
      return Strh;
    case InsnId::STR_imm_uoff:
    case InsnId::STUR:
      d.imm = id == InsnId::STUR ? imm9 : uimm12 << size_log2;
      return wide ? StrX : StrW;
    // ---- FP arithmetic, scalar: single and double precision (ftype 00, 01) ----
    case InsnId::FADD_fp:
    case InsnId::FSUB_fp:
    case InsnId::FMUL_fp:
    case InsnId::FDIV_fp:
    case InsnId::FMADD_fp:
    case InsnId::FMSUB_fp: {
      const unsigned ftype = bits(insn, 23, 22);
      if (ftype > 1) return Generic;
      d.imm = ftype ? 64 : 32;
      d.ra = static_cast<uint8_t>(bits(insn, 14, 10));
      switch (id) {
        case InsnId::FADD_fp:
          return Fadd;
        case InsnId::FSUB_fp:
          return Fsub;
        case InsnId::FMUL_fp:
          return Fmul;
        case InsnId::FDIV_fp:
          return Fdiv;
        case InsnId::FMADD_fp:
          return Fmadd;
        default:
          return Fmsub;
      }
    }
    // ---- AdvSIMD FP arithmetic (vector forms; the reserved 1D arrangement and, by
    // element, sz:L = 11 keep the table body, which makes them UNDEFINED) ----
    case InsnId::FADD_vec:
    case InsnId::FSUB_vec:
    case InsnId::FMUL_vec:
    case InsnId::FDIV_vec:
    case InsnId::FMLA_vec:
    case InsnId::FMLS_vec:
    case InsnId::FMUL_elem_vec:
    case InsnId::FMLA_elem_vec:
    case InsnId::FMLS_elem_vec: {
      const bool sz = bit(insn, 22), q = bit(insn, 30);
      if (sz && !q) return Generic;
      d.imm = sz ? 64 : 32;
      d.imm2 = (q ? 128 : 64) / d.imm;
      switch (id) {
        case InsnId::FADD_vec:
          return FaddVec;
        case InsnId::FSUB_vec:
          return FsubVec;
        case InsnId::FMUL_vec:
          return FmulVec;
        case InsnId::FDIV_vec:
          return FdivVec;
        case InsnId::FMLA_vec:
          return FmlaVec;
        case InsnId::FMLS_vec:
          return FmlsVec;
        default:
          break;
      }
      const unsigned l = bit(insn, 21), h = bit(insn, 11);
      if (sz && l) return Generic;
      d.shift = static_cast<uint8_t>(sz ? h : (h << 1 | l));
      if (id == InsnId::FMUL_elem_vec) return FmulElem;
      return id == InsnId::FMLA_elem_vec ? FmlaElem : FmlsElem;
    }
    // (SIMD&FP: size:opc gives the scale, 2 S, 3 D, 4 Q; B and H keep the table body.)
    case InsnId::LDR_imm_fpsimd_uoff:
    case InsnId::LDUR_fpsimd:
    case InsnId::LDR_imm_fpsimd_pre:
    case InsnId::LDR_imm_fpsimd_post:
    case InsnId::STR_imm_fpsimd_uoff:
    case InsnId::STUR_fpsimd:
    case InsnId::STR_imm_fpsimd_pre:
    case InsnId::STR_imm_fpsimd_post: {
      const unsigned scale = (bit(insn, 23) << 2) | size_log2;
      if (scale < 2 || scale > 4) return Generic;
      const bool load = id == InsnId::LDR_imm_fpsimd_uoff || id == InsnId::LDUR_fpsimd ||
                        id == InsnId::LDR_imm_fpsimd_pre || id == InsnId::LDR_imm_fpsimd_post;
      const bool pre = id == InsnId::LDR_imm_fpsimd_pre || id == InsnId::STR_imm_fpsimd_pre;
      const bool post = id == InsnId::LDR_imm_fpsimd_post || id == InsnId::STR_imm_fpsimd_post;
      d.imm = id == InsnId::LDR_imm_fpsimd_uoff || id == InsnId::STR_imm_fpsimd_uoff
                  ? uimm12 << scale
                  : imm9;
      // Rows: S, D, Q; columns: offset, pre-index, post-index.
      static constexpr FastOp kLoads[3][3] = {
          {LdrS, LdrSPre, LdrSPost}, {LdrD, LdrDPre, LdrDPost}, {LdrQ, LdrQPre, LdrQPost}};
      static constexpr FastOp kStores[3][3] = {
          {StrS, StrSPre, StrSPost}, {StrD, StrDPre, StrDPost}, {StrQ, StrQPre, StrQPost}};
      const unsigned form = pre ? 1 : post ? 2 : 0;
      return (load ? kLoads : kStores)[scale - 2][form];
    }
    case InsnId::LDR_imm_pre:
    case InsnId::LDR_imm_post:
    case InsnId::LDRB_imm_pre:
    case InsnId::LDRB_imm_post: {
      if (rn == rd && rn != 31) return Generic;  // CONSTRAINED UNPREDICTABLE
      d.rd = xzr_dest(rd);
      d.imm = imm9;
      const bool pre = id == InsnId::LDR_imm_pre || id == InsnId::LDRB_imm_pre;
      if (id == InsnId::LDRB_imm_pre || id == InsnId::LDRB_imm_post)
        return pre ? LdrbPre : LdrbPost;
      if (wide) return pre ? LdrXPre : LdrXPost;
      return pre ? LdrWPre : LdrWPost;
    }
    case InsnId::STR_imm_pre:
    case InsnId::STR_imm_post:
    case InsnId::STRB_imm_pre:
    case InsnId::STRB_imm_post: {
      d.imm = imm9;
      const bool pre = id == InsnId::STR_imm_pre || id == InsnId::STRB_imm_pre;
      if (id == InsnId::STRB_imm_pre || id == InsnId::STRB_imm_post)
        return pre ? StrbPre : StrbPost;
      if (wide) return pre ? StrXPre : StrXPost;
      return pre ? StrWPre : StrWPost;
    }
    case InsnId::LDR_reg:
    case InsnId::STR_reg:
    case InsnId::LDRB_reg:
    case InsnId::STRB_reg:
    case InsnId::LDRH_reg:
    case InsnId::STRH_reg:
    case InsnId::LDRSW_reg: {
      const unsigned option = bits(insn, 15, 13);
      if ((option & 2) == 0) return Generic;  // UNDEFINED
      // An SP base (rare with a register offset) runs the table body: the specialised
      // bodies read X[n] without a check.
      if (rn == 31) return Generic;
      // UXTW, SXTW, or 64 bits (LSL / SXTX).
      d.imm2 = option == 0b010 || option == 0b110 ? 0xFFFFFFFFull : ~0ull;
      d.imm = option == 0b110 ? 0x80000000ull : 0;
      d.shift = static_cast<uint8_t>(bit(insn, 12) ? size_log2 : 0);
      FastOp op;
      switch (id) {
        case InsnId::LDR_reg:
          d.rd = xzr_dest(rd);
          op = wide ? LdrXReg : LdrWReg;
          break;
        case InsnId::STR_reg:
          op = wide ? StrXReg : StrWReg;
          break;
        case InsnId::LDRB_reg:
          d.rd = xzr_dest(rd);
          op = LdrbReg;
          break;
        case InsnId::STRB_reg:
          op = StrbReg;
          break;
        case InsnId::LDRH_reg:
          d.rd = xzr_dest(rd);
          op = LdrhReg;
          break;
        case InsnId::STRH_reg:
          op = StrhReg;
          break;
        default:
          d.rd = xzr_dest(rd);
          op = LdrswReg;
          break;
      }
      // LSL and SXTX (64 bits either way) use the plain bodies; UXTW and SXTW the
      // ...Ext ones, which follow them in the same order.
      if (option == 0b011 || option == 0b111) return op;
      return static_cast<FastOp>(static_cast<unsigned>(op) - static_cast<unsigned>(LdrbReg) +
                                 static_cast<unsigned>(LdrbRegExt));
    }
    case InsnId::MRS: {
      const SysRegInfo* r = sysreg_lookup(sysreg_key_of(insn));
      if (r == nullptr ||
          (!sysreg_read_is_plain_above_el0(*r) &&
           (r->access == SysRegAccess::WO || r->rules != sysreg_rule::kUndefSpSel0)))
        return Generic;
      d.rd = xzr_dest(rd);
      d.imm = reinterpret_cast<uintptr_t>(r);
      // A register that SysRegs holds, with no access rules, needs no more than a load;
      // the others keep the step loop's path of a table body, with a body of their own.
      if (r->field != nullptr && r->read == nullptr && r->rules == 0) return MrsField;
      d.fn = &run_mrs_read;
      return Generic;
    }
    case InsnId::MSR_reg: {
      // A register that SysRegs holds, written with its masks alone: no access rules,
      // no computed write, no side effect (sysreg_set does no more for it).
      const SysRegInfo* r = sysreg_lookup(sysreg_key_of(insn));
      if (r == nullptr || r->access == SysRegAccess::RO || r->rules != 0 || r->field == nullptr ||
          r->write != nullptr || r->effects != 0)
        return Generic;
      d.imm = reinterpret_cast<uintptr_t>(r);
      d.fn = &run_msr_field;
      return Generic;
    }
    case InsnId::LDR_lit:
      d.rd = xzr_dest(rd);
      d.imm = sext(bits(insn, 23, 5), 19) << 2;
      return bit(insn, 30) ? LdrXLit : LdrWLit;
    case InsnId::LDP_off:
    case InsnId::LDP_pre:
    case InsnId::LDP_post:
    case InsnId::STP_off:
    case InsnId::STP_pre:
    case InsnId::STP_post: {
      // Rt2 goes in rm.
      const unsigned rt2 = bits(insn, 14, 10);
      const bool pair64 = bit(insn, 31);
      const bool load = id == InsnId::LDP_off || id == InsnId::LDP_pre || id == InsnId::LDP_post;
      const bool writeback = id != InsnId::LDP_off && id != InsnId::STP_off;
      if (load && rd == rt2) return Generic;  // CONSTRAINED UNPREDICTABLE
      if (writeback && rn != 31 && (rn == rd || rn == rt2)) return Generic;
      d.imm = sext(bits(insn, 21, 15), 7) << (pair64 ? 3 : 2);
      d.rd = load ? xzr_dest(rd) : static_cast<uint8_t>(rd);
      d.rm = load ? xzr_dest(rt2) : static_cast<uint8_t>(rt2);
      const FastOp base = load ? (pair64 ? LdpX : LdpW) : (pair64 ? StpX : StpW);
      const unsigned k = id == InsnId::LDP_pre || id == InsnId::STP_pre     ? 1
                         : id == InsnId::LDP_post || id == InsnId::STP_post ? 2
                                                                            : 0;
      return static_cast<FastOp>(static_cast<unsigned>(base) + k);
    }
    default:
      return Generic;
  }
}

}  // namespace

void predecode(Decoded& d) {
  const uint32_t raw = d.raw;
  d = Decoded{};
  d.raw = raw;
  const InsnId id = decode(raw);
  d.id = static_cast<uint16_t>(id);
  const InsnInfo* info = insn_info(id);
  if (info == nullptr) {
    d.fn = &run_unallocated;
    d.op = static_cast<uint16_t>(FastOp::Generic);
    return;
  }
  d.fn = info->run;
  Decoded s = d;
  const FastOp op = specialise(s, id);
  if (op != FastOp::Generic || s.fn != d.fn) d = s;  // a specialised body or table body
  d.op = static_cast<uint16_t>(op);
}

void place_in_page(Decoded& d, unsigned offset) {
  using enum FastOp;
  switch (static_cast<FastOp>(d.op)) {
    case Adr:
      if (d.id == static_cast<uint16_t>(InsnId::ADRP)) return;  // relative to the page already
      d.imm += offset;
      return;
    case LdrWLit:
    case LdrXLit:
      d.imm += offset;
      return;
    case B:
    case Bl:
    case BCond:
    case Cbz64:
    case Cbnz64:
    case Cbz32:
    case Cbnz32:
    case Tbz:
    case Tbnz:
      d.imm += offset;
      d.imm2 = offset;
      return;
    case Br:
    case Blr:
      d.imm2 = offset;
      return;
    default:
      return;
  }
}

}  // namespace isa
