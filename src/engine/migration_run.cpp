#include "engine/migration_run.hpp"

#include <algorithm>
#include <chrono>

#include "core/plural.hpp"
#include "core/sql_quote.hpp"
#include "migrate/ledger_row.hpp"
#include "engine/runner.hpp"
#include "engine/script_sink.hpp"
#include "engine/server_sink.hpp"
#include "engine/statement_error.hpp"
#include "core/duration.hpp"
#include "core/error.hpp"
#include "engine/invalid_index_cleanup.hpp"
#include "engine/file_lock_timeout.hpp"
#include "engine/lock_blockers.hpp"
#include "engine/migration_lock.hpp"
#include "core/interruption.hpp"
#include "pg/server_error.hpp"
#include "pg/signal_cancel.hpp"
#include "pg/sqlstate.hpp"
#include "report/paint.hpp"

namespace pgapply::engine {

namespace {

using Clock = std::chrono::steady_clock;

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

// How a file is named in the run's messages: the file whose SQL runs (down:
// the down file, or "the down section of 006_x.sql"), by its name, else the
// script as shown (exec).
std::string shown_name(const migrate::MigrationRun& run) {
  if (!run.down_file.empty()) return run.down_file == run.file_name ? "the down section of " + run.file_name : run.down_file;
  return run.file_name.empty() ? run.script : run.file_name;
}

// What a file rolled back in its transaction left: of a rollback (down),
// nothing undone; of a migration, nothing applied.
std::string nothing_of_it(const RunLoopOptions& options) {
  if (options.done_outcome == migrate::RunOutcome::rolled_back) {
    return "nothing of it took effect, the migration stays applied";
  }
  return "nothing of it was applied";
}

std::string describe_mode(const LoadedScript& script) {
  const auto& plan = script.analysis().plan;
  std::string how(psql::to_string(plan.mode));
  if (!plan.reason.empty()) how += ": " + plan.reason;
  return how;
}

// A transactional file that waited too long for a lock, or lost a deadlock,
// left nothing behind: it can simply run again.
bool is_retryable(const StatementError& error) {
  return pg::sqlstate::is_retryable_conflict(error.server.sqlstate);
}

bool transactional(const LoadedScript& script) {
  return script.analysis().plan.mode != psql::TransactionMode::autocommit;
}

// The first of `items` that may change the settings a new session starts
// with (ALTER DATABASE ... SET); items.size() when none.
std::size_t first_changing_stored_settings(const std::vector<RunItem>& items) {
  const auto found = std::find_if(items.begin(), items.end(), [](const RunItem& item) {
    return item.script->analysis().changes_stored_settings;
  });
  return static_cast<std::size_t>(found - items.begin());
}

// The session reset after file `before` of `items`; it ends the batch when
// that file may have changed how later statements parse. From the file
// `stored_from` (first_changing_stored_settings) on, every reset applies the
// settings a new session starts with, as the next psql -f would start.
void reset_session(Sink& sink, const std::vector<RunItem>& items, std::size_t before, std::size_t stored_from,
                   const RunLoopOptions& options) {
  if (!options.reset_between_files) return;
  const bool stored_settings = before >= stored_from;
  const LoadedScript& script = *items[before].script;
  const auto calls = session_reset(options.session, options.server_version, stored_settings);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    InternalStatement statement;
    statement.call = calls[i];
    statement.what = "pgapply's session reset after the file";
    statement.ends_batch = i + 1 == calls.size() && (script.analysis().changes_session || stored_settings);
    statement.quiet = true;
    sink.internal(std::move(statement));
  }
}

migrate::MigrationRun summary_entry(const RunItem& item) {
  migrate::MigrationRun run;
  run.version = item.version;
  run.file_name = item.file_name;
  run.down_file = item.down_file;
  run.script = item.script->shown();
  run.mode = run_mode(*item.script);
  run.mode_reason = item.script->analysis().plan.reason;
  run.statements = item.script->statements_run();  // a left-out BEGIN or COMMIT does not count
  return run;
}

// The history event of a transactional file that failed, after its rollback:
// as the user pgapply connected as, read-write, whatever the file set before
// its own BEGIN (SET ROLE, default_transaction_read_only).
std::vector<SqlCall> failed_transaction(const RunItem& item, const std::string& error, const OwnSession& own) {
  return as_connecting_user(*item.script, item.record->failed_transaction(error), false, own.ledger_settings);
}

// Throttles progress ticks to a few per second.
class Ticker {
 public:
  Ticker(RunOutput& output, std::size_t files, std::size_t statements) : output_(output) {
    tick_.files_total = files;
    tick_.statements_total = statements;
  }
  void statement(const std::string& file, std::size_t line) {
    ++answered_;
    count();
    tick_.waiting_seconds = 0;
    tick_.server = {};
    if (answered_ <= reached_statements_) return;  // answers catching up with what the server was seen at
    if ((answered_ & 63) != 0 && answered_ > 1) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    tick_.file = file;
    tick_.line = line;
    output_.tick(tick_);
  }
  void file_done() {
    ++files_answered_;
    count();
  }
  // The server runs the file after `files` others, which hold `statements`:
  // those are done, though their answers come only when the batch ends (its
  // files commit one after the other).
  void reached(std::size_t files, std::size_t statements) {
    reached_files_ = std::max(reached_files_, files);
    reached_statements_ = std::max(reached_statements_, statements);
    count();
  }
  // The server has run the batch for `seconds` without answering.
  void waiting(std::size_t seconds, ServerActivity activity) {
    tick_.waiting_seconds = seconds;
    tick_.server = std::move(activity);
    output_.tick(tick_);
  }

