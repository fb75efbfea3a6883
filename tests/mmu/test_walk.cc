// Stage-1 and stage-2 walkers over tables in a byte array.
#include <catch2/catch.hpp>

#include "mmu/walk.h"
#include "tests/mmu/tables.h"

using namespace mmu;
using namespace mmu_test;

namespace {

constexpr uint64_t kRam = 0x40000000;
constexpr uint64_t kLeaf = kAF | attr_index(0) | kApRwEl1;

// TCR_EL1 for TTBR0 with the granule (12/14/16) and input size, IPS = 44 bits.
uint64_t tcr0(unsigned grain, unsigned inputsize) {
  const uint64_t tg0 = grain == 12 ? 0 : grain == 16 ? 1 : 2;
  return (64 - inputsize) | (tg0 << 14) | (1ull << 23) /* EPD1 */ | (4ull << 32);
}

Translation xlate(Env& env, const TranslationRegs& r, uint64_t va,
                  AccessType t = AccessType::Read) {
  env.refs = 0;
  return translate(r, va, t, env);
}

}  // namespace

TEST_CASE("stage 1, 4K granule, 48-bit VA: a page through four levels", "[walk]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  t.map(0x0000123456789000, 0x40abc000, 3, kLeaf);
  const auto r = el1_regs(t.root);
  const Translation x = xlate(env, r, 0x0000123456789abc);
  REQUIRE(x.ok());
  CHECK(x.pa == 0x40abcabc);
  CHECK(x.mem == MemType::Normal);
  CHECK(env.refs == 4);
}

TEST_CASE("every granule and start level", "[walk]") {
  struct Case {
    unsigned grain, inputsize;
    int start;
  };
  const Case cases[] = {
      {12, 48, 0}, {12, 39, 1}, {12, 30, 2}, {12, 25, 2},  // 4K: levels 0..2
      {14, 48, 0}, {14, 47, 1}, {14, 36, 2}, {14, 25, 3},  // 16K: levels 0..3
      {16, 48, 1}, {16, 42, 2}, {16, 29, 3},               // 64K: levels 1..3
  };
  for (const Case& c : cases) {
    CAPTURE(c.grain, c.inputsize, c.start);
    Memory mem(kRam, 32 << 20);
    Env env(mem);
    Tables t(mem, c.grain, c.inputsize, c.start, kRam);
    const uint64_t page = uint64_t{1} << c.grain;
    const uint64_t va = ((uint64_t{1} << c.inputsize) - 1) & ~(page - 1) & 0x0000FFFFFFFFFFFFull;
    const uint64_t pa = kRam + (16 << 20);
    t.map(va, pa, 3, kLeaf);
    auto r = el1_regs(t.root);
    r.tcr = tcr0(c.grain, c.inputsize);
    const Translation x = xlate(env, r, va + 0x18);
    REQUIRE(x.ok());
    CHECK(x.pa == pa + 0x18);
    CHECK(env.refs == static_cast<unsigned>(4 - c.start));
    // One page further up is beyond the input range: translation fault, level 0.
    if (c.inputsize < 48) {
      const Translation out = xlate(env, r, uint64_t{1} << c.inputsize);
      CHECK(out.fault.kind == FaultKind::Translation);
      CHECK(out.fault.level == 0);
    }
  }
}

TEST_CASE("TG1 has its own encoding: TTBR1 with 16K and 64K granules", "[walk]") {
  for (const auto& [tg1, grain] : {std::pair{1ull, 14u}, {2ull, 12u}, {3ull, 16u}}) {
    CAPTURE(grain);
    Memory mem(kRam, 16 << 20);
    Env env(mem);
    const int start = grain == 16 ? 1 : 0;
    Tables t(mem, grain, 48, start, kRam);
    const uint64_t va = 0xFFFF800000000000ull;
    t.map(va, 0x40f00000 & ~((uint64_t{1} << grain) - 1), 3, kLeaf);
    auto r = el1_regs(0, t.root);
    r.tcr = 16 | (1ull << 7) /* EPD0 */ | (16ull << 16) | (tg1 << 30) | (4ull << 32);
    const Translation x = xlate(env, r, va + 8);
    REQUIRE(x.ok());
    CHECK(x.pa == (0x40f00000 & ~((uint64_t{1} << grain) - 1)) + 8);
    // TTBR0 is disabled by EPD0: a translation fault at level 0.
    const Translation lo = xlate(env, r, 0x1000);
    CHECK(lo.fault.kind == FaultKind::Translation);
    CHECK(lo.fault.level == 0);
    CHECK(env.refs == 0);
  }
}

