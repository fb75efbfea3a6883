// PSCI dispatch, semihosting and the command line, as plain C++.
#include <cstring>
#include <map>

#include <catch2/catch.hpp>

#include "sim/cli.h"
#include "sim/psci.h"
#include "sim/semihosting.h"

namespace psci = sim::psci;

TEST_CASE("PSCI answers as QEMU 7.2 does", "[psci]") {
  const psci::System sys{1, 0};
  auto call = [&](uint64_t fn, uint64_t a1 = 0, uint64_t a2 = 0) {
    return psci::dispatch({fn, a1, a2, 0}, sys);
  };
  CHECK(call(psci::PSCI_VERSION).value == 0x10001);
  CHECK(call(psci::MIGRATE_INFO_TYPE).value == 2);
  CHECK(call(psci::PSCI_FEATURES, psci::SYSTEM_OFF).value == 0);
  CHECK(call(psci::PSCI_FEATURES, psci::CPU_ON_64).value == 0);
  CHECK(call(psci::PSCI_FEATURES, psci::MIGRATE_32).value == psci::NOT_SUPPORTED);
  CHECK(call(psci::PSCI_FEATURES, 0x12345).value == psci::NOT_SUPPORTED);
  CHECK(call(psci::AFFINITY_INFO_64, 0, 0).value == 0);
  CHECK(call(psci::AFFINITY_INFO_64, 1, 0).value == psci::INVALID_PARAMETERS);
  CHECK(call(psci::AFFINITY_INFO_64, 1, 1).value == 0);
  CHECK(call(psci::CPU_ON_64, 0).value == psci::ALREADY_ON);
  CHECK(call(psci::CPU_ON_32, 3).value == psci::INVALID_PARAMETERS);
  CHECK(call(psci::MIGRATE_64).value == psci::NOT_SUPPORTED);
  CHECK(call(0x8400FF00).value == psci::NOT_SUPPORTED);
  CHECK(call(0x100000000ull | psci::PSCI_VERSION).value == psci::NOT_SUPPORTED);
  CHECK(call(psci::SYSTEM_OFF).action == psci::Outcome::Action::SystemOff);
  CHECK(call(psci::SYSTEM_RESET).action == psci::Outcome::Action::SystemReset);
  CHECK(call(psci::CPU_OFF).action == psci::Outcome::Action::CpuOff);
  CHECK(call(psci::CPU_SUSPEND_64, 0).action == psci::Outcome::Action::Suspend);
  CHECK(call(psci::CPU_SUSPEND_64, 0x10000000).value == psci::INVALID_PARAMETERS);
}

namespace {

struct FakeMemory : sim::SemihostingMemory {
  std::map<uint64_t, uint8_t> bytes;
  bool read(uint64_t va, void* data, size_t len) override {
    auto* out = static_cast<uint8_t*>(data);
    for (size_t i = 0; i < len; ++i) {
      auto it = bytes.find(va + i);
      if (it == bytes.end()) return false;
      out[i] = it->second;
    }
    return true;
  }
  bool write(uint64_t va, const void* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) bytes[va + i] = static_cast<const uint8_t*>(data)[i];
    return true;
  }
  void put64(uint64_t va, uint64_t v) { write(va, &v, 8); }
  void put_str(uint64_t va, const char* s) { write(va, s, std::strlen(s) + 1); }
  uint64_t get64(uint64_t va) {
    uint64_t v = 0;
    read(va, &v, 8);
    return v;
  }
};

struct FakeConsole : sim::SemihostingConsole {
  std::string out, err, in;
  void write_stdout(const char* d, size_t n) override { out.append(d, n); }
  void write_stderr(const char* d, size_t n) override { err.append(d, n); }
  int read_stdin_byte() override {
    if (in.empty()) return -1;
    const int c = static_cast<unsigned char>(in[0]);
    in.erase(0, 1);
    return c;
  }
};

}  // namespace

