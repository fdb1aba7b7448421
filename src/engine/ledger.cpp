#include "engine/ledger.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string_view>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "core/sql_template.hpp"
#include "engine/foreign_ledger_reader.hpp"
#include "engine/ledger_privileges.hpp"
#include "engine/script_sink.hpp"
#include "migrate/companion_row.hpp"
#include "migrate/version.hpp"
#include "pg/rows.hpp"
#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"

namespace pgapply::engine {

namespace {

// PostgreSQL's limit on a name's length, in bytes (NAMEDATALEN - 1).
constexpr std::size_t max_name_bytes = 63;

// The columns a current ledger has, with their types as format_type prints them.
const std::map<std::string, std::string>& current_columns() {
  static const std::map<std::string, std::string> columns = {
      {"version", "text"}, {"name", "text"}, {"file_name", "text"}, {"checksum", "text"},
      {"state", "text"}, {"applied_at", "timestamp with time zone"}, {"applied_by", "text"},
      {"client", "text"}, {"duration_ms", "bigint"}, {"statements", "integer"},
      {"statements_done", "integer"}, {"statement_running", "integer"}, {"earlier_statements_done", "integer"},
      {"transactional", "boolean"},
      {"error", "text"}, {"method", "text"}, {"source", "text"}, {"pgapply_version", "text"}};
  return columns;
}

}  // namespace

LedgerName parse_ledger_name(const std::string& text, LedgerFormat format) {
  LedgerName name;
  name.format = format;
  const auto dot = text.find('.');
  if (dot == std::string::npos) {
    name.table = text;
  } else {
    name.schema = text.substr(0, dot);
    name.table = text.substr(dot + 1);
    name.schema_given = true;
    if (name.schema.empty()) throw Error(ErrorKind::usage, "--ledger " + text + ": the schema is empty");
  }
  if (name.table.empty() || name.table.find('.') != std::string::npos) {
    throw Error(ErrorKind::usage, "--ledger must be [schema.]table, not '" + text + "'");
  }
  // PostgreSQL reserves these for its own schemas (CREATE SCHEMA refuses
  // them, and no table can be made in pg_catalog or pg_toast).
  if (name.schema.rfind("pg_", 0) == 0) {
    throw Error(ErrorKind::usage, "--ledger " + text + ": the schema name begins with pg_, which PostgreSQL keeps for "
                                  "its own schemas (no ledger can be made in " + name.schema + "): name another schema");
  }
  // A quoted name would be another ledger, its quotes part of its name.
  if (text.find('"') != std::string::npos) {
    throw Error(ErrorKind::usage, "--ledger " + text + ": write the names without SQL's quotes (pgapply takes "
                                  "them as written, letter case included, and quotes them itself)");
  }
  if (const auto tool = companion_tool(format)) {
    const std::string_view companion = migrate::default_foreign_table(*tool);
    if (name.table == companion.substr(companion.rfind('.') + 1)) {
      throw Error(ErrorKind::usage, "--ledger " + text + ": with --ledger-format " + std::string(to_string(format)) +
                                        " that name is " + std::string(migrate::to_string(*tool)) +
                                        "'s, whose table pgapply keeps beside its own ledger: name the ledger "
                                        "otherwise (the default is pgapply_migrations)");
    }
  }
  // PostgreSQL would cut longer names short: <name> and <name>_history
  // could become the same table, and the names PostgreSQL derives for the
  // sequence and constraints would not be the ones pgapply names in hints
  // (GRANT USAGE ON SEQUENCE <name>_history_id_seq). Every name is refused
  // that would make one of them longer than PostgreSQL keeps; then the name
  // pgapply quotes (and keys its lock on) is exactly the one PostgreSQL uses.
  constexpr std::string_view derived[] = {"_history_id_seq", "_history_pkey", "_history", "_method_check",
                                          "_state_check", "_pkey"};
  if (name.schema.size() > max_name_bytes) {
    throw Error(ErrorKind::usage, "--ledger " + text + ": the schema name has " + std::to_string(name.schema.size()) +
                                      " bytes; PostgreSQL keeps at most 63");
  }
  for (const std::string_view suffix : derived) {
    if (name.table.size() + suffix.size() <= max_name_bytes) continue;
    throw Error(ErrorKind::usage, "--ledger " + text + ": the table name has " + std::to_string(name.table.size()) +
                                      " bytes; it may have at most " +
                                      std::to_string(max_name_bytes - derived[0].size()) +
                                      " (PostgreSQL keeps 63 bytes of a name, and " + name.table +
                                      std::string(suffix) + " would have " +
                                      std::to_string(name.table.size() + suffix.size()) + ")");
  }
  return name;
}

LedgerName resolve_ledger_name(LedgerName name, const std::optional<std::string>& current_schema,
                               const std::optional<std::string>& found_schema) {
  // dbmate and golang-migrate keep schema_migrations in the current schema.
  const auto tool = companion_tool(name.format);
  const bool companion_here = tool && *tool != migrate::ForeignTool::supabase;
  if (!name.schema.empty() && !companion_here) return name;
  if (!current_schema) {
    throw Error(ErrorKind::usage,
                name.schema.empty() ? "the connection has no current schema (search_path is empty): name the "
                                      "ledger's schema with --ledger SCHEMA.TABLE"
                                    : "--ledger-format " + std::string(to_string(name.format)) +
                                          ": the connection has no current schema (search_path is empty), where " +
                                          std::string(migrate::to_string(*tool)) + " keeps schema_migrations");
  }
  // An unqualified name is where PostgreSQL finds that table through
  // search_path, if it exists: a migration that creates a schema named
  // before the ledger's in search_path does not move the ledger.
  if (name.schema.empty()) name.schema = found_schema && !companion_here ? *found_schema : *current_schema;
  if (companion_here) name.companion_schema = *current_schema;
  return name;
}

std::string ledger_grants(const LedgerName& name, const std::string& role) {
  const std::string to = " TO " + quote_identifier(role) + ";";
  return "GRANT USAGE ON SCHEMA " + quote_identifier(name.schema) + to + " GRANT SELECT, INSERT, UPDATE, DELETE ON " +
         name.quoted() + ", " + name.quoted_history() + to + " GRANT USAGE ON SEQUENCE " +
         quote_qualified_name(name.schema, name.table + "_history_id_seq") + to;
}

std::string companion_grants(const LedgerName& name, const std::string& role) {
  const auto tool = companion_tool(name.format);
  if (!tool) return "";
  const std::string to = " TO " + quote_identifier(role) + ";";
  std::string privileges;
  for (const auto& privilege : companion_privileges(*tool)) privileges += (privileges.empty() ? "" : ", ") + privilege;
  return "GRANT USAGE ON SCHEMA " + quote_identifier(name.companion_schema_name()) + to + " GRANT " + privileges +
         " ON " + name.quoted_companion() + to;
}

std::vector<std::string> companion_privileges(migrate::ForeignTool tool) {
  // dbmate's row is inserted or deleted; the others' are upserted.
  if (tool == migrate::ForeignTool::dbmate) return {"SELECT", "INSERT", "DELETE"};
  return {"SELECT", "INSERT", "UPDATE", "DELETE"};
}

pg::Result Ledger::read(std::string_view sql, const std::vector<std::optional<std::string>>& params) {
  try {
    return connection_.exec_params(sql, params);
  } catch (const pg::ServerError& error) {
    if (pg::sqlstate::is_permission_denied(error.sqlstate)) permission_denied("read", error.message);
    throw;
  }
}

bool Ledger::recorded_once() {
  if (!exists()) return false;
  const SqlCall call = protocol_.history_recorded();
  const pg::Result result = read(call.sql, call.values());
  const pg::Rows rows(result);
  return rows[0].flag("recorded");
}

std::map<std::string, std::string> Ledger::taken_back() {
  std::map<std::string, std::string> versions;
  if (!exists()) return versions;
  const SqlCall call = protocol_.history_taken_back();
  const pg::Result result = read(call.sql, call.values());
  for (const pg::Row row : pg::Rows(result)) {
    const std::string event = row.text("event");
    const std::string how = event == "rolled-back" ? "pgapply rolled it back" : "pgapply marked it pending";
    versions[row.text("version")] = how + " (" + event + ", " + row.text("at") + ")";
  }
  return versions;
}

pg::Connection::Query Ledger::deleted_rows_query() const {
  const SqlCall call = protocol_.history_rows_deleted();
  return {call.sql, call.values()};
}

migrate::DeletedRows Ledger::take_deleted_rows(const pg::Result& result) {
  migrate::DeletedRows versions;
  for (const pg::Row row : pg::Rows(result)) versions[row.text("version")] = row.text("event") + ", " + row.text("at");
  return versions;
}

migrate::DeletedRows Ledger::deleted_rows() {
  // (the shape read last, when there is one: a fresh database's run asks nothing more)
  if (known_shape() == LedgerShape::absent) return {};
  const pg::Connection::Query query = deleted_rows_query();
  try {
    return take_deleted_rows(connection_.exec_params(query.sql, query.params));
  } catch (const pg::ServerError& error) {
    // A role that may not read the history (preflight says so as a finding,
    // up refuses with the GRANT): nothing to tell from it.
    if (pg::sqlstate::is_permission_denied(error.sqlstate)) return {};
    throw;
  }
}

void Ledger::permission_denied(const std::string& what, const std::string& detail) {
  const LedgerName& name = protocol_.name();
  const std::string role = acting_role(connection_);
  // The --ledger-format's table, written with the ledger: its GRANT, not the ledger's.
  if (const auto tool = companion_tool(name.format);
      tool && detail.find("permission denied for table schema_migrations") != std::string::npos) {
    throw Error(ErrorKind::check, "the role " + role + " cannot " + what + " " +
                                      migrate::companion_tool_name(*tool) + "'s table " + name.quoted_companion() +
                                      ", which --ledger-format " + std::string(to_string(name.format)) +
                                      " keeps in step with the ledger (" + detail +
                                      "). Grant it, as that table's owner: " +
                                      companion_grants(name, role));
  }
  throw Error(ErrorKind::check, "the role " + role + " cannot " + what + " the ledger " + name.shown() +
                                    " (" + detail + "). Grant it, as the ledger's owner: " +
                                    ledger_grants(name, role));
}

void Ledger::check_history_shape(const std::string& kind, const std::map<std::string, std::string>& columns) const {
  if (kind.empty()) return;  // none yet: made with the ledger
  const LedgerName& name = protocol_.name();
  const std::string shown = (name.schema.empty() ? "" : name.schema + ".") + name.table + "_history";
  if (kind != "r" && kind != "p") {
    throw Error(ErrorKind::check, shown + " is not a pgapply ledger's history: it is not a table (relkind " + kind +
                                      "); name another ledger with --ledger");
  }
  // What pgapply writes to it, in every format.
  std::string missing;
  for (const char* column : {"version", "event", "client", "checksum", "reason", "pgapply_version"}) {
    if (columns.count(column) == 0) missing += (missing.empty() ? "no column " : ", no column ") + std::string(column);
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::check, shown + " is not a pgapply ledger's history (" + missing +
                                      "): another tool's table? Name pgapply's ledger with --ledger");
  }
}

