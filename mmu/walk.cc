#include "mmu/walk.h"

#include "mmu/walk_impl.h"

namespace mmu {

namespace walk_detail {

namespace {

constexpr uint64_t field(uint64_t v, unsigned hi, unsigned lo) {
  return (v >> lo) & ((uint64_t{1} << (hi - lo + 1)) - 1);
}
constexpr uint64_t mask_below(unsigned n) { return n >= 64 ? ~0ull : (uint64_t{1} << n) - 1; }

// TCR.TG0 / VTCR.TG0: 00 4K, 01 64K, 10 16K (11 reserved: treated as 4K).
unsigned grain_tg0(uint64_t tg) { return tg == 1 ? 16 : tg == 2 ? 14 : 12; }
// TCR_EL1.TG1: 01 16K, 10 4K, 11 64K (00 reserved: treated as 4K).
unsigned grain_tg1(uint64_t tg) { return tg == 1 ? 14 : tg == 3 ? 16 : 12; }

// TCR.IPS / TCR_EL2.PS / VTCR.PS, limited to the implemented PA size.
unsigned output_size(uint64_t ps, unsigned pa_bits) {
  static constexpr unsigned kSizes[] = {32, 36, 40, 42, 44, 48};
  const unsigned s = ps < 6 ? kSizes[ps] : 48;
  return s < pa_bits ? s : pa_bits;
}

// The bit position of the lowest address bit that level `level` resolves.
unsigned level_lsb(unsigned grain, int level) {
  return grain + static_cast<unsigned>(3 - level) * (grain - 3);
}

// The table base from a TTBR/VTTBR: BADDR[47:1], aligned to the start table's size.
// Returns false (address-size fault at level 0) when BADDR has bits at or above the
// output size.
bool table_base(uint64_t ttbr, WalkGeometry& g) {
  const uint64_t baddr = ttbr & 0x0000FFFFFFFFFFFEull;
  if (g.outputsize < 48 && (baddr >> g.outputsize) != 0) return false;
  const unsigned align = g.inputsize - level_lsb(g.grain, g.start) + 3;
  g.base = baddr & ~mask_below(align);
  return true;
}

// What each level of a walk uses, from the granule, sizes and start level.
void set_levels(WalkGeometry& g) {
  const unsigned stride = g.grain - 3u;
  for (int level = g.start; level <= 3; ++level) {
    const unsigned lsb = level_lsb(g.grain, level);
    const unsigned bits = level == g.start ? g.inputsize - lsb : stride;
    g.lsb[level] = static_cast<uint8_t>(lsb);
    g.index_mask[level] = mask_below(bits);
  }
  g.table_mask = kOutputBits & ~mask_below(g.grain);
  g.oa_limit = g.outputsize < 48 ? kOutputBits & ~mask_below(g.outputsize) : 0;
}

}  // namespace

// Stage 2 from VTCR_EL2 and VTTBR_EL2.
void decode_stage2_geometry(const TranslationRegs& regs, WalkGeometry& g) {
  const uint64_t vtcr = regs.vtcr;
  g = WalkGeometry{};
  g.ctl = vtcr;
  g.ttbr = regs.vttbr;
  g.other = regs.pa_bits;
  g.grain = static_cast<uint8_t>(grain_tg0(field(vtcr, 15, 14)));
  const unsigned inputsize = 64 - static_cast<unsigned>(field(vtcr, 5, 0));
  g.outputsize = static_cast<uint8_t>(output_size(field(vtcr, 18, 16), regs.pa_bits));
  const unsigned stride = g.grain - 3u;
  const uint64_t sl0 = field(vtcr, 7, 6);
  // The start level from SL0, checked against the input size (at most 16 concatenated
  // tables at the start level) and the PA size: an inconsistent setting faults.
  g.bad = sl0 == 3 || inputsize > regs.pa_bits || inputsize > 48 || inputsize < 25;
  g.start = static_cast<int8_t>((g.grain == 12 ? 2 : 3) - static_cast<int>(sl0));
  if (g.bad) return;
  g.inputsize = static_cast<uint8_t>(inputsize);
  const unsigned lsb = level_lsb(g.grain, g.start);
  g.bad = inputsize <= lsb || inputsize - lsb > stride + 4;
  if (g.bad) return;
  g.base_bad = !table_base(regs.vttbr, g);
  set_levels(g);
}

// Stage 1 of the regime from TCR_ELx and the TTBR of the VA's half.
void decode_stage1_geometry(const TranslationRegs& regs, bool upper, WalkGeometry& g) {
  const uint64_t tcr = regs.tcr, ttbr = upper ? regs.ttbr1 : regs.ttbr0;
  g = WalkGeometry{};
  g.ctl = tcr;
  g.ttbr = ttbr;
  g.other = uint64_t{regs.pa_bits} | uint64_t{static_cast<uint8_t>(regs.regime)} << 8;
  unsigned inputsize;
  if (regs.regime == Regime::EL2) {
    g.grain = static_cast<uint8_t>(grain_tg0(field(tcr, 15, 14)));
    inputsize = 64 - static_cast<unsigned>(field(tcr, 5, 0));
    g.outputsize = static_cast<uint8_t>(output_size(field(tcr, 18, 16), regs.pa_bits));
    g.tbi = (tcr >> 20) & 1;
  } else if (!upper) {
    g.grain = static_cast<uint8_t>(grain_tg0(field(tcr, 15, 14)));
    inputsize = 64 - static_cast<unsigned>(field(tcr, 5, 0));
    g.outputsize = static_cast<uint8_t>(output_size(field(tcr, 34, 32), regs.pa_bits));
    g.tbi = (tcr >> 37) & 1;
    g.epd = (tcr >> 7) & 1;
  } else {
    g.grain = static_cast<uint8_t>(grain_tg1(field(tcr, 31, 30)));
    inputsize = 64 - static_cast<unsigned>(field(tcr, 21, 16));
    g.outputsize = static_cast<uint8_t>(output_size(field(tcr, 34, 32), regs.pa_bits));
    g.tbi = (tcr >> 38) & 1;
    g.epd = (tcr >> 23) & 1;
  }
  // TxSZ outside 16..39 is treated as the nearest limit (an IMPLEMENTATION DEFINED
  // choice the Arm ARM permits).
  if (inputsize > 48) inputsize = 48;
  if (inputsize < 25) inputsize = 25;
  g.inputsize = static_cast<uint8_t>(inputsize);
  const unsigned stride = g.grain - 3u;
  const unsigned levels = (inputsize - g.grain + stride - 1) / stride;
  g.start = static_cast<int8_t>(4 - static_cast<int>(levels));
  g.base_bad = !table_base(ttbr, g);
  set_levels(g);
}

// The flat stage 1 of a regime whose stage-1 MMU is off (Arm ARM D8.2.10).
bool stage1_off(const TranslationRegs& regs, uint64_t va, bool fetch, Mapping& m, Fault& fault) {
  // AArch64.TranslateAddressS1Off: the bits from the PA size up to AddrTop (55 under
  // TBI, whose top byte is ignored here too, else 63) must be zero.
  const uint64_t addr = strip_tag(regs, va);
  if (regs.pa_bits < 64 && (addr >> regs.pa_bits) != 0) {
    fault = make_fault(FaultKind::AddressSize, 0);
    return false;
  }
  const bool dc = regs.regime == Regime::EL10 && (regs.hcr & kHcrDC);
  m.va_base = addr & ~0xFFFull;
  m.ipa_base = m.va_base;
  m.shift = 12;
  m.s1_level = 0;
  m.global = true;
  m.perms = perm::kAll;
  if (fetch || dc) {
    m.attr = 0xFF;  // Normal Write-Back (instruction fetches: cacheability per SCTLR.I)
    m.sh = dc ? 0 : 2;
  } else {
    m.attr = 0x00;  // Device-nGnRnE
    m.sh = 2;
  }
  return true;
}

}  // namespace walk_detail

// ---------------------------------------------------------------------------
// The public walkers: the templates over the virtual environment.

S2Mapping WalkEnv::stage2(const TranslationRegs& regs, uint64_t ipa, bool) {
  return walk_detail::walk_stage2(regs, ipa, *this);
}

S2Mapping walk_stage2(const TranslationRegs& regs, uint64_t ipa, WalkEnv& env) {
  return walk_detail::walk_stage2(regs, ipa, env);
}

WalkResult walk(const TranslationRegs& regs, uint64_t va, bool fetch, WalkEnv& env) {
  return walk_detail::walk(regs, va, fetch, env);
}

Translation translate(const TranslationRegs& regs, uint64_t va, AccessType type, WalkEnv& env,
                      Mapping* mapping) {
  return walk_detail::translate(regs, va, type, env, mapping);
}

}  // namespace mmu
