#pragma once

// The fields of a server's ErrorResponse or NoticeResponse, as libpq parses
// them (PQresultErrorField). Shared by ServerError and Notice so that one
// reporter can print both.

#include <cstddef>
#include <optional>
#include <string>

namespace pgapply {

struct ServerMessage {
  std::string severity;  // ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO, LOG (never localized)
  std::string sqlstate;  // five characters, e.g. 42P01; empty for errors raised by libpq itself
  std::string message;   // the primary message, one line
  std::string detail;
  std::string hint;
  int position = 0;           // 1-based character (not byte) offset into the statement; 0 if none
  int internal_position = 0;  // the same, into internal_query
  std::string internal_query;  // a query generated internally (e.g. by PL/pgSQL) that failed
  std::string context;         // call stack, one line per level, innermost first
  std::string schema_name;
  std::string table_name;
  std::string column_name;
  std::string datatype_name;
  std::string constraint_name;
  std::string source_file;  // where in the server's source the message was raised
  std::string source_line;
  std::string source_function;

  // Set by the pg layer, not by the server: which statement raised it, counted
  // from 0 within a StatementBatch, or within a text of several statements
  // sent by Connection::exec when not its first (errors only); empty where unknown.
  std::optional<std::size_t> statement_index;
};

}  // namespace pgapply
