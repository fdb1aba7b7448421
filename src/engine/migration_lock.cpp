#include "engine/migration_lock.hpp"

#include <set>
#include <thread>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "lexer/literal_mask.hpp"

namespace pgapply::engine {

namespace {

struct Holders {
  std::set<std::string> pids;
  std::string described;
};

// Who holds the lock, in one line per session.
Holders describe_holders(pg::Connection& connection, std::pair<int, int> keys) {
  const auto result = connection.exec_params(
      std::string(embedded_sql("lock_holders.sql")),
      {std::to_string(keys.first), std::to_string(keys.second)});
  Holders holders;
  const int pid = result.column_index("pid"), application = result.column_index("application_name"),
            user = result.column_index("user_name"), client = result.column_index("client"),
            state = result.column_index("state"), seconds = result.column_index("transaction_seconds"),
            query = result.column_index("query"), working = result.column_index("working_pid");
  std::string& out = holders.described;
  for (int r = 0; r < result.rows(); ++r) {
    if (!out.empty()) out += "; ";
    holders.pids.insert(std::string(result.value(r, pid)));
    out += "pid " + std::string(result.value(r, pid));
    const std::string name(result.value(r, application));
    if (!name.empty()) out += " (" + name + ")";
    out += ", user " + std::string(result.value(r, user)) + " from " + std::string(result.value(r, client));
    const std::string working_pid(result.value(r, working));
    if (!working_pid.empty()) {
      out += "; its migrations run on pid " + working_pid;
      const std::string working_name(result.value(r, result.column_index("working_application_name")));
      if (working_name.rfind("pgapply: ", 0) == 0) out += " (" + working_name.substr(9) + ")";
    }
    out += ", " + std::string(result.value(r, state));
    const std::string for_seconds(result.value(r, seconds));
    if (for_seconds != "0") out += " for " + for_seconds + " s";
    std::string masked = lexer::mask_literals(result.value(r, query));
    // A batch of pgapply's: its fences say nothing.
    for (std::size_t at; (at = masked.find("UNLISTEN pgapply_fence; ")) != std::string::npos;) masked.erase(at, 24);
    if (masked.size() > 200) masked = masked.substr(0, 200) + "...";
    if (!masked.empty()) out += ", last query: " + masked;
  }
  if (out.empty()) out = "a session that has just released it";
  return holders;
}

}  // namespace

std::pair<int, int> MigrationLock::keys(const LedgerName& ledger) {
  // FNV-1a of the ledger's qualified name: one lock per ledger table; the
  // first key ("pgap") keeps pgapply's locks apart from the application's.
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : ledger.quoted()) {
    hash ^= c;
    hash *= 16777619u;
  }
  return {0x70676170, static_cast<int>(hash & 0x7fffffff)};
}

MigrationLock::MigrationLock(pg::Connection connection, const LedgerName& ledger, std::chrono::milliseconds wait,
                             const std::function<void(const std::string&)>& on_waiting)
    : connection_(std::move(connection)), keys_(keys(ledger)), ledger_(ledger.shown()) {
  const std::vector<std::optional<std::string>> params{std::to_string(keys_.first), std::to_string(keys_.second)};
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::set<std::string> reported;
  while (true) {
    const auto result = connection_.exec_params("SELECT pg_try_advisory_lock($1::int, $2::int)", params);
    if (result.value(0, 0) == "t") return;
    const Holders holders = describe_holders(connection_, keys_);
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error(ErrorKind::lock,
                  "another run holds the migration lock on " + ledger.shown() + ": " + holders.described +
                      ". Gave up after " + std::to_string(wait.count() / 1000) +
                      " s (--lock-wait); nothing was applied");
    }
    if (holders.pids != reported && on_waiting) {
      on_waiting("waiting for the migration lock on " + ledger.shown() + ", held by " + holders.described);
      reported = holders.pids;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

MigrationLock::~MigrationLock() {
  try {
    if (connection_.is_ok()) {
      connection_.exec_params("SELECT pg_advisory_unlock($1::int, $2::int)",
                              {std::to_string(keys_.first), std::to_string(keys_.second)});
    }
  } catch (...) {
    // The session is going away: the server releases the lock with it.
  }
}

void MigrationLock::check() {
  if (connection_.still_connected()) return;
  throw Error(ErrorKind::lock, "the migration lock on " + ledger_ +
                                   " was lost: its connection ended (terminated by the server or an "
                                   "administrator?). Stopped before recording anything more; run "
                                   "pgapply status to see what was applied");
}

}  // namespace pgapply::engine
