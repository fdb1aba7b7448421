#include "cli/commands.hpp"

#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/run_document.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "engine/operations/dry_run.hpp"
#include "engine/operations/up_operation.hpp"

namespace pgapply::cli {

int up_command(const OptionValues& values, Terminal& terminal) {
  engine::UpOptions options;
  options.target = version_setting(values, "target");
  options.allow_out_of_order = values.flag("allow-out-of-order");
  options.allow_empty = values.flag("allow-empty");
  options.ignore_foreign_ledger = values.flag("ignore-foreign-ledger");
  options.verify = !values.flag("no-verify");
  options.retries = retries_setting(values);
  if (const auto backup = values.text("backup")) options.backup_dir = *backup;
  const bool dry_run = values.flag("dry-run");
  const bool offline = values.flag("offline");
  const bool json = run_json_setting(values, dry_run);
  const auto from = version_setting(values, "from");
  if (offline && !dry_run) throw Error(ErrorKind::usage, "--offline goes with --dry-run");
  if (from && !offline) throw Error(ErrorKind::usage, "--from goes with --dry-run --offline");
  options.context = context_settings(values);
  options.shadow = shadow_settings(values, options.verify && !dry_run);
  TerminalOutput output(terminal, json);
  if (dry_run) {
    engine::DryRunOptions dry;
    dry.from = from;
    dry.offline = offline;
    dry.up = std::move(options);
    terminal.print(engine::run_dry_run(dry, output));
    return exit_ok;
  }
  migrate::RunSummary summary;
  run_with_summary(json, "up", summary, terminal, [&] { engine::run_up(options, output, summary); });
  return exit_ok;
}

}  // namespace pgapply::cli
