#pragma once

#include <string>
#include <vector>

#include "report/paint.hpp"
#include "schema/baseline.hpp"

namespace pgapply::report {

// What `pgapply baseline --detect` prints.
//   text: the proposal first ("Baseline: propose 1, 2, 3, 4 ..."), then one
//         line per migration with its decision and why, the problems of the
//         one detection stopped at, and what to do next;
//   json: {"format_version", "command": "baseline", "database", "ledger":
//          {"table"}, "versions": [...], "stopped_at", "suggestion",
//          "recorded": [the versions written to the ledger], "migrations":
//          [{version, file, decision, objects_checked, not_compared, reason,
//          problems, notes}]}; baseline --version writes the same
//          document, its migrations with the decision "requested".
// With `paint` on, each migration's decision is painted. `record_command`:
// the command that records the proposal (`pgapply baseline --detect ...
// --yes`), for a run that proposed and did not record; the text then says
// that nothing was recorded and how to record it.
std::string render_baseline_text(const schema::BaselineResult& result, Paint paint = {},
                                 const std::string& record_command = {});
struct BaselineDocument {
  std::string database;
  std::string ledger;
  std::vector<std::string> recorded;
};
std::string render_baseline_json(const schema::BaselineResult& result, const BaselineDocument& about);

}  // namespace pgapply::report
