#include "engine/adoption_hint.hpp"

#include "core/shell_quote.hpp"
#include "engine/foreign_ledger_reader.hpp"
#include "pg/conninfo.hpp"

namespace pgapply::engine {

std::string baseline_from_command(const Context& context, migrate::ForeignTool tool, const std::string& from_table,
                                  const std::vector<std::string>& extra) {
  std::string command = "pgapply baseline --from " + std::string(migrate::to_string(tool));
  const auto add = [&command](const std::string& option, const std::string& value) {
    command += ' ';
    command += option;
    command += ' ';
    command += shell_word(value);
  };
  if (!from_table.empty()) add("--from-table", from_table);
  const ProjectOptions defaults;
  if (context.project.dir != defaults.dir) add("--dir", context.project.dir.string());
  if (context.project.ledger != defaults.ledger) add("--ledger", context.project.ledger);
  for (const auto& [name, value] : context.project.variables) add("-v", name + "=" + value);
  if (context.project.allow_undefined_variables) command += " --allow-undefined-variables";
  const auto& connection = context.connection;
  const bool secret = !connection.dbname.empty() && pg::redact_password(connection.dbname) != connection.dbname;
  if (!connection.dbname.empty() && !secret) add("-d", connection.dbname);
  if (!connection.host.empty()) add("-h", connection.host);
  if (!connection.port.empty()) add("-p", connection.port);
  if (!connection.user.empty()) add("-U", connection.user);
  for (const auto& word : extra) {
    command += ' ';
    command += shell_word(word);
  }
  if (secret) command += "  (with your -d, whose password is not repeated here)";
  return command;
}

std::vector<report::ForeignLedgerNote> foreign_ledger_notes(pg::Connection& connection, const Context& context) {
  std::vector<report::ForeignLedgerNote> notes;
  for (const auto& found : detect_foreign_ledgers(connection)) {
    notes.push_back({std::string(migrate::to_string(found.table.tool)), found.table.shown(), found.applied,
                     baseline_from_command(context, found.table.tool, "")});
  }
  return notes;
}

}  // namespace pgapply::engine
