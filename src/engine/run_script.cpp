#include "engine/run_script.hpp"

#include "engine/executor.hpp"
#include "report/server_message_report.hpp"

namespace pgapply::engine {

namespace {

// Leaves no transaction open, whatever state a failure left.
void roll_back(pg::Connection& connection) noexcept {
  try {
    if (connection.is_ok() && connection.transaction_status() != pg::TransactionStatus::idle) {
      connection.exec("ROLLBACK");
    }
  } catch (...) {
    // The connection is gone or broken: nothing was committed.
  }
}

// COMMIT can fail too (a deferred constraint): report it against the file.
void commit(pg::Connection& connection, const std::string& shown_name, std::size_t statements) {
  try {
    connection.exec("COMMIT");
  } catch (const pg::ServerError& error) {
    report::ErrorSite site;
    site.file = shown_name;
    site.statement_index = statements;
    throw StatementError(report::format_server_error(error, site) + "\n(at COMMIT)", error,
                         shown_name, 0, statements);
  }
}

}  // namespace

void run_script(pg::Connection& connection, const std::filesystem::path& path,
                const std::string& shown_name, const psql::InterpreterSettings& settings,
                const psql::Variables& variables, const psql::TransactionPlan& plan,
                TransactionHooks& hooks, RunOutput& output) {
  // One statement at a time outside a transaction (progress is recorded after
  // each), in batches inside one.
  Executor executor(connection, output, plan.mode != psql::TransactionMode::autocommit);
  psql::Variables run_variables = variables;
  psql::Interpreter interpreter(settings, run_variables, executor);

  if (plan.mode == psql::TransactionMode::autocommit) {
    std::size_t done = 0;
    executor.after_statement([&](std::size_t index) {
      // Only what is committed counts: a statement inside the file's own
      // BEGIN ... COMMIT takes effect at the COMMIT.
      if (connection.transaction_status() == pg::TransactionStatus::idle) {
        done = index;
        hooks.autocommit_progress(done);
      }
    });
    hooks.autocommit_started();
    try {
      interpreter.run_file(path, shown_name);
    } catch (const StatementError& error) {
      roll_back(connection);
      hooks.autocommit_failed(done, error);
      throw;
    }
    roll_back(connection);  // a file that left its own transaction open
    hooks.autocommit_finished();
    return;
  }

  try {
    if (plan.mode == psql::TransactionMode::wrapped) {
      connection.exec("BEGIN");
    } else {
      executor.before_statement(plan.commit_statement, [&] { hooks.before_commit(); });
    }
    interpreter.run_file(path, shown_name);
    executor.finish();
    if (plan.mode == psql::TransactionMode::wrapped) {
      hooks.before_commit();
      commit(connection, shown_name, interpreter.statements());
    }
  } catch (...) {
    executor.abandon();
    roll_back(connection);
    throw;
  }
}

}  // namespace pgapply::engine
