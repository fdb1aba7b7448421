// preflight reports what would stop `up` before it runs a migration (a role
// that cannot read, write or create the ledger) and lint's findings for the
// pending files, as findings: never a crash, never a bare "permission denied".
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <span>

#include <nlohmann/json.hpp>

#include "engine/ledger.hpp"
#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// The GRANT statements a message prints: from "GRANT" to the end of the
// line or to the alternative it offers ("; or name the ledger ...").
std::string grants_in(const std::string& text) {
  const auto start = text.find("GRANT ");
  REQUIRE(start != std::string::npos);
  const auto end = std::min(text.find('\n', start), text.find("; or ", start));
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}


// `schema` applied by up (as 001_schema.sql), then `rows` put into the
// target by hand: the database a pending file's row checks ask.
void apply_with_rows(const MigrationProject& project, const std::string& schema, const std::string& rows) {
  project.write("001_schema.sql", schema);
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute(rows);
}
}  // namespace

TEST_CASE("preflight: a role that cannot read or write the ledger is a finding naming the GRANT, which works as printed") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.write("002_noop.sql", "select 1;\n");
  const LoginRole role(project, "pgapply_plain");
  const std::vector<std::string> as_role{"preflight", "--no-shadow", "-d", role.conninfo()};

  auto result = project.pgapply(as_role);
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "the role " + role.name() +
                                 " cannot read the ledger public.pgapply_migrations (no SELECT on it)"));
  CHECK(contains(result.out, "GRANT USAGE ON SCHEMA \"public\" TO \"" + role.name() + "\";"));
  CHECK(!contains(result.err, "permission denied"));

  project.execute("grant select on pgapply_migrations to " + role.name());
  auto args = as_role;
  args.insert(args.end(), {"--format", "json"});
  result = project.pgapply(args);
  CHECK(result.status == 4);
  const auto json = nlohmann::json::parse(result.out);
  REQUIRE(json["findings"].size() == 1);
  CHECK(json["findings"][0]["severity"] == "error");
  const std::string message = json["findings"][0]["message"];
  CHECK(contains(message, "cannot write the ledger public.pgapply_migrations (no INSERT, UPDATE or DELETE on it)"));
  CHECK(json["will_fail"] == true);
  CHECK(json["counts"]["applied"] == 1);  // it could read the ledger: only 002 is pending
  CHECK(json["counts"]["pending"] == 1);

  project.execute(grants_in(message));  // as printed
  result = project.pgapply(as_role);
  CHECK(result.status == 0);
  CHECK(!contains(result.out, "cannot write the ledger"));
  // up as that role now works too.
  CHECK(project.pgapply({"up", "--no-verify", "-d", role.conninfo()}).status == 0);
}

TEST_CASE("preflight: CREATE TRIGGER needs the TRIGGER privilege, not the owner, and what runs after the file's SET "
          "ROLE has that role's privileges") {
  MigrationProject project;
  const LoginRole role(project, "pgapply_deployer");
  const ServerRoles owners(project, {"app_owner", "stranger"});
  const std::string& owner = owners[0];
  project.execute("create role " + owner + " nologin");
  project.execute("create role " + owners[1] + " nologin");
  // (NOINHERIT: the deployer has the owner's privileges only after SET ROLE)
  project.execute("alter role " + role.name() + " noinherit");
  project.execute("grant " + owner + " to " + role.name());
  project.execute("grant usage, create on schema public to " + role.name());
  project.execute("create table t (id int); alter table t owner to " + owner + ";\n"
                  "create table u (id int); alter table u owner to " + owner + ";\n"
                  "grant trigger on u to " + role.name() + ";\n"
                  "create function touch() returns trigger language plpgsql as 'begin return new; end';\n");
  // (SET role TO ..., as any setting is set; SET role TO DEFAULT gives it back)
  project.write("001_a.sql", "set role to " + owner + ";\n"
                             "alter table t add column c int;\n"
                             "set role to default;\n"
                             "create trigger u_touch before insert on u for each row execute function touch();\n"
                             "create trigger t_touch before insert on t for each row execute function touch();\n");
  const std::vector<std::string> as_role{"preflight", "--no-shadow", "-d", role.conninfo()};
  auto result = project.pgapply(as_role);
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "001_a.sql:1  the file sets role " + owner + ": the privileges of what runs as it are "
                             "not checked here (preflight read those of " + role.name() + ")"));
  CHECK_FALSE(contains(result.out, "001_a.sql:2  column"));
  CHECK_FALSE(contains(result.out, "001_a.sql:4  trigger"));
  const std::string grant = "GRANT TRIGGER ON public.t TO " + role.name();
  CHECK(contains(result.out, "001_a.sql:5  trigger t_touch on t (create) fails: " + role.name() +
                             " lacks the TRIGGER privilege on t (and does not own it); its owner may grant it: " +
                             grant));
  CHECK(project.pgapply({"up", "--no-verify", "-d", role.conninfo()}).status != 0);  // as preflight said
  project.execute(grant);  // as printed
  result = project.pgapply(as_role);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify", "-d", role.conninfo()}).status == 0);

  // SET ROLE to a role it is no member of: fails, and says which GRANT lets it
  project.write("002_b.sql", "set role " + owners[1] + ";\nselect 1;\n");
  result = project.pgapply(as_role);
  CHECK(result.status == 4);
  const std::string member = "GRANT " + owners[1] + " TO " + role.name();
  CHECK(contains(result.out, "002_b.sql:1  SET ROLE " + owners[1] + " fails: " + role.name() +
                             " is not a member of role " + owners[1] + " (one may grant it: " + member + ")"));
  CHECK(project.pgapply({"up", "--no-verify", "-d", role.conninfo()}).status != 0);  // as preflight said
  project.execute(member);  // as printed
  CHECK(project.pgapply(as_role).status == 0);
  CHECK(project.pgapply({"up", "--no-verify", "-d", role.conninfo()}).status == 0);
}

TEST_CASE("preflight: a member of a managed platform's stand-in for a superuser (rds_superuser), or a role where "
          "Supabase's supautils is set up, is told CREATE EVENT TRIGGER may fail, not that it fails") {
  MigrationProject project;
  const LoginRole role(project, "pgapply_platform");
  // (rds_superuser is one name for the whole server: made here unless there, and dropped after)
  struct StandIn {
    const MigrationProject& project;
    bool made;
    ~StandIn() {
      if (made) project.execute("drop role if exists rds_superuser");
    }
  } stand_in{project, project.query("select count(*) from pg_roles where rolname = 'rds_superuser'") == "0"};
  if (stand_in.made) project.execute("create role rds_superuser nologin");
  project.execute("grant rds_superuser to " + role.name());
  project.execute("grant usage, create on schema public to " + role.name());
  project.write("001_e.sql", "create function on_ddl() returns event_trigger language plpgsql as 'begin end';\n"
                             "create event trigger on_ddl on ddl_command_end execute function on_ddl();\n");
  const std::vector<std::string> as_role{"preflight", "--no-shadow", "-d", role.conninfo()};
  auto result = project.pgapply(as_role);
  INFO(result.out, result.err);
  CHECK(contains(result.out, "001_e.sql:2  CREATE EVENT TRIGGER may fail: only a superuser may run it, and " +
                             role.name() + " is not one (as a member of rds_superuser, a managed platform's stand-in "
                             "for one, it may)"));
  project.execute("revoke rds_superuser from " + role.name());
  result = project.pgapply(as_role);
  CHECK(contains(result.out, "001_e.sql:2  CREATE EVENT TRIGGER fails: only a superuser may run it, and " +
                             role.name() + " is not one\n"));
  project.execute("alter database " + project.database().name() + " set supautils.privileged_role = 'postgres'");
  result = project.pgapply(as_role);
  CHECK(contains(result.out, "001_e.sql:2  CREATE EVENT TRIGGER may fail: only a superuser may run it, and " +
                             role.name() + " is not one (Supabase's supautils may allow it"));
}

TEST_CASE("preflight: a role that cannot create the ledger is told which GRANT (or --ledger) lets it") {
  MigrationProject project;
  project.write("001_noop.sql", "select 1;\n");
  const LoginRole role(project, "pgapply_plain");
  const auto result = project.pgapply({"preflight", "--no-shadow", "-d", role.conninfo()});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "the role " + role.name() +
                                 " cannot create the ledger public.pgapply_migrations (no CREATE on the schema public)"));
  CHECK(contains(result.out, "Preflight: WILL FAIL: 1 pending migration; 1 error about the run"));
  // (only what it lacks: PUBLIC has USAGE on public)
  CHECK(contains(result.out, "GRANT CREATE ON SCHEMA \"public\" TO \"" + role.name() + "\";"));
  project.execute(grants_in(result.out));
  CHECK(project.pgapply({"preflight", "--no-shadow", "-d", role.conninfo()}).status == 0);
  // and what the grant lets it make, verify after it does not take for drift: the grant was pgapply's, not a
  // migration's
  CHECK(project.pgapply({"up", "--no-verify", "-d", role.conninfo()}).status == 0);
  const auto verified = project.pgapply({"verify", "-d", role.conninfo()}, project.throwaway_shadow());
  INFO(verified.out, verified.err);
  CHECK(verified.status == 0);
  CHECK_FALSE(contains(verified.out, "privileges"));
}

TEST_CASE("a ledger in a schema that exists, named with it, for a role that may create tables there and not schemas") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  const LoginRole role(project, "pgapply_schema_user");
  project.execute("grant create on schema public to " + role.name() + "; create schema ops; grant usage, create on "
                  "schema ops to " + role.name());
  // (each ledger its own: the same file again, on purpose)
  for (const std::string ledger : {"public.led", "ops.led"}) {
    INFO(ledger);
    const auto result =
        project.pgapply({"up", "--no-verify", "--ignore-foreign-ledger", "--ledger", ledger, "-d", role.conninfo()});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK(project.query("select count(*) from " + ledger) == "1");
    project.execute("drop table t");
  }
  // A schema that is missing is still made (by a role that may).
  CHECK(project.pgapply({"up", "--no-verify", "--ignore-foreign-ledger", "--ledger", "fresh.led"}).status == 0);
  CHECK(project.query("select count(*) from fresh.led") == "1");
}

TEST_CASE("preflight lists lint's findings for the pending files, at file:line, without failing for them") {
  MigrationProject project;
  project.write("001_events.sql", "create table events (id bigint primary key, kind text);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  // An existing table: building the index without CONCURRENTLY blocks its writers.
  project.write("002_events_kind.sql", "-- the kind lookups\n\ncreate index events_kind on events (kind);\n"
                                       "create table counters (n int);\n");
  const auto result = project.pgapply({"preflight", "--no-shadow", "--format", "json"});
  INFO(result.err);
  CHECK(result.status == 0);
  const auto json = nlohmann::json::parse(result.out);
  bool found = false;
  for (const auto& finding : json["migrations"][0]["findings"]) {
    if (!found && finding["message"].get<std::string>().starts_with("lint require-concurrent-index-creation: ")) {
      found = true;
      CHECK(finding["severity"] == "warning");  // a lint error: a team's policy, not a failure
      CHECK(finding["location"] == "migrations/002_events_kind.sql:3");
    }
  }
  CHECK(found);
  const auto text = project.pgapply({"preflight", "--no-shadow"});
  CHECK(contains(text.out, "lint prefer-bigint-over-int: "));

  // A DO block's dynamic SQL: preflight's own note, once, not lint's too.
  project.write("003_dynamic.sql",
                "DO $$ BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN x int', 'counters'); END $$;\n");
  const auto dynamic = project.pgapply({"preflight", "--no-shadow"});
  CHECK(contains(dynamic.out, "a DO block runs dynamic SQL (EXECUTE) or a function of the user's"));
  CHECK_FALSE(contains(dynamic.out, "dynamic-sql-unchecked"));
  CHECK(contains(project.pgapply({"lint"}).out, "dynamic-sql-unchecked"));  // lint alone says it
}

TEST_CASE("preflight: lint knows the target, so a table CREATE TABLE IF NOT EXISTS makes there is new and empty") {
  // ente's 2_create_subscriptions and 4_update_subscriptions_schema on an
  // empty database: the NOT NULL columns go to a table made by the run.
  MigrationProject project;
  project.write("002_create.sql", "create table if not exists subscriptions (id bigint);\n");
  project.write("004_alter.sql", "alter table subscriptions add column product_id text not null;\n");
  auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "adding-required-field"));
  CHECK_FALSE(contains(result.out, "WARNING"));
  // The table there already (made by hand, with rows): IF NOT EXISTS skips
  // it, and the NOT NULL column without a default fails on its rows.
  project.execute("create table subscriptions (id bigint); insert into subscriptions values (1)");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "lint adding-required-field: ADD COLUMN product_id to subscriptions NOT NULL"));
}

TEST_CASE("preflight lints with the project's lint settings: [lint] in pgapply.toml, --disable, --severity") {
  MigrationProject project;
  project.write("001_logs.sql", "create table logs (id bigint primary key, at timestamp);\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  CHECK(contains(result.out, "lint prefer-timestamptz: "));
  project.write_file("pgapply.toml", "[lint]\ndisable = [\"prefer-timestamptz\"]\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "prefer-timestamptz"));
  // On the command line too, checked as lint checks it.
  project.write_file("pgapply.toml", "");
  CHECK_FALSE(contains(project.pgapply({"preflight", "--no-shadow", "--disable", "prefer-timestamptz"}).out,
                       "prefer-timestamptz"));
  result = project.pgapply({"preflight", "--no-shadow", "--disable", "prefer-timestampz"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "prefer-timestampz"));
}

TEST_CASE("preflight: a lint error whose lock scales with a large table is an error, WILL BLOCK, exit 4") {
  MigrationProject project;
  project.write("001_events.sql", "create table events (id bigint primary key, kind text);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into events select g, 'k' || (g % 7) from generate_series(1, 120000) g; analyze events");
  project.write("002_events_kind.sql", "create index events_kind on events (kind);\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "Preflight: WILL BLOCK: 1 of 1 pending migration will block a large table while a "
                             "statement rewrites, scans or indexes it"));
  CHECK(contains(result.out, "lint require-concurrent-index-creation: CREATE INDEX events_kind ON events without "
                             "CONCURRENTLY (on events: ~"));
  CHECK(contains(result.out, "large from 100,000 rows or 100 MB)"));
  result = project.pgapply({"preflight", "--no-shadow", "--format", "json"});
  const auto json = nlohmann::json::parse(result.out);
  CHECK(json["verdict"] == "will_block");
  CHECK(json["will_fail"] == false);
  CHECK(json["migrations"][0]["verdict"] == "will_block");
  CHECK(contains(json["error"]["message"].get<std::string>(), "will block a large table"));
  // The team's severity for the rule: a warning stays a policy, never an error.
  result = project.pgapply({"preflight", "--no-shadow", "--severity", "require-concurrent-index-creation=warning"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Preflight: WARNINGS"));
  // Nothing blocks where a lint-ignore accepts it.
  project.write("002_events_kind.sql",
                "-- pgapply: lint-ignore require-concurrent-index-creation built at night, writes paused\n"
                "create index events_kind on events (kind);\n");
  CHECK(project.pgapply({"preflight", "--no-shadow"}).status == 0);
  // A table the run creates is empty: nothing to block.
  project.write("002_events_kind.sql", "create table events2 (kind text);\ncreate index events2_kind on events2 (kind);\n");
  CHECK(project.pgapply({"preflight", "--no-shadow"}).status == 0);
}

TEST_CASE("preflight: what reads or rewrites no row of a large table blocks nothing: SET NOT NULL of a NOT NULL "
          "column, a build after a TRUNCATE, an ADD COLUMN whose DEFAULT calls a STABLE function (a hunt's finds)") {
  MigrationProject project;
  project.write("001_items.sql", "create schema auth;\n"
                                 "create function auth.uid() returns uuid language sql stable as "
                                 "$$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;\n"
                                 "create function auth.pick() returns int language plpgsql volatile as "
                                 "$$ begin return 1; end $$;\n"
                                 "create table items (id bigint primary key, n int not null);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into items select g, g from generate_series(1, 120000) g; analyze items");
  project.write("002_items.sql", "alter table items alter column n set not null;\n"
                                 "alter table items add column owner_id uuid default auth.uid();\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(the column is NOT NULL already: PostgreSQL reads no row)"));
  CHECK(contains(result.out, "(the target's catalog has uid() STABLE or IMMUTABLE: PostgreSQL stores the DEFAULT "
                             "once and rewrites no row)"));
  project.write("002_items.sql", "truncate items;\ncreate index items_n on items (n);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(a TRUNCATE before it emptied the table: it has no row to rewrite or read)"));
  // a VOLATILE one's DEFAULT is computed for each row: that blocks
  project.write("002_items.sql", "alter table items add column v int default auth.pick();\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "WILL BLOCK"));
}

TEST_CASE("preflight: an IF NOT EXISTS of an index or column the large table has builds nothing, blocks nothing") {
  MigrationProject project;
  project.write("001_items.sql", "create table items (id bigint primary key, title text, token uuid);\n"
                                 "create index items_title_idx on items (title);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into items select g, 't' || g from generate_series(1, 120000) g; analyze items");
  project.write("002_items.sql",
                "create index if not exists items_title_idx on public.items (title);\n"
                "alter table public.items add column if not exists token uuid default gen_random_uuid();\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "WILL BLOCK"));
  CHECK(contains(result.out, "lint require-concurrent-index-creation: "));
  CHECK(contains(result.out, "lint adding-field-with-default: "));
  CHECK(contains(result.out, "(the target has it already: IF NOT EXISTS does nothing there)"));
  // An index the target lacks is built: that blocks.
  project.write("002_items.sql", "create index if not exists items_title2_idx on public.items (title);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
}

TEST_CASE("preflight: SET NOT NULL is judged by the target's constraints, whatever their names") {
  MigrationProject project;
  project.write("001_users.sql", "create table users (id bigint primary key, nickname text, email text);\n"
                                 "alter table users add constraint chk1 check (nickname is not null) not valid;\n"
                                 "alter table users add constraint users_nickname_len check (length(email) > 0) "
                                 "not valid;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into users select g, 'n' || g, 'e' || g from generate_series(1, 120000) g; analyze users");
  // chk1, made before the run, is the CHECK (nickname IS NOT NULL): validated, it proves nickname.
  project.write("002_validate.sql", "alter table users validate constraint chk1;\n");
  project.write("003_not_null.sql", "alter table users alter column nickname set not null;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "adding-not-nullable-field"));
  CHECK_FALSE(contains(result.out, "(set not null) scans users"));  // PostgreSQL 12+ reads no row
  // A constraint whose name names the column but whose check is another proves nothing.
  project.write("002_validate.sql", "alter table users validate constraint users_nickname_len;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "lint adding-not-nullable-field: ALTER COLUMN nickname of users SET NOT NULL"));
  // Already valid on the target: SET NOT NULL alone is proven.
  project.execute("alter table users validate constraint chk1");
  std::filesystem::remove(project.path() + "/migrations/002_validate.sql");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "adding-not-nullable-field"));
  CHECK_FALSE(contains(result.out, "(set not null) scans users"));
}

TEST_CASE("preflight: ADD COLUMN of the target's domain with constraints rewrites the table, one without does not") {
  MigrationProject project;
  project.write("001_articles.sql", "create table articles (id bigint primary key, title text);\n"
                                    "create domain positive_count as bigint check (value >= 0);\n"
                                    "create domain counted as positive_count;\n"
                                    "create domain required as text not null;\n"
                                    "create domain label as text;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into articles select g, 't' || g from generate_series(1, 120000) g; analyze articles");
  for (const std::string type : {"public.positive_count", "counted", "required"}) {
    project.write("002_likes.sql", "alter table public.articles add column likes " + type + ";\n");
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(type, result.out, result.err);
    CHECK(contains(result.out, "rewrites articles"));
    CHECK(contains(result.out, "is a domain with constraints"));
  }
  project.write("002_likes.sql", "alter table public.articles add column likes label;\n");
  const auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK_FALSE(contains(result.out, "rewrites articles"));
  CHECK(contains(result.out, "quick once granted"));
}

TEST_CASE("preflight: ADD COLUMN ... NOT NULL of the target's domain with a DEFAULT fills the rows: no failure") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n"
                             "create domain zero_int as int default 0;\n"
                             "create domain zero_again as zero_int;\n"  // takes zero_int's default
                             "create domain bare_int as int;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into t values (1); analyze t");
  for (const std::string type : {"zero_int", "zero_again"}) {
    project.write("002_a.sql", "alter table t add column a " + type + " not null;\n");
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(type, result.out, result.err);
    CHECK(result.status == 0);
    CHECK_FALSE(contains(result.out, "fails: NOT NULL without a DEFAULT"));
    CHECK_FALSE(contains(result.out, "NOT NULL without a DEFAULT fails if"));
  }
  project.write("002_a.sql", "alter table t add column a bare_int not null;\n");
  const auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  // (the target's rows, asked, say it has one)
  CHECK(contains(result.out, "002_a.sql:1  ADD COLUMN a NOT NULL without a DEFAULT fails: t has rows on the target"));
  // and the server agrees with both
  project.write("002_a.sql", "alter table t add column a zero_again not null;\n");
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select a from t") == "0");
}

TEST_CASE("preflight: ADD COLUMN of a NOT NULL domain (or one over it) without a DEFAULT WILL FAIL on a table with "
          "rows, as up does, and on an empty one applies") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\ncreate table empty (id int);\n"
                             "create domain required_int as int not null;\n"
                             "create domain required_again as required_int;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into t values (1)");  // (never analysed: the rows are asked, not the statistics)
  for (const std::string type : {"required_int", "required_again"}) {
    project.write("002_a.sql", "alter table empty add column a " + type + ";\nalter table t add column a " + type +
                                   ";\n");
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(type, result.out, result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.out, "002_a.sql:2  ADD COLUMN a " + type + " (a NOT NULL domain) without a DEFAULT fails: "
                               "t has rows on the target (SQLSTATE 23502); give the column (or its domain) a DEFAULT"));
    CHECK_FALSE(contains(result.out, "002_a.sql:1  ADD"));
  }
  auto result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "23502"));
  // as the message offers: a DEFAULT
  project.write("002_a.sql", "alter table empty add column a required_again;\n"
                             "alter table t add column a required_again default 7;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select a from t") == "7");
}

