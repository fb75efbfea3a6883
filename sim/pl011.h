// Arm PrimeCell UART (PL011, DDI 0183), with the behaviour of QEMU's hw/char/pl011.c:
// transmit is always ready (each byte written to UARTDR goes straight to the host
// sink), a 16-entry receive FIFO when UARTLCR_H.FEN is set (1 entry otherwise), the
// receive interrupt at the first byte (QEMU's read trigger is fixed at 1), and the
// UARTCR enable bits are stored but not enforced, as in QEMU.
//
// The interrupt output is a level (UARTMIS != 0) reported through a callback; the GIC
// issue connects it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "sim/reg_map.h"

namespace sim {

class Pl011 : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Pl011> socket;

  Pl011(sc_core::sc_module_name name, sc_core::sc_time latency);

  // Host side.
  std::function<void(uint8_t)> tx_sink;   // each transmitted byte
  std::function<void(bool)> irq_changed;  // the interrupt line's new level
  bool can_receive() const;
  void receive(uint8_t byte);  // into the RX FIFO
  bool irq_level() const { return irq_; }
  // Whether the guest has shown interest in input (read UARTDR or unmasked RX).
  bool rx_interest() const { return rx_interest_; }

  void reset();
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& tx);
  uint64_t bad_accesses() const { return bad_accesses_; }

  // Register offsets (PL011 TRM table 3-1).
  static constexpr uint32_t UARTDR = 0x000, UARTRSR = 0x004, UARTFR = 0x018, UARTILPR = 0x020,
                            UARTIBRD = 0x024, UARTFBRD = 0x028, UARTLCR_H = 0x02C, UARTCR = 0x030,
                            UARTIFLS = 0x034, UARTIMSC = 0x038, UARTRIS = 0x03C, UARTMIS = 0x040,
                            UARTICR = 0x044, UARTDMACR = 0x048, UARTPeriphID0 = 0xFE0,
                            UARTPCellID0 = 0xFF0;
  // UARTFR bits
  static constexpr uint32_t FR_BUSY = 1u << 3, FR_RXFE = 1u << 4, FR_TXFF = 1u << 5,
                            FR_RXFF = 1u << 6, FR_TXFE = 1u << 7;
  // Interrupt bits (UARTIMSC/RIS/MIS/ICR)
  static constexpr uint32_t INT_RX = 1u << 4, INT_TX = 1u << 5, INT_RT = 1u << 6;
  static constexpr uint32_t LCR_FEN = 1u << 4;

 private:
  // Register handlers (the table in pl011.cc names them).
  uint32_t read_dr();
  void write_dr(uint32_t v);
  uint32_t read_rsr() { return rsr_; }
  void write_ecr(uint32_t) { rsr_ = 0; }
  uint32_t read_fr() { return flags_; }
  uint32_t read_ilpr() { return ilpr_; }
  void write_ilpr(uint32_t v) { ilpr_ = v & 0xFF; }
  uint32_t read_ibrd() { return ibrd_; }
  void write_ibrd(uint32_t v) { ibrd_ = v & 0xFFFF; }
  uint32_t read_fbrd() { return fbrd_; }
  void write_fbrd(uint32_t v) { fbrd_ = v & 0x3F; }
  uint32_t read_lcr_h() { return lcr_; }
  void write_lcr_h(uint32_t v);
  uint32_t read_cr() { return cr_; }
  void write_cr(uint32_t v) { cr_ = v & 0xFFFF; }
  uint32_t read_ifls() { return ifls_; }
  void write_ifls(uint32_t v) { ifls_ = v & 0x3F; }
  uint32_t read_imsc() { return int_enabled_; }
  void write_imsc(uint32_t v);
  uint32_t read_ris() { return int_level_; }
  uint32_t read_mis() { return int_level_ & int_enabled_; }
  void write_icr(uint32_t v);
  uint32_t read_dmacr() { return dmacr_; }
  void write_dmacr(uint32_t v) { dmacr_ = v & 7; }
  template <unsigned kIndex>
  uint32_t read_id();

  void update_irq();
  void reset_fifo();
  unsigned fifo_depth() const { return (lcr_ & LCR_FEN) ? 16 : 1; }

  static const RegisterMap<Pl011>& register_map();

  sc_core::sc_time latency_;
  std::array<uint32_t, 16> fifo_{};
  unsigned read_pos_ = 0, read_count_ = 0;
  uint32_t flags_ = 0, rsr_ = 0, ilpr_ = 0, ibrd_ = 0, fbrd_ = 0, lcr_ = 0, cr_ = 0, ifls_ = 0,
           int_enabled_ = 0, int_level_ = 0, dmacr_ = 0;
  bool irq_ = false;
  bool rx_interest_ = false;
  uint64_t bad_accesses_ = 0;
};

}  // namespace sim
