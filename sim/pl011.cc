#include "sim/pl011.h"

namespace sim {

namespace {
// UARTPeriphID0-3 and UARTPCellID0-3 as QEMU's pl011 reports them (part 0x011, Arm).
constexpr uint8_t kIds[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
}  // namespace

template <unsigned kIndex>
uint32_t Pl011::read_id() {
  return kIds[kIndex];
}

const RegisterMap<Pl011>& Pl011::register_map() {
  using P = Pl011;
  static const RegisterMap<Pl011> map({
      {UARTDR, 4, "UARTDR", &P::read_dr, &P::write_dr},
      {UARTRSR, 4, "UARTRSR/UARTECR", &P::read_rsr, &P::write_ecr},
      {UARTFR, 4, "UARTFR", &P::read_fr, nullptr},
      {UARTILPR, 4, "UARTILPR", &P::read_ilpr, &P::write_ilpr},
      {UARTIBRD, 4, "UARTIBRD", &P::read_ibrd, &P::write_ibrd},
      {UARTFBRD, 4, "UARTFBRD", &P::read_fbrd, &P::write_fbrd},
      {UARTLCR_H, 4, "UARTLCR_H", &P::read_lcr_h, &P::write_lcr_h},
      {UARTCR, 4, "UARTCR", &P::read_cr, &P::write_cr},
      {UARTIFLS, 4, "UARTIFLS", &P::read_ifls, &P::write_ifls},
      {UARTIMSC, 4, "UARTIMSC", &P::read_imsc, &P::write_imsc},
      {UARTRIS, 4, "UARTRIS", &P::read_ris, nullptr},
      {UARTMIS, 4, "UARTMIS", &P::read_mis, nullptr},
      {UARTICR, 4, "UARTICR", nullptr, &P::write_icr},
      {UARTDMACR, 4, "UARTDMACR", &P::read_dmacr, &P::write_dmacr},
      {UARTPeriphID0 + 0x0, 4, "UARTPeriphID0", &P::read_id<0>, nullptr},
      {UARTPeriphID0 + 0x4, 4, "UARTPeriphID1", &P::read_id<1>, nullptr},
      {UARTPeriphID0 + 0x8, 4, "UARTPeriphID2", &P::read_id<2>, nullptr},
      {UARTPeriphID0 + 0xC, 4, "UARTPeriphID3", &P::read_id<3>, nullptr},
      {UARTPCellID0 + 0x0, 4, "UARTPCellID0", &P::read_id<4>, nullptr},
      {UARTPCellID0 + 0x4, 4, "UARTPCellID1", &P::read_id<5>, nullptr},
      {UARTPCellID0 + 0x8, 4, "UARTPCellID2", &P::read_id<6>, nullptr},
      {UARTPCellID0 + 0xC, 4, "UARTPCellID3", &P::read_id<7>, nullptr},
  });
  return map;
}

Pl011::Pl011(sc_core::sc_module_name name, sc_core::sc_time latency)
    : sc_module(name), socket("socket"), latency_(latency) {
  socket.register_b_transport(this, &Pl011::b_transport);
  socket.register_transport_dbg(this, &Pl011::transport_dbg);
  reset();
}

void Pl011::reset() {
  read_pos_ = read_count_ = 0;
  flags_ = FR_TXFE | FR_RXFE;  // 0x90
  rsr_ = ilpr_ = ibrd_ = fbrd_ = lcr_ = int_enabled_ = int_level_ = dmacr_ = 0;
  cr_ = 0x300;  // TXE | RXE
  ifls_ = 0x12;
  rx_interest_ = false;
  update_irq();
}

void Pl011::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  register_map().access(*this, tx, bad_accesses_);
  delay += latency_;
}

unsigned Pl011::transport_dbg(tlm::tlm_generic_payload& tx) {
  // Debug reads must not pop the FIFO: serve only side-effect-free registers.
  if (!tx.is_read() || tx.get_data_length() != 4) return 0;
  const auto* r = register_map().find(tx.get_address());
  uint32_t v = 0;
  if (r && r->read && r->offset != UARTDR) v = (this->*(r->read))();
  std::memcpy(tx.get_data_ptr(), &v, 4);
  return 4;
}

uint32_t Pl011::read_dr() {
  rx_interest_ = true;
  flags_ &= ~FR_RXFF;
  uint32_t c = fifo_[read_pos_];
  if (read_count_ > 0) {
    --read_count_;
    read_pos_ = (read_pos_ + 1) & 15;
  }
  if (read_count_ == 0) flags_ |= FR_RXFE;
  // Read trigger 1: the RX interrupt drops with the FIFO below it.
  if (read_count_ == 0) int_level_ &= ~INT_RX;
  rsr_ = c >> 8;
  update_irq();
  return c;
}

void Pl011::write_dr(uint32_t v) {
  if (tx_sink) tx_sink(static_cast<uint8_t>(v));
  int_level_ |= INT_TX;
  update_irq();
}

void Pl011::write_lcr_h(uint32_t v) {
  // Toggling FEN empties the FIFO (as QEMU does).
  if ((lcr_ ^ v) & LCR_FEN) reset_fifo();
  lcr_ = v & 0xFF;
}

void Pl011::write_imsc(uint32_t v) {
  int_enabled_ = v & 0x7FF;
  if (int_enabled_ & (INT_RX | INT_RT)) rx_interest_ = true;
  update_irq();
}

void Pl011::write_icr(uint32_t v) {
  int_level_ &= ~v;
  update_irq();
}

void Pl011::reset_fifo() {
  read_count_ = 0;
  read_pos_ = 0;
  flags_ = (flags_ & ~(FR_RXFF | FR_TXFF)) | FR_RXFE | FR_TXFE;
}

bool Pl011::can_receive() const { return read_count_ < fifo_depth(); }

void Pl011::receive(uint8_t byte) {
  if (!can_receive()) return;
  const unsigned slot = (read_pos_ + read_count_) & 15;
  fifo_[slot] = byte;
  ++read_count_;
  flags_ &= ~FR_RXFE;
  if (read_count_ == fifo_depth()) flags_ |= FR_RXFF;
  if (read_count_ == 1) int_level_ |= INT_RX;  // read trigger 1
  update_irq();
}

void Pl011::update_irq() {
  const bool level = (int_level_ & int_enabled_) != 0;
  if (level != irq_) {
    irq_ = level;
    if (irq_changed) irq_changed(level);
  }
}

}  // namespace sim
