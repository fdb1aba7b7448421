#pragma once

#include <map>
#include <string>
#include <string_view>

namespace pgapply {

// Replaces each {{name}} in an embedded SQL file by its value (already quoted
// by the caller: these are identifiers, never data, which always travel as
// query parameters). An unknown {{name}} is a bug: std::logic_error.
std::string render_sql(std::string_view sql_template, const std::map<std::string, std::string>& values);

}  // namespace pgapply
