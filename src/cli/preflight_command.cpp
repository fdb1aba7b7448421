#include "cli/commands.hpp"

#include "engine/operations/preflight_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/lint_options.hpp"
#include "cli/report_document.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int preflight_command(const OptionValues& values, Terminal& terminal) {
  engine::PreflightOptions options;
  options.json = json_setting(values);
  options.up.target = version_setting(values, "target");
  options.up.allow_out_of_order = values.flag("allow-out-of-order");
  options.up.allow_empty = values.flag("allow-empty");
  options.up.context = context_settings(values);
  options.up.shadow = shadow_settings(values);
  options.idempotency = values.flag("idempotency");
  options.lint = lint_settings(values);
  if (options.idempotency && !options.up.shadow.enabled) {
    throw Error(ErrorKind::usage, "--idempotency runs on the shadow: it does not go with --no-shadow");
  }
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_preflight(options, output);
  return finish_report(terminal, options.json, result.report, result.failure);
}

}  // namespace pgapply::cli
