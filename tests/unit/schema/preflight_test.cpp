#include "schema/preflight.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>

#include "schema_fixtures.hpp"

using namespace pgapply::schema;
using namespace schema_fixtures;
using pgapply::ddl::ObjectKind;

namespace {

// The example database before 005: users without the preference columns, no prices_day_idx.
CatalogSnapshot before_005() {
  CatalogSnapshot catalog = example_database();
  relation(catalog, "users") = users_table();
  relation(catalog, "users").row_estimate = 1204;
  relation(catalog, "prices").indexes.clear();
  return catalog;
}

PreflightInput input_for(std::vector<MigrationFacts> migrations) {
  PreflightInput input;
  input.settings_source = "DATABASE_URL from .env";
  input.target = "postgresql://app:***@db.internal:5432/app";
  input.ledger = "public.pgapply_migrations";
  input.applied = 4;
  for (auto& migration : migrations) input.pending.push_back({std::move(migration), {"in_transaction", "in a transaction", ""}, {}});
  return input;
}

// The preflight of one pending file of `text` (007_pending.sql) against `catalog`.
MigrationPreflight preflight_one(const CatalogSnapshot& catalog, const std::string& text) {
  return preflight(catalog, input_for({migration("007_pending.sql", text)})).migrations.at(0);
}

const KindCount* count_of(const MigrationPreflight& migration, ObjectKind kind) {
  for (const auto& count : migration.counts) {
    if (count.kind == kind) return &count;
  }
  return nullptr;
}

const ObjectRow* row_of(const MigrationPreflight& migration, const std::string& object) {
  for (const auto& row : migration.objects) {
    if (row.object == object) return &row;
  }
  return nullptr;
}

std::string findings_text(const MigrationPreflight& migration) {
  std::string out;
  for (const auto& finding : migration.findings) {
    out += std::string(to_string(finding.severity)) + " " + finding.location + " " + finding.message + "\n";
  }
  return out;
}

const Finding* finding_with(const MigrationPreflight& migration, Severity severity, const std::string& part) {
  for (const auto& finding : migration.findings) {
    if (finding.severity == severity && finding.message.find(part) != std::string::npos) return &finding;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("preflight: 005 adds the four user-preference columns to a database that lacks them") {
  const auto result = preflight(before_005(), input_for({example("005_user_preferences.sql")}));
  REQUIRE(result.migrations.size() == 1);
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::ok);
  CHECK_FALSE(result.will_fail);
  const KindCount* columns = count_of(m, ObjectKind::column);
  REQUIRE(columns != nullptr);
  CHECK(columns->declared == 4);
  CHECK(columns->existing == 0);
  CHECK(columns->table == "users");
  CHECK(columns->to_create == std::vector<std::string>{"max_reports", "email_digest", "timezone", "theme"});
  const ObjectRow* theme = row_of(m, "users.theme");
  REQUIRE(theme != nullptr);
  CHECK(theme->state == ObjectState::will_create);
  CHECK(theme->location == "migrations/005_user_preferences.sql:37");
  // the comment on a column the same migration adds finds it
  bool comment = false;
  for (const auto& row : m.objects) {
    if (row.kind == ObjectKind::comment) {
      comment = true;
      CHECK(row.object == "users.max_reports");
      CHECK(row.state == ObjectState::will_change);
    }
  }
  CHECK(comment);
  REQUIRE(m.tables.size() == 1);
  CHECK(m.tables[0].table == "users");
  CHECK(m.tables[0].lock == pgapply::ddl::LockMode::access_exclusive);
  CHECK(m.tables[0].row_estimate == 1204);
  CHECK_FALSE(m.tables[0].large);
}

TEST_CASE("preflight: 005 against a database that has the columns skips them, and flags one that differs") {
  auto catalog = example_database();
  const auto result = preflight(catalog, input_for({example("005_user_preferences.sql")}));
  const auto& m = result.migrations[0];
  const KindCount* columns = count_of(m, ObjectKind::column);
  REQUIRE(columns != nullptr);
  CHECK(columns->existing == 4);
  CHECK(columns->to_create.empty());
  CHECK(row_of(m, "users.timezone")->state == ObjectState::exists_as_declared);
  CHECK(m.verdict == Verdict::ok);

  for (auto& c : relation(catalog, "users").columns) {
    if (c.name == "theme") {
      c.type = "text";
      c.default_expression = "'dark'::text";
    }
  }
  const auto conflict = preflight(catalog, input_for({example("005_user_preferences.sql")}));
  const auto& c = conflict.migrations[0];
  const ObjectRow* theme = row_of(c, "users.theme");
  REQUIRE(theme != nullptr);
  CHECK(theme->state == ObjectState::exists_different);
  CHECK(theme->detail.find("type is text, declared character varying(20)") != std::string::npos);
  CHECK(count_of(c, ObjectKind::column)->different == std::vector<std::string>{"theme"});
  CHECK(c.verdict == Verdict::warnings);
  CHECK_FALSE(conflict.will_fail);
  CHECK(finding_with(c, Severity::warning, "column users.theme (add) is skipped") != nullptr);
}

TEST_CASE("preflight: an ALTER of a table that does not exist will fail") {
  auto catalog = empty_database();
  const auto result = preflight(catalog, input_for({example("005_user_preferences.sql")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(result.will_fail);
  CHECK(result.verdict == Verdict::will_fail);
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(row_of(m, "users.max_reports")->state == ObjectState::dependency_missing);
  const Finding* error = finding_with(m, Severity::error, "table users does not exist");
  REQUIRE(error != nullptr);
  CHECK(error->location == "migrations/005_user_preferences.sql:16");
  CHECK(error->message.find("column users.max_reports (add) fails") == 0);
}

TEST_CASE("preflight: what a partition may have from its parent is not missing, what a table cannot have is") {
  const auto result = preflight(
      empty_database(),
      input_for({migration("001_parts.sql",
                           "create table ev (id int, at date, primary key (id, at)) partition by range (at);\n"
                           "create table ev_1 partition of ev for values from ('2026-01-01') to ('2027-01-01');\n"
                           "create table plain (id int primary key);\n"
                           "alter index ev_1_pkey rename to ev_1_pk;\nalter table ev_1 disable trigger cloned;\n"
                           "alter index plain_id_idx rename to plain_idx;\nalter table plain disable trigger nope;\n")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(finding_with(m, Severity::error, "ev_1_pkey") == nullptr);
  CHECK(finding_with(m, Severity::error, "cloned") == nullptr);
  CHECK(finding_with(m, Severity::error, "index plain_id_idx (rename to plain_idx) fails") != nullptr);
  CHECK(finding_with(m, Severity::error, "trigger nope on plain (disable) fails") != nullptr);
}

TEST_CASE("preflight: earlier pending migrations create what later ones alter") {
  const auto result = preflight(empty_database(), input_for(example_migrations()));
  REQUIRE(result.migrations.size() == 6);
  for (const auto& m : result.migrations) {
    INFO(m.file_name, "\n", findings_text(m));
    CHECK(m.verdict == Verdict::ok);
  }
  CHECK_FALSE(result.will_fail);
  // 005 finds the users table 001 creates: empty, so nothing is large
  const auto& m005 = result.migrations[4];
  REQUIRE(m005.tables.size() == 1);
  CHECK(m005.tables[0].created_by_run);
  CHECK(count_of(m005, ObjectKind::column)->to_create.size() == 4);
  // 001's counts
  const KindCount* tables = count_of(result.migrations[0], ObjectKind::table);
  REQUIRE(tables != nullptr);
  CHECK(tables->to_create == std::vector<std::string>{"users", "tickers", "articles", "prices"});
  CHECK(result.minimum_server_version == 100000);  // identity columns
}

TEST_CASE("preflight: CREATE without IF NOT EXISTS of an existing object fails, IF NOT EXISTS skips it") {
  auto catalog = empty_database();
  catalog.relations.push_back(table("t", {column("a", "integer", false)}));
  const auto plain = preflight(catalog, input_for({migration("010_t.sql", "CREATE TABLE t (a int, b text);\n")}));
  const auto& p = plain.migrations[0];
  CHECK(plain.will_fail);
  CHECK(row_of(p, "t")->state == ObjectState::already_exists);
  CHECK(finding_with(p, Severity::error, "table t (create) fails: it already exists") != nullptr);
  CHECK(row_of(p, "t.b") == nullptr);  // the statement fails: its columns are not listed

  const auto guarded =
      preflight(catalog, input_for({migration("010_t.sql", "CREATE TABLE IF NOT EXISTS t (a int, b text);\n")}));
  const auto& g = guarded.migrations[0];
  CHECK_FALSE(guarded.will_fail);
  CHECK(row_of(g, "t")->state == ObjectState::exists_as_declared);
  CHECK(row_of(g, "t.a")->state == ObjectState::exists_as_declared);
  CHECK(row_of(g, "t.b")->state == ObjectState::not_added);
  CHECK(finding_with(g, Severity::warning, "column t.b (add) will not be added") != nullptr);
}

TEST_CASE("preflight: privileges") {
  auto catalog = example_database();
  relation(catalog, "users").owned = false;
  catalog.schemas[0].can_create = false;
  catalog.can_create_schema = false;
  const auto result = preflight(catalog, input_for({migration("010_p.sql", R"sql(
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN bio text;
CREATE TABLE notes (id int);
CREATE SCHEMA reporting;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
)sql")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(result.will_fail);
  const Finding* owner = finding_with(m, Severity::error, "does not own users");
  REQUIRE(owner != nullptr);
  CHECK(owner->location == "migrations/010_p.sql:2");
  CHECK(owner->repeats == 1);  // the second ALTER folds into the first
  CHECK(finding_with(m, Severity::error, "lacks CREATE on schema public") != nullptr);
  CHECK(finding_with(m, Severity::error, "may not create schemas") != nullptr);
  CHECK(finding_with(m, Severity::warning, "usually needs a superuser") != nullptr);

  catalog.superuser = true;
  const auto as_superuser = preflight(catalog, input_for({migration("010_p.sql", "ALTER TABLE users ADD COLUMN bio text;\n")}));
  CHECK_FALSE(as_superuser.will_fail);
}

// A false-alarm hunt's misses: the shadow runs as a superuser, so what only
// one may do said OK for a role that is not one, and up failed.
TEST_CASE("preflight: what a role that is not a superuser may not do (event triggers, untrusted extensions, owners)") {
  auto catalog = example_database();
  catalog.current_user = "app_owner";
  catalog.superuser = false;
  catalog.can_create_schema = true;
  catalog.member_of = {"app_owner", "app_writers"};
  catalog.available_extensions = std::set<std::string>{"pgcrypto", "postgres_fdw"};
  catalog.superuser_extensions = {"postgres_fdw"};
  auto m = preflight_one(catalog,
                         "create event trigger et on ddl_command_end execute function ef();\n"
                         "create extension postgres_fdw;\n"
                         "create extension pgcrypto;\n"
                         "create table mine (id int);\n"
                         "alter table mine owner to app_reader;\n"
                         "alter table mine owner to app_writers;\n"
                         "create role r2;\n"
                         "alter table mine owner to r2;\n");
  INFO(findings_text(m));
  const Finding* event = finding_with(m, Severity::error, "CREATE EVENT TRIGGER fails: only a superuser may run it, "
                                                          "and app_owner is not one");
  REQUIRE(event != nullptr);
  CHECK(event->location == "migrations/007_pending.sql:1");
  CHECK(finding_with(m, Severity::error, "postgres_fdw is not a trusted extension, so only a superuser may create "
                                         "it, and app_owner is not one") != nullptr);
  CHECK(finding_with(m, Severity::error, "pgcrypto") == nullptr);  // trusted, and CREATE on the database
  CHECK(finding_with(m, Severity::error, "app_owner is not a member of role app_reader") != nullptr);
  CHECK(finding_with(m, Severity::error, "role app_writers") == nullptr);
  CHECK(finding_with(m, Severity::error, "role r2") == nullptr);  // the run made it: its members are the run's doing

  catalog.can_create_schema = false;
  m = preflight_one(catalog, "create extension pgcrypto;\n");
  CHECK(finding_with(m, Severity::error, "lacks CREATE on database") != nullptr);

  // A code review's finds: what may not fail is a warning. A DO block's
  // exception or branch may be its way around; dynamic SQL before may have
  // granted the role; an object the run did not make may be the role's
  // already (no change, no check); a managed platform's stand-in for a
  // superuser may be allowed.
  catalog.can_create_schema = true;
  catalog.schemas.push_back({"reports", false, "someone"});
  m = preflight_one(catalog,
                    "do $$ begin create extension postgres_fdw; exception when insufficient_privilege then null; end $$;\n"
                    "alter schema reports owner to app_reader;\n"
                    "do $$ begin execute 'grant app_reader to ' || current_user; end $$;\n"
                    "create table mine (id int);\nalter table mine owner to app_reader;\n");
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "postgres_fdw") == nullptr);
  CHECK(finding_with(m, Severity::warning, "may fail: postgres_fdw is not a trusted extension") != nullptr);
  CHECK(finding_with(m, Severity::warning, "schema reports (owner to app_reader) fails unless app_reader owns it "
                                           "already") != nullptr);
  CHECK(finding_with(m, Severity::error, "role app_reader") == nullptr);
  CHECK(finding_with(m, Severity::error, "table mine (owner to app_reader)") == nullptr);

  catalog.platform_admin = "rds_superuser";
  m = preflight_one(catalog, "create event trigger et on ddl_command_end execute function ef();\n"
                             "create extension postgres_fdw;\n");
  INFO(findings_text(m));
  CHECK(m.verdict != Verdict::will_fail);
  CHECK(finding_with(m, Severity::warning, "CREATE EVENT TRIGGER may fail: only a superuser may run it, and app_owner "
                                           "is not one (as a member of rds_superuser") != nullptr);
  CHECK(finding_with(m, Severity::warning, "may fail: postgres_fdw is not a trusted extension") != nullptr);
  catalog.platform_admin.clear();

  catalog.superuser = true;
  m = preflight_one(catalog, "create event trigger et on ddl_command_end execute function ef();\n"
                             "create extension postgres_fdw;\nalter table users owner to app_reader;\n");
  INFO(findings_text(m));
  CHECK(m.findings.empty());
}

// A false-alarm hunt's find: with search_path "$user", public, a schema the
// run makes for the user is where what follows goes, not public.
TEST_CASE("preflight: a \"$user\" schema the run makes takes what follows it") {
  auto catalog = example_database();
  catalog.current_user = "app";
  catalog.superuser = false;
  catalog.can_create_schema = true;
  catalog.schemas[0].can_create = false;  // public
  catalog.search_path = {"app", "public"};  // "$user" as the user's name, though no schema app exists yet
  const auto m = preflight_one(catalog, "create schema app authorization app;\ncreate table t (id int);\n");
  INFO(findings_text(m));
  CHECK(m.verdict != Verdict::will_fail);
  CHECK(finding_with(m, Severity::error, "lacks CREATE on schema public") == nullptr);
}

TEST_CASE("preflight: sessions holding locks on the tables a migration alters") {
  auto catalog = example_database();
  LockHolder holder;
  holder.schema = "public";
  holder.relation = "prices";
  holder.pid = 4242;
  holder.mode = "AccessShareLock";
  holder.state = "idle in transaction";
  holder.transaction_seconds = 7380;
  holder.application = "report-job";
  holder.user = "analyst";
  holder.query = "SELECT sum(volume) FROM prices";
  catalog.lock_holders.push_back(holder);
  LockHolder sharing = holder;
  sharing.relation = "tickers";
  sharing.pid = 5000;
  sharing.mode = "AccessShareLock";
  catalog.lock_holders.push_back(sharing);

  const auto result = preflight(catalog, input_for({migration("010_l.sql", R"sql(
ALTER TABLE prices ADD COLUMN note text;
CREATE INDEX tickers_name_idx ON tickers (name);
)sql")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  const Finding* wait = finding_with(m, Severity::warning, "pid 4242");
  REQUIRE(wait != nullptr);
  CHECK(wait->message.find("holds AccessShareLock on prices") != std::string::npos);
  CHECK(wait->message.find("ACCESS EXCLUSIVE (blocks reads and writes) lock will wait behind it") != std::string::npos);
  CHECK(wait->message.find("transaction open for 2h 03m") != std::string::npos);
  CHECK(wait->message.find("SELECT sum(volume) FROM prices") != std::string::npos);
  CHECK(wait->location == "migrations/010_l.sql:2");
  // CREATE INDEX takes SHARE, which does not conflict with a reader's ACCESS SHARE
  CHECK(finding_with(m, Severity::warning, "pid 5000") == nullptr);

  // CREATE INDEX CONCURRENTLY waits for every older transaction
  relation(catalog, "prices").indexes.clear();
  const auto concurrently = preflight(catalog, input_for({example("006_prices_day_index.sql")}));
  const auto& c = concurrently.migrations[0];
  INFO(findings_text(c));
  CHECK(c.objects.size() == 1);
  CHECK(finding_with(c, Severity::warning, "waits for every transaction older than it to end: pid 4242") != nullptr);
}

TEST_CASE("preflight: rewrites and scans of large tables, NOT NULL without a default on a table with rows") {
  const auto result = preflight(example_database(), input_for({migration("010_big.sql", R"sql(
ALTER TABLE prices ALTER COLUMN volume TYPE numeric;
ALTER TABLE users ADD COLUMN plan text NOT NULL;
CREATE TABLE audit (id int);
ALTER TABLE audit ADD COLUMN at timestamptz NOT NULL;
)sql")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(result.will_fail);
  const Finding* rewrite = finding_with(m, Severity::warning, "rewrites prices");
  REQUIRE(rewrite != nullptr);
  CHECK(rewrite->message.find("~2,500,000 rows, 350 MB") != std::string::npos);
  CHECK(rewrite->location == "migrations/010_big.sql:2");
  const Finding* not_null = finding_with(m, Severity::error, "NOT NULL without a DEFAULT");
  REQUIRE(not_null != nullptr);
  CHECK(not_null->message.find("users has ~1,204 rows") != std::string::npos);
  CHECK(not_null->location == "migrations/010_big.sql:3");
  // the table created empty just before is fine
  CHECK(finding_with(m, Severity::warning, "audit") == nullptr);
  CHECK(finding_with(m, Severity::error, "audit") == nullptr);
  bool prices_large = false;
  for (const auto& t : m.tables) {
    if (t.table == "prices") prices_large = t.large && t.rewrites;
  }
  CHECK(prices_large);

  // a strong lock on a large table without a rewrite is a warning too
  const auto lock = preflight(example_database(), input_for({migration("011_lock.sql",
                                                                          "ALTER TABLE prices ADD COLUMN note text;\n")}));
  CHECK(finding_with(lock.migrations[0], Severity::warning, "prices (~2,500,000 rows, 350 MB) is locked ACCESS EXCLUSIVE") !=
        nullptr);
}

TEST_CASE("preflight: a lint finding whose lock scales with a large table blocks it: an error, WILL BLOCK") {
  // What the engine hands over: lint's finding (a lint error is a warning here) with the table it is about.
  const auto lint_note = [](const std::string& rule, const std::string& table, bool scales, int line) {
    LintNote note;
    note.finding = {Severity::warning, "lint " + rule + ": CREATE INDEX ... without CONCURRENTLY",
                    "migrations/010_idx.sql:" + std::to_string(line), 0, false};
    note.table = {"", table};
    note.scales_with_table = scales;
    return note;
  };
  auto input = input_for({migration("010_idx.sql", R"sql(CREATE INDEX prices_volume ON prices (volume);
CREATE INDEX users_email2 ON users (email);
CREATE TABLE fresh (id int);
CREATE INDEX fresh_id ON fresh (id);
)sql")});
  input.pending[0].lint = {lint_note("require-concurrent-index-creation", "prices", true, 1),
                           lint_note("require-concurrent-index-creation", "users", true, 2),
                           lint_note("require-concurrent-index-creation", "fresh", true, 4),
                           lint_note("prefer-timestamptz", "prices", false, 1)};
  const auto result = preflight(before_005(), input);
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  const Finding* blocking = finding_with(m, Severity::error, "lint require-concurrent-index-creation");
  REQUIRE(blocking != nullptr);
  CHECK(blocking->blocks);
  CHECK(blocking->location == "migrations/010_idx.sql:1");
  CHECK(blocking->message.ends_with("(on prices: ~2,500,000 rows, 350 MB, large from 100,000 rows or 100 MB)"));
  // users (~1,204 rows) is not large, fresh is created by the run, prefer-timestamptz's harm does not scale.
  CHECK(finding_with(m, Severity::warning, "lint prefer-timestamptz") != nullptr);
  std::size_t errors = 0;
  for (const auto& finding : m.findings) errors += finding.severity == Severity::error ? 1 : 0;
  CHECK(errors == 1);
  CHECK(m.verdict == Verdict::will_block);
  CHECK(result.verdict == Verdict::will_block);
  CHECK_FALSE(result.will_fail);
  CHECK(to_string(Verdict::will_block) == "will block");

  // A failure outranks a block.
  auto failing = input_for({migration("010_idx.sql", "CREATE INDEX prices_volume ON prices (volume);\n"
                                                     "ALTER TABLE nowhere ADD COLUMN x int;\n")});
  failing.pending[0].lint = {lint_note("require-concurrent-index-creation", "prices", true, 1)};
  const auto failed = preflight(before_005(), failing);
  CHECK(failed.verdict == Verdict::will_fail);
  CHECK(failed.will_fail);
}

TEST_CASE("preflight: lint's finding on an IF NOT EXISTS of what the target has blocks nothing: nothing is done") {
  const auto lint_note = [](const std::string& rule, int line) {
    LintNote note;
    note.finding = {Severity::warning, "lint " + rule + ": ...", "migrations/010_idx.sql:" + std::to_string(line), 0,
                    false};
    note.table = {"", "prices"};
    note.scales_with_table = true;
    return note;
  };
  // prices has prices_day_idx and its column day; not prices_volume nor token
  auto input = input_for({migration("010_idx.sql", R"sql(CREATE INDEX IF NOT EXISTS prices_day_idx ON prices (day);
ALTER TABLE prices ADD COLUMN IF NOT EXISTS day date DEFAULT clock_timestamp()::date;
CREATE INDEX IF NOT EXISTS prices_volume ON prices (volume);
ALTER TABLE prices ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid();
ALTER TABLE prices ADD COLUMN IF NOT EXISTS day date, ADD COLUMN IF NOT EXISTS n float DEFAULT random();
)sql")});
  input.pending[0].lint = {lint_note("require-concurrent-index-creation", 1), lint_note("adding-field-with-default", 2),
                           lint_note("require-concurrent-index-creation", 3), lint_note("adding-field-with-default", 4),
                           lint_note("adding-field-with-default", 5)};
  const auto result = preflight(example_database(), input);
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  const auto severity_at = [&m](const std::string& rule, int line) {
    for (const auto& finding : m.findings) {
      if (finding.message.starts_with("lint " + rule) &&
          finding.location == "migrations/010_idx.sql:" + std::to_string(line)) {
        return finding.severity;
      }
    }
    FAIL("no finding of " << rule << " at line " << line);
    return Severity::info;
  };
  CHECK(severity_at("require-concurrent-index-creation", 1) == Severity::info);
  CHECK(severity_at("adding-field-with-default", 2) == Severity::info);
  const Finding* idle = finding_with(m, Severity::info, "lint require-concurrent-index-creation");
  REQUIRE(idle != nullptr);
  CHECK(idle->message.ends_with("(the target has it already: IF NOT EXISTS does nothing there)"));
  CHECK_FALSE(idle->blocks);
  // what it lacks is built or added, and blocks; so does a line where one of two is added
  CHECK(severity_at("require-concurrent-index-creation", 3) == Severity::error);
  CHECK(severity_at("adding-field-with-default", 4) == Severity::error);
  CHECK(severity_at("adding-field-with-default", 5) == Severity::error);
  CHECK(m.verdict == Verdict::will_block);

  // A SET NOT NULL of a column NOT NULL already reads no row, and a TRUNCATE leaves none to build an index from:
  // notes, with why (a hunt's false WILL BLOCK)
  auto quiet = input_for({migration("010_idx.sql", "ALTER TABLE prices ALTER COLUMN close SET NOT NULL;\n"
                                                   "TRUNCATE prices;\n"
                                                   "CREATE INDEX prices_close ON prices (close);\n")});
  quiet.pending[0].facts.statements[1].truncates = {{"", "prices"}};  // (as the facts collector reads it)
  quiet.pending[0].lint = {lint_note("adding-not-nullable-field", 1), lint_note("require-concurrent-index-creation", 3)};
  const auto quieted = preflight(example_database(), quiet).migrations[0];
  INFO(findings_text(quieted));
  CHECK(quieted.verdict != Verdict::will_block);
  CHECK(finding_with(quieted, Severity::info, "lint adding-not-nullable-field: ... (the column is NOT NULL already: "
                                              "PostgreSQL reads no row)") != nullptr);
  CHECK(finding_with(quieted, Severity::info, "(a TRUNCATE before it emptied the table: it has no row to rewrite or "
                                              "read)") != nullptr);

  // but not where another subcommand of its ALTER TABLE, on its line, rewrites the table
  auto loud = input_for({migration("010_idx.sql", "ALTER TABLE prices ALTER COLUMN close SET NOT NULL, "
                                                  "ALTER COLUMN open TYPE numeric(14,4);\n")});
  loud.pending[0].lint = {lint_note("adding-not-nullable-field", 1), lint_note("changing-column-type", 1)};
  const auto rewritten = preflight(example_database(), loud).migrations[0];
  INFO(findings_text(rewritten));
  CHECK(rewritten.verdict == Verdict::will_block);

  // a DO block's guarded ADD CONSTRAINT of a key the table has: its guard skips it (or it fails), nothing is built
  auto guarded = input_for({migration("010_idx.sql", "CREATE INDEX IF NOT EXISTS prices_day_idx ON prices (day);\n"
                                                     "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint) THEN "
                                                     "ALTER TABLE prices ADD CONSTRAINT prices_pkey PRIMARY KEY "
                                                     "(ticker_id, day); END IF; END $$;\n")});
  guarded.pending[0].lint = {lint_note("require-concurrent-index-creation", 1),
                             lint_note("adding-serial-primary-key-field", 2)};
  const auto skipped = preflight(example_database(), guarded).migrations[0];
  INFO(findings_text(skipped));
  CHECK(skipped.verdict != Verdict::will_block);
  CHECK(finding_with(skipped, Severity::info, "(the target has it already: the DO block's guard skips it, or it "
                                              "fails there)") != nullptr);

  // Only the IF NOT EXISTS statements: nothing blocks.
  auto idle_only = input_for({migration("010_idx.sql", "CREATE INDEX IF NOT EXISTS prices_day_idx ON prices (day);\n"
                                                       "ALTER TABLE prices ADD COLUMN IF NOT EXISTS day date "
                                                       "DEFAULT clock_timestamp()::date;\n")});
  idle_only.pending[0].lint = {lint_note("require-concurrent-index-creation", 1),
                               lint_note("adding-field-with-default", 2)};
  const auto nothing = preflight(example_database(), idle_only);
  INFO(findings_text(nothing.migrations[0]));
  CHECK(nothing.verdict != Verdict::will_block);
  CHECK(nothing.migrations[0].verdict != Verdict::will_block);
}

TEST_CASE("preflight: CREATE INDEX ON ONLY a partitioned table reads no rows, ON ONLY a plain table builds it all") {
  auto catalog = example_database();
  CatalogRelation measures = table("measures", {column("id", "bigint", true), column("v", "integer", false)});
  measures.kind = 'p';
  measures.row_estimate = 200000;
  measures.total_bytes = 30LL * 1024 * 1024;
  catalog.relations.push_back(measures);
  const auto result = preflight(catalog, input_for({migration("010_only.sql", R"sql(
CREATE INDEX measures_v_idx ON ONLY measures (v);
CREATE INDEX prices_volume ON ONLY prices (volume);
)sql")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "scans measures") == nullptr);
  CHECK(finding_with(m, Severity::warning, "ON ONLY it") == nullptr);
  // its SHARE lock on the parent is real, and short
  const Finding* lock = finding_with(m, Severity::warning, "measures (~200,000 rows, 30 MB) is locked SHARE");
  REQUIRE(lock != nullptr);
  CHECK(lock->location == "migrations/010_only.sql:2");
  // prices is not partitioned: ONLY changes nothing there
  const Finding* scan = finding_with(m, Severity::warning, "scans prices");
  REQUIRE(scan != nullptr);
  CHECK(scan->message.ends_with("; CREATE INDEX CONCURRENTLY avoids that"));
  for (const auto& t : m.tables) {
    if (t.table == "measures") CHECK_FALSE(t.scans);
    if (t.table == "prices") CHECK(t.scans);
  }
}

TEST_CASE("preflight: the lowest server version the pending SQL needs") {
  auto catalog = example_database();
  const auto ok = preflight(catalog, input_for({migration("010_v.sql", "ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text;\n")}));
  CHECK(ok.minimum_server_version == 90600);
  CHECK(ok.minimum_server_feature == "ADD COLUMN IF NOT EXISTS");
  CHECK(ok.minimum_server_location == "migrations/010_v.sql:1");
  CHECK_FALSE(ok.will_fail);

  catalog.server_version = 90500;
  catalog.server_version_text = "9.5.25";
  const auto old = preflight(catalog, input_for({migration("010_v.sql", "ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text;\n")}));
  CHECK(old.will_fail);
  const Finding* error = finding_with(old.migrations[0], Severity::error, "needs PostgreSQL 9.6");
  REQUIRE(error != nullptr);
  CHECK(error->message == "ADD COLUMN IF NOT EXISTS needs PostgreSQL 9.6 or later; the server is 9.5.25");
}

TEST_CASE("preflight: renames, drops and RLS on the simulated schema") {
  auto catalog = example_database();
  const auto result = preflight(catalog, input_for({
      migration("010_r.sql", "ALTER TABLE user_alerts RENAME TO alerts;\n"
                             "ALTER TABLE alerts ADD COLUMN muted boolean DEFAULT false;\n"
                             "ALTER TABLE alerts RENAME COLUMN threshold TO level;\n"
                             "DROP POLICY IF EXISTS user_alerts_owner ON alerts;\n"
                             "ALTER TABLE alerts FORCE ROW LEVEL SECURITY;\n"
                             "DROP TABLE IF EXISTS never_there;\n"),
      migration("011_r.sql", "ALTER TABLE alerts ALTER COLUMN level SET NOT NULL;\n"
                             "ALTER TABLE user_alerts ADD COLUMN x int;\n"
                             "CREATE POLICY alerts_owner ON alerts USING (true);\n"),
  }));
  const auto& first = result.migrations[0];
  INFO(findings_text(first));
  CHECK(first.verdict == Verdict::ok);
  CHECK(row_of(first, "user_alerts")->state == ObjectState::will_change);
  CHECK(row_of(first, "alerts.muted")->state == ObjectState::will_create);
  CHECK(row_of(first, "user_alerts_owner on alerts")->state == ObjectState::will_drop);
  CHECK(row_of(first, "never_there")->state == ObjectState::already_gone);
  const auto& second = result.migrations[1];
  INFO(findings_text(second));
  CHECK(row_of(second, "alerts.level")->state == ObjectState::will_change);
  CHECK(row_of(second, "user_alerts.x")->state == ObjectState::dependency_missing);
  CHECK(row_of(second, "alerts_owner on alerts")->state == ObjectState::will_create);
  CHECK(second.verdict == Verdict::will_fail);
}

TEST_CASE("preflight: a long transaction with no lock seen is a warning for the run") {
  auto catalog = example_database();
  LockHolder idle;
  idle.pid = 77;
  idle.state = "idle in transaction";
  idle.transaction_seconds = 3 * 3600;
  catalog.lock_holders.push_back(idle);
  const auto result = preflight(catalog, input_for({}));
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].severity == Severity::warning);
  CHECK(result.findings[0].message.find("pid 77 (idle in transaction, transaction open for 3h 00m)") == 0);
  CHECK(result.verdict == Verdict::warnings);
  CHECK_FALSE(result.will_fail);
}

TEST_CASE("preflight: an error a DO block's EXCEPTION handler catches is no failure: the object is skipped, with "
          "why") {
  const auto result = preflight(empty_database(), input_for({migration("010_do.sql", R"sql(
DO $$
BEGIN
  BEGIN
    ALTER TABLE missing_table ADD COLUMN a int;
  EXCEPTION WHEN undefined_table THEN
    RAISE NOTICE 'no table';
  END;
END
$$;
)sql")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK_FALSE(result.will_fail);
  CHECK(m.findings.empty());
  REQUIRE(m.objects.size() == 1);
  CHECK(m.objects[0].state == ObjectState::skipped);
  CHECK(m.objects[0].detail == "dependency missing (table missing_table does not exist, and no earlier pending "
                               "migration creates it): the DO block's EXCEPTION handler catches the error, and "
                               "undoes what the block did before it");
}

TEST_CASE("preflight: a CREATE EXTENSION the target's server cannot install will fail, unless a DO block guards it") {
  CatalogSnapshot catalog = before_005();
  catalog.available_extensions = std::set<std::string>{"pgcrypto", "plpgsql"};
  const auto result = preflight(
      catalog, input_for({migration("006_ext.sql",
                                    "create extension if not exists pgcrypto;\n"
                                    "-- geography\ncreate extension postgis;\n"
                                    "do $$ begin\n"
                                    "  if exists (select from pg_available_extensions where name = 'vector') then\n"
                                    "    create extension vector;\n"
                                    "  end if;\n"
                                    "end $$;\n")}));
  const MigrationPreflight& m = result.migrations[0];
  INFO(findings_text(m));
  const Finding* postgis = finding_with(m, Severity::error, "CREATE EXTENSION postgis fails: the target's server cannot");
  REQUIRE(postgis != nullptr);
  CHECK(postgis->location == "migrations/006_ext.sql:3");
  CHECK_FALSE(postgis->object_state);  // a live fact of the target: no shadow overrules it
  CHECK(finding_with(m, Severity::error, "CREATE EXTENSION pgcrypto") == nullptr);
  CHECK(finding_with(m, Severity::error, "CREATE EXTENSION vector") == nullptr);
  CHECK(result.will_fail);

  catalog.available_extensions->insert("postgis");
  CHECK_FALSE(preflight(catalog, input_for({migration("006_ext.sql", "create extension postgis;\n")})).will_fail);
  catalog.available_extensions.reset();  // not read: nothing said
  CHECK_FALSE(preflight(catalog, input_for({migration("006_ext.sql", "create extension postgis;\n")})).will_fail);
}

// Causes of false "will fail" the static model had (issue 12's list), as
// PostgreSQL runs them: each file applies on an empty database.
TEST_CASE("preflight: the static model follows what PostgreSQL does with keys, keywords and IF EXISTS") {
  const auto verdict_of = [](const std::string& sql) {
    const auto result = preflight(empty_database(), input_for({migration("001_a.sql", sql)}));
    INFO(sql, "\n", findings_text(result.migrations[0]));
    CHECK(result.migrations[0].verdict == Verdict::ok);
    return result.migrations[0].verdict;
  };
  // CREATE TABLE AS makes columns from its query but no constraint.
  verdict_of("create table tmpl as select 1 as id;\nalter table tmpl add primary key (id);\n");
  // ALL and USER are keywords here, no trigger names.
  verdict_of("create table t (id int);\nalter table t disable trigger user;\nalter table t enable trigger all;\n");
  // IF EXISTS skips a drop in a schema that does not exist (a notice).
  verdict_of("drop table if exists nosuch.t;\ndrop function if exists nosuch.f();\n");
  // Renaming a UNIQUE constraint's index renames the constraint.
  verdict_of("create table u (id int primary key, email text unique);\n"
             "alter index u_email_key rename to u_email_uq;\nalter table u drop constraint u_email_uq;\n");
  // And what is wrong still fails: a quoted "user" is a trigger's name, the
  // old constraint name is gone, a drop without IF EXISTS needs its schema.
  for (const std::string sql : {"create table t (id int);\nalter table t enable trigger \"user\";\n",
                                "create table u (email text unique);\nalter index u_email_key rename to u_e;\n"
                                "alter table u drop constraint u_email_key;\n",
                                "drop table nosuch.t;\n"}) {
    const auto result = preflight(empty_database(), input_for({migration("001_a.sql", sql)}));
    INFO(sql);
    CHECK(result.migrations[0].verdict == Verdict::will_fail);
  }
}

TEST_CASE("preflight: SELECT ... INTO makes its table, as CREATE TABLE AS does") {
  const auto result = preflight(example_database(), input_for({migration("010_ids.sql",
                                                                          "select id into customer_ids from users;\n"
                                                                          "alter table customer_ids add primary key (id);\n")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK_FALSE(result.will_fail);
  const ObjectRow* table = row_of(m, "customer_ids");
  REQUIRE(table != nullptr);
  CHECK(table->state == ObjectState::will_create);
  const ObjectRow* key = row_of(m, "customer_ids_pkey on customer_ids");
  REQUIRE(key != nullptr);
  CHECK(key->state == ObjectState::will_create);
}

TEST_CASE("preflight: SET NOT NULL reads no row where a valid CHECK (col IS NOT NULL) proves it (PostgreSQL 12+)") {
  auto catalog = example_database();
  CatalogRelation items = table("items", {column("id", "bigint", true), column("sku", "text", false)});
  items.row_estimate = 200000;
  items.total_bytes = 30LL * 1024 * 1024;
  catalog.relations.push_back(items);
  const std::string set_not_null = "ALTER TABLE items ALTER COLUMN sku SET NOT NULL;\n";
  const auto scans = [](const MigrationPreflight& m) { return finding_with(m, Severity::warning, "scans items"); };

  // nothing proves it: the scan
  const auto plain = preflight(catalog, input_for({migration("007_nn.sql", set_not_null)}));
  CHECK(scans(plain.migrations[0]) != nullptr);

  // made and validated by earlier pending migrations
  const auto run = preflight(catalog, input_for({
      migration("005_c.sql", "ALTER TABLE items ADD CONSTRAINT c CHECK (sku IS NOT NULL) NOT VALID;\n"),
      migration("006_v.sql", "ALTER TABLE items VALIDATE CONSTRAINT c;\n"),
      migration("007_nn.sql", set_not_null),
  }));
  INFO(findings_text(run.migrations[2]));
  CHECK(scans(run.migrations[2]) == nullptr);
  // the lock is still there, short
  CHECK(finding_with(run.migrations[2], Severity::warning, "is locked ACCESS EXCLUSIVE") != nullptr);

  // NOT VALID until validated proves nothing; nor does another expression
  const auto not_valid = preflight(catalog, input_for({
      migration("005_c.sql", "ALTER TABLE items ADD CONSTRAINT c CHECK (sku IS NOT NULL) NOT VALID;\n"),
      migration("007_nn.sql", set_not_null),
  }));
  CHECK(scans(not_valid.migrations[1]) != nullptr);
  const auto other = preflight(catalog, input_for({
      migration("005_c.sql", "ALTER TABLE items ADD CONSTRAINT c CHECK (sku IS NOT NULL AND id > 0);\n"),
      migration("007_nn.sql", set_not_null),
  }));
  CHECK(scans(other.migrations[1]) != nullptr);
  const auto other_column = preflight(catalog, input_for({
      migration("005_c.sql", "ALTER TABLE items ADD CHECK (id IS NOT NULL);\n"),
      migration("007_nn.sql", set_not_null),
  }));
  CHECK(scans(other_column.migrations[1]) != nullptr);
  // dropped again before: nothing proves it
  const auto dropped = preflight(catalog, input_for({
      migration("005_c.sql", "ALTER TABLE items ADD CONSTRAINT c CHECK (sku IS NOT NULL);\n"),
      migration("006_d.sql", "ALTER TABLE items DROP CONSTRAINT c;\n"),
      migration("007_nn.sql", set_not_null),
  }));
  CHECK(scans(dropped.migrations[2]) != nullptr);

  // on the target: valid proves it, NOT VALID does not
  auto proven = catalog;
  relation(proven, "items").constraints = {constraint("items_sku_not_null", 'c', "CHECK ((sku IS NOT NULL))")};
  const auto target = preflight(proven, input_for({migration("007_nn.sql", set_not_null)}));
  INFO(findings_text(target.migrations[0]));
  CHECK(scans(target.migrations[0]) == nullptr);
  relation(proven, "items").constraints[0].definition = "CHECK ((sku IS NOT NULL)) NOT VALID";
  relation(proven, "items").constraints[0].validated = false;
  CHECK(scans(preflight(proven, input_for({migration("007_nn.sql", set_not_null)})).migrations[0]) != nullptr);
  // ... but validated by a pending migration, it does
  const auto validated = preflight(proven, input_for({
      migration("006_v.sql", "ALTER TABLE items VALIDATE CONSTRAINT items_sku_not_null;\n"),
      migration("007_nn.sql", set_not_null),
  }));
  CHECK(scans(validated.migrations[1]) == nullptr);
  // and the table renamed keeps its constraints
  relation(proven, "items").constraints[0].definition = "CHECK ((sku IS NOT NULL))";
  relation(proven, "items").constraints[0].validated = true;
  const auto renamed = preflight(proven, input_for({
      migration("006_r.sql", "ALTER TABLE items RENAME TO goods;\n"),
      migration("007_nn.sql", "ALTER TABLE goods ALTER COLUMN sku SET NOT NULL;\n"),
  }));
  CHECK(finding_with(renamed.migrations[1], Severity::warning, "scans goods") == nullptr);
}

TEST_CASE("preflight: ADD COLUMN of a domain with constraints rewrites the table, default or not") {
  auto catalog = example_database();
  CatalogType checked;
  checked.schema = "public";
  checked.name = "positive_count";
  checked.kind = 'd';
  checked.constrained = true;
  CatalogType plain = checked;
  plain.name = "label";
  plain.constrained = false;
  catalog.types.push_back(checked);
  catalog.types.push_back(plain);
  const auto rewrites = [](const MigrationPreflight& m) {
    return finding_with(m, Severity::warning, "rewrites prices");
  };

  // the target's domain
  const auto target =
      preflight(catalog, input_for({migration("010_a.sql", "ALTER TABLE prices ADD COLUMN likes positive_count;\n")}));
  INFO(findings_text(target.migrations[0]));
  const Finding* rewrite = rewrites(target.migrations[0]);
  REQUIRE(rewrite != nullptr);
  CHECK(rewrite->message.find("positive_count is a domain with constraints") != std::string::npos);
  CHECK(finding_with(target.migrations[0], Severity::warning, "quick once granted") == nullptr);
  // one without constraints: the strong lock alone
  const auto quiet =
      preflight(catalog, input_for({migration("010_a.sql", "ALTER TABLE prices ADD COLUMN l label;\n")}));
  CHECK(rewrites(quiet.migrations[0]) == nullptr);
  CHECK(finding_with(quiet.migrations[0], Severity::warning, "quick once granted") != nullptr);

  // made by a pending migration, with a CHECK or NOT NULL, or without
  const auto made = preflight(catalog, input_for({
      migration("010_d.sql", "create domain public.score as bigint check (value >= 0);\n"
                             "create domain public.tag as text;\n"),
      migration("011_a.sql", "alter table public.prices add column score public.score;\n"
                             "alter table prices add column tag tag;\n"),
  }));
  INFO(findings_text(made.migrations[1]));
  const Finding* made_rewrite = rewrites(made.migrations[1]);
  REQUIRE(made_rewrite != nullptr);
  CHECK(made_rewrite->location == "migrations/011_a.sql:1");
  CHECK(made_rewrite->message.find("public.score is a domain with constraints") != std::string::npos);
  for (const auto& finding : made.migrations[1].findings) {
    CHECK(finding.message.find("tag is a domain") == std::string::npos);
  }
}

namespace {

// The answer to a question about accounts' rows.
RowCheck answered(RowCheckKind kind, std::vector<std::string> columns, std::optional<bool> found,
                  std::string unread = {}) {
  RowCheck out;
  out.kind = kind;
  out.schema = "public";
  out.table = "accounts";
  out.columns = std::move(columns);
  // as SET NOT NULL, a CHECK and a type change ask: with the table's inheritance children
  out.with_children = kind != RowCheckKind::duplicates && kind != RowCheckKind::orphans;
  out.found = found;
  out.unread = std::move(unread);
  return out;
}

// accounts (id NOT NULL, note and owner nullable), with rows, owned by the user.
// Preflight's pass over `in` with `questions` (what a first pass asked)
// answered in order: found[i] for the i-th.
PreflightResult preflight_answered(CatalogSnapshot catalog, std::vector<RowCheck> questions,
                                   const std::vector<bool>& found, const PreflightInput& in) {
  for (std::size_t i = 0; i < questions.size() && i < found.size(); ++i) questions[i].found = found[i];
  catalog.row_checks = std::move(questions);
  return preflight(catalog, in);
}

CatalogSnapshot with_accounts() {
  CatalogSnapshot catalog = empty_database();
  CatalogRelation accounts =
      table("accounts", {column("id", "bigint", true), column("note", "text", false), column("owner", "text", false)});
  accounts.row_estimate = 10;
  catalog.relations.push_back(accounts);
  return catalog;
}

}  // namespace

TEST_CASE("preflight: ADD COLUMN ... NOT NULL of a domain with a DEFAULT fills the rows from it: it does not fail") {
  auto catalog = with_accounts();  // 10 rows
  CatalogType zero;
  zero.schema = "public";
  zero.name = "zero_int";
  zero.kind = 'd';
  zero.has_default = true;
  CatalogType bare = zero;
  bare.name = "bare_int";
  bare.has_default = false;
  catalog.types.push_back(zero);
  catalog.types.push_back(bare);
  const auto fails = [](const MigrationPreflight& m) {
    return finding_with(m, Severity::error, "NOT NULL without a DEFAULT");
  };

  // made earlier in the run, with a DEFAULT, or one its base domain gave it
  auto m = preflight_one(catalog, "create domain zero2 as int default 0;\n"
                                  "create domain zero3 as zero2;\n"
                                  "alter table accounts add column a zero2 not null;\n"
                                  "alter table accounts add column b zero3 not null;\n");
  INFO(findings_text(m));
  CHECK(fails(m) == nullptr);
  CHECK(finding_with(m, Severity::warning, "NOT NULL without a DEFAULT") == nullptr);
  CHECK(m.verdict != Verdict::will_fail);
  // the target's
  m = preflight_one(catalog, "alter table accounts add column a zero_int not null;\n");
  CHECK(fails(m) == nullptr);
  CHECK(m.verdict != Verdict::will_fail);

  // without one: it fails as a plain type does
  m = preflight_one(catalog, "alter table accounts add column a bare_int not null;\n");
  CHECK(fails(m) != nullptr);
  m = preflight_one(catalog, "create domain nothing as int;\ncreate domain none_either as int default null;\n"
                             "alter table accounts add column a nothing not null;\n"
                             "alter table accounts add column b none_either not null;\n");
  INFO(findings_text(m));
  CHECK(fails(m) != nullptr);
  CHECK(finding_with(m, Severity::error, "column accounts.b (add) fails") != nullptr);
  // a type the target lists no domain of (an extension's base type)
  CHECK(fails(preflight_one(catalog, "alter table accounts add column a citext not null;\n")) != nullptr);

  // a domain the run altered (SET or DROP DEFAULT): not known, so no failure claimed
  m = preflight_one(catalog, "alter domain bare_int set default 0;\n"
                             "alter table accounts add column a bare_int not null;\n");
  INFO(findings_text(m));
  CHECK(fails(m) == nullptr);
  CHECK(finding_with(m, Severity::warning, "unless its type bare_int is a domain with a DEFAULT") != nullptr);
  // nor after dynamic SQL, which may have made one
  m = preflight_one(catalog, "do $$ begin execute 'create domain dyn as int default 0'; end $$;\n"
                             "alter table accounts add column a dyn not null;\n");
  INFO(findings_text(m));
  CHECK(fails(m) == nullptr);
}

TEST_CASE("preflight: ADD COLUMN of a NOT NULL domain (or one over it) that gives the rows no value fails on a table "
          "with rows, as a NOT NULL column does") {
  auto catalog = with_accounts();  // 10 rows
  CatalogType required;
  required.schema = "public";
  required.name = "required_int";
  required.kind = 'd';
  required.constrained = required.not_null = true;
  CatalogType defaulted = required;
  defaulted.name = "required_zero";
  defaulted.has_default = true;
  catalog.types = {required, defaulted};
  // (from statistics until the target's rows answer: ~10 rows)
  const auto fails = [](const MigrationPreflight& m) {
    return finding_with(m, Severity::error, "is a NOT NULL domain without a DEFAULT, and accounts has ~10 rows "
                                            "(give it (or its domain) a DEFAULT)");
  };
  auto m = preflight_one(catalog, "alter table accounts add column a required_int;\n");
  INFO(findings_text(m));
  CHECK(fails(m) != nullptr);
  CHECK(m.verdict == Verdict::will_fail);
  // the row question is asked, as for a NOT NULL column, and its answer named so
  const auto input = input_for({migration("007_add.sql", "alter table accounts add column a required_int;\n")});
  auto asked = preflight(catalog, input);
  REQUIRE(asked.unasked_rows.size() == 1);
  CHECK(asked.unasked_rows[0].kind == RowCheckKind::any_row);
  auto answered_catalog = catalog;
  answered_catalog.row_checks = asked.unasked_rows;
  answered_catalog.row_checks[0].found = true;
  m = preflight(answered_catalog, input).migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "ADD COLUMN a required_int (a NOT NULL domain) without a DEFAULT fails: "
                                         "accounts has rows on the target (SQLSTATE 23502); give the column (or its "
                                         "domain) a DEFAULT") != nullptr);
  // made by the run, over the target's
  m = preflight_one(catalog, "create domain mine as int not null;\ncreate domain over as required_int;\n"
                             "alter table accounts add column a mine;\nalter table accounts add column b over;\n");
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "its type mine is a NOT NULL domain without a DEFAULT") != nullptr);
  CHECK(finding_with(m, Severity::error, "its type over is a NOT NULL domain without a DEFAULT") != nullptr);
  // a DEFAULT of the column or the domain, a DEFAULT NULL, a nullable domain, a domain the run altered
  for (const char* sql : {"alter table accounts add column a required_int default 1;\n",
                          "alter table accounts add column a required_zero;\n",
                          "create domain loose as int;\nalter table accounts add column a loose;\n",
                          "alter domain required_int drop not null;\n"
                          "alter table accounts add column a required_int;\n"}) {
    INFO(sql);
    CHECK(fails(preflight_one(catalog, sql)) == nullptr);
  }
  CHECK(fails(preflight_one(catalog, "alter table accounts add column a required_int default null;\n")) != nullptr);
}

TEST_CASE("preflight: what it asks of the target's rows: NULLs in the nullable columns a pending SET NOT NULL or "
          "PRIMARY KEY names, duplicates of a UNIQUE, PRIMARY KEY or unique index's columns or expressions") {
  auto catalog = with_accounts();
  const auto input = input_for({migration("007_required.sql",
                                          "alter table accounts alter column note set not null;\n"
                                          "alter table accounts alter column id set not null;\n"    // NOT NULL already
                                          "alter table accounts add primary key (note, owner);\n"   // note once
                                          "alter table missing alter column x set not null;\n"
                                          "create table fresh (a int);\n"
                                          "alter table fresh alter column a set not null;\n"
                                          "create unique index concurrently accounts_owner on accounts (owner);\n"
                                          "create unique index on accounts (lower(owner));\n"         // an expression
                                          "create unique index on accounts (id) where owner is null;\n"  // partial
                                          "alter table accounts add unique nulls not distinct (owner);\n")});
  const auto checks = preflight(catalog, input).unasked_rows;  // with no answers yet
  REQUIRE(checks.size() == 8);
  CHECK(checks[0].kind == RowCheckKind::nulls);
  CHECK(checks[0].table == "accounts");
  CHECK(checks[0].columns == std::vector<std::string>{"note"});
  CHECK(checks[0].with_children);  // SET NOT NULL reaches inheritance children
  CHECK(checks[1].columns == std::vector<std::string>{"note"});
  CHECK_FALSE(checks[1].with_children);  // a primary key's NOT NULL: read ONLY
  CHECK(checks[2].columns == std::vector<std::string>{"owner"});
  CHECK(checks[3].kind == RowCheckKind::duplicates);
  CHECK(checks[3].columns == std::vector<std::string>{"note", "owner"});
  CHECK_FALSE(checks[3].with_children);
  CHECK(checks[4].kind == RowCheckKind::duplicates);
  CHECK(checks[4].columns == std::vector<std::string>{"owner"});
  CHECK_FALSE(checks[4].nulls_not_distinct);
  CHECK_FALSE(checks[4].columns_as_sql);
  // an expression, and a partial index: each element's value as SQL, the WHERE's rows alone
  CHECK(checks[5].kind == RowCheckKind::duplicates);
  CHECK(checks[5].columns == std::vector<std::string>{"lower(owner)"});
  CHECK(checks[5].columns_as_sql);
  CHECK(checks[5].where.empty());
  CHECK(checks[6].columns == std::vector<std::string>{"id"});
  CHECK(checks[6].columns_as_sql);
  CHECK(checks[6].where == "owner is null");
  CHECK(checks[7].nulls_not_distinct);
  CHECK_FALSE(checks[0].found.has_value());
}

TEST_CASE("preflight: ADD COLUMN ... NOT NULL that gives the rows no value asks whether the table has a row, and "
          "that answer, not the statistics, decides") {
  auto catalog = with_accounts();  // ~10 rows by its statistics
  const auto input = input_for({migration("007_required.sql",
                                          "alter table accounts add column a int not null;\n"
                                          "alter table accounts add column b int not null default 0;\n"
                                          "alter table accounts add column c int not null generated always as "
                                          "identity;\n"
                                          "alter table only accounts add column if not exists d int not null;\n")});
  const auto questions = preflight(catalog, input).unasked_rows;
  REQUIRE(questions.size() == 2);
  CHECK(questions[0].kind == RowCheckKind::any_row);
  CHECK(questions[0].table == "accounts");
  CHECK(questions[0].with_children);  // the column goes to its inheritance children too
  CHECK_FALSE(questions[1].with_children);  // IF NOT EXISTS of a column it has not: added, to accounts ONLY

  const auto required = input_for({migration("007_required.sql", "alter table accounts add column a int not null;\n")});
  // rows there: the row check's error, with what fixes it; the statistics' finding gone
  catalog.row_checks = {answered(RowCheckKind::any_row, {}, true)};
  auto m = preflight(catalog, required).migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(finding_with(m, Severity::error, "ADD COLUMN a NOT NULL without a DEFAULT fails: accounts has rows on the "
                                         "target (SQLSTATE 23502); give the column a DEFAULT, or add it nullable, "
                                         "fill it, then SET NOT NULL") != nullptr);
  CHECK(finding_with(m, Severity::error, "and accounts has ~10 rows") == nullptr);
  // none (the statistics are old): nothing fails, and no "fails if it has any row" either
  catalog.row_checks = {answered(RowCheckKind::any_row, {}, false)};
  m = preflight(catalog, required).migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict != Verdict::will_fail);
  CHECK(finding_with(m, Severity::warning, "fails if accounts has any row") == nullptr);
  // none, but a file before it may add one: a warning naming it
  m = preflight(catalog, input_for({migration("006_seed.sql", "insert into accounts (id) values (1);\n"),
                                    migration("007_required.sql",
                                              "alter table accounts add column a int not null;\n")}))
          .migrations[1];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "the table has no row on the target, but ADD COLUMN a NOT NULL without a "
                                           "DEFAULT fails if what runs before it adds one "
                                           "(migrations/006_seed.sql:1 may change rows") != nullptr);
  // rows there, and a file before it that may delete them (which rows, another table's say): a warning, whose fix
  // is to empty it
  catalog.row_checks = {answered(RowCheckKind::any_row, {}, true)};
  m = preflight(catalog, input_for({migration("006_purge.sql", "delete from accounts where id in (select 1);\n"),
                                    migration("007_required.sql",
                                              "alter table accounts add column a int not null;\n")}))
          .migrations[1];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "accounts has rows on the target: ADD COLUMN a NOT NULL without a DEFAULT "
                                           "fails unless what runs before it empties it") != nullptr);
  // a type change in the same ALTER TABLE empties nothing: still an error
  m = preflight(catalog, input_for({migration("007_required.sql", "alter table accounts alter column id type bigint, "
                                                                  "add column a int not null;\n")}))
          .migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  // DEFAULT NULL gives no value, and a PRIMARY KEY of its own is NOT NULL: both ask, and fail
  for (const std::string column :
       {"a int not null default null", "a int primary key", "a int default null::int not null"}) {
    m = preflight(catalog,
                  input_for({migration("007_required.sql", "alter table accounts add column " + column + ";\n")}))
            .migrations[0];
    INFO(column, findings_text(m));
    CHECK(m.verdict == Verdict::will_fail);
    CHECK(finding_with(m, Severity::error, "without a DEFAULT fails: accounts has rows on the target") != nullptr);
  }
  // not read: the statistics speak, and the reason is given
  catalog.row_checks = {answered(RowCheckKind::any_row, {}, std::nullopt, "reading its table took longer than 5 s")};
  m = preflight(catalog, required).migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "not checked whether accounts has any row on the target") != nullptr);
}

TEST_CASE("preflight: an INSERT ... VALUES asks whether the target has a row with a unique key's values it inserts "
          "(ON CONFLICT, DEFAULT and expressions ask nothing)") {
  auto catalog = with_accounts();
  CatalogIndex key;
  key.name = "accounts_pkey";
  key.unique = key.primary = true;
  key.definition = "CREATE UNIQUE INDEX accounts_pkey ON public.accounts USING btree (id)";
  CatalogIndex pair = key;
  pair.name = "accounts_note_owner_key";
  pair.primary = false;
  pair.definition = "CREATE UNIQUE INDEX accounts_note_owner_key ON public.accounts USING btree (note, owner)";
  CatalogIndex partial = pair;
  partial.name = "accounts_live_owner";
  partial.definition = "CREATE UNIQUE INDEX accounts_live_owner ON public.accounts USING btree (owner) WHERE (id > 0)";
  catalog.relations[0].indexes = {key, pair, partial};
  const auto input = input_for({migration("007_seed.sql",
                                          "insert into accounts (id, note) values (1, 'a'), (DEFAULT, 'b'), (3, 'c');\n"
                                          "insert into accounts (owner, note, id) values ('x', 'n', now()::int);\n"
                                          "insert into accounts (id) values (9) on conflict do nothing;\n")});
  const auto questions = preflight(catalog, input).unasked_rows;
  REQUIRE(questions.size() == 2);
  CHECK(questions[0].kind == RowCheckKind::present);
  CHECK(questions[0].columns == std::vector<std::string>{"id"});
  CHECK(questions[0].expression == "(CAST((1\n) AS bigint)), (CAST((3\n) AS bigint))");  // (as assigned)
  CHECK_FALSE(questions[0].with_children);  // a plain table's unique index covers it alone
  CHECK(questions[1].columns == std::vector<std::string>{"note", "owner"});
  CHECK(questions[1].expression == "(CAST(('n'\n) AS text), CAST(('x'\n) AS text))");

  catalog.row_checks = {questions[0]};
  catalog.row_checks[0].found = true;
  auto m = preflight(catalog, input_for({migration("007_seed.sql",
                                                   "insert into accounts (id, note) values (1, 'a'), (DEFAULT, 'b'), "
                                                   "(3, 'c');\n")}))
               .migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(finding_with(m, Severity::error, "INSERT INTO accounts fails: accounts has a row on the target with the (id) "
                                         "of a row it inserts, under its primary key accounts_pkey (SQLSTATE 23505); "
                                         "a statement before it must delete that row, or the INSERT take ON "
                                         "CONFLICT DO NOTHING") != nullptr);
  // a DELETE before it of rows another table names may remove it: a warning
  m = preflight(catalog, input_for({migration("007_seed.sql", "delete from accounts where id in (select 1);\n"
                                                              "insert into accounts (id, note) values (1, 'a'), "
                                                              "(DEFAULT, 'b'), (3, 'c');\n")}))
          .migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);
  CHECK(finding_with(m, Severity::warning, "accounts has a row on the target with the (id) of a row it inserts, "
                                           "under its primary key accounts_pkey: INSERT INTO accounts fails unless "
                                           "what runs before it deletes it") != nullptr);
  // a TRUNCATE before it took the target's rows, whatever the INSERTs after it add (the shadow's to see)
  {
    auto truncated = migration("007_seed.sql", "truncate accounts;\n"
                                               "insert into accounts (id) values (1);\n"
                                               "insert into accounts (id) values (3);\n");
    truncated.statements[0].truncates = {{"", "accounts"}};  // as the facts collector reads it
    auto with_three = catalog;  // the target holds id 3
    with_three.row_checks = {answered(RowCheckKind::present, {"id"}, true)};
    with_three.row_checks[0].with_children = false;
    with_three.row_checks[0].expression = "(CAST((3\n) AS bigint))";
    auto untruncated = truncated;
    untruncated.statements[0].truncates.clear();
    // (a TRUNCATE not read as one may change rows: a warning)
    CHECK(preflight(with_three, input_for({untruncated})).migrations[0].verdict == Verdict::warnings);
    m = preflight(with_three, input_for({truncated})).migrations[0];
    INFO(findings_text(m));
    CHECK(m.verdict == Verdict::ok);
  }
  // at most 100 INSERT statements asked about, and an info says where the rest begin
  std::string many;
  for (int i = 0; i < 102; ++i) many += "insert into accounts (id) values (" + std::to_string(i + 1000) + ");\n";
  const auto capped = preflight(catalog, input_for({migration("007_seed.sql", many)}));
  CHECK(finding_with(capped.migrations[0], Severity::info,
                     "preflight asks the target about the keys of 100 INSERT statements at most") != nullptr);
  CHECK(capped.migrations[0].findings.size() < 5);
  // a table the run made, or whose key the run dropped, or with a trigger (which may change the row or skip it):
  // nothing asked
  catalog.row_checks.clear();
  auto triggered = catalog;
  triggered.relations[0].triggers = {trigger("accounts_lower_note")};
  CHECK(preflight(triggered, input_for({migration("007_seed.sql", "insert into accounts (id) values (1);\n")}))
            .unasked_rows.empty());
  // one that sets columns to values (an updated_at one), or fires after the row is in, or on UPDATE alone: asked,
  // but not about a key over a column it sets
  auto touched = triggered;
  touched.relations[0].triggers[0].may_write_rows = false;
  touched.relations[0].triggers[0].sets = std::vector<std::pair<std::string, std::string>>{{"note", "'x'"}};
  auto audited = triggered;  // (one that writes rows, an audit trigger's, may change other tables': not asked)
  audited.relations[0].triggers[0].before_row = false;
  audited.relations[0].triggers[0].may_write_rows = false;
  auto updating = triggered;
  updating.relations[0].triggers[0].on_insert = false;
  for (const auto* with : {&touched, &audited, &updating}) {
    CHECK(preflight(*with, input_for({migration("007_seed.sql", "insert into accounts (id) values (1);\n")}))
              .unasked_rows.size() == 1);
  }
  touched.relations[0].triggers[0].sets = std::vector<std::pair<std::string, std::string>>{{"id", "1"}};
  CHECK(preflight(touched, input_for({migration("007_seed.sql", "insert into accounts (id) values (1);\n")}))
            .unasked_rows.empty());
  CHECK(preflight(catalog, input_for({migration("007_seed.sql",
                                                "create trigger t before insert on accounts for each row execute "
                                                "function f();\ninsert into accounts (id) values (1);\n")}))
            .unasked_rows.empty());
  CHECK(preflight(catalog, input_for({migration("007_seed.sql", "drop index accounts_pkey;\n"
                                                                "insert into accounts (id) values (1);\n")}))
            .unasked_rows.empty());
}

TEST_CASE("preflight: an UPDATE, DELETE or seed INSERT of another plain table leaves the rows a check asks about as "
          "they are (an error), one that a foreign key's action, a trigger or a function takes further may not") {
  auto catalog = with_accounts();
  catalog.relations.push_back(table("other", {column("name", "text", false)}));
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  const auto check = [&](const CatalogSnapshot& with, const std::string& before) {
    return preflight(with, input_for({migration("006_data.sql", before),
                                      migration("007_required.sql",
                                                "alter table accounts alter column note set not null;\n")}))
        .migrations[1];
  };
  const std::string fails = "SET NOT NULL fails: accounts.note holds NULL in rows of the target";
  const std::string may = "SET NOT NULL fails unless what runs before it fills them (migrations/006_data.sql:1 may "
                          "change rows";
  for (const char* sql : {"update other set name = 'x' where name is null;\n",
                          "delete from only public.other o where o.name = 'x' returning *;\n",
                          "insert into other (name) values ('x');\n"}) {
    const auto m = check(catalog, sql);
    INFO(sql, findings_text(m));
    CHECK(m.verdict == Verdict::will_fail);
    CHECK(finding_with(m, Severity::error, fails) != nullptr);
  }
  // its own table (by values another table gives), a function of the user's, a data-modifying WITH, WHERE CURRENT
  // OF: what it changes may be these
  for (const char* sql : {"update accounts set note = (select '') where note is null;\n",
                          "update other set name = fill(name);\n",
                          "delete from other where name in (with gone as (delete from accounts returning owner) "
                          "select owner from gone);\n",
                          "delete from other where current of c;\n"}) {
    const auto m = check(catalog, sql);
    INFO(sql, findings_text(m));
    CHECK(m.verdict == Verdict::warnings);
    CHECK(finding_with(m, Severity::warning, may) != nullptr);
  }
  // a foreign key of accounts whose ON DELETE changes accounts' rows, a trigger or rule of other
  auto cascading = catalog;
  CatalogConstraint key;
  key.name = "accounts_owner_fkey";
  key.type = 'f';
  key.definition = "FOREIGN KEY (owner) REFERENCES other(name) ON DELETE SET NULL";
  cascading.relations[0].constraints = {key};
  auto triggered = catalog;
  triggered.relations[1].triggers = {trigger("other_audit")};
  auto ruled = catalog;
  ruled.relations[1].has_rules = true;
  for (const auto* with : {&cascading, &triggered, &ruled}) {
    const auto m = check(*with, "delete from other;\n");
    INFO(findings_text(m));
    CHECK(m.verdict == Verdict::warnings);
    CHECK(finding_with(m, Severity::warning, may) != nullptr);
  }
  // a function of the user's anywhere (an operator, a cast, a domain, a view or a policy may call it), one the run
  // made, or a temporary view of the name (which writes another table): what it changes may be these rows
  auto with_function = catalog;
  CatalogRoutine function;
  function.schema = "public";
  function.name = "fix_notes";
  with_function.routines = {function};
  for (const auto& [with, sql] : std::vector<std::pair<const CatalogSnapshot*, std::string>>{
           {&with_function, "update other set name = name #+# 1;\n"},
           {&with_function, "insert into other (name) values ('x');\n"},
           {&catalog, "create function f() returns int language sql as 'select 1';\nupdate other set name = 'x';\n"},
           {&catalog, "create temporary view other as select * from accounts;\nupdate other set note = 'x';\n"}}) {
    const auto m = check(*with, sql);
    INFO(sql, findings_text(m));
    CHECK(m.verdict == Verdict::warnings);
    CHECK(finding_with(m, Severity::warning, "may change rows") != nullptr);
  }
  // one that nothing of the target's calls (an RPC function: pg_depend lists no view, policy, DEFAULT... of it)
  // runs where a statement names it alone; unless the run made what may call it
  auto unreferenced = with_function;
  unreferenced.routines[0].referenced = false;
  CHECK(check(unreferenced, "update other set name = 'x';\n").verdict == Verdict::will_fail);
  CHECK(check(unreferenced, "create type mood as enum ('a');\nupdate other set name = 'x';\n").verdict ==
        Verdict::will_fail);
  for (const char* sql : {"create policy p on other using (fix_notes() is null);\nupdate other set name = 'x';\n",
                          "create operator #+# (leftarg = text, rightarg = int, function = fix_notes);\n"
                          "update other set name = 'x';\n",
                          "alter table other add column n text default fix_notes();\nupdate other set name = 'x';\n",
                          "create domain d as text check (fix_notes() is null);\nupdate other set name = 'x';\n"}) {
    INFO(sql);
    CHECK(check(unreferenced, sql).verdict == Verdict::warnings);
  }
  // functions of the user's that write no rows (an updated_at trigger's, auth.uid()) change nothing unseen
  auto reading = with_function;
  reading.routines[0].may_write_rows = false;
  for (const char* sql : {"update other set name = 'x' where name is null;\n", "delete from other;\n",
                          "insert into other (name) values ('x');\n",
                          "update other set name = 'x' from accounts where accounts.note = other.name;\n"}) {
    const auto m = check(reading, sql);
    INFO(sql, findings_text(m));
    CHECK(m.verdict == Verdict::will_fail);
  }
  // a trigger of its own, whose function a body reader cannot follow everywhere (a view it reads, a domain it
  // casts to, its WHEN clause): what it changes may be these rows
  auto touched = reading;
  touched.relations[1].triggers = {trigger("other_touch")};
  for (const char* sql : {"update other set name = 'x';\n", "insert into other (name) values ('x');\n"}) {
    CHECK(check(touched, sql).verdict == Verdict::warnings);
  }
  // trigger functions elsewhere, which only their triggers run, whatever they write
  auto elsewhere = with_function;
  elsewhere.routines[0].trigger_function = true;
  CHECK(check(elsewhere, "update other set name = 'x';\n").verdict == Verdict::will_fail);
  // an operator or cast of the user's, or a function named as a built-in one, may call anything anywhere
  auto unseen = reading;
  unseen.unseen_calls = true;
  CHECK(check(unseen, "update other set name = 'x';\n").verdict == Verdict::warnings);
  // a DEFAULT calling an extension's function (dblink_exec may write anywhere), or one the catalog does not list
  auto extension_default = reading;
  extension_default.relations[1].columns[0].default_expression = "dblink_exec('update accounts set note = 1')";
  CHECK(check(extension_default, "insert into other (name) values ('x');\n").verdict == Verdict::warnings);
  extension_default.relations[1].columns[0].default_expression = "fix_notes()";  // (the target's, read)
  CHECK(check(extension_default, "insert into other (name) values ('x');\n").verdict == Verdict::will_fail);
  // rows put in a table the run made are the shadow's, unless a column's domain may call a function that writes
  auto with_domain = with_function;
  CatalogType domain;
  domain.schema = "public";
  domain.name = "checked";
  domain.kind = 'd';
  with_domain.types.push_back(domain);
  const std::string fresh = "create table fresh (id int, w checked);\ninsert into fresh values (1, 2);\n";
  CHECK(check(with_domain, fresh).verdict == Verdict::warnings);
  auto reading_domain = with_domain;
  reading_domain.routines[0].may_write_rows = false;
  CHECK(check(reading_domain, fresh).verdict == Verdict::will_fail);
  CHECK(check(with_domain, "create type mood as enum ('a');\ncreate table fresh (id int, m mood[]);\n"
                           "insert into fresh values (1, '{a}');\n").verdict == Verdict::will_fail);
  // DDL that runs a function of the user's over a table's rows (or once): a CHECK it validates, an added column's
  // DEFAULT; not a CREATE TABLE's (no row to run it on)
  for (const char* sql : {"alter table other add constraint named check (valid_name(name));\n",
                          "alter table other add column stamp int default next_stamp();\n",
                          "create index on other (normalised(name));\n"}) {
    const auto m = check(catalog, sql);
    INFO(sql, findings_text(m));
    CHECK(m.verdict == Verdict::warnings);
    CHECK(finding_with(m, Severity::warning, may) != nullptr);
  }
  for (const char* sql : {"create table fresh (id int default next_id() check (valid_id(id)));\n",
                          "alter table other add constraint named check (valid_name(name)) not valid;\n"}) {
    const auto m = check(catalog, sql);
    INFO(sql, findings_text(m));
    CHECK(m.verdict == Verdict::will_fail);
  }
  // ... or one the run gives it
  const auto m = preflight(catalog, input_for({migration("006_data.sql",
                                                         "alter table accounts add foreign key (owner) references "
                                                         "other (name) on delete cascade;\ndelete from other;\n"),
                                               migration("007_required.sql",
                                                         "alter table accounts alter column note set not null;\n")}))
                     .migrations[1];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "(migrations/006_data.sql:2 may change rows") != nullptr);
}

namespace {

// with_accounts() with two unique keys: its primary key (id) and a UNIQUE (owner).
CatalogSnapshot with_keyed_accounts() {
  auto catalog = with_accounts();
  CatalogIndex key;
  key.name = "accounts_pkey";
  key.unique = key.primary = true;
  key.definition = "CREATE UNIQUE INDEX accounts_pkey ON public.accounts USING btree (id)";
  CatalogIndex owner = key;
  owner.name = "accounts_owner_key";
  owner.primary = false;
  owner.definition = "CREATE UNIQUE INDEX accounts_owner_key ON public.accounts USING btree (owner)";
  catalog.relations[0].indexes = {key, owner};
  return catalog;
}

}  // namespace

TEST_CASE("preflight: an INSERT without a column list (pg_dump --inserts) asks about the table's columns in "
          "their order, as the run names them") {
  auto catalog = with_keyed_accounts();  // id, note, owner
  // (a short row leaves owner to its default: that row's owner is not asked)
  auto questions = preflight(catalog, input_for({migration("007_seed.sql",
                                                           "insert into accounts values (1, 'a', 'x'), (2, 'b');\n")}))
                       .unasked_rows;
  REQUIRE(questions.size() == 2);
  CHECK(questions[0].kind == RowCheckKind::present);
  CHECK(questions[0].columns == std::vector<std::string>{"id"});
  CHECK(questions[0].expression == "(CAST((1\n) AS bigint)), (CAST((2\n) AS bigint))");
  CHECK(questions[1].columns == std::vector<std::string>{"owner"});
  CHECK(questions[1].expression == "(CAST(('x'\n) AS text))");
  // a column the run renamed keeps its place (and is asked by the target's name; named as the run calls it)
  questions = preflight(catalog, input_for({migration("007_seed.sql", "alter table accounts rename id to key;\n"
                                                                      "insert into accounts values (5, 'a');\n")}))
                  .unasked_rows;
  REQUIRE(questions.size() == 1);
  CHECK(questions[0].columns == std::vector<std::string>{"id"});
  CHECK(questions[0].expression == "(CAST((5\n) AS bigint))");
  catalog.row_checks = {questions[0]};
  catalog.row_checks[0].found = true;
  const auto m = preflight(catalog, input_for({migration("007_seed.sql", "alter table accounts rename id to key;\n"
                                                                         "insert into accounts values (5, 'a');\n")}))
                     .migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(finding_with(m, Severity::error, "INSERT INTO accounts fails: accounts has a row on the target with the (key) "
                                         "of a row it inserts, under its primary key accounts_pkey") != nullptr);
  catalog.row_checks.clear();
  // a column the run dropped moves the others: nothing asked; more values than columns: the server's error
  CHECK(preflight(catalog, input_for({migration("007_seed.sql", "alter table accounts drop column note;\n"
                                                                "insert into accounts values (1, 'x');\n")}))
            .unasked_rows.empty());
  CHECK(preflight(catalog, input_for({migration("007_seed.sql", "insert into accounts values (1, 'a', 'x', 4);\n")}))
            .unasked_rows.empty());
  // a literal cast to another type than the column's is that type's value, which the INSERT may not assign
  // ('2'::text to a bigint: 42804, not 23505): not asked; cast to the column's own type, asked
  CHECK(preflight(catalog, input_for({migration("007_seed.sql", "insert into accounts values ('2'::text);\n")}))
            .unasked_rows.empty());
  CHECK(preflight(catalog, input_for({migration("007_seed.sql", "insert into accounts values ('2'::bigint);\n")}))
            .unasked_rows.size() == 1);
  // a field of a column: none of its values is a column's
  CHECK(preflight(catalog,
                  input_for({migration("007_seed.sql", "insert into accounts (id, note[1]) values (1, 'a');\n")}))
            .unasked_rows.empty());
}

TEST_CASE("preflight: an INSERT ... ON CONFLICT (a key) asks about the table's other keys, with its arbiter's "
          "values, and nothing where its arbiter is not found or not set") {
  auto catalog = with_keyed_accounts();  // id, note, owner
  auto questions =
      preflight(catalog, input_for({migration("007_seed.sql", "insert into accounts (owner, id) values ('x', 1) "
                                                              "on conflict (id) do update set owner = 'y';\n")}))
          .unasked_rows;
  REQUIRE(questions.size() == 1);
  CHECK(questions[0].columns == std::vector<std::string>{"owner"});
  CHECK(questions[0].arbiter_columns == std::vector<std::string>{"id"});
  CHECK(questions[0].arbiter_updates);
  CHECK(questions[0].expression == "(CAST(('x'\n) AS text), CAST((1\n) AS bigint))");
  const std::string on_constraint =
      "insert into accounts (owner, id) values ('x', 1) on conflict on constraint accounts_owner_key do nothing;\n";
  questions = preflight(catalog, input_for({migration("007_seed.sql", on_constraint)})).unasked_rows;
  REQUIRE(questions.size() == 1);
  CHECK(questions[0].columns == std::vector<std::string>{"id"});
  CHECK(questions[0].arbiter_columns == std::vector<std::string>{"owner"});
  CHECK_FALSE(questions[0].arbiter_updates);
  // a NULL of the arbiter's key (owner may hold NULL) conflicts with no row: kept, as NULL
  questions = preflight(catalog, input_for({migration("007_seed.sql", "insert into accounts (owner, id) values "
                                                                      "(null, 1) on conflict (owner) do nothing;\n")}))
                  .unasked_rows;
  REQUIRE(questions.size() == 1);
  CHECK(questions[0].columns == std::vector<std::string>{"id"});
  CHECK(questions[0].expression == "(CAST((1\n) AS bigint), CAST(NULL AS text))");
  // no unique index of (note), its arbiter's values not set, any key's clash handled: nothing asked
  for (const char* sql : {"insert into accounts (owner, id) values ('x', 1) on conflict (note) do nothing;\n",
                          "insert into accounts (owner) values ('x') on conflict (id) do nothing;\n",
                          "insert into accounts (owner, id) values ('x', 1) on conflict do nothing;\n"}) {
    INFO(sql);
    CHECK(preflight(catalog, input_for({migration("007_seed.sql", sql)})).unasked_rows.empty());
  }
}

TEST_CASE("preflight: ADD ... EXCLUDE asks whether two of the target's rows conflict, each element with its "
          "operator, within its WHERE") {
  auto catalog = with_accounts();
  const auto input = input_for({migration(
      "007_exclude.sql",
      "alter table accounts add constraint one_note exclude using gist (owner with =, note with &&) where (id > 0);\n"
      "alter table accounts add exclude (lower(note) desc nulls last with operator(pg_catalog.=));\n"
      "alter table accounts add exclude (owner collate \"C\" with =);\n")});
  const auto questions = preflight(catalog, input).unasked_rows;
  REQUIRE(questions.size() == 3);
  CHECK(questions[0].kind == RowCheckKind::conflicts);
  CHECK(questions[0].columns == std::vector<std::string>{"owner", "note"});
  CHECK(questions[0].operators == std::vector<std::string>{"=", "&&"});
  CHECK(questions[0].where == "id > 0");
  CHECK(questions[0].columns_as_sql);
  CHECK_FALSE(questions[0].with_children);  // an exclusion constraint covers the table alone
  CHECK(questions[1].columns == std::vector<std::string>{"lower(note)"});
  CHECK(questions[1].operators == std::vector<std::string>{"operator(pg_catalog.=)"});
  CHECK(questions[2].columns == std::vector<std::string>{"(owner) collate \"C\""});

  catalog.row_checks = {questions[0]};
  catalog.row_checks[0].found = true;
  auto m = preflight(catalog, input_for({migration("007_exclude.sql",
                                                   "alter table accounts add constraint one_note exclude using gist "
                                                   "(owner with =, note with &&) where (id > 0);\n")}))
               .migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(finding_with(m, Severity::error, "EXCLUDE one_note fails: two rows of accounts on the target conflict "
                                         "(SQLSTATE 23P01)") != nullptr);
  // a large table with no equality among the operators: not asked (each row with every other), and said so
  {
    auto large = catalog;
    large.row_checks.clear();
    large.relations[0].row_estimate = 500'000;
    const auto result = preflight(large, input_for({migration("007_exclude.sql",
                                                              "alter table accounts add exclude (note with &&);\n"
                                                              "alter table accounts add exclude using gist "
                                                              "(owner with =, note with &&);\n")}));
    INFO(findings_text(result.migrations[0]));
    CHECK(finding_with(result.migrations[0], Severity::warning,
                       "not checked whether two rows of accounts conflict on the target, on which EXCLUDE (note with "
                       "&&) fails (23P01): comparing each of its ~500,000 rows with every other takes too long to "
                       "ask") != nullptr);
    REQUIRE(result.unasked_rows.size() == 1);  // the one with an equality
    CHECK(result.unasked_rows[0].operators == std::vector<std::string>{"=", "&&"});
  }
  // a column the run renamed first: asked by the target's name
  catalog.row_checks.clear();
  const auto renamed = preflight(catalog, input_for({migration("007_exclude.sql",
                                                               "alter table accounts rename column note to memo;\n"
                                                               "alter table accounts add exclude (memo with =);\n")}))
                           .unasked_rows;
  REQUIRE(renamed.size() == 1);
  CHECK(renamed[0].columns == std::vector<std::string>{"note"});
  // one the run added (its DEFAULT in every row), or a function of the user's: not asked, and a warning says so
  m = preflight(catalog, input_for({migration("007_exclude.sql",
                                              "alter table accounts add column memo text default 'x';\n"
                                              "alter table accounts add exclude (memo with =);\n"
                                              "alter table accounts add exclude (my_key(note) with =);\n")}))
          .migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "not checked whether two rows of accounts conflict on the target, on "
                                           "which EXCLUDE (memo with =) fails (23P01): it names a column the run "
                                           "added or changed, or a function of the user's") != nullptr);
  CHECK(finding_with(m, Severity::warning, "not checked whether two rows of accounts conflict on the target, on "
                                           "which EXCLUDE (my_key(note) with =) fails (23P01)") != nullptr);
  m = preflight(catalog, input_for({migration("007_unique.sql",
                                              "create unique index on accounts (my_key(note));\n")}))
          .migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "not checked whether rows of accounts share a value of (my_key(note)) on "
                                           "the target, on which CREATE UNIQUE INDEX fails (23505)") != nullptr);
  // an operator class of text's over a citext column compares as text does (case and all): read as text
  catalog.relations[0].columns.push_back(column("tag", "citext", false));
  const auto asked = preflight(catalog, input_for({migration("007_unique.sql",
                                                             "create unique index on accounts (tag text_pattern_ops);\n"
                                                             "create unique index on accounts (tag citext_ops);\n")}))
                         .unasked_rows;
  REQUIRE(asked.size() == 2);
  CHECK(asked[0].columns == std::vector<std::string>{"CAST((tag) AS text)"});
  CHECK(asked[1].columns == std::vector<std::string>{"tag"});
}

TEST_CASE("preflight: SET NOT NULL of a column with NULLs on the target fails, unless something before may fill it") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true),
                        answered(RowCheckKind::nulls, {"owner"}, std::nullopt, "reading its table took longer than 5 s")};
  auto result = preflight(catalog, input_for({migration("007_required.sql",
                                                        "alter table accounts alter column note set not null;\n"
                                                        "alter table accounts alter column owner set not null;\n")}));
  auto m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  const Finding* error = finding_with(m, Severity::error, "SET NOT NULL fails: accounts.note holds NULL");
  REQUIRE(error != nullptr);
  CHECK(error->location == "migrations/007_required.sql:1");
  CHECK(finding_with(m, Severity::warning,
                     "not checked whether accounts.owner holds NULL on the target, on which SET NOT NULL fails: "
                     "reading its table took longer than 5 s") != nullptr);

  // a file before it that may change rows (an UPDATE preflight does not follow, a CALL...): a warning naming it
  result = preflight(catalog, input_for({migration("006_fill.sql",
                                                   "update accounts set note = n from other where note is null;\n"),
                                         migration("007_required.sql",
                                                   "alter table accounts alter column note set not null;\n")}));
  m = result.migrations[1];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);
  CHECK(finding_with(m, Severity::warning,
                     "accounts.note holds NULL in rows of the target: SET NOT NULL fails unless what runs before it "
                     "fills them (migrations/006_fill.sql:1 may change rows") != nullptr);

  // renamed first: the same rows (asked by the target's name), named as the statement names them
  const auto renamed = input_for({migration("007_required.sql",
                                            "alter table accounts rename column note to memo;\n"
                                            "alter table accounts alter column memo set not null;\n")});
  auto unasked = catalog;
  unasked.row_checks.clear();
  const auto questions = preflight(unasked, renamed).unasked_rows;
  REQUIRE(questions.size() == 1);
  CHECK(questions[0].columns == std::vector<std::string>{"note"});
  result = preflight(catalog, renamed);
  CHECK(result.unasked_rows.empty());
  m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "SET NOT NULL fails: accounts.memo holds NULL") != nullptr);

  // a column the run adds holds what the run puts there: not the target's to say
  result = preflight(catalog, input_for({migration("007_required.sql",
                                                   "alter table accounts drop column note;\n"
                                                   "alter table accounts add column note text;\n"
                                                   "alter table accounts alter column note set not null;\n")}));
  m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "holds NULL") == nullptr);
}

