#include "cli/commands.hpp"

#include "apply/dry_run.hpp"
#include "apply/exec.hpp"
#include "apply/status.hpp"
#include "apply/up.hpp"
#include "cli/command_line.hpp"
#include "cli/exit_status.hpp"
#include "cli/common_options.hpp"
#include "cli/split_command.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"
#include "migrate/version.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

namespace {

report::SplitFormat parse_split_format(const std::string& name) {
  if (name == "text") return report::SplitFormat::text;
  if (name == "json") return report::SplitFormat::json;
  if (name == "count") return report::SplitFormat::count;
  throw Error(ErrorKind::usage, "--format must be text, json or count, not '" + name + "'");
}

int split_command(const std::vector<std::string>& args, Terminal& terminal) {
  std::string format;
  SplitOptions options;
  po::options_description described("options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text, json or count");
  po::options_description operands;
  operands.add_options()("file", po::value(&options.files));
  po::positional_options_description positional;
  positional.add("file", -1);
  const std::string usage = "pgapply split [--format text|json|count] FILE...";
  parse_arguments(args, usage, described, operands, positional);
  if (options.files.empty()) throw Error(ErrorKind::usage, "no FILE given\nusage: " + usage);
  options.format = parse_split_format(format);
  return run_split(options, terminal);
}

std::string version_argument(const std::string& option, const std::string& value) {
  if (!migrate::is_version_text(value)) {
    throw Error(ErrorKind::usage, option + " expects a migration version (digits), not '" + value + "'");
  }
  return migrate::canonical_version(value);
}

int up_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  apply::UpOptions options;
  std::string target, from;
  double lock_wait = 60;
  bool dry_run = false, offline = false;
  po::options_description described("up options");
  described.add_options()
      ("target", po::value(&target), "apply migrations up to this version only")
      ("dry-run", po::bool_switch(&dry_run), "print the SQL up would run (a psql script); run nothing")
      ("offline", po::bool_switch(&offline), "with --dry-run: no database; every migration is pending")
      ("from", po::value(&from), "with --offline: migrations up to this version count as applied")
      ("allow-out-of-order", po::bool_switch(&options.allow_out_of_order),
       "apply pending migrations below the highest applied version too")
      ("lock-wait", po::value(&lock_wait)->default_value(60), "seconds to wait for another run's lock");
  described.add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply up [OPTIONS]", described);
  if (!target.empty()) options.target = version_argument("--target", target);
  if (lock_wait < 0) throw Error(ErrorKind::usage, "--lock-wait must be 0 or more");
  options.lock_wait = std::chrono::milliseconds(static_cast<long long>(lock_wait * 1000));
  options.project = finish_project_options(project);
  if (offline && !dry_run) throw Error(ErrorKind::usage, "--offline goes with --dry-run");
  if (!from.empty() && !offline) throw Error(ErrorKind::usage, "--from goes with --dry-run --offline");
  TerminalOutput output(terminal);
  if (dry_run) {
    apply::DryRunOptions dry;
    if (!from.empty()) dry.from = version_argument("--from", from);
    dry.offline = offline;
    if (!offline) options.connection = finish_connection_options(connection);
    dry.up = std::move(options);
    terminal.print(apply::run_dry_run(dry, output));
    return 0;
  }
  options.connection = finish_connection_options(connection);
  apply::run_up(options, output);
  return 0;
}

int status_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  std::string format;
  bool exit_code = false;
  po::options_description described("status options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text or json")
      ("exit-code", po::bool_switch(&exit_code), "exit 4 when anything is pending, modified, missing or failed");
  described.add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply status [--format text|json] [--exit-code] [OPTIONS]", described);
  if (format != "text" && format != "json") throw Error(ErrorKind::usage, "--format must be text or json");
  apply::StatusOptions options;
  options.json = format == "json";
  options.project = finish_project_options(project);
  options.connection = finish_connection_options(connection);
  TerminalOutput output(terminal);
  const auto result = apply::run_status(options, output);
  terminal.print(result.report);
  return exit_code && !result.clean ? exit_check_failed : exit_ok;
}

int exec_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  apply::ExecOptions options;
  po::options_description described;
  described.add(variable_options(project)).add(connection_options(connection));
  po::options_description operands;
  operands.add_options()("file", po::value(&options.files));
  po::positional_options_description positional;
  positional.add("file", -1);
  const std::string usage = "pgapply exec [OPTIONS] FILE...";
  parse_arguments(args, usage, described, operands, positional);
  if (options.files.empty()) throw Error(ErrorKind::usage, "no FILE given\nusage: " + usage);
  const auto project_options = finish_project_options(project);
  options.variables = project_options.variables;
  options.allow_undefined_variables = project_options.allow_undefined_variables;
  options.connection = finish_connection_options(connection);
  TerminalOutput output(terminal);
  apply::run_exec(options, output);
  return 0;
}

}  // namespace

int run_command(const std::string& command, const std::vector<std::string>& args,
                Terminal& terminal) {
  if (command == "split") return split_command(args, terminal);
  if (command == "up") return up_command(args, terminal);
  if (command == "status") return status_command(args, terminal);
  if (command == "exec") return exec_command(args, terminal);
  throw Error(ErrorKind::usage, "unknown command '" + command + "' (see pgapply --help)");
}

}  // namespace pgapply::cli
