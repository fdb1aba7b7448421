#include "ddl/declarations.hpp"
#include "unit/ddl/ddl_test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace pgapply::ddl;
using pgapply::ddl::test::only;
using pgapply::ddl::test::requires_feature;

TEST_CASE("CREATE SCHEMA") {
  const auto facts = facts_of("CREATE SCHEMA IF NOT EXISTS Reporting AUTHORIZATION app");
  REQUIRE(facts.declarations.size() == 1);
  const auto& d = facts.declarations[0];
  CHECK(d.kind == ObjectKind::schema);
  CHECK(d.name == QualifiedName{"", "reporting"});
  CHECK(d.if_not_exists);
  CHECK(d.new_owner == "app");
  CHECK(facts.minimum_server_version() == 90300);
  CHECK(only("CREATE SCHEMA AUTHORIZATION joe").name.name == "joe");
  CHECK(facts_of("CREATE SCHEMA s DROP TABLE t").incomplete);  // not an element PostgreSQL takes
}

TEST_CASE("CREATE SCHEMA's elements: each a statement of its own, its unqualified names in the schema") {
  const auto facts = facts_of(
      "CREATE SCHEMA s\n  CREATE VIEW v AS SELECT a FROM t CREATE INDEX ON t (b)\n"
      "  CREATE TABLE t (a int PRIMARY KEY, b text REFERENCES public.u) GRANT SELECT ON t TO PUBLIC CREATE SEQUENCE q");
  CHECK_FALSE(facts.incomplete);
  CHECK(facts.command == "CREATE SCHEMA");
  std::vector<std::string> made;
  for (const auto& d : facts.declarations) {
    made.push_back(d.name.to_string() + (d.parent.empty() ? "" : " on " + d.parent.to_string()) + "@" +
                   std::to_string(d.location.line));
  }
  std::string all;
  for (const auto& m : made) all += m + "|";
  INFO(all);
  // (in the order PostgreSQL makes them: sequences, tables, views, indexes, triggers, grants)
  CHECK(made == std::vector<std::string>{"s@1", "s.q@3", "s.t@3", "a on s.t@3", "b on s.t@3", "s.v@2", " on s.t@2"});
  REQUIRE(facts.privilege_changes.size() == 1);
  CHECK(facts.privilege_changes[0].name == QualifiedName{"s", "t"});
}

TEST_CASE("CREATE INDEX") {
  const auto facts = facts_of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON ONLY app.users "
                              "USING btree (lower(email), created_at DESC NULLS LAST) INCLUDE (id) "
                              "NULLS NOT DISTINCT WITH (fillfactor = 90) TABLESPACE fast WHERE deleted_at IS NULL;");
  REQUIRE(facts.declarations.size() == 1);
  const auto& d = facts.declarations[0];
  CHECK(d.kind == ObjectKind::index);
  CHECK(d.name == QualifiedName{"app", "users_email_idx"});
  CHECK(d.parent == QualifiedName{"app", "users"});
  CHECK(d.if_not_exists);
  REQUIRE(d.index.has_value());
  CHECK(d.index->unique);
  CHECK(d.index->concurrently);
  CHECK(d.index->only);
  CHECK(d.index->method == "btree");
  CHECK(d.index->elements == std::vector<std::string>{"lower(email)", "created_at DESC NULLS LAST"});
  CHECK(d.index->include == std::vector<std::string>{"id"});
  CHECK(d.index->nulls_not_distinct);
  CHECK(d.index->where == "deleted_at IS NULL");
  CHECK(requires_feature(facts, Feature::create_index_if_not_exists));
  CHECK(requires_feature(facts, Feature::index_include));
  CHECK(requires_feature(facts, Feature::index_on_only));
  CHECK(facts.minimum_server_version() == 150000);

  const auto unnamed = only("create index on t (a)");
  CHECK(unnamed.name.name.empty());
  CHECK(unnamed.parent.name == "t");
  CHECK_FALSE(unnamed.index->unique);
  CHECK(unnamed.index->method.empty());
}

