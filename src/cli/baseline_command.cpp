#include "cli/commands.hpp"

#include "engine/operations/baseline_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/report_document.hpp"
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
  options.shadow = shadow_settings(values, options.detect);
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_baseline(options, output);
  return finish_report(terminal, options.json, result.report, result.problem);
}

}  // namespace pgapply::cli
