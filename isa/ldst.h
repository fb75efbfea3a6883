// Addressing of the load/store encodings (Arm ARM C6.2, C7.2), shared by the integer
// bodies (exec_ldst.cc) and the SIMD&FP ones (exec_simd.cc): register fields, the
// offsets of the immediate and register-offset forms, and the base register.
#pragma once

#include <cstdint>

#include "isa/bits.h"
#include "isa/cpu.h"

namespace isa::ldst {

// Which address a single-register or pair access uses, and whether it writes back.
enum class Index : uint8_t {
  Offset,  // address = base + offset, no writeback
  Pre,     // address = base + offset, base = address
  Post,    // address = base, base = base + offset
};

constexpr unsigned field_t(uint32_t insn) { return bits(insn, 4, 0); }
constexpr unsigned field_n(uint32_t insn) { return bits(insn, 9, 5); }
constexpr unsigned field_t2(uint32_t insn) { return bits(insn, 14, 10); }
constexpr unsigned field_m(uint32_t insn) { return bits(insn, 20, 16); }
constexpr unsigned field_s(uint32_t insn) { return bits(insn, 20, 16); }  // exclusives' Rs

// The offsets of the immediate forms.
constexpr uint64_t imm9(uint32_t insn) {
  return static_cast<uint64_t>(sign_extend(bits(insn, 20, 12), 9));
}
constexpr uint64_t uimm12(uint32_t insn, unsigned scale) {
  return uint64_t{bits(insn, 21, 10)} << scale;
}
constexpr uint64_t imm7(uint32_t insn, unsigned scale) {
  return static_cast<uint64_t>(sign_extend(bits(insn, 21, 15), 7)) << scale;
}

// ExtendReg(m, option, shift) of the register-offset forms. option<1> == 0 is
// UNDEFINED (checked by reg_offset()).
constexpr uint64_t extend_reg(uint64_t xm, unsigned option, unsigned shift) {
  uint64_t v;
  switch (option) {
    case 0b010:
      v = static_cast<uint32_t>(xm);
      break;  // UXTW
    case 0b110:
      v = static_cast<uint64_t>(int64_t{static_cast<int32_t>(xm)});
      break;  // SXTW
    default:
      v = xm;
      break;  // LSL/SXTX
  }
  return v << shift;
}

// The offset of a register-offset form: X[m] extended and shifted by `scale` when S.
inline bool reg_offset(Cpu& cpu, uint32_t insn, unsigned scale, uint64_t& offset) {
  const unsigned option = bits(insn, 15, 13);
  offset = 0;
  if ((option & 2) == 0) return cpu.undefined();
  offset = extend_reg(cpu.x(field_m(insn)), option, bit(insn, 12) ? scale : 0);
  return true;
}

// The base register: SP (after CheckSPAlignment()) or X[n].
inline bool base_address(Cpu& cpu, unsigned n, uint64_t& address) {
  if (n == 31) {
    if (!cpu.check_sp_alignment()) return false;
    address = cpu.sp();
  } else {
    address = cpu.x(n);
  }
  return true;
}

}  // namespace isa::ldst
