// A main() for the fuzz targets when they are built without libFuzzer (the default
// GCC build): runs every corpus file given (files or directories), then a fixed number
// of deterministic mutations of them (bit flips, byte sets, truncation, splicing).
// CI uses it so the targets run on every build; scripts/fuzz.sh builds the real
// libFuzzer binaries with clang.
//
//   fuzz_<target> [--mutations N] [--seed S] [--save-last FILE] CORPUS...
// --save-last writes each input to FILE before running it: after a crash, FILE holds
// the input that crashed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {
struct Rng {
  uint64_t s;
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Dull;
  }
  size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
};

std::vector<uint8_t> read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

int main(int argc, char** argv) {
  uint64_t mutations = 2000, seed = 1;
  std::string save_last;
  std::vector<std::vector<uint8_t>> corpus;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mutations" && i + 1 < argc) {
      mutations = std::stoull(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::stoull(argv[++i]);
    } else if (a == "--save-last" && i + 1 < argc) {
      save_last = argv[++i];
    } else if (std::filesystem::is_directory(a)) {
      std::vector<std::filesystem::path> files;
      for (auto& e : std::filesystem::directory_iterator(a))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (auto& f : files) corpus.push_back(read_all(f));
    } else {
      corpus.push_back(read_all(a));
    }
  }
  if (corpus.empty()) corpus.emplace_back();
  auto run = [&](const std::vector<uint8_t>& x) {
    if (!save_last.empty()) {
      std::ofstream out(save_last, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(x.data()), static_cast<std::streamsize>(x.size()));
    }
    LLVMFuzzerTestOneInput(x.data(), x.size());
  };
  for (auto& c : corpus) run(c);
  Rng rng{seed * 0x9E3779B97F4A7C15ull + 1};
  for (uint64_t i = 0; i < mutations; ++i) {
    std::vector<uint8_t> x = corpus[rng.below(corpus.size())];
    const unsigned edits = 1 + static_cast<unsigned>(rng.below(8));
    for (unsigned e = 0; e < edits; ++e) {
      switch (rng.below(5)) {
        case 0:
          if (!x.empty()) x[rng.below(x.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
          break;
        case 1:
          if (!x.empty()) x[rng.below(x.size())] = static_cast<uint8_t>(rng.next());
          break;
        case 2:
          x.resize(rng.below(x.size() + 1));
          break;
        case 3: {
          const auto& y = corpus[rng.below(corpus.size())];
          if (!y.empty()) {
            const size_t from = rng.below(y.size());
            x.insert(x.begin() + static_cast<long>(rng.below(x.size() + 1)),
                     y.begin() + static_cast<long>(from), y.end());
          }
          break;
        }
        default:
          for (int k = 0; k < 4; ++k) x.push_back(static_cast<uint8_t>(rng.next()));
      }
    }
    run(x);
  }
  std::printf("replayed %zu corpus inputs and %llu mutations\n", corpus.size(),
              static_cast<unsigned long long>(mutations));
  return 0;
}