TEST_CASE("block mappings at the levels each granule allows", "[walk]") {
  SECTION("4K: 1 GiB at level 1, 2 MiB at level 2; none at level 0") {
    Memory mem(kRam, 16 << 20);
    Env env(mem);
    Tables t(mem, 12, 48, 0, kRam);
    t.map(0x0000008040000000, 0x80000000, 1, kLeaf);
    t.map(0x0000000000200000, 0x40400000, 2, kLeaf);
    const auto r = el1_regs(t.root);
    Translation x = xlate(env, r, 0x0000008040000000 + 0x12345678);
    REQUIRE(x.ok());
    CHECK(x.pa == 0x80000000 + 0x12345678);
    CHECK(env.refs == 2);
    x = xlate(env, r, 0x0000000000200000 + 0x1ABCDE);
    REQUIRE(x.ok());
    CHECK(x.pa == 0x40400000 + 0x1ABCDE);
    CHECK(env.refs == 3);
    mem.put64(t.root + 8 * 2, 0x0000010000000000ull | kLeaf | 1);  // level-0 block
    x = xlate(env, r, 0x0000010000000000ull);
    CHECK(x.fault.kind == FaultKind::Translation);
    CHECK(x.fault.level == 0);
  }
  SECTION("16K: 32 MiB at level 2; a level-1 block faults") {
    Memory mem(kRam, 16 << 20);
    Env env(mem);
    Tables t(mem, 14, 48, 0, kRam);
    t.map(0x0000000002000000, 0x42000000, 2, kLeaf);
    t.map(0x0000001000000000, 0x1000000000, 1, kLeaf);
    auto r = el1_regs(t.root);
    r.tcr = tcr0(14, 48);
    Translation x = xlate(env, r, 0x0000000002000000 + 0x1234567);
    REQUIRE(x.ok());
    CHECK(x.pa == 0x42000000 + 0x1234567);
    x = xlate(env, r, 0x0000001000000000);
    CHECK(x.fault.kind == FaultKind::Translation);
    CHECK(x.fault.level == 1);
  }
  SECTION("64K: 512 MiB at level 2") {
    Memory mem(kRam, 16 << 20);
    Env env(mem);
    Tables t(mem, 16, 48, 1, kRam);
    t.map(0x0000000020000000, 0x60000000, 2, kLeaf);
    auto r = el1_regs(t.root);
    r.tcr = tcr0(16, 48);
    const Translation x = xlate(env, r, 0x0000000020000000 + 0x1FFFFFF8);
    REQUIRE(x.ok());
    CHECK(x.pa == 0x60000000 + 0x1FFFFFF8);
    CHECK(env.refs == 2);
  }
  SECTION("the contiguous hint is ignored") {
    Memory mem(kRam, 16 << 20);
    Env env(mem);
    Tables t(mem, 12, 48, 0, kRam);
    t.map(0x5000, 0x40123000, 3, kLeaf | (1ull << 52));
    const Translation x = xlate(env, el1_regs(t.root), 0x5010);
    REQUIRE(x.ok());
    CHECK(x.pa == 0x40123010);
  }
}

TEST_CASE("translation faults at each level", "[walk][fault]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  const uint64_t va = 0x0000008080604000;
  t.map(va, 0x40000000, 3, kLeaf);
  const auto r = el1_regs(t.root);
  for (int level = 3; level >= 0; --level) {
    CAPTURE(level);
    mem.put64(t.desc_addr(va, level), 0);  // invalid descriptor at this level
    const Translation x = xlate(env, r, va);
    CHECK(x.fault.kind == FaultKind::Translation);
    CHECK(x.fault.level == level);
    CHECK_FALSE(x.fault.stage2);
    CHECK(env.refs == static_cast<unsigned>(level + 1));
  }
  // A level-3 descriptor with bits[1:0] = 01 is reserved: translation fault.
  Tables t2(mem, 12, 48, 0, kRam + (8 << 20));
  const uint64_t d = t2.map(va, 0x40000000, 3, kLeaf);
  mem.put64(d, mem.get64(d) & ~2ull);
  const Translation x = xlate(env, el1_regs(t2.root), va);
  CHECK(x.fault.kind == FaultKind::Translation);
  CHECK(x.fault.level == 3);
}

