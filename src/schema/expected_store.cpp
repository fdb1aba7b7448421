#include "schema/expected_schema.hpp"

// The object store: one ExpectedObject per key, in the order first
// declared, dropped ones kept as tombstones; lookups fall through to the
// catalog (Start::live, or to resolve names) for what the model has not
// touched; changes keep a table's parts, a schema's objects and renamed
// columns' constraints and indexes with them.

#include <algorithm>
#include <set>

#include "ddl/predicted_names.hpp"
#include "ddl/qualified_name.hpp"
#include "lexer/tokenizer.hpp"
#include "schema/catalog_objects.hpp"
#include "schema/expected_schema_internals.hpp"

namespace pgapply::schema {

using ddl::ObjectKind;

namespace {

// Whether the target's `column` of `table` is a serial or identity column
// whose sequence has the name PostgreSQL gave it, `sequence`.
bool has_sequence_named(const std::string& table, const CatalogColumn& column, std::string_view sequence) {
  const bool serial = column.default_expression && column.default_expression->starts_with("nextval(");
  return (serial || column.identity != '\0') && sequence == ddl::make_object_name({table, column.name, "seq"});
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

// A type as a column or argument names it ("pt", "s.mood", "\"Billing\".\"Kind\"[]")
// after the type (or table, whose row type it is) `from` became `to`, or
// the schema `from` was renamed `to`; nullopt when it names neither. One
// moved into a schema of the search path (`visible`) goes unqualified, as
// PostgreSQL shows it, and as a later statement names it.
std::optional<std::string> renamed_type(const std::string& type, const ObjectKey& from, const ObjectKey& to,
                                        const std::vector<std::string>& visible) {
  const bool array = type.ends_with("[]");
  const std::string base = array ? type.substr(0, type.size() - 2) : type;
  const std::string suffix = array ? "[]" : "";
  const auto quoted = [](const std::string& name) { return ddl::quote_identifier(name); };
  if (from.space == Space::schema) {
    for (const std::string& prefix : {from.name + ".", quoted(from.name) + "."}) {
      if (!base.starts_with(prefix)) continue;
      const bool shown_bare = std::find(visible.begin(), visible.end(), to.name) != visible.end();
      return (shown_bare ? "" : quoted(to.name) + ".") + base.substr(prefix.size()) + suffix;
    }
    return std::nullopt;
  }
  const bool shown_bare = std::find(visible.begin(), visible.end(), to.schema) != visible.end();
  const std::string moved = shown_bare ? quoted(to.name) : quoted(to.schema) + "." + quoted(to.name);
  if (base == from.name || base == quoted(from.name)) {
    return (to.schema == from.schema ? quoted(to.name) : moved) + suffix;
  }
  if (base == from.schema + "." + from.name || base == quoted(from.schema) + "." + quoted(from.name)) {
    return moved + suffix;
  }
  return std::nullopt;
}

// A routine's identity arguments ("pt, integer[]") with each argument
// naming `from` renamed (renamed_type).
std::string renamed_arguments(const std::string& arguments, const ObjectKey& from, const ObjectKey& to,
                              const std::vector<std::string>& visible) {
  std::string out;
  for (std::size_t start = 0; start <= arguments.size();) {
    const auto end = std::min(arguments.find(", ", start), arguments.size());
    const std::string argument = arguments.substr(start, end - start);
    if (start > 0) out += ", ";
    out += renamed_type(argument, from, to, visible).value_or(argument);
    start = end + 2;
  }
  return out;
}

}  // namespace

namespace expected_schema_detail {

ddl::TypeSpec& ensure_enum(ExpectedObject& type) {
  if (!type.type) {
    type.type = ddl::TypeSpec{};
    type.type->kind = ddl::TypeKind::enum_type;
  }
  return *type.type;
}

}  // namespace expected_schema_detail

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
  auto found = lookup_known(key, with_catalog, hint);
  if (!found && entry(key) == nullptr) {
    if (auto array = implied_array_type(key, with_catalog)) return array;
    return clone_on_partition(key, with_catalog);
  }
  return found;
}

std::optional<ExpectedObject> ExpectedSchema::implied_array_type(const ObjectKey& key, bool with_catalog) const {
  if (key.space != Space::type || key.name.size() < 2 || key.name.front() != '_') return std::nullopt;
  // (_mood: the array type PostgreSQL makes with type mood, or with table
  // mood's row type; a longer name, or one taken, gets another: not known here)
  const std::string element = key.name.substr(1);
  const ObjectKey type{Space::type, key.schema, "", element, {}};
  // (a table's, a view's, a composite type's row type has one; a sequence's, an index's none)
  const auto relation = lookup_known(relation_key(key.schema, element), with_catalog);
  const bool row_type = relation && relation->kind != ObjectKind::sequence && relation->kind != ObjectKind::index;
  if (!lookup_known(type, with_catalog) && !row_type) return std::nullopt;
  ExpectedObject out = partial(key, ObjectKind::type);
  out.unknown = true;
  return out;
}

std::optional<ExpectedObject> ExpectedSchema::clone_on_partition(const ObjectKey& key, bool with_catalog) const {
  if (!partitions_) return std::nullopt;
  if (key.space == Space::trigger || key.space == Space::constraint) {
    const auto table = lookup_known(*container_of(key), with_catalog);
    if (!table || !table->partition) return std::nullopt;
    ExpectedObject out = partial(key, key.space == Space::trigger ? ObjectKind::trigger : ObjectKind::constraint);
    out.unknown = true;
    return out;
  }
  if (key.space != Space::index) return std::nullopt;
  // (named after the partition: <partition>_<columns>_idx, _key, _pkey)
  for (const auto& object : objects_) {
    if (object.present && object.partition && object.key.space == Space::relation &&
        object.key.schema == key.schema && key.name.starts_with(object.key.name + "_")) {
      ExpectedObject out = partial(key, ObjectKind::index);
      out.unknown = true;
      out.index_table = object.key.name;
      return out;
    }
  }
  return std::nullopt;
}

bool ExpectedSchema::is_inheritor(const ObjectKey& table) const {
  const ExpectedObject* made = entry(table);
  if (made != nullptr && made->partition_of) return true;
  return std::any_of(run_inherits_.begin(), run_inherits_.end(),
                     [&table](const auto& link) { return link.first == table; });
}

void ExpectedSchema::link_child(const ObjectKey& child, const ObjectKey& parent) {
  const auto pair = std::make_pair(child, parent);
  std::erase(run_uninherits_, pair);
  run_inherits_.push_back(pair);
}

void ExpectedSchema::unlink_child(const ObjectKey& child, const ObjectKey& parent) {
  const auto pair = std::make_pair(child, parent);
  std::erase(run_inherits_, pair);
  run_uninherits_.push_back(pair);
}

std::vector<ExpectedSchema::Inheritor> ExpectedSchema::inheriting_tables(const ObjectKey& table) const {
  std::vector<Inheritor> out;
  for (const auto& [child, parent] : run_inherits_) {
    // (a child the run dropped since is no child)
    if (const ExpectedObject* made = entry(child); parent == table && (made == nullptr || made->present)) {
      out.push_back({child, nullptr});
    }
  }
  if (start_ != Start::live) return out;
  std::vector<ObjectKey> parents{translate(table)};  // as the catalog names them
  while (!parents.empty()) {
    const ObjectKey parent = parents.back();
    parents.pop_back();
    for (const auto& relation : catalog_.relations) {
      for (const auto& [schema, name] : relation.parents) {
        if (schema != parent.schema || name != parent.name) continue;
        const ObjectKey live = relation_key(relation.schema, relation.name);
        const auto now = model_key_of(live);
        if (now && !run_uninherits_.empty()) {
          const auto parent_now = model_key_of(parent);
          if (parent_now && std::find(run_uninherits_.begin(), run_uninherits_.end(),
                                      std::make_pair(*now, *parent_now)) != run_uninherits_.end()) {
            continue;  // NO INHERIT: no child of it any more
          }
        }
        parents.push_back(live);
        if (now) out.push_back({*now, &relation});
      }
    }
  }
  return out;
}

std::optional<ExpectedObject> ExpectedSchema::lookup_known(const ObjectKey& key, bool with_catalog,
                                                           const ExpectedObject* hint) const {
  if (const ExpectedObject* found = entry(key)) {
    if (found->present) return *found;
    // (a table made again after a DROP has its row level security off, whatever the dropped one had)
    if (key.space != Space::row_level_security) return std::nullopt;
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
    // (from nothing, a schema no migration made is not known: a serial's sequence in it is)
    if (!parent) return with_catalog ? std::nullopt : implied_sequence(key);
    if (parent->fresh) {  // holds only what the model knows
      if (key.space == Space::row_level_security) {
        ExpectedObject out = partial(key, ObjectKind::row_level_security);
        out.rls_enabled = out.rls_forced = false;
        return out;
      }
      if ((!parent->complete && key.space == Space::column) ||
          (!parent->constraints_complete && key.space == Space::constraint)) {
        ExpectedObject out = partial(key, key.space == Space::column ? ObjectKind::column : ObjectKind::constraint);
        out.unknown = true;
        return out;
      }
      // (a schema the run made holds a serial's sequence, or a target's index
      // or OWNED BY sequence moved with its table, all the same)
      if (key.space == Space::index && with_catalog) return index_moved_with_table(key);
      if (key.space == Space::relation && with_catalog) {
        if (auto moved = sequence_moved_with_table(key)) return moved;
      }
      return implied_sequence(key);
    }
  }
  if (!with_catalog) return implied_sequence(key);
  ObjectKey live = translate(key);
  if (types_renamed_ && key.space == Space::routine && key.arguments != kAnyArguments && !key.arguments.empty()) {
    // its arguments as the target names their types, before the run renamed them
    const std::vector<std::string> visible = visible_schemas();
    for (const auto& object : objects_) {
      if (object.present && object.origin && *object.origin != object.key &&
          (object.key.space == Space::type || object.key.space == Space::relation ||
           object.key.space == Space::schema)) {
        live.arguments = renamed_arguments(live.arguments, object.key, *object.origin, visible);
      }
    }
  }
  auto found = find_in_catalog(catalog_, live, hint);
  if (!found && key.space == Space::index) found = index_moved_with_table(key);
  if (!found && key.space == Space::relation) found = sequence_moved_with_table(key);
  if (!found) return implied_sequence(key);
  if (found->kind == ObjectKind::sequence && !with_its_column(*found, key)) return std::nullopt;
  found->origin = found->key;
  found->key = key;
  found->before_cascade = cascaded_ || owned_by_dropped_owner(live);
  if (key.space == Space::index) {  // a live index goes with its table, to its schema too
    const auto table = model_key_of(relation_key(found->origin->schema, found->index_table));
    if (!table || table->schema != key.schema) return std::nullopt;
    found->index_table = table->name;
  }
  return found;
}

bool ExpectedSchema::with_its_column(const ExpectedObject& sequence, const ObjectKey& key) const {
  if (!sequence.owned_by) return true;
  const ObjectKey table{Space::relation, sequence.owned_by->schema, "", sequence.owned_by->parent, ""};
  const auto table_now = model_key_of(table);
  if (!table_now || table_now->schema != key.schema) return false;  // dropped, or moved with its table
  return table_now->name != table.name || model_key_of(with_container(*sequence.owned_by, *table_now)).has_value();
}

std::optional<ExpectedObject> ExpectedSchema::sequence_moved_with_table(const ObjectKey& key) const {
  if (!moved_relations_) return std::nullopt;
  for (const auto& object : objects_) {
    if (!object.present || object.key.space != Space::relation || !object.origin || object.key.schema != key.schema ||
        object.origin->schema == key.schema) {
      continue;
    }
    const CatalogRelation* sequence = catalog_.find_relation(object.origin->schema, key.name);
    if (sequence == nullptr || sequence->kind != 'S' || sequence->owned_by_table != object.origin->name) continue;
    if (const ExpectedObject* gone = entry(relation_key(object.origin->schema, key.name)); gone != nullptr) continue;
    auto out = find_in_catalog(catalog_, relation_key(object.origin->schema, key.name));
    if (!out) continue;
    out->origin = out->key;
    out->key = key;
    out->owned_by = with_container(*out->owned_by, object.key);
    return out;
  }
  return std::nullopt;
}

std::optional<ExpectedObject> ExpectedSchema::index_moved_with_table(const ObjectKey& key) const {
  if (!moved_relations_) return std::nullopt;
  for (const auto& object : objects_) {
    if (!object.present || object.key.space != Space::relation || !object.origin || object.key.schema != key.schema ||
        object.origin->schema == key.schema) {
      continue;
    }
    const ObjectKey live{Space::index, object.origin->schema, "", key.name, ""};
    // (one the run dropped or renamed before the move is not there)
    if (const ExpectedObject* gone = entry(live); gone != nullptr && !gone->present) continue;
    auto found = find_in_catalog(catalog_, live);
    if (found && found->index_table == object.origin->name) return found;
  }
  return std::nullopt;
}

std::optional<ExpectedObject> ExpectedSchema::implied_sequence(const ObjectKey& key) const {
  if (key.space != Space::relation || key.name.find("_seq") == std::string::npos) return std::nullopt;
  // PostgreSQL names it table_column_seq as the column is made (a number
  // after it where that name is taken); a table renamed or moved since
  // keeps it, under its new schema
  std::string_view name = key.name;
  while (!name.empty() && name.back() >= '0' && name.back() <= '9') name.remove_suffix(1);
  const auto has_it = [&](const ExpectedObject& object) {
    if (object.key.space == Space::column) return name == object.sequence_name;
    // a table of the target the run moved or renamed: its columns are the catalog's
    if (object.key.space != Space::relation || !object.origin || start_ != Start::live) return false;
    const CatalogRelation* table = catalog_.find_relation(object.origin->schema, object.origin->name);
    return table != nullptr && std::any_of(table->columns.begin(), table->columns.end(), [&](const auto& column) {
             return has_sequence_named(object.origin->name, column, name);
           });
  };
  for (const auto& object : objects_) {
    if (object.present && object.key.schema == key.schema && has_it(object)) {
      ExpectedObject out = partial(key, ObjectKind::sequence);
      out.unknown = true;  // (its name may have taken a number: verify does not look for it)
      return out;
    }
  }
  return std::nullopt;
}

std::optional<ObjectKey> ExpectedSchema::model_key_of(const ObjectKey& live) const {
  for (const auto& object : objects_) {
    if (object.present && object.origin == live) return object.key;
  }
  const ExpectedObject* same = entry(live);
  if (same != nullptr && !same->present) return std::nullopt;
  // in a schema the run renamed (or dropped): there under the new name (or gone)
  if (live.space != Space::schema && live.space != Space::extension && !live.schema.empty()) {
    const ObjectKey schema = schema_key(live.schema);
    if (const ExpectedObject* moved = entry(schema); moved != nullptr && !moved->present) {
      const auto now = model_key_of(schema);
      if (!now) return std::nullopt;
      ObjectKey out = live;
      out.schema = now->name;
      return out;
    }
  }
  return live;
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
    // (a sequence OWNED BY one of its columns goes with it)
    inside = inside || (key.space == Space::relation && object.owned_by && object.owned_by->schema == key.schema &&
                        object.owned_by->parent == key.name);
    if (inside) {
      object.present = false;
      object.implicit = true;
    }
  }
}

