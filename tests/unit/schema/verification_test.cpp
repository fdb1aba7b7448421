#include "schema/verification.hpp"

#include <doctest/doctest.h>

#include "schema_fixtures.hpp"

using namespace pgapply::schema;
using namespace schema_fixtures;

namespace {

const CheckRow* row_for(const VerifyResult& result, const std::string& object) {
  for (const auto& row : result.rows) {
    if (row.object == object) return &row;
  }
  return nullptr;
}

std::string failures(const VerifyResult& result) {
  std::string out;
  for (const auto& row : result.rows) {
    if (!is_failure(row.status)) continue;
    out += std::string(to_string(row.status)) + " " + row.object + " " + row.declared_by.location();
    for (const auto& difference : row.differences) out += " / " + difference;
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("verify: the example project against the database it builds is ok") {
  const auto result = verify(example_migrations(), example_database());
  INFO(failures(result));
  CHECK(result.ok);
  CHECK(result.migrations == 6);
  CHECK(result.count(CheckStatus::missing) == 0);
  CHECK(result.count(CheckStatus::different) == 0);
  // every table, column, constraint, index and policy is listed
  for (const char* object : {"users", "users.id", "users.email", "users_pkey on users", "users_email_key on users",
                             "users_email_check on users", "articles_ticker_id_fkey on articles",
                             "prices_pkey on prices", "articles_published_at_idx", "articles_ticker_idx",
                             "user_alerts_user_idx", "prices_day_idx", "user_watchlists_owner on user_watchlists",
                             "user_alerts_direction_check on user_alerts"}) {
    CAPTURE(object);
    const CheckRow* row = row_for(result, object);
    REQUIRE(row != nullptr);
    CHECK(row->status == CheckStatus::ok);
  }
  const CheckRow* rls = nullptr;
  for (const auto& row : result.rows) {
    if (row.kind == pgapply::ddl::ObjectKind::row_level_security && row.object == "user_alerts") rls = &row;
  }
  REQUIRE(rls != nullptr);
  CHECK(rls->expected == "enabled");
  CHECK(rls->status == CheckStatus::ok);
}

TEST_CASE("verify: the four user-preference columns with type, default and nullability") {
  const auto result = verify(example_migrations(), example_database());
  struct Expected {
    const char* object;
    const char* type;
    const char* expected_default;
    const char* actual_default;
    const char* nullable;
    std::size_t line;
  };
  const Expected expected[] = {
      {"users.max_reports", "integer", "5", "5", "NO", 16},
      {"users.email_digest", "boolean", "true", "true", "NO", 23},
      {"users.timezone", "text", "'UTC'", "'UTC'::text", "YES", 30},
      {"users.theme", "character varying(20)", "'light'", "'light'::character varying", "NO", 37},
  };
  for (const auto& e : expected) {
    CAPTURE(e.object);
    const CheckRow* row = row_for(result, e.object);
    REQUIRE(row != nullptr);
    CHECK(row->status == CheckStatus::ok);
    CHECK(row->expected_type == e.type);
    CHECK(row->actual_type == e.type);
    CHECK(row->expected_default == e.expected_default);
    CHECK(row->actual_default == e.actual_default);
    CHECK(row->default_comparison == "equal");
    CHECK(row->expected_nullable == e.nullable);
    CHECK(row->actual_nullable == e.nullable);
    CHECK(row->conditional);
    CHECK(row->declared_by.location() == "migrations/005_user_preferences.sql:" + std::to_string(e.line));
  }
}

TEST_CASE("verify: a missing column fails naming it and the line that declared it") {
  auto catalog = example_database();
  auto& columns = relation(catalog, "users").columns;
  std::erase_if(columns, [](const CatalogColumn& c) { return c.name == "theme"; });
  const auto result = verify(example_migrations(), catalog);
  CHECK_FALSE(result.ok);
  CHECK(result.count(CheckStatus::missing) == 1);
  const CheckRow* row = row_for(result, "users.theme");
  REQUIRE(row != nullptr);
  CHECK(row->status == CheckStatus::missing);
  CHECK(row->actual == "absent");
  CHECK(row->declared_by.location() == "migrations/005_user_preferences.sql:37");
  CHECK(row->declared_by.version == "5");
}

TEST_CASE("verify: a column with another type, default or nullability is different") {
  auto catalog = example_database();
  for (auto& c : relation(catalog, "users").columns) {
    if (c.name == "max_reports") c.type = "bigint";
    if (c.name == "timezone") c.default_expression = "'Europe/Paris'::text";
    if (c.name == "email_digest") c.not_null = false;
  }
  const auto result = verify(example_migrations(), catalog);
  CHECK_FALSE(result.ok);
  CHECK(result.count(CheckStatus::different) == 3);
  CHECK(row_for(result, "users.max_reports")->differences == std::vector<std::string>{"type is bigint, declared integer"});
  CHECK(row_for(result, "users.timezone")->default_comparison == "different");
  CHECK(row_for(result, "users.email_digest")->differences == std::vector<std::string>{"nullable, declared NOT NULL"});
}

TEST_CASE("verify: types and defaults compare as the server normalises them") {
  const auto migrations = std::vector<MigrationFacts>{migration("001_t.sql", R"sql(
CREATE TABLE t (
  a VARCHAR(255) DEFAULT 'x',
  b INTEGER NOT NULL DEFAULT -1,
  c timestamptz DEFAULT CURRENT_TIMESTAMP,
  d text DEFAULT 'UTC',
  e jsonb DEFAULT '{"a": 1}'
);
)sql")};
  auto catalog = empty_database();
  catalog.relations.push_back(table("t", {column("a", "character varying(255)", false, "'x'::character varying"),
                                          column("b", "integer", true, "'-1'::integer"),
                                          column("c", "timestamp with time zone", false, "CURRENT_TIMESTAMP"),
                                          column("d", "text", false, "'UTC'::text"),
                                          column("e", "jsonb", false, "'{\"a\": 1}'::jsonb")}));
  const auto result = verify(migrations, catalog);
  INFO(failures(result));
  CHECK(result.ok);
  CHECK(row_for(result, "t.a")->status == CheckStatus::ok);
  CHECK(row_for(result, "t.b")->status == CheckStatus::ok);
  CHECK(row_for(result, "t.c")->expected_type == "timestamp with time zone");
  CHECK(row_for(result, "t.c")->status == CheckStatus::ok);
  CHECK(row_for(result, "t.d")->status == CheckStatus::ok);

  // the server canonicalises jsonb: a different text is not judged, and not a failure
  relation(catalog, "t").columns[4].default_expression = "'{\"a\":1}'::jsonb";
  const auto unknown = verify(migrations, catalog);
  CHECK(unknown.ok);
  CHECK(row_for(unknown, "t.e")->status == CheckStatus::unknown);
  CHECK(row_for(unknown, "t.e")->default_comparison == "unknown");
}

TEST_CASE("verify: the final state of all migrations: drops, renames, type and default changes") {
  const auto migrations = std::vector<MigrationFacts>{
      migration("001_a.sql", "CREATE TABLE accounts (id int PRIMARY KEY, nickname text, score int DEFAULT 0);\n"),
      migration("002_b.sql", "ALTER TABLE accounts ADD COLUMN legacy text;\n"
                             "ALTER TABLE accounts ALTER COLUMN score TYPE bigint;\n"
                             "ALTER TABLE accounts ALTER COLUMN score SET DEFAULT 10;\n"
                             "ALTER TABLE accounts ALTER COLUMN nickname SET NOT NULL;\n"),
      migration("007_c.sql", "ALTER TABLE accounts DROP COLUMN legacy;\n"
                             "ALTER TABLE accounts RENAME COLUMN nickname TO handle;\n"
                             "ALTER TABLE accounts RENAME TO members;\n"),
  };
  auto catalog = empty_database();
  CatalogRelation members = table("members", {column("id", "integer", true), column("handle", "text", true),
                                              column("score", "bigint", false, "10")});
  members.constraints = {constraint("accounts_pkey", 'p', "PRIMARY KEY (id)")};
  catalog.relations.push_back(members);

  const auto result = verify(migrations, catalog);
  INFO(failures(result));
  CHECK(result.ok);
  REQUIRE(row_for(result, "members.score") != nullptr);
  CHECK(row_for(result, "members.score")->expected_type == "bigint");
  CHECK(row_for(result, "members.score")->expected_default == "10");
  CHECK(row_for(result, "members.handle")->expected_nullable == "NO");
  CHECK(row_for(result, "accounts_pkey on members")->status == CheckStatus::ok);
  // the old names must be gone; the dropped column is not listed again under the new table name
  CHECK(row_for(result, "accounts")->expected == "absent");
  CHECK(row_for(result, "accounts")->status == CheckStatus::ok);
  CHECK(row_for(result, "members.legacy")->expected_present == false);
  CHECK(row_for(result, "members.legacy")->declared_by.location() == "migrations/007_c.sql:1");

  // a dropped column that is still there fails
  relation(catalog, "members").columns.push_back(column("legacy", "text", false));
  const auto still = verify(migrations, catalog);
  CHECK_FALSE(still.ok);
  CHECK(row_for(still, "members.legacy")->status == CheckStatus::still_present);
}

TEST_CASE("verify: an invalid index is caught") {
  auto catalog = example_database();
  for (auto& i : relation(catalog, "prices").indexes) i.valid = false;
  const auto result = verify(example_migrations(), catalog);
  CHECK_FALSE(result.ok);
  const CheckRow* row = row_for(result, "prices_day_idx");
  REQUIRE(row != nullptr);
  CHECK(row->status == CheckStatus::invalid);
  CHECK(row->declared_by.location() == "migrations/006_prices_day_index.sql:7");
}

TEST_CASE("verify: policies and row level security as declared") {
  auto catalog = example_database();
  relation(catalog, "user_alerts").row_security = false;
  relation(catalog, "user_watchlists").policies.clear();
  const auto result = verify(example_migrations(), catalog);
  CHECK_FALSE(result.ok);
  const CheckRow* policy = row_for(result, "user_watchlists_owner on user_watchlists");
  REQUIRE(policy != nullptr);
  CHECK(policy->status == CheckStatus::missing);
  CHECK(policy->declared_by.location() == "migrations/004_row_level_security.sql:10");
  bool rls_reported = false;
  for (const auto& row : result.rows) {
    if (row.kind != pgapply::ddl::ObjectKind::row_level_security || row.object != "user_alerts") continue;
    rls_reported = true;
    CHECK(row.status == CheckStatus::different);
    CHECK(row.differences == std::vector<std::string>{"disabled, declared enabled"});
    CHECK(row.declared_by.location() == "migrations/004_row_level_security.sql:7");
  }
  CHECK(rls_reported);
}

TEST_CASE("verify: a missing table folds what it holds into its row") {
  auto catalog = example_database();
  std::erase_if(catalog.relations, [](const CatalogRelation& r) { return r.name == "user_alerts"; });
  const auto result = verify(example_migrations(), catalog);
  CHECK_FALSE(result.ok);
  const CheckRow* table_row = row_for(result, "user_alerts");
  REQUIRE(table_row != nullptr);
  CHECK(table_row->status == CheckStatus::missing);
  REQUIRE(table_row->differences.size() == 1);
  CHECK(table_row->differences[0].find("6 columns") != std::string::npos);
  CHECK(row_for(result, "user_alerts.id") == nullptr);
  CHECK(row_for(result, "user_alerts_user_idx") == nullptr);
}

TEST_CASE("verify: what a DROP OWNED BY may have dropped is uncertain when missing, not missing") {
  auto catalog = example_database();
  std::erase_if(catalog.relations, [](const CatalogRelation& r) { return r.name == "user_alerts"; });
  auto migrations = example_migrations();
  migrations.push_back(migration("007_cleanup.sql", "drop owned by old_reporting;\n"));
  const auto result = verify(migrations, catalog);
  CHECK(result.ok);
  const CheckRow* table_row = row_for(result, "user_alerts");
  REQUIRE(table_row != nullptr);
  CHECK(table_row->status == CheckStatus::uncertain);
  CHECK(table_row->differences.at(0) == "missing, perhaps dropped by a DROP OWNED BY of the role that owned it");
  CHECK(std::find(result.notes.begin(), result.notes.end(),
                  "migrations/007_cleanup.sql:1: DROP OWNED BY drops what the role owns: what it takes is not "
                  "checked") != result.notes.end());
  // before it, none: a table missing that was made after it is missing
  migrations.insert(migrations.begin(), migration("000_cleanup.sql", "drop owned by old_reporting;\n"));
  migrations.pop_back();
  CHECK_FALSE(verify(migrations, catalog).ok);
}

TEST_CASE("verify: functions by argument types, triggers, types, enum labels, extensions, schemas, sequences") {
  const auto migrations = std::vector<MigrationFacts>{migration("001_x.sql", R"sql(
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SCHEMA IF NOT EXISTS audit;
CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TYPE mood ADD VALUE 'happy';
CREATE SEQUENCE audit.event_seq;
CREATE TABLE audit.events (id bigint, at timestamptz);
CREATE FUNCTION audit.touch(a integer, b text DEFAULT 'x') RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER events_touch BEFORE INSERT ON audit.events FOR EACH ROW EXECUTE FUNCTION audit.touch();
CREATE VIEW recent AS SELECT 1;
)sql")};
  auto catalog = empty_database();
  catalog.schemas.push_back({"audit", true, "app"});
  catalog.extensions.push_back({"pgcrypto", "public", "1.3"});
  catalog.types.push_back({"public", "mood", 'e', {"sad", "ok", "happy"}});
  CatalogRelation sequence = table("event_seq", {});
  sequence.schema = "audit";
  sequence.kind = 'S';
  CatalogRelation events = table("events", {column("id", "bigint", false), column("at", "timestamp with time zone", false)});
  events.schema = "audit";
  events.triggers = {trigger("events_touch")};
  CatalogRelation recent = table("recent", {column("?column?", "integer", false)});
  recent.kind = 'v';
  catalog.relations = {sequence, events, recent};
  catalog.routines.push_back({"audit", "touch", 'f', "a integer, b text", "integer, text"});

  const auto result = verify(migrations, catalog);
  INFO(failures(result));
  CHECK(result.ok);
  CHECK(row_for(result, "audit.touch(integer, text)")->status == CheckStatus::ok);
  CHECK(row_for(result, "mood")->expected == "enum ('sad', 'ok', 'happy')");
  CHECK(row_for(result, "events_touch on audit.events")->status == CheckStatus::ok);
  CHECK(row_for(result, "audit.event_seq")->expected == "sequence");
  CHECK(row_for(result, "recent")->expected == "view");

  // another argument list is another function; a lost label and a view that became a table differ
  catalog.routines[0].argument_types = "bigint, text";
  catalog.types[0].enum_labels = {"sad", "ok"};
  relation(catalog, "recent").kind = 'r';
  const auto broken = verify(migrations, catalog);
  CHECK(row_for(broken, "audit.touch(integer, text)")->status == CheckStatus::missing);
  CHECK(row_for(broken, "mood")->differences == std::vector<std::string>{"lacks the label 'happy'"});
  CHECK(row_for(broken, "mood")->declared_by.location() == "migrations/001_x.sql:5");
  CHECK(row_for(broken, "recent")->differences == std::vector<std::string>{"is a table, declared a view"});
}

TEST_CASE("verify: a failed CREATE INDEX CONCURRENTLY, renamed and dropped indexes") {
  const auto migrations = std::vector<MigrationFacts>{
      migration("001_t.sql", "CREATE TABLE t (a int, b int);\nCREATE INDEX ON t (a);\nCREATE INDEX t_b ON t (b);\n"),
      migration("002_t.sql", "ALTER INDEX t_b RENAME TO t_b_idx;\nDROP INDEX t_a_idx;\n"),
  };
  auto catalog = empty_database();
  CatalogRelation t = table("t", {column("a", "integer", false), column("b", "integer", false)});
  t.indexes = {index("t_b_idx", "CREATE INDEX t_b_idx ON public.t USING btree (b)")};
  catalog.relations.push_back(t);
  const auto result = verify(migrations, catalog);
  INFO(failures(result));
  CHECK(result.ok);
  CHECK(row_for(result, "t_a_idx")->expected == "absent");
  CHECK(row_for(result, "t_b")->expected == "absent");
  CHECK(row_for(result, "t_b_idx")->status == CheckStatus::ok);
}

TEST_CASE("verify: a unique index built concurrently, then attached as a constraint, takes the constraint's name") {
  const auto migrations = std::vector<MigrationFacts>{
      migration("001_t.sql", "CREATE TABLE t (a int);\n"),
      migration("002_t.sql", "CREATE UNIQUE INDEX CONCURRENTLY t_a_unique ON t (a);\n"),
      migration("003_t.sql", "ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_unique;\n"),
  };
  auto catalog = empty_database();
  CatalogRelation t = table("t", {column("a", "integer", false)});
  t.constraints = {constraint("t_a_key", 'u', "UNIQUE (a)")};
  t.indexes = {index("t_a_key", "CREATE UNIQUE INDEX t_a_key ON public.t USING btree (a)", true)};
  catalog.relations.push_back(t);
  const auto result = verify(migrations, catalog);
  INFO(failures(result));
  CHECK(result.ok);
  CHECK(row_for(result, "t_a_key")->status == CheckStatus::ok);
  CHECK(row_for(result, "t_a_unique")->expected == "absent");
}
