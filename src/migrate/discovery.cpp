#include "migrate/discovery.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace pgapply::migrate {

namespace {

constexpr std::string_view sql_suffix = ".sql";
constexpr std::string_view down_suffix = ".down.sql";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

void add_unique(std::map<std::string, MigrationFile, VersionLess>& files, MigrationFile file,
                std::string_view what) {
  const auto [existing, inserted] = files.emplace(file.version, file);
  if (!inserted) {
    throw Error(ErrorKind::input,
                "two " + std::string(what) + " files have version " + file.version + ": " +
                    existing->second.file_name + " and " + file.file_name +
                    " (renumber one of them; nothing was applied)");
  }
}

}  // namespace

const MigrationFile* Discovery::find(std::string_view version) const {
  for (const auto& migration : migrations) {
    if (migration.version == version) return &migration;
  }
  return nullptr;
}

std::optional<MigrationFile> parse_migration_file_name(std::string_view file_name, bool down) {
  const std::string_view suffix = down ? down_suffix : sql_suffix;
  if (!ends_with(file_name, suffix)) return std::nullopt;
  if (!down && ends_with(file_name, down_suffix)) return std::nullopt;
  const std::string_view stem = file_name.substr(0, file_name.size() - suffix.size());
  const auto underscore = stem.find('_');
  if (underscore == std::string_view::npos) return std::nullopt;
  const std::string_view digits = stem.substr(0, underscore);
  const std::string_view name = stem.substr(underscore + 1);
  if (!is_version_text(digits) || name.empty()) return std::nullopt;
  return MigrationFile{canonical_version(digits), std::string(name), std::string(file_name)};
}

Discovery discover(const std::vector<std::string>& file_names) {
  Discovery found;
  std::map<std::string, MigrationFile, VersionLess> migrations;
  for (const auto& file_name : file_names) {
    if (auto down = parse_migration_file_name(file_name, true)) {
      add_unique(found.down_files, std::move(*down), "down");
    } else if (auto migration = parse_migration_file_name(file_name, false)) {
      add_unique(migrations, std::move(*migration), "migration");
    } else if (ends_with(file_name, sql_suffix)) {
      found.ignored.emplace_back(file_name,
                                 "not a migration: the name must be NNN_name.sql (or "
                                 "NNN_name.down.sql for a rollback)");
    }
  }
  for (auto& [version, migration] : migrations) found.migrations.push_back(std::move(migration));
  return found;
}

}  // namespace pgapply::migrate
