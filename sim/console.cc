#include "sim/console.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace sim {

namespace {
// Only a regular file (or /dev/null and the like) can be read without ever waiting on
// another process; terminals, pipes and sockets are polled.
bool reads_never_wait(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return true;  // closed: reads fail at once (end of input)
  return S_ISREG(st.st_mode) || (S_ISCHR(st.st_mode) && !isatty(fd));
}
}  // namespace

Console::Console(int in_fd, FILE* out, FILE* err)
    : in_fd_(in_fd), out_(out), err_(err), interactive_(!reads_never_wait(in_fd)) {}

Console::~Console() { flush(); }

void Console::put(uint8_t byte) {
  std::fputc(byte, out_);
  if (byte == '\n') std::fflush(out_);
}

void Console::flush() { std::fflush(out_); }

void Console::write_stdout(const char* data, size_t len) {
  std::fwrite(data, 1, len, out_);
  std::fflush(out_);
}

void Console::write_stderr(const char* data, size_t len) {
  std::fflush(out_);  // keep the two streams in order on a shared terminal
  std::fwrite(data, 1, len, err_);
  std::fflush(err_);
}

int Console::poll_input() {
  if (eof_) return -1;
  if (interactive_) {
    pollfd p{in_fd_, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) return -1;
  }
  return read_stdin_byte();
}

int Console::read_stdin_byte() {
  if (eof_) return -1;
  flush();  // a prompt should be visible before we wait for its answer
  unsigned char c;
  for (;;) {
    const ssize_t n = ::read(in_fd_, &c, 1);
    if (n == 1) return c;
    if (n < 0 && errno == EINTR) continue;
    eof_ = true;
    return -1;
  }
}

}  // namespace sim
