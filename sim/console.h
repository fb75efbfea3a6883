// The host side of the serial console and of semihosting: guest output to stdout
// (buffered, flushed at newlines, quantum boundaries and exit), host stdin as guest
// input.
//
// Input is read only at quantum boundaries, one byte whenever the UART's receive FIFO
// has room. When stdin is a regular file (or /dev/null) each read returns at once, so
// the bytes arrive at the same simulated times on every run: that is the deterministic
// way to script input. A terminal, pipe or socket is polled without blocking, so a run
// never waits on a peer that has nothing to say. End of input simply stops input.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/semihosting.h"

namespace sim {

class Console : public SemihostingConsole {
 public:
  Console(int in_fd = 0, FILE* out = stdout, FILE* err = stderr);
  ~Console() override;

  void put(uint8_t byte);  // UART transmit
  void flush();
  // One byte of input, or -1 if none is available now (or at end of input).
  int poll_input();
  // The input has ended (end of file or a read error): no byte will come any more.
  bool input_ended() const { return eof_; }

  void write_stdout(const char* data, size_t len) override;
  void write_stderr(const char* data, size_t len) override;
  int read_stdin_byte() override;

 private:
  int in_fd_;
  FILE* out_;
  FILE* err_;
  bool interactive_;
  bool eof_ = false;
};

}  // namespace sim
