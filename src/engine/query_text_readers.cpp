#include "engine/query_text_readers.hpp"

#include "core/embedded_sql.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

std::string one_statement_per_query(pg::Connection& connection, const std::vector<const LoadedScript*>& pending) {
  for (const LoadedScript* script : pending) {
    if (const auto line = script->analysis().reads_query_text_line) {
      return script->shown() + ":" + std::to_string(*line) +
             " names current_query(), which in a batch returns the whole batch";
    }
  }
  const pg::Result result = connection.exec(std::string(embedded_sql("query_text_readers.sql")));
  for (const pg::Row row : pg::Rows(result)) {
    if (const std::string function = row.text("function_name"); !function.empty()) {
      return function + " reads current_query(), which in a batch returns the whole batch";
    }
    if (const std::string audit = row.text("audit_log"); !audit.empty()) {
      return audit + " logs the whole text of a batch for each of its statements";
    }
  }
  return "";
}

}  // namespace pgapply::engine
