// Column types that cost a rewrite, or a surprise, later: char(n),
// varchar(n), integer, smallint, serial, timestamp without time zone. Read
// from the type as PostgreSQL prints it (ddl::normalize_type), so int4,
// "int4", pg_catalog.int4 and integer are all integer; arrays count too.

#include "lint/checks.hpp"

namespace pgapply::lint {

namespace {

using ddl::Action;
using ddl::ObjectKind;

std::string_view element_type(std::string_view type) {
  while (type.size() > 2 && type.substr(type.size() - 2) == "[]") type.remove_suffix(2);
  return type;
}

void check_type(const StatementView& s, const ddl::Declaration& d, const ddl::ColumnSpec& column, Checker& checker) {
  const std::string_view type = element_type(column.type);
  const std::string name = ddl::quote_identifier(column.name);
  const std::string written = column.declared_type.empty() ? std::string(type) : column.declared_type;
  const std::size_t at = d.location.offset;
  if (type.starts_with("character(") || type == "bpchar") {
    checker.report(s, "ban-char-field", at, "column " + name + " is " + written);
  } else if (type.starts_with("character varying(")) {
    checker.report(s, "prefer-text-field", at, "column " + name + " is " + written);
  } else if (type.starts_with("timestamp") && type.ends_with("without time zone")) {
    checker.report(s, "prefer-timestamptz", at, "column " + name + " is " + written);
  }
  if (type == "integer") checker.report(s, "prefer-bigint-over-int", at, "column " + name + " is " + written);
  if (type == "smallint") checker.report(s, "prefer-bigint-over-smallint", at, "column " + name + " is " + written);
  if (column.serial) checker.report(s, "prefer-identity", at, "column " + name + " is " + written);
}

}  // namespace

void check_column_types(const StatementView& s, Checker& checker) {
  for (const ddl::Declaration* declaration : s.declarations()) {
    const ddl::Declaration& d = *declaration;
    if (d.kind != ObjectKind::column || !d.column || d.column->type.empty()) continue;
    const bool defines = d.action == Action::create;  // CREATE TABLE's columns, ADD COLUMN
    const bool retypes = d.action == Action::alter && d.change == ddl::Change::set_type;
    if (defines || retypes) check_type(s, d, *d.column, checker);
  }
}

}  // namespace pgapply::lint
