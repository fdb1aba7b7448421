#include "cli/commands.hpp"

#include "cli/command_table.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "engine/lint_operation.hpp"
#include "report/lint_report.hpp"

namespace pgapply::cli {

namespace {

// "a,b" and "a" "b" alike.
std::vector<std::string> rule_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto comma = std::min(value.find(',', start), value.size());
      if (comma > start) out.push_back(value.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

lint::LintSettings lint_settings(const std::string& pg_version, const std::vector<std::string>& enable,
                                 const std::vector<std::string>& disable, const std::vector<std::string>& severity) {
  lint::LintSettings settings;
  if (!pg_version.empty()) {
    const auto version = lint::parse_pg_version(pg_version);
    if (!version) {
      throw Error(ErrorKind::usage, "--pg-version expects a PostgreSQL major version (14, 9.6), not '" + pg_version + "'");
    }
    settings.pg_version = *version;
  }
  for (const auto& rule : rule_list(enable)) settings.enabled[rule] = true;
  for (const auto& rule : rule_list(disable)) {
    if (settings.enabled.count(rule) != 0) {
      throw Error(ErrorKind::usage, "the lint rule '" + rule + "' is given to both --enable and --disable");
    }
    settings.enabled[rule] = false;
  }
  for (const auto& assignment : severity) {
    const auto equals = assignment.find('=');
    const auto level = equals == std::string::npos ? std::nullopt : lint::parse_severity(assignment.substr(equals + 1));
    if (!level) throw Error(ErrorKind::usage, "--severity expects RULE=error or RULE=warning, not '" + assignment + "'");
    settings.severity[assignment.substr(0, equals)] = *level;
  }
  const auto problems = lint::settings_problems(settings);
  if (!problems.empty()) throw Error(ErrorKind::usage, problems.front());
  return settings;
}

}  // namespace

int lint_command(const OptionValues& values, Terminal& terminal) {
  engine::LintOptions options;
  // One of the command's --format choices, so one parse_lint_format reads.
  const auto chosen_format =
      report::parse_lint_format(format_setting(values, find_command("lint")->format_choices));
  options.settings = lint_settings(values.text("pg-version").value_or(""), values.list("enable"),
                                   values.list("disable"), values.list("severity"));
  if (values.flag("list-rules")) {
    terminal.print(*chosen_format == report::LintFormat::json ? report::render_lint_rules_json(options.settings)
                                                               : report::render_lint_rules(options.settings));
    return exit_ok;
  }
  options.changed_since = values.text("changed-since").value_or("");
  options.from_version = version_setting(values, "from");
  for (const auto& path : values.operands) options.paths.emplace_back(path);
  options.project = project_settings(values);
  const auto max_warnings = values.whole_number("max-warnings", 0);

  TerminalOutput output(terminal, *chosen_format != report::LintFormat::text);
  const lint::LintResult result = engine::run_lint(options, output);
  terminal.print(report::render_lint(result, *chosen_format));
  const bool too_many_warnings = max_warnings && result.warnings > static_cast<std::size_t>(*max_warnings);
  return result.errors > 0 || too_many_warnings ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
