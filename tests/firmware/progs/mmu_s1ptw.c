// Stage-2 faults on stage-1 translation table walks (S1PTW), 4K granule.
// An EL1 kernel's stage-1 tables live in IPA pages that stage 2 maps
// elsewhere (the nested walk: every stage-1 descriptor address goes through
// stage 2), maps read-only (walks only read), maps with no access, or leaves
// unmapped.  A load, an instruction fetch and AT S1E1R whose walk hits such a
// page take a Data/Instruction Abort to EL2 (Arm ARM D8.3, D13.2.37):
// S1PTW = 1, ISV = 0, FAR_EL2 = the VA, HPFAR_EL2 = the IPA of the
// descriptor; AT from EL1 also sets CM = 1 and WnR = 1.  AT S12E1R from EL2
// reports the fault in PAR_EL1 (F = 1, PTW = 1, S = 1).  The DFSC/IFSC/FST
// level is the level of the stage-2 walk that faulted: each has its own check
// line (QEMU 7.2 reports the stage-1 level, qemu_deviations.txt).  WnR is the
// instruction's although the walk only reads: 0 for a load, 1 for a store, for
// translation and permission faults alike (ESR_ELx.ISS.WnR; the fault record of
// the walk keeps the access's write flag).  The EL2 handler also repairs one fault
// (maps the IPA, TLBI IPAS2E1IS) and lets the load retry, as a hypervisor
// that populates stage 2 lazily would.
#include "exc_test.h"
#include "mmu.h"

const char test_name[] = "mmu_s1ptw";

#define PG 0x1000ull
#define PAGE(i) (TEST_PAGES + (u64)(i)*PG)
#define NOMAP_IPA 0x0a000000ull  // stage 2: level-2 entry invalid
#define VMID 5ull

static struct pt s2, s1;
static volatile u64 g_hpfar, g_fixup;

#define S1_RW (S1_NORMAL | PTE_AP_RW_EL1 | PTE_UXN | PTE_PXN)

static void s1_table_at(u64 va, unsigned level, u64 ipa) {
  *pt_slot(&s1, va, level) = ipa | PTE_TYPE_TABLE;
}

static void build(void) {
  pt_pool_reset();
  pt_init(&s2, 2, 12, 39);
  pt_map(&s2, 0x09000000, 0x09000000, 0x200000, 2, S2_DEVICE);
  pt_map(&s2, 0x40000000, 0x40000000, 0x10000000, 2, S2_NORMAL);
  pt_map(&s2, TEST_PAGES, TEST_PAGES, 0x200000, 3, S2_NORMAL);
  *pt_slot(&s2, PAGE(3), 3) = 0;                    // unmapped IPA
  pt_map(&s2, PAGE(4), PAGE(5), PG, 3, S2_NORMAL);  // IPA 4 -> PA 5
  pt_map(&s2, PAGE(6), PAGE(6), PG, 3, (S2_NORMAL & ~S2AP_RW) | S2AP_NONE);
  pt_map(&s2, PAGE(7), PAGE(7), PG, 3, (S2_NORMAL & ~S2AP_RW) | S2AP_RO);
  *pt_slot(&s2, PAGE(8), 3) = 0;  // unmapped until the EL2 handler maps it

  pt_init(&s1, 1, 12, 39);
  pt_map(&s1, 0, 0, 1ull << 30, 1, S1_DEVICE | PTE_AP_RW_EL1);
  pt_map(&s1, 0x40000000, 0x40000000, 0x10000000, 2, S1_NORMAL | PTE_AP_RW_EL1);
  pt_map(&s1, 0x60000000, PAGE(0), PG, 3, S1_RW);
  s1_table_at(0x60200000, 2, NOMAP_IPA);  // level-3 table: stage-2 level-2 fault
  s1_table_at(0x80000000, 1, PAGE(3));    // level-2 table: stage-2 level-3 fault
  s1_table_at(0x60400000, 2, PAGE(4));    // level-3 table at IPA 4 = PA 5
  wr64(PAGE(5), PAGE(0) | S1_RW | PTE_TYPE_TABLE);
  wr64(PAGE(4), PAGE(2) | S1_RW | PTE_TYPE_TABLE);  // what a walk without stage 2 would see
  s1_table_at(0x60600000, 2, PAGE(6));              // level-3 table in a no-access IPA page
  wr64(PAGE(6), PAGE(0) | S1_RW | PTE_TYPE_TABLE);
  s1_table_at(0x60800000, 2, PAGE(7));  // level-3 table in a read-only IPA page
  wr64(PAGE(7), PAGE(1) | S1_RW | PTE_TYPE_TABLE);
  s1_table_at(0x60a00000, 2, PAGE(8));  // level-3 table the hypervisor maps on demand
  wr64(PAGE(9), PAGE(0) | S1_RW | PTE_TYPE_TABLE);
  // An executable page for the instruction-fetch walk: VA 0x60210000 (table
  // at NOMAP_IPA).
  dsb_ish();
}

