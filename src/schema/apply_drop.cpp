#include "schema/expected_schema.hpp"

#include <algorithm>

// DROP: the object must be gone, with what it contains (see expected_schema.hpp).

#include "lexer/tokenizer.hpp"
#include "schema/expected_schema_internals.hpp"

namespace pgapply::schema {

using ddl::ObjectKind;

void ExpectedSchema::apply_drop(const ddl::Declaration& d, const Target& target, const Provenance& provenance,
                                Step& step) {
  const bool live = start_ == Start::live;
  const ObjectKey& key = target.key;
  step.before = lookup(key, live);
  if (!step.before) {
    const bool guarded = d.if_exists || d.location.conditional || d.parent_if_exists;
    step.outcome = guarded ? Outcome::skip_absent : Outcome::fail_missing;
    if (live) return;
  } else {
    step.outcome = Outcome::drop;
  }
  if (d.cascade && step.outcome == Outcome::drop) {
    cascaded_ = true;
    for (auto& object : objects_) object.before_cascade = object.before_cascade || object.present;
    stop_comparing_defaults_naming(key.name);  // (a default calling it goes with it)
  }
  if (key.space == Space::routine && key.arguments == kAnyArguments) {
    for (auto& object : objects_) {
      if (object.present && object.key.space == Space::routine && object.key.schema == key.schema &&
          object.key.name == key.name) {
        object.present = false;
        object.declared_by = provenance;
      }
    }
  }
  if (step.outcome == Outcome::drop) drop_dependents(key, provenance);
  drop_contents(key);
  if (key.space == Space::column) drop_column_dependents(key);
  tombstone(key, d.kind, provenance);
  if (key.space == Space::column && step.outcome == Outcome::drop && !d.parent_only) {
    // gone from the target's partitions and children too, where they only inherit it
    for (const auto& [child, live_child] : inheriting_tables(*target.container)) {
      const ObjectKey inherited = with_container(key, child);
      if (live_child == nullptr) {
        // A child the run made or linked: a partition's columns are all
        // inherited (ATTACH PARTITION makes them so); an INHERITS child's
        // are its own but for what the parent's ADD COLUMN gave it. (Not
        // `partition`: a LIKE table has that too, with columns of its own.)
        const ExpectedObject* table = entry(child);
        const ExpectedObject* column = entry(inherited);
        const bool partition = table != nullptr && table->partition_of;
        if (!(partition || (column != nullptr && column->inherited_only)) || !lookup(inherited, live)) continue;
        drop_implicitly(inherited, ObjectKind::column, provenance);
        continue;
      }
      const auto column = std::find_if(live_child->columns.begin(), live_child->columns.end(),
                                       [&key](const CatalogColumn& c) { return c.name == key.name; });
      if (column == live_child->columns.end() || column->local || !lookup(inherited, live)) continue;
      drop_implicitly(inherited, ObjectKind::column, provenance);
    }
  }
}

namespace {

// Whether a catalog definition (pg_get_indexdef, pg_get_constraintdef) names
// `column` in its key, expression or predicate (not a foreign key's
// referenced columns, nor the index's or table's name).
bool definition_uses(const std::string& definition, const std::string& column) {
  const auto tokens = lexer::tokenize(definition);
  std::size_t from = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].is_word("using")) {  // CREATE INDEX name ON table USING method (...)
      from = i + 1;
      break;
    }
  }
  for (std::size_t i = from; i < tokens.size(); ++i) {
    if (tokens[i].is_word("references")) break;
    if (tokens[i].is_name() && tokens[i].value == column) return true;
  }
  return false;
}

// A primary key, UNIQUE or EXCLUDE: it has an index of its name.
bool has_index(const CatalogConstraint& constraint) {
  return constraint.type == 'p' || constraint.type == 'u' || constraint.type == 'x';
}

}  // namespace

void ExpectedSchema::drop_implicitly(const ObjectKey& key, ObjectKind kind, const Provenance& provenance) {
  if (ExpectedObject* gone = mutable_entry(key); gone != nullptr && !gone->present) return;
  if (key.space == Space::relation) drop_dependents(key, provenance);
  drop_contents(key);
  if (key.space == Space::column) drop_column_dependents(key);
  tombstone(key, kind, provenance);
  mutable_entry(key)->implicit = true;
}

