// Arm semihosting (the "Semihosting for AArch32 and AArch64" specification), the
// subset a bare-metal test or a C library's minimal port uses, with QEMU 7.2's
// -semihosting behaviour (semihosting/arm-compat-semi.c):
//   SYS_OPEN of ":tt" (modes 0-3 stdin, 4-7 stdout, 8-11 stderr; handles are
//   allocated from 1, as QEMU's guestfds are), SYS_CLOSE, SYS_WRITEC and SYS_WRITE0
//   (to stderr, where QEMU sends them without a semihosting chardev), SYS_WRITE, SYS_READ,
//   SYS_READC, SYS_ISTTY, SYS_ISERROR, SYS_ERRNO, SYS_CLOCK, SYS_ELAPSED, SYS_TICKFREQ (from
//   simulated time, so runs stay deterministic), SYS_HEAPINFO, SYS_EXIT (AArch64: x1 -> {reason,
//   subcode}; ApplicationExit gives status = subcode, any other reason 1) and SYS_EXIT_EXTENDED.
// A SYS_WRITE or SYS_READ that fails (a bad handle, a buffer that cannot be read or
// written) transfers nothing and returns the length, the bytes not transferred, with
// errno as it was, as QEMU does. Host files are not opened: a guest gets no access to
// the host file system.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sim {

class SemihostingConsole {
 public:
  virtual ~SemihostingConsole() = default;
  virtual void write_stdout(const char* data, size_t len) = 0;
  virtual void write_stderr(const char* data, size_t len) = 0;
  virtual int read_stdin_byte() = 0;  // blocking; -1 at end of input
};

class SemihostingMemory {
 public:
  virtual ~SemihostingMemory() = default;
  virtual bool read(uint64_t va, void* data, size_t len) = 0;
  virtual bool write(uint64_t va, const void* data, size_t len) = 0;
};

struct SemihostingLayout {
  uint64_t heap_base = 0, heap_limit = 0, stack_base = 0, stack_limit = 0;
};

struct SemihostingResult {
  uint64_t x0 = 0;
  bool exit = false;
  int status = 0;
  bool unsupported = false;  // the operation number is not implemented
};

class Semihosting {
 public:
  static constexpr uint32_t SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04,
                            SYS_WRITE = 0x05, SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08,
                            SYS_ISTTY = 0x09, SYS_SEEK = 0x0A, SYS_FLEN = 0x0C, SYS_CLOCK = 0x10,
                            SYS_TIME = 0x11, SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15,
                            SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20,
                            SYS_ELAPSED = 0x30, SYS_TICKFREQ = 0x31;
  static constexpr uint64_t ADP_Stopped_ApplicationExit = 0x20026;

  void reset();
  // One call: op = w0, param = x1. now_ns is the caller's simulated time.
  SemihostingResult call(uint32_t op, uint64_t param, uint64_t now_ns, const SemihostingLayout& l,
                         SemihostingMemory& mem, SemihostingConsole& con);

 private:
  enum class Fd : uint8_t { Unused, Stdin, Stdout, Stderr };
  Fd* lookup(uint64_t handle);
  // SYS_WRITE's bytes to the console; false, having written nothing, when some cannot
  // be read.
  static bool write_all(SemihostingMemory& mem, uint64_t buf, uint64_t len, SemihostingConsole& con,
                        Fd fd);
  static constexpr uint64_t kWriteChunk = uint64_t{1} << 16;
  static constexpr uint64_t kMaxWrite = uint64_t{1} << 30;
  static constexpr size_t kMaxRead = size_t{1} << 16;  // bytes one SYS_READ returns at most
  uint64_t fail(int err) {
    errno_ = err;
    return ~0ull;
  }
  std::vector<Fd> fds_{Fd::Unused};            // index 0 is never handed out
  static constexpr size_t kMaxHandles = 1024;  // open at once
  int errno_ = 0;
};

}  // namespace sim
