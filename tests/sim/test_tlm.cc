// The TLM modules through a test initiator. SystemC allows one elaboration per
// process, so every test shares one harness, elaborated on first use.
#include <cstring>
#include <memory>
#include <random>
#include <utility>

#include <tlm_utils/simple_initiator_socket.h>
#include <catch2/catch.hpp>
#include <systemc>
#include <tlm>

#include "sim/core.h"
#include "sim/flash.h"
#include "sim/pl011.h"
#include "sim/pl031.h"
#include "sim/ram.h"
#include "sim/router.h"
#include "sim/virtio_mmio.h"
#include "tests/tlm_test_initiator.h"

namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

using TestInitiator = el2sim_test::TlmTestInitiator;

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
// Above RAM, so the unmapped gap below RAM stays as the router tests expect.
constexpr uint64_t kCfiBase = 0x60000000, kCfiSize = 2 * sim::Flash::kSectorSize;
constexpr uint64_t kRtcBase = 0x61000000;
constexpr uint64_t kVirtioBase = 0x62000000;

struct Harness {
  sim::Router router{"router"};
  sim::Ram ram{"ram", kRamSize, sc_time(10, SC_NS)};
  sim::Flash flash{"flash", kFlashSize, sc_time(20, SC_NS)};
  sim::Pl011 uart{"uart", sc_time(5, SC_NS)};
  sim::Flash cfi{"cfi", kCfiSize, sc_time(20, SC_NS)};
  sim::Pl031 rtc{"rtc", sc_time(5, SC_NS)};
  sim::VirtioMmioBank virtio{"virtio", 0x200, sc_time(5, SC_NS)};
  std::vector<bool> rtc_irq;
  TestInitiator init{"init"};
  ParkedHost host;
  std::unique_ptr<sim::Core> core;
  std::string tx_bytes;
  std::vector<bool> irq_edges;

