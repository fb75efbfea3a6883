// System-space bodies (Arm ARM C6.2; the system instructions of C5.3-C5.5): hints,
// barriers, PSTATE access, MRS/MSR, DC/IC/AT/TLBI, exception generation and ERET.
// Each body checks UNDEFINED first, then the traps in the Arm ARM's priority order
// (the EL1 controls of EL0, then HCR_EL2), then acts.
#include <cstring>

#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/sysreg_table.h"
#include "mmu/mmu.h"
#include "mmu/tlb.h"

namespace isa {

namespace {

unsigned rt_of(uint32_t insn) { return bits(insn, 4, 0); }

// An exception whose preferred return address is this instruction (or the next).
Exception sync_exception(const Cpu& cpu, Ec ec, uint32_t iss, int target_el, bool return_to_next) {
  Exception e;
  e.ec = ec;
  e.iss = iss;
  e.target_el = target_el;
  e.return_address = cpu.pc() + (return_to_next ? 4 : 0);
  return e;
}

// A trap that EL1 controls for an EL0 access: to EL1, or to EL2 with HCR_EL2.TGE.
bool trap_el0_to_el1(Cpu& cpu, uint32_t insn) {
  return cpu.trap_sysreg(insn, cpu.route_sync_target());
}

// EL0/EL1 execution with an HCR_EL2 trap bit set.
bool hcr_traps(const Cpu& cpu, uint64_t bit) {
  return cpu.el() <= 1 && (effective_hcr(cpu) & bit) != 0;
}

// ---------------------------------------------------------------------------
// WFI/WFE: AArch64.CheckForWFxTrap for EL1 (SCTLR_EL1.nTWx, EL0 only) then EL2
// (HCR_EL2.TWx). ISS: CV = 1, COND = 0b1110, TI = 1 for WFE.

bool wfx_trapped(Cpu& cpu, bool wfe) {
  const uint32_t iss = (1u << 24) | (0xEu << 20) | (wfe ? 1u : 0u);
  const uint64_t ntwx = wfe ? sctlr_el1::knTWE : sctlr_el1::knTWI;
  if (cpu.el() == 0 && !(cpu.sr().SCTLR_EL1 & ntwx)) {
    cpu.raise(sync_exception(cpu, Ec::WFx, iss, cpu.route_sync_target(), false));
    return true;
  }
  if (hcr_traps(cpu, wfe ? hcr_el2::kTWE : hcr_el2::kTWI)) {
    cpu.raise(sync_exception(cpu, Ec::WFx, iss, 2, false));
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Cache maintenance

// A data or unified cache operation by VA: translated like a load (DC IVAC like a
// store) so that it faults as the architecture requires (ESR ISS.CM = 1); caches are
// not modelled, so it has no other effect.
void cache_by_va(Cpu& cpu, uint32_t insn, bool needs_write) {
  Cpu::MemOp op;
  op.cache_maint = true;
  uint64_t pa;
  cpu.translate_data(cpu.x(rt_of(insn)),
                     needs_write ? mmu::AccessType::Write : mmu::AccessType::Read, 1, op, pa);
}

// DC CVAC/CIVAC (PoC) and DC CVAU/IC IVAU (PoU) at EL0 need SCTLR_EL1.UCI; at EL0/EL1
// they are trapped by HCR_EL2.TPC (PoC) or HCR_EL2.TPU (PoU).
bool el0_cache_op_allowed(Cpu& cpu, uint32_t insn, uint64_t hcr_trap) {
  if (cpu.el() == 0 && !(cpu.sr().SCTLR_EL1 & sctlr_el1::kUCI)) return trap_el0_to_el1(cpu, insn);
  if (hcr_traps(cpu, hcr_trap)) return cpu.trap_sysreg(insn, 2);
  return true;
}

// Operations that EL0 cannot execute (UNDEFINED there), trapped by an HCR_EL2 bit.
bool el1_op_allowed(Cpu& cpu, uint32_t insn, uint64_t hcr_trap) {
  if (cpu.el() == 0) return cpu.undefined();
  if (hcr_traps(cpu, hcr_trap)) return cpu.trap_sysreg(insn, 2);
  return true;
}

// ---------------------------------------------------------------------------
// Address translation (AT): PAR_EL1 from a translation without memory access.

enum class AtStage : uint8_t { S1E1, S1E0, S1E2, S12E1, S12E0 };

// PAR_EL1 for a completed translation (Arm ARM, PAR_EL1 with F == 0): PA[47:12],
// ATTR in MAIR encoding (stage 1 combined with stage 2), SH, NS (1: this PE only has
// the Non-secure state), bit 11 RES1. Device and Normal Non-cacheable memory report
// Outer Shareable. With stage 1 off, Device is Device-nGnRnE and Normal (HCR_EL2.DC)
// Write-Back Non-shareable, as AArch64.TranslateAddressS1Off gives them.
uint64_t par_success(const mmu::Translation& t, const mmu::Mapping& m) {
  const uint64_t attr = m.attr;
  const uint64_t sh = (t.mem == mmu::MemType::Device || m.attr == 0x44) ? 2 : m.sh;
  return (attr << 56) | (t.pa & 0x0000FFFFFFFFF000ull) | (1ull << 11) | (1ull << 9) | (sh << 7);
}

// PAR_EL1 with F == 1: FST, PTW (stage-2 fault on a stage-1 walk), S (stage 2).
uint64_t par_fault(const mmu::Fault& f) {
  return 1 | (uint64_t{fault_status_code(f)} << 1) | (uint64_t{f.s1ptw} << 8) |
         (uint64_t{f.stage2} << 9) | (1ull << 11);
}

// AT (Arm ARM C5.5, AArch64.AT): a translation without memory access, walked from
// the tables (not looked up in the TLBs), its result or fault in PAR_EL1. A stage-2
// fault on the stage-1 walk of AT S1E0*/S1E1* executed at EL1 is taken to EL2 as a
// data abort (S1PTW, CM and WnR set); at EL2 every fault goes to PAR_EL1.
void at_op(Cpu& cpu, uint32_t insn, AtStage stage, bool write) {
  const bool el2_only = stage != AtStage::S1E1 && stage != AtStage::S1E0;
  if (cpu.el() < (el2_only ? 2u : 1u)) return (void)cpu.undefined();
  mmu::TranslationRegs regs;
  if (stage == AtStage::S1E2) {
    regs = cpu.translation_regs(false);  // at EL2: the EL2 regime
  } else {
    regs = cpu.translation_regs(true);  // the EL1&0 regime
    regs.el0 = stage == AtStage::S1E0 || stage == AtStage::S12E0;
    regs.stage1_only = stage == AtStage::S1E1 || stage == AtStage::S1E0;
  }
  const uint64_t va = cpu.x(rt_of(insn));
  mmu::Mapping m;
  const mmu::Translation t = cpu.tlb().translate_uncached(
      regs, va, write ? mmu::AccessType::Write : mmu::AccessType::Read, &m);
  if (!t.ok() && t.fault.s1ptw && cpu.el() == 1) {
    Exception e;
    e.ec = Ec::DataAbortLower;
    e.target_el = 2;
    e.return_address = cpu.pc();
    e.far_valid = true;
    e.far = va;
    e.ipa_valid = true;
    e.ipa = t.fault.ipa;
    e.iss = fault_status_code(t.fault) | (1u << 8) | (1u << 7) | (1u << 6);  // CM S1PTW WnR
    cpu.raise(e);
    return;
  }
  cpu.sr().PAR_EL1 = t.ok() ? par_success(t, m) : par_fault(t.fault);
}

// ---------------------------------------------------------------------------
// TLB maintenance: EL1 forms (op1=0) from EL1 and EL2, trapped by HCR_EL2.TTLB from
// EL1; EL2 forms (op1=4) from EL2 only. The modelled TLBs invalidate the operation's
// scope (mmu::TlbHierarchy::tlbi), and the host-pointer cache is dropped with it.

void tlbi(Cpu& cpu, uint32_t insn, unsigned min_el, mmu::TlbiOp op) {
  if (cpu.el() < min_el) return (void)cpu.undefined();
  if (hcr_traps(cpu, hcr_el2::kTTLB)) return (void)cpu.trap_sysreg(insn, 2);
  // The EL1&0 registers give the VMID (VTTBR_EL2) and ASID size (TCR_EL1.AS).
  cpu.tlb().tlbi(op, cpu.translation_regs(true), cpu.x(rt_of(insn)));
}

}  // namespace

// ---------------------------------------------------------------------------
// Hints

void exec_HINT(Cpu& cpu, uint32_t insn) {}  // unallocated hints execute as NOP
void exec_NOP(Cpu& cpu, uint32_t insn) {}
void exec_YIELD(Cpu& cpu, uint32_t insn) {}

void exec_WFE(Cpu& cpu, uint32_t insn) {
  cpu.poll_event_streams();
  if (cpu.event_register) {
    cpu.event_register = false;
    return;
  }
  // With a wake-up event already pending the PE would not enter a low-power state,
  // so the instruction completes and the HCR_EL2.TWE/SCTLR_EL1.nTWE traps do not apply.
  if (cpu.wakeup_pending()) return;
  if (wfx_trapped(cpu, true)) return;
  cpu.hooks().wait_for_event(cpu, true);
}

void exec_WFI(Cpu& cpu, uint32_t insn) {
  if (cpu.wakeup_pending()) return;  // as for WFE: no low-power state, no trap
  if (wfx_trapped(cpu, false)) return;
  cpu.hooks().wait_for_event(cpu, false);
}

// Single PE: the event reaches this PE's own Event Register.
void exec_SEV(Cpu& cpu, uint32_t insn) { cpu.event_register = true; }
void exec_SEVL(Cpu& cpu, uint32_t insn) { cpu.event_register = true; }

// ---------------------------------------------------------------------------
// Barriers: accesses complete in order in this model, so only CLREX has an effect.

void exec_CLREX(Cpu& cpu, uint32_t insn) { cpu.exclusive_clear(); }
void exec_DSB(Cpu& cpu, uint32_t insn) {}
void exec_DMB(Cpu& cpu, uint32_t insn) {}
void exec_ISB(Cpu& cpu, uint32_t insn) {}

// ---------------------------------------------------------------------------
// PSTATE access

void exec_MSR_imm(Cpu& cpu, uint32_t insn) {
  const uint32_t op1 = bits(insn, 18, 16), op2 = bits(insn, 7, 5), crm = bits(insn, 11, 8);
  Pstate& p = cpu.pstate();
  switch ((op1 << 3) | op2) {
    case 0b000101:  // SPSel
      if (cpu.el() == 0) return (void)cpu.undefined();
      p.sp = crm & 1;
      return;
    case 0b011110:  // DAIFSet
    case 0b011111:  // DAIFClr
      if (cpu.el() == 0 && !(cpu.sr().SCTLR_EL1 & sctlr_el1::kUMA))
        return (void)trap_el0_to_el1(cpu, insn);
      {
        const uint8_t set = op2 == 0b110;
        if (crm & 8) p.d = set;
        if (crm & 4) p.a = set;
        if (crm & 2) p.i = set;
        if (crm & 1) p.f = set;
      }
      cpu.update_interrupt_pending();
      return;
    default:  // UAO, PAN (ARMv8.1/8.2) and the rest: unallocated
      cpu.undefined();
      return;
  }
}

// ---------------------------------------------------------------------------
// System register moves

void exec_MRS(Cpu& cpu, uint32_t insn) {
  uint64_t v;
  if (sysreg_read(cpu, insn, v)) cpu.set_x(rt_of(insn), v);
}

void exec_MSR_reg(Cpu& cpu, uint32_t insn) { sysreg_write(cpu, insn, cpu.x(rt_of(insn))); }

// ---------------------------------------------------------------------------
// System instructions. SYS/SYSL encodings without an alias line are unallocated.

void exec_SYS(Cpu& cpu, uint32_t insn) { cpu.undefined(); }
void exec_SYSL(Cpu& cpu, uint32_t insn) { cpu.undefined(); }

void exec_DC_IVAC(Cpu& cpu, uint32_t insn) {
  if (el1_op_allowed(cpu, insn, hcr_el2::kTPC)) cache_by_va(cpu, insn, true);
}
void exec_DC_ISW(Cpu& cpu, uint32_t insn) { el1_op_allowed(cpu, insn, hcr_el2::kTSW); }
void exec_DC_CSW(Cpu& cpu, uint32_t insn) { el1_op_allowed(cpu, insn, hcr_el2::kTSW); }
void exec_DC_CISW(Cpu& cpu, uint32_t insn) { el1_op_allowed(cpu, insn, hcr_el2::kTSW); }

void exec_DC_CVAC(Cpu& cpu, uint32_t insn) {
  if (el0_cache_op_allowed(cpu, insn, hcr_el2::kTPC)) cache_by_va(cpu, insn, false);
}
void exec_DC_CIVAC(Cpu& cpu, uint32_t insn) {
  if (el0_cache_op_allowed(cpu, insn, hcr_el2::kTPC)) cache_by_va(cpu, insn, false);
}
void exec_DC_CVAU(Cpu& cpu, uint32_t insn) {
  if (el0_cache_op_allowed(cpu, insn, hcr_el2::kTPU)) cache_by_va(cpu, insn, false);
}
void exec_IC_IVAU(Cpu& cpu, uint32_t insn) {
  // Predecoded instructions are revalidated against memory on every fetch, so no
  // decoded state needs dropping.
  if (el0_cache_op_allowed(cpu, insn, hcr_el2::kTPU)) cache_by_va(cpu, insn, false);
}
void exec_IC_IALLUIS(Cpu& cpu, uint32_t insn) { el1_op_allowed(cpu, insn, hcr_el2::kTPU); }
void exec_IC_IALLU(Cpu& cpu, uint32_t insn) { el1_op_allowed(cpu, insn, hcr_el2::kTPU); }

// DC ZVA: zero the DCZID_EL0-sized, naturally aligned block holding Xt, as stores
// (CM = 0 in a fault). On Device memory the Arm ARM permits but does not require an
// Alignment fault; like QEMU, the block is zeroed.
void exec_DC_ZVA(Cpu& cpu, uint32_t insn) {
  if (cpu.el() == 0 && !(cpu.sr().SCTLR_EL1 & sctlr_el1::kDZE))
    return (void)trap_el0_to_el1(cpu, insn);
  if (hcr_traps(cpu, hcr_el2::kTDZ)) return (void)cpu.trap_sysreg(insn, 2);
  const uint64_t size = 4ull << (cpu.sr().DCZID_EL0 & 0xF);
  const uint64_t xt = cpu.x(rt_of(insn));
  const uint64_t base = xt & ~(size - 1);
  const auto stores = static_cast<unsigned>(size / 8);
  const Cpu::MemOp op;
  // (A debugger's watchpoint anywhere in the block stops it before its first store.)
  if (cpu.watch_stop(base, static_cast<unsigned>(size), true)) return;
  // The block as size / 8 stores of eight bytes: at once where the host-pointer cache
  // serves the first (the block is aligned, so in its page), one by one otherwise.
  uint8_t* h;
  if (cpu.host_for_write(base, 8, h, stores)) {
    std::memset(h, 0, size);
    return;
  }
  // The full path translates Xt itself, in the block's page: a fault other than a
  // watchpoint reports Xt in FAR_ELx, not the block's address (Arm ARM, DC ZVA).
  uint64_t pa;
  if (!cpu.translate_data(xt, mmu::AccessType::Write, 1, op, pa)) return;
  cpu.fill_host_for_write(xt, pa, op);
  if (cpu.host_for_write(base, 8, h, stores - 1)) {
    std::memset(h, 0, size);
    return;
  }
  for (uint64_t off = 0; off < size; off += 8)  // device memory, or a page of code
    if (!cpu.write(base + off, 8, 0, op)) return;
}

void exec_AT_S1E1R(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S1E1, false); }
void exec_AT_S1E1W(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S1E1, true); }
void exec_AT_S1E0R(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S1E0, false); }
void exec_AT_S1E0W(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S1E0, true); }
void exec_AT_S1E2R(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S1E2, false); }
void exec_AT_S1E2W(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S1E2, true); }
void exec_AT_S12E1R(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S12E1, false); }
void exec_AT_S12E1W(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S12E1, true); }
void exec_AT_S12E0R(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S12E0, false); }
void exec_AT_S12E0W(Cpu& cpu, uint32_t insn) { at_op(cpu, insn, AtStage::S12E0, true); }

