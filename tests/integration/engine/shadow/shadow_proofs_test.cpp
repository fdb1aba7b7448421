// preflight on the shadow, the idempotency and rollback proofs (preflight
// --idempotency, pgapply check), and what happens without a shadow.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"

using namespace pgapply::test;

TEST_CASE("preflight and check on the shadow: what a migration renames is said renamed, not dropped and created") {
  MigrationProject project;
  project.write("001_t.sql", "create table users (id int primary key, email text);\n"
                             "create index users_email_idx on users (email);\ncreate table acct (id int, a int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.write("002_rename.sql", "alter table users rename column email to email_address;\n"
                                  "alter index users_email_idx rename to users_email_address_idx;\n"
                                  "alter table acct rename to account;\ncreate table gone (id int);\n");
  for (const std::string command : {"preflight", "check"}) {
    const auto result = project.pgapply({command});
    INFO(result.out, result.err);
    CHECK(contains(result.out, "column users.email: renamed to email_address\n"));
    CHECK(contains(result.out, "index users_email_idx on users: renamed to users_email_address_idx\n"));
    CHECK(contains(result.out, "table acct: renamed to account, with its 2 columns\n"));
    CHECK(contains(result.out, "table gone: created"));  // (a name made, not a rename)
    CHECK_FALSE(contains(result.out, "email_address: created"));
    CHECK_FALSE(contains(result.out, ": dropped"));
  }
}

TEST_CASE("preflight on the shadow: the server's own error at file:line:col, or the objects a migration changes") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.write("002_b.sql", "alter table a add column note text default 'x';\ncreate index a_note on a (note);\n");
  project.write("003_c.sql", "-- oops\nalter table nowhere add column x int;\n");
  project.write("004_d.sql", "create table d (id int);\n");
  const auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "Shadow: "));
  CHECK(contains(result.out, "applies on the shadow in"));
  CHECK(contains(result.out, "column a.note: created"));
  CHECK(contains(result.out, "index a_note on a: created"));
  CHECK(contains(result.out, "WILL FAIL on the shadow:"));
  CHECK(contains(result.out, "migrations/003_c.sql:2:1: ERROR:  relation \"nowhere\" does not exist"));
  CHECK(contains(result.out, "ERROR  migrations/003_c.sql:2  fails on the shadow: relation \"nowhere\" does not exist (SQLSTATE 42P01)"));
  CHECK(contains(result.out, "not run on the shadow: an earlier migration fails there"));
  CHECK(project.query("select count(*) from pg_tables where tablename in ('d')") == "0");

  const auto json = nlohmann::json::parse(project.pgapply({"preflight", "--format", "json"}).out);
  CHECK(json["will_fail"] == true);
  CHECK(json["shadow"]["description"] != "");
  CHECK(json["migrations"][0]["shadow"]["applied"] == true);
  CHECK(json["migrations"][1]["shadow"]["applied"] == false);
  CHECK(json["migrations"][2]["shadow"]["checked"] == false);
}

TEST_CASE("preflight: the static model's 'will fail' gives way to the shadow's 'applies'") {
  MigrationProject project;
  // the static model cannot see the table the DO block makes
  project.write("001_dyn.sql", "do $$ begin execute 'create table dyn (a int)'; end $$;\n");
  project.write("002_use.sql", "alter table dyn rename constraint dyn_pkey to dyn_key;\n");
  project.write("002_use.sql", "alter table dyn add constraint dyn_pkey primary key (a);\n"
                               "alter table dyn rename constraint dyn_pkey to dyn_key;\n");
  const auto shadow = project.pgapply({"preflight"});
  INFO(shadow.out, shadow.err);
  CHECK(shadow.status == 0);
  CHECK_FALSE(contains(shadow.out, "WILL FAIL"));
  CHECK(contains(shadow.out, "constraint dyn_key on dyn: created"));
}

