// The machine model: what a JSON file under configs/ describes, parsed and validated
// into plain structs that the platform builder, the boot loader and the device-tree
// generator read. Nothing here depends on SystemC.
//
// Schema (every key is checked; unknown keys are errors, so typos never pass):
//   {
//     "name": "virt",                              required, string
//     "cpus": {                                    required
//       "count": 1,                                integer >= 1 (only 1 is runnable today)
//       "model": "cortex-a57",                     the only one of kCpuModels
//       "frequency_hz": 1000000000,                core clock; time = cycles / frequency
//       "quantum_ns": 10000,                       SystemC global quantum
//       "cpi": 1,                                  cycles per instruction (the cycle model)
//       "tlb": {                                   optional; each level optional, these
//         "itlb": {"entries": 10, "ways": 10,      are the defaults (Cortex-A53 TRM);
//                  "replacement": "lru"},          "lru" | "round-robin" | "random";
//         "dtlb": {"entries": 10, "ways": 10},     entries 0 removes a level;
//         "main": {"entries": 512, "ways": 4},     ways must divide entries
//         "ipa":  {"entries": 64, "ways": 4},      stage-2 (IPA) cache
//         "seed": 1                                for "random": deterministic runs
//       }
//     },
//     "virtualization": true,                      EL2 present (core resets at EL2h)
//     "psci": {"conduit": "auto"},                 "auto" (smc with EL2, hvc without),
//                                                  "smc", "hvc" or "none"
//     "memory": [                                  required, at least one "ram"
//       {"name": "ram", "type": "ram" | "flash", "base": "0x40000000", "size": "256MiB",
//        "latency_ns": 0}                          latency of a bus (non-DMI) access
//     ],
//     "devices": [
//       {"type": "pl011", "name": "uart0", "base": "0x09000000", "size": "4KiB",
//        "interrupt": {"spi": 1}, "clock_hz": 24000000, "latency_ns": 0},
//       {"type": "gicv2", "name": "gic", "distributor": "0x08000000",
//        "cpu_interface": "0x08010000", "hyp_interface": "0x08030000",
//        "virtual_cpu_interface": "0x08040000", "region_size": "64KiB",
//        "maintenance_interrupt": {"ppi": 9}, "latency_ns": 0},
//       {"type": "armv8-timer", "name": "timer", "frequency_hz": 62500000,
//        "interrupts": {"secure_phys": {"ppi": 13}, "phys": {"ppi": 14},
//                       "virt": {"ppi": 11}, "hyp": {"ppi": 10}}},
//       {"type": "armv8-pmu", "name": "pmu",      the core's PMU: overflow interrupt
//        "interrupt": {"ppi": 7}},                (a PPI) and device-tree node
//       {"type": "pl031", "name": "rtc", "base": "0x09010000", "size": "4KiB",
//        "interrupt": {"spi": 2}, "latency_ns": 0},
//       {"type": "virtio-mmio", "name": "virtio", "base": "0x0a000000",
//        "count": 32, "stride": "0x200",           slot n at base + n*stride,
//        "interrupt": {"spi": 16}, "latency_ns": 0} with interrupt SPI 16+n (no devices)
//     ]
//   }
// Addresses and sizes are integers or strings ("0x1000", "4096", "64KiB", "256MiB",
// "1GiB"; K/M/G are binary multiples as in QEMU's -m).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mmu/tlb.h"

