// PL011 UART at 0x09000000 (QEMU virt and el2sim's default machine).
#include "fw.h"

#define UART_BASE 0x09000000ul
#define UART_DR 0x000
#define UART_FR 0x018
#define UART_FR_TXFF (1u << 5)

static inline u32 mmio_read32(u64 addr) { return *(volatile u32*)addr; }
static inline void mmio_write32(u64 addr, u32 v) { *(volatile u32*)addr = v; }

void uart_putc(char c) {
  while (mmio_read32(UART_BASE + UART_FR) & UART_FR_TXFF) {
  }
  mmio_write32(UART_BASE + UART_DR, (u8)c);
}

void uart_puts(const char* s) {
  while (*s) uart_putc(*s++);
}