TEST_CASE("idempotency: a DO $$ IF NOT EXISTS file is proven idempotent, a plain CREATE TABLE is not") {
  MigrationProject project;
  project.write("001_guarded.sql",
                "do $$ begin\n  if not exists (select 1 from pg_tables where tablename = 'g') then\n"
                "    create table g (id int);\n  end if;\nend $$;\n"
                "create index if not exists g_id on g (id);\n");
  project.write("002_plain.sql", "create table p (id int);\n");
  auto check = project.pgapply({"check", "--idempotency"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.out, "migrations/001_guarded.sql\n  applies on the shadow"));
  CHECK(contains(check.out, "idempotency: idempotent: the second run succeeds and changes nothing"));
  CHECK(contains(check.out, "idempotency: FAILED: the second run fails: migrations/002_plain.sql:1: relation \"p\" already exists"));
  CHECK(contains(check.out, "Check FAILED: 1 not idempotent."));
  CHECK_FALSE(contains(check.out, "rollback:"));
  CHECK(project.query("select count(*) from pg_tables where tablename in ('g', 'p')") == "0");  // the target untouched

  const auto json = nlohmann::json::parse(project.pgapply({"check", "--idempotency", "--format", "json"}).out);
  CHECK(json["ok"] == false);
  CHECK(json["migrations"][0]["shadow"]["idempotency"]["status"] == "proven");
  CHECK(json["migrations"][1]["shadow"]["idempotency"]["status"] == "failed");

  const auto preflight = project.pgapply({"preflight", "--idempotency"});
  INFO(preflight.out);
  CHECK(preflight.status == 0);  // not idempotent is a warning for preflight
  CHECK(contains(preflight.out, "idempotency proof failed on the shadow"));

  project.remove("002_plain.sql");
  CHECK(project.pgapply({"check", "--idempotency"}).status == 0);
}

TEST_CASE("idempotency: a file that succeeds again but changes something is caught (check --offline)") {
  MigrationProject project;
  project.write("001_t.sql", "create table if not exists t (a int);\nalter table t add column if not exists b int;\n"
                             "comment on table t is 'v1';\ncreate or replace view v as select a from t;\n");
  project.write("002_counted.sql",
                "do $$ begin\n  execute format('create table t_%s (a int)',\n"
                "    (select count(*) from pg_tables where tablename like 't\\_%'));\nend $$;\n");
  const auto check = project.pgapply({"check", "--offline", "--idempotency"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.out, "from an empty database"));
  CHECK(contains(check.out, "migrations/001_t.sql\n  applies on the shadow"));
  CHECK(contains(check.out, "idempotency: idempotent"));
  CHECK(contains(check.out, "idempotency: FAILED: the second run succeeds but changes 1 object"));
  CHECK(contains(check.out, "table t_1: made by the second run"));
}

TEST_CASE("idempotency: a second run that inserts or updates rows again is caught, a guarded insert is proven") {
  MigrationProject project;
  project.write("001_a.sql", "create table if not exists a (id int);\n");
  project.write("002_seed.sql", "alter table a add column if not exists b int;\ninsert into a values (1);\n");
  project.write("003_guarded.sql", "create table if not exists c (k text primary key);\n"
                                   "insert into c values ('x') on conflict do nothing;\n");
  // fails on a's rows were 002's second run left them: the shadow is rebuilt
  project.write("004_unique.sql", "create unique index if not exists a_id on a (id);\n");
  project.write("005_bump.sql", "update a set b = coalesce(b, 0) + 1;\n");
  const auto check = project.pgapply({"check", "--idempotency"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.out, "idempotency: FAILED: the second run succeeds but changes the rows of 1 table"));
  CHECK(contains(check.out, "the second run changed the rows of a (1 row before, 2 after)"));
  CHECK(contains(check.out, "the second run changed the rows of a (1 row before, 1 after)"));
  CHECK_FALSE(contains(check.out, "the rows of c"));
  CHECK_FALSE(contains(check.out, "WILL FAIL"));
  CHECK(contains(check.out, "Check FAILED: 2 not idempotent."));

  const auto json = nlohmann::json::parse(project.pgapply({"check", "--idempotency", "--format", "json"}).out);
  CHECK(json["ok"] == false);
  const auto& migrations = json["migrations"];
  CHECK(migrations[0]["shadow"]["idempotency"]["status"] == "proven");
  CHECK(migrations[1]["shadow"]["idempotency"]["status"] == "failed");
  CHECK(migrations[1]["shadow"]["idempotency"]["changes"] ==
        nlohmann::json::array({"the second run changed the rows of a (1 row before, 2 after)"}));
  CHECK(migrations[2]["shadow"]["idempotency"]["status"] == "proven");
  CHECK(migrations[3]["shadow"]["applied"] == true);
  CHECK(migrations[3]["shadow"]["idempotency"]["status"] == "proven");
  CHECK(migrations[4]["shadow"]["idempotency"]["status"] == "failed");
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'c')") == "0");  // the target untouched
}

