#include "cli/commands.hpp"

#include "engine/baseline_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int baseline_command(const OptionValues& values, Terminal& terminal) {
  engine::BaselineOptions options;
  options.detect = values.flag("detect");
  options.yes = values.flag("yes");
  options.json = json_setting(values);
  options.version = version_setting(values, "version");
  options.context = context_settings(values);
  options.shadow = shadow_settings(values);
  TerminalOutput output(terminal, options.json);
  const auto report = engine::run_baseline(options, output).report;
  options.json ? terminal.print(report) : terminal.report(report);
  return exit_ok;
}

}  // namespace pgapply::cli