TEST_CASE("access flag faults: AF = 0 faults, no hardware update", "[walk][fault]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  const uint64_t d3 = t.map(0x7000, 0x40007000, 3, kLeaf & ~kAF);
  const uint64_t d2 = t.map(0x400000, 0x40400000, 2, kLeaf & ~kAF);
  const auto r = el1_regs(t.root);
  Translation x = xlate(env, r, 0x7000);
  CHECK(x.fault.kind == FaultKind::AccessFlag);
  CHECK(x.fault.level == 3);
  CHECK((mem.get64(d3) & kAF) == 0);
  x = xlate(env, r, 0x400000, AccessType::Write);
  CHECK(x.fault.kind == FaultKind::AccessFlag);
  CHECK(x.fault.level == 2);
  CHECK((mem.get64(d2) & kAF) == 0);
}

TEST_CASE("address-size faults: TTBR, table and output addresses", "[walk][fault]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  const uint64_t va = 0x0000004000201000;
  t.map(va, 0x40001000, 3, kLeaf);
  auto r = el1_regs(t.root);
  REQUIRE(xlate(env, r, va).ok());
  SECTION("output address beyond TCR.IPS") {
    r.tcr = (r.tcr & ~(7ull << 32)) | (0ull << 32);  // IPS: 32 bits
    mem.put64(t.desc_addr(va, 3), 0x100000000ull | kLeaf | 3);
    const Translation x = xlate(env, r, va);
    CHECK(x.fault.kind == FaultKind::AddressSize);
    CHECK(x.fault.level == 3);
  }
  SECTION("a block's output address beyond the implemented PA size") {
    mem.put64(t.desc_addr(va, 2), 0x0000800000000000ull | kLeaf | 1);
    const Translation x = xlate(env, r, va);
    CHECK(x.fault.kind == FaultKind::AddressSize);
    CHECK(x.fault.level == 2);
  }
  SECTION("a next-level table address beyond the PA size") {
    mem.put64(t.desc_addr(va, 1), 0x0000100000000000ull | 3);
    const Translation x = xlate(env, r, va);
    CHECK(x.fault.kind == FaultKind::AddressSize);
    CHECK(x.fault.level == 1);
  }
  SECTION("a level-0 table address beyond TCR.IPS below the level's own bits") {
    // The whole next-level address counts (desc<47:outputsize>), also the bits below
    // the 512 GiB a level-0 entry spans: bit 36 with IPS 32 bits.
    r.tcr = (r.tcr & ~(7ull << 32)) | (0ull << 32);
    const uint64_t d0 = t.desc_addr(va, 0);
    mem.put64(d0, mem.get64(d0) | (1ull << 36));
    const Translation x = xlate(env, r, va);
    CHECK(x.fault.kind == FaultKind::AddressSize);
    CHECK(x.fault.level == 0);
    CHECK(env.refs == 1);
  }
  SECTION("TTBR base beyond the PA size: level 0") {
    r.ttbr0 = 0x0000100000000000ull | t.root;
    const Translation x = xlate(env, r, va);
    CHECK(x.fault.kind == FaultKind::AddressSize);
    CHECK(x.fault.level == 0);
    CHECK(env.refs == 0);
  }
  SECTION("a descriptor read that hits a bus error: external abort on the walk") {
    mem.put64(t.desc_addr(va, 1), 0x0000000f00000000ull | 3);  // no memory there
    const Translation x = xlate(env, r, va);
    CHECK(x.fault.kind == FaultKind::SyncExternalOnWalk);
    CHECK(x.fault.level == 2);
  }
}

