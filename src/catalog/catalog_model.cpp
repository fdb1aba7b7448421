#include "catalog/catalog_model.hpp"

namespace pgapply::catalog {

std::string_view to_string(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::schema: return "schema";
    case ObjectKind::extension: return "extension";
    case ObjectKind::table: return "table";
    case ObjectKind::column: return "column";
    case ObjectKind::constraint: return "constraint";
    case ObjectKind::index: return "index";
    case ObjectKind::view: return "view";
    case ObjectKind::materialized_view: return "materialized view";
    case ObjectKind::sequence: return "sequence";
    case ObjectKind::function: return "function";
    case ObjectKind::trigger: return "trigger";
    case ObjectKind::rule: return "rule";
    case ObjectKind::policy: return "policy";
    case ObjectKind::statistics: return "statistics object";
    case ObjectKind::enum_type: return "enum";
    case ObjectKind::domain: return "domain";
    case ObjectKind::composite_type: return "composite type";
    case ObjectKind::range_type: return "range type";
  }
  return "object";
}

bool has_parent(ObjectKind kind) {
  return kind == ObjectKind::column || kind == ObjectKind::constraint || kind == ObjectKind::index ||
         kind == ObjectKind::trigger || kind == ObjectKind::rule || kind == ObjectKind::policy;
}

std::optional<std::string> CatalogObject::get(std::string_view name) const {
  for (const auto& attribute : attributes) {
    if (attribute.name == name) return attribute.value;
  }
  return std::nullopt;
}

CatalogObject& CatalogObject::set(std::string name, std::string value, bool compared) {
  for (auto& attribute : attributes) {
    if (attribute.name == name) {
      attribute.value = std::move(value);
      attribute.compared = compared;
      return *this;
    }
  }
  attributes.push_back({std::move(name), std::move(value), compared});
  return *this;
}

CatalogObject& CatalogModel::add(CatalogObject object) {
  auto key = object.key;
  auto [it, inserted] = objects.insert_or_assign(std::move(key), std::move(object));
  (void)inserted;
  return it->second;
}

const CatalogObject* CatalogModel::find(const ObjectKey& key) const {
  const auto found = objects.find(key);
  return found == objects.end() ? nullptr : &found->second;
}

std::size_t CatalogModel::count(ObjectKind kind) const {
  std::size_t n = 0;
  for (const auto& [key, object] : objects) n += key.kind == kind ? 1 : 0;
  return n;
}

std::optional<ObjectKey> find_relation(const CatalogModel& model, const std::string& schema, const std::string& name) {
  for (ObjectKind kind : {ObjectKind::table, ObjectKind::view, ObjectKind::materialized_view, ObjectKind::sequence,
                          ObjectKind::domain, ObjectKind::composite_type, ObjectKind::enum_type,
                          ObjectKind::range_type}) {
    ObjectKey key{kind, schema, "", name};
    if (model.find(key) != nullptr) return key;
  }
  return std::nullopt;
}

std::optional<ObjectKey> container_of(const ObjectKey& key, const CatalogModel& model) {
  if (key.kind == ObjectKind::schema || key.kind == ObjectKind::extension) return std::nullopt;
  if (!key.parent.empty()) {
    if (auto relation = find_relation(model, key.schema, key.parent)) return relation;
    return ObjectKey{ObjectKind::table, key.schema, "", key.parent};
  }
  return ObjectKey{ObjectKind::schema, key.schema, "", key.schema};
}

std::string name_of(const ObjectKey& key, std::string_view home_schema) {
  const std::string prefix = key.schema.empty() || key.schema == home_schema ? "" : key.schema + ".";
  switch (key.kind) {
    case ObjectKind::schema:
    case ObjectKind::extension:
      return key.name;
    case ObjectKind::column:
      return prefix + key.parent + "." + key.name;
    case ObjectKind::constraint:
    case ObjectKind::index:
    case ObjectKind::trigger:
    case ObjectKind::rule:
    case ObjectKind::policy:
      return key.name + " on " + prefix + key.parent;
    default:
      return prefix + key.name;
  }
}

std::string describe(const ObjectKey& key, std::string_view home_schema) {
  return std::string(to_string(key.kind)) + " " + name_of(key, home_schema);
}

}  // namespace pgapply::catalog
