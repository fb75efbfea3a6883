// The system space: MRS/MSR through the system register table, PSTATE access, the
// EL2 trap controls (HCR_EL2, CPTR_EL2, CNTHCTL_EL2, MDCR_EL2) and the EL1 controls of
// EL0 (SCTLR_EL1, CPACR_EL1, CNTKCTL_EL1), DC/IC/AT/TLBI, hints and barriers.
// Encodings come from llvm-mc -triple=aarch64; the encoders below are checked against
// its output.
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>

#include "isa/decode.h"
#include "isa/sysreg_table.h"
#include "tests/isa/test_support.h"

using namespace isa;

namespace {

using el2sim_test::K;
using el2sim_test::mrs;
using el2sim_test::msr;
static_assert(mrs(3, K(3, 0, 0, 4, 0)) == 0xD5380403);    // mrs x3, id_aa64pfr0_el1
static_assert(msr(K(3, 0, 1, 0, 0), 1) == 0xD5181001);    // msr sctlr_el1, x1
static_assert(mrs(0, K(3, 0, 15, 15, 7)) == 0xD538FFE0);  // mrs x0, s3_0_c15_c15_7

// Registers by encoding (Arm ARM names).
constexpr uint16_t kSCTLR_EL1 = K(3, 0, 1, 0, 0);
constexpr uint16_t kACTLR_EL1 = K(3, 0, 1, 0, 1);
constexpr uint16_t kTTBR0_EL1 = K(3, 0, 2, 0, 0);
constexpr uint16_t kSP_EL0 = K(3, 0, 4, 1, 0);
constexpr uint16_t kSPSel = K(3, 0, 4, 2, 0);
constexpr uint16_t kCurrentEL = K(3, 0, 4, 2, 2);
constexpr uint16_t kPAR_EL1 = K(3, 0, 7, 4, 0);
constexpr uint16_t kVBAR_EL1 = K(3, 0, 12, 0, 0);
constexpr uint16_t kMIDR_EL1 = K(3, 0, 0, 0, 0);
constexpr uint16_t kMPIDR_EL1 = K(3, 0, 0, 0, 5);
constexpr uint16_t kID_AA64PFR0_EL1 = K(3, 0, 0, 4, 0);
constexpr uint16_t kID_PFR0_EL1 = K(3, 0, 0, 1, 0);
constexpr uint16_t kCCSIDR_EL1 = K(3, 1, 0, 0, 0);
constexpr uint16_t kCSSELR_EL1 = K(3, 2, 0, 0, 0);
constexpr uint16_t kCTR_EL0 = K(3, 3, 0, 0, 1);
constexpr uint16_t kDCZID_EL0 = K(3, 3, 0, 0, 7);
constexpr uint16_t kNZCV = K(3, 3, 4, 2, 0);
constexpr uint16_t kDAIF = K(3, 3, 4, 2, 1);
constexpr uint16_t kFPCR = K(3, 3, 4, 4, 0);
constexpr uint16_t kFPSR = K(3, 3, 4, 4, 1);
constexpr uint16_t kPMCR_EL0 = K(3, 3, 9, 12, 0);
constexpr uint16_t kTPIDRRO_EL0 = K(3, 3, 13, 0, 3);
constexpr uint16_t kCNTFRQ_EL0 = K(3, 3, 14, 0, 0);
constexpr uint16_t kCNTPCT_EL0 = K(3, 3, 14, 0, 1);
constexpr uint16_t kCNTVCT_EL0 = K(3, 3, 14, 0, 2);
constexpr uint16_t kCNTV_TVAL_EL0 = K(3, 3, 14, 3, 0);
constexpr uint16_t kCNTV_CTL_EL0 = K(3, 3, 14, 3, 1);
constexpr uint16_t kCNTV_CVAL_EL0 = K(3, 3, 14, 3, 2);
constexpr uint16_t kCNTP_CTL_EL0 = K(3, 3, 14, 2, 1);
constexpr uint16_t kVPIDR_EL2 = K(3, 4, 0, 0, 0);
constexpr uint16_t kVMPIDR_EL2 = K(3, 4, 0, 0, 5);
constexpr uint16_t kHCR_EL2 = K(3, 4, 1, 1, 0);
constexpr uint16_t kTCR_EL2 = K(3, 4, 2, 0, 2);
constexpr uint16_t kVBAR_EL2 = K(3, 4, 12, 0, 0);
constexpr uint16_t kTPIDR_EL2 = K(3, 4, 13, 0, 2);
constexpr uint16_t kOSLAR_EL1 = K(2, 0, 1, 0, 4);
constexpr uint16_t kOSLSR_EL1 = K(2, 0, 1, 1, 4);
static_assert(mrs(0, kCurrentEL) == 0xD5384240);
static_assert(msr(kNZCV, 1) == 0xD51B4201);
static_assert(msr(kHCR_EL2, 1) == 0xD51C1101);
static_assert(mrs(0, kCNTVCT_EL0) == 0xD53BE040);

// Other instructions (llvm-mc).
constexpr uint32_t kDaifClr2 = 0xD50342FF;    // msr daifclr, #2
constexpr uint32_t kDaifSetF = 0xD5034FDF;    // msr daifset, #0xf
constexpr uint32_t kSpSel0 = 0xD50040BF;      // msr spsel, #0
constexpr uint32_t kMsrPan1 = 0xD500419F;     // msr pan, #1 (ARMv8.1)
constexpr uint32_t kDcZvaX0 = 0xD50B7420;     // dc zva, x0
constexpr uint32_t kDcCivacX0 = 0xD50B7E20;   // dc civac, x0
constexpr uint32_t kDcIswX0 = 0xD5087640;     // dc isw, x0
constexpr uint32_t kIcIallu = 0xD508751F;     // ic iallu
constexpr uint32_t kAtS1e1rX0 = 0xD5087800;   // at s1e1r, x0
constexpr uint32_t kAtS1e2rX0 = 0xD50C7800;   // at s1e2r, x0
constexpr uint32_t kAtS12e1rX0 = 0xD50C7880;  // at s12e1r, x0
constexpr uint32_t kTlbiVmalle1 = 0xD508871F;
constexpr uint32_t kTlbiAlle2 = 0xD50C871F;
constexpr uint32_t kSysC7C0 = 0xD5087000;  // sys #0, c7, c0, #0, x0 (unallocated)
constexpr uint32_t kNop = 0xD503201F;
constexpr uint32_t kYield = 0xD503203F;
constexpr uint32_t kHint127 = 0xD5032FFF;
constexpr uint32_t kSev = 0xD503209F;
constexpr uint32_t kSevl = 0xD50320BF;
constexpr uint32_t kClrex = 0xD5033F5F;
constexpr uint32_t kDsbSy = 0xD5033F9F;
constexpr uint32_t kDmbIsh = 0xD5033BBF;
constexpr uint32_t kIsb = 0xD5033FDF;

constexpr uint64_t kVbar2 = 0x40080000;
constexpr uint64_t kVbar1 = 0x40090000;
constexpr uint64_t kHcrRW = 1ull << 31;

// ESR_ELx of a trapped MSR/MRS/SYS (EC 0x18, IL = 1).
constexpr uint64_t esr_sysreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                              unsigned rt, bool read) {
  return (0x18ull << 26) | (1ull << 25) | (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) |
         (rt << 5) | (crm << 1) | (read ? 1 : 0);
}

