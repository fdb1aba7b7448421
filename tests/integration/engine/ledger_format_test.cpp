// --ledger-format dbmate and golang-migrate: that tool's schema_migrations,
// made with the DDL the tool runs, kept in step with pgapply's ledger by up,
// down, repair and their dry runs (run by psql), and what the tool applied
// (its rows as it writes them) counted as applied. The Supabase CLI's format
// is tested with baseline --from (adoption_test.cpp).
#include <doctest/doctest.h>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// dbmate's table, as dbmate creates it (amacneil/dbmate,
// pkg/driver/postgres/postgres.go, CreateMigrationsTable: the schema is the
// current one).
const char* const dbmate_ddl = "create table if not exists public.schema_migrations (version varchar primary key)";

// golang-migrate's, as it creates it (golang-migrate/migrate,
// database/postgres/postgres.go, ensureVersionTable).
const char* const golang_migrate_ddl =
    "CREATE TABLE IF NOT EXISTS \"public\".\"schema_migrations\" (version bigint not null primary key, dirty boolean "
    "not null)";

// golang-migrate's SetVersion(version, dirty): the table emptied, one row written.
std::string golang_migrate_set_version(int version, bool dirty) {
  return "TRUNCATE \"public\".\"schema_migrations\"; INSERT INTO \"public\".\"schema_migrations\" (version, dirty) "
         "VALUES (" + std::to_string(version) + ", " + (dirty ? "true" : "false") + ")";
}

void dbmate_files(const MigrationProject& project) {
  project.write("001_users.sql", "-- migrate:up\ncreate table users (id int);\n\n-- migrate:down\ndrop table users;\n");
  project.write("002_items.sql", "-- migrate:up\ncreate table items (id int);\n\n-- migrate:down\ndrop table items;\n");
  project.write("003_idx.sql", "-- migrate:up transaction:false\ncreate index concurrently items_id on items (id);\n\n"
                               "-- migrate:down\ndrop index items_id;\n");
}

// dbmate's files, in a project that keeps dbmate's ledger (pgapply.toml, as a project would set it).
void dbmate_project(const MigrationProject& project) {
  dbmate_files(project);
  project.write_file("pgapply.toml", "ledger_format = \"dbmate\"\n");
}

// A dbmate project where pgapply applied 001 and dbmate 002 (its migration,
// then its row: InsertMigration).
void pgapply_applied_1_dbmate_2(const MigrationProject& project) {
  dbmate_project(project);
  REQUIRE(project.pgapply({"up", "--no-verify", "--target", "1"}).status == 0);
  project.execute("create table items (id int); insert into schema_migrations (version) values ('002')");
}

void golang_migrate_files(const MigrationProject& project) {
  project.write("1_users.up.sql", "create table users (id int);\n");
  project.write("1_users.down.sql", "drop table users;\n");
  project.write("0002_items.up.sql", "create table items (id int);\n");
  project.write("0002_items.down.sql", "drop table items;\n");
  project.write("3_idx.up.sql", "create index concurrently items_id on items (id);\n");
  project.write("3_idx.down.sql", "drop index items_id;\n");
}

// What dbmate status reads: its versions (amacneil/dbmate, SelectMigrations).
std::string dbmate_versions(const MigrationProject& project) {
  return project.query("select coalesce(string_agg(version, ',' order by version), '') from schema_migrations");
}

std::string golang_migrate_row(const MigrationProject& project) {
  return project.query("select coalesce(string_agg(version || '|' || dirty, ','), '') from schema_migrations");
}

std::string ledger(const MigrationProject& project) {
  return project.query("select coalesce(string_agg(version || ':' || method, ',' order by version::numeric), '') "
                       "from pgapply_migrations where state = 'applied'");
}

// A dry run's script run by psql: its exit status.
int run_dry_run(const MigrationProject& project, const std::vector<std::string>& args) {
  const auto dry = project.pgapply(args);
  INFO(dry.err);
  REQUIRE(dry.status == 0);
  const auto psql = project.psql_script(dry.out);
  INFO(psql.err);
  return psql.status;
}

}  // namespace

