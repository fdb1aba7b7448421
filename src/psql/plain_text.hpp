#pragma once

#include <string_view>

namespace pgapply::psql {

// Whether psql could find anything to interpret in `text`: a backslash (a
// meta-command such as \i or \if, or an escaped `\;` `\:`), or a ':' that
// could start an interpolation (:name, :'name', :"name", :{?name}; a name
// byte is a letter, digit, '_' or a byte >= 0x80, as psqlscan.l's
// variable_char). `::` casts are skipped as the splitter takes them. A
// conservative byte scan that ignores quoting: false proves that
// interpreting the text reads no include and interpolates no variable, so a
// migration of such a file has no dependencies and its checksum is its
// file's (migrate/checksum.hpp). Flyway's ${name} placeholders are not
// looked for: a Flyway file is always interpreted.
bool may_need_interpreter(std::string_view text);

}  // namespace pgapply::psql
