#include "engine/shadow/shadow_rewrites.hpp"

#include <algorithm>
#include <set>

#include "core/embedded_sql.hpp"
#include "ddl/types.hpp"
#include "migrate/supabase_history.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

namespace {

// A rewrite the facts say it does, or may do: a DEFAULT's function of
// unknown volatility, a column of a type of the user's (a domain with
// constraints rewrites the table: preflight asks the catalog).
bool may_rewrite(const ddl::Declaration& d) {
  if (d.kind == ddl::ObjectKind::column && d.change == ddl::Change::set_type) return true;
  if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::create && d.column &&
      ddl::user_type_name(d.column->type)) {
    return true;
  }
  return std::any_of(d.impact.hazards.begin(), d.impact.hazards.end(), [](const ddl::Hazard& hazard) {
    return hazard.kind == ddl::HazardKind::rewrites_table || hazard.if_volatile;
  });
}

}  // namespace

std::vector<std::string> tables_it_may_rewrite(const schema::MigrationFacts& facts) {
  std::set<std::string> names;
  std::vector<std::pair<std::string, std::string>> renames;  // of tables: (from, to)
  for (const auto& statement : facts.statements) {
    for (const auto& d : statement.facts.declarations) {
      if (d.kind == ddl::ObjectKind::table && d.change == ddl::Change::rename) renames.emplace_back(d.name.name, d.new_name);
      if (!may_rewrite(d)) continue;
      const std::string& name = d.kind == ddl::ObjectKind::table ? d.name.name : d.parent.name;
      if (!name.empty()) names.insert(name);
    }
  }
  // A table renamed in the migration is read under its names before and
  // after too (by oid, they are one table).
  if (names.empty()) return {};
  for (bool more = true; more;) {
    more = false;
    for (const auto& [from, to] : renames) {
      if (names.count(from) + names.count(to) == 1) {
        names.insert(from);
        names.insert(to);
        more = true;
      }
    }
  }
  return {names.begin(), names.end()};
}

RelationFiles read_relation_files(pg::Connection& shadow, const std::vector<std::string>& names) {
  RelationFiles files;
  const pg::Result result = shadow.exec_params(std::string(embedded_sql("shadow_relation_files.sql")),
                                               {migrate::text_array_literal(names)});
  for (const pg::Row row : pg::Rows(result)) {
    TableFiles& table = files[row.integer("table_oid")];
    table.schema = row.text("schema_name");
    table.name = row.text("table_name");
    const std::string index = row.text("index_name");
    if (index.empty()) {
      table.heap = row.text("files");
      continue;
    }
    IndexFiles& index_files = table.indexes[index];
    index_files.files = row.text("files");
    if (!row.is_null("index_columns")) {
      index_files.columns = migrate::parse_text_array(row.text("index_columns")).value_or(std::vector<std::string>{});
    }
  }
  return files;
}

std::vector<schema::TableFilesSeen> files_seen(const RelationFiles& before, const RelationFiles& after) {
  std::vector<schema::TableFilesSeen> seen;
  for (const auto& [oid, was] : before) {
    const auto now = after.find(oid);
    if (now == after.end()) continue;
    schema::TableFilesSeen table{was.schema, was.name, now->second.schema, now->second.name,
                                 was.heap != now->second.heap};
    for (const auto& [index, files] : now->second.indexes) {
      const auto old = was.indexes.find(index);
      // (an index the migration made is no rebuild of one the table had)
      if (old != was.indexes.end() && old->second.files != files.files) {
        // (its columns by their names before and after: the migration may rename one)
        std::vector<std::string> columns = files.columns;
        columns.insert(columns.end(), old->second.columns.begin(), old->second.columns.end());
        table.rebuilt_indexes.push_back({index, std::move(columns)});
      }
    }
    // One it dropped (or renamed) may have been rebuilt first: a type
    // change, then DROP INDEX, still read every row.
    for (const auto& [index, files] : was.indexes) {
      if (now->second.indexes.count(index) == 0) table.rebuilt_indexes.push_back({index, files.columns});
    }
    seen.push_back(std::move(table));
  }
  return seen;
}

}  // namespace pgapply::engine
