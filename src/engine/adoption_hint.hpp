#pragma once

#include <string>
#include <vector>

#include "engine/context.hpp"
#include "migrate/foreign_ledger.hpp"
#include "pg/connection.hpp"
#include "report/status_report.hpp"

namespace pgapply::engine {

// `pgapply baseline --from TOOL ...` as the user can run it: with the
// --from-table, --dir, --ledger, -v and connection options of this run that
// are not the defaults (a -d that holds a password is left out, and the
// command says so), and `extra` words at the end (--yes...).
std::string baseline_from_command(const Context& context, migrate::ForeignTool tool, const std::string& from_table,
                                  const std::vector<std::string>& extra = {});

// The other tools' ledgers that record applied migrations (for up and
// status when pgapply's ledger is empty), each with its adopting command.
std::vector<report::ForeignLedgerNote> foreign_ledger_notes(pg::Connection& connection, const Context& context);

}  // namespace pgapply::engine
