#include "schema/catalog_objects.hpp"

#include <algorithm>

#include "ddl/constraint_clause.hpp"
#include "ddl/predicted_names.hpp"
#include "ddl/types.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::schema {

namespace {

using ddl::ObjectKind;

ExpectedObject object(const ObjectKey& key, ObjectKind kind) {
  ExpectedObject out;
  out.key = key;
  out.kind = kind;
  return out;
}

ObjectKind relation_kind(char relkind) {
  switch (relkind) {
    case 'v': return ObjectKind::view;
    case 'm': return ObjectKind::materialized_view;
    case 'S': return ObjectKind::sequence;
    default: return ObjectKind::table;
  }
}

ddl::ConstraintKind constraint_kind(char contype) {
  switch (contype) {
    case 'p': return ddl::ConstraintKind::primary_key;
    case 'u': return ddl::ConstraintKind::unique;
    case 'f': return ddl::ConstraintKind::foreign_key;
    case 'x': return ddl::ConstraintKind::exclusion;
    case 'n': return ddl::ConstraintKind::not_null;
    default: return ddl::ConstraintKind::check;
  }
}

ddl::TypeKind type_kind(char typtype) {
  switch (typtype) {
    case 'e': return ddl::TypeKind::enum_type;
    case 'c': return ddl::TypeKind::composite;
    case 'r':
    case 'm': return ddl::TypeKind::range;
    case 'd': return ddl::TypeKind::domain;
    default: return ddl::TypeKind::base;
  }
}

std::string unquote(std::string text) {
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
      out += text[i];
      if (text[i] == '"' && text[i + 1] == '"') ++i;
    }
    return out;
  }
  return text;
}

// Top-level comma-separated pieces of a type list ("integer, numeric(10,2)").
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string piece;
  int depth = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')') --depth;
    if (!quoted && depth == 0 && c == ',') {
      out.push_back(unquote(piece));
      piece.clear();
      continue;
    }
    piece += c;
  }
  if (!unquote(piece).empty()) out.push_back(unquote(piece));
  return out;
}

bool same_argument_types(const std::string& declared, const std::string& server) {
  const auto a = split_list(declared);
  const auto b = split_list(server);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    // the server drops an argument's typmod: numeric(10,2) is numeric
    if (!ddl::types_match(ddl::without_typmod(a[i]), ddl::without_typmod(b[i]))) return false;
  }
  return true;
}

ExpectedObject from_relation(const ObjectKey& key, const CatalogRelation& relation) {
  ExpectedObject out = object(key, relation_kind(relation.kind));
  out.relation = RelationFacts{relation.row_estimate, relation.total_bytes, relation.owned, relation.kind == 'p',
                              relation.may_trigger};
  if (!relation.owned_by_table.empty()) {
    out.owned_by = ObjectKey{Space::column, key.schema, relation.owned_by_table, relation.owned_by_column, ""};
  }
  return out;
}

ExpectedObject from_column(const ObjectKey& key, const CatalogColumn& column) {
  ExpectedObject out = object(key, ObjectKind::column);
  ddl::ColumnSpec spec;
  spec.name = column.name;
  spec.declared_type = spec.type = column.type;
  spec.not_null = spec.declared_not_null = column.not_null;
  if (column.identity == 'a') spec.identity = ddl::IdentityKind::always;
  if (column.identity == 'd') spec.identity = ddl::IdentityKind::by_default;
  if (column.generated == 's') {
    spec.generated_expression = column.generation_expression ? column.generation_expression : column.default_expression;
  } else {
    spec.default_expression = column.default_expression;
  }
  out.column = std::move(spec);
  out.type_known = out.default_known = out.nullability_known = true;
  return out;
}

