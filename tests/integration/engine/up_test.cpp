// `pgapply up` end to end: the binary against a real server.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/ledger.hpp"
#include "engine/migration_lock.hpp"
#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// Five small migrations; the third fails in its middle when `broken`.
void write_five(const MigrationProject& project, bool broken) {
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "create table b (id int);\ninsert into b values (1);\n");
  project.write("003_c.sql", std::string("create table c (id int);\n") +
                                 (broken ? "insert into c values ('not a number');\n" : "") +
                                 "create table c2 (id int);\n");
  project.write("004_d.sql", "create table d (id int);\n");
  project.write("005_e.sql", "create table e (id int);\n");
}

// `pgapply up --dry-run`'s script, written to plan.sql: psql -f of it, as
// often as asked, through run_plan.
struct PrintedPlan {
  std::vector<std::string> psql;
  ProcessOptions options;
  std::string out;  // the script's text

  explicit PrintedPlan(const MigrationProject& project) {
    const auto dry = project.pgapply({"up", "--dry-run"});
    REQUIRE(dry.status == 0);
    out = dry.out;
    options.env = project.database().env();
    psql = {TestServer::get().program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
            project.write_file("plan.sql", dry.out)};
  }
  ProcessResult run() const { return run_process(psql, options); }
};

std::string tables(const MigrationProject& project) {
  return project.query(
      "select string_agg(tablename, ',' order by tablename) from pg_tables "
      "where schemaname = 'public' and tablename not like 'pgapply%'");
}

}  // namespace

TEST_CASE("up applies the example project, then says it is up to date") {
  MigrationProject project;
  std::filesystem::copy(source_path("migrations"), project.path() + "/migrations",
                        std::filesystem::copy_options::recursive);
  auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Applied 006_prices_day_index.sql"));
  CHECK(contains(result.out, "Done: 6 migrations applied"));
  // tagged with the line of its RAISE, in the DO block that starts at line 11
  CHECK(contains(result.err, "migrations/005_user_preferences.sql:17: NOTICE:  Added column: max_reports"));
  CHECK(project.query("select version, name, state, statements, transactional, method, applied_by, "
                      "pgapply_version <> '', duration_ms >= 0, checksum ~ '^[0-9a-f]{64}$' "
                      "from pgapply_migrations order by version") ==
        "1|initial_schema|applied|6|t|up|postgres|t|t|t\n"
        "2|user_watchlists|applied|2|t|up|postgres|t|t|t\n"
        "3|lookup_indexes|applied|3|t|up|postgres|t|t|t\n"
        "4|row_level_security|applied|6|t|up|postgres|t|t|t\n"
        "5|user_preferences|applied|4|t|up|postgres|t|t|t\n"
        "6|prices_day_index|applied|1|f|up|postgres|t|t|t");
  CHECK(project.query("select count(*) from information_schema.columns where table_name = 'users' "
                      "and column_name in ('max_reports', 'email_digest', 'timezone', 'theme')") == "4");
  // The file's own BEGIN/COMMIT ran as the one transaction: no nested-transaction warning.
  CHECK_FALSE(contains(result.err, "already a transaction in progress"));
  CHECK_FALSE(contains(result.err, "no transaction in progress"));

  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "The database is up to date (highest applied version 6)."));
  CHECK(project.query("select count(*) from pgapply_migrations_history where event = 'applied'") == "6");
}

TEST_CASE("a failing statement in the middle of the third of five files") {
  MigrationProject project;
  write_five(project, true);
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(tables(project) == "a,b");  // nothing of 003, nothing after it
  CHECK(project.query("select string_agg(version::text, ',' order by version) from pgapply_migrations") == "1,2");
  CHECK(contains(result.err, "migrations/003_c.sql:2:23: ERROR:  invalid input syntax for type integer: \"not a number\""));
  CHECK(contains(result.err, "SQLSTATE: 22P02 (statement 2)"));
  CHECK(contains(result.err, "  2 | insert into c values ('not a number');\n    | " + std::string(22, ' ') + "^"));
  CHECK(contains(result.out, "Stopped: 003_c.sql failed and was rolled back"));

  // Fixed, the next run applies the rest.
  write_five(project, false);
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(tables(project) == "a,b,c,c2,d,e");
}

TEST_CASE("highest_applied_after is what the ledger holds after the run, however it ended") {
  MigrationProject project;
  const auto highest = [&project](const std::vector<std::string>& args, int status) {
    const auto result = project.pgapply(args);
    INFO(result.out, result.err);
    CHECK(result.status == status);
    const auto document = nlohmann::json::parse(result.out);
    return document["highest_applied_before"].dump() + " -> " + document["highest_applied_after"].dump() +
           " (" + document["counts"]["applied"].dump() + " applied, " + document["counts"]["failed"].dump() +
           " failed)";
  };
  project.write("001_z.sql", "CREATE TABLE z(id int);\n");
  project.write("002_y.sql", "SELEC 2;\n");
  CHECK(highest({"up", "--format", "json"}, 3) == "null -> \"1\" (1 applied, 1 failed)");
  project.write("002_y.sql", "SELECT 2;\n");
  project.write("003_x.sql", "SELECT 3;\n");
  project.write("004_w.sql", "SELECT 4;\n");
  project.write("005_v.sql", "SELEC 5;\n");
  CHECK(highest({"up", "--format", "json", "--target", "3"}, 0) == "\"1\" -> \"3\" (2 applied, 0 failed)");
  CHECK(highest({"up", "--format", "json"}, 3) == "\"3\" -> \"4\" (1 applied, 1 failed)");
  // Refused before anything ran: the ledger is as it was.
  project.write("001_z.sql", "CREATE TABLE z(id bigint);\n");
  CHECK(highest({"up", "--format", "json"}, 4) == "\"4\" -> \"4\" (0 applied, 0 failed)");
  project.write("001_z.sql", "CREATE TABLE z(id int);\n");
  // A statement-by-statement file that fails part way is not applied either.
  project.write("005_v.sql", "-- pgapply: no-transaction\nSELECT 5;\nSELEC 5;\n");
  CHECK(highest({"up", "--format", "json"}, 3) == "\"4\" -> \"4\" (0 applied, 1 failed)");
}

TEST_CASE("a BEGIN/COMMIT file whose last statement fails applies nothing") {
  MigrationProject project;
  project.write("001_wrapped.sql",
                "BEGIN;\ncreate table x (id int primary key);\ninsert into x values (1);\n"
                "insert into x values (1);\nCOMMIT;\n");
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "migrations/001_wrapped.sql:4:1: ERROR:  duplicate key value violates unique constraint \"x_pkey\""));
  CHECK(contains(result.err, "DETAIL:  Key (id)=(1) already exists."));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'x'") == "0");
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
}

