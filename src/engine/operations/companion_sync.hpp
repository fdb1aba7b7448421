#pragma once

// --ledger-format supabase, dbmate, golang-migrate: pgapply and that tool both
// apply migrations. What the tool applied (its rows in its ledger, the
// companion) and pgapply's ledger lacks counts as applied: `up` records it
// (method baseline, source the tool) before it plans, `status` shows it so.
// What pgapply's ledger has and the companion lacks is left as it is. A file
// edited since the tool applied it (the Supabase CLI's stored statements
// differ) counts as neither: `up` refuses, naming the baseline --from --force
// that records it as it is now; `status` warns.

#include <string>
#include <vector>

#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "migrate/ledger_row.hpp"

namespace pgapply::engine {

// The ledger entries (method baseline, source the tool) of the migrations
// the tool applied that `rows` (pgapply's ledger) lack: none when there is no
// companion, or its table does not exist. golang-migrate's one row counts
// only above the highest version pgapply's ledger records. A version the
// tool left dirty (golang-migrate: a run failed part way) is not taken: a
// warning says so. A file status did not load is loaded for its entry.
// A file edited since the tool applied it: Error(check) or a warning, with
// the baseline command (the session's options) that records it as it is.
enum class EditedCompanionFile { refuse, warn };
std::vector<LedgerEntry> companion_entries(LedgerSession& session, const Project& project,
                                           const std::vector<migrate::LedgerRow>& rows, RunOutput& output,
                                           EditedCompanionFile edited);

// `up`: those entries recorded in pgapply's ledger (its `rows`) in one
// transaction (the dry run prints them); returns their file names.
std::vector<std::string> record_companion_migrations(LedgerSession& session, const Project& project,
                                                     const std::vector<migrate::LedgerRow>& rows, RunOutput& output);

// `status`: the rows they would become once recorded.
std::vector<migrate::LedgerRow> companion_rows(LedgerSession& session, const Project& project,
                                               const std::vector<migrate::LedgerRow>& rows, RunOutput& output);

}  // namespace pgapply::engine
