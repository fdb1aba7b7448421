#pragma once

// Internal to preflight: whether the current user may do what a declaration
// does. ALTER TABLE and what hangs off a table (columns, constraints,
// indexes, triggers, policies, row level security, comments) need the
// table's owner (CatalogRelation::owned, which counts membership in the
// owner role and superuser); CREATE in a schema needs CREATE on it; CREATE
// SCHEMA needs CREATE on the database; CREATE EXTENSION usually a
// superuser (a warning: trusted extensions need less). Owners of types,
// routines and schemas are not in the snapshot: not checked.

#include <set>
#include <string>

#include "schema/expected_schema.hpp"
#include "schema/preflight_findings.hpp"

namespace pgapply::schema {

// After `step` was applied to `model`. `what` names the declaration in
// findings. `roles_touched`: the roles the run made, changed or granted
// before it (who is a member of them is then the run's doing).
void check_privileges(const ddl::Declaration& declaration, const Step& step, const ExpectedSchema& model,
                      const std::set<std::string>& roles_touched, const std::string& what,
                      const std::string& location, FindingList& findings);

}  // namespace pgapply::schema
