#include "cli/commands.hpp"

#include "cli/command_line.hpp"
#include "cli/exit_status.hpp"
#include "core/error.hpp"
#include "io/files.hpp"
#include "core/diagnostic.hpp"
#include "report/split_report.hpp"
#include "split/splitter.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

namespace {

report::SplitFormat parse_split_format(const std::string& name) {
  if (name == "text") return report::SplitFormat::text;
  if (name == "json") return report::SplitFormat::json;
  if (name == "count") return report::SplitFormat::count;
  throw Error(ErrorKind::usage, "--format must be text, json or count, not '" + name + "'");
}

// Prints the items of each file; a file that cannot be split is reported as
// FILE:LINE:COL: error: ... and makes the status 1, the other files still print.
int run_split(const std::vector<std::string>& files, report::SplitFormat format, Terminal& terminal) {
  int status = exit_ok;
  for (const auto& file : files) {
    try {
      const std::string text = io::read_file(file);
      terminal.print(report::render_split(file, text, split::split(text), format));
    } catch (const split::SplitError& error) {
      terminal.message(diagnostic(file, error.line, error.column, "error", error.what()));
      status = exit_usage_or_input;
    } catch (const Error& error) {
      terminal.error(error.what());
      status = exit_status(error.kind());
    }
  }
  return status;
}

}  // namespace

int split_command(const std::vector<std::string>& args, Terminal& terminal) {
  std::string format;
  std::vector<std::string> files;
  po::options_description described("options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text, json or count");
  po::options_description operands;
  operands.add_options()("file", po::value(&files));
  po::positional_options_description positional;
  positional.add("file", -1);
  const std::string usage = "pgapply split [--format text|json|count] FILE...";
  parse_arguments(args, usage, described, operands, positional);
  if (files.empty()) throw Error(ErrorKind::usage, "no FILE given\nusage: " + usage);
  return run_split(files, parse_split_format(format), terminal);
}

}  // namespace pgapply::cli
