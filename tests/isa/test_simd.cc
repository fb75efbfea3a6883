// SIMD&FP register transfers: LDR/STR/LDP/STP of B/H/S/D/Q in every addressing mode,
// AdvSIMD structure loads and stores, FMOV, MOVI/MVNI/ORR/BIC/FMOV (vector,
// immediate), DUP, INS, UMOV, SMOV, and the SIMD&FP access trap. Encodings come from
// llvm-mc (-triple=aarch64 -mattr=+neon); the assembly is beside each one.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>

#include "isa/decode.h"
#include "tests/isa/test_support.h"

using namespace isa;

namespace {

// A core that executes single instructions at kAt. Every exception vector holds
// `b .`, so a step that takes an exception ends there.
struct Simd : el2sim_test::TestCore {
  static constexpr uint64_t kAt = kCode + 0x1000;
  static constexpr uint64_t kVectors = kCode + 0x8000;

  Simd() {
    for (uint64_t off = 0; off < 0x800; off += 4) load({0x14000000 /* b . */}, kVectors + off);
    cpu.sr().VBAR_EL1 = kVectors;
    cpu.sr().VBAR_EL2 = kVectors;
    // Distinct bytes 0x00, 0x01, ... in the data area.
    for (unsigned i = 0; i < 256; ++i) *bus.at(kData + i) = static_cast<uint8_t>(i);
  }
  // Execute one instruction; true when it completed without an exception.
  bool exec(uint32_t insn) {
    load({insn}, kAt);
    cpu.set_pc(kAt);
    step();
    return cpu.pc() == kAt + 4;
  }
  uint64_t lo(unsigned n) { return cpu.vreg(n)[0]; }
  uint64_t hi(unsigned n) { return cpu.vreg(n)[1]; }
  void set_v(unsigned n, uint64_t l, uint64_t h) {
    cpu.vreg(n)[0] = l;
    cpu.vreg(n)[1] = h;
  }
  void fill_v(uint64_t value) {
    for (unsigned n = 0; n < 32; ++n) set_v(n, value, value);
  }
  uint64_t x(unsigned n) const { return cpu.x(n); }
  void set_x(unsigned n, uint64_t v) { cpu.set_x(n, v); }
  uint32_t ec() const { return static_cast<uint32_t>(cpu.sr().ESR_EL2 >> 26); }
  uint32_t iss() const { return static_cast<uint32_t>(cpu.sr().ESR_EL2 & 0x1FFFFFF); }
};

constexpr uint64_t kData = Simd::kData;
constexpr uint64_t kAt = Simd::kAt;
constexpr uint64_t kJunk = 0xDEADBEEFDEADBEEFull;
// The bytes n, n+1, ..., n+7 of the data area as a little-endian doubleword.
constexpr uint64_t bytes_at(unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < 8; ++i) v |= uint64_t{(n + i) & 0xFFu} << (8 * i);
  return v;
}

constexpr uint32_t kEcUnknown = 0x00;
constexpr uint32_t kEcFpAccess = 0x07;
constexpr uint32_t kEcDataAbortSame = 0x25;
constexpr uint32_t kDfscAlignment = 0x21;

}  // namespace

