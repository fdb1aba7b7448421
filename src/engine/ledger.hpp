#pragma once

// The ledger on a connection: its name, its shape (a pgapply ledger of some
// format, or a table that something else made), reading its rows, and
// running the protocol's statements (engine/ledger_protocol.hpp).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/sql_template.hpp"
#include "engine/ledger_protocol.hpp"
#include "migrate/ledger_row.hpp"
#include "migrate/plan.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// Parses --ledger. Throws Error(usage) for an empty part, or a name whose
// history table (<name>_history) PostgreSQL would truncate (over 63 bytes).
LedgerName parse_ledger_name(const std::string& text, LedgerFormat format = LedgerFormat::pgapply);

// Fills in the schema: where search_path finds a table of that name
// (`found_schema`: SessionFacts::ledger_schema), else the connection's
// current schema (SessionFacts::current_schema), where a new ledger goes.
// Throws Error(usage) when there is none.
LedgerName resolve_ledger_name(LedgerName name, const std::optional<std::string>& current_schema,
                               const std::optional<std::string>& found_schema = std::nullopt);

enum class LedgerShape {
  absent,   // nothing of that name
  format1,  // pgapply's first format (version numeric): upgraded under the lock
  format2,  // without earlier_statements_done: upgraded under the lock
  current,  // this pgapply's format
};

// What upgrades a ledger of `shape` to the current format, in one
// transaction (none for a current or absent ledger).
std::vector<SqlCall> upgrade_calls(const LedgerProtocol& protocol, LedgerShape shape);

// A dry run's script: what Ledger::ensure_current does to a ledger of
// `shape` (creates an absent one, upgrades an older format), "" for none.
std::string printed_ensure_current(const LedgerProtocol& protocol, LedgerShape shape);

class Ledger {
 public:
  Ledger(pg::Connection& connection, LedgerName name) : connection_(connection), protocol_(std::move(name)) {}

  const LedgerName& name() const { return protocol_.name(); }
  pg::Connection& connection() { return connection_; }
  const LedgerProtocol& protocol() const { return protocol_; }

  // Throws Error(check) when a relation of the ledger's name is not a pgapply
  // ledger (a view, or a table another tool made), naming what differs.
  // Read from the server, and kept: rows() and ensure_current() use what was
  // read last (a round trip each fewer per run; under the migration lock no
  // other pgapply changes it, and this one knows what it created).
  LedgerShape shape();
  // shape() in two halves, for a read sent with others (exec_together).
  pg::Connection::Query shape_query() const;
  LedgerShape take_shape(const pg::Result& result);
  // The shape read last (nullopt: none, or forgotten).
  std::optional<LedgerShape> known_shape_if_read() const { return known_shape_; }
  bool exists() { return shape() != LedgerShape::absent; }
  // Whether pgapply recorded a migration in this ledger once (sql/history_recorded.sql):
  // an empty ledger is then its own doing (down), not a database another tool migrated.
  bool recorded_once();
  // The versions pgapply recorded once and took back out of this ledger since
  // (sql/history_taken_back.sql), each with a line saying how and when.
  std::map<std::string, std::string> taken_back();
  // The versions whose history says they are recorded (not taken back
  // since) but that have no row here: deleted outside pgapply
  // (sql/history_rows_deleted.sql), each with its event and when
  // ("applied, 2026-12-04T16:20:03Z"). Usually none. The query, to send
  // with others, and its answer read.
  migrate::DeletedRows deleted_rows();
  pg::Connection::Query deleted_rows_query() const;
  static migrate::DeletedRows take_deleted_rows(const pg::Result& result);
  // Creates the tables (and the schema named in --ledger) unless the ledger
  // exists, and upgrades an older format (upgrade_calls): an existing current ledger needs
  // no CREATE privilege. Run under the migration lock.
  // With --ledger-format supabase, dbmate or golang-migrate, creates that tool's
  // table too when missing (find_companion_ledger refuses one of the wrong shape).
  void ensure_current();
  // Every row, ordered by version (numerically, part by part); none when the
  // ledger does not exist. A format-1 ledger reads as well.
  std::vector<migrate::LedgerRow> rows();
  // rows(), the shape read in the same round trip when not known yet: for a
  // ledger known to be there (read as the current format has it; read again
  // alone, should its shape be an older one).
  std::vector<migrate::LedgerRow> rows_with_shape();
  // rows() in two halves: the query for a ledger of `shape` (none when
  // absent), and its answer read (a permission error: Error(check)).
  std::optional<pg::Connection::Query> rows_query(LedgerShape shape) const;
  std::vector<migrate::LedgerRow> take_rows(pg::Connection::Outcome outcome);
  // A query reading the ledger's tables (its history, say): a permission
  // error is Error(check) naming the role, the ledger and the GRANT.
  pg::Result read(std::string_view sql, const std::vector<std::optional<std::string>>& params);

