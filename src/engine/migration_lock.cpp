#include "engine/migration_lock.hpp"

#include <set>
#include <string_view>

#include "core/duration.hpp"
#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/interruption.hpp"
#include "core/sql_quote.hpp"
#include "core/sql_template.hpp"
#include "engine/script_sink.hpp"
#include "lexer/literal_mask.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

namespace {

// How often a run waiting for the lock (or for a dead run's session) looks again.
constexpr std::chrono::milliseconds poll_interval(250);
constexpr std::string_view waiting_for_lock = "while waiting for the migration lock; nothing was done";

struct Holders {
  std::set<std::string> pids;
  std::string described;
  std::string running_file;  // what the (last) holder's migrations session runs, if it says
};

// Who holds the lock, in one line per session.
Holders describe_holders(pg::Connection& connection, std::pair<int, int> keys) {
  const auto result = connection.exec_params(
      std::string(embedded_sql("lock_holders.sql")),
      {std::to_string(keys.first), std::to_string(keys.second)});
  Holders holders;
  std::string& out = holders.described;
  for (const pg::Row row : pg::Rows(result)) {
    if (!out.empty()) out += "; ";
    holders.pids.insert(row.text("pid"));
    out += "pid " + row.text("pid");
    const std::string name = row.text("application_name");
    if (!name.empty()) out += " (" + name + ")";
    out += ", user " + row.text("user_name") + " from " + row.text("client");
    const std::string working_pid = row.text("working_pid");
    bool names_file = false;  // this holder's migrations session names the file it runs
    if (!working_pid.empty()) {
      out += "; its migrations run on pid " + working_pid;
      const std::string working_name = row.text("working_application_name");
      if (working_name.rfind("pgapply: ", 0) == 0) {
        holders.running_file = working_name.substr(9);
        out += " (" + holders.running_file + ")";
        names_file = true;
      }
    }
    out += ", " + row.text("state");
    const std::string for_seconds = row.text("transaction_seconds");
    if (for_seconds != "0") out += " for " + for_seconds + " s";
    // pgapply's migrations session names the file it runs: its batch's text,
    // which starts with the files before that one, says less.
    if (names_file) continue;
    std::string masked = lexer::mask_literals(row.text("query"));
    // A batch of pgapply's: its fences say nothing.
    for (std::size_t at; (at = masked.find("UNLISTEN pgapply_fence; ")) != std::string::npos;) masked.erase(at, 24);
    // Nor does its clock (with the hand-over lock) at each file's start.
    for (std::size_t at = 0; (at = masked.find("SELECT pg_catalog.set_config('***', ", at)) != std::string::npos;) {
      const auto end = masked.find("; ", at);
      const auto length = end == std::string::npos ? std::string::npos : end + 2 - at;
      if (masked.substr(at, length).find("clock_timestamp()") == std::string::npos) {
        ++at;  // a set_config of the file's own
        continue;
      }
      masked.erase(at, length);
    }
    if (masked.size() > 200) masked = masked.substr(0, 200) + "...";
    if (!masked.empty()) out += ", last query: " + masked;
  }
  if (out.empty()) out = "a session that has just released it";
  return holders;
}

// "; a longer one, as --lock-wait 10min, waits for that run to end": 10min,
// or twice the wait that ran out when that was 10min already.
std::string longer_wait(std::chrono::milliseconds wait) {
  const auto longer = longer_limit(wait, longest_wait, std::chrono::minutes(10));
  if (!longer) return "";
  return "; a longer one, as --lock-wait " + duration_argument(*longer) + ", waits for that run to end";
}

}  // namespace

std::pair<int, int> MigrationLock::keys(const LedgerName& ledger) {
  // FNV-1a of the ledger's qualified name: one lock per ledger table; the
  // first key ("pgap") keeps pgapply's locks apart from the application's.
  // The name is the one PostgreSQL uses: its schema resolved (current_schema)
  // and no part PostgreSQL would truncate (parse_ledger_name refuses those), so
  // that two spellings of one table never take two different locks.
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : ledger.quoted()) {
    hash ^= c;
    hash *= 16777619u;
  }
  return {0x70676170, static_cast<int>(hash & 0x7fffffff)};
}

