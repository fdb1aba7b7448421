#include "cli/commands.hpp"

#include "engine/preflight_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int preflight_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  LockFlags lock;
  ShadowFlags shadow;
  engine::PreflightOptions options;
  std::string format, target;
  po::options_description described("preflight options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text or json")
      ("target", po::value(&target), "as for up: migrations up to this version only")
      ("allow-out-of-order", po::bool_switch(&options.up.allow_out_of_order), "as for up")
      ("idempotency", po::bool_switch(&options.idempotency),
       "also run each pending migration a second time on the shadow: it must succeed and change nothing");
  described.add(shadow_options(shadow)).add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply preflight [--format text|json] [--idempotency] [--shadow URL | --no-shadow] [OPTIONS]",
                  described);
  options.up.shadow = finish_shadow_options(shadow);
  if (options.idempotency && !options.up.shadow.enabled) {
    throw Error(ErrorKind::usage, "--idempotency runs on the shadow: it does not go with --no-shadow");
  }
  options.json = json_format(format);
  if (!target.empty()) options.up.target = version_argument("--target", target);
  options.up.context = finish_context(connection, project, lock);
  TerminalOutput output(terminal);
  const auto result = engine::run_preflight(options, output);
  terminal.print(result.report);
  return result.failed ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
