#pragma once

#include "engine/context.hpp"
#include "migrate/run_summary.hpp"

namespace pgapply::engine {

// After a run that committed its files: when the ledger's write of one of
// them changed no row (a trigger or rule the migrations made on the ledger
// returned NULL: MigrationRun::record_kept_out), the ledger no longer says
// what the database holds. Throws an Error (exit 3) naming each such file
// and the repair that records it (up: --mark-applied; down: --mark-pending).
void refuse_record_kept_out(const migrate::RunSummary& summary, const Context& context);

}  // namespace pgapply::engine