std::pair<int, int> MigrationLock::handover_keys(const LedgerName& ledger) {
  return {0x70676171, keys(ledger).second};  // "pgaq"
}

MigrationLock::Holder MigrationLock::held_by(pg::Connection& connection, const LedgerName& ledger) {
  const Holders holders = describe_holders(connection, keys(ledger));
  if (holders.pids.empty()) return {};
  return {holders.described, holders.running_file};
}

std::vector<std::string> MigrationLock::first_attempt(const LedgerName& ledger, const std::string& application_name) {
  const auto keys = MigrationLock::keys(ledger);
  // Each attempt checks the hand-over lock in its round trip once the lock
  // is taken (sql/lock_take.sql); the first names this session too.
  const auto handover = handover_keys(ledger);
  return {"SET application_name = " + quote_literal(application_name),
          bind_literals({std::string(embedded_sql("lock_take.sql")),
                         {std::to_string(keys.first), std::to_string(keys.second), std::to_string(handover.first),
                          std::to_string(handover.second)}})};
}

std::string MigrationLock::printed_take(const LedgerName& ledger, const std::string& reprint_command) {
  if (ledger.schema.empty()) {
    return "\n-- (pgapply's migration lock is not taken: the ledger's schema is the one the session finds, unknown "
           "when printed)\n";
  }
  const auto keys = MigrationLock::keys(ledger);
  const auto handover = handover_keys(ledger);
  const std::string head = "pgapply: another pgapply run (pid ";
  const std::string tail = ") holds the migration lock on " + ledger.shown() +
                           ", or its migrations still run; nothing of this script ran. Run it again once that run "
                           "ends" + (reprint_command.empty() ? std::string(".")
                                     : " (each file checks the ledger first), or print what is to run then with: " +
                                           reprint_command);
  return "\n-- pgapply's migration lock on " + ledger.shown() + ", as a live run takes it: held until this session "
         "ends, so that no pgapply run changes what a file's check below reads before the file runs\n" +
         print_calls({{std::string(embedded_sql("printed_lock_take.sql")),
                       {std::to_string(keys.first), std::to_string(keys.second), std::to_string(handover.first),
                        std::to_string(handover.second), head, tail},
                       true}});
}

std::optional<PrintedLockRetake> MigrationLock::printed_retake(const LedgerName& ledger,
                                                                const std::string& resume_command) {
  if (ledger.schema.empty()) return std::nullopt;
  const auto keys = MigrationLock::keys(ledger);
  const std::string take =
      "(CASE WHEN pg_catalog.pg_try_advisory_lock($1::int, $2::int) THEN NULL ELSE $3 END)::integer AS migration_lock";
  const std::vector<SqlParam> params{
      std::to_string(keys.first), std::to_string(keys.second),
      "pgapply: another pgapply run took the migration lock on " + ledger.shown() +
          " while this script ran: the files before this point are applied and recorded, nothing after ran. Once "
          "that run ends, " + resume_command};
  // (a target list is evaluated in its order: everything let go, then this taken)
  return PrintedLockRetake{{"SELECT pg_catalog.pg_advisory_unlock_all(), " + take, params, true},
                           {"SELECT " + take, params, true}};
}

std::string MigrationLock::printed_release(const LedgerName& ledger) {
  if (ledger.schema.empty()) return "";
  const auto keys = MigrationLock::keys(ledger);
  return "\n-- pgapply's migration lock, let go\n" +
         print_calls({{"SELECT pg_catalog.pg_advisory_unlock($1::int, $2::int) AS migration_lock_released",
                       {std::to_string(keys.first), std::to_string(keys.second)},
                       true}});
}

