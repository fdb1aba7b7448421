#pragma once

#include <map>
#include <string>
#include <vector>

namespace pgapply::io {

// This process's environment with `overrides` set: "NAME=VALUE" strings.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides,
                                          const std::vector<std::string>& removed = {});

struct ProcessOutcome {
  int status = -1;     // exit status, or 128 + signal
  std::string errors;  // what it wrote to standard error (the last 64 KiB)
};

// Runs a program without a shell (argv[0] looked up on PATH when it has no
// '/'), with `env` added to pgapply's environment, and waits for it. Its
// standard output goes to /dev/null. Throws Error(input) when it cannot start.
ProcessOutcome run_program(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env);

}  // namespace pgapply::io