TEST_CASE("a seed that needs the target's rows: the shadow, which has none, cannot tell, so preflight and verify warn") {
  MigrationProject project;
  project.write("001_schema.sql", "create table owners (id bigint primary key, name text not null);\n"
                                  "create table settings (owner_id bigint not null references owners (id));\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.write("002_seed.sql", "insert into settings (owner_id) values (1);\n");
  project.write("003_guard.sql", "do $$ begin\n  if not exists (select from owners where name = 'admin') then\n"
                                 "    raise exception 'seed the owners first';\n  end if;\nend $$;\n");
  // No rows on the target either: it will fail there as it does on the shadow.
  const auto certain = project.pgapply({"preflight"});
  INFO(certain.out, certain.err);
  CHECK(certain.status == 4);
  CHECK(contains(certain.out, "WILL FAIL on the shadow:"));

  project.execute("insert into owners values (1, 'admin')");
  const auto preflight = project.pgapply({"preflight"});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  CHECK(contains(preflight.out, "not checked on the shadow: it fails on the shadow (insert or update on table "
                                "\"settings\" violates foreign key constraint \"settings_owner_id_fkey\", SQLSTATE "
                                "23503), which has none of the target's rows: whether it fails on the target depends "
                                "on the rows it reads there, which the shadow cannot tell; the migrations after it "
                                "were not checked there"));
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "not verified: a migration applied here fails on the shadow"));
  // verify replays them from nothing: the same, never INCOMPLETE for it
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified by the static model only"));
  CHECK(contains(verify.err, "migrations/002_seed.sql:1: it fails on the shadow (insert or update"));
}

TEST_CASE("preflight: the shadow has the target's materialized views populated and its extensions' versions") {
  MigrationProject project;
  project.execute("create extension citext version '1.4'; create table items (owner int);"
                  "create materialized view item_stats as select owner, count(*) n from items group by owner;"
                  "create unique index item_stats_owner on item_stats (owner);"
                  "create materialized view never_filled as select 1 as one with no data");
  project.write("001_refresh.sql", "refresh materialized view concurrently public.item_stats;\n"
                                   "alter extension citext update to '1.5';\n");
  const auto preflight = project.pgapply({"preflight"});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  // one the target never filled stays so: CONCURRENTLY fails there as here
  project.write("002_never.sql", "refresh materialized view concurrently never_filled;\n");
  const auto never = project.pgapply({"preflight"});
  INFO(never.out, never.err);
  CHECK(never.status == 4);
  CHECK(contains(never.out, "CONCURRENTLY cannot be used when the materialized view is not populated"));
}

// A false-alarm hunt's find: a view the target has populated whose query
// fails on empty tables stays unpopulated on the shadow, and its REFRESH ...
// CONCURRENTLY was WILL FAIL there though it applies on the target.
TEST_CASE("preflight: REFRESH ... CONCURRENTLY of a view the shadow's empty tables cannot populate is not WILL FAIL") {
  MigrationProject project;
  project.execute("create table t (id int primary key, v numeric); insert into t values (1, 10), (2, 20); analyze t;"
                  "create materialized view t_avg as select 1 as k, 100 / count(*) as avg_v from t;"
                  "create unique index t_avg_k on t_avg (k)");
  project.write("001_refresh.sql", "-- pgapply: no-transaction\nrefresh materialized view concurrently t_avg;\n");
  const auto preflight = project.pgapply({"preflight"});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  CHECK(contains(preflight.out, "where materialized views the target has populated could not be populated "
                                "(public.t_avg: their queries fail on its empty tables)"));
  CHECK(project.pgapply({"up"}).status == 0);
  // another failure of the same SQLSTATE (0A000) is no want of rows: it WILL FAIL
  project.execute("create view t_view as select id from t");
  project.write("002_type.sql", "alter table t alter column id type bigint;\n");
  const auto type = project.pgapply({"preflight"});
  INFO(type.out, type.err);
  CHECK(type.status == 4);
  CHECK(contains(type.out, "WILL FAIL"));
  CHECK(contains(type.out, "cannot alter type of a column used by a view or rule"));
}