  // Other pgapply ledgers that record applied migrations and may stand for
  // this run's empty one (sql/ledger_elsewhere.sql): of this table name in
  // another schema or in other letter case, or recording files of this
  // directory as they are now (`checksums`: a mistyped --ledger). Empty
  // when there is none or it cannot be read.
  struct Elsewhere {
    std::string shown;
    long long applied = 0;
    long long matching = 0;   // of them, files of this directory (version and checksum as now)
    bool same_name = false;   // this run's table name, in any letter case
    bool same_schema = false; // this run's schema, in any letter case
    bool schema_exists = false;  // this run's schema exists (a mistyped one would be made)
  };
  std::vector<Elsewhere> elsewhere(const migrate::Checksums& checksums);
  // Those of `found` that stand for this run's ledger: of the same name, in
  // another schema when --ledger named none (search_path moved) or in other
  // letter case; of another name (or --ledger naming a schema that does not
  // exist yet), one most of whose rows are this directory's files as they
  // are now. Not a tenant's ledger in a schema of its own, nor another
  // project's that shares a file or two (up and status both ask).
  std::vector<Elsewhere> standing_for_this(std::vector<Elsewhere> found) const;
  pg::Connection::Query elsewhere_query(const migrate::Checksums& checksums) const;
  static std::vector<Elsewhere> take_elsewhere(const pg::Connection::Outcome& outcome);

  // Runs pgapply's statements on the connection, in one round trip each.
  // A permission error names the role, the table and the GRANT it lacks.
  void run(const SqlCall& call);
  void run(const std::vector<SqlCall>& calls);
  // Runs them in one transaction (BEGIN ... COMMIT; ROLLBACK when one fails,
  // unless the connection is lost): all of them are recorded, or none.
  void run_in_transaction(const std::vector<SqlCall>& calls);

 private:
  void ensure_format();  // pgapply's own tables
  // An older format to the current one, in one transaction; Error(check) when
  // the role does not own the ledger, saying what its owner runs.
  void upgrade(LedgerShape shape);
  [[noreturn]] void permission_denied(const std::string& what, const std::string& detail);
  // Error(check) when a relation of the history's name (`kind`, "" for none)
  // is not a table with the columns pgapply writes.
  void check_history_shape(const std::string& kind, const std::map<std::string, std::string>& columns) const;
  LedgerShape known_shape() { return known_shape_ ? *known_shape_ : shape(); }

  pg::Connection& connection_;
  LedgerProtocol protocol_;
  std::optional<LedgerShape> known_shape_;
};

// The GRANTs that let `role` read and write the ledger (its schema, both
// tables, the history's sequence), to run as the ledger's owner.
std::string ledger_grants(const LedgerName& name, const std::string& role);
// The GRANT statements that let `role` write the --ledger-format's table
// (--ledger-format pgapply: "").
std::string companion_grants(const LedgerName& name, const std::string& role);
// The table privileges writing the tool's table takes: SELECT, INSERT,
// DELETE, and UPDATE for the tools whose row is upserted (not dbmate's).
std::vector<std::string> companion_privileges(migrate::ForeignTool tool);

// "user@host" of the machine running pgapply, for the ledger's client column.
// Found once per process (it goes into every ledger write: without $USER,
// a getpwuid per file read /etc/passwd a thousand times for 1,000 files).
const std::string& client_identity();

}  // namespace pgapply::engine
