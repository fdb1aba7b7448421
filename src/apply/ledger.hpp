#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/ledger_row.hpp"
#include "pg/connection.hpp"

namespace pgapply::apply {

// The ledger table's name: [schema.]table as given, the schema filled in from
// the connection's current schema before use.
struct LedgerName {
  std::string schema;  // empty until resolved
  std::string table;

  std::string quoted() const;          // "schema"."table"
  std::string quoted_history() const;  // "schema"."table_history"
  std::string shown() const;           // schema.table
};

// Parses --ledger. Throws Error(usage) for an empty part.
LedgerName parse_ledger_name(const std::string& text);

// Fills in the schema: the current schema of the connection (search_path).
// Throws Error(usage) when there is none.
LedgerName resolve_ledger_name(pg::Connection& connection, LedgerName name);

// Reads and writes the ledger. Values always travel as query parameters.
class Ledger {
 public:
  Ledger(pg::Connection& connection, LedgerName name);

  const LedgerName& name() const { return name_; }
  bool exists();
  // Creates the tables (and schema) if missing; run under the migration lock.
  void create();
  // Every row, in version order; none when the ledger does not exist.
  std::vector<migrate::LedgerRow> rows();

  struct Entry {
    std::string version;
    std::string name;
    std::string file_name;
    std::string checksum;
    int statements = 0;
    bool transactional = true;
    std::string method = "up";
  };
  // A migration ran to its end (or is recorded as if it had: baseline, repair).
  void record_applied(const Entry& entry, std::optional<long long> duration_ms);
  // A non-transactional migration: started, `done` statements committed,
  // failed after `done` statements, finished.
  void record_started(const Entry& entry);
  void record_progress(const std::string& version, std::size_t done);
  void record_failed(const std::string& version, std::size_t done, const std::string& error,
                     long long duration_ms);
  void record_finished(const std::string& version, long long duration_ms);
  void remove(const std::string& version);
  // An event for the history table: applied, failed, rolled_back, baseline, repair...
  void record_event(const std::string& version, const std::string& event, const std::string& checksum,
                    const std::string& reason);

 private:
  std::string sql(const char* file) const;

  pg::Connection& connection_;
  LedgerName name_;
};

// "user@host" of the machine running pgapply, for the ledger's client column.
std::string client_identity();

}  // namespace pgapply::apply
