#include "engine/catalog_model_reader.hpp"


#include "catalog/privileges.hpp"
#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

namespace {

using catalog::CatalogModel;
using catalog::CatalogObject;
using catalog::ObjectKey;
using catalog::ObjectKind;

std::string yes_no(bool value) { return value ? "yes" : "no"; }

CatalogObject make(ObjectKind kind, std::string schema, std::string parent, std::string name) {
  return CatalogObject{ObjectKey{kind, std::move(schema), std::move(parent), std::move(name)}, {}};
}

void read_schemas(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_schemas.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    const std::string name = row.text("schema_name");
    model.add(make(ObjectKind::schema, name, "", name)
                  .set("owner", row.text("owner"), false)
                  .set("comment", row.text("comment")));
  }
}

void read_extensions(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_extensions.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    // The installed version is the package's default when the migrations
    // name none: the shadow's may differ from the target's without anyone
    // having changed anything, so it is shown, not compared.
    model.add(make(ObjectKind::extension, "", "", row.text("extension_name"))
                  .set("schema", row.text("schema_name"))
                  .set("version", row.text("version"), false));
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
  const pg::Result result = connection.exec(embedded_sql("model_relations.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    const std::string relkind = row.text("relkind");
    const ObjectKind kind = relkind == "v"   ? ObjectKind::view
                            : relkind == "m" ? ObjectKind::materialized_view
                                             : ObjectKind::table;
    CatalogObject object = make(kind, row.text("schema_name"), "", row.text("relation_name"));
    if (kind == ObjectKind::table) {
      object.set("kind", table_kind(relkind))
          .set("unlogged", yes_no(row.text("persistence") == "u"))
          .set("partition key", row.text("partition_key"))
          .set("partition of", row.text("partition_of"))
          .set("partition bound", row.text("partition_bound"))
          .set("inherits", row.text("inherits"))
          .set("row level security", yes_no(row.flag("row_security")))
          .set("force row level security", yes_no(row.flag("force_row_security")))
          .set("replica identity", replica_identity(row.text("replica_identity")));
    } else {
      object.set("definition", row.text("view_definition"));
    }
    object.set("options", row.text("options"))
        .set("owner", row.text("owner"), false)
        .set("comment", row.text("comment"));
    model.add(std::move(object));
  }
}

std::string identity_kind(const std::string& code) {
  if (code == "a") return "always";
  if (code == "d") return "by default";
  return "";
}

void read_columns(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_columns.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    CatalogObject column =
        make(ObjectKind::column, row.text("schema_name"), row.text("table_name"), row.text("column_name"));
    column.set("type", row.text("data_type"))
        .set("not null", yes_no(row.flag("not_null")))
        .set("default", row.text("default_value"))
        .set("identity", identity_kind(row.text("identity")))
        .set("generated", row.text("generation_expression"))
        .set("collation", row.text("collation_name"))
        .set("comment", row.text("comment"));
    model.add(std::move(column));
  }
}

void read_constraints(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_constraints.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    model.add(make(ObjectKind::constraint, row.text("schema_name"), row.text("parent_name"),
                   row.text("constraint_name"))
                  .set("definition", row.text("definition"))
                  .set("comment", row.text("comment")));
  }
}

void read_indexes(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_indexes.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    model.add(make(ObjectKind::index, row.text("schema_name"), row.text("table_name"),
                   row.text("index_name"))
                  .set("definition", row.text("definition"))
                  .set("valid", yes_no(row.flag("valid")))
                  .set("constraint", row.text("constraint_name"), false)
                  .set("comment", row.text("comment")));
  }
}

void read_sequences(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_sequences.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    const std::string schema = row.text("schema_name");
    std::string owned_by;
    if (!row.is_null("owner_table")) {
      const std::string owner_schema = row.text("owner_schema");
      owned_by = (owner_schema == schema ? "" : owner_schema + ".") + row.text("owner_table") + "." +
                 row.text("owner_column") + (row.flag("identity") ? " (identity)" : "");
    }
    model.add(make(ObjectKind::sequence, schema, "", row.text("sequence_name"))
                  .set("type", row.text("data_type"))
                  .set("start", row.text("start_value"))
                  .set("increment", row.text("increment_by"))
                  .set("minimum", row.text("min_value"))
                  .set("maximum", row.text("max_value"))
                  .set("cache", row.text("cache_size"))
                  .set("cycle", yes_no(row.flag("cycles")))
                  .set("owned by", owned_by)
                  .set("owner table", row.is_null("owner_table") ? "" : row.text("owner_table"), false)
                  .set("owner", row.text("owner"), false)
                  .set("comment", row.text("comment")));
  }
}

std::string routine_kind(const std::string& code) {
  if (code == "p") return "procedure";
  if (code == "a") return "aggregate";
  if (code == "w") return "window function";
  return "function";
}

void read_functions(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_functions.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    model.add(make(ObjectKind::function, row.text("schema_name"), "", row.text("identity"))
                  .set("kind", routine_kind(row.text("kind")))
                  .set("definition", row.text("definition"))
                  .set("owner", row.text("owner"), false)
                  .set("comment", row.text("comment")));
  }
}

