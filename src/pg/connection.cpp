#include "pg/connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "core/interruption.hpp"

#include "pg/connection_internals.hpp"
#include "pg/conninfo.hpp"
#include "pg/server_error.hpp"
#include "pg/notice_state.hpp"

namespace pgapply::pg {
namespace {

// Large data goes out in messages of this size (PQputCopyData takes an int).
constexpr std::size_t copy_chunk_size = 1 << 20;

void check_no_nul(std::string_view text, const char* what) {
  // libpq takes C strings: a NUL byte would silently cut the text short.
  if (text.find('\0') != std::string_view::npos) {
    throw Error(ErrorKind::input, std::string(what) + " contains a NUL byte, which PostgreSQL cannot accept");
  }
}

// A statement's parameters as PQsendQueryParams takes them (NULL for
// nullopt), checked first: no NUL byte, at most what the protocol carries.
std::vector<const char*> parameter_values(std::string_view sql, const std::vector<std::optional<std::string>>& params) {
  check_no_nul(sql, "the statement");
  if (params.size() > 65535) throw std::invalid_argument("pg::Connection: more than 65535 parameters");
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) {
    if (param) check_no_nul(*param, "a parameter");
    values.push_back(param ? param->c_str() : nullptr);
  }
  return values;
}

std::atomic<bool> connect_left_running{false};

// PQconnectdbParams, waited for a signal at a time: a server that accepts
// and never answers (a pooler whose pool is full) would otherwise keep
// Ctrl-C waiting for connect_timeout, or for ever. libpq connects on a thread
// of its own, with all its rules (connect_timeout per host, several hosts,
// target_session_attrs), joined once it is done, so that no thread outlives
// the call (a shadow cluster's guard forks when the process has one). On a
// signal, the caller stops waiting (Interrupted) and the thread, left
// behind, closes whatever it gets: the process then ends without running
// its exit handlers (connect_abandoned), which could free what that thread
// still uses (OpenSSL's, in a TLS handshake).
// `abandon` (when given) set: given up as on a signal, with ConnectionError.
PGconn* connect_unless_interrupted(std::vector<std::string> keywords, std::vector<std::string> values,
                                   const std::atomic<bool>* abandon) {
  struct Attempt {
    std::mutex mutex;
    std::condition_variable finished;
    PGconn* conn = nullptr;
    bool done = false;
    bool abandoned = false;
  };
  const auto attempt = std::make_shared<Attempt>();
  std::thread connecting([attempt, keywords = std::move(keywords), values = std::move(values)] {
    std::vector<const char*> k;
    std::vector<const char*> v;
    for (std::size_t i = 0; i < keywords.size(); ++i) {
      k.push_back(keywords[i].c_str());
      v.push_back(values[i].c_str());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);
    PGconn* conn = PQconnectdbParams(k.data(), v.data(), /*expand_dbname=*/1);
    const std::lock_guard<std::mutex> lock(attempt->mutex);
    if (attempt->abandoned) {
      PQfinish(conn);
      return;
    }
    attempt->conn = conn;
    attempt->done = true;
    attempt->finished.notify_all();
  });
  std::unique_lock<std::mutex> lock(attempt->mutex);
  while (!attempt->finished.wait_for(lock, std::chrono::milliseconds(50), [&] { return attempt->done; })) {
    const bool given_up = abandon != nullptr && abandon->load();
    if (signal_received() != 0 || given_up) {
      attempt->abandoned = true;
      lock.unlock();
      connect_left_running = true;
      connecting.detach();
      throw_if_interrupted("while connecting: nothing was done");
      throw ConnectionError("the connection attempt was given up");
    }
  }
  lock.unlock();
  connecting.join();
  return attempt->conn;
}

}  // namespace

bool connect_abandoned() { return connect_left_running; }

std::string_view to_string(TransactionStatus status) {
  switch (status) {
    case TransactionStatus::idle: return "idle";
    case TransactionStatus::active: return "active";
    case TransactionStatus::in_transaction: return "in transaction";
    case TransactionStatus::in_failed_transaction: return "in failed transaction";
    case TransactionStatus::unknown: return "unknown";
  }
  return "unknown";
}

bool CancelHandle::cancel(std::string* reason) const {
  if (!cancel_) {
    if (reason) *reason = "no connection to cancel";
    return false;
  }
  char error[256] = {};
  if (PQcancel(cancel_.get(), error, sizeof error)) return true;
  if (reason) *reason = trim_libpq_message(error);
  return false;
}

// --- Opening and closing -------------------------------------------------

