#include "sim/platform.h"

#include <fmt/format.h>

#include "isa/exception.h"

namespace sim {

namespace {

sc_core::sc_time ns(uint64_t v) { return sc_core::sc_time(static_cast<double>(v), sc_core::SC_NS); }

// Interrupt lines of the GIC: 256 SPIs and 32 SGIs/PPIs, as QEMU's virt board has.
constexpr unsigned kGicNumIrqs = 288;

}  // namespace

Platform::Platform(const MachineModel& model, BootPlan plan, const PlatformOptions& opts,
                   Console& console)
    : model_(model), plan_(std::move(plan)), opts_(opts), console_(console) {
  tlm::tlm_global_quantum::instance().set(ns(model_.cpus.quantum_ns));
  router_ = std::make_unique<Router>("router");
  for (size_t i = 0; i < model_.memory.size(); ++i) {
    const MemoryRegion& r = model_.memory[i];
    try {
      if (r.kind == MemoryRegion::Kind::Ram) {
        rams_.push_back(std::make_unique<Ram>(r.name.c_str(), r.size, ns(r.latency_ns)));
        router_->map(r.name, r.base, r.size, rams_.back()->socket);
      } else {
        flashes_.push_back(std::make_unique<Flash>(r.name.c_str(), r.size, ns(r.latency_ns)));
        router_->map(r.name, r.base, r.size, flashes_.back()->socket);
      }
    } catch (const std::bad_alloc&) {
      // (Host memory is reserved, not committed: what fails is the address space.)
      throw ModelError(
          fmt::format("memory[{}].size: {} bytes for \"{}\", more than the host can reserve", i,
                      r.size, r.name));
    }
  }
  for (const auto& u : model_.uarts) {
    uarts_.push_back(std::make_unique<Pl011>(u.name.c_str(), ns(u.latency_ns)));
    uarts_.back()->tx_sink = [this](uint8_t c) { console_.put(c); };
    router_->map(u.name, u.base, u.size, uarts_.back()->socket);
  }
  for (const auto& c : model_.rtcs) {
    rtcs_.push_back(std::make_unique<Pl031>(c.name.c_str(), ns(c.latency_ns)));
    router_->map(c.name, c.base, c.size, rtcs_.back()->socket);
  }
  for (const auto& v : model_.virtio) {
    virtio_.push_back(std::make_unique<VirtioMmioBank>(v.name.c_str(), v.stride, ns(v.latency_ns)));
    router_->map(v.name, v.base, v.size(), virtio_.back()->socket);
  }
  if (model_.gic) {
    const Gicv2Config& g = *model_.gic;
    gic::Config gc;
    gc.num_cpus = model_.cpus.count;
    gc.num_irqs = kGicNumIrqs;
    gc.virtualization = g.hyp_interface.has_value() && g.virtual_cpu_interface.has_value();
    gc.maintenance_intid = g.maintenance_interrupt.intid();
    gic_ = std::make_unique<gic::GicModule>(g.name.c_str(), gc, ns(g.latency_ns));
    router_->map(g.name + ".distributor", g.distributor, g.region_size, gic_->dist_socket);
    router_->map(g.name + ".cpu_interface", g.cpu_interface, g.region_size, gic_->cpu_socket);
    if (gc.virtualization) {
      router_->map(g.name + ".hyp_interface", *g.hyp_interface, g.region_size, gic_->hyp_socket);
      router_->map(g.name + ".virtual_cpu_interface", *g.virtual_cpu_interface, g.region_size,
                   gic_->vcpu_socket);
    }
    gic::Gicv2& logic = gic_->gic();
    logic.irq_out = [this](unsigned, bool level) { core_line(&isa::Cpu::set_irq_line, level); };
    logic.fiq_out = [this](unsigned, bool level) { core_line(&isa::Cpu::set_fiq_line, level); };
    logic.virq_out = [this](unsigned, bool level) { core_line(&isa::Cpu::set_virq_line, level); };
    logic.vfiq_out = [this](unsigned, bool level) { core_line(&isa::Cpu::set_vfiq_line, level); };
    for (size_t i = 0; i < uarts_.size(); ++i) {
      const unsigned intid = model_.uarts[i].interrupt.intid();
      uarts_[i]->irq_changed = [this, intid](bool level) { gic_->gic().set_spi(intid, level); };
    }
    for (size_t i = 0; i < rtcs_.size(); ++i) {
      const unsigned intid = model_.rtcs[i].interrupt.intid();
      rtcs_[i]->irq_changed = [this, intid](bool level) { gic_->gic().set_spi(intid, level); };
    }
  }

  CoreConfig cc;
  cc.cpu.index = 0;
  cc.cpu.has_el2 = model_.virtualization;
  cc.cpu.semihosting = opts_.semihosting;
  if (model_.timer) cc.cpu.cntfrq = model_.timer->frequency_hz;
  cc.cpu.tlb = model_.cpus.tlb;
  cc.frequency_hz = model_.cpus.frequency_hz;
  cc.cpi = model_.cpus.cpi;
  cc.psci = model_.psci;
  cc.max_insns = opts_.max_insns;
  cc.layout = plan_.layout;
  core_ = std::make_unique<Core>("cpu0", cc, *this);
  router_->connect_initiator(core_->socket);
  if (opts_.tracer) core_->cpu().set_tracer(opts_.tracer);
  core_->set_debugger(opts_.debugger);

  if (model_.timer) {
    timer_ = std::make_unique<GenericTimer>(model_.timer->name.c_str(), model_.timer->frequency_hz,
                                            core_->cpu());
    if (gic_) {
      const unsigned ids[GenericTimer::kOutputs] = {
          model_.timer->phys.intid(), model_.timer->virt.intid(), model_.timer->hyp.intid()};
      std::vector<unsigned> intids(ids, ids + GenericTimer::kOutputs);
      timer_->output = [this, intids](unsigned which, bool level) {
        gic_->gic().set_ppi(0, intids[which], level);
      };
    }
  }
}

void Platform::core_line(void (isa::Cpu::*set)(bool), bool level) {
  if (!core_) return;
  (core_->cpu().*set)(level);
  core_->notify_interrupt();
}

Platform::~Platform() = default;

int Platform::run() {
  sc_core::sc_start();
  console_.flush();
  return exit_status_;
}

void Platform::boot(Core& core) {
  for (const auto& s : plan_.segments) {
    if (core.debug_write(s.addr, s.bytes.data(), s.bytes.size()) != s.bytes.size() ||
        core.debug_zero(s.addr + s.bytes.size(), s.zeros) != s.zeros)
      SC_REPORT_FATAL("el2sim", fmt::format("boot: cannot write 0x{:x} bytes at 0x{:x}",
                                            s.end() - s.addr, s.addr)
                                    .c_str());
  }
  isa::Cpu& cpu = core.cpu();
  cpu.drop_decoded_pages();
  cpu.reset(plan_.entry);
  for (unsigned i = 0; i < 4; ++i) cpu.set_x(i, plan_.x[i]);
}

void Platform::quantum_boundary(Core&) {
  console_.flush();
  // Host input: one byte per boundary while the first UART's RX FIFO has room.
  if (!uarts_.empty() && uarts_.front()->can_receive()) {
    const int c = console_.poll_input();
    if (c >= 0) uarts_.front()->receive(static_cast<uint8_t>(c));
  }
}

bool Platform::wake_up_possible(const Core&) {
  // An armed timer or RTC match will raise its output; a UART whose guest listens for input may
  // receive a byte. Nothing else changes while the only core sleeps.
  if (timer_ && timer_->armed()) return true;
  for (const auto& r : rtcs_)
    if (r->armed()) return true;
  return wake_needs_polling(*core_);
}

bool Platform::wake_needs_polling(const Core&) {
  // Once the host's input has ended, a sleeping core waits for its timer alone instead
  // of polling at every quantum boundary.
  return !uarts_.empty() && uarts_.front()->rx_interest() && !console_.input_ended();
}

bool Platform::timer_changed(Core& core) { return timer_ && timer_->update(core.now()); }

void Platform::pmu_irq_changed(Core&, bool level) {
  // Without a PMU device in the model the counters count but interrupt nothing.
  if (model_.pmu && gic_) gic_->gic().set_ppi(0, model_.pmu->interrupt.intid(), level);
}

void Platform::system_reset(Core&) {
  // Devices to their reset state; memory keeps its contents (the images are written
  // again by boot(), as QEMU reloads its ROM blobs).
  for (auto& u : uarts_) u->reset();
  for (auto& r : rtcs_) r->reset();
  for (auto& f : flashes_) f->reset();
  if (timer_) timer_->reset();
  if (gic_) gic_->gic().reset();
}

void Platform::finish(int status, const std::string& message) {
  if (finished_) return;
  finished_ = true;
  console_.flush();
  if (!message.empty()) {
    const std::string line = message + "\n";
    console_.write_stderr(line.data(), line.size());
  }
  exit_status_ = status;
  if (opts_.debugger) opts_.debugger->run_ended(status);
  sc_core::sc_stop();
}

nlohmann::json Platform::stats() const {
  nlohmann::json j = nlohmann::json::object();
  const isa::Cpu& cpu = core_->cpu();
  const auto& s = cpu.stats();
  j["sim.time_ns"] = core_->local_time().value() / 1000;
  j["sim.instructions"] = core_->instructions();
  j["cpu0.cycles"] = core_->cycles();
  j["cpu0.instructions"] = core_->instructions();
  for (unsigned el = 0; el <= 2; ++el) j[fmt::format("cpu0.insns.el{}", el)] = s.insns_by_el[el];
  for (unsigned ec = 0; ec < 64; ++ec) {
    for (unsigned el = 1; el <= 2; ++el) {
      const uint64_t n = s.sync_exceptions[ec][el];
      if (n == 0) continue;
      const char* name = isa::ec_name(static_cast<isa::Ec>(ec));
      const std::string key = std::string(name) == "Reserved" ? fmt::format("EC{:02x}", ec) : name;
      j[fmt::format("cpu0.exceptions.sync.{}.el{}", key, el)] = n;
    }
  }
  static const char* const kAsync[] = {"irq", "fiq", "serror"};
  for (unsigned k = 0; k < 3; ++k)
    for (unsigned el = 1; el <= 2; ++el)
      j[fmt::format("cpu0.exceptions.{}.el{}", kAsync[k], el)] = s.async_exceptions[k][el];
  j["cpu0.exceptions.returns"] = s.exception_returns;
  const auto& c = core_->counters();
  j["cpu0.bus.reads"] = c.bus_reads;
  j["cpu0.bus.writes"] = c.bus_writes;
  j["cpu0.bus.errors"] = c.bus_errors;
  j["cpu0.dmi.grants"] = c.dmi_grants;
  j["cpu0.dmi.invalidations"] = c.dmi_invalidations;
  j["cpu0.psci.calls"] = c.psci_calls;
  j["cpu0.semihosting.calls"] = c.semihosting_calls;
  j["cpu0.wfi"] = c.wfi;
  j["cpu0.wfe_stream_wakes"] = c.wfe_stream_wakes;
  j["system.resets"] = c.resets;
  cpu.tlb().for_each_stat("cpu0", [&](const std::string& k, uint64_t v) { j[k] = v; });
  for (size_t i = 0; i < uarts_.size(); ++i)
    j[fmt::format("{}.bad_accesses", model_.uarts[i].name)] = uarts_[i]->bad_accesses();
  return j;
}

}  // namespace sim