ExpectedObject from_constraint(const ObjectKey& key, const CatalogConstraint& constraint) {
  ExpectedObject out = object(key, ObjectKind::constraint);
  out.key.name = constraint.name;
  ddl::ConstraintSpec spec;
  spec.kind = constraint_kind(constraint.type);
  spec.name = constraint.name;
  spec.not_valid = !constraint.validated;
  if (constraint.type == 'p' || constraint.type == 'u' || constraint.type == 'f') {
    spec.columns = definition_columns(constraint.definition);
  }
  out.constraint = std::move(spec);
  out.definition = constraint.definition;
  return out;
}

ExpectedObject from_index(const ObjectKey& key, const CatalogRelation& table, const CatalogIndex& index) {
  ExpectedObject out = object(key, ObjectKind::index);
  out.key.name = index.name;
  ddl::IndexSpec spec;
  spec.unique = index.unique || index.primary;
  spec.elements = definition_columns(index.definition, " USING ");
  out.index = std::move(spec);
  out.index_table = table.name;
  out.valid = index.valid && index.ready;
  out.definition = index.definition;
  return out;
}

std::vector<std::string> element_names(const std::vector<std::string>& elements) {
  std::vector<std::string> out;
  for (const auto& element : elements) out.push_back(ddl::index_element_column(element));
  return out;
}

const CatalogConstraint* find_constraint(const CatalogRelation& table, const ObjectKey& key,
                                         const ExpectedObject* declared) {
  for (const auto& constraint : table.constraints) {
    if (constraint.name == key.name) return &constraint;
  }
  // PostgreSQL may have chosen another name (one was taken): same kind, same columns.
  if (declared == nullptr || !declared->name_predicted || !declared->constraint) return nullptr;
  const auto& spec = *declared->constraint;
  const char wanted = spec.kind == ddl::ConstraintKind::primary_key ? 'p'
                      : spec.kind == ddl::ConstraintKind::unique    ? 'u'
                      : spec.kind == ddl::ConstraintKind::foreign_key ? 'f'
                                                                      : '\0';
  if (wanted == '\0') return nullptr;
  for (const auto& constraint : table.constraints) {
    if (constraint.type != wanted) continue;
    if (wanted == 'p' || definition_columns(constraint.definition) == spec.columns) return &constraint;
  }
  return nullptr;
}

const CatalogIndex* find_unnamed_index(const CatalogRelation& table, const ExpectedObject& declared) {
  if (!declared.index) return nullptr;
  const auto wanted = element_names(declared.index->elements);
  for (const auto& index : table.indexes) {
    if (index.primary) continue;
    if (element_names(definition_columns(index.definition, " USING ")) == wanted) return &index;
  }
  return nullptr;
}

const CatalogRoutine* find_routine(const CatalogSnapshot& catalog, const ObjectKey& key) {
  for (const auto* routine : catalog.find_routines(key.schema, key.name)) {
    if (key.arguments == kAnyArguments || same_argument_types(key.arguments, routine->argument_types)) {
      return routine;
    }
  }
  return nullptr;
}

std::optional<ExpectedObject> find_type_object(const CatalogSnapshot& catalog, const ObjectKey& key) {
  const CatalogType* type = catalog.find_type(key.schema, key.name);
  if (type == nullptr) return std::nullopt;
  ExpectedObject out = object(key, type->kind == 'd' ? ObjectKind::domain : ObjectKind::type);
  ddl::TypeSpec spec;
  spec.kind = type_kind(type->kind);
  spec.labels = type->enum_labels;
  out.type = std::move(spec);
  return out;
}

}  // namespace

std::vector<std::string> definition_columns(const std::string& definition, const std::string& after) {
  std::size_t from = 0;
  if (!after.empty()) {
    from = definition.find(after);
    if (from == std::string::npos) return {};
  }
  const std::size_t open = definition.find('(', from);
  if (open == std::string::npos) return {};
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = open; i < definition.size(); ++i) {
    const char c = definition[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return split_list(definition.substr(open + 1, i - open - 1));
  }
  return {};
}