Connection Connection::open(const ConnectParams& params, const std::atomic<bool>* abandon) {
  std::vector<std::string> keywords;
  std::vector<std::string> values;
  std::vector<std::string> secrets;
  for (const auto& param : params) {
    if (param.value.empty()) continue;
    keywords.push_back(param.keyword);
    values.push_back(param.value);
    if (looks_like_password_key(param.keyword)) {
      secrets.push_back(param.value);
    } else if (param.keyword == "dbname") {
      for (auto& secret : conninfo_secrets(param.value)) secrets.push_back(std::move(secret));
    }
  }
  PGconn* conn = connect_unless_interrupted(std::move(keywords), std::move(values), abandon);
  if (!conn) throw ConnectionError("out of memory while connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq does not print passwords, but it does quote pieces of a
    // malformed connection string, which may be one.
    std::string reason = redact_secrets(trim_libpq_message(PQerrorMessage(conn)), secrets);
    const auto text = [](const char* value) { return value ? std::string(value) : std::string(); };
    std::string tried = format_target(text(PQuser(conn)), text(PQhost(conn)), text(PQport(conn)), text(PQdb(conn)));
    PQfinish(conn);
    if (reason.empty()) reason = "could not connect to the server";
    throw ConnectionError(reason, std::move(tried));
  }
  return Connection(conn);
}

Connection Connection::open(std::string_view conninfo_or_uri) {
  return open(ConnectParams{{"dbname", std::string(conninfo_or_uri)}});
}

Connection::Connection(pg_conn* conn) : conn_(conn), notices_(std::make_shared<NoticeState>()) {
  PQsetNoticeReceiver(conn_, receive_notice, notices_.get());
  notices_->conn = conn_;
  // Made once, so that cancel() from another thread never reads the PGconn.
  cancel_ = std::shared_ptr<pg_cancel>(PQgetCancel(conn_), [](PGcancel* cancel) {
    if (cancel) PQfreeCancel(cancel);
  });
}

Connection::Connection(Connection&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)),
      notices_(std::move(other.notices_)),
      cancel_(std::move(other.cancel_)),
      mode_(std::exchange(other.mode_, Mode::idle)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    close();
    conn_ = std::exchange(other.conn_, nullptr);
    notices_ = std::move(other.notices_);
    cancel_ = std::move(other.cancel_);
    mode_ = std::exchange(other.mode_, Mode::idle);
  }
  return *this;
}

Connection::~Connection() { close(); }

void Connection::close() noexcept {
  if (notices_) notices_->conn = nullptr;
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
}

// --- Statements ----------------------------------------------------------

void Connection::require_idle(const char* operation) const {
  if (mode_ == Mode::broken) {
    throw ConnectionError::lost("the connection is unusable: a statement batch was interrupted");
  }
  if (!conn_) throw std::logic_error(std::string("pg::Connection::") + operation + ": no connection (moved from)");
  switch (mode_) {
    case Mode::idle: return;
    case Mode::copy_in:
      throw std::logic_error(std::string("pg::Connection::") + operation +
                             ": a COPY FROM STDIN is in progress (finish it with put_copy_end)");
    case Mode::batch:
      throw std::logic_error(std::string("pg::Connection::") + operation + ": a statement batch is running");
    case Mode::broken: return;  // handled above
  }
}

// A PQsend* (or copy) call failed: the connection is gone, or libpq refused
// the call, which the checks before each call should make impossible.
void Connection::send_failed() {
  if (PQstatus(conn_) != CONNECTION_OK) throw lost_connection(conn_);
  throw std::logic_error("pg::Connection: libpq refused the call: " + trim_libpq_message(PQerrorMessage(conn_)));
}

Result Connection::make_result(pg_result* result) const { return Result(result, notices_); }

Result Connection::exec(std::string_view sql) {
  require_idle("exec");
  check_no_nul(sql, "the statement");
  const std::string text(sql);
  if (!PQsendQuery(conn_, text.c_str())) send_failed();
  return finish();
}

Result Connection::exec_params(std::string_view sql, const std::vector<std::optional<std::string>>& params) {
  require_idle("exec_params");
  const std::vector<const char*> values = parameter_values(sql, params);
  const std::string text(sql);
  if (!PQsendQueryParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                         values.data(), nullptr, nullptr, 0)) {
    send_failed();
  }
  return finish();
}

Result Connection::Outcome::take() {
  if (error) throw *error;
  return std::move(result);
}

