// verify, diff and up's verify on the shadow: zero false problems on the SQL
// the static model misjudged, drift found both ways, each difference with
// the migration that made the object.
#include <doctest/doctest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// preflight says it applies, up applies and verifies it, verify and diff
// find nothing: the SQL of one cause of false problems.
void passes_on_the_shadow(const std::vector<std::string>& files,
                          const std::function<void(MigrationProject&)>& before = {}) {
  MigrationProject project;
  if (before) before(project);
  for (std::size_t i = 0; i < files.size(); ++i) {
    project.write("00" + std::to_string(i + 1) + "_m.sql", files[i]);
  }
  const auto preflight = project.pgapply({"preflight"});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK(contains(preflight.out, "applies on the shadow"));
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  CHECK(contains(up.out, "Verified on the shadow"));
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
  const auto diff = project.pgapply({"diff"});
  INFO(diff.out);
  CHECK(diff.status == 0);
  CHECK(contains(diff.out, "No drift"));
}

}  // namespace

TEST_CASE("shadow verify: RENAME CONSTRAINT of a name PostgreSQL chose") {
  passes_on_the_shadow({"create table t (a int unique, b int check (b > 0));\n",
                        "alter table t rename constraint t_a_key to t_a_unique;\n"
                        "alter table t rename constraint t_b_check to b_positive;\n"});
}

TEST_CASE("shadow verify: ALTER INDEX ... RENAME renames its constraint") {
  passes_on_the_shadow({"create table t (a int primary key, b int unique);\n",
                        "alter index t_pkey rename to t_primary;\nalter index t_b_key rename to t_b_unique;\n"});
}

TEST_CASE("shadow verify: ALTER TYPE ... RENAME and ALTER SEQUENCE ... RENAME") {
  passes_on_the_shadow({"create type mood as enum ('sad', 'ok');\ncreate table t (id serial, m mood);\n",
                        "alter type mood rename to feeling;\nalter type feeling add value 'happy';\n"
                        "alter sequence t_id_seq rename to t_ids;\n"});
}

TEST_CASE("shadow verify: what goes with a drop (DROP FUNCTION CASCADE, DROP COLUMN, DROP CONSTRAINT)") {
  passes_on_the_shadow({"create table t (a int, b serial, c int, constraint t_c unique (c));\n"
                        "create index t_a on t (a);\n"
                        "create function touch() returns trigger language plpgsql as $$begin return new; end$$;\n"
                        "create trigger t_touch before insert on t for each row execute function touch();\n",
                        "drop function touch() cascade;\nalter table t drop column a, drop column b;\n"
                        "alter table t drop constraint t_c;\n"});
}

TEST_CASE("shadow verify: function identity (typmods, qualified argument types, DROP FUNCTION without arguments)") {
  passes_on_the_shadow({"create schema app;\ncreate type app.mood as enum ('a');\n"
                        "create function app.f(a varchar(10), b app.mood) returns int language sql as 'select 1';\n"
                        "create function g(x numeric(10, 2)) returns numeric language sql as 'select x';\n"
                        "create function h() returns int language sql as 'select 1';\n",
                        "drop function h;\ncreate or replace function g(x numeric) returns numeric language sql "
                        "as 'select x + 1';\n"});
}

TEST_CASE("shadow verify: UNIQUE on the primary key column, temporary tables, CREATE TABLE AS + ADD PRIMARY KEY") {
  passes_on_the_shadow({"create table t (id int primary key unique);\n",
                        "create temp table scratch as select 1 as id;\n"
                        "create table copy as select id from scratch;\nalter table copy add primary key (id);\n"});
}

TEST_CASE("shadow verify: DISABLE TRIGGER USER|ALL, DROP IF EXISTS on a missing schema") {
  passes_on_the_shadow({"create table t (a int);\n"
                        "create function touch() returns trigger language plpgsql as $$begin return new; end$$;\n"
                        "create trigger t_touch before insert on t for each row execute function touch();\n",
                        "alter table t disable trigger user;\nalter table t enable trigger all;\n"
                        "alter table t disable trigger all;\n"
                        "drop table if exists nowhere.t;\ndrop schema if exists nowhere cascade;\n"});
}

TEST_CASE("shadow verify: serial sequences and DO blocks whose EXECUTE changes objects") {
  passes_on_the_shadow({"create table t (id serial primary key, big bigserial, b int);\n",
                        "do $$ begin\n  execute 'create table dyn (a int)';\n"
                        "  execute 'alter table t drop column b';\n"
                        "  execute format('create index %I on dyn (a)', 'dyn_a');\nend $$;\n"});
}

TEST_CASE("shadow verify: GRANT to and REVOKE from the role that applies the migrations, by name") {
  // As supabase/auth writes it: `grant select on auth.users to postgres with
  // grant option`, applied as postgres, which owns the table. A throwaway
  // shadow cluster must apply as that role too, or the grant lands on a role
  // that is not the owner there.
  MigrationProject project;
  const std::string me = project.query("select quote_ident(current_user::text)");
  project.write("001_t.sql", "create table t (a int);\ngrant select on t to " + me + " with grant option;\n");
  project.write("002_r.sql", "revoke insert on t from " + me + ";\n");
  ProcessOptions cluster;
  cluster.unset_env.push_back("SHADOW_DATABASE_URL");
  const auto up = project.pgapply({"up"}, cluster);
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  CHECK(contains(up.out, "Verified on the shadow"));
  const auto verify = project.pgapply({"verify"}, cluster);
  INFO(verify.out, verify.err);
  CHECK(contains(verify.out, "a throwaway cluster"));
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
}

TEST_CASE("shadow verify replays in numeric version order: 9 before 10") {
  MigrationProject project;
  project.write("9_a.sql", "create table a (id int primary key);\n");
  project.write("10_b.sql", "create table b (a_id int references a (id));\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "2 applied migrations replayed on the shadow"));
  CHECK_FALSE(contains(verify.err, "falls back"));
}

TEST_CASE("verify and diff replay in the order the migrations took effect: one applied out of order after 3") {
  MigrationProject project;
  project.write("1_a.sql", "create table t (a int);\n");
  project.write("3_c.sql", "alter table t add column c int;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  // 2 ran after 3: its view has c too (replayed in version order, it would not).
  project.write("2_b.sql", "alter table t add column b int;\ncreate view v as select * from t;\n");
  const auto up = project.pgapply({"up", "--allow-out-of-order"});
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  CHECK(contains(up.out, "Verified on the shadow"));
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "3 applied migrations replayed on the shadow"));
  const auto diff = project.pgapply({"diff"});
  INFO(diff.out);
  CHECK(diff.status == 0);
  // The static model (no shadow) agrees.
  const auto fallback = project.pgapply({"verify", "--no-shadow"});
  INFO(fallback.out, fallback.err);
  CHECK(fallback.status == 0);
}

// A false-alarm hunt's find: the shadow ran the migrations in its own time
// zone, date style and settings, so a timestamptz default made another
// instant there (up exited 4), a DMY date WILL FAIL, an interval or bytea
// default read differently, and a DO block reading app.env made no index.
TEST_CASE("shadow: the target's time zone, date and interval styles and its custom settings hold there too") {
  passes_on_the_shadow(
      {"create table p (id int, at timestamptz default '2025-01-01 00:00',\n"
       "  starts timestamptz check (starts >= '2024-06-01 00:00'),\n"
       "  d date default '13/04/2025', ttl interval default '1 day 02:00', b bytea default '\\x00ff'::bytea);\n",
       "do $$ begin if current_setting('app.env', true) = 'prod' then create index p_id on p (id); end if; end $$;\n"},
      [](MigrationProject& project) {
        const std::string database = project.database().name();
        project.execute("alter database " + database + " set timezone to 'Asia/Tokyo'");
        project.execute("alter database " + database + " set datestyle to 'ISO, DMY'");
        project.execute("alter database " + database + " set intervalstyle to 'postgres_verbose'");
        project.execute("alter database " + database + " set bytea_output to 'escape'");
        project.execute("alter database " + database + " set app.env to 'prod'");
      });
}

