#include "gic/gicv2.h"

#include <algorithm>
#include <bit>

namespace gic {

namespace {

constexpr uint32_t kIdle = 0x100;  // running priority with nothing active
constexpr unsigned kMinBpr = 0, kVirtMinBpr = 2;
// GICD/GICC implementer: Arm (0x43B), as QEMU's GICv2 reports it.
constexpr uint32_t kGicdIidr = 0x0000043B;
constexpr uint32_t kGiccIidr = 0x0002043B;  // architecture version 2
// Peripheral and component ID registers at 0xFD0..0xFFC (QEMU's gic_id_gicv2).
constexpr uint8_t kIdRegs[12] = {0x04, 0x00, 0x00, 0x00, 0x90, 0xB4,
                                 0x2B, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

// GICH_VMCR fields.
constexpr uint32_t VMCR_CtlMask = 0x21F;  // VMGrp0En VMGrp1En VMAckCtl VMFIQEn VMCBPR, VEM
constexpr unsigned VMCR_ABP = 18, VMCR_BP = 21, VMCR_PriMask = 27;

uint32_t vmcr_field(uint32_t vmcr, unsigned shift, unsigned bits) {
  return (vmcr >> shift) & ((1u << bits) - 1);
}

}  // namespace

Gicv2::Gicv2(const Config& cfg) : cfg_(cfg) {
  cfg_.num_cpus = std::clamp(cfg_.num_cpus, 1u, kMaxCpus);
  cfg_.num_irqs = std::clamp((cfg_.num_irqs + 31) / 32 * 32, 32u, 1020u / 32 * 32);
  cfg_.num_lrs = std::clamp(cfg_.num_lrs, 1u, kMaxLrs);
  banked_.resize(cfg_.num_cpus);
  spi_.resize(cfg_.num_irqs - 32);
  sgi_pending_.resize(cfg_.num_cpus);
  cpuif_.resize(cfg_.num_cpus);
  virt_.resize(cfg_.num_cpus);
  out_.resize(cfg_.num_cpus);
  reset();
}

void Gicv2::reset() {
  dist_ctlr_ = 0;
  for (unsigned c = 0; c < cfg_.num_cpus; ++c) {
    for (unsigned i = 0; i < 32; ++i) {
      const bool level = banked_[c][i].level;  // input lines keep their level
      banked_[c][i] = Irq{};
      banked_[c][i].level = level;
      if (i < 16) {
        banked_[c][i].enabled = true;  // SGIs are permanently enabled (RAO/WI)
        banked_[c][i].edge = true;
      }
    }
    sgi_pending_[c] = {};
    cpuif_[c] = CpuIf{};
    cpuif_[c].bpr = kMinBpr;
    cpuif_[c].abpr = kMinBpr + 1;
    virt_[c] = VirtIf{};
    virt_[c].vmcr = (kVirtMinBpr << VMCR_BP) | ((kVirtMinBpr + 1) << VMCR_ABP);
  }
  for (auto& s : spi_) {
    const bool level = s.level;
    s = Irq{};
    s.level = level;
  }
  update();
}

// ---------------------------------------------------------------------------
// Interrupt state

bool Gicv2::pending(unsigned cpu, unsigned intid) const {
  if (intid < 16) return sgi_pending_[cpu][intid] != 0;
  const Irq& s = irq_state(cpu, intid);
  return s.latch || (!s.edge && s.level);
}

bool Gicv2::is_pending(unsigned cpu, unsigned intid) const { return pending(cpu, intid); }
bool Gicv2::is_active(unsigned cpu, unsigned intid) const { return irq_state(cpu, intid).active; }

bool Gicv2::targets_cpu(unsigned cpu, unsigned intid) const {
  // With one processor every interrupt targets it (and ITARGETSR is RAZ/WI).
  return intid < 32 || cfg_.num_cpus == 1 || (spi_[intid - 32].targets >> cpu) & 1;
}

void Gicv2::set_pending(unsigned cpu, unsigned intid, bool v) { irq_state(cpu, intid).latch = v; }

void Gicv2::set_ppi(unsigned cpu, unsigned intid, bool level) {
  if (cpu >= cfg_.num_cpus || intid < 16 || intid >= 32) return;
  Irq& s = banked_[cpu][intid];
  if (level && !s.level && s.edge) s.latch = true;
  s.level = level;
  update();
}

void Gicv2::set_spi(unsigned intid, bool level) {
  if (intid < 32 || intid >= cfg_.num_irqs) return;
  Irq& s = spi_[intid - 32];
  if (level && !s.level && s.edge) s.latch = true;
  s.level = level;
  update();
}

// Group priority: the priority with the subpriority bits (per GICC_BPR, or GICC_ABPR
// for Group 1 when CBPR is clear) masked out (IHI 0048B 3.3.3).
uint32_t Gicv2::group_priority(unsigned cpu, unsigned intid) const {
  const CpuIf& ci = cpuif_[cpu];
  const Irq& s = irq_state(cpu, intid);
  const unsigned bpr = (s.group && !(ci.ctlr & CTLR_CBPR)) ? ci.abpr - 1 : ci.bpr;
  return s.priority & (0xFFu << ((bpr & 7) + 1)) & 0xFF;
}

uint32_t Gicv2::running_priority(unsigned cpu) const {
  const CpuIf& ci = cpuif_[cpu];
  for (unsigned i = 0; i < 4; ++i) {
    const uint32_t bits = ci.apr[i] | ci.nsapr[i];
    if (bits) return ((i * 32) + std::countr_zero(bits)) << (kMinBpr + 1);
  }
  return kIdle;
}

unsigned Gicv2::highest_pending(unsigned cpu) const {
  // Interrupts of a group the distributor does not forward are ignored; if the highest
  // priority one left is of a group the CPU interface does not signal, there is none
  // (GICC_IAR and GICC_HPPIR read 1023: IHI 0048B 4.4.4 and 4.4.8).
  const uint32_t dist_groups = dist_ctlr_ & 3;
  if (!dist_groups) return kSpurious;
  unsigned best = kSpurious;
  uint32_t best_prio = kIdle;
  for (unsigned id = 0; id < cfg_.num_irqs; ++id) {
    const Irq& s = irq_state(cpu, id);
    if (!s.enabled || s.active || !pending(cpu, id) || !targets_cpu(cpu, id)) continue;
    if (!((dist_groups >> (s.group ? 1 : 0)) & 1)) continue;
    if (s.priority < best_prio) {
      best_prio = s.priority;
      best = id;
    }
  }
  if (best == kSpurious) return kSpurious;
  // Only an interrupt above the priority mask is a candidate (QEMU's current_pending).
  if (best_prio >= cpuif_[cpu].pmr) return kSpurious;
  if (!((cpuif_[cpu].ctlr >> (irq_state(cpu, best).group ? 1 : 0)) & 1)) return kSpurious;
  return best;
}

uint32_t Gicv2::hppir(unsigned cpu, bool alias) const {
  const unsigned id = highest_pending(cpu);
  if (id == kSpurious) return kSpurious;
  const bool grp1 = irq_state(cpu, id).group;
  if (alias && !grp1) return kSpurious;
  if (!alias && grp1 && !(cpuif_[cpu].ctlr & CTLR_AckCtl)) return 1022;
  uint32_t v = id;
  if (id < 16) v |= static_cast<uint32_t>(std::countr_zero(sgi_pending_[cpu][id])) << 10;
  return v;
}

uint32_t Gicv2::acknowledge(unsigned cpu, bool alias) {
  const uint32_t h = hppir(cpu, alias);
  const unsigned id = h & 0x3FF;
  if (id >= 1020) return h;
  if (group_priority(cpu, id) >= running_priority(cpu)) return kSpurious;
  Irq& s = irq_state(cpu, id);
  uint32_t ret = id;
  if (id < 16) {
    const unsigned src = std::countr_zero(sgi_pending_[cpu][id]);
    sgi_pending_[cpu][id] &= static_cast<uint8_t>(~(1u << src));
    cpuif_[cpu].sgi_active_src[id] = static_cast<uint8_t>(src);
    ret |= src << 10;
  } else {
    s.latch = false;  // a level source still asserted stays pending (active and pending)
  }
  s.active = true;
  const unsigned level = group_priority(cpu, id) >> (kMinBpr + 1);
  auto& apr = s.group ? cpuif_[cpu].nsapr : cpuif_[cpu].apr;
  apr[level / 32] |= 1u << (level % 32);
  update();
  return ret;
}

void Gicv2::deactivate(unsigned cpu, unsigned intid) {
  if (intid >= cfg_.num_irqs) return;
  irq_state(cpu, intid).active = false;
}

void Gicv2::end_of_interrupt(unsigned cpu, uint32_t value, bool alias) {
  const unsigned id = value & 0x3FF;
  if (id >= cfg_.num_irqs) return;  // spurious IDs and IDs out of range are ignored
  CpuIf& ci = cpuif_[cpu];
  if (running_priority(cpu) == kIdle) return;  // nothing active
  const bool grp1 = irq_state(cpu, id).group;
  if (alias && !grp1) return;
  // Priority drop: the highest active priority of the interrupt's group.
  auto& apr = grp1 ? ci.nsapr : ci.apr;
  for (auto& word : apr) {
    if (word) {
      word &= word - 1;
      break;
    }
  }
  if (!(ci.ctlr & CTLR_EOImode)) deactivate(cpu, id);
  update();
}

// ---------------------------------------------------------------------------
// Distributor

uint8_t Gicv2::dist_read_byte(unsigned cpu, uint32_t off) {
  const auto word_byte = [&](uint32_t v) { return static_cast<uint8_t>(v >> ((off & 3) * 8)); };
  if (off < 0x80) {
    switch (off & ~3u) {
      case GICD_CTLR:
        return word_byte(dist_ctlr_);
      case GICD_TYPER:
        return word_byte((cfg_.num_irqs / 32 - 1) | ((cfg_.num_cpus - 1) << 5));
      case GICD_IIDR:
        return word_byte(kGicdIidr);
      default:
        return 0;
    }
  }
  if (off >= 0x1000) return 0;  // past the distributor (GicModule does not forward these)
  if (off >= 0xFD0) return (off & 3) == 0 ? kIdRegs[(off - 0xFD0) / 4] : 0;
  if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10) {
    return sgi_pending_[cpu][(off - GICD_CPENDSGIR) & 0xF];
  }
  if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR) {
    const unsigned id = off - GICD_IPRIORITYR;
    return id < cfg_.num_irqs ? irq_state(cpu, id).priority : 0;
  }
  if (off >= GICD_ITARGETSR && off < GICD_ICFGR) {
    // IHI 0048B 4.3.12: in a uniprocessor implementation RAZ/WI (as QEMU).
    const unsigned id = off - GICD_ITARGETSR;
    if (id >= cfg_.num_irqs || cfg_.num_cpus == 1) return 0;
    if (id < 32) return static_cast<uint8_t>(1u << cpu);
    return spi_[id - 32].targets;
  }
  if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
    const unsigned first = (off - GICD_ICFGR) * 4;
    uint8_t v = 0;
    for (unsigned i = 0; i < 4 && first + i < cfg_.num_irqs; ++i)
      if (irq_state(cpu, first + i).edge) v |= 2u << (i * 2);
    return v;
  }
  if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
    const unsigned reg = (off - GICD_IGROUPR) / 0x80;  // 0 IGROUPR .. 7 ICACTIVER
    const unsigned first = ((off - GICD_IGROUPR) % 0x80) * 8;
    uint8_t v = 0;
    for (unsigned i = 0; i < 8 && first + i < cfg_.num_irqs; ++i) {
      const unsigned id = first + i;
      const Irq& s = irq_state(cpu, id);
      bool bit = false;
      switch (reg) {
        case 0:
          bit = s.group;
          break;
        case 1:
        case 2:
          bit = s.enabled;
          break;
        case 3:
        case 4:
          bit = pending(cpu, id);
          break;
        case 5:
        case 6:
          bit = s.active;
          break;
        default:
          break;
      }
      if (bit) v |= static_cast<uint8_t>(1u << i);
    }
    return v;
  }
  return 0;
}

