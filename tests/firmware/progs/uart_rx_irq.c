// PL011 receive interrupts through the GIC at EL2: the test harness types the line
// in uart_rx_irq.input at the UART; SPI 1 (INTID 33) is enabled with HCR_EL2.IMO so
// that the physical IRQ is taken at EL2, and the handler drains the receiver.
// The number of interrupts depends on how the host delivers the bytes, so only the
// bytes, their order and the final interrupt state are printed.
#include "gic.h"

const char test_name[] = "uart_rx_irq";

#define UART_BASE 0x09000000ul
#define UARTDR 0x000
#define UARTFR 0x018
#define UARTLCR_H 0x02C
#define UARTIMSC 0x038
#define UARTRIS 0x03C
#define UARTMIS 0x040
#define UARTICR 0x044
#define FR_RXFE (1u << 4)
#define INT_RX (1u << 4)
#define INTID_UART 33

static const char kExpected[] = "el2sim\n";
#define N_EXPECTED (sizeof(kExpected) - 1)

static volatile char g_rx[16];
static volatile unsigned g_nrx;
static volatile unsigned g_irqs;
static volatile u32 g_other_iar;

static int irq_hook(struct exc_frame* f, unsigned el, unsigned vec) {
  (void)f;
  (void)el;
  if ((vec & 0x180) != 0x080) return 0;
  const u32 iar = gicc_r(GICC_IAR);
  if ((iar & 0x3FF) == INTID_UART) {
    ++g_irqs;
    while (!(mmio_r32(UART_BASE + UARTFR) & FR_RXFE)) {
      const u32 c = mmio_r32(UART_BASE + UARTDR) & 0xFF;
      if (g_nrx < sizeof(g_rx)) g_rx[g_nrx++] = (char)c;
    }
  } else {
    g_other_iar = iar;
  }
  if ((iar & 0x3FF) < 1020) gicc_w(GICC_EOIR, iar);
  return 1;
}

void test_main(u64 dtb) {
  (void)dtb;
  g_exc_hook = irq_hook;
  gic_init();
  set_hcr(HCR_DEFAULT | HCR_IMO);
  // FIFO off: a receive interrupt per character held, on both models.
  mmio_w32(UART_BASE + UARTLCR_H, mmio_r32(UART_BASE + UARTLCR_H) & ~(1u << 4));
  // Bytes may have arrived already: their receive interrupt stays raised (it clears
  // when the receiver is read), so only the other sources are cleared here.
  mmio_w32(UART_BASE + UARTICR, 0x7FF & ~(INT_RX | (1u << 6)));
  mmio_w32(UART_BASE + UARTIMSC, INT_RX);
  gic_enable_irq(INTID_UART, 0x80);

  t_section("receive");
  wfi_until(&g_nrx, N_EXPECTED, 1000000);

  t_check("bytes_received", g_nrx, N_EXPECTED);
  for (unsigned i = 0; i < N_EXPECTED; ++i) {
    char name[] = "byte_0";
    name[5] = (char)('0' + i);
    t_check(name, i < g_nrx ? (u8)g_rx[i] : 0xFFFF, (u8)kExpected[i]);
  }
  t_check("irq_taken", g_irqs > 0, 1);
  t_check("other_irqs", g_other_iar, 0);
  t_section("after draining");
  t_check("rx_fifo_empty", (mmio_r32(UART_BASE + UARTFR) & FR_RXFE) != 0, 1);
  t_check("ris_rx_clear", mmio_r32(UART_BASE + UARTRIS) & INT_RX, 0);
  t_check("mis_rx_clear", mmio_r32(UART_BASE + UARTMIS) & INT_RX, 0);
  t_check("uart_irq_not_pending", gic_is_pending(INTID_UART), 0);
  mmio_w32(UART_BASE + UARTIMSC, 0);
}
