// Bodies of the Cryptographic Extension (isa/a64_crypto.inc; Arm ARM C7.2 and the
// shared pseudocode of the crypto instructions): AESE, AESD, AESMC, AESIMC (FIPS-197's
// round steps), SHA1C/P/M, SHA1H, SHA1SU0/SU1 (FIPS 180-4's SHA-1 rounds and message
// schedule, four rounds or words at a time), SHA256H/H2, SHA256SU0/SU1 (the same for
// SHA-256) and the 64 x 64 -> 128-bit PMULL.
//
// Each body starts with CheckFPAdvSIMDEnabled64() (the encodings have no reserved field
// values inside their patterns), reads every source before writing Vd, and writes all
// 128 bits of Vd (SHA1H's 32-bit result is zero-extended).
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/simd.h"

namespace isa {

namespace {

using simd::enter;
using simd::read_vec;
using simd::Vec;
using simd::write_vec;

using simd::field_d;
using simd::field_m;
using simd::field_n;
using simd::field_q;

// ---- AES ----
// The AES state is the register's 16 bytes, byte 4 * c + r holding row r of column c
// (FIPS-197's input order, as the Arm ARM lays it out).
using State = std::array<uint8_t, 16>;

State to_state(const Vec& v) {
  State s;
  std::memcpy(s.data(), v.w, 16);
  return s;
}
Vec from_state(const State& s) {
  Vec v;
  std::memcpy(v.w, s.data(), 16);
  return v;
}

// Multiplication in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1.
constexpr uint8_t gf_mul(uint8_t a, uint8_t b) {
  uint8_t product = 0;
  while (b != 0) {
    if (b & 1) product ^= a;
    a = static_cast<uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1B : 0));
    b >>= 1;
  }
  return product;
}

// The S-box (FIPS-197 5.1.1): the multiplicative inverse in GF(2^8) (x^254; 0 maps to
// 0), then the affine map b ^ (b <<< 1) ^ (b <<< 2) ^ (b <<< 3) ^ (b <<< 4) ^ 0x63.
constexpr std::array<uint8_t, 256> make_sbox() {
  std::array<uint8_t, 256> box{};
  for (unsigned x = 0; x < 256; ++x) {
    uint8_t inverse = 1, power = static_cast<uint8_t>(x);
    for (unsigned e = 254; e != 0; e >>= 1) {  // x^254 by squaring
      if (e & 1) inverse = gf_mul(inverse, power);
      power = gf_mul(power, power);
    }
    uint8_t b = inverse;
    for (int k = 1; k <= 4; ++k) b ^= std::rotl(inverse, k);
    box[x] = static_cast<uint8_t>(b ^ 0x63);
  }
  return box;
}
constexpr std::array<uint8_t, 256> make_inverse(const std::array<uint8_t, 256>& box) {
  std::array<uint8_t, 256> inverse{};
  for (unsigned x = 0; x < 256; ++x) inverse[box[x]] = static_cast<uint8_t>(x);
  return inverse;
}
constexpr std::array<uint8_t, 256> kSbox = make_sbox();
constexpr std::array<uint8_t, 256> kInvSbox = make_inverse(kSbox);
static_assert(kSbox[0x00] == 0x63 && kSbox[0x53] == 0xED && kSbox[0xFF] == 0x16,
              "FIPS-197 Figure 7");
static_assert(kInvSbox[0x63] == 0x00 && kInvSbox[0x16] == 0xFF, "FIPS-197 Figure 14");

// AESSubBytes / AESInvSubBytes.
State sub_bytes(const State& s, const std::array<uint8_t, 256>& box) {
  State r;
  for (unsigned i = 0; i < 16; ++i) r[i] = box[s[i]];
  return r;
}
// AESShiftRows: row r rotated left by r columns, i.e. byte 4c + r from column c + r;
// AESInvShiftRows: rotated right, from column c - r.
State shift_rows(const State& s, bool inverse) {
  State r;
  for (unsigned c = 0; c < 4; ++c)
    for (unsigned row = 0; row < 4; ++row) {
      const unsigned from = inverse ? (c + 4 - row) % 4 : (c + row) % 4;
      r[4 * c + row] = s[4 * from + row];
    }
  return r;
}
// AESMixColumns / AESInvMixColumns: each column times the circulant matrix of
// {02, 03, 01, 01} (inverse: {0e, 0b, 0d, 09}) over GF(2^8).
State mix_columns(const State& s, bool inverse) {
  const std::array<uint8_t, 4> coef =
      inverse ? std::array<uint8_t, 4>{0x0E, 0x0B, 0x0D, 0x09} : std::array<uint8_t, 4>{2, 3, 1, 1};
  State r;
  for (unsigned c = 0; c < 4; ++c)
    for (unsigned row = 0; row < 4; ++row) {
      uint8_t x = 0;
      for (unsigned k = 0; k < 4; ++k) x ^= gf_mul(coef[(k + 4 - row) % 4], s[4 * c + k]);
      r[4 * c + row] = x;
    }
  return r;
}

