#pragma once

#include <string>
#include <vector>

#include "schema/baseline.hpp"

namespace pgapply::report {

// What `pgapply baseline --detect` prints.
//   text: the proposal first ("Baseline: propose 1, 2, 3, 4 ..."), then one
//         line per migration with its decision and why, the problems of the
//         one detection stopped at, and what to do next;
//   json: {"format_version", "command": "baseline", "database", "ledger":
//          {"table"}, "versions": [...], "stopped_at", "suggestion",
//          "recorded": [the versions written to the ledger], "migrations":
//          [{version, file, decision, checked, not_compared, reason,
//          problems, notes}]}; baseline --version writes the same
//          document, its migrations with the decision "requested".
std::string render_baseline_text(const schema::BaselineResult& result);
struct BaselineDocument {
  std::string database;
  std::string ledger;
  std::vector<std::string> recorded;
};
std::string render_baseline_json(const schema::BaselineResult& result, const BaselineDocument& about);

}  // namespace pgapply::report
