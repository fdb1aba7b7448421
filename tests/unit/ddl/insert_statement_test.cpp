#include "ddl/insert_statement.hpp"

#include <doctest/doctest.h>

using pgapply::ddl::insert_values;

TEST_CASE("an INSERT ... VALUES of literals and PostgreSQL's own functions changes its table alone") {
  auto insert = insert_values("INSERT INTO app.roles (id, name) VALUES (1, 'admin'), (2, upper('x'))");
  REQUIRE(insert);
  CHECK(insert->table.schema == "app");
  CHECK(insert->table.name == "roles");
  CHECK(insert_values("insert into \"Roles\" values (gen_random_uuid(), now(), nextval('s'), row(1, 2)) "
                             "on conflict (id) do update set (a, b) = (excluded.a, 2) where (roles.a > 1) "
                             "returning *")
            ->table.name == "Roles");
  CHECK(insert_values("insert into t overriding system value values (1, cast('2' as int))"));
}

TEST_CASE("an INSERT that may reach further is not one of them") {
  CHECK_FALSE(insert_values("insert into t values (my_function())"));
  CHECK_FALSE(insert_values("insert into t select * from u"));
  CHECK_FALSE(insert_values("insert into t values ((select f() from u))"));
  CHECK_FALSE(insert_values("with x as (delete from u returning *) insert into t select * from x"));
  CHECK_FALSE(insert_values("insert into t default values"));  // (not read: as any other form)
  CHECK_FALSE(insert_values("update t set a = 1"));
}

TEST_CASE("an INSERT ... VALUES is read for its columns, each row's values as written, and ON CONFLICT") {
  auto insert = pgapply::ddl::insert_values("INSERT INTO roles (id, \"Name\") VALUES (1, 'admin'), (2, 'a, b'),"
                                            " (DEFAULT, upper('x')) ON CONFLICT DO NOTHING RETURNING id");
  REQUIRE(insert);
  CHECK(insert->columns == std::vector<std::string>{"id", "Name"});
  CHECK(insert->column_list);
  REQUIRE(insert->rows.size() == 3);
  CHECK(insert->rows[1] == std::vector<std::string>{"2", "'a, b'"});
  CHECK(insert->rows[2] == std::vector<std::string>{"DEFAULT", "upper('x')"});
  CHECK(insert->on_conflict);
  insert = pgapply::ddl::insert_values("insert into t values (1)");
  REQUIRE(insert);
  CHECK(insert->columns.empty());
  CHECK_FALSE(insert->column_list);  // (the table's columns in order)
  CHECK_FALSE(insert->on_conflict);
  // a field or element of a column sets part of it: no column's value to read
  insert = pgapply::ddl::insert_values("insert into t (a, b[1]) values (1, 2)");
  REQUIRE(insert);
  CHECK(insert->columns.empty());
  CHECK(insert->column_list);
}

TEST_CASE("an INSERT's rows past those asked for are not read, its ON CONFLICT still is") {
  const auto insert =
      pgapply::ddl::insert_values("insert into t (a) values (1), (2), (3) on conflict (a) do nothing", 2);
  REQUIRE(insert);
  CHECK(insert->rows.size() == 2);
  CHECK(insert->on_conflict);
}

TEST_CASE("an INSERT's OVERRIDING USER VALUE and ON CONFLICT ... DO UPDATE are read") {
  auto insert = pgapply::ddl::insert_values("insert into t (id) overriding user value values (1)");
  REQUIRE(insert);
  CHECK(insert->overriding_user_value);
  CHECK(insert->rows.size() == 1);
  insert = pgapply::ddl::insert_values("insert into t (id) overriding system value values (1) "
                                       "on conflict (id) do update set id = excluded.id + 1");
  REQUIRE(insert);
  CHECK_FALSE(insert->overriding_user_value);
  CHECK(insert->overriding_system_value);
  CHECK(insert->on_conflict_updates);
  insert = pgapply::ddl::insert_values("insert into t (id) values (1) on conflict on constraint t_pkey do nothing");
  REQUIRE(insert);
  CHECK(insert->on_conflict);
  CHECK_FALSE(insert->on_conflict_updates);
}

TEST_CASE("an INSERT's ON CONFLICT target is read: its columns, its constraint, none (any key), or not read") {
  auto insert = pgapply::ddl::insert_values("insert into t (a, b) values (1, 2) on conflict (a, \"B\") do nothing");
  REQUIRE(insert);
  CHECK(insert->conflict_columns == std::vector<std::string>{"a", "B"});
  CHECK_FALSE(insert->conflict_any_key);
  insert = pgapply::ddl::insert_values("insert into t (a) values (1) on conflict on constraint \"T_pkey\" do nothing");
  REQUIRE(insert);
  CHECK(insert->conflict_constraint == "T_pkey");
  CHECK(insert->conflict_columns.empty());
  insert = pgapply::ddl::insert_values("insert into t (a) values (1) on conflict do nothing");
  REQUIRE(insert);
  CHECK(insert->conflict_any_key);
  // an expression, an operator class, a partial index's WHERE: not read (none of the three)
  for (const char* sql : {"insert into t (a) values ('x') on conflict (lower(a)) do nothing",
                          "insert into t (a) values ('x') on conflict (a text_pattern_ops) do nothing",
                          "insert into t (a) values ('x') on conflict (a) where a > '' do nothing"}) {
    insert = pgapply::ddl::insert_values(sql);
    REQUIRE(insert);
    CHECK(insert->on_conflict);
    CHECK_FALSE(insert->conflict_any_key);
    CHECK(insert->conflict_columns.empty());
    CHECK(insert->conflict_constraint.empty());
  }
}

TEST_CASE("the head of an INSERT whose rows come from a query: its table and the columns it lists") {
  using pgapply::ddl::insert_query_head;
  const auto head = insert_query_head("INSERT INTO app.users AS u (name, \"Email\") SELECT name, email FROM old");
  REQUIRE(head);
  CHECK(head->table.schema == "app");
  CHECK(head->table.name == "users");
  CHECK(head->columns == std::vector<std::string>{"name", "Email"});
  CHECK(insert_query_head("insert into users (name) with x as (select 1) select 'a' from x"));
  CHECK(insert_query_head("insert into users (name) (select 'a')"));
  CHECK(insert_query_head("insert into users (name) table old_names"));
  CHECK(insert_query_head("insert into users (id) overriding system value select 1"));
  // (its rows are the shadow's; or its query's columns fill the table's in order; or it sets part of a column)
  CHECK_FALSE(insert_query_head("insert into users (name) values ('a')"));
  CHECK_FALSE(insert_query_head("insert into users default values"));
  CHECK_FALSE(insert_query_head("insert into users select * from old"));
  CHECK_FALSE(insert_query_head("insert into users (address.city) select 'x'"));
  CHECK_FALSE(insert_query_head("with x as (select 1) insert into users (name) select 'a' from x"));
}
