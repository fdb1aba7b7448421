#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "psql/variables.hpp"

namespace pgapply::psql {

// A psql backslash command: its name (without the backslash) and its
// arguments, lexed as psql does (psqlscanslash.l): words split at white space;
// 'single quotes' group and take \n \t \\ \' escapes and '' for a quote;
// "double quotes" group and are kept; :name, :'name' and :"name" outside
// quotes are interpolated. A second command on the same line after \\ is an
// error here (one command per line keeps migrations readable).
struct MetaCommand {
  std::string name;
  std::vector<std::string> args;
  std::vector<Interpolation> interpolations;
};

// `text` is the meta item's text ("\echo hello :name"). Throws Error(input)
// naming file:line for an undefined variable (unless allowed), a backquoted
// shell command, or an unterminated quote.
MetaCommand parse_meta_command(std::string_view text, const Variables& variables,
                               bool allow_undefined, std::string_view file_name, std::size_t line);

}  // namespace pgapply::psql
