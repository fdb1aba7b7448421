#include "engine/ledger_session.hpp"

#include <chrono>
#include <exception>
#include <future>
#include <thread>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "engine/command_hint.hpp"
#include "pg/rows.hpp"
#include "pg/statement_batch.hpp"
#include "pg/server_error.hpp"

namespace pgapply::engine {

namespace {

settings::Connected connect_and_prepare(const Context& context, RunOutput& output, SessionFacts& facts,
                                        std::future<settings::Connected> early) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  settings::Connected connected = early.valid() ? early.get() : settings::connect(context.connection, warn);
  try {
    // (an unqualified --ledger: where search_path finds it, if it exists)
    const LedgerName ledger = parse_ledger_name(context.project.ledger, context.project.ledger_format);
    facts = prepare_session(connected.connection, context.session, ledger.schema.empty() ? ledger.table : "");
  } catch (const pg::ServerError& error) {
    throw Error(ErrorKind::usage, std::string("invalid --lock-timeout or --statement-timeout: ") + error.what());
  }
  return connected;
}

// A run that writes needs a server that takes writes: a standby, or a
// session that is read-only by default, would fail at the first statement
// that writes (the ledger's creation, or a migration), far from the cause.
void refuse_read_only(const SessionFacts& facts, const std::string& target) {
  if (facts.standby) {
    throw Error(ErrorKind::check, target + " is a standby (in recovery), which takes no writes: run pgapply against "
                                           "the primary; nothing was done");
  }
  if (facts.read_only) {
    throw Error(ErrorKind::check,
                "default_transaction_read_only is on for this session on " + target +
                    " (set for the database or the role, or in PGOPTIONS): the ledger and the migrations could not "
                    "write; nothing was done. A provider may set it on purpose (a disk nearly full): find out why "
                    "first. To run anyway, as a role for which it is off, or with PGOPTIONS='-c "
                    "default_transaction_read_only=off' before the command (beside any options PGOPTIONS holds)");
  }
}

settings::ConnectOptions lock_connection_options(const Context& context) {
  settings::ConnectOptions options = context.connection;
  options.application_name = "pgapply (migration lock)";  // named once the migrations' pid is known
  options.connect_retries = 0;
  return options;
}

// A connection made on a thread of its own, one attempt, given up when
// `abandon` (if any) is set.
std::future<settings::Connected> connect_on_thread(settings::ConnectOptions options,
                                                   std::shared_ptr<std::atomic<bool>> abandon = nullptr) {
  return std::async(std::launch::async, [options = std::move(options), abandon = std::move(abandon)] {
    return settings::connect(options, {}, abandon.get());
  });
}

// The migration lock's connection, made beside the migrations' one: through
// latency, connecting (TCP, TLS, authentication) is several round trips.
std::future<settings::Connected> start_lock_connection(const Context& context,
                                                       std::shared_ptr<std::atomic<bool>> abandon = nullptr) {
  return connect_on_thread(lock_connection_options(context), std::move(abandon));
}

}  // namespace

EarlyConnections::~EarlyConnections() {
  // Unused: the futures' destructors wait for their attempts, given up now.
  if (abandon_ && (main_.valid() || lock_.valid())) abandon_->store(true);
}

EarlyConnections connect_early(const Context& context, LedgerAccess access) {
  EarlyConnections early;
  // --connect-retries: a server expected to come up, connected to as the
  // session starts, retries said as they happen.
  if (context.connection.connect_retries > 0) return early;
  early.abandon_ = std::make_shared<std::atomic<bool>>(false);
  early.main_ = connect_on_thread(context.connection, early.abandon_);
  if (access == LedgerAccess::change) early.lock_ = start_lock_connection(context, early.abandon_);
  return early;
}

// The lock's first attempt, sent: the batch answers on the connection.
struct LedgerSession::LockAttempt {
  settings::Connected lock_connection;
  std::unique_ptr<pg::StatementBatch> batch;  // (destroyed first: it uses the connection)
};