pg::Connection::Query Ledger::shape_query() const {
  const SqlCall call = protocol_.shape();
  return {call.sql, call.values()};
}

LedgerShape Ledger::shape() {
  const pg::Connection::Query query = shape_query();
  return take_shape(connection_.exec_params(query.sql, query.params));
}

LedgerShape Ledger::take_shape(const pg::Result& result) {
  known_shape_.reset();
  const std::string& shown = protocol_.name().shown();
  const pg::Rows rows(result);
  std::map<std::string, std::string> columns;
  std::map<std::string, std::string> history_columns;
  std::string kind;
  std::string history_kind;
  for (const pg::Row row : rows) {
    const bool ledger = row.text("relation") == protocol_.name().table;
    (ledger ? kind : history_kind) = row.text("kind");
    (ledger ? columns : history_columns)[row.text("column_name")] = row.text("column_type");
  }
  check_history_shape(history_kind, history_columns);
  if (kind.empty()) return *(known_shape_ = LedgerShape::absent);
  if (kind != "r" && kind != "p") {
    throw Error(ErrorKind::check, shown + " is not a pgapply ledger: it is not a table (relkind " + kind +
                                      "); name another ledger with --ledger");
  }
  if (columns.count("version") != 0 && columns["version"] == "numeric" && columns.count("statement_running") == 0) {
    return *(known_shape_ = LedgerShape::format1);
  }
  std::string differences;
  bool format2 = false;
  for (const auto& [name, type] : current_columns()) {
    const auto found = columns.find(name);
    if (found == columns.end() && name == "earlier_statements_done") {
      format2 = true;  // the one column format 3 added
    } else if (found == columns.end()) {
      differences += (differences.empty() ? "" : ", ") + std::string("no column ") + name;
    } else if (found->second != type) {
      differences += (differences.empty() ? "" : ", ") + name + " is " + found->second + ", not " + type;
    }
  }
  if (!differences.empty()) {
    throw Error(ErrorKind::check, shown + " is not a pgapply ledger (" + differences +
                                      "): another tool's table? Name pgapply's ledger with --ledger");
  }
  return *(known_shape_ = format2 ? LedgerShape::format2 : LedgerShape::current);
}

