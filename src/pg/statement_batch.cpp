#include "pg/statement_batch.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

#include "pg/connection_internals.hpp"
#include "pg/server_error.hpp"
#include "pg/notice_state.hpp"

namespace pgapply::pg {
namespace {

// Ends each statement: the newline closes a trailing -- comment.
constexpr std::string_view statement_end = "\n;\n";
// Goes before every statement but the first (see the header). Any statement
// would do that raises nothing and answers with a message that is not a
// notice; this one costs the server least: with no LISTEN in the session,
// UNLISTEN returns at once, without planning or executing anything (a
// `SELECT;` fence cost 5-10% on small statements, this one ~1%). It is
// allowed everywhere, read-only transactions and standbys included. (In a
// session that did LISTEN, each one queues a no-op until the commit.)
constexpr std::string_view fence = "UNLISTEN pgapply_fence;\n";
constexpr std::string_view fence_command = "UNLISTEN";

// Positions the server reports count characters, not bytes (UTF-8 here).
std::size_t count_characters(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_fence_result(const PGresult* result) {
  return PQresultStatus(result) == PGRES_COMMAND_OK && PQcmdStatus(const_cast<PGresult*>(result)) == fence_command;
}

}  // namespace

StatementBatch::StatementBatch(Connection& connection, const std::vector<std::string_view>& statements,
                               const std::vector<bool>& quiet)
    : connection_(&connection) {
  if (statements.empty()) throw std::invalid_argument("pg::StatementBatch: no statements");
  std::string query;
  std::size_t bytes = 0;
  for (const auto statement : statements) bytes += statement.size() + statement_end.size() + fence.size();
  query.reserve(bytes);
  std::size_t characters = 0;
  starts_.reserve(statements.size());
  lengths_.reserve(statements.size());
  fenced_.reserve(statements.size());
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (statements[i].find('\0') != std::string_view::npos) {
      throw Error(ErrorKind::input, "statement " + std::to_string(i + 1) +
                                        " of the batch contains a NUL byte, which PostgreSQL cannot accept");
    }
    fenced_.push_back(i > 0 && !(i < quiet.size() && quiet[i]));
    if (fenced_.back()) {
      query += fence;
      characters += fence.size();
    }
    starts_.push_back(characters);
    lengths_.push_back(count_characters(statements[i]));
    characters += lengths_.back() + statement_end.size();
    query += statements[i];
    query += statement_end;
  }
  ConnectionInternals::begin_batch(connection);
  PGconn* conn = connection.native_handle();
  if (!PQsendQuery(conn, query.c_str())) {
    ConnectionError lost = lost_connection(conn);
    end(PQstatus(conn) == CONNECTION_OK);
    running_ = false;
    throw lost;
  }
}

StatementBatch::~StatementBatch() {
  if (!running_) return;
  connection_->cancel();  // no use running the rest: nobody will read it
  drain();
  end(PQstatus(connection_->native_handle()) == CONNECTION_OK);
}

void StatementBatch::locate(ServerMessage& message) const {
  if (message.position <= 0) return;
  const auto position = static_cast<std::size_t>(message.position);
  // The last statement starting before the position (starts_[0] is 0).
  const auto after = std::lower_bound(starts_.begin(), starts_.end(), position);
  const auto index = static_cast<std::size_t>(after - starts_.begin()) - 1;
  message.statement_index = index;
  // "at end of input" points just past the statement: keep it there.
  message.position = static_cast<int>(std::min(position - starts_[index], lengths_[index] + 1));
}

void StatementBatch::drain() noexcept {
  PGconn* conn = connection_->native_handle();
  while (true) {
    // A cancel that reached the server before it started on the query is
    // lost: while the server keeps running it, ask again every second.
    while (PQisBusy(conn)) {
      pollfd fd{PQsocket(conn), POLLIN, 0};
      const int ready = poll(&fd, 1, 1000);
      if (ready == 0) {
        connection_->cancel();
        continue;
      }
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0 || PQconsumeInput(conn) == 0) break;
    }
    PGresult* raw = PQgetResult(conn);
    if (raw == nullptr) break;
    const ExecStatusType status = PQresultStatus(raw);
    PQclear(raw);
    if (status == PGRES_COPY_IN || status == PGRES_COPY_BOTH) {
      if (PQputCopyEnd(conn, "pgapply: the batch was abandoned") < 0) break;
    } else if (status == PGRES_COPY_OUT) {
      ConnectionInternals::discard_copy_out(*connection_);
    }
    if (PQstatus(conn) != CONNECTION_OK) break;
  }
}

