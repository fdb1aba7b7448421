// `status` reads only checksums (ProjectLoad::checksums_only): a file psql
// finds nothing to interpret in is checksummed as it is, the others are
// loaded in full. Either way status must show the checksum `up` records.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <thread>
#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// Both kinds of file, in every format status reads.
void write_mixed(const MigrationProject& project) {
  project.write("001_plain.sql", "create table plain (id int);\nselect 1::int;\n");
  project.write("002_crlf.sql", "create table crlf (id int);\r\ninsert into crlf values (2);\r\n");
  project.write("003_bom.sql", "\xEF\xBB\xBF" "create table bom (id int);\n");
  project.write("004_string_colon.sql", "create table colon (note text);\ninsert into colon values (':name');\n");
  project.write("005_comment_backslash.sql", "-- C:\\data\\dir\ncreate table backslash (id int);\n");
  project.write("inc/common.sql", "create table included (id int);\r\n");
  project.write("006_include.sql", "\\ir inc/common.sql\n");
  project.write("007_vars.sql", "create table vars (who text default :'who');\n");
  project.write("008_dbmate.sql", "-- migrate:up\ncreate table dbmate (id int);\n\n-- migrate:down\ndrop table dbmate;\n");
  project.write("009_goose.sql", "-- +goose Up\r\n-- +goose StatementBegin\r\ncreate table goose (id int);\r\n"
                                 "-- +goose StatementEnd\r\n-- +goose Down\r\ndrop table goose;\r\n");
  project.write("010_dbmate_var.sql",
                "-- migrate:up\ncreate table dbmate_var (who text default :'who');\n-- migrate:down\n"
                "drop table dbmate_var;\n");
}

std::map<std::string, std::string> checksums_shown(const std::string& json) {
  std::map<std::string, std::string> out;
  const auto document = nlohmann::json::parse(json);
  for (const auto& item : document["migrations"]) {
    out[item["version"].get<std::string>()] = item["checksum"].get<std::string>();
  }
  return out;
}

}  // namespace

TEST_CASE("status shows the checksums up records, for files taken as they are and files interpreted") {
  MigrationProject project;
  write_mixed(project);
  auto result = project.pgapply({"status", "--format", "json", "-v", "who=me"});
  INFO(result.out, result.err);
  REQUIRE(result.status != 2);
  const auto pending = checksums_shown(result.out);
  CHECK(pending.size() == 10);
  REQUIRE(project.pgapply({"up", "-v", "who=me"}).status == 0);
  // What up recorded (every file loaded in full) is what status showed before.
  std::map<std::string, std::string> recorded;
  const std::string rows = project.query("select version || '|' || checksum from pgapply_migrations");
  for (std::size_t at = 0; at < rows.size();) {
    const auto end = std::min(rows.find('\n', at), rows.size());
    const auto row = rows.substr(at, end - at);
    recorded[row.substr(0, row.find('|'))] = row.substr(row.find('|') + 1);
    at = end + 1;
  }
  CHECK(recorded == pending);
  // So nothing has changed, in JSON and in text.
  result = project.pgapply({"status", "--format", "json", "-v", "who=me"});
  CHECK(result.status == 0);
  const auto json = nlohmann::json::parse(result.out);
  CHECK(json["clean"] == true);
  CHECK(json["counts"]["applied"] == 10);
  CHECK(json["counts"]["modified"] == 0);
  CHECK(checksums_shown(result.out) == pending);
  result = project.pgapply({"status", "-v", "who=me"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "10 migrations: 10 applied."));
  // Another value of a variable, and an edited plain file: both show.
  project.write("008_dbmate.sql", "-- migrate:up\ncreate table dbmate (id bigint);\n\n-- migrate:down\ndrop table dbmate;\n");
  result = project.pgapply({"status", "--format", "json", "-v", "who=you"});
  const auto changed = nlohmann::json::parse(result.out);
  CHECK(changed["counts"]["modified"] == 3);
  for (const auto& item : changed["migrations"]) {
    const bool edited = item["version"] == "7" || item["version"] == "8" || item["version"] == "10";
    CHECK_MESSAGE((item["state"] == "modified") == edited, item.dump());
  }
}

