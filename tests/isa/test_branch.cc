// Branches: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET. Encodings come from
// llvm-mc (-triple=aarch64); the assembly is beside each one.
#include <catch2/catch.hpp>
#include <cstdint>

#include "isa/decode.h"
#include "tests/isa/test_support.h"

using namespace isa;

namespace {

// A core that executes one instruction at `at` and reports where it went.
struct Br : el2sim_test::TestCore {
  static constexpr uint64_t kAt = kCode + 0x1000;
  uint64_t run(uint32_t insn, uint64_t at = kAt) {
    load({insn}, at);
    cpu.set_pc(at);
    const uint64_t retired = cpu.instructions_retired();
    step();
    REQUIRE(cpu.instructions_retired() == retired + 1);  // no exception
    return cpu.pc();
  }
  void set_flags(unsigned nzcv) { cpu.set_nzcv(nzcv << 28); }
};

constexpr uint64_t kAt = Br::kAt;

// The Arm ARM's condition table (C1.2.4), written out independently of the core.
bool condition_reference(unsigned cond, unsigned nzcv) {
  const bool n = nzcv & 8, z = nzcv & 4, c = nzcv & 2, v = nzcv & 1;
  switch (cond) {
    case 0x0:
      return z;
    case 0x1:
      return !z;
    case 0x2:
      return c;
    case 0x3:
      return !c;
    case 0x4:
      return n;
    case 0x5:
      return !n;
    case 0x6:
      return v;
    case 0x7:
      return !v;
    case 0x8:
      return c && !z;
    case 0x9:
      return !c || z;
    case 0xA:
      return n == v;
    case 0xB:
      return n != v;
    case 0xC:
      return !z && n == v;
    case 0xD:
      return z || n != v;
    default:
      return true;
  }
}

}  // namespace

TEST_CASE("branch: every encoding decodes to its own table entry", "[isa][branch]") {
  const struct {
    uint32_t insn;
    InsnId id;
  } cases[] = {
      {0x17FFFFFF /* b #-4 */, InsnId::B_uncond},
      {0x95FFFFFF /* bl #0x7fffffc */, InsnId::BL},
      {0x54FFFFCF /* b.nv #-8 */, InsnId::B_cond},
      {0x34000041 /* cbz w1, #8 */, InsnId::CBZ},
      {0xB5FFFFC1 /* cbnz x1, #-8 */, InsnId::CBNZ},
      {0xB6F80041 /* tbz x1, #63, #8 */, InsnId::TBZ},
      {0x37FFFFE1 /* tbnz w1, #31, #-4 */, InsnId::TBNZ},
      {0xD61F0220 /* br x17 */, InsnId::BR},
      {0xD63F03C0 /* blr x30 */, InsnId::BLR},
      {0xD65F00A0 /* ret x5 */, InsnId::RET},
      {0xD65F03C0 /* ret */, InsnId::RET},
  };
  for (const auto& c : cases) {
    INFO(std::hex << c.insn << " decoded as " << insn_name(decode(c.insn)));
    CHECK(decode(c.insn) == c.id);
  }
  CHECK(decode(0x54000040 /* b.eq #8 */ | 0x10) == InsnId::kUnallocated);  // BC.cond (FEAT_HBC)
  CHECK(decode(0xD61F0020 /* br x1 */ | 1) == InsnId::kUnallocated);       // op4 != 0 (PAC forms)
}

TEST_CASE("branch: B and BL", "[isa][branch]") {
  Br c;
  c.cpu.set_x(30, 0x1234);
  CHECK(c.run(0x14000002 /* b #8 */) == kAt + 8);
  CHECK(c.run(0x17FFFC00 /* b #-0x1000 */) == kAt - 0x1000);
  CHECK(c.run(0x14000000 /* b #0 */) == kAt);
  CHECK(c.cpu.x(30) == 0x1234);
  CHECK(c.run(0x15FFFFFF /* b #0x7fffffc */) == kAt + 0x7FFFFFC);
  CHECK(c.run(0x16000000 /* b #-0x8000000 */) == kAt - 0x8000000);
  CHECK(c.run(0x94000040 /* bl #0x100 */) == kAt + 0x100);
  CHECK(c.cpu.x(30) == kAt + 4);
  CHECK(c.run(0x97FFFE00 /* bl #-0x800 */, kAt + 0x40) == kAt + 0x40 - 0x800);
  CHECK(c.cpu.x(30) == kAt + 0x44);
}

