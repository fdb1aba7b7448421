#pragma once

#include <optional>
#include <string>

#include "migrate/run_summary.hpp"
#include "report/json_document.hpp"

namespace pgapply::report {

// What `pgapply up` and `pgapply down` report at the end of a run, from the
// RunSummary the engine fills.
//   text: one line saying what happened and where ("Applied 2 migrations to
//         app@db:5432/app in 1.2 s; highest applied: 005 (was 003)."), then
//         a table: version, file, mode, outcome, duration, statements, with
//         the error under a failed file;
//   json: {"format_version", "command": "up"|"down", "dry_run", "database",
//         "ledger": {"table"}, "highest_applied_before", "highest_applied_after",
//         "duration_ms", "counts": {outcome: n}, "migrations": [{version,
//         file, script, down_file, transaction_mode, transaction_mode_reason,
//         outcome, duration_ms, statements, statements_done, attempts,
//         error_summary}], "error" when the run failed}.
std::string render_run_text(const migrate::RunSummary& summary);
std::string render_run_json(const migrate::RunSummary& summary, const std::optional<ErrorReport>& error = std::nullopt);

}  // namespace pgapply::report
