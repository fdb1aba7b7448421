#include <doctest/doctest.h>

#include "ddl/declarations.hpp"
#include "unit/ddl/ddl_test_support.hpp"

using namespace pgapply::ddl;
using pgapply::ddl::test::only;
using pgapply::ddl::test::requires_feature;

namespace {

const Declaration& column(const StatementFacts& facts, std::string_view name) {
  for (const auto& d : facts.declarations) {
    if (d.kind == ObjectKind::column && d.name.name == name) return d;
  }
  FAIL("no column " << name);
  return facts.declarations.front();
}

}  // namespace

TEST_CASE("CREATE TABLE declares the table, its columns and its constraints") {
  const auto facts = facts_of(R"sql(CREATE TABLE IF NOT EXISTS prices (
    ticker_id   integer       NOT NULL REFERENCES tickers (id) ON DELETE CASCADE,
    day         date          NOT NULL,
    open        numeric(12,4) NOT NULL,
    volume      bigint        NOT NULL DEFAULT 0,
    note        varchar(20)   DEFAULT 'none' COLLATE "C",
    PRIMARY KEY (ticker_id, day)
);)sql");
  CHECK(facts.recognised);
  CHECK(facts.command == "CREATE TABLE");
  REQUIRE(facts.declarations.size() == 7);

  const auto& table = facts.declarations[0];
  CHECK(table.kind == ObjectKind::table);
  CHECK(table.action == Action::create);
  CHECK(table.name == QualifiedName{"", "prices"});
  CHECK(table.if_not_exists);
  CHECK(table.location.line == 1);
  CHECK(requires_feature(facts, Feature::create_table_if_not_exists));

  const auto& ticker = column(facts, "ticker_id");
  CHECK(ticker.parent.name == "prices");
  CHECK(ticker.location.line == 2);
  REQUIRE(ticker.column.has_value());
  CHECK(ticker.column->type == "integer");
  CHECK(ticker.column->not_null);
  REQUIRE(ticker.column->references.has_value());
  CHECK(ticker.column->references->name == "tickers");
  REQUIRE(ticker.column->constraints.size() == 1);
  CHECK(ticker.column->constraints[0].on_delete == "CASCADE");
  CHECK(ticker.column->constraints[0].referenced_columns == std::vector<std::string>{"id"});
  // REFERENCES takes SHARE ROW EXCLUSIVE on the referenced table
  REQUIRE(ticker.impact.locks.size() == 1);
  CHECK(ticker.impact.locks[0].table.name == "tickers");
  CHECK(ticker.impact.locks[0].mode == LockMode::share_row_exclusive);

  CHECK(column(facts, "open").column->type == "numeric(12,4)");
  CHECK(column(facts, "open").column->declared_type == "numeric(12,4)");
  CHECK(column(facts, "volume").column->default_expression == "0");
  const auto& note = column(facts, "note").column;
  CHECK(note->type == "character varying(20)");
  CHECK(note->default_expression == "'none'");
  CHECK(note->collation == "\"C\"");
  CHECK_FALSE(note->not_null);

  const auto& pk = facts.declarations[6];
  CHECK(pk.kind == ObjectKind::constraint);
  REQUIRE(pk.constraint.has_value());
  CHECK(pk.constraint->kind == ConstraintKind::primary_key);
  CHECK(pk.constraint->columns == std::vector<std::string>{"ticker_id", "day"});
  CHECK(pk.name.name.empty());
  CHECK(pk.location.line == 7);
  // the table-level primary key makes its columns NOT NULL
  CHECK(column(facts, "day").column->not_null);

  CHECK(facts.locks.size() == 1);
}

TEST_CASE("CREATE TABLE OF a type: its columns are the type's, WITH OPTIONS gives one options, not a type") {
  const auto facts = facts_of("CREATE TABLE people OF person (PRIMARY KEY (name), age WITH OPTIONS DEFAULT 0)");
  REQUIRE_FALSE(facts.declarations.empty());
  REQUIRE(facts.declarations[0].table);
  CHECK(facts.declarations[0].table->of_type);
  const Declaration& age = column(facts, "age");
  REQUIRE(age.column);
  CHECK(age.column->type.empty());
  CHECK(age.column->default_expression == "0");
}

