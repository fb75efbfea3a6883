// Address translation instructions into PAR_EL1 (Arm ARM C5.5, D13.2.113):
// AT S1E1R/W, S1E0R/W (stage 1 of the EL1&0 regime: the output is the IPA),
// S12E1R/W, S12E0R/W (both stages: the PA), S1E2R/W, executed at EL2 and (S1E1*,
// S1E0*) at EL1, over 4K tables with every AP[2:1] value, AF = 0, unmapped
// VAs, TCR_EL1.EPD0/EPD1 and T0SZ limits, and a stage 2 with S2AP read-only/write-only, AF = 0 and
// unmapped IPAs. Success: F = 0 and PA[47:12] (attributes, SH and NS are not compared); fault: F =
// 1, FST, PTW = 0, S = 1 for a stage-2 fault, RES1 bit 11.
#include "mmu.h"

const char test_name[] = "mmu_at";

#define PG 0x1000ull
#define PAGE(i) (TEST_PAGES + (u64)(i)*PG)
#define VA(i) (0x60000000ull + (u64)(i)*PG)
#define OFF 0x5a8ull  // page offset of the translated VAs: PAR holds no offset

static struct pt s2, s1;

#define S1_PAGE (S1_NORMAL | PTE_UXN | PTE_PXN)

static void build(void) {
  pt_pool_reset();
  pt_init(&s2, 2, 12, 39);
  pt_map(&s2, 0x09000000, 0x09000000, 0x200000, 2, S2_DEVICE);
  pt_map(&s2, 0x40000000, 0x40000000, 0x10000000, 2, S2_NORMAL);
  pt_map(&s2, TEST_PAGES, TEST_PAGES, 0x200000, 3, S2_NORMAL);
  pt_map(&s2, PAGE(1), PAGE(5), PG, 3, S2_NORMAL);  // IPA 1 -> PA 5
  pt_map(&s2, PAGE(3), PAGE(3), PG, 3, (S2_NORMAL & ~S2AP_RW) | S2AP_RO);
  *pt_slot(&s2, PAGE(6), 3) = 0;
  pt_map(&s2, PAGE(7), PAGE(7), PG, 3, (S2_NORMAL & ~S2AP_RW) | S2AP_WO);
  pt_map(&s2, PAGE(8), PAGE(8), PG, 3, S2_NORMAL & ~PTE_AF);
  pt_map(&s2, PAGE(9), PAGE(9), PG, 3, (S2_NORMAL & ~S2AP_RW) | S2AP_RO);

  pt_init(&s1, 1, 12, 39);
  pt_map(&s1, 0, 0, 1ull << 30, 1, S1_DEVICE | PTE_AP_RW_EL1);
  pt_map(&s1, 0x40000000, 0x40000000, 0x10000000, 2, S1_NORMAL | PTE_AP_RW_EL1);
  pt_map(&s1, VA(0), PAGE(0), PG, 3, S1_PAGE | PTE_AP_RW_EL1);
  pt_map(&s1, VA(1), PAGE(1), PG, 3, S1_PAGE | PTE_AP_RW_ALL);
  pt_map(&s1, VA(2), PAGE(2), PG, 3, S1_PAGE | PTE_AP_RO_EL1);
  pt_map(&s1, VA(3), PAGE(3), PG, 3, S1_PAGE | PTE_AP_RO_ALL);
  *pt_slot(&s1, VA(4), 3) = 0;
  pt_map(&s1, VA(5), PAGE(0), PG, 3, (S1_PAGE | PTE_AP_RW_EL1) & ~PTE_AF);
  pt_map(&s1, VA(6), PAGE(6), PG, 3, S1_PAGE | PTE_AP_RW_ALL);
  pt_map(&s1, VA(7), PAGE(7), PG, 3, S1_PAGE | PTE_AP_RW_ALL);
  pt_map(&s1, VA(8), PAGE(8), PG, 3, S1_PAGE | PTE_AP_RW_ALL);
  pt_map(&s1, VA(9), PAGE(9), PG, 3, S1_PAGE | PTE_AP_RW_ALL);
  pt_map(&s1, 0x80000000ull, 0x40000000ull, 1ull << 30, 1, S1_PAGE | PTE_AP_RW_EL1);
}

