// An EL1 kernel with its own stage-1 tables (TTBR0_EL1 with ASID 1,
// TTBR1_EL1, TCR_EL1, MAIR_EL1, SCTLR_EL1.M) running under a stage-2 map
// that EL2 set up (VTTBR_EL2 with VMID 1, VTCR_EL2, HCR_EL2.VM), 4K granule.
//
// Stage-1 faults are taken to EL1 (EC 0x25/0x21 at VBAR_EL1 + 0x200, FAR_EL1):
// translation (TTBR0 and TTBR1 halves), permission (write to AP = RO),
// access flag, PXN instruction fetch, fetch from an EL0-writable page.  Stage-2 faults are taken to
// EL2 (EC 0x24/0x20 at VBAR_EL2 + 0x400, FAR_EL2 = VA, HPFAR_EL2.FIPA = IPA[47:12]): translation,
// S2AP write permission, access flag, XN fetch.  Loads and stores of one general-purpose register
// to an IPA that stage 2 leaves unmapped (MMIO) carry the instruction syndrome (Arm ARM D13.2.37:
// ISV = 1, SAS, SSE, SRT, SF, AR, WnR); the EL2 handler emulates them as a hypervisor would (writes
// the value into X[SRT] with the size/sign/width the syndrome gives, or records the stored value,
// then ELR += 4).  Loads and stores that write back the base or use two registers report ISV = 0.
#include "mmu.h"

const char test_name[] = "mmu_el1_s2";

#define PG 0x1000ull
#define PAGE(i) (TEST_PAGES + (u64)(i)*PG)  // PA = IPA (identity at stage 2)
#define AV 0x60000000ull                    // EL1 VA of the test pages
#define VA(i) (AV + (u64)(i)*PG)
#define MMIO_IPA 0x0a000000ull  // stage 2: unmapped (level-2 entry invalid)
#define MMIO_VALUE 0x8899aabbccddeeffull
#define TTBR1_VA 0xFFFFFF8000000000ull  // T1SZ = 25: the lowest VA of TTBR1_EL1
#define VMID 1ull
#define ASID 1ull

static struct pt s2, s1, s1hi;
static volatile u64 g_hpfar, g_mmio_count, g_mmio_store, g_mmio_ipa;

#define S1_RW (S1_NORMAL | PTE_AP_RW_EL1 | PTE_UXN | PTE_PXN)
#define S1_CODE (S1_NORMAL | PTE_AP_RO_EL1 | PTE_UXN)

static void build(void) {
  pt_pool_reset();
  // Stage 2: IPA = PA for the UART (2M block, Device) and RAM (2M blocks),
  // level-3 pages for the test region.
  pt_init(&s2, 2, 12, 39);
  pt_map(&s2, 0x09000000, 0x09000000, 0x200000, 2, S2_DEVICE);
  pt_map(&s2, 0x40000000, 0x40000000, 0x10000000, 2, S2_NORMAL);
  pt_map(&s2, TEST_PAGES, TEST_PAGES, 0x200000, 3, S2_NORMAL);
  pt_map(&s2, PAGE(1), PAGE(1), PG, 3, (S2_NORMAL & ~S2AP_RW) | S2AP_RO);
  pt_map(&s2, PAGE(2), PAGE(2), PG, 3, S2_NORMAL | PTE_XN);
  *pt_slot(&s2, PAGE(3), 3) = 0;  // unmapped IPA
  pt_map(&s2, PAGE(4), PAGE(4), PG, 3, S2_NORMAL & ~PTE_AF);
  pt_map(&s2, PAGE(5), PAGE(6), PG, 3, S2_NORMAL);  // IPA page 5 -> PA page 6
  // Stage 1 (EL1&0), TTBR0: identity for the devices and RAM, test pages at AV.
  pt_init(&s1, 1, 12, 39);
  pt_map(&s1, 0, 0, 1ull << 30, 1, S1_DEVICE | PTE_AP_RW_EL1);
  pt_map(&s1, 0x40000000, 0x40000000, 0x10000000, 2, S1_NORMAL | PTE_AP_RW_EL1);
  pt_map(&s1, VA(0), PAGE(0), PG, 3, S1_RW);
  pt_map(&s1, VA(1), PAGE(0), PG, 3, S1_NORMAL | PTE_AP_RO_EL1 | PTE_UXN | PTE_PXN);
  // VA(2) unmapped
  pt_map(&s1, VA(3), PAGE(0), PG, 3, S1_RW & ~PTE_AF);
  pt_map(&s1, VA(4), PAGE(7), PG, 3, S1_CODE | PTE_PXN);  // privileged execute-never
  pt_map(&s1, VA(5), PAGE(1), PG, 3, S1_RW);              // S2AP read-only
  pt_map(&s1, VA(6), PAGE(3), PG, 3, S1_RW);              // IPA unmapped
  pt_map(&s1, VA(7), PAGE(2), PG, 3, S1_CODE);            // stage-2 XN
  pt_map(&s1, VA(8), PAGE(5), PG, 3, S1_RW);              // IPA 5 -> PA 6
  pt_map(&s1, VA(9), MMIO_IPA, PG, 3, S1_DEVICE | PTE_AP_RW_EL1);
  pt_map(&s1, VA(10), PAGE(4), PG, 3, S1_RW);  // stage-2 access flag clear
  pt_map(&s1, VA(11), PAGE(7), PG, 3, S1_CODE);
  // Writable at EL0: never executable at EL1 (Arm ARM D8.4.3), whatever PXN says.
  pt_map(&s1, VA(12), PAGE(7), PG, 3, S1_NORMAL | PTE_AP_RW_ALL | PTE_UXN);
  // TTBR1: one page at the bottom of the upper range.
  pt_init(&s1hi, 1, 12, 39);
  pt_map(&s1hi, TTBR1_VA, PAGE(0), PG, 3, S1_RW);
}

