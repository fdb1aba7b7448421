#pragma once

#include <optional>
#include <string>

#include "pg/connection.hpp"

namespace pgapply::engine {

// Session settings pgapply runs migrations with.
struct SessionSettings {
  std::optional<std::string> lock_timeout;       // e.g. "5s": fail fast behind a long transaction
  std::optional<std::string> statement_timeout;  // e.g. "10min"
};

// Applies them, and makes the server end a migration's backend soon after
// pgapply dies (client_connection_check_interval, PostgreSQL 14+), so that a
// killed run's transaction rolls back and its lock goes at once.
void prepare_session(pg::Connection& connection, const SessionSettings& settings);

// Undoes what a migration did to the session (SET, SET ROLE...), so that the
// next file starts clean, as it would under psql -f; then prepare_session.
void reset_session(pg::Connection& connection, const SessionSettings& settings);

}  // namespace pgapply::engine
