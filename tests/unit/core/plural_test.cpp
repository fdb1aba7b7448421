#include "core/plural.hpp"

#include <doctest/doctest.h>

using namespace pgapply;

TEST_CASE("plural adds an s unless the count is 1") {
  CHECK(plural(0, "migration") == "0 migrations");
  CHECK(plural(1, "migration") == "1 migration");
  CHECK(plural(2, "applied migration") == "2 applied migrations");
}

TEST_CASE("plural follows English's regular plurals for object kinds") {
  CHECK(plural(2, "index") == "2 indexes");
  CHECK(plural(1, "index") == "1 index");
  CHECK(plural(3, "policy") == "3 policies");
  CHECK(plural(2, "key") == "2 keys");
  CHECK(plural(2, "schema") == "2 schemas");
  CHECK(plural(2, "alias") == "2 aliases");
}
