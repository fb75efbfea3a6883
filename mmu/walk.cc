#include "mmu/walk.h"

namespace mmu {

namespace {

constexpr uint64_t kHcrPTW = 1ull << 2;
constexpr uint64_t kHcrDC = 1ull << 12;
constexpr uint64_t kSctlrWXN = 1ull << 19;

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

// The first level that may hold a block descriptor for the granule.
int first_block_level(unsigned grain) { return grain == 12 ? 1 : 2; }

// The bit position of the lowest address bit that level `level` resolves.
unsigned level_lsb(unsigned grain, int level) {
  return grain + static_cast<unsigned>(3 - level) * (grain - 3);
}

Fault make_fault(FaultKind kind, int level) {
  Fault f;
  f.kind = kind;
  f.level = level;
  return f;
}

// A stage-2 fault with its IPA.
Fault s2_fault(FaultKind kind, int level, uint64_t ipa) {
  Fault f = make_fault(kind, level);
  f.stage2 = true;
  f.ipa = ipa;
  return f;
}

// MAIR attribute: Device when the high nibble is zero.
bool attr_is_device(uint8_t attr) { return (attr >> 4) == 0; }

// Shareability of a Device or Normal Non-cacheable location reads as Outer Shareable.
uint8_t combine_sh(uint8_t a, uint8_t b) {
  if (a == 2 || b == 2) return 2;
  if (a == 3 || b == 3) return 3;
  return 0;
}

// Combine the stage-1 MAIR attribute with the stage-2 MemAttr (Arm ARM D5.5.5):
// Device wins, and the stronger of two Device types; a Non-cacheable stage-2 half
// makes that half Non-cacheable. (Write-Through downgrades are not modelled.)
uint8_t combine_attr(uint8_t s1, uint8_t s2memattr) {
  const bool s2_device = (s2memattr >> 2) == 0;
  if (attr_is_device(s1)) {
    if (!s2_device) return s1;
    const uint8_t t1 = (s1 >> 2) & 3, t2 = s2memattr & 3;
    return static_cast<uint8_t>((t1 < t2 ? t1 : t2) << 2);
  }
  if (s2_device) return static_cast<uint8_t>((s2memattr & 3) << 2);
  uint8_t a = s1;
  if ((s2memattr >> 2) == 1) a = static_cast<uint8_t>((a & 0x0F) | 0x40);  // outer NC
  if ((s2memattr & 3) == 1) a = static_cast<uint8_t>((a & 0xF0) | 0x04);   // inner NC
  return a;
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

// Stage 2 from VTCR_EL2 and VTTBR_EL2.
const WalkGeometry& stage2_geometry(const TranslationRegs& regs, WalkEnv& env) {
  WalkGeometry& g = env.s2_geometry;
  const uint64_t vtcr = regs.vtcr;
  if (g.ctl == vtcr && g.ttbr == regs.vttbr && g.other == regs.pa_bits) return g;
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
  if (g.bad) return g;
  g.inputsize = static_cast<uint8_t>(inputsize);
  const unsigned lsb = level_lsb(g.grain, g.start);
  g.bad = inputsize <= lsb || inputsize - lsb > stride + 4;
  if (!g.bad) g.base_bad = !table_base(regs.vttbr, g);
  return g;
}

// Stage 1 of the regime from TCR_ELx and the TTBR of the VA's half.
const WalkGeometry& stage1_geometry(const TranslationRegs& regs, bool upper, WalkEnv& env) {
  WalkGeometry& g = env.s1_geometry[upper];
  const uint64_t tcr = regs.tcr, ttbr = upper ? regs.ttbr1 : regs.ttbr0;
  const uint64_t other = uint64_t{regs.pa_bits} | uint64_t{static_cast<uint8_t>(regs.regime)} << 8;
  if (g.ctl == tcr && g.ttbr == ttbr && g.other == other) return g;
  g = WalkGeometry{};
  g.ctl = tcr;
  g.ttbr = ttbr;
  g.other = other;
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
  return g;
}

}  // namespace

S2Mapping WalkEnv::stage2(const TranslationRegs& regs, uint64_t ipa, bool s1_walk) {
  return walk_stage2(regs, ipa, *this);
}

// ---------------------------------------------------------------------------
// Stage 2 (AArch64.S2Translate)

S2Mapping walk_stage2(const TranslationRegs& regs, uint64_t ipa, WalkEnv& env) {
  S2Mapping r;
  const WalkGeometry& g = stage2_geometry(regs, env);
  if (g.bad || (ipa >> g.inputsize) != 0) {
    r.fault = s2_fault(FaultKind::Translation, 0, ipa);
    return r;
  }
  if (g.base_bad) {
    r.fault = s2_fault(FaultKind::AddressSize, 0, ipa);
    return r;
  }
  const unsigned stride = g.grain - 3u;
  uint64_t table = g.base;
  for (int level = g.start;; ++level) {
    const unsigned lsb = level_lsb(g.grain, level);
    const unsigned msb = level == g.start ? g.inputsize - 1 : lsb + stride - 1;
    const uint64_t index = field(ipa, msb, lsb);
    uint64_t desc;
    ++env.refs;
    if (!env.read_descriptor(table + index * 8, desc)) {
      r.fault = s2_fault(FaultKind::SyncExternalOnWalk, level, ipa);
      return r;
    }
    const bool valid = desc & 1;
    const bool table_or_page = desc & 2;
    if (!valid || (level == 3 && !table_or_page)) {
      r.fault = s2_fault(FaultKind::Translation, level, ipa);
      return r;
    }
    const uint64_t oa = desc & 0x0000FFFFFFFFFFFFull & ~mask_below(level == 3 ? g.grain : lsb);
    if (table_or_page && level < 3) {
      if (g.outputsize < 48 && (oa >> g.outputsize) != 0) {
        r.fault = s2_fault(FaultKind::AddressSize, level, ipa);
        return r;
      }
      table = desc & 0x0000FFFFFFFFFFFFull & ~mask_below(g.grain);
      continue;
    }
    if (level < first_block_level(g.grain)) {
      r.fault = s2_fault(FaultKind::Translation, level, ipa);
      return r;
    }
    if (g.outputsize < 48 && (oa >> g.outputsize) != 0) {
      r.fault = s2_fault(FaultKind::AddressSize, level, ipa);
      return r;
    }
    if (!((desc >> 10) & 1)) {
      r.fault = s2_fault(FaultKind::AccessFlag, level, ipa);
      return r;
    }
    r.shift = static_cast<uint8_t>(lsb);
    r.level = static_cast<int8_t>(level);
    r.ipa_base = ipa & ~mask_below(lsb);
    r.pa_base = oa;
    r.memattr = static_cast<uint8_t>(field(desc, 5, 2));
    r.sh = static_cast<uint8_t>(field(desc, 9, 8));
    const uint64_t s2ap = field(desc, 7, 6);
    r.perms = 0;
    if (s2ap & 1) r.perms |= perm::kS2R;
    if (s2ap & 2) r.perms |= perm::kS2W;
    if (!((desc >> 54) & 1)) r.perms |= perm::kS2X;
    return r;
  }
}

// ---------------------------------------------------------------------------
// Stage 1 (AArch64.S1Translate) and the nested walk

namespace {

// Read a stage-1 descriptor at an IPA: through stage 2 when it applies (S1PTW
// faults), then from memory (an external abort on the walk at the stage-1 level).
bool read_s1_descriptor(const TranslationRegs& regs, bool s2, uint64_t ipa, int level, WalkEnv& env,
                        uint64_t& desc, Fault& fault) {
  uint64_t pa = ipa;
  if (s2) {
    const S2Mapping m = env.stage2(regs, ipa, true);
    if (!m.ok()) {
      fault = m.fault;
      fault.s1ptw = true;
      return false;
    }
    // A walk reads its tables: stage 2 must allow reading, and with HCR_EL2.PTW a
    // walk that lands on stage-2 Device memory is a permission fault.
    const bool s2_device = (m.memattr >> 2) == 0;
    if (!(m.perms & perm::kS2R) || ((regs.hcr & kHcrPTW) && s2_device)) {
      fault = s2_fault(FaultKind::Permission, m.level, ipa);
      fault.s1ptw = true;
      return false;
    }
    pa = m.pa_base | (ipa & mask_below(m.shift));
  }
  ++env.refs;
  if (!env.read_descriptor(pa, desc)) {
    fault = make_fault(FaultKind::SyncExternalOnWalk, level);
    return false;
  }
  return true;
}

// The flat stage 1 of a regime whose stage-1 MMU is off (Arm ARM D8.2.10).
bool stage1_off(const TranslationRegs& regs, uint64_t va, bool fetch, Mapping& m, Fault& fault) {
  if (regs.pa_bits < 64 && (va >> regs.pa_bits) != 0) {
    fault = make_fault(FaultKind::AddressSize, 0);
    return false;
  }
  const bool dc = regs.regime == Regime::EL10 && (regs.hcr & kHcrDC);
  m.va_base = va & ~0xFFFull;
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

bool stage1_walk(const TranslationRegs& regs, uint64_t va, Mapping& m, Fault& fault, WalkEnv& env,
                 bool s2) {
  const bool upper = regs.regime == Regime::EL10 && ((va >> 55) & 1);
  const WalkGeometry& g = stage1_geometry(regs, upper, env);
  const unsigned stride = g.grain - 3u;
  // The address must lie in the range of its TTBR: bits [top:inputsize] all equal to
  // the selector, top being 55 with TBI and 63 without.
  const unsigned top = g.tbi ? 55 : 63;
  const uint64_t high = field(va, top, g.inputsize);
  const uint64_t all = mask_below(top - g.inputsize + 1);
  if (high != (upper ? all : 0) || g.epd) {
    fault = make_fault(FaultKind::Translation, 0);
    return false;
  }
  if (g.base_bad) {
    fault = make_fault(FaultKind::AddressSize, 0);
    return false;
  }
  // Hierarchical controls accumulated from table descriptors.
  bool ap_table_no_el0 = false, ap_table_ro = false, xn_table = false, pxn_table = false;
  uint64_t table = g.base;
  for (int level = g.start;; ++level) {
    const unsigned lsb = level_lsb(g.grain, level);
    const unsigned msb = level == g.start ? g.inputsize - 1 : lsb + stride - 1;
    const uint64_t index = field(va, msb, lsb);
    uint64_t desc;
    if (!read_s1_descriptor(regs, s2, table + index * 8, level, env, desc, fault)) return false;
    const bool valid = desc & 1;
    const bool table_or_page = desc & 2;
    if (!valid || (level == 3 && !table_or_page)) {
      fault = make_fault(FaultKind::Translation, level);
      return false;
    }
    const uint64_t oa = desc & 0x0000FFFFFFFFFFFFull & ~mask_below(level == 3 ? g.grain : lsb);
    if (table_or_page && level < 3) {
      if (g.outputsize < 48 && (oa >> g.outputsize) != 0) {
        fault = make_fault(FaultKind::AddressSize, level);
        return false;
      }
      table = desc & 0x0000FFFFFFFFFFFFull & ~mask_below(g.grain);
      pxn_table |= (desc >> 59) & 1;
      xn_table |= (desc >> 60) & 1;
      ap_table_no_el0 |= (desc >> 61) & 1;
      ap_table_ro |= (desc >> 62) & 1;
      continue;
    }
    if (level < first_block_level(g.grain)) {
      fault = make_fault(FaultKind::Translation, level);
      return false;
    }
    if (g.outputsize < 48 && (oa >> g.outputsize) != 0) {
      fault = make_fault(FaultKind::AddressSize, level);
      return false;
    }
    if (!((desc >> 10) & 1)) {
      fault = make_fault(FaultKind::AccessFlag, level);
      return false;
    }
    m.shift = static_cast<uint8_t>(lsb);
    m.s1_level = static_cast<int8_t>(level);
    m.va_base = strip_tag(regs, va) & ~mask_below(lsb);
    m.ipa_base = oa;
    const unsigned attr_index = static_cast<unsigned>(field(desc, 4, 2));
    m.attr = static_cast<uint8_t>(regs.mair >> (8 * attr_index));
    m.sh = static_cast<uint8_t>(field(desc, 9, 8));
    bool ap2 = (desc >> 7) & 1;
    bool ap1 = (desc >> 6) & 1;
    m.perms = 0;
    if (regs.regime == Regime::EL2) {
      // One privilege level: AP[1], PXN, PXNTable and APTable[0] are ignored (RES1 /
      // RES0), bit 54 is XN and bit 60 XNTable.
      if (ap_table_ro) ap2 = true;
      const bool xn = ((desc >> 54) & 1) || xn_table;
      m.perms = perm::kR1;
      if (!ap2) m.perms |= perm::kW1;
      if (!xn) m.perms |= perm::kX1;
      m.global = true;
    } else {
      if (ap_table_no_el0) ap1 = false;
      if (ap_table_ro) ap2 = true;
      const bool uxn = ((desc >> 54) & 1) || xn_table;
      const bool pxn = ((desc >> 53) & 1) || pxn_table;
      const bool user_w = ap1 && !ap2;
      m.perms = perm::kR1;
      if (!ap2) m.perms |= perm::kW1;
      if (ap1) m.perms |= perm::kR0;
      if (user_w) m.perms |= perm::kW0;
      if (!uxn) m.perms |= perm::kX0;
      // A location writable at EL0 is never executable at EL1.
      if (!pxn && !user_w) m.perms |= perm::kX1;
      m.global = !((desc >> 11) & 1);
    }
    m.perms |= perm::kS2R | perm::kS2W | perm::kS2X;
    return true;
  }
}

}  // namespace

WalkResult walk(const TranslationRegs& regs, uint64_t va, bool fetch, WalkEnv& env) {
  WalkResult r;
  Mapping& m = r.m;
  const bool s2 = stage2_enabled(regs);
  m.asid = current_asid(regs);
  if (stage1_enabled(regs)) {
    if (!stage1_walk(regs, va, m, r.fault, env, s2)) return r;
  } else if (!stage1_off(regs, va, fetch, m, r.fault)) {
    return r;
  }
  m.s2 = s2 && !regs.stage1_only;
  if (!m.s2) {
    m.pa_base = m.ipa_base;
  } else {
    // The output IPA of stage 1 goes through stage 2.
    const uint64_t ipa = m.ipa_base | (strip_tag(regs, va) & mask_below(m.shift));
    const S2Mapping s = env.stage2(regs, ipa, false);
    if (!s.ok()) {
      r.fault = s.fault;  // reported after the stage-1 permission check (translate())
      return r;
    }
    if (s.shift < m.shift) {
      m.shift = s.shift;
      m.va_base = strip_tag(regs, va) & ~mask_below(s.shift);
      m.ipa_base = ipa & ~mask_below(s.shift);
    }
    m.pa_base = s.pa_base | (m.ipa_base & mask_below(s.shift) & ~mask_below(m.shift));
    m.s2_level = s.level;
    m.perms = static_cast<uint16_t>((m.perms & ~(perm::kS2R | perm::kS2W | perm::kS2X)) | s.perms);
    // With HCR_EL2.DC stage 1 is Normal Write-Back whatever stage 2 says about
    // cacheability; Device at stage 2 still wins.
    m.attr = combine_attr(m.attr, s.memattr);
    m.sh = combine_sh(m.sh, s.sh);
  }
  m.mem = attr_is_device(m.attr) ? MemType::Device : MemType::Normal;
  if (m.mem == MemType::Device) m.sh = 2;
  return r;
}

Fault check_permission(const Mapping& m, const TranslationRegs& regs, uint64_t va,
                       AccessType type) {
  Fault f;
  const bool el0 = regs.regime == Regime::EL10 && regs.el0;
  const uint16_t r = el0 ? perm::kR0 : perm::kR1;
  const uint16_t w = el0 ? perm::kW0 : perm::kW1;
  const uint16_t x = el0 ? perm::kX0 : perm::kX1;
  bool s1_fail = false;
  if (stage1_enabled(regs)) {
    switch (type) {
      case AccessType::Fetch:
        // SCTLR.WXN: writable at this EL means not executable.
        s1_fail = !(m.perms & x) || ((regs.sctlr & kSctlrWXN) && (m.perms & w));
        break;
      case AccessType::Read:
        s1_fail = !(m.perms & r);
        break;
      case AccessType::Write:
        s1_fail = !(m.perms & w);
        break;
    }
  }
  if (s1_fail) {
    f.kind = FaultKind::Permission;
    f.level = m.s1_level;
    return f;
  }
  if (!m.s2) return f;
  bool s2_fail = false;
  switch (type) {
    case AccessType::Fetch:
      s2_fail = !(m.perms & perm::kS2X);
      break;
    case AccessType::Read:
      s2_fail = !(m.perms & perm::kS2R);
      break;
    case AccessType::Write:
      s2_fail = !(m.perms & perm::kS2W);
      break;
  }
  if (s2_fail) {
    f.kind = FaultKind::Permission;
    f.level = m.s2_level;
    f.stage2 = true;
    f.ipa = m.ipa_base | (strip_tag(regs, va) & mask_below(m.shift));
  }
  return f;
}

Translation translate(const TranslationRegs& regs, uint64_t va, AccessType type, WalkEnv& env,
                      Mapping* mapping) {
  Translation t;
  const WalkResult w = walk(regs, va, type == AccessType::Fetch, env);
  if (!w.ok()) {
    // A stage-2 fault on the output address comes after the stage-1 permission check.
    if (w.fault.stage2 && !w.fault.s1ptw) {
      Mapping s1 = w.m;
      s1.s2 = false;
      const Fault f = check_permission(s1, regs, va, type);
      if (f.kind != FaultKind::None) {
        t.fault = f;
        return t;
      }
    }
    t.fault = w.fault;
    return t;
  }
  t.fault = check_permission(w.m, regs, va, type);
  if (!t.ok()) return t;
  t.pa = w.m.pa(strip_tag(regs, va));
  t.mem = w.m.mem;
  if (mapping) *mapping = w.m;
  return t;
}

}  // namespace mmu