  Harness() {
    router.map("flash", kFlashBase, kFlashSize, flash.socket);
    router.map("uart", kUartBase, 0x1000, uart.socket);
    router.map("ram", kRamBase, kRamSize, ram.socket);
    router.map("cfi", kCfiBase, kCfiSize, cfi.socket);
    router.map("rtc", kRtcBase, 0x1000, rtc.socket);
    router.map("virtio", kVirtioBase, 32 * 0x200, virtio.socket);
    rtc.irq_changed = [this](bool level) { rtc_irq.push_back(level); };
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

TEST_CASE("core: the system counter from the core's cycles", "[core]") {
  // Against the two 128-bit divisions, for frequency pairs that take the multiply and
  // shift (1 GHz and 62.5 MHz, 800 MHz and 50 MHz, 2 GHz and 1 GHz) and others.
  const std::pair<uint64_t, uint64_t> pairs[] = {{1000000000, 62500000},   {800000000, 50000000},
                                                 {2000000000, 1000000000}, {1000000000, 24000000},
                                                 {3000000000, 62500000},   {1200000000, 19200000},
                                                 {1, 1000000000000},       {7, 3}};
  std::mt19937_64 rng(20261123);
  for (const auto& [core_hz, counter_hz] : pairs) {
    const sim::CounterScale scale(core_hz, counter_hz);
    for (unsigned i = 0; i < 20000; ++i) {
      // Small counts, counts of any size, and counts near where the picoseconds
      // outgrow 64 bits.
      const unsigned kind = i % 3;
      const uint64_t edge = ~0ull / (1000000000000ull / core_hz ? 1000000000000ull / core_hz : 1);
      const uint64_t cycles = kind == 0   ? rng() % 100000
                              : kind == 1 ? rng() >> (rng() % 64)
                                          : edge - 8 + rng() % 16;
      const auto ps = static_cast<uint64_t>(static_cast<unsigned __int128>(cycles) *
                                            1000000000000ull / core_hz);
      const auto want =
          static_cast<uint64_t>(static_cast<unsigned __int128>(ps) * counter_hz / 1000000000000ull);
      INFO(core_hz << " Hz, counter " << counter_hz << " Hz, " << cycles << " cycles");
      REQUIRE(scale.ticks(cycles) == want);
      REQUIRE(scale.ticks_exact(cycles) == want);
    }
  }
}

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
  // A bus write is a CFI command (0xFF: read array), not data; the array reads back.
  uint32_t w = 0xFFFFFFFF;
  CHECK(h.init.access(tlm::TLM_WRITE_COMMAND, kFlashBase + 0x40, &w, 4) == tlm::TLM_OK_RESPONSE);
  CHECK(std::memcmp(h.flash.memory().data() + 0x40, "debug", 5) == 0);
  CHECK(h.init.r32(kFlashBase + 0x40) == 0x75626564);  // "debu"
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
  // The whole region of a page, for MMU-off reads.
  const mmu::Bus::HostRange ram = c.host_range(kRamBase + 0x5678, false);
  CHECK(ram.base == kRamBase);
  CHECK(ram.size == kRamSize);
  CHECK(ram.host == h.ram.memory().data());
  const mmu::Bus::HostRange flash = c.host_range(kFlashBase + 0x2345, false);
  CHECK(flash.base == kFlashBase);
  CHECK(flash.size == kFlashSize);
  CHECK(flash.host == h.flash.memory().data());
  CHECK(c.host_range(kFlashBase, true).size == 0);
  CHECK(c.host_range(kUartBase, false).size == 0);

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

  // debug_zero: the ragged ends written, the whole pages between handed back to the
  // host (RAM), or written (flash, whose DMI is read-only); it stops where memory does.
  const std::vector<uint8_t> filled(0x6000, 0xAA);
  for (const uint64_t base : {kRamBase + 0x10000, kFlashBase + 0x1000}) {
    REQUIRE(c.debug_write(base, filled.data(), filled.size()) == filled.size());
    CHECK(c.debug_zero(base + 0x7FF, 0x4802) == 0x4802);
    std::vector<uint8_t> got(filled.size());
    REQUIRE(c.debug_read(base, got.data(), got.size()) == got.size());
    for (size_t i = 0; i < got.size(); ++i) {
      const bool zeroed = i >= 0x7FF && i < 0x7FF + 0x4802;
      if (got[i] != (zeroed ? 0 : 0xAA)) FAIL("byte " << i << " of 0x" << std::hex << base);
    }
  }
  CHECK(c.debug_zero(kRamBase + kRamSize - 0x1800, 0x3000) == 0x1800);
}

TEST_CASE("PL011: identification and reset values", "[pl011]") {
  Harness& h = harness();
  h.uart.reset();
  const uint32_t ids[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
  for (unsigned i = 0; i < 8; ++i) CHECK(h.init.r32(kUartBase + 0xFE0 + 4 * i) == ids[i]);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTFR) == 0x90);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTCR) == 0x300);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTIFLS) == 0x12);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTIMSC) == 0);
  CHECK(h.init.r32(kUartBase + 0x800) == 0);  // no register: reads as zero
  CHECK(h.uart.bad_accesses() == 1);
}

