// The Cryptographic Extension from compiled C with the ACLE intrinsics of arm_neon.h:
// AES-128 encryption and decryption (FIPS-197 Appendix C.1; the key expanded with
// AESE for SubWord, the decryption keys with AESIMC), SHA-1 and SHA-256 of "abc" and of
// FIPS 180's two-block message (SHA1C/P/M/H/SU0/SU1, SHA256H/H2/SU0/SU1), the 64-bit
// PMULL, and the feature fields of ID_AA64ISAR0_EL1.
#include <arm_neon.h>

#include "fw.h"

const char test_name[] = "crypto";

// ---- AES-128 ----

static uint32_t sub_word(uint32_t w) {
  // AESE with a zero key on four copies of w: ShiftRows moves bytes between equal
  // columns, so what is left is SubBytes.
  uint8x16_t v = vreinterpretq_u8_u32(vdupq_n_u32(w));
  v = vaeseq_u8(v, vdupq_n_u8(0));
  return vgetq_lane_u32(vreinterpretq_u32_u8(v), 0);
}

static void expand_key(const uint8_t key[16], uint8x16_t rk[11]) {
  uint32_t w[44];
  static const uint8_t rcon[10] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};
  for (int i = 0; i < 4; i++)
    w[i] = (uint32_t)key[4 * i] | (uint32_t)key[4 * i + 1] << 8 | (uint32_t)key[4 * i + 2] << 16 |
           (uint32_t)key[4 * i + 3] << 24;
  for (int i = 4; i < 44; i++) {
    uint32_t t = w[i - 1];
    if (i % 4 == 0) t = (sub_word((t >> 8) | (t << 24))) ^ rcon[i / 4 - 1];
    w[i] = w[i - 4] ^ t;
  }
  for (int r = 0; r < 11; r++) rk[r] = vreinterpretq_u8_u32(vld1q_u32(&w[4 * r]));
}

static uint8x16_t aes_encrypt(uint8x16_t b, const uint8x16_t rk[11]) {
  for (int r = 0; r < 9; r++) b = vaesmcq_u8(vaeseq_u8(b, rk[r]));
  return veorq_u8(vaeseq_u8(b, rk[9]), rk[10]);
}

static uint8x16_t aes_decrypt(uint8x16_t b, const uint8x16_t rk[11]) {
  // The equivalent inverse cipher: round keys in reverse, the middle ones through
  // InvMixColumns.
  b = vaesimcq_u8(vaesdq_u8(b, rk[10]));
  for (int r = 9; r > 1; r--) b = vaesimcq_u8(vaesdq_u8(b, vaesimcq_u8(rk[r])));
  return veorq_u8(vaesdq_u8(b, vaesimcq_u8(rk[1])), rk[0]);
}

static u64 lo64(uint8x16_t v) { return vgetq_lane_u64(vreinterpretq_u64_u8(v), 0); }
static u64 hi64(uint8x16_t v) { return vgetq_lane_u64(vreinterpretq_u64_u8(v), 1); }

// ---- SHA-1 and SHA-256 on padded messages of one or two blocks ----

static unsigned pad(const char* msg, uint8_t buf[128]) {
  unsigned n = (unsigned)strlen(msg);
  unsigned blocks = n + 9 <= 64 ? 1 : 2;
  memset(buf, 0, 128);
  memcpy(buf, msg, n);
  buf[n] = 0x80;
  const u64 bits = (u64)n * 8;
  for (int i = 0; i < 8; i++) buf[64 * blocks - 1 - i] = (uint8_t)(bits >> (8 * i));
  return blocks;
}

static uint32x4_t load_be(const uint8_t* p) {
  return vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
}

