#pragma once

// What lint knows from the statements before the one it checks, across the
// files of one run (migrations known to be pending together, applied in
// order; a file linted as a run of its own keeps all but the new tables:
// FileContext::own_run):
//
// - tables created in the run are new: nobody else uses them yet, so
//   locking or rewriting them hurts no one, and while nothing was inserted
//   they are empty. Only an unconditional CREATE TABLE without IF NOT EXISTS
//   is surely new (new_table): with IF NOT EXISTS, or inside a DO block's
//   IF, the table may already exist with rows, unless the tables of the
//   database are known (relations_before_run: preflight) and it lacks it. For CREATE INDEX and ADD
//   CONSTRAINT, a table made by CREATE TABLE IF NOT EXISTS counts as new too
//   (created_in_run), as squawk counts it (its tables_created_in_transaction
//   takes every CREATE TABLE, IF NOT EXISTS or not). That is not always
//   true: had the table existed before the run, the index build would lock
//   it. But IF NOT EXISTS in a pending migration is how an idempotent file
//   creates its table, and flagging the indexes of every such file buries
//   the findings that matter; a table made outside the migrations is the
//   case this misses. DROP, RENAME, column changes and emptiness still need
//   a table that is surely new;
// - columns and tables renamed in the run, so that a later use of the old
//   name is reported;
// - the types of columns, for a later ALTER COLUMN ... TYPE that may rewrite nothing;
// - indexes created in the run, to know the table of a later DROP INDEX
//   (and, with the database's relations known, whether it drops anything);
// - the constraints added in the run, and the CHECK (column IS NOT NULL)
//   ones validated in it, which let PostgreSQL 12+ SET NOT NULL without a scan;
//   the columns CHECK constraints name, which a type change checks again;
// - the NOT VALID constraints added in the current transaction;
// - domains created in the run with a CHECK or NOT NULL, whose ADD COLUMN
//   rewrites the table;
// - functions created in the run, with their volatility (VOLATILE unless
//   declared IMMUTABLE or STABLE), for the defaults that call them.
//
// Names compare as folded; a name written without its schema matches the
// same name in any schema (search_path is not followed).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddl/qualified_name.hpp"
#include "ddl/volatility.hpp"
#include "lint/lint_settings.hpp"

namespace pgapply::lint {

// Whether two names can be the same object (an unqualified one matches any schema).
bool same_object(const ddl::QualifiedName& a, const ddl::QualifiedName& b);

// Where something happened, for messages ("renamed at 004_x.sql:3").
struct Origin {
  std::string file;
  std::size_t line = 0;
  std::string text() const { return file + ":" + std::to_string(line); }
};

class RunState {
 public:
  struct NewTable {
    ddl::QualifiedName name;
    bool empty = true;  // nothing inserted or copied into it yet (and not CREATE TABLE AS)
    bool surely_new = true;  // false: CREATE TABLE IF NOT EXISTS, which may have found an old table
  };
  struct ColumnRename {
    ddl::QualifiedName table;
    std::string from;
    std::string to;
    Origin origin;
  };
  struct TableRename {
    ddl::QualifiedName from;
    std::string to;
    Origin origin;
  };
  struct Function {
    ddl::QualifiedName name;
    ddl::Volatility volatility = ddl::Volatility::volatile_;
    bool volatility_declared = false;
    Origin origin;
  };

