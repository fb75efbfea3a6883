// Integer loads and stores: sizes and sign extension, every addressing mode and its
// writeback, register-offset extends, pairs, exclusives, acquire/release, PRFM, and
// the faults (alignment on Device memory, bus errors, SP alignment) with the rule
// that a faulting instruction writes back nothing. Encodings come from llvm-mc
// (-triple=aarch64); the assembly is beside each one.
#include <catch2/catch.hpp>
#include <cstdint>

#include "isa/decode.h"
#include "tests/isa/test_support.h"

using namespace isa;

namespace {

// A core that executes single instructions at kAt against the data area. Every
// exception vector holds `b .`, so a step that takes an exception ends there.
struct Ls : el2sim_test::TestCore {
  static constexpr uint64_t kAt = kCode + 0x1000;
  static constexpr uint64_t kVectors = kCode + 0x8000;
  static constexpr uint64_t kRamEnd = kRamBase + (4 << 20);
  static constexpr uint64_t kNoRam = 0x10000000;  // a bus error

  Ls() {
    for (uint64_t off = 0; off < 0x800; off += 4) load({0x14000000 /* b . */}, kVectors + off);
    cpu.sr().VBAR_EL1 = kVectors;
    cpu.sr().VBAR_EL2 = kVectors;
  }
  // Execute one instruction; true when it completed without an exception.
  bool exec(uint32_t insn) {
    load({insn}, kAt);
    cpu.set_pc(kAt);
    step();
    return cpu.pc() == kAt + 4;
  }
  uint64_t x(unsigned n) const { return cpu.x(n); }
  void set_x(unsigned n, uint64_t v) { cpu.set_x(n, v); }
  uint32_t read32(uint64_t pa) {
    uint32_t v;
    std::memcpy(&v, bus.at(pa), 4);
    return v;
  }
  uint8_t read8(uint64_t pa) { return *bus.at(pa); }
  // ESR_EL2.EC / ISS of the last exception taken to EL2.
  uint32_t ec() const { return static_cast<uint32_t>(cpu.sr().ESR_EL2 >> 26); }
  uint32_t iss() const { return static_cast<uint32_t>(cpu.sr().ESR_EL2 & 0x1FFFFFF); }
};

constexpr uint64_t kData = Ls::kData;
constexpr uint64_t kAt = Ls::kAt;
constexpr uint64_t kPattern = 0xF1E2D3C4B5A69788ull;  // every size reads as negative
constexpr uint64_t kJunk = 0xDEADBEEFDEADBEEFull;

constexpr uint32_t kEcUnknown = 0x00;
constexpr uint32_t kEcDataAbortSame = 0x25;
constexpr uint32_t kEcSpAlign = 0x26;
constexpr uint32_t kDfscAlignment = 0x21;
constexpr uint32_t kDfscSyncExternal = 0x10;
constexpr uint32_t kWnR = 1u << 6;

}  // namespace

