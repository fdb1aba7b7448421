#include "cli/commands.hpp"

#include "engine/dry_run.hpp"
#include "engine/up_operation.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int up_command(const OptionValues& values, Terminal& terminal) {
  engine::UpOptions options;
  options.target = version_setting(values, "target");
  options.allow_out_of_order = values.flag("allow-out-of-order");
  options.verify = !values.flag("no-verify");
  options.lock_wait = seconds_setting(values, "lock-wait");
  options.retries = static_cast<int>(values.whole_number("retries", 0).value_or(3));
  options.session.lock_timeout = values.text("lock-timeout").value_or("5s");
  options.session.statement_timeout = values.text("statement-timeout");
  if (const auto backup = values.text("backup")) options.backup_dir = *backup;
  options.project = project_settings(values);
  const bool dry_run = values.flag("dry-run");
  const bool offline = values.flag("offline");
  const auto from = version_setting(values, "from");
  if (offline && !dry_run) throw Error(ErrorKind::usage, "--offline goes with --dry-run");
  if (from && !offline) throw Error(ErrorKind::usage, "--from goes with --dry-run --offline");
  TerminalOutput output(terminal);
  if (dry_run) {
    engine::DryRunOptions dry;
    dry.from = from;
    dry.offline = offline;
    if (!offline) options.connection = connection_settings(values);
    dry.up = std::move(options);
    terminal.print(engine::run_dry_run(dry, output));
    return exit_ok;
  }
  options.connection = connection_settings(values);
  engine::run_up(options, output);
  return exit_ok;
}

}  // namespace pgapply::cli
