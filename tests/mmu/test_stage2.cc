// Stage 2 and the nested walk.
#include <catch2/catch.hpp>

#include "mmu/walk.h"
#include "tests/mmu/nested.h"

using namespace mmu;
using namespace mmu_test;

TEST_CASE("nested walk: 4+4 levels make 24 references", "[stage2]") {
  Nested n;
  Env env(n.mem);
  Mapping m;
  const Translation t = translate(n.regs(), Nested::kVa + 0x123, AccessType::Read, env, &m);
  REQUIRE(t.ok());
  CHECK(t.pa == Nested::kIpa + Nested::kS2Offset + 0x123);
  CHECK(env.refs == 24);
  CHECK(m.s1_level == 3);
  CHECK(m.s2_level == 3);
  CHECK(m.ipa_base == Nested::kIpa);
}

TEST_CASE("stage-2 block mappings shorten the walk", "[stage2]") {
  // A stage 2 of 2 MiB blocks: each stage-2 walk makes 3 references, (4+1)(3+1)-1 = 19.
  Memory mem(0x40000000, 64 << 20);
  Tables s2(mem, 12, 44, 0, 0x40000000);
  Tables s1(mem, 12, 48, 0, 0x41000000, 0x01000000);
  s1.map(Nested::kVa, 0x41800000, 3, kAF | kApRwEl1);
  for (uint64_t ipa = 0x41000000; ipa < 0x42000000; ipa += 0x200000)
    s2.map(ipa, ipa + 0x01000000, 2, kAF | kS2RW | kS2NormalWB);
  TranslationRegs r = el1_regs(s1.root);
  r.hcr = 1;
  r.vtcr = vtcr(20, 2, 0, 4);
  r.vttbr = s2.root;
  Env env(mem);
  const Translation t = translate(r, Nested::kVa + 8, AccessType::Read, env);
  REQUIRE(t.ok());
  CHECK(t.pa == 0x42800008);
  CHECK(env.refs == 19);
}

TEST_CASE("a stage-2 fault on a stage-1 table walk (S1PTW)", "[stage2][fault]") {
  Nested n;
  Env env(n.mem);
  const uint64_t desc_ipa = n.s1_desc_ipa(2);
  // Unmap the stage-1 level-2 table's page at stage 2.
  n.mem.put64(n.s2.desc_addr(desc_ipa & ~0xFFFull, 3), 0);
  const Translation t = translate(n.regs(), Nested::kVa, AccessType::Write, env);
  CHECK(t.fault.kind == FaultKind::Translation);
  CHECK(t.fault.level == 3);  // the stage-2 level, not the stage-1 one
  CHECK(t.fault.stage2);
  CHECK(t.fault.s1ptw);
  CHECK(t.fault.ipa == desc_ipa);
}

TEST_CASE("stage-2 read permission is needed by the stage-1 walk; HCR_EL2.PTW", "[stage2]") {
  SECTION("S2AP write-only table page") {
    Nested n;
    Env env(n.mem);
    const uint64_t ipa = n.s1_desc_ipa(1) & ~0xFFFull;
    n.s2_page(ipa, kAF | kS2WO | kS2NormalWB);
    const Translation t = translate(n.regs(), Nested::kVa, AccessType::Read, env);
    CHECK(t.fault.kind == FaultKind::Permission);
    CHECK(t.fault.s1ptw);
    CHECK(t.fault.level == 3);
  }
  SECTION("Device at stage 2 with PTW") {
    Nested n;
    Env env(n.mem);
    const uint64_t ipa = n.s1_desc_ipa(0) & ~0xFFFull;
    n.s2_page(ipa, kAF | kS2RW | kS2Device);
    auto r = n.regs();
    REQUIRE(translate(r, Nested::kVa, AccessType::Read, env).ok());
    r.hcr |= 1ull << 2;  // PTW
    const Translation t = translate(r, Nested::kVa, AccessType::Read, env);
    CHECK(t.fault.kind == FaultKind::Permission);
    CHECK(t.fault.s1ptw);
  }
}