std::string printed_ensure_current(const LedgerProtocol& protocol, LedgerShape shape) {
  if (shape == LedgerShape::absent) {
    return "\n-- The ledger " + protocol.name().shown() + " (created if missing)\n" + print_calls(protocol.create());
  }
  const auto upgrade = upgrade_calls(protocol, shape);
  if (upgrade.empty()) return "";
  return "\n-- The ledger " + protocol.name().shown() + " is upgraded to format 3\nBEGIN;\n" + print_calls(upgrade) +
         "COMMIT;\n";
}

std::vector<SqlCall> upgrade_calls(const LedgerProtocol& protocol, LedgerShape shape) {
  switch (shape) {
    case LedgerShape::absent:
    case LedgerShape::current: return {};
    case LedgerShape::format1: return {protocol.upgrade_from_1(), protocol.upgrade_from_2()};
    case LedgerShape::format2: return {protocol.upgrade_from_2()};
  }
  return {};
}

void Ledger::ensure_current() {
  ensure_format();
  // --ledger-format: the other tool's table too, as that tool makes it.
  if (const auto create = protocol_.companion_create()) {
    const auto companion = find_companion_ledger(connection_, name());
    if (!companion) {
      run(*create);
    } else if (const auto upgrade = protocol_.companion_upgrade(); upgrade && !companion->has_name_and_statements) {
      run(*upgrade);
    }
  }
}

