#include "report/baseline_report.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "../schema/schema_fixtures.hpp"

using namespace pgapply;
using namespace schema_fixtures;

TEST_CASE("baseline report: the proposal, each migration's decision and what to do next") {
  auto catalog = example_database();
  relation(catalog, "users") = users_table();
  const auto result = schema::detect_baseline(example_migrations(), catalog);
  const std::string text = report::render_baseline_text(result);
  INFO(text);
  CHECK(text.starts_with("Baseline: propose 1, 2, 3, 4 (4 of 6 migrations) as applied; stopped at 5.\n"));
  CHECK(text.find("  proposed        003_lookup_indexes.sql      all 3 declared objects are there as declared\n") !=
        std::string::npos);
  CHECK(text.find("  NOT THERE       005_user_preferences.sql    4 of 4 declared objects are not there as declared\n"
                  "                    missing: column users.max_reports, declared at "
                  "migrations/005_user_preferences.sql:16\n") != std::string::npos);
  CHECK(text.find("  not considered  006_prices_day_index.sql\n") != std::string::npos);
  CHECK(text.find("Next: pgapply up then applies 005_user_preferences.sql and later (the database "
                  "is not as the migrations up to 005_user_preferences.sql leave it: missing: column users.max_reports, "
                  "declared at migrations/005_user_preferences.sql:16 (and 3 more)).\n") != std::string::npos);

  const auto json = nlohmann::json::parse(report::render_baseline_json(result, {"app", "public.pgapply_migrations", {}}));
  CHECK(json["versions"] == nlohmann::json::array({"1", "2", "3", "4"}));
  CHECK(json["stopped_at"] == "5");
  CHECK(json["migrations"][4]["decision"] == "not_there");
  CHECK(json["migrations"][4]["problems"].size() == 4);
}

TEST_CASE("baseline report: a data-only migration right after the proposal is left to check, with a suggestion") {
  auto migrations = example_migrations();
  migrations.push_back(migration("007_seed.sql", "UPDATE tickers SET name = upper(name);\n"));
  const auto catalog = example_database();
  const std::string text = report::render_baseline_text(schema::detect_baseline(migrations, catalog));
  INFO(text);
  CHECK(text.starts_with("Baseline: propose 1, 2, 3, 4, 5, 6 (6 of 7 migrations) as applied; stopped at 7.\n"));
  CHECK(text.find("NOTHING TO CHECK  007_seed.sql") != std::string::npos);
  CHECK(text.find("Next: check by hand whether 007_seed.sql has run; if it has, baseline with --version 7 or later.\n") !=
        std::string::npos);
}

TEST_CASE("baseline report: one migration is counted in the singular") {
  auto catalog = example_database();
  const std::vector<schema::MigrationFacts> first{example_migrations().front()};
  const std::string text = report::render_baseline_text(schema::detect_baseline(first, catalog));
  INFO(text);
  CHECK(text.starts_with("Baseline: propose 1 (1 of 1 migration) as applied.\n"));
}

TEST_CASE("baseline report: a proposal not recorded says so, with the command that records it") {
  auto catalog = example_database();
  relation(catalog, "users") = users_table();
  const std::string command = "pgapply baseline --detect --yes";
  std::string text = report::render_baseline_text(schema::detect_baseline(example_migrations(), catalog), {}, command);
  INFO(text);
  CHECK(text.find("\nDry run: nothing recorded.\nNext: record 4 migrations as applied: pgapply baseline --detect "
                  "--yes; pgapply up then applies 005_user_preferences.sql and later (the database is not as") !=
        std::string::npos);
  // Everything proposed: the command alone.
  const std::vector<schema::MigrationFacts> first{example_migrations().front()};
  text = report::render_baseline_text(schema::detect_baseline(first, example_database()), {}, command);
  CHECK(text.find("\nDry run: nothing recorded.\nNext: record 1 migration as applied: pgapply baseline --detect "
                  "--yes.\n") != std::string::npos);
  // Nothing proposed: nothing to record.
  text = report::render_baseline_text(schema::detect_baseline(example_migrations(), schema::CatalogSnapshot{}), {},
                                      command);
  CHECK(text.find("Dry run") == std::string::npos);
  CHECK(text.find("Next: nothing to baseline") != std::string::npos);
}
