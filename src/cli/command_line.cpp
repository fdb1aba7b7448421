#include "cli/command_line.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <boost/program_options.hpp>

#include "cli/help_text.hpp"
#include "core/edit_distance.hpp"
#include "core/error.hpp"

namespace po = boost::program_options;

namespace pgapply::cli {

namespace {

constexpr const char* operand_key = "pgapply-operand";

// The option `arg` names that takes the next argument as its value, or
// nullptr: "--dir", "-d", "-Wd" (sticky switches: the first value-taking
// letter takes the rest of the argument, or the next one when it is last);
// not "--dir=x", "-dx", nor an unknown option.
const OptionSpec* option_wanting_next(const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return nullptr;
  if (arg.rfind("--", 0) == 0) {
    if (arg.find('=') != std::string::npos) return nullptr;
    const OptionSpec* option = find_option(std::string_view(arg).substr(2));
    return option != nullptr && option->takes_value() ? option : nullptr;
  }
  for (std::size_t i = 1; i < arg.size(); ++i) {
    const OptionSpec* option = find_short_option(arg[i]);
    if (option == nullptr) return nullptr;
    if (option->takes_value()) return i + 1 == arg.size() ? option : nullptr;
  }
  return nullptr;
}

// Whether an argument is an option, or "--", and so never another option's
// value: Boost's unix style would take `up --backup --dry-run`'s --dry-run as
// the backup directory and apply for real. "-" (standard input) and negative
// numbers ("-1") are values; a value that starts with '-' otherwise is given
// as --option=-value.
bool looks_like_option(const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  const auto second = static_cast<unsigned char>(arg[1]);
  return std::isdigit(second) == 0 && second != '.';
}

// Whether args[i], an option, takes args[i + 1] as its value (for finding the
// command word).
bool consumes_next(const std::vector<std::string>& args, std::size_t i) {
  return option_wanting_next(args[i]) != nullptr && i + 1 < args.size() && !looks_like_option(args[i + 1]);
}

// "--backup needs a value (DIR); '--dry-run' is an option (...)": `given`,
// as the command line spelled it, left without a value; `next` the option
// after it, or nullptr when it came last.
std::string needs_value(const std::string& given, const OptionSpec& option, const std::string* next) {
  std::string message = given + " needs a value (" + std::string(option.value_name) + ")";
  if (next != nullptr) {
    message += "; '" + *next + "' is an option (a value that starts with '-' is given as --" +
               std::string(option.name) + "=-VALUE)";
  }
  return message;
}

std::string help_hint(const CommandSpec& command) {
  return "\nusage: " + command.usage() + "\n(pgapply " + std::string(command.name) + " --help lists its options)";
}

// The option of `command` that does what `name` does for other commands
// (up --target VERSION, down --to VERSION: the migration to stop at); "" when none.
std::string same_option_here(const CommandSpec& command, const std::string& name) {
  static const std::vector<std::pair<std::string, std::string>> same = {{"target", "to"}, {"to", "target"}};
  for (const auto& [other, here] : same) {
    if (name == other && command.takes(here)) return here;
  }
  return "";
}

// "unknown option '--dry' (did you mean --dry-run?)", or which commands take it.
std::string unknown_option_message(const CommandSpec& command, const std::string& given) {
  std::string name = given;
  while (!name.empty() && name.front() == '-') name.erase(name.begin());
  if (const auto equals = name.find('='); equals != std::string::npos) name.resize(equals);
  std::string message = "unknown option '" + shown_argument(given) + "' for pgapply " + std::string(command.name);
  std::vector<std::string> near;
  for (const auto& option : command.options) {
    const bool prefix = name.size() >= 2 && option.substr(0, name.size()) == name;
    if (prefix || (name.size() > 2 && edit_distance(name, option) <= 2)) near.push_back("--" + std::string(option));
  }
  if (!near.empty()) {
    message += " (did you mean ";
    for (std::size_t i = 0; i < near.size(); ++i) message += (i == 0 ? "" : " or ") + near[i];
    message += "? options are never abbreviated)";
  } else if (const std::string same = same_option_here(command, name); !same.empty()) {
    message += " (did you mean --" + same + "?)";
  } else if (given.rfind("--", 0) == 0 && find_option(name) != nullptr) {
    std::string takers;
    for (const auto& other : command_table()) {
      if (other.takes(name)) takers += (takers.empty() ? "" : ", ") + std::string(other.name);
    }
    message += " (it is an option of " + takers + ")";
  }
  return message;
}

po::options_description boost_options(const CommandSpec& command) {
  po::options_description described;
  for (const auto& name : command.options) {
    const OptionSpec* option = find_option(name);
    if (option == nullptr) throw std::logic_error("command_table names an unknown option: " + std::string(name));
    std::string names(option->name);
    if (option->short_name != 0) names += std::string(",") + option->short_name;
    switch (option->kind) {
      case OptionKind::flag: described.add_options()(names.c_str(), ""); break;
      case OptionKind::value: described.add_options()(names.c_str(), po::value<std::string>(), ""); break;
      case OptionKind::list:
      case OptionKind::assignments:
        described.add_options()(names.c_str(), po::value<std::vector<std::string>>()->composing(), "");
        break;
    }
  }
  described.add_options()(operand_key, po::value<std::vector<std::string>>(), "");
  return described;
}

// An option of the command left without its value, at the end or before
// another option, is an error naming both (before Boost, which would take the
// option as the value). -h says it is the host, as in psql, and how to get help.
void refuse_missing_values(const CommandSpec& command, const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    const OptionSpec* option = option_wanting_next(args[i]);
    // An option the command does not take is Boost's unknown option.
    if (option == nullptr || !command.takes(option->name)) continue;
    const std::string* next = i + 1 < args.size() ? &args[i + 1] : nullptr;
    if (next != nullptr && !looks_like_option(*next)) {
      ++i;
      continue;
    }
    if (args[i] == "-h") {
      throw Error(ErrorKind::usage, "-h is the server host, as in psql, and needs a value: -h HOST" +
                                        (next != nullptr ? " ('" + *next + "' is an option)" : std::string()) +
                                        "\nfor help: pgapply " + std::string(command.name) + " --help (or -?)");
    }
    throw Error(ErrorKind::usage, needs_value(args[i], *option, next) + help_hint(command));
  }
}

// --name= with nothing after the '=' (--dbname="$UNSET_URL"): refused, never
// read as not given, which would connect to whatever DATABASE_URL or the PG*
// variables name; a flag given '=' is named (Boost would say only that a
// value should follow the equal sign).
void refuse_empty_values(const CommandSpec& command, const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 4 || arg.rfind("--", 0) != 0 || arg.find('=') != arg.size() - 1) continue;
    const std::string name = arg.substr(2, arg.size() - 3);
    if (!command.takes(name)) throw Error(ErrorKind::usage, unknown_option_message(command, arg) + help_hint(command));
    const OptionSpec* option = find_option(name);
    if (option != nullptr && option->kind == OptionKind::flag) {
      throw Error(ErrorKind::usage, "--" + name + " takes no value (" + arg + ")" + help_hint(command));
    }
    throw Error(ErrorKind::usage, arg + " gives --" + name + " an empty value (an unset variable?): give one, --" +
                                      name + "=VALUE" + help_hint(command));
  }
}

