// The catalog model read from a real server: every object kind.
#include "engine/catalog_model_reader.hpp"

#include "catalog/model_comparison.hpp"

#include <doctest/doctest.h>

#include "support/test_database.hpp"

using namespace pgapply;
using catalog::ObjectKey;
using catalog::ObjectKind;

namespace {

std::string attribute(const catalog::CatalogModel& model, const ObjectKey& key, const std::string& name) {
  const auto* object = model.find(key);
  if (object == nullptr) return "<no " + catalog::describe(key) + ">";
  return object->get(name).value_or("<no attribute " + name + ">");
}

const char* every_kind =
    "create role model_reader_test_role nologin;"
    "create extension if not exists pgcrypto;"
    "create schema app;"
    "comment on schema app is 'the app';"
    "create type app.mood as enum ('sad', 'ok');"
    "alter type app.mood add value 'happy' before 'ok';"
    "create domain app.email as text collate \"C\" not null default 'x@y' constraint has_at check (value like '%@%');"
    "create type app.pair as (a integer, b text);"
    "create type app.floatrange as range (subtype = float8, subtype_diff = float8mi);"
    "create table app.users (id bigint generated always as identity primary key,"
    "  email varchar(64) not null unique, tz text default 'UTC', mood app.mood,"
    "  total numeric generated always as (id * 2) stored, name text collate \"C\");"
    "comment on column app.users.email is 'login';"
    "create unlogged table app.scratch (a int) with (fillfactor = 70);"
    "create table app.events (id serial, at date not null, body jsonb) partition by range (at);"
    "create table app.events_2024 partition of app.events for values from ('2024-01-01') to ('2025-01-01');"
    "create index events_at on app.events (at);"
    "create index concurrently_left on app.users (lower(email)) where tz is not null;"
    "alter table app.users enable row level security, force row level security;"
    "create policy own on app.users as restrictive for select to model_reader_test_role using (tz = 'UTC');"
    "create function app.touch() returns trigger language plpgsql as $$begin return new; end$$;"
    "create trigger users_touch before update on app.users for each row execute function app.touch();"
    "alter table app.users disable trigger users_touch;"
    "create procedure app.noop(a int) language sql as 'select 1';"
    "create aggregate app.total(int) (sfunc = int4pl, stype = int, initcond = '0');"
    "create view app.v as select id, email from app.users;"
    "create materialized view app.mv as select count(*) as n from app.users;"
    "create sequence app.counter increment by 5 minvalue 10 cycle;"
    "create table app.orders (id int primary key, user_id bigint references app.users (id) on delete cascade,"
    "  qty int check (qty > 0));"
    "grant select on app.users to model_reader_test_role;"
    "grant update (tz) on app.users to model_reader_test_role;"
    "grant usage on schema app to public;"
    "revoke execute on function app.touch() from public;"
    "create temp table scratch_temp (a int);"
    "create table public.pgapply_migrations (version int);"
    "create table public.pgapply_migrations_history (id bigserial primary key);";

}  // namespace

