// Bodies of the AdvSIMD integer two-register miscellaneous (vector and scalar), across-lanes,
// scalar pairwise, permute, extract and table-lookup groups.
//
// Every body rejects its reserved size/Q combinations (UNDEFINED) first, then checks
// CheckFPAdvSIMDEnabled64(). The sources are copied out before Vd is written, so Vd
// may be one of them. Q = 0 vector forms clear bits 127:64 of Vd (the "2" narrowing
// forms write the upper half and keep the lower); scalar forms clear Vd above the
// element. A saturating operation sets FPSR.QC when any element saturates.
#include <algorithm>
#include <bit>
#include <cstdint>

#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/simd.h"

namespace isa {

namespace {

using simd::enter;
using simd::get_elem;
using simd::read_vec;
using simd::sat_signed;
using simd::sat_unsigned;
using simd::Vec;
using simd::write_scalar;
using simd::write_vec;

using simd::field_d;
using simd::field_m;
using simd::field_n;
using simd::field_q;
using simd::field_size;
// Element size in bytes from size<1:0>.
constexpr unsigned size_bytes(uint32_t insn) { return 1u << field_size(insn); }
// size == 11 with Q == 0: the reserved 1D arrangement.
constexpr bool one_d(uint32_t insn) { return field_size(insn) == 3 && !field_q(insn); }

// ---- element operations: op(Elem[Vn], Elem[Vd], esize, sat), operands zero-extended ----

constexpr auto kSuqadd = [](uint64_t n, uint64_t d, unsigned esize, bool& sat) {
  return sat_signed(__int128{n} + sign_extend(d, esize), esize, sat);
};
constexpr auto kUsqadd = [](uint64_t n, uint64_t d, unsigned esize, bool& sat) {
  return sat_unsigned(__int128{sign_extend(n, esize)} + d, esize, sat);
};
constexpr auto kSqabs = [](uint64_t n, uint64_t, unsigned esize, bool& sat) {
  const __int128 v = sign_extend(n, esize);
  return sat_signed(v < 0 ? -v : v, esize, sat);
};
constexpr auto kSqneg = [](uint64_t n, uint64_t, unsigned esize, bool& sat) {
  return sat_signed(-__int128{sign_extend(n, esize)}, esize, sat);
};
constexpr auto kAbs = [](uint64_t n, uint64_t, unsigned esize, bool&) {
  return sign_extend(n, esize) < 0 ? (0 - n) & ones(esize) : n;
};
constexpr auto kNeg = [](uint64_t n, uint64_t, unsigned esize, bool&) {
  return (0 - n) & ones(esize);
};
// CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>).
constexpr auto kCls = [](uint64_t n, uint64_t, unsigned esize, bool&) -> uint64_t {
  return esize - 1 - std::bit_width((n ^ (n >> 1)) & ones(esize - 1));
};
constexpr auto kClz = [](uint64_t n, uint64_t, unsigned esize, bool&) -> uint64_t {
  return esize - std::bit_width(n);
};
constexpr auto kCnt = [](uint64_t n, uint64_t, unsigned, bool&) -> uint64_t {
  return std::popcount(n);
};
constexpr auto kNot = [](uint64_t n, uint64_t, unsigned esize, bool&) { return ~n & ones(esize); };
constexpr auto kRbit8 = [](uint64_t n, uint64_t, unsigned, bool&) -> uint64_t {
  uint64_t r = 0;
  for (unsigned i = 0; i < 8; ++i) r |= ((n >> i) & 1) << (7 - i);
  return r;
};

// The compares with zero: all ones where cond(SInt(element)) holds.
template <typename Cond>
constexpr auto compare_zero(Cond cond) {
  return [cond](uint64_t n, uint64_t, unsigned esize, bool&) {
    return cond(sign_extend(n, esize)) ? ones(esize) : 0;
  };
}
constexpr auto kCmgt0 = compare_zero([](int64_t v) { return v > 0; });
constexpr auto kCmge0 = compare_zero([](int64_t v) { return v >= 0; });
constexpr auto kCmeq0 = compare_zero([](int64_t v) { return v == 0; });
constexpr auto kCmle0 = compare_zero([](int64_t v) { return v <= 0; });
constexpr auto kCmlt0 = compare_zero([](int64_t v) { return v < 0; });

// Element-wise over a vector of elements of `ebytes` bytes.
template <typename Op>
void elementwise_vector(Cpu& cpu, uint32_t insn, bool reserved, unsigned ebytes, Op op) {
  if (!enter(cpu, reserved)) return;
  const bool q = field_q(insn);
  const unsigned elements = (q ? 16 : 8) / ebytes;
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec d = read_vec(cpu, field_d(insn));
  Vec r;
  bool sat = false;
  for (unsigned e = 0; e < elements; ++e)
    r.set(e, ebytes, op(n.get(e, ebytes), d.get(e, ebytes), 8 * ebytes, sat));
  write_vec(cpu, field_d(insn), r, q);
  if (sat) simd::set_qc(cpu);
}
template <typename Op>
void elementwise_vector(Cpu& cpu, uint32_t insn, bool reserved, Op op) {
  elementwise_vector(cpu, insn, reserved, size_bytes(insn), op);
}

// The same on the scalar (element 0) of the size given by size<1:0>.
template <typename Op>
void elementwise_scalar(Cpu& cpu, uint32_t insn, bool reserved, Op op) {
  if (!enter(cpu, reserved)) return;
  const unsigned ebytes = size_bytes(insn);
  const uint64_t n = get_elem(cpu.vreg(field_n(insn)), 0, ebytes);
  const uint64_t d = get_elem(cpu.vreg(field_d(insn)), 0, ebytes);
  bool sat = false;
  const uint64_t r = op(n, d, 8 * ebytes, sat);
  write_scalar(cpu, field_d(insn), ebytes, r);
  if (sat) simd::set_qc(cpu);
}

// ---- reverse, pairwise add long, narrow, widen ----

// REV16/REV32/REV64: the elements reversed within each container of `container` bytes;
// an element as large as the container is reserved.
void reverse(Cpu& cpu, uint32_t insn, unsigned container) {
  const unsigned ebytes = size_bytes(insn);
  if (!enter(cpu, ebytes >= container)) return;
  const bool q = field_q(insn);
  const unsigned elements = (q ? 16 : 8) / ebytes;
  const unsigned flip = container / ebytes - 1;
  const Vec n = read_vec(cpu, field_n(insn));
  Vec r;
  for (unsigned e = 0; e < elements; ++e) r.set(e, ebytes, n.get(e ^ flip, ebytes));
  write_vec(cpu, field_d(insn), r, q);
}

// SADDLP/UADDLP/SADALP/UADALP: adjacent pairs of elements added into elements of twice
// the size, added to Vd's elements when accumulating.
template <bool kSigned, bool kAccumulate>
void add_long_pairwise(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, field_size(insn) == 3)) return;
  const unsigned ebytes = size_bytes(insn);
  const bool q = field_q(insn);
  const unsigned elements = (q ? 16 : 8) / (2 * ebytes);
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec d = read_vec(cpu, field_d(insn));
  auto ext = [&](unsigned i) {
    return kSigned ? static_cast<uint64_t>(n.sget(i, ebytes)) : n.get(i, ebytes);
  };
  Vec r;
  for (unsigned e = 0; e < elements; ++e) {
    uint64_t sum = ext(2 * e) + ext(2 * e + 1);
    if constexpr (kAccumulate) sum += d.get(e, 2 * ebytes);
    r.set(e, 2 * ebytes, sum);
  }
  write_vec(cpu, field_d(insn), r, q);
}