 private:
  // Done: what was answered, or what the server was seen past, whichever is more.
  void count() {
    tick_.files_done = std::max(files_answered_, reached_files_);
    tick_.statements_done = std::max(answered_, reached_statements_);
  }

  RunOutput& output_;
  ProgressTick tick_;
  std::size_t answered_ = 0;        // statements answered
  std::size_t files_answered_ = 0;  // files answered as committed
  std::size_t reached_statements_ = 0;
  std::size_t reached_files_ = 0;
  Clock::time_point last_{};
};

// The connection was lost: the files handed to the server and not answered
// for committed or not. Those the ledger, read again, shows done are
// finished (`finish`); while it cannot be read, their outcome is unknown.
// Returns the line saying what the run did.
template <typename Finish, typename StoppedLine>
std::string after_lost_connection(const std::vector<RunItem>& items, const std::vector<bool>& begun,
                                  std::vector<bool>& committed, const Finish& finish, const StoppedLine& stopped_line,
                                  const RunLoopOptions& options, migrate::RunSummary& summary) {
  std::vector<std::size_t> unanswered;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (begun[i] && !committed[i]) unanswered.push_back(i);
  }
  std::optional<std::vector<migrate::LedgerRow>> rows;
  if (!unanswered.empty() && options.ledger_rows_again) rows = options.ledger_rows_again();
  std::vector<std::size_t> unknown;
  for (const std::size_t i : unanswered) {
    const std::optional<bool> done = rows ? items[i].record->shows_done(*rows) : std::nullopt;
    if (!done) {
      unknown.push_back(i);
    } else if (*done) {
      finish(i);
    } else {
      break;  // the files after it did not run: each commits only after the one before
    }
  }
  const std::size_t done = static_cast<std::size_t>(std::count(committed.begin(), committed.end(), true));
  if (unknown.empty()) {
    const auto first = std::find(committed.begin(), committed.end(), false);
    const std::size_t at = std::min(static_cast<std::size_t>(first - committed.begin()), items.size() - 1);
    summary.migrations[at].outcome = migrate::RunOutcome::interrupted;
    return stopped_line(at, "Stopped") + (rows ? " (as the ledger, read again, says)" : "");
  }
  for (const std::size_t i : unknown) summary.migrations[i].outcome = migrate::RunOutcome::unknown;
  const std::string first = shown_name(summary.migrations[unknown.front()]);
  const std::string last = shown_name(summary.migrations[unknown.back()]);
  const std::size_t not_run = items.size() - done - unknown.size();
  // One file, known to run statement by statement: how far it got, as far as
  // pgapply saw (each statement commits on its own).
  std::string outcome = (unknown.size() == 1 ? "it was" : "each was") + std::string(" ") +
                        lowercase(options.done_verb) + " in full or not at all, unless it ran outside a transaction";
  if (unknown.size() == 1 && run_mode(*items[unknown.front()].script) == migrate::RunMode::no_transaction) {
    const migrate::MigrationRun& run = summary.migrations[unknown.front()];
    outcome = "it ran statement by statement, outside a transaction: " +
              plural(run.statements_done, "statement") + " of " + std::to_string(run.statements) +
              " committed as pgapply last saw, and the one after may have too" +
              (options.status_command.empty() ? std::string() : " (" + options.status_command + " shows what the ledger recorded)");
  }
  return "Stopped: " + plural(done, options.unit) + " " + lowercase(options.done_verb) +
         "; the server did not answer for " + (unknown.size() == 1 ? first : first + " to " + last) +
         ", sent before the connection was lost" +
         (options.ledger_rows_again ? " (and the ledger could not be read again)" : "") + ": " + outcome +
         (not_run > 0 ? "; " + plural(not_run, options.unit) + " not run" : std::string()) + ".";
}

}  // namespace