  // Tables.
  // A table surely created in the run (not by IF NOT EXISTS).
  const NewTable* new_table(const ddl::QualifiedName& name) const;
  // A table created in the run, by IF NOT EXISTS too: for CREATE INDEX and
  // ADD CONSTRAINT, as squawk sees it (see above).
  const NewTable* created_in_run(const ddl::QualifiedName& name) const;
  void table_created(const ddl::QualifiedName& name, bool empty);
  // CREATE TABLE IF NOT EXISTS: a no-op when the run created it already;
  // a table surely created, empty, when the database is known to lack it.
  void table_created_if_not_exists(const ddl::QualifiedName& name);
  // A table or view made of that name: a renamed table's old name in use
  // again (the safe rename: RENAME TO, then CREATE VIEW old AS SELECT * FROM
  // new), its renames (and its columns') over.
  void old_name_made_again(const ddl::QualifiedName& name);
  // The relations the database has before the run, when it is known.
  void relations_before_run(std::vector<ddl::QualifiedName> relations);
  // Whether the database is known to lack a relation of this name before
  // the run (false when it has one, or when it is not known).
  bool absent_before_run(const ddl::QualifiedName& name) const;
  // Whether an index of this name is surely nowhere: the database lacks it
  // and the run made no index of that name, nor one whose name lint cannot
  // tell (an unnamed CREATE INDEX whose name the database may hold already,
  // EXECUTE, a rename of an unknown index).
  bool index_surely_absent(const ddl::QualifiedName& name) const;
  void index_name_unknown() { index_names_known_ = false; }
  void table_filled(const ddl::QualifiedName& name);
  // What follows runs on its own, long after (another migration, applied
  // later): the tables created so far are in use by then, no longer new.
  void tables_aged();
  void table_dropped(const ddl::QualifiedName& name);
  void table_renamed(const ddl::QualifiedName& from, const std::string& to, const Origin& origin);
  // The rename that took this name away, if it was not created again since.
  const TableRename* renamed_table(const ddl::QualifiedName& name) const;

  // Partitioned tables (PARTITION BY), made in the run or there before it
  // (preflight reads them, with their indexes): PostgreSQL builds no index
  // on one CONCURRENTLY, nor drops one of its indexes so.
  void partitioned_table(const ddl::QualifiedName& name);
  void partitioned_before_run(const std::vector<ddl::QualifiedName>& tables_and_indexes);
  bool is_partitioned(const ddl::QualifiedName& table_or_index) const;
  // Tables the run surely made without PARTITION BY, new or aged (CREATE
  // INDEX ON ONLY one is an ordinary CREATE INDEX).
  void plain_table(const ddl::QualifiedName& name);
  bool is_plain_table(const ddl::QualifiedName& name) const;

  // Columns.
  void column_renamed(const ddl::QualifiedName& table, const std::string& from, const std::string& to,
                      const Origin& origin);
  void column_added(const ddl::QualifiedName& table, const std::string& name);
  const ColumnRename* renamed_column(const ddl::QualifiedName& table, const std::string& name) const;
  // Column types known (as format_type() prints them): the database's
  // (preflight), those of CREATE TABLE and ADD COLUMN in the run, as later
  // ALTER COLUMN ... TYPE leaves them. "": not known.
  void column_typed(const ddl::QualifiedName& table, const std::string& column, const std::string& type);
  std::string column_type(const ddl::QualifiedName& table, const std::string& column) const;

  // Indexes.
  void index_created(const ddl::QualifiedName& index, const ddl::QualifiedName& table);
  std::optional<ddl::QualifiedName> table_of_index(const ddl::QualifiedName& index) const;

  // Constraints, for SET NOT NULL: every one added in the run (ALTER TABLE
  // ADD, CREATE TABLE) by name, with the column of its CHECK (column IS NOT
  // NULL), if it is one (`not_null_column`, else empty). A later VALIDATE of
  // one is judged by that: only a CHECK (column IS NOT NULL) proves its column.
  void constraint_added(const ddl::QualifiedName& table, const std::string& constraint,
                        const std::string& not_null_column, bool validated);
  void constraint_validated(const ddl::QualifiedName& table, const std::string& constraint);
  // The database's constraints were all given to constraint_added (preflight):
  // a VALIDATE of another is of none (it fails), not of one added before the run.
  void constraints_known_before_run() { constraints_known_ = true; }
  bool not_null_proven(const ddl::QualifiedName& table, const std::string& column) const;
  // CHECK constraints, for ALTER COLUMN ... TYPE: PostgreSQL checks the
  // valid ones naming the column again after a change of its type, reading
  // every row, even when the change rewrites nothing (a NOT VALID one is
  // not checked). `name`: the constraint's, for a later DROP or VALIDATE
  // CONSTRAINT; "" when PostgreSQL chooses it (<table>_check, or
  // <table>_<column>_check after the one column it names: either matches).
  // `expression`: a CHECK's as written, or the database's definition
  // (preflight); the columns it names are the names in it, quoted or not,
  // but a function's (a name before '(') and a type's (after '::').
  void check_added(const ddl::QualifiedName& table, std::string name, std::string_view expression, bool validated);
  void constraint_dropped(const ddl::QualifiedName& table, const std::string& name);
  void column_dropped(const ddl::QualifiedName& table, const std::string& column);
  // Whether a valid CHECK the run added (or the database has) names the
  // column, but those named in `dropping` (the statement's own DROP
  // CONSTRAINTs, which PostgreSQL runs before its type changes).
  bool column_checked(const ddl::QualifiedName& table, const std::string& column,
                      const std::vector<std::string>& dropping = {}) const;