// The configurable options the command line left out: from the environment,
// else the project file, else the default (repeatable ones add up).
void fill_from_sources(const CommandSpec& command, const SettingSources& sources, OptionValues& values) {
  for (const auto& name : command.options) {
    const OptionSpec& option = *find_option(name);
    std::vector<OptionItem> items;
    const bool repeatable = option.repeatable();
    const bool on_command_line = values.given(name);
    if (!option.toml.empty() && sources.project_file != nullptr) {
      const auto found = sources.project_file->settings.find(name);
      if (found != sources.project_file->settings.end()) {
        const ProjectSetting& setting = found->second;
        for (std::size_t i = 0; i < setting.values.size(); ++i) {
          const std::size_t line = i < setting.value_lines.size() ? setting.value_lines[i] : setting.line;
          items.push_back({setting.values[i],
                           ValueSource{SourceKind::project_file, sources.project_file->path + ":" + std::to_string(line)}});
        }
      }
    }
    if (!option.env.empty() && sources.getenv) {
      if (const auto value = sources.getenv(option.env)) {
        if (!repeatable) items.clear();
        const ValueSource source{SourceKind::environment, std::string(option.env)};
        if (repeatable) {
          std::istringstream lines(*value);
          for (std::string line; std::getline(lines, line);) {
            if (!line.empty()) items.push_back({line, source});
          }
        } else {
          items.push_back({*value, source});
        }
      }
    }
    if (!repeatable && items.size() > 1) items.erase(items.begin(), items.end() - 1);
    if (items.empty() && !option.default_value.empty()) {
      items.push_back({std::string(option.default_value), ValueSource{SourceKind::default_value, "default"}});
    }
    if (on_command_line && !repeatable) {
      values.set_beneath_command_line(name, std::move(items));
      continue;
    }
    if (repeatable) {
      for (const auto& item : values.items(name)) items.push_back(item);
    }
    if (!items.empty()) values.set(name, std::move(items));
  }
}

}  // namespace