TEST_CASE("preflight: a UNIQUE or unique index over values that repeat on the target fails, and CONCURRENTLY says what "
          "it leaves") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::duplicates, {"owner"}, true),
                        answered(RowCheckKind::duplicates, {"note"}, false)};
  auto result = preflight(catalog, input_for({migration("007_unique.sql",
                                                        "create unique index concurrently accounts_owner_key "
                                                        "on accounts (owner);\n"
                                                        "alter table accounts add unique (note);\n")}));
  auto m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(finding_with(m, Severity::error,
                     "CREATE UNIQUE INDEX CONCURRENTLY accounts_owner_key fails: accounts has rows that share a value "
                     "of (owner) on the target (SQLSTATE 23505); a statement before it must remove the duplicates "
                     "(and a failed CREATE INDEX CONCURRENTLY leaves an INVALID index)") != nullptr);
  CHECK(finding_with(m, Severity::error, "(note)") == nullptr);  // no duplicate there
  // IF NOT EXISTS of an index the target has builds nothing
  catalog.relations.back().indexes.push_back(index("accounts_owner_key",
                                                   "CREATE UNIQUE INDEX accounts_owner_key ON public.accounts USING "
                                                   "btree (owner)", true));
  result = preflight(catalog, input_for({migration("007_unique.sql",
                                                   "create unique index if not exists accounts_owner_key "
                                                   "on accounts (owner);\n")}));
  m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "share a value") == nullptr);
}