TEST_CASE("the catalog model holds every kind of object, as the server prints it") {
  test::TestDatabase db;
  auto connection = db.connect();
  connection.exec(every_kind);
  const auto model = engine::read_catalog_model(connection, {"public", "pgapply_migrations", {}});
  CHECK(connection.transaction_status() == pg::TransactionStatus::idle);
  CHECK(model.server_version_num >= 120000);

  CHECK(attribute(model, {ObjectKind::schema, "app", "", "app"}, "comment") == "the app");
  CHECK(attribute(model, {ObjectKind::schema, "app", "", "app"}, "privileges") == "(owner): CREATE, USAGE; PUBLIC: USAGE");
  CHECK(attribute(model, {ObjectKind::extension, "", "", "pgcrypto"}, "schema") == "public");
  // an extension's own functions are not the schema's
  for (const auto& [key, object] : model.objects) {
    CHECK_MESSAGE(key.name.find("digest") == std::string::npos, catalog::describe(key));
  }

  const ObjectKey users{ObjectKind::table, "app", "", "users"};
  CHECK(attribute(model, users, "row level security") == "yes");
  CHECK(attribute(model, users, "force row level security") == "yes");
  CHECK(attribute(model, users, "privileges") ==
        "(owner): DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE; model_reader_test_role: SELECT");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "id"}, "identity") == "always");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "id"}, "not null") == "yes");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "email"}, "type") == "character varying(64)");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "email"}, "comment") == "login");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "tz"}, "default") == "'UTC'::text");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "tz"}, "privileges") == "model_reader_test_role: UPDATE");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "mood"}, "type") == "app.mood");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "total"}, "generated") == "(id * 2)");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "name"}, "collation") == "\"C\"");
  CHECK(attribute(model, {ObjectKind::column, "app", "users", "tz"}, "collation") == "");
  CHECK(attribute(model, {ObjectKind::constraint, "app", "users", "users_pkey"}, "definition") == "PRIMARY KEY (id)");
  CHECK(attribute(model, {ObjectKind::constraint, "app", "users", "users_email_key"}, "definition") == "UNIQUE (email)");
  CHECK(attribute(model, {ObjectKind::index, "app", "users", "users_pkey"}, "constraint") == "users_pkey");
  CHECK(attribute(model, {ObjectKind::index, "app", "users", "concurrently_left"}, "definition") ==
        "CREATE INDEX concurrently_left ON app.users USING btree (lower((email)::text)) WHERE (tz IS NOT NULL)");
  CHECK(attribute(model, {ObjectKind::index, "app", "users", "concurrently_left"}, "valid") == "yes");
  CHECK(attribute(model, {ObjectKind::constraint, "app", "orders", "orders_user_id_fkey"}, "definition") ==
        "FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE");
  CHECK(attribute(model, {ObjectKind::constraint, "app", "orders", "orders_qty_check"}, "definition") ==
        "CHECK ((qty > 0))");
  CHECK(attribute(model, {ObjectKind::sequence, "app", "", "users_id_seq"}, "owned by") == "users.id (identity)");

  CHECK(attribute(model, {ObjectKind::table, "app", "", "scratch"}, "unlogged") == "yes");
  CHECK(attribute(model, {ObjectKind::table, "app", "", "scratch"}, "options") == "fillfactor=70");
  CHECK(attribute(model, {ObjectKind::table, "app", "", "events"}, "kind") == "partitioned table");
  CHECK(attribute(model, {ObjectKind::table, "app", "", "events"}, "partition key") == "RANGE (at)");
  CHECK(attribute(model, {ObjectKind::table, "app", "", "events_2024"}, "partition of") == "app.events");
  CHECK(attribute(model, {ObjectKind::table, "app", "", "events_2024"}, "partition bound") ==
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  CHECK(model.find({ObjectKind::index, "app", "events_2024", "events_2024_at_idx"}) != nullptr);
  CHECK(attribute(model, {ObjectKind::column, "app", "events", "id"}, "default") ==
        "nextval('app.events_id_seq'::regclass)");
  CHECK(attribute(model, {ObjectKind::sequence, "app", "", "events_id_seq"}, "owned by") == "events.id");
  CHECK(attribute(model, {ObjectKind::sequence, "app", "", "counter"}, "increment") == "5");
  CHECK(attribute(model, {ObjectKind::sequence, "app", "", "counter"}, "minimum") == "10");
  CHECK(attribute(model, {ObjectKind::sequence, "app", "", "counter"}, "cycle") == "yes");

  CHECK(attribute(model, {ObjectKind::enum_type, "app", "", "mood"}, "labels") == "'sad', 'happy', 'ok'");
  CHECK(attribute(model, {ObjectKind::domain, "app", "", "email"}, "base type") == "text");
  CHECK(attribute(model, {ObjectKind::domain, "app", "", "email"}, "not null") == "yes");
  CHECK(attribute(model, {ObjectKind::domain, "app", "", "email"}, "default") == "'x@y'::text");
  CHECK(attribute(model, {ObjectKind::constraint, "app", "email", "has_at"}, "definition") ==
        "CHECK ((VALUE ~~ '%@%'::text))");
  CHECK(attribute(model, {ObjectKind::composite_type, "app", "", "pair"}, "attributes") == "a integer, b text");
  CHECK(attribute(model, {ObjectKind::range_type, "app", "", "floatrange"}, "subtype") ==
        "double precision SUBTYPE_DIFF float8mi");
  CHECK(model.find({ObjectKind::composite_type, "app", "", "users"}) == nullptr);  // a table's row type

  CHECK(attribute(model, {ObjectKind::view, "app", "", "v"}, "definition") ==
        " SELECT users.id,\n    users.email\n   FROM app.users;");
  CHECK(attribute(model, {ObjectKind::materialized_view, "app", "", "mv"}, "definition").find("count(*) AS n") !=
        std::string::npos);

  const ObjectKey policy{ObjectKind::policy, "app", "users", "own"};
  CHECK(attribute(model, policy, "permissive") == "no");
  CHECK(attribute(model, policy, "command") == "SELECT");
  CHECK(attribute(model, policy, "roles") == "model_reader_test_role");
  CHECK(attribute(model, policy, "using") == "(tz = 'UTC'::text)");

  const ObjectKey trigger{ObjectKind::trigger, "app", "users", "users_touch"};
  CHECK(attribute(model, trigger, "enabled") == "disabled");
  CHECK(attribute(model, trigger, "definition") ==
        "CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch()");
  CHECK(attribute(model, {ObjectKind::function, "app", "", "touch()"}, "definition").find("begin return new; end") !=
        std::string::npos);
  CHECK(attribute(model, {ObjectKind::function, "app", "", "touch()"}, "privileges") == "(owner): EXECUTE");
  CHECK(attribute(model, {ObjectKind::function, "app", "", "noop(IN a integer)"}, "kind") == "procedure");
  CHECK(attribute(model, {ObjectKind::function, "app", "", "total(integer)"}, "definition") ==
        "AGGREGATE total(integer) SFUNC int4pl STYPE integer INITCOND '0'");

  // not in the model: temporary tables, the ledger and what hangs on it
  for (const auto& [key, object] : model.objects) {
    CHECK_MESSAGE(key.name.find("scratch_temp") == std::string::npos, catalog::describe(key));
    CHECK_MESSAGE(key.name.find("pgapply_migrations") == std::string::npos, catalog::describe(key));
    CHECK_MESSAGE(key.parent.find("pgapply_migrations") == std::string::npos, catalog::describe(key));
  }
  connection.exec("drop owned by model_reader_test_role; drop role model_reader_test_role");
}