TEST_CASE("idempotency: a file whose UPDATE or INSERT ... SELECT found no rows on the shadow is not proven for the "
          "target's rows") {
  // (a hunt's find: "safe to run twice" for a file that doubles every total of the target's orders)
  MigrationProject project;
  project.write("001_a.sql", "create table orders (id int primary key, total int);\n"
                             "create table archive (id int, total int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into orders select g, g from generate_series(1, 100) g");
  project.write("002_b.sql", "insert into archive select id, total from orders where total > 5;\n"
                             "update orders set total = total * 2;\n");
  // rows the file itself put there: the second run met them
  project.write("003_c.sql", "create table if not exists flags (k text primary key, n int);\n"
                             "insert into flags values ('a', 1) on conflict do nothing;\n"
                             "update flags set n = 1 where k = 'a';\n");
  auto check = project.pgapply({"check", "--idempotency"});
  INFO(check.out, check.err);
  CHECK(check.status == 0);
  CHECK(contains(check.out, "idempotency: not proven for the target's rows: the second run succeeds and changes "
                            "nothing on the shadow, but the INSERT ... SELECT at migrations/002_b.sql:1 added no rows "
                            "there (the shadow has the target's schema, not its rows)"));
  CHECK(contains(check.out, "is safe to run twice on the shadow (1 migration not proven for the target's rows)"));
  const auto json = nlohmann::json::parse(project.pgapply({"check", "--idempotency", "--format", "json"}).out);
  CHECK(json["migrations"][0]["shadow"]["idempotency"]["status"] == "partial");
  CHECK(json["migrations"][1]["shadow"]["idempotency"]["status"] == "proven");
  project.write("002_b.sql", "update orders set total = total * 2;\n");
  check = project.pgapply({"check", "--idempotency"});
  INFO(check.out, check.err);
  CHECK(contains(check.out, "but the UPDATE of orders at migrations/002_b.sql:1 found no rows there"));
  // a MERGE: not read; a DO block of DDL alone, proven
  project.write("002_b.sql", "merge into archive a using orders o on a.id = o.id when not matched then insert values "
                             "(o.id, o.total);\n"
                             "do $$ begin execute 'create table if not exists made (id int)'; end $$;\n");
  check = project.pgapply({"check", "--idempotency"});
  INFO(check.out, check.err);
  CHECK(contains(check.out, "but the MERGE at migrations/002_b.sql:1 reads or changes rows, which it has none of"));
  project.write("002_b.sql", "do $$ begin execute 'create table if not exists made (id int)'; end $$;\n");
  check = project.pgapply({"check", "--idempotency"});
  INFO(check.out, check.err);
  CHECK(contains(check.out, "idempotency: idempotent: the second run succeeds and changes nothing"));
}

TEST_CASE("idempotency: rows a second run puts in a table the first run left empty are caught") {
  // f has no page after the first run (never written), so its rows are not
  // read then: they count as none, and the second run's row is a change.
  MigrationProject project;
  project.write("001_f.sql", "create table if not exists f (id int);\n"
                             "insert into f select 1 where to_regclass('f_marker') is not null;\n"
                             "create table if not exists f_marker ();\n");
  const auto check = project.pgapply({"check", "--idempotency"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.out, "the second run changed the rows of f (0 rows before, 1 after)"));
}

TEST_CASE("rollback: a good down file is proven, a broken one is caught") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int);\nalter table t add column b int;\n");
  project.write("001_t.down.sql", "drop table t;\n");
  project.write("002_u.sql", "create table u (a int);\ncreate index u_a on u (a);\n");
  project.write("002_u.down.sql", "drop index u_a;\n");  // forgets the table
  project.write("003_v.sql", "create table v (a int);\n");
  const auto check = project.pgapply({"check", "--rollback"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.out, "rollback: up -> down -> up ends where up did, and down undoes up"));
  CHECK(contains(check.out, "rollback: FAILED: up fails after down: migrations/002_u.sql:1: relation \"u\" already exists"));
  CHECK(contains(check.out, "table u: left behind by 002_u.down.sql"));
  CHECK(contains(check.out, "rollback: no down file"));
  CHECK(contains(check.out, "1 rollback failed"));
}

