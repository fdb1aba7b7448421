#include "cli/commands.hpp"

#include "engine/status_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int status_command(const OptionValues& values, Terminal& terminal) {
  engine::StatusOptions options;
  options.json = json_setting(values);
  options.context = context_settings(values);
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_status(options, output);
  options.json ? terminal.print(result.report) : terminal.report(result.report);
  return values.flag("exit-code") && !result.clean ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