TEST_CASE("ldst: every encoding decodes to its own table entry", "[isa][ldst]") {
  const struct {
    uint32_t insn;
    InsnId id;
  } cases[] = {
      {0x18000081, InsnId::LDR_lit},         // ldr w1, #16
      {0x58000081, InsnId::LDR_lit},         // ldr x1, #16
      {0x98000081, InsnId::LDRSW_lit},       // ldrsw x1, #16
      {0xD8000080, InsnId::PRFM_lit},        // prfm pldl1keep, #16
      {0x381FD441, InsnId::STRB_imm_post},   // strb w1, [x2], #-3
      {0x38005C41, InsnId::STRB_imm_pre},    // strb w1, [x2, #5]!
      {0x393FFC41, InsnId::STRB_imm_uoff},   // strb w1, [x2, #4095]
      {0x38401441, InsnId::LDRB_imm_post},   // ldrb w1, [x2], #1
      {0x38401C41, InsnId::LDRB_imm_pre},    // ldrb w1, [x2, #1]!
      {0x39401C41, InsnId::LDRB_imm_uoff},   // ldrb w1, [x2, #7]
      {0x38801441, InsnId::LDRSB_imm_post},  // ldrsb x1, [x2], #1
      {0x38DFFC41, InsnId::LDRSB_imm_pre},   // ldrsb w1, [x2, #-1]!
      {0x39C00C41, InsnId::LDRSB_imm_uoff},  // ldrsb w1, [x2, #3]
      {0x78002441, InsnId::STRH_imm_post},   // strh w1, [x2], #2
      {0x78002C41, InsnId::STRH_imm_pre},    // strh w1, [x2, #2]!
      {0x79000441, InsnId::STRH_imm_uoff},   // strh w1, [x2, #2]
      {0x78402441, InsnId::LDRH_imm_post},   // ldrh w1, [x2], #2
      {0x78402C41, InsnId::LDRH_imm_pre},    // ldrh w1, [x2, #2]!
      {0x797FFC41, InsnId::LDRH_imm_uoff},   // ldrh w1, [x2, #8190]
      {0x78802441, InsnId::LDRSH_imm_post},  // ldrsh x1, [x2], #2
      {0x78C02C41, InsnId::LDRSH_imm_pre},   // ldrsh w1, [x2, #2]!
      {0x79800841, InsnId::LDRSH_imm_uoff},  // ldrsh x1, [x2, #4]
      {0xB8004441, InsnId::STR_imm_post},    // str w1, [x2], #4
      {0xF81F0FE1, InsnId::STR_imm_pre},     // str x1, [sp, #-16]!
      {0xF93FFC41, InsnId::STR_imm_uoff},    // str x1, [x2, #32760]
      {0xB8404441, InsnId::LDR_imm_post},    // ldr w1, [x2], #4
      {0xF8408C41, InsnId::LDR_imm_pre},     // ldr x1, [x2, #8]!
      {0xF9400441, InsnId::LDR_imm_uoff},    // ldr x1, [x2, #8]
      {0xB8804441, InsnId::LDRSW_imm_post},  // ldrsw x1, [x2], #4
      {0xB8804C41, InsnId::LDRSW_imm_pre},   // ldrsw x1, [x2, #4]!
      {0xB9800441, InsnId::LDRSW_imm_uoff},  // ldrsw x1, [x2, #4]
      {0xF9800440, InsnId::PRFM_imm},        // prfm pldl1keep, [x2, #8]
      {0x381FF041, InsnId::STURB},           // sturb w1, [x2, #-1]
      {0x381FF841, InsnId::STTRB},           // sttrb w1, [x2, #-1]
      {0x385FF041, InsnId::LDURB},           // ldurb w1, [x2, #-1]
      {0x385FF841, InsnId::LDTRB},           // ldtrb w1, [x2, #-1]
      {0x389FF041, InsnId::LDURSB},          // ldursb x1, [x2, #-1]
      {0x38DFF841, InsnId::LDTRSB},          // ldtrsb w1, [x2, #-1]
      {0x781FF041, InsnId::STURH},           // sturh w1, [x2, #-1]
      {0x781FF841, InsnId::STTRH},           // sttrh w1, [x2, #-1]
      {0x785FF041, InsnId::LDURH},           // ldurh w1, [x2, #-1]
      {0x785FF841, InsnId::LDTRH},           // ldtrh w1, [x2, #-1]
      {0x789FF041, InsnId::LDURSH},          // ldursh x1, [x2, #-1]
      {0x78DFF841, InsnId::LDTRSH},          // ldtrsh w1, [x2, #-1]
      {0xF81FF041, InsnId::STUR},            // stur x1, [x2, #-1]
      {0xB81FF841, InsnId::STTR},            // sttr w1, [x2, #-1]
      {0xF85FF041, InsnId::LDUR},            // ldur x1, [x2, #-1]
      {0xF85FF841, InsnId::LDTR},            // ldtr x1, [x2, #-1]
      {0xB89FF041, InsnId::LDURSW},          // ldursw x1, [x2, #-1]
      {0xB89FF841, InsnId::LDTRSW},          // ldtrsw x1, [x2, #-1]
      {0xF89FF040, InsnId::PRFUM},           // prfum pldl1keep, [x2, #-1]
      {0x38236841, InsnId::STRB_reg},        // strb w1, [x2, x3]
      {0x38634841, InsnId::LDRB_reg},        // ldrb w1, [x2, w3, uxtw]
      {0x38A3C841, InsnId::LDRSB_reg},       // ldrsb x1, [x2, w3, sxtw]
      {0x78237841, InsnId::STRH_reg},        // strh w1, [x2, x3, lsl #1]
      {0x7863F841, InsnId::LDRH_reg},        // ldrh w1, [x2, x3, sxtx #1]
      {0x78E36841, InsnId::LDRSH_reg},       // ldrsh w1, [x2, x3]
      {0xF8237841, InsnId::STR_reg},         // str x1, [x2, x3, lsl #3]
      {0xB8635841, InsnId::LDR_reg},         // ldr w1, [x2, w3, uxtw #2]
      {0xB8A3D841, InsnId::LDRSW_reg},       // ldrsw x1, [x2, w3, sxtw #2]
      {0xF8A36840, InsnId::PRFM_reg},        // prfm pldl1keep, [x2, x3]
      {0x28810861, InsnId::STP_post},        // stp w1, w2, [x3], #8
      {0xA9BF0BE1, InsnId::STP_pre},         // stp x1, x2, [sp, #-16]!
      {0xA9010861, InsnId::STP_off},         // stp x1, x2, [x3, #16]
      {0x28C10861, InsnId::LDP_post},        // ldp w1, w2, [x3], #8
      {0xA9FF0861, InsnId::LDP_pre},         // ldp x1, x2, [x3, #-16]!
      {0xA9410861, InsnId::LDP_off},         // ldp x1, x2, [x3, #16]
      {0x68C10861, InsnId::LDPSW_post},      // ldpsw x1, x2, [x3], #8
      {0x69C10861, InsnId::LDPSW_pre},       // ldpsw x1, x2, [x3, #8]!
      {0x69410861, InsnId::LDPSW_off},       // ldpsw x1, x2, [x3, #8]
      {0xA8010861, InsnId::STNP},            // stnp x1, x2, [x3, #16]
      {0x28410861, InsnId::LDNP},            // ldnp w1, w2, [x3, #8]
      {0x08047C41, InsnId::STXRB},           // stxrb w4, w1, [x2]
      {0x0804FC41, InsnId::STLXRB},          // stlxrb w4, w1, [x2]
      {0x085F7C41, InsnId::LDXRB},           // ldxrb w1, [x2]
      {0x085FFC41, InsnId::LDAXRB},          // ldaxrb w1, [x2]
      {0x48047C41, InsnId::STXRH},           // stxrh w4, w1, [x2]
      {0x4804FC41, InsnId::STLXRH},          // stlxrh w4, w1, [x2]
      {0x485F7C41, InsnId::LDXRH},           // ldxrh w1, [x2]
      {0x485FFC41, InsnId::LDAXRH},          // ldaxrh w1, [x2]
      {0xC8047C41, InsnId::STXR},            // stxr w4, x1, [x2]
      {0x8804FC41, InsnId::STLXR},           // stlxr w4, w1, [x2]
      {0xC85F7C41, InsnId::LDXR},            // ldxr x1, [x2]
      {0x885FFC41, InsnId::LDAXR},           // ldaxr w1, [x2]
      {0xC8240C41, InsnId::STXP},            // stxp w4, x1, x3, [x2]
      {0x88248C41, InsnId::STLXP},           // stlxp w4, w1, w3, [x2]
      {0xC87F0C41, InsnId::LDXP},            // ldxp x1, x3, [x2]
      {0x887F8C41, InsnId::LDAXP},           // ldaxp w1, w3, [x2]
      {0x089FFC41, InsnId::STLRB},           // stlrb w1, [x2]
      {0x08DFFC41, InsnId::LDARB},           // ldarb w1, [x2]
      {0x489FFC41, InsnId::STLRH},           // stlrh w1, [x2]
      {0x48DFFC41, InsnId::LDARH},           // ldarh w1, [x2]
      {0xC89FFC41, InsnId::STLR},            // stlr x1, [x2]
      {0x88DFFC41, InsnId::LDAR},            // ldar w1, [x2]
  };
  for (const auto& c : cases) {
    INFO(std::hex << c.insn << " decoded as " << insn_name(decode(c.insn)));
    CHECK(decode(c.insn) == c.id);
  }
  // Unallocated neighbours: LDRSW with opc 11, PRFM unprivileged, STGP-like STP with
  // opc 01, and the v8.1 CAS/atomic spaces.
  CHECK(decode(0xB8C04441) == InsnId::kUnallocated);  // size 10, opc 11, post-index
  CHECK(decode(0xF89FF840) == InsnId::kUnallocated);  // "prftm": size 11 opc 10 idx 10
  CHECK(decode(0x69010861) == InsnId::kUnallocated);  // opc 01, L = 0 pair (STGP)
  CHECK(decode(0xC8A07C41) == InsnId::kUnallocated);  // cas x0, x1, [x2] (v8.1)
  CHECK(decode(0xF8200041) == InsnId::kUnallocated);  // ldadd x0, x1, [x2] (v8.1)
  CHECK(decode(0xC8DF7C41) == InsnId::kUnallocated);  // ldlar x1, [x2] (v8.1)
}