TEST_CASE("rollback: dbmate and goose down sections and Flyway undo files are proven, broken ones caught") {
  // The rollback `down` would run, found the one way the project finds it.
  MigrationProject project;
  project.write("20240101000000_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n");
  project.write("20240102000000_b.sql", "-- +goose Up\nCREATE TABLE b (id int);\n-- +goose Down\nDROP TABLE b;\n");
  project.write("20240103000000_c.sql", "-- migrate:up\nCREATE TABLE c (id int);\n-- migrate:down\nDROP TABLE nope;\n");
  project.write("20240104000000_d.sql", "-- +goose Up\nCREATE TABLE d (id int);\n-- +goose Down\nSELECT 1;\n");
  const auto check = project.pgapply({"check", "--offline", "--rollback"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK_FALSE(contains(check.out, "no down file"));
  CHECK(contains(check.out, "20240101000000_a.sql\n  applies on the shadow"));
  CHECK(contains(check.out, "rollback: FAILED: the down section fails: migrations/20240103000000_c.sql:4:"));
  CHECK(contains(check.out, "table d: left behind by the down section of 20240104000000_d.sql"));
  CHECK(contains(check.out, "2 rollbacks failed"));
  const auto json = nlohmann::json::parse(project.pgapply({"check", "--offline", "--rollback", "--format", "json"}).out);
  CHECK(json["migrations"][0]["shadow"]["rollback"]["status"] == "proven");
  CHECK(json["migrations"][1]["shadow"]["rollback"]["status"] == "proven");
  CHECK(json["migrations"][2]["shadow"]["rollback"]["status"] == "failed");
  CHECK(json["migrations"][3]["shadow"]["rollback"]["status"] == "failed");

  MigrationProject flyway;
  flyway.write("V1__t.sql", "CREATE TABLE t (id int);\n");
  flyway.write("U1__t.sql", "DROP TABLE t;\n");
  flyway.write("V2__u.sql", "CREATE TABLE u (id int);\n");
  flyway.write("U2__u.sql", "SELECT 1;\n");
  const auto undo = flyway.pgapply({"check", "--offline", "--rollback"});
  INFO(undo.out, undo.err);
  CHECK(undo.status == 4);
  CHECK(contains(undo.out, "rollback: up -> down -> up ends where up did"));
  CHECK(contains(undo.out, "table u: left behind by U2__u.sql"));
}

TEST_CASE("a failed proof does not leave the next migrations on a schema up never makes") {
  // The rollback proof of 001 ends after its down (up fails again: the type
  // stays), the idempotency proof of 002 leaves a table its second run made:
  // 002 and 003 apply after a real up, so they must apply on the shadow too.
  MigrationProject project;
  project.write("001_t.sql", "create type e as enum ('a');\ncreate table t (a int);\n");
  project.write("001_t.down.sql", "drop table t;\n");
  project.write("002_counted.sql", "alter table t add column if not exists b int;\n"
                                   "do $$ begin\n  execute format('create table t_%s (a int)',\n"
                                   "    (select count(*) from pg_tables where tablename like 't\\_%'));\nend $$;\n");
  project.write("003_next.sql", "create table t_1 (x int);\n");
  for (const bool offline : {true, false}) {
    std::vector<std::string> args{"check"};
    if (offline) args.push_back("--offline");
    const auto check = project.pgapply(args);
    INFO(check.out, check.err);
    CHECK(check.status == 4);
    CHECK(contains(check.out, "rollback: FAILED: up fails after down: migrations/001_t.sql:1: type \"e\" already exists"));
    CHECK(contains(check.out, "idempotency: FAILED: the second run succeeds but changes 1 object"));
    CHECK(contains(check.out, "column t.b: created"));
    CHECK(contains(check.out, "table t_1: created"));
    CHECK_FALSE(contains(check.out, "WILL FAIL"));
    CHECK_FALSE(contains(check.out, "not run on the shadow"));
    CHECK(contains(check.out, "Check FAILED: 3 not idempotent, 1 rollback failed."));
  }
  const auto preflight = project.pgapply({"preflight", "--idempotency"});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
}

TEST_CASE("rows an up -> down -> up leaves twice do not make the next migration fail on the shadow") {
  // The down keeps the table and its row, the up inserts it again: the
  // schema is as up left it, the rows are not, and the shadow is rebuilt.
  MigrationProject project;
  project.write("001_s.sql", "create table if not exists s (k text);\ninsert into s values ('a');\n");
  project.write("001_s.down.sql", "select 1;\n");
  project.write("002_idx.sql", "create unique index s_k on s (k);\n");
  const auto check = project.pgapply({"check", "--rollback"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.out, "table s: left behind by 001_s.down.sql"));
  CHECK(contains(check.out, "index s_k on s: created"));
  CHECK_FALSE(contains(check.out, "WILL FAIL"));
  CHECK_FALSE(contains(check.out, "is duplicated"));
  CHECK(contains(check.out, "Check FAILED: 1 rollback failed."));
}

TEST_CASE("check after some migrations are applied starts from the target's schema") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.write("002_idx.sql", "create index if not exists t_a on t (a);\n");
  project.write("002_idx.down.sql", "drop index if exists t_a;\n");
  const auto check = project.pgapply({"check"});
  INFO(check.out, check.err);
  CHECK(check.status == 0);
  CHECK(contains(check.out, "Check of 1 migration on the shadow"));
  CHECK(contains(check.out, "from the schema of "));
  CHECK(contains(check.out, "Check ok"));
}

TEST_CASE("without a shadow: verify and preflight say so and fall back to the static model, as warnings unless certain") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int unique);\n");
  project.write("002_rename.sql", "alter table t rename constraint t_a_key to t_a_unique;\n");
  ProcessOptions none;
  none.env["PGAPPLY_SHADOW_SERVERS"] = project.path() + "/no-servers-here";
  none.unset_env.push_back("SHADOW_DATABASE_URL");
  const auto up = project.pgapply({"up"}, none);
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "verify after up uses the static model: no --shadow was given and no PostgreSQL server is installed"));
  const auto verify = project.pgapply({"verify"}, none);
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.err, "verify falls back to the static model"));
  project.execute("alter table t drop column a");
  const auto certain = project.pgapply({"verify"}, none);
  CHECK(certain.status == 4);  // a missing column is certain
  CHECK(contains(certain.out, "t.a"));

  project.write("003_more.sql", "alter table nowhere add column x int;\n");
  const auto preflight = project.pgapply({"preflight"}, none);
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK(contains(preflight.out, "No shadow ("));
  CHECK(contains(preflight.out, "the static model's prediction; no shadow could confirm it"));
  CHECK(project.pgapply({"preflight", "--no-shadow"}).status == 4);  // the static model as it was
  CHECK(project.pgapply({"check"}, none).status == 1);
}

