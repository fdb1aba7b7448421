#include "schema/expected_schema.hpp"

#include <doctest/doctest.h>

#include "schema_fixtures.hpp"

using namespace pgapply::schema;
using namespace schema_fixtures;
using pgapply::ddl::ObjectKind;

namespace {

ExpectedSchema from_nothing(const CatalogSnapshot& catalog, const std::vector<std::string>& files) {
  ExpectedSchema model(catalog, Start::empty);
  int n = 1;
  for (const auto& text : files) model.apply(migration("00" + std::to_string(n++) + "_m.sql", text));
  return model;
}

bool present(const ExpectedSchema& model, const ObjectKey& key) {
  const ExpectedObject* object = model.entry(key);
  return object != nullptr && object->present;
}

ObjectKey column_key(const std::string& table, const std::string& name, const std::string& schema = "public") {
  return {Space::column, schema, table, name, ""};
}

}  // namespace

TEST_CASE("expected schema: the example migrations declare tables, inline constraints under PostgreSQL's names") {
  const auto catalog = empty_database();
  ExpectedSchema model(catalog, Start::empty);
  for (const auto& m : example_migrations()) model.apply(m);
  CHECK(present(model, relation_key("public", "users")));
  for (const char* name : {"users_pkey", "users_email_key", "users_email_check"}) {
    CAPTURE(name);
    CHECK(present(model, {Space::constraint, "public", "users", name, ""}));
  }
  CHECK(present(model, {Space::constraint, "public", "prices", "prices_pkey", ""}));
  CHECK(present(model, {Space::constraint, "public", "prices", "prices_ticker_id_fkey", ""}));
  // the table-level PRIMARY KEY made its columns NOT NULL; the identity column has no default
  const ExpectedObject* id = model.entry(column_key("users", "id"));
  REQUIRE(id != nullptr);
  CHECK(id->column->not_null);
  CHECK(id->column->identity == pgapply::ddl::IdentityKind::always);
  // 004 dropped the policies IF EXISTS, then created them: present, declared by the CREATE
  const ExpectedObject* policy = model.entry({Space::policy, "public", "user_alerts", "user_alerts_owner", ""});
  REQUIRE(policy != nullptr);
  CHECK(policy->present);
  CHECK(policy->declared_by.location() == "migrations/004_row_level_security.sql:15");
  // the DO block's columns are expected, conditional
  const ExpectedObject* theme = model.entry(column_key("users", "theme"));
  REQUIRE(theme != nullptr);
  CHECK(theme->conditional);
  CHECK(theme->declared_by.version == "5");
}

TEST_CASE("expected schema: unqualified names resolve through search_path") {
  auto catalog = empty_database();
  catalog.search_path = {"app", "public"};
  catalog.schemas.push_back({"app", true, "app"});
  catalog.relations.push_back(table("legacy", {column("a", "integer", false)}));  // in public
  const auto model = from_nothing(catalog, {"CREATE TABLE things (id int);\n"
                                            "ALTER TABLE legacy ADD COLUMN b int;\n"
                                            "CREATE TABLE public.other (id int);\n"
                                            "ALTER TABLE other ADD COLUMN c int;\n"});
  CHECK(model.creation_schema() == "app");
  CHECK(present(model, relation_key("app", "things")));
  CHECK(present(model, column_key("legacy", "b", "public")));
  CHECK(present(model, column_key("other", "c", "public")));
}

TEST_CASE("expected schema: a dropped schema takes its objects, a dropped column its constraints and indexes") {
  const auto catalog = empty_database();
  const auto model = from_nothing(catalog, {
      "CREATE SCHEMA s;\nCREATE TABLE s.t (a int UNIQUE, b int);\nCREATE INDEX t_b_idx ON s.t (b);\n"
      "CREATE TABLE u (x int, y int);\nCREATE INDEX u_x ON u (x);\n",
      "DROP SCHEMA s CASCADE;\nALTER TABLE u DROP COLUMN x;\n"});
  const ExpectedObject* t = model.entry(relation_key("s", "t"));
  REQUIRE(t != nullptr);
  CHECK_FALSE(t->present);
  CHECK(t->implicit);
  CHECK_FALSE(present(model, {Space::constraint, "s", "t", "t_a_key", ""}));
  CHECK_FALSE(present(model, {Space::index, "s", "", "t_b_idx", ""}));
  const ExpectedObject* u_x = model.entry({Space::index, "public", "", "u_x", ""});
  REQUIRE(u_x != nullptr);
  CHECK_FALSE(u_x->present);
  CHECK(present(model, column_key("u", "y")));
}

TEST_CASE("expected schema: renames move columns, constraints, policies and indexes") {
  const auto catalog = empty_database();
  const auto model = from_nothing(catalog, {
      "CREATE TABLE a (id int PRIMARY KEY, v text UNIQUE);\nCREATE INDEX a_v ON a (v);\n"
      "CREATE POLICY p ON a USING (true);\n",
      "ALTER TABLE a RENAME COLUMN v TO w;\nALTER TABLE a RENAME TO b;\nCREATE SCHEMA s;\nALTER TABLE b SET SCHEMA s;\n"});
  CHECK(present(model, relation_key("s", "b")));
  CHECK_FALSE(present(model, relation_key("public", "a")));
  CHECK_FALSE(present(model, relation_key("public", "b")));
  CHECK(present(model, column_key("b", "w", "s")));
  CHECK(present(model, {Space::constraint, "s", "b", "a_pkey", ""}));
  CHECK(present(model, {Space::policy, "s", "b", "p", ""}));
  const ExpectedObject* index = model.entry({Space::index, "s", "", "a_v", ""});
  REQUIRE(index != nullptr);
  CHECK(index->index_table == "b");
  const ExpectedObject* unique = model.entry({Space::constraint, "s", "b", "a_v_key", ""});
  REQUIRE(unique != nullptr);
  CHECK(unique->constraint->columns == std::vector<std::string>{"w"});
}