TEST_CASE("simd: every encoding decodes to its own table entry", "[isa][simd]") {
  const struct {
    uint32_t insn;
    InsnId id;
  } cases[] = {
      {0x3C001441, InsnId::STR_imm_fpsimd_post},  // str b1, [x2], #1
      {0x3C810C41, InsnId::STR_imm_fpsimd_pre},   // str q1, [x2, #16]!
      {0x7D000441, InsnId::STR_imm_fpsimd_uoff},  // str h1, [x2, #2]
      {0xFC1F8041, InsnId::STUR_fpsimd},          // stur d1, [x2, #-8]
      {0xBC237841, InsnId::STR_reg_fpsimd},       // str s1, [x2, x3, lsl #2]
      {0x3CC10441, InsnId::LDR_imm_fpsimd_post},  // ldr q1, [x2], #16
      {0xFC408C41, InsnId::LDR_imm_fpsimd_pre},   // ldr d1, [x2, #8]!
      {0x3DFFFC41, InsnId::LDR_imm_fpsimd_uoff},  // ldr q1, [x2, #65520]
      {0x3C5FF041, InsnId::LDUR_fpsimd},          // ldur b1, [x2, #-1]
      {0x3CE37841, InsnId::LDR_reg_fpsimd},       // ldr q1, [x2, x3, lsl #4]
      {0x1C000081, InsnId::LDR_lit_fpsimd},       // ldr s1, #16
      {0x9C000081, InsnId::LDR_lit_fpsimd},       // ldr q1, #16
      {0x2C810861, InsnId::STP_fpsimd_post},      // stp s1, s2, [x3], #8
      {0xADBF07E0, InsnId::STP_fpsimd_pre},       // stp q0, q1, [sp, #-32]!
      {0x6D010460, InsnId::STP_fpsimd_off},       // stp d0, d1, [x3, #16]
      {0xAC010460, InsnId::STNP_fpsimd},          // stnp q0, q1, [x3, #32]
      {0x2CC10861, InsnId::LDP_fpsimd_post},      // ldp s1, s2, [x3], #8
      {0xADFF07E0, InsnId::LDP_fpsimd_pre},       // ldp q0, q1, [sp, #-32]!
      {0x6D410460, InsnId::LDP_fpsimd_off},       // ldp d0, d1, [x3, #16]
      {0xAC410460, InsnId::LDNP_fpsimd},          // ldnp q0, q1, [x3, #32]
      {0x4C007000, InsnId::ST1_mult1},            // st1 {v0.16b}, [x0]
      {0x4C9F7000, InsnId::ST1_mult1_post},       // st1 {v0.16b}, [x0], #16
      {0x4C00A800, InsnId::ST1_mult2},            // st1 {v0.4s, v1.4s}, [x0]
      {0x4C82A800, InsnId::ST1_mult2_post},       // st1 {v0.4s, v1.4s}, [x0], x2
      {0x4C006C00, InsnId::ST1_mult3},            // st1 {v0.2d, v1.2d, v2.2d}, [x0]
      {0x0C9F6000, InsnId::ST1_mult3_post},       // st1 {v0.8b, v1.8b, v2.8b}, [x0], #24
      {0x4C002400, InsnId::ST1_mult4},            // st1 {v0.8h, v1.8h, v2.8h, v3.8h}, [x0]
      {0x4C9F2400, InsnId::ST1_mult4_post},       // st1 {v0.8h, v1.8h, v2.8h, v3.8h}, [x0], #64
      {0x4C008800, InsnId::ST2_mult},             // st2 {v0.4s, v1.4s}, [x0]
      {0x4C9F8800, InsnId::ST2_mult_post},        // st2 {v0.4s, v1.4s}, [x0], #32
      {0x4C004800, InsnId::ST3_mult},             // st3 {v0.4s, v1.4s, v2.4s}, [x0]
      {0x4C9F4800, InsnId::ST3_mult_post},        // st3 {v0.4s, v1.4s, v2.4s}, [x0], #48
      {0x4C000800, InsnId::ST4_mult},             // st4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0]
      {0x4C9F0800, InsnId::ST4_mult_post},        // st4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0], #64
      {0x4C407000, InsnId::LD1_mult1},            // ld1 {v0.16b}, [x0]
      {0x4CDF7000, InsnId::LD1_mult1_post},       // ld1 {v0.16b}, [x0], #16
      {0x4C40A800, InsnId::LD1_mult2},            // ld1 {v0.4s, v1.4s}, [x0]
      {0x4CC2A800, InsnId::LD1_mult2_post},       // ld1 {v0.4s, v1.4s}, [x0], x2
      {0x4C406C00, InsnId::LD1_mult3},            // ld1 {v0.2d, v1.2d, v2.2d}, [x0]
      {0x0CDF6000, InsnId::LD1_mult3_post},       // ld1 {v0.8b, v1.8b, v2.8b}, [x0], #24
      {0x4C402400, InsnId::LD1_mult4},            // ld1 {v0.8h, v1.8h, v2.8h, v3.8h}, [x0]
      {0x4CDF2400, InsnId::LD1_mult4_post},       // ld1 {v0.8h, v1.8h, v2.8h, v3.8h}, [x0], #64
      {0x4C408800, InsnId::LD2_mult},             // ld2 {v0.4s, v1.4s}, [x0]
      {0x4CDF8800, InsnId::LD2_mult_post},        // ld2 {v0.4s, v1.4s}, [x0], #32
      {0x4C404800, InsnId::LD3_mult},             // ld3 {v0.4s, v1.4s, v2.4s}, [x0]
      {0x4CDF4800, InsnId::LD3_mult_post},        // ld3 {v0.4s, v1.4s, v2.4s}, [x0], #48
      {0x4C400800, InsnId::LD4_mult},             // ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0]
      {0x4CDF0800, InsnId::LD4_mult_post},        // ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0], #64
      {0x4D001C00, InsnId::ST1_single_b},         // st1 {v0.b}[15], [x0]
      {0x0D9F0C00, InsnId::ST1_single_b_post},    // st1 {v0.b}[3], [x0], #1
      {0x4D005800, InsnId::ST1_single_h},         // st1 {v0.h}[7], [x0]
      {0x0D834800, InsnId::ST1_single_h_post},    // st1 {v0.h}[1], [x0], x3
      {0x4D009000, InsnId::ST1_single_s},         // st1 {v0.s}[3], [x0]
      {0x4D9F8400, InsnId::ST1_single_s_post},    // st1 {v0.d}[1], [x0], #8
      {0x4D201C00, InsnId::ST2_single_b},         // st2 {v0.b, v1.b}[15], [x0]
      {0x4DBF1C00, InsnId::ST2_single_b_post},    // st2 {v0.b, v1.b}[15], [x0], #2
      {0x4D205800, InsnId::ST2_single_h},         // st2 {v0.h, v1.h}[7], [x0]
      {0x4DBF5800, InsnId::ST2_single_h_post},    // st2 {v0.h, v1.h}[7], [x0], #4
      {0x4D209000, InsnId::ST2_single_s},         // st2 {v0.s, v1.s}[3], [x0]
      {0x4DBF8400, InsnId::ST2_single_s_post},    // st2 {v0.d, v1.d}[1], [x0], #16
      {0x4D003C00, InsnId::ST3_single_b},         // st3 {v0.b, v1.b, v2.b}[15], [x0]
      {0x4D9F3C00, InsnId::ST3_single_b_post},    // st3 {v0.b, v1.b, v2.b}[15], [x0], #3
      {0x4D007800, InsnId::ST3_single_h},         // st3 {v0.h, v1.h, v2.h}[7], [x0]
      {0x4D9F7800, InsnId::ST3_single_h_post},    // st3 {v0.h, v1.h, v2.h}[7], [x0], #6
      {0x4D00B000, InsnId::ST3_single_s},         // st3 {v0.s, v1.s, v2.s}[3], [x0]
      {0x4D9FA400, InsnId::ST3_single_s_post},    // st3 {v0.d, v1.d, v2.d}[1], [x0], #24
      {0x4D203C00, InsnId::ST4_single_b},         // st4 {v0.b, v1.b, v2.b, v3.b}[15], [x0]
      {0x4DBF3C00, InsnId::ST4_single_b_post},    // st4 {v0.b, v1.b, v2.b, v3.b}[15], [x0], #4
      {0x4D207800, InsnId::ST4_single_h},         // st4 {v0.h, v1.h, v2.h, v3.h}[7], [x0]
      {0x4DBF7800, InsnId::ST4_single_h_post},    // st4 {v0.h, v1.h, v2.h, v3.h}[7], [x0], #8
      {0x4D20B000, InsnId::ST4_single_s},         // st4 {v0.s, v1.s, v2.s, v3.s}[3], [x0]
      {0x4DBFA400, InsnId::ST4_single_s_post},    // st4 {v0.d, v1.d, v2.d, v3.d}[1], [x0], #32
      {0x4D401C00, InsnId::LD1_single_b},         // ld1 {v0.b}[15], [x0]
      {0x0DDF0C00, InsnId::LD1_single_b_post},    // ld1 {v0.b}[3], [x0], #1
      {0x4D405800, InsnId::LD1_single_h},         // ld1 {v0.h}[7], [x0]
      {0x0DC34800, InsnId::LD1_single_h_post},    // ld1 {v0.h}[1], [x0], x3
      {0x4D409000, InsnId::LD1_single_s},         // ld1 {v0.s}[3], [x0]
      {0x4DDF8400, InsnId::LD1_single_s_post},    // ld1 {v0.d}[1], [x0], #8
      {0x4D601C00, InsnId::LD2_single_b},         // ld2 {v0.b, v1.b}[15], [x0]
      {0x4DFF1C00, InsnId::LD2_single_b_post},    // ld2 {v0.b, v1.b}[15], [x0], #2
      {0x4D605800, InsnId::LD2_single_h},         // ld2 {v0.h, v1.h}[7], [x0]
      {0x4DFF5800, InsnId::LD2_single_h_post},    // ld2 {v0.h, v1.h}[7], [x0], #4
      {0x4D609000, InsnId::LD2_single_s},         // ld2 {v0.s, v1.s}[3], [x0]
      {0x4DFF8400, InsnId::LD2_single_s_post},    // ld2 {v0.d, v1.d}[1], [x0], #16
      {0x4D403C00, InsnId::LD3_single_b},         // ld3 {v0.b, v1.b, v2.b}[15], [x0]
      {0x4DDF3C00, InsnId::LD3_single_b_post},    // ld3 {v0.b, v1.b, v2.b}[15], [x0], #3
      {0x4D407800, InsnId::LD3_single_h},         // ld3 {v0.h, v1.h, v2.h}[7], [x0]
      {0x4DDF7800, InsnId::LD3_single_h_post},    // ld3 {v0.h, v1.h, v2.h}[7], [x0], #6
      {0x4D40B000, InsnId::LD3_single_s},         // ld3 {v0.s, v1.s, v2.s}[3], [x0]
      {0x4DDFA400, InsnId::LD3_single_s_post},    // ld3 {v0.d, v1.d, v2.d}[1], [x0], #24
      {0x4D603C00, InsnId::LD4_single_b},         // ld4 {v0.b, v1.b, v2.b, v3.b}[15], [x0]
      {0x4DFF3C00, InsnId::LD4_single_b_post},    // ld4 {v0.b, v1.b, v2.b, v3.b}[15], [x0], #4
      {0x4D607800, InsnId::LD4_single_h},         // ld4 {v0.h, v1.h, v2.h, v3.h}[7], [x0]
      {0x4DFF7800, InsnId::LD4_single_h_post},    // ld4 {v0.h, v1.h, v2.h, v3.h}[7], [x0], #8
      {0x4D60B000, InsnId::LD4_single_s},         // ld4 {v0.s, v1.s, v2.s, v3.s}[3], [x0]
      {0x4DFFA400, InsnId::LD4_single_s_post},    // ld4 {v0.d, v1.d, v2.d, v3.d}[1], [x0], #32
      {0x4D40C800, InsnId::LD1R},                 // ld1r {v0.4s}, [x0]
      {0x0DDFC000, InsnId::LD1R_post},            // ld1r {v0.8b}, [x0], #1
      {0x4D60C800, InsnId::LD2R},                 // ld2r {v0.4s, v1.4s}, [x0]
      {0x4DE5C800, InsnId::LD2R_post},            // ld2r {v0.4s, v1.4s}, [x0], x5
      {0x4D40EC00, InsnId::LD3R},                 // ld3r {v0.2d, v1.2d, v2.2d}, [x0]
      {0x4DDFEC00, InsnId::LD3R_post},            // ld3r {v0.2d, v1.2d, v2.2d}, [x0], #24
      {0x4D60E400, InsnId::LD4R},                 // ld4r {v0.8h, v1.8h, v2.8h, v3.8h}, [x0]
      {0x4DFFE400, InsnId::LD4R_post},            // ld4r {v0.8h, v1.8h, v2.8h, v3.8h}, [x0], #8
      {0x1E270041, InsnId::FMOV_gen_s_from_w},    // fmov s1, w2
      {0x1E260041, InsnId::FMOV_gen_w_from_s},    // fmov w1, s2
      {0x9E670041, InsnId::FMOV_gen_d_from_x},    // fmov d1, x2
      {0x9E660041, InsnId::FMOV_gen_x_from_d},    // fmov x1, d2
      {0x9EAF0041, InsnId::FMOV_gen_d1_from_x},   // fmov v1.d[1], x2
      {0x9EAE0041, InsnId::FMOV_gen_x_from_d1},   // fmov x1, v2.d[1]
      {0x1E204041, InsnId::FMOV_reg},             // fmov s1, s2
      {0x1E604041, InsnId::FMOV_reg},             // fmov d1, d2
      {0x1E2E1001, InsnId::FMOV_imm},             // fmov s1, #1.0
      {0x1E709001, InsnId::FMOV_imm},             // fmov d1, #-2.5
      {0x4F054560, InsnId::MOVI_32},              // movi v0.4s, #0xab, lsl #16
      {0x4F05A560, InsnId::MOVI_16},              // movi v0.8h, #0xab, lsl #8
      {0x0F05D560, InsnId::MOVI_32_ones},         // movi v0.2s, #0xab, msl #16
      {0x4F05E560, InsnId::MOVI_8},               // movi v0.16b, #0xab
      {0x2F05E540, InsnId::MOVI_64},              // movi d0, #0xff00ff00ff00ff00
      {0x6F05E540, InsnId::MOVI_64},              // movi v0.2d, #0xff00ff00ff00ff00
      {0x6F056560, InsnId::MVNI_32},              // mvni v0.4s, #0xab, lsl #24
      {0x2F058560, InsnId::MVNI_16},              // mvni v0.4h, #0xab
      {0x6F05C560, InsnId::MVNI_32_ones},         // mvni v0.4s, #0xab, msl #8
      {0x4F053560, InsnId::ORR_vec_imm_32},       // orr v0.4s, #0xab, lsl #8
      {0x4F05B560, InsnId::ORR_vec_imm_16},       // orr v0.8h, #0xab, lsl #8
      {0x2F051560, InsnId::BIC_vec_imm_32},       // bic v0.2s, #0xab
      {0x6F059560, InsnId::BIC_vec_imm_16},       // bic v0.8h, #0xab
      {0x4F03F600, InsnId::FMOV_vec_imm_s},       // fmov v0.4s, #1.0
      {0x6F07F400, InsnId::FMOV_vec_imm_d},       // fmov v0.2d, #-0.5
      {0x4E140420, InsnId::DUP_elem},             // dup v0.4s, v1.s[2]
      {0x0E010C20, InsnId::DUP_gen},              // dup v0.8b, w1
      {0x4E080C20, InsnId::DUP_gen},              // dup v0.2d, x1
      {0x4E1C2C20, InsnId::SMOV},                 // smov x0, v1.s[3]
      {0x0E0E2C20, InsnId::SMOV},                 // smov w0, v1.h[3]
      {0x0E1F3C20, InsnId::UMOV},                 // umov w0, v1.b[15]
      {0x4E183C20, InsnId::UMOV},                 // mov x0, v1.d[1]
      {0x4E161C20, InsnId::INS_gen},              // ins v0.h[5], w1
      {0x6E0C6420, InsnId::INS_elem},             // ins v0.s[1], v1.s[3]
      {0x5E140420, InsnId::DUP_elem_scalar},      // dup s0, v1.s[2]
      {0x5E0B0420, InsnId::DUP_elem_scalar},      // mov b0, v1.b[5]
  };
  for (const auto& c : cases) {
    INFO(std::hex << c.insn << " decoded as " << insn_name(decode(c.insn)));
    CHECK(decode(c.insn) == c.id);
  }
  CHECK(decode(0x1EE70020 /* fmov s0, w1  with or=0xC00000 */) ==
        InsnId::kUnallocated);  // v8.2 half precision
  // fmov v0.4s, #1.0 with o2 (0x800): not an FMOV (v8.2 half precision); the word is
  // FCVTZS (vector, fixed-point) with immh 0000, UNDEFINED in its body
  CHECK(decode(0x4F03FE00) == InsnId::FCVTZS_fix_vec);
  CHECK(decode(0x2F03F600 /* fmov v0.2d, #1.0  with andnot=0x40000000 */) == InsnId::kUnallocated);
}