static int el2_hook(struct exc_frame* f, unsigned el, unsigned vec) {
  unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;
  if ((vec & 0x180) != 0 || el != 2) return 0;
  if (ec == EC_IABT_LOW) {
    g_hpfar = sysreg_read(hpfar_el2);
    f->elr = f->x[30];
    return 1;
  }
  if (ec != EC_DABT_LOW) return 0;
  g_hpfar = sysreg_read(hpfar_el2);
  if ((g_hpfar >> 4) << 12 == PAGE(8) && g_fixup) {
    // Lazy stage-2 fill: map IPA 8 -> PA 9, invalidate, retry the load.
    pt_map(&s2, PAGE(8), PAGE(9), PG, 3, S2_NORMAL);
    __asm__ volatile(
        "dsb ish\n\ttlbi ipas2e1is, %0\n\tdsb ish\n\ttlbi vmalle1is\n\tdsb ish" ::"r"(PAGE(8) >> 12)
        : "memory");
    g_fixup = 0;
    return 1;  // ELR unchanged: the load runs again
  }
  return 0;
}

#define LOAD(va, val) (*(val) = 0, MEM_AT("ldr %w[v], [%[a]]", va, val))
#define STORE(va)                         \
  ({                                      \
    u64 v_ = 0;                           \
    MEM_AT("str %w[v], [%[a]]", va, &v_); \
  })

// Splits the recorded ESR: the check line without FSC, then the FSC on its own.
static void check_s1ptw(const char* name, const char* fsc_name, unsigned ec, u32 iss, u64 elr,
                        u32 fsc, u64 far, u64 ipa) {
  u32 got_fsc = (u32)g_exc.esr & 0x3f;
  g_exc.esr &= ~(u64)0x3f;
  t_check_exc(name, 2, 0x400, ESR(ec, iss), elr);
  t_check("  far_el2", g_exc.far, far);
  t_check("  hpfar_el2", g_hpfar, (ipa >> 12) << 4);
  t_check(fsc_name, got_fsc, fsc);  // last: the allowlist drops it with no detail lines
}