TEST_CASE("preflight: an ADD CHECK that rows fail, an ADD FOREIGN KEY that rows break, on the target WILL FAIL, "
          "NOT VALID asks nothing") {
  auto catalog = with_accounts();
  CatalogRelation owners = table("owners", {column("name", "text", true)});
  owners.constraints = {constraint("owners_pkey", 'p', "PRIMARY KEY (name)")};
  catalog.relations.push_back(owners);
  const auto input = input_for({migration("007_rules.sql",
                                          "alter table accounts add constraint note_short check (length(note) < 9);\n"
                                          "alter table accounts add foreign key (owner) references owners;\n"
                                          "alter table accounts add constraint later check (id > 0) not valid;\n")});
  const auto checks = preflight(catalog, input).unasked_rows;
  REQUIRE(checks.size() == 2);
  CHECK(checks[0].kind == RowCheckKind::violations);
  CHECK(checks[0].expression == "length(note) < 9");
  CHECK(checks[1].kind == RowCheckKind::orphans);
  CHECK(checks[1].columns == std::vector<std::string>{"owner"});
  CHECK(checks[1].referenced_table == "owners");
  CHECK(checks[1].referenced_columns == std::vector<std::string>{"name"});  // its primary key

  catalog.row_checks = checks;
  catalog.row_checks[0].found = true;
  catalog.row_checks[1].found = true;
  const auto result = preflight(catalog, input);
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  const Finding* check = finding_with(m, Severity::error, "CHECK note_short fails: rows of accounts on the target fail "
                                                          "it (SQLSTATE 23514)");
  REQUIRE(check != nullptr);
  CHECK(check->location == "migrations/007_rules.sql:1");
  CHECK(finding_with(m, Severity::error,
                     "FOREIGN KEY (owner) REFERENCES owners fails: accounts has rows whose (owner) no row of owners "
                     "holds on the target (SQLSTATE 23503); a statement before it must fix them, or the constraint be "
                     "added NOT VALID") != nullptr);
}