TEST_CASE("PL011: transmit, registers and the TX interrupt", "[pl011]") {
  Harness& h = harness();
  h.uart.reset();
  h.tx_bytes.clear();
  h.irq_edges.clear();
  h.init.w32(kUartBase + sim::Pl011::UARTDR, 'h');
  uint8_t b = 'i';
  CHECK(h.init.access(tlm::TLM_WRITE_COMMAND, kUartBase, &b, 1) == tlm::TLM_OK_RESPONSE);
  CHECK(h.tx_bytes == "hi");
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTRIS) == sim::Pl011::INT_TX);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTMIS) == 0);
  CHECK_FALSE(h.uart.irq_level());
  h.init.w32(kUartBase + sim::Pl011::UARTIMSC, sim::Pl011::INT_TX);
  CHECK(h.uart.irq_level());
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTMIS) == sim::Pl011::INT_TX);
  h.init.w32(kUartBase + sim::Pl011::UARTICR, sim::Pl011::INT_TX);
  CHECK_FALSE(h.uart.irq_level());
  CHECK(h.irq_edges == std::vector<bool>{true, false});
  h.init.w32(kUartBase + sim::Pl011::UARTIBRD, 0x12345);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTIBRD) == 0x2345);
  h.init.w32(kUartBase + sim::Pl011::UARTFBRD, 0xFF);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTFBRD) == 0x3F);
  h.init.w32(kUartBase + sim::Pl011::UARTILPR, 0x1FF);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTILPR) == 0xFF);
  h.init.w32(kUartBase + sim::Pl011::UARTDMACR, 0xF);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTDMACR) == 7);
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
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTFR) == (sim::Pl011::FR_TXFE | sim::Pl011::FR_RXFF));
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTRIS) & sim::Pl011::INT_RX);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTDR) == 'a');
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTFR) == 0x90);
  CHECK_FALSE(h.init.r32(kUartBase + sim::Pl011::UARTRIS) & sim::Pl011::INT_RX);

  // FIFO enabled: 16 entries, in order.
  h.init.w32(kUartBase + sim::Pl011::UARTLCR_H, sim::Pl011::LCR_FEN | 0x60);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTLCR_H) == 0x70);
  for (int i = 0; i < 16; ++i) {
    REQUIRE(h.uart.can_receive());
    h.uart.receive(static_cast<uint8_t>('A' + i));
  }
  CHECK_FALSE(h.uart.can_receive());
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTFR) & sim::Pl011::FR_RXFF);
  h.init.w32(kUartBase + sim::Pl011::UARTIMSC, sim::Pl011::INT_RX);
  CHECK(h.uart.irq_level());
  std::string got;
  while (!(h.init.r32(kUartBase + sim::Pl011::UARTFR) & sim::Pl011::FR_RXFE))
    got.push_back(static_cast<char>(h.init.r32(kUartBase + sim::Pl011::UARTDR)));
  CHECK(got == "ABCDEFGHIJKLMNOP");
  CHECK_FALSE(h.uart.irq_level());
  // Toggling FEN empties the FIFO.
  h.uart.receive('x');
  h.init.w32(kUartBase + sim::Pl011::UARTLCR_H, 0);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTFR) & sim::Pl011::FR_RXFE);
  h.init.w32(kUartBase + sim::Pl011::UARTRSR, 0);
  CHECK(h.init.r32(kUartBase + sim::Pl011::UARTRSR) == 0);
}

// ---- CFI flash (Intel command set, two x16 devices in a 32-bit bank, as QEMU's virt) ----

namespace {

bool flash_dmi(Harness& h, uint64_t addr) {
  tlm::tlm_generic_payload tx;
  tx.set_command(tlm::TLM_READ_COMMAND);
  tx.set_address(addr);
  tlm::tlm_dmi dmi;
  return h.init.socket->get_direct_mem_ptr(tx, dmi);
}

}  // namespace

