#include <doctest/doctest.h>

#include "schema/partition_bounds.hpp"

using pgapply::ddl::PartitionBound;
using pgapply::schema::partition_condition;
using pgapply::schema::partition_key_parts;

namespace {

PartitionBound range(std::vector<std::string> from, std::vector<std::string> to) {
  PartitionBound bound;
  bound.from = std::move(from);
  bound.to = std::move(to);
  return bound;
}

PartitionBound list(std::vector<std::string> in) {
  PartitionBound bound;
  bound.kind = PartitionBound::Kind::list;
  bound.in = std::move(in);
  return bound;
}

}  // namespace

TEST_CASE("a range partition's rows: its key within FROM and TO, none of it NULL, MINVALUE and MAXVALUE as PostgreSQL reads them") {
  CHECK(partition_condition("RANGE (created_at)", {"date"}, range({"'2025-01-01'"}, {"'2025-02-01'"})) ==
        "(created_at) IS NOT NULL AND (created_at) >= (CAST('2025-01-01' AS date)) AND "
        "(created_at) < (CAST('2025-02-01' AS date))");
  CHECK(partition_condition("RANGE (a, b)", {"integer", "numeric(5,2)"}, range({"1", "10"}, {"2", "MAXVALUE"})) ==
        "(a) IS NOT NULL AND (b) IS NOT NULL AND ROW(a, b) >= ROW(CAST(1 AS integer), CAST(10 AS numeric(5,2))) AND "
        "(a) <= (CAST(2 AS integer))");
  CHECK(partition_condition("RANGE (a, b)", {"int", "int"}, range({"MINVALUE", "MINVALUE"}, {"5", "minvalue"})) ==
        "(a) IS NOT NULL AND (b) IS NOT NULL AND (a) < (CAST(5 AS int))");
  CHECK(partition_condition("RANGE (a, b)", {"int", "int"}, range({"1", "maxvalue"}, {"MAXVALUE", "MAXVALUE"})) ==
        "(a) IS NOT NULL AND (b) IS NOT NULL AND (a) > (CAST(1 AS int))");
  // an expression's key: a quoted literal, which the comparison converts as the bound is
  CHECK(partition_condition("RANGE (date_trunc('day'::text, ts))", {""},
                            range({"'2025-01-01'"}, {"'2025-01-02'"})) ==
        "(date_trunc('day'::text, ts)) IS NOT NULL AND (date_trunc('day'::text, ts)) >= ('2025-01-01') AND "
        "(date_trunc('day'::text, ts)) < ('2025-01-02')");
  CHECK_FALSE(partition_condition("RANGE ((a + b))", {""}, range({"1.5"}, {"3"})));
  CHECK(partition_condition("RANGE ((a + b))", {""}, range({"5"}, {"10"})) ==
        "((a + b)) IS NOT NULL AND ((a + b)) >= (5) AND ((a + b)) < (10)");
  // one that casts to a type with a typmod rounds its bound, as no comparison would
  CHECK_FALSE(partition_condition("RANGE (((k)::numeric(10,1)))", {""}, range({"'1.05'"}, {"'2.04'"})));
  CHECK_FALSE(partition_condition("LIST (((k)::character varying(3)))", {""}, list({"'abc   '"})));
  CHECK(partition_key_parts("RANGE (a, lower(b))") == std::vector<std::string>{"a", "lower(b)"});
}

TEST_CASE("a list partition's rows: its key among the values, NULL as IS NULL") {
  CHECK(partition_condition("LIST (region)", {"text"}, list({"'eu'", "'us'"})) ==
        "((region) IS NOT NULL AND (region) IN (CAST('eu' AS text), CAST('us' AS text)))");
  CHECK(partition_condition("LIST (region)", {"text"}, list({"'eu'", "NULL"})) ==
        "((region) IN (CAST('eu' AS text)) OR (region) IS NULL)");
  CHECK(partition_condition("LIST (lower(region))", {""}, list({"null"})) == "((lower(region)) IS NULL)");
}

TEST_CASE("a partition's rows it cannot say: hash, DEFAULT, a collation or operator class of the key's own, a misfit") {
  PartitionBound hash;
  hash.kind = PartitionBound::Kind::hash;
  CHECK_FALSE(partition_condition("HASH (id)", {"int"}, hash));
  PartitionBound fallback;
  fallback.kind = PartitionBound::Kind::default_partition;
  CHECK_FALSE(partition_condition("RANGE (id)", {"int"}, fallback));
  CHECK_FALSE(partition_condition("RANGE (name COLLATE \"C\")", {"text"}, range({"'a'"}, {"'m'"})));
  CHECK_FALSE(partition_condition("LIST (name text_pattern_ops)", {"text"}, list({"'a'"})));
  CHECK_FALSE(partition_condition("RANGE (a, b)", {"int", "int"}, range({"1"}, {"2"})));
  CHECK_FALSE(partition_condition("LIST (a)", {"int"}, range({"1"}, {"2"})));
  CHECK_FALSE(partition_condition("LIST (a, b)", {"int", "int"}, list({"1"})));
  CHECK_FALSE(partition_condition("LIST (a)", {}, list({"1"})));
}
