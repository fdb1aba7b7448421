#include "cli/commands.hpp"

#include <ctime>

#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "core/error.hpp"
#include "engine/operations/new_operation.hpp"

namespace pgapply::cli {

int new_command(const OptionValues& values, Terminal& terminal) {
  engine::NewOptions options;
  for (const auto& word : values.operands) options.description += (options.description.empty() ? "" : " ") + word;
  options.dir = dir_setting(values);
  options.down = values.flag("down");
  options.timestamp = values.flag("timestamp");
  options.ledger_format = ledger_format_setting(values);
  for (const auto& path : engine::create_migration(options, std::time(nullptr))) terminal.line("Created " + path.string());
  return exit_ok;
}

}  // namespace pgapply::cli