TEST_CASE("semihosting: console I/O, errors and exit", "[semihosting]") {
  sim::Semihosting sh;
  FakeMemory mem;
  FakeConsole con;
  const sim::SemihostingLayout layout{0x41000000, 0x50000000, 0x50000000, 0};
  auto call = [&](uint32_t op, uint64_t param) {
    return sh.call(op, param, 123456789, layout, mem, con);
  };
  mem.put_str(0x1000, "hi there");
  call(sim::Semihosting::SYS_WRITE0, 0x1000);
  call(sim::Semihosting::SYS_WRITEC, 0x1001);
  CHECK(con.err == "hi therei");  // QEMU: the semihosting console is stderr

  mem.put_str(0x2000, ":tt");
  mem.put64(0x3000, 0x2000);
  mem.put64(0x3008, 4);  // "w": stdout
  mem.put64(0x3010, 3);
  const uint64_t out_fd = call(sim::Semihosting::SYS_OPEN, 0x3000).x0;
  CHECK(out_fd == 1);    // handles are allocated from 1
  mem.put64(0x3008, 8);  // "a": stderr
  const uint64_t err_fd = call(sim::Semihosting::SYS_OPEN, 0x3000).x0;
  CHECK(err_fd == 2);
  mem.put64(0x3008, 0);  // "r": stdin
  const uint64_t in_fd = call(sim::Semihosting::SYS_OPEN, 0x3000).x0;
  CHECK(in_fd == 3);

  mem.put_str(0x4000, "text");
  mem.put64(0x3100, out_fd);
  mem.put64(0x3108, 0x4000);
  mem.put64(0x3110, 4);
  CHECK(call(sim::Semihosting::SYS_WRITE, 0x3100).x0 == 0);
  CHECK(con.out == "text");
  mem.put64(0x3100, err_fd);
  CHECK(call(sim::Semihosting::SYS_WRITE, 0x3100).x0 == 0);
  CHECK(con.err == "hi thereitext");
  // An error writes nothing and gives back the length, the bytes not written; errno
  // is left as it was (QEMU 7.2, measured): a handle never opened, or opened to read;
  // a buffer that cannot be read, also one longer than a chunk with one unreadable
  // byte at its end, or one too long to be read at all.
  mem.put64(0x3100, 9);
  CHECK(call(sim::Semihosting::SYS_WRITE, 0x3100).x0 == 4);
  CHECK(call(sim::Semihosting::SYS_ERRNO, 0).x0 == 0);
  mem.put64(0x3100, in_fd);
  CHECK(call(sim::Semihosting::SYS_WRITE, 0x3100).x0 == 4);
  mem.put64(0x3100, out_fd);
  mem.put64(0x3108, 0x9000);  // nothing there
  CHECK(call(sim::Semihosting::SYS_WRITE, 0x3100).x0 == 4);
  const uint64_t long_len = (uint64_t{1} << 16) + 100;
  for (uint64_t i = 0; i + 1 < long_len; ++i) mem.bytes[0x100000 + i] = 'x';
  mem.put64(0x3108, 0x100000);
  mem.put64(0x3110, long_len);
  CHECK(call(sim::Semihosting::SYS_WRITE, 0x3100).x0 == long_len);
  mem.put64(0x3110, uint64_t{1} << 62);
  CHECK(call(sim::Semihosting::SYS_WRITE, 0x3100).x0 == uint64_t{1} << 62);
  CHECK(con.out == "text");
  CHECK(call(sim::Semihosting::SYS_ERRNO, 0).x0 == 0);
  // The same buffer readable to its end is written in chunks, all of it.
  mem.bytes[0x100000 + long_len - 1] = 'y';
  mem.put64(0x3110, long_len);
  CHECK(call(sim::Semihosting::SYS_WRITE, 0x3100).x0 == 0);
  CHECK(con.out == "text" + std::string(long_len - 1, 'x') + "y");

  con.in = "ab\ncd";
  mem.put64(0x3100, in_fd);
  mem.put64(0x3108, 0x5000);
  mem.put64(0x3110, 10);
  CHECK(call(sim::Semihosting::SYS_READ, 0x3100).x0 == 7);  // 3 read, 7 not
  mem.put64(0x3100, out_fd);  // opened to write: nothing read, the length back
  CHECK(call(sim::Semihosting::SYS_READ, 0x3100).x0 == 10);
  mem.put64(0x3100, in_fd);
  CHECK(call(sim::Semihosting::SYS_READC, 0).x0 == 'c');

  // Handles run out (EMFILE) after 1024 open at once; closing one frees it.
  mem.put64(0x3000, 0x2000);
  for (unsigned i = 4; i <= 1024; ++i) CHECK(call(sim::Semihosting::SYS_OPEN, 0x3000).x0 == i);
  CHECK(call(sim::Semihosting::SYS_OPEN, 0x3000).x0 == ~0ull);
  CHECK(call(sim::Semihosting::SYS_ERRNO, 0).x0 == EMFILE);
  mem.put64(0x3500, 700);
  CHECK(call(sim::Semihosting::SYS_CLOSE, 0x3500).x0 == 0);
  CHECK(call(sim::Semihosting::SYS_OPEN, 0x3000).x0 == 700);

  mem.put_str(0x2100, "/etc/passwd");
  mem.put64(0x3000, 0x2100);
  CHECK(call(sim::Semihosting::SYS_OPEN, 0x3000).x0 == ~0ull);  // no host files

  mem.put64(0x3200, 0x3300);
  CHECK(call(sim::Semihosting::SYS_HEAPINFO, 0x3200).x0 == 0);
  CHECK(mem.get64(0x3300) == 0x41000000);
  CHECK(mem.get64(0x3308) == 0x50000000);
  CHECK(call(sim::Semihosting::SYS_CLOCK, 0).x0 == 12);  // centiseconds
  CHECK(call(sim::Semihosting::SYS_TICKFREQ, 0).x0 == 1000000000);
  CHECK(call(0x99, 0).unsupported);

  mem.put64(0x3400, sim::Semihosting::ADP_Stopped_ApplicationExit);
  mem.put64(0x3408, 42);
  auto r = call(sim::Semihosting::SYS_EXIT, 0x3400);
  CHECK(r.exit);
  CHECK(r.status == 42);
  mem.put64(0x3400, 0x20023);  // ADP_Stopped_RunTimeErrorUnknown
  r = call(sim::Semihosting::SYS_EXIT_EXTENDED, 0x3400);
  CHECK(r.exit);
  CHECK(r.status == 1);
}

