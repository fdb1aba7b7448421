#include "engine/runner.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "core/interruption.hpp"
#include "core/sql_quote.hpp"
#include "engine/block_settings.hpp"
#include "engine/session_reset.hpp"
#include "lexer/batch_boundaries.hpp"
#include "engine/statement_error.hpp"

namespace pgapply::engine {

namespace {

using psql::TransactionMode;
using lexer::TransactionControl;

InternalStatement internal(SqlCall call, std::string what) {
  InternalStatement statement;
  statement.call = std::move(call);
  statement.what = std::move(what);
  return statement;
}

// One that cannot raise a notice (no fence before it in a batch).
InternalStatement quiet(SqlCall call, std::string what) {
  InternalStatement statement = internal(std::move(call), std::move(what));
  statement.quiet = true;
  return statement;
}

// Replays a file into the sink in its mode, adding the ledger's statements.
class FileRun : public psql::Backend {
 public:
  FileRun(const LoadedScript& script, const RunRecord& record, Sink& sink, const OwnSession& own,
          const RunCallbacks& callbacks)
      : script_(script),
        plan_(script.analysis().plan),
        record_(record),
        sink_(sink),
        own_(own),
        callbacks_(callbacks) {}

  void run() {
    // A printed script's check that the file is still to run: before
    // anything of it, as the session's own user (not a role the file's first
    // statements switch to), outside the file's transaction.
    for (auto& call : record_.opening()) sink_.internal(quiet(std::move(call), "the ledger's check that the file is pending"));
    switch (plan_.mode) {
      case TransactionMode::wrapped:
        if (first_run_precedes_queries(0)) sink_.flush();
        // (what comes before it is pgapply's, one result each: no fence)
        sink_.internal(quiet({"BEGIN", {}}, "pgapply's BEGIN"));
        clock_due_ = record_.records();
        script_.replay(*this);
        committing();
        {
          InternalStatement commit = internal({"COMMIT", {}}, "pgapply's COMMIT after the file's last statement");
          commit.commits_file = true;
          sink_.internal(std::move(commit));
        }
        return;
      case TransactionMode::own:
        script_.replay(*this);
        return;
      case TransactionMode::autocommit:
        run_statement_by_statement();
        return;
    }
  }

  void statement(const psql::Statement& statement) override {
    switch (plan_.mode) {
      case TransactionMode::wrapped:
        if (plan_.leaves_out(statement.index)) {
          const bool begin = script_.traits(statement.index).control == TransactionControl::begin;
          sink_.left_out(statement, "the file runs as one transaction: pgapply leaves out its own " +
                                        std::string(begin ? "BEGIN" : "COMMIT"));
          block_settings(statement, begin);
        } else {
          before_statement(statement);
          sink_.statement(statement);
          after_statement(statement);
          keep_block_session_setting(statement);
        }
        return;
      case TransactionMode::own:
        if (statement.index == plan_.commit_statement) {
          committing();
          sink_.next_statement_commits_file();
        }
        // (a BEGIN ISOLATION LEVEL ... is such a statement itself)
        if (statement.index == plan_.begin_statement &&
            (script_.traits(statement.index).precedes_queries || first_run_precedes_queries(statement.index))) {
          sink_.flush();
        }
        before_statement(statement);
        sink_.statement(statement);
        after_statement(statement);
        if (statement.index == plan_.begin_statement && record_.records()) clock_due_ = true;
        return;
      case TransactionMode::autocommit:
        autocommit_statement(statement);
        after_statement(statement);
        return;
    }
  }

  void copy_data(std::string_view data, std::size_t line, bool last) override {
    sink_.copy_data(data, line, last);
    if (last && wrapped_copy_) {
      wrapped_copy_ = false;
      end_wrapped(wrapped_index_);
    }
  }

