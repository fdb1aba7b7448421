#include "cli/commands.hpp"

#include "engine/operations/exec_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int exec_command(const OptionValues& values, Terminal& terminal) {
  engine::ExecOptions options;
  options.files = values.operands;
  const std::vector<std::string> with_f = values.list("file");
  options.commands = values.list("command");
  // psql runs -c and -f in the order given, which the options do not keep: one kind at a time.
  if (!with_f.empty() && !options.files.empty()) {
    throw Error(ErrorKind::usage, "pgapply exec takes files as arguments or with -f, not both");
  }
  options.files.insert(options.files.end(), with_f.begin(), with_f.end());
  if (!options.commands.empty() && !options.files.empty()) {
    throw Error(ErrorKind::usage, "pgapply exec runs files or -c commands, not both in one run (psql runs them in "
                                  "the order given; run them one after the other)");
  }
  if (options.commands.empty() && options.files.empty()) {
    throw Error(ErrorKind::usage, "pgapply exec needs a FILE (- for standard input), -f FILE or -c SQL");
  }
  const auto project = project_settings(values);
  options.variables = project.variables;
  options.allow_undefined_variables = project.allow_undefined_variables;
  options.connection = connection_settings(values);
  TerminalOutput output(terminal);
  engine::run_exec(options, output);
  return exit_ok;
}

}  // namespace pgapply::cli
