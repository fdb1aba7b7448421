#include "schema/expected_schema.hpp"

// ALTER: changes a column's, constraint's or row-level security's
// expectation, renames and moves (see expected_schema.hpp).

#include "ddl/predicted_names.hpp"
#include "schema/expected_schema_internals.hpp"

namespace pgapply::schema {

using ddl::Change;
using ddl::ObjectKind;
using expected_schema_detail::ensure_enum;
using expected_schema_detail::is_table_part;

namespace {

// ALTER X IF EXISTS names the object itself (not a table it is part of).
// (ALTER INDEX IF EXISTS names the index: a part of a table no ALTER TABLE reaches through)
bool if_exists_is_own(ObjectKind kind) {
  return kind == ObjectKind::index || (!is_table_part(kind) && kind != ObjectKind::enum_value);
}

}  // namespace

// A table made in the run holds the index of its PRIMARY KEY, UNIQUE or
// EXCLUDE constraint only as that constraint, of the index's name.
const ExpectedObject* ExpectedSchema::constraint_of_index(const ObjectKey& index) const {
  for (const ExpectedObject& object : objects_) {
    if (!object.present || object.key.space != Space::constraint || object.key.schema != index.schema ||
        object.key.name != index.name || !object.constraint) {
      continue;
    }
    const ddl::ConstraintKind kind = object.constraint->kind;
    if (kind == ddl::ConstraintKind::primary_key || kind == ddl::ConstraintKind::unique ||
        kind == ddl::ConstraintKind::exclusion) {
      return &object;
    }
  }
  return nullptr;
}

void ExpectedSchema::apply_alter(const ddl::Declaration& d, const Target& target, const Provenance& provenance,
                                 Step& step) {
  const bool live = start_ == Start::live;
  const ObjectKey& key = target.key;
  const std::optional<ExpectedObject> before = lookup(key, live);
  step.before = before;
  if (!before && d.kind == ObjectKind::index && d.change != Change::rename && constraint_of_index(key)) {
    step.outcome = Outcome::change;  // ALTER INDEX t_pkey SET (fillfactor = 80): what the model holds stays
    return;
  }
  if (!before && d.kind == ObjectKind::index && d.change == Change::rename && !d.new_name.empty()) {
    if (const ExpectedObject* owner = constraint_of_index(key)) {
      // PostgreSQL renames the constraint with its index (they share their name).
      const ExpectedObject constraint = *owner;
      ObjectKey to = constraint.key;
      to.name = d.new_name;
      step.outcome = Outcome::change;
      move(constraint.key, to, constraint, ObjectKind::constraint, provenance);
      return;
    }
  }
  // ALTER TABLE of an index, ALTER INDEX of a table (or view, sequence): PostgreSQL takes either
  const bool relation_or_index = (d.kind == ObjectKind::table && key.space == Space::relation) ||
                                 (d.kind == ObjectKind::index && key.space == Space::index);
  if (!before && relation_or_index && (d.change == Change::rename || d.change == Change::other)) {
    ObjectKey other = key;
    other.space = key.space == Space::relation ? Space::index : Space::relation;
    if (const auto found = lookup(other, live)) {
      ddl::Declaration as = d;
      as.kind = found->kind;
      Target retargeted = target;
      retargeted.key = other;
      apply_alter(as, retargeted, provenance, step);
      return;
    }
  }
  if (!before) {
    const bool guarded = d.location.conditional || (d.parent_if_exists && if_exists_is_own(d.kind));
    step.outcome = guarded ? Outcome::skip_absent : Outcome::fail_missing;
    if (live) return;
  } else {
    step.outcome = Outcome::change;
  }

  // An extension is known by its name alone: SET SCHEMA moves its objects,
  // which the model does not hold, not it.
  if (d.kind == ObjectKind::extension && d.change == Change::set_schema) return;
  // Renames and SET SCHEMA move the object.
  if (d.change == Change::rename || d.change == Change::set_schema) {
    // ALTER FUNCTION f RENAME (no argument list, one f): the one it names
    ObjectKey from = key.space == Space::routine && key.arguments == kAnyArguments && before ? before->key : key;
    if (from.space == Space::routine && from.arguments == kAnyArguments && live) {
      const ObjectKey at = translate(from);
      if (const auto routines = catalog_.find_routines(at.schema, at.name); routines.size() == 1) {
        from.arguments = routines.front()->argument_types;  // the target's one
      }
    }
    ObjectKey to = from;
    if (d.kind == ObjectKind::enum_value) {
      const ObjectKey type = *target.container;
      ExpectedObject& owner = materialize(type, lookup(type, live), ObjectKind::type);
      auto& labels = ensure_enum(owner).labels;
      std::erase(labels, key.name);
      labels.push_back(d.new_name);
      owner.declared_by = provenance;
      return;
    }
    if (d.change == Change::rename) {
      if (d.new_name.empty()) return;
      to.name = d.new_name;
    } else {
      if (d.new_schema.empty() || d.new_schema == key.schema) return;  // (to its own schema: nothing moves)
      to.schema = d.new_schema;
      if (live && !current(schema_key(d.new_schema))) {
        step.outcome = Outcome::fail_dependency;
        step.dependency = schema_key(d.new_schema);
        return;
      }
    }
    step.new_key = to;
    if (const auto taken = live ? current(to) : std::nullopt; taken && !taken->unknown) {
      step.outcome = Outcome::fail_existing;
      return;
    }
    move(from, to, before, d.kind, provenance);
    if (d.kind == ObjectKind::constraint && d.change == Change::rename) {
      // Its index (ADD ... USING INDEX made it the constraint's name) is renamed with it.
      // (the target's key's index too)
      const ObjectKey index{Space::index, key.schema, "", key.name, ""};
      const ExpectedObject* own = entry(index);
      std::optional<ExpectedObject> renamed_with = own != nullptr && own->present ? std::optional(*own) : std::nullopt;
      if (own == nullptr && live) renamed_with = lookup(index, live);
      if (renamed_with && !renamed_with->unknown && renamed_with->index_table == key.parent) {
        ObjectKey renamed = index;
        renamed.name = to.name;
        move(index, renamed, renamed_with, ObjectKind::index, provenance);
      }
    }
    if (d.kind == ObjectKind::column && d.change == Change::rename) {
      for (const auto& [child, live_child] : inheriting_tables(*target.container)) {
        const ObjectKey inherited_key{Space::column, child.schema, child.name, key.name, ""};
        ObjectKey renamed = inherited_key;
        renamed.name = to.name;
        if (const auto inherited = lookup(inherited_key, live)) {
          move(inherited_key, renamed, inherited, ObjectKind::column, provenance);
        }
      }
    }
    if (d.kind == ObjectKind::index && d.change == Change::rename && before && !before->index_table.empty()) {
      // The target's PRIMARY KEY, UNIQUE or EXCLUDE constraint of that index
      // is renamed with it (they share their name).
      const ObjectKey constraint{Space::constraint, key.schema, before->index_table, key.name, ""};
      const auto owner = lookup(constraint, live);
      if (owner && owner->constraint &&
          (owner->constraint->kind == ddl::ConstraintKind::primary_key ||
           owner->constraint->kind == ddl::ConstraintKind::unique ||
           owner->constraint->kind == ddl::ConstraintKind::exclusion)) {
        ObjectKey renamed = constraint;
        renamed.name = d.new_name;
        move(constraint, renamed, owner, ObjectKind::constraint, provenance);
      }
    }
    return;
  }

  switch (d.kind) {
    case ObjectKind::column: {
      if (!d.column) return;
      const auto& change = *d.column;
      auto apply_change = [&](auto&& modify) {
        ExpectedObject& object = materialize(key, before, ObjectKind::column);
        if (!object.column) object.column = ddl::ColumnSpec{};
        modify(object, *object.column);
        object.declared_by = provenance;
        // A type, default or NOT NULL change recurses to the partitions and
        // INHERITS children that have the column (ALTER TABLE ONLY: not).
        const bool recurses = d.change == Change::set_type || d.change == Change::set_default ||
                              d.change == Change::drop_default || d.change == Change::set_not_null ||
                              d.change == Change::drop_not_null;
        if (!recurses || d.parent_only || !target.container) return;
        for (const auto& inheritor : inheriting_tables(*target.container)) {
          const ObjectKey inherited = with_container(key, inheritor.key);
          const auto found = lookup(inherited, live);
          if (!found || found->unknown) continue;  // (one of a child whose columns are not known: no more now)
          ExpectedObject& copy = materialize(inherited, found, ObjectKind::column);
          if (!copy.column) copy.column = ddl::ColumnSpec{};
          modify(copy, *copy.column);
          copy.declared_by = provenance;
        }
      };
      switch (d.change) {
        case Change::set_type:
          apply_change([&](ExpectedObject& o, ddl::ColumnSpec& c) {
            c.type = change.type;
            c.declared_type = change.declared_type;
            o.type_known = true;
          });
          break;
        case Change::set_default:
          apply_change([&](ExpectedObject& o, ddl::ColumnSpec& c) {
            c.default_expression = change.default_expression;
            c.serial = false;
            o.default_known = true;
          });
          break;
        case Change::drop_default:
          apply_change([&](ExpectedObject& o, ddl::ColumnSpec& c) {
            c.default_expression.reset();
            c.serial = false;
            o.default_known = true;
          });
          break;
        case Change::set_not_null:
        case Change::drop_not_null:
          apply_change([&](ExpectedObject& o, ddl::ColumnSpec& c) {
            c.not_null = d.change == Change::set_not_null;
            o.nullability_known = true;
          });
          break;
        case Change::drop_expression:
          apply_change([&](ExpectedObject& o, ddl::ColumnSpec& c) {
            c.generated_expression.reset();
            c.default_expression.reset();
            o.default_known = true;
          });
          break;
        case Change::identity:
          apply_change([&](ExpectedObject& o, ddl::ColumnSpec& c) {
            if (change.identity != ddl::IdentityKind::none) {
              if (c.identity == ddl::IdentityKind::none && o.sequence_name.empty()) {
                o.sequence_name = ddl::make_object_name({key.parent, key.name, "seq"});  // ADD GENERATED makes one
              }
              c.identity = change.identity;
              c.default_expression.reset();
              c.not_null = true;
              o.default_known = o.nullability_known = true;
            } else if (d.drop_identity) {
              c.identity = ddl::IdentityKind::none;
              o.sequence_name.clear();
            } else if (c.identity != ddl::IdentityKind::none) {
              o.default_known = false;  // only RESTART / SET ...
            }
          });
          if (d.drop_identity) drop_owned_sequences(key, provenance);
          if (change.identity != ddl::IdentityKind::none) {
            // ADD GENERATED made a sequence: under a name a DROP SEQUENCE freed (a serial's,
            // made an identity), it is there again
            const ExpectedObject* column = entry(key);
            const ObjectKey sequence = relation_key(key.schema, column != nullptr ? column->sequence_name : "");
            if (const ExpectedObject* gone = entry(sequence); gone != nullptr && !gone->present) {
              ExpectedObject& made = materialize(sequence, std::nullopt, ObjectKind::sequence);
              made.unknown = true;
              made.owned_by = key;
            }
          }
          break;
        default:
          break;
      }
      return;
    }
    case ObjectKind::constraint:
      if (d.change == Change::validate) {
        ExpectedObject& object = materialize(key, before, ObjectKind::constraint);
        if (object.constraint) object.constraint->not_valid = false;
        object.declared_by = provenance;
      }
      return;
    case ObjectKind::table:
      if (d.attached_partition) {  // it gets the table's indexes, row triggers and keys
        const ObjectKey partition = relation(*d.attached_partition);
        if (const auto found = lookup(partition, live)) {
          ExpectedObject& attached = materialize(partition, found, ObjectKind::table);
          attached.partition = true;
          attached.partition_of = key;
          partitions_ = true;
          link_child(partition, key);
        }
      }
      if (d.detached_partition) {
        const ObjectKey partition = relation(*d.detached_partition);
        unlink_child(partition, key);
        detach_partition(key, partition, provenance);
      }
      if (d.inherited) link_child(key, relation(*d.inherited));
      if (d.uninherited) unlink_child(key, relation(*d.uninherited));
      return;
    case ObjectKind::sequence:
      if (d.owned_by) {  // OWNED BY: which column it goes with, if any
        ExpectedObject& object = materialize(key, before, ObjectKind::sequence);
        object.owned_by = sequence_owner(*d.owned_by);
      }
      return;
    case ObjectKind::row_level_security: {
      // from nothing, expect only what is declared (not the other switch a new table has off)
      ExpectedObject& object = materialize(key, live ? before : std::nullopt, ObjectKind::row_level_security);
      if (d.change == Change::enable) object.rls_enabled = true;
      if (d.change == Change::disable) object.rls_enabled = false;
      if (d.change == Change::force) object.rls_forced = true;
      if (d.change == Change::no_force) object.rls_forced = false;
      object.declared_by = provenance;
      return;
    }
    default:
      return;  // owners, options, policies' expressions...: not modelled
  }
}

void ExpectedSchema::detach_partition(const ObjectKey& table, const ObjectKey& partition,
                                      const Provenance& provenance) {
  // PostgreSQL drops the row triggers it cloned from the table (the indexes
  // and keys it cloned stay, its own now: the partition keeps its flag for them)
  std::vector<std::string> triggers;
  for (const auto& object : objects_) {
    if (object.present && object.key.space == Space::trigger && object.key.schema == table.schema &&
        object.key.parent == table.name) {
      triggers.push_back(object.key.name);
    }
  }
  const ObjectKey live = translate(table);
  if (const CatalogRelation* relation = catalog_.find_relation(live.schema, live.name); relation != nullptr) {
    for (const CatalogTrigger& trigger : relation->triggers) triggers.push_back(trigger.name);
  }
  for (const auto& name : triggers) {
    const ObjectKey clone{Space::trigger, partition.schema, partition.name, name, ""};
    if (const auto found = lookup(clone, start_ == Start::live); found && !found->unknown) {
      tombstone(clone, ObjectKind::trigger, provenance);
      mutable_entry(clone)->implicit = true;
    }
  }
}

void ExpectedSchema::drop_owned_sequences(const ObjectKey& column, const Provenance& provenance) {
  std::vector<ObjectKey> owned;
  for (const auto& object : objects_) {
    if (object.present && object.owned_by == column) owned.push_back(object.key);
  }
  const ObjectKey live = translate(column);
  for (const auto& relation : catalog_.relations) {
    if (relation.kind == 'S' && relation.schema == live.schema && relation.owned_by_table == live.parent &&
        relation.owned_by_column == live.name) {
      if (const auto now = model_key_of(relation_key(relation.schema, relation.name))) owned.push_back(*now);
    }
  }
  for (const auto& sequence : owned) {
    tombstone(sequence, ObjectKind::sequence, provenance);
    mutable_entry(sequence)->implicit = true;
  }
}

}  // namespace pgapply::schema