TEST_CASE("a file outside a transaction that fails part way is recorded as failed and blocks up") {
  MigrationProject project;
  project.write("001_base.sql", "create table t (a int, b int);\ninsert into t values (1, 1), (1, 2);\n");
  project.write("002_indexes.sql",
                "CREATE INDEX CONCURRENTLY t_b ON t (b);\n"
                "CREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a);\n"
                "CREATE INDEX CONCURRENTLY t_ab ON t (a, b);\n");
  project.write("003_after.sql", "create table after (id int);\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(contains(result.out, "Applying 002_indexes.sql (statement by statement, outside a transaction: CREATE INDEX CONCURRENTLY at line 1"));
  CHECK(contains(result.err, "migrations/002_indexes.sql:2:1: ERROR:  could not create unique index \"t_a\""));
  CHECK(project.query("select state, statements, statements_done, error like '%could not create unique index%' "
                      "from pgapply_migrations where version = '2'") == "failed|3|1|t");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'after'") == "0");
  // The failed CONCURRENTLY index is left behind invalid; the first index took effect.
  CHECK(project.query("select indexrelid::regclass::text || ':' || indisvalid from pg_index "
                      "where indrelid = 't'::regclass order by 1") == "t_a:false\nt_b:true");

  result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "002_indexes.sql failed at statement 2 of 3"));
  CHECK(contains(result.err, "repair --clear-failed 2"));
  result = project.pgapply({"status"});
  CHECK(contains(result.out, "failed at statement 2 of 3 (1 took effect)"));

  // Fixed (idempotent now), it runs again from the top and completes.
  project.execute("delete from t where b = 2");
  project.write("002_indexes.sql",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_b ON t (b);\n"
                "DROP INDEX CONCURRENTLY IF EXISTS t_a;\n"
                "CREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a);\n"
                "CREATE INDEX CONCURRENTLY t_ab ON t (a, b);\n");
  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Running 002_indexes.sql again"));
  CHECK(project.query("select state, statements, statements_done from pgapply_migrations where version = '2'") ==
        "applied|4|4");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'after'") == "1");
}

TEST_CASE("a changed file that fails sooner on its next run: what the earlier run left in effect is not forgotten") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("004_d.sql", "CREATE INDEX CONCURRENTLY a_i ON a (id);\nCREATE INDEX CONCURRENTLY a_j ON a (nosuch);\n"
                             "CREATE INDEX CONCURRENTLY a_k ON a (id);\n");
  CHECK(project.pgapply({"up"}).status == 3);
  CHECK(project.query("select state, statements_done, earlier_statements_done is null from pgapply_migrations "
                      "where version = '4'") == "failed|1|t");

  // Fixed, but not idempotent: statement 1 fails, as a_i exists.
  project.write("004_d.sql", "CREATE INDEX CONCURRENTLY a_i ON a (id);\nCREATE INDEX CONCURRENTLY a_j ON a (id);\n"
                             "CREATE INDEX CONCURRENTLY a_k ON a (id);\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "relation \"a_i\" already exists"));
  // What the earlier run committed stays: the run's last line says so too.
  CHECK(contains(result.out + result.err, "failed outside a transaction: none of its statements took effect this "
                                          "run, but statement 1 of an earlier run had"));
  CHECK(project.query("select state, statements_done, earlier_statements_done from pgapply_migrations "
                      "where version = '4'") == "failed|0|1");

  result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "004_d.sql failed at statement 1 of 3"));
  CHECK(contains(result.err, "it ran outside a transaction, so none of its statements took effect, but statement 1 "
                             "of an earlier run had (one before the file changed, or before repair --clear-failed)."));
  result = project.pgapply({"status"});
  CHECK(contains(result.out, "failed at statement 1 of 3 (0 took effect; statement 1 of an earlier run had)"));
  const auto document = nlohmann::json::parse(project.pgapply({"status", "--format", "json"}).out);
  CHECK(document["migrations"][1]["statements_done"] == 0);
  CHECK(document["migrations"][1]["earlier_statements_done"] == 1);
  result = project.pgapply({"repair", "--clear-failed", "4", "--reason", "x"});
  CHECK(result.status == 0);
  CHECK(contains(result.out + result.err, "cleared the failed run of 004_d.sql (none of its statements took effect, "
                                          "but statement 1 of an earlier run had (one before the file changed, or "
                                          "before repair --clear-failed))"));
  CHECK_FALSE(contains(result.out + result.err, "1-0"));

  // Run again after the repair, idempotent now: applied, and nothing earlier is remembered.
  project.write("004_d.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_i ON a (id);\n"
                             "CREATE INDEX CONCURRENTLY a_j ON a (nosuch);\n");
  CHECK(project.pgapply({"up"}).status == 3);
  project.write("004_d.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_i ON a (id);\n"
                             "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_j ON a (id);\n");
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select state, statements_done, earlier_statements_done is null from pgapply_migrations "
                      "where version = '4'") == "applied|2|t");
}

TEST_CASE("an older ledger reads as it is and is upgraded by the first run that writes to it") {
  // format 1: version numeric, no statement_running or source; 2: no earlier_statements_done.
  const auto upgraded = [](int format, bool by_psql) {
    CAPTURE(format);
    CAPTURE(by_psql);
    MigrationProject project;
    project.write("001_a.sql", "create table a (id int);\n");
    REQUIRE(project.pgapply({"up"}).status == 0);
    project.execute("alter table pgapply_migrations drop column earlier_statements_done");
    if (format == 1) {
      project.execute("alter table pgapply_migrations drop column statement_running, drop column source, "
                      "alter column version type numeric using version::numeric; "
                      "alter table pgapply_migrations_history alter column version type numeric using version::numeric");
    }
    project.write("002_b.sql", "create table b (id int);\n");
    auto result = project.pgapply({"status"});
    CHECK(result.status == 0);
    CHECK(contains(result.out, "2 migrations: 1 applied, 1 pending."));
    result = project.pgapply({"up", "--dry-run"});
    CHECK(result.status == 0);
    CHECK(contains(result.out, "is upgraded to format 3\nBEGIN;\n"));
    result = by_psql ? project.psql_script(result.out) : project.pgapply({"up", "--no-verify"});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK(project.query("select string_agg(version || ':' || state, ',' order by version) from pgapply_migrations") ==
          "1:applied,2:applied");
    CHECK(project.query("select format_type(atttypid, atttypmod) from pg_attribute where attrelid = "
                        "'pgapply_migrations'::regclass and attname in ('version', 'earlier_statements_done') "
                        "order by attname") == "integer\ntext");
    CHECK(project.query("select obj_description('pgapply_migrations'::regclass)") ==
          "pgapply ledger, format 3: migrations applied to this database");
  };
  for (const int format : {1, 2}) {
    upgraded(format, false);
    upgraded(format, true);
  }
}