TEST_CASE("ldst: every size and sign extension", "[isa][ldst]") {
  Ls t;
  t.write64(kData, kPattern);
  t.set_x(1, kData);
  const struct {
    uint32_t insn;
    uint64_t want;
  } cases[] = {
      {0x39400020 /* ldrb w0, [x1] */, 0x88},
      {0x39C00020 /* ldrsb w0, [x1] */, 0xFFFFFF88},
      {0x39800020 /* ldrsb x0, [x1] */, 0xFFFFFFFFFFFFFF88},
      {0x79400020 /* ldrh w0, [x1] */, 0x9788},
      {0x79C00020 /* ldrsh w0, [x1] */, 0xFFFF9788},
      {0x79800020 /* ldrsh x0, [x1] */, 0xFFFFFFFFFFFF9788},
      {0xB9400020 /* ldr w0, [x1] */, 0xB5A69788},
      {0xF9400020 /* ldr x0, [x1] */, kPattern},
      {0xB9800020 /* ldrsw x0, [x1] */, 0xFFFFFFFFB5A69788},
      {0xB9800420 /* ldrsw x0, [x1, #4] */, 0xFFFFFFFFF1E2D3C4},
      {0x39800420 /* ldrsb x0, [x1, #1] */, 0xFFFFFFFFFFFFFF97},
      {0x79C00420 /* ldrsh w0, [x1, #2] */, 0xFFFFB5A6},
  };
  for (const auto& c : cases) {
    INFO(std::hex << c.insn);
    t.set_x(0, kJunk);
    REQUIRE(t.exec(c.insn));
    CHECK(t.x(0) == c.want);
    CHECK(t.x(1) == kData);
  }
  // Positive values are zero-extended by the sign-extending loads.
  t.write64(kData + 8, 0x0102030405060708ull);
  t.set_x(1, kData + 8);
  REQUIRE(t.exec(0xB9800020 /* ldrsw x0, [x1] */));
  CHECK(t.x(0) == 0x05060708);
  REQUIRE(t.exec(0x79800020 /* ldrsh x0, [x1] */));
  CHECK(t.x(0) == 0x0708);
  // Register 31 as Rt is XZR: the load is made and discarded.
  REQUIRE(t.exec(0xF940003F /* ldr xzr, [x1] */));
}

TEST_CASE("ldst: unsigned offsets are scaled by the access size", "[isa][ldst]") {
  Ls t;
  t.set_x(1, kData);
  *t.bus.at(kData + 4095) = 0x5A;
  t.write64(kData + 8190, 0);
  std::memcpy(t.bus.at(kData + 8190), "\x34\x12", 2);
  t.write64(kData + 16380 - 4, 0x8765432100000000ull);
  t.write64(kData + 32760, 0x1122334455667788ull);
  REQUIRE(t.exec(0x397FFC20 /* ldrb w0, [x1, #4095] */));
  CHECK(t.x(0) == 0x5A);
  REQUIRE(t.exec(0x797FFC20 /* ldrh w0, [x1, #8190] */));
  CHECK(t.x(0) == 0x1234);
  REQUIRE(t.exec(0xB97FFC20 /* ldr w0, [x1, #16380] */));
  CHECK(t.x(0) == 0x87654321);
  REQUIRE(t.exec(0xF97FFC20 /* ldr x0, [x1, #32760] */));
  CHECK(t.x(0) == 0x1122334455667788ull);
}

TEST_CASE("ldst: pre-index, post-index and unscaled addresses and writeback", "[isa][ldst]") {
  Ls t;
  for (unsigned i = 0; i < 8; ++i) t.write64(kData + 8 * i, 0x1111111111111111ull * (i + 1));

  t.set_x(1, kData + 16);
  REQUIRE(t.exec(0xF85F8420 /* ldr x0, [x1], #-8 */));  // post: old address, then -8
  CHECK(t.x(0) == 0x3333333333333333ull);
  CHECK(t.x(1) == kData + 8);

  t.set_x(1, kData + 8);
  REQUIRE(t.exec(0xF8410C20 /* ldr x0, [x1, #16]! */));  // pre: new address
  CHECK(t.x(0) == 0x4444444444444444ull);
  CHECK(t.x(1) == kData + 24);

  t.set_x(1, kData);
  REQUIRE(t.exec(0x38401420 /* ldrb w0, [x1], #1 */));
  CHECK(t.x(0) == 0x11);
  CHECK(t.x(1) == kData + 1);

  t.write64(kData + 32, 0x000000008000FFFEull);
  t.set_x(1, kData + 34);
  REQUIRE(t.exec(0x789FEC20 /* ldrsh x0, [x1, #-2]! */));
  CHECK(t.x(0) == 0xFFFFFFFFFFFFFFFEull);
  CHECK(t.x(1) == kData + 32);

  t.set_x(1, kData + 32);
  REQUIRE(t.exec(0xB8804420 /* ldrsw x0, [x1], #4 */));
  CHECK(t.x(0) == 0xFFFFFFFF8000FFFEull);
  CHECK(t.x(1) == kData + 36);

  // Unscaled: negative offsets, no writeback.
  t.set_x(1, kData + 16);
  REQUIRE(t.exec(0xF85F8020 /* ldur x0, [x1, #-8] */));
  CHECK(t.x(0) == 0x2222222222222222ull);
  CHECK(t.x(1) == kData + 16);
  t.set_x(1, kData + 9);
  REQUIRE(t.exec(0x38DFF020 /* ldursb w0, [x1, #-1] */));
  CHECK(t.x(0) == 0x22);
  t.set_x(1, kData + 10);
  REQUIRE(t.exec(0x785FE020 /* ldurh w0, [x1, #-2] */));
  CHECK(t.x(0) == 0x2222);
  CHECK(t.x(1) == kData + 10);
}

