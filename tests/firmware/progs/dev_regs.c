// Which bits of the device registers hold what is written, checked by writing all
// ones and reading back (then restoring the reset value where that matters):
// - GICv2 without the Security Extensions, one processor (IHI 0048B): GICD_CTLR
//   EnableGrp0/1; IGROUPR, IPRIORITYR (8 bits) and the SPI enables all writable,
//   SGIs always enabled; GICD_ITARGETSR RAZ/WI in a uniprocessor implementation
//   (4.3.12); ICFGR: SGIs edge and fixed, only the odd bits of PPIs and SPIs
//   writable; GICC_CTLR without bypass (0x21F), PMR 8 bits, BPR/ABPR 3 bits;
//   GICH_HCR, GICH_VMCR (5 priority bits), GICH_LRn (bits 22:20 reserved) and
//   GICV_PMR (5 bits) as the virtualization extensions define them;
// - PL011 (DDI 0183): IBRD 16 bits, FBRD 6, LCR_H 8, CR 16, IFLS 6, IMSC 11, the
//   rest of each word reserved, reading as zero;
// - PL031 (DDI 0224): a load that makes the count equal RTCMR raises RTCRIS at once.
#include "exc_test.h"
#include "gic.h"

const char test_name[] = "dev_regs";

struct reg {
  const char* name;
  u64 addr;
  u32 expected;  // after writing 0xFFFFFFFF
};

static void check_regs(const struct reg* r, unsigned n) {
  for (unsigned i = 0; i < n; ++i) {
    mmio_w32(r[i].addr, 0xFFFFFFFF);
    t_check32(r[i].name, mmio_r32(r[i].addr), r[i].expected);
  }
}

#define GICH 0x08030000ul
#define GICV 0x08040000ul
#define UART 0x09000000ul
#define RTC 0x09010000ul

void test_main(u64 dtb) {
  (void)dtb;
  t_section("gic");
  t_check32("gicd_isenabler0_reset", gicd_r(GICD_ISENABLER), 0x0000FFFF);
  t_check32("gicd_itargetsr0_reset", gicd_r(GICD_ITARGETSR), 0);
  t_check32("gicd_icfgr0_reset", gicd_r(GICD_ICFGR), 0xAAAAAAAA);
  static const struct reg gic[] = {
      {"gicd_ctlr", GICD_BASE + GICD_CTLR, 3},
      {"gicd_igroupr1", GICD_BASE + GICD_IGROUPR + 4, 0xFFFFFFFF},
      {"gicd_isenabler1", GICD_BASE + GICD_ISENABLER + 4, 0xFFFFFFFF},
      {"gicd_ipriorityr8", GICD_BASE + GICD_IPRIORITYR + 32, 0xFFFFFFFF},
      {"gicd_itargetsr0", GICD_BASE + GICD_ITARGETSR, 0},
      {"gicd_itargetsr8", GICD_BASE + GICD_ITARGETSR + 32, 0},
      {"gicd_icfgr0", GICD_BASE + GICD_ICFGR, 0xAAAAAAAA},
      {"gicd_icfgr2", GICD_BASE + GICD_ICFGR + 8, 0xAAAAAAAA},
      {"gicc_ctlr", GICC_BASE + GICC_CTLR, 0x21F},
      {"gicc_pmr", GICC_BASE + GICC_PMR, 0xFF},
      {"gicc_bpr", GICC_BASE + GICC_BPR, 7},
      {"gich_hcr", GICH + 0x000, 0xF80000FF},
      {"gich_vmcr", GICH + 0x008, 0xF8FC021F},
      {"gich_lr0", GICH + 0x100, 0xFF8FFFFF},
      {"gicv_pmr", GICV + 0x004, 0xF8},
  };
  check_regs(gic, sizeof gic / sizeof gic[0]);
  // Back to quiet: nothing enabled, pending or listed.
  gicd_w(GICD_CTLR, 0);
  gicd_w(GICD_ICENABLER + 4, 0xFFFFFFFF);
  gicc_w(GICC_CTLR, 0);
  mmio_w32(GICH + 0x000, 0);
  mmio_w32(GICH + 0x100, 0);

  t_section("pl011");
  static const struct reg uart[] = {
      {"uart_ibrd", UART + 0x024, 0xFFFF},
      {"uart_fbrd", UART + 0x028, 0x3F},
      {"uart_imsc", UART + 0x038, 0x7FF},
      {"uart_ifls", UART + 0x034, 0x3F},
  };
  check_regs(uart, sizeof uart / sizeof uart[0]);
  mmio_w32(UART + 0x038, 0);

  t_section("pl031");
  mmio_w32(RTC + 0x004, 123456);  // RTCMR
  mmio_w32(RTC + 0x008, 123456);  // RTCLR: the count is RTCMR now
  t_check32("rtc_match_on_load", mmio_r32(RTC + 0x014), 1);
  mmio_w32(RTC + 0x01C, 1);  // RTCICR
  t_check32("rtc_match_cleared", mmio_r32(RTC + 0x014), 0);
}
