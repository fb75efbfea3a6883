// GICv2 with the virtualization extensions (Arm IHI 0048B): the distributor, the
// CPU interface, the virtual interface control (GICH) and the virtual CPU interface
// (GICV), as plain C++ register logic. The SystemC/TLM wrapper (gic/gic_module.h)
// serves bus accesses from it; unit tests drive it directly.
//
// Behaviour follows QEMU's hw/intc/arm_gic.c for a GICv2 without the Security
// Extensions (the virt board with secure=off), where that is architecturally right:
// 8 priority bits in the distributor, 5 in the list registers, BPR minimum 0 (2 for
// the virtual interface), active priorities kept per group in APR/NSAPR, the
// interrupt signalled only when its priority beats the PMR and the running priority,
// GICD_ITARGETSR RAZ/WI with one processor (every interrupt targets it), no interrupt
// bypass (GICC_CTLR bits 5-8 RAZ/WI). Where QEMU is wrong (with several processors,
// GICD_ITARGETSR bits for CPUs that do not exist read back as written there) this
// model follows the specification. GICD_CPENDSGIR/SPENDSGIR keep only the bits of
// source CPUs that exist (QEMU keeps all eight). The highest priority pending
// interrupt is chosen among the groups GICD_CTLR enables, and there is none (1023) if
// GICC_CTLR does not enable its group (QEMU chooses from every group once the
// distributor and the CPU interface each enable one, and GICC_IAR acknowledges it
// even if its group is disabled). tests/conformance/gic_diff.py compares the two
// access by access; docs/conformance.md lists where they differ.
//
// Outputs are levels reported through callbacks when they change: per CPU, IRQ, FIQ,
// virtual IRQ and virtual FIQ. The maintenance interrupt is the PPI
// kMaintenanceIntid, raised internally from GICH_MISR.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace gic {

struct Config {
  unsigned num_cpus = 1;       // 1..8
  unsigned num_irqs = 288;     // multiple of 32, 32..1020 (QEMU virt: 256 SPIs + 32)
  unsigned num_lrs = 4;        // list registers per virtual interface (QEMU: 4)
  bool virtualization = true;  // GICH/GICV present
  unsigned maintenance_intid = 25;
};

class Gicv2 {
 public:
  static constexpr unsigned kSpurious = 1023;
  static constexpr unsigned kMaxCpus = 8;
  static constexpr unsigned kMaxLrs = 64;

  // Register offsets inside each block.
  enum DistReg : uint32_t {
    GICD_CTLR = 0x000,
    GICD_TYPER = 0x004,
    GICD_IIDR = 0x008,
    GICD_IGROUPR = 0x080,
    GICD_ISENABLER = 0x100,
    GICD_ICENABLER = 0x180,
    GICD_ISPENDR = 0x200,
    GICD_ICPENDR = 0x280,
    GICD_ISACTIVER = 0x300,
    GICD_ICACTIVER = 0x380,
    GICD_IPRIORITYR = 0x400,
    GICD_ITARGETSR = 0x800,
    GICD_ICFGR = 0xC00,
    GICD_SGIR = 0xF00,
    GICD_CPENDSGIR = 0xF10,
    GICD_SPENDSGIR = 0xF20,
  };
  enum CpuReg : uint32_t {  // GICC_* and GICV_* share the layout
    GICC_CTLR = 0x00,
    GICC_PMR = 0x04,
    GICC_BPR = 0x08,
    GICC_IAR = 0x0C,
    GICC_EOIR = 0x10,
    GICC_RPR = 0x14,
    GICC_HPPIR = 0x18,
    GICC_ABPR = 0x1C,
    GICC_AIAR = 0x20,
    GICC_AEOIR = 0x24,
    GICC_AHPPIR = 0x28,
    GICC_APR0 = 0xD0,
    GICC_NSAPR0 = 0xE0,
    GICC_IIDR = 0xFC,
    GICC_DIR = 0x1000,
  };
  enum HypReg : uint32_t {
    GICH_HCR = 0x00,
    GICH_VTR = 0x04,
    GICH_VMCR = 0x08,
    GICH_MISR = 0x10,
    GICH_EISR0 = 0x20,
    GICH_EISR1 = 0x24,
    GICH_ELRSR0 = 0x30,
    GICH_ELRSR1 = 0x34,
    GICH_APR = 0xF0,
    GICH_LR0 = 0x100,
  };
  // GICC_CTLR bits (GICv2 without the Security Extensions).
  static constexpr uint32_t CTLR_EnableGrp0 = 1u << 0, CTLR_EnableGrp1 = 1u << 1,
                            CTLR_AckCtl = 1u << 2, CTLR_FIQEn = 1u << 3, CTLR_CBPR = 1u << 4,
                            CTLR_EOImode = 1u << 9;
  // GICH_HCR bits.
  static constexpr uint32_t HCR_En = 1u << 0, HCR_UIE = 1u << 1, HCR_LRENPIE = 1u << 2,
                            HCR_NPIE = 1u << 3, HCR_VGrp0EIE = 1u << 4, HCR_VGrp0DIE = 1u << 5,
                            HCR_VGrp1EIE = 1u << 6, HCR_VGrp1DIE = 1u << 7;
  // GICH_LR fields.
  static constexpr uint32_t LR_HW = 1u << 31, LR_Grp1 = 1u << 30, LR_EOI = 1u << 19;
  static constexpr unsigned LR_StateShift = 28, LR_PriorityShift = 23;

  explicit Gicv2(const Config& cfg);

  const Config& config() const { return cfg_; }
  void reset();

