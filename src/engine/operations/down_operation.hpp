#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/context.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "migrate/run_summary.hpp"

namespace pgapply::engine {

struct DownOptions {
  Context context;
  std::optional<std::size_t> steps;  // how many to roll back (default 1)
  std::optional<std::string> to;     // roll back every migration above this version
  bool dry_run = false;              // print the SQL instead
  std::optional<std::filesystem::path> backup_dir;
  // A rollback with no statements (an empty -- migrate:down section) is
  // refused unless this is set: it would record the migration as not
  // applied while everything it made stays.
  bool allow_empty = false;
};

// `pgapply down`: rolls back the latest applied migrations, newest first,
// each with its NNN_name.down.sql in a transaction that also removes its
// ledger row (so it is rolled back and unrecorded, or neither), through the
// same run loop as up. A migration without a down file stops everything
// before anything runs (Error input). With dry_run, returns the SQL it
// would run; otherwise "". `summary` says what ran, also when it throws.
std::string run_down(const DownOptions& options, RunOutput& output, migrate::RunSummary& summary);

}  // namespace pgapply::engine
