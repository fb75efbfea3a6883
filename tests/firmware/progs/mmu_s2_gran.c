// Stage-2 translation regimes (VTCR_EL2.TG0/T0SZ/SL0) under an EL1 whose
// stage 1 is off (VA = IPA), Arm ARM D8.2: 4K with start level 0 (40-bit
// IPA, a 2-entry level-0 table), 4K at level 1 with 2 concatenated tables
// (40-bit), 4K at level 2 with 4 concatenated tables (32-bit), 64K at level 2
// (42-bit), 64K at level 3 with 16 concatenated tables (33-bit).  For each:
// identity RAM, one IPA remapped to another PA, an IPA in the last table of
// the range, an unmapped IPA (translation fault at level 3 with HPFAR_EL2),
// and an IPA beyond T0SZ (translation fault, level 0).
#include "mmu.h"

const char test_name[] = "mmu_s2_gran";

static struct pt s2;
static volatile u64 g_hpfar;
static u64 pg;

#define PAGE(i) (TEST_PAGES + (u64)(i)*pg)

static int record_hpfar(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)f;
  if (el == 2 && (vec & 0x180) == 0) g_hpfar = sysreg_read(hpfar_el2);
  return 0;
}

static u64 el1_read(u64 va) {  // a load with a known SRT (5) for the syndrome
  u64 v;
  __asm__ volatile("mov x5, #0\n\tldr w5, [%1]\n\tmov %0, x5" : "=r"(v) : "r"(va) : "x5", "memory");
  return v;
}

struct cfg {
  const char* name;
  unsigned gran_shift, ia_bits, start_level;
  u64 high_ipa;  // an IPA near the top of the range, mapped to PAGE(1)
};

static void run_cfg(const struct cfg* c, u64 vmid) {
  char n[64];
  pg = 1ull << c->gran_shift;
  t_section(c->name);
  pt_pool_reset();
  pt_init_s2(&s2, c->gran_shift, c->ia_bits, c->start_level);
  if (c->gran_shift == 12) {
    pt_map(&s2, 0x09000000, 0x09000000, 0x200000, 2, S2_DEVICE);
    pt_map(&s2, 0x40000000, 0x40000000, 0x10000000, 2, S2_NORMAL);
    pt_map(&s2, TEST_PAGES, TEST_PAGES, 0x200000, 3, S2_NORMAL);
  } else {
    pt_map(&s2, 0x09000000, 0x09000000, pg, 3, S2_DEVICE);
    pt_map(&s2, 0x40000000, 0x40000000, 0x10000000, 3, S2_NORMAL);
  }
  pt_map(&s2, PAGE(2), PAGE(3), pg, 3, S2_NORMAL);
  *pt_slot(&s2, PAGE(4), 3) = 0;
  pt_map(&s2, c->high_ipa, PAGE(1), pg, 3, S2_NORMAL);
  sysreg_write(vtcr_el2, pt_vtcr(&s2));
  sysreg_write(vttbr_el2, s2.root | (vmid << 48));
  isb();
  __asm__ volatile("tlbi alle1\n\tdsb ish\n\tisb" ::: "memory");
  set_hcr_vm(1);

  snprintf(n, sizeof n, "%s_vtcr_sl0", c->name);
  t_check(n, (pt_vtcr(&s2) >> 6) & 3,
          c->gran_shift == 12 ? 2 - c->start_level : 3 - c->start_level);
  snprintf(n, sizeof n, "%s_identity", c->name);
  t_check(n, run_el1(el1_read, PAGE(0) + 4), 0x2000);
  snprintf(n, sizeof n, "%s_remapped", c->name);
  t_check(n, run_el1(el1_read, PAGE(2)), 0x1003);
  snprintf(n, sizeof n, "%s_high_ipa", c->name);
  t_check(n, run_el1(el1_read, c->high_ipa + 8), 0x3001);

  g_exc_hook = record_hpfar;
  exc_reset();
  run_el1(el1_read, PAGE(4) + 0x10);
  exc_disarm();
  snprintf(n, sizeof n, "%s_unmapped", c->name);
  t_check(n, g_exc.esr, ESR(EC_DABT_LOW, ISS_ISV | ISS_SAS(2) | ISS_SRT(5) | FSC_TRANS(3)));
  t_check("  far_el2", g_exc.far, PAGE(4) + 0x10);
  t_check("  hpfar_el2", g_hpfar, (PAGE(4) >> 12) << 4);
  exc_reset();
  run_el1(el1_read, (1ull << c->ia_bits) + PAGE(0));
  exc_disarm();
  g_exc_hook = 0;
  snprintf(n, sizeof n, "%s_beyond_t0sz", c->name);
  t_check(n, g_exc.esr, ESR(EC_DABT_LOW, ISS_ISV | ISS_SAS(2) | ISS_SRT(5) | FSC_TRANS(0)));
  t_check("  far_el2", g_exc.far, (1ull << c->ia_bits) + PAGE(0));
  t_check("  hpfar_el2", g_hpfar, (((1ull << c->ia_bits) + PAGE(0)) >> 12) << 4);
  set_hcr_vm(0);
}

static const struct cfg cfgs[] = {
    {"s2_4k_l0", 12, 40, 0, 0x8049000000ull},
    {"s2_4k_l1_concat2", 12, 40, 1, 0x8049000000ull},
    {"s2_4k_l2_concat4", 12, 32, 2, 0xC9000000ull},
    {"s2_64k_l2", 16, 42, 2, 0x20049000000ull},
    {"s2_64k_l3_concat16", 16, 33, 3, 0x149000000ull},
};

void test_main(u64 dtb) {
  (void)dtb;
  for (unsigned i = 0; i < 8; i++) {
    wr32(TEST_PAGES + i * 0x1000, 0x1000 + i);
    wr32(TEST_PAGES + i * 0x1000 + 4, 0x2000 + i);
    wr32(TEST_PAGES + i * 0x1000 + 8, 0x3000 + i);
    wr32(TEST_PAGES + i * 0x10000, 0x1000 + i);
    wr32(TEST_PAGES + i * 0x10000 + 4, 0x2000 + i);
    wr32(TEST_PAGES + i * 0x10000 + 8, 0x3000 + i);
  }
  for (unsigned i = 0; i < ARRAY_SIZE(cfgs); i++) run_cfg(&cfgs[i], i + 1);
}
