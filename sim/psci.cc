#include "sim/psci.h"

namespace sim::psci {

namespace {

bool known_cpu(const System& sys, uint64_t affinity) { return affinity < sys.num_cpus; }

}  // namespace

Outcome dispatch(const Request& req, const System& sys) {
  Outcome o;
  switch (req.function) {
    case PSCI_VERSION:
      o.value = kVersion;
      break;
    case MIGRATE_INFO_TYPE:
      o.value = kTosNotPresentMp;
      break;
    case AFFINITY_INFO_32:
    case AFFINITY_INFO_64:
      if (req.arg2 != 0) {
        o.value = 0;  // above affinity level 0 everything is always on (as QEMU)
      } else {
        // Every existing core is on (0 = ON); QEMU matches the MPIDR exactly.
        o.value = known_cpu(sys, req.arg1) ? 0 : INVALID_PARAMETERS;
      }
      break;
    case SYSTEM_RESET:
      o.action = Outcome::Action::SystemReset;
      break;
    case SYSTEM_OFF:
      o.action = Outcome::Action::SystemOff;
      break;
    case V0_1_CPU_ON:
    case CPU_ON_32:
    case CPU_ON_64:
      // Each core modelled today is running, so a valid target is already on.
      o.value = known_cpu(sys, req.arg1) ? ALREADY_ON : INVALID_PARAMETERS;
      break;
    case V0_1_CPU_OFF:
    case CPU_OFF:
      o.action = Outcome::Action::CpuOff;
      break;
    case V0_1_CPU_SUSPEND:
    case CPU_SUSPEND_32:
    case CPU_SUSPEND_64:
      if (req.arg1 & 0xFFFE0000u) {
        o.value = INVALID_PARAMETERS;  // affinity levels are not supported (QEMU)
      } else {
        o.action = Outcome::Action::Suspend;  // powerdown is not modelled: WFI
        o.value = SUCCESS;
      }
      break;
    case PSCI_FEATURES:
      switch (req.arg1) {
        case PSCI_VERSION:
        case MIGRATE_INFO_TYPE:
        case AFFINITY_INFO_32:
        case AFFINITY_INFO_64:
        case SYSTEM_RESET:
        case SYSTEM_OFF:
        case V0_1_CPU_ON:
        case CPU_ON_32:
        case CPU_ON_64:
        case V0_1_CPU_OFF:
        case CPU_OFF:
        case V0_1_CPU_SUSPEND:
        case CPU_SUSPEND_32:
        case CPU_SUSPEND_64:
        case PSCI_FEATURES:
          o.value = SUCCESS;
          break;
        default:
          o.value = NOT_SUPPORTED;
          break;
      }
      break;
    case V0_1_MIGRATE:
    case MIGRATE_32:
    case MIGRATE_64:
    default:
      o.value = NOT_SUPPORTED;
      break;
  }
  return o;
}

}  // namespace sim::psci
