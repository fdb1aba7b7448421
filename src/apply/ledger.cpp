#include "apply/ledger.hpp"

#include <unistd.h>

#include <cstdlib>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_template.hpp"
#include "pg/quote.hpp"
#include "pgapply_version.hpp"

namespace pgapply::apply {

std::string LedgerName::quoted() const { return pg::quote_qualified_name(schema, table); }
std::string LedgerName::quoted_history() const { return pg::quote_qualified_name(schema, table + "_history"); }
std::string LedgerName::shown() const { return schema.empty() ? table : schema + "." + table; }

LedgerName parse_ledger_name(const std::string& text) {
  LedgerName name;
  const auto dot = text.find('.');
  if (dot == std::string::npos) {
    name.table = text;
  } else {
    name.schema = text.substr(0, dot);
    name.table = text.substr(dot + 1);
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

Ledger::Ledger(pg::Connection& connection, LedgerName name)
    : connection_(connection), name_(std::move(name)) {}

std::string Ledger::sql(const char* file) const {
  return render_sql(embedded_sql(file), {{"ledger", name_.quoted()}, {"history", name_.quoted_history()}});
}

bool Ledger::exists() {
  const auto result = connection_.exec_params(sql("ledger_exists.sql"), {name_.quoted()});
  return result.value(0, 0) == "t";
}

void Ledger::create() {
  connection_.exec("CREATE SCHEMA IF NOT EXISTS " + pg::quote_identifier(name_.schema));
  connection_.exec(sql("ledger_create.sql"));
}

std::vector<migrate::LedgerRow> Ledger::rows() {
  std::vector<migrate::LedgerRow> rows;
  if (!exists()) return rows;
  const auto result = connection_.exec(sql("ledger_rows.sql"));
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

void Ledger::record_applied(const Entry& entry, std::optional<long long> duration_ms) {
  connection_.exec_params(
      sql("ledger_record.sql"),
      {entry.version, entry.name, entry.file_name, entry.checksum, client_identity(),
       duration_ms ? std::optional<std::string>(std::to_string(*duration_ms)) : std::nullopt,
       std::to_string(entry.statements), entry.transactional ? "true" : "false", entry.method,
       std::string(pgapply::version)});
  record_event(entry.version, entry.method == "up" ? "applied" : entry.method, entry.checksum, "");
}

void Ledger::record_started(const Entry& entry) {
  connection_.exec_params(sql("ledger_start.sql"),
                          {entry.version, entry.name, entry.file_name, entry.checksum,
                           client_identity(), std::to_string(entry.statements),
                           std::string(pgapply::version)});
}

void Ledger::record_progress(const std::string& version, std::size_t done) {
  connection_.exec_params(sql("ledger_progress.sql"), {version, std::to_string(done)});
}

void Ledger::record_failed(const std::string& version, std::size_t done, const std::string& error,
                           long long duration_ms) {
  connection_.exec_params(sql("ledger_fail.sql"),
                          {version, std::to_string(done), error, std::to_string(duration_ms)});
  record_event(version, "failed", "", error);
}

void Ledger::record_finished(const std::string& version, long long duration_ms) {
  connection_.exec_params(sql("ledger_finish.sql"), {version, std::to_string(duration_ms)});
}

void Ledger::remove(const std::string& version) {
  connection_.exec_params("DELETE FROM " + name_.quoted() + " WHERE version = $1::numeric", {version});
}

void Ledger::record_event(const std::string& version, const std::string& event,
                          const std::string& checksum, const std::string& reason) {
  auto optional = [](const std::string& value) {
    return value.empty() ? std::nullopt : std::optional<std::string>(value);
  };
  connection_.exec_params(sql("history_record.sql"),
                          {version, event, client_identity(), optional(checksum), optional(reason),
                           std::string(pgapply::version)});
}

std::string client_identity() {
  const char* user = std::getenv("USER");
  if (user == nullptr) user = std::getenv("LOGNAME");
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(user != nullptr ? user : "?") + "@" + (host[0] != '\0' ? host : "?");
}

}  // namespace pgapply::apply
