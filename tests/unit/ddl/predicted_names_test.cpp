#include "ddl/predicted_names.hpp"

#include <doctest/doctest.h>

using namespace pgapply::ddl;
using pgapply::ddl::ConstraintKind;
using pgapply::ddl::ConstraintSpec;

namespace {

ConstraintSpec spec(ConstraintKind kind, std::vector<std::string> columns, std::string expression = "") {
  ConstraintSpec out;
  out.kind = kind;
  out.columns = std::move(columns);
  out.expression = std::move(expression);
  return out;
}

}  // namespace

TEST_CASE("predicted names of unnamed constraints, as PostgreSQL chooses them") {
  CHECK(make_object_name(constraint_name_parts("users", spec(ConstraintKind::primary_key, {"id"}), {})) == "users_pkey");
  CHECK(make_object_name(constraint_name_parts("users", spec(ConstraintKind::unique, {"email"}), {})) ==
        "users_email_key");
  CHECK(make_object_name(constraint_name_parts("prices", spec(ConstraintKind::unique, {"ticker_id", "day"}), {})) ==
        "prices_ticker_id_day_key");
  auto covering = spec(ConstraintKind::unique, {"a"});
  covering.include = {"b"};
  CHECK(make_object_name(constraint_name_parts("t2", covering, {})) == "t2_a_b_key");  // checked on PostgreSQL 15
  covering.kind = ConstraintKind::primary_key;
  CHECK(make_object_name(constraint_name_parts("t2", covering, {})) == "t2_pkey");
  CHECK(make_object_name(constraint_name_parts("articles", spec(ConstraintKind::foreign_key, {"ticker_id"}), {})) ==
        "articles_ticker_id_fkey");
  // a CHECK is named after the one column it uses, else after the table alone
  CHECK(make_object_name(constraint_name_parts(
            "users", spec(ConstraintKind::check, {"email"}, "position('@' in email) > 1"), {"id", "email"})) ==
        "users_email_check");
  CHECK(make_object_name(constraint_name_parts("t", spec(ConstraintKind::check, {}, "a < b"), {"a", "b"})) ==
        "t_check");
  CHECK(make_object_name(constraint_name_parts("t", spec(ConstraintKind::check, {}, "a::text <> ''"), {"a", "b"})) ==
        "t_a_check");
  // with a number when the name is taken
  CHECK(make_object_name(constraint_name_parts("users", spec(ConstraintKind::unique, {"email"}), {}), 1) ==
        "users_email_key1");
}

TEST_CASE("predicted names are cut to 63 bytes, the longer part first") {
  const std::string table(40, 't');
  const std::string column(40, 'c');
  const std::string name = make_object_name(constraint_name_parts(table, spec(ConstraintKind::unique, {column}), {}));
  CHECK(name.size() == 63);
  CHECK(name == std::string(29, 't') + "_" + std::string(29, 'c') + "_key");
}

TEST_CASE("predicted names of unnamed indexes") {
  pgapply::ddl::IndexSpec index;
  index.elements = {"published_at DESC"};
  CHECK(make_object_name(index_name_parts("articles", index)) == "articles_published_at_idx");
  index.elements = {"lower(email)", "(a + b)", "(created_at::date)"};
  index.include = {"id"};
  CHECK(make_object_name(index_name_parts("t", index)) == "t_lower_expr_created_at_id_idx");
  CHECK(index_element_column("\"Mixed\" text_pattern_ops") == "Mixed");
  // as PostgreSQL names them: a cast or a collation is its column's, CASE and ARRAY their own
  CHECK(index_element_column("(CAST(b AS bigint))") == "b");
  CHECK(index_element_column("(c COLLATE \"C\")") == "c");
  CHECK(index_element_column("(CASE WHEN a THEN 1 END)") == "case");
  CHECK(index_element_column("(ARRAY[a, b])") == "array");
}

TEST_CASE("predicted names of unnamed EXCLUDE constraints: after their elements, as an index's") {
  pgapply::ddl::ConstraintSpec exclude;
  exclude.kind = ConstraintKind::exclusion;
  exclude.expression = "code WITH =, during WITH &&";
  CHECK(make_object_name(constraint_name_parts("room", exclude, {})) == "room_code_during_excl");
  exclude.expression = "(lower(name)) WITH =, tstzrange(a, b) WITH &&";
  CHECK(make_object_name(constraint_name_parts("room", exclude, {})) == "room_lower_tstzrange_excl");
}
