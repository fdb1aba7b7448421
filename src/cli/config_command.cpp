#include "cli/commands.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>

#include "cli/command_table.hpp"
#include "cli/common_options.hpp"
#include "cli/error_report.hpp"
#include "cli/exit_status.hpp"
#include "cli/setting_checks.hpp"
#include "core/error.hpp"
#include "pg/conninfo.hpp"
#include "report/json_document.hpp"
#include "report/text_table.hpp"
#include "settings/connect.hpp"

namespace pgapply::cli {

namespace {

// libpq's variables that decide the connection when -d and DATABASE_URL do not.
constexpr const char* libpq_variables[] = {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE",
                                           "PGPASSWORD", "PGSSLMODE"};

std::string kind_identifier(SourceKind kind) {
  switch (kind) {
    case SourceKind::default_value: return "default";
    case SourceKind::project_file: return "project_file";
    case SourceKind::environment: return "environment";
    case SourceKind::command_line: return "command_line";
  }
  return "default";
}

// The settings `pgapply config` shows: every configurable option it takes.
std::vector<const OptionSpec*> shown_options() {
  std::vector<const OptionSpec*> options;
  for (const auto& name : find_command("config")->options) {
    const OptionSpec* option = find_option(name);
    if (option->configurable()) options.push_back(option);
  }
  return options;
}

struct Connection {
  std::string database;  // redacted
  std::string source;
  std::vector<std::pair<std::string, std::string>> variables;  // PG* set in the environment
  std::optional<Error> problem;  // a setting it is made from is refused (--env-file, --port): not known
};

Connection connection_of(const OptionValues& values) {
  Connection connection;
  try {
    const settings::ConnectOptions options = connection_target_settings(values);
    const auto target = settings::connect_target(options);
    connection.database = pg::redact_password(target.dbname);
    // -h, -p and -U override what the connection string says, as they do when the commands connect
    for (const auto& [option, value] : settings::overriding(options)) {
      connection.database += (connection.database.empty() ? "" : " ") + option + " " + value;
    }
    connection.source = target.source + settings::overriding_options(options);
  } catch (const Error& error) {
    // said below
    connection.source = "a setting is refused";
    connection.problem = error;
  }
  for (const char* name : libpq_variables) {
    if (const char* value = std::getenv(name)) {
      connection.variables.emplace_back(name, std::string(name) == "PGPASSWORD" ? "***" : value);
    }
  }
  return connection;
}

// Why the commands would refuse each setting shown, by name (only those they refuse).
using Problems = std::map<std::string_view, Error>;

Problems problems_of(const OptionValues& values, const std::vector<const OptionSpec*>& options) {
  Problems problems;
  for (const OptionSpec* option : options) {
    if (auto problem = setting_problem(values, *option)) problems.emplace(option->name, std::move(*problem));
  }
  return problems;
}

// The other side of an either/or pair (--shadow or --no-shadow, --env-file
// or --no-env-file) when it holds over this one, from a higher source: this
// one is not in effect. "" otherwise.
std::string_view held_over_by(const OptionValues& values, std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> pairs[] = {{"shadow", "no-shadow"},
                                                                          {"env-file", "no-env-file"}};
  for (const auto& [first, second] : pairs) {
    if (name != first && name != second) continue;
    try {
      const std::string_view holds = values.exclusive(first, second);
      if (!holds.empty() && holds != name) return holds;
    } catch (const Error&) {
      // both from one source: a problem config reports
    }
  }
  return {};
}

report::Json setting_json(const OptionValues& values, const OptionSpec& option, const Problems& problems) {
  report::Json items = report::Json::array();
  static const std::vector<OptionItem> none;
  const bool in_effect = held_over_by(values, option.name).empty();  // else: no value
  for (const auto& item : in_effect ? values.items(option.name) : none) {
    items.push_back({{"value", shown_value(option, item.value)},
                     {"source", kind_identifier(item.source.kind)},
                     {"where", item.source.kind == SourceKind::default_value ? report::Json(nullptr)
                                                                              : report::Json(item.source.where)}});
  }
  const auto problem = problems.find(option.name);
  return {{"name", option.name},
          {"repeatable", option.repeatable()},
          {"env", option.env.empty() ? report::Json(nullptr) : report::Json(option.env)},
          {"toml", option.toml.empty() ? report::Json(nullptr) : report::Json(option.toml)},
          {"values", items},
          {"problem", problem == problems.end() ? report::Json(nullptr) : report::Json(problem->second.what())}};
}

std::string render_text(const OptionValues& values, const Problems& problems, const Connection& connection) {
  std::string out = "Settings (command line > environment > pgapply.toml > default):\n\n";
  report::TextTable table({"setting", "value", "source", "configure with"});
  for (const OptionSpec* option : shown_options()) {
    const std::string how = std::string(option->env) +
                            (option->toml.empty() ? "" : (option->env.empty() ? "" : ", ") +
                                                             std::string("pgapply.toml ") + std::string(option->toml));
    const auto& items = values.items(option->name);
    if (items.empty()) table.add({std::string(option->name), "(not set)", "", how});
    if (const std::string_view holds = held_over_by(values, option->name); !holds.empty() && !items.empty()) {
      table.add({std::string(option->name), "(not in effect: --" + std::string(holds) + " holds)",
                 items.back().source.describe(), how});
      continue;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      // The value in effect (the last) carries the mark; the reasons follow on standard error.
      const bool refused = i + 1 == items.size() && problems.count(option->name) != 0;
      table.add({std::string(option->name), shown_value(*option, items[i].value) + (refused ? "  (INVALID)" : ""),
                 items[i].source.describe(), how});
    }
  }
  out += table.render("  ");
  out += "\nConnection:\n\n";
  report::TextTable connect;
  connect.add({"database",
               connection.problem               ? "(not known)"
               : connection.database.empty() ? "(libpq's defaults)"
                                             : connection.database,
               connection.source});
  for (const auto& [name, value] : connection.variables) connect.add({name, value, "environment"});
  out += connect.render("  ");
  return out;
}

// The refused settings as one error, each reason once, at the first one's
// place (pgapply.toml and its line, when it set that value).
Error failure(const Problems& problems) {
  std::vector<std::string> reasons;
  for (const auto& [name, problem] : problems) {
    if (std::find(reasons.begin(), reasons.end(), problem.what()) == reasons.end()) reasons.push_back(problem.what());
  }
  const ErrorPlace& place = problems.begin()->second.place();
  if (reasons.size() == 1) return Error(ErrorKind::usage, reasons.front(), place);
  std::string message = "the settings have " + std::to_string(reasons.size()) + " problems (the commands that take them refuse them):";
  for (const auto& reason : reasons) message += "\n  " + reason;
  return Error(ErrorKind::usage, message, place);
}

report::Json json_report(const OptionValues& values, const Problems& problems, const Connection& connection) {
  report::Json document = report::json_document("config");
  report::Json settings = report::Json::array();
  for (const OptionSpec* option : shown_options()) settings.push_back(setting_json(values, *option, problems));
  document["settings"] = settings;
  report::Json variables = report::Json::array();
  for (const auto& [name, value] : connection.variables) variables.push_back({{"name", name}, {"value", value}});
  document["connection"] = {
      {"database", connection.database.empty() ? report::Json(nullptr) : report::Json(connection.database)},
      {"source", connection.source},
      {"environment", variables}};
  if (!problems.empty()) {
    document["error"] = report::error_json(describe_error(failure(problems)));
  }
  return document;
}

// config --get NAME: the value(s), one a line, or the setting's JSON object.
int print_one(const OptionValues& values, const std::string& name, bool json, Terminal& terminal) {
  const OptionSpec* option = find_option(name);
  // (as pgapply.toml or the environment names it, as messages about its value do: lock_timeout, PGAPPLY_LOCK_TIMEOUT)
  for (const OptionSpec* shown : shown_options()) {
    if (option == nullptr && (shown->toml == name || shown->env == name)) option = shown;
  }
  if (option == nullptr || !option->configurable() || !find_command("config")->takes(option->name)) {
    throw Error(ErrorKind::usage, "--get: '" + name + "' is not a setting (pgapply config lists them)");
  }
  if (auto problem = setting_problem(values, *option)) throw *problem;
  if (json) {
    report::Json document = report::json_document("config");
    document["setting"] = setting_json(values, *option, {});
    terminal.print(report::dump_document(document));
    return exit_ok;
  }
  const std::string setting(option->name);
  if (!held_over_by(values, setting).empty()) return exit_ok;  // not in effect: nothing to print
  for (const auto& item : values.items(setting)) terminal.line(shown_value(*option, item.value));
  return exit_ok;
}

}  // namespace

// A setting the commands would refuse is marked (text: INVALID; JSON: its
// "problem"), the whole report printed, then config fails as they would:
// the reasons on standard error, exit 1 (and the JSON document's "error").
int config_command(const OptionValues& values, Terminal& terminal) {
  const bool json = json_setting(values);
  if (const auto name = values.text("get")) return print_one(values, *name, json, terminal);
  const Connection connection = connection_of(values);
  Problems problems = problems_of(values, shown_options());
  // A connection setting config has no row for (--port): the failure says it.
  if (connection.problem && std::none_of(problems.begin(), problems.end(), [&](const auto& problem) {
        return std::string_view(problem.second.what()) == connection.problem->what();
      })) {
    problems.emplace("connection", *connection.problem);
  }
  terminal.print(json ? report::dump_document(json_report(values, problems, connection))
                      : render_text(values, problems, connection));
  if (!problems.empty()) throw DocumentedFailure{exit_usage_or_input, failure(problems).what(), false};
  return exit_ok;
}

}  // namespace pgapply::cli
