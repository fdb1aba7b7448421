#pragma once

// Internal to the expected schema: what the files that implement
// ExpectedSchema share beyond its public interface. The model is split by
// what each part does:
//
//   expected_schema.cpp   applying a declaration: checks, then one applier
//   expected_store.cpp    the object store: entries, lookups through the
//                         catalog, and the changes (put, drop, move)
//   name_resolution.cpp   names to keys as the server resolves them, and
//                         where each declaration acts (its Target)
//   apply_create.cpp, apply_alter.cpp, apply_drop.cpp   the appliers

#include <optional>
#include <vector>

#include "schema/expected_schema.hpp"
#include "ddl/predicted_names.hpp"

namespace pgapply::schema {

// Where a declaration acts, resolved against the schema as it stands.
struct ExpectedSchema::Target {
  ObjectKey key;
  std::optional<ObjectKey> container;   // must exist: the table, type or schema it is in
  std::vector<ObjectKey> references;    // must exist too: referenced tables, a PARTITION OF parent
  std::optional<ddl::NameParts> predicted;   // unnamed constraint or index: how PostgreSQL names it
  bool modelled = true;                 // false: nothing to do (temporary objects)
};

namespace expected_schema_detail {

// A column, constraint, trigger, policy, row-level security switch or index:
// part of a table.
bool is_table_part(ddl::ObjectKind kind);

// What a CREATE declares, as an expectation.
ExpectedObject declared_object(const ddl::Declaration& d, const ObjectKey& key, const Provenance& provenance);

// The labels of a type an ALTER TYPE ... VALUE changes (an enum, possibly
// known only from that change).
ddl::TypeSpec& ensure_enum(ExpectedObject& type);

}  // namespace expected_schema_detail

}  // namespace pgapply::schema