TEST_CASE("preflight: a type change that only relaxes the type's limit rewrites nothing: a strong lock, no block") {
  MigrationProject project;
  project.write("001_big.sql", "create table big (id bigint primary key, memo varchar(200));\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into big select g, 'm' || g from generate_series(1, 120000) g; analyze big");
  for (const std::string type : {"text", "varchar(500)", "varchar"}) {
    project.write("002_memo.sql", "alter table big alter column memo type " + type + ";\n");
    // The static model, then the shadow's.
    for (const bool shadow : {false, true}) {
      const auto result = project.pgapply(shadow ? std::vector<std::string>{"preflight"}
                                                 : std::vector<std::string>{"preflight", "--no-shadow"});
      INFO(type, " shadow ", shadow, "\n", result.out, result.err);
      CHECK(result.status == 0);
      CHECK(contains(result.out, "Preflight: WARNINGS"));
      CHECK_FALSE(contains(result.out, "rewrit"));
      CHECK_FALSE(contains(result.out, "lint changing-column-type"));
      CHECK(contains(result.out, "is locked ACCESS EXCLUSIVE (blocks reads and writes) by column big.memo"));
    }
  }
  // A shorter limit checks every row: as before.
  project.write("002_memo.sql", "alter table big alter column memo type varchar(100);\n");
  const auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "Preflight: WILL BLOCK"));
  CHECK(contains(result.out, "rewrites big"));
  // A CHECK constraint on the column is checked again: every row read under the lock.
  project.execute("alter table big add constraint big_memo_check check (memo <> '')");
  project.write("002_memo.sql", "alter table big alter column memo type text;\n");
  const auto checked = project.pgapply({"preflight", "--no-shadow"});
  INFO(checked.out, checked.err);
  CHECK(contains(checked.out, "LARGE, scanned"));
  CHECK(contains(checked.out, "PostgreSQL checks the column's CHECK constraints again, reading every row under ACCESS "
                              "EXCLUSIVE"));
}

TEST_CASE("preflight: a partitioned table's size is its partitions', and lint asks for no CONCURRENTLY it refuses") {
  MigrationProject project;
  project.write("001_ev.sql", "create table ev (id bigint, day date) partition by range (day);\n"
                              "create table ev_2024 partition of ev for values from ('2024-01-01') to ('2025-01-01');\n"
                              "create index ev_id on ev (id);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into ev select g, date '2024-01-01' + g % 300 from generate_series(1, 120000) g; "
                  "analyze ev_2024");
  project.write("002_ev_day.sql", "create index ev_day on ev (day);\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);  // the lock on every partition is real
  CHECK(contains(result.out, "lint require-concurrent-index-creation: CREATE INDEX ev_day ON ev, a partitioned table: "
                             "every partition is locked while it is indexed (on ev: ~120,000 rows"));
  CHECK_FALSE(contains(result.out, "0 bytes"));
  CHECK(contains(result.out, "a partitioned table takes no CONCURRENTLY: CREATE INDEX ... ON ONLY it"));
  CHECK_FALSE(contains(result.out, "CREATE INDEX CONCURRENTLY avoids that"));
  // Dropping a partitioned table's index: no CONCURRENTLY to ask for, the lock said.
  project.write("002_ev_day.sql", "drop index ev_id;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out);
  CHECK(contains(result.out, "DROP INDEX ev_id of a partitioned table, which takes no CONCURRENTLY"));
  // Never analysed: its rows are unknown, not none.
  project.execute("create table ev2 (id bigint, day date) partition by range (day); create table ev2_a partition of "
                  "ev2 for values from ('2024-01-01') to ('2025-01-01')");
  project.write("002_ev_day.sql", "create index ev2_day on ev2 (day);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out);
  CHECK(contains(result.out, "ev2    rows unknown (never analysed)"));
}

TEST_CASE("a role without USAGE on the ledger's schema is told so, by status and by preflight") {
  MigrationProject project;
  project.write("001_noop.sql", "select 1;\n");
  REQUIRE(project.pgapply({"up", "--no-verify", "--ledger", "ops.ledger"}).status == 0);
  const LoginRole role(project, "pgapply_plain");
  const auto status = project.pgapply({"status", "--ledger", "ops.ledger", "-d", role.conninfo()});
  INFO(status.out, status.err);
  CHECK(status.status == 4);
  CHECK(contains(status.err, "the role " + role.name() + " cannot read the ledger ops.ledger ("));
  CHECK(contains(status.err, "GRANT USAGE ON SCHEMA \"ops\" TO \"" + role.name() + "\";"));
  const auto preflight = project.pgapply({"preflight", "--no-shadow", "--ledger", "ops.ledger", "-d", role.conninfo()});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 4);
  CHECK(contains(preflight.out, "cannot read the ledger ops.ledger (no USAGE on the schema ops)"));
  project.execute(grants_in(preflight.out));
  CHECK(project.pgapply({"status", "--ledger", "ops.ledger", "-d", role.conninfo()}).status == 0);

  // history reads the history table: without SELECT on it, the same message.
  project.execute("revoke select on ops.ledger_history from " + role.name());
  const auto history = project.pgapply({"history", "--ledger", "ops.ledger", "-d", role.conninfo()});
  INFO(history.out, history.err);
  CHECK(history.status == 4);
  CHECK(contains(history.err, "the role " + role.name() + " cannot read the ledger ops.ledger ("));
  CHECK(contains(history.err, "GRANT SELECT, INSERT, UPDATE, DELETE ON \"ops\".\"ledger\", \"ops\".\"ledger_history\""));
}

TEST_CASE("a role that may write an older ledger but does not own it is told what its owner runs to upgrade it") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("alter table pgapply_migrations drop column earlier_statements_done");  // format 2
  project.write("002_noop.sql", "select 1;\n");
  const LoginRole role(project, "pgapply_plain");
  // Every privilege up needs on the ledger's tables, but not its ownership.
  project.execute(pgapply::engine::ledger_grants(pgapply::engine::parse_ledger_name("public.pgapply_migrations"),
                                                 role.name()));
  const std::vector<std::string> up{"up", "--no-verify", "-d", role.conninfo()};
  auto result = project.pgapply(up);
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "the role " + role.name() +
                                 " cannot upgrade the ledger public.pgapply_migrations to this pgapply's format 3 "
                                 "(must be owner of table pgapply_migrations): as the ledger's owner, run: "));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
  const auto hint = result.err.find("ALTER TABLE ");
  REQUIRE(hint != std::string::npos);
  project.execute(result.err.substr(hint, result.err.find(';', hint) + 1 - hint));  // as printed, as the owner
  CHECK(project.pgapply(up).status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "2");
}

TEST_CASE("the owner's upgrade of a format-2 ledger, run whole as printed, leaves a format-3 ledger, its comments too") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("alter table pgapply_migrations drop column earlier_statements_done; "
                "comment on table pgapply_migrations is 'pgapply ledger, format 2: migrations applied to this database'");
  project.write("002_noop.sql", "select 1;\n");
  const LoginRole role(project, "pgapply_plain");
  project.execute(pgapply::engine::ledger_grants(pgapply::engine::parse_ledger_name("public.pgapply_migrations"),
                                               role.name()));
  const std::vector<std::string> up{"up", "--no-verify", "-d", role.conninfo()};
  const auto result = project.pgapply(up);
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  const auto at = result.err.find("run: ALTER TABLE ");
  REQUIRE(at != std::string::npos);
  const std::string printed = result.err.substr(at + 5, result.err.find('\n', at) - at - 5);
  CHECK(contains(printed, "COMMENT ON TABLE \"public\".\"pgapply_migrations_history\" IS "));
  project.execute(printed);
  CHECK(project.query("select obj_description('pgapply_migrations'::regclass)") ==
        "pgapply ledger, format 3: migrations applied to this database");
  CHECK(project.pgapply(up).status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "2");
}

TEST_CASE("up and down as a role that may read the ledger but not write it: refused before anything runs, with the GRANT") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int);\n");
  project.write("001_t.down.sql", "drop table t;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  // A statement-by-statement file: the first ledger write (its `running`
  // row) comes before its first statement.
  project.write("002_steps.sql", "-- pgapply: no-transaction\nselect 1;\nselect 2;\n");
  const LoginRole role(project, "pgapply_plain");
  project.execute("grant select on pgapply_migrations, pgapply_migrations_history to " + role.name());
  const std::string before = project.query("select count(*) from pgapply_migrations_history");

  auto result = project.pgapply({"up", "--no-verify", "-d", role.conninfo()});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "refusing to apply anything: the role " + role.name() +
                                 " cannot write the ledger public.pgapply_migrations (no INSERT, UPDATE or DELETE on "
                                 "it): up would fail before its first migration. Grant it, as the ledger's owner: "));
  CHECK(!contains(result.err, "permission denied"));
  CHECK(!contains(result.out, "took effect"));
  CHECK(!contains(result.out, "Stopped"));
  CHECK(project.query("select string_agg(version || ' ' || state, ',') from pgapply_migrations") == "1 applied");
  CHECK(project.query("select count(*) from pgapply_migrations_history") == before);

  auto down = project.pgapply({"down", "-d", role.conninfo()});
  INFO(down.out, down.err);
  CHECK(down.status == 4);
  CHECK(contains(down.err, "refusing to roll back anything: the role " + role.name() +
                               " cannot write the ledger public.pgapply_migrations (no INSERT, UPDATE or DELETE on "
                               "it): down would fail before its first migration."));
  CHECK(project.query("select count(*) from pg_tables where tablename = 't'") == "1");

  project.execute(grants_in(result.err));  // as printed, as the owner
  result = project.pgapply({"up", "--no-verify", "-d", role.conninfo()});
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version || ' ' || state, ',' order by version) from pgapply_migrations") ==
        "1 applied,2 applied");
}

TEST_CASE("preflight: a DROP ROLE of a role that owns a database is a warning naming it, gone once a migration drops it") {
  MigrationProject project;
  const ServerRoles roles(project, {"leaving", "idle"});
  const ServerDatabase database(project, "owned");  // dropped before the roles
  const std::string& owned = database.name();
  project.execute("create role " + roles[0] + " nologin");
  project.execute("create role " + roles[1] + " nologin");
  project.execute("create database " + owned + " owner " + roles[0]);
  project.execute("grant connect on database " + owned + " to " + roles[1]);
  project.write("001_roles.sql", "create table t (id int);\ndrop role " + roles[0] + ";\n");
  const auto warned = project.pgapply({"preflight", "--no-shadow"});
  INFO(warned.out, warned.err);
  CHECK(warned.status == 0);
  CHECK(contains(warned.out, "DROP ROLE " + roles[0] + " fails on the target unless these go first: owner of database " +
                                 owned + " (outside what a shadow copies: it cannot check them)"));
  CHECK(contains(warned.out, "migrations/001_roles.sql:2"));
  const auto json = nlohmann::json::parse(project.pgapply({"preflight", "--no-shadow", "--format", "json"}).out);
  CHECK(json["verdict"] == "warnings");

  // Privileges on it count too; a migration that drops the database first
  // (statement by statement: DROP DATABASE runs in no transaction) frees them.
  project.write("001_roles.sql", "drop role " + roles[1] + ";\n");
  CHECK(contains(project.pgapply({"preflight", "--no-shadow"}).out,
                 "DROP ROLE " + roles[1] + " fails on the target unless these go first: privileges for database " +
                     owned));
  project.write("001_roles.sql", "drop database " + owned + ";\ndrop role " + roles[0] + ";\ndrop role " + roles[1] +
                                     ";\n");
  const auto freed = project.pgapply({"preflight", "--no-shadow"});
  INFO(freed.out, freed.err);
  CHECK_FALSE(contains(freed.out, "fails on the target unless"));
  // Each statement that moves one of them away frees that one alone:
  // REASSIGN OWNED the ownership, DROP OWNED and REVOKE the privileges,
  // ALTER DATABASE ... OWNER TO the ownership.
  const auto warned_of = [&project](const std::string& sql) {
    project.write("001_roles.sql", sql);
    return project.pgapply({"preflight", "--no-shadow"}).out;
  };
  CHECK_FALSE(contains(warned_of("reassign owned by " + roles[0] + " to current_user;\ndrop role " + roles[0] + ";\n"),
                       "fails on the target unless"));
  CHECK(contains(warned_of("reassign owned by " + roles[1] + " to current_user;\ndrop role " + roles[1] + ";\n"),
                 "privileges for database " + owned));
  CHECK(contains(warned_of("drop owned by " + roles[0] + ";\ndrop role " + roles[0] + ";\n"),
                 "owner of database " + owned));
  CHECK_FALSE(contains(warned_of("drop owned by " + roles[1] + ";\ndrop role " + roles[1] + ";\n"),
                       "fails on the target unless"));
  CHECK_FALSE(contains(warned_of("revoke connect on database " + owned + " from " + roles[1] + ";\ndrop role " +
                                 roles[1] + ";\n"),
                       "fails on the target unless"));
  CHECK_FALSE(contains(warned_of("alter database " + owned + " owner to current_user;\ndrop role " + roles[0] +
                                 ";\n"),
                       "fails on the target unless"));
  // what moves nothing of the role's frees nothing: ALTER DATABASE ... SET,
  // a REVOKE from another role, a RENAME (what it had stays with it)
  CHECK(contains(warned_of("alter database " + owned + " set work_mem = '8MB';\ndrop role " + roles[0] + ";\n"),
                 "owner of database " + owned));
  CHECK(contains(warned_of("revoke connect on database " + owned + " from " + roles[0] + ";\ndrop role " + roles[1] +
                           ";\n"),
                 "privileges for database " + owned));
  CHECK(contains(warned_of("alter database " + owned + " rename to " + owned + "_x;\nalter database " + owned +
                           "_x rename to " + owned + ";\ndrop role " + roles[0] + ";\n"),
                 "owner of database " + owned));
  // FROM GROUP r is FROM r; a renamed database dropped under its new name is gone
  CHECK_FALSE(contains(warned_of("revoke connect on database " + owned + " from group " + roles[1] + ";\ndrop role " +
                                 roles[1] + ";\n"),
                       "fails on the target unless"));
  CHECK_FALSE(contains(warned_of("alter database " + owned + " rename to " + owned + "_x;\n"
                                 "alter database " + owned + "_x owner to current_user;\ndrop role " + roles[0] +
                                 ";\n"),
                       "fails on the target unless"));
  // the new owner of a REASSIGN OWNED is not freed by it
  CHECK(contains(warned_of("reassign owned by " + roles[1] + " to " + roles[0] + ";\ndrop role " + roles[0] + ";\n"),
                 "owner of database " + owned));
}

TEST_CASE("--ledger-format dbmate: a role that may write the ledger but not dbmate's table is refused before anything "
          "runs, and the GRANT printed works") {
  MigrationProject project;
  project.write("001_t.sql", "-- migrate:up\ncreate table t (id int);\n-- migrate:down\ndrop table t;\n");
  REQUIRE(project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate"}).status == 0);
  // Outside a transaction: before this check it took effect, then its record failed.
  project.write("002_i.sql", "-- migrate:up transaction:false\ncreate index concurrently t_i on t (id);\n"
                             "-- migrate:down transaction:false\ndrop index concurrently t_i;\n");
  const LoginRole role(project, "pgapply_plain");
  project.execute("grant usage, create on schema public to " + role.name() + "; grant select, insert, update, delete on "
                  "pgapply_migrations, pgapply_migrations_history to " + role.name() + "; grant usage on sequence "
                  "pgapply_migrations_history_id_seq to " + role.name() + "; alter table t owner to " + role.name());
  // No SELECT on it: named as a privilege, not as a table of the wrong shape.
  auto result = project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate", "-d", role.conninfo()});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "the role " + role.name() + " cannot read dbmate's ledger public.schema_migrations"));
  project.execute(grants_in(result.err));
  result = project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate", "-d", role.conninfo()});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "refusing to apply anything: the role " + role.name() + " cannot write dbmate's table "
                             "\"public\".\"schema_migrations\", which --ledger-format dbmate keeps in step with the "
                             "ledger (it lacks INSERT, DELETE)"));
  CHECK(project.query("select to_regclass('t_i') is null") == "t");
  CHECK(project.query("select string_agg(version || ':' || state, ',') from pgapply_migrations") == "1:applied");
  const std::string grants = grants_in(result.err);
  result = project.pgapply({"preflight", "--no-shadow", "--ledger-format", "dbmate", "-d", role.conninfo()});
  CHECK(contains(result.out, "cannot write dbmate's table"));
  project.execute(grants);
  result = project.pgapply({"up", "--no-verify", "--ledger-format", "dbmate", "-d", role.conninfo()});
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(version, ',' order by version) from schema_migrations") == "001,002");
  result = project.pgapply({"down", "--ledger-format", "dbmate", "-d", role.conninfo()});
  CHECK(result.status == 0);
}