TEST_CASE("simd: CPTR_EL2.TFP traps every transfer to EL2 with EC 0x07", "[isa][simd]") {
  Simd t;
  t.cpu.sr().CPTR_EL2 |= 1u << 10;
  t.set_x(1, kData);
  t.set_v(0, kJunk, kJunk);
  const uint32_t insns[] = {
      0x3CC10420 /* ldr q0, [x1], #16 */,
      0xFC008C20 /* str d0, [x1, #8]! */,
      0xADC10420 /* ldp q0, q1, [x1, #32]! */,
      0x4CDF7020 /* ld1 {v0.16b}, [x1], #16 */,
      0x4DDFC820 /* ld1r {v0.4s}, [x1], #4 */,
      0x0DDF9020 /* ld1 {v0.s}[1], [x1], #4 */,
      0x9E670020 /* fmov d0, x1 */,
      0x9E660020 /* fmov x0, d1 */,
      0x4F05E560 /* movi v0.16b, #0xab */,
      0x4E040C20 /* dup v0.4s, w1 */,
      0x0E0C3C20 /* umov w0, v1.s[1] */,
      0x1E2E1000 /* fmov s0, #1.0 */,
  };
  for (uint32_t insn : insns) {
    INFO(std::hex << insn);
    REQUIRE_FALSE(t.exec(insn));
    CHECK(t.ec() == kEcFpAccess);
    CHECK(t.cpu.sr().ELR_EL2 == kAt);
    CHECK(t.x(1) == kData);  // no writeback
    CHECK(t.lo(0) == kJunk);
  }
  // With the trap off the same load runs.
  t.cpu.sr().CPTR_EL2 &= ~(1u << 10);
  REQUIRE(t.exec(0x3CC10420 /* ldr q0, [x1], #16 */));
  CHECK(t.x(1) == kData + 16);
}

