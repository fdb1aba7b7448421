#pragma once

#include <string>

#include "schema/verification.hpp"

namespace pgapply::report {

// What `pgapply verify` prints.
//   text: a verdict line first ("Verify FAILED: 1 missing ..."), the
//         problems each on a line with the declaring file:line, then a
//         table of columns (type, default, nullable, status, declared at),
//         a table of every other object, what could not be compared or
//         checked;
//   json: {"format_version", "command": "verify", "database", "ok",
//          "migrations_checked", "counts": {status: n},
//          "objects": [{kind, object, status, expected, actual, type,
//          default, nullable (columns: {expected, actual}), differences,
//          declared_by: {version, file, line}, conditional}], "notes"}
std::string render_verify_text(const schema::VerifyResult& result, const std::string& database);
std::string render_verify_json(const schema::VerifyResult& result, const std::string& database);

}  // namespace pgapply::report