struct Sys : el2sim_test::TestCore {
  Sys() {
    cpu.sr().VBAR_EL2 = kVbar2;
    cpu.sr().VBAR_EL1 = kVbar1;
  }
  // Move the core to `el` (SP_ELx unless `spx` is false), as an exception return would.
  void at_el(unsigned el, bool spx = true) {
    cpu.pstate().el = static_cast<uint8_t>(el);
    cpu.pstate().sp = spx;
    cpu.invalidate_host_pages();
  }
  // Execute one instruction at kCode.
  void exec(uint32_t insn) {
    load({insn});
    cpu.set_pc(kCode);
    step();
  }
  // Execute an instruction that must complete without an exception.
  void exec_ok(uint32_t insn) {
    const unsigned el = cpu.el();
    exec(insn);
    INFO("insn " << std::hex << insn);
    REQUIRE(cpu.pc() == kCode + 4);
    REQUIRE(cpu.el() == el);
  }
  uint64_t read(uint16_t key) {
    cpu.set_x(0, 0xBAD);
    exec_ok(mrs(0, key));
    return cpu.x(0);
  }
  void write(uint16_t key, uint64_t v) {
    cpu.set_x(1, v);
    exec_ok(msr(key, 1));
  }
  // The last instruction took UNDEFINED to `el` (from `from_el`).
  void require_undefined(unsigned el, unsigned from_el) {
    const uint64_t esr = el == 2 ? cpu.sr().ESR_EL2 : cpu.sr().ESR_EL1;
    const uint64_t elr = el == 2 ? cpu.sr().ELR_EL2 : cpu.sr().ELR_EL1;
    CHECK(esr == (1ull << 25));  // EC 0x00, IL = 1, ISS 0
    CHECK(elr == kCode);
    CHECK(cpu.el() == el);
    CHECK(cpu.pc() == (el == 2 ? kVbar2 : kVbar1) + (el > from_el ? 0x400 : 0x200));
  }
  // The last instruction was trapped to `el` with ESR `esr`.
  void require_trap(unsigned el, uint64_t esr, unsigned from_el) {
    CHECK(cpu.el() == el);
    CHECK((el == 2 ? cpu.sr().ESR_EL2 : cpu.sr().ESR_EL1) == esr);
    CHECK((el == 2 ? cpu.sr().ELR_EL2 : cpu.sr().ELR_EL1) == kCode);
    CHECK(cpu.pc() == (el == 2 ? kVbar2 : kVbar1) + (el > from_el ? 0x400 : 0x200));
  }
};

}  // namespace

TEST_CASE("system: decode of the system space", "[system]") {
  CHECK(decode(kNop) == InsnId::NOP);
  CHECK(decode(kHint127) == InsnId::HINT);
  CHECK(decode(0xD503207F) == InsnId::WFI);
  CHECK(decode(0xD503205F) == InsnId::WFE);
  CHECK(decode(kDcZvaX0) == InsnId::DC_ZVA);
  CHECK(decode(kAtS12e1rX0) == InsnId::AT_S12E1R);
  CHECK(decode(kTlbiAlle2) == InsnId::TLBI_ALLE2);
  CHECK(decode(kSysC7C0) == InsnId::SYS);
  CHECK(decode(0xD5287000) == InsnId::SYSL);  // sysl x0, #0, c7, c0, #0
  CHECK(decode(kDaifClr2) == InsnId::MSR_imm);
  CHECK(decode(mrs(0, kSCTLR_EL1)) == InsnId::MRS);
  CHECK(decode(msr(kSCTLR_EL1, 0)) == InsnId::MSR_reg);
  CHECK(decode(0xD69F03E0) == InsnId::ERET);
  CHECK(decode(0xD4A00001) == InsnId::kUnallocated);  // dcps1
  CHECK(decode(0xD6BF03E0) == InsnId::kUnallocated);  // drps
  CHECK(insn_name(InsnId::TLBI_VMALLS12E1IS) == "TLBI VMALLS12E1IS");
}

