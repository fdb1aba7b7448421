#include "engine/command_hint.hpp"

#include "core/shell_quote.hpp"
#include "pg/conninfo.hpp"

namespace pgapply::engine {

std::string pgapply_command(const Context& context, const std::vector<std::string>& words,
                            const std::vector<std::string>& extra) {
  std::string command = pgapply_words(words);
  const auto word = [&command](const std::string& text) {
    command += ' ';
    command += hint_word(text);
  };
  const auto add = [&word](const std::string& option, const std::string& value) {
    word(option);
    word(value);
  };
  const ProjectOptions defaults;
  if (context.project.dir != defaults.dir) add("--dir", context.project.dir.string());
  if (context.project.ledger != defaults.ledger) add("--ledger", context.project.ledger);
  if (context.project.ledger_format != defaults.ledger_format) {
    add("--ledger-format", std::string(to_string(context.project.ledger_format)));
  }
  for (const auto& [name, value] : context.project.variables) add("-v", name + "=" + value);
  if (context.project.allow_undefined_variables) word("--allow-undefined-variables");
  const auto& connection = context.connection;
  const settings::ConnectOptions connect_defaults;
  if (!connection.read_env_file) {
    word("--no-env-file");
  } else if (connection.env_file != connect_defaults.env_file) {
    add("--env-file", connection.env_file);
  }
  const bool secret = !connection.dbname.empty() && pg::redact_password(connection.dbname) != connection.dbname;
  if (!connection.dbname.empty() && !secret) add("-d", connection.dbname);
  if (!connection.host.empty()) add("-h", connection.host);
  if (!connection.port.empty()) add("-p", connection.port);
  if (!connection.user.empty()) add("-U", connection.user);
  if (connection.password) word("-W");
  for (const auto& text : extra) word(text);
  if (secret) command += "  (with your -d, whose password is not repeated here)";
  return command;
}

}  // namespace pgapply::engine