std::optional<ExpectedObject> find_in_catalog(const CatalogSnapshot& catalog, const ObjectKey& key,
                                              const ExpectedObject* declared) {
  switch (key.space) {
    case Space::schema: {
      const CatalogSchema* schema = catalog.find_schema(key.name);
      if (schema == nullptr) return std::nullopt;
      ExpectedObject out = object(key, ObjectKind::schema);
      out.can_create = schema->can_create || catalog.superuser;
      return out;
    }
    case Space::extension: {
      if (catalog.find_extension(key.name) == nullptr) return std::nullopt;
      return object(key, ObjectKind::extension);
    }
    case Space::relation: {
      const CatalogRelation* relation = catalog.find_relation(key.schema, key.name);
      if (relation == nullptr) return std::nullopt;
      return from_relation(key, *relation);
    }
    case Space::index: {
      auto found = catalog.find_index(key.schema, key.name);
      if (found.index == nullptr && declared != nullptr && declared->name_predicted) {
        const CatalogRelation* table = catalog.find_relation(key.schema, declared->index_table);
        if (table != nullptr) found = {table, find_unnamed_index(*table, *declared)};
      }
      if (found.index == nullptr) return std::nullopt;
      return from_index(key, *found.table, *found.index);
    }
    case Space::routine: {
      const CatalogRoutine* routine = find_routine(catalog, key);
      if (routine == nullptr) return std::nullopt;
      ExpectedObject out = object(key, routine->kind == 'p' ? ObjectKind::procedure : ObjectKind::function);
      return out;
    }
    case Space::type:
      return find_type_object(catalog, key);
    case Space::enum_value: {
      const CatalogType* type = catalog.find_type(key.schema, key.parent);
      if (type == nullptr) return std::nullopt;
      const auto& labels = type->enum_labels;
      if (std::find(labels.begin(), labels.end(), key.name) == labels.end()) return std::nullopt;
      return object(key, ObjectKind::enum_value);
    }
    case Space::column:
    case Space::constraint:
    case Space::trigger:
    case Space::policy:
    case Space::row_level_security:
      break;
  }

  const CatalogRelation* table = catalog.find_relation(key.schema, key.parent);
  if (table == nullptr) return std::nullopt;
  switch (key.space) {
    case Space::column:
      for (const auto& column : table->columns) {
        if (column.name == key.name) return from_column(key, column);
      }
      return std::nullopt;
    case Space::constraint:
      if (const CatalogConstraint* constraint = find_constraint(*table, key, declared)) {
        return from_constraint(key, *constraint);
      }
      return std::nullopt;
    case Space::trigger:
      if (std::none_of(table->triggers.begin(), table->triggers.end(),
                       [&key](const CatalogTrigger& trigger) { return trigger.name == key.name; })) {
        return std::nullopt;
      }
      return object(key, ObjectKind::trigger);
    case Space::policy:
      for (const auto& policy : table->policies) {
        if (policy.name != key.name) continue;
        ExpectedObject out = object(key, ObjectKind::policy);
        ddl::PolicySpec spec;
        spec.permissive = policy.permissive;
        spec.command = policy.command;
        out.policy = std::move(spec);
        return out;
      }
      return std::nullopt;
    case Space::row_level_security: {
      ExpectedObject out = object(key, ObjectKind::row_level_security);
      out.rls_enabled = table->row_security;
      out.rls_forced = table->force_row_security;
      return out;
    }
    default:
      return std::nullopt;
  }
}

std::vector<std::string> primary_key_columns(const CatalogRelation& relation) {
  for (const auto& constraint : relation.constraints) {
    if (constraint.type == 'p') return definition_columns(constraint.definition);
  }
  return {};
}

std::optional<ddl::ConstraintSpec> foreign_key_of(const CatalogConstraint& constraint) {
  if (constraint.type != 'f') return std::nullopt;
  const auto tokens = lexer::tokenize(constraint.definition);
  ddl::TokenCursor c(constraint.definition, tokens);
  const auto parsed = ddl::parse_table_constraint(c);
  if (!parsed || parsed->spec.kind != ddl::ConstraintKind::foreign_key) return std::nullopt;
  return parsed->spec;
}

}  // namespace pgapply::schema
