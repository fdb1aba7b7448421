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
  options.from = values.text("from");
  options.from_table = values.text("from-table").value_or("");
  options.force = values.text("force");
  if (!options.from && (!options.from_table.empty() || options.force)) {
    throw Error(ErrorKind::usage, "--from-table and --force go with --from");
  }
  options.context = context_settings(values);
  options.shadow = shadow_settings(values);
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_baseline(options, output);
  options.json ? terminal.print(result.report) : terminal.report(result.report);
  return result.problem ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