TEST_CASE("CREATE TABLE column constraints, identity and generated columns") {
  const auto facts = facts_of(R"sql(create unlogged table "Audit"."Log Entry" (
    id bigint generated always as identity (start with 10) primary key,
    seq serial,
    email text not null unique check (position('@' in email) > 1),
    total numeric generated always as (price * qty) stored,
    owner_id int constraint owner_fk references public.users deferrable initially deferred,
    code char(3) null,
    tags text[] default '{}',
    "Mixed" integer default -1 not null,
    constraint qty_positive check (qty > 0) no inherit,
    unique nulls not distinct (code),
    foreign key (owner_id, code) references owners (id, code) match full on update set null,
    exclude using gist (room with =, during with &&) where (active)
  ))sql");
  REQUIRE(facts.declarations.size() == 13);
  const auto& table = facts.declarations[0];
  CHECK(table.name == QualifiedName{"Audit", "Log Entry"});
  CHECK(table.name.to_string() == "\"Audit\".\"Log Entry\"");
  REQUIRE(table.table.has_value());
  CHECK(table.table->unlogged);

  const auto& id = column(facts, "id").column;
  CHECK(id->identity == IdentityKind::always);
  CHECK(id->primary_key);
  CHECK(id->not_null);
  CHECK_FALSE(id->declared_not_null);

  const auto& seq = column(facts, "seq").column;
  CHECK(seq->serial);
  CHECK(seq->type == "integer");
  CHECK(seq->not_null);
  CHECK_FALSE(seq->default_expression.has_value());

  const auto& email = column(facts, "email").column;
  CHECK(email->unique);
  REQUIRE(email->constraints.size() == 2);
  CHECK(email->constraints[1].kind == ConstraintKind::check);
  CHECK(email->constraints[1].expression == "position('@' in email) > 1");

  CHECK(column(facts, "total").column->generated_expression == "price * qty");
  const auto& owner = column(facts, "owner_id").column;
  REQUIRE(owner->constraints.size() == 1);
  CHECK(owner->constraints[0].name == "owner_fk");
  CHECK(owner->constraints[0].deferrable);
  CHECK(owner->constraints[0].initially_deferred);
  CHECK(owner->references == QualifiedName{"public", "users"});
  CHECK(column(facts, "code").column->type == "character(3)");
  CHECK_FALSE(column(facts, "code").column->not_null);
  CHECK(column(facts, "tags").column->type == "text[]");
  CHECK(column(facts, "tags").column->default_expression == "'{}'");
  CHECK(column(facts, "Mixed").column->default_expression == "-1");
  CHECK(column(facts, "Mixed").column->not_null);

  const auto& check = facts.declarations[9].constraint;
  CHECK(check->name == "qty_positive");
  CHECK(check->kind == ConstraintKind::check);
  CHECK(check->expression == "qty > 0");
  CHECK(check->no_inherit);
  const auto& unique = facts.declarations[10].constraint;
  CHECK(unique->kind == ConstraintKind::unique);
  CHECK(unique->nulls_not_distinct);
  CHECK(unique->columns == std::vector<std::string>{"code"});
  const auto& fk = facts.declarations[11].constraint;
  CHECK(fk->kind == ConstraintKind::foreign_key);
  CHECK(fk->columns == std::vector<std::string>{"owner_id", "code"});
  CHECK(fk->references.name == "owners");
  CHECK(fk->referenced_columns == std::vector<std::string>{"id", "code"});
  CHECK(fk->on_update == "SET NULL");
  const auto& exclude = facts.declarations[12].constraint;
  CHECK(exclude->kind == ConstraintKind::exclusion);
  CHECK(exclude->expression == "room with =, during with &&");
  CHECK(exclude->where == "active");

  CHECK(requires_feature(facts, Feature::identity_column));
  CHECK(requires_feature(facts, Feature::generated_column));
  CHECK(requires_feature(facts, Feature::nulls_not_distinct));
  CHECK(facts.minimum_server_version() == 150000);
  // users and owners are referenced: SHARE ROW EXCLUSIVE on each
  CHECK(facts.locks.size() == 2);
}

