#pragma once

#include <string>
#include <vector>

#include "migrate/foreign_ledger.hpp"
#include "report/paint.hpp"

namespace pgapply::report {

// What became of a `baseline --from`.
struct AdoptionOutcome {
  std::string force_reason;  // --force REASON ("" when not forced)
  std::string why_not;       // why nothing was written ("" when written, or a dry run with nothing wrong)
  std::string next;          // the command to run next ("" when none)
  // The versions written to pgapply's ledger (matched, and with --force those
  // whose checksum differs); empty when nothing was written.
  std::vector<std::string> recorded_versions;
  std::string database;      // the target, as connected
  std::string ledger;        // pgapply's ledger, schema.table
  // What the record did to the tool's own table, kept in step by
  // --ledger-format (golang-migrate's row lowered to the highest version
  // recorded); "" when nothing to say.
  std::string companion_note;
};

// What `pgapply baseline --from TOOL` prints.
//   text: a summary line ("Baseline from flyway (public.flyway_schema_history): 3 matched, ..."),
//         one line per migration or foreign row with its state, file, the
//         foreign row, when and by whom it was applied and why, then what was
//         done and what to do next;
//   json: {"format_version", "command": "baseline", "database", "ledger": {"table"},
//          "from" (as --from names the tool), "from_table", "consistent",
//          "recorded" (the versions written to the ledger, as in baseline
//          --version's document), "force_reason", "why_not", "next",
//          "companion_note" (null when none), "counts",
//          "migrations": [{version, file, state, row, at, by, detail}]}
// With `paint` on, each migration's state cell is painted.
std::string render_adoption_text(const migrate::Adoption& adoption, const AdoptionOutcome& outcome, Paint paint = {});
std::string render_adoption_json(const migrate::Adoption& adoption, const AdoptionOutcome& outcome);

}  // namespace pgapply::report
