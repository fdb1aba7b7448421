#include "catalog/attribution.hpp"

#include <algorithm>

namespace pgapply::catalog {

namespace {

// Kinds that share a namespace in the catalogs, as attribution looks them up.
enum KindClass {
  relation_class,  // tables, views, sequences, indexes, composite types (pg_class)
  type_class,      // enums, domains, ranges (pg_type)
  routine_class,
  column_class,
  constraint_class,
  trigger_class,
  policy_class,
  schema_class,
  extension_class,
  rule_class,        // by their table (ddl::UnmodelledObject)
  statistics_class,  // ddl::UnmodelledObject
};

std::optional<int> class_of(ddl::ObjectKind kind) {
  switch (kind) {
    case ddl::ObjectKind::table:
    case ddl::ObjectKind::view:
    case ddl::ObjectKind::materialized_view:
    case ddl::ObjectKind::sequence:
    case ddl::ObjectKind::index:
      return relation_class;
    case ddl::ObjectKind::type:
    case ddl::ObjectKind::domain:
    case ddl::ObjectKind::enum_value:
      return type_class;
    case ddl::ObjectKind::function:
    case ddl::ObjectKind::procedure:
      return routine_class;
    case ddl::ObjectKind::column: return column_class;
    case ddl::ObjectKind::constraint: return constraint_class;
    case ddl::ObjectKind::trigger: return trigger_class;
    case ddl::ObjectKind::policy: return policy_class;
    case ddl::ObjectKind::schema: return schema_class;
    case ddl::ObjectKind::extension: return extension_class;
    case ddl::ObjectKind::row_level_security:
    case ddl::ObjectKind::comment:
      return std::nullopt;
  }
  return std::nullopt;
}

int class_of(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::schema: return schema_class;
    case ObjectKind::extension: return extension_class;
    case ObjectKind::column: return column_class;
    case ObjectKind::constraint: return constraint_class;
    case ObjectKind::trigger: return trigger_class;
    case ObjectKind::policy: return policy_class;
    case ObjectKind::rule: return rule_class;
    case ObjectKind::statistics: return statistics_class;
    case ObjectKind::function: return routine_class;
    case ObjectKind::enum_type:
    case ObjectKind::domain:
    case ObjectKind::composite_type:  // CREATE TYPE ... AS (...), as the migrations declare it
    case ObjectKind::range_type:
      return type_class;
    default:
      return relation_class;
  }
}

// Sub-objects are found by their table; indexes are named per schema.
bool keyed_by_parent(int kind_class) {
  return kind_class == column_class || kind_class == constraint_class || kind_class == trigger_class ||
         kind_class == policy_class || kind_class == rule_class;
}

int class_of(ddl::UnmodelledObject::Kind kind) {
  switch (kind) {
    case ddl::UnmodelledObject::Kind::rule: return rule_class;
    case ddl::UnmodelledObject::Kind::statistics: return statistics_class;
    case ddl::UnmodelledObject::Kind::aggregate: return routine_class;
    case ddl::UnmodelledObject::Kind::domain_constraint: return constraint_class;  // (a domain's, by the domain)
  }
  return routine_class;
}

std::string unnamed_on(const std::string& table) { return "\x01unnamed on " + table; }

std::string renamed(const std::string& from, const std::string& to) { return from + '\x02' + to; }

}  // namespace

