#include "core/edit_distance.hpp"

#include <doctest/doctest.h>

using namespace pgapply;

TEST_CASE("edit_distance counts insertions, deletions and substitutions") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("password", "password") == 0);
  CHECK(edit_distance("", "up") == 2);
  CHECK(edit_distance("up", "") == 2);
  CHECK(edit_distance("pasword", "password") == 1);   // deletion
  CHECK(edit_distance("passwordd", "password") == 1); // insertion
  CHECK(edit_distance("passwrod", "password") == 2);  // transposition is two edits
  CHECK(edit_distance("dry-rnu", "dry-run") == 2);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("nearest_within_typo: the nearest of the candidates at most two edits away, else none") {
  const std::vector<std::string_view> keys = {"lock_wait", "lock_timeout", "ledger"};
  CHECK(pgapply::nearest_within_typo("lock_timout", keys) == "lock_timeout");
  CHECK(pgapply::nearest_within_typo("ledgr", keys) == "ledger");
  // lock_wai is one edit from lock_wait: the nearest, though others come first in no order that matters
  CHECK(pgapply::nearest_within_typo("lock_wai", keys) == "lock_wait");
  CHECK(pgapply::nearest_within_typo("colour_scheme", keys).empty());
}
