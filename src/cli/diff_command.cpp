#include "cli/commands.hpp"

#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "engine/diff_operation.hpp"
#include "engine/verify_operation.hpp"

namespace pgapply::cli {

int diff_command(const OptionValues& values, Terminal& terminal) {
  engine::VerifyOptions options;
  options.json = json_setting(values);
  options.context = context_settings(values);
  options.shadow = shadow_settings(values);
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_diff(options, output);
  options.json ? terminal.print(result.report) : terminal.report(result.report);
  return result.failed ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
