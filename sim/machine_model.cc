#include "sim/machine_model.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include <fmt/format.h>

#include "sim/read_limited.h"

namespace sim {

using nlohmann::json;

namespace {

// How a JSON value reads in a message: scalars as JSON, containers by kind.
std::string describe(const json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

// Reads one JSON object: rejects unknown keys up front, then hands out typed fields.
class ObjectReader {
 public:
  ObjectReader(const std::string& file, const json& j, std::string path,
               std::vector<std::string> allowed)
      : file_(file), j_(j), path_(std::move(path)), allowed_(std::move(allowed)) {
    if (!j_.is_object()) fail(path_, fmt::format("expected an object, got {}", describe(j_)));
    for (const auto& [key, value] : j_.items()) {
      if (std::find(allowed_.begin(), allowed_.end(), key) == allowed_.end())
        fail(sub(key), fmt::format("unknown key (expected one of: {})", join(allowed_)));
    }
  }

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    if (path.empty()) throw ModelError(fmt::format("{}: {}", file_, what));
    throw ModelError(fmt::format("{}: {}: {}", file_, path, what));
  }
  std::string sub(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  bool has(const char* key) const { return j_.contains(key); }
  const json& at(const char* key) const { return j_.at(key); }

  const json& required(const char* key) const {
    if (!j_.contains(key)) fail(path_, fmt::format("missing required key \"{}\"", key));
    return j_.at(key);
  }

  std::string string(const char* key, bool req, const std::string& def = {}) const {
    if (!req && !has(key)) return def;
    const json& v = required(key);
    if (!v.is_string() || v.get<std::string>().empty())
      fail(sub(key), fmt::format("expected a non-empty string, got {}", describe(v)));
    return v.get<std::string>();
  }

  bool boolean(const char* key, bool def) const {
    if (!has(key)) return def;
    const json& v = at(key);
    if (!v.is_boolean()) fail(sub(key), fmt::format("expected true or false, got {}", describe(v)));
    return v.get<bool>();
  }

  uint64_t integer(const char* key, bool req, uint64_t def, uint64_t min, uint64_t max) const {
    if (!req && !has(key)) return def;
    const json& v = required(key);
    if (!v.is_number_unsigned() || v.get<uint64_t>() < min || v.get<uint64_t>() > max) {
      if (max == UINT64_MAX)
        fail(sub(key), fmt::format("expected an integer >= {}, got {}", min, describe(v)));
      fail(sub(key),
           fmt::format("expected an integer from {} to {}, got {}", min, max, describe(v)));
    }
    return v.get<uint64_t>();
  }

  uint64_t size(const char* key, bool req, uint64_t def = 0) const {
    if (!req && !has(key)) return def;
    const json& v = required(key);
    auto r = as_number(v);
    if (!r || *r == 0)
      fail(sub(key),
           fmt::format("expected a size (integer or string like \"256MiB\"), got {}", describe(v)));
    return *r;
  }

  uint64_t address(const char* key, bool req, uint64_t def = 0) const {
    if (!req && !has(key)) return def;
    const json& v = required(key);
    auto r = as_number(v);
    if (!r)
      fail(sub(key),
           fmt::format("expected an address (integer or string like \"0x40000000\"), got {}",
                       describe(v)));
    return *r;
  }

  std::optional<uint64_t> optional_address(const char* key) const {
    if (!has(key)) return std::nullopt;
    return address(key, true);
  }

  Interrupt interrupt(const char* key, bool req, Interrupt def = {}) const {
    if (!req && !has(key)) return def;
    const json& v = required(key);
    const std::string p = sub(key);
    const char* expected = "expected an interrupt like {\"spi\": 1} or {\"ppi\": 9}";
    if (!v.is_object() || v.size() != 1) fail(p, fmt::format("{}, got {}", expected, describe(v)));
    const auto it = v.begin();
    Interrupt irq;
    unsigned limit;
    if (it.key() == "spi") {
      irq.kind = Interrupt::Kind::Spi;
      limit = 987;  // INTID 32..1019
    } else if (it.key() == "ppi") {
      irq.kind = Interrupt::Kind::Ppi;
      limit = 15;
    } else {
      fail(p + "." + it.key(), fmt::format("unknown key (expected one of: spi, ppi)"));
    }
    if (!it.value().is_number_unsigned() || it.value().get<uint64_t>() > limit)
      fail(p + "." + it.key(),
           fmt::format("expected an integer from 0 to {}, got {}", limit, describe(it.value())));
    irq.number = it.value().get<unsigned>();
    return irq;
  }

 private:
  static std::optional<uint64_t> as_number(const json& v) {
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_string()) return parse_size_string(v.get<std::string>());
    return std::nullopt;
  }

  const std::string& file_;
  const json& j_;
  std::string path_;
  std::vector<std::string> allowed_;
};

std::string index_path(const char* array, size_t i) { return fmt::format("{}[{}]", array, i); }

}  // namespace

std::optional<uint64_t> parse_size_string(const std::string& s) {
  static const std::regex re(R"(^\s*(0[xX][0-9a-fA-F]+|[0-9]+)\s*([KMGT]i?B?|[kK]B?)?\s*$)");
  std::smatch m;
  if (!std::regex_match(s, m, re)) return std::nullopt;
  errno = 0;
  const std::string num = m[1].str();
  char* end = nullptr;
  const unsigned long long v = std::strtoull(num.c_str(), &end, 0);
  if (errno == ERANGE) return std::nullopt;
  unsigned shift = 0;
  if (m[2].matched) {
    switch (std::toupper(static_cast<unsigned char>(m[2].str()[0]))) {
      case 'K':
        shift = 10;
        break;
      case 'M':
        shift = 20;
        break;
      case 'G':
        shift = 30;
        break;
      case 'T':
        shift = 40;
        break;
    }
  }
  if (shift && (v >> (64 - shift)) != 0) return std::nullopt;
  return static_cast<uint64_t>(v) << shift;
}

const MemoryRegion& MachineModel::boot_ram() const {
  for (const auto& m : memory)
    if (m.kind == MemoryRegion::Kind::Ram) return m;
  throw ModelError(file + ": memory: no \"ram\" region");  // validated at parse time
}

const MemoryRegion* MachineModel::memory_containing(uint64_t addr, uint64_t len) const {
  for (const auto& m : memory) {
    if (addr >= m.base && addr - m.base <= m.size && len <= m.size - (addr - m.base)) return &m;
  }
  return nullptr;
}

std::vector<MappedRange> MachineModel::mapped_ranges() const {
  std::vector<MappedRange> out;
  for (const auto& r : memory) out.push_back({"memory", r.name, r.base, r.size});
  for (const auto& u : uarts) out.push_back({"pl011", u.name, u.base, u.size});
  for (const auto& c : rtcs) out.push_back({"pl031", c.name, c.base, c.size});
  for (const auto& v : virtio) out.push_back({"virtio-mmio", v.name, v.base, v.size()});
  if (gic) {
    out.push_back({"gicv2.distributor", gic->name, gic->distributor, gic->region_size});
    out.push_back({"gicv2.cpu_interface", gic->name, gic->cpu_interface, gic->region_size});
    if (gic->hyp_interface) {
      out.push_back({"gicv2.hyp_interface", gic->name, *gic->hyp_interface, gic->region_size});
      out.push_back({"gicv2.virtual_cpu_interface", gic->name, *gic->virtual_cpu_interface,
                     gic->region_size});
    }
  }
  return out;
}

namespace {

struct Parser {
  const std::string& file;
  MachineModel m;
  std::vector<MappedRange> ranges;

