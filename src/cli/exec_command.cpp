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
  const auto project = project_settings(values);
  options.variables = project.variables;
  options.allow_undefined_variables = project.allow_undefined_variables;
  options.connection = connection_settings(values);
  TerminalOutput output(terminal);
  engine::run_exec(options, output);
  return exit_ok;
}

}  // namespace pgapply::cli
