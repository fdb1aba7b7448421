#include "report/server_message_report.hpp"

namespace pgapply::report {

namespace {

void add_field(std::string& out, std::string_view label, const std::string& value) {
  if (value.empty()) return;
  // Continuation lines of a multi-line field stay indented under it, as psql does.
  out += '\n';
  out += label;
  out += ":  ";
  for (char c : value) {
    out += c;
    if (c == '\n') out += std::string(label.size() + 3, ' ');
  }
}

void add_source_line(std::string& out, const ErrorSite& site) {
  if (site.source_line.empty()) return;
  const std::string number = std::to_string(site.line);
  const std::string gutter = std::string(number.size() + 2, ' ');
  out += "\n  " + number + " | " + site.source_line;
  if (site.caret_column == 0) return;
  out += "\n" + gutter + " | ";
  // Keep tabs so that the caret lines up with the text above it.
  std::size_t column = 1;
  for (std::size_t i = 0; i < site.source_line.size() && column < site.caret_column; ++i) {
    const char c = site.source_line[i];
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
    out += c == '\t' ? '\t' : ' ';
    ++column;
  }
  out += '^';
}

}  // namespace

std::string format_server_error(const ServerMessage& error, const ErrorSite& site) {
  // Line 0: one of pgapply's own statements around the file's.
  std::string out = site.file;
  if (site.line != 0) out += ':' + std::to_string(site.line);
  if (site.line != 0 && site.column != 0) out += ':' + std::to_string(site.column);
  out += ": " + (error.severity.empty() ? std::string("ERROR") : error.severity) + ":  " + error.message;
  add_field(out, "DETAIL", error.detail);
  add_field(out, "HINT", error.hint);
  if (!error.internal_query.empty()) add_field(out, "QUERY", error.internal_query);
  add_field(out, "CONTEXT", error.context);
  std::string state;
  if (!error.sqlstate.empty()) state = "SQLSTATE: " + error.sqlstate;
  if (site.statement_index != 0) {
    if (!state.empty()) state += ' ';
    state += "(statement " + std::to_string(site.statement_index);
    if (site.statement_count != 0) state += " of " + std::to_string(site.statement_count);
    state += ')';
  }
  if (!state.empty()) out += '\n' + state;
  add_source_line(out, site);
  return out;
}

std::string format_notice(const ServerMessage& notice, std::string_view file, std::size_t line) {
  std::string out(file);
  if (line != 0) out += ':' + std::to_string(line);
  out += ": " + notice.severity + ":  " + notice.message;
  add_field(out, "DETAIL", notice.detail);
  add_field(out, "HINT", notice.hint);
  return out;
}

}  // namespace pgapply::report
