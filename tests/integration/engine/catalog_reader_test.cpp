// The catalog snapshot read from a real server.
#include "engine/catalog_reader.hpp"

#include <doctest/doctest.h>

#include "support/test_database.hpp"

using namespace pgapply;

TEST_CASE("the catalog snapshot reads tables, columns, indexes, policies, routines, types") {
  test::TestDatabase db;
  auto connection = db.connect();
  connection.exec(
      "create schema app;"
      "create type app.mood as enum ('sad', 'ok', 'happy');"
      "create table app.users (id bigint generated always as identity primary key, "
      "  email varchar(255) not null unique, tz text default 'UTC', score int default -1, "
      "  mood app.mood, total numeric generated always as (score * 2) stored);"
      "create index users_tz on app.users (tz);"
      "alter table app.users enable row level security;"
      "create policy own on app.users using (true);"
      "create function app.add(a int, b text) returns int language sql as 'select 1';"
      "create view app.v as select id from app.users;"
      "create sequence app.counter;"
      "insert into app.users (email) select 'u' || i from generate_series(1, 100) i; analyze app.users;");
  const auto snapshot = engine::read_catalog(connection);
  CHECK(snapshot.server_version >= 100000);
  CHECK(snapshot.current_user == "postgres");
  CHECK(snapshot.superuser);
  CHECK(snapshot.search_path == std::vector<std::string>{"public"});
  CHECK(snapshot.creation_schema() == "public");
  REQUIRE(snapshot.find_schema("app") != nullptr);
  CHECK(snapshot.find_relation("", "users") == nullptr);  // not on search_path
  const auto* users = snapshot.find_relation("app", "users");
  REQUIRE(users != nullptr);
  CHECK(users->kind == 'r');
  CHECK(users->row_security);
  CHECK(users->row_estimate == 100);
  CHECK(users->total_bytes > 0);
  CHECK(users->owned);
  REQUIRE(users->columns.size() == 6);
  CHECK(users->columns[0].identity == 'a');
  CHECK_FALSE(users->columns[0].default_expression.has_value());
  CHECK(users->columns[1].type == "character varying(255)");
  CHECK(users->columns[1].not_null);
  CHECK(users->columns[2].default_expression == "'UTC'::text");
  CHECK(users->columns[3].default_expression == "'-1'::integer");
  CHECK(users->columns[4].type == "app.mood");
  CHECK(users->columns[5].generated == 's');
  CHECK(users->columns[5].generation_expression == "(score * 2)");
  CHECK(snapshot.find_index("app", "users_tz").index != nullptr);
  CHECK(snapshot.find_index("app", "users_tz").index->valid);
  CHECK(snapshot.find_index("app", "users_pkey").index->primary);
  REQUIRE(users->policies.size() == 1);
  CHECK(users->policies[0].name == "own");
  CHECK(users->constraints.size() == 2);  // primary key and unique
  const auto routines = snapshot.find_routines("app", "add");
  REQUIRE(routines.size() == 1);
  CHECK(routines[0]->argument_types == "integer, text");
  const auto* mood = snapshot.find_type("app", "mood");
  REQUIRE(mood != nullptr);
  CHECK(mood->enum_labels == std::vector<std::string>{"sad", "ok", "happy"});
  CHECK(snapshot.find_relation("app", "v")->kind == 'v');
  CHECK(snapshot.find_relation("app", "counter")->kind == 'S');
  CHECK(snapshot.find_type("app", "users") == nullptr);  // a table's row type is not listed
}

TEST_CASE("the catalog snapshot lists sessions holding locks on tables") {
  test::TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  auto other = db.connect();
  other.exec("SET application_name = 'reporting job'");
  other.exec("BEGIN");
  other.exec("LOCK TABLE t IN SHARE MODE");
  const auto snapshot = engine::read_catalog(connection);
  other.exec("ROLLBACK");
  REQUIRE(snapshot.lock_holders.size() >= 1);
  const auto& holder = snapshot.lock_holders.front();
  CHECK(holder.relation == "t");
  CHECK(holder.mode == "ShareLock");
  CHECK(holder.granted);
  CHECK(holder.application == "reporting job");
  CHECK(holder.state == "idle in transaction");
  CHECK(holder.pid == other.backend_pid());
}
