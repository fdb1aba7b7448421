#include "cli/error_report.hpp"

#include <regex>

#include "cli/exit_status.hpp"
#include "core/blocking_session.hpp"
#include "core/error.hpp"
#include "pg/server_error.hpp"
#include "engine/statement_error.hpp"

namespace pgapply::cli {

namespace {

std::string kind_identifier(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return "usage";
    case ErrorKind::input: return "input";
    case ErrorKind::connection: return "connection";
    case ErrorKind::sql: return "sql";
    case ErrorKind::check: return "check";
    case ErrorKind::lock: return "lock";
    case ErrorKind::backup: return "backup";
    case ErrorKind::connection_lost: return "connection_lost";
    case ErrorKind::interrupted: return "interrupted";
  }
  return "internal";
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// The first line, and when it ends with ':' the indented list that follows
// on one line ("nothing was rolled back: 007_x.sql: no rollback ..."): the
// message must say what, not only that.
std::string message_line(const std::string& text) {
  std::string out = first_line(text);
  if (out.empty() || out.back() != ':') return out;
  std::size_t start = out.size() + 1;
  std::string separator = " ";
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string item = text.substr(start, end - start);
    item.erase(0, item.find_first_not_of(" \t"));
    if (item.rfind("- ", 0) == 0) item.erase(0, 2);
    out += separator + item;
    separator = "; ";
    start = end + 1;
  }
  return out;
}

// "FILE:LINE[:COL]: [error:|ERROR:] message" into its parts.
void read_location(const std::string& line, report::ErrorReport& out) {
  static const std::regex located(R"(^(.+?):([0-9]+)(?::([0-9]+))?: (.*)$)");
  std::smatch match;
  if (!std::regex_match(line, match, located)) {
    out.message = line;
    return;
  }
  out.file = match[1];
  out.line = std::stoul(match[2]);
  if (match[3].matched) out.column = std::stoul(match[3]);
  std::string message = match[4];
  for (const std::string label : {"error: ", "ERROR:  ", "ERROR: "}) {
    if (message.rfind(label, 0) == 0) {
      message.erase(0, label.size());
      break;
    }
  }
  out.message = message;
}

// The file (and line) a message that is not a located diagnostic is about;
// the message loses the "FILE:LINE: " it starts with, as a located one does.
void read_place(const ErrorPlace& place, report::ErrorReport& out) {
  if (place.file.empty()) return;
  out.file = place.file;
  out.line = place.line;
  const std::string start = place.file + (place.line == 0 ? "" : ":" + std::to_string(place.line)) + ": ";
  if (out.message.rfind(start, 0) == 0) out.message.erase(0, start.size());
}

}  // namespace

report::ErrorReport describe_error(const std::exception& error) {
  report::ErrorReport out;
  out.text = error.what();
  if (const auto* lost = dynamic_cast<const pg::ConnectionError*>(&error);
      lost != nullptr && lost->kind() == ErrorKind::connection_lost) {
    // libpq's words alone ("server closed the connection unexpectedly"),
    // which an operation did not put in a message of its own.
    out.text = "lost the connection to the server (" + lost->reason() + ")";
  }
  if (const auto* known = dynamic_cast<const Error*>(&error)) {
    out.kind = kind_identifier(known->kind());
    out.exit_status = exit_status(*known);
    if (known->located()) {
      read_location(first_line(out.text), out);
    } else {
      out.message = message_line(out.text);
      read_place(known->place(), out);
    }
    if (const auto* statement = dynamic_cast<const engine::StatementError*>(&error)) {
      out.sqlstate = statement->server.sqlstate;
      if (out.file.empty()) out.file = statement->file;
      if (out.line == 0) out.line = statement->line;
      out.message = statement->server.message;
      out.blocking_sessions = statement->blocking_sessions;
    } else if (const auto* waited = dynamic_cast<const LockWaitError*>(&error)) {
      out.sqlstate = waited->sqlstate;
      out.blocking_sessions = waited->blocking_sessions;
    }
  } else {
    out.kind = "internal";
    out.exit_status = exit_internal_error;
    out.message = "internal error: " + first_line(out.text);
    out.text = out.message;
  }
  return out;
}

}  // namespace pgapply::cli