TEST_CASE("preflight: the array type of a type or table (_mood, _accounts) exists with it, no other") {
  const auto catalog = with_accounts();
  const auto m = preflight_one(catalog, "create type mood as enum ('a', 'b');\n"
                                        "comment on type _mood is 'moods';\n"
                                        "comment on type _accounts is 'rows of accounts';\n");
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::ok);
  // a sequence has no row type, nor an array of it
  for (const char* text : {"comment on type _nosuch is 'x';\n", "create sequence sq;\ncomment on type _sq is 'x';\n"}) {
    CAPTURE(text);
    CHECK(preflight_one(catalog, text).verdict == Verdict::will_fail);
  }
}

TEST_CASE("preflight: a sequence OWNED BY a column moves with its table's SET SCHEMA, made apart from it too") {
  auto catalog = empty_database();
  catalog.schemas.push_back({"app", true, "app"});
  CatalogRelation invoices =
      table("invoices", {column("id", "bigint", true, "nextval('app.invoice_no_seq'::regclass)")});
  invoices.schema = "app";
  catalog.relations.push_back(invoices);
  CatalogRelation sequence = table("invoice_no_seq", {});
  sequence.schema = "app";
  sequence.kind = 'S';
  sequence.owned_by_table = "invoices";
  sequence.owned_by_column = "id";
  catalog.relations.push_back(sequence);
  const auto result = preflight(catalog, input_for({migration("002_move.sql",
                                                              "create schema billing;\n"
                                                              "alter table app.invoices set schema billing;\n"
                                                              "comment on sequence billing.invoice_no_seq is 'n';\n")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::ok);
}

TEST_CASE("preflight: an index on a column its table does not have WILL FAIL, an expression's name is no column") {
  const auto catalog = with_accounts();
  auto m = preflight_one(catalog, "create index on accounts (note desc nulls last) include (id);\n"
                                  "create index on accounts (owner text_pattern_ops);\n"
                                  "create index on accounts (lower(note));\n"
                                  "create index on accounts ((note || owner));\n"
                                  "alter table accounts add column region text;\n"
                                  "create index on accounts (region);\n");
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::ok);
  m = preflight_one(catalog, "create index accounts_nope on accounts (nope);\n");
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(finding_with(m, Severity::error, "index accounts_nope (create) fails: column accounts.nope does not exist") !=
        nullptr);
}

TEST_CASE("preflight: a key on a column its table, or the referenced table, does not have WILL FAIL") {
  const auto catalog = with_accounts();
  auto m = preflight_one(catalog, "alter table accounts add column region text, "
                                  "add constraint accounts_region_key unique (region);\n"
                                  "alter table accounts add constraint accounts_self_fk foreign key (owner) references "
                                  "accounts (note);\n"
                                  "create table regions (code text, unique (name), name text);\n");
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::ok);
  m = preflight_one(catalog, "alter table accounts add constraint a_key unique (nope);\n"
                             "alter table accounts add constraint a_fk foreign key (owner) references accounts (nada);\n");
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "constraint a_key on accounts (create) fails: column accounts.nope does not "
                                         "exist") != nullptr);
  CHECK(finding_with(m, Severity::error, "constraint a_fk on accounts (create) fails: column accounts.nada does not "
                                         "exist") != nullptr);
}