  void add_range(const std::string& owner, const std::string& name, uint64_t base, uint64_t size,
                 const ObjectReader& r, const std::string& field_path) {
    if (base + size < base || base + size > (1ull << 48))
      r.fail(field_path, fmt::format("region 0x{:x}+0x{:x} is beyond the 48-bit physical "
                                     "address space",
                                     base, size));
    for (const auto& other : ranges) {
      if (base < other.base + other.size && other.base < base + size)
        r.fail(field_path,
               fmt::format("region 0x{:08x}-0x{:08x} overlaps {} at 0x{:08x}-0x{:08x}", base,
                           base + size - 1, other.owner, other.base, other.base + other.size - 1));
    }
    ranges.push_back({owner, name, base, size});
  }

  void check_unique_name(const std::string& name, const ObjectReader& r) {
    for (const auto& other : ranges) {
      if (other.name == name)
        r.fail(r.sub("name"), fmt::format("duplicate name \"{}\" (also {})", name, other.owner));
    }
  }

  // "cpus.tlb": the modelled TLB hierarchy; absent levels keep their defaults.
  void parse_tlb(const json& j, const std::string& path) {
    ObjectReader t(file, j, path, {"itlb", "dtlb", "main", "ipa", "walk", "seed"});
    mmu::TlbHierarchyConfig& cfg = m.cpus.tlb;
    const auto level = [&](const char* name, mmu::TlbConfig& l) {
      if (!t.has(name)) return;
      ObjectReader r(file, t.at(name), t.sub(name), {"entries", "ways", "replacement"});
      l.entries = static_cast<unsigned>(r.integer("entries", false, l.entries, 0, 1u << 16));
      l.ways = static_cast<unsigned>(r.integer("ways", false, l.ways, 1, 1u << 16));
      if (l.ways > l.entries) l.ways = l.entries ? l.entries : 1;
      if (l.entries % l.ways != 0)
        r.fail(r.sub("ways"), fmt::format("{} ways do not divide {} entries", l.ways, l.entries));
      const std::string p = r.string("replacement", false, "lru");
      if (p == "lru")
        l.policy = mmu::Replacement::LRU;
      else if (p == "round-robin")
        l.policy = mmu::Replacement::RoundRobin;
      else if (p == "random")
        l.policy = mmu::Replacement::Random;
      else
        r.fail(r.sub("replacement"),
               fmt::format("expected \"lru\", \"round-robin\" or \"random\", got \"{}\"", p));
    };
    level("itlb", cfg.itlb);
    level("dtlb", cfg.dtlb);
    level("main", cfg.main);
    level("ipa", cfg.ipa);
    level("walk", cfg.walk);
    cfg.seed = t.integer("seed", false, 1, 1, ~0ull);
  }

