#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/terminal.hpp"

namespace pgapply::cli {

// Parses the arguments of `command` into its options and runs it. Returns the
// exit status; throws Error for a usage error or what the command could not do.
int run_command(const std::string& command, const std::vector<std::string>& args,
                Terminal& terminal);

// One function per command: parse its options (Boost.Program_options), call
// the core once, print. Each lives in its own <name>_command.cpp.
int split_command(const std::vector<std::string>& args, Terminal& terminal);
int up_command(const std::vector<std::string>& args, Terminal& terminal);
int status_command(const std::vector<std::string>& args, Terminal& terminal);
int exec_command(const std::vector<std::string>& args, Terminal& terminal);
int new_command(const std::vector<std::string>& args, Terminal& terminal);
int down_command(const std::vector<std::string>& args, Terminal& terminal);
int repair_command(const std::vector<std::string>& args, Terminal& terminal);
int preflight_command(const std::vector<std::string>& args, Terminal& terminal);
int verify_command(const std::vector<std::string>& args, Terminal& terminal);
int baseline_command(const std::vector<std::string>& args, Terminal& terminal);
int diff_command(const std::vector<std::string>& args, Terminal& terminal);
int check_command(const std::vector<std::string>& args, Terminal& terminal);

// A version given on the command line, canonical; Error(usage) unless digits.
std::string version_argument(const std::string& option, const std::string& value);

// A whole number given on the command line, within [min, max]; Error(usage)
// naming the option otherwise.
std::size_t count_argument(const std::string& option, const std::string& value, std::size_t min,
                           std::size_t max = 1'000'000);

}  // namespace pgapply::cli