// A false-alarm hunt's find: the throwaway cluster lacked the target's
// tablespace, so preflight said WILL FAIL and verify INCOMPLETE.
TEST_CASE("shadow: a table in a tablespace the target's server has") {
  MigrationProject project;
  // (a session of its own each: CREATE TABLESPACE runs in no transaction block)
  project.execute("alter database " + project.database().name() + " set allow_in_place_tablespaces = on");
  project.execute("create tablespace pgapply_test_space location ''");
  project.write("001_t.sql", "create table t (id int primary key using index tablespace pgapply_test_space)\n"
                             "  tablespace pgapply_test_space;\n");
  const auto preflight = project.pgapply({"preflight"});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
  project.execute("drop table t");
  project.execute("drop tablespace pgapply_test_space");
}

// A false-alarm hunt's find: a database upgraded from PostgreSQL 14, whose
// PUBLIC may create in the public schema (15's new databases do not), failed
// every verify with "DIFFERENT schema public: privileges".
TEST_CASE("shadow verify: the public schema's grants are the target's, not what the shadow's server makes") {
  passes_on_the_shadow({"create table t (id int);\n"},
                       [](MigrationProject& project) { project.execute("grant create on schema public to public"); });
  // what a migration grants or revokes there is still the migration's
  passes_on_the_shadow({"revoke create on schema public from public;\ncreate table t (id int);\n"},
                       [](MigrationProject& project) { project.execute("grant create on schema public to public"); });
}

// A reviewer's find: behind another session's lock, up's first line said
// that pg_dump failed on a statement timeout, as if something were broken.
TEST_CASE("up's verify behind a lock pg_dump waits for: the warning names the table and the lock, not a timeout") {
  MigrationProject project;
  project.execute("create table t01 (id int)");
  project.write("001_t.sql", "create table t02 (id int);\n");
  auto blocker = project.database().connect();
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE t01 IN ACCESS EXCLUSIVE MODE");
  const auto up = project.pgapply({"up", "--lock-timeout", "300ms"});
  blocker.exec("ROLLBACK");
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "verify after up uses the static model: pg_dump --schema-only could not lock table "
                         "public.t01 within 300ms (--lock-timeout): another session holds a lock on it"));
  CHECK(contains(up.err, "WHERE l.relation = 'public.t01'::regclass shows which"));
  // and the static model's reading of the catalog, which waits for it too,
  // leaves what up applied unverified, not failed
  CHECK(contains(up.err, "not verified: reading the catalog waited longer than the lock timeout for a lock another "
                         "session holds (canceling statement due to lock timeout); it waited for: pid "));
  CHECK(contains(up.err, "verify it once that session is done: pgapply verify"));
  CHECK(project.query("select state from pgapply_migrations") == "applied");
}

// A second false-alarm hunt's finds: what the target has that no migration
// makes and a fresh shadow database lacked.
TEST_CASE("shadow: the target's default privileges, large objects and locale, and a role's grant on public as drift") {
  SUBCASE("default privileges a platform set before the migrations (Supabase's): no table differs") {
    passes_on_the_shadow({"create table t (id int);\ncreate sequence s;\n"}, [](MigrationProject& project) {
      project.execute("drop role if exists pgapply_test_anon; create role pgapply_test_anon");
      project.execute("alter default privileges in schema public grant select on tables to pgapply_test_anon");
      project.execute("alter default privileges grant usage on sequences to pgapply_test_anon");
    });
  }
  SUBCASE("a migration's ALTER DEFAULT PRIVILEGES beside a platform's: only objects made before it are uncertain") {
    // (a hunt's find: the shadow dropped the platform's defaults when a migration set any, and every table,
    // sequence and function differed)
    MigrationProject project;
    project.execute("drop role if exists pgapply_test_anon; create role pgapply_test_anon");
    project.execute("alter default privileges in schema public grant all on tables to pgapply_test_anon");
    project.execute("alter default privileges in schema public grant all on sequences to pgapply_test_anon");
    project.execute("alter default privileges in schema public grant all on functions to pgapply_test_anon");
    project.write("001_a.sql", "create table todos (id bigint generated by default as identity primary key);\n"
                               "create function count_todos() returns bigint language sql as 'select 1::bigint';\n"
                               "create or replace function count_all() returns bigint language sql as "
                               "'select 3::bigint';\n");
    project.write("002_b.sql", "alter default privileges in schema public revoke execute on functions from "
                               "pgapply_test_anon;\n"
                               "create table notes (id serial primary key);\n"
                               "create function count_notes() returns bigint language sql as 'select 2::bigint';\n");
    const auto up = project.pgapply({"up"});
    INFO(up.out, up.err);
    CHECK(up.status == 0);
    auto verify = project.pgapply({"verify"});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 0);
    CHECK(contains(verify.out, "Verified, with 2 uncertain differences"));
    CHECK(contains(verify.out, "DIFFERENT  function count_todos(): privileges"));
    CHECK(contains(verify.out, "DIFFERENT  function count_all(): privileges"));
    CHECK(contains(verify.out, "(uncertain: made before the ALTER DEFAULT PRIVILEGES at migrations/002_b.sql:1, "
                               "under defaults the shadow does not know)"));
    // made after it, or not of what it is ON, or a column's: its privileges are certain, drift by hand is found
    project.execute("grant update (id) on todos to public");
    verify = project.pgapply({"verify"});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 4);
    CHECK(contains(verify.out, "DIFFERENT  column todos.id: privileges"));
    project.execute("revoke update (id) on todos from public; revoke delete on todos from pgapply_test_anon");
    verify = project.pgapply({"verify"});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 4);
    CHECK(contains(verify.out, "DIFFERENT  table todos: privileges"));
    project.execute("grant delete on todos to pgapply_test_anon");
    project.execute("revoke select on notes from pgapply_test_anon");
    verify = project.pgapply({"verify", "--format", "json"});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 4);
    CHECK(contains(verify.out, "\"changes_default_privileges\": false"));
    CHECK(contains(verify.out, "\"changes_default_privileges\": true"));
    CHECK(contains(verify.out, "table notes: privileges"));
    project.execute("drop owned by pgapply_test_anon");
  }
  SUBCASE("a grant by hand to a role no later ALTER DEFAULT PRIVILEGES names is drift, not uncertain") {
    // (a hunt's find: any later ALTER DEFAULT PRIVILEGES of tables made a hand's GRANT to PUBLIC uncertain, exit 0)
    MigrationProject project;
    const ServerRoles roles(project, {"reporting", "app"});
    project.execute("create role " + roles[0] + "; create role " + roles[1]);
    project.write("001_t.sql", "create table invoices (id bigint primary key);\ngrant select on invoices to " +
                                   roles[0] + ";\n");
    project.write("002_adp.sql", "alter default privileges in schema public grant select, insert on tables to " +
                                     roles[1] + ";\n");
    REQUIRE(project.pgapply({"up"}).status == 0);
    project.execute("revoke select on invoices from " + roles[0] + "; grant delete, truncate on invoices to public");
    auto verify = project.pgapply({"verify"});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 4);
    CHECK(contains(verify.out, "DIFFERENT  table invoices: privileges"));
    CHECK_FALSE(contains(verify.out, "uncertain"));
    // What those defaults grant may be theirs: uncertain.
    project.execute("grant select on invoices to " + roles[0] + "; revoke delete, truncate on invoices from public");
    project.execute("grant insert on invoices to " + roles[1]);
    verify = project.pgapply({"verify"});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 0);
    CHECK(contains(verify.out, "Verified, with 1 uncertain difference"));
    CHECK(contains(verify.out, "(uncertain: made before the ALTER DEFAULT PRIVILEGES at migrations/002_adp.sql:1"));
  }
  SUBCASE("default privileges on a copy of the schema: the restored objects keep their own grants") {
    // (a review's find: set before the dump's restore, they granted t0 what the target revoked)
    MigrationProject project;
    project.execute("drop role if exists pgapply_test_anon; create role pgapply_test_anon");
    project.execute("alter default privileges in schema public grant select on tables to pgapply_test_anon");
    project.execute("create table t0 (id int); revoke select on t0 from pgapply_test_anon");
    project.write("001_grant.sql", "grant insert on t0 to public;\n");
    const auto up = project.pgapply({"up"});
    INFO(up.out, up.err);
    CHECK(up.status == 0);
    CHECK(contains(up.out, "Verified on the shadow"));
  }
  SUBCASE("a large object the target has: a statement that needs it is not checked, not WILL FAIL") {
    MigrationProject project;
    project.execute("select lo_from_bytea(4242, 'abc')");
    project.write("001_lo.sql", "grant select on large object 4242 to public;\n");
    const auto preflight = project.pgapply({"preflight"});
    INFO(preflight.out, preflight.err);
    CHECK(preflight.status == 0);
    CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
    CHECK(contains(preflight.out, "which has none of the target's large objects (they are data)"));
    project.execute("select lo_unlink(4242)");
  }
  SUBCASE("an ICU database: a CHECK comparing text sorts on the shadow as on the target") {
    MigrationProject project;
    const std::string icu = project.database().name() + "_icu";
    project.execute("create database " + icu + " locale_provider icu icu_locale 'en-US' locale 'C.UTF-8' "
                    "template template0");
    project.write("001_codes.sql", "create table codes (code text);\ninsert into codes values ('B'), ('c');\n"
                                   "alter table codes add constraint codes_after_a check (code > 'a');\n");
    const auto preflight = project.pgapply({"preflight", "-d", TestServer::get().url_for(icu)});
    INFO(preflight.out, preflight.err);
    CHECK(preflight.status == 0);
    CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
    project.execute("drop database " + icu);
  }
  SUBCASE("a grant on the public schema to a role, made by hand, is drift") {
    MigrationProject project;
    project.write("001_t.sql", "create table t (id int);\n");
    REQUIRE(project.pgapply({"up"}).status == 0);
    project.execute("drop role if exists pgapply_test_r2; create role pgapply_test_r2; "
                    "grant usage on schema public to pgapply_test_r2");
    const auto verify = project.pgapply({"verify"});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 4);
    CHECK(contains(verify.out, "DIFFERENT  schema public: privileges"));
    project.execute("revoke usage on schema public from pgapply_test_r2");
  }
}

