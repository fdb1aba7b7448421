#include "schema/expected_schema.hpp"

#include <algorithm>
#include <set>

#include "schema/catalog_objects.hpp"
#include "schema/predicted_names.hpp"

namespace pgapply::schema {

using ddl::Action;
using ddl::Change;
using ddl::ObjectKind;

// The CREATE TABLEs of the statement being applied that did not run: their
// columns and constraints do not run either.
bool ExpectedSchema::StatementScope::skipped(const ObjectKey& table) const {
  return std::find(skipped_tables_.begin(), skipped_tables_.end(), table) != skipped_tables_.end();
}

// Where a declaration acts, resolved against the schema as it stands.
struct ExpectedSchema::Target {
  ObjectKey key;
  std::optional<ObjectKey> container;   // must exist: the table, type or schema it is in
  std::vector<ObjectKey> references;    // must exist too: referenced tables, a PARTITION OF parent
  std::optional<NameParts> predicted;   // unnamed constraint or index: how PostgreSQL names it
  bool modelled = true;                 // false: nothing to do (temporary objects)
};

namespace {

Space space_of(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::schema: return Space::schema;
    case ObjectKind::table:
    case ObjectKind::view:
    case ObjectKind::materialized_view:
    case ObjectKind::sequence:
    case ObjectKind::comment: return Space::relation;
    case ObjectKind::column: return Space::column;
    case ObjectKind::constraint: return Space::constraint;
    case ObjectKind::index: return Space::index;
    case ObjectKind::function:
    case ObjectKind::procedure: return Space::routine;
    case ObjectKind::trigger: return Space::trigger;
    case ObjectKind::type:
    case ObjectKind::domain: return Space::type;
    case ObjectKind::enum_value: return Space::enum_value;
    case ObjectKind::extension: return Space::extension;
    case ObjectKind::policy: return Space::policy;
    case ObjectKind::row_level_security: return Space::row_level_security;
  }
  return Space::relation;
}

bool is_table_part(ObjectKind kind) {
  return kind == ObjectKind::column || kind == ObjectKind::constraint || kind == ObjectKind::trigger ||
         kind == ObjectKind::policy || kind == ObjectKind::row_level_security || kind == ObjectKind::index;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

ExpectedObject partial(const ObjectKey& key, ObjectKind kind) {
  ExpectedObject out;
  out.key = key;
  out.kind = kind;
  if (kind == ObjectKind::column) {
    out.column = ddl::ColumnSpec{};
    out.column->name = key.name;
  }
  return out;
}

Provenance provenance_of(const MigrationFacts& migration, const DeclaredStatement& statement,
                         const ddl::Declaration& declaration) {
  return {migration.version, statement.file, statement.line_of(declaration)};
}

// What a CREATE declares, as an expectation.
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
      out.complete = !(d.table && (d.table->partition_of || !d.table->inherits.empty() || d.table->as_query));
      // CREATE TABLE AS fills the table from its query
      out.relation = RelationFacts{d.table && d.table->as_query ? -1.0 : 0.0, 0, true};
      break;
    case ObjectKind::view:
    case ObjectKind::materialized_view:
    case ObjectKind::sequence:
      out.fresh = true;
      out.complete = false;  // a view's columns come from its query
      out.relation = RelationFacts{d.kind == ObjectKind::materialized_view ? -1.0 : 0.0, 0, true};
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

// The labels of a type an ALTER TYPE ... VALUE changes (an enum, possibly
// known only from that change).
ddl::TypeSpec& ensure_enum(ExpectedObject& type) {
  if (!type.type) {
    type.type = ddl::TypeSpec{};
    type.type->kind = ddl::TypeKind::enum_type;
  }
  return *type.type;
}

// ALTER X IF EXISTS names the object itself (not a table it is part of).
bool if_exists_is_own(ObjectKind kind) { return !is_table_part(kind) && kind != ObjectKind::enum_value; }

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::create: return "create";
    case Outcome::skip_existing: return "skip existing";
    case Outcome::fail_existing: return "fail: already exists";
    case Outcome::replace: return "replace";
    case Outcome::change: return "change";
    case Outcome::drop: return "drop";
    case Outcome::skip_absent: return "skip absent";
    case Outcome::fail_missing: return "fail: does not exist";
    case Outcome::fail_dependency: return "fail: dependency missing";
    case Outcome::skip_no_parent: return "skip: no table";
    case Outcome::skip_with_table: return "skip with its table";
    case Outcome::ignored: return "ignored";
  }
  return "?";
}

