#include "cli/commands.hpp"

#include "cli/common_options.hpp"
#include "cli/report_document.hpp"
#include "cli/terminal_output.hpp"
#include "engine/operations/diff_operation.hpp"
#include "engine/operations/verify_operation.hpp"

namespace pgapply::cli {

int diff_command(const OptionValues& values, Terminal& terminal) {
  engine::VerifyOptions options;
  options.json = json_setting(values);
  options.context = context_settings(values);
  options.shadow = shadow_settings(values);
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_diff(options, output);
  return finish_report(terminal, options.json, result.report, result.failure);
}

}  // namespace pgapply::cli
