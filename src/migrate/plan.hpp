#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "migrate/discovery.hpp"
#include "migrate/ledger_row.hpp"
#include "migrate/run_summary.hpp"
#include "migrate/version.hpp"

namespace pgapply::migrate {

enum class MigrationState {
  applied,   // in the ledger, file unchanged
  pending,   // file not in the ledger yet
  modified,  // in the ledger, but the file changed since
  missing,   // in the ledger, but the file is gone
  failed,    // a non-transactional file failed (or was killed) part way
  // Applied, but a rollback outside a transaction stopped part way (failed,
  // or was killed): its row's error says what of it took effect.
  rollback_failed,
};

std::string_view to_string(MigrationState state);

struct PlanEntry {
  std::string version;
  std::optional<MigrationFile> file;  // none when missing
  std::string file_checksum;          // of the file as it is now
  std::optional<LedgerRow> row;       // none when pending
  MigrationState state = MigrationState::pending;
  bool out_of_order = false;  // pending, with a version below the highest applied
  // Besides the file's text, what its checksum covers ("-v tenant", "\\i
  // common.sql"): what may have changed when the file did not.
  std::vector<std::string> checksum_inputs;

  // The file name, from the directory or else from the ledger.
  const std::string& file_name() const { return file ? file->file_name : row->file_name; }
  const std::string& name() const { return file ? file->name : row->name; }
};

// The files of a migrations directory matched with the ledger's rows.
struct Plan {
  std::vector<PlanEntry> entries;  // in version order
  std::string highest_applied;     // canonical version, empty when none
};

// The current checksum of each migration file, by version (a repeatable
// migration's by its key), in version order: as make_plan walks the files.
using Checksums = std::map<std::string, std::string, VersionLess>;

// The highest version `rows` record as applied (repeatable migrations, which
// have no version, aside); "" when none.
std::string highest_applied(const std::vector<LedgerRow>& rows);

// The highest version the ledger records as applied once a run is over,
// however it ended: `before` (its rows when the run started) with the
// migrations the run applied added and those it rolled back removed.
std::string highest_applied_after(const std::vector<LedgerRow>& before, const std::vector<MigrationRun>& runs);

// Of the files whose checksum covers more than their text, what
// (PlanEntry::checksum_inputs), by version.
using ChecksumInputs = std::map<std::string, std::vector<std::string>>;

// Versions whose ledger row was deleted outside pgapply (a migration's
// DELETE or TRUNCATE of the ledger, or one by hand) while the ledger's
// history still records them, each with the history's last event and when
// ("applied, 2026-12-04T16:20:03Z"): engine::Ledger::deleted_rows.
using DeletedRows = std::map<std::string, std::string>;

// The history's word for `entry` when it is pending because its row was
// deleted (up would run it again: it refuses), else nullptr. Not a
// repeatable migration's: that runs again whenever its row is gone, which is
// how Flyway's users ask for it.
const std::string* deleted_row(const PlanEntry& entry, const DeletedRows& deleted_rows);

// The rows are moved into the plan (a caller that needs them after passes a copy).
Plan make_plan(const Discovery& discovery, const Checksums& checksums, std::vector<LedgerRow> rows,
               const ChecksumInputs& inputs = {});

// What `up` would do, decided before anything runs.
struct UpDecision {
  std::vector<const PlanEntry*> to_apply;  // in order
  std::vector<std::string> problems;       // any of these refuses the run (exit 4)
  std::string problem_file;                // the file name the first problem is about (for the JSON error's file)
  std::vector<std::string> warnings;       // reported, not fatal

  // Adds a problem about the file `file_name` (problem_file when it is the first).
  void refuse(const std::string& file_name, std::string problem) {
    if (problems.empty()) problem_file = file_name;
    problems.push_back(std::move(problem));
  }
};

// Writes `pgapply WORDS...` for a hint. The engine gives one that adds this
// run's --dir, --ledger and connection options (engine/command_hint), so the
// hint runs as printed; empty: pgapply_words (no options).
using CommandHint = std::function<std::string(const std::vector<std::string>& words)>;

// Why up (and down, below it) refuses a statement-by-statement migration
// whose run failed or was interrupted (its row failed or running), with what
// took effect and the repairs that settle it. `entry.row` must be set.
std::string failed_problem(const PlanEntry& entry, const CommandHint& command);

// Why up refuses a pending goose migration written in Go, with what to do
// (first, the SQL that records in goose's ledger what pgapply applied of `plan` before it).
std::string go_migration_problem(const Plan& plan, const PlanEntry& entry, const CommandHint& command);

// Whether `row` is a failed run that repair --clear-failed cleared (its
// checksum emptied): up runs the file again, whatever it is now.
bool cleared_by_repair(const LedgerRow& row);

// Whether `row` is of a migration whose rollback stopped part way
// (MigrationState::rollback_failed).
bool rollback_unfinished(const LedgerRow& row);

// Why up and down refuse a migration whose rollback stopped part way, with
// the repairs that settle it.
std::string unfinished_rollback_problem(const LedgerRow& row, const CommandHint& command);

struct UpRules {
  std::optional<std::string> target;  // canonical version: apply nothing above it
  bool allow_out_of_order = false;
  CommandHint command;
  // The command deciding (up, preflight: both take --allow-out-of-order), as
  // the hint that runs it again with an option names it.
  std::string deciding = "up";
};

UpDecision decide_up(const Plan& plan, const UpRules& rules);

}  // namespace pgapply::migrate