TEST_CASE("edited and deleted files") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "create table b (id int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.write("003_c.sql", "create table c (id int);\n");

  // CRLF line ends do not count as an edit.
  project.write("001_a.sql", "create table a (id int);\r\n");
  CHECK(project.pgapply({"status", "--exit-code"}).status == 4);  // 003 is pending
  project.write("001_a.sql", "create table a (id bigint);\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "001_a.sql was modified after it was applied"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'c'") == "0");
  result = project.pgapply({"status"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "modified"));
  CHECK(contains(result.out, "001_a.sql"));

  project.write("001_a.sql", "create table a (id int);\n");
  project.remove("002_b.sql");
  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "002_b.sql (version 2) is applied but its file is missing: restore it, or, if it was "
                             "removed on purpose, take it out of the ledger (nothing runs) with pgapply repair "
                             "--mark-pending 2 --reason '...'"));
  result = project.pgapply({"status", "--format", "json", "--exit-code"});
  CHECK(result.status == 4);
  CHECK(contains(result.out, "\"state\": \"missing\""));
  // The repair it names, with a reason: the row goes, nothing runs, up is quiet.
  result = project.pgapply({"repair", "--mark-pending", "2", "--reason", "merged into 001"});
  CHECK(result.status == 0);
  CHECK(contains(result.out + result.err, "its file is gone, so nothing will run it"));
  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.err, "is missing"));
}

TEST_CASE("a new file below the highest applied version is refused unless allowed") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("003_c.sql", "create table c (id int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.write("002_b.sql", "create table b (id int);\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "002_b.sql is pending but its version 2 is below the highest applied version 3"));
  result = project.pgapply({"up", "--allow-out-of-order"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "1");
}

TEST_CASE("an empty migration is refused unless allowed, a --target with no file is an error") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"new", "fill_me"}).status == 0);  // 002_fill_me.sql, comments only
  auto result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "002_fill_me.sql has no statements: fill it in first"));
  CHECK(contains(result.err, "or run pgapply up --allow-empty"));
  // Nothing ran, not even the file before it.
  CHECK(project.query("select count(*) from pg_tables where tablename = 'a'") == "0");

  result = project.pgapply({"up", "--target", "7"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--target 7: no migration file has that version in"));

  // The hint runs as printed.
  result = project.pgapply({"up", "--allow-empty"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "2");

  // A file whose statements its \if leaves out this time is not empty: psql runs it, and so does up.
  project.write("003_prod_only.sql", "\\if :is_prod\ncreate table prod_only (id int);\n\\endif\n");
  result = project.pgapply({"up", "-v", "is_prod=off"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "3");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'prod_only'") == "0");
}

TEST_CASE("another file under an applied version is named as a wrong directory, not an edit to accept blindly") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id bigint);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  // The other project's directory, pointed at this database by mistake.
  std::filesystem::remove(project.path() + "/migrations/001_a.sql");
  project.write("001_users.sql", "create table users (id bigint);\n");
  project.write("002_drop.sql", "drop table a;\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "version 1 is recorded as 001_a.sql"));
  CHECK(contains(result.err, "but the directory has 001_users.sql, with other contents: is this the right --dir for "
                             "this database?"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'a'") == "1");  // nothing ran

  // A rename alone is a warning; a rename and an edit accepted on purpose
  // records the new name too.
  result = project.pgapply({"repair", "--accept-checksum", "1", "--reason", "renamed and rewritten"});
  CHECK(result.status == 0);
  CHECK(project.query("select file_name from pgapply_migrations where version = '1'") == "001_users.sql");
  std::filesystem::remove(project.path() + "/migrations/002_drop.sql");
  std::filesystem::rename(project.path() + "/migrations/001_users.sql", project.path() + "/migrations/001_people.sql");
  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "001_people.sql (version 1) is recorded as 001_users.sql: it was renamed since it was applied"));
}

TEST_CASE("a changed search_path does not start a second, empty ledger unnoticed") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  // Still in search_path: the ledger is found where it is, as PostgreSQL finds the table.
  project.execute("create schema measure; alter database " + project.database().name() +
                  " set search_path = measure, public");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "ledger public.pgapply_migrations"));
  CHECK(contains(result.out, "up to date"));
  // Out of it: the new first schema would get a new, empty ledger.
  project.execute("alter database " + project.database().name() + " set search_path = measure");
  result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "this run's ledger is measure.pgapply_migrations"));
  CHECK(contains(result.err, "but public.pgapply_migrations records 1 applied migration. Is search_path what it was "
                             "(the migrations' unqualified names go to its first schema, measure, too)? If "
                             "public.pgapply_migrations is this project's ledger, name it: pgapply up --ledger "
                             "public.pgapply_migrations"));
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'measure'") == "0");
  // status says so too, rather than list every migration as pending and no more
  result = project.pgapply({"status"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "pgapply's ledger measure.pgapply_migrations records nothing, but "
                             "public.pgapply_migrations records 1 applied migration. Is search_path what it was"));
  CHECK(contains(result.out, "name it:\n  pgapply status --ledger public.pgapply_migrations\n"));
  result = project.pgapply({"status", "--format", "json"});
  const auto elsewhere = nlohmann::json::parse(result.out)["ledger_elsewhere"];
  CHECK(elsewhere["table"] == "public.pgapply_migrations");
  CHECK(elsewhere["why"] == "search_path");
  CHECK(elsewhere["matching"] == 1);
  CHECK(contains(elsewhere["message"].get<std::string>(), "Is search_path what it was"));
  // The hints run as printed.
  result = project.pgapply({"status", "--ledger", "public.pgapply_migrations"});
  CHECK(contains(result.out, "1 migration: 1 applied."));
  result = project.pgapply({"up", "--ledger", "public.pgapply_migrations"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "up to date"));
}