  void parse(const json& root) {
    if (!root.is_object())
      throw ModelError(
          fmt::format("{}: expected a JSON object at the top level, got {}", file, describe(root)));
    ObjectReader top(
        file, root, "",
        {"name", "description", "cpus", "virtualization", "psci", "memory", "devices"});
    m.name = top.string("name", true);
    if (top.has("description") && !root.at("description").is_string())
      top.fail("description",
               fmt::format("expected a string, got {}", describe(root.at("description"))));

    {
      ObjectReader c(file, top.required("cpus"), "cpus",
                     {"count", "model", "frequency_hz", "quantum_ns", "cpi", "tlb"});
      m.cpus.count = static_cast<unsigned>(c.integer("count", false, 1, 1, 1));
      m.cpus.model = c.string("model", false, "cortex-a57");
      if (std::find_if(std::begin(kCpuModels), std::end(kCpuModels),
                       [&](const char* s) { return m.cpus.model == s; }) == std::end(kCpuModels))
        c.fail(c.sub("model"),
               fmt::format("unknown CPU model \"{}\" (expected \"cortex-a57\": the core's ID "
                           "registers, reset values and caches are the Cortex-A57's)",
                           m.cpus.model));
      m.cpus.frequency_hz = c.integer("frequency_hz", false, 1000000000, 1000, 100000000000ull);
      m.cpus.quantum_ns = c.integer("quantum_ns", false, 10000, 1, 1000000000);
      m.cpus.cpi = c.integer("cpi", false, 1, 1, 1000);
      if (c.has("tlb")) parse_tlb(c.at("tlb"), c.sub("tlb"));
    }

    m.virtualization = top.boolean("virtualization", true);
    m.psci = m.virtualization ? PsciConduit::Smc : PsciConduit::Hvc;
    if (top.has("psci")) {
      ObjectReader p(file, root.at("psci"), "psci", {"conduit"});
      const std::string conduit = p.string("conduit", false, "auto");
      if (conduit == "smc")
        m.psci = PsciConduit::Smc;
      else if (conduit == "hvc")
        m.psci = PsciConduit::Hvc;
      else if (conduit == "none")
        m.psci = PsciConduit::None;
      else if (conduit != "auto")
        p.fail(p.sub("conduit"), fmt::format("expected one of \"auto\", \"smc\", \"hvc\", "
                                             "\"none\", got \"{}\"",
                                             conduit));
      if (m.psci == PsciConduit::Hvc && !m.virtualization) {
        // fine: HVC to the platform firmware, as QEMU does without EL2
      }
    }

    const json& mem = top.required("memory");
    if (!mem.is_array() || mem.empty())
      top.fail("memory",
               fmt::format("expected a non-empty array of regions, got {}", describe(mem)));
    for (size_t i = 0; i < mem.size(); ++i) parse_memory(mem[i], index_path("memory", i));
    if (std::none_of(m.memory.begin(), m.memory.end(),
                     [](const auto& r) { return r.kind == MemoryRegion::Kind::Ram; }))
      top.fail("memory", "expected at least one region of type \"ram\"");

    if (top.has("devices")) {
      const json& dev = root.at("devices");
      if (!dev.is_array())
        top.fail("devices", fmt::format("expected an array of devices, got {}", describe(dev)));
      for (size_t i = 0; i < dev.size(); ++i) parse_device(dev[i], index_path("devices", i));
    }
  }