TEST_CASE("system: the register table", "[system]") {
  SECTION("names and keys are unique and lookups agree") {
    std::set<std::string_view> names;
    std::set<uint16_t> keys;
    for (const auto& r : sysreg_table()) {
      INFO(r.name);
      CHECK(names.insert(r.name).second);
      CHECK(keys.insert(r.key).second);
      CHECK(sysreg_lookup(r.key) == &r);
      CHECK(sysreg_find(r.name) == &r);
      CHECK(r.key >> 14 >= 2);
    }
  }
  SECTION("every register of SysRegs and the PSTATE views are covered") {
    for (const char* n : {"SCTLR_EL1",
                          "ACTLR_EL1",
                          "CPACR_EL1",
                          "TTBR0_EL1",
                          "TTBR1_EL1",
                          "TCR_EL1",
                          "ESR_EL1",
                          "FAR_EL1",
                          "AFSR0_EL1",
                          "AFSR1_EL1",
                          "PAR_EL1",
                          "MAIR_EL1",
                          "AMAIR_EL1",
                          "VBAR_EL1",
                          "CONTEXTIDR_EL1",
                          "TPIDR_EL1",
                          "TPIDR_EL0",
                          "TPIDRRO_EL0",
                          "ELR_EL1",
                          "SPSR_EL1",
                          "CSSELR_EL1",
                          "CNTKCTL_EL1",
                          "MDSCR_EL1",
                          "OSLSR_EL1",
                          "OSDLR_EL1",
                          "SCTLR_EL2",
                          "ACTLR_EL2",
                          "HCR_EL2",
                          "MDCR_EL2",
                          "CPTR_EL2",
                          "HSTR_EL2",
                          "HACR_EL2",
                          "TTBR0_EL2",
                          "TCR_EL2",
                          "VTTBR_EL2",
                          "VTCR_EL2",
                          "ESR_EL2",
                          "FAR_EL2",
                          "HPFAR_EL2",
                          "AFSR0_EL2",
                          "AFSR1_EL2",
                          "MAIR_EL2",
                          "AMAIR_EL2",
                          "VBAR_EL2",
                          "TPIDR_EL2",
                          "ELR_EL2",
                          "SPSR_EL2",
                          "VPIDR_EL2",
                          "VMPIDR_EL2",
                          "CNTHCTL_EL2",
                          "CNTVOFF_EL2",
                          "SPSR_abt",
                          "SPSR_und",
                          "SPSR_irq",
                          "SPSR_fiq",
                          "DACR32_EL2",
                          "IFSR32_EL2",
                          "FPEXC32_EL2",
                          "CNTFRQ_EL0",
                          "CNTP_CTL_EL0",
                          "CNTP_CVAL_EL0",
                          "CNTV_CTL_EL0",
                          "CNTV_CVAL_EL0",
                          "CNTHP_CTL_EL2",
                          "CNTHP_CVAL_EL2",
                          "MIDR_EL1",
                          "MPIDR_EL1",
                          "REVIDR_EL1",
                          "CTR_EL0",
                          "DCZID_EL0",
                          "CLIDR_EL1",
                          "AIDR_EL1",
                          "ID_AA64PFR0_EL1",
                          "ID_AA64PFR1_EL1",
                          "ID_AA64DFR0_EL1",
                          "ID_AA64DFR1_EL1",
                          "ID_AA64AFR0_EL1",
                          "ID_AA64AFR1_EL1",
                          "ID_AA64ISAR0_EL1",
                          "ID_AA64ISAR1_EL1",
                          "ID_AA64MMFR0_EL1",
                          "ID_AA64MMFR1_EL1",
                          "ID_AA64MMFR2_EL1",
                          "PMCR_EL0",
                          "PMUSERENR_EL0",
                          "PMCCFILTR_EL0",
                          "PMCNTENSET_EL0",
                          "PMCCNTR_EL0",
                          "NZCV",
                          "DAIF",
                          "SPSel",
                          "CurrentEL",
                          "FPCR",
                          "FPSR",
                          "SP_EL0",
                          "SP_EL1",
                          "CCSIDR_EL1",
                          "CNTPCT_EL0",
                          "CNTVCT_EL0",
                          "CNTP_TVAL_EL0",
                          "CNTV_TVAL_EL0",
                          "CNTHP_TVAL_EL2",
                          "OSLAR_EL1",
                          "ID_PFR0_EL1",
                          "ID_ISAR5_EL1",
                          "MVFR2_EL1",
                          "ISR_EL1"}) {
      INFO(n);
      CHECK(sysreg_find(n) != nullptr);
    }
  }
  SECTION("the unallocated ID space reads as zero, other unallocated keys are absent") {
    CHECK(sysreg_lookup(K(3, 0, 0, 3, 7)) != nullptr);
    CHECK(sysreg_lookup(K(3, 0, 0, 7, 7)) != nullptr);
    CHECK(sysreg_lookup(K(3, 0, 0, 0, 1)) == nullptr);
    CHECK(sysreg_lookup(K(3, 0, 15, 15, 7)) == nullptr);
    CHECK(sysreg_lookup(K(1, 0, 7, 5, 0)) == nullptr);
  }
}