TEST_CASE("preflight: DDL an event trigger of the target's writes rows after may change them, one that notifies "
          "does not") {
  MigrationProject project;
  apply_with_rows(project, "create table t (id int primary key, v int);\n", "insert into t values (1, 0)");
  project.execute("create function watch() returns event_trigger language plpgsql as "
                  "$$ begin notify ddl_watch, 'reload'; end $$;"
                  "create event trigger watch on ddl_command_end execute function watch()");
  project.write("002_check.sql", "create table zz (a int);\n"
                                 "alter table t add constraint positive check (v > 0);\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_check.sql:2  CHECK positive fails: rows of t on the target fail it"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // one whose function fixes the rows as a table is made: a warning, and up applies it
  project.execute("create function fix_rows() returns event_trigger language plpgsql as "
                  "$$ begin update public.t set v = 1 where v <= 0; end $$;"
                  "create event trigger fix_rows on ddl_command_end when tag in ('CREATE TABLE') "
                  "execute function fix_rows()");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "CHECK positive fails unless what runs before it fixes them "
                             "(migrations/002_check.sql:1 may change rows"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("drop event trigger fix_rows; drop event trigger watch");
}

TEST_CASE("preflight: a data statement leaves another table's check certain where the target's functions are "
          "triggers' (an updated_at one) or write no rows, not where one may") {
  MigrationProject project;
  apply_with_rows(project,
                  "create table users (id int, email text);\n"
                  "create table items (id int, updated_at timestamptz);\n"
                  "create table other (id int, name text);\n"
                  "create function touch() returns trigger language plpgsql as "
                  "$$ begin new.updated_at := now(); return new; end $$;\n"
                  "create trigger items_touch before update on items for each row execute function touch();\n",
                  "insert into users values (1, null); insert into other values (1, 'a')");
  project.write("002_required.sql", "update other set name = 'b';\n"
                                    "alter table users alter column email set not null;\n");
  // (the target has a function of the user's, an updated_at trigger's, which writes no rows)
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_required.sql:2  SET NOT NULL fails: users.email holds NULL in rows of the target"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // an UPDATE of the table whose trigger it is: a trigger that writes no rows changes that table's rows at most
  project.write("002_required.sql", "update items set id = 2;\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_required.sql:2  SET NOT NULL fails: users.email holds NULL in rows of the target"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // one whose trigger writes a row of users: a warning, which says why
  project.execute("create or replace function touch() returns trigger language plpgsql as "
                  "$$ begin insert into users values (0, 'x'); return new; end $$");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(migrations/002_required.sql:1 may change rows: the function of trigger items_touch of "
                             "items may write rows; preflight cannot see which)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  project.execute("create or replace function touch() returns trigger language plpgsql as "
                  "$$ begin new.updated_at := now(); return new; end $$");
  // a function of the user's that writes rows, which nothing calls but a client (an RPC function): an error still
  project.execute("create function add_user(e text) returns void language sql as "
                  "$$ insert into users values (0, e) $$");
  project.write("002_required.sql", "update other set name = 'b';\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_required.sql:2  SET NOT NULL fails: users.email holds NULL in rows of the target"));
  project.execute("drop function add_user(text)");
  // a function of the user's that writes rows (a DEFAULT of other's calls it): a warning
  project.execute("create function fill_emails() returns text language plpgsql as "
                  "$$ begin update users set email = '' where email is null; return 'x'; end $$;"
                  "alter table other add column tag text default fill_emails();"
                  "update users set email = null");  // (the ADD COLUMN ran it over other's row)
  project.write("002_required.sql", "insert into other (id, name) values (2, 'c');\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "SET NOT NULL fails unless what runs before it fills them "
                             "(migrations/002_required.sql:1 may change rows"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a seed INSERT into a partitioned table asks its keys across its partitions, unless a "
          "partition has a trigger") {
  MigrationProject project;
  apply_with_rows(project,
                  "create table ev (id int, region text, name text, primary key (id, region), unique (name, region)) "
                  "partition by list (region);\n"
                  "create table ev_eu partition of ev for values in ('eu');\n"
                  "create table ev_us partition of ev for values in ('us');\n",
                  "insert into ev values (1, 'eu', 'a'), (2, 'us', 'b')");
  project.write("002_seed.sql", "insert into ev (id, region, name) values (3, 'us', 'c');\n"
                                "insert into ev (id, region, name) values (1, 'eu', 'z');\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_seed.sql:2  INSERT INTO ev fails: ev has a row on the target with the (id, region) "
                             "of a row it inserts, under its primary key ev_pkey (SQLSTATE 23505)"));
  CHECK_FALSE(contains(result.out, "002_seed.sql:1  INSERT"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "002_seed.sql:2:1: ERROR:  duplicate key value"));
  // a trigger of the partition the row goes to may change it or skip it: not asked
  project.execute("create function skip() returns trigger language plpgsql as $$ begin return null; end $$;"
                  "create trigger ev_eu_skip before insert on ev_eu for each row execute function skip()");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "INSERT INTO ev fails"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a seed INSERT is asked about the unique keys the run gave the table before it, not one a DO "
          "block may have skipped") {
  MigrationProject project;
  apply_with_rows(project, "create table roles (id int primary key, name text, code text);\n",
                  "insert into roles values (1, 'admin', 'A')");
  project.write("002_seed.sql", "create unique index roles_name_idx on roles (name);\n"
                                "alter table roles add constraint roles_code_key unique (code);\n"
                                "insert into roles (id, name, code) values (2, 'editor', 'E');\n"
                                "insert into roles (id, name, code) values (4, 'viewer', 'A') on conflict (id) do nothing;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_seed.sql:4  INSERT INTO roles fails: roles has a row on the target with the (code) of "
                             "a row it inserts, under its unique constraint roles_code_key, which its ON CONFLICT (id) does "
                             "not handle (SQLSTATE 23505)"));
  CHECK_FALSE(contains(result.out, "002_seed.sql:3  INSERT"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "002_seed.sql:4:1: ERROR:  duplicate key value violates unique constraint \"roles_code_key\""));
  // a key made in a DO block that catches its failure (the target's rows already clash under it): not asked
  project.execute("insert into roles values (2, 'admin', 'B')");
  project.write("002_seed.sql", "do $$ begin create unique index roles_name_idx on roles (name);\n"
                                "exception when unique_violation then null; end $$;\n"
                                "insert into roles (id, name, code) values (3, 'admin', 'C');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "INSERT INTO roles fails"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: SET NOT NULL or a PRIMARY KEY of a column with NULLs on the target WILL FAIL, shadow or not") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int, email text, nick text);\n",
                  "insert into users values (1, 'a', 'x'), (2, null, 'y'), (null, 'c', 'z')");
  project.write("002_required.sql", "-- email and id are required now\n"
                                    "alter table users alter column email set not null;\n"
                                    "alter table users alter column nick set not null;\n"
                                    "alter table users add primary key (id);\n");
  // the shadow, a copy of the schema alone, applies it: the target's rows say it fails
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_required.sql:2  SET NOT NULL fails: users.email holds NULL in rows of the target "
                             "(SQLSTATE 23502); a statement before it must fill them"));
  CHECK(contains(result.out, "002_required.sql:4  PRIMARY KEY (id) fails: users.id holds NULL in rows of the target"));
  CHECK_FALSE(contains(result.out, "users.nick holds NULL"));  // it holds none
  CHECK(contains(result.out, "WILL FAIL  002_required.sql"));
  result = project.pgapply({"preflight", "--no-shadow", "--format", "json"});
  CHECK(result.status == 4);
  const auto json = nlohmann::json::parse(result.out);
  CHECK(json["migrations"][0]["verdict"] == "will_fail");

  // An UPDATE before it that fills them (followed: the rows as it leaves them are asked about): nothing to say;
  // one whose rows another table picks, a warning, not a failure (preflight cannot see which rows).
  project.write("002_required.sql", "update users set email = '' where email is null;\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "users.email holds NULL"));
  project.write("002_required.sql", "update users set email = '' where id in (select id from users);\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "users.email holds NULL in rows of the target: SET NOT NULL fails unless what runs "
                             "before it fills them (migrations/002_required.sql:1 may change rows"));
  // A TRUNCATE of the table before it leaves none of the target's rows to fail on: nothing to say.
  project.write("002_required.sql", "truncate table users restart identity;\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "users.email holds NULL"));
  // unless a rule made before it may fill it again (an INSERT anywhere): the warning again
  project.write("002_required.sql", "create table n (a int);\n"
                                    "create rule r as on insert to n do also insert into users (email) values (null);\n"
                                    "truncate users;\ninsert into n values (1);\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "users.email holds NULL in rows of the target: SET NOT NULL fails unless what runs "
                             "before it fills them (migrations/002_required.sql:2 may change rows"));
  // So may an earlier pending file (followed all the same); and it does: up applies both.
  project.write("002_fill.sql", "update users set email = '' where email is null;\n");
  project.write("003_required.sql", "alter table users alter column email set not null;\n");
  project.remove("002_required.sql");
  result = project.pgapply({"preflight", "--no-shadow"});
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "users.email holds NULL"));
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a unique index or UNIQUE over values that repeat on the target WILL FAIL, shadow or not") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int, email text, nick text);\n",
                  "insert into users values (1, 'a', 'x'), (2, 'a', null), (3, 'b', null)");
  project.write("002_unique.sql", "create unique index concurrently users_email_key on users (email);\n");
  project.write("003_unique.sql", "alter table users add constraint users_nick_key unique (nick);\n");
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_unique.sql:1  CREATE UNIQUE INDEX CONCURRENTLY users_email_key fails: users has rows "
                             "that share a value of (email) on the target (SQLSTATE 23505)"));
  CHECK_FALSE(contains(result.out, "(nick)"));  // two NULLs never clash
  // once the duplicate is gone, both apply as preflight now says
  project.execute("delete from users where id = 2");
  result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a unique index over an expression, or partial (soft deletes), whose rows repeat on the target "
          "WILL FAIL, rows its WHERE leaves out not counted") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int, email text, deleted_at timestamptz);\n",
                  "insert into users values (1, 'Ann@x', null), (2, 'ann@x', now()), (3, 'bob@x', null),"
                  " (4, 'bob@x', now())");
  // one live bob@x and one deleted: the partial index applies, the one over lower(email) does not
  project.write("002_unique.sql", "create unique index users_live_email on users (email) where deleted_at is null;\n");
  project.write("003_unique.sql", "create unique index users_email_lower on users (lower(email) text_pattern_ops);\n");
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "003_unique.sql:1  CREATE UNIQUE INDEX users_email_lower fails: users has rows that share "
                             "a value of (lower(email)) on the target (SQLSTATE 23505)"));
  CHECK_FALSE(contains(result.out, "users_live_email fails"));
  CHECK(contains(result.out, "WILL FAIL  003_unique.sql"));
  // a second live bob@x: the partial one fails too, named with its WHERE
  project.execute("update users set deleted_at = null where id = 4");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "002_unique.sql:1  CREATE UNIQUE INDEX users_live_email fails: users has rows that share "
                             "a value of (email) among the rows of its WHERE on the target (SQLSTATE 23505)"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "23505"));
  // once the duplicates are gone, both apply as preflight now says
  project.execute("delete from users where id in (2, 4)");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: seed rows an INSERT ... VALUES adds whose key the target has already WILL FAIL, and ON CONFLICT "
          "DO NOTHING, as the message offers, applies") {
  MigrationProject project;
  apply_with_rows(project, "create table roles (id bigint primary key, name text not null unique);\n",
                  "insert into roles values (1, 'admin'), (2, 'editor')");
  // the first INSERT into roles clashes on no key; the second, on name
  project.write("002_seed.sql", "insert into roles (id, name) values (10, 'viewer');\n"
                                "insert into roles (id, name) values (11, 'editor');\n");
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_seed.sql:2  INSERT INTO roles fails: roles has a row on the target with the (name) "
                             "of a row it inserts, under its unique constraint roles_name_key (SQLSTATE 23505); a "
                             "statement before it must delete that row, or the INSERT take ON CONFLICT DO NOTHING"));
  CHECK_FALSE(contains(result.out, "002_seed.sql:1  INSERT"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "23505"));
  project.write("002_seed.sql", "insert into roles (id, name) values (10, 'viewer');\n"
                                "insert into roles (id, name) values (11, 'editor') on conflict do nothing;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "INSERT INTO roles fails"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select count(*) from roles") == "3");

  // What makes the same INSERT apply, or may (the DO UPDATE: a warning): no WILL FAIL.
  project.execute("create table tagged (id int primary key, name text);"
                  "create table later (id int unique deferrable initially deferred, name text);"
                  "insert into tagged values (1, 'a'); insert into later values (1, 'old');"
                  "create function shift() returns trigger language plpgsql as "
                  "$$ begin new.id := new.id + 100; return new; end $$;"
                  "create trigger tagged_shift before insert on tagged for each row execute function shift()");
  const std::vector<std::string> applying = {
      "insert into tagged (id, name) values (1, 'b');\n",                      // its trigger moves the key
      "insert into later (id, name) values (1, 'new');\ndelete from later where name = 'old';\n",  // deferred
      "create temporary table roles (id int primary key, name text);\n"           // another table of its name
      "insert into roles (id, name) values (1, 'admin');\n",
      "insert into roles (id, name) values (1, 'owner') on conflict (id) do update set name = excluded.name;\n"
      "insert into roles (id, name) values (50, 'admin');\n"};                    // admin is owner by then
  for (const auto& sql : applying) {
    project.write("003_more.sql", sql);
    result = project.pgapply({"preflight", "--no-shadow"});
    INFO(sql, result.out, result.err);
    CHECK(result.status == 0);
    CHECK_FALSE(contains(result.out, " fails: "));
  }
  // a DELETE before it that removes the row (followed): nothing to say; one whose rows another table picks may
  // remove it: a warning, not WILL FAIL
  project.write("003_more.sql", "delete from roles where id = 2;\ninsert into roles (id, name) values (2, 'x');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "roles has a row"));
  project.write("003_more.sql", "delete from roles where id in (select 2);\n"
                                "insert into roles (id, name) values (2, 'x');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "003_more.sql:2  roles has a row on the target with the (id) of a row it inserts, under "
                             "its primary key roles_pkey: INSERT INTO roles fails unless what runs before it deletes "
                             "it (migrations/003_more.sql:1 may change rows"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: seed rows of an INSERT without a column list go to the table's columns in order, past a "
          "column dropped on the target, as up inserts them") {
  MigrationProject project;
  apply_with_rows(project, "create table roles (legacy int, id bigint primary key, name text not null unique);\n"
                           "alter table roles drop column legacy;\n",
                  "insert into roles values (1, 'admin'), (2, 'editor')");
  project.write("002_seed.sql", "-- as pg_dump --inserts writes it\n"
                                "INSERT INTO public.roles VALUES (10, 'viewer');\n"
                                "INSERT INTO public.roles VALUES (11, 'editor');\n");
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_seed.sql:3  INSERT INTO roles fails: roles has a row on the target with the (name) "
                             "of a row it inserts, under its unique constraint roles_name_key (SQLSTATE 23505)"));
  CHECK_FALSE(contains(result.out, "002_seed.sql:2  INSERT"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "23505"));
  CHECK(contains(result.err, "002_seed.sql:3"));
  // its key free, it applies as preflight says
  project.execute("delete from roles where name = 'editor'");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select string_agg(id || ':' || name, ',' order by id) from roles") ==
        "1:admin,10:viewer,11:editor");
  // an identity GENERATED ALWAYS key, whose rows pg_dump writes with OVERRIDING SYSTEM VALUE
  project.execute("create table tags (id int generated always as identity primary key, label text);"
                  "insert into tags (label) values ('a')");
  project.write("003_tags.sql", "INSERT INTO public.tags OVERRIDING SYSTEM VALUE VALUES (1, 'b');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "003_tags.sql:1  INSERT INTO tags fails: tags has a row on the target with the (id) of a "
                             "row it inserts, under its primary key tags_pkey (SQLSTATE 23505)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
}

TEST_CASE("preflight: ADD COLUMN ... NOT NULL GENERATED ALWAYS AS (...) STORED whose value is NULL for a row of the "
          "target WILL FAIL, and one that gives every row a value applies") {
  MigrationProject project;
  apply_with_rows(project, "create table t (id int primary key, b int);\n", "insert into t values (1, 1), (2, null)");
  project.write("002_c.sql", "alter table t add column c int not null generated always as (b * 2) stored;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_c.sql:1  ADD COLUMN c NOT NULL GENERATED fails: the value it generates for t.c is "
                             "NULL in rows of the target (SQLSTATE 23502); make the expression give every row a value "
                             "(coalesce), or drop its NOT NULL"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "23502"));
  for (const std::string applies : {"alter table t add column c int not null generated always as (coalesce(b, 0)) "
                                    "stored;\n",
                                    "alter table t add column c int generated always as (b * 2) stored;\n"}) {
    project.write("002_c.sql", applies);
    result = project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK_FALSE(contains(result.out, "NULL in rows of the target"));
  }
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: an INSERT of a NULL key under UNIQUE NULLS NOT DISTINCT clashes with the target's NULL "
          "(a NULL of a plain unique key never does)") {
  MigrationProject project;
  apply_with_rows(project, "create table codes (id bigint primary key, code text unique nulls not distinct,\n"
                           "  tag text unique);\n",
                  "insert into codes values (1, null, null)");
  project.write("002_seed.sql", "insert into codes (id, code, tag) values (2, null, 'x');\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_seed.sql:1  INSERT INTO codes fails: codes has a row on the target with the (code) "
                             "of a row it inserts, under its unique constraint codes_code_key (SQLSTATE 23505)"));
  CHECK(project.pgapply({"preflight"}, project.throwaway_shadow()).status == 4);
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "23505"));
  // ON CONFLICT of another key does not handle it
  project.write("002_seed.sql", "insert into codes (id, code, tag) values (2, null, 'x') on conflict (id) do nothing;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_seed.sql:1  INSERT INTO codes fails: codes has a row on the target with the (code) "
                             "of a row it inserts, under its unique constraint codes_code_key, which its ON CONFLICT "
                             "(id) does not handle (SQLSTATE 23505)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // a NULL of the plain key: no clash
  project.write("002_seed.sql", "insert into codes (id, code, tag) values (2, 'c', null);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "INSERT INTO codes fails"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: an INSERT ... ON CONFLICT (one key) whose rows clash with the target on another key WILL FAIL, "
          "as up does, and rows its arbiter takes do not") {
  MigrationProject project;
  apply_with_rows(project, "create table roles (id bigint primary key, name text not null unique);\n",
                  "insert into roles values (1, 'admin'), (2, 'editor')");
  struct Case {
    std::string sql;
    std::string finding;  // "": it applies
  };
  const std::vector<Case> cases = {
      {"insert into roles (id, name) values (10, 'editor') on conflict (id) do nothing;\n",
       ":1  INSERT INTO roles fails: roles has a row on the target with the (name) of a row it inserts, "
       "under its unique constraint roles_name_key, which its ON CONFLICT (id) does not handle (SQLSTATE 23505); a "
       "statement before it must delete that row, or the INSERT take ON CONFLICT DO NOTHING with no conflict target, "
       "which handles a clash with any key"},
      {"insert into roles (id, name) values (10, 'editor') on conflict on constraint roles_pkey do nothing;\n",
       ":1  INSERT INTO roles fails: roles has a row on the target with the (name) of a row it inserts, under its "
       "unique constraint roles_name_key, which its ON CONFLICT ON CONSTRAINT roles_pkey does not handle (SQLSTATE 23505)"},
      {"insert into roles (id, name) values (2, 'viewer') on conflict (name) do nothing;\n",
       ":1  INSERT INTO roles fails: roles has a row on the target with the (id) of a row it inserts, under its primary "
       "key roles_pkey, which its ON CONFLICT (name) does not handle"},
      {"insert into roles (id, name) values (1, 'owner'), (3, 'editor') on conflict (id) do update set name = "
       "excluded.name;\n",
       ":1  INSERT INTO roles fails: roles has a row on the target with the (name) of a row it inserts, under its "
       "unique constraint roles_name_key, which its ON CONFLICT (id) does not handle (SQLSTATE 23505); a statement "
       "before it must delete that row, or the INSERT leave out the rows with that (name)"},
      // its arbiter takes the row: skipped, or the row there updated
      {"insert into roles (id, name) values (2, 'editor') on conflict (id) do nothing;\n", ""},
      {"insert into roles (id, name) values (2, 'editor'), (2, 'admin') on conflict (id) do nothing;\n", ""},
      // the row holding 'editor' is updated first, and 'editor' is free when (3, 'editor') comes
      {"insert into roles (id, name) values (2, 'manager'), (3, 'editor') on conflict (id) do update set name = "
       "excluded.name;\n",
       ""},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const std::string file = "0" + std::to_string(10 + i) + "_seed.sql";  // (each applied once, as the ledger wants)
    project.write(file, c.sql);
    auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(c.sql, result.out, result.err);
    if (c.finding.empty()) {
      CHECK(result.status == 0);
      CHECK_FALSE(contains(result.out, " fails: "));
      CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
      project.execute("delete from roles where id not in (1, 2); update roles set name = 'editor' where id = 2");
    } else {
      CHECK(result.status == 4);
      CHECK(contains(result.out, file + c.finding.substr(c.finding.find(':'))));
      result = project.pgapply({"up", "--no-verify"});
      CHECK(result.status != 0);
      CHECK(contains(result.err, "23505"));
      project.remove(file);
    }
  }
  // a NULL in the arbiter's key (a nullable UNIQUE) conflicts with no row: the row is inserted, and its primary key
  // clashes
  project.execute("create table tags (id int primary key, code text unique); insert into tags values (1, 'a')");
  project.write("029_tags.sql", "insert into tags (id, code) values (1, null) on conflict (code) do nothing;\n");
  auto tagged = project.pgapply({"preflight", "--no-shadow"});
  INFO(tagged.out, tagged.err);
  CHECK(tagged.status == 4);
  CHECK(contains(tagged.out, "029_tags.sql:1  INSERT INTO tags fails: tags has a row on the target with the (id) of a "
                             "row it inserts, under its primary key tags_pkey, which its ON CONFLICT (code) does not "
                             "handle (SQLSTATE 23505)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  project.remove("029_tags.sql");
  // after a DELETE of another table (which leaves roles' rows as they are): asked all the same; of roles itself,
  // about the rows it leaves (followed), or a warning where another table picks them
  project.execute("create table other (id int)");
  project.write("030_seed.sql", "delete from other;\n"
                                "insert into roles (id, name) values (10, 'editor') on conflict (id) do nothing;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "030_seed.sql:2  INSERT INTO roles fails: roles has a row on the target with the (name)"));
  project.write("030_seed.sql", "delete from roles where id = 99;\n"
                                "insert into roles (id, name) values (10, 'editor') on conflict (id) do nothing;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "030_seed.sql:2  INSERT INTO roles fails: roles has a row on the target with the (name) "
                             "of a row it inserts, under its unique constraint roles_name_key, which its ON CONFLICT "
                             "(id) does not handle, as migrations/030_seed.sql:1 leaves them (SQLSTATE 23505)"));
  project.write("030_seed.sql", "delete from roles where id in (select 99);\n"
                                "insert into roles (id, name) values (10, 'editor') on conflict (id) do nothing;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "030_seed.sql:2  roles has a row on the target with the (name) of a row it inserts, under "
                             "its unique constraint roles_name_key, which its ON CONFLICT (id) does not handle: INSERT INTO "
                             "roles fails unless what runs before it deletes it"));
}

TEST_CASE("preflight: an UPDATE of another table before an ADD CHECK leaves its rows as they are (WILL FAIL, as up "
          "does), a DELETE of its own rows fixes them (followed: nothing to say, and up applies)") {
  MigrationProject project;
  apply_with_rows(project, "create table orders (id int primary key, qty int);\ncreate table audit (note text);\n",
                  "insert into orders values (1, 5), (2, -1); insert into audit values ('a')");
  project.write("002_rules.sql", "update audit set note = 'checked';\n"
                                 "alter table orders add constraint qty_positive check (qty > 0);\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_rules.sql:2  CHECK qty_positive fails: rows of orders on the target fail it "
                             "(SQLSTATE 23514)"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "23514"));
  project.write("002_rules.sql", "update audit set note = 'checked';\ndelete from orders where qty <= 0;\n"
                                 "alter table orders add constraint qty_positive check (qty > 0);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "rows of orders on the target fail it"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: an ADD CHECK or ADD FOREIGN KEY that the target's rows break WILL FAIL, NOT VALID does not") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int primary key);\n"
                           "create table orders (id int, user_id int, qty int);\n",
                  "insert into users values (1); insert into orders values (1, 1, 5), (2, 2, -1), (3, null, 1)");
  project.write("002_rules.sql", "alter table orders add constraint qty_positive check (qty > 0);\n"
                                 "alter table orders add foreign key (user_id) references users;\n");
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_rules.sql:1  CHECK qty_positive fails: rows of orders on the target fail it "
                             "(SQLSTATE 23514)"));
  CHECK(contains(result.out, "002_rules.sql:2  FOREIGN KEY (user_id) REFERENCES users fails: orders has rows whose "
                             "(user_id) no row of users holds on the target (SQLSTATE 23503)"));
  // as the message offers: NOT VALID leaves the rows there now unchecked, and up applies it
  project.write("002_rules.sql", "alter table orders add constraint qty_positive check (qty > 0) not valid;\n"
                                 "alter table orders add foreign key (user_id) references users not valid;\n");
  result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: ADD COLUMN ... NOT NULL without a DEFAULT WILL FAIL on a table with rows, its children's "
          "too, whatever its statistics say, and not on one emptied since they were taken") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int);\ncreate table parent (id int);\n"
                           "create table kid () inherits (parent);\n",
                  "insert into users values (1); insert into kid values (1)");  // never analysed
  project.write("002_required.sql", "alter table users add column email text not null;\n"
                                    "alter table parent add column email text not null;\n");
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_required.sql:1  ADD COLUMN email NOT NULL without a DEFAULT fails: users has rows "
                             "on the target (SQLSTATE 23502); give the column a DEFAULT, or add it nullable, fill it, "
                             "then SET NOT NULL"));
  CHECK(contains(result.out, "002_required.sql:2  ADD COLUMN email NOT NULL without a DEFAULT fails: parent has rows "
                             "on the target"));
  CHECK_FALSE(contains(result.out, "fails if users has any row"));  // the rows answered, not the statistics
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);       // and the server agrees
  // emptied since its statistics were taken (~1 row): it applies, as preflight now says
  project.execute("analyze users; analyze parent; analyze kid; delete from users; delete from kid");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "has rows on the target"));
  CHECK_FALSE(contains(result.out, "NOT NULL without a DEFAULT, and users has"));
  CHECK_FALSE(contains(result.out, "fails if users has any row"));
  // unless what runs before it adds a row: a warning naming that statement
  project.write("002_required.sql", "insert into users values (2);\n"
                                    "alter table users add column email text not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "002_required.sql:2  the table has no row on the target, but ADD COLUMN email NOT NULL "
                             "without a DEFAULT fails if what runs before it adds one "
                             "(migrations/002_required.sql:1 may change rows"));
  project.write("002_required.sql", "alter table users add column email text not null;\n"
                                    "alter table parent add column email text not null;\n");
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: ADD ... EXCLUDE that two of the target's rows conflict under WILL FAIL, rows its WHERE leaves "
          "out, or that differ, not") {
  MigrationProject project;
  apply_with_rows(project, "create table booking (room int, during int4range, guest text, active boolean);\n",
                  "insert into booking values (1, '[1,5)', 'Ann', true), (2, '[3,6)', 'Bob', true),"
                  " (1, '[4,8)', 'ann', false)");
  project.write("002_overlap.sql", "alter table booking add constraint no_overlap exclude using gist "
                                   "(during with &&);\n");
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_overlap.sql:1  EXCLUDE no_overlap fails: two rows of booking on the target "
                             "conflict (SQLSTATE 23P01); a statement before it must change or remove the conflicting "
                             "rows"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "23P01"));
  // rows 1 and 3 share a room and overlap, but the WHERE leaves row 3 out; lower(guest) repeats, guest does not
  project.write("002_overlap.sql",
                "create extension if not exists btree_gist;\n"
                "alter table booking add constraint one_room exclude using gist (room with =, during with &&) "
                "where (active);\n"
                "alter table booking add constraint one_guest exclude "
                "(guest collate \"C\" text_pattern_ops with =);\n");
  result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "conflict (SQLSTATE"));
  project.write("003_guest.sql", "alter table booking add constraint one_lower exclude (lower(guest) with =);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "003_guest.sql:1  EXCLUDE one_lower fails: two rows of booking on the target conflict"));
  project.remove("003_guest.sql");
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a new partition whose rows the DEFAULT partition holds, or an ATTACH of rows out of bound, "
          "WILL FAIL") {
  MigrationProject project;
  apply_with_rows(project, "create table ev (id int, at date not null) partition by range (at);\n"
                           "create table ev_rest partition of ev default;\n"
                           "create table stray (id int, at date not null);\n"
                           "create table r (region text) partition by list (region);\n"
                           "create table r_rest partition of r default;\n",
                  "insert into ev values (1, '2025-01-15'); insert into stray values (1, '2025-05-05'); "
                  "insert into r values ('eu'), (null)");
  // (the ATTACH last: it brings rows in, and what follows it may then find others)
  project.write("002_eu.sql", "create table r_eu partition of r for values in ('eu');\n");
  project.write("003_january.sql",
                "create table ev_2025_01 partition of ev for values from ('2025-01-01') to ('2025-02-01');\n");
  project.write("004_attach.sql", "alter table ev attach partition stray for values from ('2025-04-01') to "
                                  "('2025-05-01');\n");
  for (const bool shadow : {true, false}) {
    auto result = shadow ? project.pgapply({"preflight"}, project.throwaway_shadow())
                         : project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.out, "003_january.sql:1  CREATE TABLE ev_2025_01 PARTITION OF ev fails: the default "
                               "partition ev_rest holds rows of its bound on the target (SQLSTATE 23514); a statement "
                               "before it must move them out of ev_rest"));
    CHECK(contains(result.out, "004_attach.sql:1  ATTACH PARTITION stray fails: rows of stray on the target are "
                               "outside its bound (SQLSTATE 23514)"));
    CHECK(contains(result.out, "002_eu.sql:1  CREATE TABLE r_eu PARTITION OF r fails: the default partition r_rest "
                               "holds rows of its bound on the target"));
  }
  // What the target's rows do not touch applies, and preflight says so.
  project.write("002_eu.sql", "create table r_us partition of r for values in ('us');\n");
  project.write("003_january.sql",
                "create table ev_2025_02 partition of ev for values from ('2025-02-01') to ('2025-03-01');\n");
  project.write("004_attach.sql", "alter table ev attach partition stray for values from ('2025-05-01') to "
                                  "('2025-06-01');\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  // and what it said would fail, fails so
  project.write("005_january.sql",
                "create table ev_2025_01 partition of ev for values from ('2025-01-01') to ('2025-02-01');\n");
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "updated partition constraint for default partition \"ev_rest\" would be violated by "
                             "some row"));
}

