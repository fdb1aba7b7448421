#pragma once

#include <string>
#include <vector>

#include "cli/option_values.hpp"
#include "cli/terminal.hpp"

namespace pgapply::cli {

// A failure a command has already put into its JSON document (up, down: the
// run so far and its error): the command line only repeats the message on
// standard error and exits with the status.
struct DocumentedFailure {
  int exit_status;
  std::string message;
  bool located;  // starts with FILE:LINE: (printed as it is)
};

// Runs `command` (a row of command_table()) with its parsed settings.
// Returns the exit status; throws Error for what the command could not do.
int run_command(const std::string& command, const OptionValues& values, Terminal& terminal);

// One function per command: read its settings, call the engine once, print.
// Each lives in its own <name>_command.cpp.
int split_command(const OptionValues& values, Terminal& terminal);
int up_command(const OptionValues& values, Terminal& terminal);
int status_command(const OptionValues& values, Terminal& terminal);
int exec_command(const OptionValues& values, Terminal& terminal);
int new_command(const OptionValues& values, Terminal& terminal);
int lint_command(const OptionValues& values, Terminal& terminal);
int history_command(const OptionValues& values, Terminal& terminal);
int diff_command(const OptionValues& values, Terminal& terminal);
int check_command(const OptionValues& values, Terminal& terminal);
int down_command(const OptionValues& values, Terminal& terminal);
int repair_command(const OptionValues& values, Terminal& terminal);
int preflight_command(const OptionValues& values, Terminal& terminal);
int verify_command(const OptionValues& values, Terminal& terminal);
int baseline_command(const OptionValues& values, Terminal& terminal);
int config_command(const OptionValues& values, Terminal& terminal);

// A version given on the command line, canonical; Error(usage) unless digits.
std::string version_argument(const std::string& option, const std::string& value);

}  // namespace pgapply::cli
