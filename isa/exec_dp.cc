// Data-processing instruction bodies (Arm ARM C6.2), integer base instructions.
//
// Register 31 is XZR unless the Arm ARM says SP: cpu.x()/set_x() read and write
// XZR, cpu.x_or_sp()/set_x_or_sp() SP. A 32-bit (sf=0) operation works on the low
// 32 bits of its operands and zero-extends its result into the X register.
#include <array>
#include <bit>

#include "isa/alu.h"
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"

namespace isa {

namespace {

// ExtendReg(): option<2> selects sign extension, option<1:0> the source size.
constexpr uint64_t extend_reg(uint64_t x, unsigned option, unsigned shift, bool sf) {
  const unsigned len = 8u << (option & 3);
  const uint64_t v = (option & 4) ? static_cast<uint64_t>(sign_extend(x, len)) : x & ones(len);
  return trunc(v << shift, sf);
}

// The datasize-wide immediate of a logical (immediate) instruction; false when
// UNDEFINED (N=1 with sf=0, or a reserved element).
inline bool logical_imm(uint32_t insn, bool sf, uint64_t& imm) {
  if (!sf && bit(insn, 22)) return false;
  const BitMasks m = decode_bit_masks(bit(insn, 22), bits(insn, 15, 10), bits(insn, 21, 16), true);
  imm = trunc(m.wmask, sf);
  return m.ok;
}

// ---- bodies shared by related encodings ----

enum class LogicOp { AND, ORR, EOR, ANDS };

inline void logical_shift(Cpu& cpu, uint32_t insn, LogicOp op, bool invert) {
  const bool sf = bit(insn, 31);
  const unsigned amount = bits(insn, 15, 10);
  if (!sf && amount >= 32) return (void)cpu.undefined();
  uint64_t operand2 =
      shift_reg(cpu.x(bits(insn, 20, 16)), static_cast<ShiftType>(bits(insn, 23, 22)), amount, sf);
  if (invert) operand2 = trunc(~operand2, sf);
  const uint64_t operand1 = trunc(cpu.x(bits(insn, 9, 5)), sf);
  uint64_t result;
  switch (op) {
    case LogicOp::ORR:
      result = operand1 | operand2;
      break;
    case LogicOp::EOR:
      result = operand1 ^ operand2;
      break;
    default:
      result = operand1 & operand2;
      break;
  }
  if (op == LogicOp::ANDS) set_flags(cpu, logic_flags(result, sf));
  cpu.set_x(bits(insn, 4, 0), result);
}

inline void add_sub_shift(Cpu& cpu, uint32_t insn, bool sub, bool setflags) {
  const bool sf = bit(insn, 31);
  const unsigned shift = bits(insn, 23, 22);
  const unsigned amount = bits(insn, 15, 10);
  if (shift == 3 || (!sf && amount >= 32)) return (void)cpu.undefined();
  uint64_t operand2 =
      shift_reg(cpu.x(bits(insn, 20, 16)), static_cast<ShiftType>(shift), amount, sf);
  if (sub) operand2 = ~operand2;
  const AddResult r = add_with_carry(cpu.x(bits(insn, 9, 5)), operand2, sub, sf);
  if (setflags) set_flags(cpu, r.flags);
  cpu.set_x(bits(insn, 4, 0), trunc(r.result, sf));
}

inline void add_sub_ext(Cpu& cpu, uint32_t insn, bool sub, bool setflags) {
  const bool sf = bit(insn, 31);
  const unsigned shift = bits(insn, 12, 10);
  if (shift > 4) return (void)cpu.undefined();
  uint64_t operand2 = extend_reg(cpu.x(bits(insn, 20, 16)), bits(insn, 15, 13), shift, sf);
  if (sub) operand2 = ~operand2;
  const AddResult r = add_with_carry(cpu.x_or_sp(bits(insn, 9, 5)), operand2, sub, sf);
  const unsigned d = bits(insn, 4, 0);
  if (setflags) {
    set_flags(cpu, r.flags);
    cpu.set_x(d, trunc(r.result, sf));
  } else {
    cpu.set_x_or_sp(d, trunc(r.result, sf));
  }
}

inline void add_sub_imm(Cpu& cpu, uint32_t insn, bool sub, bool setflags) {
  const bool sf = bit(insn, 31);
  uint64_t imm = uint64_t{bits(insn, 21, 10)} << (bit(insn, 22) ? 12 : 0);
  if (sub) imm = ~imm;
  const AddResult r = add_with_carry(cpu.x_or_sp(bits(insn, 9, 5)), imm, sub, sf);
  const unsigned d = bits(insn, 4, 0);
  if (setflags) {
    set_flags(cpu, r.flags);
    cpu.set_x(d, trunc(r.result, sf));
  } else {
    cpu.set_x_or_sp(d, trunc(r.result, sf));
  }
}

inline void add_sub_carry(Cpu& cpu, uint32_t insn, bool sub, bool setflags) {
  const bool sf = bit(insn, 31);
  uint64_t operand2 = cpu.x(bits(insn, 20, 16));
  if (sub) operand2 = ~operand2;
  const AddResult r = add_with_carry(cpu.x(bits(insn, 9, 5)), operand2, cpu.pstate().c, sf);
  if (setflags) set_flags(cpu, r.flags);
  cpu.set_x(bits(insn, 4, 0), trunc(r.result, sf));
}

// CCMN/CCMP: operand2 is Rm (register forms) or imm5 (immediate forms).
inline void cond_compare(Cpu& cpu, uint32_t insn, bool sub, uint64_t operand2) {
  if (!cpu.condition_holds(bits(insn, 15, 12))) return set_nzcv(cpu, bits(insn, 3, 0));
  if (sub) operand2 = ~operand2;
  set_flags(cpu, add_with_carry(cpu.x(bits(insn, 9, 5)), operand2, sub, bit(insn, 31)).flags);
}

// CSEL/CSINC/CSINV/CSNEG.
inline void cond_select(Cpu& cpu, uint32_t insn, bool else_inv, bool else_inc) {
  const bool sf = bit(insn, 31);
  uint64_t result;
  if (cpu.condition_holds(bits(insn, 15, 12))) {
    result = cpu.x(bits(insn, 9, 5));
  } else {
    result = cpu.x(bits(insn, 20, 16));
    if (else_inv) result = ~result;
    if (else_inc) result++;
  }
  cpu.set_x(bits(insn, 4, 0), trunc(result, sf));
}

enum class BitfieldOp { SBFM, BFM, UBFM };

inline void bitfield(Cpu& cpu, uint32_t insn, BitfieldOp op) {
  const bool sf = bit(insn, 31);
  const unsigned n = bit(insn, 22), immr = bits(insn, 21, 16), imms = bits(insn, 15, 10);
  if (n != sf || (!sf && (immr >= 32 || imms >= 32))) return (void)cpu.undefined();
  const BitMasks m = decode_bit_masks(n, imms, immr, false);
  const unsigned d = bits(insn, 4, 0);
  const uint64_t src = trunc(cpu.x(bits(insn, 9, 5)), sf);
  const uint64_t rotated = ror(src, immr, datasize(sf));
  uint64_t result;
  switch (op) {
    case BitfieldOp::SBFM: {
      const uint64_t bot = rotated & m.wmask;
      const uint64_t top = (src >> imms & 1) ? ~0ull : 0;
      result = (top & ~m.tmask) | (bot & m.tmask);
      break;
    }
    case BitfieldOp::BFM: {
      const uint64_t dst = cpu.x(d);
      const uint64_t bot = (dst & ~m.wmask) | (rotated & m.wmask);
      result = (dst & ~m.tmask) | (bot & m.tmask);
      break;
    }
    default:
      result = rotated & m.wmask & m.tmask;
      break;
  }
  cpu.set_x(d, trunc(result, sf));
}

// MOVN/MOVZ/MOVK: false when UNDEFINED (hw<1>=1 with sf=0).
inline bool move_wide_operands(uint32_t insn, unsigned& pos, uint64_t& imm) {
  const unsigned hw = bits(insn, 22, 21);
  if (!bit(insn, 31) && hw >= 2) return false;
  pos = hw * 16;
  imm = uint64_t{bits(insn, 20, 5)} << pos;
  return true;
}

// ---- one source ----

constexpr uint64_t reverse_bits(uint64_t x) {
  x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
  x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
  x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
  return __builtin_bswap64(x);
}

// Reverse the bytes within each 16-bit halfword.
constexpr uint64_t rev16(uint64_t x) {
  return ((x >> 8) & 0x00FF00FF00FF00FFull) | ((x & 0x00FF00FF00FF00FFull) << 8);
}

// CountLeadingSignBits(x) for a datasize-wide x.
constexpr unsigned count_leading_sign_bits(uint64_t x, bool sf) {
  if (sf) return std::countl_zero(x ^ static_cast<uint64_t>(static_cast<int64_t>(x) >> 1)) - 1;
  const uint32_t w = static_cast<uint32_t>(x);
  return std::countl_zero(w ^ static_cast<uint32_t>(static_cast<int32_t>(w) >> 1)) - 1;
}

// ---- CRC32 ----

// One table per polynomial, bit-reflected (the Arm ARM's BitReverse() around
// Poly32Mod2() makes the instruction the usual reflected CRC update, without the
// initial and final inversions).
constexpr std::array<uint32_t, 256> crc_table(uint32_t reflected_poly) {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ ((c & 1) ? reflected_poly : 0);
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kCrc32Table = crc_table(0xEDB88320);   // 0x04C11DB7
constexpr std::array<uint32_t, 256> kCrc32cTable = crc_table(0x82F63B78);  // 0x1EDC6F41

inline void crc32(Cpu& cpu, uint32_t insn, unsigned bytes, const std::array<uint32_t, 256>& table) {
  uint32_t acc = cpu.w(bits(insn, 9, 5));
  uint64_t val = cpu.x(bits(insn, 20, 16));
  for (unsigned i = 0; i < bytes; ++i, val >>= 8) acc = (acc >> 8) ^ table[(acc ^ val) & 0xFF];
  cpu.set_x(bits(insn, 4, 0), acc);
}

// ---- multiply ----

inline void multiply_add(Cpu& cpu, uint32_t insn, uint64_t product, bool sub, bool sf) {
  const uint64_t a = cpu.x(bits(insn, 14, 10));
  cpu.set_x(bits(insn, 4, 0), trunc(sub ? a - product : a + product, sf));
}

inline uint64_t signed_product_32(Cpu& cpu, uint32_t insn) {
  return static_cast<uint64_t>(int64_t{static_cast<int32_t>(cpu.w(bits(insn, 9, 5)))} *
                               static_cast<int32_t>(cpu.w(bits(insn, 20, 16))));
}

inline uint64_t unsigned_product_32(Cpu& cpu, uint32_t insn) {
  return uint64_t{cpu.w(bits(insn, 9, 5))} * cpu.w(bits(insn, 20, 16));
}

}  // namespace

// ---------------------------------------------------------------------------
// Data processing (immediate)

void exec_ADR(Cpu& cpu, uint32_t insn) {
  const int64_t imm = sign_extend((bits(insn, 23, 5) << 2) | bits(insn, 30, 29), 21);
  cpu.set_x(bits(insn, 4, 0), cpu.pc() + static_cast<uint64_t>(imm));
}

void exec_ADRP(Cpu& cpu, uint32_t insn) {
  const int64_t imm = sign_extend((bits(insn, 23, 5) << 2) | bits(insn, 30, 29), 21);
  cpu.set_x(bits(insn, 4, 0), (cpu.pc() & ~0xFFFull) + (static_cast<uint64_t>(imm) << 12));
}

void exec_ADD_imm(Cpu& cpu, uint32_t insn) { add_sub_imm(cpu, insn, false, false); }
void exec_ADDS_imm(Cpu& cpu, uint32_t insn) { add_sub_imm(cpu, insn, false, true); }
void exec_SUB_imm(Cpu& cpu, uint32_t insn) { add_sub_imm(cpu, insn, true, false); }
void exec_SUBS_imm(Cpu& cpu, uint32_t insn) { add_sub_imm(cpu, insn, true, true); }

void exec_AND_imm(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  uint64_t imm;
  if (!logical_imm(insn, sf, imm)) return (void)cpu.undefined();
  cpu.set_x_or_sp(bits(insn, 4, 0), trunc(cpu.x(bits(insn, 9, 5)), sf) & imm);
}

void exec_ORR_imm(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  uint64_t imm;
  if (!logical_imm(insn, sf, imm)) return (void)cpu.undefined();
  cpu.set_x_or_sp(bits(insn, 4, 0), trunc(cpu.x(bits(insn, 9, 5)), sf) | imm);
}

void exec_EOR_imm(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  uint64_t imm;
  if (!logical_imm(insn, sf, imm)) return (void)cpu.undefined();
  cpu.set_x_or_sp(bits(insn, 4, 0), trunc(cpu.x(bits(insn, 9, 5)), sf) ^ imm);
}

void exec_ANDS_imm(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  uint64_t imm;
  if (!logical_imm(insn, sf, imm)) return (void)cpu.undefined();
  const uint64_t result = trunc(cpu.x(bits(insn, 9, 5)), sf) & imm;
  set_flags(cpu, logic_flags(result, sf));
  cpu.set_x(bits(insn, 4, 0), result);
}

void exec_MOVN(Cpu& cpu, uint32_t insn) {
  unsigned pos;
  uint64_t imm;
  if (!move_wide_operands(insn, pos, imm)) return (void)cpu.undefined();
  cpu.set_x(bits(insn, 4, 0), trunc(~imm, bit(insn, 31)));
}

void exec_MOVZ(Cpu& cpu, uint32_t insn) {
  unsigned pos;
  uint64_t imm;
  if (!move_wide_operands(insn, pos, imm)) return (void)cpu.undefined();
  cpu.set_x(bits(insn, 4, 0), imm);
}

void exec_MOVK(Cpu& cpu, uint32_t insn) {
  unsigned pos;
  uint64_t imm;
  if (!move_wide_operands(insn, pos, imm)) return (void)cpu.undefined();
  const unsigned d = bits(insn, 4, 0);
  const uint64_t result = (cpu.x(d) & ~(0xFFFFull << pos)) | imm;
  cpu.set_x(d, trunc(result, bit(insn, 31)));
}

void exec_SBFM(Cpu& cpu, uint32_t insn) { bitfield(cpu, insn, BitfieldOp::SBFM); }
void exec_BFM(Cpu& cpu, uint32_t insn) { bitfield(cpu, insn, BitfieldOp::BFM); }
void exec_UBFM(Cpu& cpu, uint32_t insn) { bitfield(cpu, insn, BitfieldOp::UBFM); }

void exec_EXTR(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  const unsigned lsb = bits(insn, 15, 10);
  if (bit(insn, 22) != sf || (!sf && lsb >= 32)) return (void)cpu.undefined();
  const uint64_t hi = cpu.x(bits(insn, 9, 5)), lo = cpu.x(bits(insn, 20, 16));
  uint64_t result;
  if (sf)
    result = lsb == 0 ? lo : (lo >> lsb) | (hi << (64 - lsb));
  else
    result = static_cast<uint32_t>(((hi << 32) | static_cast<uint32_t>(lo)) >> lsb);
  cpu.set_x(bits(insn, 4, 0), result);
}

// ---------------------------------------------------------------------------
// Data processing (register)

void exec_AND_shift(Cpu& cpu, uint32_t insn) { logical_shift(cpu, insn, LogicOp::AND, false); }
void exec_BIC_shift(Cpu& cpu, uint32_t insn) { logical_shift(cpu, insn, LogicOp::AND, true); }
void exec_ORR_shift(Cpu& cpu, uint32_t insn) { logical_shift(cpu, insn, LogicOp::ORR, false); }
void exec_ORN_shift(Cpu& cpu, uint32_t insn) { logical_shift(cpu, insn, LogicOp::ORR, true); }
void exec_EOR_shift(Cpu& cpu, uint32_t insn) { logical_shift(cpu, insn, LogicOp::EOR, false); }
void exec_EON_shift(Cpu& cpu, uint32_t insn) { logical_shift(cpu, insn, LogicOp::EOR, true); }
void exec_ANDS_shift(Cpu& cpu, uint32_t insn) { logical_shift(cpu, insn, LogicOp::ANDS, false); }
void exec_BICS_shift(Cpu& cpu, uint32_t insn) { logical_shift(cpu, insn, LogicOp::ANDS, true); }

void exec_ADD_shift(Cpu& cpu, uint32_t insn) { add_sub_shift(cpu, insn, false, false); }
void exec_ADDS_shift(Cpu& cpu, uint32_t insn) { add_sub_shift(cpu, insn, false, true); }
void exec_SUB_shift(Cpu& cpu, uint32_t insn) { add_sub_shift(cpu, insn, true, false); }
void exec_SUBS_shift(Cpu& cpu, uint32_t insn) { add_sub_shift(cpu, insn, true, true); }

void exec_ADD_ext(Cpu& cpu, uint32_t insn) { add_sub_ext(cpu, insn, false, false); }
void exec_ADDS_ext(Cpu& cpu, uint32_t insn) { add_sub_ext(cpu, insn, false, true); }
void exec_SUB_ext(Cpu& cpu, uint32_t insn) { add_sub_ext(cpu, insn, true, false); }
void exec_SUBS_ext(Cpu& cpu, uint32_t insn) { add_sub_ext(cpu, insn, true, true); }

void exec_ADC(Cpu& cpu, uint32_t insn) { add_sub_carry(cpu, insn, false, false); }
void exec_ADCS(Cpu& cpu, uint32_t insn) { add_sub_carry(cpu, insn, false, true); }
void exec_SBC(Cpu& cpu, uint32_t insn) { add_sub_carry(cpu, insn, true, false); }
void exec_SBCS(Cpu& cpu, uint32_t insn) { add_sub_carry(cpu, insn, true, true); }

void exec_CCMN_reg(Cpu& cpu, uint32_t insn) {
  cond_compare(cpu, insn, false, cpu.x(bits(insn, 20, 16)));
}
void exec_CCMP_reg(Cpu& cpu, uint32_t insn) {
  cond_compare(cpu, insn, true, cpu.x(bits(insn, 20, 16)));
}
void exec_CCMN_imm(Cpu& cpu, uint32_t insn) { cond_compare(cpu, insn, false, bits(insn, 20, 16)); }
void exec_CCMP_imm(Cpu& cpu, uint32_t insn) { cond_compare(cpu, insn, true, bits(insn, 20, 16)); }

void exec_CSEL(Cpu& cpu, uint32_t insn) { cond_select(cpu, insn, false, false); }
void exec_CSINC(Cpu& cpu, uint32_t insn) { cond_select(cpu, insn, false, true); }
void exec_CSINV(Cpu& cpu, uint32_t insn) { cond_select(cpu, insn, true, false); }
void exec_CSNEG(Cpu& cpu, uint32_t insn) { cond_select(cpu, insn, true, true); }

void exec_RBIT_int(Cpu& cpu, uint32_t insn) {
  const uint64_t r = reverse_bits(cpu.x(bits(insn, 9, 5)));
  cpu.set_x(bits(insn, 4, 0), bit(insn, 31) ? r : r >> 32);
}

void exec_REV16_int(Cpu& cpu, uint32_t insn) {
  cpu.set_x(bits(insn, 4, 0), trunc(rev16(cpu.x(bits(insn, 9, 5))), bit(insn, 31)));
}

void exec_REV_32(Cpu& cpu, uint32_t insn) {
  cpu.set_x(bits(insn, 4, 0), __builtin_bswap32(cpu.w(bits(insn, 9, 5))));
}

void exec_REV32_int(Cpu& cpu, uint32_t insn) {
  const uint64_t x = cpu.x(bits(insn, 9, 5));
  cpu.set_x(bits(insn, 4, 0), uint64_t{__builtin_bswap32(static_cast<uint32_t>(x >> 32))} << 32 |
                                  __builtin_bswap32(static_cast<uint32_t>(x)));
}

void exec_REV_64(Cpu& cpu, uint32_t insn) {
  cpu.set_x(bits(insn, 4, 0), __builtin_bswap64(cpu.x(bits(insn, 9, 5))));
}

void exec_CLZ_int(Cpu& cpu, uint32_t insn) {
  const uint64_t x = cpu.x(bits(insn, 9, 5));
  cpu.set_x(bits(insn, 4, 0),
            bit(insn, 31) ? std::countl_zero(x) : std::countl_zero(static_cast<uint32_t>(x)));
}

void exec_CLS_int(Cpu& cpu, uint32_t insn) {
  cpu.set_x(bits(insn, 4, 0), count_leading_sign_bits(cpu.x(bits(insn, 9, 5)), bit(insn, 31)));
}

void exec_UDIV(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  const uint64_t n = trunc(cpu.x(bits(insn, 9, 5)), sf), m = trunc(cpu.x(bits(insn, 20, 16)), sf);
  cpu.set_x(bits(insn, 4, 0), m == 0 ? 0 : n / m);
}

void exec_SDIV(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  const int64_t n = sign_extend(cpu.x(bits(insn, 9, 5)), datasize(sf));
  const int64_t m = sign_extend(cpu.x(bits(insn, 20, 16)), datasize(sf));
  uint64_t result;
  if (m == 0)
    result = 0;
  else if (m == -1)  // INT64_MIN / -1 wraps to INT64_MIN; no host overflow
    result = 0 - static_cast<uint64_t>(n);
  else
    result = static_cast<uint64_t>(n / m);
  cpu.set_x(bits(insn, 4, 0), trunc(result, sf));
}

void exec_LSLV(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  cpu.set_x(bits(insn, 4, 0), shift_reg(cpu.x(bits(insn, 9, 5)), ShiftType::LSL,
                                        cpu.x(bits(insn, 20, 16)) % datasize(sf), sf));
}
void exec_LSRV(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  cpu.set_x(bits(insn, 4, 0), shift_reg(cpu.x(bits(insn, 9, 5)), ShiftType::LSR,
                                        cpu.x(bits(insn, 20, 16)) % datasize(sf), sf));
}
void exec_ASRV(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  cpu.set_x(bits(insn, 4, 0), shift_reg(cpu.x(bits(insn, 9, 5)), ShiftType::ASR,
                                        cpu.x(bits(insn, 20, 16)) % datasize(sf), sf));
}
void exec_RORV(Cpu& cpu, uint32_t insn) {
  const bool sf = bit(insn, 31);
  cpu.set_x(bits(insn, 4, 0), shift_reg(cpu.x(bits(insn, 9, 5)), ShiftType::ROR,
                                        cpu.x(bits(insn, 20, 16)) % datasize(sf), sf));
}

void exec_CRC32B(Cpu& cpu, uint32_t insn) { crc32(cpu, insn, 1, kCrc32Table); }
void exec_CRC32H(Cpu& cpu, uint32_t insn) { crc32(cpu, insn, 2, kCrc32Table); }
void exec_CRC32W(Cpu& cpu, uint32_t insn) { crc32(cpu, insn, 4, kCrc32Table); }
void exec_CRC32X(Cpu& cpu, uint32_t insn) { crc32(cpu, insn, 8, kCrc32Table); }
void exec_CRC32CB(Cpu& cpu, uint32_t insn) { crc32(cpu, insn, 1, kCrc32cTable); }
void exec_CRC32CH(Cpu& cpu, uint32_t insn) { crc32(cpu, insn, 2, kCrc32cTable); }
void exec_CRC32CW(Cpu& cpu, uint32_t insn) { crc32(cpu, insn, 4, kCrc32cTable); }
void exec_CRC32CX(Cpu& cpu, uint32_t insn) { crc32(cpu, insn, 8, kCrc32cTable); }

void exec_MADD(Cpu& cpu, uint32_t insn) {
  multiply_add(cpu, insn, cpu.x(bits(insn, 9, 5)) * cpu.x(bits(insn, 20, 16)), false,
               bit(insn, 31));
}
void exec_MSUB(Cpu& cpu, uint32_t insn) {
  multiply_add(cpu, insn, cpu.x(bits(insn, 9, 5)) * cpu.x(bits(insn, 20, 16)), true, bit(insn, 31));
}
void exec_SMADDL(Cpu& cpu, uint32_t insn) {
  multiply_add(cpu, insn, signed_product_32(cpu, insn), false, true);
}
void exec_SMSUBL(Cpu& cpu, uint32_t insn) {
  multiply_add(cpu, insn, signed_product_32(cpu, insn), true, true);
}
void exec_UMADDL(Cpu& cpu, uint32_t insn) {
  multiply_add(cpu, insn, unsigned_product_32(cpu, insn), false, true);
}
void exec_UMSUBL(Cpu& cpu, uint32_t insn) {
  multiply_add(cpu, insn, unsigned_product_32(cpu, insn), true, true);
}

void exec_SMULH(Cpu& cpu, uint32_t insn) {
  const __int128 p = __int128{static_cast<int64_t>(cpu.x(bits(insn, 9, 5)))} *
                     static_cast<int64_t>(cpu.x(bits(insn, 20, 16)));
  cpu.set_x(bits(insn, 4, 0), static_cast<uint64_t>(p >> 64));
}

void exec_UMULH(Cpu& cpu, uint32_t insn) {
  const unsigned __int128 p =
      static_cast<unsigned __int128>(cpu.x(bits(insn, 9, 5))) * cpu.x(bits(insn, 20, 16));
  cpu.set_x(bits(insn, 4, 0), static_cast<uint64_t>(p >> 64));
}

}  // namespace isa