  // Domains made in the run with a CHECK or NOT NULL: a column added of
  // one is checked row by row, which rewrites the table (PostgreSQL's
  // ATExecAddColumn, default or not). DROP DOMAIN forgets it; one made
  // again without constraints is not one.
  void domain_created(const ddl::QualifiedName& name, bool constrained, const Origin& origin);
  void domain_dropped(const ddl::QualifiedName& name);
  // Where the constrained domain of that name was made, or nullptr.
  const Origin* constrained_domain(const ddl::QualifiedName& name) const;

  // Functions: the latest created under a name (a call names no schema
  // here: the name alone matches).
  void function_created(const ddl::QualifiedName& name, ddl::Volatility volatility, bool declared, const Origin& origin);
  const Function* function(std::string_view name) const;

  // NOT VALID constraints added in the transaction running now, whether
  // each is a foreign key (its ADD takes SHARE ROW EXCLUSIVE, a CHECK's ACCESS EXCLUSIVE).
  void not_valid_added(const ddl::QualifiedName& table, const std::string& constraint, bool foreign_key);
  // nullopt: not added NOT VALID in this transaction; else whether it is a foreign key.
  std::optional<bool> not_valid_in_this_transaction(const ddl::QualifiedName& table,
                                                    const std::string& constraint) const;
  void transaction_ended();

 private:
  // What the run knew of a table of that name, but its CHECKs (table_created's).
  void forget_table(const ddl::QualifiedName& name);

  struct KnownConstraint {
    ddl::QualifiedName table;
    std::string constraint;
    std::string column;
  };
  struct Index {
    ddl::QualifiedName index;
    ddl::QualifiedName table;
  };
  struct TableColumn {
    ddl::QualifiedName table;
    std::string column;
  };

  std::vector<NewTable> new_tables_;
  std::vector<ddl::QualifiedName> partitioned_;
  std::vector<ddl::QualifiedName> plain_tables_;
  std::optional<std::vector<ddl::QualifiedName>> relations_before_;
  bool index_names_known_ = true;
  std::vector<TableRename> table_renames_;
  std::vector<ColumnRename> column_renames_;
  using ColumnType = LintSettings::ColumnType;  // the database's are given as these
  std::vector<ColumnType> column_types_;       // the latest last
  std::vector<Index> indexes_;
  std::vector<Function> functions_;
  struct Domain {
    ddl::QualifiedName name;
    Origin origin;
  };
  std::vector<Domain> constrained_domains_;
  std::vector<KnownConstraint> constraints_;  // column empty: not a CHECK (column IS NOT NULL)
  std::vector<TableColumn> proven_not_null_;
  struct CheckExpression {
    ddl::QualifiedName table;
    std::string name;
    std::vector<std::string> columns;
    bool validated = true;
    // Whether DROP or VALIDATE CONSTRAINT `constraint` is of this one.
    bool named(const std::string& constraint) const;
  };
  std::vector<CheckExpression> checks_;
  // VALIDATE CONSTRAINT of a constraint the run never saw (added before it),
  // whose expression is unknown: see not_null_proven.
  std::vector<KnownConstraint> validated_elsewhere_;
  bool constraints_known_ = false;
  struct NotValid {
    ddl::QualifiedName table;
    std::string constraint;
    bool foreign_key = false;
  };
  std::vector<NotValid> not_valid_now_;
};

}  // namespace pgapply::lint
