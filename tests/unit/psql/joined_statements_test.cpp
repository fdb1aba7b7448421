#include "psql/joined_statements.hpp"

#include <doctest/doctest.h>

using namespace pgapply::psql;

namespace {

// A block as the loader sends it: its statements at their places in the
// file (offset 200, line 10), what is between them as whitespace.
Statement block(const std::string& text) {
  Statement statement;
  statement.rendered.text = text;
  statement.rendered.map = SourceMap(200);
  statement.rendered.has_escaped_semicolon = true;
  statement.original = text;
  statement.file = "m.sql";
  statement.line = 10;
  statement.column = 1;
  statement.offset = 200;
  return statement;
}

}  // namespace

TEST_CASE("statements_within: each statement of a block with its own text, line, column and offset") {
  const std::string text = "CREATE TYPE e AS ENUM ('a;b');\n\n   \n  CREATE TABLE w (a int);";
  const auto parts = statements_within(block(text));
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].rendered.text == "CREATE TYPE e AS ENUM ('a;b');");
  CHECK(parts[0].line == 10);
  CHECK(parts[0].offset == 200);
  CHECK(parts[1].rendered.text == "CREATE TABLE w (a int);");
  CHECK(parts[1].original == "CREATE TABLE w (a int);");
  CHECK(parts[1].line == 13);
  CHECK(parts[1].column == 3);
  CHECK(parts[1].offset == 200 + text.find("CREATE TABLE"));
  CHECK(parts[1].rendered.map.source_offset(7) == parts[1].offset + 7);
  CHECK_FALSE(parts[1].rendered.has_escaped_semicolon);
}

TEST_CASE("statements_within: one statement, or one not marked as several, comes back as it is") {
  Statement one = block("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;");
  auto parts = statements_within(one);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].rendered.text == one.rendered.text);
  CHECK(parts[0].rendered.has_escaped_semicolon);  // untouched
  Statement plain = block("SELECT 1; SELECT 2;");
  plain.rendered.has_escaped_semicolon = false;
  CHECK(statements_within(plain).size() == 1);
}
