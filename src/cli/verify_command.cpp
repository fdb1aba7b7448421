#include "cli/commands.hpp"

#include "engine/verify_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int verify_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  LockFlags lock;
  ShadowFlags shadow;
  engine::VerifyOptions options;
  std::string format;
  po::options_description described("verify options");
  described.add_options()("format", po::value(&format)->default_value("text"), "text or json");
  described.add(shadow_options(shadow)).add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply verify [--format text|json] [--shadow URL | --no-shadow] [OPTIONS]", described);
  options.shadow = finish_shadow_options(shadow);
  options.json = json_format(format);
  options.context = finish_context(connection, project, lock);
  TerminalOutput output(terminal);
  const auto result = engine::run_verify(options, output);
  terminal.print(result.report);
  return result.failed ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