  // Output callbacks: (cpu, level), called when a level changes.
  std::function<void(unsigned, bool)> irq_out, fiq_out, virq_out, vfiq_out;

  // Interrupt inputs: a PPI (INTID 16..31) of one CPU, or an SPI (INTID 32..).
  void set_ppi(unsigned cpu, unsigned intid, bool level);
  void set_spi(unsigned intid, bool level);

  // Register accesses by `cpu`. size is 1, 2 or 4; an access the block does not
  // allow at that size reads as zero and is ignored on write (RAZ/WI).
  uint32_t dist_read(unsigned cpu, uint32_t offset, unsigned size);
  void dist_write(unsigned cpu, uint32_t offset, unsigned size, uint32_t value);
  uint32_t cpu_read(unsigned cpu, uint32_t offset);
  void cpu_write(unsigned cpu, uint32_t offset, uint32_t value);
  uint32_t hyp_read(unsigned cpu, uint32_t offset);
  void hyp_write(unsigned cpu, uint32_t offset, uint32_t value);
  uint32_t vcpu_read(unsigned cpu, uint32_t offset);
  void vcpu_write(unsigned cpu, uint32_t offset, uint32_t value);

  // Current output levels.
  bool irq(unsigned cpu) const { return out_[cpu].irq; }
  bool fiq(unsigned cpu) const { return out_[cpu].fiq; }
  bool virq(unsigned cpu) const { return out_[cpu].virq; }
  bool vfiq(unsigned cpu) const { return out_[cpu].vfiq; }
  // Whether an interrupt is pending (or active) for inspection by tests.
  bool is_pending(unsigned cpu, unsigned intid) const;
  bool is_active(unsigned cpu, unsigned intid) const;

  uint64_t accesses() const { return accesses_; }

 private:
  struct Irq {
    bool enabled = false, latch = false, active = false, level = false, group = false;
    bool edge = false;
    uint8_t priority = 0;
    uint8_t targets = 0;  // SPIs only
  };
  struct CpuIf {
    uint32_t ctlr = 0, pmr = 0, bpr = 0, abpr = 1;
    std::array<uint32_t, 4> apr{}, nsapr{};
    std::array<uint8_t, 16> sgi_active_src{};
  };
  struct VirtIf {
    uint32_t hcr = 0, vmcr = 0, apr = 0;
    std::array<uint32_t, kMaxLrs> lr{};
  };
  struct Outputs {
    bool irq = false, fiq = false, virq = false, vfiq = false;
  };

  Irq& irq_state(unsigned cpu, unsigned intid) {
    return intid < 32 ? banked_[cpu][intid] : spi_[intid - 32];
  }
  const Irq& irq_state(unsigned cpu, unsigned intid) const {
    return intid < 32 ? banked_[cpu][intid] : spi_[intid - 32];
  }
  bool pending(unsigned cpu, unsigned intid) const;
  bool targets_cpu(unsigned cpu, unsigned intid) const;
  void set_pending(unsigned cpu, unsigned intid, bool v);
  uint32_t group_priority(unsigned cpu, unsigned intid) const;
  uint32_t running_priority(unsigned cpu) const;
  unsigned highest_pending(unsigned cpu) const;  // kSpurious when none
  uint32_t acknowledge(unsigned cpu, bool alias);
  void end_of_interrupt(unsigned cpu, uint32_t value, bool alias);
  void deactivate(unsigned cpu, unsigned intid);
  uint32_t hppir(unsigned cpu, bool alias) const;

  uint8_t dist_read_byte(unsigned cpu, uint32_t offset);
  void dist_write_byte(unsigned cpu, uint32_t offset, uint8_t value);
  void write_sgir(unsigned cpu, uint32_t value);

  // Virtual interface.
  unsigned lr_state(unsigned cpu, unsigned n) const { return (virt_[cpu].lr[n] >> 28) & 3; }
  uint32_t lr_priority(unsigned cpu, unsigned n) const {
    return ((virt_[cpu].lr[n] >> LR_PriorityShift) & 0x1F) << 3;
  }
  bool lr_group1(unsigned cpu, unsigned n) const { return virt_[cpu].lr[n] & LR_Grp1; }
  uint32_t vgroup_priority(unsigned cpu, uint32_t prio, bool grp1) const;
  uint32_t vrunning_priority(unsigned cpu) const;
  int vhighest_pending(unsigned cpu) const;  // LR index, -1 when none
  uint32_t vacknowledge(unsigned cpu, bool alias);
  void veoi(unsigned cpu, uint32_t value);
  bool vdeactivate(unsigned cpu, uint32_t value);  // false: no LR held it
  void count_eoi(unsigned cpu);
  uint32_t misr(unsigned cpu) const;
  uint64_t eisr(unsigned cpu) const;
  uint64_t elrsr(unsigned cpu) const;
  uint32_t vctlr(unsigned cpu) const;
  void set_vctlr(unsigned cpu, uint32_t v);

  void update();  // recompute every output and the maintenance interrupt
  void update_cpu(unsigned cpu);
  void update_virtual(unsigned cpu);

  Config cfg_;
  uint32_t dist_ctlr_ = 0;
  std::vector<std::array<Irq, 32>> banked_;
  std::vector<Irq> spi_;
  // SGI pending state: per target CPU, per SGI, a bitmask of source CPUs.
  std::vector<std::array<uint8_t, 16>> sgi_pending_;
  std::vector<CpuIf> cpuif_;
  std::vector<VirtIf> virt_;
  std::vector<Outputs> out_;
  bool updating_ = false;
  uint64_t accesses_ = 0;
};

}  // namespace gic
