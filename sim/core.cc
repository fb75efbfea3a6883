#include "sim/core.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>

#include <fmt/format.h>

#include "mmu/mmu.h"

namespace sim {

namespace {

constexpr uint64_t kPage = 0x1000;
constexpr uint64_t kPicoPerSecond = 1000000000000ull;

// Semihosting's view of guest memory through the core's current translation.
class CoreMemory : public SemihostingMemory {
 public:
  explicit CoreMemory(Core& c) : core_(c) {}
  bool read(uint64_t va, void* data, size_t len) override {
    return core_.guest_read(va, data, len);
  }
  bool write(uint64_t va, const void* data, size_t len) override {
    return core_.guest_write(va, data, len);
  }

 private:
  Core& core_;
};

}  // namespace

CounterScale::CounterScale(uint64_t core_hz, uint64_t counter_hz)
    : core_hz_(core_hz), counter_hz_(counter_hz) {
  if (core_hz == 0 || counter_hz == 0 || kPicoPerSecond % core_hz != 0 ||
      kPicoPerSecond % counter_hz != 0)
    return;
  const uint64_t p = kPicoPerSecond / core_hz, t = kPicoPerSecond / counter_hz;
  const uint64_t g = std::gcd(p, t);
  if (!std::has_single_bit(t / g)) return;
  mul_ = p / g;
  shift_ = static_cast<unsigned>(std::countr_zero(t / g));
  fast_max_ = ~0ull / p;  // cycles * p, the picoseconds, fits (then so does cycles * mul_)
}

uint64_t CounterScale::ticks_exact(uint64_t cycles) const {
  const auto ps = static_cast<uint64_t>(static_cast<unsigned __int128>(cycles) * kPicoPerSecond /
                                        core_hz_);  // as Core::cycles_to_time
  return static_cast<uint64_t>(static_cast<unsigned __int128>(ps) * counter_hz_ / kPicoPerSecond);
}

Core::Core(sc_core::sc_module_name name, const CoreConfig& cfg, CoreHost& host)
    : sc_module(name),
      socket("socket"),
      cfg_(cfg),
      host_(host),
      counter_(cfg.frequency_hz, cfg.cpu.cntfrq) {
  cpu_ = std::make_unique<isa::Cpu>(cfg_.cpu, *this, *this);
  socket.register_invalidate_direct_mem_ptr(this, &Core::invalidate_direct_mem_ptr);
  SC_HAS_PROCESS(Core);
  SC_THREAD(thread);
}

Core::~Core() = default;

sc_core::sc_time Core::cycles_to_time(uint64_t cycles) const {
  const unsigned __int128 ps =
      static_cast<unsigned __int128>(cycles) * kPicoPerSecond / cfg_.frequency_hz;
  return sc_core::sc_time::from_value(static_cast<uint64_t>(ps));
}

uint64_t Core::exceptions_taken() const { return cpu_->stats().exceptions; }

uint64_t Core::current_cycles() const {
  if (!in_batch_) return cycles_;
  return cycles_ + (cpu_->instructions_retired() - batch_base_) * cfg_.cpi;
}

uint64_t Core::time_to_cycles(const sc_core::sc_time& t) const {
  const unsigned __int128 num = static_cast<unsigned __int128>(t.value()) * cfg_.frequency_hz;
  return static_cast<uint64_t>((num + kPicoPerSecond - 1) / kPicoPerSecond);
}

// ---------------------------------------------------------------------------
// The thread: batches of a quantum's worth of instructions.

void Core::thread() {
  host_.boot(*this);
  qk_.reset();
  for (;;) {
    // Instructions until the end of this quantum (at least one).
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time boundary =
        now + tlm::tlm_global_quantum::instance().compute_local_quantum();
    const sc_core::sc_time local = local_time();
    uint64_t budget = 1;
    if (boundary > local)
      budget = std::max<uint64_t>(1, time_to_cycles(boundary - local) / cfg_.cpi);
    if (cfg_.max_insns) budget = std::min(budget, cfg_.max_insns - steps_);
    // A counter of the PMU that counts instructions or cycles overflows where the
    // batch ends, so that its interrupt comes at that instruction.
    isa::Pmu& pmu = cpu_->pmu();
    if (pmu.enabled()) {
      budget = std::min(budget, pmu.insns_to_overflow(*cpu_));
      const uint64_t c = pmu.cycles_to_overflow(*cpu_);
      if (c != ~0ull)
        budget = std::min(budget, std::max<uint64_t>(1, (c + cfg_.cpi - 1) / cfg_.cpi));
    }

    if (debugger_ && !debugger_->before_batch(*this, budget)) {
      qk_.sync();
      host_.finish(0, "el2sim: run ended by GDB (kill)");
      return;
    }

    event_ = Event::None;
    batch_base_ = cpu_->instructions_retired();
    const uint64_t exceptions_before = exceptions_taken();
    in_batch_ = true;
    const uint64_t n = cpu_->run(budget);
    in_batch_ = false;
    // An exception taken is a step too (it costs time and counts against --max-insns),
    // so that a guest stuck in a fault loop still ends.
    const uint64_t steps = n + (exceptions_taken() - exceptions_before);
    instructions_ += n;
    steps_ += steps;
    cycles_ += steps * cfg_.cpi;
    if (pmu.enabled()) pmu.sync(*cpu_);
    if (drop_decoded_pending_) {
      drop_decoded_pending_ = false;
      cpu_->drop_decoded_pages();
    }
    qk_.set(local_time() > sc_core::sc_time_stamp() ? local_time() - sc_core::sc_time_stamp()
                                                    : sc_core::SC_ZERO_TIME);

    switch (event_) {
      case Event::Exit:
        qk_.sync();
        host_.finish(exit_status_, exit_message_);
        return;
      case Event::Off:
        qk_.sync();
        host_.finish(4, fmt::format("el2sim: every core is powered off (PSCI CPU_OFF at pc "
                                    "0x{:016x}); nothing can power one on",
                                    wait_pc_));
        return;
      case Event::Reset:
        qk_.sync();
        ++counters_.resets;
        host_.system_reset(*this);
        semihosting_.reset();
        host_.boot(*this);
        continue;
      case Event::Wait:
        qk_.sync();
        // Sleep until an interrupt line changes (simulated time jumps to the next
        // event), or to the next quantum boundary while host input is polled. A WFE
        // also ends at the next event of the timer's event streams, which it consumes.
        while (!cpu_->wakeup_pending()) {
          if (debugger_ && debugger_->interrupt_pending()) break;  // GDB's Ctrl-C
          if (wait_wfe_ && cpu_->poll_event_streams()) {
            cpu_->event_register = false;
            ++counters_.wfe_stream_wakes;
            break;
          }
          const uint64_t stream = wait_wfe_ ? cpu_->next_event_stream_count() : ~0ull;
          if (stream == ~0ull && !host_.wake_up_possible(*this)) {
            host_.finish(4, fmt::format("el2sim: deadlock: {} at pc 0x{:016x} (EL{}) with no "
                                        "possible wake-up event",
                                        wait_wfe_ ? "WFE" : "WFI", wait_pc_, cpu_->el()));
            return;
          }
          const bool polling =
              host_.wake_needs_polling(*this) || (debugger_ && debugger_->attached());
          sc_core::sc_time timeout = sc_core::SC_ZERO_TIME;  // none
          if (polling) timeout = tlm::tlm_global_quantum::instance().compute_local_quantum();
          if (stream != ~0ull) {
            const sc_core::sc_time at = count_to_time(stream), now = sc_core::sc_time_stamp();
            const sc_core::sc_time until = at > now ? at - now : sc_core::SC_ZERO_TIME;
            if (!polling || until < timeout) timeout = until;
          }
          if (polling || stream != ~0ull)
            sc_core::wait(timeout, wake_event_);
          else
            sc_core::wait(wake_event_);
          const uint64_t woke = std::max(cycles_, time_to_cycles(sc_core::sc_time_stamp()));
          idle_cycles_ += woke - cycles_;
          cycles_ = woke;
          qk_.reset();
          host_.quantum_boundary(*this);
        }
        continue;
      case Event::None:
        break;
    }
    if (cfg_.max_insns && steps_ >= cfg_.max_insns) {
      qk_.sync();
      host_.finish(3, fmt::format("el2sim: instruction limit {} reached", cfg_.max_insns));
      return;
    }
    if (qk_.need_sync() || sync_pending_) {
      sync_pending_ = false;
      qk_.sync();
      host_.quantum_boundary(*this);
    }
  }
}

// ---------------------------------------------------------------------------
// mmu::Bus

mmu::BusResult Core::transport(tlm::tlm_command cmd, uint64_t pa, void* data, unsigned size) {
  tx_.set_command(cmd);
  tx_.set_address(pa);
  tx_.set_data_ptr(static_cast<unsigned char*>(data));
  tx_.set_data_length(size);
  tx_.set_streaming_width(size);
  tx_.set_byte_enable_ptr(nullptr);
  tx_.set_dmi_allowed(false);
  tx_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  socket->b_transport(tx_, delay);
  if (delay != sc_core::SC_ZERO_TIME) cycles_ += time_to_cycles(delay);
  if (tx_.get_response_status() != tlm::TLM_OK_RESPONSE) {
    ++counters_.bus_errors;
    return mmu::BusResult::Error;
  }
  return mmu::BusResult::Ok;
}

mmu::BusResult Core::read(uint64_t pa, void* data, unsigned size) {
  ++counters_.bus_reads;
  return transport(tlm::TLM_READ_COMMAND, pa, data, size);
}

mmu::BusResult Core::write(uint64_t pa, const void* data, unsigned size) {
  ++counters_.bus_writes;
  // TLM's data pointer is not const; targets do not write through it on a write.
  return transport(tlm::TLM_WRITE_COMMAND, pa, const_cast<void*>(data), size);
}

uint8_t* Core::host_page(uint64_t pa, bool write) {
  const uint64_t page = pa & ~(kPage - 1);
  const uint64_t last = page + kPage - 1;
  // Most calls are for the region the previous one found (RAM): it is kept first.
  for (size_t i = 0; i < dmi_.size(); ++i) {
    const tlm::tlm_dmi& d = dmi_[i];
    if (page >= d.get_start_address() && last <= d.get_end_address()) {
      if (write ? !d.is_write_allowed() : !d.is_read_allowed()) return nullptr;
      if (i != 0) std::swap(dmi_[0], dmi_[i]);
      return dmi_[0].get_dmi_ptr() + (page - dmi_[0].get_start_address());
    }
  }
  for (const auto& r : no_dmi_)
    if (page >= r.start && page <= r.end) return nullptr;
  tlm::tlm_generic_payload tx;
  tx.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  tx.set_address(page);
  tlm::tlm_dmi dmi;
  if (socket->get_direct_mem_ptr(tx, dmi) && dmi.get_start_address() <= page &&
      dmi.get_end_address() >= last) {
    ++counters_.dmi_grants;
    dmi_.push_back(dmi);
    return host_page(pa, write);
  }
  no_dmi_.push_back({std::min<uint64_t>(dmi.get_start_address(), page),
                     std::max<uint64_t>(dmi.get_end_address(), last)});
  return nullptr;
}

mmu::Bus::HostRange Core::host_range(uint64_t pa, bool write) {
  uint8_t* host = host_page(pa, write);
  if (!host) return {};
  // host_page() keeps the region it found first: its whole pages.
  const tlm::tlm_dmi& d = dmi_[0];
  const uint64_t first = (d.get_start_address() + kPage - 1) & ~(kPage - 1);
  const uint64_t last = d.get_end_address();
  const uint64_t end = last == ~0ull ? ~(kPage - 1) : (last + 1) & ~(kPage - 1);
  const uint64_t page = pa & ~(kPage - 1);
  return {first, end - first, host - (page - first)};
}

void Core::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  ++counters_.dmi_invalidations;
  std::erase_if(dmi_, [&](const tlm::tlm_dmi& d) {
    return d.get_start_address() <= end && start <= d.get_end_address();
  });
  std::erase_if(no_dmi_, [&](const Range& r) { return r.start <= end && start <= r.end; });
  // The host pointers go now; the predecoded pages after the batch (the instruction
  // that caused this may be running from one).
  cpu_->dmi_invalidated();
  drop_decoded_pending_ = true;
}

