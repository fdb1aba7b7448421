// baseline --from: each tool's ledger made with the DDL that tool runs and
// rows as it writes them; up and status pointing at it while pgapply's
// ledger is empty.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// Flyway's history table on PostgreSQL, as Flyway creates it (flyway/flyway,
// flyway-database-postgresql, PostgreSQLDatabase.getRawCreateScript).
const char* const flyway_ddl = R"(
CREATE TABLE "flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success");
)";

void flyway_files(const MigrationProject& project) {
  project.write("V1__create_a.sql", "create table a (id int);\n");           // Flyway's checksum -897341557
  project.write("V2__create_b.sql", "create table b (id int);\r\n-- x\r\n");  // 350113888
  project.write("V3__create_c.sql", "create table c (id int);\n");
  project.write("R__views.sql", "create or replace view v as select 1 as one;\n");  // 0 rows: never ran
}

// Whether the report has a line for `file` in `state` (columns padded as wide as needed).
bool has_line(const std::string& report, const std::string& state, const std::string& file) {
  std::size_t at = 0;
  while ((at = report.find("\n  " + state + " ", at)) != std::string::npos) {
    const auto end = report.find('\n', at + 1);
    if (report.substr(at, end - at).find(file) != std::string::npos) return true;
    ++at;
  }
  return false;
}

}  // namespace

TEST_CASE("a Flyway history table in another schema (flyway.schemas=app) is found: up does not run it all again") {
  MigrationProject project;
  project.write("V1__items.sql", "create table if not exists app.items (id int);\n");  // Flyway's checksum 0 here
  project.write("V2__seed.sql", "insert into app.items values (1);\n");
  project.execute("create schema app; set search_path = app;" + std::string(flyway_ddl) + R"(
    INSERT INTO app.flyway_schema_history VALUES
      (0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '"app"', NULL, 'flyway', '2024-01-01 00:00:00', 0, true),
      (1, '1', 'items', 'SQL', 'V1__items.sql', 0, 'alice', '2024-01-02 00:00:00', 5, true),
      (2, '2', 'seed', 'SQL', 'V2__seed.sql', 0, 'alice', '2024-01-02 00:00:00', 5, true);
    CREATE TABLE app.items (id int); INSERT INTO app.items VALUES (1);
  )");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "flyway's ledger app.flyway_schema_history records 2 applied migrations: adopt them"));
  CHECK(project.query("select count(*) from app.items") == "1");
  result = project.pgapply({"status"});
  CHECK(contains(result.out, "flyway's ledger app.flyway_schema_history records 2 applied migrations"));
  // the hint reads the same table
  result = project.pgapply({"baseline", "--from", "flyway"});
  CHECK(contains(result.out, "Baseline from flyway (app.flyway_schema_history)"));

  // Another service's ledger in its own schema, whose rows name no file here, is not this project's (a review's
  // find: a shared database's billing.schema_migrations stopped a new project's first up).
  MigrationProject fresh;
  fresh.write("001_a.sql", "create table a (id int);\n");
  fresh.execute("create schema billing; create table billing.schema_migrations (version varchar(255) primary key); "
                "insert into billing.schema_migrations values ('20230101000000')");
  result = fresh.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.err + result.out, "billing.schema_migrations"));
}