TEST_CASE("DROP of every kind, several names, CASCADE") {
  const auto tables = declarations_of("DROP TABLE IF EXISTS a, s.b CASCADE");
  REQUIRE(tables.size() == 2);
  CHECK(tables[0].kind == ObjectKind::table);
  CHECK(tables[0].action == Action::drop);
  CHECK(tables[0].if_exists);
  CHECK(tables[0].cascade);
  CHECK(tables[1].name == QualifiedName{"s", "b"});

  const auto index = facts_of("DROP INDEX CONCURRENTLY IF EXISTS prices_day_idx");
  REQUIRE(index.declarations.size() == 1);
  CHECK(index.declarations[0].kind == ObjectKind::index);
  CHECK(index.declarations[0].index->concurrently);
  CHECK(index.minimum_server_version() == 90200);

  CHECK(only("DROP VIEW v").kind == ObjectKind::view);
  CHECK(only("DROP MATERIALIZED VIEW mv").kind == ObjectKind::materialized_view);
  CHECK(only("DROP SEQUENCE s").kind == ObjectKind::sequence);
  CHECK(only("DROP TYPE mood").kind == ObjectKind::type);
  CHECK(only("DROP DOMAIN d").kind == ObjectKind::domain);
  CHECK(only("DROP SCHEMA s RESTRICT").kind == ObjectKind::schema);
  CHECK_FALSE(only("DROP SCHEMA s RESTRICT").cascade);
  CHECK(only("DROP EXTENSION IF EXISTS pgcrypto").kind == ObjectKind::extension);

  const auto functions = declarations_of("DROP FUNCTION IF EXISTS f(integer, text), g(a int4, out b int), h");
  REQUIRE(functions.size() == 3);
  CHECK(functions[0].kind == ObjectKind::function);
  CHECK(functions[0].routine->argument_types == std::vector<std::string>{"integer", "text"});
  CHECK(functions[1].routine->argument_types == std::vector<std::string>{"integer"});
  CHECK_FALSE(functions[2].routine.has_value());
  // (an argument's bpchar is shown as character: no length either way)
  CHECK(only("DROP FUNCTION h(bpchar, bpchar[], _mood)").routine->argument_types ==
        std::vector<std::string>{"character", "character[]", "mood[]"});
  CHECK(only("DROP PROCEDURE p(int, out int)").routine->argument_types ==
        std::vector<std::string>{"integer", "integer"});

  const auto trigger = only("DROP TRIGGER IF EXISTS audit ON app.orders");
  CHECK(trigger.kind == ObjectKind::trigger);
  CHECK(trigger.name.name == "audit");
  CHECK(trigger.parent == QualifiedName{"app", "orders"});
  const auto policy = only("DROP POLICY IF EXISTS user_alerts_owner ON user_alerts");
  CHECK(policy.kind == ObjectKind::policy);
  CHECK(policy.parent.name == "user_alerts");

  CHECK_FALSE(facts_of("DROP ROLE bob").recognised);
  CHECK(declarations_of("DROP ROLE bob").empty());
}

TEST_CASE("CREATE VIEW and MATERIALIZED VIEW") {
  const auto view = only("CREATE OR REPLACE TEMP VIEW active_users (id, email) AS SELECT id, email FROM users WHERE active");
  CHECK(view.kind == ObjectKind::view);
  CHECK(view.or_replace);
  CHECK(view.view->temporary);
  CHECK(view.view->columns == std::vector<std::string>{"id", "email"});
  CHECK(view.view->query == "SELECT id, email FROM users WHERE active");

  const auto recursive = facts_of("CREATE RECURSIVE VIEW nums (n) AS VALUES (1) UNION ALL SELECT n + 1 FROM nums");
  CHECK(recursive.declarations[0].view->recursive);
  CHECK(recursive.minimum_server_version() == 90300);

  const auto mv = facts_of("CREATE MATERIALIZED VIEW IF NOT EXISTS daily AS SELECT 1 WITH NO DATA");
  REQUIRE(mv.declarations.size() == 1);
  CHECK(mv.declarations[0].kind == ObjectKind::materialized_view);
  CHECK(mv.declarations[0].view->with_no_data);
  CHECK(mv.declarations[0].view->query == "SELECT 1");
  CHECK(mv.minimum_server_version() == 90500);
}