migrate::RunMode run_mode(const LoadedScript& script) {
  switch (script.analysis().plan.mode) {
    case psql::TransactionMode::wrapped: return migrate::RunMode::in_transaction;
    case psql::TransactionMode::own: return migrate::RunMode::own_transaction;
    case psql::TransactionMode::autocommit: return migrate::RunMode::no_transaction;
  }
  return migrate::RunMode::in_transaction;
}

namespace {

// Which of pgapply's timeouts a statement ran out of, and how to change it:
// "canceling statement due to lock timeout" alone does not say that 5 s
// was pgapply's default, nor the option that sets it. "" for other errors.
std::string timeout_note(const StatementError& error, const SessionSettings& session,
                         const std::optional<FileLockTimeout>& own_lock_timeout) {
  const auto& server = error.server;
  // Only a limit pgapply set is claimed as pgapply's: with none (0, or no
  // --statement-timeout), the one that ran out is the file's or the
  // server's (set for the role or the database, as Supabase sets it).
  const auto set_by_pgapply = [](const std::optional<std::string>& setting) {
    return setting && !setting->empty() && *setting != "0";
  };
  if (server.sqlstate == pg::sqlstate::lock_not_available && server.message.find("lock timeout") != std::string::npos) {
    if (own_lock_timeout) {
      // --lock-timeout cannot help: the file's own SET is what ran out.
      return "the file set its own lock_timeout (" + own_lock_timeout->value + ", at " + own_lock_timeout->where +
             "), which ran out: pgapply's --lock-timeout does not apply after it. A longer one there waits longer "
             "behind the sessions holding the lock, and makes every query on the table queue that long behind it";
    }
    if (!set_by_pgapply(session.lock_timeout)) {
      return "pgapply set no lock_timeout (--lock-timeout 0): the one that ran out is the file's, or the server's for "
             "this role or database";
    }
    // A longer one than the run used (as --lock-timeout takes it), not a fixed value it may have used already.
    const auto longer = longer_limit(parse_duration("lock_timeout", *session.lock_timeout), longest_server_timeout);
    return "pgapply ran the file with lock_timeout " + *session.lock_timeout +
           " (--lock-timeout; unless the file sets its own): a longer one (" +
           (longer ? "--lock-timeout " + duration_argument(*longer) : std::string("--lock-timeout 0: no limit")) +
           ") waits longer behind the sessions holding the lock, and makes every query on the table queue that long "
           "behind it";
  }
  if (server.sqlstate == pg::sqlstate::query_canceled && server.message.find("statement timeout") != std::string::npos) {
    if (!set_by_pgapply(session.statement_timeout)) {
      return "pgapply set no statement_timeout: the one that ran out is the file's, or the server's for this role or "
             "database; --statement-timeout 10min (or 0 for none) overrides the server's";
    }
    return "pgapply ran the file with statement_timeout " + *session.statement_timeout +
           " (--statement-timeout; unless the file sets its own): give a longer one, or --statement-timeout 0 for none";
  }
  return "";
}

// What an earlier run of a file run again committed stays: "; statement 1
// of an earlier run had" ("" when none did).
std::string earlier_run(const RunItem& item) {
  const int earlier = item.record->earlier_done();
  return earlier > 0 ? "; " + migrate::first_statements(earlier) + " of an earlier run had" : "";
}

// What a server error means for a file pgapply runs in one transaction:
// the note beside timeout_note's. "" for other errors.
std::string transaction_note(const StatementError& error, const LoadedScript& script) {
  // (a file that is one BEGIN ... COMMIT of its own fails so under psql -f too)
  if (error.server.sqlstate != pg::sqlstate::unsafe_new_enum_value_usage ||
      script.analysis().plan.mode != psql::TransactionMode::wrapped) {
    return "";
  }
  // (psql -1 -f commits at the file's own COMMIT; pgapply keeps a mixed file one transaction)
  const psql::TransactionPlan& plan = script.analysis().plan;
  return std::string("pgapply runs this file in one transaction") +
         (plan.left_out.empty() ? "" : ", " + plan.left_out_named + " left out,") +
         " and a value ALTER TYPE ... ADD VALUE adds can be used only once that has committed: use it in a later "
         "migration, or mark the file -- pgapply: no-transaction to run it as written, committing where it commits, "
         "as psql -f does";
}

// A statement-by-statement file's CREATE INDEX CONCURRENTLY (or REINDEX)
// that failed or was cancelled left an INVALID index: who drops it.
std::string left_invalid(pg::Connection& connection, const StatementError& error, const LoadedScript& script,
                         const RunLoopOptions& options) {
  if (transactional(script)) return "";
  return invalid_index_note(connection, script, error.file + ":" + std::to_string(error.statement_line),
                            options.drops_invalid_indexes);
}

}  // namespace

