#include "cli/commands.hpp"

#include "engine/down_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int down_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  engine::DownOptions options;
  std::size_t steps = 0;
  std::string to, lock_timeout, backup;
  double lock_wait = 60;
  po::options_description described("down options");
  described.add_options()
      ("steps", po::value(&steps), "roll back this many migrations, newest first (default 1)")
      ("to", po::value(&to), "roll back every migration above this version")
      ("dry-run", po::bool_switch(&options.dry_run), "print the SQL down would run; run nothing")
      ("lock-wait", po::value(&lock_wait)->default_value(60), "seconds to wait for another run's lock")
      ("lock-timeout", po::value(&lock_timeout)->default_value("5s"), "lock_timeout for the down files' statements")
      ("backup", po::value(&backup), "pg_dump the database into this directory first");
  described.add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply down [--steps K | --to VERSION] [--dry-run] [OPTIONS]", described);
  if (steps > 0) options.steps = steps;
  if (!to.empty()) options.to = version_argument("--to", to);
  options.lock_wait = std::chrono::milliseconds(static_cast<long long>(lock_wait * 1000));
  options.session.lock_timeout = lock_timeout;
  if (!backup.empty()) options.backup_dir = backup;
  options.project = finish_project_options(project);
  options.connection = finish_connection_options(connection);
  TerminalOutput output(terminal);
  terminal.print(engine::run_down(options, output));
  return 0;
}

}  // namespace pgapply::cli