// A false-alarm hunt's find: rules and statistics objects were not in the
// model, so a rule dropped by hand (what INSERTs do) passed verify.
TEST_CASE("shadow verify: rules and statistics objects, as made and drifted by hand") {
  const std::string files = "create table t (id int, a int, b int);\ncreate table t_log (id int);\n"
                            "create rule t_ins as on insert to t do also insert into t_log values (new.id);\n"
                            "create statistics t_ab (dependencies) on a, b from t;\n"
                            "create view v as select * from t;\n";
  passes_on_the_shadow({files});
  MigrationProject project;
  project.write("001_t.sql", files);
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("drop rule t_ins on t");
  project.execute("create statistics t_ab2 on a, b from t");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "EXTRA    statistics object t_ab2: here, made by no migration"));
  CHECK(contains(verify.out, "MISSING  rule t_ins on t: missing here (the migrations make it)"));
}

TEST_CASE("verify names the statement that made a rule, statistics object, domain constraint or aggregate") {
  MigrationProject project;
  project.write("001_a.sql", "create table t (id int primary key, a int, b int);\ncreate domain d as int;\n");
  project.write("002_b.sql", "create rule t_nodel as on delete to t do instead nothing;\n"
                             "create statistics t_st (dependencies) on a, b from t;\n"
                             "alter domain d add constraint d_pos check (value > 0);\n"
                             "create view v as select id from t;\n"
                             "create rule v_ins as on insert to v do instead insert into t (id) values (new.id);\n"
                             "create aggregate mysum (integer) (sfunc = int4pl, stype = integer);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("drop rule t_nodel on t; drop statistics t_st; alter domain d drop constraint d_pos; "
                  "drop rule v_ins on v; drop aggregate mysum(integer)");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  // (a hunt's find: the rules were said to be made where their table was, the others by no statement at all)
  CHECK(contains(verify.out, "rule t_nodel on t: missing here (the migrations make it)  (migrations/002_b.sql:1)"));
  CHECK(contains(verify.out, "statistics object t_st: missing here (the migrations make it)  (migrations/002_b.sql:2)"));
  CHECK(contains(verify.out, "constraint d_pos on d: missing here (the migrations make it)  (migrations/002_b.sql:3)"));
  CHECK(contains(verify.out, "rule v_ins on v: missing here (the migrations make it)  (migrations/002_b.sql:5)"));
  CHECK(contains(verify.out, "aggregate mysum(integer): missing here (the migrations make it)  "
                             "(migrations/002_b.sql:6)"));
}

TEST_CASE("shadow verify: a column added by hand is drift, with no migration to its name") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int primary key,\n  email text);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("alter table t add column note text; alter table t alter column email type varchar(64)");
  auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "Verify FAILED: 1 different, 1 extra"));
  CHECK(contains(verify.out, "EXTRA      column t.note: here, made by no migration\n"));
  CHECK(contains(verify.out, "column t.email: type character varying(64) here, text in the migrations"));
  CHECK(contains(verify.out, "text in the migrations  (migrations/001_t.sql:2)"));

  const auto diff = project.pgapply({"diff"});
  CHECK(diff.status == 4);
  CHECK(contains(diff.out, "In the database, made by no migration:\n  EXTRA  column t.note"));
  const auto json = nlohmann::json::parse(project.pgapply({"diff", "--format", "json"}).out);
  CHECK(json["command"] == "diff");
  CHECK(json["ok"] == false);
  CHECK(json["counts"]["extra"] == 1);
  bool found = false;
  for (const auto& difference : json["differences"]) {
    if (difference["kind"] == "extra") {
      found = true;
      CHECK(difference["object"] == "column t.note");
      CHECK(difference["made_by"].is_null());
    } else {
      CHECK(difference["changes"][0]["attribute"] == "type");
      CHECK(difference["changes"][0]["database"] == "character varying(64)");
      CHECK(difference["changes"][0]["migrations"] == "text");
      CHECK(difference["made_by"]["location"] == "migrations/001_t.sql:2");
    }
  }
  CHECK(found);
  const auto verify_json = nlohmann::json::parse(project.pgapply({"verify", "--format", "json"}).out);
  CHECK(verify_json["command"] == "verify");
  CHECK(verify_json["counts"]["different"] == 1);
}

