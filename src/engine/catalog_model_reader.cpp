#include "engine/catalog_model_reader.hpp"

#include <stdexcept>
#include <unordered_map>

#include "catalog/privileges.hpp"
#include "core/embedded_sql.hpp"
#include "core/error.hpp"

namespace pgapply::engine {

namespace {

using catalog::CatalogModel;
using catalog::CatalogObject;
using catalog::ObjectKey;
using catalog::ObjectKind;

// The rows of one query, read by column name: a renamed or missing column is
// a bug in pgapply's SQL, reported as such.
class Rows {
 public:
  Rows(pg::Connection& connection, const char* file)
      : file_(file), result_(connection.exec(std::string(embedded_sql(file)))) {}

  int size() const { return result_.rows(); }
  std::string text(int row, const char* column) const { return std::string(result_.value(row, index(column))); }
  bool is_null(int row, const char* column) const { return result_.is_null(row, index(column)); }
  bool flag(int row, const char* column) const { return result_.value(row, index(column)) == "t"; }

 private:
  int index(const char* column) const {
    auto found = indexes_.find(column);
    if (found != indexes_.end()) return found->second;
    const int at = result_.column_index(column);
    if (at < 0) throw std::logic_error(std::string("sql/") + file_ + " has no column " + column);
    indexes_.emplace(column, at);
    return at;
  }

