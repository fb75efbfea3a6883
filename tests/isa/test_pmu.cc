// The performance monitors (isa/pmu.h): counting, EL filtering, overflow and its
// interrupt, MDCR_EL2.HPMN partitioning, the TLB events. Standalone, a cycle is an
// instruction retired (SystemHooks::cycles), so expected counts are exact.
#include <catch2/catch.hpp>
#include <cstdint>

#include "isa/pmu.h"
#include "isa/sysreg_table.h"
#include "tests/isa/test_support.h"

using namespace isa;

namespace {

using el2sim_test::K;
using el2sim_test::mrs;
using el2sim_test::msr;
constexpr uint16_t kPMCR = K(3, 3, 9, 12, 0);
constexpr uint16_t kPMCNTENSET = K(3, 3, 9, 12, 1);
constexpr uint16_t kPMCNTENCLR = K(3, 3, 9, 12, 2);
constexpr uint16_t kPMOVSCLR = K(3, 3, 9, 12, 3);
constexpr uint16_t kPMSWINC = K(3, 3, 9, 12, 4);
constexpr uint16_t kPMSELR = K(3, 3, 9, 12, 5);
constexpr uint16_t kPMCEID0 = K(3, 3, 9, 12, 6);
constexpr uint16_t kPMCEID1 = K(3, 3, 9, 12, 7);
constexpr uint16_t kPMCCNTR = K(3, 3, 9, 13, 0);
constexpr uint16_t kPMXEVTYPER = K(3, 3, 9, 13, 1);
constexpr uint16_t kPMXEVCNTR = K(3, 3, 9, 13, 2);
constexpr uint16_t kPMOVSSET = K(3, 3, 9, 14, 3);
constexpr uint16_t kPMINTENSET = K(3, 0, 9, 14, 1);
constexpr uint16_t kPMCCFILTR = K(3, 3, 14, 15, 7);
constexpr uint16_t pmevcntr(unsigned n) { return K(3, 3, 14, 8 + n / 8, n % 8); }
constexpr uint16_t pmevtyper(unsigned n) { return K(3, 3, 14, 12 + n / 8, n % 8); }

constexpr uint32_t kNop = 0xD503201F;
constexpr uint32_t kEret = 0xD69F03E0;
constexpr uint32_t kHvc0 = 0xD4000002;
constexpr uint32_t kLdrX0X1 = 0xF9400020;  // ldr x0, [x1]

constexpr uint64_t kE = 1, kP = 2, kC = 4, kD = 8, kLC = 64;
constexpr uint64_t kCycle = 1ull << 31;
constexpr uint64_t kExclEl1 = 1ull << 31, kExclEl0 = 1ull << 30, kInclEl2 = 1ull << 27;

struct Pm : el2sim_test::TestCore {
  static constexpr uint64_t kVbar2 = kRamBase + 0x10000;
  Pm() { cpu.sr().VBAR_EL2 = kVbar2; }
  // Registers written and read as a debugger would (no instruction retires).
  void set(uint16_t key, uint64_t v) { sysreg_set(cpu, *sysreg_lookup(key), v); }
  uint64_t get(uint16_t key) { return sysreg_get(cpu, *sysreg_lookup(key)); }
  // Execute `code` from kCode, one instruction per step.
  void run_code(std::initializer_list<uint32_t> code) {
    load(code);
    cpu.set_pc(kCode);
    step(code.size());
  }
};

}  // namespace

TEST_CASE("pmu: identification and reset", "[pmu]") {
  Pm t;
  CHECK(t.get(kPMCR) == 0x41013000);  // IMP Arm, IDCODE 1, N = 6, disabled
  CHECK(t.get(kPMCEID0) == 0x00020725);
  CHECK(t.get(kPMCEID1) == 0x0000A060);
  CHECK(t.get(kPMCNTENSET) == 0);
  CHECK(t.get(kPMOVSSET) == 0);
  CHECK(t.get(kPMCCNTR) == 0);
  CHECK(!t.cpu.pmu().irq());
}

