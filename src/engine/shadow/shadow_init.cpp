#include "engine/shadow/shadow_init.hpp"

#include "core/error.hpp"
#include "engine/catalog_model_reader.hpp"
#include "engine/shadow/shadow_apply.hpp"

namespace pgapply::engine {

std::vector<LoadedScript> load_shadow_init(const ShadowOptions& options, const Project& project) {
  std::vector<LoadedScript> init;
  for (const auto& path : options.init_files) {
    psql::InterpreterSettings settings = project.settings;
    settings.include_root = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    try {
      init.push_back(load_script(path, path.string(), settings, project.variables, ScriptUse::exec));
    } catch (const Error& error) {
      throw Error(error.kind(), "--shadow-init " + std::string(error.what()), error.place());
    }
  }
  return init;
}

std::string run_shadow_init(pg::Connection& shadow, const std::vector<LoadedScript>& init) {
  std::vector<const LoadedScript*> scripts;
  for (const auto& script : init) scripts.push_back(&script);
  const ShadowRun run = apply_on_shadow(shadow, scripts);
  return run.ok() ? std::string() : run.error->summary();
}

std::optional<catalog::CatalogModel> made_by_shadow_init(pg::Connection& shadow, const std::vector<LoadedScript>& init,
                                                         std::string& failed) {
  const catalog::CatalogModel empty = read_catalog_model(shadow);
  failed = run_shadow_init(shadow, init);
  if (!failed.empty()) return std::nullopt;
  catalog::CatalogModel made = read_catalog_model(shadow);
  std::erase_if(made.objects, [&empty](const auto& object) { return empty.find(object.first) != nullptr; });
  return made;
}

}  // namespace pgapply::engine
