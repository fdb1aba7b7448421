#include "engine/catalog_reader.hpp"

#include <map>

#include "core/embedded_sql.hpp"

namespace pgapply::engine {

namespace {

using Key = std::pair<std::string, std::string>;  // schema, relation

bool flag(const pg::Result& result, int row, int column) { return result.value(row, column) == "t"; }
std::string text(const pg::Result& result, int row, int column) { return std::string(result.value(row, column)); }
char one_char(const pg::Result& result, int row, int column) {
  const auto value = result.value(row, column);
  return value.empty() ? '\0' : value.front();
}

std::vector<std::string> split_list(const std::string& value, char separator) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= value.size() && !value.empty()) {
    const auto end = std::min(value.find(separator, start), value.size());
    items.push_back(value.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

pg::Result query(pg::Connection& connection, const char* file) {
  return connection.exec(std::string(embedded_sql(file)));
}

}  // namespace

schema::CatalogSnapshot read_catalog(pg::Connection& connection) {
  schema::CatalogSnapshot snapshot;
  // One snapshot of the catalogs for every query.
  connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    auto session = query(connection, "catalog_session.sql");
    snapshot.server_version = std::stoi(text(session, 0, 0));
    snapshot.server_version_text = text(session, 0, 1);
    snapshot.database = text(session, 0, 2);
    snapshot.current_user = text(session, 0, 3);
    snapshot.superuser = flag(session, 0, 4);
    snapshot.can_create_schema = flag(session, 0, 5);
    snapshot.search_path = split_list(text(session, 0, 6), ',');

    auto schemas = query(connection, "catalog_schemas.sql");
    for (int r = 0; r < schemas.rows(); ++r) {
      snapshot.schemas.push_back({text(schemas, r, 0), flag(schemas, r, 1), text(schemas, r, 2)});
    }

    std::map<Key, std::size_t> relation_index;
    auto relations = query(connection, "catalog_relations.sql");
    for (int r = 0; r < relations.rows(); ++r) {
      schema::CatalogRelation relation;
      relation.schema = text(relations, r, 0);
      relation.name = text(relations, r, 1);
      relation.kind = one_char(relations, r, 2);
      relation.row_security = flag(relations, r, 3);
      relation.force_row_security = flag(relations, r, 4);
      relation.row_estimate = std::stod(text(relations, r, 5));
      relation.total_bytes = std::stoll(text(relations, r, 6));
      relation.owner = text(relations, r, 7);
      relation.owned = flag(relations, r, 8) || snapshot.superuser;
      relation_index[{relation.schema, relation.name}] = snapshot.relations.size();
      snapshot.relations.push_back(std::move(relation));
    }
    auto relation_of = [&](const pg::Result& result, int row) -> schema::CatalogRelation* {
      const auto found = relation_index.find({text(result, row, 0), text(result, row, 1)});
      return found == relation_index.end() ? nullptr : &snapshot.relations[found->second];
    };

    auto columns = query(connection, "catalog_columns.sql");
    for (int r = 0; r < columns.rows(); ++r) {
      auto* relation = relation_of(columns, r);
      if (relation == nullptr) continue;
      schema::CatalogColumn column;
      column.name = text(columns, r, 2);
      column.type = text(columns, r, 3);
      column.not_null = flag(columns, r, 4);
      if (!columns.is_null(r, 5)) column.default_expression = text(columns, r, 5);
      column.identity = one_char(columns, r, 6);
      column.generated = one_char(columns, r, 7);
      if (!columns.is_null(r, 8)) column.generation_expression = text(columns, r, 8);
      relation->columns.push_back(std::move(column));
    }

    auto indexes = query(connection, "catalog_indexes.sql");
    for (int r = 0; r < indexes.rows(); ++r) {
      auto* relation = relation_of(indexes, r);
      if (relation == nullptr) continue;
      relation->indexes.push_back({text(indexes, r, 2), flag(indexes, r, 3), flag(indexes, r, 4),
                                   flag(indexes, r, 5), flag(indexes, r, 6), text(indexes, r, 7)});
    }

    auto constraints = query(connection, "catalog_constraints.sql");
    for (int r = 0; r < constraints.rows(); ++r) {
      auto* relation = relation_of(constraints, r);
      if (relation == nullptr) continue;
      relation->constraints.push_back({text(constraints, r, 2), one_char(constraints, r, 3),
                                       flag(constraints, r, 4), text(constraints, r, 5)});
    }

    auto policies = query(connection, "catalog_policies.sql");
    for (int r = 0; r < policies.rows(); ++r) {
      auto* relation = relation_of(policies, r);
      if (relation == nullptr) continue;
      relation->policies.push_back({text(policies, r, 2), text(policies, r, 3), flag(policies, r, 4)});
    }

    auto triggers = query(connection, "catalog_triggers.sql");
    for (int r = 0; r < triggers.rows(); ++r) {
      auto* relation = relation_of(triggers, r);
      if (relation != nullptr) relation->triggers.push_back(text(triggers, r, 2));
    }

    auto routines = query(connection, "catalog_routines.sql");
    for (int r = 0; r < routines.rows(); ++r) {
      snapshot.routines.push_back({text(routines, r, 0), text(routines, r, 1), one_char(routines, r, 2),
                                   text(routines, r, 3), text(routines, r, 4)});
    }

    auto types = query(connection, "catalog_types.sql");
    for (int r = 0; r < types.rows(); ++r) {
      schema::CatalogType type{text(types, r, 0), text(types, r, 1), one_char(types, r, 2), {}};
      if (type.kind == 'e') type.enum_labels = split_list(text(types, r, 3), '\n');
      snapshot.types.push_back(std::move(type));
    }

    auto extensions = query(connection, "catalog_extensions.sql");
    for (int r = 0; r < extensions.rows(); ++r) {
      snapshot.extensions.push_back({text(extensions, r, 0), text(extensions, r, 1), text(extensions, r, 2)});
    }

    auto holders = query(connection, "catalog_lock_holders.sql");
    for (int r = 0; r < holders.rows(); ++r) {
      schema::LockHolder holder;
      holder.schema = text(holders, r, 0);
      holder.relation = text(holders, r, 1);
      holder.pid = std::stoi(text(holders, r, 2));
      holder.mode = text(holders, r, 3);
      holder.granted = flag(holders, r, 4);
      holder.state = text(holders, r, 5);
      holder.transaction_seconds = std::stoll(text(holders, r, 6));
      holder.application = text(holders, r, 7);
      holder.user = text(holders, r, 8);
      holder.query = text(holders, r, 9);
      snapshot.lock_holders.push_back(std::move(holder));
    }
    connection.exec("COMMIT");
  } catch (...) {
    if (connection.is_ok()) connection.exec("ROLLBACK");
    throw;
  }
  return snapshot;
}

}  // namespace pgapply::engine