Attributor::Attributor(const std::vector<schema::MigrationFacts>& migrations) {
  std::size_t order = 0;
  for (const auto& migration : migrations) {
    for (const auto& statement : migration.statements) {
      ++order;
      // The statement (at `line` of its file, its own first by default) as the attribution of what it does.
      const auto at = [&](std::size_t line = 0) {
        return Attribution{statement.file + ":" + std::to_string(line == 0 ? statement.line : line),
                           migration.version, false, false, order};
      };
      // Dynamic SQL that runs the same on the shadow made what it made there
      // too: only that which may not is a reason for doubt.
      if (statement.facts.sets_default_privileges) {
        Attribution where = at();
        where.changes_default_privileges = true;
        default_privileges_.push_back({std::move(where), statement.facts.default_privileges_on,
                                       statement.facts.default_privileges_schemas,
                                       statement.facts.default_privileges_grantees});
      }
      // (a DO block's: a function's or procedure's call, IMPORT FOREIGN SCHEMA, run SQL too, seldom DDL)
      if (statement.facts.dynamic_sql && !statement.facts.dynamic_sql_varies && statement.facts.command == "DO") {
        Attribution where = at();
        where.guessed_among = last_constant_dynamic_ ? last_constant_dynamic_->guessed_among + 1 : 1;
        last_constant_dynamic_ = std::move(where);
      }
      if (statement.facts.dynamic_sql_varies) {
        Attribution where = at();
        where.dynamic = true;
        dynamics_.push_back(std::move(where));
      }
      for (const auto& d : statement.facts.declarations) {
        Attribution where = at(statement.line_of(d));
        where.hangs_on_data = d.location.data_dependent;
        // what a declaration touches: the object, or for an enum value, RLS
        // switch or comment, what it is on
        ddl::ObjectKind kind = d.kind;
        ddl::QualifiedName name = d.name;
        ddl::QualifiedName parent = d.parent;
        if (d.kind == ddl::ObjectKind::enum_value || d.kind == ddl::ObjectKind::row_level_security) {
          kind = d.kind == ddl::ObjectKind::enum_value ? ddl::ObjectKind::type : ddl::ObjectKind::table;
          name = d.parent;
          parent = {};
        } else if (d.kind == ddl::ObjectKind::comment && d.comment) {
          kind = d.comment->on;
        }
        const auto kind_class = class_of(kind);
        if (!kind_class) continue;
        const bool by_parent = keyed_by_parent(*kind_class);
        const std::string schema = by_parent ? parent.schema : name.schema;
        const std::string parent_name = by_parent ? parent.name : "";
        if (!name.name.empty()) {
          record(entries_, *kind_class, schema, parent_name, name.name, where);
          // a new object has the default privileges (CREATE OR REPLACE keeps them)
          if (d.kind == kind && d.action == ddl::Action::create && !d.or_replace && !by_parent) {
            record(privileges_, *kind_class, schema, "", name.name, where);
            record(made_, *kind_class, schema, "", name.name, where);
          }
          // (its first CREATE OR REPLACE made it, where nothing before did: under the defaults then)
          if (d.kind == kind && d.action == ddl::Action::create && d.or_replace && !by_parent &&
              !find(made_, *kind_class, schema, "", name.name)) {
            record(made_, *kind_class, schema, "", name.name, where);
          }
        } else if (!parent.name.empty()) {
          // an unnamed constraint or index: PostgreSQL names it; found by its table
          record(entries_, *kind_class, parent.schema, "", unnamed_on(parent.name), where);
        }
        if (d.change == ddl::Change::rename && !d.new_name.empty()) {
          record(entries_, *kind_class, schema, parent_name, d.new_name, where);
          if (!name.name.empty()) {
            record(renames_, *kind_class, schema, parent_name, renamed(name.name, d.new_name), where);
          }
          // a renamed object keeps its privileges: what last set them, under its new name
          if (!by_parent && !name.name.empty()) {
            if (auto before = find(privileges_, *kind_class, schema, "", name.name)) {
              record(privileges_, *kind_class, schema, "", d.new_name, *before);
            }
            if (auto made = find(made_, *kind_class, schema, "", name.name)) {
              record(made_, *kind_class, schema, "", d.new_name, *made);
            }
          }
        }
        // ALTER SCHEMA ... RENAME: what the migrations made in it is found under the new name
        if (d.kind == ddl::ObjectKind::schema && d.change == ddl::Change::rename && !d.new_name.empty()) {
          for (Entries* entries : {&entries_, &privileges_, &column_privileges_, &made_, &renames_}) {
            move_schema(*entries, name.name, d.new_name);
          }
        }
        // a table's columns and constraints are made with it; an ALTER TABLE
        // RENAME moves them all
        if (*kind_class == relation_class && d.change == ddl::Change::rename && !d.new_name.empty()) {
          record(entries_, relation_class, schema, "", d.new_name, where);
          // (what is found by its table, a policy, a trigger, a constraint, a column, keeps where it was made)
          for (Entries* entries : {&entries_, &renames_}) move_parent(*entries, schema, name.name, d.new_name);
        }
      }
      for (const auto& object : statement.facts.unmodelled) {
        const int kind_class = class_of(object.kind);
        const Attribution where = at();
        record(entries_, kind_class, object.name.schema, keyed_by_parent(kind_class) ? object.parent.name : "",
               object.name.name, where);
        // (a new aggregate has the default privileges; CREATE OR REPLACE keeps them, as for a function)
        if (object.kind == ddl::UnmodelledObject::Kind::aggregate &&
            (!object.or_replace || !find(made_, kind_class, object.name.schema, "", object.name.name))) {
          if (!object.or_replace) record(privileges_, kind_class, object.name.schema, "", object.name.name, where);
          record(made_, kind_class, object.name.schema, "", object.name.name, where);
        }
      }
      for (const auto& change : statement.facts.privilege_changes) {
        if (const auto kind_class = class_of(change.kind)) {
          Attribution where = at(statement.line_of(change.location));
          where.hangs_on_data = change.location.data_dependent;
          record(change.columns ? column_privileges_ : privileges_, *kind_class, change.name.schema, "",
                 change.name.name, where);
        }
      }
    }
  }
}