TEST_CASE("CREATE FUNCTION and PROCEDURE") {
  const auto f = only(R"sql(CREATE OR REPLACE FUNCTION app.touch(p_id bigint, VARIADIC tags text[], OUT n int,
      double precision DEFAULT 1.0)
    RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN NEW.updated_at := now(); RETURN NEW; END $$)sql");
  CHECK(f.kind == ObjectKind::function);
  CHECK(f.or_replace);
  CHECK(f.name == QualifiedName{"app", "touch"});
  REQUIRE(f.routine.has_value());
  CHECK(f.routine->arguments.size() == 4);
  CHECK(f.routine->arguments[0] == "p_id bigint");
  CHECK(f.routine->argument_types == std::vector<std::string>{"bigint", "text[]", "double precision"});
  CHECK(f.routine->returns == "trigger");
  CHECK(f.routine->language == "plpgsql");
  CHECK(f.routine->volatility == Volatility::volatile_);  // none written: PostgreSQL's default
  CHECK_FALSE(f.routine->volatility_declared);
  const auto stable = only("CREATE FUNCTION s() RETURNS int STABLE LANGUAGE sql AS 'select 1'");
  CHECK(stable.routine->volatility == Volatility::immutable_or_stable);
  CHECK(stable.routine->volatility_declared);
  CHECK(only("CREATE FUNCTION i() RETURNS int LANGUAGE sql IMMUTABLE AS 'select 1'").routine->volatility ==
        Volatility::immutable_or_stable);
  const auto declared = only("CREATE FUNCTION v() RETURNS int AS 'select 1' LANGUAGE sql VOLATILE");
  CHECK(declared.routine->volatility == Volatility::volatile_);
  CHECK(declared.routine->volatility_declared);

  const auto p = facts_of("CREATE PROCEDURE archive(before date) LANGUAGE sql AS 'DELETE FROM t WHERE d < before'");
  REQUIRE(p.declarations.size() == 1);
  CHECK(p.declarations[0].kind == ObjectKind::procedure);
  CHECK(p.declarations[0].routine->argument_types == std::vector<std::string>{"date"});
  CHECK(p.minimum_server_version() == 110000);

  const auto atomic = facts_of("CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END");
  CHECK(atomic.minimum_server_version() == 140000);
  const auto returning = facts_of("CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql RETURN a + b");
  CHECK(returning.minimum_server_version() == 140000);
  CHECK(returning.declarations[0].routine->returns == "int");
  CHECK(facts_of("CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE 'SQL'").declarations[0].routine->language ==
        "sql");
}

