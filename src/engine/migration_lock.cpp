#include "engine/migration_lock.hpp"

#include <thread>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"

namespace pgapply::engine {

namespace {

// Who holds the lock, in one line per session.
std::string describe_holders(pg::Connection& connection, std::pair<int, int> keys) {
  const auto result = connection.exec_params(
      std::string(embedded_sql("lock_holders.sql")),
      {std::to_string(keys.first), std::to_string(keys.second)});
  std::string out;
  for (int r = 0; r < result.rows(); ++r) {
    if (!out.empty()) out += "; ";
    out += "pid " + std::string(result.value(r, 0));
    const std::string application(result.value(r, 1));
    if (!application.empty()) out += " (" + application + ")";
    out += ", user " + std::string(result.value(r, 2)) + " from " + std::string(result.value(r, 3));
    out += ", " + std::string(result.value(r, 4));
    const std::string seconds(result.value(r, 6));
    if (seconds != "0") out += " for " + seconds + " s";
    const std::string query(result.value(r, 7));
    if (!query.empty()) out += ", last query: " + query;
  }
  return out.empty() ? "a session that has just released it" : out;
}

}  // namespace

std::pair<int, int> MigrationLock::keys(const LedgerName& ledger) {
  // FNV-1a of the ledger's name: one lock per ledger table; the first key
  // ("pgap") keeps pgapply's locks apart from the application's.
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : ledger.quoted()) {
    hash ^= c;
    hash *= 16777619u;
  }
  return {0x70676170, static_cast<int>(hash & 0x7fffffff)};
}

MigrationLock::MigrationLock(pg::Connection& connection, const LedgerName& ledger,
                             std::chrono::milliseconds wait,
                             const std::function<void(const std::string&)>& on_waiting)
    : connection_(connection), keys_(keys(ledger)) {
  const std::vector<std::optional<std::string>> params{std::to_string(keys_.first),
                                                       std::to_string(keys_.second)};
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::string reported;
  while (true) {
    const auto result = connection_.exec_params("SELECT pg_try_advisory_lock($1::int, $2::int)", params);
    if (result.value(0, 0) == "t") return;
    const std::string holders = describe_holders(connection_, keys_);
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error(ErrorKind::lock,
                  "another run holds the migration lock on " + ledger.shown() + ": " + holders +
                      ". Gave up after " + std::to_string(wait.count() / 1000) +
                      " s (--lock-wait); nothing was applied");
    }
    if (holders != reported && on_waiting) {
      on_waiting("waiting for the migration lock on " + ledger.shown() + ", held by " + holders);
      reported = holders;
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

}  // namespace pgapply::engine
