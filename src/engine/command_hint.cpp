#include "engine/command_hint.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/plural.hpp"
#include "core/shell_quote.hpp"
#include "engine/loaded_script.hpp"
#include "pg/conninfo.hpp"

namespace pgapply::engine {

namespace {

// The shell variable a hint names in place of a secret -v value (pw: PW,
// db-password: DB_PASSWORD): the name in capitals, a character no shell
// variable's name holds as '_', and a '_' before a leading digit.
std::string shell_variable(const std::string& name) {
  std::string variable;
  for (const char c : name) {
    if (c >= 'a' && c <= 'z') {
      variable += static_cast<char>(c - 'a' + 'A');
    } else {
      variable += (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_';
    }
  }
  if (variable.empty() || (variable.front() >= '0' && variable.front() <= '9')) variable.insert(0, "_");
  return variable;
}

// NAME=$VARIABLE as one shell word: in double quotes, where only $ ` " \ (and
// an interactive shell's !) are special; a name holding one of them is
// single-quoted before them ('my"pw='"$MY_PW").
std::string reference_word(const std::string& name, const std::string& variable) {
  if (name.find_first_of("$`\"\\!") == std::string::npos) return "\"" + name + "=$" + variable + "\"";
  return shell_word(name + "=") + "\"$" + variable + "\"";
}

}  // namespace

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
  // A value whose name says it is secret (pw, db_password, api_token: the
  // rule that hides a connection string's password) is never printed. Every
  // command a hint names reads the migrations with the variables, and a
  // migration's checksum takes in the values it uses, so the hint cannot go
  // without it: it names a shell variable instead, for the user to set.
  std::vector<std::string> secret_options;    // -v pw
  std::vector<std::string> secret_variables;  // PW
  for (const auto& variable : context.project.variables) {
    if (std::find(defaults.variables.begin(), defaults.variables.end(), variable) != defaults.variables.end()) continue;
    if (pg::looks_like_password_key(variable.first)) {
      const std::string shell = shell_variable(variable.first);
      const std::string reference = reference_word(variable.first, shell);
      command += variable.first.starts_with('-') ? " --set=" + reference : " -v " + reference;
      secret_options.push_back("-v " + shell_word(variable.first));
      secret_variables.push_back(shell);
      continue;
    }
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
  // A -d with a password: the same database, the password left out (libpq
  // then reads PGPASSWORD or ~/.pgpass); never no -d at all, which may
  // connect somewhere else (DATABASE_URL, PG* variables).
  const std::optional<std::string> without_password =
      secret ? pg::without_password(connection.dbname) : std::optional<std::string>();
  if (!connection.dbname.empty() && !secret) add("-d", connection.dbname, "--dbname");
  if (without_password) add("-d", *without_password, "--dbname");
  if (!connection.host.empty()) add("-h", connection.host, "--host");
  if (!connection.port.empty()) add("-p", connection.port, "--port");
  if (!connection.user.empty()) add("-U", connection.user, "--username");
  if (connection.password) word("-W");
  // The same command again: as the user ran it (a dry run stays a dry run),
  // but for the options the hint gives itself.
  std::vector<std::string> withheld;  // options holding a password, not repeated
  if (secret && !without_password) withheld.emplace_back("-d");
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
  std::vector<std::string> notes;
  if (without_password) notes.emplace_back("your password, left out of -d: from PGPASSWORD or ~/.pgpass");
  if (!withheld.empty()) {
    for (auto& option : withheld) option.insert(0, "your ");
    notes.push_back(listed(withheld) + (withheld.size() == 1 ? ", whose password is" : ", whose passwords are") +
                    " not repeated here");
  }
  if (!secret_variables.empty()) {
    notes.push_back(listed(secret_variables) + " set to your " + listed(secret_options) +
                    (secret_options.size() == 1 ? ", whose value is" : ", whose values are") + " not repeated here");
  }
  for (std::size_t i = 0; i < notes.size(); ++i) {
    command += (i == 0 ? "  (with " : ", and with ") + notes[i] + (i + 1 == notes.size() ? ")" : "");
  }
  // This run read its files in another encoding than UTF-8: the command must too, or it refuses them.
  if (!client_encoding_is_utf8()) {
    command.insert(0, "PGCLIENTENCODING=" + shell_word(std::getenv("PGCLIENTENCODING")) + " ");
  }
  return command;
}

}  // namespace pgapply::engine