TEST_CASE("system: MRS/MSR of plain and masked registers at EL2", "[system]") {
  Sys t;
  SECTION("round trip") {
    t.write(kTPIDR_EL2, 0x0123456789ABCDEFull);
    CHECK(t.cpu.sr().TPIDR_EL2 == 0x0123456789ABCDEFull);
    CHECK(t.read(kTPIDR_EL2) == 0x0123456789ABCDEFull);
  }
  SECTION("SCTLR_EL1: RES1 bits read as one, RES0 bits as zero") {
    t.write(kSCTLR_EL1, 0);
    CHECK(t.read(kSCTLR_EL1) == 0x30D00800);
    t.write(kSCTLR_EL1, ~0ull);
    CHECK(t.read(kSCTLR_EL1) == (0x30D00800 | 0x040DD3BF));
  }
  SECTION("TCR_EL2 RES1 bits 31 and 23") {
    t.write(kTCR_EL2, 0x10);
    CHECK(t.read(kTCR_EL2) == 0x80800010);
  }
  SECTION("VBAR_ELx bits 10:0 are RES0") {
    t.write(kVBAR_EL2, 0x40080FFF);
    CHECK(t.read(kVBAR_EL2) == 0x40080800);
    t.write(kVBAR_EL1, 0xFFFF0000000007FFull);
    CHECK(t.cpu.sr().VBAR_EL1 == 0xFFFF000000000000ull);
  }
  SECTION("HCR_EL2: RW is RAO/WI, bits 63:34 RES0") {
    t.write(kHCR_EL2, 0);
    CHECK(t.read(kHCR_EL2) == kHcrRW);
    t.write(kHCR_EL2, ~0ull);
    CHECK(t.read(kHCR_EL2) == 0x3FFFFFFFFull);
  }
  SECTION("CurrentEL") {
    CHECK(t.read(kCurrentEL) == 8);
    t.at_el(1);
    CHECK(t.read(kCurrentEL) == 4);
  }
  SECTION("NZCV round trip") {
    t.write(kNZCV, 0xA0000000ull | 0x0FFFFFFFull);
    CHECK(t.cpu.pstate().n == 1);
    CHECK(t.cpu.pstate().z == 0);
    CHECK(t.cpu.pstate().c == 1);
    CHECK(t.cpu.pstate().v == 0);
    CHECK(t.read(kNZCV) == 0xA0000000ull);
  }
  SECTION("FPCR keeps AHP/DN/FZ/RMode/Stride/Len only; FPSR its flags") {
    t.write(kFPCR, ~0ull);
    CHECK(t.read(kFPCR) == 0x07F70000);
    t.write(kFPSR, ~0ull);
    CHECK(t.read(kFPSR) == 0xF800009F);
  }
  SECTION("CCSIDR_EL1 follows CSSELR_EL1") {
    t.write(kCSSELR_EL1, 0);
    CHECK(t.read(kCCSIDR_EL1) == 0x701fe00a);
    t.write(kCSSELR_EL1, 1);
    CHECK(t.read(kCCSIDR_EL1) == 0x201fe012);
    t.write(kCSSELR_EL1, 2);
    CHECK(t.read(kCCSIDR_EL1) == 0x70ffe07a);
    t.write(kCSSELR_EL1, 0xFFF);
    CHECK(t.read(kCSSELR_EL1) == 0xF);
  }
  SECTION("identification") {
    CHECK(t.read(kMIDR_EL1) == 0x411FD070);
    CHECK(t.read(kID_AA64PFR0_EL1) == 0x111);
    CHECK(t.read(kID_PFR0_EL1) == 0);      // no AArch32
    CHECK(t.read(K(3, 0, 0, 3, 7)) == 0);  // reserved ID space
    CHECK(t.read(kDCZID_EL0) == 4);        // 64-byte blocks, DZP = 0
    CHECK(t.read(kCTR_EL0) == 0x8444C004);
  }
  SECTION("OS lock: OSLAR_EL1 sets OSLSR_EL1.OSLK") {
    CHECK(t.read(kOSLSR_EL1) == 0xA);
    t.write(kOSLAR_EL1, 0);
    CHECK(t.read(kOSLSR_EL1) == 0x8);
    t.write(kOSLAR_EL1, 1);
    CHECK(t.read(kOSLSR_EL1) == 0xA);
    t.exec(mrs(0, kOSLAR_EL1));  // write-only
    t.require_undefined(2, 2);
  }
  SECTION("MSR to a read-only register is UNDEFINED") {
    t.cpu.set_x(1, 0);
    t.exec(msr(kMIDR_EL1, 1));
    t.require_undefined(2, 2);
  }
  SECTION("CNTFRQ_EL0 is writable at EL2 (the highest EL) only") {
    t.write(kCNTFRQ_EL0, 1000000);
    CHECK(t.read(kCNTFRQ_EL0) == 1000000);
    t.at_el(1);
    t.cpu.set_x(1, 5);
    t.exec(msr(kCNTFRQ_EL0, 1));
    t.require_undefined(1, 1);
  }
  SECTION("PMCR_EL0: C resets the cycle counter, N reads MDCR_EL2.HPMN below EL2") {
    t.cpu.pmu().write_ccntr(t.cpu, 1234);
    t.write(kPMCR_EL0, 0x5);  // E | C
    CHECK(t.cpu.pmu().read_ccntr(t.cpu) == 0);
    CHECK(t.read(kPMCR_EL0) == 0x41013001);
    t.cpu.sr().MDCR_EL2 = 2;
    t.at_el(1);
    CHECK(t.read(kPMCR_EL0) == 0x41011001);
  }
}

TEST_CASE("system: unknown and higher-EL registers are UNDEFINED", "[system]") {
  Sys t;
  SECTION("an unallocated encoding at EL2") {
    t.exec(mrs(0, K(3, 0, 15, 15, 7)));
    t.require_undefined(2, 2);
  }
  SECTION("an EL2 register at EL1") {
    t.at_el(1);
    t.exec(mrs(0, kHCR_EL2));
    t.require_undefined(1, 1);
    CHECK(t.cpu.x(0) == 0);
  }
  SECTION("an EL1 register at EL0 goes to EL1") {
    t.at_el(0, false);
    t.exec(mrs(0, kSCTLR_EL1));
    t.require_undefined(1, 0);
  }
  SECTION("CurrentEL and ID registers at EL0") {
    t.at_el(0, false);
    t.exec(mrs(0, kCurrentEL));
    t.require_undefined(1, 0);
    t.at_el(0, false);
    t.exec(mrs(0, kID_AA64PFR0_EL1));
    t.require_undefined(1, 0);
  }
  SECTION("TPIDRRO_EL0 is read-only at EL0") {
    t.cpu.sr().TPIDRRO_EL0 = 77;
    t.at_el(0, false);
    CHECK(t.read(kTPIDRRO_EL0) == 77);
    t.exec(msr(kTPIDRRO_EL0, 1));
    t.require_undefined(1, 0);
  }
  SECTION("without EL2, UNDEFINED goes to EL1 and EL2 registers do not exist") {
    el2sim_test::TestCore c(false);
    c.cpu.sr().VBAR_EL1 = kVbar1;
    c.load({mrs(0, kHCR_EL2)});
    c.step();
    CHECK(c.cpu.el() == 1);
    CHECK(c.cpu.sr().ESR_EL1 == (1ull << 25));
    CHECK(c.cpu.pc() == kVbar1 + 0x200);
  }
}