TEST_CASE("CREATE TRIGGER") {
  const auto facts = facts_of("CREATE OR REPLACE TRIGGER orders_touch BEFORE INSERT OR UPDATE OF total, status ON app.orders "
                              "FOR EACH ROW WHEN (NEW.total > 0) EXECUTE FUNCTION app.touch()");
  REQUIRE(facts.declarations.size() == 1);
  const auto& d = facts.declarations[0];
  CHECK(d.kind == ObjectKind::trigger);
  CHECK(d.or_replace);
  CHECK(d.name == QualifiedName{"app", "orders_touch"});
  CHECK(d.parent == QualifiedName{"app", "orders"});
  REQUIRE(d.trigger.has_value());
  CHECK(d.trigger->timing == "BEFORE");
  CHECK(d.trigger->events == std::vector<std::string>{"INSERT", "UPDATE OF TOTAL, STATUS"});
  CHECK(d.trigger->for_each_row);
  CHECK(d.trigger->function == QualifiedName{"app", "touch"});
  CHECK(requires_feature(facts, Feature::create_or_replace_trigger));
  CHECK(requires_feature(facts, Feature::execute_function));
  CHECK(facts.minimum_server_version() == 140000);

  const auto constraint = facts_of("CREATE CONSTRAINT TRIGGER check_it AFTER DELETE ON t DEFERRABLE INITIALLY DEFERRED "
                                   "FOR EACH ROW EXECUTE PROCEDURE check_it()");
  CHECK(constraint.declarations[0].trigger->constraint_trigger);
  CHECK(constraint.declarations[0].trigger->timing == "AFTER");
  CHECK(constraint.minimum_server_version() == 0);

  const auto transition = facts_of("CREATE TRIGGER t_audit AFTER UPDATE ON t REFERENCING NEW TABLE AS new_rows "
                                   "FOR EACH STATEMENT EXECUTE FUNCTION audit()");
  CHECK(requires_feature(transition, Feature::trigger_transition_tables));
  CHECK_FALSE(transition.declarations[0].trigger->for_each_row);
  CHECK(only("CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION f()").trigger->timing ==
        "INSTEAD OF");
}

TEST_CASE("CREATE TYPE, CREATE DOMAIN, ALTER TYPE") {
  const auto mood = only("CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine')");
  CHECK(mood.kind == ObjectKind::type);
  REQUIRE(mood.type.has_value());
  CHECK(mood.type->kind == TypeKind::enum_type);
  CHECK(mood.type->labels == std::vector<std::string>{"sad", "ok", "it's fine"});

  const auto address = only("CREATE TYPE app.address AS (street text, zip varchar(10) COLLATE \"C\")");
  CHECK(address.type->kind == TypeKind::composite);
  REQUIRE(address.type->attributes.size() == 2);
  CHECK(address.type->attributes[1].name == "zip");
  CHECK(address.type->attributes[1].type == "character varying(10)");
  CHECK(only("CREATE TYPE r AS RANGE (subtype = float8)").type->kind == TypeKind::range);
  CHECK(only("CREATE TYPE shell").type->kind == TypeKind::shell);
  CHECK(only("CREATE TYPE b (INPUT = b_in, OUTPUT = b_out)").type->kind == TypeKind::base);

  const auto domain = only("CREATE DOMAIN email AS citext NOT NULL DEFAULT '' CONSTRAINT has_at CHECK (VALUE ~ '@')");
  CHECK(domain.kind == ObjectKind::domain);
  CHECK(domain.type->kind == TypeKind::domain);
  CHECK(domain.type->base_type == "citext");
  CHECK(domain.type->not_null);
  CHECK(domain.type->default_expression == "''");
  REQUIRE(domain.type->constraints.size() == 1);
  CHECK(domain.type->constraints[0].name == "has_at");
  CHECK(domain.type->constraints[0].expression == "VALUE ~ '@'");
  CHECK(only("CREATE DOMAIN pct numeric(5,2) CHECK (VALUE BETWEEN 0 AND 100)").type->base_type == "numeric(5,2)");

  const auto add = facts_of("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok'");
  REQUIRE(add.declarations.size() == 1);
  CHECK(add.declarations[0].kind == ObjectKind::enum_value);
  CHECK(add.declarations[0].action == Action::create);
  CHECK(add.declarations[0].name.name == "happy");
  CHECK(add.declarations[0].parent.name == "mood");
  CHECK(add.declarations[0].if_not_exists);
  CHECK(add.minimum_server_version() == 90300);

  const auto rename_value = facts_of("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'");
  CHECK(rename_value.declarations[0].change == Change::rename);
  CHECK(rename_value.declarations[0].name.name == "sad");
  CHECK(rename_value.declarations[0].new_name == "blue");
  CHECK(rename_value.minimum_server_version() == 100000);
  CHECK(only("ALTER TYPE mood RENAME TO feeling").new_name == "feeling");
  CHECK(only("ALTER TYPE app.address ADD ATTRIBUTE city text").change == Change::other);
}

