#include <doctest/doctest.h>

#include "schema/partition_bounds.hpp"

using pgapply::ddl::PartitionBound;
using pgapply::schema::partition_condition;

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
  CHECK(partition_condition("RANGE (created_at)", range({"'2025-01-01'"}, {"'2025-02-01'"})) ==
        "(created_at) IS NOT NULL AND (created_at) >= ('2025-01-01') AND (created_at) < ('2025-02-01')");
  CHECK(partition_condition("RANGE (a, b)", range({"1", "10"}, {"2", "MAXVALUE"})) ==
        "(a) IS NOT NULL AND (b) IS NOT NULL AND ROW(a, b) >= ROW(1, 10) AND (a) <= (2)");
  CHECK(partition_condition("RANGE (a, b)", range({"MINVALUE", "MINVALUE"}, {"5", "minvalue"})) ==
        "(a) IS NOT NULL AND (b) IS NOT NULL AND (a) < (5)");
  CHECK(partition_condition("RANGE (a, b)", range({"1", "maxvalue"}, {"MAXVALUE", "MAXVALUE"})) ==
        "(a) IS NOT NULL AND (b) IS NOT NULL AND (a) > (1)");
  CHECK(partition_condition("RANGE (date_trunc('day'::text, ts))", range({"'2025-01-01'"}, {"'2025-01-02'"})) ==
        "(date_trunc('day'::text, ts)) IS NOT NULL AND (date_trunc('day'::text, ts)) >= ('2025-01-01') AND "
        "(date_trunc('day'::text, ts)) < ('2025-01-02')");
}

TEST_CASE("a list partition's rows: its key among the values, NULL as IS NULL") {
  CHECK(partition_condition("LIST (region)", list({"'eu'", "'us'"})) == "((region) IN ('eu', 'us'))");
  CHECK(partition_condition("LIST (region)", list({"'eu'", "NULL"})) == "((region) IN ('eu') OR (region) IS NULL)");
  CHECK(partition_condition("LIST (lower(region))", list({"null"})) == "((lower(region)) IS NULL)");
}

TEST_CASE("a partition's rows it cannot say: hash, DEFAULT, a collation or operator class of the key's own, a misfit") {
  PartitionBound hash;
  hash.kind = PartitionBound::Kind::hash;
  CHECK_FALSE(partition_condition("HASH (id)", hash));
  PartitionBound fallback;
  fallback.kind = PartitionBound::Kind::default_partition;
  CHECK_FALSE(partition_condition("RANGE (id)", fallback));
  CHECK_FALSE(partition_condition("RANGE (name COLLATE \"C\")", range({"'a'"}, {"'m'"})));
  CHECK_FALSE(partition_condition("LIST (name text_pattern_ops)", list({"'a'"})));
  CHECK_FALSE(partition_condition("RANGE (a, b)", range({"1"}, {"2"})));
  CHECK_FALSE(partition_condition("LIST (a)", range({"1"}, {"2"})));
  CHECK_FALSE(partition_condition("LIST (a, b)", list({"1"})));
}