TEST_CASE("pmu: instructions and cycles counted at EL2", "[pmu]") {
  Pm t;
  t.set(pmevtyper(0), pmu_event::kInstRetired | kInclEl2);
  t.set(pmevtyper(1), pmu_event::kCpuCycles | kInclEl2);
  t.set(pmevtyper(2), pmu_event::kInstRetired);  // NSH clear: not at EL2
  t.set(kPMCCFILTR, kInclEl2);
  t.cpu.set_x(1, kE | kP | kC);
  t.cpu.set_x(2, kCycle | 0x7);
  // The MSR that enables the counters is the first instruction counted; an MRS reads
  // the count before itself.
  t.run_code({msr(kPMCR, 1), msr(kPMCNTENSET, 2), kNop, kNop, kNop, kNop, kNop, mrs(4, pmevcntr(0)),
              mrs(5, pmevcntr(1)), mrs(6, kPMCCNTR), mrs(7, pmevcntr(2))});
  CHECK(t.cpu.x(4) == 6);
  CHECK(t.cpu.x(5) == 7);
  CHECK(t.cpu.x(6) == 8);
  CHECK(t.cpu.x(7) == 0);
  SECTION("PMCR_EL0.E clear stops every counter") {
    t.set(kPMCR, 0);
    t.run_code({kNop, kNop, kNop});
    CHECK(t.get(pmevcntr(0)) == 10);
    CHECK(t.get(kPMCCNTR) == 10);
  }
  SECTION("PMCNTENCLR stops one counter") {
    t.set(kPMCNTENCLR, 1);
    t.run_code({kNop, kNop, kNop});
    CHECK(t.get(pmevcntr(0)) == 10);
    CHECK(t.get(pmevcntr(1)) == 13);
  }
  SECTION("PMCR_EL0.P and .C reset the counters") {
    t.set(kPMCR, kE | kP | kC);
    CHECK(t.get(pmevcntr(0)) == 0);
    CHECK(t.get(kPMCCNTR) == 0);
    t.run_code({kNop, kNop});
    CHECK(t.get(pmevcntr(0)) == 2);
    CHECK(t.get(kPMCCNTR) == 2);
  }
  SECTION("PMCR_EL0.D: the cycle counter counts every 64th cycle") {
    t.set(kPMCR, kE | kC | kD);
    for (int i = 0; i < 130; ++i) t.run_code({kNop});
    CHECK(t.get(kPMCCNTR) == 2);
    CHECK(t.get(pmevcntr(1)) == 10 + 130);  // CPU_CYCLES in an event counter is not divided
  }
}

TEST_CASE("pmu: filtering by exception level, exceptions and returns", "[pmu]") {
  Pm t;
  t.set(pmevtyper(0), pmu_event::kInstRetired | kExclEl1 | kExclEl0 | kInclEl2);  // EL2 only
  t.set(pmevtyper(1), pmu_event::kInstRetired | kExclEl0);                        // EL1 only
  t.set(pmevtyper(2), pmu_event::kExcTaken | kInclEl2);
  t.set(pmevtyper(3), pmu_event::kExcReturn | kInclEl2);
  t.set(pmevtyper(4), pmu_event::kExcTaken | kExclEl1);  // EL0 only: none happen there
  t.set(kPMCCFILTR, kExclEl0 | kExclEl1 | kInclEl2);
  t.set(kPMCR, kE);
  t.set(kPMCNTENSET, kCycle | 0x1F);
  // ERET from EL2 to EL1h at kCode + 0x100; there five NOPs and an HVC, taken to EL2.
  t.cpu.sr().SPSR_EL2 = 0x3C5;
  t.cpu.sr().ELR_EL2 = Pm::kCode + 0x100;
  t.load({kEret});
  t.load({kNop, kNop, kNop, kNop, kNop, kHvc0}, Pm::kCode + 0x100);
  t.load({kNop}, Pm::kVbar2 + 0x400);
  t.cpu.set_pc(Pm::kCode);
  t.step(1);
  REQUIRE(t.cpu.el() == 1);
  t.step(6);
  REQUIRE(t.cpu.el() == 2);
  REQUIRE(t.cpu.pc() == Pm::kVbar2 + 0x400);
  t.step(1);
  // At EL2: the ERET (it retires at EL2) and the vector's NOP; at EL1 the five NOPs
  // (an HVC that is taken counts as an exception, not as an instruction retired).
  CHECK(t.get(pmevcntr(0)) == 2);
  CHECK(t.get(pmevcntr(1)) == 5);
  CHECK(t.get(pmevcntr(2)) == 1);  // counted at EL1, where the HVC was taken from
  CHECK(t.get(pmevcntr(3)) == 1);  // counted at EL2
  CHECK(t.get(pmevcntr(4)) == 0);
  CHECK(t.get(kPMCCNTR) == 2);
  CHECK(t.cpu.stats().exception_returns == 1);
}

