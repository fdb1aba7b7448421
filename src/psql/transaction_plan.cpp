#include "psql/transaction_plan.hpp"

#include "core/error.hpp"
#include "core/diagnostic.hpp"

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

TransactionPlanner::TransactionPlanner(std::string file_name, bool migration)
    : file_name_(std::move(file_name)), migration_(migration) {}

void TransactionPlanner::problem(std::size_t line, std::string why) {
  if (!problem_) problem_.emplace(line, std::move(why));
}

void TransactionPlanner::add_statement(std::size_t line, TransactionControl control,
                                       const std::optional<std::string>& autocommit_reason,
                                       bool session_setting) {
  ++statements_;
  if (autocommit_reason && !first_autocommit_) {
    first_autocommit_ = *autocommit_reason + " at line " + std::to_string(line) +
                        " cannot run inside a transaction block";
  }
  const std::string at_line = " at line " + std::to_string(line);
  switch (phase_) {
    case Phase::before_begin:
      if (control == TransactionControl::begin) {
        has_control_ = true;
        phase_ = Phase::in_transaction;
        begin_line_ = line;
        if (first_unsafe_line_ != 0) {
          problem(first_unsafe_line_, "this statement runs before the file's BEGIN" + at_line +
                                          " and would commit on its own");
        }
      } else if (control == TransactionControl::commit || control == TransactionControl::rollback ||
                 control == TransactionControl::prepare_transaction) {
        has_control_ = true;
        problem(line, "COMMIT, ROLLBACK or PREPARE TRANSACTION without a BEGIN before it");
      } else if (!session_setting && first_unsafe_line_ == 0) {
        first_unsafe_line_ = line;
      }
      break;
    case Phase::in_transaction:
      if (control == TransactionControl::commit) {
        phase_ = Phase::after_commit;
        commit_line_ = line;
        commit_index_ = statements_;
      } else if (control == TransactionControl::begin) {
        problem(line, "a second BEGIN inside the file's transaction (opened at line " +
                          std::to_string(begin_line_) + ")");
      } else if (control == TransactionControl::rollback) {
        problem(line, "the file rolls back its own transaction, so it would never apply");
      } else if (control == TransactionControl::prepare_transaction) {
        problem(line, "PREPARE TRANSACTION cannot be recorded by pgapply");
      }
      break;
    case Phase::after_commit:
      problem(line, "a statement after the file's COMMIT at line " + std::to_string(commit_line_) +
                        " (pgapply records a migration just before its COMMIT, so nothing may "
                        "follow it)");
      break;
  }
}

TransactionPlan TransactionPlanner::finish(const Directives& directives) const {
  TransactionPlan plan;
  plan.statements = statements_;
  if (directives.transaction == false) {
    plan.mode = TransactionMode::autocommit;
    plan.reason = "the file says -- pgapply: no-transaction";
    return plan;
  }
  if (first_autocommit_ && directives.transaction != true) {
    plan.mode = TransactionMode::autocommit;
    plan.reason = *first_autocommit_;
    return plan;
  }
  if (!has_control_) {
    plan.mode = TransactionMode::wrapped;
    if (directives.transaction == true) plan.reason = "the file says -- pgapply: transaction";
    return plan;
  }
  auto found = problem_;
  if (!found && phase_ == Phase::in_transaction) {
    found.emplace(begin_line_, "the file's BEGIN is never committed");
  }
  if (found && !migration_) {
    plan.mode = TransactionMode::autocommit;
    plan.reason = "the file controls its own transactions (line " + std::to_string(found->first) +
                  "): it runs as written";
    return plan;
  }
  if (found) {
    throw RefusedTransactions(diagnostic(file_name_, found->first, 0, "error",
                                         found->second +
                                             ". pgapply can record a file atomically only if it "
                                             "runs as one transaction: wrap the whole file in one "
                                             "BEGIN ... COMMIT (or none), or mark it -- pgapply: "
                                             "no-transaction"),
                              found->first, found->second);
  }
  plan.mode = TransactionMode::own;
  plan.reason = "the file has its own BEGIN (line " + std::to_string(begin_line_) +
                ") and COMMIT (line " + std::to_string(commit_line_) + ")";
  plan.commit_statement = commit_index_;
  return plan;
}

}  // namespace pgapply::psql
