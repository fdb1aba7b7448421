#include "engine/project.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "migrate/checksum.hpp"
#include "migrate/file_sections.hpp"
#include "psql/plain_text.hpp"
#include "engine/migration_directory.hpp"
#include "io/files.hpp"
#include "migrate/supabase_history.hpp"

namespace pgapply::engine {

namespace fs = std::filesystem;

const MigrationScript* Project::find(const std::string& version) const {
  // The scripts are in version order (the repeatable ones, under their keys,
  // sort last): a binary search, where `up` of thousands of files looked
  // through them one by one for each (quadratic). Two versions that compare
  // equal ("1", "01") cannot both be files (discover refuses them), so the
  // one found is the only one that can have the exact text asked for.
  const auto at = std::lower_bound(scripts.begin(), scripts.end(), version,
                                   [](const MigrationScript& script, const std::string& wanted) {
                                     return migrate::compare_versions(script.file.version, wanted) < 0;
                                   });
  return at != scripts.end() && at->file.version == version ? &*at : nullptr;
}

const migrate::MigrationFile* Project::find_file(const std::string& version) const {
  if (const MigrationScript* script = find(version)) return &script->file;
  return migrate::find_code_migration(discovery, version);
}

std::vector<NotMigration> not_migrations(const migrate::Discovery& discovery, const fs::path& dir) {
  std::vector<NotMigration> out;
  for (const auto& [file_name, reason] : discovery.ignored) out.push_back({dir / file_name, reason});
  return out;
}

void warn_not_migrations(const std::vector<NotMigration>& files, const std::set<fs::path>& included,
                         const std::function<void(const std::string&)>& warn) {
  for (const auto& file : files) {
    if (included.count(io::comparable_path(file.path)) == 0) warn(file.path.string() + ": " + file.reason);
  }
}

bool uses_flyway_placeholders(const migrate::MigrationFile& file) {
  return file.format == migrate::FileFormat::flyway;
}

psql::InterpreterSettings settings_for_format(psql::InterpreterSettings settings, migrate::FileFormat format) {
  settings.flyway_placeholders = format == migrate::FileFormat::flyway;
  // Another tool's file was written for a tool that sends it as written: a
  // :name no -v or \set defines is text (an array slice a[1:n]), as psql
  // sends it too, not the error it is in a file written for pgapply.
  if (format == migrate::FileFormat::golang_migrate || format == migrate::FileFormat::dbmate ||
      format == migrate::FileFormat::goose) {
    settings.allow_undefined_variables = true;
  }
  return settings;
}

psql::InterpreterSettings Project::settings_for(const migrate::MigrationFile& file) const {
  return settings_for_format(settings, file.format);
}

psql::Variables make_variables(const std::vector<std::pair<std::string, std::string>>& values) {
  psql::Variables variables;
  for (const auto& [name, value] : values) variables.set(name, value);
  return variables;
}

namespace {

// What runs of a section of a dbmate or goose file.
ScriptPart part_of(const migrate::Section& section, migrate::SectionFormat format, bool up) {
  ScriptPart part;
  part.range = psql::file_range(section.span);
  part.no_transaction = section.transaction == migrate::TransactionDirective::no_transaction;
  if (part.no_transaction) {
    // The marker as the file writes it, so that the operator finds it.
    const std::string marker = format == migrate::SectionFormat::goose ? "-- +goose NO TRANSACTION"
                               : up                                    ? "-- migrate:up transaction:false"
                                                                       : "-- migrate:down transaction:false";
    part.no_transaction_reason =
        "the file says " + marker + " (line " + std::to_string(section.transaction_line) + ")";
  }
  part.statement_blocks = section.statement_blocks;
  return part;
}

}  // namespace

ScriptPart up_part(const migrate::MigrationFile& file) {
  return file.sections && file.sections->format != migrate::SectionFormat::plain
             ? part_of(file.sections->up, file.sections->format, true)
             : ScriptPart{};
}

std::optional<ScriptPart> down_part(const migrate::MigrationFile& file) {
  if (!file.sections || file.sections->format == migrate::SectionFormat::plain || !file.sections->down) {
    return std::nullopt;
  }
  return part_of(*file.sections->down, file.sections->format, false);
}

LoadedScript Project::load_up(const migrate::MigrationFile& file, std::optional<std::string_view> contents) const {
  const fs::path path = dir / file.file_name;
  return load_script(path, path.string(), settings_for(file), variables, ScriptUse::migration,
                     std::numeric_limits<std::size_t>::max(), up_part(file), contents);
}

bool Project::has_rollback(const std::string& version) const {
  const MigrationScript* script = find(version);
  if (script && script->file.rollback != migrate::RollbackSource::none) return true;
  return discovery.down_files.count(version) != 0;
}

namespace {

// The migration of `version` when its rollback is the down section of its file.
const MigrationScript* with_down_section(const Project& project, const std::string& version) {
  const MigrationScript* script = project.find(version);
  if (script && script->file.rollback == migrate::RollbackSource::down_section && script->file.sections &&
      script->file.sections->down) {
    return script;
  }
  return nullptr;
}

}  // namespace

std::string Project::rollback_file(const std::string& version) const {
  if (const MigrationScript* script = with_down_section(*this, version)) return script->file.file_name;
  const auto down = discovery.down_files.find(version);
  return down == discovery.down_files.end() ? std::string() : down->second.file_name;
}

LoadedScript Project::load_down(const std::string& version) const {
  if (const MigrationScript* script = with_down_section(*this, version)) {
    return load_script(script->path, script->shown, settings_for(script->file), variables, ScriptUse::migration,
                       std::numeric_limits<std::size_t>::max(),
                       *down_part(script->file));
  }
  const auto down = discovery.down_files.find(version);
  if (down == discovery.down_files.end()) {
    throw Error(ErrorKind::input, "no down file for version " + version + " in " + dir.string());
  }
  const fs::path path = dir / down->second.file_name;
  return load_script(path, path.string(), settings_for(down->second), variables);
}

namespace {

// The row the --ledger-format's tool keeps for a migration file (none for
// pgapply's format): Error(usage) for a file the tool would not read, or
// whose version it already gave another file (`taken`: by companion version).
// The Supabase CLI's statements are read from the file (from `contents`
// when given) only `with_statements` (status, which takes plain files as they
// are, needs only the check).
std::optional<migrate::CompanionRow> companion_row(LedgerFormat format, const migrate::MigrationFile& file,
                                                   const fs::path& path, std::map<std::string, std::string>& taken,
                                                   bool with_statements, std::optional<std::string_view> contents) {
  const auto tool = companion_tool(format);
  if (!tool) return std::nullopt;
  auto companion = migrate::companion_file(*tool, file, path.string());
  if (!companion.row) throw Error(ErrorKind::usage, companion.refusal);
  const auto [other, added] = taken.emplace(companion.row->version, path.string());
  if (!added) {
    throw Error(ErrorKind::usage, "--ledger-format " + std::string(to_string(format)) + ": " + other->second +
                                      " and " + path.string() + " have one version in " +
                                      migrate::companion_tool_name(*tool) + "'s eyes, " + companion.row->version +
                                      ": rename one");
  }
  // The Supabase CLI also keeps the statements, as it splits the file.
  if (with_statements && *tool == migrate::ForeignTool::supabase) {
    companion.row->statements = contents ? migrate::supabase_statements(*contents)
                                         : migrate::supabase_statements(io::read_file(path));
  }
  return companion.row;
}

// The --ledger-format's tool runs the file itself, where what only psql reads
// (a meta-command, a :variable) fails: Error(usage) naming the line.
void refuse_psql_only(LedgerFormat format, const MigrationScript& script) {
  const auto tool = companion_tool(format);
  if (!tool || !script.companion || !script.analysis().psql_only_line) return;
  const std::string name = migrate::companion_tool_name(*tool);
  throw Error(ErrorKind::usage, "--ledger-format " + std::string(to_string(format)) + ": " + script.shown + ":" +
                                    std::to_string(*script.analysis().psql_only_line) +
                                    " uses a psql meta-command or variable, which " + name +
                                    " does not read: it would fail on this file (write it as plain SQL)");
}

// A rollback file whose migration is not in the directory is still a
// migration to dbmate and the Supabase CLI (a migration's own rollback file
// is refused by companion_row): Error(usage) naming it.
void refuse_orphan_rollbacks(migrate::ForeignTool tool, const migrate::Discovery& discovery, const fs::path& dir) {
  for (const auto& [version, down] : discovery.down_files) {
    if (discovery.find(version) != nullptr) continue;
    if (auto refusal = migrate::orphan_rollback_refusal(tool, down.file_name, (dir / down.file_name).string());
        !refusal.empty()) {
      throw Error(ErrorKind::usage, refusal);
    }
  }
}

// Whether psql may find something to interpret in what of the file it
// reads: the up section of a dbmate or goose file (the down section is not
// read), without the up marker's line (`-- migrate:up`: a comment, as
// parse_sections made sure, whose ':' starts no interpolation).
bool may_need_interpreter(const migrate::MigrationFile& file, std::string_view bytes) {
  if (!file.sections || file.sections->format == migrate::SectionFormat::plain) {
    return psql::may_need_interpreter(bytes);
  }
  const migrate::Section& up = file.sections->up;
  const std::string_view part = bytes.substr(up.span.begin, up.span.end - up.span.begin);
  std::size_t marker = 0;  // where the marker's line starts in `part`
  for (std::size_t line = up.span.line; line < up.marker_line; ++line) {
    marker = part.find('\n', marker);
    if (marker == std::string_view::npos) return true;
    ++marker;
  }
  const std::size_t after = part.find('\n', marker);
  return psql::may_need_interpreter(part.substr(0, marker)) ||
         (after != std::string_view::npos && psql::may_need_interpreter(part.substr(after)));
}

// Files up to this size are read whole, once: their sections and their
// script come from the same bytes.
constexpr std::size_t small_file_limit = std::size_t{1} << 20;

// ProjectLoad::checksums_only: the checksum of a file (its bytes) psql would
// find nothing to interpret in, taken as it is; none when it must be loaded.
std::optional<std::string> checksum_as_is(const migrate::MigrationFile& file, std::string_view bytes) {
  if (uses_flyway_placeholders(file)) return std::nullopt;  // ${name} is not looked for
  // Not UTF-8: the full load says where (or accepts it under another PGCLIENTENCODING).
  if (may_need_interpreter(file, bytes) || first_invalid_utf8(bytes)) return std::nullopt;
  return migrate::checksum_of(bytes);
}

}  // namespace

std::vector<std::string> Project::reload_changed() {
  std::vector<std::string> changed;
  std::optional<migrate::Discovery> listed;  // the directory, listed again once a file has changed
  for (auto& script : scripts) {
    std::string which;
    if (script.loaded.unchanged_on_disk(&which)) continue;
    changed.push_back(which);
    // Read once more: its sections, its script and the Supabase CLI's
    // statements all come from these bytes, as load_project takes them.
    const std::string bytes = io::read_file(script.path);
    if (!listed) listed = migrate::discover(migration_file_names(dir));
    for (std::size_t i = 0; i < listed->migrations.size(); ++i) {
      if (listed->migrations[i].file_name != script.file.file_name) continue;
      // Its sections (and with them its rollback) may have moved too. (A
      // repeatable migration is not among these: it has none.)
      read_sections(*listed, dir, i, bytes);
      script.file = listed->migrations[i];
    }
    script.loaded = load_up(script.file, bytes);
    if (script.companion) {
      std::map<std::string, std::string> taken;  // (its version is its own: its name is the same)
      script.companion = companion_row(ledger_format, script.file, script.path, taken, true, bytes);
      refuse_psql_only(ledger_format, script);
    }
    checksums[script.file.version] = script.analysis().checksum;
    checksum_inputs.erase(script.file.version);
    if (!script.analysis().checksum_inputs.empty()) {
      checksum_inputs[script.file.version] = script.analysis().checksum_inputs;
    }
  }
  return changed;
}

namespace {

// Whether a file's text has dbmate or goose sections, as parse_sections
// reads them (a marker in a string or a dollar-quoted body, or a comment
// that merely starts "-- migrate:", is none); false when it cannot tell.
bool holds_sections(std::string_view bytes, const std::string& name) {
  try {
    return migrate::parse_sections(bytes, name).format != migrate::SectionFormat::plain;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

Project load_project(const ProjectOptions& options, const std::function<void(const std::string&)>& warn,
                     ProjectLoad load) {
  require_migration_directory(options.dir, options.dir_source);
  Project project;
  project.dir = options.dir;
  project.load = load;
  project.ledger_format = options.ledger_format;
  project.discovery = migrate::discover(migration_file_names(options.dir));
  if (project.discovery.migrations.empty() && project.discovery.repeatables.empty()) {  // (elsewhere reads: not on every run)
    migrate::require_migrations(project.discovery, options.dir.string(), migrations_elsewhere(options.dir));
  }
  project.settings.include_root = options.dir;
  project.settings.working_directory = fs::current_path();
  project.settings.allow_undefined_variables = options.allow_undefined_variables;
  project.variables = make_variables(options.variables);
  // Moving a MigrationScript (its LoadedScript) as the vector grows is not
  // cheap; `status` loads few of them.
  if (load == ProjectLoad::full) {
    project.scripts.reserve(project.discovery.migrations.size() + project.discovery.repeatables.size());
  }
  std::map<std::string, std::string> companion_versions;  // --ledger-format: the tool's versions, to their files
  io::DirectoryReader reader(options.dir);
  // The files come in version order, as `checksums` keeps them: each goes at its end.
  for (std::size_t i = 0; i < project.discovery.migrations.size(); ++i) {
    // Read once: the sections, the script (or the checksum) and the
    // Supabase CLI's statements come from these bytes (valid until the next read).
    const auto bytes = reader.read_small(project.discovery.migrations[i].file_name, small_file_limit);
    read_sections(project.discovery, options.dir, i, bytes);
    const migrate::MigrationFile& file = project.discovery.migrations[i];
    const fs::path path = options.dir / file.file_name;
    // A Flyway or golang-migrate file runs whole, as its tool runs it: a
    // dbmate or goose marker in it is a comment, and a down section under
    // one runs with the rest. Said, not refused: the tool would do the same.
    if (bytes && (file.format == migrate::FileFormat::flyway || file.format == migrate::FileFormat::golang_migrate) &&
        migrate::may_hold_sections(*bytes) && holds_sections(*bytes, file.file_name)) {
      warn(file.file_name + " has a -- migrate: or -- +goose marker line, which a " +
           std::string(file.format == migrate::FileFormat::flyway ? "Flyway" : "golang-migrate") +
           " file does not have: it runs whole, as that tool runs it, a down section under the marker included "
           "(take the markers out, or name the file for dbmate or goose: 001_name.sql)");
    }
    if (load == ProjectLoad::checksums_only && bytes) {
      if (auto checksum = checksum_as_is(file, *bytes)) {
        // Nothing in it for psql to interpret: its checksum is its file's, and no script.
        companion_row(options.ledger_format, file, path, companion_versions, false, bytes);
        project.checksums.emplace_hint(project.checksums.end(), file.version, std::move(*checksum));
        continue;
      }
    }
    MigrationScript script{file, path, path.string(), project.load_up(file, bytes),
                           companion_row(options.ledger_format, file, path, companion_versions, true, bytes)};
    refuse_psql_only(options.ledger_format, script);
    project.checksums.emplace_hint(project.checksums.end(), file.version, script.analysis().checksum);
    if (!script.analysis().checksum_inputs.empty()) {
      project.checksum_inputs.emplace(file.version, script.analysis().checksum_inputs);
    }
    project.scripts.push_back(std::move(script));
  }
  if (warn && !project.discovery.ignored.empty()) {
    std::set<fs::path> included;
    for (const auto& script : project.scripts) {
      if (!script.analysis().has_dependencies) continue;
      for (const auto& file : script.loaded.included_files()) included.insert(io::comparable_path(file));
    }
    warn_not_migrations(not_migrations(project.discovery, options.dir), included, warn);
  }
  if (warn && !companion_tool(options.ledger_format)) {
    // A rollback no migration has is a typo in its version, found only when
    // down needs it otherwise. (A companion format refuses it below.)
    for (const auto& [version, down] : project.discovery.down_files) {
      if (project.discovery.find(version) != nullptr) continue;
      warn((options.dir / down.file_name).string() + ": a rollback for version " + version +
           ", which no migration has: down will never run it (is its version right?)");
    }
  }
  const auto tool = companion_tool(options.ledger_format);
  if (tool) refuse_orphan_rollbacks(*tool, project.discovery, options.dir);
  if (tool == migrate::ForeignTool::supabase || tool == migrate::ForeignTool::dbmate) {
    const std::string refusal = tool == migrate::ForeignTool::supabase
                                    ? migrate::supabase_reading_refusal(project.discovery, options.dir.string())
                                    : migrate::dbmate_reading_refusal(project.discovery, options.dir.string());
    if (!refusal.empty()) throw Error(ErrorKind::usage, refusal);
  }
  if (tool && !project.discovery.repeatables.empty()) {
    const fs::path path = options.dir / project.discovery.repeatables.front().file_name;
    throw Error(ErrorKind::usage, "--ledger-format " + std::string(to_string(options.ledger_format)) + ": " +
                                      path.string() + " is a Flyway repeatable migration, which " +
                                      migrate::companion_tool_name(*tool) + " has no row for");
  }
  // Flyway's repeatable migrations, keyed by their description.
  for (auto file : project.discovery.repeatables) {
    file.version = migrate::ledger_key(file);
    const fs::path path = options.dir / file.file_name;
    MigrationScript script{file, path, path.string(),
                           load_script(path, path.string(), project.settings_for(file), project.variables),
                           std::nullopt};
    project.checksums.emplace_hint(project.checksums.end(), file.version, script.analysis().checksum);
    if (!script.analysis().checksum_inputs.empty()) {
      project.checksum_inputs.emplace(file.version, script.analysis().checksum_inputs);
    }
    project.scripts.push_back(std::move(script));
  }
  return project;
}

}  // namespace pgapply::engine
