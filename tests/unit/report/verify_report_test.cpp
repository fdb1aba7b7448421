#include "report/verify_report.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "../schema/schema_fixtures.hpp"

using namespace pgapply;
using namespace schema_fixtures;

TEST_CASE("verify report: the columns table and a missing column named with its file and line") {
  auto catalog = example_database();
  std::erase_if(relation(catalog, "users").columns, [](const schema::CatalogColumn& c) { return c.name == "theme"; });
  const auto result = schema::verify(example_migrations(), catalog);
  const std::string text = report::render_verify_text(result, "app");
  INFO(text);
  CHECK(text.starts_with("Verify FAILED for database app: 1 missing (6 applied migrations, "));
  CHECK(text.find("\nProblems\n  MISSING  column users.theme (declared at migrations/005_user_preferences.sql:37)\n") !=
        std::string::npos);
  CHECK(text.find("  column                     type                      default") != std::string::npos);
  CHECK(text.find("  users.max_reports          integer                   5") != std::string::npos);
  CHECK(text.find("users.timezone             text                      'UTC'") != std::string::npos);
  CHECK(text.find("\nOther objects\n") != std::string::npos);

  const auto json = nlohmann::json::parse(
      report::render_verify_json(result, {"verify", "app", "public.pgapply_migrations", "--no-shadow"}));
  CHECK(json["ok"] == false);
  CHECK(json["method"] == "static_model");
  CHECK(json["shadow"]["none_because"] == "--no-shadow");
  CHECK(json["counts"]["missing"] == 1);
  // The failures in the shadow's shape, as render_drift_json writes them.
  REQUIRE(json["differences"].size() == 1);
  CHECK(json["differences"][0]["kind"] == "missing");
  CHECK(json["differences"][0]["object_kind"] == "column");
  CHECK(json["differences"][0]["made_by"]["location"] == "migrations/005_user_preferences.sql:37");
  bool found = false;
  for (const auto& object : json["objects"]) {
    if (object["object"] != "users.theme") continue;
    found = true;
    CHECK(object["status"] == "missing");
    CHECK(object["type"]["expected"] == "character varying(20)");
    CHECK(object["declared_by"]["file"] == "migrations/005_user_preferences.sql");
    CHECK(object["declared_by"]["line"] == 37);
    CHECK(object["declared_by"]["version"] == "5");
  }
  CHECK(found);
}

TEST_CASE("verify report: all there") {
  const auto result = schema::verify(example_migrations(), example_database());
  const std::string text = report::render_verify_text(result, "app");
  INFO(text);
  CHECK(text.starts_with("Verify ok for database app: the "));
  CHECK(text.find("declared by 6 applied migrations are there as declared.\n") != std::string::npos);
  CHECK(text.find("Problems") == std::string::npos);
  CHECK(text.find("  users.theme                character varying(20)     'light'") != std::string::npos);
  const auto json = nlohmann::json::parse(
      report::render_verify_json(result, {"diff", "app", "public.pgapply_migrations", "--no-shadow"}));
  CHECK(json["command"] == "diff");
  CHECK(json["differences"].empty());
  CHECK(json["ok"] == true);
  CHECK(json["migrations_checked"] == 6);
}

TEST_CASE("verify report: a large project lists only what is not as declared, and says how many it left out") {
  auto catalog = example_database();
  std::erase_if(relation(catalog, "users").columns, [](const schema::CatalogColumn& c) { return c.name == "theme"; });
  auto result = schema::verify(example_migrations(), catalog);
  const std::size_t rows = result.rows.size();
  // Copies of the found rows up to 250: as many objects as a large project has.
  for (std::size_t i = 0; result.rows.size() < 250; ++i) {
    auto row = result.rows[i % rows];
    if (row.status != schema::CheckStatus::ok) continue;
    row.object += "_" + std::to_string(i);
    result.rows.push_back(row);
  }
  const std::string text = report::render_verify_text(result, "app");
  CHECK(text.find("MISSING  column users.theme") != std::string::npos);
  CHECK(text.find("users.max_reports          integer") == std::string::npos);
  CHECK(text.find("249 objects found as declared are not listed (--format json lists every one).") !=
        std::string::npos);
}