namespace {

// Whether an index element or predicate, as written, names `column`.
bool names_column(const std::string& text, const std::string& column) {
  if (text.empty()) return false;
  const auto tokens = lexer::tokenize(text);
  return std::any_of(tokens.begin(), tokens.end(), [&column](const lexer::Token& token) {
    return token.is_name() && token.value == column;
  });
}

// Whether `text` names `word`: as a name, or inside a string ('seq' of nextval('seq')).
bool names_word(const std::string& text, const std::string& word) {
  const auto tokens = lexer::tokenize(text);
  return std::any_of(tokens.begin(), tokens.end(), [&word](const lexer::Token& token) {
    if (token.is_name()) return token.value == word;
    return token.kind == lexer::TokenKind::string && token.text.find(word) != std::string::npos;
  });
}

// A column of the type ALTER TYPE|DOMAIN ... RENAME or SET SCHEMA moved:
// its type has the new name; one that names it otherwise (a typmod) is not
// compared any more.
void follow_type_rename(ExpectedObject& object, const ObjectKey& from, const ObjectKey& to,
                        const std::vector<std::string>& visible) {
  std::string& type = object.column->type;
  if (type.empty()) return;
  if (auto renamed = renamed_type(type, from, to, visible)) {
    type = std::move(*renamed);
  } else if (names_word(type, from.name)) {
    object.type_known = false;
  }
}

}  // namespace

