#pragma once

// --ledger-format supabase: pgapply and the Supabase CLI both apply
// migrations. What the CLI applied (its row in supabase_migrations.schema_migrations)
// and pgapply's ledger lacks counts as applied: `up` records it (method
// baseline, source supabase) before it plans, `status` shows it so.

#include <string>
#include <vector>

#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "migrate/ledger_row.hpp"

namespace pgapply::engine {

// The versions of the migrations the Supabase CLI applied that `rows`
// (pgapply's ledger) lack, in version order; none when the CLI's table does
// not exist.
std::vector<std::string> applied_by_supabase_cli(pg::Connection& connection, const Project& project,
                                                 const std::vector<migrate::LedgerRow>& rows);

// Records them in pgapply's ledger, in one transaction; returns their file names.
std::vector<std::string> record_supabase_cli_migrations(LedgerSession& session, const Project& project);

// Ledger rows for them as `record_supabase_cli_migrations` would write them (for status).
std::vector<migrate::LedgerRow> supabase_cli_rows(pg::Connection& connection, const Project& project,
                                                  const std::vector<migrate::LedgerRow>& rows);

}  // namespace pgapply::engine
