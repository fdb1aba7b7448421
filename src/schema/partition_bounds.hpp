#pragma once

// What rows a partition's bound takes, as an SQL condition over its
// partitioned table's key: preflight asks the target whether its DEFAULT
// partition holds rows a new partition's range takes (its CREATE or ATTACH
// then fails, 23514), and whether a table ATTACH PARTITION brings in holds
// rows outside it. Pure: text in, text out.

#include <optional>
#include <string>
#include <vector>

#include "ddl/declaration.hpp"

namespace pgapply::schema {

// The condition a row of the partitioned table whose key pg_get_partkeydef
// writes as `partition_key` ("RANGE (created_at)", "LIST (region)") meets
// exactly when `bound` takes it: a range's bounds over its key columns
// (row-wise, MINVALUE and MAXVALUE as PostgreSQL reads them) and none of
// them NULL, a list's values (NULL among them: a NULL key; else none).
// Each value is converted to its key column's type of `key_types` (with
// its typmod, as PostgreSQL converts a bound: 1.004 is 1.00 for a
// numeric(5,2)); for an expression ("" there) only a quoted literal or a
// whole number, which the comparison converts alike, and not for an expression that casts to a
// type with a typmod (k::numeric(10,1): its bound is rounded, which the
// comparison would not do). nullopt where it cannot say: a hash or
// DEFAULT bound, a key with a collation or an operator class of its own
// (whose order or equality is not the type's), a bound that does not fit
// the key, another value for an expression.
// The key's columns and expressions as pg_get_partkeydef writes them
// ("RANGE (a, lower(b))": a, lower(b)); empty where partition_condition
// could not read it.
std::vector<std::string> partition_key_parts(const std::string& partition_key);

std::optional<std::string> partition_condition(const std::string& partition_key,
                                               const std::vector<std::string>& key_types,
                                               const ddl::PartitionBound& bound);

}  // namespace pgapply::schema
