// Accesses where nothing answers: past the registers of each GICv2 block in the
// 64 KiB window the virt board gives it (the distributor and GICH end at 4 KiB,
// GICC and GICV at 8 KiB; IHI 0048B), past a device's page, and between devices.
// Each is a synchronous External abort (EC 0x25, DFSC 0x10) with FAR the address
// and WnR set for a store; the last register of each block answers. Also from EL1,
// where the abort is taken to EL1, and for instruction fetches (EC 0x21, IFSC 0x10).
//
// ISV: for an External abort taken to EL2 from EL2, or to EL1, there is no
// instruction syndrome (ESR_ELx.ISV is 1 only for some stage-2 aborts): one check per
// EL gathers ISS[24:14] of the aborts taken there, the other checks leave those bits
// out.
#include "exc_test.h"
#include "gic.h"
#include "mmu.h"

const char test_name[] = "mmio_holes";

#define ISS_SYNDROME (0x7FFull << 14)  // ISV, SAS, SSE, SRT, SF, AR
#define DFSC_SEA 0x10
#define ISS_WNR (1u << 6)

static u64 g_syndrome[3];  // ISS[24:14] of every abort, or'ed, by the EL taking it

static void check_abort(const char* name, unsigned el, unsigned vec, u64 addr, u64 at, int write) {
  char n[64];
  g_syndrome[g_exc.el & 3] |= g_exc.esr & ISS_SYNDROME;
  snprintf(n, sizeof n, "%s_n", name);
  t_check(n, g_exc.count, 1);
  snprintf(n, sizeof n, "%s_el_vec", name);
  t_check(n, g_exc.el << 12 | g_exc.vec, (u64)el << 12 | vec);
  snprintf(n, sizeof n, "%s_esr", name);
  t_check(n, g_exc.esr & ~ISS_SYNDROME, ESR(EC_DABT_CUR, DFSC_SEA | (write ? ISS_WNR : 0)));
  snprintf(n, sizeof n, "%s_elr", name);
  t_check(n, g_exc.elr - at, 0);
  snprintf(n, sizeof n, "%s_far", name);
  t_check(n, g_exc.far, addr);
}

static u64 load32(u64 a) {
  u64 v = 0;
  return MEM_AT("ldr %w[v], [%[a]]", a, &v);
}

static u64 store32(u64 a) {
  u64 v = 0;
  return MEM_AT("str %w[v], [%[a]]", a, &v);
}

static void hole(const char* name, u64 a) {
  char n[48];
  u64 at = load32(a);
  snprintf(n, sizeof n, "%s_load", name);
  check_abort(n, 2, 0x200, a, at, 0);
  at = store32(a);
  snprintf(n, sizeof n, "%s_store", name);
  check_abort(n, 2, 0x200, a, at, 1);
}

static void answers(const char* name, u64 a) {
  load32(a);
  t_check(name, g_exc.count, 0);
}

static u64 el1_load(u64 a) { return load32(a); }

void test_main(u64 dtb) {
  (void)dtb;
  static const struct {
    const char* name;
    u64 base, size;
  } blocks[] = {
      {"gicd", GICD_BASE, 0x1000},
      {"gicc", GICC_BASE, 0x2000},
      {"gich", 0x08030000, 0x1000},
      {"gicv", 0x08040000, 0x2000},
  };
  char n[48];
  u64 at;
  for (unsigned i = 0; i < sizeof blocks / sizeof blocks[0]; ++i) {
    snprintf(n, sizeof n, "%s_last_word", blocks[i].name);
    answers(n, blocks[i].base + blocks[i].size - 4);
    snprintf(n, sizeof n, "%s_past", blocks[i].name);
    hole(n, blocks[i].base + blocks[i].size);
    snprintf(n, sizeof n, "%s_window_end", blocks[i].name);
    hole(n, blocks[i].base + 0xFFFC);
  }
  u64 v = 0;
  at = MEM_AT("ldrb %w[v], [%[a]]", GICD_BASE + 0x1000, &v);
  check_abort("gicd_past_byte", 2, 0x200, GICD_BASE + 0x1000, at, 0);
  at = MEM_AT("ldr %[v], [%[a]]", GICD_BASE + 0x1000, &v);
  check_abort("gicd_past_dword", 2, 0x200, GICD_BASE + 0x1000, at, 0);

  answers("uart_last_word", 0x09000FFC);
  hole("uart_past", 0x09001000);
  hole("between_gicv_and_uart", 0x08050000);
  hole("past_virtio", 0x0A004000);
  hole("below_ram", 0x0B000000);
  answers("ram_last_word", 0x4FFFFFFC);
  hole("past_ram", 0x50000000);

  // Instruction fetches where nothing answers: EC 0x21, IFSC 0x10, ELR = FAR.
  static const u64 fetch[] = {0x0B000000, 0x08001000, 0x0A004000};
  for (unsigned i = 0; i < sizeof fetch / sizeof fetch[0]; ++i) {
    call_at(fetch[i]);
    snprintf(n, sizeof n, "fetch_%lx", (unsigned long)fetch[i]);
    t_check(n, g_exc.count << 32 | g_exc.esr, 1ull << 32 | ESR(EC_IABT_CUR, DFSC_SEA));
    snprintf(n, sizeof n, "fetch_%lx_elr_far", (unsigned long)fetch[i]);
    t_check(n, (g_exc.elr - fetch[i]) | (g_exc.far - fetch[i]), 0);
  }

  // From EL1 (stage 2 off): taken to EL1.
  at = run_el1(el1_load, 0x08001000);
  check_abort("el1_gicd_past_load", 1, 0x200, 0x08001000, at, 0);
  at = run_el1(el1_load, 0x0B000000);
  check_abort("el1_below_ram_load", 1, 0x200, 0x0B000000, at, 0);

  t_check("el2_sea_no_instruction_syndrome", g_syndrome[2], 0);
  t_check("el1_sea_no_instruction_syndrome", g_syndrome[1], 0);
}
