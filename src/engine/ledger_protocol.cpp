#include "engine/ledger_protocol.hpp"

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "engine/ledger.hpp"
#include "pgapply_version.hpp"

namespace pgapply::engine {

std::string LedgerName::quoted() const { return quote_qualified_name(schema, table); }
std::string LedgerName::quoted_history() const { return quote_qualified_name(schema, table + "_history"); }
std::string LedgerName::shown() const { return schema.empty() ? table : schema + "." + table; }

namespace {

// $n, a statement's parameter n.
std::string placeholder(std::size_t n) {
  std::string text = "$";
  text += std::to_string(n);
  return text;
}

}  // namespace

std::string_view to_string(LedgerFormat format) {
  switch (format) {
    case LedgerFormat::pgapply: return "pgapply";
    case LedgerFormat::supabase: return "supabase";
  }
  return "pgapply";
}

std::string LedgerProtocol::sql(const char* file, const std::string& companion) const {
  return render_sql(embedded_sql(file),
                    {{"ledger", name_.quoted()}, {"history", name_.quoted_history()}, {"companion", companion}});
}

std::string LedgerProtocol::companion_record(const LedgerEntry& entry, std::size_t first,
                                             std::vector<SqlParam>& params) const {
  if (name_.format != LedgerFormat::supabase) return "";
  if (!entry.supabase) {
    throw Error(ErrorKind::usage, "--ledger-format supabase: " + entry.file_name +
                                      " has no Supabase version (the Supabase CLI reads <version>_<name>.sql files)");
  }
  params.push_back(entry.supabase->version);
  params.push_back(entry.supabase->name);
  params.push_back(migrate::text_array_literal(entry.supabase->statements));
  const auto at = [first](std::size_t i) { return placeholder(first + i); };
  return render_sql(embedded_sql("supabase_record.sql"), {{"version", at(0)}, {"name", at(1)}, {"statements", at(2)}});
}

std::optional<SqlCall> LedgerProtocol::companion_create() const {
  if (name_.format != LedgerFormat::supabase) return std::nullopt;
  return SqlCall{std::string(embedded_sql("supabase_create.sql")), {}};
}

std::vector<SqlCall> LedgerProtocol::create() const {
  std::vector<SqlCall> calls;
  if (name_.schema_given) calls.push_back({"CREATE SCHEMA IF NOT EXISTS " + quote_identifier(name_.schema) + ";", {}});
  calls.push_back({sql("ledger_create.sql"), {}});
  return calls;
}

SqlCall LedgerProtocol::upgrade() const { return {sql("ledger_upgrade.sql"), {}}; }

SqlCall LedgerProtocol::shape() const { return {sql("ledger_shape.sql"), {name_.schema, name_.table}}; }

SqlCall LedgerProtocol::rows() const { return {sql("ledger_rows.sql"), {}}; }

SqlCall LedgerProtocol::applied(const LedgerEntry& entry) const {
  const std::string event = !entry.event.empty() ? entry.event : entry.method == "up" ? "applied" : entry.method;
  std::vector<SqlParam> params{entry.version, entry.name, entry.file_name, entry.checksum, client_identity(),
                               std::to_string(entry.statements), entry.transactional ? "true" : "false", entry.method,
                               std::string(pgapply::version), event, entry.source, entry.applied_at, entry.applied_by,
                               entry.reason};
  const std::string companion = companion_record(entry, params.size() + 1, params);
  return {sql("ledger_record.sql", companion), std::move(params), true};
}

SqlCall LedgerProtocol::start_clock() {
  return {"SELECT pg_catalog.set_config('pgapply.started', pg_catalog.clock_timestamp()::text, true)", {}, true};
}

SqlCall LedgerProtocol::started(const LedgerEntry& entry) const {
  return {sql("ledger_start.sql"),
          {entry.version, entry.name, entry.file_name, entry.checksum, client_identity(),
           std::to_string(entry.statements), std::string(pgapply::version)}};
}

SqlCall LedgerProtocol::running(const std::string& version, std::size_t statement) const {
  return {sql("ledger_running.sql"), {version, std::to_string(statement)}};
}

SqlCall LedgerProtocol::progress(const std::string& version, std::size_t done) const {
  return {sql("ledger_progress.sql"), {version, std::to_string(done)}};
}

SqlCall LedgerProtocol::failed(const std::string& version, std::size_t done, const SqlParam& error) const {
  return {sql("ledger_fail.sql"),
          {version, std::to_string(done), error, client_identity(), std::string(pgapply::version)}};
}

SqlCall LedgerProtocol::finished(const LedgerEntry& entry) const {
  std::vector<SqlParam> params{entry.version, client_identity(), std::string(pgapply::version)};
  const std::string companion = companion_record(entry, params.size() + 1, params);
  return {sql("ledger_finish.sql", companion), std::move(params), true};
}

SqlCall LedgerProtocol::removed(const std::string& version, const std::string& event, const SqlParam& reason,
                                const std::optional<std::string>& companion_version) const {
  std::vector<SqlParam> params{version, event, client_identity(), reason, std::string(pgapply::version)};
  std::string companion;
  if (name_.format == LedgerFormat::supabase && companion_version) {
    params.push_back(*companion_version);
    companion = render_sql(embedded_sql("supabase_remove.sql"), {{"version", placeholder(params.size())}});
  }
  return {sql("ledger_remove.sql", companion), std::move(params)};
}

SqlCall LedgerProtocol::set_checksum(const std::string& version, const std::string& checksum, const std::string& name,
                                     const std::string& file_name) const {
  return {"UPDATE " + name_.quoted() + " SET checksum = $2, name = $3, file_name = $4 WHERE version = $1;",
          {version, checksum, name, file_name}};
}

SqlCall LedgerProtocol::event(const std::string& version, const std::string& event, const std::string& checksum,
                              const SqlParam& reason) const {
  return {sql("history_record.sql"),
          {version, event, client_identity(), checksum.empty() ? SqlParam(std::nullopt) : SqlParam(checksum),
           reason, std::string(pgapply::version)}};
}

}  // namespace pgapply::engine
