#include "schema/preflight_row_checks.hpp"

#include <algorithm>

#include "lexer/tokenizer.hpp"
#include "schema/object_key.hpp"
#include "schema/preflight.hpp"

namespace pgapply::schema {

namespace {

std::string listed(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& column : columns) out += (out.empty() ? "" : ", ") + column;
  return out;
}

// An index element that is a column alone (no expression, opclass or order).
std::optional<std::string> plain_column(const std::string& element) {
  const auto tokens = lexer::tokenize(element);
  if (tokens.size() != 1 || !tokens[0].is_name()) return std::nullopt;
  return tokens[0].value;
}

}  // namespace

std::optional<RowDemand> row_demand(const ddl::Declaration& d) {
  if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::alter && d.change == ddl::Change::set_not_null) {
    return RowDemand{d.parent, {d.name.name}, {}, false, "SET NOT NULL", false};
  }
  if (d.kind == ddl::ObjectKind::constraint && d.action == ddl::Action::create && d.constraint &&
      d.constraint->using_index.empty() && !d.constraint->columns.empty()) {
    const auto& constraint = *d.constraint;
    const std::string columns = "(" + listed(constraint.columns) + ")";
    if (constraint.kind == ddl::ConstraintKind::primary_key) {
      return RowDemand{d.parent, constraint.columns, constraint.columns, false, "PRIMARY KEY " + columns, false};
    }
    if (constraint.kind == ddl::ConstraintKind::unique) {
      return RowDemand{d.parent, {}, constraint.columns, constraint.nulls_not_distinct, "UNIQUE " + columns, false};
    }
    return std::nullopt;
  }
  if (d.kind != ddl::ObjectKind::index || d.action != ddl::Action::create || !d.index || !d.index->unique ||
      !d.index->where.empty() || d.index->elements.empty()) {
    return std::nullopt;
  }
  std::vector<std::string> columns;
  for (const auto& element : d.index->elements) {
    const auto column = plain_column(element);
    if (!column) return std::nullopt;
    columns.push_back(*column);
  }
  std::string what = "CREATE UNIQUE INDEX";
  if (d.index->concurrently) what += " CONCURRENTLY";
  if (!d.name.name.empty()) what += " " + d.name.name;
  return RowDemand{d.parent, {}, columns, d.index->nulls_not_distinct, what, d.index->concurrently};
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

// The question about `columns` of `table` as the target has them; nullopt
// when one is not the target's, or not all of one table there.
std::optional<RowCheck> live_question(const ExpectedSchema& model, const ObjectKey& table, RowCheckKind kind,
                                      const std::vector<std::string>& columns, bool nulls_not_distinct) {
  RowCheck question;
  question.kind = kind;
  question.nulls_not_distinct = nulls_not_distinct;
  for (const auto& column : columns) {
    const auto live = live_column(model, table, column);
    if (!live) return std::nullopt;
    if (!question.columns.empty() && (live->schema != question.schema || live->parent != question.table)) {
      return std::nullopt;
    }
    question.schema = live->schema;
    question.table = live->parent;
    question.columns.push_back(live->name);
  }
  return question;
}

// "users.email holds NULL in rows of the target", "users has rows that share
// a value of (email) on the target": the names as the statement has them.
std::string fact_text(const RowCheckKind kind, const std::string& table, const std::vector<std::string>& columns) {
  if (kind == RowCheckKind::nulls) return table + "." + columns.front() + " holds NULL in rows of the target";
  return table + " has rows that share a value of (" + listed(columns) + ") on the target";
}

