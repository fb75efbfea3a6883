// The generic timer's event streams (Arm ARM D11.2.3). With CNTHCTL_EL2.EVNTEN the
// physical count, with CNTKCTL_EL1.EVNTEN the virtual count (CNTPCT - CNTVOFF_EL2),
// sends an event each time its EVNTI bit goes 0 to 1 (EVNTDIR 0) or 1 to 0 (EVNTDIR
// 1), and the event ends a WFE. A delay loop of WFEs, as Linux's __delay makes with the
// stream on, then reaches its deadline with every interrupt masked and no timer armed:
// without the stream's events nothing would wake the core. (QEMU 7.2 does not sleep
// in WFE; el2sim sleeps until the stream's next event. Both reach the deadline.)
#include "fw.h"

const char test_name[] = "timer_evtstream";

#define EVNTEN (1u << 2)
#define EVNTDIR (1u << 3)
#define EVNTI(n) ((u64)(n) << 4)

static inline void wfe(void) { __asm__ volatile("wfe" ::: "memory"); }

static u64 cntpct(void) { return sysreg_read(cntpct_el0); }
static u64 cntvct(void) { return sysreg_read(cntvct_el0); }

// WFE until the count has advanced by `ticks`; returns how many WFEs it took.
static u64 wfe_delay(u64 (*count)(void), u64 ticks) {
  const u64 start = count();
  u64 n = 0;
  while (count() - start < ticks) {
    wfe();
    ++n;
  }
  return n;
}

// At EL1: the EL1 stream, from the virtual count, with the settings in `arg`.
static u64 el1_stream(u64 arg) {
  sysreg_write(cntkctl_el1, arg);
  __asm__ volatile("isb");
  const u64 n = wfe_delay(cntvct, 20000);
  sysreg_write(cntkctl_el1, 0);
  return n;
}

void test_main(u64 dtb) {
  (void)dtb;
  __asm__ volatile("msr daifset, #0xf");
  sysreg_write(cnthp_ctl_el2, 0);
  sysreg_write(cntp_ctl_el0, 0);
  sysreg_write(cntv_ctl_el0, 0);
  sysreg_write(cntvoff_el2, 0);

  t_section("EL2 stream from the physical count");
  sysreg_write(cnthctl_el2, 3 | EVNTEN | EVNTI(6));  // bit 6 goes 0 to 1 every 128 ticks
  __asm__ volatile("isb");
  t_true("physical_rising_deadline", wfe_delay(cntpct, 20000) >= 1);
  sysreg_write(cnthctl_el2, 3 | EVNTEN | EVNTDIR | EVNTI(9));  // bit 9 goes 1 to 0 every 1024
  __asm__ volatile("isb");
  t_true("physical_falling_deadline", wfe_delay(cntpct, 20000) >= 1);
  // A SEVL leaves the Event Register set: the first WFE completes at once, and the
  // stream ends the ones after it.
  __asm__ volatile("sevl");
  t_true("physical_after_sevl_deadline", wfe_delay(cntpct, 5000) >= 1);
  sysreg_write(cnthctl_el2, 3);
  t_check("cnthctl_readback", sysreg_read(cnthctl_el2), 3);

  t_section("EL1 stream from the virtual count");
  sysreg_write(cntvoff_el2, sysreg_read(cntpct_el0) - 12345);  // CNTVCT from 12345
  t_true("virtual_rising_deadline", run_el1(el1_stream, EVNTEN | EVNTI(5)) >= 1);
  t_true("virtual_falling_deadline", run_el1(el1_stream, EVNTEN | EVNTDIR | EVNTI(11)) >= 1);
  // A virtual count that wraps round 2^64 while the stream runs: bit 15 goes 1 to 0
  // at the wrap.
  sysreg_write(cntvoff_el2, sysreg_read(cntpct_el0) + 10000);
  t_true("virtual_wrap_deadline", run_el1(el1_stream, EVNTEN | EVNTDIR | EVNTI(15)) >= 1);
  sysreg_write(cntvoff_el2, 0);
  t_check("cntkctl_readback", sysreg_read(cntkctl_el1), 0);
}