void Attributor::move_schema(Entries& in, const std::string& from, const std::string& to) {
  for (auto& [index, list] : in) {
    std::vector<Entry> moved;
    for (const Entry& entry : list) {
      if (entry.schema == from) moved.push_back({to, entry.where});
    }
    // (an entry under the new name is of a schema dropped before: a schema is renamed to a name no other has)
    for (Entry& entry : moved) {
      const auto there = std::find_if(list.begin(), list.end(), [&](const Entry& e) { return e.schema == to; });
      if (there != list.end()) {
        there->where = entry.where;
      } else {
        list.push_back(std::move(entry));
      }
    }
  }
}

void Attributor::move_parent(Entries& in, const std::string& schema, const std::string& from, const std::string& to) {
  std::vector<std::pair<Index, Entry>> moved;
  for (const auto& [index, list] : in) {
    if (!keyed_by_parent(std::get<0>(index)) || std::get<1>(index) != from) continue;
    for (const Entry& entry : list) {
      // (unqualified on either side: the same table, as far as this tells)
      if (entry.schema == schema || entry.schema.empty() || schema.empty()) {
        moved.push_back({{std::get<0>(index), to, std::get<2>(index)}, entry});
      }
    }
  }
  for (const auto& [index, entry] : moved) {
    record(in, std::get<0>(index), entry.schema, std::get<1>(index), std::get<2>(index), entry.where);
  }
}

void Attributor::record(Entries& into, int kind_class, const std::string& schema, const std::string& parent,
                        const std::string& name, const Attribution& where) {
  auto& list = into[{kind_class, parent, name}];
  for (auto& entry : list) {
    if (entry.schema == schema) {
      entry.where = where;
      return;
    }
  }
  list.push_back({schema, where});
}

std::optional<Attribution> Attributor::find(const Entries& in, int kind_class, const std::string& schema,
                                            const std::string& parent, const std::string& name) {
  const auto found = in.find({kind_class, parent, name});
  if (found == in.end()) return std::nullopt;
  // the same schema, else an unqualified name (the migration's search_path)
  const Entry* best = nullptr;
  for (const auto& entry : found->second) {
    if (entry.schema == schema) return entry.where;
    if (entry.schema.empty()) best = &entry;
  }
  return best ? std::optional(best->where) : std::nullopt;
}

std::optional<Attribution> Attributor::dynamic_since(const Attribution& where) const {
  for (const Attribution& dynamic : dynamics_) {
    if (dynamic.order > where.order) return dynamic;
  }
  return std::nullopt;
}

std::optional<Attribution> Attributor::locate(const ObjectKey& key) const {
  if (auto where = locate_declared(key)) return where;
  if (auto dynamic = last_dynamic()) return dynamic;
  // (a sequence no statement names is a serial's or identity's, of a table: no guess)
  if (key.kind == ObjectKind::sequence) return std::nullopt;
  return last_constant_dynamic_;
}

namespace {

// The name the migrations write for the object: a function's without its arguments.
std::string written_name(const ObjectKey& key) {
  return key.kind == ObjectKind::function ? key.name.substr(0, key.name.find('(')) : key.name;
}

}  // namespace

