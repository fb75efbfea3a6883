#include "sim/gdb_stub.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace sim {

namespace {

// Register numbers of the description below (GDB's AArch64 order).
constexpr unsigned kRegSp = 31, kRegPc = 32, kRegCpsr = 33, kRegV0 = 34, kRegFpsr = 66,
                   kRegFpcr = 67, kRegCount = 68;
constexpr int kSigInt = 2, kSigTrap = 5;
constexpr size_t kMaxMemory = 0x1000;  // bytes per m/M packet (PacketSize 0x4000 holds them)

std::string target_xml() {
  std::string x =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
      "<target version=\"1.0\">\n<architecture>aarch64</architecture>\n"
      "<feature name=\"org.gnu.gdb.aarch64.core\">\n";
  for (unsigned i = 0; i < 31; ++i) x += fmt::format("<reg name=\"x{}\" bitsize=\"64\"/>\n", i);
  x += "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
       "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
       "<flags id=\"cpsr_flags\" size=\"4\">\n"
       "<field name=\"SP\" start=\"0\" end=\"0\"/><field name=\"EL\" start=\"2\" end=\"3\"/>\n"
       "<field name=\"F\" start=\"6\" end=\"6\"/><field name=\"I\" start=\"7\" end=\"7\"/>\n"
       "<field name=\"A\" start=\"8\" end=\"8\"/><field name=\"D\" start=\"9\" end=\"9\"/>\n"
       "<field name=\"IL\" start=\"20\" end=\"20\"/><field name=\"SS\" start=\"21\" end=\"21\"/>\n"
       "<field name=\"V\" start=\"28\" end=\"28\"/><field name=\"C\" start=\"29\" end=\"29\"/>\n"
       "<field name=\"Z\" start=\"30\" end=\"30\"/><field name=\"N\" start=\"31\" end=\"31\"/>\n"
       "</flags>\n"
       "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\"/>\n"
       "</feature>\n"
       "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
       "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
       "<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n"
       "<vector id=\"v2i\" type=\"int64\" count=\"2\"/>\n"
       "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
       "<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n"
       "<vector id=\"v4i\" type=\"int32\" count=\"4\"/>\n"
       "<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n"
       "<vector id=\"v8i\" type=\"int16\" count=\"8\"/>\n"
       "<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n"
       "<vector id=\"v16i\" type=\"int8\" count=\"16\"/>\n"
       "<vector id=\"v1u\" type=\"uint128\" count=\"1\"/>\n"
       "<vector id=\"v1i\" type=\"int128\" count=\"1\"/>\n"
       "<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/>"
       "<field name=\"s\" type=\"v2i\"/></union>\n"
       "<union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/>"
       "<field name=\"s\" type=\"v4i\"/></union>\n"
       "<union id=\"vnh\"><field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/>"
       "</union>\n"
       "<union id=\"vnb\"><field name=\"u\" type=\"v16u\"/><field name=\"s\" type=\"v16i\"/>"
       "</union>\n"
       "<union id=\"vnq\"><field name=\"u\" type=\"v1u\"/><field name=\"s\" type=\"v1i\"/>"
       "</union>\n"
       "<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>"
       "<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/>"
       "<field name=\"q\" type=\"vnq\"/></union>\n";
  for (unsigned i = 0; i < 32; ++i)
    x += fmt::format("<reg name=\"v{}\" bitsize=\"128\" type=\"aarch64v\"/>\n", i);
  x += "<reg name=\"fpsr\" bitsize=\"32\"/>\n<reg name=\"fpcr\" bitsize=\"32\"/>\n"
       "</feature>\n</target>\n";
  return x;
}

constexpr char kHex[] = "0123456789abcdef";

// Little-endian bytes of v as hex (the target's byte order).
std::string hex_le(uint64_t v, unsigned bytes) {
  std::string s;
  for (unsigned i = 0; i < bytes; ++i, v >>= 8) {
    s += kHex[(v >> 4) & 0xF];
    s += kHex[v & 0xF];
  }
  return s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Bytes from hex; false when malformed.
bool parse_bytes(const std::string& hex, std::vector<uint8_t>& out) {
  if (hex.size() % 2) return false;
  out.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return true;
}

// A hex number (big-endian text, as GDB writes addresses and lengths).
bool parse_number(const std::string& s, uint64_t& v) {
  if (s.empty() || s.size() > 16) return false;
  v = 0;
  for (char c : s) {
    const int d = hex_digit(c);
    if (d < 0) return false;
    v = v << 4 | static_cast<unsigned>(d);
  }
  return true;
}

uint64_t le_value(const std::vector<uint8_t>& b, size_t at, unsigned bytes) {
  uint64_t v = 0;
  for (unsigned i = 0; i < bytes; ++i) v |= uint64_t{b[at + i]} << (8 * i);
  return v;
}

// Bytes of a qXfer reply: '$', '#', '}' and '*' escaped as '}' then the byte ^ 0x20.
std::string escape_binary(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      out += '}';
      out += static_cast<char>(c ^ 0x20);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

GdbStub::GdbStub(uint16_t port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(fmt::format("--gdb: socket: {}", strerror(errno)));
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(listen_fd_, 1) != 0) {
    const std::string why = strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    throw std::runtime_error(
        fmt::format("--gdb {}: cannot listen on 127.0.0.1:{}: {}", port, port, why));
  }
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
}

GdbStub::~GdbStub() {
  close_connection();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void GdbStub::close_connection() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  attached_ = false;
  breakpoints_.clear();
  // Without a debugger a watchpoint would stop the core at the same access forever.
  if (core_)
    for (const Watch& w : watchpoints_) core_->cpu().remove_watchpoint(w.va, w.len, w.kind);
  watchpoints_.clear();
  stop_after_step_ = false;
  rx_.clear();
}

// ---- the core's side ----

bool GdbStub::before_batch(Core& core, uint64_t& budget) {
  core_ = &core;
  int signal = 0;
  if (!waited_) {
    waited_ = true;
    std::fprintf(stderr, "el2sim: waiting for GDB on 127.0.0.1:%u (target remote :%u)\n", port_,
                 port_);
    std::fflush(stderr);
    fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd_ < 0) return true;  // no debugger after all: run on
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    attached_ = true;
    signal = kSigTrap;
  }
  if (!attached_) return true;
  const uint64_t pc = core.cpu().pc();
  std::string stop_info;  // what a T stop packet adds (a watchpoint's hit)
  isa::Cpu::WatchHit hit;
  if (core.cpu().take_watch_hit(hit)) {
    signal = kSigTrap;
    const char* what = hit.kind == isa::Cpu::kWatchWrite  ? "watch"
                       : hit.kind == isa::Cpu::kWatchRead ? "rwatch"
                                                          : "awatch";
    stop_info = fmt::format("{}:{:x};", what, hit.va);
  }
  if (signal == 0 && stop_after_step_) signal = kSigTrap;
  if (signal == 0 && !breakpoints_.empty() && breakpoints_.count(pc) &&
      !(skip_breakpoint_ && pc == skip_pc_))
    signal = kSigTrap;
  skip_breakpoint_ = false;
  // Ctrl-C: checked every batch at full speed, every 4096 one-instruction batches.
  const bool per_insn = !breakpoints_.empty() || stop_after_step_;
  if (signal == 0 && (sigint_ || ((!per_insn || (++polls_ & 4095) == 0) && interrupt_requested())))
    signal = kSigInt;
  sigint_ = false;
  if (signal != 0) {
    stop_after_step_ = false;
    switch (serve(core, signal, stop_info)) {
      case Resume::Kill:
        return false;
      case Resume::Detach:
        close_connection();
        return true;
      case Resume::Step:
        stop_after_step_ = true;
        break;
      case Resume::Continue:
        break;
    }
    skip_breakpoint_ = true;
    skip_pc_ = core.cpu().pc();
  }
  if (stop_after_step_ || !breakpoints_.empty()) budget = 1;
  return true;
}

void GdbStub::run_ended(int status) {
  if (!attached_) return;
  send_packet(fmt::format("W{:02x}", status & 0xFF));
  close_connection();
}

// ---- the protocol ----

bool GdbStub::interrupt_pending() {
  if (!attached_) return false;
  if (!sigint_ && interrupt_requested()) sigint_ = true;
  return sigint_;
}

bool GdbStub::interrupt_requested() {
  if (fd_ < 0) return false;
  // A Ctrl-C that came in one read with the packet that resumed the core.
  const size_t pending = rx_.find('\x03');
  if (pending != std::string::npos) {
    rx_.erase(pending, 1);
    return true;
  }
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  char buf[256];
  const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {  // the connection ended: run on without a debugger
    close_connection();
    return false;
  }
  bool ctrl_c = false;
  for (ssize_t i = 0; i < n; ++i) {
    if (buf[i] == 0x03)
      ctrl_c = true;
    else
      rx_ += buf[i];
  }
  return ctrl_c;
}

bool GdbStub::read_packet(std::string& out) {
  for (;;) {
    // A whole packet in rx_: "$data#cs" (acks and stray bytes before it are dropped).
    const size_t start = rx_.find('$');
    if (start != std::string::npos) {
      const size_t hash = rx_.find('#', start);
      if (hash != std::string::npos && rx_.size() >= hash + 3) {
        const std::string data = rx_.substr(start + 1, hash - start - 1);
        unsigned sum = 0;
        for (char c : data) sum += static_cast<uint8_t>(c);
        uint64_t given = 0;
        const bool ok = parse_number(rx_.substr(hash + 1, 2), given) && given == (sum & 0xFF);
        rx_.erase(0, hash + 3);
        const char ack = ok ? '+' : '-';
        if (::send(fd_, &ack, 1, MSG_NOSIGNAL) != 1) return false;
        if (!ok) continue;
        out = data;
        return true;
      }
    }
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    rx_.append(buf, static_cast<size_t>(n));
  }
}

void GdbStub::send_packet(const std::string& data) {
  if (fd_ < 0) return;
  unsigned sum = 0;
  for (char c : data) sum += static_cast<uint8_t>(c);
  const std::string framed = "$" + data + "#" + hex_le(sum & 0xFF, 1);
  size_t done = 0;
  while (done < framed.size()) {
    const ssize_t n = ::send(fd_, framed.data() + done, framed.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
  // GDB acknowledges with '+' (collected as a stray byte by read_packet).
}

GdbStub::Resume GdbStub::serve(Core& core, int signal, const std::string& info) {
  last_stop_ =
      info.empty() ? fmt::format("S{:02x}", signal) : fmt::format("T{:02x}{}", signal, info);
  send_packet(last_stop_);
  for (;;) {
    std::string packet;
    if (!read_packet(packet)) return Resume::Detach;
    bool resumed = false;
    Resume how = Resume::Continue;
    const std::string reply = handle(core, packet, resumed, how);
    if (resumed) {
      if (how == Resume::Detach) send_packet("OK");
      return how;
    }
    send_packet(reply);
  }
}

std::string GdbStub::monitor(const std::string& command) {
  // Console output goes as 'O' packets of hex text before the final reply.
  auto print = [this](const std::string& text) {
    for (size_t at = 0; at < text.size(); at += 1024) {
      std::string hex;
      for (char c : text.substr(at, 1024)) hex += hex_le(static_cast<uint8_t>(c), 1);
      send_packet("O" + hex);
    }
  };
  std::string word = command, rest;
  const size_t space = command.find(' ');
  if (space != std::string::npos) {
    word = command.substr(0, space);
    rest = command.substr(command.find_first_not_of(' ', space) == std::string::npos
                              ? command.size()
                              : command.find_first_not_of(' ', space));
  }
  if (word == "stats" && stats_) {
    std::string out;
    unsigned n = 0;
    for (const auto& [name, value] : stats_()) {
      if (name.rfind(rest, 0) != 0) continue;
      out += name + " " + value + "\n";
      ++n;
    }
    if (n == 0) out = "no statistic named " + rest + "...\n";
    print(out);
    return "OK";
  }
  if (word != "help") print("unknown monitor command '" + word + "'\n");
  print(
      "el2sim monitor commands:\n"
      "  stats [PREFIX]   statistics so far whose names start with PREFIX (--stats' names)\n");
  return "OK";
}

std::string GdbStub::read_register(Core& core, unsigned n) const {
  const isa::Cpu& cpu = core.cpu();
  if (n < 31) return hex_le(cpu.x(n), 8);
  if (n == kRegSp) return hex_le(cpu.sp(), 8);
  if (n == kRegPc) return hex_le(cpu.pc(), 8);
  if (n == kRegCpsr) return hex_le(isa::pack_spsr(cpu.pstate()), 4);
  if (n >= kRegV0 && n < kRegV0 + 32) {
    const uint64_t* v = cpu.vreg(n - kRegV0);
    return hex_le(v[0], 8) + hex_le(v[1], 8);
  }
  if (n == kRegFpsr) return hex_le(cpu.fpsr, 4);
  if (n == kRegFpcr) return hex_le(cpu.fpcr, 4);
  return "";
}

std::string GdbStub::read_registers(Core& core) const {
  std::string s;
  for (unsigned n = 0; n < kRegCount; ++n) s += read_register(core, n);
  return s;
}

bool GdbStub::write_register(Core& core, unsigned n, const std::string& hex) {
  std::vector<uint8_t> b;
  if (!parse_bytes(hex, b)) return false;
  isa::Cpu& cpu = core.cpu();
  const unsigned size = n >= kRegV0 && n < kRegV0 + 32     ? 16
                        : (n == kRegCpsr || n >= kRegFpsr) ? 4
                                                           : 8;
  if (n >= kRegCount || b.size() != size) return false;
  const uint64_t v = le_value(b, 0, size > 8 ? 8 : size);
  if (n < 31) {
    cpu.set_x(n, v);
  } else if (n == kRegSp) {
    cpu.set_sp(v);
  } else if (n == kRegPc) {
    cpu.set_pc(v);
  } else if (n == kRegCpsr) {
    // The condition flags and the interrupt masks; the EL and the stack pointer
    // selection stay (GDB does not move the core between ELs).
    isa::unpack_flags_and_masks(cpu.pstate(), v);
    cpu.update_interrupt_pending();
  } else if (n >= kRegV0 && n < kRegV0 + 32) {
    uint64_t* r = cpu.vreg(n - kRegV0);
    r[0] = v;
    r[1] = le_value(b, 8, 8);
  } else if (n == kRegFpsr) {
    cpu.fpsr = static_cast<uint32_t>(v);
  } else {
    cpu.fpcr = static_cast<uint32_t>(v);
  }
  return true;
}

std::string GdbStub::handle(Core& core, const std::string& p, bool& resumed, Resume& how) {
  if (p.empty()) return "";
  const char cmd = p[0];
  const std::string arg = p.substr(1);
  auto split = [](const std::string& s, char sep, std::string& a, std::string& b) {
    const size_t at = s.find(sep);
    if (at == std::string::npos) return false;
    a = s.substr(0, at);
    b = s.substr(at + 1);
    return true;
  };
  switch (cmd) {
    case '?':
      return last_stop_;
    case 'g':
      return read_registers(core);
    case 'G': {
      // All registers, in the order of 'g'.
      size_t at = 0;
      for (unsigned n = 0; n < kRegCount; ++n) {
        const size_t len = read_register(core, n).size();
        if (at + len > arg.size()) break;
        if (!write_register(core, n, arg.substr(at, len))) return "E01";
        at += len;
      }
      return "OK";
    }
    case 'p': {
      uint64_t n;
      if (!parse_number(arg, n) || n >= kRegCount) return "E01";
      return read_register(core, static_cast<unsigned>(n));
    }
    case 'P': {
      std::string a, b;
      uint64_t n;
      if (!split(arg, '=', a, b) || !parse_number(a, n)) return "E01";
      return write_register(core, static_cast<unsigned>(n), b) ? "OK" : "E01";
    }
    case 'm': {
      std::string a, b;
      uint64_t addr, len;
      if (!split(arg, ',', a, b) || !parse_number(a, addr) || !parse_number(b, len)) return "E01";
      if (len > kMaxMemory) len = kMaxMemory;
      std::vector<uint8_t> buf(len);
      if (len && !core.guest_read(addr, buf.data(), len)) return "E14";
      std::string s;
      for (uint8_t c : buf) s += hex_le(c, 1);
      return s;
    }
    case 'M': {
      std::string a, rest, l, data;
      uint64_t addr, len;
      std::vector<uint8_t> bytes;
      if (!split(arg, ',', a, rest) || !split(rest, ':', l, data) || !parse_number(a, addr) ||
          !parse_number(l, len) || !parse_bytes(data, bytes) || bytes.size() != len)
        return "E01";
      if (len && !core.guest_write(addr, bytes.data(), len)) return "E14";
      core.cpu().drop_decoded_pages();  // the write may have changed code
      return "OK";
    }
    case 'c':
    case 's':
    case 'C':
    case 'S': {
      // An address to resume at ("c addr"; C/S carry a signal first, which a bare-metal
      // core has no use for).
      std::string at = arg;
      if (cmd == 'C' || cmd == 'S') {
        const size_t semi = arg.find(';');
        at = semi == std::string::npos ? "" : arg.substr(semi + 1);
      }
      uint64_t pc;
      if (!at.empty() && parse_number(at, pc)) core.cpu().set_pc(pc);
      resumed = true;
      how = (cmd == 's' || cmd == 'S') ? Resume::Step : Resume::Continue;
      return "";
    }
    case 'v': {
      if (p == "vCont?") return "vCont;c;C;s;S";
      if (p.rfind("vCont;", 0) == 0) {
        // One core: the first action decides ("vCont;s:1;c" steps it).
        const char action = p.size() > 6 ? p[6] : 'c';
        resumed = true;
        how = (action == 's' || action == 'S') ? Resume::Step : Resume::Continue;
        return "";
      }
      return "";
    }
    case 'Z':
    case 'z': {
      // Z0 (software) and Z1 (hardware) breakpoints: both are PC compares here.
      std::string type, rest, a, kind;
      uint64_t addr;
      if (!split(arg, ',', type, rest) || !split(rest, ',', a, kind) || !parse_number(a, addr))
        return "E01";
      if (type == "0" || type == "1") {
        if (cmd == 'Z')
          breakpoints_.insert(addr);
        else
          breakpoints_.erase(addr);
        return "OK";
      }
      // Z2 write, Z3 read, Z4 access watchpoints of `kind` bytes.
      uint64_t len;
      if (type.size() != 1 || type[0] < '2' || type[0] > '4' || !parse_number(kind, len)) return "";
      const auto wk = type == "2"   ? isa::Cpu::kWatchWrite
                      : type == "3" ? isa::Cpu::kWatchRead
                                    : isa::Cpu::kWatchAccess;
      const Watch w{addr, len, wk};
      if (cmd == 'Z') {
        core.cpu().add_watchpoint(addr, len, wk);
        watchpoints_.push_back(w);
      } else {
        core.cpu().remove_watchpoint(addr, len, wk);
        for (auto it = watchpoints_.begin(); it != watchpoints_.end(); ++it) {
          if (it->va == w.va && it->len == w.len && it->kind == w.kind) {
            watchpoints_.erase(it);
            break;
          }
        }
      }
      return "OK";
    }
    case 'H':
      return "OK";  // one thread: every selection is it
    case 'T':
      return "OK";  // thread 1 is alive
    case 'k':
      resumed = true;
      how = Resume::Kill;
      return "";
    case 'D':
      resumed = true;
      how = Resume::Detach;
      return "";
    case 'q': {
      if (p.rfind("qSupported", 0) == 0)
        return "PacketSize=4000;qXfer:features:read+;vContSupported+";
      if (p == "qAttached") return "1";
      if (p == "qC") return "QC1";
      if (p == "qfThreadInfo") return "m1";
      if (p == "qsThreadInfo") return "l";
      if (p.rfind("qSymbol", 0) == 0) return "OK";
      if (p.rfind("qRcmd,", 0) == 0) {
        std::vector<uint8_t> text;
        if (!parse_bytes(p.substr(6), text)) return "E01";
        return monitor(std::string(text.begin(), text.end()));
      }
      const std::string xfer = "qXfer:features:read:target.xml:";
      if (p.rfind(xfer, 0) == 0) {
        std::string a, b;
        uint64_t off, len;
        if (!split(p.substr(xfer.size()), ',', a, b) || !parse_number(a, off) ||
            !parse_number(b, len))
          return "E01";
        static const std::string xml = target_xml();
        if (off >= xml.size()) return "l";
        const std::string chunk = xml.substr(off, len);
        return (off + chunk.size() >= xml.size() ? "l" : "m") + escape_binary(chunk);
      }
      if (p.rfind("qXfer:features:read:", 0) == 0) return "E00";  // no other annex
      return "";
    }
    default:
      return "";  // not supported: GDB falls back or says so
  }
}

}  // namespace sim
