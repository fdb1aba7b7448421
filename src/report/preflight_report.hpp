#pragma once

#include <string>

#include "report/paint.hpp"
#include "schema/preflight.hpp"

namespace pgapply::report {

// What `pgapply preflight` prints.
//   text: the verdict first, then numbered steps an operator reads top to
//         bottom: where the connection settings came from, the server and
//         the version the pending SQL needs, other sessions, the pending
//         migrations, then one step per migration (counts per kind, the
//         objects with their state, the tables it locks with rows, size and
//         lock, its findings), and the verdict per migration;
//   json: the same data: {"format_version", "command": "preflight",
//         "database", "ledger": {"table"}, "verdict", "will_fail",
//         "connection": {"settings_source"}, "counts": {applied, pending},
//         "server": {...}, "thresholds", "findings",
//         "migrations": [{version, file, script, transaction_mode,
//         transaction_mode_reason (the keys up and down use), verdict,
//         minimum_server_version, object_counts: [{kind, declared,
//         existing, to_create, different, table, summary}], objects, tables,
//         findings, shadow}]}
// With `paint` on, verdicts, finding severities and object states are painted.
std::string render_preflight_text(const schema::PreflightResult& result, Paint paint = {});
std::string render_preflight_json(const schema::PreflightResult& result);

// Why the run will fail or block (exit 4), as the verdict line says it ("1
// of 3 pending migrations will fail"), for the JSON "error"; "" when neither.
std::string preflight_failure(const schema::PreflightResult& result);

}  // namespace pgapply::report
