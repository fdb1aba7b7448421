#pragma once

// --help and `pgapply help`, rendered from command_table() and
// option_table() (the man page is rendered from the same rows).

#include <string>
#include <string_view>

#include "cli/command_table.hpp"

namespace pgapply::cli {

// `pgapply --help`: the commands, the general options, the exit statuses.
std::string overview_help();

// `pgapply COMMAND --help`: usage, description, the options by group in one
// aligned table (with defaults and PGAPPLY_* variables), exit statuses.
std::string command_help(const CommandSpec& command);

// "--dir DIR", "-d, --dbname DBNAME", "--dry-run".
std::string option_label(const OptionSpec& option);

// What help says after an option's own text: "text or json (default text;
// PGAPPLY_FORMAT)". `command` gives --format's choices.
std::string option_details(const OptionSpec& option, const CommandSpec* command);

// Words of `text` in lines of at most `width` columns, each but the first
// indented by `indent` spaces.
std::string wrap(std::string_view text, std::size_t width, std::size_t indent);

}  // namespace pgapply::cli
