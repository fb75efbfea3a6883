#include "sim/cli.h"

#include <cerrno>
#include <cstdlib>

namespace sim {

const char* usage_text() {
  return "usage: el2sim [options] (--kernel IMAGE | --bios IMAGE)\n"
         "\n"
         "Simulate an ARMv8-A machine described by a JSON model (default: QEMU's virt\n"
         "board with EL2, configs/virt.json). The PL011 UART is on stdin/stdout.\n"
         "\n"
         "  --machine FILE      machine model (a .json file, or a name under configs/)\n"
         "  --kernel IMAGE      AArch64 ELF, arm64 Linux Image or raw binary to boot\n"
         "  --bios IMAGE        firmware image for the first flash bank; starts at its base\n"
         "  --dtb FILE          device tree blob to pass instead of the generated one\n"
         "  --append ARGS       kernel command line (/chosen/bootargs)\n"
         "  --initrd FILE       initial ramdisk, loaded after the kernel\n"
         "  --max-insns N       stop after N steps: instructions and exceptions taken\n"
         "                      (exit status 3)\n"
         "  --trace[=FILE]      trace instructions and exceptions (default: stderr)\n"
         "  --stats FILE        write statistics as JSON at exit\n"
         "  --no-semihosting    HLT #0xF000 is not a semihosting call\n"
         "  --gdb PORT          wait for GDB (target remote :PORT) on 127.0.0.1:PORT before\n"
         "                      the first instruction (0: a free port, printed)\n"
         "  --help              show this help\n"
         "  --version           show the version\n"
         "\n"
         "Exit status: the guest's (PSCI SYSTEM_OFF: 0; semihosting SYS_EXIT: its\n"
         "status), 1 bad model or image, 2 bad command line, 3 instruction limit reached,\n"
         "4 deadlock (WFI with no possible wake-up, or every core off).\n";
}

namespace {

bool parse_u64(const std::string& s, uint64_t& out) {
  if (s.empty() || s[0] == '-' || s[0] == '+') return false;
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(s.c_str(), &end, 0);
  if (errno != 0 || *end != '\0') return false;
  out = v;
  return true;
}

}  // namespace

bool parse_cli(const std::vector<std::string>& args, CliOptions& out, std::string& error) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        inline_value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
      }
    }
    // An option that takes a value: --opt VALUE or --opt=VALUE.
    auto value = [&](std::string& v) -> bool {
      if (inline_value) {
        v = *inline_value;
      } else if (i + 1 < args.size()) {
        v = args[++i];
      } else {
        error = "option " + arg + " needs an argument";
        return false;
      }
      if (v.empty()) {
        error = "option " + arg + " needs a non-empty argument";
        return false;
      }
      return true;
    };
    auto no_value = [&]() -> bool {
      if (inline_value) {
        error = "option " + arg + " takes no argument";
        return false;
      }
      return true;
    };
    std::string v;
    if (arg == "--machine") {
      if (!value(v)) return false;
      out.machine = v;
    } else if (arg == "--kernel") {
      if (!value(v)) return false;
      out.boot.kernel = v;
    } else if (arg == "--bios") {
      if (!value(v)) return false;
      out.boot.bios = v;
    } else if (arg == "--dtb") {
      if (!value(v)) return false;
      out.boot.dtb = v;
    } else if (arg == "--append") {
      if (inline_value) {
        out.boot.append = *inline_value;
      } else if (i + 1 < args.size()) {
        out.boot.append = args[++i];
      } else {
        error = "option --append needs an argument";
        return false;
      }
    } else if (arg == "--initrd") {
      if (!value(v)) return false;
      out.boot.initrd = v;
    } else if (arg == "--max-insns") {
      if (!value(v)) return false;
      if (!parse_u64(v, out.max_insns) || out.max_insns == 0) {
        error = "--max-insns: expected a positive integer, got '" + v + "'";
        return false;
      }
    } else if (arg == "--trace") {
      out.trace = true;
      if (inline_value) {
        if (inline_value->empty()) {
          error = "option --trace= needs a file name";
          return false;
        }
        out.trace_file = *inline_value;
      }
    } else if (arg == "--stats") {
      if (!value(v)) return false;
      out.stats_file = v;
    } else if (arg == "--gdb") {
      if (!value(v)) return false;
      uint64_t port = 0;
      if (!parse_u64(v, port) || port > 65535) {
        error = "--gdb: expected a TCP port from 0 to 65535, got '" + v + "'";
        return false;
      }
      out.gdb_port = static_cast<uint16_t>(port);
    } else if (arg == "--no-semihosting") {
      if (!no_value()) return false;
      out.semihosting = false;
    } else if (arg == "--help" || arg == "-h") {
      if (!no_value()) return false;
      out.help = true;
    } else if (arg == "--version") {
      if (!no_value()) return false;
      out.version = true;
    } else if (!arg.empty() && arg[0] == '-') {
      error = "unknown option '" + args[i] + "' (see --help)";
      return false;
    } else {
      error = "unexpected argument '" + arg + "' (images are given with --kernel or --bios)";
      return false;
    }
  }
  return true;
}

}  // namespace sim