TEST_CASE("a mistyped --ledger does not run every migration again in a new ledger, a tenant's or project's may start") {
  MigrationProject project;
  project.write("001_a.sql", "create table if not exists a (id int);\n");
  project.write("002_b.sql", "insert into a values (1);\n");
  project.write("003_c.sql", "create index if not exists a_id on a (id);\n");
  REQUIRE(project.pgapply({"up", "--ledger", "app.pgapply_migrations", "--no-verify"}).status == 0);
  // a schema mistyped (which does not exist: it would be made)
  auto result = project.pgapply({"up", "--ledger", "apq.pgapply_migrations", "--no-verify"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "refusing to run every migration again: this run's ledger is apq.pgapply_migrations, "
                             "which records nothing, but app.pgapply_migrations records 3 applied migrations, all of "
                             "them files of this directory as they are now. Is --ledger mistyped? If "
                             "app.pgapply_migrations is this project's ledger, name it: pgapply up --ledger "
                             "app.pgapply_migrations --no-verify (or start a new ledger here: pgapply up "
                             "--ignore-foreign-ledger --ledger apq.pgapply_migrations --no-verify)"));
  CHECK(project.query("select count(*) from pg_namespace where nspname = 'apq'") == "0");
  CHECK(project.query("select count(*) from a") == "1");
  // the table's name mistyped, one file changed since
  project.write("002_b.sql", "insert into a values (2);\n");
  result = project.pgapply({"up", "--ledger", "app.pgapply_migration", "--no-verify"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "but app.pgapply_migrations records 3 applied migrations, 2 of them files of this "
                             "directory as they are now. Is --ledger mistyped?"));
  result = project.pgapply({"status", "--ledger", "app.pgapply_migration"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "pgapply's ledger app.pgapply_migration records nothing, but app.pgapply_migrations "
                             "records 3 applied migrations, 2 of them files of this directory as they are now. Is "
                             "--ledger mistyped? If app.pgapply_migrations is this project's ledger, name it:\n  "
                             "pgapply status --ledger app.pgapply_migrations\n"));
  // The hints run as printed.
  result = project.pgapply({"status", "--ledger", "app.pgapply_migrations"});
  CHECK(contains(result.out, "3 migrations: 2 applied, 1 modified."));
  result = project.pgapply({"up", "--ignore-foreign-ledger", "--ledger", "apq.pgapply_migrations", "--no-verify"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from a") == "2");
  // A tenant's ledger in a schema of its own that exists: the same files, on purpose.
  project.execute("create schema tenant2");
  result = project.pgapply({"up", "--ledger", "tenant2.pgapply_migrations", "--no-verify"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from tenant2.pgapply_migrations") == "3");
  // Another project in the same database sharing one file of its three: its own ledger.
  project.write("002_b.sql", "create table other_b (id int);\n");
  project.write("003_c.sql", "create table other_c (id int);\n");
  result = project.pgapply({"up", "--ledger", "other.pgapply_migrations", "--no-verify"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from other.pgapply_migrations") == "3");
}

TEST_CASE("--ledger in other letter case, or SQL-quoted, does not start a second, empty ledger unnoticed") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--ledger", "led", "--no-verify"}).status == 0);
  auto result = project.pgapply({"up", "--ledger", "LED", "--no-verify"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "this run's ledger is public.LED, which records nothing, but public.led records 1 "
                             "applied migration: --ledger takes the name as written, letter case included"));
  CHECK(contains(result.err, "name it: pgapply up --ledger public.led --no-verify"));
  // The hint runs as printed.
  result = project.pgapply({"up", "--ledger", "public.led", "--no-verify"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "up to date"));
  // named with its schema too
  result = project.pgapply({"up", "--ledger", "public.Led", "--no-verify"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "this run's ledger is public.Led, which records nothing, but public.led records 1"));
  result = project.pgapply({"up", "--ledger", "Public.led", "--no-verify"});  // the schema in other letter case
  CHECK(result.status == 4);
  CHECK(contains(result.err, "but public.led records 1 applied migration: --ledger takes the name as written"));
  result = project.pgapply({"up", "--ledger", "\"public\".\"led\"", "--no-verify"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "write the names without SQL's quotes"));
  CHECK(project.query("select count(*) from pg_tables where tablename ilike '%led%' and tablename not like 'led%'") == "0");
}

TEST_CASE("duplicate versions and misnamed files") {
  MigrationProject project;
  project.write("004_a.sql", "create table a (id int);\n");
  project.write("4_b.sql", "create table b (id int);\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "004_a.sql"));
  CHECK(contains(result.err, "4_b.sql"));
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'public'") == "0");

  project.remove("4_b.sql");
  project.write("add_users.sql", "create table users (id int);\n");
  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "pgapply: warning: migrations/add_users.sql: not a migration"));
}

TEST_CASE("input errors name file, line and column and apply nothing") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "create table b (id int);\nselect 'unterminated;\n");
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK(result.err == "migrations/002_b.sql:2:8: error: unterminated quoted string\n");
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'public'") == "0");
}

TEST_CASE("up --target stops at a version") {
  MigrationProject project;
  write_five(project, false);
  CHECK(project.pgapply({"up", "--target", "0002"}).status == 0);
  CHECK(tables(project) == "a,b");
  CHECK(project.pgapply({"up", "--target", "x"}).status == 1);
}

TEST_CASE("a ledger in another schema") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  CHECK(project.pgapply({"up", "--ledger", "ops.schema_versions"}).status == 0);
  CHECK(project.query("select version from ops.schema_versions") == "1");
  CHECK(project.query("select count(*) from ops.schema_versions_history") == "1");
  CHECK(contains(project.pgapply({"status", "--ledger", "ops.schema_versions"}).out, "1 applied"));
}

TEST_CASE("a table or a view of the ledger's name that is not a pgapply ledger: exit 4 saying what differs") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  // Another tool's table of that name.
  project.execute("create table pgapply_migrations (version integer primary key, name text, installed_on timestamp)");
  for (const std::vector<std::string>& args : {std::vector<std::string>{"up"}, {"status"}}) {
    const auto result = project.pgapply(args);
    INFO(args[0], ": ", result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.err, "public.pgapply_migrations is not a pgapply ledger (no column applied_at, "
                               "no column applied_by, no column checksum"));
    CHECK(contains(result.err, ", version is integer, not text): another tool's table? Name pgapply's ledger with "
                               "--ledger"));
  }
  // Untouched, and nothing ran.
  CHECK(project.query("select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns "
                      "where table_name = 'pgapply_migrations'") == "version,name,installed_on");
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'pgapply_migrations_history')") == "0");

  // A view of that name.
  project.execute("drop table pgapply_migrations");
  project.execute("create view pgapply_migrations as select '1'::text as version");
  for (const std::vector<std::string>& args : {std::vector<std::string>{"up"}, {"status"}}) {
    const auto result = project.pgapply(args);
    INFO(args[0], ": ", result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.err, "public.pgapply_migrations is not a pgapply ledger: it is not a table (relkind v); "
                               "name another ledger with --ledger"));
  }
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'pgapply_migrations_history')") == "0");
  // As it says: another ledger.
  CHECK(project.pgapply({"up", "--ledger", "schema_history"}).status == 0);
  CHECK(project.query("select version from schema_history") == "1");

  // Only the history's name taken (by a table, or a sequence): refused before
  // anything is created or run, as the ledger's own name is.
  project.execute("create table jobs_history (x int)");
  auto result = project.pgapply({"up", "--ledger", "jobs"});
  INFO(result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "public.jobs_history is not a pgapply ledger's history (no column version, no column event"));
  project.execute("drop table jobs_history; create sequence jobs_history");
  result = project.pgapply({"status", "--ledger", "jobs"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "public.jobs_history is not a pgapply ledger's history: it is not a table (relkind S)"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'jobs'") == "0");
}

TEST_CASE("each file starts with a clean session") {
  MigrationProject project;
  project.execute("create schema other");
  project.write("001_a.sql", "set search_path = other;\ncreate table in_other (id int);\n");
  project.write("002_b.sql", "create table in_public (id int);\n");
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(project.query("select schemaname || '.' || tablename from pg_tables where tablename like 'in_%' order by 1") ==
        "other.in_other\npublic.in_public");
}

TEST_CASE("concurrent runs never apply a migration twice") {
  MigrationProject project;
  for (int i = 1; i <= 6; ++i) {
    project.write("00" + std::to_string(i) + "_m.sql",
                  "create table m" + std::to_string(i) + " (id int);\nselect pg_sleep(0.05);\n");
  }
  std::vector<std::unique_ptr<BackgroundProcess>> runs;
  for (int i = 0; i < 8; ++i) runs.push_back(project.start({"up", "--lock-wait", "60s"}));
  int applied_total = 0;
  for (auto& run : runs) {
    const auto result = run->wait();
    CHECK(result.status == 0);
    // Only the waits for the lock, on standard error.
    for (std::size_t at = 0; at < result.err.size(); at = result.err.find('\n', at) + 1) {
      CHECK(result.err.compare(at, 53, "pgapply: warning: waiting for the migration lock on p") == 0);
    }
    for (std::size_t at = result.out.find("Applied "); at != std::string::npos; at = result.out.find("Applied ", at + 1)) {
      ++applied_total;
    }
  }
  CHECK(applied_total == 6);
  CHECK(project.query("select count(*), count(distinct version) from pgapply_migrations") == "6|6");
  CHECK(project.query("select count(*) from pgapply_migrations_history") == "6");
}

TEST_CASE("a run that cannot get the lock in time exits 5 naming the holder") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  auto holder = project.database().connect();
  holder.exec("SET application_name = 'holding-session'");
  // The same keys pgapply uses for public.pgapply_migrations (see MigrationLock::keys).
  const auto status = project.pgapply({"status"});  // creates nothing, takes no lock
  REQUIRE(status.status == 0);
  auto first = project.start({"up"});
  REQUIRE(first->wait().status == 0);
  project.write("002_b.sql", "create table b (id int);\n");
  // Hold the lock the way a long-running pgapply would: from a second pgapply.
  project.write("003_c.sql", "select pg_sleep(30);\n");
  auto slow = project.start({"up"});
  // Wait until the slow run holds the lock and is in 003.
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/003_c.sql' and state = 'active'"));
  const auto blocked = project.pgapply({"up", "--lock-wait", "1s"});
  CHECK(blocked.status == 5);
  CHECK(contains(blocked.err, "another run holds the migration lock on public.pgapply_migrations: pid "));
  CHECK(contains(blocked.err, "(pgapply (migration lock; migrations on pid "));
  CHECK(contains(blocked.err, "; its migrations run on pid "));
  // What the holder is running: the file, not its batch's text (which starts with the files before it).
  CHECK(contains(blocked.err, " (migrations/003_c.sql), active for "));
  CHECK_FALSE(contains(blocked.err, "last query: "));
  CHECK(contains(blocked.err, "(--lock-wait; a longer one, as --lock-wait 10min, waits for that run to end)"));
  // The wait is announced once, not every time the holder is looked at.
  const auto waits = blocked.err.find("waiting for the migration lock");
  CHECK(waits != std::string::npos);
  CHECK(blocked.err.find("waiting for the migration lock", waits + 1) == std::string::npos);
  slow->kill(SIGKILL);
  slow->wait();
}