void exec_TLBI_VMALLE1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VMALLE1); }
void exec_TLBI_VAE1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VAE1); }
void exec_TLBI_ASIDE1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::ASIDE1); }
void exec_TLBI_VAAE1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VAAE1); }
void exec_TLBI_VALE1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VALE1); }
void exec_TLBI_VAALE1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VAALE1); }
void exec_TLBI_VMALLE1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VMALLE1); }
void exec_TLBI_VAE1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VAE1); }
void exec_TLBI_ASIDE1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::ASIDE1); }
void exec_TLBI_VAAE1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VAAE1); }
void exec_TLBI_VALE1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VALE1); }
void exec_TLBI_VAALE1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 1, mmu::TlbiOp::VAALE1); }
void exec_TLBI_IPAS2E1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::IPAS2E1); }
void exec_TLBI_IPAS2LE1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::IPAS2LE1); }
void exec_TLBI_ALLE2IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::ALLE2); }
void exec_TLBI_VAE2IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::VAE2); }
void exec_TLBI_ALLE1IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::ALLE1); }
void exec_TLBI_VALE2IS(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::VALE2); }
void exec_TLBI_VMALLS12E1IS(Cpu& cpu, uint32_t insn) {
  tlbi(cpu, insn, 2, mmu::TlbiOp::VMALLS12E1);
}
void exec_TLBI_IPAS2E1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::IPAS2E1); }
void exec_TLBI_IPAS2LE1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::IPAS2LE1); }
void exec_TLBI_ALLE2(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::ALLE2); }
void exec_TLBI_VAE2(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::VAE2); }
void exec_TLBI_ALLE1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::ALLE1); }
void exec_TLBI_VALE2(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::VALE2); }
void exec_TLBI_VMALLS12E1(Cpu& cpu, uint32_t insn) { tlbi(cpu, insn, 2, mmu::TlbiOp::VMALLS12E1); }

