#pragma once

// The ledger protocol: every statement pgapply runs to read and write its
// ledger (sql/ledger_*.sql), with its parameters. One protocol for both
// sinks: a live connection runs these calls (values as parameters, or as
// literals inside a statement batch), a dry-run script prints them. Values
// always travel as parameters or quoted literals, never spliced.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/sql_template.hpp"
#include "migrate/companion_row.hpp"
#include "migrate/foreign_ledger.hpp"

namespace pgapply::engine {

// What pgapply keeps in step with its own ledger (--ledger-format): nothing,
// or another tool's ledger, its companion, so that the tool sees what pgapply
// applied: the Supabase CLI's supabase_migrations.schema_migrations, dbmate's
// or golang-migrate's schema_migrations (in the current schema, as those
// tools keep it).
enum class LedgerFormat { pgapply, supabase, dbmate, golang_migrate };

// "pgapply", "supabase", "dbmate", "golang-migrate" (as --ledger-format names them).
std::string_view to_string(LedgerFormat format);
std::optional<LedgerFormat> parse_ledger_format(std::string_view text);
// The tool whose ledger the format keeps (nullopt: pgapply's alone).
std::optional<migrate::ForeignTool> companion_tool(LedgerFormat format);
// The version that tool keeps for the migration file `file_name` (a ledger
// row's: down and repair remove its row with pgapply's); nullopt for none.
std::optional<std::string> companion_version(LedgerFormat format, std::string_view file_name);

// The ledger table's name: [schema.]table as given, the schema filled in from
// the connection's current schema before use.
struct LedgerName {
  std::string schema;  // empty until resolved (and in offline dry runs)
  std::string table;
  bool schema_given = false;  // named in --ledger (and so perhaps still to be created)
  LedgerFormat format = LedgerFormat::pgapply;  // --ledger-format: what else is written with it
  // dbmate, golang-migrate: the connection's current schema, where those tools
  // keep schema_migrations (empty until resolved, and in offline dry runs).
  std::string companion_schema;

  std::string quoted() const;          // "schema"."table"
  std::string quoted_history() const;  // "schema"."table_history"
  std::string shown() const;           // schema.table
  // The companion's table, quoted ("" for pgapply's format).
  std::string quoted_companion() const;
  // The companion's schema, unquoted (supabase_migrations, or companion_schema).
  std::string companion_schema_name() const;
};

// What the ledger records about a migration.
struct LedgerEntry {
  std::string version;  // canonical
  std::string name;
  std::string file_name;
  std::string checksum;
  std::size_t statements = 0;
  bool transactional = true;
  std::string method = "up";  // up, baseline or repair
  std::optional<std::string> source;      // baseline --from: the other tool
  std::optional<std::string> applied_at;  // baseline --from: when the other tool applied it
  std::optional<std::string> applied_by;
  // The history event: "" for the usual (applied, baseline...); a repair names itself.
  std::string event;
  std::optional<std::string> reason;  // why, for the history
  // --ledger-format supabase, dbmate, golang-migrate: the tool's row for it
  // (load_project makes it); a migration without one is an error there.
  std::optional<migrate::CompanionRow> companion;
  // What the tool applied (its row in the companion says so): recorded in
  // pgapply's ledger only. Written again, golang-migrate's one row would
  // lose a higher dirty version, the Supabase CLI's its stored statements.
  bool companion_has_it = false;
  // The ledger has no row of this version (up knows it, under the migration
  // lock): LedgerProtocol::applied inserts it without an upsert.
  bool new_row = false;
  // Recorded in the transaction pgapply began for the file: the record fails
  // if the file ended that transaction itself (sql/ledger_insert.sql).
  bool in_file_transaction = false;
  // A printed script's record (up --dry-run), which may run long after it
  // was printed: the command that prints it again. Set, the file's run first
  // checks that the ledger holds of it what it held then (still_pending):
  // `printed_state` "" for no row, else the row's state and checksum;
  // nullopt offline (unknown: then only that it is not applied as it is).
  std::string reprint_command;
  std::optional<std::string> printed_state;
  std::string printed_checksum;
};

class LedgerProtocol {
 public:
  explicit LedgerProtocol(LedgerName name) : name_(std::move(name)) {}
  const LedgerName& name() const { return name_; }

  std::vector<SqlCall> create() const;  // schema and tables, if missing
  // The companion's table, as its tool creates it (nullopt for pgapply's format).
  std::optional<SqlCall> companion_create() const;
  // The Supabase CLI's table as an old CLI made it brought up to the columns
  // it has now (supabase_upgrade.sql; nullopt for other formats).
  std::optional<SqlCall> companion_upgrade() const;
  // Format 1 -> 2 and format 2 -> 3 (several statements each: not for batches).
  SqlCall upgrade_from_1() const;
  SqlCall upgrade_from_2() const;
  SqlCall shape() const;
  SqlCall rows() const;
  // The history's events, newest first: $1 one version's only (NULL: all),
  // $2 the last N (NULL: all).
  SqlCall history_rows(const SqlParam& version, const SqlParam& limit) const;
  // Whether pgapply ever recorded a migration here (a row: "recorded").
  SqlCall history_recorded() const;
  // The versions pgapply took back last (rolled back, or marked pending).
  SqlCall history_taken_back() const;
  // The versions its history records but the ledger has no row of (deleted outside pgapply).
  SqlCall history_rows_deleted() const;

