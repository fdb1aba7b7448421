#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/version.hpp"

namespace pgapply::migrate {

// NNN_name.sql: a decimal version of any width, '_', a name.
struct MigrationFile {
  std::string version;    // canonical: "4" for 004_x.sql
  std::string name;       // "add_prefs" for 002_add_prefs.sql
  std::string file_name;  // "002_add_prefs.sql"
};

// What a migrations directory holds, in version order.
struct Discovery {
  std::vector<MigrationFile> migrations;
  // NNN_name.down.sql rollback scripts, by canonical version.
  std::map<std::string, MigrationFile, VersionLess> down_files;
  // .sql files that are neither, with the reason: reported, never applied.
  std::vector<std::pair<std::string, std::string>> ignored;

  const MigrationFile* find(std::string_view version) const;
};

// Parses a file name; nullopt where it is not NNN_name.sql (nor .down.sql,
// when `down` is set, for which the name excludes ".down").
std::optional<MigrationFile> parse_migration_file_name(std::string_view file_name, bool down);

// Sorts out the names of the files of a migrations directory. Two migrations
// (or two down files) with the same version are an Error(input) naming both.
Discovery discover(const std::vector<std::string>& file_names);

}  // namespace pgapply::migrate
