// EL2 stage-1 translation (TTBR0_EL2, TCR_EL2, MAIR_EL2, SCTLR_EL2.M) with the
// 4K granule (this file) or the 64K granule (mmu_s1_el2_64k.c includes it with
// GRAN_SHIFT 16): an identity map of RAM (Normal, level-2 blocks; 4K also a
// level-1 block alias) and of the devices (Device-nGnRnE via MAIR), then
// remaps of single pages at VA 0x60000000: an alias of another page, a
// descriptor change made visible by TLBI VAE2 and by TLBI ALLE2, translation
// faults at every level (and for a VA beyond T0SZ), a permission fault on a
// write to a read-only page (WnR), an instruction abort on an XN page
// (returning through ELR := X30), an access-flag fault (AF = 0), an alignment
// fault on Device memory, an address size fault (output address beyond
// TCR_EL2.PS), a Contiguous run, TBI (of data addresses, and of a branch target),
// TLBI VALE2, and AT S1E2R/S1E2W.
//
// Expected values (Arm ARM D8, D13.2.37 ESR_ELx, D13.2.113 PAR_EL1): data
// aborts at EL2 from EL2 are EC 0x25 at vector 0x200, instruction aborts EC
// 0x21; DFSC/IFSC = 0b0001LL translation, 0b0010LL access flag, 0b0011LL
// permission (LL = level), 0b100001 alignment; FAR_EL2 = the VA.  Only
// ISS[13:0] of these stage-1 aborts is checked: ISS[24:14] (ISV and the
// instruction syndrome) is defined for stage-2 aborts.
#include "exc_test.h"
#include "mmu.h"

#ifndef GRAN_SHIFT
#define GRAN_SHIFT 12
#define TEST_NAME "mmu_s1_el2"
#endif
const char test_name[] = TEST_NAME;

#define PG (1ull << GRAN_SHIFT)
#define PAGE(i) (TEST_PAGES + (u64)(i)*PG)  // physical test pages
#define AV 0x60000000ull                    // VA of the remapped pages
#define VA(i) (AV + (u64)(i)*PG)
#define IA_BITS (GRAN_SHIFT == 12 ? 39 : 42)

#define CONT_N (GRAN_SHIFT == 12 ? 16 : 32)
#define CONT_FIRST (GRAN_SHIFT == 12 ? 16 : 32)  // VA(CONT_FIRST) is aligned to the run

static struct pt t;

static volatile u64* leaf(u64 va) { return pt_slot(&t, va, 3); }
static void set_page(unsigned i, u64 pa, u64 attrs) { pt_map(&t, VA(i), pa, PG, 3, attrs); }

#define RW_PAGE (S1_NORMAL | PTE_EL2_RW | PTE_XN)

static void build(void) {
  pt_pool_reset();
  pt_init(&t, 1, GRAN_SHIFT, IA_BITS);
  t_check("start_level", t.start_level, GRAN_SHIFT == 12 ? 1 : 2);
#if GRAN_SHIFT == 12
  pt_map(&t, 0, 0, 1ull << 30, 1, S1_DEVICE | PTE_EL2_RW);                    // level-1 block
  pt_map(&t, 0x40000000, 0x40000000, 0x10000000, 2, S1_NORMAL | PTE_EL2_RW);  // level-2 blocks
  pt_map(&t, 0x80000000, 0x40000000, 1ull << 30, 1, S1_NORMAL | PTE_EL2_RW | PTE_XN);  // alias
#else
  pt_map(&t, 0, 0, 1ull << 29, 2, S1_DEVICE | PTE_EL2_RW);                    // 512M block
  pt_map(&t, 0x40000000, 0x40000000, 1ull << 29, 2, S1_NORMAL | PTE_EL2_RW);  // 512M block
#endif
  set_page(0, PAGE(0), RW_PAGE);
  set_page(1, PAGE(1), RW_PAGE);
  set_page(2, PAGE(2), S1_NORMAL | PTE_EL2_RO | PTE_XN);
  set_page(3, PAGE(3), S1_NORMAL | PTE_EL2_RW | PTE_XN);  // code, execute-never
  set_page(4, PAGE(3), S1_NORMAL | PTE_EL2_RO);           // the same code, executable
  set_page(5, PAGE(4), (RW_PAGE) & ~PTE_AF);              // access flag clear
  set_page(6, PAGE(5), S1_DEVICE | PTE_EL2_RW);           // Device-nGnRnE RAM page
  // VA(7) stays invalid: its level-3 table exists.
  // VA(9): output address beyond TCR_EL2.PS (40 bits): address size fault
  set_page(9, PAGE(0) | (1ull << 40), RW_PAGE);
  // A contiguous run (Contiguous = 1, 16 entries of 4K or 32 of 64K, aligned in
  // VA and PA, identical attributes): the hint changes no result.
  pt_map(&t, VA(CONT_FIRST), TEST_PAGES, CONT_N * PG, 3, RW_PAGE | (1ull << 52));
}

