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
      "create table app.tally (n serial, m int);"
      "create sequence app.tally_m_seq owned by app.tally.m;"
      "insert into app.users (email) select 'u' || i from generate_series(1, 100) i; analyze app.users;");
  const auto snapshot = engine::read_catalog(connection);
  CHECK(snapshot.server_version >= 100000);
  CHECK(snapshot.current_user == "postgres");
  CHECK(snapshot.superuser);
  // "$user" as the user's name, though no such schema exists: one a migration makes takes what follows
  CHECK(snapshot.search_path == std::vector<std::string>{snapshot.current_user, "public"});
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
  CHECK(snapshot.find_relation("app", "counter")->owned_by_table.empty());  // OWNED BY: what it goes with
  CHECK(snapshot.find_relation("app", "users_id_seq")->owned_by_table == "users");
  CHECK(snapshot.find_relation("app", "tally_n_seq")->owned_by_column == "n");
  CHECK(snapshot.find_relation("app", "tally_m_seq")->owned_by_table == "tally");
  CHECK(snapshot.find_relation("app", "tally_m_seq")->owned_by_column == "m");
  CHECK(users->columns[0].local);
  CHECK(snapshot.find_type("app", "users") == nullptr);  // a table's row type is not listed
}

// Every field, so that a column read under the wrong name shows (the catalog
// reader reads its queries' columns by name).
TEST_CASE("the catalog snapshot: every field of every query lands where it belongs") {
  test::TestDatabase db;
  auto connection = db.connect();
  connection.exec(
      "create schema app;"
      "create table app.parent (id int primary key);"
      "create table app.child (id int, parent_id int, constraint positive check (id > 0));"
      "alter table app.child add foreign key (parent_id) references app.parent (id) not valid;"
      "create unique index child_id on app.child (id);"
      "create policy readers on app.child as restrictive for select using (true);"
      "alter table app.child force row level security;"
      "create function app.touch() returns trigger language plpgsql as 'begin return new; end';"
      "create trigger touch_child before update on app.child for each row execute function app.touch();"
      "create trigger audit_child after delete on app.child for each row when (old.id > 0) "
      "execute function app.touch('x');"
      "create procedure app.tidy(n int) language sql as 'select 1';"
      "create function app.same(a int, b int) returns bool immutable language sql as 'select a = b';"
      "create operator app.=== (leftarg = int, rightarg = int, function = app.same);"
      "create function app.twice(a int) returns int immutable language sql as 'select a * 2';"
      "create table app.other (id int); create index other_twice on app.other (app.twice(id));"
      "create domain app.positive as int check (value > 0);"
      "create table app.heir (own int, parent_id int) inherits (app.child);");
  const auto snapshot = engine::read_catalog(connection);
  CHECK(snapshot.server_version_text.find('.') != std::string::npos);
  CHECK(snapshot.server_version / 10000 == std::stoi(snapshot.server_version_text));
  CHECK(snapshot.database == db.name());
  CHECK(snapshot.can_create_schema);
  // INHERITS: its parents, and which columns it declares itself
  const auto* heir = snapshot.find_relation("app", "heir");
  REQUIRE(heir != nullptr);
  CHECK(heir->parents == std::vector<std::pair<std::string, std::string>>{{"app", "child"}});
  REQUIRE(heir->columns.size() == 3);  // id, parent_id (merged with its own), own
  CHECK_FALSE(heir->columns[0].local);
  CHECK(heir->columns[1].local);
  CHECK(heir->columns[2].local);
  CHECK(snapshot.find_relation("app", "child")->parents.empty());

  const auto* app = snapshot.find_schema("app");
  REQUIRE(app != nullptr);
  CHECK(app->can_create);
  CHECK(app->owner == "postgres");

  const auto* child = snapshot.find_relation("app", "child");
  REQUIRE(child != nullptr);
  CHECK(child->owner == "postgres");
  CHECK_FALSE(child->row_security);
  CHECK(child->force_row_security);
  CHECK(child->row_estimate < 1);  // never analysed: -1 (PostgreSQL 14+) or 0
  REQUIRE(child->columns.size() == 2);
  CHECK(child->columns[1].name == "parent_id");
  CHECK(child->columns[1].type == "integer");
  CHECK_FALSE(child->columns[1].not_null);
  CHECK(child->columns[1].identity == '\0');
  CHECK(child->columns[1].generated == '\0');
  CHECK_FALSE(child->columns[1].generation_expression.has_value());

  REQUIRE(child->indexes.size() == 1);
  const auto& index = child->indexes[0];
  CHECK(index.name == "child_id");
  CHECK(index.valid);
  CHECK(index.ready);
  CHECK(index.unique);
  CHECK_FALSE(index.primary);
  CHECK(index.definition == "CREATE UNIQUE INDEX child_id ON app.child USING btree (id)");

  REQUIRE(child->constraints.size() == 2);  // ordered by name
  CHECK(child->constraints[0].name == "child_parent_id_fkey");
  CHECK(child->constraints[0].type == 'f');
  CHECK_FALSE(child->constraints[0].validated);
  CHECK(child->constraints[0].definition == "FOREIGN KEY (parent_id) REFERENCES app.parent(id) NOT VALID");
  CHECK(child->constraints[1].name == "positive");
  CHECK(child->constraints[1].type == 'c');
  CHECK(child->constraints[1].validated);

  REQUIRE(child->policies.size() == 1);
  CHECK(child->policies[0].name == "readers");
  CHECK(child->policies[0].command == "SELECT");
  CHECK_FALSE(child->policies[0].permissive);

  // by name; when they fire, and what their function does (it writes no rows, and sets nothing in the row)
  REQUIRE(child->triggers.size() == 2);
  CHECK(child->triggers[0].name == "audit_child");
  CHECK_FALSE(child->triggers[0].before_row);
  CHECK(child->triggers[0].on_delete);
  CHECK_FALSE(child->triggers[0].on_update);
  CHECK(child->triggers[0].conditional);
  CHECK(child->triggers[1].name == "touch_child");
  CHECK(child->triggers[1].before_row);
  CHECK(child->triggers[1].on_update);
  CHECK_FALSE(child->triggers[1].conditional);
  CHECK_FALSE(child->triggers[1].may_write_rows);
  REQUIRE(child->triggers[1].sets.has_value());
  CHECK(child->triggers[1].sets->empty());
  // (a function that writes no rows appends to no table: nothing, not nullopt)
  REQUIRE(child->triggers[1].appends_to.has_value());
  CHECK(child->triggers[1].appends_to->empty());

  const auto tidy = snapshot.find_routines("app", "tidy");
  REQUIRE(tidy.size() == 1);
  CHECK(tidy[0]->schema == "app");
  CHECK(tidy[0]->kind == 'p');
  CHECK(tidy[0]->identity_arguments == "IN n integer");
  CHECK(tidy[0]->argument_types == "integer");
  CHECK_FALSE(tidy[0]->referenced);  // (nothing of the database's calls it)
  const auto touch = snapshot.find_routines("app", "touch");
  REQUIRE(touch.size() == 1);
  CHECK(touch[0]->referenced);  // (its triggers)
  CHECK_FALSE(tidy[0]->indexed);
  CHECK_FALSE(tidy[0]->index_support);
  // an operator's function: what an exclusion constraint's check, or an index of its class, calls unseen
  const auto same = snapshot.find_routines("app", "same");
  REQUIRE(same.size() == 1);
  CHECK(same[0]->index_support);
  const auto twice = snapshot.find_routines("app", "twice");
  REQUIRE(twice.size() == 1);
  CHECK(twice[0]->indexed);  // (an index's expression calls it)
  CHECK(twice[0]->volatility == 'i');
  CHECK(touch[0]->volatility == 'v');  // (VOLATILE unless said)
  CHECK_FALSE(same[0]->indexed);

  const auto* positive = snapshot.find_type("app", "positive");
  REQUIRE(positive != nullptr);
  CHECK(positive->kind == 'd');
  CHECK(positive->enum_labels.empty());

  bool plpgsql = false;
  for (const auto& extension : snapshot.extensions) {
    if (extension.name != "plpgsql") continue;
    plpgsql = true;
    CHECK(extension.schema == "pg_catalog");
    CHECK_FALSE(extension.version.empty());
  }
  CHECK(plpgsql);
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

TEST_CASE("row checks: NULLs and duplicates read per question, a table locked by another session not waited for") {
  test::TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (a int, b int); create table \"Odd\" (\"C\" int);"
                  "insert into t values (1, null), (2, 3), (2, null), (null, 4), (null, 4);"
                  "insert into \"Odd\" values (1)");
  using K = schema::RowCheckKind;
  const auto question = [](K kind, const std::string& table, std::vector<std::string> columns) {
    schema::RowCheck out;
    out.kind = kind;
    out.schema = "public";
    out.table = table;
    out.columns = std::move(columns);
    return out;
  };
  const auto nulls = [&](const std::string& table, const std::string& column) {
    return question(K::nulls, table, {column});
  };
  const auto duplicates = [&](std::vector<std::string> columns, bool nulls_not_distinct) {
    auto out = question(K::duplicates, "t", std::move(columns));
    out.nulls_not_distinct = nulls_not_distinct;
    return out;
  };
  auto snapshot = engine::read_catalog(connection);
  engine::read_row_checks(connection,
                          {nulls("t", "a"), nulls("t", "b"), nulls("Odd", "C"), duplicates({"a"}, false),
                           duplicates({"b"}, false), duplicates({"a", "b"}, false), duplicates({"a", "b"}, true)},
                          snapshot);
  REQUIRE(snapshot.row_checks.size() == 7);
  CHECK(snapshot.find_row_check(nulls("t", "a"))->found == true);
  CHECK(snapshot.find_row_check(nulls("t", "b"))->found == true);
  CHECK(snapshot.find_row_check(nulls("Odd", "C"))->found == false);
  CHECK(snapshot.find_row_check(duplicates({"a"}, false))->found == true);        // 2, 2
  CHECK(snapshot.find_row_check(duplicates({"b"}, false))->found == true);        // 4, 4
  CHECK(snapshot.find_row_check(duplicates({"a", "b"}, false))->found == false);  // a NULL in each pair
  CHECK(snapshot.find_row_check(duplicates({"a", "b"}, true))->found == true);    // (NULL, 4) twice

  // CHECK violations and foreign key orphans (MATCH SIMPLE: a NULL names nothing)
  connection.exec("create table parent (id int primary key); insert into parent values (1), (3);"
                  "create table child (p int, q int); insert into child values (1, 1), (null, 2), (3, 3)");
  auto check = question(K::violations, "child", {});
  check.expression = "q < 3 -- the comment ends the line";
  auto passing = question(K::violations, "child", {});
  passing.expression = "q > 0";
  auto undefined = question(K::violations, "child", {});
  undefined.expression = "added_later > 0";
  auto orphans = question(K::orphans, "child", {"q"});
  orphans.referenced_schema = "public";
  orphans.referenced_table = "parent";
  orphans.referenced_columns = {"id"};
  auto none = orphans;
  none.columns = {"p"};
  snapshot.row_checks.clear();
  engine::read_row_checks(connection, {check, passing, undefined, orphans, none}, snapshot);
  CHECK(snapshot.find_row_check(check)->found == true);    // q = 3
  CHECK(snapshot.find_row_check(passing)->found == false);
  CHECK_FALSE(snapshot.find_row_check(undefined)->found.has_value());
  CHECK(snapshot.find_row_check(undefined)->unread.empty());  // a column the run adds: nothing to say
  CHECK(snapshot.find_row_check(orphans)->found == true);   // q = 2 is no parent
  CHECK(snapshot.find_row_check(none)->found == false);

  auto other = db.connect();
  other.exec("BEGIN");
  other.exec("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
  snapshot.row_checks.clear();
  engine::read_row_checks(connection, {nulls("t", "b"), nulls("Odd", "C")}, snapshot);
  other.exec("ROLLBACK");
  const auto* locked = snapshot.find_row_check(nulls("t", "b"));
  REQUIRE(locked != nullptr);
  CHECK_FALSE(locked->found.has_value());
  CHECK(locked->unread == "another session held a lock on its table, which reading it waited for over 1 s");
  // the next one is still read, and the connection is out of the transaction
  CHECK(snapshot.find_row_check(nulls("Odd", "C"))->found == false);
  CHECK(connection.exec("select 1").rows() == 1);
  CHECK(connection.transaction_status() == pg::TransactionStatus::idle);
}
