#include "schema/object_key.hpp"

#include "ddl/qualified_name.hpp"

namespace pgapply::schema {

namespace {

std::string qualified(const std::string& schema, const std::string& name, const std::string& home_schema) {
  std::string out;
  if (!schema.empty() && schema != home_schema) {
    out += ddl::quote_identifier(schema);
    out += '.';
  }
  out += ddl::quote_identifier(name);
  return out;
}

}  // namespace

std::string_view to_string(Space space) {
  switch (space) {
    case Space::schema: return "schema";
    case Space::relation: return "relation";
    case Space::index: return "index";
    case Space::column: return "column";
    case Space::constraint: return "constraint";
    case Space::trigger: return "trigger";
    case Space::policy: return "policy";
    case Space::row_level_security: return "row level security";
    case Space::routine: return "routine";
    case Space::type: return "type";
    case Space::enum_value: return "enum value";
    case Space::extension: return "extension";
  }
  return "?";
}

ObjectKey schema_key(const std::string& schema) { return {Space::schema, "", "", schema, ""}; }

ObjectKey relation_key(const std::string& schema, const std::string& name) {
  return {Space::relation, schema, "", name, ""};
}

ObjectKey type_key(const std::string& schema, const std::string& name) { return {Space::type, schema, "", name, ""}; }

std::optional<ObjectKey> container_of(const ObjectKey& key) {
  switch (key.space) {
    case Space::schema:
    case Space::extension:
      return std::nullopt;
    case Space::column:
    case Space::constraint:
    case Space::trigger:
    case Space::policy:
    case Space::row_level_security:
      return relation_key(key.schema, key.parent);
    case Space::enum_value:
      return type_key(key.schema, key.parent);
    case Space::relation:
    case Space::index:
    case Space::routine:
    case Space::type:
      return schema_key(key.schema);
  }
  return std::nullopt;
}

ObjectKey with_container(ObjectKey key, const ObjectKey& container) {
  if (container.space == Space::schema) {
    key.schema = container.name;
  } else {
    key.schema = container.schema;
    key.parent = container.name;
  }
  return key;
}

std::string display_name(const ObjectKey& key, const std::string& home_schema) {
  switch (key.space) {
    case Space::schema:
    case Space::extension:
      return ddl::quote_identifier(key.name);
    case Space::relation:
    case Space::index:
    case Space::type:
      return qualified(key.schema, key.name, home_schema);
    case Space::column:
      return qualified(key.schema, key.parent, home_schema) + "." + ddl::quote_identifier(key.name);
    case Space::constraint:
    case Space::trigger:
    case Space::policy:
      return ddl::quote_identifier(key.name) + " on " + qualified(key.schema, key.parent, home_schema);
    case Space::row_level_security:
      return qualified(key.schema, key.parent, home_schema);
    case Space::routine: {
      std::string out = qualified(key.schema, key.name, home_schema);
      if (key.arguments != kAnyArguments) {
        out += '(';
        out += key.arguments;
        out += ')';
      }
      return out;
    }
    case Space::enum_value: {
      std::string out = qualified(key.schema, key.parent, home_schema);
      out += " '";
      out += key.name;
      out += '\'';
      return out;
    }
  }
  return key.name;
}

}  // namespace pgapply::schema