TEST_CASE("preflight: ALTER TABLE IF EXISTS of a table that is not there is skipped, as it asks: said, not warned of") {
  const auto m = preflight_one(with_accounts(), "alter table if exists acounts add column z int;\n");
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::ok);
  CHECK(finding_with(m, Severity::info, "column acounts.z (add) is skipped: table acounts does not exist (ALTER TABLE IF "
                                        "EXISTS)") != nullptr);
}

TEST_CASE("preflight: DROP OWNED BY takes what the role owns on the target, and nothing of another role's") {
  auto catalog = with_accounts();
  catalog.relations[0].owner = "app";
  catalog.current_user = "app";
  // accounts is app's: made again after a DROP OWNED BY of another role, it already exists
  auto result = preflight(catalog, input_for({migration("007_cleanup.sql", "drop owned by ghost;\n"),
                                              migration("008_again.sql", "create table accounts (id bigint);\n")}));
  INFO(findings_text(result.migrations[1]));
  CHECK(result.migrations[1].verdict == Verdict::will_fail);
  // of app's: it may be gone
  result = preflight(catalog, input_for({migration("007_cleanup.sql", "drop owned by app;\n"),
                                         migration("008_again.sql", "create table accounts (id bigint);\n")}));
  INFO(findings_text(result.migrations[1]));
  CHECK(result.migrations[1].verdict != Verdict::will_fail);
}

