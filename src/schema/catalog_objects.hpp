#pragma once

// A catalog snapshot's objects in the model's shape: the object at a key,
// with every attribute the snapshot has (ExpectedObject with all *_known
// set, `declared_by` empty).

#include <optional>
#include <string>
#include <vector>

#include "schema/catalog.hpp"
#include "schema/expected_object.hpp"

namespace pgapply::schema {

// The object at `key` in `catalog`, or nullopt. `declared` (what a migration
// declares there, if any) helps find objects whose name PostgreSQL chose:
// an unnamed PRIMARY KEY, UNIQUE or FOREIGN KEY whose predicted name is not
// there is looked for by kind and columns, an unnamed index by its columns.
// Routines match by argument types as format_type() prints them.
std::optional<ExpectedObject> find_in_catalog(const CatalogSnapshot& catalog, const ObjectKey& key,
                                              const ExpectedObject* declared = nullptr);

// "a, b" -> {"a", "b"}: the column list in parentheses after `after` in a
// constraint or index definition (pg_get_constraintdef / pg_get_indexdef),
// names unquoted; empty when there is none.
std::vector<std::string> definition_columns(const std::string& definition, const std::string& after = "");

// The columns of a table's primary key on the target; empty when it has none.
std::vector<std::string> primary_key_columns(const CatalogRelation& relation);

// A foreign key's definition as pg_get_constraintdef prints it ("FOREIGN KEY
// (user_id) REFERENCES users(id) ON DELETE CASCADE"), read as the table
// constraint a migration would write; nullopt where it does not read as one.
std::optional<ddl::ConstraintSpec> foreign_key_of(const CatalogConstraint& constraint);

}  // namespace pgapply::schema
