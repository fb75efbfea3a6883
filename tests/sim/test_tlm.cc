// The TLM modules through a test initiator. SystemC allows one elaboration per
// process, so every test shares one harness, elaborated on first use.
#include <cstring>
#include <memory>

#include <tlm_utils/simple_initiator_socket.h>
#include <catch2/catch.hpp>
#include <systemc>
#include <tlm>

#include "sim/core.h"
#include "sim/flash.h"
#include "sim/pl011.h"
#include "sim/ram.h"
#include "sim/router.h"

namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

struct TestInitiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<TestInitiator> socket;
  std::vector<std::pair<uint64_t, uint64_t>> invalidations;

  explicit TestInitiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
    socket.register_invalidate_direct_mem_ptr(this, &TestInitiator::invalidate);
  }
  void invalidate(sc_dt::uint64 s, sc_dt::uint64 e) { invalidations.emplace_back(s, e); }

  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                  sc_time* delay_out = nullptr) {
    tlm::tlm_generic_payload tx;
    tx.set_command(cmd);
    tx.set_address(addr);
    tx.set_data_ptr(static_cast<unsigned char*>(data));
    tx.set_data_length(len);
    tx.set_streaming_width(len);
    tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(tx, delay);
    if (delay_out) *delay_out = delay;
    return tx.get_response_status();
  }
  uint32_t read32(uint64_t addr) {
    uint32_t v = 0xDEADBEEF;
    REQUIRE(access(tlm::TLM_READ_COMMAND, addr, &v, 4) == tlm::TLM_OK_RESPONSE);
    return v;
  }
  void write32(uint64_t addr, uint32_t v) {
    REQUIRE(access(tlm::TLM_WRITE_COMMAND, addr, &v, 4) == tlm::TLM_OK_RESPONSE);
  }
};

// A host that parks the core's thread: these tests drive the core's bus interface.
struct ParkedHost : sim::CoreHost {
  sc_core::sc_event never;
  struct NullConsole : sim::SemihostingConsole {
    void write_stdout(const char*, size_t) override {}
    void write_stderr(const char*, size_t) override {}
    int read_stdin_byte() override { return -1; }
  } console;
  void boot(sim::Core&) override { sc_core::wait(never); }
  void quantum_boundary(sim::Core&) override {}
  bool wake_up_possible(const sim::Core&) override { return false; }
  void system_reset(sim::Core&) override {}
  void finish(int, const std::string&) override {}
  sim::SemihostingConsole& semihosting_console() override { return console; }
};

constexpr uint64_t kRamBase = 0x40000000, kRamSize = 1 << 20;
constexpr uint64_t kFlashBase = 0x0, kFlashSize = 64 << 10;
constexpr uint64_t kUartBase = 0x09000000;

struct Harness {
  sim::Router router{"router"};
  sim::Ram ram{"ram", kRamSize, sc_time(10, SC_NS)};
  sim::Flash flash{"flash", kFlashSize, sc_time(20, SC_NS)};
  sim::Pl011 uart{"uart", sc_time(5, SC_NS)};
  TestInitiator init{"init"};
  ParkedHost host;
  std::unique_ptr<sim::Core> core;
  std::string tx_bytes;
  std::vector<bool> irq_edges;

  Harness() {
    router.map("flash", kFlashBase, kFlashSize, flash.socket);
    router.map("uart", kUartBase, 0x1000, uart.socket);
    router.map("ram", kRamBase, kRamSize, ram.socket);
    router.connect_initiator(init.socket);
    sim::CoreConfig cc;
    cc.frequency_hz = 1000000000;
    core = std::make_unique<sim::Core>("cpu0", cc, host);
    router.connect_initiator(core->socket);
    uart.tx_sink = [this](uint8_t c) { tx_bytes.push_back(static_cast<char>(c)); };
    uart.irq_changed = [this](bool level) { irq_edges.push_back(level); };
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // end of elaboration
  }
};

Harness& harness() {
  static Harness h;
  return h;
}

}  // namespace

