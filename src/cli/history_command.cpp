#include "cli/commands.hpp"

#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "engine/operations/history_operation.hpp"
#include "report/history_report.hpp"

namespace pgapply::cli {

int history_command(const OptionValues& values, Terminal& terminal) {
  engine::HistoryOptions options;
  const bool json = json_setting(values);
  if (const auto limit = values.whole_number("limit", 1)) options.limit = static_cast<std::size_t>(*limit);
  options.version = ledger_key_setting(values, "version");
  options.context = context_settings(values);
  TerminalOutput output(terminal, json);
  const auto result = engine::run_history(options, output);
  if (json) {
    terminal.print(report::render_history_json(result.entries, result.total, result.database, result.ledger));
  } else {
    terminal.print(report::render_history_text(result.entries, result.total, result.database, result.ledger,
                                               report::Paint{terminal.style().color_out}));
  }
  return exit_ok;
}

}  // namespace pgapply::cli
