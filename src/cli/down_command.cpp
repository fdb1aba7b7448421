#include "cli/commands.hpp"

#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/run_document.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "engine/operations/down_operation.hpp"

namespace pgapply::cli {

int down_command(const OptionValues& values, Terminal& terminal) {
  engine::DownOptions options;
  if (const auto steps = values.whole_number("steps", 1)) options.steps = static_cast<std::size_t>(*steps);
  options.to = version_setting(values, "to");
  options.dry_run = values.flag("dry-run");
  options.allow_empty = values.flag("allow-empty");
  if (const auto backup = values.text("backup")) options.backup_dir = *backup;
  const bool json = run_json_setting(values, options.dry_run);
  options.context = context_settings(values);
  TerminalOutput output(terminal, json);
  migrate::RunSummary summary;
  run_with_summary(json, "down", summary, terminal, [&] { terminal.print(engine::run_down(options, output, summary)); });
  return exit_ok;
}

}  // namespace pgapply::cli
