// libFuzzer target: random instruction words executed on a core over a flat bus.
// The first bytes pick the exception level, HCR_EL2/SCTLR bits and register values;
// the rest are instruction words. Guest misbehaviour must always be an architectural
// event: nothing here may crash, hang or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "isa/cpu.h"
#include "isa/decode.h"
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
  cpu.run(words * 2 + 16);
  return 0;
}