static void sha1(const char* msg, uint32_t h[5]) {
  uint8_t buf[128];
  const unsigned blocks = pad(msg, buf);
  static const uint32_t init[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  static const uint32_t k[4] = {0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xCA62C1D6};
  uint32x4_t abcd = vld1q_u32(init);
  uint32_t e = init[4];
  for (unsigned b = 0; b < blocks; b++) {
    uint32x4_t m[4];
    for (int i = 0; i < 4; i++) m[i] = load_be(buf + 64 * b + 16 * i);
    const uint32x4_t abcd0 = abcd;
    uint32_t e0 = e;
    for (int g = 0; g < 20; g++) {
      const uint32x4_t wk = vaddq_u32(m[g % 4], vdupq_n_u32(k[g / 5]));
      const uint32_t e1 = vsha1h_u32(vgetq_lane_u32(abcd, 0));
      if (g < 5)
        abcd = vsha1cq_u32(abcd, e0, wk);
      else if (g < 10 || g >= 15)
        abcd = vsha1pq_u32(abcd, e0, wk);
      else
        abcd = vsha1mq_u32(abcd, e0, wk);
      e0 = e1;
      if (g < 16)
        m[g % 4] =
            vsha1su1q_u32(vsha1su0q_u32(m[g % 4], m[(g + 1) % 4], m[(g + 2) % 4]), m[(g + 3) % 4]);
    }
    abcd = vaddq_u32(abcd, abcd0);
    e += e0;
  }
  vst1q_u32(h, abcd);
  h[4] = e;
}

static const uint32_t k256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static void sha256(const char* msg, uint32_t h[8]) {
  uint8_t buf[128];
  const unsigned blocks = pad(msg, buf);
  static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  uint32x4_t s0 = vld1q_u32(init), s1 = vld1q_u32(init + 4);
  for (unsigned b = 0; b < blocks; b++) {
    uint32x4_t m[4];
    for (int i = 0; i < 4; i++) m[i] = load_be(buf + 64 * b + 16 * i);
    const uint32x4_t save0 = s0, save1 = s1;
    for (int g = 0; g < 16; g++) {
      const uint32x4_t wk = vaddq_u32(m[g % 4], vld1q_u32(&k256[4 * g]));
      const uint32x4_t t = s0;
      s0 = vsha256hq_u32(s0, s1, wk);
      s1 = vsha256h2q_u32(s1, t, wk);
      if (g < 12)
        m[g % 4] = vsha256su1q_u32(vsha256su0q_u32(m[g % 4], m[(g + 1) % 4]), m[(g + 2) % 4],
                                   m[(g + 3) % 4]);
    }
    s0 = vaddq_u32(s0, save0);
    s1 = vaddq_u32(s1, save1);
  }
  vst1q_u32(h, s0);
  vst1q_u32(h + 4, s1);
}

static u64 pmull_lo(u64 a, u64 b, u64* hi) {
  const poly128_t p = vmull_p64((poly64_t)a, (poly64_t)b);
  const uint64x2_t v = vreinterpretq_u64_p128(p);
  *hi = vgetq_lane_u64(v, 1);
  return vgetq_lane_u64(v, 0);
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("features");
  const u64 isar0 = sysreg_read(id_aa64isar0_el1);
  t_check("isar0_aes_pmull", (isar0 >> 4) & 0xF, 2);
  t_check("isar0_sha1", (isar0 >> 8) & 0xF, 1);
  t_check("isar0_sha2", (isar0 >> 12) & 0xF, 1);
  t_check("isar0_crc32", (isar0 >> 16) & 0xF, 1);

  t_section("aes-128");
  uint8_t key[16], pt[16];
  for (int i = 0; i < 16; i++) {
    key[i] = (uint8_t)i;
    pt[i] = (uint8_t)(i * 0x11);
  }
  uint8x16_t rk[11];
  expand_key(key, rk);
  // FIPS-197 C.1: round[10].k_sch = 13111d7f e3944a17 f307a78b 4d2b30c5
  t_check("round_key_10_lo", lo64(rk[10]), 0x174a94e37f1d1113ull);
  t_check("round_key_10_hi", hi64(rk[10]), 0xc5302b4d8ba707f3ull);
  const uint8x16_t ct = aes_encrypt(vld1q_u8(pt), rk);
  t_check("ciphertext_lo", lo64(ct), 0x30047b6ad8e0c469ull);  // 69c4e0d8 6a7b0430 ...
  t_check("ciphertext_hi", hi64(ct), 0x5ac5b47080b7cdd8ull);  // ... d8cdb780 70b4c55a
  const uint8x16_t back = aes_decrypt(ct, rk);
  t_check("decrypted_lo", lo64(back), lo64(vld1q_u8(pt)));
  t_check("decrypted_hi", hi64(back), hi64(vld1q_u8(pt)));

  t_section("sha-1");
  static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  uint32_t h1[5];
  sha1("abc", h1);
  t_check32("abc_0", h1[0], 0xa9993e36);
  t_check32("abc_4", h1[4], 0x9cd0d89d);
  printf("sha1(abc) = %08x %08x %08x %08x %08x\n", (unsigned)h1[0], (unsigned)h1[1],
         (unsigned)h1[2], (unsigned)h1[3], (unsigned)h1[4]);
  sha1(two_blocks, h1);
  t_check32("two_blocks_0", h1[0], 0x84983e44);
  t_check32("two_blocks_4", h1[4], 0xe54670f1);

  t_section("sha-256");
  uint32_t h2[8];
  sha256("abc", h2);
  t_check32("abc_0", h2[0], 0xba7816bf);
  t_check32("abc_7", h2[7], 0xf20015ad);
  printf("sha256(abc) = %08x %08x %08x %08x %08x %08x %08x %08x\n", (unsigned)h2[0],
         (unsigned)h2[1], (unsigned)h2[2], (unsigned)h2[3], (unsigned)h2[4], (unsigned)h2[5],
         (unsigned)h2[6], (unsigned)h2[7]);
  sha256(two_blocks, h2);
  t_check32("two_blocks_0", h2[0], 0x248d6a61);
  t_check32("two_blocks_7", h2[7], 0x19db06c1);

  t_section("pmull");
  u64 hi;
  t_check("square_lo", pmull_lo(~0ull, ~0ull, &hi), 0x5555555555555555ull);
  t_check("square_hi", hi, 0x5555555555555555ull);
  t_check("shift_lo", pmull_lo(1ull << 63, 2, &hi), 0);
  t_check("shift_hi", hi, 1);
  t_check("mixed_lo", pmull_lo(0x87, 0xE100000000000000ull, &hi), 0x2700000000000000ull);
  t_check("mixed_hi", hi, 0x72);
}
