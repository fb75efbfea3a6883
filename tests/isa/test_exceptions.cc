// Exception generation, entry and return: SVC/HVC/SMC/BRK/HLT syndromes, ELR/SPSR
// and vector offsets, ERET to EL1h/EL1t/EL0t, illegal exception returns, HCR_EL2.TGE
// routing, the WFI/WFE traps and virtual interrupts. Encodings from llvm-mc.
#include <catch2/catch.hpp>
#include <cstdint>

#include "isa/sysreg_table.h"
#include "tests/isa/test_support.h"

using namespace isa;

namespace {

constexpr uint32_t kSvc1234 = 0xD4024681;  // svc #0x1234
constexpr uint32_t kHvc42 = 0xD4000842;    // hvc #0x42
constexpr uint32_t kSmc7 = 0xD40000E3;     // smc #0x7
constexpr uint32_t kBrk3c = 0xD4200780;    // brk #0x3c
constexpr uint32_t kHltF000 = 0xD45E0000;  // hlt #0xf000
constexpr uint32_t kHlt1 = 0xD4400020;     // hlt #0x1
constexpr uint32_t kEret = 0xD69F03E0;     // eret
constexpr uint32_t kWfi = 0xD503207F;
constexpr uint32_t kWfe = 0xD503205F;
constexpr uint32_t kNop = 0xD503201F;
constexpr uint32_t kUdf = 0x00000000;       // udf #0
constexpr uint32_t kMsrHcrX1 = 0xD51C1101;  // msr hcr_el2, x1
constexpr uint32_t kMrsIsrX0 = 0xD538C100;  // mrs x0, isr_el1

constexpr uint64_t kVbar2 = 0x40080000;
constexpr uint64_t kVbar1 = 0x40090000;
constexpr uint64_t kCode = el2sim_test::TestCore::kCode;
constexpr uint64_t kTarget = kCode + 0x100;  // where exception returns land
constexpr uint64_t kRW = hcr_el2::kRW;

constexpr uint64_t esr(unsigned ec, uint32_t iss) {
  return (uint64_t{ec} << 26) | (1ull << 25) | iss;
}
constexpr uint32_t kWfxIss = (1u << 24) | (0xEu << 20);  // CV = 1, COND = AL

// SPSR M[3:0] values.
constexpr uint64_t kEL0t = 0x0, kEL1t = 0x4, kEL1h = 0x5, kEL2t = 0x8, kEL2h = 0x9;
constexpr uint64_t kDaifMasked = 0x3C0;

struct Exc : el2sim_test::TestCore {
  explicit Exc(bool has_el2 = true) : TestCore(has_el2) {
    cpu.sr().VBAR_EL2 = kVbar2;
    cpu.sr().VBAR_EL1 = kVbar1;
  }
  void at_el(unsigned el, bool spx = true) {
    cpu.pstate().el = static_cast<uint8_t>(el);
    cpu.pstate().sp = spx;
    cpu.invalidate_host_pages();
  }
  // Execute `insn` placed at `at`.
  void exec(uint32_t insn, uint64_t at = kCode) {
    load({insn}, at);
    cpu.set_pc(at);
    step();
  }
  // ERET from EL2 with SPSR_EL2 = spsr to kTarget, where `next` is placed.
  void eret_from_el2(uint64_t spsr, uint32_t next) {
    load({next}, kTarget);
    cpu.sr().SPSR_EL2 = spsr;
    cpu.sr().ELR_EL2 = kTarget;
    exec(kEret);
  }
};

}  // namespace

TEST_CASE("exceptions: SVC at EL2 is taken to EL2", "[exceptions]") {
  Exc t;
  SECTION("EL2h: offset 0x200, return to the next instruction") {
    t.cpu.set_nzcv(0x60000000);
    t.exec(kSvc1234);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pc() == kVbar2 + 0x200);
    CHECK(t.cpu.sr().ESR_EL2 == 0x56001234);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x15, 0x1234));
    CHECK(t.cpu.sr().ELR_EL2 == kCode + 4);
    CHECK(t.cpu.sr().SPSR_EL2 == (0x60000000 | kDaifMasked | kEL2h));
    CHECK(t.cpu.stats().sync_exceptions[0x15][2] == 1);
  }
  SECTION("EL2t: offset 0x000, then SP_EL2 is selected") {
    t.cpu.pstate().sp = 0;
    t.cpu.pstate().i = 0;
    t.exec(kSvc1234);
    CHECK(t.cpu.pc() == kVbar2 + 0x000);
    CHECK(t.cpu.sr().SPSR_EL2 == (0x340 | kEL2t));
    CHECK(t.cpu.pstate().sp == 1);
    CHECK(t.cpu.pstate().i == 1);
  }
}

