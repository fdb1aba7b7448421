#include "cli/common_options.hpp"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_table.hpp"
#include "cli/commands.hpp"
#include "core/duration.hpp"
#include "core/error.hpp"
#include "core/interruption.hpp"
#include "engine/ledger.hpp"
#include "psql/variables.hpp"
#include "settings/connect_settings.hpp"

namespace pgapply::cli {

std::string read_password(const std::string& prompt) {
  std::FILE* tty = std::fopen("/dev/tty", "r+");
  std::FILE* in = tty != nullptr ? tty : stdin;
  termios saved{};
  const bool terminal = tty != nullptr && tcgetattr(fileno(tty), &saved) == 0;
  if (terminal) {
    // Echo off before the prompt shows: a password typed as soon as it
    // appears must not be echoed.
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    std::fputs(prompt.c_str(), tty);
    std::fflush(tty);
  }
  std::string password;
  // A byte at a time (no stdio buffering), waiting at most 100 ms for each so
  // that a signal (Ctrl-C, SIGTERM, SIGHUP) ends the wait even when it came
  // before the read began; the run then stops below as it would anywhere.
  const int fd = fileno(in);
  while (signal_received() == 0) {
    pollfd ready{fd, POLLIN, 0};
    const int polled = ::poll(&ready, 1, 100);
    if (polled < 0 && errno != EINTR) break;
    if (polled <= 0) continue;
    char c = 0;
    if (::read(fd, &c, 1) != 1 || c == '\n') break;  // end of input, or of the line
    password += c;
  }
  if (terminal) {
    tcsetattr(fileno(tty), TCSAFLUSH, &saved);
    std::fputs("\n", tty);
  }
  if (tty != nullptr) std::fclose(tty);
  throw_if_interrupted("at the password prompt: nothing was done");
  return password;
}

settings::ConnectOptions connection_target_settings(const OptionValues& values) {
  settings::ConnectOptions options;
  options.dbname = values.text("dbname").value_or("");
  options.host = values.text("host").value_or("");
  // Checked here: libpq's "invalid port number" would read as a server that cannot be reached (exit 2).
  if (const auto port = values.whole_number("port", 1, 65535)) options.port = std::to_string(*port);
  options.user = values.text("username").value_or("");
  env_file_settings(values, options);
  return options;
}

void env_file_settings(const OptionValues& values, settings::ConnectOptions& options) {
  if (auto env_file = values.text("env-file")) options.env_file = *env_file;
  // --env-file on the command line holds over PGAPPLY_NO_ENV_FILE, as any setting would.
  const std::string_view holds = values.exclusive("env-file", "no-env-file");
  options.read_env_file = holds != "no-env-file";
  options.env_file_required = holds == "env-file";
  if (options.env_file_required) options.env_file_origin = values.items("env-file").back().source.suffix();
}

int connect_retries_setting(const OptionValues& values) {
  return static_cast<int>(values.whole_number("connect-retries", 0, 1000).value_or(0));
}

settings::ConnectOptions connection_settings(const OptionValues& values) {
  settings::ConnectOptions options = connection_target_settings(values);
  options.connect_retries = connect_retries_setting(values);
  if (values.flag("password")) options.password = read_password("Password: ");
  return options;
}

std::string dir_setting(const OptionValues& values) {
  const auto& items = values.items("dir");
  if (items.empty()) return std::string(find_option("dir")->default_value);
  if (items.back().value.empty()) {
    throw Error(ErrorKind::usage, "--dir is empty" + items.back().source.suffix() +
                                      ": give the directory of the migrations, --dir DIR",
                items.back().source.place());
  }
  return items.back().value;
}

engine::LedgerFormat ledger_format_setting(const OptionValues& values) {
  const auto format = values.choice("ledger-format");
  return format ? engine::parse_ledger_format(*format).value() : engine::LedgerFormat::pgapply;  // one of the choices
}

std::string ledger_setting(const OptionValues& values, engine::LedgerFormat format) {
  std::string ledger = values.text("ledger").value_or(std::string(find_option("ledger")->default_value));
  // A name PostgreSQL would cut short, or the companion's own: refused before connecting.
  try {
    engine::parse_ledger_name(ledger, format);
  } catch (const Error& error) {
    if (!values.given("ledger")) throw;  // (the default)
    throw values.items("ledger").back().source.error(error.kind(), error.what());
  }
  return ledger;
}

std::vector<std::pair<std::string, std::string>> variables_setting(const OptionValues& values) {
  std::vector<std::pair<std::string, std::string>> variables;
  for (const auto& item : values.items("set")) {
    try {
      variables.push_back(parse_assignment(item.value));
    } catch (const Error& error) {
      throw item.source.error(error.kind(), error.what());  // (PGAPPLY_SET, pgapply.toml:3: named)
    }
  }
  return variables;
}

engine::ProjectOptions project_settings(const OptionValues& values) {
  engine::ProjectOptions options;
  options.dir = dir_setting(values);
  // (the default's name says enough)
  const auto& dir_items = values.items("dir");
  if (!dir_items.empty() && dir_items.back().source.kind != SourceKind::default_value) {
    options.dir_source = dir_items.back().source.suffix();
  }
  options.ledger_format = ledger_format_setting(values);
  options.ledger = ledger_setting(values, options.ledger_format);
  options.variables = variables_setting(values);
  options.allow_undefined_variables = values.flag("allow-undefined-variables");
  return options;
}

std::optional<std::string> version_setting(const OptionValues& values, std::string_view option) {
  const auto text = values.text(option);
  if (!text) return std::nullopt;
  return version_argument("--" + std::string(option), *text);
}

std::optional<std::string> ledger_key_setting(const OptionValues& values, std::string_view option) {
  const auto text = values.text(option);
  if (!text) return std::nullopt;
  if (migrate::is_repeatable_key(*text)) {
    if (text->size() == 2) {
      throw Error(ErrorKind::usage,
                  "--" + std::string(option) + " expects r:DESCRIPTION (R__DESCRIPTION.sql), not 'r:'");
    }
    return *text;
  }
  if (!migrate::is_version_text(*text)) {
    throw Error(ErrorKind::usage, "--" + std::string(option) +
                                      " expects a migration version (digits), or r:DESCRIPTION for a repeatable "
                                      "migration (R__DESCRIPTION.sql), not '" + *text + "'");
  }
  return migrate::canonical_version(*text);
}

std::optional<std::chrono::milliseconds> duration_option(const OptionValues& values, std::string_view option) {
  // PostgreSQL's timeouts are int milliseconds: a longer one is refused here,
  // not by the server after connecting.
  const std::chrono::milliseconds max = option == "lock-wait" ? longest_wait : longest_server_timeout;
  const auto text = values.text(option);
  if (!text) return std::nullopt;
  try {
    return parse_duration("--" + std::string(option), *text, max);
  } catch (const Error& error) {
    throw values.items(option).back().source.error(error.kind(), error.what());
  }
}

int retries_setting(const OptionValues& values) {
  return static_cast<int>(values.whole_number("retries", 0, 1000).value_or(3));
}

engine::ProjectOptions implied_project_settings(const OptionValues& values) {
  try {
    return project_settings(values.without_command_line());
  } catch (const Error&) {
    // A project file's value the command line overrides is wrong (a ledger
    // name too long): a hint compares with the defaults, as without one.
    return {};
  }
}

engine::Context context_settings(const OptionValues& values) {
  engine::Context context;
  context.project = project_settings(values);
  context.implied_project = implied_project_settings(values);
  if (const auto wait = duration_option(values, "lock-wait")) context.lock_wait = *wait;
  if (const auto timeout = duration_option(values, "lock-timeout")) {
    context.session.lock_timeout = duration_setting(*timeout);
  }
  if (const auto timeout = duration_option(values, "statement-timeout")) {
    context.session.statement_timeout = duration_setting(*timeout);
  }
  context.connection = connection_settings(values);
  context.invocation = invocation_settings(values);
  return context;
}

engine::Invocation invocation_settings(const OptionValues& values) {
  engine::Invocation invocation;
  invocation.command = values.command;
  for (const auto& [name, items] : values.all()) {
    const OptionSpec* spec = find_option(name);
    if (spec == nullptr || name == "color") continue;
    if (spec->group != OptionGroup::command && spec->group != OptionGroup::session &&
        spec->group != OptionGroup::output) {
      continue;
    }
    // The environment and pgapply.toml give theirs to the pasted command too.
    for (const auto& item : items) {
      if (item.source.kind != SourceKind::command_line) continue;
      std::vector<std::string> words{"--" + name};
      if (spec->takes_value()) words.push_back(item.value);
      invocation.options.push_back(std::move(words));
    }
  }
  return invocation;
}

std::string format_setting(const OptionValues& values, std::string_view choices) {
  const auto& items = values.items("format");
  if (!items.empty() && items.back().source.kind != SourceKind::command_line) {
    const std::string& value = items.back().value;
    const auto prints = [&value](std::string_view words) {
      std::istringstream in{std::string(words)};
      for (std::string word; in >> word;) {
        if (word == value) return true;
      }
      return false;
    };
    if (!prints(choices)) {
      for (const auto& command : command_table()) {
        if (command.takes("format") && prints(command.format_choices)) return "text";
      }
    }
  }
  return values.choice("format", choices).value_or("text");
}

bool json_setting(const OptionValues& values, std::string_view choices) {
  return format_setting(values, choices) == "json";
}

bool run_json_setting(const OptionValues& values, bool dry_run) {
  if (!json_setting(values)) return false;
  if (!dry_run) return true;
  if (values.items("format").back().source.kind == SourceKind::command_line) {
    throw Error(ErrorKind::usage, "--dry-run prints a psql script: it does not go with --format json");
  }
  return false;  // PGAPPLY_FORMAT=json: the script, as the command line asked
}

namespace {

// Why a file cannot be read (an errno), or 0.
int unreadable(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) return EISDIR;
  errno = 0;
  if (std::ifstream(path, std::ios::binary)) return 0;
  return errno != 0 ? errno : EACCES;
}

}  // namespace

