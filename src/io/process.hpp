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
// `ends_with_pgapply`: a signal pgapply receives (a SIGTERM sent to it alone)
// ends the program too (SIGTERM), rather than waiting for it: pg_dump, not the
// cleanup a first signal started (pg_ctl stop), which must finish.
ProcessOutcome run_program(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env, bool ends_with_pgapply = false);

// A program started without a shell (as run_program starts it) and not
// waited for: it runs while pgapply does something else. Its standard output
// goes to /dev/null, its standard error to `errors_file` (a file, so that
// nothing need read it meanwhile). Throws Error(input) when it cannot start.
class BackgroundProgram {
 public:
  BackgroundProgram(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                    const std::string& errors_file);
  // One never waited for is stopped (SIGTERM) and reaped.
  ~BackgroundProgram();
  BackgroundProgram(const BackgroundProgram&) = delete;
  BackgroundProgram& operator=(const BackgroundProgram&) = delete;

  // Waits for it to end (once): its status, and the last 64 KiB of what it
  // wrote to standard error.
  ProcessOutcome wait();

 private:
  int pid_ = -1;
  std::string errors_file_;
  bool waited_ = false;
};

struct ProgramOutput {
  int status = -1;     // exit status, or 128 + signal
  std::string output;  // what it wrote to standard output (all of it)
  std::string errors;  // what it wrote to standard error (the last 64 KiB)
};

// Runs a program without a shell, as run_program does, and collects its
// standard output (for small outputs such as `git diff --name-only`).
ProgramOutput run_program_output(const std::vector<std::string>& argv);

// `text` (a program's standard error) without the newlines and spaces it
// ends with, to quote in a message.
std::string without_trailing_blanks(std::string text);

}  // namespace pgapply::io