TEST_CASE("pmu: overflow flags and the overflow interrupt", "[pmu]") {
  Pm t;
  t.set(pmevtyper(0), pmu_event::kInstRetired | kInclEl2);
  t.set(pmevcntr(0), 0xFFFFFFFE);
  t.set(kPMINTENSET, 1);
  t.set(kPMCNTENSET, 1);
  t.set(kPMCR, kE);
  t.run_code({kNop});
  CHECK(t.get(pmevcntr(0)) == 0xFFFFFFFF);
  CHECK(!t.cpu.pmu().irq());
  t.run_code({kNop});
  t.cpu.pmu().sync(t.cpu);
  CHECK(t.get(pmevcntr(0)) == 0);
  CHECK(t.get(kPMOVSSET) == 1);
  CHECK(t.cpu.pmu().irq());
  CHECK(t.hooks.pmu_irq);
  SECTION("PMOVSCLR clears the flag and the request") {
    t.set(kPMOVSCLR, 1);
    CHECK(t.get(kPMOVSSET) == 0);
    CHECK(!t.cpu.pmu().irq());
    CHECK(!t.hooks.pmu_irq);
  }
  SECTION("PMCR_EL0.E clear masks the request, the flag stays") {
    t.set(kPMCR, 0);
    CHECK(t.get(kPMOVSSET) == 1);
    CHECK(!t.hooks.pmu_irq);
  }
  SECTION("the core learns how far the next overflow is") {
    t.set(pmevcntr(0), 0xFFFFFF00);
    CHECK(t.cpu.pmu().insns_to_overflow(t.cpu) == 0x100);
  }
}

TEST_CASE("pmu: an exception event's overflow requests the interrupt at once", "[pmu]") {
  Pm t;
  t.set(pmevtyper(0), pmu_event::kExcTaken | kInclEl2);
  t.set(pmevtyper(1), pmu_event::kExcReturn | kInclEl2);
  t.set(pmevcntr(0), 0xFFFFFFFF);
  t.set(pmevcntr(1), 0xFFFFFFFF);
  t.set(kPMCNTENSET, 3);
  t.set(kPMCR, kE);
  // ERET from EL2 to EL1h at kCode + 0x100, where an HVC is taken back to EL2.
  t.cpu.sr().SPSR_EL2 = 0x3C5;
  t.cpu.sr().ELR_EL2 = Pm::kCode + 0x100;
  t.load({kEret});
  t.load({kHvc0}, Pm::kCode + 0x100);
  t.load({kNop}, Pm::kVbar2 + 0x400);
  SECTION("EXC_RETURN: at the ERET") {
    t.set(kPMINTENSET, 2);
    t.cpu.set_pc(Pm::kCode);
    t.step(1);
    REQUIRE(t.cpu.el() == 1);
    CHECK(t.hooks.pmu_irq);  // no settle since: the return itself raised it
    CHECK(t.get(kPMOVSSET) == 2);
  }
  SECTION("EXC_TAKEN: at the exception") {
    t.set(kPMINTENSET, 1);
    t.cpu.set_pc(Pm::kCode);
    t.step(1);
    CHECK(!t.hooks.pmu_irq);
    t.step(1);
    REQUIRE(t.cpu.el() == 2);
    CHECK(t.hooks.pmu_irq);
    CHECK(t.get(kPMOVSSET) == 3);
  }
}

