#include <doctest/doctest.h>

#include "ddl/declarations.hpp"
#include "ddl/type_change.hpp"
#include "ddl/types.hpp"

namespace pgapply::ddl {

namespace {

// Whether ALTER COLUMN ... TYPE `declared` of a column of `old_type` rewrites nothing.
bool keeps_rows(std::string_view old_type, std::string_view declared, std::string using_expression = {},
                std::string collation = {}) {
  ColumnSpec column;
  column.declared_type = std::string(declared);
  column.type = normalize_type(declared);
  column.using_expression = std::move(using_expression);
  column.collation = std::move(collation);
  return type_change_without_rewrite(old_type, column).has_value();
}

}  // namespace

TEST_CASE("a type change that only relaxes the limit or is binary-coercible rewrites nothing") {
  CHECK(keeps_rows("character varying(200)", "text"));
  CHECK(keeps_rows("character varying(200)", "varchar(500)"));
  CHECK(keeps_rows("character varying(200)", "varchar(200)"));
  CHECK(keeps_rows("character varying(200)", "varchar"));
  CHECK(keeps_rows("character varying", "text"));
  CHECK(keeps_rows("text", "varchar"));
  CHECK(keeps_rows("numeric(10,2)", "numeric"));
  CHECK(keeps_rows("numeric(10,2)", "numeric(12,2)"));
  CHECK(keeps_rows("cidr", "inet"));
  CHECK(keeps_rows("timestamp(3) without time zone", "timestamp(6)"));
  CHECK(keeps_rows("timestamp(3) without time zone", "timestamp"));
  CHECK(keeps_rows("timestamp(3) with time zone", "timestamptz(4)"));
  CHECK(keeps_rows("timestamp without time zone", "timestamp(6)"));
  CHECK(keeps_rows("time(2) without time zone", "time(5)"));
  CHECK(keeps_rows("bit varying(4)", "varbit(8)"));
  CHECK(*type_change_without_rewrite("character varying(200)", [] {
    ColumnSpec column;
    column.type = "text";
    return column;
  }()) == "character varying(200) to text is binary-coercible");
}

TEST_CASE("a type change that checks, converts or may rewrite is not judged free") {
  CHECK_FALSE(keeps_rows("character varying(200)", "varchar(100)"));  // every value checked
  CHECK_FALSE(keeps_rows("text", "varchar(10)"));
  CHECK_FALSE(keeps_rows("character varying", "varchar(10)"));
  CHECK_FALSE(keeps_rows("numeric(10,2)", "numeric(12,3)"));  // another scale
  CHECK_FALSE(keeps_rows("numeric(10,2)", "numeric(8,2)"));
  CHECK_FALSE(keeps_rows("numeric", "numeric(10,2)"));
  CHECK_FALSE(keeps_rows("integer", "bigint"));
  CHECK_FALSE(keeps_rows("inet", "cidr"));
  CHECK_FALSE(keeps_rows("character(5)", "char(10)"));
  CHECK_FALSE(keeps_rows("character(5)", "text"));
  CHECK_FALSE(keeps_rows("timestamp(3) without time zone", "timestamp(2)"));
  CHECK_FALSE(keeps_rows("timestamp without time zone", "timestamp(3)"));
  CHECK_FALSE(keeps_rows("timestamp without time zone", "timestamptz"));
  CHECK_FALSE(keeps_rows("character varying(20)[]", "text[]"));
  CHECK_FALSE(keeps_rows("character varying(200)", "text", "memo || ''"));  // USING computes anew
  CHECK_FALSE(keeps_rows("character varying(200)", "text", {}, "\"C\""));
  CHECK_FALSE(keeps_rows("", "text"));  // the old type unknown
  CHECK_FALSE(keeps_rows("character varying(200)", "varchar(99999999999999999999)"));  // refused by the server
}

TEST_CASE("type_change_hazards: the rewrite is a note where none happens, and stays where the old type is unknown") {
  const auto declarations = declarations_of("ALTER TABLE big ALTER COLUMN memo TYPE text");
  REQUIRE(declarations.size() == 1);
  const auto has = [](const std::vector<Hazard>& hazards, HazardKind kind) {
    for (const auto& hazard : hazards) {
      if (hazard.kind == kind) return true;
    }
    return false;
  };
  CHECK(has(type_change_hazards(declarations[0], "", false), HazardKind::rewrites_table));
  CHECK(has(type_change_hazards(declarations[0], "integer", false), HazardKind::rewrites_table));
  const auto relaxed = type_change_hazards(declarations[0], "character varying(200)", false);
  CHECK_FALSE(has(relaxed, HazardKind::rewrites_table));
  REQUIRE(has(relaxed, HazardKind::note));
  CHECK(relaxed.back().explanation ==
        "rewrites nothing (character varying(200) to text is binary-coercible): ACCESS EXCLUSIVE is held only while "
        "the catalog changes");
  // A CHECK constraint on the column is checked again: every row is read under the lock.
  const auto checked = type_change_hazards(declarations[0], "character varying(200)", true);
  CHECK_FALSE(has(checked, HazardKind::rewrites_table));
  REQUIRE(has(checked, HazardKind::scans_table));
  CHECK(checked.back().explanation ==
        "rewrites nothing (character varying(200) to text is binary-coercible), but PostgreSQL checks the column's "
        "CHECK constraints again, reading every row under ACCESS EXCLUSIVE");
}

}  // namespace pgapply::ddl

