#include "pg/rows.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pg/connection.hpp"
#include "support/test_database.hpp"

using namespace pgapply::pg;
using pgapply::test::TestDatabase;

namespace {

std::string logic_error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const std::logic_error& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("Rows: fields by column name, whatever the order of the columns") {
  TestDatabase db;
  auto connection = Connection::open(db.conninfo());
  const Result result = connection.exec(
      "SELECT v.n AS number, v.label, v.ok AS ok, v.big, v.ratio, v.maybe "
      "FROM (VALUES (1, 'one', true, 9007199254740993::int8, 0.5::float8, NULL::text), "
      "             (-2, '', false, -1::int8, 'Infinity'::float8, 'x')) AS v(n, label, ok, big, ratio, maybe) "
      "ORDER BY v.n DESC");
  const Rows rows(result);
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows.empty());

  const Row first = rows[0];
  CHECK(first.index() == 0);
  CHECK(first.integer("number") == 1);
  CHECK(first.text("label") == "one");
  CHECK(first.flag("ok"));
  CHECK(first.integer("big") == 9007199254740993);  // beyond a double's exact integers
  CHECK(first.real("ratio") == 0.5);
  CHECK(first.is_null("maybe"));
  CHECK(first.text("maybe") == "");
  CHECK(first.optional_text("maybe") == std::nullopt);
  CHECK(first.optional_integer("number") == 1);

  const Row second = rows[1];
  CHECK(second.integer("number") == -2);
  CHECK(second.text("label") == "");
  CHECK_FALSE(second.is_null("label"));  // an empty string is not NULL
  CHECK(second.optional_text("label") == std::string());
  CHECK_FALSE(second.flag("ok"));
  CHECK(second.real("ratio") > 1e308);
  CHECK(second.optional_text("maybe") == "x");

  CHECK_THROWS_AS(rows[2], std::out_of_range);
  CHECK_THROWS_AS(rows[-1], std::out_of_range);
}

TEST_CASE("Rows: a range-for visits every row in order") {
  TestDatabase db;
  auto connection = Connection::open(db.conninfo());
  const Result result = connection.exec("SELECT g AS n, g % 2 = 0 AS even FROM generate_series(1, 5) AS g");
  std::vector<long long> numbers;
  int evens = 0;
  for (const Row row : Rows(result)) {
    numbers.push_back(row.integer("n"));
    evens += row.flag("even") ? 1 : 0;
  }
  CHECK(numbers == std::vector<long long>{1, 2, 3, 4, 5});
  CHECK(evens == 2);

  const Result none = connection.exec("SELECT 1 AS n WHERE false");
  CHECK(Rows(none).empty());
  int visited = 0;
  for (const Row row : Rows(none)) visited += static_cast<int>(row.integer("n"));
  CHECK(visited == 0);
}

TEST_CASE("Rows: a column the result lacks, has twice, or cannot decode as asked is a logic_error naming it") {
  TestDatabase db;
  auto connection = Connection::open(db.conninfo());
  const Result result = connection.exec(
      "SELECT 1 AS a, 2 AS a, 'seven' AS word, NULL::int AS nothing, 'maybe' AS answer, 1 AS \"Mixed\"");
  const Rows rows(result);
  const Row row = rows[0];

  CHECK(logic_error_of([&] { row.text("missing"); }) ==
        "pg::Row: column \"missing\" is not in the result (its columns: a, a, word, nothing, answer, Mixed)");
  CHECK(logic_error_of([&] { row.text("mixed"); }).find("column \"mixed\" is not in the result") != std::string::npos);
  CHECK(row.integer("Mixed") == 1);  // names are exact, as the server spells them
  CHECK(logic_error_of([&] { row.integer("a"); }) ==
        "pg::Row: column \"a\" appears more than once in the result: give each an alias");
  CHECK(logic_error_of([&] { row.integer("word"); }) == "pg::Row: column \"word\" is not an integer: \"seven\"");
  CHECK(logic_error_of([&] { row.real("word"); }) == "pg::Row: column \"word\" is not a number: \"seven\"");
  CHECK(logic_error_of([&] { row.integer("nothing"); }) ==
        "pg::Row: column \"nothing\" is NULL in row 0, an integer expected");
  CHECK(row.optional_integer("nothing") == std::nullopt);
  CHECK_FALSE(row.flag("nothing"));  // NULL reads as false
  CHECK(logic_error_of([&] { row.flag("answer"); }) == "pg::Row: column \"answer\" is not a boolean: \"maybe\"");
}
