#include "engine/session_reset.hpp"

#include <exception>
#include <string_view>

#include "core/duration.hpp"
#include "core/embedded_sql.hpp"
#include "core/sql_quote.hpp"
#include "pg/rows.hpp"
#include "pg/statement_batch.hpp"

namespace pgapply::engine {

namespace {

std::vector<SqlCall> settings_calls(const SessionSettings& settings, int server_version) {
  std::vector<SqlCall> calls;
  if (server_version >= 140000) calls.push_back({"SET client_connection_check_interval = '2s'", {}});
  if (settings.lock_timeout) calls.push_back({"SET lock_timeout = " + quote_literal(*settings.lock_timeout), {}});
  if (settings.statement_timeout) {
    calls.push_back({"SET statement_timeout = " + quote_literal(*settings.statement_timeout), {}});
  }
  return calls;
}

}  // namespace

std::chrono::milliseconds lock_timeout_limit(const SessionSettings& settings) {
  return settings.lock_timeout ? parse_duration("lock_timeout", *settings.lock_timeout) : std::chrono::milliseconds(0);
}

SessionFacts prepare_session(pg::Connection& connection, const SessionSettings& settings,
                             const std::string& ledger_table) {
  std::string sql;
  for (const auto& call : settings_calls(settings, connection.server_version())) sql += call.sql + ";";
  sql += "SELECT pg_catalog.current_schema() AS current_schema, pg_catalog.pg_is_in_recovery() AS standby, "
         "pg_catalog.current_setting('default_transaction_read_only') AS read_only, ";
  sql += ledger_table.empty() ? std::string("NULL")
                              : "(SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
                                "n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass(" +
                                    quote_literal(quote_identifier(ledger_table)) + ") AND n.oid <> "
                                    "pg_catalog.pg_my_temp_schema())";
  sql += " AS ledger_schema";
  const pg::Result result = connection.exec(sql);  // the last statement's
  const pg::Rows rows(result);
  SessionFacts facts;
  if (!rows[0].is_null("current_schema")) facts.current_schema = rows[0].text("current_schema");
  facts.standby = rows[0].flag("standby");
  facts.read_only = rows[0].text("read_only") == "on";
  if (!rows[0].is_null("ledger_schema")) facts.ledger_schema = rows[0].text("ledger_schema");
  return facts;
}

std::optional<SqlCall> kept_lock(const SessionSettings& settings, bool unlock_all_first) {
  if (settings.handover_lock) return take_handover_lock(*settings.handover_lock, unlock_all_first);
  if (settings.printed_lock_retake) {
    return unlock_all_first ? settings.printed_lock_retake->after_reset : settings.printed_lock_retake->again;
  }
  return std::nullopt;
}

std::vector<SqlCall> session_reset(const SessionSettings& settings, int server_version, bool stored_settings) {
  std::vector<SqlCall> calls = {
      {"CLOSE ALL", {}},
      {"RESET SESSION AUTHORIZATION", {}},
      {"RESET ROLE", {}},
      {"RESET ALL", {}},
      {"DEALLOCATE ALL", {}},
      {"UNLISTEN *", {}},
      {"DISCARD PLANS", {}},
      {"DISCARD TEMP", {}},
      {"DISCARD SEQUENCES", {}},
  };
  if (stored_settings) calls.push_back({std::string(embedded_sql("stored_settings_apply.sql")), {}});
  for (auto& call : settings_calls(settings, server_version)) calls.push_back(std::move(call));
  // Every session-level advisory lock let go, the session's own (when it
  // keeps one) taken again in the same statement: one statement less per file.
  calls.push_back(kept_lock(settings, true).value_or(SqlCall{"SELECT pg_catalog.pg_advisory_unlock_all()", {}, true}));
  return calls;
}

void reset_session_now(pg::Connection& connection, SessionSettings settings) {
  reset_session_while(connection, std::move(settings), {});
}

void reset_session_while(pg::Connection& connection, SessionSettings settings, const std::function<void()>& meanwhile) {
  settings.handover_lock.reset();
  const std::vector<SqlCall> calls = session_reset(settings, connection.server_version());
  std::vector<std::string_view> statements;
  for (const SqlCall& call : calls) statements.push_back(call.sql);
  pg::StatementBatch batch(connection, statements, std::vector<bool>(statements.size(), true));  // sent
  std::exception_ptr failed;
  try {
    if (meanwhile) meanwhile();
  } catch (...) {
    failed = std::current_exception();
  }
  batch.finish({});
  if (failed) std::rethrow_exception(failed);
}

std::vector<SqlCall> own_session_settings(const SessionSettings& settings, int server_version) {
  std::vector<SqlCall> calls = settings_calls(settings, server_version);
  // A reset (pg_advisory_unlock_all) let it go: the migrations session holds
  // the hand-over lock for as long as it may commit anything
  // (MigrationLock::handover_keys), a printed script the migration lock.
  if (auto lock = kept_lock(settings, false)) calls.push_back(std::move(*lock));
  return calls;
}

std::vector<SqlCall> ledger_write_settings(const SessionSettings& settings) {
  const auto limit = [](const char* name, const std::optional<std::string>& value) -> SqlCall {
    return {std::string("SET LOCAL ") + name + (value ? " = " + quote_literal(*value) : " TO DEFAULT"), {}};
  };
  const std::string schema =
      settings.ledger_schema_variable.empty() ? "" : ":\"" + settings.ledger_schema_variable + "\", ";
  return {{"SET LOCAL search_path = pg_catalog, " + schema + "pg_temp", {}},
          limit("statement_timeout", settings.statement_timeout),
          limit("lock_timeout", settings.lock_timeout)};
}

OwnSession own_session(const SessionSettings& settings, int server_version) {
  return {own_session_settings(settings, server_version), ledger_write_settings(settings), settings.handover_lock,
          kept_lock(settings, false)};
}

SqlCall take_handover_lock(const std::pair<int, int>& keys, bool unlock_all_first) {
  // (a target list is evaluated in its order: everything let go, then this taken)
  return {std::string("SELECT ") + (unlock_all_first ? "pg_catalog.pg_advisory_unlock_all(), " : "") +
              "pg_catalog.pg_advisory_lock_shared(" + std::to_string(keys.first) + ", " +
              std::to_string(keys.second) + ")",
          {},
          true};
}

}  // namespace pgapply::engine
