#include "engine/project.hpp"

#include "core/error.hpp"
#include "engine/migration_directory.hpp"

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

Project load_project(const ProjectOptions& options, const std::function<void(const std::string&)>& warn) {
  std::error_code ec;
  if (!fs::is_directory(options.dir, ec)) {
    throw Error(ErrorKind::input, "the migrations directory " + options.dir.string() +
                                      " does not exist (use --dir DIR)");
  }
  Project project;
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
    MigrationScript script;
    script.file = file;
    script.path = options.dir / file.file_name;
    script.shown = script.path.string();
    script.analysis = analyze_script(script.path, script.shown, project.settings, project.variables);
    project.checksums[file.version] = script.analysis.checksum;
    project.scripts.push_back(std::move(script));
  }
  return project;
}

}  // namespace pgapply::engine
