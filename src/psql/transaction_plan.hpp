#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

#include "psql/directives.hpp"
#include "lexer/statement_kind.hpp"

namespace pgapply::psql {

enum class TransactionMode {
  wrapped,     // pgapply runs the file between its own BEGIN and COMMIT
  own,         // the file wraps itself in BEGIN ... COMMIT; pgapply's work goes before that COMMIT
  autocommit,  // statement by statement, each committed on its own
};

std::string_view to_string(TransactionMode mode);

// How a file will run, and why.
struct TransactionPlan {
  TransactionMode mode = TransactionMode::wrapped;
  std::string reason;  // for the operator: "CREATE INDEX CONCURRENTLY at line 4" ...
  std::size_t statements = 0;
  // own: the 1-based indexes of the file's BEGIN and of its final COMMIT,
  // before which pgapply records the migration.
  std::size_t begin_statement = 0;
  std::size_t commit_statement = 0;
  // wrapped: the file's own BEGIN and COMMIT statements, left out so that
  // the whole file runs as ONE transaction (a file of statements, then
  // BEGIN ... COMMIT, then more, as `psql -1 -f` runs it), in order.
  std::vector<std::size_t> left_out;
  // wrapped: those statements in words, "its own BEGIN/COMMIT (lines 2, 4)",
  // "its own COMMIT (line 2)" ("" when none).
  std::string left_out_named;

  bool leaves_out(std::size_t index) const;
  // The statements that run: all but those left out. What up reports and the
  // ledger records as the file's statements; `statements` stays the count of
  // statement numbers (index) the file has, for file:line and progress.
  std::size_t statements_run() const { return statements - left_out.size(); }
};

// A migration whose transactions pgapply cannot run as its author meant:
// what TransactionPlanner::finish throws, with the line and the reason apart
// (for `pgapply lint`, which reports it as a finding).
class RefusedTransactions : public Error {
 public:
  RefusedTransactions(const std::string& diagnostic, std::size_t at_line, std::string why)
      : Error(ErrorKind::input, diagnostic, true), line(at_line), reason(std::move(why)) {}
  std::size_t line;
  std::string reason;
};

// Decides a file's transaction mode from its statements, seen one by one
// (so a file never has to be in memory whole). Throws RefusedTransactions naming
// file:line for a migration pgapply cannot run as its author meant:
//  - a ROLLBACK or PREPARE TRANSACTION (outside a no-transaction file);
//  - its own transactions plus a statement that cannot run in a transaction
//    block (mark the file -- pgapply: no-transaction to run it statement by
//    statement as written: the mode that statement chose already, with its
//    transactions, ROLLBACK included, as they are written);
//  - a BEGIN that is never committed, however the file is marked.
// Every refusal that offers the mark holds for a file the mark then runs.
// A file with its own BEGIN ... COMMIT that does not wrap it whole (statements
// before or after, several transactions) runs as one transaction with those
// BEGINs and COMMITs left out; so does any file marked -- pgapply: transaction.
class TransactionPlanner {
 public:
  // Scripts that are not migrations (exec) are never refused: statements
  // around BEGIN/COMMIT run as one transaction, as psql -1 runs them; a file
  // that rolls back, prepares, leaves a transaction open, joins a BEGIN or
  // COMMIT to another statement or holds a statement that cannot run in a
  // transaction block runs as written, statement by statement, as psql -f.
  explicit TransactionPlanner(std::string file_name, bool migration = true);

  // A statement, in file order. `line` is where it starts; `autocommit_reason`
  // is set for a statement that cannot run in a transaction block; `chain`:
  // a COMMIT or ROLLBACK AND CHAIN, after which a transaction is open again.
  void add_statement(std::size_t line, lexer::TransactionControl control,
                     const std::optional<std::string>& autocommit_reason, bool session_setting, bool chain = false);

  // A COMMIT, ROLLBACK, BEGIN or PREPARE TRANSACTION joined to the
  // statement at `line` (after a \; or in a variable's value): sent with it
  // as one query, it would end the transaction the file runs in. Refused
  // unless the file runs statement by statement as written.
  void add_joined_control(std::size_t line, lexer::TransactionControl control);

  // `directives` come from the file's header.
  TransactionPlan finish(const Directives& directives) const;

 private:
  TransactionPlan plan_for(const Directives& directives) const;
  // The whole file in one transaction, its BEGINs and COMMITs left out.
  TransactionPlan one_transaction(const Directives& directives) const;
  [[noreturn]] void refuse(std::size_t line, const std::string& why) const;

  std::optional<std::pair<std::size_t, lexer::TransactionControl>> joined_control_;
  struct Control {
    std::size_t index;
    std::size_t line;
    lexer::TransactionControl control;
  };

  std::string file_name_;
  bool migration_;
  std::size_t statements_ = 0;
  std::optional<std::pair<std::size_t, std::string>> first_autocommit_;  // line, "VACUUM"
  std::vector<Control> controls_;  // BEGIN, COMMIT, ROLLBACK, PREPARE TRANSACTION, in order
  bool open_at_end_ = false;       // a BEGIN not followed by COMMIT or ROLLBACK
  bool open_chained_ = false;  // the open transaction began with an AND CHAIN
  std::size_t open_line_ = 0;
  std::size_t first_unsafe_line_ = 0;  // a statement before the first BEGIN that is not SET/RESET
  std::size_t after_commit_line_ = 0;  // a statement after a COMMIT
};

}  // namespace pgapply::psql