ExpectedSchema::ExpectedSchema(const CatalogSnapshot& catalog, Start start) : catalog_(catalog), start_(start) {}

// ---------------------------------------------------------------- lookups

const ExpectedObject* ExpectedSchema::entry(const ObjectKey& key) const {
  const auto found = positions_.find(key);
  return found == positions_.end() ? nullptr : &objects_[found->second];
}

ExpectedObject* ExpectedSchema::mutable_entry(const ObjectKey& key) {
  const auto found = positions_.find(key);
  return found == positions_.end() ? nullptr : &objects_[found->second];
}

std::optional<ExpectedObject> ExpectedSchema::current(const ObjectKey& key) const {
  return lookup(key, start_ == Start::live);
}

ObjectKey ExpectedSchema::translate(const ObjectKey& key) const {
  if (const ExpectedObject* found = entry(key); found != nullptr && found->origin) return *found->origin;
  if (const auto container = container_of(key)) {
    const ObjectKey moved = translate(*container);
    if (moved != *container) return with_container(key, moved);
  }
  return key;
}

std::optional<ExpectedObject> ExpectedSchema::lookup(const ObjectKey& key, bool with_catalog,
                                                     const ExpectedObject* hint) const {
  if (const ExpectedObject* found = entry(key)) {
    if (found->present) return *found;
    return std::nullopt;
  }
  if (key.space == Space::routine) {
    if (key.arguments == kAnyArguments) {
      for (const auto& object : objects_) {
        if (object.present && object.key.space == Space::routine && object.key.schema == key.schema &&
            object.key.name == key.name) {
          return object;
        }
      }
    } else {
      ObjectKey any = key;
      any.arguments = std::string(kAnyArguments);
      if (const ExpectedObject* all = entry(any); all != nullptr && !all->present) return std::nullopt;
    }
  }
  if (key.space == Space::enum_value) {  // enum labels live on their type
    const auto type = lookup(type_key(key.schema, key.parent), with_catalog);
    if (!type || !type->type) return std::nullopt;
    const auto& labels = type->type->labels;
    if (std::find(labels.begin(), labels.end(), key.name) == labels.end()) return std::nullopt;
    ExpectedObject out = partial(key, ObjectKind::enum_value);
    out.declared_by = type->declared_by;
    return out;
  }
  if (const auto container = container_of(key)) {
    const auto parent = lookup(*container, with_catalog);
    if (!parent) return std::nullopt;
    if (parent->fresh) {  // holds only what the model knows
      if (key.space == Space::row_level_security) {
        ExpectedObject out = partial(key, ObjectKind::row_level_security);
        out.rls_enabled = out.rls_forced = false;
        return out;
      }
      if (!parent->complete && (key.space == Space::column || key.space == Space::constraint)) {
        ExpectedObject out = partial(key, key.space == Space::column ? ObjectKind::column : ObjectKind::constraint);
        out.unknown = true;
        return out;
      }
      return std::nullopt;
    }
  }
  if (!with_catalog) return std::nullopt;
  auto found = find_in_catalog(catalog_, translate(key), hint);
  if (!found) return std::nullopt;
  found->origin = found->key;
  found->key = key;
  if (key.space == Space::index) {  // a live index goes with its table
    const auto table = model_key_of(relation_key(found->origin->schema, found->index_table));
    if (!table) return std::nullopt;
    found->index_table = table->name;
  }
  return found;
}

std::optional<ObjectKey> ExpectedSchema::model_key_of(const ObjectKey& live) const {
  for (const auto& object : objects_) {
    if (object.present && object.origin == live) return object.key;
  }
  const ExpectedObject* same = entry(live);
  if (same != nullptr && !same->present) return std::nullopt;
  return live;
}

std::string ExpectedSchema::resolve_schema(Space space, const ddl::QualifiedName& name) const {
  if (!name.schema.empty()) return name.schema;
  for (const auto& schema : catalog_.search_path) {
    const ObjectKey key{space, schema, "", name.name, space == Space::routine ? std::string(kAnyArguments) : ""};
    if (lookup(key, true)) return schema;
  }
  return creation_schema();
}

std::string ExpectedSchema::creation_schema() const {
  for (const auto& schema : catalog_.search_path) {
    if (lookup(schema_key(schema), true)) return schema;
  }
  if (start_ == Start::empty) return catalog_.search_path.empty() ? "public" : catalog_.search_path.front();
  return "";
}

