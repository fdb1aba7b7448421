#pragma once

// --ledger-format supabase, dbmate, golang-migrate: pgapply and that tool both
// apply migrations. What the tool applied (its rows in its ledger, the
// companion) and pgapply's ledger lacks counts as applied: `up` records it
// (method baseline, source the tool) before it plans, `status` shows it so.
// What pgapply's ledger has and the companion lacks is left as it is.

#include <string>
#include <vector>

#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "migrate/ledger_row.hpp"

namespace pgapply::engine {

// The migrations the tool applied that pgapply's ledger lacks (none when
// there is no companion, or its table does not exist), recorded in pgapply's
// ledger in one transaction; returns their file names. golang-migrate's one
// row counts only above the highest version pgapply's ledger records. A version the tool
// left dirty (golang-migrate: a run failed part way) is not taken: a warning
// says so.
// Their ledger entries (method baseline, source the tool), as
// record_companion_migrations writes them (`up --dry-run` prints them).
std::vector<LedgerEntry> companion_entries(LedgerSession& session, const Project& project,
                                           const std::vector<migrate::LedgerRow>& rows, RunOutput& output);

std::vector<std::string> record_companion_migrations(LedgerSession& session, const Project& project,
                                                     RunOutput& output);

// Ledger rows for them as `record_companion_migrations` would write them (for
// status: `rows` are pgapply's; the same warning).
std::vector<migrate::LedgerRow> companion_rows(LedgerSession& session, const Project& project,
                                               const std::vector<migrate::LedgerRow>& rows, RunOutput& output);

}  // namespace pgapply::engine