TEST_CASE("kill -9 during a long migration records nothing, and the next up completes") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_slow.sql", "create table slow (id int);\nselect pg_sleep(20);\n");
  auto run = project.start({"up"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/002_slow.sql' and wait_event = 'PgSleep'"));
  run->kill(SIGKILL);
  run->wait();
  CHECK(project.query("select string_agg(version::text, ',') from pgapply_migrations") == "1");
  project.write("002_slow.sql", "create table slow (id int);\n");
  const auto started = std::chrono::steady_clock::now();
  const auto result = project.pgapply({"up", "--lock-wait", "30s"});
  CHECK(result.status == 0);
  // The killed run's backend noticed its client was gone within seconds, not after the sleep.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
  CHECK(project.query("select string_agg(version::text, ',' order by version) from pgapply_migrations") == "1,2");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'slow'") == "1");
}

TEST_CASE("connection errors exit 2 and never show a password") {
  MigrationProject project;
  project.write("001_a.sql", "select 1;\n");
  auto result = project.pgapply({"up", "-d", "postgresql://alice:s3cretpw@127.0.0.1:1/db"});
  CHECK(result.status == 2);
  CHECK(contains(result.err, "cannot connect"));
  CHECK(contains(result.err, "postgresql://alice:***@127.0.0.1:1/db"));
  CHECK_FALSE(contains(result.err + result.out, "s3cretpw"));
  result = project.pgapply({"status", "-d", "host=127.0.0.1 port=1 password=s3cretpw"});
  CHECK(result.status == 2);
  CHECK_FALSE(contains(result.err + result.out, "s3cretpw"));
}

TEST_CASE("DATABASE_URL in a .env file, and --no-env-file") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write_file(".env", "DATABASE_URL=" + project.database().url() + "\n");
  ProcessOptions no_connection_variables;
  no_connection_variables.unset_env = {"DATABASE_URL", "PGDATABASE", "PGHOST", "PGPORT", "PGUSER"};
  auto result = project.pgapply({"up"}, no_connection_variables);
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
  project.write_file(".env", "DATABASE_URL=postgresql://nobody:hunter2@127.0.0.1:1/x\n");
  result = project.pgapply({"status"}, no_connection_variables);
  CHECK(result.status == 2);
  CHECK(contains(result.err, "DATABASE_URL (.env)"));
  CHECK_FALSE(contains(result.err, "hunter2"));

  // PG* variables the user set beat the .env file (issue: PGDATABASE=x1 connected to .env's database).
  ProcessOptions pg_variables;
  pg_variables.unset_env = {"DATABASE_URL"};
  result = project.pgapply({"up"}, pg_variables);
  CHECK(result.status == 0);
  CHECK(contains(result.out + result.err, "settings from PG* environment variables (PGHOST is set; .env not read)"));
  CHECK(project.pgapply({"status", "--no-env-file"}, pg_variables).status == 0);

  // -h and -p override the .env URL's port 1: the first line says so.
  const TestServer& server = TestServer::get();
  project.write_file(".env", "DATABASE_URL=postgresql://nobody@127.0.0.1:1/" + project.database().name() + "\n");
  result = project.pgapply({"status", "-h", server.host, "-p", server.port, "-U", server.user},
                           no_connection_variables);
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "settings from DATABASE_URL (.env) and -h, -p, -U)"));
}

