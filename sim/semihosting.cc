#include "sim/semihosting.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sim {

void Semihosting::reset() {
  fds_.assign(1, Fd::Unused);
  errno_ = 0;
}

Semihosting::Fd* Semihosting::lookup(uint64_t handle) {
  if (handle == 0 || handle >= fds_.size() || fds_[handle] == Fd::Unused) return nullptr;
  return &fds_[handle];
}

bool Semihosting::write_all(SemihostingMemory& mem, uint64_t buf, uint64_t len,
                            SemihostingConsole& con, Fd fd) {
  // All or nothing, as QEMU, which copies the whole buffer before it writes: a buffer
  // that does not fit one chunk is read through once to see that every byte can be,
  // and again to write it, so that a length the guest makes up never costs the host
  // more than a chunk; beyond kMaxWrite it is refused as an unreadable one would be.
  if (len > kMaxWrite) return false;
  std::vector<char> chunk(std::min<uint64_t>(len, kWriteChunk));
  if (len > kWriteChunk) {
    for (uint64_t done = 0; done < len; done += chunk.size())
      if (!mem.read(buf + done, chunk.data(), std::min<uint64_t>(chunk.size(), len - done)))
        return false;
  }
  for (uint64_t done = 0; done < len; done += chunk.size()) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), len - done));
    if (!mem.read(buf + done, chunk.data(), n)) return false;
    if (fd == Fd::Stdout)
      con.write_stdout(chunk.data(), n);
    else
      con.write_stderr(chunk.data(), n);
  }
  return true;
}

