#include "engine/shadow/shadow_table_rows.hpp"

#include "catalog/catalog_model.hpp"
#include "core/embedded_sql.hpp"
#include "core/plural.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

TablesRows read_tables_rows(pg::Connection& shadow) {
  TablesRows tables;
  const pg::Result result = shadow.exec(std::string(embedded_sql("shadow_table_rows.sql")));
  for (const pg::Row row : pg::Rows(result)) {
    tables[{row.text("schema_name"), row.text("table_name")}] = {row.integer("row_count"), row.text("rows_hash")};
  }
  return tables;
}

std::vector<std::string> changed_rows(const TablesRows& before, const TablesRows& after, const std::string& by,
                                      const std::string& home_schema) {
  std::vector<std::string> lines;
  for (const auto& [name, rows] : before) {
    const auto now = after.find(name);
    if (now == after.end() || now->second == rows) continue;
    const std::string table = catalog::name_of({catalog::ObjectKind::table, name.first, "", name.second}, home_schema);
    lines.push_back(by + " changed the rows of " + table + " (" + plural(static_cast<std::size_t>(rows.count), "row") +
                    " before, " + std::to_string(now->second.count) + " after)");
  }
  return lines;
}

}  // namespace pgapply::engine
