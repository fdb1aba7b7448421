#pragma once

#include <map>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

namespace pgapply {

// Replaces each {{name}} in an embedded SQL file by its value (already quoted
// by the caller: these are identifiers, never data, which always travel as
// query parameters). An unknown {{name}} is a bug: std::logic_error.
std::string render_sql(std::string_view sql_template, const std::map<std::string, std::string>& values);

// A statement with its parameters ($1, $2, ...; nullopt is NULL).
struct SqlCall {
  std::string sql;
  std::vector<std::optional<std::string>> params;
};

// The call as one self-contained statement, each $N replaced by its value as
// a quoted literal (or NULL): for scripts printed rather than run (dry runs).
// Only for pgapply's own SQL, which holds no $N inside quotes.
std::string bind_literals(const SqlCall& call);

}  // namespace pgapply
