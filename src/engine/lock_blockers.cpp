#include "engine/lock_blockers.hpp"

#include "core/embedded_sql.hpp"
#include "lexer/literal_mask.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

std::string describe_lock_blockers(pg::Connection& connection, std::chrono::milliseconds lock_timeout) {
  try {
    const auto result = connection.exec_params(std::string(embedded_sql("lock_blockers.sql")),
                                               {std::to_string(lock_timeout.count())});
    std::string out;
    for (const pg::Row row : pg::Rows(result)) {
      if (!out.empty()) out += "; ";
      out += "pid " + row.text("pid");
      if (!row.text("application_name").empty()) out += " (" + row.text("application_name") + ")";
      out += ", user " + row.text("user_name") + ", in a transaction since " + row.text("since") + " (" +
             row.text("seconds") + " s), " + row.text("state") + ", holding " + row.text("locks");
      const std::string query = lexer::mask_literals(row.text("query"));
      if (!query.empty()) out += ", query: " + query;
    }
    return out;
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace pgapply::engine