namespace {

std::vector<std::string> key_constraints(const StatementFacts& facts) {
  std::vector<std::string> out;
  for (const auto& d : facts.declarations) {
    std::vector<ConstraintSpec> specs;
    if (d.kind == ObjectKind::constraint && d.constraint) specs.push_back(*d.constraint);
    if (d.kind == ObjectKind::column && d.column) specs = d.column->constraints;
    for (const auto& c : specs) {
      if (c.kind != ConstraintKind::primary_key && c.kind != ConstraintKind::unique) continue;
      std::string columns;
      for (const auto& name : c.columns) columns += (columns.empty() ? "" : ",") + name;
      out.push_back(std::string(c.kind == ConstraintKind::primary_key ? "pk" : "unique") + "(" + columns + ")" +
                    (c.name.empty() ? "" : " " + c.name));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("CREATE TABLE: a UNIQUE on the primary key's columns or an earlier UNIQUE's is left out, as PostgreSQL does") {
  // checked against PostgreSQL 15: one index per key, the primary key kept
  CHECK(key_constraints(facts_of("CREATE TABLE t (id int UNIQUE PRIMARY KEY, x int)")) ==
        std::vector<std::string>{"pk(id)"});
  const auto inline_unique = facts_of("CREATE TABLE t (code int PRIMARY KEY UNIQUE)");
  CHECK(key_constraints(inline_unique) == std::vector<std::string>{"pk(code)"});
  CHECK_FALSE(column(inline_unique, "code").column->unique);
  CHECK(key_constraints(facts_of("CREATE TABLE t (a int UNIQUE, b int, UNIQUE (a), CONSTRAINT bar UNIQUE (a), "
                                 "UNIQUE (b) DEFERRABLE)")) == std::vector<std::string>{"unique(a) bar", "unique(b)"});
  CHECK(key_constraints(facts_of("CREATE TABLE t (id int PRIMARY KEY, CONSTRAINT foo UNIQUE (id))")) ==
        std::vector<std::string>{"pk(id) foo"});  // the primary key takes the name
  CHECK(key_constraints(facts_of("CREATE TABLE t (a int, b int, UNIQUE (a, b), PRIMARY KEY (b, a), UNIQUE (b, a))")) ==
        std::vector<std::string>{"unique(a,b)", "pk(b,a)"});
  CHECK(key_constraints(facts_of("CREATE TABLE t (a int UNIQUE NULLS NOT DISTINCT, UNIQUE (a))")).size() == 2);
}

TEST_CASE("CREATE TABLE: a UNIQUE with other INCLUDE columns than the primary key's is a constraint of its own") {
  // checked against PostgreSQL 15: INCLUDE counts (as in transformIndexConstraints), WITH (...) does not
  CHECK(key_constraints(facts_of("CREATE TABLE t (id int PRIMARY KEY, x int, CONSTRAINT u UNIQUE (id) INCLUDE (x))")) ==
        std::vector<std::string>{"pk(id)", "unique(id) u"});
  CHECK(key_constraints(facts_of("CREATE TABLE t (id int PRIMARY KEY, CONSTRAINT u UNIQUE (id) WITH (fillfactor=70))")) ==
        std::vector<std::string>{"pk(id) u"});
  CHECK(key_constraints(facts_of("CREATE TABLE t (a int, b int, UNIQUE (a) INCLUDE (b), UNIQUE (a) INCLUDE (b), UNIQUE (a))")) ==
        std::vector<std::string>{"unique(a)", "unique(a)"});
}

TEST_CASE("CREATE TEMP TABLE, PARTITION OF, AS query and LIKE") {
  const auto temp = facts_of("CREATE TEMPORARY TABLE scratch (a int)");
  REQUIRE(temp.declarations.size() == 2);
  CHECK(temp.declarations[0].table->temporary);

  const auto partition = facts_of("CREATE TABLE m_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  REQUIRE(partition.declarations.size() == 1);
  CHECK(partition.declarations[0].table->partition_of == QualifiedName{"", "measurements"});
  CHECK(partition.declarations[0].impact.strongest_lock() == LockMode::access_exclusive);
  CHECK(requires_feature(partition, Feature::declarative_partitioning));

  const auto parent = facts_of("CREATE TABLE measurements (at date not null, v int) PARTITION BY RANGE (at)");
  CHECK(parent.declarations[0].table->partition_by == "RANGE (at)");
  CHECK(parent.declarations.size() == 3);

  const auto as = facts_of("CREATE TABLE IF NOT EXISTS copy (a, b) AS SELECT 1, 2");
  REQUIRE(as.declarations.size() == 3);
  CHECK(as.declarations[0].table->as_query);
  CHECK(as.declarations[1].name.name == "a");
  CHECK(as.declarations[1].column->type.empty());
  CHECK(requires_feature(as, Feature::create_table_as_if_not_exists));
  CHECK_FALSE(requires_feature(as, Feature::create_table_if_not_exists));

  const auto like = facts_of("CREATE TABLE t2 (LIKE t1 INCLUDING ALL, extra int)");
  REQUIRE(like.declarations.size() == 2);
  CHECK(like.declarations[1].name.name == "extra");
}

TEST_CASE("a table name with a column named like a keyword") {
  const auto facts = facts_of("create table \"order\" (\"check\" int, exclude text, \"user\" text)");
  REQUIRE(facts.declarations.size() == 4);
  CHECK(facts.declarations[0].name.to_string() == "\"order\"");
  CHECK(facts.declarations[1].name.name == "check");
  CHECK(facts.declarations[2].name.name == "exclude");
  CHECK(facts.declarations[2].column->type == "text");
  CHECK(facts.declarations[3].name.name == "user");
}

TEST_CASE("SELECT ... INTO a table makes it as CREATE TABLE AS does, in a DO block INTO names variables") {
  const auto into = facts_of("select id into customer_ids from customers");
  CHECK(into.command == "SELECT INTO");
  REQUIRE(into.declarations.size() == 1);
  CHECK(into.declarations[0].kind == ObjectKind::table);
  CHECK(into.declarations[0].action == Action::create);
  CHECK(into.declarations[0].name.to_string() == "customer_ids");
  REQUIRE(into.declarations[0].table);
  CHECK(into.declarations[0].table->as_query);

  const auto temp = facts_of("SELECT * INTO TEMP TABLE scratch FROM customers");
  REQUIRE(temp.declarations.size() == 1);
  CHECK(temp.declarations[0].table->temporary);
  CHECK(temp.declarations[0].name.name == "scratch");
  const auto temporary = facts_of("SELECT * INTO TEMPORARY scratch FROM customers");
  REQUIRE(temporary.declarations.size() == 1);
  CHECK(temporary.declarations[0].table->temporary);
  const auto unlogged = facts_of("SELECT a, b INTO UNLOGGED TABLE app.copy FROM t WHERE a > 1");
  REQUIRE(unlogged.declarations.size() == 1);
  CHECK(unlogged.declarations[0].table->unlogged);
  CHECK(unlogged.declarations[0].name.to_string() == "app.copy");
  const auto with = facts_of("WITH x AS (SELECT 1 AS a) SELECT a INTO copy FROM x");
  REQUIRE(with.declarations.size() == 1);
  CHECK(with.declarations[0].name.name == "copy");

  // not a SELECT INTO
  CHECK(facts_of("SELECT id FROM customers").declarations.empty());
  CHECK(facts_of("SELECT id FROM customers WHERE id IN (SELECT x INTO y FROM z)").declarations.empty());
  CHECK(facts_of("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x").declarations.empty());
  CHECK(facts_of("INSERT INTO t SELECT 1").declarations.empty());
  const auto block = facts_of("DO $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM customers; END $$");
  for (const auto& d : block.declarations) CHECK(d.kind != ObjectKind::table);
}

TEST_CASE("a foreign table is a table of its columns (CREATE, ALTER and DROP FOREIGN TABLE), and IMPORT FOREIGN SCHEMA "
          "makes tables it cannot name") {
  const auto created = facts_of("CREATE FOREIGN TABLE ft (id int, name text) SERVER remote OPTIONS (table_name 't')");
  CHECK(created.command == "CREATE FOREIGN TABLE");
  CHECK(created.declarations.front().kind == ObjectKind::table);
  CHECK(created.declarations.front().name.name == "ft");
  CHECK(column(created, "name").action == Action::create);
  const Declaration added = only("ALTER FOREIGN TABLE ft ADD COLUMN note text");
  CHECK(added.kind == ObjectKind::column);
  CHECK(added.parent.name == "ft");
  const Declaration dropped = only("DROP FOREIGN TABLE IF EXISTS ft");
  CHECK(dropped.kind == ObjectKind::table);
  CHECK(dropped.action == Action::drop);
  const auto imported = facts_of("IMPORT FOREIGN SCHEMA public FROM SERVER remote INTO staging");
  CHECK(imported.recognised);
  CHECK(imported.dynamic_sql);
}
