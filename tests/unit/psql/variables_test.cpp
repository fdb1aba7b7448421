#include "psql/variables.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "split/splitter.hpp"

using namespace pgapply;
using namespace pgapply::psql;

namespace {

RenderedStatement render(const std::string& file, const Variables& variables, bool allow = false) {
  const auto items = split::split(file);
  REQUIRE(!items.empty());
  const auto& item = items.front();
  return render_statement(std::string_view(file).substr(item.start, item.end - item.start), item,
                          variables, allow, "f.sql");
}

}  // namespace

TEST_CASE("psql variables are interpolated as psql does") {
  Variables variables;
  variables.set("table", "my table");
  variables.set("name", "O'Brien");
  variables.set("n", "42");
  const auto out = render("select :n, :'name', :\"table\", ':n', \":n\", $$:n$$ -- :n\n;", variables);
  CHECK(out.text == "select 42, 'O''Brien', \"my table\", ':n', \":n\", $$:n$$ -- :n\n;");
  REQUIRE(out.interpolations.size() == 3);
  CHECK(out.interpolations[1].name == "name");
  CHECK(out.interpolations[1].value == "O'Brien");
  // Positions after a substitution map back to the file.
  CHECK(out.map.source_offset(out.text.find("\"my")) == std::string("select :n, :'name', ").size());
  CHECK(out.map.source_offset(out.text.find("':n'")) == std::string("select :n, :'name', :\"table\", ").size());
}

TEST_CASE("psql escapes: backslash-semicolon and backslash-colon") {
  const auto out = render("select 1 \\; select '\\:x' \\:y;", Variables{});
  CHECK(out.text == "select 1 ; select '\\:x' :y;");
  CHECK(out.has_escaped_semicolon);
}

TEST_CASE("an undefined variable is an error naming file, line and column") {
  try {
    render("select 1,\n  :missing;", Variables{});
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()).find("f.sql:2:3: error: undefined variable :missing") == 0);
  }
  CHECK(render("select :missing;", Variables{}, true).text == "select :missing;");
}

TEST_CASE("psql booleans") {
  CHECK(parse_psql_bool("true") == true);
  CHECK(parse_psql_bool("T") == true);
  CHECK(parse_psql_bool("fal") == false);
  CHECK(parse_psql_bool("yes") == true);
  CHECK(parse_psql_bool("n") == false);
  CHECK(parse_psql_bool("on") == true);
  CHECK(parse_psql_bool("OFF") == false);
  CHECK(parse_psql_bool("1") == true);
  CHECK(parse_psql_bool("0") == false);
  CHECK_FALSE(parse_psql_bool("o").has_value());
  CHECK_FALSE(parse_psql_bool("truex").has_value());
  CHECK_FALSE(parse_psql_bool("").has_value());
  CHECK_FALSE(parse_psql_bool("2").has_value());
}
