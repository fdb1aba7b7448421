#include "core/sql_quote.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

using namespace pgapply;

TEST_CASE("quote_identifier always double-quotes and doubles embedded quotes") {
  CHECK(quote_identifier("users") == "\"users\"");
  CHECK(quote_identifier("Users") == "\"Users\"");
  CHECK(quote_identifier("my table") == "\"my table\"");
  CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
  CHECK(quote_identifier("\"") == "\"\"\"\"");
  CHECK(quote_identifier("") == "\"\"");
  CHECK(quote_identifier("select") == "\"select\"");
  CHECK(quote_identifier("é") == "\"é\"");
  CHECK(quote_identifier("it's") == "\"it's\"");
}

TEST_CASE("quote_literal doubles single quotes") {
  CHECK(quote_literal("abc") == "'abc'");
  CHECK(quote_literal("") == "''");
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("''") == "''''''");
  CHECK(quote_literal("line\nbreak") == "'line\nbreak'");
  CHECK(quote_literal("\"x\"") == "'\"x\"'");
}

TEST_CASE("quote_literal uses the E form with doubled backslashes when there is a backslash") {
  CHECK(quote_literal("a\\b") == "E'a\\\\b'");
  CHECK(quote_literal("\\") == "E'\\\\'");
  CHECK(quote_literal("it's a \\ path") == "E'it''s a \\\\ path'");
  CHECK(quote_literal("C:\\dir\\") == "E'C:\\\\dir\\\\'");
}

TEST_CASE("quote_qualified_name joins schema and name, each quoted") {
  CHECK(quote_qualified_name("public", "users") == "\"public\".\"users\"");
  CHECK(quote_qualified_name("", "users") == "\"users\"");
  CHECK(quote_qualified_name("my.schema", "t\"x") == "\"my.schema\".\"t\"\"x\"");
}

TEST_CASE("quoting refuses NUL bytes") {
  const std::string with_nul("a\0b", 3);
  CHECK_THROWS_AS(quote_identifier(with_nul), std::invalid_argument);
  CHECK_THROWS_AS(quote_literal(with_nul), std::invalid_argument);
  CHECK_THROWS_AS(quote_qualified_name(with_nul, "x"), std::invalid_argument);
}

TEST_CASE("quote_literal_ascii: other characters as \\u escapes in the E form, whatever the client encoding") {
  CHECK(quote_literal_ascii("it's") == "'it''s'");  // ASCII: as quote_literal
  CHECK(quote_literal_ascii("caf\xC3\xA9") == "E'caf\\u00E9'");
  CHECK(quote_literal_ascii("\xF0\x9F\x98\x80 o'k \\") == "E'\\U0001F600 o''k \\\\'");
  CHECK(quote_literal_ascii("a\xFF" "b") == "E'a\\uFFFDb'");  // not UTF-8
}
