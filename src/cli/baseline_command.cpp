#include "cli/commands.hpp"

#include "engine/baseline_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int baseline_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  LockFlags lock;
  ShadowFlags shadow;
  engine::BaselineOptions options;
  std::string format, version;
  po::options_description described("baseline options (--version or --detect)");
  described.add_options()
      ("version", po::value(&version), "record the pending migrations up to VERSION as applied, without running them")
      ("detect", po::bool_switch(&options.detect), "propose the leading migrations whose objects all exist already")
      ("yes", po::bool_switch(&options.yes), "with --detect: record the proposal")
      ("format", po::value(&format)->default_value("text"), "text or json");
  described.add(shadow_options(shadow)).add(project_options(project)).add(lock_options(lock, "", false))
      .add(connection_options(connection));
  parse_arguments(args, "pgapply baseline --version VERSION | --detect [--yes] [--shadow URL | --no-shadow] [OPTIONS]",
                  described);
  options.shadow = finish_shadow_options(shadow);
  options.json = json_format(format);
  if (!version.empty()) options.version = version_argument("--version", version);
  options.context = finish_context(connection, project, lock);
  TerminalOutput output(terminal);
  terminal.print(engine::run_baseline(options, output).report);
  return exit_ok;
}

}  // namespace pgapply::cli
