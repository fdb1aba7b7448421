// ALTER TABLE on a table that may be big and busy: columns added with a
// default or NOT NULL, constraints added without an index or NOT VALID,
// type changes, SET/DROP NOT NULL, renames and drops. A table created
// earlier in the run is new (nobody uses it yet), so none of these hurt it.

#include "ddl/expression.hpp"
#include "ddl/predicted_names.hpp"
#include "ddl/type_change.hpp"
#include "ddl/types.hpp"
#include "ddl/volatility.hpp"
#include "lint/checks.hpp"

namespace pgapply::lint {

namespace {

using ddl::Action;
using ddl::Change;
using ddl::ConstraintKind;
using ddl::Declaration;
using ddl::ObjectKind;

std::string shown(const ddl::QualifiedName& name) { return name.empty() ? "the table" : name.to_string(); }

// DEFAULT NULL (in parentheses, cast or not: (NULL::uuid), CAST(NULL AS
// uuid)): no default at all.
bool null_default(std::string_view expression) { return ddl::parse_term(expression).kind == ddl::Term::Kind::null; }

// Whether the added column gets a value in the rows already there.
bool gets_values(const ddl::ColumnSpec& column) {
  return (column.default_expression && !null_default(*column.default_expression)) || column.generated_expression ||
         column.identity != ddl::IdentityKind::none || column.serial;
}

void added_column(const StatementView& s, const Declaration& d, Checker& checker) {
  const ddl::ColumnSpec& column = *d.column;
  const auto* fresh = checker.run().new_table(d.parent);
  const std::string what = "ADD COLUMN " + ddl::quote_identifier(column.name) + " to " + shown(d.parent);
  const std::size_t at = d.location.offset;
  if (fresh == nullptr) {
    const auto domain = ddl::user_type_name(column.type);
    const Origin* constrained = domain ? checker.run().constrained_domain(*domain) : nullptr;
    if (column.generated_expression && column.generated_virtual) {
      // PostgreSQL 18's VIRTUAL: computed when read, nothing written
    } else if (constrained != nullptr) {
      // ATExecAddColumn: a domain with constraints is checked on every row, default or not
      checker.report(s, "adding-field-with-default", at,
                     what + ": its type " + domain->to_string() + " is a domain with constraints (" +
                         (constrained->line == 0 ? "the database's" : "created at " + constrained->text()) +
                         "), checked for every row, rewriting the table");
    } else if (column.generated_expression) {
      checker.report(s, "adding-field-with-default", at,
                     what + ": a stored generated column is computed for every row, rewriting the table");
    } else if (column.identity != ddl::IdentityKind::none || column.serial) {
      checker.report(s, "adding-field-with-default", at,
                     what + ": " + (column.serial ? "a serial" : "an identity") +
                         " column is filled from a sequence for every row, rewriting the table");
    } else if (column.default_expression && !null_default(*column.default_expression)) {
      if (checker.pg_version() < 110000) {
        checker.report(s, "adding-field-with-default", at,
                       what + " with a DEFAULT: before PostgreSQL 11 any default rewrites the table");
      } else {
        const RunState& run = checker.run();
        const auto verdict = ddl::volatility_of(*column.default_expression, [&run](std::string_view name) {
          const RunState::Function* function = run.function(name);
          return function ? std::optional(function->volatility) : std::nullopt;
        });
        const RunState::Function* created = run.function(verdict.function);
        if (verdict.volatility == ddl::Volatility::volatile_ && created != nullptr) {
          checker.report(s, "adding-field-with-default", at,
                         what + ": the default calls " + verdict.function + "(), created at " + created->origin.text() +
                             (created->volatility_declared ? " as VOLATILE" : " without IMMUTABLE or STABLE, so VOLATILE") +
                             ": it is computed for every row, rewriting the table");
        } else if (verdict.volatility == ddl::Volatility::volatile_) {
          checker.report(s, "adding-field-with-default", at,
                         what + ": the volatile default " + verdict.function +
                             "() is computed for every row, rewriting the table");
        } else if (verdict.volatility == ddl::Volatility::unknown) {
          checker.report(s, "adding-field-with-default", at,
                         what + ": the default calls " + verdict.function +
                             "(), which rewrites the table if it is volatile (pgapply cannot tell)");
        }
      }
    }
    if (column.primary_key) {
      checker.report(s, "adding-serial-primary-key-field", at,
                     what + " as PRIMARY KEY builds its unique index under ACCESS EXCLUSIVE");
    }
    if (column.unique) {
      checker.report(s, "disallowed-unique-constraint", at,
                     what + " as UNIQUE builds its unique index under ACCESS EXCLUSIVE");
    }
    // REFERENCES on a column that starts out NULL everywhere checks no row;
    // with a value it checks them all.
    if (column.references && gets_values(column)) {
      checker.report(s, "adding-foreign-key-constraint", at,
                     what + " REFERENCES " + column.references->to_string() +
                         " with a value checks every row against it");
    }
  }
  if (column.declared_not_null && !gets_values(column) && !(fresh != nullptr && fresh->empty)) {
    checker.report(s, "adding-required-field", at, what + " NOT NULL without a DEFAULT");
  }
}

// Every constraint added, for a later VALIDATE of it (RunState::constraint_added).
void remember_constraint(const Declaration& d, RunState& run) {
  const ddl::ConstraintSpec& constraint = *d.constraint;
  const std::string column =
      constraint.kind == ConstraintKind::check ? ddl::not_null_check_column(constraint.expression) : std::string();
  std::string name = constraint.name;
  if (name.empty()) {
    // The server's name for it: a CHECK on one column is named after it; the
    // columns of any other CHECK are not known here (it is then "<table>_check").
    const std::vector<std::string> columns = column.empty() ? std::vector<std::string>{} : std::vector{column};
    name = ddl::make_object_name(ddl::constraint_name_parts(d.parent.name, constraint, columns));
  }
  run.constraint_added(d.parent, name, column, !constraint.not_valid);
  if (constraint.kind == ConstraintKind::check) {
    run.check_added(d.parent, constraint.name, constraint.expression, !constraint.not_valid);
  }
}

void added_constraint(const StatementView& s, const Declaration& d, Checker& checker) {
  const ddl::ConstraintSpec& constraint = *d.constraint;
  std::string name;  // " name", or nothing for an unnamed constraint
  if (!constraint.name.empty()) name.append(" ").append(ddl::quote_identifier(constraint.name));
  const std::size_t at = d.location.offset;
  remember_constraint(d, checker.run());
  if (constraint.not_valid) {
    checker.run().not_valid_added(d.parent, constraint.name, constraint.kind == ConstraintKind::foreign_key);
  }
  // A table created in the run, even by IF NOT EXISTS (run_state.hpp says why).
  if (checker.run().created_in_run(d.parent) != nullptr) return;
  const std::string where = " to " + shown(d.parent);
  switch (constraint.kind) {
    case ConstraintKind::primary_key:
      if (constraint.using_index.empty()) {
        checker.report(s, "adding-serial-primary-key-field", at,
                       "ADD" + name + " PRIMARY KEY" + where + " builds its index under ACCESS EXCLUSIVE");
      }
      break;
    case ConstraintKind::unique:
      if (constraint.using_index.empty()) {
        checker.report(s, "disallowed-unique-constraint", at,
                       "ADD" + name + " UNIQUE" + where + " builds its index under ACCESS EXCLUSIVE");
      }
      break;
    case ConstraintKind::foreign_key:
      if (!constraint.not_valid && !constraint.not_enforced) {
        checker.report(s, "adding-foreign-key-constraint", at,
                       "ADD" + name + " FOREIGN KEY" + where + " REFERENCES " + constraint.references.to_string() +
                           " without NOT VALID");
      }
      break;
    case ConstraintKind::check:
      if (!constraint.not_valid && !constraint.not_enforced) {
        checker.report(s, "constraint-missing-not-valid", at, "ADD" + name + " CHECK" + where + " without NOT VALID");
      }
      break;
    case ConstraintKind::exclusion:
      // squawk reports it under this rule too; PostgreSQL refuses NOT VALID for it.
      checker.report(s, "constraint-missing-not-valid", at,
                     "ADD" + name + " EXCLUDE" + where +
                         " builds its index and checks every row under ACCESS EXCLUSIVE: reads and writes wait, and "
                         "an exclusion constraint cannot be added NOT VALID",
                     "there is no online way: add it while the table is new or small, or in a maintenance window "
                     "(its index cannot be built CONCURRENTLY first and attached either)");
      break;
    case ConstraintKind::not_null:
      // PostgreSQL 18: ADD CONSTRAINT c NOT NULL col, as SET NOT NULL scans the table.
      if (!constraint.not_valid) {
        const std::string column = constraint.columns.empty() ? "" : " " + ddl::quote_identifier(constraint.columns[0]);
        checker.report(s, "adding-not-nullable-field", at,
                       "ADD" + name + " NOT NULL" + column + where + " without NOT VALID",
                       "ADD CONSTRAINT c NOT NULL col NOT VALID, then VALIDATE CONSTRAINT c in a later migration "
                       "(PostgreSQL 18+)");
      }
      break;
    default:
      break;
  }
}

void validated_constraint(const StatementView& s, const Declaration& d, Checker& checker) {
  const std::string& name = d.name.name;
  const std::optional<bool> foreign_key = checker.run().not_valid_in_this_transaction(d.parent, name);
  // A table created in the run has no rows to check, and no one waiting (as for the ADD).
  if (foreign_key && checker.run().created_in_run(d.parent) == nullptr) {
    // A foreign key's are adding-foreign-key-constraint's, as its ADD is.
    if (*foreign_key) {
      checker.report(s, "adding-foreign-key-constraint", d.location.offset,
                     "VALIDATE CONSTRAINT " + ddl::quote_identifier(name) +
                         " in the transaction that added it NOT VALID: every row is checked while the ADD's SHARE "
                         "ROW EXCLUSIVE lock on both tables is held, which blocks their writes",
                     "VALIDATE CONSTRAINT in a later migration (then it takes SHARE UPDATE EXCLUSIVE, which lets "
                     "reads and writes go on)");
    } else {
      checker.report(s, "constraint-missing-not-valid", d.location.offset,
                     "VALIDATE CONSTRAINT " + ddl::quote_identifier(name) +
                         " in the transaction that added it NOT VALID: the check runs under that ACCESS EXCLUSIVE "
                         "lock");
    }
  }
  checker.run().constraint_validated(d.parent, name);
}

void altered_column(const StatementView& s, const Declaration& d, Checker& checker) {
  if (checker.run().new_table(d.parent) != nullptr) return;
  const std::string column = ddl::quote_identifier(d.name.name);
  const std::string where = " of " + shown(d.parent);
  const std::size_t at = d.location.offset;
  switch (d.change) {
    case Change::set_type:
      // The old type known, and a change that keeps the rows as they are
      // (varchar(n) to text, as prefer-text-field advises): no rewrite.
      if (d.column && ddl::type_change_without_rewrite(checker.run().column_type(d.parent, d.name.name), *d.column)) {
        std::vector<std::string> dropping;  // PostgreSQL drops them before it changes types
        for (const Declaration* other : s.declarations()) {
          if (other->kind == ObjectKind::constraint && other->action == Action::drop &&
              same_object(other->parent, d.parent)) {
            dropping.push_back(other->name.name);
          }
        }
        if (!checker.run().column_checked(d.parent, d.name.name, dropping)) break;
        checker.report(s, "changing-column-type", at,
                       "ALTER COLUMN " + column + where + " TYPE " + d.column->declared_type +
                           " rewrites nothing, but PostgreSQL checks the valid CHECK constraint naming " + column +
                           " again, reading every row under ACCESS EXCLUSIVE",
                       "in one ALTER TABLE, DROP CONSTRAINT the CHECK, change the type and ADD it again NOT VALID; "
                       "VALIDATE CONSTRAINT it in a later migration");
        break;
      }
      checker.report(s, "changing-column-type", at,
                     "ALTER COLUMN " + column + where + " TYPE " + (d.column ? d.column->declared_type : ""));
      break;
    case Change::set_not_null:
      if (checker.pg_version() >= 120000 && checker.run().not_null_proven(d.parent, d.name.name)) break;
      checker.report(s, "adding-not-nullable-field", at, "ALTER COLUMN " + column + where + " SET NOT NULL");
      break;
    case Change::drop_not_null:
      checker.report(s, "ban-drop-not-null", at, "ALTER COLUMN " + column + where + " DROP NOT NULL");
      break;
    case Change::rename:
      checker.report(s, "renaming-column", at,
                     "RENAME COLUMN " + column + where + " TO " + ddl::quote_identifier(d.new_name));
      break;
    default:
      break;
  }
}

// The ALTER TABLE forms that write every row anew and have no lint rule of
// their own; nullptr for the others.
const char* whole_table_rewrite(Change change) {
  switch (change) {
    case Change::set_logged: return "SET LOGGED";
    case Change::set_unlogged: return "SET UNLOGGED";
    case Change::set_tablespace: return "SET TABLESPACE";
    case Change::set_access_method: return "SET ACCESS METHOD";
    default: return nullptr;
  }
}

// A partitioned table has no rows of its own: its SET TABLESPACE or SET
// ACCESS METHOD only says where new partitions go (and PostgreSQL refuses
// SET LOGGED on one).
void rewritten_table(const StatementView& s, const Declaration& d, Checker& checker) {
  if (checker.run().new_table(d.name) != nullptr || checker.run().is_partitioned(d.name)) return;
  checker.report(s, "rewriting-table", d.location.offset,
                 std::string(whole_table_rewrite(d.change)) + " rewrites " + shown(d.name) +
                     " under ACCESS EXCLUSIVE");
}

}  // namespace

void check_table_changes(const StatementView& s, Checker& checker) {
  const bool alter_table = s.facts.command == "ALTER TABLE";
  for (const Declaration* declaration : s.declarations()) {
    const Declaration& d = *declaration;
    if (d.kind == ObjectKind::column && alter_table) {
      if (d.action == Action::create && d.column) added_column(s, d, checker);
      if (d.action == Action::alter) altered_column(s, d, checker);
      if (d.action == Action::drop && checker.run().new_table(d.parent) == nullptr) {
        checker.report(s, "ban-drop-column", d.location.offset,
                       "DROP COLUMN " + ddl::quote_identifier(d.name.name) + " of " + shown(d.parent));
      }
    } else if (d.kind == ObjectKind::constraint && alter_table) {
      if (d.action == Action::create && d.constraint) added_constraint(s, d, checker);
      if (d.action == Action::alter && d.change == Change::validate) validated_constraint(s, d, checker);
    } else if (d.kind == ObjectKind::constraint && d.action == Action::create && d.constraint) {
      remember_constraint(d, checker.run());  // CREATE TABLE's: valid from the start
    } else if (d.kind == ObjectKind::table && d.action == Action::alter && d.change == Change::rename) {
      if (checker.run().new_table(d.name) == nullptr) {
        checker.report(s, "renaming-table", d.location.offset,
                       "RENAME " + shown(d.name) + " TO " + ddl::quote_identifier(d.new_name));
      }
    } else if (d.kind == ObjectKind::table && d.action == Action::alter && whole_table_rewrite(d.change)) {
      rewritten_table(s, d, checker);
    } else if (d.kind == ObjectKind::table && d.action == Action::drop) {
      if (checker.run().new_table(d.name) == nullptr) {
        checker.report(s, "ban-drop-table", d.location.offset, "DROP TABLE " + shown(d.name));
      }
    }
  }
}

}  // namespace pgapply::lint
