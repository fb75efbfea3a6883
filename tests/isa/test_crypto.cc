// The Cryptographic Extension (FEAT_AES with FEAT_PMULL, FEAT_SHA1, FEAT_SHA256). The
// expected values are published test vectors: FIPS-197's worked example (Appendix B:
// the first round's intermediate states and the ciphertext) and its AES-128 example
// vector (Appendix C.1), the digests of FIPS 180's example messages "abc" and the
// two-block "abcdbcdecdefdefg..." (SHA-1 and SHA-256; also Python's hashlib), hashed
// with nothing but the crypto instructions and lane additions, as Linux's sha1-ce and
// sha2-ce drivers do, and carry-less products worked out independently (Python, by
// shifts and XORs). Each instruction runs alone at EL2 on V0 = Vd, V1 = Vn, V2 = Vm.
#include <catch2/catch.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "isa/decode.h"
#include "tests/isa/test_support.h"

using el2sim_test::d2;
using el2sim_test::s4;
using el2sim_test::TestCore;
using el2sim_test::V128;

namespace {

// The encodings with Rd = 0, Rn = 1, Rm = 2.
constexpr uint32_t kAese = 0x4e284820;       // aese v0.16b, v1.16b
constexpr uint32_t kAesd = 0x4e285820;       // aesd v0.16b, v1.16b
constexpr uint32_t kAesmc = 0x4e286820;      // aesmc v0.16b, v1.16b
constexpr uint32_t kAesimc = 0x4e287820;     // aesimc v0.16b, v1.16b
constexpr uint32_t kSha1c = 0x5e020020;      // sha1c q0, s1, v2.4s
constexpr uint32_t kSha1p = 0x5e021020;      // sha1p q0, s1, v2.4s
constexpr uint32_t kSha1m = 0x5e022020;      // sha1m q0, s1, v2.4s
constexpr uint32_t kSha1su0 = 0x5e023020;    // sha1su0 v0.4s, v1.4s, v2.4s
constexpr uint32_t kSha256h = 0x5e024020;    // sha256h q0, q1, v2.4s
constexpr uint32_t kSha256h2 = 0x5e025020;   // sha256h2 q0, q1, v2.4s
constexpr uint32_t kSha256su1 = 0x5e026020;  // sha256su1 v0.4s, v1.4s, v2.4s
constexpr uint32_t kSha1h = 0x5e280820;      // sha1h s0, s1
constexpr uint32_t kSha1su1 = 0x5e281820;    // sha1su1 v0.4s, v1.4s
constexpr uint32_t kSha256su0 = 0x5e282820;  // sha256su0 v0.4s, v1.4s
constexpr uint32_t kPmull = 0x0ee2e020;      // pmull v0.1q, v1.1d, v2.1d
constexpr uint32_t kPmull2 = 0x4ee2e020;     // pmull2 v0.1q, v1.2d, v2.2d

constexpr uint64_t kJunk = 0x5A5A5A5A5A5A5A5A;

// One core on which instruction after instruction runs from the same address.
struct Crypto {
  el2sim_test::SimdCore s;
  V128 run(uint32_t insn, V128 d, V128 n = {}, V128 m = {}) {
    s.t.cpu.set_pc(TestCore::kCode);
    s.set(0, d);
    s.set(1, n);
    s.set(2, m);
    REQUIRE(s.exec(insn));
    return s.get(0);
  }
};

// 16 bytes, byte 0 first, as a register (byte 0 is the least significant).
V128 bytes(const std::string& hex) {
  REQUIRE(hex.size() == 32);
  uint8_t b[16];
  for (unsigned i = 0; i < 16; ++i)
    b[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  V128 v;
  std::memcpy(&v.lo, b, 8);
  std::memcpy(&v.hi, b + 8, 8);
  return v;
}
std::string hex(V128 v) {
  uint8_t b[16];
  std::memcpy(b, &v.lo, 8);
  std::memcpy(b + 8, &v.hi, 8);
  std::string s;
  for (uint8_t x : b) {
    static const char* digits = "0123456789abcdef";
    s += digits[x >> 4];
    s += digits[x & 15];
  }
  return s;
}
V128 operator^(V128 a, V128 b) { return V128{a.lo ^ b.lo, a.hi ^ b.hi}; }
uint32_t lane(V128 v, unsigned e) {
  return static_cast<uint32_t>((e < 2 ? v.lo : v.hi) >> (32 * (e & 1)));
}
// Lane-wise 32-bit addition (ADD v.4s, done here in C++).
V128 add4(V128 v, const uint32_t* k) {
  return s4({lane(v, 0) + k[0], lane(v, 1) + k[1], lane(v, 2) + k[2], lane(v, 3) + k[3]});
}

}  // namespace

TEST_CASE("AESE, AESMC, AESIMC, AESD: FIPS-197 Appendix B, round 1", "[crypto]") {
  Crypto c;
  const V128 input = bytes("3243f6a8885a308d313198a2e0370734");
  const V128 key = bytes("2b7e151628aed2a6abf7158809cf4f3c");
  // AESE: AddRoundKey (round 0's: the state is then 193de3be...), SubBytes, ShiftRows.
  const V128 after_shift = c.run(kAese, input, key);
  CHECK(hex(after_shift) == "d4bf5d30e0b452aeb84111f11e2798e5");
  const V128 after_mix = c.run(kAesmc, V128{kJunk, kJunk}, after_shift);
  CHECK(hex(after_mix) == "046681e5e0cb199a48f8d37a2806264c");
  // The inverses undo them.
  CHECK(hex(c.run(kAesimc, V128{kJunk, kJunk}, after_mix)) == hex(after_shift));
  CHECK(hex(c.run(kAesd, after_shift, V128{})) == "193de3bea0f4e22b9ac68d2ae9f84808");
  // AESD adds its round key first too.
  CHECK(hex(c.run(kAesd, after_shift ^ key, key)) == "193de3bea0f4e22b9ac68d2ae9f84808");
  // Vd == Vn: the key is the state itself, so AESE sees zeros: S-box(0) = 0x63.
  Crypto same;
  same.s.set(3, bytes("00112233445566778899aabbccddeeff"));
  same.s.t.cpu.set_pc(TestCore::kCode);
  REQUIRE(same.s.exec(0x4e284863));  // aese v3.16b, v3.16b
  CHECK(hex(same.s.get(3)) == "63636363636363636363636363636363");
}

namespace {

// AES-128 with the instructions, as Linux's aes-ce does: SubWord of the key expansion by
// AESE on a vector whose four columns are the word (ShiftRows then moves nothing).
std::array<V128, 11> expand_key(Crypto& c, V128 key) {
  std::array<uint32_t, 44> w{};
  for (unsigned i = 0; i < 4; ++i) w[i] = lane(key, i);
  uint8_t rcon = 1;
  for (unsigned i = 4; i < 44; ++i) {
    uint32_t t = w[i - 1];
    if (i % 4 == 0) {
      const uint32_t sub = lane(c.run(kAese, s4({t, t, t, t}), V128{}), 0);
      t = std::rotr(sub, 8) ^ rcon;  // RotWord (byte 1 first) after SubWord, Rcon in byte 0
      rcon = static_cast<uint8_t>((rcon << 1) ^ ((rcon & 0x80) ? 0x1B : 0));
    }
    w[i] = w[i - 4] ^ t;
  }
  std::array<V128, 11> rk;
  for (unsigned r = 0; r < 11; ++r)
    rk[r] = s4({w[4 * r], w[4 * r + 1], w[4 * r + 2], w[4 * r + 3]});
  return rk;
}
V128 encrypt(Crypto& c, const std::array<V128, 11>& rk, V128 s) {
  for (unsigned r = 0; r < 9; ++r) s = c.run(kAesmc, V128{}, c.run(kAese, s, rk[r]));
  return c.run(kAese, s, rk[9]) ^ rk[10];
}
// The equivalent inverse cipher: InvMixColumns moved in front of AddRoundKey, so the
// inner round keys go through AESIMC.
V128 decrypt(Crypto& c, const std::array<V128, 11>& rk, V128 s) {
  s = c.run(kAesd, s, rk[10]);
  for (unsigned r = 9; r >= 1; --r) {
    s = c.run(kAesimc, V128{}, s);
    s = c.run(kAesd, s, c.run(kAesimc, V128{}, rk[r]));
  }
  return s ^ rk[0];
}

}  // namespace

TEST_CASE("AES-128 from the instructions: FIPS-197 Appendix B and C.1", "[crypto]") {
  Crypto c;
  struct Vector {
    const char* key;
    const char* plain;
    const char* cipher;
  };
  for (const Vector& v :
       {Vector{"2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734",
               "3925841d02dc09fbdc118597196a0b32"},
        Vector{"000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff",
               "69c4e0d86a7b0430d8cdb78070b4c55a"}}) {
    INFO(v.key);
    const auto rk = expand_key(c, bytes(v.key));
    CHECK(hex(encrypt(c, rk, bytes(v.plain))) == v.cipher);
    CHECK(hex(decrypt(c, rk, bytes(v.cipher))) == v.plain);
  }
  // FIPS-197 A.1: the last round key of 2b7e1516...
  CHECK(hex(expand_key(c, bytes("2b7e151628aed2a6abf7158809cf4f3c"))[10]) ==
        "d014f9a8c9ee2589e13f0cc8b6630ca6");
}

namespace {

// FIPS 180-4 padding: the message, 0x80, zeros, the bit length (big-endian), in 64-byte
// blocks of sixteen big-endian words.
std::vector<std::array<uint32_t, 16>> pad(const std::string& msg) {
  std::vector<uint8_t> b(msg.begin(), msg.end());
  const uint64_t bits = uint64_t{8} * msg.size();
  b.push_back(0x80);
  while (b.size() % 64 != 56) b.push_back(0);
  for (int i = 7; i >= 0; --i) b.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  std::vector<std::array<uint32_t, 16>> blocks(b.size() / 64);
  for (size_t i = 0; i < b.size(); i += 4)
    blocks[i / 64][(i % 64) / 4] =
        uint32_t{b[i]} << 24 | uint32_t{b[i + 1]} << 16 | uint32_t{b[i + 2]} << 8 | b[i + 3];
  return blocks;
}
std::string digest_hex(const uint32_t* h, unsigned words) {
  std::string s;
  char buf[9];
  for (unsigned i = 0; i < words; ++i) {
    std::snprintf(buf, sizeof buf, "%08x", h[i]);
    s += buf;
  }
  return s;
}

// SHA-1 (as sha1-ce): ABCD in one register, E in a scalar; 20 groups of four rounds,
// each with SHA1H for the next group's E and SHA1C/P/M, the schedule four words at a
// time by SHA1SU0 + SHA1SU1.
std::string sha1(Crypto& c, const std::string& msg) {
  std::array<uint32_t, 5> h{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const uint32_t k[4] = {0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xCA62C1D6};
  for (const auto& block : pad(msg)) {
    V128 w[4];
    for (unsigned q = 0; q < 4; ++q)
      w[q] = s4({block[4 * q], block[4 * q + 1], block[4 * q + 2], block[4 * q + 3]});
    V128 abcd = s4({h[0], h[1], h[2], h[3]});
    uint32_t e = h[4];
    for (unsigned q = 0; q < 20; ++q) {
      const uint32_t kq[4] = {k[q / 5], k[q / 5], k[q / 5], k[q / 5]};
      const V128 wk = add4(w[q % 4], kq);
      const uint32_t next_e = lane(c.run(kSha1h, V128{kJunk, kJunk}, abcd), 0);
      const uint32_t op = q < 5 ? kSha1c : (q >= 10 && q < 15) ? kSha1m : kSha1p;
      abcd = c.run(op, abcd, V128{e}, wk);
      e = next_e;
      if (q < 16) {
        w[q % 4] = c.run(kSha1su0, w[q % 4], w[(q + 1) % 4], w[(q + 2) % 4]);
        w[q % 4] = c.run(kSha1su1, w[q % 4], w[(q + 3) % 4]);
      }
    }
    for (unsigned i = 0; i < 4; ++i) h[i] += lane(abcd, i);
    h[4] += e;
  }
  return digest_hex(h.data(), 5);
}

// floor(root(p) * 2^32) mod 2^32 for the square (2) or cube (3) root of a small prime,
// by bisection on integers: SHA-256's initial hash value and round constants.
uint32_t root_fraction(unsigned p, unsigned degree) {
  const unsigned __int128 target = static_cast<unsigned __int128>(p) << (32 * degree);
  uint64_t lo = 0, hi = uint64_t{1} << 40;
  while (hi - lo > 1) {
    const uint64_t mid = (lo + hi) / 2;
    unsigned __int128 power = 1;
    for (unsigned i = 0; i < degree; ++i) power *= mid;
    (power <= target ? lo : hi) = mid;
  }
  return static_cast<uint32_t>(lo);
}
std::vector<unsigned> primes(unsigned count) {
  std::vector<unsigned> ps;
  for (unsigned n = 2; ps.size() < count; ++n) {
    bool prime = true;
    for (unsigned p : ps) prime = prime && n % p != 0;
    if (prime) ps.push_back(n);
  }
  return ps;
}

// SHA-256 (as sha2-ce): ABCD and EFGH in two registers; 16 groups of four rounds by
// SHA256H and SHA256H2 (the latter with the ABCD from before the group), the schedule
// four words at a time by SHA256SU0 + SHA256SU1.
std::string sha256(Crypto& c, const std::string& msg) {
  const std::vector<unsigned> ps = primes(64);
  std::array<uint32_t, 8> h{};
  uint32_t k[64];
  for (unsigned i = 0; i < 8; ++i) h[i] = root_fraction(ps[i], 2);
  for (unsigned i = 0; i < 64; ++i) k[i] = root_fraction(ps[i], 3);
  REQUIRE(h[0] == 0x6A09E667);   // FIPS 180-4 5.3.3
  REQUIRE(k[63] == 0xC67178F2);  // FIPS 180-4 4.2.2
  for (const auto& block : pad(msg)) {
    V128 w[4];
    for (unsigned q = 0; q < 4; ++q)
      w[q] = s4({block[4 * q], block[4 * q + 1], block[4 * q + 2], block[4 * q + 3]});
    V128 abcd = s4({h[0], h[1], h[2], h[3]});
    V128 efgh = s4({h[4], h[5], h[6], h[7]});
    for (unsigned q = 0; q < 16; ++q) {
      const V128 wk = add4(w[q % 4], &k[4 * q]);
      const V128 old_abcd = abcd;
      abcd = c.run(kSha256h, abcd, efgh, wk);
      efgh = c.run(kSha256h2, efgh, old_abcd, wk);
      if (q < 12) {
        w[q % 4] = c.run(kSha256su0, w[q % 4], w[(q + 1) % 4]);
        w[q % 4] = c.run(kSha256su1, w[q % 4], w[(q + 2) % 4], w[(q + 3) % 4]);
      }
    }
    for (unsigned i = 0; i < 4; ++i) {
      h[i] += lane(abcd, i);
      h[i + 4] += lane(efgh, i);
    }
  }
  return digest_hex(h.data(), 8);
}

const std::string kAbc = "abc";
const std::string kTwoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

}  // namespace

TEST_CASE("SHA-1 from SHA1C/P/M, SHA1H, SHA1SU0/SU1: FIPS 180 examples", "[crypto]") {
  Crypto c;
  CHECK(sha1(c, kAbc) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(sha1(c, kTwoBlocks) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  CHECK(sha1(c, "") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST_CASE("SHA-256 from SHA256H/H2, SHA256SU0/SU1: FIPS 180 examples", "[crypto]") {
  Crypto c;
  CHECK(sha256(c, kAbc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256(c, kTwoBlocks) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256(c, "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("SHA1H, SHA1SU0: the scalar result and Vd as a source", "[crypto]") {
  Crypto c;
  // SHA1H: Sn <<< 30, the rest of Vd cleared; the upper bits of Vn are not read.
  CHECK(c.run(kSha1h, V128{kJunk, kJunk}, d2(0xFFFFFFFF00000003, kJunk)).lo == 0xC0000000);
  CHECK(c.run(kSha1h, V128{kJunk, kJunk}, d2(0x0000000080000001, 0)).hi == 0);
  CHECK(c.run(kSha1h, V128{}, d2(0x12345678, 0)).lo == 0x048D159E);
  // sha1su0 v0, v0, v0: (V0<63:0> : V0<127:64>) EOR V0 EOR V0 swaps the halves.
  Crypto same;
  same.s.set(0, d2(0x1111111122222222, 0x3333333344444444));
  same.s.t.cpu.set_pc(TestCore::kCode);
  REQUIRE(same.s.exec(0x5e003000));  // sha1su0 v0.4s, v0.4s, v0.4s
  CHECK(same.s.get(0).lo == 0x3333333344444444);
  CHECK(same.s.get(0).hi == 0x1111111122222222);
}

TEST_CASE("PMULL, PMULL2 (1Q): 64 x 64 -> 128-bit carry-less products", "[crypto]") {
  struct Case {
    uint64_t a, b, lo, hi;
  };
  // Worked out by shifts and XORs (Python); the last pair is GHASH's reduction
  // constant times the GCM test-case-1 hash key's upper half.
  for (const Case& k :
       {Case{~0ull, ~0ull, 0x5555555555555555, 0x5555555555555555},
        Case{0x0123456789ABCDEF, 0xFEDCBA9876543210, 0x40A0789828C810F0, 0x00E038D8688850B0},
        Case{0x8000000000000001, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000},
        Case{0xC200000000000000, 0x66E94BD4EF8A2C3B, 0x3600000000000000, 0x2A032588E5F8894B},
        Case{0, 0x66E94BD4EF8A2C3B, 0, 0}, Case{1, 0x66E94BD4EF8A2C3B, 0x66E94BD4EF8A2C3B, 0}}) {
    INFO(std::hex << k.a << " * " << k.b);
    Crypto c;
    V128 r = c.run(kPmull, V128{kJunk, kJunk}, d2(k.a, kJunk), d2(k.b, ~kJunk));
    CHECK(r.lo == k.lo);
    CHECK(r.hi == k.hi);
    r = c.run(kPmull2, V128{kJunk, kJunk}, d2(kJunk, k.a), d2(~kJunk, k.b));
    CHECK(r.lo == k.lo);
    CHECK(r.hi == k.hi);
  }
  // pmull v0.1q, v0.1d, v0.1d: the square spreads the bits (x^i -> x^2i).
  Crypto c;
  c.s.set(0, d2(0x8000000000000003, kJunk));
  c.s.t.cpu.set_pc(TestCore::kCode);
  REQUIRE(c.s.exec(0x0ee0e000));
  CHECK(c.s.get(0).lo == 0x5);
  CHECK(c.s.get(0).hi == 0x4000000000000000);
}

TEST_CASE("Crypto encodings: decode, unallocated neighbours", "[crypto]") {
  using isa::decode;
  using isa::InsnId;
  CHECK(decode(kAese) == InsnId::AESE);
  CHECK(decode(kAesd) == InsnId::AESD);
  CHECK(decode(kAesmc) == InsnId::AESMC);
  CHECK(decode(kAesimc) == InsnId::AESIMC);
  CHECK(decode(kSha1c) == InsnId::SHA1C);
  CHECK(decode(kSha1p) == InsnId::SHA1P);
  CHECK(decode(kSha1m) == InsnId::SHA1M);
  CHECK(decode(kSha1su0) == InsnId::SHA1SU0);
  CHECK(decode(kSha256h) == InsnId::SHA256H);
  CHECK(decode(kSha256h2) == InsnId::SHA256H2);
  CHECK(decode(kSha256su1) == InsnId::SHA256SU1);
  CHECK(decode(kSha1h) == InsnId::SHA1H);
  CHECK(decode(kSha1su1) == InsnId::SHA1SU1);
  CHECK(decode(kSha256su0) == InsnId::SHA256SU0);
  CHECK(decode(kPmull) == InsnId::PMULL_64);
  CHECK(decode(kPmull2) == InsnId::PMULL_64);
  CHECK(decode(0x0e22e020) == InsnId::PMULL);  // pmull v0.8h, v1.8b, v2.8b
  // Unallocated: size != 00, the opcodes around the groups (later extensions' SHA512 and
  // SM3/SM4 live elsewhere).
  for (uint32_t w :
       {0x4e684820u /* aese, size 01 */, 0x4ee87820u /* aesimc, size 11 */,
        0x4e280820u /* AES opcode 00000 */, 0x4e288820u /* AES opcode 01000 */,
        0x5e027020u /* three-register SHA opcode 111 */, 0x5e420020u /* sha1c, size 01 */,
        0x5e283820u /* two-register SHA 00011 */, 0x5ea80820u /* sha1h, size 10 */}) {
    INFO(std::hex << w);
    CHECK(decode(w) == InsnId::kUnallocated);
    el2sim_test::SimdCore s;
    s.set(0, V128{kJunk, kJunk});
    REQUIRE_FALSE(s.exec(w));
    CHECK(s.ec() == 0x00);
    CHECK(s.get(0).lo == kJunk);
  }
}

TEST_CASE("Crypto instructions are trapped by CPTR_EL2.TFP", "[crypto]") {
  for (uint32_t insn : {kAese, kAesd, kAesmc, kAesimc, kSha1c, kSha1p, kSha1m, kSha1su0, kSha256h,
                        kSha256h2, kSha256su1, kSha1h, kSha1su1, kSha256su0, kPmull, kPmull2}) {
    INFO(std::hex << insn);
    el2sim_test::SimdCore s;
    s.t.cpu.sr().CPTR_EL2 |= 1u << 10;
    s.set(0, V128{kJunk, kJunk});
    s.set(1, V128{1, 2});
    REQUIRE_FALSE(s.exec(insn));
    CHECK(s.ec() == 0x07);
    CHECK(s.t.cpu.sr().ELR_EL2 == TestCore::kCode);
    CHECK(s.get(0).lo == kJunk);
    CHECK(s.get(0).hi == kJunk);
  }
}

TEST_CASE("ID_AA64ISAR0_EL1 advertises AES with PMULL, SHA1, SHA2 and CRC32", "[crypto]") {
  TestCore t;
  t.load({0xd5380600});  // mrs x0, id_aa64isar0_el1
  t.step();
  REQUIRE(t.cpu.pc() == TestCore::kCode + 4);
  const uint64_t isar0 = t.cpu.x(0);
  CHECK(isar0 == 0x11120);
  CHECK(((isar0 >> 4) & 0xF) == 2);   // AES: AESE/AESD/AESMC/AESIMC and PMULL/PMULL2 (1Q)
  CHECK(((isar0 >> 8) & 0xF) == 1);   // SHA1
  CHECK(((isar0 >> 12) & 0xF) == 1);  // SHA2: SHA256 only
  CHECK(((isar0 >> 16) & 0xF) == 1);  // CRC32
}
