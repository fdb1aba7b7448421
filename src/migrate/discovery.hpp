#pragma once

// Which files of a migrations directory are migrations, in which tool's
// format, and what rolls each one back. Names only, plus what the caller read
// in the files that may hold sections (set_sections): no I/O here.
//
// Recognised (each a `.sql` file directly in the directory):
//
//   pgapply         NNN_name.sql                 rollback NNN_name.down.sql
//   golang-migrate  N_name.up.sql                rollback N_name.down.sql
//   Flyway          V<version>__name.sql         rollback (undo) U<version>__name.sql
//                   R__name.sql                  repeatable: no version, runs after
//                                                the versioned ones whenever it changes
//   dbmate, goose   NNN_name.sql holding sections (file_sections.hpp); the
//                   down section is the rollback
//
// NNN is a decimal number of any width; Flyway's <version> may be dotted
// (1.1, or 1_1 in a file name: the same version). Flyway's configurable
// prefixes and separators (flyway.sqlMigrationPrefix...), its `.SQL` or other
// suffixes, and sub-directories are not read: only V, U, R and `__`. The one
// exception: rollback files may also be kept in the sub-directory down/
// (rollback_directory), where the Supabase CLI and dbmate, which read every
// <digits>_<name>.sql of the directory itself as a migration, do not look.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/file_sections.hpp"
#include "migrate/version.hpp"

namespace pgapply::migrate {

// The tool whose conventions a migration file follows.
enum class FileFormat {
  pgapply,         // NNN_name.sql (a NNN_name.sql file without sections)
  golang_migrate,  // N_name.up.sql
  flyway,          // V<version>__name.sql, R__name.sql
  dbmate,          // NNN_name.sql with -- migrate:up / -- migrate:down
  goose,           // NNN_name.sql with -- +goose Up / -- +goose Down
  goose_go,        // NNN_name.go: a goose migration in Go, which pgapply cannot run (Discovery::code_migrations)
};

std::string_view to_string(FileFormat format);

// Where a migration's rollback (for `down`) comes from.
enum class RollbackSource {
  none,          // nothing rolls it back
  file,          // a file of its own: NNN_name.down.sql, N_name.down.sql, U<version>__name.sql
  down_section,  // the down section of the migration's own file (dbmate, goose)
};

struct MigrationFile {
  std::string version;    // canonical (version.hpp): "4" for 004_x.sql, "1.1" for V1_1__x.sql; "" for R__x.sql
  std::string version_text;  // as the file name writes it: "004", "1_1"
  std::string name;       // as in the file name: "add_prefs" for 002_add_prefs.sql, V2__add_prefs.sql
  std::string file_name;  // "002_add_prefs.sql"
  FileFormat format = FileFormat::pgapply;
  RollbackSource rollback = RollbackSource::none;
  // RollbackSource::file: the rollback file's name; down_section: file_name.
  std::string rollback_file;
  // dbmate and goose: the up and down sections (set_sections). For the
  // other formats, none: the whole file is the migration. Shared, never
  // changed: a MigrationFile is copied into plans and scripts, and kept
  // small (status holds one per file, thousands of them, several times).
  std::shared_ptr<const FileSections> sections;
};

// The sub-directory of a migrations directory that may hold rollback files
// (down/004_users.down.sql); its files are named "down/<name>" in discover's
// input and keep that name (a path relative to the directory) as file_name.
inline constexpr std::string_view rollback_directory = "down";

// What a migrations directory holds.
struct Discovery {
  // Versioned migrations, in version order.
  std::vector<MigrationFile> migrations;
  // Flyway's repeatable migrations (R__name.sql), in the order Flyway runs
  // them: by description (the name with '_' read as ' '), byte by byte.
  std::vector<MigrationFile> repeatables;
  // Rollback files (NNN_name.down.sql, N_name.down.sql, U<version>__name.sql,
  // in the directory or in down/) by canonical version, whether or not a
  // migration of that version exists.
  std::map<std::string, MigrationFile, VersionLess> down_files;
  // goose's migrations in Go (NNN_name.go, not *_test.go), in version order:
  // pgapply cannot run them, but they hold versions of the sequence. Not
  // among `migrations` (nothing here is loaded or linted): the plan has them
  // as entries, up refuses one that is pending, and the ledger records one
  // as goose applied it (baseline --from goose, repair --mark-applied).
  std::vector<MigrationFile> code_migrations;
  // .sql files that are none of the above, with the reason: reported, never applied.
  std::vector<std::pair<std::string, std::string>> ignored;
  // How many .sql files the directory holds.
  std::size_t sql_files = 0;

  // The migration of `version` (as written in migrations), or nullptr.
  const MigrationFile* find(std::string_view version) const;
};

// `version`'s goose migration in Go, or nullptr.
const MigrationFile* find_code_migration(const Discovery& discovery, std::string_view version);

// Sorts out the names of the files of a migrations directory ("down/<name>"
// for those of its down/ sub-directory, where only rollback files count: any
// other is ignored, with the reason). Two migrations
// with one version (004_a.sql and 4_b.sql; across formats too: 1_a.up.sql
// and V1__b.sql), two rollback files with one version, or two repeatables
// with one description are an Error(input) naming both.
Discovery discover(const std::vector<std::string>& file_names);

// Whether a migration's content must be read for sections: a NNN_name.sql
// file may be a dbmate or goose file (the other formats' files are run
// whole, as their own tools run them).
bool may_have_sections(const MigrationFile& migration);

// Records what parse_sections found in the file of the migration `version`:
// a dbmate or goose file takes that format, and its down section (if it has
// one) becomes its rollback. A down section and a rollback file for the same
// migration are an Error(input) naming both.
void set_sections(Discovery& discovery, std::string_view version, const FileSections& sections);

// Error(input) when the directory holds no migration: no .sql file at all,
// or .sql files none of which is a migration (a wrong --dir, or files named
// for no tool pgapply knows): never "up to date". `directory` is how the
// message names it; `elsewhere`, when not empty, ends it (the caller's
// "Did you mean --dir m? ...": this layer does not look at other directories).
void require_migrations(const Discovery& discovery, std::string_view directory, std::string_view elsewhere = {});

// Flyway's description of a migration: its name with '_' read as ' '.
std::string flyway_description(std::string_view name);

// A migration's key in the ledger and the plan: its version, or for a
// repeatable migration (which has none) repeatable_key of its description.
std::string ledger_key(const MigrationFile& file);

}  // namespace pgapply::migrate
