#pragma once

// Values of SQL constants, for comparing two spellings of the same constant.

#include <optional>
#include <string>
#include <string_view>

namespace pgapply::ddl {

// A canonical form of a decimal number ("1.50", "+1.5", "15e-1" -> same), or
// nullopt when `text` is not one ("NaN", "1x").
std::optional<std::string> canonical_decimal(std::string_view text);

// A boolean as PostgreSQL's boolin reads it: t, true, yes, on, 1 and the
// prefixes it accepts, any case, surrounding spaces ignored.
std::optional<bool> parse_bool(std::string_view text);

// The value of an E'...' string from the text between its quotes, or nullopt
// for escapes this code does not decode (octal, hex and Unicode ones).
std::optional<std::string> decode_escape_string(std::string_view body);

}  // namespace pgapply::ddl
