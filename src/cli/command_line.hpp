#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_table.hpp"
#include "cli/option_values.hpp"
#include "cli/project_file.hpp"

namespace pgapply::cli {

// Thrown when the user asked for --help: the text to print, status 0.
struct HelpRequested {
  std::string text;
};

// The command word and the other arguments. Options may come before or after
// the command, as in git, dbmate and goose: the command is the first
// argument that is neither an option nor the value of one (option_table says
// which options take a value: in `pgapply -d up status`, `up` is a database
// name; an option is never a value). Empty when there is none.
struct CommandWord {
  std::string command;
  std::vector<std::string> rest;  // every other argument, in order
  std::string before;             // the argument before the command word ("" when it came first)
};
CommandWord find_command_word(const std::vector<std::string>& args);

// When the command word follows an option pgapply does not know, which the
// user meant to take it as its value (`pgapply --lock-timout 5s up` has "5s"
// as its command word): the error naming that option, with the one meant
// when it is a typo away. "" otherwise.
std::string unknown_option_before_command(const CommandWord& word);

// A long option written with one dash, as goose and golang-migrate write
// theirs (-dir, -dry-run, -database): read as a short option with its value
// attached (-d ir: the database "ir"), it would do something else. The error
// naming the option meant, for the first such argument (before "--"); "" when none.
std::string single_dash_long_option(const std::vector<std::string>& args);

// Why arguments with no command word have none, when the options explain
// it: "option '-d' needs a value", or a command name taken as an option's
// value ("'status' was read as the value of --dir"). "" otherwise.
std::string why_no_command(const std::vector<std::string>& args);

// Where settings come from besides the command line.
struct SettingSources {
  std::function<std::optional<std::string>(std::string_view)> getenv;  // may be empty: no environment
  const ProjectFile* project_file = nullptr;                          // pgapply.toml, if there is one
};

// Parses a command's arguments (those other than the command word) with
// Boost.Program_options, then fills in the configurable options the command
// line did not give from the environment, then the project file, then the
// defaults (repeatable options add up instead: the file's items, then the
// environment's, then the command line's). Rules:
//   * no abbreviations: --dry is an unknown option, not --dry-run;
//   * an option that takes one value, given twice, is an error naming it;
//   * an option is never another's value: `--backup --dry-run` is an error saying --backup
//     needs a value (one that starts with '-' is given as --backup=-VALUE; "-" and "-1" are values);
//   * operands beyond what the command takes are errors naming the first;
//   * -h is the host, as in psql: `-h` without a value says so and names --help and -?.
// Throws HelpRequested for --help or -?, Error(usage) otherwise.
OptionValues parse_command(const CommandSpec& command, const std::vector<std::string>& args,
                           const SettingSources& sources);

// The style every parser uses: Boost's unix style without prefix guessing.
int command_line_style();

}  // namespace pgapply::cli