// EL2 side: records HPFAR_EL2, returns from instruction aborts to X30 and
// emulates MMIO loads/stores that carry a syndrome.
static int el2_hook(struct exc_frame* f, unsigned el, unsigned vec) {
  unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;
  u32 iss = (u32)f->esr & 0x1ffffff;
  if ((vec & 0x180) != 0) return 0;
  if (ec == EC_IABT_CUR || ec == EC_IABT_LOW) {
    if (el == 2) g_hpfar = sysreg_read(hpfar_el2);
    f->elr = f->x[30];
    return 1;
  }
  if (el != 2 || ec != EC_DABT_LOW) return 0;
  u64 hpfar = sysreg_read(hpfar_el2);
  g_hpfar = hpfar;
  u64 ipa = ((hpfar >> 4) << 12) | (f->far & 0xfff);
  // MMIO: a translation fault (HPFAR valid) in the emulated page, with a syndrome.
  if ((iss & 0x3c) != 0x04 || (ipa & ~0xfffull) != MMIO_IPA || !(iss & ISS_ISV)) return 0;
  unsigned sas = (iss >> 22) & 3, srt = (iss >> 16) & 31, bits = 8u << sas;
  g_mmio_count++;
  g_mmio_ipa = ipa;
  if (iss & ISS_WNR) {
    u64 v = srt == 31 ? 0 : f->x[srt];
    g_mmio_store = bits == 64 ? v : v & ((1ull << bits) - 1);
  } else {
    u64 v = bits == 64 ? MMIO_VALUE : MMIO_VALUE & ((1ull << bits) - 1);
    if ((iss & ISS_SSE) && bits < 64) v = (u64)((s64)(v << (64 - bits)) >> (64 - bits));
    if (!(iss & ISS_SF)) v &= 0xffffffffull;
    if (srt != 31) f->x[srt] = v;
  }
  f->elr += 4;
  return 1;
}

// Runs ins with x9 = va and x2..x8 = 0 (x8 = 0x12345678 for stores); returns
// the address of ins, *val = the register named by reg afterwards.
#define ACC(ins, reg, va, val)                                                         \
  ({                                                                                   \
    u64 a_, v_;                                                                        \
    exc_reset();                                                                       \
    __asm__ volatile(                                                                  \
        "mov x9, %2\n\tmov x2, #0\n\tmov x3, #0x5a5a\n\tmov x4, #-2\n\tmov x5, #0\n\t" \
        "mov x6, #0\n\tmov x7, #0\n\tldr x8, =0x12345678\n\tadr %0, 1f\n1:\t" ins      \
        "\n\tmov %1, " reg                                                             \
        : "=&r"(a_), "=&r"(v_)                                                         \
        : "r"((u64)(va))                                                               \
        : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "memory");                   \
    exc_disarm();                                                                      \
    *(val) = v_;                                                                       \
    a_;                                                                                \
  })

#define DABT_S2(iss) ESR(EC_DABT_LOW, (iss))
#define HPFAR_OF(ipa) (((ipa) >> 12) << 4)

