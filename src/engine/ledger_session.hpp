#pragma once

#include <atomic>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/context.hpp"
#include "engine/ledger.hpp"
#include "engine/migration_lock.hpp"
#include "engine/run_output.hpp"
#include "engine/session_reset.hpp"
#include "pg/signal_cancel.hpp"
#include "settings/connect.hpp"

namespace pgapply::engine {

enum class LedgerAccess {
  read,    // status, verify, preflight, dry runs: no lock, nothing created
  change,  // up, down, repair, a recording baseline: the lock (the operation creates or
           // upgrades the ledger, Ledger::ensure_current, once nothing can fail before it writes:
           // after --backup, say, so that a failed backup leaves the database untouched)
};

// What a session says once connected: the "Connected to ..." line (as
// progress: the first line of every command that reads the ledger, which
// says where its settings came from), or nothing (a dry run, whose standard
// output is its psql script).
enum class Announce { connection, nothing };

// LedgerAccess::change: the migration lock taken as the session starts, or
// only when take_lock() is called (up, which first looks whether anything
// is pending at all).
enum class LockAt { start, when_taken };

// The connections of a LedgerSession, begun before the project is read
// (connect_early): through latency, connecting (TCP, TLS, authentication:
// several round trips each) is then spent while the files are read and
// checked (not with --connect-retries, whose retries the session makes and
// says as they happen). Destroyed unused (the project did not load), what
// still connects is given up at once.
class EarlyConnections {
 public:
  EarlyConnections() = default;
  EarlyConnections(EarlyConnections&&) = default;
  EarlyConnections& operator=(EarlyConnections&&) = default;
  ~EarlyConnections();

 private:
  friend EarlyConnections connect_early(const Context& context, LedgerAccess access);
  friend class LedgerSession;
  std::shared_ptr<std::atomic<bool>> abandon_;
  std::future<settings::Connected> main_;
  std::future<settings::Connected> lock_;  // LedgerAccess::change
};

EarlyConnections connect_early(const Context& context, LedgerAccess access);

// A connection with its session prepared and the ledger's name resolved;
// for commands that change anything, the migration lock held (on a
// connection of its own, from the start or from take_lock()) and the ledger
// made current.
class LedgerSession {
 public:
  LedgerSession(const Context& context, RunOutput& output, LedgerAccess access,
                Announce announce = Announce::connection, LockAt lock_at = LockAt::start,
                EarlyConnections early = {});
  ~LedgerSession();
  LedgerSession(const LedgerSession&) = delete;
  LedgerSession& operator=(const LedgerSession&) = delete;

  pg::Connection& connection() { return connected_.connection; }
  Ledger& ledger() { return ledger_; }
  const settings::Connected& connected() const { return connected_; }
  // The options the session was opened with (for hints, and to connect again).
  const Context& context() const { return context_; }
  // Throws Error(lock) when the migration lock was lost (see MigrationLock).
  void check_lock() {
    if (lock_) lock_->check();
  }
  // The same once the run's last batch was answered (MigrationLock::check_after_run),
  // with the session reset release_lock() makes sent meanwhile: one round trip for both.
  void check_lock_after_run(const std::string& finished);
  // Takes the migration lock (waiting as --lock-wait allows; `output` hears
  // who holds it meanwhile) and the hand-over lock; nothing when held. The
  // reads `along` go with the hand-over lock, in the same round trip, once
  // the migration lock is held: their outcomes, in order.
  std::vector<pg::Connection::Outcome> take_lock(RunOutput& output,
                                                 const std::vector<pg::Connection::Query>& along = {});
  // Sends the migration lock's first attempt (a try, which never waits) on
  // its connection, to be answered while the migrations' connection reads
  // the ledger: take_lock() then reads the answer instead of sending it
  // (through latency, one round trip less), if the lock was taken (else it
  // tries again at once: the holder may be gone). For a run that will take
  // the lock whatever the ledger says (up's first run): a run with nothing
  // to apply takes no lock. Nothing when the lock is held or the attempt is
  // sent already.
  void begin_lock_attempt();
  // The session found no relation of the ledger's (unqualified) name on the
  // search path: a first run, which will take the lock whatever the files.
  bool ledger_known_absent() const { return !ledger_.name().schema_given && !facts_.ledger_schema; }
  // It found one: its rows can be read with its shape (Ledger::rows_with_shape).
  bool ledger_known_present() const { return !ledger_.name().schema_given && facts_.ledger_schema.has_value(); }
  // Lets another run go on (what follows only reads): the migrations
  // session's hand-over lock first, then the migration lock, so that the
  // next run never finds this one's hand-over lock held (MigrationLock::handover_keys).
  // The migrations session is reset with it (reset_session_now), as clean for
  // what reads through it after the run as before the first file.
  void release_lock();
  // "Connected to user@host:port/db (PostgreSQL 15.4; settings from ...); ledger public.x"
  std::string describe();
  // What the migrations session runs now (MigrationLock::migrations_activity);
  // empty without the lock.
  ServerActivity migrations_activity() noexcept {
    return lock_ ? lock_->migrations_activity(backend_pid_) : ServerActivity();
  }
  // The ledger's rows read on a new connection (the session's was lost
  // during a run); nothing when the server cannot be reached either.
  std::optional<std::vector<migrate::LedgerRow>> rows_on_new_connection() noexcept;

 private:
  // The lock's connection, live: the one made beside the migrations' one,
  // else (it failed, or its session ended since) made now.
  settings::Connected lock_connection_made();
  // The lock connection's application_name, which names the migrations' session.
  std::string lock_application_name() const;

  struct LockAttempt;

  Context context_;
  // LedgerAccess::change: the migration lock's connection, being made while
  // the migrations' one is (initialised before it).
  std::future<settings::Connected> lock_connecting_;
  SessionFacts facts_;  // read with the session's settings (before connected_ is made)
  settings::Connected connected_;
  // Its backend's pid (libpq forgets it once the connection is lost).
  int backend_pid_ = 0;
  Ledger ledger_;
  std::unique_ptr<MigrationLock> lock_;
  std::unique_ptr<LockAttempt> lock_attempt_;  // begin_lock_attempt() until take_lock()
  // A signal cancels what the session runs (the ledger read while another
  // session locks it, the catalog's reads), not only the migrations.
  std::unique_ptr<pg::CancelOnSignal> cancel_on_signal_;
  bool session_reset_ = false;  // by check_lock_after_run: release_lock() need not again
  // The migrations session can take the session reset: connected, no transaction open.
  bool idle() const {
    return connected_.connection.is_ok() && connected_.connection.transaction_status() == pg::TransactionStatus::idle;
  }
};

}  // namespace pgapply::engine
