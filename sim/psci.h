// PSCI (Arm DEN 0022) as the platform firmware serves it, mirroring QEMU 7.2's
// target/arm/psci.c: every SMC (or HVC) on the conduit is a PSCI call, whatever its
// immediate, and unknown function IDs return NOT_SUPPORTED. Plain C++: the core module
// applies the outcome (return value in x0, power off, reset).
#pragma once

#include <cstdint>

#include "sim/machine_model.h"

namespace sim::psci {

// Function IDs (SMC32 0x84.., SMC64 0xC4..) and the PSCI 0.1 IDs QEMU also accepts.
constexpr uint32_t PSCI_VERSION = 0x84000000;
constexpr uint32_t CPU_SUSPEND_32 = 0x84000001;
constexpr uint32_t CPU_OFF = 0x84000002;
constexpr uint32_t CPU_ON_32 = 0x84000003;
constexpr uint32_t AFFINITY_INFO_32 = 0x84000004;
constexpr uint32_t MIGRATE_32 = 0x84000005;
constexpr uint32_t MIGRATE_INFO_TYPE = 0x84000006;
constexpr uint32_t SYSTEM_OFF = 0x84000008;
constexpr uint32_t SYSTEM_RESET = 0x84000009;
constexpr uint32_t PSCI_FEATURES = 0x8400000A;
constexpr uint32_t CPU_SUSPEND_64 = 0xC4000001;
constexpr uint32_t CPU_ON_64 = 0xC4000003;
constexpr uint32_t AFFINITY_INFO_64 = 0xC4000004;
constexpr uint32_t MIGRATE_64 = 0xC4000005;
constexpr uint32_t V0_1_CPU_SUSPEND = 0x95C1BA5E;
constexpr uint32_t V0_1_CPU_OFF = 0x95C1BA5F;
constexpr uint32_t V0_1_CPU_ON = 0x95C1BA60;
constexpr uint32_t V0_1_MIGRATE = 0x95C1BA61;

// Return codes.
constexpr int64_t SUCCESS = 0;
constexpr int64_t NOT_SUPPORTED = -1;
constexpr int64_t INVALID_PARAMETERS = -2;
constexpr int64_t DENIED = -3;
constexpr int64_t ALREADY_ON = -4;

// PSCI 1.1, as QEMU 7.2 reports (QEMU_PSCI_VERSION_1_1).
constexpr int64_t kVersion = 0x00010001;
// MIGRATE_INFO_TYPE: no Trusted OS, migration not required.
constexpr int64_t kTosNotPresentMp = 2;

struct Request {
  uint64_t function;  // x0 (the full register: a stray high half is not a PSCI ID)
  uint64_t arg1, arg2, arg3;
};

struct Outcome {
  enum class Action : uint8_t {
    Return,       // x0 = value, continue after the call
    SystemOff,    // SYSTEM_OFF
    SystemReset,  // SYSTEM_RESET
    CpuOff,       // CPU_OFF of the caller
    Suspend,      // CPU_SUSPEND: x0 = value, then wait as WFI does
  };
  Action action = Action::Return;
  int64_t value = 0;
};

// The system the firmware sees: cores with affinities 0..num_cpus-1, all on.
struct System {
  unsigned num_cpus = 1;
  uint64_t caller_affinity = 0;
};

Outcome dispatch(const Request& req, const System& sys);

}  // namespace sim::psci
