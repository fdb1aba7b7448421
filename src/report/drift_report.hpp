#pragma once

#include <string>

#include "catalog/drift.hpp"
#include "report/paint.hpp"

namespace pgapply::report {

// Where a difference's object was last made or changed, for its line:
// "file:line", or "uncertain: the DO block at file:line decides it from
// table rows" (or "uncertain: perhaps by dynamic SQL at file:line"); ""
// when no migration names it.
std::string made_by_text(const catalog::ExplainedDifference& difference);

// What `pgapply verify` prints when the shadow answered.
//   text: a verdict line ("Verified: ..." or "Verify FAILED: 1 missing, 1
//         different, 1 extra"), where the comparison came from, then each
//         difference on a line: its kind in capitals, the explanation, and
//         the migration (file:line) that last made or changed the object;
//         "Verified, with 2 uncertain differences" when the only ones are
//         uncertain (ExplainedDifference::certain: a DO block decided them);
//   json: render_drift_json with "command": "verify".
// With `paint` on, the verdict and each difference's kind are painted.
std::string render_drift_verify_text(const catalog::DriftResult& result, Paint paint = {});

// What `pgapply diff` prints: the drift both ways, grouped: what the
// database has that no migration made, what the migrations make that the
// database lacks, and what differs.
std::string render_drift_diff_text(const catalog::DriftResult& result, Paint paint = {});

// The verify/diff document (the same keys as render_verify_json's, which
// is what verify and diff write without a shadow):
// {"format_version", "command", "database", "ledger": {"table"},
//  "method": "shadow", "shadow": {"description", "none_because": null},
//  "ok", "migrations_checked", "objects_compared",
//  "counts": {"missing", "extra", "different" (certain ones), "uncertain"},
//  "differences": [{"kind", "object_kind", "object", "explanation",
//    "certain", "schema", "parent", "name", "parts": {object_kind: n},
//    "changes": [{"attribute", "database", "migrations"}],
//    "made_by": {"location", "version", "dynamic", "hangs_on_data"} | null}],
//  "notes": [...]}
std::string render_drift_json(const catalog::DriftResult& result, const std::string& command,
                              const std::string& ledger);

// Why verify or diff exits 4, for its JSON "error" ("DB does not have the
// schema its migrations make: 1 missing, 1 extra"); "" when it does not.
std::string drift_failure(const catalog::DriftResult& result);

}  // namespace pgapply::report
