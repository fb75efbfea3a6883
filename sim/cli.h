// The el2sim command line (hand-written parser: no extra libraries).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/boot.h"

namespace sim {

struct CliOptions {
  std::optional<std::string> machine;  // model file (or a name under configs/)
  BootOptions boot;
  uint64_t max_insns = 0;  // 0: unlimited
  bool trace = false;
  std::optional<std::string> trace_file;  // --trace=FILE; stderr without
  std::optional<std::string> stats_file;
  bool semihosting = true;
  std::optional<uint16_t> gdb_port;  // --gdb PORT: serve GDB there, waiting before the start
  bool help = false;
  bool version = false;
};

// Parse argv. On a usage error returns false with `error` set to the one-line problem
// (without the "el2sim: " prefix); the caller prints it and exits with status 2.
bool parse_cli(const std::vector<std::string>& args, CliOptions& out, std::string& error);

const char* usage_text();

}  // namespace sim