void Ledger::ensure_format() {
  const LedgerShape shape = known_shape();
  switch (shape) {
    case LedgerShape::current:
      return;
    case LedgerShape::absent:
      run(protocol_.create());
      break;
    case LedgerShape::format1:
    case LedgerShape::format2:
      upgrade(shape);
      break;
  }
  known_shape_ = LedgerShape::current;
}

namespace {

// SQL as one line, its comment lines left out: the upgrade itself as a hint
// that runs as printed (in psql).
std::string one_line(const std::string& sql) {
  std::string out;
  std::size_t start = 0;
  while (start < sql.size()) {
    const std::size_t end = std::min(sql.find('\n', start), sql.size());
    const std::string_view line = std::string_view(sql).substr(start, end - start);
    if (!line.empty() && !line.starts_with("--")) out += (out.empty() ? "" : " ") + std::string(line);
    start = end + 1;
  }
  return out;
}

}  // namespace

void Ledger::upgrade(LedgerShape shape) {
  connection_.exec("BEGIN");
  try {
    for (const SqlCall& call : upgrade_calls(protocol_, shape)) connection_.exec(call.sql);
    connection_.exec("COMMIT");
  } catch (const pg::ServerError& error) {
    if (connection_.is_ok()) connection_.exec("ROLLBACK");
    if (!pg::sqlstate::is_permission_denied(error.sqlstate)) throw;
    // ALTER TABLE takes the table's owner, whom no GRANT makes.
    const LedgerName& name = protocol_.name();
    throw Error(ErrorKind::check,
                "the role " + acting_role(connection_) + " cannot upgrade the ledger " + name.shown() +
                    " to this pgapply's format 3 (" + error.message + "): as the ledger's owner, " +
                    (shape == LedgerShape::format2 ? "run: " + one_line(protocol_.upgrade_from_2().sql)
                                                   : std::string("run this pgapply once")));
  } catch (...) {
    if (connection_.is_ok()) connection_.exec("ROLLBACK");
    throw;
  }
}