TEST_CASE("baseline --from flyway: matched with Flyway's checksums and who applied them, up runs only the rest") {
  MigrationProject project;
  flyway_files(project);
  project.execute(flyway_ddl);
  // As Flyway writes them: 3 applied before 2 (outOfOrder), the schema row first.
  project.execute(R"(
    INSERT INTO flyway_schema_history VALUES
      (0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '"public"', NULL, 'flyway', '2024-01-01 00:00:00', 0, true),
      (1, '1', 'create a', 'SQL', 'V1__create_a.sql', -897341557, 'alice', '2024-01-02 03:04:05', 5, true),
      (2, '3', 'create c', 'SQL', 'V3__create_c.sql', -1044203613, 'bob', '2024-01-03 00:00:00', 5, true),
      (3, '2', 'create b', 'SQL', 'V2__create_b.sql', 350113888, 'bob', '2024-01-04 00:00:00', 5, true);
    CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TABLE c (id int);
  )");

  // status and up see the foreign ledger while pgapply's is empty.
  auto result = project.pgapply({"status"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "flyway's ledger public.flyway_schema_history records 3 applied migrations"));
  CHECK(contains(result.out, "\n  pgapply baseline --from flyway\n"));
  result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "pgapply baseline --from flyway\n"));
  CHECK(contains(result.err, "--ignore-foreign-ledger"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'pgapply_migrations'") == "0");
  result = project.pgapply({"up", "--dry-run"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "pgapply baseline --from flyway\n"));
  // The JSON error's message carries the command, not a sentence cut before it.
  result = project.pgapply({"up", "--format", "json"});
  CHECK(result.status == 4);
  const auto refused = nlohmann::json::parse(result.out);
  CHECK(contains(refused["error"]["message"].get<std::string>(), "adopt them with: pgapply baseline --from flyway"));

  // V3's row holds a checksum that is not the file's: refused, named, nothing written.
  result = project.pgapply({"baseline", "--from", "flyway", "--yes"});
  INFO(result.out);
  CHECK(result.status == 4);
  CHECK(has_line(result.out, "CHECKSUM DIFFERS", "V3__create_c.sql"));
  CHECK(contains(result.out, "Flyway's checksum -1044203613, the file's"));
  CHECK(has_line(result.out, "matched", "V1__create_a.sql"));
  CHECK(contains(result.out, "Nothing recorded: the ledger and the files disagree"));
  CHECK(contains(result.out, "pgapply baseline --from flyway --yes --force '...' ('...' is your reason)"));
  CHECK(contains(result.out, "record the 3 migrations flyway applied anyway (those whose checksum differs too), "
                             "saying why: "));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'pgapply_migrations'") == "0");

  result = project.pgapply({"baseline", "--from", "flyway"});  // dry by default
  CHECK(result.status == 4);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'pgapply_migrations'") == "0");
  result = project.pgapply({"baseline", "--from", "flyway", "--yes", "--force", "V3 was reformatted after Flyway ran it"});
  INFO(result.out);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Recorded 3 migrations as applied without running them (method baseline, source flyway), "
                             "forced: V3 was reformatted after Flyway ran it."));
  CHECK(project.query("select string_agg(version || ':' || method || ':' || source || ':' || applied_by || ':' || "
                      "to_char(applied_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'), ',' order by version) "
                      "from pgapply_migrations") ==
        "1:baseline:flyway:alice:2024-01-02 03:04:05,2:baseline:flyway:bob:2024-01-04 00:00:00,"
        "3:baseline:flyway:bob:2024-01-03 00:00:00");
  CHECK(project.query("select distinct reason from pgapply_migrations_history") ==
        "from flyway (public.flyway_schema_history); forced: V3 was reformatted after Flyway ran it");

  // Running it again records nothing more; up runs only the repeatable Flyway never ran.
  result = project.pgapply({"baseline", "--from", "flyway", "--yes"});
  CHECK(result.status == 0);
  CHECK(has_line(result.out, "already recorded", "V3__create_c.sql"));
  CHECK(contains(result.out, "everything flyway applied is in pgapply's ledger already"));
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out + result.err, "Applied R__views.sql"));
  CHECK_FALSE(contains(result.out + result.err, "Applied V1__create_a.sql"));
  CHECK(contains(project.pgapply({"status"}).out, "baseline (flyway)"));
}

TEST_CASE("baseline --from flyway: a file in Latin-1 that Flyway read with flyway.encoding=ISO-8859-1 matches") {
  MigrationProject project;
  // Checksums as Flyway records them (computed by Java as Flyway does): the
  // first file read as ISO-8859-1, the second's row from an edited file.
  project.write("V1__cafe.sql", "insert into t values ('caf\xE9');\r\n-- na\xEFve\n");  // 2017350727
  project.write("V2__more.sql", "select '\xE9';\n");
  project.execute(flyway_ddl);
  project.execute(R"(
    INSERT INTO flyway_schema_history VALUES
      (1, '1', 'cafe', 'SQL', 'V1__cafe.sql', 2017350727, 'alice', '2024-01-02 03:04:05', 5, true),
      (2, '2', 'more', 'SQL', 'V2__more.sql', 12345, 'alice', '2024-01-02 03:04:06', 5, true);
  )");
  ProcessOptions latin1;  // (pgapply reads the files as Latin-1 only when told)
  latin1.env = {{"PGCLIENTENCODING", "LATIN1"}};
  const auto result = project.pgapply({"baseline", "--from", "flyway"}, latin1);
  INFO(result.out);
  INFO(result.err);
  CHECK(result.status == 4);  // V2 differs
  CHECK(has_line(result.out, "matched", "V1__cafe.sql"));
  CHECK(contains(result.out, "checksum 2017350727 agrees (the file read as ISO-8859-1)"));
  CHECK(has_line(result.out, "CHECKSUM DIFFERS", "V2__more.sql"));
  CHECK(contains(result.out, "read as ISO-8859-1 (it is not UTF-8: Flyway read it as flyway.encoding said)"));
}