TEST_CASE("exceptions: ERET from EL2 and back", "[exceptions]") {
  Exc t;
  SECTION("to EL1h, then SVC to EL1 at offset 0x200") {
    t.cpu.event_register = false;
    t.eret_from_el2(0xF0000000 | kEL1h, kSvc1234);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pstate().sp == 1);
    CHECK(t.cpu.pc() == kTarget);
    CHECK(t.cpu.nzcv() == 0xF0000000);
    CHECK(t.cpu.pstate().i == 0);
    CHECK(t.cpu.pstate().d == 0);
    CHECK(t.cpu.event_register);  // an exception return sets it
    t.step();
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pc() == kVbar1 + 0x200);
    CHECK(t.cpu.sr().ESR_EL1 == esr(0x15, 0x1234));
    CHECK(t.cpu.sr().ELR_EL1 == kTarget + 4);
    CHECK(t.cpu.sr().SPSR_EL1 == (0xF0000000 | kEL1h));
  }
  SECTION("to EL1t: SVC uses offset 0x000") {
    t.eret_from_el2(kEL1t, kSvc1234);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pstate().sp == 0);
    t.step();
    CHECK(t.cpu.pc() == kVbar1 + 0x000);
    CHECK(t.cpu.sr().SPSR_EL1 == kEL1t);
  }
  SECTION("to EL0t: SVC to EL1 at offset 0x400, ERET back to EL0") {
    t.eret_from_el2(kEL0t | 0x80, kSvc1234);
    CHECK(t.cpu.el() == 0);
    CHECK(t.cpu.pstate().i == 1);
    t.step();
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pc() == kVbar1 + 0x400);
    CHECK(t.cpu.sr().SPSR_EL1 == (0x80 | kEL0t));
    CHECK(t.cpu.sr().ELR_EL1 == kTarget + 4);
    // The EL1 handler returns to EL0.
    t.load({kNop}, kTarget + 4);
    t.exec(kEret, kVbar1 + 0x400);
    CHECK(t.cpu.el() == 0);
    CHECK(t.cpu.pc() == kTarget + 4);
    t.step();
    CHECK(t.cpu.pc() == kTarget + 8);
  }
  SECTION("EL1 to EL2 by HVC: offset 0x400, return to the next instruction") {
    t.eret_from_el2(kEL1h, kHvc42);
    t.step();
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pc() == kVbar2 + 0x400);
    CHECK(t.cpu.sr().ESR_EL2 == 0x5A000042);
    CHECK(t.cpu.sr().ELR_EL2 == kTarget + 4);
    CHECK(t.cpu.sr().SPSR_EL2 == kEL1h);
  }
  SECTION("ERET at EL0 is UNDEFINED") {
    t.at_el(0, false);
    t.exec(kEret);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.sr().ESR_EL1 == esr(0, 0));
    CHECK(t.cpu.pc() == kVbar1 + 0x400);
  }
}