TEST_CASE("dry-run output run through psql reaches the same schema and ledger as up") {
  MigrationProject project;
  std::filesystem::copy(source_path("migrations"), project.path() + "/migrations",
                        std::filesystem::copy_options::recursive);
  const auto dry = project.pgapply({"up", "--dry-run", "--lock-timeout", "2s"});
  REQUIRE(dry.status == 0);
  CHECK(contains(dry.out, "AS still_pending \\gset pgapply_\nBEGIN;\nSELECT pg_catalog.set_config('pgapply.started', extract(epoch FROM pg_catalog.clock_timestamp())::numeric::text, true) \\gset pgapply_\nCREATE TABLE IF NOT EXISTS users"));
  // The settings a live run makes when it connects, before anything else it runs.
  const auto settings = dry.out.find("\nSET lock_timeout = '2000ms';\n");
  CHECK(settings != std::string::npos);
  CHECK(settings < dry.out.find("CREATE TABLE IF NOT EXISTS \"public\".\"pgapply_migrations\""));
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'public'") == "0");  // ran nothing
  const std::string script = project.write_file("dry.sql", dry.out);
  ProcessOptions options;
  options.env = project.database().env();
  const auto psql = run_process({TestServer::get().program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script}, options);
  REQUIRE(psql.status == 0);
  const std::string after_psql = project.query(
      "select table_name || '.' || column_name || ':' || data_type from information_schema.columns "
      "where table_schema = 'public' order by 1");
  const std::string ledger_after_psql = project.query("select version, checksum, state from pgapply_migrations order by 1");
  CHECK(contains(project.pgapply({"up"}).out, "up to date"));

  MigrationProject direct;
  std::filesystem::copy(source_path("migrations"), direct.path() + "/migrations",
                        std::filesystem::copy_options::recursive);
  REQUIRE(direct.pgapply({"up"}).status == 0);
  CHECK(direct.query("select table_name || '.' || column_name || ':' || data_type from information_schema.columns "
                     "where table_schema = 'public' order by 1") == after_psql);
  CHECK(direct.query("select version, checksum, state from pgapply_migrations order by 1") == ledger_after_psql);

  const auto offline = run_pgapply({"up", "--dry-run", "--offline", "--from", "5"}, {{}, {}, "", project.path()});
  CHECK(offline.status == 0);
  CHECK(contains(offline.out, "1 pending migration"));
  CHECK(contains(offline.out, "CREATE INDEX CONCURRENTLY IF NOT EXISTS prices_day_idx"));
  // a version no file has is refused, as --target's is (not an empty script)
  const auto unknown = run_pgapply({"up", "--dry-run", "--offline", "--from", "9"}, {{}, {}, "", project.path()});
  CHECK(unknown.status == 1);
  CHECK(contains(unknown.err, "--from 9: no migration file has that version in migrations"));
}

// A reviewer's find: a plan printed for review, applied meanwhile by up, then
// run with psql applied every file a second time (a balance credited twice),
// and the ledger said nothing was wrong.
TEST_CASE("a dry-run script printed before up applied its files refuses to apply them again") {
  MigrationProject project;
  project.write("001_acct.sql",
                "create table if not exists acct (id int primary key, balance int not null);\n"
                "insert into acct values (1, 0) on conflict do nothing;\n");
  project.write("002_credit.sql", "update acct set balance = balance + 100 where id = 1;\n");
  project.write("003_outside.sql", "-- pgapply: no-transaction\nupdate acct set balance = balance + 1 where id = 1;\n");
  const PrintedPlan plan(project);
  const std::string& dry_out = plan.out;

  SUBCASE("up applied them first") {
    REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  }
  SUBCASE("the script itself ran before") {
    REQUIRE(plan.run().status == 0);
  }
  const auto again = plan.run();
  INFO(again.out, again.err);
  CHECK(again.status == 3);
  CHECK(contains(again.err, "pgapply: 001_acct.sql (version 1) is applied now in public.pgapply_migrations, which "
                            "it was not when this script was printed (a run of it since); nothing of the file ran. "
                            "Print what is pending now with: pgapply up --dry-run"));
  CHECK(project.query("select balance from acct") == "101");
  CHECK(project.query("select count(*) from pgapply_migrations_history where event = 'applied'") == "3");

  // A file applied while the script ran (between its check and its record)
  // makes the script's record fail on the ledger's key: a version the ledger
  // had no row of is inserted, not upserted.
  CHECK(contains(dry_out, "INSERT INTO \"public\".\"pgapply_migrations\"\n"));
  CHECK_FALSE(contains(dry_out.substr(0, dry_out.find("003_outside.sql")), "ON CONFLICT"));
}

