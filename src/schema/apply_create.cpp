#include "schema/expected_schema.hpp"

#include <algorithm>

// CREATE: the object is expected as declared (see expected_schema.hpp).

#include "ddl/predicted_names.hpp"
#include "schema/expected_schema_internals.hpp"

namespace pgapply::schema {

using ddl::ObjectKind;
using expected_schema_detail::declared_object;
using expected_schema_detail::ensure_enum;

namespace expected_schema_detail {

ExpectedObject declared_object(const ddl::Declaration& d, const ObjectKey& key, const Provenance& provenance) {
  ExpectedObject out;
  out.key = key;
  out.kind = d.kind;
  out.declared_by = provenance;
  out.conditional = d.location.conditional;
  switch (d.kind) {
    case ObjectKind::schema:
      out.fresh = true;
      out.can_create = true;
      break;
    case ObjectKind::table:
      out.fresh = true;
      out.complete = !(d.table && (d.table->partition_of || !d.table->inherits.empty() || d.table->as_query ||
                                   d.table->like || d.table->of_type));
      out.constraints_complete = !(d.table && (d.table->partition_of || !d.table->inherits.empty() || d.table->like));
      out.partition = d.table && (d.table->partition_of || d.table->like);  // (LIKE ... INCLUDING INDEXES copies)
      out.inherits = d.table && !d.table->inherits.empty();
      if (d.table) out.partition_by = d.table->partition_by;
      // CREATE TABLE AS fills the table from its query
      out.relation = RelationFacts{d.table && d.table->as_query ? -1.0 : 0.0, 0, true,
                                   d.table && !d.table->partition_by.empty()};
      break;
    case ObjectKind::view:
    case ObjectKind::materialized_view:
    case ObjectKind::sequence:
      out.fresh = true;
      out.complete = false;  // a view's columns come from its query
      out.relation = RelationFacts{d.kind == ObjectKind::materialized_view ? -1.0 : 0.0, 0, true, false};
      break;
    case ObjectKind::column: {
      out.column = d.column;
      const bool typed = d.column && !d.column->type.empty();  // CREATE TABLE t (a, b) AS: names only
      out.type_known = out.default_known = out.nullability_known = typed;
      break;
    }
    case ObjectKind::constraint:
      out.constraint = d.constraint;
      out.name_predicted = d.name.name.empty();
      break;
    case ObjectKind::index:
      out.index = d.index;
      out.index_table = d.parent.name;
      out.name_predicted = d.name.name.empty();
      break;
    case ObjectKind::policy:
      out.policy = d.policy;
      break;
    case ObjectKind::type:
    case ObjectKind::domain:
      out.type = d.type;
      out.fresh = true;
      break;
    default:
      break;
  }
  return out;
}

}  // namespace expected_schema_detail

bool ExpectedSchema::predicted_name_taken(const ObjectKey& key, std::optional<ddl::ConstraintKind> kind) const {
  const bool live = start_ == Start::live;
  const bool primary_key = kind == ddl::ConstraintKind::primary_key;
  // (one that may be there, a clone on a partition, does not count: the name is the best guess)
  if (const auto found = lookup(key, live); found && !found->unknown && !found->before_cascade && !primary_key) {
    return true;
  }
  // (an index's name is taken by a table of that name too: they share pg_class)
  const auto relation_named = [&] { return lookup(relation_key(key.schema, key.name), live).has_value(); };
  if (key.space == Space::index) return relation_named();
  // (a key's, UNIQUE's or EXCLUDE's name is its index's: one any relation or index has is taken)
  if (kind && ddl::has_own_index(*kind)) {
    const auto index = lookup({Space::index, key.schema, "", key.name, ""}, live);
    // (the run's keys have no index of their own in the model: their names)
    return (index && !index->unknown) || relation_named() || constraint_named_in_schema(key, true);
  }
  // (a CHECK's or foreign key's: one no constraint of its schema has)
  return key.space == Space::constraint && constraint_named_in_schema(key);
}

void ExpectedSchema::apply_create(const ddl::Declaration& d, const Target& target, const Provenance& provenance,
                                  StatementScope& scope, Step& step) {
  const bool live = start_ == Start::live;
  if (target.key.space == Space::routine && target.key.arguments != kAnyArguments) {
    // DROP FUNCTION f (no arguments), then CREATE FUNCTION f(...): the drop
    // is no longer an expectation that no f is there (verify said STILL PRESENT).
    ObjectKey any = target.key;
    any.arguments = std::string(kAnyArguments);
    if (ExpectedObject* dropped = mutable_entry(any); dropped != nullptr && !dropped->present) {
      dropped->implicit = true;
    }
  }
  ExpectedObject declared = declared_object(d, target.key, provenance);
  if (d.owned_by) declared.owned_by = sequence_owner(*d.owned_by);
  if (d.table && d.table->partition_of) declared.partition_of = relation(*d.table->partition_of);
  // an unnamed one is created whatever exists: only its name can collide
  std::optional<ExpectedObject> before = lookup(target.key, live, target.predicted ? nullptr : &declared);
  if (!before && d.kind == ObjectKind::index && d.if_not_exists) {
    // (the name of a key's, UNIQUE's or EXCLUDE's index the run made: PostgreSQL skips it)
    if (const ExpectedObject* key = run_constraint_named(target.key, true)) {
      ExpectedObject index;
      index.key = target.key;
      index.kind = ObjectKind::index;
      index.present = true;
      index.index_table = key->key.parent;
      before = std::move(index);
    }
  }
  // A part of a table whose parts are not all known (INHERITS, LIKE) may be
  // there: it is not known to be, so no "already exists" (an IF NOT EXISTS
  // of it expects nothing either way).
  // (nor one a DROP ... CASCADE may have taken)
  if (before && (before->unknown || before->before_cascade) && !d.if_not_exists && !d.location.conditional) {
    before.reset();
  }

  const bool primary_key = d.kind == ObjectKind::constraint && d.constraint &&
                           d.constraint->kind == ddl::ConstraintKind::primary_key;
  if (primary_key && !before) before = primary_key_of(*target.container);
  // (a second primary key fails whatever its name: only a table without one picks a free name)
  const std::optional<ddl::ConstraintKind> kind =
      d.kind == ObjectKind::constraint && d.constraint ? std::optional(d.constraint->kind) : std::nullopt;
  const auto name_taken = [&](const ObjectKey& key) { return predicted_name_taken(key, kind); };
  if (target.predicted && (primary_key ? !before && name_taken(declared.key) : before || name_taken(declared.key))) {
    // PostgreSQL picks a free name for an unnamed one: it never "already exists"
    for (int pass = 1; pass < 1000 && name_taken(declared.key); ++pass) {
      declared.key.name = ddl::make_object_name(*target.predicted, pass);
    }
    before = lookup(declared.key, live);
    step.key = declared.key;
  }
  step.declared = declared;
  step.before = before;

  if (before) {
    if (d.if_not_exists || d.location.conditional) {
      step.outcome = Outcome::skip_existing;
      if (d.kind == ObjectKind::table) scope.skipped_tables_.push_back(target.key);
      return;
    }
    if (d.or_replace) {
      step.outcome = Outcome::replace;
      declared.origin = before->origin;
      // (a view's columns are its new query's: not the target's any more)
      declared.fresh = before->fresh || d.kind == ObjectKind::view;
      declared.relation = before->relation;
      put(std::move(declared));
      return;
    }
    step.outcome = Outcome::fail_existing;
    if (live) {
      if (d.kind == ObjectKind::table) scope.skipped_tables_.push_back(target.key);
      return;
    }
    // Start::empty: it ran, so what was there had gone; expect the new one
  } else {
    step.outcome = Outcome::create;
  }

  const ObjectKey key = declared.key;
  if (d.kind == ObjectKind::enum_value) {
    const ObjectKey type = *target.container;
    ExpectedObject& owner = materialize(type, lookup(type, live), ObjectKind::type);
    ensure_enum(owner).labels.push_back(key.name);
    owner.declared_by = provenance;
    return;
  }
  if (d.kind == ObjectKind::column && d.column && !d.column->serial) {
    // (one a parent has too: merged, the parent's default and NOT NULL unless it says its own)
    if (const ExpectedObject* table = entry(*target.container); table != nullptr && table->present && table->inherits) {
      if (!d.column->default_expression && !d.column->generated_expression) declared.default_known = false;
      if (!d.column->not_null) declared.nullability_known = false;
    }
  }
  if (d.kind == ObjectKind::column && d.column &&
      (d.column->serial || d.column->identity != ddl::IdentityKind::none)) {
    // the sequence PostgreSQL makes for it, named now: it keeps that name
    declared.sequence_name = ddl::make_object_name({key.parent, key.name, "seq"});
  }
  if (d.kind == ObjectKind::column && d.column && !d.parent_only && step.outcome == Outcome::create) {
    // the target's partitions and INHERITS children get it too (one that has it already merges it)
    for (const auto& [child, live_child] : inheriting_tables(*target.container)) {
      const ObjectKey inherited{Space::column, child.schema, child.name, key.name, ""};
      if (lookup(inherited, live)) continue;
      ExpectedObject copy = declared;
      copy.key = inherited;
      copy.inherited_only = true;
      put(std::move(copy));
    }
  }
  partitions_ = partitions_ || declared.partition;
  if (d.table && step.outcome == Outcome::create) {
    // What the run later does to a parent's columns reaches this table too.
    for (const auto& parent : d.table->inherits) link_child(target.key, relation(parent));
    if (d.table->partition_of) link_child(target.key, relation(*d.table->partition_of));
  }
  record_create(std::move(declared));

  if (d.kind == ObjectKind::column && d.column) {
    const ObjectKey table = *target.container;
    for (const auto& constraint : d.column->constraints) {
      if (constraint.kind == ddl::ConstraintKind::not_null) continue;
      ExpectedObject inline_constraint;
      inline_constraint.kind = ObjectKind::constraint;
      inline_constraint.constraint = constraint;
      inline_constraint.declared_by = provenance;
      inline_constraint.conditional = d.location.conditional;
      inline_constraint.key = {Space::constraint, table.schema, table.name, constraint.name, ""};
      if (constraint.name.empty()) {
        inline_constraint.name_predicted = true;
        std::vector<std::string> columns = column_names(table);
        for (const auto& name : scope.statement_columns_) {
          if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
        }
        const ddl::NameParts parts = ddl::constraint_name_parts(table.name, constraint, columns);
        inline_constraint.key.name = ddl::make_object_name(parts);
        for (int pass = 1; pass < 1000 && predicted_name_taken(inline_constraint.key, constraint.kind); ++pass) {
          inline_constraint.key.name = ddl::make_object_name(parts, pass);
        }
      }
      put(std::move(inline_constraint));
    }
  }
  std::vector<std::string> key_columns = primary_key ? d.constraint->columns : std::vector<std::string>{};
  if (d.kind == ObjectKind::constraint && d.constraint && !d.constraint->using_index.empty()) {
    // ADD CONSTRAINT c UNIQUE USING INDEX i renames the index to c (unnamed, the constraint takes i's name)
    const ObjectKey index{Space::index, key.schema, "", d.constraint->using_index, ""};
    if (const auto existing = lookup(index, live)) {
      if (key.name != index.name) {
        move(index, {Space::index, key.schema, "", key.name, ""}, existing, ObjectKind::index, provenance);
      }
      // (the index's columns are the key's)
      if (primary_key && key_columns.empty() && existing->index) {
        for (const auto& element : existing->index->elements) key_columns.push_back(ddl::index_element_column(element));
      }
    }
  }
  if (primary_key) {  // its columns become NOT NULL
    const ObjectKey table = *target.container;
    for (const auto& name : key_columns) {
      const ObjectKey column{Space::column, table.schema, table.name, name, ""};
      ExpectedObject& object = materialize(column, lookup(column, live), ObjectKind::column);
      if (!object.column) object.column = ddl::ColumnSpec{};
      object.column->not_null = true;
      object.nullability_known = true;
    }
  }
}

}  // namespace pgapply::schema
