#pragma once

#include <optional>
#include <string>

#include "engine/run_output.hpp"
#include "engine/operations/up_operation.hpp"

namespace pgapply::engine {

struct DryRunOptions {
  UpOptions up;
  // No database: every migration (or every one above `from`) counts as pending.
  bool offline = false;
  std::optional<std::string> from;
};

// `pgapply up --dry-run`: the exact SQL script `up` would run (ledger creation
// if needed, transaction boundaries, each statement as it would be sent, the
// ledger's writes with their values, the session reset between files),
// which `psql -v ON_ERROR_STOP=1 -f` runs to the same end state, ledger and
// history included. It goes through the same runner and run loop as `up`,
// into a printing sink. Nothing is executed. Throws Error as run_up would
// before running anything (bad files, modified migrations...).
std::string run_dry_run(const DryRunOptions& options, RunOutput& output);

}  // namespace pgapply::engine
