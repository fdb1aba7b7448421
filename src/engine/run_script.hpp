#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "engine/run_output.hpp"
#include "engine/statement_error.hpp"
#include "pg/connection.hpp"
#include "psql/interpreter.hpp"
#include "psql/transaction_plan.hpp"

namespace pgapply::engine {

// What the ledger needs at the edges of a file's run. All run on the same
// connection as the file.
class TransactionHooks {
 public:
  virtual ~TransactionHooks() = default;
  // In the file's transaction, after its last statement (before the file's
  // own COMMIT in the own mode): a migration records itself here, so that it
  // is either applied and recorded, or neither.
  virtual void before_commit() {}
  // A file running outside a transaction: before its first statement, after
  // each committed statement (`done` statements have taken effect), when a
  // statement fails, and at its end.
  virtual void autocommit_started() {}
  virtual void autocommit_progress(std::size_t /*done*/) {}
  virtual void autocommit_failed(std::size_t /*done*/, const StatementError& /*error*/) {}
  virtual void autocommit_finished() {}
};

// Runs one file in its planned transaction mode. A failing statement throws
// StatementError after rolling back what the mode allows (everything, in a
// transaction); the connection is left idle and usable.
void run_script(pg::Connection& connection, const std::filesystem::path& path,
                const std::string& shown_name, const psql::InterpreterSettings& settings,
                const psql::Variables& variables, const psql::TransactionPlan& plan,
                TransactionHooks& hooks, RunOutput& output);

}  // namespace pgapply::engine