namespace sim {

// A bad model: the message names the file, the JSON path and what was expected.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An interrupt as the device tree names it: SPI n is INTID 32+n, PPI n is INTID 16+n.
struct Interrupt {
  enum class Kind : uint8_t { Spi, Ppi };
  Kind kind = Kind::Spi;
  unsigned number = 0;
  unsigned intid() const { return (kind == Kind::Spi ? 32u : 16u) + number; }
};

struct MemoryRegion {
  enum class Kind : uint8_t { Ram, Flash };
  std::string name;
  Kind kind = Kind::Ram;
  uint64_t base = 0;
  uint64_t size = 0;
  uint64_t latency_ns = 0;
  uint64_t end() const { return base + size; }  // one past the last byte
};

struct Pl011Config {
  std::string name;
  uint64_t base = 0;
  uint64_t size = 0x1000;
  Interrupt interrupt;
  uint64_t clock_hz = 24000000;  // the APB clock the device tree describes
  uint64_t latency_ns = 0;
};

struct Gicv2Config {
  std::string name;
  uint64_t distributor = 0;
  uint64_t cpu_interface = 0;
  std::optional<uint64_t> hyp_interface;          // GICH, with virtualization
  std::optional<uint64_t> virtual_cpu_interface;  // GICV, with virtualization
  uint64_t region_size = 0x10000;
  Interrupt maintenance_interrupt{Interrupt::Kind::Ppi, 9};
  uint64_t latency_ns = 0;
};

struct Pl031Config {
  std::string name;
  uint64_t base = 0;
  uint64_t size = 0x1000;
  Interrupt interrupt{Interrupt::Kind::Spi, 2};
  uint64_t latency_ns = 0;
};

// A bank of empty virtio-mmio transports: slot n at base + n*stride, SPI first+n.
struct VirtioMmioConfig {
  std::string name;
  uint64_t base = 0;
  unsigned count = 32;
  uint64_t stride = 0x200;
  Interrupt interrupt{Interrupt::Kind::Spi, 16};  // slot 0's; slot n adds n
  uint64_t latency_ns = 0;
  uint64_t size() const { return count * stride; }
};

struct TimerConfig {
  std::string name;
  uint64_t frequency_hz = 62500000;
  Interrupt secure_phys{Interrupt::Kind::Ppi, 13};
  Interrupt phys{Interrupt::Kind::Ppi, 14};
  Interrupt virt{Interrupt::Kind::Ppi, 11};
  Interrupt hyp{Interrupt::Kind::Ppi, 10};
};

// The core's performance monitors (isa/pmu.h): their overflow interrupt and the
// device-tree node that tells software the PMU is there.
struct PmuConfig {
  std::string name;
  Interrupt interrupt{Interrupt::Kind::Ppi, 7};
};

struct CpuClusterConfig {
  unsigned count = 1;
  std::string model = "cortex-a57";
  uint64_t frequency_hz = 1000000000;
  uint64_t quantum_ns = 10000;
  uint64_t cpi = 1;
  mmu::TlbHierarchyConfig tlb;  // the modelled TLBs ("cpus.tlb")
};

enum class PsciConduit : uint8_t { None, Smc, Hvc };

// One address range claimed by the model, for decode and overlap checks.
struct MappedRange {
  std::string owner;  // what claims it: "memory", "pl011", "gicv2.distributor"...
  std::string name;
  uint64_t base = 0;
  uint64_t size = 0;
};

struct MachineModel {
  std::string file;  // where it came from, for messages
  std::string name;
  CpuClusterConfig cpus;
  bool virtualization = true;
  PsciConduit psci = PsciConduit::Smc;
  std::vector<MemoryRegion> memory;
  std::vector<Pl011Config> uarts;
  std::optional<Gicv2Config> gic;
  std::optional<TimerConfig> timer;
  std::optional<PmuConfig> pmu;
  std::vector<Pl031Config> rtcs;
  std::vector<VirtioMmioConfig> virtio;

  // The first RAM region: where images, the DTB and the initrd go.
  const MemoryRegion& boot_ram() const;
  // The memory region that wholly contains [addr, addr+len), or nullptr.
  const MemoryRegion* memory_containing(uint64_t addr, uint64_t len) const;
  // Every range the model maps, in model order.
  std::vector<MappedRange> mapped_ranges() const;
};

// The cores modelled: the model names the device tree's "compatible" string, and the
// core reports that CPU (MIDR_EL1, the other ID registers, reset values, CCSIDR). Only
// the Cortex-A57 is modelled; its TLB hierarchy is cpus.tlb's, not the model's.
inline constexpr const char* kCpuModels[] = {"cortex-a57"};

// Parse and validate a model. Throws ModelError with a one-line message.
MachineModel parse_machine_model(const std::string& json_text, const std::string& file);
// Read the file and parse it. Throws ModelError (also when the file cannot be read).
MachineModel load_machine_model(const std::string& path);

// "256MiB" style parsing, shared with the command line. Returns nullopt if malformed.
std::optional<uint64_t> parse_size_string(const std::string& s);

}  // namespace sim
