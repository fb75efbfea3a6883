// Page-table builders for the MMU firmware tests (include/mmu.h).
#include "mmu.h"

static u64 pool_next = PT_POOL_BASE;

void pt_pool_reset(void) { pool_next = PT_POOL_BASE; }

static u64 pt_alloc_bytes(u64 size) {
  u64 a = (pool_next + size - 1) & ~(size - 1);
  if (a + size > PT_POOL_BASE + PT_POOL_SIZE) {
    t_fail("page-table pool exhausted");
    return 0;
  }
  pool_next = a + size;
  volatile u64* p = (volatile u64*)a;
  for (u64 i = 0; i < size / 8; i++) p[i] = 0;
  return a;
}

u64 pt_alloc(unsigned gran_shift) { return pt_alloc_bytes(1ull << gran_shift); }

unsigned pt_level_shift(const struct pt* t, unsigned level) {
  return t->gran_shift + (3 - level) * (t->gran_shift - 3);
}

void pt_init(struct pt* t, unsigned stage, unsigned gran_shift, unsigned ia_bits) {
  unsigned stride = gran_shift - 3;
  unsigned levels = (ia_bits - gran_shift + stride - 1) / stride;
  t->gran_shift = gran_shift;
  t->ia_bits = ia_bits;
  t->start_level = 4 - levels;
  t->stage = stage;
  t->root = pt_alloc(gran_shift);
}

void pt_init_s2(struct pt* t, unsigned gran_shift, unsigned ia_bits, unsigned start_level) {
  t->gran_shift = gran_shift;
  t->ia_bits = ia_bits;
  t->start_level = start_level;
  t->stage = 2;
  u64 bytes = 8ull << (ia_bits - pt_level_shift(t, start_level));
  t->root = pt_alloc_bytes(bytes < (1ull << gran_shift) ? 1ull << gran_shift : bytes);
}

static unsigned pt_index(const struct pt* t, u64 va, unsigned level) {
  unsigned shift = pt_level_shift(t, level);
  unsigned bits = level == t->start_level ? t->ia_bits - shift : t->gran_shift - 3;
  return (unsigned)((va >> shift) & ((1ull << bits) - 1));
}

static u64 desc_oa(const struct pt* t, u64 d) {
  return d & 0x0000FFFFFFFFF000ull & ~((1ull << t->gran_shift) - 1);
}

volatile u64* pt_slot(struct pt* t, u64 va, unsigned level) {
  u64 table = t->root;
  for (unsigned l = t->start_level;; l++) {
    volatile u64* slot = (volatile u64*)table + pt_index(t, va, l);
    if (l == level) return slot;
    u64 d = *slot;
    if ((d & 3) != PTE_TYPE_TABLE) {
      u64 next = pt_alloc(t->gran_shift);
      *slot = next | PTE_TYPE_TABLE;
      table = next;
    } else {
      table = desc_oa(t, d);
    }
  }
}

void pt_map(struct pt* t, u64 va, u64 pa, u64 size, unsigned level, u64 attrs) {
  u64 step = 1ull << pt_level_shift(t, level);
  u64 type = level == 3 ? PTE_TYPE_TABLE : PTE_TYPE_BLOCK;
  for (u64 off = 0; off < size; off += step)
    *pt_slot(t, va + off, level) = (pa + off) | attrs | type;
  dsb_ish();
}

static u64 tg0(const struct pt* t) { return t->gran_shift == 16 ? 1 : t->gran_shift == 14 ? 2 : 0; }

u64 pt_tcr_el2(const struct pt* t) {
  return (1ull << 31) | (1ull << 23) | (2ull << 16) | (tg0(t) << 14) | (3ull << 12) |
         (64 - t->ia_bits);
}

u64 pt_vtcr(const struct pt* t) {
  // SL0: 4K: 0 = level 2, 1 = level 1, 2 = level 0; 16K/64K: 0 = level 3, 1 = 2, 2 = 1
  u64 sl0 = t->gran_shift == 12 ? 2 - t->start_level : 3 - t->start_level;
  // PS = 44 bits (the Cortex-A57's PARange): a 4K start at level 0 needs PS > 42.
  return (1ull << 31) | (4ull << 16) | (tg0(t) << 14) | (3ull << 12) | (sl0 << 6) |
         (64 - t->ia_bits);
}