ObjectKey ExpectedSchema::relation(const ddl::QualifiedName& name) const {
  return relation_key(resolve_schema(Space::relation, name), name.name);
}

ObjectKey ExpectedSchema::index(const ddl::QualifiedName& name) const {
  return {Space::index, resolve_schema(Space::index, name), "", name.name, ""};
}

std::vector<std::string> ExpectedSchema::column_names(const ObjectKey& table) const {
  std::vector<std::string> names;
  for (const auto& object : objects_) {
    if (object.present && object.key.space == Space::column && object.key.schema == table.schema &&
        object.key.parent == table.name) {
      names.push_back(object.key.name);
    }
  }
  if (start_ == Start::live) {
    const ObjectKey at = translate(table);
    if (const CatalogRelation* relation = catalog_.find_relation(at.schema, at.name)) {
      for (const auto& column : relation->columns) names.push_back(column.name);
    }
  }
  return names;
}

// A table has one primary key, whatever its name.
std::optional<ExpectedObject> ExpectedSchema::primary_key_of(const ObjectKey& table) const {
  for (const auto& object : objects_) {
    if (object.present && object.key.space == Space::constraint && object.key.schema == table.schema &&
        object.key.parent == table.name && object.constraint &&
        object.constraint->kind == ddl::ConstraintKind::primary_key) {
      return object;
    }
  }
  if (start_ != Start::live) return std::nullopt;
  const ObjectKey at = translate(table);
  const CatalogRelation* relation = catalog_.find_relation(at.schema, at.name);
  if (relation == nullptr) return std::nullopt;
  for (const auto& constraint : relation->constraints) {
    if (constraint.type != 'p') continue;
    // still there, unless the model dropped or renamed it
    if (auto found = current({Space::constraint, table.schema, table.name, constraint.name, ""})) return found;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- targets

ExpectedSchema::Target ExpectedSchema::target_of(const ddl::Declaration& d) const {
  Target t;
  const bool creating = d.action == Action::create;
  auto schema_for = [&](Space space) {
    if (!d.name.schema.empty()) return d.name.schema;
    return creating ? creation_schema() : resolve_schema(space, d.name);
  };
  switch (d.kind) {
    case ObjectKind::schema:
      t.key = schema_key(d.name.name);
      return t;
    case ObjectKind::extension:
      t.key = {Space::extension, "", "", d.name.name, ""};
      if (d.extension && !d.extension->schema.empty()) t.container = schema_key(d.extension->schema);
      return t;
    case ObjectKind::table:
    case ObjectKind::view:
    case ObjectKind::materialized_view:
    case ObjectKind::sequence: {
      if (creating && ((d.table && d.table->temporary) || (d.view && d.view->temporary))) t.modelled = false;
      const std::string schema = schema_for(Space::relation);
      t.key = relation_key(schema, d.name.name);
      t.container = schema_key(schema);
      if (creating && d.table && d.table->partition_of) t.references.push_back(relation(*d.table->partition_of));
      return t;
    }
    case ObjectKind::index:
      if (creating) {
        const ObjectKey table = relation(d.parent);
        t.container = table;
        t.key = {Space::index, table.schema, "", d.name.name, ""};
        if (d.name.name.empty() && d.index) {
          t.predicted = index_name_parts(table.name, *d.index);
          t.key.name = make_object_name(*t.predicted);
        }
      } else {
        t.key = index(d.name);
        t.container = schema_key(t.key.schema);
      }
      return t;
    case ObjectKind::column:
    case ObjectKind::constraint:
    case ObjectKind::trigger:
    case ObjectKind::policy:
    case ObjectKind::row_level_security: {
      const ObjectKey table = relation(d.parent);
      t.container = table;
      t.key = {space_of(d.kind), table.schema, table.name, d.name.name, ""};
      if (d.kind == ObjectKind::row_level_security) t.key.name.clear();
      if (!creating) return t;
      if (d.kind == ObjectKind::constraint && d.constraint) {
        if (d.name.name.empty()) {
          t.predicted = constraint_name_parts(table.name, *d.constraint, column_names(table));
          t.key.name = make_object_name(*t.predicted);
        }
        if (d.constraint->kind == ddl::ConstraintKind::foreign_key && !d.constraint->references.empty()) {
          t.references.push_back(relation(d.constraint->references));
        }
      }
      if (d.column) {
        for (const auto& constraint : d.column->constraints) {
          if (constraint.kind == ddl::ConstraintKind::foreign_key && !constraint.references.empty()) {
            t.references.push_back(relation(constraint.references));
          }
        }
      }
      // a reference to the table itself is fine
      std::erase(t.references, table);
      return t;
    }
    case ObjectKind::function:
    case ObjectKind::procedure: {
      const std::string schema = schema_for(Space::routine);
      t.key = {Space::routine, schema, "", d.name.name, d.routine ? join(d.routine->argument_types) : std::string(kAnyArguments)};
      t.container = schema_key(schema);
      return t;
    }
    case ObjectKind::type:
    case ObjectKind::domain: {
      const std::string schema = schema_for(Space::type);
      t.key = type_key(schema, d.name.name);
      t.container = schema_key(schema);
      return t;
    }
    case ObjectKind::enum_value: {
      const std::string schema = resolve_schema(Space::type, d.parent);
      t.key = {Space::enum_value, schema, d.parent.name, d.name.name, ""};
      t.container = type_key(schema, d.parent.name);
      return t;
    }
    case ObjectKind::comment: {
      if (!d.comment) {
        t.modelled = false;
        return t;
      }
      ddl::Declaration on = d;  // what it is on, as if altered
      on.kind = d.comment->on;
      on.action = Action::alter;
      on.routine.reset();
      Target inner = target_of(on);
      inner.references.clear();
      return inner;
    }
  }
  return t;
}

// ---------------------------------------------------------------- changes

ExpectedObject& ExpectedSchema::put(ExpectedObject object) {
  if (ExpectedObject* found = mutable_entry(object.key)) {
    *found = std::move(object);
    return *found;
  }
  positions_[object.key] = objects_.size();
  objects_.push_back(std::move(object));
  return objects_.back();
}

ExpectedObject& ExpectedSchema::materialize(const ObjectKey& key, const std::optional<ExpectedObject>& before,
                                            ObjectKind kind) {
  if (ExpectedObject* found = mutable_entry(key); found != nullptr && found->present) return *found;
  ExpectedObject object = before ? *before : partial(key, kind);
  object.key = key;
  object.present = true;
  object.implicit = false;
  object.unknown = false;
  return put(std::move(object));
}

void ExpectedSchema::record_create(ExpectedObject object) {
  if (const ExpectedObject* old = entry(object.key); old != nullptr && old->present) drop_contents(object.key);
  put(std::move(object));
}

void ExpectedSchema::tombstone(const ObjectKey& key, ObjectKind kind, const Provenance& provenance) {
  ExpectedObject& object = materialize(key, std::nullopt, kind);
  object.present = false;
  object.implicit = false;
  object.declared_by = provenance;
}

void ExpectedSchema::drop_contents(const ObjectKey& key) {
  for (auto& object : objects_) {
    if (!object.present || object.key == key) continue;
    bool inside = false;
    if (key.space == Space::schema) {
      inside = object.key.space != Space::schema && object.key.space != Space::extension &&
               object.key.schema == key.name;
    } else if (key.space == Space::relation) {
      const auto container = container_of(object.key);
      inside = (container && *container == key) ||
               (object.key.space == Space::index && object.key.schema == key.schema && object.index_table == key.name);
    }
    if (inside) {
      object.present = false;
      object.implicit = true;
    }
  }
}

void ExpectedSchema::drop_column_dependents(const ObjectKey& column) {
  for (auto& object : objects_) {
    if (!object.present || object.key.schema != column.schema) continue;
    bool uses = false;
    if (object.key.space == Space::constraint && object.key.parent == column.parent && object.constraint) {
      const auto& columns = object.constraint->columns;
      uses = std::find(columns.begin(), columns.end(), column.name) != columns.end();
    } else if (object.key.space == Space::index && object.index_table == column.parent && object.index) {
      for (const auto& element : object.index->elements) uses = uses || index_element_column(element) == column.name;
    }
    if (uses) {
      object.present = false;
      object.implicit = true;
    }
  }
}

void ExpectedSchema::reindex() {
  positions_.clear();
  for (std::size_t i = 0; i < objects_.size(); ++i) positions_[objects_[i].key] = i;
}

void ExpectedSchema::rekey(const std::map<std::size_t, ObjectKey>& new_keys) {
  if (new_keys.empty()) return;
  std::set<std::size_t> replaced;  // entries the moved ones land on
  for (const auto& [position, key] : new_keys) {
    const auto found = positions_.find(key);
    if (found != positions_.end() && !new_keys.contains(found->second)) replaced.insert(found->second);
  }
  for (const auto& [position, key] : new_keys) objects_[position].key = key;
  std::vector<ExpectedObject> kept;
  for (std::size_t i = 0; i < objects_.size(); ++i) {
    if (!replaced.contains(i)) kept.push_back(std::move(objects_[i]));
  }
  objects_ = std::move(kept);
  reindex();
}

void ExpectedSchema::move(const ObjectKey& from, const ObjectKey& to, const std::optional<ExpectedObject>& before,
                          ObjectKind kind, const Provenance& provenance) {
  ExpectedObject moved = before ? *before : partial(from, kind);
  if (const ExpectedObject* found = entry(from); found != nullptr && found->present) moved = *found;

  std::map<std::size_t, ObjectKey> new_keys;
  for (std::size_t i = 0; i < objects_.size(); ++i) {
    ExpectedObject& object = objects_[i];
    const ObjectKey& key = object.key;
    if (key == from) continue;
    if (from.space == Space::schema) {
      if (key.space != Space::schema && key.space != Space::extension && key.schema == from.name) {
        ObjectKey next = key;
        next.schema = to.name;
        new_keys[i] = next;
      }
    } else if (from.space == Space::relation) {
      const auto container = container_of(key);
      if (container && *container == from) {
        new_keys[i] = with_container(key, to);
      } else if (key.space == Space::index && key.schema == from.schema && object.index_table == from.name) {
        ObjectKey next = key;
        next.schema = to.schema;
        new_keys[i] = next;
        object.index_table = to.name;
      }
    } else if (from.space == Space::column && key.schema == from.schema) {
      // constraints and indexes name the column: follow the rename
      if (key.space == Space::constraint && key.parent == from.parent && object.constraint) {
        std::replace(object.constraint->columns.begin(), object.constraint->columns.end(), from.name, to.name);
      }
      if (key.space == Space::index && object.index_table == from.parent && object.index) {
        std::replace(object.index->elements.begin(), object.index->elements.end(), from.name, to.name);
      }
    }
  }
  rekey(new_keys);
  tombstone(from, kind, provenance);
  moved.key = to;
  moved.present = true;
  moved.implicit = false;
  moved.declared_by = provenance;
  if (moved.column) moved.column->name = to.name;
  put(std::move(moved));
}

// ---------------------------------------------------------------- applying

void ExpectedSchema::apply(const MigrationFacts& migration) {
  for (const auto& statement : migration.statements) apply(migration, statement);
}

std::vector<Step> ExpectedSchema::apply(const MigrationFacts& migration, const DeclaredStatement& statement) {
  StatementScope scope;
  std::vector<Step> steps;
  for (const auto& declaration : statement.facts.declarations) {
    steps.push_back(apply(migration, statement, declaration, scope));
  }
  end_statement(statement);
  return steps;
}

void ExpectedSchema::end_statement(const DeclaredStatement& statement) {
  if (statement.facts.dynamic_sql || statement.facts.incomplete) saw_dynamic_sql_ = true;
}

Step ExpectedSchema::apply(const MigrationFacts& migration, const DeclaredStatement& statement,
                           const ddl::Declaration& d, StatementScope& scope) {
  Step step;
  const Target target = target_of(d);
  step.key = target.key;
  if (!target.modelled) return step;
  const Provenance provenance = provenance_of(migration, statement, d);

  if (d.action == Action::create && target.container && scope.skipped(*target.container)) {
    step.outcome = Outcome::skip_with_table;
    step.declared = declared_object(d, target.key, provenance);
    step.before = lookup(target.key, start_ == Start::live, &*step.declared);
    return step;
  }
  if (start_ == Start::live) {
    if (target.container && !current(*target.container)) {
      step.dependency = target.container;
      const bool table_part = target.container->space == Space::relation && is_table_part(d.kind);
      if (d.parent_if_exists && table_part) {
        step.outcome = Outcome::skip_no_parent;
      } else if (d.action == Action::drop && d.if_exists &&
                 (d.kind == ObjectKind::trigger || d.kind == ObjectKind::policy)) {
        step.outcome = Outcome::skip_absent;  // DROP TRIGGER|POLICY IF EXISTS ... ON a missing table
      } else {
        step.outcome = Outcome::fail_dependency;
      }
      return step;
    }
    for (const auto& reference : target.references) {
      if (!current(reference)) {
        step.dependency = reference;
        step.outcome = Outcome::fail_dependency;
        return step;
      }
    }
  }
  if (d.kind == ObjectKind::comment) {
    apply_comment(d, target, step);
    return step;
  }
  switch (d.action) {
    case Action::create: apply_create(d, target, provenance, scope, step); break;
    case Action::alter: apply_alter(d, target, provenance, step); break;
    case Action::drop: apply_drop(d, target, provenance, step); break;
  }
  return step;
}

void ExpectedSchema::apply_comment(const ddl::Declaration&, const Target& target, Step& step) {
  step.before = current(target.key);
  step.outcome = step.before || start_ == Start::empty ? Outcome::change : Outcome::fail_missing;
}

void ExpectedSchema::apply_create(const ddl::Declaration& d, const Target& target, const Provenance& provenance,
                                  StatementScope& scope, Step& step) {
  const bool live = start_ == Start::live;
  ExpectedObject declared = declared_object(d, target.key, provenance);
  // an unnamed one is created whatever exists: only its name can collide
  std::optional<ExpectedObject> before = lookup(target.key, live, target.predicted ? nullptr : &declared);

  const bool primary_key = d.kind == ObjectKind::constraint && d.constraint &&
                           d.constraint->kind == ddl::ConstraintKind::primary_key;
  if (primary_key && !before) before = primary_key_of(*target.container);
  if (before && target.predicted && !primary_key) {
    // PostgreSQL picks a free name for an unnamed one: it never "already exists"
    for (int pass = 1; pass < 1000 && before; ++pass) {
      declared.key.name = make_object_name(*target.predicted, pass);
      before = lookup(declared.key, live);
    }
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
      declared.fresh = before->fresh;
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
        const NameParts parts = constraint_name_parts(table.name, constraint, column_names(table));
        inline_constraint.key.name = make_object_name(parts);
        for (int pass = 1; pass < 1000 && lookup(inline_constraint.key, live); ++pass) {
          inline_constraint.key.name = make_object_name(parts, pass);
        }
      }
      put(std::move(inline_constraint));
    }
  }
  if (d.kind == ObjectKind::constraint && d.constraint && !d.constraint->using_index.empty()) {
    // ADD CONSTRAINT c UNIQUE USING INDEX i renames the index to c
    const ObjectKey index{Space::index, key.schema, "", d.constraint->using_index, ""};
    if (const auto existing = lookup(index, live)) {
      move(index, {Space::index, key.schema, "", key.name, ""}, existing, ObjectKind::index, provenance);
    }
  }
  if (primary_key) {  // its columns become NOT NULL
    const ObjectKey table = *target.container;
    for (const auto& name : d.constraint->columns) {
      const ObjectKey column{Space::column, table.schema, table.name, name, ""};
      ExpectedObject& object = materialize(column, lookup(column, live), ObjectKind::column);
      if (!object.column) object.column = ddl::ColumnSpec{};
      object.column->not_null = true;
      object.nullability_known = true;
    }
  }
}

