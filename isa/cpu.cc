#include "isa/cpu.h"

#include <cstring>

#include "isa/bits.h"
#include "isa/decode.h"

namespace isa {

namespace {

constexpr uint64_t kPageMask = 0xFFFull;

// The trampoline every fresh predecoded slot starts with: decode, install, execute.
void exec_decode(Cpu& cpu, uint32_t insn);

}  // namespace

Cpu::Cpu(const CpuConfig& cfg, mmu::Bus& bus, SystemHooks& hooks)
    : cfg_(cfg), bus_(bus), hooks_(hooks), tlb_(cfg.tlb, bus) {
  tlb_.set_observer(this);
  dclock_ = tlb_.tie_clock(mmu::AccessType::Read);
  iclock_ = tlb_.tie_clock(mmu::AccessType::Fetch);
  reset(0);
}

bool Cpu::condition_holds(unsigned cond) const {
  bool r;
  switch (cond >> 1) {
    case 0:
      r = pstate_.z;
      break;  // EQ/NE
    case 1:
      r = pstate_.c;
      break;  // CS/CC
    case 2:
      r = pstate_.n;
      break;  // MI/PL
    case 3:
      r = pstate_.v;
      break;  // VS/VC
    case 4:
      r = pstate_.c && !pstate_.z;
      break;  // HI/LS
    case 5:
      r = pstate_.n == pstate_.v;
      break;  // GE/LT
    case 6:
      r = pstate_.n == pstate_.v && !pstate_.z;
      break;  // GT/LE
    default:
      r = true;
      break;  // AL/NV
  }
  if ((cond & 1) && cond != 0xF) r = !r;
  return r;
}

// ---------------------------------------------------------------------------
// The step loop

uint64_t Cpu::run(uint64_t max_insns) {
  stop_ = StopReason::None;
  return tracer_ ? run_loop<true>(max_insns) : run_loop<false>(max_insns);
}

template <bool kTrace>
uint64_t Cpu::run_loop(uint64_t max_insns) {
  uint64_t n = 0;
  // Every step counts against the budget, an exception taken included, so that a
  // batch that only takes exceptions (a fault loop) still ends.
  for (uint64_t steps = 0; steps < max_insns; ++steps) {
    if (async_pending_) {
      const bool taken = check_async();
      if (stop_ != StopReason::None) break;
      if (taken) continue;
    }
    const Decoded* d = fetch();
    if (d == nullptr) {  // instruction abort or PC alignment fault
      exc_pending_ = false;
      take_exception(exc_);
      continue;
    }
    const unsigned el = pstate_.el;
    if constexpr (kTrace) tracer_->on_insn(*this, pc_, d->raw, el);
    next_pc_ = pc_ + 4;
    d->fn(*this, d->raw);
    if (exc_pending_) [[unlikely]] {
      exc_pending_ = false;
      take_exception(exc_);
    } else {
      pc_ = next_pc_;
      ++stats_.insns_by_el[el];
      ++n;
    }
    if (stop_ != StopReason::None) [[unlikely]]
      break;
  }
  if (stop_ == StopReason::None) stop_ = StopReason::Budget;
  return n;
}

inline const Decoded* Cpu::fetch_cached() {
  const uint64_t off = pc_ & kPageMask;
  uint32_t raw;
  std::memcpy(&raw, fetch_.host + off, 4);
  Decoded& d = fetch_.page->insns[off >> 2];
  if (d.raw != raw || d.fn == nullptr) [[unlikely]] {
    d.raw = raw;
    d.fn = &exec_decode;
  }
  return &d;
}

// An instruction fetch the fetch cache serves is one hit in the itlb entry it is
// tied to: one per instruction (not per fetch granule), as each instruction looks
// up the itlb once on the slow path too.
const Decoded* Cpu::fetch() {
  if ((pc_ & ~(kPageMask & ~3ull)) == fetch_.va_page) [[likely]] {
    count_hit(fetch_.tie, iclock_);
    return fetch_cached();
  }
  return fetch_slow();
}

const Decoded* Cpu::fetch_slow() {
  if (pc_ & 3) {
    Exception e;
    e.ec = Ec::PCAlign;
    e.far_valid = true;
    e.far = pc_;
    e.return_address = pc_;
    raise(e);
    return nullptr;
  }
  const mmu::TranslationRegs regs = translation_regs(false);
  mmu::Tlb::Entry* tie = nullptr;
  const mmu::Translation t = tlb_.translate(regs, pc_, mmu::AccessType::Fetch, tie);
  if (!t.ok()) {
    raise_insn_abort(pc_, t.fault);
    return nullptr;
  }
  const uint64_t pa_page = t.pa & ~kPageMask;
  uint8_t* host = tie ? bus_.host_page(pa_page, false) : nullptr;
  if (host) {
    auto& slot = decoded_pages_[pa_page];
    if (!slot) slot = std::make_unique<DecodedPage>();
    fetch_.va_page = pc_ & ~kPageMask;
    fetch_.host = host;
    fetch_.page = slot.get();
    fetch_.tie = tie;
    return fetch_cached();  // the translation above counted this fetch
  }
  // No direct access (a device): fetch through the bus every time.
  uint32_t raw;
  if (bus_.read(t.pa, &raw, 4) != mmu::BusResult::Ok) {
    mmu::Fault f;
    f.kind = mmu::FaultKind::SyncExternal;
    raise_insn_abort(pc_, f);
    return nullptr;
  }
  slow_decoded_.raw = raw;
  slow_decoded_.fn = &exec_decode;
  return &slow_decoded_;
}

namespace {

void exec_decode(Cpu& cpu, uint32_t insn) {
  const InsnId id = decode(insn);
  const InsnInfo* info = insn_info(id);
  ExecFn fn = info ? info->exec : &exec_unallocated;
  // Install the body in the predecoded slot this call came from, when it is one.
  cpu.install_decoded(insn, static_cast<uint16_t>(id), fn);
  fn(cpu, insn);
}

}  // namespace

void Cpu::install_decoded(uint32_t raw, uint16_t id, ExecFn fn) {
  if ((pc_ & ~(kPageMask & ~3ull)) == fetch_.va_page) {
    Decoded& d = fetch_.page->insns[(pc_ & kPageMask) >> 2];
    if (d.raw == raw) {
      d.id = id;
      d.fn = fn;
    }
  }
}

void Cpu::invalidate_host_pages() {
  for (auto& e : host_read_) e.tag = ~0ull;
  for (auto& e : host_write_) e.tag = ~0ull;
  fetch_.va_page = ~0ull;
}

void Cpu::tlb_dropped(const mmu::Tlb::Entry* slot, uint64_t va_base, unsigned shift) {
  // Only entries tied to `slot` go; they lie in the slots of the pages it mapped (a
  // block as large as the cache's reach or larger: all of them).
  const auto drop = [slot](HostEntry& h) {
    if (h.tie == slot) h.tag = ~0ull;
  };
  const uint64_t first = va_base >> 12;
  const uint64_t count = shift >= 20 ? kHostEntries : uint64_t{1} << (shift - 12);
  for (uint64_t p = first; p < first + count; ++p) {
    drop(host_read_[p % kHostEntries]);
    drop(host_write_[p % kHostEntries]);
  }
  if (fetch_.tie == slot) fetch_.va_page = ~0ull;
}

void Cpu::drop_decoded_pages() {
  invalidate_host_pages();
  decoded_pages_.clear();
}

// ---------------------------------------------------------------------------
// Memory

mmu::TranslationRegs Cpu::translation_regs(bool el0_access) const {
  mmu::TranslationRegs r;
  r.el0 = el0_access || pstate_.el == 0;
  r.hcr = sr_.HCR_EL2;
  r.vtcr = sr_.VTCR_EL2;
  r.vttbr = sr_.VTTBR_EL2;
  r.pa_bits = cfg_.pa_bits;
  if (pstate_.el == 2 && !el0_access) {
    r.regime = mmu::Regime::EL2;
    r.sctlr = sr_.SCTLR_EL2;
    r.tcr = sr_.TCR_EL2;
    r.ttbr0 = sr_.TTBR0_EL2;
    r.mair = sr_.MAIR_EL2;
  } else {
    r.regime = mmu::Regime::EL10;
    r.sctlr = sr_.SCTLR_EL1;
    r.tcr = sr_.TCR_EL1;
    r.ttbr0 = sr_.TTBR0_EL1;
    r.ttbr1 = sr_.TTBR1_EL1;
    r.mair = sr_.MAIR_EL1;
  }
  return r;
}

bool Cpu::read(uint64_t va, unsigned size, uint64_t& out, const MemOp& op) {
  const uint64_t page = va >> 12;
  const HostEntry& e = host_read_[page % kHostEntries];
  if (e.tag == page && (va & (size - 1)) == 0 && !op.unpriv) [[likely]] {
    count_hit(e.tie, dclock_);
    uint64_t v = 0;
    std::memcpy(&v, e.host + (va & kPageMask), size);
    out = v;
    return true;
  }
  uint64_t v = 0;
  if (!data_access_slow(va, size, &v, false, op)) return false;
  out = v;
  return true;
}

bool Cpu::write(uint64_t va, unsigned size, uint64_t value, const MemOp& op) {
  const uint64_t page = va >> 12;
  const HostEntry& e = host_write_[page % kHostEntries];
  if (e.tag == page && (va & (size - 1)) == 0 && !op.unpriv) [[likely]] {
    count_hit(e.tie, dclock_);
    std::memcpy(e.host + (va & kPageMask), &value, size);
    return true;
  }
  return data_access_slow(va, size, &value, true, op);
}

bool Cpu::read128(uint64_t va, uint64_t out[2], const MemOp& op) {
  const uint64_t page = va >> 12;
  const HostEntry& e = host_read_[page % kHostEntries];
  if (e.tag == page && (va & 15) == 0 && !op.unpriv) [[likely]] {
    count_hit(e.tie, dclock_);
    std::memcpy(out, e.host + (va & kPageMask), 16);
    return true;
  }
  return data_access_slow(va, 16, out, false, op);
}

bool Cpu::write128(uint64_t va, const uint64_t value[2], const MemOp& op) {
  const uint64_t page = va >> 12;
  const HostEntry& e = host_write_[page % kHostEntries];
  if (e.tag == page && (va & 15) == 0 && !op.unpriv) [[likely]] {
    count_hit(e.tie, dclock_);
    std::memcpy(e.host + (va & kPageMask), value, 16);
    return true;
  }
  uint64_t tmp[2] = {value[0], value[1]};
  return data_access_slow(va, 16, tmp, true, op);
}

bool Cpu::translate_data(uint64_t va, mmu::AccessType type, unsigned size, const MemOp& op,
                         uint64_t& pa) {
  const mmu::TranslationRegs regs = translation_regs(op.unpriv && pstate_.el == 1);
  const mmu::Translation t = tlb_.translate(regs, va, type, tlb_tie_);
  const bool write = type == mmu::AccessType::Write;
  if (!t.ok()) {
    MemOp o = op;
    if (o.size == 0) o.size = static_cast<uint8_t>(size);
    return raise_data_abort(va, t.fault, write, o);
  }
  // Alignment (Arm ARM B2.5.2): exclusives and ordered accesses always, and every
  // access to Device memory, must be aligned to their size.
  const bool must_align = op.exclusive || op.ordered || t.mem == mmu::MemType::Device ||
                          ((regs.sctlr >> 1) & 1) /* SCTLR_ELx.A */;
  if (must_align && (va & (size - 1)) != 0) {
    mmu::Fault f;
    f.kind = mmu::FaultKind::Alignment;
    return raise_data_abort(va, f, write, op);
  }
  pa = t.pa;
  return true;
}

bool Cpu::check_sp_alignment() {
  if ((sp() & 15) == 0) [[likely]]
    return true;
  const unsigned el = pstate_.el;
  const uint64_t sctlr = el == 2 ? sr_.SCTLR_EL2 : sr_.SCTLR_EL1;
  const bool check = el == 0 ? ((sctlr >> 4) & 1) /* SA0 */ : ((sctlr >> 3) & 1) /* SA */;
  if (!check) return true;
  Exception e;
  e.ec = Ec::SPAlign;
  e.iss = 0;
  e.return_address = pc_;
  e.target_el = route_sync_target();
  return raise(e);
}

bool Cpu::data_access_slow(uint64_t va, unsigned size, void* data, bool write, const MemOp& op_in) {
  MemOp op = op_in;
  op.size = static_cast<uint8_t>(size);
  const auto type = write ? mmu::AccessType::Write : mmu::AccessType::Read;
  // An access that crosses a page is made byte by byte after both translations
  // succeed (Normal memory only: a Device access that is unaligned faults above).
  if ((va & kPageMask) + size > 0x1000) {
    uint64_t pa_first, pa_last;
    if (!translate_data(va, type, size, op, pa_first)) return false;
    if (!translate_data(va + size - 1, type, 1, op, pa_last)) return false;
    auto* bytes = static_cast<uint8_t*>(data);
    for (unsigned i = 0; i < size; ++i) {
      uint64_t pa;
      if (!translate_data(va + i, type, 1, op, pa)) return false;
      const auto r = write ? bus_.write(pa, bytes + i, 1) : bus_.read(pa, bytes + i, 1);
      if (r != mmu::BusResult::Ok) {
        mmu::Fault f;
        f.kind = mmu::FaultKind::SyncExternal;
        return raise_data_abort(va + i, f, write, op);
      }
    }
    return true;
  }
  uint64_t pa;
  if (!translate_data(va, type, size, op, pa)) return false;
  if (uint8_t* host = bus_.host_page(pa & ~kPageMask, write)) {
    if (write)
      std::memcpy(host + (pa & kPageMask), data, size);
    else
      std::memcpy(data, host + (pa & kPageMask), size);
    // Fill the speed cache for ordinary accesses at the current EL, tied to the
    // TLB entry that holds the translation.
    if (!op.unpriv && tlb_tie_) {
      const uint64_t page = va >> 12;
      HostEntry& e = (write ? host_write_ : host_read_)[page % kHostEntries];
      e.tag = page;
      e.host = host;
      e.tie = tlb_tie_;
    }
    return true;
  }
  const auto r = write ? bus_.write(pa, data, size) : bus_.read(pa, data, size);
  if (r != mmu::BusResult::Ok) {
    mmu::Fault f;
    f.kind = mmu::FaultKind::SyncExternal;
    return raise_data_abort(va, f, write, op);
  }
  return true;
}

uint32_t fault_status_code(const mmu::Fault& f) {
  switch (f.kind) {
    case mmu::FaultKind::AddressSize:
      return fsc::AddressSize(f.level);
    case mmu::FaultKind::Translation:
      return fsc::Translation(f.level);
    case mmu::FaultKind::AccessFlag:
      return fsc::AccessFlag(f.level);
    case mmu::FaultKind::Permission:
      return fsc::Permission(f.level);
    case mmu::FaultKind::Alignment:
      return fsc::kAlignment;
    case mmu::FaultKind::SyncExternal:
      return fsc::kSyncExternal;
    case mmu::FaultKind::SyncExternalOnWalk:
      return fsc::kSyncExternalOnWalk(f.level);
    case mmu::FaultKind::None:
      break;
  }
  return 0;
}

bool Cpu::raise_data_abort(uint64_t va, const mmu::Fault& f, bool write, const MemOp& op) {
  Exception e;
  e.return_address = pc_;
  e.far_valid = true;
  e.far = va;
  const int target = f.stage2 ? 2 : route_sync_target();
  e.target_el = target;
  e.ec = target > static_cast<int>(pstate_.el) ? Ec::DataAbortLower : Ec::DataAbortSame;
  uint32_t iss = fault_status_code(f);
  // WnR: 1 for cache maintenance and AT; 0 for a stage-2 fault on a stage-1 walk,
  // which only reads descriptors here (no hardware descriptor updates).
  if ((write && !f.s1ptw) || op.cache_maint) iss |= 1u << 6;
  if (op.cache_maint) iss |= 1u << 8;  // CM
  if (f.s1ptw) iss |= 1u << 7;         // S1PTW
  // The instruction syndrome, for a hypervisor to emulate the access: stage-2 aborts
  // taken to EL2 (not on a stage-1 walk) of single-register loads and stores.
  if (op.syndrome_valid && f.stage2 && !f.s1ptw && target == 2 && !op.cache_maint) {
    const unsigned sas = op.size >= 8 ? 3 : op.size >= 4 ? 2 : op.size >= 2 ? 1 : 0;
    iss |= 1u << 24;                                // ISV
    iss |= sas << 22;                               // SAS
    if (op.sign_extend && !write) iss |= 1u << 21;  // SSE
    iss |= uint32_t{op.rt & 31u} << 16;             // SRT
    if (op.sf) iss |= 1u << 15;                     // SF
    if (op.acqrel) iss |= 1u << 14;                 // AR
  }
  if (f.stage2) {
    e.ipa_valid = true;
    e.ipa = f.ipa;
  }
  e.iss = iss;
  return raise(e);
}

bool Cpu::raise_insn_abort(uint64_t va, const mmu::Fault& f) {
  Exception e;
  e.return_address = pc_;
  e.far_valid = true;
  e.far = va;
  const int target = f.stage2 ? 2 : route_sync_target();
  e.target_el = target;
  e.ec = target > static_cast<int>(pstate_.el) ? Ec::InsnAbortLower : Ec::InsnAbortSame;
  uint32_t iss = fault_status_code(f);
  if (f.s1ptw) iss |= 1u << 7;
  if (f.stage2) {
    e.ipa_valid = true;
    e.ipa = f.ipa;
  }
  e.iss = iss;
  return raise(e);
}

}  // namespace isa

namespace isa {

uint64_t SystemHooks::physical_count(const Cpu& cpu) { return cpu.instructions_retired(); }

}  // namespace isa