std::string trigger_state(const std::string& code) {
  if (code == "D") return "disabled";
  if (code == "R") return "replica";
  if (code == "A") return "always";
  return "enabled";
}

void read_triggers(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_triggers.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    model.add(make(ObjectKind::trigger, row.text("schema_name"), row.text("table_name"),
                   row.text("trigger_name"))
                  .set("definition", row.text("definition"))
                  .set("enabled", trigger_state(row.text("enabled")))
                  .set("comment", row.text("comment")));
  }
}

void read_rules(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_rules.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    model.add(make(ObjectKind::rule, row.text("schema_name"), row.text("table_name"), row.text("rule_name"))
                  .set("definition", row.text("definition"))
                  .set("enabled", trigger_state(row.text("enabled")))
                  .set("comment", row.text("comment")));
  }
}

void read_statistics(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_statistics.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    model.add(make(ObjectKind::statistics, row.text("schema_name"), "", row.text("statistics_name"))
                  .set("definition", row.text("definition"))
                  .set("comment", row.text("comment")));
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
  const pg::Result result = connection.exec(embedded_sql("model_policies.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    model.add(make(ObjectKind::policy, row.text("schema_name"), row.text("table_name"),
                   row.text("policy_name"))
                  .set("permissive", yes_no(row.flag("permissive")))
                  .set("command", policy_command(row.text("command")))
                  .set("roles", row.text("roles"))
                  .set("using", row.text("using_expression"))
                  .set("with check", row.text("check_expression"))
                  .set("comment", row.text("comment")));
  }
}

void read_types(pg::Connection& connection, CatalogModel& model) {
  const pg::Result result = connection.exec(embedded_sql("model_types.sql"));
  for (const pg::Row row : pg::Rows(result)) {
    const std::string kind = row.text("type_kind");
    CatalogObject type = make(ObjectKind::enum_type, row.text("schema_name"), "", row.text("type_name"));
    if (kind == "e") {
      type.set("labels", row.text("labels"));
    } else if (kind == "d") {
      type.key.kind = ObjectKind::domain;
      type.set("base type", row.text("base_type"))
          .set("default", row.text("default_value"))
          .set("not null", yes_no(row.flag("not_null")));
    } else if (kind == "c") {
      type.key.kind = ObjectKind::composite_type;
      type.set("attributes", row.text("attributes"));
    } else {
      type.key.kind = ObjectKind::range_type;
      type.set("subtype", row.text("range_subtype"));
    }
    type.set("owner", row.text("owner"), false).set("comment", row.text("comment"));
    model.add(std::move(type));
  }
}

// Grants become each object's "privileges" attribute; objects outside the
// model (an extension's, a composite type's row type...) are skipped.
void read_privileges(pg::Connection& connection, CatalogModel& model, const ModelExclusions& exclusions) {
  const pg::Result result = connection.exec(embedded_sql("model_privileges.sql"));
  std::map<ObjectKey, std::vector<catalog::Grant>> grants;
  for (const pg::Row row : pg::Rows(result)) {
    const std::string kind = row.text("object_kind");
    const std::string schema = row.text("schema_name");
    const std::string name = row.text("object_name");
    const std::string privilege = row.text("privilege");
    if (kind == "schema" && !exclusions.ledger_role.empty() && name == exclusions.ledger_schema &&
        row.text("grantee") == exclusions.ledger_role && (privilege == "USAGE" || privilege == "CREATE")) {
      continue;  // (ModelExclusions::ledger_role)
    }
    std::optional<ObjectKey> key;
    if (kind == "schema") {
      key = ObjectKey{ObjectKind::schema, schema, "", name};
    } else if (kind == "column") {
      key = ObjectKey{ObjectKind::column, schema, row.text("parent_name"), name};
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
    grants[*key].push_back({row.text("grantee"), privilege, row.flag("grantable")});
  }
  for (auto& [key, object] : model.objects) {
    switch (key.kind) {
      case ObjectKind::extension:
      case ObjectKind::constraint:
      case ObjectKind::index:
      case ObjectKind::trigger:
      case ObjectKind::rule:
      case ObjectKind::policy:
      case ObjectKind::statistics:
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
    const pg::Result session = connection.exec(embedded_sql("model_session.sql"));
    const pg::Rows session_rows(session);
    model.server_version = session_rows[0].text("server_version");
    model.server_version_num = static_cast<int>(session_rows[0].integer("server_version_num"));
    read_schemas(connection, model);
    read_extensions(connection, model);
    read_relations(connection, model);
    read_columns(connection, model);
    read_constraints(connection, model);
    read_indexes(connection, model);
    read_sequences(connection, model);
    read_functions(connection, model);
    read_triggers(connection, model);
    read_rules(connection, model);
    read_policies(connection, model);
    read_statistics(connection, model);
    read_types(connection, model);
    read_privileges(connection, model, exclusions);
    connection.exec("COMMIT");
  } catch (...) {
    if (connection.is_ok()) connection.exec("ROLLBACK");
    throw;
  }
  exclude_ledger(model, exclusions);
  return model;
}

}  // namespace pgapply::engine
