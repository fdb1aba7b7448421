#include "schema/expected_schema.hpp"

// Names to keys, as the server resolves them at this point of the migrations
// (search_path, objects created or renamed before), and where each
// declaration acts.

#include <algorithm>

#include "lexer/tokenizer.hpp"
#include "schema/expected_schema_internals.hpp"

namespace pgapply::schema {

using ddl::Action;
using ddl::ObjectKind;

namespace {

ObjectKey column_key_of(const ObjectKey& table, const std::string& column) {
  return {Space::column, table.schema, table.name, column, ""};
}

// The column an index element names alone ("email", "email DESC", "name
// text_pattern_ops"); "" for an expression ("(lower(email))", "lower(email)").
std::string plain_column(const std::string& element) {
  const auto tokens = lexer::tokenize(element, 2);
  if (tokens.empty() || !tokens[0].is_name()) return {};
  if (tokens.size() > 1 && (tokens[1].is_punct("(") || tokens[1].is_punct("."))) return {};
  return tokens[0].value;
}

// pg_temp, or the pg_temp_N it stands for
bool is_temporary_schema(const std::string& schema) { return schema.starts_with("pg_temp"); }

// CREATE TEMP TABLE|VIEW (ON COMMIT DROP needs TEMP), or a name in pg_temp
bool creates_temporary(const ddl::Declaration& d) {
  return (d.table && d.table->temporary) || (d.view && d.view->temporary) || is_temporary_schema(d.name.schema);
}

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

// A routine's argument types, joined as its key names them: a type of a
// schema on the search path (`visible`) bare, as PostgreSQL shows it, however
// the statement spells it (f(public.mood) and f(mood) are one function).
std::string routine_arguments(const std::vector<std::string>& types, const std::vector<std::string>& visible) {
  std::string out;
  for (const auto& type : types) {
    if (!out.empty()) out += ", ";
    std::string_view bare = type;
    for (const auto& schema : visible) {
      for (const std::string& prefix : {schema + ".", ddl::quote_identifier(schema) + "."}) {
        if (bare.starts_with(prefix)) bare.remove_prefix(prefix.size());
      }
      if (bare.size() != type.size()) break;
    }
    out += bare;
  }
  return out;
}

}  // namespace

std::string ExpectedSchema::resolve_schema(Space space, const ddl::QualifiedName& name) const {
  if (!name.schema.empty()) return name.schema;
  for (const auto& schema : search_path()) {
    const ObjectKey key{space, schema, "", name.name, space == Space::routine ? std::string(kAnyArguments) : ""};
    if (lookup(key, true)) return schema;
  }
  return creation_schema();
}

std::string ExpectedSchema::creation_schema() const {
  const auto& path = search_path();
  for (const auto& schema : path) {
    if (lookup(schema_key(schema), true)) return schema;
  }
  if (start_ == Start::empty) return path.empty() ? "public" : path.front();
  return "";
}

const std::vector<std::string>& ExpectedSchema::search_path() const {
  return file_search_path_.empty() ? catalog_.search_path : file_search_path_;
}

std::vector<std::string> ExpectedSchema::visible_schemas() const {
  const auto& path = search_path();
  return path.empty() ? std::vector<std::string>{"public"} : path;
}

ObjectKey ExpectedSchema::relation(const ddl::QualifiedName& name) const {
  return relation_key(resolve_schema(Space::relation, name), name.name);
}

std::optional<ObjectKey> ExpectedSchema::sequence_owner(const ddl::SequenceOwner& owner) const {
  if (owner.table.empty()) return std::nullopt;
  const ObjectKey table = relation(owner.table);
  return ObjectKey{Space::column, table.schema, table.name, owner.column, ""};
}

ObjectKey ExpectedSchema::type(const ddl::QualifiedName& name) const {
  return type_key(resolve_schema(Space::type, name), name.name);
}

ObjectKey ExpectedSchema::index(const ddl::QualifiedName& name) const {
  return {Space::index, resolve_schema(Space::index, name), "", name.name, ""};
}

std::vector<std::string> ExpectedSchema::column_names(const ObjectKey& table) const {
  std::vector<std::string> names;
  // (a table's columns are next to each other in the keys' order)
  for (auto at = positions_.lower_bound({Space::column, table.schema, table.name, "", ""});
       at != positions_.end() && at->first.space == Space::column && at->first.schema == table.schema &&
       at->first.parent == table.name;
       ++at) {
    if (objects_[at->second].present) names.push_back(at->first.name);
  }
  if (start_ == Start::live) {
    const ObjectKey at = translate(table);
    if (const CatalogRelation* relation = catalog_.find_relation(at.schema, at.name)) {
      for (const auto& column : relation->columns) names.push_back(column.name);
    }
  }
  return names;
}

bool ExpectedSchema::names_temporary(const ddl::QualifiedName& name) const {
  return (name.schema.empty() || is_temporary_schema(name.schema)) && temporary_relations_.contains(name.name);
}

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
      if (creating ? creates_temporary(d) : names_temporary(d.name)) t.modelled = false;
      const std::string schema = schema_for(Space::relation);
      t.key = relation_key(schema, d.name.name);
      t.container = schema_key(schema);
      if (creating && d.table && d.table->partition_of) t.references.push_back(relation(*d.table->partition_of));
      return t;
    }
    case ObjectKind::index:
      if (names_temporary(creating ? d.parent : d.name)) t.modelled = false;
      if (creating) {
        const ObjectKey table = relation(d.parent);
        t.container = table;
        t.key = {Space::index, table.schema, "", d.name.name, ""};
        if (d.name.name.empty() && d.index) {
          t.predicted = ddl::index_name_parts(table.name, *d.index);
          t.key.name = ddl::make_object_name(*t.predicted);
        }
        // the columns it names (not an expression's): a table's own, which must be there
        if (d.index) {
          for (const auto& elements : {d.index->elements, d.index->include}) {
            for (const auto& element : elements) {
              const std::string column = plain_column(element);
              if (!column.empty()) t.references.push_back(column_key_of(table, column));
            }
          }
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
      if (names_temporary(d.parent)) t.modelled = false;
      const ObjectKey table = relation(d.parent);
      t.container = table;
      t.key = {space_of(d.kind), table.schema, table.name, d.name.name, ""};
      if (d.kind == ObjectKind::row_level_security) t.key.name.clear();
      if (!creating) return t;
      if (d.kind == ObjectKind::constraint && d.constraint) {
        if (d.name.name.empty() && !d.constraint->using_index.empty()) {
          t.key.name = d.constraint->using_index;  // ADD PRIMARY KEY USING INDEX i: the constraint is named i
        } else if (d.name.name.empty()) {
          t.predicted = ddl::constraint_name_parts(table.name, *d.constraint, column_names(table));
          t.key.name = ddl::make_object_name(*t.predicted);
        }
        if (d.constraint->kind == ddl::ConstraintKind::foreign_key && !d.constraint->references.empty()) {
          t.references.push_back(relation(d.constraint->references));
        }
        // the columns a key names, its table's and the referenced table's, which must be there
        const auto kind = d.constraint->kind;
        if (kind == ddl::ConstraintKind::primary_key || kind == ddl::ConstraintKind::unique ||
            kind == ddl::ConstraintKind::foreign_key) {
          for (const auto& columns : {d.constraint->columns, d.constraint->include}) {
            for (const auto& column : columns) t.references.push_back(column_key_of(table, column));
          }
          if (kind == ddl::ConstraintKind::foreign_key && !d.constraint->references.empty()) {
            const ObjectKey referenced = relation(d.constraint->references);
            for (const auto& column : d.constraint->referenced_columns) {
              t.references.push_back(column_key_of(referenced, column));
            }
          }
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
      const std::string arguments =
          d.routine ? routine_arguments(d.routine->argument_types, visible_schemas()) : std::string(kAnyArguments);
      t.key = {Space::routine, schema, "", d.name.name, arguments};
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

}  // namespace pgapply::schema