TEST_CASE("preflight: a TRUNCATE before SET NOT NULL leaves no row of the target to fail on, unless a trigger of "
          "the table may fill it or something after it may") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  const auto truncated = [](const std::string& text) {
    auto m = migration("007_required.sql", text);
    m.statements[0].truncates = {{"", "accounts"}};
    return m;
  };
  auto result = preflight(catalog, input_for({truncated("truncate accounts;\n"
                                                        "alter table accounts alter column note set not null;\n")}));
  auto m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::ok);
  CHECK(result.unasked_rows.empty());  // nothing to ask the target either

  // rows put there after it (any statement that may change rows) may hold NULL again: a warning naming it
  result = preflight(catalog, input_for({truncated("truncate accounts;\n"
                                                   "insert into accounts (id) values (1);\n"
                                                   "alter table accounts alter column note set not null;\n")}));
  m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);
  CHECK(finding_with(m, Severity::warning, "(migrations/007_required.sql:2 may change rows") != nullptr);

  // a partition or inheritance child of another: its parent's rows, which a check of the parent reads, keep theirs
  catalog.relations[0].parents = {{"public", "all_accounts"}};
  result = preflight(catalog, input_for({truncated("truncate accounts;\n"
                                                   "alter table accounts alter column note set not null;\n")}));
  m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);
  CHECK(finding_with(m, Severity::warning, "(migrations/007_required.sql:1 may change rows") != nullptr);
  catalog.relations[0].parents.clear();

  // a rule the run made (an INSERT anywhere may fill it), as engine/facts_collector.cpp marks one
  auto ruled = truncated("truncate accounts;\nalter table accounts alter column note set not null;\n");
  DeclaredStatement rule;
  rule.file = ruled.shown;
  rule.facts.command = "CREATE RULE";
  ruled.statements.insert(ruled.statements.begin(), rule);
  result = preflight(catalog, input_for({ruled}));
  m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);

  // a trigger of the table (a TRUNCATE trigger may fill any table): the TRUNCATE may change rows
  catalog.relations[0].triggers = {trigger("accounts_truncated")};
  result = preflight(catalog, input_for({truncated("truncate accounts;\n"
                                                   "alter table accounts alter column note set not null;\n")}));
  m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);
  CHECK(finding_with(m, Severity::warning, "(migrations/007_required.sql:1 may change rows") != nullptr);
}

TEST_CASE("preflight: an ALTER COLUMN ... TYPE whose conversion a row of the target fails WILL FAIL with the server's "
          "error, and other checks of its ALTER TABLE see the converted rows") {
  auto catalog = with_accounts();
  const auto input = input_for({migration("007_types.sql",
                                          "alter table accounts alter column note type integer using note::integer;\n"
                                          "alter table accounts alter column owner type varchar(20), "
                                          "alter column owner set not null;\n")});
  auto checks = preflight(catalog, input).unasked_rows;
  REQUIRE(checks.size() == 3);
  CHECK(checks[0].kind == RowCheckKind::conversion);
  // converted as an assignment: the USING's value to the type, varchar(20) by its length check (typmod 24)
  CHECK(checks[0].expression == "CAST((note::integer\n) AS integer)");
  CHECK(checks[1].expression == "pg_catalog.varchar(CAST(owner AS pg_catalog.varchar), 24, false)");
  CHECK(checks[2].kind == RowCheckKind::nulls);
  checks[0].found = true;
  checks[0].failure = "invalid input syntax for type integer: \"abc\" (SQLSTATE 22P02)";
  checks[1].found = false;
  checks[2].found = true;
  catalog.row_checks = checks;
  const auto result = preflight(catalog, input);
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  const Finding* error = finding_with(m, Severity::error,
                                      "ALTER COLUMN note TYPE integer fails: a row of accounts on the target does not "
                                      "convert: invalid input syntax for type integer: \"abc\" (SQLSTATE 22P02); a "
                                      "statement before it must fix such rows");
  REQUIRE(error != nullptr);
  CHECK(error->location == "migrations/007_types.sql:1");
  // the NULLs of owner: its own ALTER TABLE's type change comes first, so a warning naming it
  CHECK(finding_with(m, Severity::warning,
                     "accounts.owner holds NULL in rows of the target: SET NOT NULL fails unless what runs before it "
                     "fills them (migrations/007_types.sql:1 may change rows") != nullptr);
}

TEST_CASE("preflight: a DO block of DDL alone changes no rows, one that runs DML, PERFORM or EXECUTE may") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  const std::string set_not_null = "alter table accounts alter column note set not null;\n";
  // Drizzle's guard around CREATE TYPE
  auto result = preflight(catalog, input_for({migration("007_x.sql",
                                                        "do $$ begin create type mood as enum ('a');\n"
                                                        "exception when duplicate_object then null; end $$;\n" +
                                                            set_not_null)}));
  INFO(findings_text(result.migrations[0]));
  CHECK(finding_with(result.migrations[0], Severity::error, "SET NOT NULL fails: accounts.note holds NULL") !=
        nullptr);
  for (const std::string body : {"update accounts set note = '' where note is null;", "perform fill_notes();",
                                 "execute 'update accounts set note = 1';"}) {
    CAPTURE(body);
    result = preflight(catalog, input_for({migration("007_x.sql", "do $$ begin " + body + " end $$;\n" +
                                                                      set_not_null)}));
    INFO(findings_text(result.migrations[0]));
    CHECK(finding_with(result.migrations[0], Severity::warning,
                       "fails unless what runs before it fills them (migrations/007_x.sql:1 may change rows") !=
          nullptr);
  }
}

TEST_CASE("preflight: DDL that fires an event trigger whose function may write rows may change rows, before or "
          "after it as the trigger's event says") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  const std::string file = "create table zz (a int);\nalter table accounts alter column note set not null;\n";
  const auto error_of = [&](const CatalogSnapshot& target, const std::string& text) {
    const auto result = preflight(target, input_for({migration("007_x.sql", text)}));
    INFO(findings_text(result.migrations[0]));
    const bool error = finding_with(result.migrations[0], Severity::error, "SET NOT NULL fails") != nullptr;
    const bool warning = finding_with(result.migrations[0], Severity::warning, "may change rows") != nullptr;
    CHECK(error != warning);
    return error;
  };
  CHECK(error_of(catalog, file));  // (no event trigger)
  // one that only notifies (Supabase's pgrst_ddl_watch), or fires on other tags, changes none
  catalog.event_triggers = {{"pgrst_ddl_watch", "ddl_command_end", {}, false},
                            {"fix_rows", "ddl_command_end", {"CREATE FUNCTION", "DROP TABLE"}, true}};
  CHECK(error_of(catalog, file));
  // one that writes rows on every CREATE TABLE (CREATE TABLE AS too), or on every command
  catalog.event_triggers[1].tags = {"CREATE TABLE AS", "CREATE FUNCTION"};
  CHECK_FALSE(error_of(catalog, file));
  // a DROP fires one that names DROP ... tags alone
  const std::string drop = "drop table if exists zz;\nalter table accounts alter column note set not null;\n";
  CHECK(error_of(catalog, drop));
  catalog.event_triggers[1].tags = {"DROP EXTENSION"};
  CHECK_FALSE(error_of(catalog, drop));
  catalog.event_triggers[1].tags = {};
  CHECK_FALSE(error_of(catalog, file));
  // at ddl_command_start it writes before the ALTER TABLE's own check
  catalog.event_triggers[1].event = "ddl_command_start";
  CHECK_FALSE(error_of(catalog, "alter table accounts alter column note set not null;\n"));
  catalog.event_triggers[1].event = "ddl_command_end";
  CHECK(error_of(catalog, "alter table accounts alter column note set not null;\n"));
  catalog.event_triggers[1].event = "login";  // (PostgreSQL 17's: fires as a session starts, on no DDL)
  CHECK(error_of(catalog, file));
  catalog.event_triggers[1].event = "ddl_command_end";
  // the run's own event trigger: any DDL after it may
  catalog.event_triggers.clear();
  CHECK_FALSE(error_of(catalog, "create event trigger et on ddl_command_end execute function fix_rows();\n" + file));
  CHECK_FALSE(error_of(catalog, "alter event trigger et enable;\n" + file));  // (one of the target's, disabled)
}

TEST_CASE("preflight: an ALTER COLUMN form the facts do not model (SET EXPRESSION) may change the column's values") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  const auto result = preflight(catalog, input_for({migration("007_x.sql",
                                                              "alter table accounts alter column note set expression "
                                                              "as (owner);\n"
                                                              "alter table accounts alter column note set not null;\n")}));
  INFO(findings_text(result.migrations[0]));
  CHECK(finding_with(result.migrations[0], Severity::error, "holds NULL") == nullptr);
  CHECK(finding_with(result.migrations[0], Severity::warning,
                     "(migrations/007_x.sql:1 may change rows") != nullptr);
}