TEST_CASE("ldst: stores of every size and addressing mode", "[isa][ldst]") {
  Ls t;
  t.set_x(0, 0x0807060504030201ull);
  t.set_x(1, kData);
  REQUIRE(t.exec(0x39000020 /* strb w0, [x1] */));
  REQUIRE(t.exec(0x79000420 /* strh w0, [x1, #2] */));
  REQUIRE(t.exec(0xB9000420 /* str w0, [x1, #4] */));
  REQUIRE(t.exec(0xF9000420 /* str x0, [x1, #8] */));
  CHECK(t.read64(kData) == 0x0403020102010001ull);
  CHECK(t.read64(kData + 8) == 0x0807060504030201ull);
  CHECK(t.x(1) == kData);

  t.set_x(1, kData + 16);
  REQUIRE(t.exec(0xF8010420 /* str x0, [x1], #16 */));
  CHECK(t.read64(kData + 16) == 0x0807060504030201ull);
  CHECK(t.x(1) == kData + 32);
  REQUIRE(t.exec(0xB81FCC20 /* str w0, [x1, #-4]! */));
  CHECK(t.read32(kData + 28) == 0x04030201);
  CHECK(t.x(1) == kData + 28);
  REQUIRE(t.exec(0x78006C20 /* strh w0, [x1, #6]! */));
  CHECK(t.read32(kData + 32) == 0x02010000);
  CHECK(t.x(1) == kData + 34);

  t.set_x(1, kData + 41);
  REQUIRE(t.exec(0x381FF020 /* sturb w0, [x1, #-1] */));
  CHECK(t.read8(kData + 40) == 0x01);
  t.set_x(1, kData + 56);
  REQUIRE(t.exec(0xF81F8020 /* stur x0, [x1, #-8] */));
  CHECK(t.read64(kData + 48) == 0x0807060504030201ull);
  CHECK(t.x(1) == kData + 56);

  // Unprivileged forms at EL2 behave as the ordinary ones.
  t.set_x(1, kData + 64);
  REQUIRE(t.exec(0xB8004820 /* sttr w0, [x1, #4] */));
  CHECK(t.read32(kData + 68) == 0x04030201);
  t.write64(kData + 72, 0x8000000000000000ull);
  REQUIRE(t.exec(0xF8408820 /* ldtr x0, [x1, #8] */));
  CHECK(t.x(0) == 0x8000000000000000ull);
  t.write64(kData + 64, 0x0000000080000000ull);
  REQUIRE(t.exec(0xB8800820 /* ldtrsw x0, [x1, #0] */));
  CHECK(t.x(0) == 0xFFFFFFFF80000000ull);

  // XZR as the source stores zero.
  t.write64(kData + 80, kJunk);
  t.set_x(1, kData + 80);
  REQUIRE(t.exec(0xF900003F /* str xzr, [x1] */));
  CHECK(t.read64(kData + 80) == 0);
}

TEST_CASE("ldst: register offsets with LSL, UXTW, SXTW and SXTX", "[isa][ldst]") {
  Ls t;
  for (unsigned i = 0; i < 8; ++i) t.write64(kData + 8 * i, 0x0101010101010101ull * (i + 1) + 0x10);
  t.set_x(1, kData);

  t.set_x(2, 8);
  REQUIRE(t.exec(0xF8626820 /* ldr x0, [x1, x2] */));
  CHECK(t.x(0) == t.read64(kData + 8));
  t.set_x(2, 2);
  REQUIRE(t.exec(0xF8627820 /* ldr x0, [x1, x2, lsl #3] */));
  CHECK(t.x(0) == t.read64(kData + 16));
  t.set_x(2, 0xFFFFFFFF00000003ull);  // UXTW ignores the top half
  REQUIRE(t.exec(0xB8625820 /* ldr w0, [x1, w2, uxtw #2] */));
  CHECK(t.x(0) == t.read32(kData + 12));
  t.set_x(1, kData + 16);
  t.set_x(2, 0x00000000FFFFFFFEull);  // SXTW: -2
  REQUIRE(t.exec(0xB862D820 /* ldr w0, [x1, w2, sxtw #2] */));
  CHECK(t.x(0) == t.read32(kData + 8));
  t.set_x(1, kData + 1);
  t.set_x(2, 0xFFFFFFFFull);  // -1
  REQUIRE(t.exec(0x3862C820 /* ldrb w0, [x1, w2, sxtw] */));
  CHECK(t.x(0) == t.read8(kData));
  t.set_x(1, kData + 4);
  t.set_x(2, ~0ull);  // SXTX: -1, scaled by 2
  REQUIRE(t.exec(0x7862F820 /* ldrh w0, [x1, x2, sxtx #1] */));
  CHECK(t.x(0) == (t.read32(kData + 2) & 0xFFFF));
  t.set_x(1, kData);
  t.set_x(2, 0xFFFFFFFF00000004ull);
  REQUIRE(t.exec(0xB8A24820 /* ldrsw x0, [x1, w2, uxtw] */));
  CHECK(t.x(0) == t.read32(kData + 4));

  t.set_x(0, 0xA5A5A5A5A5A5A5A5ull);
  t.set_x(2, 3);
  REQUIRE(t.exec(0xF8227820 /* str x0, [x1, x2, lsl #3] */));
  CHECK(t.read64(kData + 24) == 0xA5A5A5A5A5A5A5A5ull);
  t.set_x(2, 33);
  REQUIRE(t.exec(0x38226820 /* strb w0, [x1, x2] */));
  CHECK(t.read8(kData + 33) == 0xA5);

  // option<1> == 0 is UNDEFINED, for PRFM too.
  t.set_x(0, kJunk);
  REQUIRE_FALSE(t.exec(0xF8620820 /* ldr x0, [x1, x2]  with opt=0 */));
  CHECK(t.ec() == kEcUnknown);
  CHECK(t.x(0) == kJunk);
  REQUIRE_FALSE(t.exec(0xF8A22820 /* prfm pldl1keep, [x1, x2]  with opt=1 */));
  CHECK(t.ec() == kEcUnknown);
}

