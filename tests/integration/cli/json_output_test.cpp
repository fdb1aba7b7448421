// The JSON contract: every command's --format json output, on success and on
// failure, is one document valid against docs/pgapply-output.schema.json
// (checked by tests/json/validate_output with python3-jsonschema). Every
// document here comes from the pgapply binary run on a real database.
#include <doctest/doctest.h>

#include <csignal>

#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

using Documents = std::vector<std::pair<std::string, std::string>>;

// Runs the validator on the documents, written to files named after them.
ProcessResult validate(const TempDir& dir, const Documents& documents) {
  std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/json/validate_output"),
                                source_path("docs/pgapply-output.schema.json")};
  for (const auto& [name, text] : documents) argv.push_back(dir.write(name + ".json", text));
  return run_process(argv);
}

ProcessOptions with_env(const std::string& name, const std::string& value) {
  ProcessOptions options;
  options.env[name] = value;
  return options;
}

}  // namespace

TEST_CASE("the JSON validator rejects a document that breaks the contract") {
  TempDir dir;
  const auto result = validate(
      dir, {{"good", R"({"format_version": 1, "command": "split", "files": []})"},
            {"no_version", R"({"command": "split", "files": []})"},
            {"spaced_key", R"({"format_version": 1, "command": "split", "files": [], "a key": 1})"},
            {"count_as_text",
             R"({"format_version": 1, "command": "lint", "counts": {"files": "1", "errors": 0, "warnings": 0,
                 "ignored": 0}, "findings": []})"},
            {"bad_enum",
             R"({"format_version": 1, "command": "check", "database": null, "ledger": null,
                 "shadow": {"description": "x", "none_because": null}, "proofs": {"idempotency": true,
                 "rollback": true}, "ok": true, "notes": [], "migrations": [{"version": "1", "file": "1.sql",
                 "shadow": {"checked": true, "applied": true, "error": "", "error_summary": "", "duration_ms": 1,
                 "changes": [], "rollback": null, "idempotency": {"status": "not run", "summary": "",
                 "error": "", "changes": []}}}]})"},
            {"two_documents", "{\"format_version\": 1, \"command\": \"split\", \"files\": []}\n{}\n"}});
  INFO(result.out, result.err);
  CHECK(result.status == 1);
  CHECK(!contains(result.out, "good.json"));
  for (const std::string name : {"no_version", "spaced_key", "count_as_text", "bad_enum", "two_documents"}) {
    CHECK_MESSAGE(contains(result.out, name + ".json: "), name);
  }
}