TEST_CASE("simd: CPACR_EL1.FPEN traps at EL1", "[isa][simd]") {
  Simd t;
  t.cpu.pstate().el = 1;
  t.set_x(1, kData);
  REQUIRE_FALSE(t.exec(0x3DC00020 /* ldr q0, [x1] */));
  CHECK((t.cpu.sr().ESR_EL1 >> 26) == kEcFpAccess);
  t.cpu.pstate().el = 1;
  t.cpu.sr().CPACR_EL1 = 3u << 20;
  REQUIRE(t.exec(0x3DC00020 /* ldr q0, [x1] */));
  CHECK(t.lo(0) == bytes_at(0));
  CHECK(t.hi(0) == bytes_at(8));
}

TEST_CASE("simd: LDR of B/H/S/D/Q zero-extends into the V register", "[isa][simd]") {
  Simd t;
  t.set_x(1, kData + 16);
  *t.bus.at(kData + 16 + 4095) = 0x5C;
  const struct {
    uint32_t insn;
    uint64_t lo, hi;
  } cases[] = {
      {0x3D400020 /* ldr b0, [x1] */, 0x10, 0},
      {0x7D400020 /* ldr h0, [x1] */, 0x1110, 0},
      {0xBD400020 /* ldr s0, [x1] */, 0x13121110, 0},
      {0xFD400020 /* ldr d0, [x1] */, bytes_at(16), 0},
      {0x3DC00020 /* ldr q0, [x1] */, bytes_at(16), bytes_at(24)},
      {0x3D7FFC20 /* ldr b0, [x1, #4095] */, 0x5C, 0},
      {0x7D400420 /* ldr h0, [x1, #2] */, 0x1312, 0},
      {0xBD400420 /* ldr s0, [x1, #4] */, 0x17161514, 0},
      {0xFD400420 /* ldr d0, [x1, #8] */, bytes_at(24), 0},
      {0x3DC00420 /* ldr q0, [x1, #16] */, bytes_at(32), bytes_at(40)},
      {0xFC5F8020 /* ldur d0, [x1, #-8] */, bytes_at(8), 0},
      {0x3CDF0020 /* ldur q0, [x1, #-16] */, bytes_at(0), bytes_at(8)},
  };
  for (const auto& c : cases) {
    INFO(std::hex << c.insn);
    t.set_v(0, kJunk, kJunk);
    REQUIRE(t.exec(c.insn));
    CHECK(t.lo(0) == c.lo);
    CHECK(t.hi(0) == c.hi);
    CHECK(t.x(1) == kData + 16);
  }
}

TEST_CASE("simd: pre/post-index, register offset and literal forms", "[isa][simd]") {
  Simd t;
  t.set_x(1, kData + 16);
  REQUIRE(t.exec(0x3CC10420 /* ldr q0, [x1], #16 */));
  CHECK(t.lo(0) == bytes_at(16));
  CHECK(t.x(1) == kData + 32);
  REQUIRE(t.exec(0xFC5F8C20 /* ldr d0, [x1, #-8]! */));
  CHECK(t.lo(0) == bytes_at(24));
  CHECK(t.hi(0) == 0);
  CHECK(t.x(1) == kData + 24);

  t.set_x(1, kData);
  t.set_x(2, 3);
  REQUIRE(t.exec(0x3CE27820 /* ldr q0, [x1, x2, lsl #4] */));
  CHECK(t.lo(0) == bytes_at(48));
  CHECK(t.hi(0) == bytes_at(56));
  t.set_x(1, kData + 64);
  t.set_x(2, 0xFFFFFFFFull);  // SXTW -1, scaled by 4
  REQUIRE(t.exec(0xBC62D820 /* ldr s0, [x1, w2, sxtw #2] */));
  CHECK(t.lo(0) == 0x3F3E3D3C);
  t.set_x(2, 0xFFFFFFFF00000002ull);  // UXTW, unscaled
  REQUIRE(t.exec(0x7C624820 /* ldr h0, [x1, w2, uxtw] */));
  CHECK(t.lo(0) == 0x4342);

  t.write64(kAt + 32, 0x0123456789ABCDEFull);
  t.write64(kAt + 40, 0xFEDCBA9876543210ull);
  t.set_v(0, kJunk, kJunk);
  REQUIRE(t.exec(0x1C000100 /* ldr s0, #32 */));
  CHECK(t.lo(0) == 0x89ABCDEF);
  CHECK(t.hi(0) == 0);
  REQUIRE(t.exec(0x5C000100 /* ldr d0, #32 */));
  CHECK(t.lo(0) == 0x0123456789ABCDEFull);
  REQUIRE(t.exec(0x9C000100 /* ldr q0, #32 */));
  CHECK(t.hi(0) == 0xFEDCBA9876543210ull);

  // UNDEFINED: opc<1>:size > 4, option<1> == 0, literal opc 11.
  REQUIRE_FALSE(t.exec(0x7DC00020 /* ldr q0, [x1]  with or=0x40000000 */));
  CHECK(t.ec() == kEcUnknown);
  REQUIRE_FALSE(t.exec(0x3CE28820 /* ldr q0, [x1, x2]  with opt=4 */));
  CHECK(t.ec() == kEcUnknown);
  REQUIRE_FALSE(t.exec(0xDC000100 /* ldr q0, #32  with or=0xC0000000 */));
  CHECK(t.ec() == kEcUnknown);
}

