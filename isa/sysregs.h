// System register state of one PE, named as in the Arm ARM.
//
// This is plain storage. The encodings, access rules, traps, reset values and
// read/write side effects are in the table of isa/sysreg_table.cc (MRS/MSR go through
// it); code elsewhere reads the fields directly.
#pragma once

#include <cstdint>

namespace isa {

struct SysRegs {
  // EL1 / EL0 context
  uint64_t SCTLR_EL1 = 0;
  uint64_t ACTLR_EL1 = 0;
  uint64_t CPACR_EL1 = 0;
  uint64_t TTBR0_EL1 = 0;
  uint64_t TTBR1_EL1 = 0;
  uint64_t TCR_EL1 = 0;
  uint64_t ESR_EL1 = 0;
  uint64_t FAR_EL1 = 0;
  uint64_t AFSR0_EL1 = 0;
  uint64_t AFSR1_EL1 = 0;
  uint64_t PAR_EL1 = 0;
  uint64_t MAIR_EL1 = 0;
  uint64_t AMAIR_EL1 = 0;
  uint64_t VBAR_EL1 = 0;
  uint64_t CONTEXTIDR_EL1 = 0;
  uint64_t TPIDR_EL1 = 0;
  uint64_t TPIDR_EL0 = 0;
  uint64_t TPIDRRO_EL0 = 0;
  uint64_t ELR_EL1 = 0;
  uint64_t SPSR_EL1 = 0;
  uint64_t CSSELR_EL1 = 0;
  uint64_t CNTKCTL_EL1 = 0;
  uint64_t MDSCR_EL1 = 0;
  uint64_t OSLSR_EL1 = 0;  // OS lock status (reset: locked, OSLM=0b10)
  uint64_t OSDLR_EL1 = 0;
  uint64_t DISR_EL1 = 0;
  // EL2
  uint64_t SCTLR_EL2 = 0;
  uint64_t ACTLR_EL2 = 0;
  uint64_t HCR_EL2 = 0;
  uint64_t MDCR_EL2 = 0;
  uint64_t CPTR_EL2 = 0;
  uint64_t HSTR_EL2 = 0;
  uint64_t HACR_EL2 = 0;
  uint64_t TTBR0_EL2 = 0;
  uint64_t TCR_EL2 = 0;
  uint64_t VTTBR_EL2 = 0;
  uint64_t VTCR_EL2 = 0;
  uint64_t ESR_EL2 = 0;
  uint64_t FAR_EL2 = 0;
  uint64_t HPFAR_EL2 = 0;
  uint64_t AFSR0_EL2 = 0;
  uint64_t AFSR1_EL2 = 0;
  uint64_t MAIR_EL2 = 0;
  uint64_t AMAIR_EL2 = 0;
  uint64_t VBAR_EL2 = 0;
  uint64_t TPIDR_EL2 = 0;
  uint64_t ELR_EL2 = 0;
  uint64_t SPSR_EL2 = 0;
  uint64_t VPIDR_EL2 = 0;
  uint64_t VMPIDR_EL2 = 0;
  uint64_t CNTHCTL_EL2 = 0;
  uint64_t CNTVOFF_EL2 = 0;
  // SPSR for the AArch32 modes (RES0-ish storage on an AArch64-only core)
  uint64_t SPSR_abt = 0;
  uint64_t SPSR_und = 0;
  uint64_t SPSR_irq = 0;
  uint64_t SPSR_fiq = 0;
  uint64_t DACR32_EL2 = 0;
  uint64_t IFSR32_EL2 = 0;
  uint64_t FPEXC32_EL2 = 0;
  // Generic timer (the timer issue gives these their behaviour)
  uint64_t CNTFRQ_EL0 = 0;
  uint64_t CNTP_CTL_EL0 = 0;
  uint64_t CNTP_CVAL_EL0 = 0;
  uint64_t CNTV_CTL_EL0 = 0;
  uint64_t CNTV_CVAL_EL0 = 0;
  uint64_t CNTHP_CTL_EL2 = 0;
  uint64_t CNTHP_CVAL_EL2 = 0;
  // Identification (reset from the CPU model; read-only to software)
  uint64_t MIDR_EL1 = 0;
  uint64_t MPIDR_EL1 = 0;
  uint64_t REVIDR_EL1 = 0;
  uint64_t CTR_EL0 = 0;
  uint64_t DCZID_EL0 = 0;
  uint64_t CLIDR_EL1 = 0;
  uint64_t AIDR_EL1 = 0;
  uint64_t ID_AA64PFR0_EL1 = 0;
  uint64_t ID_AA64PFR1_EL1 = 0;
  uint64_t ID_AA64DFR0_EL1 = 0;
  uint64_t ID_AA64DFR1_EL1 = 0;
  uint64_t ID_AA64AFR0_EL1 = 0;
  uint64_t ID_AA64AFR1_EL1 = 0;
  uint64_t ID_AA64ISAR0_EL1 = 0;
  uint64_t ID_AA64ISAR1_EL1 = 0;
  uint64_t ID_AA64MMFR0_EL1 = 0;
  uint64_t ID_AA64MMFR1_EL1 = 0;
  uint64_t ID_AA64MMFR2_EL1 = 0;
  // Performance monitors: the counters and their controls are in isa/pmu.h
  uint64_t PMUSERENR_EL0 = 0;
};

}  // namespace isa
