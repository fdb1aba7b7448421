// Lifecycle commands end to end: down, repair, lock timeouts with retries,
// backups.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "io/files.hpp"
#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

std::string schema_of(const MigrationProject& project) {
  return project.query(
      "select string_agg(table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || "
      "coalesce(column_default, ''), E'\\n' order by table_name, column_name) "
      "from information_schema.columns where table_schema = 'public' and table_name not like 'pgapply%'") +
         "\n" +
         project.query("select string_agg(indexname, ',' order by indexname) from pg_indexes "
                       "where schemaname = 'public' and tablename not like 'pgapply%'") +
         "\n" + project.query("select string_agg(policyname, ',' order by policyname) from pg_policies");
}

void copy_examples(const MigrationProject& project) {
  std::filesystem::copy(source_path("migrations"), project.path() + "/migrations",
                        std::filesystem::copy_options::recursive);
}

}  // namespace

TEST_CASE("down then up again reaches the same schema") {
  MigrationProject project;
  copy_examples(project);
  REQUIRE(project.pgapply({"up"}).status == 0);
  const std::string applied = schema_of(project);
  CHECK(contains(applied, "users.max_reports:integer:NO:5"));

  auto result = project.pgapply({"down"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Rolling back 006_prices_day_index.down.sql (statement by statement"));
  CHECK(contains(result.out, "Rolled back 006_prices_day_index.down.sql in "));
  CHECK(project.query("select max(version) from pgapply_migrations") == "5");

  result = project.pgapply({"down", "--to", "2"});
  CHECK(result.status == 0);
  // a rollback in a transaction has its duration, as the server measured it
  CHECK(contains(result.out, "Rolled back 005_"));
  CHECK(contains(result.out, " ms (in a transaction; "));
  CHECK(project.query("select string_agg(version::text, ',' order by version) from pgapply_migrations") == "1,2");
  CHECK(project.query("select count(*) from information_schema.columns where column_name = 'max_reports'") == "0");
  CHECK(project.query("select string_agg(event, ',' order by id) from pgapply_migrations_history "
                      "where event = 'rolled-back'") == "rolled-back,rolled-back,rolled-back,rolled-back");

  REQUIRE(project.pgapply({"up"}).status == 0);
  CHECK(schema_of(project) == applied);

  // --to 0: every migration, as goose's down-to 0.
  result = project.pgapply({"down", "--to", "0"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'public' and tablename not like 'pgapply%'") == "0");
  REQUIRE(project.pgapply({"up"}).status == 0);
  CHECK(schema_of(project) == applied);
  result = project.pgapply({"down", "--to", "99"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--to 99: no migration file has that version in migrations, nor has the ledger "
                             "public.pgapply_migrations (--to 0 rolls back every migration)"));
  // A version whose file is gone is one the ledger has: down stops there, as at any other.
  std::filesystem::rename(project.path() + "/migrations/002_user_watchlists.sql", project.path() + "/002_gone.sql");
  result = project.pgapply({"down", "--to", "2"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version::text, ',' order by version) from pgapply_migrations") == "1,2");
}

TEST_CASE("down --to 0 rolls back a migration of version 0 too (supabase/auth's 00_init)") {
  MigrationProject project;
  project.write("00_init.up.sql", "create table zero (id int);\n");
  project.write("00_init.down.sql", "drop table zero;\n");
  project.write("1_one.up.sql", "create table one (id int);\n");
  project.write("1_one.down.sql", "drop table one;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const auto result = project.pgapply({"down", "--to", "0"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
  CHECK(project.query("select count(*) from pg_tables where tablename in ('zero', 'one')") == "0");

  // A version 0 without a rollback (an init, a baseline) stays, and says so; what is above it goes.
  project.remove("00_init.down.sql");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const auto kept = project.pgapply({"down", "--to", "0"});
  INFO(kept.out, kept.err);
  CHECK(kept.status == 0);
  CHECK(contains(kept.out, "00_init.up.sql (version 0) has no rollback: it stays applied."));
  CHECK(project.query("select string_agg(version, ',') from pgapply_migrations") == "0");
}

TEST_CASE("down refuses to roll back below a newer migration whose run stopped part way, saying how to settle it") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("001_a.down.sql", "drop table a;\n");
  project.write("002_b.sql", "-- pgapply: no-transaction\ncreate table b (id int);\nselect 1/0;\n");
  project.write("002_b.down.sql", "drop table if exists b;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 3);
  auto result = project.pgapply({"down"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "refusing to roll back anything: a newer migration's run stopped part way"));
  CHECK(contains(result.err, "002_b.sql failed at statement 2 of 2"));
  CHECK(contains(result.err, "pgapply repair --clear-failed 2 --reason"));
  CHECK_FALSE(contains(result.out, "Rolled back"));
  CHECK(project.query("select string_agg(version || ':' || state, ',' order by version) from pgapply_migrations") ==
        "1:applied,2:failed");
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'b')") == "2");
  // --dry-run says the same, and settled (the file fixed and run), down rolls back the newest
  CHECK(project.pgapply({"down", "--dry-run"}).status == 4);
  project.write("002_b.sql", "-- pgapply: no-transaction\ncreate table if not exists b (id int);\nselect 1;\n");
  REQUIRE(project.pgapply({"repair", "--clear-failed", "2", "--reason", "fixed"}).status == 0);
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  result = project.pgapply({"down"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Rolled back 002_b.down.sql"));

  // A newer run that stopped before anything of it took effect stands on nothing.
  project.write("002_b.sql", "-- pgapply: no-transaction\nselect 1/0;\ncreate table b (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 3);
  result = project.pgapply({"down"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Rolled back 001_a.down.sql"));
}

TEST_CASE("down on a database with no ledger asks whether -d is the database meant, and creates nothing") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  const auto result = project.pgapply({"down"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Nothing to roll back: no ledger public.pgapply_migrations in "));
  CHECK(contains(result.out, "(is -d the database meant, and --ledger its ledger?)."));
  CHECK(project.query("select count(*) from pg_tables where tablename like 'pgapply%'") == "0");
}

TEST_CASE("down --dry-run with nothing to roll back prints a script psql runs: what it says is comments") {
  MigrationProject project;
  project.write("000_init.sql", "create table i (id int);\n");
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("001_a.down.sql", "drop table a;\n");
  for (const bool applied : {false, true}) {
    CAPTURE(applied);
    if (applied) REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
    // no ledger; then --to 0 with a version 0 that stays
    const std::vector<std::string> to_zero = {"down", "--dry-run", "--to", "0"};
    const auto dry = project.pgapply(applied ? to_zero : std::vector<std::string>{"down", "--dry-run"});
    INFO(dry.out, dry.err);
    CHECK(dry.status == 0);
    CHECK(contains(dry.out, applied ? "-- 000_init.sql (version 0) has no rollback: it stays applied."
                                    : "-- Nothing to roll back: no ledger public.pgapply_migrations in "));
    const auto psql = project.psql_script(dry.out);
    INFO(psql.out, psql.err);
    CHECK(psql.status == 0);
  }
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("down stops before anything runs when a down file is missing") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("001_a.down.sql", "drop table a;\n");
  project.write("002_b.sql", "create table b (id int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  auto result = project.pgapply({"down", "--steps", "2"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "002_b.sql: no rollback (002_b.down.sql"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "2");
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'b')") == "2");

  project.write("002_b.down.sql", "drop table b;\n");
  result = project.pgapply({"down", "--steps", "2", "--dry-run"});
  CHECK(result.status == 0);
  // The record as the connecting role, whatever role a trigger of the file set.
  CHECK(contains(result.out, "drop table b;\nSET LOCAL SESSION AUTHORIZATION DEFAULT;\nSET LOCAL role TO DEFAULT;\n"
                             "WITH removed AS (\n    DELETE FROM \"public\".\"pgapply_migrations\" WHERE version = '2'"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "2");  // ran nothing
  CHECK(project.pgapply({"down", "--steps", "2"}).status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'b')") == "0");
}

TEST_CASE("down of a migration whose file is gone says so, and names the repair that takes it out of the ledger") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "create table b (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.remove("002_b.sql");
  const auto result = project.pgapply({"down"});
  INFO(result.err);
  CHECK(result.status == 1);
  CHECK(contains(result.err, "002_b.sql: the file is not in migrations any more (status lists it as missing), nor is "
                             "a rollback of it"));
  const std::string hint = "pgapply repair --mark-pending 2 --reason '...'";
  REQUIRE(contains(result.err, hint));
  CHECK(project.pgapply({"repair", "--mark-pending", "2", "--reason", "b was dropped by hand"}).status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("a statement-by-statement rollback that fails part way: status, up and down say so until a repair settles it") {
  MigrationProject project;
  project.write("001_big.sql", "create table big (v int);\n");
  project.write("002_cic.sql", "-- pgapply: no-transaction\ncreate index concurrently big_v on big (v);\n"
                               "create table after_cic (id int);\n");
  project.write("002_cic.down.sql", "drop table after_cic;\ndrop index concurrently big_v;\nselect 1/0;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  auto result = project.pgapply({"down"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 3);
  // Statements 1 and 2 took effect: the row stays applied, saying so.
  CHECK(project.query("select state || '|' || error from pgapply_migrations where version = '2'") ==
        "applied|rollback by 002_cic.down.sql failed: statements 1-2 of 3 took effect (migrations/002_cic.down.sql:3: "
        "division by zero (SQLSTATE 22012))");
  CHECK(project.query("select count(*) from pgapply_migrations_history where event = 'rollback-failed'") == "1");
  result = project.pgapply({"status", "--exit-code"});
  CHECK(result.status == 4);
  CHECK(contains(result.out, "  2        rollback_failed  "));
  CHECK(contains(result.out, "^ applied, but its rollback by 002_cic.down.sql failed: statements 1-2 of 3 took effect"));
  const auto json = nlohmann::json::parse(project.pgapply({"status", "--format", "json"}).out);
  CHECK(json["counts"]["rollback_failed"] == 1);
  CHECK(json["migrations"][1]["state"] == "rollback_failed");
  // up and down refuse it, with the repairs that settle it.
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "002_cic.sql is recorded as applied, but its rollback by 002_cic.down.sql failed"));
  CHECK(contains(result.err, "pgapply repair --mark-pending 2 --reason '...'"));
  result = project.pgapply({"down"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "refusing to roll back anything:"));
  // Restored by hand, then kept applied.
  project.execute("create table after_cic (id int); create index big_v on big (v)");
  result = project.pgapply({"repair", "--clear-failed", "2", "--reason", "restored by hand"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err + result.out, "cleared the unfinished rollback of 002_cic.sql: it stays applied"));
  CHECK(project.query("select state || '|' || coalesce(error, '-') from pgapply_migrations where version = '2'") ==
        "applied|-");
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  // Interrupted (the rollback's session ended) part way: the same, "did not finish".
  project.write("002_cic.down.sql", "drop table after_cic;\nselect pg_sleep(30);\ndrop index concurrently big_v;\n");
  auto down = project.start({"down"});
  const std::string sleeping = "application_name like 'pgapply: %002_cic.down.sql' and query like '%pg_sleep(30)%' "
                               "and datname = current_database()";
  REQUIRE(project.wait_for_sessions(sleeping));
  project.execute("select pg_terminate_backend(pid) from pg_stat_activity where " + sleeping);
  CHECK(down->wait().status == 7);
  CHECK(project.query("select error from pgapply_migrations where version = '2'") ==
        "rollback by 002_cic.down.sql did not finish: statement 1 of 3 took effect");
  // Finished by hand, then taken out of the ledger: up runs it again.
  project.execute("drop index big_v");
  result = project.pgapply({"repair", "--mark-pending", "2", "--reason", "finished by hand"});
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'after_cic'") == "1");
}

TEST_CASE("a rollback with no statements is refused unless --allow-empty: the repair it names runs as printed") {
  MigrationProject project;
  project.write("20240101000000_t.sql", "-- migrate:up\ncreate table t (id int);\n-- migrate:down\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  auto result = project.pgapply({"down"});
  INFO(result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "20240101000000_t.sql: its rollback (20240101000000_t.sql) has no statements"));
  CHECK(contains(result.err, "pgapply repair --mark-pending 20240101000000 --reason '...'"));
  CHECK(contains(result.err, "or run pgapply down --allow-empty"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
  result = project.pgapply({"down", "--allow-empty"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
  CHECK(project.query("select count(*) from pg_tables where tablename = 't'") == "1");  // as dbmate leaves it
}

TEST_CASE("down's highest_applied_after is what the ledger holds after the run, however it ended") {
  MigrationProject project;
  const auto highest = [&project](const std::vector<std::string>& args, int status) {
    const auto result = project.pgapply(args);
    INFO(result.out, result.err);
    CHECK(result.status == status);
    const auto document = nlohmann::json::parse(result.out);
    return document["highest_applied_before"].dump() + " -> " + document["highest_applied_after"].dump() +
           " (" + document["counts"]["rolled_back"].dump() + " rolled back, " + document["counts"]["failed"].dump() +
           " failed)";
  };
  // golang-migrate pairs, 2's down file missing.
  project.write("1_a.up.sql", "create table a (id int);\n");
  project.write("1_a.down.sql", "drop table a;\n");
  project.write("2_b.up.sql", "create table b (id int);\n");
  project.write("3_c.up.sql", "create table c (id int);\n");
  project.write("3_c.down.sql", "drop table c;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  CHECK(highest({"down", "--steps", "2", "--format", "json"}, 1) == "\"3\" -> \"3\" (0 rolled back, 0 failed)");
  // 3 rolled back, then 2's down file fails.
  project.write("2_b.down.sql", "drop table nosuch;\n");
  CHECK(highest({"down", "--steps", "2", "--format", "json"}, 3) == "\"3\" -> \"2\" (1 rolled back, 1 failed)");
  project.write("2_b.down.sql", "drop table b;\n");
  CHECK(highest({"down", "--to", "0", "--format", "json"}, 0) == "\"2\" -> null (2 rolled back, 0 failed)");
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
}

TEST_CASE("down's progress says rolling back and names the file whose SQL ran, in every transaction mode") {
  MigrationProject project;
  project.write("1_a.up.sql", "create table a (id int);\n");
  project.write("1_a.down.sql", "drop table a;\n");
  project.write("2_idx.up.sql", "CREATE INDEX CONCURRENTLY a_id ON a (id);\n");
  project.write("2_idx.down.sql", "DROP INDEX CONCURRENTLY a_id;\nselect 1;\n");
  project.write("20240101120000_c.sql", "-- migrate:up\ncreate table c (id int);\n-- migrate:down\ndrop table c;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);

  // A down section, in a transaction.
  auto result = project.pgapply({"down"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Rolled back the down section of 20240101120000_c.sql in "));
  CHECK(contains(result.out, " ms (in a transaction; 1 statement)"));
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  auto document = nlohmann::json::parse(project.pgapply({"down", "--format", "json"}).out);
  CHECK(document["migrations"][0]["file"] == "20240101120000_c.sql");
  CHECK(document["migrations"][0]["down_file"] == "20240101120000_c.sql");

  // A down file outside a transaction.
  result = project.pgapply({"down"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Rolling back 2_idx.down.sql (statement by statement, outside a transaction"));
  CHECK(contains(result.out, "Rolled back 2_idx.down.sql in "));
  CHECK_FALSE(contains(result.out, "Applying"));
  CHECK_FALSE(contains(result.out, "2_idx.up.sql"));

  // One that fails in its transaction undid nothing: the migration stays applied, and the message says so.
  project.write("1_a.down.sql", "drop table a;\nselec 1;\n");
  result = project.pgapply({"down"});
  CHECK(result.status == 3);
  CHECK(contains(result.out, "Stopped: 1_a.down.sql failed and was rolled back: nothing of it took effect, the "
                             "migration stays applied; 0 migrations rolled back before it."));
  // One that fails part way: the ledger keeps how far the rollback got, and the message says so.
  project.write("1_a.down.sql", "-- pgapply: no-transaction\ndrop table a;\nselec 1;\n");
  result = project.pgapply({"down"});
  CHECK(result.status == 3);
  CHECK(contains(result.out, "Rolling back 1_a.down.sql (statement by statement"));
  CHECK(contains(result.out, "Stopped: 1_a.down.sql failed outside a transaction: the statements before the failing "
                             "one took effect and the ledger says how far it got (pgapply status); 0 migrations "
                             "rolled back before it."));
  project.execute("create table a (id int)");
  REQUIRE(project.pgapply({"repair", "--clear-failed", "1", "--reason", "table a made again"}).status == 0);
  result = project.pgapply({"down", "--format", "json"});
  CHECK(result.status == 3);
  document = nlohmann::json::parse(result.out);
  CHECK(document["migrations"][0]["file"] == "1_a.up.sql");
  CHECK(document["migrations"][0]["down_file"] == "1_a.down.sql");
  CHECK(document["migrations"][0]["script"] == "migrations/1_a.down.sql");
  CHECK(project.query("select state from pgapply_migrations where version = '1'") == "applied");

  // up's migrations have no down file.
  project.execute("delete from pgapply_migrations");
  project.write("1_a.up.sql", "create table if not exists a (id int);\n");
  document = nlohmann::json::parse(project.pgapply({"up", "--target", "1", "--format", "json", "--no-verify"}).out);
  CHECK(document["migrations"][0]["down_file"].is_null());
}

TEST_CASE("a database read-only by default: up refuses before anything runs, and its PGOPTIONS hint runs as printed") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  project.execute("alter database " + project.database().name() + " set default_transaction_read_only = on");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "default_transaction_read_only is on for this session on "));
  CHECK(contains(result.err, "PGOPTIONS='-c default_transaction_read_only=off'"));
  ProcessOptions options;
  options.env["PGOPTIONS"] = "-c default_transaction_read_only=off";
  result = project.pgapply({"up", "--no-verify"}, options);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 't'") == "1");
}

TEST_CASE("a hint's '...' pasted as the reason, or blanks, are refused: the reason is the operator's to write") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const auto result = project.pgapply({"repair", "--mark-pending", "1", "--reason", "..."});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--reason '...' is the hint's placeholder: write why"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
  // Blanks say no more than nothing: a reason that is only spaces is none, for repair and for baseline --force.
  const auto blank = project.pgapply({"repair", "--mark-pending", "1", "--reason", "   "});
  CHECK(blank.status == 1);
  CHECK(contains(blank.err, "repair needs --reason"));
  const auto forced = project.pgapply({"baseline", "--from", "dbmate", "--yes", "--force", " \t"});
  CHECK(forced.status == 1);
  CHECK(contains(forced.err, "--force needs a reason"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("repair where there is no ledger: refused, and nothing is created") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  const auto result = project.pgapply({"repair", "--clear-failed", "1", "--reason", "x", "--ledger", "newschema.led"});
  INFO(result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "no ledger newschema.led in "));
  CHECK(contains(result.err, ": nothing to repair (is -d the database meant, and --ledger its ledger?); nothing was "
                             "changed"));
  CHECK(project.query("select count(*) from pg_namespace where nspname = 'newschema'") == "0");
  CHECK(project.query("select count(*) from pg_tables where tablename like 'led%' or tablename like 'pgapply%'") == "0");
}

TEST_CASE("repair: accept an edit, mark applied or pending, clear a failure, all with a reason") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "create table b (id int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);

  project.write("001_a.sql", "-- a comment added after the fact\ncreate table a (id int);\n");
  CHECK(project.pgapply({"up"}).status == 4);
  CHECK(project.pgapply({"repair", "--accept-checksum", "1"}).status == 1);  // no reason
  auto result = project.pgapply({"repair", "--accept-checksum", "1", "--reason", "comment only"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "accepted the new checksum of 001_a.sql"));
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(project.query("select event, reason, by_user from pgapply_migrations_history where event like 'repair%'") ==
        "repair:accept-checksum|comment only|postgres");
  CHECK(project.pgapply({"repair", "--accept-checksum", "1", "--reason", "again"}).status == 4);

  project.write("003_c.sql", "create table c (id int);\n");
  project.execute("create table c (id int)");  // someone did it by hand
  CHECK(project.pgapply({"repair", "--mark-applied", "3", "--reason", "created by hand in an incident"}).status == 0);
  CHECK(project.query("select method, state from pgapply_migrations where version = '3'") == "repair|applied");
  CHECK(project.pgapply({"up"}).status == 0);

  CHECK(project.pgapply({"repair", "--mark-pending", "3", "--reason", "re-run it"}).status == 0);
  project.execute("drop table c");
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'c'") == "1");

  project.write("004_d.sql", "create table d (id int);\nCREATE INDEX CONCURRENTLY d_x ON d (nope);\n");
  CHECK(project.pgapply({"up"}).status == 3);
  CHECK(project.pgapply({"repair", "--clear-failed", "2", "--reason", "x"}).status == 4);  // 2 did not fail
  project.write("004_d.sql", "create table if not exists d (id int);\nCREATE INDEX CONCURRENTLY d_x ON d (id);\n");
  // Unchanged would block; changed runs again. Clearing also lets it run:
  CHECK(project.pgapply({"repair", "--clear-failed", "4", "--reason", "fixed the column name"}).status == 0);
  // The row stays, to run again, with what the failed run committed (statement 1).
  CHECK(project.query("select state || ':' || checksum || ':' || coalesce(earlier_statements_done::text, '-') "
                      "from pgapply_migrations where version = '4'") == "failed::1");
  CHECK(contains(project.pgapply({"status"}).out, "cleared by repair: up runs it again from its first statement "
                                                  "(statement 1 of an earlier run took effect)"));
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(project.query("select state || ':' || coalesce(earlier_statements_done::text, '-') from pgapply_migrations "
                      "where version = '4'") == "applied:-");
  CHECK(project.query("select count(*) from pgapply_migrations_history where event like 'repair:%'") == "4");
}

TEST_CASE("Ctrl-C while waiting to retry a file that hit the lock timeout: the history records its failure") {
  MigrationProject project;
  project.execute("create table busy (id int)");
  project.write("001_alter.sql", "alter table busy add column note text;\n");
  auto blocker = project.database().connect();
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
  auto run = project.start({"up", "--no-verify", "--lock-timeout", "200ms", "--retries", "5"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/001_alter.sql' and "
                                    "wait_event_type = 'Lock'"));
  // Its first attempt times out 200 ms in; the second comes 1 s later.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  ::kill(run->pid(), SIGINT);
  const auto result = run->wait();
  blocker.exec("ROLLBACK");
  INFO(result.err);
  CHECK(result.status == 130);
  CHECK(contains(result.err, "while waiting to run migrations/001_alter.sql again; it was rolled back"));
  CHECK(project.query("select event || ': ' || reason from pgapply_migrations_history where version = '1'") ==
        "failed: interrupted by SIGINT before it ran again after migrations/001_alter.sql:1: canceling statement due "
        "to lock timeout (SQLSTATE 55P03)");
}

TEST_CASE("a migration blocked by another session's lock times out, is retried, and succeeds") {
  MigrationProject project;
  project.execute("create table busy (id int)");
  project.write("001_alter.sql", "alter table busy add column note text;\n");
  auto blocker = project.database().connect();
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
  std::thread release([&blocker] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    blocker.exec("COMMIT");
  });
  const auto started = std::chrono::steady_clock::now();
  const auto result = project.pgapply({"up", "--lock-timeout", "500ms", "--retries", "5"});
  release.join();
  CHECK(result.status == 0);
  CHECK(contains(result.err, "canceling statement due to lock timeout (SQLSTATE 55P03); 001_alter.sql was rolled back and runs again in 1 s (retry 1 of 5)"));
  // The warning names who held the lock.
  CHECK(contains(result.err, "it waited for: pid "));
  CHECK(contains(result.err, "holding busy (AccessExclusiveLock)"));
  CHECK(project.query("select count(*) from information_schema.columns where table_name = 'busy' and column_name = 'note'") == "1");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));

  // Without retries it fails fast, naming the file.
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
  project.write("002_alter.sql", "alter table busy add column other text;\n");
  const auto failed = project.pgapply({"up", "--lock-timeout", "300ms", "--retries", "0"});
  blocker.exec("ROLLBACK");
  CHECK(failed.status == 3);
  CHECK(contains(failed.err, "migrations/002_alter.sql:1:1: ERROR:  canceling statement due to lock timeout"));
  CHECK(contains(failed.err, "idle in transaction, holding busy (AccessExclusiveLock), query: LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"));
  // in the error itself, not in a warning before it, with the setting that ran out
  CHECK(contains(failed.err, "\nit waited for: pid "));
  CHECK(contains(failed.err, "\npgapply ran the file with lock_timeout 300ms (--lock-timeout; unless the file sets its "
                             "own): a longer one (--lock-timeout 600ms) waits longer"));
  CHECK_FALSE(contains(failed.err, "warning: migrations/002_alter.sql:1: canceling"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
  // A statement timeout says which setting too.
  project.write("002_alter.sql", "select pg_sleep(2);\n");
  const auto slow = project.pgapply({"up", "--statement-timeout", "200ms"});
  CHECK(slow.status == 3);
  CHECK(contains(slow.err, "canceling statement due to statement timeout"));
  CHECK(contains(slow.err, "pgapply ran the file with statement_timeout 200ms (--statement-timeout"));
  // The server's own (set for the database, as a provider sets it for a role): not claimed as pgapply's.
  project.execute("alter database " + project.database().name() + " set statement_timeout = '200ms'");
  const auto servers = project.pgapply({"up"});
  CHECK(servers.status == 3);
  CHECK(contains(servers.err, "pgapply set no statement_timeout: the one that ran out is the file's, or the server's"));
}

TEST_CASE("a backup is taken before applying, restores, and a failed backup applies nothing") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\ninsert into a values (1), (2);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.write("002_b.sql", "create table b (id int);\n");
  auto result = project.pgapply({"up", "--backup", "backups"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Backed up to backups/" + project.database().name() + "-"));
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(project.path() + "/backups")) {
    files.push_back(entry.path().string());
  }
  REQUIRE(files.size() == 1);
  // No password or connection settings in the dump's command line: it is plain SQL.
  MigrationProject restored;
  CHECK(restored.pgapply({"exec", files[0]}).status == 0);
  CHECK(restored.query("select count(*) from a") == "2");
  CHECK(restored.query("select count(*) from pg_tables where tablename = 'b'") == "0");  // taken before 002
  CHECK(restored.query("select count(*) from pgapply_migrations") == "1");

  project.write("003_c.sql", "create table c (id int);\n");
  project.write_file("not-a-dir", "x");
  result = project.pgapply({"up", "--backup", "not-a-dir/backups"});
  CHECK(result.status == 6);
  CHECK(contains(result.err, "backup"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'c'") == "0");

  // On a database pgapply never touched, a failed backup does not even create the ledger.
  MigrationProject fresh;
  fresh.write("001_a.sql", "create table a (id int);\n");
  fresh.write_file("not-a-dir", "x");
  CHECK(fresh.pgapply({"up", "--backup", "not-a-dir/backups"}).status == 6);
  CHECK(fresh.query("select count(*) from pg_tables where tablename like 'pgapply%'") == "0");
}

TEST_CASE("Ctrl-C while the backup runs (pg_dump signalled too, as a terminal does): exit 130, nothing applied") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.write("002_b.sql", "create table b (id int);\n");
  // pg_dump waits for its lock on a behind this one.
  auto holder = project.database().connect();
  holder.exec("begin; lock table a in access exclusive mode");
  auto run = project.start({"up", "--no-verify", "--backup", "backups"});
  REQUIRE(project.wait_for_sessions("application_name = 'pg_dump' and wait_event_type = 'Lock'"));
  ::kill(-run->pid(), SIGINT);  // the process group: pgapply and pg_dump
  const auto result = run->wait();
  holder.exec("rollback");
  INFO(result.out, result.err);
  CHECK(result.status == 130);
  CHECK(contains(result.err, "Interrupted by SIGINT while the backup ran (pg_dump stopped, its file removed): "
                             "nothing was applied"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "0");

  // A SIGTERM sent to pgapply alone (a service manager's): pgapply ends pg_dump itself, waits for no dump.
  holder.exec("begin; lock table a in access exclusive mode");
  auto terminated = project.start({"up", "--no-verify", "--backup", "backups"});
  REQUIRE(project.wait_for_sessions("application_name = 'pg_dump' and wait_event_type = 'Lock'"));
  ::kill(terminated->pid(), SIGTERM);
  const auto ended = terminated->wait();
  INFO(ended.out, ended.err);
  CHECK(ended.status == 143);
  CHECK(contains(ended.err, "Interrupted by SIGTERM while the backup ran"));
  holder.exec("rollback");  // (only now: had pgapply waited for pg_dump, waiting behind it, it would not have ended)
  CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "0");
}

TEST_CASE("repair --clear-failed keeps what the failed run committed: a re-run that fails sooner still says so") {
  MigrationProject project;
  project.write("001_steps.sql", "-- pgapply: no-transaction\ncreate table a (id int);\ncreate table b (id int);\n"
                                 "select 1/0;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 3);
  REQUIRE(project.pgapply({"repair", "--clear-failed", "1", "--reason", "a passing fault"}).status == 0);
  // Run again unchanged, it fails at once (a exists): statements 1-2 of the earlier run took effect all the same.
  const auto again = project.pgapply({"up", "--no-verify"});
  CHECK(again.status == 3);
  CHECK(project.query("select statements_done || ':' || earlier_statements_done from pgapply_migrations") == "0:2");
  CHECK(contains(project.pgapply({"status"}).out, "statements 1-2 of an earlier run had"));
}