void Gicv2::dist_write_byte(unsigned cpu, uint32_t off, uint8_t value) {
  if (off < 0x80) {
    if (off == GICD_CTLR) dist_ctlr_ = value & 3;  // EnableGrp0, EnableGrp1
    return;
  }
  if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10) {
    const unsigned id = (off - GICD_CPENDSGIR) & 0xF;
    const uint8_t mask = static_cast<uint8_t>((1u << cfg_.num_cpus) - 1);
    if (off < GICD_SPENDSGIR)
      sgi_pending_[cpu][id] &= static_cast<uint8_t>(~value);
    else
      sgi_pending_[cpu][id] |= value & mask;
    return;
  }
  if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR) {
    const unsigned id = off - GICD_IPRIORITYR;
    if (id < cfg_.num_irqs) irq_state(cpu, id).priority = value;
    return;
  }
  if (off >= GICD_ITARGETSR && off < GICD_ICFGR) {
    const unsigned id = off - GICD_ITARGETSR;
    // SGIs and PPIs: read-only. Bits of CPUs that do not exist are not stored.
    if (id >= 32 && id < cfg_.num_irqs && cfg_.num_cpus > 1)
      spi_[id - 32].targets = value & static_cast<uint8_t>((1u << cfg_.num_cpus) - 1);
    return;
  }
  if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
    const unsigned first = (off - GICD_ICFGR) * 4;
    for (unsigned i = 0; i < 4 && first + i < cfg_.num_irqs; ++i) {
      const unsigned id = first + i;
      if (id < 16) continue;  // SGIs are always edge-triggered
      irq_state(cpu, id).edge = (value >> (i * 2 + 1)) & 1;
    }
    return;
  }
  if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
    const unsigned reg = (off - GICD_IGROUPR) / 0x80;
    const unsigned first = ((off - GICD_IGROUPR) % 0x80) * 8;
    for (unsigned i = 0; i < 8 && first + i < cfg_.num_irqs; ++i) {
      if (!((value >> i) & 1)) continue;
      const unsigned id = first + i;
      Irq& s = irq_state(cpu, id);
      switch (reg) {
        case 0:
          break;
        case 1:
          s.enabled = true;
          break;
        case 2:
          if (id >= 16) s.enabled = false;
          break;
        case 3:
          if (id >= 16) s.latch = true;  // SGIs: GICD_SPENDSGIR
          break;
        case 4:
          if (id >= 16) s.latch = false;
          break;
        case 5:
          s.active = true;
          break;
        case 6:
          s.active = false;
          break;
        default:
          break;
      }
    }
    if (reg == 0) {
      for (unsigned i = 0; i < 8 && first + i < cfg_.num_irqs; ++i)
        irq_state(cpu, first + i).group = (value >> i) & 1;
    }
  }
}

