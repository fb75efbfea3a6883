// The decode table checked against Capstone 4 (CS_ARCH_ARM64).
//
// For a deterministic random sample of the 32-bit encoding space and, exhaustively,
// for the system-instruction space (0xD5000000-0xD5FFFFFF), every encoding is
// decoded by el2sim's decode() and by Capstone:
//   * el2sim executes it, Capstone rejects it: an "el2sim-only" disagreement, which
//     must be explained by an allowlist line naming the table entry;
//   * Capstone decodes it, el2sim does not execute it: a "capstone-only"
//     disagreement, which must be explained by an allowlist line naming Capstone's
//     mnemonic (optionally with a regular expression on the operands).
// "el2sim executes" means decode() finds an entry and its body does not raise
// UNDEFINED at EL2 (some bodies reject reserved field values as UNDEFINED): such
// encodings are run on a scratch core, which must take EC 0x00 with ELR == PC.
//
//   decode_vs_capstone --allowlist FILE [--samples N] [--seed S] [--system] [--random]
// Exit status 1 on any unexplained disagreement (each class is listed with examples).
#include <capstone/capstone.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "isa/cpu.h"
#include "isa/decode.h"
#include "tests/isa/test_support.h"

namespace {

struct Rule {
  bool el2sim_only;     // else capstone-only
  std::string key;      // table identifier or Capstone mnemonic
  std::string pattern;  // optional regex on Capstone's operands (capstone-only)
  std::regex re;
  std::string reason;
  uint64_t hits = 0;
};

std::vector<Rule> load_allowlist(const std::string& path, bool& ok) {
  std::vector<Rule> rules;
  std::ifstream in(path);
  ok = static_cast<bool>(in);
  std::string line;
  while (std::getline(in, line)) {
    std::string reason;
    if (auto hash = line.find('#'); hash != std::string::npos) {
      reason = line.substr(hash + 1);
      line = line.substr(0, hash);
    }
    std::istringstream ss(line);
    std::string kind, key, pat;
    if (!(ss >> kind >> key)) continue;
    ss >> pat;
    Rule r;
    r.el2sim_only = kind == "el2sim-only";
    if (!r.el2sim_only && kind != "capstone-only") {
      std::fprintf(stderr, "allowlist: bad kind '%s'\n", kind.c_str());
      ok = false;
      continue;
    }
    r.key = key;
    r.pattern = pat;
    if (!pat.empty()) r.re = std::regex(pat);
    r.reason = reason;
    rules.push_back(std::move(r));
  }
  return rules;
}

// xorshift64*: deterministic across hosts.
struct Rng {
  uint64_t s;
  uint32_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return static_cast<uint32_t>((s * 0x2545F4914F6CDD1Dull) >> 32);
  }
};

// Runs single instructions on a scratch core at EL2, each at a fresh code slot
// (so that no predecoded slot is ever stale), and reports UNDEFINED.
class UndefProbe {
 public:
  UndefProbe() { core_ = std::make_unique<el2sim_test::TestCore>(); }
  bool undefined(uint32_t insn) {
    static constexpr uint64_t kFirstSlot = el2sim_test::TestCore::kRamBase + 0x10000;
    static constexpr uint64_t kSlots = ((4u << 20) - 0x20000) / 4;
    if (slot_ == kSlots) {
      core_ = std::make_unique<el2sim_test::TestCore>();
      slot_ = 0;
    }
    const uint64_t pc = kFirstSlot + 4 * slot_++;
    auto& cpu = core_->cpu;
    cpu.reset(pc);
    core_->load({insn}, pc);
    cpu.sr().VBAR_EL2 = el2sim_test::TestCore::kRamBase;
    cpu.sr().ESR_EL2 = ~0ull;
    cpu.sr().ELR_EL2 = 0;
    cpu.run(1);
    return (cpu.sr().ESR_EL2 >> 26) == 0 && cpu.sr().ELR_EL2 == pc;
  }

 private:
  std::unique_ptr<el2sim_test::TestCore> core_;
  uint64_t slot_ = 0;
};

struct Example {
  uint64_t count = 0;
  std::vector<uint32_t> words;
  std::vector<std::string> text;
};

