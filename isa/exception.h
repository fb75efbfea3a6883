// Architectural exceptions as values (Arm ARM D1.10, ESR_ELx).
//
// Instruction bodies and the MMU never take an exception themselves: they describe it
// in an Exception and hand it to Cpu::raise(); the step loop then calls
// Cpu::take_exception() once, which routes it and performs the entry.
#pragma once

#include <cstdint>

namespace isa {

// ESR_ELx.EC values (Arm ARM D17.2.37) used by an ARMv8.0 AArch64-only core.
enum class Ec : uint8_t {
  Unknown = 0x00,
  WFx = 0x01,
  FPAccess = 0x07,
  IllegalState = 0x0E,
  SVC64 = 0x15,
  HVC64 = 0x16,
  SMC64 = 0x17,
  SysReg64 = 0x18,
  InsnAbortLower = 0x20,
  InsnAbortSame = 0x21,
  PCAlign = 0x22,
  DataAbortLower = 0x24,
  DataAbortSame = 0x25,
  SPAlign = 0x26,
  FPExc64 = 0x2C,
  SError = 0x2F,
  BreakpointLower = 0x30,
  BreakpointSame = 0x31,
  SoftStepLower = 0x32,
  SoftStepSame = 0x33,
  WatchpointLower = 0x34,
  WatchpointSame = 0x35,
  BRK64 = 0x3C,
};

const char* ec_name(Ec ec);

enum class ExceptionType : uint8_t { Sync, Irq, Fiq, SError };

// Fault status codes (DFSC/IFSC) of the VMSAv8-64 short list.
namespace fsc {
constexpr uint32_t AddressSize(int level) { return 0x00 + static_cast<uint32_t>(level); }
constexpr uint32_t Translation(int level) { return 0x04 + static_cast<uint32_t>(level); }
constexpr uint32_t AccessFlag(int level) { return 0x08 + static_cast<uint32_t>(level); }
constexpr uint32_t Permission(int level) { return 0x0C + static_cast<uint32_t>(level); }
constexpr uint32_t kSyncExternal = 0x10;
constexpr uint32_t kSyncExternalOnWalk(int level) { return 0x14 + static_cast<uint32_t>(level); }
constexpr uint32_t kAlignment = 0x21;
constexpr uint32_t kTlbConflict = 0x30;
}  // namespace fsc

// Target EL that the routing rules choose (take_exception decides when kRoute).
constexpr int kRoute = -1;

struct Exception {
  ExceptionType type = ExceptionType::Sync;
  Ec ec = Ec::Unknown;
  uint32_t iss = 0;        // ESR_ELx.ISS, 25 bits
  bool il = true;          // ESR_ELx.IL: 32-bit instruction
  bool far_valid = false;  // FAR_ELx is written
  uint64_t far = 0;
  bool ipa_valid = false;  // HPFAR_EL2 is written (stage-2 faults)
  uint64_t ipa = 0;
  uint64_t return_address = 0;  // preferred return address, becomes ELR_ELx
  int target_el = kRoute;       // a fixed target (e.g. EL2 for HCR_EL2 traps), or kRoute
};

}  // namespace isa
