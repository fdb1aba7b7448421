#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/server_message.hpp"

namespace pgapply::report {

// Where a failing statement is in its file, and where in it the server
// pointed (if it did).
struct ErrorSite {
  std::string file;
  std::size_t line = 0;    // of the error position, else of the statement
  std::size_t column = 0;
  std::size_t statement_index = 0;  // 1-based; 0 when unknown
  std::size_t statement_count = 0;
  // The file's line at the error position, and the 1-based character column
  // to put a caret under; empty when the server gave no position.
  std::string source_line;
  std::size_t caret_column = 0;
};

// psql's layout with a compiler's location:
//   FILE:LINE:COL: ERROR:  message
//   DETAIL:  ...
//   HINT:  ...
//   CONTEXT:  ...
//   SQLSTATE: 42703 (statement 3 of 7)
//      14 | select nme from users;
//         |        ^
std::string format_server_error(const ServerMessage& error, const ErrorSite& site);

// "FILE:LINE: NOTICE:  message" (and DETAIL/HINT lines), tagged with the
// line of the statement that raised it.
std::string format_notice(const ServerMessage& notice, std::string_view file, std::size_t line);

}  // namespace pgapply::report