TEST_CASE("baseline --from flyway: a repeatable's checksum is taken with its placeholders replaced, as Flyway takes it") {
  MigrationProject project;
  project.write("V1__t.sql", "create table ${tbl} (id int);\n");  // -726724510: a versioned file's, as written
  project.write("R__v.sql", "create or replace view ${tbl}_v as select 1;\n");
  project.execute(flyway_ddl);
  // 1190337365: "create or replace view foo_v as select 1;" (computed by Java as Flyway does)
  project.execute(R"(
    INSERT INTO flyway_schema_history VALUES
      (1, '1', 't', 'SQL', 'V1__t.sql', -726724510, 'alice', '2024-01-02 03:04:05', 5, true),
      (2, NULL, 'v', 'SQL', 'R__v.sql', 1190337365, 'alice', '2024-01-02 03:04:06', 5, true);
  )");
  auto result = project.pgapply({"baseline", "--from", "flyway", "-v", "tbl=foo"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(has_line(result.out, "matched", "R__v.sql"));
  CHECK(contains(result.out, "checksum 1190337365 agrees"));
  // Another value: another text, which Flyway would run again.
  result = project.pgapply({"baseline", "--from", "flyway", "-v", "tbl=bar"});
  CHECK(has_line(result.out, "changed", "R__v.sql"));
}

TEST_CASE("baseline --from flyway refuses a failed row, even forced, --ignore-foreign-ledger runs everything") {
  MigrationProject project;
  flyway_files(project);
  project.execute(flyway_ddl);
  project.execute(R"(
    INSERT INTO flyway_schema_history VALUES
      (1, '1', 'create a', 'SQL', 'V1__create_a.sql', -897341557, 'alice', now(), 5, true),
      (2, '2', 'create b', 'SQL', 'V2__create_b.sql', 350113888, 'alice', now(), 5, false);
  )");
  auto result = project.pgapply({"baseline", "--from", "flyway", "--yes", "--force", "please"});
  CHECK(result.status == 4);
  CHECK(has_line(result.out, "FAILED", "V2__create_b.sql"));
  CHECK(contains(result.out, "success = false"));
  CHECK(contains(result.out, "--force does not record past it"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'pgapply_migrations'") == "0");

  result = project.pgapply({"up", "--no-verify", "--ignore-foreign-ledger"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "4");
}

TEST_CASE("baseline --from dbmate: versions of a dbmate table, a gap and a row without a file stop it") {
  MigrationProject project;
  // dbmate's ledger on PostgreSQL (amacneil/dbmate, pkg/driver/postgres/postgres.go,
  // CreateMigrationsTable): create table if not exists ... (version varchar(128) primary key).
  project.execute("create table if not exists public.schema_migrations (version varchar(128) primary key)");
  project.execute("insert into schema_migrations (version) values ('20240101000000'), ('20240103000000'), "
                  "('20240104000000')");
  project.write("20240101000000_a.sql", "-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n");
  project.write("20240102000000_b.sql", "-- migrate:up\ncreate table b (id int);\n-- migrate:down\ndrop table b;\n");
  project.write("20240103000000_c.sql", "-- migrate:up\ncreate table c (id int);\n-- migrate:down\ndrop table c;\n");
  project.write("20240105000000_e.sql", "-- migrate:up\ncreate table e (id int);\n-- migrate:down\ndrop table e;\n");
  auto result = project.pgapply({"status"});
  CHECK(contains(result.out, "dbmate's ledger public.schema_migrations records 3 applied migrations"));
  result = project.pgapply({"baseline", "--from", "dbmate", "--yes"});
  INFO(result.out);
  CHECK(result.status == 4);
  CHECK(has_line(result.out, "NO ROW", "20240102000000_b.sql"));
  CHECK(has_line(result.out, "NO FILE", "(no file: 20240104000000)"));
  CHECK(has_line(result.out, "pending", "20240105000000_e.sql"));
  // dbmate keeps no checksums: the way out does not speak of them
  CHECK(contains(result.out, "record the 2 migrations dbmate applied anyway, saying why: pgapply baseline --from dbmate "
                             "--yes --force '...'"));
  CHECK(!contains(result.out, "checksum"));
  // golang-migrate is told apart by its dirty column.
  result = project.pgapply({"baseline", "--from", "golang-migrate"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "has no dirty column: it is not golang-migrate's ledger"));

  project.execute("delete from schema_migrations where version = '20240104000000'");
  project.execute("insert into schema_migrations values ('20240102000000')");
  result = project.pgapply({"baseline", "--from", "dbmate", "--yes"});
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version, ',' order by version) from pgapply_migrations where source = 'dbmate'") ==
        "20240101000000,20240102000000,20240103000000");
}

TEST_CASE("a ledger adopted from dbmate, then rolled back by pgapply: no hint to adopt it again, baseline does not") {
  MigrationProject project;
  project.execute("create table public.schema_migrations (version varchar(128) primary key)");
  project.execute("insert into schema_migrations values ('20240101000000'), ('20240102000000')");
  project.execute("create table a (id int); create table b (id int)");
  project.write("20240101000000_a.sql", "-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n");
  project.write("20240102000000_b.sql", "-- migrate:up\ncreate table b (id int);\n-- migrate:down\ndrop table b;\n");
  REQUIRE(project.pgapply({"baseline", "--from", "dbmate", "--yes"}).status == 0);
  // Only b rolled back: baseline --from dbmate again keeps it out.
  REQUIRE(project.pgapply({"down"}).status == 0);
  auto result = project.pgapply({"baseline", "--from", "dbmate"});
  INFO(result.out);
  CHECK(result.status == 0);
  CHECK(has_line(result.out, "rolled back", "20240102000000_b.sql"));
  CHECK(contains(result.out, "pgapply rolled it back (rolled-back, "));
  // Everything rolled back: pgapply's ledger is empty, and that is pgapply's doing.
  REQUIRE(project.pgapply({"down", "--to", "0"}).status == 0);
  REQUIRE(project.query("select count(*) from pgapply_migrations") == "0");
  result = project.pgapply({"status"});
  CHECK(!contains(result.out, "baseline --from"));
  CHECK(contains(result.out, "2 pending"));
  result = project.pgapply({"baseline", "--from", "dbmate", "--yes"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
  result = project.pgapply({"up"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "2");
  CHECK(project.query("select to_regclass('b') is not null") == "t");
}

TEST_CASE("baseline --from golang-migrate: one row covers every file up to it, dirty is refused") {
  MigrationProject project;
  // golang-migrate's postgres driver (golang-migrate/migrate, database/postgres/postgres.go,
  // ensureVersionTable), and SetVersion's one row.
  project.execute("CREATE TABLE IF NOT EXISTS \"schema_migrations\" (version bigint not null primary key, dirty boolean not null)");
  project.execute("INSERT INTO schema_migrations (version, dirty) VALUES (2, true)");
  for (const auto* name : {"1_a", "2_b", "3_c"}) {
    project.write(std::string(name) + ".up.sql", "select 1;\n");
    project.write(std::string(name) + ".down.sql", "select 1;\n");
  }
  // golang-migrate stores the version it is at: the notice counts the files up to it (not its one row)
  auto result = project.pgapply({"status"});
  CHECK(contains(result.out, "golang-migrate's ledger public.schema_migrations is at version 2, left dirty by a failed "
                             "run (1 applied migration up to it): repair the failed run with golang-migrate first, then "
                             "adopt it with:\n  pgapply baseline --from golang-migrate\n"));
  result = project.pgapply({"baseline", "--from", "golang-migrate", "--yes", "--force", "x"});
  CHECK(result.status == 4);
  CHECK(has_line(result.out, "FAILED", "2_b.up.sql"));
  CHECK(contains(result.out, "dirty"));
  project.execute("UPDATE schema_migrations SET dirty = false");
  result = project.pgapply({"up"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "golang-migrate's ledger public.schema_migrations is at version 2 (2 applied migrations up to "
                             "it): adopt them with"));
  result = project.pgapply({"status", "--format", "json"});
  const auto notes = nlohmann::json::parse(result.out)["foreign_ledgers"];
  REQUIRE(notes.size() == 1);
  CHECK(notes[0]["applied"] == 2);
  CHECK(notes[0]["version"] == "2");
  result = project.pgapply({"baseline", "--from", "golang-migrate"});
  CHECK(contains(result.out, "record the 2 migrations golang-migrate applied: "));  // the number the notice gave
  result = project.pgapply({"baseline", "--from", "golang-migrate", "--yes"});
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version, ',' order by version) from pgapply_migrations") == "1,2");
  CHECK(contains(project.pgapply({"status"}).out, "3_c.up.sql"));
}

TEST_CASE("a foreign ledger holding only a failed or dirty run is noticed: up refuses to run everything again") {
  MigrationProject project;
  project.execute("CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)");
  project.execute("INSERT INTO schema_migrations (version, dirty) VALUES (1, true)");
  for (const auto* name : {"1_a", "2_b"}) {
    project.write(std::string(name) + ".up.sql", "create table t" + std::string(name) + " (id int);\n");
    project.write(std::string(name) + ".down.sql", "select 1;\n");
  }
  auto result = project.pgapply({"status"});
  CHECK(contains(result.out, "is at version 1, left dirty by a failed run (0 applied migrations up to it): repair the "
                             "failed run with golang-migrate first"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "refusing to run the migrations beside another tool's failed run"));
  result = project.pgapply({"status", "--format", "json"});
  const auto notes = nlohmann::json::parse(result.out)["foreign_ledgers"];
  REQUIRE(notes.size() == 1);
  CHECK(notes[0]["failed"] == 1);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'pgapply_migrations'") == "0");

  MigrationProject flyway;
  flyway_files(flyway);
  flyway.execute(flyway_ddl);
  flyway.execute("INSERT INTO flyway_schema_history VALUES "
                 "(1, '1', 'create a', 'SQL', 'V1__create_a.sql', -897341557, 'alice', now(), 5, false)");
  result = flyway.pgapply({"up", "--no-verify"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "records 0 applied migrations and 1 failed run: repair the failed run with flyway first"));
}

TEST_CASE("baseline --from goose: version 0 and rolled-back versions do not count, applied_at from tstamp") {
  MigrationProject project;
  // goose's postgres dialect (pressly/goose, PostgresDialect.createVersionTableSql).
  project.execute(R"(CREATE TABLE goose_db_version (
                       id serial NOT NULL,
                       version_id bigint NOT NULL,
                       is_applied boolean NOT NULL,
                       tstamp timestamp NULL default now(),
                       PRIMARY KEY(id)))");
  project.execute("INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES "
                  "(0, true, '2024-01-01 00:00:00'), (1, true, '2024-01-02 00:00:00'), "
                  "(3, true, '2024-01-03 00:00:00'), (2, true, '2024-01-04 00:00:00'), (2, false, '2024-01-05 00:00:00')");
  project.write("00001_a.sql", "-- +goose Up\ncreate table a (id int);\n-- +goose Down\ndrop table a;\n");
  project.write("00002_b.sql", "-- +goose Up\ncreate table b (id int);\n-- +goose Down\ndrop table b;\n");
  project.write("00003_c.sql", "-- +goose Up\ncreate table c (id int);\n-- +goose Down\ndrop table c;\n");
  // goose's newest row of a version decides: 1 and 3 are applied, 2 rolled back
  auto result = project.pgapply({"status"});
  CHECK(contains(result.out, "goose's ledger public.goose_db_version records 2 applied migrations: adopt them with"));
  result = project.pgapply({"baseline", "--from", "goose"});
  INFO(result.out);
  // goose's row of version 2 says it rolled 2 back: no disagreement, and 2 is up's to run
  CHECK(result.status == 0);
  CHECK(has_line(result.out, "rolled back", "00002_b.sql"));
  CHECK(contains(result.out, "goose rolled it back (its newest row has is_applied = false): up runs it with "
                             "--allow-out-of-order"));
  CHECK(!contains(result.out, "NO ROW"));
  CHECK(contains(result.out, "Baseline from goose (public.goose_db_version): 2 matched, 1 rolled back."));
  result = project.pgapply({"baseline", "--from", "goose", "--yes"});
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version || '@' || to_char(applied_at at time zone 'UTC', 'YYYY-MM-DD'), ',' "
                      "order by version) from pgapply_migrations") == "1@2024-01-02,3@2024-01-03");
  result = project.pgapply({"up", "--no-verify", "--allow-out-of-order"});
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version, ',' order by version) from pgapply_migrations") == "1,2,3");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "1");
}

TEST_CASE("baseline --from supabase and --from sqitch") {
  MigrationProject project;
  // The Supabase CLI's history table (supabase/cli, pkg/migration/history.go:
  // CREATE_VERSION_SCHEMA, CREATE_VERSION_TABLE, ADD_STATEMENTS_COLUMN, ADD_NAME_COLUMN).
  project.execute("CREATE SCHEMA IF NOT EXISTS supabase_migrations;"
                  "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);"
                  "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];"
                  "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;");
  project.execute("INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES "
                  "('20240101120000', 'init', ARRAY['create table a (id int)'])");
  project.write("20240101120000_init.sql", "create table a (id int);\n");
  project.write("20240102120000_more.sql", "create table b (id int);\n");
  auto result = project.pgapply({"baseline", "--from", "supabase", "--yes"});
  INFO(result.out);
  CHECK(result.status == 0);
  CHECK(project.query("select version || ':' || source from pgapply_migrations") == "20240101120000:supabase");
  CHECK(contains(result.out, "applied by supabase; its 1 statement agrees with the file's"));

  // A file edited after the CLI pushed it: its stored statements are not the file's, as Flyway's checksum.
  project.execute("INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES "
                  "('20240102120000', 'more', ARRAY['create table b (id int)'])");
  project.write("20240102120000_more.sql", "create table b (id int);\ninsert into b values (1);\n");
  result = project.pgapply({"baseline", "--from", "supabase", "--yes"});
  INFO(result.out);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "CHECKSUM DIFFERS"));
  CHECK(contains(result.out, "the Supabase CLI stored 1 statement, the file has 2 (statement 2, only in the file: "
                             "'insert into b values (1)'): the file is not what the Supabase CLI applied"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");  // nothing recorded
  result = project.pgapply({"baseline", "--from", "supabase", "--format", "json"});
  CHECK(nlohmann::json::parse(result.out)["migrations"][1]["state"] == "checksum_differs");

  // sqitch's registry (sqitchers/sqitch, lib/App/Sqitch/Engine/pg.sql), the tables
  // a change row needs; matched by the change's name.
  MigrationProject sqitch;
  sqitch.execute(R"(
    CREATE SCHEMA sqitch;
    CREATE TABLE sqitch.projects (project TEXT PRIMARY KEY, uri TEXT NULL UNIQUE,
      created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), creator_name TEXT NOT NULL, creator_email TEXT NOT NULL);
    CREATE TABLE sqitch.changes (
      change_id TEXT PRIMARY KEY, script_hash TEXT NULL, change TEXT NOT NULL,
      project TEXT NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE, note TEXT NOT NULL DEFAULT '',
      committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), committer_name TEXT NOT NULL,
      committer_email TEXT NOT NULL, planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL,
      planner_email TEXT NOT NULL, UNIQUE(project, script_hash));
    INSERT INTO sqitch.projects VALUES ('app', NULL, now(), 'Ann', 'ann@example.com');
    INSERT INTO sqitch.changes VALUES
      ('c1', 'daf010c72bd3c6928c7abb7f8fab4e1951bdd368', 'users', 'app', '', '2024-02-01 10:00:00+00', 'Ann',
       'ann@example.com', now(), 'Ann', 'ann@example.com'),
      ('c2', NULL, 'orders', 'app', '', '2024-02-02 10:00:00+00', 'Ann', 'ann@example.com', now(), 'Ann', 'ann@example.com');
  )");
  sqitch.write("001_users.sql", "create table users (id int);\n");
  sqitch.write("002_orders.sql", "create table orders (id int);\n");
  sqitch.write("003_items.sql", "create table items (id int);\n");
  // script_hash is the SHA-1 of the deploy script sqitch ran (sha1sum): an
  // edited copy disagrees; a NULL one (an older registry) is not compared.
  sqitch.write("001_users.sql", "create table users (id bigint);\n");
  result = sqitch.pgapply({"baseline", "--from", "sqitch", "--yes"});
  CHECK(result.status == 4);
  CHECK(contains(result.out, "sqitch's script_hash daf010c72bd3c6928c7abb7f8fab4e1951bdd368, the file's SHA-1 "));
  sqitch.write("001_users.sql", "create table users (id int);\n");
  result = sqitch.pgapply({"baseline", "--from", "sqitch", "--yes"});
  INFO(result.out);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "script_hash agrees"));
  CHECK(sqitch.query("select string_agg(version || ':' || applied_by, ',' order by version) from pgapply_migrations") ==
        "1:Ann <ann@example.com>,2:Ann <ann@example.com>");
}