// ---------------------------------------------------------------------------
// Exception generation

// SVC: EC 0x15 with imm16, to EL1 (EL2 from EL2, or from EL0 with HCR_EL2.TGE);
// the preferred return address is the next instruction.
void exec_SVC(Cpu& cpu, uint32_t insn) {
  cpu.raise(sync_exception(cpu, Ec::SVC64, bits(insn, 20, 5), cpu.route_sync_target(), true));
}

// HVC: UNDEFINED at EL0. The platform may serve it (PSCI over HVC); otherwise, with
// EL2 implemented and HCR_EL2.HCD clear, EC 0x16 to EL2, returning to the next
// instruction.
void exec_HVC(Cpu& cpu, uint32_t insn) {
  if (cpu.el() == 0) return (void)cpu.undefined();
  if (cpu.hooks().hvc_call(cpu)) return;
  if (!cpu.config().has_el2 || (effective_hcr(cpu) & hcr_el2::kHCD)) return (void)cpu.undefined();
  cpu.raise(sync_exception(cpu, Ec::HVC64, bits(insn, 20, 5), 2, true));
}

// SMC: UNDEFINED at EL0. HCR_EL2.TSC traps it from EL1 to EL2 (EC 0x17, returning to
// the SMC itself). Otherwise the platform's firmware may serve it (PSCI); with no EL3
// an SMC it does not serve is UNDEFINED.
void exec_SMC(Cpu& cpu, uint32_t insn) {
  if (cpu.el() == 0) return (void)cpu.undefined();
  if (cpu.el() == 1 && (effective_hcr(cpu) & hcr_el2::kTSC))
    return (void)cpu.raise(sync_exception(cpu, Ec::SMC64, bits(insn, 20, 5), 2, false));
  if (cpu.hooks().smc_call(cpu)) return;
  cpu.undefined();
}