void report(const RowCheck& answer, const RowDemand& demand, const std::string& table,
            const std::vector<std::string>& columns, const std::string& rows_changed_at, const std::string& location,
            FindingList& findings) {
  const bool nulls = answer.kind == RowCheckKind::nulls;
  if (!answer.found) {
    const std::string question = nulls ? "whether " + table + "." + columns.front() + " holds NULL"
                                       : "whether rows of " + table + " share a value of (" + listed(columns) + ")";
    findings.add(Severity::warning,
                 "not checked " + question + " on the target, on which " + demand.what + " fails: " + answer.unread,
                 location);
    return;
  }
  if (!*answer.found) return;
  const std::string fact = fact_text(answer.kind, table, columns);
  if (!rows_changed_at.empty()) {
    findings.add(Severity::warning,
                 fact + ": " + demand.what + " fails unless what runs before it " +
                     (nulls ? "fills them" : "removes the duplicates") + " (" + rows_changed_at +
                     " may change rows; preflight cannot see which)",
                 location);
    return;
  }
  std::string message = demand.what + " fails: " + fact + (nulls ? " (SQLSTATE 23502)" : " (SQLSTATE 23505)") +
                        "; a statement before it must " + (nulls ? "fill them" : "remove the duplicates");
  if (demand.concurrently && !nulls) message += " (and a failed CREATE INDEX CONCURRENTLY leaves an INVALID index)";
  findings.add(Severity::error, std::move(message), location);
}

}  // namespace

void check_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                const RowDemand& demand, const std::string& rows_changed_at, const std::string& location,
                FindingList& findings) {
  const ObjectKey table = model.relation(demand.table);
  const std::string table_name = display_name(table, home);  // as the statement names it
  for (const auto& column : demand.not_null) {
    const auto question = live_question(model, table, RowCheckKind::nulls, {column}, false);
    const RowCheck* answer = question ? catalog.find_row_check(*question) : nullptr;
    if (answer != nullptr) report(*answer, demand, table_name, {column}, rows_changed_at, location, findings);
  }
  if (demand.unique.empty()) return;
  const auto question =
      live_question(model, table, RowCheckKind::duplicates, demand.unique, demand.nulls_not_distinct);
  const RowCheck* answer = question ? catalog.find_row_check(*question) : nullptr;
  if (answer != nullptr) report(*answer, demand, table_name, demand.unique, rows_changed_at, location, findings);
}

namespace {

// Adds `question` to `out` unless it is there already.
void ask(RowCheck question, std::vector<RowCheck>& out) {
  const bool asked =
      std::any_of(out.begin(), out.end(), [&question](const RowCheck& check) { return check.asks_as(question); });
  if (!asked) out.push_back(std::move(question));
}

}  // namespace

std::vector<RowCheck> row_checks_to_read(const CatalogSnapshot& catalog, const PreflightInput& input) {
  std::vector<RowCheck> out;
  for (const auto& pending : input.pending) {
    for (const auto& statement : pending.facts.statements) {
      for (const auto& declaration : statement.facts.declarations) {
        const auto demand = row_demand(declaration);
        if (!demand) continue;
        // As the target has it: a name the run gives a table or column first
        // is not there (preflight then finds no answer and says nothing).
        const CatalogRelation* relation = catalog.find_relation(demand->table.schema, demand->table.name);
        if (relation == nullptr || (relation->kind != 'r' && relation->kind != 'p')) continue;
        const auto column_of = [relation](const std::string& name) -> const CatalogColumn* {
          const auto found = std::find_if(relation->columns.begin(), relation->columns.end(),
                                          [&name](const CatalogColumn& c) { return c.name == name; });
          return found == relation->columns.end() ? nullptr : &*found;
        };
        for (const auto& name : demand->not_null) {
          const CatalogColumn* column = column_of(name);
          if (column != nullptr && !column->not_null) {
            ask({RowCheckKind::nulls, relation->schema, relation->name, {name}, false, std::nullopt, {}}, out);
          }
        }
        const bool all_there = std::all_of(demand->unique.begin(), demand->unique.end(),
                                           [&column_of](const std::string& name) { return column_of(name) != nullptr; });
        if (!demand->unique.empty() && all_there) {
          ask({RowCheckKind::duplicates, relation->schema, relation->name, demand->unique, demand->nulls_not_distinct,
               std::nullopt, {}},
              out);
        }
      }
    }
  }
  return out;
}

}  // namespace pgapply::schema
