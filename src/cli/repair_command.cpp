#include "cli/commands.hpp"

#include <tuple>

#include "engine/operations/repair_operation.hpp"
#include "cli/command_table.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "report/json_document.hpp"

namespace pgapply::cli {

namespace {

// In JSON mode the engine's messages become the document's "messages".
class CollectedOutput : public TerminalOutput {
 public:
  using TerminalOutput::TerminalOutput;
  void progress(const std::string& line) override { messages.push_back(line); }
  std::vector<std::string> messages;
};

std::string action_identifier(engine::RepairAction action) {
  switch (action) {
    case engine::RepairAction::accept_checksum: return "accept_checksum";
    case engine::RepairAction::mark_applied: return "mark_applied";
    case engine::RepairAction::mark_pending: return "mark_pending";
    case engine::RepairAction::clear_failed: return "clear_failed";
  }
  return "unknown";
}

}  // namespace

int repair_command(const OptionValues& values, Terminal& terminal) {
  engine::RepairOptions options;
  int given = 0;
  for (const auto& [option, action] :
       {std::tuple{"accept-checksum", engine::RepairAction::accept_checksum},
        std::tuple{"mark-applied", engine::RepairAction::mark_applied},
        std::tuple{"mark-pending", engine::RepairAction::mark_pending},
        std::tuple{"clear-failed", engine::RepairAction::clear_failed}}) {
    const auto version = ledger_key_setting(values, option);
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
  options.context = context_settings(values);
  if (!json_setting(values)) {
    TerminalOutput output(terminal);
    engine::run_repair(options, output);
    return exit_ok;
  }
  CollectedOutput output(terminal, true);
  const engine::RepairResult result = engine::run_repair(options, output);
  report::Json document = report::json_document("repair");
  document["database"] = result.database;
  document["ledger"] = report::ledger_json(result.ledger);
  document["action"] = action_identifier(options.action);
  document["version"] = options.version;
  document["reason"] = options.reason;
  document["messages"] = output.messages;
  terminal.print(report::dump_document(document));
  return exit_ok;
}

}  // namespace pgapply::cli
