#pragma once

#include <cstddef>
#include <string>

#include "engine/sink.hpp"

namespace pgapply::engine {

// The printing sink: what the runner hands it becomes a psql script, for
// `up --dry-run` and `down --dry-run`. `psql -v ON_ERROR_STOP=1 -f` runs it
// to the same schema, ledger and history as the live run (a transactional
// file that fails leaves no history event: psql stops at the error).
//
// A statement outside a transaction is guarded: ON_ERROR_STOP goes off for
// it, and psql's :ERROR then decides: on error the script rolls back what
// needs it, records the failure in the ledger with psql's
// :LAST_ERROR_MESSAGE, and stops with an error of its own.
class ScriptSink : public Sink {
 public:
  explicit ScriptSink(std::string& out) : out_(out) {}

  void start_file(const LoadedScript& script, std::size_t tag) override;
  void internal(InternalStatement statement) override;
  void next_statement_commits_file() override {}
  void left_out(const psql::Statement& statement, const std::string& why) override;
  void flush() override {}
  void guard_begin() override { guard_at_ = out_.size(); }
  void guard_end(bool in_transaction, const FailureCalls& on_failure) override;
  void record_failure(const std::vector<SqlCall>&) override {}
  void comment(const std::string& text) override;

  void statement(const psql::Statement& statement) override;
  void copy_data(std::string_view data, std::size_t line, bool last) override;
  void gexec(const psql::Statement& query) override;
  void gexec_transaction(GexecTransaction where) override { gexec_transaction_ = where; }
  void echo(const std::string& text, bool to_stderr) override;

 private:
  std::string& out_;
  std::string file_;
  std::size_t guard_at_ = 0;
  GexecTransaction gexec_transaction_ = GexecTransaction::as_they_come;
  // The last statement printed, for the failure's "FILE:LINE:".
  std::string last_file_;
  std::size_t last_line_ = 0;
};

// pgapply's own SQL calls as statements with literal values, one per line.
std::string print_calls(const std::vector<SqlCall>& calls);

}  // namespace pgapply::engine
