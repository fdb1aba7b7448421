#include "migrate/version.hpp"

#include <doctest/doctest.h>

using namespace pgapply::migrate;

TEST_CASE("versions compare as numbers of any width") {
  CHECK(canonical_version("004") == "4");
  CHECK(canonical_version("000") == "0");
  CHECK(canonical_version("20240101120000") == "20240101120000");
  CHECK(compare_versions("9", "10") < 0);
  CHECK(compare_versions("10", "9") > 0);
  CHECK(compare_versions("12", "12") == 0);
  CHECK(compare_versions("123456789012345678901234567890", "99") > 0);
  CHECK(is_version_text("0012"));
  CHECK_FALSE(is_version_text(""));
  CHECK_FALSE(is_version_text("1a"));
}
