// GICv2 software-generated interrupts and priorities at EL2: GICD_SGIR target
// filters (list, all-but-self, self) with the source CPU in GICC_IAR[12:10],
// GICD_SPENDSGIR, the priority mask (PMR), preemption of a running handler by a
// higher group priority, no preemption within the same group priority (BPR), the
// running priority (RPR), and the spurious ID 1023.
#include "gic.h"

const char test_name[] = "gic_sgi";

static volatile u32 g_log[16];
static volatile unsigned g_nlog;
static volatile u32 g_rpr_nested, g_rpr_after;

static void log_event(u32 v) {
  if (g_nlog < 16) g_log[g_nlog++] = v;
}

static void send_sgi_self(unsigned id) { gicd_w(GICD_SGIR, 2u << 24 | id); }

static int irq_hook(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)f;
  (void)el;
  if ((vec & 0x180) != 0x080) return 0;
  u32 iar = gicc_r(GICC_IAR);
  u32 id = iar & 0x3FF;
  log_event(iar);
  if (id == 1) {
    // A higher priority SGI preempts this handler once interrupts are unmasked; a
    // lower one (3) and one in the same group priority (7) wait.
    send_sgi_self(2);
    send_sgi_self(3);
    send_sgi_self(7);
    irq_unmask();
    for (volatile int i = 0; i < 100; ++i) {
    }
    irq_mask();
    g_rpr_nested = gicc_r(GICC_RPR);
  }
  if (id < 1020) gicc_w(GICC_EOIR, iar);
  if (id == 1) g_rpr_after = gicc_r(GICC_RPR);
  log_event(0x1000 | id);
  return 1;
}

static void settle(void) {
  irq_unmask();
  for (volatile int i = 0; i < 200; ++i) {
  }
  irq_mask();
}

void test_main(u64 dtb) {
  (void)dtb;
  g_exc_hook = irq_hook;
  gic_init();
  set_hcr(HCR_DEFAULT | HCR_IMO);
  gicd_w(GICD_ISENABLER, 0xFFFF);
  for (unsigned i = 0; i < 16; ++i) mmio_w8(GICD_BASE + GICD_IPRIORITYR + i, 0xA0);
  mmio_w8(GICD_BASE + GICD_IPRIORITYR + 1, 0x80);
  mmio_w8(GICD_BASE + GICD_IPRIORITYR + 2, 0x40);
  mmio_w8(GICD_BASE + GICD_IPRIORITYR + 3, 0xC0);
  mmio_w8(GICD_BASE + GICD_IPRIORITYR + 7, 0x88);  // same group priority as SGI 1

  t_section("target filters");
  t_check("rpr_idle", gicc_r(GICC_RPR), 0xFF);
  t_check("iar_none", gicc_r(GICC_IAR), 1023);
  send_sgi_self(5);
  t_check("self_spendsgir", gicd_r(GICD_SPENDSGIR + 4), 0x100);  // SGI 5 from CPU 0
  t_check("self_ispendr", gicd_r(GICD_ISPENDR) & 0xFFFF, 1u << 5);
  t_check("self_hppir", gicc_r(GICC_HPPIR), 5);
  g_nlog = 0;
  settle();
  t_check("self_taken", g_nlog, 2);
  t_check("self_iar", g_log[0], 5);
  gicd_w(GICD_SGIR, 0u << 24 | 1u << 16 | 6);  // list: CPU 0
  t_check("list_cpu0_pending", gicd_r(GICD_ISPENDR) & 0xFFFF, 1u << 6);
  g_nlog = 0;
  settle();
  t_check("list_cpu0_iar", g_log[0], 6);
  gicd_w(GICD_SGIR, 1u << 24 | 6);  // all but self: nobody else here
  t_check("others_not_pending", gicd_r(GICD_ISPENDR) & 0xFFFF, 0);
  gicd_w(GICD_SGIR, 0u << 24 | 0u << 16 | 6);  // empty list
  t_check("empty_list_not_pending", gicd_r(GICD_ISPENDR) & 0xFFFF, 0);

  t_section("priority mask");
  gicc_w(GICC_PMR, 0xA0);
  send_sgi_self(8);  // priority 0xA0: not above the mask
  t_check("masked_pending", gicd_r(GICD_ISPENDR) & 0xFFFF, 1u << 8);
  t_check("masked_hppir", gicc_r(GICC_HPPIR), 1023);
  g_nlog = 0;
  settle();
  t_check("masked_not_taken", g_nlog, 0);
  gicc_w(GICC_PMR, 0xF0);
  settle();
  t_check("unmasked_taken", g_nlog == 2 && g_log[0] == 8, 1);

  t_section("preemption");
  g_nlog = 0;
  send_sgi_self(1);
  settle();
  t_check("events", g_nlog, 8);
  t_check("ev0_enter_1", g_log[0], 1);
  t_check("ev1_enter_2_nested", g_log[1], 2);
  t_check("ev2_exit_2", g_log[2], 0x1002);
  t_check("ev3_exit_1", g_log[3], 0x1001);
  t_check("ev4_enter_7", g_log[4], 7);  // 0x88 before 0xC0
  t_check("ev5_exit_7", g_log[5], 0x1007);
  t_check("ev6_enter_3", g_log[6], 3);
  t_check("ev7_exit_3", g_log[7], 0x1003);
  t_check("rpr_in_handler", g_rpr_nested, 0x80);
  t_check("rpr_after_eoi", g_rpr_after, 0xFF);
  t_check("none_active", gicd_r(GICD_ISACTIVER) & 0xFFFF, 0);
  g_exc_hook = 0;
}