void Ledger::run(const SqlCall& call) {
  try {
    if (call.params.empty()) {
      connection_.exec(call.sql);
    } else {
      connection_.exec_params(call.sql, call.values());
    }
  } catch (const pg::ServerError& error) {
    if (pg::sqlstate::is_permission_denied(error.sqlstate)) permission_denied("write", error.message);
    throw;
  }
}

void Ledger::run(const std::vector<SqlCall>& calls) {
  for (const auto& call : calls) run(call);
}

void Ledger::run_in_transaction(const std::vector<SqlCall>& calls) {
  connection_.exec("BEGIN");
  try {
    run(calls);
    connection_.exec("COMMIT");
  } catch (...) {
    if (connection_.is_ok()) connection_.exec("ROLLBACK");
    throw;
  }
}

pg::Connection::Query Ledger::elsewhere_query(const migrate::Checksums& checksums) const {
  std::string versions;
  std::string sums;
  for (const auto& [version, checksum] : checksums) {
    versions += (versions.empty() ? "" : "\n") + version;
    sums += (sums.empty() ? "" : "\n") + checksum;
  }
  return {std::string(embedded_sql("ledger_elsewhere.sql")), {name().table, name().schema, versions, sums}};
}

std::vector<Ledger::Elsewhere> Ledger::elsewhere(const migrate::Checksums& checksums) {
  // Alone, through exec_params: outside pipeline mode libpq keeps the
  // server's last words (a FATAL) when the connection ends.
  const pg::Connection::Query query = elsewhere_query(checksums);
  try {
    return take_elsewhere({connection_.exec_params(query.sql, query.params), std::nullopt});
  } catch (const pg::ServerError& error) {
    return take_elsewhere({pg::Result(), error});
  }
}

std::vector<Ledger::Elsewhere> Ledger::standing_for_this(std::vector<Elsewhere> found) const {
  std::erase_if(found, [this](const Elsewhere& other) {
    // Most of what it records is this directory's, as it is now: not a
    // file or two another project shares (a template's first migration).
    const bool records_these = other.matching > 0 && other.matching * 2 > other.applied;
    if (!other.same_name) return !records_these;  // the table's name mistyped
    if (!name().schema_given || other.same_schema) return false;  // search_path moved; letter case
    // --ledger naming another schema: a tenant's of its own, unless that
    // schema does not exist yet (a mistyped one would be made).
    return !(records_these && !other.schema_exists);
  });
  return found;
}

std::vector<Ledger::Elsewhere> Ledger::take_elsewhere(const pg::Connection::Outcome& outcome) {
  std::vector<Elsewhere> found;
  if (outcome.error) return found;  // a table we may not read is not ours to point at
  for (const pg::Row row : pg::Rows(outcome.result)) {
    const long long applied = std::stoll(row.text("applied"));
    if (applied > 0) {
      found.push_back({row.text("shown"), applied, std::stoll(row.text("matching")), row.flag("same_name"),
                       row.flag("same_schema"), row.flag("schema_exists")});
    }
  }
  return found;
}