TEST_CASE("CREATE EXTENSION and CREATE SEQUENCE") {
  const auto extension = only("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA extensions VERSION '1.1' CASCADE");
  CHECK(extension.kind == ObjectKind::extension);
  CHECK(extension.name.name == "uuid-ossp");
  CHECK(extension.if_not_exists);
  CHECK(extension.extension->schema == "extensions");
  CHECK(extension.extension->version == "1.1");
  CHECK(extension.extension->cascade);

  const auto sequence = facts_of("CREATE SEQUENCE IF NOT EXISTS app.order_no START 1000");
  REQUIRE(sequence.declarations.size() == 1);
  CHECK(sequence.declarations[0].kind == ObjectKind::sequence);
  CHECK(sequence.declarations[0].name == QualifiedName{"app", "order_no"});
  CHECK(sequence.minimum_server_version() == 90500);
  CHECK(only("CREATE TEMP SEQUENCE s").kind == ObjectKind::sequence);
  CHECK_FALSE(sequence.declarations[0].owned_by);
}

TEST_CASE("ALTER TABLE's INHERIT, NO INHERIT, ATTACH and DETACH PARTITION name the other table, and DROP IDENTITY is told") {
  CHECK(only("ALTER TABLE child INHERIT app.base").inherited == QualifiedName{"app", "base"});
  CHECK_FALSE(only("ALTER TABLE child INHERIT app.base").uninherited);
  CHECK(only("ALTER TABLE child NO INHERIT base").uninherited == QualifiedName{"", "base"});
  CHECK(only("ALTER TABLE m ATTACH PARTITION m1 FOR VALUES IN (1)").attached_partition == QualifiedName{"", "m1"});
  CHECK(only("ALTER TABLE m DETACH PARTITION s.m1 CONCURRENTLY").detached_partition == QualifiedName{"s", "m1"});
  CHECK(only("ALTER TABLE t ALTER COLUMN id DROP IDENTITY").drop_identity);
  CHECK_FALSE(only("ALTER TABLE t ALTER COLUMN id RESTART WITH 5").drop_identity);
}

TEST_CASE("a sequence's OWNED BY, among its other options, the last one counting") {
  const auto created = only("CREATE SEQUENCE s INCREMENT 2 OWNED BY app.orders.order_no CACHE 10");
  REQUIRE(created.owned_by);
  CHECK(created.owned_by->table == QualifiedName{"app", "orders"});
  CHECK(created.owned_by->column == "order_no");
  const auto altered = only("ALTER SEQUENCE s OWNED BY t.a RESTART 5 OWNED BY \"T\".\"B\"");
  REQUIRE(altered.owned_by);
  CHECK(altered.owned_by->table == QualifiedName{"", "T"});
  CHECK(altered.owned_by->column == "B");
  const auto none = only("ALTER SEQUENCE s OWNED BY NONE");
  REQUIRE(none.owned_by);
  CHECK(none.owned_by->table.empty());
  CHECK_FALSE(only("ALTER SEQUENCE s RESTART 5").owned_by);
  CHECK_FALSE(only("ALTER SEQUENCE s OWNED BY t").owned_by);  // not one PostgreSQL takes
}

