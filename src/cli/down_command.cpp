#include "cli/commands.hpp"

#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "engine/down_operation.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int down_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  LockFlags lock;
  engine::DownOptions options;
  std::string steps, to, backup;
  po::options_description described("down options");
  described.add_options()
      ("steps", po::value(&steps), "roll back this many migrations, newest first (default 1)")
      ("to", po::value(&to), "roll back every migration above this version")
      ("dry-run", po::bool_switch(&options.dry_run), "print the SQL down would run; run nothing")
      ("backup", po::value(&backup), "pg_dump the database into this directory first");
  described.add(project_options(project)).add(lock_options(lock, "the down files' statements"))
      .add(connection_options(connection));
  parse_arguments(args, "pgapply down [--steps K | --to VERSION] [--dry-run] [OPTIONS]", described);
  if (!steps.empty()) options.steps = count_argument("--steps", steps, 1);
  if (!to.empty()) options.to = version_argument("--to", to);
  if (!backup.empty()) options.backup_dir = backup;
  options.context = finish_context(connection, project, lock);
  TerminalOutput output(terminal);
  migrate::RunSummary summary;
  terminal.print(engine::run_down(options, output, summary));
  return 0;
}

}  // namespace pgapply::cli
