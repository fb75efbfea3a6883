// Exception entry, routing and return (Arm ARM D1.10-D1.11, AArch64.TakeException,
// AArch64.ExceptionReturn), reset, and the common raises.
#include <cstring>

#include "isa/bits.h"
#include "isa/cpu.h"

namespace isa {

namespace {

constexpr uint64_t kHcrFMO = 1ull << 3;
constexpr uint64_t kHcrIMO = 1ull << 4;
constexpr uint64_t kHcrAMO = 1ull << 5;
constexpr uint64_t kHcrVF = 1ull << 6;
constexpr uint64_t kHcrVI = 1ull << 7;
constexpr uint64_t kHcrVSE = 1ull << 8;
constexpr uint64_t kHcrTGE = 1ull << 27;
constexpr uint64_t kHcrRW = 1ull << 31;

uint64_t vbar(const SysRegs& sr, int el) { return el == 2 ? sr.VBAR_EL2 : sr.VBAR_EL1; }

}  // namespace

const char* ec_name(Ec ec) {
  switch (ec) {
    case Ec::Unknown:
      return "Unknown";
    case Ec::WFx:
      return "WFx";
    case Ec::FPAccess:
      return "FPAccess";
    case Ec::IllegalState:
      return "IllegalState";
    case Ec::SVC64:
      return "SVC64";
    case Ec::HVC64:
      return "HVC64";
    case Ec::SMC64:
      return "SMC64";
    case Ec::SysReg64:
      return "SysReg64";
    case Ec::InsnAbortLower:
      return "InsnAbortLower";
    case Ec::InsnAbortSame:
      return "InsnAbortSame";
    case Ec::PCAlign:
      return "PCAlign";
    case Ec::DataAbortLower:
      return "DataAbortLower";
    case Ec::DataAbortSame:
      return "DataAbortSame";
    case Ec::SPAlign:
      return "SPAlign";
    case Ec::FPExc64:
      return "FPExc64";
    case Ec::SError:
      return "SError";
    case Ec::BreakpointLower:
      return "BreakpointLower";
    case Ec::BreakpointSame:
      return "BreakpointSame";
    case Ec::SoftStepLower:
      return "SoftStepLower";
    case Ec::SoftStepSame:
      return "SoftStepSame";
    case Ec::WatchpointLower:
      return "WatchpointLower";
    case Ec::WatchpointSame:
      return "WatchpointSame";
    case Ec::BRK64:
      return "BRK64";
  }
  return "Reserved";
}

void Cpu::reset(uint64_t entry) {
  x_.fill(0);
  sp_el_.fill(0);
  for (auto& v : v_) v = {0, 0};
  fpcr = 0;
  fpsr = 0;
  pstate_ = Pstate{};
  pstate_.el = cfg_.has_el2 ? 2 : 1;
  pstate_.sp = 1;
  pc_ = entry;
  next_pc_ = entry;
  exc_pending_ = false;
  debug_halt_ = false;
  excl_valid_ = false;
  event_register = false;
  streams_ = {};  // CNTKCTL_EL1 and CNTHCTL_EL2 reset with the streams off
  stop_ = StopReason::None;

  sr_ = SysRegs{};
  // RES1 bits and the Cortex-A57 reset values (Cortex-A57 TRM, 4.3): SCTLR_EL1 with
  // SA, SA0, CP15BEN, nTWI and nTWE set (0x00C50838, as QEMU's cortex-a57).
  sr_.SCTLR_EL1 = 0x0000000030D50838ull;
  sr_.SCTLR_EL2 = 0x0000000030C50830ull;
  sr_.HCR_EL2 = kHcrRW;   // RAO/WI: EL1 is AArch64-only
  sr_.CPTR_EL2 = 0x33FF;  // RES1 bits
  sr_.OSLSR_EL1 = 0xA;    // OSLM = 0b10, OSLK = 1
  sr_.MDCR_EL2 = 0;       // HPMN set below
  sr_.CNTFRQ_EL0 = cfg_.cntfrq;
  // EL1PCEN and EL1PCTEN reset to UNKNOWN values; set, as EL3 firmware leaves them
  // for an EL2 it starts and as QEMU boots a kernel at EL2: EL1 and EL0 may use the
  // physical timer and counter until the hypervisor says otherwise.
  sr_.CNTHCTL_EL2 = 3;
  sr_.MIDR_EL1 = 0x411FD070ull;  // Arm Cortex-A57 r1p0
  sr_.VPIDR_EL2 = sr_.MIDR_EL1;
  sr_.MPIDR_EL1 = 0x80000000ull | cfg_.index;
  sr_.VMPIDR_EL2 = sr_.MPIDR_EL1;
  sr_.CTR_EL0 = 0x8444C004ull;
  sr_.DCZID_EL0 = 0x4;  // DC ZVA block: 2^4 words = 64 bytes
  sr_.CLIDR_EL1 = 0x0A200023ull;
  // EL0, EL1 and EL2 AArch64-only, no EL3; FP and AdvSIMD implemented; GICv2
  // (no system-register interface).
  sr_.ID_AA64PFR0_EL1 = cfg_.has_el2 ? 0x111 : 0x011;
  sr_.ID_AA64DFR0_EL1 = 0x10305106ull;
  sr_.ID_AA64ISAR0_EL1 = 0x0000000000011120ull;  // CRC32, SHA2, SHA1, AES with PMULL
  // PARange from the configuration, 16-bit ASIDs, little-endian only, 4K and 64K
  // granules.
  const unsigned parange = cfg_.pa_bits >= 48   ? 5
                           : cfg_.pa_bits >= 44 ? 4
                           : cfg_.pa_bits >= 42 ? 3
                           : cfg_.pa_bits >= 40 ? 2
                           : cfg_.pa_bits >= 36 ? 1
                                                : 0;
  sr_.ID_AA64MMFR0_EL1 = 0x20ull | parange;
  sr_.MDCR_EL2 = Pmu::kCounters;  // HPMN = PMCR_EL0.N
  const bool pmu_irq = pmu_.irq();
  pmu_.reset();
  if (pmu_irq) hooks_.pmu_irq_changed(*this, false);
  // TLB contents are UNKNOWN after reset: start empty.
  tlb_.reset();
  invalidate_host_pages();
  update_interrupt_pending();
}

int Cpu::route_sync_target() const {
  const unsigned el = pstate_.el;
  if (el == 0) return (cfg_.has_el2 && (sr_.HCR_EL2 & kHcrTGE)) ? 2 : 1;
  return static_cast<int>(el);
}

bool Cpu::undefined() {
  Exception e;
  e.ec = Ec::Unknown;
  e.iss = 0;
  e.return_address = pc_;
  e.target_el = route_sync_target();
  return raise(e);
}

bool Cpu::trap_sysreg(uint32_t insn, int target_el) {
  Exception e;
  e.ec = Ec::SysReg64;
  const uint32_t op0 = bits(insn, 20, 19);  // 0 for MSR (immediate), 1 for SYS
  e.iss = (op0 << 20) | (bits(insn, 7, 5) << 17) | (bits(insn, 18, 16) << 14) |
          (bits(insn, 15, 12) << 10) | (bits(insn, 4, 0) << 5) | (bits(insn, 11, 8) << 1) |
          bit(insn, 21);
  e.return_address = pc_;
  e.target_el = target_el;
  return raise(e);
}

bool Cpu::check_fp_enabled_slow() {
  const unsigned el = pstate_.el;
  Exception e;
  e.ec = Ec::FPAccess;
  e.iss = (1u << 24) | (0xEu << 20);  // CV = 1, COND = AL, as for an AArch64 trap
  e.return_address = pc_;
  if (el <= 1) {
    const uint64_t fpen = (sr_.CPACR_EL1 >> 20) & 3;
    const bool trapped = fpen == 0 || fpen == 2 || (fpen == 1 && el == 0);
    if (trapped) {
      // AArch64.AdvSIMDFPAccessTrap(EL1): without VHE, CPACR_EL1 still applies at
      // EL0 when HCR_EL2.TGE is set, and the trap is then routed to EL2 as an
      // exception with an unknown reason (EC 0x00).
      if (el == 0 && cfg_.has_el2 && (sr_.HCR_EL2 & kHcrTGE)) {
        e.ec = Ec::Unknown;
        e.iss = 0;
        e.target_el = 2;
      } else {
        e.target_el = 1;
      }
      return raise(e);
    }
  }
  if (cfg_.has_el2 && (sr_.CPTR_EL2 & (1u << 10))) {  // CPTR_EL2.TFP
    e.target_el = 2;
    return raise(e);
  }
  return true;
}

uint32_t pack_spsr(const Pstate& p) {
  return (uint32_t{p.n} << 31) | (uint32_t{p.z} << 30) | (uint32_t{p.c} << 29) |
         (uint32_t{p.v} << 28) | (uint32_t{p.ss} << 21) | (uint32_t{p.il} << 20) |
         (uint32_t{p.d} << 9) | (uint32_t{p.a} << 8) | (uint32_t{p.i} << 7) | (uint32_t{p.f} << 6) |
         (uint32_t{p.el} << 2) | uint32_t{p.sp};
}

void Cpu::take_exception(const Exception& e) {
  const unsigned from_el = pstate_.el;
  int target = e.target_el;
  if (target == kRoute) target = route_sync_target();
  if (target < static_cast<int>(from_el)) target = static_cast<int>(from_el);

  uint64_t offset = 0;
  if (static_cast<unsigned>(target) > from_el)
    offset = 0x400;  // lower EL using AArch64
  else if (pstate_.sp)
    offset = 0x200;  // current EL with SP_ELx
  switch (e.type) {
    case ExceptionType::Sync:
      break;
    case ExceptionType::Irq:
      offset += 0x80;
      break;
    case ExceptionType::Fiq:
      offset += 0x100;
      break;
    case ExceptionType::SError:
      offset += 0x180;
      break;
  }

  const uint64_t spsr = pack_spsr(pstate_);
  const bool writes_esr = e.type == ExceptionType::Sync || e.type == ExceptionType::SError;
  const uint64_t esr =
      (uint64_t{static_cast<uint8_t>(e.ec)} << 26) | (uint64_t{e.il} << 25) | (e.iss & 0x1FFFFFF);
  if (target == 2) {
    sr_.SPSR_EL2 = spsr;
    sr_.ELR_EL2 = e.return_address;
    if (writes_esr) sr_.ESR_EL2 = esr;
    if (e.far_valid) sr_.FAR_EL2 = e.far;
    if (e.ipa_valid) sr_.HPFAR_EL2 = ((e.ipa >> 12) & ((1ull << 40) - 1)) << 4;
  } else {
    sr_.SPSR_EL1 = spsr;
    sr_.ELR_EL1 = e.return_address;
    if (writes_esr) sr_.ESR_EL1 = esr;
    if (e.far_valid) sr_.FAR_EL1 = e.far;
  }

  ++stats_.exceptions;
  if (e.type == ExceptionType::Sync) {
    ++stats_.sync_exceptions[static_cast<uint8_t>(e.ec) & 63][target];
  } else {
    ++stats_.async_exceptions[static_cast<unsigned>(e.type) - 1][target];
  }

  // The PMU counts the exception (EXC_TAKEN) at the EL it is taken from.
  const bool pmu = pmu_.enabled();
  if (pmu) [[unlikely]]
    pmu_.before_el_change(*this, 0);
  pstate_.el = static_cast<uint8_t>(target);
  pstate_.sp = 1;
  pstate_.d = pstate_.a = pstate_.i = pstate_.f = 1;
  pstate_.il = 0;
  pstate_.ss = 0;
  const uint64_t vector = vbar(sr_, target) + offset;
  if (tracer_) tracer_->on_exception(*this, e, from_el, static_cast<unsigned>(target), vector);
  pc_ = vector;
  next_pc_ = vector;
  if (pmu) [[unlikely]]
    pmu_.after_el_change(*this, 0);
  update_interrupt_pending();
}

void Cpu::exception_return() {
  const unsigned from_el = pstate_.el;
  const uint64_t spsr = from_el == 2 ? sr_.SPSR_EL2 : sr_.SPSR_EL1;
  const uint64_t elr = from_el == 2 ? sr_.ELR_EL2 : sr_.ELR_EL1;

  // Illegal exception return checks (Arm ARM D1.11.2).
  const unsigned m = spsr & 0x1F;
  const unsigned target = (m >> 2) & 3;
  bool illegal = false;
  if (m & 0x10) illegal = true;          // AArch32: not implemented
  if (m & 0x2) illegal = true;           // M[1] reserved
  if (target > from_el) illegal = true;  // to a higher EL
  if (target == 3) illegal = true;       // EL3 not implemented
  if (target == 2 && !cfg_.has_el2) illegal = true;
  if (target == 1 && cfg_.has_el2 && (sr_.HCR_EL2 & kHcrTGE)) illegal = true;
  if (target == 0 && (m & 1)) illegal = true;  // EL0 has no SP_ELx (M = 0b00001)

  // The ERET retires, and counts for the PMU (EXC_RETURN, INST_RETIRED), at this EL.
  ++stats_.exception_returns;
  const bool pmu = pmu_.enabled();
  if (pmu) [[unlikely]]
    pmu_.before_el_change(*this, 1);
  unpack_flags_and_masks(pstate_, spsr);
  pstate_.ss = (spsr >> 21) & 1;
  if (illegal) {
    pstate_.il = 1;  // EL and SPSel unchanged; the next instruction faults
  } else {
    pstate_.il = (spsr >> 20) & 1;
    pstate_.el = static_cast<uint8_t>(target);
    pstate_.sp = m & 1;
  }
  exclusive_clear();
  event_register = true;  // an exception return sets the Event Register
  branch_to(elr);
  if (pmu) [[unlikely]]
    pmu_.after_el_change(*this, 1);
  update_interrupt_pending();
}

// ---------------------------------------------------------------------------
// Asynchronous exceptions and the illegal-execution-state check

bool Cpu::wakeup_pending() const {
  if (irq_line_ || fiq_line_) return true;
  const uint64_t hcr = cfg_.has_el2 ? sr_.HCR_EL2 : 0;
  if (pstate_.el > 1 || (hcr & kHcrTGE)) return false;
  const bool vi = (hcr & kHcrVI) || virq_line_, vf = (hcr & kHcrVF) || vfiq_line_;
  return (vi && (hcr & kHcrIMO)) || (vf && (hcr & kHcrFMO)) || ((hcr & kHcrVSE) && (hcr & kHcrAMO));
}

void Cpu::update_interrupt_pending() {
  const uint64_t hcr = cfg_.has_el2 ? sr_.HCR_EL2 : 0;
  async_pending_ = irq_line_ || fiq_line_ || virq_line_ || vfiq_line_ ||
                   (hcr & (kHcrVI | kHcrVF | kHcrVSE)) || pstate_.il;
  if (async_pending_) end_run();  // looked at before the next instruction
}

bool Cpu::check_async() {
  const unsigned el = pstate_.el;
  if (pstate_.il) {  // PSTATE.IL: the instruction at PC is not executed
    Exception e;
    e.ec = Ec::IllegalState;
    e.return_address = pc_;
    e.target_el = route_sync_target();
    take_exception(e);
    return true;
  }
  const uint64_t hcr = cfg_.has_el2 ? sr_.HCR_EL2 : 0;
  const bool tge = hcr & kHcrTGE;
  // Physical interrupts: routed to EL2 by HCR_EL2.{FMO,IMO} or TGE; an interrupt
  // routed to a higher EL is taken regardless of PSTATE masks, one routed to a lower
  // EL than the current one is not taken (Arm ARM D1.13).
  auto take_physical = [&](bool line, uint64_t route_bit, uint8_t mask, ExceptionType type) {
    if (!line) return false;
    const unsigned target = (hcr & route_bit) || tge ? 2u : 1u;
    if (target < el) return false;
    if (target == el && mask) return false;
    Exception e;
    e.type = type;
    e.return_address = pc_;
    e.target_el = static_cast<int>(target);
    take_exception(e);
    return true;
  };
  if (take_physical(fiq_line_, kHcrFMO, pstate_.f, ExceptionType::Fiq)) return true;
  if (take_physical(irq_line_, kHcrIMO, pstate_.i, ExceptionType::Irq)) return true;
  // Virtual interrupts from HCR_EL2.{VSE,VF,VI}: only at EL0/EL1 with the matching
  // {AMO,FMO,IMO} routing set and TGE clear, masked by PSTATE.
  if (el <= 1 && !tge) {
    auto take_virtual = [&](uint64_t pend, uint64_t route, uint8_t mask, ExceptionType type) {
      const bool line = (pend == kHcrVI && virq_line_) || (pend == kHcrVF && vfiq_line_);
      if (!((hcr & pend) || line) || !(hcr & route) || mask) return false;
      Exception e;
      e.type = type;
      e.return_address = pc_;
      e.target_el = 1;
      if (type == ExceptionType::SError) {
        e.ec = Ec::SError;
        e.iss = 0;
      }
      take_exception(e);
      return true;
    };
    if (take_virtual(kHcrVSE, kHcrAMO, pstate_.a, ExceptionType::SError)) {
      sr_.HCR_EL2 &= ~kHcrVSE;  // a virtual SError is consumed when taken
      update_interrupt_pending();
      return true;
    }
    if (take_virtual(kHcrVF, kHcrFMO, pstate_.f, ExceptionType::Fiq)) return true;
    if (take_virtual(kHcrVI, kHcrIMO, pstate_.i, ExceptionType::Irq)) return true;
  }
  return false;
}

}  // namespace isa