LedgerSession::~LedgerSession() {
  if (lock_attempt_) {
    // Unused (nothing was pending): its answer, long come, read rather than
    // cancelled (a cancel is a connection of its own); the lock, if taken,
    // goes with the connection.
    try {
      lock_attempt_->batch->finish({});
    } catch (const std::exception&) {
      // the connection closes all the same
    }
    lock_attempt_.reset();
  }
  release_lock();
}

settings::Connected LedgerSession::lock_connection_made() {
  if (lock_connecting_.valid()) {  // (not after a first lock taken and released)
    try {
      settings::Connected made = lock_connecting_.get();
      // A session ended meanwhile (an administrator's pg_terminate_backend)
      // shows without a round trip.
      if (made.connection.still_connected()) return made;
    } catch (const Error& error) {
      // Else it failed where the migrations' connection, retried, succeeded
      // (a server starting up): once more, now.
      if (error.kind() == ErrorKind::interrupted) throw;
    }
  }
  return settings::connect(lock_connection_options(context_));
}

LedgerSession::LedgerSession(const Context& context, RunOutput& output, LedgerAccess access, Announce announce,
                             LockAt lock_at, EarlyConnections early)
    : context_(context),
      lock_connecting_(early.lock_.valid()                 ? std::move(early.lock_)
                       : access == LedgerAccess::change ? start_lock_connection(context)
                                                        : std::future<settings::Connected>()),
      connected_(connect_and_prepare(context, output, facts_, std::move(early.main_))),
      backend_pid_(connected_.connection.backend_pid()),
      ledger_(connected_.connection,
              resolve_ledger_name(parse_ledger_name(context.project.ledger, context.project.ledger_format),
                                  facts_.current_schema, facts_.ledger_schema)) {
  cancel_on_signal_ = std::make_unique<pg::CancelOnSignal>(connected_.connection);
  if (announce == Announce::connection) output.progress(describe());
  if (access == LedgerAccess::read) {
    ledger_.shape();  // a table of that name that is not a ledger is an error here already
    return;
  }
  refuse_read_only(facts_, connected_.target);
  if (lock_at == LockAt::start) take_lock(output);
}

std::string LedgerSession::lock_application_name() const {
  // The holder's application_name names the connection the migrations run
  // on, so that a run waiting for the lock can say what this one is doing.
  return "pgapply (migration lock; migrations on pid " + std::to_string(backend_pid_) + ")";
}

void LedgerSession::begin_lock_attempt() {
  if (lock_ || lock_attempt_ || !lock_connecting_.valid()) return;
  // Should the lock's connection fail now, take_lock() connects again and
  // says why if that fails too: a run with nothing pending needs no lock.
  try {
    auto attempt = std::make_unique<LockAttempt>(LockAttempt{lock_connection_made(), nullptr});
    const std::vector<std::string> statements = MigrationLock::first_attempt(ledger_.name(), lock_application_name());
    attempt->batch = std::make_unique<pg::StatementBatch>(
        attempt->lock_connection.connection, std::vector<std::string_view>(statements.begin(), statements.end()));
    lock_attempt_ = std::move(attempt);
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::interrupted) throw;
  }
}

