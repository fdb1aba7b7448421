#include "core/plural.hpp"

#include <doctest/doctest.h>

using namespace pgapply;

TEST_CASE("plural adds an s unless the count is 1") {
  CHECK(plural(0, "migration") == "0 migrations");
  CHECK(plural(1, "migration") == "1 migration");
  CHECK(plural(2, "applied migration") == "2 applied migrations");
}
