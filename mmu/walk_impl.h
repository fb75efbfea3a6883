// The walkers of mmu/walk.h as templates over the walk environment, for the code
// that walks often: mmu/walk.cc instantiates them for WalkEnv (the public functions,
// virtual calls), mmu/tlb.cc for TlbHierarchy, whose descriptor reads and IPA-cache
// lookups then inline into the walk.
//
// Each level of a walk uses what WalkGeometry precomputed for it (index bits, output
// address masks); the checks follow AArch64.TranslationTableWalk of the Arm ARM.
#pragma once

#include <cstdint>

#include "mmu/walk.h"

namespace mmu::walk_detail {

constexpr uint64_t kHcrPTW = 1ull << 2;
constexpr uint64_t kHcrDC = 1ull << 12;
constexpr uint64_t kOutputBits = 0x0000FFFFFFFFFFFFull;  // an output address, bits [47:0]

constexpr uint64_t low_bits(unsigned n) { return (uint64_t{1} << n) - 1; }  // n < 64

inline Fault make_fault(FaultKind kind, int level) {
  Fault f;
  f.kind = kind;
  f.level = level;
  return f;
}

// A stage-2 fault with its IPA.
inline Fault s2_fault(FaultKind kind, int level, uint64_t ipa) {
  Fault f = make_fault(kind, level);
  f.stage2 = true;
  f.ipa = ipa;
  return f;
}

// The first level that may hold a block descriptor for the granule.
inline int first_block_level(unsigned grain) { return grain == 12 ? 1 : 2; }

// MAIR attribute: Device when the high nibble is zero.
inline bool attr_is_device(uint8_t attr) { return (attr >> 4) == 0; }

// Decode the geometry into g (out of line: only when a register changed).
void decode_stage2_geometry(const TranslationRegs& regs, WalkGeometry& g);
void decode_stage1_geometry(const TranslationRegs& regs, bool upper, WalkGeometry& g);

inline const WalkGeometry& stage2_geometry(const TranslationRegs& regs, WalkEnv& env) {
  WalkGeometry& g = env.s2_geometry;
  if (g.ctl != regs.vtcr || g.ttbr != regs.vttbr || g.other != regs.pa_bits) [[unlikely]]
    decode_stage2_geometry(regs, g);
  return g;
}

inline const WalkGeometry& stage1_geometry(const TranslationRegs& regs, bool upper, WalkEnv& env) {
  WalkGeometry& g = env.s1_geometry[upper];
  const uint64_t ttbr = upper ? regs.ttbr1 : regs.ttbr0;
  const uint64_t other = uint64_t{regs.pa_bits} | uint64_t{static_cast<uint8_t>(regs.regime)} << 8;
  if (g.ctl != regs.tcr || g.ttbr != ttbr || g.other != other) [[unlikely]]
    decode_stage1_geometry(regs, upper, g);
  return g;
}

// Shareability of a Device or Normal Non-cacheable location reads as Outer Shareable.
inline uint8_t combine_sh(uint8_t a, uint8_t b) {
  if (a == 2 || b == 2) return 2;
  if (a == 3 || b == 3) return 3;
  return 0;
}

// One half (outer or inner) of Normal memory, stage 1's MAIR nibble combined with
// stage 2's MemAttr half (01 Non-cacheable, 10 Write-Through, 11 Write-Back): the
// weaker cacheability of the two, with stage 1's allocation hints and transient flag
// (Arm ARM, S2CombineS1AttrHints).
inline uint8_t combine_half(uint8_t s1, uint8_t s2) {
  if (s2 == 1 || s1 == 0x4) return 0x4;                            // Non-cacheable
  const bool s1_write_through = (s1 >> 2) == 0 || (s1 >> 2) == 2;  // 0b00RW, 0b10RW
  if (s1_write_through || s2 == 3) return s1;
  // Stage 1 Write-Back, stage 2 Write-Through: Write-Through, transient (0b00RW) or not
  // (0b10RW) as stage 1's 0b01RW or 0b11RW.
  return static_cast<uint8_t>((s1 & 0x8) | (s1 & 0x3));
}

// Combine the stage-1 MAIR attribute with the stage-2 MemAttr (Arm ARM D5.5.5):
// Device wins, and the stronger of two Device types; Normal memory takes each half's
// weaker cacheability (combine_half).
inline uint8_t combine_attr(uint8_t s1, uint8_t s2memattr) {
  const bool s2_device = (s2memattr >> 2) == 0;
  if (attr_is_device(s1)) {
    if (!s2_device) return s1;
    const uint8_t t1 = (s1 >> 2) & 3, t2 = s2memattr & 3;
    return static_cast<uint8_t>((t1 < t2 ? t1 : t2) << 2);
  }
  if (s2_device) return static_cast<uint8_t>((s2memattr & 3) << 2);
  return static_cast<uint8_t>(combine_half(s1 >> 4, (s2memattr >> 2) & 3) << 4 |
                              combine_half(s1 & 0xF, s2memattr & 3));
}

// The flat stage 1 of a regime whose stage-1 MMU is off (Arm ARM D8.2.10).
bool stage1_off(const TranslationRegs& regs, uint64_t va, bool fetch, Mapping& m, Fault& fault);

// ---------------------------------------------------------------------------
// Stage 2 (AArch64.S2Translate)

template <class Env>
S2Mapping walk_stage2(const TranslationRegs& regs, uint64_t ipa, Env& env) {
  S2Mapping r;
  const WalkGeometry& g = stage2_geometry(regs, env);
  if (g.bad || (ipa >> g.inputsize) != 0) [[unlikely]] {
    r.fault = s2_fault(FaultKind::Translation, 0, ipa);
    return r;
  }
  if (g.base_bad) [[unlikely]] {
    r.fault = s2_fault(FaultKind::AddressSize, 0, ipa);
    return r;
  }
  uint64_t table = g.base;
  for (int level = g.start;; ++level) {
    const unsigned lsb = g.lsb[level];
    uint64_t desc;
    ++env.refs;
    if (!env.read_descriptor(table + ((ipa >> lsb) & g.index_mask[level]) * 8, desc)) [[unlikely]] {
      r.fault = s2_fault(FaultKind::SyncExternalOnWalk, level, ipa);
      return r;
    }
    // Invalid, or a block (01) at level 3: a translation fault.
    if (!(desc & 1) || (level == 3 && !(desc & 2))) [[unlikely]] {
      r.fault = s2_fault(FaultKind::Translation, level, ipa);
      return r;
    }
    if ((desc & 2) && level < 3) {  // a table
      if (desc & g.oa_limit) [[unlikely]] {
        r.fault = s2_fault(FaultKind::AddressSize, level, ipa);
        return r;
      }
      table = desc & g.table_mask;
      continue;
    }
    if (level < first_block_level(g.grain)) [[unlikely]] {
      r.fault = s2_fault(FaultKind::Translation, level, ipa);
      return r;
    }
    const uint64_t oa = desc & kOutputBits & ~low_bits(lsb);
    if ((oa | (ipa & low_bits(lsb))) & g.oa_limit) [[unlikely]] {
      r.fault = s2_fault(FaultKind::AddressSize, level, ipa);
      return r;
    }
    if (!((desc >> 10) & 1)) [[unlikely]] {
      r.fault = s2_fault(FaultKind::AccessFlag, level, ipa);
      return r;
    }
    r.shift = static_cast<uint8_t>(lsb);
    r.level = static_cast<int8_t>(level);
    r.ipa_base = ipa & ~low_bits(lsb);
    r.pa_base = oa;
    r.memattr = static_cast<uint8_t>((desc >> 2) & 0xF);
    r.sh = static_cast<uint8_t>((desc >> 8) & 3);
    // S2AP[0] read, S2AP[1] write (bits 6 and 7, as kS2R and kS2W), XN (bit 54).
    r.perms = static_cast<uint16_t>((desc & (3u << 6)) | (((desc >> 54) & 1) ? 0 : perm::kS2X));
    static_assert(perm::kS2R == 1 << 6 && perm::kS2W == 1 << 7);
    return r;
  }
}

// ---------------------------------------------------------------------------
// Stage 1 (AArch64.S1Translate) and the nested walk

// Read a stage-1 descriptor at an IPA: through stage 2 when it applies (S1PTW
// faults), then from memory (an external abort on the walk at the stage-1 level).
template <class Env>
[[gnu::always_inline]] inline bool read_s1_descriptor(const TranslationRegs& regs, bool s2,
                                                      uint64_t ipa, int level, Env& env,
                                                      uint64_t& desc, Fault& fault) {
  uint64_t pa = ipa;
  if (s2) {
    const S2Mapping m = env.stage2(regs, ipa, true);
    if (!m.ok()) [[unlikely]] {
      fault = m.fault;
      fault.s1ptw = true;
      return false;
    }
    // A walk reads its tables: stage 2 must allow reading, and with HCR_EL2.PTW a
    // walk that lands on stage-2 Device memory is a permission fault.
    const bool s2_device = (m.memattr >> 2) == 0;
    if (!(m.perms & perm::kS2R) || ((regs.hcr & kHcrPTW) && s2_device)) [[unlikely]] {
      fault = s2_fault(FaultKind::Permission, m.level, ipa);
      fault.s1ptw = true;
      return false;
    }
    pa = m.pa_base | (ipa & low_bits(m.shift));
  }
  ++env.refs;
  if (!env.read_descriptor(pa, desc)) [[unlikely]] {
    fault = make_fault(FaultKind::SyncExternalOnWalk, level);
    return false;
  }
  return true;
}

template <class Env>
bool stage1_walk(const TranslationRegs& regs, uint64_t va, Mapping& m, Fault& fault, Env& env,
                 bool s2) {
  const bool upper = regs.regime == Regime::EL10 && ((va >> 55) & 1);
  const WalkGeometry& g = stage1_geometry(regs, upper, env);
  // The address must lie in the range of its TTBR: bits [top:inputsize] all equal to
  // the selector, top being 55 with TBI and 63 without.
  const unsigned top = g.tbi ? 55 : 63;
  const uint64_t high = (va >> g.inputsize) & low_bits(top - g.inputsize + 1);
  if (high != (upper ? low_bits(top - g.inputsize + 1) : 0) || g.epd) [[unlikely]] {
    fault = make_fault(FaultKind::Translation, 0);
    return false;
  }
  if (g.base_bad) [[unlikely]] {
    fault = make_fault(FaultKind::AddressSize, 0);
    return false;
  }
  // The hierarchical controls (PXNTable, XNTable, APTable: bits 59-62) of the table
  // descriptors on the way, accumulated.
  uint64_t table_bits = 0;
  uint64_t table = g.base;
  int level = g.start;
  // A walk of more than one level may find its last-level table in a walk cache.
  const bool cacheable = g.start < 3;
  const bool cached = cacheable && env.last_table(regs, va, g.lsb[2], table, table_bits);
  if (cached) level = 3;
  for (;; ++level) {
    const unsigned lsb = g.lsb[level];
    uint64_t desc;
    if (!read_s1_descriptor(regs, s2, table + ((va >> lsb) & g.index_mask[level]) * 8, level, env,
                            desc, fault)) [[unlikely]]
      return false;
    if (level == 3 && cacheable && !cached)
      env.keep_last_table(regs, va, g.lsb[2], table, table_bits);
    if (!(desc & 1) || (level == 3 && !(desc & 2))) [[unlikely]] {
      fault = make_fault(FaultKind::Translation, level);
      return false;
    }
    if ((desc & 2) && level < 3) {  // a table
      if (desc & g.oa_limit) [[unlikely]] {
        fault = make_fault(FaultKind::AddressSize, level);
        return false;
      }
      table = desc & g.table_mask;
      table_bits |= desc;
      continue;
    }
    if (level < first_block_level(g.grain)) [[unlikely]] {
      fault = make_fault(FaultKind::Translation, level);
      return false;
    }
    const uint64_t oa = desc & kOutputBits & ~low_bits(lsb);
    if ((oa | (va & low_bits(lsb))) & g.oa_limit) [[unlikely]] {
      fault = make_fault(FaultKind::AddressSize, level);
      return false;
    }
    if (!((desc >> 10) & 1)) [[unlikely]] {
      fault = make_fault(FaultKind::AccessFlag, level);
      return false;
    }
    const bool pxn_table = (table_bits >> 59) & 1, xn_table = (table_bits >> 60) & 1;
    const bool ap_table_no_el0 = (table_bits >> 61) & 1, ap_table_ro = (table_bits >> 62) & 1;
    m.shift = static_cast<uint8_t>(lsb);
    m.s1_level = static_cast<int8_t>(level);
    m.va_base = strip_tag(regs, va) & ~low_bits(lsb);
    m.ipa_base = oa;
    const unsigned attr_index = static_cast<unsigned>((desc >> 2) & 7);
    m.attr = static_cast<uint8_t>(regs.mair >> (8 * attr_index));
    m.sh = static_cast<uint8_t>((desc >> 8) & 3);
    bool ap2 = (desc >> 7) & 1;
    bool ap1 = (desc >> 6) & 1;
    uint16_t perms;
    if (regs.regime == Regime::EL2) {
      // One privilege level: AP[1], PXN, PXNTable and APTable[0] are ignored (RES1 /
      // RES0), bit 54 is XN and bit 60 XNTable.
      if (ap_table_ro) ap2 = true;
      const bool xn = ((desc >> 54) & 1) || xn_table;
      perms = perm::kR1;
      if (!ap2) perms |= perm::kW1;
      if (!xn) perms |= perm::kX1;
      m.global = true;
    } else {
      if (ap_table_no_el0) ap1 = false;
      if (ap_table_ro) ap2 = true;
      const bool uxn = ((desc >> 54) & 1) || xn_table;
      const bool pxn = ((desc >> 53) & 1) || pxn_table;
      const bool user_w = ap1 && !ap2;
      perms = perm::kR1;
      if (!ap2) perms |= perm::kW1;
      if (ap1) perms |= perm::kR0;
      if (user_w) perms |= perm::kW0;
      if (!uxn) perms |= perm::kX0;
      // A location writable at EL0 is never executable at EL1.
      if (!pxn && !user_w) perms |= perm::kX1;
      m.global = !((desc >> 11) & 1);
    }
    m.perms = perms | perm::kS2R | perm::kS2W | perm::kS2X;
    return true;
  }
}

template <class Env>
WalkResult walk(const TranslationRegs& regs, uint64_t va, bool fetch, Env& env) {
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
  m.s1_shift = m.shift;
  if (!m.s2) {
    m.pa_base = m.ipa_base;
  } else {
    // The output IPA of stage 1 goes through stage 2.
    const uint64_t ipa = m.ipa_base | (strip_tag(regs, va) & low_bits(m.shift));
    const S2Mapping s = env.stage2(regs, ipa, false);
    if (!s.ok()) [[unlikely]] {
      r.fault = s.fault;  // reported after the stage-1 permission check (translate())
      return r;
    }
    if (s.shift < m.shift) {
      m.shift = s.shift;
      m.va_base = strip_tag(regs, va) & ~low_bits(s.shift);
      m.ipa_base = ipa & ~low_bits(s.shift);
    }
    m.pa_base = s.pa_base | (m.ipa_base & low_bits(s.shift) & ~low_bits(m.shift));
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

// The translation into `t`, which the caller has default-constructed: the hot callers
// keep one Translation that every path of theirs returns, so that it is built in
// place (a copy of one built here would read back fields just stored narrower).
template <class Env>
void translate_into(const TranslationRegs& regs, uint64_t va, AccessType type, Env& env,
                    Mapping* mapping, Translation& t) {
  const WalkResult w = walk(regs, va, type == AccessType::Fetch, env);
  if (!w.ok()) [[unlikely]] {
    // A stage-2 fault on the output address comes after the stage-1 permission check.
    if (w.fault.stage2 && !w.fault.s1ptw) {
      Mapping s1 = w.m;
      s1.s2 = false;
      const Fault f = check_permission(s1, regs, va, type);
      if (f.kind != FaultKind::None) {
        t.fault = f;
        return;
      }
    }
    t.fault = w.fault;
    return;
  }
  if (!permitted(w.m, regs, type)) [[unlikely]] {
    t.fault = check_permission_slow(w.m, regs, va, type);
    if (!t.ok()) return;
  }
  t.pa = w.m.pa(strip_tag(regs, va));
  t.mem = w.m.mem;
  if (mapping) *mapping = w.m;
}

template <class Env>
Translation translate(const TranslationRegs& regs, uint64_t va, AccessType type, Env& env,
                      Mapping* mapping = nullptr) {
  Translation t;
  translate_into(regs, va, type, env, mapping, t);
  return t;
}

}  // namespace mmu::walk_detail