// AESE and AESD: the round key (Vn) is added first, then (Inv)ShiftRows and
// (Inv)SubBytes.
void aes_round(Cpu& cpu, uint32_t insn, bool decrypt) {
  if (!enter(cpu, false)) return;
  State s = to_state(read_vec(cpu, field_d(insn)));
  const State key = to_state(read_vec(cpu, field_n(insn)));
  for (unsigned i = 0; i < 16; ++i) s[i] ^= key[i];
  s = sub_bytes(shift_rows(s, decrypt), decrypt ? kInvSbox : kSbox);
  write_vec(cpu, field_d(insn), from_state(s), true);
}
void aes_mix(Cpu& cpu, uint32_t insn, bool inverse) {
  if (!enter(cpu, false)) return;
  const State s = to_state(read_vec(cpu, field_n(insn)));
  write_vec(cpu, field_d(insn), from_state(mix_columns(s, inverse)), true);
}

// ---- SHA ----
// A register as four 32-bit words, word e being Elem[V, e, 32].
using Words = std::array<uint32_t, 4>;

Words to_words(const Vec& v) {
  return Words{static_cast<uint32_t>(v.w[0]), static_cast<uint32_t>(v.w[0] >> 32),
               static_cast<uint32_t>(v.w[1]), static_cast<uint32_t>(v.w[1] >> 32)};
}
Vec from_words(const Words& x) {
  return Vec{{x[0] | uint64_t{x[1]} << 32, x[2] | uint64_t{x[3]} << 32}};
}

// SHAchoose, SHAparity, SHAmajority.
uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }

// SHA1C, SHA1P, SHA1M: four SHA-1 rounds on X = Vd (a in word 0 ... d in word 3), y =
// Sn (e) and the four schedule words (plus constant) of Vm; after each round the
// 160-bit y:X rotates left by 32 bits.
template <uint32_t (*kF)(uint32_t, uint32_t, uint32_t)>
void sha1_hash(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  Words x = to_words(read_vec(cpu, field_d(insn)));
  uint32_t y = static_cast<uint32_t>(read_vec(cpu, field_n(insn)).w[0]);
  const Words w = to_words(read_vec(cpu, field_m(insn)));
  for (unsigned e = 0; e < 4; ++e) {
    y += std::rotl(x[0], 5) + kF(x[1], x[2], x[3]) + w[e];
    x[1] = std::rotl(x[1], 30);
    const uint32_t top = x[3];
    x = Words{y, x[0], x[1], x[2]};
    y = top;
  }
  write_vec(cpu, field_d(insn), from_words(x), true);
}

// SHAhashSIGMA0, SHAhashSIGMA1 and the schedule's sigma0, sigma1 (FIPS 180-4 4.1.2).
uint32_t sigma_hash0(uint32_t x) { return std::rotr(x, 2) ^ std::rotr(x, 13) ^ std::rotr(x, 22); }
uint32_t sigma_hash1(uint32_t x) { return std::rotr(x, 6) ^ std::rotr(x, 11) ^ std::rotr(x, 25); }
uint32_t sigma_sched0(uint32_t x) { return std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3); }
uint32_t sigma_sched1(uint32_t x) { return std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10); }

// SHA256hash(X, Y, W, part1): four SHA-256 rounds on X = {a, b, c, d} and Y = {e, f,
// g, h} (word 0 first) with the schedule words (plus constants) W; after each round the
// 256-bit Y:X rotates left by 32 bits. The new X when part1 (SHA256H), else the new Y
// (SHA256H2).
Words sha256_hash(Words x, Words y, const Words& w, bool part1) {
  for (unsigned e = 0; e < 4; ++e) {
    const uint32_t chs = sha_choose(y[0], y[1], y[2]);
    const uint32_t maj = sha_majority(x[0], x[1], x[2]);
    const uint32_t t = y[3] + sigma_hash1(y[0]) + chs + w[e];
    x[3] += t;
    y[3] = t + sigma_hash0(x[0]) + maj;
    const Words old_x = x;
    x = Words{y[3], old_x[0], old_x[1], old_x[2]};
    y = Words{old_x[3], y[0], y[1], y[2]};
  }
  return part1 ? x : y;
}

}  // namespace

// ---- Cryptographic AES ----

void exec_AESE(Cpu& cpu, uint32_t insn) { aes_round(cpu, insn, false); }
void exec_AESD(Cpu& cpu, uint32_t insn) { aes_round(cpu, insn, true); }
void exec_AESMC(Cpu& cpu, uint32_t insn) { aes_mix(cpu, insn, false); }
void exec_AESIMC(Cpu& cpu, uint32_t insn) { aes_mix(cpu, insn, true); }

// ---- Cryptographic three-register SHA ----

void exec_SHA1C(Cpu& cpu, uint32_t insn) { sha1_hash<sha_choose>(cpu, insn); }
void exec_SHA1P(Cpu& cpu, uint32_t insn) { sha1_hash<sha_parity>(cpu, insn); }
void exec_SHA1M(Cpu& cpu, uint32_t insn) { sha1_hash<sha_majority>(cpu, insn); }

