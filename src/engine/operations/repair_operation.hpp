#pragma once

#include <chrono>
#include <string>

#include "engine/context.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"

namespace pgapply::engine {

enum class RepairAction {
  accept_checksum,  // the file was edited on purpose: record its new checksum
  mark_applied,     // record a migration as applied without running it
  mark_pending,     // forget a migration was applied (its file will run again)
  clear_failed,     // forget a failed or interrupted non-transactional run
};

struct RepairOptions {
  Context context;
  RepairAction action = RepairAction::accept_checksum;
  std::string version;  // canonical
  std::string reason;   // required: every repair is recorded with who, when and why
};

struct RepairResult {
  std::string database;  // the target, as connected
  std::string ledger;    // schema.table
};

// `pgapply repair`: one explicit fix of the ledger, in one transaction with
// its record in the ledger's history (who, when, why), under the migration
// lock. Throws Error(check) when the ledger is not in the state the repair
// is for (e.g. --clear-failed of a migration that did not fail).
RepairResult run_repair(const RepairOptions& options, RunOutput& output);

}  // namespace pgapply::engine