TEST_CASE("simd: STR of B/H/S/D/Q", "[isa][simd]") {
  Simd t;
  t.set_v(3, 0x8877665544332211ull, 0xFFEEDDCCBBAA9988ull);
  t.set_x(1, kData + 128);
  REQUIRE(t.exec(0x3D800023 /* str q3, [x1] */));
  CHECK(t.read64(kData + 128) == 0x8877665544332211ull);
  CHECK(t.read64(kData + 136) == 0xFFEEDDCCBBAA9988ull);
  REQUIRE(t.exec(0x3D004023 /* str b3, [x1, #16] */));
  REQUIRE(t.exec(0x7D002423 /* str h3, [x1, #18] */));
  REQUIRE(t.exec(0xBD001423 /* str s3, [x1, #20] */));
  CHECK(t.read64(kData + 144) == 0x4433221122119111ull);
  REQUIRE(t.exec(0xFC020C23 /* str d3, [x1, #32]! */));
  CHECK(t.read64(kData + 160) == 0x8877665544332211ull);
  CHECK(t.read64(kData + 168) == bytes_at(168));
  CHECK(t.x(1) == kData + 160);
  REQUIRE(t.exec(0x3C9E0423 /* str q3, [x1], #-32 */));
  CHECK(t.read64(kData + 168) == 0xFFEEDDCCBBAA9988ull);
  CHECK(t.x(1) == kData + 128);
  REQUIRE(t.exec(0xBC1FC023 /* stur s3, [x1, #-4] */));
  CHECK(t.read64(kData + 120) >> 32 == 0x44332211);
  t.set_x(2, 12);
  REQUIRE(t.exec(0x7C227823 /* str h3, [x1, x2, lsl #1] */));
  CHECK((t.read64(kData + 152) & 0xFFFF) == 0x2211);
}

TEST_CASE("simd: a Q access on Device memory must be 16-byte aligned", "[isa][simd]") {
  Simd t;
  t.set_x(1, kData + 8);
  t.set_v(0, kJunk, kJunk);
  REQUIRE_FALSE(t.exec(0x3CC10420 /* ldr q0, [x1], #16 */));
  CHECK(t.ec() == kEcDataAbortSame);
  CHECK(t.iss() == kDfscAlignment);
  CHECK(t.x(1) == kData + 8);
  CHECK(t.lo(0) == kJunk);
  REQUIRE(t.exec(0xFD400020 /* ldr d0, [x1] */));
}

TEST_CASE("simd: LDP/STP/LDNP/STNP of S, D and Q", "[isa][simd]") {
  Simd t;
  t.fill_v(kJunk);
  t.set_x(1, kData);
  REQUIRE(t.exec(0x2CC10420 /* ldp s0, s1, [x1], #8 */));
  CHECK(t.lo(0) == 0x03020100);
  CHECK(t.hi(0) == 0);
  CHECK(t.lo(1) == 0x07060504);
  CHECK(t.x(1) == kData + 8);
  REQUIRE(t.exec(0x6D408420 /* ldp d0, d1, [x1, #8] */));
  CHECK(t.lo(0) == bytes_at(16));
  CHECK(t.lo(1) == bytes_at(24));
  CHECK(t.hi(1) == 0);
  t.set_x(1, kData + 32);
  REQUIRE(t.exec(0xADFF0C22 /* ldp q2, q3, [x1, #-32]! */));
  CHECK(t.lo(2) == bytes_at(0));
  CHECK(t.hi(2) == bytes_at(8));
  CHECK(t.lo(3) == bytes_at(16));
  CHECK(t.hi(3) == bytes_at(24));
  CHECK(t.x(1) == kData);
  REQUIRE(t.exec(0xAC411424 /* ldnp q4, q5, [x1, #32] */));
  CHECK(t.lo(4) == bytes_at(32));
  CHECK(t.hi(5) == bytes_at(56));

  t.cpu.set_sp(kData + 256);
  REQUIRE(t.exec(0xADBF0FE2 /* stp q2, q3, [sp, #-32]! */));
  CHECK(t.cpu.sp() == kData + 224);
  CHECK(t.read64(kData + 224) == bytes_at(0));
  CHECK(t.read64(kData + 248) == bytes_at(24));
  REQUIRE(t.exec(0x6D040C22 /* stp d2, d3, [x1, #64] */));
  CHECK(t.read64(kData + 64) == bytes_at(0));
  CHECK(t.read64(kData + 72) == bytes_at(16));
  REQUIRE(t.exec(0x2C811424 /* stp s4, s5, [x1], #8 */));
  CHECK(t.read64(kData) == ((bytes_at(48) & 0xFFFFFFFF) << 32 | (bytes_at(32) & 0xFFFFFFFF)));
  CHECK(t.x(1) == kData + 8);
  REQUIRE(t.exec(0x6C011424 /* stnp d4, d5, [x1, #16] */));
  CHECK(t.read64(kData + 24) == bytes_at(32));
  CHECK(t.read64(kData + 32) == bytes_at(48));

  // opc 11 is UNDEFINED.
  REQUIRE_FALSE(t.exec(0xED000420 /* stp s0, s1, [x1]  with or=0xC0000000 */));
  CHECK(t.ec() == kEcUnknown);
}

