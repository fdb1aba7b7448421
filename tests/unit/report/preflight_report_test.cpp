#include "report/preflight_report.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "../schema/schema_fixtures.hpp"

using namespace pgapply;
using namespace schema_fixtures;

namespace {

schema::PreflightInput input_for(std::vector<schema::MigrationFacts> migrations) {
  schema::PreflightInput input;
  input.settings_source = "DATABASE_URL from .env";
  input.target = "postgresql://app:***@db.internal:5432/app";
  input.ledger = "public.pgapply_migrations";
  input.applied = 4;
  for (auto& m : migrations) input.pending.push_back({std::move(m), {"own_transaction", "in the file's own transaction", ""}, {}});
  return input;
}

schema::CatalogSnapshot before_005() {
  auto catalog = example_database();
  relation(catalog, "users") = users_table();
  relation(catalog, "users").row_estimate = 1204;
  return catalog;
}

}  // namespace

TEST_CASE("preflight report: sections, counts, objects, tables and the verdict, no running number beside a version") {
  const auto catalog = before_005();
  const auto result = schema::preflight(catalog, input_for({example("005_user_preferences.sql")}));
  const std::string text = report::render_preflight_text(result);
  INFO(text);
  CHECK(text.starts_with("Preflight: OK: 1 pending migration, no problems found\n\nConnection settings: DATABASE_URL from .env\n"));
  // A false-alarm hunt's find: with no shadow (pg_dump could not read a
  // table), "no problems found" was the static model's word, said as any.
  auto alone = result;
  alone.no_shadow_reason = "pg_dump --schema-only failed";
  CHECK(report::render_preflight_text(alone).starts_with(
      "Preflight: OK: 1 pending migration, no problems found by the static model alone (no shadow: see below)\n"));
  CHECK(text.find("\nServer: postgresql://app:***@db.internal:5432/app: database app as app (not a superuser), PostgreSQL 15.4\n") !=
        std::string::npos);
  CHECK(text.find("\nOther sessions: none holds a lock") != std::string::npos);
  CHECK(text.find("\nLedger public.pgapply_migrations: 4 applied, 1 pending:\n") != std::string::npos);
  CHECK(text.find("\n\nMigration 005_user_preferences.sql (in the file's own transaction): OK\n"
                  "     columns: 0 of 4 exist; will add max_reports, email_digest, timezone, theme to users\n") !=
        std::string::npos);
  CHECK(text.find("     will be created  column   users.max_reports   add      migrations/005_user_preferences.sql:16\n") !=
        std::string::npos);
  CHECK(text.find("       users  ~1,204 rows  16 kB  ACCESS EXCLUSIVE (blocks reads and writes)") != std::string::npos);
  CHECK(text.find("\n\nVerdict: OK\n     OK  005_user_preferences.sql\n") != std::string::npos);
  for (std::size_t line = 0; line != std::string::npos; line = text.find('\n', line + 1)) {
    const std::size_t start = line == 0 ? 0 : line + 1;
    CAPTURE(text.substr(start, 20));
    CHECK_FALSE((start < text.size() && text[start] >= '0' && text[start] <= '9'));  // no "5. 005_x.sql"
  }

  const auto json = nlohmann::json::parse(report::render_preflight_json(result));
  CHECK(json["will_fail"] == false);
  CHECK(json["verdict"] == "ok");
  CHECK(json["counts"]["pending"] == 1);
  CHECK(json["ledger"]["table"] == "public.pgapply_migrations");
  CHECK(json["format_version"] == 1);
  CHECK(json["command"] == "preflight");
  const auto& m = json["migrations"][0];
  CHECK(m["object_counts"][0]["kind"] == "column");
  CHECK(m["object_counts"][0]["summary"] == "columns: 0 of 4 exist; will add max_reports, email_digest, timezone, theme to users");
  CHECK(m["objects"][0]["state"] == "will_create");
  CHECK(m["tables"][0]["lock"] == "access_exclusive");
}

TEST_CASE("preflight report: a migration that will fail says so first, with its errors") {
  const auto catalog = empty_database();
  const auto result = schema::preflight(catalog, input_for({example("005_user_preferences.sql")}));
  const std::string text = report::render_preflight_text(result);
  INFO(text);
  CHECK(text.starts_with("Preflight: WILL FAIL: 1 of 1 pending migration will fail\n"));
  CHECK(text.find("DEPENDENCY MISSING: FAILS  column   users.max_reports") != std::string::npos);
  CHECK(text.find("       ^ table users does not exist, and no earlier pending migration creates it\n") !=
        std::string::npos);
  CHECK(text.find("ERROR  migrations/005_user_preferences.sql:16  column users.max_reports (add) fails: table users") !=
        std::string::npos);
  CHECK(text.find("(and 4 more places)") != std::string::npos);  // one missing table, one error
  CHECK(text.find("WILL FAIL  005_user_preferences.sql: 1 error\n") != std::string::npos);
  const auto json = nlohmann::json::parse(report::render_preflight_json(result));
  CHECK(json["will_fail"] == true);
  CHECK(json["migrations"][0]["objects"][0]["fails"] == true);
}

TEST_CASE("preflight report: other sessions and the server version needed") {
  auto catalog = before_005();
  schema::LockHolder holder;
  holder.schema = "public";
  holder.relation = "users";
  holder.pid = 31337;
  holder.mode = "RowExclusiveLock";
  holder.state = "idle in transaction";
  holder.transaction_seconds = 250;
  holder.user = "web";
  holder.query = "UPDATE users SET display_name = $1 WHERE id = $2";
  catalog.lock_holders.push_back(holder);
  const auto result = schema::preflight(
      catalog, input_for({example("005_user_preferences.sql"),
                          migration("007_bio.sql", "ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text;\n")}));
  const std::string text = report::render_preflight_text(result);
  INFO(text);
  CHECK(text.starts_with("Preflight: WARNINGS: 2 pending migrations"));
  CHECK(text.find("The pending SQL needs PostgreSQL 9.6 or later (ADD COLUMN IF NOT EXISTS at migrations/007_bio.sql:1): ok.") !=
        std::string::npos);
  CHECK(text.find("\nOther sessions: 1 holds locks or a long transaction:\n") != std::string::npos);
  CHECK(text.find("31337  web   ") != std::string::npos);
  CHECK(text.find("4m 10s") != std::string::npos);
  CHECK(text.find("WARNING  migrations/005_user_preferences.sql:16  pid 31337 (user web, idle in transaction, "
                  "transaction open for 4m 10s) holds RowExclusiveLock on users") != std::string::npos);
  const auto json = nlohmann::json::parse(report::render_preflight_json(result));
  CHECK(json["sessions"][0]["pid"] == 31337);
  CHECK(json["server"]["minimum_needed"]["version"] == "9.6");
}
