#include <doctest/doctest.h>

#include "ddl/declarations.hpp"
#include "unit/ddl/ddl_test_support.hpp"

using namespace pgapply::ddl;
using pgapply::ddl::test::only;
using pgapply::ddl::test::requires_feature;

TEST_CASE("ALTER TABLE ADD COLUMN in its spellings") {
  const auto d = only("ALTER TABLE users ADD COLUMN max_reports integer NOT NULL DEFAULT 5;");
  CHECK(d.kind == ObjectKind::column);
  CHECK(d.action == Action::create);
  CHECK(d.name.name == "max_reports");
  CHECK(d.parent == QualifiedName{"", "users"});
  REQUIRE(d.column.has_value());
  CHECK(d.column->type == "integer");
  CHECK(d.column->not_null);
  CHECK(d.column->default_expression == "5");

  const auto bare = only("alter table app.Users add Theme VARCHAR(20)");
  CHECK(bare.parent == QualifiedName{"app", "users"});
  CHECK(bare.name.name == "theme");
  CHECK(bare.column->type == "character varying(20)");
  CHECK(bare.column->declared_type == "VARCHAR(20)");

  const auto facts = facts_of("ALTER TABLE IF EXISTS ONLY \"Users\" * ADD COLUMN IF NOT EXISTS \"Max\" int");
  REQUIRE(facts.declarations.size() == 1);
  CHECK(facts.declarations[0].parent.name == "Users");
  CHECK(facts.declarations[0].name.name == "Max");
  CHECK(facts.declarations[0].if_not_exists);
  CHECK(facts.declarations[0].parent_if_exists);
  CHECK(requires_feature(facts, Feature::add_column_if_not_exists));
  CHECK(requires_feature(facts, Feature::alter_table_if_exists));
  CHECK(facts.minimum_server_version() == 90600);
}

TEST_CASE("ALTER TABLE with several actions yields one declaration each, in the order PostgreSQL runs them") {
  // (its passes: drops, then type changes, then added columns, then the rest as written)
  const auto facts = facts_of(R"sql(ALTER TABLE orders
    ADD COLUMN note text,
    DROP COLUMN IF EXISTS legacy CASCADE,
    ALTER COLUMN total TYPE numeric(12,2) USING total::numeric(12,2),
    ALTER status SET DEFAULT 'new',
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN customer_id SET NOT NULL,
    ALTER COLUMN note DROP NOT NULL,
    ALTER COLUMN code SET DATA TYPE varchar(40) COLLATE "C",
    RENAME COLUMN a TO b)sql");
  REQUIRE(facts.declarations.size() == 9);
  const auto& d = facts.declarations;
  CHECK(d[0].action == Action::drop);
  CHECK(d[0].name.name == "legacy");
  CHECK(d[0].if_exists);
  CHECK(d[0].cascade);
  CHECK(d[0].impact.has(HazardKind::cascades));
  CHECK(d[0].location.line == 3);
  CHECK(d[1].change == Change::drop_default);
  CHECK(d[2].change == Change::drop_not_null);

  CHECK(d[3].action == Action::alter);
  CHECK(d[3].change == Change::set_type);
  CHECK(d[3].column->type == "numeric(12,2)");
  CHECK(d[3].column->using_expression == "total::numeric(12,2)");
  CHECK(d[3].impact.rewrites());
  CHECK(d[4].change == Change::set_type);
  CHECK(d[4].column->type == "character varying(40)");
  CHECK(d[4].column->collation == "\"C\"");

  CHECK(d[5].kind == ObjectKind::column);
  CHECK(d[5].action == Action::create);
  CHECK(d[5].location.line == 2);

  CHECK(d[6].change == Change::set_default);
  CHECK(d[6].name.name == "status");
  CHECK(d[6].column->default_expression == "'new'");
  CHECK_FALSE(d[6].impact.rewrites());
  CHECK(d[7].change == Change::set_not_null);
  CHECK(d[7].impact.scans());
  CHECK(d[8].change == Change::rename);
  CHECK(d[8].name.name == "a");
  CHECK(d[8].new_name == "b");
  CHECK(d[8].location.line == 10);

  REQUIRE(facts.locks.size() == 1);
  CHECK(facts.locks[0].mode == LockMode::access_exclusive);
}