// Narrowing operations: op(Elem[Vn] of 2 * esize bits, esize, sat) -> esize bits.
constexpr auto kXtn = [](uint64_t n, unsigned esize, bool&) { return n & ones(esize); };
constexpr auto kSqxtn = [](uint64_t n, unsigned esize, bool& sat) {
  return sat_signed(sign_extend(n, 2 * esize), esize, sat);
};
constexpr auto kUqxtn = [](uint64_t n, unsigned esize, bool& sat) {
  return sat_unsigned(n, esize, sat);
};
constexpr auto kSqxtun = [](uint64_t n, unsigned esize, bool& sat) {
  return sat_unsigned(sign_extend(n, 2 * esize), esize, sat);
};

// Vpart[d, Q] = the narrowed elements of Vn: Q = 0 writes the lower 64 bits and clears
// the upper, Q = 1 (the "2" forms) writes the upper 64 bits and keeps the lower.
template <typename Op>
void narrow_vector(Cpu& cpu, uint32_t insn, Op op) {
  if (!enter(cpu, field_size(insn) == 3)) return;
  const unsigned ebytes = size_bytes(insn);
  const bool q = field_q(insn);
  const unsigned elements = 8 / ebytes;
  const Vec n = read_vec(cpu, field_n(insn));
  Vec r;
  bool sat = false;
  for (unsigned e = 0; e < elements; ++e)
    r.set(e, ebytes, op(n.get(e, 2 * ebytes), 8 * ebytes, sat));
  simd::write_part(cpu, field_d(insn), r.w[0], q);
  if (sat) simd::set_qc(cpu);
}
template <typename Op>
void narrow_scalar(Cpu& cpu, uint32_t insn, Op op) {
  if (!enter(cpu, field_size(insn) == 3)) return;
  const unsigned ebytes = size_bytes(insn);
  bool sat = false;
  const uint64_t r = op(get_elem(cpu.vreg(field_n(insn)), 0, 2 * ebytes), 8 * ebytes, sat);
  write_scalar(cpu, field_d(insn), ebytes, r);
  if (sat) simd::set_qc(cpu);
}

