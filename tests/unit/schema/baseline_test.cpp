#include "schema/baseline.hpp"

#include <doctest/doctest.h>

#include "schema_fixtures.hpp"

using namespace pgapply::schema;
using namespace schema_fixtures;

TEST_CASE("baseline: a database with everything proposes every migration") {
  const auto result = detect_baseline(example_migrations(), example_database());
  CHECK(result.versions == std::vector<std::string>{"1", "2", "3", "4", "5", "6"});
  CHECK(result.stopped_at.empty());
  REQUIRE(result.entries.size() == 6);
  for (const auto& entry : result.entries) {
    CAPTURE(entry.file_name);
    CHECK(entry.decision == BaselineDecision::proposed);
    CHECK(entry.checked > 0);
    CHECK(entry.problems.empty());
  }
  CHECK(result.entries[4].checked == 4);  // 005: its four columns
  CHECK(result.entries[4].reason == "all 4 declared objects are there as declared");
}

TEST_CASE("baseline: stops at the first migration whose objects are not all there") {
  auto catalog = example_database();
  relation(catalog, "users") = users_table();  // without 005's columns
  relation(catalog, "prices").indexes.clear();
  const auto result = detect_baseline(example_migrations(), catalog);
  CHECK(result.versions == std::vector<std::string>{"1", "2", "3", "4"});
  CHECK(result.stopped_at == "5");
  REQUIRE(result.entries.size() == 6);
  const auto& stop = result.entries[4];
  CHECK(stop.decision == BaselineDecision::not_there);
  REQUIRE(stop.problems.size() == 4);
  CHECK(stop.problems[0] == "missing: column users.max_reports, declared at migrations/005_user_preferences.sql:16");
  CHECK(result.entries[5].decision == BaselineDecision::not_considered);
  CHECK(result.suggestion.find("baseline up to 4") == 0);
}

TEST_CASE("baseline: stops at a migration that declares nothing checkable") {
  auto migrations = example_migrations();
  migrations.insert(migrations.begin() + 2,
                    migration("003_seed.sql", "INSERT INTO tickers (symbol, name) VALUES ('X', 'x');\n"));
  const auto result = detect_baseline(migrations, example_database());
  CHECK(result.versions == std::vector<std::string>{"1", "2"});
  CHECK(result.stopped_at == "3");
  CHECK(result.entries[2].decision == BaselineDecision::nothing_to_check);
  CHECK(result.entries[2].reason.find("declares nothing pgapply can check") == 0);
  CHECK(result.suggestion.find("--version 3") != std::string::npos);
}

TEST_CASE("baseline: a different object stops it too, an uncomparable default does not") {
  auto catalog = example_database();
  for (auto& c : relation(catalog, "tickers").columns) {
    if (c.name == "exchange") c.default_expression = "('NY'::text || 'SE'::text)";
  }
  const auto unknown = detect_baseline(example_migrations(), catalog);
  CHECK(unknown.versions.size() == 6);
  CHECK(unknown.entries[0].not_compared == 1);

  for (auto& c : relation(catalog, "tickers").columns) {
    if (c.name == "exchange") c.default_expression = "'NASDAQ'::character varying";
  }
  const auto different = detect_baseline(example_migrations(), catalog);
  CHECK(different.versions.empty());
  CHECK(different.stopped_at == "1");
  REQUIRE(different.entries[0].problems.size() == 1);
  CHECK(different.entries[0].problems[0].find("different: column tickers.exchange (default is") == 0);
  CHECK(different.suggestion == "nothing to baseline: the first migration's objects are not all there");
}
