// PSCI through SMC (the conduit of the virt board with EL2): the version (1.1, as
// QEMU 7.2), PSCI_FEATURES of every function ID up to PSCI 1.1 and of others (the
// mandatory functions and the optional ones the board has are SUCCESS, the rest
// NOT_SUPPORTED), MIGRATE_INFO_TYPE, AFFINITY_INFO and CPU_ON for the one core and
// for cores that do not exist, a CPU_SUSPEND power state the core cannot have,
// unknown functions of other SMCCC owners, and the same from EL1. HVC at EL2 is no
// PSCI call there: an ordinary HVC exception. Return values (DEN0022): SUCCESS 0,
// NOT_SUPPORTED -1, INVALID_PARAMETERS -2, ALREADY_ON -4; a 32-bit function returns
// them in W0.
#include "exc_test.h"

const char test_name[] = "psci";

#define NOT_SUPPORTED (~0ull)  // -1
#define INVALID_PARAMETERS (~0ull - 1)
#define ALREADY_ON (~0ull - 3)

static u64 smc(u64 fn, u64 a1, u64 a2, u64 a3) {
  register u64 x0 __asm__("x0") = fn;
  register u64 x1 __asm__("x1") = a1;
  register u64 x2 __asm__("x2") = a2;
  register u64 x3 __asm__("x3") = a3;
  __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
  return x0;
}

static void call(const char* name, u64 fn, u64 a1, u64 a2, u64 expected) {
  if (fn & (1u << 30))
    t_check(name, smc(fn, a1, a2, 0), expected);
  else
    t_check32(name, (u32)smc(fn, a1, a2, 0), (u32)expected);  // SMC32: W0
}

static u64 el1_version(u64 arg) {
  (void)arg;
  return smc(0x84000000, 0, 0, 0);
}

static u64 el1_cpu_on_self(u64 arg) {
  (void)arg;
  return smc(0xC4000003, 0, 0x40200000, 0);
}

void test_main(u64 dtb) {
  (void)dtb;
  set_hcr(HCR_DEFAULT);
  call("version", 0x84000000, 0, 0, 0x10001);
  static const struct {
    const char* name;
    u32 id;
    int present;
  } ids[] = {
      {"features_version", 0x84000000, 1},       {"features_cpu_suspend32", 0x84000001, 1},
      {"features_cpu_suspend64", 0xC4000001, 1}, {"features_cpu_off", 0x84000002, 1},
      {"features_cpu_on32", 0x84000003, 1},      {"features_cpu_on64", 0xC4000003, 1},
      {"features_affinity32", 0x84000004, 1},    {"features_affinity64", 0xC4000004, 1},
      {"features_migrate32", 0x84000005, 0},     {"features_migrate64", 0xC4000005, 0},
      {"features_migrate_type", 0x84000006, 1},  {"features_migrate_up32", 0x84000007, 0},
      {"features_migrate_up64", 0xC4000007, 0},  {"features_system_off", 0x84000008, 1},
      {"features_system_reset", 0x84000009, 1},  {"features_features", 0x8400000A, 1},
      {"features_cpu_freeze", 0x8400000B, 0},    {"features_default_suspend", 0xC400000C, 0},
      {"features_node_hw_state", 0xC400000D, 0}, {"features_system_suspend", 0xC400000E, 0},
      {"features_suspend_mode", 0x8400000F, 0},  {"features_stat_residency", 0xC4000010, 0},
      {"features_stat_count", 0xC4000011, 0},    {"features_system_reset2", 0xC4000012, 0},
      {"features_mem_protect", 0x84000013, 0},   {"features_smccc_version", 0x80000000, 0},
      {"features_unknown", 0x12345678, 0},
  };
  for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; ++i)
    call(ids[i].name, 0x8400000A, ids[i].id, 0, ids[i].present ? 0 : NOT_SUPPORTED);
  call("migrate_info_type", 0x84000006, 0, 0, 2);  // no Trusted OS
  call("migrate_info_up_cpu", 0xC4000007, 0, 0, NOT_SUPPORTED);
  call("migrate", 0xC4000005, 0, 0, NOT_SUPPORTED);
  // AFFINITY_INFO: 0 ON, for the core at MPIDR affinity 0; other cores do not exist.
  call("affinity_info_self", 0xC4000004, 0, 0, 0);
  call("affinity_info32_self", 0x84000004, 0, 0, 0);
  call("affinity_info_cpu1", 0xC4000004, 1, 0, INVALID_PARAMETERS);
  call("affinity_info_cluster1", 0xC4000004, 0x100, 0, INVALID_PARAMETERS);
  // CPU_ON: the running core is ALREADY_ON; one that does not exist is INVALID.
  call("cpu_on_self", 0xC4000003, 0, 0x40200000, ALREADY_ON);
  call("cpu_on_cpu1", 0xC4000003, 1, 0x40200000, INVALID_PARAMETERS);
  call("cpu_on32_cpu1", 0x84000003, 1, 0x40200000, INVALID_PARAMETERS);
  // CPU_SUSPEND with a power state of an affinity level above the core's.
  call("cpu_suspend_bad_state", 0xC4000001, 0x01000000, 0x40200000, INVALID_PARAMETERS);
  call("unknown_psci_id", 0x84000099, 0, 0, NOT_SUPPORTED);
  call("unknown_owner_sip", 0xC2000000, 0, 0, NOT_SUPPORTED);
  call("unknown_owner_oem", 0x83000001, 0, 0, NOT_SUPPORTED);

  // From EL1 (HCR_EL2.TSC = 0): SMC reaches the same firmware.
  t_check32("el1_version", (u32)run_el1(el1_version, 0), 0x10001);
  t_check("el1_cpu_on_self", run_el1(el1_cpu_on_self, 0), ALREADY_ON);

  // HVC at EL2 is not the conduit: an HVC exception to EL2, x0 untouched.
  u64 a;
  {
    register u64 x0 __asm__("x0") = 0x84000000;
    exc_reset();
    __asm__ volatile("adr %1, 1f\n1:\thvc #0" : "+r"(x0), "=&r"(a)::"memory");
    exc_disarm();
    t_check("hvc_el2_x0", x0, 0x84000000);
  }
  t_check_exc("hvc_el2_is_hvc", 2, 0x200, ESR(EC_HVC64, 0), a + 4);
}
