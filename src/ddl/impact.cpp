#include "ddl/impact.hpp"

#include <algorithm>

namespace pgapply::ddl {

std::string_view to_string(LockMode mode) {
  switch (mode) {
    case LockMode::none: return "none";
    case LockMode::access_share: return "ACCESS SHARE";
    case LockMode::row_share: return "ROW SHARE";
    case LockMode::row_exclusive: return "ROW EXCLUSIVE";
    case LockMode::share_update_exclusive: return "SHARE UPDATE EXCLUSIVE";
    case LockMode::share: return "SHARE";
    case LockMode::share_row_exclusive: return "SHARE ROW EXCLUSIVE";
    case LockMode::exclusive: return "EXCLUSIVE";
    case LockMode::access_exclusive: return "ACCESS EXCLUSIVE";
  }
  return "?";
}

std::string_view what_it_blocks(LockMode mode) {
  switch (mode) {
    case LockMode::none:
    case LockMode::access_share:
    case LockMode::row_share:
    case LockMode::row_exclusive:
      return "blocks only DDL on the table";
    case LockMode::share_update_exclusive:
      return "blocks other DDL, VACUUM and ANALYZE; reads and writes go on";
    case LockMode::share:
    case LockMode::share_row_exclusive:
      return "blocks writes; reads go on";
    case LockMode::exclusive:
      return "blocks writes and SELECT FOR UPDATE; plain reads go on";
    case LockMode::access_exclusive:
      return "blocks reads and writes";
  }
  return "?";
}

std::string_view to_string(HazardKind kind) {
  switch (kind) {
    case HazardKind::rewrites_table: return "rewrites table";
    case HazardKind::scans_table: return "scans table";
    case HazardKind::fails_if_rows: return "fails if the table has rows";
    case HazardKind::cascades: return "cascades";
    case HazardKind::not_transactional: return "not transactional";
    case HazardKind::note: return "note";
  }
  return "?";
}

LockMode Impact::strongest_lock() const {
  LockMode out = LockMode::none;
  for (const auto& lock : locks) out = std::max(out, lock.mode);
  return out;
}

bool Impact::has(HazardKind kind) const {
  return std::any_of(hazards.begin(), hazards.end(),
                     [kind](const Hazard& hazard) { return hazard.kind == kind; });
}

void merge_lock(std::vector<TableLock>& locks, const TableLock& lock) {
  if (lock.mode == LockMode::none) return;
  for (auto& existing : locks) {
    if (existing.table == lock.table) {
      if (lock.mode > existing.mode) {
        existing.mode = lock.mode;
        existing.reason = lock.reason;
      }
      return;
    }
  }
  locks.push_back(lock);
}

}  // namespace pgapply::ddl