#define LOAD_AT(va)                       \
  ({                                      \
    u64 v_ = 0;                           \
    MEM_AT("ldr %w[v], [%[a]]", va, &v_); \
  })
#define STORE_AT(va, v)                   \
  ({                                      \
    u64 v_ = (u32)(v);                    \
    MEM_AT("str %w[v], [%[a]]", va, &v_); \
  })

static void faults(void) {
  u64 a, va;
  t_section("translation faults");
  va = VA(7) + 0x10;
  a = LOAD_AT(va);
  t_check_abort("xlat_l3_read", 2, 0x200, EC_DABT_CUR, FSC_TRANS(3), a, va);
  a = STORE_AT(va, 1);
  t_check_abort("xlat_l3_write", 2, 0x200, EC_DABT_CUR, ISS_WNR | FSC_TRANS(3), a, va);
  va = AV + (1ull << pt_level_shift(&t, 2)) + 0x24;  // next level-2 entry: invalid
  a = LOAD_AT(va);
  t_check_abort("xlat_l2_read", 2, 0x200, EC_DABT_CUR, FSC_TRANS(2), a, va);
#if GRAN_SHIFT == 12
  va = 0xC0000008ull;  // level-1 entry 3: invalid
  a = LOAD_AT(va);
  t_check_abort("xlat_l1_read", 2, 0x200, EC_DABT_CUR, FSC_TRANS(1), a, va);
#endif
  va = (1ull << IA_BITS) + 0x40000000ull;  // beyond the 2^(64-T0SZ) range: level 0
  a = LOAD_AT(va);
  t_check_abort("xlat_out_of_range", 2, 0x200, EC_DABT_CUR, FSC_TRANS(0), a, va);

  t_section("permission, execute-never, access flag, alignment");
  t_check("ro_read", rd32(VA(2)), 0x1002);
  va = VA(2) + 4;
  a = STORE_AT(va, 0xdead);
  t_check_abort("ro_write", 2, 0x200, EC_DABT_CUR, ISS_WNR | FSC_PERM(3), a, va);
  t_check("ro_unchanged", rd32(PAGE(2) + 4), 0);
  t_check("exec_page", call_at(VA(4)), 0x77);
  t_check("exec_page_no_exc", g_exc.count, 0);
  t_check("xn_page", call_at(VA(3)), 0);
  t_check_abort("xn_fetch", 2, 0x200, EC_IABT_CUR, FSC_PERM(3), VA(3), VA(3));
  va = VA(9) + 0x30;
  a = LOAD_AT(va);
  t_check_abort("address_size_l3", 2, 0x200, EC_DABT_CUR, FSC_ADDR_SIZE(3), a, va);
  va = VA(5) + 8;
  a = LOAD_AT(va);
  t_check_abort("af_read", 2, 0x200, EC_DABT_CUR, FSC_ACCESS(3), a, va);
  a = STORE_AT(va, 5);
  t_check_abort("af_write", 2, 0x200, EC_DABT_CUR, ISS_WNR | FSC_ACCESS(3), a, va);
  // Setting AF (software management) makes the page usable after the TLBI.
  *leaf(VA(5)) |= PTE_AF;
  dsb_ish();
  tlbi_x(vae2, VA(5) >> 12);
  tlb_sync();
  t_check("af_set_read", rd32(VA(5)), 0x1004);
  t_check("device_aligned_read", rd32(VA(6)), 0x1005);
  va = VA(6) + 2;
  a = LOAD_AT(va);
  t_check_abort("device_unaligned", 2, 0x200, EC_DABT_CUR, FSC_ALIGN, a, va);
}