TEST_CASE("system: PSTATE access (MSR immediate, SPSel, DAIF)", "[system]") {
  Sys t;
  SECTION("DAIFClr and DAIFSet") {
    t.exec_ok(kDaifClr2);
    CHECK(t.cpu.pstate().i == 0);
    CHECK(t.cpu.pstate().d == 1);
    CHECK(t.cpu.pstate().a == 1);
    CHECK(t.cpu.pstate().f == 1);
    CHECK(t.read(kDAIF) == 0x340);
    t.exec_ok(kDaifSetF);
    CHECK(t.read(kDAIF) == 0x3C0);
    t.write(kDAIF, 0x100);
    CHECK(t.cpu.pstate().a == 1);
    CHECK(t.cpu.pstate().i == 0);
    CHECK(t.read(kDAIF) == 0x100);
  }
  SECTION("DAIF at EL0 needs SCTLR_EL1.UMA, else traps to EL1 with the MSR-immediate ISS") {
    t.at_el(0, false);
    t.exec(kDaifClr2);
    // op0=0, op1=3, CRn=4, CRm=2, op2=7, Rt=31, write
    t.require_trap(1, esr_sysreg(0, 3, 4, 2, 7, 31, false), 0);
    t.at_el(0, false);
    t.exec(mrs(0, kDAIF));
    t.require_trap(1, esr_sysreg(3, 3, 4, 2, 1, 0, true), 0);
    t.cpu.sr().SCTLR_EL1 |= 1u << 9;  // UMA
    t.at_el(0, false);
    t.exec_ok(kDaifClr2);
    CHECK(t.cpu.pstate().i == 0);
  }
  SECTION("SPSel selects SP_EL0 or SP_ELx") {
    t.cpu.sp_el(0) = 0x1000;
    t.cpu.sp_el(2) = 0x2000;
    t.exec_ok(kSpSel0);
    CHECK(t.cpu.pstate().sp == 0);
    CHECK(t.cpu.sp() == 0x1000);
    CHECK(t.read(kSPSel) == 0);
    t.write(kSPSel, 1);
    CHECK(t.cpu.sp() == 0x2000);
  }
  SECTION("SP_EL0 is UNDEFINED while PSTATE.SP selects it") {
    t.cpu.sp_el(0) = 0x1230;
    CHECK(t.read(kSP_EL0) == 0x1230);
    t.write(kSP_EL0, 0x4560);
    CHECK(t.cpu.sp_el(0) == 0x4560);
    t.cpu.pstate().sp = 0;
    t.exec(mrs(0, kSP_EL0));
    CHECK(t.cpu.sr().ESR_EL2 == (1ull << 25));
    CHECK(t.cpu.pc() == kVbar2 + 0x000);  // taken at EL2t: the SP_EL0 offset
  }
  SECTION("SP_EL1 at EL2") {
    t.write(K(3, 4, 4, 1, 0), 0x8880);
    CHECK(t.cpu.sp_el(1) == 0x8880);
  }
  SECTION("SPSel at EL0 and PAN (ARMv8.1) are UNDEFINED") {
    t.exec(kMsrPan1);
    t.require_undefined(2, 2);
    t.at_el(0, false);
    t.exec(0xD50041BF);  // msr spsel, #1
    t.require_undefined(1, 0);
  }
}

TEST_CASE("system: HCR_EL2 identification and virtual-memory traps", "[system]") {
  Sys t;
  SECTION("TID3 traps an ID_AA64PFR0_EL1 read at EL1 with the exact ISS") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTID3;
    t.at_el(1);
    t.exec(mrs(3, kID_AA64PFR0_EL1));
    t.require_trap(2, 0x62300069, 1);
    CHECK(t.cpu.sr().ESR_EL2 == esr_sysreg(3, 0, 0, 4, 0, 3, true));
    t.at_el(1);
    t.exec(mrs(0, K(3, 0, 0, 2, 7)));  // reserved ID space: trapped as well
    t.require_trap(2, esr_sysreg(3, 0, 0, 2, 7, 0, true), 1);
  }
  SECTION("without TID3, the read completes at EL1") {
    t.at_el(1);
    CHECK(t.read(kID_AA64PFR0_EL1) == 0x111);
  }
  SECTION("TID2 traps CTR_EL0 and CSSELR_EL1; TID1 traps AIDR_EL1") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTID2 | hcr_el2::kTID1;
    t.at_el(1);
    t.exec(mrs(0, kCTR_EL0));
    t.require_trap(2, esr_sysreg(3, 3, 0, 0, 1, 0, true), 1);
    t.at_el(1);
    t.exec(msr(kCSSELR_EL1, 5));
    t.require_trap(2, esr_sysreg(3, 2, 0, 0, 0, 5, false), 1);
    t.at_el(1);
    t.exec(mrs(0, K(3, 1, 0, 0, 7)));
    t.require_trap(2, esr_sysreg(3, 1, 0, 0, 7, 0, true), 1);
  }
  SECTION("TVM traps writes, TRVM traps reads") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTVM;
    t.at_el(1);
    CHECK(t.read(kSCTLR_EL1) == 0x30D50838);
    t.exec(msr(kSCTLR_EL1, 1));
    t.require_trap(2, esr_sysreg(3, 0, 1, 0, 0, 1, false), 1);
    t.cpu.sr().HCR_EL2 = kHcrRW | hcr_el2::kTRVM;
    t.at_el(1);
    t.write(kTTBR0_EL1, 0x1000);
    t.exec(mrs(0, kTTBR0_EL1));
    t.require_trap(2, esr_sysreg(3, 0, 2, 0, 0, 0, true), 1);
  }
  SECTION("TACR traps ACTLR_EL1") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTACR;
    t.at_el(1);
    t.exec(mrs(0, kACTLR_EL1));
    t.require_trap(2, esr_sysreg(3, 0, 1, 0, 1, 0, true), 1);
  }
  SECTION("HCR_EL2 traps do not apply at EL2") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTVM | hcr_el2::kTRVM | hcr_el2::kTID3;
    t.write(kSCTLR_EL1, 1);
    CHECK(t.read(kID_AA64PFR0_EL1) == 0x111);
  }
  SECTION("VPIDR_EL2/VMPIDR_EL2 virtualize MIDR_EL1/MPIDR_EL1 at EL1") {
    t.write(kVPIDR_EL2, 0x410FD034);
    t.write(kVMPIDR_EL2, 0x3);
    CHECK(t.read(kVMPIDR_EL2) == 0x80000003);  // bit 31 RES1
    CHECK(t.read(kMIDR_EL1) == 0x411FD070);
    CHECK(t.read(kMPIDR_EL1) == 0x80000000);
    t.at_el(1);
    CHECK(t.read(kMIDR_EL1) == 0x410FD034);
    CHECK(t.read(kMPIDR_EL1) == 0x80000003);
  }
}

