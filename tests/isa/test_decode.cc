// The decode table: well-formed, free of undeclared overlaps, and every declared
// overlap real.
#include <catch2/catch.hpp>
#include <set>
#include <string>

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