void Gicv2::write_sgir(unsigned cpu, uint32_t value) {
  const unsigned id = value & 0xF;
  const unsigned filter = (value >> 24) & 3;
  uint32_t targets = 0;
  switch (filter) {
    case 0:
      targets = (value >> 16) & 0xFF;
      break;
    case 1:
      targets = ~(1u << cpu);
      break;
    case 2:
      targets = 1u << cpu;
      break;
    default:
      return;  // reserved
  }
  for (unsigned t = 0; t < cfg_.num_cpus; ++t)
    if ((targets >> t) & 1) sgi_pending_[t][id] |= static_cast<uint8_t>(1u << cpu);
}

uint32_t Gicv2::dist_read(unsigned cpu, uint32_t offset, unsigned size) {
  ++accesses_;
  if (offset == GICD_SGIR) return 0;  // write-only
  uint32_t v = 0;
  for (unsigned i = 0; i < size; ++i) v |= uint32_t{dist_read_byte(cpu, offset + i)} << (i * 8);
  return v;
}

void Gicv2::dist_write(unsigned cpu, uint32_t offset, unsigned size, uint32_t value) {
  ++accesses_;
  if (offset >= GICD_SGIR && offset < GICD_SGIR + 4) {
    if (offset == GICD_SGIR && size == 4) write_sgir(cpu, value);
  } else {
    for (unsigned i = 0; i < size; ++i)
      dist_write_byte(cpu, offset + i, static_cast<uint8_t>(value >> (i * 8)));
  }
  update();
}

