// TLB maintenance after remapping, with only architecturally defined results:
// every check reads through a translation after the maintenance that the
// Arm ARM (D8.13, C5.5) requires, or through a translation whose TLB entries
// are tagged apart (VMID, ASID) - never a stale entry.
//   - Two VMIDs whose stage-2 tables map the same IPA to different PAs:
//     switching VTTBR_EL2 without TLBI keeps them apart.
//   - Stage-2 remaps: TLBI VMALLS12E1 (current VMID), TLBI IPAS2E1 + VMALLE1
//     (by IPA, then the combined entries), TLBI ALLE1.
//   - Stage 1 at EL1 with two ASIDs (nG pages): switching TTBR0_EL1 without
//     TLBI, TLBI ASIDE1, VAE1 (one ASID), VAAE1 (all ASIDs), VALE1, VAALE1, a
//     global page invalidated by VAE1 given an unrelated ASID, VMALLE1.
//   - The Inner Shareable forms of all of these (one PE: the same scope).
#include "mmu.h"

const char test_name[] = "mmu_tlbi";

#define PG 0x1000ull
#define PAGE(i) (TEST_PAGES + (u64)(i)*PG)
#define IPA_X PAGE(20)      // the IPA both VMIDs map, to different PAs
#define VA_V 0x60000000ull  // nG page, different in the two ASIDs
#define VA_W 0x60001000ull  // global page, the same in both tables
#define VMID_A 1ull
#define VMID_B 2ull
#define ASID1 1ull
#define ASID2 2ull

static struct pt s2a, s2b, t1, t2;

#define S1_PAGE (S1_NORMAL | PTE_AP_RW_EL1 | PTE_UXN | PTE_PXN)

static void build_s2(struct pt* s2, unsigned x_page) {
  pt_init(s2, 2, 12, 39);
  pt_map(s2, 0x09000000, 0x09000000, 0x200000, 2, S2_DEVICE);
  pt_map(s2, 0x40000000, 0x40000000, 0x10000000, 2, S2_NORMAL);
  pt_map(s2, TEST_PAGES, TEST_PAGES, 0x200000, 3, S2_NORMAL);
  pt_map(s2, IPA_X, PAGE(x_page), PG, 3, S2_NORMAL);
}

static void build_s1(struct pt* t, unsigned v_page) {
  pt_init(t, 1, 12, 39);
  pt_map(t, 0, 0, 1ull << 30, 1, S1_DEVICE | PTE_AP_RW_EL1);
  pt_map(t, 0x40000000, 0x40000000, 0x10000000, 2, S1_NORMAL | PTE_AP_RW_EL1);
  pt_map(t, VA_V, PAGE(v_page), PG, 3, S1_PAGE | PTE_NG);
  pt_map(t, VA_W, PAGE(11), PG, 3, S1_PAGE);
}

static void set_leaf(struct pt* t, u64 va, unsigned page, u64 attrs) {
  *pt_slot(t, va, 3) = PAGE(page) | attrs | PTE_TYPE_TABLE;
  dsb_ish();
}

static volatile u64 g_hpfar;
static int record_hpfar(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)f;
  if (el == 2 && (vec & 0x180) == 0) g_hpfar = sysreg_read(hpfar_el2);
  return 0;
}

static u64 el1_read(u64 va) { return rd32(va); }
static u64 read_el1(u64 va) { return run_el1(el1_read, va); }

static void set_vttbr(struct pt* s2, u64 vmid) {
  sysreg_write(vttbr_el2, s2->root | (vmid << 48));
  isb();
}

// EL1: the ASID part runs entirely in the guest kernel.
static void ttbr0(struct pt* t, u64 asid) {
  sysreg_write(ttbr0_el1, t->root | (asid << 48));
  isb();
}

