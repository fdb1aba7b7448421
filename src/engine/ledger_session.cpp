#include "engine/ledger_session.hpp"

#include "core/error.hpp"
#include "pg/server_error.hpp"

namespace pgapply::engine {

namespace {

settings::Connected connect_and_prepare(const settings::ConnectOptions& connect, const SessionSettings& settings,
                                   RunOutput& output) {
  settings::Connected connected = settings::connect(connect, [&output](const std::string& text) { output.warning(text); });
  try {
    prepare_session(connected.connection, settings);
  } catch (const pg::ServerError& error) {
    throw Error(ErrorKind::usage, std::string("invalid --lock-timeout or --statement-timeout: ") + error.what());
  }
  return connected;
}

}  // namespace

LedgerSession::LedgerSession(const settings::ConnectOptions& connect, const std::string& ledger_name,
                             const SessionSettings& settings, RunOutput& output,
                             std::optional<std::chrono::milliseconds> lock_wait)
    : connected_(connect_and_prepare(connect, settings, output)),
      ledger_(connected_.connection, resolve_ledger_name(connected_.connection, parse_ledger_name(ledger_name))) {
  if (!lock_wait) return;
  lock_ = std::make_unique<MigrationLock>(connected_.connection, ledger_.name(), *lock_wait,
                                          [&output](const std::string& holder) { output.progress(holder); });
  ledger_.ensure_exists();
}

std::string LedgerSession::describe() {
  return "Connected to " + connected_.target + " (PostgreSQL " +
         connected_.connection.parameter_status("server_version").value_or("?") + "); ledger " +
         ledger_.name().shown();
}

}  // namespace pgapply::engine
