#include "pg/pipeline.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

#include "pg/connection_internals.hpp"
#include "pg/error.hpp"
#include "pg/notice_state.hpp"

namespace pgapply::pg {
namespace {

// Queued before the sync point when the caller's code fails mid-batch, so
// that an implicit transaction rolls back instead of committing half a batch.
constexpr const char* abandon_statement = "SELECT 'pgapply: pipeline abandoned by the client'::pg_catalog.int4";

// What was sent, in order; libpq answers in the same order.
struct Command {
  enum class Kind {
    fence,      // an empty query before a statement (see send_next)
    statement,  // the caller's statement
    abandon,    // abandon_statement
    sync,       // the sync point
  };
  Kind kind;
  std::size_t index;  // the statement this belongs to (for notices and errors)
};

class PipelineRun {
 public:
  PipelineRun(Connection& connection, StatementSource& source, ResultSink& sink, const PipelineOptions& options)
      : connection_(connection),
        conn_(connection.native_handle()),
        notices_(ConnectionInternals::notices(connection)),
        source_(source),
        sink_(sink),
        max_in_flight_(options.max_in_flight == 0 ? 1 : options.max_in_flight),
        fences_(options.exact_parse_notices) {}

  PipelineSummary run();

 private:
  bool stopping() const { return error_.has_value() || static_cast<bool>(exception_); }
  bool can_send() const {
    return !source_done_ && !stopping() && !sync_sent_ && !flush_pending_ && in_flight_ < max_in_flight_;
  }
  // The sync point waits for the last statement's result: until then, a
  // failure of the caller's code can still queue abandon_statement before it.
  bool must_sync() const { return !sync_sent_ && (stopping() || (source_done_ && in_flight_ == 0)); }

  void enter();
  void leave(bool consistent) noexcept;
  void send_next();
  void send_sync();
  void request_flush();
  void send(const char* sql, Command command);
  void flush();
  void read_available();
  void handle_result(PGresult* raw);
  void wait_socket();
  void keep_exception(std::exception_ptr exception);
  [[noreturn]] void connection_lost();

  Connection& connection_;
  PGconn* conn_;
  const std::shared_ptr<NoticeState>& notices_;
  StatementSource& source_;
  ResultSink& sink_;
  std::size_t max_in_flight_;
  bool fences_;
  // Sent since the last flush request: the server holds its replies until its
  // buffer fills, a sync, or a flush request, so one must precede any wait.
  std::size_t unflushed_ = 0;

  std::deque<Command> queue_;    // sent and not fully answered; the front is being answered
  bool null_due_ = false;        // a result came: libpq's NULL that ends it is next
  std::size_t next_index_ = 0;   // the index the next statement gets
  std::size_t in_flight_ = 0;    // statements sent and not answered
  std::size_t succeeded_ = 0;
  bool source_done_ = false;
  bool sync_sent_ = false;
  bool sync_received_ = false;
  bool flush_pending_ = false;   // libpq holds data the socket did not take yet
  std::string text_;             // the statement being sent, NUL-terminated for libpq