TEST_CASE("preflight: an UPDATE or DELETE of a plain table is followed: the checks after it ask about the rows as it "
          "leaves them, and the UPDATE about its own table's rules") {
  auto catalog = with_accounts();
  catalog.relations[0].constraints.push_back({"positive_id", 'c', true, "CHECK ((id > 0))"});
  const auto input = input_for({migration("006_fill.sql", "update accounts a set note = '' where a.note is null;\n"
                                                          "delete from accounts where owner = 'gone';\n"),
                                migration("007_required.sql",
                                          "alter table accounts alter column note set not null;\n")});
  const auto asked = preflight(catalog, input).unasked_rows;
  // the UPDATE's own: its values convert (the rows it changes); the CHECK reads no column it sets: not asked
  REQUIRE(asked.size() == 2);
  CHECK(asked[0].kind == RowCheckKind::conversion);
  CHECK(asked[0].expression == "ROW(note)");
  const std::string updated = "SELECT a.id AS id, CASE WHEN COALESCE((a.note is null\n), false) THEN "
                              "CAST((''\n) AS text) ELSE a.note END AS note, a.owner AS owner "
                              "FROM ONLY public.accounts AS a";
  CHECK(asked[0].rows_as == updated + " WHERE COALESCE((a.note is null\n), false)");
  // SET NOT NULL: of the rows the UPDATE, then the DELETE, leave
  CHECK(asked[1].kind == RowCheckKind::nulls);
  CHECK(asked[1].rows_as == "SELECT * FROM (" + updated + "\n) AS accounts WHERE NOT COALESCE((owner = 'gone'\n), "
                            "false)");
  // the answers decide: none left, nothing to say; some, an error that names where the rows were left so
  const auto with_answers = [&catalog](std::vector<RowCheck> questions, const std::vector<bool>& found,
                                       const PreflightInput& in) {
    return preflight_answered(catalog, std::move(questions), found, in);
  };
  auto m = with_answers(asked, {false, false}, input);
  INFO(findings_text(m.migrations[1]));
  CHECK(m.migrations[0].verdict == Verdict::ok);
  CHECK(m.migrations[1].verdict == Verdict::ok);
  m = with_answers(asked, {false, true}, input);
  INFO(findings_text(m.migrations[1]));
  CHECK(finding_with(m.migrations[1], Severity::error,
                     "SET NOT NULL fails: accounts.note holds NULL in rows of the target, as "
                     "migrations/006_fill.sql:2 leaves them (SQLSTATE 23502)") != nullptr);
  // the UPDATE's values that break its table's rules: an error at the UPDATE
  const auto own = preflight(catalog, input_for({migration("006_fill.sql", "update accounts set id = id - 1;\n")}))
                       .unasked_rows;
  REQUIRE(own.size() == 3);
  CHECK(own[1].kind == RowCheckKind::nulls);
  CHECK(own[2].kind == RowCheckKind::violations);
  CHECK(own[2].expression == "((id > 0))");
  m = with_answers(own, {false, false, true},
                   input_for({migration("006_fill.sql", "update accounts set id = id - 1;\n")}));
  INFO(findings_text(m.migrations[0]));
  CHECK(finding_with(m.migrations[0], Severity::error,
                     "UPDATE accounts fails: rows of accounts on the target fail its CHECK positive_id with the "
                     "values it sets (SQLSTATE 23514); its new values must be ones the table takes") != nullptr);
  // an UPDATE it cannot follow after one it did: asked about the rows as the first left them, and a warning that
  // names the second (a hunt's find: it named the first)
  const auto unseen_input = input_for({migration("006_fill.sql", "update accounts set note = '' where note is null;\n"
                                                                 "update accounts set note = o.name from other o;\n"),
                                       migration("007_required.sql",
                                                 "alter table accounts alter column note set not null;\n")});
  const auto unseen = preflight(catalog, unseen_input).unasked_rows;
  REQUIRE(unseen.size() == 2);
  CHECK(unseen[1].kind == RowCheckKind::nulls);
  CHECK_FALSE(unseen[1].rows_as.empty());
  m = with_answers(unseen, {false, true}, unseen_input);
  INFO(findings_text(m.migrations[1]));
  CHECK(finding_with(m.migrations[1], Severity::warning,
                     "SET NOT NULL fails unless what runs before it fills them (migrations/006_fill.sql:2 may change "
                     "rows") != nullptr);
  // of a column the run renamed: not followed (a warning, as before; so after a SET the evaluation depends on,
  // which the facts collector marks)
  const auto renamed = preflight(catalog, input_for({migration("006_fill.sql",
                                                               "alter table accounts rename column note to memo;\n"
                                                               "update accounts set memo = '' where memo is null;\n"),
                                                     migration("007_required.sql",
                                                               "alter table accounts alter column memo set not "
                                                               "null;\n")}));
  REQUIRE(renamed.unasked_rows.size() == 1);
  CHECK(renamed.unasked_rows[0].kind == RowCheckKind::nulls);
  CHECK(renamed.unasked_rows[0].rows_as.empty());
}

TEST_CASE("preflight: an UPDATE of a table whose triggers write no rows changes its rows alone, and one whose BEFORE "
          "UPDATE trigger sets a column to a value (an updated_at trigger) is followed with it") {
  auto catalog = with_accounts();
  catalog.relations[0].columns.push_back(column("updated_at", "timestamp with time zone", true));
  catalog.relations.push_back(table("other", {column("name", "text", false)}));
  CatalogTrigger touch = trigger("accounts_touch");
  touch.may_write_rows = false;
  touch.before_row = true;
  touch.on_update = true;
  touch.sets = std::vector<std::pair<std::string, std::string>>{{"updated_at", "now()"}};
  catalog.relations[0].triggers = {touch};
  const auto input_with = [](const std::string& fill) {
    return input_for({migration("006_fill.sql", fill),
                      migration("007_required.sql", "alter table accounts alter column note set not null;\n"
                                                    "alter table other alter column name set not null;\n")});
  };
  const auto input = input_with("update accounts set note = '' where note is null;\n");
  const auto asked = preflight(catalog, input).unasked_rows;
  // the UPDATE's own (its values and its trigger's convert, the NOT NULL updated_at its trigger sets), then
  // accounts.note of the rows as it and its trigger leave them, then other.name
  REQUIRE(asked.size() == 4);
  CHECK(asked[0].kind == RowCheckKind::conversion);
  CHECK(asked[0].expression == "ROW(note, updated_at)");
  CHECK(asked[1].kind == RowCheckKind::nulls);
  CHECK(asked[1].columns == std::vector<std::string>{"updated_at"});
  CHECK(asked[2].kind == RowCheckKind::nulls);
  CHECK(asked[2].columns == std::vector<std::string>{"note"});
  const std::string touched = "CASE WHEN COALESCE((note is null\n), false) THEN CAST((now()\n) AS timestamp with "
                              "time zone) ELSE accounts.updated_at END AS updated_at";
  CHECK(asked[2].rows_as.find(touched) != std::string::npos);
  CHECK(asked[3].table == "other");
  CHECK(asked[3].rows_as.empty());
  const auto with_answers = [](const CatalogSnapshot& with, std::vector<RowCheck> questions,
                                const std::vector<bool>& found, const PreflightInput& in) {
    return preflight_answered(with, std::move(questions), found, in).migrations[1];
  };
  auto m = with_answers(catalog, asked, {false, false, true, true}, input);
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "SET NOT NULL fails: accounts.note holds NULL in rows of the target, as "
                                         "migrations/006_fill.sql:1 leaves them") != nullptr);
  CHECK(finding_with(m, Severity::error, "SET NOT NULL fails: other.name holds NULL") != nullptr);
  // a trigger that may not fire (WHEN, UPDATE OF), or does more to the row, or a column the UPDATE sets too: not
  // followed; the table's rows may have changed, other's are as they are
  auto conditional = catalog;
  conditional.relations[0].triggers[0].conditional = true;
  auto unread = catalog;
  unread.relations[0].triggers[0].sets.reset();
  auto disabled = catalog;  // (and the run enables it again: whether it fires then is not the catalog's to tell)
  disabled.relations[0].triggers[0].fires = false;
  // (the warning says why)
  for (const auto& [with, fill, why] : std::vector<std::tuple<const CatalogSnapshot*, std::string, std::string>>{
           {&conditional, "update accounts set note = '' where note is null;\n",
            "trigger accounts_touch of accounts has a WHEN clause or an UPDATE OF column list"},
           {&unread, "update accounts set note = '' where note is null;\n",
            "trigger accounts_touch of accounts may do more to a row than set columns to values"},
           {&disabled, "update accounts set note = '' where note is null;\n",
            "the run enabled or disabled a trigger of accounts before it"},
           {&catalog, "update accounts set note = o.name from other o where note is null;\n",
            "its FROM reads other tables' rows"}}) {
    INFO(fill);
    const auto in = input_with(with == &disabled ? "alter table accounts enable trigger accounts_touch;\n" + fill
                                                 : fill);
    const auto questions = preflight(*with, in).unasked_rows;
    REQUIRE(questions.size() == 2);
    CHECK(questions[0].rows_as.empty());
    m = with_answers(*with, questions, {true, true}, in);
    INFO(findings_text(m));
    const std::string line = with == &disabled ? "2" : "1";
    CHECK(finding_with(m, Severity::warning, "SET NOT NULL fails unless what runs before it fills them "
                                             "(migrations/006_fill.sql:" + line + " may change rows: " + why +
                                             "; preflight cannot see which)") != nullptr);
    CHECK(finding_with(m, Severity::error, "SET NOT NULL fails: other.name holds NULL") != nullptr);
  }
  // a column the UPDATE sets too: the trigger's value, which it sets after
  const auto both = preflight(catalog, input_with("update accounts set note = '', updated_at = null where note is "
                                                  "null;\n"))
                        .unasked_rows;
  REQUIRE(both.size() == 4);
  CHECK(both[2].rows_as.find(touched) != std::string::npos);
  // a disabled trigger (or one for replicas alone) does not fire: what the UPDATE sets alone; so in a later
  // file, whose now() is later than the first's
  const auto unfired = preflight(disabled, input_with("update accounts set note = '' where note is null;\n"))
                           .unasked_rows;
  REQUIRE(unfired.size() == 3);
  CHECK(unfired[1].rows_as.find("updated_at") != std::string::npos);
  CHECK(unfired[1].rows_as.find("now()") == std::string::npos);
  // (a file that runs outside a transaction sends each statement alone: the batch after it has a later now();
  // files in a transaction share their batch's)
  auto after_own = input_for({migration("005_x.sql", "select 1;\n"),
                              migration("006_fill.sql", "update accounts set note = '' where note is null;\n"),
                              migration("007_required.sql", "alter table accounts alter column note set not null;\n")});
  CHECK(preflight(catalog, after_own).unasked_rows[2].rows_as.find("CAST((now()\n)") != std::string::npos);
  after_own.pending[0].transaction_mode.identifier = "no_transaction";
  const auto later = preflight(catalog, after_own).unasked_rows;
  REQUIRE(later.size() == 3);
  CHECK(later[2].rows_as.find("CAST(((now() + interval '1 ms')\n) AS timestamp with time zone)") !=
        std::string::npos);
  // a DELETE, which a BEFORE DELETE trigger may skip rows of: not followed
  auto on_delete = catalog;
  on_delete.relations[0].triggers[0].on_delete = true;
  const auto deleted = preflight(on_delete, input_with("delete from accounts where note is null;\n")).unasked_rows;
  REQUIRE(deleted.size() == 2);
  CHECK(deleted[0].rows_as.empty());
  // a trigger whose function may write rows (another table's): every table's rows may have changed
  auto writing = catalog;
  writing.relations[0].triggers[0].may_write_rows = true;
  const auto in = input_with("update accounts set note = '' where note is null;\n");
  m = with_answers(writing, preflight(writing, in).unasked_rows, {true, true}, in);
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "other.name") == nullptr);
  CHECK(finding_with(m, Severity::warning, "SET NOT NULL fails unless what runs before it fills them "
                                           "(migrations/006_fill.sql:1 may change rows: the function of trigger "
                                           "accounts_touch of accounts may write rows; preflight cannot see "
                                           "which)") != nullptr);
}

TEST_CASE("preflight: a SELECT of constants or an advisory lock changes no rows, unless a name in it may stand for "
          "a function of the user's, and an ALTER DOMAIN may") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  const auto check = [](const CatalogSnapshot& with, const std::string& before) {
    return preflight(with, input_for({migration("006_lock.sql", before),
                                      migration("007_required.sql",
                                                "alter table accounts alter column note set not null;\n")}))
        .migrations[1];
  };
  for (const char* sql : {"select 1;\n", "select pg_advisory_xact_lock(42);\n", "select now(), 1 + 2;\n"}) {
    INFO(sql);
    CHECK(check(catalog, sql).verdict == Verdict::will_fail);
  }
  // an operator or cast of the user's, a function named as a built-in one, a search_path that puts pg_catalog
  // after another schema, a function the run made: it may call one of the user's (a search_path or an operator
  // the run made: the facts collector's, in the integration tests)
  auto unseen = catalog;
  unseen.unseen_calls = true;
  auto late_catalog = catalog;
  late_catalog.search_path = {"public", "pg_catalog"};
  for (const auto& [with, sql] : std::vector<std::pair<const CatalogSnapshot*, std::string>>{
           {&unseen, "select 1 + 2;\n"},
           {&late_catalog, "select lower('x');\n"},
           {&catalog, "create function f() returns int language sql as 'select 1';\nselect 1;\n"},
           {&catalog, "alter domain positive add constraint c check (ok(value));\n"}}) {
    INFO(sql);
    const auto m = check(*with, sql);
    INFO(findings_text(m));
    CHECK(m.verdict == Verdict::warnings);
    CHECK(finding_with(m, Severity::warning, "may change rows") != nullptr);
  }
}

TEST_CASE("preflight: a column the run adds to a table of the target's holds its DEFAULT or NULL in each row there, "
          "and the checks after it ask about the rows as the UPDATEs that fill it leave them") {
  const auto catalog = with_accounts();
  const auto input = input_for({migration("006_plan.sql", "alter table accounts add column plan text;\n"
                                                          "update accounts set plan = 'free' where note is null;\n"),
                                migration("007_required.sql",
                                          "alter table accounts alter column plan set not null;\n"
                                          "alter table accounts add constraint one_plan unique (plan);\n")});
  const auto asked = preflight(catalog, input).unasked_rows;
  REQUIRE(asked.size() == 2);
  const std::string added = "SELECT pgapply_added.*, CAST((NULL\n) AS text) AS plan FROM ONLY public.accounts AS "
                            "pgapply_added";
  const std::string filled = "SELECT accounts.id AS id, accounts.note AS note, accounts.owner AS owner, CASE WHEN "
                             "COALESCE((note is null\n), false) THEN CAST(('free'\n) AS text) ELSE accounts.plan END "
                             "AS plan FROM (" + added + "\n) AS accounts";
  CHECK(asked[0].kind == RowCheckKind::nulls);
  CHECK(asked[0].columns == std::vector<std::string>{"plan"});
  CHECK(asked[0].rows_as == filled);
  CHECK(asked[1].kind == RowCheckKind::duplicates);
  CHECK(asked[1].rows_as == filled);
  // rows the UPDATE left NULL: an error that names it; none, nothing to say
  auto m = preflight_answered(catalog, asked, {true, false}, input).migrations[1];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "SET NOT NULL fails: accounts.plan holds NULL in rows of the target, as "
                                         "migrations/006_plan.sql:2 leaves them (SQLSTATE 23502)") != nullptr);
  m = preflight_answered(catalog, asked, {false, false}, input).migrations[1];
  CHECK(m.verdict == Verdict::ok);
  // straight after it is added: each row holds its DEFAULT (a constant)
  const auto defaulted = preflight(catalog, input_for({migration("006_plan.sql",
                                                                 "alter table accounts add column plan text "
                                                                 "default 'free';\n"
                                                                 "create unique index one_plan on accounts (plan);\n")}))
                             .unasked_rows;
  REQUIRE(defaulted.size() == 1);
  CHECK(defaulted[0].kind == RowCheckKind::duplicates);
  CHECK(defaulted[0].rows_as == "SELECT pgapply_added.*, CAST(('free'\n) AS text) AS plan FROM ONLY "
                                "public.accounts AS pgapply_added");
  // not followed: a DEFAULT that is no constant, a column a DO block may skip, one dropped and added again (its
  // rows' values are not the DEFAULT's where the first was filled), a table with an inheritance child
  for (const std::string& sql : {std::string("alter table accounts add column plan text default md5(note);\n"),
                                 std::string("do $$ begin if true then alter table accounts add column plan text; "
                                             "end if; end $$;\n"),
                                 std::string("alter table accounts add column plan text;\n"
                                             "alter table accounts drop column plan;\n"
                                             "alter table accounts add column plan text;\n")}) {
    INFO(sql);
    const auto not_followed = preflight(catalog, input_for({migration("006_plan.sql", sql),
                                                            migration("007_required.sql",
                                                                      "alter table accounts alter column plan set "
                                                                      "not null;\n")}))
                                  .unasked_rows;
    CHECK(not_followed.empty());
  }
  // one renamed onto the name of a column the run added and dropped (or renamed away): not that column (a hunt's
  // false alarm: it was asked about as the first)
  for (const std::string& away : {std::string("alter table accounts drop column plan;\n"),
                                   std::string("alter table accounts rename column plan to old_plan;\n")}) {
    INFO(away);
    const auto renamed = preflight(catalog, input_for({migration("006_plan.sql",
                                                                 "alter table accounts add column plan text;\n" +
                                                                     away +
                                                                     "alter table accounts add column tier text "
                                                                     "default 'v';\n"
                                                                     "alter table accounts rename column tier to "
                                                                     "plan;\n"
                                                                     "alter table accounts alter column plan set not "
                                                                     "null;\n"
                                                                     "alter table accounts add constraint free check "
                                                                     "(plan = 'v');\n")}))
                             .unasked_rows;
    CHECK(renamed.empty());
  }
  // renamed after its backfill (to a name no column of the rows has): asked about under its new name
  const auto renamed_input = input_for({migration("006_plan.sql", "alter table accounts add column plan text;\n"
                                                                  "update accounts set plan = 'free' where note is "
                                                                  "null;\n"
                                                                  "alter table accounts rename column plan to tier;\n"),
                                        migration("007_required.sql",
                                                  "alter table accounts alter column tier set not null;\n")});
  const auto asked_renamed = preflight(catalog, renamed_input).unasked_rows;
  REQUIRE(asked_renamed.size() == 1);
  CHECK(asked_renamed[0].columns == std::vector<std::string>{"tier"});
  CHECK(asked_renamed[0].rows_as == "SELECT pgapply_renamed.*, pgapply_renamed.plan AS tier FROM (" + filled +
                                        "\n) AS pgapply_renamed");
  m = preflight_answered(catalog, asked_renamed, {true}, renamed_input).migrations[1];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "SET NOT NULL fails: accounts.tier holds NULL in rows of the target, as "
                                         "migrations/006_plan.sql:2 leaves them") != nullptr);
  // a key of other columns, after it: asked about the same rows, with no word of the ADD COLUMN's
  const auto other = input_for({migration("006_plan.sql", "alter table accounts add column plan text;\n"
                                                          "alter table accounts add constraint one_owner "
                                                          "unique (owner);\n")});
  const auto asked_other = preflight(catalog, other).unasked_rows;
  REQUIRE(asked_other.size() == 1);
  m = preflight_answered(catalog, asked_other, {true}, other).migrations[0];
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "UNIQUE (owner) fails: accounts has rows that share a value of (owner) on "
                                         "the target, as migrations/006_plan.sql:1 leaves them (SQLSTATE 23505)") !=
        nullptr);
}

