#include "schema/catalog.hpp"

namespace pgapply::schema {

namespace {

// Schemas to look in for a name: the one given, or search_path.
std::vector<std::string> candidate_schemas(const CatalogSnapshot& snapshot, const std::string& schema) {
  if (!schema.empty()) return {schema};
  return snapshot.search_path;
}

}  // namespace

const CatalogSchema* CatalogSnapshot::find_schema(const std::string& name) const {
  for (const auto& candidate : schemas) {
    if (candidate.name == name) return &candidate;
  }
  return nullptr;
}

const CatalogRelation* CatalogSnapshot::find_relation(const std::string& schema, const std::string& name) const {
  for (const auto& in : candidate_schemas(*this, schema)) {
    for (const auto& relation : relations) {
      if (relation.schema == in && relation.name == name) return &relation;
    }
  }
  return nullptr;
}

CatalogSnapshot::IndexLocation CatalogSnapshot::find_index(const std::string& schema, const std::string& name) const {
  for (const auto& in : candidate_schemas(*this, schema)) {
    for (const auto& relation : relations) {
      if (relation.schema != in) continue;
      for (const auto& index : relation.indexes) {
        if (index.name == name) return {&relation, &index};
      }
    }
  }
  return {};
}

std::vector<const CatalogRoutine*> CatalogSnapshot::find_routines(const std::string& schema,
                                                                  const std::string& name) const {
  for (const auto& in : candidate_schemas(*this, schema)) {
    std::vector<const CatalogRoutine*> found;
    for (const auto& routine : routines) {
      if (routine.schema == in && routine.name == name) found.push_back(&routine);
    }
    if (!found.empty()) return found;
  }
  return {};
}

const CatalogType* CatalogSnapshot::find_type(const std::string& schema, const std::string& name) const {
  for (const auto& in : candidate_schemas(*this, schema)) {
    for (const auto& type : types) {
      if (type.schema == in && type.name == name) return &type;
    }
  }
  return nullptr;
}

const CatalogExtension* CatalogSnapshot::find_extension(const std::string& name) const {
  for (const auto& extension : extensions) {
    if (extension.name == name) return &extension;
  }
  return nullptr;
}

const RowCheck* CatalogSnapshot::find_row_check(const RowCheck& question) const {
  for (const auto& check : row_checks) {
    if (check.asks_as(question)) return &check;
  }
  return nullptr;
}

std::string CatalogSnapshot::creation_schema() const {
  for (const auto& name : search_path) {
    if (find_schema(name) != nullptr) return name;
  }
  return {};
}

}  // namespace pgapply::schema
