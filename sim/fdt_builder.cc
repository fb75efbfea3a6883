#include "sim/fdt_builder.h"

#include <libfdt.h>

#include <cstring>

#include <fmt/format.h>

namespace sim {

namespace {

constexpr uint32_t kPhandleClock = 0x8000;
constexpr uint32_t kPhandleCpu0 = 0x8001;
constexpr uint32_t kPhandleGic = 0x8002;
// Interrupt specifier flags (Linux dt-bindings/interrupt-controller/arm-gic.h).
constexpr uint32_t kIrqTypeSpi = 0, kIrqTypePpi = 1;
constexpr uint32_t kLevelHigh = 4;
constexpr uint32_t kEdgeRising = 1;

void check(int err, const char* what) {
  if (err < 0) throw FdtError(fmt::format("device tree: {}: {}", what, fdt_strerror(err)));
}

class Tree {
 public:
  explicit Tree(size_t size) : buf_(size) {
    check(fdt_create_empty_tree(buf_.data(), static_cast<int>(buf_.size())), "create");
  }
  void* fdt() { return buf_.data(); }
  int node(int parent, const std::string& name) {
    const int off = fdt_add_subnode(fdt(), parent, name.c_str());
    check(off, name.c_str());
    return off;
  }
  int path(const char* p) {
    const int off = fdt_path_offset(fdt(), p);
    check(off, p);
    return off;
  }
  void str(int node, const char* prop, const std::string& v) {
    check(fdt_setprop_string(fdt(), node, prop, v.c_str()), prop);
  }
  // A string list ("a\0b\0c").
  void strs(int node, const char* prop, std::initializer_list<const char*> list) {
    std::string s;
    for (const char* x : list) {
      s += x;
      s.push_back('\0');
    }
    check(fdt_setprop(fdt(), node, prop, s.data(), static_cast<int>(s.size())), prop);
  }
  void cells(int node, const char* prop, std::initializer_list<uint32_t> v) {
    std::vector<fdt32_t> c;
    for (uint32_t x : v) c.push_back(cpu_to_fdt32(x));
    check(fdt_setprop(fdt(), node, prop, c.data(), static_cast<int>(c.size() * 4)), prop);
  }
  void cells(int node, const char* prop, const std::vector<uint32_t>& v) {
    std::vector<fdt32_t> c;
    for (uint32_t x : v) c.push_back(cpu_to_fdt32(x));
    check(fdt_setprop(fdt(), node, prop, c.data(), static_cast<int>(c.size() * 4)), prop);
  }
  void u32(int node, const char* prop, uint32_t v) {
    check(fdt_setprop_u32(fdt(), node, prop, v), prop);
  }
  void u64(int node, const char* prop, uint64_t v) {
    check(fdt_setprop_u64(fdt(), node, prop, v), prop);
  }
  void empty(int node, const char* prop) { check(fdt_setprop_empty(fdt(), node, prop), prop); }
  std::vector<uint8_t> finish() {
    check(fdt_pack(fdt()), "pack");
    buf_.resize(fdt_totalsize(fdt()));
    return std::move(buf_);
  }

