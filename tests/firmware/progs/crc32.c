// CRC32B/H/W/X and CRC32CB/H/W/X against a bitwise reference (reflected
// polynomials 0xEDB88320 and 0x82F63B78, no pre/post inversion as in the ISA).
#include "ops.h"

const char test_name[] = "crc32";

static u32 ref_crc(u32 acc, u64 data, unsigned bytes, u32 poly) {
  for (unsigned i = 0; i < bytes * 8; i++) {
    unsigned bit = (acc ^ (u32)(data >> i)) & 1;
    acc = (acc >> 1) ^ (bit ? poly : 0);
  }
  return acc;
}

#define POLY 0xEDB88320u
#define POLYC 0x82F63B78u

void test_main(u64 dtb) {
  (void)dtb;
  struct t_group g;
  tg_begin(&g, "crc32_all");
  for (unsigned i = 0; i < N_VALS; i++)
    for (unsigned j = 0; j < N_VALS; j++) {
      u64 acc = k_vals[i] ^ 0x5a5a5a5a00000000ull, d = k_vals[j];
      tg_check(&g, OP2("crc32b %w0, %w1, %w2", acc, d), ref_crc((u32)acc, d, 1, POLY), acc, d);
      tg_check(&g, OP2("crc32h %w0, %w1, %w2", acc, d), ref_crc((u32)acc, d, 2, POLY), acc, d);
      tg_check(&g, OP2("crc32w %w0, %w1, %w2", acc, d), ref_crc((u32)acc, d, 4, POLY), acc, d);
      tg_check(&g, OP2("crc32x %w0, %w1, %2", acc, d), ref_crc((u32)acc, d, 8, POLY), acc, d);
      tg_check(&g, OP2("crc32cb %w0, %w1, %w2", acc, d), ref_crc((u32)acc, d, 1, POLYC), acc, d);
      tg_check(&g, OP2("crc32ch %w0, %w1, %w2", acc, d), ref_crc((u32)acc, d, 2, POLYC), acc, d);
      tg_check(&g, OP2("crc32cw %w0, %w1, %w2", acc, d), ref_crc((u32)acc, d, 4, POLYC), acc, d);
      tg_check(&g, OP2("crc32cx %w0, %w1, %2", acc, d), ref_crc((u32)acc, d, 8, POLYC), acc, d);
    }
  tg_end(&g);
  // The classic check value: CRC-32("123456789") = 0xCBF43926, CRC-32C = 0xE3069283.
  const char* s = "123456789";
  u64 c = 0xffffffff, cc = 0xffffffff;
  for (unsigned i = 0; i < 9; i++) {
    c = OP2("crc32b %w0, %w1, %w2", c, s[i]);
    cc = OP2("crc32cb %w0, %w1, %w2", cc, s[i]);
  }
  t_check("crc32_check_value", c ^ 0xffffffff, 0xCBF43926);
  t_check("crc32c_check_value", cc ^ 0xffffffff, 0xE3069283);
  u64 w = OP2("crc32x %w0, %w1, %2", 0xffffffff, 0x3837363534333231ull);  // "12345678"
  w = OP2("crc32b %w0, %w1, %w2", w, '9');
  t_check("crc32x_then_b", w ^ 0xffffffff, 0xCBF43926);
}