TEST_CASE("CREATE POLICY and ALTER POLICY") {
  const auto policy = only(R"sql(CREATE POLICY user_alerts_owner ON user_alerts
    AS RESTRICTIVE FOR UPDATE TO app_user, "Admin"
    USING (user_id = nullif(current_setting('app.user_id', true), '')::bigint)
    WITH CHECK (user_id > 0))sql");
  CHECK(policy.kind == ObjectKind::policy);
  CHECK(policy.name.name == "user_alerts_owner");
  CHECK(policy.parent.name == "user_alerts");
  REQUIRE(policy.policy.has_value());
  CHECK_FALSE(policy.policy->permissive);
  CHECK(policy.policy->command == "UPDATE");
  CHECK(policy.policy->roles == std::vector<std::string>{"app_user", "\"Admin\""});
  CHECK(policy.policy->using_expression == "user_id = nullif(current_setting('app.user_id', true), '')::bigint");
  CHECK(policy.policy->check_expression == "user_id > 0");

  const auto plain = only("CREATE POLICY p ON s.t USING (true)");
  CHECK(plain.policy->command == "ALL");
  CHECK(plain.policy->permissive);
  CHECK(plain.name == QualifiedName{"s", "p"});

  const auto rename = only("ALTER POLICY p ON t RENAME TO q");
  CHECK(rename.action == Action::alter);
  CHECK(rename.change == Change::rename);
  CHECK(rename.new_name == "q");
  const auto alter = only("ALTER POLICY p ON t TO admins USING (false)");
  CHECK(alter.policy->roles == std::vector<std::string>{"admins"});
  CHECK(alter.policy->using_expression == "false");
}

TEST_CASE("COMMENT ON") {
  const auto table = only("COMMENT ON TABLE prices IS 'Daily open/close per ticker; one row per trading day'");
  CHECK(table.kind == ObjectKind::comment);
  CHECK(table.action == Action::create);
  CHECK(table.comment->on == ObjectKind::table);
  CHECK(table.name.name == "prices");
  CHECK(table.comment->text == "Daily open/close per ticker; one row per trading day");

  const auto column = only("COMMENT ON COLUMN users.max_reports IS 'Reports a user may schedule'");
  CHECK(column.comment->on == ObjectKind::column);
  CHECK(column.name.name == "max_reports");
  CHECK(column.parent == QualifiedName{"", "users"});

  const auto qualified = only("COMMENT ON COLUMN app.\"Users\".\"Max\" IS NULL");
  CHECK(qualified.action == Action::drop);
  CHECK_FALSE(qualified.comment->text.has_value());
  CHECK(qualified.parent == QualifiedName{"app", "Users"});
  CHECK(qualified.name.name == "Max");

  const auto constraint = only("COMMENT ON CONSTRAINT positive ON orders IS 'x'");
  CHECK(constraint.comment->on == ObjectKind::constraint);
  CHECK(constraint.name.name == "positive");
  CHECK(constraint.parent.name == "orders");
  CHECK(only("COMMENT ON FUNCTION f(int) IS 'x'").comment->on == ObjectKind::function);
  CHECK(only("COMMENT ON MATERIALIZED VIEW mv IS 'x'").comment->on == ObjectKind::materialized_view);
  CHECK(declarations_of("COMMENT ON ROLE bob IS 'x'").empty());
}

TEST_CASE("ALTER of other objects: renames, schema, owner") {
  const auto sequence = only("ALTER SEQUENCE IF EXISTS s RENAME TO s2");
  CHECK(sequence.kind == ObjectKind::sequence);
  CHECK(sequence.change == Change::rename);
  CHECK(sequence.parent_if_exists);
  CHECK(only("ALTER INDEX i RENAME TO j").kind == ObjectKind::index);
  CHECK(only("ALTER VIEW v OWNER TO bob").new_owner == "bob");
  CHECK(only("ALTER MATERIALIZED VIEW mv SET SCHEMA s").new_schema == "s");
  // a view's column renamed, as ALTER TABLE's
  const auto view_column = only("ALTER VIEW IF EXISTS app.v RENAME COLUMN a TO b");
  CHECK(view_column.kind == ObjectKind::column);
  CHECK(view_column.change == Change::rename);
  CHECK(view_column.parent == QualifiedName{"app", "v"});
  CHECK(view_column.name.name == "a");
  CHECK(view_column.new_name == "b");
  CHECK(view_column.parent_if_exists);
  CHECK(only("ALTER MATERIALIZED VIEW mv RENAME c TO d").new_name == "d");
  CHECK(only("ALTER VIEW v RENAME TO w").kind == ObjectKind::view);
  const auto routine = only("ALTER ROUTINE f(int) RENAME TO g");  // a function or a procedure
  CHECK(routine.kind == ObjectKind::function);
  CHECK(routine.new_name == "g");
  CHECK_FALSE(only("ALTER FUNCTION f RENAME TO g").routine);  // no argument list: the one f
  const auto function = only("ALTER FUNCTION f(integer) RENAME TO g");
  CHECK(function.kind == ObjectKind::function);
  CHECK(function.routine->argument_types == std::vector<std::string>{"integer"});
  CHECK(only("ALTER SCHEMA a RENAME TO b").kind == ObjectKind::schema);
  CHECK(only("ALTER EXTENSION e UPDATE TO '2.0'").change == Change::other);
}

