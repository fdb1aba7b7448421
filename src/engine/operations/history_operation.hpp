#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/context.hpp"
#include "engine/run_output.hpp"
#include "migrate/history_entry.hpp"

namespace pgapply::engine {

struct HistoryOptions {
  Context context;
  std::optional<std::size_t> limit;    // the newest N events
  std::optional<std::string> version;  // only this migration's
};

struct HistoryResult {
  std::string database;
  std::string ledger;
  std::vector<migrate::HistoryEntry> entries;  // newest first
  std::size_t total = 0;  // the events of the migration asked for (or of all), --limit aside
};

// `pgapply history`: what pgapply did to the ledger (applies, failures of
// every kind, rollbacks, baselines, repairs), with who, when and why. Reads
// only; nothing when the ledger does not exist yet.
HistoryResult run_history(const HistoryOptions& options, RunOutput& output);

}  // namespace pgapply::engine