// ---- across lanes ----

// One value of Vn's elements (SInt or UInt), reduced with op, written as a scalar of
// `result_scale` times the element size. size == 11, and size == 10 with Q == 0, are
// reserved.
template <bool kSigned, typename Op>
void across_lanes(Cpu& cpu, uint32_t insn, unsigned result_scale, Op op) {
  const bool q = field_q(insn);
  const unsigned size = field_size(insn);
  if (!enter(cpu, size == 3 || (size == 2 && !q))) return;
  const unsigned ebytes = size_bytes(insn);
  const unsigned elements = (q ? 16 : 8) / ebytes;
  const Vec n = read_vec(cpu, field_n(insn));
  auto value = [&](unsigned i) {
    return kSigned ? n.sget(i, ebytes) : static_cast<int64_t>(n.get(i, ebytes));
  };
  int64_t acc = value(0);
  for (unsigned e = 1; e < elements; ++e) acc = op(acc, value(e));
  write_scalar(cpu, field_d(insn), result_scale * ebytes, static_cast<uint64_t>(acc));
}
// Element values are at most 32 bits wide and at most 16 are summed: no overflow.
constexpr auto kSum = [](int64_t a, int64_t b) { return a + b; };
constexpr auto kMax = [](int64_t a, int64_t b) { return std::max(a, b); };
constexpr auto kMin = [](int64_t a, int64_t b) { return std::min(a, b); };

// ---- permute, extract, table lookup ----

enum class Permute : uint8_t { Uzp, Trn, Zip };

// UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2: part = opcode<2> selects the odd (2) elements or
// the upper halves (ZIP2). size == 11 with Q == 0 is reserved.
template <Permute kOp>
void permute(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, one_d(insn))) return;
  const unsigned ebytes = size_bytes(insn);
  const bool q = field_q(insn);
  const unsigned elements = (q ? 16 : 8) / ebytes;
  const unsigned pairs = elements / 2;
  const unsigned part = bit(insn, 14);
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec m = read_vec(cpu, field_m(insn));
  Vec r;
  for (unsigned p = 0; p < pairs; ++p) {
    if constexpr (kOp == Permute::Uzp) {
      // Even or odd elements of the concatenation Vm:Vn.
      r.set(p, ebytes, n.get(2 * p + part, ebytes));
      r.set(pairs + p, ebytes, m.get(2 * p + part, ebytes));
    } else if constexpr (kOp == Permute::Trn) {
      r.set(2 * p, ebytes, n.get(2 * p + part, ebytes));
      r.set(2 * p + 1, ebytes, m.get(2 * p + part, ebytes));
    } else {
      const unsigned base = part * pairs;
      r.set(2 * p, ebytes, n.get(base + p, ebytes));
      r.set(2 * p + 1, ebytes, m.get(base + p, ebytes));
    }
  }
  write_vec(cpu, field_d(insn), r, q);
}

// TBL/TBX: bytes of the table Vn..Vn+len (register numbers modulo 32) selected by the
// bytes of Vm; an index past the table gives 0 (TBL) or keeps Vd's byte (TBX).
template <bool kTbx>
void table_lookup(Cpu& cpu, uint32_t insn) {
  if (!cpu.check_fp_enabled()) return;
  const bool q = field_q(insn);
  const unsigned regs = bits(insn, 14, 13) + 1;
  Vec table[4];
  for (unsigned i = 0; i < regs; ++i) table[i] = read_vec(cpu, (field_n(insn) + i) % 32);
  const Vec indices = read_vec(cpu, field_m(insn));
  Vec r;
  if constexpr (kTbx) r = read_vec(cpu, field_d(insn));
  for (unsigned i = 0; i < (q ? 16u : 8u); ++i) {
    const unsigned index = static_cast<unsigned>(indices.get(i, 1));
    if (index < 16 * regs) r.set(i, 1, table[index / 16].get(index % 16, 1));
  }
  write_vec(cpu, field_d(insn), r, q);
}

}  // namespace

