#include "engine/shadow_init.hpp"

#include "engine/shadow_apply.hpp"

namespace pgapply::engine {

std::vector<LoadedScript> load_shadow_init(const ShadowOptions& options, const Project& project) {
  std::vector<LoadedScript> init;
  for (const auto& path : options.init_files) {
    psql::InterpreterSettings settings = project.settings;
    settings.include_root = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    init.push_back(load_script(path, path.string(), settings, project.variables, ScriptUse::exec));
  }
  return init;
}

std::string run_shadow_init(pg::Connection& shadow, const std::vector<LoadedScript>& init) {
  std::vector<const LoadedScript*> scripts;
  for (const auto& script : init) scripts.push_back(&script);
  const ShadowRun run = apply_on_shadow(shadow, scripts);
  return run.ok() ? std::string() : "its --shadow-init failed there: " + run.error->summary();
}

}  // namespace pgapply::engine
