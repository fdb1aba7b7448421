#include "cli/commands.hpp"

#include <ctime>

#include "cli/command_table.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "core/error.hpp"
#include "engine/operations/new_operation.hpp"
#include "report/json_document.hpp"

namespace pgapply::cli {

int new_command(const OptionValues& values, Terminal& terminal) {
  engine::NewOptions options;
  for (const auto& word : values.operands) options.description += (options.description.empty() ? "" : " ") + word;
  options.dir = dir_setting(values);
  options.down = values.flag("down");
  options.timestamp = values.flag("timestamp");
  options.ledger_format = ledger_format_setting(values);
  const auto created = engine::create_migration(options, std::time(nullptr));
  if (format_setting(values, find_command("new")->format_choices) == "json") {
    report::Json document = report::json_document("new");
    report::Json files = report::Json::array();
    for (const auto& path : created) files.push_back(path.string());
    document["files"] = std::move(files);
    terminal.print(report::dump_document(document));
    return exit_ok;
  }
  for (const auto& path : created) terminal.line("Created " + path.string());
  return exit_ok;
}

}  // namespace pgapply::cli
