#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "app/connect.hpp"
#include "apply/ledger.hpp"
#include "apply/migration_lock.hpp"
#include "apply/run_output.hpp"
#include "apply/session.hpp"

namespace pgapply::apply {

// A connection with its session prepared, the ledger's name resolved, and,
// for commands that change anything, the migration lock held: what up, down,
// repair and baseline start with.
class LedgerSession {
 public:
  // With `lock_wait`, takes the migration lock (waiting that long, telling
  // `output` who holds it) and creates the ledger if it is missing.
  LedgerSession(const app::ConnectOptions& connect, const std::string& ledger_name,
                const SessionSettings& settings, RunOutput& output,
                std::optional<std::chrono::milliseconds> lock_wait);

  pg::Connection& connection() { return connected_.connection; }
  Ledger& ledger() { return ledger_; }
  const app::Connected& connected() const { return connected_; }
  // "Connected to user@host:port/db (PostgreSQL 15.4); ledger public.x"
  std::string describe();

 private:
  app::Connected connected_;
  Ledger ledger_;
  std::unique_ptr<MigrationLock> lock_;
};

}  // namespace pgapply::apply
