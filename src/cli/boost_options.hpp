#pragma once

// The command line as it was before the option table: commands that declare
// their own Boost options and parse them with parse_arguments. They get no
// PGAPPLY_* variables, no pgapply.toml, and are missing from the man page and
// completions: move such a command's options to option_table.cpp and
// command_table.cpp (see option_table.hpp), then drop this header. Kept so
// that branches written against the old interface still build.

#include <string>
#include <utility>
#include <vector>

#include <boost/program_options.hpp>

#include "engine/project.hpp"
#include "settings/connect_settings.hpp"

namespace pgapply::cli {

// Parses one command's arguments with Boost (no abbreviations). Adds --help
// and -?; throws HelpRequested, or Error(usage) with Boost's message.
boost::program_options::variables_map parse_arguments(
    const std::vector<std::string>& args, const std::string& usage,
    const boost::program_options::options_description& options,
    const boost::program_options::options_description& operands = {},
    const boost::program_options::positional_options_description& positional = {});

// --format text|json: true for json; Error(usage) for anything else.
bool json_format(const std::string& format);

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

}  // namespace pgapply::cli
