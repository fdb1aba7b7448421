#include "cli/commands.hpp"

#include "cli/common_options.hpp"
#include "cli/report_document.hpp"
#include "cli/terminal_output.hpp"
#include "engine/operations/check_operation.hpp"

namespace pgapply::cli {

int check_command(const OptionValues& values, Terminal& terminal) {
  engine::CheckOptions options;
  options.json = json_setting(values);
  const bool idempotency = values.flag("idempotency");
  const bool rollback = values.flag("rollback");
  if (idempotency || rollback) {  // one proof only; default: both
    options.idempotency = idempotency;
    options.rollback = rollback;
  }
  options.target = version_setting(values, "target");
  options.offline = values.flag("offline");
  options.allow_empty = values.flag("allow-empty");
  options.allow_out_of_order = values.flag("allow-out-of-order");
  options.shadow = shadow_settings(values);
  if (options.offline) {
    options.context.project = project_settings(values);
    options.context.implied_project = implied_project_settings(values);
    // No connection, but its hints (check --allow-empty) repeat the run's options as any command's do.
    options.context.invocation = invocation_settings(values);
  } else {
    options.context = context_settings(values);
  }
  TerminalOutput output(terminal, options.json);
  const auto result = engine::run_check(options, output);
  return finish_report(terminal, options.json, result.report, result.failure);
}

}  // namespace pgapply::cli
