// GICv2 and generic timer helpers for the interrupt tests (virt board addresses).
#ifndef EL2SIM_FW_GIC_H
#define EL2SIM_FW_GIC_H
#include "exc_test.h"

#define GICD_BASE 0x08000000ul
#define GICC_BASE 0x08010000ul
#define GICH_BASE 0x08030000ul
#define GICV_BASE 0x08040000ul

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xC00
#define GICD_SGIR 0xF00
#define GICD_SPENDSGIR 0xF20

#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0C
#define GICC_EOIR 0x10
#define GICC_RPR 0x14
#define GICC_HPPIR 0x18
#define GICC_DIR 0x1000

#define GICH_HCR 0x00
#define GICH_VTR 0x04
#define GICH_VMCR 0x08
#define GICH_MISR 0x10
#define GICH_EISR0 0x20
#define GICH_ELRSR0 0x30
#define GICH_APR 0xF0
#define GICH_LR(n) (0x100 + 4 * (n))

#define LR_PENDING (1u << 28)
#define LR_ACTIVE (2u << 28)
#define LR_GRP1 (1u << 30)
#define LR_HW (1u << 31)
#define LR_EOI (1u << 19)
#define LR_PRIO(p) (((u32)(p) >> 3) << 23)
#define LR_PID(p) ((u32)(p) << 10)

#define INTID_MAINT 25
#define INTID_HYP_TIMER 26
#define INTID_VIRT_TIMER 27
#define INTID_PHYS_TIMER 30

static inline u32 mmio_r32(u64 a) { return *(volatile u32*)a; }
static inline void mmio_w32(u64 a, u32 v) { *(volatile u32*)a = v; }
static inline void mmio_w8(u64 a, u8 v) { *(volatile u8*)a = v; }

#define gicd_r(off) mmio_r32(GICD_BASE + (off))
#define gicd_w(off, v) mmio_w32(GICD_BASE + (off), (v))
#define gicc_r(off) mmio_r32(GICC_BASE + (off))
#define gicc_w(off, v) mmio_w32(GICC_BASE + (off), (v))
#define gich_r(off) mmio_r32(GICH_BASE + (off))
#define gich_w(off, v) mmio_w32(GICH_BASE + (off), (v))
#define gicv_r(off) mmio_r32(GICV_BASE + (off))
#define gicv_w(off, v) mmio_w32(GICV_BASE + (off), (v))

// Distributor and CPU interface on, group 0, priority mask open (0xF0).
static inline void gic_init(void) {
  gicd_w(GICD_CTLR, 0);
  for (unsigned i = 0; i < 32; i += 32) {
    gicd_w(GICD_ICENABLER + i / 8, 0xFFFFFFFF);
    gicd_w(GICD_ICPENDR + i / 8, 0xFFFFFFFF);
    gicd_w(GICD_ICACTIVER + i / 8, 0xFFFFFFFF);
    gicd_w(GICD_IGROUPR + i / 8, 0);
  }
  gicd_w(GICD_CTLR, 1);
  gicc_w(GICC_PMR, 0xF0);
  gicc_w(GICC_BPR, 3);  // group priority bits [7:4]
  gicc_w(GICC_CTLR, 1);
}

static inline void gic_enable_irq(unsigned id, u8 prio) {
  mmio_w8(GICD_BASE + GICD_IPRIORITYR + id, prio);
  if (id >= 32) mmio_w8(GICD_BASE + GICD_ITARGETSR + id, 1);
  gicd_w(GICD_ISENABLER + (id / 32) * 4, 1u << (id % 32));
}

static inline void gic_disable_irq(unsigned id) {
  gicd_w(GICD_ICENABLER + (id / 32) * 4, 1u << (id % 32));
}

static inline u32 gic_is_active(unsigned id) {
  return (gicd_r(GICD_ISACTIVER + (id / 32) * 4) >> (id % 32)) & 1;
}

static inline u32 gic_is_pending(unsigned id) {
  return (gicd_r(GICD_ISPENDR + (id / 32) * 4) >> (id % 32)) & 1;
}

#define irq_unmask() __asm__ volatile("msr daifclr, #2" ::: "memory")
#define irq_mask() __asm__ volatile("msr daifset, #2" ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")

// Wait with WFI until *count reaches n, at most `limit` times. IRQs are unmasked only
// in a window after each WFI: an interrupt taken between the test and the WFI would
// leave the WFI with nothing to wake it (which QEMU, on host time, hits under load).
// WFI wakes on a pending interrupt that PSTATE.I masks. Returns with IRQs masked.
static inline void wfi_until(volatile unsigned* count, unsigned n, unsigned limit) {
  irq_mask();
  for (unsigned i = 0; i < limit && *count < n; ++i) {
    wfi();
    irq_unmask();
    isb();
    irq_mask();
  }
}
#endif
