#pragma once

// Where a schema object lives, as one key shared by the expected-schema
// model, the catalog lookups and the reports. Names are as stored in the
// catalogs (already folded), the schema always resolved.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace pgapply::schema {

// PostgreSQL's name spaces: two objects with equal keys are the same object,
// so a table and a view of the same name collide (both are relations).
enum class Space {
  schema,
  relation,            // table, partitioned table, view, materialized view, sequence
  index,               // in its table's schema
  column,              // parent: the relation
  constraint,          // parent: the table
  trigger,             // parent: the table
  policy,              // parent: the table
  row_level_security,  // parent: the table; no name
  routine,             // function or procedure; arguments: identity argument types
  type,                // type or domain
  enum_value,          // parent: the enum type; name: the label
  extension,           // no schema: extension names are database-wide
};

// `arguments` of a routine key that stands for every routine of the name
// (DROP FUNCTION f without an argument list).
inline constexpr std::string_view kAnyArguments = "*";

struct ObjectKey {
  Space space = Space::relation;
  std::string schema;     // empty for schemas and extensions
  std::string parent;     // the relation or type it belongs to
  std::string name;       // the schema's own name for Space::schema
  std::string arguments;  // routines: "integer, text" (normalised types)

  friend auto operator<=>(const ObjectKey&, const ObjectKey&) = default;
  friend bool operator==(const ObjectKey&, const ObjectKey&) = default;
};

std::string_view to_string(Space space);

ObjectKey schema_key(const std::string& schema);
ObjectKey relation_key(const std::string& schema, const std::string& name);
ObjectKey type_key(const std::string& schema, const std::string& name);

// What contains `key`: its relation (columns, constraints, triggers,
// policies, the RLS switch), its type (enum values) or its schema; nullopt
// for schemas and extensions.
std::optional<ObjectKey> container_of(const ObjectKey& key);

// `key` with its container replaced (its relation, type or schema renamed or moved).
ObjectKey with_container(ObjectKey key, const ObjectKey& container);

// How a report names the object: [schema.]name, [schema.]table.column,
// "name on [schema.]table", "[schema.]fn(integer, text)", "type 'label'". The
// schema is left out when it is `home_schema` (the first of search_path).
std::string display_name(const ObjectKey& key, const std::string& home_schema);

}  // namespace pgapply::schema
