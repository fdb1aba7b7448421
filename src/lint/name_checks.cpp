// Names: longer than PostgreSQL keeps, without a schema, given twice, or
// taken away by a rename earlier in the run.

#include <algorithm>

#include "lint/checks.hpp"
#include "lint/data_target.hpp"
#include "lint/query_uses.hpp"

namespace pgapply::lint {

namespace {

using ddl::Action;
using ddl::ObjectKind;

// The name as written, quotes removed and "" undoubled (the tokenizer's
// value is already cut to 63 bytes).
std::string written_name(const lexer::Token& token) {
  if (token.kind != lexer::TokenKind::quoted_identifier) return std::string(token.text);
  std::string out;
  const std::string_view text = token.text;
  const std::size_t open = text.find('"');
  for (std::size_t i = open + 1; i + 1 < text.size(); ++i) {
    out += text[i];
    if (text[i] == '"') ++i;
  }
  return out;
}

void check_long_names(const StatementView& s, Checker& checker) {
  std::vector<std::string> seen;
  for (const auto& token : s.tokens) {
    if (!token.is_name()) continue;
    const std::string name = written_name(token);
    if (name.size() <= lexer::max_name_bytes) continue;
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    checker.report(s, "identifier-too-long", token.offset,
                   "\"" + name + "\" is " + std::to_string(name.size()) + " bytes; PostgreSQL will use \"" +
                       lexer::clip_name(name) + "\"");
  }
}

void check_schemas(const StatementView& s, Checker& checker) {
  bool reported_alter = false;
  for (const ddl::Declaration* declaration : s.declarations()) {
    const ddl::Declaration& d = *declaration;
    const bool table_itself = d.kind == ObjectKind::table;
    if (table_itself && d.action == Action::create && !(d.table && d.table->temporary) && d.name.schema.empty()) {
      checker.report(s, "require-table-schema", d.location.offset, "CREATE TABLE " + d.name.to_string());
    } else if (table_itself && d.action == Action::drop && d.name.schema.empty()) {
      checker.report(s, "require-table-schema", d.location.offset, "DROP TABLE " + d.name.to_string());
    } else if (s.facts.command == "ALTER TABLE" && !reported_alter) {
      const ddl::QualifiedName& table = table_itself ? d.name : d.parent;
      if (!table.empty() && table.schema.empty()) {
        checker.report(s, "require-table-schema", 0, "ALTER TABLE " + table.to_string());
      }
      reported_alter = true;
    }
  }
}

void check_duplicates(const StatementView& s, const std::vector<NamedColumn>& columns, const std::string& where,
                      Checker& checker) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (columns[j].name != columns[i].name) continue;
      checker.report(s, "ban-duplicate-column-assignments", columns[i].offset,
                     "column " + ddl::quote_identifier(columns[i].name) + " is named twice in " + where);
      break;
    }
  }
}

void check_duplicate_columns(const StatementView& s, Checker& checker) {
  std::vector<NamedColumn> table_columns;
  for (const ddl::Declaration* declaration : s.declarations()) {
    const ddl::Declaration& d = *declaration;
    if (s.facts.command == "CREATE TABLE" && d.kind == ObjectKind::column && d.action == Action::create) {
      table_columns.push_back({d.name.name, d.location.offset});
    }
    if ((d.kind == ObjectKind::view || d.kind == ObjectKind::materialized_view) && d.view) {
      std::vector<NamedColumn> view_columns;
      for (const auto& column : d.view->columns) view_columns.push_back({column, d.location.offset});
      check_duplicates(s, view_columns, "the column list of view " + d.name.to_string(), checker);
    }
  }
  check_duplicates(s, table_columns, "CREATE TABLE", checker);
}

// Uses of a table or column name that an earlier statement of the run renamed away.
void table_used(const StatementView& s, const ddl::QualifiedName& table, std::size_t offset, Checker& checker) {
  if (table.empty()) return;
  if (const auto* rename = checker.run().renamed_table(table)) {
    checker.report(s, "uses-renamed-table", offset,
                   table.to_string() + " was renamed to " + ddl::quote_identifier(rename->to) + " at " +
                       rename->origin.text());
  }
}

