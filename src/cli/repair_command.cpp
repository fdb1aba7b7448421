#include "cli/commands.hpp"

#include "engine/repair_operation.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

int repair_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  LockFlags lock;
  engine::RepairOptions options;
  std::string accept, applied, pending, failed;
  po::options_description described("repair options (one of the first four, and --reason)");
  described.add_options()
      ("accept-checksum", po::value(&accept), "VERSION was edited on purpose: record its new checksum")
      ("mark-applied", po::value(&applied), "record VERSION as applied without running it")
      ("mark-pending", po::value(&pending), "remove VERSION from the ledger so that up runs it again")
      ("clear-failed", po::value(&failed), "forget VERSION's failed non-transactional run")
      ("reason", po::value(&options.reason), "why (recorded in the ledger's history)");
  described.add(project_options(project)).add(lock_options(lock, "", false)).add(connection_options(connection));
  const std::string usage =
      "pgapply repair --accept-checksum|--mark-applied|--mark-pending|--clear-failed VERSION --reason TEXT";
  parse_arguments(args, usage, described);
  int given = 0;
  for (const auto& [value, action, option] :
       {std::tuple{&accept, engine::RepairAction::accept_checksum, "--accept-checksum"},
        std::tuple{&applied, engine::RepairAction::mark_applied, "--mark-applied"},
        std::tuple{&pending, engine::RepairAction::mark_pending, "--mark-pending"},
        std::tuple{&failed, engine::RepairAction::clear_failed, "--clear-failed"}}) {
    if (value->empty()) continue;
    ++given;
    options.action = action;
    options.version = version_argument(option, *value);
  }
  if (given != 1) throw Error(ErrorKind::usage, "give exactly one repair\nusage: " + usage);
  options.context = finish_context(connection, project, lock);
  TerminalOutput output(terminal);
  engine::run_repair(options, output);
  return 0;
}

}  // namespace pgapply::cli