TEST_CASE("CFI flash: query, device ID and read array", "[flash]") {
  Harness& h = harness();
  std::memcpy(h.cfi.memory().data(), "\x11\x22\x33\x44", 4);
  h.init.w32(kCfiBase, 0x00ff00ff);
  REQUIRE(h.cfi.read_array_mode());
  CHECK(h.init.r32(kCfiBase) == 0x44332211);

  h.init.w32(kCfiBase + 0x55 * 4, 0x00980098);  // CFI query, as U-Boot issues it
  CHECK_FALSE(h.cfi.read_array_mode());
  CHECK(h.init.r32(kCfiBase + 0x10 * 4) == 0x00510051);  // 'Q' from both devices
  CHECK(h.init.r32(kCfiBase + 0x11 * 4) == 0x00520052);  // 'R'
  CHECK(h.init.r32(kCfiBase + 0x12 * 4) == 0x00590059);  // 'Y'
  CHECK(h.init.r32(kCfiBase + 0x13 * 4) == 0x00010001);  // Intel command set
  CHECK(h.init.r32(kCfiBase + 0x2A * 4) == 0x000B000B);  // 2 KiB write buffer
  CHECK(h.init.r32(kCfiBase + 0x2C * 4) == 0x00010001);  // one erase region
  // 2 blocks per device of 128 KiB: 256 KiB blocks across the bank.
  CHECK(h.init.r32(kCfiBase + 0x2D * 4) == 0x00010001);
  CHECK(h.init.r32(kCfiBase + 0x2F * 4) == 0);
  CHECK(h.init.r32(kCfiBase + 0x30 * 4) == 0x00020002);
  CHECK(h.init.r32(kCfiBase + 0x31 * 4) == 0x00500050);  // "PRI"
  uint8_t b = 0;
  REQUIRE(h.init.access(tlm::TLM_READ_COMMAND, kCfiBase + 0x10 * 4, &b, 1) == tlm::TLM_OK_RESPONSE);
  CHECK(b == 'Q');
  h.init.w32(kCfiBase, 0x00420042);  // ignored in query mode
  CHECK(h.init.r32(kCfiBase + 0x10 * 4) == 0x00510051);

  h.init.w32(kCfiBase, 0x00ff00ff);
  h.init.w32(kCfiBase, 0x00900090);  // read identifier
  CHECK(h.init.r32(kCfiBase) == 0x00890089);
  CHECK(h.init.r32(kCfiBase + 4) == 0x00180018);
  h.init.w32(kCfiBase, 0x00f000f0);  // AMD-style reset also returns to read array
  CHECK(h.cfi.read_array_mode());
  CHECK(h.init.r32(kCfiBase) == 0x44332211);
}

TEST_CASE("CFI flash: program, erase and status", "[flash]") {
  Harness& h = harness();
  h.init.w32(kCfiBase, 0x00500050);  // clear status
  const uint64_t blk1 = kCfiBase + sim::Flash::kSectorSize;

  // Block erase of the second block: 0x20, then 0xD0 at an address in the block.
  std::memset(h.cfi.memory().data(), 0x5a, kCfiSize);
  h.init.w32(blk1 + 0x100, 0x00200020);
  h.init.w32(blk1 + 0x100, 0x00d000d0);
  CHECK(h.init.r32(blk1) == 0x00800080);  // status: ready, from both devices
  h.init.w32(kCfiBase, 0x00ff00ff);
  CHECK(h.init.r32(blk1) == 0xffffffff);
  CHECK(h.init.r32(blk1 + sim::Flash::kSectorSize - 4) == 0xffffffff);
  CHECK(h.init.r32(blk1 - 4) == 0x5a5a5a5a);  // the first block is untouched

  // Single-word program (0x40 and 0x10).
  h.init.w32(blk1 + 8, 0x00400040);
  h.init.w32(blk1 + 8, 0x12345678);
  CHECK(h.init.r32(blk1 + 8) == 0x00800080);  // reads give the status until reset
  h.init.w32(blk1 + 12, 0x00100010);
  h.init.w32(blk1 + 12, 0xcafef00d);
  h.init.w32(kCfiBase, 0x00ff00ff);
  CHECK(h.init.r32(blk1 + 8) == 0x12345678);
  CHECK(h.init.r32(blk1 + 12) == 0xcafef00d);

  // Read status (0x70) and clear status (0x50).
  h.init.w32(kCfiBase, 0x00700070);
  CHECK(h.init.r32(kCfiBase + 0x40) == 0x00800080);
  uint16_t half = 0;
  REQUIRE(h.init.access(tlm::TLM_READ_COMMAND, kCfiBase + 2, &half, 2) == tlm::TLM_OK_RESPONSE);
  CHECK(half == 0x0080);
  h.init.w32(kCfiBase, 0x00500050);
  CHECK(h.cfi.read_array_mode());
  CHECK(h.cfi.status() == 0);

  // Buffered program: 0xE8, count-1 (bank words), the data, 0xD0.
  h.init.w32(blk1 + 0x40, 0x00e800e8);
  CHECK(h.init.r32(blk1 + 0x40) == 0x00800080);  // XSR: buffer available
  h.init.w32(blk1 + 0x40, 0x00030003);           // 4 words
  for (uint32_t i = 0; i < 4; ++i) h.init.w32(blk1 + 0x40 + 4 * i, 0xa0000000 + i);
  h.init.w32(blk1 + 0x40, 0x00d000d0);
  CHECK(h.init.r32(blk1 + 0x40) == 0x00800080);
  h.init.w32(kCfiBase, 0x00ff00ff);
  for (uint32_t i = 0; i < 4; ++i) CHECK(h.init.r32(blk1 + 0x40 + 4 * i) == 0xa0000000 + i);
  CHECK(h.init.r32(blk1 + 0x50) == 0xffffffff);

  // Block lock/unlock are accepted and change nothing.
  h.init.w32(blk1, 0x00600060);
  h.init.w32(blk1, 0x00d000d0);
  h.init.w32(kCfiBase, 0x00ff00ff);
  CHECK(h.init.r32(blk1 + 8) == 0x12345678);
}

