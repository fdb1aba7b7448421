#pragma once

// Another migration tool's ledger, as `pgapply baseline --from TOOL` adopts
// it: which tools, where each keeps its ledger, and how its rows match the
// files of the migrations directory. Pure: the engine reads the rows
// (engine/foreign_ledger_reader.hpp) and the files.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/flyway_checksum.hpp"

namespace pgapply::migrate {

enum class ForeignTool { flyway, dbmate, golang_migrate, goose, supabase, sqitch };

// "flyway", "dbmate", "golang-migrate", "goose", "supabase", "sqitch".
std::string_view to_string(ForeignTool tool);
std::optional<ForeignTool> parse_foreign_tool(std::string_view name);
const std::vector<ForeignTool>& foreign_tools();
// The tool's table when it is not told otherwise, as [schema.]table (no
// schema: the first of search_path that has it, as the tool finds it).
std::string_view default_foreign_table(ForeignTool tool);

// One row of a foreign ledger, as the reader normalised it.
struct ForeignRow {
  // The version as the tool stored it ("20240101120000", "1.1", "3"); sqitch:
  // the change's name; a Flyway repeatable migration: "" (see description).
  std::string version;
  std::string description;  // Flyway: description (a repeatable's key); sqitch: the change; Supabase: name
  std::string kind;         // Flyway's type (SQL, BASELINE, SCHEMA, DELETE, UNDO_SQL...); else ""
  bool applied = true;      // goose's is_applied
  bool failed = false;      // Flyway success = false; golang-migrate dirty = true
  std::optional<std::int64_t> checksum;  // Flyway's CRC32
  std::string applied_at;   // ISO 8601 UTC, "" where the tool does not record it
  std::string applied_by;   // "" where the tool does not record it
  std::string script;       // Flyway's script: the file the tool ran
  std::int64_t position = 0;  // Flyway installed_rank, goose id, sqitch commit order
  // The Supabase CLI's statements: what it ran, as it split the file (none
  // where it stored NULL, as CLIs before the column did).
  std::optional<std::vector<std::string>> statements;
  // sqitch's script_hash: the SHA-1 of the deploy script it ran (none where
  // it stored NULL).
  std::optional<std::string> script_hash;
  // sqitch's project: one registry may hold several projects' changes.
  std::string project;
};

// A row the tool keeps for itself, not a migration: Flyway's SCHEMA and
// TABLE rows (the schema and history table it created), goose's version 0.
bool is_bookkeeping_row(ForeignTool tool, const ForeignRow& row);

// A migration file of the directory, as adoption sees it.
struct AdoptionFile {
  std::string version;    // pgapply's ledger key: canonical version, or "r:description"
  std::string file_name;
  std::string name;       // as in the file name (sqitch matches its change names to this)
  bool repeatable = false;
  // When adopting from Flyway: its checksums under the encodings Flyway may
  // have read it in (flyway_checksums); one of them agreeing is a match.
  std::optional<std::vector<FlywayChecksum>> flyway_checksums;
  // When adopting from the Supabase CLI: the file's statements as the CLI
  // splits it (supabase_history.hpp), compared with those it stored.
  std::optional<std::vector<std::string>> supabase_statements;
  std::optional<std::string> sqitch_hash;  // when adopting from sqitch: the file's SHA-1 (sha1_hex)
};

enum class AdoptionState {
  matched,           // the tool applied it and the file is here: recorded as baseline
  already_recorded,  // pgapply's ledger has it already: nothing to do
  pending,           // a file the tool never applied, above what it applied: up runs it
  changed,           // a repeatable migration changed since the tool ran it: up runs it again
  rolled_back,       // the tool applied it, then took it back (goose is_applied = false, a Flyway undo): up runs it
  no_row,            // a file the tool never applied, below what it applied
  no_file,           // the tool applied something no file here is
  failed,            // the tool's run of it failed, or left it dirty: refused until repaired
  checksum_differs,  // the file is not what the tool applied (Flyway's checksum, the Supabase CLI's statements)
};

std::string_view to_string(AdoptionState state);
// Whether a state stops the baseline (unless forced; `failed` always does).
bool is_inconsistent(AdoptionState state);

struct AdoptionEntry {
  AdoptionState state = AdoptionState::matched;
  std::string version;     // pgapply's key (canonical), or the row's version where no file has it
  std::string file_name;   // "" without a file
  std::string row;         // the foreign row, as the tool would name it; "" without a row
  std::string applied_at;  // from the row, where the tool records it
  std::string applied_by;
  std::string detail;      // why, for the report
};

struct Adoption {
  ForeignTool tool = ForeignTool::flyway;
  std::string table;  // as found: schema.table
  std::vector<AdoptionEntry> entries;  // in version order (repeatables last)

  std::size_t count(AdoptionState state) const;
  // The migrations the tool records as applied (for the notice of up and
  // status): matched, already recorded, changed, checksum_differs and no_file
  // entries; so golang-migrate's one row counts every file up to its version,
  // and a version goose rolled back or a failed run does not count.
  std::size_t applied_by_tool() const;
  bool consistent() const;  // no entry is_inconsistent
  bool refused() const;     // a failed or dirty row: never recorded, even forced
};

// Matches a tool's rows to the files. Flyway and goose by version (the last
// row of a version decides: undone, deleted or not applied rows do not
// count, and an undone or not applied one makes its file rolled_back;
// everything up to a Flyway BASELINE row counts as applied), dbmate
// and the Supabase CLI by version, golang-migrate by its one row (every file
// up to its version is applied), sqitch by change name (of the one project
// whose changes the files are: a registry holding several projects' changes
// counts only that project's; when the files name changes of several, which
// project the directory holds is not known, and each row is no_file).
// `recorded`: the versions pgapply's ledger has already. `taken_back`: the
// versions pgapply recorded once and took back out of its ledger since
// (down), each with a line saying when: rolled_back, not applied again by
// baseline whatever the tool's ledger still says.
Adoption match_foreign_ledger(ForeignTool tool, const std::vector<ForeignRow>& rows,
                              const std::vector<AdoptionFile>& files, const std::set<std::string>& recorded,
                              const std::map<std::string, std::string>& taken_back = {});

}  // namespace pgapply::migrate
