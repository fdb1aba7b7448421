#pragma once

// --shadow-init: the objects migrations use but do not make (a platform's
// schemas, such as Supabase's auth.users), made on the shadow before it
// replays them from an empty database, and left out of what verify compares.

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "engine/loaded_script.hpp"
#include "engine/project.hpp"
#include "engine/shadow/shadow_database.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// The --shadow-init files, loaded as the project's files are (its psql
// variables); Error(input) naming one that cannot be read or split.
std::vector<LoadedScript> load_shadow_init(const ShadowOptions& options, const Project& project);

// Runs them on a fresh shadow database: "" when they ran, else the failing
// statement ("supabase/auth.sql:3:1: ERROR: ...").
std::string run_shadow_init(pg::Connection& shadow, const std::vector<LoadedScript>& init);

// Runs them as run_shadow_init does and returns what they made (the model
// after them, less what any new database has, such as the public schema),
// for verify to leave out (catalog::leave_out_prerequisites); nullopt with
// the failing statement in `failed`.
std::optional<catalog::CatalogModel> made_by_shadow_init(pg::Connection& shadow, const std::vector<LoadedScript>& init,
                                                         std::string& failed);

}  // namespace pgapply::engine