  void gexec(const psql::Statement& query) override {
    if (plan_.mode != TransactionMode::autocommit) {
      start_due_clock();
      // (a migration's: exec's files are recorded nowhere, and run as psql -1 runs them)
      if (record_.records()) sink_.gexec_transaction(GexecTransaction::recorded);
      sink_.gexec(query);
      return;
    }
    // What it runs is known only at run time: it runs as written, alone.
    if (in_own_transaction_) {
      guarded(true, [&] { sink_.gexec(query); });
      return;
    }
    // A migration's may not leave a transaction open: refused, and what it
    // left open rolled back before the failure is recorded.
    const bool outside = record_.tracks_statements();
    run_alone(
        query.index,
        [&] {
          if (outside) sink_.gexec_transaction(GexecTransaction::outside);
          sink_.gexec(query);
        },
        outside);
  }

  void echo(const std::string& text, bool to_stderr) override { sink_.echo(text, to_stderr); }

 private:
  // A left-out BEGIN keeps the values of the settings its block SETs LOCAL;
  // the left-out statement after it (its COMMIT) gives them back.
  void block_settings(const psql::Statement& statement, bool begin) {
    if (!block_settings_.empty()) {
      start_due_clock();
      InternalStatement back = quiet(give_back_block_settings(block_settings_),
                                     "pgapply's end of the SET LOCALs in the file's BEGIN ... COMMIT, as its COMMIT "
                                     "(line " + std::to_string(statement.line) + ")");
      back.ends_batch = std::any_of(block_settings_.begin(), block_settings_.end(), [](const std::string& name) {
        return lexer::may_change_parse_settings("SET " + name + " = on");
      });
      sink_.internal(std::move(back));
      block_settings_.clear();
    }
    if (!begin) return;
    block_settings_ = block_local_settings(script_, statement.index);
    if (block_settings_.empty()) return;
    start_due_clock();
    sink_.internal(quiet(keep_block_settings(block_settings_),
                         "pgapply's note of the settings the file's BEGIN ... COMMIT (line " +
                             std::to_string(statement.line) + ") sets LOCAL"));
  }

  void keep_block_session_setting(const psql::Statement& statement) {
    const StatementTraits& traits = script_.traits(statement.index);
    if (block_settings_.empty() || !traits.sets) return;
    if (auto keep = engine::keep_block_session_setting(block_settings_, *traits.sets)) {
      sink_.internal(quiet(std::move(*keep), "pgapply's note of the session value the file's SET (line " +
                                                 std::to_string(statement.line) + ") gives a setting it sets LOCAL"));
    }
  }

  // The record, just before the file's transaction commits, as every write
  // of the ledger: a file that switched roles or set its own time limits
  // does not write it as that role, nor within those limits.
  void committing() {
    if (!record_.records()) return;
    start_due_clock();  // a file of SET TRANSACTION alone
    write_ledger(record_.committing(), "the ledger's record", true);
  }

  // The clock starts before the first statement of the file's transaction
  // that may not come before a query: a SET TRANSACTION ISOLATION LEVEL
  // must, and runs as psql -1 runs it.
  void before_statement(const psql::Statement& statement) {
    const StatementTraits& traits = script_.traits(statement.index);
    if (!traits.precedes_queries && !traits.session_setting) start_due_clock();
  }

  // Whether a statement that must precede the transaction's first query
  // comes after statement `index` (0: the file's start) before any query
  // (SETs take none). Then the transaction begins a query of its own: in one
  // with what went before (the session reset's SELECT), its BEGIN would join
  // a transaction that has run one.
  bool first_run_precedes_queries(std::size_t index) const {
    for (std::size_t next = index + 1; next <= script_.statements(); ++next) {
      if (plan_.leaves_out(next)) continue;
      const StatementTraits& traits = script_.traits(next);
      if (traits.precedes_queries) return true;
      if (!traits.session_setting) return false;
    }
    return false;
  }

  void start_due_clock() {
    if (!clock_due_) return;
    clock_due_ = false;
    start_clock();
  }

  // pgapply's clock, at the start of the file's transaction: the ledger's
  // record measures the duration from it. Live, its value comes back for
  // restart_clock (the answer may come after this run: the callback holds
  // its own pointer).
  void start_clock() {
    InternalStatement statement = quiet(LedgerProtocol::start_clock(own_.handover_lock), "pgapply's clock");
    statement.on_value = [clock = clock_](std::string_view value) { *clock = std::string(value); };
    sink_.internal(std::move(statement));
    clock_started_ = true;
  }