TEST_CASE("exceptions: illegal exception return", "[exceptions]") {
  Exc t;
  SECTION("to EL2 from EL1: PSTATE.IL, then EC 0x0E at the return address") {
    t.at_el(1);
    t.load({kNop}, kTarget);
    t.cpu.sr().SPSR_EL1 = 0x40000000 | kEL2h;  // Z, DAIF clear
    t.cpu.sr().ELR_EL1 = kTarget;
    t.exec(kEret);
    CHECK(t.cpu.el() == 1);  // EL unchanged
    CHECK(t.cpu.pstate().il == 1);
    CHECK(t.cpu.pc() == kTarget);
    CHECK(t.cpu.nzcv() == 0x40000000);  // flags and DAIF still restored
    CHECK(t.cpu.pstate().i == 0);
    t.step();  // the instruction at kTarget is not executed
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pc() == kVbar1 + 0x200);
    CHECK(t.cpu.sr().ESR_EL1 == 0x3A000000);
    CHECK(t.cpu.sr().ESR_EL1 == esr(0x0E, 0));
    CHECK(t.cpu.sr().ELR_EL1 == kTarget);
    CHECK(t.cpu.sr().SPSR_EL1 == ((1u << 20) | 0x40000000 | kEL1h));
    CHECK(t.cpu.pstate().il == 0);
  }
  SECTION("M[4] = 1 (AArch32) from EL2") {
    t.eret_from_el2(0x10, kNop);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pstate().il == 1);
    t.step();
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x0E, 0));
    CHECK(t.cpu.pc() == kVbar2 + 0x200);
    CHECK(t.cpu.sr().SPSR_EL2 == ((1u << 20) | kEL2h));
  }
  SECTION("other illegal targets from EL2") {
    for (uint64_t spsr : {uint64_t{0x1} /* EL0 with SP_EL0 bit */, uint64_t{0x2} /* M[1] */,
                          uint64_t{0xD} /* EL3 */}) {
      INFO(spsr);
      t.at_el(2);
      t.cpu.pstate().il = 0;
      t.eret_from_el2(spsr | kDaifMasked, kNop);
      CHECK(t.cpu.el() == 2);
      CHECK(t.cpu.pstate().il == 1);
    }
  }
  SECTION("to EL1 with HCR_EL2.TGE set") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTGE;
    t.eret_from_el2(kEL1h, kNop);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pstate().il == 1);
  }
  SECTION("to EL2 from EL2 is legal (EL2h and EL2t)") {
    t.eret_from_el2(kEL2t, kNop);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pstate().sp == 0);
    CHECK(t.cpu.pstate().il == 0);
  }
}

TEST_CASE("exceptions: HCR_EL2.TGE routes EL0 exceptions to EL2", "[exceptions]") {
  Exc t;
  t.cpu.sr().HCR_EL2 |= hcr_el2::kTGE;
  SECTION("SVC") {
    t.eret_from_el2(kEL0t, kSvc1234);
    CHECK(t.cpu.el() == 0);
    t.step();
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pc() == kVbar2 + 0x400);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x15, 0x1234));
    CHECK(t.cpu.sr().ELR_EL2 == kTarget + 4);
    CHECK(t.cpu.sr().SPSR_EL2 == kEL0t);
    CHECK(t.cpu.sr().ESR_EL1 == 0);
  }
  SECTION("UNDEFINED") {
    t.at_el(0, false);
    t.exec(kUdf);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0, 0));
    CHECK(t.cpu.pc() == kVbar2 + 0x400);
  }
  SECTION("BRK") {
    t.at_el(0, false);
    t.exec(kBrk3c);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x3C, 0x3C));
  }
}

TEST_CASE("exceptions: HVC", "[exceptions]") {
  Exc t;
  SECTION("at EL2: EC 0x16 to EL2") {
    t.exec(kHvc42);
    CHECK(t.cpu.pc() == kVbar2 + 0x200);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x16, 0x42));
    CHECK(t.cpu.sr().ELR_EL2 == kCode + 4);
  }
  SECTION("served by the platform: no exception") {
    t.hooks.hvc_handled = true;
    t.at_el(1);
    t.exec(kHvc42);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pc() == kCode + 4);
  }
  SECTION("UNDEFINED at EL0, even when the platform would serve it") {
    t.hooks.hvc_handled = true;
    t.at_el(0, false);
    t.exec(kHvc42);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.sr().ESR_EL1 == esr(0, 0));
    CHECK(t.cpu.pc() == kVbar1 + 0x400);
  }
  SECTION("UNDEFINED with HCR_EL2.HCD") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kHCD;
    t.at_el(1);
    t.exec(kHvc42);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.sr().ESR_EL1 == esr(0, 0));
    CHECK(t.cpu.sr().ELR_EL1 == kCode);
    CHECK(t.cpu.pc() == kVbar1 + 0x200);
  }
  SECTION("UNDEFINED without EL2") {
    Exc c(false);
    c.exec(kHvc42);
    CHECK(c.cpu.el() == 1);
    CHECK(c.cpu.sr().ESR_EL1 == esr(0, 0));
  }
}