namespace pgapply::ddl {

TEST_CASE("may_equate_values: conversions that can make distinct values equal, and those that keep them apart") {
  const auto equates = [](std::string_view old_type, std::string_view declared, std::string collation = {}) {
    ColumnSpec column;
    column.declared_type = std::string(declared);
    column.type = normalize_type(declared);
    column.collation = std::move(collation);
    return may_equate_values(old_type, column);
  };
  CHECK(equates("text", "citext"));
  CHECK(equates("character varying(200)", "public.citext"));
  CHECK(equates("text", "text", "\"und-x-icu\""));
  CHECK(equates("text", "integer"));
  CHECK(equates("character varying(36)", "uuid"));
  CHECK(equates("numeric", "bigint"));
  CHECK(equates("double precision", "numeric(10,2)"));
  CHECK(equates("numeric(10,4)", "numeric(12,2)"));
  CHECK(equates("timestamp without time zone", "timestamp(0)"));
  CHECK(equates("timestamp(6) with time zone", "timestamptz(3)"));
  CHECK(equates("numeric", "numeric(10)"));
  CHECK(equates("numeric(10,2)", "numeric(12)"));
  CHECK(equates("timestamp with time zone", "date"));
  CHECK(equates("timestamp with time zone", "timestamp"));
  CHECK(equates("double precision", "real"));
  CHECK(equates("text", "char(10)"));
  CHECK_FALSE(equates("numeric(10)", "numeric(12)"));
  CHECK_FALSE(equates("real", "double precision"));
  CHECK_FALSE(equates("date", "timestamp"));
  CHECK_FALSE(equates("integer", "bigint"));
  CHECK_FALSE(equates("smallint", "integer"));
  CHECK_FALSE(equates("character varying(20)", "text"));
  CHECK_FALSE(equates("integer", "text"));
  CHECK_FALSE(equates("uuid", "text"));
  CHECK_FALSE(equates("citext", "citext"));
  CHECK_FALSE(equates("numeric(10,2)", "numeric(12,2)"));
  CHECK_FALSE(equates("timestamp(3) without time zone", "timestamp(6)"));
  CHECK_FALSE(equates("", "citext"));
}

}  // namespace pgapply::ddl

namespace pgapply::ddl {

TEST_CASE("changes_key_equality: the type changes that make PostgreSQL check a referencing foreign key again") {
  const auto changes = [](std::string_view old_type, std::string_view declared) {
    ColumnSpec column;
    column.declared_type = std::string(declared);
    column.type = normalize_type(declared);
    return changes_key_equality(old_type, column);
  };
  CHECK(changes("integer", "bigint"));
  CHECK_FALSE(changes("text", "citext"));  // (an extension's type: its operators not known)
  CHECK_FALSE(changes("cidr", "inet"));     // (binary-coercible: inet_ops for both)
  CHECK(changes("timestamp without time zone", "timestamptz"));
  CHECK(changes("character varying(36)", "uuid"));
  CHECK(changes("character(3)", "text"));
  // one operator for both: the key is re-created, its rows not read
  CHECK_FALSE(changes("character varying(50)", "text"));
  CHECK_FALSE(changes("text", "varchar(20)"));
  CHECK_FALSE(changes("numeric(10,2)", "numeric(12,2)"));
  CHECK_FALSE(changes("bigint", "int8"));
  // the old type not known: not said
  CHECK_FALSE(changes("", "bigint"));
}

}  // namespace pgapply::ddl
