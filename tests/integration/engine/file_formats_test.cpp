// Files written for other tools run as their authors meant: only the up
// section of a dbmate or goose file, the down section (or the tool's undo
// file) as the rollback, each tool's own naming and ordering.
#include <doctest/doctest.h>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

std::string tables(const MigrationProject& project) {
  return project.query("select coalesce(string_agg(tablename, ',' order by tablename), '') from pg_tables "
                       "where schemaname = 'public' and tablename not like 'pgapply%'");
}

}  // namespace

TEST_CASE("a dbmate file: up runs the up section only, down runs its down section") {
  MigrationProject project;
  project.write("20240101120000_users.sql", "-- migrate:up\ncreate table users (id int);\n\n"
                                            "-- migrate:down\ndrop table users;\n");
  project.write("20240102120000_index.sql", "-- migrate:up transaction:false\n"
                                            "create index concurrently users_id on users (id);\n\n"
                                            "-- migrate:down\ndrop index users_id;\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(tables(project) == "users");
  // What the file says, as it says it: dbmate's marker, not pgapply's.
  CHECK(contains(result.out, "20240102120000_index.sql (statement by statement, outside a transaction: the file says "
                             "-- migrate:up transaction:false (line 1))"));
  CHECK_FALSE(contains(result.out, "pgapply: no-transaction"));
  CHECK(project.query("select count(*) from pg_indexes where indexname = 'users_id'") == "1");
  // Edited since: rolled back all the same (as dbmate would), and said.
  project.write("20240101120000_users.sql", "-- migrate:up\ncreate table users (id bigint);\n\n"
                                            "-- migrate:down\ndrop table users;\n");
  result = project.pgapply({"down", "--steps", "2"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "warning: 20240101120000_users.sql changed since it was applied (status lists it as "
                             "modified): the rollback that runs is its down section as it is now"));
  CHECK_FALSE(contains(result.err, "20240102120000_index.sql changed"));
  CHECK(tables(project) == "");
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
}

TEST_CASE("a dbmate file whose down section cannot be split: up and status go on, down says where") {
  MigrationProject project;
  project.write("001_users.sql", "-- migrate:up\ncreate table users (id int);\n\n"
                                 "-- migrate:down\ndrop table users;\nselect 'oops;\n");
  const auto status = project.pgapply({"status"});
  CHECK(status.status == 0);
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(tables(project) == "users");
  const auto down = project.pgapply({"down"});
  CHECK(down.status == 1);
  CHECK(contains(down.err, "migrations/001_users.sql:6:8: error: unterminated quoted string"));
  CHECK(tables(project) == "users");
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("a goose file: the up section, StatementBegin blocks as one statement, NO TRANSACTION") {
  MigrationProject project;
  project.write("00001_fn.sql",
                "-- +goose Up\n"
                "-- +goose StatementBegin\n"
                "create function one() returns int language sql as $$ select 1 $$;\n"
                "create table made_in_block (id int);\n"
                "-- +goose StatementEnd\n"
                "\n"
                "-- +goose Down\n"
                "drop table made_in_block;\n"
                "drop function one();\n");
  project.write("00002_idx.sql",
                "-- +goose NO TRANSACTION\n"
                "-- +goose Up\n"
                "create index concurrently blocks_id on made_in_block (id);\n"
                "-- +goose Down\n"
                "drop index concurrently blocks_id;\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(project.query("select one()") == "1");
  CHECK(project.query("select statements from pgapply_migrations where version = '1'") == "1");  // one block
  CHECK(project.query("select transactional from pgapply_migrations where version = '2'") == "f");
  INFO(result.out);
  CHECK(contains(result.out, "00002_idx.sql (statement by statement, outside a transaction: the file says "
                             "-- +goose NO TRANSACTION (line 1))"));
  CHECK_FALSE(contains(result.out, "pgapply: no-transaction"));
  result = project.pgapply({"down", "--steps", "2"});
  CHECK(result.status == 0);
  CHECK(tables(project) == "");
}

TEST_CASE("a goose StatementBegin block: errors at their own line, each statement read by lint and the static model") {
  // hatchet's migrations put whole files in one block, comments between the
  // statements: an error in a later statement is reported at its line, and
  // what the later statements create is known (a later CREATE INDEX on a
  // table the block made is on a new table; verify --no-shadow finds them).
  MigrationProject project;
  project.write("20240101000000_block.sql",
                "-- +goose Up\n"
                "-- +goose StatementBegin\n"
                "CREATE TYPE e AS ENUM ('a');\n"
                "\n"
                "-- the table\n"
                "CREATE TABLE w (a bigint, k e);\n"
                "-- +goose StatementEnd\n");
  project.write("20240102000000_index.sql", "-- +goose Up\nCREATE INDEX w_a ON w (a);\n");
  // the two files as one run of pending migrations (FILE arguments; a whole
  // directory's files are each a run of their own)
  const auto lint = project.pgapply(
      {"lint", "migrations/20240101000000_block.sql", "migrations/20240102000000_index.sql"});
  INFO(lint.out, lint.err);
  CHECK(lint.status == 0);
  CHECK_FALSE(contains(lint.out, "require-concurrent-index-creation"));
  const auto up = project.pgapply({"up", "--no-shadow"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  const auto verify = project.pgapply({"verify", "--no-shadow"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "w.k"));
  CHECK(contains(verify.out, "migrations/20240101000000_block.sql:6"));

  project.write("20240103000000_bad.sql",
                "-- +goose Up\n"
                "-- +goose StatementBegin\n"
                "CREATE TABLE v (a bigint);\n"
                "\n"
                "-- a comment\n"
                "\n"
                "CREATE TABLE x (a bigint, b nosuchtype);\n"
                "-- +goose StatementEnd\n");
  const auto bad = project.pgapply({"up", "--no-shadow"});
  INFO(bad.out, bad.err);
  CHECK(bad.status != 0);
  CHECK(contains(bad.out + bad.err, "migrations/20240103000000_bad.sql:7:29: ERROR:  type \"nosuchtype\" does not exist"));
  CHECK(contains(bad.out + bad.err, "7 | CREATE TABLE x (a bigint, b nosuchtype);"));
  // An error the server gives no position (LOCK, DROP): the statement after those that answered.
  project.write("20240103000000_bad.sql",
                "-- +goose Up\n"
                "-- +goose StatementBegin\n"
                "CREATE TABLE v (a bigint);\n"
                "LOCK TABLE v IN ACCESS EXCLUSIVE MODE;\n"
                "LOCK TABLE nosuchtable;\n"
                "-- +goose StatementEnd\n");
  const auto unplaced = project.pgapply({"up", "--no-shadow"});
  INFO(unplaced.out, unplaced.err);
  CHECK(contains(unplaced.err, "migrations/20240103000000_bad.sql:5:1: ERROR:  relation \"nosuchtable\" does not exist"));
  // After a write (a rule may give it several results), the count says nothing: the block's line stands.
  project.write("20240103000000_bad.sql",
                "-- +goose Up\n"
                "-- +goose StatementBegin\n"
                "insert into w (a) values (1);\n"
                "select 'two';\n"
                "LOCK TABLE nosuchtable;\n"
                "-- +goose StatementEnd\n");
  const auto after_write = project.pgapply({"up", "--no-shadow"});
  INFO(after_write.out, after_write.err);
  CHECK(contains(after_write.err, "migrations/20240103000000_bad.sql:3:1: ERROR:  relation \"nosuchtable\""));
}

TEST_CASE("golang-migrate pairs and Flyway files, versions compared part by part") {
  MigrationProject golang;
  golang.write("1_a.up.sql", "create table a (id int);\n");
  golang.write("1_a.down.sql", "drop table a;\n");
  golang.write("2_b.up.sql", "create table b (id int);\n");
  golang.write("2_b.down.sql", "drop table b;\n");
  CHECK(golang.pgapply({"up"}).status == 0);
  CHECK(tables(golang) == "a,b");
  CHECK(golang.pgapply({"down", "--steps", "1"}).status == 0);
  CHECK(tables(golang) == "a");

  MigrationProject flyway;
  flyway.write("V1__base.sql", "create table seen (v text);\n");
  flyway.write("V1_2__two.sql", "insert into seen values ('1.2');\n");
  flyway.write("V1_10__ten.sql", "insert into seen values ('1.10');\n");
  flyway.write("V1.1__one.sql", "insert into seen values ('1.1');\n");
  flyway.write("U1_10__ten.sql", "delete from seen where v = '1.10';\n");
  flyway.write("R__view.sql", "create or replace view seen_count as select count(*) as n from seen;\n");
  auto result = flyway.pgapply({"up"});
  CHECK(result.status == 0);
  // 1.1 < 1.2 < 1.10, the repeatable one after the versioned ones.
  CHECK(flyway.query("select string_agg(v, ',' order by ctid) from seen") == "1.1,1.2,1.10");
  CHECK(flyway.query("select n from seen_count") == "3");
  CHECK(flyway.query("select string_agg(version, ',' order by applied_at, version) from pgapply_migrations") ==
        "1,1.1,1.2,1.10,r:view");
  // Unchanged, the repeatable one does not run again; changed, it does.
  CHECK(contains(flyway.pgapply({"up"}).out, "up to date"));
  flyway.write("R__view.sql", "create or replace view seen_count as select count(*) + 100 as n from seen;\n");
  result = flyway.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Applied R__view.sql"));
  CHECK(flyway.query("select n from seen_count") == "103");
  // U files roll back.
  CHECK(flyway.pgapply({"down", "--steps", "1"}).status == 0);
  CHECK(flyway.query("select string_agg(v, ',' order by ctid) from seen") == "1.1,1.2");

  // goose markers in a Flyway file are comments, as Flyway reads them: the file runs whole, and up says so.
  flyway.write("V2__goose.sql", "-- +goose Up\ncreate table q (id int);\n-- +goose Down\ndrop table q;\n");
  result = flyway.pgapply({"up"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err, "warning: V2__goose.sql has a -- migrate: or -- +goose marker line, which a Flyway file "
                             "does not have: it runs whole, as that tool runs it, a down section under the marker "
                             "included"));
  CHECK(flyway.query("select to_regclass('q') is null") == "t");
  // A comment that merely starts so, or a marker inside a function's body, is no marker: nothing to say.
  flyway.write("V3__notes.sql", "-- migrate: move users to the new table\ncreate function f() returns int language sql "
                                "as $$\n-- +goose Down\nselect 1\n$$;\n");
  result = flyway.pgapply({"up"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.err, "V3__notes.sql has a"));
}

TEST_CASE("other tools' files keep psql's :name as their tools send it: an array slice a[1:n] runs as written") {
  MigrationProject project;
  const std::string slice = "create table tags_T (labels text[], n int);\n"
                            "create view first_T as select labels[1:n] as firsts from tags_T;\n";
  const auto with = [&slice](const std::string& name) {
    std::string text = slice;
    for (std::size_t at = 0; (at = text.find("_T", at)) != std::string::npos;) text.replace(at, 2, "_" + name);
    return text;
  };
  project.write("1_gm.up.sql", with("gm"));
  project.write("1_gm.down.sql", "drop view first_gm; drop table tags_gm;\n");
  project.write("V2__fw.sql", with("fw"));
  project.write("3_db.sql", "-- migrate:up\n" + with("db") + "-- migrate:down\n");
  project.write("4_go.sql", "-- +goose Up\n" + with("go"));
  // -v n=5 is a Flyway placeholder's value: Flyway's file keeps its :n (psql's, not Flyway's)
  project.write("V5__placeholder.sql", "create table placed (id int default ${n});\n");
  auto result = project.pgapply({"up", "--no-verify", "-v", "n=5"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(contains(project.query("select pg_get_viewdef('first_fw')"), "labels[1:tags_fw.n]"));
  CHECK(project.query("select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'placed'::regclass") == "5");
  // a golang-migrate, dbmate or goose file interpolates a variable -v defines (goose's ENVSUB is psql's -v here)
  for (const std::string name : {"gm", "db", "go"}) {
    CAPTURE(name);
    CHECK(contains(project.query("select pg_get_viewdef('first_" + name + "')"), "labels[15]"));
  }
  // without -v, an undefined :n there is text, as their tools (and psql) send it
  MigrationProject plain;
  plain.write("1_gm.up.sql", with("gm"));
  plain.write("1_gm.down.sql", "drop view first_gm; drop table tags_gm;\n");
  plain.write("3_db.sql", "-- migrate:up\n" + with("db") + "-- migrate:down\n");
  plain.write("4_go.sql", "-- +goose Up\n" + with("go"));
  result = plain.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  for (const std::string name : {"gm", "db", "go"}) {
    CAPTURE(name);
    CHECK(contains(plain.query("select pg_get_viewdef('first_" + name + "')"), "labels[1:tags_" + name + ".n]"));
  }
  // a down section too (a review's find: it was read as pgapply's own)
  plain.write("6_dbdown.sql", "-- migrate:up\ncreate table six (labels text[], n int);\n-- migrate:down\n"
                              "create view six_down as select labels[1:n] as firsts from six;\n");
  REQUIRE(plain.pgapply({"up", "--no-verify"}).status == 0);
  result = plain.pgapply({"down"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(plain.query("select pg_get_viewdef('six_down')"), "labels[1:six.n]"));
  // a file written for pgapply still says so
  plain.write("5_mine.sql", with("mine"));
  result = plain.pgapply({"up", "--no-verify"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "undefined variable :n"));
}

TEST_CASE("a directory of .sql files none of which is a migration is an error, never up to date") {
  MigrationProject project;
  project.write("schema.sql", "create table a (id int);\n");
  project.write("seed.sql", "insert into a values (1);\n");
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK_FALSE(contains(result.out, "up to date"));
}

TEST_CASE("Flyway placeholders: values from -v, the file name built in, an undefined one an error before connecting") {
  MigrationProject flyway;
  flyway.write("V1__base.sql", "create table ${table} (note text default '${flyway:filename} for ${Tenant}');\n"
                               "-- owner: ${tenant}\n"
                               "create function hello() returns text language sql as $$ select '${tenant}' $$;\n");
  flyway.write("U1__base.sql", "drop view notes;\ndrop function hello();\ndrop table ${table};\n");
  flyway.write("R__view.sql", "create or replace view notes as select note, '${tenant}' as tenant from ${table};\n");

  // Undefined: FILE:LINE:COL, the placeholder and the -v to pass; nothing connects (no server there).
  auto result = flyway.pgapply({"up", "-d", "postgresql:///nowhere?host=/nonexistent", "-v", "table=t"});
  INFO(result.out, result.err);
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/V1__base.sql:1:66: error: the Flyway placeholder ${Tenant} has no value: "
                             "pass it with -v 'Tenant=VALUE'"));
  // lint sees the same, without a server, in the repeatable file too.
  result = flyway.pgapply({"lint", "-v", "table=t"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "V1__base.sql:1:66"));
  CHECK(contains(result.out, "R__view.sql:1:47"));
  CHECK(flyway.pgapply({"lint", "-v", "table=t", "-v", "tenant=acme"}).status == 0);

  result = flyway.pgapply({"up", "-v", "table=t", "-v", "tenant=acme"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(flyway.query("select hello()") == "acme");
  flyway.execute("insert into t default values");
  CHECK(flyway.query("select note || '/' || tenant from notes") == "V1__base.sql for acme/acme");
  CHECK(contains(flyway.pgapply({"up", "-v", "table=t", "-v", "tenant=acme"}).out, "up to date"));
  // Another value changes what runs: the versioned file drifts, the repeatable one runs again (as in Flyway).
  result = flyway.pgapply({"status", "-v", "table=t", "-v", "tenant=other"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "modified"));
  // ... said as what it may be: the file, or a value it reads.
  CHECK(contains(result.out, "file, or what it reads (-v table and -v Tenant), changed since it was applied"));
  CHECK(contains(result.out, "R__view.sql"));
  result = flyway.pgapply({"up", "-v", "table=t", "-v", "tenant=other"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "V1__base.sql, or what it reads (-v table and -v Tenant), was modified after it was "
                             "applied"));
  CHECK(contains(result.err, "Give the values it was applied with (the ledger keeps only the checksum), or restore "
                             "the file; if the file changed on purpose, and the values are those it was applied "
                             "with, accept the edit with"));
  // The undo file is expanded too.
  result = flyway.pgapply({"down", "--steps", "1", "-v", "table=t", "-v", "tenant=acme"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(tables(flyway) == "");
  // A built-in pgapply cannot know: the -v its error names runs as printed.
  flyway.write("V2__schema.sql", "create table ${flyway:defaultSchema}.s (id int);\n");
  result = flyway.pgapply({"up", "-v", "table=t", "-v", "tenant=acme"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "pass it with -v 'flyway:defaultSchema=VALUE'"));
  result = flyway.pgapply({"up", "-v", "table=t", "-v", "tenant=acme", "-v", "flyway:defaultSchema=public"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(tables(flyway) == "s,t");
}
