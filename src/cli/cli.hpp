#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/terminal.hpp"

namespace pgapply::cli {

// Runs the command line: parses it, calls the engine, prints, and returns the exit status.
int run(int argc, char** argv);

// The same with its surroundings given: the arguments after the program
// name, the terminal, and the environment (tests pass a fake one).
using GetEnv = std::function<std::optional<std::string>(std::string_view)>;
int run(const std::vector<std::string>& args, Terminal& terminal, const GetEnv& getenv);

}  // namespace pgapply::cli