// SHA1SU0: (Vn<63:0> : Vd<127:64>) EOR Vd EOR Vm, the first half of the computation of
// four schedule words W[t] = (W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) <<< 1.
void exec_SHA1SU0(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const Vec d = read_vec(cpu, field_d(insn));
  const Vec n = read_vec(cpu, field_n(insn));
  const Vec m = read_vec(cpu, field_m(insn));
  const Vec r{{d.w[1] ^ d.w[0] ^ m.w[0], n.w[0] ^ d.w[1] ^ m.w[1]}};
  write_vec(cpu, field_d(insn), r, true);
}

void exec_SHA256H(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const Words x = to_words(read_vec(cpu, field_d(insn)));
  const Words y = to_words(read_vec(cpu, field_n(insn)));
  const Words w = to_words(read_vec(cpu, field_m(insn)));
  write_vec(cpu, field_d(insn), from_words(sha256_hash(x, y, w, true)), true);
}
void exec_SHA256H2(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const Words x = to_words(read_vec(cpu, field_n(insn)));
  const Words y = to_words(read_vec(cpu, field_d(insn)));
  const Words w = to_words(read_vec(cpu, field_m(insn)));
  write_vec(cpu, field_d(insn), from_words(sha256_hash(x, y, w, false)), true);
}

// SHA256SU1: the second half of W[t] = sigma1(W[t-2]) + W[t-7] + sigma0(W[t-15]) +
// W[t-16] for four words, Vd holding the first half's sums: T0 = Vm<31:0> :
// Vn<127:32> (W[t-7]), and W[t-2] from Vm<127:64> for the first two words, then from
// the two words just computed.
void exec_SHA256SU1(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const Words d = to_words(read_vec(cpu, field_d(insn)));
  const Words n = to_words(read_vec(cpu, field_n(insn)));
  const Words m = to_words(read_vec(cpu, field_m(insn)));
  const Words t0{n[1], n[2], n[3], m[0]};
  Words r{};
  for (unsigned e = 0; e < 4; ++e) {
    const uint32_t minus2 = e < 2 ? m[e + 2] : r[e - 2];
    r[e] = sigma_sched1(minus2) + d[e] + t0[e];
  }
  write_vec(cpu, field_d(insn), from_words(r), true);
}

// ---- Cryptographic two-register SHA ----

// SHA1H: Sd = Sn <<< 30 (SHA-1's e four rounds on, from a).
void exec_SHA1H(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const auto x = static_cast<uint32_t>(read_vec(cpu, field_n(insn)).w[0]);
  simd::set_v(cpu, field_d(insn), std::rotl(x, 30), 0);
}

// SHA1SU1: T = Vd EOR (Vn >> 32); each word of T rotated left by 1, the top one also
// EOR (T<31:0> <<< 2) (W[t-3] of the last word is the first word's result).
void exec_SHA1SU1(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const Words d = to_words(read_vec(cpu, field_d(insn)));
  const Words n = to_words(read_vec(cpu, field_n(insn)));
  const Words t{d[0] ^ n[1], d[1] ^ n[2], d[2] ^ n[3], d[3]};
  Words r{};
  for (unsigned e = 0; e < 4; ++e) r[e] = std::rotl(t[e], 1);
  r[3] ^= std::rotl(t[0], 2);
  write_vec(cpu, field_d(insn), from_words(r), true);
}

// SHA256SU0: the first half of four SHA-256 schedule words: W[t-16] + sigma0(W[t-15]),
// with T = Vn<31:0> : Vd<127:32> giving W[t-15].
void exec_SHA256SU0(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const Words d = to_words(read_vec(cpu, field_d(insn)));
  const Words n = to_words(read_vec(cpu, field_n(insn)));
  const Words t{d[1], d[2], d[3], n[0]};
  Words r{};
  for (unsigned e = 0; e < 4; ++e) r[e] = sigma_sched0(t[e]) + d[e];
  write_vec(cpu, field_d(insn), from_words(r), true);
}

// ---- PMULL, PMULL2 (1Q) ----

// The 128-bit polynomial (carry-less) product of the low (PMULL) or high (PMULL2)
// doublewords of Vn and Vm: PolynomialMult(op1, op2).
void exec_PMULL_64(Cpu& cpu, uint32_t insn) {
  if (!enter(cpu, false)) return;
  const unsigned part = field_q(insn) ? 1 : 0;
  const uint64_t a = read_vec(cpu, field_n(insn)).w[part];
  uint64_t b = read_vec(cpu, field_m(insn)).w[part];
  unsigned __int128 product = 0;
  while (b != 0) {
    product ^= static_cast<unsigned __int128>(a) << std::countr_zero(b);
    b &= b - 1;
  }
  simd::set_v(cpu, field_d(insn), static_cast<uint64_t>(product),
              static_cast<uint64_t>(product >> 64));
}

}  // namespace isa
