#include "cli/commands.hpp"

#include "engine/new_operation.hpp"
#include "cli/exit_status.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int new_command(const OptionValues& values, Terminal& terminal) {
  std::string description;
  for (const auto& word : values.operands) description += (description.empty() ? "" : " ") + word;
  const auto dir = values.text("dir").value_or("migrations");
  for (const auto& path : engine::create_migration(dir, description, values.flag("down"))) {
    terminal.line("Created " + path.string());
  }
  return exit_ok;
}

}  // namespace pgapply::cli
