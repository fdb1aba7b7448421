#include "cli/commands.hpp"

#include "engine/status_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int status_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  LockFlags lock;
  std::string format;
  bool exit_code = false;
  po::options_description described("status options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text or json")
      ("exit-code", po::bool_switch(&exit_code), "exit 4 when anything is pending, modified, missing or failed");
  described.add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply status [--format text|json] [--exit-code] [OPTIONS]", described);
  engine::StatusOptions options;
  options.json = json_format(format);
  options.context = finish_context(connection, project, lock);
  TerminalOutput output(terminal);
  const auto result = engine::run_status(options, output);
  terminal.print(result.report);
  return exit_code && !result.clean ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