// ---------------------------------------------------------------------------
// CPU interface

uint32_t Gicv2::cpu_read(unsigned cpu, uint32_t offset) {
  ++accesses_;
  CpuIf& ci = cpuif_[cpu];
  switch (offset) {
    case GICC_CTLR:
      return ci.ctlr;
    case GICC_PMR:
      return ci.pmr;
    case GICC_BPR:
      return ci.bpr;
    case GICC_IAR:
      return acknowledge(cpu, false);
    case GICC_RPR:
      return running_priority(cpu) == kIdle ? 0xFF : running_priority(cpu);
    case GICC_HPPIR:
      return hppir(cpu, false);
    case GICC_ABPR:
      return ci.abpr;
    case GICC_AIAR:
      return acknowledge(cpu, true);
    case GICC_AHPPIR:
      return hppir(cpu, true);
    case GICC_IIDR:
      return kGiccIidr;
    default:
      break;
  }
  if (offset >= GICC_APR0 && offset < GICC_APR0 + 16) return ci.apr[(offset - GICC_APR0) / 4];
  if (offset >= GICC_NSAPR0 && offset < GICC_NSAPR0 + 16)
    return ci.nsapr[(offset - GICC_NSAPR0) / 4];
  return 0;
}

void Gicv2::cpu_write(unsigned cpu, uint32_t offset, uint32_t value) {
  ++accesses_;
  CpuIf& ci = cpuif_[cpu];
  switch (offset) {
    case GICC_CTLR:
      // Without the Security Extensions: EnableGrp0/1, AckCtl, FIQEn, CBPR, EOImode.
      // No interrupt bypass, so its disable bits (5-8) are RAZ/WI (as QEMU).
      ci.ctlr = value & 0x21F;
      break;
    case GICC_PMR:
      ci.pmr = value & 0xFF;
      break;
    case GICC_BPR:
      ci.bpr = std::max(value & 7, kMinBpr);
      break;
    case GICC_ABPR:
      ci.abpr = std::max(value & 7, kMinBpr + 1);
      break;
    case GICC_EOIR:
      end_of_interrupt(cpu, value, false);
      break;
    case GICC_AEOIR:
      end_of_interrupt(cpu, value, true);
      break;
    case GICC_DIR:
      if (ci.ctlr & CTLR_EOImode) deactivate(cpu, value & 0x3FF);
      break;
    default:
      if (offset >= GICC_APR0 && offset < GICC_APR0 + 16) ci.apr[(offset - GICC_APR0) / 4] = value;
      if (offset >= GICC_NSAPR0 && offset < GICC_NSAPR0 + 16)
        ci.nsapr[(offset - GICC_NSAPR0) / 4] = value;
      break;
  }
  update();
}