int command_line_style() {
  return po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
}

CommandWord find_command_word(const std::vector<std::string>& args) {
  CommandWord word;
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool is_option = !options_ended && arg.size() > 1 && arg[0] == '-';
    if (word.command.empty() && !is_option && arg != "--") {
      word.command = arg;
      if (i > 0) word.before = args[i - 1];
      continue;
    }
    word.rest.push_back(arg);
    if (arg == "--") {
      options_ended = true;
    } else if (is_option && consumes_next(args, i)) {
      word.rest.push_back(args[++i]);
    }
  }
  return word;
}

std::string unknown_option_before_command(const CommandWord& word) {
  const std::string& given = word.before;
  // An option with its value in it ("--x=1", "-xy") took nothing after it.
  const bool long_option = given.rfind("--", 0) == 0 && given.size() > 2 && given.find('=') == std::string::npos;
  const bool short_option = given.size() == 2 && given[0] == '-' && given[1] != '-';
  if (!long_option && !short_option) return "";
  std::string near;
  if (long_option) {
    const std::string_view name = std::string_view(given).substr(2);
    if (find_option(name) != nullptr) return "";
    std::vector<std::string_view> names;
    for (const auto& option : option_table()) names.push_back(option.name);
    near = nearest_within_typo(name, names);
  } else if (find_short_option(given[1]) != nullptr) {
    return "";
  }
  return "unknown option '" + shown_argument(given) + "'" + (near.empty() ? "" : " (did you mean --" + near + "?)") +
         ": '" + shown_argument(word.command) + "' after it was read as the command";
}

std::string single_dash_long_option(const std::vector<std::string>& args) {
  // golang-migrate's flags that have a pgapply option of another name
  const std::vector<std::pair<std::string_view, std::string_view>> peers = {
      {"database", "--dbname"}, {"path", "--dir"}, {"url", "--dbname"}};
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg.size() < 4 || arg[0] != '-' || arg[1] == '-') continue;
    const std::string name = arg.substr(1, arg.find('=') - 1);  // (npos - 1: to the end)
    std::string meant;
    if (find_option(name) != nullptr) meant = "--" + name;
    for (const auto& [peer, ours] : peers) {
      if (name == peer) meant = ours;
    }
    if (meant.empty()) continue;
    const std::string shown = shown_argument(arg);
    const std::string reading =
        find_short_option(arg[1]) != nullptr ? " would read as " + shown.substr(0, 2) + " " + shown.substr(2) : "";
    return "'" + shown + "'" + reading + ": pgapply's long options take two dashes (did you mean " + meant + "?)";
  }
  return "";
}

std::string why_no_command(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    const OptionSpec* option = option_wanting_next(arg);
    if (option == nullptr) continue;
    if (i + 1 == args.size()) return "option '" + arg + "' needs a value, and a command after it";
    if (looks_like_option(args[i + 1])) return needs_value(arg, *option, &args[i + 1]);
    if (find_command(args[i + 1]) != nullptr) {
      return "'" + args[i + 1] + "' was read as the value of " + arg + ", which takes one: pgapply " + arg +
             " VALUE " + args[i + 1];
    }
    ++i;
  }
  return "";
}

