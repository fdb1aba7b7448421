#pragma once

// What lint knows from the statements before the one it checks, across the
// files of one run (the migrations linted together are treated as one run
// of pending migrations, applied in order):
//
// - tables created in the run are new: nobody else uses them yet, so
//   locking or rewriting them hurts no one, and while nothing was inserted
//   they are empty. Only an unconditional CREATE TABLE without IF NOT EXISTS
//   counts: with IF NOT EXISTS, or inside a DO block's IF, the table may
//   already exist with rows;
// - columns and tables renamed in the run, so that a later use of the old
//   name is reported;
// - indexes created in the run, to know the table of a later DROP INDEX;
// - CHECK (column IS NOT NULL) constraints validated in the run, which let
//   PostgreSQL 12+ SET NOT NULL without a scan;
// - the NOT VALID constraints added in the current transaction.
//
// Names compare as folded; a name written without its schema matches the
// same name in any schema (search_path is not followed).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ddl/qualified_name.hpp"

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

  // Tables.
  const NewTable* new_table(const ddl::QualifiedName& name) const;
  void table_created(const ddl::QualifiedName& name, bool empty);
  void table_filled(const ddl::QualifiedName& name);
  void table_dropped(const ddl::QualifiedName& name);
  void table_renamed(const ddl::QualifiedName& from, const std::string& to, const Origin& origin);
  // The rename that took this name away, if it was not created again since.
  const TableRename* renamed_table(const ddl::QualifiedName& name) const;

  // Columns.
  void column_renamed(const ddl::QualifiedName& table, const std::string& from, const std::string& to,
                      const Origin& origin);
  void column_added(const ddl::QualifiedName& table, const std::string& name);
  const ColumnRename* renamed_column(const ddl::QualifiedName& table, const std::string& name) const;

  // Indexes.
  void index_created(const ddl::QualifiedName& index, const ddl::QualifiedName& table);
  std::optional<ddl::QualifiedName> table_of_index(const ddl::QualifiedName& index) const;

  // CHECK (column IS NOT NULL) constraints, for SET NOT NULL.
  void not_null_check_added(const ddl::QualifiedName& table, const std::string& constraint, const std::string& column,
                            bool validated);
  void constraint_validated(const ddl::QualifiedName& table, const std::string& constraint);
  bool not_null_proven(const ddl::QualifiedName& table, const std::string& column) const;

  // NOT VALID constraints added in the transaction running now.
  void not_valid_added(const ddl::QualifiedName& table, const std::string& constraint);
  bool not_valid_in_this_transaction(const ddl::QualifiedName& table, const std::string& constraint) const;
  void transaction_ended();

 private:
  struct NotNullCheck {
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
  std::vector<TableRename> table_renames_;
  std::vector<ColumnRename> column_renames_;
  std::vector<Index> indexes_;
  std::vector<NotNullCheck> pending_not_null_;
  std::vector<TableColumn> proven_not_null_;
  // VALIDATE CONSTRAINT of a constraint added before the run: its table may have a NOT NULL proof.
  std::vector<ddl::QualifiedName> validated_elsewhere_;
  std::vector<std::pair<ddl::QualifiedName, std::string>> not_valid_now_;
};

}  // namespace pgapply::lint