TEST_CASE("ldst: literal loads are PC-relative", "[isa][ldst]") {
  Ls t;
  t.write64(kAt + 16, 0x80000000CAFEF00Dull);
  t.write64(kAt - 8, 0x00000000FEDCBA98ull);
  REQUIRE(t.exec(0x18000080 /* ldr w0, #16 */));
  CHECK(t.x(0) == 0xCAFEF00D);
  REQUIRE(t.exec(0x58000080 /* ldr x0, #16 */));
  CHECK(t.x(0) == 0x80000000CAFEF00Dull);
  REQUIRE(t.exec(0x98FFFFC0 /* ldrsw x0, #-8 */));
  CHECK(t.x(0) == 0xFFFFFFFFFEDCBA98ull);
}

TEST_CASE("ldst: PRFM never accesses memory or faults", "[isa][ldst]") {
  Ls t;
  t.set_x(1, Ls::kNoRam + 1);
  t.set_x(2, 0x1000);
  CHECK(t.exec(0xF9800020 /* prfm pldl1keep, [x1] */));
  CHECK(t.exec(0xF8A26820 /* prfm pldl1keep, [x1, x2] */));
  CHECK(t.exec(0xF89FF020 /* prfum pldl1keep, [x1, #-1] */));
  CHECK(t.exec(0xD8000200 /* prfm pldl1keep, #64 */));
  t.cpu.sr().SCTLR_EL2 |= 1u << 3;  // SA: PRFM does not check SP
  t.cpu.set_sp(kData + 4);
  CHECK(t.exec(0xF98007E0 /* prfm pldl1keep, [sp, #8] */));
}

TEST_CASE("ldst: pairs, LDPSW and the non-temporal forms", "[isa][ldst]") {
  Ls t;
  for (unsigned i = 0; i < 8; ++i) t.write64(kData + 8 * i, 0x8000000100000002ull + i);
  t.set_x(1, kData);
  REQUIRE(t.exec(0xA9400820 /* ldp x0, x2, [x1] */));
  CHECK(t.x(0) == 0x8000000100000002ull);
  CHECK(t.x(2) == 0x8000000100000003ull);
  REQUIRE(t.exec(0x29410820 /* ldp w0, w2, [x1, #8] */));
  CHECK(t.x(0) == 0x00000003);
  CHECK(t.x(2) == 0x80000001);
  REQUIRE(t.exec(0xA9C10820 /* ldp x0, x2, [x1, #16]! */));
  CHECK(t.x(0) == 0x8000000100000004ull);
  CHECK(t.x(2) == 0x8000000100000005ull);
  CHECK(t.x(1) == kData + 16);
  REQUIRE(t.exec(0xA8FF0820 /* ldp x0, x2, [x1], #-16 */));
  CHECK(t.x(0) == 0x8000000100000004ull);
  CHECK(t.x(1) == kData);
  REQUIRE(t.exec(0x69400820 /* ldpsw x0, x2, [x1] */));
  CHECK(t.x(0) == 0x0000000000000002ull);
  CHECK(t.x(2) == 0xFFFFFFFF80000001ull);
  REQUIRE(t.exec(0x69C10820 /* ldpsw x0, x2, [x1, #8]! */));
  CHECK(t.x(0) == 0x0000000000000003ull);
  CHECK(t.x(1) == kData + 8);
  REQUIRE(t.exec(0xA8420820 /* ldnp x0, x2, [x1, #32] */));
  CHECK(t.x(0) == 0x8000000100000007ull);
  CHECK(t.x(2) == 0x8000000100000008ull);
  CHECK(t.x(1) == kData + 8);

  t.set_x(0, 0xAAAAAAAAAAAAAAAAull);
  t.set_x(2, 0xBBBBBBBBBBBBBBBBull);
  t.set_x(1, kData + 128);
  REQUIRE(t.exec(0xA9BF0820 /* stp x0, x2, [x1, #-16]! */));
  CHECK(t.read64(kData + 112) == 0xAAAAAAAAAAAAAAAAull);
  CHECK(t.read64(kData + 120) == 0xBBBBBBBBBBBBBBBBull);
  CHECK(t.x(1) == kData + 112);
  REQUIRE(t.exec(0x28810820 /* stp w0, w2, [x1], #8 */));
  CHECK(t.read64(kData + 112) == 0xBBBBBBBBAAAAAAAAull);
  CHECK(t.x(1) == kData + 120);
  REQUIRE(t.exec(0xA9010820 /* stp x0, x2, [x1, #16] */));
  CHECK(t.read64(kData + 136) == 0xAAAAAAAAAAAAAAAAull);
  CHECK(t.read64(kData + 144) == 0xBBBBBBBBBBBBBBBBull);
  REQUIRE(t.exec(0xA8020820 /* stnp x0, x2, [x1, #32] */));
  CHECK(t.read64(kData + 152) == 0xAAAAAAAAAAAAAAAAull);
  CHECK(t.read64(kData + 160) == 0xBBBBBBBBBBBBBBBBull);
  CHECK(t.x(1) == kData + 120);
}

TEST_CASE("ldst: a pair whose second access faults writes no register", "[isa][ldst]") {
  Ls t;
  t.write64(Ls::kRamEnd - 8, 0x1234);
  t.set_x(0, kJunk);
  t.set_x(2, kJunk);
  t.set_x(1, Ls::kRamEnd - 24);
  REQUIRE_FALSE(t.exec(0xA9C10820 /* ldp x0, x2, [x1, #16]! */));
  CHECK(t.ec() == kEcDataAbortSame);
  CHECK((t.iss() & 0x3F) == kDfscSyncExternal);
  CHECK(t.cpu.sr().FAR_EL2 == Ls::kRamEnd);
  CHECK(t.x(0) == kJunk);
  CHECK(t.x(2) == kJunk);
  CHECK(t.x(1) == Ls::kRamEnd - 24);
}