TEST_CASE("simd: LD1/ST1 multiple registers", "[isa][simd]") {
  Simd t;
  t.fill_v(kJunk);
  t.set_x(1, kData);
  REQUIRE(t.exec(0x4C402020 /* ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1] */));
  for (unsigned r = 0; r < 4; ++r) {
    CHECK(t.lo(r) == bytes_at(16 * r));
    CHECK(t.hi(r) == bytes_at(16 * r + 8));
  }
  REQUIRE(t.exec(0x0CDFA024 /* ld1 {v4.8b, v5.8b}, [x1], #16 */));  // Q = 0 clears the top
  CHECK(t.lo(4) == bytes_at(0));
  CHECK(t.hi(4) == 0);
  CHECK(t.lo(5) == bytes_at(8));
  CHECK(t.x(1) == kData + 16);
  t.set_x(2, 100);
  REQUIRE(t.exec(0x4CC26C3F /* ld1 {v31.2d, v0.2d, v1.2d}, [x1], x2 */));  // wraps V31 -> V0
  CHECK(t.lo(31) == bytes_at(16));
  CHECK(t.lo(0) == bytes_at(32));
  CHECK(t.hi(1) == bytes_at(56));
  CHECK(t.x(1) == kData + 116);
  // Byte elements need only byte alignment, even on Device memory.
  t.set_x(1, kData + 3);
  REQUIRE(t.exec(0x4C407026 /* ld1 {v6.16b}, [x1] */));
  CHECK(t.lo(6) == bytes_at(3));
  CHECK(t.hi(6) == bytes_at(11));
  // Word elements must be word aligned there.
  t.set_x(1, kData + 2);
  REQUIRE_FALSE(t.exec(0x4CDF7826 /* ld1 {v6.4s}, [x1], #16 */));
  CHECK(t.iss() == kDfscAlignment);
  CHECK(t.x(1) == kData + 2);
  CHECK(t.lo(6) == bytes_at(3));

  t.set_v(8, 0x1111111111111111ull, 0x2222222222222222ull);
  t.set_v(9, 0x3333333333333333ull, 0x4444444444444444ull);
  t.set_x(1, kData + 128);
  REQUIRE(t.exec(0x4C9FA428 /* st1 {v8.8h, v9.8h}, [x1], #32 */));
  CHECK(t.read64(kData + 128) == 0x1111111111111111ull);
  CHECK(t.read64(kData + 136) == 0x2222222222222222ull);
  CHECK(t.read64(kData + 144) == 0x3333333333333333ull);
  CHECK(t.read64(kData + 152) == 0x4444444444444444ull);
  CHECK(t.x(1) == kData + 160);
  t.set_x(1, kData + 161);
  REQUIRE(t.exec(0x0C007029 /* st1 {v9.8b}, [x1] */));
  CHECK(t.read64(kData + 160) == 0x33333333333333A0ull);
  CHECK(*t.bus.at(kData + 168) == 0x33);
  CHECK(*t.bus.at(kData + 169) == 0xA9);
}

TEST_CASE("simd: LD2/LD3/LD4 de-interleave and ST2/ST4 interleave", "[isa][simd]") {
  Simd t;
  t.set_x(1, kData);
  REQUIRE(t.exec(0x4C408020 /* ld2 {v0.16b, v1.16b}, [x1] */));
  CHECK(t.lo(0) == 0x0E0C0A0806040200ull);
  CHECK(t.hi(0) == 0x1E1C1A1816141210ull);
  CHECK(t.lo(1) == 0x0F0D0B0907050301ull);
  CHECK(t.hi(1) == 0x1F1D1B1917151311ull);
  REQUIRE(t.exec(0x4CDF4822 /* ld3 {v2.4s, v3.4s, v4.4s}, [x1], #48 */));
  CHECK(t.lo(2) == 0x0F0E0D0C03020100ull);  // words 0 and 3
  CHECK(t.hi(2) == 0x272625241B1A1918ull);  // words 6 and 9
  CHECK(t.lo(3) == 0x1312111007060504ull);  // words 1 and 4
  CHECK(t.lo(4) == 0x171615140B0A0908ull);  // words 2 and 5
  CHECK(t.x(1) == kData + 48);
  t.set_x(1, kData);
  REQUIRE(t.exec(0x4C400424 /* ld4 {v4.8h, v5.8h, v6.8h, v7.8h}, [x1] */));
  CHECK(t.lo(4) == 0x1918111009080100ull);  // halfwords 0, 4, 8, 12
  CHECK(t.lo(7) == 0x1F1E17160F0E0706ull);  // halfwords 3, 7, 11, 15

  // ST2 of what LD2 read restores the original bytes.
  t.set_x(1, kData + 128);
  REQUIRE(t.exec(0x4C008020 /* st2 {v0.16b, v1.16b}, [x1] */));
  for (unsigned i = 0; i < 4; ++i) CHECK(t.read64(kData + 128 + 8 * i) == bytes_at(8 * i));
  REQUIRE(t.exec(0x4C9F0424 /* st4 {v4.8h, v5.8h, v6.8h, v7.8h}, [x1], #64 */));
  for (unsigned i = 0; i < 8; ++i) CHECK(t.read64(kData + 128 + 8 * i) == bytes_at(8 * i));
  CHECK(t.x(1) == kData + 192);
  // .1D with more than one structure element is UNDEFINED.
  REQUIRE_FALSE(t.exec(0x0C408C20 /* ld2 {v0.4s, v1.4s}, [x1]  with andnot=0x40000000,or=0xC00 */));
  CHECK(t.ec() == kEcUnknown);
}

TEST_CASE("simd: single-structure lanes and LD1R-LD4R", "[isa][simd]") {
  Simd t;
  t.fill_v(kJunk);
  t.set_x(1, kData + 16);
  REQUIRE(t.exec(0x4D409020 /* ld1 {v0.s}[3], [x1] */));
  CHECK(t.lo(0) == kJunk);
  CHECK(t.hi(0) == 0x13121110DEADBEEFull);
  REQUIRE(t.exec(0x0DDF0C20 /* ld1 {v0.b}[3], [x1], #1 */));
  CHECK(t.lo(0) == 0xDEADBEEF10ADBEEFull);
  CHECK(t.x(1) == kData + 17);
  t.set_x(1, kData + 32);
  t.set_x(3, 64);
  REQUIRE(t.exec(0x4DE38421 /* ld2 {v1.d, v2.d}[1], [x1], x3 */));
  CHECK(t.lo(1) == kJunk);
  CHECK(t.hi(1) == bytes_at(32));
  CHECK(t.hi(2) == bytes_at(40));
  CHECK(t.x(1) == kData + 96);
  t.set_x(1, kData);
  REQUIRE(t.exec(0x4D607823 /* ld4 {v3.h, v4.h, v5.h, v6.h}[7], [x1] */));
  CHECK(t.hi(3) == 0x0100BEEFDEADBEEFull);
  CHECK(t.hi(6) == 0x0706BEEFDEADBEEFull);
  CHECK(t.lo(6) == kJunk);

  t.set_v(10, 0x0011223344556677ull, 0x8899AABBCCDDEEFFull);
  t.set_v(11, 0x1011121314151617ull, 0x18191A1B1C1D1E1Full);
  t.set_x(1, kData + 200);
  REQUIRE(t.exec(0x4D9F842A /* st1 {v10.d}[1], [x1], #8 */));
  CHECK(t.read64(kData + 200) == 0x8899AABBCCDDEEFFull);
  CHECK(t.x(1) == kData + 208);
  REQUIRE(t.exec(0x0D20802A /* st2 {v10.s, v11.s}[0], [x1] */));
  CHECK(t.read64(kData + 208) == 0x1415161744556677ull);
  REQUIRE(t.exec(0x4D9F3C2A /* st3 {v10.b, v11.b, v12.b}[15], [x1], #3 */));
  CHECK((t.read64(kData + 208) & 0xFFFFFF) == 0xDE1888);
  CHECK(t.x(1) == kData + 211);

  t.set_x(1, kData + 8);
  REQUIRE(t.exec(0x4D40C820 /* ld1r {v0.4s}, [x1] */));
  CHECK(t.lo(0) == 0x0B0A09080B0A0908ull);
  CHECK(t.hi(0) == 0x0B0A09080B0A0908ull);
  REQUIRE(t.exec(0x0DDFC020 /* ld1r {v0.8b}, [x1], #1 */));
  CHECK(t.lo(0) == 0x0808080808080808ull);
  CHECK(t.hi(0) == 0);
  CHECK(t.x(1) == kData + 9);
  t.set_x(1, kData);
  REQUIRE(t.exec(0x4D60C421 /* ld2r {v1.8h, v2.8h}, [x1] */));
  CHECK(t.lo(1) == 0x0100010001000100ull);
  CHECK(t.hi(2) == 0x0302030203020302ull);
  REQUIRE(t.exec(0x0DFFEC24 /* ld4r {v4.1d, v5.1d, v6.1d, v7.1d}, [x1], #32 */));
  CHECK(t.lo(7) == bytes_at(24));
  CHECK(t.hi(7) == 0);
  CHECK(t.x(1) == kData + 32);

  // UNDEFINED lane forms: 16-bit with size<0> set, 64-bit with S set.
  REQUIRE_FALSE(t.exec(0x0D404C20 /* ld1 {v0.h}[1], [x1]  with or=0x400 */));
  CHECK(t.ec() == kEcUnknown);
  REQUIRE_FALSE(t.exec(0x0D409420 /* ld1 {v0.d}[0], [x1]  with or=0x1000 */));
  CHECK(t.ec() == kEcUnknown);
}

