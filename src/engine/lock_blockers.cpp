#include "engine/lock_blockers.hpp"

#include <utility>

#include "core/embedded_sql.hpp"
#include "engine/session_reset.hpp"
#include "lexer/literal_mask.hpp"
#include "pg/rows.hpp"
#include "pg/sqlstate.hpp"
#include "settings/connect.hpp"

namespace pgapply::engine {

std::vector<BlockingSession> find_lock_blockers(pg::Connection& connection, std::chrono::milliseconds lock_timeout) {
  try {
    const auto result = connection.exec_params(std::string(embedded_sql("lock_blockers.sql")),
                                               {std::to_string(lock_timeout.count())});
    std::vector<BlockingSession> found;
    for (const pg::Row row : pg::Rows(result)) {
      BlockingSession session;
      session.pid = row.integer("pid");
      session.application = row.text("application_name");
      session.user = row.text("user_name");
      session.since = row.text("since");
      session.seconds = row.integer("seconds");
      session.state = row.text("state");
      session.locks = row.text("locks");
      session.query = lexer::mask_literals(row.text("query"));
      found.push_back(std::move(session));
    }
    return found;
  } catch (const std::exception&) {
    return {};
  }
}

void rethrow_explaining_lock_timeout(const Context& context, const pg::ServerError& error, const std::string& outcome,
                                     const std::string& option) {
  if (error.sqlstate != pg::sqlstate::lock_not_available) throw error;
  const auto timeout = lock_timeout_limit(context.session);
  std::vector<BlockingSession> blocking;
  try {
    settings::ConnectOptions options = context.connection;
    options.application_name = "pgapply (looking for the session in the way)";
    options.connect_retries = 0;
    settings::Connected looking = settings::connect(options);
    blocking = find_lock_blockers(looking.connection, timeout);
  } catch (const std::exception&) {
    // only the message is poorer
  }
  std::string message = "a statement of pgapply's own (reading or writing its ledger, reading the catalog) waited "
                        "longer than lock_timeout" +
                        (context.session.lock_timeout ? " " + *context.session.lock_timeout : std::string()) +
                        (option.empty() ? std::string() : " (" + option + ")") +
                        " for a lock another session holds (" + error.message + ")";
  if (!blocking.empty()) message += "; it waited for: " + describe_lock_blockers(blocking);
  throw LockWaitError(message + (outcome.empty() ? "" : ": " + outcome), error.sqlstate, std::move(blocking));
}

std::string describe_lock_blockers(const std::vector<BlockingSession>& blockers) {
  std::string out;
  for (const BlockingSession& session : blockers) {
    if (!out.empty()) out += "; ";
    out += "pid " + std::to_string(session.pid);
    if (!session.application.empty()) out += " (" + session.application + ")";
    out += ", user " + session.user + ", in a transaction since " + session.since + " (" +
           std::to_string(session.seconds) + " s), " + session.state + ", holding " + session.locks;
    if (!session.query.empty()) out += ", query: " + session.query;
  }
  return out;
}

}  // namespace pgapply::engine
