#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <vector>
#include <string>

#include "engine/run_output.hpp"
#include "engine/statement_error.hpp"
#include "pg/connection.hpp"
#include "pg/server_error.hpp"
#include "pg/statement_batch.hpp"
#include "psql/interpreter.hpp"

namespace pgapply::engine {

// Runs what the interpreter hands it on a connection, attributing notices and
// errors to file:line. A failing statement throws StatementError (the caller
// rolls back).
//
// Batched (inside a transaction), statements are collected into batches, each
// sent as one simple query (pg::StatementBatch): a batch costs one round trip,
// not one per statement. A batch is sent when it is big enough, and its
// results are read while the next one is being collected, so the server works
// while pgapply reads and splits the file. Before anything that cannot join a
// batch or must wait for it (COPY, \gexec, \echo, a statement holding several
// (psql's \;), a hook, the end: finish()) the batch is sent and its results
// are read. Where a batch must begin or end is lexer::needs_separate_parse's and
// lexer::may_change_parse_settings's to say. Memory stays bounded by twice the
// batch limits, whatever the file's size.
struct BatchLimits {
  std::size_t statements = 20'000;
  std::size_t bytes = 8 << 20;  // of statement text
};

class Executor : public psql::Backend {
 public:
  Executor(pg::Connection& connection, RunOutput& output, bool batched = false,
           BatchLimits limits = BatchLimits());
  ~Executor() override;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void statement(const psql::Statement& statement) override;
  void copy_data(std::string_view data, std::size_t line, bool last) override;
  void gexec(const psql::Statement& query) override;
  void echo(const std::string& text, bool to_stderr) override;

  // Runs `hook` just before statement number `index` (1-based) is sent.
  void before_statement(std::size_t index, std::function<void()> hook);
  // Runs `hook` after each statement that succeeded, with its number.
  void after_statement(std::function<void(std::size_t index)> hook) { after_ = std::move(hook); }
  // Sends what is still batched and reads every result; call at the end of the file.
  void finish() { sync(); }
  // After a failure elsewhere: drops what is batched and cancels what was
  // sent, leaving the connection idle (a transaction is the caller's to roll back).
  void abandon() noexcept;

 private:
  bool fits_batch(const psql::Statement& statement) const;
  void run(const psql::Statement& statement, const std::string& text);
  // Sends the collected statements, after reading the results of those sent before.
  void send_batch();
  // Reads the results of the statements sent.
  void read_sent();
  // Both: nothing is left collected or sent.
  void sync();
  [[noreturn]] void fail(const pg::ServerError& error, const psql::Statement& statement,
                         const std::string& sent);

  pg::Connection& connection_;
  RunOutput& output_;
  bool batched_;
  BatchLimits limits_;
  std::vector<psql::Statement> batch_;  // collected, not sent yet
  std::size_t batch_bytes_ = 0;
  std::vector<psql::Statement> sent_;   // sent, results not read yet
  std::unique_ptr<pg::StatementBatch> sent_batch_;
  std::map<std::size_t, std::function<void()>> before_;
  std::function<void(std::size_t)> after_;
  // The statement running now, for notices.
  std::string current_file_;
  std::size_t current_line_ = 0;
  // A COPY ... FROM STDIN waiting for its data.
  std::optional<psql::Statement> copy_;
  std::size_t copy_data_line_ = 0;
};

// Makes the report of a failed statement: maps the server's position (a
// character offset into the text sent) back to the file.
StatementError make_statement_error(const ServerMessage& error, const psql::Statement& statement,
                                    const std::string& sent);

}  // namespace pgapply::engine
