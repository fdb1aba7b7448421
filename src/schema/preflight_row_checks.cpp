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

std::optional<RowDemand> constraint_demand(const ddl::Declaration& d) {
  const auto& constraint = *d.constraint;
  if (!constraint.using_index.empty() || constraint.not_valid || constraint.not_enforced) return std::nullopt;
  RowDemand demand;
  demand.table = d.parent;
  const std::string columns = "(" + listed(constraint.columns) + ")";
  switch (constraint.kind) {
    case ddl::ConstraintKind::primary_key:
      if (constraint.columns.empty()) return std::nullopt;
      demand.not_null = demand.unique = constraint.columns;
      demand.what = "PRIMARY KEY " + columns;
      return demand;
    case ddl::ConstraintKind::unique:
      if (constraint.columns.empty()) return std::nullopt;
      demand.unique = constraint.columns;
      demand.nulls_not_distinct = constraint.nulls_not_distinct;
      demand.what = "UNIQUE " + columns;
      return demand;
    case ddl::ConstraintKind::check: {
      if (constraint.expression.empty()) return std::nullopt;
      demand.check = constraint.expression;
      const bool short_enough = constraint.expression.size() <= 60;
      demand.what = !d.name.name.empty() ? "CHECK " + d.name.name
                    : short_enough       ? "CHECK (" + constraint.expression + ")"
                                         : "CHECK (" + constraint.expression.substr(0, 57) + "...)";
      return demand;
    }
    case ddl::ConstraintKind::foreign_key:
      if (constraint.columns.empty() || constraint.references.name.empty()) return std::nullopt;
      demand.foreign_key = constraint.columns;
      demand.references = constraint.references;
      demand.referenced = constraint.referenced_columns;
      demand.what = "FOREIGN KEY " + columns + " REFERENCES " + constraint.references.to_string();
      return demand;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<RowDemand> row_demand(const ddl::Declaration& d) {
  if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::alter && d.change == ddl::Change::set_not_null) {
    RowDemand demand;
    demand.table = d.parent;
    demand.not_null = {d.name.name};
    demand.what = "SET NOT NULL";
    return demand;
  }
  if (d.kind == ddl::ObjectKind::constraint && d.action == ddl::Action::create && d.constraint) {
    return constraint_demand(d);
  }
  if (d.kind != ddl::ObjectKind::index || d.action != ddl::Action::create || !d.index || !d.index->unique ||
      !d.index->where.empty() || d.index->elements.empty()) {
    return std::nullopt;
  }
  RowDemand demand;
  demand.table = d.parent;
  for (const auto& element : d.index->elements) {
    const auto column = plain_column(element);
    if (!column) return std::nullopt;
    demand.unique.push_back(*column);
  }
  demand.nulls_not_distinct = d.index->nulls_not_distinct;
  demand.concurrently = d.index->concurrently;
  demand.what = "CREATE UNIQUE INDEX";
  if (d.index->concurrently) demand.what += " CONCURRENTLY";
  if (!d.name.name.empty()) demand.what += " " + d.name.name;
  return demand;
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

std::vector<std::string> primary_key_columns(const CatalogRelation& relation) {
  for (const auto& constraint : relation.constraints) {
    if (constraint.type != 'p') continue;
    std::vector<std::string> out;
    bool inside = false;
    for (const auto& token : lexer::tokenize(constraint.definition)) {
      if (token.is_punct("(")) {
        inside = true;
      } else if (token.is_punct(")")) {
        break;
      } else if (inside && token.is_name()) {
        out.push_back(token.value);
      }
    }
    return out;
  }
  return {};
}

namespace {

// The target's table that `table` stands for as the model has it before the
// declaration; nullopt for one the run made.
std::optional<ObjectKey> live_table(const ExpectedSchema& model, const ObjectKey& table) {
  const auto current = model.current(table);
  if (!current || current->fresh || !current->present || !current->origin) return std::nullopt;
  return current->origin;
}

// The target's column that `column` of `table` stands for; nullopt for one
// the run made (it holds what the run put there, which the target cannot say).
std::optional<ObjectKey> live_column(const ExpectedSchema& model, const ObjectKey& table, const std::string& column) {
  const auto current = model.current(ObjectKey{Space::column, table.schema, table.name, column, {}});
  if (!current || current->fresh || current->unknown || !current->present || !current->origin) return std::nullopt;
  return current->origin;
}

// The target's names of `columns` of `table`, and its table, into
// `question`; false when one is not the target's, or not all of one table.
bool live_columns(const ExpectedSchema& model, const ObjectKey& table, const std::vector<std::string>& columns,
                  std::string& schema, std::string& name, std::vector<std::string>& out) {
  for (const auto& column : columns) {
    const auto live = live_column(model, table, column);
    if (!live) return false;
    if (!out.empty() && (live->schema != schema || live->parent != name)) return false;
    schema = live->schema;
    name = live->parent;
    out.push_back(live->name);
  }
  return !out.empty();
}

// How a finding says a question, its answer and what fixes it.
struct Words {
  std::string fact;      // "users.email holds NULL in rows of the target"
  std::string question;  // "whether users.email holds NULL"
  std::string sqlstate;
  std::string fix;       // what a statement before it must do: "fill them"
  std::string fixes;     // what may happen before it: "fills them"
};

Words words_for(const RowCheckKind kind, const std::string& table, const std::vector<std::string>& columns,
                const std::string& referenced) {
  const std::string not_valid = ", or the constraint be added NOT VALID (the rows there now are then not checked)";
  switch (kind) {
    case RowCheckKind::nulls:
      return {table + "." + columns.front() + " holds NULL in rows of the target",
              "whether " + table + "." + columns.front() + " holds NULL", "23502", "fill them", "fills them"};
    case RowCheckKind::duplicates:
      return {table + " has rows that share a value of (" + listed(columns) + ") on the target",
              "whether rows of " + table + " share a value of (" + listed(columns) + ")", "23505",
              "remove the duplicates", "removes the duplicates"};
    case RowCheckKind::violations:
      return {"rows of " + table + " on the target fail it", "whether every row of " + table + " passes it", "23514",
              "fix them" + not_valid, "fixes them"};
    case RowCheckKind::orphans:
      break;
  }
  return {table + " has rows whose (" + listed(columns) + ") no row of " + referenced + " holds on the target",
          "whether every row's (" + listed(columns) + ") of " + table + " is in " + referenced, "23503",
          "fix them" + not_valid, "fixes them"};
}

void report(const RowCheck& answer, const RowDemand& demand, const Words& words, const std::string& rows_changed_at,
            const std::string& location, FindingList& findings) {
  if (!answer.found) {
    if (answer.unread.empty()) return;  // a question the target could not take as asked: nothing to say
    findings.add(Severity::warning,
                 "not checked " + words.question + " on the target, on which " + demand.what +
                     " fails: " + answer.unread,
                 location);
    return;
  }
  if (!*answer.found) return;
  if (!rows_changed_at.empty()) {
    findings.add(Severity::warning,
                 words.fact + ": " + demand.what + " fails unless what runs before it " + words.fixes + " (" +
                     rows_changed_at + " may change rows; preflight cannot see which)",
                 location);
    return;
  }
  std::string message = demand.what + " fails: " + words.fact + " (SQLSTATE " + words.sqlstate +
                        "); a statement before it must " + words.fix;
  if (demand.concurrently) message += " (and a failed CREATE INDEX CONCURRENTLY leaves an INVALID index)";
  findings.add(Severity::error, std::move(message), location);
}

// Reports the answer to `question`, if the target was asked it.
void answer(const CatalogSnapshot& catalog, const RowCheck& question, const RowDemand& demand, const Words& words,
            const std::string& rows_changed_at, const std::string& location, FindingList& findings) {
  if (const RowCheck* found = catalog.find_row_check(question)) {
    report(*found, demand, words, rows_changed_at, location, findings);
  }
}

}  // namespace

void check_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                const RowDemand& demand, const std::string& rows_changed_at, const std::string& location,
                FindingList& findings) {
  const ObjectKey table = model.relation(demand.table);
  const std::string table_name = display_name(table, home);  // as the statement names it
  for (const auto& column : demand.not_null) {
    RowCheck question;
    if (!live_columns(model, table, {column}, question.schema, question.table, question.columns)) continue;
    answer(catalog, question, demand, words_for(question.kind, table_name, {column}, ""), rows_changed_at, location,
           findings);
  }
  if (!demand.unique.empty()) {
    RowCheck question;
    question.kind = RowCheckKind::duplicates;
    question.nulls_not_distinct = demand.nulls_not_distinct;
    if (live_columns(model, table, demand.unique, question.schema, question.table, question.columns)) {
      answer(catalog, question, demand, words_for(question.kind, table_name, demand.unique, ""), rows_changed_at,
             location, findings);
    }
  }
  if (!demand.check.empty()) {
    if (const auto live = live_table(model, table)) {
      RowCheck question;
      question.kind = RowCheckKind::violations;
      question.schema = live->schema;
      question.table = live->name;
      question.expression = demand.check;
      answer(catalog, question, demand, words_for(question.kind, table_name, {}, ""), rows_changed_at, location,
             findings);
    }
  }
  if (demand.foreign_key.empty()) return;
  RowCheck question;
  question.kind = RowCheckKind::orphans;
  if (!live_columns(model, table, demand.foreign_key, question.schema, question.table, question.columns)) return;
  const ObjectKey referenced = model.relation(demand.references);
  const auto live_referenced = live_table(model, referenced);
  if (!live_referenced) return;
  question.referenced_schema = live_referenced->schema;
  question.referenced_table = live_referenced->name;
  if (demand.referenced.empty()) {
    const CatalogRelation* relation = catalog.find_relation(live_referenced->schema, live_referenced->name);
    if (relation == nullptr) return;
    question.referenced_columns = primary_key_columns(*relation);
  } else {
    std::string schema;
    std::string name;
    if (!live_columns(model, referenced, demand.referenced, schema, name, question.referenced_columns)) return;
  }
  answer(catalog, question, demand,
         words_for(question.kind, table_name, demand.foreign_key, display_name(referenced, home)), rows_changed_at,
         location, findings);
}

namespace {

// Adds `question` to `out` unless it is there already.
void ask(RowCheck question, std::vector<RowCheck>& out) {
  const bool asked =
      std::any_of(out.begin(), out.end(), [&question](const RowCheck& check) { return check.asks_as(question); });
  if (!asked) out.push_back(std::move(question));
}

// A table of the target's, by the name a statement gives it (nullptr: none, or not a table).
const CatalogRelation* target_table(const CatalogSnapshot& catalog, const ddl::QualifiedName& name) {
  const CatalogRelation* relation = catalog.find_relation(name.schema, name.name);
  if (relation == nullptr || (relation->kind != 'r' && relation->kind != 'p')) return nullptr;
  return relation;
}

const CatalogColumn* column_of(const CatalogRelation& relation, const std::string& name) {
  const auto found = std::find_if(relation.columns.begin(), relation.columns.end(),
                                  [&name](const CatalogColumn& c) { return c.name == name; });
  return found == relation.columns.end() ? nullptr : &*found;
}

bool has_columns(const CatalogRelation& relation, const std::vector<std::string>& names) {
  return !names.empty() && std::all_of(names.begin(), names.end(), [&relation](const std::string& name) {
    return column_of(relation, name) != nullptr;
  });
}

// What `demand` asks of the target's rows, by the names its statement gives
// (a name the run gives a table or column first is not there: preflight then
// finds no answer and says nothing).
void questions_of(const CatalogSnapshot& catalog, const RowDemand& demand, std::vector<RowCheck>& out) {
  const CatalogRelation* relation = target_table(catalog, demand.table);
  if (relation == nullptr) return;
  RowCheck on;  // (a question about nulls until it says otherwise)
  on.schema = relation->schema;
  on.table = relation->name;
  for (const auto& name : demand.not_null) {
    const CatalogColumn* column = column_of(*relation, name);
    if (column == nullptr || column->not_null) continue;
    RowCheck question = on;
    question.columns = {name};
    ask(std::move(question), out);
  }
  if (has_columns(*relation, demand.unique)) {
    RowCheck question = on;
    question.kind = RowCheckKind::duplicates;
    question.columns = demand.unique;
    question.nulls_not_distinct = demand.nulls_not_distinct;
    ask(std::move(question), out);
  }
  if (!demand.check.empty()) {
    RowCheck question = on;
    question.kind = RowCheckKind::violations;
    question.expression = demand.check;
    ask(std::move(question), out);
  }
  if (!has_columns(*relation, demand.foreign_key)) return;
  const CatalogRelation* referenced = target_table(catalog, demand.references);
  if (referenced == nullptr) return;
  RowCheck question = on;
  question.kind = RowCheckKind::orphans;
  question.columns = demand.foreign_key;
  question.referenced_schema = referenced->schema;
  question.referenced_table = referenced->name;
  question.referenced_columns = demand.referenced.empty() ? primary_key_columns(*referenced) : demand.referenced;
  if (has_columns(*referenced, question.referenced_columns) &&
      question.referenced_columns.size() == question.columns.size()) {
    ask(std::move(question), out);
  }
}

}  // namespace

std::vector<RowCheck> row_checks_to_read(const CatalogSnapshot& catalog, const PreflightInput& input) {
  std::vector<RowCheck> out;
  for (const auto& pending : input.pending) {
    for (const auto& statement : pending.facts.statements) {
      for (const auto& declaration : statement.facts.declarations) {
        if (const auto demand = row_demand(declaration)) questions_of(catalog, *demand, out);
      }
    }
  }
  return out;
}

}  // namespace pgapply::schema