TEST_CASE("without a shadow: what a DROP ... CASCADE takes with it is uncertain, never a failure") {
  MigrationProject project;
  project.write("001_a.sql", "create type mood as enum ('a');\ncreate table kid_base (id int);\n"
                             "create table kid () inherits (kid_base);\n"
                             "create table t (id int primary key, x text, y text, "
                             "z text generated always as (x || y) stored, m mood);\n");
  project.write("002_b.sql", "alter table t drop column y cascade;\ndrop type mood cascade;\n"
                             "drop table kid_base cascade;\n");
  ProcessOptions none;
  none.env["PGAPPLY_SHADOW_SERVERS"] = project.path() + "/no-servers-here";
  none.unset_env.push_back("SHADOW_DATABASE_URL");
  const auto up = project.pgapply({"up"}, none);
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "verify (static model): t.z: missing, perhaps dropped with what it depended on by a DROP ... "
                         "CASCADE"));
  CHECK(contains(up.err, "t.m: missing, perhaps dropped"));
  CHECK(contains(up.err, "kid: missing, perhaps dropped"));
  const auto verify = project.pgapply({"verify", "--no-shadow"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "migrations/002_b.sql:1: DROP ... CASCADE also drops what depends on it: what it takes is "
                             "not checked"));
  // What comes after the cascade is not its doing: a table made later and dropped by hand is missing.
  project.write("003_later.sql", "create table later (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}, none).status == 0);
  project.execute("drop table later");
  const auto missing = project.pgapply({"verify", "--no-shadow"});
  INFO(missing.out, missing.err);
  CHECK(missing.status == 4);
  CHECK(contains(missing.out, "later"));
}

TEST_CASE("without a shadow: temporary tables (TEMP, AS, ON COMMIT DROP, pg_temp) are not objects the static model expects") {
  MigrationProject project;
  project.write("001_a.sql",
                "create temporary table scratch (a int);\n"
                "create table real1 (a int);\n"
                "create index on scratch (a);\n"
                "alter table scratch add column b int;\n"
                "create temp table copied as select 1 as c;\n"
                "create temp table gone (d int) on commit drop;\n"
                "create table pg_temp.qualified (e int);\n"
                "create temporary view scratch_view as select a from scratch;\n");
  ProcessOptions none;
  none.env["PGAPPLY_SHADOW_SERVERS"] = "/nonexistent";
  none.unset_env.push_back("SHADOW_DATABASE_URL");
  const auto up = project.pgapply({"up"}, none);
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "verify after up uses the static model"));
  CHECK_FALSE(contains(up.out + up.err, "scratch"));
  const auto verify = project.pgapply({"verify"}, none);
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.err, "verify falls back to the static model"));
  for (const char* name : {"scratch", "copied", "gone", "qualified"}) CHECK_FALSE(contains(verify.out + verify.err, name));
  // the real table is still checked
  project.execute("alter table real1 drop column a");
  const auto missing = project.pgapply({"verify"}, none);
  CHECK(missing.status == 4);
  CHECK(contains(missing.out, "real1.a"));
}