TEST_CASE("--ledger-format dbmate: dbmate's schema_migrations kept in step by up, down and what dbmate applied") {
  MigrationProject project;
  dbmate_files(project);
  project.execute(dbmate_ddl);
  auto result = project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate", "--target", "2"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  // The version as the file name writes it, as dbmate inserts it.
  CHECK(dbmate_versions(project) == "001,002");

  // A file that fails leaves neither ledger changed (one transaction).
  project.write("004_bad.sql", "-- migrate:up\ncreate table bad (id int);\nselect 1/0;\n-- migrate:down\n");
  CHECK(project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate"}).status == 3);
  CHECK(dbmate_versions(project) == "001,002,003");  // the statement-by-statement file went before
  CHECK(project.query("select count(*) from pgapply_migrations where version = '4'") == "0");
  project.remove("004_bad.sql");

  // down deletes dbmate's rows with pgapply's.
  result = project.pgapply({"down", "--steps", "2", "--ledger-format", "dbmate"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(dbmate_versions(project) == "001");
  CHECK(ledger(project) == "1:up");

  // What dbmate applies (its migration, then its row: InsertMigration) counts
  // as applied: status agrees with dbmate, up records it instead of running it.
  project.execute("create table items (id int); insert into schema_migrations (version) values ('002')");
  result = project.pgapply({"status", "--ledger-format", "dbmate"});
  CHECK(contains(result.out, "baseline (dbmate)"));
  CHECK(contains(result.out, "3 migrations: 2 applied, 1 pending."));
  result = project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Recorded what dbmate applied (method baseline, source dbmate): 002_items.sql"));
  CHECK(ledger(project) == "1:up,2:baseline,3:up");
  CHECK(dbmate_versions(project) == "001,002,003");
  CHECK(project.query("select source from pgapply_migrations where version = '2'") == "dbmate");

  // repair --mark-pending forgets dbmate's row too.
  result = project.pgapply({"repair", "--mark-pending", "3", "--reason", "redo", "--ledger-format", "dbmate"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(dbmate_versions(project) == "001,002");
  CHECK_FALSE(contains(result.err, "lacks"));  // in step: nothing to say

  // Out of step: what pgapply applied and dbmate's table lacks (dbmate rolled
  // it back, or --ledger-format came late), a dbmate row without a file: said.
  project.execute("delete from schema_migrations where version = '001';"
                  "insert into schema_migrations (version) values ('000')");
  result = project.pgapply({"status", "--ledger-format", "dbmate"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "public.schema_migrations lacks 1 migration pgapply's ledger records as applied "
                             "(001_users.sql): dbmate would run it again"));
  CHECK(contains(result.err, "public.schema_migrations records version 000, which no file in migrations is"));
}

TEST_CASE("--ledger-format dbmate: the dry-run scripts run by psql leave the same rows as up and down") {
  MigrationProject by_psql;
  MigrationProject by_run;
  for (const MigrationProject* project : {&by_psql, &by_run}) dbmate_project(*project);
  // Without the table: the script creates it as dbmate does.
  CHECK(run_dry_run(by_psql, {"up", "--dry-run"}) == 0);
  REQUIRE(by_run.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(dbmate_versions(by_psql) == "001,002,003");
  CHECK(dbmate_versions(by_psql) == dbmate_versions(by_run));
  CHECK(ledger(by_psql) == ledger(by_run));
  CHECK(by_psql.query("select format_type(atttypid, atttypmod) from pg_attribute "
                      "where attrelid = 'public.schema_migrations'::regclass and attname = 'version'") ==
        "character varying");

  CHECK(run_dry_run(by_psql, {"down", "--steps", "2", "--dry-run"}) == 0);
  REQUIRE(by_run.pgapply({"down", "--steps", "2"}).status == 0);
  CHECK(dbmate_versions(by_psql) == "001");
  CHECK(dbmate_versions(by_psql) == dbmate_versions(by_run));
  CHECK(ledger(by_psql) == ledger(by_run));
}

TEST_CASE("--ledger-format dbmate: up --dry-run records what dbmate applied, as up does, and does not run it") {
  MigrationProject by_psql;
  MigrationProject by_run;
  for (const MigrationProject* project : {&by_psql, &by_run}) pgapply_applied_1_dbmate_2(*project);
  const auto dry = by_psql.pgapply({"up", "--dry-run"});
  INFO(dry.err);
  REQUIRE(dry.status == 0);
  CHECK(contains(dry.out, "What dbmate applied, recorded without running it"));
  CHECK(!contains(dry.out, "create table items"));  // 002 is not run again
  CHECK(run_dry_run(by_psql, {"up", "--dry-run"}) == 0);
  REQUIRE(by_run.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(ledger(by_psql) == "1:up,2:baseline,3:up");
  CHECK(ledger(by_psql) == ledger(by_run));
  CHECK(dbmate_versions(by_psql) == dbmate_versions(by_run));
  CHECK(by_psql.query("select source from pgapply_migrations where version = '2'") == "dbmate");

  // Nothing pending, but dbmate applied one: the dry run still records it.
  for (const MigrationProject* project : {&by_psql, &by_run}) {
    project->write("004_more.sql", "-- migrate:up\ncreate table more (id int);\n-- migrate:down\ndrop table more;\n");
    project->execute("create table more (id int); insert into schema_migrations (version) values ('004')");
  }
  CHECK(run_dry_run(by_psql, {"up", "--dry-run"}) == 0);
  REQUIRE(by_run.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(ledger(by_psql) == "1:up,2:baseline,3:up,4:baseline");
  CHECK(ledger(by_psql) == ledger(by_run));
}

TEST_CASE("--ledger-format dbmate: down rolls back the newest migration dbmate applied, recorded first, its dry run "
          "too") {
  MigrationProject by_psql;
  MigrationProject by_run;
  for (const MigrationProject* project : {&by_psql, &by_run}) pgapply_applied_1_dbmate_2(*project);
  // verify counts it as applied too: items is 002's, not an object no migration made
  const auto verified = by_run.pgapply({"verify"});
  INFO(verified.out, verified.err);
  CHECK(verified.status == 0);
  const auto dry = by_psql.pgapply({"down", "--dry-run"});
  INFO(dry.err);
  REQUIRE(dry.status == 0);
  CHECK(contains(dry.out, "What dbmate applied, recorded without running it"));
  CHECK(contains(dry.out, "drop table items"));  // 002's rollback, not 001's
  CHECK(!contains(dry.out, "drop table users"));
  CHECK(run_dry_run(by_psql, {"down", "--dry-run"}) == 0);
  const auto result = by_run.pgapply({"down"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(contains(result.out, "Recorded what dbmate applied (method baseline, source dbmate): 002_items.sql"));
  for (const MigrationProject* project : {&by_psql, &by_run}) {
    CHECK(ledger(*project) == "1:up");
    CHECK(dbmate_versions(*project) == "001");
    CHECK(project->query("select count(*) from pg_tables where tablename in ('users', 'items')") == "1");
  }
  CHECK(by_psql.query("select string_agg(version || ' ' || event, ',' order by id) from pgapply_migrations_history") ==
        by_run.query("select string_agg(version || ' ' || event, ',' order by id) from pgapply_migrations_history"));
}

TEST_CASE("--ledger-format dbmate refuses files dbmate reads otherwise, golang-migrate's table, its table as ledger") {
  MigrationProject project;
  dbmate_files(project);
  project.write("004_plain.sql", "create table plain (id int);\n");  // plain SQL: dbmate reads it as 004 too
  project.write("004_plain.down.sql", "drop table plain;\n");
  auto result = project.pgapply({"status", "--ledger-format", "dbmate"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--ledger-format dbmate: migrations/004_plain.sql has its rollback in "
                             "004_plain.down.sql, which dbmate would read as another migration of version 004"));
  project.remove("004_plain.down.sql");
  // ... and stops at it: it has no -- migrate:up
  result = project.pgapply({"status", "--ledger-format", "dbmate"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--ledger-format dbmate: migrations/004_plain.sql has no '-- migrate:up' section, "
                             "which dbmate requires of every migration"));
  project.remove("004_plain.sql");
  project.write("V5__flyway.sql", "select 1;\n");
  result = project.pgapply({"status", "--ledger-format", "dbmate"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--ledger-format dbmate: migrations/V5__flyway.sql is not a file dbmate reads"));
  project.remove("V5__flyway.sql");

  result = project.pgapply({"status", "--ledger-format", "dbmate", "--ledger", "schema_migrations"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--ledger schema_migrations: with --ledger-format dbmate that name is dbmate's"));

  project.execute(golang_migrate_ddl);
  result = project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "--ledger-format dbmate: public.schema_migrations has a dirty column: it is "
                             "golang-migrate's ledger, not dbmate's (--ledger-format golang-migrate keeps it)"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'users'") == "0");
}

TEST_CASE("--ledger-format golang-migrate: its one row kept at the highest applied version by up and down") {
  MigrationProject project;
  golang_migrate_files(project);
  project.execute(golang_migrate_ddl);
  ProcessOptions env;
  env.env["PGAPPLY_LEDGER_FORMAT"] = "golang-migrate";  // as CI would set it
  auto result = project.pgapply({"up", "--no-verify", "--target", "2"}, env);
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(golang_migrate_row(project) == "2|false");  // 0002: the number, as golang-migrate parses it

  // A failing file leaves both ledgers as they were.
  project.write("4_bad.up.sql", "create table bad (id int);\nselect 1/0;\n");
  CHECK(project.pgapply({"up", "--no-verify"}, env).status == 3);
  CHECK(golang_migrate_row(project) == "3|false");  // the statement-by-statement file went before
  project.remove("4_bad.up.sql");

  // down: the highest version still applied; none left: no row.
  result = project.pgapply({"down"}, env);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(golang_migrate_row(project) == "2|false");
  CHECK(project.pgapply({"down", "--steps", "2"}, env).status == 0);
  CHECK(golang_migrate_row(project) == "");
  CHECK(ledger(project) == "");

  // What golang-migrate applies (its migrations, then SetVersion) counts as
  // applied, every version up to its row's: status agrees, up records them.
  project.execute("create table users (id int); create table items (id int);" + golang_migrate_set_version(2, false));
  result = project.pgapply({"status"}, env);
  CHECK(contains(result.out, "baseline (golang-migrate)"));
  CHECK(contains(result.out, "3 migrations: 2 applied, 1 pending."));
  result = project.pgapply({"up", "--no-verify"}, env);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Recorded what golang-migrate applied (method baseline, source golang-migrate): "
                             "1_users.up.sql, 0002_items.up.sql"));
  CHECK(ledger(project) == "1:baseline,2:baseline,3:up");
  CHECK(golang_migrate_row(project) == "3|false");

  // A dirty version (golang-migrate failed part way) does not count: status
  // says so, up runs it and writes the row clean.
  CHECK(project.pgapply({"down"}, env).status == 0);
  project.execute(golang_migrate_set_version(3, true));
  result = project.pgapply({"status"}, env);
  CHECK(contains(result.err, "public.schema_migrations records version 3, dirty: 3_idx.up.sql does not count as "
                             "applied"));
  CHECK(contains(result.out, "3 migrations: 2 applied, 1 pending."));
  result = project.pgapply({"up", "--no-verify"}, env);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(golang_migrate_row(project) == "3|false");
  CHECK(ledger(project) == "1:baseline,2:baseline,3:up");

  // repair --mark-pending: the row follows what stays applied.
  result = project.pgapply({"repair", "--mark-pending", "3", "--reason", "redo"}, env);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(golang_migrate_row(project) == "2|false");

  // Out of order: forgetting 2 below 3, then applying it again, leaves the row at 3.
  project.execute("drop index items_id");  // 3 runs again
  REQUIRE(project.pgapply({"up", "--no-verify"}, env).status == 0);
  REQUIRE(project.pgapply({"repair", "--mark-pending", "2", "--reason", "redo"}, env).status == 0);
  CHECK(golang_migrate_row(project) == "3|false");
  project.execute("drop table items cascade");
  // golang-migrate's row (3) does not make 2 applied: it is pending below 3 for pgapply.
  result = project.pgapply({"status"}, env);
  CHECK(contains(result.out, "3 migrations: 2 applied, 1 pending."));
  CHECK(project.pgapply({"up", "--no-verify"}, env).status == 4);
  result = project.pgapply({"up", "--no-verify", "--allow-out-of-order"}, env);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(ledger(project) == "1:baseline,2:up,3:up");
  CHECK(golang_migrate_row(project) == "3|false");
}

TEST_CASE("--ledger-format golang-migrate: recording what it applied keeps its dirty row as it is") {
  MigrationProject project;
  golang_migrate_files(project);
  project.write("3_idx.up.sql", "create index concurrently items_id on missing (id);\n");
  project.execute(golang_migrate_ddl);
  // golang-migrate applied 1 and 2, and 3 failed part way: dirty
  project.execute("create table users (id int); create table items (id int); " + golang_migrate_set_version(3, true));
  const auto result = project.pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate"});
  INFO(result.out, result.err);
  CHECK(result.status == 3);  // 3 fails here too
  CHECK(contains(result.out, "Recorded what golang-migrate applied (method baseline, source golang-migrate): "
                             "1_users.up.sql, 0002_items.up.sql"));
  CHECK(ledger(project) == "1:baseline,2:baseline");
  CHECK(golang_migrate_row(project) == "3|true");  // still says what golang-migrate would: 3 is dirty
}

TEST_CASE("--ledger-format golang-migrate: its row at a version no file is counts nothing, up refuses, the hint runs") {
  MigrationProject project;
  golang_migrate_files(project);
  project.execute(golang_migrate_ddl);
  // golang-migrate got to 5, whose file is gone: whether it applied 2 and 3 is not known.
  project.execute("create table users (id int); " + golang_migrate_set_version(5, false));
  auto result = project.pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "public.schema_migrations records version 5, which no file in migrations is: what "
                             "golang-migrate applied is not known (its own up refuses: no migration found for "
                             "version 5)"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'pgapply_migrations'") == "0");
  CHECK(project.query("select to_regclass('items') is null") == "t");  // nothing ran
  result = project.pgapply({"status", "--ledger-format", "golang-migrate"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "3 migrations: 3 pending"));
  // The way out it prints, run by sh as printed (the placeholder filled in).
  const auto hint = result.err.find("pgapply baseline --from golang-migrate");
  REQUIRE(hint != std::string::npos);
  std::string command = result.err.substr(hint, result.err.find(" ('...' is", hint) - hint);
  command.replace(command.find("'...'"), 5, "'the files were checked by hand'");
  ProcessOptions options;
  options.cwd = project.path();
  for (const auto& [name, value] : project.database().env()) options.env.emplace(name, value);
  options.env["PGAPPLY_UNDER_TEST"] = PGAPPLY_BINARY;
  const auto ran = run_process({"sh", "-c", "pgapply() { \"$PGAPPLY_UNDER_TEST\" \"$@\"; }\n" + command}, options);
  INFO(command, ran.out, ran.err);
  CHECK(ran.status == 0);
  CHECK(ledger(project) == "1:baseline,2:baseline,3:baseline");
  // golang-migrate's one row is kept at the highest version applied (so that up goes on), and the report says so.
  CHECK(golang_migrate_row(project) == "3|false");
  CHECK(contains(ran.out, "public.schema_migrations now says 3, the highest version recorded, where it said 5, "
                          "which no file is (--ledger-format golang-migrate keeps it at the highest applied version)."));
  CHECK(project.pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate"}).status == 0);
}

TEST_CASE("--ledger-format golang-migrate: down does not go below a version golang-migrate left dirty") {
  MigrationProject project;
  golang_migrate_files(project);
  project.execute(golang_migrate_ddl);
  // golang-migrate applied 1 and 2, and 3 failed part way: dirty; pgapply records 1 and 2
  project.execute("create table users (id int); create table items (id int); " + golang_migrate_set_version(3, true));
  REQUIRE(project.pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate", "--target", "2"}).status == 0);
  CHECK(ledger(project) == "1:baseline,2:baseline");
  // what of 3 took effect may stand on 2, and the row that says so would go
  const auto down = project.pgapply({"down", "--ledger-format", "golang-migrate"});
  INFO(down.out, down.err);
  CHECK(down.status == 4);
  CHECK(contains(down.err, "golang-migrate left version 3 failed part way (dirty): run pgapply up --target 3"));
  CHECK(golang_migrate_row(project) == "3|true");
  CHECK(ledger(project) == "1:baseline,2:baseline");
}

TEST_CASE("--ledger-format golang-migrate: a migration outside a transaction that fails part way leaves its row "
          "dirty, as golang-migrate would, and repair --clear-failed makes it clean") {
  MigrationProject by_psql;
  MigrationProject by_run;
  for (const MigrationProject* project : {&by_psql, &by_run}) {
    golang_migrate_files(*project);
    // the index is built, then the file fails: golang-migrate would run it all again
    project->write("3_idx.up.sql", "create index concurrently items_id on items (id);\nselect 1/0;\n");
  }
  CHECK(run_dry_run(by_psql, {"up", "--dry-run", "--ledger-format", "golang-migrate"}) != 0);
  const auto up = by_run.pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate"});
  INFO(up.out, up.err);
  CHECK(up.status == 3);
  for (const MigrationProject* project : {&by_psql, &by_run}) {
    CHECK(golang_migrate_row(*project) == "3|true");
    CHECK(ledger(*project) == "1:up,2:up");
  }
  const auto repair = by_run.pgapply(
      {"repair", "--clear-failed", "3", "--reason", "index dropped by hand", "--ledger-format", "golang-migrate"});
  INFO(repair.out, repair.err);
  CHECK(repair.status == 0);
  CHECK(golang_migrate_row(by_run) == "2|false");

  // A migration in a transaction that fails took no effect: the row stays where it was, clean.
  MigrationProject in_transaction;
  golang_migrate_files(in_transaction);
  in_transaction.write("3_idx.up.sql", "create index items_id on items (id);\nselect 1/0;\n");
  CHECK(in_transaction.pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate"}).status == 3);
  CHECK(golang_migrate_row(in_transaction) == "2|false");
}

TEST_CASE("--ledger-format golang-migrate: a rollback outside a transaction that fails part way leaves its row dirty "
          "(the dry run's script too), and repair --clear-failed makes it clean") {
  MigrationProject by_psql;
  MigrationProject by_run;
  for (const MigrationProject* project : {&by_psql, &by_run}) {
    golang_migrate_files(*project);
    // the index is dropped, then the rollback fails: golang-migrate would refuse to go on
    project->write("3_idx.down.sql", "drop index concurrently items_id;\nselect 1/0;\n");
    REQUIRE(project->pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate"}).status == 0);
    REQUIRE(golang_migrate_row(*project) == "3|false");
  }
  CHECK(run_dry_run(by_psql, {"down", "--dry-run", "--ledger-format", "golang-migrate"}) != 0);
  const auto down = by_run.pgapply({"down", "--ledger-format", "golang-migrate"});
  INFO(down.out, down.err);
  CHECK(down.status == 3);
  for (const MigrationProject* project : {&by_psql, &by_run}) {
    CHECK(golang_migrate_row(*project) == "3|true");
    CHECK(ledger(*project) == "1:up,2:up,3:up");
  }
  // The index made again by hand, the rollback settled: applied as before, the row clean.
  by_run.execute("create index items_id on items (id)");
  const auto repair = by_run.pgapply(
      {"repair", "--clear-failed", "3", "--reason", "index made again by hand", "--ledger-format", "golang-migrate"});
  INFO(repair.out, repair.err);
  CHECK(repair.status == 0);
  CHECK(golang_migrate_row(by_run) == "3|false");
}

TEST_CASE("--ledger-format dbmate: down where only dbmate ran: the dry run's script makes pgapply's ledger first") {
  MigrationProject by_psql;
  MigrationProject by_run;
  for (const MigrationProject* project : {&by_psql, &by_run}) {
    dbmate_project(*project);
    project->execute(dbmate_ddl);
    project->execute("create table users (id int); create table items (id int); "
                     "insert into schema_migrations (version) values ('001'), ('002')");
  }
  CHECK(run_dry_run(by_psql, {"down", "--dry-run"}) == 0);
  const auto result = by_run.pgapply({"down"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  for (const MigrationProject* project : {&by_psql, &by_run}) {
    CHECK(ledger(*project) == "1:baseline");
    CHECK(dbmate_versions(*project) == "001");
    CHECK(project->query("select count(*) from pg_tables where tablename in ('users', 'items')") == "1");
  }
}

TEST_CASE("--ledger-format golang-migrate: the dry-run scripts run by psql leave the same row as up and down") {
  MigrationProject by_psql;
  MigrationProject by_run;
  for (const MigrationProject* project : {&by_psql, &by_run}) golang_migrate_files(*project);
  CHECK(run_dry_run(by_psql, {"up", "--dry-run", "--ledger-format", "golang-migrate"}) == 0);
  REQUIRE(by_run.pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate"}).status == 0);
  CHECK(golang_migrate_row(by_psql) == "3|false");
  CHECK(golang_migrate_row(by_psql) == golang_migrate_row(by_run));
  CHECK(ledger(by_psql) == ledger(by_run));

  CHECK(run_dry_run(by_psql, {"down", "--steps", "2", "--dry-run", "--ledger-format", "golang-migrate"}) == 0);
  REQUIRE(by_run.pgapply({"down", "--steps", "2", "--ledger-format", "golang-migrate"}).status == 0);
  CHECK(golang_migrate_row(by_psql) == "1|false");
  CHECK(golang_migrate_row(by_psql) == golang_migrate_row(by_run));
  CHECK(ledger(by_psql) == ledger(by_run));
}

TEST_CASE("--ledger-format golang-migrate refuses a version beyond bigint, files it does not read, dbmate's table") {
  MigrationProject project;
  golang_migrate_files(project);
  project.write("9223372036854775808_big.up.sql", "select 1;\n");
  auto result = project.pgapply({"status", "--ledger-format", "golang-migrate"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--ledger-format golang-migrate: migrations/9223372036854775808_big.up.sql: version "
                             "9223372036854775808 does not fit golang-migrate's schema_migrations.version (bigint, "
                             "at most 9223372036854775807)"));
  project.remove("9223372036854775808_big.up.sql");
  project.write("9223372036854775807_big.up.sql", "select 1;\n");  // the largest that fits
  result = project.pgapply({"up", "--no-verify", "--ledger-format", "golang-migrate"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(golang_migrate_row(project) == "9223372036854775807|false");
  project.remove("9223372036854775807_big.up.sql");

  project.write("5_plain.sql", "select 1;\n");
  result = project.pgapply({"status", "--ledger-format", "golang-migrate"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/5_plain.sql is not a file golang-migrate reads (<digits>_<name>.up.sql)"));
  project.remove("5_plain.sql");

  MigrationProject beside_dbmate;
  golang_migrate_files(beside_dbmate);
  beside_dbmate.execute(dbmate_ddl);
  result = beside_dbmate.pgapply({"status", "--ledger-format", "golang-migrate"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "public.schema_migrations has no dirty column: it is dbmate's ledger, not "
                             "golang-migrate's (--ledger-format dbmate keeps it)"));
}
