// MRS/MSR round trips of read/write system registers at EL2 (values use only
// bits that ARMv8.0 defines as read/write, RES1 bits set), EL1 views of
// VPIDR_EL2/VMPIDR_EL2 through MIDR_EL1/MPIDR_EL1, and EL1's own registers
// written at EL1.
#include "ops.h"

const char test_name[] = "sysreg";

#define RT(reg, val)                        \
  do {                                      \
    u64 old_ = sysreg_read(reg);            \
    sysreg_write(reg, (val));               \
    isb();                                  \
    t_check(#reg, sysreg_read(reg), (val)); \
    sysreg_write(reg, old_);                \
    isb();                                  \
  } while (0)

static u64 el1_views(u64 arg) {
  (void)arg;
  t_check("el1_midr_el1_is_vpidr", sysreg_read(midr_el1), 0x410fd034ull);
  t_check("el1_mpidr_el1_is_vmpidr", sysreg_read(mpidr_el1), 0x80000103ull);
  // EL1 registers written at EL1
  sysreg_write(tpidr_el1, 0x1111222233334444ull);
  sysreg_write(tpidr_el0, 0x5555666677778888ull);
  sysreg_write(tpidrro_el0, 0x99990000aaaabbbbull);
  sysreg_write(contextidr_el1, 0x12345678);
  sysreg_write(mair_el1, 0x0011223344556677ull);
  sysreg_write(far_el1, 0xffff000012345678ull);
  sysreg_write(elr_el1, 0x0000000040001234ull);
  sysreg_write(spsr_el1, 0x600003c5ull);
  sysreg_write(esr_el1, 0x5600abcdull);
  isb();
  t_check("el1_tpidr_el1", sysreg_read(tpidr_el1), 0x1111222233334444ull);
  t_check("el1_tpidr_el0", sysreg_read(tpidr_el0), 0x5555666677778888ull);
  t_check("el1_tpidrro_el0", sysreg_read(tpidrro_el0), 0x99990000aaaabbbbull);
  t_check("el1_contextidr_el1", sysreg_read(contextidr_el1), 0x12345678);
  t_check("el1_mair_el1", sysreg_read(mair_el1), 0x0011223344556677ull);
  t_check("el1_far_el1", sysreg_read(far_el1), 0xffff000012345678ull);
  t_check("el1_elr_el1", sysreg_read(elr_el1), 0x0000000040001234ull);
  t_check("el1_spsr_el1", sysreg_read(spsr_el1), 0x600003c5ull);
  t_check("el1_esr_el1", sysreg_read(esr_el1), 0x5600abcdull);
  return 0x1234;
}

static u64 el0_tpidr(u64 arg) {
  (void)arg;
  u64 ro = sysreg_read(tpidrro_el0);
  sysreg_write(tpidr_el0, ro ^ 0xffff);
  return sysreg_read(tpidr_el0);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("EL2 round trips");
  RT(tpidr_el0, 0x0123456789abcdefull);
  RT(tpidr_el1, 0xfedcba9876543210ull);
  RT(tpidr_el2, 0x8000000000000001ull);
  RT(tpidrro_el0, 0x00ff00ff00ff00ffull);
  RT(sp_el0, 0x0000000040123450ull);
  RT(sp_el1, 0xffff800000001230ull);
  RT(elr_el1, 0xffff000000000004ull);
  RT(elr_el2, 0x0000000040000008ull);
  RT(spsr_el1, 0x900003c4ull);
  RT(spsr_el2, 0x603003c5ull);  // NZCV, SS, IL, DAIF, M
  RT(esr_el1, 0x96000045ull);
  RT(esr_el2, 0x5a00ffffull);
  RT(far_el1, 0x123456789abcdef0ull);
  RT(far_el2, 0x0fedcba987654321ull);
  RT(hpfar_el2, 0x0000001234567890ull);
  RT(mair_el1, 0x44ff04000c080400ull);
  RT(mair_el2, 0x00000000000000ffull);
  RT(ttbr0_el1, 0x1234000045678000ull);
  RT(ttbr1_el1, 0xabcd00000000f000ull);
  RT(ttbr0_el2, 0x0000000041000000ull);
  RT(tcr_el1, 0x00000065b5193519ull);
  RT(tcr_el2, 0x0000000080823518ull);
  RT(vtcr_el2, 0x0000000080023558ull);
  RT(vttbr_el2, 0x00ab000040000000ull);
  RT(contextidr_el1, 0x00000000deadbeefull);
  RT(par_el1, 0x0000123456789000ull);
  RT(cntkctl_el1, 0x3ull);
  RT(cnthctl_el2, 0x3ull);
  RT(cntvoff_el2, 0x0000000012345678ull);
  RT(cpacr_el1, 0x100000ull);
  RT(sctlr_el1, SCTLR_EL1_DEFAULT | (1 << 2) | (1 << 12));
  RT(vbar_el1, 0x0000000040000800ull);
  RT(vpidr_el2, 0x410fd034ull);
  RT(vmpidr_el2, 0x80000103ull);
  RT(hcr_el2, HCR_RW | HCR_TWE);

  t_section("EL1 views");
  u64 old_vpidr = sysreg_read(vpidr_el2), old_vmpidr = sysreg_read(vmpidr_el2);
  sysreg_write(vpidr_el2, 0x410fd034ull);
  sysreg_write(vmpidr_el2, 0x80000103ull);
  isb();
  t_check("el1_ret", run_el1(el1_views, 0), 0x1234);
  sysreg_write(vpidr_el2, old_vpidr);
  sysreg_write(vmpidr_el2, old_vmpidr);
  t_check("el2_sees_tpidr_el1", sysreg_read(tpidr_el1), 0x1111222233334444ull);
  t_check("el2_sees_contextidr", sysreg_read(contextidr_el1), 0x12345678);
  t_check("el0_tpidr", run_el0(el0_tpidr, 0), 0x99990000aaaa4444ull);
  t_check("el2_sees_el0_tpidr", sysreg_read(tpidr_el0), 0x99990000aaaa4444ull);
  t_check("midr_el2_view", sysreg_read(midr_el1), 0x411fd070ull);
  t_check("currentel_el2", sysreg_read(CurrentEL), 0x8);
}
