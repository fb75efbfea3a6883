#include <libfdt.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "sim/boot.h"
#include "sim/fdt_builder.h"
#include "sim/image_loader.h"
#include "sim/machine_model.h"

namespace {

const sim::MachineModel& virt() {
  static const sim::MachineModel m =
      sim::load_machine_model(EL2SIM_SOURCE_DIR "/configs/virt.json");
  return m;
}

template <typename T>
void put(std::vector<uint8_t>& f, size_t off, T v) {
  if (f.size() < off + sizeof v) f.resize(off + sizeof v);
  std::memcpy(f.data() + off, &v, sizeof v);
}

// A minimal ELF64 executable with one PT_LOAD of `code` at paddr.
std::vector<uint8_t> make_elf(uint64_t paddr, uint64_t entry, const std::vector<uint8_t>& code,
                              uint16_t machine = 183, uint64_t memsz = 0) {
  std::vector<uint8_t> f(64 + 56, 0);
  const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  std::memcpy(f.data(), ident, 16);
  put<uint16_t>(f, 16, 2);        // ET_EXEC
  put<uint16_t>(f, 18, machine);  // e_machine
  put<uint32_t>(f, 20, 1);
  put<uint64_t>(f, 24, entry);
  put<uint64_t>(f, 32, 64);  // e_phoff
  put<uint16_t>(f, 52, 64);
  put<uint16_t>(f, 54, 56);  // e_phentsize
  put<uint16_t>(f, 56, 1);   // e_phnum
  put<uint32_t>(f, 64, 1);   // PT_LOAD
  put<uint32_t>(f, 68, 5);
  put<uint64_t>(f, 72, 120);  // p_offset
  put<uint64_t>(f, 80, paddr);
  put<uint64_t>(f, 88, paddr);
  put<uint64_t>(f, 96, code.size());
  put<uint64_t>(f, 104, memsz ? memsz : code.size());
  f.insert(f.end(), code.begin(), code.end());
  return f;
}

std::string elf_error(const std::vector<uint8_t>& f) {
  try {
    sim::parse_elf(f, "k.elf", virt());
  } catch (const sim::ImageError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string write_temp(const std::string& name, const std::vector<uint8_t>& data) {
  const std::string path = "sim_tests_" + name;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  return path;
}

const void* prop(const std::vector<uint8_t>& fdt, const char* path, const char* name, int* len) {
  const int node = fdt_path_offset(fdt.data(), path);
  if (node < 0) return nullptr;
  return fdt_getprop(fdt.data(), node, name, len);
}

uint64_t be64(const void* p, int index = 0) {
  uint64_t v;
  std::memcpy(&v, static_cast<const uint8_t*>(p) + 8 * index, 8);
  return fdt64_to_cpu(v);
}

}  // namespace

TEST_CASE("ELF: a valid AArch64 executable loads at its physical address", "[loader]") {
  const auto f = make_elf(0x40080000, 0x40080004, {1, 2, 3, 4, 5, 6, 7, 8}, 183, 0x20);
  const sim::KernelImage img = sim::parse_elf(f, "k.elf", virt());
  CHECK(img.kind == sim::KernelImage::Kind::Elf);
  CHECK(img.entry == 0x40080004);
  REQUIRE(img.segments.size() == 1);
  CHECK(img.segments[0].addr == 0x40080000);
  CHECK(img.segments[0].bytes.size() == 8);  // p_filesz, then zeros to p_memsz
  CHECK(img.segments[0].zeros == 0x18);
  CHECK(img.segments[0].bytes[0] == 1);
  CHECK(img.segments[0].end() == 0x40080020);
  CHECK(img.low == 0x40080000);
  CHECK(img.high == 0x40080020);
}

TEST_CASE("ELF: bad files are refused with the reason", "[loader]") {
  auto good = make_elf(0x40080000, 0x40080000, {0, 0, 0, 0});
  SECTION("wrong machine") {
    CHECK(elf_error(make_elf(0x40080000, 0x40080000, {0, 0, 0, 0}, 62)) ==
          "k.elf: ELF machine 62 (x86-64), expected AArch64 (183)");
  }
  SECTION("32-bit") {
    good[4] = 1;
    CHECK(elf_error(good) == "k.elf: ELF class 1 (32-bit), expected ELF64");
  }
  SECTION("big-endian") {
    good[5] = 2;
    CHECK(elf_error(good) == "k.elf: big-endian ELF, expected little-endian");
  }
  SECTION("truncated header") {
    good.resize(40);
    CHECK(elf_error(good) == "k.elf: truncated ELF header");
  }
  SECTION("truncated program headers") {
    good.resize(100);
    CHECK(elf_error(good) == "k.elf: truncated: program headers end beyond the file (100 bytes)");
  }
  SECTION("truncated segment") {
    good.resize(121);
    CHECK(elf_error(good) ==
          "k.elf: truncated: segment 0 (0x4 bytes at file offset 0x78) ends "
          "beyond the file (121 bytes)");
  }
  SECTION("segment outside memory") {
    CHECK(elf_error(make_elf(0x80000000, 0x80000000, {0, 0, 0, 0})) ==
          "k.elf: segment 0 at 0x80000000-0x80000003 is outside RAM and flash");
  }
  SECTION("segment straddling the end of RAM") {
    CHECK(elf_error(make_elf(0x4FFFFFFE, 0x4FFFFFFE, {0, 0, 0, 0})) ==
          "k.elf: segment 0 at 0x4ffffffe-0x50000001 is outside RAM and flash");
  }
  SECTION("overlapping segments") {
    // Two PT_LOADs, the second starting inside the first (QEMU refuses them too).
    std::vector<uint8_t> two(180, 0);  // header, two program headers, 4 bytes of code
    std::memcpy(two.data(), good.data(), 120);
    std::memcpy(two.data() + 120, good.data() + 64, 56);
    put<uint16_t>(two, 56, 2);            // e_phnum
    put<uint64_t>(two, 72, 176);          // the first's p_offset
    put<uint64_t>(two, 128, 176);         // the second's p_offset
    put<uint64_t>(two, 136, 0x40080002);  // p_vaddr
    put<uint64_t>(two, 144, 0x40080002);  // p_paddr
    CHECK(elf_error(two) ==
          "k.elf: loadable segments overlap: 0x40080000-0x40080003 and 0x40080002-0x40080005");
    put<uint64_t>(two, 144, 0x40080004);  // adjacent: fine
    CHECK(elf_error(two) == "(no error)");
  }
  SECTION("entry outside memory") {
    CHECK(elf_error(make_elf(0x40080000, 0x30000000, {0, 0, 0, 0})) ==
          "k.elf: entry point 0x30000000 is outside RAM and flash");
  }
}

TEST_CASE("raw images and arm64 Images are placed as QEMU does", "[loader]") {
  std::vector<uint8_t> raw(100, 0xAA);
  sim::KernelImage img = sim::parse_linux_or_raw(raw, "raw.bin", virt());
  CHECK(img.kind == sim::KernelImage::Kind::Raw);
  CHECK(img.entry == 0x40080000);

  std::vector<uint8_t> image(0x1000, 0);
  std::memcpy(image.data() + 0x38, "ARM\x64", 4);
  put<uint64_t>(image, 0x08, 0);         // text_offset 0
  put<uint64_t>(image, 0x10, 0x200000);  // image_size
  img = sim::parse_linux_or_raw(image, "Image", virt());
  CHECK(img.kind == sim::KernelImage::Kind::LinuxImage);
  CHECK(img.entry == 0x40200000);  // text_offset < 4 KiB: + 2 MiB
  CHECK(img.high == 0x40400000);
  put<uint64_t>(image, 0x08, 0x80000);
  CHECK(sim::parse_linux_or_raw(image, "Image", virt()).entry == 0x40080000);
  put<uint64_t>(image, 0x10, 0);  // no image_size: text_offset is not valid
  put<uint64_t>(image, 0x08, 0x12345000);
  CHECK(sim::parse_linux_or_raw(image, "Image", virt()).entry == 0x40080000);

  try {
    sim::parse_linux_or_raw({}, "empty.bin", virt());
    FAIL("no error");
  } catch (const sim::ImageError& e) {
    CHECK(std::string(e.what()) == "empty.bin: empty image");
  }
  std::vector<uint8_t> huge(1, 0);
  put<uint64_t>(image, 0x10, 0x20000000);  // 512 MiB image_size
  put<uint64_t>(image, 0x08, 0);
  CHECK_THROWS_WITH(sim::parse_linux_or_raw(image, "big", virt()),
                    "big: image of 536870912 bytes at 0x40200000 does not fit in RAM "
                    "(0x40000000-0x4fffffff)");
}

TEST_CASE("the generated device tree describes the model", "[fdt]") {
  sim::ChosenInfo chosen;
  chosen.bootargs = "console=ttyAMA0 earlycon";
  chosen.initrd = std::make_pair(0x48000000ull, 0x48001000ull);
  const std::vector<uint8_t> fdt = sim::build_fdt(virt(), chosen);
  REQUIRE(fdt_check_header(fdt.data()) == 0);
  int len = 0;
  const void* reg = prop(fdt, "/memory@40000000", "reg", &len);
  REQUIRE(reg);
  REQUIRE(len == 16);
  CHECK(be64(reg, 0) == 0x40000000);
  CHECK(be64(reg, 1) == 256ull << 20);
  CHECK(std::string(static_cast<const char*>(prop(fdt, "/chosen", "bootargs", &len))) ==
        "console=ttyAMA0 earlycon");
  CHECK(std::string(static_cast<const char*>(prop(fdt, "/chosen", "stdout-path", &len))) ==
        "/pl011@9000000");
  CHECK(be64(prop(fdt, "/chosen", "linux,initrd-start", &len)) == 0x48000000);
  CHECK(be64(prop(fdt, "/chosen", "linux,initrd-end", &len)) == 0x48001000);
  CHECK(std::string(static_cast<const char*>(prop(fdt, "/psci", "method", &len))) == "smc");
  const char* compat = static_cast<const char*>(prop(fdt, "/psci", "compatible", &len));
  CHECK(std::string(compat, static_cast<size_t>(len)) ==
        std::string("arm,psci-1.0\0arm,psci-0.2\0arm,psci\0", 35));
  CHECK(std::string(static_cast<const char*>(prop(fdt, "/cpus/cpu@0", "compatible", &len))) ==
        "arm,cortex-a57");
  CHECK(std::string(static_cast<const char*>(prop(fdt, "/intc@8000000", "compatible", &len))) ==
        "arm,cortex-a15-gic");
  prop(fdt, "/intc@8000000", "reg", &len);
  CHECK(len == 4 * 16);  // GICD, GICC, GICH, GICV
  const auto* irqs = static_cast<const fdt32_t*>(prop(fdt, "/timer", "interrupts", &len));
  REQUIRE(len == 12 * 4);
  CHECK(fdt32_to_cpu(irqs[1]) == 13);
  CHECK(fdt32_to_cpu(irqs[2]) == 0x104);
  CHECK(fdt32_to_cpu(irqs[10]) == 10);
  // The PMU as QEMU's virt board describes it: PPI 7, level-high, to CPU 0.
  CHECK(std::string(static_cast<const char*>(prop(fdt, "/pmu", "compatible", &len))) ==
        "arm,armv8-pmuv3");
  const auto* pirq = static_cast<const fdt32_t*>(prop(fdt, "/pmu", "interrupts", &len));
  REQUIRE(len == 12);
  CHECK(fdt32_to_cpu(pirq[0]) == 1);
  CHECK(fdt32_to_cpu(pirq[1]) == 7);
  CHECK(fdt32_to_cpu(pirq[2]) == 0x104);
  const auto* uirq = static_cast<const fdt32_t*>(prop(fdt, "/pl011@9000000", "interrupts", &len));
  REQUIRE(len == 12);
  CHECK(fdt32_to_cpu(uirq[0]) == 0);
  CHECK(fdt32_to_cpu(uirq[1]) == 1);
  const auto* clk = static_cast<const fdt32_t*>(prop(fdt, "/apb-pclk", "clock-frequency", &len));
  CHECK(fdt32_to_cpu(*clk) == 24000000);
  prop(fdt, "/flash@0", "reg", &len);
  CHECK(len == 2 * 16);
  // PL031 and the 32 empty virtio-mmio transports, as QEMU's virt lists them.
  const char* rtc = static_cast<const char*>(prop(fdt, "/pl031@9010000", "compatible", &len));
  CHECK(std::string(rtc, static_cast<size_t>(len)) ==
        std::string("arm,pl031\0arm,primecell\0", 24));
  const auto* rirq = static_cast<const fdt32_t*>(prop(fdt, "/pl031@9010000", "interrupts", &len));
  REQUIRE(len == 12);
  CHECK(fdt32_to_cpu(rirq[1]) == 2);
  CHECK(fdt32_to_cpu(rirq[2]) == 4);
  CHECK(std::string(static_cast<const char*>(prop(fdt, "/pl031@9010000", "clock-names", &len))) ==
        "apb_pclk");
  for (unsigned n : {0u, 31u}) {
    char node[32];
    std::snprintf(node, sizeof node, "/virtio_mmio@%x", 0x0a000000 + n * 0x200);
    CHECK(std::string(static_cast<const char*>(prop(fdt, node, "compatible", &len))) ==
          "virtio,mmio");
    const auto* reg = static_cast<const fdt32_t*>(prop(fdt, node, "reg", &len));
    REQUIRE(len == 16);
    CHECK(fdt32_to_cpu(reg[1]) == 0x0a000000 + n * 0x200);
    CHECK(fdt32_to_cpu(reg[3]) == 0x200);
    const auto* virq = static_cast<const fdt32_t*>(prop(fdt, node, "interrupts", &len));
    REQUIRE(len == 12);
    CHECK(fdt32_to_cpu(virq[1]) == 16 + n);
    CHECK(fdt32_to_cpu(virq[2]) == 1);  // edge rising
    CHECK(prop(fdt, node, "dma-coherent", &len) != nullptr);
  }
  // Lowest address first, as in QEMU's tree.
  const int first_virtio = fdt_path_offset(fdt.data(), "/virtio_mmio@a000000");
  const int second_virtio = fdt_path_offset(fdt.data(), "/virtio_mmio@a000200");
  CHECK(fdt_next_subnode(fdt.data(), first_virtio) == second_virtio);

  sim::MachineModel el1 = sim::load_machine_model(EL2SIM_SOURCE_DIR "/configs/virt-el1.json");
  const std::vector<uint8_t> f1 = sim::build_fdt(el1, {});
  CHECK(std::string(static_cast<const char*>(prop(f1, "/psci", "method", &len))) == "hvc");
  prop(f1, "/intc@8000000", "reg", &len);
  CHECK(len == 2 * 16);
  CHECK(prop(f1, "/intc@8000000", "interrupts", &len) == nullptr);
}

TEST_CASE("a user device tree is checked and /chosen patched", "[fdt]") {
  const std::vector<uint8_t> orig = sim::build_fdt(virt(), {});
  sim::ChosenInfo chosen;
  chosen.bootargs = "root=/dev/vda";
  const std::vector<uint8_t> patched = sim::patch_user_fdt(orig, "u.dtb", chosen);
  int len = 0;
  CHECK(std::string(static_cast<const char*>(prop(patched, "/chosen", "bootargs", &len))) ==
        "root=/dev/vda");
  std::vector<uint8_t> bad = orig;
  bad[0] = 0;
  CHECK_THROWS_WITH(sim::patch_user_fdt(bad, "u.dtb", chosen),
                    "u.dtb: not a valid device tree blob: FDT_ERR_BADMAGIC");
  CHECK_THROWS_WITH(sim::patch_user_fdt({1, 2, 3}, "u.dtb", chosen),
                    "u.dtb: not a device tree blob (too short)");
  // Version 15 (names as full paths): refused before libfdt's checks, which crash
  // on some such blobs (tests/fuzz/corpus/fdt/old_version.dtb).
  std::vector<uint8_t> old = orig;
  old[23] = 15;  // version (big-endian, bytes 20-23)
  old[27] = 2;   // last compatible version
  CHECK_THROWS_WITH(sim::patch_user_fdt(old, "u.dtb", chosen),
                    "u.dtb: device tree blob version 15 (expected 16 or later)");
  // A property whose length wraps the offset back to its own token: libfdt 1.6's
  // fdt_check_full() would loop for ever (tests/fuzz/corpus/fdt/prop_length_wraps.dtb).
  std::vector<uint8_t> wrap = orig;
  const int po = fdt_first_property_offset(wrap.data(), 0);
  REQUIRE(po >= 0);
  const size_t len_at = fdt_off_dt_struct(wrap.data()) + static_cast<size_t>(po) + 4;
  for (size_t i = 0; i < 4; ++i) wrap[len_at + i] = i < 3 ? 0xFF : 0xF4;
  CHECK_THROWS_WITH(
      sim::patch_user_fdt(wrap, "u.dtb", chosen),
      fmt::format("u.dtb: corrupt device tree blob: a property of 4294967284 bytes "
                  "that runs past the end of the block (structure block offset {:#x})",
                  po));
  // No FDT_END: the structure block ends in the middle of the tree.
  std::vector<uint8_t> open = orig;
  const size_t end_at =
      fdt_off_dt_struct(open.data()) + fdt_size_dt_struct(open.data()) - 4;  // FDT_END
  REQUIRE(open[end_at + 3] == FDT_END);
  open[end_at + 3] = FDT_NOP;
  CHECK_THROWS_WITH(sim::patch_user_fdt(open, "u.dtb", chosen),
                    Catch::Matchers::StartsWith(
                        "u.dtb: corrupt device tree blob: no FDT_END token before the end of the "
                        "block"));
  std::vector<uint8_t> cut(orig.begin(), orig.begin() + 200);
  CHECK_THROWS_WITH(sim::patch_user_fdt(cut, "u.dtb", chosen),
                    Catch::Matchers::StartsWith("u.dtb: "));
}

TEST_CASE("boot plans follow QEMU's placement", "[boot]") {
  const std::string elf = write_temp("k.elf", make_elf(0x40080000, 0x40080000, {0, 0, 0, 0}));
  const std::string raw = write_temp("k.bin", std::vector<uint8_t>(64, 0));
  sim::BootOptions o;
  SECTION("ELF: DTB at RAM base, x0 = 0") {
    o.kernel = elf;
    const sim::BootPlan p = sim::plan_boot(virt(), o);
    CHECK(p.entry == 0x40080000);
    CHECK(p.dtb_addr == 0x40000000);
    CHECK(p.x[0] == 0);
  }
  SECTION("raw: DTB after the initrd area, x0 = DTB") {
    o.kernel = raw;
    const sim::BootPlan p = sim::plan_boot(virt(), o);
    CHECK(p.entry == 0x40080000);
    CHECK(p.dtb_addr == 0x48000000);
    CHECK(p.x[0] == 0x48000000);
  }
  SECTION("raw with initrd") {
    o.kernel = raw;
    o.initrd = write_temp("initrd", std::vector<uint8_t>(0x300000, 1));
    const sim::BootPlan p = sim::plan_boot(virt(), o);
    REQUIRE(p.initrd);
    CHECK(p.initrd->first == 0x48000000);
    CHECK(p.initrd->second == 0x48300000);
    CHECK(p.dtb_addr == 0x48400000);
  }
  SECTION("bios: flash at 0, DTB at RAM base") {
    o.bios = raw;
    const sim::BootPlan p = sim::plan_boot(virt(), o);
    CHECK(p.entry == 0);
    CHECK(p.dtb_addr == 0x40000000);
    CHECK(p.segments.front().addr == 0);
  }
  SECTION("nothing to run") {
    CHECK_THROWS_WITH(sim::plan_boot(virt(), o), "nothing to run: give --kernel or --bios");
  }
  SECTION("missing file") {
    o.kernel = "/nonexistent/kernel";
    CHECK_THROWS_WITH(sim::plan_boot(virt(), o),
                      "/nonexistent/kernel: cannot open: No such file or directory");
  }
}