void run_live(std::vector<RunItem>& items, pg::Connection& connection, RunOutput& output,
              const RunLoopOptions& options, migrate::RunSummary& summary) {
  // The run's duration, however it ends (a failed run took time too).
  struct RunTimer {
    migrate::RunSummary& summary;
    Clock::time_point started = Clock::now();
    ~RunTimer() {
      summary.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    }
  } const timer{summary};
  const std::size_t count = items.size();
  summary.migrations.clear();
  std::size_t total_statements = 0;
  for (const auto& item : items) {
    summary.migrations.push_back(summary_entry(item));
    total_statements += item.script->statements_run();  // the ticks count those sent
  }
  std::vector<bool> committed(count, false);
  std::vector<bool> begun(count, false);  // its first statement was handed to the sink
  Ticker ticker(output, count, total_statements);

  BatchLimits limits;
  if (!options.one_statement_per_query.empty()) {
    limits.statements_alone = true;
    output.progress("Sending each statement as its own query, as psql does, not in batches: " +
                    options.one_statement_per_query);
  }
  ServerSink sink(connection, output, limits);
  const pg::CancelOnSignal cancel_on_signal(connection);  // Ctrl-C cancels the statement running
  sink.before_send([&options] {
    throw_if_interrupted("before a batch was sent");
    if (options.before_send) options.before_send();
  });
  // What the run did, in one line, when it stops early. `cancelled`: the
  // statement a signal cancelled; in a statement-by-statement file the
  // ledger records the file as failed there, and the line says so, as status
  // would (one line says it all: issue 14).
  // `recorded`: stopped between two statements of a statement-by-statement
  // file, whose failure the ledger now records before the next one.
  const auto stopped_line = [&](std::size_t at, const std::string& how, const StatementError* cancelled = nullptr,
                                bool recorded = false) {
    std::size_t done = 0;
    for (std::size_t i = 0; i < count; ++i) done += committed[i] ? 1 : 0;
    const migrate::MigrationRun& run = summary.migrations[at];
    const std::string name = shown_name(run);
    std::string line = how + ": " + plural(done, options.unit) + " " + lowercase(options.done_verb) + "; " + name;
    if (!begun[at]) {
      // Stopped before it: nothing of it ran, nothing was rolled back.
      line += " did not start";
    } else {
      const bool tracked = items[at].record->tracks_statements();
      std::string how_far = tracked ? " (the ledger says how far it got)" : "";
      if (recorded) {
        const std::string next = "statement " + std::to_string(run.statements_done + 1);
        how_far = " (" + next + " did not start; " + items[at].record->stopped_record(next) +
                  (options.status_command.empty() ? std::string() : ": " + options.status_command) + ")";
      }
      if (cancelled != nullptr) {
        const std::string next = "statement " + std::to_string(run.statements_done + 1);
        how_far = " (" + next + ", at " + cancelled->file + ":" + std::to_string(cancelled->statement_line) +
                  ", was cancelled; " +
                  (run.statements_done == 0 ? std::string("none of its statements")
                                            : migrate::first_statements(static_cast<int>(run.statements_done))) +
                  " took effect" + earlier_run(items[at]) +
                  (!tracked ? std::string()
                            : "; " + items[at].record->stopped_record(next) +
                                  (options.status_command.empty() ? std::string() : ": " + options.status_command)) +
                  ")";
      }
      line += transactional(*items[at].script)
                  ? " was rolled back (" + nothing_of_it(options) + ")"
                  : (run.statements_done == 0 ? " stopped before its first statement took effect (of "
                                              : " stopped after statement " + std::to_string(run.statements_done) +
                                                    " of ") +
                        std::to_string(run.statements) +
                        (run.statements_done == 0 ? earlier_run(items[at]) + ")" : "") + how_far;
    }
    const std::size_t not_run = count > done + 1 ? count - done - 1 : 0;
    if (not_run > 0) line += "; " + plural(not_run, options.unit) + " not run";
    return line + ".";
  };
  const auto first_uncommitted = [&] {
    return static_cast<std::size_t>(std::find(committed.begin(), committed.end(), false) - committed.begin());
  };
  // Files whose line a log of a long batch printed before the batch's
  // answer came (log_long_batch), without the time the ledger has for them.
  std::vector<bool> announced(count, false);
  const auto done_line = [&](std::size_t tag, bool timed) {
    const migrate::MigrationRun& run = summary.migrations[tag];
    // The verb is the file's outcome: painted on a terminal, as a report's state.
    output.progress(report::Paint{output.color()}(report::Tone::good, options.done_verb) + " " + shown_name(run) +
                    (timed && run.duration_ms ? " in " + std::to_string(*run.duration_ms) + " ms" : "") + " (" +
                    describe_mode(*items[tag].script) + "; " + plural(run.statements, "statement") + ")");
  };
  const auto finish = [&](std::size_t tag) {
    committed[tag] = true;
    ticker.file_done();
    migrate::MigrationRun& run = summary.migrations[tag];
    run.outcome = options.done_outcome;
    run.statements_done = run.statements;
    if (!announced[tag]) done_line(tag, true);
  };
  sink.on_commit(finish);
  sink.on_statement([&](std::size_t tag, std::size_t line) { ticker.statement(items[tag].script->shown(), line); });
  // Without a progress line, a log says which file a batch the server runs
  // for long runs now: once a file, then each minute it goes on.
  constexpr std::chrono::seconds log_after{5};
  std::string logged_file;
  std::chrono::steady_clock::time_point logged_at;  // (a file may run over several batches: by the clock)
  // `running`: the index of the file the server runs now; the files of the
  // batch before it have committed there, and are said to be done first (in
  // order, as the answer would say), though their answer has not come yet.
  const auto log_long_batch = [&](std::chrono::seconds waited, const std::string& file, std::size_t running) {
    constexpr std::chrono::seconds again{60};
    const auto now = std::chrono::steady_clock::now();
    if (file.empty() || (file == logged_file && now - logged_at < again)) return;
    for (std::size_t i = 0; i < running; ++i) {
      if (!committed[i] && !announced[i] && begun[i]) {
        done_line(i, false);
        announced[i] = true;
      }
    }
    output.progress((file == logged_file ? "Still running " : "Running ") + file + " (the server has run this batch " +
                    "for " + std::to_string(waited.count()) + " s)");
    logged_file = file;
    logged_at = now;
  };
  if (output.shows_ticks() || output.logs_long_batches()) {
    // Nobody sees it otherwise: the server is not asked, and the sink waits
    // for a batch's answer as libpq does, without waking up every second.
    sink.on_wait([&](std::chrono::seconds waited) {
      // (a shorter batch costs a log no question to the server)
      if (!output.shows_ticks() && waited < log_after) return;
      ServerActivity activity = options.server_activity ? options.server_activity() : ServerActivity();
      // The file the server runs now (its session's application_name) says
      // how far the batch got: the files before it are done.
      std::size_t statements_before = 0;
      std::size_t at = 0;   // the file's index
      std::string running;  // as the Applied lines name it
      for (std::size_t i = 0; i < count && !activity.file.empty(); ++i) {
        if (items[i].script->shown() == activity.file) {
          ticker.reached(i, statements_before);
          running = shown_name(summary.migrations[i]);
          at = i;
          break;
        }
        statements_before += items[i].script->statements_run();
      }
      if (!output.shows_ticks()) return log_long_batch(waited, running, at);
      ticker.waiting(static_cast<std::size_t>(waited.count()), std::move(activity));
    });
  }

  const OwnSession own = own_session(options.session, options.server_version);
  const std::size_t stored_from = first_changing_stored_settings(items);
  std::size_t next = 0;
  while (next < count) {
    try {
      for (std::size_t i = next; i < count; ++i) {
        RunItem& item = items[i];
        migrate::MigrationRun& run = summary.migrations[i];
        throw_if_interrupted("between two files");
        if (i > 0 && i == next) reset_session(sink, items, i - 1, stored_from, options);  // again, after a failure
        RunCallbacks callbacks;
        callbacks.recorded = [&run](long long ms) { run.duration_ms = ms; };
        callbacks.progressed = [&run](std::size_t done) { run.statements_done = done; };
        callbacks.unrecorded = [&run] { run.record_kept_out = true; };
        if (!transactional(*item.script)) {
          sink.flush();
          output.progress(std::string(options.start_verb) + " " + shown_name(run) + " (" +
                          describe_mode(*item.script) + ")");
        }
        begun[i] = true;
        sink.start_file(*item.script, i);
        announce_file(sink, *item.script);
        if (!item.as_role.empty()) {
          InternalStatement role;
          role.call = {"SET SESSION AUTHORIZATION " + quote_identifier(item.as_role), {}};
          role.what = "pgapply's SET SESSION AUTHORIZATION (the role the file ran as)";
          role.quiet = true;
          sink.internal(std::move(role));
        }
        const auto started = Clock::now();
        run_file(*item.script, i, *item.record, sink, own, callbacks);
        if (!transactional(*item.script)) {
          if (!run.duration_ms) {
            run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
          }
          finish(i);
        }
        if (i + 1 < count) reset_session(sink, items, i, stored_from, options);
      }
      sink.flush();
      if (options.after_last_batch && count > 0) {
        options.after_last_batch(plural(count, options.unit) + " " + lowercase(options.done_verb) + ", the last " +
                                 shown_name(summary.migrations[count - 1]));
      }
      break;
    } catch (const Interrupted& stop) {
      sink.abandon();
      sink.roll_back();
      const std::size_t at = std::min(first_uncommitted(), count - 1);
      migrate::MigrationRun& run = summary.migrations[at];
      run.outcome = migrate::RunOutcome::interrupted;
      // Stopped between two statements of a statement-by-statement file: the
      // ledger records it as failed before the next one, as it does a
      // statement the signal cancelled, not as still running.
      // Only where nothing of the file past what the ledger counts took
      // effect: a statement the server answered just before the signal, its
      // progress not yet written, did if it ran alone (CREATE INDEX
      // CONCURRENTLY, a CALL that commits); one pgapply wrapped in its own
      // transaction with its progress was rolled back above. Where it may
      // have, the row stays running, as the ledger says, and the line says so.
      const auto [answered_file, answered] = sink.last_answered();
      const bool nothing_unrecorded = answered_file != at || answered <= run.statements_done ||
                                      items[at].script->traits(answered).wrappable();
      bool recorded = false;
      if (begun[at] && nothing_unrecorded && !transactional(*items[at].script) &&
          items[at].record->tracks_statements()) {
        run.error = interrupted_by(stop.signal) + " before statement " + std::to_string(run.statements_done + 1);
        try {
          sink.record_failure(
              as_connecting_user(*items[at].script, items[at].record->failed(run.statements_done, run.error), false,
                                 own.ledger_settings));
          recorded = true;
        } catch (const std::exception&) {
          // Recorded or not, the run stops here: the ledger says how far it got.
        }
      }
      throw Interrupted(stop.signal, stopped_line(at, "Interrupted by " + signal_name(stop.signal), nullptr, recorded),
                        ErrorPlace{items[at].script->shown()});
    } catch (const pg::ConnectionError& lost) {
      const std::string stopped = after_lost_connection(items, begun, committed, finish, stopped_line, options, summary);
      // the file running, or the first whose outcome is unknown
      const auto running = std::find_if(summary.migrations.begin(), summary.migrations.end(), [](const auto& run) {
        return run.outcome == migrate::RunOutcome::interrupted || run.outcome == migrate::RunOutcome::unknown;
      });
      const std::size_t at = std::min(static_cast<std::size_t>(running - summary.migrations.begin()), count - 1);
      throw Error(ErrorKind::connection_lost,
                  "lost the connection to the server (" + lost.reason() + "). " + stopped +
                      (options.status_command.empty() ? std::string()
                                                      : " Once the server is back, see what was applied with: " +
                                                              options.status_command),
                  ErrorPlace{items[at].script->shown()});
    } catch (const StatementError& error) {
      sink.abandon();
      sink.roll_back();
      const std::size_t failed = std::min(error.tag.value_or(next), count - 1);
      next = first_uncommitted();
      if (const int signal_number = signal_received()) {
        // The statement was cancelled because of the signal.
        migrate::MigrationRun& run = summary.migrations[failed];
        run.outcome = migrate::RunOutcome::interrupted;
        run.error = interrupted_by(signal_number);
        if (transactional(*items[failed].script)) {
          try {
            sink.record_failure(failed_transaction(items[failed], run.error + " at " + error.ledger_text(), own));
          } catch (const std::exception&) {
            // Recorded or not, the run stops here.
          }
        }
        const std::string index_note = left_invalid(connection, error, *items[failed].script, options);
        throw Interrupted(signal_number,
                          stopped_line(failed, "Interrupted by " + signal_name(signal_number), &error) +
                              (index_note.empty() ? "" : "\n" + index_note),
                          ErrorPlace{error.file, error.statement_line});
      }
      migrate::MigrationRun& run = summary.migrations[failed];
      const LoadedScript& script = *items[failed].script;
      if (error.batch_unparsed && transactional(script) && error.statement_index > 0) {
        // Nothing of that batch ran: run again with a batch starting at the
        // statement at fault, so that what fails first in file order shows.
        sink.cut_before(failed, error.statement_index);
        continue;
      }
      // Who held the lock the statement waited for: the first thing an operator asks.
      std::vector<BlockingSession> blocking;
      std::optional<FileLockTimeout> own_lock_timeout;
      if (error.server.sqlstate == pg::sqlstate::lock_not_available) {
        // (the file's own SET lock_timeout, when it made one, is what ran out)
        own_lock_timeout = file_lock_timeout(*items[failed].script, error.statement_index);
        blocking = find_lock_blockers(connection,
                                      own_lock_timeout ? own_lock_timeout->limit : lock_timeout_limit(options.session));
      }
      const std::string blockers = blocking.empty() ? "" : "; it waited for: " + describe_lock_blockers(blocking);
      if (transactional(script) && is_retryable(error) && run.attempts <= options.retries) {
        // 1 s, 2 s, 4 s... and at most a minute apart.
        const int delay = std::min(60, 1 << std::min(run.attempts - 1, 6));
        output.warning(error.summary() + "; " + shown_name(run) +
                       " was rolled back and runs again in " + std::to_string(delay) + " s (retry " +
                       std::to_string(run.attempts) + " of " + std::to_string(options.retries) + ")" + blockers);
        ++run.attempts;
        try {
          sleep_unless_interrupted(std::chrono::seconds(delay),
                                   "while waiting to run " + run.script + " again; it was rolled back");
        } catch (const Interrupted& stop) {
          // Its last failure stands: the history records it, as any failure.
          try {
            sink.record_failure(failed_transaction(
                items[failed], interrupted_by(stop.signal) + " before it ran again after " + error.ledger_text(), own));
          } catch (const std::exception&) {
            // Recorded or not, the run stops here.
          }
          throw;
        }
        continue;
      }
      run.outcome = migrate::RunOutcome::failed;
      run.error = error.ledger_text();
      if (transactional(script) && error.internal_what.empty()) {
        try {
          sink.record_failure(failed_transaction(items[failed], error.ledger_text(), own));
        } catch (const std::exception& recording) {
          output.warning(std::string("could not record the failure in the ledger's history: ") + recording.what());
        }
      }
      const std::string name = shown_name(run);
      output.stopped("Stopped: " + name +
                      (transactional(script)
                           ? " failed and was rolled back: " + nothing_of_it(options)
                           : std::string(" failed outside a transaction: ") +
                                 (run.statements_done > 0 ? "the statements before the failing one took effect"
                                  : items[failed].record->earlier_done() > 0
                                      ? "none of its statements took effect this run, but " +
                                            migrate::first_statements(items[failed].record->earlier_done()) +
                                            " of an earlier run had"
                                      : std::string("none of its statements had taken effect")) +
                                 // exec's runs leave no progress in the ledger (down's: the migration's row, rollback_failed)
                                 (items[failed].record->tracks_statements()
                                      ? " and the ledger says how far it got" +
                                            (options.status_command.empty() ? std::string()
                                                                             : " (" + options.status_command + ")")
                                      : " (statement " + std::to_string(run.statements_done + 1) + " of " +
                                            std::to_string(run.statements) + " failed)")) +
                      "; " + plural(static_cast<std::size_t>(std::count(committed.begin(), committed.end(), true)),
                                    options.unit) +
                      " " + lowercase(options.done_verb) + " before it.");
      if (const std::string note = transaction_note(error, *items[failed].script); !note.empty()) {
        throw error.with_note(note);
      }
      const std::string index_note = left_invalid(connection, error, script, options);
      const StatementError noted = index_note.empty() ? error : error.with_note(index_note);
      const std::string timeout = timeout_note(error, options.session, own_lock_timeout);
      if (blocking.empty() && timeout.empty()) throw noted;
      if (blocking.empty()) throw noted.with_note(timeout);
      // The error itself names whom it waited for (issue 11), in its text and its JSON.
      StatementError waited = noted.with_note("it waited for: " + describe_lock_blockers(blocking) +
                                              (timeout.empty() ? "" : "\n" + timeout));
      waited.blocking_sessions = std::move(blocking);
      throw waited;
    } catch (const LockLost& lost) {
      // The migration lock's session ended (before a batch was sent):
      // nothing more is sent, what committed stays, and the message says
      // what was and was not applied, as for a lost connection.
      sink.abandon();
      sink.roll_back();
      const auto first = std::find(committed.begin(), committed.end(), false);
      const std::size_t at = std::min(static_cast<std::size_t>(first - committed.begin()), count - 1);
      summary.migrations[at].outcome = migrate::RunOutcome::interrupted;
      throw Error(ErrorKind::connection_lost, std::string(lost.what()) + "\n" + stopped_line(at, "Stopped"),
                  ErrorPlace{items[at].script->shown()});
    }
  }
}

std::string print_script_start(RunLoopOptions& options, const LedgerName& ledger, const std::string& reprint,
                               const std::string& resume) {
  options.session.handover_lock.reset();
  const std::vector<SqlCall> calls = own_session_settings(options.session, options.server_version);
  std::string out;
  if (!calls.empty()) {
    out = "\n-- pgapply's session settings (a live run sets them when it connects)\n" + print_calls(calls);
  }
  out += MigrationLock::printed_take(ledger, reprint);
  options.session.printed_lock_retake = MigrationLock::printed_retake(ledger, resume);
  return out;
}

std::string run_printed(std::vector<RunItem>& items, const RunLoopOptions& options) {
  std::string out;
  ScriptSink sink(out);
  const OwnSession own = own_session(options.session, options.server_version);
  const std::size_t stored_from = first_changing_stored_settings(items);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const RunItem& item = items[i];
    out += "\n";
    sink.comment(item.script->shown() + " (" + describe_mode(*item.script) + ")");
    run_file(*item.script, i, *item.record, sink, own);
    if (i + 1 < items.size()) reset_session(sink, items, i, stored_from, options);
  }
  return out;
}

}  // namespace pgapply::engine
