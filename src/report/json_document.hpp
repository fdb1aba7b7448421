#pragma once

// The JSON contract (docs/pgapply-output.schema.json): every command that
// reports writes ONE JSON document with --format json, also when it fails:
//   {"format_version": 1, "command": "status", ...its report...}
//   {"format_version": 1, "command": "up", ..., "error": {kind, message, file,
//    line, column, sqlstate, exit_status, text}}
// One vocabulary across commands: "migrations" is always the list of
// migration objects (each with "version" and "file"), "ledger" always
// {"table": "schema.table"}, "database" always the target as
// user@host:port/dbname, states and kinds as snake_case identifiers,
// counts and sizes as integers. A change that removes or renames a key, or
// changes a value's type, bumps json_format_version.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/blocking_session.hpp"

namespace pgapply::report {

inline constexpr int json_format_version = 1;

using Json = nlohmann::ordered_json;

// {"format_version": 1, "command": COMMAND}: the start of every document.
Json json_document(std::string_view command);

// {"table": "schema.table"}
Json ledger_json(const std::string& table);

// {"description": how the shadow was had | null, "none_because": why there
// was none | null}: the same shape in verify, diff, preflight and check.
Json shadow_json(const std::string& description, const std::string& none_because);

// The text, or null when it is empty.
Json text_or_null(const std::string& text);

// The document as text: two-space indent, one trailing newline, invalid
// UTF-8 replaced by U+FFFD.
std::string dump_document(const Json& document);

// What went wrong, for the "error" object. Empty strings and zero numbers
// are written as null.
struct ErrorReport {
  std::string kind;      // usage, input, connection, sql, check, lock, backup, internal
  std::string message;   // the first line, without location or "error:" label
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string sqlstate;
  int exit_status = 1;
  std::string text;      // the whole message as text output prints it
  // A statement that hit lock_timeout: whom it waited for, as
  // "blocking_sessions": [{pid, application, user, since, seconds, state,
  // locks, query}] (the key only then).
  std::vector<BlockingSession> blocking_sessions;
};
Json error_json(const ErrorReport& error);

// A document for a command that failed before it had anything to report;
// `command` "" (null in the document) when none was given or known.
std::string render_error_document(std::string_view command, const ErrorReport& error);

// A command's document (as dump_document wrote it) with the "error" object
// of what it found (verify's differences, a failed proof...).
std::string with_error(const std::string& document, const ErrorReport& error);

}  // namespace pgapply::report