size_t Core::debug_write(uint64_t pa, const void* data, size_t len) {
  size_t done = 0;
  while (done < len) {
    const size_t chunk = std::min<size_t>(len - done, 1u << 20);
    tlm::tlm_generic_payload tx;
    tx.set_command(tlm::TLM_WRITE_COMMAND);
    tx.set_address(pa + done);
    tx.set_data_ptr(const_cast<unsigned char*>(static_cast<const unsigned char*>(data) + done));
    tx.set_data_length(static_cast<unsigned>(chunk));
    tx.set_streaming_width(static_cast<unsigned>(chunk));
    const unsigned n = socket->transport_dbg(tx);
    done += n;
    if (n < chunk) break;
  }
  // Instructions predecoded from that memory are decoded again when they next run.
  cpu_->code_written(pa, done);
  return done;
}

uint64_t Core::debug_zero(uint64_t pa, uint64_t len) {
  static constexpr uint8_t kZeros[kPage] = {};
  uint64_t done = 0;
  while (done < len) {
    const uint64_t at = pa + done;
    if ((at & (kPage - 1)) == 0 && len - done >= kPage) {
      const HostRange r = host_range(at, true);
      const uint64_t n = r.size ? std::min(len - done, r.base + r.size - at) & ~(kPage - 1) : 0;
      // (RAM and flash are anonymous mappings of the host: MADV_DONTNEED zeroes them.)
      if (n && madvise(r.host + (at - r.base), n, MADV_DONTNEED) == 0) {
        done += n;
        continue;
      }
    }
    const size_t chunk = static_cast<size_t>(std::min(len - done, kPage - (at & (kPage - 1))));
    if (debug_write(at, kZeros, chunk) != chunk) break;
    done += chunk;
  }
  cpu_->code_written(pa, done);
  return done;
}

