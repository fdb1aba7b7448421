#pragma once

// Every option of every command, as data: the command line parser, the
// environment (PGAPPLY_*), the project file (pgapply.toml), `pgapply config`,
// --help, the man page and the shell completions are all made from these
// rows, so none of them can drift from the others.
//
// To add an option: add a row to option_table() in option_table.cpp and its
// name to the commands that take it in command_table.cpp. To make it
// configurable, fill in `env` (PGAPPLY_ and the long name in upper case, '-'
// as '_') and `toml` (the key in pgapply.toml; a dotted key such as
// "lint.enable" is a key of a [lint] table). Nothing else changes: the value
// then comes from the command line, else the environment, else the project
// file, else `default_value`, and `pgapply config` shows it with its source.

#include <string>
#include <string_view>
#include <vector>

namespace pgapply::cli {

enum class OptionKind {
  flag,         // --dry-run (TOML: true/false; environment: 1/0, true/false, yes/no, on/off)
  value,        // --dir DIR (TOML: a string; a number too where number_in_toml())
  list,         // repeatable: --enable RULE (TOML: an array; environment: one item per line)
  assignments,  // repeatable NAME=VALUE: -v NAME=VALUE (TOML: a table of names; environment: one per line)
};

// How the value is completed by the shell.
enum class ValueHint { none, version, directory, file, choice };

// Where an option is listed in --help and the man page.
enum class OptionGroup {
  command,     // the command's own options
  migrations,  // --dir, --ledger, -v ...
  session,     // how migrations run: timeouts, the lock, retries, backup
  connection,  // -d, -h, -p, -U ...
  output,      // --format, --color
  general,     // --help
};

struct OptionSpec {
  std::string_view name;            // the long name, without "--"
  char short_name = 0;              // 'd' for -d; 0 for none
  OptionKind kind = OptionKind::flag;
  std::string_view value_name;      // "DIR" (empty for flags)
  std::string_view help;            // one sentence, lower case, no final period
  std::string_view default_value;   // shown in help and used when nothing else sets it
  std::string_view env;             // "PGAPPLY_DIR": configurable from the environment
  std::string_view toml;            // "dir": configurable from pgapply.toml
  OptionGroup group = OptionGroup::command;
  ValueHint hint = ValueHint::none;
  std::string_view choices;         // "text json" (for ValueHint::choice)

  bool takes_value() const { return kind != OptionKind::flag; }
  bool repeatable() const { return kind == OptionKind::list || kind == OptionKind::assignments; }
  bool configurable() const { return !env.empty() || !toml.empty(); }
  // Whether pgapply.toml may give the value as a TOML number: a count (N), or
  // a duration (DURATION: 0, and any other number reaches the duration
  // reader, which asks for a unit). Any other value must be a string.
  bool number_in_toml() const { return value_name == "N" || value_name == "DURATION"; }
};

// Every row, in the order help lists them within a group.
const std::vector<OptionSpec>& option_table();

// The row named `name` (long name), or nullptr.
const OptionSpec* find_option(std::string_view name);
// `option` as `command` reads it: its row, with the value name, help and
// completion of that command where the command reads it its own way
// (baseline --from TOOL, beside up --from VERSION).
OptionSpec option_for_command(const OptionSpec& option, std::string_view command);
// Whether some command reads `option` its own way (so completion asks which command it is).
bool read_differently_by_some_command(std::string_view option);
// Whether the option's value may be a connection string or URL, and so hold
// a password (-d, --shadow): it is shown with pg::redact_password, never as given.
bool carries_conninfo(const OptionSpec& option);
// A value of `option` as config and messages show it: a connection string's
// password (carries_conninfo), and the value of a -v whose name says it is
// secret (pw, db_password, api_token: pg::looks_like_password_key), as ***.
std::string shown_value(const OptionSpec& option, const std::string& value);
// A word of the command line as an error quotes it (an unknown option or
// command, a stray argument): a password in it, as ***, whatever the word
// was meant to be ("--url=postgresql://u:***@h/db", "db_password=***").
std::string shown_argument(const std::string& word);
// The row whose short name is `short_name`, or nullptr.
const OptionSpec* find_short_option(char short_name);

// The heading of a group in --help and the man page ("connection", ...).
std::string_view group_title(OptionGroup group);

}  // namespace pgapply::cli