TEST_CASE("ldst: Device memory faults on an unaligned access, without writeback", "[isa][ldst]") {
  Ls t;
  t.set_x(0, kJunk);
  t.set_x(1, kData + 4);
  REQUIRE_FALSE(t.exec(0xF85F8420 /* ldr x0, [x1], #-8 */));
  CHECK(t.ec() == kEcDataAbortSame);
  CHECK(t.iss() == kDfscAlignment);
  CHECK(t.cpu.sr().FAR_EL2 == kData + 4);
  CHECK(t.cpu.sr().ELR_EL2 == kAt);
  CHECK(t.x(0) == kJunk);
  CHECK(t.x(1) == kData + 4);

  t.write64(kData + 16, 0);
  t.set_x(1, kData + 14);
  REQUIRE_FALSE(t.exec(0xF8004C20 /* str x0, [x1, #4]! */));  // address kData + 18
  CHECK(t.ec() == kEcDataAbortSame);
  CHECK(t.iss() == (kDfscAlignment | kWnR));
  CHECK(t.cpu.sr().FAR_EL2 == kData + 18);
  CHECK(t.x(1) == kData + 14);
  CHECK(t.read64(kData + 16) == 0);

  // A naturally aligned halfword is fine; one byte off is not.
  t.set_x(1, kData + 2);
  CHECK(t.exec(0x79400020 /* ldrh w0, [x1] */));
  t.set_x(1, kData + 3);
  CHECK_FALSE(t.exec(0x79400020 /* ldrh w0, [x1] */));
  CHECK(t.iss() == kDfscAlignment);
}

TEST_CASE("ldst: an instruction's own alignment fault comes before any MMU fault", "[isa][ldst]") {
  // Past the 44-bit PA an access is an address size fault (level 0). An unaligned
  // ordered access, or any unaligned access while SCTLR_EL2.A is set, is an alignment
  // fault first (AArch64.CheckAlignment precedes the translation); Device memory's own
  // alignment rule applies only once translated.
  Ls t;
  constexpr uint32_t kLdarX0X1 = 0xC8DFFC20;
  constexpr uint32_t kLdrX0X1 = 0xF9400020;
  t.set_x(1, (1ull << 44) + 8);
  REQUIRE_FALSE(t.exec(kLdarX0X1));
  CHECK(t.iss() == 0x00);
  t.set_x(1, (1ull << 44) + 9);
  REQUIRE_FALSE(t.exec(kLdarX0X1));
  CHECK(t.iss() == kDfscAlignment);
  REQUIRE_FALSE(t.exec(kLdrX0X1));
  CHECK(t.iss() == 0x00);  // ISV clear too: ESR_EL2 holds a syndrome for stage-2 aborts only
  t.cpu.sr().SCTLR_EL2 |= 1u << 1;  // A
  t.cpu.invalidate_host_pages();    // (a change made in SysRegs directly)
  REQUIRE_FALSE(t.exec(kLdrX0X1));
  CHECK(t.iss() == kDfscAlignment);
  CHECK(t.cpu.sr().FAR_EL2 == (1ull << 44) + 9);
}

TEST_CASE("ldst: an access outside RAM is a synchronous external abort", "[isa][ldst]") {
  Ls t;
  t.set_x(0, kJunk);
  t.set_x(1, Ls::kNoRam);
  REQUIRE_FALSE(t.exec(0xF8408C20 /* ldr x0, [x1, #8]! */));
  CHECK(t.ec() == kEcDataAbortSame);
  CHECK(t.iss() == kDfscSyncExternal);
  CHECK(t.cpu.sr().FAR_EL2 == Ls::kNoRam + 8);
  CHECK(t.x(0) == kJunk);
  CHECK(t.x(1) == Ls::kNoRam);
  REQUIRE_FALSE(t.exec(0x38001420 /* strb w0, [x1], #1 */));
  CHECK(t.iss() == (kDfscSyncExternal | kWnR));
  CHECK(t.x(1) == Ls::kNoRam);
}

TEST_CASE("ldst: Rn == Rt with writeback follows QEMU", "[isa][ldst]") {
  Ls t;
  t.write64(kData, 0x1111);
  t.write64(kData + 8, 0x2222);
  t.write64(kData + 16, 0x3333);
  // Loads: the written-back address wins over the loaded value.
  t.set_x(1, kData);
  REQUIRE(t.exec(0xF8408421 /* ldr x9, [x1], #8  with t=1 */));
  CHECK(t.x(1) == kData + 8);
  REQUIRE(t.exec(0xF8408C21 /* ldr x9, [x1, #8]!  with t=1 */));
  CHECK(t.x(1) == kData + 16);
  // Stores: the original value of Rt is stored.
  t.set_x(1, kData);
  REQUIRE(t.exec(0xF8008C21 /* str x9, [x1, #8]!  with t=1 */));
  CHECK(t.read64(kData + 8) == kData);
  CHECK(t.x(1) == kData + 8);
  REQUIRE(t.exec(0xF8008421 /* str x9, [x1], #8  with t=1 */));
  CHECK(t.read64(kData + 8) == kData + 8);
  CHECK(t.x(1) == kData + 16);
  // LDP: writeback wins over Rt2; with Rt == Rt2, Rt (the lower address) wins.
  t.write64(kData + 16, 0x3333);
  t.write64(kData + 24, 0x4444);
  t.set_x(1, kData);
  REQUIRE(t.exec(0xA9C10420 /* ldp x0, x9, [x1, #16]!  with t2=1 */));
  CHECK(t.x(0) == 0x3333);
  CHECK(t.x(1) == kData + 16);
  REQUIRE(t.exec(0xA9400020 /* ldp x0, x9, [x1]  with t2=0 */));
  CHECK(t.x(0) == 0x3333);
}

