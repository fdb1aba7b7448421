#include "schema/lock_conflicts.hpp"

namespace pgapply::schema {

using ddl::LockMode;

std::optional<LockMode> lock_mode_from_name(std::string_view name) {
  if (name == "AccessShareLock") return LockMode::access_share;
  if (name == "RowShareLock") return LockMode::row_share;
  if (name == "RowExclusiveLock") return LockMode::row_exclusive;
  if (name == "ShareUpdateExclusiveLock") return LockMode::share_update_exclusive;
  if (name == "ShareLock") return LockMode::share;
  if (name == "ShareRowExclusiveLock") return LockMode::share_row_exclusive;
  if (name == "ExclusiveLock") return LockMode::exclusive;
  if (name == "AccessExclusiveLock") return LockMode::access_exclusive;
  return std::nullopt;
}

bool locks_conflict(LockMode a, LockMode b) {
  if (a == LockMode::none || b == LockMode::none) return false;
  // Each mode's conflicts, as a bit set over the modes (bit i: the mode of value i).
  auto bit = [](LockMode mode) { return 1u << static_cast<unsigned>(mode); };
  auto conflicts_of = [&](LockMode mode) -> unsigned {
    switch (mode) {
      case LockMode::access_share:
        return bit(LockMode::access_exclusive);
      case LockMode::row_share:
        return bit(LockMode::exclusive) | bit(LockMode::access_exclusive);
      case LockMode::row_exclusive:
        return bit(LockMode::share) | bit(LockMode::share_row_exclusive) | bit(LockMode::exclusive) |
               bit(LockMode::access_exclusive);
      case LockMode::share_update_exclusive:
        return bit(LockMode::share_update_exclusive) | bit(LockMode::share) | bit(LockMode::share_row_exclusive) |
               bit(LockMode::exclusive) | bit(LockMode::access_exclusive);
      case LockMode::share:
        return bit(LockMode::row_exclusive) | bit(LockMode::share_update_exclusive) |
               bit(LockMode::share_row_exclusive) | bit(LockMode::exclusive) | bit(LockMode::access_exclusive);
      case LockMode::share_row_exclusive:
        return bit(LockMode::row_exclusive) | bit(LockMode::share_update_exclusive) | bit(LockMode::share) |
               bit(LockMode::share_row_exclusive) | bit(LockMode::exclusive) | bit(LockMode::access_exclusive);
      case LockMode::exclusive:
        return bit(LockMode::row_share) | bit(LockMode::row_exclusive) | bit(LockMode::share_update_exclusive) |
               bit(LockMode::share) | bit(LockMode::share_row_exclusive) | bit(LockMode::exclusive) |
               bit(LockMode::access_exclusive);
      case LockMode::access_exclusive:
        return bit(LockMode::access_share) | bit(LockMode::row_share) | bit(LockMode::row_exclusive) |
               bit(LockMode::share_update_exclusive) | bit(LockMode::share) | bit(LockMode::share_row_exclusive) |
               bit(LockMode::exclusive) | bit(LockMode::access_exclusive);
      case LockMode::none:
        return 0;
    }
    return 0;
  };
  return (conflicts_of(a) & bit(b)) != 0;
}

}  // namespace pgapply::schema
