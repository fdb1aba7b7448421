#pragma once

#include <cstddef>
#include <string>

#include "core/error.hpp"
#include "core/server_message.hpp"

namespace pgapply::engine {

// A statement of a file failed on the server. what() is the full report
// (FILE:LINE:COL: ERROR: ..., DETAIL, HINT, the line with a caret).
class StatementError : public Error {
 public:
  StatementError(const std::string& report, ServerMessage message, std::string in_file,
                 std::size_t at_line, std::size_t index)
      : Error(ErrorKind::sql, report, true), server(std::move(message)), file(std::move(in_file)),
        line(at_line), statement_index(index) {}

  // One line for the ledger: "FILE:LINE: message (SQLSTATE xxxxx)".
  std::string summary() const {
    return file + ":" + std::to_string(line) + ": " + server.message +
           (server.sqlstate.empty() ? "" : " (SQLSTATE " + server.sqlstate + ")");
  }

  ServerMessage server;
  std::string file;
  std::size_t line;
  std::size_t statement_index;  // 1-based
};

}  // namespace pgapply::engine