std::vector<Connection::Outcome> Connection::exec_together(const std::vector<Query>& queries) {
  require_idle("exec_together");
  std::vector<std::vector<const char*>> values;
  for (const Query& query : queries) values.push_back(parameter_values(query.sql, query.params));
  if (!PQenterPipelineMode(conn_)) send_failed();
  // Whatever happens, the connection leaves pipeline mode, which libpq allows
  // only once every result is read: what an exception left unread is read
  // and dropped first (while the connection lasts).
  struct Leave {
    pg_conn* conn;
    ~Leave() {
      // (Bounded: each statement leaves a result, an end and a sync.)
      for (int left = 0; !PQexitPipelineMode(conn) && PQstatus(conn) == CONNECTION_OK && left < 100'000; ++left) {
        if (PGresult* result = PQgetResult(conn)) PQclear(result);
      }
    }
  } leave{conn_};
  for (std::size_t i = 0; i < queries.size(); ++i) {
    if (!PQsendQueryParams(conn_, queries[i].sql.c_str(), static_cast<int>(values[i].size()), nullptr,
                           values[i].data(), nullptr, nullptr, 0) ||
        !PQpipelineSync(conn_)) {
      send_failed();
    }
  }
  if (PQflush(conn_) != 0) send_failed();
  std::vector<Outcome> outcomes(queries.size());
  // In pipeline mode libpq moves on from the server's last words (a FATAL:
  // terminated by an administrator) to its own "server closed the
  // connection": the outcome keeps them, and the error says both.
  const auto lost = [this](const Outcome& outcome) {
    ConnectionError gone = lost_connection(conn_);
    if (!outcome.error || outcome.error->message.empty()) return gone;
    return ConnectionError::lost(outcome.error->severity + ":  " + outcome.error->message + " " + gone.reason());
  };
  for (Outcome& outcome : outcomes) {
    // The statement's result (or error), the end of its results (NULL), then its sync.
    while (PGresult* raw = PQgetResult(conn_)) {
      Result result = make_result(raw);
      const ResultStatus status = result.status();
      if (status == ResultStatus::fatal_error || status == ResultStatus::bad_response ||
          status == ResultStatus::nonfatal_error) {
        if (!outcome.error) outcome.error = ServerError::from_result(raw, conn_);
      } else {
        outcome.result = std::move(result);
      }
    }
    if (PQstatus(conn_) != CONNECTION_OK) throw lost(outcome);
    // (The FATAL's result and its end come while the connection still looks
    // fine; libpq sees it closed where the sync should be.)
    PGresult* sync = PQgetResult(conn_);
    const bool synced = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    if (sync) PQclear(sync);
    if (!synced) {
      if (PQstatus(conn_) != CONNECTION_OK) throw lost(outcome);
      throw std::logic_error("pg::Connection::exec_together: no sync where libpq's pipeline mode puts one");
    }
  }
  notices_->rethrow_pending();
  return outcomes;
}

Result Connection::finish() {
  Result last;
  std::optional<ServerError> error;
  std::size_t answered = 0;  // statements of the text that succeeded before an error
  while (PGresult* raw = PQgetResult(conn_)) {
    Result result = make_result(raw);
    switch (result.status()) {
      case ResultStatus::copy_in:
        // The caller sends the data; put_copy_end reads the rest (and
        // rethrows what a notice handler threw meanwhile).
        mode_ = Mode::copy_in;
        return result;
      case ResultStatus::copy_both:  // replication only: refuse it
        if (PQputCopyEnd(conn_, "COPY BOTH is not supported by pgapply") < 0) send_failed();
        continue;  // the COPY's error follows
      case ResultStatus::copy_out:
        drain_copy_out();
        continue;  // the COPY's completion follows
      case ResultStatus::fatal_error:
      case ResultStatus::bad_response:
      case ResultStatus::nonfatal_error:
        if (!error) {
          error = ServerError::from_result(raw, conn_);
          // Which statement of a text holding several (a goose block, \;):
          // the results before it were the ones before it (none: the first, or the only one).
          if (!error->statement_index && answered > 0) error->statement_index = answered;
        }
        continue;
      default:
        last = std::move(result);
        ++answered;
    }
  }
  if (PQstatus(conn_) != CONNECTION_OK) throw lost_connection(conn_);
  notices_->rethrow_pending();
  if (error) throw *error;
  return last;
}

void Connection::drain_copy_out() {
  if (!ConnectionInternals::discard_copy_out(*this)) send_failed();
}

bool ConnectionInternals::discard_copy_out(Connection& connection) noexcept {
  for (;;) {
    char* buffer = nullptr;
    const int length = PQgetCopyData(connection.conn_, &buffer, /*async=*/0);
    if (buffer) PQfreemem(buffer);
    if (length == -1) return true;  // done: the completion result follows
    if (length == -2) return false;
  }
}

// --- COPY FROM STDIN -----------------------------------------------------