TEST_CASE("stage-2 faults on the output IPA", "[stage2][fault]") {
  SECTION("translation fault reports the IPA and level") {
    Nested n;
    Env env(n.mem);
    n.mem.put64(n.s2.desc_addr(Nested::kIpa, 3), 0);
    const Translation t = translate(n.regs(), Nested::kVa + 0x10, AccessType::Read, env);
    CHECK(t.fault.kind == FaultKind::Translation);
    CHECK(t.fault.stage2);
    CHECK_FALSE(t.fault.s1ptw);
    CHECK(t.fault.level == 3);
    CHECK(t.fault.ipa == Nested::kIpa + 0x10);
  }
  SECTION("S2AP read-only: a write faults at stage 2") {
    Nested n;
    Env env(n.mem);
    n.s2_page(Nested::kIpa, kAF | kS2RO | kS2NormalWB);
    CHECK(translate(n.regs(), Nested::kVa, AccessType::Read, env).ok());
    const Translation t = translate(n.regs(), Nested::kVa + 4, AccessType::Write, env);
    CHECK(t.fault.kind == FaultKind::Permission);
    CHECK(t.fault.stage2);
    CHECK(t.fault.ipa == Nested::kIpa + 4);
  }
  SECTION("stage-2 XN") {
    Nested n(kAF | kApRoAll);
    Env env(n.mem);
    n.s2_page(Nested::kIpa, kAF | kS2RW | kS2NormalWB | kUXN);
    const Translation t = translate(n.regs(), Nested::kVa, AccessType::Fetch, env);
    CHECK(t.fault.kind == FaultKind::Permission);
    CHECK(t.fault.stage2);
  }
  SECTION("stage-2 access flag") {
    Nested n;
    Env env(n.mem);
    n.s2_page(Nested::kIpa, kS2RW | kS2NormalWB);
    const Translation t = translate(n.regs(), Nested::kVa, AccessType::Read, env);
    CHECK(t.fault.kind == FaultKind::AccessFlag);
    CHECK(t.fault.stage2);
  }
  SECTION("a stage-1 permission fault comes before a stage-2 fault on the output") {
    Nested n(kAF | kApRoAll);
    Env env(n.mem);
    n.mem.put64(n.s2.desc_addr(Nested::kIpa, 3), 0);
    const Translation t = translate(n.regs(), Nested::kVa, AccessType::Write, env);
    CHECK(t.fault.kind == FaultKind::Permission);
    CHECK_FALSE(t.fault.stage2);
  }
}

TEST_CASE("memory attributes combine: Device at either stage wins", "[stage2]") {
  Nested n;
  Env env(n.mem);
  n.s2_page(Nested::kIpa, kAF | kS2RW | kS2Device);
  Mapping m;
  const Translation t = translate(n.regs(), Nested::kVa, AccessType::Read, env, &m);
  REQUIRE(t.ok());
  CHECK(t.mem == MemType::Device);
  CHECK(m.attr == 0x04);  // Device-nGnRE from stage 2
}

TEST_CASE("memory attributes combine: each half takes the weaker cacheability", "[stage2]") {
  // Stage 1's MAIR attribute (index 0) against stage 2's MemAttr: Non-cacheable wins,
  // then Write-Through; the allocation hints and the transient flag stay stage 1's.
  const auto combined = [](uint8_t s1, uint64_t s2memattr) {
    Nested n(kAF | kApRwAll, kAF | kS2RW | (s2memattr << 2));
    Env env(n.mem);
    n.s2_page(Nested::kIpa, kAF | kS2RW | (s2memattr << 2));
    auto r = n.regs();
    r.mair = s1;
    Mapping m;
    const Translation t = translate(r, Nested::kVa, AccessType::Read, env, &m);
    REQUIRE(t.ok());
    CHECK(t.mem == MemType::Normal);
    return m.attr;
  };
  CHECK(combined(0xFF, 0xF) == 0xFF);  // Write-Back both
  CHECK(combined(0xFF, 0xA) == 0xBB);  // Write-Through at stage 2: WT, RW-allocate
  CHECK(combined(0xFD, 0xE) == 0xF9);  // inner WT at stage 2, stage 1's hints (R=0, W=1)
  CHECK(combined(0x77, 0xB) == 0x37);  // outer WT: WB transient becomes WT transient
  CHECK(combined(0xFF, 0x5) == 0x44);  // Non-cacheable both halves
  CHECK(combined(0xFF, 0x7) == 0x4F);  // outer Non-cacheable, inner Write-Back
  CHECK(combined(0x44, 0xF) == 0x44);  // Non-cacheable at stage 1 stays so
  CHECK(combined(0x8B, 0xA) == 0x8B);  // Write-Through at stage 1 stays so
  CHECK(combined(0x33, 0xF) == 0x33);  // WT transient at stage 1 stays so
}

