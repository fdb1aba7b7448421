#pragma once

// --ledger-format supabase, dbmate, golang-migrate: pgapply and that tool both
// apply migrations. What the tool applied (its rows in its ledger, the
// companion) and pgapply's ledger lacks counts as applied: `up` and `down`
// plan with it and record it (method baseline, source the tool) before they
// run anything; `status`, `verify`, `diff`, `preflight` and `check` count it so.
// What pgapply's ledger has and the companion lacks is left as it is, with a
// warning (the tool would run it again), as is a companion row no file is. A file
// edited since the tool applied it (the Supabase CLI's stored statements
// differ) counts as neither: `up` refuses, naming the baseline --from --force
// that records it as it is now; `status` warns.

#include <string>
#include <vector>

#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "migrate/ledger_row.hpp"

namespace pgapply::engine {

// What the tool applied that `rows` (pgapply's ledger) lack, as ledger
// entries (method baseline, source the tool): none without a companion, or
// when its table does not exist. golang-migrate's one row counts only above
// the highest version pgapply's ledger records; a version the tool left
// dirty (golang-migrate: a run failed part way) is not taken, and a warning
// says so. A file edited since the tool applied it is refused (Error(check))
// by what plans a run, a warning elsewhere, naming the baseline command (the
// session's options) that records it as it is.
//
// `up` and `down` (and their dry runs), before they plan: the entries,
// counted as applied in `rows` (kept in version order) until
// record_companion_entries writes them.
struct CompanionCount {
  std::vector<LedgerEntry> entries;
  // Versions the tool left failed part way (golang-migrate's dirty row),
  // which count as neither.
  std::vector<std::string> failed;
};
CompanionCount count_companion_applied(LedgerSession& session, const Project& project,
                                       std::vector<migrate::LedgerRow>& rows, RunOutput& output);

// The live run, once it may change the database (after --backup): the
// entries recorded in pgapply's ledger in one transaction, saying so.
void record_companion_entries(LedgerSession& session, const std::vector<LedgerEntry>& entries, RunOutput& output);

// Their dry run: the script's lines that record the entries, as the live run does.
std::string print_companion_records(const LedgerProtocol& protocol, const std::vector<LedgerEntry>& entries);

// status, verify, diff, preflight, check: pgapply's ledger rows and the rows
// the entries would become once recorded, in version order (a file edited
// since the tool applied it: a warning).
std::vector<migrate::LedgerRow> rows_counting_companion(LedgerSession& session, const Project& project,
                                                        RunOutput& output);

}  // namespace pgapply::engine
