#pragma once

// Where a batch of statements sent as one simple query must end or begin.
//
// PostgreSQL parses every statement of a simple query before it runs the
// first. So a statement whose parse depends on a setting an earlier statement
// may change, or whose parse raises a notice that carries no position (which
// could then not be told apart from the other statements'), must be parsed
// apart: it leads a batch of its own. See pg/statement_batch.hpp.

#include <string_view>

namespace pgapply::lexer {

// True when the statement must lead its batch:
//  - a '...' (or N'...') literal holding a backslash, or a U&'...' literal:
//    parsed according to standard_conforming_strings;
//  - an E'...' literal holding \' : accepted according to backslash_quote;
//  - an identifier longer than 63 bytes: truncated, with a notice.
// Cheap for ordinary statements: only text holding a backslash, "&'" or a
// long run of identifier characters is tokenized.
bool needs_separate_parse(std::string_view statement);

// True when the statement may change a setting that bears on how later
// statements parse or are read (SET, RESET, set_config: client_encoding,
// standard_conforming_strings...): the batch must end after it.
bool may_change_parse_settings(std::string_view statement);

// True for a statement that may hold a password (CREATE or ALTER ROLE, USER
// or GROUP with PASSWORD; a USER MAPPING, whose OPTIONS may; a DO block or
// a SUBSCRIPTION that names a password): it runs in a
// batch of its own, so that the server's log of another statement's error,
// which quotes the whole query (log_min_error_statement), never shows it,
// as psql's one statement per query never would.
bool may_hold_password(std::string_view statement);

}  // namespace pgapply::lexer