u64 pt_tcr_el1(const struct pt* t0, const struct pt* t1) {
  u64 v = (2ull << 32) | (tg0(t0) << 14) | (3ull << 12) | (64 - t0->ia_bits);  // IPS = 40 bits
  if (t1) {
    u64 tg1 = t1->gran_shift == 16 ? 3 : t1->gran_shift == 14 ? 1 : 2;
    v |= (tg1 << 30) | (3ull << 28) | ((u64)(64 - t1->ia_bits) << 16);
  } else {
    v |= (1ull << 23) | (2ull << 30) | (25ull << 16);  // EPD1 (TG1 4K, T1SZ 25: well formed)
  }
  return v;
}

void mmu_el2_on(const struct pt* t) {
  sysreg_write(mair_el2, MAIR_VALUE);
  sysreg_write(tcr_el2, pt_tcr_el2(t));
  sysreg_write(ttbr0_el2, t->root);
  __asm__ volatile("dsb ish\n\tisb\n\ttlbi alle2\n\tdsb ish\n\tisb" ::: "memory");
  sysreg_write(sctlr_el2, SCTLR_EL2_DEFAULT | 1);
  isb();
}

void mmu_el2_off(void) {
  sysreg_write(sctlr_el2, SCTLR_EL2_DEFAULT);
  isb();
  __asm__ volatile("tlbi alle2\n\tdsb ish\n\tisb" ::: "memory");
}

int t_check_abort(const char* name, unsigned el, unsigned vec, unsigned ec, u32 iss_low, u64 elr,
                  u64 far) {
  char line[200];
  u64 esr = g_exc.esr;
  unsigned got_ec = (unsigned)(esr >> 26) & 0x3f;
  int ok = g_exc.count == 1 && g_exc.el == el && g_exc.vec == vec && got_ec == ec &&
           ((esr >> 25) & 1) == 1 && (esr & ISS_LOW_MASK) == iss_low && g_exc.elr == elr &&
           g_exc.far == far;
  snprintf(line, sizeof line,
           "%s: n=%u EL%u vec=0x%03x EC=0x%02x(%s) ISS[13:0]=0x%04x FAR=0x%lx ELR=%s0x%lx", name,
           (unsigned)g_exc.count, (unsigned)g_exc.el, (unsigned)g_exc.vec, got_ec,
           exc_class_name(got_ec), (unsigned)(esr & ISS_LOW_MASK), g_exc.far,
           g_exc.elr >= elr ? "+" : "-", g_exc.elr >= elr ? g_exc.elr - elr : elr - g_exc.elr);
  t_true(line, ok);
  if (!ok)
    printf("  expected n=1 EL%u vec=0x%03x EC=0x%02x IL=1 ISS[13:0]=0x%04x FAR=0x%lx; ESR=0x%lx\n",
           el, vec, ec, iss_low, far, esr);
  return ok;
}

static int iabt_hook(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)el;
  unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;
  if ((vec & 0x180) == 0 && (ec == EC_IABT_CUR || ec == EC_IABT_LOW)) {
    f->elr = f->x[30];  // the test branched to the page with BLR: return to the caller
    return 1;
  }
  return 0;
}

u64 call_at(u64 va) {
  u64 r;
  exc_hook_fn old = g_exc_hook;
  if (!old) g_exc_hook = iabt_hook;
  exc_reset();
  __asm__ volatile("mov x0, #0\n\tblr %1\n\tmov %0, x0"
                   : "=r"(r)
                   : "r"(va)
                   : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                     "x12", "x13", "x14", "x15", "x16", "x17", "x30", "cc", "memory");
  exc_disarm();
  g_exc_hook = old;
  return r;
}

void put_code(u64 pa, u32 imm16) {
  wr32(pa, 0x52800000u | (imm16 << 5));  // mov w0, #imm16
  wr32(pa + 4, 0xd65f03c0u);             // ret
  __asm__ volatile("dsb ish\n\tic iallu\n\tdsb ish\n\tisb" ::: "memory");
}