std::optional<Attribution> Attributor::locate_declared(const ObjectKey& key) const {
  const int kind_class = class_of(key.kind);
  const std::string name = written_name(key);
  const std::string parent = keyed_by_parent(kind_class) ? key.parent : "";
  if (auto where = find(entries_, kind_class, key.schema, parent, name)) return where;
  if (!key.parent.empty()) {
    // a name PostgreSQL chose (users_email_key), or a column of CREATE TABLE
    // AS or of a partition: the statement that made it, or its table's
    if (auto where = find(entries_, kind_class, key.schema, "", unnamed_on(key.parent))) return where;
    if (auto where = find(entries_, relation_class, key.schema, "", key.parent)) return where;
  }
  return std::nullopt;
}

std::optional<Attribution> Attributor::locate_rename(const ObjectKey& from, const ObjectKey& to) const {
  if (renames_.empty() || from.kind != to.kind || from.schema != to.schema || from.parent != to.parent) {
    return std::nullopt;
  }
  // A function keeps its arguments: f(text) renamed is g(text), never g(integer).
  if (from.kind == ObjectKind::function && from.name.substr(std::min(from.name.find('('), from.name.size())) !=
                                               to.name.substr(std::min(to.name.find('('), to.name.size()))) {
    return std::nullopt;
  }
  const int kind_class = class_of(from.kind);
  const std::string parent = keyed_by_parent(kind_class) ? from.parent : "";
  return find(renames_, kind_class, from.schema, parent, renamed(written_name(from), written_name(to)));
}

std::optional<Attribution> Attributor::default_privileges_since_made(const ObjectKey& key,
                                                                     const std::vector<std::string>& grantees) const {
  if (default_privileges_.empty() || key.kind == ObjectKind::column) return std::nullopt;
  // (ALTER DEFAULT PRIVILEGES ... ON what: the kinds of object its defaults are for)
  const auto covers = [&key](const DefaultPrivilegesChange& change) {
    if (!change.schemas.empty() &&
        std::find(change.schemas.begin(), change.schemas.end(), key.schema) == change.schemas.end()) {
      return false;
    }
    const std::string& on = change.on;
    switch (key.kind) {
      case ObjectKind::table:
      case ObjectKind::view:
      case ObjectKind::materialized_view:
        return on.empty() || on == "tables";
      case ObjectKind::sequence: return on.empty() || on == "sequences";
      case ObjectKind::function: return on.empty() || on == "functions" || on == "routines";
      case ObjectKind::enum_type:
      case ObjectKind::domain:
      case ObjectKind::composite_type:
      case ObjectKind::range_type:
        return on.empty() || on == "types";
      case ObjectKind::schema: return on.empty() || on == "schemas";
      default: return false;
    }
  };
  const int kind_class = class_of(key.kind);
  // (none made it by name: made before all of them, as far as this tells)
  const auto made = keyed_by_parent(kind_class) ? std::nullopt
                                                : find(made_, kind_class, key.schema, "", written_name(key));
  const std::size_t made_at = made ? made->order : 0;
  // Every grantee that differs must be one those later defaults name, taken
  // together (one ALTER DEFAULT PRIVILEGES per role, as Supabase's): GRANT ...
  // TO reporting does not explain what PUBLIC has. One whose roles are not
  // known names any.
  const DefaultPrivilegesChange* first = nullptr;
  std::vector<std::string> named;
  bool any = false;
  for (const DefaultPrivilegesChange& change : default_privileges_) {
    if (change.where.order <= made_at || !covers(change)) continue;
    if (!first) first = &change;
    any = any || change.grantees.empty();
    named.insert(named.end(), change.grantees.begin(), change.grantees.end());
  }
  if (!first) return std::nullopt;
  const bool explained = any || std::all_of(grantees.begin(), grantees.end(), [&](const std::string& grantee) {
                           return std::find(named.begin(), named.end(), grantee) != named.end();
                         });
  return explained ? std::optional<Attribution>(first->where) : std::nullopt;
}

std::optional<Attribution> Attributor::locate_privileges(const ObjectKey& key) const {
  const int kind_class = class_of(key.kind);
  if (!keyed_by_parent(kind_class)) {
    if (auto where = find(privileges_, kind_class, key.schema, "", written_name(key))) return where;
  } else if (kind_class == column_class && !key.parent.empty()) {
    // GRANT SELECT (a) ON t is recorded on t, apart from t's own privileges
    if (auto where = find(column_privileges_, relation_class, key.schema, "", key.parent)) return where;
  }
  return locate(key);
}

}  // namespace pgapply::catalog
