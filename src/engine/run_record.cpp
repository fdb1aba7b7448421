#include "engine/run_record.hpp"

#include <algorithm>

namespace pgapply::engine {

namespace {

const migrate::LedgerRow* row_of(const std::vector<migrate::LedgerRow>& rows, const std::string& version) {
  const auto found =
      std::find_if(rows.begin(), rows.end(), [&version](const migrate::LedgerRow& row) { return row.version == version; });
  return found == rows.end() ? nullptr : &*found;
}

}  // namespace

std::optional<bool> UpRecord::shows_done(const std::vector<migrate::LedgerRow>& rows) const {
  // The file runs only when not applied as it is now (pending, failed or
  // changed since it failed): applied with its checksum means this run did it.
  const migrate::LedgerRow* row = row_of(rows, entry_.version);
  return row != nullptr && row->state == migrate::LedgerState::applied && row->checksum == entry_.checksum;
}

std::optional<bool> DownRecord::shows_done(const std::vector<migrate::LedgerRow>& rows) const {
  const migrate::LedgerRow* row = row_of(rows, version_);
  return row == nullptr || row->state != migrate::LedgerState::applied;
}

}  // namespace pgapply::engine