TEST_CASE("baseline --from: a tool without its table, --from-table, usage errors") {
  MigrationProject project;
  project.write("001_a.sql", "select 1;\n");
  auto result = project.pgapply({"baseline", "--from", "flyway"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "there is no table flyway_schema_history"));
  result = project.pgapply({"baseline", "--from", "liquibase"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "not a tool pgapply adopts (flyway, dbmate, golang-migrate, goose, supabase, sqitch)"));
  CHECK(project.pgapply({"baseline", "--from-table", "x"}).status == 1);
  CHECK(project.pgapply({"baseline", "--from", "flyway", "--detect"}).status == 1);
  project.execute("create schema legacy; create table legacy.versions (version varchar(128) primary key);"
                  "insert into legacy.versions values ('1')");
  result = project.pgapply({"baseline", "--from", "dbmate", "--from-table", "legacy.versions"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "pgapply baseline --from dbmate --from-table legacy.versions --yes"));
}

TEST_CASE("a Supabase CLI table from before mid-2023 (version alone): found, adopted, and brought up to date") {
  MigrationProject project;
  // The CLI made version alone until 2023-06-05 (statements) and 2023-06-26 (name):
  // supabase/cli, pkg/migration/history.go, whose next push adds each column.
  project.execute("CREATE SCHEMA supabase_migrations;"
                  "CREATE TABLE supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);"
                  "INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101120000');"
                  "CREATE TABLE a (id int);");
  project.write("20240101120000_a.sql", "create table a (id int);\n");
  project.write("20240102120000_b.sql", "create table b (id int);\n");
  auto result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 4);  // not run again: the CLI applied it
  CHECK(contains(result.err, "supabase's ledger supabase_migrations.schema_migrations records 1 applied migration"));
  result = project.pgapply({"status", "--ledger-format", "supabase"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "2 migrations: 1 applied, 1 pending."));
  result = project.pgapply({"up", "--no-verify", "--ledger-format", "supabase"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version || ':' || coalesce(name, '-') || ':' || "
                      "coalesce(statements::text, '-'), ',' order by version) "
                      "from supabase_migrations.schema_migrations") ==
        "20240101120000:-:-,20240102120000:b:{\"create table b (id int)\"}");
}