static u64 asid_part(u64 arg) {
  (void)arg;
  t_section("ASIDs (EL1, stage 1)");
  ttbr0(&t1, ASID1);
  t_check("asid1_v", rd32(VA_V), 0x1006);
  ttbr0(&t2, ASID2);
  t_check("asid2_v", rd32(VA_V), 0x1007);
  ttbr0(&t1, ASID1);
  t_check("asid1_v_again", rd32(VA_V), 0x1006);
  t_check("asid1_w_global", rd32(VA_W), 0x100b);
  ttbr0(&t2, ASID2);
  t_check("asid2_v_again", rd32(VA_V), 0x1007);
  t_check("asid2_w_global", rd32(VA_W), 0x100b);

  // TLBI ASIDE1: all of ASID 1's non-global entries.
  ttbr0(&t1, ASID1);
  set_leaf(&t1, VA_V, 9, S1_PAGE | PTE_NG);
  tlbi_x(aside1, ASID1 << 48);
  tlb_sync();
  t_check("aside1_remap", rd32(VA_V), 0x1009);
  ttbr0(&t2, ASID2);
  t_check("aside1_other_asid", rd32(VA_V), 0x1007);

  // TLBI VAE1: one VA of one ASID.
  set_leaf(&t2, VA_V, 6, S1_PAGE | PTE_NG);
  tlbi_x(vae1, (ASID2 << 48) | (VA_V >> 12));
  tlb_sync();
  t_check("vae1_remap", rd32(VA_V), 0x1006);

  // TLBI VAAE1: one VA, every ASID.
  set_leaf(&t1, VA_V, 7, S1_PAGE | PTE_NG);
  set_leaf(&t2, VA_V, 9, S1_PAGE | PTE_NG);
  tlbi_x(vaae1, VA_V >> 12);
  tlb_sync();
  t_check("vaae1_asid2", rd32(VA_V), 0x1009);
  ttbr0(&t1, ASID1);
  t_check("vaae1_asid1", rd32(VA_V), 0x1007);

  // TLBI VALE1: last level only (the leaf changed).
  set_leaf(&t1, VA_V, 8, S1_PAGE | PTE_NG);
  tlbi_x(vale1, (ASID1 << 48) | (VA_V >> 12));
  tlb_sync();
  t_check("vale1_remap", rd32(VA_V), 0x1008);

  // A global entry matches TLBI VAE1 whatever ASID the operand names.
  set_leaf(&t1, VA_W, 12, S1_PAGE);
  set_leaf(&t2, VA_W, 12, S1_PAGE);
  tlbi_x(vae1, (0x55ull << 48) | (VA_W >> 12));
  tlb_sync();
  t_check("vae1_global_asid1", rd32(VA_W), 0x100c);
  ttbr0(&t2, ASID2);
  t_check("vae1_global_asid2", rd32(VA_W), 0x100c);

  // Inner Shareable forms (one PE: the same scope as the local forms).
  set_leaf(&t2, VA_V, 15, S1_PAGE | PTE_NG);
  tlbi_x(vae1is, (ASID2 << 48) | (VA_V >> 12));
  tlb_sync();
  t_check("vae1is_remap", rd32(VA_V), 0x100f);
  set_leaf(&t2, VA_V, 16, S1_PAGE | PTE_NG);
  tlbi_x(vale1is, (ASID2 << 48) | (VA_V >> 12));
  tlb_sync();
  t_check("vale1is_remap", rd32(VA_V), 0x1010);
  set_leaf(&t2, VA_V, 17, S1_PAGE | PTE_NG);
  tlbi_x(aside1is, ASID2 << 48);
  tlb_sync();
  t_check("aside1is_remap", rd32(VA_V), 0x1011);
  set_leaf(&t2, VA_V, 18, S1_PAGE | PTE_NG);
  tlbi_x(vaae1is, VA_V >> 12);
  tlb_sync();
  t_check("vaae1is_remap", rd32(VA_V), 0x1012);
  set_leaf(&t2, VA_V, 19, S1_PAGE | PTE_NG);
  tlbi_x(vaale1is, VA_V >> 12);
  tlb_sync();
  t_check("vaale1is_remap", rd32(VA_V), 0x1013);
  set_leaf(&t2, VA_V, 6, S1_PAGE | PTE_NG);
  tlbi_x(vaale1, VA_V >> 12);
  tlb_sync();
  t_check("vaale1_remap", rd32(VA_V), 0x1006);
  set_leaf(&t2, VA_V, 7, S1_PAGE | PTE_NG);
  tlbi(vmalle1is);
  tlb_sync();
  t_check("vmalle1is_remap", rd32(VA_V), 0x1007);

  // TLBI VMALLE1: everything of this VMID's EL1&0 regime.
  set_leaf(&t2, VA_V, 13, S1_PAGE | PTE_NG);
  set_leaf(&t1, VA_W, 14, S1_PAGE);
  set_leaf(&t2, VA_W, 14, S1_PAGE);
  tlbi(vmalle1);
  tlb_sync();
  t_check("vmalle1_asid2_v", rd32(VA_V), 0x100d);
  t_check("vmalle1_global", rd32(VA_W), 0x100e);
  ttbr0(&t1, ASID1);
  t_check("vmalle1_asid1_v", rd32(VA_V), 0x1008);
  return 0x600d;
}

