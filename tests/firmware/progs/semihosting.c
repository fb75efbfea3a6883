// Semihosting calls that fail (the "Semihosting for AArch32 and AArch64"
// specification; QEMU 7.2's -semihosting is the reference). SYS_WRITE and SYS_READ
// that fail transfer nothing and return the length, the bytes not transferred, and
// leave errno as it was: a handle never opened, a buffer that cannot be read (beyond
// RAM, or running past its end), a length no buffer can have. (A ":tt" handle used
// the other way is left out: QEMU passes it to the host's stdin or stdout, and the
// outcome depends on how the host opened those.) A parameter block that cannot be
// read returns -1 with errno EFAULT, and an unknown open mode EINVAL. None of it may
// bring the simulator down.
#include "fw.h"

const char test_name[] = "semihosting";

#define SYS_OPEN 0x01
#define SYS_WRITE 0x05
#define SYS_READ 0x06
#define SYS_ERRNO 0x13
#define EINVAL 22
#define EFAULT 14

static u64 semihost(u64 op, u64 param) {
  register u64 x0 __asm__("x0") = op;
  register u64 x1 __asm__("x1") = param;
  __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  return x0;
}

static u64 open_tt(u64 mode) {
  static const char name[] = ":tt";
  u64 block[3] = {(u64)name, mode, 3};
  return semihost(SYS_OPEN, (u64)block);
}

static u64 transfer(u64 op, u64 handle, u64 buf, u64 len) {
  u64 block[3] = {handle, buf, len};
  return semihost(op, (u64)block);
}

void test_main(u64 dtb) {
  u64 ram_base = 0, ram_size = 0;
  if (!dtb_valid(dtb)) dtb = 0x40000000;  // an ELF is entered with x0 = 0: the RAM base
  if (dtb_memory(dtb, &ram_base, &ram_size) != 0) {
    t_fail("no /memory in the device tree");
    return;
  }
  const u64 ram_end = ram_base + ram_size;
  static char text[16] = "not written";
  static const char unchanged[16] = "not written";

  t_section("errno from SYS_OPEN");
  t_check("open mode 12", open_tt(12), ~0ull);
  t_check("errno EINVAL", semihost(SYS_ERRNO, 0), EINVAL);
  const u64 out = open_tt(4), in = open_tt(0);
  t_true("open :tt w", out != ~0ull);
  t_true("open :tt r", in != ~0ull && in != out);

  t_section("SYS_WRITE errors");
  t_check("write to a handle never opened", transfer(SYS_WRITE, 99, (u64)text, 5), 5);
  t_check("write to handle 0", transfer(SYS_WRITE, 0, (u64)text, 5), 5);
  t_check("write from beyond RAM", transfer(SYS_WRITE, out, ram_end, 16), 16);
  t_check("write running past RAM", transfer(SYS_WRITE, out, ram_end - 0x100, 0x200), 0x200);
  t_check("write of 1 GiB", transfer(SYS_WRITE, out, ram_base, 1ull << 30), 1ull << 30);
  t_check("write of 2^62 bytes", transfer(SYS_WRITE, out, (u64)text, 1ull << 62), 1ull << 62);
  t_check("errno unchanged", semihost(SYS_ERRNO, 0), EINVAL);
  t_check("write of 0 bytes", transfer(SYS_WRITE, out, (u64)text, 0), 0);

  t_section("SYS_READ errors");
  t_check("read from a handle never opened", transfer(SYS_READ, 99, (u64)text, 5), 5);
  t_check("errno still EINVAL", semihost(SYS_ERRNO, 0), EINVAL);
  t_check("buffer untouched", t_hash(text, sizeof text), t_hash(unchanged, sizeof unchanged));

  t_section("a parameter block that cannot be read");
  t_check("SYS_WRITE", semihost(SYS_WRITE, ram_end), ~0ull);
  t_check("errno EFAULT", semihost(SYS_ERRNO, 0), EFAULT);
  t_check("SYS_READ", semihost(SYS_READ, ram_end + 0x1000), ~0ull);
  t_check("errno EFAULT again", semihost(SYS_ERRNO, 0), EFAULT);
}