  // A statement of the file has been handed to the sink: after a RESET ALL
  // or DISCARD ALL, what it cleared is set again: pgapply's settings (a
  // lock_timeout, the check that ends the backend if pgapply dies), the
  // hand-over lock, the clock (which only runs in a transaction), the name.
  void after_statement(const psql::Statement& statement) {
    const StatementTraits& traits = script_.traits(statement.index);
    if (traits.may_release_handover && !traits.resets_all && own_.lock_again) {
      // Only the lock: the file's own settings stay as it set them.
      sink_.internal(quiet(*own_.lock_again, "pgapply's lock, again after the file's advisory unlock"));
    }
    if (!traits.resets_all) return;
    for (const SqlCall& call : own_.settings) sink_.internal(quiet(call, "pgapply's settings, again after RESET ALL"));
    if (clock_started_) restart_clock();
    announce_file(sink_, script_);
  }

  // After the file's RESET ALL, which clears the clock: the clock again, with
  // the value it had. Live, the flush brings that value back (the RESET ALL
  // ended its batch: this waits for its answer, for such a file only); a
  // printed script has it in psql's variable (the clock's \gset).
  void restart_clock() {
    sink_.flush();
    const SqlParam started = clock_->empty() ? SqlParam::from_psql_variable("pgapply_set_config") : SqlParam(*clock_);
    sink_.internal(quiet(LedgerProtocol::restart_clock(started), "pgapply's clock, again after RESET ALL"));
  }

  // The answer may come long after this file's run (batched with later
  // files): the reporter holds its own copy of the callback.
  // The ledger's record returns the duration; none at all, it wrote no row.
  void reports_record(InternalStatement& statement) const {
    if (!statement.call.returns_row) return;
    statement.on_value = duration_reporter();
    statement.on_no_row = callbacks_.unrecorded;
  }

  std::function<void(std::string_view)> duration_reporter() const {
    return [recorded = callbacks_.recorded](std::string_view value) {
      if (recorded && !value.empty()) recorded(std::stoll(std::string(value)));
    };
  }

  // Whether a statement of the file may have changed its session (SET ROLE,
  // SET SESSION AUTHORIZATION, default_transaction_read_only...): then the
  // ledger's writes between its statements undo that for themselves alone
  // (as_connecting_user).
  bool session_may_change() const { return script_.analysis().changes_session; }

  // Sends the ledger's `writes` (see as_connecting_user); the one that
  // returns a row returns the duration.
  void write_ledger(std::vector<SqlCall> writes, const std::string& what, bool in_transaction) {
    bool first = true;
    for (auto& call : as_connecting_user(script_, std::move(writes), in_transaction, own_.ledger_settings)) {
      // The first follows the file's statement (which a rule may make give
      // several results: the fence keeps the count); the others follow
      // pgapply's own, one result each, and raise no notice.
      InternalStatement statement = first ? internal(std::move(call), what) : quiet(std::move(call), what);
      first = false;
      reports_record(statement);
      sink_.internal(std::move(statement));
    }
  }

  // The failure's record, after the failing statement's transaction (if
  // any) rolled back.
  std::vector<SqlCall> failed_calls(std::size_t done, const SqlParam& error) const {
    return as_connecting_user(script_, record_.failed(done, error), false, own_.ledger_settings);
  }

  FailureCalls failure() const {
    const std::size_t done = done_;
    return [this, done](const SqlParam& error) { return failed_calls(done, error); };
  }

  void guarded(bool in_transaction, const std::function<void()>& step) {
    sink_.guard_begin();
    guard_open_ = true;
    step();
    sink_.guard_end(in_transaction, failure());
    guard_open_ = false;
  }

  void advance(std::size_t done) {
    done_ = done;
    if (callbacks_.progressed) callbacks_.progressed(done_);
  }

  void record_progress(std::size_t done, bool in_transaction) {
    if (!record_.tracks_statements()) return;
    write_ledger(record_.progressed(done), "the ledger's progress", in_transaction);
  }