TEST_CASE("simd: FMOV general, register and immediate", "[isa][simd]") {
  Simd t;
  t.fill_v(kJunk);
  t.set_x(1, 0x0123456789ABCDEFull);
  REQUIRE(t.exec(0x1E270020 /* fmov s0, w1 */));
  CHECK(t.lo(0) == 0x89ABCDEF);
  CHECK(t.hi(0) == 0);
  REQUIRE(t.exec(0x9E670021 /* fmov d1, x1 */));
  CHECK(t.lo(1) == 0x0123456789ABCDEFull);
  CHECK(t.hi(1) == 0);
  REQUIRE(t.exec(0x9EAF0022 /* fmov v2.d[1], x1 */));
  CHECK(t.lo(2) == kJunk);  // the low half is kept
  CHECK(t.hi(2) == 0x0123456789ABCDEFull);
  t.set_v(3, 0xFEDCBA9876543210ull, 0x1122334455667788ull);
  t.set_x(0, kJunk);
  REQUIRE(t.exec(0x1E260060 /* fmov w0, s3 */));
  CHECK(t.x(0) == 0x76543210);
  REQUIRE(t.exec(0x9E660060 /* fmov x0, d3 */));
  CHECK(t.x(0) == 0xFEDCBA9876543210ull);
  REQUIRE(t.exec(0x9EAE0060 /* fmov x0, v3.d[1] */));
  CHECK(t.x(0) == 0x1122334455667788ull);
  REQUIRE(t.exec(0x1E204064 /* fmov s4, s3 */));
  CHECK(t.lo(4) == 0x76543210);
  CHECK(t.hi(4) == 0);
  REQUIRE(t.exec(0x1E604064 /* fmov d4, d3 */));
  CHECK(t.lo(4) == 0xFEDCBA9876543210ull);
  CHECK(t.hi(4) == 0);

  const struct {
    uint32_t insn;
    uint64_t want;
  } imms[] = {
      {0x1E2E1005 /* fmov s5, #1.0 */, 0x3F800000},
      {0x1E309005 /* fmov s5, #-2.5 */, 0xC0200000},
      {0x1E281005 /* fmov s5, #0.125 */, 0x3E000000},
      {0x1E27F005 /* fmov s5, #31.0 */, 0x41F80000},
      {0x1E6E1005 /* fmov d5, #1.0 */, 0x3FF0000000000000ull},
      {0x1E709005 /* fmov d5, #-2.5 */, 0xC004000000000000ull},
      {0x1E691005 /* fmov d5, #0.1875 */, 0x3FC8000000000000ull},
  };
  for (const auto& c : imms) {
    INFO(std::hex << c.insn);
    t.set_v(5, kJunk, kJunk);
    REQUIRE(t.exec(c.insn));
    CHECK(t.lo(5) == c.want);
    CHECK(t.hi(5) == 0);
  }
}

TEST_CASE("simd: MOVI/MVNI/ORR/BIC/FMOV (vector, immediate) expand the immediate", "[isa][simd]") {
  Simd t;
  const struct {
    uint32_t insn;
    uint64_t lo, hi;
  } cases[] = {
      {0x4F054560 /* movi v0.4s, #0xab, lsl #16 */, 0x00AB000000AB0000ull, 0x00AB000000AB0000ull},
      {0x0F056560 /* movi v0.2s, #0xab, lsl #24 */, 0xAB000000AB000000ull, 0},
      {0x4F05A560 /* movi v0.8h, #0xab, lsl #8 */, 0xAB00AB00AB00AB00ull, 0xAB00AB00AB00AB00ull},
      {0x0F05D560 /* movi v0.2s, #0xab, msl #16 */, 0x00ABFFFF00ABFFFFull, 0},
      {0x4F05C560 /* movi v0.4s, #0xab, msl #8 */, 0x0000ABFF0000ABFFull, 0x0000ABFF0000ABFFull},
      {0x4F05E560 /* movi v0.16b, #0xab */, 0xABABABABABABABABull, 0xABABABABABABABABull},
      {0x2F05E4C0 /* movi d0, #0xff00ff0000ffff00 */, 0xFF00FF0000FFFF00ull, 0},
      {0x6F04E420 /* movi v0.2d, #0xff000000000000ff */, 0xFF000000000000FFull,
       0xFF000000000000FFull},
      {0x6F056560 /* mvni v0.4s, #0xab, lsl #24 */, 0x54FFFFFF54FFFFFFull, 0x54FFFFFF54FFFFFFull},
      {0x2F058560 /* mvni v0.4h, #0xab */, 0xFF54FF54FF54FF54ull, 0},
      {0x6F05C560 /* mvni v0.4s, #0xab, msl #8 */, 0xFFFF5400FFFF5400ull, 0xFFFF5400FFFF5400ull},
      {0x4F03F600 /* fmov v0.4s, #1.0 */, 0x3F8000003F800000ull, 0x3F8000003F800000ull},
      {0x0F07F400 /* fmov v0.2s, #-0.5 */, 0xBF000000BF000000ull, 0},
      {0x6F07F400 /* fmov v0.2d, #-0.5 */, 0xBFE0000000000000ull, 0xBFE0000000000000ull},
  };
  for (const auto& c : cases) {
    INFO(std::hex << c.insn);
    t.set_v(0, kJunk, kJunk);
    REQUIRE(t.exec(c.insn));
    CHECK(t.lo(0) == c.lo);
    CHECK(t.hi(0) == c.hi);
  }
  t.set_v(1, 0x0000000000000000ull, 0x1111111111111111ull);
  REQUIRE(t.exec(0x4F053561 /* orr v1.4s, #0xab, lsl #8 */));
  CHECK(t.lo(1) == 0x0000AB000000AB00ull);
  CHECK(t.hi(1) == 0x1111BB111111BB11ull);
  REQUIRE(t.exec(0x4F0695A1 /* orr v1.8h, #0xcd */));
  CHECK(t.lo(1) == 0x00CDABCD00CDABCDull);
  t.set_v(2, ~0ull, ~0ull);
  REQUIRE(t.exec(0x6F059562 /* bic v2.8h, #0xab */));
  CHECK(t.lo(2) == 0xFF54FF54FF54FF54ull);
  CHECK(t.hi(2) == 0xFF54FF54FF54FF54ull);
  REQUIRE(t.exec(0x2F0777E2 /* bic v2.2s, #0xff, lsl #24 */));  // Q = 0 clears the top
  CHECK(t.lo(2) == 0x0054FF540054FF54ull);
  CHECK(t.hi(2) == 0);
}

