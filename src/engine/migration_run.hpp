#pragma once

// The run loop: ONE loop for every run of files, in both directions (up
// applies migrations, down runs rollback scripts, exec runs files without a
// ledger), live or printed (dry runs). Each file goes through the runner
// (engine/runner.hpp) with what the ledger records around it; the session
// is reset between files.
//
// Live, consecutive files that run in a transaction go to the server
// together, in the same statement batches (each file its own BEGIN ...
// COMMIT): a directory of small files costs about as many round trips as
// batches, not several per file. Per-file atomicity holds: a file that fails
// rolls back alone, the files before it stay committed and recorded, nothing
// after it runs. On a failure the loop knows from the COMMITs answered which
// files committed, and:
//  - a syntax error the server reported while parsing a whole batch (so
//    nothing of the batch ran) for a statement that was not the batch's
//    first: runs again from the first file not committed, with a new batch
//    starting at that statement, so that the error reported is the first in
//    file order, as psql would report it;
//  - a lock timeout (55P03) or deadlock (40P01) of a transactional file: runs
//    it (and what follows) again after 1 s, 2 s, 4 s..., `retries` times;
//  - otherwise: records the failure (history) and stops.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <functional>
#include <optional>

#include "pg/connection.hpp"
#include "engine/loaded_script.hpp"
#include "engine/run_output.hpp"
#include "engine/run_record.hpp"
#include "engine/session_reset.hpp"
#include "migrate/run_summary.hpp"

namespace pgapply::engine {

// One file of a run.
struct RunItem {
  const LoadedScript* script = nullptr;
  std::unique_ptr<RunRecord> record;
  std::string version;    // the migration's (for down: the one rolled back); "" for exec
  std::string file_name;  // the migration's file name (for down: the one rolled back)
  // down: the name of the file whose SQL runs (124_x.down.sql; file_name
  // itself for a down section); "" for up and exec.
  std::string down_file;
  // On a shadow: the role the file ran as on the target (its ledger row's
  // applied_by), set with SET SESSION AUTHORIZATION before it; "" for the
  // session's own.
  std::string as_role;
};

struct RunLoopOptions {
  // Transactional files that hit a lock timeout or deadlock run again.
  int retries = 0;
  // Why each statement goes as its own query, as psql sends it (what
  // reads the query's text: current_query() in an audit trigger, pgaudit),
  // not in batches of files; "": batches.
  std::string one_statement_per_query;
  SessionSettings session;
  // Each file starts with a clean session (migrations); exec's files share
  // one session, as `psql -f a.sql -f b.sql` does.
  bool reset_between_files = true;
  int server_version = 0;  // for the session reset's settings (printed runs: the target's, or 0)
  // up drops the INVALID indexes an interrupted CREATE INDEX CONCURRENTLY
  // left before it runs the file again (a stopped run's message says so);
  // else the operator must.
  bool drops_invalid_indexes = false;
  // The outcome of a successful file: RunOutcome::applied (up, exec) or rolled_back (down).
  migrate::RunOutcome done_outcome = migrate::RunOutcome::applied;
  const char* start_verb = "Applying";  // "Applying 002_x.sql (statement by statement...)"
  const char* done_verb = "Applied";     // "Applied 002_x.sql in 12 ms"
  const char* unit = "migration";     // "2 migrations applied before it"
  // Before each batch is sent (live): throws to stop the run (the migration
  // lock was lost).
  std::function<void()> before_send;
  // Once the last batch was answered, before the run counts as done (live):
  // throws to report it otherwise (the migration lock was lost while that
  // batch ran); `finished` says what the run did ("2 migrations applied, the
  // last 002_b.sql").
  std::function<void(const std::string& finished)> after_last_batch;
  // The command that shows how far a stopped run got (pgapply status with the
  // run's options, engine/command_hint); "" when there is no ledger (exec).
  std::string status_command;
  // After the connection was lost with files sent and not answered for: the
  // ledger's rows read on a new connection, to tell which of them committed
  // (the server answers a batch when it ends, so files that committed early
  // in it may not have been answered); nothing when that fails too. Unset:
  // no ledger (exec), their outcome is unknown.
  std::function<std::optional<std::vector<migrate::LedgerRow>>()> ledger_rows_again;
  // What the migrations session runs, asked while the server has not answered
  // a batch for a second or more, for the progress line (when the output
  // shows one: RunOutput::shows_ticks). Unset: not asked.
  std::function<ServerActivity()> server_activity;
};

// Runs the files on `connection`. Fills `summary.migrations` as it goes;
// throws what stopped the run (a StatementError for a failing statement,
// after recording it) with the summary complete, its duration_ms included.
void run_live(std::vector<RunItem>& items, pg::Connection& connection, RunOutput& output,
              const RunLoopOptions& options, migrate::RunSummary& summary);

// The psql script that does what run_live would do.
std::string run_printed(std::vector<RunItem>& items, const RunLoopOptions& options);
// The start of a printed script (up --dry-run, down --dry-run): what a live
// run sets on its connection before anything else (prepare_session), then
// the migration lock on `ledger` the script holds on its own session
// (MigrationLock::printed_take: it keeps no hand-over lock), which the
// resets of `options` take back from here on (printed_retake). `reprint`:
// the command that prints the script anew ("" when none); `resume`: what
// the message of a lock lost between two files ends with.
std::string print_script_start(RunLoopOptions& options, const LedgerName& ledger, const std::string& reprint,
                               const std::string& resume);

// How the summary words a file's mode.
migrate::RunMode run_mode(const LoadedScript& script);

}  // namespace pgapply::engine