// ---------------------------------------------------------------------------
// Virtual interface control (GICH)

uint32_t Gicv2::misr(unsigned cpu) const {
  const VirtIf& v = virt_[cpu];
  uint32_t m = 0;
  unsigned valid = 0;
  bool any_pending = false;
  for (unsigned n = 0; n < cfg_.num_lrs; ++n) {
    if (lr_state(cpu, n) != 0) ++valid;
    if (lr_state(cpu, n) == 1) any_pending = true;
  }
  if (eisr(cpu)) m |= 1u << 0;
  if ((v.hcr & HCR_UIE) && valid <= 1) m |= 1u << 1;
  if ((v.hcr & HCR_LRENPIE) && (v.hcr >> 27)) m |= 1u << 2;
  if ((v.hcr & HCR_NPIE) && !any_pending) m |= 1u << 3;
  const bool g0 = v.vmcr & 1, g1 = v.vmcr & 2;
  if ((v.hcr & HCR_VGrp0EIE) && g0) m |= 1u << 4;
  if ((v.hcr & HCR_VGrp0DIE) && !g0) m |= 1u << 5;
  if ((v.hcr & HCR_VGrp1EIE) && g1) m |= 1u << 6;
  if ((v.hcr & HCR_VGrp1DIE) && !g1) m |= 1u << 7;
  return m;
}

uint64_t Gicv2::eisr(unsigned cpu) const {
  uint64_t bits = 0;
  for (unsigned n = 0; n < cfg_.num_lrs; ++n) {
    const uint32_t lr = virt_[cpu].lr[n];
    if (lr_state(cpu, n) == 0 && !(lr & LR_HW) && (lr & LR_EOI)) bits |= 1ull << n;
  }
  return bits;
}

uint64_t Gicv2::elrsr(unsigned cpu) const {
  uint64_t bits = 0;
  for (unsigned n = 0; n < cfg_.num_lrs; ++n) {
    const uint32_t lr = virt_[cpu].lr[n];
    if (lr_state(cpu, n) == 0 && ((lr & LR_HW) || !(lr & LR_EOI))) bits |= 1ull << n;
  }
  return bits;
}

