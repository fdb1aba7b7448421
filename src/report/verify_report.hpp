#pragma once

#include <string>

#include "report/paint.hpp"
#include "schema/verification.hpp"

namespace pgapply::report {

// What `pgapply verify` prints.
//   text: a verdict line first ("Verify FAILED: 1 missing ..."), the
//         problems each on a line with the declaring file:line, then a
//         table of columns (type, default, nullable, status, declared at),
//         a table of every other object, what could not be compared or
//         checked;
//   json: the document render_drift_json writes, from the static model:
//         "method": "static_model", "shadow": {"description": null,
//         "none_because"}, "counts": {status: n}, "differences" (the rows
//         that failed or are uncertain, in the shadow's shape), and also
//         "objects": [{kind, object, status, expected, actual, type,
//         default, nullable (columns: {expected, actual}), differences,
//         declared_by: {version, file, line}, conditional}].
struct VerifyDocument {
  std::string command;           // verify or diff
  std::string database;
  std::string ledger;
  std::string no_shadow_reason;  // why the static model answered
};
// With `paint` on, the verdict (ok, FAILED) and each row's status are painted.
std::string render_verify_text(const schema::VerifyResult& result, const std::string& database, Paint paint = {});
std::string render_verify_json(const schema::VerifyResult& result, const VerifyDocument& about);

// Why verify or diff exits 4 when the static model answered, for its JSON
// "error" ("DB does not have the schema its migrations declare: 1
// missing"); "" when it does not.
std::string verify_failure(const schema::VerifyResult& result, const std::string& database);

}  // namespace pgapply::report
