#pragma once

// A connection to a PostgreSQL server: an owning, move-only handle on a libpq
// PGconn. One thread uses a connection at a time; only cancel() and a
// CancelHandle may be used from another thread.
//
// Errors: ServerError when a statement fails (the connection stays usable),
// ConnectionError when the connection cannot be made or is lost,
// std::logic_error when a call does not fit the connection's state (exec
// during a COPY, say).

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pg/notice.hpp"
#include "pg/result.hpp"
#include "pg/server_error.hpp"

struct pg_conn;
struct pg_cancel;

namespace pgapply::pg {

// Whether a connection attempt was left running on its thread because a
// signal stopped the wait for it: the process should then end at once
// (std::_Exit after flushing its output), without exit handlers that could
// free what that thread still uses.
bool connect_abandoned();

class NoticeState;

// One libpq connection parameter (https://www.postgresql.org/docs/current/libpq-connect.html),
// e.g. {"host", "db.example.com"}.
struct ConnectParam {
  std::string keyword;
  std::string value;
};

// Given to libpq in order; a later keyword overrides an earlier one. The
// first "dbname" may be a whole keyword=value string or a postgresql:// URI,
// whose settings then override the parameters before it (so put it first).
// Empty values are left out: libpq then falls back to the PG* environment
// variables and its defaults.
using ConnectParams = std::vector<ConnectParam>;

enum class TransactionStatus {
  idle,                   // not in a transaction block
  active,                 // a command is in progress
  in_transaction,         // in a transaction block
  in_failed_transaction,  // in a failed transaction block: only ROLLBACK helps
  unknown,                // the connection is bad
};

std::string_view to_string(TransactionStatus status);

// Asks the server to cancel what a connection is running. Copyable; works
// from any thread, even after the Connection moved or closed (then the
// request reaches no statement, or a closed backend).
class CancelHandle {
 public:
  CancelHandle() = default;
  // Sends the cancel request. Returns false (and the reason in *reason) if it
  // could not be sent. Whether a statement was in fact canceled shows as
  // SQLSTATE 57014 on that statement. Never throws when reason is null.
  bool cancel(std::string* reason = nullptr) const;

 private:
  friend class Connection;
  friend class CancelOnSignal;  // hands libpq's PGcancel to a signal handler
  explicit CancelHandle(std::shared_ptr<pg_cancel> cancel) : cancel_(std::move(cancel)) {}
  std::shared_ptr<pg_cancel> cancel_;
};

class Connection {
 public:
  // Connects (PQconnectdbParams with expand_dbname). Throws ConnectionError
  // with libpq's reason; passwords given in the parameters are scrubbed out
  // of it.
  // `abandon` (when given): another thread sets it to give the attempt up
  // (within 50 ms, with ConnectionError; the process then ends as after a
  // signal while connecting: connect_abandoned).
  static Connection open(const ConnectParams& params, const std::atomic<bool>* abandon = nullptr);
  // The same with only {"dbname", conninfo_or_uri}: a keyword=value string,
  // a postgresql:// URI, or a database name.
  static Connection open(std::string_view conninfo_or_uri);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // --- Statements ---------------------------------------------------------

  // Runs `sql` with the simple query protocol (it may hold several statements,
  // which then run as one implicit transaction unless they contain
  // transaction control). Returns the last statement's result. Throws
  // ServerError for the first failing statement, after reading every result,
  // so the connection stays usable.
  //
  // COPY ... FROM STDIN: returns the copy_in result and the connection waits
  // for the data: put_copy_data(), then put_copy_end(). COPY ... TO STDOUT:
  // the data is read and dropped; the result is the COPY's completion.
  Result exec(std::string_view sql);

  // One statement with parameters $1, $2, ... (extended protocol, text
  // format, types inferred by the server); nullopt is NULL.
  Result exec_params(std::string_view sql, const std::vector<std::optional<std::string>>& params);

