// A core on a flat byte-array bus, for unit tests of instructions and exceptions.
#pragma once

#include <cstring>
#include <initializer_list>
#include <optional>
#include <vector>

#include "isa/cpu.h"
#include "isa/sysreg_table.h"
#include "mmu/bus.h"

namespace el2sim_test {

// A system register's key, and the MRS/MSR words that name it.
constexpr uint16_t K(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return isa::sysreg_key(op0, op1, crn, crm, op2);
}
constexpr uint32_t mrs(unsigned rt, uint16_t key) {
  return 0xD5200000u | (uint32_t{key} << 5) | rt;
}
constexpr uint32_t msr(uint16_t key, unsigned rt) {
  return 0xD5000000u | (uint32_t{key} << 5) | rt;
}

// RAM of `size` bytes at `base`; everything else is a bus error.
class FlatBus : public mmu::Bus {
 public:
  FlatBus(uint64_t base, uint64_t size) : base_(base), mem_(size, 0) {}
  mmu::BusResult read(uint64_t pa, void* data, unsigned size) override {
    if (!contains(pa, size)) return mmu::BusResult::Error;
    std::memcpy(data, &mem_[pa - base_], size);
    return mmu::BusResult::Ok;
  }
  mmu::BusResult write(uint64_t pa, const void* data, unsigned size) override {
    if (!contains(pa, size)) return mmu::BusResult::Error;
    std::memcpy(&mem_[pa - base_], data, size);
    return mmu::BusResult::Ok;
  }
  uint8_t* host_page(uint64_t pa, bool) override {
    return contains(pa & ~0xFFFull, 0x1000) ? &mem_[(pa & ~0xFFFull) - base_] : nullptr;
  }
  // All of the RAM is one directly accessible region, as a DMI grant makes it.
  HostRange host_range(uint64_t pa, bool write) override {
    if (!contains(pa, 1)) return {};
    (void)write;
    return {base_, mem_.size(), mem_.data()};
  }
  bool contains(uint64_t pa, uint64_t size) const {
    return pa >= base_ && pa - base_ + size <= mem_.size();
  }
  uint8_t* at(uint64_t pa) { return &mem_[pa - base_]; }
  uint64_t base() const { return base_; }

 private:
  uint64_t base_;
  std::vector<uint8_t> mem_;
};

class RecordingHooks : public isa::SystemHooks {
 public:
  bool smc_call(isa::Cpu&) override { return smc_handled; }
  bool hvc_call(isa::Cpu&) override { return hvc_handled; }
  void wait_for_event(isa::Cpu& cpu, bool wfe) override {
    ++waits;
    cpu.stop(isa::StopReason::Wfi);
  }
  // The system counter: retired instructions, or `count` once set.
  uint64_t physical_count(const isa::Cpu& cpu) override {
    return count ? *count : isa::SystemHooks::physical_count(cpu);
  }
  void pmu_irq_changed(isa::Cpu&, bool level) override { pmu_irq = level; }
  bool pmu_irq = false;
  bool smc_handled = false;
  bool hvc_handled = false;
  int waits = 0;
  std::optional<uint64_t> count;
};

// A core at EL2h (or EL1h without EL2) with code placed at kCode.
struct TestCore {
  static constexpr uint64_t kRamBase = 0x40000000;
  static constexpr uint64_t kCode = 0x40000000;
  static constexpr uint64_t kData = 0x40100000;

  explicit TestCore(bool has_el2 = true) : TestCore(config(has_el2)) {}
  explicit TestCore(const isa::CpuConfig& cfg) : bus(kRamBase, 4 << 20), cpu(cfg, bus, hooks) {
    cpu.reset(kCode);
  }
  static isa::CpuConfig config(bool has_el2) {
    isa::CpuConfig c;
    c.has_el2 = has_el2;
    return c;
  }
  // Write instruction words at `addr` (default: the reset PC), as a loader does: the
  // core decodes them again if it has run that memory before.
  void load(std::initializer_list<uint32_t> code, uint64_t addr = kCode) {
    cpu.code_written(addr, code.size() * 4);
    for (uint32_t w : code) {
      std::memcpy(bus.at(addr), &w, 4);
      addr += 4;
    }
  }
  // Execute exactly n instructions (exceptions taken count as steps that retire none).
  void step(uint64_t n = 1) {
    for (uint64_t i = 0; i < n; ++i) cpu.run(1);
  }
  uint64_t read64(uint64_t pa) {
    uint64_t v;
    std::memcpy(&v, bus.at(pa), 8);
    return v;
  }
  void write64(uint64_t pa, uint64_t v) {
    std::memcpy(bus.at(pa), &v, 8);
    cpu.code_written(pa, 8);
  }

  // EL2 stage 1 on: one 1 GiB block maps the RAM (TCR_EL2: T0SZ 25, 4K granule), the
  // table at kData.
  void el2_mmu_on() {
    write64(kData + 8, 0x40000000ull | (1u << 10) | (3u << 8) | 1);
    sysreg_set(cpu, *isa::sysreg_find("MAIR_EL2"), 0xFF);
    sysreg_set(cpu, *isa::sysreg_find("TCR_EL2"), 25 | (1u << 8) | (1u << 10) | (3u << 12));
    sysreg_set(cpu, *isa::sysreg_find("TTBR0_EL2"), kData);
    const isa::SysRegInfo& sctlr = *isa::sysreg_find("SCTLR_EL2");
    sysreg_set(cpu, sctlr, sysreg_get(cpu, sctlr) | 1);
  }

  FlatBus bus;
  RecordingHooks hooks;
  isa::Cpu cpu;
};

// ---- AdvSIMD tests ----

// The 128 bits of a V register.
struct V128 {
  uint64_t lo = 0, hi = 0;
};

// A vector from its elements, element 0 first; the elements not given are zero.
template <typename T>
V128 vec(std::initializer_list<T> elements) {
  uint8_t b[16] = {};
  unsigned i = 0;
  for (T x : elements) std::memcpy(b + sizeof(T) * i++, &x, sizeof(T));
  V128 v;
  std::memcpy(&v.lo, b, 8);
  std::memcpy(&v.hi, b + 8, 8);
  return v;
}
inline V128 b16(std::initializer_list<uint8_t> e) { return vec<uint8_t>(e); }
inline V128 h8(std::initializer_list<uint16_t> e) { return vec<uint16_t>(e); }
inline V128 s4(std::initializer_list<uint32_t> e) { return vec<uint32_t>(e); }
inline V128 d2(uint64_t lo, uint64_t hi) { return V128{lo, hi}; }

// One instruction at EL2 on a core whose V registers the test sets.
struct SimdCore {
  TestCore t;
  void set(unsigned n, V128 v) {
    t.cpu.vreg(n)[0] = v.lo;
    t.cpu.vreg(n)[1] = v.hi;
  }
  V128 get(unsigned n) { return V128{t.cpu.vreg(n)[0], t.cpu.vreg(n)[1]}; }
  // Runs insn; true when it retired (no exception).
  bool exec(uint32_t insn) {
    t.load({insn});
    t.step();
    return t.cpu.pc() == TestCore::kCode + 4;
  }
  unsigned ec() { return static_cast<unsigned>(t.cpu.sr().ESR_EL2 >> 26); }
};

}  // namespace el2sim_test
