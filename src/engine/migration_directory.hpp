#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/discovery.hpp"

namespace pgapply::engine {

// The names of the files of `dir`, and of its sub-directory down/ (which may
// hold rollback files) as "down/<name>", as migrate::discover takes them.
std::vector<std::string> migration_file_names(const std::filesystem::path& dir);

// The migrations of `dir` with their formats and rollbacks: lists the
// directory, sorts out the names (migrate::discover) and reads each
// NNN_name.sql file that may be a dbmate or goose file (migrate::set_sections).
// A file is first read in pieces for lines that could be markers; only a file
// that has some is read whole and parsed. Throws Error(input): duplicate
// versions, malformed markers at FILE:LINE, an unreadable file or directory.
// It does not require the directory to hold migrations (`pgapply new` reads
// an empty one): see migrate::require_migrations.
migrate::Discovery read_migration_directory(const std::filesystem::path& dir);

// Error(input) unless `dir` is a directory, saying what it is instead: an
// empty name, nothing, a file (then naming the directory that holds it);
// `source` follows its name (" (from PGAPPLY_DIR)": ProjectOptions::dir_source).
void require_migration_directory(const std::filesystem::path& dir, const std::string& source = "");

// For the error of a directory that holds no migration: the first of its
// subdirectories (by name) that holds some, as "Did you mean --dir m? (it
// holds 3 migrations)"; "" when none does. Reads only on that error path.
std::string migrations_elsewhere(const std::filesystem::path& dir);

// What read_migration_directory does for migration `index` of `discovery`:
// reads its sections when its name allows them, from `bytes` (the whole
// file, already read) when given, else from disk.
void read_sections(migrate::Discovery& discovery, const std::filesystem::path& dir, std::size_t index,
                   std::optional<std::string_view> bytes);

// Whether the file at `path` has a line that could be a dbmate or goose
// marker (migrate::may_hold_sections over the file, read in pieces).
bool file_may_hold_sections(const std::filesystem::path& path);

}  // namespace pgapply::engine
