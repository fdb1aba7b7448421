#pragma once

// Enum values as the JSON documents write them: stable snake_case
// identifiers ("will_create", "still_present"), never the words the text
// reports print ("will be created"), so that a change of wording never
// breaks a consumer. The schema (docs/pgapply-output.schema.json) lists them.

#include <string>
#include <string_view>

#include "ddl/declaration.hpp"
#include "ddl/impact.hpp"
#include "schema/baseline.hpp"
#include "schema/preflight.hpp"
#include "schema/verification.hpp"

namespace pgapply::report {

std::string_view identifier(schema::Verdict verdict);            // ok, warnings, will_block, will_fail
std::string_view identifier(schema::ObjectState state);          // will_create, exists_as_declared, ...
std::string_view identifier(schema::CheckStatus status);         // ok, missing, ..., still_present
std::string_view identifier(schema::BaselineDecision decision);  // proposed, not_there, ...
std::string_view identifier(schema::Severity severity);          // info, warning, error

// Names made of words ("materialized view", "ACCESS EXCLUSIVE", "rewrites
// table") as snake_case: materialized_view, access_exclusive, rewrites_table.
std::string snake_case(std::string_view words);

}  // namespace pgapply::report