  // Independent statements with parameters, sent at once in libpq's pipeline
  // mode with a sync after each: ONE round trip for reads that would take
  // one each (through 20 ms of latency, each saves 20 ms). Each runs in its
  // own implicit transaction, so one failing does not stop the others: its
  // outcome holds its error. Throws ConnectionError if the connection is
  // lost. (Not for COPY.)
  struct Query {
    std::string sql;
    std::vector<std::optional<std::string>> params;
  };
  struct Outcome {
    Result result;
    std::optional<ServerError> error;
    // The result, or throws the error.
    Result take();
  };
  std::vector<Outcome> exec_together(const std::vector<Query>& queries);

  // --- COPY FROM STDIN ----------------------------------------------------
  //
  //   auto started = connection.exec("COPY t (a, b) FROM STDIN (FORMAT csv)");
  //   // started.status() == ResultStatus::copy_in
  //   connection.put_copy_data("1,one\n");
  //   connection.put_copy_data("2,two\n");
  //   Result done = connection.put_copy_end();   // "COPY 2", or ServerError
  //
  // The data need not be split at rows; the server sees one stream.

  bool in_copy() const;
  // Sends data (any amount; split into protocol messages as needed). The
  // server may have already rejected a row: that shows at put_copy_end.
  void put_copy_data(std::string_view data);
  // Ends the data (or, with an error message, makes the server fail the COPY
  // with it). Returns the COPY's result ("COPY 2"), or, if the statement
  // string given to exec had more statements after the COPY, the last one's.
  // Throws ServerError; a rejected row's error has the data line in its
  // context ("COPY t, line 2: \"...\"").
  Result put_copy_end(std::optional<std::string_view> error_message = std::nullopt);
  // exec(copy_statement), all of `data`, put_copy_end(). Throws ServerError
  // (also when the statement does not start a COPY FROM STDIN, after
  // finishing it).
  Result copy_from_stdin(std::string_view copy_statement, std::string_view data);

  // --- Notices ------------------------------------------------------------

  // Receives every NOTICE, WARNING, INFO, DEBUG and LOG the server sends, as
  // it arrives. Without a handler (the default) they are dropped.
  void set_notice_handler(NoticeHandler handler);

  // --- State --------------------------------------------------------------

  bool is_ok() const;  // connected and not lost
  // For an idle connection: reads whatever the server sent meanwhile without
  // waiting (a termination notice, the socket closing) and says whether the
  // connection is still there. No round trip.
  bool still_connected();
  TransactionStatus transaction_status() const;
  int server_version() const;  // e.g. 150018 for 15.18, 90624 for 9.6.24
  int backend_pid() const;
  std::string host() const;  // as connected: a name, an address or a socket directory
  std::string port() const;
  std::string dbname() const;
  std::string user() const;
  // A parameter the server reports (server_version, server_encoding,
  // client_encoding, standard_conforming_strings, TimeZone, ...).
  std::optional<std::string> parameter_status(std::string_view name) const;

  // Asks the server to cancel the running statement; see CancelHandle. Safe
  // from another thread while this one runs a statement.
  bool cancel(std::string* reason = nullptr) const;
  CancelHandle cancel_handle() const { return CancelHandle(cancel_); }

  // For code inside the pg layer.
  pg_conn* native_handle() const { return conn_; }

 private:
  friend class ConnectionInternals;
  enum class Mode { idle, copy_in, batch, broken };

  explicit Connection(pg_conn* conn);
  void close() noexcept;
  void require_idle(const char* operation) const;
  void send_failed();
  Result make_result(pg_result* result) const;
  // Reads the results of what was sent; see exec.
  Result finish();
  void drain_copy_out();
  void wait_writable();

  pg_conn* conn_ = nullptr;
  std::shared_ptr<NoticeState> notices_;
  std::shared_ptr<pg_cancel> cancel_;
  Mode mode_ = Mode::idle;
};

// Where a connection goes, for messages: "postgres@127.0.0.1:5432/mydb".
std::string describe_target(const Connection& connection);

}  // namespace pgapply::pg