TEST_CASE("the catalog model is the same for the same SQL in two databases") {
  std::string sql = std::string(every_kind).substr(std::string(every_kind).find("create extension"));
  for (std::size_t at; (at = sql.find("model_reader_test_role")) != std::string::npos;) sql.replace(at, 22, "public");
  test::TestDatabase first, second;
  auto a = first.connect();
  auto b = second.connect();
  a.exec(sql);
  b.exec(sql);
  const auto one = engine::read_catalog_model(a);
  const auto two = engine::read_catalog_model(b);
  CHECK(one.objects.size() > 60);
  const auto comparison = catalog::compare_models(one, two);
  for (const auto& difference : comparison.differences) FAIL_CHECK(catalog::explain(difference));
  CHECK(comparison.same());
  // a change is seen
  b.exec("alter table app.users alter column name type varchar(10); alter table app.users add column note text;"
         "alter table app.scratch alter column a set default 7");
  const auto changed = catalog::compare_models(engine::read_catalog_model(b), one);
  REQUIRE(changed.differences.size() == 3);
  CHECK(catalog::explain(changed.differences[0]) == "column app.scratch.a: default 7 here, none in the migrations");
  CHECK(catalog::explain(changed.differences[1]) ==
        "column app.users.name: type character varying(10) here, text in the migrations; collation none here, "
        "\"C\" in the migrations");  // ALTER ... TYPE without COLLATE takes the new type's
  CHECK(catalog::explain(changed.differences[2]) == "column app.users.note: here, made by no migration");
}
