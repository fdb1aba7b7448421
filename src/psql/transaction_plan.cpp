#include "psql/transaction_plan.hpp"

#include <algorithm>

#include "core/diagnostic.hpp"
#include "core/error.hpp"

namespace pgapply::psql {

using lexer::TransactionControl;

std::string_view to_string(TransactionMode mode) {
  switch (mode) {
    case TransactionMode::wrapped: return "in a transaction";
    case TransactionMode::own: return "in the file's own transaction";
    case TransactionMode::autocommit: return "statement by statement, outside a transaction";
  }
  return "?";
}

bool TransactionPlan::leaves_out(std::size_t index) const {
  return std::binary_search(left_out.begin(), left_out.end(), index);
}

TransactionPlanner::TransactionPlanner(std::string file_name, bool migration)
    : file_name_(std::move(file_name)), migration_(migration) {}

void TransactionPlanner::refuse(std::size_t line, const std::string& why) const {
  throw RefusedTransactions(diagnostic(file_name_, line, 0, "error", why), line, why);
}

void TransactionPlanner::add_statement(std::size_t line, TransactionControl control,
                                       const std::optional<std::string>& autocommit_reason, bool session_setting,
                                       bool chain) {
  ++statements_;
  if (autocommit_reason && !first_autocommit_) first_autocommit_.emplace(line, *autocommit_reason);
  const bool any_control = control == TransactionControl::begin || control == TransactionControl::commit ||
                           control == TransactionControl::rollback ||
                           control == TransactionControl::prepare_transaction;
  if (any_control) controls_.push_back({statements_, line, control});
  switch (control) {
    case TransactionControl::begin:
      if (!open_at_end_) {
        open_line_ = line;
        open_chained_ = false;
      }
      open_at_end_ = true;
      break;
    case TransactionControl::commit:
    case TransactionControl::rollback:
      // AND CHAIN: the next transaction is open from here, and must be committed too.
      open_at_end_ = chain;
      if (chain) open_line_ = line;
      open_chained_ = chain;
      break;
    case TransactionControl::prepare_transaction:
      open_at_end_ = false;
      break;
    default:
      break;
  }
  const bool seen_begin = std::any_of(controls_.begin(), controls_.end(), [](const Control& c) {
    return c.control == TransactionControl::begin;
  });
  if (!any_control && !seen_begin && !session_setting && first_unsafe_line_ == 0) first_unsafe_line_ = line;
  const bool seen_commit = std::any_of(controls_.begin(), controls_.end(), [](const Control& c) {
    return c.control == TransactionControl::commit;
  });
  if (seen_commit && !open_at_end_ && control != TransactionControl::commit && after_commit_line_ == 0) {
    after_commit_line_ = line;
  }
}

void TransactionPlanner::add_joined_control(std::size_t line, TransactionControl control) {
  if (control == TransactionControl::none || control == TransactionControl::savepoint) return;
  if (!joined_control_) joined_control_.emplace(line, control);
}

TransactionPlan TransactionPlanner::finish(const Directives& directives) const {
  TransactionPlan plan = plan_for(directives);
  if (migration_ && joined_control_ && plan.mode != TransactionMode::autocommit) {
    const auto [line, control] = *joined_control_;
    const std::string what = control == TransactionControl::begin      ? "a BEGIN"
                             : control == TransactionControl::commit   ? "a COMMIT"
                             : control == TransactionControl::rollback ? "a ROLLBACK"
                                                                       : "a PREPARE TRANSACTION";
    refuse(line, what + " joined to another statement (after \\; or in a variable's value) would be sent with it "
                        "as one query, inside the transaction the file runs in: write it as a statement of its own" +
                        std::string(", or mark the file -- pgapply: no-transaction to run it statement by statement "
                                    "as written"));
  }
  return plan;
}

TransactionPlan TransactionPlanner::plan_for(const Directives& directives) const {
  TransactionPlan plan;
  plan.statements = statements_;
  const auto find = [&](TransactionControl control) -> const Control* {
    const auto found = std::find_if(controls_.begin(), controls_.end(),
                                    [&](const Control& c) { return c.control == control; });
    return found == controls_.end() ? nullptr : &*found;
  };
  const Control* first_begin = find(TransactionControl::begin);
  const Control* first_commit = find(TransactionControl::commit);
  const Control* rollback = find(TransactionControl::rollback);
  const Control* prepare = find(TransactionControl::prepare_transaction);
  const std::string no_transaction_hint =
      ", or mark the file -- pgapply: no-transaction to run it statement by statement as written";

  // Everything after it would roll back when the session ends, yet the file
  // would be recorded as applied: refused whatever the file is marked (so
  // the message offers no mark).
  const std::string never_committed =
      std::string(open_chained_ ? "the file's AND CHAIN begins a transaction that is never committed"
                                : "the file's BEGIN is never committed") +
      ": everything after it would be rolled back when the session ends. Add its COMMIT";

  if (directives.transaction == false) {
    plan.mode = TransactionMode::autocommit;
    plan.reason = directives.said_by.empty() ? "the file says -- pgapply: no-transaction" : directives.said_by;
    if (open_at_end_ && migration_) refuse(open_line_, never_committed);
    return plan;
  }
  if (!migration_) {
    // exec: as psql -f runs it.
    if (first_autocommit_ && directives.transaction != true) {
      plan.mode = TransactionMode::autocommit;
      plan.reason = first_autocommit_->second + " at line " + std::to_string(first_autocommit_->first) +
                    " cannot run inside a transaction block";
      return plan;
    }
    const bool own = controls_.size() == 2 && first_begin == &controls_[0] && first_commit == &controls_[1] &&
                     first_unsafe_line_ == 0 && after_commit_line_ == 0;
    if (controls_.empty()) return plan;
    if (own) {
      plan.mode = TransactionMode::own;
      plan.begin_statement = controls_[0].index;
      plan.commit_statement = controls_[1].index;
      plan.reason = "the file has its own BEGIN (line " + std::to_string(controls_[0].line) + ") and COMMIT (line " +
                    std::to_string(controls_[1].line) + ")";
      return plan;
    }
    // Statements before BEGIN/COMMIT: one transaction, as psql -1 runs the
    // file and as up runs it. A file that rolls back, prepares, leaves a
    // transaction open or joins a BEGIN/COMMIT to another statement means
    // its transactions as written: it runs so, as psql -f would.
    // Statements after a COMMIT may need it (an enum value ALTER TYPE ...
    // ADD VALUE added, used after): those files run as written too.
    if (!rollback && !prepare && !open_at_end_ && !joined_control_ && after_commit_line_ == 0) {
      return one_transaction(directives);
    }
    plan.mode = TransactionMode::autocommit;
    plan.reason = "the file controls its own transactions (line " + std::to_string(controls_.front().line) +
                  "): it runs as written";
    return plan;
  }

  if (open_at_end_) refuse(open_line_, never_committed);
  // Asked to run in a transaction, a statement that cannot would fail there,
  // after the statements before it ran: refused before anything runs.
  if (first_autocommit_ && directives.transaction == true) {
    refuse(first_autocommit_->first, first_autocommit_->second +
                                         " cannot run inside a transaction block, and the file says -- pgapply: "
                                         "transaction: split the file, or remove that line to run it statement by "
                                         "statement");
  }
  // A file that runs statement by statement (as a -- pgapply: no-transaction
  // file runs) and has transactions of its own: refused until it says so,
  // whatever ends them; once marked, they run as written, ROLLBACK included.
  // Before the ROLLBACK and PREPARE TRANSACTION checks, which would offer
  // the same mark as if the file ran in a transaction.
  if (first_autocommit_ && directives.transaction != true && !controls_.empty()) {
    const std::string line = "(line " + std::to_string(controls_.front().line) + ")";
    refuse(first_autocommit_->first,
           first_autocommit_->second + " cannot run inside a transaction block, and " +
               (rollback || prepare ? "the file runs its own transactions around it " + line
                                    : "the file's own transaction " + line + " would have to commit around it") +
               ": split the file" + no_transaction_hint);
  }
  if (rollback) {
    refuse(rollback->line, "the file rolls back its own transaction, so what it does would never be "
                           "applied (ROLLBACK TO SAVEPOINT is fine). Remove the ROLLBACK" + no_transaction_hint);
  }
  if (prepare) {
    refuse(prepare->line, "PREPARE TRANSACTION hands the file's transaction to a later COMMIT PREPARED, so pgapply "
                          "cannot record the file in it. Remove the PREPARE TRANSACTION" + no_transaction_hint);
  }
  if (first_autocommit_ && directives.transaction != true) {
    plan.mode = TransactionMode::autocommit;
    plan.reason = first_autocommit_->second + " at line " + std::to_string(first_autocommit_->first) +
                  " cannot run inside a transaction block";
    return plan;
  }
  if (controls_.empty()) {
    if (directives.transaction == true) plan.reason = "the file says -- pgapply: transaction";
    return plan;
  }
  const bool own = controls_.size() == 2 && first_begin == &controls_[0] && first_commit == &controls_[1] &&
                   first_unsafe_line_ == 0 && after_commit_line_ == 0 && directives.transaction != true;
  if (own) {
    plan.mode = TransactionMode::own;
    plan.begin_statement = controls_[0].index;
    plan.commit_statement = controls_[1].index;
    plan.reason = "the file has its own BEGIN (line " + std::to_string(controls_[0].line) + ") and COMMIT (line " +
                  std::to_string(controls_[1].line) + ")";
    return plan;
  }
  // Statements around its own transaction, or several: as psql -1 -f runs
  // it, in one transaction, without the inner BEGINs and COMMITs.
  return one_transaction(directives);
}

TransactionPlan TransactionPlanner::one_transaction(const Directives& directives) const {
  TransactionPlan plan;
  plan.statements = statements_;
  plan.mode = TransactionMode::wrapped;
  std::string lines;
  bool begins = false;
  bool commits = false;
  for (const auto& control : controls_) {
    plan.left_out.push_back(control.index);
    lines += (lines.empty() ? "" : ", ") + std::to_string(control.line);
    (control.control == TransactionControl::begin ? begins : commits) = true;
  }
  // Named by what the file has: a file with a COMMIT alone has no BEGIN.
  const bool several = controls_.size() > 1;
  plan.left_out_named = "its own " +
                        std::string(begins && commits ? "BEGIN/COMMIT"
                                    : begins          ? (several ? "BEGINs" : "BEGIN")
                                                      : (several ? "COMMITs" : "COMMIT")) +
                        " (line" + (several ? "s " : " ") + lines + ")";
  plan.reason = std::string(directives.transaction == true ? "the file says -- pgapply: transaction; "
                                                           : "") +
                "one transaction for the whole file: " + plan.left_out_named + " left out";
  return plan;
}

}  // namespace pgapply::psql
