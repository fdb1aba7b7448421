#pragma once

#include <string>

#include "schema/baseline.hpp"

namespace pgapply::report {

// What `pgapply baseline --detect` prints.
//   text: the proposal first ("Baseline: propose 1, 2, 3, 4 ..."), then one
//         line per migration with its decision and why, the problems of the
//         one detection stopped at, and what to do next;
//   json: {"format_version", "command": "baseline", "versions": [...], "stopped_at", "suggestion", "migrations":
//          [{version, file, decision, checked, not_compared, reason,
//          problems, notes}]}
std::string render_baseline_text(const schema::BaselineResult& result);
std::string render_baseline_json(const schema::BaselineResult& result);

}  // namespace pgapply::report