TEST_CASE("exceptions: SMC", "[exceptions]") {
  Exc t;
  SECTION("a PSCI-like call served by the platform completes without an exception") {
    t.hooks.smc_handled = true;
    t.exec(kSmc7);
    CHECK(t.cpu.pc() == kCode + 4);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.sr().ESR_EL2 == 0);
  }
  SECTION("not served: UNDEFINED, as EL3 is absent") {
    t.exec(kSmc7);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0, 0));
    CHECK(t.cpu.sr().ELR_EL2 == kCode);
    CHECK(t.cpu.pc() == kVbar2 + 0x200);
  }
  SECTION("HCR_EL2.TSC traps it from EL1, returning to the SMC itself") {
    t.hooks.smc_handled = true;
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTSC;
    t.at_el(1);
    t.exec(kSmc7);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pc() == kVbar2 + 0x400);
    CHECK(t.cpu.sr().ESR_EL2 == 0x5E000007);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x17, 7));
    CHECK(t.cpu.sr().ELR_EL2 == kCode);
  }
  SECTION("at EL1 without TSC the platform serves it") {
    t.hooks.smc_handled = true;
    t.at_el(1);
    t.exec(kSmc7);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pc() == kCode + 4);
  }
  SECTION("UNDEFINED at EL0") {
    t.hooks.smc_handled = true;
    t.at_el(0, false);
    t.exec(kSmc7);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.sr().ESR_EL1 == esr(0, 0));
  }
}

TEST_CASE("exceptions: BRK and HLT", "[exceptions]") {
  Exc t;
  SECTION("BRK at EL2 returns to itself") {
    t.exec(kBrk3c);
    CHECK(t.cpu.sr().ESR_EL2 == 0xF200003C);
    CHECK(t.cpu.sr().ELR_EL2 == kCode);
    CHECK(t.cpu.pc() == kVbar2 + 0x200);
  }
  SECTION("BRK at EL1 stays at EL1 unless MDCR_EL2.TDE") {
    t.at_el(1);
    t.exec(kBrk3c);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.sr().ESR_EL1 == esr(0x3C, 0x3C));
    t.cpu.sr().MDCR_EL2 |= 1u << 8;
    t.at_el(1);
    t.exec(kBrk3c);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pc() == kVbar2 + 0x400);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x3C, 0x3C));
  }
  SECTION("HLT is UNDEFINED unless a served semihosting call") {
    t.exec(kHlt1);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0, 0));
    t.cpu.sr().ESR_EL2 = 0;
    t.exec(kHltF000);  // RecordingHooks does not serve semihosting
    CHECK(t.cpu.sr().ESR_EL2 == esr(0, 0));
    CHECK(t.cpu.pc() == kVbar2 + 0x200);
  }
  SECTION("HLT #0xF000 served by the platform") {
    struct Semihost : isa::SystemHooks {
      bool semihosting_call(isa::Cpu& cpu) override {
        ++calls;
        return true;
      }
      int calls = 0;
    } hooks;
    el2sim_test::FlatBus bus(kCode, 1 << 20);
    isa::Cpu cpu(el2sim_test::TestCore::config(true), bus, hooks);
    cpu.reset(kCode);
    std::memcpy(bus.at(kCode), &kHltF000, 4);
    std::memcpy(bus.at(kCode + 4), &kHltF000, 4);
    cpu.run(1);
    CHECK(hooks.calls == 1);
    CHECK(cpu.pc() == kCode + 4);
    CpuConfig cfg = el2sim_test::TestCore::config(true);
    cfg.semihosting = false;
    isa::Cpu off(cfg, bus, hooks);
    off.reset(kCode);
    off.run(1);
    CHECK(hooks.calls == 1);
    CHECK(off.sr().ESR_EL2 == esr(0, 0));
  }
}

