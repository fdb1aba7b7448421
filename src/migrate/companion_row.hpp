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

// The version `tool` keeps for the migration file named `file_name` (for a
// ledger row, whose file may be gone); nullopt for a name it does not read.
std::optional<std::string> companion_version(ForeignTool tool, std::string_view file_name);

// The tool as messages name it: "the Supabase CLI", "dbmate", "golang-migrate".
std::string companion_tool_name(ForeignTool tool);

}  // namespace pgapply::migrate