  void parse_memory(const json& j, const std::string& path) {
    ObjectReader r(file, j, path, {"name", "type", "base", "size", "latency_ns"});
    MemoryRegion reg;
    reg.name = r.string("name", true);
    const std::string type = r.string("type", true);
    if (type == "ram")
      reg.kind = MemoryRegion::Kind::Ram;
    else if (type == "flash")
      reg.kind = MemoryRegion::Kind::Flash;
    else
      r.fail(r.sub("type"),
             fmt::format("unknown memory type \"{}\" (expected one of: ram, flash)", type));
    reg.base = r.address("base", true);
    reg.size = r.size("size", true);
    if ((reg.base & 0xFFF) || (reg.size & 0xFFF))
      r.fail(r.sub((reg.base & 0xFFF) ? "base" : "size"), "expected a multiple of 4 KiB");
    reg.latency_ns = r.integer("latency_ns", false, 0, 0, 1000000);
    check_unique_name(reg.name, r);
    add_range(fmt::format("{} \"{}\"", path, reg.name), reg.name, reg.base, reg.size, r,
              r.sub("base"));
    m.memory.push_back(reg);
  }

  void parse_device(const json& j, const std::string& path) {
    if (!j.is_object())
      throw ModelError(fmt::format("{}: {}: expected an object, got {}", file, path, describe(j)));
    if (!j.contains("type"))
      throw ModelError(fmt::format("{}: {}: missing required key \"type\"", file, path));
    const json& t = j.at("type");
    if (!t.is_string())
      throw ModelError(
          fmt::format("{}: {}.type: expected a non-empty string, got {}", file, path, describe(t)));
    const std::string type = t.get<std::string>();
    if (type == "pl011")
      parse_pl011(j, path);
    else if (type == "gicv2")
      parse_gicv2(j, path);
    else if (type == "armv8-timer")
      parse_timer(j, path);
    else if (type == "armv8-pmu")
      parse_pmu(j, path);
    else if (type == "pl031")
      parse_pl031(j, path);
    else if (type == "virtio-mmio")
      parse_virtio_mmio(j, path);
    else
      throw ModelError(
          fmt::format("{}: {}.type: unknown device type \"{}\" (expected one of: "
                      "pl011, gicv2, armv8-timer, armv8-pmu, pl031, virtio-mmio)",
                      file, path, type));
  }

