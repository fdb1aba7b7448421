#pragma once

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/option_table.hpp"
#include "core/error.hpp"

namespace pgapply::cli {

// Where a setting's value came from, by precedence: the command line beats
// the environment, which beats the project file, which beats the default.
enum class SourceKind { default_value, project_file, environment, command_line };

struct ValueSource {
  SourceKind kind = SourceKind::default_value;
  std::string where;  // "--dir", "PGAPPLY_DIR", "pgapply.toml:3", "default"

  // For `pgapply config`: "command line (--dir)", "environment (PGAPPLY_DIR)",
  // "pgapply.toml:3", "default".
  std::string describe() const;
  // For error messages: "" on the command line, else " (from PGAPPLY_DIR)".
  std::string suffix() const;
  // For the JSON error's file and line: pgapply.toml and the line, when set there.
  ErrorPlace place() const;
  // An error about the value this gave: `message` with suffix(), at place().
  Error error(ErrorKind error_kind, const std::string& message) const {
    return Error(error_kind, message + suffix(), place());
  }
  // Two settings from this one source that exclude each other (`other` the
  // later): `message` naming where each came from unless on the command
  // line, at `other`'s place.
  Error conflict(const ValueSource& other, const std::string& message) const {
    const std::string named = kind == SourceKind::command_line ? "" : " (" + where + " and " + other.where + ")";
    return Error(ErrorKind::usage, message + named, other.place());
  }
};

// One value of an option and its source. A repeatable option has several:
// the project file's first, then the environment's, then the command line's.
struct OptionItem {
  std::string value;
  ValueSource source;
};

// The settings of one command after parsing: every option the command takes
// that was given by any source (or has a default), and the operands. Typed
// getters throw Error(usage) naming the option and where the bad value came
// from.
class OptionValues {
 public:
  void add(std::string_view name, OptionItem item);
  void set(std::string_view name, std::vector<OptionItem> items);

  // Set by anything but its default.
  bool given(std::string_view name) const;
  // The value (the default when nothing set it); nullopt when none.
  std::optional<std::string> text(std::string_view name) const;
  // A flag: true when set and not turned off ("false" from TOML or the environment).
  bool flag(std::string_view name) const;
  // Every value of a repeatable option, lowest precedence first.
  std::vector<std::string> list(std::string_view name) const;
  // A whole number from minimum to maximum; nullopt when not set.
  std::optional<long long> whole_number(std::string_view name, long long minimum,
                                        long long maximum = std::numeric_limits<long long>::max()) const;
  // A number >= minimum (seconds may have a fraction); nullopt when not set.
  std::optional<double> number(std::string_view name, double minimum) const;
  // One of `choices` (space separated); nullopt when not set.
  std::optional<std::string> choice(std::string_view name, std::string_view choices) const;
  // One of the choices its row in option_table() lists; nullopt when not set.
  std::optional<std::string> choice(std::string_view name) const;

  // Of two options that exclude each other (--shadow URL and --no-shadow),
  // the one that holds: the one set from the higher source, as for any
  // setting (a flag set true, a value not empty); "" when neither is set.
  // Both set from the same source are an error naming them.
  std::string_view exclusive(std::string_view first, std::string_view second) const;

  const std::vector<OptionItem>& items(std::string_view name) const;
  // The settings as the same command would have them without its command
  // line: the environment's, the project file's, the defaults (for hints
  // that run a command again, engine::Context::implied_project).
  OptionValues without_command_line() const;
  // For a single-value option the command line gave: what it hid.
  void set_beneath_command_line(std::string_view name, std::vector<OptionItem> items);
  // Every option that has items, by name.
  const std::map<std::string, std::vector<OptionItem>, std::less<>>& all() const { return values_; }

  std::vector<std::string> operands;
  // The command these are the settings of ("up"); empty where no command line was parsed.
  std::string command;

 private:
  std::map<std::string, std::vector<OptionItem>, std::less<>> values_;
  std::map<std::string, std::vector<OptionItem>, std::less<>> beneath_command_line_;
};

// "1", "true", "yes", "on" / "0", "false", "no", "off", "" (any case); nullopt otherwise.
std::optional<bool> parse_boolean(std::string_view text);

}  // namespace pgapply::cli
