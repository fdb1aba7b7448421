#include "cli/commands.hpp"

#include "engine/operations/status_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/report_document.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int status_command(const OptionValues& values, Terminal& terminal) {
  engine::StatusOptions options;
  options.json = json_setting(values);
  options.context = context_settings(values);
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_status(options, output);
  const bool checked = values.flag("exit-code") && !result.unclean.empty();
  return finish_report(terminal, options.json, result.report,
                       checked ? "not every migration is applied: " + result.unclean : "", result.unclean_file);
}

}  // namespace pgapply::cli