class Checker {
 public:
  Checker(std::vector<Rule>& rules) : rules_(rules) {
    if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &cs_) != CS_ERR_OK) {
      std::fprintf(stderr, "cs_open failed\n");
      std::exit(2);
    }
    insn_ = cs_malloc(cs_);
  }
  ~Checker() {
    cs_free(insn_, 1);
    cs_close(&cs_);
  }

  void check(uint32_t w) {
    ++total_;
    uint8_t bytes[4];
    std::memcpy(bytes, &w, 4);
    const uint8_t* p = bytes;
    size_t size = 4;
    uint64_t addr = 0x40000000;
    const bool cs_ok = cs_disasm_iter(cs_, &p, &size, &addr, insn_);
    const isa::InsnId id = isa::decode(w);
    const bool decoded = id != isa::InsnId::kUnallocated;
    if (decoded == cs_ok) {
      ++agree_;
      return;
    }
    if (decoded) {
      // Capstone rejects it: does el2sim really execute it?
      if (probe_.undefined(w)) {
        ++agree_;
        ++body_undefined_;
        return;
      }
      const std::string ident(isa::insn_name(id));
      const isa::InsnInfo* info = isa::insn_info(id);
      const std::string key(info ? info->ident : ident);
      for (auto& r : rules_) {
        if (r.el2sim_only && r.key == key) {
          ++r.hits;
          ++explained_;
          return;
        }
      }
      note(unexplained_, "el2sim-only " + key, w, std::string(isa::insn_name(id)));
      return;
    }
    const std::string mn = insn_->mnemonic;
    const std::string ops = insn_->op_str;
    for (auto& r : rules_) {
      if (!r.el2sim_only && r.key == mn && (r.pattern.empty() || std::regex_search(ops, r.re))) {
        ++r.hits;
        ++explained_;
        return;
      }
    }
    note(unexplained_, "capstone-only " + mn, w, mn + " " + ops);
  }

  int report(bool verbose) {
    std::printf(
        "encodings checked: %llu, agree: %llu (of which el2sim decodes but the body "
        "is UNDEFINED: %llu), explained by the allowlist: %llu, unexplained: %llu\n",
        static_cast<unsigned long long>(total_), static_cast<unsigned long long>(agree_),
        static_cast<unsigned long long>(body_undefined_),
        static_cast<unsigned long long>(explained_),
        static_cast<unsigned long long>(total_ - agree_ - explained_));
    if (verbose) {
      for (auto& r : rules_)
        std::printf("  allowlist %-13s %-16s %-24s %10llu hits\n",
                    r.el2sim_only ? "el2sim-only" : "capstone-only", r.key.c_str(),
                    r.pattern.c_str(), static_cast<unsigned long long>(r.hits));
    }
    for (auto& [cls, ex] : unexplained_) {
      std::printf("UNEXPLAINED %s: %llu encodings, e.g.\n", cls.c_str(),
                  static_cast<unsigned long long>(ex.count));
      for (size_t i = 0; i < ex.words.size(); ++i)
        std::printf("    %08x  %s\n", ex.words[i], ex.text[i].c_str());
    }
    return unexplained_.empty() ? 0 : 1;
  }

 private:
  static void note(std::map<std::string, Example>& m, const std::string& cls, uint32_t w,
                   const std::string& text) {
    auto& e = m[cls];
    ++e.count;
    if (e.words.size() < 4) {
      e.words.push_back(w);
      e.text.push_back(text);
    }
  }

  csh cs_ = 0;
  cs_insn* insn_ = nullptr;
  std::vector<Rule>& rules_;
  UndefProbe probe_;
  uint64_t total_ = 0, agree_ = 0, explained_ = 0, body_undefined_ = 0;
  std::map<std::string, Example> unexplained_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string allowlist;
  uint64_t samples = 10'000'000;
  uint64_t seed = 0x5eed;
  bool do_random = false, do_system = false, verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--allowlist" && i + 1 < argc)
      allowlist = argv[++i];
    else if (a == "--samples" && i + 1 < argc)
      samples = std::stoull(argv[++i]);
    else if (a == "--seed" && i + 1 < argc)
      seed = std::stoull(argv[++i], nullptr, 0);
    else if (a == "--random")
      do_random = true;
    else if (a == "--system")
      do_system = true;
    else if (a == "-v")
      verbose = true;
    else {
      std::fprintf(stderr,
                   "usage: decode_vs_capstone --allowlist FILE [--random] [--system] "
                   "[--samples N] [--seed S] [-v]\n");
      return 2;
    }
  }
  if (!do_random && !do_system) do_random = do_system = true;
  bool ok = false;
  std::vector<Rule> rules = load_allowlist(allowlist, ok);
  if (!ok) {
    std::fprintf(stderr, "cannot read the allowlist '%s'\n", allowlist.c_str());
    return 2;
  }
  Checker c(rules);
  if (do_random) {
    Rng rng{seed | 1};
    for (uint64_t i = 0; i < samples; ++i) c.check(rng.next());
    std::printf("random sample: %llu encodings (seed 0x%llx)\n",
                static_cast<unsigned long long>(samples), static_cast<unsigned long long>(seed));
  }
  if (do_system) {
    for (uint32_t w = 0xD5000000u; w <= 0xD5FFFFFFu; ++w) c.check(w);
    std::printf("system space: 0xd5000000-0xd5ffffff exhaustively (16777216 encodings)\n");
  }
  return c.report(verbose);
}
