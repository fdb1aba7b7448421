#include "migrate/companion_row.hpp"

#include <algorithm>

#include "migrate/supabase_history.hpp"
#include "migrate/version.hpp"

namespace pgapply::migrate {

namespace {

// The largest version golang-migrate's schema_migrations.version (bigint) holds.
constexpr std::string_view bigint_max = "9223372036854775807";

std::size_t leading_digits(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  return digits;
}

// dbmate reads every file matching ^(\d+).*\.sql$ as a migration whose
// version is those digits as written (amacneil/dbmate, pkg/dbmate/db.go,
// migrationFileRegexp).
std::optional<std::string> dbmate_version(std::string_view file_name) {
  const std::size_t digits = leading_digits(file_name);
  if (digits == 0 || !file_name.substr(digits).ends_with(".sql")) return std::nullopt;
  return std::string(file_name.substr(0, digits));
}

// golang-migrate reads ^([0-9]+)_(.*)\.(down|up)\.(.*)$ and keeps the number
// (golang-migrate/migrate, source/parse.go): leading zeros go.
std::optional<std::string> golang_migrate_version(std::string_view file_name) {
  const std::size_t digits = leading_digits(file_name);
  if (digits == 0 || digits >= file_name.size() || file_name[digits] != '_' || !file_name.ends_with(".up.sql")) {
    return std::nullopt;
  }
  return canonical_version(file_name.substr(0, digits));
}

bool fits_bigint(std::string_view number) {
  return number.size() < bigint_max.size() || (number.size() == bigint_max.size() && number <= bigint_max);
}

}  // namespace

bool reads_rollback_files_as_migrations(ForeignTool tool) {
  return tool == ForeignTool::supabase || tool == ForeignTool::dbmate;
}

std::optional<std::string> rollback_read_as_migration(ForeignTool tool, std::string_view rollback_file) {
  if (!reads_rollback_files_as_migrations(tool)) return std::nullopt;
  return companion_version(tool, rollback_file);  // (down/x.down.sql has no leading digits: none)
}

std::string supabase_reading_refusal(const Discovery& discovery, const std::string& dir) {
  const std::string prefix = "--ledger-format supabase: " + dir + "/";
  for (const auto& [name, why] : discovery.ignored) {
    if (const auto row = supabase_file_name(name)) {
      return prefix + name + " is a migration to the Supabase CLI (version " + row->version +
             "), which db push applies, but pgapply does not read as one: give it a name (" + row->version +
             "_name.sql), so that both run it";
    }
  }
  // supabase/cli, pkg/migration/list.go: the first file, if named so, is skipped.
  if (discovery.migrations.empty()) return "";
  const std::string& first = discovery.migrations.front().file_name;
  constexpr std::string_view init = "_init.sql";
  const bool timestamp = first.size() == 14 + init.size() && first.substr(14) == init &&
                         std::all_of(first.begin(), first.begin() + 14, [](char c) { return c >= '0' && c <= '9'; });
  if (timestamp && first.substr(0, 14) < "20211209000000") {
    return prefix + first + " is passed by as a migration by the Supabase CLI (a first <timestamp>_init.sql from "
           "before 20211209000000 is the schema its early versions made): db push would not apply it, while up "
           "does. Rename it (" + first.substr(0, 15) + "<another name>.sql), as the CLI asks, so that both run it";
  }
  return "";
}

std::string dbmate_reading_refusal(const Discovery& discovery, const std::string& dir) {
  for (const auto& [name, why] : discovery.ignored) {
    if (const auto version = dbmate_version(name)) {
      return "--ledger-format dbmate: " + dir + "/" + name + " is a migration to dbmate (version " + *version +
             "), which dbmate up applies, but pgapply does not read as one (" + why + "): give it a name (" +
             *version + "_name.sql), so that both run it";
    }
  }
  return "";
}

std::string orphan_rollback_refusal(ForeignTool tool, std::string_view rollback_file, const std::string& shown) {
  const auto version = rollback_read_as_migration(tool, rollback_file);
  if (!version) return "";
  return "--ledger-format " + std::string(to_string(tool)) + ": " + shown + " is a rollback file, which " +
         companion_tool_name(tool) + " would read as a migration of version " + *version +
         ": move it into " + std::string(rollback_directory) + "/ of the migrations directory, which " +
         companion_tool_name(tool) + " does not read";
}

std::string companion_tool_name(ForeignTool tool) {
  return tool == ForeignTool::supabase ? "the Supabase CLI" : std::string(to_string(tool));
}

std::optional<std::string> companion_version(ForeignTool tool, std::string_view file_name) {
  switch (tool) {
    case ForeignTool::supabase:
      if (auto row = supabase_file_name(file_name)) return row->version;
      return std::nullopt;
    case ForeignTool::dbmate: return dbmate_version(file_name);
    case ForeignTool::golang_migrate: return golang_migrate_version(file_name);
    case ForeignTool::flyway:
    case ForeignTool::goose:
    case ForeignTool::sqitch: break;
  }
  return std::nullopt;
}

namespace {

// What to write instead of a rollback file the tool would take for a migration.
std::string rollback_remedy(ForeignTool tool) {
  return tool == ForeignTool::supabase
             ? "move it into " + std::string(rollback_directory) +
                   "/ of the migrations directory, where pgapply reads rollback files and the Supabase CLI does "
                   "not look"
             : "move it into a -- migrate:down section of the file";
}

// The refusal of a migration whose rollback file the tool would read as
// another migration; "" for none.
std::string rollback_file_refusal(ForeignTool tool, const MigrationFile& file, const std::string& prefix) {
  if (file.rollback != RollbackSource::file) return "";
  const auto version = rollback_read_as_migration(tool, file.rollback_file);
  if (!version) return "";
  return prefix + " has its rollback in " + file.rollback_file + ", which " + companion_tool_name(tool) +
         " would read as another migration of version " + *version + ": " + rollback_remedy(tool);
}

}  // namespace

CompanionFile companion_file(ForeignTool tool, const MigrationFile& file, const std::string& shown) {
  const std::string prefix = "--ledger-format " + std::string(to_string(tool)) + ": " + shown;
  CompanionFile out;
  switch (tool) {
    case ForeignTool::supabase:
      if (file.format == FileFormat::pgapply) out.row = supabase_file_name(file.file_name);
      if (!out.row && file.format != FileFormat::pgapply && supabase_file_name(file.file_name)) {
        // The CLI reads it, but not as its author meant: as plain SQL, whole.
        out.refusal = prefix + " is a " + std::string(to_string(file.format)) + " file, which the Supabase CLI " +
                      "would run as plain SQL, whole (" +
                      (file.format == FileFormat::golang_migrate || file.format == FileFormat::flyway
                           ? std::string("its rollback file as another migration")
                           : std::string("its down section too")) +
                      "): write <version>_<name>.sql files of plain SQL, their rollbacks in down/";
      } else if (!out.row) {
        out.refusal = prefix + " is not a file the Supabase CLI reads (<version>_<name>.sql, plain SQL)";
      } else if (auto refusal = rollback_file_refusal(tool, file, prefix); !refusal.empty()) {
        out.row.reset();
        out.refusal = std::move(refusal);
      }
      return out;
    case ForeignTool::dbmate: {
      const auto version = dbmate_version(file.file_name);
      if (!version || (file.format != FileFormat::pgapply && file.format != FileFormat::dbmate)) {
        out.refusal = prefix + " is not a file dbmate reads as pgapply does (<digits>_<name>.sql with "
                               "-- migrate:up / -- migrate:down sections)";
      } else if (auto refusal = rollback_file_refusal(tool, file, prefix); !refusal.empty()) {
        out.refusal = std::move(refusal);
      } else if (file.format == FileFormat::pgapply) {
        // dbmate refuses such a file ("dbmate requires each migration to
        // define an up block with '-- migrate:up'", pkg/dbmate/migration.go).
        out.refusal = prefix + " has no '-- migrate:up' section, which dbmate requires of every migration (it stops "
                               "at such a file): put '-- migrate:up' above its statements, and '-- migrate:down' "
                               "above its rollback (for a file already applied, pgapply up then names the repair "
                               "that records its new checksum)";
      } else {
        out.row = CompanionRow{*version, "", {}};
      }
      return out;
    }
    case ForeignTool::golang_migrate: {
      const auto version = file.format == FileFormat::golang_migrate ? golang_migrate_version(file.file_name)
                                                                     : std::nullopt;
      if (!version) {
        out.refusal = prefix + " is not a file golang-migrate reads (<digits>_<name>.up.sql)";
      } else if (!fits_bigint(*version)) {
        out.refusal = prefix + ": version " + *version +
                      " does not fit golang-migrate's schema_migrations.version (bigint, at most " +
                      std::string(bigint_max) + ")";
      } else {
        out.row = CompanionRow{*version, "", {}};
      }
      return out;
    }
    case ForeignTool::flyway:
    case ForeignTool::goose:
    case ForeignTool::sqitch: break;
  }
  out.refusal = prefix + ": pgapply keeps no " + std::string(to_string(tool)) + " ledger beside its own";
  return out;
}

}  // namespace pgapply::migrate