  // A statement that must run as written, on its own: it cannot run in a
  // transaction block, may commit by itself, or controls transactions.
  // `may_leave_open`: its failure may leave a transaction open (a \gexec's).
  void run_alone(std::size_t index, const std::function<void()>& send, bool may_leave_open = false) {
    // Whatever is batched (the session reset, the previous statement's
    // progress) goes first: in one query string with it, the statement would
    // run inside an implicit transaction block.
    sink_.flush();
    if (record_.tracks_statements() && (script_.traits(index).needs_autocommit || script_.traits(index).may_commit)) {
      write_ledger(record_.running(index), "the ledger's progress", false);
      sink_.flush();  // committed before the statement starts
    }
    guarded(may_leave_open, send);
    record_progress(index, false);
    sink_.flush();
    advance(index);
  }

  void end_wrapped(std::size_t index) {
    sink_.guard_end(true, failure());
    guard_open_ = false;
    // Until its COMMIT is answered, the statement may still roll back (a
    // cancel that reaches the server late lands on the progress's write or
    // the COMMIT): its failure is recorded all the same.
    committing_wrapped_ = true;
    if (session_may_change()) sink_.internal(internal({"RELEASE SAVEPOINT pgapply_statement", {}}, "pgapply's RELEASE SAVEPOINT"));
    record_progress(index, true);
    sink_.internal(internal({"COMMIT", {}}, "pgapply's COMMIT"));
    sink_.flush();
    committing_wrapped_ = false;
    advance(index);
  }

  void autocommit_statement(const psql::Statement& statement) {
    const std::size_t index = statement.index;
    const StatementTraits& traits = script_.traits(index);
    if (traits.may_make_read_only) may_be_read_only_ = true;
    if (in_own_transaction_) {
      if (traits.control == TransactionControl::commit && !may_be_read_only_) {
        // The progress commits with the file's own transaction.
        sink_.guard_begin();
        record_progress(index, true);
        guard_open_ = true;
        sink_.statement(statement);
        sink_.guard_end(false, failure());
        guard_open_ = false;
        in_own_transaction_ = false;
        sink_.flush();
        advance(index);
      } else if (traits.control == TransactionControl::commit || traits.control == TransactionControl::rollback) {
        // A transaction that may be read-only cannot hold the progress: it
        // follows the COMMIT, in a transaction of its own.
        guarded(true, [&] { sink_.statement(statement); });
        in_own_transaction_ = false;
        record_progress(index, false);
        sink_.flush();
        advance(index);
      } else {
        guarded(true, [&] { sink_.statement(statement); });
      }
      return;
    }
    if (traits.control == TransactionControl::begin) {
      guarded(false, [&] { sink_.statement(statement); });
      in_own_transaction_ = true;
      return;
    }
    const bool wrap = record_.tracks_statements() && traits.wrappable();
    if (!wrap) {
      run_alone(index, [&] { sink_.statement(statement); });
      return;
    }
    // BEGIN; the statement; its progress; COMMIT: the ledger is never behind.
    sink_.guard_begin();
    guard_open_ = true;
    if (session_may_change()) {
      // An earlier statement may have set default_transaction_read_only: the
      // statement runs read-only as psql would run it, in a subtransaction,
      // whose end gives the ledger's write its READ WRITE back.
      sink_.internal(internal({"BEGIN READ WRITE", {}}, "pgapply's BEGIN"));
      sink_.internal(internal({"SAVEPOINT pgapply_statement", {}}, "pgapply's SAVEPOINT"));
      sink_.internal(internal({"SELECT pg_catalog.set_config('transaction_read_only', "
                               "pg_catalog.current_setting('default_transaction_read_only'), true) AS read_only",
                               {},
                               true},
                              "pgapply's SET LOCAL transaction_read_only"));
    } else {
      sink_.internal(internal({"BEGIN", {}}, "pgapply's BEGIN"));
    }
    sink_.statement(statement);
    if (statement.copy_from_stdin) {
      wrapped_copy_ = true;  // ends with its data
      wrapped_index_ = index;
      return;
    }
    end_wrapped(index);
  }

