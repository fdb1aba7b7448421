// pgapply.toml: keys from the option table, errors with their line.
#include "cli/project_file.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "support/caught.hpp"

using namespace pgapply;
using namespace pgapply::cli;
using pgapply::test::caught;

namespace {

std::string error_of(const std::string& text) {
  const auto error = caught<Error>([&] { parse_project_file(text, "pgapply.toml"); });
  CHECK(error.kind() == ErrorKind::usage);
  return error.what();
}

}  // namespace

TEST_CASE("pgapply.toml gives values as the command line spells them, with their lines") {
  const auto file = parse_project_file(
      "# the project's settings\n"
      "dir = \"db/migrations\"\n"
      "lock_wait = \"120s\"\n"
      "lock_timeout = \"10s\"\n"
      "allow_out_of_order = false\n"
      "\n"
      "[variables]\n"
      "app_role = \"web\"\n"
      "replicas = 3\n",
      "pgapply.toml");
  CHECK(file.settings.at("dir").values == std::vector<std::string>{"db/migrations"});
  CHECK(file.settings.at("dir").line == 2);
  CHECK(file.settings.at("lock-wait").values == std::vector<std::string>{"120s"});
  CHECK(file.settings.at("allow-out-of-order").values == std::vector<std::string>{"false"});
  CHECK(file.settings.at("set").values == std::vector<std::string>{"app_role=web", "replicas=3"});
  CHECK(file.settings.at("set").line == 7);
}

TEST_CASE("an unknown key in pgapply.toml is an error naming the key and its line") {
  CHECK(error_of("dir = \"x\"\nledgr = \"y\"\n") ==
        "pgapply.toml:2: unknown key 'ledgr'; did you mean 'ledger'?");
  CHECK(error_of("[lint]\nenabled = [\"x\"]\n") == "pgapply.toml:2: unknown key 'lint.enabled'; did you mean 'lint.enable'?");
  CHECK(error_of("lock_timout = \"5s\"\n") == "pgapply.toml:1: unknown key 'lock_timout'; did you mean 'lock_timeout'?");
  // Connection settings are never read from the file (it is committed).
  CHECK(error_of("\n\ndbname = \"postgresql://u:pw@prod/db\"\n").find("pgapply.toml:3: unknown key 'dbname'") == 0);
  CHECK(error_of("colour_scheme = \"x\"\n") ==
        "pgapply.toml:1: unknown key 'colour_scheme' (a key is a setting's name with _ for -, as pgapply config lists "
        "them: lock_timeout, ledger_format...)");
}

TEST_CASE("a value of the wrong type, or broken TOML, is an error with its line") {
  CHECK(error_of("dir = [\"a\"]\n") == "pgapply.toml:1: 'dir' must be a string: dir = \"...\"");
  CHECK(error_of("\nno_verify = \"yes\"\n") == "pgapply.toml:2: 'no_verify' must be true or false");
  CHECK(error_of("variables = \"a=1\"\n").find("pgapply.toml:1: 'variables' must be a table") == 0);
  CHECK(error_of("[variables]\nx = [1]\n") == "pgapply.toml:2: 'variables.x' must be a string or a number");
  // A file toml++ cannot parse: at its line and column, compiler style.
  CHECK(error_of("dir = \"unterminated\n").find("pgapply.toml:1:") == 0);
  CHECK(error_of("dir = \n") == "pgapply.toml:1:7: error: Error while parsing key-value pair: expected value, saw '\\n'");
}

TEST_CASE("a string setting takes only a string, counts and durations take a number too") {
  CHECK(error_of("dir = 5\n") == "pgapply.toml:1: 'dir' must be a string: dir = \"5\"");
  CHECK(error_of("\nledger = 3\n") == "pgapply.toml:2: 'ledger' must be a string: ledger = \"3\"");
  CHECK(error_of("color = true\n") == "pgapply.toml:1: 'color' must be a string: color = \"true\"");
  CHECK(error_of("shadow = 1.5\n") == "pgapply.toml:1: 'shadow' must be a string: shadow = \"1.5\"");
  CHECK(error_of("[lint]\nenable = [1]\n") == "pgapply.toml:2: 'lint.enable' must be an array of strings, e.g. "
                                             "lint.enable = [\"...\"]");
  CHECK(error_of("retries = [1]\n") == "pgapply.toml:1: 'retries' must be a string or a number");
  // A count, and a duration's 0; any other number for a duration asks for
  // its unit (PostgreSQL would read lock_timeout = 5000 as milliseconds),
  // and a count is a whole number.
  const auto file = parse_project_file("retries = 5\nlock_timeout = 0\nlock_wait = \"120s\"\n[lint]\npg_version = 15\n",
                                       "pgapply.toml");
  CHECK(file.settings.at("retries").values == std::vector<std::string>{"5"});
  CHECK(file.settings.at("lock-timeout").values == std::vector<std::string>{"0"});
  CHECK(file.settings.at("lock-wait").values == std::vector<std::string>{"120s"});
  CHECK(error_of("lock_timeout = 5000\n") ==
        "pgapply.toml:1: 'lock_timeout' needs a unit: lock_timeout = \"5000ms\" or \"5000s\" (a bare number is "
        "milliseconds to PostgreSQL and seconds on pgapply's command line)");
  CHECK(error_of("lock_wait = 1.5\n").find("'lock_wait' needs a unit") != std::string::npos);
  // The same number as a string says no more.
  CHECK(error_of("lock_timeout = \"5\"\n") ==
        "pgapply.toml:1: 'lock_timeout' needs a unit: lock_timeout = \"5ms\" or \"5s\" (a bare number is "
        "milliseconds to PostgreSQL and seconds on pgapply's command line)");
  // (TOML reads 1e3 as a float: its text is lost, the way to write it is said)
  CHECK(error_of("retries = 1e3\n") ==
        "pgapply.toml:1: 'retries' is written as a floating-point number; write it as a whole number: retries = 1000");
  CHECK(error_of("retries = 2.5\n") == "pgapply.toml:1: 'retries' must be a whole number, not 2.5");
  CHECK(file.settings.at("pg-version").values == std::vector<std::string>{"15"});
}
