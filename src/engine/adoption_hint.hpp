#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/context.hpp"
#include "engine/ledger.hpp"
#include "engine/project.hpp"
#include "migrate/foreign_ledger.hpp"
#include "pg/connection.hpp"
#include "report/status_report.hpp"

namespace pgapply::engine {

// `pgapply baseline --from TOOL [--from-table TABLE]` with this run's
// options (pgapply_command) and `extra` words at the end (--yes...).
std::string baseline_from_command(const Context& context, migrate::ForeignTool tool, const std::string& from_table,
                                  const std::vector<std::string>& extra = {});

// The other tools' ledgers that record applied migrations (for up and
// status when pgapply's ledger is empty), each with its adopting command,
// their rows counted against the project's files. None when pgapply's
// ledger recorded migrations once (Ledger::recorded_once): emptied by
// pgapply (down), it is no database to adopt again.
std::vector<report::ForeignLedgerNote> foreign_ledger_notes(Ledger& ledger, const Context& context,
                                                            const Project& project,
                                                            const pg::Connection::Outcome* looked_up = nullptr);

// With pgapply's ledger empty: another pgapply ledger that records applied
// migrations and stands for it (Ledger::elsewhere: search_path changed,
// other letter case, a mistyped --ledger), with `words` (status...) as a
// command naming it; nullopt when none. A round trip unless `found` (read
// already) is given.
std::optional<report::ElsewhereLedgerNote> elsewhere_ledger_note(
    Ledger& ledger, const Context& context, const Project& project, const std::vector<std::string>& words,
    std::optional<std::vector<Ledger::Elsewhere>> found = std::nullopt);

// up (and its dry run) with pgapply's ledger empty: throws Error(check) naming
// each other tool's ledger that records applied migrations and the command
// that adopts it; returns when there is none.
// `looked_up`: see detect_foreign_ledgers.
void refuse_beside_foreign_ledger(Ledger& ledger, const Context& context, const Project& project,
                                  const pg::Connection::Outcome* looked_up = nullptr);

}  // namespace pgapply::engine
