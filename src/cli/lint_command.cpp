#include "cli/commands.hpp"

#include "cli/command_table.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/lint_options.hpp"
#include "cli/report_document.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "core/plural.hpp"
#include "engine/operations/lint_operation.hpp"
#include "report/lint_report.hpp"

namespace pgapply::cli {

int lint_command(const OptionValues& values, Terminal& terminal) {
  engine::LintOptions options;
  // One of the command's --format choices, so one parse_lint_format reads.
  const auto chosen_format =
      report::parse_lint_format(format_setting(values, find_command("lint")->format_choices));
  options.settings = lint_settings(values);
  if (values.flag("list-rules")) {
    terminal.print(*chosen_format == report::LintFormat::json ? report::render_lint_rules_json(options.settings)
                                                               : report::render_lint_rules(options.settings));
    return exit_ok;
  }
  options.changed_since = values.text("changed-since").value_or("");
  options.from_version = version_setting(values, "from");
  for (const auto& path : values.operands) options.paths.emplace_back(path);
  options.project = project_settings(values);
  const auto max_warnings = max_warnings_setting(values);

  TerminalOutput output(terminal, *chosen_format != report::LintFormat::text);
  const lint::LintResult result = engine::run_lint(options, output);
  std::string failure;
  if (result.errors > 0) failure = plural(result.errors, "lint error");
  if (max_warnings && result.warnings > static_cast<std::size_t>(*max_warnings)) {
    failure += (failure.empty() ? "" : "; ") + plural(result.warnings, "lint warning") + ", more than --max-warnings " +
               std::to_string(*max_warnings);
  }
  const std::string report = report::render_lint(result, *chosen_format, report::Paint{output.color()});
  // Only pgapply's own JSON document has an "error" object: SARIF and the rest keep their formats.
  if (*chosen_format == report::LintFormat::json) return finish_report(terminal, true, report, failure);
  terminal.print(report);
  return failure.empty() ? exit_ok : exit_check_failed;
}

}  // namespace pgapply::cli