std::vector<pg::Connection::Outcome> LedgerSession::take_lock(RunOutput& output,
                                                             const std::vector<pg::Connection::Query>& along) {
  if (lock_) return connected_.connection.exec_together(along);
  std::optional<settings::Connected> lock_connection;
  std::optional<pg::Result> first_answer;
  if (std::unique_ptr<LockAttempt> attempt = std::move(lock_attempt_)) {
    try {
      attempt->batch->finish([&first_answer](std::size_t index, pg::Result& result) {
        if (index == 1) first_answer = std::move(result);
      });
      attempt->batch.reset();
      // Used only if it took the lock and its session is still there (an
      // administrator may have ended it since); else the attempt again, now
      // (a holder may have let go meanwhile), on a connection made again if need be.
      const bool alive = attempt->lock_connection.connection.still_connected();
      bool taken = false;
      if (first_answer) {
        const pg::Rows rows(*first_answer);
        taken = rows[0].flag("locked");
      }
      if (!taken || !alive) first_answer.reset();
      if (alive) lock_connection.emplace(std::move(attempt->lock_connection));
    } catch (const pg::ConnectionError&) {
      first_answer.reset();  // (its session ended meanwhile: the attempt again, on a new connection)
    }
  }
  if (!lock_connection) lock_connection.emplace(lock_connection_made());
  lock_ = std::make_unique<MigrationLock>(
      std::move(lock_connection->connection), ledger_.name(), context_.lock_wait,
      [&output](const std::string& holder) { output.warning(holder); }, pgapply_command(context_, {"status"}),
      lock_application_name(), std::move(first_answer));
  // Held by the session that commits: see MigrationLock::handover_keys.
  const auto handover = MigrationLock::handover_keys(ledger_.name());
  std::vector<pg::Connection::Query> queries{{"SELECT pg_catalog.pg_advisory_lock_shared($1::int, $2::int)",
                                              {std::to_string(handover.first), std::to_string(handover.second)}}};
  queries.insert(queries.end(), along.begin(), along.end());
  std::vector<pg::Connection::Outcome> outcomes = connected_.connection.exec_together(queries);
  outcomes.front().take();
  outcomes.erase(outcomes.begin());
  return outcomes;
}

std::optional<std::vector<migrate::LedgerRow>> LedgerSession::rows_on_new_connection() noexcept {
  try {
    settings::ConnectOptions options = context_.connection;
    options.application_name = "pgapply (reading the ledger after a lost connection)";
    options.connect_retries = 0;
    settings::Connected again = settings::connect(options);
    // Until the lost session is gone, what the ledger says may still change.
    const std::string pid = std::to_string(backend_pid_);
    const std::string lost_session(embedded_sql("lost_migrations_session.sql"));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (again.connection.exec_params(lost_session, {pid}).rows() > 0) {
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Ledger(again.connection, ledger_.name()).rows();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void LedgerSession::check_lock_after_run(const std::string& finished) {
  if (!lock_) return;
  if (!idle()) {
    lock_->check_after_run(finished);
    return;
  }
  std::exception_ptr lost;  // the lock's loss: the run's outcome, whatever the reset does
  try {
    reset_session_while(connected_.connection, context_.session, [&] {
      try {
        lock_->check_after_run(finished);
      } catch (...) {
        lost = std::current_exception();
      }
    });
    session_reset_ = true;
  } catch (const std::exception&) {
    // The reset failed (cancelled by a statement_timeout the database sets,
    // Ctrl-C, the connection lost): no failure of the run, whose files are
    // committed; release_lock() tries it again, as before anything reads.
  }
  if (lost) std::rethrow_exception(lost);
}

void LedgerSession::release_lock() {
  if (!lock_) return;
  try {
    pg::Connection& connection = connected_.connection;
    if (!session_reset_ && idle()) {
      // The session reset, in one round trip: every session-level advisory
      // lock (the hand-over lock however often it was taken, and any a
      // migration left), and whatever else the last file left in the
      // session (SET ROLE, search_path), which must not change what a
      // verify after the run reads through it.
      reset_session_now(connection, context_.session);
    }
  } catch (const std::exception&) {
    // The session is going: the server lets its locks go with it.
  }
  lock_.reset();
}

std::string LedgerSession::describe() {
  return "Connected to " + connected_.target + " (PostgreSQL " +
         connected_.connection.parameter_status("server_version").value_or("?") + "; settings from " +
         connected_.source + "); ledger " + ledger_.name().shown();
}

}  // namespace pgapply::engine
