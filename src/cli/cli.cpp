#include "cli/cli.hpp"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal.hpp"
#include "core/error.hpp"
#include "pgapply_version.hpp"

namespace pgapply::cli {

namespace {

constexpr const char* overview =
    "usage: pgapply COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Applies numbered SQL migration files (NNN_name.sql) to PostgreSQL.\n"
    "\n"
    "commands:\n"
    "  up         apply pending migrations (--dry-run prints the SQL instead)\n"
    "  status     show every migration and its state\n"
    "  exec       run SQL files once, psql-style, without the ledger\n"
    "  preflight  check pending migrations against the database before applying\n"
    "  verify     check that the schema is what the applied migrations make\n"
    "  diff       show the drift between the schema and what the migrations make\n"
    "  check      prove pending migrations idempotent and reversible on a shadow\n"
    "  baseline   record migrations as applied without running them\n"
    "  down       roll back applied migrations with their .down.sql files\n"
    "  repair     fix the ledger after an intentional change\n"
    "  new        create the next migration file\n"
    "  split      show how files split into statements\n"
    "\n"
    "Run 'pgapply COMMAND --help' for a command's options.\n"
    "Exit status: 0 ok, 1 usage or input error, 2 cannot connect, 3 SQL error,\n"
    "4 checks failed, 5 migration lock not acquired in time, 6 backup failed.\n";

}  // namespace

int run(int argc, char** argv) {
  Terminal terminal(std::cout, std::cerr);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    terminal.message(overview);
    return exit_usage_or_input;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    terminal.print(overview);
    return exit_ok;
  }
  if (command == "--version" || command == "-V") {
    terminal.line(std::string("pgapply ") + pgapply::version);
    return exit_ok;
  }
  try {
    return run_command(command, args, terminal);
  } catch (const HelpRequested& help) {
    terminal.print(help.text);
    return exit_ok;
  } catch (const Error& error) {
    if (error.located()) {
      terminal.message(error.what());
    } else {
      terminal.error(error.what());
    }
    return exit_status(error.kind());
  } catch (const std::exception& error) {
    terminal.error(std::string("internal error: ") + error.what());
    return exit_internal_error;
  }
}

}  // namespace pgapply::cli
