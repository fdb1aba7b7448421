#include "engine/ledger_protocol.hpp"

#include <map>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "engine/ledger.hpp"
#include "migrate/supabase_history.hpp"
#include "pgapply_version.hpp"

namespace pgapply::engine {

std::string LedgerName::quoted() const { return quote_qualified_name(schema, table); }
std::string LedgerName::quoted_history() const { return quote_qualified_name(schema, table + "_history"); }
std::string LedgerName::shown() const { return schema.empty() ? table : schema + "." + table; }

std::string LedgerName::quoted_companion() const {
  const auto tool = companion_tool(format);
  if (!tool) return "";
  // The Supabase CLI's table has a schema of its own; dbmate's and golang-migrate's are in the current schema.
  if (*tool == migrate::ForeignTool::supabase) return std::string(migrate::default_foreign_table(*tool));
  return quote_qualified_name(companion_schema, migrate::default_foreign_table(*tool));
}

std::string LedgerName::companion_schema_name() const {
  return companion_tool(format) == migrate::ForeignTool::supabase ? "supabase_migrations" : companion_schema;
}

namespace {

// $n, a statement's parameter n.
std::string placeholder(std::size_t n) {
  std::string text = "$";
  text += std::to_string(n);
  return text;
}

constexpr LedgerFormat formats[] = {LedgerFormat::pgapply, LedgerFormat::supabase, LedgerFormat::dbmate,
                                    LedgerFormat::golang_migrate};

// sql/<tool>_<what>.sql: the companion's statements, as its tool writes them.
std::string_view companion_sql(migrate::ForeignTool tool, std::string_view what) {
  std::string file(migrate::to_string(tool));
  for (char& c : file) c = c == '-' ? '_' : c;
  return embedded_sql(file + "_" + std::string(what) + ".sql");
}

}  // namespace

std::string_view to_string(LedgerFormat format) {
  switch (format) {
    case LedgerFormat::pgapply: return "pgapply";
    case LedgerFormat::supabase: return "supabase";
    case LedgerFormat::dbmate: return "dbmate";
    case LedgerFormat::golang_migrate: return "golang-migrate";
  }
  return "pgapply";
}

std::optional<LedgerFormat> parse_ledger_format(std::string_view text) {
  for (const LedgerFormat format : formats) {
    if (to_string(format) == text) return format;
  }
  return std::nullopt;
}

std::optional<migrate::ForeignTool> companion_tool(LedgerFormat format) {
  switch (format) {
    case LedgerFormat::pgapply: return std::nullopt;
    case LedgerFormat::supabase: return migrate::ForeignTool::supabase;
    case LedgerFormat::dbmate: return migrate::ForeignTool::dbmate;
    case LedgerFormat::golang_migrate: return migrate::ForeignTool::golang_migrate;
  }
  return std::nullopt;
}

std::optional<std::string> companion_version(LedgerFormat format, std::string_view file_name) {
  const auto tool = companion_tool(format);
  return tool ? migrate::companion_version(*tool, file_name) : std::nullopt;
}

std::string LedgerProtocol::sql(const char* file, const std::string& companion) const {
  return render_sql(embedded_sql(file),
                    {{"ledger", name_.quoted()}, {"history", name_.quoted_history()}, {"companion", companion}});
}

std::string LedgerProtocol::companion(std::string_view what,
                                      const std::vector<std::pair<std::string, SqlParam>>& values,
                                      std::vector<SqlParam>& params) const {
  const auto tool = companion_tool(name_.format);
  if (!tool) return "";
  const std::string_view text = companion_sql(*tool, what);
  std::map<std::string, std::string> names = {{"table", name_.quoted_companion()}, {"ledger", name_.quoted()}};
  for (const auto& [name, value] : values) {
    // Only what the tool keeps is a parameter: one the statement never names would have no type.
    if (text.find("{{" + name + "}}") == std::string_view::npos) continue;
    params.push_back(value);
    names[name] = placeholder(params.size());
  }
  return render_sql(text, names);
}

std::string LedgerProtocol::companion_record(const LedgerEntry& entry, std::vector<SqlParam>& params) const {
  const auto tool = companion_tool(name_.format);
  if (!tool || entry.companion_has_it) return "";
  if (!entry.companion) {
    throw Error(ErrorKind::usage, "--ledger-format " + std::string(to_string(name_.format)) + ": " + entry.file_name +
                                      " has no row for " + name_.quoted_companion() + " (not a file " +
                                      migrate::companion_tool_name(*tool) + " reads)");
  }
  return companion("record",
                   {{"version", entry.companion->version},
                    {"name", entry.companion->name},
                    {"statements", migrate::text_array_literal(entry.companion->statements)}},
                   params);
}

std::optional<SqlCall> LedgerProtocol::companion_create() const {
  const auto tool = companion_tool(name_.format);
  if (!tool) return std::nullopt;
  return SqlCall{render_sql(companion_sql(*tool, "create"), {{"table", name_.quoted_companion()}}), {}};
}

std::optional<SqlCall> LedgerProtocol::companion_upgrade() const {
  if (companion_tool(name_.format) != migrate::ForeignTool::supabase) return std::nullopt;
  return SqlCall{std::string(embedded_sql("supabase_upgrade.sql")), {}};
}

std::vector<SqlCall> LedgerProtocol::create() const {
  std::vector<SqlCall> calls;
  if (name_.schema_given) {
    // Only when it is missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on
    // the database even where the schema exists, which a role that may
    // create tables in it need not have.
    const std::string create = "CREATE SCHEMA " + quote_identifier(name_.schema) + ";";
    const std::string tag = "$pgapply_ledger_schema$";
    if (name_.schema.find(tag) != std::string::npos) {  // (a name no one gives: the plain statement)
      calls.push_back({"CREATE SCHEMA IF NOT EXISTS " + quote_identifier(name_.schema) + ";", {}});
    } else {
      calls.push_back({"DO " + tag + " BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = " +
                           quote_literal(name_.schema) + ") THEN " + create + " END IF; END " + tag + ";",
                       {}});
    }
  }
  calls.push_back({sql("ledger_create.sql"), {}});
  return calls;
}

SqlCall LedgerProtocol::upgrade_from_1() const { return {sql("ledger_upgrade.sql"), {}}; }

SqlCall LedgerProtocol::upgrade_from_2() const { return {sql("ledger_upgrade_3.sql"), {}}; }

SqlCall LedgerProtocol::shape() const {
  return {sql("ledger_shape.sql"), {name_.schema, name_.table, name_.table + "_history"}};
}

SqlCall LedgerProtocol::rows() const { return {sql("ledger_rows.sql"), {}}; }

SqlCall LedgerProtocol::history_rows(const SqlParam& version, const SqlParam& limit) const {
  return {sql("history_rows.sql"), {version, limit}};
}

SqlCall LedgerProtocol::history_recorded() const { return {sql("history_recorded.sql"), {}}; }

SqlCall LedgerProtocol::history_taken_back() const { return {sql("history_taken_back.sql"), {}}; }

SqlCall LedgerProtocol::history_rows_deleted() const { return {sql("history_rows_deleted.sql"), {}}; }

std::vector<SqlCall> LedgerProtocol::applied(const LedgerEntry& entry) const {
  const std::string event = !entry.event.empty() ? entry.event : entry.method == "up" ? "applied" : entry.method;
  if (entry.new_row && entry.method == "up" && !companion_tool(name_.format) && !entry.applied_at && !entry.applied_by) {
    return {{sql("ledger_insert.sql"),
             {entry.version, entry.name, entry.file_name, entry.checksum, client_identity(),
              std::to_string(entry.statements), entry.transactional ? "true" : "false", entry.source,
              std::string(pgapply::version), entry.in_file_transaction ? "true" : "false"},
             true},
            this->event(entry.version, event, entry.checksum, entry.reason)};
  }
  std::vector<SqlParam> params{entry.version, entry.name, entry.file_name, entry.checksum, client_identity(),
                               std::to_string(entry.statements), entry.transactional ? "true" : "false", entry.method,
                               std::string(pgapply::version), event, entry.source, entry.applied_at, entry.applied_by,
                               entry.reason, entry.in_file_transaction ? "true" : "false"};
  const std::string companion = companion_record(entry, params);
  return {{sql("ledger_record.sql", companion), std::move(params), true}};
}

SqlCall LedgerProtocol::start_clock(const std::optional<std::pair<int, int>>& handover) {
  // Seconds since the epoch, as numeric text: the ledger's insert reads it
  // back as a number in about a third of what parsing a timestamptz costs
  // the server (once per file; scripts/bench files). (Before PostgreSQL 14,
  // extract gives a float8, whose text extra_float_digits may round: as
  // numeric, it keeps 15 digits, microseconds to tens of them.)
  std::string sql = "SELECT pg_catalog.set_config('pgapply.started', "
                    "extract(epoch FROM pg_catalog.clock_timestamp())::numeric::text, true)";
  if (handover) {
    sql += ", pg_catalog.pg_advisory_xact_lock_shared(" + std::to_string(handover->first) + ", " +
           std::to_string(handover->second) + ")";
  }
  return {sql, {}, true};
}

SqlCall LedgerProtocol::restart_clock(const SqlParam& started) {
  return {"SELECT pg_catalog.set_config('pgapply.started', $1, true)", {started}, true};
}

std::vector<SqlCall> LedgerProtocol::as_connecting_user(std::vector<SqlCall> writes, bool in_transaction,
                                                        const std::vector<SqlCall>& settings) {
  if (writes.empty()) return writes;
  std::vector<SqlCall> calls;
  // READ WRITE: default_transaction_read_only does not apply to it.
  if (!in_transaction) calls.push_back({"BEGIN READ WRITE", {}});
  for (auto& call : as_connecting_role()) calls.push_back(std::move(call));
  // What pgapply sends is UTF-8 (a server's message too: pg::from_client_encoding).
  calls.push_back({"SET LOCAL client_encoding = 'UTF8'", {}});
  for (const SqlCall& call : settings) calls.push_back(call);
  for (auto& call : writes) calls.push_back(std::move(call));
  if (!in_transaction) calls.push_back({"COMMIT", {}});
  return calls;
}

std::vector<SqlCall> LedgerProtocol::as_connecting_role() {
  // DEFAULT, not ROLE NONE: the role the session was opened with (a
  // connection's options=-c role=..., ALTER ROLE ... SET role), which RESET
  // ROLE between files returns to as well, not the login role under it.
  return {{"SET LOCAL SESSION AUTHORIZATION DEFAULT", {}}, {"SET LOCAL role TO DEFAULT", {}}};
}

SqlCall LedgerProtocol::still_pending(const LedgerEntry& entry) const {
  const std::string head = "pgapply: " + entry.file_name + " (version " + entry.version + ") is ";
  const std::string tail = " now in " + name_.shown() + ", which it was not when this script was printed (a run of it "
                           "since); nothing of the file ran. Print what is pending now with: " + entry.reprint_command;
  return {sql("ledger_still_pending.sql"),
          {entry.version, entry.checksum, entry.printed_state ? SqlParam(*entry.printed_state) : SqlParam(std::nullopt),
           entry.printed_checksum, head, tail},
          true};
}

SqlCall LedgerProtocol::started(const LedgerEntry& entry) const {
  std::vector<SqlParam> params{entry.version,     entry.name,
                               entry.file_name,   entry.checksum,
                               client_identity(), std::to_string(entry.statements),
                               std::string(pgapply::version)};
  // Only golang-migrate marks a migration it starts (dirty).
  const bool marks = companion_tool(name_.format) == migrate::ForeignTool::golang_migrate && entry.companion;
  const std::string companion = marks ? this->companion("dirty", {{"version", entry.companion->version}}, params) : "";
  return {sql("ledger_start.sql", companion), std::move(params)};
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

SqlCall LedgerProtocol::rolling_back(const std::string& version, std::size_t done, std::size_t running,
                                     const std::string& down_file, std::size_t statements, const SqlParam& why,
                                     const std::optional<std::string>& mark_dirty) const {
  std::vector<SqlParam> params{version,
                               std::to_string(done),
                               running == 0 ? SqlParam(std::nullopt) : SqlParam(std::to_string(running)),
                               down_file,
                               std::to_string(statements),
                               why,
                               client_identity(),
                               std::string(pgapply::version)};
  // golang-migrate marks its row dirty before a down migration too: while
  // the rollback is part way, golang-migrate refuses to run.
  const bool marks = companion_tool(name_.format) == migrate::ForeignTool::golang_migrate && mark_dirty;
  const std::string companion = marks ? this->companion("dirty", {{"version", *mark_dirty}}, params) : "";
  return {sql("ledger_rollback_state.sql", companion), std::move(params)};
}

SqlCall LedgerProtocol::clear_failed(const std::string& version, const std::string& reason) const {
  std::vector<SqlParam> params{version, client_identity(), reason, std::string(pgapply::version)};
  // golang-migrate's row, left dirty by the failed run, is made clean.
  const std::string companion = companion_tool(name_.format) == migrate::ForeignTool::golang_migrate
                                    ? this->companion("remove", {}, params)
                                    : "";
  return {sql("ledger_clear_failed.sql", companion), std::move(params)};
}

SqlCall LedgerProtocol::rollback_settled(const std::string& version) const {
  std::vector<SqlParam> params{version};
  // golang-migrate's row, dirty since the rollback began, is made clean at
  // the highest applied version (the migration stays applied).
  const std::string companion = companion_tool(name_.format) == migrate::ForeignTool::golang_migrate
                                    ? this->companion("record", {{"version", version}}, params)
                                    : "";
  return {render_sql("WITH settled AS (UPDATE {{ledger}} SET error = NULL WHERE version = $1 AND state = 'applied' "
                     "RETURNING version){{companion}} SELECT count(*) FROM settled",
                     {{"ledger", name_.quoted()}, {"companion", companion}}),
          std::move(params)};
}

SqlCall LedgerProtocol::finished(const LedgerEntry& entry) const {
  std::vector<SqlParam> params{entry.version, client_identity(), std::string(pgapply::version)};
  const std::string companion = companion_record(entry, params);
  return {sql("ledger_finish.sql", companion), std::move(params), true};
}

SqlCall LedgerProtocol::removed(const std::string& version, const std::string& event, const SqlParam& reason,
                                const std::optional<std::string>& companion_version) const {
  std::vector<SqlParam> params{version, event, client_identity(), reason, std::string(pgapply::version)};
  const std::string rows = companion("remove", {{"version", companion_version}}, params);
  return {sql("ledger_remove.sql", rows), std::move(params), true};
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
