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

TEST_CASE("baseline: the proposal ends before the first migration whose objects are not all there") {
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
  CHECK(result.suggestion.find("pgapply up then applies 005_user_preferences.sql and later") == 0);
}

TEST_CASE("baseline: a data-only migration neither proves nor blocks, one right after the proposal is left to check") {
  auto migrations = example_migrations();
  migrations.insert(migrations.begin() + 2,
                    migration("003_seed.sql", "INSERT INTO tickers (symbol, name) VALUES ('X', 'x');\n"));
  const auto middle = detect_baseline(migrations, example_database());
  CHECK(middle.versions.size() == 7);
  CHECK(middle.stopped_at.empty());
  CHECK(middle.entries[2].decision == BaselineDecision::proposed);
  CHECK(middle.entries[2].reason ==
        "declares nothing pgapply can check (data only?): whether it ran cannot be seen; proposed with the later "
        "migrations, whose objects are here");

  migrations = example_migrations();
  migrations.push_back(migration("007_seed.sql", "INSERT INTO tickers (symbol, name) VALUES ('X', 'x');\n"));
  const auto last = detect_baseline(migrations, example_database());
  CHECK(last.versions == std::vector<std::string>{"1", "2", "3", "4", "5", "6"});
  CHECK(last.stopped_at == "7");
  CHECK(last.entries[6].decision == BaselineDecision::nothing_to_check);
  CHECK(last.entries[6].reason.find("declares nothing pgapply can check") == 0);
  CHECK(last.suggestion ==
        "check by hand whether 007_seed.sql has run; if it has, baseline with --version 7 or later");
}

namespace {

// 001 makes t, 002 only inserts, 003 changes a column of 001's t, 004 makes u.
std::vector<MigrationFacts> altered_later() {
  return {migration("001_t.sql", "CREATE TABLE t (id int PRIMARY KEY, b text);\n"),
          migration("002_data.sql", "INSERT INTO t VALUES (1, 'x');\n"),
          migration("003_alter.sql", "ALTER TABLE t ALTER COLUMN b TYPE varchar(10);\n"),
          migration("004_u.sql", "CREATE TABLE u (id int);\n")};
}

CatalogSnapshot with_t(const std::string& id_type) {
  CatalogSnapshot catalog = empty_database();
  auto t = table("t", {column("id", id_type, true), column("b", "character varying(10)", false)});
  t.constraints = {constraint("t_pkey", 'p', "PRIMARY KEY (id)")};
  t.indexes = {index("t_pkey", "CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)", true, true)};
  catalog.relations.push_back(t);
  return catalog;
}

}  // namespace

TEST_CASE("baseline: objects a later migration changes are judged as the migrations up to k leave them") {
  auto catalog = with_t("integer");
  catalog.relations.push_back(table("u", {column("id", "integer", false)}));
  const auto all = detect_baseline(altered_later(), catalog);
  INFO(all.suggestion);
  CHECK(all.versions == std::vector<std::string>{"1", "2", "3", "4"});
  CHECK(all.stopped_at.empty());
  CHECK(all.entries[0].decision == BaselineDecision::proposed);
  CHECK(all.entries[0].reason == "its objects are here as the migrations up to 004_u.sql leave them");
  CHECK(all.entries[0].problems.empty());

  const auto three = detect_baseline(altered_later(), with_t("integer"));  // built up to 003: no u
  CHECK(three.versions == std::vector<std::string>{"1", "2", "3"});
  CHECK(three.stopped_at == "4");
  REQUIRE(three.entries[3].problems.size() == 2);  // the table and its column
  CHECK(three.entries[3].decision == BaselineDecision::not_there);
  CHECK(three.entries[3].problems[0] == "missing: table u, declared at migrations/004_u.sql:1");
  CHECK(three.suggestion ==
        "pgapply up then applies 004_u.sql and later (the database is not as the migrations up to "
        "004_u.sql leave it: missing: table u, declared at migrations/004_u.sql:1 (and 1 more))");

  // Drift on an object of 001 that no later migration changes: no k fits,
  // and the reason names that object, not "the first migration".
  auto drifted = with_t("bigint");
  drifted.relations.push_back(table("u", {column("id", "integer", false)}));
  const auto none = detect_baseline(altered_later(), drifted);
  INFO(none.suggestion);
  CHECK(none.versions.empty());
  CHECK(none.stopped_at == "1");
  CHECK(none.suggestion ==
        "nothing to baseline: the database is not as the migrations up to 003_alter.sql leave it: "
        "different: column t.id (type is bigint, declared integer), declared at migrations/001_t.sql:1");
  REQUIRE(none.entries[2].problems.size() == 1);  // 003 is where the database is nearest: one object off
  CHECK(none.entries[2].decision == BaselineDecision::not_there);
  CHECK(none.entries[0].decision == BaselineDecision::not_considered);
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
  CHECK(different.suggestion.find("nothing to baseline: the database is not as the migrations up to "
                                  "001_initial_schema.sql leave it: different: column tickers.exchange (default is") == 0);
}
