// Reading a whole input (a file, a pipe or a character device) up to a limit on its size:
// what the machine model and the boot images are read with. A pipe or a character
// device may not end (/dev/zero), and a regular file may be larger than anything the
// machine could use, so nothing is read without a bound.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ios>
#include <string>

#include <fmt/format.h>

namespace sim {

// The whole of `path`, at most `limit` bytes, as Bytes (std::string or
// std::vector<uint8_t>). Errors are thrown as Error (constructed from a message that
// begins with the path): a directory ("is a directory, expected <expected>"), a path
// that cannot be opened or read, or more than `limit` bytes ("more than N bytes
// (<why>)", `why` saying why that is the limit). A regular file over the limit is refused
// by its size, unread; anything else is read up to one byte past the limit.
template <typename Error, typename Bytes>
Bytes read_limited(const std::string& path, const char* expected, uint64_t limit,
                   const std::string& why) {
  // (Opening a directory succeeds; reading it throws from inside the stream.)
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw Error(fmt::format("{}: is a directory, expected {}", path, expected));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  const auto too_large = [&] {
    return Error(fmt::format("{}: more than {} bytes ({})", path, limit, why));
  };
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) > limit &&
      !ec)
    throw too_large();
  // In blocks, not character by character (a distribution kernel is tens of MiB).
  Bytes data;
  constexpr uint64_t kBlock = uint64_t{1} << 20;
  try {
    while (in && data.size() <= limit) {
      const size_t have = data.size();
      const uint64_t want = std::min(kBlock, limit + 1 - have);
      data.resize(have + want);
      in.read(reinterpret_cast<char*>(data.data() + have), static_cast<std::streamsize>(want));
      data.resize(have + static_cast<size_t>(in.gcount()));
    }
  } catch (const std::ios_base::failure&) {
    throw Error(fmt::format("{}: read error: {}", path, std::strerror(errno)));
  }
  if (in.bad()) throw Error(fmt::format("{}: read error", path));
  if (data.size() > limit) throw too_large();
  return data;
}

}  // namespace sim
