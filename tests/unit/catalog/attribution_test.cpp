#include "catalog/attribution.hpp"

#include <doctest/doctest.h>

#include "catalog/drift.hpp"
#include "ddl/declarations.hpp"

using namespace pgapply;
using namespace pgapply::catalog;

namespace {

schema::MigrationFacts migration(const std::string& version, const std::vector<std::string>& statements) {
  schema::MigrationFacts facts;
  facts.version = version;
  facts.file_name = version + "_m.sql";
  facts.shown = "migrations/" + facts.file_name;
  std::size_t line = 1;
  for (const auto& text : statements) {
    facts.statements.push_back({facts.shown, line, ddl::facts_of(text), {}, {}, {}, {}, {}, {}});
    line += 10;
  }
  return facts;
}

std::string where(const Attributor& attributor, const ObjectKey& key) {
  const auto found = attributor.locate(key);
  return found ? found->location + (found->dynamic ? " (dynamic)" : "") : "none";
}

}  // namespace

TEST_CASE("attribution: the last statement that made or changed an object, renames followed") {
  const Attributor attributor({
      migration("1", {"create table users (id int primary key, email text unique)", "create index on users (email)"}),
      migration("2", {"alter table users alter column email type varchar(64)", "alter index users_email_idx rename to by_email",
                      "create type mood as enum ('a')", "create function f(a int) returns int language sql as 'select 1'"}),
      migration("3", {"alter type mood add value 'b'",
                      "do $$ begin execute format('alter table users add column x_%s int', "
                      "to_char(now(), 'YYYY')); end $$"}),
  });
  CHECK(where(attributor, {ObjectKind::table, "public", "", "users"}) == "migrations/1_m.sql:1");
  CHECK(where(attributor, {ObjectKind::column, "public", "users", "email"}) == "migrations/2_m.sql:1");
  CHECK(where(attributor, {ObjectKind::column, "public", "users", "id"}) == "migrations/1_m.sql:1");
  // names PostgreSQL chose: the statement that made them, or the table's
  CHECK(where(attributor, {ObjectKind::constraint, "public", "users", "users_pkey"}) == "migrations/1_m.sql:1");
  CHECK(where(attributor, {ObjectKind::index, "public", "users", "by_email"}) == "migrations/2_m.sql:11");
  CHECK(where(attributor, {ObjectKind::enum_type, "public", "", "mood"}) == "migrations/3_m.sql:1");
  CHECK(where(attributor, {ObjectKind::function, "public", "", "f(a integer)"}) == "migrations/2_m.sql:31");
  // a column nobody names: the DO block with EXECUTE, as a guess
  CHECK(where(attributor, {ObjectKind::table, "public", "", "elsewhere"}) == "migrations/3_m.sql:11 (dynamic)");
  // An EXECUTE that runs the same SQL on the shadow made there what it made: named, as a guess that is no doubt.
  const Attributor same({migration("1", {"do $$ begin execute 'create table x (id int)'; end $$"})});
  CHECK(where(same, {ObjectKind::table, "public", "", "elsewhere"}) == "migrations/1_m.sql:1");
  const auto guess = same.locate({ObjectKind::table, "public", "", "elsewhere"});
  REQUIRE(guess.has_value());
  CHECK(guess->guessed_among == 1);
  CHECK_FALSE(guess->uncertain());
}

TEST_CASE("attribution: schema-qualified names prefer their schema, unqualified ones match any") {
  const Attributor attributor({migration("1", {"create table app.t (a int)", "create table t (a int)"}),
                               migration("2", {"alter table t add column b int"})});
  CHECK(where(attributor, {ObjectKind::table, "app", "", "t"}) == "migrations/1_m.sql:1");
  CHECK(where(attributor, {ObjectKind::table, "public", "", "t"}) == "migrations/1_m.sql:11");
  CHECK(where(attributor, {ObjectKind::column, "other", "t", "b"}) == "migrations/2_m.sql:1");
  CHECK(where(attributor, {ObjectKind::sequence, "public", "", "nothing"}) == "none");
}

