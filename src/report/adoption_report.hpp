#pragma once

#include <string>

#include "migrate/foreign_ledger.hpp"

namespace pgapply::report {

// What became of a `baseline --from`.
struct AdoptionOutcome {
  bool recorded = false;     // the migrations were written to pgapply's ledger
  std::size_t recorded_count = 0;  // how many: matched, and with --force those whose checksum differs
  std::string force_reason;  // --force REASON ("" when not forced)
  std::string why_not;       // why nothing was written ("" when written, or a dry run with nothing wrong)
  std::string next;          // the command to run next ("" when none)
};

// What `pgapply baseline --from TOOL` prints.
//   text: a summary line ("Baseline from flyway (public.flyway_schema_history): 3 matched, ..."),
//         one line per migration or foreign row with its state, file, the
//         foreign row, when and by whom it was applied and why, then what was
//         done and what to do next;
//   json: {"format_version", "command": "baseline", "from", "table", "consistent", "recorded",
//          "force_reason", "counts", "why_not", "next", "migrations": [{version, file, state, row,
//          applied_at, applied_by, detail}]}
std::string render_adoption_text(const migrate::Adoption& adoption, const AdoptionOutcome& outcome);
std::string render_adoption_json(const migrate::Adoption& adoption, const AdoptionOutcome& outcome);

}  // namespace pgapply::report
