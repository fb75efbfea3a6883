// libFuzzer target: random instruction words executed on a core over a flat bus.
// The first bytes pick the exception level, HCR_EL2/SCTLR bits, whether the PMU
// counts, and register values; the rest are instruction words. Guest misbehaviour must
// always be an architectural event: nothing here may crash, hang or trip a sanitizer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/sysreg_table.h"
#include "tests/isa/test_support.h"

namespace {
constexpr uint64_t kBase = 0x40000000;
constexpr uint64_t kSize = 0x10000;

uint64_t take64(const uint8_t*& p, size_t& n) {
  uint64_t v = 0;
  const size_t k = n < 8 ? n : 8;
  std::memcpy(&v, p, k);
  p += k;
  n -= k;
  return v;
}

void set_sysreg(isa::Cpu& cpu, const std::string& name, uint64_t v) {
  isa::sysreg_set(cpu, *isa::sysreg_find(name), v);
}

// Every PMU counter counting, at ELs and of events the input picks (implemented ones
// and one that is not), a few events from overflowing with its interrupt enabled; the
// cycle counter too, with PMCR_EL0.D and LC from the input.
void arm_pmu(isa::Cpu& cpu, uint64_t pick) {
  static constexpr uint16_t kEvents[] = {0x00, 0x02, 0x05, 0x08, 0x09, 0x0A,
                                         0x11, 0x25, 0x26, 0x2D, 0x2F, 0x3F};
  for (unsigned i = 0; i < 6; ++i, pick = pick * 0x9E3779B97F4A7C15ull + 1) {
    const uint64_t filter = ((pick >> 8) & 3) << 30 | ((pick >> 10) & 1) << 27;
    set_sysreg(cpu, "PMEVTYPER" + std::to_string(i) + "_EL0",
               filter | kEvents[(pick >> 32) % std::size(kEvents)]);
    set_sysreg(cpu, "PMEVCNTR" + std::to_string(i) + "_EL0", 0xFFFFFFFF - (pick >> 56));
  }
  set_sysreg(cpu, "PMCCFILTR_EL0", ((pick >> 8) & 3) << 30 | ((pick >> 10) & 1) << 27);
  set_sysreg(cpu, "PMCCNTR_EL0", 0xFFFFFFFF - (pick >> 52));
  set_sysreg(cpu, "MDCR_EL2", (3 + (pick & 3)) | ((pick >> 2) & 1) << 7);  // HPMN, HPME
  set_sysreg(cpu, "PMINTENSET_EL1", 0x8000003F);
  set_sysreg(cpu, "PMCNTENSET_EL0", 0x8000003F);
  set_sysreg(cpu, "PMCR_EL0", 1 | ((pick >> 4) & 1) << 3 | ((pick >> 5) & 1) << 6);  // E, D, LC
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  el2sim_test::FlatBus bus(kBase, kSize);
  el2sim_test::RecordingHooks hooks;
  isa::CpuConfig cfg;
  cfg.semihosting = false;
  isa::Cpu cpu(cfg, bus, hooks);
  cpu.reset(kBase);
  const uint8_t* p = data;
  size_t n = size;
  const uint64_t ctl = take64(p, n);
  auto& sr = cpu.sr();
  sr.VBAR_EL2 = kBase + 0x8000;
  sr.VBAR_EL1 = kBase + 0x8800;
  sr.HCR_EL2 = (1ull << 31) | (ctl & 0x7FFFE000ull);  // RW plus trap bits from the input
  sr.SCTLR_EL1 = 0x30D00800 | ((ctl >> 32) & 0x0404C000ull);
  sr.CPACR_EL1 = (ctl & 1) ? 3ull << 20 : 0;
  const unsigned el = (ctl >> 1) & 3;
  cpu.pstate().el = el == 3 ? 2 : el;
  cpu.pstate().sp = (ctl >> 3) & 1;
  for (unsigned r = 0; r < 31 && n >= 64; ++r)
    cpu.set_x(r, (r & 1) ? kBase + (take64(p, n) & (kSize - 1)) : take64(p, n));
  // The rest: instruction words at the reset PC; the vectors stay zero (UDF), so a
  // run of exceptions ends in the step budget.
  const size_t words = n / 4 > 0x2000 ? 0x2000 : n / 4;
  std::memcpy(bus.at(kBase), p, words * 4);
  for (size_t i = 0; i < words; ++i) {
    uint32_t w;
    std::memcpy(&w, p + 4 * i, 4);
    (void)isa::decode(w);
  }
  uint64_t left = words * 2 + 16;
  // Bit 40: the PMU counts, and the run is made of batches planned as the core plans
  // them (sim/core.cc), each ending where a counter may overflow.
  if (!((ctl >> 40) & 1)) {
    cpu.run(left);
    return 0;
  }
  arm_pmu(cpu, ctl * 0xD1B54A32D192ED03ull);
  while (left > 0) {
    const uint64_t batch = std::min(left, cpu.pmu().insns_to_overflow(cpu));
    // Steps, as the core counts them: instructions and exceptions taken.
    const uint64_t exceptions = cpu.stats().exceptions;
    const uint64_t steps = cpu.run(batch) + (cpu.stats().exceptions - exceptions);
    cpu.pmu().sync(cpu);
    if (cpu.stop_reason() != isa::StopReason::Budget) break;  // WFI, a halt
    left -= std::min(left, std::max<uint64_t>(steps, 1));
  }
  return 0;
}