TEST_CASE("branch: B.cond for every condition and every NZCV", "[isa][branch]") {
  Br c;
  const uint32_t beq = 0x54FFFE00 /* b.eq #-0x40 */;
  for (unsigned cond = 0; cond < 16; ++cond) {
    for (unsigned nzcv = 0; nzcv < 16; ++nzcv) {
      INFO("cond " << cond << " nzcv " << nzcv);
      c.set_flags(nzcv);
      CHECK(c.run(beq | cond) == (condition_reference(cond, nzcv) ? kAt - 0x40 : kAt + 4));
    }
  }
  c.set_flags(0);
  CHECK(c.run(0x547FFFEE /* b.al #0xffffc */) == kAt + 0xFFFFC);
  CHECK(c.run(0x5480000F /* b.nv #-0x100000 */) == kAt - 0x100000);
}

TEST_CASE("branch: CBZ/CBNZ test 32 or 64 bits", "[isa][branch]") {
  Br c;
  c.cpu.set_x(1, 0x100000000ull);
  CHECK(c.run(0x34000101 /* cbz w1, #0x20 */) == kAt + 0x20);
  CHECK(c.run(0xB4000101 /* cbz x1, #0x20 */) == kAt + 4);
  CHECK(c.run(0x35FFFF01 /* cbnz w1, #-0x20 */) == kAt + 4);
  CHECK(c.run(0xB5FFFF01 /* cbnz x1, #-0x20 */) == kAt - 0x20);
  c.cpu.set_x(1, 0);
  CHECK(c.run(0xB47FFFE1 /* cbz x1, #0xffffc */) == kAt + 0xFFFFC);
  CHECK(c.run(0xB5000041 /* cbnz x1, #8 */) == kAt + 4);
  CHECK(c.run(0xB480001F /* cbz xzr, #-0x100000 */) == kAt - 0x100000);
  CHECK(c.run(0x3500005F /* cbnz wzr, #8 */) == kAt + 4);
}

TEST_CASE("branch: TBZ/TBNZ on bits 0, 31, 32 and 63", "[isa][branch]") {
  Br c;
  c.cpu.set_x(1, 0x8000000000000000ull);
  CHECK(c.run(0xB7F80201 /* tbnz x1, #63, #0x40 */) == kAt + 0x40);
  CHECK(c.run(0xB6F80201 /* tbz x1, #63, #0x40 */) == kAt + 4);
  CHECK(c.run(0xB6F7FE01 /* tbz x1, #62, #-0x40 */) == kAt - 0x40);
  CHECK(c.run(0x36F80041 /* tbz w1, #31, #8 */) == kAt + 8);
  c.cpu.set_x(1, 0x100000001ull);
  CHECK(c.run(0xB703FFE1 /* tbnz x1, #32, #0x7ffc */) == kAt + 0x7FFC);
  CHECK(c.run(0x37040001 /* tbnz w1, #0, #-0x8000 */) == kAt - 0x8000);
  CHECK(c.run(0x36000041 /* tbz w1, #0, #8 */) == kAt + 4);
  CHECK(c.run(0x36080041 /* tbz x1, #1, #8 */) == kAt + 8);
  c.cpu.set_x(1, 0x80000000);
  CHECK(c.run(0x37F80061 /* tbnz w1, #31, #12 */) == kAt + 12);
  CHECK(c.run(0xB7F80061 /* tbnz x1, #63, #12 */) == kAt + 4);
}