TEST_CASE("--ledger-format supabase: the Supabase CLI's table kept in step by up, down and what the CLI applied") {
  MigrationProject project;
  project.write("20240101120000_users.sql", "-- users\ncreate table users (id int);\ninsert into users values (1);\n");
  project.write("20240102120000_items.sql", "create table items (id int);\n");
  project.write("20240103120000_idx.sql", "create index concurrently items_id on items (id);\n");
  // In the project file, as a Supabase project would set it.
  project.write_file("pgapply.toml", "ledger_format = \"supabase\"\n");
  // The CLI reads every <digits>_<name>.sql as a migration: a rollback file beside the migrations would be
  // applied by `supabase db push` as a second migration of its version. Refused, naming where it goes.
  project.write("20240101120000_users.down.sql", "drop table users;\n");
  auto result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--ledger-format supabase: migrations/20240101120000_users.sql has its rollback in "
                             "20240101120000_users.down.sql, which the Supabase CLI would read as another "
                             "migration of version 20240101120000: move it into down/ of the migrations directory"));
  project.remove("20240101120000_users.down.sql");
  project.write("20240109120000_gone.down.sql", "select 1;\n");  // its migration gone: still one to the CLI
  result = project.pgapply({"status"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/20240109120000_gone.down.sql is a rollback file, which the Supabase CLI "
                             "would read as a migration of version 20240109120000"));
  project.remove("20240109120000_gone.down.sql");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'users'") == "0");
  // In down/, where the CLI does not look, they are the rollbacks.
  project.write("down/20240101120000_users.down.sql", "drop table users;\n");
  project.write("down/20240102120000_items.down.sql", "drop table items;\n");
  project.write("down/20240103120000_idx.down.sql", "drop index concurrently items_id;\n");
  result = project.pgapply({"up", "--no-verify", "--target", "20240102120000"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  // The rows the Supabase CLI writes: version and name from the file name, the statements as it splits them.
  CHECK(project.query("select version || '|' || name || '|' || array_to_string(statements, '#') from "
                      "supabase_migrations.schema_migrations order by version") ==
        "20240101120000|users|-- users\ncreate table users (id int)#insert into users values (1)\n"
        "20240102120000|items|create table items (id int)");

  // A file that fails leaves neither ledger changed (one transaction).
  project.write("20240104120000_bad.sql", "create table bad (id int);\nselect 1/0;\n");
  CHECK(project.pgapply({"up", "--no-verify"}).status == 3);
  CHECK(project.query("select string_agg(version, ',' order by version) from supabase_migrations.schema_migrations") ==
        "20240101120000,20240102120000,20240103120000");  // the non-transactional index file went before
  CHECK(project.query("select count(*) from pgapply_migrations where version = '20240104120000'") == "0");
  project.remove("20240104120000_bad.sql");

  // down deletes the CLI's row with pgapply's.
  result = project.pgapply({"down", "--steps", "2"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version, ',') from supabase_migrations.schema_migrations") == "20240101120000");

  // What the CLI applies (its row, as `supabase migration up` writes it) counts as applied:
  // status shows it, up records it instead of running it again.
  project.execute("create table items (id int);"
                  "INSERT INTO supabase_migrations.schema_migrations(version, name, statements) "
                  "VALUES ('20240102120000', 'items', ARRAY['create table items (id int)'])");
  result = project.pgapply({"status"});
  CHECK(contains(result.out, "baseline (supabase)"));
  CHECK(contains(result.out, "3 migrations: 2 applied, 1 pending."));  // not "modified": the file's checksum
  // Applied, with its file's checksum and statement count (status loads only what it must).
  CHECK(contains(result.out, "20240102120000  applied"));
  CHECK_FALSE(contains(result.out, "modified"));
  result = project.pgapply({"status", "--format", "json"});
  const auto status = nlohmann::json::parse(result.out);
  CHECK(status["migrations"][1]["version"] == "20240102120000");
  CHECK(status["migrations"][1]["state"] == "applied");
  CHECK(status["migrations"][1]["statements"] == 1);
  CHECK(status["migrations"][1]["ledger_checksum"] == status["migrations"][1]["checksum"]);
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err + result.out, "Recorded what the Supabase CLI applied (method baseline, source supabase): "
                                          "20240102120000_items.sql"));
  CHECK(project.query("select string_agg(version || ':' || method, ',' order by version) from pgapply_migrations") ==
        "20240101120000:up,20240102120000:baseline,20240103120000:up");
  CHECK(project.query("select count(*) from supabase_migrations.schema_migrations") == "3");

  // The dry-run script writes the same rows.
  result = project.pgapply({"down", "--steps", "1", "--dry-run"});
  CHECK(contains(result.out, "DELETE FROM supabase_migrations.schema_migrations WHERE version = '20240103120000'"));
  // A file the CLI would not read is refused by name.
  project.write("V5__flyway.sql", "select 1;\n");
  result = project.pgapply({"status"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "V5__flyway.sql is not a file the Supabase CLI reads"));
}

