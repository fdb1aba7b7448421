#include "schema/referencing_keys.hpp"

#include <algorithm>

#include "schema/catalog_objects.hpp"

namespace pgapply::schema {

std::vector<KeyOverColumn> foreign_keys_over(const ExpectedSchema& model, const ObjectKey& table,
                                             const std::string& column) {
  std::vector<KeyOverColumn> out;
  const auto changed = model.current(table);
  if (!changed || !changed->present) return out;
  const auto has = [](const std::vector<std::string>& columns, const std::string& name) {
    return std::find(columns.begin(), columns.end(), name) != columns.end();
  };
  // Where the target's object is in the model now: renamed, or gone (nullopt).
  const auto now = [&model](const ObjectKey& live) -> std::optional<ObjectKey> {
    const auto key = model.model_key_of(live);
    const auto object = key ? model.current(*key) : std::nullopt;
    if (!object || !object->present) return std::nullopt;
    return key;
  };
  const CatalogSnapshot& catalog = model.catalog();
  const CatalogRelation* live_table =
      changed->origin ? catalog.find_relation(changed->origin->schema, changed->origin->name) : nullptr;
  // The target's keys, by the names the target has (the run may have renamed the column, or either table).
  if (live_table != nullptr) {
    const auto retyped = model.current(ObjectKey{Space::column, table.schema, table.name, column, {}});
    const std::string live_column = retyped && retyped->origin ? retyped->origin->name : column;
    for (const CatalogRelation& relation : catalog.relations) {
      for (const CatalogConstraint& constraint : relation.constraints) {
        if (constraint.type != 'f') continue;
        const auto key = foreign_key_of(constraint);
        if (!key) continue;
        // (printed unqualified where the catalog reader's search_path finds it)
        const CatalogRelation* referenced = catalog.find_relation(key->references.schema, key->references.name);
        // (one of the table to itself: the type change reads or rewrites its rows anyway)
        if (referenced == nullptr || (referenced == live_table) == (&relation == live_table)) continue;
        const bool of_referenced = referenced == live_table;
        const std::vector<std::string> columns =
            !of_referenced                    ? key->columns
            : key->referenced_columns.empty() ? primary_key_columns(*live_table)
                                              : key->referenced_columns;
        if (!has(columns, live_column)) continue;
        const CatalogRelation& other = of_referenced ? relation : *referenced;
        const auto other_now = now(relation_key(other.schema, other.name));
        if (!other_now) continue;  // dropped before now
        // (the key by its table's name now)
        const ObjectKey& owner = of_referenced ? *other_now : table;
        const auto kept = model.current(ObjectKey{Space::constraint, owner.schema, owner.name, constraint.name, ""});
        // (one the run dropped and added again is the run's: listed below)
        if (!kept || !kept->present || !kept->origin) continue;
        // (valid as the run leaves it: a VALIDATE CONSTRAINT of the run's counts)
        const bool validated = kept->constraint ? !kept->constraint->not_valid : constraint.validated;
        out.push_back({*other_now, constraint.name, of_referenced, validated});
      }
    }
  }
  // The run's keys made before now (not NOT ENFORCED), as it named them.
  for (const ExpectedObject& object : model.objects()) {
    if (!object.present || object.origin || object.key.space != Space::constraint || !object.constraint) continue;
    const ddl::ConstraintSpec& key = *object.constraint;
    if (key.kind != ddl::ConstraintKind::foreign_key || key.not_enforced) continue;
    const ObjectKey owner = relation_key(object.key.schema, object.key.parent);
    const ObjectKey referenced = model.relation(key.references);
    if ((owner == table) == (referenced == table)) continue;
    const bool of_referenced = referenced == table;
    std::vector<std::string> columns = of_referenced ? key.referenced_columns : key.columns;
    if (of_referenced && columns.empty() && live_table != nullptr && !changed->fresh) {
      columns = primary_key_columns(*live_table);
    }
    if (!has(columns, column)) continue;
    out.push_back({of_referenced ? owner : referenced, object.key.name, of_referenced, !key.not_valid});
  }
  return out;
}

}  // namespace pgapply::schema
