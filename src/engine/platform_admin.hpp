#pragma once

// Managed platforms' stand-ins for a superuser, which may do some of what
// only one may elsewhere (event triggers, the extensions they allow): a role
// whose members they are, or Supabase's supautils extension, set up when one
// of its settings is. As text[] parameters ($1, $2) of the queries that ask
// (sql/catalog_session.sql's platform_admin, sql/shadow_target_facts.sql's
// role copy): one list for both.

#include <optional>
#include <string>
#include <vector>

namespace pgapply::engine {

inline std::vector<std::optional<std::string>> platform_admin_params() {
  return {"{rds_superuser,cloudsqlsuperuser,azure_pg_admin,alloydbsuperuser}",
          "{supautils.privileged_extensions,supautils.privileged_role}"};
}

}  // namespace pgapply::engine
