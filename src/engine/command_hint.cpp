#include "engine/command_hint.hpp"

#include <algorithm>

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
  // An option's value that starts with '-' joins its long name (--dir=-m):
  // the command line never reads a word that looks like an option as a value.
  const auto add = [&word](const std::string& option, const std::string& value, const std::string& long_name = "") {
    if (value.size() > 1 && value.front() == '-') {
      word((long_name.empty() ? option : long_name) + "=" + value);
      return;
    }
    word(option);
    word(value);
  };
  const ProjectOptions& defaults = context.implied_project;
  if (context.project.dir != defaults.dir) add("--dir", context.project.dir.string());
  if (context.project.ledger != defaults.ledger) add("--ledger", context.project.ledger);
  if (context.project.ledger_format != defaults.ledger_format) {
    add("--ledger-format", std::string(to_string(context.project.ledger_format)));
  }
  // Variables from PGAPPLY_SET or pgapply.toml are the same without them
  // (and may hold a secret kept off the command line: never in a log).
  for (const auto& variable : context.project.variables) {
    if (std::find(defaults.variables.begin(), defaults.variables.end(), variable) != defaults.variables.end()) continue;
    add("-v", variable.first + "=" + variable.second, "--set");
  }
  if (context.project.allow_undefined_variables && !defaults.allow_undefined_variables) {
    word("--allow-undefined-variables");
  }
  const auto& connection = context.connection;
  const settings::ConnectOptions connect_defaults;
  if (!connection.read_env_file) {
    word("--no-env-file");
  } else if (connection.env_file != connect_defaults.env_file) {
    add("--env-file", connection.env_file);
  }
  const bool secret = !connection.dbname.empty() && pg::redact_password(connection.dbname) != connection.dbname;
  if (!connection.dbname.empty() && !secret) add("-d", connection.dbname, "--dbname");
  if (!connection.host.empty()) add("-h", connection.host, "--host");
  if (!connection.port.empty()) add("-p", connection.port, "--port");
  if (!connection.user.empty()) add("-U", connection.user, "--username");
  if (connection.password) word("-W");
  // The same command again: as the user ran it (a dry run stays a dry run),
  // but for the options the hint gives itself.
  std::vector<std::string> withheld;  // options holding a password, not repeated
  if (secret) withheld.emplace_back("-d");
  if (!words.empty() && words.front() == context.invocation.command) {
    const auto has = [&](const std::string& option) {
      return std::find(words.begin(), words.end(), option) != words.end() ||
             std::find(extra.begin(), extra.end(), option) != extra.end();
    };
    for (const auto& option : context.invocation.options) {
      if (option.empty() || has(option.front())) continue;
      if (std::any_of(option.begin() + 1, option.end(),
                      [](const std::string& value) { return pg::redact_password(value) != value; })) {
        withheld.push_back(option.front());
        continue;
      }
      if (option.size() == 2) {
        add(option[0], option[1]);
      } else {
        for (const auto& text : option) word(text);
      }
    }
  }
  for (const auto& text : extra) word(text);
  for (std::size_t i = 0; i < withheld.size(); ++i) {
    command += i == 0 ? "  (with your " : " and your ";
    command += withheld[i];
  }
  if (!withheld.empty()) command += withheld.size() == 1 ? ", whose password is not repeated here)"
                                                         : ", whose passwords are not repeated here)";
  return command;
}

}  // namespace pgapply::engine