TEST_CASE("ldst: SP alignment checking follows SCTLR_EL2.SA", "[isa][ldst]") {
  Ls t;
  t.write64(kData + 8, 0x77);
  t.cpu.set_sp(kData + 8);
  t.set_x(0, kJunk);
  // SA clear: an 8-aligned SP is fine for an 8-byte access.
  REQUIRE(t.exec(0xF94003E0 /* ldr x0, [sp] */));
  CHECK(t.x(0) == 0x77);
  t.cpu.sr().SCTLR_EL2 |= 1u << 3;
  t.set_x(0, kJunk);
  REQUIRE_FALSE(t.exec(0xF8410FE0 /* ldr x0, [sp, #16]! */));
  CHECK(t.ec() == kEcSpAlign);
  CHECK(t.iss() == 0);
  CHECK(t.cpu.sr().ELR_EL2 == kAt);
  CHECK(t.x(0) == kJunk);
  CHECK(t.cpu.sp() == kData + 8);
  // Pairs and exclusives check it too; an aligned SP passes.
  REQUIRE_FALSE(t.exec(0xA9BF0BE0 /* stp x0, x2, [sp, #-16]! */));
  CHECK(t.ec() == kEcSpAlign);
  REQUIRE_FALSE(t.exec(0xC85F7FE0 /* ldxr x0, [sp] */));
  CHECK(t.ec() == kEcSpAlign);
  t.cpu.set_sp(kData + 16);
  REQUIRE(t.exec(0xF85F83E0 /* ldr x0, [sp, #-8] */));
  CHECK(t.x(0) == 0x77);
}

TEST_CASE("ldst: exclusives succeed only with the monitor armed", "[isa][ldst]") {
  Ls t;
  t.write64(kData, 0x1000);
  t.set_x(1, kData);
  t.set_x(2, 0x2000);
  t.set_x(3, kJunk);

  // STXR without LDXR fails: status 1, memory unchanged.
  REQUIRE(t.exec(0xC8037C22 /* stxr w3, x2, [x1] */));
  CHECK(t.x(3) == 1);
  CHECK(t.read64(kData) == 0x1000);

  // LDXR then STXR succeeds and clears the monitor.
  REQUIRE(t.exec(0xC85F7C20 /* ldxr x0, [x1] */));
  CHECK(t.x(0) == 0x1000);
  t.set_x(3, kJunk);
  REQUIRE(t.exec(0xC8037C22 /* stxr w3, x2, [x1] */));
  CHECK(t.x(3) == 0);
  CHECK(t.read64(kData) == 0x2000);
  t.set_x(2, 0x3000);
  REQUIRE(t.exec(0xC8037C22 /* stxr w3, x2, [x1] */));
  CHECK(t.x(3) == 1);
  CHECK(t.read64(kData) == 0x2000);

  // A cleared monitor (CLREX, exception return) fails the store.
  REQUIRE(t.exec(0xC85F7C20 /* ldxr x0, [x1] */));
  t.cpu.exclusive_clear();
  REQUIRE(t.exec(0xC8037C22 /* stxr w3, x2, [x1] */));
  CHECK(t.x(3) == 1);
  CHECK(t.read64(kData) == 0x2000);

  // A store to another address fails, leaves that memory alone, and clears.
  t.write64(kData + 64, 0x55);
  t.set_x(4, kData + 64);
  REQUIRE(t.exec(0xC85F7C20 /* ldxr x0, [x1] */));
  REQUIRE(t.exec(0xC8037C82 /* stxr w3, x2, [x4] */));
  CHECK(t.x(3) == 1);
  CHECK(t.read64(kData + 64) == 0x55);
  REQUIRE(t.exec(0xC8037C22 /* stxr w3, x2, [x1] */));
  CHECK(t.x(3) == 1);

  // Byte and halfword, and 32-bit, forms.
  t.write64(kData, 0x8180);
  REQUIRE(t.exec(0x085F7C20 /* ldxrb w0, [x1] */));
  CHECK(t.x(0) == 0x80);
  t.set_x(2, 0x1FF);
  REQUIRE(t.exec(0x08037C22 /* stxrb w3, w2, [x1] */));
  CHECK(t.x(3) == 0);
  CHECK(t.read64(kData) == 0x81FF);
  REQUIRE(t.exec(0x485FFC20 /* ldaxrh w0, [x1] */));
  CHECK(t.x(0) == 0x81FF);
  t.set_x(2, 0xABCD);
  REQUIRE(t.exec(0x4803FC22 /* stlxrh w3, w2, [x1] */));
  CHECK(t.x(3) == 0);
  CHECK(t.read64(kData) == 0xABCD);
  t.write64(kData, 0xFFFFFFFF80000000ull);
  REQUIRE(t.exec(0x885F7C20 /* ldxr w0, [x1] */));
  CHECK(t.x(0) == 0x80000000);
  t.set_x(2, 0x1234567887654321ull);
  REQUIRE(t.exec(0x88037C22 /* stxr w3, w2, [x1] */));
  CHECK(t.x(3) == 0);
  CHECK(t.read64(kData) == 0xFFFFFFFF87654321ull);
}

TEST_CASE("ldst: exclusives served by the host-pointer cache mark physical addresses",
          "[isa][ldst]") {
  // EL2 stage 1 maps VA 0x8000_0000 to the RAM's block at PA 0x4000_0000. Ordinary
  // accesses first put the page in the host-pointer cache, where the exclusives then find
  // their physical address (Cpu::cached_pa); each still counts two TLB lookups, the
  // access's and the monitor's.
  Ls t;
  t.el2_mmu_on();
  t.write64(kData + 16, 0x40000000ull | (1u << 10) | (3u << 8) | 1);
  constexpr uint64_t kPa = kData + 0x200, kVa = kPa + 0x40000000;
  t.write64(kPa, 0x1000);
  t.set_x(1, kVa);
  REQUIRE(t.exec(0xF9400020 /* ldr x0, [x1] */));
  REQUIRE(t.exec(0xF9000020 /* str x0, [x1] */));
  const auto lookups = [&] {
    const mmu::Tlb& d = t.cpu.tlb().dtlb();
    return d.counters.hit + d.counters.miss;
  };
  const uint64_t before = lookups();
  REQUIRE(t.exec(0xC85F7C20 /* ldxr x0, [x1] */));
  CHECK(t.x(0) == 0x1000);
  CHECK(t.cpu.exclusive_check(kPa, 8));
  CHECK_FALSE(t.cpu.exclusive_check(kVa, 8));
  t.set_x(2, 0x2000);
  t.set_x(3, kJunk);
  REQUIRE(t.exec(0xC8037C22 /* stxr w3, x2, [x1] */));
  CHECK(t.x(3) == 0);
  CHECK(t.read64(kPa) == 0x2000);
  CHECK(lookups() - before == 4);
  CHECK(t.cpu.tlb().dtlb().counters.miss == 1);  // the first ldr's
}