TEST_CASE("TBI: the top byte is ignored only when TBI is set", "[walk]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  t.map(0x3000, 0x40003000, 3, kLeaf);
  auto r = el1_regs(t.root);
  const uint64_t tagged = 0x5A00000000003008ull;
  Translation x = xlate(env, r, tagged);
  CHECK(x.fault.kind == FaultKind::Translation);
  CHECK(x.fault.level == 0);
  r.tcr |= 1ull << 37;  // TBI0
  x = xlate(env, r, tagged);
  REQUIRE(x.ok());
  CHECK(x.pa == 0x40003008);
  // EL2 regime: TCR_EL2.TBI (bit 20).
  TranslationRegs e2;
  e2.regime = Regime::EL2;
  e2.sctlr = 1;
  e2.tcr = 16 | (4ull << 16) | (1ull << 20);
  e2.ttbr0 = t.root;
  e2.mair = kMair;
  x = xlate(env, e2, tagged);
  REQUIRE(x.ok());
  CHECK(x.pa == 0x40003008);
}

TEST_CASE("memory attributes from MAIR", "[walk]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  t.map(0x1000, 0x09000000, 3, kAF | attr_index(1));
  t.map(0x2000, 0x40002000, 3, kAF | attr_index(2));
  const auto r = el1_regs(t.root);
  Mapping m;
  env.refs = 0;
  Translation x = translate(r, 0x1000, AccessType::Read, env, &m);
  REQUIRE(x.ok());
  CHECK(x.mem == MemType::Device);
  CHECK(m.attr == 0x00);
  x = translate(r, 0x2000, AccessType::Read, env, &m);
  REQUIRE(x.ok());
  CHECK(x.mem == MemType::Normal);
  CHECK(m.attr == 0x44);
}

TEST_CASE("stage-1 permissions, EL1&0 regime", "[walk][perm]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  struct Row {
    uint64_t bits;
    // R W X at EL1, then EL0
    bool r1, w1, x1, r0, w0, x0;
  };
  const Row rows[] = {
      {kApRwEl1, 1, 1, 1, 0, 0, 1},         // EL0 may execute (execute-only)
      {kApRwAll, 1, 1, 0, 1, 1, 1},         // EL0-writable: never EL1-executable
      {kApRoEl1, 1, 0, 1, 0, 0, 1},         //
      {kApRoAll, 1, 0, 1, 1, 0, 1},         //
      {kApRoAll | kPXN, 1, 0, 0, 1, 0, 1},  //
      {kApRoAll | kUXN, 1, 0, 1, 1, 0, 0},  //
      {kApRwEl1 | kUXN | kPXN, 1, 1, 0, 0, 0, 0},
  };
  uint64_t va = 0x10000;
  for (const Row& row : rows) {
    CAPTURE(row.bits);
    t.map(va, 0x40010000, 3, kAF | row.bits);
    auto r = el1_regs(t.root);
    const auto ok = [&](bool el0, AccessType type) {
      r.el0 = el0;
      return xlate(env, r, va, type).ok();
    };
    CHECK(ok(false, AccessType::Read) == row.r1);
    CHECK(ok(false, AccessType::Write) == row.w1);
    CHECK(ok(false, AccessType::Fetch) == row.x1);
    CHECK(ok(true, AccessType::Read) == row.r0);
    CHECK(ok(true, AccessType::Write) == row.w0);
    CHECK(ok(true, AccessType::Fetch) == row.x0);
    r.el0 = true;
    const Translation f = xlate(env, r, va, AccessType::Write);
    if (!row.w0) {
      CHECK(f.fault.kind == FaultKind::Permission);
      CHECK(f.fault.level == 3);
    }
    va += 0x1000;
  }
}

TEST_CASE("SCTLR.WXN makes writable memory execute-never", "[walk][perm]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  t.map(0x1000, 0x40001000, 3, kAF | kApRwEl1);
  t.map(0x2000, 0x40002000, 3, kAF | kApRoEl1);
  auto r = el1_regs(t.root);
  r.sctlr |= 1ull << 19;
  const Translation x = xlate(env, r, 0x1000, AccessType::Fetch);
  CHECK(x.fault.kind == FaultKind::Permission);
  CHECK(xlate(env, r, 0x2000, AccessType::Fetch).ok());
  CHECK(xlate(env, r, 0x1000, AccessType::Write).ok());
}