TEST_CASE("ALTER TABLE constraints") {
  const auto fk = only("ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID");
  CHECK(fk.kind == ObjectKind::constraint);
  CHECK(fk.action == Action::create);
  CHECK(fk.name.name == "orders_customer_fk");
  CHECK(fk.parent.name == "orders");
  REQUIRE(fk.constraint.has_value());
  CHECK(fk.constraint->kind == ConstraintKind::foreign_key);
  CHECK(fk.constraint->not_valid);
  CHECK(fk.constraint->references.name == "customers");
  CHECK_FALSE(fk.impact.scans());
  REQUIRE(fk.impact.locks.size() == 2);
  CHECK(fk.impact.locks[0].table.name == "orders");
  CHECK(fk.impact.locks[0].mode == LockMode::share_row_exclusive);
  CHECK(fk.impact.locks[1].table.name == "customers");
  CHECK(fk.impact.locks[1].mode == LockMode::share_row_exclusive);

  const auto validated = only("ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers");
  CHECK(validated.name.name.empty());
  CHECK(validated.impact.scans());

  const auto check = only("ALTER TABLE orders ADD CONSTRAINT positive CHECK (total >= 0)");
  CHECK(check.constraint->kind == ConstraintKind::check);
  CHECK(check.impact.strongest_lock() == LockMode::access_exclusive);
  CHECK(check.impact.scans());
  const auto check_not_valid = only("ALTER TABLE orders ADD CONSTRAINT positive CHECK (total >= 0) NOT VALID");
  CHECK_FALSE(check_not_valid.impact.scans());

  const auto validate = only("ALTER TABLE orders VALIDATE CONSTRAINT positive");
  CHECK(validate.kind == ObjectKind::constraint);
  CHECK(validate.action == Action::alter);
  CHECK(validate.change == Change::validate);
  CHECK(validate.name.name == "positive");
  CHECK(validate.impact.strongest_lock() == LockMode::share_update_exclusive);
  CHECK(validate.impact.scans());

  const auto drop = only("ALTER TABLE orders DROP CONSTRAINT IF EXISTS positive");
  CHECK(drop.action == Action::drop);
  CHECK(drop.kind == ObjectKind::constraint);
  CHECK(drop.if_exists);

  const auto rename = only("ALTER TABLE orders RENAME CONSTRAINT positive TO non_negative");
  CHECK(rename.kind == ObjectKind::constraint);
  CHECK(rename.change == Change::rename);
  CHECK(rename.new_name == "non_negative");

  const auto pk = only("ALTER TABLE orders ADD PRIMARY KEY (id)");
  CHECK(pk.constraint->kind == ConstraintKind::primary_key);
  CHECK(pk.impact.scans());
  const auto pk_index = only("ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_idx");
  CHECK(pk_index.constraint->using_index == "orders_id_idx");
  CHECK_FALSE(pk_index.impact.scans());
  const auto unique = only("ALTER TABLE orders ADD UNIQUE (code)");
  CHECK(unique.constraint->kind == ConstraintKind::unique);
  CHECK(unique.constraint->columns == std::vector<std::string>{"code"});
}

TEST_CASE("ALTER TABLE row level security, rename, schema, owner") {
  const auto enable = only("ALTER TABLE user_alerts ENABLE ROW LEVEL SECURITY");
  CHECK(enable.kind == ObjectKind::row_level_security);
  CHECK(enable.change == Change::enable);
  CHECK(enable.parent.name == "user_alerts");
  CHECK(only("ALTER TABLE t DISABLE ROW LEVEL SECURITY").change == Change::disable);
  CHECK(only("ALTER TABLE t FORCE ROW LEVEL SECURITY").change == Change::force);
  CHECK(only("ALTER TABLE t NO FORCE ROW LEVEL SECURITY").change == Change::no_force);
  CHECK(facts_of("ALTER TABLE t ENABLE ROW LEVEL SECURITY").minimum_server_version() == 90500);

  const auto rename = only("ALTER TABLE t RENAME TO t2");
  CHECK(rename.kind == ObjectKind::table);
  CHECK(rename.change == Change::rename);
  CHECK(rename.name.name == "t");
  CHECK(rename.new_name == "t2");

  const auto schema = only("ALTER TABLE t SET SCHEMA archive");
  CHECK(schema.change == Change::set_schema);
  CHECK(schema.new_schema == "archive");
  const auto owner = only("ALTER TABLE t OWNER TO app_owner");
  CHECK(owner.change == Change::owner);
  CHECK(owner.new_owner == "app_owner");

  const auto column = only("ALTER TABLE t RENAME old_name TO new_name");
  CHECK(column.kind == ObjectKind::column);
  CHECK(column.name.name == "old_name");
  CHECK(column.new_name == "new_name");
}