TEST_CASE("shadow verify: drift in a schema a migration renamed names the migrations that made it") {
  // (a hunt's find: after ALTER SCHEMA ... RENAME no difference in it named a file, and a column renamed back
  // by hand was one extra and one missing)
  MigrationProject project;
  project.write("001_a.sql", "create schema s1;\ncreate table s1.t (id int primary key, c int);\n");
  project.write("002_b.sql", "alter table s1.t rename column c to cc;\nalter schema s1 rename to s2;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("alter table s2.t rename column cc to c; alter table s2.t alter column id set default 1");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "DIFFERENT  column s2.t.cc: name c here, cc in the migrations  (migrations/002_b.sql:1)"));
  CHECK(contains(verify.out, "DIFFERENT  column s2.t.id: default 1 here, none in the migrations  "
                             "(migrations/001_a.sql:2)"));
  CHECK_FALSE(contains(verify.out, "EXTRA"));
}

TEST_CASE("verify and diff leave out the ledgers of the tools pgapply keeps in step or adopted from, not other drift") {
  MigrationProject project;
  project.write("001_users.sql", "create table users (id int);\n");
  for (const std::string format : {"dbmate", "supabase"}) {
    INFO(format);
    MigrationProject kept;
    kept.write("20240101000000_users.sql", format == "dbmate" ? "-- migrate:up\ncreate table users (id int);\n"
                                                                "-- migrate:down\ndrop table users;\n"
                                                              : "create table users (id int);\n");
    REQUIRE(kept.pgapply({"up", "--ledger-format", format}).status == 0);
    const auto verify = kept.pgapply({"verify", "--ledger-format", format});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 0);
    CHECK(contains(verify.out, format == "dbmate"
                                   ? "table public.schema_migrations, dbmate or golang-migrate's ledger, was left out"
                                   : "schema supabase_migrations, supabase's ledger, was left out"));
    CHECK(kept.pgapply({"diff", "--ledger-format", format}).status == 0);
  }
  // Adopted: goose's table (with its sequence) and sqitch's schema stay where the tools left them.
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("create table goose_db_version (id serial primary key, version_id bigint not null, "
                  "is_applied boolean not null, tstamp timestamp default now());"
                  "create schema sqitch; create table sqitch.changes (change_id text primary key);"
                  "create table flyway_schema_history (installed_rank int primary key)");
  auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "table public.goose_db_version, goose's ledger, was left out"));
  CHECK(contains(verify.out, "schema sqitch, sqitch's ledger, was left out"));
  // Anything else made by hand is drift still.
  project.execute("create table schema_migrations_backup (version text); alter table users add column note text");
  verify = project.pgapply({"verify"});
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "Verify FAILED: 2 extra"));
  CHECK(contains(verify.out, "EXTRA  table schema_migrations_backup: here, made by no migration"));
}

TEST_CASE("a table named as another tool's ledger that a migration makes is compared as any other") {
  MigrationProject project;
  project.write("001_t.sql", "create table schema_migrations (version text primary key);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("alter table schema_migrations add column note text");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "EXTRA  column schema_migrations.note: here, made by no migration"));
  CHECK_FALSE(contains(verify.out, "was left out"));
}

TEST_CASE("verify and diff: drift of privileges names the GRANT that set them, a composite type its ALTER TYPE") {
  MigrationProject project;
  project.write("001_x.sql", "create table x (a int);\ncreate schema app;\ncreate type app.comp as (a int, b int);\n");
  project.write("002_y.sql", "-- who may read x\n\ngrant select on x to public;\n");
  project.write("003_z.sql", "select 1;\nalter type app.comp add attribute c int;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("revoke select on x from public; alter type app.comp drop attribute b");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "(migrations/002_y.sql:3)"));
  CHECK(contains(verify.out, "(migrations/003_z.sql:2)"));
  CHECK_FALSE(contains(verify.out, "(migrations/001_x.sql:1)"));
  const auto diff = project.pgapply({"diff", "--format", "json"});
  INFO(diff.out);
  CHECK(diff.status == 4);
  const auto json = nlohmann::json::parse(diff.out);
  REQUIRE(json["differences"].size() == 2);
  for (const auto& difference : json["differences"]) {
    INFO(difference.dump());
    if (difference["object"] == "table x") {
      CHECK(difference["made_by"]["location"] == "migrations/002_y.sql:3");
      CHECK(difference["made_by"]["version"] == "2");
    } else {
      CHECK(difference["made_by"]["location"] == "migrations/003_z.sql:2");
      CHECK(difference["made_by"]["version"] == "3");
    }
  }
}

TEST_CASE("verify: a long privileges line is shown around its difference, never a word cut in half") {
  MigrationProject project;
  // "(owner): DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE; PUBLIC: ...": longer than a line
  project.write("001_x.sql", "create table x (a int);\ngrant select on x to public;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("grant insert on x to public");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  const std::size_t at = verify.out.find("table x: privileges ");
  REQUIRE(at != std::string::npos);
  const std::string line = verify.out.substr(at, verify.out.find('\n', at) - at);
  // the words of a privileges line, and the ellipses that stand for the rest
  for (const std::string cut : {"...TE", "...ATE", "...NCATE", "...LETE", "...CES", "...GER", "...ECT"}) {
    CHECK_FALSE(contains(line, cut));
  }
  CHECK(contains(line, "PUBLIC: INSERT, SELECT"));
  CHECK(contains(line, "(migrations/001_x.sql:2)"));
}

TEST_CASE("shadow verify: a column a migration declares, dropped by a DO ... EXECUTE, is caught") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int);\n");
  project.write("002_b.sql", "-- b for reports\nalter table t add column b int;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("do $$ begin execute 'alter table t drop column b'; end $$");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "MISSING  column t.b: missing here (the migrations make it)  (migrations/002_b.sql:2)"));
}

TEST_CASE("up's verify on the shadow: a DO block that depends on data only warns, a plain difference fails") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int);\ninsert into t values (1);\n");
  // on the target the table has a row, on the shadow's copy of the schema none
  project.write("002_dyn.sql",
                "do $$ begin\n  if exists (select 1 from t) then\n    execute 'alter table t add column seen int';\n"
                "  end if;\nend $$;\n");
  REQUIRE(project.pgapply({"up", "--target", "1"}).status == 0);
  auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "not verified: column t.seen: here, made by no migration (this run runs dynamic SQL (a DO "
                         "block's EXECUTE, \\gexec)"));
  // verify replays the migrations, data and all: the row is there, and so is the column
  CHECK(project.pgapply({"verify"}).status == 0);
}

TEST_CASE("up's verify on the shadow: a GRANT on a table another role owns lands there as on the target") {
  MigrationProject project;
  const std::string owner = "pgapply_owner_" + project.database().name().substr(project.database().name().size() - 6);
  project.execute("create role " + owner);
  project.execute("create table owned (id int); alter table owned owner to " + owner);
  // The owner's own privileges and these meet on the target; the shadow's
  // copy keeps the owner (a throwaway cluster has every role), so they meet
  // there too.
  project.write("001_g.sql", "grant select, insert on owned to " + owner + ";\nalter table owned add column z int;\n");
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.out, "Verified on the shadow"));
  project.execute("drop table owned; drop role " + owner);
}

TEST_CASE("verify: what dynamic SQL may have done after (rows, random names) is uncertain, as in up's verify") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int, c int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into t values (1, 1)");
  // On the target a row makes it drop c; replayed from the migrations alone, no row does.
  project.write("002_drop.sql",
                "do $$ begin if exists (select 1 from t) then execute 'alter table t drop column c'; end if; end $$;\n");
  // A name from chance: another one on the shadow.
  project.write("003_random.sql",
                "do $$ begin execute format('create table r_%s (id int)', (random() * 1000000)::int); end $$;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "column t.c: missing here (the migrations make it)  (uncertain: perhaps by dynamic SQL at "
                             "migrations/002_drop.sql:1)"));
  CHECK(contains(verify.out, "here, made by no migration, with its 1 column  (uncertain: perhaps by dynamic SQL at "
                             "migrations/003_random.sql:1)"));
}

TEST_CASE("verify: dynamic SQL that runs the same on the shadow (constant, catalog-guarded) leaves drift certain") {
  MigrationProject project;
  project.write("001_users.sql", "create table users (id bigint primary key, email text not null);\n");
  project.write("002_do.sql", "do $$ begin execute 'create table x (id int)'; end $$;\n");
  project.write("003_role.sql", "do $$ begin if not exists (select 1 from pg_roles where rolname = 'pgapply_test_ro') "
                                "then execute 'create role pgapply_test_ro nologin'; end if; end $$;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("alter table users drop column email");
  auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "MISSING  column users.email: missing here (the migrations make it)  "
                             "(migrations/001_users.sql:1)"));
  project.execute("create table stray (id int)");
  verify = project.pgapply({"verify"});
  CHECK(contains(verify.out, "EXTRA    table stray: here, made by no migration, with its 1 column\n"));
  CHECK_FALSE(contains(verify.out, "uncertain"));
  // what the constant EXECUTE made, drifted: certain, and named by the block that perhaps made it
  project.execute("drop table stray; alter table x add column note text; alter table users add column email text");
  verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "EXTRA      column x.note: here, made by no migration\n"));
  project.execute("alter table x drop column note; alter table x add column id2 int; alter table x drop column id");
  verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "MISSING    column x.id: missing here (the migrations make it)  (perhaps by dynamic "
                             "SQL: one of 2 statements that run it, the last at migrations/003_role.sql:1)"));
  CHECK_FALSE(contains(verify.out, "uncertain"));
  project.execute("drop role if exists pgapply_test_ro");
}

