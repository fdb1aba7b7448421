#pragma once

// Where the runner sends a file: a live connection (ServerSink) or the psql
// script of a dry run (ScriptSink). Both receive the same calls in the same
// order, so a dry-run script does exactly what `up` does.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql_template.hpp"
#include "psql/interpreter.hpp"

namespace pgapply::engine {

class LoadedScript;

// What a \gexec's generated statements may do to transactions, where they run.
enum class GexecTransaction : std::uint8_t {
  // In a transaction the file controls (its own BEGIN ... COMMIT, exec's):
  // anything, as psql runs it.
  as_they_come,
  // In the transaction pgapply began and records the file in: they may not
  // end it (COMMIT, ROLLBACK, PREPARE TRANSACTION are refused before running).
  recorded,
  // Outside a transaction, a migration recorded statement by statement: they
  // may not leave one open (a BEGIN without its COMMIT), whose statements
  // pgapply's next ledger write would commit where psql rolls them back.
  outside,
};

// The error of an `outside` \gexec that left a transaction open (SQLSTATE
// 25001), live and in a printed script alike.
inline constexpr std::string_view gexec_left_open =
    "\\gexec left a transaction open (it generated a BEGIN without its COMMIT) in a file run outside a transaction";

// One of pgapply's own statements around a file's: BEGIN, COMMIT, the
// ledger's writes, the session reset.
struct InternalStatement {
  SqlCall call;
  std::string what;  // for errors: "the ledger insert", "pgapply's COMMIT"...
  // The batch must end after it (it may change how later statements parse).
  bool ends_batch = false;
  // Its result's first value, when it has one (live only): e.g. the
  // duration the ledger insert returns.
  std::function<void(std::string_view value)> on_value;
  // Its result has no row at all (live only): the ledger's record, which
  // returns one, kept out (a trigger or rule a migration put on the ledger).
  std::function<void()> on_no_row;
  // Its result means the file committed (live only).
  bool commits_file = false;
  // It cannot raise a notice (a RESET, a SET of a plain setting): in a
  // statement batch it needs no fence before it (pg/statement_batch.hpp).
  bool quiet = false;
};

// The ledger calls for a failure, given the error text: a literal (live), or
// a psql variable the script sets at run time (printer).
using FailureCalls = std::function<std::vector<SqlCall>(const SqlParam& error)>;

class Sink : public psql::Backend {
 public:
  // Statements from now on belong to `script`, the run's file number `tag`
  // (a failure says which file it was, so the run loop knows what committed).
  virtual void start_file(const LoadedScript& script, std::size_t tag) = 0;
  virtual void internal(InternalStatement statement) = 0;
  // The next statement of the file is its own COMMIT: when it succeeds, the
  // file has committed.
  virtual void next_statement_commits_file() = 0;
  // A statement of the file that pgapply leaves out (the inner BEGIN and
  // COMMIT of a file that runs as one transaction).
  virtual void left_out(const psql::Statement& statement, const std::string& why) = 0;
  // Everything so far sent and answered (live); nothing to do (printer).
  virtual void flush() = 0;
  // Outside a transaction, a failing statement must be recorded before the
  // run stops. The runner puts each such statement between guard_begin and
  // guard_end. Live: guard_end sends and reads everything (a failure throws,
  // and the runner calls record_failure). Printer: the script lets the
  // statement fail without stopping, then checks psql's :ERROR; on error it
  // rolls back when `in_transaction` (the statement ran in one, or may have
  // left one open), records `on_failure` and stops.
  virtual void guard_begin() = 0;
  virtual void guard_end(bool in_transaction, const FailureCalls& on_failure) = 0;
  // Live, after a failure: rolls back the transaction if one is open, then
  // runs `calls` (the failure's record: each in its own transaction, or
  // BEGIN ... COMMIT among them), and rolls back what they leave open on error.
  virtual void record_failure(const std::vector<SqlCall>& calls) = 0;
  // A comment in a printed script; nothing on a live connection.
  virtual void comment(const std::string& text) = 0;
  // Where the next \gexec's generated statements run (live; the printer's
  // script runs them as psql does). Back to `as_they_come` after it.
  virtual void gexec_transaction(GexecTransaction where) { (void)where; }
};

}  // namespace pgapply::engine
