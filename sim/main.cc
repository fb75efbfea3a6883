// el2sim: the command-line front end.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <systemc>

#include "sim/boot.h"
#include "sim/cli.h"
#include "sim/fdt_builder.h"
#include "sim/gdb_stub.h"
#include "sim/image_loader.h"
#include "sim/machine_model.h"
#include "sim/platform.h"
#include "sim/tracer.h"

#ifndef EL2SIM_SOURCE_DIR
#define EL2SIM_SOURCE_DIR "."
#endif
#ifndef EL2SIM_VERSION
#define EL2SIM_VERSION "0.0.0"
#endif

// AddressSanitizer builds (EL2SIM_SANITIZE): SystemC switches between its thread
// stacks without telling the sanitizer, which may then take one of them for the
// main thread's stack ("stack pointer not in stack range"); LeakSanitizer's scan of
// that range at exit faulted in about one run in eight ("Tracer caught signal 11").
// The scan runs after sc_main has returned, when no stack holds a live object, so it
// leaves stacks out.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EL2SIM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(EL2SIM_ASAN)
#define EL2SIM_ASAN 1
#endif
#ifdef EL2SIM_ASAN
#include <sanitizer/lsan_interface.h>
extern "C" const char* __lsan_default_options() { return "use_stacks=0"; }
#endif

namespace {

// Directories that hold the shipped machine models: next to an installed binary
// (<prefix>/share/el2sim/configs), then the source tree this binary was built from.
std::vector<std::string> config_dirs() {
  std::vector<std::string> dirs;
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    std::string exe(buf, static_cast<size_t>(n));
    const std::string dir = exe.substr(0, exe.rfind('/'));
    dirs.push_back(dir + "/../share/el2sim/configs");
    dirs.push_back(dir + "/../../configs");
  }
  dirs.push_back(std::string(EL2SIM_SOURCE_DIR) + "/configs");
  return dirs;
}

bool exists(const std::string& p) { return access(p.c_str(), R_OK) == 0; }

// --machine: a path, or a bare name ("virt", "virt-el1") of a shipped model.
std::string resolve_machine(const std::optional<std::string>& arg) {
  const std::string name = arg.value_or("virt");
  if (arg && (name.find('/') != std::string::npos || exists(name))) return name;
  const std::string file = name.size() > 5 && name.ends_with(".json") ? name : name + ".json";
  for (const auto& d : config_dirs()) {
    if (exists(d + "/" + file)) return d + "/" + file;
  }
  if (!arg) return std::string(EL2SIM_SOURCE_DIR) + "/configs/virt.json";
  // Neither a file nor a shipped model: name the shipped ones.
  std::vector<std::string> shipped;
  for (const auto& d : config_dirs()) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(d, ec))
      if (e.path().extension() == ".json") shipped.push_back(e.path().stem().string());
    if (!shipped.empty()) break;
  }
  std::sort(shipped.begin(), shipped.end());
  throw sim::ModelError(fmt::format(
      "{}: no such file, and no shipped machine model of that name "
      "(shipped: {})",
      name,
      shipped.empty() ? std::string("none found") : fmt::format("{}", fmt::join(shipped, ", "))));
}

int fail(const std::string& msg, int status) {
  std::fflush(stdout);
  std::fprintf(stderr, "el2sim: %s\n", msg.c_str());
  return status;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  std::vector<std::string> args(argv + 1, argv + argc);
  sim::CliOptions opts;
  std::string error;
  if (!sim::parse_cli(args, opts, error)) return fail(error, 2);
  if (opts.help) {
    std::fputs(sim::usage_text(), stdout);
    return 0;
  }
  if (opts.version) {
    std::printf("el2sim %s (SystemC %s)\n", EL2SIM_VERSION, sc_core::sc_release());
    return 0;
  }

  std::string machine_path;
  sim::MachineModel model;
  try {
    machine_path = resolve_machine(opts.machine);
    model = sim::load_machine_model(machine_path);
  } catch (const sim::ModelError& e) {
    return fail(e.what(), 1);
  }
  sim::BootPlan plan;
  try {
    plan = sim::plan_boot(model, opts.boot);
  } catch (const sim::ImageError& e) {
    return fail(e.what(), 1);
  } catch (const sim::FdtError& e) {
    return fail(e.what(), 1);
  }

  FILE* trace_out = nullptr;
  std::unique_ptr<sim::TextTracer> tracer;
  if (opts.trace) {
    trace_out = opts.trace_file ? std::fopen(opts.trace_file->c_str(), "w") : stderr;
    if (!trace_out) return fail(fmt::format("{}: cannot open for writing", *opts.trace_file), 1);
    tracer = std::make_unique<sim::TextTracer>(trace_out);
  }
  std::unique_ptr<std::ofstream> stats_out;
  if (opts.stats_file) {
    stats_out = std::make_unique<std::ofstream>(*opts.stats_file);
    if (!*stats_out) return fail(fmt::format("{}: cannot open for writing", *opts.stats_file), 1);
  }

  // Quiet the kernel's own chatter: el2sim's stdout is the guest's console.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);

  sim::Console console;
  sim::PlatformOptions popts;
  popts.max_insns = opts.max_insns;
  popts.semihosting = opts.semihosting;
  popts.tracer = tracer.get();
  std::unique_ptr<sim::GdbStub> gdb;
  if (opts.gdb_port) {
    try {
      gdb = std::make_unique<sim::GdbStub>(*opts.gdb_port);
    } catch (const std::runtime_error& e) {
      return fail(e.what(), 1);
    }
    popts.debugger = gdb.get();
  }
  std::unique_ptr<sim::Platform> platform_holder;
  try {
    platform_holder = std::make_unique<sim::Platform>(model, std::move(plan), popts, console);
  } catch (const sim::ModelError& e) {
    return fail(fmt::format("{}: {}", machine_path, e.what()), 1);
  }
  sim::Platform& platform = *platform_holder;
  if (gdb) {
    gdb->set_stats_source([&platform] {
      std::vector<std::pair<std::string, std::string>> out;
      const nlohmann::json stats = platform.stats();
      for (auto it = stats.begin(); it != stats.end(); ++it)
        out.emplace_back(it.key(), it.value().dump());
      return out;
    });
  }
  const int status = platform.run();

  // Only simulated quantities: the same inputs give the same file, bit for bit
  // (host speed is measured from outside, by bench/).
  // A statistics or trace file not written in full (a full disk) is an error, whatever
  // the guest's status.
  int result = status;
  if (stats_out) {
    *stats_out << platform.stats().dump(2) << "\n";
    stats_out->close();
    if (!*stats_out)
      result = fail(fmt::format("{}: write error: {}", *opts.stats_file, std::strerror(errno)), 1);
  }
  if (trace_out && trace_out != stderr) {
    const bool failed = std::ferror(trace_out) != 0;
    if (std::fclose(trace_out) != 0 || failed)
      result = fail(fmt::format("{}: write error: {}", *opts.trace_file, std::strerror(errno)), 1);
  }
  std::fflush(stdout);
  return result;
}

int main(int argc, char* argv[]) {
  // The SystemC banner would go to stdout, which is the guest's console.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
