#pragma once

#include <cstddef>
#include <string>

#include "core/error.hpp"
#include "pg/server_message.hpp"

namespace pgapply::apply {

// A statement of a file failed on the server. what() is the full report
// (FILE:LINE:COL: ERROR: ..., DETAIL, HINT, the line with a caret).
class StatementError : public Error {
 public:
  StatementError(const std::string& report, pg::ServerMessage server, std::string file,
                 std::size_t line, std::size_t statement_index)
      : Error(ErrorKind::sql, report, true), server(std::move(server)), file(std::move(file)),
        line(line), statement_index(statement_index) {}

  // One line for the ledger: "FILE:LINE: message (SQLSTATE xxxxx)".
  std::string summary() const {
    return file + ":" + std::to_string(line) + ": " + server.message +
           (server.sqlstate.empty() ? "" : " (SQLSTATE " + server.sqlstate + ")");
  }

  pg::ServerMessage server;
  std::string file;
  std::size_t line;
  std::size_t statement_index;  // 1-based
};

}  // namespace pgapply::apply
