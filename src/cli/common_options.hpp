#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "cli/option_values.hpp"
#include "engine/project.hpp"
#include "settings/connect_settings.hpp"

namespace pgapply::cli {

// The connection options of a parsed command (asks for the password on the
// terminal for -W).
settings::ConnectOptions connection_settings(const OptionValues& values);
// --dir, --ledger, -v, --allow-undefined-variables of a parsed command.
engine::ProjectOptions project_settings(const OptionValues& values);

// A version given as the value of `option`, canonical; nullopt when not set.
std::optional<std::string> version_setting(const OptionValues& values, std::string_view option);

// Seconds (--lock-wait) as milliseconds.
std::chrono::milliseconds seconds_setting(const OptionValues& values, std::string_view option);

// Whether --format is json (the command's choices are checked).
bool json_setting(const OptionValues& values, std::string_view choices = "text json");

// The Boost options below are for commands that still declare their own
// options (no environment, no project file): move them to the option table.

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

// NAME=VALUE -> pair; Error(usage) otherwise.
std::pair<std::string, std::string> parse_assignment(const std::string& text);

}  // namespace pgapply::cli
