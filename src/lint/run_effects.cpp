// What a statement changes in what lint knows of the run: tables created,
// filled, dropped and renamed, columns renamed and added, indexes and
// functions created.

#include "ddl/predicted_names.hpp"
#include "lint/checks.hpp"
#include "lint/data_target.hpp"

namespace pgapply::lint {

using ddl::Action;
using ddl::ObjectKind;

bool is_data_statement(const std::vector<lexer::Token>& head) {
  if (head.empty() || head[0].kind != lexer::TokenKind::word) return false;
  const std::string& word = head[0].value;
  return word == "insert" || word == "update" || word == "delete" || word == "copy" || word == "select" ||
         word == "values" || word == "with" || word == "merge" || word == "table";
}

namespace {

// The name the server gives an unnamed CREATE INDEX (ChooseIndexName), with
// 1, 2... appended while the run made one of that name. Should the database
// hold one of that name already, the server picks another: then which
// names the run made is not known for sure.
ddl::QualifiedName chosen_index_name(const ddl::Declaration& d, RunState& run) {
  const ddl::NameParts parts = ddl::index_name_parts(d.parent.name, *d.index);
  ddl::QualifiedName name{d.parent.schema, ddl::make_object_name(parts)};
  for (int pass = 1; pass < 100 && run.table_of_index(name); ++pass) name.name = ddl::make_object_name(parts, pass);
  if (!run.absent_before_run(name)) run.index_name_unknown();
  return name;
}

// What an ALTER DOMAIN does to whether a column of it added later is
// checked row by row: ADD [CONSTRAINT c] CHECK (...) or SET NOT NULL makes it
// so; DROP CONSTRAINT or DROP NOT NULL may leave it without any (other
// constraints are not known here: taken as none, no false finding).
enum class DomainConstraints { unchanged, added, dropped };

DomainConstraints domain_constraints_change(const std::vector<lexer::Token>& tokens) {
  const std::size_t i = alter_domain_action(tokens);
  if (i >= tokens.size()) return DomainConstraints::unchanged;
  const bool next_not = i + 1 < tokens.size() && tokens[i + 1].is_word("not");
  if (tokens[i].is_word("add") || (tokens[i].is_word("set") && next_not)) return DomainConstraints::added;
  if (tokens[i].is_word("drop") && (next_not || (i + 1 < tokens.size() && tokens[i + 1].is_word("constraint")))) {
    return DomainConstraints::dropped;
  }
  return DomainConstraints::unchanged;
}

}  // namespace

void record_effects(const StatementView& s, RunState& run) {
  if (is_data_statement(s.tokens)) {
    if (const auto target = data_target(s.tokens); target && target->adds_rows) run.table_filled(target->table);
    if (s.declarations().empty()) return;  // but SELECT ... INTO's table, made as CREATE TABLE AS makes one
  }
  bool columns_known = false;  // the statement surely makes the table whose columns it declares
  for (const ddl::Declaration* declaration : s.declarations()) {
    const ddl::Declaration& d = *declaration;
    const bool alter = d.action == Action::alter;
    if (d.kind == ObjectKind::column && d.action == Action::create && d.column) {
      // A column's own CHECKs (a table's are constraint declarations: remember_constraint).
      for (const ddl::ConstraintSpec& constraint : d.column->constraints) {
        if (constraint.kind == ddl::ConstraintKind::check) {
          run.check_added(d.parent, constraint.name, constraint.expression, !constraint.not_valid);
        }
      }
    } else if (d.kind == ObjectKind::constraint && d.action == Action::drop) {
      run.constraint_dropped(d.parent, d.name.name);
    }
    // A materialized view holds rows and takes indexes as a table made by
    // CREATE TABLE AS does: one the run made is new.
    const bool relation = d.kind == ObjectKind::table || d.kind == ObjectKind::materialized_view;
    if (relation && d.action == Action::create) {
      const bool partitioned = d.table && !d.table->partition_by.empty();
      // With IF NOT EXISTS, or where it may not run, the table may be an old one.
      if (!s.conditional && d.if_not_exists) {
        columns_known = run.created_in_run(d.name) == nullptr && run.absent_before_run(d.name);
        run.table_created_if_not_exists(d.name);
      } else if (!s.conditional) {
        run.table_created(d.name, d.kind == ObjectKind::table && !(d.table && d.table->as_query));
        if (!partitioned) run.plain_table(d.name);
        columns_known = true;
      }
      // Whichever made it, a table of that name is partitioned (were it an
      // old one IF NOT EXISTS found, the advice for a partitioned table is no worse).
      if (partitioned) run.partitioned_table(d.name);
    } else if (d.kind == ObjectKind::view && d.action == Action::create && !s.conditional) {
      run.old_name_made_again(d.name);
    } else if (relation && d.action == Action::drop) {
      run.table_dropped(d.name);
    } else if (d.kind == ObjectKind::table && alter && d.change == ddl::Change::rename && !d.new_name.empty()) {
      run.table_renamed(d.name, d.new_name, s.origin);
    } else if (d.kind == ObjectKind::column && alter && d.change == ddl::Change::rename && !d.new_name.empty()) {
      run.column_renamed(d.parent, d.name.name, d.new_name, s.origin);
    } else if (d.kind == ObjectKind::column && d.action == Action::create && s.facts.command == "ALTER TABLE") {
      run.column_added(d.parent, d.name.name);
      // ADD COLUMN IF NOT EXISTS may find a column of another type.
      const bool surely = !s.conditional && !d.if_not_exists && d.column;
      run.column_typed(d.parent, d.name.name, surely ? d.column->type : std::string());
    } else if (d.kind == ObjectKind::column && d.action == Action::create && d.column && columns_known) {
      run.column_typed(d.parent, d.name.name, d.column->type);
    } else if (d.kind == ObjectKind::column && alter && d.change == ddl::Change::set_type && d.column) {
      run.column_typed(d.parent, d.name.name, s.conditional ? std::string() : d.column->type);
    } else if (d.kind == ObjectKind::column && d.action == Action::drop) {
      run.column_typed(d.parent, d.name.name, {});
      run.column_dropped(d.parent, d.name.name);
    } else if (d.kind == ObjectKind::index && d.action == Action::create) {
      run.index_created(d.name.name.empty() && d.index ? chosen_index_name(d, run) : d.name, d.parent);
    } else if (d.kind == ObjectKind::index && alter && d.change == ddl::Change::rename && !d.new_name.empty()) {
      if (const auto table = run.table_of_index(d.name)) {
        run.index_created({d.name.schema, d.new_name}, *table);
      } else {
        run.index_name_unknown();
      }
    } else if (d.kind == ObjectKind::domain && d.action == Action::create && d.type && !s.conditional) {
      run.domain_created(d.name, !d.type->constraints.empty() || d.type->not_null, s.origin);
    } else if (d.kind == ObjectKind::domain && d.action == Action::drop) {
      run.domain_dropped(d.name);
    } else if (d.kind == ObjectKind::domain && alter) {
      const DomainConstraints change = domain_constraints_change(s.tokens);
      if (change == DomainConstraints::added && !s.conditional) run.domain_created(d.name, true, s.origin);
      if (change == DomainConstraints::dropped) run.domain_dropped(d.name);
    } else if (d.kind == ObjectKind::function && d.action == Action::create && d.routine) {
      run.function_created(d.name, d.routine->volatility, d.routine->volatility_declared, s.origin);
    }
  }
}

}  // namespace pgapply::lint
