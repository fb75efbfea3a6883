#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sim/machine_model.h"

using sim::MachineModel;
using sim::ModelError;
using sim::parse_machine_model;

namespace {

// A small valid model; tests edit it as JSON.
nlohmann::json base_model() {
  return nlohmann::json::parse(R"({
    "name": "t",
    "cpus": {"count": 1, "model": "cortex-a57", "frequency_hz": 1000000000, "quantum_ns": 1000},
    "virtualization": true,
    "memory": [
      {"name": "flash0", "type": "flash", "base": "0x0", "size": "64MiB"},
      {"name": "ram", "type": "ram", "base": "0x40000000", "size": "256MiB", "latency_ns": 5}
    ],
    "devices": [
      {"type": "pl011", "name": "uart0", "base": "0x09000000", "interrupt": {"spi": 1}},
      {"type": "gicv2", "name": "gic", "distributor": "0x08000000", "cpu_interface": "0x08010000",
       "hyp_interface": "0x08030000", "virtual_cpu_interface": "0x08040000"},
      {"type": "armv8-timer", "name": "timer"}
    ]
  })");
}

std::string error_of(const nlohmann::json& j) {
  try {
    parse_machine_model(j.dump(), "m.json");
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string error_of_text(const std::string& text) {
  try {
    parse_machine_model(text, "bad.json");
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a valid model parses into the plain structs", "[model]") {
  const MachineModel m = parse_machine_model(base_model().dump(), "m.json");
  CHECK(m.name == "t");
  CHECK(m.cpus.frequency_hz == 1000000000);
  CHECK(m.cpus.quantum_ns == 1000);
  CHECK(m.virtualization);
  CHECK(m.psci == sim::PsciConduit::Smc);
  REQUIRE(m.memory.size() == 2);
  CHECK(m.memory[1].base == 0x40000000);
  CHECK(m.memory[1].size == 256ull << 20);
  CHECK(m.memory[1].latency_ns == 5);
  CHECK(m.boot_ram().name == "ram");
  REQUIRE(m.uarts.size() == 1);
  CHECK(m.uarts[0].size == 0x1000);
  CHECK(m.uarts[0].interrupt.intid() == 33);
  CHECK(m.uarts[0].clock_hz == 24000000);
  REQUIRE(m.gic);
  CHECK(m.gic->maintenance_interrupt.intid() == 25);
  REQUIRE(m.timer);
  CHECK(m.timer->phys.intid() == 30);
  CHECK(m.timer->hyp.intid() == 26);
  CHECK(m.memory_containing(0x40000000, 0x1000) == &m.memory[1]);
  CHECK(m.memory_containing(0x4FFFFFFF, 2) == nullptr);
}

TEST_CASE("virtualization off selects the HVC conduit", "[model]") {
  auto j = base_model();
  j["virtualization"] = false;
  CHECK(parse_machine_model(j.dump(), "m.json").psci == sim::PsciConduit::Hvc);
  j["psci"] = {{"conduit", "none"}};
  CHECK(parse_machine_model(j.dump(), "m.json").psci == sim::PsciConduit::None);
}

TEST_CASE("the shipped models parse", "[model]") {
  const MachineModel v = sim::load_machine_model(EL2SIM_SOURCE_DIR "/configs/virt.json");
  CHECK(v.boot_ram().base == 0x40000000);
  CHECK(v.boot_ram().size == 256ull << 20);
  CHECK(v.uarts.at(0).base == 0x09000000);
  CHECK(v.psci == sim::PsciConduit::Smc);
  // The Cortex-A53 TRM's TLB hierarchy, walk cache included.
  CHECK(v.cpus.tlb.main.entries == 512);
  CHECK(v.cpus.tlb.walk.entries == 64);
  CHECK(v.cpus.tlb.walk.ways == 4);
  const MachineModel e = sim::load_machine_model(EL2SIM_SOURCE_DIR "/configs/virt-el1.json");
  CHECK_FALSE(e.virtualization);
  CHECK(e.psci == sim::PsciConduit::Hvc);
  CHECK_FALSE(e.gic->hyp_interface);
}

TEST_CASE("sizes: integers and strings with binary units", "[model]") {
  CHECK(sim::parse_size_string("4096") == 4096u);
  CHECK(sim::parse_size_string("0x1000") == 4096u);
  CHECK(sim::parse_size_string("64KiB") == 65536u);
  CHECK(sim::parse_size_string("256MiB") == 256ull << 20);
  CHECK(sim::parse_size_string("256M") == 256ull << 20);
  CHECK(sim::parse_size_string("2 GiB") == 2ull << 30);
  CHECK_FALSE(sim::parse_size_string("12 apples"));
  CHECK_FALSE(sim::parse_size_string(""));
  CHECK_FALSE(sim::parse_size_string("-1"));
  CHECK_FALSE(sim::parse_size_string("99999999999999999999"));
}

TEST_CASE("bad fields give one line naming file, path and expectation", "[model]") {
  auto j = base_model();
  SECTION("wrongly typed size") {
    j["memory"][1]["size"] = true;
    CHECK(error_of(j) ==
          "m.json: memory[1].size: expected a size (integer or string like \"256MiB\"), got true");
  }
  SECTION("malformed size string") {
    j["memory"][1]["size"] = "lots";
    CHECK(error_of(j) ==
          "m.json: memory[1].size: expected a size (integer or string like "
          "\"256MiB\"), got \"lots\"");
  }
  SECTION("GIC windows too small for the CPU interface") {
    j["devices"][1]["region_size"] = "4KiB";
    CHECK(error_of(j) ==
          "m.json: devices[1].region_size: expected at least 8KiB (the CPU interfaces' "
          "registers), got 0x1000");
  }
  SECTION("bad address") {
    j["devices"][0]["base"] = 1.5;
    CHECK(error_of(j) ==
          "m.json: devices[0].base: expected an address (integer or string like "
          "\"0x40000000\"), got 1.5");
  }
  SECTION("unknown key") {
    j["memory"][0]["sise"] = 4;
    CHECK(error_of(j) ==
          "m.json: memory[0].sise: unknown key (expected one of: name, type, "
          "base, size, latency_ns)");
  }
  SECTION("unknown top-level key") {
    j["virtualisation"] = true;
    CHECK(error_of(j) ==
          "m.json: virtualisation: unknown key (expected one of: name, "
          "description, cpus, virtualization, psci, memory, devices)");
  }
  SECTION("missing required field") {
    j["memory"][1].erase("base");
    CHECK(error_of(j) == "m.json: memory[1]: missing required key \"base\"");
  }
  SECTION("missing cpus") {
    j.erase("cpus");
    CHECK(error_of(j) == "m.json: missing required key \"cpus\"");
  }
  SECTION("unknown device type") {
    j["devices"][0]["type"] = "pl012";
    CHECK(error_of(j) ==
          "m.json: devices[0].type: unknown device type \"pl012\" (expected one "
          "of: pl011, gicv2, armv8-timer, armv8-pmu, pl031, virtio-mmio)");
  }
  SECTION("unknown memory type") {
    j["memory"][0]["type"] = "rom";
    CHECK(error_of(j) ==
          "m.json: memory[0].type: unknown memory type \"rom\" (expected one of: ram, flash)");
  }
  SECTION("overlapping regions") {
    j["memory"][1]["base"] = "0x03000000";
    CHECK(error_of(j) ==
          "m.json: memory[1].base: region 0x03000000-0x12ffffff overlaps "
          "memory[0] \"flash0\" at 0x00000000-0x03ffffff");
  }
  SECTION("device overlapping memory") {
    j["devices"][0]["base"] = "0x40001000";
    CHECK(error_of(j) ==
          "m.json: devices[0].base: region 0x40001000-0x40001fff overlaps "
          "memory[1] \"ram\" at 0x40000000-0x4fffffff");
  }
  SECTION("duplicate names") {
    j["devices"][0]["name"] = "ram";
    CHECK(error_of(j) ==
          "m.json: devices[0].name: duplicate name \"ram\" (also memory[1] \"ram\")");
  }
  SECTION("bad interrupt") {
    j["devices"][0]["interrupt"] = {{"irq", 1}};
    CHECK(error_of(j) ==
          "m.json: devices[0].interrupt.irq: unknown key (expected one of: "
          "spi, ppi)");
    j["devices"][0]["interrupt"] = {{"ppi", 16}};
    CHECK(error_of(j) ==
          "m.json: devices[0].interrupt.ppi: expected an integer from 0 to 15, got 16");
  }
  SECTION("PMU") {
    j["devices"].push_back({{"type", "armv8-pmu"}, {"name", "pmu"}});
    const MachineModel m = sim::parse_machine_model(j.dump(), "m.json");
    REQUIRE(m.pmu);
    CHECK(m.pmu->interrupt.intid() == 23);  // PPI 7 by default, as QEMU's virt board
    j["devices"][3]["interrupt"] = {{"spi", 7}};
    CHECK(error_of(j) ==
          "m.json: devices[3].interrupt: expected a PPI, like {\"ppi\": 7} (the PMU is per "
          "core)");
    j["devices"][3]["interrupt"] = {{"ppi", 7}};
    j["devices"][3]["name"] = "timer";
    CHECK(error_of(j) == "m.json: devices[3].name: duplicate name \"timer\" (also armv8-timer)");
    j["devices"][3]["name"] = "pmu";
    j["devices"].push_back({{"type", "armv8-pmu"}, {"name", "pmu2"}});
    CHECK(error_of(j) == "m.json: devices[4]: only one PMU is supported (it is the core's)");
  }
  SECTION("bad cpu model and count") {
    j["cpus"]["model"] = "cortex-x1";
    CHECK(error_of(j) ==
          "m.json: cpus.model: unknown CPU model \"cortex-x1\" (expected \"cortex-a57\": the "
          "core's ID registers, reset values and caches are the Cortex-A57's)");
    // A model the core would not report (its MIDR_EL1 is the Cortex-A57's) is refused
    // too, rather than named in the device tree only.
    j["cpus"]["model"] = "cortex-a53";
    CHECK(error_of(j).starts_with("m.json: cpus.model: unknown CPU model \"cortex-a53\""));
    j["cpus"]["model"] = "cortex-a57";
    j["cpus"]["count"] = 2;
    CHECK(error_of(j) == "m.json: cpus.count: expected an integer from 1 to 1, got 2");
  }
  SECTION("TLB structures") {
    j["cpus"]["tlb"] = {{"walk", {{"entries", 32}, {"ways", 2}, {"replacement", "round-robin"}}}};
    const MachineModel m = sim::parse_machine_model(j.dump(), "m.json");
    CHECK(m.cpus.tlb.walk.entries == 32);
    CHECK(m.cpus.tlb.walk.ways == 2);
    CHECK(m.cpus.tlb.walk.policy == mmu::Replacement::RoundRobin);
    CHECK(m.cpus.tlb.ipa.entries == 64);  // absent structures keep their defaults
    j["cpus"]["tlb"]["walk"]["ways"] = 3;
    CHECK(error_of(j) == "m.json: cpus.tlb.walk.ways: 3 ways do not divide 32 entries");
    j["cpus"]["tlb"] = {{"walks", {{"entries", 0}}}};
    CHECK(error_of(j) ==
          "m.json: cpus.tlb.walks: unknown key (expected one of: itlb, dtlb, main, ipa, walk, "
          "seed)");
  }
  SECTION("no RAM") {
    j["memory"].erase(1);
    CHECK(error_of(j) == "m.json: memory: expected at least one region of type \"ram\"");
  }
  SECTION("unaligned region") {
    j["memory"][1]["size"] = 100;
    CHECK(error_of(j) == "m.json: memory[1].size: expected a multiple of 4 KiB");
  }
  SECTION("bad conduit") {
    j["psci"] = {{"conduit", "svc"}};
    CHECK(error_of(j) ==
          "m.json: psci.conduit: expected one of \"auto\", \"smc\", \"hvc\", "
          "\"none\", got \"svc\"");
  }
  SECTION("wrong top-level type") {
    CHECK(error_of(nlohmann::json::array()) ==
          "m.json: expected a JSON object at the top level, got an array");
  }
}

TEST_CASE("JSON syntax errors carry line and column", "[model]") {
  CHECK(error_of_text("{\n  \"name\": \"x\",\n}\n") ==
        "bad.json:3:1: JSON syntax error while parsing object key - unexpected '}'; expected "
        "string literal");
  CHECK(error_of_text("").rfind("bad.json:1:1: JSON syntax error", 0) == 0);
}

TEST_CASE("an unreadable model file is an error naming it", "[model]") {
  try {
    sim::load_machine_model("/nonexistent/x.json");
    FAIL("no error");
  } catch (const ModelError& e) {
    CHECK(std::string(e.what()) == "/nonexistent/x.json: cannot open: No such file or directory");
  }
}

TEST_CASE("PL031 and virtio-mmio banks parse, with their ranges checked", "[model]") {
  nlohmann::json j = base_model();
  j["devices"].push_back(nlohmann::json::parse(
      R"({"type": "pl031", "name": "rtc", "base": "0x09010000", "interrupt": {"spi": 2}})"));
  j["devices"].push_back(nlohmann::json::parse(
      R"({"type": "virtio-mmio", "name": "virtio", "base": "0x0a000000", "count": 32,
          "stride": "0x200", "interrupt": {"spi": 16}})"));
  const MachineModel m = parse_machine_model(j.dump(), "m.json");
  REQUIRE(m.rtcs.size() == 1);
  CHECK(m.rtcs[0].base == 0x09010000);
  CHECK(m.rtcs[0].size == 0x1000);
  CHECK(m.rtcs[0].interrupt.intid() == 34);
  REQUIRE(m.virtio.size() == 1);
  CHECK(m.virtio[0].count == 32);
  CHECK(m.virtio[0].size() == 0x4000);
  CHECK(m.virtio[0].interrupt.intid() == 48);

  SECTION("a slot overlapping another device") {
    j["devices"][4]["base"] = "0x09010000";
    CHECK_THAT(error_of(j), Catch::Matchers::Contains("overlaps"));
  }
  SECTION("a stride that is not a power of two") {
    j["devices"][4]["stride"] = "0x300";
    CHECK(error_of(j) ==
          "m.json: devices[4].stride: expected a power of two of at least 0x100 (the register "
          "map)");
  }
  SECTION("interrupts past the last SPI") {
    j["devices"][4]["interrupt"] = {{"spi", 250}};
    CHECK(error_of(j) ==
          "m.json: devices[4].interrupt: expected an SPI with room for one per slot");
  }
  SECTION("an RTC smaller than its register map") {
    j["devices"][3]["size"] = "0x100";
    CHECK(error_of(j) ==
          "m.json: devices[3].size: expected at least 4KiB (the PL031 register map)");
  }
}