TEST_CASE("indexes made from rows by \\gexec or a DO block's EXECUTE, on a migration's table: uncertain, never a "
          "failure") {
  MigrationProject project;
  project.write("001_tables.sql", "create table tags (name text primary key);\ncreate table items (attrs jsonb);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into tags values ('color')");
  project.write("002_gexec.sql", "select format('create index %I on items ((attrs->>%L))', 'items_' || name || '_idx', "
                                 "name) from tags \\gexec\n");
  // up's verify: the shadow has no rows, so no index there: a warning, not exit 4.
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "not verified: index items_color_idx on items: here, made by no migration (this run runs dynamic "
                         "SQL (a DO block's EXECUTE, \\gexec)"));
  project.write("003_do.sql", "do $$ declare r record; begin for r in select name from tags loop "
                              "execute format('create index %I on items ((attrs->>%L))', 'items_' || r.name || '_do', "
                              "r.name); end loop; end $$;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  // (each perhaps by the first dynamic SQL after its table: either one may have made it)
  CHECK(contains(verify.out, "EXTRA  index items_color_do on items: here, made by no migration  (uncertain: perhaps by "
                             "dynamic SQL at migrations/002_gexec.sql:1)"));
  CHECK(contains(verify.out, "EXTRA  index items_color_idx on items: here, made by no migration  (uncertain: perhaps "
                             "by dynamic SQL at migrations/002_gexec.sql:1)"));
  // A column added by hand stays drift, dynamic SQL or not.
  project.execute("alter table items add column hack int");
  const auto drift = project.pgapply({"verify"});
  INFO(drift.out, drift.err);
  CHECK(drift.status == 4);
  CHECK(contains(drift.out, "EXTRA  column items.hack: here, made by no migration\n"));
}

TEST_CASE("verify as another role than the one that applied: each file replays as its ledger's applied_by") {
  MigrationProject project;
  const LoginRole app(project, "pgapply_app");
  project.write("001_schema.sql", "create schema apps;\ngrant usage, create on schema apps to :\"app\";\n");
  // Run as the role: the table is its own, and a GRANT or REVOKE to its
  // owner changes the owner's own privileges.
  project.write("002_r.sql",
                "create table apps.r (id int);\ngrant select on apps.r to :\"app\";\nrevoke truncate on apps.r from :\"app\";\n");
  const std::vector<std::string> role = {"-v", "app=" + app.name()};
  auto options = project.throwaway_shadow();
  std::vector<std::string> args = {"up", "--no-verify", "--target", "1"};
  args.insert(args.end(), role.begin(), role.end());
  REQUIRE(project.pgapply(args, options).status == 0);
  // (the ledger is not compared: what the role needs to write it, by hand)
  project.execute("grant select, insert, update, delete on pgapply_migrations, pgapply_migrations_history to " +
                  app.name() + "; grant usage on sequence pgapply_migrations_history_id_seq to " + app.name());
  args = {"up", "--no-verify", "-d", app.conninfo()};
  args.insert(args.end(), role.begin(), role.end());
  REQUIRE(project.pgapply(args, options).status == 0);
  // verify as the superuser, on a throwaway cluster (which has every role)
  args = {"verify"};
  args.insert(args.end(), role.begin(), role.end());
  const auto verify = project.pgapply(args, options);
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK_FALSE(contains(verify.out, "DIFFERENT"));
}

TEST_CASE("verify replays as a role a DO block's EXECUTE made the files that role applied") {
  MigrationProject project;
  const ServerRoles roles(project, {"dyn_owner"});
  const std::string& owner = roles[0];
  project.write("001_role.sql", "create schema apps;\ndo $$ begin execute 'create role " + owner +
                                    " login'; end $$;\ngrant usage, create on schema apps to " + owner + ";\n");
  // (run as the role, the table is its own: a REVOKE from it by name takes the owner's own privilege)
  project.write("002_t.sql", "create table apps.t (id int);\nrevoke truncate on apps.t from " + owner + ";\n");
  auto options = project.throwaway_shadow();
  REQUIRE(project.pgapply({"up", "--no-verify", "--target", "1"}, options).status == 0);
  project.execute("grant select, insert, update, delete on pgapply_migrations, pgapply_migrations_history to " +
                  owner + "; grant usage on sequence pgapply_migrations_history_id_seq to " + owner);
  const auto& server = TestServer::get();
  const std::string as_owner = "host=" + server.host + " port=" + server.port + " user=" + owner +
                               " dbname=" + project.database().name();
  REQUIRE(project.pgapply({"up", "--no-verify", "-d", as_owner}, options).status == 0);
  REQUIRE(project.query("select tableowner from pg_tables where tablename = 't'") == owner);
  // The replay hands the role to 001's DO block, then runs 002 as it: the owner's privileges are the same
  // (a review's find: 002 ran as the connecting role, and the table's privileges differed).
  const auto verify = project.pgapply({"verify"}, options);
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
  CHECK_FALSE(contains(verify.out, "DIFFERENT"));
}

TEST_CASE("a DO block branch that hangs on rows: up, verify and diff call its object uncertain, not drift") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  // static DDL in a branch (no EXECUTE): whether it runs depends on rows
  project.write("002_d.sql",
                "do $$\nbegin\n  if exists (select 1 from t) then\n    create index t_i on t (id);\n  end if;\nend $$;\n");
  REQUIRE(project.pgapply({"up", "--target", "1"}).status == 0);
  project.execute("insert into t values (1)");  // by hand: neither the shadow's copy nor the replay has it
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "not verified: index t_i on t: here, not made on the shadow (uncertain: the DO block at "
                         "migrations/002_d.sql:4 decides it from table rows, which may depend on data the shadow "
                         "does not have)"));
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified, with 1 uncertain difference"));
  CHECK(contains(verify.out, "EXTRA  index t_i on t: here, not made on the shadow  (uncertain: the DO block at "
                             "migrations/002_d.sql:4 decides it from table rows)"));
  CHECK_FALSE(contains(verify.out, "made by no migration"));
  const auto diff = project.pgapply({"diff"});
  INFO(diff.out);
  CHECK(diff.status == 0);
  CHECK(contains(diff.out, "Uncertain:\n  EXTRA  index t_i on t"));
  const auto json = nlohmann::json::parse(project.pgapply({"verify", "--format", "json"}).out);
  CHECK(json["ok"] == true);
  CHECK(json["counts"]["extra"] == 0);
  CHECK(json["counts"]["uncertain"] == 1);
  CHECK(json["differences"][0]["certain"] == false);
  CHECK(json["differences"][0]["made_by"]["hangs_on_data"] == true);
  // drift beside it is still certain: verify fails, and says which is which
  project.execute("alter table t add column note text");
  const auto drifted = project.pgapply({"verify"});
  INFO(drifted.out);
  CHECK(drifted.status == 4);
  CHECK(contains(drifted.out, "Verify FAILED: 1 extra, 1 uncertain"));
  CHECK(contains(drifted.out, "EXTRA  column t.note: here, made by no migration\n"));
}

TEST_CASE("verify with the migrations of the example project is exact, with the ledger in its own schema") {
  MigrationProject project;
  std::filesystem::copy(source_path("migrations"), project.path() + "/migrations",
                        std::filesystem::copy_options::recursive);
  const auto up = project.pgapply({"up", "--ledger", "pgapply.ledger"});
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  const auto verify = project.pgapply({"verify", "--ledger", "pgapply.ledger"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "6 applied migrations replayed on the shadow"));
}