#define F1(fst) PAR_FAULT(fst, 0, 0)  // stage-1 fault
#define F2(fst) PAR_FAULT(fst, 0, 1)  // stage-2 fault
#define CHK(name, op, va, want) t_check(name, par_defined(AT(op, (va) + OFF)), want)

static void at_stage1(void) {
  t_section("AT S1E1R/S1E1W (stage 1 only: IPA)");
  CHK("s1e1r_rw_el1", s1e1r, VA(0), PAGE(0));
  CHK("s1e1r_rw_all", s1e1r, VA(1), PAGE(1));  // the IPA, not stage 2's PA 5
  CHK("s1e1r_ro_el1", s1e1r, VA(2), PAGE(2));
  CHK("s1e1r_ro_all", s1e1r, VA(3), PAGE(3));
  CHK("s1e1r_unmapped", s1e1r, VA(4), F1(FSC_TRANS(3)));
  CHK("s1e1r_af", s1e1r, VA(5), F1(FSC_ACCESS(3)));
  CHK("s1e1r_ipa_unmapped_s2", s1e1r, VA(6), PAGE(6));
  CHK("s1e1r_l1_block", s1e1r, 0x80123000ull, 0x40123000ull);
  CHK("s1e1r_l2_unmapped", s1e1r, 0x60200000ull, F1(FSC_TRANS(2)));
  CHK("s1e1r_l1_unmapped", s1e1r, 0xC0000000ull, F1(FSC_TRANS(1)));
  CHK("s1e1r_ttbr1_epd1", s1e1r, 0xFFFFFF8000000000ull, F1(FSC_TRANS(0)));
  CHK("s1e1r_beyond_t0sz", s1e1r, 1ull << 39, F1(FSC_TRANS(0)));
  CHK("s1e1w_rw_el1", s1e1w, VA(0), PAGE(0));
  CHK("s1e1w_rw_all", s1e1w, VA(1), PAGE(1));
  CHK("s1e1w_ro_el1", s1e1w, VA(2), F1(FSC_PERM(3)));
  CHK("s1e1w_ro_all", s1e1w, VA(3), F1(FSC_PERM(3)));
  CHK("s1e1w_af", s1e1w, VA(5), F1(FSC_ACCESS(3)));
  t_section("AT S1E0R/S1E0W (EL0 permissions)");
  CHK("s1e0r_rw_el1", s1e0r, VA(0), F1(FSC_PERM(3)));
  CHK("s1e0r_rw_all", s1e0r, VA(1), PAGE(1));
  CHK("s1e0r_ro_el1", s1e0r, VA(2), F1(FSC_PERM(3)));
  CHK("s1e0r_ro_all", s1e0r, VA(3), PAGE(3));
  CHK("s1e0r_unmapped", s1e0r, VA(4), F1(FSC_TRANS(3)));
  CHK("s1e0w_rw_el1", s1e0w, VA(0), F1(FSC_PERM(3)));
  CHK("s1e0w_rw_all", s1e0w, VA(1), PAGE(1));
  CHK("s1e0w_ro_el1", s1e0w, VA(2), F1(FSC_PERM(3)));
  CHK("s1e0w_ro_all", s1e0w, VA(3), F1(FSC_PERM(3)));
}