TEST_CASE("system: SIMD&FP access traps", "[system]") {
  Sys t;
  constexpr uint64_t kEsrFp = (0x07ull << 26) | (1ull << 25) | (1ull << 24) | (0xEull << 20);
  SECTION("CPACR_EL1.FPEN = 00 traps FPCR at EL1 to EL1") {
    t.at_el(1);
    t.exec(mrs(0, kFPCR));
    t.require_trap(1, kEsrFp, 1);
  }
  SECTION("FPEN = 01 traps EL0 only") {
    t.cpu.sr().CPACR_EL1 = 1u << 20;
    t.at_el(1);
    t.write(kFPSR, 0x8);
    t.at_el(0, false);
    t.exec(mrs(0, kFPSR));
    t.require_trap(1, kEsrFp, 0);
  }
  SECTION("FPEN = 00 at EL0 with HCR_EL2.TGE: EC 0x00 to EL2") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTGE;
    t.at_el(0, false);
    t.exec(mrs(0, kFPCR));
    t.require_trap(2, 1ull << 25, 0);
  }
  SECTION("CPTR_EL2.TFP traps EL1 (FPEN = 11) and EL2 to EL2") {
    t.cpu.sr().CPACR_EL1 = 3u << 20;
    t.cpu.sr().CPTR_EL2 |= 1u << 10;
    t.at_el(1);
    t.exec(mrs(0, kFPCR));
    t.require_trap(2, kEsrFp, 1);
    t.at_el(2);
    t.exec(msr(kFPSR, 0));
    t.require_trap(2, kEsrFp, 2);
  }
  SECTION("CPTR_EL2.TCPAC traps CPACR_EL1 at EL1") {
    t.cpu.sr().CPTR_EL2 |= 1ull << 31;
    t.write(K(3, 0, 1, 0, 2), 3u << 20);  // not at EL2
    t.at_el(1);
    t.exec(mrs(0, K(3, 0, 1, 0, 2)));
    t.require_trap(2, esr_sysreg(3, 0, 1, 0, 2, 0, true), 1);
  }
}

TEST_CASE("system: generic timer registers and their traps", "[system]") {
  Sys t;
  SECTION("CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2") {
    t.cpu.sr().CNTHCTL_EL2 = 3;
    t.cpu.sr().CNTVOFF_EL2 = 0;
    const uint64_t p0 = t.read(kCNTPCT_EL0);
    t.cpu.sr().CNTVOFF_EL2 = 2;
    const uint64_t v1 = t.read(kCNTVCT_EL0);
    // One instruction retired in between: the standalone counter counts them.
    CHECK(v1 == p0 + 1 - 2);
  }
  SECTION("TVAL and ISTATUS") {
    const uint64_t now = t.cpu.instructions_retired();
    t.write(kCNTV_TVAL_EL0, 100);  // CVAL = count when the MSR executes + 100
    CHECK(t.cpu.sr().CNTV_CVAL_EL0 == now + 100);
    CHECK(t.read(kCNTV_TVAL_EL0) == 99);  // one more instruction retired
    t.write(kCNTV_CTL_EL0, 0x7);          // ISTATUS is read-only
    CHECK(t.read(kCNTV_CTL_EL0) == 0x3);  // enabled, masked, not yet met
    t.write(kCNTV_CVAL_EL0, 0);
    CHECK(t.read(kCNTV_CTL_EL0) == 0x7);
    const uint64_t count = t.cpu.instructions_retired();  // the count the MRS sees
    CHECK(t.read(kCNTV_TVAL_EL0) == static_cast<uint32_t>(0 - count));
    t.write(kCNTV_CTL_EL0, 0x0);
    CHECK(t.read(kCNTV_CTL_EL0) == 0x0);  // disabled: ISTATUS clear
    t.write(kCNTV_TVAL_EL0, 0xFFFFFFFF);  // -1: already met
    t.write(kCNTV_CTL_EL0, 0x1);
    CHECK(t.read(kCNTV_CTL_EL0) == 0x5);
  }
  SECTION("at reset EL1 may use the physical counter and timer (CNTHCTL_EL2 = 3)") {
    CHECK(t.cpu.sr().CNTHCTL_EL2 == 3);
    t.at_el(1);
    t.read(kCNTPCT_EL0);
    t.read(kCNTP_CTL_EL0);
    CHECK(t.cpu.el() == 1);
  }
  SECTION("CNTHCTL_EL2.EL1PCTEN/EL1PCEN trap EL1 physical counter and timer") {
    t.cpu.sr().CNTHCTL_EL2 = 0;
    t.at_el(1);
    t.exec(mrs(0, kCNTPCT_EL0));
    t.require_trap(2, esr_sysreg(3, 3, 14, 0, 1, 0, true), 1);
    t.at_el(1);
    t.exec(mrs(0, kCNTP_CTL_EL0));
    t.require_trap(2, esr_sysreg(3, 3, 14, 2, 1, 0, true), 1);
    t.at_el(1);
    t.read(kCNTVCT_EL0);  // the virtual counter is not trapped
    t.cpu.sr().CNTHCTL_EL2 = 3;
    t.read(kCNTPCT_EL0);
    t.read(kCNTP_CTL_EL0);
  }
  SECTION("CNTKCTL_EL1 controls EL0, then CNTHCTL_EL2 applies") {
    t.cpu.sr().CNTHCTL_EL2 = 0;
    t.at_el(0, false);
    t.exec(mrs(0, kCNTVCT_EL0));
    t.require_trap(1, esr_sysreg(3, 3, 14, 0, 2, 0, true), 0);
    t.cpu.sr().CNTKCTL_EL1 = 0x3;  // EL0PCTEN, EL0VCTEN
    t.at_el(0, false);
    t.read(kCNTVCT_EL0);
    t.read(kCNTFRQ_EL0);
    t.exec(mrs(0, kCNTPCT_EL0));  // allowed by EL1, trapped by EL2
    t.require_trap(2, esr_sysreg(3, 3, 14, 0, 1, 0, true), 0);
    t.at_el(0, false);
    t.exec(mrs(0, kCNTV_CTL_EL0));  // EL0VTEN clear
    t.require_trap(1, esr_sysreg(3, 3, 14, 3, 1, 0, true), 0);
  }
}

