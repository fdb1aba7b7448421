// The up/down summary, from the RunSummary the engine fills.
#include "report/run_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace pgapply;

namespace {

migrate::RunSummary two_files() {
  migrate::RunSummary summary;
  summary.command = "up";
  summary.target = "app@db:5432/app";
  summary.ledger = "public.pgapply_migrations";
  summary.highest_applied_before = "3";
  summary.highest_applied_after = "4";
  summary.duration_ms = 1234;
  migrate::MigrationRun applied;
  applied.version = "4";
  applied.file_name = "004_add_index.sql";
  applied.mode = migrate::RunMode::no_transaction;
  applied.mode_reason = "CREATE INDEX CONCURRENTLY at line 1";
  applied.outcome = migrate::RunOutcome::applied;
  applied.duration_ms = 12;
  applied.statements = 2;
  applied.statements_done = 2;
  applied.attempts = 2;
  migrate::MigrationRun failed;
  failed.version = "5";
  failed.file_name = "005_bad.sql";
  failed.outcome = migrate::RunOutcome::failed;
  failed.statements = 3;
  failed.error = "migrations/005_bad.sql:2: relation \"t\" does not exist (SQLSTATE 42P01)";
  summary.migrations = {applied, failed};
  return summary;
}

}  // namespace

TEST_CASE("run summary text: what happened first, then one row per file with the error under it") {
  const std::string text = report::render_run_text(two_files());
  CHECK(text ==
        "Failed at 005_bad.sql after applying 1 migration to app@db:5432/app in 1.2 s; highest applied: 4 (was 3).\n"
        "\n"
        "  version  file               mode              outcome              duration  statements\n"
        "  4        004_add_index.sql  no transaction    applied (attempt 2)  12 ms     2\n"
        "  5        005_bad.sql        in a transaction  failed                         3\n"
        "    ^ migrations/005_bad.sql:2: relation \"t\" does not exist (SQLSTATE 42P01)\n");
  migrate::RunSummary nothing;
  nothing.command = "up";
  nothing.target = "app@db:5432/app";
  nothing.highest_applied_before = nothing.highest_applied_after = "7";
  CHECK(report::render_run_text(nothing) == "Nothing to apply in app@db:5432/app; highest applied: 7.\n");
  nothing.command = "down";
  nothing.dry_run = true;
  nothing.migrations = {two_files().migrations[0]};
  nothing.migrations[0].outcome = migrate::RunOutcome::rolled_back;
  CHECK(report::render_run_text(nothing).rfind("Would roll back 1 migration to app@db:5432/app; highest applied: 7.\n", 0) == 0);
}

TEST_CASE("run summary JSON: identifiers, integers, counts per outcome, the error") {
  report::ErrorReport error{"sql", "relation \"t\" does not exist", "migrations/005_bad.sql", 2, 15, "42P01", 3, "...", {}};
  const auto json = nlohmann::json::parse(report::render_run_json(two_files(), error));
  CHECK(json["format_version"] == 1);
  CHECK(json["command"] == "up");
  CHECK(json["ledger"]["table"] == "public.pgapply_migrations");
  CHECK(json["duration_ms"] == 1234);
  CHECK(json["counts"]["applied"] == 1);
  CHECK(json["counts"]["failed"] == 1);
  CHECK(json["counts"]["not_run"] == 0);
  CHECK(json["migrations"][0]["transaction_mode"] == "no_transaction");
  // preflight's keys for the same things (issue 14: one vocabulary)
  CHECK(json["migrations"][0]["transaction_mode_reason"] == "CREATE INDEX CONCURRENTLY at line 1");
  CHECK(json["migrations"][1]["transaction_mode_reason"].is_null());
  CHECK(!json["migrations"][0].contains("mode"));
  CHECK(json["migrations"][0]["attempts"] == 2);
  CHECK(json["migrations"][1]["transaction_mode"] == "in_transaction");
  CHECK(json["migrations"][1]["duration_ms"].is_null());
  CHECK(json["error"]["sqlstate"] == "42P01");
  CHECK(json["error"]["exit_status"] == 3);
  CHECK(!json["error"].contains("blocking_sessions"));  // only for a lock timeout that found some
}

TEST_CASE("run summary JSON: a lock timeout's error lists the sessions it waited for") {
  report::ErrorReport error;
  error.kind = "sql";
  error.sqlstate = "55P03";
  error.blocking_sessions = {{4242, "psql", "app", "2026-12-01T10:40:12Z", 35, "idle in transaction",
                              "busy (AccessExclusiveLock)", "LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"}};
  const auto json = nlohmann::json::parse(report::render_run_json(two_files(), error));
  const auto& sessions = json["error"]["blocking_sessions"];
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0]["pid"] == 4242);
  CHECK(sessions[0]["application"] == "psql");
  CHECK(sessions[0]["user"] == "app");
  CHECK(sessions[0]["since"] == "2026-12-01T10:40:12Z");
  CHECK(sessions[0]["seconds"] == 35);
  CHECK(sessions[0]["query"] == "LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
}

TEST_CASE("run summary JSON: a migration the run stopped before made no attempt") {
  migrate::RunSummary summary = two_files();
  migrate::MigrationRun later;
  later.version = "6";
  later.file_name = "006_later.sql";
  summary.migrations.push_back(later);  // outcome not_run
  const auto json = nlohmann::json::parse(report::render_run_json(summary));
  CHECK(json["migrations"][2]["outcome"] == "not_run");
  CHECK(json["migrations"][2]["attempts"] == 0);
  CHECK(json["migrations"][1]["attempts"] == 1);  // the failed one ran once
  CHECK(json["counts"]["not_run"] == 1);
}

TEST_CASE("run summary: migrations sent without an answer make the highest applied version unknown") {
  migrate::RunSummary summary = two_files();
  summary.migrations[1].outcome = migrate::RunOutcome::unknown;
  summary.migrations[1].error.clear();
  const std::string text = report::render_run_text(summary);
  CHECK(text.rfind("Lost the connection at 005_bad.sql after applying 1 migration to app@db:5432/app in 1.2 s; "
                   "highest applied: unknown (1 migration sent without an answer).\n",
                   0) == 0);
  CHECK(text.find("  5        005_bad.sql        in a transaction  unknown") != std::string::npos);
  const auto json = nlohmann::json::parse(report::render_run_json(summary, std::nullopt));
  CHECK(json["highest_applied_after"].is_null());
  CHECK(json["counts"]["unknown"] == 1);
  CHECK(json["migrations"][1]["outcome"] == "unknown");
}