TEST_CASE("preflight: ATTACH PARTITION of a target's table to a partitioned table the run makes asks its rows and "
          "says which table it scans") {
  // (a hunt's find: "quick once granted" on the new parent, and no row asked, for a file that fails)
  MigrationProject project;
  apply_with_rows(project, "create table logs_2024 (id int not null, created_at timestamptz not null);\n",
                  "insert into logs_2024 select g, '2024-01-01'::timestamptz + g * interval '1 hour' "
                  "from generate_series(1, 2000) g");
  project.write("002_p.sql", "create table logs (id int not null, created_at timestamptz not null)\n"
                             "  partition by range (created_at);\n"
                             "alter table logs attach partition logs_2024 for values from ('2024-01-01') to "
                             "('2024-02-01');\n");
  for (const bool shadow : {true, false}) {
    auto result = shadow ? project.pgapply({"preflight"}, project.throwaway_shadow())
                         : project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.out, "002_p.sql:3  ATTACH PARTITION logs_2024 fails: rows of logs_2024 on the target are "
                               "outside its bound (SQLSTATE 23514)"));
  }
  auto result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "partition constraint of relation \"logs_2024\" is violated by some row"));
  // the bound takes every row: it applies, and the table scanned is the partition
  project.write("002_p.sql", "create table logs (id int not null, created_at timestamptz not null)\n"
                             "  partition by range (created_at);\n"
                             "alter table logs attach partition logs_2024 for values from ('2024-01-01') to "
                             "('2025-01-01');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  // (the lock table's row of logs_2024: ACCESS EXCLUSIVE, scanned)
  const auto row = result.out.find("\n       logs_2024  ");
  REQUIRE(row != std::string::npos);
  const std::string line = result.out.substr(row + 1, result.out.find('\n', row + 1) - row - 1);
  CHECK(contains(line, "ACCESS EXCLUSIVE"));
  CHECK(line.substr(line.size() - 7) == "scanned");
  CHECK_FALSE(contains(result.out, "fails"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight's partition row checks read a bound as PostgreSQL does (its key's type, NULL keys, IF NOT "
          "EXISTS, a SET before it)") {
  MigrationProject project;
  apply_with_rows(project, "create table m (v numeric(5,2)) partition by range (v);\n"
                           "create table m_rest partition of m default;\n"
                           "create table k (c text) partition by list (c);\n"
                           "create table loose (c text);\n"
                           "create table ev (at date not null) partition by range (at);\n"
                           "create table ev_rest partition of ev default;\n"
                           "create table ev_2025_03 partition of ev for values from ('2025-03-01') to ('2025-03-02');\n"
                           "create table tz (t timestamptz) partition by range (t);\n"
                           "create table tz_rest partition of tz default;\n"
                           "create table c (k char(3)) partition by list (k);\n"
                           "create table c_rest partition of c default;\n",
                  "insert into m values (1.00); insert into loose values (null); "
                  "insert into ev values ('2025-03-15'); insert into tz values ('2025-01-15 00:00+00'); "
                  "insert into c values ('b')");
  // 1.004 is 1.00 for a numeric(5,2): the row of 1.00 is not the new partition's
  project.write("002_m.sql", "create table m_low partition of m for values from (0) to (1.004);\n");
  // a NULL key is no listed value's
  project.write("003_k.sql", "alter table k attach partition loose for values in ('a');\n");
  // a partition there already: IF NOT EXISTS makes none, whatever its bound says
  project.write("004_ev.sql", "create table if not exists ev_2025_03 partition of ev for values from ('2025-03-01') "
                              "to ('2025-04-01');\n");
  // a key of a type with spaces or a length in its name (timestamp with time zone, character(3))
  project.write("005_tz.sql", "create table tz_2025_01 partition of tz for values from ('2025-01-01 00:00+00') to "
                              "('2025-02-01 00:00+00');\n");
  project.write("006_c.sql", "create table c_b partition of c for values in ('b');\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  // (a warning after 003's ATTACH, which brings rows in: the rows were asked about and found)
  CHECK(contains(result.out, "005_tz.sql:1  the default partition tz_rest holds rows of its bound on the target: "
                             "CREATE TABLE tz_2025_01 PARTITION OF tz fails unless"));
  CHECK(contains(result.out, "006_c.sql:1  the default partition c_rest holds rows of its bound on the target: "
                             "CREATE TABLE c_b PARTITION OF c fails unless"));
  std::filesystem::remove(project.path() + "/migrations/005_tz.sql");
  std::filesystem::remove(project.path() + "/migrations/006_c.sql");
  CHECK_FALSE(contains(result.out, "002_m.sql:1  CREATE TABLE"));
  CHECK(contains(result.out, "003_k.sql:1  ATTACH PARTITION loose fails: rows of loose on the target are outside its "
                             "bound (SQLSTATE 23514)"));
  CHECK_FALSE(contains(result.out, "004_ev.sql:1  CREATE TABLE"));
  // A SET before it: how the target reads the bound may differ, so it says it did not check.
  project.write("003_k.sql", "select 1;\n");
  project.write("004_ev.sql", "set datestyle = 'SQL, DMY';\n"
                              "create table ev_2025_04 partition of ev for values from ('01/04/2025') to "
                              "('01/05/2025');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "004_ev.sql:2  not checked whether the target's rows fit CREATE TABLE ev_2025_04 "
                             "PARTITION OF ev"));
  // A SET of search_path does not change how the bound reads: it is checked,
  // the names found in the file's own path.
  project.write("003_k.sql", "comment on table k is 'keys';\n");
  project.write("004_ev.sql", "set search_path = public;\n"
                              "create table ev_mid partition of ev for values from ('2025-03-10') to ('2025-03-20');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "004_ev.sql:2  CREATE TABLE public.ev_mid PARTITION OF public.ev fails: the default "
                             "partition ev_rest holds rows of its bound on the target (SQLSTATE 23514)"));
  project.write("004_ev.sql", "set datestyle = 'SQL, DMY';\n"
                              "create table ev_2025_04 partition of ev for values from ('01/04/2025') to "
                              "('01/05/2025');\n");
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 0);
}

// A false-alarm hunt's misses: after pg_dump's header, or a SET search_path,
// a CHECK or a conversion the target's rows fail was not checked, and said so nowhere.
TEST_CASE("preflight: CHECK and ALTER COLUMN TYPE row checks after a SET: checked where it cannot change how they "
          "read, a warning that they were not where it may") {
  MigrationProject project;
  apply_with_rows(project, "create schema app;\ncreate type app.mood as enum ('ok', 'sad');\n"
                           "create table app.items (qty int, code text, d text, m text);\n",
                  "insert into app.items values (-5, 'abc', '01/13/2024', 'meh')");
  project.write("002_dump.sql", "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n"
                                "SET standard_conforming_strings = on;\nSET xmloption = content;\n"
                                "SET row_security = off;\nSET search_path TO app;\n"
                                "ALTER TABLE items ADD CONSTRAINT qty_pos CHECK (qty > 0);\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_dump.sql:7  CHECK qty_pos fails: rows of app.items on the target fail it "
                             "(SQLSTATE 23514)"));
  project.write("002_dump.sql", "SET search_path TO app;\n"
                                "ALTER TABLE items ALTER COLUMN code TYPE integer USING code::integer;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  CHECK(contains(result.out, "002_dump.sql:2  ALTER COLUMN code TYPE integer fails: a row of app.items on the "
                             "target does not convert: invalid input syntax for type integer: \"abc\""));
  // A type the path finds, a date's DateStyle: not checked, and said so.
  project.write("002_dump.sql", "SET search_path TO app;\n"
                                "ALTER TABLE items ALTER COLUMN m TYPE mood USING m::mood;\n"
                                "SET DateStyle = 'ISO, DMY';\n"
                                "ALTER TABLE items ALTER COLUMN d TYPE date USING d::date;\n"
                                "ALTER TABLE items ADD CONSTRAINT qty_small CHECK (qty < 100);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "002_dump.sql:2  not checked whether the target's rows pass ALTER COLUMN m TYPE mood "
                             "(a SET, or a function or type the run made, before it changes how the target would "
                             "evaluate it)"));
  CHECK(contains(result.out, "002_dump.sql:4  not checked whether the target's rows pass ALTER COLUMN d TYPE date"));
  // (an int's comparison reads no setting: checked, and passes)
  CHECK_FALSE(contains(result.out, "002_dump.sql:5  not checked"));
  CHECK_FALSE(contains(result.out, "002_dump.sql:5  CHECK"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);  // m's 'meh' is no mood
}

// A false-alarm hunt's miss: the rows a column's CHECK reads hold its DEFAULT.
TEST_CASE("preflight: ADD COLUMN with a DEFAULT its own CHECK, or a CHECK added with it, fails on the target's rows") {
  MigrationProject project;
  apply_with_rows(project, "create table items (id int);\n", "insert into items values (1)");
  project.write("002_x.sql", "alter table items add column x int not null default 0 check (x > 0);\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_x.sql:1  ADD COLUMN x with its CHECK fails: rows of items on the target fail it "
                             "with the DEFAULT each gets (SQLSTATE 23514); a statement before it must change them, "
                             "or the column take a DEFAULT that passes it"));
  project.write("002_x.sql", "alter table items add column y text default 'bb',\n"
                             "  add constraint y_short check (length(y) < 2 and id > 0);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  CHECK(contains(result.out, "002_x.sql:2  CHECK y_short fails: rows of items on the target fail it with the "
                             "DEFAULT each gets"));
  project.write("002_x.sql", "alter table items add column y text default 'b',\n"
                             "  add constraint y_short check (length(y) < 2 and id > 0);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);  // as preflight said
  // IF NOT EXISTS of a column there: its rows' own values, which pass
  project.write("003_x.sql", "alter table items add column if not exists y text default 'zzz',\n"
                             "  add constraint y_short2 check (length(y) < 2);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  CHECK_FALSE(contains(result.out, "003_x.sql:2  CHECK y_short2 fails"));
  // A DEFAULT that is no constant (each row its own): not asked
  project.write("003_x.sql", "alter table items add column z float default random() check (z > 2);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  CHECK_FALSE(contains(result.out, "003_x.sql:1  ADD COLUMN z"));
}

TEST_CASE("preflight: a FOREIGN KEY is asked of the rows as an UPDATE or DELETE before it leaves both tables") {
  // (a hunt's miss: an UPDATE that made an orphan, then the key, was WARNINGS)
  MigrationProject project;
  apply_with_rows(project, "create table orgs (id int primary key);\n"
                           "create table events (id int primary key, org_id int);\n"
                           "create table people (id bigint primary key);\n",
                  "insert into orgs values (1), (2); insert into events select g, 1 + g % 2 from "
                  "generate_series(1, 50) g; insert into people select g from generate_series(1, 5) g");
  struct Case {
    std::string sql;
    std::string finding;  // "": it applies
  };
  const std::vector<Case> cases = {
      {"update events set org_id = 99 where id = 5;\n"
       "alter table events add constraint events_org_fk foreign key (org_id) references orgs (id);\n",
       "002_c.sql:2  FOREIGN KEY (org_id) REFERENCES orgs fails: events has rows whose (org_id) no row of orgs holds "
       "on the target, as migrations/002_c.sql:1 leaves them (SQLSTATE 23503)"},
      {"update events set org_id = 99 where id = 5;\n"
       "alter table events add constraint events_org_fk foreign key (org_id) references orgs (id) not valid;\n"
       "alter table events validate constraint events_org_fk;\n",
       "002_c.sql:3  VALIDATE CONSTRAINT events_org_fk fails: events has rows whose (org_id) no row of orgs holds on "
       "the target, as migrations/002_c.sql:1 leaves them"},
      // a column the run added, to its own table
      {"alter table people add column manager_id bigint;\nupdate people set manager_id = 42 where id = 2;\n"
       "alter table people add constraint people_manager_fk foreign key (manager_id) references people (id);\n",
       "002_c.sql:3  FOREIGN KEY (manager_id) REFERENCES people fails: people has rows whose (manager_id) no row of "
       "people holds on the target, as migrations/002_c.sql:2 leaves them"},
      {"alter table people add column manager_id bigint;\nupdate people set manager_id = 3 where id = 2;\n"
       "alter table people add constraint people_manager_fk foreign key (manager_id) references people (id);\n",
       ""},
      // the referenced rows as the run leaves them too
      {"update events set org_id = 2 where org_id = 1;\ndelete from orgs where id = 1;\n"
       "alter table events add constraint events_org_fk foreign key (org_id) references orgs (id);\n",
       ""},
      {"delete from orgs where id = 1;\n"
       "alter table events add constraint events_org_fk foreign key (org_id) references orgs (id);\n",
       "002_c.sql:2  FOREIGN KEY (org_id) REFERENCES orgs fails: events has rows whose (org_id) no row of orgs holds "
       "on the target, as migrations/002_c.sql:1 leaves them"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.sql);
    project.write("002_c.sql", c.sql);
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    if (c.finding.empty()) {
      CHECK(result.status == 0);
      CHECK_FALSE(contains(result.out, " fails: "));
    } else {
      CHECK(result.status == 4);
      CHECK(contains(result.out, c.finding));
    }
  }
  // what it said of the last, up does
  const auto up = project.pgapply({"up", "--no-verify"});
  CHECK(up.status == 3);
  CHECK(contains(up.err, "23503"));
}

TEST_CASE("preflight: a FOREIGN KEY ... MATCH FULL that a row setting some of its columns breaks WILL FAIL, MATCH "
          "SIMPLE does not") {
  MigrationProject project;
  apply_with_rows(project, "create table regions (country text, code text, primary key (country, code));\n"
                           "create table shops (id int, country text, code text);\n",
                  "insert into regions values ('fr', '75'); insert into shops values (1, 'fr', '75'), (2, 'fr', null)");
  project.write("002_full.sql", "alter table shops add foreign key (country, code) references regions match full;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_full.sql:1  FOREIGN KEY (country, code) REFERENCES regions fails: shops has rows "
                             "whose (country, code) no row of regions holds, or that set some of them and not all "
                             "(MATCH FULL), on the target (SQLSTATE 23503)"));
  // MATCH SIMPLE lets a row with a NULL be: up applies it
  project.write("002_full.sql", "alter table shops add foreign key (country, code) references regions;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: VALIDATE CONSTRAINT of the target's NOT VALID constraint, or one the run adds, that rows break "
          "WILL FAIL") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int primary key);\n"
                           "create table orders (id int, user_id int, qty int);\n"
                           "alter table orders add constraint qty_positive check (qty > 0) not valid;\n",
                  "alter table orders drop constraint qty_positive; insert into users values (1);"
                  "insert into orders values (1, 1, 5), (2, 2, -1);"
                  "alter table orders add constraint qty_positive check (qty > 0) not valid");
  project.write("002_validate.sql", "alter table orders validate constraint qty_positive;\n");
  project.write("003_fk.sql", "alter table orders add constraint orders_user_fk foreign key (user_id) "
                              "references users not valid;\n");
  project.write("004_validate.sql", "alter table orders validate constraint orders_user_fk;\n");
  const auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_validate.sql:1  VALIDATE CONSTRAINT qty_positive fails: rows of orders on the target "
                             "fail it (SQLSTATE 23514); a statement before it must fix them, or leave the constraint "
                             "NOT VALID (it checks new rows all the same)"));
  CHECK(contains(result.out, "004_validate.sql:1  VALIDATE CONSTRAINT orders_user_fk fails: orders has rows whose "
                             "(user_id) no row of users holds on the target (SQLSTATE 23503)"));
  CHECK_FALSE(contains(result.out, "003_fk.sql:1  FOREIGN KEY"));  // NOT VALID: no row is checked
}

TEST_CASE("preflight: an ALTER COLUMN ... TYPE that a row of the target cannot convert WILL FAIL with the server's "
          "error for it") {
  MigrationProject project;
  apply_with_rows(project, "create table orders (id int, qty text, code text);\n",
                  "insert into orders values (1, '5', 'ab'), (2, 'abc', 'abcdef'), (3, null, null)");
  project.write("002_types.sql", "alter table orders alter column qty type integer using qty::integer;\n"
                                 "alter table orders alter column code type varchar(3);\n");
  auto result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_types.sql:1  ALTER COLUMN qty TYPE integer fails: a row of orders on the target "
                             "does not convert: invalid input syntax for type integer: \"abc\" (SQLSTATE 22P02)"));
  // an assignment, not a cast: too long fails, where ::varchar(3) would cut it short (a warning: line 1
  // changes the rows first)
  CHECK(contains(result.out, "002_types.sql:2  a row of orders on the target does not convert: ALTER COLUMN code TYPE "
                             "varchar(3) fails unless what runs before it fixes them"));
  // once the rows convert, it applies as preflight now says (char(2) takes 'x ' and its trailing blanks)
  project.write("002_types.sql", "alter table orders alter column qty type integer using qty::integer;\n"
                                 "alter table orders alter column code type char(2);\n");
  project.execute("update orders set qty = '7' where id = 2; update orders set code = 'x    ' where id = 2");
  result = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight's row checks cry no wolf: files that apply are not WILL FAIL (DO blocks, inheritance, ON ONLY, "
          "DETACH, type changes)") {
  struct Case {
    const char* name;
    const char* schema;
    const char* rows;
    const char* pending;
  };
  const Case cases[] = {
      {"a DO block of DML alone fills the NULLs", "create table t (id int);\n", "insert into t values (null)",
       "do $$ begin update t set id = 0 where id is null; end $$;\nalter table t alter id set not null;\n"},
      {"a unique constraint of a parent covers no inheritance child",
       "create table parent (email text);\ncreate table child () inherits (parent);\n",
       "insert into child values ('b'), ('b')", "alter table parent add unique (email);\n"},
      {"a unique index ON ONLY a partitioned table builds nothing",
       "create table p (id int, k int) partition by list (k);\ncreate table p1 partition of p for values in (1);\n",
       "insert into p values (1, 1), (1, 1)", "create unique index p_id_k on only p (id, k);\n"},
      {"DETACH PARTITION takes the NULLs away",
       "create table p (id int, k int) partition by list (k);\ncreate table p1 partition of p for values in (1);\n"
       "create table p2 partition of p for values in (2);\n",
       "insert into p values (null, 1), (5, 2)", "alter table p detach partition p1;\nalter table p alter id set not null;\n"},
      {"a type change makes equal values distinct", "create table t (v numeric);\n",
       "insert into t values (1.0), (1.00)", "alter table t alter v type text;\nalter table t add unique (v);\n"},
      {"a foreign key to a partitioned table finds its rows in the partitions",
       "create table p (id int primary key) partition by range (id);\n"
       "create table p1 partition of p for values from (0) to (1000);\ncreate table c (id int, p_id int);\n",
       "insert into p values (1), (2); insert into c values (10, 1), (11, 2)",
       "alter table c add foreign key (p_id) references p (id);\n"},
      {"a CHECK of a column dropped and added again reads the new, empty one", "create table t (score int);\n",
       "insert into t values (-5)",
       "alter table t drop column score;\nalter table t add column score int;\n"
       "alter table t add constraint score_nonneg check (score >= 0);\n"},
      {"a CHECK calling a function the run replaces", "create table items (sku text);\n"
       "create function valid_sku(text) returns boolean language sql immutable as $$ select $1 ~ '^[A-Z]{2}-[0-9]{3}$' $$;\n",
       "insert into items values ('AB-123'), ('XYZ-9999')",
       "create or replace function valid_sku(text) returns boolean language sql immutable as "
       "$$ select $1 ~ '^[A-Z]{2,3}-[0-9]{3,4}$' $$;\n"
       "alter table items add constraint items_sku_valid check (valid_sku(sku));\n"},
      {"a foreign key to the primary key the run gives the referenced table",
       "create table p (id int primary key, num int not null);\ncreate table c (p_num int);\n",
       "insert into p values (1, 100), (2, 200); insert into c values (100), (200)",
       "alter table p drop constraint p_pkey;\nalter table p add primary key (num);\n"
       "alter table c add foreign key (p_num) references p;\n"},
      {"a DO block that catches the failure", "create table users (email text, age text);\n",
       "insert into users values ('a@x', 'ten'), ('a@x', '5')",
       "do $$ begin alter table users add constraint users_email_key unique (email);\n"
       "exception when unique_violation then raise notice 'dupes'; end $$;\n"
       "do $$ begin alter table users alter column age type int using age::int;\n"
       "exception when invalid_text_representation then raise notice 'left as text'; end $$;\n"},
      {"a DO block whose IF skips it", "create table users (email text);\n", "insert into users values (null)",
       "do $$ begin if not exists (select from users where email is null) then\n"
       "alter table users alter column email set not null; end if; end $$;\n"},
      {"a DO block that fills the NULLs through a function it calls in an assignment",
       "create table users (id int, email text);\n"
       "create function backfill_emails() returns int language sql as "
       "$$ update users set email = 'u' || id where email is null returning 1 $$;\n",
       "insert into users values (1, null)",
       "do $$ declare n int; begin n := backfill_emails(); end $$;\nalter table users alter column email set not null;\n"},
      {"a conversion under the file's datestyle", "create table events (happened text);\n",
       "insert into events values ('31/12/2024')",
       "set datestyle = 'ISO, DMY';\nalter table events alter column happened type date using happened::date;\n"},
      {"a foreign key to values the run converts first",
       "create table users (code text unique);\ncreate table orders (user_code varchar(3));\n",
       "insert into users values ('abc'), ('def'); insert into orders values ('ABC'), ('DEF')",
       "alter table users alter column code type varchar(3) using upper(code);\n"
       "alter table orders add constraint orders_user_fk foreign key (user_code) references users (code);\n"},
      {"a composite whose fields are all NULL is not NULL", "create type pair as (a int, b int);\n"
       "create table t (p pair);\n",
       "insert into t values (row(null, null))", "alter table t alter p set not null;\n"},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    MigrationProject project;
    apply_with_rows(project, c.schema, c.rows);
    project.write("002_pending.sql", c.pending);
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK_FALSE(contains(result.out, "WILL FAIL"));
    CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  }
}

