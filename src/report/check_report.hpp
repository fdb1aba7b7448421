#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>
#include "report/paint.hpp"
#include "schema/shadow_outcome.hpp"

namespace pgapply::report {

// What `pgapply check` prints.
//   text: where the proofs ran, then each migration: applies (with how many
//         objects it changes) or FAILS with the server's error; each proof:
//         proven, or what failed (the statement, the objects that differ);
//         a verdict line last;
//   json: {"format_version", "command": "check", "database" (null with
//          --offline), "ledger": {"table"} | null, "shadow": {"description",
//          "none_because"}, "proofs": {"idempotency", "rollback"}, "ok",
//          "migrations": [{"version", "file" (its name), "script" (as
//          shown: its path), "shadow": shadow_outcome_json}],
//          "notes"}
// With `paint` on, the verdicts (ok, FAILED, WILL FAIL) are painted.
std::string render_check_text(const schema::CheckResult& result, Paint paint = {});
std::string render_check_json(const schema::CheckResult& result);

// Why check exits 4, as its verdict line says it ("1 migration not applied
// on the shadow, 1 not idempotent"), for the JSON "error"; "" when it passed.
std::string check_failure(const schema::CheckResult& result);

// One migration's shadow outcome as JSON (also in preflight's JSON):
// {"checked", "applied", "error_text", "error_summary", "duration_ms",
//  "changes": [...], "idempotency": proof | null, "rollback": proof | null},
// a proof being {"status": "proven"|"partial"|"failed"|"not_run", "summary", "error_text",
// "changes": [...]}.
nlohmann::ordered_json shadow_outcome_json(const schema::ShadowOutcome& outcome);

// The outcome as indented text lines (preflight and check).
std::string shadow_outcome_text(const schema::ShadowOutcome& outcome, const std::string& indent, Paint paint = {});

}  // namespace pgapply::report