void ExpectedSchema::apply_alter(const ddl::Declaration& d, const Target& target, const Provenance& provenance,
                                 Step& step) {
  const bool live = start_ == Start::live;
  const ObjectKey& key = target.key;
  const std::optional<ExpectedObject> before = lookup(key, live);
  step.before = before;
  if (!before) {
    const bool guarded = d.location.conditional || (d.parent_if_exists && if_exists_is_own(d.kind));
    step.outcome = guarded ? Outcome::skip_absent : Outcome::fail_missing;
    if (live) return;
  } else {
    step.outcome = Outcome::change;
  }

  // Renames and SET SCHEMA move the object.
  if (d.change == Change::rename || d.change == Change::set_schema) {
    ObjectKey to = key;
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
      if (d.new_schema.empty()) return;
      to.schema = d.new_schema;
      if (live && !current(schema_key(d.new_schema))) {
        step.outcome = Outcome::fail_dependency;
        step.dependency = schema_key(d.new_schema);
        return;
      }
    }
    step.new_key = to;
    if (live && current(to)) {
      step.outcome = Outcome::fail_existing;
      return;
    }
    move(key, to, before, d.kind, provenance);
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
              c.identity = change.identity;
              c.default_expression.reset();
              c.not_null = true;
              o.default_known = o.nullability_known = true;
            } else if (c.identity != ddl::IdentityKind::none) {
              o.default_known = false;  // DROP IDENTITY or only RESTART / SET ...: not told apart
            }
          });
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