std::optional<pg::Connection::Query> Ledger::rows_query(LedgerShape shape) const {
  if (shape == LedgerShape::absent) return std::nullopt;
  std::string sql = protocol_.rows().sql;
  // The columns an older format lacks read as NULL (it is upgraded once a run writes to it).
  const auto as_null = [&sql](const std::string& column, const std::string& type) {
    const auto at = sql.find(" " + column + ",");
    sql.replace(at + 1, column.size(), "NULL::" + type + " AS " + column);
  };
  if (shape == LedgerShape::format1) {
    as_null("statement_running", "integer");
    as_null("source", "text");
  }
  if (shape == LedgerShape::format1 || shape == LedgerShape::format2) as_null("earlier_statements_done", "integer");
  return pg::Connection::Query{sql, {}};
}

std::vector<migrate::LedgerRow> Ledger::rows() {
  const auto query = rows_query(known_shape());
  if (!query) return {};
  try {  // (alone, through exec_params: see elsewhere())
    return take_rows({connection_.exec_params(query->sql, query->params), std::nullopt});
  } catch (const pg::ServerError& error) {
    return take_rows({pg::Result(), error});
  }
}

std::vector<migrate::LedgerRow> Ledger::rows_with_shape() {
  if (known_shape_) return rows();
  std::vector<pg::Connection::Outcome> outcomes =
      connection_.exec_together({shape_query(), *rows_query(LedgerShape::current)});
  if (take_shape(outcomes[0].take()) != LedgerShape::current) return rows();
  return take_rows(std::move(outcomes[1]));
}

std::vector<migrate::LedgerRow> Ledger::take_rows(pg::Connection::Outcome outcome) {
  if (outcome.error && pg::sqlstate::is_permission_denied(outcome.error->sqlstate)) {
    permission_denied("read", outcome.error->message);
  }
  const pg::Result result = outcome.take();
  std::vector<migrate::LedgerRow> rows;
  const pg::Rows result_rows(result);
  rows.reserve(static_cast<std::size_t>(result_rows.size()));
  for (const pg::Row row : result_rows) {
    migrate::LedgerRow entry;
    entry.version = row.text("version");
    entry.name = row.text("name");
    entry.file_name = row.text("file_name");
    entry.checksum = row.text("checksum");
    entry.state = migrate::parse_ledger_state(row.text("state")).value_or(migrate::LedgerState::failed);
    entry.applied_at = row.text("applied_at");
    entry.applied_at_us = row.text("applied_at_us");
    entry.applied_by = row.text("applied_by");
    entry.duration_ms = row.optional_integer("duration_ms");
    entry.statements = static_cast<int>(row.integer("statements"));
    entry.statements_done = static_cast<int>(row.integer("statements_done"));
    if (const auto running = row.optional_integer("statement_running")) entry.statement_running = static_cast<int>(*running);
    entry.earlier_statements_done = static_cast<int>(row.optional_integer("earlier_statements_done").value_or(0));
    entry.error = row.text("error");
    entry.method = row.text("method");
    entry.source = row.text("source");
    entry.pgapply_version = row.text("pgapply_version");
    rows.push_back(std::move(entry));
  }
  // Mostly in order already (rows come back as they were inserted).
  const auto less = [](const migrate::LedgerRow& a, const migrate::LedgerRow& b) {
    return migrate::compare_versions(a.version, b.version) < 0;
  };
  if (!std::is_sorted(rows.begin(), rows.end(), less)) std::sort(rows.begin(), rows.end(), less);
  return rows;
}

const std::string& client_identity() {
  static const std::string identity = [] {
    const char* user = std::getenv("USER");
    if (user == nullptr) user = std::getenv("LOGNAME");
    if (user == nullptr) {
      const passwd* entry = getpwuid(geteuid());
      if (entry != nullptr) user = entry->pw_name;
    }
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(user != nullptr ? user : "?") + "@" + (host[0] != '\0' ? host : "?");
  }();
  return identity;
}

}  // namespace pgapply::engine
