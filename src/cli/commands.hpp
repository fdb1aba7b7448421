#pragma once

#include <string>
#include <vector>

#include "cli/terminal.hpp"

namespace pgapply::cli {

// Parses the arguments of `command` into its options and runs it. Returns the
// exit status; throws Error for a usage error or what the command could not do.
int run_command(const std::string& command, const std::vector<std::string>& args,
                Terminal& terminal);

}  // namespace pgapply::cli
