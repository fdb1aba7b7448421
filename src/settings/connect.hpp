#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "settings/connect_settings.hpp"
#include "pg/connection.hpp"

namespace pgapply::settings {

// A connection and how it was made, for reports.
struct Connected {
  pg::Connection connection;
  std::string source;  // where the settings came from: "-d/--dbname", "DATABASE_URL (.env) and -p", ...
  std::string shown;   // the conninfo or URI used, password redacted ("" when none)
  std::string target;  // user@host:port/dbname as connected
};

// Connects as `options` say, reading DATABASE_URL from the environment or the
// .env file as resolve_connect_target describes. A failed attempt is retried
// options.connect_retries times after 2 s, 4 s, 8 s...; `on_retry` hears of
// each. Throws Error(connection) with libpq's reason; no password is ever in it.
// `abandon`: see pg::Connection::open.
Connected connect(const ConnectOptions& options,
                  const std::function<void(const std::string& message)>& on_retry = {},
                  const std::atomic<bool>* abandon = nullptr);

// Only where the settings would come from, without connecting (reports).
ConnectTarget connect_target(const ConnectOptions& options);

}  // namespace pgapply::settings
