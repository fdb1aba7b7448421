#include "core/duration.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "support/caught.hpp"

using namespace pgapply;
using pgapply::test::caught;
using std::chrono::milliseconds;

namespace {

std::string refusal(const std::string& text, milliseconds max = std::chrono::hours(24)) {
  const auto error = caught<Error>([&] { parse_duration("--lock-timeout", text, max); });
  CHECK(error.kind() == ErrorKind::usage);
  return error.what();
}

}  // namespace

TEST_CASE("a duration takes a unit") {
  CHECK(parse_duration("--lock-timeout", "500ms") == milliseconds(500));
  CHECK(parse_duration("--lock-timeout", "5s") == milliseconds(5000));
  CHECK(parse_duration("--lock-timeout", "1.5min") == milliseconds(90'000));
  CHECK(parse_duration("--lock-timeout", "2 h") == milliseconds(7'200'000));
  // 0 is no limit in any unit, as PostgreSQL's lock_timeout = 0.
  CHECK(parse_duration("--lock-timeout", "0") == milliseconds(0));
  CHECK(parse_duration("--lock-timeout", "0.0") == milliseconds(0));
}

TEST_CASE("a bare number is seconds, as the help's 5s reads, and what is not a duration is refused") {
  // Not PostgreSQL's milliseconds: the issue (#11, units) and the help say seconds.
  CHECK(parse_duration("--lock-timeout", "5000") == milliseconds(5'000'000));
  CHECK(parse_duration("--lock-timeout", "1.5") == milliseconds(1500));
  CHECK(parse_duration("--lock-timeout", "30") == parse_duration("--lock-timeout", "30s"));
  // Out of range: that is what it says.
  CHECK(refusal("99999999999").find("--lock-timeout 99999999999: more than 24 h") == 0);
  CHECK(refusal("abc").find("--lock-timeout abc: not a duration") == 0);
  CHECK(refusal("5 fortnights").find("--lock-timeout 5 fortnights: unknown unit 'fortnights'") == 0);
}

TEST_CASE("a limit under 1 ms is refused, not rounded to 0, which is no limit") {
  CHECK(refusal("0.4ms").find("--lock-timeout 0.4ms: less than 1 ms (0 is no limit)") == 0);
  CHECK(refusal("0.0000001ms").find("less than 1 ms") != std::string::npos);
  CHECK(refusal("0.0001").find("less than 1 ms") != std::string::npos);  // seconds
  CHECK(parse_duration("--lock-timeout", "1ms") == milliseconds(1));
  CHECK(parse_duration("--lock-timeout", "1.4ms") == milliseconds(1));
}

TEST_CASE("a limit suggested after one ran out is longer than it, and written as the option reads it") {
  const auto suggested = [](milliseconds used, milliseconds at_least = {}) {
    const auto longer = longer_limit(used, longest_server_timeout, at_least);
    REQUIRE(longer);
    const std::string text = duration_argument(*longer);
    CHECK(parse_duration("--lock-timeout", text, longest_server_timeout) == *longer);
    return text;
  };
  CHECK(suggested(milliseconds(300)) == "600ms");
  CHECK(suggested(std::chrono::seconds(5)) == "10s");
  CHECK(suggested(std::chrono::seconds(30)) == "1min");
  CHECK(suggested(std::chrono::minutes(1)) == "2min");
  CHECK(suggested(std::chrono::minutes(45)) == "90min");
  CHECK(suggested(std::chrono::hours(1)) == "2h");
  CHECK(suggested(milliseconds(1500)) == "3s");
  CHECK(suggested(milliseconds(750)) == "1500ms");
  // --lock-wait: 10min unless the wait was that long already
  CHECK(suggested(std::chrono::seconds(60), std::chrono::minutes(10)) == "10min");
  CHECK(suggested(std::chrono::minutes(10), std::chrono::minutes(10)) == "20min");
  // at most the longest the option takes, and none past it
  CHECK(suggested(longest_server_timeout - milliseconds(1)) == "2147483647ms");
  CHECK_FALSE(longer_limit(longest_server_timeout, longest_server_timeout));
  CHECK(duration_argument(longest_wait) == "8760h");
  CHECK(parse_duration("--lock-wait", duration_argument(longest_wait)) == longest_wait);
}
