#include "psql/directives.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace pgapply::psql;

TEST_CASE("header directives force a transaction mode") {
  CHECK_FALSE(parse_directives("-- just a comment\n", "f.sql").transaction.has_value());
  CHECK(parse_directives("-- Migration: x\n--   pgapply:  no-transaction  \r\n", "f.sql").transaction == false);
  CHECK(parse_directives("/* x */\n-- pgapply: transaction\n", "f.sql").transaction == true);
}

TEST_CASE("an unknown directive is an error naming the file and line") {
  try {
    parse_directives("-- a\n-- pgapply: no-transactoin\n", "003_x.sql");
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(std::string(error.what()).find("003_x.sql:2: error: unknown directive") == 0);
  }
}

TEST_CASE("a section's header counts lines from where the section starts") {
  try {
    parse_directives("-- migrate:down\n-- pgapply: no-transactoin\n", "003_x.sql", 40);
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(std::string(error.what()).find("003_x.sql:41: error: unknown directive") == 0);
  }
  CHECK(parse_directives("-- +goose Down\n-- pgapply: no-transaction\n", "f.sql", 7).transaction == false);
}

TEST_CASE("lint-ignore is a known directive, left to pgapply lint") {
  const auto directives =
      parse_directives("-- pgapply: lint-ignore ban-drop-table the table is unused\n-- pgapply: no-transaction\n",
                       "f.sql");
  CHECK(directives.transaction == false);
  CHECK_NOTHROW(parse_directives("-- pgapply: lint-ignore\n", "f.sql"));  // lint reports the missing reason
  CHECK_THROWS_AS(parse_directives("-- pgapply: lint-ignored x y\n", "f.sql"), pgapply::Error);
}

TEST_CASE("contradicting directives are an error at the second, naming the first") {
  try {
    parse_directives("-- pgapply: transaction\n-- x\n-- pgapply: no-transaction\n", "003_x.sql");
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(std::string(error.what()) ==
          "003_x.sql:3: error: '-- pgapply: no-transaction' contradicts '-- pgapply: transaction' at line 1: keep the "
          "one the file needs");
  }
  // The same directive twice says the same thing twice.
  CHECK(parse_directives("-- pgapply: no-transaction\n-- pgapply: no-transaction\n", "f.sql").transaction == false);
}
