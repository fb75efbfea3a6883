// EL0 accesses through the EL1&0 stage 1 (under an identity stage 2, VMID 4,
// ASID 3), 4K granule: data accesses for every AP[2:1] value (Arm ARM D8.4:
// 01 RW at EL0, 11 RO at EL0, 00 and 10 no EL0 access), instruction fetches
// with UXN and PXN (PXN does not apply to EL0), SCTLR_EL1.WXN, translation
// and access-flag faults.  EL0 faults are taken to EL1 (EC 0x24 data, 0x20 instruction, at
// VBAR_EL1 + 0x400) with ESR_EL1 ISS[13:0] (DFSC/IFSC, WnR), FAR_EL1 = the VA,
// ELR_EL1 = the instruction.  The image is mapped read-only and executable
// at EL0 and EL1, so EL1 uses its own small vectors (mmu_el0_vec.S).
#include "mmu.h"

const char test_name[] = "mmu_el0";

#define PG 0x1000ull
#define PAGE(i) (TEST_PAGES + (u64)(i)*PG)
#define EL0_REC PAGE(15)  // mmu_el0_vec.S: count, vec, esr, far, elr

extern char mmu_el0_vectors[];
extern char vectors_el1[];
static struct pt s2, s1;

static void build(void) {
  pt_pool_reset();
  pt_init(&s2, 2, 12, 39);
  pt_map(&s2, 0x09000000, 0x09000000, 0x200000, 2, S2_DEVICE);
  pt_map(&s2, 0x40000000, 0x40000000, 0x10000000, 2, S2_NORMAL);

  u64 ro = S1_NORMAL | PTE_AP_RO_ALL, data = PTE_UXN | PTE_PXN;
  pt_init(&s1, 1, 12, 39);
  pt_map(&s1, 0, 0, 1ull << 30, 1, S1_DEVICE | PTE_AP_RW_EL1);
  pt_map(&s1, 0x40000000, 0x40000000, 0x10000000, 2, ro | data);
  pt_map(&s1, 0x40200000, 0x40200000, 0x200000, 3, ro);  // the image: RO, executable
  pt_map(&s1, (u64)stack_el0_top - 0x8000, (u64)stack_el0_top - 0x8000, 0x8000, 3,
         S1_NORMAL | PTE_AP_RW_ALL | data);
  pt_map(&s1, (u64)stack_el1_top - 0x8000, (u64)stack_el1_top - 0x8000, 0x8000, 3,
         S1_NORMAL | PTE_AP_RW_EL1 | data);
  pt_map(&s1, TEST_PAGES, TEST_PAGES, 0x200000, 3, ro | data);
  pt_map(&s1, PAGE(0), PAGE(0), PG, 3, S1_NORMAL | PTE_AP_RW_ALL | data);
  pt_map(&s1, PAGE(1), PAGE(1), PG, 3, S1_NORMAL | PTE_AP_RO_ALL | data);
  pt_map(&s1, PAGE(2), PAGE(2), PG, 3, S1_NORMAL | PTE_AP_RW_EL1 | data);
  pt_map(&s1, PAGE(3), PAGE(3), PG, 3, S1_NORMAL | PTE_AP_RO_EL1 | data);
  pt_map(&s1, PAGE(4), PAGE(4), PG, 3, ro);            // EL0 and EL1 may execute
  pt_map(&s1, PAGE(5), PAGE(5), PG, 3, ro | PTE_PXN);  // EL0 may execute
  pt_map(&s1, PAGE(6), PAGE(6), PG, 3, ro | PTE_UXN);  // EL1 may execute
  *pt_slot(&s1, PAGE(7), 3) = 0;
  pt_map(&s1, PAGE(8), PAGE(8), PG, 3, (S1_NORMAL | PTE_AP_RW_ALL | data) & ~PTE_AF);
  pt_map(&s1, PAGE(9), PAGE(9), PG, 3, S1_NORMAL | PTE_AP_RW_ALL | PTE_PXN);  // RWX at EL0
  pt_map(&s1, EL0_REC, EL0_REC, PG, 3, S1_NORMAL | PTE_AP_RW_EL1 | data);
}

// EL0 functions: they touch only their stack and the page under test.
static u64 el0_load(u64 va) { return rd32(va); }
static u64 el0_store(u64 va) {
  wr32(va, 0x5eed);
  return 1;
}
// Return the address of the access (for the ELR check) instead of a value.
static u64 el0_load_at(u64 va) {
  u64 a, v;
  __asm__ volatile("adr %0, 1f\n1:\tldr %w1, [%2]" : "=&r"(a), "=&r"(v) : "r"(va) : "memory");
  return a;
}
static u64 el0_store_at(u64 va) {
  u64 a;
  __asm__ volatile("adr %0, 1f\n1:\tstr %w0, [%1]" : "=&r"(a) : "r"(va) : "memory");
  return a;
}
static u64 el0_call(u64 va) {
  u64 r;
  __asm__ volatile("mov x0, #0\n\tblr %1\n\tmov %0, x0"
                   : "=r"(r)
                   : "r"(va)
                   : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                     "x12", "x13", "x14", "x15", "x16", "x17", "x30", "cc", "memory");
  return r;
}