// A file applied by a live up between the script's check of it and its own
// BEGIN went unseen: the script holds the migration lock a live run takes.
TEST_CASE("a dry-run script holds pgapply's migration lock on its session, from its start to its end, through each "
          "file's reset") {
  MigrationProject project;
  const auto keys =
      pgapply::engine::MigrationLock::keys(pgapply::engine::parse_ledger_name("public.pgapply_migrations"));
  const std::string held = "select count(*) as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() "
                           "and classid = " + std::to_string(keys.first) + " and objid = " +
                           std::to_string(keys.second);
  project.write("001_a.sql", "create table a as " + held + ";\n");
  // (a file that lets every advisory lock go itself: taken back at once)
  project.write("002_b.sql", "select pg_advisory_unlock_all();\ncreate table b as " + held + ";\n");
  project.write("003_c.sql", "create table c as " + held + ";\n");
  const PrintedPlan plan(project);

  // A live run's lock session holds it: the script stops before anything.
  {
    auto live = project.database().connect();
    live.exec("select pg_advisory_lock(" + std::to_string(keys.first) + ", " + std::to_string(keys.second) + ")");
    const auto refused = plan.run();
    INFO(refused.out, refused.err);
    CHECK(refused.status == 3);
    CHECK(contains(refused.err, "holds the migration lock on public.pgapply_migrations, or its migrations still run; "
                                "nothing of this script ran. Run it again once that run ends"));
    CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'pgapply_migrations')") == "0");
  }
  const auto ran = plan.run();
  INFO(ran.out, ran.err);
  CHECK(ran.status == 0);
  CHECK(project.query("select (select n from a) || ',' || (select n from b) || ',' || (select n from c)") == "1,1,1");
  // (let go at its end)
  CHECK(contains(plan.out, "pg_advisory_unlock('" + std::to_string(keys.first) + "'::int"));
  CHECK(contains(project.pgapply({"up", "--lock-wait", "0s"}).out, "up to date"));

  // down's script too, through each file's reset (it keeps no hand-over lock)
  project.write("003_c.down.sql", "create table c_down as " + held + ";\n");
  project.write("002_b.down.sql", "create table b_down as " + held + ";\n");
  const auto down = project.pgapply({"down", "--dry-run", "--to", "1"});
  INFO(down.out, down.err);
  REQUIRE(down.status == 0);
  CHECK(project.psql_script(down.out).status == 0);
  CHECK(project.query("select (select n from c_down) || ',' || (select n from b_down)") == "1,1");
}

// A reviewer's finds: a statement-by-statement file that a live up ran part
// way (its row failed) after the script was printed ran again from the
// start; and the check, made after the file's SET ROLE, failed as that role.
TEST_CASE("a dry-run script: a file run part way since it was printed, and one that switches roles first") {
  MigrationProject project;
  project.execute("create table acct (id int primary key, balance int not null); insert into acct values (1, 0);"
                  "do $$ begin create role pgapply_test_limited; exception when duplicate_object then null; end $$;"
                  "grant select, update on acct to pgapply_test_limited");
  project.write("001_role.sql", "set role pgapply_test_limited;\nupdate acct set balance = balance + 1;\n");
  project.write("002_outside.sql", "-- pgapply: no-transaction\nupdate acct set balance = balance + 100;\nselect 1/0;\n");
  const PrintedPlan plan(project);
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 3);  // 001 applied, 002 failed at its statement 2
  CHECK(project.query("select balance from acct") == "101");
  const auto again = plan.run();
  INFO(again.out, again.err);
  CHECK(again.status == 3);
  CHECK(contains(again.err, "pgapply: 001_role.sql (version 1) is applied now"));
  CHECK_FALSE(contains(again.err, "permission denied"));
  // the check of 002 alone, as the script would reach it
  project.execute("delete from pgapply_migrations where version = '1'");
  const auto second = plan.run();
  INFO(second.out, second.err);
  CHECK(second.status == 3);
  CHECK(contains(second.err, "pgapply: 002_outside.sql (version 2) is recorded failed now in "
                             "public.pgapply_migrations, which it was not when this script was printed"));
  CHECK(project.query("select balance from acct") == "102");  // 001 ran again (its row gone), 002 did not
  project.execute("drop owned by pgapply_test_limited; drop role pgapply_test_limited");
}

TEST_CASE("a batched file whose 5000th statement fails: the right line, nothing committed") {
  MigrationProject project;
  std::string text = "create table p (id int primary key);\n";
  for (int i = 1; i < 10000; ++i) {
    // Statement 5000 (line 5000) inserts a duplicate key.
    text += "insert into p values (" + std::to_string(i == 4999 ? 1 : i) + ");\n";
  }
  project.write("001_many.sql", text);
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "migrations/001_many.sql:5000:1: ERROR:  duplicate key value violates unique constraint \"p_pkey\""));
  CHECK(contains(result.err, "(statement 5000)"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'p'") == "0");
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
}

TEST_CASE("notices from a batched file name the line of the statement that raised them") {
  MigrationProject project;
  std::string text;
  for (int i = 1; i <= 3000; ++i) {
    text += i % 1000 == 0 ? "do $$ begin raise notice 'at %', " + std::to_string(i) + "; end $$;\n"
                          : "select " + std::to_string(i) + ";\n";
  }
  project.write("001_notices.sql", text);
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "migrations/001_notices.sql:1000: NOTICE:  at 1000\n"
                             "migrations/001_notices.sql:2000: NOTICE:  at 2000\n"
                             "migrations/001_notices.sql:3000: NOTICE:  at 3000\n"));
}

TEST_CASE("notices raised right after a statement without rows, or by a trigger, name their own line") {
  MigrationProject project;
  std::string text =
      "create table n (id int);\n"
      "create function n_noisy() returns trigger language plpgsql as $$\n"
      "begin raise notice 'trigger for %', new.id; return new; end $$;\n";  // lines 1-3
  for (int i = 4; i <= 1000; ++i) {
    if (i % 100 == 0) {
      text += "do $$ begin raise notice 'do at line %', " + std::to_string(i) + "; end $$;\n";
    } else if (i == 501) {
      text += "create trigger n_noisy before insert on n for each row when (new.id > 900) execute function n_noisy();\n";
    } else {
      text += "insert into n values (" + std::to_string(i) + ");\n";
    }
  }
  project.write("001_notices.sql", text);
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  for (int i = 100; i <= 1000; i += 100) {
    CHECK(contains(result.err, "migrations/001_notices.sql:" + std::to_string(i) + ": NOTICE:  do at line " +
                                   std::to_string(i) + "\n"));
  }
  CHECK(contains(result.err, "migrations/001_notices.sql:901: NOTICE:  trigger for 901\n"));
  CHECK(contains(result.err, "migrations/001_notices.sql:999: NOTICE:  trigger for 999\n"));
}

TEST_CASE("statements parsed apart from their batch: a long name's notice, a setting that changes parsing") {
  MigrationProject project;
  const std::string long_name(70, 'x');
  project.write("001_parse.sql",
                "create table s (v text);\n"
                "insert into s values ('one');\n"
                "create table " + long_name + " (id int);\n"  // line 3: truncated, with a notice
                "set standard_conforming_strings = off;\n"
                "insert into s values ('a\\\\b');\n"  // 'a\\b': a\b with the setting off
                "reset standard_conforming_strings;\n"
                "insert into s values ('c\\d');\n");  // 'c\d' as written
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "migrations/001_parse.sql:3: NOTICE:  identifier \"" + long_name + "\" will be truncated"));
  CHECK(project.query("select string_agg(v, ' ' order by v) from s") == "a\\b c\\d one");
}

