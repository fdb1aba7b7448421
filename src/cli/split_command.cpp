#include "cli/split_command.hpp"

#include "cli/exit_status.hpp"
#include "core/error.hpp"
#include "io/files.hpp"
#include "report/diagnostic.hpp"
#include "split/splitter.hpp"

namespace pgapply::cli {

int run_split(const SplitOptions& options, Terminal& terminal) {
  int status = exit_ok;
  for (const auto& file : options.files) {
    try {
      const std::string text = io::read_file(file);
      terminal.print(report::render_split(file, text, split::split(text), options.format));
    } catch (const split::SplitError& error) {
      terminal.message(report::diagnostic(file, error.line, error.column, "error", error.what()));
      status = exit_usage_or_input;
    } catch (const Error& error) {
      terminal.error(error.what());
      status = exit_status(error.kind());
    }
  }
  return status;
}

}  // namespace pgapply::cli
