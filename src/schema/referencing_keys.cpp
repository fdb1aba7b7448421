#include "schema/referencing_keys.hpp"

#include <algorithm>

#include "ddl/constraint_clause.hpp"
#include "lexer/tokenizer.hpp"
#include "schema/catalog_objects.hpp"

namespace pgapply::schema {

namespace {

// A foreign key's definition, as pg_get_constraintdef prints it ("FOREIGN
// KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"), read as a table
// constraint; nullopt where it does not read as one.
std::optional<ddl::ConstraintSpec> foreign_key(const std::string& definition) {
  const auto tokens = lexer::tokenize(definition);
  ddl::TokenCursor c(definition, tokens);
  const auto parsed = ddl::parse_table_constraint(c);
  if (!parsed || parsed->spec.kind != ddl::ConstraintKind::foreign_key) return std::nullopt;
  return parsed->spec;
}

std::vector<std::string> primary_key_columns(const CatalogRelation& table) {
  for (const CatalogConstraint& constraint : table.constraints) {
    if (constraint.type == 'p') return definition_columns(constraint.definition);
  }
  return {};
}

}  // namespace

std::vector<KeyOverColumn> foreign_keys_over(const ExpectedSchema& model, const ObjectKey& table,
                                             const std::string& column) {
  std::vector<KeyOverColumn> out;
  const auto changed = model.current(table);
  if (!changed || !changed->present || !changed->origin) return out;
  const CatalogSnapshot& catalog = model.catalog();
  const CatalogRelation* live_table = catalog.find_relation(changed->origin->schema, changed->origin->name);
  if (live_table == nullptr) return out;
  // still there as the run stands (not dropped, its tables not dropped or renamed)
  const auto kept = [&model](const CatalogRelation& owner, const std::string& name, const CatalogRelation& other) {
    const auto constraint = model.current(ObjectKey{Space::constraint, owner.schema, owner.name, name, ""});
    const auto other_now = model.current(relation_key(other.schema, other.name));
    return constraint && constraint->present && other_now && other_now->present;
  };
  const auto has = [&column](const std::vector<std::string>& columns) {
    return std::find(columns.begin(), columns.end(), column) != columns.end();
  };
  for (const CatalogRelation& relation : catalog.relations) {
    for (const CatalogConstraint& constraint : relation.constraints) {
      if (constraint.type != 'f') continue;
      const auto key = foreign_key(constraint.definition);
      if (!key) continue;
      // (printed unqualified where the catalog reader's search_path finds it)
      const CatalogRelation* referenced = catalog.find_relation(key->references.schema, key->references.name);
      if (referenced == nullptr || (referenced == live_table) == (&relation == live_table)) continue;
      if (&relation == live_table) {
        if (!has(key->columns) || !kept(relation, constraint.name, *referenced)) continue;
        out.push_back({relation_key(referenced->schema, referenced->name), constraint.name, false, constraint.validated});
        continue;
      }
      const std::vector<std::string> columns =
          key->referenced_columns.empty() ? primary_key_columns(*live_table) : key->referenced_columns;
      if (!has(columns) || !kept(relation, constraint.name, relation)) continue;
      out.push_back({relation_key(relation.schema, relation.name), constraint.name, true, constraint.validated});
    }
  }
  return out;
}

}  // namespace pgapply::schema