static u64 kernel(u64 arg) {
  u64 a, v;
  (void)arg;
  sysreg_write(mair_el1, MAIR_VALUE);
  sysreg_write(tcr_el1, pt_tcr_el1(&s1, 0));
  sysreg_write(ttbr0_el1, s1.root);
  __asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | 1);
  isb();
  t_section("nested walk");
  t_check("s1_page", rd32(0x60000000), 0x1000);
  t_check("s1_table_via_s2_remap", rd32(0x60400000), 0x1000);
  t_check("s1_table_in_s2_ro_page", rd32(0x60800000), 0x1001);

  t_section("stage-2 faults on the stage-1 walk");
  a = LOAD(0x60200010, &v);
  check_s1ptw("s1ptw_load_l3_table", "s1ptw_load_l3_table_dfsc", EC_DABT_LOW, ISS_S1PTW, a,
              FSC_TRANS(2), 0x60200010, NOMAP_IPA);
  a = LOAD(0x80000020, &v);
  check_s1ptw("s1ptw_load_l2_table", "s1ptw_load_l2_table_dfsc", EC_DABT_LOW, ISS_S1PTW, a,
              FSC_TRANS(3), 0x80000020, PAGE(3));
  a = LOAD(0x60600000, &v);
  check_s1ptw("s1ptw_load_noaccess", "s1ptw_load_noaccess_dfsc", EC_DABT_LOW, ISS_S1PTW, a,
              FSC_PERM(3), 0x60600000, PAGE(6));
  a = STORE(0x60200018);
  check_s1ptw("s1ptw_store_l3_table", "s1ptw_store_l3_table_dfsc", EC_DABT_LOW, ISS_S1PTW | ISS_WNR,
              a, FSC_TRANS(2), 0x60200018, NOMAP_IPA);
  a = STORE(0x60600008);
  check_s1ptw("s1ptw_store_noaccess", "s1ptw_store_noaccess_dfsc", EC_DABT_LOW, ISS_S1PTW | ISS_WNR,
              a, FSC_PERM(3), 0x60600008, PAGE(6));
  t_check("s1ptw_fetch_ret", call_at(0x60210000), 0);
  check_s1ptw("s1ptw_fetch", "s1ptw_fetch_ifsc", EC_IABT_LOW, ISS_S1PTW, 0x60210000, FSC_TRANS(2),
              0x60210000, NOMAP_IPA);
  exc_reset();
  __asm__ volatile("adr %0, 1f\n1:\tat s1e1r, %1\n\tisb"
                   : "=&r"(a)
                   : "r"(0x80000040ull)
                   : "memory");
  exc_disarm();
  check_s1ptw("s1ptw_at_s1e1r", "s1ptw_at_s1e1r_dfsc", EC_DABT_LOW, (1u << 8) | ISS_S1PTW | ISS_WNR,
              a, FSC_TRANS(3), 0x80000040, PAGE(3));

  t_section("hypervisor maps the table's IPA, the load retries");
  g_fixup = 1;
  a = LOAD(0x60a00000, &v);
  t_check("s1ptw_fixup_value", v, 0x1000);
  // IPA 8 is a stage-2 level-3 page and the table a stage-1 level-3 table.
  t_check_exc("s1ptw_fixup_one_abort", 2, 0x400, ESR(EC_DABT_LOW, ISS_S1PTW | FSC_TRANS(3)), a);
  t_check("  hpfar_el2", g_hpfar, (PAGE(8) >> 12) << 4);
  t_check("s1ptw_fixup_again", rd32(0x60a00000), 0x1000);

  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  isb();
  return 0x600d;
}

void test_main(u64 dtb) {
  (void)dtb;
  for (unsigned i = 0; i < 10; i++) {
    for (u64 o = 0; o < 64; o += 4) wr32(PAGE(i) + o, 0);
  }
  wr32(PAGE(0), 0x1000);
  wr32(PAGE(1), 0x1001);
  wr32(PAGE(2), 0x1002);
  build();
  sysreg_write(vtcr_el2, pt_vtcr(&s2));
  sysreg_write(vttbr_el2, s2.root | (VMID << 48));
  isb();
  __asm__ volatile("tlbi alle1\n\tdsb ish\n\tisb" ::: "memory");
  set_hcr_vm(1);
  g_exc_hook = el2_hook;
  t_check("kernel_returned", run_el1(kernel, 0), 0x600d);
  g_exc_hook = 0;

  t_section("AT S12E1R from EL2: the fault in PAR_EL1");
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | 1);
  isb();
  u64 par = AT(s12e1r, 0x80000040ull);
  t_check("at_s12e1r_s1ptw", par_defined(par) & ~0x7Eull, PAR_FAULT(0, 1, 1));
  t_check("at_s12e1r_s1ptw_fst", (par >> 1) & 0x3f, FSC_TRANS(3));
  par = AT(s1e1r, 0x60200000ull);
  t_check("at_s1e1r_el2_s1ptw", par_defined(par) & ~0x7Eull, PAR_FAULT(0, 1, 1));
  t_check("at_s1e1r_el2_s1ptw_fst", (par >> 1) & 0x3f, FSC_TRANS(2));
  t_check("at_s12e1r_nested", par_defined(AT(s12e1r, 0x60400000ull)), PAGE(0));
  t_check("at_s1e1r_nested", par_defined(AT(s1e1r, 0x60400000ull)), PAGE(0));
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  isb();
  set_hcr_vm(0);
}
