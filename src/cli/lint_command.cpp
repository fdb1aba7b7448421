#include "cli/commands.hpp"

#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "engine/lint_operation.hpp"
#include "report/lint_report.hpp"

namespace po = boost::program_options;

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

int lint_command(const std::vector<std::string>& args, Terminal& terminal) {
  ProjectFlags project;
  engine::LintOptions options;
  std::string format, pg_version, from;
  std::vector<std::string> paths, enable, disable, severity;
  int max_warnings = -1;
  bool list_rules = false;
  po::options_description described("lint options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text, json, sarif or github")
      ("changed-since", po::value(&options.changed_since),
       "only the migrations of --dir that the branch adds or changes since it forked from this git revision")
      ("from", po::value(&from), "only the migrations of --dir above this version")
      ("pg-version", po::value(&pg_version),
       "the PostgreSQL major version the migrations will run on (default 14); rules depend on it")
      ("enable", po::value(&enable)->composing(), "turn a rule on (an opt-in one too); repeatable, or RULE,RULE")
      ("disable", po::value(&disable)->composing(), "turn a rule off; repeatable, or RULE,RULE")
      ("severity", po::value(&severity)->composing(), "RULE=error or RULE=warning; repeatable")
      ("max-warnings", po::value(&max_warnings), "exit 4 when there are more than N warnings")
      ("list-rules", po::bool_switch(&list_rules), "list the rules (with these settings; --format json too) and exit");
  described.add(project_options(project, /*with_ledger=*/false));
  po::options_description operands;
  operands.add_options()("path", po::value(&paths));
  po::positional_options_description positional;
  positional.add("path", -1);
  const std::string usage =
      "pgapply lint [FILE|DIR...] [--changed-since GIT_REF | --from V] [--pg-version N] [--enable RULE] "
      "[--disable RULE] [--severity RULE=error|warning] [--format text|json|sarif|github] [--max-warnings N]";
  parse_arguments(args, usage, described, operands, positional);

  const auto chosen_format = report::parse_lint_format(format);
  if (!chosen_format) throw Error(ErrorKind::usage, "--format must be text, json, sarif or github, not '" + format + "'");
  options.settings = lint_settings(pg_version, enable, disable, severity);
  if (list_rules) {
    terminal.print(*chosen_format == report::LintFormat::json ? report::render_lint_rules_json(options.settings)
                                                               : report::render_lint_rules(options.settings));
    return exit_ok;
  }
  if (!from.empty()) options.from_version = version_argument("--from", from);
  for (const auto& path : paths) options.paths.emplace_back(path);
  options.project = finish_project_options(project);

  TerminalOutput output(terminal);
  const lint::LintResult result = engine::run_lint(options, output);
  terminal.print(report::render_lint(result, *chosen_format));
  const bool too_many_warnings = max_warnings >= 0 && result.warnings > static_cast<std::size_t>(max_warnings);
  return result.errors > 0 || too_many_warnings ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
