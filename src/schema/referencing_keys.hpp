#pragma once

// Internal to preflight: the target's foreign keys that reference a column
// whose type a migration changes. PostgreSQL re-creates each of them (under
// ACCESS EXCLUSIVE on its table: ATPostAlterTypeCleanup), and checks its
// rows again where the key's equality operator changes.

#include <string>
#include <vector>

#include "schema/expected_schema.hpp"

namespace pgapply::schema {

struct ReferencingKey {
  ObjectKey table;       // the referencing table, in the model now
  std::string name;      // the constraint's
};

// The keys still in place that reference `column` of `table` (a model key,
// one of the target's tables), read from the target's catalog: one the run
// dropped is gone, one the run made is not listed (its table is new, or
// not modelled here).
std::vector<ReferencingKey> keys_referencing(const ExpectedSchema& model, const ObjectKey& table,
                                             const std::string& column);

}  // namespace pgapply::schema