TEST_CASE("CFI flash: DMI only in read-array mode, withdrawn and restored", "[flash][dmi]") {
  Harness& h = harness();
  h.init.w32(kCfiBase, 0x00ff00ff);
  REQUIRE(flash_dmi(h, kCfiBase + 0x100));
  h.init.invalidations.clear();
  h.init.w32(kCfiBase + 0x55 * 4, 0x00980098);
  REQUIRE(h.init.invalidations.size() == 1);
  CHECK(h.init.invalidations[0].first == kCfiBase);
  CHECK(h.init.invalidations[0].second == kCfiBase + kCfiSize - 1);
  CHECK_FALSE(flash_dmi(h, kCfiBase + 0x100));
  // A read in a command mode must not grant DMI either.
  tlm::tlm_generic_payload tx;
  uint32_t v = 0;
  tx.set_command(tlm::TLM_READ_COMMAND);
  tx.set_address(kCfiBase + 0x40);
  tx.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
  tx.set_data_length(4);
  tx.set_streaming_width(4);
  sc_time delay = sc_core::SC_ZERO_TIME;
  h.init.socket->b_transport(tx, delay);
  CHECK(v == 0x00510051);
  CHECK_FALSE(tx.is_dmi_allowed());
  h.init.invalidations.clear();
  h.init.w32(kCfiBase, 0x00ff00ff);  // back to read array: the refusal is withdrawn
  CHECK(h.init.invalidations.size() == 1);
  CHECK(flash_dmi(h, kCfiBase + 0x100));  // restored in read-array mode
  h.init.invalidations.clear();
  h.init.w32(kCfiBase, 0x00700070);
  CHECK(h.init.invalidations.size() == 1);
  h.init.w32(kCfiBase, 0x00ff00ff);

  // The core's host-page cache follows: no pointer while in a command mode.
  sim::Core& c = *h.core;
  h.init.w32(kCfiBase, 0x00ff00ff);
  CHECK(c.host_page(kCfiBase, false) == h.cfi.memory().data());
  h.init.w32(kCfiBase, 0x00900090);
  CHECK(c.host_page(kCfiBase, false) == nullptr);
  uint32_t id = 0;
  CHECK(c.read(kCfiBase, &id, 4) == mmu::BusResult::Ok);
  CHECK(id == 0x00890089);
  h.init.w32(kCfiBase, 0x00ff00ff);
  CHECK(c.host_page(kCfiBase, false) == h.cfi.memory().data());
}

// ---- PL031 RTC ----

