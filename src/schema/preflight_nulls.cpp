#include "schema/preflight_nulls.hpp"

#include <algorithm>

#include "schema/object_key.hpp"
#include "schema/preflight.hpp"

namespace pgapply::schema {

std::optional<NotNullDemand> not_null_demand(const ddl::Declaration& d) {
  if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::alter && d.change == ddl::Change::set_not_null) {
    return NotNullDemand{d.parent, {d.name.name}, "SET NOT NULL"};
  }
  if (d.kind != ddl::ObjectKind::constraint || d.action != ddl::Action::create || !d.constraint ||
      d.constraint->kind != ddl::ConstraintKind::primary_key || !d.constraint->using_index.empty() ||
      d.constraint->columns.empty()) {
    return std::nullopt;
  }
  std::string columns;
  for (const auto& column : d.constraint->columns) columns += (columns.empty() ? "" : ", ") + column;
  return NotNullDemand{d.parent, d.constraint->columns, "PRIMARY KEY (" + columns + ")"};
}

bool may_change_rows(const ddl::StatementFacts& facts) {
  if (!facts.recognised || facts.dynamic_sql || facts.command == "DO" || facts.command == "MERGE" ||
      facts.command == "SELECT INTO") {
    return true;
  }
  return std::any_of(facts.declarations.begin(), facts.declarations.end(), [](const ddl::Declaration& d) {
    if (d.table && d.table->as_query) return true;
    return d.change == ddl::Change::set_type && d.column && !d.column->using_expression.empty();
  });
}

namespace {

// The target's column that `column` of `table` stands for as the model has
// it before the declaration; nullopt for one the run made (it holds what the
// run put there, which the target cannot say).
std::optional<ObjectKey> live_column(const ExpectedSchema& model, const ObjectKey& table, const std::string& column) {
  const auto current = model.current(ObjectKey{Space::column, table.schema, table.name, column, {}});
  if (!current || current->fresh || current->unknown || !current->present || !current->origin) return std::nullopt;
  return current->origin;
}

}  // namespace

void check_nulls(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                 const NotNullDemand& demand, const std::string& rows_changed_at, const std::string& location,
                 FindingList& findings) {
  const ObjectKey table = model.relation(demand.table);
  for (const auto& column : demand.columns) {
    const auto live = live_column(model, table, column);
    if (!live) continue;
    const ColumnNulls* nulls = catalog.find_column_nulls(live->schema, live->parent, live->name);
    if (nulls == nullptr) continue;
    const std::string name = display_name(table, home) + "." + column;  // as the statement names it
    if (!nulls->has_null) {
      findings.add(Severity::warning,
                   "not checked whether " + name + " holds NULL on the target, on which " + demand.what +
                       " fails: " + nulls->unread,
                   location);
    } else if (!*nulls->has_null) {
      continue;
    } else if (rows_changed_at.empty()) {
      findings.add(Severity::error,
                   demand.what + " fails: " + name +
                       " holds NULL in rows of the target (SQLSTATE 23502); a statement before it must fill them",
                   location);
    } else {
      findings.add(Severity::warning,
                   name + " holds NULL in rows of the target: " + demand.what +
                       " fails unless what runs before it fills them (" + rows_changed_at +
                       " may change rows; preflight cannot see which)",
                   location);
    }
  }
}

std::vector<ColumnNulls> columns_to_read_for_nulls(const CatalogSnapshot& catalog, const PreflightInput& input) {
  std::vector<ColumnNulls> out;
  for (const auto& pending : input.pending) {
    for (const auto& statement : pending.facts.statements) {
      for (const auto& declaration : statement.facts.declarations) {
        const auto demand = not_null_demand(declaration);
        if (!demand) continue;
        // As the target has it: a name the run gives a table or column first
        // is not there (preflight then finds no answer and says nothing).
        const CatalogRelation* relation = catalog.find_relation(demand->table.schema, demand->table.name);
        if (relation == nullptr || (relation->kind != 'r' && relation->kind != 'p')) continue;
        for (const auto& name : demand->columns) {
          const auto column = std::find_if(relation->columns.begin(), relation->columns.end(),
                                           [&name](const CatalogColumn& c) { return c.name == name; });
          if (column == relation->columns.end() || column->not_null) continue;
          if (catalog.find_column_nulls(relation->schema, relation->name, name) != nullptr) continue;
          const bool listed = std::any_of(out.begin(), out.end(), [&](const ColumnNulls& c) {
            return c.schema == relation->schema && c.table == relation->name && c.column == name;
          });
          if (!listed) out.push_back({relation->schema, relation->name, name, std::nullopt, {}});
        }
      }
    }
  }
  return out;
}

}  // namespace pgapply::schema