TEST_CASE("system: EL0 controls of SCTLR_EL1", "[system]") {
  Sys t;
  SECTION("CTR_EL0 needs UCT") {
    t.at_el(0, false);
    t.exec(mrs(0, kCTR_EL0));
    t.require_trap(1, esr_sysreg(3, 3, 0, 0, 1, 0, true), 0);
    t.cpu.sr().SCTLR_EL1 |= sctlr_el1::kUCT;
    t.at_el(0, false);
    CHECK(t.read(kCTR_EL0) == 0x8444C004);
  }
  SECTION("with HCR_EL2.TGE the EL0 trap goes to EL2") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTGE;
    t.at_el(0, false);
    t.exec(mrs(0, kCTR_EL0));
    t.require_trap(2, esr_sysreg(3, 3, 0, 0, 1, 0, true), 0);
  }
  SECTION("DC ZVA at EL0 needs DZE; DCZID_EL0.DZP shows it") {
    t.at_el(0, false);
    CHECK(t.read(kDCZID_EL0) == 0x14);
    t.exec(kDcZvaX0);
    t.require_trap(1, esr_sysreg(1, 3, 7, 4, 1, 0, false), 0);
    CHECK(t.cpu.sr().ESR_EL1 == 0x6212DC08);
  }
  SECTION("DC CIVAC at EL0 needs UCI; HCR_EL2.TPC traps it") {
    t.cpu.set_x(0, el2sim_test::TestCore::kData);
    t.at_el(0, false);
    t.exec(kDcCivacX0);
    t.require_trap(1, esr_sysreg(1, 3, 7, 14, 1, 0, false), 0);
    t.cpu.sr().SCTLR_EL1 |= sctlr_el1::kUCI;
    t.at_el(0, false);
    t.exec_ok(kDcCivacX0);
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTPC;
    t.at_el(0, false);
    t.exec(kDcCivacX0);
    t.require_trap(2, esr_sysreg(1, 3, 7, 14, 1, 0, false), 0);
  }
}

