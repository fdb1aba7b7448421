#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "settings/connect.hpp"
#include "engine/ledger.hpp"
#include "engine/migration_lock.hpp"
#include "engine/run_output.hpp"
#include "engine/session.hpp"

namespace pgapply::engine {

// A connection with its session prepared, the ledger's name resolved, and,
// for commands that change anything, the migration lock held: what up, down,
// repair and baseline start with.
class LedgerSession {
 public:
  // With `lock_wait`, takes the migration lock (waiting that long, telling
  // `output` who holds it) and creates the ledger if it is missing.
  LedgerSession(const settings::ConnectOptions& connect, const std::string& ledger_name,
                const SessionSettings& settings, RunOutput& output,
                std::optional<std::chrono::milliseconds> lock_wait);

  pg::Connection& connection() { return connected_.connection; }
  Ledger& ledger() { return ledger_; }
  const settings::Connected& connected() const { return connected_; }
  // "Connected to user@host:port/db (PostgreSQL 15.4); ledger public.x"
  std::string describe();

 private:
  settings::Connected connected_;
  Ledger ledger_;
  std::unique_ptr<MigrationLock> lock_;
};

}  // namespace pgapply::engine
