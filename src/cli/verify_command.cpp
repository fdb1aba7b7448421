#include "cli/commands.hpp"

#include "engine/operations/verify_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/report_document.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int verify_command(const OptionValues& values, Terminal& terminal) {
  engine::VerifyOptions options;
  options.json = json_setting(values);
  options.context = context_settings(values);
  options.shadow = shadow_settings(values);
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_verify(options, output);
  return finish_report(terminal, options.json, result.report, result.failure);
}

}  // namespace pgapply::cli
