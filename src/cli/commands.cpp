#include "cli/commands.hpp"

#include <map>

#include "core/error.hpp"
#include "migrate/version.hpp"

namespace pgapply::cli {

std::string version_argument(const std::string& option, const std::string& value) {
  if (!migrate::is_version_text(value)) {
    throw Error(ErrorKind::usage, option + " expects a migration version (digits), not '" + value + "'");
  }
  return migrate::canonical_version(value);
}

int run_command(const std::string& command, const OptionValues& values, Terminal& terminal) {
  using Command = int (*)(const OptionValues&, Terminal&);
  static const std::map<std::string, Command> commands = {
      {"split", split_command},         {"up", up_command},
      {"status", status_command},       {"exec", exec_command},
      {"new", new_command},             {"lint", lint_command},            {"history", history_command},            {"diff", diff_command},
      {"check", check_command},             {"down", down_command},
      {"repair", repair_command},       {"preflight", preflight_command},
      {"verify", verify_command},       {"baseline", baseline_command},
      {"config", config_command},
  };
  const auto found = commands.find(command);
  if (found == commands.end()) throw std::logic_error("no function for command " + command);
  return found->second(values, terminal);
}

}  // namespace pgapply::cli
