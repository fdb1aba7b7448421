#include "apply/session.hpp"

#include "pg/quote.hpp"

namespace pgapply::apply {

void prepare_session(pg::Connection& connection, const SessionSettings& settings) {
  if (connection.server_version() >= 140000) {
    connection.exec("SET client_connection_check_interval = '2s'");
  }
  if (settings.lock_timeout) {
    connection.exec("SET lock_timeout = " + pg::quote_literal(*settings.lock_timeout));
  }
  if (settings.statement_timeout) {
    connection.exec("SET statement_timeout = " + pg::quote_literal(*settings.statement_timeout));
  }
}

void reset_session(pg::Connection& connection, const SessionSettings& settings) {
  connection.exec("RESET ALL");
  connection.exec("RESET SESSION AUTHORIZATION");
  connection.exec("RESET ROLE");
  prepare_session(connection, settings);
}

}  // namespace pgapply::apply