void ExpectedSchema::partition_indexes_may_go(const ObjectKey& index) {
  const bool live = start_ == Start::live;
  const auto dropped = lookup(index, live);
  if (!dropped || dropped->index_table.empty()) return;
  const ObjectKey table = relation_key(index.schema, dropped->index_table);
  // PostgreSQL attaches to it the index it makes on each partition, or a
  // matching one the partition has (at CREATE INDEX, ATTACH PARTITION), and
  // one ALTER INDEX ... ATTACH PARTITION names: a partition's index of the
  // run, or the target's (pg_inherits), any of them may have gone with it.
  std::vector<ObjectKey> partitions;
  for (const auto& object : objects_) {
    if (object.present && object.partition_of == table) partitions.push_back(object.key);
  }
  for (const auto& inheritor : inheriting_tables(table)) partitions.push_back(inheritor.key);
  if (partitions.empty()) return;
  std::vector<ObjectKey> indexes;
  for (const auto& object : objects_) {
    if (!object.present || object.key.space != Space::index) continue;
    for (const auto& partition : partitions) {
      if (object.key.schema == partition.schema && object.index_table == partition.name) indexes.push_back(object.key);
    }
  }
  if (live) {
    for (const auto& partition : partitions) {
      const ObjectKey was = translate(partition);
      const CatalogRelation* relation = catalog_.find_relation(was.schema, was.name);
      if (relation == nullptr) continue;
      for (const auto& catalog_index : relation->indexes) {
        if (const auto now = model_key_of({Space::index, relation->schema, "", catalog_index.name, ""})) {
          indexes.push_back(*now);
        }
      }
    }
  }
  for (const auto& key : indexes) {
    if (const auto before = lookup(key, live)) materialize(key, before, ObjectKind::index).before_cascade = true;
  }
}

void ExpectedSchema::drop_dependents(const ObjectKey& key, const Provenance& provenance) {
  if (key.space == Space::index) partition_indexes_may_go(key);
  if (key.space == Space::constraint) {
    // the index ADD ... USING INDEX made the key's (it has the key's name) goes with it
    const ObjectKey index{Space::index, key.schema, "", key.name, ""};
    if (const ExpectedObject* own = entry(index); own != nullptr && own->present && own->index_table == key.parent) {
      drop_implicitly(index, ObjectKind::index, provenance);
    }
  }
  if (key.space == Space::relation) {
    // the partitions the run made of it go with it
    std::vector<ObjectKey> partitions;
    for (const auto& object : objects_) {
      if (object.present && object.partition_of == key) partitions.push_back(object.key);
    }
    for (const auto& partition : partitions) drop_implicitly(partition, ObjectKind::table, provenance);
  }
  if (start_ != Start::live) return;
  if (key.space != Space::relation && key.space != Space::column && key.space != Space::constraint) return;
  const ObjectKey table = key.space == Space::relation ? key : relation_key(key.schema, key.parent);
  const ObjectKey live_key = translate(table);
  const CatalogRelation* live = catalog_.find_relation(live_key.schema, live_key.name);
  if (live == nullptr || model_key_of(live_key) != table) return;
  const auto index_now = [&](const std::string& name) { return model_key_of({Space::index, live->schema, "", name, ""}); };
  if (key.space == Space::relation) {
    // the target's: its indexes (a table made again under its name has none of them) and its partitions
    for (const auto& index : live->indexes) {
      if (const auto now = index_now(index.name)) drop_implicitly(*now, ObjectKind::index, provenance);
    }
    if (live->kind == 'p') {
      for (const auto& relation : catalog_.relations) {
        for (const auto& [schema, name] : relation.parents) {
          if (schema != live->schema || name != live->name) continue;
          if (const auto now = model_key_of(relation_key(relation.schema, relation.name))) {
            drop_implicitly(*now, ObjectKind::table, provenance);
          }
        }
      }
    }
  } else if (key.space == Space::column) {
    // the target's indexes and constraints on the column go with it
    for (const auto& index : live->indexes) {
      if (!definition_uses(index.definition, key.name)) continue;
      if (const auto now = index_now(index.name)) drop_implicitly(*now, ObjectKind::index, provenance);
    }
    for (const auto& constraint : live->constraints) {
      if (!definition_uses(constraint.definition, key.name)) continue;
      const ObjectKey now{Space::constraint, key.schema, key.parent, constraint.name, ""};
      if (lookup(now, true)) drop_implicitly(now, ObjectKind::constraint, provenance);
      if (!has_index(constraint)) continue;
      if (const auto index = index_now(constraint.name)) drop_implicitly(*index, ObjectKind::index, provenance);
    }
  } else if (key.space == Space::constraint) {
    // a key's index goes with it
    for (const auto& constraint : live->constraints) {
      if (constraint.name != key.name || !has_index(constraint)) continue;
      if (const auto index = index_now(constraint.name)) drop_implicitly(*index, ObjectKind::index, provenance);
    }
  }
}

}  // namespace pgapply::schema