uint32_t Gicv2::hyp_read(unsigned cpu, uint32_t offset) {
  ++accesses_;
  if (!cfg_.virtualization) return 0;
  const VirtIf& v = virt_[cpu];
  switch (offset) {
    case GICH_HCR:
      return v.hcr;
    case GICH_VTR:  // PRIbits 5, PREbits 5, ListRegs
      return (4u << 29) | (4u << 26) | (cfg_.num_lrs - 1);
    case GICH_VMCR:
      return v.vmcr;
    case GICH_MISR:
      return misr(cpu);
    case GICH_EISR0:
      return static_cast<uint32_t>(eisr(cpu));
    case GICH_EISR1:
      return static_cast<uint32_t>(eisr(cpu) >> 32);
    case GICH_ELRSR0:
      return static_cast<uint32_t>(elrsr(cpu));
    case GICH_ELRSR1:
      return static_cast<uint32_t>(elrsr(cpu) >> 32);
    case GICH_APR:
      return v.apr;
    default:
      break;
  }
  if (offset >= GICH_LR0 && offset < GICH_LR0 + 4 * cfg_.num_lrs)
    return v.lr[(offset - GICH_LR0) / 4];
  return 0;
}

void Gicv2::hyp_write(unsigned cpu, uint32_t offset, uint32_t value) {
  ++accesses_;
  if (!cfg_.virtualization) return;
  VirtIf& v = virt_[cpu];
  switch (offset) {
    case GICH_HCR:
      v.hcr = value & 0xF80000FF;
      break;
    case GICH_VMCR: {
      const uint32_t bp = std::max(vmcr_field(value, VMCR_BP, 3), kVirtMinBpr);
      const uint32_t abp = std::max(vmcr_field(value, VMCR_ABP, 3), kVirtMinBpr + 1);
      v.vmcr =
          (value & (VMCR_CtlMask | (0x1Fu << VMCR_PriMask))) | (bp << VMCR_BP) | (abp << VMCR_ABP);
      break;
    }
    case GICH_APR:
      v.apr = value;
      break;
    default:
      if (offset >= GICH_LR0 && offset < GICH_LR0 + 4 * cfg_.num_lrs)
        v.lr[(offset - GICH_LR0) / 4] = value & 0xFF8FFFFF;  // bits [22:20] reserved
      break;
  }
  update();
}

// ---------------------------------------------------------------------------
// Virtual CPU interface (GICV): the guest's view, operating on the list registers

uint32_t Gicv2::vgroup_priority(unsigned cpu, uint32_t prio, bool grp1) const {
  const uint32_t vmcr = virt_[cpu].vmcr;
  const unsigned bpr = (grp1 && !(vmcr & (1u << 4))) ? vmcr_field(vmcr, VMCR_ABP, 3) - 1
                                                     : vmcr_field(vmcr, VMCR_BP, 3);
  return prio & (0xFFu << ((bpr & 7) + 1)) & 0xFF;
}

uint32_t Gicv2::vrunning_priority(unsigned cpu) const {
  const uint32_t apr = virt_[cpu].apr;
  return apr ? static_cast<uint32_t>(std::countr_zero(apr)) << (kVirtMinBpr + 1) : kIdle;
}

int Gicv2::vhighest_pending(unsigned cpu) const {
  // Nothing is pending for the virtual CPU interface while GICH_HCR.En is clear: GICV_IAR
  // and GICV_HPPIR read 1023 (IHI 0048B chapter 5, GICV_IAR).
  if (!(virt_[cpu].hcr & HCR_En)) return -1;
  const uint32_t vmcr = virt_[cpu].vmcr;
  int best = -1;
  uint32_t best_prio = kIdle;
  for (unsigned n = 0; n < cfg_.num_lrs; ++n) {
    if (lr_state(cpu, n) != 1) continue;
    const bool grp1 = lr_group1(cpu, n);
    if (!((vmcr >> (grp1 ? 1 : 0)) & 1)) continue;
    if (lr_priority(cpu, n) < best_prio) {
      best_prio = lr_priority(cpu, n);
      best = static_cast<int>(n);
    }
  }
  if (best >= 0 && best_prio >= (vmcr_field(vmcr, VMCR_PriMask, 5) << 3)) return -1;
  return best;
}

