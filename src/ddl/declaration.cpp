#include "ddl/declaration.hpp"

#include <algorithm>

namespace pgapply::ddl {

int StatementFacts::minimum_server_version() const {
  int out = 0;
  for (const auto& requirement : requirements) {
    if (!requirement.informational) out = std::max(out, requirement.version);
  }
  return out;
}

std::string StatementFacts::dynamic_sql_source() const {
  if (!dynamic_sql) return "";
  if (command == "DO") return "a DO block runs dynamic SQL (EXECUTE) or a function of the user's";
  if (command == "IMPORT FOREIGN SCHEMA") return "IMPORT FOREIGN SCHEMA makes the tables the remote server lists";
  if (command == "\\gexec") return "\\gexec runs the SQL a query's rows make";
  return "it calls a function or procedure of the user's";
}

bool StatementFacts::drops_owned() const {
  return std::any_of(cluster_changes.begin(), cluster_changes.end(),
                     [](const ClusterChange& change) { return change.command == "DROP OWNED"; });
}

std::string_view to_string(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::schema: return "schema";
    case ObjectKind::table: return "table";
    case ObjectKind::column: return "column";
    case ObjectKind::constraint: return "constraint";
    case ObjectKind::index: return "index";
    case ObjectKind::view: return "view";
    case ObjectKind::materialized_view: return "materialized view";
    case ObjectKind::function: return "function";
    case ObjectKind::procedure: return "procedure";
    case ObjectKind::trigger: return "trigger";
    case ObjectKind::type: return "type";
    case ObjectKind::domain: return "domain";
    case ObjectKind::enum_value: return "enum value";
    case ObjectKind::extension: return "extension";
    case ObjectKind::policy: return "policy";
    case ObjectKind::row_level_security: return "row level security";
    case ObjectKind::sequence: return "sequence";
    case ObjectKind::comment: return "comment";
  }
  return "?";
}

std::string_view to_string(Action action) {
  switch (action) {
    case Action::create: return "create";
    case Action::alter: return "alter";
    case Action::drop: return "drop";
  }
  return "?";
}

std::string_view to_string(Change change) {
  switch (change) {
    case Change::none: return "none";
    case Change::rename: return "rename";
    case Change::set_schema: return "set schema";
    case Change::owner: return "owner";
    case Change::set_type: return "set type";
    case Change::set_default: return "set default";
    case Change::drop_default: return "drop default";
    case Change::set_not_null: return "set not null";
    case Change::drop_not_null: return "drop not null";
    case Change::drop_expression: return "drop expression";
    case Change::identity: return "identity";
    case Change::column_options: return "column options";
    case Change::validate: return "validate";
    case Change::enable: return "enable";
    case Change::disable: return "disable";
    case Change::force: return "force";
    case Change::no_force: return "no force";
    case Change::set_tablespace: return "set tablespace";
    case Change::set_logged: return "set logged";
    case Change::set_unlogged: return "set unlogged";
    case Change::set_access_method: return "set access method";
    case Change::other: return "other";
  }
  return "?";
}

std::string_view to_string(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::primary_key: return "primary key";
    case ConstraintKind::unique: return "unique";
    case ConstraintKind::foreign_key: return "foreign key";
    case ConstraintKind::check: return "check";
    case ConstraintKind::exclusion: return "exclusion";
    case ConstraintKind::not_null: return "not null";
  }
  return "?";
}

std::string_view to_string(ClusterObjectKind kind) {
  switch (kind) {
    case ClusterObjectKind::role: return "role";
    case ClusterObjectKind::database: return "database";
    case ClusterObjectKind::tablespace: return "tablespace";
    case ClusterObjectKind::setting: return "setting";
  }
  return "?";
}

}  // namespace pgapply::ddl
