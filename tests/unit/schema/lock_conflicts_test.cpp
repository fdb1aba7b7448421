#include "schema/lock_conflicts.hpp"

#include <doctest/doctest.h>

#include "schema/quantities.hpp"

using namespace pgapply::schema;
using pgapply::ddl::LockMode;

TEST_CASE("lock modes from pg_locks and their conflicts") {
  CHECK(lock_mode_from_name("AccessShareLock") == LockMode::access_share);
  CHECK(lock_mode_from_name("ShareRowExclusiveLock") == LockMode::share_row_exclusive);
  CHECK_FALSE(lock_mode_from_name("AdvisoryLock").has_value());
  CHECK(locks_conflict(LockMode::access_share, LockMode::access_exclusive));
  CHECK(locks_conflict(LockMode::access_exclusive, LockMode::access_share));
  CHECK_FALSE(locks_conflict(LockMode::access_share, LockMode::share));
  CHECK(locks_conflict(LockMode::row_exclusive, LockMode::share));
  CHECK_FALSE(locks_conflict(LockMode::row_exclusive, LockMode::share_update_exclusive));
  CHECK(locks_conflict(LockMode::share_update_exclusive, LockMode::share_update_exclusive));
  CHECK_FALSE(locks_conflict(LockMode::share, LockMode::share));
  CHECK(locks_conflict(LockMode::row_share, LockMode::exclusive));
  CHECK_FALSE(locks_conflict(LockMode::none, LockMode::access_exclusive));
}

TEST_CASE("row counts, sizes and durations for operators") {
  CHECK(format_count(1204000) == "1,204,000");
  CHECK(format_count(999) == "999");
  CHECK(format_rows(1) == "~1 row");
  CHECK(format_rows(2500000) == "~2,500,000 rows");
  CHECK(format_rows(-1) == "rows unknown (never analysed)");
  CHECK(format_bytes(8192) == "8192 bytes");
  CHECK(format_bytes(16384) == "16 kB");
  CHECK(format_bytes(350LL * 1024 * 1024) == "350 MB");
  CHECK(format_bytes(100LL * 1024 * 1024 * 1024) == "100 GB");
  CHECK(format_duration(12) == "12s");
  CHECK(format_duration(250) == "4m 10s");
  CHECK(format_duration(7380) == "2h 03m");
  CHECK(format_duration(2 * 86400 + 3600) == "2d 01h");
}
