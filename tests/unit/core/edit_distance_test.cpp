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