TEST_CASE("ldst: exclusive pairs", "[isa][ldst]") {
  Ls t;
  t.write64(kData, 0x1111111111111111ull);
  t.write64(kData + 8, 0x2222222222222222ull);
  t.set_x(1, kData);
  REQUIRE(t.exec(0xC87F0820 /* ldxp x0, x2, [x1] */));
  CHECK(t.x(0) == 0x1111111111111111ull);
  CHECK(t.x(2) == 0x2222222222222222ull);
  t.set_x(4, 0xAAAA);
  t.set_x(5, 0xBBBB);
  REQUIRE(t.exec(0xC8231424 /* stxp w3, x4, x5, [x1] */));
  CHECK(t.x(3) == 0);
  CHECK(t.read64(kData) == 0xAAAA);
  CHECK(t.read64(kData + 8) == 0xBBBB);
  REQUIRE(t.exec(0xC8231424 /* stxp w3, x4, x5, [x1] */));
  CHECK(t.x(3) == 1);

  t.write64(kData, 0x8765432112345678ull);
  REQUIRE(t.exec(0x887F0820 /* ldxp w0, w2, [x1] */));
  CHECK(t.x(0) == 0x12345678);
  CHECK(t.x(2) == 0x87654321);
  REQUIRE(t.exec(0x88231424 /* stxp w3, w4, w5, [x1] */));
  CHECK(t.x(3) == 0);
  CHECK(t.read64(kData) == 0x0000BBBB0000AAAAull);

  // A 64-bit pair must be aligned to 16 bytes.
  t.set_x(1, kData + 8);
  t.set_x(0, kJunk);
  REQUIRE_FALSE(t.exec(0xC87F0820 /* ldxp x0, x2, [x1] */));
  CHECK(t.iss() == kDfscAlignment);
  CHECK(t.x(0) == kJunk);
}

TEST_CASE("ldst: a faulting STXR writes no status", "[isa][ldst]") {
  Ls t;
  t.set_x(1, kData + 4);
  t.set_x(3, kJunk);
  REQUIRE_FALSE(t.exec(0xC8037C22 /* stxr w3, x2, [x1] */));
  CHECK(t.ec() == kEcDataAbortSame);
  CHECK(t.iss() == (kDfscAlignment | kWnR));
  CHECK(t.x(3) == kJunk);
}

TEST_CASE("ldst: load-acquire and store-release", "[isa][ldst]") {
  Ls t;
  t.write64(kData, 0x8877665544332211ull);
  t.set_x(1, kData);
  REQUIRE(t.exec(0xC8DFFC20 /* ldar x0, [x1] */));
  CHECK(t.x(0) == 0x8877665544332211ull);
  REQUIRE(t.exec(0x08DFFC20 /* ldarb w0, [x1] */));
  CHECK(t.x(0) == 0x11);
  t.set_x(2, 0xCAFEBABE);
  REQUIRE(t.exec(0x889FFC22 /* stlr w2, [x1] */));
  CHECK(t.read64(kData) == 0x88776655CAFEBABEull);
  REQUIRE(t.exec(0x489FFC22 /* stlrh w2, [x1] */));
  CHECK(t.read64(kData) == 0x88776655CAFEBABEull);
  t.set_x(1, kData + 1);
  REQUIRE_FALSE(t.exec(0x489FFC22 /* stlrh w2, [x1] */));
  CHECK(t.iss() == (kDfscAlignment | kWnR));
}

TEST_CASE("ldst: Normal memory (EL1, HCR_EL2.DC) allows unaligned accesses", "[isa][ldst]") {
  Ls t;
  t.cpu.pstate().el = 1;
  t.cpu.sr().HCR_EL2 |= 1u << 12;  // DC: EL1&0 data accesses are Normal with the MMU off
  // DC makes HCR_EL2.VM behave as 1: an identity stage 2, one 1 GiB block at level 1
  // (VTCR_EL2: 32-bit IPA, SL0 = 1, 4K), Normal Write-Back, read/write.
  t.cpu.sr().VTCR_EL2 = 0x80040060;
  t.cpu.sr().VTTBR_EL2 = 0x40300000;
  t.write64(0x40300008, 0x400004FDull);
  t.cpu.invalidate_host_pages();
  t.write64(kData, 0x8877665544332211ull);
  t.write64(kData + 8, 0x0000000000000099ull);
  t.set_x(1, kData + 3);
  REQUIRE(t.exec(0xF9400020 /* ldr x0, [x1] */));
  CHECK(t.x(0) == 0x0000998877665544ull);
  // Across a page boundary.
  t.write64(kData + 0xFF8, 0x0706050403020100ull);
  t.write64(kData + 0x1000, 0x0F0E0D0C0B0A0908ull);
  t.set_x(1, kData + 0xFFC);
  REQUIRE(t.exec(0xF9400020 /* ldr x0, [x1] */));
  CHECK(t.x(0) == 0x0B0A090807060504ull);
  // Exclusives are always alignment-checked.
  t.set_x(1, kData + 4);
  REQUIRE_FALSE(t.exec(0xC85F7C20 /* ldxr x0, [x1] */));
  CHECK((t.cpu.sr().ESR_EL1 >> 26) == kEcDataAbortSame);
  CHECK((t.cpu.sr().ESR_EL1 & 0x3F) == kDfscAlignment);
  // SCTLR_EL1.A checks every access.
  t.cpu.pstate().el = 1;
  t.cpu.sr().SCTLR_EL1 |= 1u << 1;
  t.cpu.invalidate_host_pages();  // as an MSR would (a translation register)
  t.set_x(1, kData + 3);
  REQUIRE_FALSE(t.exec(0xF9400020 /* ldr x0, [x1] */));
  CHECK((t.cpu.sr().ESR_EL1 & 0x3F) == kDfscAlignment);
}
