// Ops reports end to end: preflight, verify (also after up), baseline.
#include <doctest/doctest.h>

#include <filesystem>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

void copy_examples(const MigrationProject& project) {
  std::filesystem::copy(source_path("migrations"), project.path() + "/migrations",
                        std::filesystem::copy_options::recursive);
}

}  // namespace

TEST_CASE("preflight counts the 4 missing columns, up adds them, verify checks them and catches a dropped one") {
  MigrationProject project;
  copy_examples(project);
  REQUIRE(project.pgapply({"up", "--target", "4"}).status == 0);

  auto result = project.pgapply({"preflight"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "columns: 0 of 4 exist; will add max_reports, email_digest, timezone, theme to users"));
  CHECK(contains(result.out, "005_user_preferences.sql"));
  CHECK(contains(result.out, "The pending SQL needs PostgreSQL 9.5 or later (CREATE INDEX IF NOT EXISTS at migrations/006_prices_day_index.sql:7): ok."));
  result = project.pgapply({"preflight", "--format", "json"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "\"will_fail\": false"));

  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Verified on the shadow: the "));
  CHECK(contains(result.out, " objects this run touched changed as its migrations change them on a copy of this schema ("));
  CHECK(contains(project.pgapply({"up", "--no-verify"}).out, "up to date"));

  result = project.pgapply({"verify"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Verified: "));
  // the static model's report, by column
  result = project.pgapply({"verify", "--no-shadow"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "users.max_reports"));
  for (const std::string line :
       {"users.max_reports          integer                   5                  NO        ok",
        "users.email_digest         boolean                   true               NO        ok",
        "users.timezone             text                      'UTC'              YES       ok",
        "users.theme                character varying(20)     'light'            NO        ok"}) {
    CHECK_MESSAGE(contains(result.out, line), line);
  }

  project.execute("alter table users drop column timezone");
  for (const char* shadow : {"", "--no-shadow"}) {
    std::vector<std::string> args{"verify"};
    if (*shadow) args.push_back(shadow);
    result = project.pgapply(args);
    INFO(result.out);
    CHECK(result.status == 4);
    CHECK(contains(result.out, "users.timezone"));
    CHECK(contains(result.out, "missing"));
    CHECK(contains(result.out, "migrations/005_user_preferences.sql:30"));
    args.insert(args.end(), {"--format", "json"});
    result = project.pgapply(args);
    CHECK(result.status == 4);
    CHECK(contains(result.out, "\"ok\": false"));
  }
}

TEST_CASE("preflight exits 4 for a migration that alters a table that does not exist, before anything runs") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "alter table nowhere add column x int;\n");
  const auto result = project.pgapply({"preflight"});
  CHECK(result.status == 4);
  CHECK(contains(result.out, "nowhere"));
  CHECK(contains(result.out, "migrations/002_b.sql:1"));
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'public'") == "0");
  // An earlier pending migration that creates the table makes it fine.
  project.write("002_b.sql", "alter table a add column if not exists x int;\n");
  const auto fine = project.pgapply({"preflight"});
  CHECK(fine.status == 0);
  CHECK(contains(fine.out, "The pending SQL needs PostgreSQL 9.6 or later (ADD COLUMN IF NOT EXISTS at migrations/002_b.sql:1)"));
}

TEST_CASE("verify compares types and defaults as the server normalises them") {
  MigrationProject project;
  project.write("001_types.sql",
                "CREATE TABLE things (\n"
                "  id SERIAL PRIMARY KEY,\n"
                "  name VARCHAR(255) NOT NULL,\n"
                "  count INTEGER DEFAULT 0,\n"
                "  at TIMESTAMPTZ DEFAULT now(),\n"
                "  ratio FLOAT8 DEFAULT -1.5,\n"
                "  tags TEXT[] DEFAULT '{}',\n"
                "  code CHAR(3) DEFAULT 'abc'\n"
                ");\n");
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(project.pgapply({"verify"}).status == 0);
  const auto result = project.pgapply({"verify", "--no-shadow"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "things.name"));
  CHECK(contains(result.out, "character varying(255)"));
  CHECK(contains(result.out, "timestamp with time zone"));
  CHECK_FALSE(contains(result.out, "different"));
  project.execute("alter table things alter column count type bigint");
  const auto changed = project.pgapply({"verify"});
  CHECK(changed.status == 4);
  CHECK(contains(changed.out, "things.count"));
  CHECK(contains(changed.out, "different"));
}

TEST_CASE("verify --no-shadow: a default qualified by a schema on search_path, UNIQUE beside PRIMARY KEY: all ok") {
  MigrationProject project;
  // extensions on search_path, as Supabase has it: the server prints new_id() unqualified
  project.execute("alter database " + project.database().name() + " set search_path = public, extensions");
  project.write("001_ids.sql",
                "create schema if not exists extensions;\n"
                "create function extensions.new_id() returns uuid language sql as 'select gen_random_uuid()';\n"
                "create table u (id uuid default extensions.new_id(), code int primary key unique);\n"
                "create table v (a int unique, b int, unique (a), constraint v_key primary key (b), unique (b));\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  CHECK(project.query("select string_agg(conname, ',' order by conname) from pg_constraint "
                      "where conrelid in ('u'::regclass, 'v'::regclass)") == "u_pkey,v_a_key,v_key");
  const auto result = project.pgapply({"verify", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Verify ok"));
  CHECK_FALSE(contains(result.out, "DIFFERENT"));
  CHECK_FALSE(contains(result.out, "MISSING"));
  CHECK_FALSE(contains(result.out, "uncertain"));
  CHECK(project.pgapply({"verify"}).status == 0);  // the shadow agrees
}

TEST_CASE("verify catches the invalid index a failed CREATE INDEX CONCURRENTLY leaves behind") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int);\ninsert into t values (1), (1);\n");
  project.write("002_unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a ON t (a);\n");
  CHECK(project.pgapply({"up"}).status == 3);
  // Fixed data, the file re-run: pgapply drops the invalid index first (else
  // IF NOT EXISTS would skip it), and the index is built.
  project.execute("delete from t where ctid = (select max(ctid) from t)");
  project.write("002_unique.sql", "-- retried\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a ON t (a);\n");
  CHECK(project.pgapply({"up"}).status == 0);
  // Broken by hand afterwards (a CREATE INDEX CONCURRENTLY that failed outside pgapply): verify sees it.
  project.execute("drop index t_a");
  project.execute("insert into t values (1)");
  CHECK_THROWS(project.execute("create unique index concurrently t_a on t (a)"));
  CHECK(contains(project.pgapply({"verify", "--no-shadow"}).out, "invalid"));
  const auto result = project.pgapply({"verify"});
  CHECK(result.status == 4);
  CHECK(contains(result.out, "t_a"));
  CHECK((contains(result.out, "valid no here, yes in the migrations") || contains(result.out, "INVALID")));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);  // nothing pending: nothing to say
}

