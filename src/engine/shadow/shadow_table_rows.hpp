#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pg/connection.hpp"

namespace pgapply::engine {

// What a table of the shadow holds: how many rows, and a hash of them ("" when none).
struct TableRows {
  std::int64_t count = 0;
  std::string hash;
  bool operator==(const TableRows&) const = default;
};

// Each table of the user's schemas by (schema, name).
using TablesRows = std::map<std::pair<std::string, std::string>, TableRows>;

// The rows of every table of the user's schemas (sql/shadow_table_rows.sql),
// in one query that reads every row: for a shadow only, which holds no more
// than the migrations inserted. The connection must be idle.
TablesRows read_tables_rows(pg::Connection& shadow);

// One line for each table in both whose rows differ, in name order:
// "the second run changed the rows of t (1 row before, 2 after)", with
// `by` "the second run" and names in `home_schema` shown without it. A table
// only one side has is the catalog comparison's to report.
std::vector<std::string> changed_rows(const TablesRows& before, const TablesRows& after, const std::string& by,
                                      const std::string& home_schema);

}  // namespace pgapply::engine