uint32_t Gicv2::vacknowledge(unsigned cpu, bool alias) {
  const int n = vhighest_pending(cpu);
  if (n < 0) return kSpurious;
  VirtIf& v = virt_[cpu];
  const bool grp1 = lr_group1(cpu, n);
  if (alias && !grp1) return kSpurious;
  if (!alias && grp1 && !(v.vmcr & (1u << 2))) return 1022;
  const uint32_t gp = vgroup_priority(cpu, lr_priority(cpu, n), grp1);
  if (gp >= vrunning_priority(cpu)) return kSpurious;
  uint32_t& lr = v.lr[n];
  lr = (lr & ~(3u << LR_StateShift)) | (2u << LR_StateShift);  // pending -> active
  v.apr |= 1u << (gp >> (kVirtMinBpr + 1));
  uint32_t ret = lr & 0x3FF;
  if (ret < 16 && !(lr & LR_HW)) ret |= lr & (7u << 10);  // the SGI's source CPU
  update();
  return ret;
}

bool Gicv2::vdeactivate(unsigned cpu, uint32_t value) {
  VirtIf& v = virt_[cpu];
  const unsigned id = value & 0x3FF;
  for (unsigned n = 0; n < cfg_.num_lrs; ++n) {
    uint32_t& lr = v.lr[n];
    if ((lr & 0x3FF) != id || !(lr_state(cpu, n) & 2)) continue;
    if (id < 16 && !(lr & LR_HW) && ((lr ^ value) & (7u << 10))) continue;
    lr &= ~(2u << LR_StateShift);
    if (lr & LR_HW) {
      const unsigned pid = (lr >> 10) & 0x3FF;
      if (pid >= 16) deactivate(cpu, pid);
    }
    return true;
  }
  return false;
}

void Gicv2::count_eoi(unsigned cpu) {
  VirtIf& v = virt_[cpu];
  const uint32_t count = ((v.hcr >> 27) + 1) & 0x1F;
  v.hcr = (v.hcr & ~(0x1Fu << 27)) | (count << 27);
}

void Gicv2::veoi(unsigned cpu, uint32_t value) {
  const unsigned id = value & 0x3FF;
  if (id >= 1020) return;
  VirtIf& v = virt_[cpu];
  const bool dropped = v.apr != 0;
  if (dropped) v.apr &= v.apr - 1;  // priority drop
  // An EOI that matches no list register is counted in GICH_HCR.EOICount, but only
  // one that dropped a priority (IHI 0048B 5.3.1).
  if (!(v.vmcr & CTLR_EOImode) && !vdeactivate(cpu, value) && dropped) count_eoi(cpu);
}

uint32_t Gicv2::vctlr(unsigned cpu) const { return virt_[cpu].vmcr & VMCR_CtlMask; }

void Gicv2::set_vctlr(unsigned cpu, uint32_t value) {
  uint32_t& vmcr = virt_[cpu].vmcr;
  vmcr = (vmcr & ~VMCR_CtlMask) | (value & VMCR_CtlMask);
}

uint32_t Gicv2::vcpu_read(unsigned cpu, uint32_t offset) {
  ++accesses_;
  if (!cfg_.virtualization) return 0;
  const VirtIf& v = virt_[cpu];
  switch (offset) {
    case GICC_CTLR:
      return vctlr(cpu);
    case GICC_PMR:
      return vmcr_field(v.vmcr, VMCR_PriMask, 5) << 3;
    case GICC_BPR:
      return vmcr_field(v.vmcr, VMCR_BP, 3);
    case GICC_ABPR:
      return vmcr_field(v.vmcr, VMCR_ABP, 3);
    case GICC_IAR:
      return vacknowledge(cpu, false);
    case GICC_AIAR:
      return vacknowledge(cpu, true);
    case GICC_RPR:
      return vrunning_priority(cpu) == kIdle ? 0xFF : vrunning_priority(cpu);
    case GICC_HPPIR:
    case GICC_AHPPIR: {
      const int n = vhighest_pending(cpu);
      if (n < 0) return kSpurious;
      const uint32_t lr = v.lr[n];
      const bool grp1 = lr & LR_Grp1;
      if (offset == GICC_AHPPIR && !grp1) return kSpurious;
      if (offset == GICC_HPPIR && grp1 && !(v.vmcr & (1u << 2))) return 1022;
      uint32_t ret = lr & 0x3FF;
      if (ret < 16 && !(lr & LR_HW)) ret |= lr & (7u << 10);
      return ret;
    }
    case GICC_APR0:
      return v.apr;
    case GICC_IIDR:
      return kGiccIidr;
    default:
      return 0;
  }
}

