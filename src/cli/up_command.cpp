#include "cli/commands.hpp"

#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "engine/dry_run.hpp"
#include "engine/up_operation.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int up_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  LockFlags lock;
  ShadowFlags shadow;
  engine::UpOptions options;
  std::string target, from, backup, retries;
  bool dry_run = false, offline = false;
  po::options_description described("up options");
  described.add_options()
      ("target", po::value(&target), "apply migrations up to this version only")
      ("dry-run", po::bool_switch(&dry_run), "print the SQL up would run (a psql script); run nothing")
      ("offline", po::bool_switch(&offline), "with --dry-run: no database; every migration is pending")
      ("from", po::value(&from), "with --offline: migrations up to this version count as applied")
      ("allow-out-of-order", po::bool_switch(&options.allow_out_of_order),
       "apply pending migrations below the highest applied version too")
      ("retries", po::value(&retries)->default_value("3"),
       "run a transactional file again this many times after a lock timeout or deadlock")
      ("backup", po::value(&backup), "pg_dump the database into this directory before applying")
      ("no-verify", "do not verify the schema after applying");
  described.add(shadow_options(shadow)).add(project_options(project)).add(lock_options(lock, "migration statements"))
      .add(connection_options(connection));
  const auto values = parse_arguments(args, "pgapply up [OPTIONS]", described);
  options.shadow = finish_shadow_options(shadow);
  options.verify = values.count("no-verify") == 0;
  if (!target.empty()) options.target = version_argument("--target", target);
  options.retries = static_cast<int>(count_argument("--retries", retries, 0, 100));
  if (!backup.empty()) options.backup_dir = backup;
  if (offline && !dry_run) throw Error(ErrorKind::usage, "--offline goes with --dry-run");
  if (!from.empty() && !offline) throw Error(ErrorKind::usage, "--from goes with --dry-run --offline");
  TerminalOutput output(terminal);
  if (dry_run) {
    engine::DryRunOptions dry;
    if (!from.empty()) dry.from = version_argument("--from", from);
    dry.offline = offline;
    if (offline) {
      ConnectionFlags none;
      options.context = finish_context(none, project, lock);
    } else {
      options.context = finish_context(connection, project, lock);
    }
    dry.up = std::move(options);
    terminal.print(engine::run_dry_run(dry, output));
    return 0;
  }
  options.context = finish_context(connection, project, lock);
  migrate::RunSummary summary;
  engine::run_up(options, output, summary);
  return 0;
}

}  // namespace pgapply::cli
