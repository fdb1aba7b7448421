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

std::vector<ReferencingKey> keys_referencing(const ExpectedSchema& model, const ObjectKey& table,
                                             const std::string& column) {
  std::vector<ReferencingKey> out;
  const auto referenced = model.current(table);
  if (!referenced || !referenced->present || !referenced->origin) return out;
  const ObjectKey& live = *referenced->origin;
  const CatalogSnapshot& catalog = model.catalog();
  const CatalogRelation* live_table = catalog.find_relation(live.schema, live.name);
  if (live_table == nullptr) return out;
  for (const CatalogRelation& relation : catalog.relations) {
    if (&relation == live_table) continue;  // (its own rows are rewritten or read by the change itself)
    for (const CatalogConstraint& constraint : relation.constraints) {
      if (constraint.type != 'f') continue;
      const auto key = foreign_key(constraint.definition);
      if (!key) continue;
      // (printed unqualified where the catalog reader's search_path finds it)
      if (catalog.find_relation(key->references.schema, key->references.name) != live_table) continue;
      const std::vector<std::string> columns =
          key->referenced_columns.empty() ? primary_key_columns(*live_table) : key->referenced_columns;
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) continue;
      // still there as the run stands (not dropped, its table not dropped or renamed)
      const ObjectKey referencing = relation_key(relation.schema, relation.name);
      const auto in_model = model.current(referencing);
      const ObjectKey constraint_key{Space::constraint, relation.schema, relation.name, constraint.name, ""};
      const auto kept = model.current(constraint_key);
      if (!in_model || !in_model->present || !kept || !kept->present) continue;
      out.push_back({referencing, constraint.name});
    }
  }
  return out;
}

}  // namespace pgapply::schema