TEST_CASE("MERGE is recognised for its version") {
  const auto merge = facts_of("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v");
  CHECK(merge.recognised);
  CHECK(merge.declarations.empty());
  CHECK(merge.minimum_server_version() == 150000);
}

TEST_CASE("statements this module does not model are not recognised") {
  for (const char* statement : {"SELECT 1", "INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "BEGIN", "COMMIT",
                                "SET search_path = app", "GRANT SELECT ON t TO bob", "CREATE ROLE bob",
                                "CREATE AGGREGATE a (int) (sfunc = f, stype = int)", "ALTER ROLE bob LOGIN",
                                "VACUUM t", "CREATE", "ALTER", "DROP", "COMMENT"}) {
    CAPTURE(statement);
    const auto facts = facts_of(statement);
    CHECK_FALSE(facts.recognised);
    CHECK(facts.declarations.empty());
    CHECK(facts.command.empty());
  }
}

TEST_CASE("odd input never throws") {
  const char* inputs[] = {
      "",
      ";",
      "   -- only a comment\n",
      "CREATE TABLE",
      "CREATE TABLE t (",
      "CREATE TABLE t (a",
      "CREATE TABLE t (a int,",
      "CREATE TABLE t (a int DEFAULT",
      "CREATE TABLE t (a int REFERENCES",
      "CREATE TABLE t (CONSTRAINT",
      "CREATE TABLE t (a varchar(",
      "CREATE TABLE 'x' (a int)",
      "ALTER TABLE",
      "ALTER TABLE t",
      "ALTER TABLE t ADD",
      "ALTER TABLE t ADD COLUMN",
      "ALTER TABLE t ALTER COLUMN",
      "ALTER TABLE t ALTER COLUMN a TYPE",
      "ALTER TABLE t ALTER COLUMN a SET",
      "ALTER TABLE t RENAME",
      "ALTER TABLE t ,,, ADD x int,",
      "ALTER TABLE t DROP",
      "ALTER TABLE t ENABLE",
      "ALTER TYPE",
      "ALTER TYPE t ADD VALUE",
      "CREATE INDEX",
      "CREATE INDEX ON",
      "CREATE UNIQUE",
      "CREATE INDEX i ON t (a",
      "DROP TABLE",
      "DROP TABLE ,",
      "DROP FUNCTION f(",
      "CREATE FUNCTION",
      "CREATE FUNCTION f(",
      "CREATE TRIGGER",
      "CREATE TRIGGER t BEFORE",
      "CREATE POLICY p ON",
      "COMMENT ON COLUMN IS 'x'",
      "COMMENT ON COLUMN a IS 'x'",
      "COMMENT ON TABLE t IS",
      "CREATE TYPE t AS ENUM (",
      "CREATE DOMAIN",
      "CREATE VIEW v AS",
      "DO",
      "DO $$",
      "DO 'BEGIN'",
      "DO $$ BEGIN IF $$",
      "DO $$ BEGIN IF x THEN ALTER TABLE t ADD a int; $$",
      "DO $$ END; END; END; $$",
      "DO $$ BEGIN LOOP LOOP LOOP $$",
      "CREATE TABLE t (a int) ;;;",
      ")))(((",
      "'unterminated",
      "$$unterminated",
      "\"unterminated",
      "/* unterminated",
      "CREATE TABLE :\"schema\".t (a int)",
      "\xff\xfe garbage \x01\x02",
  };
  for (const char* input : inputs) {
    CAPTURE(input);
    CHECK_NOTHROW(facts_of(input));
    CHECK_NOTHROW(declarations_of(input));
  }
}

