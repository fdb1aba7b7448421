#pragma once

// pgapply.toml: the project's settings, committed beside the migrations and
// read from the working directory (toml++, Debian's libtomlplusplus). Its
// keys are the `toml` column of option_table(): a key no row names is an
// error naming the key and its line, so a typo never goes unnoticed.
//
//   dir = "db/migrations"
//   ledger = "public.schema_migrations"
//   lock_timeout = "10s"
//   [variables]            # -v NAME=VALUE
//   app_role = "web"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::cli {

inline constexpr std::string_view project_file_name = "pgapply.toml";

// One setting of the file, as the command line would spell its values: a
// flag is "true" or "false", a table of NAME = VALUE is "NAME=VALUE" items.
struct ProjectSetting {
  std::vector<std::string> values;
  std::size_t line = 0;  // the key's
  // Each value's own line where it has one (an array's element, a table's
  // entry: [lint.severity] rule = "error"), else the key's; as many as values.
  std::vector<std::size_t> value_lines;
};

struct ProjectFile {
  std::string path;                                          // as messages show it
  std::map<std::string, ProjectSetting, std::less<>> settings;  // by option name (option_table)
};

// Parses the file's text. Throws Error(usage) "PATH:LINE: ..." for a syntax
// error, an unknown key, or a value of the wrong type: a string where the
// option takes one (dir = 5 is refused), a number only for counts and
// durations (OptionSpec::number_in_toml), true/false for flags.
ProjectFile parse_project_file(std::string_view text, const std::string& path);

// Reads `path` if it exists; nullopt when it does not.
std::optional<ProjectFile> read_project_file(const std::filesystem::path& path);

}  // namespace pgapply::cli
