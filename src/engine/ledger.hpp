#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/sql_template.hpp"
#include "migrate/ledger_row.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// The ledger table's name: [schema.]table as given, the schema filled in from
// the connection's current schema before use.
struct LedgerName {
  std::string schema;  // empty until resolved (and in offline dry runs)
  std::string table;
  bool schema_given = false;  // named in --ledger (and so perhaps still to be created)

  std::string quoted() const;          // "schema"."table"
  std::string quoted_history() const;  // "schema"."table_history"
  std::string shown() const;           // schema.table
};

// Parses --ledger. Throws Error(usage) for an empty part.
LedgerName parse_ledger_name(const std::string& text);

// Fills in the schema: the current schema of the connection (search_path).
// Throws Error(usage) when there is none.
LedgerName resolve_ledger_name(pg::Connection& connection, LedgerName name);

// What the ledger records about a migration.
struct LedgerEntry {
  std::string version;
  std::string name;
  std::string file_name;
  std::string checksum;
  int statements = 0;
  bool transactional = true;
  std::string method = "up";  // up, baseline or repair
};

struct MigrationScript;

// The ledger's entry for a migration file, recorded by `method`.
LedgerEntry ledger_entry(const MigrationScript& script, const std::string& method = "up");

// The statements that read and write the ledger, with their parameters (values
// always travel as parameters). Run by Ledger; printed by dry runs.
class LedgerStatements {
 public:
  explicit LedgerStatements(LedgerName name) : name_(std::move(name)) {}
  const LedgerName& name() const { return name_; }

  std::vector<SqlCall> create() const;  // schema and tables, if missing
  SqlCall exists() const;
  SqlCall rows() const;
  // A migration ran to its end (or is recorded as if it had: baseline, repair),
  // with its history event.
  std::vector<SqlCall> applied(const LedgerEntry& entry, std::optional<long long> duration_ms) const;
  // A migration outside a transaction: started, `done` statements committed,
  // failed after `done` statements, finished (with its history event).
  SqlCall started(const LedgerEntry& entry) const;
  SqlCall progress(const std::string& version, std::size_t done) const;
  std::vector<SqlCall> failed(const std::string& version, std::size_t done, const std::string& error,
                              long long duration_ms) const;
  std::vector<SqlCall> finished(const LedgerEntry& entry, std::optional<long long> duration_ms) const;
  SqlCall remove(const std::string& version) const;
  SqlCall set_checksum(const std::string& version, const std::string& checksum) const;
  // An event in the history table: applied, failed, rolled_back, baseline, repair...
  SqlCall event(const std::string& version, const std::string& event, const std::string& checksum,
                const std::string& reason) const;

 private:
  std::string sql(const char* file) const;
  LedgerName name_;
};

// Reads and writes the ledger on a connection.
class Ledger {
 public:
  Ledger(pg::Connection& connection, LedgerName name) : connection_(connection), statements_(std::move(name)) {}

  const LedgerName& name() const { return statements_.name(); }
  const LedgerStatements& statements() const { return statements_; }
  bool exists();
  // Creates the tables (and the schema named in --ledger) unless the ledger
  // exists: an existing ledger needs no CREATE privilege. Run under the
  // migration lock.
  void ensure_exists() {
    if (!exists()) run(statements_.create());
  }
  // Every row, in version order; none when the ledger does not exist.
  std::vector<migrate::LedgerRow> rows();

  void run(const SqlCall& call);
  void run(const std::vector<SqlCall>& calls);

 private:
  pg::Connection& connection_;
  LedgerStatements statements_;
};

// "user@host" of the machine running pgapply, for the ledger's client column.
std::string client_identity();

}  // namespace pgapply::engine