// BRK: EC 0x3C with imm16, returning to the BRK itself. Debug exceptions from EL0/EL1
// go to EL2 with MDCR_EL2.TDE or HCR_EL2.TGE.
void exec_BRK(Cpu& cpu, uint32_t insn) {
  int target = cpu.route_sync_target();
  if (cpu.el() <= 1 && cpu.config().has_el2 &&
      ((cpu.sr().MDCR_EL2 & mdcr_el2::kTDE) || (cpu.sr().HCR_EL2 & hcr_el2::kTGE)))
    target = 2;
  cpu.raise(sync_exception(cpu, Ec::BRK64, bits(insn, 20, 5), target, false));
}

// HLT: halting debug is not implemented, so HLT is UNDEFINED except as the
// semihosting call HLT #0xF000 when the platform serves it.
void exec_HLT(Cpu& cpu, uint32_t insn) {
  if (bits(insn, 20, 5) == 0xF000 && cpu.config().semihosting && cpu.hooks().semihosting_call(cpu))
    return;
  cpu.undefined();
}

// ERET: UNDEFINED at EL0; otherwise AArch64.ExceptionReturn from SPSR_ELx/ELR_ELx.
void exec_ERET(Cpu& cpu, uint32_t insn) {
  if (cpu.el() == 0) return (void)cpu.undefined();
  cpu.exception_return();
}

}  // namespace isa