// ---- AdvSIMD two-register miscellaneous (vector) ----

void exec_REV64_vec(Cpu& cpu, uint32_t insn) { reverse(cpu, insn, 8); }
void exec_REV32_vec(Cpu& cpu, uint32_t insn) { reverse(cpu, insn, 4); }
void exec_REV16_vec(Cpu& cpu, uint32_t insn) { reverse(cpu, insn, 2); }
void exec_SADDLP(Cpu& cpu, uint32_t insn) { add_long_pairwise<true, false>(cpu, insn); }
void exec_UADDLP(Cpu& cpu, uint32_t insn) { add_long_pairwise<false, false>(cpu, insn); }
void exec_SADALP(Cpu& cpu, uint32_t insn) { add_long_pairwise<true, true>(cpu, insn); }
void exec_UADALP(Cpu& cpu, uint32_t insn) { add_long_pairwise<false, true>(cpu, insn); }
void exec_SUQADD_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, one_d(insn), kSuqadd);
}
void exec_USQADD_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, one_d(insn), kUsqadd);
}
void exec_CLS_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, field_size(insn) == 3, kCls);
}
void exec_CLZ_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, field_size(insn) == 3, kClz);
}
void exec_CNT_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, field_size(insn) != 0, kCnt);
}
void exec_NOT_vec(Cpu& cpu, uint32_t insn) { elementwise_vector(cpu, insn, false, 1, kNot); }
void exec_RBIT_vec(Cpu& cpu, uint32_t insn) { elementwise_vector(cpu, insn, false, 1, kRbit8); }
void exec_SQABS_vec(Cpu& cpu, uint32_t insn) { elementwise_vector(cpu, insn, one_d(insn), kSqabs); }
void exec_SQNEG_vec(Cpu& cpu, uint32_t insn) { elementwise_vector(cpu, insn, one_d(insn), kSqneg); }
void exec_CMGT_zero_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, one_d(insn), kCmgt0);
}
void exec_CMGE_zero_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, one_d(insn), kCmge0);
}
void exec_CMEQ_zero_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, one_d(insn), kCmeq0);
}
void exec_CMLE_zero_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, one_d(insn), kCmle0);
}
void exec_CMLT_zero_vec(Cpu& cpu, uint32_t insn) {
  elementwise_vector(cpu, insn, one_d(insn), kCmlt0);
}
void exec_ABS_vec(Cpu& cpu, uint32_t insn) { elementwise_vector(cpu, insn, one_d(insn), kAbs); }
void exec_NEG_vec(Cpu& cpu, uint32_t insn) { elementwise_vector(cpu, insn, one_d(insn), kNeg); }
void exec_XTN(Cpu& cpu, uint32_t insn) { narrow_vector(cpu, insn, kXtn); }
void exec_SQXTUN_vec(Cpu& cpu, uint32_t insn) { narrow_vector(cpu, insn, kSqxtun); }
void exec_SQXTN_vec(Cpu& cpu, uint32_t insn) { narrow_vector(cpu, insn, kSqxtn); }
void exec_UQXTN_vec(Cpu& cpu, uint32_t insn) { narrow_vector(cpu, insn, kUqxtn); }

// SHLL/SHLL2: the elements of Vpart[n, Q] widened and shifted left by esize.
void exec_SHLL(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, field_size(insn) == 3)) return;
  const unsigned ebytes = size_bytes(insn);
  const unsigned elements = 8 / ebytes;
  const unsigned base = field_q(insn) ? elements : 0;
  const Vec n = read_vec(cpu, field_n(insn));
  Vec r;
  for (unsigned e = 0; e < elements; ++e)
    r.set(e, 2 * ebytes, n.get(base + e, ebytes) << (8 * ebytes));
  write_vec(cpu, field_d(insn), r, true);
}

// ---- AdvSIMD scalar two-register miscellaneous ----