void ExpectedSchema::stop_comparing_defaults_naming(const std::string& name) {
  for (auto& object : objects_) {
    if (object.present && object.column && object.column->default_expression &&
        names_word(*object.column->default_expression, name)) {
      object.default_known = false;
    }
  }
}

void ExpectedSchema::drop_column_dependents(const ObjectKey& column) {
  for (auto& object : objects_) {
    if (!object.present || object.key.schema != column.schema) continue;
    bool uses = false;
    if (object.key.space == Space::constraint && object.key.parent == column.parent && object.constraint) {
      const auto& columns = object.constraint->columns;
      const auto& include = object.constraint->include;
      // (a CHECK or EXCLUDE whose expression names it goes too, and a key that INCLUDEs it)
      uses = std::find(columns.begin(), columns.end(), column.name) != columns.end() ||
             std::find(include.begin(), include.end(), column.name) != include.end() ||
             names_column(object.constraint->expression, column.name);
    } else if (object.key.space == Space::index && object.index_table == column.parent && object.index) {
      // (a column an expression or the WHERE of the index names: PostgreSQL drops the index too)
      for (const auto& element : object.index->elements) uses = uses || names_column(element, column.name);
      for (const auto& element : object.index->include) uses = uses || names_column(element, column.name);
      uses = uses || names_column(object.index->where, column.name);
    }
    uses = uses || object.owned_by == column;  // a sequence OWNED BY it
    if (uses) {
      object.present = false;
      object.implicit = true;
    }
  }
}