TEST_CASE("router: decode, address translation and bus errors", "[router]") {
  Harness& h = harness();
  CHECK(h.router.decode(kRamBase + 5)->name == "ram");
  CHECK(h.router.decode(kUartBase + 0xFFF)->name == "uart");
  CHECK(h.router.decode(kUartBase + 0x1000) == nullptr);
  CHECK(h.router.decode(0x30000000) == nullptr);

  sc_time delay;
  uint64_t v = 0x1122334455667788ull;
  REQUIRE(h.init.access(tlm::TLM_WRITE_COMMAND, kRamBase + 0x100, &v, 8, &delay) ==
          tlm::TLM_OK_RESPONSE);
  CHECK(delay == sc_time(10, SC_NS));  // the RAM's latency from the model
  uint64_t back = 0;
  std::memcpy(&back, h.ram.memory().data() + 0x100, 8);
  CHECK(back == v);

  CHECK(h.init.access(tlm::TLM_READ_COMMAND, 0x30000000, &v, 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  // An access running off the end of a mapped region.
  CHECK(h.init.access(tlm::TLM_READ_COMMAND, kRamBase + kRamSize - 4, &v, 8) ==
        tlm::TLM_ADDRESS_ERROR_RESPONSE);
  // Overlapping maps are refused.
  CHECK_THROWS_AS(h.router.map("dup", kRamBase + 0x1000, 0x1000, h.ram.socket),
                  std::invalid_argument);
}

TEST_CASE("router: debug transport reaches memories", "[router]") {
  Harness& h = harness();
  const char msg[] = "debug";
  tlm::tlm_generic_payload tx;
  tx.set_command(tlm::TLM_WRITE_COMMAND);
  tx.set_address(kFlashBase + 0x40);
  tx.set_data_ptr(reinterpret_cast<unsigned char*>(const_cast<char*>(msg)));
  tx.set_data_length(5);
  tx.set_streaming_width(5);
  CHECK(h.init.socket->transport_dbg(tx) == 5);
  CHECK(std::memcmp(h.flash.memory().data() + 0x40, "debug", 5) == 0);
  // Flash ignores bus writes (CFI commands are a later issue) but reads back.
  uint32_t w = 0xFFFFFFFF;
  CHECK(h.init.access(tlm::TLM_WRITE_COMMAND, kFlashBase + 0x40, &w, 4) == tlm::TLM_OK_RESPONSE);
  CHECK(std::memcmp(h.flash.memory().data() + 0x40, "debug", 5) == 0);
  CHECK(h.init.read32(kFlashBase + 0x40) == 0x75626564);  // "debu"
}

TEST_CASE("router: DMI grants in global addresses and invalidation goes back", "[router][dmi]") {
  Harness& h = harness();
  tlm::tlm_generic_payload tx;
  tx.set_command(tlm::TLM_READ_COMMAND);
  tx.set_address(kRamBase + 0x2345);
  tlm::tlm_dmi dmi;
  REQUIRE(h.init.socket->get_direct_mem_ptr(tx, dmi));
  CHECK(dmi.get_start_address() == kRamBase);
  CHECK(dmi.get_end_address() == kRamBase + kRamSize - 1);
  CHECK(dmi.is_read_write_allowed());
  CHECK(dmi.get_dmi_ptr() == h.ram.memory().data());

  tx.set_address(kFlashBase + 0x10);
  tlm::tlm_dmi fdmi;
  REQUIRE(h.init.socket->get_direct_mem_ptr(tx, fdmi));
  CHECK(fdmi.is_read_allowed());
  CHECK_FALSE(fdmi.is_write_allowed());

  tx.set_address(kUartBase);
  tlm::tlm_dmi udmi;
  CHECK_FALSE(h.init.socket->get_direct_mem_ptr(tx, udmi));
  tx.set_address(0x20000000);  // unmapped: no DMI in the gap
  tlm::tlm_dmi gap;
  CHECK_FALSE(h.init.socket->get_direct_mem_ptr(tx, gap));
  CHECK(gap.get_start_address() == kUartBase + 0x1000);
  CHECK(gap.get_end_address() == kRamBase - 1);

  h.init.invalidations.clear();
  h.ram.socket->invalidate_direct_mem_ptr(0x1000, 0x1FFF);
  REQUIRE(h.init.invalidations.size() == 1);
  CHECK(h.init.invalidations[0].first == kRamBase + 0x1000);
  CHECK(h.init.invalidations[0].second == kRamBase + 0x1FFF);
}

TEST_CASE("core: the bus interface uses DMI for memory and b_transport for devices",
          "[core][dmi]") {
  Harness& h = harness();
  sim::Core& c = *h.core;
  uint8_t* p = c.host_page(kRamBase + 0x1234, true);
  REQUIRE(p != nullptr);
  CHECK(p == h.ram.memory().data() + 0x1000);
  CHECK(c.host_page(kFlashBase + 0x100, false) == h.flash.memory().data());
  CHECK(c.host_page(kFlashBase + 0x100, true) == nullptr);  // flash DMI is read-only
  CHECK(c.host_page(kUartBase, false) == nullptr);
  CHECK(c.host_page(0x30000000, false) == nullptr);

  uint32_t v = 0;
  CHECK(c.read(kUartBase + sim::Pl011::UARTFR, &v, 4) == mmu::BusResult::Ok);
  CHECK(v == 0x90);
  CHECK(c.read(0x30000000, &v, 4) == mmu::BusResult::Error);
  const uint64_t cycles = c.cycles();
  CHECK(c.read(kRamBase, &v, 4) == mmu::BusResult::Ok);
  CHECK(c.cycles() == cycles + 10);  // 10 ns at 1 GHz

  const uint64_t before = c.counters().dmi_invalidations;
  h.ram.socket->invalidate_direct_mem_ptr(0, kRamSize - 1);
  CHECK(c.counters().dmi_invalidations == before + 1);
  CHECK(c.host_page(kRamBase, false) == h.ram.memory().data());  // granted again
  CHECK(c.debug_write(kRamBase + 0x10, "ab", 2) == 2);
  char back[2];
  CHECK(c.debug_read(kRamBase + 0x10, back, 2) == 2);
  CHECK(std::memcmp(back, "ab", 2) == 0);
}

TEST_CASE("PL011: identification and reset values", "[pl011]") {
  Harness& h = harness();
  h.uart.reset();
  const uint32_t ids[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
  for (unsigned i = 0; i < 8; ++i) CHECK(h.init.read32(kUartBase + 0xFE0 + 4 * i) == ids[i]);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTFR) == 0x90);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTCR) == 0x300);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTIFLS) == 0x12);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTIMSC) == 0);
  CHECK(h.init.read32(kUartBase + 0x800) == 0);  // no register: reads as zero
  CHECK(h.uart.bad_accesses() == 1);
}

