#include "schema/expected_schema.hpp"

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
}

}  // namespace pgapply::schema