TEST_CASE("verify, diff and baseline --detect: a column the database has under the name a migration renames it "
          "from is one not renamed, never made by no migration") {
  MigrationProject project;
  project.write("001_users.sql", "create table users (id int primary key, email text);\n");
  project.write("002_rename.sql", "select 1;\nalter table users rename column email to email_address;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("alter table users rename column email_address to email");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "Verify FAILED: 1 different ("));
  CHECK(contains(verify.out, "DIFFERENT  column users.email_address: name email here, email_address in the migrations  "
                             "(migrations/002_rename.sql:2)\n"));
  CHECK_FALSE(contains(verify.out, "made by no migration"));
  const auto json = nlohmann::json::parse(project.pgapply({"diff", "--format", "json"}).out);
  CHECK(json["counts"]["different"] == 1);
  CHECK(json["counts"]["extra"] == 0);
  CHECK(json["counts"]["missing"] == 0);
  REQUIRE(json["differences"].size() == 1);
  CHECK(json["differences"][0]["changes"][0]["attribute"] == "name");
  CHECK(json["differences"][0]["changes"][0]["database"] == "email");

  // A database built by hand up to 001: 002 is where the proposal stops, for one object.
  project.execute("drop table pgapply_migrations, pgapply_migrations_history, users;"
                  "create table users (id int primary key, email text)");
  const auto detect = project.pgapply({"baseline", "--detect"});
  INFO(detect.out, detect.err);
  CHECK(detect.status == 0);
  CHECK(contains(detect.out, "Baseline: propose 1 (1 of 2 migrations) as applied; stopped at 2."));
  CHECK(contains(detect.out, "1 object the migrations up to it leave on the shadow is not here as they leave it\n"));
  CHECK(contains(detect.out, "  column users.email_address: name email here, email_address in the migrations, made "
                             "at migrations/002_rename.sql:2\n"));
  CHECK_FALSE(contains(detect.out, "made by no migration"));
}

TEST_CASE("baseline --detect on the shadow: renames and later changes do not stop it, a data-only file right after "
          "the proposal is left to check") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int unique, email text);\n");
  project.write("002_rename.sql", "alter table t rename constraint t_a_key to t_a_unique;\n"
                                  "alter table t alter column email type varchar(64);\n");
  project.write("003_data.sql", "insert into t (a) values (1);\n");
  project.write("004_u.sql", "create table u (id int);\n");
  // built by hand up to 002, with some drift no migration touches
  project.execute("create table t (a int constraint t_a_unique unique, email varchar(64));"
                  "create table elsewhere (x int)");
  const auto result = project.pgapply({"baseline", "--detect"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Baseline: propose 1, 2 (2 of 4 migrations) as applied; stopped at 3."));
  CHECK(contains(result.out, "NOTHING TO CHECK"));
  CHECK(contains(result.out, "changes no object on the shadow (data only?)"));
  CHECK_FALSE(contains(result.err, "static model"));

  project.execute("drop table t");
  const auto none = project.pgapply({"baseline", "--detect", "--format", "json"});
  CHECK(contains(none.out, "\"versions\": []"));
  CHECK(contains(none.out, "table t: missing here (the migrations make it)"));
}

namespace {

// 001 makes tables, 002 only inserts, 003 alters a table of 001, 004 makes another.
void write_altered_later(const MigrationProject& project) {
  project.write("001_tables.sql", "create table t (id int primary key, b text);\ncreate table audit (at timestamptz);\n");
  project.write("002_data.sql", "insert into t values (1, 'x');\n");
  project.write("003_alter.sql", "alter table t alter column b type varchar(10);\nalter table t add column c int;\n");
  project.write("004_more.sql", "create table u (id int);\n");
}

// Applies the files with psql, as a team that built the database by hand would have.
void apply_with_psql(const MigrationProject& project, const std::vector<std::string>& files) {
  ProcessOptions options;
  options.env = project.database().env();
  for (const auto& file : files) {
    const auto psql = run_process({TestServer::get().program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                                   project.path() + "/migrations/" + file},
                                  options);
    REQUIRE(psql.status == 0);
  }
}

}  // namespace

TEST_CASE("baseline --detect: a data-only migration and later ALTERs of earlier tables do not get in the way") {
  for (const bool static_model : {false, true}) {
    CAPTURE(static_model);
    MigrationProject project;
    write_altered_later(project);
    apply_with_psql(project, {"001_tables.sql", "002_data.sql", "003_alter.sql", "004_more.sql"});
    std::vector<std::string> args{"baseline", "--detect"};
    if (static_model) args.push_back("--no-shadow");
    auto result = project.pgapply(args);
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK(contains(result.out, "Baseline: propose 1, 2, 3, 4 (4 of 4 migrations) as applied.\n"));
    CHECK_FALSE(contains(result.out, "first migration"));
    CHECK(contains(result.out, "on the shadow") != static_model);

    // Built up to 003 only: 004's table is named as the reason, with its file and line.
    project.execute("drop table u");
    result = project.pgapply(args);
    INFO(result.out);
    CHECK(contains(result.out, "Baseline: propose 1, 2, 3 (3 of 4 migrations) as applied; stopped at 4.\n"));
    CHECK(contains(result.out, "Dry run: nothing recorded.\nNext: record 3 migrations as applied: pgapply baseline "
                               "--detect"));
    CHECK(contains(result.out, " --yes; pgapply up then applies 004_more.sql and later (the "
                               "database is not as the migrations up to 004_more.sql leave it: "));
    CHECK(contains(result.out, "table u"));
    CHECK(contains(result.out, "004_more.sql:1"));

    args.push_back("--yes");
    result = project.pgapply(args);
    CHECK(result.status == 0);
    CHECK(project.query("select string_agg(version::text, ',' order by version) from pgapply_migrations") == "1,2,3");
    CHECK(project.pgapply({"up"}).status == 0);
    CHECK(project.pgapply({"verify"}).status == 0);
  }
}

TEST_CASE("baseline --detect: up to a data-only migration, whether it ran is left to check by hand") {
  MigrationProject project;
  write_altered_later(project);
  apply_with_psql(project, {"001_tables.sql", "002_data.sql"});
  const auto result = project.pgapply({"baseline", "--detect"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Baseline: propose 1 (1 of 4 migrations) as applied; stopped at 2.\n"));
  CHECK(contains(result.out, "NOTHING TO CHECK  002_data.sql"));
  CHECK(contains(result.out, "NOT THERE         003_alter.sql"));
  CHECK(contains(result.out, "the database is not as the migrations up to 003_alter.sql leave it: column t.b: type"));
  CHECK(contains(result.out, "made at migrations/003_alter.sql:1"));
  CHECK(contains(result.out, "; whether 002_data.sql has run cannot be seen (data only?): check by hand.\n"));
}

TEST_CASE("verify and diff: what the statements of a failed statement-by-statement file that took effect made is no "
          "drift, and is attributed to that file") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_x.sql", "create index concurrently ai on a (id);\nselect 1/0;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 3);
  REQUIRE(project.query("select state || ' ' || statements_done from pgapply_migrations where version = '2'") ==
          "failed 1");
  const std::string note = "note: 002_x.sql failed at statement 2 of 2: its statement 1, which took effect, was "
                           "replayed on the shadow too";
  auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK_FALSE(contains(verify.out, "EXTRA"));
  CHECK(contains(verify.out, "1 applied migration replayed on the shadow"));
  CHECK(contains(verify.out, note));
  const auto diff = project.pgapply({"diff"});
  INFO(diff.out, diff.err);
  CHECK(diff.status == 0);
  CHECK(contains(diff.out, note));

  // Gone from the database, the index is missing, and the file that made it is named.
  project.execute("drop index ai");
  verify = project.pgapply({"verify"});
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "MISSING  index ai on a: missing here (the migrations make it)  (migrations/002_x.sql:1)"));

  // The file changed since: its first statement is not replayed, and the note says why.
  project.execute("create index ai on a (id)");
  project.write("002_x.sql", "create index concurrently if not exists ai on a (id);\nselect 1;\n");
  verify = project.pgapply({"verify"});
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "EXTRA  index ai on a: here, made by no migration"));
  CHECK(contains(verify.out, "note: 002_x.sql failed at statement 2 of 2, and its file changed since: what its "
                             "statement 1 made shows as made by no migration"));
}