MigrationLock::MigrationLock(pg::Connection connection, const LedgerName& ledger, std::chrono::milliseconds wait,
                             const std::function<void(const std::string&)>& on_waiting, std::string status_command,
                             const std::string& application_name, std::optional<pg::Result> first_answer)
    : connection_(std::move(connection)),
      keys_(keys(ledger)),
      ledger_(ledger.shown()),
      status_command_(std::move(status_command)) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::set<std::string> reported;
  const std::vector<std::string> first = first_attempt(ledger, application_name);
  const std::string& attempt = first.back();
  std::string sql = first.front() + ";\n" + attempt;
  while (true) {
    const pg::Result result = first_answer ? std::move(*first_answer) : connection_.exec(sql);
    first_answer.reset();
    const pg::Rows rows(result);
    if (rows[0].flag("locked")) {
      if (!rows[0].flag("free")) wait_for_previous_run(ledger, deadline, on_waiting);
      return;
    }
    sql = attempt;
    const Holders holders = describe_holders(connection_, keys_);
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error(ErrorKind::lock,
                  "another run holds the migration lock on " + ledger.shown() + ": " + holders.described +
                      (holders.described.ends_with("...") ? " " : ". ") + "Gave up after " + format_duration(wait) +
                      " (--lock-wait" + longer_wait(wait) + "); nothing was done");
    }
    if (!holders.pids.empty() && holders.pids != reported && on_waiting) {
      on_waiting("waiting for the migration lock on " + ledger.shown() + ", held by " + holders.described);
      reported = holders.pids;
    }
    sleep_unless_interrupted(poll_interval, waiting_for_lock);
  }
}

void MigrationLock::wait_for_previous_run(const LedgerName& ledger, std::chrono::steady_clock::time_point deadline,
                                          const std::function<void(const std::string&)>& on_waiting) {
  const auto handover = handover_keys(ledger);
  const std::vector<std::optional<std::string>> params{std::to_string(handover.first),
                                                       std::to_string(handover.second)};
  bool reported = false;
  while (true) {
    const auto result = connection_.exec_params(std::string(embedded_sql("lock_handover.sql")), params);
    const pg::Rows rows(result);
    if (rows[0].text("free") == "t") return;  // and let go already
    const std::string pids = rows[0].text("pids");
    const std::string what = "the migrations session of a run that no longer holds the migration lock on " +
                             ledger.shown() + " (pid " + pids + ") is still running: it was killed, or its lock's "
                             "session was ended, and the server has not ended this one yet (or it is a down "
                             "--dry-run script that psql runs, which takes the same lock)";
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error(ErrorKind::lock, what + ". Gave up waiting for it (--lock-wait); nothing was done");
    }
    if (!reported && on_waiting) {
      on_waiting("waiting: " + what);
      reported = true;
    }
    sleep_unless_interrupted(poll_interval, waiting_for_lock);
  }
}

// The lock goes with its session: closing the connection (libpq's Terminate
// message, which the server reads at once) lets it go, without the round
// trip an unlock would wait for. An unlock sent and not waited for made the
// server log "connection to client lost" on a Unix socket each run.
MigrationLock::~MigrationLock() = default;

void MigrationLock::check_after_run(const std::string& finished) {
  bool held = connection_.still_connected();
  if (held) {
    try {
      connection_.exec("SELECT 1");
    } catch (const std::exception&) {
      held = false;
    }
  }
  if (held) return;
  throw Error(ErrorKind::connection_lost,
              "the migration lock on " + ledger_ +
                  " was lost while the run's last statements ran: its connection ended (terminated by the server, "
                  "an administrator or a migration?). Those statements had been sent, and ran to their end: " +
                  finished + "; another run may have started meanwhile. See what was applied with: " + status_command_);
}

ServerActivity MigrationLock::migrations_activity(int pid) noexcept {
  ServerActivity activity;
  try {
    const pg::Result result =
        connection_.exec_params(std::string(embedded_sql("migrations_activity.sql")), {std::to_string(pid)});
    for (const pg::Row row : pg::Rows(result)) {
      activity.file = row.text("file");
      activity.lock_kind = row.text("lock_kind");
    }
  } catch (const std::exception&) {
    // a progress line without it; check() reports a lost connection
  }
  return activity;
}

void MigrationLock::check() {
  if (connection_.still_connected()) return;
  // The lock's connection was lost: exit 7 as for the migrations' own
  // connection (5 is for a lock never acquired, README "Exit status").
  throw LockLost("the migration lock on " + ledger_ +
                                   " was lost: its connection ended (terminated by the server or an "
                                   "administrator?). Stopped before recording anything more; see what was applied with: " +
                                   status_command_);
}

}  // namespace pgapply::engine
