#include "schema/catalog_objects.hpp"

#include <doctest/doctest.h>

#include "schema/object_key.hpp"
#include "schema_fixtures.hpp"

using namespace pgapply::schema;
using namespace schema_fixtures;

TEST_CASE("column lists of constraint and index definitions") {
  CHECK(definition_columns("PRIMARY KEY (ticker_id, day)") == std::vector<std::string>{"ticker_id", "day"});
  CHECK(definition_columns("UNIQUE NULLS NOT DISTINCT (\"Email\")") == std::vector<std::string>{"Email"});
  CHECK(definition_columns("FOREIGN KEY (ticker_id) REFERENCES tickers(id) ON DELETE SET NULL") ==
        std::vector<std::string>{"ticker_id"});
  CHECK(definition_columns("CREATE INDEX a_idx ON public.a USING btree (lower(email), created_at DESC) WHERE (x > 0)",
                           " USING ") == std::vector<std::string>{"lower(email)", "created_at DESC"});
  CHECK(definition_columns("CHECK (true)", " USING ").empty());
}

TEST_CASE("foreign keys read from pg_get_constraintdef") {
  CatalogConstraint constraint;
  constraint.type = 'f';
  constraint.definition = "FOREIGN KEY (a, \"B\") REFERENCES \"Sales\".orders(id, n) MATCH FULL ON UPDATE CASCADE "
                          "ON DELETE SET NULL (a) DEFERRABLE INITIALLY DEFERRED NOT VALID";
  auto key = foreign_key_of(constraint);
  REQUIRE(key.has_value());
  CHECK(key->columns == std::vector<std::string>{"a", "B"});
  CHECK(key->references.schema == "Sales");
  CHECK(key->references.name == "orders");
  CHECK(key->on_update == "CASCADE");
  CHECK(key->on_delete.rfind("SET NULL", 0) == 0);
  CHECK(key->not_valid);
  constraint.definition = "FOREIGN KEY (user_id) REFERENCES users(id)";
  key = foreign_key_of(constraint);
  REQUIRE(key.has_value());
  CHECK(key->on_delete.empty());
  CHECK(key->references.name == "users");
  constraint.type = 'u';
  constraint.definition = "UNIQUE (a)";
  CHECK_FALSE(foreign_key_of(constraint).has_value());
}

TEST_CASE("catalog objects by key") {
  const auto catalog = example_database();
  const auto column = find_in_catalog(catalog, {Space::column, "public", "users", "email", ""});
  REQUIRE(column.has_value());
  CHECK(column->column->type == "text");
  CHECK(column->column->not_null);
  const auto id = find_in_catalog(catalog, {Space::column, "public", "users", "id", ""});
  REQUIRE(id.has_value());
  CHECK(id->column->identity == pgapply::ddl::IdentityKind::always);
  const auto pk = find_in_catalog(catalog, {Space::constraint, "public", "prices", "prices_pkey", ""});
  REQUIRE(pk.has_value());
  CHECK(pk->constraint->columns == std::vector<std::string>{"ticker_id", "day"});
  const auto index = find_in_catalog(catalog, {Space::index, "public", "", "articles_ticker_idx", ""});
  REQUIRE(index.has_value());
  CHECK(index->index_table == "articles");
  const auto rls = find_in_catalog(catalog, {Space::row_level_security, "public", "user_alerts", "", ""});
  REQUIRE(rls.has_value());
  CHECK(rls->rls_enabled == true);
  CHECK_FALSE(find_in_catalog(catalog, {Space::column, "public", "users", "nope", ""}).has_value());
  CHECK_FALSE(find_in_catalog(catalog, {Space::relation, "other", "", "users", ""}).has_value());
}

TEST_CASE("object names as reports show them") {
  CHECK(display_name({Space::column, "public", "users", "max_reports", ""}, "public") == "users.max_reports");
  CHECK(display_name({Space::column, "audit", "Events", "at", ""}, "public") == "audit.\"Events\".at");
  CHECK(display_name({Space::constraint, "public", "users", "users_pkey", ""}, "public") == "users_pkey on users");
  CHECK(display_name({Space::routine, "public", "", "f", "integer, text"}, "public") == "f(integer, text)");
  CHECK(display_name({Space::routine, "public", "", "f", std::string(kAnyArguments)}, "public") == "f");
  CHECK(display_name({Space::enum_value, "public", "mood", "happy", ""}, "public") == "mood 'happy'");
  CHECK(display_name(schema_key("Reporting"), "public") == "\"Reporting\"");
}