TEST_CASE("every command's JSON, on success and on failure, is valid against the schema") {
  MigrationProject project;
  std::filesystem::copy(source_path("migrations"), project.path() + "/migrations",
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  Documents documents;
  std::map<std::string, std::string> errors;  // standard error, by document
  const auto keep = [&](const std::string& name, const ProcessResult& result, int status) {
    INFO(name, ": ", result.err);
    CHECK(result.status == status);
    // A document has an error object exactly when the command exits non-zero
    // (it failed, refused, or found what it exits 4 for), with that status.
    const auto parsed = nlohmann::json::parse(result.out, nullptr, false);
    if (parsed.is_object()) {
      CHECK_MESSAGE(parsed.contains("error") == (status != 0), name);
      if (status != 0 && parsed.contains("error")) CHECK_MESSAGE(parsed["error"]["exit_status"] == status, name);
    }
    documents.emplace_back(name, result.out);
    errors[name] = result.err;
  };
  const std::vector<std::string> json{"--format", "json"};
  const auto args = [&json](std::vector<std::string> words) {
    words.insert(words.end(), json.begin(), json.end());
    return words;
  };

  // Before anything is applied.
  keep("status_pending", project.pgapply({"status", "--format", "json"}), 0);
  keep("preflight", project.pgapply({"--format=json", "preflight"}), 0);
  keep("preflight_idempotency", project.pgapply(args({"preflight", "--idempotency", "--target", "2"})), 0);
  keep("preflight_no_shadow", project.pgapply(args({"preflight", "--no-shadow"})), 0);
  keep("baseline_detect", project.pgapply(args({"baseline", "--detect"})), 0);
  keep("check", project.pgapply(args({"check", "--target", "3"})), 0);
  keep("check_offline", project.pgapply(args({"check", "--offline", "--target", "1", "--idempotency"})), 0);
  // After 001 (whose CREATE TABLE IF NOT EXISTS tables would count as new for
  // their indexes, as in squawk): 003 builds indexes without CONCURRENTLY.
  keep("lint", project.pgapply(args({"lint", "--from", "1"})), 4);
  keep("lint_rules", project.pgapply(args({"lint", "--list-rules"})), 0);
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
  keep("split", project.pgapply({"split", "--format", "json", "migrations/001_initial_schema.sql"}), 0);
  keep("config", project.pgapply({"config", "--format", "json", "-v", "a=1"}, with_env("PGAPPLY_LEDGER", "x.y")), 0);
  keep("version", project.pgapply({"version", "--format", "json"}), 0);
  keep("new", project.pgapply({"new", "add", "things", "--format", "json", "--dir", "new-migrations"}), 0);
  keep("config_get", project.pgapply({"config", "--get", "dir", "--format", "json"}), 0);
  keep("config_invalid", project.pgapply({"config", "--format", "json"}, with_env("PGAPPLY_RETRIES", "-1")), 1);
  keep("config_get_invalid", project.pgapply({"config", "--get", "retries", "--format", "json"},
                                             with_env("PGAPPLY_RETRIES", "-1")), 1);

  // Applied, verified, rolled back and applied again.
  keep("up", project.pgapply(args({"up"})), 0);
  keep("status_applied", project.pgapply(args({"status"})), 0);
  // A mistyped --ledger: status names the ledger that records these files.
  keep("status_ledger_elsewhere", project.pgapply(args({"status", "--ledger", "pgapply_migration"})), 0);
  const auto elsewhere = nlohmann::json::parse(documents.back().second)["ledger_elsewhere"];
  CHECK(elsewhere["why"] == "other_name");
  CHECK(elsewhere["table"] == "public.pgapply_migrations");
  CHECK(contains(elsewhere["message"].get<std::string>(), "Is --ledger mistyped?"));
  keep("verify_ok", project.pgapply(args({"verify"})), 0);
  keep("verify_static", project.pgapply(args({"verify", "--no-shadow"})), 0);
  keep("diff_ok", project.pgapply(args({"diff"})), 0);
  keep("down", project.pgapply(args({"down"})), 0);
  keep("up_again", project.pgapply(args({"up", "--no-verify"})), 0);
  keep("history", project.pgapply(args({"history", "--limit", "3"})), 0);

  // Drift.
  project.execute("alter table users drop column timezone");
  project.execute("alter table users add column nickname text");
  keep("verify_failed", project.pgapply(args({"verify"})), 4);
  keep("verify_static_failed", project.pgapply(args({"verify", "--no-shadow"})), 4);
  keep("diff_failed", project.pgapply(args({"diff"})), 4);
  // --no-shadow: the static model's findings count, as verify's do.
  keep("diff_static", project.pgapply(args({"diff", "--no-shadow"})), 4);
  // No shadow to be had (no server programs): they are uncertain, and no failure.
  ProcessOptions no_servers = with_env("PGAPPLY_SHADOW_SERVERS", project.path() + "/no-servers-here");
  no_servers.unset_env = {"SHADOW_DATABASE_URL"};
  keep("diff_fallback", project.pgapply(args({"diff"}), no_servers), 0);
  keep("repair", project.pgapply(args({"repair", "--mark-pending", "6", "--reason", "test"})), 0);

  // Refusals and failures, each with its error object.
  project.write("007_no_down.sql", "create table no_down (a int);\n");
  REQUIRE(project.pgapply({"up", "--target", "7", "--no-verify", "--allow-out-of-order"}).status == 0);
  keep("down_refused", project.pgapply(args({"down"})), 1);
  keep("up_dry_run_refused", project.pgapply(args({"up", "--dry-run"})), 1);
  keep("down_steps_zero", project.pgapply(args({"down", "--steps", "0"})), 1);
  project.write("008_broken.sql", "create table broken (a int);\nselect no_such_function(1);\n");
  keep("up_failed", project.pgapply(args({"up", "--no-verify"})), 3);
  keep("preflight_will_fail", project.pgapply(args({"preflight"})), 4);
  keep("check_failed", project.pgapply(args({"check"})), 4);
  keep("check_offline_failed", project.pgapply(args({"check", "--offline", "--idempotency"})), 4);
  project.write("002_user_watchlists.sql", "-- edited\n");
  keep("status_modified", project.pgapply(args({"status", "--exit-code"})), 4);
  keep("up_modified", project.pgapply(args({"up", "--no-verify"})), 4);
  keep("usage_error", project.pgapply({"status", "--format", "json", "--bogus"}), 1);
  keep("lint_usage_error", project.pgapply(args({"lint", "--pg-version", "x"})), 1);
  keep("input_error", project.pgapply(args({"verify", "--dir", "nowhere"})), 1);
  const std::string nowhere = "postgresql://nobody@127.0.0.1:1/none";
  keep("connection_error", project.pgapply(args({"status", "-d", nowhere})), 2);
  keep("up_connection_error", project.pgapply(args({"up", "-d", nowhere})), 2);
  keep("env_format_error", project.pgapply({"preflight", "--dir", "nowhere"}, with_env("PGAPPLY_FORMAT", "json")), 1);
  keep("history_connection_error", project.pgapply(args({"history", "-d", nowhere})), 2);
  keep("repair_refused", project.pgapply(args({"repair", "--clear-failed", "1", "--reason", "test"})), 4);
  project.write_file("unsplittable.sql", "select 1;\nselect 'no end;\n");
  keep("split_error", project.pgapply(args({"split", "unsplittable.sql"})), 1);
  // No command, or one pgapply does not know: still one document, its error.
  keep("unknown_command", project.pgapply({"--format", "json", "frob"}), 1);
  keep("no_command", project.pgapply({"--format", "json"}), 1);
  // pgapply.toml's own errors name it and the line.
  MigrationProject configured;
  configured.write_file("pgapply.toml", "dir = \"migrations\"\nledgr = \"x\"\n");
  keep("project_file_error", configured.pgapply(args({"status"})), 1);
  // A value pgapply.toml gives that a command refuses: its place too.
  MigrationProject valued;
  valued.write_file("pgapply.toml", "dir = \"migrations\"\nretries = \"many\"\n");
  keep("project_file_value_error", valued.pgapply(args({"up"})), 1);

  // baseline --version records without running: a database of its own.
  MigrationProject adopted;
  std::filesystem::copy(source_path("migrations"), adopted.path() + "/migrations",
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  keep("baseline_version", adopted.pgapply(args({"baseline", "--version", "3"})), 0);
  keep("baseline_nothing", adopted.pgapply(args({"baseline", "--version", "2"})), 0);

  // baseline --from another tool's ledger, and Flyway's files (dotted and
  // repeatable versions) through status and up.
  MigrationProject flyway;
  flyway.write("V1__create_a.sql", "create table a (id int);\n");  // Flyway's checksum -897341557
  flyway.write("V1.1__create_b.sql", "create table b (id int);\n");
  flyway.write("R__views.sql", "create or replace view v as select 1 as one;\n");
  flyway.execute(R"(
    CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50),
      description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INTEGER,
      installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INTEGER NOT NULL,
      success BOOLEAN NOT NULL);
    INSERT INTO flyway_schema_history VALUES
      (1, '1', 'create a', 'SQL', 'V1__create_a.sql', -897341557, 'alice', '2024-01-02 03:04:05', 5, true);
    CREATE TABLE a (id int);
  )");
  keep("status_foreign", flyway.pgapply(args({"status"})), 0);
  keep("up_foreign_refused", flyway.pgapply(args({"up"})), 4);
  keep("baseline_from", flyway.pgapply(args({"baseline", "--from", "flyway"})), 0);
  keep("baseline_from_yes", flyway.pgapply(args({"baseline", "--from", "flyway", "--yes"})), 0);
  keep("up_flyway", flyway.pgapply(args({"up"})), 0);
  keep("status_flyway", flyway.pgapply(args({"status"})), 0);

  // goose's ledger, where goose rolled version 2 back.
  MigrationProject goose;
  goose.write("00001_a.sql", "-- +goose Up\ncreate table a (id int);\n");
  goose.write("00002_b.sql", "-- +goose Up\ncreate table b (id int);\n");
  goose.execute("CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, "
                "is_applied boolean NOT NULL, tstamp timestamp NULL DEFAULT now());"
                "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), (2, false)");
  keep("baseline_from_goose", goose.pgapply(args({"baseline", "--from", "goose"})), 0);
  keep("status_goose", goose.pgapply(args({"status"})), 0);
  // a goose migration in Go, which pgapply records but does not run: no checksum of its own
  goose.write("00003_c.go", "package migrations\n");
  goose.execute("INSERT INTO goose_db_version (version_id, is_applied) VALUES (3, true)");
  keep("baseline_from_goose_go", goose.pgapply(args({"baseline", "--from", "goose", "--yes"})), 0);
  keep("status_goose_go", goose.pgapply(args({"status"})), 0);

  // --ledger-format dbmate: what dbmate applied counts as applied before up records it (no row: no at, no by)
  MigrationProject dbmate;
  dbmate.write("001_a.sql", "-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n");
  dbmate.execute("create table schema_migrations (version varchar primary key); "
                 "insert into schema_migrations values ('001')");
  keep("status_dbmate_companion", dbmate.pgapply(args({"status", "--ledger-format", "dbmate"})), 0);

  // golang-migrate's one row: the version it is at.
  MigrationProject golang;
  for (const auto* name : {"1_a", "2_b", "3_c"}) golang.write(std::string(name) + ".up.sql", "select 1;\n");
  golang.execute("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
                 "INSERT INTO schema_migrations VALUES (2, false)");
  keep("status_golang_migrate", golang.pgapply(args({"status"})), 0);

  // Another run holds the migration lock (exit 5); Ctrl-C during a run (exit 130).
  MigrationProject busy;
  busy.write("001_sleep.sql", "select pg_sleep(3);\n");
  const auto wait_until_running = [&busy](const std::string& file) {
    REQUIRE(busy.wait_for_sessions("application_name = 'pgapply: migrations/" + file + "' and state = 'active'"));
  };
  {
    auto holder = busy.start({"up", "--no-verify"});
    wait_until_running("001_sleep.sql");
    keep("up_locked", busy.pgapply(args({"up", "--lock-wait", "200ms"})), 5);
    CHECK(holder->wait().status == 0);
  }
  busy.write("002_sleep.sql", "select pg_sleep(30);\n");
  {
    auto run = busy.start(args({"up", "--no-verify"}));
    wait_until_running("002_sleep.sql");
    run->kill(SIGINT);
    keep("up_interrupted", run->wait(), 130);
  }
  // A statement that hits lock_timeout (exit 3): its error names whom it waited for.
  MigrationProject blocked;
  blocked.execute("create table busy (id int)");
  blocked.write("001_alter.sql", "alter table busy add column note text;\n");
  auto blocker = blocked.database().connect();
  const std::string blocker_pid = scalar(blocker, "select pg_backend_pid()");
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE; ");
  keep("up_lock_timeout", blocked.pgapply(args({"up", "--lock-timeout", "200ms", "--retries", "0"})), 3);
  blocker.exec("ROLLBACK");
  // A lint error whose lock lasts as long as a large table is indexed: WILL BLOCK (exit 4).
  MigrationProject large;
  large.write("001_events.sql", "create table events (id bigint primary key, kind text);\n");
  REQUIRE(large.pgapply({"up", "--no-verify"}).status == 0);
  large.execute("insert into events select g, 'k' from generate_series(1, 120000) g; analyze events");
  large.write("002_events_kind.sql", "create index events_kind on events (kind);\n");
  keep("preflight_will_block", large.pgapply(args({"preflight", "--no-shadow"})), 4);
  // The migrations' connection ended mid-run (exit 7).
  MigrationProject lost;
  lost.write("001_slow.sql", "create table a (id int);\nselect pg_sleep(20);\n");
  {
    auto run = lost.start(args({"up", "--no-verify"}));
    const std::string running = "application_name = 'pgapply: migrations/001_slow.sql' and state = 'active'";
    REQUIRE(lost.wait_for_sessions(running));
    lost.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and " +
                 running);
    keep("up_connection_lost", run->wait(), 7);
  }

  TempDir out;
  const auto result = validate(out, documents);
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, std::to_string(documents.size()) + " documents, 0 problems"));

  // A few values the schema cannot say.
  const auto document = [&documents](const std::string& name) {
    for (const auto& [key, text] : documents) {
      if (key == name) return nlohmann::json::parse(text);
    }
    FAIL("no document " << name);
    return nlohmann::json();
  };
  // Gave up after what --lock-wait said, in its unit.
  CHECK(contains(document("up_locked")["error"]["message"], "Gave up after 200 ms (--lock-wait;"));
  CHECK(document("preflight_will_block")["verdict"] == "will_block");
  const auto lock_timeout = document("up_lock_timeout")["error"];
  CHECK(lock_timeout["sqlstate"] == "55P03");
  REQUIRE(lock_timeout["blocking_sessions"].size() == 1);
  const auto blocking = lock_timeout["blocking_sessions"][0];
  CHECK(blocking["pid"] == std::stoll(blocker_pid));
  CHECK(blocking["state"] == "idle in transaction");
  CHECK(blocking["locks"] == "busy (AccessExclusiveLock)");
  CHECK(blocking["query"] == "LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");  // no ';' left
  CHECK(blocking["seconds"].is_number_integer());
  CHECK(contains(lock_timeout["text"], "\nit waited for: pid " + blocker_pid + " "));
  CHECK(!document("up_failed")["error"].contains("blocking_sessions"));
  const auto connection = document("connection_error");
  CHECK(connection["error"]["kind"] == "connection");
  CHECK(connection["error"]["exit_status"] == 2);
  CHECK(document("up_connection_error")["error"]["kind"] == "connection");
  // Stopped before it connected: no database and no ledger, rather than an empty name.
  CHECK(document("up_connection_error")["database"].is_null());
  CHECK(document("up_connection_error")["ledger"].is_null());
  const auto usage = document("usage_error");
  CHECK(usage["error"]["message"] == "unknown option '--bogus' for pgapply status");
  CHECK(document("preflight")["migrations"][4]["transaction_mode"] == "own_transaction");
  // One vocabulary: preflight and up say how each file runs, and why, under the same keys.
  const auto preflight = document("preflight");
  const auto up = document("up");
  REQUIRE(preflight["migrations"].size() == up["migrations"].size());
  bool some_reason = false;
  for (std::size_t i = 0; i < up["migrations"].size(); ++i) {
    INFO(up["migrations"][i]["file"]);
    CHECK(up["migrations"][i]["transaction_mode"] == preflight["migrations"][i]["transaction_mode"]);
    CHECK(up["migrations"][i]["transaction_mode_reason"] == preflight["migrations"][i]["transaction_mode_reason"]);
    some_reason = some_reason || !up["migrations"][i]["transaction_mode_reason"].is_null();
  }
  CHECK(some_reason);
  CHECK(document("status_modified")["counts"]["modified"] == 1);
  CHECK(document("version")["pgapply_version"].is_string());
  CHECK(document("new")["files"] == nlohmann::json::array({"new-migrations/001_add_things.sql"}));
  CHECK(document("config")["settings"][1]["values"][0]["source"] == "environment");
  CHECK(document("config")["settings"][1]["problem"].is_null());
  CHECK(document("config_get")["setting"]["name"] == "dir");
  CHECK(document("config_get")["setting"]["values"][0]["value"] == "migrations");
  CHECK(document("config_invalid")["error"]["message"] == "--retries must be 0 or more, not -1 (from PGAPPLY_RETRIES)");
  const auto config_invalid = document("config_invalid");  // a range-for over a temporary's member would dangle
  for (const auto& setting : config_invalid["settings"]) {
    CHECK_MESSAGE(setting["problem"].is_null() == (setting["name"] != "retries"), setting["name"]);
  }
  CHECK(document("config_get_invalid")["error"]["kind"] == "usage");
  CHECK(document("env_format_error")["error"]["kind"] == "input");
  const auto failed = document("up_failed");
  CHECK(failed["error"]["kind"] == "sql");
  CHECK(failed["error"]["sqlstate"] == "42883");
  CHECK(failed["error"]["line"] == 2);
  CHECK(failed["migrations"].back()["outcome"] == "failed");
  CHECK(failed["duration_ms"].is_number_integer());  // a failed run took time too
  CHECK(document("down_refused")["error"]["exit_status"] == 1);
  CHECK(contains(document("down_refused")["error"]["message"], "rolled back: 007_no_down.sql: no rollback"));
  CHECK(document("repair")["ledger"]["table"] == "public.pgapply_migrations");
  CHECK(document("down")["migrations"][0]["outcome"] == "rolled_back");
  CHECK(document("down")["duration_ms"].is_number_integer());
  CHECK(document("baseline_version")["recorded"] == nlohmann::json({"1", "2", "3"}));
  CHECK(document("baseline_nothing")["recorded"].empty());
  CHECK(document("baseline_from")["recorded"].empty());
  CHECK(document("baseline_from_yes")["recorded"] == nlohmann::json({"1"}));
  CHECK(document("baseline_from_yes")["ledger"]["table"] == "public.pgapply_migrations");
  CHECK(document("up_flyway")["migrations"].size() == 2);
  // (at(): a missing entry fails, where [] would make one, null)
  const auto companion_entry = document("status_dbmate_companion").at("migrations").at(0);
  CHECK(companion_entry.at("method") == "baseline");
  CHECK(companion_entry.at("at").is_null());
  CHECK(companion_entry.at("by").is_null());
  const auto go_entry = document("status_goose_go").at("migrations").at(2);
  CHECK(go_entry.at("file") == "00003_c.go");
  CHECK(go_entry.at("checksum").is_null());
  CHECK(document("baseline_from_goose")["migrations"][1]["state"] == "rolled_back");
  CHECK(document("baseline_from_goose")["counts"]["rolled_back"] == 1);
  CHECK(document("status_goose")["foreign_ledgers"][0]["applied"] == 1);  // 2 was rolled back
  CHECK(!document("status_goose")["foreign_ledgers"][0].contains("version"));
  CHECK(document("status_golang_migrate")["foreign_ledgers"][0]["applied"] == 2);
  CHECK(document("status_golang_migrate")["foreign_ledgers"][0]["version"] == "2");
  CHECK(document("status_flyway")["migrations"].back()["version"] == "r:views");
  // The same thing under the same key, whichever way verify answered.
  for (const std::string name : {"verify_failed", "verify_static_failed", "diff_failed"}) {
    INFO(name);
    const auto verify = document(name);
    CHECK(verify["ledger"]["table"] == "public.pgapply_migrations");
    CHECK(verify["counts"]["missing"] == 1);
    bool found = false;
    for (const auto& difference : verify["differences"]) {
      if (difference["kind"] == "missing" && difference["object"].get<std::string>().find("timezone") != std::string::npos) {
        found = true;
        CHECK(difference["made_by"]["version"] == "5");
      }
    }
    CHECK(found);
  }
  CHECK(document("diff_failed")["counts"]["extra"] == 1);
  // What verify, diff, check, preflight, status --exit-code, lint and baseline
  // --from found: an error of kind check, saying what.
  for (const std::string name : {"verify_failed", "verify_static_failed", "diff_failed", "diff_static", "check_failed",
                                 "check_offline_failed", "preflight_will_fail", "status_modified", "lint", "baseline_from_disagrees"}) {
    INFO(name);
    CHECK(document(name)["error"]["kind"] == "check");
    CHECK(document(name)["error"]["exit_status"] == 4);
    CHECK(contains(errors[name], "pgapply: error: " + document(name)["error"]["message"].get<std::string>() + "\n"));
  }
  CHECK(contains(document("verify_failed")["error"]["message"], "does not have the schema its migrations make: 1 missing"));
  CHECK(contains(document("verify_static_failed")["error"]["message"], "does not have the schema its migrations declare: 1 missing"));
  CHECK(document("status_modified")["error"]["message"] == "not every migration is applied: 1 pending, 1 modified");
  // The file a refusal is about: the first modified one (before a pending one).
  CHECK(document("status_modified")["error"]["file"] == "migrations/002_user_watchlists.sql");
  CHECK(document("status_modified")["error"]["line"].is_null());
  CHECK(document("up_modified")["error"]["kind"] == "check");
  CHECK(contains(document("up_modified")["error"]["message"], "002_user_watchlists.sql was modified after it was applied"));
  CHECK(document("up_modified")["error"]["file"] == "migrations/002_user_watchlists.sql");
  CHECK(contains(document("lint")["error"]["message"], "lint error"));
  CHECK(contains(document("check_offline_failed")["error"]["message"], "1 migration not applied on the shadow"));
  CHECK(document("baseline_from_disagrees")["error"]["message"] ==
        "nothing recorded: dbmate's ledger and the files disagree");
  CHECK(document("diff_static")["counts"]["missing"] == 1);
  CHECK(document("diff_fallback")["counts"]["uncertain"] == 1);
  CHECK(document("diff_fallback")["differences"][0]["kind"] == "uncertain");
  CHECK(document("verify_static")["method"] == "static_model");
  CHECK(document("verify_ok")["method"] == "shadow");
  CHECK(document("check")["migrations"][0]["shadow"]["idempotency"]["status"] != nullptr);
  CHECK(document("check_offline")["database"].is_null());
  CHECK(document("lint_rules")["rules"].size() > 10);
  CHECK(document("up_locked")["error"]["kind"] == "lock");
  CHECK(document("up_interrupted")["error"]["kind"] == "interrupted");
  CHECK(document("up_interrupted")["migrations"][0]["outcome"] == "interrupted");
  // the file it stopped, and the line of the statement it cancelled
  CHECK(document("up_interrupted")["error"]["file"] == "migrations/002_sleep.sql");
  CHECK(document("up_interrupted")["error"]["line"] == 1);
  // What the text says, the error object says: what was applied, how to see
  // it, and the file that was running.
  const auto lost_error = document("up_connection_lost")["error"];
  CHECK(lost_error["kind"] == "connection_lost");
  CHECK(lost_error["message"] == lost_error["text"]);
  CHECK(contains(lost_error["message"], "Stopped: 0 migrations applied; 001_slow.sql was rolled back"));
  CHECK(contains(lost_error["message"], "see what was applied with: pgapply status"));
  CHECK(lost_error["file"] == "migrations/001_slow.sql");
  const auto project_file_error = document("project_file_error")["error"];
  CHECK(project_file_error["kind"] == "usage");
  CHECK(project_file_error["file"] == "pgapply.toml");
  CHECK(project_file_error["line"] == 2);
  CHECK(project_file_error["message"] == "unknown key 'ledgr'; did you mean 'ledger'?");
  const auto value_error = document("project_file_value_error")["error"];
  CHECK(contains(value_error["message"], "--retries expects a whole number, not 'many' (from pgapply.toml:2)"));
  CHECK(value_error["file"] == "pgapply.toml");
  CHECK(value_error["line"] == 2);
  for (const std::string name : {"unknown_command", "no_command"}) {
    INFO(name);
    CHECK(document(name)["command"].is_null());
    CHECK(document(name)["error"]["kind"] == "usage");
  }
  CHECK(contains(document("unknown_command")["error"]["message"], "unknown command 'frob'"));
  CHECK(document("no_command")["error"]["message"] == "no command given (pgapply --help lists the commands)");
  CHECK(document("history_connection_error")["error"]["kind"] == "connection");
  CHECK(document("repair_refused")["error"]["kind"] == "check");
  CHECK(contains(document("repair_refused")["error"]["message"], "cannot repair"));
  CHECK(document("split_error")["error"]["file"] == "unsplittable.sql");
  CHECK(document("split_error")["files"][0]["error"]["line"] == 2);
  CHECK(document("lint_rules")["rules"][0]["rule"].is_string());
  // One vocabulary: at and by, when and by whom, for a history event, a
  // status migration's ledger row and another tool's row alike.
  const auto event = document("history")["events"][0];
  CHECK(event["at"].is_string());
  CHECK(event["by"].is_string());
  CHECK(!event.contains("by_user"));
  const auto applied = document("status_applied")["migrations"][0];
  CHECK(applied["at"].is_string());
  CHECK(applied["by"] == event["by"]);
  CHECK(!applied.contains("applied_at"));
  CHECK(!applied.contains("applied_by"));
  CHECK(document("status_pending")["migrations"][0]["at"].is_null());
  CHECK(document("status_pending")["migrations"][0]["by"].is_null());
  CHECK(document("baseline_from_yes")["migrations"][0]["by"] == "alice");
  CHECK(document("baseline_from_yes")["migrations"][0]["at"].is_string());
  CHECK(!document("baseline_from_yes")["migrations"][0].contains("applied_by"));
}
