#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/context.hpp"
#include "engine/loaded_script.hpp"
#include "migrate/discovery.hpp"
#include "migrate/plan.hpp"
#include "psql/interpreter.hpp"

namespace pgapply::engine {

// How much of each migration load_project reads.
enum class ProjectLoad {
  full,  // every file loaded (LoadedScript): what runs, its analysis, its checksum
  // Only what `status` needs: names, versions, sections and checksums. Each
  // file is read once; one in which psql would find nothing to interpret (no
  // backslash, no ':' that could start an interpolation: psql/plain_text.hpp)
  // and that is valid UTF-8 and at most 1 MiB is checksummed as it is (its
  // migration checksum is then its file checksum, migrate/checksum.hpp) and
  // not loaded: it has no MigrationScript (`scripts` holds the files loaded,
  // `discovery` and `checksums` all of them; for 10,000 files the scripts
  // were a tenth of the time). Any other file (and every Flyway file) is
  // loaded in full. Such a project is for reading, never for running.
  // What is not found for a file taken as it is: the errors only a full load
  // finds (unsplittable text, transactions pgapply cannot record, malformed
  // `-- pgapply:` directives); `up`, `check` and `lint` report them.
  checksums_only,
};

// A migration file, loaded: read, split and analysed once (LoadedScript).
struct MigrationScript {
  migrate::MigrationFile file;
  std::filesystem::path path;
  std::string shown;  // the path as messages show it: DIR/NNN_name.sql
  LoadedScript loaded;
  // --ledger-format supabase, dbmate, golang-migrate: the row that tool would write for it.
  std::optional<migrate::CompanionRow> companion;

  const ScriptAnalysis& analysis() const { return loaded.analysis(); }
};

// The migrations directory, read and checked as a whole before anything runs.
struct Project {
  migrate::Discovery discovery;
  // In version order, then the repeatable ones (ProjectLoad::checksums_only: only the files it loaded).
  std::vector<MigrationScript> scripts;
  migrate::Checksums checksums;  // by version (repeatables: by key), for planning
  migrate::ChecksumInputs checksum_inputs;  // of the loaded files whose checksum covers more than their text
  psql::InterpreterSettings settings;            // includes stay in the directory
  psql::Variables variables;
  std::filesystem::path dir;
  ProjectLoad load = ProjectLoad::full;
  LedgerFormat ledger_format = LedgerFormat::pgapply;  // whose row `companion` is

  const MigrationScript* find(const std::string& version) const;
  // The file of `version`: its script's, or a goose migration in Go
  // (migrate::FileFormat::goose_go), which has none; nullptr when neither.
  const migrate::MigrationFile* find_file(const std::string& version) const;
  // Once the migration lock is held: every file (and include) is read again
  // and checksummed; one that changed since it was loaded (while the run
  // waited for the lock, say) is read once more and loaded again (its
  // sections, its script, the companion ledger's row), so that what runs and
  // what the ledgers record are the file as it is now. Returns the changed files.
  std::vector<std::string> reload_changed();
  // Whether a version has a rollback: a file of its own (NNN_name.down.sql,
  // N_name.down.sql, U<version>__name.sql) or the down section of its file.
  bool has_rollback(const std::string& version) const;
  // That rollback, loaded; Error(input) when there is none.
  LoadedScript load_down(const std::string& version) const;
  // The name of the file that rollback is in: its own (124_events.down.sql),
  // or the migration's for a down section; "" when there is none.
  std::string rollback_file(const std::string& version) const;
  // How a file of the directory is read: `settings`, plus Flyway's
  // placeholders for a Flyway file (V, U, R).
  psql::InterpreterSettings settings_for(const migrate::MigrationFile& file) const;
  // A migration's file loaded as `up` runs it (the up section of a dbmate or
  // goose file); from `contents` when the caller has already read the file.
  LoadedScript load_up(const migrate::MigrationFile& file,
                       std::optional<std::string_view> contents = std::nullopt) const;
};

// Lists, names and loads every migration, in version order, each file read
// from disk once (its sections and its script from the same bytes; a file
// over 1 MiB that may be a dbmate or goose file is looked through for
// markers first, a piece at a time, then streamed): throws Error(input) naming
// file:line for the first file that cannot run (nothing has touched the
// database yet). `warn` hears of .sql files that are not migrations. With
// --ledger-format supabase, dbmate or golang-migrate, each migration's row in
// that tool's ledger is made (migrate::companion_file); a file the tool would
// not read as pgapply does (a Flyway file for any of them, a plain file for
// golang-migrate...), a repeatable migration, or two files of one version in
// the tool's eyes are an Error(usage) naming them.
// `load` says how much of each file is read (ProjectLoad).
Project load_project(const ProjectOptions& options, const std::function<void(const std::string&)>& warn,
                     ProjectLoad load = ProjectLoad::full);

// A .sql file of a migrations directory that is no migration, and why
// (migrate::Discovery::ignored, with its directory).
struct NotMigration {
  std::filesystem::path path;
  std::string reason;
};
std::vector<NotMigration> not_migrations(const migrate::Discovery& discovery, const std::filesystem::path& dir);
// Warns about each, but for those a migration reads (\i, \ir): then it is
// that migration's part. `included`: io::comparable_path of every file read.
void warn_not_migrations(const std::vector<NotMigration>& files, const std::set<std::filesystem::path>& included,
                         const std::function<void(const std::string&)>& warn);

// What of a migration's file runs: the up section of a dbmate or goose file,
// else the whole file.
ScriptPart up_part(const migrate::MigrationFile& file);
// Its down section's, when it has one.
std::optional<ScriptPart> down_part(const migrate::MigrationFile& file);

// Whether a file is read with Flyway's ${name} placeholders: a Flyway file (V, U, R).
bool uses_flyway_placeholders(const migrate::MigrationFile& file);
// `settings` as a file of `format` is read, as its tool means it: a Flyway
// file with its ${name} placeholders (psql's :name is text there); a
// golang-migrate, dbmate or goose file with a :name no variable defines as
// text (those tools send the file as written).
psql::InterpreterSettings settings_for_format(psql::InterpreterSettings settings, migrate::FileFormat format);

// The variables given on the command line (-v NAME=VALUE).
psql::Variables make_variables(const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace pgapply::engine