TEST_CASE("pmu: the cycle counter overflows at 32 bits, or 64 with PMCR_EL0.LC", "[pmu]") {
  Pm t;
  t.set(kPMCCFILTR, kInclEl2);
  t.set(kPMCNTENSET, kCycle);
  t.set(kPMCCNTR, 0xFFFFFFFF);
  SECTION("LC = 0") {
    t.set(kPMCR, kE);
    CHECK(t.cpu.pmu().cycles_to_overflow(t.cpu) == 1);
    t.run_code({kNop});
    CHECK(t.get(kPMCCNTR) == 0x100000000);  // the counter is 64 bits wide still
    CHECK(t.get(kPMOVSSET) == kCycle);
  }
  SECTION("LC = 1") {
    t.set(kPMCR, kE | kLC);
    t.run_code({kNop});
    CHECK(t.get(kPMCCNTR) == 0x100000000);
    CHECK(t.get(kPMOVSSET) == 0);
    t.set(kPMCCNTR, ~0ull);
    t.run_code({kNop});
    CHECK(t.get(kPMCCNTR) == 0);
    CHECK(t.get(kPMOVSSET) == kCycle);
  }
}

TEST_CASE("pmu: software increment", "[pmu]") {
  Pm t;
  t.set(pmevtyper(0), pmu_event::kSwIncr | kInclEl2);
  t.set(pmevtyper(1), pmu_event::kSwIncr);  // not at EL2
  t.set(pmevtyper(2), pmu_event::kInstRetired | kInclEl2);
  t.set(kPMCNTENSET, 0x7);
  t.cpu.set_x(1, 0x7);
  t.run_code({msr(kPMSWINC, 1), msr(kPMSWINC, 1)});  // before PMCR_EL0.E: nothing
  CHECK(t.get(pmevcntr(0)) == 0);
  t.set(kPMCR, kE);
  t.run_code({msr(kPMSWINC, 1), msr(kPMSWINC, 1)});
  CHECK(t.get(pmevcntr(0)) == 2);
  CHECK(t.get(pmevcntr(1)) == 0);
  CHECK(t.get(pmevcntr(2)) == 2);  // the increment does not touch other events
}

TEST_CASE("pmu: PMSELR_EL0 selects what PMXEVTYPER and PMXEVCNTR reach", "[pmu]") {
  Pm t;
  t.set(kPMSELR, 3);
  t.set(kPMXEVTYPER, pmu_event::kInstRetired | kInclEl2 | 0xFC00);  // evtCount<15:10> RES0
  CHECK(t.get(pmevtyper(3)) == (pmu_event::kInstRetired | kInclEl2));
  t.set(kPMXEVCNTR, 0x123456789);
  CHECK(t.get(pmevcntr(3)) == 0x23456789);  // 32 bits
  t.set(kPMSELR, 31);
  t.set(kPMXEVTYPER, kExclEl1 | kInclEl2 | 0x3FF);
  CHECK(t.get(kPMCCFILTR) == (kExclEl1 | kInclEl2));
  CHECK(t.get(kPMXEVCNTR) == 0);  // SEL 31: reads as zero
  t.set(kPMSELR, 7);              // no counter 7: reads as zero, ignores writes
  t.set(kPMXEVCNTR, 5);
  CHECK(t.get(kPMXEVCNTR) == 0);
}

TEST_CASE("pmu: MDCR_EL2.HPMN reserves counters for EL2", "[pmu]") {
  Pm t;
  const SysRegInfo& mdcr = *sysreg_find("MDCR_EL2");
  sysreg_set(t.cpu, mdcr, 4);  // HPMN = 4, HPME = 0
  for (unsigned n : {0u, 5u}) t.set(pmevtyper(n), pmu_event::kInstRetired | kInclEl2 | kExclEl1);
  t.set(kPMCR, kE);
  t.set(kPMCNTENSET, 0x21);
  t.run_code({kNop, kNop});
  CHECK(t.get(pmevcntr(0)) == 2);
  CHECK(t.get(pmevcntr(5)) == 0);  // a reserved counter needs MDCR_EL2.HPME
  sysreg_set(t.cpu, mdcr, 4 | (1u << 7));
  t.run_code({kNop, kNop});
  CHECK(t.get(pmevcntr(5)) == 2);
  SECTION("below EL2 the reserved counters are out of sight") {
    t.cpu.pstate().el = 1;
    t.cpu.invalidate_host_pages();
    CHECK(t.get(kPMCR) == 0x41012001);  // N reads as HPMN
    CHECK(t.get(kPMCNTENSET) == 0x1);
    CHECK(t.get(pmevcntr(5)) == 0);
    t.set(pmevcntr(5), 77);
    t.set(kPMCNTENSET, 0x10);
    t.cpu.pstate().el = 2;
    CHECK(t.get(pmevcntr(5)) == 2);
    CHECK(t.get(kPMCNTENSET) == 0x21);
  }
}

