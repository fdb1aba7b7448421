#pragma once

#include <cstddef>
#include <optional>
#include <string>

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
  // own: the 1-based index of the file's final COMMIT, before which pgapply
  // records the migration.
  std::size_t commit_statement = 0;
};

// A migration whose own transactions pgapply cannot record atomically: what
// TransactionPlanner::finish throws, with the line and the reason apart (for
// `pgapply lint`, which reports it as a finding).
class RefusedTransactions : public Error {
 public:
  RefusedTransactions(const std::string& diagnostic, std::size_t at_line, std::string why)
      : Error(ErrorKind::input, diagnostic, true), line(at_line), reason(std::move(why)) {}
  std::size_t line;
  std::string reason;
};

// Decides a file's transaction mode from its statements, seen one by one
// (so a file never has to be in memory whole). Throws Error(input) naming
// file:line for a file whose transactions pgapply cannot record atomically.
class TransactionPlanner {
 public:
  // A migration must be recordable atomically: a file whose own transactions
  // do not allow that is refused. Other scripts (exec) then run as written,
  // statement by statement, as psql runs them.
  explicit TransactionPlanner(std::string file_name, bool migration = true);

  // A statement, in file order. `line` is where it starts; `autocommit_reason`
  // is set for a statement that cannot run in a transaction block.
  void add_statement(std::size_t line, lexer::TransactionControl control,
                     const std::optional<std::string>& autocommit_reason, bool session_setting);

  // `directives` come from the file's header.
  TransactionPlan finish(const Directives& directives) const;

 private:
  void problem(std::size_t line, std::string why);

  enum class Phase { before_begin, in_transaction, after_commit };

  std::string file_name_;
  bool migration_;
  std::size_t statements_ = 0;
  std::optional<std::string> first_autocommit_;  // "VACUUM at line 7 ..."
  // The file's own BEGIN ... COMMIT, for the own mode.
  Phase phase_ = Phase::before_begin;
  bool has_control_ = false;          // any BEGIN, COMMIT, ROLLBACK or PREPARE
  std::size_t begin_line_ = 0;
  std::size_t commit_line_ = 0;
  std::size_t commit_index_ = 0;
  std::size_t first_unsafe_line_ = 0;  // a statement before BEGIN that is not SET/RESET
  // Why the own mode cannot apply: the first problem found, and its line.
  std::optional<std::pair<std::size_t, std::string>> problem_;
};

}  // namespace pgapply::psql
