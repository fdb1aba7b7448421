#include "cli/commands.hpp"

#include "cli/command_table.hpp"
#include "cli/common_options.hpp"
#include "cli/error_report.hpp"
#include "cli/exit_status.hpp"
#include "core/diagnostic.hpp"
#include "core/error.hpp"
#include "io/files.hpp"
#include "report/json_document.hpp"
#include "report/split_report.hpp"
#include "split/splitter.hpp"

namespace pgapply::cli {

namespace {

// A file that cannot be split, as FILE:LINE:COL: error: ... (status 1).
Error split_failure(const std::string& file, const split::SplitError& error) {
  return located_input_error(diagnostic(file, error.line, error.column, "error", error.what()));
}

// Text and count: each file in turn; a file that cannot be split is reported
// on standard error and makes the status 1, the other files still print.
int run_split_text(const std::vector<std::string>& files, report::SplitFormat format, Terminal& terminal) {
  int status = exit_ok;
  for (const auto& file : files) {
    try {
      const std::string text = io::read_file(file);
      terminal.print(report::render_split(file, text, split::split(text), format));
    } catch (const split::SplitError& error) {
      terminal.message(split_failure(file, error).what());
      status = exit_usage_or_input;
    } catch (const Error& error) {
      terminal.error(error.what());
      status = exit_status(error);
    }
  }
  return status;
}

// JSON: one document, {"files": [...]}; a file that cannot be split has an
// "error" instead of "items", and the document's "error" is the first one.
int run_split_json(const std::vector<std::string>& files, Terminal& terminal) {
  report::Json document = report::json_document("split");
  report::Json list = report::Json::array();
  std::optional<report::ErrorReport> first_error;
  for (const auto& file : files) {
    std::optional<report::ErrorReport> failure;
    try {
      const std::string text = io::read_file(file);
      list.push_back(report::split_file_json(file, text, split::split(text)));
    } catch (const split::SplitError& error) {
      failure = describe_error(split_failure(file, error));
    } catch (const Error& error) {
      failure = describe_error(error);
    }
    if (!failure) continue;
    terminal.message(failure->kind == "input" && !failure->file.empty() ? failure->text
                                                                         : "pgapply: error: " + failure->text);
    list.push_back({{"file", file}, {"error", report::error_json(*failure)}});
    if (!first_error) first_error = failure;
  }
  document["files"] = std::move(list);
  if (first_error) document["error"] = report::error_json(*first_error);
  terminal.print(report::dump_document(document));
  return first_error ? first_error->exit_status : exit_ok;
}

}  // namespace

int split_command(const OptionValues& values, Terminal& terminal) {
  const auto format = format_setting(values, find_command("split")->format_choices);
  if (format == "json") return run_split_json(values.operands, terminal);
  return run_split_text(values.operands, format == "count" ? report::SplitFormat::count : report::SplitFormat::text,
                        terminal);
}

}  // namespace pgapply::cli