  void parse_pl011(const json& j, const std::string& path) {
    ObjectReader r(file, j, path,
                   {"type", "name", "base", "size", "interrupt", "clock_hz", "latency_ns"});
    Pl011Config u;
    u.name = r.string("name", true);
    u.base = r.address("base", true);
    u.size = r.size("size", false, 0x1000);
    if (u.size < 0x1000) r.fail(r.sub("size"), "expected at least 4KiB (the PL011 register map)");
    u.interrupt = r.interrupt("interrupt", true);
    u.clock_hz = r.integer("clock_hz", false, 24000000, 1, UINT32_MAX);
    u.latency_ns = r.integer("latency_ns", false, 0, 0, 1000000);
    check_unique_name(u.name, r);
    add_range(fmt::format("{} \"{}\"", path, u.name), u.name, u.base, u.size, r, r.sub("base"));
    m.uarts.push_back(u);
  }

  void parse_pl031(const json& j, const std::string& path) {
    ObjectReader r(file, j, path, {"type", "name", "base", "size", "interrupt", "latency_ns"});
    Pl031Config c;
    c.name = r.string("name", true);
    c.base = r.address("base", true);
    c.size = r.size("size", false, 0x1000);
    if (c.size < 0x1000) r.fail(r.sub("size"), "expected at least 4KiB (the PL031 register map)");
    c.interrupt = r.interrupt("interrupt", true);
    c.latency_ns = r.integer("latency_ns", false, 0, 0, 1000000);
    check_unique_name(c.name, r);
    add_range(fmt::format("{} \"{}\"", path, c.name), c.name, c.base, c.size, r, r.sub("base"));
    m.rtcs.push_back(c);
  }

  void parse_virtio_mmio(const json& j, const std::string& path) {
    ObjectReader r(file, j, path,
                   {"type", "name", "base", "count", "stride", "interrupt", "latency_ns"});
    VirtioMmioConfig v;
    v.name = r.string("name", true);
    v.base = r.address("base", true);
    v.count = static_cast<unsigned>(r.integer("count", false, 32, 1, 256));
    v.stride = r.size("stride", false, 0x200);
    if (v.stride < 0x100 || (v.stride & (v.stride - 1)) != 0)
      r.fail(r.sub("stride"), "expected a power of two of at least 0x100 (the register map)");
    v.interrupt = r.interrupt("interrupt", true);
    if (v.interrupt.kind != Interrupt::Kind::Spi || v.interrupt.number + v.count > 256)
      r.fail(r.sub("interrupt"), "expected an SPI with room for one per slot");
    v.latency_ns = r.integer("latency_ns", false, 0, 0, 1000000);
    check_unique_name(v.name, r);
    add_range(fmt::format("{} \"{}\"", path, v.name), v.name, v.base, v.size(), r, r.sub("base"));
    m.virtio.push_back(v);
  }

  void parse_gicv2(const json& j, const std::string& path) {
    ObjectReader r(file, j, path,
                   {"type", "name", "distributor", "cpu_interface", "hyp_interface",
                    "virtual_cpu_interface", "region_size", "maintenance_interrupt", "latency_ns"});
    if (m.gic) r.fail(path, "only one interrupt controller is supported");
    Gicv2Config g;
    g.name = r.string("name", true);
    g.distributor = r.address("distributor", true);
    g.cpu_interface = r.address("cpu_interface", true);
    g.hyp_interface = r.optional_address("hyp_interface");
    g.virtual_cpu_interface = r.optional_address("virtual_cpu_interface");
    if (g.hyp_interface.has_value() != g.virtual_cpu_interface.has_value())
      r.fail(path, "expected both hyp_interface and virtual_cpu_interface, or neither");
    g.region_size = r.size("region_size", false, 0x10000);
    if (g.region_size < 0x2000)
      r.fail(r.sub("region_size"),
             fmt::format("expected at least 8KiB (the CPU interfaces' registers), got {:#x}",
                         g.region_size));
    g.maintenance_interrupt = r.interrupt("maintenance_interrupt", false, g.maintenance_interrupt);
    g.latency_ns = r.integer("latency_ns", false, 0, 0, 1000000);
    check_unique_name(g.name, r);
    const std::string owner = fmt::format("{} \"{}\"", path, g.name);
    add_range(owner + ".distributor", g.name, g.distributor, g.region_size, r,
              r.sub("distributor"));
    add_range(owner + ".cpu_interface", g.name, g.cpu_interface, g.region_size, r,
              r.sub("cpu_interface"));
    if (g.hyp_interface) {
      add_range(owner + ".hyp_interface", g.name, *g.hyp_interface, g.region_size, r,
                r.sub("hyp_interface"));
      add_range(owner + ".virtual_cpu_interface", g.name, *g.virtual_cpu_interface, g.region_size,
                r, r.sub("virtual_cpu_interface"));
    }
    m.gic = g;
  }

