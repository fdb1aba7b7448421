#include "cli/report_document.hpp"

#include "cli/commands.hpp"
#include "cli/error_report.hpp"
#include "cli/exit_status.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

int finish_report(Terminal& terminal, bool json, const std::string& report, const std::string& failure,
                  const std::string& file) {
  if (!json) {
    terminal.print(report);
    return failure.empty() ? exit_ok : exit_check_failed;
  }
  if (failure.empty()) {
    terminal.print(report);
    return exit_ok;
  }
  const report::ErrorReport described = describe_error(Error(ErrorKind::check, failure, ErrorPlace{file}));
  terminal.print(report::with_error(report, described));
  throw DocumentedFailure{described.exit_status, failure, false};
}

}  // namespace pgapply::cli