TEST_CASE("branch: BR/BLR/RET", "[isa][branch]") {
  Br c;
  c.cpu.set_x(17, 0x40002000);
  c.cpu.set_x(30, 0x40003000);
  CHECK(c.run(0xD61F0220 /* br x17 */) == 0x40002000);
  CHECK(c.cpu.x(30) == 0x40003000);
  CHECK(c.run(0xD65F03C0 /* ret */) == 0x40003000);
  c.cpu.set_x(5, 0x40004000);
  CHECK(c.run(0xD65F00A0 /* ret x5 */) == 0x40004000);
  CHECK(c.run(0xD63F0220 /* blr x17 */) == 0x40002000);
  CHECK(c.cpu.x(30) == kAt + 4);
  SECTION("BLR X30 branches to the old X30") {
    c.cpu.set_x(30, 0x40005000);
    CHECK(c.run(0xD63F03C0 /* blr x30 */) == 0x40005000);
    CHECK(c.cpu.x(30) == kAt + 4);
  }
  SECTION("a call and its return") {
    c.load({0x94000004 /* bl #0x10 */}, kAt);
    c.load({0xD65F03C0 /* ret */}, kAt + 0x10);
    c.cpu.set_pc(kAt);
    c.step();
    CHECK(c.cpu.pc() == kAt + 0x10);
    c.step();
    CHECK(c.cpu.pc() == kAt + 4);
  }
}

TEST_CASE("branch: a tagged target loses its tag where TBI applies (AArch64.BranchAddr)",
          "[isa][branch]") {
  Br c;
  constexpr uint64_t kTagged = 0x5A00000040002000ull;  // tag 0x5A, bit 55 clear
  constexpr uint64_t kTarget = 0x40002000ull;
  c.cpu.set_x(17, kTagged);
  SECTION("EL2 with TCR_EL2.TBI: bits 63:56 cleared, also with bit 55 set") {
    c.cpu.sr().TCR_EL2 |= uint64_t{1} << 20;
    CHECK(c.run(0xD63F0220 /* blr x17 */) == kTarget);
    // What runs there sees the untagged PC: its call's return address has no tag.
    c.load({0x94000004 /* bl #0x10 */}, kTarget);
    c.step();
    CHECK(c.cpu.pc() == kTarget + 0x10);
    CHECK(c.cpu.x(30) == kTarget + 4);
    c.cpu.set_x(17, 0xAB80000040002000ull);  // the EL2 regime has one range: zero-extended
    CHECK(c.run(0xD61F0220 /* br x17 */) == 0x0080000040002000ull);
  }
  SECTION("EL2 without TBI: the PC keeps the tag, and fetching there faults") {
    CHECK(c.run(0xD61F0220 /* br x17 */) == kTagged);
    c.step();  // an instruction abort (address size) taken to EL2
    CHECK(c.cpu.sr().ESR_EL2 >> 26 == 0x21);
    CHECK(c.cpu.sr().ELR_EL2 == kTagged);
    CHECK(c.cpu.sr().FAR_EL2 == kTagged);
  }
  SECTION("EL1: TBI0 and TBI1 by bit 55, sign-extended") {
    c.cpu.pstate().el = 1;
    c.cpu.invalidate_host_pages();
    c.cpu.sr().TCR_EL1 |= uint64_t{1} << 37;  // TBI0
    CHECK(c.run(0xD61F0220 /* br x17 */) == kTarget);
    c.cpu.set_x(17, 0x1280000040002000ull);  // bit 55 set: TBI1 (clear) decides
    CHECK(c.run(0xD61F0220 /* br x17 */) == 0x1280000040002000ull);
    c.cpu.sr().TCR_EL1 = uint64_t{1} << 38;  // TBI1 only
    CHECK(c.run(0xD61F0220 /* br x17 */) == 0xFF80000040002000ull);
    c.cpu.set_x(17, kTagged);
    CHECK(c.run(0xD61F0220 /* br x17 */) == kTagged);
    // A zero top byte with bit 55 set is sign-extended too: bits 63:56 become ones.
    c.cpu.set_x(17, 0x0080000040002000ull);
    CHECK(c.run(0xD61F0220 /* br x17 */) == 0xFF80000040002000ull);
  }
  SECTION("ERET to a tagged ELR_EL2: stripped at the EL returned to") {
    c.cpu.sr().TCR_EL1 |= uint64_t{1} << 37;  // TBI0 of EL1; TCR_EL2.TBI stays clear
    c.cpu.sr().SPSR_EL2 = 0x5;                // EL1h
    c.cpu.sr().ELR_EL2 = kTagged;
    CHECK(c.run(0xD69F03E0 /* eret */) == kTarget);
    CHECK(c.cpu.el() == 1);
  }
}