void test_main(u64 dtb) {
  (void)dtb;
  for (unsigned i = 0; i < 21; i++) wr32(PAGE(i), 0x1000 + i);
  pt_pool_reset();
  build_s2(&s2a, 0);
  build_s2(&s2b, 1);
  build_s1(&t1, 6);
  build_s1(&t2, 7);
  sysreg_write(vtcr_el2, pt_vtcr(&s2a));
  sysreg_write(mair_el1, MAIR_VALUE);
  sysreg_write(tcr_el1, pt_tcr_el1(&t1, 0));
  sysreg_write(ttbr0_el1, t1.root | (ASID1 << 48));
  set_vttbr(&s2a, VMID_A);
  __asm__ volatile("tlbi alle1\n\tdsb ish\n\tisb" ::: "memory");
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | 1);
  set_hcr_vm(1);

  t_section("two VMIDs, one IPA, two PAs");
  t_check("vmid_a", read_el1(IPA_X), 0x1000);
  set_vttbr(&s2b, VMID_B);
  t_check("vmid_b", read_el1(IPA_X), 0x1001);
  set_vttbr(&s2a, VMID_A);
  t_check("vmid_a_again", read_el1(IPA_X), 0x1000);
  set_vttbr(&s2b, VMID_B);
  t_check("vmid_b_again", read_el1(IPA_X), 0x1001);

  t_section("stage-2 remaps");
  set_vttbr(&s2a, VMID_A);
  set_leaf(&s2a, IPA_X, 2, S2_NORMAL);
  tlbi(vmalls12e1);
  tlb_sync();
  t_check("vmalls12e1_remap", read_el1(IPA_X), 0x1002);
  set_vttbr(&s2b, VMID_B);
  t_check("vmalls12e1_other_vmid", read_el1(IPA_X), 0x1001);
  set_leaf(&s2b, IPA_X, 3, S2_NORMAL);
  tlbi_x(ipas2e1, IPA_X >> 12);
  dsb_ish();
  tlbi(vmalle1);
  tlb_sync();
  t_check("ipas2e1_remap", read_el1(IPA_X), 0x1003);
  set_vttbr(&s2a, VMID_A);
  t_check("ipas2e1_other_vmid", read_el1(IPA_X), 0x1002);
  set_leaf(&s2a, IPA_X, 4, S2_NORMAL);
  set_leaf(&s2b, IPA_X, 5, S2_NORMAL);
  tlbi(alle1);
  tlb_sync();
  t_check("alle1_vmid_a", read_el1(IPA_X), 0x1004);
  set_vttbr(&s2b, VMID_B);
  t_check("alle1_vmid_b", read_el1(IPA_X), 0x1005);
  // Inner Shareable and last-level forms.
  set_leaf(&s2b, IPA_X, 15, S2_NORMAL);
  tlbi_x(ipas2le1is, IPA_X >> 12);
  dsb_ish();
  tlbi(vmalle1is);
  tlb_sync();
  t_check("ipas2le1is_remap", read_el1(IPA_X), 0x100f);
  set_leaf(&s2b, IPA_X, 16, S2_NORMAL);
  tlbi_x(ipas2e1is, IPA_X >> 12);
  dsb_ish();
  tlbi(vmalle1);
  tlb_sync();
  t_check("ipas2e1is_remap", read_el1(IPA_X), 0x1010);
  set_leaf(&s2b, IPA_X, 17, S2_NORMAL);
  tlbi_x(ipas2le1, IPA_X >> 12);
  dsb_ish();
  tlbi(vmalle1);
  tlb_sync();
  t_check("ipas2le1_remap", read_el1(IPA_X), 0x1011);
  set_leaf(&s2b, IPA_X, 18, S2_NORMAL);
  tlbi(vmalls12e1is);
  tlb_sync();
  t_check("vmalls12e1is_remap", read_el1(IPA_X), 0x1012);
  set_leaf(&s2b, IPA_X, 19, S2_NORMAL);
  tlbi(alle1is);
  tlb_sync();
  t_check("alle1is_remap", read_el1(IPA_X), 0x1013);
  // Unmap at stage 2 by IPA: the access now faults to EL2.
  *pt_slot(&s2b, IPA_X, 3) = 0;
  dsb_ish();
  tlbi_x(ipas2e1, IPA_X >> 12);
  dsb_ish();
  tlbi(vmalle1);
  tlb_sync();
  g_exc_hook = record_hpfar;
  exc_reset();
  u64 v = read_el1(IPA_X + 0x10);
  exc_disarm();
  g_exc_hook = 0;
  t_check("ipas2e1_unmap_faults", g_exc.esr & 0xFC00003Full,
          ESR(EC_DABT_LOW, FSC_TRANS(3)) & 0xFC00003Full);
  t_check("  hpfar_el2", g_hpfar, (IPA_X >> 12) << 4);
  (void)v;

  set_vttbr(&s2a, VMID_A);
  t_check("asid_part", run_el1(asid_part, 0), 0x600d);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  set_hcr_vm(0);
}