TEST_CASE("exceptions: WFI and WFE", "[exceptions]") {
  Exc t;
  SECTION("untrapped WFI asks the platform to wait and completes") {
    t.at_el(1);
    t.exec(kWfi);
    CHECK(t.hooks.waits == 1);
    CHECK(t.cpu.stop_reason() == StopReason::Wfi);
    CHECK(t.cpu.pc() == kCode + 4);
  }
  SECTION("HCR_EL2.TWI traps WFI from EL1: EC 0x01, TI = 0") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTWI;
    t.at_el(1);
    t.exec(kWfi);
    CHECK(t.hooks.waits == 0);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.sr().ESR_EL2 == 0x07E00000);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x01, kWfxIss));
    CHECK(t.cpu.sr().ELR_EL2 == kCode);
    CHECK(t.cpu.pc() == kVbar2 + 0x400);
  }
  SECTION("HCR_EL2.TWE traps WFE (TI = 1) unless the event register is set") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTWE;
    t.at_el(1);
    t.cpu.event_register = true;
    t.exec(kWfe);
    CHECK(t.cpu.pc() == kCode + 4);
    CHECK(!t.cpu.event_register);
    t.exec(kWfe);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x01, kWfxIss | 1));
  }
  SECTION("TWI does not apply at EL2") {
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTWI;
    t.exec(kWfi);
    CHECK(t.hooks.waits == 1);
  }
  SECTION("EL0: SCTLR_EL1.nTWI = 0 traps to EL1 before HCR_EL2.TWI") {
    t.cpu.sr().SCTLR_EL1 &= ~sctlr_el1::knTWI;
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTWI;
    t.at_el(0, false);
    t.exec(kWfi);
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.sr().ESR_EL1 == esr(0x01, kWfxIss));
    CHECK(t.cpu.pc() == kVbar1 + 0x400);
    t.cpu.sr().SCTLR_EL1 |= sctlr_el1::knTWI;
    t.at_el(0, false);
    t.exec(kWfi);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x01, kWfxIss));
  }
  SECTION("EL0 WFE with SCTLR_EL1.nTWE = 0 and TGE goes to EL2") {
    t.cpu.sr().SCTLR_EL1 &= ~sctlr_el1::knTWE;
    t.cpu.sr().HCR_EL2 |= hcr_el2::kTGE;
    t.cpu.event_register = false;
    t.at_el(0, false);
    t.exec(kWfe);
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.sr().ESR_EL2 == esr(0x01, kWfxIss | 1));
    CHECK(t.cpu.pc() == kVbar2 + 0x400);
  }
}

TEST_CASE("exceptions: virtual interrupts from HCR_EL2", "[exceptions]") {
  Exc t;
  SECTION("HCR_EL2.VI with IMO: a virtual IRQ at EL1h, offset 0x280") {
    t.cpu.set_x(1, kRW | hcr_el2::kIMO | hcr_el2::kVI);
    t.exec(kMsrHcrX1);  // not taken at EL2
    CHECK(t.cpu.pc() == kCode + 4);
    CHECK(t.cpu.el() == 2);
    t.eret_from_el2(kEL1h, kNop);  // I unmasked at EL1
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pc() == kTarget);
    t.step();
    CHECK(t.cpu.el() == 1);
    CHECK(t.cpu.pc() == kVbar1 + 0x280);
    CHECK(t.cpu.sr().ELR_EL1 == kTarget);
    CHECK(t.cpu.sr().SPSR_EL1 == kEL1h);
    CHECK(t.cpu.pstate().i == 1);
    CHECK(t.cpu.sr().ESR_EL1 == 0);  // an IRQ does not write ESR
    CHECK(t.cpu.stats().async_exceptions[0][1] == 1);
  }
  SECTION("from EL1t the offset is 0x080") {
    t.cpu.sr().HCR_EL2 = kRW | hcr_el2::kIMO | hcr_el2::kVI;
    t.eret_from_el2(kEL1t, kNop);
    t.step();
    CHECK(t.cpu.pc() == kVbar1 + 0x080);
  }
  SECTION("masked by PSTATE.I; ISR_EL1 shows it at EL1") {
    t.cpu.sr().HCR_EL2 = kRW | hcr_el2::kIMO | hcr_el2::kVI;
    t.eret_from_el2(0x80 | kEL1h, kMrsIsrX0);
    t.step();
    CHECK(t.cpu.pc() == kTarget + 4);
    CHECK(t.cpu.x(0) == 0x80);
  }
  SECTION("without IMO the VI bit has no effect") {
    t.cpu.sr().HCR_EL2 = kRW | hcr_el2::kVI;
    t.eret_from_el2(kEL1h, kNop);
    t.step();
    CHECK(t.cpu.pc() == kTarget + 4);
  }
  SECTION("a physical IRQ routed by IMO goes to EL2 even with PSTATE.I set") {
    t.cpu.sr().HCR_EL2 = kRW | hcr_el2::kIMO;
    t.eret_from_el2(0x3C0 | kEL1h, kNop);
    t.cpu.set_irq_line(true);
    t.step();
    CHECK(t.cpu.el() == 2);
    CHECK(t.cpu.pc() == kVbar2 + 0x480);
    CHECK(t.cpu.sr().ELR_EL2 == kTarget);
  }
}