static u64 at_el0(u64 (*fn)(u64), u64 va) {
  wr64(EL0_REC, 0);
  wr64(EL0_REC + 8, ~0ull);
  wr64(EL0_REC + 16, ~0ull);
  wr64(EL0_REC + 24, ~0ull);
  wr64(EL0_REC + 32, ~0ull);
  return el_call(SPSR_EL0t | SPSR_DAIF, fn, va, stack_el0_top);
}

static void check_el0_abort(const char* name, unsigned ec, u32 iss_low, u64 elr, u64 far) {
  g_exc.count = rd64(EL0_REC);
  g_exc.el = 1;
  g_exc.vec = rd64(EL0_REC + 8);
  g_exc.esr = rd64(EL0_REC + 16);
  g_exc.far = rd64(EL0_REC + 24);
  g_exc.elr = rd64(EL0_REC + 32);
  t_check_abort(name, 1, 0x400, ec, iss_low, elr, far);
}

void test_main(u64 dtb) {
  (void)dtb;
  for (unsigned i = 0; i < 10; i++) wr32(PAGE(i), 0x1000 + i);
  put_code(PAGE(4), 0x33);
  put_code(PAGE(5), 0x34);
  put_code(PAGE(6), 0x35);
  put_code(PAGE(9), 0x36);
  build();
  sysreg_write(vtcr_el2, pt_vtcr(&s2));
  sysreg_write(vttbr_el2, s2.root | (4ull << 48));
  sysreg_write(mair_el1, MAIR_VALUE);
  sysreg_write(tcr_el1, pt_tcr_el1(&s1, 0));
  sysreg_write(ttbr0_el1, s1.root | (3ull << 48));
  sysreg_write(vbar_el1, (u64)mmu_el0_vectors);
  isb();
  __asm__ volatile("tlbi alle1\n\tdsb ish\n\tisb" ::: "memory");
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | 1);
  set_hcr_vm(1);

  u64 a;
  t_check("image_within_mapped_2m", (u64)stack_el1_top <= 0x40400000ull, 1);
  t_section("EL0 data accesses");
  t_check("el0_read_ap01", at_el0(el0_load, PAGE(0)), 0x1000);
  t_check("  no_exception", rd64(EL0_REC), 0);
  t_check("el0_write_ap01", at_el0(el0_store, PAGE(0) + 4), 1);
  t_check("  written", rd32(PAGE(0) + 4), 0x5eed);
  t_check("el0_read_ap11", at_el0(el0_load, PAGE(1)), 0x1001);
  t_check("  no_exception", rd64(EL0_REC), 0);
  a = at_el0(el0_store_at, PAGE(1) + 8);
  check_el0_abort("el0_write_ap11", EC_DABT_LOW, ISS_WNR | FSC_PERM(3), a, PAGE(1) + 8);
  t_check("  unchanged", rd32(PAGE(1) + 8), 0);
  a = at_el0(el0_load_at, PAGE(2) + 12);
  check_el0_abort("el0_read_ap00", EC_DABT_LOW, FSC_PERM(3), a, PAGE(2) + 12);
  a = at_el0(el0_load_at, PAGE(3));
  check_el0_abort("el0_read_ap10", EC_DABT_LOW, FSC_PERM(3), a, PAGE(3));
  a = at_el0(el0_store_at, PAGE(2));
  check_el0_abort("el0_write_ap00", EC_DABT_LOW, ISS_WNR | FSC_PERM(3), a, PAGE(2));
  a = at_el0(el0_load_at, PAGE(7) + 0x40);
  check_el0_abort("el0_read_unmapped", EC_DABT_LOW, FSC_TRANS(3), a, PAGE(7) + 0x40);
  a = at_el0(el0_load_at, PAGE(8));
  check_el0_abort("el0_read_af0", EC_DABT_LOW, FSC_ACCESS(3), a, PAGE(8));

  t_section("EL0 instruction fetches");
  t_check("el0_exec", at_el0(el0_call, PAGE(4)), 0x33);
  t_check("  no_exception", rd64(EL0_REC), 0);
  t_check("el0_exec_pxn_page", at_el0(el0_call, PAGE(5)), 0x34);
  t_check("  no_exception", rd64(EL0_REC), 0);
  t_check("el0_exec_uxn_ret", at_el0(el0_call, PAGE(6)), 0);
  check_el0_abort("el0_exec_uxn", EC_IABT_LOW, FSC_PERM(3), PAGE(6), PAGE(6));
  t_check("el0_exec_unmapped_ret", at_el0(el0_call, PAGE(7)), 0);
  check_el0_abort("el0_exec_unmapped", EC_IABT_LOW, FSC_TRANS(3), PAGE(7), PAGE(7));

  t_section("SCTLR_EL1.WXN: writable memory is execute-never");
  t_check("el0_exec_rwx", at_el0(el0_call, PAGE(9)), 0x36);
  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT | (1ull << 19) | 1);
  __asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");  // WXN may be cached
  t_check("wxn_exec_rw_ret", at_el0(el0_call, PAGE(9)), 0);
  check_el0_abort("wxn_exec_rw", EC_IABT_LOW, FSC_PERM(3), PAGE(9), PAGE(9));
  t_check("wxn_exec_ro", at_el0(el0_call, PAGE(4)), 0x33);
  t_check("  no_exception", rd64(EL0_REC), 0);

  sysreg_write(sctlr_el1, SCTLR_EL1_DEFAULT);
  set_hcr_vm(0);
  sysreg_write(vbar_el1, (u64)vectors_el1);
  isb();
}