const ExpectedObject* ExpectedSchema::run_constraint_named(const ObjectKey& constraint, bool with_index) const {
  for (const auto& object : objects_) {
    if (object.present && object.key.space == Space::constraint && object.key.schema == constraint.schema &&
        object.key.name == constraint.name &&
        (!with_index || (object.constraint && ddl::has_own_index(object.constraint->kind)))) {
      return &object;
    }
  }
  return nullptr;
}

bool ExpectedSchema::constraint_named_in_schema(const ObjectKey& constraint, bool with_index) const {
  if (run_constraint_named(constraint, with_index) != nullptr) return true;
  if (start_ != Start::live || with_index) return false;  // (the target's keys: their indexes are read)
  for (const auto& relation : catalog_.relations) {
    for (const auto& live : relation.constraints) {
      if (live.name != constraint.name) continue;
      // (as the model names it now: not dropped or renamed by the run)
      const auto now = model_key_of({Space::constraint, relation.schema, relation.name, live.name, ""});
      if (now && now->schema == constraint.schema && lookup(*now, true)) return true;
    }
  }
  return false;
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
  moved_relations_ = moved_relations_ || (from.space == Space::relation && from.schema != to.schema) ||
                     (from.space == Space::schema && from.name != to.name);
  types_renamed_ = types_renamed_ || from.space == Space::type || from.space == Space::relation ||
                   from.space == Space::schema;

  const std::vector<std::string> visible = visible_schemas();
  std::map<std::size_t, ObjectKey> new_keys;
  std::vector<std::string> moved_sequences;  // OWNED BY the table, to its new schema
  for (std::size_t i = 0; i < objects_.size(); ++i) {
    ExpectedObject& object = objects_[i];
    const ObjectKey& key = object.key;
    // a sequence's OWNED BY follows its table's and its column's renames and
    // moves, and the sequence goes to the schema its table goes to
    if (object.owned_by && from.space == Space::relation && object.owned_by->schema == from.schema &&
        object.owned_by->parent == from.name) {
      object.owned_by = with_container(*object.owned_by, to);
      if (to.schema != from.schema && key.space == Space::relation && key != from) {
        ObjectKey next = key;
        next.schema = to.schema;
        new_keys[i] = next;
        moved_sequences.push_back(key.name);
        continue;
      }
    } else if (object.owned_by && object.owned_by == from) {
      object.owned_by = to;
    }
    if (key == from) continue;
    // a routine taking the renamed type (or table's row type, or a type of the renamed schema) as an argument
    if (key.space == Space::routine && key.arguments != kAnyArguments && !key.arguments.empty() &&
        (from.space == Space::type || from.space == Space::relation || from.space == Space::schema)) {
      const std::string arguments = renamed_arguments(key.arguments, from, to, visible);
      if (arguments != key.arguments) {
        ObjectKey next = new_keys.contains(i) ? new_keys[i] : key;
        next.arguments = arguments;
        if (from.space == Space::schema && key.schema == from.name) next.schema = to.name;
        new_keys[i] = next;
        continue;
      }
    }
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
    } else if (from.space == Space::type && object.column) {
      follow_type_rename(object, from, to, visible);
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
  // A default that calls a renamed function or sequence is printed with the new name.
  if (from.space == Space::routine || (from.space == Space::relation && moved.kind == ObjectKind::sequence)) {
    stop_comparing_defaults_naming(from.name);
  }
  // (so does one that calls a sequence moved with its table: nextval('billing.s'), not 'app.s')
  for (const auto& sequence : moved_sequences) stop_comparing_defaults_naming(sequence);
  rekey(new_keys);
  tombstone(from, kind, provenance);
  moved.key = to;
  moved.present = true;
  moved.implicit = false;
  moved.declared_by = provenance;
  if (moved.column) moved.column->name = to.name;
  put(std::move(moved));
}

}  // namespace pgapply::schema
