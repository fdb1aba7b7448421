#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/blocking_session.hpp"
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
        line(at_line), statement_line(at_line), statement_index(index) {}

  // One line for the ledger: "FILE:LINE: message (SQLSTATE xxxxx)", with the
  // line the statement starts at (a printed script can say the same).
  std::string ledger_text() const {
    return at(statement_line) + ": " + server.message +
           (server.sqlstate.empty() ? "" : " (SQLSTATE " + server.sqlstate + ")");
  }
  // "FILE:LINE", at the line of the error itself; "FILE (at the ledger's
  // record)" for pgapply's own statement, which has no line.
  std::string where() const { return at(line); }
  // The ledger's line for messages, at where().
  std::string summary() const {
    return where() + ": " + server.message + (server.sqlstate.empty() ? "" : " (SQLSTATE " + server.sqlstate + ")");
  }

  // The same error, its report followed by `note` on a line of its own.
  StatementError with_note(const std::string& note) const {
    StatementError out(std::string(what()) + "\n" + note, server, file, line, statement_index);
    out.statement_line = statement_line;
    out.tag = tag;
    out.internal_what = internal_what;
    out.batch_unparsed = batch_unparsed;
    out.blocking_sessions = blocking_sessions;
    return out;
  }

  std::string at(std::size_t in_line) const {
    if (in_line == 0 && !internal_what.empty()) return file + " (at " + internal_what + ")";
    return file + ":" + std::to_string(in_line);
  }

  ServerMessage server;
  std::string file;
  std::size_t line;             // of the error (the server's position), else of the statement
  std::size_t statement_line;   // where the statement starts
  std::size_t statement_index;  // 1-based, in its file; 0 for pgapply's own statements
  // Which file of the run it belongs to (the sink's tag); nullopt outside a run.
  std::optional<std::size_t> tag;
  // pgapply's own statement that failed ("the ledger's record"), or "".
  std::string internal_what;
  // The server rejected the whole batch while parsing it, so nothing of the
  // batch ran, and the statement at fault is not the batch's first.
  bool batch_unparsed = false;
  // It hit lock_timeout: the sessions it most likely waited for (the JSON
  // error object's blocking_sessions).
  std::vector<BlockingSession> blocking_sessions;
};

}  // namespace pgapply::engine