void StatementBatch::end(bool consistent) noexcept {
  const auto& notices = ConnectionInternals::notices(*connection_);
  notices->statement_index.reset();
  notices->locate = nullptr;
  ConnectionInternals::end_exclusive(*connection_, consistent);
}

void StatementBatch::finish(const std::function<void(std::size_t, Result&)>& on_result,
                            const std::function<void()>& each_second) {
  if (!running_) throw std::logic_error("pg::StatementBatch::finish: called twice");
  running_ = false;
  PGconn* conn = connection_->native_handle();
  const auto& notices = ConnectionInternals::notices(*connection_);
  notices->statement_index = 0;
  notices->locate = [this](ServerMessage& message) { locate(message); };

  std::optional<ServerError> error;
  std::exception_ptr thrown;  // by on_result, or our own finding
  std::size_t done = 0;       // statements answered
  bool fence_due = false;     // the next result is the fence before statement `done`
  // Waits for the next result, calling each_second while none comes (without
  // it, PQgetResult waits as long as it takes).
  const auto wait_for_input = [&] {
    while (each_second && PQisBusy(conn)) {
      pollfd fd{PQsocket(conn), POLLIN, 0};
      const int ready = poll(&fd, 1, 1000);
      if (ready == 0) {
        try {
          each_second();
        } catch (...) {
          // only a progress line: the run goes on
        }
        continue;
      }
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0 || PQconsumeInput(conn) == 0) return;  // PQgetResult reports the lost connection
    }
  };
  while (true) {
    wait_for_input();
    PGresult* raw = PQgetResult(conn);
    if (raw == nullptr) break;
    Result result(raw, notices);
    switch (result.status()) {
      case ResultStatus::copy_in:
      case ResultStatus::copy_both:
        // The COPY's error follows (or, if this fails, the end of the connection).
        PQputCopyEnd(conn, "COPY FROM STDIN cannot run in a statement batch: run it on its own");
        continue;
      case ResultStatus::copy_out:
        ConnectionInternals::discard_copy_out(*connection_);
        continue;  // the COPY's completion follows
      case ResultStatus::fatal_error:
      case ResultStatus::bad_response:
      case ResultStatus::nonfatal_error:
        if (!error) {
          ServerMessage fields = read_server_message(raw, conn);
          if (fields.position > 0) {
            locate(fields);
          } else if (fence_due) {
            fields.statement_index = done - 1;  // before the fence: the statement that gave several results
          } else if (done < size()) {
            fields.statement_index = done;
          }
          error.emplace(std::move(fields));
        }
        continue;
      default:
        break;
    }
    if (fence_due) {
      // Before the fence, one statement may give several results: a rule's
      // DO ALSO actions each give one (an unfenced statement after it takes
      // one as its own, which only quiet statements are: the fence puts the
      // count right again).
      if (is_fence_result(raw)) fence_due = false;
      continue;
    }
    if (done == size()) continue;  // more results after the last statement's: a rule's actions
    if (on_result && !thrown) {
      try {
        on_result(done, result);
      } catch (...) {
        thrown = std::current_exception();
      }
    }
    ++done;
    fence_due = done < size() && fenced_[done];
    // (A notice of a rule's later action, parsed with what follows, counts
    // as the next statement's: libpq reads ahead of the results it returns.)
    if (done < size()) {
      notices->statement_index = done;
    } else {
      notices->statement_index.reset();  // a notice now comes from an implicit commit
    }
  }
  const bool connected = PQstatus(conn) == CONNECTION_OK;
  end(connected);
  if (!connected) throw lost_connection(conn);
  if (thrown) std::rethrow_exception(thrown);
  notices->rethrow_pending();
  if (error) throw *error;
}

}  // namespace pgapply::pg
