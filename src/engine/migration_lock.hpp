#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "engine/ledger.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// pgapply's session advisory lock on one ledger: two runs against the same
// database and ledger never both apply a migration. Held until destroyed (or
// until the session ends, should pgapply die).
class MigrationLock {
 public:
  // Takes the lock, waiting up to `wait`. While it waits, `on_waiting` hears
  // who holds it (pid, application, user, client, how long, what query), once
  // and again when the holder changes. Throws Error(lock) naming the holder
  // when the time is up.
  MigrationLock(pg::Connection& connection, const LedgerName& ledger, std::chrono::milliseconds wait,
                const std::function<void(const std::string& holder)>& on_waiting);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

  // The lock's two int4 keys (pg_locks.classid and objid).
  static std::pair<int, int> keys(const LedgerName& ledger);

 private:
  pg::Connection& connection_;
  std::pair<int, int> keys_;
};

}  // namespace pgapply::engine
