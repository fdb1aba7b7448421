#include "cli/commands.hpp"

#include <tuple>

#include "engine/repair_operation.hpp"
#include "cli/command_table.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int repair_command(const OptionValues& values, Terminal& terminal) {
  engine::RepairOptions options;
  int given = 0;
  for (const auto& [option, action] :
       {std::tuple{"accept-checksum", engine::RepairAction::accept_checksum},
        std::tuple{"mark-applied", engine::RepairAction::mark_applied},
        std::tuple{"mark-pending", engine::RepairAction::mark_pending},
        std::tuple{"clear-failed", engine::RepairAction::clear_failed}}) {
    const auto version = version_setting(values, option);
    if (!version) continue;
    ++given;
    options.action = action;
    options.version = *version;
  }
  if (given != 1) {
    throw Error(ErrorKind::usage, "give exactly one of --accept-checksum, --mark-applied, --mark-pending, "
                                  "--clear-failed VERSION\nusage: " + find_command("repair")->usage());
  }
  options.reason = values.text("reason").value_or("");
  options.project = project_settings(values);
  options.connection = connection_settings(values);
  TerminalOutput output(terminal);
  engine::run_repair(options, output);
  return exit_ok;
}

}  // namespace pgapply::cli