  const char* file_;
  pg::Result result_;
  mutable std::unordered_map<std::string, int> indexes_;
};

std::string yes_no(bool value) { return value ? "yes" : "no"; }

CatalogObject make(ObjectKind kind, std::string schema, std::string parent, std::string name) {
  return CatalogObject{ObjectKey{kind, std::move(schema), std::move(parent), std::move(name)}, {}};
}

void read_schemas(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_schemas.sql");
  for (int r = 0; r < rows.size(); ++r) {
    const std::string name = rows.text(r, "schema_name");
    model.add(make(ObjectKind::schema, name, "", name)
                  .set("owner", rows.text(r, "owner"), false)
                  .set("comment", rows.text(r, "comment")));
  }
}

void read_extensions(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_extensions.sql");
  for (int r = 0; r < rows.size(); ++r) {
    // The installed version is the package's default when the migrations
    // name none: the shadow's may differ from the target's without anyone
    // having changed anything, so it is shown, not compared.
    model.add(make(ObjectKind::extension, "", "", rows.text(r, "extension_name"))
                  .set("schema", rows.text(r, "schema_name"))
                  .set("version", rows.text(r, "version"), false));
  }
}

std::string table_kind(const std::string& relkind) {
  if (relkind == "p") return "partitioned table";
  if (relkind == "f") return "foreign table";
  return "table";
}

std::string replica_identity(const std::string& code) {
  if (code == "n") return "nothing";
  if (code == "f") return "full";
  if (code == "i") return "index";
  return "default";
}

void read_relations(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_relations.sql");
  for (int r = 0; r < rows.size(); ++r) {
    const std::string relkind = rows.text(r, "relkind");
    const ObjectKind kind = relkind == "v"   ? ObjectKind::view
                            : relkind == "m" ? ObjectKind::materialized_view
                                             : ObjectKind::table;
    CatalogObject object = make(kind, rows.text(r, "schema_name"), "", rows.text(r, "relation_name"));
    if (kind == ObjectKind::table) {
      object.set("kind", table_kind(relkind))
          .set("unlogged", yes_no(rows.text(r, "persistence") == "u"))
          .set("partition key", rows.text(r, "partition_key"))
          .set("partition of", rows.text(r, "partition_of"))
          .set("partition bound", rows.text(r, "partition_bound"))
          .set("inherits", rows.text(r, "inherits"))
          .set("row level security", yes_no(rows.flag(r, "row_security")))
          .set("force row level security", yes_no(rows.flag(r, "force_row_security")))
          .set("replica identity", replica_identity(rows.text(r, "replica_identity")));
    } else {
      object.set("definition", rows.text(r, "view_definition"));
    }
    object.set("options", rows.text(r, "options"))
        .set("owner", rows.text(r, "owner"), false)
        .set("comment", rows.text(r, "comment"));
    model.add(std::move(object));
  }
}

std::string identity_kind(const std::string& code) {
  if (code == "a") return "always";
  if (code == "d") return "by default";
  return "";
}

void read_columns(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_columns.sql");
  for (int r = 0; r < rows.size(); ++r) {
    CatalogObject column =
        make(ObjectKind::column, rows.text(r, "schema_name"), rows.text(r, "table_name"), rows.text(r, "column_name"));
    column.set("type", rows.text(r, "data_type"))
        .set("not null", yes_no(rows.flag(r, "not_null")))
        .set("default", rows.text(r, "default_value"))
        .set("identity", identity_kind(rows.text(r, "identity")))
        .set("generated", rows.text(r, "generation_expression"))
        .set("collation", rows.text(r, "collation_name"))
        .set("comment", rows.text(r, "comment"));
    model.add(std::move(column));
  }
}

void read_constraints(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_constraints.sql");
  for (int r = 0; r < rows.size(); ++r) {
    model.add(make(ObjectKind::constraint, rows.text(r, "schema_name"), rows.text(r, "parent_name"),
                   rows.text(r, "constraint_name"))
                  .set("definition", rows.text(r, "definition"))
                  .set("comment", rows.text(r, "comment")));
  }
}

void read_indexes(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_indexes.sql");
  for (int r = 0; r < rows.size(); ++r) {
    model.add(make(ObjectKind::index, rows.text(r, "schema_name"), rows.text(r, "table_name"),
                   rows.text(r, "index_name"))
                  .set("definition", rows.text(r, "definition"))
                  .set("valid", yes_no(rows.flag(r, "valid")))
                  .set("constraint", rows.text(r, "constraint_name"), false)
                  .set("comment", rows.text(r, "comment")));
  }
}

void read_sequences(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_sequences.sql");
  for (int r = 0; r < rows.size(); ++r) {
    const std::string schema = rows.text(r, "schema_name");
    std::string owned_by;
    if (!rows.is_null(r, "owner_table")) {
      const std::string owner_schema = rows.text(r, "owner_schema");
      owned_by = (owner_schema == schema ? "" : owner_schema + ".") + rows.text(r, "owner_table") + "." +
                 rows.text(r, "owner_column") + (rows.flag(r, "identity") ? " (identity)" : "");
    }
    model.add(make(ObjectKind::sequence, schema, "", rows.text(r, "sequence_name"))
                  .set("type", rows.text(r, "data_type"))
                  .set("start", rows.text(r, "start_value"))
                  .set("increment", rows.text(r, "increment_by"))
                  .set("minimum", rows.text(r, "min_value"))
                  .set("maximum", rows.text(r, "max_value"))
                  .set("cache", rows.text(r, "cache_size"))
                  .set("cycle", yes_no(rows.flag(r, "cycles")))
                  .set("owned by", owned_by)
                  .set("owner table", rows.is_null(r, "owner_table") ? "" : rows.text(r, "owner_table"), false)
                  .set("owner", rows.text(r, "owner"), false)
                  .set("comment", rows.text(r, "comment")));
  }
}

std::string routine_kind(const std::string& code) {
  if (code == "p") return "procedure";
  if (code == "a") return "aggregate";
  if (code == "w") return "window function";
  return "function";
}

void read_functions(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_functions.sql");
  for (int r = 0; r < rows.size(); ++r) {
    model.add(make(ObjectKind::function, rows.text(r, "schema_name"), "", rows.text(r, "identity"))
                  .set("kind", routine_kind(rows.text(r, "kind")))
                  .set("definition", rows.text(r, "definition"))
                  .set("owner", rows.text(r, "owner"), false)
                  .set("comment", rows.text(r, "comment")));
  }
}

std::string trigger_state(const std::string& code) {
  if (code == "D") return "disabled";
  if (code == "R") return "replica";
  if (code == "A") return "always";
  return "enabled";
}

void read_triggers(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_triggers.sql");
  for (int r = 0; r < rows.size(); ++r) {
    model.add(make(ObjectKind::trigger, rows.text(r, "schema_name"), rows.text(r, "table_name"),
                   rows.text(r, "trigger_name"))
                  .set("definition", rows.text(r, "definition"))
                  .set("enabled", trigger_state(rows.text(r, "enabled")))
                  .set("comment", rows.text(r, "comment")));
  }
}

std::string policy_command(const std::string& code) {
  if (code == "r") return "SELECT";
  if (code == "a") return "INSERT";
  if (code == "w") return "UPDATE";
  if (code == "d") return "DELETE";
  return "ALL";
}

void read_policies(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_policies.sql");
  for (int r = 0; r < rows.size(); ++r) {
    model.add(make(ObjectKind::policy, rows.text(r, "schema_name"), rows.text(r, "table_name"),
                   rows.text(r, "policy_name"))
                  .set("permissive", yes_no(rows.flag(r, "permissive")))
                  .set("command", policy_command(rows.text(r, "command")))
                  .set("roles", rows.text(r, "roles"))
                  .set("using", rows.text(r, "using_expression"))
                  .set("with check", rows.text(r, "check_expression"))
                  .set("comment", rows.text(r, "comment")));
  }
}

void read_types(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_types.sql");
  for (int r = 0; r < rows.size(); ++r) {
    const std::string kind = rows.text(r, "type_kind");
    CatalogObject type = make(ObjectKind::enum_type, rows.text(r, "schema_name"), "", rows.text(r, "type_name"));
    if (kind == "e") {
      type.set("labels", rows.text(r, "labels"));
    } else if (kind == "d") {
      type.key.kind = ObjectKind::domain;
      type.set("base type", rows.text(r, "base_type"))
          .set("default", rows.text(r, "default_value"))
          .set("not null", yes_no(rows.flag(r, "not_null")));
    } else if (kind == "c") {
      type.key.kind = ObjectKind::composite_type;
      type.set("attributes", rows.text(r, "attributes"));
    } else {
      type.key.kind = ObjectKind::range_type;
      type.set("subtype", rows.text(r, "range_subtype"));
    }
    type.set("owner", rows.text(r, "owner"), false).set("comment", rows.text(r, "comment"));
    model.add(std::move(type));
  }
}

// Grants become each object's "privileges" attribute; objects outside the
// model (an extension's, a composite type's row type...) are skipped.
void read_privileges(pg::Connection& connection, CatalogModel& model) {
  const Rows rows(connection, "model_privileges.sql");
  std::map<ObjectKey, std::vector<catalog::Grant>> grants;
  for (int r = 0; r < rows.size(); ++r) {
    const std::string kind = rows.text(r, "object_kind");
    const std::string schema = rows.text(r, "schema_name");
    const std::string name = rows.text(r, "object_name");
    std::optional<ObjectKey> key;
    if (kind == "schema") {
      key = ObjectKey{ObjectKind::schema, schema, "", name};
    } else if (kind == "column") {
      key = ObjectKey{ObjectKind::column, schema, rows.text(r, "parent_name"), name};
    } else if (kind == "function") {
      key = ObjectKey{ObjectKind::function, schema, "", name};
    } else if (kind == "type") {
      for (ObjectKind type : {ObjectKind::enum_type, ObjectKind::domain, ObjectKind::composite_type,
                              ObjectKind::range_type}) {
        if (model.find({type, schema, "", name}) != nullptr) key = ObjectKey{type, schema, "", name};
      }
    } else {
      for (ObjectKind relation : {ObjectKind::table, ObjectKind::view, ObjectKind::materialized_view,
                                  ObjectKind::sequence}) {
        if (model.find({relation, schema, "", name}) != nullptr) key = ObjectKey{relation, schema, "", name};
      }
    }
    if (!key || model.find(*key) == nullptr) continue;
    grants[*key].push_back({rows.text(r, "grantee"), rows.text(r, "privilege"), rows.flag(r, "grantable")});
  }
  for (auto& [key, object] : model.objects) {
    switch (key.kind) {
      case ObjectKind::extension:
      case ObjectKind::constraint:
      case ObjectKind::index:
      case ObjectKind::trigger:
      case ObjectKind::policy:
        continue;  // no grants of their own
      default:
        break;
    }
    const auto found = grants.find(key);
    object.set("privileges", found == grants.end() ? "" : catalog::format_privileges(found->second));
  }
}

// Leaves out the ledger's tables and everything that belongs to them.
void exclude_ledger(CatalogModel& model, const ModelExclusions& exclusions) {
  if (exclusions.ledger_schema.empty()) return;
  const std::string history = exclusions.ledger_table + "_history";
  const auto is_ledger = [&](const std::string& table) { return table == exclusions.ledger_table || table == history; };
  for (auto it = model.objects.begin(); it != model.objects.end();) {
    const ObjectKey& key = it->first;
    bool drop = false;
    if (key.schema == exclusions.ledger_schema) {
      if (key.kind == ObjectKind::table) drop = is_ledger(key.name);
      else if (!key.parent.empty()) drop = is_ledger(key.parent);
      else if (key.kind == ObjectKind::sequence) drop = is_ledger(it->second.get("owner table").value_or(""));
    }
    it = drop ? model.objects.erase(it) : std::next(it);
  }
}

}  // namespace

catalog::CatalogModel read_catalog_model(pg::Connection& connection, const ModelExclusions& exclusions) {
  if (connection.server_version() < 120000) {
    throw Error(ErrorKind::check, "reading the catalog model needs PostgreSQL 12 or later; the server is " +
                                      std::to_string(connection.server_version() / 10000) + "." +
                                      std::to_string(connection.server_version() / 100 % 100));
  }
  CatalogModel model;
  connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    connection.exec("SET LOCAL search_path TO pg_catalog");
    const Rows session(connection, "model_session.sql");
    model.server_version = session.text(0, "server_version");
    model.server_version_num = std::stoi(session.text(0, "server_version_num"));
    read_schemas(connection, model);
    read_extensions(connection, model);
    read_relations(connection, model);
    read_columns(connection, model);
    read_constraints(connection, model);
    read_indexes(connection, model);
    read_sequences(connection, model);
    read_functions(connection, model);
    read_triggers(connection, model);
    read_policies(connection, model);
    read_types(connection, model);
    read_privileges(connection, model);
    connection.exec("COMMIT");
  } catch (...) {
    if (connection.is_ok()) connection.exec("ROLLBACK");
    throw;
  }
  exclude_ledger(model, exclusions);
  return model;
}

}  // namespace pgapply::engine
