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

// What the run did before a statement that changes who may do what.
struct RunRoles {
  std::set<std::string> touched;  // roles it made, changed or granted (their members are then its doing)
  bool dynamic_sql = false;       // it ran SQL preflight cannot see (a GRANT in an EXECUTE...)
};

// After `step` was applied to `model`. `what` names the declaration in findings.
void check_privileges(const ddl::Declaration& declaration, const Step& step, const ExpectedSchema& model,
                      const RunRoles& roles, const std::string& what, const std::string& location,
                      FindingList& findings);

// What only a superuser may run (StatementFacts::superuser_only: CREATE
// EVENT TRIGGER), run by one who is not: an error, or a warning where a
// managed platform may allow it (CatalogSnapshot::platform_admin).
void check_superuser_only(const std::string& command, const CatalogSnapshot& catalog, const std::string& location,
                          FindingList& findings);

}  // namespace pgapply::schema
