#pragma once

// The SQL inside a statement's body: a DO block's PL/pgSQL, or the body of
// CREATE FUNCTION / PROCEDURE in PL/pgSQL or SQL. Lint runs its rules on
// each static statement found there, as on a statement of the file.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lexer/tokenizer.hpp"

namespace pgapply::lint {

struct RoutineBody {
  bool do_block = false;     // a DO block (runs now); else a routine's body (runs when called)
  std::string label;         // "DO block", "function app.f", "procedure p"
  std::string_view text;     // the body (the string token's value; valid while the tokens are)
  std::size_t offset = 0;    // of the body's first byte within the statement
  std::string language;      // lower-case
};

struct BodyStatement {
  std::string text;          // the statement (for an EXECUTE, of its string's value)
  std::size_t offset = 0;    // of text within the body; for an EXECUTE's statement, of its string
  bool conditional = false;  // in an IF, CASE, loop or exception handler
  // Offsets in `text` are offsets in the body from `offset` on. Not so for
  // the value of an EXECUTE's string with escapes ('' or E'\n') or pieces
  // ('a' || 'b'): a finding in it goes to the string's start.
  bool exact = true;
};

struct BodyScan {
  std::vector<BodyStatement> statements;  // in body order, EXECUTE's constant strings among them
  // Offset in the body of the first EXECUTE whose SQL is built at run time
  // (format(), variables): SQL lint cannot see.
  std::optional<std::size_t> unread_execute;
};

// The body of a DO statement or of CREATE [OR REPLACE] FUNCTION|PROCEDURE
// given as a string (AS '...' or AS $$...$$), from the statement's tokens;
// nullopt for anything else. `routine_name` names a function or procedure.
std::optional<RoutineBody> routine_body(const std::vector<lexer::Token>& tokens, std::string_view routine_name);

// The static statements of a PL/pgSQL or SQL body (none for other languages),
// and in PL/pgSQL those of each EXECUTE whose command string is a constant:
// '...', E'...', $$...$$, or such literals joined by ||.
BodyScan body_statements(const RoutineBody& body);

}  // namespace pgapply::lint
