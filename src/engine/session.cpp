#include "engine/session.hpp"

#include "core/sql_quote.hpp"

namespace pgapply::engine {

namespace {

// The settings as statements, to send in one round trip with whatever goes before them.
std::string settings_sql(const pg::Connection& connection, const SessionSettings& settings) {
  std::string sql;
  if (connection.server_version() >= 140000) sql += "SET client_connection_check_interval = '2s';";
  if (settings.lock_timeout) sql += "SET lock_timeout = " + quote_literal(*settings.lock_timeout) + ";";
  if (settings.statement_timeout) {
    sql += "SET statement_timeout = " + quote_literal(*settings.statement_timeout) + ";";
  }
  return sql;
}

}  // namespace

void prepare_session(pg::Connection& connection, const SessionSettings& settings) {
  const std::string sql = settings_sql(connection, settings);
  if (!sql.empty()) connection.exec(sql);
}

void reset_session(pg::Connection& connection, const SessionSettings& settings) {
  connection.exec("RESET ALL; RESET SESSION AUTHORIZATION; RESET ROLE;" + settings_sql(connection, settings));
}

}  // namespace pgapply::engine
