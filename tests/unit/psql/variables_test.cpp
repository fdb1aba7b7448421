#include "psql/variables.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "split/splitter.hpp"

using namespace pgapply;
using namespace pgapply::psql;

namespace {

RenderedStatement render(const std::string& file, const Variables& variables, bool allow = false,
                         bool flyway = false, const std::string& name = "f.sql") {
  const auto items = split::split(file);
  REQUIRE(!items.empty());
  const auto& item = items.front();
  return render_statement(std::string_view(file).substr(item.start, item.end - item.start), item,
                          variables, allow, name, flyway);
}

std::string error_of(const std::string& file, const Variables& variables) {
  try {
    render(file, variables, false, true, "migrations/V1__x.sql");
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
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

TEST_CASE("Flyway placeholders: replaced anywhere, matched in any case, from -v, the file name built in") {
  Variables variables;
  variables.set("schema", "app");
  variables.set("Owner", "o'k");
  const std::string file = "create table ${schema}.t (a text default '${SCHEMA}') -- ${owner}\n;";
  const auto out = render(file, variables, false, true);
  // Replaced as is, in strings and comments too (Flyway replaces the text before parsing it).
  CHECK(out.text == "create table app.t (a text default 'app') -- o'k\n;");
  REQUIRE(out.interpolations.size() == 3);
  CHECK(out.interpolations[0].name == "${schema}");
  CHECK(out.interpolations[0].value == "app");
  CHECK(out.interpolations[2].name == "${owner}");
  CHECK(out.interpolations[2].value == "o'k");
  // Positions after a placeholder map back to the file.
  CHECK(out.map.source_offset(out.text.find(".t (")) == file.find(".t ("));
  // Not a Flyway file: left alone.
  CHECK(render(file, variables).text == file);
  CHECK(render(file, variables).interpolations.empty());

  // The file's name; the :filename inside is not a psql variable.
  const auto named = render("select '${flyway:filename}', ${flyway:filename};", Variables{}, false, true,
                            "migrations/V1__x.sql");
  CHECK(named.text == "select 'V1__x.sql', V1__x.sql;");
  REQUIRE(named.interpolations.size() == 2);
  CHECK(named.interpolations[0].name == "${flyway:filename}");
  // psql's :name is text in a Flyway file, as Flyway sends it (a slice labels[1:n]), -v n given or not.
  Variables both;
  both.set("n", "1");
  both.set("p", "2");
  const auto mixed = render("select ${p}, :n, labels[1:n], ${p};", both, false, true);
  CHECK(mixed.text == "select 2, :n, labels[1:n], 2;");
  REQUIRE(mixed.interpolations.size() == 2);
  CHECK(mixed.interpolations[1].name == "${p}");
  // Not placeholders: $1, ${} and an unclosed ${.
  CHECK(render("select $1, '${}', '${ a}', '${x';", Variables{}, false, true).text ==
        "select $1, '${}', '${ a}', '${x';");
}

TEST_CASE("an undefined Flyway placeholder is an error at file:line:col naming it and the -v to pass") {
  CHECK(error_of("select 1,\n  '${tenant}';", Variables{}).find(
            "migrations/V1__x.sql:2:4: error: the Flyway placeholder ${tenant} has no value: pass it with -v "
            "'tenant=VALUE'") == 0);
  const std::string builtin = error_of("grant usage on schema ${flyway:defaultSchema} to x;", Variables{});
  CHECK(builtin.find("migrations/V1__x.sql:1:23: error: the Flyway placeholder ${flyway:defaultSchema} has no value: "
                     "pass it with -v 'flyway:defaultSchema=VALUE' (pgapply fills only ${flyway:filename}") == 0);
  Variables given;
  given.set("flyway:defaultSchema", "public");
  CHECK(render("grant usage on schema ${flyway:defaultSchema} to x;", given, false, true).text ==
        "grant usage on schema public to x;");
  // --allow-undefined-variables: kept as written.
  CHECK(render("select '${tenant}';", Variables{}, true, true).text == "select '${tenant}';");
}

TEST_CASE("with_flyway_placeholders: the whole text, ${name} of any case replaced, one with no value kept") {
  Variables variables;
  variables.set("tbl", "foo");
  CHECK(with_flyway_placeholders("create view ${TBL}_v as select '${tbl}', ${missing}, $${x}, ${flyway:filename};\n",
                                 variables, "db/R__v.sql") ==
        "create view foo_v as select 'foo', ${missing}, $${x}, R__v.sql;\n");
  CHECK(with_flyway_placeholders("select 1;\n", variables, "R__v.sql") == "select 1;\n");
}
