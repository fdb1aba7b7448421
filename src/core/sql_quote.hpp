#pragma once

// SQL quoting without a connection, for text shown to people or written to
// files (dry-run output). Assumes standard_conforming_strings = on, the
// default since PostgreSQL 9.1. Values must not contain NUL bytes (text
// cannot hold them): std::invalid_argument.

#include <string>
#include <string_view>

namespace pgapply {

// Always double-quoted, embedded double quotes doubled: "my ""table""".
std::string quote_identifier(std::string_view name);

// 'it''s'. Like PostgreSQL's quote_literal(): a value with a backslash takes
// the E'' form with backslashes doubled (E'a\\b'), which reads the same
// whatever standard_conforming_strings is.
std::string quote_literal(std::string_view value);

// As quote_literal, in pure ASCII: other characters as \uXXXX (\UXXXXXXXX)
// escapes in the E'' form, bytes that are not UTF-8 as U+FFFD. For pgapply's
// own statements, which must read the same whatever client_encoding a
// migration set before them (the server reads a query in the encoding in
// force when it arrives).
std::string quote_literal_ascii(std::string_view value);

// "schema"."name", or just "name" when schema is empty.
std::string quote_qualified_name(std::string_view schema, std::string_view name);

}  // namespace pgapply