void Gicv2::vcpu_write(unsigned cpu, uint32_t offset, uint32_t value) {
  ++accesses_;
  if (!cfg_.virtualization) return;
  VirtIf& v = virt_[cpu];
  switch (offset) {
    case GICC_CTLR:
      set_vctlr(cpu, value);
      break;
    case GICC_PMR:
      v.vmcr = (v.vmcr & ~(0x1Fu << VMCR_PriMask)) | (((value >> 3) & 0x1F) << VMCR_PriMask);
      break;
    case GICC_BPR:
      v.vmcr = (v.vmcr & ~(7u << VMCR_BP)) | (std::max(value & 7, kVirtMinBpr) << VMCR_BP);
      break;
    case GICC_ABPR:
      v.vmcr = (v.vmcr & ~(7u << VMCR_ABP)) | (std::max(value & 7, kVirtMinBpr + 1) << VMCR_ABP);
      break;
    case GICC_EOIR:
      veoi(cpu, value);
      break;
    case GICC_AEOIR:
      veoi(cpu, value);
      break;
    case GICC_DIR:
      // A spurious ID (1020-1023) is ignored, as by GICC_DIR: it is not counted in
      // EOICount either.
      if ((v.vmcr & CTLR_EOImode) && (value & 0x3FF) < 1020 && !vdeactivate(cpu, value))
        count_eoi(cpu);
      break;
    case GICC_APR0:
      v.apr = value;
      break;
    default:
      break;
  }
  update();
}

// ---------------------------------------------------------------------------
// Outputs

void Gicv2::update_cpu(unsigned cpu) {
  bool irq = false, fiq = false;
  const CpuIf& ci = cpuif_[cpu];
  // highest_pending() is spurious unless its interrupt's group is enabled in both
  // GICD_CTLR and GICC_CTLR.
  const unsigned id = highest_pending(cpu);
  if (id != kSpurious && group_priority(cpu, id) < running_priority(cpu)) {
    if (!irq_state(cpu, id).group && (ci.ctlr & CTLR_FIQEn))
      fiq = true;
    else
      irq = true;
  }
  Outputs& o = out_[cpu];
  if (o.irq != irq) {
    o.irq = irq;
    if (irq_out) irq_out(cpu, irq);
  }
  if (o.fiq != fiq) {
    o.fiq = fiq;
    if (fiq_out) fiq_out(cpu, fiq);
  }
}

void Gicv2::update_virtual(unsigned cpu) {
  bool virq = false, vfiq = false;
  const VirtIf& v = virt_[cpu];
  if (cfg_.virtualization) {
    const int n = vhighest_pending(cpu);  // -1 while GICH_HCR.En is clear
    if (n >= 0) {
      const bool grp1 = lr_group1(cpu, n);
      if (vgroup_priority(cpu, lr_priority(cpu, n), grp1) < vrunning_priority(cpu)) {
        if (!grp1 && (v.vmcr & (1u << 3)))
          vfiq = true;
        else
          virq = true;
      }
    }
  }
  Outputs& o = out_[cpu];
  if (o.virq != virq) {
    o.virq = virq;
    if (virq_out) virq_out(cpu, virq);
  }
  if (o.vfiq != vfiq) {
    o.vfiq = vfiq;
    if (vfiq_out) vfiq_out(cpu, vfiq);
  }
}

void Gicv2::update() {
  if (updating_) return;  // the callbacks may call back into the GIC
  updating_ = true;
  for (unsigned c = 0; c < cfg_.num_cpus; ++c) {
    if (cfg_.virtualization && cfg_.maintenance_intid >= 16 && cfg_.maintenance_intid < 32) {
      Irq& m = banked_[c][cfg_.maintenance_intid];
      const bool level = (virt_[c].hcr & HCR_En) && misr(c) != 0;
      if (level && !m.level && m.edge) m.latch = true;
      m.level = level;
    }
    update_virtual(c);
    update_cpu(c);
  }
  updating_ = false;
}

}  // namespace gic
