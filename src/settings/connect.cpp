#include "settings/connect.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "core/interruption.hpp"
#include "io/files.hpp"
#include "pg/conninfo.hpp"
#include "pg/server_error.hpp"

namespace pgapply::settings {

ConnectTarget connect_target(const ConnectOptions& options) {
  std::optional<std::string> env_file;
  std::error_code ec;
  if (options.read_env_file && std::filesystem::is_regular_file(options.env_file, ec)) {
    env_file = io::read_file(options.env_file);
  } else if (options.read_env_file && options.env_file_required) {
    // Connecting with the PG* defaults instead would apply the migrations
    // to whatever database those reach.
    const bool exists = std::filesystem::exists(options.env_file, ec);
    throw Error(ErrorKind::input, "--env-file " + options.env_file + options.env_file_origin + ": " +
                                      (exists ? "not a regular file" : "no such file") +
                                      "; give an existing file, or --no-env-file");
  }
  const GetEnv getenv = [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  return resolve_connect_target(options, getenv, env_file);
}

Connected connect(const ConnectOptions& options, const std::function<void(const std::string& message)>& on_retry,
                  const std::atomic<bool>* abandon) {
  const ConnectTarget target = connect_target(options);
  pg::ConnectParams params;
  for (const auto& [keyword, value] : target.params) params.push_back({keyword, value});
  const std::string shown = pg::redact_password(target.dbname);
  const std::string overrides = overriding_options(options);  // " and -h, -p"
  int delay_seconds = 2;
  for (int attempt = 0;; ++attempt) {
    try {
      pg::Connection connection = pg::Connection::open(params, abandon);
      std::string described = pg::describe_target(connection);
      return Connected{std::move(connection), target.source + overrides, shown, std::move(described)};
    } catch (const pg::ConnectionError& error) {
      // -h, -p and -U override the URL: name what libpq tried, not the URL.
      const std::string tried = (!overrides.empty() || shown.empty()) && !error.tried().empty() ? error.tried() : shown;
      const std::string message = "cannot connect to the database" + (tried.empty() ? "" : " " + tried) +
                                  " (settings from " + target.source + overrides + "): " + error.reason();
      if (attempt >= options.connect_retries) throw Error(ErrorKind::connection, message);
      if (on_retry) {
        on_retry(message + "; retrying in " + std::to_string(delay_seconds) + " s (" +
                 std::to_string(attempt + 1) + " of " + std::to_string(options.connect_retries) + ")");
      }
      sleep_unless_interrupted(std::chrono::seconds(delay_seconds), "while waiting to connect again");
      delay_seconds = std::min(60, delay_seconds * 2);  // at most a minute apart
    }
  }
}

}  // namespace pgapply::settings