  // A migration ran to its end, or is recorded as if it had (baseline,
  // repair): its row and its history event. The first statement returns the
  // duration the server measured since pgapply.started (start_clock; NULL
  // when unset: baseline, repair). An entry with new_row (up, where the
  // ledger has no row of its version) is a plain INSERT and the event's:
  // cheaper for the server to plan than the upsert that replaces a failed
  // run's row (sql/ledger_record.sql), which up pays per file.
  std::vector<SqlCall> applied(const LedgerEntry& entry) const;
  // Marks the start of a file's transaction for that duration (returns it).
  // Not now(): the transactions of one batch, one simple query, all start
  // when the query arrives.
  // Live (`handover`: MigrationLock::handover_keys), it also takes the
  // hand-over lock for the transaction: the file's own pg_advisory_unlock_all
  // lets the session's go, never this one, held until the file commits.
  static SqlCall start_clock(const std::optional<std::pair<int, int>>& handover = std::nullopt);
  // Sets it again to `started` (what start_clock returned) after the file's
  // RESET ALL cleared it.
  static SqlCall restart_clock(const SqlParam& started);

  // A statement-by-statement file may change its session for its next
  // statements (SET ROLE, SET SESSION AUTHORIZATION, SET
  // default_transaction_read_only = on, SET search_path) as psql keeps it;
  // the ledger is written all the same as the user pgapply connected as,
  // read-write, with pg_catalog's operators and functions and within
  // pgapply's own time limits (`settings`: ledger_write_settings, the
  // search_path and the timeouts, SET LOCAL): `writes` in a transaction of
  // their own (BEGIN READ WRITE, as_connecting_role(), SET LOCAL
  // client_encoding = 'UTF8' (a file's LATIN1 would misread the UTF-8
  // pgapply sends), `settings`, `writes`, COMMIT), or, `in_transaction` (the
  // file's own, or pgapply's around one statement), after the SET LOCALs.
  // SET LOCAL ends with that transaction: the file's next statement finds
  // the session as the file left it. No writes (exec records nothing):
  // nothing.
  static std::vector<SqlCall> as_connecting_user(std::vector<SqlCall> writes, bool in_transaction,
                                                 const std::vector<SqlCall>& settings);
  // SET LOCAL SESSION AUTHORIZATION DEFAULT and SET LOCAL role TO DEFAULT:
  // in the file's transaction before its record, even in a file that sets no
  // role where pgapply can see it (a trigger's SET ROLE), so the record is
  // always written, and applied_by named, as the role pgapply connected as.
  static std::vector<SqlCall> as_connecting_role();
  // A printed script's check before a file runs: fails, naming the file,
  // what the ledger holds of it now and entry.reprint_command, when that is
  // not what it held when the script was printed (sql/ledger_still_pending.sql).
  SqlCall still_pending(const LedgerEntry& entry) const;
  // A migration outside a transaction: started; about to send statement
  // `statement` that may take effect even if pgapply dies; `done` statements
  // committed; failed after `done` statements; finished.
  SqlCall started(const LedgerEntry& entry) const;
  SqlCall running(const std::string& version, std::size_t statement) const;
  SqlCall progress(const std::string& version, std::size_t done) const;
  SqlCall failed(const std::string& version, std::size_t done, const SqlParam& error) const;
  SqlCall finished(const LedgerEntry& entry) const;
  // Rolling a migration back outside a transaction (its down file
  // `down_file` of `statements` statements): `done` statements committed,
  // statement `running` sent and not answered (0: none), `why` it stopped
  // (nullopt: it has not). The row stays applied, its error saying what of
  // the rollback took effect, until the rollback ends (removed()) or repair
  // settles it; once it stopped, with the rollback-failed event.
  // `mark_dirty` (its first call): golang-migrate's version of the
  // migration, its row set dirty there (--ledger-format golang-migrate).
  SqlCall rolling_back(const std::string& version, std::size_t done, std::size_t running, const std::string& down_file,
                       std::size_t statements, const SqlParam& why,
                       const std::optional<std::string>& mark_dirty = std::nullopt) const;
  // repair --clear-failed of a migration that failed (or was interrupted)
  // outside a transaction: up runs it again; what its runs committed is kept.
  SqlCall clear_failed(const std::string& version, const std::string& reason) const;
  // repair --clear-failed of a migration whose rollback stopped part way: applied, as before it.
  SqlCall rollback_settled(const std::string& version) const;
  // The row goes, the event stays: rolled back by down, or forgotten by repair.
  // `companion_version`: its version in the companion (migrate::companion_version), whose row goes
  // too; golang-migrate's one row is set to the highest version still applied, whatever it is.
  SqlCall removed(const std::string& version, const std::string& event, const SqlParam& reason = std::nullopt,
                  const std::optional<std::string>& companion_version = std::nullopt) const;
  // repair --accept-checksum: the file as it is now (an edit, or a rename and an edit).
  SqlCall set_checksum(const std::string& version, const std::string& checksum, const std::string& name,
                       const std::string& file_name) const;
  // An event in the history table alone: a transactional file that failed
  // (after its rollback), a repair...
  SqlCall event(const std::string& version, const std::string& event, const std::string& checksum,
                const SqlParam& reason) const;

 private:
  std::string sql(const char* file, const std::string& companion = "") const;
  // sql/<tool>_<what>.sql, the companion's part of a statement (WITH items),
  // with those of `values` it names appended to `params`; "" for pgapply's format.
  std::string companion(std::string_view what, const std::vector<std::pair<std::string, SqlParam>>& values,
                        std::vector<SqlParam>& params) const;
  // The companion's row of `entry`.
  std::string companion_record(const LedgerEntry& entry, std::vector<SqlParam>& params) const;
  LedgerName name_;
};

}  // namespace pgapply::engine
