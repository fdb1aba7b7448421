#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <vector>
#include <string>

#include "apply/run_output.hpp"
#include "apply/statement_error.hpp"
#include "pg/connection.hpp"
#include "pg/error.hpp"
#include "script/interpreter.hpp"

namespace pgapply::apply {

// Runs what the interpreter hands it on a connection, attributing notices and
// errors to file:line. A failing statement throws StatementError (the caller
// rolls back).
//
// Pipelined (inside a transaction), statements are collected into batches
// sent with libpq's pipeline mode: a batch costs one round trip, not one per
// statement. A batch is sent when it is big enough, and before anything that
// cannot join a pipeline or must wait for it: COPY, \gexec, \echo, a
// statement holding several (psql's \;), a hook, the end (finish()). Memory
// stays bounded by the batch limits, whatever the file's size.
struct BatchLimits {
  std::size_t statements = 20'000;
  std::size_t bytes = 8 << 20;  // of statement text
};

class Executor : public script::Backend {
 public:
  Executor(pg::Connection& connection, RunOutput& output, bool pipelined = false,
           BatchLimits limits = BatchLimits());
  ~Executor() override;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void statement(const script::Statement& statement) override;
  void copy_data(std::string_view data, std::size_t line, bool last) override;
  void gexec(const script::Statement& query) override;
  void echo(const std::string& text, bool to_stderr) override;

  // Runs `hook` just before statement number `index` (1-based) is sent.
  void before_statement(std::size_t index, std::function<void()> hook);
  // Runs `hook` after each statement that succeeded, with its number.
  void after_statement(std::function<void(std::size_t index)> hook) { after_ = std::move(hook); }
  // Sends what is still batched; call at the end of the file.
  void finish() { flush(); }

 private:
  void run(const script::Statement& statement, const std::string& text);
  void flush();
  [[noreturn]] void fail(const pg::ServerError& error, const script::Statement& statement,
                         const std::string& sent);

  pg::Connection& connection_;
  RunOutput& output_;
  bool pipelined_;
  BatchLimits limits_;
  std::vector<script::Statement> batch_;
  std::size_t batch_bytes_ = 0;
  std::map<std::size_t, std::function<void()>> before_;
  std::function<void(std::size_t)> after_;
  // The statement running now, for notices.
  std::string current_file_;
  std::size_t current_line_ = 0;
  // A COPY ... FROM STDIN waiting for its data.
  std::optional<script::Statement> copy_;
  std::size_t copy_data_line_ = 0;
};

// Makes the report of a failed statement: maps the server's position (a
// character offset into the text sent) back to the file.
StatementError make_statement_error(const pg::ServerMessage& error, const script::Statement& statement,
                                    const std::string& sent);

}  // namespace pgapply::apply
