#pragma once

#include "engine/operations/baseline_operation.hpp"

namespace pgapply::engine {

// `pgapply baseline --from TOOL`: reads the tool's ledger (--from-table, else
// its default table), matches its rows to the files (migrate/foreign_ledger.hpp)
// and reports each: matched, already recorded, pending, no row, no file,
// failed or dirty, checksum differs. Dry unless options.yes; with yes,
// records the matched migrations in one transaction (method baseline, source
// the tool, the tool's applied_at and applied_by where it has them; the
// history's reason names the tool's table and --force's reason). Nothing is
// written while anything disagrees (result.problem) unless --force; a failed
// or dirty row refuses even then. Under the migration lock when recording.
BaselineResult run_baseline_from(const BaselineOptions& options, RunOutput& output);

}  // namespace pgapply::engine
