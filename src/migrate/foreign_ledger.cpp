#include "migrate/foreign_ledger.hpp"

#include <algorithm>
#include <map>

#include "core/plural.hpp"
#include "migrate/supabase_history.hpp"
#include "migrate/version.hpp"

namespace pgapply::migrate {

namespace {

// The file's Flyway checksum (under one of the encodings Flyway may have read
// it in) equal to `recorded`; null when none is.
const FlywayChecksum* agreeing(std::int32_t recorded, const AdoptionFile& file) {
  if (!file.flyway_checksums) return nullptr;
  for (const FlywayChecksum& checksum : *file.flyway_checksums) {
    if (checksum.value == recorded) return &checksum;
  }
  return nullptr;
}

// A file's Flyway checksums, said: "123" for a UTF-8 file; for one that is
// not (Flyway stops on it unless flyway.encoding names another encoding),
// each reading's.
std::string files_checksums(const std::vector<FlywayChecksum>& checksums) {
  if (!checksums.empty() && checksums.front().encoding == "UTF-8") return std::to_string(checksums.front().value);
  std::string said;
  for (const FlywayChecksum& checksum : checksums) {
    said += (said.empty() ? "" : ", ") + std::to_string(checksum.value) + " read as " + std::string(checksum.encoding);
  }
  return said + " (it is not UTF-8: Flyway read it as flyway.encoding said)";
}

// The row that decides a version: the tool's last word on it.
struct AppliedRow {
  const ForeignRow* row = nullptr;
  bool baseline_marker = false;  // a Flyway BASELINE row (its version needs no file)
};

std::string row_name(ForeignTool tool, const ForeignRow& row) {
  switch (tool) {
    case ForeignTool::flyway:
      return "installed_rank " + std::to_string(row.position) + " (" +
             (row.version.empty() ? "repeatable" : "version " + row.version) + ", " + row.kind + ", " + row.script +
             ")";
    case ForeignTool::goose:
      return "version_id " + row.version + " (id " + std::to_string(row.position) + ")";
    case ForeignTool::sqitch: return "change " + row.description;
    case ForeignTool::supabase:
      return "version " + row.version + (row.description.empty() ? "" : " (" + row.description + ")");
    case ForeignTool::golang_migrate: return "version " + row.version + (row.failed ? ", dirty" : "");
    case ForeignTool::dbmate: return "version " + row.version;
  }
  return row.version;
}

std::string why_failed(ForeignTool tool) {
  switch (tool) {
    case ForeignTool::flyway:
      return "Flyway recorded it as failed (success = false): repair it first (flyway repair removes the "
             "failed row once the database is fixed)";
    case ForeignTool::golang_migrate:
      return "golang-migrate left it dirty (a run failed part way): fix the database, then run migrate force "
             "with the version that is really applied";
    case ForeignTool::dbmate:
    case ForeignTool::goose:
    case ForeignTool::supabase:
    case ForeignTool::sqitch: break;
  }
  return "the tool recorded it as failed";
}

// A Flyway row that takes its version back: an undo (UNDO_SQL...) or a DELETE.
bool flyway_takes_back(const ForeignRow& row) {
  return std::string_view(row.kind).starts_with("UNDO") || row.kind == "DELETE";
}

// A row that says the tool ran the migration's down: goose's is_applied =
// false (goose's newest row of a version decides), a Flyway undo. (Flyway's
// DELETE only forgets a row: the version is then as if never applied.)
bool rolls_back(ForeignTool tool, const ForeignRow& row) {
  switch (tool) {
    case ForeignTool::goose: return !row.applied;
    case ForeignTool::flyway: return std::string_view(row.kind).starts_with("UNDO");
    case ForeignTool::dbmate:
    case ForeignTool::golang_migrate:
    case ForeignTool::supabase:
    case ForeignTool::sqitch: break;
  }
  return false;
}

std::string how_rolled_back(ForeignTool tool) {
  switch (tool) {
    case ForeignTool::goose: return "goose rolled it back (its newest row has is_applied = false)";
    case ForeignTool::flyway: return "Flyway undid it (its newest row is an undo)";
    case ForeignTool::dbmate:
    case ForeignTool::golang_migrate:
    case ForeignTool::supabase:
    case ForeignTool::sqitch: break;
  }
  return "the tool rolled it back";
}

}  // namespace

std::string_view to_string(ForeignTool tool) {
  switch (tool) {
    case ForeignTool::flyway: return "flyway";
    case ForeignTool::dbmate: return "dbmate";
    case ForeignTool::golang_migrate: return "golang-migrate";
    case ForeignTool::goose: return "goose";
    case ForeignTool::supabase: return "supabase";
    case ForeignTool::sqitch: return "sqitch";
  }
  return "?";
}

const std::vector<ForeignTool>& foreign_tools() {
  static const std::vector<ForeignTool> tools = {ForeignTool::flyway, ForeignTool::dbmate, ForeignTool::golang_migrate,
                                                 ForeignTool::goose,  ForeignTool::supabase, ForeignTool::sqitch};
  return tools;
}

std::optional<ForeignTool> parse_foreign_tool(std::string_view name) {
  for (const ForeignTool tool : foreign_tools()) {
    if (to_string(tool) == name) return tool;
  }
  return std::nullopt;
}

std::string_view default_foreign_table(ForeignTool tool) {
  switch (tool) {
    case ForeignTool::flyway: return "flyway_schema_history";
    case ForeignTool::dbmate: return "schema_migrations";
    case ForeignTool::golang_migrate: return "schema_migrations";
    case ForeignTool::goose: return "goose_db_version";
    case ForeignTool::supabase: return "supabase_migrations.schema_migrations";
    case ForeignTool::sqitch: return "sqitch.changes";
  }
  return "";
}

bool is_bookkeeping_row(ForeignTool tool, const ForeignRow& row) {
  switch (tool) {
    case ForeignTool::flyway: return row.kind == "SCHEMA" || row.kind == "TABLE";
    case ForeignTool::goose: return row.version == "0";
    case ForeignTool::dbmate:
    case ForeignTool::golang_migrate:
    case ForeignTool::supabase:
    case ForeignTool::sqitch: return false;
  }
  return false;
}

std::string_view to_string(AdoptionState state) {
  switch (state) {
    case AdoptionState::matched: return "matched";
    case AdoptionState::already_recorded: return "already_recorded";
    case AdoptionState::pending: return "pending";
    case AdoptionState::changed: return "changed";
    case AdoptionState::rolled_back: return "rolled_back";
    case AdoptionState::no_row: return "no_row";
    case AdoptionState::no_file: return "no_file";
    case AdoptionState::failed: return "failed";
    case AdoptionState::checksum_differs: return "checksum_differs";
  }
  return "?";
}

bool is_inconsistent(AdoptionState state) {
  switch (state) {
    case AdoptionState::matched:
    case AdoptionState::already_recorded:
    case AdoptionState::pending:
    case AdoptionState::changed:
    case AdoptionState::rolled_back: return false;  // the tool says it is not applied: up runs it
    case AdoptionState::no_row:
    case AdoptionState::no_file:
    case AdoptionState::failed:
    case AdoptionState::checksum_differs: return true;
  }
  return true;
}

std::size_t Adoption::count(AdoptionState state) const {
  return static_cast<std::size_t>(
      std::count_if(entries.begin(), entries.end(), [state](const AdoptionEntry& entry) { return entry.state == state; }));
}

std::size_t Adoption::applied_by_tool() const {
  return static_cast<std::size_t>(std::count_if(entries.begin(), entries.end(), [](const AdoptionEntry& entry) {
    switch (entry.state) {
      case AdoptionState::matched:
      case AdoptionState::already_recorded:
      case AdoptionState::changed:
      case AdoptionState::checksum_differs:
      case AdoptionState::no_file: return true;
      case AdoptionState::pending:
      case AdoptionState::rolled_back:
      case AdoptionState::no_row:
      case AdoptionState::failed: return false;
    }
    return false;
  }));
}

bool Adoption::consistent() const {
  return std::none_of(entries.begin(), entries.end(), [](const AdoptionEntry& entry) { return is_inconsistent(entry.state); });
}

bool Adoption::refused() const { return count(AdoptionState::failed) > 0; }

Adoption match_foreign_ledger(ForeignTool tool, const std::vector<ForeignRow>& rows,
                              const std::vector<AdoptionFile>& files, const std::set<std::string>& recorded,
                              const std::map<std::string, std::string>& taken_back) {
  Adoption adoption;
  adoption.tool = tool;
  std::vector<const ForeignRow*> ordered;
  for (const auto& row : rows) ordered.push_back(&row);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const ForeignRow* a, const ForeignRow* b) { return a->position < b->position; });
  // sqitch: the files named as the row's change, and the projects whose
  // changes the files name (see the header).
  const auto files_named = [&files](const ForeignRow& row) {
    std::vector<const AdoptionFile*> named;
    for (const auto& file : files) {
      if (file.repeatable) continue;
      // sqitch's rework keeps the earlier script as NAME@TAG
      if (file.name == row.description || file.name.rfind(row.description + "@", 0) == 0) named.push_back(&file);
    }
    // Several (a reworked change): the one whose SHA-1 is the script sqitch ran.
    if (named.size() > 1 && row.script_hash) {
      std::vector<const AdoptionFile*> same;
      for (const AdoptionFile* file : named) {
        if (file->sqitch_hash && *file->sqitch_hash == *row.script_hash) same.push_back(file);
      }
      if (same.size() == 1) return same;
    }
    return named;
  };
  std::set<std::string> projects_named;
  std::set<std::string> projects;
  if (tool == ForeignTool::sqitch) {
    for (const ForeignRow* row : ordered) {
      projects.insert(row->project);
      if (!files_named(*row).empty()) projects_named.insert(row->project);
    }
  }
  const bool one_project_of_several = projects.size() > 1 && projects_named.size() == 1;
  // "a and b": projects whose changes the files both name
  const std::string several_named =
      projects_named.size() > 1 ? listed({projects_named.begin(), projects_named.end()}) : std::string();

  std::map<std::string, AppliedRow, VersionLess> applied;  // by pgapply's key
  std::map<std::string, const ForeignRow*, VersionLess> rolled_back;  // by key: the row that took it back
  std::vector<AdoptionEntry> unmatched;                    // rows that name no version pgapply can key
  std::optional<std::string> baseline;                     // Flyway: everything up to it counts as applied
  std::optional<std::string> up_to;                        // golang-migrate: everything up to it is applied

  const auto unmatched_row = [&](const ForeignRow& row, AdoptionState state, std::string detail) {
    AdoptionEntry entry;
    entry.state = state;
    entry.version = row.version.empty() ? row.description : row.version;
    entry.row = row_name(tool, row);
    entry.applied_at = row.applied_at;
    entry.applied_by = row.applied_by;
    entry.detail = std::move(detail);
    unmatched.push_back(std::move(entry));
  };

  for (const ForeignRow* row : ordered) {
    if (is_bookkeeping_row(tool, *row)) continue;
    if (tool == ForeignTool::sqitch) {
      // Another project's change, in a registry shared by several: not this directory's.
      if (one_project_of_several && row->project != *projects_named.begin()) continue;
      if (!several_named.empty()) {
        unmatched_row(*row, AdoptionState::no_file,
                      "the files here name changes of the sqitch projects " + several_named +
                          ", which share the registry: which project this directory holds is not known (baseline "
                          "each project's files from a directory of their own)");
        continue;
      }
      const std::vector<const AdoptionFile*> named = files_named(*row);
      if (named.size() == 1) {
        const AdoptionFile& file = *named.front();
        const auto earlier = applied.find(file.version);
        if (earlier != applied.end() && earlier->second.row != row) {
          // Two deploys of one change (reworked) for one file: the file is
          // the one whose script it is (the later when neither says); the
          // other deploy is reported, never dropped.
          const bool earlier_is_file = earlier->second.row->script_hash && file.sqitch_hash &&
                                       *earlier->second.row->script_hash == *file.sqitch_hash;
          const ForeignRow* other = earlier_is_file ? row : earlier->second.row;
          if (!earlier_is_file) earlier->second = {row, false};
          unmatched_row(*other, AdoptionState::no_file,
                        "another deploy of change " + row->description + " (reworked: sqitch ran script_hash " +
                            other->script_hash.value_or("?") + ", which " + file.file_name +
                            " is not): no file here is that script");
        } else {
          applied[file.version] = {row, false};
        }
      } else if (named.empty()) {
        unmatched_row(*row, AdoptionState::no_file,
                      "no migration file is named " + row->description + " (NNN_" + row->description + ".sql)");
      } else {
        std::string names;
        for (const AdoptionFile* file : named) names += (names.empty() ? "" : ", ") + file->file_name;
        unmatched_row(*row, AdoptionState::no_file, "several files are named " + row->description + ": " + names);
      }
      continue;
    }
    if (tool == ForeignTool::flyway && row->version.empty()) {
      const std::string key = repeatable_key(row->description);
      if (flyway_takes_back(*row)) {
        applied.erase(key);
      } else {
        applied[key] = {row, false};
      }
      continue;
    }
    if (tool == ForeignTool::golang_migrate && row->version.rfind('-', 0) == 0) {
      // Its NilVersion (-1): nothing applied; kept as a row only when dirty
      // (the first migration's down failed part way).
      if (row->failed) {
        unmatched_row(*row, AdoptionState::failed,
                      "golang-migrate left the database dirty below its first version (version " + row->version +
                          ": a run of the first migration failed part way): fix the database, then run migrate "
                          "force with the version that is really applied");
      }
      continue;
    }
    if (!is_version_text(row->version)) {
      unmatched_row(*row, AdoptionState::no_file, "'" + row->version + "' is not a version pgapply reads");
      continue;
    }
    const std::string key = canonical_version(row->version);
    rolled_back.erase(key);  // this row is the newest word on it so far
    if (rolls_back(tool, *row)) rolled_back[key] = row;
    switch (tool) {
      case ForeignTool::flyway:
        if (row->kind == "BASELINE") {
          if (!baseline || compare_versions(key, *baseline) > 0) baseline = key;
          applied[key] = {row, true};
        } else if (flyway_takes_back(*row)) {
          applied.erase(key);
        } else {
          applied[key] = {row, false};
        }
        break;
      case ForeignTool::goose:
        if (row->applied) {
          applied[key] = {row, false};
        } else {
          applied.erase(key);
        }
        break;
      case ForeignTool::golang_migrate:
        if (!up_to || compare_versions(key, *up_to) > 0) up_to = key;
        applied[key] = {row, false};
        break;
      case ForeignTool::dbmate:
      case ForeignTool::supabase:
      case ForeignTool::sqitch: applied[key] = {row, false}; break;
    }
  }

  // The highest version the tool applied: a file without a row below it is a gap.
  std::string highest;
  for (const auto& [key, found] : applied) {
    if (!is_repeatable_key(key)) highest = key;
  }

  std::set<std::string> with_file;
  for (const auto& file : files) {
    AdoptionEntry entry;
    entry.version = file.version;
    entry.file_name = file.file_name;
    with_file.insert(file.version);
    const auto found = applied.find(file.version);
    const ForeignRow* row = found != applied.end() ? found->second.row : nullptr;
    if (row != nullptr) {
      entry.row = row_name(tool, *row);
      entry.applied_at = row->applied_at;
      entry.applied_by = row->applied_by;
    }
    const bool below_baseline = baseline && !file.repeatable && compare_versions(file.version, *baseline) <= 0;
    const bool below_up_to = up_to && !file.repeatable && compare_versions(file.version, *up_to) <= 0;
    const auto by_pgapply = row != nullptr ? taken_back.find(file.version) : taken_back.end();
    if (recorded.count(file.version) != 0) {
      entry.state = AdoptionState::already_recorded;
      entry.detail = "pgapply's ledger has it already";
    } else if (by_pgapply != taken_back.end()) {
      entry.state = AdoptionState::rolled_back;
      entry.detail = by_pgapply->second + ", after " + std::string(to_string(tool)) + " applied it: up runs it";
    } else if (row != nullptr && row->failed) {  // Flyway's success = false, golang-migrate's dirty
      entry.state = AdoptionState::failed;
      entry.detail = why_failed(tool);
    } else if (row != nullptr && row->checksum && file.flyway_checksums && !agreeing(*row->checksum, file)) {
      entry.state = file.repeatable ? AdoptionState::changed : AdoptionState::checksum_differs;
      entry.detail = "Flyway's checksum " + std::to_string(*row->checksum) + ", the file's " +
                     files_checksums(*file.flyway_checksums) +
                     (file.repeatable ? ": the file changed since Flyway ran it; up runs it again"
                                      : ": the file is not what Flyway applied");
    } else if (row != nullptr && row->script_hash && file.sqitch_hash && *row->script_hash != *file.sqitch_hash) {
      entry.state = AdoptionState::checksum_differs;
      entry.detail = "sqitch's script_hash " + *row->script_hash + ", the file's SHA-1 " + *file.sqitch_hash +
                     ": the file is not the deploy script sqitch ran";
    } else if (const std::string differs =
                   row != nullptr && row->statements && file.supabase_statements
                       ? statements_difference(*row->statements, *file.supabase_statements)
                       : std::string();
               !differs.empty()) {
      entry.state = AdoptionState::checksum_differs;
      entry.detail = differs + ": the file is not what the Supabase CLI applied";
    } else if (row != nullptr) {
      entry.state = AdoptionState::matched;
      entry.detail = found->second.baseline_marker ? "Flyway's baseline version" : "applied by " + std::string(to_string(tool));
      if (const FlywayChecksum* agrees = row->checksum ? agreeing(*row->checksum, file) : nullptr) {
        entry.detail += "; checksum " + std::to_string(*row->checksum) + " agrees";
        if (agrees->encoding != "UTF-8") entry.detail += " (the file read as " + std::string(agrees->encoding) + ")";
      }
      if (row->script_hash && file.sqitch_hash) entry.detail += "; script_hash agrees";
      if (tool == ForeignTool::flyway && !row->checksum && !found->second.baseline_marker) {
        entry.detail += "; Flyway stored no checksum to compare";
      }
      if (row->statements && file.supabase_statements) {
        const std::size_t count = row->statements->size();
        entry.detail += "; its " + std::to_string(count) + (count == 1 ? " statement agrees" : " statements agree") +
                        " with the file's";
      } else if (tool == ForeignTool::supabase && !row->statements && file.supabase_statements) {
        entry.detail += "; the Supabase CLI stored no statements to compare";
      }
    } else if (const auto back = rolled_back.find(file.version); back != rolled_back.end()) {
      entry.state = AdoptionState::rolled_back;
      entry.row = row_name(tool, *back->second);
      entry.detail = how_rolled_back(tool) + ": up runs it";
      if (!highest.empty() && compare_versions(file.version, highest) < 0) {
        entry.detail += " with --allow-out-of-order (it is below version " + highest + ", which " +
                        std::string(to_string(tool)) + " applied)";
      }
    } else if (below_baseline) {
      entry.state = AdoptionState::matched;
      entry.detail = "at or below Flyway's baseline version " + *baseline;
    } else if (below_up_to) {
      entry.state = AdoptionState::matched;
      entry.detail = "at or below golang-migrate's version " + *up_to;
    } else if (file.repeatable) {
      entry.state = AdoptionState::pending;
      entry.detail = std::string(to_string(tool)) + " never ran it: up runs it";
    } else if (!highest.empty() && compare_versions(file.version, highest) < 0) {
      entry.state = AdoptionState::no_row;
      entry.detail = std::string(to_string(tool)) + " has no row for it, but applied version " + highest +
                     ": was it skipped, or applied by hand?";
    } else {
      entry.state = AdoptionState::pending;
      entry.detail = std::string(to_string(tool)) + " never applied it: up runs it";
    }
    adoption.entries.push_back(std::move(entry));
  }

  for (const auto& [key, found] : applied) {
    if (with_file.count(key) != 0 || found.baseline_marker) continue;
    AdoptionEntry entry;
    entry.version = key;
    entry.row = row_name(tool, *found.row);
    entry.applied_at = found.row->applied_at;
    entry.applied_by = found.row->applied_by;
    if (found.row->failed) {
      entry.state = AdoptionState::failed;
      entry.detail = why_failed(tool) + "; and no file here has this version";
    } else {
      entry.state = AdoptionState::no_file;
      entry.detail = "no migration file here has this version";
      // Flyway's Java migrations (type JDBC, SPRING_JDBC): pgapply runs SQL files only
      if (tool == ForeignTool::flyway && found.row->kind.find("JDBC") != std::string::npos) {
        entry.detail += ": it is a Java migration (" + found.row->kind + ", " + found.row->script +
                        "), which pgapply cannot run or record; record the others with --force and a reason";
      }
    }
    adoption.entries.push_back(std::move(entry));
  }
  for (auto& entry : unmatched) adoption.entries.push_back(std::move(entry));
  std::stable_sort(adoption.entries.begin(), adoption.entries.end(), [](const AdoptionEntry& a, const AdoptionEntry& b) {
    const bool a_key = is_version_text(a.version) || is_repeatable_key(a.version);
    const bool b_key = is_version_text(b.version) || is_repeatable_key(b.version);
    if (a_key != b_key) return a_key;
    return a_key && compare_versions(a.version, b.version) < 0;
  });
  return adoption;
}

}  // namespace pgapply::migrate
