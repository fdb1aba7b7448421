#pragma once

// The row another migration tool keeps for a migration file, as that tool
// reads the file's name: what `--ledger-format supabase|dbmate|golang-migrate`
// writes beside pgapply's own ledger row so that the tool agrees with pgapply
// about what is applied. Pure (the Supabase CLI's statements, read from the
// file, are the engine's to fill in: migrate/supabase_history.hpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/discovery.hpp"
#include "migrate/foreign_ledger.hpp"

namespace pgapply::migrate {

struct CompanionRow {
  // As the tool writes it: the Supabase CLI and dbmate the digits as the file
  // name writes them ("20240101120000", "004"), golang-migrate the number ("4").
  std::string version;
  std::string name;                     // the Supabase CLI: the rest of the file name; else ""
  std::vector<std::string> statements;  // the Supabase CLI: as it splits the file; else none
};

// The row `tool` keeps for `file`, or why the tool would keep none (a file it
// does not read, or reads otherwise than pgapply: the message names the file
// as `shown`).
struct CompanionFile {
  std::optional<CompanionRow> row;
  std::string refusal;  // when there is no row
};
CompanionFile companion_file(ForeignTool tool, const MigrationFile& file, const std::string& shown);

// The version `tool` would read the rollback file named `rollback_file`
// (NNN_name.down.sql) as, taking it for a migration of its own: dbmate and
// the Supabase CLI read every <digits>_<name>.sql of the directory and know
// no rollback files, so `supabase db push` would run 004_t.down.sql as a
// second migration of version 004. nullopt when the tool would not read it
// so (golang-migrate reads N_name.down.sql as the rollback it is; no tool
// reads down/).
std::optional<std::string> rollback_read_as_migration(ForeignTool tool, std::string_view rollback_file);

// Whether `tool` reads every <digits>_<name>.sql of the directory, a
// NNN_name.down.sql too, as a migration (dbmate and the Supabase CLI): the
// rollback files of such a project go in down/ (discovery.hpp).
bool reads_rollback_files_as_migrations(ForeignTool tool);

// Error text for a rollback file of the directory (`shown`) that no
// migration there has, when `tool` would read it as a migration; "" when it
// would not. (A migration's own rollback file is companion_file's refusal.)
std::string orphan_rollback_refusal(ForeignTool tool, std::string_view rollback_file, const std::string& shown);

// Error text when the Supabase CLI and pgapply would not run the same files
// of `discovery` (a directory shown as `dir`): a file the CLI applies that
// pgapply does not read as a migration (20240101000000_.sql, of an empty
// name), or a first migration the CLI skips (<timestamp>_init.sql before
// 20211209000000, which its early versions made and later ones pass by);
// "" when they agree.
std::string supabase_reading_refusal(const Discovery& discovery, const std::string& dir);
// The same for dbmate, which reads every file named ^(\d+).*\.sql$ as a
// migration (20240101000000-b.sql, 20240101000000.sql), "" when they agree.
std::string dbmate_reading_refusal(const Discovery& discovery, const std::string& dir);

// The version `tool` keeps for the migration file named `file_name` (for a
// ledger row, whose file may be gone); nullopt for a name it does not read.
std::optional<std::string> companion_version(ForeignTool tool, std::string_view file_name);

// The tool as messages name it: "the Supabase CLI", "dbmate", "golang-migrate".
std::string companion_tool_name(ForeignTool tool);

}  // namespace pgapply::migrate