static void mmio(void) {
  u64 a, v;
  unsigned n = 0;
  u64 base = VA(9);
#define MMIO(nm, ins, reg, off, iss, want)                                 \
  do {                                                                     \
    a = ACC(ins, reg, base, &v);                                           \
    t_check_exc(nm, 2, 0x400, DABT_S2(ISS_ISV | (iss) | FSC_TRANS(2)), a); \
    t_check("  far_el2", g_exc.far, base + (off));                         \
    t_check("  hpfar_el2", g_hpfar, HPFAR_OF(MMIO_IPA));                   \
    t_check("  value", v, want);                                           \
    n++;                                                                   \
  } while (0)
  t_section("MMIO emulation from the stage-2 syndrome (ISV = 1)");
  MMIO("mmio_ldr_w5", "ldr w5, [x9]", "x5", 0, ISS_SAS(2) | ISS_SRT(5), 0xccddeeffull);
  MMIO("mmio_ldrsh_x7", "ldrsh x7, [x9, #2]", "x7", 2, ISS_SAS(1) | ISS_SSE | ISS_SRT(7) | ISS_SF,
       0xffffffffffffeeffull);
  MMIO("mmio_ldrb_w3", "ldrb w3, [x9, #1]", "x3", 1, ISS_SAS(0) | ISS_SRT(3), 0xffull);
  MMIO("mmio_ldrsb_w4", "ldrsb w4, [x9]", "x4", 0, ISS_SAS(0) | ISS_SSE | ISS_SRT(4),
       0xffffffffull);
  MMIO("mmio_ldrsw_x6", "ldrsw x6, [x9, #4]", "x6", 4, ISS_SAS(2) | ISS_SSE | ISS_SRT(6) | ISS_SF,
       0xffffffffccddeeffull);
  MMIO("mmio_ldar_x2", "ldar x2, [x9]", "x2", 0, ISS_SAS(3) | ISS_SRT(2) | ISS_SF | ISS_AR,
       MMIO_VALUE);
  g_mmio_store = 0;
  MMIO("mmio_str_w8", "str w8, [x9, #8]", "x8", 8, ISS_SAS(2) | ISS_SRT(8) | ISS_WNR,
       0x12345678ull);
  t_check("  stored", g_mmio_store, 0x12345678);
  MMIO("mmio_strh_w3", "strh w3, [x9, #6]", "x3", 6, ISS_SAS(1) | ISS_SRT(3) | ISS_WNR, 0x5a5aull);
  t_check("  stored", g_mmio_store, 0x5a5a);
  MMIO("mmio_stlr_x4", "stlr x4, [x9]", "x4", 0,
       ISS_SAS(3) | ISS_SRT(4) | ISS_SF | ISS_AR | ISS_WNR, 0xfffffffffffffffeull);
  t_check("  stored", g_mmio_store, 0xfffffffffffffffeull);
  t_check("mmio_emulated", g_mmio_count, n);

  t_section("stage-2 aborts without a syndrome (ISV = 0)");
  g_mmio_count = 0;
  a = ACC("ldr x5, [x9], #8", "x9", base, &v);
  t_check_exc("mmio_ldr_postindex", 2, 0x400, DABT_S2(FSC_TRANS(2)), a);
  t_check("  base_unchanged", v, base);
  a = ACC("ldp x5, x6, [x9]", "x5", base, &v);
  t_check_exc("mmio_ldp", 2, 0x400, DABT_S2(FSC_TRANS(2)), a);
  a = ACC("stp x5, x6, [x9, #16]", "x5", base, &v);
  t_check_exc("mmio_stp", 2, 0x400, DABT_S2(ISS_WNR | FSC_TRANS(2)), a);
  t_check("  far_el2", g_exc.far, base + 16);
  t_check("mmio_not_emulated", g_mmio_count, 0);
}

static void stage1_faults(void) {
  u64 a, v;
  t_section("stage 1 (EL1&0 regime): faults taken to EL1");
  t_check("s1_read_page0", rd32(VA(0)), 0x1000);
  t_check("s1_ttbr1_read", rd32(TTBR1_VA), 0x1000);
  a = ACC("ldr w5, [x9]", "x5", VA(2) + 4, &v);
  t_check_abort("s1_xlat_l3", 1, 0x200, EC_DABT_CUR, FSC_TRANS(3), a, VA(2) + 4);
  a = ACC("ldr x5, [x9]", "x5", TTBR1_VA + PG, &v);
  t_check_abort("s1_ttbr1_xlat_l3", 1, 0x200, EC_DABT_CUR, FSC_TRANS(3), a, TTBR1_VA + PG);
  a = ACC("ldr x5, [x9]", "x5", TTBR1_VA - 0x40000000ull, &v);  // between the ranges
  t_check_abort("s1_va_hole", 1, 0x200, EC_DABT_CUR, FSC_TRANS(0), a, TTBR1_VA - 0x40000000ull);
  t_check("s1_ro_read", rd32(VA(1)), 0x1000);
  a = ACC("str w8, [x9, #4]", "x8", VA(1), &v);
  t_check_abort("s1_perm_write", 1, 0x200, EC_DABT_CUR, ISS_WNR | FSC_PERM(3), a, VA(1) + 4);
  a = ACC("ldr w5, [x9]", "x5", VA(3), &v);
  t_check_abort("s1_access_flag", 1, 0x200, EC_DABT_CUR, FSC_ACCESS(3), a, VA(3));
  t_check("s1_exec_ok", call_at(VA(11)), 0x99);
  t_check("s1_pxn_fetch_ret", call_at(VA(4)), 0);
  t_check_abort("s1_pxn_fetch", 1, 0x200, EC_IABT_CUR, FSC_PERM(3), VA(4), VA(4));
  t_check("s1_el0_writable_fetch_ret", call_at(VA(12)), 0);
  t_check_abort("s1_el0_writable_fetch", 1, 0x200, EC_IABT_CUR, FSC_PERM(3), VA(12), VA(12));
}