TEST_CASE("command line", "[cli]") {
  sim::CliOptions o;
  std::string err;
  auto parse = [&](std::vector<std::string> args) {
    o = {};
    err.clear();
    return sim::parse_cli(args, o, err);
  };
  REQUIRE(parse({"--machine", "m.json", "--kernel=k.elf", "--append", "console=ttyAMA0",
                 "--max-insns", "0x100", "--trace", "--stats", "s.json", "--no-semihosting"}));
  CHECK(*o.machine == "m.json");
  CHECK(*o.boot.kernel == "k.elf");
  CHECK(*o.boot.append == "console=ttyAMA0");
  CHECK(o.max_insns == 256);
  CHECK(o.trace);
  CHECK_FALSE(o.trace_file);
  CHECK(*o.stats_file == "s.json");
  CHECK_FALSE(o.semihosting);
  REQUIRE(parse({"--trace=t.txt", "--bios", "fw.bin"}));
  CHECK(*o.trace_file == "t.txt");
  CHECK(*o.boot.bios == "fw.bin");

  CHECK_FALSE(parse({"--frobnicate"}));
  CHECK(err == "unknown option '--frobnicate' (see --help)");
  CHECK_FALSE(parse({"--kernel"}));
  CHECK(err == "option --kernel needs an argument");
  CHECK_FALSE(parse({"--max-insns", "12x"}));
  CHECK(err == "--max-insns: expected a positive integer, got '12x'");
  CHECK_FALSE(parse({"--max-insns", "-5"}));
  CHECK_FALSE(parse({"--help=yes"}));
  CHECK(err == "option --help takes no argument");
  CHECK_FALSE(parse({"k.elf"}));
  CHECK(err == "unexpected argument 'k.elf' (images are given with --kernel or --bios)");
}