TEST_CASE("simd: DUP, INS, UMOV, SMOV and MOV (scalar) lanes", "[isa][simd]") {
  Simd t;
  t.set_v(1, 0x8877665544332211ull, 0xF0E0D0C0B0A09080ull);
  t.set_x(2, 0x123456789ABCDEF0ull);

  REQUIRE(t.exec(0x4E140420 /* dup v0.4s, v1.s[2] */));
  CHECK(t.lo(0) == 0xB0A09080B0A09080ull);
  CHECK(t.hi(0) == 0xB0A09080B0A09080ull);
  REQUIRE(t.exec(0x0E1F0420 /* dup v0.8b, v1.b[15] */));
  CHECK(t.lo(0) == 0xF0F0F0F0F0F0F0F0ull);
  CHECK(t.hi(0) == 0);
  REQUIRE(t.exec(0x4E180420 /* dup v0.2d, v1.d[1] */));
  CHECK(t.lo(0) == 0xF0E0D0C0B0A09080ull);
  REQUIRE(t.exec(0x0E010C40 /* dup v0.8b, w2 */));
  CHECK(t.lo(0) == 0xF0F0F0F0F0F0F0F0ull);
  CHECK(t.hi(0) == 0);
  REQUIRE(t.exec(0x4E020C40 /* dup v0.8h, w2 */));
  CHECK(t.hi(0) == 0xDEF0DEF0DEF0DEF0ull);
  REQUIRE(t.exec(0x4E080C40 /* dup v0.2d, x2 */));
  CHECK(t.lo(0) == 0x123456789ABCDEF0ull);
  CHECK(t.hi(0) == 0x123456789ABCDEF0ull);

  t.set_x(0, kJunk);
  REQUIRE(t.exec(0x0E1F3C20 /* umov w0, v1.b[15] */));
  CHECK(t.x(0) == 0xF0);
  REQUIRE(t.exec(0x0E063C20 /* umov w0, v1.h[1] */));
  CHECK(t.x(0) == 0x4433);
  REQUIRE(t.exec(0x0E1C3C20 /* mov w0, v1.s[3] */));
  CHECK(t.x(0) == 0xF0E0D0C0);
  REQUIRE(t.exec(0x4E183C20 /* mov x0, v1.d[1] */));
  CHECK(t.x(0) == 0xF0E0D0C0B0A09080ull);
  REQUIRE(t.exec(0x0E112C20 /* smov w0, v1.b[8] */));
  CHECK(t.x(0) == 0xFFFFFF80);
  REQUIRE(t.exec(0x4E122C20 /* smov x0, v1.h[4] */));
  CHECK(t.x(0) == 0xFFFFFFFFFFFF9080ull);
  REQUIRE(t.exec(0x4E1C2C20 /* smov x0, v1.s[3] */));
  CHECK(t.x(0) == 0xFFFFFFFFF0E0D0C0ull);
  REQUIRE(t.exec(0x4E012C20 /* smov x0, v1.b[0] */));
  CHECK(t.x(0) == 0x11);

  t.set_v(3, 0, 0);
  REQUIRE(t.exec(0x4E161C43 /* ins v3.h[5], w2 */));
  CHECK(t.lo(3) == 0);
  CHECK(t.hi(3) == 0x00000000DEF00000ull);
  REQUIRE(t.exec(0x4E011C43 /* ins v3.b[0], w2 */));
  CHECK(t.lo(3) == 0xF0);
  REQUIRE(t.exec(0x4E081C43 /* mov v3.d[0], x2 */));
  CHECK(t.lo(3) == 0x123456789ABCDEF0ull);
  REQUIRE(t.exec(0x6E0C6423 /* ins v3.s[1], v1.s[3] */));
  CHECK(t.lo(3) == 0xF0E0D0C09ABCDEF0ull);
  CHECK(t.hi(3) == 0x00000000DEF00000ull);
  REQUIRE(t.exec(0x6E1F0423 /* mov v3.b[15], v1.b[0] */));
  CHECK(t.hi(3) == 0x11000000DEF00000ull);

  t.set_v(4, kJunk, kJunk);
  REQUIRE(t.exec(0x5E140424 /* dup s4, v1.s[2] */));
  CHECK(t.lo(4) == 0xB0A09080);
  CHECK(t.hi(4) == 0);
  REQUIRE(t.exec(0x5E0B0424 /* mov b4, v1.b[5] */));
  CHECK(t.lo(4) == 0x66);
  REQUIRE(t.exec(0x5E180424 /* mov d4, v1.d[1] */));
  CHECK(t.lo(4) == 0xF0E0D0C0B0A09080ull);

  // UNDEFINED: imm5 = x0000, .1D duplicates, UMOV Q = 1 with a byte, SMOV to W of a word.
  REQUIRE_FALSE(t.exec(0x4E100420 /* dup v0.4s, v1.s[2]  with andnot=0xF0000,or=0x100000 */));
  CHECK(t.ec() == kEcUnknown);
  REQUIRE_FALSE(t.exec(0x0E080420 /* dup v0.2d, v1.d[0]  with andnot=0x40000000 */));
  CHECK(t.ec() == kEcUnknown);
  REQUIRE_FALSE(t.exec(0x4E033C20 /* umov w0, v1.b[1]  with or=0x40000000 */));
  CHECK(t.ec() == kEcUnknown);
  REQUIRE_FALSE(t.exec(0x0E0C2C20 /* smov x0, v1.s[1]  with andnot=0x40000000 */));
  CHECK(t.ec() == kEcUnknown);
}
