#include "cli/run_document.hpp"

#include "cli/commands.hpp"
#include "cli/error_report.hpp"
#include "core/error.hpp"
#include "report/run_report.hpp"

namespace pgapply::cli {

void run_with_summary(bool json, const std::string& command, migrate::RunSummary& summary, Terminal& terminal,
                      const std::function<void()>& run) {
  summary.command = command;
  if (!json) {
    run();
    return;
  }
  try {
    run();
  } catch (const std::exception& error) {
    const report::ErrorReport described = describe_error(error);
    terminal.print(report::render_run_json(summary, described));
    const auto* known = dynamic_cast<const Error*>(&error);
    throw DocumentedFailure{described.exit_status, error.what(), known != nullptr && known->located()};
  }
  terminal.print(report::render_run_json(summary));
}

}  // namespace pgapply::cli