 private:
  std::vector<uint8_t> buf_;
};

void push_reg(std::vector<uint32_t>& v, uint64_t base, uint64_t size) {
  v.push_back(static_cast<uint32_t>(base >> 32));
  v.push_back(static_cast<uint32_t>(base));
  v.push_back(static_cast<uint32_t>(size >> 32));
  v.push_back(static_cast<uint32_t>(size));
}

std::vector<uint32_t> irq_cells(const Interrupt& irq, uint32_t flags) {
  return {irq.kind == Interrupt::Kind::Spi ? kIrqTypeSpi : kIrqTypePpi, irq.number, flags};
}

void add_chosen(Tree& t, const ChosenInfo& chosen) {
  int node = fdt_path_offset(t.fdt(), "/chosen");
  if (node < 0) node = t.node(0, "chosen");
  if (chosen.bootargs) t.str(node, "bootargs", *chosen.bootargs);
  if (chosen.initrd) {
    t.u64(node, "linux,initrd-start", chosen.initrd->first);
    t.u64(node, "linux,initrd-end", chosen.initrd->second);
  }
}

// The structure block's tokens, walked before libfdt walks them: libfdt 1.6's
// fdt_next_tag() adds a property's length to its offset unchecked, so a length near
// 2^32 takes it back to where it started, and fdt_check_full() then loops for ever.
// Every token must lie within the block (fdt_check_header() has placed the block
// within the blob), and the walk must reach FDT_END.
void check_structure_block(const std::vector<uint8_t>& blob, const std::string& name) {
  const uint8_t* b = blob.data();
  const uint64_t start = fdt_off_dt_struct(b);
  const uint64_t end = fdt_version(b) >= 17 ? start + fdt_size_dt_struct(b) : fdt_totalsize(b);
  const auto fail = [&](uint64_t at, const std::string& what) {
    throw FdtError(fmt::format("{}: corrupt device tree blob: {} (structure block offset {:#x})",
                               name, what, at - start));
  };
  // (fdt32_ld() reads the big-endian word byte by byte: tokens need not be aligned here.)
  const auto u32 = [&](uint64_t at) { return fdt32_ld(reinterpret_cast<const fdt32_t*>(b + at)); };
  for (uint64_t off = start;;) {
    if (off > end || end - off < 4) fail(off, "no FDT_END token before the end of the block");
    const uint64_t token = off;
    const uint32_t tag = u32(off);
    off += 4;
    switch (tag) {
      case FDT_BEGIN_NODE: {
        const void* nul = std::memchr(b + off, 0, end - off);
        if (nul == nullptr) fail(token, "a node name that runs past the end of the block");
        off = static_cast<uint64_t>(static_cast<const uint8_t*>(nul) - b) + 1;
        break;
      }
      case FDT_PROP: {
        if (end - off < 8) fail(token, "a property header that runs past the end of the block");
        const uint32_t len = u32(off);
        off += 8;
        if (len > end - off)
          fail(token,
               fmt::format("a property of {} bytes that runs past the end of the block", len));
        off += len;
        break;
      }
      case FDT_END_NODE:
      case FDT_NOP:
        break;
      case FDT_END:
        return;
      default:
        fail(token, fmt::format("unknown token {:#x}", tag));
    }
    off = (off + 3) & ~uint64_t{3};  // tokens are 4-byte aligned
  }
}

}  // namespace

std::vector<uint8_t> build_fdt(const MachineModel& m, const ChosenInfo& chosen) {
  Tree t(64 * 1024 + (chosen.bootargs ? chosen.bootargs->size() : 0));
  const int root = 0;
  // Nodes are added in the reverse of QEMU's order, since fdt_add_subnode puts a new
  // node first among its siblings and QEMU's tree shows the last added first.
  t.str(root, "model", "linux,dummy-virt");
  t.u32(root, "#size-cells", 2);
  t.u32(root, "#address-cells", 2);
  t.str(root, "compatible", "linux,dummy-virt");
  if (m.gic) t.u32(root, "interrupt-parent", kPhandleGic);

  {
    const int chosen_node = t.node(root, "chosen");
    if (!m.uarts.empty())
      t.str(chosen_node, "stdout-path", fmt::format("/pl011@{:x}", m.uarts.front().base));
  }
  add_chosen(t, chosen);

  if (!m.uarts.empty()) {
    const int clk = t.node(root, "apb-pclk");
    t.str(clk, "compatible", "fixed-clock");
    t.u32(clk, "#clock-cells", 0);
    t.u32(clk, "clock-frequency", static_cast<uint32_t>(m.uarts.front().clock_hz));
    t.str(clk, "clock-output-names", "clk24mhz");
    t.u32(clk, "phandle", kPhandleClock);
  }

  const uint32_t ppi_cpu_mask = ((1u << m.cpus.count) - 1) << 8;
  if (m.timer) {
    const int timer = t.node(root, "timer");
    t.strs(timer, "compatible", {"arm,armv8-timer", "arm,armv7-timer"});
    t.empty(timer, "always-on");
    std::vector<uint32_t> irqs;
    for (const Interrupt* irq :
         {&m.timer->secure_phys, &m.timer->phys, &m.timer->virt, &m.timer->hyp}) {
      auto c = irq_cells(*irq, ppi_cpu_mask | kLevelHigh);
      irqs.insert(irqs.end(), c.begin(), c.end());
    }
    t.cells(timer, "interrupts", irqs);
  }
  if (m.pmu) {
    const int pmu = t.node(root, "pmu");
    t.str(pmu, "compatible", "arm,armv8-pmuv3");
    t.cells(pmu, "interrupts", irq_cells(m.pmu->interrupt, ppi_cpu_mask | kLevelHigh));
  }

  {
    const int cpus = t.node(root, "cpus");
    for (unsigned i = m.cpus.count; i-- > 0;) {
      const int cpu = t.node(cpus, fmt::format("cpu@{:x}", i));
      t.str(cpu, "device_type", "cpu");
      t.str(cpu, "compatible", fmt::format("arm,{}", m.cpus.model));
      t.u32(cpu, "reg", i);
      // As QEMU: "enable-method" only when there are secondaries to start.
      if (m.psci != PsciConduit::None && m.cpus.count > 1) t.str(cpu, "enable-method", "psci");
      t.u32(cpu, "phandle", kPhandleCpu0 + i);
    }
    const int map = t.node(cpus, "cpu-map");
    const int socket = t.node(map, "socket0");
    const int cluster = t.node(socket, "cluster0");
    for (unsigned i = m.cpus.count; i-- > 0;) {
      const int core = t.node(cluster, fmt::format("core{}", i));
      t.u32(core, "cpu", kPhandleCpu0 + i);
    }
    t.u32(cpus, "#address-cells", 1);
    t.u32(cpus, "#size-cells", 0);
  }

  {
    std::vector<uint32_t> reg;
    uint64_t first = ~0ull;
    for (const auto& r : m.memory) {
      if (r.kind != MemoryRegion::Kind::Flash) continue;
      if (first == ~0ull) first = r.base;
      push_reg(reg, r.base, r.size);
    }
    if (!reg.empty()) {
      const int flash = t.node(root, fmt::format("flash@{:x}", first));
      t.str(flash, "compatible", "cfi-flash");
      t.cells(flash, "reg", reg);
      t.u32(flash, "bank-width", 4);
    }
  }

  if (m.gic) {
    const Gicv2Config& g = *m.gic;
    const int intc = t.node(root, fmt::format("intc@{:x}", g.distributor));
    t.u32(intc, "#interrupt-cells", 3);
    t.empty(intc, "interrupt-controller");
    t.u32(intc, "#address-cells", 2);
    t.u32(intc, "#size-cells", 2);
    t.empty(intc, "ranges");
    t.str(intc, "compatible", "arm,cortex-a15-gic");
    std::vector<uint32_t> reg;
    push_reg(reg, g.distributor, g.region_size);
    push_reg(reg, g.cpu_interface, g.region_size);
    if (g.hyp_interface) {
      push_reg(reg, *g.hyp_interface, g.region_size);
      push_reg(reg, *g.virtual_cpu_interface, g.region_size);
    }
    t.cells(intc, "reg", reg);
    // QEMU 7.2 gives the GICv2 maintenance interrupt no CPU mask.
    if (g.hyp_interface)
      t.cells(intc, "interrupts", irq_cells(g.maintenance_interrupt, kLevelHigh));
    t.u32(intc, "phandle", kPhandleGic);
  }

  for (auto it = m.uarts.rbegin(); it != m.uarts.rend(); ++it) {
    const int uart = t.node(root, fmt::format("pl011@{:x}", it->base));
    t.strs(uart, "compatible", {"arm,pl011", "arm,primecell"});
    std::vector<uint32_t> reg;
    push_reg(reg, it->base, it->size);
    t.cells(uart, "reg", reg);
    t.cells(uart, "interrupts", irq_cells(it->interrupt, kLevelHigh));
    t.cells(uart, "clocks", {kPhandleClock, kPhandleClock});
    t.strs(uart, "clock-names", {"uartclk", "apb_pclk"});
  }

  for (auto it = m.rtcs.rbegin(); it != m.rtcs.rend(); ++it) {
    const int rtc = t.node(root, fmt::format("pl031@{:x}", it->base));
    t.strs(rtc, "compatible", {"arm,pl031", "arm,primecell"});
    std::vector<uint32_t> reg;
    push_reg(reg, it->base, it->size);
    t.cells(rtc, "reg", reg);
    t.cells(rtc, "interrupts", irq_cells(it->interrupt, kLevelHigh));
    t.u32(rtc, "clocks", kPhandleClock);
    t.str(rtc, "clock-names", "apb_pclk");
  }

  // QEMU adds the transports from the last down, so the tree lists the lowest first.
  for (auto it = m.virtio.rbegin(); it != m.virtio.rend(); ++it) {
    for (unsigned n = it->count; n-- > 0;) {
      const uint64_t base = it->base + n * it->stride;
      const int v = t.node(root, fmt::format("virtio_mmio@{:x}", base));
      t.str(v, "compatible", "virtio,mmio");
      std::vector<uint32_t> reg;
      push_reg(reg, base, it->stride);
      t.cells(v, "reg", reg);
      Interrupt irq = it->interrupt;
      irq.number += n;
      t.cells(v, "interrupts", irq_cells(irq, kEdgeRising));
      t.empty(v, "dma-coherent");
    }
  }

  for (auto it = m.memory.rbegin(); it != m.memory.rend(); ++it) {
    if (it->kind != MemoryRegion::Kind::Ram) continue;
    const int mem = t.node(root, fmt::format("memory@{:x}", it->base));
    t.str(mem, "device_type", "memory");
    std::vector<uint32_t> reg;
    push_reg(reg, it->base, it->size);
    t.cells(mem, "reg", reg);
  }

  if (m.psci != PsciConduit::None) {
    const int psci = t.node(root, "psci");
    t.strs(psci, "compatible", {"arm,psci-1.0", "arm,psci-0.2", "arm,psci"});
    t.str(psci, "method", m.psci == PsciConduit::Smc ? "smc" : "hvc");
    // The PSCI 0.1 binding's IDs, as QEMU writes them (AArch64 function IDs).
    t.u32(psci, "cpu_suspend", 0xC4000001);
    t.u32(psci, "cpu_off", 0x84000002);
    t.u32(psci, "cpu_on", 0xC4000003);
    t.u32(psci, "migrate", 0xC4000005);
  }
  return t.finish();
}

std::vector<uint8_t> patch_user_fdt(const std::vector<uint8_t>& blob, const std::string& name,
                                    const ChosenInfo& chosen) {
  if (blob.size() < sizeof(fdt_header))
    throw FdtError(fmt::format("{}: not a device tree blob (too short)", name));
  int err = fdt_check_header(blob.data());
  if (err != 0)
    throw FdtError(fmt::format("{}: not a valid device tree blob: {}", name, fdt_strerror(err)));
  // Versions before 16 name nodes by full path; libfdt's fdt_check_full() reads
  // through a null pointer on some of them. dtc and QEMU write version 17.
  if (fdt_version(blob.data()) < 16)
    throw FdtError(fmt::format("{}: device tree blob version {} (expected 16 or later)", name,
                               fdt_version(blob.data())));
  if (fdt_totalsize(blob.data()) > blob.size())
    throw FdtError(fmt::format("{}: truncated device tree blob ({} of {} bytes)", name, blob.size(),
                               fdt_totalsize(blob.data())));
  check_structure_block(blob, name);
  err = fdt_check_full(blob.data(), blob.size());
  if (err != 0)
    throw FdtError(fmt::format("{}: corrupt device tree blob: {}", name, fdt_strerror(err)));
  // The memory reservation map, with its terminating entry, must end before the
  // structure block (fdt_open_into() relies on it and libfdt does not check it).
  const int rsv = fdt_num_mem_rsv(blob.data());
  const uint64_t rsv_end = uint64_t{fdt_off_mem_rsvmap(blob.data())} +
                           (uint64_t(rsv < 0 ? 0 : rsv) + 1) * sizeof(fdt_reserve_entry);
  if (rsv < 0 || fdt_off_mem_rsvmap(blob.data()) > fdt_off_dt_struct(blob.data()) ||
      rsv_end > fdt_off_dt_struct(blob.data()))
    throw FdtError(fmt::format(
        "{}: corrupt device tree blob: memory reservation map overlaps the structure block", name));
  // Walk the whole structure so a corrupt body is caught here, not by the guest.
  int depth = 0;
  for (int off = 0; off >= 0 && depth >= 0; off = fdt_next_node(blob.data(), off, &depth)) {
    int len = 0;
    if (!fdt_get_name(blob.data(), off, &len))
      throw FdtError(fmt::format("{}: corrupt device tree blob: {}", name, fdt_strerror(len)));
  }
  const size_t room = blob.size() + 4096 + (chosen.bootargs ? chosen.bootargs->size() : 0);
  std::vector<uint8_t> buf(room);
  err = fdt_open_into(blob.data(), buf.data(), static_cast<int>(buf.size()));
  if (err != 0)
    throw FdtError(fmt::format("{}: corrupt device tree blob: {}", name, fdt_strerror(err)));
  int chosen_node = fdt_path_offset(buf.data(), "/chosen");
  if (chosen_node < 0) chosen_node = fdt_add_subnode(buf.data(), 0, "chosen");
  check(chosen_node, "chosen");
  if (chosen.bootargs)
    check(fdt_setprop_string(buf.data(), chosen_node, "bootargs", chosen.bootargs->c_str()),
          "bootargs");
  if (chosen.initrd) {
    check(fdt_setprop_u64(buf.data(), chosen_node, "linux,initrd-start", chosen.initrd->first),
          "linux,initrd-start");
    check(fdt_setprop_u64(buf.data(), chosen_node, "linux,initrd-end", chosen.initrd->second),
          "linux,initrd-end");
  }
  check(fdt_pack(buf.data()), "pack");
  buf.resize(fdt_totalsize(buf.data()));
  return buf;
}

}  // namespace sim
