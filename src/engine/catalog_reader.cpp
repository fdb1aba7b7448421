#include "engine/catalog_reader.hpp"

#include <chrono>
#include <map>

#include "core/embedded_sql.hpp"
#include "core/sql_quote.hpp"
#include "ddl/row_trigger.hpp"
#include "ddl/writing_routine.hpp"
#include "engine/platform_admin.hpp"
#include "migrate/supabase_history.hpp"
#include "pg/rows.hpp"
#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"

namespace pgapply::engine {

namespace {

using Key = std::pair<std::string, std::string>;  // schema, relation

char one_char(const pg::Row& row, std::string_view column) {
  const std::string value = row.text(column);
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

}  // namespace

schema::CatalogSnapshot read_catalog(pg::Connection& connection) {
  schema::CatalogSnapshot snapshot;
  // One snapshot of the catalogs for every query.
  connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const auto session_result = connection.exec_params(embedded_sql("catalog_session.sql"), platform_admin_params());
    const pg::Rows session_rows(session_result);
    const pg::Row session = session_rows[0];
    snapshot.server_version = static_cast<int>(session.integer("server_version_num"));
    snapshot.server_version_text = session.text("server_version");
    snapshot.database = session.text("database_name");
    snapshot.current_user = session.text("user_name");
    snapshot.superuser = session.flag("superuser");
    snapshot.can_create_schema = session.flag("can_create_schema");
    if (!session.is_null("platform_admin")) snapshot.platform_admin = session.text("platform_admin");
    if (!session.is_null("member_of")) {
      for (auto& role : split_list(session.text("member_of"), '\n')) snapshot.member_of.insert(std::move(role));
    }
    snapshot.search_path = split_list(session.text("search_path"), '\n');
    snapshot.unseen_calls = session.flag("unseen_calls");

    const auto schemas = connection.exec(embedded_sql("catalog_schemas.sql"));
    for (const pg::Row row : pg::Rows(schemas)) {
      snapshot.schemas.push_back({row.text("schema_name"), row.flag("can_create"), row.text("owner_name")});
    }

    std::map<Key, std::size_t> relation_index;
    const auto relations = connection.exec(embedded_sql("catalog_relations.sql"));
    for (const pg::Row row : pg::Rows(relations)) {
      schema::CatalogRelation relation;
      relation.schema = row.text("schema_name");
      relation.name = row.text("relation_name");
      relation.kind = one_char(row, "relation_kind");
      relation.row_security = row.flag("row_security");
      relation.force_row_security = row.flag("force_row_security");
      relation.has_rules = row.flag("has_rules");
      relation.row_estimate = row.real("row_estimate");
      relation.total_bytes = row.integer("total_bytes");
      relation.owner = row.text("owner_name");
      relation.owned = row.flag("owned") || snapshot.superuser;
      relation.may_trigger = row.flag("may_trigger");  // (true for its owner and a superuser)
      relation.owned_by_table = row.optional_text("owned_by_table").value_or("");
      relation.owned_by_column = row.optional_text("owned_by_column").value_or("");
      relation.tablespace = row.optional_text("tablespace_name").value_or("");
      relation.persistence = row.text("persistence").empty() ? 'p' : row.text("persistence").front();
      relation.access_method = row.optional_text("access_method").value_or("");
      relation.partition_key = row.optional_text("partition_key").value_or("");
      if (const auto types = row.optional_text("partition_key_types")) {
        // (one key expression alone is the one empty line: "")
        relation.partition_key_types = types->empty() ? std::vector<std::string>{""} : split_list(*types, '\n');
      }
      if (const auto name = row.optional_text("default_partition_name")) {
        relation.default_partition = std::make_pair(row.text("default_partition_schema"), *name);
      }
      relation_index[{relation.schema, relation.name}] = snapshot.relations.size();
      snapshot.relations.push_back(std::move(relation));
    }
    // The relation a row of the queries below belongs to (by its schema_name
    // and relation_name), or null for one not read above.
    auto relation_of = [&](const pg::Row& row) -> schema::CatalogRelation* {
      const auto found = relation_index.find({row.text("schema_name"), row.text("relation_name")});
      return found == relation_index.end() ? nullptr : &snapshot.relations[found->second];
    };

    const auto columns = connection.exec(embedded_sql("catalog_columns.sql"));
    for (const pg::Row row : pg::Rows(columns)) {
      auto* relation = relation_of(row);
      if (relation == nullptr) continue;
      schema::CatalogColumn column;
      column.name = row.text("column_name");
      column.type = row.text("type_name");
      column.not_null = row.flag("not_null");
      column.default_expression = row.optional_text("default_expression");
      column.identity = one_char(row, "identity_kind");
      column.generated = one_char(row, "generated_kind");
      column.generation_expression = row.optional_text("generation_expression");
      column.local = row.flag("local");
      relation->columns.push_back(std::move(column));
    }

    const auto indexes = connection.exec(embedded_sql("catalog_indexes.sql"));
    for (const pg::Row row : pg::Rows(indexes)) {
      auto* relation = relation_of(row);
      if (relation == nullptr) continue;
      relation->indexes.push_back({row.text("index_name"), row.flag("valid"), row.flag("ready"),
                                   row.flag("is_unique"), row.flag("is_primary"), row.text("definition")});
    }

    const auto constraints = connection.exec(embedded_sql("catalog_constraints.sql"));
    for (const pg::Row row : pg::Rows(constraints)) {
      auto* relation = relation_of(row);
      if (relation == nullptr) continue;
      relation->constraints.push_back({row.text("constraint_name"), one_char(row, "constraint_type"),
                                       row.flag("validated"), row.text("definition")});
    }

    const auto policies = connection.exec(embedded_sql("catalog_policies.sql"));
    for (const pg::Row row : pg::Rows(policies)) {
      auto* relation = relation_of(row);
      if (relation == nullptr) continue;
      relation->policies.push_back({row.text("policy_name"), row.text("command"), row.flag("permissive")});
    }

    const auto triggers = connection.exec(embedded_sql("catalog_triggers.sql"));
    for (const pg::Row row : pg::Rows(triggers)) {
      auto* relation = relation_of(row);
      if (relation == nullptr) continue;
      const std::string language = row.text("language_name");
      const std::string body = row.text("body");
      const std::string function = row.text("function_name");
      const std::string extension = row.text("extension_name");
      const std::string argument = row.text("first_argument");
      const ddl::TriggerFunction read{language, body, function, extension, argument};
      relation->triggers.push_back({row.text("trigger_name"), ddl::trigger_may_write_rows(read),
                                    row.flag("before_row"), row.flag("fires"), row.flag("on_insert"),
                                    row.flag("on_update"), row.flag("on_delete"),
                                    row.flag("conditional"), ddl::row_trigger_sets(read)});
      if (const auto tables = ddl::routine_appends_to(language, body)) {
        auto& appends = relation->triggers.back().appends_to.emplace();
        for (const auto& table : *tables) appends.emplace_back(table.schema, table.name);
      }
    }

    const auto inherits = connection.exec(embedded_sql("catalog_inherits.sql"));
    for (const pg::Row row : pg::Rows(inherits)) {
      auto* relation = relation_of(row);
      if (relation != nullptr) relation->parents.emplace_back(row.text("parent_schema"), row.text("parent_name"));
    }

    const auto routines = connection.exec(embedded_sql("catalog_routines.sql"));
    for (const pg::Row row : pg::Rows(routines)) {
      const char kind = one_char(row, "routine_kind");
      // (an aggregate's or window function's own functions are routines of their own)
      const bool may_write = kind != 'a' && kind != 'w' &&
                             ddl::routine_may_write_rows(row.text("language_name"), row.text("body"), true);
      snapshot.routines.push_back({row.text("schema_name"), row.text("routine_name"), kind,
                                   row.text("identity_arguments"), row.text("argument_types"), may_write,
                                   row.flag("trigger_function"), row.flag("referenced"),
                                   row.flag("indexed"), row.flag("index_support")});
      snapshot.routines.back().volatility = one_char(row, "volatility");
    }

    const auto event_triggers = connection.exec(embedded_sql("catalog_event_triggers.sql"));
    for (const pg::Row row : pg::Rows(event_triggers)) {
      const std::string tags = row.text("tags");
      snapshot.event_triggers.push_back({row.text("trigger_name"), row.text("event"),
                                         tags.empty() ? std::vector<std::string>{} : split_list(tags, '\n'),
                                         ddl::routine_may_write_rows(row.text("language_name"), row.text("body"),
                                                                     false)});
    }

    const auto types = connection.exec(embedded_sql("catalog_types.sql"));
    for (const pg::Row row : pg::Rows(types)) {
      schema::CatalogType type{row.text("schema_name"), row.text("type_name"), one_char(row, "type_kind"), {}};
      if (type.kind == 'e') type.enum_labels = split_list(row.text("enum_labels"), '\n');
      type.constrained = row.flag("domain_constrained");
      type.has_default = row.flag("domain_has_default");
      type.not_null = row.flag("domain_not_null");
      snapshot.types.push_back(std::move(type));
    }

    const auto extensions = connection.exec(embedded_sql("catalog_extensions.sql"));
    for (const pg::Row row : pg::Rows(extensions)) {
      snapshot.extensions.push_back({row.text("extension_name"), row.text("schema_name"), row.text("version")});
    }
    const auto available = connection.exec(embedded_sql("catalog_available_extensions.sql"));
    snapshot.available_extensions.emplace();
    for (const pg::Row row : pg::Rows(available)) {
      snapshot.available_extensions->insert(row.text("extension_name"));
      if (row.flag("needs_superuser")) snapshot.superuser_extensions.insert(row.text("extension_name"));
    }

    const auto holders = connection.exec(embedded_sql("catalog_lock_holders.sql"));
    for (const pg::Row row : pg::Rows(holders)) {
      schema::LockHolder holder;
      holder.schema = row.text("schema_name");
      holder.relation = row.text("relation_name");
      holder.pid = static_cast<int>(row.integer("pid"));
      holder.mode = row.text("lock_mode");
      holder.granted = row.flag("granted");
      holder.state = row.text("state");
      holder.transaction_seconds = row.integer("transaction_seconds");
      holder.application = row.text("application_name");
      holder.user = row.text("user_name");
      holder.query = row.text("query");
      snapshot.lock_holders.push_back(std::move(holder));
    }
    connection.exec("COMMIT");
  } catch (...) {
    if (connection.is_ok()) connection.exec("ROLLBACK");
    throw;
  }
  return snapshot;
}

void read_role_dependencies(pg::Connection& connection, const std::vector<std::string>& roles,
                            schema::CatalogSnapshot& snapshot) {
  if (roles.empty()) return;
  const auto result = connection.exec_params(embedded_sql("catalog_role_dependencies.sql"),
                                             {migrate::text_array_literal(roles)});
  for (const pg::Row row : pg::Rows(result)) {
    snapshot.role_dependencies.push_back(
        {row.text("role_name"), row.text("dependency"), row.text("database_name"), row.flag("shared"),
         row.flag("owner")});
  }
}

namespace {

// The bounds of preflight's reads of the target's rows (read_row_checks).
constexpr std::chrono::milliseconds row_check_time{5000};  // each
constexpr std::chrono::milliseconds row_check_lock_wait{1000};
constexpr std::chrono::seconds row_checks_time{30};  // all of them

std::string seconds_text(std::chrono::milliseconds time) {
  const auto tenths = (time.count() + 50) / 100;
  return std::to_string(tenths / 10) + (tenths % 10 == 0 ? "" : "." + std::to_string(tenths % 10)) + " s";
}

// Why a row check could not be read in `time`; "" where the target cannot
// take the question as asked (a CHECK's expression naming a column the run
// adds first, SQLSTATE class 42 but a lacking privilege): nothing to report.
std::string unread_reason(const pg::ServerError& error, std::chrono::milliseconds time) {
  if (pg::sqlstate::is_query_canceled(error.sqlstate)) return "reading its table took longer than " + seconds_text(time);
  if (error.sqlstate == pg::sqlstate::lock_not_available) {
    return "another session held a lock on its table, which reading it waited for over " +
           seconds_text(row_check_lock_wait);
  }
  if (pg::sqlstate::in_class(error.sqlstate, "42") && !pg::sqlstate::is_permission_denied(error.sqlstate)) return "";
  return error.message;
}

// Whether two rows of `table` (as row_check_query names it) conflict under
// an exclusion constraint: each element's value of one and of the other
// satisfy its operator, both rows within its WHERE. (Each pair once: the
// operators are commutative, as PostgreSQL requires of them.)
std::string conflicts_query(const schema::RowCheck& check, const std::string& table) {
  std::string values;
  std::string conflict;
  for (std::size_t i = 0; i < check.columns.size() && i < check.operators.size(); ++i) {
    const std::string name = "pgapply_" + std::to_string(i + 1);
    // (the newline ends a -- comment the element may end with)
    values += ", (" + check.columns[i] + "\n) AS " + name;  // (RowCheck::columns_as_sql)
    conflict += " AND pgapply_a." + name + " " + check.operators[i] + " pgapply_b." + name;
  }
  const std::string rows = "(SELECT tableoid AS pgapply_table, ctid AS pgapply_row" + values + " FROM " + table +
                           (check.where.empty() ? "" : " WHERE (" + check.where + "\n)") + ")";
  return "SELECT EXISTS (SELECT FROM " + rows + " AS pgapply_a JOIN " + rows +
         " AS pgapply_b ON (pgapply_a.pgapply_table, pgapply_a.pgapply_row) < (pgapply_b.pgapply_table, "
         "pgapply_b.pgapply_row)" + conflict + ") AS found";
}

// A row of the table whose `check.columns` hold the inserted row's values
// (`row`.pgapply_1...). Under UNIQUE NULLS NOT DISTINCT an inserted NULL
// clashes with a row's NULL, which `=` never matches: `a = v OR (a IS NULL
// AND v IS NULL)` per column, which the key's index answers, where IS NOT
// DISTINCT FROM reads every row.
std::string same_key(const schema::RowCheck& check, const std::string& row) {
  std::string out;
  for (std::size_t i = 0; i < check.columns.size(); ++i) {
    const std::string name = row + ".pgapply_" + std::to_string(i + 1);
    const std::string column = quote_identifier(check.columns[i]);
    out += i == 0 ? "" : " AND ";
    out += check.nulls_not_distinct ? "(" + column + " = " + name + " OR (" + column + " IS NULL AND " + name +
                                          " IS NULL))"
                                    : column + " = " + name;
  }
  return out;
}

// Whether a row an INSERT ... ON CONFLICT inserts has the values of
// `check.columns` that a row of `table` has: a row whose arbiter key
// (`check.arbiter_columns`) a row of the table has is not inserted (DO
// NOTHING skips it, DO UPDATE updates that row), nor is one whose arbiter
// key another row it inserts has (it would skip or fail on that row first:
// not asked); one whose arbiter key has a NULL conflicts with none. With
// DO UPDATE, a table's row that it updates may take another key: only rows
// it updates none of count.
std::string arbiter_query(const schema::RowCheck& check, const std::string& table) {
  std::string names;  // the inserted rows' columns: pgapply_1... (check.columns'), pgapply_a1... (the arbiter's)
  const std::string keys = same_key(check, "pgapply_row");  // a row of the table with the inserted row's values
  for (std::size_t i = 0; i < check.columns.size(); ++i) names += (i == 0 ? "pgapply_" : ", pgapply_") + std::to_string(i + 1);
  std::string arbiter;    // the table's arbiter columns
  std::string values;     // the inserted rows' arbiter values: of this row, of another, of all
  std::string others;
  std::string all;
  for (std::size_t i = 0; i < check.arbiter_columns.size(); ++i) {
    const std::string name = "pgapply_a" + std::to_string(i + 1);
    const std::string comma = i == 0 ? "" : ", ";
    names += ", " + name;
    arbiter += comma + quote_identifier(check.arbiter_columns[i]);
    values += comma + "pgapply_row." + name;
    others += comma + "pgapply_same." + name;
    all += comma + name;
  }
  std::string out = "WITH pgapply_inserted (" + names + ") AS (VALUES " + check.expression + "\n)\n" +
                    "SELECT EXISTS (SELECT FROM pgapply_inserted AS pgapply_row WHERE (SELECT pg_catalog.count(*) "
                    "FROM pgapply_inserted AS pgapply_same WHERE (" + others + ") = (" + values + ")) <= 1" +
                    " AND NOT EXISTS (SELECT FROM " + table + " WHERE (" + arbiter + ") = (" + values + "))" +
                    " AND EXISTS (SELECT FROM " + table + " WHERE " + keys;
  // (a row whose arbiter key has a NULL updates none)
  if (check.arbiter_updates) {
    out += " AND (" + arbiter + ") NOT IN (SELECT " + all + " FROM pgapply_inserted WHERE (" + all + ") IS NOT NULL)";
  }
  return out + ")) AS found";
}

// SELECT EXISTS (...) AS found: whether a row answers `check`.
std::string row_check_query(const schema::RowCheck& check) {
  // (RowCheck::with_children says whether its children's rows count)
  // (or its rows as the run leaves them, by its name)
  const std::string only = check.with_children ? "" : "ONLY ";
  const std::string table = !check.rows_as.empty() ? "(" + check.rows_as + "\n) AS " + quote_identifier(check.table)
                                                   : only + quote_qualified_name(check.schema, check.table);
  std::string columns;
  std::string all_set;  // a row with a NULL in one never clashes, nor names a row (MATCH SIMPLE)
  std::string same;     // orphans: the referenced row's columns equal the row's
  for (std::size_t i = 0; i < check.columns.size(); ++i) {
    const std::string column =
        check.columns_as_sql ? "(" + check.columns[i] + "\n)" : quote_identifier(check.columns[i]);
    columns += (columns.empty() ? "" : ", ") + column;
    // (num_nulls: a composite whose fields are all NULL is a value, as NOT NULL and keys have it, not NULL)
    all_set += (all_set.empty() ? " WHERE " : " AND ") + std::string("pg_catalog.num_nulls(") + column + ") = 0";
    if (i < check.referenced_columns.size()) {
      same += (same.empty() ? "" : " AND ") + std::string("pgapply_referenced.") +
              quote_identifier(check.referenced_columns[i]) + " = pgapply_row." + column;
    }
  }
  switch (check.kind) {
    case schema::RowCheckKind::nulls:
      return "SELECT EXISTS (SELECT FROM " + table + " WHERE pg_catalog.num_nulls(" + columns + ") = 1) AS found";
    case schema::RowCheckKind::duplicates: {
      // (a partial index's rows alone)
      std::string rows = check.nulls_not_distinct ? "" : all_set;
      if (!check.where.empty()) rows += (rows.empty() ? " WHERE (" : " AND (") + check.where + "\n)";
      return "SELECT EXISTS (SELECT FROM " + table + rows + " GROUP BY " + columns +
             " HAVING pg_catalog.count(*) > 1) AS found";
    }
    case schema::RowCheckKind::violations:
      // (the newline ends a -- comment the expression may end with)
      return "SELECT EXISTS (SELECT FROM " + table + " WHERE NOT (" + check.expression + "\n)) AS found";
    case schema::RowCheckKind::conversion:
      // every row's new value made (count() reads each, and the result uses
      // count, which the planner would drop from a subquery): an error is the answer
      return "SELECT pg_catalog.count(" + check.expression + ") < 0 AS found FROM " + table;
    case schema::RowCheckKind::present: {
      if (!check.arbiter_columns.empty()) return arbiter_query(check, table);
      if (!check.nulls_not_distinct) {
        return "SELECT EXISTS (SELECT FROM " + table + " WHERE (" + columns + ") IN (" + check.expression +
               ")) AS found";
      }
      std::string names;
      for (std::size_t i = 0; i < check.columns.size(); ++i) {
        names += (i == 0 ? "pgapply_" : ", pgapply_") + std::to_string(i + 1);
      }
      return "SELECT EXISTS (SELECT FROM (VALUES " + check.expression + "\n) AS pgapply_inserted (" + names +
             ") WHERE EXISTS (SELECT FROM " + table + " WHERE " + same_key(check, "pgapply_inserted") +
             ")) AS found";
    }
    case schema::RowCheckKind::any_row:
      return "SELECT EXISTS (SELECT FROM " + table + ") AS found";
    case schema::RowCheckKind::conflicts:
      return conflicts_query(check, table);
    case schema::RowCheckKind::orphans:
      break;
  }
  // (as PostgreSQL's own check reads it: ONLY the referenced table, but a partitioned one's partitions; or
  // its rows as the run leaves them)
  const std::string referenced =
      !check.referenced_rows_as.empty()
          ? "(" + check.referenced_rows_as + "\n)"
          : (check.referenced_partitioned ? "" : "ONLY ") +
                quote_qualified_name(check.referenced_schema, check.referenced_table);
  const std::string rows = check.rows_as.empty() ? table : "(" + check.rows_as + "\n)";
  // MATCH FULL: a row that sets some of the columns and not all fails too
  const std::string mixed = !check.match_full ? "" : " OR pg_catalog.num_nulls(" + columns + ") BETWEEN 1 AND " +
                                                         std::to_string(check.columns.size() - 1);
  return "SELECT EXISTS (SELECT FROM " + rows + " AS pgapply_row" + all_set + " AND NOT EXISTS (SELECT FROM " +
         referenced + " AS pgapply_referenced WHERE " + same + ")" + mixed + ") AS found";
}

}  // namespace

void read_row_checks(pg::Connection& connection, std::vector<schema::RowCheck> checks,
                     schema::CatalogSnapshot& snapshot) {
  using std::chrono::milliseconds;
  const auto budget_end = std::chrono::steady_clock::now() + row_checks_time;
  for (auto& check : checks) {
    const auto left = std::chrono::duration_cast<milliseconds>(budget_end - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      check.unread = "preflight reads rows for " + seconds_text(row_checks_time) +
                     " at most, and the checks before it took them";
      continue;
    }
    const milliseconds time = std::min(left, row_check_time);
    // Each in a transaction of its own, so that no table stays locked past
    // its read: bounded, with no parallel workers, never queueing the
    // application for long behind a lock it waits for, and failing where
    // row-level security would hide rows rather than answer for fewer.
    // (REPEATABLE READ: a serializable default would take predicate locks on what it scans)
    const std::string settings = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = " +
                                 std::to_string(time.count()) + "; SET LOCAL lock_timeout = " +
                                 std::to_string(row_check_lock_wait.count()) +
                                 "; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL row_security = off; ";
    try {
      const auto result = connection.exec(settings + row_check_query(check));
      const pg::Rows rows(result);
      check.found = rows[0].flag("found");
      connection.exec("COMMIT");
    } catch (const pg::ServerError& error) {
      connection.exec("ROLLBACK");
      // A row that does not convert (a data exception, a domain's check): ALTER ... TYPE fails with that.
      const bool row_failed =
          pg::sqlstate::is_data_exception(error.sqlstate) || pg::sqlstate::is_integrity_violation(error.sqlstate);
      if (check.kind == schema::RowCheckKind::conversion && row_failed) {
        check.found = true;
        check.failure = error.message + " (SQLSTATE " + error.sqlstate + ")";
      } else {
        check.unread = unread_reason(error, time);
      }
    }
  }
  for (auto& check : checks) snapshot.row_checks.push_back(std::move(check));
}

}  // namespace pgapply::engine