static void remaps(void) {
  t_section("aliases and TLB maintenance");
  t_check("alias_page0", rd32(VA(0)), 0x1000);
  t_check("alias_page1", rd32(VA(1)), 0x1001);
  wr32(VA(0) + 12, 0xabcd0123);
  t_check("alias_write_visible_at_pa", rd32(PAGE(0) + 12), 0xabcd0123);
#if GRAN_SHIFT == 12
  t_check("l1_block_alias", rd32(0x80000000ull + (PAGE(1) - 0x40000000ull)), 0x1001);
  t_check("l2_block_identity", rd32(PAGE(2)), 0x1002);
#endif
  // Point VA(0) at page 1: break, TLBI VAE2, make.
  *leaf(VA(0)) = 0;
  dsb_ish();
  tlbi_x(vae2, VA(0) >> 12);
  tlb_sync();
  *leaf(VA(0)) = PAGE(1) | RW_PAGE | PTE_TYPE_TABLE;
  dsb_ish();
  tlbi_x(vae2, VA(0) >> 12);
  tlb_sync();
  t_check("remap_vae2", rd32(VA(0)), 0x1001);
  *leaf(VA(0)) = PAGE(0) | RW_PAGE | PTE_TYPE_TABLE;
  dsb_ish();
  tlbi(alle2);
  tlb_sync();
  t_check("remap_alle2", rd32(VA(0)), 0x1000);
  *leaf(VA(0)) = PAGE(2) | RW_PAGE | PTE_TYPE_TABLE;
  dsb_ish();
  tlbi_x(vale2, VA(0) >> 12);
  tlb_sync();
  t_check("remap_vale2", rd32(VA(0)), 0x1002);
  *leaf(VA(0)) = PAGE(0) | RW_PAGE | PTE_TYPE_TABLE;
  dsb_ish();
  tlbi_x(vale2, VA(0) >> 12);
  tlb_sync();
  t_check("remap_vale2_back", rd32(VA(0)), 0x1000);
  *leaf(VA(0)) = PAGE(1) | RW_PAGE | PTE_TYPE_TABLE;
  dsb_ish();
  tlbi_x(vae2is, VA(0) >> 12);
  tlb_sync();
  t_check("remap_vae2is", rd32(VA(0)), 0x1001);
  *leaf(VA(0)) = PAGE(2) | RW_PAGE | PTE_TYPE_TABLE;
  dsb_ish();
  tlbi_x(vale2is, VA(0) >> 12);
  tlb_sync();
  t_check("remap_vale2is", rd32(VA(0)), 0x1002);
  *leaf(VA(0)) = PAGE(0) | RW_PAGE | PTE_TYPE_TABLE;
  dsb_ish();
  tlbi(alle2is);
  tlb_sync();
  t_check("remap_alle2is", rd32(VA(0)), 0x1000);
  t_check("contiguous_first", rd32(VA(CONT_FIRST)), 0x1000);
  t_check("contiguous_third", rd32(VA(CONT_FIRST + 2)), 0x1002);
  t_check("contiguous_at", par_defined(AT(s1e2r, VA(CONT_FIRST + 5))), PAGE(5));
  // Unmap VA(1): it faults after the TLBI.
  *leaf(VA(1)) = 0;
  dsb_ish();
  tlbi_x(vae2, VA(1) >> 12);
  tlb_sync();
  u64 a = LOAD_AT(VA(1));
  t_check_abort("unmapped_after_tlbi", 2, 0x200, EC_DABT_CUR, FSC_TRANS(3), a, VA(1));
  set_page(1, PAGE(1), RW_PAGE);
  tlbi_x(vae2, VA(1) >> 12);
  tlb_sync();
  t_check("remapped_after_tlbi", rd32(VA(1)), 0x1001);
}

