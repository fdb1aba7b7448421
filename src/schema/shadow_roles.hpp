#pragma once

// The roles a shadow needs around a replay of migrations (the target's are
// copied there: migrations name them in GRANT, OWNER TO, SET ROLE...).

#include <string>
#include <vector>

#include "schema/migration_facts.hpp"

namespace pgapply::schema {

// The roles to create on an empty shadow before `migrations` replay there
// from the start (verify, diff, baseline --detect), so that they run as they
// ran on the target: the target's roles as they were before the first of
// them. Each role the migrations name is decided by the first statement that
// needs it one way: a CREATE ROLE (also in a DO block, guarded by IF NOT
// EXISTS or not: the guard creates it then) needs it absent, so a role the
// target has because a migration made it is left out; an ALTER, a
// membership or a DROP without IF EXISTS needs it present, so a role made by
// hand before the migrations and dropped (or renamed) by one since is put
// in. Roles no migration names are the target's. Sorted.
std::vector<std::string> roles_before(const std::vector<MigrationFacts>& migrations,
                                      const std::vector<std::string>& target_roles);

// The roles `migrations` create (CREATE ROLE, RENAME TO), sorted: on a
// --shadow server they are made by the replay, and dropped with the shadow.
std::vector<std::string> roles_created(const std::vector<MigrationFacts>& migrations);

}  // namespace pgapply::schema