TEST_CASE("without a shadow, a sequence a serial column does not have is no sequence: ALTER SEQUENCE of it WILL "
          "FAIL") {
  MigrationProject project;
  project.write("001_users.sql", "create table users (id serial);\n");
  project.write("002_restart.sql", "alter sequence user_id_seq restart 100;\n");  // users_id_seq, mistyped
  const auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "sequence user_id_seq (alter) fails: it does not exist"));
}

TEST_CASE("preflight: seed rows INSERTed into a table the run makes change no rows of others, but into one with a "
          "trigger or a default of the user's function they may, into the target's own table they add rows alone") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int, email text);\n"
                           "create function pick() returns int language sql as 'select 1';\n",
                  "insert into users values (1, null)");
  const std::string required = "alter table users alter column email set not null;\n";
  struct Case {
    const char* name;
    const char* before;
    bool certain;  // the failure is an error, not a warning
  };
  const Case cases[] = {
      {"seed rows of a new table", "create table roles (id int primary key, name text default now()::text);\n"
                                   "insert into roles (id, name) values (1, 'admin'), (2, upper('user')) "
                                   "on conflict (id) do nothing;\n", true},
      {"a default calling the user's function", "create table roles (id int default pick());\n"
                                                "insert into roles values (default);\n", false},
      {"a trigger", "create table roles (id int);\ncreate function touch() returns trigger language plpgsql as "
                    "$$ begin update users set email = 'x'; return new; end $$;\ncreate trigger t after insert on "
                    "roles for each row execute function touch();\ninsert into roles values (1);\n", false},
      // (rows it adds fix none of the target's NULLs: up fails all the same)
      {"the target's own table", "insert into users values (2, 'b');\n", true},
      {"the user's function in the values", "create table roles (id int);\ninsert into roles values (pick());\n",
       false},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    project.write("002_required.sql", std::string(c.before) + required);
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == (c.certain ? 4 : 0));
    CHECK(contains(result.out, c.certain ? "002_required.sql:" + std::to_string(std::count(c.before, c.before +
                                              std::char_traits<char>::length(c.before), '\n') + 1) +
                                              "  SET NOT NULL fails: users.email holds NULL"
                                         : std::string("SET NOT NULL fails unless what runs before it fills them")));
  }
}

TEST_CASE("preflight: a DO block of DDL alone before it changes no rows, one of DML alone may") {
  MigrationProject project;
  apply_with_rows(project, "create table t (id int);\n",
                  "insert into t values (null)");
  project.write("002_required.sql", "do $$ begin create type mood as enum ('sad', 'ok');\n"
                                    "exception when duplicate_object then null; end $$;\n"
                                    "alter table t alter column id set not null;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_required.sql:3  SET NOT NULL fails: t.id holds NULL in rows of the target"));
  project.write("002_required.sql", "do $$ begin update t set id = 0 where id is null; end $$;\n"
                                    "alter table t alter column id set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(migrations/002_required.sql:1 may change rows"));
}

TEST_CASE("preflight: SET NOT NULL and CHECK read a plain table's inheritance children, as they reach them, unless "
          "ONLY or NO INHERIT") {
  MigrationProject project;
  apply_with_rows(project, "create table par (v int);\ncreate table kid () inherits (par);\n",
                  "insert into par values (5); insert into kid values (null), (-1)");
  struct Case {
    const char* pending;
    const char* error;  // nullptr: none
  };
  const Case cases[] = {
      {"alter table par alter v set not null;\n", "SET NOT NULL fails: par.v holds NULL in rows of the target"},
      {"alter table only par alter v set not null;\n", nullptr},
      {"alter table par add constraint v_pos check (v > 0);\n", "CHECK v_pos fails: rows of par on the target fail it"},
      {"alter table par add constraint v_pos check (v > 0) no inherit;\n", nullptr}};
  for (const Case& c : cases) {
    CAPTURE(c.pending);
    project.write("002_pending.sql", c.pending);
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == (c.error != nullptr ? 4 : 0));
    CHECK(contains(result.out, " fails: ") == (c.error != nullptr));
    if (c.error != nullptr) CHECK(contains(result.out, c.error));
  }
  // and up agrees with the last
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: pg_dump's set_config of search_path changes no rows: the NULL check stays an error") {
  MigrationProject project;
  apply_with_rows(project, "create table t (id int);\n",
                  "insert into t values (null)");
  project.write("002_required.sql", "SELECT pg_catalog.set_config('search_path', '', false);\n"
                                    "ALTER TABLE public.t ALTER COLUMN id SET NOT NULL;\n");
  const auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_required.sql:2  SET NOT NULL fails: t.id holds NULL in rows of the target"));
}

TEST_CASE("preflight: a column whose rows it may not read is a warning saying so") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int, email text);\n",
                  "insert into users values (1, null)");
  project.write("002_required.sql", "alter table users alter column email set not null;\n");
  const LoginRole role(project, "pgapply_plain");
  project.execute("grant select on pgapply_migrations, pgapply_migrations_history to " + role.name());
  auto result = project.pgapply({"preflight", "--no-shadow", "-d", role.conninfo()});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "002_required.sql:1  not checked whether users.email holds NULL on the target, on "
                             "which SET NOT NULL fails: permission denied for table users"));
  CHECK_FALSE(contains(result.out, "SET NOT NULL fails: users.email"));
}

TEST_CASE("without a shadow, a file's own search_path of several schemas (or \"$user\") finds each name where "
          "PostgreSQL does: preflight passes, verify after up finds every object") {
  MigrationProject project;
  const std::string user = project.query("select current_user");
  project.execute("create schema \"" + user + "\"");
  project.write("001_init.sql", "create schema app;\ncreate table public.pt (id int);\ncreate table app.at (id int);\n");
  project.write("002_path.sql", "SET search_path = app, public;\n"
                                "alter table pt add column x int;\n"         // public's: app has none
                                "alter table at add column y int;\n"         // app's
                                "create table fresh (id int);\n"             // made in app, the first
                                "alter table fresh add column z int;\n"
                                "create index on pt (x);\n"
                                "SET search_path = \"$user\", public;\n"
                                "create table mine (id int);\n"              // in the user's schema
                                "alter table mine add column w int;\n"
                                "alter table pt add column v int;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "does not exist"));
  // (the user's schema, first in the connection's search_path, goes unnamed)
  CHECK(contains(result.out, "will add public.pt.x, app.at.y, app.fresh.z, mine.w, public.pt.v"));
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename in ('fresh', 'mine') and schemaname in ('app', '" +
                      user + "')") == "2");
  result = project.pgapply({"verify", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "missing"));
}

namespace {

// `preflight --no-shadow` of a two-file project with both files pending,
// then with the first applied (read from the target): exit 0, and `check`'s.
template <typename Check>
void preflight_pending_then_first_applied(MigrationProject& project, const Check& check) {
  for (const bool first_applied : {false, true}) {
    CAPTURE(first_applied);
    if (first_applied) REQUIRE(project.pgapply({"up", "--target", "1", "--no-verify"}).status == 0);
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    check(result);
  }
}

}  // namespace