// Returns the address it runs at: a call through a tagged pointer lands on the
// untagged one where TBI applies (AArch64.BranchAddr: the PC holds no tag).
u64 pc_probe(void);
__asm__(
    ".text\n.balign 4\n.global pc_probe\n"
    "pc_probe:\n adr x0, .\n ret\n");

static void tbi(void) {
  u64 tagged = VA(0) | 0xAB00000000000000ull, a;
  u64 (*volatile probe)(void) = (u64(*)(void))((u64)pc_probe | 0x5A00000000000000ull);
  t_section("TCR_EL2.TBI");
  sysreg_write(tcr_el2, pt_tcr_el2(&t) | (1ull << 20));
  isb();
  tlbi(alle2);
  tlb_sync();
  t_check("tbi1_tagged_read", rd32(tagged), 0x1000);
  t_check("tbi1_at_tagged", par_defined(AT(s1e2r, tagged)), PAGE(0));
  t_check("tbi1_branch_pc_untagged", probe(), (u64)pc_probe);
  sysreg_write(tcr_el2, pt_tcr_el2(&t));
  isb();
  tlbi(alle2);
  tlb_sync();
  a = LOAD_AT(tagged);
  t_check_abort("tbi0_tagged_faults", 2, 0x200, EC_DABT_CUR, FSC_TRANS(0), a, tagged);
}

static void at_s1e2(void) {
  t_section("AT S1E2R/S1E2W");
  t_check("at_s1e2r_page0", par_defined(AT(s1e2r, VA(0) + 0x123)), PAGE(0));
  t_check("at_s1e2w_page1", par_defined(AT(s1e2w, VA(1))), PAGE(1));
  t_check("at_s1e2r_ro", par_defined(AT(s1e2r, VA(2))), PAGE(2));
  t_check("at_s1e2w_ro", par_defined(AT(s1e2w, VA(2))), PAR_FAULT(FSC_PERM(3), 0, 0));
  t_check("at_s1e2r_unmapped", par_defined(AT(s1e2r, VA(7))), PAR_FAULT(FSC_TRANS(3), 0, 0));
  t_check("at_s1e2r_af_set", par_defined(AT(s1e2r, VA(5))), PAGE(4));
  *leaf(VA(5)) &= ~PTE_AF;
  dsb_ish();
  tlbi_x(vae2, VA(5) >> 12);
  tlb_sync();
  t_check("at_s1e2r_af_clear", par_defined(AT(s1e2r, VA(5))), PAR_FAULT(FSC_ACCESS(3), 0, 0));
  t_check("at_s1e2r_address_size", par_defined(AT(s1e2r, VA(9))),
          PAR_FAULT(FSC_ADDR_SIZE(3), 0, 0));
  t_check("at_s1e2r_identity", par_defined(AT(s1e2r, 0x09000000)), 0x09000000);
#if GRAN_SHIFT == 12
  t_check("at_s1e2r_l1_block", par_defined(AT(s1e2r, 0x80345000ull)), 0x40345000ull);
#endif
}

void test_main(u64 dtb) {
  (void)dtb;
  for (unsigned i = 0; i < 6; i++) {
    for (u64 o = 0; o < 64; o += 4) wr32(PAGE(i) + o, 0);
    wr32(PAGE(i), 0x1000 + i);
  }
  put_code(PAGE(3), 0x77);
  build();
  mmu_el2_on(&t);
  t_check("mmu_on_sctlr_m", sysreg_read(sctlr_el2) & 1, 1);
  remaps();
  faults();
  at_s1e2();
  tbi();
  mmu_el2_off();
  t_check("mmu_off_pa_read", rd32(PAGE(0) + 12), 0xabcd0123);
}
