#pragma once

// Errors of the pg layer. Both derive from pgapply::Error so that the command
// line maps them to exit statuses by kind.

#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/server_message.hpp"

struct pg_result;
struct pg_conn;

namespace pgapply::pg {

// A statement failed on the server (ErrorKind::sql). The fields of
// ServerMessage are public members: error.sqlstate, error.position, ...;
// what() is the primary message.
class ServerError : public Error, public ServerMessage {
 public:
  explicit ServerError(ServerMessage fields);

  // From a PGRES_FATAL_ERROR (or PGRES_NONFATAL_ERROR) result. Errors that
  // libpq raises itself (no SQLSTATE, no primary field) take libpq's text as
  // the message. Its text is made UTF-8 from `conn`'s client_encoding (see
  // read_server_message).
  static ServerError from_result(const pg_result* result, const pg_conn* conn = nullptr);
};

// Cannot connect (ErrorKind::connection), or the connection was lost once
// made (ErrorKind::connection_lost: lost_connection). what() and reason()
// are libpq's explanation, trimmed of its trailing newline; the pg layer
// never puts a password into it.
class ConnectionError : public Error {
 public:
  // A failed connect.
  explicit ConnectionError(const std::string& reason, std::string tried = {})
      : Error(ErrorKind::connection, reason), tried_(std::move(tried)) {}
  // A connection lost once made.
  static ConnectionError lost(const std::string& reason) { return ConnectionError(reason, ErrorKind::connection_lost); }
  std::string reason() const { return what(); }
  // A failed connect: user@host:port/dbname as libpq last tried it (the URL
  // with -h/-p/-U on top, PG* defaults filled in); "" when unknown.
  const std::string& tried() const { return tried_; }

 private:
  ConnectionError(const std::string& reason, ErrorKind kind) : Error(kind, reason) {}
  std::string tried_;
};

// Reads every diagnostic field of a result (an error, or a notice's result),
// received on `conn` (when given: its text made UTF-8 from the session's
// client_encoding, which a migration may have changed).
ServerMessage read_server_message(const pg_result* result, const pg_conn* conn = nullptr);

// For a connection libpq reports broken: libpq's reason on one line, or a
// plain one. It goes inside a message saying what was applied, and
// --format json's error message is that message's first line.
ConnectionError lost_connection(pg_conn* conn);

// libpq's text with its continuation lines joined: "server closed the
// connection unexpectedly\n\tThis probably means ..." becomes "server closed
// the connection unexpectedly. This probably means ...".
std::string one_line(const std::string& message);

// libpq's messages end in a newline and sometimes continue on indented lines;
// this removes trailing white space only.
std::string trim_libpq_message(const char* message);

}  // namespace pgapply::pg
