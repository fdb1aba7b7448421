#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "engine/ledger_protocol.hpp"
#include "engine/run_output.hpp"
#include "engine/session_reset.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// pgapply's session advisory lock on one ledger: two runs against the same
// database and ledger never both apply a migration.
//
// The lock is held on a connection of its own, which runs no migration (it
// only reads what the migrations session does, for the progress line): a
// migration that runs DISCARD ALL, pg_advisory_unlock_all() or
// pg_advisory_unlock(...) on pgapply's keys cannot release it. Should that
// connection end (terminated by an administrator, say), check() notices
// without a round trip and the run stops before recording anything more;
// what a batch already sent records, it records (check_after_run reports it).
// Held until destroyed (or until the session ends, should pgapply die).
// The lock's session ended before a batch was sent (MigrationLock::check):
// exit 7, as for a lost connection; the run loop says what was applied.
class LockLost : public Error {
 public:
  explicit LockLost(const std::string& message) : Error(ErrorKind::connection_lost, message) {}
};

class MigrationLock {
 public:
  // Takes the lock on `connection`, waiting up to `wait`. While it waits,
  // `on_waiting` hears who holds it (pid, application, user, client, since
  // when, the query with its literals masked), once, and again when the
  // holder changes. Throws Error(lock) naming the holder when the time is up.
  // `status_command` is the pgapply status the message for a lost lock
  // names (with the run's options, engine/command_hint). `application_name`
  // is set on the connection in the round trip of the first attempt: it
  // names the migrations' session, which a run waiting for the lock shows
  // (sql/lock_holders.sql), and that session's pid is known only once both
  // connections are made, side by side.
  // `first_answer`: the answer to first_attempt(), sent ahead on `connection`
  // (LedgerSession::begin_lock_attempt), which then is not sent again.
  MigrationLock(pg::Connection connection, const LedgerName& ledger, std::chrono::milliseconds wait,
                const std::function<void(const std::string& holder)>& on_waiting, std::string status_command,
                const std::string& application_name, std::optional<pg::Result> first_answer = std::nullopt);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

  // Throws Error(connection_lost) when the lock's connection is gone:
  // before a batch is sent, without a round trip (the run stops before
  // recording anything more).
  void check();
  // The same once the run's last batch was answered (`finished`: what the
  // run did, "2 migrations applied, the last 002_b.sql"). The lock's session
  // is asked (one round trip): a statement of that batch may just have ended
  // it (pg_terminate_backend), and the server may not have closed its socket yet.
  void check_after_run(const std::string& finished);

  // What the migrations session `pid` is running, asked on the lock's
  // connection while pgapply waits for a batch's answer; empty when it runs
  // nothing or cannot be asked.
  ServerActivity migrations_activity(int pid) noexcept;

  // The lock's two int4 keys (pg_locks.classid and objid), from the ledger's
  // name exactly as PostgreSQL stores it.
  static std::pair<int, int> keys(const LedgerName& ledger);

  // The hand-over lock: a run's migrations session holds it shared (taken
  // again after each file's session reset, which releases advisory locks).
  // The lock session of a run killed by kill -9 ends at once, but its
  // migrations session may still be finishing a batch that will commit;
  // the next holder of the migration lock therefore takes this one
  // exclusively (and lets it go) before it reads the ledger, so that it
  // waits for that session to end.
  static std::pair<int, int> handover_keys(const LedgerName& ledger);

  // The first attempt at the lock, as statements of one query: the
  // connection named `application_name`, then the attempt (sql/lock_take.sql),
  // whose answer is the last statement's. A try: it never waits.
  static std::vector<std::string> first_attempt(const LedgerName& ledger, const std::string& application_name);

  // The run that holds the migration lock on `ledger` now: as a run waiting
  // for it describes it ("pid 123 (pgapply ...), user u from ...; its
  // migrations run on pid 124 (migrations/002_b.sql), ..."; "" when none),
  // and the file its migrations session runs (as its application_name
  // names it; "" when none: a down, a repair, between two files).
  struct Holder {
    std::string described;
    std::string running_file;
  };
  static Holder held_by(pg::Connection& connection, const LedgerName& ledger);

  // A printed script's hold of the lock (up --dry-run, down --dry-run), as
  // its first statements: a comment, then the attempt (sql/printed_lock_take.sql),
  // which fails the script at once, naming the pids that hold it and
  // `reprint_command` (if any), when another run does. Held until the script's
  // session ends, or printed_release(). "" when the ledger's schema is not
  // known when printed (--offline without one: the key hangs on it).
  static std::string printed_take(const LedgerName& ledger, const std::string& reprint_command);
  static std::string printed_release(const LedgerName& ledger);
  // What takes it back (SessionSettings::printed_lock_retake): after a
  // reset let every advisory lock go, in the same statement, and after a
  // file's own unlock, RESET ALL or DISCARD ALL; a run that took it in
  // between fails the script there, ending with `resume_command` ("print
  // what is still to run with: pgapply up --dry-run"). nullopt where
  // printed_take takes none.
  static std::optional<PrintedLockRetake> printed_retake(const LedgerName& ledger, const std::string& resume_command);

 private:
  // With the migration lock held: waits until no other session holds the
  // hand-over lock (a dead run's migrations session), up to `deadline`.
  void wait_for_previous_run(const LedgerName& ledger, std::chrono::steady_clock::time_point deadline,
                             const std::function<void(const std::string&)>& on_waiting);

  pg::Connection connection_;
  std::pair<int, int> keys_;
  std::string ledger_;
  std::string status_command_;
};

}  // namespace pgapply::engine
