#pragma once

#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "settings/connect_settings.hpp"
#include "engine/context.hpp"
#include "engine/shadow_database.hpp"

namespace pgapply::cli {

// Connection options, as psql spells them: -d, -h, -p, -U, -W, and pgapply's
// --env-file, --no-env-file, --connect-retries.
struct ConnectionFlags {
  settings::ConnectOptions options;
  bool prompt_password = false;
  bool no_env_file = false;
};
boost::program_options::options_description connection_options(ConnectionFlags& flags);
// The options after parsing (asks for the password on the terminal for -W).
settings::ConnectOptions finish_connection_options(ConnectionFlags& flags);

// --dir, --ledger, -v/--set NAME=VALUE, --allow-undefined-variables.
struct ProjectFlags {
  engine::ProjectOptions options;
  std::vector<std::string> variables;  // NAME=VALUE
};
boost::program_options::options_description project_options(ProjectFlags& flags, bool with_ledger = true);
// Variables only (exec has no migrations directory).
boost::program_options::options_description variable_options(ProjectFlags& flags);
engine::ProjectOptions finish_project_options(ProjectFlags& flags);

// --lock-wait, --lock-timeout, --statement-timeout: durations with a unit
// (500ms, 5s, 2min; a bare number is seconds).
struct LockFlags {
  std::string lock_wait = "60s";
  std::string lock_timeout = "5s";
  std::string statement_timeout;
};
// `what` says whose statements the timeouts apply to ("migration statements").
boost::program_options::options_description lock_options(LockFlags& flags, const std::string& what,
                                                         bool with_timeouts = true);

// The shared context of the commands that touch a database.
engine::Context finish_context(ConnectionFlags& connection, ProjectFlags& project, const LockFlags& lock);

// --shadow URL and --no-shadow (verify, preflight, up, check, diff,
// baseline). Without either, SHADOW_DATABASE_URL from the environment, else
// a throwaway local cluster (engine/shadow_database.hpp).
struct ShadowFlags {
  std::string url;
  bool none = false;
};
boost::program_options::options_description shadow_options(ShadowFlags& flags);
engine::ShadowOptions finish_shadow_options(const ShadowFlags& flags);

// NAME=VALUE -> pair; Error(usage) otherwise.
std::pair<std::string, std::string> parse_assignment(const std::string& text);

}  // namespace pgapply::cli