TEST_CASE("hierarchical APTable, XNTable, PXNTable", "[walk][perm]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  t.map(0x0000000000001000, 0x40001000, 3, kAF | kApRwAll, kApTableNoEl0);
  t.map(0x0000008000001000, 0x40001000, 3, kAF | kApRwEl1, kApTableRo);
  t.map(0x0000010000001000, 0x40001000, 3, kAF | kApRoAll, kXNTable);
  t.map(0x0000018000001000, 0x40001000, 3, kAF | kApRoAll, kPXNTable);
  auto r = el1_regs(t.root);
  r.el0 = true;
  CHECK(xlate(env, r, 0x0000000000001000).fault.kind == FaultKind::Permission);
  r.el0 = false;
  CHECK(xlate(env, r, 0x0000000000001000, AccessType::Write).ok());
  CHECK(xlate(env, r, 0x0000008000001000, AccessType::Write).fault.kind == FaultKind::Permission);
  CHECK(xlate(env, r, 0x0000008000001000).ok());
  // In the EL1&0 regime bit 60 is UXNTable: EL1 may still execute.
  CHECK(xlate(env, r, 0x0000010000001000, AccessType::Fetch).ok());
  CHECK(xlate(env, r, 0x0000018000001000, AccessType::Fetch).fault.kind == FaultKind::Permission);
  r.el0 = true;
  CHECK(xlate(env, r, 0x0000018000001000, AccessType::Fetch).ok());
  CHECK_FALSE(xlate(env, r, 0x0000010000001000, AccessType::Fetch).ok());
}

TEST_CASE("EL2 regime: one privilege level, AP[1] ignored, bit 54 is XN", "[walk][perm]") {
  Memory mem(kRam, 16 << 20);
  Env env(mem);
  Tables t(mem, 12, 48, 0, kRam);
  t.map(0x1000, 0x40001000, 3, kAF | kApRwEl1);
  t.map(0x2000, 0x40002000, 3, kAF | kApRwAll);  // AP[1] ignored: still RW, executable
  t.map(0x3000, 0x40003000, 3, kAF | kApRoAll | kUXN);
  t.map(0x4000, 0x40004000, 3, kAF | kApRoEl1 | kPXN);  // PXN is RES0: executable
  const TranslationRegs r = el2_regs(t.root);
  CHECK(xlate(env, r, 0x1000, AccessType::Write).ok());
  CHECK(xlate(env, r, 0x2000, AccessType::Write).ok());
  CHECK(xlate(env, r, 0x2000, AccessType::Fetch).ok());
  CHECK(xlate(env, r, 0x3000).ok());
  CHECK(xlate(env, r, 0x3000, AccessType::Write).fault.kind == FaultKind::Permission);
  CHECK(xlate(env, r, 0x3000, AccessType::Fetch).fault.kind == FaultKind::Permission);
  CHECK(xlate(env, r, 0x4000, AccessType::Fetch).ok());
  // VA beyond TTBR0_EL2's range (there is no TTBR1): translation fault at level 0.
  const Translation x = xlate(env, r, 0xFFFF000000001000ull);
  CHECK(x.fault.kind == FaultKind::Translation);
  CHECK(x.fault.level == 0);
}

TEST_CASE("MMU off: flat, Device data and Normal fetch; HCR_EL2.DC", "[walk]") {
  Memory mem(kRam, 4096);
  Env env(mem);
  TranslationRegs r;
  r.pa_bits = 44;
  Translation x = xlate(env, r, 0x09000000);
  REQUIRE(x.ok());
  CHECK(x.mem == MemType::Device);
  CHECK(xlate(env, r, 0x40000000, AccessType::Fetch).mem == MemType::Normal);
  x = xlate(env, r, 0x0000100000000000ull);
  CHECK(x.fault.kind == FaultKind::AddressSize);
  CHECK(x.fault.level == 0);
}