TEST_CASE("preflight: ANALYZE, VACUUM, CLUSTER or REINDEX may change rows where an index's or statistics' expression "
          "calls a function that writes them, and an index build where an operator class's support function does") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  CatalogRoutine fill;
  fill.schema = "public";
  fill.name = "fill";
  catalog.routines.push_back(fill);  // (something depends on it, but no index's or statistics' expression)
  const auto check = [](const CatalogSnapshot& with, const std::string& before) {
    return preflight(with, input_for({migration("006_data.sql", before),
                                      migration("007_required.sql",
                                                "alter table accounts alter column note set not null;\n")}))
        .migrations[1];
  };
  const std::vector<std::string> maintenance = {"analyze accounts;\n", "vacuum (analyze) accounts;\n",
                                                "cluster accounts using accounts_pkey;\n",
                                                "reindex table accounts;\n"};
  for (const auto& sql : maintenance) {
    INFO(sql);
    CHECK(check(catalog, sql).verdict == Verdict::will_fail);
  }
  auto immutable = catalog;
  immutable.routines[0].indexed = true;
  for (const auto& sql : maintenance) {
    const auto m = check(immutable, sql);
    INFO(sql, findings_text(m));
    CHECK(m.verdict == Verdict::warnings);
    CHECK(finding_with(m, Severity::warning, "(migrations/006_data.sql:1 may change rows: it runs index and "
                                             "statistics expressions over the rows, and one calls a function of the "
                                             "user's that may write rows; preflight cannot see which)") != nullptr);
  }
  // one that writes no rows
  auto reading = immutable;
  reading.routines[0].may_write_rows = false;
  CHECK(check(reading, "analyze accounts;\n").verdict == Verdict::will_fail);
  // an index build, where an operator class's support function (or an operator's) may write rows
  const std::vector<std::string> builds = {"create index accounts_owner on accounts (owner);\n",
                                           "alter table accounts add constraint one_owner unique (owner);\n"};
  for (const auto& sql : builds) {
    INFO(sql);
    CHECK(check(catalog, sql).verdict == Verdict::will_fail);
  }
  auto support = catalog;
  support.routines[0].index_support = true;
  for (const auto& sql : builds) {
    const auto m = check(support, sql);
    INFO(sql, findings_text(m));
    CHECK(m.verdict == Verdict::warnings);
  }
}

TEST_CASE("preflight: an INSERT ... SELECT that leaves a column out adds rows that hold NULL there: SET NOT NULL warns") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, false), answered(RowCheckKind::nulls, {"owner"}, false)};
  const auto copy = [&catalog](const std::string& text) {
    return preflight(catalog, input_for({migration("007_copy.sql", text)})).migrations.at(0);
  };
  const auto warned = [](const MigrationPreflight& m, const std::string& column) {
    return finding_with(m, Severity::warning,
                        "SET NOT NULL fails if the INSERT at migrations/007_copy.sql:1 added a row: it sets no value "
                        "for accounts." + column + ", which has no DEFAULT, so each row it adds holds NULL there");
  };
  auto m = copy("insert into accounts (id, owner) select id, name from legacy;\n"
                                  "alter table accounts alter column note set not null;\n"
                                  "alter table accounts alter column owner set not null;\n");
  INFO(findings_text(m));
  CHECK(warned(m, "note") != nullptr);
  CHECK(warned(m, "owner") == nullptr);  // (it sets owner)

  // a column the run added with no DEFAULT, or the target's whose DEFAULT it dropped, gets NULL too
  m = copy("insert into accounts (id) select id from legacy;\n"
                             "alter table accounts add column slug text;\n"
                             "alter table accounts alter column slug set not null;\n");
  INFO(findings_text(m));
  CHECK(warned(m, "note") == nullptr);  // (no SET NOT NULL of it)
  m = copy("alter table accounts add column slug text;\n"
                             "insert into accounts (id) select id from legacy;\n"
                             "alter table accounts alter column slug set not null;\n");
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "SET NOT NULL fails if the INSERT at migrations/007_copy.sql:2 added a "
                                           "row: it sets no value for accounts.slug") != nullptr);

  // what may fill them after it (an UPDATE, a type change's USING), a DEFAULT it took, a rename: no warning
  for (const char* after : {"update accounts set note = '' where note is null;\n",
                            "do $$ begin update accounts set note = '' where note is null; end $$;\n",
                            "alter table accounts alter column note type varchar(20) using coalesce(note, '');\n",
                            "alter table accounts rename column note to memo;\n"
                            "alter table accounts rename column owner to note;\n"}) {
    INFO(after);
    m = copy(std::string("insert into accounts (id, owner) select id, name from legacy;\n") +
                                   after + "alter table accounts alter column note set not null;\n");
    INFO(findings_text(m));
    CHECK(warned(m, "note") == nullptr);
  }
  m = copy("alter table accounts alter column note set default '';\n"
                             "insert into accounts (id, owner) select id, name from legacy;\n"
                             "alter table accounts alter column note set not null;\n");
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "added a row") == nullptr);
}

TEST_CASE("preflight: REASSIGN OWNED changes no rows, DROP OWNED may (a partition it drops), and says so") {
  auto catalog = with_accounts();
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  auto m = preflight_one(catalog, "reassign owned by old_owner to app;\n"
                                  "alter table accounts alter column note set not null;\n");
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::error, "SET NOT NULL fails: accounts.note holds NULL") != nullptr);
  m = preflight_one(catalog, "drop owned by old_owner;\n"
                             "alter table accounts alter column note set not null;\n");
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning,
                     "(migrations/007_pending.sql:1 may change rows: DROP OWNED drops the role's tables, and a "
                     "partition's or an inheritance child's rows go with it; preflight cannot see which)") != nullptr);
}

TEST_CASE("preflight: an UPDATE of a partitioned table is followed over all its partitions, unless one has a trigger, and "
          "a question about one partition then counts its rows as changed") {
  CatalogSnapshot catalog = empty_database();
  CatalogRelation events = table("events", {column("id", "bigint", true), column("region", "text", true),
                                            column("note", "text", false)});
  events.kind = 'p';
  events.partition_key = "LIST (region)";
  catalog.relations.push_back(events);
  for (const char* name : {"events_eu", "events_us"}) {
    CatalogRelation partition = table(name, events.columns);
    partition.parents = {{"public", "events"}};
    catalog.relations.push_back(partition);
  }
  const auto input = input_for({migration("007_note.sql", "update events set note = '' where note is null;\n"
                                                          "alter table events alter column note set not null;\n"
                                                          "alter table events_eu add constraint eu_note "
                                                          "check (note <> 'x');\n")});
  auto result = preflight(catalog, input);
  REQUIRE(result.unasked_rows.size() == 2);
  // (of the partitioned table's rows: all its partitions', not ONLY its own, which it has none of)
  CHECK(result.unasked_rows[0].kind == RowCheckKind::nulls);
  CHECK(result.unasked_rows[0].rows_as ==
        "SELECT events.id AS id, events.region AS region, CASE WHEN COALESCE((note is null\n), false) THEN "
        "CAST((''\n) AS text) ELSE events.note END AS note FROM public.events AS events");
  CHECK(result.unasked_rows[1].table == "events_eu");
  CHECK(result.unasked_rows[1].rows_as.empty());
  result = preflight_answered(catalog, result.unasked_rows, {false, true}, input);
  const auto& m = result.migrations.at(0);
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);
  CHECK(finding_with(m, Severity::error, "holds NULL") == nullptr);
  CHECK(finding_with(m, Severity::warning, "(migrations/007_note.sql:1 may change rows: it changes the rows of "
                                           "partitioned table events (followed there)") != nullptr);

  // a trigger of a partition: not followed, and said why
  catalog.relations[2].triggers.push_back(CatalogTrigger{});
  catalog.relations[2].triggers.back().name = "us_audit";
  result = preflight(catalog, input);
  REQUIRE_FALSE(result.unasked_rows.empty());
  CHECK(result.unasked_rows[0].rows_as.empty());
  result = preflight_answered(catalog, result.unasked_rows, std::vector<bool>(result.unasked_rows.size(), true),
                              input);
  INFO(findings_text(result.migrations.at(0)));
  CHECK(finding_with(result.migrations.at(0), Severity::warning,
                     "may change rows: partition events_us of events has a trigger") != nullptr);
}

TEST_CASE("preflight: rows added before a check fix none of the target's rows that fail it: still an error, but of a "
          "foreign key, whose referenced rows an INSERT may add") {
  auto catalog = with_accounts();
  CatalogRelation owners = table("owners", {column("name", "text", true)});
  owners.constraints = {constraint("owners_pkey", 'p', "PRIMARY KEY (name)")};
  catalog.relations.push_back(owners);
  catalog.row_checks = {answered(RowCheckKind::nulls, {"note"}, true)};
  auto m = preflight_one(catalog, "insert into accounts (id, note) values (11, 'x');\n"
                                  "alter table accounts alter column note set not null;\n");
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::will_fail);
  CHECK(finding_with(m, Severity::error, "SET NOT NULL fails: accounts.note holds NULL") != nullptr);
  // an UPDATE may fill them: a warning
  m = preflight_one(catalog, "update accounts set note = 'x' from owners where note is null;\n"
                             "alter table accounts alter column note set not null;\n");
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);

  RowCheck orphans = answered(RowCheckKind::orphans, {"owner"}, true);
  orphans.referenced_schema = "public";
  orphans.referenced_table = "owners";
  orphans.referenced_columns = {"name"};
  catalog.row_checks = {orphans};
  m = preflight_one(catalog, "insert into owners values ('ann');\n"
                             "alter table accounts add foreign key (owner) references owners;\n");
  INFO(findings_text(m));
  CHECK(m.verdict == Verdict::warnings);
  CHECK(finding_with(m, Severity::warning, "(migrations/007_pending.sql:1 may change rows") != nullptr);
}

TEST_CASE("preflight: where the shadow's run kept a table's file, what the static facts call a rewrite of it is none "
          "(a note, or the index it rebuilt), where it gave it a new file the rewrite stands") {
  const auto run = [](std::optional<std::vector<TableFilesSeen>> files) {
    auto input = input_for({migration("010_big.sql", "ALTER TABLE prices ALTER COLUMN volume TYPE numeric;\n")});
    input.pending[0].shadow_files = std::move(files);
    return preflight(example_database(), input).migrations.at(0);
  };
  auto m = run(std::vector<TableFilesSeen>{{"public", "prices", "public", "prices", false}});
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning, "rewrites prices") == nullptr);
  for (const auto& t : m.tables) {
    if (t.table == "prices") CHECK_FALSE(t.rewrites);
  }
  // an index of it rebuilt: every row read under the lock
  m = run(std::vector<TableFilesSeen>{
      {"public", "prices", "public", "prices", false, {{"prices_day_idx", {"day", "volume"}}, {"prices_x", {"day"}}}}});
  CHECK(finding_with(m, Severity::warning,
                     "scans prices (~2,500,000 rows, 350 MB) holding ACCESS EXCLUSIVE (blocks reads and writes) "
                     "meanwhile: rewrites nothing (the table kept its file when the migration ran on the shadow), but "
                     "rebuilds index prices_day_idx, reading every row under ACCESS EXCLUSIVE") != nullptr);
  // given a new file (or another table, which kept its file, has its name after the migration): the rewrite stands
  for (const auto& files : {std::vector<TableFilesSeen>{{"public", "prices", "public", "prices", true}},
                            std::vector<TableFilesSeen>{{"public", "prices", "public", "old_prices", true},
                                                        {"public", "new_prices", "public", "prices", false}},
                            std::vector<TableFilesSeen>{{"public", "users", "public", "users", false}}}) {
    m = run(files);
    CHECK(finding_with(m, Severity::warning, "rewrites prices") != nullptr);
  }
  CHECK(finding_with(run(std::nullopt), Severity::warning, "rewrites prices") != nullptr);
}

TEST_CASE("preflight: a unique key over a column whose type the run changed is not asked of the target's rows (a "
          "warning says why), one over a column the run left alone is") {
  const auto catalog = with_accounts();
  auto result = preflight(catalog, input_for({migration("007_ci.sql",
                                                        "alter table accounts alter column note type citext;\n"
                                                        "create unique index accounts_note on accounts (note);\n")}));
  const auto& m = result.migrations[0];
  INFO(findings_text(m));
  const auto asks_duplicates = [](const PreflightResult& r) {
    return std::any_of(r.unasked_rows.begin(), r.unasked_rows.end(),
                       [](const RowCheck& check) { return check.kind == RowCheckKind::duplicates; });
  };
  CHECK_FALSE(asks_duplicates(result));
  CHECK(finding_with(m, Severity::warning,
                     "not checked whether rows of accounts share a value of (note) on the target, on which CREATE "
                     "UNIQUE INDEX accounts_note fails (23505): the run changed the type of accounts.note (text to "
                     "citext), and which values are equal may change with it") != nullptr);
  const auto other = preflight(catalog, input_for({migration("007_ci.sql",
                                                             "alter table accounts alter column note type citext;\n"
                                                             "create unique index accounts_owner on accounts "
                                                             "(owner);\n")}));
  CHECK(asks_duplicates(other));
  // a type change that keeps distinct values apart: asked as before
  CHECK(asks_duplicates(preflight(catalog, input_for({migration("007_ci.sql",
                                                              "alter table accounts alter column note type "
                                                              "varchar(300);\n"
                                                              "create unique index accounts_note on accounts "
                                                              "(note);\n")}))));
}

TEST_CASE("preflight: an ALTER COLUMN ... TYPE that may make distinct values equal, of a column under a unique index "
          "of the target's, warns that the index rebuilt under the new type may fail, one that keeps them apart "
          "does not") {
  auto catalog = with_accounts();
  catalog.relations[0].indexes = {
      index("accounts_pkey", "CREATE UNIQUE INDEX accounts_pkey ON public.accounts USING btree (id)", true, true),
      index("accounts_note_key", "CREATE UNIQUE INDEX accounts_note_key ON public.accounts USING btree (owner, note)",
            true)};
  auto m = preflight_one(catalog, "alter table accounts alter column note type citext;\n");
  INFO(findings_text(m));
  CHECK(finding_with(m, Severity::warning,
                     "not checked whether two rows of the target hold values of accounts.note that are equal as "
                     "citext: ALTER COLUMN note TYPE citext rebuilds unique index accounts_note_key under the new type "
                     "(text to citext), which fails (23505) if they do") != nullptr);
  for (const std::string statement : {"alter table accounts alter column id type numeric;\n",
                                      "alter table accounts alter column note type varchar(300);\n"}) {
    const auto other = preflight_one(catalog, statement);
    CHECK(finding_with(other, Severity::warning, "rebuilds unique index") == nullptr);
  }
  // (a key's other column)
  CHECK(finding_with(preflight_one(catalog, "alter table accounts alter column owner type citext;\n"),
                     Severity::warning, "rebuilds unique index accounts_note_key") != nullptr);
  catalog.relations[0].indexes.pop_back();
  CHECK(finding_with(preflight_one(catalog, "alter table accounts alter column note type citext;\n"),
                     Severity::warning, "rebuilds unique index") == nullptr);
}

TEST_CASE("preflight: a conversion a row of the target fails WILL FAIL though another column's plain type change in "
          "its ALTER TABLE writes that column anew (a hunt's WILL BLOCK where up failed)") {
  auto catalog = with_accounts();
  const auto input = input_for({migration("007_types.sql", "alter table accounts alter column owner type varchar, "
                                                           "alter column note type varchar(5);\n")});
  auto checks = preflight(catalog, input).unasked_rows;
  const auto conversion = std::find_if(checks.begin(), checks.end(), [](const RowCheck& check) {
    return check.kind == RowCheckKind::conversion && check.expression.find("note") != std::string::npos;
  });
  REQUIRE(conversion != checks.end());
  for (auto& check : checks) check.found = false;
  conversion->found = true;
  conversion->failure = "value too long for type character varying(5) (SQLSTATE 22001)";
  catalog.row_checks = checks;
  const auto result = preflight(catalog, input);
  INFO(findings_text(result.migrations[0]));
  CHECK(result.migrations[0].verdict == Verdict::will_fail);
  CHECK(finding_with(result.migrations[0], Severity::error, "ALTER COLUMN note TYPE varchar(5) fails") != nullptr);
}