TEST_CASE("a syntax error late in a batch names its line and column, and nothing of the batch runs") {
  MigrationProject project;
  std::string text = "create table q (id int);\n";
  for (int i = 2; i <= 300; ++i) text += i == 250 ? "insert into q valuez (250);\n" : "insert into q values (" + std::to_string(i) + ");\n";
  project.write("001_syntax.sql", text);
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "migrations/001_syntax.sql:250:15: ERROR:  syntax error at or near \"valuez\""));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'q'") == "0");
}

TEST_CASE("connect retries back off and then give up with exit 2") {
  MigrationProject project;
  project.write("001_a.sql", "select 1;\n");
  const auto started = std::chrono::steady_clock::now();
  const auto result = project.pgapply({"status", "-d", "postgresql://u:pw@127.0.0.1:1/x", "--connect-retries", "1"});
  CHECK(result.status == 2);
  CHECK(contains(result.err, "retrying in 2 s (1 of 1)"));
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::seconds(2));
  CHECK_FALSE(contains(result.err, ":pw@"));
}

TEST_CASE("a statement-by-statement file failing at its first statement: none of it took effect, and up says so") {
  MigrationProject project;
  project.write("001_idx.sql", "create index concurrently t_idx on missing_table (id);\ncreate table t (id int);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.out, "Stopped: 001_idx.sql failed outside a transaction: none of its statements had taken "
                             "effect and the ledger says how far it got"));
}

TEST_CASE("a new enum value used in the file that adds it: the error says why, and what runs it as psql -f does") {
  MigrationProject project;
  const std::string file = "create type mood as enum ('sad');\ncommit;\nbegin;\nalter type mood add value 'happy';\n"
                           "commit;\ncreate table m (x mood default 'happy');\n";
  project.write("010_enum.sql", file);
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "SQLSTATE: 55P04"));
  CHECK(contains(result.err, "pgapply runs this file in one transaction, its own BEGIN/COMMIT (lines 2, 3, 5) left "
                             "out, and a value ALTER TYPE ... ADD VALUE adds can be used only once that has committed"));
  // A file with a COMMIT and no BEGIN: named as it is.
  project.write("009_enum.sql", "create type mood0 as enum ('sad');\ncommit;\nalter type mood0 add value 'happy';\n"
                                "create table m0 (x mood0 default 'happy');\n");
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "pgapply runs this file in one transaction, its own COMMIT (line 2) left out, and a value"));
  CHECK_FALSE(contains(result.err, "BEGIN/COMMIT"));
  project.write("009_enum.sql", "select 1;\n");
  // The way out it names runs.
  project.write("010_enum.sql", "-- pgapply: no-transaction\n" + file);
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'm'") == "1");
}

TEST_CASE("a DO block's notices and errors are placed at the line of the statement that raised them") {
  MigrationProject project;
  project.write("001_do.sql", "-- one\n"
                              "DO $$\n"
                              "DECLARE\n"
                              "  n int := 1;\n"
                              "BEGIN\n"
                              "  RAISE NOTICE 'starting';\n"
                              "  n := n + 1;\n"
                              "  RAISE EXCEPTION 'boom %', n;\n"
                              "END $$;\n");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "migrations/001_do.sql:6: NOTICE:  starting"));
  CHECK(contains(result.err, "migrations/001_do.sql:8:3: ERROR:  boom 2"));
  CHECK(contains(result.err, "  8 |   RAISE EXCEPTION 'boom %', n;"));
  // Outside a transaction too, and a block whose body starts on the DO's line.
  project.write("001_do.sql", "-- pgapply: no-transaction\n"
                              "create table t (a int);\n"
                              "DO $$ BEGIN RAISE NOTICE 'same line';\n"
                              "  PERFORM 1/0; END $$;\n");
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "migrations/001_do.sql:3: NOTICE:  same line"));
  CHECK(contains(result.err, "migrations/001_do.sql:4:3: ERROR:  division by zero"));
  // On the statement's first line, the column counts from the line's start.
  project.write("001_do.sql", "select 1; DO $$ BEGIN RAISE EXCEPTION 'one line'; END $$;\n");
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.err);
  CHECK(contains(result.err, "migrations/001_do.sql:1:11: ERROR:  one line"));
}

TEST_CASE("a rollback file of a version no migration has is a warning: a typo found before down needs it") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("001_a.down.sql", "drop table a;\n");
  project.write("009_z.down.sql", "drop table z;\n");
  project.write("U7__b.sql", "drop table b;\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err, "migrations/009_z.down.sql: a rollback for version 9, which no migration has"));
  CHECK(contains(result.err, "migrations/U7__b.sql: a rollback for version 7, which no migration has"));
  CHECK_FALSE(contains(result.err, "001_a.down.sql"));
}

TEST_CASE("a .sql file a migration includes is not warned about as not a migration, a stray one is") {
  MigrationProject project;
  project.write("001_a.sql", "\\ir common.sql\ncreate table a (id int);\n");
  project.write("common.sql", "create table common (id int);\n\\ir vars.sql\n");
  project.write("vars.sql", "\\set owner app\n");  // read, and no statement of its own
  project.write("notes.sql", "-- scratch\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.err, "common.sql: not a migration"));
  CHECK_FALSE(contains(result.err, "vars.sql: not a migration"));
  CHECK(contains(result.err, "migrations/notes.sql: not a migration"));
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'common')") == "2");
  // lint says the same, of --dir and of the directory named, and lints the included file as 001's part
  for (const std::vector<std::string>& lint : {std::vector<std::string>{"lint"}, {"lint", "migrations"}}) {
    const auto linted = project.pgapply(lint);
    INFO(linted.out, linted.err);
    CHECK_FALSE(contains(linted.err, "common.sql: not a migration"));
    CHECK_FALSE(contains(linted.err, "vars.sql: not a migration"));
    CHECK(contains(linted.err, "migrations/notes.sql: not a migration"));
    CHECK(contains(linted.out, "migrations/common.sql:1:"));
  }
}

TEST_CASE("a migration that creates the schema search_path names before the ledger's does not move the ledger") {
  MigrationProject project;
  project.execute("alter database " + project.database().name() + " set search_path = app, public");
  project.write("001_schema.sql", "create schema if not exists app;\n");
  project.write("002_widgets.sql", "create table widgets (id bigint primary key);\n");
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.out, "ledger public.pgapply_migrations"));
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'app' and tablename = 'widgets'") == "1");
  // app now exists and comes first in search_path: the ledger is still found where it is.
  const auto status = project.pgapply({"status"});
  INFO(status.out, status.err);
  CHECK(contains(status.out, "ledger public.pgapply_migrations"));
  CHECK(contains(status.out, "2 migrations: 2 applied."));
  CHECK(contains(project.pgapply({"up"}).out, "up to date"));
  CHECK(project.pgapply({"verify"}).status == 0);
}