TEST_CASE("attribution: privileges come from the last GRANT or REVOKE on the object, composite types are found") {
  const Attributor attributor({
      migration("1", {"create table x (a int)", "create type app.comp as (a int, b int)",
                      "create function f(a int) returns int language sql as 'select 1'"}),
      migration("2", {"alter table x add column b int", "grant select, insert on table x, app.y to public",
                      "revoke execute on function f(int) from public"}),
      migration("3", {"alter type app.comp add attribute c int", "grant select (a) on x to public",
                      "create or replace function f(a int) returns int language sql as 'select 2'"}),
  });
  const auto privileges = [&attributor](const ObjectKey& key) {
    const auto found = attributor.locate_privileges(key);
    return found ? found->location : "none";
  };
  CHECK(privileges({ObjectKind::table, "public", "", "x"}) == "migrations/2_m.sql:11");
  CHECK(privileges({ObjectKind::table, "app", "", "y"}) == "migrations/2_m.sql:11");
  // CREATE OR REPLACE keeps the privileges the REVOKE left
  CHECK(privileges({ObjectKind::function, "public", "", "f(a integer)"}) == "migrations/2_m.sql:21");
  CHECK(where(attributor, {ObjectKind::function, "public", "", "f(a integer)"}) == "migrations/3_m.sql:21");
  // nothing granted on it: the statement that made it
  CHECK(privileges({ObjectKind::composite_type, "app", "", "comp"}) == "migrations/1_m.sql:11");
  CHECK(where(attributor, {ObjectKind::composite_type, "app", "", "comp"}) == "migrations/3_m.sql:1");
  // anything else of it: what declares it, as before
  CHECK(where(attributor, {ObjectKind::table, "public", "", "x"}) == "migrations/1_m.sql:1");
  CHECK(where(attributor, {ObjectKind::column, "public", "x", "b"}) == "migrations/2_m.sql:1");
}

TEST_CASE("attribution: a table made again after a GRANT has the privileges its CREATE gave it") {
  const Attributor attributor({migration("1", {"create table x (a int)", "grant select on x to public"}),
                               migration("2", {"drop table x", "create table x (a int)"})});
  CHECK(attributor.locate_privileges({ObjectKind::table, "public", "", "x"})->location == "migrations/2_m.sql:11");
}

TEST_CASE("attribution: a renamed object keeps its privileges, and what last set them") {
  const Attributor attributor({migration("1", {"create table x (a int)", "grant select on x to public",
                                               "create sequence s", "create view v as select 1 as a"}),
                               migration("2", {"alter table x rename to y", "alter sequence s rename to t",
                                               "alter view v rename to w", "grant select on w to public"})});
  const auto privileges = [&attributor](const ObjectKey& key) {
    const auto found = attributor.locate_privileges(key);
    return found ? found->location : "none";
  };
  // the GRANT before the rename, not the rename
  CHECK(privileges({ObjectKind::table, "public", "", "y"}) == "migrations/1_m.sql:11");
  CHECK(where(attributor, {ObjectKind::table, "public", "", "y"}) == "migrations/2_m.sql:1");
  // nothing granted: the statement that made it, under its old name
  CHECK(privileges({ObjectKind::sequence, "public", "", "t"}) == "migrations/1_m.sql:21");
  // a GRANT after the rename wins
  CHECK(privileges({ObjectKind::view, "public", "", "w"}) == "migrations/2_m.sql:31");
}

TEST_CASE("attribution: a column's privileges come from the last GRANT or REVOKE on its table") {
  const Attributor attributor({migration("1", {"create table x (a int, b int)"}),
                               migration("2", {"grant select (a), update (a) on x to public",
                                               "alter table x add column c int"})});
  const auto privileges = [&attributor](const ObjectKey& key) {
    const auto found = attributor.locate_privileges(key);
    return found ? found->location : "none";
  };
  CHECK(privileges({ObjectKind::column, "public", "x", "a"}) == "migrations/2_m.sql:1");
  CHECK(where(attributor, {ObjectKind::column, "public", "x", "a"}) == "migrations/1_m.sql:1");
  // a column of a table nobody granted anything on: what made its table
  const Attributor plain({migration("1", {"create table y (a int)"})});
  CHECK(plain.locate_privileges({ObjectKind::column, "public", "y", "a"})->location == "migrations/1_m.sql:1");
}