TEST_CASE("shadow verify replays a migration's CREATE ROLE: the shadow gets only the target's roles it does not make") {
  MigrationProject project;
  const ServerRoles roles(project, {"app_reader", "auditor", "handmade"});
  // made by hand before the migrations, dropped by one of them
  project.execute("create role " + roles[2] + " nologin");
  project.write("001_t.sql", "create table t (id int primary key);\ncreate role " + roles[0] +
                                 " nologin;\ngrant select on t to " + roles[0] + ";\n");
  project.write("002_guarded.sql",
                "do $$\nbegin\n  if not exists (select from pg_roles where rolname = '" + roles[1] +
                    "') then\n    create role " + roles[1] + " nologin;\n  end if;\nend $$;\ngrant " + roles[1] +
                    " to " + roles[0] + ";\ndrop role " + roles[2] + ";\n");
  const ProcessOptions shadow = project.throwaway_shadow();
  const auto up = project.pgapply({"up"}, shadow);
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  CHECK(contains(up.out, "Verified on the shadow"));

  const auto verify = project.pgapply({"verify"}, shadow);
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
  CHECK(contains(verify.out, "2 applied migrations replayed on the shadow"));
  CHECK_FALSE(contains(verify.err, "falls back"));

  // and so drift is found, where the fallback to the static model said "Verify ok"
  project.execute("alter table t add column note text");
  const auto drift = project.pgapply({"verify"}, shadow);
  INFO(drift.out, drift.err);
  CHECK(drift.status == 4);
  CHECK(contains(drift.out, "EXTRA  column t.note: here, made by no migration\n"));
  const auto diff = project.pgapply({"diff"}, shadow);
  INFO(diff.out, diff.err);
  CHECK(diff.status == 4);
  CHECK(contains(diff.out, "EXTRA  column t.note"));
}

TEST_CASE("shadow verify: a role a DO block's EXECUTE makes, unguarded, is the replay's to make, not the target's") {
  MigrationProject project;
  const ServerRoles roles(project, {"dyn_reader"});
  project.write("001_t.sql", "do $$ begin execute 'create role " + roles[0] +
                                 " nologin'; end $$;\ncreate table t (id int);\ngrant select on t to " + roles[0] +
                                 ";\n");
  const ProcessOptions shadow = project.throwaway_shadow();
  REQUIRE(project.pgapply({"up"}, shadow).status == 0);
  // The shadow copied the role from the target; the DO block's CREATE ROLE failed there ("already exists").
  const auto verify = project.pgapply({"verify"}, shadow);
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
  CHECK(contains(verify.out, "1 applied migration replayed on the shadow"));
  const auto diff = project.pgapply({"diff"}, shadow);
  INFO(diff.out, diff.err);
  CHECK(diff.status == 0);
  CHECK(contains(diff.out, "No drift"));

  project.execute("revoke select on t from " + roles[0]);
  const auto drift = project.pgapply({"verify"}, shadow);
  INFO(drift.out, drift.err);
  CHECK(drift.status == 4);
  CHECK(contains(drift.out, "DIFFERENT  table t: privileges"));
  CHECK(contains(drift.out, "(migrations/001_t.sql:3)"));
  CHECK_FALSE(contains(drift.out, "INCOMPLETE"));
}

TEST_CASE("verify and diff never pass on the static model's word when the shadow could not replay the migrations") {
  MigrationProject project;
  // a table made by hand that a migration needs: the target has it, the replay from nothing does not
  project.execute("create table handmade (id int primary key)");
  project.write("001_t.sql", "create table t (id int references handmade (id));\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("alter table t add column note text");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);
  CHECK_FALSE(contains(verify.out, "Verify ok"));
  CHECK(contains(verify.out, "Verify INCOMPLETE for database "));
  CHECK(contains(verify.out, "the shadow could not check what the migrations make, so objects no migration made "
                             "(drift) were not looked for (an applied migration fails on the shadow"));
  // What to do about it, and done as said, the shadow replays them and finds the drift.
  CHECK(contains(verify.out, "relation \"handmade\" does not exist (SQLSTATE 42P01); if the migrations use what none "
                             "of them makes (a schema such as auth, a role, a table made by hand or by another tool), "
                             "make it on the shadow first with --shadow-init FILE, a script that makes it"));
  project.write_file("handmade.sql", "create table handmade (id int primary key);\n");
  const auto initialized = project.pgapply({"verify", "--shadow-init", "handmade.sql"});
  INFO(initialized.out, initialized.err);
  CHECK(initialized.status == 4);
  CHECK(contains(initialized.out, "EXTRA  column t.note: here, made by no migration\n"));
  const auto diff = project.pgapply({"diff"});
  CHECK(diff.status == 4);
  const auto json = nlohmann::json::parse(project.pgapply({"verify", "--format", "json"}).out);
  CHECK(json["ok"] == false);
  CHECK(json["method"] == "static_model");
  CHECK(json["error"]["kind"] == "check");
  CHECK(contains(json["error"]["message"], "was not verified: the shadow could not check what its migrations make"));
}

TEST_CASE("verify --help describes the shadow, and verify does as it says") {
  MigrationProject project;
  const auto help = project.pgapply({"verify", "--help"});
  INFO(help.out);
  REQUIRE(help.status == 0);
  // the help wraps its lines: compare with single spaces
  std::string text;
  for (const char c : help.out) {
    if ((c == ' ' || c == '\n') && !text.empty() && text.back() == ' ') continue;
    text += c == '\n' ? ' ' : c;
  }
  CHECK(contains(text, "Replays the applied migrations, in version order, on a shadow database (--shadow, or else a "
                       "throwaway local cluster"));
  CHECK(contains(text, "extra (drift: in the database, made by no migration)"));
  CHECK(contains(text, "--no-shadow checks with the static model only"));

  project.write("001_t.sql", "create table t (id int);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  project.execute("alter table t add column note text");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out);
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "EXTRA  column t.note: here, made by no migration"));
}

TEST_CASE("verify and diff on a throwaway shadow: no note of roles it lacks when it made them all") {
  // The connecting role is among the target's roles: the throwaway cluster
  // made it once, and once made it is there (not "could not create").
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int primary key);\n");
  const ProcessOptions shadow = project.throwaway_shadow();
  REQUIRE(project.pgapply({"up"}, shadow).status == 0);
  for (const std::string command : {"verify", "diff"}) {
    const auto text = project.pgapply({command}, shadow);
    INFO(command, text.out, text.err);
    CHECK(text.status == 0);
    CHECK(contains(text.out, "a throwaway cluster"));
    CHECK_FALSE(contains(text.out + text.err, "lacks roles"));
    const auto json_run = project.pgapply({command, "--format", "json"}, shadow);
    INFO(json_run.out, json_run.err);
    const auto json = nlohmann::json::parse(json_run.out);
    CHECK(json["ok"] == true);
    CHECK(json["notes"].is_array());
    CHECK(json["notes"].dump().find("lacks roles") == std::string::npos);
  }
}

TEST_CASE("verify with a --shadow whose role may not create roles: the target's roles it lacks are a note") {
  MigrationProject project;
  const OtherServer other;
  const ServerRoles roles(project, {"only_on_target"});
  project.execute("create role " + roles[0] + " nologin");
  const std::string limited = "shadow_limited";
  other.query("create role " + limited + " login createdb; select 1");  // no CREATEROLE
  project.write("001_t.sql", "create table t (id int primary key);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const std::string url = other.conninfo() + " user=" + limited;
  const auto verify = project.pgapply({"verify", "--shadow", url});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "in a scratch database pgapply_shadow_"));
  CHECK(contains(verify.out, "the shadow lacks roles it could not create: "));
  CHECK(contains(verify.out, roles[0]));
  const auto json = nlohmann::json::parse(project.pgapply({"verify", "--shadow", url, "--format", "json"}).out);
  CHECK(json["notes"].dump().find("the shadow lacks roles it could not create: ") != std::string::npos);
  CHECK(json["notes"].dump().find(roles[0]) != std::string::npos);
}

