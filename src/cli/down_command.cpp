#include "cli/commands.hpp"

#include "engine/down_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int down_command(const OptionValues& values, Terminal& terminal) {
  engine::DownOptions options;
  if (const auto steps = values.whole_number("steps", 1)) options.steps = static_cast<std::size_t>(*steps);
  options.to = version_setting(values, "to");
  options.dry_run = values.flag("dry-run");
  options.lock_wait = seconds_setting(values, "lock-wait");
  options.session.lock_timeout = values.text("lock-timeout").value_or("5s");
  if (const auto backup = values.text("backup")) options.backup_dir = *backup;
  options.project = project_settings(values);
  options.connection = connection_settings(values);
  TerminalOutput output(terminal);
  terminal.print(engine::run_down(options, output));
  return exit_ok;
}

}  // namespace pgapply::cli
