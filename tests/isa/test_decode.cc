// The decode table: well-formed, free of undeclared overlaps, and every declared
// overlap real.
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "isa/decode.h"

using namespace isa;

namespace {
bool intersect(const InsnInfo& a, const InsnInfo& b) {
  return ((a.value ^ b.value) & a.mask & b.mask) == 0;
}
}  // namespace

TEST_CASE("decode table: patterns are 32 bits of 0, 1 or field letters", "[decode]") {
  for (const auto& e : insn_table()) {
    INFO(e.ident);
    REQUIRE(e.pattern.size() == 32);
    for (char c : e.pattern) REQUIRE(c != ' ');
    REQUIRE(e.mask != 0);
  }
}

TEST_CASE("decode table: identifiers are unique", "[decode]") {
  std::set<std::string_view> seen;
  for (const auto& e : insn_table()) REQUIRE(seen.insert(e.ident).second);
}

TEST_CASE("decode table: every overlap is declared and every declaration is real", "[decode]") {
  const auto table = insn_table();
  std::set<std::pair<size_t, size_t>> declared;
  for (const auto& o : overlap_table()) {
    const auto w = static_cast<size_t>(o.winner), l = static_cast<size_t>(o.loser);
    INFO(table[w].ident << " over " << table[l].ident);
    CHECK(intersect(table[w], table[l]));
    CHECK(!declared.count({l, w}));  // not declared both ways
    declared.insert({w, l});
  }
  for (size_t i = 0; i < table.size(); ++i) {
    for (size_t j = i + 1; j < table.size(); ++j) {
      if (!intersect(table[i], table[j])) continue;
      INFO("undeclared overlap: " << table[i].ident << " / " << table[j].ident);
      CHECK((declared.count({i, j}) || declared.count({j, i})));
    }
  }
}

TEST_CASE("decode: each entry decodes its own base encoding or a declared winner", "[decode]") {
  const auto table = insn_table();
  for (const auto& e : table) {
    const InsnId got = decode(e.value);
    INFO(e.ident << " decoded as " << insn_name(got));
    if (got == e.id) continue;
    bool declared = false;
    for (const auto& o : overlap_table())
      if (o.winner == got && o.loser == e.id) declared = true;
    CHECK(declared);
  }
}

TEST_CASE("decode: all-zero and all-one words are unallocated", "[decode]") {
  CHECK(decode(0x00000000) == InsnId::kUnallocated);  // UDF #0
  CHECK(decode(0xFFFFFFFF) == InsnId::kUnallocated);
}

TEST_CASE("decode: the bucketed lookup agrees with a scan of the whole table", "[decode]") {
  const auto table = insn_table();
  const auto overlaps = overlap_table();
  const auto beats = [&](InsnId w, InsnId l) {
    for (const auto& o : overlaps)
      if (o.winner == w && o.loser == l) return true;
    return false;
  };
  // Every entry that matches, in table order; the one that wins over all the others.
  const auto reference = [&](uint32_t raw) {
    std::vector<InsnId> found;
    for (const auto& e : table)
      if ((raw & e.mask) == e.value) found.push_back(e.id);
    for (const InsnId a : found) {
      bool all = true;
      for (const InsnId c : found)
        if (c != a && !beats(a, c)) all = false;
      if (all) return a;
    }
    return found.empty() ? InsnId::kUnallocated : found.front();
  };
  std::mt19937 rng(20261124);
  const auto check = [&](uint32_t raw) {
    INFO(std::hex << raw << " decoded as " << insn_name(decode(raw)));
    REQUIRE(decode(raw) == reference(raw));
  };
  // Each entry's encodings with random field values, and random words.
  for (const auto& e : table)
    for (unsigned k = 0; k < 16; ++k) check(e.value | (static_cast<uint32_t>(rng()) & ~e.mask));
  for (unsigned k = 0; k < 100000; ++k) check(static_cast<uint32_t>(rng()));
}