TEST_CASE("expected schema: DROP FUNCTION without arguments drops every overload") {
  const auto catalog = empty_database();
  const auto model = from_nothing(catalog, {
      "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'select 1';\n"
      "CREATE FUNCTION f(text) RETURNS int LANGUAGE sql AS 'select 1';\n",
      "DROP FUNCTION f;\nCREATE FUNCTION f(bigint) RETURNS int LANGUAGE sql AS 'select 1';\n"});
  CHECK_FALSE(present(model, {Space::routine, "public", "", "f", "integer"}));
  CHECK_FALSE(present(model, {Space::routine, "public", "", "f", "text"}));
  CHECK(present(model, {Space::routine, "public", "", "f", "bigint"}));
}

TEST_CASE("expected schema over a live catalog: a renamed table keeps its live columns") {
  const auto catalog = example_database();
  ExpectedSchema model(catalog, Start::live);
  model.apply(migration("010_r.sql", "ALTER TABLE tickers RENAME TO symbols;\n"));
  const auto renamed = model.current(column_key("symbols", "exchange"));
  REQUIRE(renamed.has_value());
  CHECK(renamed->column->type == "character varying(10)");
  CHECK_FALSE(model.current(column_key("tickers", "exchange")).has_value());
  CHECK_FALSE(model.current(relation_key("public", "tickers")).has_value());
  CHECK(model.current({Space::constraint, "public", "symbols", "tickers_pkey", ""}).has_value());
  // unnamed constraints are named after the table's new name; a taken name gets a number, as PostgreSQL does
  const auto added = migration("011_u.sql", "ALTER TABLE symbols ADD UNIQUE (symbol);\n"
                                            "ALTER TABLE symbols ADD UNIQUE (symbol);\n");
  const auto first = model.apply(added, added.statements[0]);
  const auto second = model.apply(added, added.statements[1]);
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 1);
  CHECK(first[0].outcome == Outcome::create);
  CHECK(first[0].key.name == "symbols_symbol_key");
  CHECK(second[0].outcome == Outcome::create);
  CHECK(second[0].key.name == "symbols_symbol_key1");
}

TEST_CASE("expected schema over a live catalog: outcomes") {
  const auto catalog = example_database();
  ExpectedSchema model(catalog, Start::live);
  const auto m = migration("010_o.sql", R"sql(
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;
ALTER TABLE users ADD COLUMN email text;
ALTER TABLE IF EXISTS nope ADD COLUMN a int;
ALTER TABLE nope ADD COLUMN a int;
ALTER TABLE users DROP COLUMN IF EXISTS nothing;
ALTER TABLE users DROP COLUMN nothing;
CREATE OR REPLACE VIEW v AS SELECT 1;
CREATE OR REPLACE VIEW v AS SELECT 2;
ALTER TABLE users ADD PRIMARY KEY (email);
ALTER TABLE users ADD CONSTRAINT users_email_pk PRIMARY KEY (email);
)sql");
  std::vector<Outcome> outcomes;
  for (const auto& statement : m.statements) {
    for (const auto& step : model.apply(m, statement)) outcomes.push_back(step.outcome);
  }
  CHECK(outcomes == std::vector<Outcome>{Outcome::skip_existing, Outcome::fail_existing, Outcome::skip_no_parent,
                                         Outcome::fail_dependency, Outcome::skip_absent, Outcome::fail_missing,
                                         Outcome::create, Outcome::replace, Outcome::fail_existing,
                                         Outcome::fail_existing});
}

TEST_CASE("expected schema over a live catalog: indexes go with their table") {
  const auto catalog = example_database();
  ExpectedSchema model(catalog, Start::live);
  model.apply(migration("010_i.sql", "ALTER TABLE articles RENAME TO posts;\nDROP TABLE prices;\n"));
  const auto moved = model.current({Space::index, "public", "", "articles_ticker_idx", ""});
  REQUIRE(moved.has_value());
  CHECK(moved->index_table == "posts");
  CHECK_FALSE(model.current({Space::index, "public", "", "prices_day_idx", ""}).has_value());
}

TEST_CASE("expected schema: a temporary table ends with its file, and a later file's table of its name is expected") {
  const auto catalog = empty_database();
  const auto model = from_nothing(catalog, {"CREATE TEMP TABLE scratch (a int);\nALTER TABLE scratch ADD COLUMN b int;\n",
                                            "CREATE TABLE scratch (c int);\nALTER TABLE scratch ADD COLUMN d int;\n"});
  CHECK_FALSE(present(model, column_key("scratch", "a")));
  CHECK_FALSE(present(model, column_key("scratch", "b")));
  CHECK(present(model, relation_key("public", "scratch")));
  CHECK(present(model, column_key("scratch", "c")));
  CHECK(present(model, column_key("scratch", "d")));
}