bool Connection::in_copy() const { return mode_ == Mode::copy_in; }

// The connection is blocking, so libpq should never report
// a full buffer; if it does, wait for the socket rather than spin.
void Connection::wait_writable() {
  pollfd fd{PQsocket(conn_), POLLOUT, 0};
  while (poll(&fd, 1, -1) < 0 && errno == EINTR) {
  }
}

void Connection::put_copy_data(std::string_view data) {
  if (mode_ != Mode::copy_in) throw std::logic_error("pg::Connection::put_copy_data: no COPY FROM STDIN in progress");
  while (!data.empty()) {
    const std::size_t size = std::min(data.size(), copy_chunk_size);
    const int sent = PQputCopyData(conn_, data.data(), static_cast<int>(size));
    if (sent < 0) send_failed();
    if (sent == 0) {
      wait_writable();
      continue;
    }
    data.remove_prefix(size);
  }
}

Result Connection::put_copy_end(std::optional<std::string_view> error_message) {
  if (mode_ != Mode::copy_in) throw std::logic_error("pg::Connection::put_copy_end: no COPY FROM STDIN in progress");
  std::string message;
  if (error_message) {
    check_no_nul(*error_message, "the COPY error message");
    message.assign(*error_message);
  }
  for (;;) {
    const int sent = PQputCopyEnd(conn_, error_message ? message.c_str() : nullptr);
    if (sent < 0) send_failed();
    if (sent > 0) break;
    wait_writable();
  }
  mode_ = Mode::idle;
  return finish();
}

Result Connection::copy_from_stdin(std::string_view copy_statement, std::string_view data) {
  Result started = exec(copy_statement);
  if (!in_copy()) {
    ServerMessage fields;
    fields.severity = "ERROR";
    fields.message = "the statement did not start a COPY FROM STDIN (its result: " +
                     std::string(to_string(started.status())) + ")";
    throw ServerError(std::move(fields));
  }
  put_copy_data(data);
  return put_copy_end();
}

// --- Notices and state -----------------------------------------------------

void Connection::set_notice_handler(NoticeHandler handler) {
  if (!notices_) throw std::logic_error("pg::Connection::set_notice_handler: no connection (moved from)");
  notices_->handler = std::move(handler);
}

bool Connection::is_ok() const { return conn_ && PQstatus(conn_) == CONNECTION_OK && mode_ != Mode::broken; }

bool Connection::still_connected() {
  if (!is_ok()) return false;
  // A server that ended the session has sent an error and closed the socket.
  // The first read returns the error (libpq takes it for a notice on an idle
  // connection) and stops there; the second finds the end of the connection.
  // Neither waits: libpq's socket is non-blocking.
  for (int read = 0; read < 2; ++read) {
    if (PQconsumeInput(conn_) == 0) return false;
    while (PGnotify* notify = PQnotifies(conn_)) PQfreemem(notify);
  }
  return PQstatus(conn_) == CONNECTION_OK;
}

TransactionStatus Connection::transaction_status() const {
  if (!conn_) return TransactionStatus::unknown;
  switch (PQtransactionStatus(conn_)) {
    case PQTRANS_IDLE: return TransactionStatus::idle;
    case PQTRANS_ACTIVE: return TransactionStatus::active;
    case PQTRANS_INTRANS: return TransactionStatus::in_transaction;
    case PQTRANS_INERROR: return TransactionStatus::in_failed_transaction;
    case PQTRANS_UNKNOWN: return TransactionStatus::unknown;
  }
  return TransactionStatus::unknown;
}

int Connection::server_version() const { return conn_ ? PQserverVersion(conn_) : 0; }

int Connection::backend_pid() const { return conn_ ? PQbackendPID(conn_) : 0; }

namespace {
std::string or_empty(const char* text) { return text ? std::string(text) : std::string(); }
}  // namespace

std::string Connection::host() const { return conn_ ? or_empty(PQhost(conn_)) : ""; }
std::string Connection::port() const { return conn_ ? or_empty(PQport(conn_)) : ""; }
std::string Connection::dbname() const { return conn_ ? or_empty(PQdb(conn_)) : ""; }
std::string Connection::user() const { return conn_ ? or_empty(PQuser(conn_)) : ""; }

std::optional<std::string> Connection::parameter_status(std::string_view name) const {
  if (!conn_) return std::nullopt;
  const char* value = PQparameterStatus(conn_, std::string(name).c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

bool Connection::cancel(std::string* reason) const { return CancelHandle(cancel_).cancel(reason); }

std::string describe_target(const Connection& connection) {
  return format_target(connection.user(), connection.host(), connection.port(), connection.dbname());
}

}  // namespace pgapply::pg