TEST_CASE("extensions the migrations need and the shadow lacks are named with the file that needs them") {
  MigrationProject project;
  project.write("001_ext.sql", "-- geography\ncreate extension if not exists pgapply_no_such_extension;\n");
  const auto preflight = project.pgapply({"preflight"});
  INFO(preflight.out, preflight.err);
  CHECK(contains(preflight.err,
                 "the shadow cannot install extensions the migrations need: pgapply_no_such_extension (needed by "
                 "migrations/001_ext.sql:2)"));
  REQUIRE(project.pgapply({"baseline", "--version", "1"}).status == 0);
  const auto verify = project.pgapply({"verify"});
  CHECK(contains(verify.err, "pgapply_no_such_extension (needed by migrations/001_ext.sql:2)"));
}

TEST_CASE("an extension neither the target nor the shadow has: WILL FAIL at its line, the files before it checked") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  project.write("002_geo.sql", "-- geography\ncreate extension pgapply_no_such_extension;\n");
  project.write("003_u.sql", "create table u (id int);\n");
  const auto preflight = project.pgapply({"preflight"});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 4);
  CHECK(contains(preflight.out, "ERROR    migrations/002_geo.sql:2  CREATE EXTENSION pgapply_no_such_extension fails: "
                                "the target's server cannot install it (it is not in pg_available_extensions there"));
  // the shadow is kept for the file before it, and says which went unchecked
  CHECK(contains(preflight.out, "Migration 001_t.sql (in a transaction): OK\n"));
  CHECK(contains(preflight.out, "applies on the shadow in "));
  CHECK(contains(preflight.out, "WARNING  migrations/002_geo.sql:2  not checked on the shadow: the shadow's server cannot "
                                "install pgapply_no_such_extension (needed by migrations/002_geo.sql:2)"));
  CHECK(contains(preflight.out, "not checked on the shadow: it was not run there, since 002_geo.sql before it"));
  CHECK_FALSE(contains(preflight.out, "No shadow ("));
  CHECK_FALSE(contains(preflight.out, "could not open extension control file"));

  // check names the extension, not the server's raw error
  const auto check = project.pgapply({"check"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.out, "not checked on the shadow: migrations/002_geo.sql:2: the shadow's server cannot install "
                            "pgapply_no_such_extension (needed by migrations/002_geo.sql:2)"));
  CHECK_FALSE(contains(check.out, "could not open extension control file"));
  const auto offline = project.pgapply({"check", "--offline"});
  CHECK(offline.status == 4);
  CHECK(contains(offline.out, "the shadow's server cannot install pgapply_no_such_extension"));
  CHECK_FALSE(contains(offline.out, "could not open extension control file"));
}

TEST_CASE("a shadow rebuilt after a proof has the roles as before the migrations: their CREATE ROLE runs again") {
  MigrationProject project;
  project.write("001_role.sql", "create role rebuilt_role nologin;\n");
  // succeeds twice, making another table each time: its proof leaves the shadow to be rebuilt
  project.write("002_more.sql",
                "do $$ begin execute format('create table t_%s (a int)', "
                "(select count(*) from pg_class where relname like 't\\_%')); end $$;\n");
  project.write("003_u.sql", "create table if not exists u (id int);\n");
  const auto check = project.pgapply({"check", "--offline"}, project.throwaway_shadow());
  INFO(check.out, check.err);
  CHECK(check.status == 4);  // 001 and 002 are not idempotent
  CHECK_FALSE(contains(check.out, "could not be rebuilt"));
  CHECK(contains(check.out, "migrations/003_u.sql\n  applies on the shadow"));
  CHECK(contains(check.out, "idempotency: idempotent: the second run succeeds and changes nothing"));
}