engine::ShadowOptions shadow_settings(const OptionValues& values, bool used) {
  engine::ShadowOptions options;
  // --no-shadow on the command line holds over PGAPPLY_SHADOW, as any setting would.
  const std::string_view holds = values.exclusive("shadow", "no-shadow");
  options.enabled = holds != "no-shadow";
  if (holds == "shadow") options.url = *values.text("shadow");
  settings::refuse_uri_without_scheme(options.url, "--shadow");
  // Read before connecting, as the migrations are: a file that cannot be
  // is said at once, with where it was named, not after a shadow was made.
  for (const auto& item : values.items("shadow-init")) {
    if (options.enabled && used) {
      if (const int error = unreadable(item.value); error != 0) {
        throw item.source.error(ErrorKind::input,
                                "--shadow-init " + item.value + ": cannot read: " + std::strerror(error));
      }
    }
    options.init_files.emplace_back(item.value);
  }
  if (options.enabled && options.url.empty()) {
    if (const char* env = std::getenv("SHADOW_DATABASE_URL"); env != nullptr) options.url = env;
  }
  return options;
}

std::pair<std::string, std::string> parse_assignment(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw Error(ErrorKind::usage, "-v expects NAME=VALUE, not '" + text + "'");
  }
  std::string name = text.substr(0, equals);
  // Flyway's built-in placeholders (${flyway:defaultSchema}) are given as
  // -v 'flyway:defaultSchema=app', as the error of one without a value says.
  const bool flyway_builtin = name.starts_with("flyway:") && psql::is_variable_name(name.substr(7));
  if (!psql::is_variable_name(name) && !flyway_builtin) {
    throw Error(ErrorKind::usage, "-v " + text + ": '" + name + "' is not a name psql takes for a variable (letters, "
                                  "digits and _), so no :" + name + " could name it");
  }
  return {std::move(name), text.substr(equals + 1)};
}

}  // namespace pgapply::cli