  void run_statement_by_statement() {
    if (record_.tracks_statements()) {
      for (auto& call : record_.started()) sink_.internal(internal(std::move(call), "the ledger's start"));
      sink_.flush();
    }
    try {
      script_.replay(*this);
      if (in_own_transaction_) {
        // Only files that are not migrations get here (see TransactionPlanner):
        // what psql would leave open rolls back when the session ends.
        sink_.internal(internal({"ROLLBACK", {}}, "pgapply's ROLLBACK of the transaction the file left open"));
        in_own_transaction_ = false;
      }
      write_ledger(record_.finished(), "the ledger's record", false);
      sink_.flush();
    } catch (const StatementError& error) {
      if (guard_open_ || committing_wrapped_) {
        const int signal_number = signal_received();
        sink_.record_failure(failed_calls(
            done_, signal_number != 0 ? interrupted_by(signal_number) + " at " + error.ledger_text()
                                      : error.ledger_text()));
      }
      throw;
    }
  }

  const LoadedScript& script_;
  const psql::TransactionPlan& plan_;
  const RunRecord& record_;
  Sink& sink_;
  const OwnSession& own_;
  const RunCallbacks& callbacks_;
  std::shared_ptr<std::string> clock_ = std::make_shared<std::string>();  // start_clock's value (live)
  bool clock_started_ = false;
  bool clock_due_ = false;  // the file's transaction has begun; the clock starts before its first query
  std::size_t done_ = 0;  // statements committed
  bool in_own_transaction_ = false;
  bool may_be_read_only_ = false;  // a statement so far may have made a transaction read-only
  bool guard_open_ = false;
  bool committing_wrapped_ = false;  // end_wrapped: the wrapped statement's progress and COMMIT sent
  bool wrapped_copy_ = false;
  std::vector<std::string> block_settings_;  // set LOCAL in the file's left-out BEGIN ... COMMIT
  std::size_t wrapped_index_ = 0;
};

}  // namespace

std::vector<SqlCall> as_connecting_user(const LoadedScript& script, std::vector<SqlCall> writes, bool in_transaction,
                                        const std::vector<SqlCall>& settings) {
  if (writes.empty()) return writes;
  if (script.analysis().changes_session || script.analysis().may_change_role || !in_transaction) {
    return LedgerProtocol::as_connecting_user(std::move(writes), in_transaction, settings);
  }
  // A file with no SET, CALL, DO or function call that pgapply can see
  // (its hot path: one record per file) may still have a role set by a
  // trigger: back to the connecting role, which costs two statements, not
  // the whole of as_connecting_user.
  std::vector<SqlCall> calls = LedgerProtocol::as_connecting_role();
  for (auto& call : writes) calls.push_back(std::move(call));
  return calls;
}

// The server keeps printable ASCII of an application_name (the rest becomes
// '?') and its first 63 bytes; the query carrying it must be valid in the
// client encoding. So: ASCII only, a '?' per character (a file name may be
// any bytes), and the end of a long path kept, where the file's name is.
std::string application_name_for(std::string_view shown) {
  std::string name = "pgapply: ";
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      name += c;
    } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      name += '?';
    }
  }
  if (name.size() > 63) name = "pgapply: ..." + name.substr(name.size() - 51);
  return name;
}

bool names_file(std::string_view running, std::string_view file_name) {
  const std::string masked = application_name_for(file_name).substr(9);  // cut only if the name alone is long
  const bool cut = running.starts_with("...");
  if (cut) running.remove_prefix(3);
  if (running == masked || running.ends_with("/" + masked)) return true;
  // Cut inside the file's name: its end is what is left.
  const std::string_view whole = masked.starts_with("...") ? std::string_view(masked).substr(3) : masked;
  return cut && running.find('/') == std::string_view::npos && whole.ends_with(running);
}

void announce_file(Sink& sink, const LoadedScript& script) {
  const std::string name = application_name_for(script.shown());
  InternalStatement statement;
  statement.call = {"SET application_name = " + quote_literal(name), {}};
  statement.what = "pgapply's SET application_name";
  statement.quiet = true;
  sink.internal(std::move(statement));
}

void run_file(const LoadedScript& script, std::size_t tag, const RunRecord& record, Sink& sink, const OwnSession& own,
              const RunCallbacks& callbacks) {
  sink.start_file(script, tag);
  FileRun run(script, record, sink, own, callbacks);
  run.run();
}

}  // namespace pgapply::engine