namespace {

struct NoWolfCase {
  const char* name;
  const char* first;
  const char* second;
};

// Each case's two files: preflight finds no FAIL with both pending or the first
// applied, and after `up`, `verify --no-shadow` finds the target as the files made it.
// (The cases are four test cases so that each stays well inside CTest's timeout
// under the sanitizers.)
void check_no_wolf(std::span<const NoWolfCase> cases) {
  for (const NoWolfCase& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    MigrationProject project;
    project.write("001_first.sql", c.first);
    project.write("002_second.sql", c.second);
    preflight_pending_then_first_applied(project,
                                         [](const auto& result) { CHECK_FALSE(contains(result.out, "FAIL")); });
    REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
    const auto result = project.pgapply({"verify", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
  }
}

}  // namespace


TEST_CASE("without a shadow, the static model cries no wolf: serial and identity sequences, LIKE, INHERITS, renamed "
          "or replaced names PostgreSQL chose, ALTER TRIGGER ... RENAME, ALTER EXTENSION ... SET SCHEMA, ALTER ... "
          "IF EXISTS, a column's CHECK, a constraint's index") {
  const NoWolfCase cases[] = {
      {"the sequence of a serial or identity column",
       "create table tags (id serial primary key, name text);\nalter sequence tags_id_seq restart with 1000;\n",
       "create table items (id bigint generated by default as identity, name text);\n"
       "alter sequence items_id_seq restart with 5;\nalter sequence tags_id_seq owned by tags.id;\n"},
      {"LIKE's columns", "create table src (id int primary key, peaktemp int);\n",
       "create table dst (like src including all);\nalter table dst alter column peaktemp set not null;\n"},
      {"INHERITS and a column of its own", "create table cities (id int primary key, name text);\n",
       "create table capitals (state char(2)) inherits (cities);\n"},
      {"a renamed index PostgreSQL named", "create table t (id int, d bool);\ncreate index on t (d);\n",
       "alter index t_d_idx rename to t_done_idx;\n"},
      {"a primary key PostgreSQL named, replaced", "create table t (id int primary key);\n",
       "alter table t drop constraint t_pkey;\nalter table t add constraint t_pk primary key (id);\n"},
      {"a renamed table's constraint and index", "create table t (id int primary key, d bool);\ncreate index on t (d);\n",
       "alter table t rename to u;\nalter index t_pkey rename to u_pkey;\nalter index t_d_idx rename to u_d_idx;\n"},
      {"a renamed trigger",
       "create table docs (id int primary key, updated_at timestamptz);\n"
       "create function touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; "
       "end $$;\ncreate trigger docs_touch before update on docs for each row execute function touch();\n",
       "alter trigger docs_touch on docs rename to docs_set_updated_at;\n"
       "alter table docs disable trigger docs_set_updated_at;\n"},
      {"an extension moved to another schema", "create schema extensions;\ncreate extension pg_trgm;\n",
       "alter extension pg_trgm set schema extensions;\n"},
      {"ALTER ... IF EXISTS of what is not there", "create schema s2;\n",
       "alter table if exists gone_a add column z int;\nalter table if exists gone_c set schema s2;\n"
       "alter index if exists gone_idx rename to gone_idx2;\nalter table if exists gone_d rename column a to b;\n"},
      {"a column's CHECK named after a column declared after it", "create table p (id int);\n",
       "create table c (pid int check (qty > 0), qty int, z int check (true));\n"},
      {"the index of a constraint renamed with it, commented on, altered",
       "create table t (id int primary key, e text unique);\n",
       "alter table t rename constraint t_e_key to t_email_uniq;\nalter index t_email_uniq set (fillfactor = 80);\n"
       "comment on index t_pkey is 'pk';\nalter index t_pkey rename to t_pk;\nalter table t drop constraint t_pk;\n"},
      {"an EXCLUDE named after its elements", "create extension if not exists btree_gist;\n"
                                              "create table room (code text, during tstzrange);\n",
       "alter table room add exclude using gist (code with =, during with &&);\n"},
      {"ADD PRIMARY KEY USING INDEX, unnamed", "create table room (id int);\n",
       "create unique index room_id_idx on room (id);\nalter table room add primary key using index room_id_idx;\n"},
      {"a dropped column's indexes by expression and predicate",
       "create table t (a int, b int);\ncreate index on t ((a + b));\ncreate index t_part on t (a) where b > 0;\n",
       "alter table t drop column b;\n"},
      {"SELECT ... INTO makes a table", "create table src (id int);\n",
       "select id into snap from src;\ncreate index on snap (id);\n"},
      {"an index named after a cast's column, a collation's, or past a table of its name",
       "create table t_a_idx (x int);\ncreate table t (a int, b int, c text);\ncreate index on t (a);\n"
       "create index on t (cast(b as bigint));\ncreate index on t ((c collate \"C\"));\n",
       "alter index t_a_idx1 rename to t_a_index;\nalter index t_b_idx rename to t_b_big;\ndrop index t_c_idx;\n"},
      {"an identity's sequence after its table is renamed and moved, an index moved with its table",
       "create table acct (id int generated always as identity primary key, note text);\n"
       "create index acct_note_idx on acct (note);\n",
       "create schema bank;\nalter table acct rename to account;\nalter sequence acct_id_seq restart 10;\n"
       "alter table account set schema bank;\nalter sequence bank.acct_id_seq restart 20;\n"
       "alter index bank.acct_note_idx rename to account_note_idx;\n"},
      {"a serial's sequence gone with its table, kept when its default goes",
       "create table u (id serial, k int);\ncreate table t (id serial primary key);\n",
       "drop table u;\ncreate sequence u_id_seq;\nalter table t alter column id drop default;\n"
       "alter sequence t_id_seq restart 5;\n"},
      {"ADD COLUMN IF NOT EXISTS of a column an INHERITS child has from its parent",
       "create table parent (id int, note varchar(100));\ncreate table child () inherits (parent);\n",
       "alter table child add column if not exists note text;\n"},
      {"an index of the target dropped before its table moves, made again there",
       "create schema app;\ncreate table t (x int);\ncreate index t_idx on t (x);\n",
       "drop index t_idx;\nalter table t set schema app;\ncreate index t_idx on app.t (x);\n"},
  };
  check_no_wolf(cases);
}

TEST_CASE("without a shadow, the static model cries no wolf: OWNED BY, partitions, cascades, CREATE SCHEMA's "
          "elements, renamed enums, domains, sequences and functions, typed tables and views, identities") {
  const NoWolfCase cases[] = {
      {"a sequence OWNED BY a column goes with its table or column, follows their renames, stays when OWNED BY NONE",
       "create sequence counter_seq;\ncreate table counters (id int default nextval('counter_seq'));\n"
       "alter sequence counter_seq owned by counters.id;\ncreate table t3 (id serial, other int);\n"
       "alter sequence t3_id_seq owned by none;\n",
       "drop table counters;\ncreate sequence counter_seq;\ncreate sequence s3 increment 2 owned by t3.other;\n"
       "alter table t3 rename to t3b;\nalter table t3b rename column other to other2;\n"
       "alter table t3b drop column other2;\ncreate sequence s3;\ndrop table t3b;\nalter sequence t3_id_seq restart 9;\n"},
      {"what a partitioned table clones onto its partitions: indexes, keys, row triggers, a renamed column",
       "create table events (id bigint not null, at date not null, kind text, primary key (id, at)) "
       "partition by range (at);\ncreate index events_kind_idx on events (kind);\ncreate index on events (at);\n"
       "create function ev_trg() returns trigger language plpgsql as $$ begin return new; end $$;\n"
       "create trigger ev_t before insert on events for each row execute function ev_trg();\n"
       "create table events_2026 partition of events for values from ('2026-01-01') to ('2027-01-01');\n"
       "create table events_2027 (like events);\n"
       "alter table events attach partition events_2027 for values from ('2027-01-01') to ('2028-01-01');\n",
       "alter table events rename column kind to category;\n"
       "alter table events_2026 alter column category set statistics 100;\n"
       "alter index events_2026_kind_idx rename to events_2026_category_idx;\n"
       "alter index events_2027_at_idx set (fillfactor = 80);\nalter table events_2026 disable trigger ev_t;\n"
       "comment on constraint events_2026_pkey on events_2026 is 'pk';\n"
       "alter table events_2026 rename constraint events_2026_pkey to e26_pk;\n"
       "comment on index events_2027_pkey is 'pk27';\ncreate index on events_2026 (id);\n"},
      {"a column dropped on a parent goes from the children that only inherit it",
       "create table p (id int, note text, extra int) partition by list (id);\n"
       "create table p1 partition of p for values in (1);\ncreate table base (id int, note text, extra int);\n"
       "create table kid (note text) inherits (base);\n",
       "alter table p drop column note;\nalter table base drop column note;\n"
       "alter table kid alter column note set not null;\nalter table base drop column extra;\n"
       "alter table kid add column extra bigint;\n"},
      {"a sequence OWNED BY a column moves with its table's SET SCHEMA",
       "create schema other;\n"
       "create table t (id int);\n"
       "create sequence t_seq owned by t.id;\n",
       "alter table t set schema other;\n"
       "alter sequence other.t_seq restart;\n"},
      {"what a DROP ... CASCADE may have taken, made again",
       "create table a (id int primary key);\n"
       "create view va as select id from a;\n",
       "drop table a cascade;\n"
       "create view va as select 1 as x;\n"},
      {"a column a DROP TYPE ... CASCADE may have taken, added again",
       "create type st as enum ('a','b');\n"
       "create table t (id int, s st, keep int);\n"
       "create function fst(x st) returns int language sql as 'select 1';\n",
       "drop type st cascade;\n"
       "alter table t add column s text;\n"
       "create function fst(x text) returns int language sql as 'select 2';\n"},
      {"a foreign key between two tables of one CREATE SCHEMA",
       "create schema s\n"
       "  create table cats (id int primary key)\n"
       "  create table items (id int primary key, cat int references cats(id));\n",
       "alter table s.items rename constraint items_cat_fkey to items_cat_fk;\n"},
      {"a column of a renamed enum",
       "create type mood as enum ('sad', 'ok');\n"
       "create table p (id int, m mood);\n",
       "alter type mood rename to feeling;\n"},
      {"a domain's constraints and its rename",
       "create domain email as text constraint email_chk check (value like '%@%');\n"
       "create domain posint as int check (value > 0);\n"
       "create table u (id int primary key, e email, n posint);\n",
       "alter domain email rename constraint email_chk to email_check2;\n"
       "alter domain posint rename constraint posint_check to posint_pos;\n"
       "alter domain email add constraint email_len check (length(value) < 200) not valid;\n"
       "alter domain email validate constraint email_len;\n"
       "alter domain posint drop constraint posint_pos;\n"
       "alter domain email set not null;\n"
       "alter domain email rename to email_t;\n"
       "alter table u add column e2 email_t;\n"
       "alter domain email_t drop constraint email_check2;\n"},
      {"a default calling a renamed sequence",
       "create sequence s1;\n"
       "create table t (id bigint default nextval('s1'), n int);\n"
       "create table u (id serial, m int);\n",
       "alter sequence s1 rename to s2;\n"
       "alter sequence u_id_seq rename to u_seq;\n"},
      {"a default and a CHECK calling a renamed function",
       "create function gen() returns int language sql as 'select 1';\n"
       "create table t (id int default gen(), n int check (n > gen()));\n",
       "alter function gen() rename to gen2;\n"},
      {"ADD CONSTRAINT ... USING INDEX, then RENAME CONSTRAINT renames the index",
       "create table t (id int, e text);\n"
       "create unique index e_idx on t (e);\n",
       "alter table t add constraint t_e_uq unique using index e_idx;\n"
       "alter table t rename constraint t_e_uq to t_e_k2;\n"},
      {"a typed table's columns",
       "create type person as (name text, age int);\n"
       "create table people of person;\n",
       "alter table people alter column age set not null;\n"
       "create index people_name on people (name);\n"},
      {"a typed table's column WITH OPTIONS",
       "create type person as (name text, age int);\n"
       "create table people of person (age with options default 0);\n",
       "alter table people alter column age set default 1;\n"},
      {"ALTER VIEW ... RENAME COLUMN",
       "create table t (id int primary key, a text);\n"
       "create view v as select id, a from t;\n",
       "alter view v rename column a to a2;\n"
       "comment on column v.a2 is 'x';\n"},
      {"a column CREATE OR REPLACE VIEW adds",
       "create table t (id int primary key, a text, b text);\n"
       "create view v as select id, a from t;\n",
       "create or replace view v as select id, a, b from t;\n"
       "comment on column v.b is 'the b';\n"},
      {"a column added to a parent reaches its INHERITS children",
       "create table base (id int);\n"
       "create table child (extra text) inherits (base);\n",
       "alter table base add column note text;\n"
       "alter table child alter column note set default 'n';\n"},
      {"an index moved with its table is not in the old schema",
       "create schema other;\n"
       "create table t (id int);\n"
       "create index t_i on t (id);\n"
       "create table u (id int);\n",
       "alter table t set schema other;\n"
       "alter index other.t_i rename to t_i2;\n"
       "create index t_i on u (id);\n"},
      {"SET SCHEMA to the schema it is in",
       "create table t (id int primary key);\n",
       "alter table t set schema public;\n"},
      {"ALTER TABLE ... INHERIT: the parent's new column reaches the child, NO INHERIT keeps it",
       "create table base (id int, created timestamptz default now());\n"
       "create table child (id int, created timestamptz default now(), extra text);\n",
       "alter table child inherit base;\n"
       "alter table base add column note text;\n"
       "alter table child alter column note set default 'n';\n"
       "alter table child no inherit base;\n"
       "alter table child drop column note;\n"},
      {"DROP IDENTITY takes its sequence",
       "create table t (id int generated always as identity, v int);\n",
       "alter table t alter column id drop identity;\n"
       "create sequence t_id_seq;\n"},
      {"ADD GENERATED's sequence renamed, then DROP IDENTITY",
       "create table t (id int not null, v int);\n"
       "alter table t alter column id add generated by default as identity;\n",
       "alter sequence t_id_seq rename to t_seq;\n"
       "alter table t alter column id drop identity;\n"
       "create sequence t_seq;\n"},
      {"DETACH PARTITION takes the row triggers cloned onto it",
       "create table m (id int, d date) partition by range (d);\n"
       "create function trg() returns trigger language plpgsql as $$ begin return new; end $$;\n"
       "create trigger m_trg before insert on m for each row execute function trg();\n"
       "create table m_2024 partition of m for values from ('2024-01-01') to ('2025-01-01');\n",
       "alter table m detach partition m_2024;\n"
       "create trigger m_trg before insert on m_2024 for each row execute function trg();\n"},
      {"DETACH PARTITION leaves the indexes cloned onto it",
       "create table m (id int, d date, v int) partition by range (d);\n"
       "create index m_v on m (v);\n"
       "create table m_2024 partition of m for values from ('2024-01-01') to ('2025-01-01');\n",
       "alter table m detach partition m_2024;\n"
       "alter index m_2024_v_idx rename to m_2024_vv;\n"
       "drop index m_2024_vv;\n"},
      {"ALTER TABLE of an index",
       "create table t (id int, a text);\n"
       "create index t_a on t (a);\n",
       "alter table t_a rename to t_a_idx;\n"
       "alter index t_a_idx set (fillfactor = 80);\n"
       "alter table t_a_idx rename to t_a_idx2;\n"},
      {"ALTER INDEX of a table",
       "create table t (id int, a text);\n",
       "alter index t rename to t2;\n"
       "alter table t2 add column b int;\n"},
  };
  check_no_wolf(cases);
}

TEST_CASE("without a shadow, the static model cries no wolf: a file's search_path, Prisma's drop and re-add, what is "
          "dropped and made again, renamed schemas, LIKE's indexes") {
  const NoWolfCase cases[] = {
      {"one schema in the file's search_path: inline REFERENCES and COMMENT ON",
       "create schema app;\n"
       "set search_path to app;\n"
       "create table orgs (id int primary key);\n"
       "create table t (id int, org_id int references orgs);\n"
       "create table u (id int, org_id int, foreign key (org_id) references orgs (id));\n"
       "create view v as select * from orgs;\n"
       "create index on t (org_id);\n",
       "select 1;\n"},
      {"one schema in the file's search_path: PARTITION OF, INHERITS, OWNED BY, ATTACH and DETACH PARTITION",
       "create schema app;\n"
       "create table app.ev (id int, d date) partition by range (d);\n"
       "create table app.base (id int primary key);\n"
       "create sequence app.s;\n"
       "create table app.loose (id int, d date);\n",
       "set search_path = app;\n"
       "create table ev_2025_01 partition of ev for values from ('2025-01-01') to ('2025-02-01');\n"
       "create table kid (x int) inherits (base);\n"
       "alter sequence s owned by base.id;\n"
       "alter table ev attach partition loose for values from ('2026-01-01') to ('2026-02-01');\n"
       "alter table ev detach partition ev_2025_01;\n"},
      {"search_path set in a DO block (PERFORM set_config, SET), a name of public's made again in it; an ALTER ... "
       "SET SCHEMA in one, and a path saved and given back, change nothing",
       "create schema app;\ncreate schema app2;\ncreate schema ext;\ncreate table a (id int);\n"
       "create function f() returns int language sql as 'select 1';\n",
       "do $$ begin perform set_config('search_path', 'app', false); end $$;\n"
       "create table a (id int);\n"
       "do $$ begin set search_path = app2; end $$;\n"
       "create table a (id int);\n"
       "reset search_path;\n"
       "do $$ begin if true then alter function f() set schema ext; end if; end $$;\n"
       "alter table a add column b int;\n"
       "do $$ declare saved text := current_setting('search_path'); begin\n"
       "  perform set_config('search_path', 'app2', true); perform set_config('search_path', saved, true); end $$;\n"
       "alter table a drop column b;\n"},
      {"one schema in the file's search_path, set in other spellings",
       "create schema app;\n"
       "create table app.orgs (id int primary key);\n"
       "set search_path to app, app;\n"
       "comment on table orgs is 'x';\n"
       "create table t (id int, o int references orgs);\n",
       "select 1;\n"},
      {"Prisma's drop and re-add of a column with a unique index",
       "CREATE TABLE \"User\" (\n"
       "    \"id\" SERIAL NOT NULL,\n"
       "    \"externalId\" INTEGER NOT NULL,\n"
       "    CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")\n"
       ");\n"
       "CREATE UNIQUE INDEX \"User_externalId_key\" ON \"User\"(\"externalId\");\n",
       "/*\n"
       "  Warnings:\n"
       "  - The `externalId` column on the `User` table would be dropped and recreated. This will lead to data loss if there is data in the column.\n"
       "*/\n"
       "-- AlterTable\n"
       "ALTER TABLE \"User\" DROP COLUMN \"externalId\",\n"
       "ADD COLUMN     \"externalId\" TEXT NOT NULL;\n"
       "\n"
       "-- CreateIndex\n"
       "CREATE UNIQUE INDEX \"User_externalId_key\" ON \"User\"(\"externalId\");\n"},
      {"the target's indexes and constraints on a dropped column",
       "create table t (id int primary key, a int, b int, c text, d int, e int references t(id));\n"
       "create index t_a_idx on t (a);\n"
       "create index t_ab_idx on t (a, b);\n"
       "create index t_expr_idx on t (lower(c));\n"
       "create index t_partial_idx on t (b) where d > 0;\n"
       "create unique index t_c_uniq on t (c);\n"
       "alter table t add constraint t_c_check check (length(c) > 0);\n"
       "alter table t add constraint t_bd_check check (b > d);\n"
       "alter table t add constraint t_d_key unique (d);\n"
       "create index t_incl_idx on t (b) include (e);\n"
       "create table u (id int primary key, t_id int);\n"
       "alter table u add constraint u_t_fk foreign key (t_id) references t (id);\n",
       "alter table t drop column a;\n"
       "alter table t drop column c;\n"
       "alter table t drop column d;\n"
       "alter table t drop column e;\n"
       "alter table t add column a int;\n"
       "create index t_a_idx on t (a);\n"
       "create index t_ab_idx on t (a, b);\n"
       "alter table t add column c text;\n"
       "create index t_expr_idx on t (lower(c));\n"
       "create index t_partial_idx on t (b);\n"
       "alter table t add constraint t_c_check check (length(c) > 0);\n"
       "alter table t add constraint t_bd_check check (b > 0);\n"
       "create index t_incl_idx on t (b);\n"
       "alter table t add constraint t_d_key unique (b);\n"},
      {"table-level CHECKs on a dropped column",
       "create table users (id int primary key, legacy_code text, score int);\n"
       "create index users_legacy_code_idx on users (legacy_code);\n"
       "alter table users add constraint users_score_check check (score >= 0);\n",
       "alter table users drop column legacy_code;\n"
       "alter table users drop column score;\n"},
      {"a dropped table made again: its indexes and row level security",
       "create table sessions (id serial primary key, user_id int, token text unique, updated_at timestamptz);\n"
       "create index index_sessions_on_user_id on sessions (user_id);\n"
       "create function touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;\n"
       "create trigger sessions_touch before update on sessions for each row execute function touch();\n"
       "alter table sessions enable row level security;\n"
       "create policy sessions_own on sessions using (true);\n"
       "create view v_sessions as select id, user_id from sessions;\n"
       "create function v_ins() returns trigger language plpgsql as $$ begin return new; end $$;\n"
       "create trigger v_sessions_ins instead of insert on v_sessions for each row execute function v_ins();\n",
       "drop view v_sessions;\n"
       "drop table sessions;\n"
       "create table sessions (id serial primary key, user_id bigint not null, token text unique, updated_at timestamptz);\n"
       "create index index_sessions_on_user_id on sessions (user_id);\n"
       "create trigger sessions_touch before update on sessions for each row execute function touch();\n"
       "alter table sessions enable row level security;\n"
       "create policy sessions_own on sessions using (true);\n"
       "create view v_sessions as select id, user_id from sessions;\n"
       "create trigger v_sessions_ins instead of insert on v_sessions for each row execute function v_ins();\n"
       "drop function touch() cascade;\n"
       "create function touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;\n"
       "create trigger sessions_touch before update on sessions for each row execute function touch();\n"
       "alter table sessions drop constraint sessions_pkey;\n"
       "alter table sessions add constraint sessions_pkey primary key (id, user_id);\n"},
      {"a materialized view dropped and made again with its index",
       "create table sales (id int, product_id int, qty int);\n"
       "create materialized view product_totals as select product_id, sum(qty) as qty from sales group by product_id;\n"
       "create unique index product_totals_pk on product_totals (product_id);\n",
       "drop materialized view product_totals;\n"
       "create materialized view product_totals as select product_id, sum(qty) as qty, count(*) as n from sales group by product_id;\n"
       "create unique index product_totals_pk on product_totals (product_id);\n"},
      {"a unique constraint replaced by an index of its name",
       "create table users (id int constraint users_pkey primary key, email text constraint users_email_key unique);\n",
       "alter table users drop constraint users_email_key;\n"
       "create unique index users_email_key on users (lower(email));\n"
       "alter table users drop constraint users_pkey;\n"
       "create unique index users_pkey on users (id);\n"
       "alter table users add constraint users_pkey primary key using index users_pkey;\n"},
      {"a renamed constraint frees its index's name",
       "create table users (id int primary key, email text unique);\n"
       "create index users_lower_email on users (lower(email));\n",
       "alter table users rename constraint users_email_key to users_email_old;\n"
       "create unique index users_email_key on users (lower(email));\n"
       "alter index users_lower_email rename to users_lower_email_old;\n"
       "create index users_lower_email on users (lower(email));\n"
       "drop index users_lower_email_old;\n"
       "alter table users drop constraint users_email_old;\n"},
      {"a partitioned table dropped with its partitions, made again",
       "create table metrics (id bigint, at date not null, v int) partition by range (at);\n"
       "create table metrics_2024 partition of metrics for values from ('2024-01-01') to ('2025-01-01');\n"
       "create index metrics_at_idx on metrics (at);\n"
       "create table logs (id bigint primary key, msg text);\n"
       "create table logs_child (extra int) inherits (logs);\n",
       "drop table metrics;\n"
       "create table metrics (id bigint, at date not null, v bigint) partition by range (at);\n"
       "create table metrics_2024 partition of metrics for values from ('2024-01-01') to ('2025-01-01');\n"
       "create index metrics_at_idx on metrics (at);\n"
       "drop table logs cascade;\n"
       "create table logs_child (id bigint, extra int);\n"},
      {"row level security of a table made again",
       "create table notes (id int primary key);\n"
       "alter table notes enable row level security;\n"
       "drop table notes;\n"
       "create table notes (id bigint primary key);\n"
       "alter table notes enable row level security;\n",
       "select 1;\n"},
      {"an index in a schema the run renamed",
       "create schema app;\n"
       "create table app.todos (id serial primary key);\n",
       "alter schema app rename to core;\n"
       "alter table core.todos rename to tasks;\n"},
      {"a serial's sequence in a renamed schema, renamed",
       "create schema app;\n"
       "create table app.todos (id serial primary key, title text, done bool default false, updated_at timestamptz);\n"
       "create function app.touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); "
       "return new; end $$;\n"
       "create trigger todos_touch before update on app.todos for each row execute function app.touch();\n"
       "alter table app.todos enable row level security;\n"
       "create policy todos_all on app.todos using (true);\n"
       "create index todos_done_idx on app.todos (done) where not done;\n"
       "create view app.open_todos as select * from app.todos where not done;\n"
       "create type app.prio as enum ('low', 'high');\n"
       "create sequence app.ticket_seq;\n",
       "alter schema app rename to core;\n"
       "alter table core.todos rename to tasks;\n"
       "alter table core.tasks rename column title to name;\n"
       "drop trigger todos_touch on core.tasks;\n"
       "drop policy todos_all on core.tasks;\n"
       "alter index core.todos_done_idx rename to tasks_done_idx;\n"
       "alter table core.tasks alter column name set not null;\n"
       "drop view core.open_todos;\n"
       "alter type core.prio add value 'mid' before 'high';\n"
       "alter sequence core.ticket_seq restart;\n"
       "alter function core.touch() rename to set_updated_at;\n"
       "alter sequence core.todos_id_seq rename to tasks_id_seq;\n"
       "alter table core.tasks rename constraint todos_pkey to tasks_pkey;\n"},
      {"a schema dropped with CASCADE, made again",
       "create schema s;\n"
       "create table s.t (id int primary key);\n"
       "create sequence s.q;\n",
       "drop schema s cascade;\n"
       "create schema s;\n"
       "create table s.t (id int primary key, x int);\n"
       "create sequence s.q;\n"},
      {"a function's argument types without their modifiers",
       "create function f(p varchar(10)) returns int language sql as $$ select 1 $$;\n"
       "create function g(p numeric(10,2), q timestamp(0) with time zone) returns int language sql as $$ select 1 $$;\n"
       "create function h(p varchar) returns int language sql as $$ select 1 $$;\n",
       "drop function f(varchar);\n"
       "comment on function g(numeric, timestamptz) is 'x';\n"
       "drop function h(varchar(255));\n"},
      {"a UNIQUE named past an index of its name",
       "create table users (id int, email text);\n"
       "create unique index users_email_key on users (lower(email));\n"
       "alter table users add unique (email);\n",
       "alter table users drop constraint users_email_key1;\n"},
      {"the indexes LIKE ... INCLUDING ALL copies",
       "create table events (\n"
       "  id bigint generated always as identity primary key,\n"
       "  kind text not null default 'x' check (kind <> ''),\n"
       "  payload jsonb,\n"
       "  created_at timestamptz not null default now()\n"
       ") with (oids = false);\n"
       "create index events_kind_idx on events (kind);\n"
       "comment on column events.kind is 'kind';\n"
       "create table events_archive (like events including all);\n"
       "create table events_stage (like events);\n"
       "create table events_copy as select id, kind, created_at from events with no data;\n"
       "select id, kind into events_old from events;\n"
       "create temp table tmp_ids as select 1 as id;\n"
       "create unlogged table cache_entries (key text primary key, value bytea);\n"
       "create table empty_t ();\n",
       "alter table events_archive drop constraint events_archive_pkey;\n"
       "alter table events_archive add column archived_at timestamptz default now();\n"
       "drop index events_archive_kind_idx;\n"
       "alter table events_archive alter column kind drop default;\n"
       "alter table events_archive drop constraint events_kind_check;\n"
       "alter table events_stage alter column kind drop not null;\n"
       "alter table events_copy add primary key (id);\n"
       "alter table events_copy alter column kind set not null;\n"
       "alter table events_old add column note text;\n"
       "alter table events_old rename column kind to event_kind;\n"
       "alter table empty_t add column id int;\n"
       "alter table cache_entries set logged;\n"},
      {"a serial made an identity: its sequence's name made again",
       "create table widgets (id serial primary key, name text);\n",
       "alter table widgets alter column id drop default;\n"
       "drop sequence widgets_id_seq;\n"
       "alter table widgets alter column id add generated by default as identity;\n"
       "alter sequence widgets_id_seq restart with 100;\n"},
      {"SET SCHEMA 'name', psql's spelling of SET search_path",
       "set search_path to app2, public;\n"
       "create schema if not exists app2;\n"
       "create table t1 (id int);\n",
       "begin;\n"
       "set local search_path to app2;\n"
       "create table t2 (id int);\n"
       "commit;\n"
       "set schema 'app2';\n"
       "create table t3 (id int);\n"
       "set search_path to \"$user\", app2;\n"
       "create table t4 (id int);\n"
       "set search_path to 'app2', 'public';\n"
       "create table t5 (id int);\n"
       "set search_path to nonexist, app2;\n"
       "create table t6 (id int);\n"
       "alter table app2.t1 add column a int;\n"
       "alter table app2.t2 add column a int;\n"
       "alter table app2.t3 add column a int;\n"
       "alter table app2.t4 add column a int;\n"
       "alter table app2.t5 add column a int;\n"
       "alter table app2.t6 add column a int;\n"},
      {"tables a DO block's EXECUTE drops",
       "create table tmp_import_a (id int);\n"
       "create table tmp_import_b (id int);\n"
       "create table keep_me (id int);\n",
       "do $$\n"
       "declare r record;\n"
       "begin\n"
       "  for r in select tablename from pg_tables where schemaname = 'public' and tablename like 'tmp\\_%' loop\n"
       "    execute format('drop table %I', r.tablename);\n"
       "  end loop;\n"
       "end $$;\n"},
      {"defaults and sequences a DROP ... CASCADE takes",
       "create table widgets (id serial primary key, name text);\n"
       "create function valid_name(t text) returns boolean language sql immutable as $$ select t <> '' $$;\n"
       "create function def_name() returns text language sql as $$ select 'x' $$;\n"
       "create table g (id int, name text default def_name() check (valid_name(name)), n2 text);\n"
       "alter table g add constraint g_n2_valid check (valid_name(n2));\n"
       "create index g_valid_idx on g (id) where valid_name(name);\n"
       "create type color as enum ('red');\n"
       "create table h (id int, c color, cs color[]);\n",
       "drop sequence widgets_id_seq cascade;\n"
       "alter table widgets alter column id add generated always as identity;\n"
       "drop function valid_name(text) cascade;\n"
       "drop function def_name() cascade;\n"
       "drop type color cascade;\n"},
  };
  check_no_wolf(cases);
}

TEST_CASE("without a shadow, the static model cries no wolf: Rails' rename_table, renamed types under functions, "
          "ALTER ROUTINE, partitioned indexes, ALTER TABLE's order, savepoints, array types") {
  const NoWolfCase cases[] = {
      {"Rails' rename_table: the serial's sequence renamed by ALTER TABLE",
       "CREATE TABLE \"users\" (\"id\" bigserial primary key, \"email\" text);\n",
       "ALTER TABLE \"users\" RENAME TO \"accounts\";\n"
       "ALTER TABLE \"public\".\"users_id_seq\" RENAME TO \"accounts_id_seq\";\n"
       "ALTER INDEX \"users_pkey\" RENAME TO \"accounts_pkey\";\n"},
      {"a function taking a renamed composite type",
       "CREATE TYPE pt AS (x int, y int);\n"
       "CREATE FUNCTION norm(p pt) RETURNS int LANGUAGE sql AS $$ SELECT p.x $$;\n",
       "ALTER TYPE pt RENAME TO point2;\n"
       "COMMENT ON FUNCTION norm(point2) IS 'n';\n"
       "GRANT EXECUTE ON FUNCTION norm(point2) TO PUBLIC;\n"
       "DROP FUNCTION norm(point2);\n"},
      {"a function of a renamed quoted schema taking its enum",
       "CREATE SCHEMA \"Billing\";\n"
       "CREATE TYPE \"Billing\".\"Kind\" AS ENUM ('a','b');\n"
       "CREATE TABLE \"Billing\".\"Inv\"(id serial PRIMARY KEY, k \"Billing\".\"Kind\");\n"
       "CREATE FUNCTION \"Billing\".\"trgF\"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
       "CREATE TRIGGER t BEFORE INSERT ON \"Billing\".\"Inv\" FOR EACH ROW EXECUTE FUNCTION \"Billing\".\"trgF\"();\n"
       "CREATE FUNCTION \"Billing\".kf(k \"Billing\".\"Kind\") RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n",
       "ALTER SCHEMA \"Billing\" RENAME TO \"Accounting\";\n"
       "ALTER FUNCTION \"Accounting\".kf(\"Accounting\".\"Kind\") RENAME TO kind_f;\n"
       "ALTER TYPE \"Accounting\".\"Kind\" RENAME VALUE 'a' TO 'A';\n"
       "ALTER SEQUENCE \"Accounting\".\"Inv_id_seq\" RENAME TO inv_seq;\n"
       "DROP TRIGGER t ON \"Accounting\".\"Inv\";\n"
       "DROP FUNCTION \"Accounting\".\"trgF\"();\n"},
      {"functions taking a renamed enum, domain or table's row type",
       "CREATE TYPE mood AS ENUM ('a','b');\n"
       "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');\n"
       "CREATE FUNCTION f_mood(m mood) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "CREATE FUNCTION f_email(e email) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "CREATE TABLE t(x int);\n"
       "CREATE FUNCTION f_arr(a t[]) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "CREATE PROCEDURE pr(m mood) LANGUAGE sql AS $$ SELECT 1 $$;\n",
       "ALTER TYPE mood RENAME TO feeling;\n"
       "ALTER DOMAIN email RENAME TO email_addr;\n"
       "ALTER TABLE t RENAME TO tt;\n"
       "CREATE OR REPLACE FUNCTION f_mood(m feeling) RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;\n"
       "ALTER FUNCTION f_email(email_addr) RENAME TO f_mail;\n"
       "CALL pr('a');\n"},
      {"DROP CONSTRAINT of a key ADD ... USING INDEX made takes its index",
       "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;\n"
       "CREATE PROCEDURE p(a int) LANGUAGE sql AS $$ SELECT 1 $$;\n",
       "ALTER ROUTINE p(int) RENAME TO p3;\n"
       "ALTER ROUTINE f(int) RENAME TO f2;\n"
       "DROP PROCEDURE p3(int);\n"
       "DROP ROUTINE f2(int);\n"},
      {"ALTER FUNCTION, PROCEDURE and ROUTINE without an argument list",
       "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;\n"
       "CREATE PROCEDURE p(a int) LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "CREATE AGGREGATE agg(int) (sfunc = int4pl, stype = int);\n",
       "ALTER FUNCTION f SET search_path = public;\n"
       "ALTER FUNCTION f SET SCHEMA public;\n"
       "ALTER PROCEDURE p RENAME TO p2;\n"
       "ALTER ROUTINE p2 RENAME TO p3;\n"
       "ALTER ROUTINE f RENAME TO f2;\n"
       "DROP PROCEDURE p3(int);\n"
       "DROP ROUTINE f2(int);\n"
       "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;\n"},
      {"ALTER ROUTINE ... SET SCHEMA",
       "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;\n"
       "CREATE SCHEMA x;\n",
       "ALTER ROUTINE f(int) SET SCHEMA x;\n"
       "DROP FUNCTION x.f(int);\n"
       "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;\n"},
      {"functions named by their arguments' other spellings",
       "CREATE FUNCTION f1(IN a int, OUT b int, OUT c text) LANGUAGE sql AS $$ SELECT a, 'x' $$;\n"
       "CREATE FUNCTION f2(a timestamptz, b double precision, c varchar(10), d bool) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "CREATE FUNCTION f3(VARIADIC a int[]) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "CREATE FUNCTION f4(a int DEFAULT 1, b text DEFAULT 'x') RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "CREATE FUNCTION f5(a int[], b numeric(10,2), c bit varying(3), d time with time zone) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n",
       "ALTER FUNCTION f1(int) RENAME TO g1;\n"
       "ALTER FUNCTION f2(timestamp with time zone, float8, character varying, boolean) RENAME TO g2;\n"
       "ALTER FUNCTION f3(int[]) RENAME TO g3;\n"
       "ALTER FUNCTION f4 RENAME TO g4;\n"
       "ALTER FUNCTION f5(integer[], numeric, varbit, timetz) RENAME TO g5;\n"
       "DROP FUNCTION g1(IN int, OUT int, OUT text);\n"
       "DROP FUNCTION g2(timestamptz, double precision, varchar, bool);\n"
       "DROP FUNCTION g3(VARIADIC int4[]);\n"
       "DROP FUNCTION g4(int4, text);\n"
       "DROP FUNCTION g5;\n"},
      {"CREATE SCHEMA's elements",
       "create schema app create table things (id int primary key, name text unique)\n"
       "  create view things_v as select id from things create index on things (name) create sequence thing_no\n"
       "  grant select on things to public;\n",
       "alter table app.things add column note text;\nalter index app.things_name_idx rename to things_by_name;\n"
       "alter table app.things rename constraint things_name_key to things_name_uniq;\n"
       "alter sequence app.thing_no restart 5;\ndrop view app.things_v;\n"},
      {"a function's argument type moved into a schema of the search path, named bare after",
       "CREATE SCHEMA s;\nCREATE TYPE s.mood AS ENUM ('a','b');\n"
       "CREATE FUNCTION s.f(m s.mood) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n",
       "ALTER TYPE s.mood SET SCHEMA public;\nALTER FUNCTION s.f(mood) SET SCHEMA public;\n"
       "ALTER FUNCTION public.f(mood) RENAME TO g;\n"},
      {"a function taking a table's row type, its quoted schema renamed, then the table moved to public",
       "CREATE SCHEMA \"Sales\";\nCREATE TABLE \"Sales\".\"Order\"(\"Id\" bigint PRIMARY KEY, \"Total\" numeric);\n"
       "CREATE FUNCTION \"Sales\".\"fTotal\"(o \"Sales\".\"Order\") RETURNS numeric LANGUAGE sql AS $$ SELECT o.\"Total\" $$;\n",
       "ALTER SCHEMA \"Sales\" RENAME TO \"Shop\";\nALTER TABLE \"Shop\".\"Order\" SET SCHEMA public;\n"
       "COMMENT ON FUNCTION \"Shop\".\"fTotal\"(\"Order\") IS 'total';\n"},
      {"a partition's matching index, attached at ATTACH PARTITION, goes with the partitioned index",
       "CREATE TABLE m(id int, v int) PARTITION BY LIST (id);\nCREATE INDEX m_v ON m(v);\n"
       "CREATE TABLE m1(id int, v int);\nCREATE INDEX m1_v ON m1(v);\n",
       "ALTER TABLE m ATTACH PARTITION m1 FOR VALUES IN (1);\nDROP INDEX m_v;\nCREATE INDEX m1_v ON m1(v);\n"},
      {"an index ALTER INDEX ... ATTACH PARTITION attached goes with the partitioned index",
       "CREATE TABLE m(id int, v int) PARTITION BY LIST (id);\nCREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);\n"
       "CREATE INDEX m1_v ON m1(v);\nCREATE INDEX m_v ON ONLY m(v);\n",
       "ALTER INDEX m_v ATTACH PARTITION m1_v;\nDROP INDEX m_v;\nCREATE INDEX m1_v ON m1(v);\n"},
      {"a LIKE table's index, attached with the table, is not missing after the partitioned index is dropped",
       "CREATE TABLE m(id int, ts date NOT NULL, v int) PARTITION BY RANGE (ts);\nCREATE INDEX m_v ON m(v);\n"
       "CREATE TABLE m_2025 (LIKE m INCLUDING DEFAULTS);\nCREATE INDEX m_2025_val ON m_2025(v);\n",
       "ALTER TABLE m ATTACH PARTITION m_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nDROP INDEX m_v;\n"},
      {"a function's argument type spelled qualified or bare by schema of the search path, renamed or moved",
       "CREATE TYPE public.mood AS ENUM ('a');\nCREATE FUNCTION public.f(m public.mood) RETURNS int LANGUAGE sql "
       "AS $$ SELECT 1 $$;\nCREATE SCHEMA s;\nCREATE TYPE s.kind AS ENUM ('a');\n"
       "CREATE FUNCTION s.g(k s.kind) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n",
       "ALTER TYPE public.mood RENAME TO feeling;\nCOMMENT ON FUNCTION f(public.feeling) IS 'f';\n"
       "COMMENT ON FUNCTION f(feeling) IS 'f';\nALTER TYPE s.kind SET SCHEMA public;\n"
       "COMMENT ON FUNCTION s.g(public.kind) IS 'g';\nALTER FUNCTION s.g(kind) RENAME TO h;\n"},
      {"arrays named by their type's array name (_mood), and a bpchar argument",
       "CREATE TYPE mood AS ENUM ('a');\nCREATE DOMAIN d AS int;\n",
       "CREATE TABLE u (m _mood, p _d);\nCREATE FUNCTION f(x _mood) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "CREATE FUNCTION h(x bpchar, y bpchar[]) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
       "COMMENT ON FUNCTION f(mood[]) IS 'f';\nCOMMENT ON FUNCTION h(character, character[]) IS 'h';\n"},
      {"a column a child repeats from its parent takes the parent's default and NOT NULL",
       "CREATE TABLE parent (a text DEFAULT 'p' NOT NULL, b int);\n",
       "CREATE TABLE child (a text, b int) INHERITS (parent);\n"},
      {"ALTER TABLE's actions in PostgreSQL's order: drops first, added columns before their attributes",
       "CREATE TABLE t(id int PRIMARY KEY, y int NOT NULL, a int, CONSTRAINT a_pos CHECK (a > 0));\n",
       "ALTER TABLE t ADD PRIMARY KEY (y), DROP CONSTRAINT t_pkey;\n"
       "ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a >= 0), DROP CONSTRAINT a_pos;\n"
       "ALTER TABLE t ALTER COLUMN x SET DEFAULT 5, ADD COLUMN x int;\n"},
      {"unnamed constraints named past any constraint of the schema, keys past any relation",
       "CREATE TABLE account(id int PRIMARY KEY, user_id int CHECK (user_id > 0) REFERENCES account(id));\n"
       "CREATE TABLE t_pkey(x int);\nCREATE TABLE users(id int PRIMARY KEY);\n",
       "CREATE TABLE account_user(id int CHECK (id > 0) REFERENCES account(id));\n"
       "ALTER TABLE account_user DROP CONSTRAINT account_user_id_check1;\n"
       "ALTER TABLE account_user DROP CONSTRAINT account_user_id_fkey1;\n"
       "CREATE TABLE t(id int PRIMARY KEY);\nALTER TABLE t DROP CONSTRAINT t_pkey1;\n"
       "ALTER TABLE users RENAME TO users_old;\nCREATE TABLE users(id int PRIMARY KEY);\n"
       "ALTER TABLE users RENAME CONSTRAINT users_pkey1 TO users_new_pkey;\n"},
      {"a dropped column a key INCLUDEs takes the key, and IF NOT EXISTS skips a key's index name",
       "CREATE TABLE t(id int, b int, c int, CONSTRAINT t_id_uq UNIQUE (id) INCLUDE (b), "
       "CONSTRAINT t_c_key UNIQUE (c));\n",
       "ALTER TABLE t DROP COLUMN b;\nALTER TABLE t ADD CONSTRAINT t_id_uq UNIQUE (id);\n"
       "CREATE INDEX IF NOT EXISTS t_c_key ON t(c);\n"},
      {"NO INHERIT, then the parent's column dropped: the child keeps it",
       "CREATE TABLE parent (a int);\nCREATE TABLE child () INHERITS (parent);\n",
       "ALTER TABLE child NO INHERIT parent;\nALTER TABLE parent DROP COLUMN a;\n"
       "ALTER TABLE child ALTER COLUMN a DROP DEFAULT;\n"},
      {"a parent's type, default, NOT NULL, rename and drop reach a partition it attached and its INHERITS children",
       "create table par (id int, x int, y text, z int);\ncreate table kid (k int) inherits (par);\n"
       "create table kid2 (x int, extra int) inherits (par);\n"
       "create table pp (id int, x int, y text) partition by list (id);\n"
       "create table pp1 partition of pp for values in (1);\ncreate table pp2 (id int, x int, y text);\n"
       "alter table pp attach partition pp2 for values in (2);\n",
       "alter table par alter column x type bigint;\nalter table par rename column y to yy;\n"
       "alter table par add column w int default 3 not null;\nalter table par alter column z set default 7;\n"
       "alter table par alter column z set not null;\nalter table par drop column x;\n"
       "alter table pp alter column x type bigint;\nalter table pp rename column y to yy;\n"
       "alter table pp add column w int default 3;\nalter table pp alter column w set not null;\n"
       "alter table only pp alter column x set default 1;\nalter table pp alter column id set default 2;\n"
       "alter table pp drop column x;\n"},
      {"a parent's dropped column stays in a child that has it LIKE another table",
       "create table par (id int, x int);\ncreate table src (x int, y int);\n"
       "create table kid (like src) inherits (par);\n",
       "alter table par drop column x;\nalter table kid alter column x set default 1;\n"},
      {"a foreign table is a table of its columns",
       "create extension if not exists postgres_fdw;\n"
       "create server pgapply_remote foreign data wrapper postgres_fdw options (dbname 'postgres');\n"
       "create foreign table ft (id int) server pgapply_remote options (table_name 'nope');\n",
       "alter foreign table ft add column n text;\nalter table ft add column m text;\n"
       "comment on column ft.n is 'n';\ncreate view fv as select id, n from ft;\n"},
      {"a ROLLBACK TO SAVEPOINT undoing what came after it", "create table s1 (id int);\n",
       "savepoint a;\ncreate table s2 (id int);\nrollback to savepoint a;\ncreate table s2 (id int, n int);\n"
       "savepoint \"B\";\nalter table s1 add column z int;\nrelease savepoint \"B\";\n"},
      {"the array type of a type", "create type mood as enum ('a');\n", "comment on type _mood is 'moods';\n"},
      {"a function or procedure dropped without its arguments, made again",
       "create function add_one(x int) returns int language sql immutable as $$ select x + 1 $$;\n"
       "create procedure noop() language sql as $$ select 1 $$;\n",
       "drop function if exists add_one;\n"
       "create function add_one(x bigint) returns bigint language sql immutable as $$ select x + 1 $$;\n"
       "drop procedure noop;\ncreate procedure noop() language sql as $$ select 2 $$;\n"},
      {"a sequence made apart, OWNED BY a column, moved with its table's SET SCHEMA",
       "create schema app;\ncreate sequence app.invoice_no_seq start 1000;\n"
       "create table app.invoices (id bigint primary key default nextval('app.invoice_no_seq'));\n"
       "alter sequence app.invoice_no_seq owned by app.invoices.id;\n",
       "create schema billing;\nalter table app.invoices set schema billing;\n"
       "comment on sequence billing.invoice_no_seq is 'numbers';\n"},
  };
  check_no_wolf(cases);
}

TEST_CASE("without a shadow, what a function of the user's may make (SELECT f(), PERFORM, CALL) is a warning, "
          "not WILL FAIL") {
  MigrationProject project;
  project.write("001_first.sql",
                "create function make_t2() returns void language plpgsql as $$ begin execute 'create table if not "
                "exists t2 (id int)'; end $$;\n"
                "create procedure make_t3() language plpgsql as $$ begin create table if not exists t3 (id int); "
                "end $$;\n"
                "create function make_t4() returns void language sql as 'create table if not exists t4 (id int)';\n");
  project.write("002_second.sql",
                "select make_t2();\ncall make_t3();\ndo $$ begin perform make_t4(); end $$;\n"
                "alter table t2 add column a int;\nalter table t3 add column a int;\n"
                "alter table t4 add column a int;\n");
  preflight_pending_then_first_applied(project, [](const auto& result) {
    CHECK_FALSE(contains(result.out, "WILL FAIL"));
    CHECK(contains(result.out, "unless dynamic SQL run earlier, which preflight cannot see, creates it"));
  });
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select count(*) from information_schema.columns where column_name = 'a' and table_name in "
                      "('t2', 't3', 't4')") == "3");
}