TEST_CASE("--ledger-format supabase or dbmate: a file using psql's meta-commands or variables is refused, naming the line") {
  MigrationProject project;
  project.write("20240101000000_plain.sql", "create table plain (id int);\n");
  project.write("20240102000000_meta.sql", "-- widgets\n\\set tbl widgets\ncreate table :tbl (id int);\n");
  auto result = project.pgapply({"up", "--no-verify", "--ledger-format", "supabase"});
  INFO(result.out, result.err);
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--ledger-format supabase: migrations/20240102000000_meta.sql:2 uses a psql meta-command "
                             "or variable, which the Supabase CLI does not read"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'plain'") == "0");  // before anything ran
  project.write("20240101000000_plain.sql", "-- migrate:up\ncreate table plain (id int);\n-- migrate:down\n");
  project.write("20240102000000_meta.sql", "-- migrate:up\ncreate table :\"name\" (id int);\n-- migrate:down\n");
  result = project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate", "-v", "name=w"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "20240102000000_meta.sql:2 uses a psql meta-command or variable, which dbmate"));
  // As pgapply's own format, the file is pgapply's to interpret.
  CHECK(project.pgapply({"up", "--no-verify", "-v", "name=w"}).status == 0);
}

TEST_CASE("goose's migrations in Go: up stops before one it cannot run, baseline --from goose and repair record them") {
  MigrationProject project;
  project.write("00001_a.sql", "-- +goose Up\ncreate table a (id int);\n-- +goose Down\ndrop table a;\n");
  project.write("00002_a_index.go", "package migrations\n// goose.AddMigration(upAIndex, downAIndex)\n");
  project.write("00002_a_index_test.go", "package migrations\n");  // a test file: no migration
  project.write("00003_c.sql", "-- +goose Up\ncreate table c (id int);\n-- +goose Down\ndrop table c;\n");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "00002_a_index.go is a goose migration written in Go, which pgapply cannot run: apply it "
                             "with your goose binary (goose up-to 00002), then record what goose applied with pgapply "
                             "baseline --from goose --yes"));
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'c')") == "0");
  result = project.pgapply({"status"});
  CHECK(contains(result.out, "00002_a_index.go"));
  CHECK(contains(result.out, "a goose migration in Go, which pgapply cannot run: up stops here until goose applies it"));
  CHECK_FALSE(contains(result.out, "_test.go"));
  // goose applies 1 and 2 (the Go one made an index), pgapply adopts them, then applies 3.
  project.execute("CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, is_applied boolean "
                  "NOT NULL, tstamp timestamp NULL default now(), PRIMARY KEY(id));"
                  "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true);"
                  "create table a (id int); create index a_id on a (id)");
  result = project.pgapply({"baseline", "--from", "goose", "--yes"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version || ':' || file_name || ':' || method, ',' order by version) "
                      "from pgapply_migrations") == "1:00001_a.sql:baseline,2:00002_a_index.go:baseline");
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 0);
  result = project.pgapply({"status", "--exit-code"});
  CHECK(result.status == 0);  // the Go migration is applied, not "missing"
  // Another Go migration, applied by goose alone: recorded by repair, as the refusal says.
  project.write("00004_d.go", "package migrations\n");
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 4);
  // goose up-to 4 would run 3 again, which pgapply applied and goose's ledger lacks: the refusal records it there
  // first (a hunt's find), with SQL that runs as printed and adds only what goose lacks.
  const std::string& refusal = result.err;
  const std::string insert = "INSERT INTO goose_db_version";
  REQUIRE(contains(refusal, "goose applies every version above the highest its ledger records, so first record "
                            "there the 3 migrations pgapply applied before it"));
  const auto sql_at = refusal.find(insert);
  const std::string sql = refusal.substr(sql_at, refusal.find("; then ", sql_at) - sql_at);
  CHECK(contains(sql, "'{1,2,3}'::bigint[]"));
  project.execute(sql);
  CHECK(project.query("select string_agg(version_id::text, ',' order by id) from goose_db_version") == "0,1,2,3");
  CHECK(contains(refusal, "; then apply it with your goose binary (goose up-to 00004)"));
  CHECK(project.pgapply({"repair", "--mark-applied", "4", "--reason", "goose ran it"}).status == 0);
  CHECK(project.pgapply({"status", "--exit-code"}).status == 0);
  // One version for a Go and an SQL migration: an error naming both.
  project.write("00004_d.sql", "select 1;\n");
  result = project.pgapply({"status"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "two migrations have version 4: 00004_d.sql and 00004_d.go"));
}

TEST_CASE("another tool's schema the role may not use is passed over: the others' ledgers are still found") {
  MigrationProject project;
  const LoginRole role(project, "pgapply_foreign");
  project.execute("alter database \"" + project.database().name() + "\" owner to " + role.name());
  project.execute("create schema supabase_migrations; "
                  "create table supabase_migrations.schema_migrations (version text primary key); "
                  "revoke all on schema supabase_migrations from public");
  project.write("001_a.sql", "create table a (id int);\n");
  // Nothing else there: status and up go on as on an empty database.
  auto result = project.pgapply({"status", "-d", role.conninfo()});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.err, "--from-table"));
  // dbmate's table, which it may read, is still found beside it.
  project.execute("create table public.schema_migrations (version varchar(128) primary key); "
                  "insert into public.schema_migrations values ('1'); "
                  "alter table public.schema_migrations owner to " + role.name());
  result = project.pgapply({"up", "-d", role.conninfo()});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out + result.err, "public.schema_migrations"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'a'") == "0");
}