TEST_CASE("--shadow-init: what the migrations use but do not make, made on the shadow and left out of verify") {
  MigrationProject project;
  // The platform's table (Supabase's auth.users), with columns no migration made.
  project.execute("create schema auth; create table auth.users (id uuid primary key, email text, "
                  "created_at timestamptz default now())");
  project.write("001_profiles.sql", "create table if not exists profiles (id uuid primary key references auth.users (id), "
                                    "name text);\n");
  project.write("002_plan.sql", "alter table auth.users add column if not exists plan text;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  auto verify = project.pgapply({"verify"});
  CHECK(verify.status == 4);  // the shadow cannot replay 001 from an empty database
  CHECK(contains(verify.err + verify.out, "migrations/001_profiles.sql:1"));
  project.write_file("supabase/auth.sql", "create schema auth;\ncreate table auth.users (id uuid primary key);\n");
  verify = project.pgapply({"verify", "--shadow-init", "supabase/auth.sql"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "what --shadow-init made"));
  // What the migrations made on the platform's table is compared still, and drift is drift.
  project.execute("alter table auth.users drop column plan; alter table profiles add column note text");
  verify = project.pgapply({"verify", "--shadow-init", "supabase/auth.sql"});
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "MISSING  column auth.users.plan: missing here (the migrations make it)"));
  CHECK(contains(verify.out, "EXTRA    column profiles.note: here, made by no migration"));
  // An object of the init file's that a migration changes: that change is compared, the platform's grants are not.
  project.execute("alter table auth.users add column plan text; alter table profiles drop column note; "
                  "grant select on auth.users to public");
  project.write("003_rls.sql", "alter table auth.users enable row level security;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  verify = project.pgapply({"verify", "--shadow-init", "supabase/auth.sql"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  project.execute("alter table auth.users disable row level security");
  verify = project.pgapply({"verify", "--shadow-init", "supabase/auth.sql"});
  CHECK(verify.status == 4);
  CHECK(contains(verify.out, "table auth.users"));
  CHECK_FALSE(contains(verify.out, "privileges"));
  project.execute("alter table auth.users enable row level security");
  // check --offline replays from an empty database too; from pgapply.toml as well.
  project.write_file("pgapply.toml", "shadow_init = [\"supabase/auth.sql\"]\n");
  const auto check = project.pgapply({"check", "--offline"});
  INFO(check.out, check.err);
  CHECK(check.status == 0);
  // A file that fails on the shadow says which, and where.
  project.write_file("supabase/auth.sql", "create schema auth;\ncreate tabel auth.users (id uuid primary key);\n");
  verify = project.pgapply({"verify"});
  CHECK(verify.status == 4);
  CHECK(contains(verify.err, "its --shadow-init failed there: supabase/auth.sql:2"));
  // A file that is not there is named as the option's.
  const auto missing = project.pgapply({"verify", "--shadow-init", "supabase/nope.sql"});
  CHECK(missing.status == 1);
  CHECK(contains(missing.err, "--shadow-init supabase/nope.sql: cannot read"));
  // ... before connecting (a database that is not there is not what is said), and where it was set.
  ProcessOptions toml;
  toml.env.emplace("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nowhere");
  project.write_file("pgapply.toml", "shadow_init = [\"supabase/gone.sql\"]\n");
  const auto unread = project.pgapply({"diff"}, toml);
  CHECK(unread.status == 1);
  CHECK(contains(unread.err, "--shadow-init supabase/gone.sql: cannot read: No such file or directory "
                             "(from pgapply.toml:1)"));
  CHECK_FALSE(contains(unread.err, "connect"));
  CHECK(contains(project.pgapply({"config"}).out, "supabase/gone.sql  (INVALID)"));
  CHECK(project.pgapply({"verify", "--no-shadow"}, toml).status == 2);  // not read without a shadow: connecting is
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);            // nor by up when it does not verify
}

TEST_CASE("up's verify says when a CREATE TABLE IF NOT EXISTS found its table there and made nothing") {
  MigrationProject project;
  project.execute("create table users (id bigint)");
  project.write("001_users.sql", "-- the users\ncreate table if not exists users (id int primary key, email text);\n"
                                 "create table if not exists orders (id int);\n");
  const auto result = project.pgapply({"up"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err, "migrations/001_users.sql:2: CREATE TABLE IF NOT EXISTS users found the table there "
                             "before this run and made nothing, and the table lacks the columns email that the "
                             "statement declares; pgapply verify compares the whole table"));
  CHECK_FALSE(contains(result.err, "IF NOT EXISTS orders"));  // it made that one
  CHECK(project.pgapply({"verify"}).status == 4);
}

TEST_CASE("preflight and up's verify: a migration's ALTER PUBLICATION ... ADD TABLE finds the target's publication on "
          "the shadow") {
  MigrationProject project;
  project.execute("create publication app_pub");
  project.write("001_t.sql", "create table t (id bigint primary key);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  // As Supabase's: alter publication supabase_realtime add table todos.
  project.write("002_pub.sql", "alter publication app_pub add table t;\n");
  const auto preflight = project.pgapply({"preflight"});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK_FALSE(contains(up.err, "not verified"));
  CHECK(project.query("select string_agg(tablename, ',') from pg_publication_tables where pubname = 'app_pub'") == "t");
}

TEST_CASE("verify says which applied file changed since it was applied: it is replayed as it is now") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int);\n");
  project.write("R__v.sql", "create or replace view v as select a from t;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.write("001_t.sql", "create table t (a int, b int);\n");
  const std::string note = "001_t.sql changed since it was applied (its checksum is not the ledger's): it is replayed as "
                           "it is now, so a difference it makes may be the edit rather than drift";
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 4);  // column t.b: the edit, not made here
  CHECK(contains(verify.out, note));
  const auto by_model = project.pgapply({"verify", "--no-shadow"});
  INFO(by_model.out, by_model.err);
  CHECK(contains(by_model.out, note));
  // A repeatable file edited since it ran is pending, and replayed as it is now, the same way.
  project.write("001_t.sql", "create table t (a int);\n");
  project.write("R__v.sql", "create or replace view v as select a, 1 as one from t;\n");
  const auto repeatable = project.pgapply({"verify"});
  INFO(repeatable.out, repeatable.err);
  CHECK(contains(repeatable.out, "R__v.sql changed since it was applied"));
  // A -v value other than the one it was applied with: the value changed, not the file, and the note says so.
  project.write("002_u.sql", "create table u (a int default :vv);\n");
  REQUIRE(project.pgapply({"up", "--no-verify", "-v", "vv=7"}).status == 0);
  const auto other_value = project.pgapply({"verify", "-v", "vv=8"});
  INFO(other_value.out, other_value.err);
  CHECK(contains(other_value.out, "002_u.sql, or what it reads (-v vv), changed since it was applied (its checksum is "
                                  "not the ledger's): it is replayed with the values given now"));
}

TEST_CASE("shadow verify: up says what it waits for after Done: when the run's files take long again on the shadow") {
  MigrationProject project;
  project.write("001_fast.sql", "create table a (id int);\n");
  auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  CHECK_FALSE(contains(up.out, "Verifying on the shadow"));  // (not said of a short wait)
  project.write("002_slow.sql", "create table b (id int);\nselect pg_sleep(2.5);\n");
  up = project.pgapply({"up"});
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  const std::string waiting = "Verifying on the shadow: running 002_slow.sql again on a copy of this schema ...\n";
  CHECK(contains(up.out, waiting));
  CHECK(up.out.find("Done: ") < up.out.find(waiting));
  CHECK(up.out.find(waiting) < up.out.find("Verified on the shadow"));
}