TEST_CASE("system: DC ZVA, cache maintenance and AT", "[system]") {
  Sys t;
  constexpr uint64_t kData = el2sim_test::TestCore::kData;
  SECTION("DC ZVA zeroes the aligned 64-byte block holding Xt") {
    for (uint64_t a = kData; a < kData + 0x100; a += 8) t.write64(a, ~0ull);
    t.cpu.set_x(0, kData + 0x48);
    t.exec_ok(kDcZvaX0);
    for (uint64_t a = kData; a < kData + 0x100; a += 8) {
      INFO(std::hex << a);
      CHECK(t.read64(a) == (a >= kData + 0x40 && a < kData + 0x80 ? 0 : ~0ull));
    }
  }
  SECTION("DC ZVA through the host-pointer cache: the block, a lookup per 8 bytes") {
    // With the MMU on, the same TLB lookups as eight 8-byte stores: seven more than
    // STR XZR, [X0].
    t.el2_mmu_on();
    const uint64_t block = kData + 0x1040;
    const isa::Cpu::MemOp op;
    const auto hits_of = [&](uint32_t insn) {
      for (uint64_t a = block - 0x40; a < block + 0x80; a += 8) t.write64(a, ~0ull);
      REQUIRE(t.cpu.write(block, 8, ~0ull, op));  // the page in the write cache
      t.cpu.set_x(0, block + 8);
      const uint64_t before = t.cpu.tlb().stats().s1_hit;
      t.exec_ok(insn);
      return t.cpu.tlb().stats().s1_hit - before;
    };
    const uint64_t str = hits_of(0xF900001F);  // str xzr, [x0]
    const uint64_t zva = hits_of(kDcZvaX0);
    CHECK(str > 0);
    CHECK(zva == str + 7);
    for (uint64_t a = block - 0x40; a < block + 0x80; a += 8) {
      INFO(std::hex << a);
      CHECK(t.read64(a) == (a >= block && a < block + 0x40 ? 0 : ~0ull));
    }
  }
  SECTION("DC ZVA faults as a store; HCR_EL2.TDZ traps it from EL1") {
    t.cpu.set_x(0, 0x10);  // no memory there: synchronous external abort
    t.exec(kDcZvaX0);
    CHECK(t.cpu.sr().ESR_EL2 >> 26 == 0x25);
    CHECK((t.cpu.sr().ESR_EL2 & 0x7F) == 0x50);  // WnR, DFSC = external abort
    CHECK(t.cpu.sr().FAR_EL2 == 0);
    // A translation fault reports Xt, not the block's address (an external abort, above,
    // the store's).
    t.cpu.set_x(0, (1ull << 44) + 0x48);  // beyond the 44-bit PA: address size fault
    t.exec(kDcZvaX0);
    CHECK(t.cpu.sr().ESR_EL2 == ((0x25ull << 26) | (1ull << 25) | (1u << 6) | 0x00));
    CHECK(t.cpu.sr().FAR_EL2 == (1ull << 44) + 0x48);
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTDZ;
    t.at_el(1);
    t.exec(kDcZvaX0);
    t.require_trap(2, esr_sysreg(1, 3, 7, 4, 1, 0, false), 1);
  }
  SECTION("a faulting DC CIVAC reports CM = 1 and WnR = 1") {
    t.cpu.set_x(0, 1ull << 44);  // beyond the 44-bit PA: address size fault, level 0
    t.exec(kDcCivacX0);
    CHECK(t.cpu.sr().ESR_EL2 == ((0x25ull << 26) | (1ull << 25) | (1u << 8) | (1u << 6) | 0x00));
    CHECK(t.cpu.sr().FAR_EL2 == (1ull << 44));
  }
  SECTION("set/way and IC operations: UNDEFINED at EL0, TSW/TPU traps at EL1") {
    t.exec_ok(kDcIswX0);
    t.exec_ok(kIcIallu);
    t.at_el(0, false);
    t.exec(kDcIswX0);
    t.require_undefined(1, 0);
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTSW | hcr_el2::kTPU;
    t.at_el(1);
    t.exec(kDcIswX0);
    t.require_trap(2, esr_sysreg(1, 0, 7, 6, 2, 0, false), 1);
    t.at_el(1);
    t.exec(kIcIallu);
    t.require_trap(2, esr_sysreg(1, 0, 7, 5, 0, 31, false), 1);
  }
  SECTION("AT S1E1R with the MMU off: PA, Device-nGnRnE, Outer Shareable, NS") {
    t.cpu.set_x(0, 0x40001234);
    t.exec_ok(kAtS1e1rX0);
    CHECK(t.cpu.sr().PAR_EL1 == 0x40001B00);
    t.at_el(1);
    CHECK(t.read(kPAR_EL1) == 0x40001B00);
  }
  SECTION("AT S1E1R with HCR_EL2.DC: Normal Write-Back, Non-shareable") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kDC;
    t.cpu.set_x(0, 0x40001234);
    t.exec_ok(kAtS1e1rX0);
    CHECK(t.cpu.sr().PAR_EL1 == 0xFF00000040001A00ull);
  }
  SECTION("AT reports a fault in PAR_EL1 without taking it") {
    t.cpu.set_x(0, 1ull << 44);
    t.exec_ok(kAtS1e1rX0);
    CHECK(t.cpu.sr().PAR_EL1 == 0x801);  // F, FST = address size level 0, RES1
    t.exec_ok(kAtS12e1rX0);
    CHECK(t.cpu.sr().PAR_EL1 == 0x801);
  }
  SECTION("AT S1E2R and S12E1R are UNDEFINED at EL1") {
    t.at_el(1);
    t.exec(kAtS1e2rX0);
    t.require_undefined(1, 1);
    t.at_el(1);
    t.exec(kAtS12e1rX0);
    t.require_undefined(1, 1);
  }
}

TEST_CASE("system: TLBI and unallocated SYS", "[system]") {
  Sys t;
  t.exec_ok(kTlbiVmalle1);
  t.exec_ok(kTlbiAlle2);
  SECTION("TTLB traps EL1 TLBI to EL2") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTTLB;
    t.at_el(1);
    t.exec(kTlbiVmalle1);
    t.require_trap(2, esr_sysreg(1, 0, 8, 7, 0, 31, false), 1);
  }
  SECTION("EL2 TLBI at EL1 is UNDEFINED, even with TTLB") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTTLB;
    t.at_el(1);
    t.exec(kTlbiAlle2);
    t.require_undefined(1, 1);
  }
  SECTION("an unallocated SYS encoding is UNDEFINED") {
    t.exec(kSysC7C0);
    t.require_undefined(2, 2);
  }
}

TEST_CASE("system: hints, barriers and the event register", "[system]") {
  Sys t;
  for (uint32_t insn : {kNop, kYield, kHint127, kDsbSy, kDmbIsh, kIsb}) t.exec_ok(insn);
  SECTION("CLREX clears the exclusive monitor") {
    t.cpu.exclusive_mark(0x40100000, 8);
    t.exec_ok(kClrex);
    CHECK(!t.cpu.exclusive_check(0x40100000, 8));
  }
  SECTION("SEVL/SEV set the event register; WFE consumes it without waiting") {
    t.cpu.event_register = false;
    t.exec_ok(kSevl);
    CHECK(t.cpu.event_register);
    t.exec_ok(0xD503205F);  // wfe
    CHECK(!t.cpu.event_register);
    CHECK(t.hooks.waits == 0);
    t.exec_ok(kSev);
    CHECK(t.cpu.event_register);
  }
  SECTION("WFE without an event waits") {
    t.cpu.event_register = false;
    t.exec_ok(0xD503205F);
    CHECK(t.hooks.waits == 1);
    CHECK(t.cpu.stop_reason() == StopReason::Wfi);
  }
}
