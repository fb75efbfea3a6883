// A GDB remote serial protocol server (`--gdb PORT`): gdb-multiarch attaches with
// `target remote :PORT` and reads and writes the core's registers (x0-x30, sp, pc,
// cpsr, v0-v31, fpsr, fpcr, described by the target.xml it serves) and memory
// (virtual addresses through the current translation regime, without side effects on
// the guest's state or statistics), sets breakpoints (Z0/Z1), single-steps and
// continues, and interrupts a running guest with Ctrl-C. The run waits for GDB before
// the first instruction, as QEMU's `-s -S`; when the guest ends the run (PSCI
// SYSTEM_OFF, semihosting exit) GDB is told its exit status.
//
// While breakpoints are set or a step is asked for, the core runs one instruction per
// batch and the PC is compared before each; otherwise it runs at full speed and the
// socket is polled for Ctrl-C once per batch. Stopped, the simulation does not
// advance: GDB's session does not change the guest's transcript or statistics.
// `monitor stats [PREFIX]` prints el2sim's statistics so far (as --stats names them).
// Watchpoints (Z2 write, Z3 read, Z4 access) are the core's (isa::Cpu::add_watchpoint):
// a load or store that touches the watched bytes stops the core after it.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/core.h"

namespace sim {

class GdbStub : public CoreDebugger {
 public:
  // Listen on 127.0.0.1:port (0: a free port the system picks). Throws
  // std::runtime_error naming the port when that fails.
  explicit GdbStub(uint16_t port);
  ~GdbStub() override;
  GdbStub(const GdbStub&) = delete;
  GdbStub& operator=(const GdbStub&) = delete;
  uint16_t port() const { return port_; }
  // GDB's `monitor stats [PREFIX]`: the statistics (--stats' names and values) whose
  // names start with PREFIX, one "name value" line each, from this function.
  using StatsSource = std::function<std::vector<std::pair<std::string, std::string>>()>;
  void set_stats_source(StatsSource s) { stats_ = std::move(s); }

  // ---- CoreDebugger ----
  bool before_batch(Core& core, uint64_t& budget) override;
  void run_ended(int status) override;
  bool attached() const override { return attached_; }
  bool interrupt_pending() override;

 private:
  enum class Resume : uint8_t { Continue, Step, Detach, Kill };
  // Serve packets while the core is stopped, until GDB resumes it (or the connection
  // ends, which detaches).
  Resume serve(Core& core, int signal, const std::string& info);
  std::string handle(Core& core, const std::string& packet, bool& resumed, Resume& how);
  bool read_packet(std::string& out);  // false when the connection ended
  void send_packet(const std::string& data);
  bool interrupt_requested();  // a Ctrl-C byte waiting on the socket (consumed)
  void close_connection();

  std::string monitor(const std::string& command);  // qRcmd: output sent, reply returned
  std::string read_registers(Core& core) const;
  bool write_register(Core& core, unsigned n, const std::string& hex);
  std::string read_register(Core& core, unsigned n) const;

  Core* core_ = nullptr;  // the core served (known from the first batch)
  int listen_fd_ = -1;
  int fd_ = -1;
  uint16_t port_ = 0;
  bool attached_ = false;  // a GDB session (connected, not detached)
  bool waited_ = false;    // the first connection was accepted
  bool stop_after_step_ = false;
  bool skip_breakpoint_ = false;  // resuming at a breakpoint: do not stop there again
  uint64_t skip_pc_ = 0;
  unsigned polls_ = 0;
  bool sigint_ = false;  // a Ctrl-C seen while the core slept, for the next batch
  std::set<uint64_t> breakpoints_;
  struct Watch {
    uint64_t va, len;
    isa::Cpu::WatchKind kind;
  };
  std::vector<Watch> watchpoints_;  // also set in the core (isa::Cpu::add_watchpoint)
  std::string last_stop_ = "S05";
  StatsSource stats_;
  std::string rx_;  // bytes received and not yet consumed
};

}  // namespace sim
