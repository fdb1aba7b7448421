#include "engine/project.hpp"

#include "core/error.hpp"
#include "engine/migration_directory.hpp"
#include "io/files.hpp"
#include "migrate/supabase_history.hpp"

namespace pgapply::engine {

namespace fs = std::filesystem;

const MigrationScript* Project::find(const std::string& version) const {
  for (const auto& script : scripts) {
    if (script.file.version == version) return &script;
  }
  return nullptr;
}

psql::Variables make_variables(const std::vector<std::pair<std::string, std::string>>& values) {
  psql::Variables variables;
  for (const auto& [name, value] : values) variables.set(name, value);
  return variables;
}

namespace {

// What runs of a section of a dbmate or goose file.
ScriptPart part_of(const migrate::Section& section) {
  ScriptPart part;
  part.range = psql::file_range(section.span);
  part.no_transaction = section.transaction == migrate::TransactionDirective::no_transaction;
  part.statement_blocks = section.statement_blocks;
  return part;
}

}  // namespace

ScriptPart up_part(const migrate::MigrationFile& file) {
  return file.sections && file.sections->format != migrate::SectionFormat::plain ? part_of(file.sections->up)
                                                                                 : ScriptPart{};
}

std::vector<std::string> Project::reload_changed() {
  std::vector<std::string> changed;
  for (auto& script : scripts) {
    std::string which;
    if (script.loaded.unchanged_on_disk(&which)) continue;
    changed.push_back(which);
    // Its sections may have moved too.
    const migrate::Discovery again = read_migration_directory(dir);
    for (const auto& file : again.migrations) {
      if (file.file_name == script.file.file_name) script.file = file;
    }
    script.loaded = load_script(script.path, script.shown, settings, variables, ScriptUse::migration,
                                std::numeric_limits<std::size_t>::max(), up_part(script.file));
    checksums[script.file.version] = script.analysis().checksum;
  }
  return changed;
}

bool Project::has_rollback(const std::string& version) const {
  const MigrationScript* script = find(version);
  if (script && script->file.rollback != migrate::RollbackSource::none) return true;
  return discovery.down_files.count(version) != 0;
}

LoadedScript Project::load_down(const std::string& version) const {
  const MigrationScript* script = find(version);
  if (script && script->file.rollback == migrate::RollbackSource::down_section && script->file.sections &&
      script->file.sections->down) {
    return load_script(script->path, script->shown, settings, variables, ScriptUse::migration,
                       std::numeric_limits<std::size_t>::max(), part_of(*script->file.sections->down));
  }
  const auto down = discovery.down_files.find(version);
  if (down == discovery.down_files.end()) {
    throw Error(ErrorKind::input, "no down file for version " + version + " in " + dir.string());
  }
  const fs::path path = dir / down->second.file_name;
  return load_script(path, path.string(), settings, variables);
}

namespace {

// The Supabase CLI's row for a migration file: its version and name as the
// CLI reads the file name, its statements as the CLI splits the file.
migrate::SupabaseRow supabase_row(const migrate::MigrationFile& file, const fs::path& path) {
  auto row = migrate::supabase_file_name(file.file_name);
  if (!row || file.format != migrate::FileFormat::pgapply) {
    throw Error(ErrorKind::usage, "--ledger-format supabase: " + path.string() +
                                      " is not a file the Supabase CLI reads (<version>_<name>.sql, plain SQL)");
  }
  row->statements = migrate::supabase_statements(io::read_file(path));
  return *row;
}

}  // namespace

Project load_project(const ProjectOptions& options, const std::function<void(const std::string&)>& warn) {
  std::error_code ec;
  if (!fs::is_directory(options.dir, ec)) {
    throw Error(ErrorKind::input, "the migrations directory " + options.dir.string() +
                                      " does not exist (use --dir DIR)");
  }
  Project project;
  project.dir = options.dir;
  project.discovery = read_migration_directory(options.dir);
  migrate::require_migrations(project.discovery, options.dir.string());
  for (const auto& [file_name, reason] : project.discovery.ignored) {
    if (warn) warn((options.dir / file_name).string() + ": " + reason);
  }
  project.settings.include_root = options.dir;
  project.settings.working_directory = fs::current_path();
  project.settings.allow_undefined_variables = options.allow_undefined_variables;
  project.variables = make_variables(options.variables);
  for (const auto& file : project.discovery.migrations) {
    const fs::path path = options.dir / file.file_name;
    MigrationScript script{file, path, path.string(),
                           load_script(path, path.string(), project.settings, project.variables,
                                       ScriptUse::migration, std::numeric_limits<std::size_t>::max(),
                                       up_part(file)),
                           std::nullopt};
    project.checksums[file.version] = script.analysis().checksum;
    if (options.ledger_format == LedgerFormat::supabase) script.supabase = supabase_row(file, path);
    project.scripts.push_back(std::move(script));
  }
  if (options.ledger_format == LedgerFormat::supabase && !project.discovery.repeatables.empty()) {
    const fs::path path = options.dir / project.discovery.repeatables.front().file_name;
    throw Error(ErrorKind::usage, "--ledger-format supabase: " + path.string() +
                                      " is a Flyway repeatable migration, which the Supabase CLI has no row for");
  }
  // Flyway's repeatable migrations, keyed by their description.
  for (auto file : project.discovery.repeatables) {
    file.version = migrate::repeatable_key(migrate::flyway_description(file.name));
    const fs::path path = options.dir / file.file_name;
    MigrationScript script{file, path, path.string(),
                           load_script(path, path.string(), project.settings, project.variables), std::nullopt};
    project.checksums[file.version] = script.analysis().checksum;
    project.scripts.push_back(std::move(script));
  }
  return project;
}

}  // namespace pgapply::engine