TEST_CASE("pmu: TLB events follow the TLB model", "[pmu]") {
  Pm t;
  // EL2 stage 1 on: one 1 GiB block maps the RAM (TCR_EL2: T0SZ 25, 4K granule).
  const uint64_t table = Pm::kData;
  t.write64(table + 8, 0x40000000ull | (1u << 10) | (3u << 8) | 1);
  sysreg_set(t.cpu, *sysreg_find("MAIR_EL2"), 0xFF);
  sysreg_set(t.cpu, *sysreg_find("TCR_EL2"), 25 | (1u << 8) | (1u << 10) | (3u << 12));
  sysreg_set(t.cpu, *sysreg_find("TTBR0_EL2"), table);
  const SysRegInfo& sctlr = *sysreg_find("SCTLR_EL2");
  sysreg_set(t.cpu, sctlr, sysreg_get(t.cpu, sctlr) | 1);
  t.set(pmevtyper(0), pmu_event::kL1dTlbRefill | kInclEl2);
  t.set(pmevtyper(1), pmu_event::kL1dTlb | kInclEl2);
  t.set(pmevtyper(2), pmu_event::kL1iTlbRefill | kInclEl2);
  t.set(pmevtyper(3), pmu_event::kL2dTlbRefill | kInclEl2);
  t.set(pmevtyper(4), pmu_event::kL2dTlb | kInclEl2);
  t.set(kPMCR, kE);
  t.set(kPMCNTENSET, 0x1F);
  const mmu::TlbHierarchy& tlb = t.cpu.tlb();
  const uint64_t dfill = tlb.dtlb().counters.fill, ifill = tlb.itlb().counters.fill;
  const uint64_t daccess = tlb.dtlb().counters.hit + tlb.dtlb().counters.miss;
  const uint64_t mfill = tlb.main().counters.fill;
  const uint64_t maccess = tlb.main().counters.hit + tlb.main().counters.miss;
  t.cpu.set_x(1, Pm::kData + 0x100);
  t.run_code({kLdrX0X1, kLdrX0X1, kLdrX0X1, kNop});
  CHECK(t.get(pmevcntr(0)) == tlb.dtlb().counters.fill - dfill);
  CHECK(t.get(pmevcntr(1)) == tlb.dtlb().counters.hit + tlb.dtlb().counters.miss - daccess);
  CHECK(t.get(pmevcntr(2)) == tlb.itlb().counters.fill - ifill);
  CHECK(t.get(pmevcntr(3)) == tlb.main().counters.fill - mfill);
  CHECK(t.get(pmevcntr(4)) == tlb.main().counters.hit + tlb.main().counters.miss - maccess);
  CHECK(t.get(pmevcntr(0)) == 1);  // the first load refills the data micro-TLB
  CHECK(t.get(pmevcntr(1)) == 3);  // three loads look it up
  CHECK(t.get(pmevcntr(2)) == 1);
}

TEST_CASE("pmu: a change of EL that starts an instruction counter ends the batch", "[pmu]") {
  // The core plans its batch to end where the counters that count overflow; a counter
  // that starts counting at the new EL needs a new plan.
  Pm t;
  t.set(pmevtyper(0), pmu_event::kInstRetired | kExclEl0);  // EL1 only
  t.set(kPMCR, kE);
  t.set(kPMCNTENSET, 1);
  t.cpu.sr().SPSR_EL2 = 0x3C5;
  t.cpu.sr().ELR_EL2 = Pm::kCode + 0x100;
  t.load({kEret});
  t.load({kNop, kNop, kNop, kNop}, Pm::kCode + 0x100);
  t.cpu.set_pc(Pm::kCode);
  CHECK(t.cpu.run(100) == 1);  // the ERET, then the batch ends
  CHECK(t.cpu.el() == 1);
  CHECK(t.cpu.run(4) == 4);  // no change of EL: the batch runs to its budget
  CHECK(t.get(pmevcntr(0)) == 4);
}
