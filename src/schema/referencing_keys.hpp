#pragma once

// Internal to preflight: the target's foreign keys over a column whose type
// a migration changes, as the referenced column or as the referencing one.
// PostgreSQL re-creates each of them, under ACCESS EXCLUSIVE on the other
// table too (ATPostAlterTypeCleanup; dropping the key drops its triggers
// there), and checks the rows again where the key's equality operator
// changes, reading the other table.

#include <string>
#include <vector>

#include "schema/expected_schema.hpp"

namespace pgapply::schema {

struct KeyOverColumn {
  ObjectKey other{};        // the table at the key's other end, in the model now
  std::string name{};       // the constraint's
  bool referenced = false;  // the column is the referenced one (the key is `other`'s)
  bool validated = true;    // NOT VALID: re-created NOT VALID, no row is checked
};

// The keys still in place over `column` of `table` (model keys: names as
// the run has them now) to or from another table: the target's, read from
// its catalog (one the run dropped is gone; a table or column renamed is
// followed), and those the run made before now; not one of the table to
// itself (whose rows the type change reads or rewrites anyway).
std::vector<KeyOverColumn> foreign_keys_over(const ExpectedSchema& model, const ObjectKey& table,
                                             const std::string& column);

}  // namespace pgapply::schema
