#include "cli/commands.hpp"

#include "engine/diff_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int diff_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  ShadowFlags shadow;
  engine::VerifyOptions options;
  std::string format;
  po::options_description described("diff options");
  described.add_options()("format", po::value(&format)->default_value("text"), "text or json");
  described.add(shadow_options(shadow)).add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply diff [--format text|json] [--shadow URL | --no-shadow] [OPTIONS]", described);
  options.json = json_format(format);
  options.shadow = finish_shadow_options(shadow);
  options.context = finish_context(connection, project, LockFlags{});
  TerminalOutput output(terminal);
  const auto result = engine::run_diff(options, output);
  terminal.print(result.report);
  return result.failed ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