SemihostingResult Semihosting::call(uint32_t op, uint64_t param, uint64_t now_ns,
                                    const SemihostingLayout& layout, SemihostingMemory& mem,
                                    SemihostingConsole& con) {
  SemihostingResult r;
  auto arg = [&](unsigned i, uint64_t& out) { return mem.read(param + 8 * i, &out, 8); };
  switch (op) {
    case SYS_OPEN: {
      uint64_t name = 0, mode = 0, len = 0;
      if (!arg(0, name) || !arg(1, mode) || !arg(2, len)) {
        r.x0 = fail(EFAULT);
        break;
      }
      std::string s(len > 256 ? 256 : len, '\0');
      if (!s.empty() && !mem.read(name, s.data(), s.size())) {
        r.x0 = fail(EFAULT);
        break;
      }
      if (mode >= 12) {
        r.x0 = fail(EINVAL);
        break;
      }
      if (s != ":tt") {
        r.x0 = fail(ENOENT);  // no host file system access
        break;
      }
      const Fd fd = mode < 4 ? Fd::Stdin : mode < 8 ? Fd::Stdout : Fd::Stderr;
      size_t h = 1;
      while (h < fds_.size() && fds_[h] != Fd::Unused) ++h;
      if (h > kMaxHandles) {
        r.x0 = fail(EMFILE);  // a guest that opens without closing runs out, as on a host
        break;
      }
      if (h == fds_.size()) fds_.push_back(Fd::Unused);
      fds_[h] = fd;
      r.x0 = h;
      break;
    }
    case SYS_CLOSE: {
      uint64_t h = 0;
      if (!arg(0, h)) {
        r.x0 = fail(EFAULT);
        break;
      }
      Fd* fd = lookup(h);
      if (!fd) {
        r.x0 = fail(EBADF);
        break;
      }
      *fd = Fd::Unused;
      r.x0 = 0;
      break;
    }
    case SYS_WRITEC: {
      char c;
      if (!mem.read(param, &c, 1)) {
        r.x0 = fail(EFAULT);
        break;
      }
      con.write_stderr(&c, 1);  // QEMU 7.2 without a semihosting chardev: stderr
      r.x0 = param;             // the register is left unchanged
      break;
    }
    case SYS_WRITE0: {
      std::string s;
      char c;
      uint64_t va = param;
      while (mem.read(va++, &c, 1) && c != '\0' && s.size() < (1u << 20)) s.push_back(c);
      con.write_stderr(s.data(), s.size());
      r.x0 = param;
      break;
    }
    case SYS_WRITE: {
      uint64_t h = 0, buf = 0, len = 0;
      if (!arg(0, h) || !arg(1, buf) || !arg(2, len)) {
        r.x0 = fail(EFAULT);
        break;
      }
      // An error writes nothing: the result is then `len`, the bytes not written, and
      // errno is left as it was (QEMU 7.2; the specification asks only the former).
      r.x0 = len;
      Fd* fd = lookup(h);
      if (!fd || *fd == Fd::Stdin || !write_all(mem, buf, len, con, *fd)) break;
      r.x0 = 0;
      break;
    }
    case SYS_READ: {
      uint64_t h = 0, buf = 0, len = 0;
      if (!arg(0, h) || !arg(1, buf) || !arg(2, len)) {
        r.x0 = fail(EFAULT);
        break;
      }
      r.x0 = len;  // an error reads nothing, as SYS_WRITE's writes nothing
      Fd* fd = lookup(h);
      if (!fd || *fd != Fd::Stdin) break;
      // Like a terminal read: up to a newline, the requested length or a line
      // buffer's worth.
      std::vector<char> data;
      while (data.size() < len && data.size() < kMaxRead) {
        const int c = con.read_stdin_byte();
        if (c < 0) break;
        data.push_back(static_cast<char>(c));
        if (c == '\n') break;
      }
      if (!data.empty() && !mem.write(buf, data.data(), data.size())) break;
      r.x0 = len - data.size();  // bytes not read
      break;
    }
    case SYS_READC: {
      const int c = con.read_stdin_byte();
      r.x0 = c < 0 ? ~0ull : static_cast<uint64_t>(c);
      break;
    }
    case SYS_ISERROR: {
      uint64_t v = 0;
      if (!arg(0, v)) {
        r.x0 = fail(EFAULT);
        break;
      }
      r.x0 = static_cast<int64_t>(v) < 0 ? 1 : 0;
      break;
    }
    case SYS_ISTTY: {
      uint64_t h = 0;
      if (!arg(0, h)) {
        r.x0 = fail(EFAULT);
        break;
      }
      r.x0 = lookup(h) ? 1 : fail(EBADF);
      break;
    }
    case SYS_CLOCK:
      r.x0 = now_ns / 10000000;
      break;  // centiseconds
    case SYS_ELAPSED: {
      if (!mem.write(param, &now_ns, 8)) {  // ticks of 1 ns
        r.x0 = fail(EFAULT);
        break;
      }
      r.x0 = 0;
      break;
    }
    case SYS_TICKFREQ:
      r.x0 = 1000000000;
      break;
    case SYS_ERRNO:
      r.x0 = static_cast<uint64_t>(errno_);
      break;
    case SYS_HEAPINFO: {
      uint64_t block = 0;
      if (!mem.read(param, &block, 8)) {
        r.x0 = fail(EFAULT);
        break;
      }
      const uint64_t v[4] = {layout.heap_base, layout.heap_limit, layout.stack_base,
                             layout.stack_limit};
      if (!mem.write(block, v, sizeof v)) {
        r.x0 = fail(EFAULT);
        break;
      }
      r.x0 = 0;
      break;
    }
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED: {
      uint64_t reason = 0, subcode = 0;
      if (!arg(0, reason) || !arg(1, subcode)) {
        // QEMU exits with the status of an unreadable block as failure.
        r.exit = true;
        r.status = 1;
        break;
      }
      r.exit = true;
      r.status = reason == ADP_Stopped_ApplicationExit ? static_cast<int>(subcode & 0xFF) : 1;
      break;
    }
    default:
      r.unsupported = true;
      r.x0 = fail(ENOSYS);
      break;
  }
  return r;
}

}  // namespace sim
