#include "isa/decode.h"

#include <array>
#include <vector>

#include "isa/cpu.h"

namespace isa {

namespace {

constexpr bool valid_pattern(std::string_view p) { return p.size() == 32; }

// Bodies behind the step loop's calling convention. A body that changes what the
// loop relies on during a run (translation, EL, pending interrupts, the stop reason)
// ends the run through the call that makes the change (invalidate_host_pages,
// update_interrupt_pending, stop, raise, branch_to); exception generation and return
// always end it. System instructions first count the run's instruction fetches in the
// itlb, since TLB maintenance and AT may evict the entry they are tied to.
template <RawExecFn F>
void run_raw(Cpu& cpu, const Decoded& d) {
  F(cpu, d.raw);
}
template <RawExecFn F>
void run_raw_system(Cpu& cpu, const Decoded& d) {
  cpu.commit_fetch_hits();
  F(cpu, d.raw);
}
template <RawExecFn F>
void run_raw_end(Cpu& cpu, const Decoded& d) {
  cpu.commit_fetch_hits();
  F(cpu, d.raw);
  cpu.end_run();
}
template <RawExecFn F>
constexpr ExecFn run_for(InsnClass c) {
  if (c == InsnClass::Exception) return &run_raw_end<F>;
  if (c == InsnClass::System || c == InsnClass::Barrier || c == InsnClass::Hint)
    return &run_raw_system<F>;
  return &run_raw<F>;
}

constexpr InsnInfo kTable[] = {
#define INST(id, name, pattern, cls) \
  {InsnId::id,                       \
   #id,                              \
   name,                             \
   pattern,                          \
   pattern_mask(pattern),            \
   pattern_value(pattern),           \
   InsnClass::cls,                   \
   &exec_##id,                       \
   run_for<&exec_##id>(InsnClass::cls)},
#define OVERLAP(winner, loser)
#include "isa/a64.inc"
#undef INST
#undef OVERLAP
};

constexpr OverlapDecl kOverlaps[] = {
#define INST(id, name, pattern, cls)
#define OVERLAP(winner, loser) {InsnId::winner, InsnId::loser},
#include "isa/a64.inc"
#undef INST
#undef OVERLAP
    {InsnId::kUnallocated, InsnId::kUnallocated},  // terminator, not exported
};

constexpr bool table_well_formed() {
  for (const auto& e : kTable) {
    if (!valid_pattern(e.pattern)) return false;
  }
  for (size_t i = 0; i < std::size(kTable); ++i) {
    if (static_cast<size_t>(kTable[i].id) != i) return false;
  }
  return true;
}
static_assert(std::size(kTable) == kNumInsns);
static_assert(table_well_formed(), "a decode pattern is not 32 characters long");

// Entries bucketed by insn<31:21> (the top-level op0 field, insn<28:25>, and the bits
// around it that tell the groups' classes apart: sf, size, opc, V...), to keep decode
// short: a bucket lists the entries whose fixed bits there agree with its key.
struct Buckets {
  static constexpr unsigned kKeyShift = 21;
  static constexpr uint32_t kKeyMask = ~uint32_t{0} << kKeyShift;
  std::array<std::vector<uint16_t>, size_t{1} << (32 - kKeyShift)> by_key;
  std::vector<std::vector<uint16_t>> beats;  // beats[i]: entries that entry i wins over
  Buckets() : beats(kNumInsns) {
    for (size_t i = 0; i < kNumInsns; ++i) {
      // Every key the entry's fixed bits allow: its key bits, with each subset of the
      // key bits it leaves free (table order kept within a bucket).
      const uint32_t fixed = kTable[i].value & kKeyMask;
      const uint32_t free = kKeyMask & ~kTable[i].mask;
      uint32_t sub = 0;
      do {
        by_key[(fixed | sub) >> kKeyShift].push_back(static_cast<uint16_t>(i));
        sub = (sub - free) & free;  // the next subset of `free`
      } while (sub != 0);
    }
    for (size_t i = 0; i + 1 < std::size(kOverlaps); ++i)
      beats[static_cast<size_t>(kOverlaps[i].winner)].push_back(
          static_cast<uint16_t>(kOverlaps[i].loser));
  }
};

const Buckets& buckets() {
  static const Buckets b;
  return b;
}

bool wins_over(const Buckets& b, uint16_t w, uint16_t l) {
  for (uint16_t x : b.beats[w])
    if (x == l) return true;
  return false;
}

}  // namespace

std::span<const InsnInfo> insn_table() { return {kTable, std::size(kTable)}; }

std::span<const OverlapDecl> overlap_table() { return {kOverlaps, std::size(kOverlaps) - 1}; }

InsnId decode(uint32_t raw) {
  const Buckets& b = buckets();
  uint16_t found[8];
  unsigned n = 0;
  for (uint16_t i : b.by_key[raw >> Buckets::kKeyShift]) {
    if ((raw & kTable[i].mask) == kTable[i].value && n < std::size(found)) found[n++] = i;
  }
  if (n == 0) return InsnId::kUnallocated;
  // The winner is the match that every other match is declared to lose to.
  for (unsigned a = 0; a < n; ++a) {
    bool beats_all = true;
    for (unsigned c = 0; c < n && beats_all; ++c)
      if (c != a && !wins_over(b, found[a], found[c])) beats_all = false;
    if (beats_all) return static_cast<InsnId>(found[a]);
  }
  // Undeclared overlap: the unit tests rule this out; decode deterministically.
  return static_cast<InsnId>(found[0]);
}

const InsnInfo* insn_info(InsnId id) {
  const auto i = static_cast<size_t>(id);
  return i < kNumInsns ? &kTable[i] : nullptr;
}

std::string_view insn_name(InsnId id) {
  const InsnInfo* info = insn_info(id);
  return info ? info->name : std::string_view("UNALLOCATED");
}

void exec_unallocated(Cpu& cpu, uint32_t) { cpu.undefined(); }

}  // namespace isa