static void stage2_faults(void) {
  u64 a, v;
  t_section("stage 2: faults taken to EL2");
  t_check("s2_remapped_ipa", rd32(VA(8)), 0x1006);
  t_check("s2_ro_read", rd32(VA(5)), 0x1001);
  a = ACC("str x8, [x9, #8]", "x8", VA(5), &v);
  t_check_exc("s2_perm_write", 2, 0x400,
              DABT_S2(ISS_ISV | ISS_SAS(3) | ISS_SRT(8) | ISS_SF | ISS_WNR | FSC_PERM(3)), a);
  t_check("  far_el2", g_exc.far, VA(5) + 8);  // (HPFAR_EL2 is UNKNOWN for permission faults)
  t_check("  unchanged", rd32(VA(5) + 8), 0);
  a = ACC("ldrh w6, [x9, #0x22]", "x6", VA(6), &v);
  t_check_exc("s2_xlat_l3", 2, 0x400, DABT_S2(ISS_ISV | ISS_SAS(1) | ISS_SRT(6) | FSC_TRANS(3)), a);
  t_check("  far_el2", g_exc.far, VA(6) + 0x22);
  t_check("  hpfar_el2", g_hpfar, HPFAR_OF(PAGE(3)));
  a = ACC("ldr x7, [x9]", "x7", VA(10), &v);
  t_check_exc("s2_access_flag", 2, 0x400,
              DABT_S2(ISS_ISV | ISS_SAS(3) | ISS_SRT(7) | ISS_SF | FSC_ACCESS(3)), a);
  t_check("  hpfar_el2", g_hpfar, HPFAR_OF(PAGE(4)));
  t_check("s2_xn_fetch_ret", call_at(VA(7)), 0);
  t_check_exc("s2_xn_fetch", 2, 0x400, ESR(EC_IABT_LOW, FSC_PERM(3)), VA(7));
  t_check("  far_el2", g_exc.far, VA(7));  // (HPFAR_EL2 is UNKNOWN for permission faults)
}

static u64 kernel(u64 arg) {
  (void)arg;
  t_check("el1_currentel", sysreg_read(CurrentEL), 0x4);
  sysreg_write(mair_el1, MAIR_VALUE);
  sysreg_write(tcr_el1, pt_tcr_el1(&s1, &s1hi));
  sysreg_write(ttbr0_el1, s1.root | (ASID << 48));
  sysreg_write(ttbr1_el1, s1hi.root);
  __asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | 1);
  isb();
  t_check("el1_mmu_on", sysreg_read(sctlr_el1) & 1, 1);
  stage1_faults();
  stage2_faults();
  mmio();
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  isb();
  return 0x600d;
}

void test_main(u64 dtb) {
  (void)dtb;
  for (unsigned i = 0; i < 8; i++) {
    for (u64 o = 0; o < 64; o += 4) wr32(PAGE(i) + o, 0);
    wr32(PAGE(i), 0x1000 + i);
  }
  put_code(PAGE(2), 0x55);
  put_code(PAGE(7), 0x99);
  build();
  sysreg_write(vtcr_el2, pt_vtcr(&s2));
  sysreg_write(vttbr_el2, s2.root | (VMID << 48));
  isb();
  __asm__ volatile("tlbi alle1\n\tdsb ish\n\tisb" ::: "memory");
  set_hcr_vm(1);
  g_exc_hook = el2_hook;
  t_check("kernel_returned", run_el1(kernel, 0), 0x600d);
  g_exc_hook = 0;
  set_hcr_vm(0);
}