TEST_CASE("preflight of more than 100 pending migrations lists what they change together") {
  MigrationProject project;
  for (int i = 1; i <= 101; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%03d_t%d.sql", i, i);
    project.write(name, "create table t" + std::to_string(i) + " (id int primary key);\n");
  }
  const auto result = project.pgapply({"preflight"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Together they change 101 objects (too many migrations to read the catalog after each):"));
  CHECK(contains(result.out, "table t1: created, with its 1 column, 1 constraint and 1 index"));
  CHECK(contains(result.out, "... and 51 more (--format json lists them all)"));
  CHECK(contains(result.out, "101_t101.sql (in a transaction): OK"));
  const auto json = nlohmann::json::parse(project.pgapply({"preflight", "--format", "json"}).out);
  CHECK(json["shadow"]["run_changes"].size() == 101);
  CHECK(json["migrations"][0]["shadow"]["changes"].is_null());
}

namespace {

// The pgapply command after "or run pgapply " in `text`, to the end of its line, without "pgapply".
std::vector<std::string> hint_words(const std::string& text) {
  const std::string lead = "or run pgapply ";
  const auto at = text.find(lead);
  REQUIRE_MESSAGE(at != std::string::npos, "no hint in: " << text);
  const auto end = text.find('\n', at);
  std::istringstream words(text.substr(at + lead.size(), end == std::string::npos ? std::string::npos : end - at - lead.size()));
  std::vector<std::string> out;
  for (std::string word; words >> word;) out.push_back(word);
  return out;
}

}  // namespace

TEST_CASE("a migration with no statements: lint reports it and check refuses it as up does, --allow-empty as printed") {
  MigrationProject project;
  project.write_file("em/001_e.sql", "-- placeholder\n");
  project.write_file("em/002_s.sql", "SELECT 1;\n");
  const auto lint = project.pgapply({"lint", "--dir", "em"});
  INFO(lint.out, lint.err);
  CHECK(lint.status == 4);
  CHECK(contains(lint.out, "em/001_e.sql:1:1: error: the file has no statements: pgapply up refuses it (exit 4) unless "
                           "--allow-empty [empty-migration]"));

  auto check = project.pgapply({"check", "--offline", "--dir", "em"});
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.err, "001_e.sql has no statements: fill it in first"));
  CHECK_FALSE(contains(check.err, "002_s.sql"));
  auto hint = hint_words(check.err);
  CHECK(hint == std::vector<std::string>{"check", "--offline", "--allow-empty", "--dir", "em"});
  CHECK(project.pgapply(hint).status == 0);
  // The run's other options come along, offline as against the target: one proof stays one proof.
  check = project.pgapply({"check", "--offline", "--rollback", "--dir", "em"});
  CHECK(check.status == 4);
  hint = hint_words(check.err);
  CHECK(hint == std::vector<std::string>{"check", "--offline", "--allow-empty", "--dir", "em", "--rollback"});
  CHECK(project.pgapply(hint).status == 0);

  // Against the target too, as up refuses it there.
  CHECK(project.pgapply({"up", "--dir", "em"}).status == 4);
  check = project.pgapply({"check", "--dir", "em"});
  CHECK(check.status == 4);
  hint = hint_words(check.err);
  CHECK(hint == std::vector<std::string>{"check", "--allow-empty", "--dir", "em"});
  CHECK(project.pgapply(hint).status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'pgapply_migrations'") == "0");  // check records nothing
}

TEST_CASE("a migration's CREATE DATABASE on a throwaway shadow: preflight, up's verify, verify and check pass") {
  MigrationProject project;
  const ServerDatabase database(project, "made");
  const std::string& made = database.name();
  // The idempotent form (psql's \gexec), which a second run, a fresh
  // shadow database each time, does not make twice.
  project.write("001_db.sql", "select 'create database " + made + "' where not exists "
                              "(select from pg_database where datname = '" + made + "') \\gexec\n");
  project.write("002_t.sql", "create table t (id int);\n");
  const ProcessOptions shadow = project.throwaway_shadow();
  const auto preflight = project.pgapply({"preflight"}, shadow);
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  CHECK_FALSE(contains(preflight.out, "is being accessed by other users"));
  // The plain form, and a file whose second run adds a row: the shadow is
  // rebuilt after its proof, from a fresh database, replaying 001 again
  // (the database the first replay made is gone).
  // (a template database too, which a fresh shadow database cannot drop as one)
  project.write("001_db.sql", "create database " + made + " is_template true;\n");
  project.write("002_t.sql", "create table if not exists t (id int);\ninsert into t values (1);\n");
  project.write("003_u.sql", "create table u (id int);\n");
  const auto check = project.pgapply({"check", "--offline", "--idempotency"}, shadow);
  INFO(check.out, check.err);
  CHECK(check.status == 4);
  CHECK(contains(check.out, "database \"" + made + "\" already exists"));  // 001's second run
  CHECK(contains(check.out, "the second run changed the rows of t (1 row before, 2 after)"));
  CHECK(contains(check.out, "relation \"u\" already exists"));  // 003 was proven after the rebuild
  CHECK_FALSE(contains(check.out, "could not be rebuilt"));
  project.write("001_db.sql", "create database " + made + ";\n");
  const auto up = project.pgapply({"up"}, shadow);
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  CHECK(contains(up.out, "Verified on the shadow"));
  const auto verify = project.pgapply({"verify"}, shadow);
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
}