TEST_CASE("stage-2 configuration: SL0, concatenation, granules, IPA range", "[stage2]") {
  SECTION("4K, SL0 = 1 (level 1), 40-bit IPA: two concatenated tables") {
    Memory mem(0x40000000, 16 << 20);
    Tables s2(mem, 12, 40, 1, 0x40000000);
    s2.map(0x8000001000ull, 0x40100000, 3, kAF | kS2RW | kS2NormalWB);
    TranslationRegs r;
    r.hcr = 1;
    r.vtcr = vtcr(24, 1, 0, 4);
    r.vttbr = s2.root;
    r.pa_bits = 44;
    Env env(mem);
    const Translation t = translate(r, 0x8000001008ull, AccessType::Read, env);
    REQUIRE(t.ok());
    CHECK(t.pa == 0x40100008);
    CHECK(env.refs == 3);
    // Beyond the 40-bit IPA space: stage-2 translation fault, level 0.
    const Translation out = translate(r, 0x10000000000ull, AccessType::Read, env);
    CHECK(out.fault.kind == FaultKind::Translation);
    CHECK(out.fault.stage2);
    CHECK(out.fault.level == 0);
  }
  SECTION("64K, SL0 = 1 (level 2), 42-bit IPA") {
    Memory mem(0x40000000, 16 << 20);
    Tables s2(mem, 16, 42, 2, 0x40000000);
    s2.map(0x30000000, 0x40200000, 3, kAF | kS2RW | kS2NormalWB);
    TranslationRegs r;
    r.hcr = 1;
    r.vtcr = vtcr(22, 1, 1, 4);
    r.vttbr = s2.root;
    Env env(mem);
    const Translation t = translate(r, 0x3000ABCD, AccessType::Read, env);
    REQUIRE(t.ok());
    CHECK(t.pa == 0x4020ABCD);
    CHECK(env.refs == 2);
  }
  SECTION("16K, SL0 = 1 (level 2), 36-bit IPA") {
    Memory mem(0x40000000, 16 << 20);
    Tables s2(mem, 14, 36, 2, 0x40000000);
    s2.map(0x10004000, 0x40208000, 3, kAF | kS2RW | kS2NormalWB);
    TranslationRegs r;
    r.hcr = 1;
    r.vtcr = vtcr(28, 1, 2, 4);
    r.vttbr = s2.root;
    Env env(mem);
    const Translation t = translate(r, 0x10004010, AccessType::Read, env);
    REQUIRE(t.ok());
    CHECK(t.pa == 0x40208010);
  }
  SECTION("an inconsistent SL0 faults at level 0") {
    Memory mem(0x40000000, 1 << 20);
    TranslationRegs r;
    r.hcr = 1;
    r.vtcr = vtcr(34, 2, 0, 4);  // 30-bit IPA cannot start at level 0
    Env env(mem);
    const Translation t = translate(r, 0x1000, AccessType::Read, env);
    CHECK(t.fault.kind == FaultKind::Translation);
    CHECK(t.fault.level == 0);
    CHECK(t.fault.stage2);
  }
}

TEST_CASE("HCR_EL2.DC: stage 1 off is Normal, stage 2 applies", "[stage2]") {
  Nested n;
  Env env(n.mem);
  auto r = n.regs();
  r.hcr = 1ull << 12;  // DC (VM behaves as 1)
  r.sctlr = 1;         // ignored: stage 1 is treated as off
  const Translation t = translate(r, Nested::kIpa + 0x40, AccessType::Read, env);
  REQUIRE(t.ok());
  CHECK(t.pa == Nested::kIpa + Nested::kS2Offset + 0x40);
  CHECK(t.mem == MemType::Normal);
  CHECK(env.refs == 4);
}

TEST_CASE("AT-style stage-1-only translation still walks through stage 2", "[stage2]") {
  Nested n;
  Env env(n.mem);
  auto r = n.regs();
  r.stage1_only = true;
  const Translation t = translate(r, Nested::kVa + 4, AccessType::Read, env);
  REQUIRE(t.ok());
  CHECK(t.pa == Nested::kIpa + 4);
  CHECK(env.refs == 20);
}

TEST_CASE("one environment walks stage 2 under changing VTCR and VTTBR as a fresh one would",
          "[stage2]") {
  Memory mem(0x40000000, 32 << 20);
  Tables s2a(mem, 12, 40, 1, 0x40000000);
  Tables s2b(mem, 16, 42, 2, 0x40800000);
  s2a.map(0x10004000, 0x40100000, 3, kAF | kS2RW | kS2NormalWB);
  s2b.map(0x10000000, 0x40200000, 3, kAF | kS2RW | kS2NormalWB);
  TranslationRegs ra;
  ra.hcr = 1;
  ra.vtcr = vtcr(24, 1, 0, 4);
  ra.vttbr = s2a.root;
  ra.pa_bits = 44;
  TranslationRegs rb = ra;
  rb.vtcr = vtcr(22, 1, 1, 4);
  rb.vttbr = s2b.root;
  TranslationRegs rbad = ra;
  rbad.vtcr = vtcr(34, 2, 0, 4);  // inconsistent SL0
  TranslationRegs rsmall = ra;
  rsmall.pa_bits = 36;  // a 40-bit IPA space needs a 40-bit PA size: faults
  const TranslationRegs order[] = {ra, rb, ra, rbad, ra, rsmall, rb, ra};
  Env shared(mem);
  for (const TranslationRegs& r : order) {
    Env fresh(mem);
    shared.refs = 0;
    const Translation want = translate(r, 0x10004010, AccessType::Read, fresh);
    const Translation got = translate(r, 0x10004010, AccessType::Read, shared);
    CHECK(got.pa == want.pa);
    CHECK(got.fault.kind == want.fault.kind);
    CHECK(got.fault.level == want.fault.level);
    CHECK(shared.refs == fresh.refs);
  }
  Env e(mem);
  CHECK(translate(ra, 0x10004010, AccessType::Read, e).pa == 0x40100010);
  CHECK(translate(rb, 0x10004010, AccessType::Read, e).pa == 0x40204010);
  CHECK(!translate(rbad, 0x10004010, AccessType::Read, e).ok());
  CHECK(!translate(rsmall, 0x10004010, AccessType::Read, e).ok());
}
