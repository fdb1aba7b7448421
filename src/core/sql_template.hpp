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

// A parameter of one of pgapply's statements: a value, NULL, or, in a
// printed script only, a psql variable that the script sets at run time
// (the error text of a failure, known only when psql runs the script).
struct SqlParam {
  std::optional<std::string> value;  // nullopt: NULL
  std::string psql_variable;         // set: :'name' in a printed script

  SqlParam() = default;
  SqlParam(std::string text) : value(std::move(text)) {}  // NOLINT: implicit on purpose
  SqlParam(const char* text) : value(std::string(text)) {}  // NOLINT
  SqlParam(std::nullopt_t) {}  // NOLINT
  SqlParam(std::optional<std::string> text) : value(std::move(text)) {}  // NOLINT
  static SqlParam from_psql_variable(std::string name) {
    SqlParam param;
    param.psql_variable = std::move(name);
    return param;
  }
};

// A statement with its parameters ($1, $2, ...).
struct SqlCall {
  std::string sql;
  std::vector<SqlParam> params;
  // It answers with one row, whose first value is of interest (a duration).
  bool returns_row = false;

  // The values for a live connection (a psql variable there is a bug:
  // std::logic_error).
  std::vector<std::optional<std::string>> values() const;
};

// The call as one self-contained statement, each $N replaced by its value as
// a quoted literal in ASCII (quote_literal_ascii; or NULL, or :'variable'):
// the same whatever client_encoding a migration set. For scripts printed rather than
// run (dry runs), and for pgapply's statements sent in a batch. Only for
// pgapply's own SQL, which holds no $N inside quotes. Comment lines (which
// describe the parameters, values by now) are left out.
std::string bind_literals(const SqlCall& call);

}  // namespace pgapply
