#include "migrate/version.hpp"

#include <algorithm>
#include <vector>

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
  // pop's 20-digit versions, and a 14-digit timestamp against them.
  CHECK(compare_versions("20240101120000000001", "20240101120000000002") < 0);
  CHECK(compare_versions("20240101120000", "20240101120000000002") < 0);
  CHECK(compare_versions("0099", "100") < 0);
  CHECK(compare_versions("000", "0") == 0);
  CHECK(compare_versions("0", "00001") < 0);
  CHECK(compare_versions("0010", "9") > 0);
  CHECK(compare_versions("10", "1.0") > 0);
  CHECK(compare_versions("1", "1.0") == 0);
  CHECK(is_version_text("0012"));
  CHECK_FALSE(is_version_text(""));
  CHECK_FALSE(is_version_text("1a"));
}

TEST_CASE("Flyway's dotted versions: part by part, numerically, 1.0 is 1") {
  CHECK(is_version_text("1.1"));
  CHECK(is_version_text("1_1"));
  CHECK(is_version_text("2.0_1"));
  for (const char* bad : {"1.", ".1", "1..2", "1__2", "_1", "1_", "1.a", "1-2", " 1"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_version_text(bad));
  }
  CHECK(canonical_version("1_1") == "1.1");
  CHECK(canonical_version("1.1") == "1.1");
  CHECK(canonical_version("01.020") == "1.20");
  CHECK(canonical_version("1.0") == "1");
  CHECK(canonical_version("1.0.0") == "1");
  CHECK(canonical_version("1.0.2") == "1.0.2");
  CHECK(canonical_version("0.0") == "0");
  CHECK(canonical_version("0.5") == "0.5");
  CHECK(canonical_version("0_0_7") == "0.0.7");

  CHECK(compare_versions("1.2", "1.10") < 0);
  CHECK(compare_versions("1.10", "2") < 0);
  CHECK(compare_versions("1.1", "1.01") == 0);
  CHECK(compare_versions("1", "1.0") == 0);
  CHECK(compare_versions("1.0.0", "001") == 0);
  CHECK(compare_versions("1", "1.0.1") < 0);
  CHECK(compare_versions("1.0.1", "1.1") < 0);
  CHECK(compare_versions("1_1", "1.1") == 0);
  CHECK(compare_versions("2", "1.999") > 0);
  CHECK(compare_versions("0.9", "1") < 0);

  std::vector<std::string> versions{"2", "1.10", "1.2", "1", "10", "1.1.1", "9", "1.1"};
  std::sort(versions.begin(), versions.end(), VersionLess{});
  CHECK(versions == std::vector<std::string>{"1", "1.1", "1.1.1", "1.2", "1.10", "2", "9", "10"});
}

TEST_CASE("equal versions have equal canonical texts") {
  const std::vector<std::string> texts{"1", "01", "1.0", "1_0_0", "1.1", "1.01", "1_1", "10", "1.10", "0", "0.0"};
  for (const auto& a : texts) {
    for (const auto& b : texts) {
      CAPTURE(a);
      CAPTURE(b);
      CHECK((compare_versions(a, b) == 0) == (canonical_version(a) == canonical_version(b)));
      CHECK(compare_versions(canonical_version(a), canonical_version(b)) == compare_versions(a, b));
    }
  }
}