OptionValues parse_command(const CommandSpec& command, const std::vector<std::string>& args,
                           const SettingSources& sources) {
  refuse_empty_values(command, args);
  refuse_missing_values(command, args);
  po::positional_options_description positional;
  positional.add(operand_key, -1);
  po::parsed_options parsed(nullptr);
  try {
    parsed = po::command_line_parser(args)
                 .options(boost_options(command))
                 .positional(positional)
                 .style(command_line_style())
                 .run();
  } catch (const po::unknown_option& error) {
    throw Error(ErrorKind::usage, unknown_option_message(command, error.get_option_name()) + help_hint(command));
  } catch (const po::error& error) {
    throw Error(ErrorKind::usage, std::string(error.what()) + help_hint(command));
  }

  OptionValues values;
  values.command = std::string(command.name);
  for (const auto& option : parsed.options) {
    if (option.string_key == operand_key) {
      values.operands.insert(values.operands.end(), option.value.begin(), option.value.end());
      continue;
    }
    const OptionSpec& spec = *find_option(option.string_key);
    std::string shown;
    for (const auto& token : option.original_tokens) shown += (shown.empty() ? "" : " ") + token;
    if (shown.empty()) shown = "--" + option.string_key;
    // Where a value came from is shown (config, "given twice"): never a password or a secret -v.
    for (const auto& value : option.value) {
      const std::string shown_as = shown_value(spec, value);
      if (const auto at = shown.rfind(value); shown_as != value && at != std::string::npos) {
        shown.replace(at, value.size(), shown_as);
      }
    }
    if (!spec.repeatable() && values.given(spec.name)) {
      throw Error(ErrorKind::usage, "--" + std::string(spec.name) + " is given twice (" +
                                        values.items(spec.name).front().source.where + " and " + shown +
                                        "): give it once" + help_hint(command));
    }
    const ValueSource source{SourceKind::command_line, shown};
    if (spec.kind == OptionKind::flag) {
      values.add(spec.name, {"true", source});
    } else {
      for (const auto& value : option.value) values.add(spec.name, {value, source});
    }
  }
  if (values.given("help")) throw HelpRequested{command_help(command)};

  if (values.operands.size() > command.max_operands) {
    const std::string& stray = values.operands[command.max_operands];
    // `pgapply repair clear-failed 3`: the option, written as a word.
    const bool option_word = command.takes(stray) && find_option(stray) != nullptr;
    // `pgapply repair 3`: a version with no option before it that takes one
    std::vector<std::string> version_options;
    if (command.max_operands == 0 && !option_word) {
      for (const std::string_view name : command.options) {
        const OptionSpec* spec = find_option(name);
        if (spec != nullptr && spec->value_name == "VERSION") version_options.push_back("--" + std::string(name));
      }
    }
    if (!version_options.empty()) {
      std::string choices;
      for (std::size_t i = 0; i < version_options.size(); ++i) {
        choices += (i == 0 ? "" : i + 1 == version_options.size() ? " or " : ", ") + version_options[i] + " " +
                   shown_argument(stray);
      }
      throw Error(ErrorKind::usage, "unexpected argument '" + shown_argument(stray) + "': pgapply " +
                                        std::string(command.name) + " takes a version after the option that says "
                                        "what to do with it: " + choices + help_hint(command));
    }
    throw Error(ErrorKind::usage,
                "unexpected argument '" + shown_argument(stray) + "'" +
                    (option_word ? " (did you mean --" + stray + "?)" : "") +
                    ": pgapply " + std::string(command.name) +
                    (command.max_operands == 0 ? " takes no arguments"
                                               : " takes at most " + std::to_string(command.max_operands) + " " +
                                                     std::string(command.operand)) +
                    help_hint(command));
  }
  if (values.operands.size() < command.min_operands) {
    throw Error(ErrorKind::usage, "no " + std::string(command.operand) + " given" + help_hint(command));
  }
  fill_from_sources(command, sources, values);
  return values;
}

}  // namespace pgapply::cli
