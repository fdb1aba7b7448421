#include "schema/expected_schema.hpp"

#include <algorithm>

// DROP: the object must be gone, with what it contains (see expected_schema.hpp).

#include "schema/expected_schema_internals.hpp"

namespace pgapply::schema {

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
  drop_contents(key);
  if (key.space == Space::column) drop_column_dependents(key);
  tombstone(key, d.kind, provenance);
  if (key.space == Space::column && step.outcome == Outcome::drop && !d.parent_only) {
    // gone from the target's partitions and children too, where they only inherit it
    for (const auto& [child, live_child] : inheriting_tables(*target.container)) {
      if (live_child == nullptr) continue;  // (a child by INHERIT had the column of its own)
      const auto column = std::find_if(live_child->columns.begin(), live_child->columns.end(),
                                       [&key](const CatalogColumn& c) { return c.name == key.name; });
      const ObjectKey inherited{Space::column, child.schema, child.name, key.name, ""};
      if (column == live_child->columns.end() || column->local || !lookup(inherited, live)) continue;
      drop_column_dependents(inherited);
      tombstone(inherited, ddl::ObjectKind::column, provenance);
      if (ExpectedObject* gone = mutable_entry(inherited)) gone->implicit = true;
    }
  }
}

}  // namespace pgapply::schema