TEST_CASE("PL011: transmit, registers and the TX interrupt", "[pl011]") {
  Harness& h = harness();
  h.uart.reset();
  h.tx_bytes.clear();
  h.irq_edges.clear();
  h.init.write32(kUartBase + sim::Pl011::UARTDR, 'h');
  uint8_t b = 'i';
  CHECK(h.init.access(tlm::TLM_WRITE_COMMAND, kUartBase, &b, 1) == tlm::TLM_OK_RESPONSE);
  CHECK(h.tx_bytes == "hi");
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTRIS) == sim::Pl011::INT_TX);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTMIS) == 0);
  CHECK_FALSE(h.uart.irq_level());
  h.init.write32(kUartBase + sim::Pl011::UARTIMSC, sim::Pl011::INT_TX);
  CHECK(h.uart.irq_level());
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTMIS) == sim::Pl011::INT_TX);
  h.init.write32(kUartBase + sim::Pl011::UARTICR, sim::Pl011::INT_TX);
  CHECK_FALSE(h.uart.irq_level());
  CHECK(h.irq_edges == std::vector<bool>{true, false});
  h.init.write32(kUartBase + sim::Pl011::UARTIBRD, 0x12345);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTIBRD) == 0x2345);
  h.init.write32(kUartBase + sim::Pl011::UARTFBRD, 0xFF);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTFBRD) == 0x3F);
  h.init.write32(kUartBase + sim::Pl011::UARTILPR, 0x1FF);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTILPR) == 0xFF);
  h.init.write32(kUartBase + sim::Pl011::UARTDMACR, 0xF);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTDMACR) == 7);
  // A sub-word read returns the addressed bytes of the register.
  uint16_t half = 0;
  CHECK(h.init.access(tlm::TLM_READ_COMMAND, kUartBase + 0xFE0, &half, 2) == tlm::TLM_OK_RESPONSE);
  CHECK(half == 0x11);
  // Misaligned accesses are refused.
  uint32_t w;
  CHECK(h.init.access(tlm::TLM_READ_COMMAND, kUartBase + 2, &w, 4) ==
        tlm::TLM_BURST_ERROR_RESPONSE);
}

TEST_CASE("PL011: receive FIFO with and without FEN", "[pl011]") {
  Harness& h = harness();
  h.uart.reset();
  // FIFO disabled: one entry.
  CHECK(h.uart.can_receive());
  h.uart.receive('a');
  CHECK_FALSE(h.uart.can_receive());
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTFR) ==
        (sim::Pl011::FR_TXFE | sim::Pl011::FR_RXFF));
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTRIS) & sim::Pl011::INT_RX);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTDR) == 'a');
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTFR) == 0x90);
  CHECK_FALSE(h.init.read32(kUartBase + sim::Pl011::UARTRIS) & sim::Pl011::INT_RX);

  // FIFO enabled: 16 entries, in order.
  h.init.write32(kUartBase + sim::Pl011::UARTLCR_H, sim::Pl011::LCR_FEN | 0x60);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTLCR_H) == 0x70);
  for (int i = 0; i < 16; ++i) {
    REQUIRE(h.uart.can_receive());
    h.uart.receive(static_cast<uint8_t>('A' + i));
  }
  CHECK_FALSE(h.uart.can_receive());
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTFR) & sim::Pl011::FR_RXFF);
  h.init.write32(kUartBase + sim::Pl011::UARTIMSC, sim::Pl011::INT_RX);
  CHECK(h.uart.irq_level());
  std::string got;
  while (!(h.init.read32(kUartBase + sim::Pl011::UARTFR) & sim::Pl011::FR_RXFE))
    got.push_back(static_cast<char>(h.init.read32(kUartBase + sim::Pl011::UARTDR)));
  CHECK(got == "ABCDEFGHIJKLMNOP");
  CHECK_FALSE(h.uart.irq_level());
  // Toggling FEN empties the FIFO.
  h.uart.receive('x');
  h.init.write32(kUartBase + sim::Pl011::UARTLCR_H, 0);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTFR) & sim::Pl011::FR_RXFE);
  h.init.write32(kUartBase + sim::Pl011::UARTRSR, 0);
  CHECK(h.init.read32(kUartBase + sim::Pl011::UARTRSR) == 0);
}
