#include "cli/commands.hpp"

#include "cli/command_line.hpp"
#include "cli/split_command.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

namespace {

report::SplitFormat parse_split_format(const std::string& name) {
  if (name == "text") return report::SplitFormat::text;
  if (name == "json") return report::SplitFormat::json;
  if (name == "count") return report::SplitFormat::count;
  throw Error(ErrorKind::usage, "--format must be text, json or count, not '" + name + "'");
}

int split_command(const std::vector<std::string>& args, Terminal& terminal) {
  std::string format;
  SplitOptions options;
  po::options_description described("options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text, json or count");
  po::options_description operands;
  operands.add_options()("file", po::value(&options.files));
  po::positional_options_description positional;
  positional.add("file", -1);
  const std::string usage = "pgapply split [--format text|json|count] FILE...";
  parse_arguments(args, usage, described, operands, positional);
  if (options.files.empty()) throw Error(ErrorKind::usage, "no FILE given\nusage: " + usage);
  options.format = parse_split_format(format);
  return run_split(options, terminal);
}

}  // namespace

int run_command(const std::string& command, const std::vector<std::string>& args,
                Terminal& terminal) {
  if (command == "split") return split_command(args, terminal);
  throw Error(ErrorKind::usage, "unknown command '" + command + "' (see pgapply --help)");
}

}  // namespace pgapply::cli
