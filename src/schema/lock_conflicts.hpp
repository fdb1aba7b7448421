#pragma once

// Which table lock modes conflict ("Explicit Locking", table 13.2): a
// migration's lock waits behind a session holding a conflicting one, and
// every later conflicting request queues behind the migration meanwhile.

#include <optional>
#include <string_view>

#include "ddl/impact.hpp"

namespace pgapply::schema {

// pg_locks.mode ("AccessShareLock", "ShareRowExclusiveLock"...) as a mode;
// nullopt for anything else.
std::optional<ddl::LockMode> lock_mode_from_name(std::string_view name);

bool locks_conflict(ddl::LockMode a, ddl::LockMode b);

}  // namespace pgapply::schema
