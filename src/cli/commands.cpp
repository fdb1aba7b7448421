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

std::size_t count_argument(const std::string& option, const std::string& value, std::size_t min,
                           std::size_t max) {
  const bool digits = !value.empty() && value.size() <= 9 &&
                      value.find_first_not_of("0123456789") == std::string::npos;
  const std::size_t number = digits ? std::stoul(value) : 0;
  if (!digits || number < min || number > max) {
    throw Error(ErrorKind::usage, option + " expects a whole number from " + std::to_string(min) + " to " +
                                      std::to_string(max) + ", not '" + value + "'");
  }
  return number;
}

int run_command(const std::string& command, const std::vector<std::string>& args,
                Terminal& terminal) {
  using Command = int (*)(const std::vector<std::string>&, Terminal&);
  static const std::map<std::string, Command> commands = {
      {"split", split_command},
      {"up", up_command},
      {"status", status_command},
      {"exec", exec_command},
      {"new", new_command},
      {"down", down_command},
      {"repair", repair_command},
      {"preflight", preflight_command},
      {"verify", verify_command},
      {"baseline", baseline_command},
      {"diff", diff_command},
      {"check", check_command},
  };
  const auto found = commands.find(command);
  if (found == commands.end()) {
    throw Error(ErrorKind::usage, "unknown command '" + command + "' (see pgapply --help)");
  }
  return found->second(args, terminal);
}

}  // namespace pgapply::cli
