// The performance monitors (isa/pmu.h): counting, EL filtering, overflow and its
// interrupt, MDCR_EL2.HPMN partitioning, the TLB events. Standalone, a cycle is an
// instruction retired (SystemHooks::cycles), so expected counts are exact.
#include <algorithm>
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

constexpr uint32_t kBSelf = 0x14000000;  // b .
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
  // Counter `n` counts `event` at EL2 and overflows, with its interrupt enabled, at
  // the `events`th event from now; the code runs from kCode.
  void arm_overflow(unsigned n, uint16_t event, uint64_t events) {
    set(pmevtyper(n), event | kInclEl2);
    set(pmevcntr(n), (uint64_t{1} << 32) - events);
    set(kPMINTENSET, 1ull << n);
    set(kPMCNTENSET, 1ull << n);
    set(kPMCR, kE);
    cpu.set_pc(kCode);
  }
  // `n` copies of `group` from kCode, then a branch to itself.
  void load_repeated(std::initializer_list<uint32_t> group, unsigned n) {
    uint64_t a = kCode;
    for (unsigned i = 0; i < n; ++i, a += 4 * group.size()) load(group, a);
    load({kBSelf}, a);
  }
  // The core's loop (sim/core.cc): batches of at most `batch` instructions, each
  // ending where the PMU's next overflow may be, until the overflow interrupt is
  // requested. Returns the instructions run.
  uint64_t run_planned(uint64_t batch, uint64_t max) {
    uint64_t n = 0;
    while (n < max && !cpu.pmu().irq()) {
      n += cpu.run(std::min({batch, max - n, cpu.pmu().insns_to_overflow(cpu)}));
      cpu.pmu().sync(cpu);
    }
    return n;
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
  t.el2_mmu_on();
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

TEST_CASE("pmu: an instruction counter written inside a batch overflows on time", "[pmu]") {
  // A sampling profiler arms its counter from the overflow handler: the batch planned
  // before that write ends at it, and the next one where the counter overflows.
  Pm t;
  t.set(pmevtyper(0), pmu_event::kInstRetired | kInclEl2);
  t.set(kPMINTENSET, 1);
  t.set(kPMCNTENSET, 1);
  t.set(kPMCR, kE);
  t.cpu.set_x(2, 0xFFFFFFFF - 49);  // 50 instructions from overflowing, the MSR's own first
  t.load_repeated({kNop}, 200);
  t.load({msr(pmevcntr(0), 2)});
  t.cpu.set_pc(Pm::kCode);
  CHECK(t.cpu.run(1000) == 1);  // the write ends the batch
  CHECK(t.run_planned(1000, 1000) == 49);
  CHECK(t.cpu.pmu().irq());
  CHECK(t.get(pmevcntr(0)) == 0);  // the interrupt at the instruction that overflowed it
}

TEST_CASE("pmu: TLB event counters overflow at the lookup that overflows them", "[pmu]") {
  Pm t;
  t.el2_mmu_on();
  t.cpu.set_x(1, Pm::kData + 0x100);
  // Loads of one page, each after two other instructions: after the first, the host's
  // cache serves them and the TLB model counts them later, in bulk.
  t.load_repeated({kNop, kNop, kLdrX0X1}, 300);
  const mmu::TlbHierarchy& tlb = t.cpu.tlb();
  SECTION("the core plans for them") {
    t.set(pmevtyper(0), pmu_event::kL1dTlb | kInclEl2);
    t.set(pmevtyper(1), pmu_event::kL1iTlb | kInclEl2);
    t.set(pmevtyper(2), pmu_event::kL2dTlb | kInclEl2);
    t.set(pmevcntr(0), 0xFFFFFFFF - 99);
    t.set(pmevcntr(1), 0xFFFFFFFF - 29);
    t.set(kPMCNTENSET, 1);
    t.set(kPMCR, kE);
    CHECK(t.cpu.pmu().insns_to_overflow(t.cpu) == 50);  // two data lookups at most
    t.set(kPMCNTENSET, 2);
    CHECK(t.cpu.pmu().insns_to_overflow(t.cpu) == 30);  // one instruction fetch
    t.set(kPMCNTENCLR, 3);
    t.set(pmevcntr(2), 0xFFFFFFFF - 29);
    t.set(kPMCNTENSET, 4);
    CHECK(t.cpu.pmu().insns_to_overflow(t.cpu) == 10);  // the main TLB serves both
  }
  SECTION("L1D_TLB") {
    t.arm_overflow(0, pmu_event::kL1dTlb, 100);  // at the 100th data lookup
    const uint64_t before = tlb.dtlb().counters.hit + tlb.dtlb().counters.miss;
    CHECK(t.run_planned(100000, 1000) == 300);  // at the 100th load
    CHECK(t.cpu.pmu().irq());
    CHECK(t.get(pmevcntr(0)) == 0);
    CHECK(tlb.dtlb().counters.hit + tlb.dtlb().counters.miss - before == 100);
  }
  SECTION("L1I_TLB") {
    t.arm_overflow(1, pmu_event::kL1iTlb, 100);
    CHECK(t.run_planned(100000, 1000) == 100);
    CHECK(t.cpu.pmu().irq());
    CHECK(t.get(pmevcntr(1)) == 0);
  }
}

TEST_CASE("pmu: an access across a page looks up each page once", "[pmu]") {
  Pm t;
  t.el2_mmu_on();
  t.write64(Pm::kData + 0x1FF8, 0x0706050403020100ull);
  t.write64(Pm::kData + 0x2000, 0x0F0E0D0C0B0A0908ull);
  t.set(pmevtyper(0), pmu_event::kL1dTlb | kInclEl2);
  t.set(pmevtyper(1), pmu_event::kL1dTlbRefill | kInclEl2);
  t.set(kPMCNTENSET, 3);
  t.set(kPMCR, kE);
  t.cpu.set_x(1, Pm::kData + 0x1FFC);
  t.run_code({kLdrX0X1});
  CHECK(t.cpu.x(0) == 0x0B0A090807060504ull);
  CHECK(t.get(pmevcntr(0)) == 2);
  CHECK(t.get(pmevcntr(1)) == 1);  // one 1 GiB block maps both pages
}

TEST_CASE("pmu: an instruction of more data lookups than a pair overflows on time", "[pmu]") {
  constexpr uint32_t kLd1X4 = 0x4C402020;  // ld1 {v0.16b-v3.16b}, [x1]: 8 lookups
  Pm t;
  t.el2_mmu_on();
  t.cpu.set_x(1, Pm::kData + 0x100);
  t.load_repeated({kNop, kNop, kLd1X4}, 20);
  t.arm_overflow(0, pmu_event::kL1dTlb, 20);  // at the 20th data lookup
  // Planned for two lookups an instruction, the batch would run 10 instructions; the
  // third LD1 makes lookups 17-24 and ends it.
  CHECK(t.run_planned(100000, 1000) == 9);
  CHECK(t.cpu.pmu().irq());
  CHECK(t.get(pmevcntr(0)) == 4);
}
