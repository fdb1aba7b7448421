#include "cli/commands.hpp"

#include <cstdlib>

#include "cli/command_table.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
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
};

Connection connection_of(const OptionValues& values) {
  auto options = connection_settings(values);
  options.password.reset();
  const auto target = settings::connect_target(options);
  Connection connection;
  connection.database = pg::redact_password(target.dbname);
  connection.source = target.source;
  for (const char* name : libpq_variables) {
    if (const char* value = std::getenv(name)) {
      connection.variables.emplace_back(name, std::string(name) == "PGPASSWORD" ? "***" : value);
    }
  }
  return connection;
}

// A setting's value as config shows it: a connection string's password redacted.
std::string shown_value(const OptionSpec& option, const std::string& value) {
  return carries_conninfo(option) ? pg::redact_password(value) : value;
}

int print_one(const OptionValues& values, const std::string& name, Terminal& terminal) {
  const OptionSpec* option = find_option(name);
  if (option == nullptr || !option->configurable()) {
    throw Error(ErrorKind::usage, "--get: '" + name + "' is not a setting (pgapply config lists them)");
  }
  for (const auto& item : values.items(name)) terminal.line(shown_value(*option, item.value));
  return exit_ok;
}

std::string render_text(const OptionValues& values, const Connection& connection) {
  std::string out = "Settings (command line > environment > pgapply.toml > default):\n\n";
  report::TextTable table({"setting", "value", "source", "configure with"});
  for (const OptionSpec* option : shown_options()) {
    const std::string how = std::string(option->env) +
                            (option->toml.empty() ? "" : (option->env.empty() ? "" : ", ") +
                                                             std::string("pgapply.toml ") + std::string(option->toml));
    const auto& items = values.items(option->name);
    if (items.empty()) table.add({std::string(option->name), "(not set)", "", how});
    for (const auto& item : items) {
      table.add({std::string(option->name), shown_value(*option, item.value), item.source.describe(), how});
    }
  }
  out += table.render("  ");
  out += "\nConnection:\n\n";
  report::TextTable connect;
  connect.add({"database", connection.database.empty() ? "(libpq's defaults)" : connection.database, connection.source});
  for (const auto& [name, value] : connection.variables) connect.add({name, value, "environment"});
  out += connect.render("  ");
  return out;
}

std::string render_json(const OptionValues& values, const Connection& connection) {
  report::Json document = report::json_document("config");
  report::Json settings = report::Json::array();
  for (const OptionSpec* option : shown_options()) {
    report::Json items = report::Json::array();
    for (const auto& item : values.items(option->name)) {
      items.push_back({{"value", shown_value(*option, item.value)},
                       {"source", kind_identifier(item.source.kind)},
                       {"where", item.source.kind == SourceKind::default_value ? report::Json(nullptr)
                                                                                : report::Json(item.source.where)}});
    }
    settings.push_back({{"name", option->name},
                        {"repeatable", option->repeatable()},
                        {"env", option->env.empty() ? report::Json(nullptr) : report::Json(option->env)},
                        {"toml", option->toml.empty() ? report::Json(nullptr) : report::Json(option->toml)},
                        {"values", items}});
  }
  document["settings"] = settings;
  report::Json variables = report::Json::array();
  for (const auto& [name, value] : connection.variables) variables.push_back({{"name", name}, {"value", value}});
  document["connection"] = {
      {"database", connection.database.empty() ? report::Json(nullptr) : report::Json(connection.database)},
      {"source", connection.source},
      {"environment", variables}};
  return report::dump_document(document);
}

}  // namespace

int config_command(const OptionValues& values, Terminal& terminal) {
  if (const auto name = values.text("get")) return print_one(values, *name, terminal);
  const Connection connection = connection_of(values);
  if (json_setting(values)) {
    terminal.print(render_json(values, connection));
  } else {
    terminal.print(render_text(values, connection));
  }
  return exit_ok;
}

}  // namespace pgapply::cli
