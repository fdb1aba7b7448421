#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pgapply::psql {

// What a file asks of pgapply in its header: line comments before its first
// statement of the form
//   -- pgapply: no-transaction   run statement by statement, outside a transaction
//   -- pgapply: transaction      run in one transaction even if pgapply would not
// (`-- pgapply: lint-ignore RULE REASON` is `pgapply lint`'s, valid anywhere
// in a file; here it is accepted and left to lint.)
struct Directives {
  std::optional<bool> transaction;  // forced on or off; nullopt: pgapply decides
  // Where the file forces it off, when not by `-- pgapply: no-transaction`
  // (a dbmate or goose marker): "the file says -- +goose NO TRANSACTION (line 1)".
  std::string said_by;
};

// Parses the text before a file's first statement, which starts on line
// `first_line` of the file (a section of a dbmate or goose file starts further
// down). An unknown `pgapply:` directive is an Error(input) naming the file
// and line (a typo must not be silently ignored on a production run).
// Two directives that contradict each other are an Error(input) too.
Directives parse_directives(std::string_view header, std::string_view file_name, std::size_t first_line = 1);

// What a `--` comment directs, as written after `-- pgapply:`
// ("no-transaction"), or nullopt when it is no such comment.
std::optional<std::string_view> directive_in(std::string_view comment);

// A `-- pgapply:` comment after the first statement began (of the file, or
// of its dbmate or goose section), at `line`: the diagnostic that says it is
// not read ("FILE:LINE: error: ..."), or "" for a lint-ignore (valid
// anywhere). Only the header is read for directives, and a misplaced one
// must not be silently taken for a comment (it would run a file meant to run
// outside a transaction inside one): up refuses to run such a file, and lint
// reports it.
std::string misplaced_directive(std::string_view directive, std::string_view file_name, std::size_t line);

}  // namespace pgapply::psql