void exec_SUQADD_scalar(Cpu& cpu, uint32_t insn) { elementwise_scalar(cpu, insn, false, kSuqadd); }
void exec_USQADD_scalar(Cpu& cpu, uint32_t insn) { elementwise_scalar(cpu, insn, false, kUsqadd); }
void exec_SQABS_scalar(Cpu& cpu, uint32_t insn) { elementwise_scalar(cpu, insn, false, kSqabs); }
void exec_SQNEG_scalar(Cpu& cpu, uint32_t insn) { elementwise_scalar(cpu, insn, false, kSqneg); }
void exec_CMGT_zero_scalar(Cpu& cpu, uint32_t insn) {
  elementwise_scalar(cpu, insn, field_size(insn) != 3, kCmgt0);
}
void exec_CMGE_zero_scalar(Cpu& cpu, uint32_t insn) {
  elementwise_scalar(cpu, insn, field_size(insn) != 3, kCmge0);
}
void exec_CMEQ_zero_scalar(Cpu& cpu, uint32_t insn) {
  elementwise_scalar(cpu, insn, field_size(insn) != 3, kCmeq0);
}
void exec_CMLE_zero_scalar(Cpu& cpu, uint32_t insn) {
  elementwise_scalar(cpu, insn, field_size(insn) != 3, kCmle0);
}
void exec_CMLT_zero_scalar(Cpu& cpu, uint32_t insn) {
  elementwise_scalar(cpu, insn, field_size(insn) != 3, kCmlt0);
}
void exec_ABS_scalar(Cpu& cpu, uint32_t insn) {
  elementwise_scalar(cpu, insn, field_size(insn) != 3, kAbs);
}
void exec_NEG_scalar(Cpu& cpu, uint32_t insn) {
  elementwise_scalar(cpu, insn, field_size(insn) != 3, kNeg);
}
void exec_SQXTUN_scalar(Cpu& cpu, uint32_t insn) { narrow_scalar(cpu, insn, kSqxtun); }
void exec_SQXTN_scalar(Cpu& cpu, uint32_t insn) { narrow_scalar(cpu, insn, kSqxtn); }
void exec_UQXTN_scalar(Cpu& cpu, uint32_t insn) { narrow_scalar(cpu, insn, kUqxtn); }

// ---- AdvSIMD across lanes ----

void exec_SADDLV(Cpu& cpu, uint32_t insn) { across_lanes<true>(cpu, insn, 2, kSum); }
void exec_UADDLV(Cpu& cpu, uint32_t insn) { across_lanes<false>(cpu, insn, 2, kSum); }
void exec_SMAXV(Cpu& cpu, uint32_t insn) { across_lanes<true>(cpu, insn, 1, kMax); }
void exec_UMAXV(Cpu& cpu, uint32_t insn) { across_lanes<false>(cpu, insn, 1, kMax); }
void exec_SMINV(Cpu& cpu, uint32_t insn) { across_lanes<true>(cpu, insn, 1, kMin); }
void exec_UMINV(Cpu& cpu, uint32_t insn) { across_lanes<false>(cpu, insn, 1, kMin); }
void exec_ADDV(Cpu& cpu, uint32_t insn) { across_lanes<false>(cpu, insn, 1, kSum); }

// ---- AdvSIMD scalar pairwise ----

// ADDP (scalar): D[d] = Vn.D[0] + Vn.D[1]; size != 11 is reserved.
void exec_ADDP_scalar(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, field_size(insn) != 3)) return;
  const Vec n = read_vec(cpu, field_n(insn));
  write_scalar(cpu, field_d(insn), 8, n.w[0] + n.w[1]);
}

// ---- AdvSIMD permute, extract, table lookup ----

void exec_UZP1(Cpu& cpu, uint32_t insn) { permute<Permute::Uzp>(cpu, insn); }
void exec_UZP2(Cpu& cpu, uint32_t insn) { permute<Permute::Uzp>(cpu, insn); }
void exec_TRN1(Cpu& cpu, uint32_t insn) { permute<Permute::Trn>(cpu, insn); }
void exec_TRN2(Cpu& cpu, uint32_t insn) { permute<Permute::Trn>(cpu, insn); }
void exec_ZIP1(Cpu& cpu, uint32_t insn) { permute<Permute::Zip>(cpu, insn); }
void exec_ZIP2(Cpu& cpu, uint32_t insn) { permute<Permute::Zip>(cpu, insn); }

// EXT: the bytes of Vm:Vn from imm4 on; Q == 0 with imm4<3> == 1 is reserved.
void exec_EXT(Cpu& cpu, uint32_t insn) {
  const bool q = field_q(insn);
  const unsigned position = bits(insn, 14, 11);
  if (!enter(cpu, !q && position >= 8)) return;
  const unsigned bytes = q ? 16 : 8;
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec m = read_vec(cpu, field_m(insn));
  Vec r;
  for (unsigned i = 0; i < bytes; ++i) {
    const unsigned j = position + i;
    r.set(i, 1, j < bytes ? n.get(j, 1) : m.get(j - bytes, 1));
  }
  write_vec(cpu, field_d(insn), r, q);
}

void exec_TBL(Cpu& cpu, uint32_t insn) { table_lookup<false>(cpu, insn); }
void exec_TBX(Cpu& cpu, uint32_t insn) { table_lookup<true>(cpu, insn); }

}  // namespace isa