TEST_CASE("preflight: a backfill UPDATE is followed: the constraint after it is an error or nothing, as up finds, and "
          "the UPDATE's own values are asked about its table's rules") {
  MigrationProject project;
  apply_with_rows(project, "create table accounts (id int primary key, email text unique, plan text);\n",
                  "insert into accounts values (1, 'a@x', null), (2, 'b@x', 'pro'), (3, 'c@x', null)");
  // a backfill of some of the NULLs: SET NOT NULL fails on the rows it leaves
  project.write("002_plan.sql", "update accounts set plan = 'free' where id = 1;\n"
                                "alter table accounts alter column plan set not null;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_plan.sql:2  SET NOT NULL fails: accounts.plan holds NULL in rows of the target, as "
                             "migrations/002_plan.sql:1 leaves them (SQLSTATE 23502)"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err,
                 "002_plan.sql:2:1: ERROR:  column \"plan\" of relation \"accounts\" contains null values"));
  // of all of them, then a DELETE, then a seed INSERT of a key it freed: nothing to say, and it applies
  project.write("002_plan.sql", "update accounts as a set plan = 'free' where a.plan is null;\n"
                                "alter table accounts alter column plan set not null;\n"
                                "delete from accounts where email = 'c@x';\n"
                                "insert into accounts values (3, 'c@x', 'pro');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "may change rows"));
  CHECK_FALSE(contains(result.out, "holds NULL"));
  CHECK_FALSE(contains(result.out, "INSERT INTO accounts"));
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  // an UPDATE whose values repeat a unique key, or do not convert: it fails, at its own line
  project.write("003_email.sql", "update accounts set email = 'b@x' where id = 1;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "003_email.sql:1  UPDATE accounts fails: accounts has rows that share a value of (email) "
                             "on the target with the values it sets (SQLSTATE 23505)"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "003_email.sql:1:1: ERROR:  duplicate key value violates unique constraint"));
  project.write("003_email.sql", "update accounts set id = '1x' where id = 1;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "003_email.sql:1  UPDATE accounts fails: a value it sets does not convert to its column's "
                             "type: invalid input syntax for type integer: \"1x\" (SQLSTATE 22P02)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // a rule the run dropped before it is asked about no more (a hunt's find: the target's catalog still lists it)
  project.write("003_email.sql", "alter table accounts drop constraint accounts_email_key;\n"
                                 "update accounts set email = 'b@x' where id = 1;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "UPDATE accounts fails"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a backfill UPDATE of a table with an updated_at trigger (PL/pgSQL, or moddatetime) is followed "
          "with the column the trigger sets") {
  MigrationProject project;
  apply_with_rows(project,
                  "create extension if not exists moddatetime;\n"
                  "create table accounts (id int primary key, plan text, updated_at timestamptz);\n"
                  "create table profiles (id int primary key, bio text, changed timestamp);\n"
                  "create function touch() returns trigger language plpgsql as "
                  "$$ begin new.updated_at = timezone('utc', now()); return new; end $$;\n"
                  "create trigger accounts_touch before insert or update on accounts for each row "
                  "execute function touch();\n"
                  "create trigger profiles_touch before update on profiles for each row "
                  "execute function moddatetime(changed);\n",
                  "insert into accounts values (1, null, null), (2, 'pro', null);"
                  "insert into profiles values (1, null, null), (2, 'x', null)");
  // the backfill fills every NULL; the column the trigger sets holds none after it either
  project.write("002_fill.sql", "update accounts set plan = 'free' where plan is null;\n"
                                "alter table accounts alter column plan set not null;\n"
                                "update profiles set bio = '' where bio is null;\n"
                                "alter table profiles alter column bio set not null;\n"
                                "update accounts set plan = plan;\n"
                                "alter table accounts alter column updated_at set not null;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "may change rows"));
  CHECK_FALSE(contains(result.out, "holds NULL"));
  // a backfill of some rows: profiles.changed is NULL in the rows it leaves, and SET NOT NULL of it fails (an
  // advisory lock before it changes no rows)
  project.write("002_fill.sql", "select pg_advisory_xact_lock(42);\n"
                                "update profiles set bio = '' where id = 1;\n"
                                "alter table profiles alter column changed set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_fill.sql:3  SET NOT NULL fails: profiles.changed holds NULL in rows of the target, "
                             "as migrations/002_fill.sql:2 leaves them (SQLSTATE 23502)"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "002_fill.sql:3:1: ERROR:  column \"changed\" of relation \"profiles\" contains null"));
  project.write("002_fill.sql", "update profiles set bio = '';\n"
                                "alter table profiles alter column changed set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "holds NULL"));
  CHECK_FALSE(contains(result.out, "may change rows"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  // a seed INSERT into the table whose BEFORE INSERT trigger sets updated_at alone: its key is asked about
  project.write("003_seed.sql", "insert into accounts (id, plan) values (1, 'free');\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "003_seed.sql:1  INSERT INTO accounts fails: accounts has a row on the target with the "
                             "(id) of a row it inserts, under its primary key accounts_pkey (SQLSTATE 23505)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // a disabled trigger does not fire: the rows keep their NULL updated_at
  project.execute("alter table accounts disable trigger accounts_touch; update accounts set updated_at = null");
  project.write("003_seed.sql", "update accounts set plan = 'x';\n"
                                "alter table accounts alter column updated_at set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "003_seed.sql:2  SET NOT NULL fails: accounts.updated_at holds NULL in rows of the "
                             "target, as migrations/003_seed.sql:1 leaves them"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // one the run enables again: which triggers fire is not the catalog's to tell, a warning that says why
  project.write("003_seed.sql", "alter table accounts enable trigger accounts_touch;\n"
                                "update accounts set plan = 'x';\n"
                                "alter table accounts alter column updated_at set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(migrations/003_seed.sql:2 may change rows: the run enabled or disabled a trigger of "
                             "accounts before it; preflight cannot see which)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a SELECT of constants or an advisory lock before a check changes no rows, unless an operator "
          "or a function of the user's may stand for a built-in name in it") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int primary key, email text);\n",
                  "insert into users values (1, 'a'), (2, null)");
  project.write("002_required.sql", "select pg_advisory_xact_lock(42);\n"
                                    "select 1;\n"
                                    "alter table users alter column email set not null;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_required.sql:3  SET NOT NULL fails: users.email holds NULL in rows of the target"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // a function of the user's named as a built-in one, found first (a hunt's false alarms), or an operator the run
  // makes: a warning
  project.execute("create function public.lower(text) returns text language plpgsql as "
                  "$$ begin update users set email = 'x' where email is null; return $1; end $$");
  project.write("002_required.sql", "set search_path = public, pg_catalog;\n"
                                    "select lower('X');\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(migrations/002_required.sql:2 may change rows"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a trigger of the ledger that writes rows, or a VALIDATE of a CHECK that calls a function of "
          "the user's, may change any table's rows (a hunt's false alarms)") {
  MigrationProject project;
  apply_with_rows(project,
                  "create table users (id int primary key, email text);\n"
                  "create table t (id int);\n"
                  "create function fill() returns trigger language plpgsql as "
                  "$$ begin update users set email = 'l' where email is null; return new; end $$;\n",
                  "insert into users values (1, 'a'), (2, null)");
  // the ledger's record of 002 fires it: the SET NOT NULL of 003 finds no NULL
  project.execute("create trigger audit after insert on pgapply_migrations for each row execute function fill()");
  project.write("002_noop.sql", "select 1;\n");
  project.write("003_required.sql", "alter table users alter column email set not null;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(the ledger's record of migrations/002_noop.sql may change rows: a trigger or rule of "
                             "public.pgapply_migrations may write rows; preflight cannot see which)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  // a CHECK whose function writes rows, validated
  project.execute("drop trigger audit on pgapply_migrations; alter table users alter column email drop not null;"
                  "update users set email = null where id = 2;"
                  "create function ok(i int) returns bool language plpgsql as "
                  "$$ begin update users set email = 'k' where email is null; return true; end $$;"
                  "insert into t values (1); alter table t add constraint ck check (ok(id)) not valid;"
                  "update users set email = null where id = 2");
  project.write("004_validate.sql", "alter table t validate constraint ck;\n"
                                    "alter table users alter column email set not null;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(migrations/004_validate.sql:1 may change rows"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a statement before a check whose effect on rows it does not follow says why, as the facts "
          "collector read it") {
  MigrationProject project;
  apply_with_rows(project,
                  "create table users (id int primary key, email text);\n"
                  "create table sources (id int, email text);\n"
                  "create view users_view as select * from users;\n"
                  "create function fill() returns int language sql as $$ select 1 $$;\n",
                  "insert into users values (1, 'a'), (2, null); insert into sources values (2, 'b')");
  for (const auto& [fill, why] : std::vector<std::pair<std::string, std::string>>{
           {"update users set email = s.email from sources s where users.id = s.id;",
            "its FROM reads other tables' rows"},
           {"update users set email = (select email from sources where id = users.id);", "its SET holds a subquery"},
           {"update users set email = md5(random()::text) where email is null;",
            "its SET calls random, a volatile function, which gives each row its own value"},
           {"merge into users u using sources s on u.id = s.id when matched then update set email = s.email;",
            "preflight does not follow a MERGE"},
           {"insert into users select id + 10, email from sources;",
            "preflight follows an INSERT ... VALUES that calls none of the user's functions, not an INSERT ... "
            "SELECT or one with a WITH query"},
           {"select fill();", "it calls a function of the user's, which may write rows"},
           {"do $$ begin execute 'update users set email = ''x'' where email is null'; end $$;",
            "a DO block runs dynamic SQL (EXECUTE) or a function of the user's, which may write rows"},
           // (a second hunt's: these said no reason, or one that was not the reason)
           {"update users_view set email = 'x' where email is null;",
            "it names no plain table of the target's: a view, or a table the run made"},
           {"insert into users values (3, 'c') on conflict (id) do update set email = excluded.email;",
            "its ON CONFLICT DO UPDATE changes rows preflight does not follow"},
           {"alter table sources alter column email type varchar(50) using email::varchar(50);",
            "ALTER COLUMN ... TYPE writes each row's value anew"},
           {"create rule r as on insert to sources do also update users set email = 'r';",
            "a rule may make an INSERT, UPDATE or DELETE change other rows"},
           {"create function g() returns int language sql as 'select 1';\n"
            "update users set email = 'x' where id = 1;",
            "the run made or replaced a function or procedure before it, which something may call unseen"},
           {"update users * set email = 'x' where id = 1;",
            "preflight does not read what comes between its table and its SET"}}) {
    project.write("002_fill.sql", fill + "\n");
    project.write("003_required.sql", "alter table users alter column email set not null;\n");
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    const std::string line = contains(fill, "\nupdate") ? "2" : "1";
    CHECK(contains(result.out, "(migrations/002_fill.sql:" + line + " may change rows: " + why +
                                   "; preflight cannot see which)"));
  }
  // a GRANT or REVOKE, a plain EXPLAIN, or a sequence's nextval or setval, changes none: the check after it is certain
  project.write("002_fill.sql", "grant select on users to public;\nrevoke select on sources from public;\n"
                                "explain select * from sources;\ncreate sequence ticket_seq;\n"
                                "select nextval('ticket_seq');\nselect setval('ticket_seq', 100);\n");
  auto granted = project.pgapply({"preflight", "--no-shadow"});
  INFO(granted.out, granted.err);
  CHECK(granted.status == 4);
  CHECK(contains(granted.out, "003_required.sql:1  SET NOT NULL fails: users.email holds NULL in rows of the target"));
  // (each of them does fill the NULL, or might have: up applies the first)
  project.write("002_fill.sql", "update users set email = s.email from sources s where users.id = s.id;\n");
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a column the run adds, filled by an UPDATE that misses rows, then SET NOT NULL, fails on the "
          "target's rows as up then does") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int primary key, name text);\n",
                  "insert into users select g, case when g % 3 = 0 then null else 'u' || g end "
                  "from generate_series(1, 30) g");
  // a backfill from a column that holds NULL in some rows
  project.write("002_slug.sql", "alter table users add column slug text;\n"
                                "update users set slug = lower(name);\n"
                                "alter table users alter column slug set not null;\n");
  auto result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_slug.sql:3  SET NOT NULL fails: users.slug holds NULL in rows of the target, as "
                             "migrations/002_slug.sql:2 leaves them (SQLSTATE 23502)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // one that fills every row, and a key over it whose values are then unique: it applies
  project.write("002_slug.sql", "alter table users add column slug text;\n"
                                "update users set slug = coalesce(lower(name), 'user-' || id);\n"
                                "alter table users alter column slug set not null;\n"
                                "alter table users add constraint users_slug_key unique (slug);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "fails"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  // a column added with a constant DEFAULT, under a UNIQUE: every row holds the same value
  project.write("003_tier.sql", "alter table users add column tier text default 'free';\n"
                                "create unique index users_tier on users (tier);\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "users has rows that share a value of (tier) on the target, as "
                             "migrations/003_tier.sql:1 leaves them (SQLSTATE 23505)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
}

TEST_CASE("preflight: a backfill UPDATE of a partitioned table is followed over its partitions: SET NOT NULL after it "
          "is an error or nothing, as up finds") {
  MigrationProject project;
  apply_with_rows(project, "create table events (id int, region text, note text) partition by list (region);\n"
                           "create table events_eu partition of events for values in ('eu');\n"
                           "create table events_us partition of events for values in ('us');\n",
                  "insert into events values (1, 'eu', null), (2, 'us', null), (3, 'us', 'x')");
  // of one partition's rows alone: the other's NULL is left
  project.write("002_note.sql", "update events set note = '' where note is null and region = 'eu';\n"
                                "alter table events alter column note set not null;\n");
  auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_note.sql:2  SET NOT NULL fails: events.note holds NULL in rows of the target, as "
                             "migrations/002_note.sql:1 leaves them (SQLSTATE 23502)"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "002_note.sql:2:1: ERROR:  column \"note\" of relation \"events_us\" contains null "
                             "values"));
  // of all of them: nothing to say, and it applies
  project.write("002_note.sql", "update events set note = '' where note is null;\n"
                                "alter table events alter column note set not null;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "holds NULL"));
  CHECK_FALSE(contains(result.out, "may change rows"));
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
}

TEST_CASE("preflight: a backfill UPDATE of a table whose audit trigger adds rows to a log is followed, and a check of the "
          "log after it counts those rows, and rows added fix none that fail a check") {
  MigrationProject project;
  apply_with_rows(project,
                  "create table audit_log (id bigserial primary key, op text, tbl text, data jsonb);\n"
                  "create table accounts (id int primary key, note text);\n"
                  "create function audit() returns trigger language plpgsql as $$\n"
                  "begin\n"
                  "  insert into audit_log (op, tbl, data) values (tg_op, tg_table_name, to_jsonb(new));\n"
                  "  return new;\n"
                  "end $$;\n"
                  "create trigger accounts_audit after insert or update or delete on accounts\n"
                  "  for each row execute function audit();\n",
                  "insert into accounts values (1, null), (2, 'x');\n"
                  "insert into audit_log (op) values (null)");
  // a backfill that misses the NULL: an error, as up finds
  project.write("002_note.sql", "update accounts set note = '' where id = 2;\n"
                                "alter table accounts alter column note set not null;\n");
  auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_note.sql:2  SET NOT NULL fails: accounts.note holds NULL in rows of the target, as "
                             "migrations/002_note.sql:1 leaves them (SQLSTATE 23502)"));
  CHECK(project.pgapply({"up", "--no-verify"}).status != 0);
  // one that fills it: nothing to say of accounts; the log's own NULL stays, whatever rows the trigger adds
  project.write("002_note.sql", "update accounts set note = '' where note is null;\n"
                                "alter table accounts alter column note set not null;\n"
                                "alter table audit_log alter column op set not null;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK_FALSE(contains(result.out, "accounts.note holds NULL"));
  CHECK(contains(result.out, "002_note.sql:3  SET NOT NULL fails: audit_log.op holds NULL in rows of the target"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "002_note.sql:3:1: ERROR:  column \"op\" of relation \"audit_log\" contains null"));
  project.write("002_note.sql", "update accounts set note = '' where note is null;\n"
                                "alter table accounts alter column note set not null;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK_FALSE(contains(result.out, "may change rows"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: rows an INSERT ... SELECT of the target's rows adds hold NULL in a column it leaves out: a "
          "SET NOT NULL after it warns (the shadow has no row to add), unless something fills them first") {
  MigrationProject project;
  apply_with_rows(project, "create table users (id int primary key, name text not null);\n"
                           "create table legacy_users (id int, name text);\n",
                  "insert into users values (1, 'Ann'), (2, 'Bob');\n"
                  "insert into legacy_users values (10, 'Cy')");
  // a backfill of every row the target has, then rows copied in without the new column
  project.write("002_slug.sql", "alter table users add column slug text;\n"
                                "update users set slug = lower(name);\n"
                                "insert into users (id, name) select id, name from legacy_users;\n"
                                "alter table users alter column slug set not null;\n");
  auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "002_slug.sql:4  SET NOT NULL fails if the INSERT at migrations/002_slug.sql:3 added a "
                             "row: it sets no value for users.slug, which has no DEFAULT, so each row it adds holds "
                             "NULL there (SQLSTATE 23502; preflight cannot see how many rows its query gives)"));
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status != 0);
  CHECK(contains(result.err, "002_slug.sql:4:1: ERROR:  column \"slug\" of relation \"users\" contains null values"));
  // the copy sets it, or a second backfill fills what it added: nothing to say, and it applies
  for (const char* fix : {"insert into users (id, name, slug) select id, name, lower(name) from legacy_users;\n",
                          "insert into users (id, name) select id, name from legacy_users;\n"
                          "update users set slug = lower(name) where slug is null;\n"}) {
    project.write("002_slug.sql", std::string("alter table users add column slug text;\n"
                                              "update users set slug = lower(name);\n") +
                                      fix + "alter table users alter column slug set not null;\n");
    result = project.pgapply({"preflight"});
    INFO(fix, result.out, result.err);
    CHECK(result.status == 0);
    CHECK_FALSE(contains(result.out, "SET NOT NULL fails"));
  }
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
}

TEST_CASE("preflight: a GRANT that fires an event trigger, a VALIDATE of a CHECK the run added NOT VALID, a "
          "materialized view and an EXCLUDE that call a function that writes rows may change rows (a hunt's false "
          "alarms)") {
  const std::string writer = "create function wr(x int) returns int language plpgsql as $$ begin "
                             "update t set c = 'x' where c is null; return x; end $$;\n"
                             "create function wri(x int) returns int language plpgsql immutable as "
                             "$$ begin return wr(x); end $$;\n";
  for (const auto& [target, middle] : std::vector<std::pair<std::string, std::string>>{
           {"create function etf() returns event_trigger language plpgsql as "
            "$$ begin update t set c = 'x' where c is null; end $$;\n"
            "create event trigger e on ddl_command_end when tag in ('GRANT') execute function etf();\n",
            "grant select on t to public;\n"},
           {writer, "alter table o add constraint ck check (wr(a) > 0) not valid;\n"
                    "alter table o validate constraint ck;\n"},
           {writer, "create materialized view mv as select wr(1);\n"},
           {writer, "alter table o add constraint ex exclude using btree (wri(a) with =);\n"}}) {
    INFO(target, middle);
    MigrationProject project;
    apply_with_rows(project, "create table t (id int, c text);\ncreate table o (a int);\n" + target,
                    "insert into t values (1, null); insert into o values (1)");
    project.write("002_fill.sql", middle + "alter table t alter column c set not null;\n");
    const auto result = project.pgapply({"preflight", "--no-shadow"});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK(contains(result.out, "SET NOT NULL fails unless what runs before it fills them"));
    CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  }
}

TEST_CASE("preflight on the shadow: a type change PostgreSQL rewrites no row for blocks nothing (to citext, to a "
          "domain over text, a COLLATE, varchar to text USING a cast, timestamp to timestamptz in UTC), one whose "
          "index it rebuilds or whose rows it rewrites blocks (a hunt's false WILL BLOCKs)") {
  MigrationProject project;
  project.write("001_items.sql", "create extension citext;\n"
                                 "create domain label as text;\n"
                                 "create table items (id bigint primary key, name text, note text, code varchar(20),\n"
                                 "  tag text, at timestamp, tagged text);\n"
                                 "create index items_tagged on items (tagged);\n");
  const ProcessOptions utc{{{"PGTZ", "UTC"}}, {}, {}, {}, std::chrono::seconds{120}};
  REQUIRE(project.pgapply({"up", "--no-verify"}, utc).status == 0);
  project.execute("insert into items select g, 'n', 'x', 'c', 't', now(), 'g' from generate_series(1, 120000) g;"
                  "analyze items");
  project.write("002_items.sql", "alter table items alter column name type citext;\n"
                                 "alter table items alter column note type label;\n"
                                 "alter table items alter column code type text using code::text;\n"
                                 "alter table items alter column tag type text collate \"C\";\n"
                                 "alter table items alter column at type timestamptz;\n");
  auto result = project.pgapply({"preflight"}, utc);
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(the table kept its file when the migration ran on the shadow: PostgreSQL rewrites no "
                             "row)"));
  CHECK_FALSE(contains(result.out, "WILL BLOCK"));
  // Static alone, without PostgreSQL's answer, they block (the static facts call them rewrites).
  CHECK(project.pgapply({"preflight", "--no-shadow"}, utc).status == 4);
  // In another TimeZone, timestamp to timestamptz rewrites every row.
  result = project.pgapply({"preflight"}, {{{"PGTZ", "America/New_York"}}, {}, {}, {}, std::chrono::seconds{120}});
  CHECK(result.status == 4);
  CHECK(contains(result.out, "WILL BLOCK"));
  // An indexed column's index is rebuilt for citext (another operator class): every row is read.
  project.write("002_items.sql", "alter table items alter column tagged type citext;\n");
  result = project.pgapply({"preflight"}, utc);
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "rewrites nothing (the table kept its file when the migration ran on the shadow), but "
                             "rebuilds index items_tagged, reading every row under ACCESS EXCLUSIVE"));
  // bigint to int rewrites every row on the shadow as on the target.
  project.write("002_items.sql", "alter table items alter column id type int;\n");
  result = project.pgapply({"preflight"}, utc);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "rewrites items"));
  // What preflight let through applies.
  project.write("002_items.sql", "alter table items alter column name type citext;\n"
                                 "alter table items alter column at type timestamptz;\n");
  CHECK(project.pgapply({"up", "--no-verify"}, utc).status == 0);
}