TEST_CASE("PL031: identification, counter from a fixed epoch, load, match interrupt", "[pl031]") {
  Harness& h = harness();
  h.rtc.reset();
  const uint8_t ids[8] = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
  for (unsigned i = 0; i < 8; ++i) CHECK(h.init.r32(kRtcBase + 0xfe0 + 4 * i) == ids[i]);
  const uint32_t t0 = h.init.r32(kRtcBase + sim::Pl031::RTCDR);
  const uint64_t secs = static_cast<uint64_t>(sc_core::sc_time_stamp().to_seconds());
  CHECK(t0 == sim::Pl031::kEpoch + secs);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCCR) == 1);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCIMSC) == 0);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCRIS) == 0);

  h.init.w32(kRtcBase + sim::Pl031::RTCLR, 1000);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCDR) == 1000);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCLR) == 1000);

  // Match two seconds ahead: the raw status rises then, the line only when unmasked.
  h.init.w32(kRtcBase + sim::Pl031::RTCMR, 1002);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCMR) == 1002);
  h.rtc_irq.clear();
  sc_core::sc_start(sc_time(1.5, sc_core::SC_SEC));
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCDR) == 1001);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCRIS) == 0);
  sc_core::sc_start(sc_time(1, sc_core::SC_SEC));
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCDR) == 1002);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCRIS) == 1);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCMIS) == 0);
  CHECK(h.rtc_irq.empty());
  h.init.w32(kRtcBase + sim::Pl031::RTCIMSC, 1);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCMIS) == 1);
  REQUIRE(h.rtc_irq.size() == 1);
  CHECK(h.rtc_irq[0]);
  h.init.w32(kRtcBase + sim::Pl031::RTCICR, 1);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCRIS) == 0);
  REQUIRE(h.rtc_irq.size() == 2);
  CHECK_FALSE(h.rtc_irq[1]);
  h.init.w32(kRtcBase + sim::Pl031::RTCIMSC, 0);

  // A load that makes the count equal RTCMR is a match at once (as QEMU).
  h.init.w32(kRtcBase + sim::Pl031::RTCMR, 5000);
  h.init.w32(kRtcBase + sim::Pl031::RTCLR, 5000);
  CHECK(h.init.r32(kRtcBase + sim::Pl031::RTCRIS) == 1);
  h.init.w32(kRtcBase + sim::Pl031::RTCICR, 1);

  // A core running ahead of the kernel's time within its quantum sees a match that is
  // due at its own time, before the kernel gets there.
  h.init.w32(kRtcBase + sim::Pl031::RTCMR, 5003);
  uint32_t v = 0;
  REQUIRE(h.init.access(tlm::TLM_READ_COMMAND, kRtcBase + sim::Pl031::RTCRIS, &v, 4, nullptr,
                        sc_time(1, sc_core::SC_SEC)) == tlm::TLM_OK_RESPONSE);
  CHECK(v == 0);
  REQUIRE(h.init.access(tlm::TLM_READ_COMMAND, kRtcBase + sim::Pl031::RTCRIS, &v, 4, nullptr,
                        sc_time(3, sc_core::SC_SEC)) == tlm::TLM_OK_RESPONSE);
  CHECK(v == 1);
  h.rtc.reset();
}

// ---- virtio-mmio transports with no device ----

TEST_CASE("virtio-mmio: empty slots read as no device", "[virtio]") {
  Harness& h = harness();
  for (unsigned n : {0u, 1u, 31u}) {
    const uint64_t base = kVirtioBase + n * 0x200;
    CHECK(h.init.r32(base + 0x000) == 0x74726976);  // "virt"
    CHECK(h.init.r32(base + 0x004) == 1);           // legacy, as QEMU's default
    CHECK(h.init.r32(base + 0x008) == 0);           // DeviceID 0: nothing here
    CHECK(h.init.r32(base + 0x00c) == 0x554d4551);  // "QEMU"
    CHECK(h.init.r32(base + 0x010) == 0);
    CHECK(h.init.r32(base + 0x070) == 0);
    h.init.w32(base + 0x070, 0xf);  // Status: ignored
    CHECK(h.init.r32(base + 0x070) == 0);
    CHECK(h.init.r32(base + 0x100) == 0);  // config space
  }
  uint64_t both = 0;
  REQUIRE(h.init.access(tlm::TLM_READ_COMMAND, kVirtioBase, &both, 8) == tlm::TLM_OK_RESPONSE);
  CHECK(both == 0x0000000174726976ull);
}