  void parse_timer(const json& j, const std::string& path) {
    ObjectReader r(file, j, path, {"type", "name", "frequency_hz", "interrupts"});
    if (m.timer) r.fail(path, "only one generic timer is supported");
    TimerConfig t;
    t.name = r.string("name", true);
    t.frequency_hz = r.integer("frequency_hz", false, 62500000, 1, UINT32_MAX);
    if (r.has("interrupts")) {
      ObjectReader i(file, r.at("interrupts"), r.sub("interrupts"),
                     {"secure_phys", "phys", "virt", "hyp"});
      t.secure_phys = i.interrupt("secure_phys", false, t.secure_phys);
      t.phys = i.interrupt("phys", false, t.phys);
      t.virt = i.interrupt("virt", false, t.virt);
      t.hyp = i.interrupt("hyp", false, t.hyp);
    }
    for (const auto& other : ranges) {
      if (other.name == t.name)
        r.fail(r.sub("name"), fmt::format("duplicate name \"{}\" (also {})", t.name, other.owner));
    }
    m.timer = t;
  }

  void parse_pmu(const json& j, const std::string& path) {
    ObjectReader r(file, j, path, {"type", "name", "interrupt"});
    if (m.pmu) r.fail(path, "only one PMU is supported (it is the core's)");
    PmuConfig p;
    p.name = r.string("name", true);
    p.interrupt = r.interrupt("interrupt", false, p.interrupt);
    if (p.interrupt.kind != Interrupt::Kind::Ppi)
      r.fail(r.sub("interrupt"), "expected a PPI, like {\"ppi\": 7} (the PMU is per core)");
    for (const auto& other : ranges) {
      if (other.name == p.name)
        r.fail(r.sub("name"), fmt::format("duplicate name \"{}\" (also {})", p.name, other.owner));
    }
    if (m.timer && m.timer->name == p.name)
      r.fail(r.sub("name"), fmt::format("duplicate name \"{}\" (also armv8-timer)", p.name));
    m.pmu = p;
  }
};

}  // namespace

MachineModel parse_machine_model(const std::string& json_text, const std::string& file) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    // nlohmann reports the byte offset; turn it into line:column.
    size_t line = 1, col = 1;
    const size_t end = std::min<size_t>(e.byte ? e.byte - 1 : 0, json_text.size());
    for (size_t i = 0; i < end; ++i) {
      if (json_text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
    if (auto pos = what.find(": "); pos != std::string::npos) what = what.substr(pos + 2);
    throw ModelError(fmt::format("{}:{}:{}: JSON {}", file, line, col, what));
  } catch (const json::exception& e) {
    // Syntactically valid JSON that cannot be represented, e.g. a number beyond
    // the range of a double ("[json.exception.out_of_range.406] number overflow").
    std::string what = e.what();
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    throw ModelError(fmt::format("{}: JSON {}", file, what));
  }
  Parser p{file, {}, {}};
  p.m.file = file;
  p.parse(root);
  return std::move(p.m);
}

MachineModel load_machine_model(const std::string& path) {
  constexpr uint64_t kMaxModel = uint64_t{16} << 20;
  return parse_machine_model(
      read_limited<ModelError, std::string>(path, "a JSON machine model", kMaxModel,
                                            "a machine model is at most 16 MiB"),
      path);
}

}  // namespace sim
