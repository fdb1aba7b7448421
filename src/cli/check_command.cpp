#include "cli/commands.hpp"

#include "engine/check_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int check_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  ShadowFlags shadow;
  engine::CheckOptions options;
  std::string format, target;
  bool idempotency = false, rollback = false;
  po::options_description described("check options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text or json")
      ("idempotency", po::bool_switch(&idempotency), "only the idempotency proof (default: both proofs)")
      ("rollback", po::bool_switch(&rollback), "only the rollback proof (default: both proofs)")
      ("offline", po::bool_switch(&options.offline),
       "no target database: every migration, from an empty database")
      ("target", po::value(&target), "migrations up to this version only");
  described.add(shadow_options(shadow)).add(project_options(project)).add(connection_options(connection));
  parse_arguments(args,
                  "pgapply check [--format text|json] [--idempotency] [--rollback] [--offline] [--shadow URL] "
                  "[OPTIONS]",
                  described);
  options.json = json_format(format);
  if (idempotency || rollback) {
    options.idempotency = idempotency;
    options.rollback = rollback;
  }
  if (!target.empty()) options.target = version_argument("--target", target);
  options.shadow = finish_shadow_options(shadow);
  if (options.offline) {
    options.context.project = finish_project_options(project);
  } else {
    options.context = finish_context(connection, project, LockFlags{});
  }
  TerminalOutput output(terminal);
  const auto result = engine::run_check(options, output);
  terminal.print(result.report);
  return result.failed ? exit_check_failed : exit_ok;
}

}  // namespace pgapply::cli
