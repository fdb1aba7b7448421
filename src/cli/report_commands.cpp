// The ops reports: preflight, verify and baseline.
#include "cli/commands.hpp"

#include "apply/baseline.hpp"
#include "apply/preflight.hpp"
#include "apply/verify.hpp"
#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_status.hpp"
#include "cli/terminal_output.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

namespace {

bool json_format(const std::string& format) {
  if (format != "text" && format != "json") throw Error(ErrorKind::usage, "--format must be text or json");
  return format == "json";
}

}  // namespace

int preflight_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  apply::PreflightOptions options;
  std::string format, target;
  po::options_description described("preflight options");
  described.add_options()
      ("format", po::value(&format)->default_value("text"), "text or json")
      ("target", po::value(&target), "as for up: migrations up to this version only")
      ("allow-out-of-order", po::bool_switch(&options.up.allow_out_of_order), "as for up");
  described.add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply preflight [--format text|json] [OPTIONS]", described);
  options.json = json_format(format);
  if (!target.empty()) options.up.target = version_argument("--target", target);
  options.up.project = finish_project_options(project);
  options.up.connection = finish_connection_options(connection);
  TerminalOutput output(terminal);
  const auto result = apply::run_preflight(options, output);
  terminal.print(result.report);
  return result.failed ? exit_check_failed : exit_ok;
}

int verify_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  apply::VerifyOptions options;
  std::string format;
  po::options_description described("verify options");
  described.add_options()("format", po::value(&format)->default_value("text"), "text or json");
  described.add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply verify [--format text|json] [OPTIONS]", described);
  options.json = json_format(format);
  options.project = finish_project_options(project);
  options.connection = finish_connection_options(connection);
  TerminalOutput output(terminal);
  const auto result = apply::run_verify(options, output);
  terminal.print(result.report);
  return result.failed ? exit_check_failed : exit_ok;
}

int baseline_command(const std::vector<std::string>& args, Terminal& terminal) {
  ConnectionFlags connection;
  ProjectFlags project;
  apply::BaselineOptions options;
  std::string format, version;
  po::options_description described("baseline options (--version or --detect)");
  described.add_options()
      ("version", po::value(&version), "record the pending migrations up to VERSION as applied, without running them")
      ("detect", po::bool_switch(&options.detect), "propose the leading migrations whose objects all exist already")
      ("yes", po::bool_switch(&options.yes), "with --detect: record the proposal")
      ("format", po::value(&format)->default_value("text"), "text or json");
  described.add(project_options(project)).add(connection_options(connection));
  parse_arguments(args, "pgapply baseline --version VERSION | --detect [--yes] [OPTIONS]", described);
  options.json = json_format(format);
  if (!version.empty()) options.version = version_argument("--version", version);
  options.project = finish_project_options(project);
  options.connection = finish_connection_options(connection);
  TerminalOutput output(terminal);
  terminal.print(apply::run_baseline(options, output).report);
  return exit_ok;
}

}  // namespace pgapply::cli