TEST_CASE("preflight: a rewrite no other rule covers blocks a large table (SET LOGGED, SET TABLESPACE, CLUSTER, "
          "ADD COLUMN of the target's domain with a CHECK), unless the shadow shows it rewrote nothing") {
  MigrationProject project;
  project.write("001_t.sql", "create domain positive as int check (value > 0);\n"
                             "create unlogged table cache (id bigint primary key, v text);\n"
                             "create table events (id bigint primary key, v text);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into cache select g, 'v' from generate_series(1, 120000) g; analyze cache;"
                  "insert into events select g, 'v' from generate_series(1, 120000) g; analyze events");
  for (const auto& [change, finding] : std::vector<std::pair<std::string, std::string>>{
           {"alter table cache set logged;\n", "lint rewriting-table: SET LOGGED rewrites cache under ACCESS EXCLUSIVE "
                                               "(on cache: ~120,000 rows"},
           {"alter table events set tablespace pg_default, set unlogged;\n",
            "lint rewriting-table: SET UNLOGGED rewrites events under ACCESS EXCLUSIVE (on events: ~120,000 rows"},
           {"cluster events using events_pkey;\n",
            "lint rewriting-table: CLUSTER rewrites the table under ACCESS EXCLUSIVE (on events: ~120,000 rows"},
           // (a constant EXECUTE, which lint reads and preflight's static pass does not: sized all the same)
           {"do $$ begin execute 'alter table events set unlogged'; end $$;\n",
            "lint rewriting-table: SET UNLOGGED rewrites events under ACCESS EXCLUSIVE (on events: ~120,000 rows"},
           {"alter table events add column n positive;\n",
            "lint adding-field-with-default: ADD COLUMN n to events: its type positive is a domain with constraints "
            "(the database's), checked for every row, rewriting the table (on events: ~120,000 rows"}}) {
    project.write("002_t.sql", change);
    const auto result = project.pgapply({"preflight"});
    INFO(result.out, result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.out, "WILL BLOCK"));
    CHECK(contains(result.out, finding));
  }
  // SET LOGGED of a table that is logged already: PostgreSQL leaves its file, the shadow shows it
  project.write("002_t.sql", "alter table events set logged;\n");
  auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "lint rewriting-table: SET LOGGED rewrites events under ACCESS EXCLUSIVE (the table kept "
                             "its file when the migration ran on the shadow: PostgreSQL rewrites no row)"));
  // Without a shadow, the target's catalog says so: logged already; once the run set it, no longer known
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "lint rewriting-table: SET LOGGED rewrites events under ACCESS EXCLUSIVE (the table is "
                             "logged already: PostgreSQL rewrites no row)"));
  project.write("002_t.sql", "alter table events set unlogged;\nalter table events set logged;\n"
                             "alter table cache set unlogged;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "002_t.sql:2  lint rewriting-table: SET LOGGED rewrites events under ACCESS EXCLUSIVE "
                             "(on events"));
  CHECK(contains(result.out, "002_t.sql:3  lint rewriting-table: SET UNLOGGED rewrites cache under ACCESS EXCLUSIVE "
                             "(the table is unlogged already: PostgreSQL rewrites no row)"));
  project.write("002_t.sql", "alter table events set access method heap;\n");
  result = project.pgapply({"preflight", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "lint rewriting-table: SET ACCESS METHOD rewrites events under ACCESS EXCLUSIVE (the "
                             "table uses access method heap already: PostgreSQL rewrites no row)"));
  // lint-ignore with a reason accepts the rewrite
  project.write("002_t.sql", "-- pgapply: lint-ignore rewriting-table the cache is rebuilt at night\n"
                             "alter table cache set logged;\n");
  CHECK(project.pgapply({"preflight"}).status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: SET TABLESPACE is judged by the target's tablespace of the table (the shadow's copy has "
          "none): to where it is moves nothing, out of it blocks a large table") {
  MigrationProject project;
  // (a session of its own each: CREATE TABLESPACE runs in no transaction block)
  project.execute("alter database " + project.database().name() + " set allow_in_place_tablespaces = on");
  project.execute("create tablespace pgapply_moved_space location ''");
  project.write("001_t.sql", "create table big (id bigint primary key, v text) tablespace pgapply_moved_space;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into big select g, 'v' from generate_series(1, 120000) g; analyze big");
  project.write("002_t.sql", "alter table big set tablespace pgapply_moved_space;\n");
  auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "lint rewriting-table: SET TABLESPACE rewrites big under ACCESS EXCLUSIVE (the table is "
                             "in tablespace pgapply_moved_space already: PostgreSQL moves no file)"));
  project.write("002_t.sql", "alter table big set tablespace pg_default;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "lint rewriting-table: SET TABLESPACE rewrites big under ACCESS EXCLUSIVE (on big: "
                             "~120,000 rows"));
  project.execute("drop table big");
  project.execute("drop tablespace pgapply_moved_space");
}

TEST_CASE("preflight: a type change of a referenced key locks the referencing tables and, where the key's equality "
          "changes (integer to bigint), scans them, but not where it stays (varchar to text), nor a key the run dropped") {
  MigrationProject project;
  project.write("001_t.sql", "create table users (id int primary key, email varchar(50) unique);\n"
                             "create table orders (id bigint primary key, user_id int references users);\n"
                             "create table notes (id bigint primary key, email varchar(50) references users (email));\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into users select g, 'e' || g from generate_series(1, 200) g;"
                  "insert into orders select g, 1 + g % 200 from generate_series(1, 120000) g;"
                  "insert into notes select g, 'e' || (1 + g % 200) from generate_series(1, 120000) g; analyze");
  project.write("002_t.sql", "alter table users alter column id type bigint;\n"
                             "alter table users alter column email type text;\n");
  auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "002_t.sql:1  column users.id (set type) scans orders (~120,000 rows"));
  CHECK(contains(result.out, "PostgreSQL re-creates the foreign key orders_user_id_fkey of orders on users.id and "
                             "checks every row of orders again, as the key's equality changes with the type (integer "
                             "to bigint)"));
  CHECK(contains(result.out, "002_t.sql:2  notes (~120,000 rows"));
  CHECK(contains(result.out, "is locked ACCESS EXCLUSIVE (blocks reads and writes) by column users.email (set type)"));
  CHECK_FALSE(contains(result.out, "scans notes"));
  // users is small, but the type change reads orders under its lock: lint's finding blocks on orders
  CHECK(result.status == 4);
  CHECK(contains(result.out, "lint changing-column-type: ALTER COLUMN id of users TYPE bigint (and PostgreSQL reads "
                             "every row of orders to check a foreign key again: ~120,000 rows"));
  // The same equality, but another type change of the ALTER TABLE rewrites users: the key is checked again
  project.write("002_t.sql", "alter table users alter column email type text, alter column id type bigint;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "checks every row of notes again, as the ALTER TABLE rewrites users"));
  // A table renamed first, a key the run made: followed
  project.write("002_t.sql", "alter table orders rename to orders2;\n"
                             "alter table notes add constraint notes_id_fk foreign key (id) references users not valid;\n"
                             "alter table notes validate constraint notes_id_fk;\n"
                             "alter table users alter column id type bigint;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "002_t.sql:4  column users.id (set type) scans orders2 (~120,000 rows"));
  CHECK(contains(result.out, "002_t.sql:4  column users.id (set type) scans notes (~120,000 rows"));
  // ... in either order (judged before either applies)
  project.write("002_t.sql", "alter table users alter column id type bigint, alter column email type text;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "checks every row of notes again, as the ALTER TABLE rewrites users"));
  // A key dropped and added again NOT VALID, a table a TRUNCATE emptied: no row read
  project.write("002_t.sql", "alter table orders drop constraint orders_user_id_fkey;\n"
                             "alter table orders add constraint orders_user_id_fkey foreign key (user_id) references "
                             "users not valid;\n"
                             "truncate notes;\n"
                             "alter table users alter column id type bigint, alter column email type text;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK_FALSE(contains(result.out, "scans orders"));
  CHECK_FALSE(contains(result.out, "scans notes"));
  // SET UNLOGGED rewrites users in the same ALTER TABLE: the key is checked again
  project.write("002_t.sql", "alter table users alter column email type text, set unlogged;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "checks every row of notes again, as the ALTER TABLE rewrites users"));
  // To a domain over its type: compared as the base type, no row read
  project.write("002_t.sql", "create domain user_id as int;\nalter table users alter column id type user_id;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK_FALSE(contains(result.out, "scans orders"));
  CHECK(contains(result.out, "002_t.sql:2  orders (~120,000 rows"));
  // The key dropped first: nothing of orders' is read or locked
  project.write("002_t.sql", "alter table orders drop constraint orders_user_id_fkey;\n"
                             "alter table users alter column id type bigint;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK_FALSE(contains(result.out, "scans orders"));
  CHECK_FALSE(contains(result.out, "orders_user_id_fkey of orders"));
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight: a type change of a referencing column locks the referenced table ACCESS EXCLUSIVE while it "
          "re-creates the key (whose check may probe the referenced table by its index: no scan said)") {
  MigrationProject project;
  project.write("001_t.sql", "create table users (id bigint primary key, email text unique);\n"
                             "create table orders (id bigint primary key, user_id int references users,\n"
                             "  email varchar(50) references users (email));\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into users select g, 'e' || g from generate_series(1, 120000) g;"
                  "insert into orders select g, g, 'e' || g from generate_series(1, 200) g; analyze");
  project.write("002_t.sql", "alter table orders alter column user_id type bigint;\n"
                             "alter table orders alter column email type text;\n");
  const auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "002_t.sql:1  users (~120,000 rows"));
  CHECK(contains(result.out, "is locked ACCESS EXCLUSIVE (blocks reads and writes) by column orders.user_id (set "
                             "type)"));
  CHECK_FALSE(contains(result.out, "scans users"));
  CHECK(result.status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}

TEST_CASE("preflight on the shadow: a partitioned table's type change is read on its partitions, whose files and "
          "indexes say whether it rewrites or rebuilds") {
  MigrationProject project;
  project.write("001_t.sql", "create extension citext;\n"
                             "create table m (id bigint, c text, d text) partition by range (id);\n"
                             "create table m1 partition of m for values from (0) to (100000);\n"
                             "create table m2 partition of m for values from (100000) to (1000000);\n"
                             "create index m_c on m (c);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into m select g, g::text, g::text from generate_series(1, 150000) g; analyze m1; analyze m2");
  // no index over d: the partitions keep their files
  project.write("002_t.sql", "alter table m alter column d type citext;\n");
  auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "(the table kept its file when the migration ran on the shadow: PostgreSQL rewrites no "
                             "row)"));
  // c's index on each partition is rebuilt for citext: every row read
  project.write("002_t.sql", "alter table m alter column c type citext;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "rewrites nothing (the table kept its file when the migration ran on the shadow), but "
                             "rebuilds ind"));
  // bigint to int rewrites the partitions
  project.write("002_t.sql", "alter table m alter column id type int;\n");
  result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK_FALSE(contains(result.out, "kept its file"));
}

TEST_CASE("preflight on the shadow: a table renamed in the same file is still the table whose file it kept, an index "
          "dropped after the type change was rebuilt first, an expression index is rebuilt where the type change "
          "rewrites no row (a hunt's finds)") {
  MigrationProject project;
  project.write("001_t.sql", "create extension citext;\n"
                             "create table t (id bigint primary key, c text, d text, v varchar(10));\n"
                             "create index t_c_idx on t (c);\n"
                             "create index t_lower_v on t (lower(v));\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.execute("insert into t select g, g::text, g::text, 'v' from generate_series(1, 120000) g; analyze t");
  for (const std::string change : {"alter table t rename to t2;\nalter table t2 alter column d type text collate \"C\";\n",
                                   "alter table t alter column d type text collate \"C\";\nalter table t rename to t2;\n"}) {
    project.write("002_t.sql", change);
    const auto result = project.pgapply({"preflight"});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK(contains(result.out, "(the table kept its file when the migration ran on the shadow: PostgreSQL rewrites "
                               "no row)"));
  }
  for (const std::string change : {"alter table t alter column c type citext;\ndrop index t_c_idx;\n",
                                   "alter table t alter column c type citext;\nalter table t rename c to c2;\n"}) {
    project.write("002_t.sql", change);
    const auto result = project.pgapply({"preflight"});
    INFO(result.out, result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.out, "but rebuilds index t_c_idx, reading every row under ACCESS EXCLUSIVE"));
  }
  // varchar(10) to varchar(20) keeps the rows, but not an expression index over them
  project.write("002_t.sql", "alter table t alter column v type varchar(20);\n");
  const auto result = project.pgapply({"preflight"});
  INFO(result.out, result.err);
  CHECK(contains(result.out, "scans t (~120,000 rows"));
  CHECK(contains(result.out, "but rebuilds index t_lower_v, reading every row under ACCESS EXCLUSIVE"));
  // an index dropped before the type change is gone, not rebuilt
  for (const std::string drop : {"drop index t_c_idx;\n", "alter index t_c_idx rename to t_c_old;\ndrop index t_c_old;\n"}) {
    project.write("002_t.sql", drop + "alter table t alter column c type citext;\n");
    const auto dropped_first = project.pgapply({"preflight"});
    INFO(dropped_first.out, dropped_first.err);
    CHECK_FALSE(contains(dropped_first.out, "rebuilds index t_c_idx"));
    CHECK(contains(dropped_first.out, "(the table kept its file when the migration ran on the shadow: PostgreSQL "
                                      "rewrites no row)"));
  }
  // dropped and made again: the new one is rebuilt
  project.write("002_t.sql", "drop index t_c_idx;\ncreate index t_c_idx on t (c);\n"
                             "alter table t alter column c type citext;\n");
  const auto made_again = project.pgapply({"preflight"});
  INFO(made_again.out, made_again.err);
  CHECK(contains(made_again.out, "but rebuilds index t_c_idx, reading every row under ACCESS EXCLUSIVE"));
  project.write("002_t.sql", "alter table t alter column v type varchar(20);\n");
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
}
