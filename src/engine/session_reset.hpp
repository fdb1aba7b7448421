#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/sql_template.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// A printed script's hold of the migration lock on its own session
// (MigrationLock::printed_take), taken back where something let it go.
struct PrintedLockRetake {
  SqlCall after_reset;  // every advisory lock let go, then it taken back: the end of each reset
  SqlCall again;        // it taken back alone: after a file's own unlock, RESET ALL or DISCARD ALL
};

// Session settings pgapply runs migrations with.
struct SessionSettings {
  std::optional<std::string> lock_timeout;       // e.g. "5s": fail fast behind a long transaction
  std::optional<std::string> statement_timeout;  // e.g. "10min"
  // Live runs holding the migration lock: the hand-over lock's keys
  // (MigrationLock::handover_keys), taken shared again after each reset.
  std::optional<std::pair<int, int>> handover_lock;
  // A printed script that holds the migration lock on its own session
  // (MigrationLock::printed_retake).
  std::optional<PrintedLockRetake> printed_lock_retake;
  // A printed script whose ledger is named without its schema (--dry-run
  // --offline): the psql variable holding the schema the script's session
  // finds it in (current_schema() at its start), which the search_path of
  // the ledger's writes must name after pg_catalog ("": none needed).
  std::string ledger_schema_variable;
};

// The lock_timeout pgapply sets (--lock-timeout), 0 when none: how long a
// session in the way has held its lock at least (find_lock_blockers).
std::chrono::milliseconds lock_timeout_limit(const SessionSettings& settings);

// What a run needs to know of its session before it reads the ledger.
struct SessionFacts {
  std::optional<std::string> current_schema;  // nullopt: search_path names no schema that exists
  bool standby = false;                       // in recovery
  bool read_only = false;                     // default_transaction_read_only is on
  // Where PostgreSQL's own lookup of the ledger's unqualified name finds a
  // table through search_path (prepare_session's `ledger_table`), if it does.
  std::optional<std::string> ledger_schema;
};

// Applies them, and makes the server end a migration's backend soon after
// pgapply dies (client_connection_check_interval, PostgreSQL 14+), so that a
// killed run's transaction rolls back at once; and reads the session's facts
// in the same round trip (through 20 ms of latency, each one a run saves is
// 40 ms). Throws pg::ServerError when a setting is refused.
SessionFacts prepare_session(pg::Connection& connection, const SessionSettings& settings,
                             const std::string& ledger_table = "");

// What undoes everything a file may have done to its session, so that the
// next file starts as if it ran in its own `psql -f`: DISCARD ALL's effects
// (cursors, SET SESSION AUTHORIZATION and SET ROLE, settings, prepared
// statements, LISTEN, advisory locks, cached plans, temporary tables,
// sequence state), as statements that may run inside a batch (DISCARD ALL
// itself may not), then pgapply's own settings again. The migration lock is
// held on a connection of its own, which this does not touch.
// `stored_settings`: the settings ALTER DATABASE and ALTER ROLE ... SET
// store for the database and the session's user applied again after RESET
// ALL (sql/stored_settings_apply.sql), as a new session would start with
// them after a file that may have changed them.
std::vector<SqlCall> session_reset(const SessionSettings& settings, int server_version, bool stored_settings = false);

// session_reset run now on `connection` (idle), in one round trip: after a
// run, before what reads the schema through the same session (a last file's
// SET ROLE or search_path must not change what it sees). Without the
// hand-over lock: nothing is committed after it.
void reset_session_now(pg::Connection& connection, SessionSettings settings);
// The same, with `meanwhile` run while the server resets the session (what
// it throws is thrown once the reset is answered): a check on another
// connection costs no round trip of its own.
void reset_session_while(pg::Connection& connection, SessionSettings settings, const std::function<void()>& meanwhile);

// The advisory lock the session keeps across files, taken again (nullopt:
// none): live, the hand-over lock; a printed script, the migration lock
// (SessionSettings::printed_lock_retake). `unlock_all_first`: every
// session-level advisory lock let go before, in the same statement.
std::optional<SqlCall> kept_lock(const SessionSettings& settings, bool unlock_all_first);

// Takes the hand-over lock (MigrationLock::handover_keys) for the session, shared.
// `unlock_all_first`: every session-level advisory lock let go before, in
// the same statement (the session reset's end).
SqlCall take_handover_lock(const std::pair<int, int>& keys, bool unlock_all_first = false);

// pgapply's own settings and the hand-over lock, set again: the end of
// session_reset, the start of a printed script (what prepare_session sets
// live), and after a file's own RESET ALL or DISCARD ALL, which clear them.
std::vector<SqlCall> own_session_settings(const SessionSettings& settings, int server_version);

// The settings of pgapply's writes to the ledger after a file's statements,
// for the transaction (SET LOCAL): a search_path with pg_catalog first (a
// file's schema before it could give the ledger's `=` another meaning; the
// ledger's tables are named with their schema, or through
// `ledger_schema_variable`), and pgapply's own statement_timeout and
// lock_timeout (a file's SET statement_timeout = 1 must not cancel them),
// or the server's defaults where pgapply sets none.
std::vector<SqlCall> ledger_write_settings(const SessionSettings& settings);

// What a file's run needs of pgapply's own session (run_file).
struct OwnSession {
  std::vector<SqlCall> settings;       // own_session_settings: again after the file's RESET ALL
  std::vector<SqlCall> ledger_settings;  // ledger_write_settings
  // Live: the hand-over lock's keys, taken for the file's transaction too
  // (LedgerProtocol::start_clock).
  std::optional<std::pair<int, int>> handover_lock;
  // kept_lock(settings, false): taken back after a file's own advisory unlock.
  std::optional<SqlCall> lock_again;
};
OwnSession own_session(const SessionSettings& settings, int server_version);

}  // namespace pgapply::engine
