#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/run_output.hpp"
#include "engine/sink.hpp"
#include "engine/statement_error.hpp"
#include "pg/connection.hpp"
#include "pg/server_error.hpp"
#include "pg/statement_batch.hpp"

namespace pgapply::engine {

// The live sink: runs what the runner hands it on a connection, attributing
// notices and errors to file:line. A failing statement throws
// StatementError, tagged with its file's number in the run.
//
// Statements, the files' and pgapply's own alike, are collected into
// batches, each sent as ONE simple query (pg::StatementBatch): a batch costs
// one round trip, not one per statement, and may span many files (each in
// its own BEGIN ... COMMIT). A batch is sent when it is big enough, and its
// results are read while the next one is being collected, so the server
// works while pgapply replays the next statements. Before anything that
// cannot join a batch or must wait for it (COPY, \gexec, \echo, a statement
// holding several (psql's \;), flush()) the batch is sent and its results
// are read. Where a batch must begin or end is lexer::needs_separate_parse's
// and lexer::may_change_parse_settings's to say (and, for pgapply's own
// statements, InternalStatement::ends_batch). Memory stays bounded by twice
// the batch limits.
//
// The first batch is small (`first_statements`) and each next one may be
// four times as large as the one before, up to `statements`: the server
// starts on the first files while pgapply collects the next ones, instead of
// waiting for a whole batch (20,000 statements are 900 small files: a tenth
// of a second of pgapply's time with the server idle). Between two batches
// the server waits a round trip: four at most before the largest (pgapply
// collects statements far faster than the server runs them, so a batch four
// times larger is ready when the one before is answered).
struct BatchLimits {
  std::size_t statements = 20'000;
  std::size_t bytes = 8 << 20;  // of statement text
  std::size_t first_statements = 256;
  // Each of the files' statements in a query of its own (pgapply's own
  // still batched around them): what reads its query's text reads its own.
  bool statements_alone = false;
};

class ServerSink : public Sink {
 public:
  ServerSink(pg::Connection& connection, RunOutput& output, BatchLimits limits = BatchLimits());
  ~ServerSink() override;
  ServerSink(const ServerSink&) = delete;
  ServerSink& operator=(const ServerSink&) = delete;

  // Sink
  void start_file(const LoadedScript& script, std::size_t tag) override;
  void internal(InternalStatement statement) override;
  void next_statement_commits_file() override { next_commits_file_ = true; }
  void left_out(const psql::Statement&, const std::string&) override {}
  void flush() override { sync(); }
  void guard_begin() override {}
  void guard_end(bool, const FailureCalls&) override { sync(); }
  void record_failure(const std::vector<SqlCall>& calls) override;
  void comment(const std::string&) override {}

  // psql::Backend
  void statement(const psql::Statement& statement) override;
  void copy_data(std::string_view data, std::size_t line, bool last) override;
  void gexec(const psql::Statement& query) override;
  void gexec_transaction(GexecTransaction where) override { gexec_transaction_ = where; }
  void echo(const std::string& text, bool to_stderr) override;

  // For the run loop: a file (by tag) committed; a statement of a file
  // succeeded (tag, its line); before each batch is sent (it may throw to
  // stop the run, e.g. when the migration lock was lost).
  void on_commit(std::function<void(std::size_t tag)> hook) { on_commit_ = std::move(hook); }
  void on_statement(std::function<void(std::size_t tag, std::size_t line)> hook) { on_statement_ = std::move(hook); }
  // The file (tag) and statement number of the last of a file's statements
  // the server answered; {0, 0} before any.
  std::pair<std::size_t, std::size_t> last_answered() const { return last_answered_; }
  void before_send(std::function<void()> hook) { before_send_ = std::move(hook); }
  // Every second the server runs a batch without answering: how long since
  // it was sent (the server answers a batch when it ends).
  void on_wait(std::function<void(std::chrono::seconds)> hook) { on_wait_ = std::move(hook); }
  // Statement `index` of file `tag` starts a new batch (after a syntax error
  // reported for a later statement of a batch that never ran).
  void cut_before(std::size_t tag, std::size_t index) { cuts_.emplace(tag, index); }
  // After a failure: drops what is batched and cancels what was sent,
  // leaving the connection idle (a transaction is the caller's to roll back).
  void abandon() noexcept;
  // Rolls back whatever transaction is open (after a failure).
  void roll_back() noexcept;

 private:
  struct Queued {
    psql::Statement statement;
    std::size_t tag = 0;
    std::string what;  // pgapply's own statement: what it is
    bool commits_file = false;
    bool quiet = false;  // raises no notice: no fence before it in a batch
    std::function<void(std::string_view)> on_value;
    std::function<void()> on_no_row;
  };

  bool fits_batch(const psql::Statement& statement) const;
  void run_alone(Queued queued);
  void enqueue(Queued queued, bool ends_batch);
  void send_batch();
  void read_sent();
  void sync();
  // `running`: the file's statement the server runs next in the same batch,
  // when there is one (the progress line names it, not the one answered).
  void succeeded(Queued& queued, pg::Result& result, const Queued* running = nullptr);
  [[noreturn]] void fail(const pg::ServerError& error, const Queued& queued, const std::string& sent,
                         bool batch_unparsed = false);

  pg::Connection& connection_;
  RunOutput& output_;
  BatchLimits limits_;
  std::size_t batch_statements_;  // this batch's limit: four times larger each batch from limits_.first_statements
  std::vector<Queued> batch_;     // collected, not sent yet
  std::size_t batch_bytes_ = 0;
  std::vector<Queued> sent_;   // sent, results not read yet
  std::unique_ptr<pg::StatementBatch> sent_batch_;
  std::function<void(std::size_t)> on_commit_;
  std::function<void(std::size_t, std::size_t)> on_statement_;
  std::pair<std::size_t, std::size_t> last_answered_{0, 0};
  std::function<void()> before_send_;
  std::function<void(std::chrono::seconds)> on_wait_;
  std::chrono::steady_clock::time_point sent_at_;
  std::set<std::pair<std::size_t, std::size_t>> cuts_;
  GexecTransaction gexec_transaction_ = GexecTransaction::as_they_come;
  bool next_commits_file_ = false;
  // The file running now.
  std::string file_;
  std::size_t tag_ = 0;
  // The statement running now, for notices outside batches.
  std::string current_file_;
  std::size_t current_line_ = 0;
  // The statement run alone right now (its notices may come from its DO
  // block's lines); nullptr between statements.
  const psql::Statement* current_statement_ = nullptr;
  // A COPY ... FROM STDIN waiting for its data.
  std::optional<Queued> copy_;
  std::size_t copy_data_line_ = 0;
};

// Makes the report of a failed statement: maps the server's position (a
// character offset into the text sent) back to the file.
StatementError make_statement_error(const ServerMessage& error, const psql::Statement& statement,
                                    const std::string& sent);

}  // namespace pgapply::engine
