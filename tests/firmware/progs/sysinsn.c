// System instructions without architectural results beyond completing:
// barriers (DMB/DSB all options, ISB), hints (NOP, YIELD, SEV, SEVL, WFE after
// SEVL, CLREX, unallocated HINT space as NOP), cache maintenance (IC IALLU/IALLUIS/IVAU, DC
// CIVAC/CVAC/CVAU/ IVAC/ISW/CSW/CISW), TLB maintenance at EL2 and EL1 (TLBI), AT S1E2R/S1E1R with
// the MMU off (PAR_EL1.F = 0, PA = VA), generic SYS forms.
#include "exc_test.h"

const char test_name[] = "sysinsn";

static u8 scratch[128] __attribute__((aligned(64)));

static u64 at_el1(u64 arg) {
  (void)arg;
  exc_reset();
  __asm__ volatile(
      "tlbi vmalle1\n\ttlbi vmalle1is\n\ttlbi vae1, %0\n\ttlbi vale1is, %0\n\t"
      "tlbi aside1, %0\n\ttlbi vaae1, %0\n\tdsb ish\n\tisb\n\t"
      "ic iallu\n\tic ialluis\n\tdc cvac, %1\n\tdc civac, %1\n\tdsb sy"
      :
      : "r"(0x1234ull), "r"(scratch)
      : "memory");
  exc_disarm();
  t_check("el1_maintenance_no_exc", g_exc.count, 0);
  u64 va = (u64)scratch + 0x48;
  __asm__ volatile("at s1e1r, %0\n\tisb" ::"r"(va) : "memory");
  u64 par = sysreg_read(par_el1);
  t_check("el1_at_s1e1r_f", par & 1, 0);
  t_check("el1_at_s1e1r_pa", par & 0x0000fffffffff000ull, va & ~0xfffull);
  return 1;
}

void test_main(u64 dtb) {
  (void)dtb;
  exc_reset();
  __asm__ volatile(
      "dmb sy\n\tdmb st\n\tdmb ld\n\tdmb ish\n\tdmb ishst\n\tdmb ishld\n\tdmb nsh\n\t"
      "dmb nshst\n\tdmb nshld\n\tdmb osh\n\tdmb oshst\n\tdmb oshld\n\t"
      "dsb sy\n\tdsb st\n\tdsb ld\n\tdsb ish\n\tdsb ishst\n\tdsb ishld\n\tdsb nsh\n\t"
      "dsb nshst\n\tdsb nshld\n\tdsb osh\n\tdsb oshst\n\tdsb oshld\n\tisb\n\tisb sy\n\t"
      "nop\n\tyield\n\tsev\n\tsevl\n\twfe\n\tsevl\n\twfe\n\tclrex\n\tclrex #5\n\t"
      "hint #0\n\thint #0x7f\n\tcsdb\n\thint #16\n\thint #17\n\t" ::
          : "memory");
  exc_disarm();
  t_check("barriers_hints_no_exc", g_exc.count, 0);
  exc_reset();
  __asm__ volatile(
      "ic iallu\n\tic ialluis\n\tic ivau, %0\n\tdc cvac, %0\n\tdc cvau, %0\n\t"
      "dc civac, %0\n\tdc isw, %1\n\tdc csw, %1\n\tdc cisw, %1\n\tdsb sy\n\tisb"
      :
      : "r"(scratch), "r"(0ull)
      : "memory");
  exc_disarm();
  t_check("cache_maintenance_no_exc", g_exc.count, 0);
  // DC IVAC may discard dirty data: use it on a line we rewrite afterwards.
  exc_reset();
  __asm__ volatile("dc ivac, %0\n\tdsb sy" ::"r"(scratch + 64) : "memory");
  exc_disarm();
  t_check("dc_ivac_no_exc", g_exc.count, 0);
  for (unsigned i = 0; i < 64; i++) scratch[64 + i] = (u8)i;
  u64 sum = 0;
  for (unsigned i = 0; i < 64; i++) sum += scratch[64 + i];
  t_check("scratch_after_dc_ivac", sum, 2016);
  exc_reset();
  __asm__ volatile(
      "tlbi alle2\n\ttlbi alle2is\n\ttlbi vae2, %0\n\ttlbi vale2is, %0\n\t"
      "tlbi alle1\n\ttlbi alle1is\n\ttlbi vmalls12e1\n\ttlbi vmalls12e1is\n\t"
      "tlbi ipas2e1, %0\n\ttlbi ipas2le1is, %0\n\tdsb sy\n\tisb"
      :
      : "r"(0x40000ull)
      : "memory");
  exc_disarm();
  t_check("tlbi_el2_no_exc", g_exc.count, 0);
  // The generic SYS form of IC IALLU and DC CVAU.
  exc_reset();
  __asm__ volatile("sys #0, c7, c5, #0\n\tsys #3, c7, c11, #1, %0" ::"r"(scratch) : "memory");
  exc_disarm();
  t_check("sys_aliases_no_exc", g_exc.count, 0);
  u64 va = (u64)scratch + 0x10;
  __asm__ volatile("at s1e2r, %0\n\tisb" ::"r"(va) : "memory");
  u64 par = sysreg_read(par_el1);
  t_check("at_s1e2r_f", par & 1, 0);
  t_check("at_s1e2r_pa", par & 0x0000fffffffff000ull, va & ~0xfffull);
  __asm__ volatile("at s1e2w, %0\n\tisb" ::"r"(va + 0x1000) : "memory");
  par = sysreg_read(par_el1);
  t_check("at_s1e2w_pa", par & 0x0000fffffffff001ull, (va + 0x1000) & ~0xfffull);
  t_check("el1_ret", run_el1(at_el1, 0), 1);
}