void column_used(const StatementView& s, const ddl::QualifiedName& table, const std::string& column,
                 std::size_t offset, Checker& checker) {
  if (table.empty() || column.empty()) return;
  if (const auto* rename = checker.run().renamed_column(table, column)) {
    checker.report(s, "uses-renamed-column", offset,
                   "column " + ddl::quote_identifier(column) + " of " + table.to_string() + " was renamed to " +
                       ddl::quote_identifier(rename->to) + " at " + rename->origin.text());
  }
}

// The column an index element names: "email", "email DESC"; "" for an expression.
std::string element_column(const std::string& element) {
  const auto tokens = lexer::tokenize(element, 2);
  if (tokens.empty() || !tokens[0].is_name()) return {};
  if (tokens.size() > 1 && (tokens[1].is_punct("(") || tokens[1].is_punct("."))) return {};
  return tokens[0].value;
}

// The tables a query reads and, when it reads one, the columns it names
// (when it reads several, those it qualifies with one's name or alias): a
// view's, a SELECT's, an INSERT ... SELECT's, an UPDATE ... FROM's, a
// policy's subquery's.
void check_query_reads(const StatementView& s, Checker& checker) {
  const QueryUses uses = query_uses(s.tokens);
  for (const auto& table : uses.tables) table_used(s, table.name, table.offset, checker);
  for (const auto& column : uses.columns) column_used(s, uses.columns_table, column.name, column.offset, checker);
  for (const auto& column : uses.qualified) column_used(s, column.table, column.name, column.offset, checker);
}

void check_renamed_uses(const StatementView& s, Checker& checker) {
  check_query_reads(s, checker);
  // CREATE TABLE names its own (new) table in its columns and constraints.
  const bool creating = s.facts.command == "CREATE TABLE";
  for (const ddl::Declaration* declaration : s.declarations()) {
    const ddl::Declaration& d = *declaration;
    // The same RENAME again in a DO block's branch that may not run (IF
    // EXISTS (... the old name) THEN ... RENAME), or whose error it
    // catches, is the guard of a file written to run again.
    if (s.conditional && d.change == ddl::Change::rename) continue;
    const std::size_t at = d.location.offset;
    switch (d.kind) {
      case ObjectKind::table:
        if (d.action != Action::create) table_used(s, d.name, at, checker);
        break;
      case ObjectKind::column:
        if (!creating) table_used(s, d.parent, at, checker);
        if (d.action != Action::create) column_used(s, d.parent, d.name.name, at, checker);
        break;
      case ObjectKind::index:
        table_used(s, d.parent, at, checker);
        if (d.action == Action::create && d.index) {
          for (const auto& element : d.index->elements) column_used(s, d.parent, element_column(element), at, checker);
          for (const auto& element : d.index->include) column_used(s, d.parent, element_column(element), at, checker);
        }
        break;
      case ObjectKind::constraint:
        if (!creating) table_used(s, d.parent, at, checker);
        if (d.constraint) {
          for (const auto& column : d.constraint->columns) column_used(s, d.parent, column, at, checker);
          if (!d.constraint->references.empty()) {
            table_used(s, d.constraint->references, at, checker);
            for (const auto& column : d.constraint->referenced_columns) {
              column_used(s, d.constraint->references, column, at, checker);
            }
          }
        }
        break;
      case ObjectKind::comment:
        if (d.comment && d.comment->on == ObjectKind::column) {
          table_used(s, d.parent, at, checker);
          column_used(s, d.parent, d.name.name, at, checker);
        } else if (d.comment && d.comment->on == ObjectKind::table) {
          table_used(s, d.name, at, checker);
        }
        break;
      case ObjectKind::trigger:
      case ObjectKind::policy:
      case ObjectKind::row_level_security:
        table_used(s, d.parent, at, checker);
        break;
      default:
        break;
    }
  }
}

}  // namespace

void check_names(const StatementView& s, Checker& checker) {
  check_long_names(s, checker);
  check_schemas(s, checker);
  check_duplicate_columns(s, checker);
  check_renamed_uses(s, checker);
}

void check_data_statement(const StatementView& s, Checker& checker) {
  check_long_names(s, checker);
  if (const auto target = data_target(s.tokens)) {
    check_duplicates(s, target->columns, s.starts_with({"update"}) ? "the SET list" : "the column list", checker);
    table_used(s, target->table, target->table_offset, checker);
    for (const auto& column : target->columns) column_used(s, target->table, column.name, column.offset, checker);
  }
  check_query_reads(s, checker);
}

}  // namespace pgapply::lint