TEST_CASE("declaration lines are relative to the statement") {
  const auto facts = facts_of("\n\n-- a comment\nCREATE TABLE t (\n  a int,\n\n  b text\n)");
  REQUIRE(facts.declarations.size() == 3);
  CHECK(facts.declarations[0].location.line == 4);
  CHECK(facts.declarations[1].location.line == 5);
  CHECK(facts.declarations[2].location.line == 7);
  CHECK(facts.declarations[2].location.offset == std::string_view("\n\n-- a comment\nCREATE TABLE t (\n  a int,\n\n  ").size());
}

TEST_CASE("names: case folding, quoting and qualification") {
  const auto d = declarations_of("CREATE TABLE \"My Schema\".\"Order\" (ID int)").at(0);
  CHECK(d.name.schema == "My Schema");
  CHECK(d.name.name == "Order");
  CHECK(d.name.to_string() == "\"My Schema\".\"Order\"");
  CHECK(declarations_of("create table MyDb.Public.Users (a int)").at(0).name == QualifiedName{"public", "users"});
  CHECK(QualifiedName{"", "order"}.to_string() == "\"order\"");
  CHECK(QualifiedName{"", "users"}.to_string() == "users");
  CHECK(QualifiedName{"", "1abc"}.to_string() == "\"1abc\"");
  CHECK(QualifiedName{"", "a\"b"}.to_string() == "\"a\"\"b\"");
  CHECK(QualifiedName{"", "name"}.to_string() == "name");  // an unreserved keyword
  CHECK(QualifiedName{}.to_string().empty());
}

TEST_CASE("a table with thousands of columns keeps every line") {
  std::string statement = "CREATE TABLE wide (\n";
  for (int i = 0; i < 5000; ++i) statement += "  c" + std::to_string(i) + " integer DEFAULT " + std::to_string(i) + ",\n";
  statement += "  last text\n)";
  const auto facts = facts_of(statement);
  REQUIRE(facts.declarations.size() == 5002);
  CHECK(facts.declarations[1].location.line == 2);
  CHECK(facts.declarations[5000].name.name == "c4999");
  CHECK(facts.declarations[5000].location.line == 5001);
  CHECK(facts.declarations[5001].location.line == 5002);
}

TEST_CASE("ALTER DEFAULT PRIVILEGES: what it is ON, in which schemas, to or from whom") {
  auto facts = facts_of("ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA public, \"Api\" GRANT SELECT ON TABLES TO anon");
  CHECK(facts.sets_default_privileges);
  CHECK(facts.default_privileges_on == "tables");
  CHECK(facts.default_privileges_schemas == std::vector<std::string>{"public", "Api"});
  CHECK(facts.default_privileges_grantees == std::vector<std::string>{"anon"});
  facts = facts_of("alter default privileges revoke execute on functions from public");
  CHECK(facts.default_privileges_on == "functions");
  CHECK(facts.default_privileges_schemas.empty());
  CHECK(facts.default_privileges_grantees == std::vector<std::string>{"PUBLIC"});
  facts = facts_of("alter default privileges grant all on sequences to group \"Reader\", app with grant option");
  CHECK(facts.default_privileges_grantees == std::vector<std::string>{"Reader", "app"});
  facts = facts_of("alter default privileges grant select on tables to app, current_role");
  CHECK(facts.default_privileges_grantees.empty());  // (not known: any)
  // in a DO block: set, of what not known
  facts = facts_of("do $$ begin alter default privileges grant usage on types to public; end $$");
  CHECK(facts.sets_default_privileges);
  CHECK(facts.default_privileges_on.empty());
}