TEST_CASE("ALTER TABLE lock levels of the lighter forms") {
  CHECK(only("ALTER TABLE t ALTER COLUMN a SET STATISTICS 500").impact.strongest_lock() ==
        LockMode::share_update_exclusive);
  CHECK(only("ALTER TABLE t ALTER a SET (n_distinct = 100)").impact.strongest_lock() ==
        LockMode::share_update_exclusive);
  CHECK(only("ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false)").impact.strongest_lock() ==
        LockMode::share_update_exclusive);
  CHECK(only("ALTER TABLE t SET (user_catalog_table = true)").impact.strongest_lock() == LockMode::access_exclusive);
  CHECK(only("ALTER TABLE t CLUSTER ON t_idx").impact.strongest_lock() == LockMode::share_update_exclusive);
  const auto trigger = only("ALTER TABLE t DISABLE TRIGGER audit");
  CHECK(trigger.kind == ObjectKind::trigger);
  CHECK(trigger.change == Change::disable);
  CHECK(trigger.impact.strongest_lock() == LockMode::share_row_exclusive);
  CHECK(only("ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL").impact.strongest_lock() ==
        LockMode::access_exclusive);
  CHECK(only("ALTER TABLE t REPLICA IDENTITY FULL").impact.strongest_lock() == LockMode::access_exclusive);
  CHECK(only("ALTER TABLE t SET LOGGED").impact.rewrites());
  CHECK(only("ALTER TABLE t SET TABLESPACE fast").impact.rewrites());
  const auto access_method = facts_of("ALTER TABLE t SET ACCESS METHOD heap2");
  CHECK(access_method.declarations[0].impact.rewrites());
  CHECK(access_method.minimum_server_version() == 150000);
}

TEST_CASE("ALTER TABLE partitions") {
  const auto attach = only("ALTER TABLE measurements ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  REQUIRE(attach.impact.locks.size() == 2);
  // (the partition first: its rows are the ones scanned)
  CHECK(attach.impact.locks[0].table.name == "m_2024");
  CHECK(attach.impact.locks[0].mode == LockMode::access_exclusive);
  CHECK(attach.impact.locks[1].table.name == "measurements");
  CHECK(attach.impact.locks[1].mode == LockMode::share_update_exclusive);
  const auto detach = facts_of("ALTER TABLE measurements DETACH PARTITION m_2020 CONCURRENTLY");
  CHECK(detach.declarations[0].impact.strongest_lock() == LockMode::share_update_exclusive);
  CHECK(detach.minimum_server_version() == 140000);
}

TEST_CASE("ALTER TABLE identity and generated-column forms") {
  const auto add = facts_of("ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY");
  CHECK(add.declarations[0].change == Change::identity);
  CHECK(add.declarations[0].column->identity == IdentityKind::always);
  CHECK(add.minimum_server_version() == 100000);
  CHECK(only("ALTER TABLE t ALTER COLUMN id DROP IDENTITY IF EXISTS").change == Change::identity);
  CHECK(only("ALTER TABLE t ALTER COLUMN id RESTART WITH 100").change == Change::identity);
  const auto drop_expression = facts_of("ALTER TABLE t ALTER COLUMN total DROP EXPRESSION");
  CHECK(drop_expression.declarations[0].change == Change::drop_expression);
  CHECK(drop_expression.minimum_server_version() == 130000);
}

TEST_CASE("ALTER TABLE ALL IN TABLESPACE and unknown actions") {
  const auto all = facts_of("ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b");
  CHECK(all.recognised);
  CHECK(all.declarations.empty());
  const auto other = only("ALTER TABLE t OF some_type");
  CHECK(other.kind == ObjectKind::table);
  CHECK(other.change == Change::other);
  CHECK(other.impact.strongest_lock() == LockMode::access_exclusive);
}