TEST_CASE("MMU off under TBI: the top byte is ignored, bits 55 down to the PA size are not",
          "[walk]") {
  // AArch64.TranslateAddressS1Off checks VA[AddrTop:PAMax], AddrTop being 55 under TBI.
  Memory mem(kRam, 4096);
  Env env(mem);
  TranslationRegs r;  // EL1&0, SCTLR_EL1.M = 0
  r.pa_bits = 44;
  const uint64_t tagged = 0x5A00000040000010ull;
  CHECK(xlate(env, r, tagged).fault.kind == FaultKind::AddressSize);  // TBI0 clear
  r.tcr = (1ull << 37) | (1ull << 38);                                // TBI0, TBI1
  Translation x = xlate(env, r, tagged);
  REQUIRE(x.ok());
  CHECK(x.pa == 0x40000010);
  CHECK(x.mem == MemType::Device);
  CHECK(translate_mmu_off(r, tagged, AccessType::Read).pa == 0x40000010);
  // Under the tag, bit 55 and the bits down to the PA size still count.
  for (uint64_t va : {0x5A80000040000010ull, 0x5A00100040000010ull}) {
    CAPTURE(va);
    x = xlate(env, r, va);
    CHECK(x.fault.kind == FaultKind::AddressSize);
    CHECK(x.fault.level == 0);
    CHECK(translate_mmu_off(r, va, AccessType::Read).fault.kind == FaultKind::AddressSize);
  }
  // The EL2 regime: TCR_EL2.TBI.
  TranslationRegs e2;
  e2.regime = Regime::EL2;
  e2.pa_bits = 44;
  CHECK(xlate(env, e2, tagged, AccessType::Fetch).fault.kind == FaultKind::AddressSize);
  e2.tcr = 1ull << 20;
  x = xlate(env, e2, tagged, AccessType::Fetch);
  REQUIRE(x.ok());
  CHECK(x.pa == 0x40000010);
  CHECK(x.mem == MemType::Normal);
}

TEST_CASE("one environment walks under changing registers as a fresh one would", "[walk]") {
  // A WalkEnv keeps the geometry it decoded last; every register it came from must
  // count: TCR (granule, size, IPS), the TTBR, the PA size and the regime.
  Memory mem(kRam, 64 << 20);
  Tables a(mem, 12, 48, 0, kRam);
  Tables b(mem, 16, 42, 2, kRam + (8 << 20));
  Tables c(mem, 12, 39, 1, kRam + (16 << 20));
  const uint64_t va = 0x12345000;
  a.map(va, kRam + (32 << 20), 3, kLeaf);
  b.map(va, kRam + (33 << 20), 3, kLeaf);
  c.map(va, kRam + (34 << 20), 3, kLeaf);
  auto ra = el1_regs(a.root);
  ra.tcr = tcr0(12, 48);
  auto rb = el1_regs(b.root);
  rb.tcr = tcr0(16, 42);
  auto rc = el1_regs(c.root);
  rc.tcr = tcr0(12, 39);
  auto rc_ttbr_a = rc;  // same TCR as c, a's tables: a 3-level walk of a 4-level tree
  rc_ttbr_a.ttbr0 = a.root;
  auto ra_small_pa = ra;
  ra_small_pa.pa_bits = 30;  // TTBR0 at 0x4xxxxxxx is beyond the PA size
  auto ra_epd = ra;
  ra_epd.tcr |= 1 << 7;  // EPD0: a translation fault in the EL1&0 regime
  auto ra_epd_el2 = ra_epd;
  ra_epd_el2.regime = Regime::EL2;  // the same TCR value has no EPD0 at EL2
  const TranslationRegs order[] = {ra, rb,     ra,         rc, rc_ttbr_a, rc, ra_small_pa,
                                   ra, ra_epd, ra_epd_el2, ra, rb,        rb};
  Env shared(mem);
  for (const TranslationRegs& r : order) {
    Env fresh(mem);
    const Translation want = xlate(fresh, r, va + 0x40);
    const unsigned want_refs = fresh.refs;
    const Translation got = xlate(shared, r, va + 0x40);
    CHECK(got.pa == want.pa);
    CHECK(got.fault.kind == want.fault.kind);
    CHECK(got.fault.level == want.fault.level);
    CHECK(shared.refs == want_refs);
  }
  // And the cases themselves differ, so a stale geometry would show.
  Env e(mem);
  CHECK(xlate(e, ra, va).pa == kRam + (32 << 20));
  CHECK(xlate(e, rb, va).pa == kRam + (33 << 20) + 0x5000);  // 64K pages
  CHECK(xlate(e, rc, va).pa == kRam + (34 << 20));
  CHECK(xlate(e, rc_ttbr_a, va).pa != kRam + (34 << 20));
  CHECK(xlate(e, ra_small_pa, va).fault.kind == FaultKind::AddressSize);
  CHECK(xlate(e, ra_epd, va).fault.kind == FaultKind::Translation);
  CHECK(xlate(e, ra_epd_el2, va).ok());
}
