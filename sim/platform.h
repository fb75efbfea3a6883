// The SystemC top: built from a machine model, it instantiates and connects the
// modules (core, router, memories, UARTs), loads the boot plan at time zero and after
// a reset, and decides how the run ends. One Platform per process (SystemC allows one
// elaboration); everything else is per instance, no globals.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <systemc>

#include "gic/gic_module.h"
#include "sim/boot.h"
#include "sim/console.h"
#include "sim/core.h"
#include "sim/flash.h"
#include "sim/generic_timer.h"
#include "sim/machine_model.h"
#include "sim/pl011.h"
#include "sim/pl031.h"
#include "sim/ram.h"
#include "sim/router.h"
#include "sim/virtio_mmio.h"

namespace sim {

struct PlatformOptions {
  uint64_t max_insns = 0;
  bool semihosting = true;
  isa::Tracer* tracer = nullptr;
  CoreDebugger* debugger = nullptr;  // --gdb
};

class Platform : public CoreHost {
 public:
  Platform(const MachineModel& model, BootPlan plan, const PlatformOptions& opts, Console& console);
  ~Platform() override;

  // Run to the end (sc_start); returns the exit status.
  int run();
  int exit_status() const { return exit_status_; }
  // Statistics with stable names (sim.*, cpu0.*, uart0.*); deterministic.
  nlohmann::json stats() const;

  Core& core() { return *core_; }
  Router& router() { return *router_; }

  // ---- CoreHost ----
  void boot(Core& core) override;
  void quantum_boundary(Core& core) override;
  bool wake_up_possible(const Core& core) override;
  bool wake_needs_polling(const Core& core) override;
  bool timer_changed(Core& core) override;
  void pmu_irq_changed(Core& core, bool level) override;
  void system_reset(Core& core) override;
  void finish(int status, const std::string& message) override;
  SemihostingConsole& semihosting_console() override { return console_; }

 private:
  void core_line(void (isa::Cpu::*set)(bool), bool level);  // a GIC output to the core

  MachineModel model_;
  BootPlan plan_;
  PlatformOptions opts_;
  Console& console_;
  std::unique_ptr<Router> router_;
  std::vector<std::unique_ptr<Ram>> rams_;
  std::vector<std::unique_ptr<Flash>> flashes_;
  std::vector<std::unique_ptr<Pl011>> uarts_;
  std::vector<std::unique_ptr<Pl031>> rtcs_;
  std::vector<std::unique_ptr<VirtioMmioBank>> virtio_;
  std::unique_ptr<Core> core_;
  std::unique_ptr<gic::GicModule> gic_;  // absent when the model has no GIC
  std::unique_ptr<GenericTimer> timer_;  // absent when the model has no timer
  int exit_status_ = 0;
  bool finished_ = false;
};

}  // namespace sim
