#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgapply::settings {

// How to reach the database, as given on the command line.
struct ConnectOptions {
  std::string dbname;  // -d: a database name, conninfo string or postgresql:// URI
  std::string host;    // -h
  std::string port;    // -p
  std::string user;    // -U
  std::optional<std::string> password;  // asked for by the CLI (-W)
  std::string env_file = ".env";        // read for DATABASE_URL
  bool read_env_file = true;            // --no-env-file turns it off
  // --env-file (or PGAPPLY_ENV_FILE, env_file in pgapply.toml) named the
  // file: it must exist. The default .env may be missing.
  bool env_file_required = false;
  std::string env_file_origin;  // for messages: "" (command line), " (from PGAPPLY_ENV_FILE)"
  int connect_retries = 0;              // --connect-retries
  std::string application_name = "pgapply";
};

// The options among -h, -p and -U that were given, which override what the
// connection string says, with their values: {"-p", "5433"}, in that order.
std::vector<std::pair<std::string, std::string>> overriding(const ConnectOptions& options);
// " and -h, -p": their names for messages; "" when none was given.
std::string overriding_options(const ConnectOptions& options);

// The libpq keywords to connect with, and where they came from.
struct ConnectTarget {
  std::vector<std::pair<std::string, std::string>> params;  // dbname first, so -h/-p/-U override it
  std::string source;  // for reports: "-d/--dbname", "DATABASE_URL (environment)", ...
  std::string dbname;  // the conninfo string or URI used, if any (NOT redacted: redact before showing)
};

using GetEnv = std::function<std::optional<std::string>(std::string_view name)>;

// Decides what to connect to: -d, else DATABASE_URL from the environment,
// else DATABASE_URL from the .env file, else libpq's PG* variables and
// defaults. -h, -p, -U and a prompted password apply on top of any of them.
// `env_file_content` is the .env file's text if one was read.
// A usage error, naming `setting`, when `value` looks like a URI without its
// scheme (pg::looks_like_uri_without_scheme): libpq would take it for a
// database name, and show its password in the error.
void refuse_uri_without_scheme(const std::string& value, const std::string& setting);

ConnectTarget resolve_connect_target(const ConnectOptions& options, const GetEnv& getenv,
                                     const std::optional<std::string>& env_file_content);

// KEY=VALUE lines of a .env file: `export ` prefixes, # comments, values in
// single quotes (literal) or double quotes (with \n, \" and \\ escapes).
// In an unquoted or double-quoted value, $NAME and ${NAME} (capitals, digits,
// _) are expanded as dbmate's and the Supabase CLI's godotenv does: the
// value of a key above it, else `getenv`'s, else empty; \$ is a $.
std::map<std::string, std::string> parse_dotenv(std::string_view text, const GetEnv& getenv = {});

}  // namespace pgapply::settings