static void at_stage12(void) {
  t_section("AT S12E1R/W, S12E0R/W (both stages: PA)");
  CHK("s12e1r_rw_el1", s12e1r, VA(0), PAGE(0));
  CHK("s12e1r_remapped", s12e1r, VA(1), PAGE(5));
  CHK("s12e1r_s2_ro", s12e1r, VA(3), PAGE(3));
  CHK("s12e1r_s1_unmapped", s12e1r, VA(4), F1(FSC_TRANS(3)));
  CHK("s12e1r_s2_unmapped", s12e1r, VA(6), F2(FSC_TRANS(3)));
  CHK("s12e1r_s2_wo", s12e1r, VA(7), F2(FSC_PERM(3)));
  CHK("s12e1r_s2_af", s12e1r, VA(8), F2(FSC_ACCESS(3)));
  CHK("s12e1r_l1_block", s12e1r, 0x80456000ull, 0x40456000ull);
  CHK("s12e1w_remapped", s12e1w, VA(1), PAGE(5));
  CHK("s12e1w_s2_wo", s12e1w, VA(7), PAGE(7));
  CHK("s12e1w_s2_ro", s12e1w, VA(9), F2(FSC_PERM(3)));
  CHK("s12e1w_s1_ro", s12e1w, VA(3), F1(FSC_PERM(3)));
  CHK("s12e0r_remapped", s12e0r, VA(1), PAGE(5));
  CHK("s12e0r_s1_el1_only", s12e0r, VA(0), F1(FSC_PERM(3)));
  CHK("s12e0r_s2_unmapped", s12e0r, VA(6), F2(FSC_TRANS(3)));
  CHK("s12e0w_remapped", s12e0w, VA(1), PAGE(5));
  CHK("s12e0w_s2_ro", s12e0w, VA(9), F2(FSC_PERM(3)));
  CHK("s12e0w_s1_ro_all", s12e0w, VA(3), F1(FSC_PERM(3)));
}

static u64 at_el1(u64 arg) {
  (void)arg;
  t_section("AT at EL1 (stage 1 on, under stage 2)");
  CHK("el1_s1e1r", s1e1r, VA(1), PAGE(1));
  CHK("el1_s1e1w_ro", s1e1w, VA(2), F1(FSC_PERM(3)));
  CHK("el1_s1e0r", s1e0r, VA(3), PAGE(3));
  CHK("el1_s1e0w_ro", s1e0w, VA(3), F1(FSC_PERM(3)));
  CHK("el1_s1e1r_unmapped", s1e1r, VA(4), F1(FSC_TRANS(3)));
  CHK("el1_s1e1r_s2_unmapped_ipa", s1e1r, VA(6), PAGE(6));
  return 0x600d;
}

void test_main(u64 dtb) {
  (void)dtb;
  for (unsigned i = 0; i < 10; i++) wr32(PAGE(i), 0x1000 + i);
  build();
  sysreg_write(vtcr_el2, pt_vtcr(&s2));
  sysreg_write(vttbr_el2, s2.root | (3ull << 48));
  sysreg_write(mair_el1, MAIR_VALUE);
  sysreg_write(tcr_el1, pt_tcr_el1(&s1, 0));
  sysreg_write(ttbr0_el1, s1.root | (7ull << 48));
  isb();
  __asm__ volatile("tlbi alle1\n\tdsb ish\n\tisb" ::: "memory");

  t_section("stage 1 off");
  CHK("s1e2r_mmu_off", s1e2r, 0x49876000ull, 0x49876000ull);
  CHK("s1e2w_mmu_off", s1e2w, 0x40201000ull, 0x40201000ull);
  CHK("s1e1r_mmu_off", s1e1r, 0x12345000ull, 0x12345000ull);
  set_hcr_vm(1);
  CHK("s12e1r_s1_off", s12e1r, PAGE(1), PAGE(5));
  CHK("s12e1w_s1_off_s2_ro", s12e1w, PAGE(9), F2(FSC_PERM(3)));

  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | 1);
  isb();
  set_hcr_vm(0);
  t_section("stage 2 off (HCR_EL2.VM = 0): S12 = S1");
  CHK("s12e1r_vm0", s12e1r, VA(1), PAGE(1));
  CHK("s12e0r_vm0_perm", s12e0r, VA(0), F1(FSC_PERM(3)));
  set_hcr_vm(1);
  at_stage1();
  at_stage12();
  t_check("el1_returned", run_el1(at_el1, 0), 0x600d);
  // TCR_EL1.EPD0: no walks for TTBR0_EL1 - a translation fault at level 0.
  sysreg_write(tcr_el1, pt_tcr_el1(&s1, 0) | (1ull << 7));
  isb();
  __asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
  CHK("s1e1r_epd0", s1e1r, VA(0), F1(FSC_TRANS(0)));
  CHK("s12e1r_epd0", s12e1r, VA(1), F1(FSC_TRANS(0)));
  sysreg_write(tcr_el1, pt_tcr_el1(&s1, 0));
  isb();
  __asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
  CHK("s1e1r_epd0_cleared", s1e1r, VA(0), PAGE(0));
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  isb();
  set_hcr_vm(0);
}
