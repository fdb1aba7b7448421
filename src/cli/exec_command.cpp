#include "cli/commands.hpp"

#include "engine/exec_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int exec_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  engine::ExecOptions options;
  po::options_description described;
  described.add(variable_options(project)).add(connection_options(connection));
  po::options_description operands;
  operands.add_options()("file", po::value(&options.files));
  po::positional_options_description positional;
  positional.add("file", -1);
  const std::string usage = "pgapply exec [OPTIONS] FILE...";
  parse_arguments(args, usage, described, operands, positional);
  if (options.files.empty()) throw Error(ErrorKind::usage, "no FILE given\nusage: " + usage);
  const auto project_options = finish_project_options(project);
  options.variables = project_options.variables;
  options.allow_undefined_variables = project_options.allow_undefined_variables;
  options.connection = finish_connection_options(connection);
  TerminalOutput output(terminal);
  engine::run_exec(options, output);
  return 0;
}

}  // namespace pgapply::cli