TEST_CASE("baseline adopts a database built by psql from the same files") {
  MigrationProject project;
  copy_examples(project);
  ProcessOptions options;
  options.env = project.database().env();
  for (const auto& file : {"001_initial_schema.sql", "002_user_watchlists.sql", "003_lookup_indexes.sql",
                           "004_row_level_security.sql", "005_user_preferences.sql", "006_prices_day_index.sql"}) {
    const auto psql = run_process({TestServer::get().program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                                   project.path() + "/migrations/" + file}, options);
    REQUIRE(psql.status == 0);
  }
  auto result = project.pgapply({"baseline", "--detect"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'pgapply_migrations'") == "0");  // proposes only
  for (const auto& file : {"001_initial_schema.sql", "006_prices_day_index.sql"}) CHECK(contains(result.out, file));

  result = project.pgapply({"baseline", "--detect", "--yes"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Recorded 6 migrations as applied without running them"));
  CHECK(project.query("select string_agg(version || ':' || method, ',' order by version) from pgapply_migrations") ==
        "1:baseline,2:baseline,3:baseline,4:baseline,5:baseline,6:baseline");
  CHECK(project.query("select count(*) from pgapply_migrations_history where event = 'baseline'") == "6");
  CHECK(contains(project.pgapply({"up"}).out, "up to date"));
  CHECK(project.pgapply({"verify"}).status == 0);
}

TEST_CASE("baseline detection stops at the first migration whose objects are missing, and --version records by hand") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "create table b (id int);\n");
  project.write("003_c.sql", "create table c (id int);\n");
  project.execute("create table a (id int); create table c (id int)");
  auto result = project.pgapply({"baseline", "--detect", "--yes"});
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version::text, ',') from pgapply_migrations") == "1");
  CHECK(contains(result.out, "002_b.sql"));

  // --version needs no --yes, and takes one given as --detect and --from take it
  result = project.pgapply({"baseline", "--version", "3", "--yes"});
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version::text, ',' order by version) from pgapply_migrations") == "1,2,3");
  CHECK(project.pgapply({"baseline"}).status == 1);
  CHECK(project.pgapply({"baseline", "--version", "2", "--detect"}).status == 1);

  // Many at once: the first few names and the last, not one line of them all.
  for (int v = 4; v <= 12; ++v) project.write((v < 10 ? "00" : "0") + std::to_string(v) + "_m.sql", "select 1;\n");
  result = project.pgapply({"baseline", "--version", "12"});
  INFO(result.out);
  CHECK(contains(result.out, "Recorded 9 migrations as applied without running them (method baseline): 004_m.sql, "
                             "005_m.sql, 006_m.sql, 007_m.sql, ... (4 more), 012_m.sql.\n"));
}

TEST_CASE("every command that reads the ledger starts with where it connected and where its settings came from") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("001_a.down.sql", "drop table a;\n");
  const auto first_line = [](const std::string& text) { return text.substr(0, text.find('\n')); };
  REQUIRE(project.pgapply({"up", "--no-shadow"}).status == 0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"status"}, {"history"}, {"verify", "--no-shadow"}, {"diff", "--no-shadow"}, {"preflight", "--no-shadow"},
           {"baseline", "--detect", "--no-shadow"}, {"down"}, {"repair", "--mark-applied", "1", "--reason", "test"},
           {"repair", "--mark-pending", "1", "--reason", "test"}, {"up", "--no-shadow"}}) {
    const auto result = project.pgapply(args);
    const std::string line = first_line(result.out);
    INFO(args.front(), ": ", result.out, result.err);
    CHECK(result.status == 0);
    CHECK(line.rfind("Connected to ", 0) == 0);
    CHECK(contains(line, "/" + project.database().name() + " (PostgreSQL "));
    CHECK(contains(line, "; settings from DATABASE_URL (environment)); ledger public.pgapply_migrations"));
  }
  // Not where standard output is a psql script, nor in JSON.
  auto result = project.pgapply({"down", "--dry-run"});
  CHECK(result.status == 0);
  CHECK(!contains(result.out, "Connected to"));
  result = project.pgapply({"up", "--dry-run"});
  CHECK(result.out.rfind("-- pgapply up --dry-run for ", 0) == 0);
  CHECK(!contains(result.out, "Connected to"));
  result = project.pgapply({"status", "--format", "json"});
  CHECK(result.out.rfind("{", 0) == 0);
  CHECK(!contains(result.out + result.err, "Connected to"));
}