TEST_CASE("status while a run applies a file in its transaction: the run and the file it runs, not just pending") {
  MigrationProject project;
  project.write("001_users.sql", "create table users (id int);\n");
  project.write("002_slow.sql", "insert into users values (1);\nselect pg_sleep(30);\n");
  project.write("003_after.sql", "create table after_it (id int);\n");
  auto run = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name like 'pgapply: %002_slow.sql' and state = 'active' "
                                    "and wait_event = 'PgSleep'"));
  const auto status = project.pgapply({"status"});
  const auto json = project.pgapply({"status", "--format", "json"});
  run->kill(SIGINT);
  const auto ended = run->wait();
  INFO(status.out, status.err, ended.err);
  CHECK(contains(status.out, "A run holds the migration lock: pid "));
  CHECK(contains(status.out, "running now, in its transaction, in the run that holds the migration lock"));
  CHECK(contains(status.out, "3 migrations: 1 applied, 1 pending, 1 running."));
  const auto document = nlohmann::json::parse(json.out);
  CHECK(document["run_in_progress"].is_string());
  CHECK(document["migrations"][1]["state"] == "running");
  CHECK(document["migrations"][2]["state"] == "pending");
  CHECK(ended.status == 130);
}

TEST_CASE("status while a run applies a statement-by-statement file: running now in that run, not interrupted") {
  MigrationProject project;
  // A long name, not ASCII: its session's application_name keeps only its
  // end, with a '?' for the é.
  const std::string file = "001_add_an_index_on_orders_created_at_for_the_monthly_reports_caf\u00e9.sql";
  project.write(file, "-- pgapply: no-transaction\ncreate table a (id int);\nselect pg_sleep(30);\n");
  auto run = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name like 'pgapply: ...%caf?.sql' and state = 'active' "
                                    "and wait_event = 'PgSleep'"));
  const auto status = project.pgapply({"status"});
  const auto json = project.pgapply({"status", "--format", "json"});
  const auto spelt_otherwise = project.pgapply({"status", "--dir", "./migrations/"});  // as the run did not
  run->kill(SIGINT);
  const auto ended = run->wait();
  INFO(status.out, status.err, ended.err);
  CHECK(contains(status.out, "A run holds the migration lock: pid "));
  CHECK(contains(status.out, "  1        running "));
  CHECK(contains(status.out, "running now, in the run that holds the migration lock (1 of its 2 statements took "
                             "effect so far)"));
  CHECK(contains(status.out, "1 migration: 1 running."));
  CHECK(contains(spelt_otherwise.out, "1 migration: 1 running."));
  CHECK_FALSE(contains(status.out, "interrupted"));
  CHECK_FALSE(contains(status.out, "failed"));
  const auto document = nlohmann::json::parse(json.out);
  CHECK(document["run_in_progress"].is_string());
  CHECK(document["migrations"][0]["state"] == "running");
  CHECK(document["counts"]["running"] == 1);
  CHECK(document["counts"]["failed"] == 0);
  CHECK(contains(document["migrations"][0]["note"].get<std::string>(), "running now"));
  // Once the run has stopped, the row is its record: failed where the signal stopped it.
  CHECK(ended.status == 130);
  // (Its lock's session ends a moment after pgapply does.)
  for (int i = 0; i < 100 && project.query("select count(*) from pg_stat_activity where application_name like "
                                           "'pgapply (migration lock%' and datname = current_database()") != "0";
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto after = project.pgapply({"status"});
  INFO(after.out);
  CHECK_FALSE(contains(after.out, "A run holds the migration lock"));
  CHECK(contains(after.out, "failed at statement 2 of 2"));
  CHECK(!nlohmann::json::parse(project.pgapply({"status", "--format", "json"}).out)["counts"].contains("running"));
}

TEST_CASE("status while a down holds the migration lock: a row a killed run left running is still interrupted") {
  MigrationProject project;
  project.write("001_steps.sql", "-- pgapply: no-transaction\ncreate table a (id int);\nselect 1;\n");
  project.write("002_b.sql", "create table b (id int);\n");
  project.write("002_b.down.sql", "select pg_sleep(30);\ndrop table b;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  // 001 as kill -9 leaves a row
  project.execute("update pgapply_migrations set state = 'running', statements_done = 1 where version = '1'");
  auto run = project.start({"down"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/002_b.down.sql' and "
                                    "wait_event = 'PgSleep'"));
  const auto status = project.pgapply({"status"});
  run->kill(SIGINT);
  run->wait();
  INFO(status.out);
  CHECK(contains(status.out, "A run holds the migration lock: pid "));
  CHECK(contains(status.out, "interrupted at statement 2 of 2"));
  CHECK_FALSE(contains(status.out, "running now"));
}
