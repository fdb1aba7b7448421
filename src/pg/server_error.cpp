#include "pg/server_error.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <cstdlib>
#include <utility>

#include "pg/client_encoding.hpp"

namespace pgapply::pg {
namespace {

std::string field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value ? std::string(value) : std::string();
}

int int_field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value ? std::atoi(value) : 0;
}

// what() must never be empty: a message without a primary text still says
// what kind of failure it was.
std::string what_of(const ServerMessage& fields) {
  if (!fields.message.empty()) return fields.message;
  if (!fields.sqlstate.empty()) return "server error " + fields.sqlstate;
  return "unknown server error";
}

}  // namespace

ConnectionError lost_connection(pg_conn* conn) {
  const std::string reason = one_line(trim_libpq_message(PQerrorMessage(conn)));
  return ConnectionError::lost(reason.empty() ? "lost the connection to the server" : reason);
}

std::string one_line(const std::string& message) {
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    if (message[i] != '\n') {
      out += message[i++];
      continue;
    }
    while (i < message.size() && (message[i] == '\n' || message[i] == '\t' || message[i] == ' ' ||
                                  message[i] == '\r')) {
      ++i;
    }
    // "unexpectedly\n\tThis probably means": two sentences.
    const bool sentence = i < message.size() && std::isupper(static_cast<unsigned char>(message[i])) != 0;
    if (sentence && !out.empty() && out.back() != '.' && out.back() != ':' && out.back() != ';') out += '.';
    if (!out.empty() && i < message.size()) out += ' ';
  }
  return out;
}

std::string trim_libpq_message(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\t' ||
                           text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

ServerMessage read_server_message(const PGresult* result, const pg_conn* conn) {
  ServerMessage m;
  if (!result) return m;
  // The non-localized severity exists since protocol 3 servers of 9.6; older
  // servers only send the localized one.
  m.severity = field(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (m.severity.empty()) m.severity = field(result, PG_DIAG_SEVERITY);
  m.sqlstate = field(result, PG_DIAG_SQLSTATE);
  m.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  m.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
  m.hint = field(result, PG_DIAG_MESSAGE_HINT);
  m.position = int_field(result, PG_DIAG_STATEMENT_POSITION);
  m.internal_position = int_field(result, PG_DIAG_INTERNAL_POSITION);
  m.internal_query = field(result, PG_DIAG_INTERNAL_QUERY);
  m.context = field(result, PG_DIAG_CONTEXT);
  m.schema_name = field(result, PG_DIAG_SCHEMA_NAME);
  m.table_name = field(result, PG_DIAG_TABLE_NAME);
  m.column_name = field(result, PG_DIAG_COLUMN_NAME);
  m.datatype_name = field(result, PG_DIAG_DATATYPE_NAME);
  m.constraint_name = field(result, PG_DIAG_CONSTRAINT_NAME);
  m.source_file = field(result, PG_DIAG_SOURCE_FILE);
  m.source_line = field(result, PG_DIAG_SOURCE_LINE);
  m.source_function = field(result, PG_DIAG_SOURCE_FUNCTION);
  if (m.message.empty()) {
    // An error libpq made up itself (e.g. a lost connection) has only its text.
    m.message = trim_libpq_message(PQresultErrorMessage(result));
    if (m.severity.empty()) m.severity = "ERROR";
  }
  for (std::string* text : {&m.message, &m.detail, &m.hint, &m.internal_query, &m.context, &m.schema_name,
                            &m.table_name, &m.column_name, &m.datatype_name, &m.constraint_name}) {
    *text = from_client_encoding(std::move(*text), conn);
  }
  return m;
}

ServerError::ServerError(ServerMessage fields)
    : Error(ErrorKind::sql, what_of(fields)), ServerMessage(std::move(fields)) {}

ServerError ServerError::from_result(const pg_result* result, const pg_conn* conn) {
  return ServerError(read_server_message(result, conn));
}

}  // namespace pgapply::pg