TEST_CASE("attribution: an object the database has under the name a migration renames it from is one not renamed") {
  const Attributor attributor({
      migration("1", {"create table users (id int, email text)", "create table posts (id int)"}),
      migration("2", {"alter table users rename column email to email_address", "alter table posts rename to articles"}),
  });
  Comparison comparison;
  comparison.differences = {
      {DifferenceKind::missing, {ObjectKind::table, "public", "", "articles"}, {}, {{ObjectKind::column, 1}}},
      {DifferenceKind::extra, {ObjectKind::table, "public", "", "posts"}, {}, {{ObjectKind::column, 1}}},
      {DifferenceKind::extra, {ObjectKind::column, "public", "users", "email"}, {}, {}},
      {DifferenceKind::missing, {ObjectKind::column, "public", "users", "email_address"}, {}, {}},
      // a name no RENAME gives: drift, and missing, as ever
      {DifferenceKind::extra, {ObjectKind::column, "public", "users", "nickname"}, {}, {}},
      {DifferenceKind::missing, {ObjectKind::column, "public", "users", "phone"}, {}, {}},
  };
  const auto explained = explain_all(comparison, attributor);
  REQUIRE(explained.size() == 4);
  CHECK(explained[0].explanation == "table articles: name posts here, articles in the migrations");
  CHECK(explained[0].difference.kind == DifferenceKind::different);
  CHECK(explained[0].made_by->location == "migrations/2_m.sql:11");
  CHECK(explained[1].explanation == "column users.email_address: name email here, email_address in the migrations");
  CHECK(explained[1].made_by->location == "migrations/2_m.sql:1");
  CHECK(explained[2].explanation == "column users.nickname: here, made by no migration");
  CHECK(explained[3].explanation == "column users.phone: missing here (the migrations make it)");
  // A column renamed on another table is not this one.
  CHECK_FALSE(attributor.locate_rename({ObjectKind::column, "public", "posts", "email"},
                                       {ObjectKind::column, "public", "posts", "email_address"}));
}

TEST_CASE("attribution: a rename pairs objects of one kind, a function with its own arguments") {
  const Attributor attributor({
      migration("1", {"create function f(a text) returns int language sql as 'select 1'", "create table t (id int)"}),
      migration("2", {"alter function f(text) rename to g", "alter table t rename to u"}),
  });
  CHECK(attributor.locate_rename({ObjectKind::function, "public", "", "f(a text)"},
                                 {ObjectKind::function, "public", "", "g(a text)"}));
  CHECK_FALSE(attributor.locate_rename({ObjectKind::function, "public", "", "f(a integer)"},
                                       {ObjectKind::function, "public", "", "g(a text)"}));
  CHECK(attributor.locate_rename({ObjectKind::table, "public", "", "t"}, {ObjectKind::table, "public", "", "u"}));
  CHECK_FALSE(attributor.locate_rename({ObjectKind::table, "public", "", "t"}, {ObjectKind::view, "public", "", "u"}));
}

TEST_CASE("attribution: a renamed table's policies, triggers and constraints stay where they were made") {
  // (a hunt's find: a dropped policy of a renamed table was put down to the RENAME)
  const Attributor attributor({
      migration("1", {"create table public.docs (id int primary key, owner text)",
                      "create policy docs_owner on public.docs using (owner = current_user)",
                      "alter table docs add constraint docs_owner_check check (owner <> '')"}),
      migration("2", {"alter table public.docs rename to documents", "alter table documents add column body text"}),
  });
  CHECK(where(attributor, {ObjectKind::policy, "public", "documents", "docs_owner"}) == "migrations/1_m.sql:11");
  CHECK(where(attributor, {ObjectKind::constraint, "public", "documents", "docs_owner_check"}) ==
        "migrations/1_m.sql:21");
  CHECK(where(attributor, {ObjectKind::column, "public", "documents", "owner"}) == "migrations/1_m.sql:1");
  CHECK(where(attributor, {ObjectKind::column, "public", "documents", "body"}) == "migrations/2_m.sql:11");
  // what nothing names is still found by the table, as renamed
  CHECK(where(attributor, {ObjectKind::trigger, "public", "documents", "made_elsewhere"}) == "migrations/2_m.sql:1");
}

TEST_CASE("attribution: later default privileges explain a grant difference only for the roles they name, together") {
  const Attributor attributor({
      migration("1", {"create table t (id int)"}),
      migration("2", {"alter default privileges in schema public grant select on tables to anon",
                      "alter default privileges in schema public grant select on tables to authenticated"}),
  });
  const ObjectKey t{ObjectKind::table, "public", "", "t"};
  const auto both = attributor.default_privileges_since_made(t, {"anon", "authenticated"});
  REQUIRE(both.has_value());
  CHECK(both->location == "migrations/2_m.sql:1");
  CHECK(both->changes_default_privileges);
  CHECK_FALSE(attributor.default_privileges_since_made(t, {"PUBLIC", "anon"}).has_value());
  CHECK_FALSE(attributor.default_privileges_since_made({ObjectKind::sequence, "public", "", "t"}, {"anon"}));
}
