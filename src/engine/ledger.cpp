#include "engine/ledger.hpp"

#include "engine/project.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "pgapply_version.hpp"

namespace pgapply::engine {

std::string LedgerName::quoted() const { return quote_qualified_name(schema, table); }
std::string LedgerName::quoted_history() const { return quote_qualified_name(schema, table + "_history"); }
std::string LedgerName::shown() const { return schema.empty() ? table : schema + "." + table; }

LedgerName parse_ledger_name(const std::string& text) {
  LedgerName name;
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
  return name;
}

LedgerName resolve_ledger_name(pg::Connection& connection, LedgerName name) {
  if (!name.schema.empty()) return name;
  const auto result = connection.exec("SELECT current_schema()");
  if (result.rows() != 1 || result.is_null(0, 0)) {
    throw Error(ErrorKind::usage,
                "the connection has no current schema (search_path is empty): name the ledger's "
                "schema with --ledger schema.table");
  }
  name.schema = std::string(result.value(0, 0));
  return name;
}

LedgerEntry ledger_entry(const MigrationScript& script, const std::string& method) {
  const auto& plan = script.analysis.plan;
  return LedgerEntry{script.file.version, script.file.name, script.file.file_name, script.analysis.checksum,
                     static_cast<int>(plan.statements), plan.mode != psql::TransactionMode::autocommit, method};
}

// ---------------------------------------------------------------------------

namespace {

std::optional<std::string> text_or_null(const std::string& value) {
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

std::optional<std::string> number_or_null(std::optional<long long> value) {
  return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
}

}  // namespace

std::string LedgerStatements::sql(const char* file) const {
  return render_sql(embedded_sql(file), {{"ledger", name_.quoted()}, {"history", name_.quoted_history()}});
}

std::vector<SqlCall> LedgerStatements::create() const {
  std::vector<SqlCall> calls;
  if (name_.schema_given) calls.push_back({"CREATE SCHEMA IF NOT EXISTS " + quote_identifier(name_.schema) + ";", {}});
  calls.push_back({sql("ledger_create.sql"), {}});
  return calls;
}

SqlCall LedgerStatements::exists() const { return {sql("ledger_exists.sql"), {name_.quoted()}}; }

SqlCall LedgerStatements::rows() const { return {sql("ledger_rows.sql"), {}}; }

std::vector<SqlCall> LedgerStatements::applied(const LedgerEntry& entry,
                                               std::optional<long long> duration_ms) const {
  return {{sql("ledger_record.sql"),
           {entry.version, entry.name, entry.file_name, entry.checksum, client_identity(),
            number_or_null(duration_ms), std::to_string(entry.statements),
            entry.transactional ? "true" : "false", entry.method, std::string(pgapply::version)}},
          event(entry.version, entry.method == "up" ? "applied" : entry.method, entry.checksum, "")};
}

SqlCall LedgerStatements::started(const LedgerEntry& entry) const {
  return {sql("ledger_start.sql"),
          {entry.version, entry.name, entry.file_name, entry.checksum, client_identity(),
           std::to_string(entry.statements), std::string(pgapply::version)}};
}

SqlCall LedgerStatements::progress(const std::string& version, std::size_t done) const {
  return {sql("ledger_progress.sql"), {version, std::to_string(done)}};
}

std::vector<SqlCall> LedgerStatements::failed(const std::string& version, std::size_t done,
                                              const std::string& error, long long duration_ms) const {
  return {{sql("ledger_fail.sql"), {version, std::to_string(done), error, std::to_string(duration_ms)}},
          event(version, "failed", "", error)};
}

std::vector<SqlCall> LedgerStatements::finished(const LedgerEntry& entry,
                                                std::optional<long long> duration_ms) const {
  return {{sql("ledger_finish.sql"), {entry.version, number_or_null(duration_ms)}},
          event(entry.version, "applied", entry.checksum, "")};
}

SqlCall LedgerStatements::remove(const std::string& version) const {
  return {"DELETE FROM " + name_.quoted() + " WHERE version = $1::numeric;", {version}};
}

SqlCall LedgerStatements::set_checksum(const std::string& version, const std::string& checksum) const {
  return {"UPDATE " + name_.quoted() + " SET checksum = $2 WHERE version = $1::numeric;", {version, checksum}};
}

SqlCall LedgerStatements::event(const std::string& version, const std::string& event,
                                const std::string& checksum, const std::string& reason) const {
  return {sql("history_record.sql"),
          {version, event, client_identity(), text_or_null(checksum), text_or_null(reason),
           std::string(pgapply::version)}};
}

// ---------------------------------------------------------------------------

bool Ledger::exists() {
  const SqlCall call = statements_.exists();
  return connection_.exec_params(call.sql, call.params).value(0, 0) == "t";
}

void Ledger::run(const SqlCall& call) {
  if (call.params.empty()) {
    connection_.exec(call.sql);
  } else {
    connection_.exec_params(call.sql, call.params);
  }
}

void Ledger::run(const std::vector<SqlCall>& calls) {
  for (const auto& call : calls) run(call);
}

std::vector<migrate::LedgerRow> Ledger::rows() {
  std::vector<migrate::LedgerRow> rows;
  if (!exists()) return rows;
  const auto result = connection_.exec(statements_.rows().sql);
  for (int r = 0; r < result.rows(); ++r) {
    migrate::LedgerRow row;
    row.version = std::string(result.value(r, 0));
    row.name = std::string(result.value(r, 1));
    row.file_name = std::string(result.value(r, 2));
    row.checksum = std::string(result.value(r, 3));
    row.state = migrate::parse_ledger_state(result.value(r, 4)).value_or(migrate::LedgerState::failed);
    row.applied_at = std::string(result.value(r, 5));
    row.applied_by = std::string(result.value(r, 6));
    if (!result.is_null(r, 7)) row.duration_ms = std::stoll(std::string(result.value(r, 7)));
    row.statements = std::stoi(std::string(result.value(r, 8)));
    row.statements_done = std::stoi(std::string(result.value(r, 9)));
    row.error = std::string(result.value(r, 10));
    row.method = std::string(result.value(r, 11));
    row.pgapply_version = std::string(result.value(r, 12));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string client_identity() {
  const char* user = std::getenv("USER");
  if (user == nullptr) user = std::getenv("LOGNAME");
  if (user == nullptr) {
    const passwd* entry = getpwuid(geteuid());
    if (entry != nullptr) user = entry->pw_name;
  }
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(user != nullptr ? user : "?") + "@" + (host[0] != '\0' ? host : "?");
}

}  // namespace pgapply::engine
