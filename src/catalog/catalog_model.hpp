#pragma once

// One normalised model of a database's user schemas, as PostgreSQL itself
// describes them (format_type, pg_get_constraintdef, pg_get_indexdef,
// pg_get_viewdef, pg_get_functiondef, pg_get_triggerdef...): what the shadow
// database and the target are compared on. Read by
// engine/catalog_model_reader.cpp (sql/model_*.sql); pure data here.
//
// Not in the model: pgapply's ledger tables, objects that belong to an
// extension, pg_catalog, information_schema, pg_toast and temporary schemas,
// OIDs, owners (compared nowhere: the shadow applies as another role), data.
//
// Every object is a kind, a schema, a parent (the table of a column, index,
// constraint, trigger or policy; the domain of a domain constraint) and a
// name, with attributes in a fixed order. Attributes that differ between two
// reads of the same schema for reasons that are not the schema (an
// extension's installed version, an owner's name) are kept but not compared.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace pgapply::catalog {

enum class ObjectKind {
  schema,
  extension,
  table,              // also partitioned and foreign tables (attribute "kind")
  column,
  constraint,
  index,
  view,
  materialized_view,
  sequence,
  function,           // also procedures, aggregates and window functions (attribute "kind")
  trigger,
  rule,               // CREATE RULE on a table or view (not a view's own _RETURN)
  policy,
  statistics,         // CREATE STATISTICS
  enum_type,
  domain,
  composite_type,
  range_type,
};

// "table", "materialized view", "enum"...
std::string_view to_string(ObjectKind kind);

// Columns, constraints, indexes, triggers and policies belong to a table (or
// view); their name is unique only there.
bool has_parent(ObjectKind kind);

struct ObjectKey {
  ObjectKind kind = ObjectKind::table;
  std::string schema;  // "" for extensions (a database-wide name); a schema's own name for schemas
  std::string parent;  // the table, view or domain of a sub-object; "" otherwise
  std::string name;    // a function's name with its identity arguments: "f(integer, text)"

  auto tie() const { return std::tie(schema, parent, kind, name); }
  bool operator<(const ObjectKey& other) const { return tie() < other.tie(); }
  bool operator==(const ObjectKey& other) const { return tie() == other.tie(); }
};

struct Attribute {
  std::string name;   // "type", "default", "definition", "privileges"...
  std::string value;  // "" for none
  bool compared = true;
};

struct CatalogObject {
  ObjectKey key;
  std::vector<Attribute> attributes;

  // The attribute's value, nullopt when the object has no such attribute.
  std::optional<std::string> get(std::string_view name) const;
  // Adds (or replaces) an attribute.
  CatalogObject& set(std::string name, std::string value, bool compared = true);
};

struct CatalogModel {
  std::string server_version;  // "15.18"
  int server_version_num = 0;
  std::map<ObjectKey, CatalogObject> objects;

  // Adds an object; an object with the same key is replaced.
  CatalogObject& add(CatalogObject object);
  const CatalogObject* find(const ObjectKey& key) const;
  std::size_t count(ObjectKind kind) const;
};

// The container a sub-object goes with: a column's table, an index's table,
// a table's schema. nullopt for schemas and extensions.
std::optional<ObjectKey> container_of(const ObjectKey& key, const CatalogModel& model);

// How reports name an object: "column users.email", "index users_email_idx
// on users", "function app.f(integer)". Names in `home_schema` are shown
// without it.
std::string describe(const ObjectKey& key, std::string_view home_schema = "public");

// The same without the kind: "users.email", "users_email_idx on users".
std::string name_of(const ObjectKey& key, std::string_view home_schema = "public");

// The key of a table-level object named `schema.name` in the model,
// whatever its kind (table, view, materialized view, sequence, type...).
std::optional<ObjectKey> find_relation(const CatalogModel& model, const std::string& schema, const std::string& name);

}  // namespace pgapply::catalog