  std::optional<ServerError> error_;  // the first statement error
  std::exception_ptr exception_;      // the first exception from the caller's code
  bool exception_first_ = false;      // it came before error_
};

void PipelineRun::connection_lost() {
  std::string reason = trim_libpq_message(PQerrorMessage(conn_));
  throw ConnectionError(reason.empty() ? "lost the connection to the server" : reason);
}

void PipelineRun::keep_exception(std::exception_ptr exception) {
  if (exception_) return;
  exception_ = std::move(exception);
  exception_first_ = !error_;
}

void PipelineRun::enter() {
  ConnectionInternals::begin_pipeline(connection_);
  if (PQsetnonblocking(conn_, 1) != 0 || !PQenterPipelineMode(conn_)) {
    PQsetnonblocking(conn_, 0);
    ConnectionInternals::end_exclusive(connection_, true);
    connection_lost();
  }
}

void PipelineRun::leave(bool consistent) noexcept {
  notices_->statement_index.reset();
  if (!connection_.native_handle()) return;  // closed (see handle_result)
  if (consistent) consistent = PQexitPipelineMode(conn_) == 1;
  PQsetnonblocking(conn_, 0);
  ConnectionInternals::end_exclusive(connection_, consistent || PQstatus(conn_) != CONNECTION_OK);
}

void PipelineRun::send(const char* sql, Command command) {
  if (!PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0)) connection_lost();
  queue_.push_back(command);
}

void PipelineRun::send_next() {
  std::optional<std::string_view> statement;
  try {
    statement = source_.next_statement();
  } catch (...) {
    keep_exception(std::current_exception());
    return;
  }
  if (!statement) {
    source_done_ = true;
    return;
  }
  if (statement->find('\0') != std::string_view::npos) {
    keep_exception(std::make_exception_ptr(
        Error(ErrorKind::input, "statement " + std::to_string(next_index_ + 1) +
                                    " of the batch contains a NUL byte, which PostgreSQL cannot accept")));
    return;
  }
  text_.assign(*statement);
  const std::size_t index = next_index_++;
  // libpq handles a notice as soon as it parses it, even while the previous
  // statement's result waits to be collected, but stops parsing at any other
  // message until it is. A notice raised while the server parses a statement
  // (e.g. "identifier will be truncated") comes before that statement's
  // ParseComplete, right after the previous statement's completion, so it
  // would be taken for the previous statement's. An empty query in between
  // answers with ParseComplete first: the notice then follows it, and is
  // parsed while that fence, which belongs to this statement, is in front.
  if (fences_ && index > 0) send("", {Command::Kind::fence, index});
  send(text_.c_str(), {Command::Kind::statement, index});
  ++in_flight_;
  // Every so often: ask for the server's replies, push ours out, and take in
  // what has come, so that results (and a failure that stops the batch)
  // arrive as they happen. Doing this for every statement would cost a few
  // system calls and packets each, which small statements cannot afford.
  if (++unflushed_ % 64 == 0) {
    request_flush();
    flush();
  }
}

void PipelineRun::request_flush() {
  if (unflushed_ == 0) return;
  if (!PQsendFlushRequest(conn_)) connection_lost();
  unflushed_ = 0;
}

void PipelineRun::send_sync() {
  if (exception_ && !error_ && next_index_ > 0) send(abandon_statement, {Command::Kind::abandon, next_index_});
  if (!PQpipelineSync(conn_)) connection_lost();
  queue_.push_back({Command::Kind::sync, next_index_});
  sync_sent_ = true;
  unflushed_ = 0;  // a sync flushes the server's replies too
  flush();
}

void PipelineRun::flush() {
  const int pending = PQflush(conn_);
  if (pending < 0) connection_lost();
  flush_pending_ = pending == 1;
}

void PipelineRun::read_available() {
  if (!PQconsumeInput(conn_)) connection_lost();
  while (!sync_received_) {
    // Whatever notice libpq parses now belongs to the command in front; one
    // at the sync point (at the implicit commit, say) belongs to no statement.
    if (!queue_.empty() &&
        (queue_.front().kind == Command::Kind::statement || queue_.front().kind == Command::Kind::fence)) {
      notices_->statement_index = queue_.front().index;
    } else {
      notices_->statement_index.reset();
    }
    if (PQisBusy(conn_)) break;
    PGresult* raw = PQgetResult(conn_);
    if (!raw) {
      if (!null_due_) break;  // nothing more to read now
      null_due_ = false;
      // The end of the front command's results. (An error at the sync point
      // is followed by a NULL too, then by the sync's own result.)
      if (queue_.front().kind == Command::Kind::sync) continue;
      if (queue_.front().kind == Command::Kind::statement) --in_flight_;
      queue_.pop_front();
      continue;
    }
    handle_result(raw);
  }
  if (notices_->has_pending()) {
    try {
      notices_->rethrow_pending();
    } catch (...) {
      keep_exception(std::current_exception());
    }
  }
}

void PipelineRun::handle_result(PGresult* raw) {
  Result result(raw, notices_);
  if (queue_.empty()) throw std::logic_error("pg::run_pipeline: a result for nothing sent");
  const Command head = queue_.front();
  switch (result.status()) {
    case ResultStatus::pipeline_sync:
      // libpq returns no NULL after a sync point's result.
      if (head.kind != Command::Kind::sync) throw std::logic_error("pg::run_pipeline: an unexpected sync point");
      queue_.pop_front();
      null_due_ = false;
      sync_received_ = true;
      return;
    case ResultStatus::fatal_error:
    case ResultStatus::bad_response:
    case ResultStatus::nonfatal_error:
      null_due_ = true;
      if (PQstatus(conn_) != CONNECTION_OK) connection_lost();
      if (head.kind != Command::Kind::abandon && !error_) {
        error_ = ServerError::from_result(raw);
        if (head.kind != Command::Kind::sync) error_->statement_index = head.index;
      }
      return;
    case ResultStatus::pipeline_aborted:
      null_due_ = true;
      return;
    case ResultStatus::copy_out:
      // Works: the data is dropped (as Connection::exec does), the COPY's
      // completion follows.
      for (;;) {
        char* buffer = nullptr;
        const int length = PQgetCopyData(conn_, &buffer, /*async=*/0);
        if (buffer) PQfreemem(buffer);
        if (length == -1) break;
        if (length == -2) connection_lost();
      }
      return;
    case ResultStatus::copy_in:
    case ResultStatus::copy_both: {
      // The server, waiting for COPY data, gets the next statement's
      // messages instead and ends the connection ("protocol synchronization
      // was lost"). Nothing is left to save: close it now.
      ServerMessage fields;
      fields.severity = "ERROR";
      fields.message = "COPY FROM STDIN cannot run in a pipeline (statement " + std::to_string(head.index + 1) +
                       " of the batch); the connection was closed";
      fields.statement_index = head.index;
      ConnectionInternals::close(connection_);
      throw ServerError(std::move(fields));
    }
    default:
      null_due_ = true;
      if (head.kind != Command::Kind::statement) return;
      ++succeeded_;
      if (exception_) return;
      try {
        sink_.on_result(head.index, std::move(result));
      } catch (...) {
        keep_exception(std::current_exception());
      }
      return;
  }
}

void PipelineRun::wait_socket() {
  pollfd fd{PQsocket(conn_), static_cast<short>(POLLIN | (flush_pending_ ? POLLOUT : 0)), 0};
  if (fd.fd < 0) connection_lost();
  while (poll(&fd, 1, -1) < 0) {
    if (errno != EINTR) throw ConnectionError(std::string("waiting for the server: ") + std::strerror(errno));
  }
  if (flush_pending_ && (fd.revents & (POLLOUT | POLLERR | POLLHUP))) flush();
}

PipelineSummary PipelineRun::run() {
  enter();
  try {
    std::size_t sent_since_read = 0;
    while (!sync_received_) {
      if (can_send()) {
        send_next();
        // Read now and then while sending: a failure stops the batch early.
        if (++sent_since_read < 64 && can_send()) continue;
      } else if (must_sync()) {
        send_sync();
      } else if (flush_pending_) {
        flush();
      }
      sent_since_read = 0;
      read_available();
      if (sync_received_) break;
      if (can_send() || must_sync()) continue;
      // About to wait for the server: it must not be sitting on our replies,
      // nor we on our statements.
      request_flush();
      flush();
      wait_socket();
    }
  } catch (...) {
    leave(false);
    throw;
  }
  leave(true);
  if (exception_ && (exception_first_ || !error_)) std::rethrow_exception(exception_);
  if (error_) throw *error_;
  return PipelineSummary{succeeded_};
}

class FunctionSource : public StatementSource {
 public:
  explicit FunctionSource(const std::function<std::optional<std::string_view>()>& next) : next_(next) {}
  std::optional<std::string_view> next_statement() override { return next_(); }

 private:
  const std::function<std::optional<std::string_view>()>& next_;
};

class FunctionSink : public ResultSink {
 public:
  explicit FunctionSink(const std::function<void(std::size_t, Result)>& on_result) : on_result_(on_result) {}
  void on_result(std::size_t index, Result result) override {
    if (on_result_) on_result_(index, std::move(result));
  }

 private:
  const std::function<void(std::size_t, Result)>& on_result_;
};

}  // namespace

PipelineSummary run_pipeline(Connection& connection, StatementSource& source, ResultSink& sink,
                             const PipelineOptions& options) {
  return PipelineRun(connection, source, sink, options).run();
}

PipelineSummary run_pipeline(Connection& connection,
                             const std::function<std::optional<std::string_view>()>& next_statement,
                             const std::function<void(std::size_t, Result)>& on_result,
                             const PipelineOptions& options) {
  FunctionSource source(next_statement);
  FunctionSink sink(on_result);
  return run_pipeline(connection, source, sink, options);
}

}  // namespace pgapply::pg
