#include "cli/project_file.hpp"

#include <toml++/toml.h>

#include <sstream>

#include "cli/option_table.hpp"
#include "core/edit_distance.hpp"
#include "core/error.hpp"
#include "io/files.hpp"

namespace pgapply::cli {

namespace {

[[noreturn]] void fail(const std::string& path, std::size_t line, const std::string& message) {
  throw Error(ErrorKind::usage, path + ":" + std::to_string(line) + ": " + message, ErrorPlace{path, line});
}

std::size_t line_of(const toml::node& node) { return node.source().begin.line; }

// A scalar as the command line would give it; nullopt for other types.
std::optional<std::string> scalar_text(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* integer = node.as_integer()) return std::to_string(integer->get());
  if (const auto* floating = node.as_floating_point()) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out << floating->get();
    return out.str();
  }
  return std::nullopt;
}

std::optional<std::string> string_text(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  return std::nullopt;
}

// The value written as a string: key = "5" for a number or a boolean, key =
// "..." for anything else.
std::string string_fix(const std::string& key, const toml::node& node) {
  std::string value = "...";
  if (const auto* flag = node.as_boolean()) value = flag->get() ? "true" : "false";
  if (auto number = scalar_text(node)) value = *number;
  return key + " = \"" + value + "\"";
}

ProjectSetting convert(const OptionSpec& option, const toml::node& node, const std::string& path,
                       const std::string& key) {
  ProjectSetting setting;
  setting.line = line_of(node);
  switch (option.kind) {
    case OptionKind::flag:
      if (const auto* flag = node.as_boolean()) {
        setting.values.push_back(flag->get() ? "true" : "false");
        return setting;
      }
      fail(path, setting.line, "'" + key + "' must be true or false");
    case OptionKind::value:
      if (auto text = option.number_in_toml() ? scalar_text(node) : string_text(node)) {
        const bool number = node.is_integer() || node.is_floating_point();
        // lock_timeout = 5000, or "5000": milliseconds to PostgreSQL, seconds on
        // pgapply's command line; in a file read long after it was written, the
        // unit is said.
        const bool unitless = number || (!text->empty() && text->find_first_not_of("0123456789.") == std::string::npos);
        if (option.value_name == "DURATION" && unitless && *text != "0") {
          fail(path, setting.line,
               "'" + key + "' needs a unit: " + key + " = \"" + *text + "ms\" or \"" + *text +
                   "s\" (a bare number is milliseconds to PostgreSQL and seconds on pgapply's command line)");
        }
        if (option.value_name != "DURATION" && node.is_floating_point()) {
          // (1e3 and 1000.0 are TOML floats, whose text is 1000: say how to write it)
          const double value = node.as_floating_point()->get();
          fail(path, setting.line,
               value == static_cast<double>(static_cast<long long>(value))
                   ? "'" + key + "' is written as a floating-point number; write it as a whole number: " + key +
                         " = " + std::to_string(static_cast<long long>(value))
                   : "'" + key + "' must be a whole number, not " + *text);
        }
        setting.values.push_back(std::move(*text));
        return setting;
      }
      if (option.number_in_toml()) fail(path, setting.line, "'" + key + "' must be a string or a number");
      fail(path, setting.line, "'" + key + "' must be a string: " + string_fix(key, node));
    case OptionKind::list:
      if (const auto* array = node.as_array()) {
        for (const auto& element : *array) {
          auto text = string_text(element);
          if (!text) {
            fail(path, line_of(element), "'" + key + "' must be an array of strings, e.g. " + key + " = [\"...\"]");
          }
          setting.values.push_back(std::move(*text));
          setting.value_lines.push_back(line_of(element));
        }
        return setting;
      }
      fail(path, setting.line, "'" + key + "' must be an array of strings, e.g. " + key + " = [\"...\"]");
    case OptionKind::assignments:
      if (const auto* table = node.as_table()) {
        for (const auto& [name, value] : *table) {
          auto text = scalar_text(value);
          if (!text) fail(path, line_of(value), "'" + key + "." + std::string(name.str()) + "' must be a string or a number");
          setting.values.push_back(std::string(name.str()) + "=" + *text);
          setting.value_lines.push_back(line_of(value));
        }
        return setting;
      }
      fail(path, setting.line, "'" + key + "' must be a table of NAME = \"VALUE\" ([" + key + "])");
  }
  return setting;
}

const OptionSpec* option_for_key(const std::string& key) {
  for (const auto& option : option_table()) {
    if (option.toml == key) return &option;
  }
  return nullptr;
}

// "; did you mean 'lock_timeout'?" for a key a typo away from one, else
// where the keys are listed.
std::string closest_key(const std::string& key) {
  std::vector<std::string_view> keys;
  for (const auto& option : option_table()) {
    if (!option.toml.empty()) keys.push_back(option.toml);
  }
  if (const std::string_view best = nearest_within_typo(key, keys); !best.empty()) {
    return "; did you mean '" + std::string(best) + "'?";
  }
  return " (a key is a setting's name with _ for -, as pgapply config lists them: lock_timeout, ledger_format...)";
}

bool is_table_prefix(const std::string& key) {
  for (const auto& option : option_table()) {
    if (option.toml.size() > key.size() && option.toml.substr(0, key.size()) == key &&
        option.toml[key.size()] == '.') {
      return true;
    }
  }
  return false;
}

void read_table(const toml::table& table, const std::string& prefix, const std::string& path, ProjectFile& file) {
  for (const auto& [name, node] : table) {
    const std::string key = prefix + std::string(name.str());
    if (const OptionSpec* option = option_for_key(key)) {
      file.settings[std::string(option->name)] = convert(*option, node, path, key);
    } else if (node.is_table() && is_table_prefix(key)) {
      read_table(*node.as_table(), key + ".", path, file);
    } else {
      fail(path, name.source().begin.line, "unknown key '" + key + "'" + closest_key(key));
    }
  }
}

}  // namespace

ProjectFile parse_project_file(std::string_view text, const std::string& path) {
  ProjectFile file;
  file.path = path;
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    // (toml++ knows the column too: FILE:LINE:COL, as the other input errors say it)
    const auto& at = error.source().begin;
    throw Error(ErrorKind::usage,
                path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": error: " +
                    std::string(error.description()),
                /*located=*/true);
  }
  read_table(root, "", path, file);
  return file;
}

std::optional<ProjectFile> read_project_file(const std::filesystem::path& path) {
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) return std::nullopt;
  return parse_project_file(io::read_file(path), path.string());
}

}  // namespace pgapply::cli
