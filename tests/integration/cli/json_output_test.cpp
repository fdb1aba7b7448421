// The JSON contract: every command's --format json output, on success and on
// failure, is one document valid against docs/pgapply-output.schema.json
// (checked by tests/json/validate_output with python3-jsonschema).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "migrate/history_entry.hpp"
#include "migrate/run_summary.hpp"
#include "report/history_report.hpp"
#include "report/run_report.hpp"
#include "support/migration_project.hpp"

using namespace pgapply;
using namespace pgapply::test;

namespace {

// Validates the documents; every one must pass.
void validate(const TempDir& dir, const std::vector<std::pair<std::string, std::string>>& documents) {
  std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/json/validate_output"),
                                source_path("docs/pgapply-output.schema.json")};
  for (const auto& [name, text] : documents) argv.push_back(dir.write(name + ".json", text));
  const auto result = run_process(argv);
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, std::to_string(documents.size()) + " documents, 0 problems"));
}

}  // namespace

TEST_CASE("every command's JSON, on success and on failure, is valid against the schema") {
  MigrationProject project;
  std::filesystem::copy(source_path("migrations"), project.path() + "/migrations",
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  std::vector<std::pair<std::string, std::string>> documents;
  const auto with_env = [](const std::string& name, const std::string& value) {
    ProcessOptions options;
    options.env[name] = value;
    return options;
  };
  const auto keep = [&](const std::string& name, const ProcessResult& result, int status) {
    INFO(name, ": ", result.err);
    CHECK(result.status == status);
    documents.emplace_back(name, result.out);
  };
  keep("status_pending", project.pgapply({"status", "--format", "json"}), 0);
  keep("preflight", project.pgapply({"--format=json", "preflight"}), 0);
  keep("baseline_detect", project.pgapply({"baseline", "--detect", "--format", "json"}), 0);
  // Another tool's ledger (dbmate's shape) beside the empty pgapply ledger.
  project.execute("create table schema_migrations (version varchar(128) primary key);"
                  "insert into schema_migrations values ('1'), ('2'), ('99')");
  keep("status_foreign_ledger", project.pgapply({"status", "--format", "json"}), 0);
  keep("baseline_from_disagrees", project.pgapply({"baseline", "--from", "dbmate", "--format", "json"}), 4);
  keep("baseline_from_error", project.pgapply({"baseline", "--from", "flyway", "--format", "json"}), 1);
  keep("up_foreign_ledger", project.pgapply({"up", "--format", "json"}), 4);
  project.execute("delete from schema_migrations where version = '99'");
  keep("baseline_from_recorded", project.pgapply({"baseline", "--from", "dbmate", "--yes", "--format", "json"}), 0);
  project.execute("drop table schema_migrations; drop table pgapply_migrations; drop table pgapply_migrations_history");
  REQUIRE(project.pgapply({"up"}).status == 0);
  keep("status_applied", project.pgapply({"status", "--format", "json"}), 0);
  keep("verify_ok", project.pgapply({"verify", "--format", "json"}), 0);
  project.execute("alter table users drop column timezone");
  keep("verify_failed", project.pgapply({"verify", "--format", "json"}), 4);
  keep("repair", project.pgapply({"repair", "--mark-pending", "6", "--reason", "test", "--format", "json"}), 0);
  keep("split", project.pgapply({"split", "--format", "json", "migrations/001_initial_schema.sql"}), 0);
  keep("config", project.pgapply({"config", "--format", "json", "-v", "a=1"}, with_env("PGAPPLY_LEDGER", "x.y")), 0);
  // Failures: a usage error, an input error, a connection error, a check.
  keep("usage_error", project.pgapply({"status", "--format", "json", "--bogus"}), 1);
  keep("input_error", project.pgapply({"verify", "--format", "json", "--dir", "nowhere"}), 1);
  keep("connection_error",
       project.pgapply({"status", "--format", "json", "-d", "postgresql://nobody@127.0.0.1:1/none"}), 2);
  project.write("002_user_watchlists.sql", "-- edited\n");
  keep("status_modified", project.pgapply({"status", "--format", "json", "--exit-code"}), 4);
  keep("env_format_error", project.pgapply({"preflight", "--dir", "nowhere"}, with_env("PGAPPLY_FORMAT", "json")), 1);

  // up, down and history: the renderers, from the data the engine fills.
  migrate::RunSummary summary;
  summary.command = "up";
  summary.target = "app@localhost:5432/app";
  summary.ledger = "public.pgapply_migrations";
  summary.highest_applied_before = "3";
  summary.highest_applied_after = "4";
  summary.duration_ms = 1234;
  migrate::MigrationRun applied;
  applied.version = "4";
  applied.file_name = "004_x.sql";
  applied.outcome = migrate::RunOutcome::applied;
  applied.duration_ms = 12;
  applied.statements = 3;
  summary.migrations.push_back(applied);
  migrate::MigrationRun failed = applied;
  failed.version = "5";
  failed.file_name = "005_y.sql";
  failed.mode = migrate::RunMode::no_transaction;
  failed.outcome = migrate::RunOutcome::failed;
  failed.statements_done = 1;
  failed.error = "migrations/005_y.sql:2: relation \"t\" does not exist (SQLSTATE 42P01)";
  summary.migrations.push_back(failed);
  report::ErrorReport error{"sql", "relation \"t\" does not exist", "migrations/005_y.sql", 2, 8, "42P01", 3,
                            "migrations/005_y.sql:2:8: ERROR:  relation \"t\" does not exist"};
  documents.emplace_back("up_failed", report::render_run_json(summary, error));
  summary.command = "down";
  summary.migrations.resize(1);
  summary.migrations[0].outcome = migrate::RunOutcome::rolled_back;
  summary.highest_applied_after.clear();
  documents.emplace_back("down", report::render_run_json(summary));
  migrate::HistoryEntry event{1, "4", "rolled-back", "2026-01-01 00:00:00+00", "app", "ci@runner", "", "", "0.1.0"};
  documents.emplace_back("history", report::render_history_json({event}, "app@localhost/app", "public.pgapply_migrations"));

  TempDir out;
  validate(out, documents);
  // A few values the schema cannot say.
  const auto document = [&documents](const std::string& name) {
    for (const auto& [key, text] : documents) {
      if (key == name) return nlohmann::json::parse(text);
    }
    FAIL("no document " << name);
    return nlohmann::json();
  };
  const auto connection = document("connection_error");
  CHECK(connection["error"]["kind"] == "connection");
  CHECK(connection["error"]["exit_status"] == 2);
  const auto usage = document("usage_error");
  CHECK(usage["error"]["message"] == "unknown option '--bogus' for pgapply status");
  CHECK(document("preflight")["migrations"][4]["transaction_mode"] == "own_transaction");
  CHECK(document("status_modified")["counts"]["modified"] == 1);
  CHECK(document("config")["settings"][1]["values"][0]["source"] == "environment");
  CHECK(document("env_format_error")["error"]["kind"] == "input");
}