size_t Core::debug_read(uint64_t pa, void* data, size_t len) {
  size_t done = 0;
  while (done < len) {
    const size_t chunk = std::min<size_t>(len - done, 1u << 20);
    tlm::tlm_generic_payload tx;
    tx.set_command(tlm::TLM_READ_COMMAND);
    tx.set_address(pa + done);
    tx.set_data_ptr(static_cast<unsigned char*>(data) + done);
    tx.set_data_length(static_cast<unsigned>(chunk));
    tx.set_streaming_width(static_cast<unsigned>(chunk));
    const unsigned n = socket->transport_dbg(tx);
    done += n;
    if (n < chunk) break;
  }
  return done;
}

bool Core::guest_read(uint64_t va, void* data, size_t len) {
  auto* out = static_cast<uint8_t*>(data);
  while (len > 0) {
    const size_t chunk = std::min<size_t>(len, kPage - (va & (kPage - 1)));
    const mmu::Translation t = cpu_->translate_debug(va, mmu::AccessType::Read);
    if (!t.ok() || debug_read(t.pa, out, chunk) != chunk) return false;
    va += chunk;
    out += chunk;
    len -= chunk;
  }
  return true;
}

bool Core::guest_write(uint64_t va, const void* data, size_t len) {
  const auto* in = static_cast<const uint8_t*>(data);
  while (len > 0) {
    const size_t chunk = std::min<size_t>(len, kPage - (va & (kPage - 1)));
    const mmu::Translation t = cpu_->translate_debug(va, mmu::AccessType::Write);
    if (!t.ok() || debug_write(t.pa, in, chunk) != chunk) return false;
    va += chunk;
    in += chunk;
    len -= chunk;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Platform firmware

bool Core::psci_call(isa::Cpu& cpu) {
  ++counters_.psci_calls;
  psci::Request req{cpu.x(0), cpu.x(1), cpu.x(2), cpu.x(3)};
  psci::System sys{1, cfg_.cpu.index};
  const psci::Outcome o = psci::dispatch(req, sys);
  switch (o.action) {
    case psci::Outcome::Action::Return:
      cpu.set_x(0, static_cast<uint64_t>(o.value));
      break;
    case psci::Outcome::Action::SystemOff:
      event_ = Event::Exit;
      exit_status_ = 0;
      exit_message_.clear();
      cpu.stop(isa::StopReason::Shutdown);
      break;
    case psci::Outcome::Action::SystemReset:
      event_ = Event::Reset;
      cpu.stop(isa::StopReason::Shutdown);
      break;
    case psci::Outcome::Action::CpuOff:
      event_ = Event::Off;
      wait_pc_ = cpu.pc();
      cpu.stop(isa::StopReason::Shutdown);
      break;
    case psci::Outcome::Action::Suspend:
      cpu.set_x(0, static_cast<uint64_t>(o.value));
      wait_for_event(cpu, false);
      break;
  }
  return true;
}

bool Core::smc_call(isa::Cpu& cpu) {
  return cfg_.psci == PsciConduit::Smc ? psci_call(cpu) : false;
}

bool Core::hvc_call(isa::Cpu& cpu) {
  return cfg_.psci == PsciConduit::Hvc ? psci_call(cpu) : false;
}

bool Core::semihosting_call(isa::Cpu& cpu) {
  ++counters_.semihosting_calls;
  CoreMemory mem(*this);
  const uint64_t now_ns = cycles_to_time(current_cycles()).value() / 1000;
  const SemihostingResult r =
      semihosting_.call(cpu.w(0), cpu.x(1), now_ns, cfg_.layout, mem, host_.semihosting_console());
  if (r.exit) {
    event_ = Event::Exit;
    exit_status_ = r.status;
    exit_message_.clear();
    cpu.stop(isa::StopReason::Shutdown);
    return true;
  }
  if (r.unsupported) {
    const std::string msg = fmt::format(
        "el2sim: unsupported semihosting call 0x{:x} at pc 0x{:016x}\n", cpu.w(0), cpu.pc());
    host_.semihosting_console().write_stderr(msg.data(), msg.size());
  }
  cpu.set_x(0, r.x0);
  return true;
}

void Core::wait_for_event(isa::Cpu& cpu, bool wfe) {
  ++counters_.wfi;
  event_ = Event::Wait;
  wait_pc_ = cpu.pc();
  wait_wfe_ = wfe;
  cpu.stop(isa::StopReason::Wfi);
}

void Core::timer_changed(isa::Cpu& cpu) {
  // An output that changed is already on the GIC's input; end the batch so the
  // quantum keeper syncs and the rest of the system sees the new state in time.
  if (host_.timer_changed(*this)) {
    sync_pending_ = true;
    cpu.stop(isa::StopReason::Budget);
  }
}

uint64_t Core::cycles(const isa::Cpu&, unsigned extra_insns) {
  // The clock stops while the core sleeps in WFI/WFE, as a Cortex-A57's does.
  return current_cycles() - idle_cycles_ + uint64_t{extra_insns} * cfg_.cpi;
}

void Core::pmu_irq_changed(isa::Cpu& cpu, bool level) {
  host_.pmu_irq_changed(*this, level);
  // Inside a batch: end it, so that the quantum keeper syncs and the GIC's output
  // reaches the core in time.
  if (in_batch_) {
    sync_pending_ = true;
    cpu.stop(isa::StopReason::Budget);
  }
}

sc_core::sc_time Core::count_to_time(uint64_t count) const {
  // The first time at which physical_count() reads `count` (rounded up to a picosecond).
  const unsigned __int128 ps =
      (static_cast<unsigned __int128>(count) * kPicoPerSecond + cfg_.cpu.cntfrq - 1) /
      cfg_.cpu.cntfrq;
  const uint64_t max = ~0ull;
  return sc_core::sc_time::from_value(ps > max ? max : static_cast<uint64_t>(ps));
}

uint64_t Core::physical_count(const isa::Cpu& cpu) {
  // The system counter runs at CNTFRQ from simulated time (the core's local clock).
  return counter_.ticks(current_cycles());
}

}  // namespace sim
